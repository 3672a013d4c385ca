"""The background task runner: off the GUI thread, progress, cancel, errors, one writer at a time."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from desktop.domain.ports import Progress
from desktop.ui.progress import TaskProgress
from desktop.ui.tasks import TaskRunner


def slow(seconds: float, steps: int = 20):  # type: ignore[no-untyped-def]
    def run(progress: Progress) -> str:
        for i in range(steps):
            progress.step(i, steps, f"step {i}")
            time.sleep(seconds / steps)
        progress.step(steps, steps, "done")
        return "finished"

    return run


def test_a_task_runs_off_the_gui_thread_and_reports_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(progress: Progress) -> int:
        seen["worker"] = threading.get_ident()
        progress.step(1, 2, "half")
        return 42

    task = runner.submit("answer", work)
    steps: list[tuple[int, int, str, int]] = []
    task.progressed.connect(lambda d, t, m: steps.append((d, t, m, threading.get_ident())))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert seen["worker"] != gui
    qtbot.waitUntil(lambda: bool(steps))
    assert steps[0][:3] == (1, 2, "half") and steps[0][3] == gui  # progress arrives on the GUI thread
    assert runner.is_idle()


def test_errors_and_cancel_come_back_as_signals(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()

    def broken(_p: Progress) -> None:
        raise ValueError("bad file")

    task = runner.submit("broken", broken)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError) and str(blocker.args[0]) == "bad file"

    long = runner.submit("long", slow(5.0, 100))
    qtbot.waitUntil(lambda: long.running, timeout=2000)
    with qtbot.waitSignal(long.cancelled, timeout=3000):
        long.cancel()
    assert long.result is None and long.finished


def test_writers_run_one_after_the_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(max_threads=4)
    spans: dict[str, tuple[float, float]] = {}

    def writer(name: str):  # type: ignore[no-untyped-def]
        def run(_p: Progress) -> None:
            start = time.monotonic()
            time.sleep(0.3)
            spans[name] = (start, time.monotonic())

        return run

    first = runner.submit("first", writer("first"))
    second = runner.submit("second", writer("second"))
    reader = runner.submit("reader", writer("reader"), writer=False)
    assert not second.running  # queued behind the first writer
    qtbot.waitUntil(lambda: first.finished and second.finished and reader.finished, timeout=5000)
    assert spans["second"][0] >= spans["first"][1]
    assert spans["reader"][0] < spans["first"][1]  # readers do not wait for writers


def test_the_window_stays_responsive_while_a_slow_task_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    widget = TaskProgress(runner)
    edit = QLineEdit()
    qtbot.addWidget(widget)
    qtbot.addWidget(edit)
    edit.show()
    widget.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    task = runner.submit("Slow job", slow(1.5, 30))
    qtbot.waitUntil(lambda: widget.isVisible() and widget.bar.value() > 0, timeout=3000)
    assert "Slow job" in widget.label.text()
    qtbot.keyClicks(edit, "still typing")  # the GUI thread handles input while the task runs
    assert edit.text() == "still typing"
    qtbot.wait(300)
    assert task.running
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) >= 10 and max(gaps) < 0.25  # the event loop never stalled
    with qtbot.waitSignal(task.cancelled, timeout=3000):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not widget.isVisible(), timeout=2000)
    timer.stop()


def test_a_queued_writer_cancelled_before_it_starts_never_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    ran: list[str] = []
    first = runner.submit("first", slow(0.3, 5))
    second = runner.submit("second", lambda _p: ran.append("second"))
    second.cancel()
    with qtbot.waitSignal(second.cancelled, timeout=5000):
        pass
    assert first.finished and ran == []
