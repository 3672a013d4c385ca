"""Article revisions through the services: import a new version, carry annotations, needs a look, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain.errors import NewsdeskError
from desktop.domain.model import (
    Article,
    ArticleMeta,
    Claim,
    ClaimKind,
    Document,
    Link,
    LinkLabel,
    Span,
    Unplaced,
    text_sha256,
)
from desktop.services import Services, build_services
from tests.formats.helpers import validate_native_file
from tests.services.conftest import ListEngine

V1 = (
    "Officials said 50 people died in Doha on Monday.\n"
    "\"We will never give up,\" Netanyahu said after the meeting.\n"
    "Rubio told reporters in Malaysia that talks would resume.\n"
    "A paragraph about Witkoff that the editors later removed.\n"
)
V2 = (
    "Officials said 48 people died in Doha on Monday.\n"
    "Rubio told reporters in Malaysia that talks would resume.\n"
    "“We will never give up”, Netanyahu said after the meeting.\n"
    "This story has been updated.\n"
)
URL = "https://example.org/news/1"


def at(text: str, piece: str) -> tuple[int, int]:
    i = text.index(piece)
    return i, i + len(piece)


def v1_document() -> Document:
    aid = "a-revised0000001"
    art = Article(aid, V1, ArticleMeta(title="Talks", url=URL, published="2025-07-10", sha256=text_sha256(V1)))
    spans = [
        Span("s-doha", aid, *at(V1, "Doha"), "GPE"),
        Span("s-bibi", aid, *at(V1, "Netanyahu"), "PERSON"),
        Span("s-rubio", aid, *at(V1, "Rubio"), "PERSON"),
        Span("s-witkoff", aid, *at(V1, "Witkoff"), "PERSON"),
    ]
    claims = [
        Claim("c-quote", aid, *at(V1, "\"We will never give up,\""), kind=ClaimKind.QUOTE),
        Claim("c-toll", aid, *at(V1, "50 people died in Doha"), kind=ClaimKind.STATISTIC),
        Claim("c-gone", aid, *at(V1, "A paragraph about Witkoff that the editors later removed."),
              kind=ClaimKind.QUOTE),
    ]
    links = [
        Link("l-said", aid, LinkLabel.SAID_BY, "c-quote", "s-bibi"),
        Link("l-gone", aid, LinkLabel.ABOUT, "c-gone", "s-witkoff"),
    ]
    return Document(art, spans, claims, links)


@pytest.fixture
def svc(tmp_path: Path) -> Services:
    s = build_services(open_store(tmp_path / "r.sqlite3"), ListEngine({}), annotator="ana")
    s._store.add_documents([v1_document()])
    return s


def write_version(tmp_path: Path, text: str, *, url: str | None = URL, name: str = "v2.jsonl") -> Path:
    path = tmp_path / name
    meta = {"title": "Talks (updated)", "url": url}
    path.write_text(json.dumps({"text": text, "meta": meta}) + "\n", encoding="utf-8")
    return path


def test_importing_a_new_version_by_url_makes_revision_2_and_carries_annotations(svc: Services, tmp_path: Path):
    report = svc.corpus.import_paths([write_version(tmp_path, V2)])
    assert report.added == 0 and len(report.revised) == 1
    assert "1 new revision" in report.summary()
    aid = "a-revised0000001"
    assert [a.id for a in svc.corpus.articles()] == [aid]  # not a new article
    revs = svc.revisions.revisions(aid)
    assert [r.number for r in revs] == [1, 2]
    assert revs[0].text == V1 and revs[1].text == V2 and revs[1].created
    assert "figure 50 -> 48" in revs[1].summary

    doc = svc.corpus.document(aid)
    assert doc.text == V2
    placed = {s.id: V2[s.start : s.end] for s in doc.spans}
    assert placed == {"s-doha": "Doha", "s-bibi": "Netanyahu", "s-rubio": "Rubio"}
    claims = {c.id: V2[c.start : c.end] for c in doc.claims}
    assert claims["c-toll"] == "48 people died in Doha"
    assert "We will never give up" in claims["c-quote"]  # re-punctuated and moved: found fuzzily
    assert {lk.id for lk in doc.links} == {"l-said"}

    flags = svc.revisions.flags(aid)
    assert flags["c-toll"] == "changed in revision 2" and flags["c-quote"] == "changed in revision 2"
    events = svc.revisions.claim_events(["c-toll", "c-gone", "c-quote"])
    assert {(e.object_id, e.event) for e in events} == {
        ("c-toll", "changed in revision 2"), ("c-quote", "changed in revision 2"), ("c-gone", "removed in revision 2")}

    look = svc.revisions.needs_a_look(aid)
    assert sorted(u.old_text for u in look) == ["A paragraph about Witkoff that the editors later removed.", "Witkoff"]
    gone_claim = next(u for u in look if isinstance(u.annotation, Claim))
    assert [lk.id for lk in gone_claim.links] == ["l-gone"]

    old = svc.revisions.snapshot(aid, 1)  # the old revision keeps its annotations, read-only
    assert {s.id for s in old.spans} == {"s-doha", "s-bibi", "s-rubio", "s-witkoff"}
    assert {lk.id for lk in old.links} == {"l-said", "l-gone"}
    assert svc.revisions.unreviewed() == {aid: 2}
    svc.revisions.mark_reviewed(aid)
    assert svc.revisions.unreviewed() == {}


def test_needs_a_look_place_keep_drop_are_each_one_undo_step(svc: Services, tmp_path: Path):
    svc.corpus.import_paths([write_version(tmp_path, V2)])
    aid = "a-revised0000001"
    look = {u.old_text: u for u in svc.revisions.needs_a_look(aid)}
    span_item = look["Witkoff"]
    claim_item = look["A paragraph about Witkoff that the editors later removed."]

    start, end = at(V2, "This story")
    svc.revisions.place(span_item.id, start, end)
    doc = svc.corpus.document(aid)
    assert any(s.id == "s-witkoff" and (s.start, s.end) == (start, end) for s in doc.spans)
    assert [u.id for u in svc.revisions.needs_a_look(aid)] == [claim_item.id]
    stored = svc.read.get(span_item.id)
    assert isinstance(stored, Unplaced) and stored.resolution == "placed"

    svc.history.undo()
    assert not any(s.id == "s-witkoff" for s in svc.corpus.document(aid).spans)
    assert len(svc.revisions.needs_a_look(aid)) == 2

    with pytest.raises(NewsdeskError, match="overlaps"):
        svc.revisions.place(span_item.id, *at(V2, "Rubio"))

    svc.revisions.keep_on_old_revision(claim_item.id)
    svc.revisions.drop(span_item.id)
    assert svc.revisions.needs_a_look(aid) == []
    assert svc.history.undo_text == "Drop 'Witkoff'"
    svc.history.undo()
    svc.history.undo()
    assert len(svc.revisions.needs_a_look(aid)) == 2

    # placing the claim brings back its link once the span it points to is placed too
    svc.revisions.place(span_item.id, start, end)
    svc.revisions.place(claim_item.id, *at(V2, "This story has been updated."))
    assert "l-gone" in {lk.id for lk in svc.corpus.document(aid).links}


def test_same_text_again_is_a_duplicate_and_an_old_revision_too(svc: Services, tmp_path: Path):
    svc.corpus.import_paths([write_version(tmp_path, V2)])
    again = svc.corpus.import_paths([write_version(tmp_path, V2, name="again.jsonl")])
    assert again.duplicates == 1 and not again.revised
    old = svc.corpus.import_paths([write_version(tmp_path, V1, name="old.jsonl")])
    assert old.duplicates == 1 and not old.revised
    assert len(svc.revisions.revisions("a-revised0000001")) == 2


def test_a_different_url_is_a_new_article(svc: Services, tmp_path: Path):
    report = svc.corpus.import_paths([write_version(tmp_path, V2, url="https://example.org/other")])
    assert report.added == 1 and not report.revised


def test_new_version_chosen_in_the_window(svc: Services, tmp_path: Path):
    path = tmp_path / "v2.txt"
    path.write_text(V2, encoding="utf-8")
    result = svc.revisions.import_new_version("a-revised0000001", path)
    assert result.number == 2 and result.outcomes["unplaced"] == 2
    assert "revision 2" in result.line()


def test_native_jsonl_keeps_every_revision_and_round_trips(svc: Services, tmp_path: Path):
    svc.corpus.import_paths([write_version(tmp_path, V2)])
    look = svc.revisions.needs_a_look("a-revised0000001")
    svc.revisions.keep_on_old_revision(look[0].id)
    out = tmp_path / "out.jsonl"
    svc.corpus.export(out)
    (line,) = validate_native_file(out)  # the JSON Schema documents the revision keys
    assert line["revision"] == 2 and [r["number"] for r in line["revisions"]] == [1, 2]
    assert line["revisions"][0]["text"] == V1 and "text" not in line["revisions"][1]
    assert {a["id"] for a in line["revisions"][1]["anchors"]} >= {"s-doha", "c-toll"}
    assert sorted(u["resolution"] for u in line["needs_a_look"]) == ["", "kept"]

    fresh = build_services(open_store(tmp_path / "fresh.sqlite3"), ListEngine({}))
    report = fresh.corpus.import_paths([out])
    assert report.added == 1, report.files
    out2 = tmp_path / "out2.jsonl"
    fresh.corpus.export(out2)
    assert out2.read_bytes() == out.read_bytes()

    other = svc.corpus.export(tmp_path / "out.csv", "csv")
    assert "1 articles' earlier revisions" in other.summary()


def test_single_revision_lines_import_and_export_as_before(svc: Services, tmp_path: Path):
    out = tmp_path / "one.jsonl"
    svc.corpus.export(out)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert "revisions" not in line and "revision" not in line
