"""The entity side list: the open article's visible spans, grouped by label and text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.domain.model import Review, Span
from desktop.ui import plain

SPAN_IDS_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Entity", "Mentions"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def set_spans(self, text: str, spans: Sequence[Span]) -> None:
        expanded = {top.text(0) for top in self._tops() if top.isExpanded()}
        first = self.tree.topLevelItemCount() == 0
        self.tree.clear()
        for label, mentions in group_spans(text, spans).items():
            n = sum(len(v) for v in mentions.values())
            top = QTreeWidgetItem([label, str(n)])
            top.setIcon(0, _swatch(self._colour_for(label)))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for mention, group in mentions.items():
                child = QTreeWidgetItem([mention, str(len(group))])
                child.setData(0, SPAN_IDS_ROLE, [s.id for s in group])
                n_suggested = sum(1 for s in group if s.status == Review.SUGGESTED)
                tip = f"{label}: {len(group)} mention{'s' if len(group) != 1 else ''}"
                if n_suggested:
                    tip += f", {n_suggested} suggested (not reviewed yet)"
                    f = child.font(0)
                    f.setItalic(True)
                    child.setFont(0, f)
                child.setToolTip(0, plain.tip(tip))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(first or label in expanded or not expanded)

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
