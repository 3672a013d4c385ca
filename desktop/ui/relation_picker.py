"""Relate the selected entity span to another one: pick the relation and the other span by keyboard.

Type to filter the article's other entity spans, Up/Down to choose, Enter to relate. The
relation box lists the relation set (works_for, member_of, met_with, …) and takes a new
name typed into it, which then joins the set. One relation made is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Span
from desktop.services import Services

_NAV = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


class _Arrows(QObject):
    def __init__(self, target: QListWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._list = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _NAV:
            self._list.keyPressEvent(QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return False


class RelationPicker(QDialog):
    """Modal; use :meth:`pick`."""

    def __init__(self, services: Services, head: Span, spans: Sequence[Span], text: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._services = services
        self._head = head
        self._others = [s for s in spans if s.id != head.id]
        self._text = text
        self.relation_id: str | None = None
        self.setWindowTitle("Relate entity")
        self.setMinimumSize(560, 380)
        self.head_label = QLabel()
        self.head_label.setTextFormat(Qt.TextFormat.PlainText)  # article text is never markup
        self.head_label.setText(f"{_one_line(text[head.start : head.end])} ({head.label})")
        self.label_combo = QComboBox()
        self.label_combo.setEditable(True)  # a new relation name joins the set
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.addItems(services.relations.labels())
        self.reverse = QCheckBox("&Reverse: the other span is the head")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to search the article's entities\u2026")
        self.search.setClearButtonEnabled(True)
        self.targets = QListWidget()
        self.targets.setUniformItemSizes(True)
        self.search.installEventFilter(_Arrows(self.targets, self))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox()
        self.relate_button = QPushButton("Relate")
        self.relate_button.setDefault(True)
        buttons.addButton(self.relate_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.relate_button.clicked.connect(self._relate)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Entity:", self.head_label)
        form.addRow("Re&lation:", self.label_combo)
        form.addRow("", self.reverse)
        form.addRow("&Search:", self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._refilter)
        self.targets.itemDoubleClicked.connect(lambda _item: self._relate())
        self._refilter()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.search.setFocus()

    @classmethod
    def pick(cls, parent: QWidget | None, services: Services, head: Span, spans: Sequence[Span], text: str) -> bool:
        dialog = cls(services, head, spans, text, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.relation_id is not None
        finally:
            dialog.deleteLater()

    def _refilter(self) -> None:
        needle = self.search.text().strip().casefold()
        self.targets.clear()
        # nearest spans first: relations mostly join entities of one passage
        for span in sorted(self._others, key=lambda s: abs(s.start - self._head.start)):
            shown = f"{_one_line(self._text[span.start : span.end])}  ({span.label})"
            if needle and needle not in shown.casefold():
                continue
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, span.id)
            self.targets.addItem(item)
        if self.targets.count():
            self.targets.setCurrentRow(0)

    def _relate(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            self.message.setText("Choose the other entity from the list.")
            self.message.show()
            return
        other = str(item.data(Qt.ItemDataRole.UserRole))
        head, child = (other, self._head.id) if self.reverse.isChecked() else (self._head.id, other)
        try:
            rel = self._services.relations.add(head, child, self.label_combo.currentText())
        except ActionRefused as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.relation_id = rel.id
        self.accept()
