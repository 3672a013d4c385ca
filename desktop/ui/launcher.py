"""Opens the window's dialogs and side windows (File, Go > Search, View > Claims, Tools, Help).

The window stays about the article; this object knows which dialog does what and
keeps the open ones in ``shown`` (by name) so they are reused and closed with the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from desktop.domain.errors import NewsdeskError
from desktop.services import Services
from desktop.services.catalog import import_file_filter

from .articles import ArticleListPanel
from .claims import ClaimsView, EntitiesDialog
from .dialogs.about import AboutDialog
from .dialogs.article import ArticleDetails, ArticleDialog, UrlDialog
from .dialogs.export import ExportDialog
from .dialogs.problems import FileProblemsDialog
from .dialogs.revisions import RevisionsDialog
from .dialogs.settings import SettingsDialog
from .dialogs.shortcuts import ShortcutsDialog
from .dialogs.train import TrainDialog
from .jobs import Jobs
from .search import SearchPanel
from .tasks import TaskRunner

IMPORTABLE = import_file_filter()  # every suffix a reader takes, from the readers' own list
DATABASES = "Newsdesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"


class Host(Protocol):
    """What the dialogs need from the window."""

    services: Services
    jobs: Jobs
    runner: TaskRunner
    articles: ArticleListPanel

    def open_article(self, article_id: str, object_id: str = "", *, focus: bool = True) -> None: ...
    def article_added(self, article_id: str, added: bool) -> None: ...
    def switch_database(self, location: str) -> None: ...
    def recent_databases(self) -> list[str]: ...
    @property
    def current_id(self) -> str | None: ...
    def show_text(self, article_id: str, start: int, end: int) -> None: ...
    def show_hit(self, hit: object) -> None: ...
    def refresh(self) -> None: ...
    def labels_changed(self) -> None: ...
    def status(self, message: str) -> None: ...
    def revisions_changed(self) -> None: ...

    @property
    def view(self) -> Any: ...


class DialogLauncher(QObject):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._parent = parent
        self.shown: dict[str, QWidget] = {}
        host.jobs.imported.connect(self._on_imported)
        host.jobs.exported.connect(self._on_exported)
        host.jobs.added.connect(host.article_added)

    def _keep(self, name: str, widget: QWidget) -> None:
        old = self.shown.get(name)
        if old is not None and old is not widget:
            old.close()
            old.deleteLater()
        self.shown[name] = widget

    def close_all(self) -> None:
        for widget in self.shown.values():
            widget.close()

    # -- File -------------------------------------------------------------------------------
    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self._parent, "Import articles", str(Path.home()), IMPORTABLE)
        if paths:
            self.start_import(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent, "Import a folder", str(Path.home()))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str]) -> None:
        self._host.jobs.import_paths(paths, name=f"Importing {len(paths)} item{'s' if len(paths) != 1 else ''}")

    def _on_imported(self, report: Any) -> None:
        self._host.status(report.summary().capitalize())
        if report.failed or report.skipped:
            problems = [(f.path, f.error or "") for f in report.failed]
            kept = [(i.where, f"{i.kind}: {i.detail}" if i.detail else i.kind) for i in report.skipped]
            dialog = FileProblemsDialog(report.summary().capitalize(), problems, self._parent, skipped=kept)
            self._keep("problems", dialog)
            dialog.open()

    # -- articles managed in the window ------------------------------------------------------
    def new_article(self) -> ArticleDialog:
        dialog = ArticleDialog(self._parent, title="New article from text", with_text=True)
        self._keep("article", dialog)

        def add() -> None:
            d = dialog.details()
            try:
                aid, added = self._host.services.corpus.add_text(
                    d.text, title=d.title, source=d.source or None, published=d.published or None,
                    url=d.url or None, annotator=self._host.services.annotator_name)  # fmt: skip
            except NewsdeskError as exc:
                self._host.status(str(exc))
                QMessageBox.warning(self._parent, "Not added", str(exc))
                dialog.open()  # keep what was typed
                return
            self._host.article_added(aid, added)

        dialog.accepted.connect(add)
        dialog.open()
        return dialog

    def add_from_url(self) -> UrlDialog:
        dialog = UrlDialog(self._parent)
        self._keep("url", dialog)
        dialog.accepted.connect(lambda: dialog.url.text().strip() and self._host.jobs.add_url(dialog.url.text()))
        dialog.open()
        return dialog

    def edit_article(self) -> ArticleDialog | None:
        aid = self._host.current_id
        if aid is None:
            return None
        meta = self._host.services.corpus.document(aid).article.meta
        dialog = ArticleDialog(self._parent, title="Article details",
                               details=ArticleDetails(meta.title, meta.source or "", meta.published or "",
                                                      meta.url or ""))  # fmt: skip
        self._keep("article", dialog)

        def save() -> None:
            d = dialog.details()
            try:
                self._host.services.corpus.update_metadata(aid, title=d.title, source=d.source,
                                                           published=d.published, url=d.url)  # fmt: skip
            except NewsdeskError as exc:
                QMessageBox.warning(self._parent, "Not saved", str(exc))
                return
            self._host.refresh()
            self._host.status("Details saved (Ctrl+Z undoes it).")

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def delete_articles(self) -> None:
        ids = self._host.articles.selected_ids() or ([self._host.current_id] if self._host.current_id else [])
        if not ids:
            return
        for aid in ids:
            try:
                self._host.services.corpus.delete_article(aid)
            except NewsdeskError as exc:
                self._host.status(str(exc))
                break
        self._host.refresh()
        self._host.status(f"Deleted {len(ids)} article{'s' if len(ids) != 1 else ''} (Ctrl+Z brings "
                          f"{'them' if len(ids) != 1 else 'it'} back).")  # fmt: skip

    # -- databases ------------------------------------------------------------------------------
    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open a Newsdesk database", str(Path.home()), DATABASES)
        if path:
            self._host.switch_database(path)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        current = self._host.services.corpus.location
        for location in self._host.recent_databases():
            action = QAction(location, menu)
            action.setEnabled(location != current)
            action.triggered.connect(lambda _c=False, loc=location: self._host.switch_database(loc))
            menu.addAction(action)
        if menu.isEmpty():
            none = menu.addAction("(none yet)")
            none.setEnabled(False)

    def export(self) -> ExportDialog:
        dialog = ExportDialog(self._host.articles.selected_ids(), Path.home(), self._parent)
        self._keep("export", dialog)
        dialog.accepted.connect(lambda: self._start_export(dialog))
        dialog.open()
        return dialog

    def _start_export(self, dialog: ExportDialog) -> None:
        choice = dialog.choice()
        self._host.jobs.export(choice.path, choice.fmt, article_ids=choice.article_ids,
                               accepted_only=choice.accepted_only)  # fmt: skip

    def _on_exported(self, report: Any, dest: str) -> None:
        self._host.status(f"Exported to {dest}: {report.summary()}")

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self._host.services, self._parent)
        self._keep("settings", dialog)
        dialog.finished.connect(lambda _result: self._host.labels_changed())
        dialog.open()
        return dialog

    # -- Go, View, Tools ------------------------------------------------------------------------
    def search(self) -> SearchPanel:
        """The search panel, docked below the article list and the article (it covers neither)."""
        panel = self.shown.get("search")
        if not isinstance(panel, SearchPanel):
            panel = SearchPanel(self._host.services, self._host.runner, self._parent)
            panel.hitChosen.connect(self._host.show_hit)
            if isinstance(self._parent, QMainWindow):
                self._parent.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
                self._parent.resizeDocks([panel], [260], Qt.Orientation.Vertical)
            self._keep("search", panel)
        panel.focus_query()
        return panel

    def show_claims_view(self) -> ClaimsView:
        view = self.shown.get("claims")
        if not isinstance(view, ClaimsView):
            view = ClaimsView(self._host.services, self._parent)
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.setWindowTitle("Claims - Newsdesk")
            view.openRequested.connect(self._host.open_article)
            view.resize(1100, 640)
            self._keep("claims", view)
        view.show()
        view.raise_()
        return view

    def show_entities(self) -> EntitiesDialog:
        dialog = EntitiesDialog(self._host.services, self._parent, runner=self._host.runner)
        self._keep("entities", dialog)
        dialog.open()
        return dialog

    def train_model(self) -> TrainDialog:
        dialog = self.shown.get("train")
        if not isinstance(dialog, TrainDialog):
            dialog = TrainDialog(self._host.services, self._host.runner, self._host.jobs, self._parent)
            self._keep("train", dialog)
        dialog.show()
        dialog.raise_()
        return dialog

    # -- Help -------------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._parent)
        self._keep("shortcuts", dialog)
        dialog.open()
        return dialog

    # -- revisions --------------------------------------------------------------------------------
    def show_revisions(self) -> RevisionsDialog | None:
        aid = self._host.current_id
        if aid is None:
            self._host.status("Open an article first.")
            return None
        dialog = RevisionsDialog(self._host.services, aid, self._host.view.text_selection, self._parent)
        dialog.changed.connect(self._host.revisions_changed)
        self._keep("revisions", dialog)
        dialog.show()
        return dialog

    def import_new_version(self) -> None:
        aid = self._host.current_id
        if aid is None:
            self._host.status("Open the article that the file is a new version of first.")
            return
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import a new version of this article",
                                              str(Path.home()), IMPORTABLE)  # fmt: skip
        if path:
            self.start_new_version(aid, path)

    def start_new_version(self, article_id: str, path: str) -> None:
        services = self._host.services
        task = self._host.runner.submit("Importing a new version",
                                        lambda _p: services.revisions.import_new_version(article_id, path))  # fmt: skip
        task.succeeded.connect(lambda result: self._on_new_version(result))
        task.failed.connect(lambda exc: self._host.status(f"Not imported: {exc}"))

    def _on_new_version(self, result: Any) -> None:
        self._host.status(result.line())
        self._host.revisions_changed()
        self.show_revisions()

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._host.services, self._parent)
        self._keep("about", dialog)
        dialog.open()
        return dialog
