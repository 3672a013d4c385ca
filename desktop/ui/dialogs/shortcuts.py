"""F1 / ?: every keyboard shortcut in one table.

The editor's own keys (they act on the selection in the text, not through a menu) are listed here;
every window command is read from its QAction (menus.py), so a command added there shows up here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# What the exact-character selection is held with: Ctrl (window managers move windows on Alt+drag).
EXACT_SELECTION = "Ctrl while selecting with the mouse"

# The editor's keys (interfaces.md, section 5), in its order; the window's commands follow from their actions.
EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 9", "Give the selected text (or the selected span) the label with that number"),
    ("Delete / Backspace", "Reject or remove the selected span or claim"),
    ("Enter", "Accept the selected suggestion and select the next span"),
    ("Tab / Shift+Tab", "Select the next / previous span"),
    ("Shift+Alt+Left/Right", "Move the selected span's end by one token"),
    ("Ctrl+Alt+Left/Right", "Move the selected span's start by one token"),
    ("C", "Mark the selected text as a claim"),
    ("L", "Link the selected claim (pick the target from a searchable list)"),
    ("Escape", "Clear the selection; in the side panel: back to the text"),
    (EXACT_SELECTION, "Select exact characters instead of whole tokens"),
    ("Escape, Ctrl+W", "Close the Claims or Entities window"),
)


def action_rows(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    """(keys, what it does) of every action with a shortcut, as its menu names it."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
            rows.append((", ".join(keys), what))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, actions: Sequence[QAction] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [*EDITOR_KEYS, *action_rows(actions)]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Key", "Action"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (key, action) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(key))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(680, 600)

    def keys(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def rows(self) -> list[tuple[str, str]]:
        cells = [(self.table.item(r, 0), self.table.item(r, 1)) for r in range(self.table.rowCount())]
        return [(k.text(), a.text()) for k, a in cells if k is not None and a is not None]
