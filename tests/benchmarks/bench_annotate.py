"""Benchmark (on demand): pre-annotation through the services against bare ``nlp.pipe``.

    .venv/bin/python tests/benchmarks/bench_annotate.py [--postgres] [SIZES...]   (default 100 1000)

For each size N: N generated ~600-word news articles (tests/benchmarks/newstext.py) are
imported as plain text, then pre-annotated with ``Annotator.run`` (what ``newsdesk
annotate`` does: spaCy, the merge with what is stored, the bulk write, the edit log), with
1 and with 2 processes; next to it, in the same run, bare ``nlp.pipe`` of the same model on
the same texts with 1 process. Prints seconds, ms per article, the ratio, and the size of
the database and of its edit log afterwards (SQLite). 10,000 articles through spaCy take
too long on a shared 2-core machine: the default sizes are 100 and 1,000.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from newstext import generate  # noqa: E402
from pgserver import pg_server  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.nlp.engine import SpacyEngine  # noqa: E402
from desktop.nlp.models import resolve_model  # noqa: E402
from desktop.services import build_services  # noqa: E402


def annotate(url: str, n: int, processes: int) -> tuple[float, int]:
    store = open_store(url)
    store.add_documents(generate(n, spans=False))
    services = build_services(store, SpacyEngine(processes=processes))
    services.load_model()
    ids = services.annotator.pending()
    t = time.perf_counter()
    report = services.annotator.run(ids)
    elapsed = time.perf_counter() - t
    assert report.articles == n, report.summary()
    services.close()
    return elapsed, report.spans


def sizes_of(path: Path) -> tuple[float, float]:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = path.stat().st_size / 1e6
    try:
        log = conn.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '%edit_log%'").fetchone()[0] / 1e6
    except sqlite3.OperationalError:  # no dbstat in this SQLite build
        log = float("nan")
    conn.close()
    return total, log


def run(sizes: list[int], new_url: Callable[[str], str], postgres: bool) -> None:
    choice = resolve_model()
    assert choice.source is not None, "the benchmark needs an installed spaCy model"
    bare = importlib.import_module(choice.source).load()
    list(bare.pipe(d.text for d in generate(4, spans=False)))  # warm up
    where = "PostgreSQL (throwaway server, fsync on)" if postgres else "SQLite file"
    print(f"pre-annotation into {where} with {choice.source}; machine shared with other sessions")
    print("(10,000 articles through spaCy take too long on this machine: sizes 100 and 1,000)")
    print(f"{'articles':>9} {'run':<36}{'seconds':>9}{'ms/article':>11}{'vs bare':>9}{'suggestions':>12}")
    for n in sizes:
        texts = [d.text for d in generate(n, spans=False)]
        t = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=16):
            pass
        bare_s = time.perf_counter() - t
        print(f"{n:>9,} {'bare nlp.pipe, 1 process':<36}{bare_s:>9.1f}{bare_s / n * 1000:>11.1f}{1.0:>9.2f}",
              flush=True)  # fmt: skip
        for processes in (1, 2):
            url = new_url(f"ann-{n}-{processes}")
            secs, spans = annotate(url, n, processes)
            name = f"newsdesk annotate, {processes} process{'es' if processes > 1 else ''}"
            print(f"{n:>9,} {name:<36}{secs:>9.1f}{secs / n * 1000:>11.1f}{secs / bare_s:>9.2f}{spans:>12,}",
                  flush=True)  # fmt: skip
            if not postgres and processes == 1:
                total, log = sizes_of(Path(url))
                print(f"{'':>9} {'  database / edit log (MB)':<36}{total:>9.1f}{log:>11.1f}")


def main() -> None:
    args = sys.argv[1:]
    postgres = "--postgres" in args
    sizes = [int(a) for a in args if a.isdigit()] or [100, 1_000]
    with tempfile.TemporaryDirectory() as d, ExitStack() as stack:
        if postgres:
            new_db = stack.enter_context(pg_server())
            run(sizes, lambda _name: new_db(), True)
        else:
            run(sizes, lambda name: str(Path(d) / f"{name}.sqlite3"), False)


if __name__ == "__main__":
    main()
