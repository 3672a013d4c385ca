"""Benchmark: SpacyEngine.suggest vs bare nlp.pipe on the same texts, in the same run.

Run on demand (not collected by pytest):
    .venv/bin/python tests/benchmarks/bench_nlp.py [N_COPIES] [BATCH_SIZE]
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

from desktop.domain.model import Rule
from desktop.nlp.engine import SpacyEngine, _suggestions
from desktop.nlp.models import resolve_model

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _time(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main(copies: int = 50, batch_size: int = 16) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts = [t for _ in range(copies) for t in seeds]
    items = [(f"a-{i}", t) for i, t in enumerate(texts)]
    chars = sum(len(t) for t in texts)
    rules = [Rule(id="r-1", pattern="JNS", label="ORG")]

    engine = SpacyEngine()
    load_s = _time(engine.load)
    choice = resolve_model()
    assert choice.source is not None, "the benchmark needs an installed model"
    bare = importlib.import_module(choice.source).load()  # the plain model, as installed
    list(bare.pipe(texts[:4]))  # warm both up
    list(engine.suggest(items[:4], rules))

    bare_runs: list[float] = []
    engine_runs: list[float] = []
    for _ in range(3):  # interleaved, so that load from other processes hits both alike
        bare_runs.append(_time(lambda: list(bare.pipe(texts, batch_size=batch_size))))
        engine_runs.append(_time(lambda: list(engine.suggest(items, rules, batch_size=batch_size))))
    bare_s, engine_s = min(bare_runs), min(engine_runs)
    # The engine's own work (spans, claims, links) on docs that are already parsed:
    nlp = engine._pipeline(rules)
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    label = engine.info().label
    post_s = min(_time(lambda: [_suggestions(d, "a", label) for d in docs]) for _ in range(3))
    n_claims = sum(len(s.claims) for s in engine.suggest(items[: len(seeds)], rules))

    print(f"model: {engine.info().message}; load {load_s:.2f} s")
    print(f"{len(texts)} articles ({chars} chars), batch_size={batch_size}, best of 3 interleaved")
    print(f"{'run':<28}{'seconds':>10}{'articles/s':>12}{'kchars/s':>10}")
    rows = (("bare nlp.pipe", bare_s), ("SpacyEngine.suggest", engine_s), ("  of which spans+claims", post_s))
    for name, secs in rows:
        print(f"{name:<28}{secs:>10.2f}{len(texts) / secs:>12.1f}{chars / secs / 1000:>10.1f}")
    print(f"ratio suggest / pipe: {engine_s / bare_s:.2f}  (claims on the seeds: {n_claims})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
