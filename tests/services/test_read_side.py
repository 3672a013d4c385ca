"""The services' read side, the committed-change event and the open article: all without Qt."""

from __future__ import annotations

import pytest

from desktop.domain.errors import ActionRefused
from desktop.domain.model import ClaimKind, LinkLabel
from desktop.services import Cause, Committed, Services
from desktop.services.catalog import export_format_names, export_formats, import_extensions, import_file_filter

from .conftest import TEXT_A, TEXT_B

# ---- the committed-change event --------------------------------------------------------------


def test_every_do_undo_redo_is_announced_once_with_who_and_what(services: Services, ids) -> None:
    a, _ = ids
    seen: list[Committed] = []
    unsubscribe = services.feed.subscribe(seen.append)
    span = services.spans.add(a, 0, 9, "PERSON")
    services.history.undo()
    services.history.redo()
    assert [e.cause for e in seen] == [Cause.DO, Cause.UNDO, Cause.REDO]
    assert all(e.annotator == "ana" and e.article_id == a for e in seen)
    assert [e.version for e in seen] == [1, 2, 3]
    assert seen[0].changes is not None and any(c.after == span for c in seen[0].changes.changes)
    assert seen[1].changes is not None and any(c.after is None and c.before == span for c in seen[1].changes.changes)
    unsubscribe()
    services.spans.accept_all(a)
    assert len(seen) == 3  # unsubscribed: nothing more arrives


def test_a_refused_action_announces_nothing(services: Services, ids) -> None:
    a, _ = ids
    services.spans.add(a, 0, 9, "PERSON")
    seen: list[Committed] = []
    services.feed.subscribe(seen.append)
    with pytest.raises(ActionRefused):
        services.spans.add(a, 2, 5, "ORG")  # overlaps the analyst's span
    assert seen == []


def test_set_the_annotator_and_the_event_names_them(services: Services, ids) -> None:
    a, _ = ids
    seen: list[Committed] = []
    services.feed.subscribe(seen.append)
    services.set_annotator_name("Maya K.")
    services.spans.add(a, 0, 9, "PERSON")
    assert seen[0].annotator == "Maya K."


# ---- the read side ---------------------------------------------------------------------------


def test_link_rows_describe_both_directions(services: Services, ids) -> None:
    a, b = ids
    ca = services.claims.mark(a, 0, 33)
    cb = services.claims.mark(b, 0, len(TEXT_B) - 1)
    services.links.link(cb.id, ca.id, "contradicts")
    speaker = services.spans.add(a, 0, 9, "PERSON")
    services.links.link(ca.id, speaker.id, "said_by")
    rows = services.read.link_rows(services.read.claim(ca.id))
    assert [(r.relation, r.other_kind, r.outgoing) for r in rows] == [
        ("said by", "span", True), ("contradicted by", "claim", False)]  # fmt: skip
    assert rows[0].other_text == "Netanyahu" and rows[0].other_detail == "PERSON"
    assert rows[1].article_title == "B" and rows[1].follow == (b, cb.id)


def test_timeline_groups_join_linked_claims(services: Services, ids) -> None:
    a, b = ids
    ca = services.claims.mark(a, 0, 33)
    cb = services.claims.mark(b, 0, len(TEXT_B) - 1)
    assert services.read.timeline_groups() == []
    services.links.link(ca.id, cb.id, LinkLabel.UPDATES)
    (group,) = services.read.timeline_groups()
    assert [r.claim.id for r in group.refs] == [cb.id, ca.id]  # B (2024) before A (2025)
    assert [lk.label for lk in group.links] == [LinkLabel.UPDATES]


def test_read_answers_none_for_what_is_not_there(services: Services, ids) -> None:
    a, _ = ids
    span = services.spans.add(a, 0, 9, "PERSON")
    assert services.read.claim(span.id) is None and services.read.claim(None) is None
    assert services.read.entity("e-missing") is None
    with pytest.raises(KeyError):
        services.read.article("a-missing")


def test_merge_proposals_read_mentions_not_documents(services: Services, store, ids, monkeypatch) -> None:
    a, b = ids
    services.spans.add(a, 0, 9, "PERSON")  # Netanyahu
    start = TEXT_A.rindex("Netanyahu")
    services.spans.add(a, start, start + 9, "PERSON")
    services.spans.add(b, 0, 5, "PERSON")  # Rubio: alone, no proposal

    def no(*_a: object, **_k: object) -> None:
        raise AssertionError("merge proposals read whole documents")

    monkeypatch.setattr(store, "iter_documents", no)
    monkeypatch.setattr(store, "get_document", no)
    proposals = services.entities.proposals()
    assert [(name, len(spans)) for name, spans in proposals] == [("Netanyahu", 2)]


# ---- validation, once ------------------------------------------------------------------------


def test_the_services_refuse_what_the_widgets_refuse(services: Services, ids) -> None:
    a, _ = ids
    claim = services.claims.mark(a, 36, 60, kind=ClaimKind.QUOTE)
    with pytest.raises(ActionRefused, match="not a web address"):
        services.claims.update(claim.id, evidence=["ftp://example.org/x"])
    span = services.spans.add(a, 0, 9, "PERSON")
    entity = services.entities.create_from_span(span.id)
    with pytest.raises(ActionRefused, match="not a Wikidata id"):
        services.entities.rename(entity.id, "Benjamin Netanyahu", kb_id="43915")
    assert services.entities.rename(entity.id, "Benjamin Netanyahu", kb_id="Q43915").kb_id == "Q43915"


# ---- formats, one list -----------------------------------------------------------------------


def test_format_lists_come_from_the_writers_and_readers() -> None:
    from desktop import cli, formats

    assert export_format_names() == tuple(formats.WRITERS) == cli.EXPORT_FORMATS
    assert {f.name: f.extension for f in export_formats()}["brat"] == ""
    every = {e for r in formats.READERS.values() for e in r.extensions}
    assert set(import_extensions()) == every
    for suffix in (".ann", ".ndjson", ".xhtml", ".markdown", ".txt", ".jsonl", ".htm"):
        assert f"*{suffix}" in import_file_filter().split(";;")[0]


# ---- the open article -----------------------------------------------------------------------


def test_the_open_article_patches_one_step_and_rereads_otherwise(services: Services, ids, monkeypatch) -> None:
    a, _ = ids
    opened = services.open_article()
    seen: list[Committed] = []
    services.feed.subscribe(seen.append)
    assert opened.open(a).id == a and opened.version == 0
    reads: list[str] = []
    real = services.corpus.document
    monkeypatch.setattr(services.corpus, "document", lambda aid: (reads.append(aid), real(aid))[1])
    span = services.spans.add(a, 0, 9, "PERSON")
    doc = opened.refreshed(seen[-1])
    assert reads == [] and doc is not None and span in doc.spans and opened.version == 1
    services.spans.relabel(span.id, "ORG")
    services.spans.relabel(span.id, "GPE")  # two steps since: the patch cannot tell, it reads again
    doc = opened.refreshed(seen[-1])
    assert reads == [a] and doc == real(a)


def test_the_read_ahead_is_used_only_while_current(services: Services, ids) -> None:
    a, b = ids
    now = [0.0]
    opened = services.open_article(clock=lambda: now[0])
    opened.read_ahead(b)
    assert opened.ahead_id == b
    assert opened.open(b).id == b and opened.ahead_id is None  # taken
    opened.read_ahead(a)
    services.spans.add(b, 0, 5, "PERSON")  # a write: the copy may be stale
    fresh = opened.open(a)
    assert fresh == services.corpus.document(a)
    opened.read_ahead(b)
    now[0] += 61  # too old
    assert opened.open(b) == services.corpus.document(b)


def test_a_closed_article_is_not_refreshed(services: Services, ids) -> None:
    a, _ = ids
    opened = services.open_article()
    with pytest.raises(KeyError):
        opened.open("a-missing")
    assert opened.document is None
    opened.open(a)
    assert opened.article_id == a
    opened.close()
    assert opened.document is None and opened.refreshed() is None
