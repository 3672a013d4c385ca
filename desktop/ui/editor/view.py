"""AnnotatedTextView: the read-only article text with entity and claim layers.

The widget displays domain objects and emits requests (code point offsets, ids);
it never changes annotations itself. The window calls the services and pushes
the new state back with :meth:`AnnotatedTextView.update_annotations`.

Speed: formats are applied lazily, per block, just before a block is painted
(``QTextLayout.setFormats``), so opening a long article costs about as much as
``setPlainText``; outlines, tags and claims are painted for visible blocks only.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QStaticText,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from desktop.domain.model import Claim, LabelDef, Relation, Review, Span
from desktop.domain.ports import Token
from desktop.ui import plain

from . import menu as menus
from .edge import TextEdge
from .formats import FormatCache, block_formats, rtl_anchor
from .geometry import FrameGeometry, LineRect, char_at, range_rects, visible_blocks
from .index import AnnotationIndex, changed_ranges
from .keys import is_own_key, is_resize_key, label_for_key, nudged
from .painting import LayerPainter, paint_gutter
from .spacing import SpacedLayout, line_gap
from .style import LabelStyle, build_styles, make_style, tag_font
from .tokens import ParagraphTokens, TokenIndex, fallback_tokens

GUTTER_WIDTH = 12
_REPAINT_SLACK = 48.0  # pixels above and below a changed line that its arrows, tags and underlines reach
EDGE_GRAB_PX = 4.0
FLASH_MS = 700


class _Gutter(QWidget):
    """The left margin with one bar per visible claim."""

    def __init__(self, view: AnnotatedTextView) -> None:
        super().__init__(view)
        self._view = view

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        paint_gutter(p, self.palette(), self._view.claim_bars(), self._view.selected_id(), self.width())
        p.end()


class AnnotatedTextView(QPlainTextEdit):
    """Read-only text with entity spans and claims; all offsets in signals are code points."""

    labelRequested = Signal(int, int, str)  # noqa: N815 - (start, end, label) for the selected text
    relabelRequested = Signal(str, str)  # noqa: N815 - (span_id, label)
    selectionChanged = Signal(str)  # noqa: N815 - selected span/claim id, "" when none
    removeRequested = Signal(str)  # noqa: N815 - (object_id) span or claim
    acceptRequested = Signal(str)  # noqa: N815 - (object_id) a suggested span or claim
    resizeRequested = Signal(str, int, int)  # noqa: N815 - (span_id, new_start, new_end)
    claimRequested = Signal(int, int)  # noqa: N815 - (start, end)
    linkRequested = Signal(str)  # noqa: N815 - (claim_id)
    relateRequested = Signal(str)  # noqa: N815 - (span_id) relate this entity span to another
    ruleRequested = Signal(str, str)  # noqa: N815 - (text, label)
    annotationsChanged = Signal()  # noqa: N815 - new document, annotations or labels (legend refresh)
    relationsChanged = Signal()  # noqa: N815 - new entity relations for the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        doc = QTextDocument(self)  # lines set apart (QPlainTextDocumentLayout ignores block line heights)
        self._spaced = SpacedLayout(doc, line_gap(self.font()))
        doc.setDocumentLayout(self._spaced)
        self.setDocument(doc)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.viewport().setMouseTracking(True)
        self._edge = TextEdge("")
        self._index = AnnotationIndex()
        self._labels: list[LabelDef] = []
        self._styles: dict[str, LabelStyle] = {}
        self._formats = FormatCache(self.style_for)
        self._tag_texts: dict[str, QStaticText] = {}  # label name -> prepared tag text
        self._raw_tokens: Sequence[Token] | Callable[[str], Sequence[Token]] | None = []
        self._token_index: TokenIndex | ParagraphTokens | None = None
        self._formatted: set[int] = set()
        self._selected: str | None = None
        self._flash_id: str | None = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self._drag_edge: str | None = None  # "start" / "end" while dragging a span edge
        self._drag_pos: int | None = None
        self._press_pos: QPointF | None = None
        self._gutter = _Gutter(self)
        self._relations: list[Relation] = []  # entity relations of the article (drawn as arrows)
        self._drawn: tuple[list[QRectF], list[QLineF]] = ([], [])
        self.setViewportMargins(GUTTER_WIDTH, 0, 0, 0)
        self.updateRequest.connect(lambda *_: self._gutter.update())

    # ---------------------------------------------------------------- state in
    def set_document(
        self,
        text: str,
        spans: list[Span],
        claims: list[Claim],
        labels: list[LabelDef],
        tokens: Sequence[Token] | Callable[[str], Sequence[Token]] | None = None,
    ) -> None:
        """Show a new article. ``tokens`` (code points) drive snapping: a list for the whole text, or a
        tokenizer that is then run one paragraph at a time as snapping needs it (long articles open
        without waiting for the whole text to be tokenized); None = words and punctuation."""
        self._edge = TextEdge(text)
        self._raw_tokens = tokens
        self._token_index = None  # built on first use: snapping needs a user action
        self._index = AnnotationIndex(spans, claims)
        self._set_label_defs(labels)
        self._formatted = set()
        self._selected = None
        self._flash_id = None
        self._drag_edge = None
        self.setPlainText(text)  # plain text: never interpreted as HTML
        self.viewport().update()
        self.annotationsChanged.emit()

    def update_annotations(self, spans: list[Span], claims: list[Claim]) -> None:
        """New annotation state for the same text; re-formats only the blocks whose drawing changed."""
        new = AnnotationIndex(spans, claims)
        ranges = changed_ranges(self._index, new)
        self._index = new
        for block in self._blocks_for(ranges):
            if block.blockNumber() in self._formatted:
                self._format_block(block)
        if self._selected is not None and new.get(self._selected) is None:
            self._selected = None
            self.selectionChanged.emit("")
        self._update_ranges(ranges)
        self._gutter.update()
        self.annotationsChanged.emit()

    def _update_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Schedule a repaint of the lines that show ``ranges`` (with room for tags, underlines and
        arrows); nothing when they are off screen. Many ranges: the whole viewport."""
        if len(ranges) > 64 or self._relations or not self._in_sync():  # arrows reach anywhere
            self.viewport().update()
            return
        geometry = FrameGeometry(self)
        rect = QRectF()
        for start, end in ranges:
            for lr in geometry.rects(self._edge.to_qt(start), self._edge.to_qt(max(end, start + 1))):
                rect = rect.united(lr.rect)
        if rect.isEmpty():
            return
        vp = self.viewport().rect()
        top, bottom = rect.top() - _REPAINT_SLACK, rect.bottom() + _REPAINT_SLACK
        self.viewport().update(QRect(0, int(top), vp.width(), int(bottom - top) + 1))

    def set_relations(self, relations: Sequence[Relation]) -> None:
        """The article's entity relations: drawn as arrows between their spans (the selected span's bold)."""
        relations = list(relations)
        if len(relations) == len(self._relations) and all(map(operator.is_, relations, self._relations)):
            return  # the same relations (an edit of spans or claims): nothing to redraw
        self._relations = relations
        self.viewport().update()
        self.relationsChanged.emit()

    def relations(self) -> list[Relation]:
        return list(self._relations)

    def set_labels(self, labels: list[LabelDef]) -> None:
        """New label set (names, colours, keys): re-formats every formatted block."""
        self._set_label_defs(labels)
        formatted, self._formatted = self._formatted, set()
        doc = self.document()
        for number in formatted:
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self._format_block(block)
        self.viewport().update()
        self.annotationsChanged.emit()

    def _set_label_defs(self, labels: list[LabelDef]) -> None:
        self._labels = list(labels)
        self._styles = build_styles(self._labels, self.palette(), self.font())
        self._formats = FormatCache(self.style_for)
        self._tag_texts = {}  # label name -> prepared tag text

    @property
    def _tokens(self) -> TokenIndex | ParagraphTokens:
        if self._token_index is None:
            raw = self._raw_tokens
            if callable(raw):
                self._token_index = ParagraphTokens(self._edge.text, raw)
            else:
                self._token_index = TokenIndex(raw if raw is not None else fallback_tokens(self._edge.text))
        return self._token_index

    # ---------------------------------------------------------------- state out
    @property
    def edge(self) -> TextEdge:
        return self._edge

    def labels(self) -> list[LabelDef]:
        return list(self._labels)

    def visible_spans(self) -> list[Span]:
        return list(self._index.spans)

    def visible_span(self, span_id: str) -> Span | None:
        """The drawn span with this id, or None (unknown, rejected, or a claim's id)."""
        obj = self._index.get(span_id)
        return obj if isinstance(obj, Span) else None

    def visible_claims(self) -> list[Claim]:
        return list(self._index.claims)

    def label_counts(self) -> dict[str, int]:
        return self._index.count_by_label()

    def style_for(self, label: str) -> LabelStyle:
        style = self._styles.get(label)
        if style is None:  # a label outside the label set (e.g. imported): stable fallback colour
            style = make_style(label, "", self.palette().color(self.palette().ColorRole.Base),
                               QFontMetricsF(tag_font(self.font())))  # fmt: skip
            self._styles[label] = style
        return style

    def selected_id(self) -> str | None:
        return self._selected

    def selected_object(self) -> Span | Claim | None:
        return self._index.get(self._selected) if self._selected else None

    def text_selection(self) -> tuple[int, int] | None:
        """The selected text in code points, or None."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self._edge.range_to_cp(c.selectionStart(), c.selectionEnd())

    def select_text(self, start: int, end: int) -> None:
        """Select [start, end) in code points (and deselect any span or claim)."""
        qs, qe = self._edge.range_to_qt(start, end)
        c = QTextCursor(self.document())
        c.setPosition(qs)
        c.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        self._set_selected(None)

    def overlapping_span(self, start: int, end: int) -> Span | None:
        """The visible span that [start, end) would overlap, for a precise refusal message."""
        return self._index.overlapping_span(start, end)

    # ---------------------------------------------------------------- selection
    def select_object(self, object_id: str | None) -> None:
        """Select a visible span or claim by id ("" or None deselects). Emits selectionChanged."""
        self._set_selected(object_id or None)

    def _set_selected(self, object_id: str | None) -> None:
        if object_id is not None and self._index.get(object_id) is None:
            object_id = None
        if object_id is not None:
            c = self.textCursor()
            if c.hasSelection():
                c.clearSelection()
                self.setTextCursor(c)
        if object_id == self._selected:
            return
        self._selected = object_id
        self.viewport().update()
        self._gutter.update()
        self.selectionChanged.emit(object_id or "")

    def scroll_to(self, object_id: str, flash: bool = True) -> None:
        obj = self._index.get(object_id)
        if obj is None:
            return
        c = QTextCursor(self.document())
        c.setPosition(self._edge.to_qt(obj.end))
        self.setTextCursor(c)
        self.ensureCursorVisible()
        c.setPosition(self._edge.to_qt(obj.start))
        self.setTextCursor(c)
        self.ensureCursorVisible()
        if flash:
            self._flash_id = object_id
            self._flash_timer.start(FLASH_MS)
        self.viewport().update()

    def _end_flash(self) -> None:
        self._flash_id = None
        self.viewport().update()

    def is_flashing(self) -> bool:
        return self._flash_id is not None

    # ---------------------------------------------------------------- requests
    def apply_label(self, label: str) -> bool:
        """The number-key / label-bar action: label the selected text, or relabel the selected span."""
        sel = self.text_selection()
        if sel is not None and sel[0] < sel[1]:
            self.labelRequested.emit(sel[0], sel[1], label)
            return True
        obj = self.selected_object()
        if isinstance(obj, Span):
            self.relabelRequested.emit(obj.id, label)
            return True
        return False

    def request_label(self, start: int, end: int, label: str) -> None:
        self.labelRequested.emit(start, end, label)

    def request_relabel(self, span_id: str, label: str) -> None:
        self.relabelRequested.emit(span_id, label)

    def request_accept(self, object_id: str) -> None:
        self.acceptRequested.emit(object_id)

    def request_remove(self, object_id: str) -> None:
        self.removeRequested.emit(object_id)

    def request_claim(self, start: int, end: int) -> None:
        self.claimRequested.emit(start, end)

    def request_link(self, claim_id: str) -> None:
        self.linkRequested.emit(claim_id)

    def request_relate(self, span_id: str) -> None:
        self.relateRequested.emit(span_id)

    def request_rule(self, text: str, label: str) -> None:
        self.ruleRequested.emit(text, label)

    # ---------------------------------------------------------------- formats
    def _format_block(self, block: QTextBlock) -> None:
        block.layout().setFormats(block_formats(block, self._edge, self._index, self._formats))
        self._formatted.add(block.blockNumber())

    def _blocks_for(self, ranges: list[tuple[int, int]]) -> list[QTextBlock]:
        doc = self.document()
        seen: dict[int, QTextBlock] = {}
        for start, end in ranges:
            block = doc.findBlock(self._edge.to_qt(start))
            last = doc.findBlock(self._edge.to_qt(end)).blockNumber()
            while block.isValid() and block.blockNumber() <= last:
                seen.setdefault(block.blockNumber(), block)
                block = block.next()
        return list(seen.values())

    def is_block_formatted(self, block_number: int) -> bool:
        """True once the block's span formats are applied (it has been on screen, or was updated)."""
        return block_number in self._formatted

    def _in_sync(self) -> bool:
        """False when the text was replaced behind set_document's back (then no layer is drawn)."""
        return self.document().characterCount() - 1 == self._edge.length_qt

    def ensure_visible_formatted(self) -> int:
        """Format the blocks on screen that are not formatted yet (formats only widen lines: no look-ahead)."""
        if not self._in_sync():
            return 0
        n = 0
        for block in visible_blocks(self):
            if block.blockNumber() not in self._formatted:
                self._format_block(block)
                n += 1
        return n

    # ---------------------------------------------------------------- painting
    def _rects(self, qs: int, qe: int) -> list[LineRect]:
        return range_rects(self, qs, qe)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        self.ensure_visible_formatted()
        super().paintEvent(event)
        blocks = visible_blocks(self)
        if not blocks or not self._in_sync():
            self._drawn = ([], [])
            return
        lo, hi = self._on_screen(blocks, event.rect())
        p = QPainter(self.viewport())
        lp = LayerPainter(p, self.palette(), self.font(), self._edge, FrameGeometry(self).rects, self._tag_texts)
        p.setFont(lp.tag_font)
        text = self._edge.text
        for span in self._index.spans_in(lo, max(hi, lo + 1)):
            anchor = rtl_anchor(text, span)  # None: the tag room is at the end of the span's last line
            room = None if anchor is None else self._edge.to_qt(anchor)
            lp.span(span, self.style_for(span.label), room, tag=span.end <= hi)
        lp.chips()
        for lane, claim in enumerate(self._index.claims_in(lo, max(hi, lo + 1))):
            lp.claim(claim, lane)
        sel = self.selected_object()
        for rel in self._relations:
            head, child = self._index.get(rel.head), self._index.get(rel.child)
            if isinstance(head, Span) and isinstance(child, Span) and (lo <= head.end and head.start <= hi
                                                                       or lo <= child.end and child.start <= hi):
                lp.relation(head, child, rel.label, strong=sel is not None and sel.id in (rel.head, rel.child))
        if sel is not None:
            lp.frame(sel.start, sel.end)
        if self._drag_edge is not None and self._drag_pos is not None and isinstance(sel, Span):
            start, end = self._drag_range(sel, self._drag_pos)
            if start < end:
                lp.frame(start, end, self.palette().color(self.palette().ColorRole.Highlight), 1.5)
        flashing = self._index.get(self._flash_id) if self._flash_id else None
        if flashing is not None:
            lp.flash(flashing.start, flashing.end, 0.35)
        p.end()
        self._drawn = (lp.drawn_chips, lp.drawn_claim_lines)

    def drawn_layers(self) -> tuple[list[QRectF], list[QLineF]]:
        """The label chips and claim underlines of the last painted frame (viewport coordinates)."""
        return list(self._drawn[0]), list(self._drawn[1])

    def _on_screen(self, blocks: list[QTextBlock], area: QRect) -> tuple[int, int]:
        """Code point range of the text in ``area`` (and the slack its layers reach): from the first
        line there to the end of the last. A paragraph can be much taller than the viewport, and an
        edit repaints only its lines: only the spans there are painted."""
        vp = self.viewport().rect()
        top = max(area.top() - int(_REPAINT_SLACK), 0)
        bottom_y = min(area.bottom() + int(_REPAINT_SLACK), vp.height())
        lo_q = self.cursorForPosition(QPoint(0, top)).position()
        bottom = self.cursorForPosition(QPoint(vp.width(), bottom_y))
        block = bottom.block()
        line = block.layout().lineForTextPosition(bottom.positionInBlock()) if block.isValid() else None
        if line is not None and line.isValid():
            hi_q = block.position() + line.textStart() + line.textLength()
        else:
            hi_q = blocks[-1].position() + blocks[-1].length() - 1
        first = blocks[0].position()
        last = blocks[-1].position() + blocks[-1].length() - 1
        lo_q = min(max(lo_q, first), last)
        hi_q = min(max(hi_q, lo_q), last)
        return self._edge.to_cp(lo_q), self._edge.to_cp(hi_q)

    def claim_bars(self) -> list[tuple[Claim, float, float, int]]:
        """Visible claims as (claim, top, bottom, lane) in viewport y coordinates, for the gutter."""
        blocks = visible_blocks(self)
        if not blocks or not self._in_sync():
            return []
        lo = self._edge.to_cp(blocks[0].position())
        hi = self._edge.to_cp(blocks[-1].position() + blocks[-1].length() - 1)
        out: list[tuple[Claim, float, float, int]] = []
        for lane, claim in enumerate(self._index.claims_in(lo, max(hi, lo + 1))):
            rects = self._rects(self._edge.to_qt(claim.start), self._edge.to_qt(claim.end))
            if rects:
                out.append((claim, rects[0].rect.top(), rects[-1].rect.bottom(), lane))
        return out

    def line_gap(self) -> float:
        """Pixels of free band between two lines of text (chips and claim underlines stay inside it)."""
        return self._spaced.gap

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._spaced.set_gap(line_gap(self.font()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(cr.left(), cr.top(), GUTTER_WIDTH, cr.height())

    # ---------------------------------------------------------------- hit testing
    def position_at(self, point: QPointF) -> int | None:
        """Code point of the character under a viewport point, or None (margins, past line ends)."""
        q = char_at(self, point)
        return None if q is None else self._edge.to_cp(q)

    def object_at(self, point: QPointF) -> Span | Claim | None:
        """Span under the point, else the (innermost) claim under it."""
        cp = self.position_at(point)
        if cp is None:
            return None
        span = self._index.span_at(cp)
        claims = self._index.claims_at(cp)
        if span is not None and not (self._selected == span.id and claims):
            return span
        if claims:
            return min(claims, key=lambda c: c.end - c.start)
        return span

    def _edge_under(self, point: QPointF) -> str | None:
        """'start' or 'end' when the point is on an edge of the selected span."""
        sel = self.selected_object()
        if not isinstance(sel, Span):
            return None
        rects = self._rects(self._edge.to_qt(sel.start), self._edge.to_qt(sel.end))
        if not rects:
            return None
        first, last = rects[0].rect, rects[-1].rect
        if first.top() <= point.y() <= first.bottom() and abs(point.x() - first.left()) <= EDGE_GRAB_PX:
            return "start"
        tag = self.style_for(sel.label).tag_width
        if last.top() <= point.y() <= last.bottom() and last.right() - tag - EDGE_GRAB_PX <= point.x() <= (
            last.right() + EDGE_GRAB_PX
        ):
            return "end"
        return None

    def _cursor_cp(self, point: QPointF) -> int:
        return self._edge.to_cp(self.cursorForPosition(point.toPoint()).position())

    def _drag_range(self, span: Span, cp: int) -> tuple[int, int]:
        if self._drag_edge == "start":
            return self._tokens.snap_start(cp) if len(self._tokens) else cp, span.end
        return span.start, self._tokens.snap_end(cp) if len(self._tokens) else cp

    # ---------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton:
            edge = self._edge_under(pos)
            if edge is not None:
                self._drag_edge = edge
                self._drag_pos = self._cursor_cp(pos)
                event.accept()
                return
            self._press_pos = pos
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position()
        if self._drag_edge is not None:
            self._drag_pos = self._cursor_cp(pos)
            self.viewport().update()
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton:
            on_edge = self._edge_under(pos) is not None
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if on_edge else Qt.CursorShape.IBeamCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position()
        if self._drag_edge is not None:
            self._drag_edge_done(self.selected_object(), self._cursor_cp(pos))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        press, self._press_pos = self._press_pos, None
        sel = self.text_selection()
        if sel is not None and sel[0] < sel[1]:
            # Ctrl (Alt too, where the window manager lets it through): exact characters, no snapping.
            exact = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
            self._finish_text_selection(sel, exact)
        elif press is not None:
            obj = self.object_at(pos)
            self._set_selected(obj.id if obj is not None else None)

    def _drag_edge_done(self, sel: Span | Claim | None, cp: int) -> None:
        edge, self._drag_edge, self._drag_pos = self._drag_edge, None, None
        self.viewport().update()
        if not isinstance(sel, Span):
            return
        self._drag_edge = edge
        start, end = self._drag_range(sel, cp)
        self._drag_edge = None
        if start < end and (start, end) != (sel.start, sel.end):
            self.resizeRequested.emit(sel.id, start, end)

    def _finish_text_selection(self, sel: tuple[int, int], exact: bool) -> None:
        """Snap a mouse selection to whole tokens (unless ``exact``) and show the snapped range."""
        start, end = sel
        if not exact and len(self._tokens):
            snapped = self._tokens.snap(start, end)
            if snapped is not None:
                start, end = snapped
        if (start, end) != sel:
            self.select_text(start, end)
        else:
            self._set_selected(None)

    # ---------------------------------------------------------------- keys
    def event(self, event: QEvent) -> bool:
        shortcut = event.type() == QEvent.Type.ShortcutOverride
        if shortcut and isinstance(event, QKeyEvent) and self._actionable(event):
            event.accept()  # the key acts here: window shortcuts on the same key do not fire
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                back = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self.select_neighbour(forward=not back)
                event.accept()
                return True
        return super().event(event)

    def _actionable(self, e: QKeyEvent) -> bool:
        """True when ``e`` is an editor key that would act on the current selection."""
        if not is_own_key(e, self._labels):
            return False
        key = e.key()
        obj = self.selected_object()
        has_text = self.textCursor().hasSelection()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return True
        if is_resize_key(e):
            return isinstance(obj, Span)
        if label_for_key(e, self._labels) is not None:
            return has_text or isinstance(obj, Span)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return obj is not None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return obj is not None and obj.status == Review.SUGGESTED
        if key == Qt.Key.Key_C:
            return has_text or obj is not None
        if key == Qt.Key.Key_L:
            return isinstance(obj, Claim)
        return key == Qt.Key.Key_Escape and (has_text or obj is not None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if is_own_key(event, self._labels) and self._handle_key(event):
            event.accept()
            return
        had_object = self._selected is not None
        super().keyPressEvent(event)
        if had_object and self.textCursor().hasSelection():
            self._set_selected(None)

    def _handle_key(self, e: QKeyEvent) -> bool:
        key = e.key()
        mods = e.modifiers()
        obj = self.selected_object()
        if is_resize_key(e):
            if isinstance(obj, Span):
                self._nudge(obj, move_end=bool(mods & Qt.KeyboardModifier.ShiftModifier),
                            forward=key == Qt.Key.Key_Right)  # fmt: skip
            return True
        label = label_for_key(e, self._labels)
        if label is not None:
            return self.apply_label(label)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if obj is not None:
                self.removeRequested.emit(obj.id)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if obj is not None and obj.status == Review.SUGGESTED:
                self.acceptRequested.emit(obj.id)
                return True
            return False
        if key == Qt.Key.Key_C:
            sel = self.text_selection()
            if sel is not None:
                self.claimRequested.emit(*sel)
            elif obj is not None:
                self.claimRequested.emit(obj.start, obj.end)
            return True
        if key == Qt.Key.Key_L:
            if isinstance(obj, Claim):
                self.linkRequested.emit(obj.id)
            return True
        if key == Qt.Key.Key_Escape:
            if obj is None and not self.textCursor().hasSelection():
                return False
            c = self.textCursor()
            c.clearSelection()
            self.setTextCursor(c)
            self._set_selected(None)
            return True
        return False

    def _nudge(self, span: Span, *, move_end: bool, forward: bool) -> None:
        """Move one edge of ``span`` by one token and emit resizeRequested."""
        moved = nudged(self._tokens, span, move_end=move_end, forward=forward)
        if moved is not None:
            self.resizeRequested.emit(span.id, *moved)

    def select_neighbour(self, forward: bool) -> None:
        """Tab / Shift+Tab: select the next / previous visible span (wrapping) and scroll to it."""
        obj = self.selected_object()
        if isinstance(obj, Span):
            ref = obj.start
        else:
            c = self.textCursor()
            ref = self._edge.to_cp(c.selectionStart() if forward else c.selectionEnd())
            ref = ref - 1 if forward else ref + 1
        span = self._index.next_span(ref) if forward else self._index.prev_span(ref)
        if span is None:
            return
        self._set_selected(span.id)
        self.scroll_to(span.id, flash=False)

    # ---------------------------------------------------------------- menus, tooltips
    def context_menu_at(self, point: QPoint) -> QMenu | None:
        """The context menu for a viewport point (selects the span/claim under it first)."""
        sel = self.text_selection()
        at = self.position_at(QPointF(point))
        if sel is not None and sel[0] < sel[1] and (at is None or sel[0] <= at < sel[1]):
            text = self._edge.text[sel[0] : sel[1]]
            return menus.selection_menu(self, self, self._labels, sel[0], sel[1], text)
        obj = self.object_at(QPointF(point))
        if obj is None:
            obj = self.selected_object()
        if obj is None:
            return None
        self._set_selected(obj.id)
        if isinstance(obj, Span):
            return menus.span_menu(self, self, self._labels, obj, self._edge.text[obj.start : obj.end])
        return menus.claim_menu(self, self, obj)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        menu = self.context_menu_at(event.pos())
        if menu is None:
            event.ignore()
            return
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            obj = self.object_at(QPointF(event.pos()))
            if obj is not None:
                QToolTip.showText(event.globalPos(), plain.tip(_describe(obj)), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def _describe(obj: Span | Claim) -> str:
    if isinstance(obj, Span):
        how = "suggested" if obj.status == Review.SUGGESTED else "accepted"
        by = f" by {obj.model}" if obj.model else f" ({obj.origin.value})"
        return f"{obj.label}: {how}{by}"
    how = "suggested claim" if obj.status == Review.SUGGESTED else "claim"
    return f"{how}: {obj.kind.value}, {obj.verdict.value}"
