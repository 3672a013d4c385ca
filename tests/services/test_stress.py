"""Bounded stress and durability tests: two writer processes on one article, and kill -9.

Each runs a few seconds per backend (SQLite file, PostgreSQL server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain.model import Review
from desktop.services import build_services
from tests.stress.writers import NoEngine, race, setup

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "stress.sqlite3")
    return str(request.getfixturevalue("fresh_pg_url"))


def test_two_writers_on_one_article_lose_nothing_and_never_overlap(url: str, tmp_path: Path) -> None:
    result = race(url, rounds=30)
    assert result["lost"] == 0, result  # every update a writer saw succeed is in the final note
    assert result["overlapping_pairs"] == 0, result
    assert result["updates_ok"] >= 30 and result["visible_spans"] >= 15, result  # both got work done
    sv = build_services(open_store(url), NoEngine())  # type: ignore[arg-type]
    out = tmp_path / "after.jsonl"
    sv.corpus.export(out, "jsonl")
    sv.close()
    again = build_services(open_store(tmp_path / "again.sqlite3"), NoEngine())  # type: ignore[arg-type]
    report = again.corpus.import_paths([out])
    assert report.added == 1 and not report.failed, [f.error for f in report.failed]
    spans = again.read.spans("a-stress")
    assert sum(1 for s in spans if s.status != Review.REJECTED) == result["visible_spans"]
    again.close()


def _child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.stress.killed", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)  # fmt: skip


def test_edits_the_api_returned_from_survive_kill_9(url: str) -> None:
    setup(url)
    proc = _child("edit", url)
    assert proc.stdout is not None
    returned = [proc.stdout.readline().strip() for _ in range(25)]
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the next edits
    proc.wait(timeout=30)
    assert all(returned), proc.stderr.read() if proc.stderr else ""
    store = open_store(url)
    try:
        stored = {s.id for s in store.spans("a-stress")}
        assert set(returned) <= stored
    finally:
        store.close()


def test_an_import_killed_halfway_leaves_no_trace(url: str) -> None:
    open_store(url).close()
    proc = _child("import", url, "400")
    assert proc.stdout is not None
    for _ in range(4):  # some chunks are committed (SQLite) or written (PostgreSQL, one transaction)
        assert proc.stdout.readline().strip() == "chunk", proc.stderr.read() if proc.stderr else ""
    if "postgres" not in url:  # SQLite commits chunk by chunk: they are visible, the import is still running
        meanwhile = open_store(url)  # and another process opening the file leaves a running import alone
        assert len(meanwhile.article_ids()) >= 20
        meanwhile.close()
    assert proc.poll() is None  # still importing
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    store = open_store(url)  # SQLite: the next open undoes the import whose process died
    try:
        assert store.article_ids() == []
        assert store.edit_log(limit=10) == []
    finally:
        store.close()
