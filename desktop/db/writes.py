"""Writing: change sets (with the edit log) and bulk import of documents.

Each function runs inside a transaction that the caller opened; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, StoreError
from desktop.domain.model import (
    Annotation,
    Article,
    Change,
    ChangeSet,
    Claim,
    Document,
    Entity,
    Link,
    LinkLabel,
    Relation,
    Rule,
    Span,
    text_sha256,
    utc_now,
)
from desktop.domain.ports import ImportCounts
from desktop.domain.spans import check_offsets

from . import convert
from .schema import ArticleRow, ClaimRow, EditLogRow, EntityRow, LinkRow, RelationRow, SpanRow

CHUNK = 400  # ids per IN (...) clause: far below every backend's parameter limit


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- change sets -------------------------------------------------------------------------------


def apply_changes(s: Session, changes: ChangeSet, annotator: str | None) -> None:
    now = utc_now()
    for change in changes.changes:
        if type(change.object) not in convert.OBJECT_TYPES:
            raise TypeError(f"cannot store a {type(change.object).__name__}: not an annotation type")
    pending: dict[str, type] = {c.object.id: type(c.object) for c in changes.changes if c.after is not None}
    touched: set[str] = set()  # articles whose annotations changed: their "updated" moves
    log: list[dict[str, Any]] = []
    for change in changes.changes:
        obj = change.object
        kind = convert.OBJECT_TYPES[type(obj)]
        _check_before(s, change, changes.action)
        if change.after is None:
            _delete(s, obj)
        else:
            _upsert(s, change.after, pending, now)
        article_id = obj.id if isinstance(obj, Article) else getattr(obj, "article_id", None)
        if article_id is not None and not isinstance(obj, Article):
            touched.add(article_id)
        log.append(_log_row(now, annotator, changes.action, changes.article_id or article_id, kind, change))
    for article_id in sorted(touched):
        s.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(updated=now))
    s.execute(insert(EditLogRow), log)


def _check_before(s: Session, change: Change, action: str) -> None:
    """Optimistic concurrency: the stored object must still be what the action saw.

    Another window, the command line or a background pre-annotation may have changed it
    since; then the whole change set is refused (rolled back) instead of overwriting.
    """
    obj = change.object
    columns, to_domain = convert.READ_BACK[type(obj)]
    row = s.execute(select(*columns).where(columns[0] == obj.id)).first()
    current = to_domain(row) if row is not None else None
    if current != change.before:
        what = convert.OBJECT_TYPES[type(obj)]
        state = "is gone" if current is None else ("exists already" if change.before is None else "was changed")
        raise ConflictError(f"'{action}' not applied: {what} {obj.id} {state} (changed elsewhere in the meantime)")


def _log_row(
    now: str, annotator: str | None, action: str, article_id: str | None, kind: str, change: Any
) -> dict[str, Any]:
    before = convert.as_json(change.before) if change.before is not None else None
    after = convert.as_json(change.after) if change.after is not None else None
    if kind == "article" and before is not None and after is not None and before["text"] == after["text"]:
        before.pop("text")  # an article's text never changes in an edit; do not copy it twice per action
        after.pop("text")
    return {
        "at": now,
        "annotator": annotator,
        "action": action,
        "article_id": article_id,
        "object_type": kind,
        "object_id": change.object.id,
        "before": before,
        "after": after,
    }


def _delete(s: Session, obj: Annotation) -> None:
    table = cast(Any, convert.TABLES[type(obj)])
    result = s.execute(
        table.__table__.delete().where(table.__table__.c.id == obj.id),
    )
    if cast(Any, result).rowcount != 1:
        raise StoreError(f"cannot delete {convert.OBJECT_TYPES[type(obj)]} {obj.id}: it is not in the database")


def _upsert(s: Session, obj: Annotation, pending: dict[str, type], now: str) -> None:
    row = _row(s, obj, pending, now)
    table = cast(Any, convert.TABLES[type(obj)]).__table__
    values = {k: v for k, v in row.items() if k not in ("id", "created")}
    result = s.execute(table.update().where(table.c.id == obj.id).values(**values))
    if cast(Any, result).rowcount == 0:
        s.execute(table.insert().values(**row))


def _row(s: Session, obj: Annotation, pending: dict[str, type], now: str) -> dict[str, Any]:
    if isinstance(obj, Article):
        return convert.article_row(obj, now=now)
    if isinstance(obj, Span):
        return convert.span_row(obj)
    if isinstance(obj, Claim):
        return convert.claim_row(obj)
    if isinstance(obj, Link):
        return convert.link_row(obj, _child_kind(s, obj, pending))
    if isinstance(obj, Relation):
        return convert.relation_row(obj)
    if isinstance(obj, Entity):
        return convert.entity_row(obj)
    if isinstance(obj, Rule):
        return convert.rule_row(obj)
    raise TypeError(f"cannot store a {type(obj).__name__}")


def _child_kind(s: Session, link: Link, pending: dict[str, type]) -> str:
    """Which column holds the child: claims for claim->claim labels, else span or entity."""
    if LinkLabel(link.label).targets_claim:
        return "claim"
    t = pending.get(link.child)
    if t is Span:
        return "span"
    if t is Entity:
        return "entity"
    if t is None:
        if s.scalar(select(SpanRow.id).where(SpanRow.id == link.child)) is not None:
            return "span"
        if s.scalar(select(EntityRow.id).where(EntityRow.id == link.child)) is not None:
            return "entity"
    raise StoreError(
        f"link {link.id}: a {link.label} link must point to a span or an entity, and {link.child} is neither"
    )


# -- import ------------------------------------------------------------------------------------


def add_documents(s: Session, docs: Iterable[Document], annotator: str | None) -> ImportCounts:
    """Insert documents one by one (all in the caller's transaction), holding only what must wait.

    Memory stays flat in the number of documents: each document's rows, its edit-log row and
    the links whose ends are already stored are written at once; only links that point
    forward, to something later in the same input, wait for the end.
    """
    now = utc_now()
    counts = ImportCounts()
    entities_known: set[str] = set()
    waiting: list[Link] = []
    for doc in docs:
        sha = text_sha256(doc.text)
        # Rows inserted earlier in this transaction are visible here: duplicates within the input too.
        if s.scalar(select(ArticleRow.id).where(ArticleRow.sha256 == sha)) is not None:
            counts.duplicates += 1
            continue
        _check_document(doc)
        s.execute(insert(ArticleRow), [convert.article_row(doc.article, now=now)])
        fresh = [e for e in doc.entities if e.id not in entities_known]
        if fresh:
            ids = [e.id for e in fresh]
            stored = set(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(ids))))
            new = [convert.entity_row(e) for e in fresh if e.id not in stored]
            if new:
                s.execute(insert(EntityRow), new)
            entities_known.update(ids)
        named = {sp.entity_id: f"article {doc.id}: span {sp.id}" for sp in doc.spans if sp.entity_id}
        _check_entities_exist(s, named, entities_known)
        if doc.spans:
            s.execute(insert(SpanRow), [convert.span_row(x) for x in doc.spans])
        if doc.claims:
            s.execute(insert(ClaimRow), [convert.claim_row(x) for x in doc.claims])
        if doc.links:
            kinds, later = _child_kinds(s, doc.links, strict=False)
            ready = [lk for lk in doc.links if lk.id in kinds]
            if ready:
                s.execute(insert(LinkRow), [convert.link_row(lk, kinds[lk.id]) for lk in ready])
            waiting.extend(later)
        if doc.relations:
            s.execute(insert(RelationRow), [convert.relation_row(r) for r in doc.relations])
        counts.added += 1
        counts.added_ids.append(doc.id)
        s.execute(insert(EditLogRow), [{
            "at": now, "annotator": annotator, "action": "import", "article_id": doc.id,
            "object_type": "article", "object_id": doc.id, "before": None,
            "after": {"id": doc.id, "title": doc.article.meta.title, "sha256": sha},
        }])  # fmt: skip
    if waiting:
        kinds, _ = _child_kinds(s, waiting)
        s.execute(insert(LinkRow), [convert.link_row(lk, kinds[lk.id]) for lk in waiting])
    return counts


def _check_document(doc: Document) -> None:
    aid = doc.article.id
    parts: list[Span | Claim] = [*doc.spans, *doc.claims]
    for obj in parts:
        what = f"article {aid}: {convert.OBJECT_TYPES[type(obj)]} {obj.id}"
        if obj.article_id != aid:
            raise StoreError(f"{what} says it belongs to article {obj.article_id}")
        check_offsets(doc.text, obj.start, obj.end, what)
    for lk in doc.links:
        if lk.article_id != aid:
            raise StoreError(f"article {aid}: link {lk.id} says it belongs to article {lk.article_id}")
    spans = {sp.id for sp in doc.spans}
    for rel in doc.relations:
        if rel.article_id != aid or rel.head not in spans or rel.child not in spans or rel.head == rel.child:
            raise StoreError(f"article {aid}: relation {rel.id} must join two different spans of this article")


def _check_entities_exist(s: Session, named: dict[str, str], inserted: set[str]) -> None:
    wanted = sorted(set(named) - inserted)
    stored: set[str] = set()
    for part in chunks(wanted):
        stored.update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
    for entity_id in wanted:
        if entity_id not in stored:
            raise StoreError(f"{named[entity_id]} names entity {entity_id}, which is not in the database")


def _child_kinds(s: Session, links: list[Link], *, strict: bool = True) -> tuple[dict[str, str], list[Link]]:
    """Which column holds each link's child. With ``strict``, a clear StoreError for an end that
    does not exist; without, such links are returned apart, to be tried again later."""
    wanted = sorted({lk.child for lk in links} | {lk.head for lk in links})
    found: dict[str, set[str]] = {"span": set(), "claim": set(), "entity": set()}
    for part in chunks(wanted):
        found["span"].update(s.scalars(select(SpanRow.id).where(SpanRow.id.in_(part))))
        found["claim"].update(s.scalars(select(ClaimRow.id).where(ClaimRow.id.in_(part))))
        found["entity"].update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
    kinds: dict[str, str] = {}
    unresolved: list[Link] = []
    for lk in links:
        where = f"article {lk.article_id}: link {lk.id} ({LinkLabel(lk.label).value})"
        problem = None
        if lk.head not in found["claim"]:
            problem = f"{where} starts at {lk.head}, which is not a claim in the database"
        elif LinkLabel(lk.label).targets_claim:
            if lk.child in found["claim"]:
                kinds[lk.id] = "claim"
            else:
                problem = f"{where} points to {lk.child}, which is not a claim in the database"
        elif lk.child in found["span"]:
            kinds[lk.id] = "span"
        elif lk.child in found["entity"]:
            kinds[lk.id] = "entity"
        else:
            problem = f"{where} points to {lk.child}, which is not a span or an entity in the database"
        if problem is not None:
            if strict:
                raise StoreError(problem)
            unresolved.append(lk)
    return kinds, unresolved
