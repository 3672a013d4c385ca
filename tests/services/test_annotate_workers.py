"""``newsdesk annotate --worker``: several processes share the pre-annotation of one corpus.

Three workers run against a real PostgreSQL server; one of them is killed (SIGKILL) while it
holds leased articles. Afterwards every article is annotated exactly once (one pre-annotation
row in the edit log, suggestions stored once), and the killed worker's articles were taken
over by the others when its lease ran out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from desktop.db import open_store
from desktop.domain.model import Document, Review
from tests.benchmarks import newstext

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 90


def _corpus(url: str, n: int) -> list[str]:
    """Short generated news articles, no spans yet (the rule-based pre-annotation finds names in them)."""
    store = open_store(url)
    try:
        docs = [Document(newstext.article(i, words=120).article) for i in range(n)]
        store.add_documents(docs)
        return [d.id for d in docs]
    finally:
        store.close()


def _worker(url: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NEWSDESK_DB": url}
    return subprocess.Popen([sys.executable, "-m", "desktop", "annotate", "--worker", "--model", "rules", *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _name(proc: subprocess.Popen[str]) -> str:
    assert proc.stderr is not None
    for line in proc.stderr:
        if " started (" in line:  # newsdesk: worker HOST:PID:XXXX started (batch 3, lease 4 s)
            return line.split("worker ", 1)[1].split(" started", 1)[0]
    raise AssertionError(f"the worker did not start: {proc.wait()}")


def _queue(engine: sa.Engine) -> list[tuple[str, str, str | None]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("SELECT article_id, state, worker FROM annotate_queue"))]


@pytest.mark.postgres
@pytest.mark.slow
def test_three_workers_one_killed_annotate_every_article_exactly_once(fresh_pg_url: str) -> None:
    ids = _corpus(fresh_pg_url, N_ARTICLES)
    engine = sa.create_engine(fresh_pg_url)
    workers = [_worker(fresh_pg_url, "--batch", "3", "--lease", "4") for _ in range(3)]
    try:
        names = [_name(w) for w in workers]
        victim, victim_name = workers[0], names[0]
        # Kill the first worker while it is in the middle of the run: it has annotated something and
        # holds leased articles it has not finished. Frozen first (SIGSTOP), so that what it holds is
        # known at the moment it dies.
        held: set[str] = set()
        deadline = time.monotonic() + 120
        while not held:
            assert time.monotonic() < deadline, "the first worker never held a lease mid-run"
            rows = _queue(engine)
            mine_done = [r for r in rows if r[2] == victim_name and r[1] == "done"]
            if mine_done and any(r[2] == victim_name and r[1] == "queued" for r in rows):
                victim.send_signal(signal.SIGSTOP)
                time.sleep(0.3)  # a commit on its way lands (or not) before we look
                held = {r[0] for r in _queue(engine) if r[2] == victim_name and r[1] == "queued"}
                if not held:
                    victim.send_signal(signal.SIGCONT)
            time.sleep(0.02)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        outs = []
        for w in workers[1:]:
            out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
            outs.append(out)
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    rows = _queue(engine)
    assert sorted(r[0] for r in rows) == sorted(ids)
    assert {r[1] for r in rows} == {"done"}
    # what the killed worker held when it died was finished by the others, after its lease ran out
    finished_by = {r[0]: r[2] for r in rows}
    assert all(finished_by[a] in names[1:] for a in held), (held, finished_by)
    assert "taken over from expired leases" in "".join(outs), outs

    with engine.connect() as conn:
        log = Counter(conn.execute(sa.text(
            "SELECT article_id FROM edit_log WHERE action LIKE 'Pre-annotate%'")).scalars())
        unannotated = conn.execute(sa.text("SELECT count(*) FROM articles WHERE annotated_by IS NULL")).scalar()
        spans = list(conn.execute(sa.text("SELECT article_id, start, \"end\", label, status FROM spans")))
    engine.dispose()
    assert unannotated == 0
    assert set(log) == set(ids), "every article annotated"
    assert max(log.values()) == 1, [a for a, n in log.items() if n > 1]  # none twice
    places = Counter((a, s, e, lbl) for a, s, e, lbl, _ in spans)
    assert spans and max(places.values()) == 1  # no suggestion stored twice
    assert {st for *_, st in spans} == {Review.SUGGESTED.value}
    # the same suggestions as one plain `newsdesk annotate` run on the same texts (SQLite)
    reference = _reference(ids)
    assert Counter((a, s, e, lbl) for a, s, e, lbl, _ in spans) == reference


def _reference(ids: list[str]) -> Counter[tuple[str, int, int, str]]:
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="newsdesk-ref-")) / "ref.sqlite3"
    _corpus(str(path), len(ids))
    r = subprocess.run([sys.executable, "-m", "desktop", "annotate", "--model", "rules", "--db", str(path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        out = Counter(tuple(r) for r in conn.execute(sa.text('SELECT article_id, start, "end", label FROM spans')))
    engine.dispose()
    return out


def test_a_worker_on_sqlite_annotates_everything_and_a_second_finds_nothing_left(tmp_path: Path) -> None:
    path = tmp_path / "one.sqlite3"
    ids = _corpus(str(path), 6)
    first = subprocess.run([sys.executable, "-m", "desktop", "annotate", "--worker", "--model", "rules", "--batch",
                            "4", "--db", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "annotated 6 articles with rules" in first.stdout
    assert "started (batch 4, lease 120 s)" in first.stderr  # progress goes to stderr
    second = subprocess.run([sys.executable, "-m", "desktop", "annotate", "--worker", "--model", "rules", "--db",
                             str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert second.returncode == 0 and "annotated 0 articles" in second.stdout, second.stderr
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        log = Counter(conn.execute(sa.text("SELECT article_id FROM edit_log WHERE action LIKE 'Pre-annotate%'"))
                      .scalars())  # fmt: skip
    engine.dispose()
    assert log == Counter(ids)


def test_worker_refuses_force_and_article_ids(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "desktop", "annotate", "--worker", "--force", "--db", str(tmp_path / "x.sqlite3")]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "cannot be combined with --force" in r.stderr


@pytest.mark.postgres
def test_ctrl_c_hands_the_leases_back_and_leaves_nothing_half_written(fresh_pg_url: str) -> None:
    ids = _corpus(fresh_pg_url, 60)
    engine = sa.create_engine(fresh_pg_url)
    proc = _worker(fresh_pg_url, "--batch", "2", "--lease", "600")
    try:
        name = _name(proc)
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline and proc.poll() is None, "the worker never got going"
            rows = _queue(engine)
            if sum(r[1] == "done" for r in rows) >= 2 and any(r[1] == "queued" and r[2] == name for r in rows):
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1
    assert "interrupted; what was committed stays in the database" in err
    rows = _queue(engine)
    with engine.connect() as conn:
        annotated = set(conn.execute(sa.text("SELECT id FROM articles WHERE annotated_by IS NOT NULL")).scalars())
        log = Counter(conn.execute(sa.text(
            "SELECT article_id FROM edit_log WHERE action LIKE 'Pre-annotate%'")).scalars())
        with_spans = set(conn.execute(sa.text("SELECT DISTINCT article_id FROM spans")).scalars())
    engine.dispose()
    assert 2 <= len(annotated) < len(ids)  # stopped mid-run
    assert {r[0] for r in rows if r[1] == "done"} == annotated == set(log)  # written and marked done together
    assert set(log.values()) == {1}
    assert with_spans <= annotated  # no article has suggestions without being marked annotated
    assert [r for r in rows if r[1] == "queued" and r[2] is not None] == []  # the leases were handed back
