"""The Store port on SQLite and PostgreSQL: import, reading, listings."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import replace

import pytest

from desktop.db import SqlStore
from desktop.domain.errors import StoreError
from desktop.domain.model import (
    ArticleStatus,
    Change,
    ChangeSet,
    Document,
    LabelDef,
    Link,
    LinkLabel,
    Review,
)
from desktop.domain.ports import Store
from tests.db.builders import ISRAEL, NETANYAHU, RULE, TEXT_A, doc_a, doc_b, plain_doc, snapshot


def test_sqlstore_has_every_store_method_with_the_same_signature(store: SqlStore) -> None:
    as_port: Store = store  # mypy checks the structural match; here: names and signatures
    members = {n: m for n, m in vars(Store).items() if not n.startswith("_")}
    assert members, "the Store protocol has no members?"
    for name, member in members.items():
        mine = getattr(type(as_port), name, None)
        assert mine is not None, f"SqlStore lacks {name}"
        if isinstance(member, property):
            assert isinstance(mine, property), name
        else:
            assert inspect.signature(mine) == inspect.signature(member), name


def test_every_field_round_trips(store: SqlStore) -> None:
    # B comes first: its link points at A's claim, which is inserted later in the same call.
    counts = store.add_documents([doc_b(), doc_a()], annotator="importer")
    assert counts.added == 2 and counts.duplicates == 0 and counts.added_ids == ["a-bbbb", "a-aaaa"]
    assert store.get_document("a-aaaa") == doc_a()
    assert store.get_document("a-bbbb") == doc_b()
    assert store.get_article("a-aaaa") == doc_a().article
    assert store.article_id_for_sha256(doc_a().article.meta.sha256) == "a-aaaa"
    assert store.article_id_for_sha256("0" * 64) is None


def test_get_finds_each_kind_of_object(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b()])
    store.apply(ChangeSet("add rule", (Change(None, RULE),)), annotator="ana")
    a = doc_a()
    assert store.get("s-a2") == a.spans[1]
    assert store.get("c-a1") == a.claims[0]
    assert store.get("l-b1") == doc_b().links[0]
    assert store.get("e-netanyahu") == NETANYAHU
    assert store.get("r-1") == RULE
    assert store.get("a-aaaa") == a.article
    assert store.get("s-nothing") is None


def test_missing_article_raises_key_error(store: SqlStore) -> None:
    with pytest.raises(KeyError):
        store.get_article("a-missing")
    with pytest.raises(KeyError):
        store.get_document("a-missing")


def test_duplicates_are_skipped_in_the_database_and_within_one_call(store: SqlStore) -> None:
    store.add_documents([doc_a()])
    same_text_new_id = plain_doc("a-other", TEXT_A)
    counts = store.add_documents([doc_b(), same_text_new_id, doc_b()])
    assert (counts.added, counts.duplicates, counts.added_ids) == (1, 2, ["a-bbbb"])
    assert sorted(store.article_ids()) == ["a-aaaa", "a-bbbb"]


def test_a_failing_iterable_writes_nothing(store: SqlStore) -> None:
    store.add_documents([plain_doc("a-first", "already here")])
    before = snapshot(store)

    def docs() -> Iterator[Document]:
        yield doc_a()
        yield plain_doc("a-x", "another text")
        raise OSError("disk read failed halfway")

    with pytest.raises(OSError, match="halfway"):
        store.add_documents(docs())
    assert snapshot(store) == before
    assert store.article_id_for_sha256(doc_a().article.meta.sha256) is None


def test_a_link_to_nothing_is_refused_and_nothing_is_written(store: SqlStore) -> None:
    b = doc_b()  # its contradicts link names A's claim, which is not in the database
    with pytest.raises(StoreError, match="l-b1.*c-a1"):
        store.add_documents([plain_doc("a-ok", "fine text"), b])
    assert store.article_ids() == []


def test_a_said_by_link_to_a_claim_is_refused(store: SqlStore) -> None:
    a = doc_a()
    a.links.append(Link("l-bad", a.id, LinkLabel.SAID_BY, "c-a1", "c-a1"))
    with pytest.raises(StoreError, match="l-bad"):
        store.add_documents([a])
    assert store.article_ids() == []


def test_offsets_outside_the_text_are_refused(store: SqlStore) -> None:
    a = doc_a()
    a.spans[0] = replace(a.spans[0], end=len(a.text) + 5)
    with pytest.raises(ValueError, match="out of range"):
        store.add_documents([a])
    assert store.article_ids() == []


def test_iter_documents_streams_every_article_in_a_stable_order(store: SqlStore) -> None:
    docs = [plain_doc(f"a-{i:03d}", f"text number {i}") for i in range(23)]
    store.add_documents(reversed(docs))
    streamed = list(store.iter_documents(batch_size=5))
    assert [d.id for d in streamed] == [d.id for d in docs]
    assert streamed == list(store.iter_documents(batch_size=50))
    chosen = ["a-007", "a-002", "a-019"]
    assert [d.id for d in store.iter_documents(chosen, batch_size=2)] == chosen
    with pytest.raises(KeyError):
        list(store.iter_documents(["a-404"]))


def test_list_articles_counts_in_sql_and_sorts_undated_last(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b(), plain_doc("a-old", "old news", title="Zeta", published="2024-01-01")])
    rows = store.list_articles()
    assert [r.id for r in rows] == ["a-old", "a-aaaa", "a-bbbb"]
    a = next(r for r in rows if r.id == "a-aaaa")
    # A: three spans, one rejected (not visible), one suggested; one claim
    assert (a.n_entities, a.n_suggestions, a.n_claims) == (2, 1, 1)
    assert a.annotated_by == "en_core_web_sm 3.8.0"
    assert (a.title, a.source, a.published, a.status) == ("Inflation falls", "JNS", "2025-07-10", "in_progress")
    b = next(r for r in rows if r.id == "a-bbbb")
    assert (b.n_entities, b.n_suggestions, b.n_claims, b.annotated_by) == (1, 0, 1, None)


def test_spans_claims_and_links_of_an_article(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b()])
    assert [s.id for s in store.spans("a-aaaa")] == ["s-a1", "s-a2", "s-a3"]
    assert store.claims("a-bbbb") == doc_b().claims
    # A's links plus B's contradicts link that points into A
    assert [lk.id for lk in store.links_of_article("a-aaaa")] == ["l-a1", "l-a2", "l-b1"]
    assert [lk.id for lk in store.links_of_article("a-bbbb")] == ["l-b1", "l-b2"]
    assert [lk.id for lk in store.links_touching(["c-a1"])] == ["l-a1", "l-a2", "l-b1"]
    assert [lk.id for lk in store.links_touching({"e-israel", "s-b1"})] == ["l-a2", "l-b2"]
    assert store.links_touching([]) == []


def test_entities_and_their_mentions(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b()])
    assert store.list_entities() == [NETANYAHU, ISRAEL]  # by name
    assert [s.id for s in store.entity_mentions("e-israel")] == ["s-a3"]
    # an entity shared by two documents is stored once
    other = plain_doc("a-c", "Israel again.")
    other.entities.append(replace(ISRAEL, name="changed"))
    store.add_documents([other])
    assert store.list_entities() == [NETANYAHU, ISRAEL]


def test_list_claims_with_claimant_text_and_query(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b()])
    refs = store.list_claims()
    assert [r.claim.id for r in refs] == ["c-a1", "c-b1"]
    ra, rb = refs
    assert ra.text == "inflation fell to 3 percent in Israel" and ra.claimant == "Netanyahu"
    assert (ra.article_title, ra.published, ra.n_links) == ("Inflation falls", "2025-07-10", 3)
    assert rb.claimant == "Zoë Müller" and rb.n_links == 2 and rb.article_id == "a-bbbb"
    assert [r.claim.id for r in store.list_claims("MÜLLER")] == ["c-b1"]  # non-ASCII case folding
    assert [r.claim.id for r in store.list_claims("netanyahu")] == ["c-a1"]  # matches the claimant
    assert [r.claim.id for r in store.list_claims("inflation", limit=1)] == ["c-a1"]
    assert store.list_claims("no such words") == []


def test_list_claims_names_an_entity_claimant_and_hides_rejected(store: SqlStore) -> None:
    a = doc_a()
    a.links[0] = replace(a.links[0], child="e-netanyahu")
    b = doc_b()
    b.claims[0] = replace(b.claims[0], status=Review.REJECTED)
    store.add_documents([a, b])
    refs = store.list_claims()
    assert [(r.claim.id, r.claimant) for r in refs] == [("c-a1", "Benjamin Netanyahu")]


def test_stats(store: SqlStore) -> None:
    store.add_documents([doc_a(), doc_b()])
    st = store.stats()
    assert st["articles"] == {"todo": 1, "in_progress": 1, "done": 0}
    assert st["spans"] == {"suggested": 1, "accepted": 2, "rejected": 1}
    assert st["claims"] == {"suggested": 1, "accepted": 1, "rejected": 0}
    assert st["links"]["said_by"] == 2 and st["links"]["contradicts"] == 1 and st["links"]["about"] == 1


def test_settings_labels_and_rules(store: SqlStore) -> None:
    assert store.labels() is None and store.get_setting("window") is None
    labels = [LabelDef("PERSON", "#E69F00", "1", "people"), LabelDef("CLAIMANT", "#123456")]
    store.save_labels(labels)
    assert store.labels() == labels
    store.set_setting("window", {"w": 800, "split": [1, 2]})
    store.set_setting("window", {"w": 900})
    assert store.get_setting("window") == {"w": 900}
    store.apply(ChangeSet("add rule", (Change(None, RULE),)), annotator="ana")
    assert store.rules() == [RULE]


def test_status_and_annotated_by_change_through_apply(store: SqlStore) -> None:
    store.add_documents([plain_doc("a-bbbb", "some text")])
    art = store.get_article("a-bbbb")
    done = replace(art, status=ArticleStatus.DONE, annotated_by="en_core_web_sm 3.8.0")
    store.apply(ChangeSet("Mark done", (Change(art, done),), art.id), annotator="ana")
    assert store.get_article("a-bbbb") == done
    summary = store.list_articles()[0]
    assert (summary.status, summary.annotated_by) == (ArticleStatus.DONE, "en_core_web_sm 3.8.0")


def test_a_span_naming_an_unknown_entity_is_refused(store: SqlStore) -> None:
    a = doc_a()
    a.entities = [ISRAEL]  # forgot Netanyahu, whom s-a1 names
    with pytest.raises(StoreError, match="span s-a1 names entity e-netanyahu"):
        store.add_documents([a])
    assert store.article_ids() == []
    store.add_documents([replace(doc_a(), spans=[], links=[], claims=[])])  # stores both entities
    a = doc_a()
    a.article = replace(a.article, id="a-again", text=a.text + " ")
    a.spans = [replace(sp, article_id="a-again") for sp in a.spans]
    a.claims, a.links, a.entities = [], [], []
    store.add_documents([a])  # entities already in the database: fine
    assert [s.entity_id for s in store.spans("a-again")] == ["e-netanyahu", None, "e-israel"]


def test_spans_overlapping_a_range(store: SqlStore) -> None:
    store.add_documents([doc_a()])
    # s-a1 15..24 Netanyahu, s-a2 33..39 Monday, s-a3 76..82 Israel (rejected, still returned)
    assert [s.id for s in store.spans_overlapping("a-aaaa", 20, 35)] == ["s-a1", "s-a2"]
    assert [s.id for s in store.spans_overlapping("a-aaaa", 24, 33)] == []  # touching is not overlapping
    assert [s.id for s in store.spans_overlapping("a-aaaa", 0, 83)] == ["s-a1", "s-a2", "s-a3"]
    assert store.spans_overlapping("a-other", 0, 83) == []


def test_iter_documents_reads_one_batch_at_a_time(store: SqlStore) -> None:
    store.add_documents([plain_doc(f"a-{i:02d}", f"text {i}") for i in range(10)])
    docs = store.iter_documents(batch_size=3)
    assert next(docs).id == "a-00"
    # another writer commits while the stream is open: later batches see it, nothing is locked
    store.add_documents([plain_doc("a-99", "late arrival")])
    rest = [d.id for d in docs]
    assert rest == [f"a-{i:02d}" for i in range(1, 10)] + ["a-99"]
