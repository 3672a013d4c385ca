"""An article's revisions: the history, a diff between any two, and the annotations that need a look.

Every text shown comes from data and is set as plain text (no rich-text guessing): the diff is
built with character formats on a QTextCursor, never with markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import NewsdeskError
from desktop.domain.model import Claim
from desktop.services import Services

from ..changes import CommittedChanges

DELETED = QColor("#F8D7DA")
INSERTED = QColor("#D4EDDA")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    return label


class RevisionsDialog(QDialog):
    """Emits ``changed`` after an answer to "needs a look" (the window re-reads the article)."""

    changed = Signal()

    def __init__(self, services: Services, article_id: str, selection: Callable[[], tuple[int, int] | None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._services = services
        self._desk = services.revisions
        self._article_id = article_id
        self._selection = selection  # the text selected in the article view (code points), if any
        self.setWindowTitle("Revisions - Newsdesk")
        self.resize(980, 680)

        self.heading = _plain_label("", self)
        self.history = QListWidget(self)
        self.history.setMaximumWidth(300)
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.old_box = QComboBox(self)
        self.new_box = QComboBox(self)
        self.summary = _plain_label("", self)
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        compare = QHBoxLayout()
        compare.addWidget(_plain_label("Compare revision", self))
        compare.addWidget(self.old_box)
        compare.addWidget(_plain_label("with", self))
        compare.addWidget(self.new_box)
        compare.addStretch(1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(compare)
        rl.addWidget(self.summary)
        rl.addWidget(self.diff, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.history)
        top.addWidget(right)
        top.setStretchFactor(1, 1)

        self.look_label = _plain_label("", self)
        self.look = QListWidget(self)
        self.place_suggested = QPushButton("Place at the &suggestion", self)
        self.place_selected = QPushButton("Place at the text selected in the &article", self)
        self.keep = QPushButton("&Keep on the old revision only", self)
        self.drop = QPushButton("&Drop", self)
        self.reviewed = QPushButton("Mark this revision &reviewed", self)
        answers = QHBoxLayout()
        for b in (self.place_suggested, self.place_selected, self.keep, self.drop):
            answers.addWidget(b)
        answers.addStretch(1)
        self.message = _plain_label("", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.reviewed, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(top, 3)
        layout.addWidget(self.look_label)
        layout.addWidget(self.look, 1)
        layout.addLayout(answers)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.old_box.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.new_box.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.look.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.place_suggested.clicked.connect(self._place_suggested)
        self.place_selected.clicked.connect(self._place_selected)
        self.keep.clicked.connect(lambda: self._answer(self._desk.keep_on_old_revision))
        self.drop.clicked.connect(lambda: self._answer(self._desk.drop))
        self.reviewed.clicked.connect(self._mark_reviewed)
        self.changes = CommittedChanges(services, self)  # an undo in the window brings an item back here
        self.changes.committed.connect(lambda _event: self._fill_look())
        self.reload()

    # -- content ----------------------------------------------------------------------------------
    def reload(self) -> None:
        revisions = self._desk.revisions(self._article_id)
        latest = revisions[-1]
        self.heading.setText(f"{latest.title or self._article_id}: {len(revisions)} "
                             f"revision{'s' if len(revisions) != 1 else ''}")  # fmt: skip
        self.history.clear()
        for r in revisions:
            state = "current" if r is latest else "read-only"
            when = r.created or "first import"
            line = f"Revision {r.number} ({state})\n{when}"
            if r.summary:
                line += f"\n{r.summary}"
            if r is latest and not r.reviewed:
                line += "\nnot reviewed yet"
            self.history.addItem(QListWidgetItem(line))
        for box in (self.old_box, self.new_box):
            box.blockSignals(True)
            box.clear()
            for r in revisions:
                box.addItem(str(r.number), r.number)
            box.blockSignals(False)
        self.old_box.setCurrentIndex(max(0, len(revisions) - 2))
        self.new_box.setCurrentIndex(len(revisions) - 1)
        self.reviewed.setEnabled(not latest.reviewed)
        self.show_diff()
        self._fill_look()

    def show_diff(self) -> None:
        a, b = self.old_box.currentData(), self.new_box.currentData()
        if a is None or b is None:
            return
        diff = self._desk.diff(self._article_id, int(a), int(b))
        self.summary.setText(f"Revision {a} -> {b}: {diff.summary}")
        self.diff.clear()
        cursor = QTextCursor(self.diff.document())
        plain = QTextCharFormat()
        gone = QTextCharFormat()
        gone.setBackground(DELETED)
        gone.setFontStrikeOut(True)
        came = QTextCharFormat()
        came.setBackground(INSERTED)
        came.setFontUnderline(True)
        came.setFontWeight(QFont.Weight.Bold)
        for op, text in diff.pieces:
            cursor.insertText(text, plain if op == "=" else (gone if op == "-" else came))
        self.diff.moveCursor(QTextCursor.MoveOperation.Start)

    def _fill_look(self) -> None:
        items = self._desk.needs_a_look(self._article_id)
        self.look.clear()
        self.look_label.setText(f"Needs a look: {len(items)} annotation{'s' if len(items) != 1 else ''} "
                                "without a confident place in the current revision" if items
                                else "Needs a look: nothing; every annotation was carried over")  # fmt: skip
        text = self._services.corpus.document(self._article_id).text
        for u in items:
            kind = "claim" if isinstance(u.annotation, Claim) else f"span {getattr(u.annotation, 'label', '')}"
            line = f"{kind}: “{u.old_text}” (not placed in revision {u.revision})"
            if u.suggestion is not None:
                s, e = u.suggestion
                line += f"; suggestion: “{text[s:e]}” ({round(100 * u.score)}%)"
            item = QListWidgetItem(line)
            item.setData(ID_ROLE, u.id)
            item.setData(ID_ROLE + 1, u.suggestion)
            self.look.addItem(item)
        if items:
            self.look.setCurrentRow(0)
        self._update_buttons()

    def _current(self) -> tuple[str, tuple[int, int] | None] | None:
        item = self.look.currentItem()
        if item is None:
            return None
        return str(item.data(ID_ROLE)), item.data(ID_ROLE + 1)

    def _update_buttons(self) -> None:
        current = self._current()
        for b in (self.place_selected, self.keep, self.drop):
            b.setEnabled(current is not None)
        self.place_suggested.setEnabled(current is not None and current[1] is not None)

    # -- answers: each one undoable action --------------------------------------------------------
    def _answer(self, fn: Callable[..., object], *args: int) -> None:
        current = self._current()
        if current is None:
            return
        try:
            fn(current[0], *args)
        except NewsdeskError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Done: {self._services.history.undo_text} (Ctrl+Z in the window undoes it)")
        self._fill_look()
        self.changed.emit()

    def _place_suggested(self) -> None:
        current = self._current()
        if current is not None and current[1] is not None:
            self._answer(self._desk.place, *current[1])

    def _place_selected(self) -> None:
        sel = self._selection()
        if sel is None or sel[0] == sel[1]:
            self.message.setText("Select the text in the article first, then press this button.")
            return
        self._answer(self._desk.place, sel[0], sel[1])

    def _mark_reviewed(self) -> None:
        self._desk.mark_reviewed(self._article_id)
        self.reload()
        self.changed.emit()
