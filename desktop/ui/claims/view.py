"""The Claims view: every claim in the corpus as a sortable, filterable table, and a timeline."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import ClaimKind, Verdict
from desktop.services import Committed, Services
from desktop.ui import plain

from ..changes import CommittedChanges
from .revision_events import with_revision_events
from .table_model import ARTICLE_ID_ROLE, CLAIM_ID_ROLE, ClaimsFilterProxy, ClaimsTableModel, Column
from .timeline import TimelineWidget


class _ClaimsTable(QTableView):
    """A table view that opens the current row on Enter (double-click is handled by the view)."""

    openCurrent = Signal()  # noqa: N815 - Qt naming

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openCurrent.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ClaimsView(QWidget):
    """``openRequested(article_id, claim_id)`` on double-click or Enter (table and timeline)."""

    openRequested = Signal(str, str)  # noqa: N815 - Qt naming

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._dirty = True

        self.model = ClaimsTableModel(self)
        self.proxy = ClaimsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter claims: text, article, claimant\u2026")
        self.filter.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", "")
        for kind in ClaimKind:
            self.kind.addItem(str(kind), str(kind))
        self.verdict = QComboBox()
        self.verdict.addItem("All verdicts", "")
        for verdict in Verdict:
            self.verdict.addItem(str(verdict), str(verdict))
        self.count = plain.label(QLabel())
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.kind)
        bar.addWidget(self.verdict)
        bar.addWidget(self.count)

        self.table = _ClaimsTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {Column.ARTICLE: 170, Column.DATE: 85, Column.CLAIMANT: 120, Column.KIND: 70, Column.VERDICT: 80,
                  Column.CHECKWORTHY: 50, Column.STATUS: 80, Column.LINKS: 45}  # fmt: skip
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)

        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.table, 1)

        self.timeline = TimelineWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_page, "&Table")
        self.tabs.addTab(scroll, "T&imeline")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.filter.textChanged.connect(self._filter_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.verdict.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.table.doubleClicked.connect(self._open_index)
        self.table.openCurrent.connect(lambda: self._open_index(self.table.currentIndex()))
        self.timeline.openRequested.connect(self.openRequested)
        self.changes = CommittedChanges(services, self)
        self.changes.committed.connect(self._history_changed)
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Escape or Ctrl+W (the platform's Close key) closes the window, as for the Entities dialog."""
        if self.isWindow() and (event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close)):
            self.close()
            return
        super().keyPressEvent(event)

    # -- public -----------------------------------------------------------------
    def refresh(self) -> None:
        """Reload every claim (keeps the selection, sort order and filters)."""
        current = self.current_claim()
        refs = self._services.claims.list()
        self.model.set_refs(refs)
        desk = self._services.revisions
        groups, events = with_revision_events(self._services.read.timeline_groups(refs),
                                              desk.claim_event_lines([r.claim.id for r in refs]),
                                              desk.removed_claims())  # fmt: skip
        self.timeline.set_groups(groups, events)
        self._dirty = False
        self._update_count()
        if current is not None:
            self.select_claim(current)

    def current_claim(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CLAIM_ID_ROLE) if index.isValid() else None

    def select_claim(self, claim_id: str) -> bool:
        row = self.model.row_of(claim_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def show_timeline(self) -> None:
        self.tabs.setCurrentIndex(1)

    # -- behaviour ----------------------------------------------------------------
    def _history_changed(self, _event: Committed) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.filter.text())
        self.proxy.set_kind(self.kind.currentData())
        self.proxy.set_verdict(self.verdict.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{total} claims" if shown == total else f"{shown} of {total} claims")

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(index.data(ARTICLE_ID_ROLE), index.data(CLAIM_ID_ROLE))
