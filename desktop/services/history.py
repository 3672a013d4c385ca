"""Undo and redo: every user action is one ChangeSet, applied in one transaction.

The history spans the whole session (all articles). Undo applies the inverse change
set, again in one transaction, so the database and the screen never disagree.
Every commit is published once on :attr:`History.feed` (see :mod:`.events`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.domain.errors import ConflictError
from desktop.domain.model import ChangeSet
from desktop.domain.ports import Store

from .events import Cause, ChangeFeed, Committed


@dataclass
class History:
    _store: Store
    annotator: Callable[[], str | None]
    limit: int = 1000
    _undo: list[ChangeSet] = field(default_factory=list)
    _redo: list[ChangeSet] = field(default_factory=list)
    feed: ChangeFeed = field(default_factory=ChangeFeed)
    # What the last do/undo/redo wrote (undo: the inverse), and a counter of those writes, so a
    # view can patch what it shows instead of re-reading it (see domain.documents.patched).
    last_applied: ChangeSet | None = None
    version: int = 0

    def do(self, changes: ChangeSet) -> ChangeSet:
        """Commit a user action and make it undoable. Returns it for convenience."""
        if changes.empty:
            return changes
        who = self.annotator()
        self._store.apply(changes, annotator=who)
        self._applied(changes)
        self._undo.append(changes)
        del self._undo[: max(0, len(self._undo) - self.limit)]
        self._redo.clear()
        self._publish(Cause.DO, changes, who)
        return changes

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str | None:
        return self._undo[-1].action if self._undo else None

    @property
    def redo_text(self) -> str | None:
        return self._redo[-1].action if self._redo else None

    def undo(self) -> ChangeSet | None:
        """Undo the last action; returns what was undone (its article tells the UI where to go)."""
        if not self._undo:
            return None
        changes = self._undo[-1]
        inverse = changes.inverted().relabelled(f"Undo {changes.action}")
        who = self.annotator()
        try:
            self._store.apply(inverse, annotator=who)
        except ConflictError as exc:
            self._undo.pop()  # someone else's later edit stands; earlier steps stay undoable
            self._publish(Cause.DROPPED, None, who)
            raise ConflictError(f"Cannot undo '{changes.action}': it was changed elsewhere since "
                                "(dropped from the undo history).") from exc  # fmt: skip
        self._applied(inverse)
        self._redo.append(self._undo.pop())
        self._publish(Cause.UNDO, inverse, who)
        return changes

    def redo(self) -> ChangeSet | None:
        if not self._redo:
            return None
        changes = self._redo[-1]
        who = self.annotator()
        try:
            self._store.apply(changes.relabelled(f"Redo {changes.action}"), annotator=who)
        except ConflictError as exc:
            self._redo.pop()
            self._publish(Cause.DROPPED, None, who)
            raise ConflictError(f"Cannot redo '{changes.action}': it was changed elsewhere since "
                                "(dropped from the redo history).") from exc  # fmt: skip
        self._applied(changes)
        self._undo.append(self._redo.pop())
        self._publish(Cause.REDO, changes, who)
        return changes

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._publish(Cause.CLEARED, None, self.annotator())

    def _applied(self, changes: ChangeSet) -> None:
        self.last_applied = changes
        self.version += 1

    def _publish(self, cause: Cause, changes: ChangeSet | None, who: str | None) -> None:
        self.feed.publish(Committed(cause, changes, who, self.version))

