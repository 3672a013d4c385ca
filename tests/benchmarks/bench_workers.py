"""Benchmark (on demand): `newsdesk annotate --worker` processes sharing one PostgreSQL corpus.

    .venv/bin/python tests/benchmarks/bench_workers.py [ARTICLES] [--model NAME]   (default 200, en_core_web_sm)

For 1 and then 2 workers on a fresh database each (throwaway server, fsync on): ARTICLES
generated ~300-word articles (tests/benchmarks/newstext.py), the wall time until every worker
has stopped, and an analyst's edits meanwhile through the services (a claim's note on an
article the workers annotate too, every 20 ms): how many were refused, median and p99
latency. On a 2-core machine shared with other sessions the speed-up is bounded by the cores;
the edit latencies show that a worker never makes an analyst wait.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from newstext import article  # noqa: E402
from pgserver import pg_server  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.domain.errors import NewsdeskError  # noqa: E402
from desktop.domain.model import Document  # noqa: E402
from desktop.services import build_services  # noqa: E402
from tests.stress.writers import NoEngine, setup  # noqa: E402


def one_run(url: str, n: int, workers: int, model: str) -> None:
    setup(url)  # the analyst's article a-stress with its claim c-stress (not annotated yet)
    store = open_store(url)
    store.add_documents([Document(article(i, words=300).article) for i in range(n)])
    store.close()
    sv = build_services(open_store(url), NoEngine(), annotator="analyst")  # type: ignore[arg-type]
    env = {**os.environ, "NEWSDESK_DB": url}
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "desktop", "annotate", "--worker", "--model", model],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(workers)]  # fmt: skip
    latencies: list[float] = []
    refused: list[str] = []
    i = 0
    while any(p.poll() is None for p in procs):
        t = time.perf_counter()
        try:
            sv.claims.update("c-stress", note=f"round {i}")
        except NewsdeskError as exc:
            refused.append(str(exc))
        latencies.append(time.perf_counter() - t)
        i += 1
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    outs = [p.communicate()[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    annotated = sum(1 for a in sv.corpus.articles() if a.annotated_by)
    sv.close()
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"  {workers} worker{'s' if workers > 1 else ''}: {n + 1} articles in {wall:.1f} s "
          f"({annotated} annotated); analyst edits meanwhile {len(lat)}, refused {len(refused)}, "
          f"median {statistics.median(lat) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")  # fmt: skip
    for line in outs:
        print("   ", line)


def main() -> None:
    args = sys.argv[1:]
    n = next((int(a) for a in args if a.isdigit()), 200)
    model = args[args.index("--model") + 1] if "--model" in args else "en_core_web_sm"
    print(f"PostgreSQL (throwaway server, fsync on), model {model}; load average {os.getloadavg()[0]:.1f}")
    with ExitStack() as stack:
        new_db = stack.enter_context(pg_server())
        for workers in (1, 2):
            one_run(new_db(), n, workers, model)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
