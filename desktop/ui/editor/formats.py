"""Per-block character formats for entity spans (set with QTextLayout.setFormats).

Only fills, text colours and the room for the label tag are formats: they are
laid out with the text. Outlines, tags, claims and the selection frame are
painted on top (see :mod:`.painting`), for visible blocks only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTextBoundaryFinder
from PySide6.QtGui import QFont, QTextBlock, QTextCharFormat, QTextLayout

from desktop.domain.model import Review, Span

from .edge import TextEdge
from .index import AnnotationIndex
from .style import LabelStyle


def block_cp_range(block: QTextBlock, edge: TextEdge) -> tuple[int, int]:
    """The code point range of a block's text (without its separator)."""
    pos = block.position()
    return edge.to_cp(pos), edge.to_cp(pos + block.length() - 1)


def span_format(style: LabelStyle, suggested: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if suggested:
        fmt.setBackground(style.suggested_fill)
        fmt.setForeground(style.suggested_text)
    else:
        fmt.setBackground(style.colour)
        fmt.setForeground(style.text)
    return fmt


def tag_format(base: QTextCharFormat, style: LabelStyle) -> QTextCharFormat:
    """The span's format plus letter spacing: room after the last character for the tag chip."""
    fmt = QTextCharFormat(base)
    fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    fmt.setFontLetterSpacing(style.tag_width)
    return fmt


def last_grapheme_start(block_text: str, end: int, last_char: str) -> int:
    """Start (block-relative UTF-16) of the grapheme cluster ending at ``end``; ``last_char`` ends it."""
    if ord(last_char) < 0x300:  # below U+0300 nothing extends a cluster, and it is one UTF-16 unit
        return end - 1
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, block_text)
    finder.setPosition(end)
    start = finder.toPreviousBoundary()
    return start if 0 <= start < end else max(end - 1, 0)


class FormatCache:
    """One pair of formats (fill, fill + tag room) per label and review state."""

    def __init__(self, style_for: Callable[[str], LabelStyle]) -> None:
        self._style_for = style_for
        self._cache: dict[tuple[str, bool], tuple[QTextCharFormat, QTextCharFormat]] = {}

    def __call__(self, span: Span) -> tuple[QTextCharFormat, QTextCharFormat]:
        key = (span.label, span.status == Review.SUGGESTED)
        pair = self._cache.get(key)
        if pair is None:
            style = self._style_for(span.label)
            fill = span_format(style, key[1])
            pair = self._cache[key] = (fill, tag_format(fill, style))
        return pair


def block_formats(
    block: QTextBlock,
    edge: TextEdge,
    index: AnnotationIndex,
    formats_for: Callable[[Span], tuple[QTextCharFormat, QTextCharFormat]],
) -> list[QTextLayout.FormatRange]:
    """Format ranges of one block: a fill per visible span, and the tag room at each span's end."""
    lo, hi = block_cp_range(block, edge)
    spans = index.spans_in(lo, hi) if hi > lo else []
    if not spans:
        return []
    bpos = block.position()
    blen = block.length() - 1
    text = block.text()
    ranges: list[QTextLayout.FormatRange] = []
    for span in spans:
        fmt, tag_fmt = formats_for(span)
        qs = max(edge.to_qt(span.start) - bpos, 0)
        qe_abs = edge.to_qt(span.end) - bpos
        qe = min(qe_abs, blen)
        if qe <= qs:
            continue
        tag_here = qe_abs <= blen  # the span ends in this block: its tag goes here
        cut = last_grapheme_start(text, qe, edge.text[span.end - 1]) if tag_here else qe
        cut = max(cut, qs)
        if cut > qs:
            ranges.append(_range(qs, cut - qs, fmt))
        if tag_here:
            ranges.append(_range(cut, qe - cut, tag_fmt))
    return ranges


def _range(start: int, length: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    r = QTextLayout.FormatRange()
    r.start = start
    r.length = length
    r.format = fmt
    return r
