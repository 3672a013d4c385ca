"""LegendModel: label, colour and number of visible spans in the shown document."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from .view import AnnotatedTextView

_HEADERS = ("Label", "Key", "Spans")
Index = QModelIndex | QPersistentModelIndex


class LegendModel(QAbstractTableModel):
    """One row per label (the label set, then any other label found in the document)."""

    def __init__(self, view: AnnotatedTextView) -> None:
        super().__init__(view)
        self._view = view
        self._rows: list[tuple[str, QColor, str, int]] = []
        view.annotationsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        counts = self._view.label_counts()
        rows: list[tuple[str, QColor, str, int]] = []
        known = set()
        for ld in self._view.labels():
            known.add(ld.name)
            rows.append((ld.name, self._view.style_for(ld.name).colour, ld.key or "", counts.get(ld.name, 0)))
        for name in sorted(set(counts) - known):
            rows.append((name, self._view.style_for(name).colour, "", counts[name]))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        name, colour, key, count = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (name, key, count)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return colour
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return name
        return None

    def count(self, label: str) -> int:
        for name, _c, _k, n in self._rows:
            if name == label:
                return n
        return 0
