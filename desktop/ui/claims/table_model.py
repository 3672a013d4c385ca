"""The corpus-wide claims table: a model over ClaimRefs and a filtering, sorting proxy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.domain.model import ClaimRef
from desktop.ui import plain

from .describe import one_line

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    ARTICLE = 0
    DATE = 1
    CLAIMANT = 2
    KIND = 3
    VERDICT = 4
    CHECKWORTHY = 5
    STATUS = 6
    LINKS = 7
    TEXT = 8


HEADERS = {
    Column.ARTICLE: "Article",
    Column.DATE: "Date",
    Column.CLAIMANT: "Claimant",
    Column.KIND: "Kind",
    Column.VERDICT: "Verdict",
    Column.CHECKWORTHY: "Check",
    Column.STATUS: "Status",
    Column.LINKS: "Links",
    Column.TEXT: "Claim",
}
HEADER_TIPS = {
    Column.CLAIMANT: "Who said it: the target of the claim's 'said by' link",
    Column.CHECKWORTHY: "Check-worthiness, 0 (not worth checking) to 3 (must check)",
    Column.LINKS: "Number of links from or to the claim",
}

SORT_ROLE = Qt.ItemDataRole.UserRole
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 4
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 5  # lower-case text the filter box matches
TEXT_LIMIT = 300


def _display(ref: ClaimRef, column: Column) -> str:
    claim = ref.claim
    match column:
        case Column.ARTICLE:
            return ref.article_title or ref.article_id
        case Column.DATE:
            return ref.published or ""
        case Column.CLAIMANT:
            return one_line(ref.claimant or "")
        case Column.KIND:
            return str(claim.kind)
        case Column.VERDICT:
            return str(claim.verdict)
        case Column.CHECKWORTHY:
            return str(claim.checkworthy)
        case Column.STATUS:
            return str(claim.status)
        case Column.LINKS:
            return str(ref.n_links)
        case Column.TEXT:
            return one_line(ref.text, TEXT_LIMIT)


def _sort_key(ref: ClaimRef, column: Column) -> object:
    match column:
        case Column.CHECKWORTHY:
            return ref.claim.checkworthy
        case Column.LINKS:
            return ref.n_links
        case Column.DATE:
            return ref.published or ""
        case _:
            return _display(ref, column).lower()


class ClaimsTableModel(QAbstractTableModel):
    """One row per claim (as :meth:`ClaimEditor.list` returns them), read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._refs: list[ClaimRef] = []

    def set_refs(self, refs: Sequence[ClaimRef]) -> None:
        self.beginResetModel()
        self._refs = list(refs)
        self.endResetModel()

    def ref(self, row: int) -> ClaimRef:
        return self._refs[row]

    def refs(self) -> list[ClaimRef]:
        return list(self._refs)

    def row_of(self, claim_id: str) -> int | None:
        return next((i for i, r in enumerate(self._refs) if r.claim.id == claim_id), None)

    # -- Qt model API -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._refs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:  # fmt: skip
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(Column(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._refs):
            return None
        ref = self._refs[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(ref, column)
        if role == SORT_ROLE:
            return _sort_key(ref, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TEXT:
                return plain.tip(one_line(ref.text))
            if column == Column.ARTICLE:
                return plain.tip(ref.article_title)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.CHECKWORTHY, Column.LINKS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CLAIM_ID_ROLE:
            return ref.claim.id
        if role == ARTICLE_ID_ROLE:
            return ref.article_id
        if role == KIND_ROLE:
            return str(ref.claim.kind)
        if role == VERDICT_ROLE:
            return str(ref.claim.verdict)
        if role == SEARCH_ROLE:
            return " ".join([ref.text, ref.article_title, ref.claimant or "", ref.claim.note]).lower()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ClaimsFilterProxy(QSortFilterProxyModel):
    """Sorts by typed keys (numbers as numbers) and filters by text words, kind and verdict."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._kind: str | None = None
        self._verdict: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", text.lower().split()))

    def set_kind(self, kind: str | None) -> None:
        self._refilter(lambda: setattr(self, "_kind", kind or None))

    def set_verdict(self, verdict: str | None) -> None:
        self._refilter(lambda: setattr(self, "_verdict", verdict or None))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10; invalidateFilter() is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._kind is not None and model.data(index, KIND_ROLE) != self._kind:
            return False
        if self._verdict is not None and model.data(index, VERDICT_ROLE) != self._verdict:
            return False
        if self._words:
            hay = str(model.data(index, SEARCH_ROLE))
            return all(w in hay for w in self._words)
        return True

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802 - Qt API
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is type(b) and a != b:
            return bool(a < b)  # type: ignore[operator]
        # Ties (and mixed types): keep the source order (article, then position in it).
        return left.row() < right.row()
