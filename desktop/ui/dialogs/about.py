"""Help > About: versions of Newsdesk, the spaCy model and the database schema, and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop import __version__
from desktop.services import Services


def about_facts(services: Services) -> list[tuple[str, str]]:
    info = services.model_info()
    model = f"{info.name} {info.version}" if info.name else "none installed (rule-based suggestions only)"
    if info.name and not info.loaded:
        model += " (not loaded yet)"
    try:
        schema = services.schema_version()
    except Exception as exc:  # noqa: BLE001 - About must open even on a sick database
        schema = f"unknown ({exc})"
    return [
        ("Newsdesk", __version__),
        ("spaCy model", model),
        ("Database schema", schema),
        ("Database", services.corpus.location),
    ]


class AboutDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Newsdesk")
        layout = QVBoxLayout(self)
        title = QLabel("<b>Newsdesk</b>", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        blurb = QLabel("Annotate news articles: entities, claims and the links between them.", self)
        blurb.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(blurb)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, value in about_facts(services):
            label = QLabel(value, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
            self.values[name] = label
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 220)
