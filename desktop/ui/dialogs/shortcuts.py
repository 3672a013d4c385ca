"""F1 / ?: every keyboard shortcut of the contract, in one table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# The contract's keys (interfaces.md, section 5), in its order.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("1 … 9", "Give the selected text (or the selected span) the label with that number"),
    ("Delete / Backspace", "Reject or remove the selected span or claim"),
    ("Enter", "Accept the selected suggestion"),
    ("Tab / Shift+Tab", "Select the next / previous span"),
    ("Shift+Alt+Left/Right", "Move the selected span's end by one token"),
    ("Ctrl+Alt+Left/Right", "Move the selected span's start by one token"),
    ("C", "Mark the selected text as a claim"),
    ("L", "Link the selected claim (pick the target from a searchable list)"),
    ("R", "Relate the selected entity span to another one (works_for, member_of, met_with, …)"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Ctrl+Enter", "Mark the article done and open the next one"),
    ("Alt+Down / Alt+Up", "Next / previous article"),
    ("Ctrl+F", "Search the corpus"),
    ("F1 or ?", "Show every shortcut"),
    ("Escape", "Clear the selection"),
    ("Alt while selecting", "Select exact characters instead of whole tokens"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setHorizontalHeaderLabels(["Key", "Action"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (key, action) in enumerate(SHORTCUTS):
            self.table.setItem(row, 0, QTableWidgetItem(key))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def keys(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]
