"""The entity side list: the open article's visible spans, grouped by label and text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.domain.model import Review, Span

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
        expanded = {self.tree.topLevelItem(i).text(0).split(" ")[0] for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}  # fmt: skip
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
                child.setToolTip(0, tip)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(first or label in expanded or not expanded)

    def mention_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out += [top.child(j) for j in range(top.childCount())]
        return out

    def find(self, label: str, mention: str) -> QTreeWidgetItem | None:
        for item in self.mention_items():
            if item.parent().text(0) == label and item.text(0) == mention:
                return item
        return None

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ids = item.data(0, SPAN_IDS_ROLE)
        if not ids:
            return
        key = f"{item.parent().text(0)}\x00{item.text(0)}"
        i = self._cursor.get(key, 0) % len(ids)
        self._cursor[key] = i + 1
        self.spanRequested.emit(str(ids[i]))
