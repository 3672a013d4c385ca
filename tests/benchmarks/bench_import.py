"""Benchmark (on demand): streaming import of N generated articles from native JSONL.

    .venv/bin/python tests/benchmarks/bench_import.py [N]

Writes 1,000 and N articles as native JSONL (with bench_formats' generator), then imports
each file into a fresh SQLite database through the services, as ``newsdesk import`` does
(one file, one transaction). Prints the peak traced memory (tracemalloc) of each import (a
streaming import's peak should not grow with N) and the time per article against bare
``json.loads`` of the same lines.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_formats import generate  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.formats import WRITERS  # noqa: E402
from desktop.services import build_services  # noqa: E402


class NoEngine:  # import never touches NLP
    def info(self): ...
    def load(self): ...
    def suggest(self, *a, **k): return iter(())
    def tokens(self, text): return []


def run(n: int, tmp: Path) -> tuple[int, float, float]:
    src = tmp / f"in-{n}.jsonl"
    WRITERS["jsonl"].write(generate(n), src)
    services = build_services(open_store(tmp / f"db-{n}.sqlite3"), NoEngine())  # type: ignore[arg-type]
    tracemalloc.start()
    t = time.perf_counter()
    report = services.corpus.import_paths([src])
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.added == n and not report.failed, report.summary()
    services.close()
    t = time.perf_counter()
    with src.open(encoding="utf-8") as f:
        for line in f:
            json.loads(line)
    bare = time.perf_counter() - t
    return peak, elapsed, bare


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        small = run(1_000, Path(tmp))
        large = run(n, Path(tmp))
    print(f"{'import (native JSONL -> SQLite, one transaction)':<50}{'1,000':>12}{n:>12,}")
    print(f"{'peak traced memory (MB)':<50}{small[0] / 1e6:>12.2f}{large[0] / 1e6:>12.2f}")
    print(f"{'time (s)':<50}{small[1]:>12.2f}{large[1]:>12.2f}")
    print(f"{'bare json.loads of the same lines (s)':<50}{small[2]:>12.2f}{large[2]:>12.2f}")
    print(f"{'ratio':<50}{small[1] / small[2]:>12.1f}{large[1] / large[2]:>12.1f}")


if __name__ == "__main__":
    main()
