"""The window's background jobs: load the model, import, pre-annotate, export.

Each job is a service call run by the :class:`TaskRunner`; imports and pre-annotation
are writers, so they queue behind each other. Results come back as signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.domain.ports import Progress
from desktop.services import Services
from desktop.services.annotate import AnnotateReport

from .tasks import Task, TaskRunner


class Jobs(QObject):
    modelReady = Signal(object)  # ModelInfo
    corpusChanged = Signal()  # articles were added or annotated: refresh lists
    imported = Signal(object)  # ImportReport
    annotated = Signal(object)  # AnnotateReport
    exported = Signal(object, str)  # ExportReport, destination
    failed = Signal(str, str)  # title, one-line message
    notice = Signal(str)  # one line for the status bar
    added = Signal(str, bool)  # article id, False when the same text was there already

    def __init__(self, services: Services, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.runner = runner

    # -- start-up -------------------------------------------------------------------------
    def startup(self, seeds: Path | None) -> None:
        """Load the model; import the seeds into an empty database; pre-annotate what never was."""
        self.load_model()
        if seeds is not None and self._services.corpus.is_empty():
            self.import_paths([seeds], name="Importing the demo articles")
        self.annotate_pending()

    def load_model(self) -> Task:
        task = self.runner.submit("Loading the spaCy model", lambda _p: self._services.load_model(), writer=False)
        task.succeeded.connect(self.modelReady.emit)
        task.failed.connect(lambda exc: self.failed.emit("The spaCy model could not be loaded", str(exc)))
        return task

    def add_url(self, url: str) -> Task:
        """Fetch a web page and add its article (network and parsing off the GUI thread)."""
        services = self._services

        def run(_progress: Progress) -> object:
            return services.corpus.add_url(url, annotator=services.annotator_name)

        task = self.runner.submit(f"Fetching {url}", run)
        task.succeeded.connect(lambda result: self.added.emit(*result))
        task.failed.connect(lambda exc: self.failed.emit("The page could not be added", str(exc)))
        return task

    # -- writers ----------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[str | Path], *, name: str = "Importing") -> Task:
        services = self._services

        def run(progress: Progress) -> object:
            return services.corpus.import_paths(list(paths), annotator=services.annotator_name, progress=progress)

        task = self.runner.submit(name, run)
        task.progressed.connect(lambda *_: self.corpusChanged.emit())
        task.succeeded.connect(self._imported)
        task.cancelled.connect(lambda: self._cancelled("Import cancelled."))
        task.failed.connect(lambda exc: self.failed.emit("Import failed", str(exc)))
        return task

    def _cancelled(self, message: str) -> None:
        self.corpusChanged.emit()
        self.notice.emit(message)

    def _imported(self, report: object) -> None:
        self.corpusChanged.emit()
        self.imported.emit(report)
        if getattr(report, "added", 0):
            self.annotate_pending()

    def annotate_pending(self, *, force: bool = False, unreviewed_only: bool = False) -> Task:
        """Pre-annotate never-annotated articles (or, with force, again), at run time's view of the corpus."""
        services = self._services

        def run(progress: Progress) -> object:
            ids = services.annotator.pending(force=force, unreviewed_only=unreviewed_only)
            if not ids:
                return None
            return services.annotator.run(ids, progress=progress)

        name = "Re-annotating unreviewed articles" if force else "Pre-annotating"
        task = self.runner.submit(name, run)
        task.progressed.connect(lambda *_: self.corpusChanged.emit())
        task.succeeded.connect(self._annotated)
        task.cancelled.connect(lambda: self._cancelled("Pre-annotation cancelled; what was done is kept."))
        task.failed.connect(lambda exc: self.failed.emit("Pre-annotation failed", str(exc)))
        return task

    def _annotated(self, report: AnnotateReport | None) -> None:
        self.corpusChanged.emit()
        if report is not None:
            self.annotated.emit(report)
            self.notice.emit(report.summary().capitalize())

    def export(self, dest: Path, fmt: str, *, article_ids: Sequence[str] | None, accepted_only: bool) -> Task:
        services = self._services

        def run(progress: Progress) -> object:
            return services.corpus.export(dest, fmt, article_ids=article_ids, accepted_only=accepted_only,
                                          progress=progress)  # fmt: skip

        task = self.runner.submit(f"Exporting {fmt}", run, writer=False)
        task.succeeded.connect(lambda report: self.exported.emit(report, str(dest)))
        task.cancelled.connect(lambda: self.notice.emit("Export cancelled (the file may be incomplete)."))
        task.failed.connect(lambda exc: self.failed.emit("Export failed", f"{dest}: {exc}"))
        return task
