"""Keep a widget in step with the undo history without keeping it alive."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from desktop.services import Services


def follow_history(widget: QWidget, services: Services, refresh: Callable[[], object]) -> None:
    """Call ``refresh`` (once, on the next event-loop turn) after every do/undo/redo.

    The listener drops itself when the widget is destroyed, so the history never
    calls into a deleted widget (a bound method is held weakly, so the history does not
    keep the widget alive either). Several changes in one turn give one refresh.
    """
    alive = weakref.ref(widget)
    method = weakref.WeakMethod(refresh) if hasattr(refresh, "__self__") else None  # type: ignore[arg-type]
    plain = None if method is not None else refresh
    pending = [False]

    def run() -> None:
        pending[0] = False
        target = alive()
        call = method() if method is not None else plain
        if target is not None and isValid(target) and call is not None:
            call()

    def listener() -> None:
        target = alive()
        if target is None or not isValid(target):
            _drop()
            return
        if not pending[0]:
            pending[0] = True
            QTimer.singleShot(0, target, run)

    def _drop() -> None:
        if listener in services.history.listeners:
            services.history.listeners.remove(listener)

    services.history.listeners.append(listener)
    widget.destroyed.connect(lambda *_: _drop())
