"""Benchmark: one analyst edit on a long article, database commit included.

Run on demand:  .venv/bin/python tests/benchmarks/bench_edit.py [--words 50000 --spans 7500]

Builds an article of N words with M entity spans in a fresh SQLite file, then times
each single edit through the services (add, relabel, remove, undo, redo) and a bare
sqlite3 INSERT + COMMIT in the same database for comparison. Target: < 50 ms an edit.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from desktop.db import open_store
from desktop.domain.ids import new_id
from desktop.domain.model import Article, ArticleMeta, Document, Origin, Review, Span, text_sha256
from desktop.services import build_services

WORDS = [
    "the", "minister",
    "said", "talks", "on", "hostages", "in", "Doha", "would", "resume", "next", "week", "according", "to", "officials"
]


class NoEngine:  # the edit path never touches NLP
    def info(self): ...
    def load(self): ...
    def suggest(self, *a, **k): return iter(())
    def tokens(self, text): return []


def build(words: int, spans: int, rng: random.Random) -> Document:
    tokens = [rng.choice(WORDS) for _ in range(words)]
    text = " ".join(tokens)
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    step = words // spans
    sha = text_sha256(text)
    aid = f"a-{sha[:16]}"
    out = [Span(new_id("span"), aid, *offsets[i * step], "ORG", origin=Origin.MODEL, status=Review.SUGGESTED)
           for i in range(spans)]  # fmt: skip
    return Document(Article(aid, text, ArticleMeta(title="long", sha256=sha)), spans=out)


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--spans", type=int, default=7_500)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        store = open_store(db)
        services = build_services(store, NoEngine(), annotator="bench")  # type: ignore[arg-type]
        doc = build(args.words, args.spans, rng)
        store.add_documents([doc])
        aid = doc.article.id
        text = doc.article.text
        free = [i for i in range(1, len(text) - 1) if text[i - 1] == " " and text[i] != " "]
        taken = {s.start for s in doc.spans}
        starts = iter(i for i in free if i not in taken)
        suggestions = iter(doc.spans)

        def add() -> None:
            s = next(starts)
            services.spans.add(aid, s, text.index(" ", s), "PERSON")

        rows = [
            ("add a span", timed(add, args.repeat)),
            ("relabel a suggestion", timed(lambda: services.spans.relabel(next(suggestions).id, "GPE"), args.repeat)),
            ("reject a suggestion", timed(lambda: services.spans.remove(next(suggestions).id), args.repeat)),
            ("undo", timed(services.history.undo, args.repeat)),
            ("redo", timed(services.history.redo, args.repeat)),
        ]
        services.close()
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("create table bare (id text primary key, v text)")
        n = iter(range(10**6))

        def bare() -> None:
            con.execute("begin")
            con.execute("insert into bare values (?, ?)", (f"k{next(n)}", "x"))
            con.execute("commit")

        baseline = statistics.median(timed(bare, args.repeat))
        con.close()
    print(f"article: {args.words:,} words, {args.spans:,} spans; {args.repeat} runs each; SQLite WAL, synchronous=FULL")
    print(f"{'edit':<22} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'x bare commit':>14}")
    for name, ms in rows:
        ms.sort()
        p95 = ms[int(len(ms) * 0.95) - 1]
        print(f"{name:<22} {statistics.median(ms):>10.1f} {p95:>8.1f} {max(ms):>8.1f} "
              f"{statistics.median(ms) / baseline:>14.1f}")  # fmt: skip
    print(f"{'bare INSERT+COMMIT':<22} {baseline:>10.2f}")


if __name__ == "__main__":
    main()
