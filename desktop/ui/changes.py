"""The committed-change event, as a Qt signal: one per committed action, on the GUI thread.

Every view that shows stored data makes one :class:`CommittedChanges` (a child of itself)
and connects to ``committed``. It subscribes to the services' change feed and leaves it
when its owner is destroyed; a commit made on another thread arrives queued, on the GUI
thread (Qt's automatic connection). No timer, counter or poll is involved.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from desktop.services import Committed, Services


class CommittedChanges(QObject):
    committed = Signal(object)  # a desktop.services.Committed

    def __init__(self, services: Services, parent: QObject) -> None:
        super().__init__(parent)
        unsubscribe = services.feed.subscribe(self._publish)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _publish(self, event: Committed) -> None:
        if isValid(self):
            self.committed.emit(event)


def touches(event: Committed, *kinds: type) -> bool:
    """Whether the committed change set holds an object of one of these types (or nothing is known)."""
    if event.changes is None:
        return True
    return any(isinstance(change.object, kinds) for change in event.changes.changes)
