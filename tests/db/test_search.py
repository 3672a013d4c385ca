"""Corpus search on both backends: the index follows every import and edit in the same
transaction, the query language (prefixes, phrases, filters) and hostile input."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from desktop.db import SqlStore, open_store, resolve_url
from desktop.db.dialect import make_engine
from desktop.db.migrate import upgrade
from desktop.db.search import fts5_match, tsquery
from desktop.domain.model import Change, ChangeSet, Claim, ClaimKind, Review, Verdict
from desktop.domain.search import QueryError, parse_query
from tests.db.builders import doc_a, doc_b, plain_doc


def find(store: SqlStore, text: str, **filters: str) -> list[tuple[str, str | None, str]]:
    return [(h.article_id, h.object_id, h.kind) for h in store.search(parse_query(text, **filters))]


@pytest.fixture
def loaded(store: SqlStore) -> SqlStore:
    store.add_documents([doc_a(), doc_b(), plain_doc("a-cccc", "Ceasefire talks in Doha resumed.", title="Doha")])
    return store


def test_words_match_as_prefixes_and_phrases_exactly(loaded: SqlStore, backend_url: str) -> None:
    assert {h[0] for h in find(loaded, "inflat")} == {"a-aaaa", "a-bbbb"}
    assert {h[0] for h in find(loaded, '"inflation fell"')} == {"a-aaaa", "a-bbbb"}
    assert find(loaded, '"fell inflation"') == []
    assert {h[0] for h in find(loaded, "inflation percent bank")} == {"a-bbbb"}  # every word, any column
    assert [h[2] for h in find(loaded, "doha")] == ["title"] or find(loaded, "doha")[0][0] == "a-cccc"
    assert find(loaded, "zoë")[0][0] == "a-bbbb"
    if "postgresql" not in backend_url:  # FTS5 folds diacritics; PostgreSQL's 'simple' configuration does not
        assert find(loaded, "zoe")[0][0] == "a-bbbb"


def test_claims_are_found_with_their_id_and_filters_narrow_them(loaded: SqlStore) -> None:
    hits = find(loaded, "percent", kind="statistic")
    assert hits == [("a-aaaa", "c-a1", "claim")]
    assert find(loaded, "percent verdict:disputed") == [("a-aaaa", "c-a1", "claim")]
    assert find(loaded, "percent claim:suggested") == [("a-bbbb", "c-b1", "claim")]
    assert {h[0] for h in find(loaded, "inflation status:in_progress")} == {"a-aaaa"}
    assert find(loaded, "inflation source:jns")  # case-insensitive
    assert find(loaded, "inflation source:Reuters") == []
    assert {h[0] for h in find(loaded, "inflation from:2025-07 to:2025-07-31")} == {"a-aaaa"}
    assert {h[0] for h in find(loaded, "inflation from:2025-07-11")} == set()


def test_entity_filter_matches_the_canonical_name_or_the_span_text_with_label(loaded: SqlStore) -> None:
    assert {h[0] for h in find(loaded, 'inflation entity:"Benjamin Netanyahu"')} == {"a-aaaa"}
    assert {h[0] for h in find(loaded, "inflation entity:netanyahu label:person")} == {"a-aaaa"}
    assert find(loaded, "inflation entity:netanyahu label:org") == []
    assert {h[0] for h in find(loaded, "entity:\"zoë Müller\"")} == {"a-bbbb"}  # filters alone browse


def test_snippets_mark_the_matched_terms_and_locate_them_in_the_text(loaded: SqlStore) -> None:
    (hit,) = [h for h in loaded.search(parse_query("netanyah")) if h.kind != "claim"]
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["Netanyahu"]
    text = loaded.get_article(hit.article_id).text
    where = hit.locate(text)
    assert where is not None and text[where[0] : where[1]] == "Netanyahu"


HOSTILE = ['"', 'a"b*', "NEAR(x y", "title:x OR", "-x", "x AND NOT y", "^start", "'; DROP TABLE articles; --",
           "***", "(", "\\", "inflation\x00", "x:* & !y | z"]


def test_fts_syntax_in_user_input_is_only_ever_words(loaded: SqlStore) -> None:
    for hostile in HOSTILE:
        loaded.search(parse_query(hostile))  # no syntax error, no injection
        assert len(loaded.list_articles()) == 3
        _only_words(fts5_match(parse_query(hostile).terms))


def _only_words(match: str) -> None:
    assert re.fullmatch(r'(?:"[^\W_]+(?: [^\W_]+)*"\*?(?: |$))*', match), match  # quoted letters and digits only


def test_the_query_compiles_to_each_engine() -> None:
    q = parse_query('minist "prime minister" U.S.')
    assert fts5_match(q.terms) == '"minist"* "prime minister" "u s"*'
    assert tsquery(q.terms) == "'minist':* & 'prime' <-> 'minister' & 'u' <-> 's':*"
    with pytest.raises(QueryError, match="verdict:maybe"):
        parse_query("verdict:maybe")
    assert parse_query("note:x").terms  # not a filter: words


def test_the_index_follows_every_edit_in_the_same_transaction(loaded: SqlStore) -> None:
    a = loaded.get_article("a-aaaa")
    claim = next(c for c in loaded.claims("a-aaaa") if c.id == "c-a1")
    # a title change, a claim moved, a new claim, a deleted claim, a verdict change: one change set each
    loaded.apply(ChangeSet("rename", (Change(a, replace(a, meta=replace(a.meta, title="Prices ease"))),)),
                 annotator="ana")  # fmt: skip
    assert find(loaded, "prices")[0][0] == "a-aaaa" and not [h for h in find(loaded, "falls") if h[2] == "title"]
    moved = replace(claim, start=0, end=24)  # "Prime Minister Netanyahu"
    loaded.apply(ChangeSet("move", (Change(claim, moved),)), annotator="ana")
    assert ("a-aaaa", "c-a1", "claim") in find(loaded, "minister")
    assert ("a-aaaa", "c-a1", "claim") not in find(loaded, "percent")
    new = Claim("c-new", "a-aaaa", 45, 82, ClaimKind.STATISTIC, verdict=Verdict.FALSE)
    loaded.apply(ChangeSet("add", (Change(None, new),)), annotator="ana")
    assert ("a-aaaa", "c-new", "claim") in find(loaded, "percent verdict:false")
    loaded.apply(ChangeSet("reject", (Change(new, replace(new, status=Review.REJECTED)),)), annotator="ana")
    assert find(loaded, "percent verdict:false") == []  # rejected claims are not found...
    assert find(loaded, "percent claim:rejected") == [("a-aaaa", "c-new", "claim")]  # ...unless asked for
    loaded.apply(ChangeSet("delete", (Change(loaded.get("c-new"), None),)), annotator="ana")  # type: ignore[arg-type]
    assert find(loaded, "percent claim:rejected") == []
    assert loaded.search_index_ok()


def test_a_failed_import_leaves_the_index_as_it_was(loaded: SqlStore) -> None:
    bad = plain_doc("a-dddd", "Zanzibar ferry news.", title="Zanzibar")

    def docs():  # type: ignore[no-untyped-def]
        yield bad
        raise ValueError("the file broke half way")

    with pytest.raises(ValueError):
        loaded.add_documents(docs())
    assert find(loaded, "zanzibar") == []
    assert loaded.search_index_ok()


def test_upgrading_a_database_builds_the_index_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(resolve_url(path))
    upgrade(engine, "0003")
    engine.dispose()
    # write articles the way 0003 stored them, without any search index
    with closing(sqlite3.connect(path)) as raw:
        for i in range(5):
            raw.execute("INSERT INTO articles (id, text, sha256, title, language, meta_extra, status, created,"
                        " updated) VALUES (?, ?, ?, ?, 'en', '{}', 'todo', 'x', 'x')",
                        (f"a-{i}", f"Report number {i} about the harbour", f"{i:064x}", f"Title {i}"))  # fmt: skip
        raw.execute("INSERT INTO claims (id, article_id, start, \"end\", kind, attribution, checkworthy, verdict,"
                    " origin, status, note, evidence, updated) VALUES ('c-0', 'a-0', 0, 15, 'quote', 'direct', 0,"
                    " 'unverified', 'model', 'suggested', '', '[]', '')")  # fmt: skip
        raw.commit()
    seen: list[tuple[int, int]] = []
    store = open_store(path, progress=lambda done, total, _msg: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert {h.article_id for h in store.search(parse_query("harbour"))} == {f"a-{i}" for i in range(5)}
    assert ("a-0", "c-0", "claim") in find(store, "report number")
    assert store.search_index_ok()
    store.close()


def test_the_bulk_paths_of_other_code_are_indexed_too(backend_url: str) -> None:
    """Rows written with plain SQL (as a bulk writer might) are indexed by the triggers."""
    store = open_store(backend_url)
    engine = make_engine(resolve_url(backend_url))
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO articles (id, text, sha256, title, language, meta_extra, status, created,"
                             " updated) VALUES ('a-raw', 'Typhoon warning for Okinawa', :sha, 'Weather', 'en',"
                             " '{}', 'todo', 'x', 'x')"), {"sha": "e" * 64})  # fmt: skip
    engine.dispose()
    assert find(store, "okinawa") == [("a-raw", None, "text")]
    assert store.search_index_ok()
    store.close()
