"""The main window: composes the article list, the article, the side docks, menus and status bar.

It owns no domain logic: every change is a service call (through :class:`AnnotationActions`
or a background :class:`Jobs` task), after which the window re-reads what it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ActionRefused, NewsdeskError
from desktop.domain.model import ArticleStatus, Document
from desktop.domain.ports import ModelInfo
from desktop.services import Services

from . import prompts
from .article_pane import ArticlePane
from .articles import ArticleListPanel, summary_of
from .claims import ClaimInspector, ClaimsView, EntitiesDialog
from .dialogs.about import AboutDialog
from .dialogs.export import ExportDialog
from .dialogs.problems import FileProblemsDialog
from .dialogs.settings import SettingsDialog
from .dialogs.shortcuts import ShortcutsDialog
from .editing import AnnotationActions
from .editor import LegendModel
from .entities import EntityPanel
from .jobs import Jobs
from .menus import WindowActions, build_menus
from .progress import TaskProgress
from .search import SearchDialog
from .tasks import TaskRunner

STATUS_MS = 8000


class UsedLabels(QSortFilterProxyModel):
    """The legend shows the labels the open article uses (the label bar shows them all)."""

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        count = self.sourceModel().index(source_row, 2, source_parent).data()
        return bool(count)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Newsdesk")
        self.runner = TaskRunner(self)
        self.jobs = Jobs(services, self.runner, self)
        self._labels = services.corpus.labels()
        self._dialogs: dict[str, QWidget] = {}

        # -- centre: article list | article ------------------------------------------------
        self.articles = ArticleListPanel(self)
        self.pane = ArticlePane(self)
        self.view = self.pane.view
        self.view.set_labels(self._labels)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.articles)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 690])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        # -- right: entities + legend, claim inspector ------------------------------------------
        self.entities = EntityPanel(lambda label: self.view.style_for(label).colour, self)
        self.legend_model = LegendModel(self.view)
        self.legend_used = UsedLabels(self)
        self.legend_used.setSourceModel(self.legend_model)
        self.legend = QTableView(self)
        self.legend.setModel(self.legend_used)
        self.legend.verticalHeader().setVisible(False)
        self.legend.verticalHeader().setDefaultSectionSize(20)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.legend.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.legend.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.entities)
        legend_box = QWidget(self)
        box = QVBoxLayout(legend_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("Legend", legend_box))
        box.addWidget(self.legend)
        side.addWidget(legend_box)
        side.setSizes([460, 220])
        self.side_tabs = QTabWidget(self)
        self.side_tabs.addTab(side, "Entities")
        self.inspector = ClaimInspector(services, self)
        self.side_tabs.addTab(self.inspector, "Claim")
        self.inspector.followRequested.connect(self.open_article)
        self.inspector.changed.connect(self.refresh)
        self.dock = QDockWidget("Article details", self)
        self.dock.setObjectName("detailsDock")
        self.dock.setWidget(self.side_tabs)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)  # fmt: skip
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [280], Qt.Orientation.Horizontal)

        self._side_doc: Document | None = None
        self._side_timer = QTimer(self)
        self._side_timer.setSingleShot(True)
        self._side_timer.setInterval(0)
        self._side_timer.timeout.connect(self._update_side)

        # -- behaviour ------------------------------------------------------------------------------
        self.edits = AnnotationActions(services, self.view, lambda: self.pane.article_id, self)
        self.edits.changed.connect(lambda _aid: self.refresh())
        self.edits.refused.connect(self.refuse)
        self.edits.done.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.edits.reannotateRequested.connect(self.reannotate_unreviewed)
        self.articles.articleSelected.connect(self._open_from_list)
        self.entities.spanRequested.connect(self._show_span)
        self.view.selectionChanged.connect(self._on_object_selected)
        # Imports and pre-annotation report every article; the list re-reads at most a few times a second.
        self._corpus_timer = QTimer(self)
        self._corpus_timer.setSingleShot(True)
        self._corpus_timer.setInterval(250)
        self._corpus_timer.timeout.connect(self._on_corpus_changed)
        self.jobs.corpusChanged.connect(lambda: self._corpus_timer.isActive() or self._corpus_timer.start())
        self.jobs.modelReady.connect(self._on_model)
        self.jobs.imported.connect(self._on_imported)
        self.jobs.annotated.connect(lambda _report: self.refresh())
        self.jobs.exported.connect(self._on_exported)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.notice.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))

        self.menu_actions: WindowActions = build_menus(self, self)
        self.menu_actions.edit_menu.aboutToShow.connect(self._update_undo_texts)
        self.menu_actions.view_menu.addAction(self.dock.toggleViewAction())
        self._add_claims_actions()

        # -- status bar ---------------------------------------------------------------------------
        self.model_label = QLabel("Loading the spaCy model…", self)
        self.db_label = QLabel(f"Database: {services.corpus.location}", self)
        self.db_label.setToolTip(f"Database: {services.corpus.location}")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = TaskProgress(self.runner, self)
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.db_label)
        bar.setContentsMargins(4, 0, 12, 0)

        self.resize(QSize(1400, 860))
        self.reload_articles()

    # ================================================================ claims views
    def _add_claims_actions(self) -> None:
        claims = self.menu_actions.view_menu.addAction("&Claims across the corpus")
        claims.setShortcut(QKeySequence("Ctrl+Shift+C"))
        claims.triggered.connect(self.show_claims_view)
        self.addAction(claims)
        entities = self.menu_actions.tools_menu.addAction("&Entities…")
        entities.setShortcut(QKeySequence("Ctrl+Shift+E"))
        entities.triggered.connect(self.show_entities_dialog)
        self.addAction(entities)

    def show_claims_view(self) -> ClaimsView:
        view = self._dialogs.get("claims")
        if not isinstance(view, ClaimsView):
            view = ClaimsView(self.services, self)
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.setWindowTitle("Claims - Newsdesk")
            view.openRequested.connect(self.open_article)
            view.resize(1100, 640)
            self._dialogs["claims"] = view
        view.show()
        view.raise_()
        return view

    def show_entities_dialog(self) -> EntitiesDialog:
        dialog = EntitiesDialog(self.services, self)
        dialog.changed.connect(self.refresh)
        self._dialogs["entities"] = dialog
        dialog.open()
        return dialog

    # ================================================================ reading
    @property
    def current_id(self) -> str | None:
        return self.pane.article_id

    def reload_articles(self) -> None:
        self.articles.set_articles(self.services.corpus.articles())

    def _open_from_list(self, article_id: str) -> None:
        self.open_article(article_id, focus=False)  # the keyboard stays in the list while browsing it

    def open_article(self, article_id: str, object_id: str = "", *, focus: bool = True) -> None:
        """Show an article (and select an object in it, when given); the text gets the keyboard."""
        if not article_id:
            return
        if article_id != self.pane.article_id:
            try:
                doc = self.services.corpus.document(article_id)
            except KeyError:
                self.refuse(f"There is no article {article_id} any more.")
                return
            self._side_doc = None
            self.pane.show_document(doc, self._labels, self.services.tokens(doc.text))
            self.setWindowTitle(f"{doc.article.meta.title or doc.id} - Newsdesk")
            self.entities.set_spans(doc.text, doc.spans)
            self.inspector.show_claim(None)
        if self.articles.current_id() != article_id:
            self.articles.select(article_id, emit=False)
        if object_id:
            self.view.select_object(object_id)
            self.view.scroll_to(object_id)
        if focus:
            self.view.setFocus()

    def show_text(self, article_id: str, start: int, end: int) -> None:
        """Open an article with a stretch of its text selected (a search match)."""
        self.open_article(article_id)
        if self.pane.article_id == article_id and 0 <= start < end <= len(self.view.edge.text):
            self.view.select_text(start, end)
            self.view.ensureCursorVisible()

    def refresh(self) -> None:
        """Re-read the open article and the list after a committed change."""
        aid = self.pane.article_id
        if aid is not None:
            try:
                doc = self.services.corpus.document(aid)
            except KeyError:
                self.pane.clear()
                self.reload_articles()
            else:
                self.pane.update_document(doc)
                self._side_doc = doc  # the side list follows on the next turn: the text updates first
                self._side_timer.start()
                self.articles.update_article(summary_of(doc))  # one row, not the whole corpus
        self.inspector.refresh()
        self._update_undo_texts()

    def _update_side(self) -> None:
        doc, self._side_doc = self._side_doc, None
        if doc is not None and doc.id == self.pane.article_id:
            self.entities.set_spans(doc.text, doc.spans)

    def _on_corpus_changed(self) -> None:
        """Background imports and pre-annotation committed something: refresh what shows it."""
        aid = self.pane.article_id
        before = self._summary(aid)
        self.reload_articles()
        if aid is None:
            first = self.articles.neighbour(None, 1)
            if first is not None:
                self.open_article(first)
            return
        if self._summary(aid) != before:
            self.refresh()  # e.g. its suggestions just arrived

    def _summary(self, article_id: str | None) -> object:
        row = self.articles.model.row_of(article_id) if article_id else -1
        return self.articles.model.article(row) if row >= 0 else None

    def _show_span(self, span_id: str) -> None:
        self.view.select_object(span_id)
        self.view.scroll_to(span_id)

    def _on_object_selected(self, object_id: str) -> None:
        if object_id.startswith("c-"):
            self.inspector.show_claim(object_id)
            self.side_tabs.setCurrentWidget(self.inspector)
        elif not object_id:
            self.inspector.show_claim(None)

    # ================================================================ messages
    def refuse(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)
        self.pane.notice.notify(message)

    def _on_model(self, info: ModelInfo) -> None:
        if info.name is None:  # the engine says why: none installed, none chosen, or a broken install
            text = info.message or "No spaCy model installed: rule-based suggestions only"
        elif info.loaded:
            text = f"{info.name} {info.version} ready"
        else:
            text = info.message
        self.model_label.setText(text)
        self.model_label.setToolTip(info.message)

    def _on_failed(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)
        prompts.show_error(self, title, message)

    # ================================================================ edit menu
    def _update_undo_texts(self) -> None:
        history = self.services.history
        self.menu_actions.undo.setText(f"&Undo {history.undo_text}" if history.undo_text else "&Undo")
        self.menu_actions.redo.setText(f"&Redo {history.redo_text}" if history.redo_text else "&Redo")

    def undo(self) -> None:
        self._history_step(redo=False)

    def redo(self) -> None:
        self._history_step(redo=True)

    def _history_step(self, *, redo: bool) -> None:
        history = self.services.history
        try:
            changes = history.redo() if redo else history.undo()
        except ActionRefused as exc:
            self.refuse(str(exc))
            return
        if changes is None:
            self.statusBar().showMessage("Nothing to redo." if redo else "Nothing to undo.", STATUS_MS)
            return
        if changes.article_id and changes.article_id != self.pane.article_id:
            self.open_article(changes.article_id)
        self.refresh()
        self._labels_maybe_changed()
        self.statusBar().showMessage(f"{'Redone' if redo else 'Undone'}: {changes.action}", STATUS_MS)

    def accept_all(self) -> None:
        self.edits.accept_all()

    def mark_done_and_next(self) -> None:
        aid = self.pane.article_id
        if aid is None:
            return
        following = self.articles.neighbour(aid, 1)
        try:
            self.services.spans.set_status(aid, ArticleStatus.DONE)
        except NewsdeskError as exc:
            self.refuse(str(exc))
            return
        self.refresh()
        if following is None:
            following = next((a.id for a in self.articles.model.articles()
                              if a.status != ArticleStatus.DONE and a.id != aid), None)  # fmt: skip
        if following is not None:
            self.open_article(following)
            self.statusBar().showMessage("Marked done; opened the next article.", STATUS_MS)
        else:
            self.statusBar().showMessage("Marked done. Every article is done.", STATUS_MS)

    # ================================================================ navigation
    def next_article(self) -> None:
        self._step(1)

    def previous_article(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        target = self.articles.neighbour(self.pane.article_id, step)
        if target is None:
            self.statusBar().showMessage("No more articles that way.", STATUS_MS)
            return
        self.open_article(target)

    def search(self) -> SearchDialog:
        dialog = self._dialogs.get("search")
        if not isinstance(dialog, SearchDialog):
            dialog = SearchDialog(self.services, self.runner, self)
            dialog.openRequested.connect(self.open_article)
            dialog.textRequested.connect(self.show_text)
            self._dialogs["search"] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.query.setFocus()
        dialog.query.selectAll()
        return dialog

    # ================================================================ file menu
    def import_files(self) -> None:
        kinds = "Articles (*.txt *.md *.jsonl *.json *.html *.htm);;All files (*)"
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()), kinds)
        if paths:
            self.start_import(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str]) -> None:
        self.jobs.import_paths(paths, name=f"Importing {len(paths)} item{'s' if len(paths) != 1 else ''}")

    def _on_imported(self, report: Any) -> None:
        self._corpus_timer.stop()
        self._on_corpus_changed()  # the list matches the report the user is about to read
        self.statusBar().showMessage(report.summary().capitalize(), STATUS_MS)
        if report.failed:
            dialog = FileProblemsDialog(report.summary().capitalize(),
                                        [(f.path, f.error or "") for f in report.failed], self)  # fmt: skip
            self._dialogs["problems"] = dialog
            dialog.open()

    def export(self) -> None:
        dialog = ExportDialog(self.articles.selected_ids(), Path.home(), self)
        self._dialogs["export"] = dialog
        dialog.accepted.connect(lambda: self.start_export(dialog))
        dialog.open()

    def start_export(self, dialog: ExportDialog) -> None:
        choice = dialog.choice()
        self.jobs.export(choice.path, choice.fmt, article_ids=choice.article_ids, accepted_only=choice.accepted_only)

    def _on_exported(self, report: Any, dest: str) -> None:
        self.statusBar().showMessage(f"Exported to {dest}: {report.summary()}", STATUS_MS)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.services, self)
        self._dialogs["settings"] = dialog
        dialog.finished.connect(lambda _r: self._labels_maybe_changed())
        dialog.open()

    def _labels_maybe_changed(self) -> None:
        labels = self.services.corpus.labels()
        if labels != self._labels:
            self._labels = labels
            self.view.set_labels(labels)
        self._update_undo_texts()

    def reannotate_unreviewed(self) -> None:
        self.jobs.annotate_pending(force=True, unreviewed_only=True)

    # ================================================================ help menu
    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self)
        self._dialogs["shortcuts"] = dialog
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.services, self)
        self._dialogs["about"] = dialog
        dialog.open()
        return dialog

    # ================================================================ life cycle
    def start(self, seeds: Path | None) -> None:
        """Start-up jobs (after the window shows): model, seeds into an empty database, pre-annotation."""
        QTimer.singleShot(0, lambda: self.jobs.startup(seeds))
        first = self.articles.neighbour(None, 1)
        if first is not None:
            self.open_article(first)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.runner.cancel_all()
        self.runner.wait(15000)
        for dialog in self._dialogs.values():
            dialog.close()
        super().closeEvent(event)
