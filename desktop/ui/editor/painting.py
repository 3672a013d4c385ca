"""The painted layers: span outlines and label tags, claim underlines, entity relation arrows,
selection and flash frames.

Everything here works on visible blocks only and never changes the layout.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QStaticText

from desktop.domain.model import Claim, Review, Span

from .edge import TextEdge
from .geometry import LineRect
from .style import TAG_GAP, LabelStyle, claim_colour, selection_colour, tag_font

RectsFn = Callable[[int, int], list[LineRect]]

CLAIM_PEN = 2.0
CLAIM_DROP = 1.5  # the first claim's underline: this far below the line's box, in the gap between lines
CLAIM_LANE = 2.5  # a nested claim's underline: one lane lower


def claim_line_y(line: LineRect, lane: int) -> float:
    """The y of a claim's underline on ``line``: below the text and its highlights, never across them."""
    return line.rect.bottom() + CLAIM_DROP + CLAIM_LANE * (lane % 2)


class LayerPainter:
    """Paints one frame of the annotation layers for the given view state."""

    def __init__(
        self,
        painter: QPainter,
        palette: QPalette,
        font: QFont,
        edge: TextEdge,
        rects: RectsFn,
        texts: dict[str, QStaticText],
    ) -> None:
        self.p = painter
        self.palette = palette
        self.edge = edge
        self.rects = rects
        self.tag_font = tag_font(font)
        self.tag_fm = QFontMetricsF(self.tag_font)
        self._tag_h = self.tag_fm.height() + 2
        self._pens: dict[str, QPen] = {}
        self._texts = texts
        self._chips: list[tuple[LineRect, LabelStyle, bool]] = []
        self._outlines: dict[str, tuple[QPen, list[QRectF]]] = {}  # label -> dashed pen, suggestion outlines
        self.drawn_chips: list[QRectF] = []  # this frame's chips and claim underlines (viewport coordinates)
        self.drawn_claim_lines: list[QLineF] = []

    def span_rects(self, start: int, end: int) -> list[LineRect]:
        return self.rects(self.edge.to_qt(start), self.edge.to_qt(end))

    def span(self, span: Span, style: LabelStyle, anchor: int | None, *, tag: bool = True) -> None:
        """Outline (suggestions) and tag; ``anchor``: Qt position of a tag room outside the span, if any.

        ``tag`` is False when the span ends below the painted blocks (its tag room is not on screen).
        """
        rects = self.span_rects(span.start, span.end)
        if not rects:
            return
        suggested = span.status == Review.SUGGESTED
        if suggested:  # accepted spans are a solid fill; suggestions get a dashed outline on a lighter fill
            outlines = self._outlines.get(style.name)
            if outlines is None:
                outlines = self._outlines[style.name] = (self._pen(style), [])
            outlines[1].extend(lr.rect.adjusted(0, 0, -1, -1) for lr in rects)
        if not tag:
            return
        if anchor is None:
            self._chips.append((rects[-1], style, suggested))
        else:
            room_rects = self.rects(anchor, anchor + 1)
            if room_rects:
                self._chips.append((room_rects[-1], style, suggested))

    def chips(self) -> None:
        """Draw the outlines and label tags collected by :meth:`span` (one call per label's outlines,
        one antialiased pass for the tags)."""
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        for pen, rects in self._outlines.values():
            self.p.setPen(pen)
            self.p.drawRects(rects)
        self._outlines.clear()
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for last, style, suggested in self._chips:
            self._tag(last, style, suggested)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._chips.clear()

    def _pen(self, style: LabelStyle) -> QPen:
        pen = self._pens.get(style.name)
        if pen is None:
            pen = self._pens[style.name] = QPen(style.outline, 1.0, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)  # the raster engine's fast path for dashed lines
        return pen

    def chip_rect(self, last: LineRect, style: LabelStyle) -> QRectF:
        """Where the chip goes: in the tag room at the span's end, inside its line's box."""
        r = last.rect
        w = style.tag_width - 2 * TAG_GAP
        h = min(self._tag_h, r.height() - 2)
        x = r.right() - w - TAG_GAP  # letter spacing always widens a glyph on its visual right
        return QRectF(x, r.top() + (r.height() - h) / 2, w, h)

    def _tag(self, last: LineRect, style: LabelStyle, suggested: bool) -> None:
        """The chip with the label name, in the room the tag format left at the span's end."""
        chip = self.chip_rect(last, style)
        self.drawn_chips.append(chip)
        w, h = chip.width(), chip.height()
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(style.colour)
        self.p.drawRoundedRect(chip, 3, 3)
        label = self._static_text(style.name)
        size = label.size()
        self.p.setPen(style.tag_text)
        self.p.drawStaticText(
            QPointF(chip.left() + (w - size.width()) / 2, chip.top() + (h - size.height()) / 2), label
        )

    def _static_text(self, name: str) -> QStaticText:
        st = self._texts.get(name)
        if st is None:
            st = self._texts[name] = QStaticText(name)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self.tag_font)
        return st

    def claim(self, claim: Claim, lane: int) -> list[LineRect]:
        rects = self.span_rects(claim.start, claim.end)
        suggested = claim.status == Review.SUGGESTED
        pen = QPen(claim_colour(self.palette, suggested), CLAIM_PEN)
        pen.setStyle(Qt.PenStyle.DashLine if suggested else Qt.PenStyle.SolidLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.p.setPen(pen)
        for lr in rects:
            y = claim_line_y(lr, lane)
            line = QLineF(lr.rect.left(), y, lr.rect.right(), y)
            self.drawn_claim_lines.append(line)
            self.p.drawLine(line)
        return rects

    def frame(self, start: int, end: int, colour: QColor | None = None, width: float = 2.0) -> None:
        pen = QPen(colour if colour is not None else selection_colour(self.palette), width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        for lr in self.span_rects(start, end):
            self.p.drawRect(lr.rect.adjusted(-1, -1, 1, 1))

    def relation(self, head: Span, child: Span, label: str, *, strong: bool) -> None:
        """An arrow from the head span to the child span, bowed above the text, with the label at its top.

        Drawn for spans on screen only; the label is painted as plain text (never markup).
        """
        a_rects, b_rects = self.span_rects(head.start, head.end), self.span_rects(child.start, child.end)
        if not a_rects or not b_rects:
            return
        a, b = a_rects[0].rect, b_rects[0].rect
        start = QPointF(a.center().x(), a.top())
        end = QPointF(b.center().x(), b.top())
        lift = max(12.0, min(40.0, abs(end.x() - start.x()) / 4 + abs(end.y() - start.y()) / 2))
        top = max(min(start.y(), end.y()) - lift, self._tag_h)  # the label stays inside the viewport
        ctrl = QPointF((start.x() + end.x()) / 2, top)
        colour = QColor(selection_colour(self.palette) if strong else self.palette.color(QPalette.ColorRole.Mid))
        pen = QPen(colour, 2.0 if strong else 1.2)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(start)
        path.quadTo(ctrl, end)
        self.p.drawPath(path)
        # arrowhead at the child
        tip = end
        back = path.pointAtPercent(0.93)
        dx, dy = tip.x() - back.x(), tip.y() - back.y()
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = dx / length, dy / length
        left = QPointF(tip.x() - 7 * ux + 4 * uy, tip.y() - 7 * uy - 4 * ux)
        right = QPointF(tip.x() - 7 * ux - 4 * uy, tip.y() - 7 * uy + 4 * ux)
        self.p.setBrush(colour)
        self.p.drawPolygon([tip, left, right])
        mid = path.pointAtPercent(0.5)
        width = self.tag_fm.horizontalAdvance(label) + 6
        box = QRectF(mid.x() - width / 2, mid.y() - self._tag_h / 2, width, self._tag_h)
        self.p.setBrush(self.palette.color(QPalette.ColorRole.Base))
        self.p.drawRoundedRect(box, 3, 3)
        self.p.setPen(self.palette.color(QPalette.ColorRole.Text))
        self.p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)

    def flash(self, start: int, end: int, alpha: float) -> None:
        c = QColor(self.palette.color(QPalette.ColorRole.Highlight))
        c.setAlphaF(alpha)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(c)
        for lr in self.span_rects(start, end):
            self.p.drawRect(lr.rect.adjusted(-2, -2, 2, 2))


def paint_gutter(
    p: QPainter, palette: QPalette, bars: list[tuple[Claim, float, float, int]], selected: str | None, width: int
) -> None:
    """Claim bars in the left margin: one lane per overlapping claim; dashed when suggested."""
    p.fillRect(0, 0, width, 100000, palette.color(QPalette.ColorRole.Window))
    for claim, top, bottom, lane in bars:
        suggested = claim.status == Review.SUGGESTED
        c = claim_colour(palette, suggested)
        x = 2 + (lane % 3) * 3
        w = 5.0 if claim.id == selected else 2.0
        pen = QPen(c, w)
        pen.setStyle(Qt.PenStyle.DashLine if suggested else Qt.PenStyle.SolidLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawLine(QLineF(x + w / 2, top + 1, x + w / 2, bottom - 1))
