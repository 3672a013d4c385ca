"""Article invariants hold inside the write transaction, and on PostgreSQL in the database itself."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from desktop.db import SqlStore, open_store, resolve_url
from desktop.db.dialect import make_engine
from desktop.db.migrate import upgrade
from desktop.db.schema import ArticleRow, SpanRow
from desktop.domain.errors import ConflictError, StoreError
from desktop.domain.model import Change, ChangeSet, Origin, Review, Span
from tests.db.builders import doc_a


def test_a_change_set_that_would_overlap_a_visible_span_is_refused_whole(store: SqlStore) -> None:
    store.add_documents([doc_a()])
    before = store.spans("a-aaaa")
    n_log = len(store.edit_log(limit=1000))
    a = doc_a()
    accepted = a.spans[0]  # s-a1, 15..24, accepted
    sneaky = Span("s-new", "a-aaaa", 20, 30, "ORG", Origin.ANALYST, Review.ACCEPTED)
    relabel = Change(a.spans[1], replace(a.spans[1], label="TIME"))
    with pytest.raises(ConflictError, match=f"overlap span {accepted.id}"):
        store.apply(ChangeSet("Label", (relabel, Change(None, sneaky))), annotator="ana")
    assert store.spans("a-aaaa") == before
    assert len(store.edit_log(limit=1000)) == n_log


def test_a_new_span_may_replace_a_suggestion_in_either_order(store: SqlStore) -> None:
    store.add_documents([doc_a()])
    suggestion = doc_a().spans[1]  # s-a2, 33..39, suggested
    new = Span("s-new", "a-aaaa", 33, 45, "EVENT", Origin.ANALYST, Review.ACCEPTED)
    rejected = replace(suggestion, status=Review.REJECTED)
    store.apply(ChangeSet("Label", (Change(None, new), Change(suggestion, rejected))), annotator="ana")
    assert store.get("s-new") == new and store.get(suggestion.id) == rejected


@pytest.mark.postgres
def test_postgres_itself_refuses_overlapping_visible_spans(fresh_pg_url: str) -> None:
    open_store(fresh_pg_url).add_documents([doc_a()])
    engine = make_engine(resolve_url(fresh_pg_url))
    row = {"article_id": "a-aaaa", "start": 20, "end": 30, "label": "ORG", "origin": "analyst", "updated": ""}
    try:
        with pytest.raises(sa.exc.IntegrityError, match="ex_spans_visible_no_overlap"), engine.begin() as conn:
            conn.execute(sa.insert(SpanRow), [{**row, "id": "s-raw", "status": "accepted"}])
        with engine.begin() as conn:  # a rejected span may lie anywhere
            conn.execute(sa.insert(SpanRow), [{**row, "id": "s-raw", "status": "rejected"}])
    finally:
        engine.dispose()


def test_the_upgrade_resolves_overlaps_stored_before_it(backend_url: str) -> None:
    engine = make_engine(resolve_url(backend_url))
    upgrade(engine, "0003")
    stamp = "2026-01-01T00:00:00Z"
    with engine.begin() as conn:
        conn.execute(sa.insert(ArticleRow), [{
            "id": "a-1", "text": "Benjamin Netanyahu spoke.", "sha256": "f" * 64, "title": "", "language": "en",
            "meta_extra": {}, "status": "todo", "created": stamp, "updated": stamp,
        }])  # fmt: skip
        base = {"article_id": "a-1", "label": "PERSON", "origin": "model", "status": "suggested"}
        conn.execute(sa.insert(SpanRow), [
            {**base, "id": "s-sugg", "start": 0, "end": 8, "updated": "2026-01-01T00:00:01Z"},
            {**base, "id": "s-acc", "start": 0, "end": 18, "status": "accepted", "updated": "2026-01-02T00:00:00Z"},
            {**base, "id": "s-new", "start": 9, "end": 24, "updated": "2026-01-03T00:00:00Z"},
            {**base, "id": "s-free", "start": 19, "end": 24, "status": "rejected", "updated": ""},
        ])  # fmt: skip
    engine.dispose()
    store = open_store(backend_url)
    try:
        status = {s.id: s.status for s in store.spans("a-1")}
        assert status == {"s-acc": Review.ACCEPTED, "s-sugg": Review.REJECTED, "s-new": Review.REJECTED,
                          "s-free": Review.REJECTED}  # fmt: skip
        log = store.edit_log(article_id="a-1")
        assert sorted(e.object_id or "" for e in log) == ["s-new", "s-sugg"]
        assert all(e.after == {"status": "rejected"} and "overlapped" in e.action for e in log)
    finally:
        store.close()


def test_a_write_of_an_unknown_id_in_a_link_fails_at_the_database(store: SqlStore) -> None:
    from desktop.domain.model import Link, LinkLabel

    store.add_documents([doc_a()])
    bad = Link("l-bad", "a-aaaa", LinkLabel.SUPPORTS, "c-a1", "c-nowhere")
    with pytest.raises(StoreError, match="database rule"):
        store.apply(ChangeSet("Link", (Change(None, bad),)), annotator="ana")
    assert store.get("l-bad") is None
