"""apply(ChangeSet): upserts and deletes in one transaction, undo, edit log, database rules."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from desktop.db import SqlStore, resolve_url
from desktop.db.dialect import make_engine
from desktop.domain.errors import ConflictError, StoreError
from desktop.domain.model import (
    Change,
    ChangeSet,
    Claim,
    ClaimKind,
    Entity,
    LabelDef,
    Link,
    LinkLabel,
    Review,
    Span,
)
from tests.db.builders import RULE, doc_a, doc_b, snapshot


@pytest.fixture
def loaded(store: SqlStore) -> SqlStore:
    store.add_documents([doc_a(), doc_b()])
    return store


def big_action() -> ChangeSet:
    """Touches every kind of object: create, update and delete, across two articles."""
    a, b = doc_a(), doc_b()
    new_entity = Entity("e-boi", "Bank of Israel", "ORG", ["BoI"], "Q805968")
    new_span = Span("s-b2", b.id, 18, 32, "ORG", entity_id="e-boi", annotator="ana", updated="2026-02-01T00:00:00Z")
    new_claim = Claim("c-a2", a.id, 0, 39, ClaimKind.QUOTE, checkworthy=1, evidence=["https://x.example"])
    new_link = Link("l-new", b.id, LinkLabel.REPEATS, "c-b1", "c-a2", note="echo")
    about = Link("l-about", b.id, LinkLabel.ABOUT, "c-b1", "e-boi")
    return ChangeSet(
        "A big edit",
        (
            Change(None, new_claim),
            Change(None, new_entity),
            Change(None, new_link),
            Change(None, new_span),
            Change(None, about),
            Change(a.spans[1], replace(a.spans[1], label="TIME", status=Review.ACCEPTED)),
            Change(a.links[1], None),  # delete the about link
            Change(a.spans[2], replace(a.spans[2], entity_id=None)),
            Change(b.claims[0], replace(b.claims[0], note="checked", evidence=["https://boi.org.il"])),
            Change(None, RULE),
        ),
        article_id=b.id,
    )


def test_apply_then_inverse_leaves_the_database_as_before(loaded: SqlStore) -> None:
    before = snapshot(loaded)
    action = big_action()
    loaded.apply(action, annotator="ana")
    after = snapshot(loaded)
    assert after != before
    assert loaded.get("l-new") == action.changes[2].after
    assert loaded.get("s-a2") == action.changes[5].after
    assert loaded.get("l-a2") is None
    assert [s.id for s in loaded.entity_mentions("e-boi")] == ["s-b2"]
    loaded.apply(action.inverted(), annotator="ana")  # undo
    assert snapshot(loaded) == before
    loaded.apply(action, annotator="ana")  # redo
    assert snapshot(loaded) == after


def test_edit_log_has_one_row_per_change(loaded: SqlStore) -> None:
    action = big_action()
    loaded.apply(action, annotator="ana")
    loaded.apply(action.inverted(), annotator="bob")
    log = loaded.edit_log(limit=1000)
    n = len(action.changes)
    assert [e.action for e in log[: 2 * n]] == ["A big edit"] * (2 * n)
    undo, do = log[:n], log[n : 2 * n]  # newest first
    assert {e.annotator for e in do} == {"ana"} and {e.annotator for e in undo} == {"bob"}
    assert [e.object_id for e in reversed(do)] == [c.object.id for c in action.changes]
    link = do[-3]  # the third change: create the link
    assert link.before is None and link.after is not None
    assert link.after["child"] == "c-a2" and link.after["label"] == "repeats"
    assert link.article_id == "a-bbbb"
    relabel = do[-6]
    assert relabel.before is not None and relabel.after is not None
    assert (relabel.before["label"], relabel.after["label"]) == ("DATE", "TIME")
    assert all(e.id > later.id for e, later in zip(log, log[1:], strict=False))
    # the two imports are in the log as well, and the log can be read per article
    assert [e.action for e in log[2 * n :]] == ["import", "import"]
    assert {e.article_id for e in loaded.edit_log(article_id="a-aaaa")} == {"a-aaaa"}
    assert len(loaded.edit_log(limit=3)) == 3


def test_a_link_may_come_before_the_claim_it_points_at(loaded: SqlStore) -> None:
    """Foreign keys on links are deferred to the commit."""
    link = Link("l-early", "a-bbbb", LinkLabel.SUPPORTS, "c-b1", "c-late")
    claim = Claim("c-late", "a-aaaa", 0, 14)
    loaded.apply(ChangeSet("link, then claim", (Change(None, link), Change(None, claim))), annotator="ana")
    assert loaded.get("l-early") == link
    assert [lk.id for lk in loaded.links_of_article("a-aaaa")] == ["l-a1", "l-a2", "l-b1", "l-early"]


def test_a_failing_change_rolls_back_the_whole_set(loaded: SqlStore) -> None:
    before = snapshot(loaded)
    n_log = len(loaded.edit_log(limit=1000))
    a = doc_a()
    bad = ChangeSet(
        "half done",
        (
            Change(a.spans[1], replace(a.spans[1], label="TIME")),
            Change(None, Span("s-bad", "a-aaaa", 5, 2, "ORG")),  # end before start: CHECK fails
        ),
    )
    with pytest.raises(StoreError):
        loaded.apply(bad, annotator="ana")
    assert snapshot(loaded) == before
    assert len(loaded.edit_log(limit=1000)) == n_log


def test_deleting_a_linked_span_fails_at_the_database(loaded: SqlStore) -> None:
    before = snapshot(loaded)
    a = doc_a()
    with pytest.raises(StoreError, match="database rule"):
        loaded.apply(ChangeSet("delete span", (Change(a.spans[0], None),)), annotator="ana")
    with pytest.raises(StoreError):
        loaded.apply(ChangeSet("delete claim", (Change(a.claims[0], None),)), annotator="ana")
    with pytest.raises(StoreError):
        loaded.apply(ChangeSet("delete entity", (Change(Entity("e-israel", "Israel", "GPE"), None),)), annotator="x")
    assert snapshot(loaded) == before
    # deleting the links first, then the span, is fine
    ok = ChangeSet("delete span", (Change(a.links[0], None), Change(a.spans[0], None)))
    loaded.apply(ok, annotator="ana")
    assert loaded.get("s-a1") is None


def test_restrict_holds_for_plain_sql_too(loaded: SqlStore, backend_url: str) -> None:
    """The rule is in the schema, not only in the store's Python code."""
    engine = make_engine(resolve_url(backend_url))
    try:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM spans WHERE id = 's-a1'"))
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO links (id, article_id, label, head, child_span_id, child_entity_id, note, updated,"
                    " origin) VALUES ('l-two', 'a-aaaa', 'about', 'c-a1', 's-a1', 'e-israel', '', '', 'analyst')"
                )
            )
    finally:
        engine.dispose()


def test_a_link_to_a_missing_object_is_refused(loaded: SqlStore) -> None:
    dangling = Link("l-x", "a-aaaa", LinkLabel.SUPPORTS, "c-a1", "c-nowhere")
    with pytest.raises(StoreError):
        loaded.apply(ChangeSet("link", (Change(None, dangling),)), annotator="ana")
    said = Link("l-y", "a-aaaa", LinkLabel.SAID_BY, "c-a1", "s-nowhere")
    with pytest.raises(StoreError, match="l-y"):
        loaded.apply(ChangeSet("link", (Change(None, said),)), annotator="ana")
    assert loaded.get("l-x") is None and loaded.get("l-y") is None


def test_deleting_what_is_not_there_and_unknown_types_raise(loaded: SqlStore) -> None:
    ghost = Span("s-ghost", "a-aaaa", 0, 5, "ORG")
    with pytest.raises(ConflictError, match="s-ghost is gone"):
        loaded.apply(ChangeSet("delete", (Change(ghost, None),)), annotator=None)
    label = LabelDef("X", "#000000")
    with pytest.raises(TypeError, match="LabelDef"):
        loaded.apply(ChangeSet("odd", (Change(None, label),)), annotator=None)  # type: ignore[arg-type]


def test_a_change_based_on_a_stale_state_is_refused_whole(loaded: SqlStore) -> None:
    """Optimistic concurrency: another writer changed the span since this action read it."""
    article_id = loaded.article_ids()[0]
    span = Span("s-stale", article_id, 0, 3, "ORG")
    loaded.apply(ChangeSet("add", (Change(None, span),)), annotator="ana")
    theirs = replace(span, label="GPE")
    loaded.apply(ChangeSet("their edit", (Change(span, theirs),)), annotator="bob")
    mine = replace(span, label="PERSON")
    other = Span("s-fresh", article_id, 5, 6, "ORG")
    n = len(loaded.edit_log())
    with pytest.raises(ConflictError, match="s-stale was changed"):
        loaded.apply(ChangeSet("my edit", (Change(None, other), Change(span, mine))), annotator="ana")
    assert loaded.get("s-stale") == theirs and loaded.get("s-fresh") is None
    assert len(loaded.edit_log()) == n
    with pytest.raises(ConflictError, match="exists already"):
        loaded.apply(ChangeSet("again", (Change(None, span),)), annotator="ana")


def test_an_empty_change_set_writes_nothing(loaded: SqlStore) -> None:
    n = len(loaded.edit_log())
    loaded.apply(ChangeSet("nothing", ()), annotator="ana")
    assert len(loaded.edit_log()) == n
