"""Corpus search compiled to SQL: FTS5 ``MATCH`` on SQLite, ``tsquery`` on PostgreSQL.

The index (tables, triggers, the build) is made by migration 0006. A query runs in two
steps: the ranked keys of the best matches (filters joined in only when asked), then
snippets for those few rows alone, so snippet work never grows with the number of matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, column, exists, func, or_, select, table, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from desktop.domain.model import Review
from desktop.domain.search import MARK_OFF, MARK_ON, SearchHit, SearchQuery, Term, parse_snippet, until_bound

from .schema import ArticleRow, ClaimRow, EntityRow, SpanRow

SEARCH_TABLES = ("search_keys", "search_source", "search_fts", "search_docs")  # not in the ORM: made by 0006
LIST_INDEXES = ("ix_articles_title_key", "ix_articles_source_key", "ix_articles_published_key", "ix_articles_status_id",
                "ix_articles_title_source")

FTS = table("search_fts", column("rowid"), column("rank"))
KEYS = table("search_keys", column("key"), column("object_id"), column("article_id"))
DOCS = table("search_docs", column("object_id"), column("article_id"), column("is_claim"), column("doc"))

SNIPPET_TOKENS = 24


def is_search_table(name: str | None) -> bool:
    return bool(name) and any(str(name).startswith(t) for t in SEARCH_TABLES)


# -- the query language -> the engines' syntax -----------------------------------------------------


def fts5_match(terms: tuple[Term, ...]) -> str:
    """``"minist"* "prime minister"``: every term quoted (tokens are letters and digits only)."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.tokens) + '"'
        parts.append(quoted if term.phrase else quoted + "*")
    return " ".join(parts)


def tsquery(terms: tuple[Term, ...]) -> str:
    """``'minist':* & 'prime' <-> 'minister'`` for PostgreSQL's ``to_tsquery('simple', ...)``."""
    parts = []
    for term in terms:
        words = [f"'{t}'" for t in term.tokens]
        if not term.phrase:
            words[-1] += ":*"
        parts.append(" <-> ".join(words) if len(words) > 1 else words[0])
    return " & ".join(parts)


# -- filters (both dialects) -----------------------------------------------------------------


def _filters(q: SearchQuery, object_id: Any, article_id: Any) -> list[ColumnElement[bool]]:
    """Conditions on an index row (an article or a claim) given its object id and article id."""
    conds: list[ColumnElement[bool]] = []
    claim = aliased(ClaimRow)
    if q.claims_only:
        cc = [claim.id == object_id]
        if q.claim_kind is not None:
            cc.append(claim.kind == q.claim_kind.value)
        if q.verdict is not None:
            cc.append(claim.verdict == q.verdict.value)
        if q.claim_status is not None:
            cc.append(claim.status == q.claim_status.value)
        else:
            cc.append(claim.status != Review.REJECTED.value)
        conds.append(exists().where(*cc))
    else:  # rejected claims are not found unless asked for
        conds.append(~exists().where(claim.id == object_id, claim.status == Review.REJECTED.value))
    a = aliased(ArticleRow)
    art: list[ColumnElement[bool]] = []
    if q.status is not None:
        art.append(a.status == q.status.value)
    if q.source is not None:
        art.append(func.lower(a.source) == q.source.lower())
    if q.since is not None:
        art.append(a.published >= q.since)
    if q.until is not None:
        art.append(a.published < until_bound(q.until))
    if art:
        conds.append(exists().where(a.id == article_id, *art))
    if q.entity is not None or q.label is not None:
        conds.append(_has_entity(q, article_id))
    return conds


def _unfiltered(q: SearchQuery) -> bool:
    return not q.claims_only and all(
        v is None for v in (q.status, q.source, q.since, q.until, q.entity, q.label)
    )


def _has_entity(q: SearchQuery, article_id: Any) -> ColumnElement[bool]:
    span = aliased(SpanRow)
    art = aliased(ArticleRow)
    cond: list[ColumnElement[bool]] = [span.article_id == article_id, span.status != Review.REJECTED.value]
    if q.label is not None:
        cond.append(span.label == q.label)
    if q.entity is not None:
        wanted = q.entity.lower()
        named = select(EntityRow.id).where(func.lower(EntityRow.name) == wanted)
        spelled = func.lower(func.substr(art.text, span.start + 1, span.end - span.start)) == wanted
        cond.append(or_(span.entity_id.in_(named.scalar_subquery()), spelled))
        return exists().where(art.id == span.article_id, *cond)
    return exists().where(*cond)


# -- running ---------------------------------------------------------------------------------------


def search(s: Session, q: SearchQuery) -> list[SearchHit]:
    if not q.terms:
        return _browse(s, q)
    if s.get_bind().dialect.name == "sqlite":
        return _search_sqlite(s, q)
    return _search_postgres(s, q)


_ALL = 1_000_000_000  # an inner LIMIT keeps SQLite from flattening a ranked subquery or dropping its ORDER BY
_RANKED = (
    "SELECT rowid AS key, rank AS score, snippet(search_fts, 0, :on, :off, :dots, 64) AS title_cut,"
    " snippet(search_fts, 1, :on, :off, :dots, :n) AS body_cut"
    " FROM search_fts WHERE search_fts MATCH :m ORDER BY rank"
)
# The index sorts by rank itself and computes the snippets only for the rows read.


def _search_sqlite(s: Session, q: SearchQuery) -> list[SearchHit]:
    params = {"on": MARK_ON, "off": MARK_OFF, "dots": "\u2026", "n": SNIPPET_TOKENS, "m": fts5_match(q.terms)}
    if _unfiltered(q):
        return _hits(s, _ranked_plain(s, params, q.limit))
    conds = _filters(q, KEYS.c.object_id, KEYS.c.article_id)
    # Filters: rank every match (no snippets), keep the best that pass, then cut their snippets
    # in one pass over the matches that computes a snippet only for the rows kept.
    ranks = (
        text(f"SELECT rowid AS key, rank AS score FROM search_fts WHERE search_fts MATCH :m ORDER BY rank LIMIT {_ALL}")
        .columns(column("key"), column("score"))
        .subquery("ranked")
    )
    query = (
        select(ranks.c.key, KEYS.c.object_id, KEYS.c.article_id)
        .select_from(ranks)
        .join(KEYS, KEYS.c.key == ranks.c.key)
        .where(*conds)
        .order_by(ranks.c.score)
        .limit(q.limit)
    )
    kept = s.execute(query, params).all()
    if not kept:
        return []
    cuts = text(
        "SELECT key, title_cut, body_cut FROM (SELECT rowid AS key,"
        " CASE WHEN rowid IN :keys THEN snippet(search_fts, 0, :on, :off, :dots, 64) END AS title_cut,"
        " CASE WHEN rowid IN :keys THEN snippet(search_fts, 1, :on, :off, :dots, :n) END AS body_cut"
        " FROM search_fts WHERE search_fts MATCH :m) WHERE body_cut IS NOT NULL"
    ).bindparams(bindparam("keys", expanding=True))
    cut = {r.key: (r.title_cut, r.body_cut) for r in s.execute(cuts, {**params, "keys": [r.key for r in kept]})}
    return _hits(s, [(r.object_id, r.article_id, *cut.get(r.key, ("", ""))) for r in kept])


_KEYS_KEPT = text(
    'SELECT k."key" AS key, k.object_id, k.article_id FROM search_keys k WHERE k."key" IN :keys AND NOT EXISTS'
    " (SELECT 1 FROM claims c WHERE c.id = k.object_id AND c.status = 'rejected')"
).bindparams(bindparam("keys", expanding=True))


def _ranked_plain(s: Session, params: dict[str, Any], limit: int) -> list[tuple[str, str, str, str]]:
    """No filter but "not a rejected claim": the index's own ranked query, then the few rejected
    claims among the best rows dropped (asking for more rows when that left too few)."""
    want = limit
    while True:
        ranked = s.execute(text(_RANKED + " LIMIT :limit"), {**params, "limit": want}).all()
        if not ranked:
            return []
        found = {r.key: (r.object_id, r.article_id) for r in s.execute(_KEYS_KEPT, {"keys": [r.key for r in ranked]})}
        rows = [(*found[r.key], r.title_cut, r.body_cut) for r in ranked if r.key in found]
        if len(rows) >= limit or len(ranked) < want:
            return rows[:limit]
        want *= 2


def _search_postgres(s: Session, q: SearchQuery) -> list[SearchHit]:
    query = func.to_tsquery("simple", bindparam("tq", tsquery(q.terms)))
    ranked = (
        select(DOCS.c.object_id, DOCS.c.article_id)
        .where(DOCS.c.doc.op("@@")(query), *_filters(q, DOCS.c.object_id, DOCS.c.article_id))
        .order_by(func.ts_rank(DOCS.c.doc, query).desc(), DOCS.c.object_id)
        .limit(q.limit)
    )
    rows = s.execute(ranked).all()
    if not rows:
        return []
    opts = f"StartSel={MARK_ON}, StopSel={MARK_OFF}, MaxWords={SNIPPET_TOKENS + 6}, MinWords=10"
    claim = aliased(ClaimRow)
    body_text = func.coalesce(func.substr(ArticleRow.text, claim.start + 1, claim.end - claim.start), ArticleRow.text)
    snippets = (
        select(
            DOCS.c.object_id,
            func.ts_headline("simple", ArticleRow.title, query, opts),
            func.ts_headline("simple", body_text, query, opts),
        )
        .join(ArticleRow, ArticleRow.id == DOCS.c.article_id)
        .outerjoin(claim, claim.id == DOCS.c.object_id)
        .where(DOCS.c.object_id.in_([r.object_id for r in rows]))
    )
    cut = {oid: (title, body) for oid, title, body in s.execute(snippets)}
    return _hits(s, [(r.object_id, r.article_id, *_pg_dots(cut.get(r.object_id, ("", "")))) for r in rows])


def _pg_dots(pair: tuple[str, str]) -> tuple[str, str]:
    return pair  # ts_headline cuts whole words and adds no ellipsis: the fragment is the snippet


def _browse(s: Session, q: SearchQuery) -> list[SearchHit]:
    """Filters without words: the articles (or claims) they describe, newest first."""
    claim = aliased(ClaimRow)
    if q.claims_only:
        base = select(claim.id.label("oid"), claim.article_id.label("aid")).join(
            ArticleRow, ArticleRow.id == claim.article_id
        )
        oid, aid = claim.id, claim.article_id
    else:
        base = select(ArticleRow.id.label("oid"), ArticleRow.id.label("aid"))
        oid, aid = ArticleRow.id, ArticleRow.id
    conds = _filters(q, oid, aid)
    query = base.where(*conds).order_by(func.coalesce(ArticleRow.published, "").desc(), oid).limit(q.limit)
    rows = s.execute(query).all()
    return _hits(s, [(r.oid, r.aid, None, None) for r in rows])


_ARTICLE_INFO = text(
    "SELECT id, title, published, source, substr(text, 1, 240) AS lead FROM articles WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_CLAIM_INFO = text(
    'SELECT c.id, c.kind, c.verdict, c.status, substr(a.text, c.start + 1, c."end" - c.start) AS text'
    " FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _hits(s: Session, rows: Sequence[tuple[str, str, str | None, str | None]]) -> list[SearchHit]:
    """Search hits in ``rows`` order from (object id, article id, marked title, marked body)."""
    article_ids = sorted({r[1] for r in rows})
    claim_ids = sorted({r[0] for r in rows if r[0] != r[1]})
    if not article_ids:
        return []
    info = {r.id: r for r in s.execute(_ARTICLE_INFO, {"ids": article_ids})}
    claims = {r.id: r for r in s.execute(_CLAIM_INFO, {"ids": claim_ids})} if claim_ids else {}
    out: list[SearchHit] = []
    for oid, aid, marked_title, marked_body in rows:
        art = info.get(aid)
        if art is None:
            continue
        title = art.title or aid
        c = claims.get(oid) if oid != aid else None
        if oid != aid and c is None:
            continue
        if marked_body is None:  # browsing: the claim, or the start of the text
            plain = " ".join((c.text if c is not None else art.lead).split())
            snippet, fragment = plain, ""
            marks: tuple[tuple[int, int], ...] = ()
        else:
            snippet, marks, fragment = parse_snippet(marked_body)
            if not marks and marked_title:
                t_snip, t_marks, _ = parse_snippet(marked_title)
                if t_marks:
                    out.append(_hit(aid, None, "title", title, t_snip, t_marks, "", art, None))
                    continue
        kind = "claim" if c is not None else "text"
        out.append(_hit(aid, oid if c is not None else None, kind, title, snippet, marks, fragment, art, c))
    return out


def _hit(aid: str, oid: str | None, kind: str, title: str, snippet: str, marks: tuple[tuple[int, int], ...],
         fragment: str, art: Any, claim: Any) -> SearchHit:  # fmt: skip
    return SearchHit(
        article_id=aid,
        object_id=oid,
        kind=kind,
        title=title,
        snippet=snippet,
        marks=marks,
        published=art.published,
        source=art.source,
        claim_kind=claim.kind if claim is not None else None,
        verdict=claim.verdict if claim is not None else None,
        claim_status=claim.status if claim is not None else None,
        fragment=fragment,
    )


def integrity_ok(s: Session) -> bool:
    """SQLite: FTS5's own check that the index matches the text it indexes. PostgreSQL: every row is indexed."""
    if s.get_bind().dialect.name == "sqlite":
        try:
            s.execute(text("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"))
        except Exception:  # noqa: BLE001 - FTS5 reports a mismatch as an error
            return False
        n_keys = s.scalar(text("SELECT count(*) FROM search_keys"))
        n_rows = s.scalar(text("SELECT count(*) FROM articles")) + s.scalar(text("SELECT count(*) FROM claims"))
        return bool(n_keys == n_rows)
    n_docs = s.scalar(text("SELECT count(*) FROM search_docs"))
    n_rows = s.scalar(text("SELECT count(*) FROM articles")) + s.scalar(text("SELECT count(*) FROM claims"))
    return bool(n_docs == n_rows)

