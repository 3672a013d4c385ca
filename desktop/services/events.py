"""The one event every view follows: a change set was committed (by whom, and how).

:class:`ChangeFeed` is a plain, Qt-free publish/subscribe list. The history publishes
one :class:`Committed` after every do, undo and redo (and when it drops a step it could
not undo); the window turns each into one Qt signal on the GUI thread
(``desktop.ui.bridge``), so every view refreshes once per committed action, with no
timer, counter or poll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.model import ChangeSet


class Cause(StrEnum):
    """Why the data changed."""

    DO = "do"  # a user action
    UNDO = "undo"
    REDO = "redo"
    DROPPED = "dropped"  # an undo/redo step that conflicted and left the history (nothing written)
    CLEARED = "cleared"  # the undo history was emptied (nothing written)


@dataclass(frozen=True, slots=True)
class Committed:
    """One committed change set.

    ``changes`` is what was written (for an undo: the inverse), so a view can patch
    what it shows instead of re-reading it; ``version`` counts commits in this session,
    so a cache knows whether it is still current.
    """

    cause: Cause
    changes: ChangeSet | None  # None when nothing was written (DROPPED, CLEARED)
    annotator: str | None
    version: int

    @property
    def article_id(self) -> str | None:
        return self.changes.article_id if self.changes is not None else None

    @property
    def wrote(self) -> bool:
        return self.changes is not None


Subscriber = Callable[[Committed], None]


class ChangeFeed:
    """Subscribers are called in order, on the thread that committed."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the call that removes it again."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, event: Committed) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)

    def __len__(self) -> int:
        return len(self._subscribers)
