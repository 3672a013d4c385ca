"""What the keyboard-driven pickers share (Link claim, Relate entity): a search box over a list.

Typing filters, Up/Down/PageUp/PageDown typed in the search box move the list's current row,
Enter presses the dialog's one action button, Esc cancels. Every text shown is plain text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
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

from desktop.ui import plain

ID_ROLE = Qt.ItemDataRole.UserRole
NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class ArrowsToList(QObject):
    """Up/Down typed in the search box move the list's current row."""

    def __init__(self, target: QListWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._list = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in NAV_KEYS:
            self._list.keyPressEvent(QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return False


class SearchPicker(QDialog):
    """A modal dialog: form rows on top, then the search box, the list, a count, a message and the buttons.

    Subclasses build their own form rows, call :meth:`build`, and implement what the action
    button does; :meth:`fill` replaces the list and :meth:`show_message` explains a refusal."""

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.targets = QListWidget()
        self.targets.setUniformItemSizes(True)
        self.targets.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.search.installEventFilter(ArrowsToList(self.targets, self))
        self.message = plain.label(QLabel())
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.count = plain.label(QLabel())
        self.action_button = QPushButton(action)
        self.action_button.setDefault(True)  # Enter presses it
        self.action_button.clicked.connect(self.act)
        self.targets.itemDoubleClicked.connect(lambda _item: self.act())
        self.targets.currentRowChanged.connect(lambda _row: self.message.hide())

    def build(self, form: QFormLayout) -> None:
        """Lay out ``form`` (whose last row should be the search box), the list and the buttons."""
        buttons = QDialogButtonBox()
        buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.search, self.targets)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.search.setFocus()  # typing filters right away

    def run(self) -> bool:
        """Show the dialog modally and delete it afterwards; True when it was accepted."""
        try:
            return self.exec() == QDialog.DialogCode.Accepted
        finally:
            self.deleteLater()

    def fill(self, rows: Iterable[tuple[str, str, str]]) -> int:
        """Replace the list with ``(text, object id, tooltip)`` rows; select the first. Returns the count."""
        self.targets.clear()
        for text, object_id, tooltip in rows:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, object_id)
            if tooltip:
                item.setToolTip(plain.tip(tooltip))
            self.targets.addItem(item)
        if self.targets.count():
            self.targets.setCurrentRow(0)
        self.action_button.setEnabled(self.targets.count() > 0)
        self.message.hide()
        return self.targets.count()

    def current_target(self) -> str | None:
        item = self.targets.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def act(self) -> None:
        """What the action button does (the subclass's)."""
        raise NotImplementedError
