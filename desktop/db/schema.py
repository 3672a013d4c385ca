"""The relational schema as a typed SQLAlchemy 2.0 ORM.

Rows never leave ``desktop.db``: :mod:`desktop.db.convert` turns them into domain
dataclasses. Timestamps are ISO 8601 strings (the domain's format), so they sort
correctly as text on every backend.

A link's child is stored in exactly one of three foreign-key columns
(``child_span_id``, ``child_claim_id``, ``child_entity_id``) so the database itself
guarantees that every id a link names exists. Foreign keys on links are
``DEFERRABLE INITIALLY DEFERRED`` (one transaction may insert a link before the
claim it points at) and ``ON DELETE RESTRICT`` (deleting a span, claim or entity
that a link names fails at once, even inside a deferred transaction).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)
STAMP = String(32)
ENUM = String(16)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _fk(target: str) -> ForeignKey:
    return ForeignKey(target, ondelete="RESTRICT", deferrable=True, initially="DEFERRED")


def _one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or column)


ARTICLE_STATUS = ("todo", "in_progress", "done")
ORIGIN = ("model", "rule", "analyst")
REVIEW = ("suggested", "accepted", "rejected")
CLAIM_KIND = ("quote", "statistic", "prediction", "causal", "policy", "other")
ATTRIBUTION = ("direct", "indirect", "unattributed")
VERDICT = ("unverified", "true", "false", "misleading", "disputed")
LINK_LABEL = ("said_by", "about", "supports", "contradicts", "repeats", "updates")
TO_SPAN_OR_ENTITY = ("said_by", "about")


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (_one_of("status", ARTICLE_STATUS),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16), default="en")
    meta_extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(ENUM, default="todo")
    annotated_by: Mapped[str | None] = mapped_column(Text)
    created: Mapped[str] = mapped_column(STAMP)
    updated: Mapped[str] = mapped_column(STAMP)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(64))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    kb_id: Mapped[str | None] = mapped_column(Text)


class SpanRow(Base):
    __tablename__ = "spans"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="offsets"),
        _one_of("origin", ORIGIN),
        _one_of("status", REVIEW),
        Index(None, "article_id", "version", "start", "end"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, _fk("articles.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(ENUM)
    status: Mapped[str] = mapped_column(ENUM)
    entity_id: Mapped[str | None] = mapped_column(ID, _fk("entities.id"), index=True)
    annotator: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(STAMP, default="")
    model: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, server_default="")  # no Python default: older-schema inserts omit it
    # whose version of the article (team review, migration 0009): '' = SHARED, else an analyst's name
    version: Mapped[str] = mapped_column(ID, server_default="")


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="offsets"),
        CheckConstraint("checkworthy BETWEEN 0 AND 3", name="checkworthy"),
        _one_of("kind", CLAIM_KIND),
        _one_of("attribution", ATTRIBUTION),
        _one_of("verdict", VERDICT),
        _one_of("origin", ORIGIN),
        _one_of("status", REVIEW),
        Index(None, "article_id", "version", "start"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, _fk("articles.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(ENUM)
    attribution: Mapped[str] = mapped_column(ENUM)
    checkworthy: Mapped[int] = mapped_column(Integer, default=0)
    verdict: Mapped[str] = mapped_column(ENUM)
    origin: Mapped[str] = mapped_column(ENUM)
    status: Mapped[str] = mapped_column(ENUM)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    annotator: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(STAMP, default="")
    # whose version of the article (team review, migration 0009): '' = SHARED, else an analyst's name
    version: Mapped[str] = mapped_column(ID, server_default="")


_EXACTLY_ONE_CHILD = (
    "(CASE WHEN child_span_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN child_claim_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN child_entity_id IS NULL THEN 0 ELSE 1 END) = 1"
)
_CHILD_FITS_LABEL = (
    "(label IN ('said_by', 'about') AND child_claim_id IS NULL)"
    " OR (label NOT IN ('said_by', 'about') AND child_claim_id IS NOT NULL)"
)


class LinkRow(Base):
    __tablename__ = "links"
    __table_args__ = (
        CheckConstraint(_EXACTLY_ONE_CHILD, name="one_child"),
        CheckConstraint(_CHILD_FITS_LABEL, name="child_fits_label"),
        _one_of("label", LINK_LABEL),
        _one_of("origin", ORIGIN),
        Index(None, "article_id", "version"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, _fk("articles.id"))
    label: Mapped[str] = mapped_column(ENUM)
    head: Mapped[str] = mapped_column(ID, _fk("claims.id"), index=True)
    child_span_id: Mapped[str | None] = mapped_column(ID, _fk("spans.id"), index=True)
    child_claim_id: Mapped[str | None] = mapped_column(ID, _fk("claims.id"), index=True)
    child_entity_id: Mapped[str | None] = mapped_column(ID, _fk("entities.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    annotator: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(STAMP, default="")
    origin: Mapped[str] = mapped_column(ENUM)
    # whose version of the article (team review, migration 0009): '' = SHARED, else an analyst's name
    version: Mapped[str] = mapped_column(ID, server_default="")


class RelationRow(Base):
    """A relation between two entity spans of one article (label from the editable relation set)."""

    __tablename__ = "relations"
    __table_args__ = (CheckConstraint("head <> child", name="two_ends"), _one_of("origin", ORIGIN),
                      Index(None, "article_id", "version"))  # fmt: skip

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, _fk("articles.id"))
    label: Mapped[str] = mapped_column(String(64))
    head: Mapped[str] = mapped_column(ID, _fk("spans.id"), index=True)
    child: Mapped[str] = mapped_column(ID, _fk("spans.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    annotator: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(STAMP, default="")
    origin: Mapped[str] = mapped_column(ENUM)
    # whose version of the article (team review, migration 0009): '' = SHARED, else an analyst's name
    version: Mapped[str] = mapped_column(ID, server_default="")


VERSION_STATE = ("assigned", "in_progress", "submitted")


class AssignmentRow(Base):
    """An article given to an analyst to annotate on their own (team review, migration 0009)."""

    __tablename__ = "assignments"
    __table_args__ = (_one_of("state", VERSION_STATE), CheckConstraint("analyst <> ''", name="analyst"))

    article_id: Mapped[str] = mapped_column(ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    analyst: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
    state: Mapped[str] = mapped_column(ENUM)
    assigned_by: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[str] = mapped_column(STAMP)


class RuleRow(Base):
    __tablename__ = "rules"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    pattern: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(STAMP, default="")
    annotator: Mapped[str | None] = mapped_column(Text)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class SharedModelRow(Base):
    """A trained model shared with the team: metadata and the model folder as .tar.gz (migration 0008)."""

    __tablename__ = "shared_models"

    version: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(STAMP)
    shared_by: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[Any] = mapped_column(JSON)
    archive: Mapped[bytes] = mapped_column(LargeBinary)


class EditLogRow(Base):
    """Append-only history of every change (no foreign keys: it outlives what it describes)."""

    __tablename__ = "edit_log"
    __table_args__ = (Index(None, "article_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(STAMP)
    annotator: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(ID)
    object_type: Mapped[str] = mapped_column(ENUM)
    object_id: Mapped[str | None] = mapped_column(ID)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


# -- article revisions (migration 0007) --------------------------------------------------------
# The articles row holds the latest revision; these keep the earlier ones. Rows go with their
# article (ON DELETE CASCADE): a revision's history is part of the article.


def _article_fk() -> ForeignKey:
    return ForeignKey("articles.id", ondelete="CASCADE")


class RevisionRow(Base):
    __tablename__ = "revisions"
    __table_args__ = (CheckConstraint("number >= 1", name="number"),)

    article_id: Mapped[str] = mapped_column(ID, _article_fk(), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str | None] = mapped_column(String(32))
    created: Mapped[str] = mapped_column(STAMP)
    summary: Mapped[str] = mapped_column(Text, default="")
    reviewed: Mapped[int] = mapped_column(Integer, default=0)


class RevisionAnnotationRow(Base):
    """A span, claim or link as it stood on an earlier revision (read-only, as JSON)."""

    __tablename__ = "revision_annotations"

    article_id: Mapped[str] = mapped_column(ID, _article_fk(), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    object_id: Mapped[str] = mapped_column(ID, primary_key=True)
    object_type: Mapped[str] = mapped_column(ENUM)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class AnchorRow(Base):
    """What happened to an annotation when it was carried into a revision."""

    __tablename__ = "revision_anchors"
    __table_args__ = (
        _one_of("outcome", ("exact", "moved", "changed", "unplaced")),
        Index(None, "object_id"),
    )

    article_id: Mapped[str] = mapped_column(ID, _article_fk(), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    object_id: Mapped[str] = mapped_column(ID, primary_key=True)
    object_type: Mapped[str] = mapped_column(ENUM)
    outcome: Mapped[str] = mapped_column(ENUM)
    old_start: Mapped[int] = mapped_column(Integer)
    old_end: Mapped[int] = mapped_column(Integer)
    old_text: Mapped[str] = mapped_column(Text)
    new_start: Mapped[int | None] = mapped_column(Integer)
    new_end: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    claim_kind: Mapped[str | None] = mapped_column(ENUM)


class UnplacedRow(Base):
    """An annotation that needs a look: no confident place on a new revision."""

    __tablename__ = "unplaced"
    __table_args__ = (
        _one_of("resolution", ("", "placed", "kept", "dropped")),
        _one_of("kind", ("span", "claim")),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    article_id: Mapped[str] = mapped_column(ID, _article_fk(), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(ENUM)
    annotation: Mapped[dict[str, Any]] = mapped_column(JSON)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    old_text: Mapped[str] = mapped_column(Text, default="")
    suggestion_start: Mapped[int | None] = mapped_column(Integer)
    suggestion_end: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    resolution: Mapped[str] = mapped_column(ENUM, default="")


# -- the pre-annotation work queue (migration 0010) ----------------------------------------------


class AnnotateQueueRow(Base):
    """An article for ``newsdesk annotate --worker``: who holds it and until when (server clock, epoch s)."""

    __tablename__ = "annotate_queue"
    __table_args__ = (_one_of("state", ("queued", "done")), Index(None, "state", "lease_until"))

    # no foreign key on purpose: it would lock the article's row (see desktop.db.workqueue)
    article_id: Mapped[str] = mapped_column(ID, primary_key=True)
    state: Mapped[str] = mapped_column(ENUM, default="queued")
    worker: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued: Mapped[str] = mapped_column(STAMP)
    done: Mapped[str | None] = mapped_column(STAMP)
