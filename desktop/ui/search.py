"""Ctrl+F: search the corpus (titles, article text and claims); open a hit on activation."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.ports import Progress
from desktop.services import Services
from desktop.ui import plain

from .tasks import Task, TaskRunner

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: str
    object_id: str | None  # a claim id, or None for the article itself
    kind: str  # "title", "text" or "claim"
    title: str
    snippet: str
    start: int = 0  # where the match is in the text (code points), for "text" hits
    end: int = 0


def _snippet(text: str, at: int, length: int, width: int = 50) -> str:
    lo, hi = max(0, at - width), min(len(text), at + length + width)
    out = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + out + ("…" if hi < len(text) else "")


def search_corpus(services: Services, query: str, progress: Progress | None = None, *,
                  limit: int = 500) -> list[Hit]:  # fmt: skip
    """Case-insensitive search of titles, texts and claims. Runs in a background task."""
    needle = query.strip().casefold()
    if not needle:
        return []
    progress = progress or Progress()
    hits: list[Hit] = []
    summaries = services.corpus.articles()
    for done, summary in enumerate(summaries, start=1):
        progress.step(done - 1, len(summaries), f"Searched {done - 1} of {len(summaries)} articles")
        title = summary.title or summary.id
        if needle in title.casefold():
            hits.append(Hit(summary.id, None, "title", title, title))
        doc = services.corpus.document(summary.id)
        at = doc.text.casefold().find(needle)
        if at >= 0:
            hits.append(Hit(summary.id, None, "text", title, _snippet(doc.text, at, len(needle)), at, at + len(needle)))
        for claim in doc.claims:
            if claim.visible and needle in doc.text[claim.start : claim.end].casefold():
                hits.append(Hit(summary.id, claim.id, "claim", title,
                                " ".join(doc.text[claim.start : claim.end].split())))  # fmt: skip
        if len(hits) >= limit:
            break
    progress.step(len(summaries), len(summaries), "Search done")
    return hits[:limit]


class SearchDialog(QDialog):
    """A query box and a result list; activating a result emits ``openRequested``."""

    openRequested = Signal(str, str)  # article id, object id ("" for the article)
    textRequested = Signal(str, int, int)  # article id, start, end of a match in its text

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search the corpus")
        self._services = services
        self._runner = runner
        self._task: Task | None = None
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Words in titles, article text or claims")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        go = QPushButton("Search", self)
        go.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(go)
        self.status = plain.label(QLabel(self))
        self.results = QTreeWidget(self)
        self.results.setHeaderLabels(["Article", "Where", "Match"])
        self.results.setRootIsDecorated(False)
        self.results.setColumnWidth(0, 220)
        self.results.setColumnWidth(1, 60)
        self.results.itemActivated.connect(self._open)
        self.results.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.resize(760, 460)

    def search(self) -> None:
        query = self.query.text()
        if not query.strip():
            return
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        self.results.clear()
        self.status.setText("Searching…")
        task = self._runner.submit(f"Search '{query.strip()}'",
                                   lambda p: search_corpus(self._services, query, p), writer=False)  # fmt: skip
        task.succeeded.connect(lambda hits, t=task: self._show(t, hits))
        task.failed.connect(lambda exc: self.status.setText(f"Search failed: {exc}"))
        self._task = task

    def _show(self, task: Task, hits: list[Hit]) -> None:
        if task is not self._task:
            return
        self.results.clear()
        for hit in hits:
            item = QTreeWidgetItem([hit.title, hit.kind, hit.snippet])
            item.setToolTip(2, plain.tip(hit.snippet))
            item.setData(0, HIT_ROLE, hit)
            self.results.addTopLevelItem(item)
        self.status.setText(f"{len(hits)} match{'es' if len(hits) != 1 else ''}")
        first = self.results.topLevelItem(0)
        if first is not None:
            self.results.setCurrentItem(first)
            QTimer.singleShot(0, self.results.setFocus)

    def hits(self) -> list[Hit]:
        items = (self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount()))
        return [item.data(0, HIT_ROLE) for item in items if item is not None]

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit: Hit = item.data(0, HIT_ROLE)
        if hit.kind == "text":
            self.textRequested.emit(hit.article_id, hit.start, hit.end)
        else:
            self.openRequested.emit(hit.article_id, hit.object_id or "")
