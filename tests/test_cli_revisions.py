"""``newsdesk revisions`` after importing a newer version of an article (the CLI run in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.app import make_services

V1 = "Officials said 50 people died in Doha on Monday.\nThe talks resume next week, Rubio said.\n"
V2 = "Officials said 48 people died in Doha on Monday.\nThe talks resume next week, Rubio said.\nUpdated.\n"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str | Path) -> tuple[int, str, str]:
    code = cli.run(["--db", str(db), *map(str, args)], make_services, lambda *_: 0, lambda: 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_import_a_new_version_then_list_and_diff_revisions(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = tmp_path / "r.sqlite3"
    url = "https://example.org/doha"
    (tmp_path / "v1.jsonl").write_text(json.dumps({"text": V1, "meta": {"title": "Doha", "url": url}}) + "\n")
    (tmp_path / "v2.jsonl").write_text(json.dumps({"text": V2, "meta": {"url": url}}) + "\n")
    assert run(capsys, db, "import", tmp_path / "v1.jsonl")[0] == 0
    code, out, err = run(capsys, db, "import", tmp_path / "v2.jsonl")
    assert code == 0, err
    assert "'Doha' revision 2: " in out and "figure 50 -> 48" in out
    assert out.strip().endswith("imported 0 articles, 1 new revision of stored articles")

    services = make_services(str(db))
    (aid,) = [a.id for a in services.corpus.articles()]
    services.close()
    code, out, err = run(capsys, db, "revisions", aid)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("1 (read-only)") and lines[1].startswith("2 (current)")
    assert "figure 50 -> 48" in lines[1]

    code, out, err = run(capsys, db, "revisions", aid, "--diff", "1", "2")
    assert code == 0, err
    assert "said [-50-]{+48+} people" in out and "{+Updated.\n+}" in out
    assert out.splitlines()[-1].startswith("revision 1 -> 2: ")

    code, out, err = run(capsys, db, "revisions", aid, "--diff", "1", "7")
    assert code == 1 and "has no revision 7" in err
    code, out, err = run(capsys, db, "revisions", "a-nosuch")
    assert code == 1 and "no such article" in err
