"""The status-bar progress widget: what runs in the background, how far it is, and Cancel."""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.ui import plain

from .tasks import Task, TaskRunner


class TaskProgress(QWidget):
    """Shows the first running task of a :class:`TaskRunner`; hidden when nothing runs."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._task: Task | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = plain.label(QLabel(self))
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop this background task (what is done so far is kept)")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.taskStarted.connect(self._refresh)
        runner.taskEnded.connect(self._refresh)
        self.setVisible(False)

    @property
    def task(self) -> Task | None:
        return self._task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.label.setText(f"{self._task.name}: cancelling…")
            self.cancel_button.setEnabled(False)

    def _refresh(self, _task: object = None) -> None:
        active = [t for t in self._runner.active() if not t.finished]
        task = active[0] if active else None
        if task is not self._task:
            if self._task is not None:
                with contextlib.suppress(RuntimeError, TypeError):
                    self._task.progressed.disconnect(self._on_progress)
            self._task = task
            if task is not None:
                task.progressed.connect(self._on_progress)
                self.cancel_button.setEnabled(not task.is_cancelled)
                self._on_progress(*task.last)
        queued = len(active) - 1
        if task is not None and queued > 0:
            self.setToolTip(f"{queued} more task{'s' if queued != 1 else ''} waiting")
        else:
            self.setToolTip("")
        self.setVisible(task is not None)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self._task is None:
            return
        self._task.last = (done, total, message)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)  # busy indicator
        text = f"{self._task.name}: {message}" if message else f"{self._task.name}…"
        self.label.setText(text)
