"""Opens the window's dialogs and side windows (File, Go > Search, View > Claims, Tools, Help).

The window stays about the article; this object knows which dialog does what and
keeps the open ones in ``shown`` (by name) so they are reused and closed with the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from desktop.services import Services
from desktop.services.catalog import import_file_filter

from .articles import ArticleListPanel
from .claims import ClaimsView, EntitiesDialog
from .dialogs.about import AboutDialog
from .dialogs.export import ExportDialog
from .dialogs.problems import FileProblemsDialog
from .dialogs.settings import SettingsDialog
from .dialogs.shortcuts import ShortcutsDialog
from .dialogs.train import TrainDialog
from .jobs import Jobs
from .search import SearchPanel
from .tasks import TaskRunner

IMPORTABLE = import_file_filter()  # every suffix a reader takes, from the readers' own list


class Host(Protocol):
    """What the dialogs need from the window."""

    services: Services
    jobs: Jobs
    runner: TaskRunner
    articles: ArticleListPanel

    def open_article(self, article_id: str, object_id: str = "", *, focus: bool = True) -> None: ...
    def show_text(self, article_id: str, start: int, end: int) -> None: ...
    def show_hit(self, hit: object) -> None: ...
    def refresh(self) -> None: ...
    def labels_changed(self) -> None: ...
    def status(self, message: str) -> None: ...


class DialogLauncher(QObject):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._parent = parent
        self.shown: dict[str, QWidget] = {}
        host.jobs.imported.connect(self._on_imported)
        host.jobs.exported.connect(self._on_exported)

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
        if report.failed:
            dialog = FileProblemsDialog(report.summary().capitalize(),
                                        [(f.path, f.error or "") for f in report.failed], self._parent)  # fmt: skip
            self._keep("problems", dialog)
            dialog.open()

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

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._host.services, self._parent)
        self._keep("about", dialog)
        dialog.open()
        return dialog
