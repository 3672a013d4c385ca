"""The ports the services need: the store (``desktop.db``) and the NLP engine (``desktop.nlp``).

They are Protocols so that the lower layers implement them without importing the
services, and the services can be tested against fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .model import (
    SHARED,
    Annotation,
    AnnotationVersion,
    Article,
    ArticleSummary,
    Assignment,
    ChangeSet,
    Claim,
    ClaimRef,
    Document,
    EditLogEntry,
    Entity,
    LabelDef,
    Link,
    Relation,
    Rule,
    Span,
)
from .search import ArticleQuery, SearchHit, SearchQuery


class Cancelled(Exception):
    """Raised inside a long task when the user pressed Cancel."""


@dataclass(slots=True)
class Progress:
    """Progress reporting and cancellation for long tasks, with no Qt in sight.

    A task calls ``step(done, total, message)``; it raises :class:`Cancelled` once
    ``cancel()`` was called (from any thread).
    """

    callback: Callable[[int, int, str], None] | None = None
    _cancelled: bool = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def step(self, done: int, total: int, message: str = "") -> None:
        if self._cancelled:
            raise Cancelled()
        if self.callback is not None:
            self.callback(done, total, message)


@dataclass(slots=True)
class ImportCounts:
    added: int = 0
    duplicates: int = 0  # texts already in the database (same SHA-256)
    added_ids: list[str] = field(default_factory=list)


class Store(Protocol):
    """Persistence. Every method is one transaction; nothing ORM-shaped leaves it."""

    @property
    def url(self) -> str:
        """Where the data lives, fit to show (no password)."""
        ...

    def close(self) -> None: ...

    def schema_version(self) -> str: ...

    # -- articles ---------------------------------------------------------------
    def add_documents(self, docs: Iterable[Document], *, annotator: str | None = None) -> ImportCounts:
        """Insert articles with their annotations, all in ONE transaction.

        An article whose text SHA-256 is already stored is skipped (counted as a
        duplicate). If iterating ``docs`` raises, or any row is invalid, nothing is
        written and the exception propagates.
        """
        ...

    def article_id_for_sha256(self, sha256: str) -> str | None: ...

    def list_articles(self) -> list[ArticleSummary]: ...

    def article_ids(self) -> list[str]: ...

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[ArticleSummary]:
        """One page of the article list, filtered and sorted by the database."""
        ...

    def count_articles(self, query: ArticleQuery) -> int: ...

    def article_position(self, query: ArticleQuery, article_id: str) -> int:
        """The row of an article in that list, -1 when the filters leave it out."""
        ...

    def article_status_counts(self) -> dict[str, int]: ...

    def search(self, query: SearchQuery) -> list[SearchHit]:
        """Ranked matches from the database's full-text index, with marked snippets."""
        ...

    def search_index_ok(self) -> bool:
        """The full-text index agrees with the texts it indexes."""
        ...

    def get_article(self, article_id: str) -> Article:
        """Raises KeyError when there is no such article."""
        ...

    def get_document(self, article_id: str, version: str = SHARED) -> Document:
        """The article with one version's objects (SHARED: the article's own; an analyst's name: only theirs)."""
        ...

    def iter_documents(self, article_ids: Sequence[str] | None = None, *, batch_size: int = 100,
                       versions: bool = False) -> Iterator[Document]:  # fmt: skip
        """Stream documents (SHARED objects) in a stable order, holding at most one batch in memory.
        ``versions``: also fill ``Document.versions`` with every analyst's version."""
        ...

    # -- annotations ------------------------------------------------------------
    def get(self, object_id: str) -> Annotation | None: ...

    def spans(self, article_id: str, version: str = SHARED) -> list[Span]:
        """All spans of one version of an article (any status), sorted by (start, end)."""
        ...

    def spans_overlapping(self, article_id: str, start: int, end: int, version: str = SHARED) -> list[Span]:
        """Spans (any status) of one version of an article that overlap [start, end): an index read."""
        ...

    def claims(self, article_id: str, version: str = SHARED) -> list[Claim]: ...

    def links_touching(self, object_ids: Collection[str]) -> list[Link]:
        """Links whose head or child is one of ``object_ids``."""
        ...

    def links_of_article(self, article_id: str, version: str = SHARED) -> list[Link]:
        """Links of one version with a head or a child in this article."""
        ...

    def relations_touching(self, span_ids: Collection[str]) -> list[Relation]:
        """Entity relations whose head or child is one of ``span_ids``."""
        ...

    def apply(self, changes: ChangeSet, *, annotator: str | None, compact_log: bool = False) -> None:
        """Apply a change set in one transaction and append it to the edit log.

        The set is refused whole (ConflictError) if any object is no longer what its
        ``before`` says, or if it would make entity spans overlap; both are checked inside
        the writing transaction. ``compact_log``: one edit-log row for the whole set
        (what was added, removed and changed, by whom) instead of one per change."""
        ...

    # -- corpus-wide ------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        """{"articles": {status: n}, "spans": {status: n}, "claims": {status: n}, "links": {label: n},
        "relations": {label: n}}."""
        ...

    def list_entities(self) -> list[Entity]: ...

    def entity_mentions(self, entity_id: str, version: str | None = SHARED) -> list[Span]:
        """Spans naming the entity: of one version (SHARED by default), or of every version (None)."""
        ...

    def labelled_mentions(self, labels: Sequence[str]) -> list[tuple[Span, str]]:
        """Visible spans with one of these labels across the corpus, each with its text."""
        ...

    def list_claims(self, query: str = "", *, limit: int | None = None) -> list[ClaimRef]:
        """Visible claims across the corpus, filtered by a case-insensitive text query."""
        ...

    def rules(self) -> list[Rule]: ...

    def labels(self) -> list[LabelDef] | None:
        """The saved label set, or None when the user never changed the default."""
        ...

    def save_labels(self, labels: Sequence[LabelDef]) -> None: ...

    def get_setting(self, key: str) -> object | None: ...

    def set_setting(self, key: str, value: object) -> None: ...

    def edit_log(self, *, article_id: str | None = None, limit: int = 100) -> list[EditLogEntry]: ...

    # -- team review ------------------------------------------------------------
    def assignments(self, *, article_id: str | None = None, analyst: str | None = None) -> list[Assignment]:
        """Assignments (by article, then analyst), of one article and/or one analyst."""
        ...

    def versions(self, article_id: str) -> list[AnnotationVersion]:
        """Every analyst's version of an article (any state), by analyst name."""
        ...

    def write_assignments(self, changes: Sequence[tuple[Assignment | None, Assignment | None]], *, action: str,
                          annotator: str | None) -> None:  # fmt: skip
        """(before, after) pairs of assignments: (None, a) assigns, (a, None) unassigns, (a, b) changes state.
        One transaction: refused whole (ConflictError) when a ``before`` is no longer what is stored;
        one edit-log row per pair names ``annotator`` (who did it)."""
        ...

    def share_model(self, model: SharedModel, archive: bytes) -> None:
        """Store a trained model (its folder packaged as .tar.gz) for the whole team; replaces that version."""
        ...

    def shared_models(self) -> list[SharedModel]: ...

    def shared_model_archive(self, version: str) -> bytes | None: ...


@dataclass(frozen=True, slots=True)
class SharedModel:
    """A trained model stored in the database for the team (the archive travels separately)."""

    version: str
    name: str
    created: str
    shared_by: str | None
    meta: dict[str, Any]


@dataclass(slots=True)
class ModelInfo:
    """Which NER model is in use. ``name`` is None when no model is installed."""

    name: str | None
    version: str | None
    loaded: bool
    message: str  # one line for the status bar, e.g. "en_core_web_sm 3.8.0 ready"

    @property
    def label(self) -> str:
        """'en_core_web_sm 3.8.0', or 'rules' when suggestions come from rules alone."""
        return f"{self.name} {self.version}" if self.name else "rules"


@dataclass(slots=True)
class Suggestions:
    """What the NLP engine proposes for one article (all status=suggested)."""

    article_id: str
    spans: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # said_by: suggested claim -> suggested span


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # code points
    end: int
    ws: bool  # followed by whitespace


class AnnotateQueue(Protocol):
    """The work queue that ``newsdesk annotate --worker`` processes share (desktop.db.workqueue).

    Each method is one short transaction; no lock outlives it. A lease is renewed by its
    worker and runs out (database clock) when the worker dies, then others take its rows."""

    def enqueue(self) -> int:
        """Queue the articles never pre-annotated that are not queued yet; how many were added."""
        ...

    def take(self, worker: str, limit: int, lease_seconds: float) -> list[tuple[str, bool]]:
        """Lease up to ``limit`` queued articles: (article id, taken over from an expired lease)."""
        ...

    def renew(self, worker: str, lease_seconds: float) -> int: ...

    def release(self, worker: str, article_ids: Sequence[str] | None = None) -> int: ...

    def skip(self, article_id: str, worker: str) -> None:
        """Mark a queued article done without writing (somebody annotated it already)."""
        ...

    def finish(self, changes: ChangeSet, *, annotator: str | None, worker: str) -> None:
        """Apply the change set (checked as ``Store.apply`` checks it) and mark its article done, one transaction."""
        ...

    def counts(self, worker: str) -> tuple[int, int, int]:
        """(queued articles left, of them leased to other workers now, done)."""
        ...


class NlpEngine(Protocol):
    def info(self) -> ModelInfo:
        """Cheap: resolving the model does not load it."""
        ...

    def load(self) -> ModelInfo:
        """Load the model (slow: call off the GUI thread). Never raises for a missing model."""
        ...

    def suggest(
        self,
        articles: Iterable[tuple[str, str]],
        rules: Sequence[Rule],
        *,
        batch_size: int = 16,
        progress: Progress | None = None,
    ) -> Iterator[Suggestions]:
        """Pre-annotate ``(article_id, text)`` pairs with ``nlp.pipe``, one result per article, in order."""
        ...

    def tokens(self, text: str) -> list[Token]:
        """Token boundaries (tokenizer only, fast, works without a model)."""
        ...


__all__ = [
    "AnnotateQueue",
    "Cancelled",
    "ImportCounts",
    "ModelInfo",
    "NlpEngine",
    "Progress",
    "Store",
    "Suggestions",
    "Token",
]
