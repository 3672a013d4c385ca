"""Entity relations as a use case: made, relabelled, removed, undone; they go with their span;
imports add the relation types they bring to the editable set; the import report names each skip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Relation
from desktop.services import Services


def relations(services: Services, aid: str) -> list[tuple[str, str, str]]:
    doc = services.corpus.document(aid)
    text = doc.text
    spans = {s.id: text[s.start : s.end] for s in doc.spans}
    return [(r.label, spans[r.head], spans[r.child]) for r in doc.relations]


def test_relate_two_spans_undo_redo_and_relabel(services: Services, ids) -> None:  # type: ignore[no-untyped-def]
    a, _ = ids
    bibi = services.spans.add(a, 0, 9, "PERSON")
    trump = services.spans.add(a, 14, 19, "PERSON")
    rel = services.relations.add(bibi.id, trump.id, "met_with")
    assert relations(services, a) == [("met_with", "Netanyahu", "Trump")]
    stored = services.read.get(rel.id)
    assert isinstance(stored, Relation) and stored.annotator == "ana" and stored.updated
    assert services.history.undo_text == "Relate 'Netanyahu' (PERSON) met_with 'Trump' (PERSON)"
    services.history.undo()
    assert relations(services, a) == []
    services.history.redo()
    assert relations(services, a) == [("met_with", "Netanyahu", "Trump")]
    assert services.corpus.stats()["relations"] == {"met_with": 1}
    services.relations.relabel(rel.id, "negotiates with")  # a new name joins the relation set
    assert relations(services, a) == [("negotiates with", "Netanyahu", "Trump")]
    assert "negotiates with" in services.corpus.relation_labels()
    services.relations.remove(rel.id)
    assert relations(services, a) == []
    assert any(e.object_id == rel.id for e in services.read.edit_log(article_id=a))


def test_relation_refusals(services: Services, ids) -> None:  # type: ignore[no-untyped-def]
    a, b = ids
    s1 = services.spans.add(a, 0, 9, "PERSON")
    s2 = services.spans.add(b, 0, 5, "PERSON")
    with pytest.raises(ActionRefused, match="same article"):
        services.relations.add(s1.id, s2.id, "met_with")
    with pytest.raises(ActionRefused, match="two different"):
        services.relations.add(s1.id, s1.id, "met_with")
    s3 = services.spans.add(a, 14, 19, "PERSON")
    with pytest.raises(ActionRefused, match="needs a label"):
        services.relations.add(s1.id, s3.id, "   ")


def test_removing_a_span_removes_its_relations_in_the_same_undo_step(services: Services, ids) -> None:  # type: ignore[no-untyped-def]
    a, _ = ids
    s1 = services.spans.add(a, 0, 9, "PERSON")
    s2 = services.spans.add(a, 23, 33, "GPE")
    services.relations.add(s1.id, s2.id, "located_in")
    services.spans.remove(s2.id)
    assert relations(services, a) == []
    services.history.undo()
    assert relations(services, a) == [("located_in", "Netanyahu", "Washington")]


def test_relation_labels_are_editable_and_checked(services: Services) -> None:
    assert services.corpus.relation_labels()[:3] == ["works_for", "member_of", "met_with"]
    services.corpus.save_relation_labels(["works_for", "advises"])
    assert services.relations.labels() == ["works_for", "advises"]
    with pytest.raises(Exception, match="must differ"):
        services.corpus.save_relation_labels(["a", "a"])


def test_import_reports_each_skipped_item_and_adds_foreign_relation_types(services: Services, tmp_path: Path) -> None:
    text = "Gantz met Netanyahu of Likud in Jerusalem."
    task = {
        "id": 5,
        "data": {"text": text},
        "annotations": [
            {"id": 1, "result": [
                {"id": "g", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 5, "text": "Gantz", "labels": ["PERSON"]}},
                {"id": "n", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 10, "end": 19, "text": "Netanyahu", "labels": ["PERSON"]}},
                {"from_id": "g", "to_id": "n", "type": "relation", "direction": "right", "labels": ["rivals"]},
            ]},
            {"id": 2, "result": []},
        ],
    }  # fmt: skip
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    report = services.corpus.import_paths([path])
    assert report.summary() == (
        "imported 1 article; 1 second annotations skipped (one analyst's version per article); "
        "1 relations of unknown type 'rivals' kept as entity relations"
    )
    assert [i.line() for i in report.skipped] == [
        f"{path}: task 5: second annotations skipped (one analyst's version per article): annotation 2",
        f"{path}: task 5: relations of unknown type 'rivals' kept as entity relations",
    ]
    assert "rivals" in services.corpus.relation_labels()
    (aid,) = report.added_ids
    assert relations(services, aid) == [("rivals", "Gantz", "Netanyahu")]
