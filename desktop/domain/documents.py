"""Keeping an in-memory Document in step with committed change sets, without re-reading it."""

from __future__ import annotations

from bisect import insort
from dataclasses import replace
from operator import attrgetter
from typing import TypeVar

from .model import Article, ChangeSet, Claim, Document, Entity, Link, Relation, Rule, Span

T = TypeVar("T", Span, Claim)
_ORDER = attrgetter("start", "end", "id")  # text order (as the store reads them)


def _in_order(table: dict[str, T], moved: set[str]) -> list[T]:
    """The objects in text order: ``table`` holds them in their old order (a replaced object keeps its
    slot, a new one comes last); only the ``moved`` ones are placed again, by bisection."""
    placed = moved & table.keys()
    if not placed:
        return list(table.values())
    out = [o for oid, o in table.items() if oid not in placed]
    for oid in sorted(placed):
        insort(out, table[oid], key=_ORDER)
    return out


def patched(doc: Document, changes: ChangeSet) -> Document | None:
    """``doc`` as it is after ``changes`` was committed, or None when that cannot be told
    from the change set alone (then re-read it).

    Only objects of this article are applied; changes elsewhere in the corpus (another
    article's spans, a rule) leave it as it is. Canonical-entity changes ask for a re-read,
    because which entities an article names depends on spans elsewhere too.
    """
    spans = {s.id: s for s in doc.spans}
    claims = {c.id: c for c in doc.claims}
    links = {lk.id: lk for lk in doc.links}
    relations = {r.id: r for r in doc.relations}
    article = doc.article
    mine = set(spans) | set(claims)
    moved: set[str] = set()  # spans and claims that are new or changed place (the others keep their slot)
    for change in changes.changes:
        obj = change.object
        after = change.after
        if isinstance(obj, Entity):
            return None
        if isinstance(obj, Rule):
            continue
        if isinstance(obj, Article):
            if obj.id == article.id:
                if not isinstance(after, Article):
                    return None  # the article itself was deleted
                article = after
            continue
        if isinstance(obj, Span | Claim):
            if obj.article_id != article.id:
                continue
            table: dict[str, Span] | dict[str, Claim] = spans if isinstance(obj, Span) else claims
            if after is None:
                table.pop(obj.id, None)
            else:
                was = table.get(obj.id)
                if was is None or was.start != after.start or was.end != after.end:  # type: ignore[union-attr]
                    moved.add(obj.id)
                table[obj.id] = after  # type: ignore[assignment]
                mine.add(obj.id)
            continue
        if isinstance(obj, Relation):
            if obj.article_id != article.id:
                continue
            if after is None:
                relations.pop(obj.id, None)
            else:
                relations[obj.id] = after  # type: ignore[assignment]
            continue
        if isinstance(obj, Link):
            if obj.article_id != article.id and obj.head not in mine and obj.child not in mine:
                continue
            if after is None:
                links.pop(obj.id, None)
            else:
                links[obj.id] = after  # type: ignore[assignment]
    return replace(
        doc,
        article=article,
        spans=_in_order(spans, moved),
        claims=_in_order(claims, moved),
        links=list(links.values()),
        relations=sorted(relations.values(), key=lambda r: r.id),
    )
