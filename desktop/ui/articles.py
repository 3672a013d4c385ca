"""The article list: a table model over the corpus, a sort/filter proxy, and the panel around them."""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import replace
from operator import attrgetter
from typing import Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
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
from desktop.domain.search import ArticleQuery, ArticleSort
from desktop.ui import plain

ID_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_TEXT = {ArticleStatus.TODO: "to do", ArticleStatus.IN_PROGRESS: "in progress", ArticleStatus.DONE: "done"}

_Index = QModelIndex | QPersistentModelIndex


_STATUS = attrgetter("status")


def summary_of(doc: Document) -> ArticleSummary:
    """The list row of an article, computed from the document the window already read."""
    meta = doc.article.meta
    spans = Counter(map(_STATUS, doc.spans))  # one pass at C speed: long articles have thousands
    claims = Counter(map(_STATUS, doc.claims))
    return ArticleSummary(
        id=doc.id,
        title=meta.title,
        source=meta.source,
        published=meta.published,
        status=doc.article.status,
        n_entities=len(doc.spans) - spans[Review.REJECTED],
        n_suggestions=spans[Review.SUGGESTED],
        n_claims=len(doc.claims) - claims[Review.REJECTED],
        annotated_by=doc.article.annotated_by,
    )


class ArticleSource(Protocol):
    """Where the list reads its rows (:class:`desktop.services.corpus.Corpus`)."""

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[ArticleSummary]: ...
    def article_count(self, query: ArticleQuery) -> int: ...
    def article_row(self, query: ArticleQuery, article_id: str) -> int: ...
    def progress(self) -> tuple[int, int]: ...


SORTS = (ArticleSort.TITLE, ArticleSort.SOURCE, ArticleSort.DATE, ArticleSort.STATUS, ArticleSort.ENTITIES)


class ArticleTableModel(QAbstractTableModel):
    """A lazy model: rows are read from the database a page at a time, filtered and sorted there.

    It holds at most ``MAX_PAGES`` pages of :class:`ArticleSummary`, whatever the corpus size.
    Columns: title, source, date, status, entities. Filters are an :class:`ArticleQuery`.
    """

    COLUMNS = ("Title", "Source", "Date", "Status", "Entities")
    TITLE, SOURCE, DATE, STATUS, ENTITIES = range(5)
    PAGE = 200
    MAX_PAGES = 8

    def __init__(self, source: ArticleSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._query = ArticleQuery()
        self._count = 0
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._revised: dict[str, int] = {}  # changed since reviewed: id -> latest revision

    def set_revised(self, revised: dict[str, int]) -> None:
        """Articles with a revision the analyst has not reviewed (marked with ↻ in the title)."""
        if revised != self._revised:
            self._revised = dict(revised)
            if self._count:
                self.dataChanged.emit(self.index(0, self.TITLE), self.index(self._count - 1, self.TITLE))

    def revised(self, article_id: str) -> int | None:
        return self._revised.get(article_id)

    # -- data -----------------------------------------------------------------------
    @property
    def query(self) -> ArticleQuery:
        return self._query

    def set_query(self, query: ArticleQuery) -> None:
        if query != self._query:
            self._query = query
            self.reload()

    def reload(self) -> None:
        """Read the count again and forget the cached pages (after imports, deletions)."""
        count = self._source.article_count(self._query)
        if count == self._count and self._count:
            self._pages.clear()  # same rows (most likely): repaint, keep the view's selection and scroll
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self._count = count
        self._pages.clear()
        self.endResetModel()

    def _page(self, number: int) -> list[ArticleSummary]:
        page = self._pages.get(number)
        if page is None:
            page = self._source.article_page(self._query, number * self.PAGE, self.PAGE)
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def article(self, row: int) -> ArticleSummary | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.PAGE)
        i = row % self.PAGE
        return page[i] if i < len(page) else None

    def update_article(self, summary: ArticleSummary) -> bool:
        """Replace one row (same id) where it is cached; False when the article is not listed."""
        for number, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == summary.id:
                    if r != summary:
                        page[i] = summary
                        row = number * self.PAGE + i
                        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                    return True
        return self.row_of(summary.id) >= 0

    def cached(self, article_id: str) -> ArticleSummary | None:
        """The row of ``article_id`` as last read, if it is in a read page (no database read)."""
        for page in self._pages.values():
            for r in page:
                if r.id == article_id:
                    return r
        return None

    def row_of(self, article_id: str) -> int:
        for number, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == article_id:
                    return number * self.PAGE + i
        return self._source.article_row(self._query, article_id)

    def first(self, query: ArticleQuery) -> ArticleSummary | None:
        """The first row of another list (not shown): one indexed read."""
        page = self._source.article_page(query, 0, 1)
        return page[0] if page else None

    def progress(self) -> tuple[int, int]:
        """(done, total) articles of the whole corpus."""
        return self._source.progress()

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORTS):
            return
        self.set_query(replace(self._query, sort=SORTS[column], descending=order == Qt.SortOrder.DescendingOrder))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        row = self.article(index.row())
        if row is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TITLE:
                n = self._revised.get(row.id)
                note = f"\nChanged since it was reviewed: revision {n}" if n else ""
                return plain.tip((row.title or row.id) + note)
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
            title = row.title or "(untitled)"
            return f"↻ {title}" if self._revised.get(row.id) else title
        if col == self.SOURCE:
            return row.source or ""
        if col == self.DATE:
            return row.published or ""
        if col == self.STATUS:
            return STATUS_TEXT.get(row.status, str(row.status))
        if row.n_suggestions:
            return f"{row.n_entities} ({row.n_suggestions} to review)"
        return str(row.n_entities)


_ROLES = {
    ID_ROLE,
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole,
}


class ArticleListPanel(QWidget):
    """Filter box, corpus progress bar and the table. Emits ``articleSelected(id)``."""

    articleSelected = Signal(str)
    statusFilterChanged = Signal()  # noqa: N815

    def __init__(self, source: ArticleSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.model = ArticleTableModel(source, self)
        self.proxy = self.model  # what the view shows (sorting and filtering happen in SQL)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter articles by title or source")
        self.filter.setClearButtonEnabled(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._typing.start())
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Show articles with status")
        self.status_filter.addItem("All articles", None)
        for status, text in STATUS_TEXT.items():
            self.status_filter.addItem(f"Only {text}", status)
        self.status_filter.currentIndexChanged.connect(self._status_changed)

        self.progress = QProgressBar(self)
        self.progress.setFormat("%v of %m articles done")
        self.progress.setTextVisible(True)
        self.progress_label = plain.label(QLabel(self))

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(ArticleTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self._widths = {ArticleTableModel.SOURCE: 90, ArticleTableModel.DATE: 84, ArticleTableModel.STATUS: 80,
                        ArticleTableModel.ENTITIES: 108}
        for col, width in self._widths.items():
            # Fixed widths: ResizeToContents would read every row of the corpus to measure it.
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        self._keep: str | None = None

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
        status = self.status_filter.currentData()
        chosen = frozenset({ArticleStatus(status)}) if status else frozenset()  # Qt hands the enum back as str
        self.model.set_query(replace(self.model.query, statuses=chosen))
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
    def reload(self) -> None:
        """The corpus changed (import, deletion): count and read the visible rows again."""
        self.model.reload()
        self._show_progress()

    def set_query(self, query: ArticleQuery) -> None:
        """Show the articles ``query`` describes (its sort is the header's; other branches add filters)."""
        self.model.set_query(query)

    def _apply_filter(self) -> None:
        self.model.set_query(replace(self.model.query, text=self.filter.text().strip()))

    def update_article(self, summary: ArticleSummary) -> None:
        """One article changed (an edit): update its row and the corpus progress, no full reload."""
        before = self.model.cached(summary.id)
        if self.model.update_article(summary) and (before is None or before.status != summary.status):
            self._show_progress()  # the corpus count changes with an article's status only

    def _show_progress(self) -> None:
        done, total = self.model.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} articles done")

    def _remember_current(self) -> None:
        self._keep = self.current_id()

    def _restore_current(self) -> None:
        keep, self._keep = self._keep, None
        if keep is not None:
            self.select(keep, emit=False, clear_filter=False)

    # -- selection ------------------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return str(value) if value is not None else None

    def selected_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        ids = (i.data(ID_ROLE) for i in sorted(rows, key=lambda i: i.row()))
        return [str(i) for i in ids if i is not None]

    def ordered_ids(self) -> list[str]:
        """Every article id in the order the user sees them (reads the whole list: for tests and small corpora)."""
        out: list[str] = []
        for row in range(self.model.rowCount()):
            summary = self.model.article(row)
            if summary is not None:
                out.append(summary.id)
        return out

    def select(self, article_id: str, *, emit: bool = True, clear_filter: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row < 0 and clear_filter and (self.filter.text() or self.model.query.text or self.model.query.statuses):
            self.filter.clear()  # filtered out: clear the filters so the article shows
            self._typing.stop()
            self.status_filter.setCurrentIndex(0)
            self._apply_filter()
            row = self.model.row_of(article_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
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
        count = self.model.rowCount()
        if not count:
            return None
        row = self.model.row_of(article_id) if article_id is not None else -1
        target = (0 if step > 0 else count - 1) if row < 0 else row + step
        summary = self.model.article(target) if 0 <= target < count else None
        return summary.id if summary is not None else None

    def next_in(self, statuses: frozenset[ArticleStatus], after: str | None) -> str | None:
        """The first article in the visible order with one of ``statuses``, other than ``after``."""
        query = replace(self.model.query, text="", statuses=statuses, exclude=after)
        first = self.model.first(query)
        return first.id if first is not None else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            value = current.data(ID_ROLE)
            if value is not None:
                self.articleSelected.emit(str(value))
