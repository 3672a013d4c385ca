"""The article list: a table model over the corpus, a sort/filter proxy, and the panel around them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import ArticleStatus, ArticleSummary, Document, Review

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_TEXT = {ArticleStatus.TODO: "to do", ArticleStatus.IN_PROGRESS: "in progress", ArticleStatus.DONE: "done"}
STATUS_ORDER = {ArticleStatus.TODO: 0, ArticleStatus.IN_PROGRESS: 1, ArticleStatus.DONE: 2}

_Index = QModelIndex | QPersistentModelIndex


def summary_of(doc: Document) -> ArticleSummary:
    """The list row of an article, computed from the document the window already read."""
    meta = doc.article.meta
    return ArticleSummary(
        id=doc.id,
        title=meta.title,
        source=meta.source,
        published=meta.published,
        status=doc.article.status,
        n_entities=sum(1 for s in doc.spans if s.visible),
        n_suggestions=sum(1 for s in doc.spans if s.status == Review.SUGGESTED),
        n_claims=sum(1 for c in doc.claims if c.visible),
        annotated_by=doc.article.annotated_by,
    )


class ArticleTableModel(QAbstractTableModel):
    """Rows are :class:`ArticleSummary`; columns: title, source, date, status, entities."""

    COLUMNS = ("Title", "Source", "Date", "Status", "Entities")
    TITLE, SOURCE, DATE, STATUS, ENTITIES = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []

    # -- data -----------------------------------------------------------------------
    def set_articles(self, rows: Sequence[ArticleSummary]) -> None:
        """Replace the rows; when the ids are the same in the same order only the cells change."""
        rows = list(rows)
        if [r.id for r in rows] == [r.id for r in self._rows]:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, rows, strict=True)) if a != b]
            self._rows = rows
            if changed:
                top = self.index(min(changed), 0)
                bottom = self.index(max(changed), len(self.COLUMNS) - 1)
                self.dataChanged.emit(top, bottom)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def update_article(self, summary: ArticleSummary) -> bool:
        """Replace one row (same id) in place; False when the article is not listed."""
        row = self.row_of(summary.id)
        if row < 0:
            return False
        if self._rows[row] != summary:
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        return True

    def article(self, row: int) -> ArticleSummary:
        return self._rows[row]

    def row_of(self, article_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == article_id:
                return i
        return -1

    def articles(self) -> list[ArticleSummary]:
        return list(self._rows)

    def progress(self) -> tuple[int, int]:
        """(done, total) articles."""
        return sum(1 for r in self._rows if r.status == ArticleStatus.DONE), len(self._rows)

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TITLE:
                return row.title or row.id
            if col == self.ENTITIES:
                return (f"{row.n_entities} entities ({row.n_suggestions} suggestions to review), "
                        f"{row.n_claims} claims")  # fmt: skip
            if col == self.STATUS and row.annotated_by is None:
                return "not pre-annotated yet"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.ENTITIES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS and row.status == ArticleStatus.DONE:
            return QColor("#2E7D32")
        return None

    def _display(self, row: ArticleSummary, col: int) -> str:
        if col == self.TITLE:
            return row.title or "(untitled)"
        if col == self.SOURCE:
            return row.source or ""
        if col == self.DATE:
            return row.published or ""
        if col == self.STATUS:
            return STATUS_TEXT.get(row.status, str(row.status))
        if row.n_suggestions:
            return f"{row.n_entities} ({row.n_suggestions} to review)"
        return str(row.n_entities)

    def _sort_key(self, row: ArticleSummary, col: int) -> object:
        if col == self.STATUS:
            return STATUS_ORDER.get(row.status, 0)
        if col == self.ENTITIES:
            return row.n_entities
        return self._display(row, col).casefold()


class ArticleFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and filters on title and source, case-insensitively."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    _status: ArticleStatus | None = None

    def set_status(self, status: ArticleStatus | None) -> None:
        """Show only articles with this status (None: all)."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._status = status
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 (Qt override)
        if self._status is not None:
            model = self.sourceModel()
            if isinstance(model, ArticleTableModel) and model.article(source_row).status != self._status:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class ArticleListPanel(QWidget):
    """Filter box, corpus progress bar and the table. Emits ``articleSelected(id)``."""

    articleSelected = Signal(str)
    statusFilterChanged = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.model = ArticleTableModel(self)
        self.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter articles by title or source")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Show articles with status")
        self.status_filter.addItem("All articles", None)
        for status, text in STATUS_TEXT.items():
            self.status_filter.addItem(f"Only {text}", status)
        self.status_filter.currentIndexChanged.connect(self._status_changed)

        self.progress = QProgressBar(self)
        self.progress.setFormat("%v of %m articles done")
        self.progress.setTextVisible(True)
        self.progress_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ArticleTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (ArticleTableModel.SOURCE, ArticleTableModel.DATE, ArticleTableModel.STATUS,
                    ArticleTableModel.ENTITIES):  # fmt: skip
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        fm = self.view.fontMetrics()
        samples = ((ArticleTableModel.SOURCE, "CBS News  "), (ArticleTableModel.DATE, "2025-07-10  "),
                   (ArticleTableModel.STATUS, "in progress  "), (ArticleTableModel.ENTITIES, "99 (99 to review)"))
        self._widths = {col: fm.horizontalAdvance(sample) + 12 for col, sample in samples}
        for col, width in self._widths.items():
            header.resizeSection(col, width)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        pal = self.progress.palette()
        pal.setColor(QPalette.ColorRole.Highlight, QColor("#2E7D32"))
        self.progress.setPalette(pal)

    def _status_changed(self, _index: int) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self.statusFilterChanged.emit()

    TITLE_MIN = 160  # px the title column keeps; narrower lists drop the other columns, least useful first

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once the table inside has its new width

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        room = self.view.viewport().width() - self.TITLE_MIN
        for col in (ArticleTableModel.DATE, ArticleTableModel.STATUS, ArticleTableModel.ENTITIES,
                    ArticleTableModel.SOURCE):  # kept in this order of importance  # fmt: skip
            width = self._widths[col]
            fits = room >= width
            if header.isSectionHidden(col) == fits:
                header.setSectionHidden(col, not fits)
                if fits:
                    header.resizeSection(col, width)
            if fits:
                room -= width

    # -- content ----------------------------------------------------------------------
    def set_articles(self, rows: Sequence[ArticleSummary]) -> None:
        current = self.current_id()
        self.model.set_articles(rows)
        self._show_progress()
        if current is not None and self.current_id() != current:
            self.select(current, emit=False)

    def update_article(self, summary: ArticleSummary) -> None:
        """One article changed (an edit): update its row and the corpus progress, no full reload."""
        if self.model.update_article(summary):
            self._show_progress()

    def _show_progress(self) -> None:
        done, total = self.model.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} articles done")

    # -- selection ------------------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        return [str(i.data(ID_ROLE)) for i in sorted(rows, key=lambda i: i.row())]

    def ordered_ids(self) -> list[str]:
        """Article ids in the order the user sees them (sorted and filtered)."""
        return [str(self.proxy.index(r, 0).data(ID_ROLE)) for r in range(self.proxy.rowCount())]

    def select(self, article_id: str, *, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: clear the filters so the article shows
            self.filter.clear()
            self.status_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._quiet = not emit
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(index, flags)
        finally:
            self._quiet = False
        self.view.scrollTo(index)
        return True

    def neighbour(self, article_id: str | None, step: int) -> str | None:
        """The article ``step`` rows below (or above) ``article_id`` in the visible order."""
        ids = self.ordered_ids()
        if not ids:
            return None
        if article_id not in ids:
            return ids[0] if step > 0 else ids[-1]
        i = ids.index(article_id) + step
        return ids[i] if 0 <= i < len(ids) else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.articleSelected.emit(str(current.data(ID_ROLE)))
