"""The main window: composes the article list, the article, the details dock, menus and status bar.

It owns no domain logic: every change is a service call (through :class:`AnnotationActions`
or a background :class:`Jobs` task). Each committed action arrives once as the services'
committed-change event (:class:`CommittedChanges`), after which the window shows the open
article (:class:`desktop.services.OpenArticle`: document, version, read-ahead) as it is now.
Dialogs are opened by :class:`DialogLauncher`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from desktop.domain.errors import ActionRefused, ConflictError, NewsdeskError
from desktop.domain.model import ArticleStatus, ArticleSummary, Document
from desktop.domain.ports import ModelInfo
from desktop.domain.search import SearchHit
from desktop.services import Committed, Services
from desktop.services.corpus import ImportReport
from desktop.ui import plain

from . import prompts
from .article_pane import ArticlePane
from .articles import ArticleListPanel, summary_of
from .changes import CommittedChanges
from .editing import AnnotationActions
from .jobs import Jobs
from .launcher import DialogLauncher
from .memory import WindowMemory
from .menus import WindowActions, build_menus
from .progress import TaskProgress
from .side_panel import DetailsDock
from .tasks import TaskRunner

STATUS_MS = 8000


def readable_title(doc: Document) -> str:
    """The title, else the text's first line (cut), never the raw id."""
    if doc.article.meta.title.strip():
        return doc.article.meta.title.strip()
    first = next((line.strip() for line in doc.article.text.splitlines() if line.strip()), "")
    return (first[:57] + "…" if len(first) > 60 else first) or "Untitled article"



def _exempt_long_lived() -> None:
    """An article was just shown: its thousands of spans, the entity list and the text's blocks live
    until the next article. A full garbage collection walks every tracked object (30-80 ms on a
    50,000-word article: a hitch in the middle of an edit), so they are moved out of its reach
    (``gc.freeze``). Young reference cycles are collected first; what is frozen and later dropped is
    still freed by reference counting."""
    gc.collect(1)
    gc.freeze()

class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 memory: WindowMemory | None = None,
                 open_services: Callable[[str], Services] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.memory = memory
        # File > Open database: the composition root's way to open another database (None: not offered).
        self._open_services = open_services
        self.switched_to: Services | None = None  # set when the analyst opened another database
        self.setWindowTitle("Newsdesk")
        self.runner = TaskRunner(self)
        self.jobs = Jobs(services, self.runner, self)
        self._labels = services.corpus.labels()

        # -- centre: article list | article ------------------------------------------------
        self.articles = ArticleListPanel(services.corpus, self)
        self.pane = ArticlePane(self)
        self.view = self.pane.view
        self.view.set_labels(self._labels)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.articles)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 760])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        # -- right: entities + legend, claim inspector -----------------------------------------------
        self.details = DetailsDock(services, self.view, self)
        self.entities = self.details.entities
        self.legend_model = self.details.legend_model
        self.inspector = self.details.inspector
        self.inspector.followRequested.connect(self.open_article)
        self.details.textRequested.connect(self.view.setFocus)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details)
        self.resizeDocks([self.details], [280], Qt.Orientation.Horizontal)

        self._side_doc: Document | None = None
        self._new_article_shown = False  # its objects are exempted from full collections once shown
        self.opened = services.open_article()  # the open document as last shown, its version, the read-ahead
        self._side_timer = QTimer(self)
        self._side_timer.setSingleShot(True)
        self._side_timer.setInterval(0)
        self._side_timer.timeout.connect(self._update_side)
        # The next article is read ahead while the analyst works on this one, so Alt+Down and
        # Ctrl+Enter open it without waiting for the database. It is used only while nothing has
        # been written since (same history version, no background write) and for a minute at most.
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setInterval(300)
        self._ahead_timer.timeout.connect(self._read_ahead)

        # -- behaviour ------------------------------------------------------------------------------
        self.edits = AnnotationActions(services, self.view, lambda: self.pane.article_id, self)
        self.edits.stale.connect(lambda _aid: self.refresh())
        self.details.relations.removeRequested.connect(self.edits.remove_relation)
        self.details.relations.selectRequested.connect(self.view.select_object)
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
        self.jobs.imported.connect(self._on_imported)  # before the launcher's report dialog
        self.jobs.annotated.connect(lambda _report: self.refresh())
        self.jobs.failed.connect(self._on_failed)
        self.jobs.notice.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.changes = CommittedChanges(services, self)
        self.changes.committed.connect(self._on_committed)

        self.dialogs = DialogLauncher(self, self)
        self.menu_actions: WindowActions = build_menus(self, self, self.dialogs)
        self.menu_actions.edit_menu.aboutToShow.connect(self._update_undo_texts)
        self.menu_actions.view_menu.addAction(self.details.toggleViewAction())
        self.menu_actions.open_database.setEnabled(open_services is not None)
        self.menu_actions.recent_menu.setEnabled(open_services is not None)
        delete_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.articles.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # Delete in the list: the selected articles
        delete_key.activated.connect(self.dialogs.delete_articles)
        self.articles.statusFilterChanged.connect(lambda: self._ahead_timer.start())

        # -- status bar ---------------------------------------------------------------------------
        self.model_label = plain.label(QLabel("Loading the spaCy model…", self))
        # A long path is elided in the middle when the window is narrow; the tooltip has all of it.
        self.db_label = plain.ElidedLabel(f"Database: {services.corpus.location}", self)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = TaskProgress(self.runner, self)
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.db_label)  # shrinks (elided) when the window is narrow
        bar.setContentsMargins(4, 0, 12, 0)

        self.setAcceptDrops(True)  # drop files or folders on the window to import them
        self.resize(QSize(1400, 860))
        if memory is not None:
            memory.restore_layout(self)
            if name := memory.annotator():
                services.set_annotator_name(name)
            memory.add_recent_database(services.corpus.location)
        self.reload_articles()

    # ================================================================ reading
    @property
    def current_id(self) -> str | None:
        return self.pane.article_id

    def reload_articles(self) -> None:
        self.articles.model.set_revised(self.services.revisions.unreviewed())
        self.articles.reload()

    def revisions_changed(self) -> None:
        """A new revision came in, or "needs a look" was answered: re-read the article and the list."""
        self.opened.forget_ahead()
        self.opened.close()
        aid = self.pane.article_id
        self.reload_articles()
        if aid is not None:
            try:
                doc = self.opened.open(aid)
            except KeyError:
                return
            if doc.text != self.view.edge.text:
                self.pane.show_document(doc, self._labels, self.services.tokens)
            else:
                self.pane.update_document(doc)
            self._side_doc = doc
            self._side_timer.start()
        self._update_undo_texts()

    def _open_from_list(self, article_id: str) -> None:
        self.open_article(article_id, focus=False)  # the keyboard stays in the list while browsing it

    def open_article(self, article_id: str, object_id: str = "", *, focus: bool = True) -> None:
        """Show an article (and select an object in it, when given); the text gets the keyboard."""
        if not article_id:
            return
        if article_id != self.pane.article_id:
            try:
                doc = self.opened.open(article_id)
            except KeyError:
                self.refuse(f"There is no article {article_id} any more.")
                return
            self.pane.show_document(doc, self._labels, self.services.tokens)  # tokenized per paragraph, on use
            self.setWindowTitle(f"{readable_title(doc)} - Newsdesk")
            self._side_doc = doc  # the entity list follows on the next turn: the text shows first
            self._side_timer.start()
            self._new_article_shown = True
            self.inspector.show_claim(None)
            self._ahead_timer.start()
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

    def show_hit(self, hit: object) -> None:
        """Open a search result: the article at the match, the matched term selected (a claim: selected)."""
        if not isinstance(hit, SearchHit):
            return
        self.open_article(hit.article_id, hit.object_id or "")
        if self.pane.article_id != hit.article_id or hit.object_id:
            return
        where = self.services.search.match_in(hit, self.view.edge.text)
        if where is not None:
            self.show_text(hit.article_id, *where)

    def _read_ahead(self) -> None:
        self.opened.read_ahead(self.articles.neighbour(self.current_id, 1) if self.current_id else None)

    def _on_committed(self, event: Committed) -> None:
        """One committed action (here, in a dialog, or undone): show it, once."""
        self.refresh(event)

    def refresh(self, event: Committed | None = None) -> None:
        """Show the open article and its list row as they are now (patched from ``event`` when
        it is the one step since the article was read; re-read otherwise)."""
        aid = self.pane.article_id
        if aid is not None:
            try:
                doc = self.opened.refreshed(event) if self.opened.article_id == aid else self.opened.open(aid)
            except KeyError:
                doc = None
            if doc is None:  # the article is gone
                self.pane.clear()
                self.reload_articles()
            else:
                self.pane.update_document(doc)
                self._side_doc = doc  # the side list follows on the next turn: the text updates first
                self._side_timer.start()
                if self.articles.model.row_of(aid) < 0:  # an undone deletion brought it back
                    self.reload_articles()
                    self.articles.select(aid, emit=False)
                self.articles.update_article(summary_of(doc))  # one row, not the whole corpus
                self.setWindowTitle(f"{readable_title(doc)} - Newsdesk")
        if event is None:
            self.inspector.refresh()  # a write outside the history: the inspector has no event for it
        self._update_undo_texts()

    def _update_side(self) -> None:
        doc, self._side_doc = self._side_doc, None
        if doc is not None and doc.id == self.pane.article_id:
            self.entities.set_spans(doc.text, doc.spans)
            if self._new_article_shown:
                self._new_article_shown = False
                _exempt_long_lived()

    def _on_corpus_changed(self) -> None:
        """Background imports and pre-annotation committed something: refresh what shows it."""
        self.opened.forget_ahead()
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

    def _summary(self, article_id: str | None) -> ArticleSummary | None:
        row = self.articles.model.row_of(article_id) if article_id else -1
        return self.articles.model.article(row) if row >= 0 else None

    def _show_span(self, span_id: str) -> None:
        self.view.select_object(span_id)
        self.view.scroll_to(span_id)

    def _on_object_selected(self, object_id: str) -> None:
        if object_id.startswith("c-"):
            self.details.show_claim(object_id)
        elif not object_id:
            self.details.show_claim(None)

    # ================================================================ articles and databases
    def article_added(self, article_id: str, added: bool) -> None:
        """A pasted or fetched article was stored: list it, open it, pre-annotate it in the background."""
        self.reload_articles()
        self.open_article(article_id)
        if added:
            self.status("Article added; entities and claims are being suggested in the background.")
            self.jobs.annotate_pending()
        else:
            self.status("That text is in the database already: opened it.")

    def recent_databases(self) -> list[str]:
        return self.memory.recent_databases() if self.memory is not None else []

    def switch_database(self, location: str) -> None:
        """Open another database in this window's place (the old one is closed once the new one opened)."""
        if self._open_services is None or location == self.services.corpus.location:
            return
        try:
            services = self._open_services(location)
        except NewsdeskError as exc:
            prompts.show_error(self, "The database could not be opened", str(exc))
            return
        self.switched_to = services
        self.close()

    # ================================================================ messages
    def status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)

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
        self.model_label.setToolTip(plain.tip(info.message))
        if info.loaded:
            # The model's ~100,000 long-lived objects would otherwise be walked by every full
            # garbage collection (~30 ms, a visible hitch in the middle of an edit): exempt them.
            gc.freeze()

    def _on_failed(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)
        prompts.show_error(self, title, message)

    # ================================================================ edit menu
    def _update_undo_texts(self) -> None:
        history = self.services.history
        undo, redo = plain.action_text(history.undo_text or ""), plain.action_text(history.redo_text or "")
        self.menu_actions.undo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.menu_actions.redo.setText(f"&Redo {redo}" if redo else "&Redo")

    def undo(self) -> None:
        self._history_step(redo=False)

    def redo(self) -> None:
        self._history_step(redo=True)

    def _history_step(self, *, redo: bool) -> None:
        history = self.services.history
        try:
            changes = history.redo() if redo else history.undo()
        except ConflictError as exc:
            self.refuse(str(exc))  # the dropped step's event showed what is there now
            return
        except ActionRefused as exc:
            self.refuse(str(exc))
            return
        if changes is None:
            self.statusBar().showMessage("Nothing to redo." if redo else "Nothing to undo.", STATUS_MS)
            return
        if changes.article_id and changes.article_id != self.pane.article_id:
            self.open_article(changes.article_id)
        self.labels_changed()
        self.statusBar().showMessage(f"{'Redone' if redo else 'Undone'}: {changes.action}", STATUS_MS)

    def accept_all(self) -> None:
        self.edits.accept_all()

    def relate_span(self) -> None:
        self.edits.relate(self.view.selected_id() or "")

    def mark_done_and_next(self) -> None:
        aid = self.pane.article_id
        if aid is None:
            return
        spans, claims = self.services.claims.unreviewed(aid)
        if (spans or claims) and not prompts.done_with_suggestions(self, spans, claims):
            self.statusBar().showMessage("Not marked done.", STATUS_MS)
            return
        following = self.articles.neighbour(aid, 1)
        try:
            self.services.spans.set_status(aid, ArticleStatus.DONE)
        except NewsdeskError as exc:
            self.refuse(str(exc))
            return
        if following is None:
            following = self.articles.next_in(frozenset({ArticleStatus.TODO, ArticleStatus.IN_PROGRESS}), aid)
        if following is not None:
            self.open_article(following)
            self.statusBar().showMessage("Marked done; opened the next article.", STATUS_MS)
        else:
            self.statusBar().showMessage("Marked done. Every article is done.", STATUS_MS)

    # ================================================================ navigation
    def panes(self) -> list[QWidget]:
        """What F6 / Shift+F6 move the keyboard between, in order: the article list, the text, the side panel."""
        side = self.details.tabs.currentWidget()
        panes: list[QWidget] = [self.articles.view, self.view]
        if self.details.isVisible() and side is not None:
            panes.append(self.details.tabs)
        return panes

    def focus_pane(self, step: int) -> None:
        panes = self.panes()
        focus = self.focusWidget()
        current = next((i for i, p in enumerate(panes) if focus is not None and (focus is p or p.isAncestorOf(focus))),
                       1 if step < 0 else len(panes) - 1)  # fmt: skip
        target = panes[(current + step) % len(panes)]
        target.setFocus(Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason)

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

    # ================================================================ imports, labels
    def _on_imported(self, _report: ImportReport) -> None:
        self._corpus_timer.stop()
        self._on_corpus_changed()  # the list matches the report the user is about to read

    def labels_changed(self) -> None:
        """The label set may have changed (Settings, or undo/redo): the text and bars follow."""
        if self.memory is not None:
            self.memory.set_annotator(self.services.annotator_name)
        labels = self.services.corpus.labels()
        if labels != self._labels:
            self._labels = labels
            self.view.set_labels(labels)
        self._update_undo_texts()

    def reannotate_unreviewed(self) -> None:
        self.jobs.annotate_pending(force=True, unreviewed_only=True)

    # ================================================================ life cycle
    def start(self, seeds: Path | None) -> None:
        """Start-up jobs (after the window shows): model, seeds into an empty database, pre-annotation."""
        QTimer.singleShot(0, lambda: self.jobs.startup(seeds))
        if self.memory is not None:
            self.memory.restore_splitter(self.splitter)
        last = self.memory.last_article(self.services.corpus.location) if self.memory else None
        first = last if last and self.articles.model.row_of(last) >= 0 else self.articles.neighbour(None, 1)
        if first is not None:
            self.open_article(first)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if _local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = _local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.dialogs.start_import(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.runner.cancel_all()
        self.runner.wait(15000)
        if self.memory is not None:
            self.memory.save_layout(self, self.splitter)
            self.memory.set_last_article(self.services.corpus.location, self.pane.article_id)
            self.memory.sync()
        self.dialogs.close_all()
        super().closeEvent(event)


def _local_paths(mime: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
