"""Relate the selected entity span to another one: pick the relation and the other span by keyboard.

Type to filter the article's other entity spans, Up/Down to choose, Enter to relate. The
relation box lists the relation set (works_for, member_of, met_with, …) and takes a new
name typed into it, which then joins the set. One relation made is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Span
from desktop.services import Services
from desktop.ui import plain
from desktop.ui.pickers import SearchPicker


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


class RelationPicker(SearchPicker):
    """Modal; use :meth:`pick`."""

    def __init__(self, services: Services, head: Span, spans: Sequence[Span], text: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("Relate entity", "Relate", parent)
        self._services = services
        self._head = head
        self._others = [s for s in spans if s.id != head.id]
        self._text = text
        self.relation_id: str | None = None
        self.setMinimumSize(560, 380)
        self.relate_button = self.action_button
        self.head_label = plain.label(QLabel())  # article text is never markup
        self.head_label.setText(f"{_one_line(text[head.start : head.end])} ({head.label})")
        self.label_combo = QComboBox()
        self.label_combo.setEditable(True)  # a new relation name joins the set
        self.label_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label_combo.addItems(services.relations.labels())
        self.reverse = QCheckBox("&Reverse: the other span is the head")
        self.search.setPlaceholderText("Type to search the article's entities\u2026")
        form = QFormLayout()
        form.addRow("Entity:", self.head_label)
        form.addRow("Re&lation:", self.label_combo)
        form.addRow("", self.reverse)
        form.addRow("&Search:", self.search)
        self.build(form)
        self.search.textChanged.connect(self._refilter)
        self._refilter()

    @classmethod
    def pick(cls, parent: QWidget | None, services: Services, head: Span, spans: Sequence[Span], text: str) -> bool:
        dialog = cls(services, head, spans, text, parent)
        return dialog.run() and dialog.relation_id is not None

    def _refilter(self) -> None:
        needle = self.search.text().strip().casefold()
        rows = []
        # nearest spans first: relations mostly join entities of one passage
        for span in sorted(self._others, key=lambda s: abs(s.start - self._head.start)):
            shown = f"{_one_line(self._text[span.start : span.end])}  ({span.label})"
            if not needle or needle in shown.casefold():
                rows.append((shown, span.id, ""))
        n = self.fill(rows)
        self.count.setText(f"{n} entities" if n else "No entity matches.")

    def act(self) -> None:
        other = self.current_target()
        if other is None:
            self.show_message("Choose the other entity from the list.")
            return
        head, child = (other, self._head.id) if self.reverse.isChecked() else (self._head.id, other)
        try:
            rel = self._services.relations.add(head, child, self.label_combo.currentText())
        except ActionRefused as exc:
            self.show_message(str(exc))
            return
        self.relation_id = rel.id
        self.accept()
