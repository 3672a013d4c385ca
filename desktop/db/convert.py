"""Rows <-> domain dataclasses. Functions take any object with column attributes
(a Core ``Row`` or an ORM instance) and return plain dataclasses, never ORM objects.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from desktop.domain.model import (
    Annotation,
    Article,
    ArticleMeta,
    ArticleStatus,
    Attribution,
    Claim,
    ClaimKind,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Review,
    Rule,
    Span,
    Verdict,
    text_sha256,
)

from .schema import ArticleRow, ClaimRow, EntityRow, LinkRow, RuleRow, SpanRow

Row = Any  # sqlalchemy Row or ORM instance: attribute access by column name

OBJECT_TYPES: dict[type, str] = {
    Article: "article",
    Span: "span",
    Claim: "claim",
    Link: "link",
    Entity: "entity",
    Rule: "rule",
}
TABLES: dict[type, type] = {
    Article: ArticleRow,
    Span: SpanRow,
    Claim: ClaimRow,
    Link: LinkRow,
    Entity: EntityRow,
    Rule: RuleRow,
}
CHILD_COLUMNS = {"span": "child_span_id", "claim": "child_claim_id", "entity": "child_entity_id"}


def as_json(obj: Annotation) -> dict[str, Any]:
    """A dataclass as a JSON-ready dict (enums become their string values)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return {k: plain(v) for k, v in dataclasses.asdict(obj).items()}


# -- to rows -----------------------------------------------------------------------------------


def article_row(a: Article, *, now: str) -> dict[str, Any]:
    m = a.meta
    return {
        "id": a.id,
        "text": a.text,
        "sha256": text_sha256(a.text),
        "title": m.title,
        "source": m.source,
        "url": m.url,
        "published": m.published,
        "language": m.language,
        "meta_extra": dict(m.extra),
        "status": ArticleStatus(a.status).value,
        "annotated_by": a.annotated_by,
        "created": now,
        "updated": now,
    }


def span_row(s: Span) -> dict[str, Any]:
    return {
        "id": s.id,
        "article_id": s.article_id,
        "start": s.start,
        "end": s.end,
        "label": s.label,
        "origin": Origin(s.origin).value,
        "status": Review(s.status).value,
        "entity_id": s.entity_id,
        "annotator": s.annotator,
        "updated": s.updated,
        "model": s.model,
    }


def claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "start": c.start,
        "end": c.end,
        "kind": ClaimKind(c.kind).value,
        "attribution": Attribution(c.attribution).value,
        "checkworthy": c.checkworthy,
        "verdict": Verdict(c.verdict).value,
        "origin": Origin(c.origin).value,
        "status": Review(c.status).value,
        "note": c.note,
        "evidence": list(c.evidence),
        "annotator": c.annotator,
        "updated": c.updated,
    }


def link_row(lk: Link, child_kind: str) -> dict[str, Any]:
    """``child_kind`` is "span", "claim" or "entity": which FK column holds ``lk.child``."""
    row: dict[str, Any] = {
        "id": lk.id,
        "article_id": lk.article_id,
        "label": LinkLabel(lk.label).value,
        "head": lk.head,
        "child_span_id": None,
        "child_claim_id": None,
        "child_entity_id": None,
        "note": lk.note,
        "annotator": lk.annotator,
        "updated": lk.updated,
        "origin": Origin(lk.origin).value,
    }
    row[CHILD_COLUMNS[child_kind]] = lk.child
    return row


def entity_row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "label": e.label, "aliases": list(e.aliases), "kb_id": e.kb_id}


def rule_row(r: Rule) -> dict[str, Any]:
    return {"id": r.id, "pattern": r.pattern, "label": r.label, "created": r.created, "annotator": r.annotator}


# -- from rows ---------------------------------------------------------------------------------


def to_article(r: Row) -> Article:
    meta = ArticleMeta(
        title=r.title,
        source=r.source,
        url=r.url,
        published=r.published,
        language=r.language,
        sha256=r.sha256,
        extra=dict(r.meta_extra or {}),
    )
    return Article(id=r.id, text=r.text, meta=meta, status=ArticleStatus(r.status), annotated_by=r.annotated_by)


def to_span(r: Row) -> Span:
    return Span(
        id=r.id,
        article_id=r.article_id,
        start=r.start,
        end=r.end,
        label=r.label,
        origin=Origin(r.origin),
        status=Review(r.status),
        entity_id=r.entity_id,
        annotator=r.annotator,
        updated=r.updated,
        model=r.model,
    )


def to_claim(r: Row) -> Claim:
    return Claim(
        id=r.id,
        article_id=r.article_id,
        start=r.start,
        end=r.end,
        kind=ClaimKind(r.kind),
        attribution=Attribution(r.attribution),
        checkworthy=r.checkworthy,
        verdict=Verdict(r.verdict),
        origin=Origin(r.origin),
        status=Review(r.status),
        note=r.note,
        evidence=list(r.evidence or []),
        annotator=r.annotator,
        updated=r.updated,
    )


def to_link(r: Row) -> Link:
    child = r.child_span_id or r.child_claim_id or r.child_entity_id
    return Link(
        id=r.id,
        article_id=r.article_id,
        label=LinkLabel(r.label),
        head=r.head,
        child=child,
        note=r.note,
        annotator=r.annotator,
        updated=r.updated,
        origin=Origin(r.origin),
    )


def to_entity(r: Row) -> Entity:
    return Entity(id=r.id, name=r.name, label=r.label, aliases=list(r.aliases or []), kb_id=r.kb_id)


def to_rule(r: Row) -> Rule:
    return Rule(id=r.id, pattern=r.pattern, label=r.label, created=r.created, annotator=r.annotator)
