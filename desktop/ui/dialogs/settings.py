"""Settings: who you are (recorded with every edit), the label set and the taught rules."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import NewsdeskError
from desktop.domain.labels import default_labels
from desktop.domain.model import LabelDef, Rule
from desktop.services import Services
from desktop.ui import plain

from .. import theme
from ..editor.style import contrast_text

NAME, COLOUR, KEY, DESCRIPTION = range(4)


class LabelTable(QTableWidget):
    """Editable rows: name, colour (double-click to pick), key (1-9 or empty), description."""

    def __init__(self, labels: list[LabelDef], parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Label", "Colour", "Key", "Description"])
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLOUR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.cellDoubleClicked.connect(self._pick_colour)
        self.set_labels(labels)

    def set_labels(self, labels: list[LabelDef]) -> None:
        self.setRowCount(0)
        for ld in labels:
            self.add_label(ld)

    def add_label(self, ld: LabelDef) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, NAME, QTableWidgetItem(ld.name))
        colour = QTableWidgetItem(ld.colour)
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        colour.setToolTip("Double-click to choose a colour")
        self.setItem(row, COLOUR, colour)
        self.set_colour(row, ld.colour)
        self.setItem(row, KEY, QTableWidgetItem(ld.key or ""))
        self.setItem(row, DESCRIPTION, QTableWidgetItem(ld.description))

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def set_cell(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        item.setText(text)

    def set_colour(self, row: int, colour: str) -> None:
        self.set_cell(row, COLOUR, colour)
        item = self.item(row, COLOUR)
        if item is not None:
            item.setBackground(QColor(colour))
            item.setForeground(contrast_text(QColor(colour)))  # the hex code stays readable on dark colours

    def _pick_colour(self, row: int, column: int) -> None:
        if column != COLOUR:
            return
        chosen = QColorDialog.getColor(QColor(self.cell(row, COLOUR)), self, "Label colour")
        if chosen.isValid():
            self.set_colour(row, chosen.name().upper())

    def labels(self) -> list[LabelDef]:
        out = []
        for row in range(self.rowCount()):
            key = self.cell(row, KEY).strip() or None
            out.append(LabelDef(name=self.cell(row, NAME).strip(), colour=self.cell(row, COLOUR), key=key,
                                description=self.cell(row, DESCRIPTION).strip()))  # fmt: skip
        return out


class RuleList(QWidget):
    """The taught rules ('always label X as Y'), each removable (undoable)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Text", "Label", "Added"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton("Remove rule", self)
        self.remove_button.clicked.connect(self.remove_selected)
        note = QLabel("Rules apply when articles are pre-annotated. Teach one from a span's context menu.", self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self._rules: list[Rule] = []
        self.refresh()

    def refresh(self) -> None:
        self._rules = self._services.corpus.rules()
        self.table.setRowCount(len(self._rules))
        for row, rule in enumerate(self._rules):
            self.table.setItem(row, 0, QTableWidgetItem(rule.pattern))
            self.table.setItem(row, 1, QTableWidgetItem(rule.label))
            self.table.setItem(row, 2, QTableWidgetItem(rule.created))
        self.remove_button.setEnabled(bool(self._rules))

    def rules(self) -> list[Rule]:
        return list(self._rules)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        for row in rows:
            self._services.corpus.remove_rule(self._rules[row].id)
        self.refresh()


class SettingsDialog(QDialog):
    """Four tabs: Labels, Relations and You (saved on OK) and Rules (removals apply at once, undoable)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._services = services
        self.tabs = QTabWidget(self)
        labels_page = QWidget(self)
        self.labels = LabelTable(services.corpus.labels(), labels_page)
        add = QPushButton("Add label", labels_page)
        add.clicked.connect(lambda: self.labels.add_label(LabelDef(name="NEW_LABEL", colour="#BBBBBB")))
        remove = QPushButton("Remove label", labels_page)
        remove.clicked.connect(self._remove_label)
        reset = QPushButton("Restore defaults", labels_page)
        reset.clicked.connect(lambda: self.labels.set_labels(default_labels()))
        row = QHBoxLayout()
        for b in (add, remove, reset):
            row.addWidget(b)
        row.addStretch(1)
        page_layout = QVBoxLayout(labels_page)
        page_layout.addWidget(self.labels)
        page_layout.addLayout(row)
        self.error = plain.label(QLabel(labels_page))
        self.error.setStyleSheet("color: #B00020;")
        self.error.setWordWrap(True)
        page_layout.addWidget(self.error)
        self.rules = RuleList(services, self)
        you_page = QWidget(self)
        self.annotator = QLineEdit(services.annotator_name or "", you_page)
        self.annotator.setPlaceholderText("e.g. your initials")
        you_form = QFormLayout(you_page)
        you_form.addRow("Your name:", self.annotator)
        hint = QLabel("Recorded with every edit you make (the edit log, and the annotator of each span, "
                      "claim and link in exports). Colleagues on a shared database see it.", you_page)  # fmt: skip
        hint.setWordWrap(True)
        theme.mute(hint)
        you_form.addRow(hint)
        relations_page = QWidget(self)
        self.relation_labels = QPlainTextEdit("\n".join(services.corpus.relation_labels()), relations_page)
        relations_hint = QLabel("Relations between entity spans (R in the text), one per line, e.g. works_for.",
                                relations_page)  # fmt: skip
        relations_hint.setWordWrap(True)
        relations_layout = QVBoxLayout(relations_page)
        relations_layout.addWidget(relations_hint)
        relations_layout.addWidget(self.relation_labels)
        self.relations_error = QLabel(relations_page)
        self.relations_error.setTextFormat(Qt.TextFormat.PlainText)
        self.relations_error.setStyleSheet("color: #B00020;")
        relations_layout.addWidget(self.relations_error)
        self.tabs.addTab(labels_page, "Labels")
        self.tabs.addTab(relations_page, "Relations")
        self.tabs.addTab(self.rules, "Rules")
        self.tabs.addTab(you_page, "You")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _remove_label(self) -> None:
        for row in sorted({i.row() for i in self.labels.selectedIndexes()}, reverse=True):
            self.labels.removeRow(row)

    def accept(self) -> None:
        labels = self.labels.labels()
        bad_key = next((ld.key for ld in labels if ld.key and ld.key not in "123456789"), None)
        if bad_key is not None or any(ld.key and len(ld.key) != 1 for ld in labels):
            self.error.setText("Keys are single digits 1-9 (or empty).")
            return
        relation_names = [ln for ln in (x.strip() for x in self.relation_labels.toPlainText().splitlines()) if ln]
        try:
            self._services.corpus.save_labels(labels)
        except NewsdeskError as exc:
            self.error.setText(str(exc))
            return
        try:
            self._services.corpus.save_relation_labels(relation_names)
        except NewsdeskError as exc:
            self.relations_error.setText(str(exc))
            self.tabs.setCurrentIndex(1)
            return
        self._services.set_annotator_name(" ".join(self.annotator.text().split()) or None)
        super().accept()
