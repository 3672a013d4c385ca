"""File > Export: format, destination, accepted-only, all or the selected articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.catalog import export_formats

# Every export format: (name, description, file suffix; "" = a folder), from the writers' own list.
FORMATS: tuple[tuple[str, str, str], ...] = tuple((f.name, f.description, f.extension) for f in export_formats())


@dataclass(slots=True)
class ExportChoice:
    path: Path
    fmt: str
    accepted_only: bool
    article_ids: list[str] | None  # None = every article


class ExportDialog(QDialog):
    def __init__(self, selected_ids: list[str], start_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._selected = list(selected_ids)
        self._start_dir = start_dir
        self._custom = False
        self.format = QComboBox(self)
        for name, text, _suffix in FORMATS:
            self.format.addItem(f"{text}  [{name}]", name)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("Where to write the export")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.accepted_only = QCheckBox("Only annotations an analyst accepted or made", self)
        self.all_articles = QRadioButton("All articles", self)
        self.selected_articles = QRadioButton(f"The {len(self._selected)} selected article"
                                              f"{'s' if len(self._selected) != 1 else ''}", self)  # fmt: skip
        self.all_articles.setChecked(True)
        self.selected_articles.setEnabled(bool(self._selected))
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("File:", where)
        form.addRow("", self.accepted_only)
        form.addRow("Articles:", self.all_articles)
        form.addRow("", self.selected_articles)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)  # fmt: skip
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._suggest_path)
        self.path.textChanged.connect(self._validate)
        self.path.textEdited.connect(lambda _t: setattr(self, "_custom", True))
        self._suggest_path()
        self.resize(560, 0)

    def _suffix(self) -> str:
        return FORMATS[self.format.currentIndex()][2]

    def _suggest_path(self) -> None:
        """A default name per format; a name the user typed only gets its suffix changed."""
        name = str(self.format.currentData())
        if not self._custom or not self.path.text().strip():
            self.path.setText(str(self._start_dir / f"newsdesk-export-{name}{self._suffix()}"))
            self._custom = False
            return
        current = Path(self.path.text().strip())
        known = {suffix for _n, _t, suffix in FORMATS if suffix}
        stem = current.with_suffix("") if current.suffix in known else current
        self.path.setText(str(stem) + self._suffix())

    def _browse(self) -> None:
        if self._suffix():
            path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), f"*{self._suffix()}")
        else:
            path = QFileDialog.getExistingDirectory(self, "Export into folder", str(self._start_dir))
        if path:
            self._custom = True
            self.path.setText(path)

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.path.text().strip()))

    def set_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(self.format.findData(fmt))

    def choice(self) -> ExportChoice:
        return ExportChoice(
            path=Path(self.path.text().strip()).expanduser(),
            fmt=str(self.format.currentData()),
            accepted_only=self.accepted_only.isChecked(),
            article_ids=self._selected if self.selected_articles.isChecked() else None,
        )
