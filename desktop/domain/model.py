"""The annotation model: plain dataclasses, no Qt, no SQLAlchemy, no spaCy.

Every layer speaks these types. Offsets are Unicode code points (Python ``str``
indices), end exclusive; ``article.text[span.start:span.end]`` is the span text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .revisions import ArticleHistory


class ArticleStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Origin(StrEnum):
    MODEL = "model"
    RULE = "rule"
    ANALYST = "analyst"


class Review(StrEnum):
    """Review state of a span or claim."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ClaimKind(StrEnum):
    QUOTE = "quote"
    STATISTIC = "statistic"
    PREDICTION = "prediction"
    CAUSAL = "causal"
    POLICY = "policy"
    OTHER = "other"


class Attribution(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    UNATTRIBUTED = "unattributed"


class Verdict(StrEnum):
    UNVERIFIED = "unverified"
    TRUE = "true"
    FALSE = "false"
    MISLEADING = "misleading"
    DISPUTED = "disputed"


class LinkLabel(StrEnum):
    SAID_BY = "said_by"
    ABOUT = "about"
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    REPEATS = "repeats"
    UPDATES = "updates"

    @property
    def targets_claim(self) -> bool:
        """True when the link goes claim -> claim, False when claim -> span/entity."""
        return self not in (LinkLabel.SAID_BY, LinkLabel.ABOUT)


def utc_now() -> str:
    """The timestamp format used everywhere: ISO 8601, UTC, second precision, ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ArticleMeta:
    title: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, e.g. "2025-07-10"
    language: str = "en"
    sha256: str = ""
    # Anything else an importer found (kept losslessly, exported under "meta").
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    id: str
    text: str
    meta: ArticleMeta
    status: ArticleStatus = ArticleStatus.TODO
    # Model (name and version) of the last pre-annotation; None = never pre-annotated.
    annotated_by: str | None = None


@dataclass(slots=True)
class Span:
    """An entity mention. Spans of one article never overlap each other."""

    id: str
    article_id: str
    start: int
    end: int
    label: str
    origin: Origin = Origin.ANALYST
    status: Review = Review.ACCEPTED
    entity_id: str | None = None
    annotator: str | None = None
    updated: str = ""
    # Which model produced a suggestion, e.g. "en_core_web_sm 3.8.0"; None for analyst spans.
    model: str | None = None
    note: str = ""  # the analyst's (or an imported tool's) note on this mention
    # Whose version of the article this belongs to (team review): SHARED ("") is the article's own
    # version (suggestions, a team of one, the reviewed result); an analyst's name is their version.
    version: str = ""

    @property
    def visible(self) -> bool:
        """Rejected suggestions stay in the store as negative evidence but are not drawn."""
        return self.status != Review.REJECTED


@dataclass(slots=True)
class Claim:
    id: str
    article_id: str
    start: int
    end: int
    kind: ClaimKind = ClaimKind.OTHER
    attribution: Attribution = Attribution.UNATTRIBUTED
    checkworthy: int = 0  # 0..3
    verdict: Verdict = Verdict.UNVERIFIED
    origin: Origin = Origin.ANALYST
    status: Review = Review.ACCEPTED
    note: str = ""
    evidence: list[str] = field(default_factory=list)
    annotator: str | None = None
    updated: str = ""
    # Whose version of the article this belongs to (team review): SHARED ("") is the article's own
    # version (suggestions, a team of one, the reviewed result); an analyst's name is their version.
    version: str = ""

    @property
    def visible(self) -> bool:
        return self.status != Review.REJECTED


@dataclass(slots=True)
class Link:
    """A directed relation from a claim (``head``) to a span, entity or claim (``child``).

    ``child`` may live in another article. ``article_id`` is the head claim's article.
    """

    id: str
    article_id: str
    label: LinkLabel
    head: str
    child: str
    note: str = ""
    annotator: str | None = None
    updated: str = ""
    origin: Origin = Origin.ANALYST  # model/rule links come with claim suggestions
    # Whose version of the article this belongs to (team review): SHARED ("") is the article's own
    # version (suggestions, a team of one, the reviewed result); an analyst's name is their version.
    version: str = ""


@dataclass(slots=True)
class Relation:
    """A labelled, directed relation between two entity spans of one article (``works_for``…).

    The label comes from an editable relation set (not a fixed enum, unlike claim links).
    """

    id: str
    article_id: str
    label: str
    head: str  # span id
    child: str  # span id, same article
    note: str = ""
    annotator: str | None = None
    updated: str = ""
    origin: Origin = Origin.ANALYST
    # Whose version of the article this belongs to (team review): SHARED ("") is the article's own
    # version (suggestions, a team of one, the reviewed result); an analyst's name is their version.
    version: str = ""


@dataclass(slots=True)
class Entity:
    """A canonical entity: many mentions in many articles can name one."""

    id: str
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    kb_id: str | None = None


@dataclass(slots=True)
class Rule:
    """'Always label this text as LABEL': applied as a spaCy EntityRuler pattern."""

    id: str
    pattern: str
    label: str
    created: str = ""
    annotator: str | None = None


@dataclass(slots=True)
class LabelDef:
    name: str
    colour: str  # "#rrggbb"
    key: str | None = None  # "1".."9" or None
    description: str = ""


SHARED = ""  # the version id of an article's own (shared / reviewed) annotations


class VersionState(StrEnum):
    """Where one analyst's version of an assigned article stands (team review)."""

    ASSIGNED = "assigned"  # assigned, not started
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # handed in for review: colleagues and the reviewer may now see it


@dataclass(slots=True)
class Assignment:
    """An article given to one analyst to annotate on their own (team review)."""

    article_id: str
    analyst: str
    state: VersionState = VersionState.ASSIGNED
    assigned_by: str | None = None
    updated: str = ""


@dataclass(slots=True)
class AnnotationVersion:
    """One analyst's own version of an article's annotations (team review).

    Every object in it carries ``version == annotator``. Suggestions are not part of it: they
    stay in the shared version, and accepting one copies it in.
    """

    annotator: str
    state: VersionState = VersionState.ASSIGNED
    spans: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    updated: str = ""


@dataclass(slots=True)
class Document:
    """One article with everything annotated on it: the unit of import and export."""

    article: Article
    spans: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # links whose head claim is in this article
    entities: list[Entity] = field(default_factory=list)  # canonical entities this article's spans name
    relations: list[Relation] = field(default_factory=list)  # entity relations between this article's spans
    # Earlier revisions of the article and what happened to annotations between them (None: one revision).
    history: ArticleHistory | None = None
    # The analysts' own versions (team review), by analyst; spans/claims/links/relations above are
    # the shared version (SHARED): suggestions, a team of one's work, and the reviewed result.
    versions: list[AnnotationVersion] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text


@dataclass(slots=True)
class ArticleSummary:
    """A row of the article list."""

    id: str
    title: str
    source: str | None
    published: str | None
    status: ArticleStatus
    n_entities: int  # visible spans
    n_suggestions: int  # spans still suggested
    n_claims: int  # visible claims
    annotated_by: str | None = None  # model name/version of the last pre-annotation, None = never


@dataclass(slots=True)
class ClaimRef:
    """A claim as listed across the corpus (pickers, the Claims view)."""

    claim: Claim
    article_id: str
    article_title: str
    published: str | None
    text: str  # the claim's text
    claimant: str | None  # text of the said_by target, if any
    n_links: int = 0


@dataclass(slots=True)
class EditLogEntry:
    id: int
    at: str
    annotator: str | None
    action: str
    article_id: str | None
    object_id: str | None
    before: dict[str, object] | None
    after: dict[str, object] | None


@dataclass(slots=True)
class Unplaced:
    """A span or claim that a new revision of its article had no confident place for ("needs a look").

    It left the article's live annotations (with the links that touch it) and waits for the
    analyst to place it, keep it on the old revision only, or drop it. ``revision`` is the
    revision it could not be carried to.
    """

    id: str
    article_id: str
    revision: int
    annotation: Span | Claim
    links: list[Link] = field(default_factory=list)
    old_text: str = ""
    suggestion: tuple[int, int] | None = None  # the best fuzzy place found, if any
    score: float = 0.0
    resolution: str = ""  # "" open, "placed", "kept" (on the old revision only), "dropped"

    @property
    def open(self) -> bool:
        return not self.resolution


Annotation = Span | Claim | Link | Relation | Entity | Article | Rule | Unplaced

@dataclass(frozen=True, slots=True)
class Change:
    """One object's state before and after an action. ``None`` means absent.

    (None, x) creates x; (x, None) deletes x; (x, y) updates x to y (same id).
    """

    before: Annotation | None
    after: Annotation | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs a before or an after state")
        if (
            self.before is not None
            and self.after is not None
            and (type(self.before) is not type(self.after) or self.before.id != self.after.id)
        ):
            raise ValueError("an update must keep the object's type and id")

    @property
    def object(self) -> Annotation:
        obj = self.after if self.after is not None else self.before
        assert obj is not None
        return obj

    def inverted(self) -> Change:
        return Change(before=self.after, after=self.before)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One user action: applied in one transaction, undone as one step.

    Changes are applied in order; the inverse applies the inverted changes in
    reverse order, so "create claim, then create link" undoes as "delete link,
    then delete claim".
    """

    action: str  # what the user would call it: "Label 'JNS' as ORG"
    changes: tuple[Change, ...]
    article_id: str | None = None  # the article the user was on

    def inverted(self) -> ChangeSet:
        return ChangeSet(
            action=self.action,
            changes=tuple(c.inverted() for c in reversed(self.changes)),
            article_id=self.article_id,
        )

    def relabelled(self, action: str) -> ChangeSet:
        return ChangeSet(action=action, changes=self.changes, article_id=self.article_id)

    @property
    def empty(self) -> bool:
        return not self.changes
