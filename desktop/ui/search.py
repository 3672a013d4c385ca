"""Ctrl+F: a search panel docked beside the article (it never covers it).

The query goes to :class:`desktop.services.search.Search` on a worker thread; results
show their snippets as plain text with the matched terms painted, never as markup.
Choosing a result emits ``hitChosen`` and the window opens the article at the match.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import NewsdeskError
from desktop.domain.model import ArticleStatus, ClaimKind, Review, Verdict
from desktop.domain.search import SearchHit
from desktop.services import Services

from .editor.edge import TextEdge
from .tasks import Task, TaskRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_WHITESPACE = str.maketrans({c: " " for c in "\r\n\t\v\f\u2028\u2029\x85"})


class HitModel(QAbstractTableModel):
    COLUMNS = ("Article", "Where", "Match")
    ARTICLE, WHERE, MATCH = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        col = index.column()
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.ARTICLE:
                return hit.title
            if col == self.WHERE:
                return hit.kind if hit.kind != "claim" else f"claim ({hit.claim_kind})"
            return display_snippet(hit)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.ARTICLE:
            # A plain-text tooltip: Qt would guess rich text from a title with tags in it.
            return None
        return None


def display_snippet(hit: SearchHit) -> str:
    """The snippet on one line; same length, so the marks still fit."""
    return hit.snippet.translate(_WHITESPACE)


class SnippetDelegate(QStyledItemDelegate):
    """Paints a snippet with its matched terms highlighted (QTextLayout formats: no markup)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit = index.data(HIT_ROLE)
        if index.column() != HitModel.MATCH or not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = display_snippet(hit)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        layout = QTextLayout(text, opt.font)
        edge = TextEdge(text)
        ranges = []
        for start, end in hit.marks:
            if not 0 <= start < end <= len(text):
                continue
            qs, qe = edge.range_to_qt(start, end)
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = qs, qe - qs
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(QBrush(QColor("#FFE082")))
            fmt.setForeground(QBrush(QColor("#1A1A1A")))
            fr.format = fmt
            ranges.append(fr)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)
        layout.endLayout()
        rect = opt.rect
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(fg)
        layout.draw(painter, QPointF(rect.left() + 4, rect.top() + (rect.height() - line.height()) / 2))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(min(size.width(), 900), size.height())


def _combo(parent: QWidget, first: str, values: list[str]) -> QComboBox:
    box = QComboBox(parent)
    box.addItem(first, "")
    for v in values:
        box.addItem(v.replace("_", " "), v)
    return box


class SearchPanel(QDockWidget):
    """Query, filters and results; non-modal, docked below the article list by default."""

    hitChosen = Signal(object)  # a SearchHit

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Search the corpus", parent)
        self.setObjectName("search_panel")
        self._services = services
        self._runner = runner
        self._task: Task | None = None
        body = QWidget(self)
        self.query = QLineEdit(body)
        self.query.setPlaceholderText('Words (prefixes match), "a phrase", or field:value')
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip("Words match every word they begin; quotes match a phrase exactly.\n"
                              "Filters: entity: label: kind: verdict: claim: status: source: from: to:")  # fmt: skip
        self.query.returnPressed.connect(self.search)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(300)
        self._typing.timeout.connect(self.search)
        self.query.textEdited.connect(lambda _t: self._typing.start())

        self.status_filter = _combo(body, "any article status", [s.value for s in ArticleStatus])
        self.kind_filter = _combo(body, "any claim kind", [k.value for k in ClaimKind])
        self.verdict_filter = _combo(body, "any verdict", [v.value for v in Verdict])
        self.claim_status_filter = _combo(body, "any claim status", [r.value for r in Review])
        self.entity_filter = QLineEdit(body)
        self.entity_filter.setPlaceholderText("entity or span text")
        self.label_filter = QLineEdit(body)
        self.label_filter.setPlaceholderText("label")
        self.source_filter = QLineEdit(body)
        self.source_filter.setPlaceholderText("source")
        self.from_filter = QLineEdit(body)
        self.from_filter.setPlaceholderText("from YYYY-MM-DD")
        self.to_filter = QLineEdit(body)
        self.to_filter.setPlaceholderText("to YYYY-MM-DD")
        for box in (self.status_filter, self.kind_filter, self.verdict_filter, self.claim_status_filter):
            box.currentIndexChanged.connect(lambda _i: self.search())
        for edit in (self.entity_filter, self.label_filter, self.source_filter, self.from_filter, self.to_filter):
            edit.returnPressed.connect(self.search)

        self.message = QLabel(body)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.model = HitModel(self)
        self.results = QTableView(body)
        self.results.setModel(self.model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.setWordWrap(False)
        self.results.setTabKeyNavigation(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(HitModel.MATCH, QHeaderView.ResizeMode.Stretch)
        self.results.setColumnWidth(HitModel.ARTICLE, 220)
        self.results.setColumnWidth(HitModel.WHERE, 90)
        self.results.activated.connect(self._choose)
        self.results.doubleClicked.connect(self._choose)

        row1 = QHBoxLayout()
        for box in (self.status_filter, self.kind_filter, self.verdict_filter, self.claim_status_filter):
            row1.addWidget(box)
        row2 = QHBoxLayout()
        for edit in (self.entity_filter, self.label_filter, self.source_filter, self.from_filter, self.to_filter):
            row2.addWidget(edit)
        form = QFormLayout()
        form.addRow("&Find:", self.query)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(form)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        self.setWidget(body)

    def filters(self) -> dict[str, str | None]:
        return {
            "status": self.status_filter.currentData() or None,
            "kind": self.kind_filter.currentData() or None,
            "verdict": self.verdict_filter.currentData() or None,
            "claim": self.claim_status_filter.currentData() or None,
            "entity": self.entity_filter.text().strip() or None,
            "label": self.label_filter.text().strip() or None,
            "source": self.source_filter.text().strip() or None,
            "from": self.from_filter.text().strip() or None,
            "to": self.to_filter.text().strip() or None,
        }

    def focus_query(self) -> None:
        self.show()
        self.raise_()
        self.query.setFocus()
        self.query.selectAll()

    def search(self) -> None:
        self._typing.stop()
        try:
            query = self._services.search.parse(self.query.text(), filters=self.filters())
        except NewsdeskError as exc:
            self.message.setText(str(exc))
            return
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        if query.empty:
            self.model.set_hits([])
            self.message.setText("")
            self._task = None
            return
        self.message.setText("Searching…")
        task = self._runner.submit("Search", lambda _p: self._services.search.run(query), writer=False)
        task.succeeded.connect(lambda hits, t=task: self._show(t, hits))
        task.failed.connect(lambda exc, t=task: self._failed(t, exc))
        self._task = task

    def _failed(self, task: Task, exc: object) -> None:
        if task is self._task:
            self.message.setText(f"Search failed: {exc}")

    def _show(self, task: Task, hits: list[SearchHit]) -> None:
        if task is not self._task:
            return  # an older query finished after a newer one started
        self.model.set_hits(hits)
        self.message.setText(f"{len(hits)} match{'es' if len(hits) != 1 else ''}")
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def hits(self) -> list[SearchHit]:
        return list(self.model.hits)

    def choose(self, row: int) -> None:
        if 0 <= row < len(self.model.hits):
            self.hitChosen.emit(self.model.hits[row])

    def _choose(self, index: QModelIndex) -> None:
        self.choose(index.row())
