"""The open article: its document as last shown, the history version it reflects, and
the next article read ahead. Qt-free, so it is tested without a window; the window only
decides *when* (its timers) and shows what this hands it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain.documents import patched
from desktop.domain.model import SHARED, Document
from desktop.domain.team import is_shared

from .corpus import Corpus
from .events import Committed
from .history import History

AHEAD_SECONDS = 60.0  # a read-ahead older than this is read again


@dataclass(frozen=True, slots=True)
class _Ahead:
    document: Document
    version: int
    when: float
    team_version: str


class OpenArticle:
    def __init__(self, corpus: Corpus, history: History, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._corpus = corpus
        self._history = history
        self._clock = clock
        self._doc: Document | None = None
        self._version = 0
        self._team_version = SHARED
        self._ahead: _Ahead | None = None

    # -- what is open ---------------------------------------------------------------
    @property
    def document(self) -> Document | None:
        """The open document as last shown (None: nothing open)."""
        return self._doc

    @property
    def article_id(self) -> str | None:
        return self._doc.id if self._doc is not None else None

    @property
    def version(self) -> int:
        """The history version the document reflects."""
        return self._version

    @property
    def team_version(self) -> str:
        """Whose version of the article is open: SHARED (the article's own), or the current
        user's name on an article assigned to them (team review: edits go into it)."""
        return self._team_version

    def open(self, article_id: str) -> Document:
        """Open an article: from the read-ahead when it is still current, else from the
        database. Raises KeyError when there is no such article. On an article assigned to
        the current user this is their view of it (desktop.services.team)."""
        ahead = self._take_ahead(article_id)
        if ahead is not None:
            doc, self._team_version = ahead
        else:
            doc, self._team_version = self._corpus.view(article_id)
        self._remember(doc)
        return doc

    def refreshed(self, event: Committed | None = None) -> Document | None:
        """The open document after a committed change: patched from ``event`` when it is the
        one step since the document was read, re-read otherwise. None when the article is
        gone (then nothing is open any more)."""
        if self._doc is None:
            return None
        doc = None
        if (event is not None and event.changes is not None and event.version == self._version + 1
                and self._team_version == SHARED and all(is_shared(c.object) for c in event.changes.changes)):
            doc = patched(self._doc, event.changes)  # an analyst's view (shadowed suggestions) is read again
        if doc is None:
            try:
                doc, self._team_version = self._corpus.view(self._doc.id)
            except KeyError:
                self.close()
                return None
        self._remember(doc)
        return doc

    def close(self) -> None:
        self._doc = None

    # -- read-ahead -------------------------------------------------------------------
    def read_ahead(self, article_id: str | None) -> None:
        """Read the article the analyst will likely open next, while they work on this one."""
        if article_id is None or (self._ahead is not None and self._ahead.document.id == article_id):
            return
        try:
            doc, team_version = self._corpus.view(article_id)
        except KeyError:
            return
        self._ahead = _Ahead(doc, self._history.version, self._clock(), team_version)

    def forget_ahead(self) -> None:
        """Something was written outside the history (an import, pre-annotation)."""
        self._ahead = None

    @property
    def ahead_id(self) -> str | None:
        return self._ahead.document.id if self._ahead is not None else None

    def _take_ahead(self, article_id: str) -> tuple[Document, str] | None:
        ahead, self._ahead = self._ahead, None
        if ahead is None or ahead.document.id != article_id:
            return None
        if ahead.version != self._history.version or self._clock() - ahead.when > AHEAD_SECONDS:
            return None
        return ahead.document, ahead.team_version

    def _remember(self, doc: Document) -> None:
        self._doc, self._version = doc, self._history.version
