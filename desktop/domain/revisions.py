"""Article revisions: the history of one article's text, and what happened to annotations on the way.

The article row always holds the latest revision, and the live spans, claims and links belong to
it. Each earlier revision keeps its text, its date and the annotations as they stood when it was
superseded (read-only). Carrying annotations to a new revision is :mod:`desktop.domain.anchoring`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .anchoring import Outcome
from .model import Claim, Document, Link, Span, Unplaced
from .ports import ImportCounts


@dataclass(slots=True)
class Revision:
    article_id: str
    number: int  # 1, 2, ...
    text: str
    created: str  # when this revision came in
    title: str = ""
    published: str | None = None
    summary: str = ""  # what changed from the previous revision, one line
    reviewed: bool = False  # the analyst has seen this revision (always True for revision 1)


@dataclass(slots=True)
class Anchor:
    """What happened to one annotation when it was carried into revision ``revision``."""

    article_id: str
    revision: int
    object_id: str
    kind: str  # "span" | "claim"
    outcome: Outcome
    old_start: int
    old_end: int
    old_text: str
    start: int | None
    end: int | None
    score: float
    claim_kind: str | None = None  # for claims: quote, statistic, ...

    @property
    def event(self) -> str:
        """'changed in revision 3', 'removed in revision 2', 'moved in revision 2', 'kept in revision 2'."""
        word = {
            Outcome.CHANGED: "changed",
            Outcome.UNPLACED: "removed",
            Outcome.MOVED: "moved",
            Outcome.EXACT: "kept",
        }[self.outcome]
        return f"{word} in revision {self.revision}"


@dataclass(slots=True)
class Snapshot:
    """The annotations of an earlier revision, as they stood when it was superseded."""

    spans: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class ArticleHistory:
    """Everything the native JSONL keeps about an article's revisions."""

    revisions: list[Revision]  # all, oldest first; the last one is the article's current text
    snapshots: dict[int, Snapshot] = field(default_factory=dict)  # earlier revisions only
    anchors: list[Anchor] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def current(self) -> int:
        return self.revisions[-1].number if self.revisions else 1


@dataclass(slots=True)
class RevisionResult:
    """What importing a new version of an article did."""

    article_id: str
    title: str
    number: int
    summary: str
    outcomes: dict[str, int] = field(default_factory=dict)  # exact/moved/changed/unplaced -> n
    not_carried: int = 0  # annotations in the imported record itself (the stored ones were carried instead)

    def line(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.outcomes.items() if n) or "no annotations"
        extra = f"; {self.not_carried} annotations in the file not imported" if self.not_carried else ""
        look = self.outcomes.get(Outcome.UNPLACED.value, 0)
        needs = f"; {look} need a look" if look else ""
        return f"'{self.title}' revision {self.number}: {self.summary} (annotations: {counts}{needs}{extra})"


@dataclass(slots=True)
class RevisionImport:
    counts: ImportCounts
    revised: list[RevisionResult] = field(default_factory=list)


class RevisionStore(Protocol):
    """Persistence of revisions; every method is one transaction."""

    def import_documents(self, docs: Iterable[Document], *, annotator: str | None) -> RevisionImport:
        """Like ``Store.add_documents``, but a document whose id or URL names a stored article
        (with another text) becomes that article's next revision, in the same transaction."""
        ...

    def add_revision(self, article_id: str, doc: Document, *, annotator: str | None) -> RevisionResult: ...

    def revisions(self, article_id: str) -> list[Revision]: ...

    def snapshot(self, article_id: str, number: int) -> Snapshot: ...

    def anchors(self, article_id: str) -> list[Anchor]: ...

    def claim_anchors(self, claim_ids: Sequence[str]) -> list[Anchor]:
        """Flagged anchors (changed or removed) of these claims, oldest first."""
        ...

    def unplaced(self, article_id: str, *, open_only: bool = True) -> list[Unplaced]: ...

    def unplaced_claims(self) -> list[Unplaced]:
        """Across the corpus: claims that a revision removed (not placed again, not dropped)."""
        ...

    def mark_reviewed(self, article_id: str) -> None: ...

    def unreviewed(self) -> dict[str, int]:
        """Articles whose latest revision the analyst has not reviewed: id -> revision number."""
        ...

    def with_history(self) -> set[str]:
        """Ids of articles that have more than one revision."""
        ...

    def history(self, article_id: str) -> ArticleHistory | None: ...
