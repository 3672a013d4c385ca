"""The team backend: the same app, CLI and services, against a shared PostgreSQL server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import make_services
from desktop.domain.errors import ConflictError

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgres


def test_cli_import_annotate_export_on_postgres(fresh_pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "NEWSDESK_DB": fresh_pg_url}  # the environment variable of the contract

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                              timeout=300, cwd=ROOT, env=env)  # fmt: skip

    assert run("import", str(ROOT / "seeds")).stdout.strip() == "imported 2 articles"
    r = run("annotate")
    assert r.returncode == 0 and "annotated 2 articles" in r.stdout, r.stderr
    out = tmp_path / "team.jsonl"
    assert run("export", "-o", str(out)).returncode == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {("Benjamin Netanyahu", "PERSON")} <= {(s["text"], s["label"]) for r in records for s in r["spans"]}


def test_two_analysts_share_one_server_and_never_overwrite_each_other(fresh_pg_url: str) -> None:
    ana = make_services(fresh_pg_url)
    bob = make_services(fresh_pg_url)
    bob.set_annotator_name("bob")
    ana.set_annotator_name("ana")
    try:
        ana.corpus.import_paths([ROOT / "seeds"])
        aid = bob.corpus.articles()[0].id  # bob sees ana's import at once
        span = ana.spans.add(aid, 0, 3, "ORG")
        assert bob.read.get(span.id) == span
        bob.spans.relabel(span.id, "GPE")
        with pytest.raises(ConflictError, match="changed elsewhere"):
            ana.history.undo()  # ana's undo would silently drop bob's relabel: refused instead
        assert ana.read.get(span.id).label == "GPE"
        word = ana.read.article(aid).text[:3]
        log = {(e.annotator, e.action) for e in ana.read.edit_log(article_id=aid)}
        assert {("ana", "import"), ("ana", f"Label '{word}' (ORG)"), ("bob", f"Relabel '{word}' (ORG) as GPE")} <= log
    finally:
        ana.close()
        bob.close()
