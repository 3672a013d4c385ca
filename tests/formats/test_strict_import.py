"""Import is as strict as the window: the domain's rules (desktop/domain/validation.py) refuse each
bad record with the file and line, and the file leaves nothing in the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain import validation
from desktop.formats.native import record
from desktop.services import build_services
from tests.db.builders import doc_a, plain_doc


def _native_line(**changes: object) -> dict[str, object]:
    rec = record(doc_a())
    for dotted, value in changes.items():
        target: object = rec
        *parents, key = dotted.split("__")
        for p in parents:
            target = target[int(p)] if isinstance(target, list) else target[p]  # type: ignore[index]
        target[int(key) if isinstance(target, list) else key] = value  # type: ignore[index]
    return rec


GOOD = {"text": "A good first record about the economy.", "title": "Fine"}

CASES = {
    "null label (Prodigy)": (
        "p.jsonl",
        {"text": "Netanyahu spoke.", "spans": [{"start": 0, "end": 9, "label": None}], "answer": "accept"},
        "a label must be text, not null",
    ),
    "object title": ("m.jsonl", {"text": "Some text here.", "title": {"a": 1}}, "meta.title must be text, not dict"),
    "bad date": ("m.jsonl", {"text": "Some text here.", "published": "2025-13-45"}, "is not a date"),
    "claim linked to itself": (
        "n.jsonl",
        _native_line(links__0__child="c-a1", links__0__label="supports"),
        "a claim cannot be linked to itself (c-a1)",
    ),
    "javascript evidence": (
        "n.jsonl",
        _native_line(claims__0__evidence=["javascript:alert(1)"]),
        "'javascript:alert(1)' is not a web address",
    ),
    "bad Wikidata id": ("n.jsonl", _native_line(entities__1__kb_id="43915"), "'43915' is not a Wikidata id"),
    "unknown enum value": ("n.jsonl", _native_line(claims__0__verdict="probably"), "'verdict' is 'probably'"),
    "empty entity name": ("n.jsonl", _native_line(entities__0__name=" "), "an entity needs a name"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_record_is_refused_by_file_and_line(tmp_path: Path, case: str) -> None:
    name, bad, reason = CASES[case]
    path = tmp_path / name
    first = GOOD if name != "n.jsonl" else record(plain_doc("a-other", "Other text entirely, fine."))
    if name == "p.jsonl":
        first = {"text": "Fine first line.", "spans": [], "answer": "accept"}
    path.write_text(json.dumps(first) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    services = build_services(open_store(tmp_path / "db.sqlite3"), None)  # type: ignore[arg-type]
    try:
        report = services.corpus.import_paths([path])
        assert [f.error for f in report.files if f.error] and report.added == 0
        error = report.failed[0].error or ""
        assert error.startswith(f"{path}:2: ") and reason in error, error
        assert services.corpus.articles() == []  # the good first line is not kept either
    finally:
        services.close()


def test_the_window_and_the_import_share_one_rule() -> None:
    from desktop.ui.claims.entities import valid_kb_id
    from desktop.ui.claims.inspector import valid_url

    for url in ("https://example.org/a", "javascript:alert(1)", "http://", "file:///etc/passwd", "https://a b"):
        assert valid_url(url) is (validation.url_problem(url) is None)
    for kb in ("Q43915", "", "43915", "Q0", "q1"):
        assert valid_kb_id(kb) is (validation.kb_id_problem(kb) is None)
    assert validation.url_problem("javascript:alert(1)") and validation.kb_id_problem("Q0")
