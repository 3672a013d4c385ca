"""Rows <-> domain dataclasses: dicts for inserts and updates, and plain dataclasses
from rows selected with the ``*_COLS`` lists. No ORM object ever leaves this package.
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
    Relation,
    Review,
    Rule,
    Span,
    Unplaced,
    Verdict,
    text_sha256,
)

from .schema import ArticleRow, ClaimRow, EntityRow, LinkRow, RelationRow, RuleRow, SpanRow, UnplacedRow

Row = Any  # a sqlalchemy Row (or tuple) in the order of the *_COLS lists below

OBJECT_TYPES: dict[type, str] = {
    Article: "article",
    Span: "span",
    Claim: "claim",
    Link: "link",
    Relation: "relation",
    Entity: "entity",
    Rule: "rule",
    Unplaced: "unplaced",
}
TABLES: dict[type, type] = {
    Article: ArticleRow,
    Span: SpanRow,
    Claim: ClaimRow,
    Link: LinkRow,
    Relation: RelationRow,
    Entity: EntityRow,
    Rule: RuleRow,
    Unplaced: UnplacedRow,
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


def article_row(a: Article, *, now: str, sha256: str | None = None) -> dict[str, Any]:
    m = a.meta
    return {
        "id": a.id,
        "text": a.text,
        "sha256": sha256 or text_sha256(a.text),
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
        "note": s.note,
        "version": s.version,
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
        "version": c.version,
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
        "version": lk.version,
    }
    row[CHILD_COLUMNS[child_kind]] = lk.child
    return row


def relation_row(r: Relation) -> dict[str, Any]:
    return {
        "id": r.id, "article_id": r.article_id, "label": r.label, "head": r.head, "child": r.child,
        "note": r.note, "annotator": r.annotator, "updated": r.updated, "origin": Origin(r.origin).value,
        "version": r.version,
    }  # fmt: skip


def entity_row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "label": e.label, "aliases": list(e.aliases), "kb_id": e.kb_id}


def rule_row(r: Rule) -> dict[str, Any]:
    return {"id": r.id, "pattern": r.pattern, "label": r.label, "created": r.created, "annotator": r.annotator}


def unplaced_row(u: Unplaced) -> dict[str, Any]:
    a = u.annotation
    return {
        "id": u.id,
        "article_id": u.article_id,
        "revision": u.revision,
        "kind": OBJECT_TYPES[type(a)],
        "annotation": as_json(a),
        "links": [as_json(lk) for lk in u.links],
        "old_text": u.old_text,
        "suggestion_start": u.suggestion[0] if u.suggestion else None,
        "suggestion_end": u.suggestion[1] if u.suggestion else None,
        "score": u.score,
        "resolution": u.resolution,
    }


# -- from JSON (as_json's dicts back to dataclasses: snapshots of earlier revisions) -----------


def span_from_json(d: dict[str, Any]) -> Span:
    return Span(d["id"], d["article_id"], d["start"], d["end"], d["label"], Origin(d["origin"]),
                Review(d["status"]), d.get("entity_id"), d.get("annotator"), d.get("updated", ""),
                d.get("model"), d.get("note", ""), d.get("version", ""))  # fmt: skip


def claim_from_json(d: dict[str, Any]) -> Claim:
    return Claim(
        d["id"], d["article_id"], d["start"], d["end"], ClaimKind(d["kind"]), Attribution(d["attribution"]),
        d.get("checkworthy", 0), Verdict(d["verdict"]), Origin(d["origin"]), Review(d["status"]), d.get("note", ""),
        list(d.get("evidence") or []), d.get("annotator"), d.get("updated", ""), d.get("version", ""),
    )  # fmt: skip


def link_from_json(d: dict[str, Any]) -> Link:
    return Link(d["id"], d["article_id"], LinkLabel(d["label"]), d["head"], d["child"], d.get("note", ""),
                d.get("annotator"), d.get("updated", ""), Origin(d.get("origin", "analyst")),
                d.get("version", ""))  # fmt: skip


FROM_JSON: dict[str, Any] = {"span": span_from_json, "claim": claim_from_json, "link": link_from_json}


# -- from rows ---------------------------------------------------------------------------------
# Rows are read positionally from these column lists (attribute access on a Row costs
# several times more, which shows on an article with thousands of spans).

ARTICLE_COLS = (
    ArticleRow.id, ArticleRow.text, ArticleRow.title, ArticleRow.source, ArticleRow.url, ArticleRow.published,
    ArticleRow.language, ArticleRow.sha256, ArticleRow.meta_extra, ArticleRow.status, ArticleRow.annotated_by,
)  # fmt: skip
SPAN_COLS = (
    SpanRow.id, SpanRow.article_id, SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.origin, SpanRow.status,
    SpanRow.entity_id, SpanRow.annotator, SpanRow.updated, SpanRow.model, SpanRow.note, SpanRow.version,
)  # fmt: skip
CLAIM_COLS = (
    ClaimRow.id, ClaimRow.article_id, ClaimRow.start, ClaimRow.end, ClaimRow.kind, ClaimRow.attribution,
    ClaimRow.checkworthy, ClaimRow.verdict, ClaimRow.origin, ClaimRow.status, ClaimRow.note, ClaimRow.evidence,
    ClaimRow.annotator, ClaimRow.updated, ClaimRow.version,
)  # fmt: skip
LINK_COLS = (
    LinkRow.id, LinkRow.article_id, LinkRow.label, LinkRow.head, LinkRow.child_span_id, LinkRow.child_claim_id,
    LinkRow.child_entity_id, LinkRow.note, LinkRow.annotator, LinkRow.updated, LinkRow.origin, LinkRow.version,
)  # fmt: skip
RELATION_COLS = (
    RelationRow.id, RelationRow.article_id, RelationRow.label, RelationRow.head, RelationRow.child,
    RelationRow.note, RelationRow.annotator, RelationRow.updated, RelationRow.origin, RelationRow.version,
)  # fmt: skip
ENTITY_COLS = (EntityRow.id, EntityRow.name, EntityRow.label, EntityRow.aliases, EntityRow.kb_id)
RULE_COLS = (RuleRow.id, RuleRow.pattern, RuleRow.label, RuleRow.created, RuleRow.annotator)

_ORIGIN = {m.value: m for m in Origin}
_REVIEW = {m.value: m for m in Review}


def to_article(r: Row) -> Article:
    aid, text, title, source, url, published, language, sha, extra, status, annotated_by = r
    meta = ArticleMeta(title, source, url, published, language, sha, dict(extra or {}))
    return Article(aid, text, meta, ArticleStatus(status), annotated_by)


def to_span(r: Row) -> Span:
    sid, aid, start, end, label, origin, status, entity_id, annotator, updated, model, note, version = r
    return Span(sid, aid, start, end, label, _ORIGIN[origin], _REVIEW[status], entity_id, annotator, updated, model,
                note or "", version or "")  # fmt: skip


def to_claim(r: Row) -> Claim:
    cid, aid, start, end, kind, attribution, checkworthy, verdict, origin, status, note, evidence, annotator, upd, v = r
    return Claim(
        cid, aid, start, end, ClaimKind(kind), Attribution(attribution), checkworthy, Verdict(verdict),
        _ORIGIN[origin], _REVIEW[status], note, list(evidence or []), annotator, upd, v or "",
    )  # fmt: skip


def to_link(r: Row) -> Link:
    lid, aid, label, head, child_span, child_claim, child_entity, note, annotator, updated, origin, version = r
    child = child_span or child_claim or child_entity
    return Link(lid, aid, LinkLabel(label), head, child, note, annotator, updated, _ORIGIN[origin], version or "")


def to_relation(r: Row) -> Relation:
    rid, aid, label, head, child, note, annotator, updated, origin, version = r
    return Relation(rid, aid, label, head, child, note or "", annotator, updated, _ORIGIN[origin], version or "")


def to_entity(r: Row) -> Entity:
    eid, name, label, aliases, kb_id = r
    return Entity(eid, name, label, list(aliases or []), kb_id)


def to_rule(r: Row) -> Rule:
    rid, pattern, label, created, annotator = r
    return Rule(rid, pattern, label, created, annotator)


UNPLACED_COLS = (
    UnplacedRow.id, UnplacedRow.article_id, UnplacedRow.revision, UnplacedRow.kind, UnplacedRow.annotation,
    UnplacedRow.links, UnplacedRow.old_text, UnplacedRow.suggestion_start, UnplacedRow.suggestion_end,
    UnplacedRow.score, UnplacedRow.resolution,
)  # fmt: skip


def to_unplaced(r: Row) -> Unplaced:
    uid, aid, revision, kind, annotation, links, old_text, s0, s1, score, resolution = r
    obj = FROM_JSON[kind](annotation)
    suggestion = (s0, s1) if s0 is not None and s1 is not None else None
    return Unplaced(uid, aid, revision, obj, [link_from_json(x) for x in links or []], old_text, suggestion,
                    float(score), resolution)  # fmt: skip


# type -> (columns, row -> domain object): how to read back any stored object by id
READ_BACK: dict[type, tuple[Any, Any]] = {
    Article: (ARTICLE_COLS, to_article),
    Span: (SPAN_COLS, to_span),
    Claim: (CLAIM_COLS, to_claim),
    Link: (LINK_COLS, to_link),
    Relation: (RELATION_COLS, to_relation),
    Entity: (ENTITY_COLS, to_entity),
    Rule: (RULE_COLS, to_rule),
    Unplaced: (UNPLACED_COLS, to_unplaced),
}
