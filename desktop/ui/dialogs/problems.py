"""The import report: files an import could not read, each with its reason, and what the
imported files held that Newsdesk could not keep as it was, each with its file and line/task."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
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


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = plain.plain_label(text, parent)  # file names and reasons come from data: never markup
    label.setWordWrap(True)
    return label


class FileProblemsDialog(QDialog):
    """Two tables: files that failed (file, reason) and items kept differently or skipped (where, what).

    ``problems`` are (path, one-line error) pairs; ``skipped`` are (file and line/task, what) pairs.
    """

    def __init__(self, summary: str, problems: Sequence[tuple[str, str]], parent: QWidget | None = None, *,
                 skipped: Sequence[tuple[str, str]] = ()) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Some files could not be imported" if problems else "Import report")
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(f"{summary}.", self))
        self.skipped = QTableWidget(len(skipped), 2, self)
        self.skipped.setHorizontalHeaderLabels(["Where", "Not kept as it was"])
        self.skipped.verticalHeader().setVisible(False)
        self.skipped.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (where, what) in enumerate(skipped):
            self.skipped.setItem(row, 0, QTableWidgetItem(where))
            self.skipped.setItem(row, 1, QTableWidgetItem(what))
        self.skipped.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.skipped.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if problems:
            layout.addWidget(_plain_label("These files were skipped; the database holds nothing from them:", self))
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
        self.table.setVisible(bool(problems))
        if skipped:
            layout.addWidget(_plain_label("The imported files held these, which Newsdesk kept differently or "
                                          "could not keep:", self))  # fmt: skip
            layout.addWidget(self.skipped)
        self.skipped.setVisible(bool(skipped))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 460 if problems and skipped else 320)

    def rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1)) for r in range(self.table.rowCount())]

    def skipped_rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.skipped.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1)) for r in range(self.skipped.rowCount())]
