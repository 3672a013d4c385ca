"""The timeline: claims about the same thing on a date axis, one row per group.

Each group gets its own axis from its first to its last date (year ticks in between);
every claim is a dot on the axis and a card underneath with its date, article and text.
Click a card to select it; double-click or Enter opens it; arrow keys move between cards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.domain.model import ClaimRef, Review
from desktop.ui import plain

from .describe import LABEL_TEXT, one_line
from .grouping import TimelineGroup

MARGIN = 16.0
CARD_WIDTH = 250.0
CARD_GAP = 12.0
TEXT_LINES = 4
DOT = 5.0


@dataclass(frozen=True, slots=True)
class Card:
    group: int
    index: int  # position in the group (date order)
    ref: ClaimRef
    dot: QPointF
    rect: QRectF


def _axis_positions(dates: Sequence[date | None], left: float, right: float) -> list[float]:
    """x of each claim: proportional to its date; undated claims after the dated ones."""
    known = [d for d in dates if d is not None]
    n_undated = sum(d is None for d in dates)
    span_right = right - (CARD_WIDTH * 0.6 if n_undated and known else 0.0)
    out: list[float] = []
    if known and (max(known) - min(known)).days > 0:
        first, days = min(known), (max(known) - min(known)).days
        out = [left + (span_right - left) * (d - first).days / days if d is not None else 0.0 for d in dates]
    else:
        dated = [i for i, d in enumerate(dates) if d is not None]
        out = [0.0] * len(dates)
        for k, i in enumerate(dated):
            out[i] = left + (span_right - left) * ((k + 0.5) / len(dated) if len(dated) > 1 else 0.0)
    undated = [i for i, d in enumerate(dates) if d is None]
    for k, i in enumerate(undated):
        start = span_right + CARD_GAP if known else left
        width = right - start
        out[i] = start + (width * k / max(1, len(undated) - 1) if len(undated) > 1 else 0.0)
    return out


class TimelineWidget(QWidget):
    """Paints :class:`TimelineGroup` rows. ``openRequested(article_id, claim_id)``."""

    openRequested = Signal(str, str)  # noqa: N815 - Qt naming
    currentChanged = Signal(str)  # noqa: N815 - the selected claim id ("" for none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[TimelineGroup] = []
        self._events: dict[str, Sequence[str]] = {}
        self._cards: list[Card] = []
        self._group_tops: list[tuple[float, TimelineGroup]] = []
        self._axes: list[tuple[float, float, float, list[date | None]]] = []  # y, left, right, dates
        self._current: int | None = None
        self._height = 0.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

    # -- public -----------------------------------------------------------------
    def set_groups(self, groups: Sequence[TimelineGroup], events: Mapping[str, Sequence[str]] | None = None) -> None:
        """``events``: revision events per claim id ("changed in revision 3"), shown on the cards."""
        current = self.current_claim()
        self._groups = list(groups)
        self._events = dict(events or {})
        self._relayout()
        ids = [c.ref.claim.id for c in self._cards]
        self._current = ids.index(current) if current in ids else None
        self.update()

    def groups(self) -> list[TimelineGroup]:
        return list(self._groups)

    def events(self, claim_id: str) -> list[str]:
        """The revision events shown on a claim's card."""
        return list(self._events.get(claim_id, ()))

    def cards(self) -> list[Card]:
        return list(self._cards)

    def current_claim(self) -> str | None:
        if self._current is None or self._current >= len(self._cards):
            return None
        return self._cards[self._current].ref.claim.id

    def select_claim(self, claim_id: str) -> bool:
        for i, card in enumerate(self._cards):
            if card.ref.claim.id == claim_id:
                self._set_current(i)
                return True
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(800, int(self._height) or 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(int(CARD_WIDTH * 2 + MARGIN * 2), int(self._height) or 120)

    # -- layout -----------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        return base, bold, small

    def _card_height(self) -> float:
        base, bold, small = self._fonts()
        return (QFontMetricsF(small).lineSpacing() * 2 + QFontMetricsF(base).lineSpacing() * TEXT_LINES
                + 16)  # fmt: skip

    def _relayout(self) -> None:
        self._cards, self._group_tops, self._axes = [], [], []
        _base, bold, small = self._fonts()
        title_h = QFontMetricsF(bold).lineSpacing()
        small_h = QFontMetricsF(small).lineSpacing()
        card_h = self._card_height()
        width = max(float(self.width()), CARD_WIDTH * 2 + MARGIN * 2)
        left = MARGIN + CARD_WIDTH / 2
        right = width - MARGIN - CARD_WIDTH / 2
        y = MARGIN
        for g, group in enumerate(self._groups):
            self._group_tops.append((y, group))
            axis_y = y + title_h + small_h + 14
            dates = group.dates
            xs = _axis_positions(dates, left, right)
            self._axes.append((axis_y, left, right, dates))
            lanes: list[float] = []  # right edge of the last card in each lane
            lane_of: list[int] = []
            for x in xs:
                card_left = min(max(x - CARD_WIDTH / 2, MARGIN), width - MARGIN - CARD_WIDTH)
                lane = next((i for i, edge in enumerate(lanes) if card_left >= edge + CARD_GAP), len(lanes))
                if lane == len(lanes):
                    lanes.append(0.0)
                lanes[lane] = card_left + CARD_WIDTH
                lane_of.append(lane)
            cards_top = axis_y + 22
            for i, (ref, x) in enumerate(zip(group.refs, xs, strict=True)):
                card_left = min(max(x - CARD_WIDTH / 2, MARGIN), width - MARGIN - CARD_WIDTH)
                top = cards_top + lane_of[i] * (card_h + CARD_GAP)
                self._cards.append(Card(g, i, ref, QPointF(x, axis_y), QRectF(card_left, top, CARD_WIDTH, card_h)))
            y = cards_top + max(1, len(lanes)) * (card_h + CARD_GAP) + MARGIN * 1.5
        self._height = y if self._groups else 120.0
        self.setMinimumHeight(int(self._height))
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    # -- painting ---------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = _mix(text, pal.color(QPalette.ColorRole.Base), 0.45)
        accent = pal.color(QPalette.ColorRole.Highlight)
        base, bold, small = self._fonts()
        if not self._groups:
            painter.setPen(muted)
            painter.setFont(base)
            painter.drawText(
                QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                "No claims about the same thing yet.\nLink claims with repeats, updates, supports or contradicts, "
                "or mark statistics that count the same thing (e.g. \u201chostages\u201d).",
            )
            return
        for (top, group), (axis_y, left, right, dates) in zip(self._group_tops, self._axes, strict=True):
            known = [d for d in dates if d is not None]
            painter.setFont(bold)
            painter.setPen(text)
            title = group.title
            if known:
                first, last = min(known), max(known)
                title += f"   \u00b7   {len(group.refs)} claims, {first.isoformat()}"
                title += f" \u2192 {last.isoformat()}" if last != first else ""
            else:
                title += f"   \u00b7   {len(group.refs)} claims, undated"
            relations = sorted({LABEL_TEXT[link.label] for link in group.links})
            if relations:
                title += f"   \u00b7   linked: {', '.join(relations)}"
            fm = QFontMetricsF(bold)
            painter.drawText(QPointF(MARGIN, top + fm.ascent()),
                             fm.elidedText(title, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN))  # fmt: skip
            self._paint_axis(painter, axis_y, left, right, known, small, muted)
        for card in self._cards:  # connectors first, so no line crosses a card
            painter.setPen(QPen(muted, 1))
            painter.drawLine(card.dot, QPointF(card.dot.x(), card.rect.top()))
        for i, card in enumerate(self._cards):
            self._paint_card(painter, card, i == self._current, base, small, text, muted, accent)
        painter.end()

    def _paint_axis(self, painter: QPainter, y: float, left: float, right: float, known: list[date],
                    small: QFont, muted: QColor) -> None:  # fmt: skip
        painter.setPen(QPen(muted, 1.5))
        painter.drawLine(QPointF(left - 12, y), QPointF(right + 12, y))
        painter.drawLine(QPointF(right + 12, y), QPointF(right + 6, y - 4))
        painter.drawLine(QPointF(right + 12, y), QPointF(right + 6, y + 4))
        if len(known) < 2 or min(known) == max(known):
            return
        first, last = min(known), max(known)
        days = (last - first).days
        painter.setFont(small)
        fm = QFontMetricsF(small)
        for year in range(first.year + 1, last.year + 1):
            x = left + (right - left) * (date(year, 1, 1) - first).days / days
            painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))
            label = str(year)
            painter.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, y - 7), label)

    def _paint_card(self, painter: QPainter, card: Card, selected: bool, base: QFont, small: QFont,
                    text: QColor, muted: QColor, accent: QColor) -> None:  # fmt: skip
        rect = card.rect
        ref = card.ref
        suggested = ref.claim.status == Review.SUGGESTED
        painter.setPen(QPen(muted, 1))
        painter.setBrush(accent if selected else text)
        painter.drawEllipse(card.dot, DOT, DOT)
        fill = self.palette().color(QPalette.ColorRole.AlternateBase)
        pen = QPen(accent if selected else muted, 2 if selected else 1)
        if suggested:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 5, 5)
        inner = rect.adjusted(8, 6, -8, -6)
        fm_small = QFontMetricsF(small)
        painter.setFont(small)
        painter.setPen(text)
        when = ref.published or "undated"
        head = f"{when}  \u00b7  {ref.claim.kind}  \u00b7  {ref.claim.verdict}"
        for event in self._events.get(ref.claim.id, ()):
            head += f"  \u00b7  {event}"
        painter.drawText(QPointF(inner.left(), inner.top() + fm_small.ascent()),
                         fm_small.elidedText(head, Qt.TextElideMode.ElideRight, inner.width()))  # fmt: skip
        painter.setPen(muted)
        source = ref.article_title or ref.article_id
        painter.drawText(QPointF(inner.left(), inner.top() + fm_small.lineSpacing() + fm_small.ascent()),
                         fm_small.elidedText(source, Qt.TextElideMode.ElideRight, inner.width()))  # fmt: skip
        painter.setPen(text)
        painter.setFont(base)
        top = inner.top() + fm_small.lineSpacing() * 2 + 4
        _draw_wrapped(painter, f"\u201c{one_line(ref.text)}\u201d", base, QRectF(inner.left(), top, inner.width(),
                      inner.bottom() - top), TEXT_LINES)  # fmt: skip

    # -- interaction --------------------------------------------------------------
    def _card_at(self, pos: QPointF) -> int | None:
        return next((i for i, c in enumerate(self._cards) if c.rect.contains(pos)), None)

    def _set_current(self, index: int | None) -> None:
        if index == self._current:
            return
        self._current = index
        self.update()
        self.currentChanged.emit(self.current_claim() or "")

    def _open(self, index: int | None) -> None:
        if index is not None:
            ref = self._cards[index].ref
            self.openRequested.emit(ref.article_id, ref.claim.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self._card_at(event.position())
        if hit is not None:
            self._set_current(hit)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self._card_at(event.position())
        if hit is not None:
            self._open(hit)
        else:
            super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self._card_at(event.position())
        if hit is not None:
            ref = self._cards[hit].ref
            QToolTip.showText(event.globalPosition().toPoint(),
                              plain.tip(f"{one_line(ref.text)}\n\n{ref.article_title} ({ref.published or 'undated'})"
                                        f"\n{ref.claim.status} \u00b7 double-click to open"), self)  # fmt: skip
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if not self._cards:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self._current if self._current is not None else 0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._set_current(0 if self._current is None else min(self._current + 1, len(self._cards) - 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._set_current(0 if self._current is None else max(self._current - 1, 0))
        elif key == Qt.Key.Key_Home:
            self._set_current(0)
        elif key == Qt.Key.Key_End:
            self._set_current(len(self._cards) - 1)
        else:
            super().keyPressEvent(event)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)  # fmt: skip


def _draw_wrapped(painter: QPainter, text: str, font: QFont, rect: QRectF, max_lines: int) -> None:
    """Word-wrapped plain text in ``rect``, at most ``max_lines`` lines, the last one elided."""
    fm = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    units = text.encode("utf-16-le")  # QTextLayout positions count UTF-16 code units

    def cut(start: int, end: int | None = None) -> str:
        return units[2 * start : None if end is None else 2 * end].decode("utf-16-le", errors="replace")

    y = rect.top() + fm.ascent()
    total = len(units) // 2
    for n, (start, length) in enumerate(lines):
        chunk = cut(start, start + length).rstrip()
        if n == len(lines) - 1 and start + length < total:
            chunk = fm.elidedText(cut(start), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QPointF(rect.left(), y), chunk)
        y += fm.lineSpacing()


__all__ = ["Card", "TimelineWidget"]
