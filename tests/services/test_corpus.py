"""Import, pre-annotation and export through the services."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.domain.model import Origin
from desktop.services import Services


def test_import_seeds_folder_twice_does_not_duplicate(services: Services, seeds_dir: Path) -> None:
    first = services.corpus.import_paths([seeds_dir])
    assert first.added == 2 and not first.failed
    titles = {a.title for a in services.corpus.articles()}
    assert "Israel-Hamas hostage talks set to resume next week" in titles
    again = services.corpus.import_paths([seeds_dir])
    assert again.added == 0 and again.duplicates == 2


def test_a_bad_file_fails_alone_and_leaves_no_trace(services: Services, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "A good article about Doha."}) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "First line is fine."}) + "\n{not json\n", encoding="utf-8")
    before = services.corpus.stats()
    report = services.corpus.import_paths([bad, good, tmp_path / "missing.txt"])
    errors = [f.error for f in report.failed]
    assert any(e.startswith(f"{bad}:2:") for e in errors), errors
    assert any("missing.txt" in e and "no such file" in e for e in errors)
    assert report.added == 1
    after = services.corpus.stats()
    assert sum(after["articles"].values()) == sum(before["articles"].values()) + 1


def test_taught_rule_is_used_by_the_next_preannotation(services: Services, ids) -> None:
    _, b = ids
    rule = services.corpus.add_rule("Malaysia", "GPE")
    assert [r.pattern for r in services.corpus.rules()] == ["Malaysia"]
    services.annotator.run([b])
    hits = [s for s in services.read.spans(b) if s.origin == Origin.RULE]
    assert [(s.label, s.start) for s in hits] == [("GPE", 24)]
    services.corpus.remove_rule(rule.id)
    assert services.corpus.rules() == []


def test_export_jsonl_holds_exact_offsets(services: Services, ids, tmp_path: Path) -> None:
    a, _ = ids
    services.annotator.run(services.annotator.pending())
    out = tmp_path / "out.jsonl"
    services.corpus.export(out, "jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    for rec in lines:
        for span in rec["spans"]:
            assert rec["text"][span["start"]:span["end"]] == span["text"]


def test_a_pre_annotation_is_one_compact_log_row_naming_the_model(services: Services, ids) -> None:
    a, _ = ids
    before = len(services.read.edit_log(article_id=a, limit=1000))
    report = services.annotator.run([a])
    log = services.read.edit_log(article_id=a, limit=1000)
    assert len(log) == before + 1  # not one row per suggestion
    row = log[0]
    assert row.annotator == f"model:{report.model}" and row.action == f"Pre-annotate with {report.model}"
    assert row.after is not None and row.after["summary"] is True
    stored = {s.id: s for s in services.read.spans(a)}
    added = row.after["added"]["span"]
    assert len(added) == report.spans > 0
    for sid, start, end, label in added:  # what the log says was added is what is stored
        assert (stored[sid].start, stored[sid].end, stored[sid].label) == (start, end, label)
    assert row.after["changed"] == {"article": [a]}
