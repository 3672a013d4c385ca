"""Per-block character formats for entity spans (set with QTextLayout.setFormats).

Only fills, text colours and the room for the label tag are formats: they are
laid out with the text. Outlines, tags, claims and the selection frame are
painted on top (see :mod:`.painting`), for visible blocks only.
"""

from __future__ import annotations

import unicodedata
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


_RTL = frozenset(("R", "AL"))


def rtl_anchor(text: str, span: Span) -> int | None:
    """Where the tag room of a right-to-left span goes: the space before it (code point), if any.

    Letter spacing widens a glyph on its visual right. At the end of a right-to-left
    word that is inside the word (and it would break Arabic joining), so such spans
    get their room on the preceding space, which sits beside the span on screen.
    """
    if span.start > 0 and unicodedata.bidirectional(text[span.end - 1]) in _RTL and text[span.start - 1] in " \t":
        return span.start - 1
    return None


def tag_room(block: QTextBlock, edge: TextEdge, span: Span) -> tuple[int, int] | None:
    """Block-relative Qt range that carries the span's tag room, or None if the span ends in another block."""
    bpos = block.position()
    blen = block.length() - 1
    qe = edge.to_qt(span.end) - bpos
    if not 0 < qe <= blen:
        return None
    anchor = rtl_anchor(edge.text, span)
    if anchor is not None and edge.to_qt(anchor) >= bpos:
        a = edge.to_qt(anchor) - bpos
        return a, a + 1
    qs = max(edge.to_qt(span.start) - bpos, 0)
    cut = max(last_grapheme_start(block.text(), qe, edge.text[span.end - 1]), qs)
    return cut, qe


class FormatCache:
    """Formats per label and review state: fill, fill + tag room, tag room alone."""

    def __init__(self, style_for: Callable[[str], LabelStyle]) -> None:
        self._style_for = style_for
        self._cache: dict[tuple[str, bool], tuple[QTextCharFormat, QTextCharFormat, QTextCharFormat]] = {}

    def __call__(self, span: Span) -> tuple[QTextCharFormat, QTextCharFormat, QTextCharFormat]:
        key = (span.label, span.status == Review.SUGGESTED)
        found = self._cache.get(key)
        if found is None:
            style = self._style_for(span.label)
            fill = span_format(style, key[1])
            found = self._cache[key] = (fill, tag_format(fill, style), tag_format(QTextCharFormat(), style))
        return found


def block_formats(
    block: QTextBlock,
    edge: TextEdge,
    index: AnnotationIndex,
    formats_for: Callable[[Span], tuple[QTextCharFormat, QTextCharFormat, QTextCharFormat]],
) -> list[QTextLayout.FormatRange]:
    """Format ranges of one block: a fill per visible span, and the tag room of each span ending here."""
    lo, hi = block_cp_range(block, edge)
    spans = index.spans_in(lo, hi) if hi > lo else []
    if not spans:
        return []
    bpos = block.position()
    blen = block.length() - 1
    ranges: list[QTextLayout.FormatRange] = []
    for span in spans:
        fmt, tag_fmt, room_fmt = formats_for(span)
        qs = max(edge.to_qt(span.start) - bpos, 0)
        qe = min(edge.to_qt(span.end) - bpos, blen)
        if qe <= qs:
            continue
        room = tag_room(block, edge, span)
        if room is None or room[1] <= qs:  # no room here, or the room is on the space before the span
            ranges.append(_range(qs, qe - qs, fmt))
            if room is not None:
                ranges.append(_range(room[0], room[1] - room[0], room_fmt))
            continue
        if room[0] > qs:
            ranges.append(_range(qs, room[0] - qs, fmt))
        ranges.append(_range(room[0], room[1] - room[0], tag_fmt))
    return ranges


def _range(start: int, length: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    r = QTextLayout.FormatRange()
    r.start = start
    r.length = length
    r.format = fmt
    return r
