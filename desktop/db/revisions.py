"""Storing article revisions: a new version of an article becomes its next revision.

The annotations are carried to the new text by :func:`desktop.domain.anchoring.reanchor`, and
the result is written as one change set through :func:`desktop.db.writes.apply_changes`, in the
same transaction as the revision rows: the same stale-state checks and invariants guard it as
any edit, and the edit log records every moved, changed and unplaced annotation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.anchoring import Outcome, Placement, Target, diff_counts, reanchor, summary
from desktop.domain.errors import StoreError
from desktop.domain.ids import new_id
from desktop.domain.model import (
    Article,
    ArticleMeta,
    Change,
    ChangeSet,
    Claim,
    Document,
    Link,
    Span,
    Unplaced,
    text_sha256,
    utc_now,
)
from desktop.domain.ports import ImportCounts
from desktop.domain.revisions import (
    Anchor,
    ArticleHistory,
    Revision,
    RevisionImport,
    RevisionResult,
    Snapshot,
)

from . import convert, reading, writes
from .schema import AnchorRow, ArticleRow, RevisionAnnotationRow, RevisionRow, UnplacedRow

Transaction = Callable[..., AbstractContextManager[Session]]


class SqlRevisionStore:
    """The ``RevisionStore`` port; ``tx`` opens one transaction (``SqlStore._tx``)."""

    def __init__(self, tx: Transaction, add_documents: Callable[..., ImportCounts]) -> None:
        self._tx = tx
        self._add_documents = add_documents  # the store's bulk import of new articles

    def import_documents(self, docs: Iterable[Document], *, annotator: str | None) -> RevisionImport:
        """New articles go through the store's bulk import; new versions of stored articles are
        held back and become revisions afterwards, in one write transaction."""
        held: list[tuple[str, Document]] = []
        histories: dict[str, ArticleHistory] = {}
        old_duplicates = 0

        def new_articles() -> Iterator[Document]:
            nonlocal old_duplicates
            for doc in docs:
                with self._tx() as s:
                    kind, target = _route(s, doc)
                if kind == "old revision":
                    old_duplicates += 1
                elif kind == "revision" and target is not None:
                    held.append((target, doc))
                else:
                    if doc.history is not None and len(doc.history.revisions) > 1:
                        histories[doc.id] = doc.history
                    yield doc

        counts = self._add_documents(new_articles(), annotator=annotator)
        counts.duplicates += old_duplicates
        revised: list[RevisionResult] = []
        with self._tx(write=True) as s:
            now = utc_now()
            for article_id, history in histories.items():
                if article_id in counts.added_ids:
                    store_history(s, article_id, history)
            for target, doc in held:
                revised.append(add_revision(s, target, doc, annotator, now))
        return RevisionImport(counts, revised)

    def add_revision(self, article_id: str, doc: Document, *, annotator: str | None) -> RevisionResult:
        with self._tx(write=True) as s:
            if s.scalar(select(RevisionRow.number).where(RevisionRow.article_id == article_id,
                                                         RevisionRow.sha256 == text_sha256(doc.text))) is not None:
                raise StoreError("this text is already a revision of the article")  # fmt: skip
            other = s.scalar(select(ArticleRow.id).where(ArticleRow.sha256 == text_sha256(doc.text)))
            if other is not None:
                raise StoreError(f"this text is already stored as article {other}")
            return add_revision(s, article_id, doc, annotator, utc_now())

    def revisions(self, article_id: str) -> list[Revision]:
        with self._tx() as s:
            return _revisions(s, article_id)

    def snapshot(self, article_id: str, number: int) -> Snapshot:
        with self._tx() as s:
            return _snapshot(s, article_id, number)

    def anchors(self, article_id: str) -> list[Anchor]:
        with self._tx() as s:
            q = select(*_ANCHOR_COLS).where(AnchorRow.article_id == article_id)
            return [_to_anchor(r) for r in s.execute(q.order_by(AnchorRow.revision, AnchorRow.old_start))]

    def claim_anchors(self, claim_ids: Sequence[str]) -> list[Anchor]:
        out: list[Anchor] = []
        with self._tx() as s:
            for part in writes.chunks(sorted(set(claim_ids))):
                q = select(*_ANCHOR_COLS).where(
                    AnchorRow.object_id.in_(part),
                    AnchorRow.object_type == "claim",
                    AnchorRow.outcome.in_(("changed", "unplaced")),
                )
                out += [_to_anchor(r) for r in s.execute(q)]
        return sorted(out, key=lambda a: (a.revision, a.object_id))

    def unplaced(self, article_id: str, *, open_only: bool = True) -> list[Unplaced]:
        with self._tx() as s:
            return _unplaced(s, article_id, open_only=open_only)

    def unplaced_claims(self) -> list[Unplaced]:
        with self._tx() as s:
            q = select(*convert.UNPLACED_COLS).where(UnplacedRow.kind == "claim",
                                                     UnplacedRow.resolution.in_(("", "kept")))  # fmt: skip
            return [convert.to_unplaced(r) for r in s.execute(q.order_by(UnplacedRow.article_id, UnplacedRow.id))]

    def mark_reviewed(self, article_id: str) -> None:
        with self._tx(write=True) as s:
            s.execute(update(RevisionRow).where(RevisionRow.article_id == article_id).values(reviewed=1))

    def unreviewed(self) -> dict[str, int]:
        with self._tx() as s:
            latest = (
                select(RevisionRow.article_id, func.max(RevisionRow.number).label("n"))
                .group_by(RevisionRow.article_id)
                .subquery()
            )
            q = select(RevisionRow.article_id, RevisionRow.number).join(
                latest, (latest.c.article_id == RevisionRow.article_id) & (latest.c.n == RevisionRow.number)
            ).where(RevisionRow.reviewed == 0)
            return {aid: n for aid, n in s.execute(q)}

    def with_history(self) -> set[str]:
        with self._tx() as s:
            return set(s.scalars(select(RevisionRow.article_id).distinct()))

    def history(self, article_id: str) -> ArticleHistory | None:
        with self._tx() as s:
            return load_history(s, article_id)


# -- import ------------------------------------------------------------------------------------


def _route(s: Session, doc: Document) -> tuple[str, str | None]:
    """("new", None): a new article or a duplicate (the bulk import counts it); ("old revision", id):
    the text of an earlier revision; ("revision", id): a new version of a stored article."""
    sha = text_sha256(doc.text)
    if s.scalar(select(ArticleRow.id).where(ArticleRow.sha256 == sha)) is not None:
        return "new", None
    stored = s.scalar(select(RevisionRow.article_id).where(RevisionRow.sha256 == sha).limit(1))
    if stored is not None:
        return "old revision", stored
    target = _same_article(s, doc)
    return ("revision", target) if target is not None else ("new", None)


def _same_article(s: Session, doc: Document) -> str | None:
    """The stored article that ``doc`` is a new version of: the same id, else the same URL."""
    if s.scalar(select(ArticleRow.id).where(ArticleRow.id == doc.id)) is not None:
        return doc.id
    url = (doc.article.meta.url or "").strip()
    if url:
        return s.scalar(select(ArticleRow.id).where(ArticleRow.url == url).order_by(ArticleRow.id).limit(1))
    return None


def add_revision(s: Session, article_id: str, doc: Document, annotator: str | None, now: str) -> RevisionResult:
    """Make ``doc``'s text the next revision of ``article_id`` and carry every annotation to it."""
    try:
        (current,) = reading.load_documents(s, [article_id])
    except KeyError:
        raise StoreError(f"no article {article_id}") from None
    old, new = current.text, doc.text
    if not new.strip():
        raise StoreError(f"article {article_id}: the new revision's text is empty")
    revisions = _revisions(s, article_id)
    if not revisions:  # the first time: the stored text becomes revision 1
        created = s.scalar(select(ArticleRow.created).where(ArticleRow.id == article_id)) or now
        meta = current.article.meta
        s.execute(insert(RevisionRow), [_revision_row(Revision(article_id, 1, old, created, meta.title,
                                                               meta.published, "", True))])  # fmt: skip
        number = 1
    else:
        number = revisions[-1].number
    _store_snapshot(s, article_id, number, Snapshot(current.spans, current.claims, current.links))

    ops = diff_counts(old, new)
    targets = [Target(x.id, x.start, x.end, exclusive=x.visible) for x in current.spans]
    targets += [Target(c.id, c.start, c.end) for c in current.claims]
    placements = reanchor(old, new, targets, ops)
    parts: list[Span | Claim] = [*current.spans, *current.claims]
    by_id: dict[str, Span | Claim] = {x.id: x for x in parts}
    nxt = number + 1

    meta = _merged_meta(current.article.meta, doc.article.meta, new)
    after = Article(article_id, new, meta, current.article.status, current.article.annotated_by)
    changes: list[Change] = [Change(current.article, after)]
    unplaced = [p for p in placements if not p.placed]
    lost_ids = [p.id for p in unplaced]
    touching = reading.links_touching(s, lost_ids) if lost_ids else []
    for link in touching:
        changes.append(Change(link, None))
    for p in placements:
        obj = by_id[p.id]
        if not p.placed:
            changes.append(Change(obj, None))
        elif p.start is not None and p.end is not None and (p.start, p.end) != (obj.start, obj.end):
            changes.append(Change(obj, dataclasses.replace(obj, start=p.start, end=p.end)))
    for p in unplaced:
        obj = by_id[p.id]
        mine = [lk for lk in touching if p.id in (lk.head, lk.child)]
        changes.append(Change(None, Unplaced(new_id("unplaced"), article_id, nxt, obj, mine, p.old_text,
                                             p.suggestion, p.score)))  # fmt: skip
    title = meta.title or current.article.meta.title
    line = summary(old, new, ops)
    writes.apply_changes(s, ChangeSet(f"New revision {nxt} of '{title}'", tuple(changes), article_id), annotator)
    s.execute(insert(RevisionRow), [_revision_row(Revision(article_id, nxt, new, now, title, meta.published, line))])
    if placements:
        s.execute(insert(AnchorRow), [_anchor_row(article_id, nxt, p, by_id[p.id]) for p in placements])
    outcomes = {o.value: 0 for o in Outcome}
    for p in placements:
        outcomes[p.outcome.value] += 1
    not_carried = len(doc.spans) + len(doc.claims) + len(doc.links)
    return RevisionResult(article_id, title, nxt, line, outcomes, not_carried)


def _merged_meta(old: ArticleMeta, incoming: ArticleMeta, text: str) -> ArticleMeta:
    """The new revision's metadata: what the new version says, the old values where it says nothing."""
    return ArticleMeta(
        title=incoming.title or old.title,
        source=incoming.source or old.source,
        url=incoming.url or old.url,
        published=incoming.published or old.published,
        language=incoming.language or old.language,
        sha256=text_sha256(text),
        extra={**old.extra, **incoming.extra},
    )


# -- the native JSONL's history ------------------------------------------------------------------


def store_history(s: Session, article_id: str, history: ArticleHistory) -> None:
    """Write an imported history (the article itself, at its latest revision, is stored already)."""
    s.execute(insert(RevisionRow), [_revision_row(dataclasses.replace(r, article_id=article_id))
                                    for r in history.revisions])  # fmt: skip
    for number, snap in sorted(history.snapshots.items()):
        _store_snapshot(s, article_id, number, snap)
    rows = [{
        "article_id": article_id, "revision": a.revision, "object_id": a.object_id, "object_type": a.kind,
        "outcome": a.outcome.value, "old_start": a.old_start, "old_end": a.old_end, "old_text": a.old_text,
        "new_start": a.start, "new_end": a.end, "score": a.score, "claim_kind": a.claim_kind,
    } for a in history.anchors]  # fmt: skip
    if rows:
        s.execute(insert(AnchorRow), rows)
    if history.unplaced:
        s.execute(insert(UnplacedRow), [convert.unplaced_row(u) for u in history.unplaced])


def load_history(s: Session, article_id: str) -> ArticleHistory | None:
    revisions = _revisions(s, article_id)
    if not revisions:
        return None
    snapshots = {r.number: _snapshot(s, article_id, r.number) for r in revisions[:-1]}
    q = select(*_ANCHOR_COLS).where(AnchorRow.article_id == article_id)
    anchors = [_to_anchor(r) for r in s.execute(q.order_by(AnchorRow.revision, AnchorRow.object_id))]
    return ArticleHistory(revisions, snapshots, anchors, _unplaced(s, article_id, open_only=False))


# -- rows ----------------------------------------------------------------------------------------


def _revision_row(r: Revision) -> dict[str, Any]:
    return {
        "article_id": r.article_id, "number": r.number, "text": r.text, "sha256": text_sha256(r.text),
        "title": r.title, "published": r.published, "created": r.created, "summary": r.summary,
        "reviewed": int(r.reviewed),
    }  # fmt: skip


def _revisions(s: Session, article_id: str) -> list[Revision]:
    q = select(RevisionRow.article_id, RevisionRow.number, RevisionRow.text, RevisionRow.created, RevisionRow.title,
               RevisionRow.published, RevisionRow.summary, RevisionRow.reviewed)  # fmt: skip
    rows = s.execute(q.where(RevisionRow.article_id == article_id).order_by(RevisionRow.number))
    return [Revision(a, n, t, c, ti, p, su, bool(rv)) for a, n, t, c, ti, p, su, rv in rows]


def _store_snapshot(s: Session, article_id: str, number: int, snap: Snapshot) -> None:
    s.execute(delete(RevisionAnnotationRow).where(RevisionAnnotationRow.article_id == article_id,
                                                  RevisionAnnotationRow.revision == number))  # fmt: skip
    objs: list[Span | Claim | Link] = [*snap.spans, *snap.claims, *snap.links]
    rows = [{"article_id": article_id, "revision": number, "object_id": o.id,
             "object_type": convert.OBJECT_TYPES[type(o)], "data": convert.as_json(o)} for o in objs]  # fmt: skip
    if rows:
        s.execute(insert(RevisionAnnotationRow), rows)


def _snapshot(s: Session, article_id: str, number: int) -> Snapshot:
    q = select(RevisionAnnotationRow.object_type, RevisionAnnotationRow.data).where(
        RevisionAnnotationRow.article_id == article_id, RevisionAnnotationRow.revision == number
    )
    snap = Snapshot()
    for kind, data in s.execute(q.order_by(RevisionAnnotationRow.object_id)):
        obj = convert.FROM_JSON[kind](data)
        lists: dict[str, list[Any]] = {"span": snap.spans, "claim": snap.claims, "link": snap.links}
        lists[kind].append(obj)
    snap.spans.sort(key=lambda x: (x.start, x.end, x.id))
    snap.claims.sort(key=lambda x: (x.start, x.end, x.id))
    return snap


def _unplaced(s: Session, article_id: str, *, open_only: bool) -> list[Unplaced]:
    q = select(*convert.UNPLACED_COLS).where(UnplacedRow.article_id == article_id)
    if open_only:
        q = q.where(UnplacedRow.resolution == "")
    items = [convert.to_unplaced(r) for r in s.execute(q.order_by(UnplacedRow.revision, UnplacedRow.id))]
    return sorted(items, key=lambda u: (u.revision, u.annotation.start, u.id))


def _anchor_row(article_id: str, number: int, p: Placement, obj: Span | Claim) -> dict[str, Any]:
    return {
        "article_id": article_id, "revision": number, "object_id": p.id,
        "object_type": convert.OBJECT_TYPES[type(obj)], "outcome": p.outcome.value, "old_start": p.old_start,
        "old_end": p.old_end, "old_text": p.old_text, "new_start": p.start, "new_end": p.end, "score": p.score,
        "claim_kind": obj.kind.value if isinstance(obj, Claim) else None,
    }  # fmt: skip


_ANCHOR_COLS = (
    AnchorRow.article_id, AnchorRow.revision, AnchorRow.object_id, AnchorRow.object_type, AnchorRow.outcome,
    AnchorRow.old_start, AnchorRow.old_end, AnchorRow.old_text, AnchorRow.new_start, AnchorRow.new_end,
    AnchorRow.score, AnchorRow.claim_kind,
)  # fmt: skip


def _to_anchor(r: Any) -> Anchor:
    aid, rev, oid, kind, outcome, o0, o1, old_text, n0, n1, score, claim_kind = r
    return Anchor(aid, rev, oid, kind, Outcome(outcome), o0, o1, old_text, n0, n1, float(score), claim_kind)


__all__ = ["SqlRevisionStore", "add_revision", "load_history", "store_history"]
