"""The files an import could not read, each with its reason."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import plain


def split_error(path: str, error: str) -> str:
    """The reason part of a one-line "<file>[:line]: <reason>" message."""
    for prefix in (f"{path}:", path):
        if error.startswith(prefix):
            rest = error[len(prefix) :].lstrip(": ")
            return rest or error
    return error


class FileProblemsDialog(QDialog):
    """A table: file, reason. ``problems`` are (path, one-line error) pairs."""

    def __init__(self, summary: str, problems: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Some files could not be imported")
        layout = QVBoxLayout(self)
        head = plain.plain_label(f"{summary}.\nThese files were skipped; the database holds nothing from them:", self)
        layout.addWidget(head)
        self.table = QTableWidget(len(problems), 2, self)
        self.table.setHorizontalHeaderLabels(["File", "Reason"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (path, error) in enumerate(problems):
            item = QTableWidgetItem(path)
            item.setToolTip(plain.tip(error))
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(split_error(path, error)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1)) for r in range(self.table.rowCount())]
