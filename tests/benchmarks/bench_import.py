"""Benchmark (on demand): import through the services against a bare executemany, at scale.

    .venv/bin/python tests/benchmarks/bench_import.py [--postgres] [--plain] [SIZES...]   (default 100 1000 10000)

For each size N, generated ~600-word news articles (tests/benchmarks/newstext.py):
- plain articles as native JSONL, imported as ``newsdesk import`` does, against the bare
  DB-API executemany of the same article rows (json.loads of each line, then one
  executemany into the same schema, commit): sqlite3, or psycopg with --postgres;
- the same articles with their ~100 suggestions each as Label Studio JSON, against the bare
  executemany of the article and span rows.
Prints the time per article of each, the ratio, and the peak traced memory of the import
(tracemalloc), which should stay flat as N grows.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from newstext import generate  # noqa: E402
from pgserver import pg_server  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.domain.model import text_sha256  # noqa: E402
from desktop.formats import WRITERS  # noqa: E402
from desktop.services import build_services  # noqa: E402

ISSUE_LS_1000 = 16.4  # s: Label Studio JSON import of 1,000 x 100 suggestions on main (issue 16)


class NoEngine:  # import never touches NLP
    def info(self) -> Any: ...
    def load(self) -> Any: ...
    def suggest(self, *a: Any, **k: Any) -> Any: return iter(())
    def tokens(self, text: str) -> list[Any]: return []


def newsdesk_import(url: str, src: Path) -> tuple[float, int]:
    services = build_services(open_store(url), NoEngine())  # type: ignore[arg-type]
    tracemalloc.start()
    t = time.perf_counter()
    report = services.corpus.import_paths([src])
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not report.failed and report.added > 0, report.summary()
    services.close()
    return elapsed, peak


ART = ("id", "text", "sha256", "title", "source", "url", "published", "language", "meta_extra", "status",
       "annotated_by", "created", "updated")  # fmt: skip
SPAN = ("id", "article_id", "start", "end", "label", "origin", "status", "entity_id", "annotator", "updated", "model")


def bare_rows(records: list[dict[str, Any]]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    now = "2026-12-02T00:00:00Z"
    arts, spans = [], []
    for r in records:
        m = r.get("meta", {})
        arts.append((r["id"], r["text"], text_sha256(r["text"]), m.get("title", ""), m.get("source"), m.get("url"),
                     m.get("published"), "en", "{}", "todo", None, now, now))  # fmt: skip
        spans += [(s["id"], r["id"], s["start"], s["end"], s["label"], "model", "suggested", None, None, "", None)
                  for s in r.get("spans", ())]  # fmt: skip
    return arts, spans


def bare_import(url: str, src: Path, postgres: bool) -> float:
    """json.loads of the lines, then the rows into the same (migrated, empty) schema, one commit."""
    open_store(url).close()  # the same tables, indexes and constraints
    t = time.perf_counter()
    with src.open(encoding="utf-8") as f:
        arts, spans = bare_rows([json.loads(line) for line in f])
    cols = ", ".join(f'"{c}"' for c in ART)
    scols = ", ".join(f'"{c}"' for c in SPAN)
    if postgres:
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn, conn.cursor() as cur:
            cur.executemany(f"INSERT INTO articles ({cols}) VALUES ({', '.join(['%s'] * len(ART))})", arts)
            if spans:
                cur.executemany(f"INSERT INTO spans ({scols}) VALUES ({', '.join(['%s'] * len(SPAN))})", spans)
            conn.commit()
    else:
        conn = sqlite3.connect(url)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.executemany(f"INSERT INTO articles ({cols}) VALUES ({', '.join('?' * len(ART))})", arts)
        if spans:
            conn.executemany(f"INSERT INTO spans ({scols}) VALUES ({', '.join('?' * len(SPAN))})", spans)
        conn.commit()
        conn.close()
    return time.perf_counter() - t




def run(sizes: list[int], new_url: Callable[[str], str], postgres: bool, tmp: Path, plain_only: bool) -> None:
    where = "PostgreSQL (throwaway server, fsync on)" if postgres else "SQLite file (WAL, synchronous=FULL)"
    print(f"import into {where}; machine shared with other sessions: compare within a column")
    head = f"{'articles':>9} {'work':<34}{'newsdesk s':>11}{'bare s':>9}{'ratio':>7}{'ms/article':>11}{'peak MB':>9}"
    print(head)
    for n in sizes:
        plain = tmp / f"plain-{n}.jsonl"
        WRITERS["jsonl"].write(generate(n, spans=False), plain)
        full = tmp / f"full-{n}.jsonl"
        ls = tmp / f"ls-{n}.json"
        if not plain_only:
            WRITERS["jsonl"].write(generate(n), full)
            WRITERS["labelstudio"].write(generate(n), ls)
        works = [("plain JSONL", plain, plain), ("Label Studio, ~100 suggestions each", ls, full)]
        for name, src, bare_src in works[:1] if plain_only else works:
            ours, peak = newsdesk_import(new_url(f"nd-{name[:5]}-{n}"), src)
            bare = bare_import(new_url(f"bare-{name[:5]}-{n}"), bare_src, postgres)
            print(f"{n:>9,} {name:<34}{ours:>11.2f}{bare:>9.2f}{ours / bare:>7.1f}{ours / n * 1000:>11.2f}"
                  f"{peak / 1e6:>9.1f}", flush=True)  # fmt: skip
    print(f"(issue 16, main before this branch: Label Studio import of 1,000 x 100 suggestions {ISSUE_LS_1000} s)")


def main() -> None:
    args = sys.argv[1:]
    postgres = "--postgres" in args
    plain_only = "--plain" in args  # only the plain articles (Label Studio at 10,000 takes many minutes)
    sizes = [int(a) for a in args if a.isdigit()] or [100, 1_000, 10_000]
    with tempfile.TemporaryDirectory() as d, ExitStack() as stack:
        tmp = Path(d)
        if postgres:
            new_db = stack.enter_context(pg_server())
            run(sizes, lambda _name: new_db(), True, tmp, plain_only)
        else:
            run(sizes, lambda name: str(tmp / f"{name}.sqlite3"), False, tmp, plain_only)


if __name__ == "__main__":
    main()
