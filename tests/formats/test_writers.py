"""Every writer on the hand-built documents, checked by a real reader of its format."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from desktop.domain.model import Document, LinkLabel, Review
from desktop.formats import READERS, WRITERS
from desktop.formats.brat import safe_name, slug
from desktop.formats.build import claim_label
from desktop.formats.prodigy import set_hashes

from .conftest import TEXT_A, make_docs


def visible(doc: Document, *, accepted_only: bool = False) -> tuple[set, set]:
    """(spans, claims) an export should hold, as (start, end, label) sets."""
    ok = {Review.ACCEPTED} if accepted_only else {Review.ACCEPTED, Review.SUGGESTED}
    spans = {(s.start, s.end, s.label) for s in doc.spans if s.status in ok}
    claims = {(c.start, c.end, claim_label(c.kind)) for c in doc.claims if c.status in ok}
    return spans, claims


def marks_of(doc: Document) -> tuple[set, set]:
    return ({(s.start, s.end, s.label) for s in doc.spans}, {(c.start, c.end, claim_label(c.kind)) for c in doc.claims})


def link_triples(doc: Document) -> set:
    text = doc.article.text
    where = {s.id: (s.start, s.end) for s in doc.spans} | {c.id: (c.start, c.end) for c in doc.claims}
    return {(lk.label.value, text[slice(*where[lk.head])], text[slice(*where[lk.child])]) for lk in doc.links}


EXPECTED_LOCAL_LINKS = {
    # said_by c-a1 -> s-a4, said_by c-a2 -> s-a6, about c-a1 -> e-trump (its mention "Trump")
    0: {("said_by", "We will bring them all home,", "Netanyahu"), ("said_by", "Prices rose 12% in Caf\u00e9 Zo\u00eb",
        "Jos\u00e9 Garc\u00eda"), ("about", "We will bring them all home,", "Trump")},
}  # fmt: skip


# -- Prodigy ---------------------------------------------------------------------------------


def test_prodigy_tokens_and_spans_line_up_with_spacy(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "p.jsonl"
    report = WRITERS["prodigy"].write(iter(docs), dest)
    nlp = spacy.blank("en")
    tasks = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 2 == report.n_documents
    for doc, task in zip(docs, tasks, strict=True):
        sdoc = nlp.make_doc(doc.article.text)
        assert [(t["text"], t["start"], t["end"], t["ws"]) for t in task["tokens"]] == [
            (t.text, t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in sdoc
        ]
        assert [t["id"] for t in task["tokens"]] == list(range(len(sdoc)))
        for sp in task["spans"]:
            span = sdoc[sp["token_start"] : sp["token_end"] + 1]
            assert (span.start_char, span.end_char) == (sp["start"], sp["end"])
        want_spans, want_claims = visible(doc)
        # entity spans only in "spans" (they never overlap, so spaCy takes them as doc.ents); claims apart
        assert {(s["start"], s["end"], s["label"]) for s in task["spans"]} == want_spans
        assert {(s["start"], s["end"], s["label"]) for s in task["claims"]} == want_claims
        sdoc.ents = [sdoc.char_span(s["start"], s["end"], label=s["label"]) for s in task["spans"]]
        assert len(sdoc.ents) == len(want_spans)
        for rel in task["relations"] + task["claim_links"]:
            assert rel["head"] == rel["head_span"]["token_end"] and rel["child"] == rel["child_span"]["token_end"]
        for rel in task["relations"]:
            assert rel["head_span"] in task["spans"] and rel["child_span"] in task["spans"]
        bare_claims = [{k: c[k] for k in ("start", "end", "token_start", "token_end", "label")} for c in task["claims"]]
        for rel in task["claim_links"]:
            assert rel["head_span"] in bare_claims
            assert rel["child_span"] in task["spans"] + bare_claims
        assert task["meta"]["article_id"] == doc.article.id
        assert "answer" not in task  # both articles have suggestions to review
        assert (task["_input_hash"], task["_task_hash"]) == set_hashes(task)


def test_prodigy_hashes_follow_input_and_task(tmp_path: Path) -> None:
    a, b = make_docs()[0], make_docs()[0]
    b.spans = [s for s in b.spans if s.label != "GPE" and s.label != "ORG"]
    dest = tmp_path / "p.jsonl"
    WRITERS["prodigy"].write([a, b, make_docs()[1]], dest)
    t1, t2, t3 = (json.loads(x) for x in dest.read_text(encoding="utf-8").splitlines())
    assert t1["_input_hash"] == t2["_input_hash"] != t3["_input_hash"]
    assert t1["_task_hash"] != t2["_task_hash"]


def test_prodigy_accepted_only_answers_accept_and_reads_back(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "p.jsonl"
    WRITERS["prodigy"].write(iter(docs), dest, accepted_only=True)
    tasks = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert all(t["answer"] == "accept" for t in tasks)
    back = list(READERS["prodigy"].read(dest))
    for doc, got in zip(docs, back, strict=True):
        assert marks_of(got) == visible(doc, accepted_only=True)
        assert {s.status for s in got.spans + got.claims} == {Review.ACCEPTED}  # type: ignore[operator]
        assert got.article.id == doc.article.id and got.article.meta.title == doc.article.meta.title
    assert link_triples(back[0]) == {("said_by", "We will bring them all home,", "Netanyahu")}


# -- doccano ---------------------------------------------------------------------------------


def test_doccano_round_trips_through_its_reader(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "d.jsonl"
    WRITERS["doccano"].write(iter(docs), dest)
    lines = [json.loads(x) for x in dest.read_text(encoding="utf-8").splitlines()]
    assert list(lines[0]) == ["id", "text", "entities", "relations", "meta"]
    ids = [e["id"] for rec in lines for e in rec["entities"]] + [r["id"] for rec in lines for r in rec["relations"]]
    assert len(ids) == len(set(ids))
    back = list(READERS["doccano"].read(dest))
    for doc, got in zip(docs, back, strict=True):
        assert marks_of(got) == visible(doc)
    assert link_triples(back[0]) == EXPECTED_LOCAL_LINKS[0]
    assert len(back[1].links) == 3


# -- Label Studio ----------------------------------------------------------------------------


def test_labelstudio_round_trips_annotations_and_predictions(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "ls.json"
    WRITERS["labelstudio"].write(iter(docs), dest)
    tasks = json.loads(dest.read_text(encoding="utf-8"))
    assert [t["data"]["text"] for t in tasks] == [d.article.text for d in docs]
    for task in tasks:
        for group in task["annotations"] + task["predictions"]:
            regions = {r["id"]: r for r in group["result"] if r["type"] == "labels"}
            for r in regions.values():
                v = r["value"]
                assert task["data"]["text"][v["start"] : v["end"]] == v["text"]
            for rel in (r for r in group["result"] if r["type"] == "relation"):
                assert rel["from_id"] in regions and rel["to_id"] in regions
    back = list(READERS["labelstudio"].read(dest))
    # the annotation gives accepted analyst spans, the predictions suggestions, in the same article
    for doc, got in zip(docs, back, strict=True):
        assert marks_of(got) == visible(doc)
        want = {(s.start, s.end, s.status) for s in doc.spans if s.visible}
        assert {(s.start, s.end, s.status) for s in got.spans} == want
    assert ("said_by", "We will bring them all home,", "Netanyahu") in link_triples(back[0])


def test_labelstudio_predictions_only_become_suggestions(tmp_path: Path) -> None:
    doc = make_docs()[1]
    for m in doc.spans + doc.claims:
        m.status = Review.SUGGESTED
    dest = tmp_path / "ls.json"
    WRITERS["labelstudio"].write([doc], dest)
    (got,) = READERS["labelstudio"].read(dest)
    assert marks_of(got) == visible(doc)
    assert {m.status for m in got.spans + got.claims} == {Review.SUGGESTED}  # type: ignore[operator]
    assert len(got.links) == 3


# -- spaCy -----------------------------------------------------------------------------------


def test_spacy_docbin_holds_every_entity_and_claim(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "out.spacy"
    report = WRITERS["spacy"].write(iter(docs), dest)
    nlp = spacy.blank("en")
    got = list(DocBin().from_disk(dest).get_docs(nlp.vocab))
    assert [d.text for d in got] == [d.article.text for d in docs]
    for doc, sdoc in zip(docs, got, strict=True):
        spans, _ = visible(doc)
        assert {(e.start_char, e.end_char, e.label_) for e in sdoc.ents} == spans
        claims = {(c.start, c.end, c.kind.value) for c in doc.claims if c.visible}
        assert {(s.start_char, s.end_char, s.label_) for s in sdoc.spans["claims"]} == claims
    assert report.left_out["links"] == 7
    verdicts = sum(c.verdict.value != "unverified" for d in docs for c in d.claims if c.visible)
    assert verdicts and report.left_out["claim verdicts"] == verdicts


# -- CoNLL -----------------------------------------------------------------------------------


def parse_conll(path: Path, texts: list[str]) -> list[set[tuple[int, int, str]]]:
    """Spans from BIO columns, located in the original texts token by token."""
    out: list[set[tuple[int, int, str]]] = []
    doc_i, pos, cur = -1, 0, None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == "-DOCSTART- -X- O O":
            doc_i, pos, cur = doc_i + 1, 0, None
            out.append(set())
            continue
        if not line:
            continue
        token, pos_tag, chunk, tag = line.split(" ")
        assert (pos_tag, chunk) == ("_", "_")
        start = texts[doc_i].index(token, pos)
        assert texts[doc_i][pos:start].strip() == ""  # only whitespace between tokens
        pos = start + len(token)
        if tag.startswith("B-"):
            cur = [start, pos, tag[2:]]
            out[doc_i].add(tuple(cur))  # type: ignore[arg-type]
        elif tag.startswith("I-"):
            assert cur is not None and cur[2] == tag[2:]
            out[doc_i].discard(tuple(cur))  # type: ignore[arg-type]
            cur[1] = pos
            out[doc_i].add(tuple(cur))  # type: ignore[arg-type]
        else:
            cur = None
    return out


def test_conll_parses_back_to_the_same_spans(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "out.conll"
    report = WRITERS["conll"].write(iter(docs), dest)
    assert parse_conll(dest, [d.article.text for d in docs]) == [visible(d)[0] for d in docs]
    assert report.left_out["claims"] == 4 and report.left_out["links"] == 7
    assert "left out 4 claims, 7 links, " in report.summary()
    assert report.summary().endswith("(CoNLL holds entity spans on token boundaries only)")
    blocks = dest.read_text(encoding="utf-8").split("\n\n")
    assert blocks[1].startswith("Netanyahu _ _ B-PERSON\nmet _ _ O") and blocks[1].endswith(". _ _ O")


def test_conll_counts_spans_off_token_boundaries(tmp_path: Path) -> None:
    doc = make_docs()[0]
    doc.spans = [s for s in doc.spans if s.id == "s-a1"]
    doc.spans[0].end -= 2  # "Netanya"
    report = WRITERS["conll"].write([doc], tmp_path / "x.conll")
    assert report.left_out["spans off token boundaries"] == 1 and report.n_spans == 0


# -- brat ------------------------------------------------------------------------------------


def test_brat_reads_back_to_the_same_annotations(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "brat"
    WRITERS["brat"].write(iter(docs), folder)
    assert (folder / "annotation.conf").is_file()
    txts = sorted(folder.glob("*.txt"))
    assert len(txts) == 2
    texts = {p.read_bytes().decode("utf-8") for p in txts}
    assert texts == {d.article.text for d in docs}  # CRLF kept byte for byte
    back = {d.article.text: d for d in READERS["brat"].read(folder)}
    for doc in docs:
        got = back[doc.article.text]
        assert marks_of(got) == visible(doc)
        want = {(s.start, s.end, s.status, s.origin) for s in doc.spans if s.visible}
        assert {(s.start, s.end, s.status, s.origin) for s in got.spans} == want
        want_c = {(c.start, c.kind, c.verdict, c.attribution, c.checkworthy, c.note) for c in doc.claims if c.visible}
        assert {(c.start, c.kind, c.verdict, c.attribution, c.checkworthy, c.note) for c in got.claims} == want_c
    assert link_triples(back[TEXT_A]) == EXPECTED_LOCAL_LINKS[0]


def test_brat_fragments_select_the_shown_text(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    doc = docs[0]
    claim = doc.claims[0]
    claim.start, claim.end = 0, doc.article.text.index("Netanyahu said") + len("Netanyahu")  # crosses CRLF
    doc.claims = [claim]
    doc.links = []
    WRITERS["brat"].write([doc], tmp_path / "b")
    (ann,) = (tmp_path / "b").glob("*.ann")
    text = doc.article.text
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            _, typ_where, shown = line.split("\t")
            frags = [tuple(map(int, f.split())) for f in typ_where.split(" ", 1)[1].split(";")]
            assert " ".join(text[a:b] for a, b in frags) == shown
            assert all("\n" not in text[a:b] for a, b in frags)
    (got,) = READERS["brat"].read(ann)
    assert [(c.start, c.end) for c in got.claims] == [(claim.start, claim.end)]


def test_brat_file_names_are_safe_and_unique() -> None:
    used: set[str] = set()
    names = []
    cafe = "Caf\u00e9: \u00abd\u00e9j\u00e0\u00bb?"
    for title in ["../../etc/passwd", "CON", "A" * 300, "\U0001f600\U0001f600", cafe, cafe, 'a\\b/c:d*e?f"g<h>i|j']:
        doc = make_docs()[0]
        doc.article.meta.title = title
        names.append(safe_name(doc, used))
    assert len(set(names)) == len(names)
    for n in names:
        assert re.fullmatch(r"[a-z0-9-]+", n) and len(n) <= 64 and not n.startswith("-")
    assert names[0].startswith("etc-passwd-") and names[4] == "cafe-deja-aaaaaaaaaaaaaaaa"
    assert names[5] == "cafe-deja-aaaaaaaaaaaaaaaa-2"
    assert slug("\u05e9\u05dc\u05d5\u05dd") == "article"


# -- W3C -------------------------------------------------------------------------------------


def test_w3c_selectors_select_exactly_the_annotated_text(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "w.jsonld"
    WRITERS["w3c"].write(iter(docs), dest)
    coll = json.loads(dest.read_text(encoding="utf-8"))
    assert coll["type"] == "AnnotationCollection" and "http://www.w3.org/ns/anno.jsonld" in coll["@context"]
    items = coll["first"]["items"]
    texts = {d.article.meta.url or f"urn:newsdesk:article:{d.article.id}": d.article.text for d in docs}
    ids = {i["id"] for i in items}
    n_text = 0
    for item in items:
        if item["motivation"] == "linking":
            head, child = item["target"]
            assert head in ids
            assert child in ids or child in {"urn:newsdesk:e-trump", "urn:newsdesk:c-b1"}
            assert LinkLabel(item["body"][0]["value"])
            continue
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        exact = text[position["start"] : position["end"]]
        assert quote["exact"] == exact
        assert text[: position["start"]].endswith(quote["prefix"]) and text[position["end"] :].startswith(
            quote["suffix"]
        )
        # the quote selector alone finds the same place
        found = text.find(quote["prefix"] + quote["exact"] + quote["suffix"])
        assert found + len(quote["prefix"]) == position["start"]
        n_text += 1
    # rejected suggestions go out too, with their status
    assert n_text == sum(len(d.spans) + len(d.claims) for d in docs)
    statuses = {i["newsdesk:status"] for i in items if i["motivation"] != "linking"}
    assert statuses == {"accepted", "suggested", "rejected"}
    assert coll["first"]["id"] and coll["first"]["partOf"] == coll["id"]
    claim = next(i for i in items if i["id"] == "urn:newsdesk:c-a1")
    assert {"type": "SpecificResource", "purpose": "describing", "source": "https://example.org/x"} in claim["body"]


# -- CSV -------------------------------------------------------------------------------------


def test_csv_one_row_per_claim_with_claimant(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "c.csv"
    WRITERS["csv"].write(iter(docs), dest)
    raw = dest.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["claim_id"] for r in rows] == ["c-a1", "c-a2", "c-b2", "c-b1"]
    first = rows[0]
    assert first["claimant"] == "Netanyahu" and first["evidence"] == "https://example.org/x"
    assert first["links"] == "said_by -> Netanyahu; about -> Donald Trump; supports -> c-b1"
    assert rows[3]["title"] == docs[1].article.meta.title


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    doc = make_docs()[0]
    doc.article.meta.title = '=HYPERLINK("http://evil")'
    doc.claims[1].note = "+1 more"
    doc.claims[1].evidence = ["@SUM(A1)"]
    doc.claims[1].status = Review.ACCEPTED
    dest = tmp_path / "c.csv"
    WRITERS["csv"].write([doc], dest, accepted_only=True)
    rows = list(csv.reader(dest.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for row in rows[1:] for c in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'+1 more" in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_brat_keeps_spans_with_edge_whitespace_and_line_breaks(tmp_path: Path) -> None:
    doc = make_docs()[0]
    text = doc.article.text
    first_break = text.index("\r\n")
    doc.spans = [doc.spans[0]]
    doc.claims = [doc.claims[0], doc.claims[1]]
    doc.claims[0].start, doc.claims[0].end = first_break - 1, first_break + 6  # ".\r\n\"We w"
    doc.claims[1].start, doc.claims[1].end = text.index(" 12%"), text.index("12%") + 4  # " 12% " (edge spaces)
    doc.claims[1].status = Review.ACCEPTED
    doc.links = []
    WRITERS["brat"].write([doc], tmp_path / "b")
    (got,) = READERS["brat"].read(tmp_path / "b")
    assert sorted((c.start, c.end) for c in got.claims) == sorted((c.start, c.end) for c in doc.claims)


def test_every_writer_reports_progress_and_stops_on_cancel(tmp_path: Path) -> None:
    from desktop.domain.ports import Cancelled, Progress

    for name, writer in WRITERS.items():
        seen: list[int] = []
        progress = Progress(lambda done, total, msg, seen=seen: seen.append(done))
        writer.write(iter(make_docs()), tmp_path / f"ok-{name}{writer.extension}", progress=progress)
        assert seen == [1, 2], name

    pulled: list[str] = []

    def lazy():  # type: ignore[no-untyped-def]
        for doc in make_docs() * 3:
            pulled.append(doc.article.id)
            yield doc

    progress = Progress()
    progress.callback = lambda done, total, msg: progress.cancel() if done == 2 else None
    dest = tmp_path / "cancelled.jsonl"
    try:
        WRITERS["jsonl"].write(lazy(), dest, progress=progress)
    except Cancelled:
        pass
    else:  # pragma: no cover
        raise AssertionError("not cancelled")
    assert len(pulled) == 3  # streamed: stopped at the next document, not after reading all six
