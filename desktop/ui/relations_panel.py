"""The side panel's "Relations" tab: the open article's entity relations, one per row.

Each row reads ``Netanyahu (PERSON) —works_for→ Likud (ORG)``; double-click (or Enter)
selects the head span in the text, Delete or the Remove button removes the relation
(one undo step). Text from the article is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from .editor import AnnotatedTextView


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


class _List(QListWidget):
    deletePressed = Signal()  # noqa: N815

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class RelationsPanel(QWidget):
    removeRequested = Signal(str)  # noqa: N815 - relation id
    selectRequested = Signal(str)  # noqa: N815 - span id

    def __init__(self, view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.hint = QLabel("Select an entity span and press R to relate it to another one.", self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.list = _List(self)
        self.remove_button = QPushButton("&Remove relation", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button)
        self.remove_button.clicked.connect(self._remove)
        self.list.deletePressed.connect(self._remove)
        self.list.itemActivated.connect(self._activated)
        view.annotationsChanged.connect(self.refresh)
        view.relationsChanged.connect(self.refresh)

    def refresh(self) -> None:
        text = self._view.edge.text
        self.list.clear()
        for rel in self._view.relations():
            head, child = self._view.visible_span(rel.head), self._view.visible_span(rel.child)
            if head is None or child is None:
                continue  # a rejected span's relation is not drawn
            row = (f"{_short(text[head.start : head.end])} ({head.label})  \u2014{rel.label}\u2192  "
                   f"{_short(text[child.start : child.end])} ({child.label})")  # fmt: skip
            item = QListWidgetItem(row)
            item.setData(Qt.ItemDataRole.UserRole, rel.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, rel.head)
            self.list.addItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)

    def rows(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.removeRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _activated(self, item: QListWidgetItem) -> None:
        self.selectRequested.emit(str(item.data(Qt.ItemDataRole.UserRole + 1)))
