"""Run service calls off the GUI thread, with progress, cancel, and one writer at a time.

A :class:`Task` wraps ``fn(progress) -> result``. The worker thread reports through a
:class:`desktop.domain.ports.Progress` whose callback emits a Qt signal, so every
signal of a task arrives on the GUI thread. Long write tasks (import, pre-annotation)
are queued: the :class:`TaskRunner` starts the next writer only when the last one ended.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.domain.ports import Cancelled, Progress


class Task(QObject):
    """One background job. Connect to its signals before it starts (they are queued anyway)."""

    progressed = Signal(int, int, str)  # done, total, message
    succeeded = Signal(object)  # the result
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after exactly one of succeeded / failed / cancelled

    def __init__(self, name: str, fn: Callable[[Progress], Any], *, writer: bool) -> None:
        super().__init__()
        self.name = name
        self.writer = writer
        self.fn = fn
        self.progress = Progress(callback=self._report)
        self.running = False
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.last: tuple[int, int, str] = (0, 0, "")

    def _report(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    def cancel(self) -> None:
        """Ask the task to stop at its next progress step (any thread)."""
        self.progress.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.progress.cancelled


class _Worker(QRunnable):
    def __init__(self, task: Task, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._relay = relay

    def run(self) -> None:
        task = self._task
        try:
            result = task.fn(task.progress)
        except Cancelled:
            self._relay.outcome.emit(task, "cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self._relay.outcome.emit(task, "failed", exc)
        else:
            if task.is_cancelled:
                self._relay.outcome.emit(task, "cancelled", result)
            else:
                self._relay.outcome.emit(task, "succeeded", result)


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit through it (queued connection)."""

    outcome = Signal(object, str, object)


class TaskRunner(QObject):
    """Starts tasks on a thread pool; write tasks run one after the other."""

    taskStarted = Signal(object)  # Task
    taskEnded = Signal(object)  # Task
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, max_threads))
        self._relay = _Relay(self)
        self._relay.outcome.connect(self._on_outcome)
        self._writers: deque[Task] = deque()
        self._writer: Task | None = None
        self._running: set[Task] = set()

    # -- submitting -----------------------------------------------------------------
    def submit(self, name: str, fn: Callable[[Progress], Any], *, writer: bool = True) -> Task:
        """Queue ``fn(progress)``; returns the task so the caller can connect to its signals."""
        task = Task(name, fn, writer=writer)
        if writer:
            self._writers.append(task)
            self._next_writer()
        else:
            self._start(task)
        return task

    def _start(self, task: Task) -> None:
        task.running = True
        self._running.add(task)
        self.taskStarted.emit(task)
        self._pool.start(_Worker(task, self._relay))

    def _next_writer(self) -> None:
        if self._writer is None and self._writers:
            self._writer = self._writers.popleft()
            if self._writer.is_cancelled:  # cancelled while it waited
                task, self._writer = self._writer, None
                self._finish(task, "cancelled", None)
                self._next_writer()
                return
            self._start(self._writer)

    # -- outcomes -------------------------------------------------------------------
    def _on_outcome(self, task: Task, kind: str, value: object) -> None:
        self._running.discard(task)
        if task is self._writer:
            self._writer = None
        self._finish(task, kind, value)
        self._next_writer()
        if self.is_idle():
            self.idle.emit()

    def _finish(self, task: Task, kind: str, value: object) -> None:
        task.running = False
        task.finished = True
        if kind == "succeeded":
            task.result = value
            task.succeeded.emit(value)
        elif kind == "failed":
            assert isinstance(value, BaseException)
            task.error = value
            task.failed.emit(value)
        else:
            task.cancelled.emit()
        task.ended.emit()
        self.taskEnded.emit(task)

    # -- state ----------------------------------------------------------------------
    def is_idle(self) -> bool:
        return not self._running and not self._writers and self._writer is None

    def active(self) -> list[Task]:
        """Running tasks, then queued writers."""
        return [*sorted(self._running, key=lambda t: not t.writer), *self._writers]

    def cancel_all(self) -> None:
        for task in [*self._running, *self._writers]:
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is empty (used when the window closes)."""
        return bool(self._pool.waitForDone(msecs))
