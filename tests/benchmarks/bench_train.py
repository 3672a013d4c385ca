"""Benchmark: train from the analysts' corrections, score next to the base model, pre-annotate.

Run on demand (not collected by pytest):
    .venv/bin/python tests/benchmarks/bench_train.py [N_REVIEWED] [N_UNREVIEWED] [MAX_EPOCHS] [PREANNOTATE_SIZES]

1. Builds the fixture corpus of ``tests/training_corpus.py`` (deterministic: seeded templates,
   the base model's predictions, a fixed correction policy) into a fresh SQLite database.
2. ``Trainer.train`` (what ``newsdesk train`` runs): spaCy's training in a child process.
3. Prints the per-label table: base model vs trained model on the held-out articles.
4. Pre-annotation with the trained model: ``SpacyEngine.suggest`` next to bare ``nlp.pipe``
   on the same model and texts (realistic ~600-word articles made from the seeds).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.db import open_store  # noqa: E402
from desktop.nlp.engine import SpacyEngine  # noqa: E402
from desktop.nlp.models import resolve_model  # noqa: E402
from desktop.nlp.training import load_for_timing  # noqa: E402
from desktop.services import build_services  # noqa: E402
from tests.training_corpus import build  # noqa: E402

SEEDS = ROOT / "seeds"
REPEAT = 2


def main(n_reviewed: int = 500, n_unreviewed: int = 100, max_epochs: int = 10, sizes: str = "100,1000") -> None:
    base = resolve_model(None).source
    assert base is not None, "the benchmark needs an installed model"
    base_nlp = load_for_timing(base)
    started = time.perf_counter()
    docs = build(base_nlp, n_reviewed, n_unreviewed)
    words = sum(len(d.text.split()) for d in docs[:n_reviewed])
    print(f"fixture: {n_reviewed} reviewed paragraphs ({words} words), {n_unreviewed} unreviewed, "
          f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-train-") as tmp:
        store = open_store(str(Path(tmp) / "bench.sqlite3"))
        store.add_documents(docs)
        engine = SpacyEngine()
        services = build_services(store, engine, models=Path(tmp) / "models", base_model=lambda: base,
                                  use_model=engine.use)  # fmt: skip

        def on_epoch(e: dict[str, float]) -> None:
            print(f"  epoch {e['epoch']:>2}  step {e['step']:>5}  loss {e['loss']:9.1f}  dev F {100 * e['score']:5.1f}"
                  f"  {e['seconds']:6.1f} s", flush=True)  # fmt: skip

        started = time.perf_counter()
        report = services.trainer.train(max_epochs=max_epochs, on_epoch=on_epoch)
        train_s = time.perf_counter() - started
        print(f"training + scoring {n_reviewed} reviewed articles: {train_s:.1f} s "
              f"({report.summary.train_articles} train / {report.summary.heldout_articles} held out), "
              f"model {report.model.name} in {report.model.path}")  # fmt: skip
        print(report.evaluation.table())
        print(report.claims_table())

        trained = str(report.model.path)
        seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        bare = load_for_timing(trained)
        engine.use(trained)
        engine.load()
        for n in (int(x) for x in sizes.split(",")):
            texts = [seeds[i % len(seeds)] for i in range(n)]
            items = [(f"a-{i}", t) for i, t in enumerate(texts)]
            list(bare.pipe(texts[:4]))
            list(engine.suggest(items[:4], []))
            bare_runs, ours_runs = [], []
            for _ in range(REPEAT if n <= 100 else 1):  # interleaved, best of REPEAT: the machine is shared
                t0 = time.perf_counter()
                for _ in bare.pipe(texts, batch_size=16):
                    pass
                bare_runs.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                for _ in engine.suggest(items, [], batch_size=16):
                    pass
                ours_runs.append(time.perf_counter() - t0)
            bare_s, ours_s = min(bare_runs), min(ours_runs)
            n_words = sum(len(t.split()) for t in texts)
            print(f"pre-annotate {n:>6} articles ({n_words / n:.0f} words each) with the trained model: "
                  f"bare nlp.pipe {bare_s:7.2f} s, SpacyEngine.suggest {ours_s:7.2f} s, ratio {ours_s / bare_s:.2f}x")
        services.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(*(int(a) for a in args[:3]), *(args[3:4]))  # type: ignore[arg-type]
