"""Canonical entities: list, rename, set the Wikidata id, merge, split, and confirm merge proposals.

Every button is one service call, and so one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.domain import validation
from desktop.domain.errors import ActionRefused
from desktop.domain.model import Article, Entity, Span
from desktop.domain.validation import WIKIDATA_TYPING, kb_id_problem
from desktop.services import Committed, Services
from desktop.services.claims import MergeProposal
from desktop.ui import plain

from .. import theme
from ..changes import CommittedChanges, touches
from ..tasks import Task, TaskRunner
from .describe import one_line

ID_ROLE = Qt.ItemDataRole.UserRole


def _retitled(event: Committed) -> bool:
    changes = event.changes.changes if event.changes is not None else ()
    return any(isinstance(c.before, Article) and isinstance(c.after, Article) and c.before.meta != c.after.meta
               for c in changes)  # fmt: skip


def valid_kb_id(text: str) -> bool:
    """A Wikidata item id such as Q43915 (empty means none): the domain's rule, as imports apply it."""
    return validation.kb_id_problem(text) is None


class _Item(QTableWidgetItem):
    """A table cell that sorts numbers as numbers."""

    def __init__(self, text: str, key: object | None = None) -> None:
        super().__init__(text)
        self._key = key if key is not None else text.lower()

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _Item) and type(self._key) is type(other._key):
            return bool(self._key < other._key)  # type: ignore[operator]
        return super().__lt__(other)


class EntitiesDialog(QDialog):
    """The canonical entities of the corpus. ``changed()`` after every action it made."""

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:  # fmt: skip
        """With a ``runner`` the merge proposals are computed off the GUI thread."""
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._computing: Task | None = None
        self._again = False  # a change arrived while proposals were computed: compute once more
        self._entities: dict[str, Entity] = {}
        self._mentions: dict[str, list[Span]] = {}
        self._proposals: list[MergeProposal] = []
        self.setWindowTitle("Entities")
        self.resize(980, 600)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_entities_tab(), "&Entities")
        self.tabs.addTab(self._build_proposals_tab(), "Merge &proposals")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.changes = CommittedChanges(services, self)
        self.changes.committed.connect(self._on_committed)
        self._first_fill = True  # the first proposals decide which tab the dialog opens on
        self.refresh()

    # -- layout -----------------------------------------------------------------
    def _build_entities_tab(self) -> QWidget:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, alias, label or Wikidata id\u2026")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Name", "Label", "Aliases", "Wikidata", "Mentions"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 170)
        header.resizeSection(1, 70)
        header.resizeSection(3, 80)
        header.resizeSection(4, 70)
        self.merge_button = QPushButton("&Merge selected")
        self.merge_button.setToolTip("Merge the selected entities into the current one (its name is kept)")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        merge_row = QHBoxLayout()
        self.selection_note = plain.label(QLabel())
        theme.mute(self.selection_note)
        merge_row.addWidget(self.selection_note, 1)
        merge_row.addWidget(self.merge_button)
        left_layout.addLayout(merge_row)

        self.name = QLineEdit()
        self.label = QComboBox()
        self.kb_id = QLineEdit()
        self.kb_id.setPlaceholderText("e.g. Q43915")
        self.kb_id.setValidator(QRegularExpressionValidator(QRegularExpression(WIKIDATA_TYPING)))
        self.kb_id.setToolTip("The Wikidata item id: Q followed by digits. Leave empty for none.")
        self.save_button = QPushButton("&Save")
        details = QGroupBox("Selected entity")
        form = QFormLayout(details)
        form.addRow("&Name:", self.name)
        form.addRow("&Label:", self.label)
        form.addRow("&Wikidata id:", self.kb_id)
        form.addRow("", self.save_button)

        self.mentions = QListWidget()
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.split_name = QLineEdit()
        self.split_name.setPlaceholderText("Name of the new entity")
        self.split_button = QPushButton("S&plit off")
        self.split_button.setToolTip("Move the selected mentions to a new entity with this name")
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_name, 1)
        split_row.addWidget(self.split_button)
        mentions_box = QGroupBox("Mentions")
        mentions_layout = QVBoxLayout(mentions_box)
        mentions_layout.addWidget(self.mentions, 1)
        mentions_layout.addLayout(split_row)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(details)
        right_layout.addWidget(mentions_box, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.filter.textChanged.connect(self._apply_filter)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.currentCellChanged.connect(lambda *_: self._selection_changed())
        self.merge_button.clicked.connect(self.merge_selected)
        self.save_button.clicked.connect(self.save_details)
        self.name.returnPressed.connect(self.save_details)
        self.kb_id.returnPressed.connect(self.save_details)
        self.mentions.itemSelectionChanged.connect(self._enable)
        self.split_name.textChanged.connect(lambda _t: self._enable())
        self.split_button.clicked.connect(self.split_selected)
        return splitter

    def _build_proposals_tab(self) -> QWidget:
        page = QWidget()
        hint = QLabel("Mentions across the corpus that seem to name the same entity. Confirm to make them one "
                      "entity (one undo step).")  # fmt: skip
        hint.setWordWrap(True)
        self.proposals = QTableWidget(0, 5)
        self.proposals.setHorizontalHeaderLabels(["Name", "Label", "Variants", "Mentions", ""])
        self.proposals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.proposals.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.proposals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.proposals.verticalHeader().hide()
        self.proposals.setWordWrap(False)
        header = self.proposals.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 180)
        header.resizeSection(1, 70)
        header.resizeSection(3, 140)
        header.resizeSection(4, 90)
        self.proposals.installEventFilter(self)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.proposals, 1)
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Enter on a proposal confirms it (the keyboard twin of its Confirm button)."""
        enter = isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.proposals and event.type() == QEvent.Type.KeyPress and enter:
            if self.proposals.currentRow() >= 0:
                self.confirm(self.proposals.currentRow())
            return True
        return super().eventFilter(watched, event)

    # -- public -----------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read entities and proposals (keeps the current entity when it still exists)."""
        current = self.current_entity()
        entities = sorted(self._services.entities.list(), key=lambda e: e.name.lower())
        self._entities = {e.id: e for e in entities}
        self._mentions = {e.id: self._services.entities.mentions(e.id) for e in entities}
        self._fill_labels()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(entities))
        for row, entity in enumerate(entities):
            n = len(self._mentions[entity.id])
            cells = [_Item(entity.name), _Item(entity.label), _Item(", ".join(entity.aliases)),
                     _Item(entity.kb_id or ""), _Item(str(n), n)]  # fmt: skip
            for col, cell in enumerate(cells):
                cell.setData(ID_ROLE, entity.id)
                cell.setToolTip(plain.tip(cell.text()))
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)
        self._apply_filter()
        self.tabs.setTabText(0, f"&Entities ({len(entities)})")
        if current is not None:
            self.select_entities([current])
        self._load_proposals()
        self._selection_changed()

    def _on_committed(self, event: Committed) -> None:
        """Entities, mentions and proposals depend on spans, entities and article titles only:
        an edit to a claim, a link or an article's status does not re-read them."""
        if touches(event, Span, Entity) or _retitled(event):
            self.refresh()

    def current_entity(self) -> str | None:
        item = self.table.currentItem()
        if item is None or self.table.isRowHidden(item.row()):
            return None
        return item.data(ID_ROLE)

    def selected_entities(self) -> list[str]:
        """Selected entity ids, the current one first."""
        rows = sorted({i.row() for i in self.table.selectedItems()})
        ids = [self._row_id(r) for r in rows if not self.table.isRowHidden(r)]
        current = self.current_entity()
        if current in ids:
            ids.remove(current)
            ids.insert(0, current)
        return ids

    def _row_id(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(ID_ROLE)) if item is not None else ""

    def _cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def select_entities(self, entity_ids: list[str]) -> None:
        """Select these entities; the first becomes the current one (the one a merge keeps)."""
        flag = QItemSelectionModel.SelectionFlag
        rows = {self._row_id(r): r for r in range(self.table.rowCount())}
        self.table.clearSelection()
        if not entity_ids or entity_ids[0] not in rows:
            return
        self.table.setCurrentCell(rows[entity_ids[0]], 0, flag.ClearAndSelect | flag.Rows)
        for entity_id in entity_ids[1:]:
            if entity_id in rows:
                index = self.table.model().index(rows[entity_id], 0)
                self.table.selectionModel().select(index, flag.Select | flag.Rows)

    def proposal_count(self) -> int:
        return len(self._proposals)

    def proposal(self, row: int) -> tuple[str, list[Span]]:
        return self._proposals[row].name, list(self._proposals[row].spans)

    @property
    def computing(self) -> bool:
        """Whether merge proposals are being computed in the background."""
        return self._computing is not None

    def confirm_button(self, row: int) -> QPushButton:
        widget = self.proposals.cellWidget(row, 4)
        assert isinstance(widget, QPushButton)
        return widget

    # -- actions ------------------------------------------------------------------
    def _run(self, action: Callable[[], object], done: str) -> bool:
        try:
            action()
        except ActionRefused as exc:
            self._say(str(exc), error=True)
            return False
        self._say(done)  # the commit refreshed the lists already
        self.changed.emit()
        return True

    def confirm(self, row: int) -> bool:
        name, spans = self.proposal(row)
        ids = [s.id for s in spans]
        return self._run(lambda: self._services.entities.confirm_proposal(name, ids),
                         f"'{name}': {len(ids)} mentions are now one entity.")  # fmt: skip

    def save_details(self) -> None:
        entity_id = self.current_entity()
        if entity_id is None:
            return
        entity = self._entities[entity_id]
        name = " ".join(self.name.text().split())
        kb = self.kb_id.text().strip()
        label = self.label.currentText()
        if not name:
            self._say("An entity needs a name.", error=True)
            return
        if not valid_kb_id(kb):
            self._say(f"{kb_id_problem(kb)}.", error=True)
            return
        if (name, kb or None, label) == (entity.name, entity.kb_id, entity.label):
            return
        self._run(lambda: self._services.entities.rename(entity_id, name, kb_id=kb, label=label),
                  f"Saved '{name}'.")  # fmt: skip

    def merge_selected(self) -> None:
        ids = self.selected_entities()
        if len(ids) < 2:
            self._say("Select two or more entities to merge (the current one keeps its name).", error=True)
            return
        keep = self._entities[ids[0]]
        self._run(lambda: self._services.entities.merge(keep.id, ids[1:]),
                  f"Merged {len(ids)} entities into '{keep.name}'.")  # fmt: skip

    def split_selected(self) -> None:
        entity_id = self.current_entity()
        span_ids = [i.data(ID_ROLE) for i in self.mentions.selectedItems()]
        name = " ".join(self.split_name.text().split())
        if entity_id is None or not span_ids or not name:
            self._say("Select the mentions to split off and give the new entity a name.", error=True)
            return
        self.split_name.clear()
        self._run(lambda: self._services.entities.split(entity_id, span_ids, name),
                  f"Split {len(span_ids)} mentions off into '{name}'.")  # fmt: skip

    # -- filling ------------------------------------------------------------------
    def _fill_labels(self) -> None:
        names = [lab.name for lab in self._services.corpus.labels()]
        names += sorted({e.label for e in self._entities.values()} - set(names))
        if [self.label.itemText(i) for i in range(self.label.count())] != names:
            self.label.clear()
            self.label.addItems(names)

    def _load_proposals(self) -> None:
        """Compute the merge proposals: here, or in the background when the dialog has a runner."""
        if self._runner is None:
            self._fill_proposals(self._services.entities.merge_proposals())
            return
        if self._computing is not None:
            self._again = True
            return
        entities = self._services.entities
        task = self._runner.submit("Finding merge proposals", lambda _p: entities.merge_proposals(), writer=False)
        self._computing = task
        task.succeeded.connect(self._fill_proposals)
        task.ended.connect(self._proposals_ended)

    def _proposals_ended(self) -> None:
        self._computing = None
        if self._again:
            self._again = False
            self._load_proposals()

    def _fill_proposals(self, proposals: list[MergeProposal]) -> None:
        if not isValid(self):
            return
        self._proposals = proposals
        self.proposals.setRowCount(len(self._proposals))
        for row, proposal in enumerate(self._proposals):
            name, spans, n = proposal.name, proposal.spans, proposal.n_articles
            cells = [name, proposal.label, ", ".join(proposal.variants),
                     f"{len(spans)} in {n} article{'s' if n != 1 else ''}"]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain.tip(text))
                self.proposals.setItem(row, col, item)
            button = QPushButton("Confirm")
            button.setToolTip(plain.tip(f"Make these {len(spans)} mentions one entity '{name}'"))
            button.clicked.connect(lambda _c=False, r=row: self.confirm(r))
            self.proposals.setCellWidget(row, 4, button)
        self.tabs.setTabText(1, f"Merge &proposals ({len(self._proposals)})")
        if self._first_fill:
            self._first_fill = False
            if not self._entities and self._proposals:  # open where the work is: nothing merged yet
                self.tabs.setCurrentIndex(1)

    def _fill_mentions(self, entity_id: str | None) -> None:
        self.mentions.clear()
        if entity_id is None:
            return
        describer = self._services.read.describer()
        for span in sorted(self._mentions.get(entity_id, []), key=lambda s: (describer.title(s.article_id), s.start)):
            item = QListWidgetItem(f"{one_line(describer.text_of(span))}  \u2014  {describer.title(span.article_id)}")
            item.setData(ID_ROLE, span.id)
            self.mentions.addItem(item)

    def _selection_changed(self) -> None:
        entity_id = self.current_entity()
        entity = self._entities.get(entity_id) if entity_id else None
        self.name.setText(entity.name if entity else "")
        self.kb_id.setText(entity.kb_id or "" if entity else "")
        if entity is not None:
            index = self.label.findText(entity.label)
            self.label.setCurrentIndex(max(index, 0))
        self._fill_mentions(entity_id)
        n = len(self.selected_entities())
        self.selection_note.setText(f"{n} selected" if n > 1 else "Ctrl+click to select entities to merge")
        self._enable()

    def _enable(self) -> None:
        has = self.current_entity() is not None
        for w in (self.name, self.label, self.kb_id, self.save_button):
            w.setEnabled(has)
        self.merge_button.setEnabled(len(self.selected_entities()) >= 2)
        can_split = has and bool(self.mentions.selectedItems()) and bool(self.split_name.text().strip())
        self.split_button.setEnabled(can_split)

    def _apply_filter(self) -> None:
        words = self.filter.text().lower().split()
        for row in range(self.table.rowCount()):
            hay = " ".join(self._cell_text(row, c) for c in range(4)).lower()
            self.table.setRowHidden(row, not all(w in hay for w in words))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.show()
