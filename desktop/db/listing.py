"""The article list, a page at a time: filtered and sorted in SQL, counts for the page's rows only.

Each sort is an indexed expression (migration 0006) followed by the id, so a page is an
index range read and "which row is this article" is one counting query, at any corpus size.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.domain.model import SHARED, ArticleStatus, ArticleSummary, Review
from desktop.domain.search import ArticleQuery, ArticleSort

from .schema import ArticleRow, ClaimRow, SpanRow

_EMPTY: Any = literal_column("''")


def _visible_spans() -> Any:
    return (
        select(func.count())
        .select_from(SpanRow)
        .where(SpanRow.article_id == ArticleRow.id, SpanRow.version == SHARED, SpanRow.status != Review.REJECTED.value)
        .scalar_subquery()
    )


def sort_key(sort: ArticleSort) -> Any:
    """The expression each sort orders by (the same text as the index of migration 0006)."""
    if sort == ArticleSort.TITLE:
        return func.lower(ArticleRow.title)
    if sort == ArticleSort.SOURCE:
        return func.lower(func.coalesce(ArticleRow.source, _EMPTY))
    if sort == ArticleSort.STATUS:
        return ArticleRow.status
    if sort == ArticleSort.ENTITIES:
        return _visible_spans()
    return func.coalesce(ArticleRow.published, _EMPTY)


def _ascending(q: ArticleQuery) -> bool:
    # Status sorts by the order of work (to do, in progress, done): the reverse of its spelling.
    return q.descending if q.sort == ArticleSort.STATUS else not q.descending


def _where(q: ArticleQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    needle = q.text.strip()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(or_(ArticleRow.title.ilike(pattern, escape="\\"), ArticleRow.source.ilike(pattern, escape="\\")))
    if q.statuses:
        conds.append(ArticleRow.status.in_(sorted(s.value for s in q.statuses)))
    if q.exclude is not None:
        conds.append(ArticleRow.id != q.exclude)
    return conds


def _ordered(q: ArticleQuery, query: Select[Any]) -> Select[Any]:
    key = sort_key(q.sort)
    if _ascending(q):
        return query.order_by(key.asc(), ArticleRow.id.asc())
    return query.order_by(key.desc(), ArticleRow.id.desc())


def count(s: Session, q: ArticleQuery) -> int:
    return int(s.scalar(select(func.count()).select_from(ArticleRow).where(*_where(q))) or 0)


def page(s: Session, q: ArticleQuery, offset: int, limit: int) -> list[ArticleSummary]:
    # Two steps: the page's ids from the sort index alone (an OFFSET walks index entries, not rows,
    # whose long texts would otherwise be read past to reach the columns after them), then those rows.
    ids = list(s.scalars(_ordered(q, select(ArticleRow.id).where(*_where(q))).offset(max(0, offset))
                         .limit(max(0, limit))))  # fmt: skip
    if not ids:
        return []
    rows = {r.id: r for r in s.execute(select(
        ArticleRow.id, ArticleRow.title, ArticleRow.source, ArticleRow.published, ArticleRow.status,
        ArticleRow.annotated_by,
    ).where(ArticleRow.id.in_(ids)))}  # fmt: skip
    counts = _counts(s, ids)
    return [
        ArticleSummary(
            id=r.id,
            title=r.title,
            source=r.source,
            published=r.published,
            status=ArticleStatus(r.status),
            n_entities=counts.get(r.id, (0, 0, 0))[0],
            n_suggestions=counts.get(r.id, (0, 0, 0))[1],
            n_claims=counts.get(r.id, (0, 0, 0))[2],
            annotated_by=r.annotated_by,
        )
        for r in (rows[i] for i in ids if i in rows)
    ]


def _counts(s: Session, ids: list[str]) -> dict[str, tuple[int, int, int]]:
    """(visible spans, suggested spans, visible claims) of a page's articles: index range reads."""
    if not ids:
        return {}
    rejected, suggested = Review.REJECTED.value, Review.SUGGESTED.value
    out = {i: [0, 0, 0] for i in ids}
    spans = select(
        SpanRow.article_id,
        func.sum(case((SpanRow.status != rejected, 1), else_=0)),
        func.sum(case((SpanRow.status == suggested, 1), else_=0)),
    ).where(SpanRow.article_id.in_(ids), SpanRow.version == SHARED).group_by(SpanRow.article_id)
    for aid, visible, sugg in s.execute(spans):
        out[aid][0], out[aid][1] = int(visible or 0), int(sugg or 0)
    claims = (
        select(ClaimRow.article_id, func.count())
        .where(ClaimRow.article_id.in_(ids), ClaimRow.version == SHARED, ClaimRow.status != rejected)
        .group_by(ClaimRow.article_id)
    )
    for aid, n in s.execute(claims):
        out[aid][2] = int(n)
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def position(s: Session, q: ArticleQuery, article_id: str) -> int:
    """The row of ``article_id`` in the list ``q`` describes; -1 when it is not in it."""
    key = sort_key(q.sort)
    value = s.execute(select(key, ArticleRow.id).where(ArticleRow.id == article_id, *_where(q))).first()
    if value is None:
        return -1
    k = value[0]
    if _ascending(q):
        before = or_(key < k, and_(key == k, ArticleRow.id < article_id))
    else:
        before = or_(key > k, and_(key == k, ArticleRow.id > article_id))
    return int(s.scalar(select(func.count()).select_from(ArticleRow).where(*_where(q), before)) or 0)


def status_counts(s: Session) -> dict[str, int]:
    out = {v.value: 0 for v in ArticleStatus}
    for value, n in s.execute(select(ArticleRow.status, func.count()).group_by(ArticleRow.status)):
        out[value] = int(n)
    return out
