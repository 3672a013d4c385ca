"""Reading: documents in batches (one query per table) and the corpus-wide listings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from operator import itemgetter

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.model import (
    SHARED,
    AnnotationVersion,
    ArticleStatus,
    ArticleSummary,
    Assignment,
    ClaimRef,
    Document,
    Entity,
    Link,
    LinkLabel,
    Relation,
    Review,
    Span,
    VersionState,
)

from . import convert
from .schema import ArticleRow, AssignmentRow, ClaimRow, EntityRow, LinkRow, RelationRow, SpanRow
from .writes import chunks

_START_END_ID = itemgetter(2, 3, 0)  # (start, end, id) of a row of convert.SPAN_COLS
UNDATED_LAST = case((ArticleRow.published.is_(None), 1), else_=0)


def load_documents(s: Session, article_ids: Sequence[str], *, version: str = SHARED,
                   versions: bool = False) -> list[Document]:  # fmt: skip
    """Documents for ``article_ids`` in that order; KeyError names the first missing id.

    ``version``: whose objects fill spans/claims/links/relations (SHARED: the article's own).
    ``versions``: also fill ``Document.versions`` with every analyst's version (exports)."""
    if not article_ids:
        return []
    ids = list(article_ids)
    rows = s.execute(select(*convert.ARTICLE_COLS).where(ArticleRow.id.in_(ids)))
    articles = {a.id: a for a in map(convert.to_article, rows)}
    missing = [i for i in ids if i not in articles]
    if missing:
        raise KeyError(missing[0])
    docs = {i: Document(article=a) for i, a in articles.items()}
    own: dict[tuple[str, str], AnnotationVersion] = {}
    if versions:
        for a in assignments(s, article_ids=ids):
            own[(a.article_id, a.analyst)] = AnnotationVersion(a.analyst, a.state, updated=a.updated)

    def target(article_id: str, v: str) -> Document | AnnotationVersion:
        if v == version:
            return docs[article_id]
        if (article_id, v) not in own:  # objects of an analyst with no assignment (any more): their work
            own[(article_id, v)] = AnnotationVersion(v, VersionState.IN_PROGRESS)
        return own[(article_id, v)]

    conn = s.connection()  # Core rows: no ORM result processing on thousands of spans
    span_filter = [SpanRow.article_id.in_(ids)] + ([] if versions else [SpanRow.version == version])
    # In the index's order (article, start, end); the few ties are ordered by id here: SQLite would
    # sort every row again in a temporary B-tree for that last key (a third of a long article's read).
    q = select(*convert.SPAN_COLS).where(*span_filter).order_by(SpanRow.start, SpanRow.end)
    span_rows = sorted(conn.execute(q), key=_START_END_ID)
    entity_ids: dict[str, set[str]] = defaultdict(set)
    for span in map(convert.to_span, span_rows):
        target(span.article_id, span.version).spans.append(span)
        if span.entity_id is not None:
            entity_ids[span.article_id].add(span.entity_id)
    claim_filter = [ClaimRow.article_id.in_(ids)] + ([] if versions else [ClaimRow.version == version])
    q_claims = select(*convert.CLAIM_COLS).where(*claim_filter).order_by(ClaimRow.start, ClaimRow.end, ClaimRow.id)
    for claim in map(convert.to_claim, conn.execute(q_claims)):
        target(claim.article_id, claim.version).claims.append(claim)
    link_filter = [LinkRow.article_id.in_(ids)] + ([] if versions else [LinkRow.version == version])
    q_links = select(*convert.LINK_COLS).where(*link_filter).order_by(LinkRow.id)
    for link in map(convert.to_link, conn.execute(q_links)):
        target(link.article_id, link.version).links.append(link)
    rel_filter = [RelationRow.article_id.in_(ids)] + ([] if versions else [RelationRow.version == version])
    q_relations = select(*convert.RELATION_COLS).where(*rel_filter).order_by(RelationRow.id)
    for relation in map(convert.to_relation, conn.execute(q_relations)):
        target(relation.article_id, relation.version).relations.append(relation)
    for (aid, _), av in sorted(own.items()):
        docs[aid].versions.append(av)
    wanted = sorted(set().union(*entity_ids.values())) if entity_ids else []
    entities: dict[str, Entity] = {}
    for part in chunks(wanted):
        for entity in map(convert.to_entity, s.execute(select(*convert.ENTITY_COLS).where(EntityRow.id.in_(part)))):
            entities[entity.id] = entity
    for aid, eids in entity_ids.items():
        docs[aid].entities = [entities[e] for e in sorted(eids)]
    return [docs[i] for i in ids]


def assignments(s: Session, *, article_ids: Sequence[str] | None = None,
                analyst: str | None = None) -> list[Assignment]:  # fmt: skip
    """Assignments by article, then analyst; filtered to some articles and/or one analyst."""
    out: list[Assignment] = []
    parts: Iterable[Sequence[str] | None] = chunks(list(article_ids)) if article_ids is not None else [None]
    for part in parts:
        q = select(AssignmentRow.article_id, AssignmentRow.analyst, AssignmentRow.state, AssignmentRow.assigned_by,
                   AssignmentRow.updated)  # fmt: skip
        if part is not None:
            q = q.where(AssignmentRow.article_id.in_(part))
        if analyst is not None:
            q = q.where(AssignmentRow.analyst == analyst)
        for aid, who, state, by, updated in s.execute(q.order_by(AssignmentRow.article_id, AssignmentRow.analyst)):
            out.append(Assignment(aid, who, VersionState(state), by, updated))
    out.sort(key=lambda a: (a.article_id, a.analyst))
    return out


def versions(s: Session, article_id: str) -> list[AnnotationVersion]:
    """Every analyst's version of an article (any state), by analyst name."""
    return load_documents(s, [article_id], versions=True)[0].versions


def list_articles(s: Session) -> list[ArticleSummary]:
    rejected, suggested = Review.REJECTED.value, Review.SUGGESTED.value
    span_counts = (
        select(
            SpanRow.article_id.label("aid"),
            func.sum(case((SpanRow.status != rejected, 1), else_=0)).label("visible"),
            func.sum(case((SpanRow.status == suggested, 1), else_=0)).label("suggested"),
        )
        .where(SpanRow.version == SHARED)
        .group_by(SpanRow.article_id)
        .subquery()
    )
    claim_counts = (
        select(ClaimRow.article_id.label("aid"), func.count().label("visible"))
        .where(ClaimRow.status != rejected, ClaimRow.version == SHARED)
        .group_by(ClaimRow.article_id)
        .subquery()
    )
    q = (
        select(
            ArticleRow.id,
            ArticleRow.title,
            ArticleRow.source,
            ArticleRow.published,
            ArticleRow.status,
            ArticleRow.annotated_by,
            func.coalesce(span_counts.c.visible, 0),
            func.coalesce(span_counts.c.suggested, 0),
            func.coalesce(claim_counts.c.visible, 0),
        )
        .outerjoin(span_counts, span_counts.c.aid == ArticleRow.id)
        .outerjoin(claim_counts, claim_counts.c.aid == ArticleRow.id)
        .order_by(UNDATED_LAST, ArticleRow.published, ArticleRow.title, ArticleRow.id)
    )
    return [
        ArticleSummary(
            id=aid,
            title=title,
            source=source,
            published=published,
            status=ArticleStatus(status),
            n_entities=int(n_ent),
            n_suggestions=int(n_sug),
            n_claims=int(n_cl),
            annotated_by=annotated_by,
        )
        for aid, title, source, published, status, annotated_by, n_ent, n_sug, n_cl in s.execute(q)
    ]


def list_claims(s: Session, query: str, limit: int | None) -> list[ClaimRef]:
    """Visible claims with their text and claimant cut out in SQL, filtered in Python
    (``str.casefold`` is right for every script; SQLite's lower() is ASCII-only)."""
    said_by = aliased(LinkRow)
    span = aliased(SpanRow)
    span_article = aliased(ArticleRow)
    n_links = (
        select(func.count())
        .select_from(LinkRow)
        .where(or_(LinkRow.head == ClaimRow.id, LinkRow.child_claim_id == ClaimRow.id))
        .scalar_subquery()
    )
    q = (
        select(
            *convert.CLAIM_COLS,
            ArticleRow.title.label("article_title"),
            ArticleRow.published.label("article_published"),
            func.substr(ArticleRow.text, ClaimRow.start + 1, ClaimRow.end - ClaimRow.start).label("claim_text"),
            func.coalesce(func.substr(span_article.text, span.start + 1, span.end - span.start), EntityRow.name).label(
                "claimant"
            ),
            n_links.label("n_links"),
        )
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(said_by, and_(said_by.head == ClaimRow.id, said_by.label == LinkLabel.SAID_BY.value))
        .outerjoin(span, span.id == said_by.child_span_id)
        .outerjoin(span_article, span_article.id == span.article_id)
        .outerjoin(EntityRow, EntityRow.id == said_by.child_entity_id)
        .where(ClaimRow.status != Review.REJECTED.value, ClaimRow.version == SHARED)
        .order_by(UNDATED_LAST, ArticleRow.published, ArticleRow.title, ClaimRow.start, ClaimRow.id, said_by.id)
    )
    needle = query.strip().casefold()
    out: list[ClaimRef] = []
    seen: set[str] = set()
    for r in s.execute(q):
        if r.id in seen:  # a claim with two said_by links: keep the first claimant
            continue
        seen.add(r.id)
        haystack = " ".join(x for x in (r.claim_text, r.claimant, r.article_title) if x).casefold()
        if needle and needle not in haystack:
            continue
        out.append(
            ClaimRef(
                claim=convert.to_claim(r[: len(convert.CLAIM_COLS)]),
                article_id=r.article_id,
                article_title=r.article_title,
                published=r.article_published,
                text=r.claim_text,
                claimant=r.claimant,
                n_links=int(r.n_links),
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


def labelled_mentions(s: Session, labels: Sequence[str]) -> list[tuple[Span, str]]:
    """Visible spans with one of ``labels`` and their text, in a stable order.

    The spans come from one indexed query; their text is cut out of the article texts,
    which are read a batch of articles at a time (cutting inside SQL costs a join and a
    ``substr`` per span, three times slower on 300,000 spans). Only articles that have such
    spans are read, and no more than one batch of their texts is held at once."""
    conn = s.connection()
    q = (
        select(*convert.SPAN_COLS)
        .where(SpanRow.label.in_(list(labels)), SpanRow.status != Review.REJECTED.value, SpanRow.version == SHARED)
        .order_by(SpanRow.article_id, SpanRow.start, SpanRow.id)
    )
    by_article: dict[str, list[Span]] = defaultdict(list)
    for span in map(convert.to_span, conn.execute(q).all()):  # all(): one fetch, not one per row
        by_article[span.article_id].append(span)
    out: list[tuple[Span, str]] = []
    for part in chunks(list(by_article)):
        q_texts = select(ArticleRow.id, ArticleRow.text).where(ArticleRow.id.in_(part))
        texts: dict[str, str] = {aid: text for aid, text in conn.execute(q_texts).all()}
        for article_id in part:
            text = texts[article_id]  # the spans' article, in the same transaction
            out.extend((span, text[span.start : span.end]) for span in by_article[article_id])
    return out


def links_touching(s: Session, object_ids: Sequence[str]) -> list[Link]:
    found: dict[str, Link] = {}
    for part in chunks(sorted(set(object_ids))):
        cond = or_(
            LinkRow.head.in_(part),
            LinkRow.child_span_id.in_(part),
            LinkRow.child_claim_id.in_(part),
            LinkRow.child_entity_id.in_(part),
        )
        for r in s.execute(select(*convert.LINK_COLS).where(cond)):
            link = convert.to_link(r)
            found[link.id] = link
    return [found[k] for k in sorted(found)]


def links_of_article(s: Session, article_id: str, version: str = SHARED) -> list[Link]:
    """Links of one version of an article, those from other articles to it included."""
    cond = and_(LinkRow.version == version, or_(
        LinkRow.article_id == article_id,
        LinkRow.child_span_id.in_(select(SpanRow.id).where(SpanRow.article_id == article_id)),
        LinkRow.child_claim_id.in_(select(ClaimRow.id).where(ClaimRow.article_id == article_id)),
    ))  # fmt: skip
    return [convert.to_link(r) for r in s.execute(select(*convert.LINK_COLS).where(cond).order_by(LinkRow.id))]


def stats(s: Session) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {
        "articles": {v.value: 0 for v in ArticleStatus},
        "spans": {v.value: 0 for v in Review},
        "claims": {v.value: 0 for v in Review},
        "links": {v.value: 0 for v in LinkLabel},
    }
    for key, column in (
        ("articles", ArticleRow.status),
        ("spans", SpanRow.status),
        ("claims", ClaimRow.status),
        ("links", LinkRow.label),
    ):
        for value, n in s.execute(select(column, func.count()).group_by(column)):
            out[key][value] = int(n)
    out["relations"] = {str(label): int(n) for label, n in
                        s.execute(select(RelationRow.label, func.count()).group_by(RelationRow.label))}  # fmt: skip
    return out


def relations_touching(s: Session, span_ids: Sequence[str]) -> list[Relation]:
    found: dict[str, Relation] = {}
    for part in chunks(sorted(set(span_ids))):
        cond = or_(RelationRow.head.in_(part), RelationRow.child.in_(part))
        for r in s.execute(select(*convert.RELATION_COLS).where(cond)):
            rel = convert.to_relation(r)
            found[rel.id] = rel
    return [found[k] for k in sorted(found)]
