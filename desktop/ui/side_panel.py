"""The right-hand dock: the article's entities with the legend, the claim inspector and the
entity relations, as tabs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import Services

from .claims import ClaimInspector
from .editor import AnnotatedTextView, LegendModel
from .entities import EntityPanel
from .relations_panel import RelationsPanel


class UsedLabels(QSortFilterProxyModel):
    """The legend shows the labels the open article uses (the label bar shows them all)."""

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return bool(self.sourceModel().index(source_row, 2, source_parent).data())


class DetailsDock(QDockWidget):
    """Tabs: "Entities" (mention tree over the legend) and "Claim" (the inspector)."""

    textRequested = Signal()  # noqa: N815 - Escape anywhere in the dock: the keyboard goes back to the text

    def __init__(self, services: Services, view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__("Article details", parent)
        self.setObjectName("detailsDock")
        self.entities = EntityPanel(lambda label: view.style_for(label).colour, self)
        self.legend_model = LegendModel(view)
        used = UsedLabels(self)
        used.setSourceModel(self.legend_model)
        self.legend = QTableView(self)
        self.legend.setModel(used)
        self.legend.verticalHeader().setVisible(False)
        self.legend.verticalHeader().setDefaultSectionSize(20)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.legend.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        legend_box = QWidget(self)
        box = QVBoxLayout(legend_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("Legend", legend_box))
        box.addWidget(self.legend)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.entities)
        split.addWidget(legend_box)
        split.setSizes([460, 220])

        self.inspector = ClaimInspector(services, self)
        self.relations = RelationsPanel(view, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(split, "Entities")
        self.tabs.addTab(self.inspector, "Claim")
        self.tabs.addTab(self.relations, "Relations")
        self.setWidget(self.tabs)
        # Escape in any field (the note, a combo, the evidence URL, the entity tree) returns to the text;
        # a field that commits on focus loss (the note) commits first. An open combo popup takes it first.
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.textRequested)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)  # fmt: skip

    def show_claim(self, claim_id: str | None) -> None:
        """Show a claim in the inspector (and bring its tab forward); None empties it."""
        self.inspector.show_claim(claim_id)
        if claim_id:
            self.tabs.setCurrentWidget(self.inspector)
