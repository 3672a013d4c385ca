"""Where text ranges are on screen, and which character is under a point (Qt positions)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


@dataclass(frozen=True, slots=True)
class LineRect:
    rect: QRectF  # viewport coordinates
    rtl: bool  # the range runs right to left on this line


def visible_blocks(view: QPlainTextEdit, lookahead: float = 0.0) -> list[QTextBlock]:
    """Blocks that intersect the viewport (plus ``lookahead`` pixels below it)."""
    out: list[QTextBlock] = []
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    bottom = view.viewport().height() + lookahead
    top = view.blockBoundingGeometry(block).translated(offset).top() if block.isValid() else 0.0
    while block.isValid() and top <= bottom:
        out.append(block)
        top += view.blockBoundingRect(block).height()
        block = block.next()
    return out


class FrameGeometry:
    """Range rectangles for one frame: block geometry is looked up once per block, not per range."""

    def __init__(self, view: QPlainTextEdit) -> None:
        self._view = view
        self._doc = view.document()
        self._offset = view.contentOffset()
        self._height = view.viewport().height()
        self._geo: dict[int, QRectF] = {}

    def _block_geo(self, block: QTextBlock) -> QRectF:
        n = block.blockNumber()
        geo = self._geo.get(n)
        if geo is None:
            geo = self._geo[n] = self._view.blockBoundingGeometry(block).translated(self._offset)
        return geo

    def rects(self, qs: int, qe: int) -> list[LineRect]:
        """One rectangle per laid-out line that [qs, qe) covers, clipped to the viewport's height."""
        out: list[LineRect] = []
        if qe <= qs:
            return out
        block = self._doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            geo = self._block_geo(block)
            if geo.top() > self._height:
                break
            if geo.bottom() >= 0 and block.isVisible():
                bp = block.position()
                _line_rects(block.layout(), geo, max(qs - bp, 0), min(qe - bp, block.length() - 1), out)
            block = block.next()
        return out


def range_rects(view: QPlainTextEdit, qs: int, qe: int) -> list[LineRect]:
    return FrameGeometry(view).rects(qs, qe)


def _line_rects(layout: QTextLayout, geo: QRectF, a: int, b: int, out: list[LineRect]) -> None:
    if a >= b or not layout.lineCount():
        return
    first = layout.lineForTextPosition(a).lineNumber()
    last = layout.lineForTextPosition(b - 1).lineNumber()
    left, top = geo.left(), geo.top()
    for i in range(max(first, 0), max(last, first) + 1):
        line = layout.lineAt(i)
        ls = line.textStart()
        lo, hi = max(a, ls), min(b, ls + line.textLength())
        if lo >= hi:
            continue
        x1 = _x(line, lo)
        x2 = _x(line, hi)
        out.append(LineRect(QRectF(left + min(x1, x2), top + line.y(), abs(x2 - x1), line.height()), x2 < x1))


def _x(line: QTextLine, pos: int) -> float:
    res: object = line.cursorToX(pos)  # PySide returns (x, pos)
    x = res[0] if isinstance(res, tuple) else res
    assert isinstance(x, (int, float))
    return float(x)


def char_at(view: QPlainTextEdit, point: QPointF) -> int | None:
    """Qt position of the character drawn under ``point`` (viewport coordinates), or None."""
    cursor = view.cursorForPosition(point.toPoint())
    block = cursor.block()
    if not block.isValid():
        return None
    geo = view.blockBoundingGeometry(block).translated(view.contentOffset())
    layout = block.layout()
    y = point.y() - geo.top()
    x = point.x() - geo.left()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if line.y() <= y < line.y() + line.height():
            if not line.x() <= x < line.x() + line.naturalTextWidth():
                return None
            rel = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
            if rel >= line.textStart() + line.textLength():
                rel = line.textStart() + line.textLength() - 1
            if rel < line.textStart():
                return None
            return block.position() + rel
    return None
