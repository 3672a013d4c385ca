"""Benchmark (on demand): edits by another process while a long import runs.

    .venv/bin/python tests/benchmarks/bench_concurrency.py [--postgres] [LINES]   (default 30000)

Writes LINES plain ~600-word articles as native JSONL (tests/benchmarks/newstext.py),
starts ``newsdesk import`` on it in one process and, in this process, edits one article
through the services the whole time (label a word, then set a claim's note: two
transactions a round). Prints how many edits were refused, the edit latency (median,
p99, max) during the import, and the import's own time. Then the two-writer race of
issue 9 (tests/stress/writers.py: two processes, 200 note updates and 200 overlapping
span additions each): lost updates and overlapping spans.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from newstext import generate  # noqa: E402
from pgserver import pg_server  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.domain.errors import NewsdeskError  # noqa: E402
from desktop.formats import WRITERS  # noqa: E402
from desktop.services import build_services  # noqa: E402
from tests.stress.writers import NoEngine, race, setup  # noqa: E402


def during_import(url: str, src: Path, lines: int) -> None:
    setup(url)
    sv = build_services(open_store(url), NoEngine(), annotator="editor")  # type: ignore[arg-type]
    env = {**os.environ, "NEWSDESK_DB": url}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "import", str(src)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    latencies: list[float] = []
    refused: list[str] = []
    i = 0
    while proc.poll() is None:
        w = i % 390
        edits = (partial(sv.spans.add, "a-stress", w * 9, w * 9 + 7, "ORG"),
                 partial(sv.claims.update, "c-stress", note=f"round {i}"))  # fmt: skip
        for edit in edits:
            t = time.perf_counter()
            try:
                edit()
            except NewsdeskError as exc:
                refused.append(str(exc))
            latencies.append(time.perf_counter() - t)
        if i % 390 == 389:  # all words labelled: remove them and start over
            for s in sv.read.spans("a-stress"):
                sv.spans.remove(s.id)
        i += 1
        time.sleep(0.02)  # an analyst's pace, quick
    import_s = time.perf_counter() - t0
    out, err = proc.communicate()
    sv.close()
    assert proc.returncode == 0, err
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"  import of {lines:,} lines: {import_s:.1f} s ({out.strip()})")
    median = statistics.median(lat) * 1000
    print(f"  edits meanwhile: {len(lat)}, refused {len(refused)}; latency median {median:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")  # fmt: skip
    for r in refused[:3]:
        print("   refused:", r)


def run(new_url: Callable[[str], str], postgres: bool, lines: int, tmp: Path) -> None:
    where = "PostgreSQL (throwaway server, fsync on)" if postgres else "SQLite file"
    print(f"{where}; machine shared with other sessions")
    src = tmp / f"corpus-{lines}.jsonl"
    if not src.exists():
        WRITERS["jsonl"].write(generate(lines, spans=False), src)
    during_import(new_url("during"), src, lines)
    result = race(new_url("race"), 200)
    print(f"  two writers, 200 rounds each: {result['updates_ok']} note updates went through, "
          f"{result['lost']} lost; {result['conflicts']} refused as conflicts; "
          f"{result['overlapping_pairs']} overlapping span pairs ({result['visible_spans']} visible spans)")


def main() -> None:
    args = sys.argv[1:]
    postgres = "--postgres" in args
    lines = next((int(a) for a in args if a.isdigit()), 30_000)
    with tempfile.TemporaryDirectory() as d, ExitStack() as stack:
        if postgres:
            new_db = stack.enter_context(pg_server())
            run(lambda _n: new_db(), True, lines, Path(d))
        else:
            run(lambda n: str(Path(d) / f"{n}.sqlite3"), False, lines, Path(d))


if __name__ == "__main__":
    main()
