"""The entity side list: the open article's visible spans, grouped by label and text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.domain.model import Review, Span
from desktop.ui import plain
from desktop.ui.editor.index import changed_middle

SPAN_IDS_ROLE = Qt.ItemDataRole.UserRole + 1
_COLOUR_ROLE = Qt.ItemDataRole.UserRole + 2


def group_spans(text: str, spans: Sequence[Span]) -> dict[str, dict[str, list[Span]]]:
    """{label: {mention text: [spans in text order]}} for visible spans, labels and texts sorted."""
    groups: dict[str, dict[str, list[Span]]] = {}
    for span in sorted((s for s in spans if s.visible), key=lambda s: s.start):
        mention = " ".join(text[span.start : span.end].split())
        groups.setdefault(span.label, {}).setdefault(mention, []).append(span)
    return {label: dict(sorted(groups[label].items(), key=lambda kv: kv[0].casefold())) for label in sorted(groups)}


def _swatch(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour)
    return QIcon(pixmap)


class EntityPanel(QWidget):
    """A tree: label (count) > mention (count). Activating a mention asks to show it.

    Repeated clicks on the same mention walk through its occurrences in the text.
    """

    spanRequested = Signal(str)  # span id to scroll to and flash

    def __init__(self, colour_for: Callable[[str], QColor], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour_for = colour_for
        self._cursor: dict[str, int] = {}  # mention key -> next occurrence to show
        # What the tree shows, kept so that an edit touches only the groups it changed.
        self._text: str | None = None
        self._spans: dict[str, Span] = {}
        self._given: list[Span] = []  # the spans as last given (rejected ones too), to compare by identity
        self._groups: dict[str, dict[str, dict[str, Span]]] = {}  # label -> mention -> span id -> span
        self._tops_by_label: dict[str, QTreeWidgetItem] = {}
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Entity", "Mentions"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed count column: ResizeToContents measures every row again on each count change,
        # which on a long article (thousands of mentions) costs more than the edit itself.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        fm = self.tree.fontMetrics()
        header.resizeSection(1, max(fm.horizontalAdvance("Mentions"), fm.horizontalAdvance("00000")) + 24)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def set_spans(self, text: str, spans: Sequence[Span]) -> None:
        """Show ``spans`` of ``text``. For the same text (an edit of the open article) only the
        groups whose spans changed are touched; another text rebuilds the tree."""
        if self._text is None or text != self._text:
            self._rebuild(text, {s.id: s for s in spans if s.visible})
            self._given = list(spans)
            return
        old = self._spans
        olds, news = changed_middle(self._given, spans)  # unchanged spans are the same objects
        self._given = list(spans)
        came = {s.id: s for s in news if s.visible}
        touched: set[tuple[str, str]] = set()
        for span in olds:
            if span.id not in old or old[span.id] is not span:
                continue  # it was not shown (rejected)
            now = came.get(span.id)
            if now is not None and now == span:  # the same span, read again
                del came[span.id]
                old[span.id] = now
                continue
            key = (span.label, self._mention(span))
            del self._groups[key[0]][key[1]][span.id]
            del old[span.id]
            touched.add(key)
        for sid, span in came.items():
            key = (span.label, self._mention(span))
            self._groups.setdefault(key[0], {}).setdefault(key[1], {})[sid] = span
            old[sid] = span
            touched.add(key)
        for label, mention in sorted(touched):
            self._update_group(label, mention)
        for label, top in self._tops_by_label.items():  # label colours may have changed in Settings
            colour = self._colour_for(label)
            if top.data(0, _COLOUR_ROLE) != colour.name():
                top.setIcon(0, _swatch(colour))
                top.setData(0, _COLOUR_ROLE, colour.name())

    def _mention(self, span: Span) -> str:
        return " ".join(self._text[span.start : span.end].split()) if self._text is not None else ""

    def _rebuild(self, text: str, visible: dict[str, Span]) -> None:
        expanded = {top.text(0) for top in self._tops() if top.isExpanded()}
        first = self.tree.topLevelItemCount() == 0
        self.tree.clear()
        self._text, self._spans = text, visible
        self._tops_by_label, self._items = {}, {}
        self._groups = {}
        for label, mentions in group_spans(text, list(visible.values())).items():
            self._groups[label] = {m: {s.id: s for s in group} for m, group in mentions.items()}
            top = self._new_top(label)
            for mention, group in mentions.items():
                child = QTreeWidgetItem([mention, ""])
                self._fill_child(child, label, group)
                self._items[(label, mention)] = child
                top.addChild(child)
            self._fill_top(top, label)
            self.tree.addTopLevelItem(top)
            top.setExpanded(first or label in expanded or not expanded)

    def _new_top(self, label: str) -> QTreeWidgetItem:
        top = QTreeWidgetItem([label, ""])
        colour = self._colour_for(label)
        top.setIcon(0, _swatch(colour))
        top.setData(0, _COLOUR_ROLE, colour.name())
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        self._tops_by_label[label] = top
        return top

    def _fill_top(self, top: QTreeWidgetItem, label: str) -> None:
        top.setText(1, str(sum(len(v) for v in self._groups.get(label, {}).values())))

    @staticmethod
    def _fill_child(child: QTreeWidgetItem, label: str, group: Sequence[Span]) -> None:
        child.setText(1, str(len(group)))
        child.setData(0, SPAN_IDS_ROLE, [s.id for s in group])
        n_suggested = sum(1 for s in group if s.status == Review.SUGGESTED)
        tip = f"{label}: {len(group)} mention{'s' if len(group) != 1 else ''}"
        if n_suggested:
            tip += f", {n_suggested} suggested (not reviewed yet)"
        f = child.font(0)
        f.setItalic(bool(n_suggested))
        child.setFont(0, f)
        child.setToolTip(0, plain.tip(tip))

    def _update_group(self, label: str, mention: str) -> None:
        """Make the tree show the current spans of one (label, mention) group."""
        mentions = self._groups.get(label, {})
        group = sorted(mentions.get(mention, {}).values(), key=lambda s: s.start)
        child = self._items.get((label, mention))
        top = self._tops_by_label.get(label)
        if not group:
            mentions.pop(mention, None)
            if child is not None and top is not None:
                top.removeChild(child)
                del self._items[(label, mention)]
            if not mentions:
                self._groups.pop(label, None)
                if top is not None:
                    self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(top))
                    del self._tops_by_label[label]
            elif top is not None:
                self._fill_top(top, label)
            return
        if top is None:
            top = self._new_top(label)
            labels = sorted(self._tops_by_label)
            self.tree.insertTopLevelItem(labels.index(label), top)
            top.setExpanded(True)
        if child is None:
            child = QTreeWidgetItem([mention, ""])
            key, lo, hi = mention.casefold(), 0, top.childCount()
            while lo < hi:  # the children are in casefold order: find the place by bisection
                mid = (lo + hi) // 2
                item = top.child(mid)
                if item is not None and item.text(0).casefold() <= key:
                    lo = mid + 1
                else:
                    hi = mid
            top.insertChild(lo, child)
            self._items[(label, mention)] = child
        self._fill_child(child, label, group)
        self._fill_top(top, label)

    def _tops(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def mention_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for top in self._tops():
            out += [c for c in (top.child(j) for j in range(top.childCount())) if c is not None]
        return out

    def mention_item(self, label: str, mention: str) -> QTreeWidgetItem | None:
        for top in self._tops():
            if top.text(0) == label:
                return next((item for item in self.mention_items() if item.parent() is top
                             and item.text(0) == mention), None)  # fmt: skip
        return None

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ids = item.data(0, SPAN_IDS_ROLE)
        if not ids:
            return
        parent = item.parent()
        key = f"{parent.text(0) if parent is not None else ''}\x00{item.text(0)}"
        i = self._cursor.get(key, 0) % len(ids)
        self._cursor[key] = i + 1
        self.spanRequested.emit(str(ids[i]))
