"""Comfortable line height for a QPlainTextEdit.

``QPlainTextDocumentLayout`` ignores ``QTextBlockFormat.lineHeight`` and block margins (only
``QTextDocumentLayout``, the slow rich-text layout, reads them): its lines are set at the font's
own height, so label chips touch the next line and claim underlines must be drawn over the
highlights. Measured with PySide6 6.x: every caller (painting, hit testing, scrolling, the cursor)
asks the document layout's virtual ``blockBoundingRect`` before it reads a block's lines, and
reads line positions from the block's ``QTextLayout``. So :class:`SpacedLayout` lets Qt lay the
block out as usual and then moves its lines apart by a fixed gap, once per layout (Qt clears a
block's lines whenever it lays it out again). Positions in the text are untouched: only y changes.

Each line gets half the gap above and half below, so every line (also the first and last of a
paragraph) has the same free band of ``gap`` pixels before the next one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

LINE_GAP = 0.5  # free band between lines, as a share of the font's height: line height 1.5
MIN_GAP = 7  # room for two claim underline lanes (see painting.claim_line_y) and a clear pixel row


def line_gap(font: QFont) -> float:
    """The gap in whole pixels (so lines stay on pixel rows) for ``font``."""
    return float(max(MIN_GAP, round(QFontMetricsF(font).height() * LINE_GAP)))


class SpacedLayout(QPlainTextDocumentLayout):
    """A plain-text document layout whose lines are ``gap`` pixels apart."""

    def __init__(self, document: QTextDocument, gap: float) -> None:
        super().__init__(document)
        self._gap = gap

    @property
    def gap(self) -> float:
        return self._gap

    def set_gap(self, gap: float) -> None:
        """A new gap (after a font change): every block is laid out again."""
        if gap == self._gap:
            return
        self._gap = gap
        doc = self.document()
        doc.markContentsDirty(0, doc.characterCount())

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt override)
        br = super().blockBoundingRect(block)  # lays the block out when it has no lines yet
        layout = block.layout()
        n = layout.lineCount()
        if not n or not block.isVisible():
            return br
        half = self._gap / 2
        if layout.lineAt(0).y() < half / 2:  # freshly laid out by Qt (its first line sits at y = 0)
            y = half
            for i in range(n):
                line = layout.lineAt(i)
                line.setPosition(QPointF(line.x(), y))
                y += line.height() + self._gap
            br = super().blockBoundingRect(block)
        return br.adjusted(0, 0, 0, half)
