"""``newsdesk annotate --worker``: one of several processes sharing the pre-annotation of a corpus.

Every worker queues the articles nobody has pre-annotated (``AnnotateQueue.enqueue``), then
takes a few at a time under a lease, runs the NLP outside any transaction, and stores each
article's suggestions with the existing write path (the merge of :class:`Annotator`, one
change set per article) in the transaction that marks the article done. While it works, a
heartbeat thread renews its leases. The write is refused when somebody annotated the
article meanwhile (the article's ``annotated_by`` is part of the change set's stale-state
check), so an article is annotated once, also when a stalled worker's lease ran out and
another one took the article over. When nothing is left to take but other workers still
hold leases, a worker waits: if one of them dies, its rows come free when the lease runs
out and are taken by the workers still running. Stopping (Ctrl+C, Cancel) hands the
unfinished rows back at once; what was written stays, nothing is half-written.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.domain.errors import ConflictError, NewsdeskError
from desktop.domain.model import Article, Claim, Rule, Span
from desktop.domain.ports import AnnotateQueue, NlpEngine, Progress, Store

from .annotate import Annotator

ATTEMPTS = 3  # stale-state refusals (an analyst edited the article meanwhile) before an article is handed back


def default_worker_name() -> str:
    """``host:pid:random``: unique per process, and says where a lease comes from."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


@dataclass(slots=True)
class WorkerReport:
    worker: str
    model: str = ""
    articles: int = 0  # annotated by this worker
    spans: int = 0
    claims: int = 0
    taken_over: int = 0  # of them, taken from a lease that had run out (a worker that died)
    annotated_elsewhere: int = 0  # taken, but somebody annotated it first: marked done, not annotated again
    handed_back: int = 0  # refused again and again by analysts' edits: left for another run

    def summary(self) -> str:
        parts = [f"worker {self.worker} annotated {self.articles} article{'s' if self.articles != 1 else ''}"
                 f" with {self.model}: {self.spans} entity suggestions, {self.claims} claim suggestions"]  # fmt: skip
        if self.taken_over:
            parts.append(f"{self.taken_over} taken over from expired leases")
        if self.annotated_elsewhere:
            parts.append(f"{self.annotated_elsewhere} annotated elsewhere meanwhile (left as they were)")
        if self.handed_back:
            parts.append(f"{self.handed_back} handed back (changed by analysts while annotating)")
        return "; ".join(parts)


class AnnotateWorker(Annotator):
    def __init__(self, store: Store, engine: NlpEngine, queue: AnnotateQueue | None) -> None:
        super().__init__(store, engine)
        self._queue = queue

    @property
    def available(self) -> bool:
        return self._queue is not None

    def work(self, *, worker: str | None = None, batch: int = 8, lease_seconds: float = 120.0,
             poll_seconds: float = 2.0, progress: Progress | None = None,
             sleep: Callable[[float], bool] | None = None) -> WorkerReport:  # fmt: skip
        """Take, annotate and store queued articles until none is left. ``progress`` gets
        (done by everybody, queue size, message); cancelling it stops after the article in
        hand. ``lease_seconds`` must be longer than a batch takes (the heartbeat renews at a
        third of it)."""
        if self._queue is None:
            raise NewsdeskError("this database has no annotate work queue")
        queue = self._queue
        name = worker or default_worker_name()
        progress = progress or Progress()
        stop = threading.Event()
        wait = sleep or stop.wait
        info = self._engine.load()
        report = WorkerReport(name, info.label)
        queue.enqueue()
        beat = threading.Thread(target=self._heartbeat, args=(queue, name, lease_seconds, stop),
                                name="newsdesk-lease", daemon=True)  # fmt: skip
        beat.start()
        rules = self._store.rules()
        try:
            while True:
                taken = queue.take(name, batch, lease_seconds)
                if not taken and queue.enqueue():  # articles imported since: queue them too
                    taken = queue.take(name, batch, lease_seconds)
                left, others, done = queue.counts(name)
                total = left + done
                if not taken:
                    if left == 0:
                        break
                    progress.step(done, total, f"waiting: {others} of {left} left are leased by other workers")
                    wait(min(poll_seconds, lease_seconds / 3))
                    continue
                progress.step(done, total, f"took {len(taken)}, {left} left")
                self._annotate(queue, name, taken, rules, info.label, report, progress)
        finally:
            stop.set()
            beat.join(timeout=5)
            queue.release(name)  # what is unfinished goes back to the queue now, not when the lease runs out
        return report

    def _annotate(self, queue: AnnotateQueue, name: str, taken: list[tuple[str, bool]], rules: Sequence[Rule],
                  model: str, report: WorkerReport, progress: Progress) -> None:  # fmt: skip
        over = {aid for aid, was_other in taken if was_other}
        todo: list[tuple[str, str]] = []
        for aid, _ in taken:
            article = self._store.get_article(aid)
            if article.annotated_by is not None:  # written by a worker that died before marking it done
                queue.skip(aid, name)
                report.annotated_elsewhere += 1
            else:
                todo.append((aid, article.text))
        annotator = f"model:{model}"
        for suggestions in self._engine.suggest(iter(todo), rules, batch_size=len(todo) or 1):
            aid = suggestions.article_id
            for _attempt in range(ATTEMPTS):
                changes = self._merge(suggestions, model)  # reads the article as it is now
                stored = changes.changes[-1].before  # the merge's last change marks the article annotated
                if isinstance(stored, Article) and stored.annotated_by is not None:
                    queue.skip(aid, name)  # somebody annotated it while the model ran
                    report.annotated_elsewhere += 1
                    break
                try:
                    queue.finish(changes, annotator=annotator, worker=name)
                except ConflictError:
                    continue  # an analyst's edit or another worker's write: look again
                report.articles += 1
                report.taken_over += aid in over
                report.spans += sum(1 for c in changes.changes if c.before is None and isinstance(c.after, Span))
                report.claims += sum(1 for c in changes.changes if c.before is None and isinstance(c.after, Claim))
                break
            else:
                queue.release(name, [aid])
                report.handed_back += 1
            left, _others, done = queue.counts(name)
            progress.step(done, left + done, f"annotated {report.articles} ({left} left)")

    @staticmethod
    def _heartbeat(queue: AnnotateQueue, name: str, lease_seconds: float, stop: threading.Event) -> None:
        while not stop.wait(lease_seconds / 3):
            try:
                queue.renew(name, lease_seconds)
            except NewsdeskError:  # the server is gone for a moment: the next beat tries again
                continue
