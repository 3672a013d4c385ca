"""Benchmark a command's fixed start-up cost (run on demand, not collected by pytest):

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 5]

Each command runs as a user runs it (``python -m desktop ...`` in a fresh process) on a database of
100, 1,000 and 10,000 short articles, next to the bare interpreter start and a bare ``import sqlalchemy`` +
``sqlite3`` count in the same run. Prints the median wall time, whether spaCy was imported, and the fixed
cost: the command's time on 100 articles minus the bare interpreter start. Target (issue 16): at most
0.5 s, and no spaCy import for ``stats``, ``list``, ``search`` and ``export --format jsonl``.
``--sizes 100`` measures the smallest corpus alone.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import sys, runpy\nsys.argv = ['newsdesk', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('desktop', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "sys.stderr.write('SPACY=%s\\n' % ('spacy' in sys.modules))\n")  # fmt: skip
WORDS = ("minister", "talks", "hostage", "ceasefire", "Washington", "said", "on", "Thursday", "the", "a")


def corpus(path: Path, n: int) -> None:
    lines = []
    for i in range(n):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(600)) + f" article {i}."
        lines.append(json.dumps({"text": text, "meta": {"title": f"Article {i}"}}))
    src = path.with_suffix(".jsonl")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(path), "import", str(src)], check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip


# As on a user's relaunch, Python's bytecode cache is in place: the first run of each command writes it.
# (This machine's sessions set PYTHONDONTWRITEBYTECODE=1, which would compile every module of the
# checkout from source on every start, ~150 ms that no installed Newsdesk pays.)
ENV = {k: v for k, v in os.environ.items() if k not in ("NEWSDESK_DB", "PYTHONDONTWRITEBYTECODE")}


def run(args: list[str], runs: int) -> tuple[float, bool]:
    samples, spacy = [], False
    env = ENV
    subprocess.run(args, capture_output=True, cwd=ROOT, env=env)  # warm: bytecode cache, file cache
    for _ in range(runs):
        started = time.perf_counter()
        r = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env)
        samples.append(time.perf_counter() - started)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
        spacy = spacy or "SPACY=True" in r.stderr
    return statistics.median(samples), spacy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    opts = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-startup-") as tmp:
        bare, _ = run([py, "-c", "pass"], opts.runs)
        print(f"bare interpreter start (python -c pass): {bare * 1000:.0f} ms; {opts.runs} runs each, medians; "
              "the machine may be shared")  # fmt: skip
        print("| articles | command | Newsdesk | bare import sqlalchemy + sqlite3 count | over the bare start "
              "| spaCy |")
        print("| --- | --- | --- | --- | --- | --- |")
        for n in (int(x) for x in opts.sizes.split(",")):
            db = Path(tmp) / f"c{n}.sqlite3"
            corpus(db, n)
            count = f"sqlite3.connect({str(db)!r}).execute('select count(*) from articles').fetchone()"
            bare_sql, _ = run([py, "-c", f"import sqlalchemy, sqlite3; {count}"], opts.runs)
            for command in (["stats"], ["list"], ["search", "ceasefire"],
                            ["export", "--format", "jsonl", "-o", str(Path(tmp) / "o.jsonl")],
                            ["import", "--help"]):  # fmt: skip
                took, spacy = run([py, "-c", PROBE, "--db", str(db), *command], opts.runs)
                name = " ".join(c for c in command if not c.startswith(tmp))
                print(f"| {n:,} | `{name}` | {took * 1000:.0f} ms | {bare_sql * 1000:.0f} ms | "
                      f"{(took - bare) * 1000:.0f} ms | {'imported' if spacy else 'not imported'} |")


if __name__ == "__main__":
    main()
