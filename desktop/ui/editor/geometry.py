"""Where text ranges are on screen, and which character is under a point (Qt positions)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextLine
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


class _Lines:
    """One block as a frame sees it: its place, and its lines' text starts and boxes."""

    __slots__ = ("end", "geo", "lines", "pos", "starts")

    def __init__(self, block: QTextBlock, geo: QRectF) -> None:
        self.pos = block.position()
        self.end = self.pos + block.length() - 1
        self.geo = geo
        layout = block.layout()
        self.lines: list[QTextLine] = [layout.lineAt(i) for i in range(layout.lineCount())]
        self.starts = [line.textStart() for line in self.lines]


class FrameGeometry:
    """Range rectangles for one frame: each block's geometry and lines are looked up once, not per range."""

    def __init__(self, view: QPlainTextEdit) -> None:
        self._view = view
        self._doc = view.document()
        self._offset = view.contentOffset()
        self._height = view.viewport().height()
        self._blocks: dict[int, _Lines | None] = {}  # block number -> lines (None: hidden or off screen)
        self._last: _Lines | None = None

    def _lines(self, block: QTextBlock) -> _Lines | None:
        n = block.blockNumber()
        if n in self._blocks:
            return self._blocks[n]
        geo = self._view.blockBoundingGeometry(block).translated(self._offset)
        found = _Lines(block, geo) if block.isVisible() else None
        self._blocks[n] = found
        return found

    def rects(self, qs: int, qe: int) -> list[LineRect]:
        """One rectangle per laid-out line that [qs, qe) covers, clipped to the viewport's height."""
        out: list[LineRect] = []
        if qe <= qs:
            return out
        last = self._last
        if last is not None and last.pos <= qs and qe <= last.end:  # most ranges: in the block of the last one
            _line_rects(last, qs - last.pos, qe - last.pos, out)
            return out
        block = self._doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            lines = self._lines(block)
            if lines is not None:
                if lines.geo.top() > self._height:
                    break
                if lines.geo.bottom() >= 0:
                    self._last = lines
                    _line_rects(lines, max(qs - lines.pos, 0), min(qe, lines.end) - lines.pos, out)
            block = block.next()
        return out


def range_rects(view: QPlainTextEdit, qs: int, qe: int) -> list[LineRect]:
    return FrameGeometry(view).rects(qs, qe)


def _line_rects(block: _Lines, a: int, b: int, out: list[LineRect]) -> None:
    if a >= b or not block.lines:
        return
    starts = block.starts
    first = max(bisect_right(starts, a) - 1, 0)
    last = max(bisect_right(starts, b - 1) - 1, first)
    left, top = block.geo.left(), block.geo.top()
    for line in block.lines[first : last + 1]:
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
