"""Benchmark the store alone (run on demand, not collected by pytest):

    .venv/bin/python tests/benchmarks/bench_store.py [--spans 7500] [--runs 50]

Builds one article with N spans in a fresh SQLite file, then times, each with its commit:
``SqlStore.apply`` of one span change (relabel, create, delete), ``get_document`` of the
article, and a bare ``sqlite3`` INSERT + COMMIT into the same file with the same pragmas.
Prints medians and the ratio apply / bare insert. Target: apply well under 50 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop.db import open_store
from desktop.domain.model import Article, ArticleMeta, Change, ChangeSet, Document, Origin, Review, Span, text_sha256


def build(spans: int) -> Document:
    words = [f"w{i:05d}" for i in range(spans * 2)]
    text = " ".join(words)
    article = Article("a-bench", text, ArticleMeta(title="Bench", sha256=text_sha256(text)))
    out, pos = [], 0
    for i, word in enumerate(words):
        if i % 2 == 0:
            out.append(Span(f"s-{i:06d}", article.id, pos, pos + len(word), "ORG", Origin.MODEL, Review.SUGGESTED))
        pos += len(word) + 1
    return Document(article=article, spans=out)


def timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spans", type=int, default=7500)
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = open_store(path)
        doc = build(args.spans)
        t0 = time.perf_counter()
        store.add_documents([doc])
        import_ms = (time.perf_counter() - t0) * 1000

        target = doc.spans[len(doc.spans) // 2]
        state = {"span": target}

        def relabel() -> None:
            old = state["span"]
            new = replace(old, label="PERSON" if old.label == "ORG" else "ORG", status=Review.ACCEPTED)
            store.apply(ChangeSet("relabel", (Change(old, new),), old.article_id), annotator="bench")
            state["span"] = new

        extra = Span("s-extra", doc.id, target.start, target.end, "GPE")
        created = {"on": False}

        def create_or_delete() -> None:
            change = Change(extra, None) if created["on"] else Change(None, extra)
            store.apply(ChangeSet("toggle", (change,), doc.id), annotator="bench")
            created["on"] = not created["on"]

        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, label TEXT)")
        counter = {"n": 0}

        def bare_insert() -> None:
            counter["n"] += 1
            raw.execute("BEGIN")
            raw.execute("INSERT INTO bench_raw (id, label) VALUES (?, ?)", (counter["n"], "ORG"))
            raw.execute("COMMIT")

        rows = [
            ("bare sqlite3 INSERT + COMMIT", timed(bare_insert, args.runs)),
            ("apply: relabel one span", timed(relabel, args.runs)),
            ("apply: create/delete one span", timed(create_or_delete, args.runs)),
            ("get_document (all spans)", timed(lambda: store.get_document(doc.id), max(5, args.runs // 5))),
            ("spans(article)", timed(lambda: store.spans(doc.id), max(5, args.runs // 5))),
            ("list_articles", timed(store.list_articles, max(5, args.runs // 5))),
        ]
        raw.close()
        store.close()
    bare = rows[0][1]
    print(f"SQLite, one article with {args.spans} spans; import took {import_ms:.0f} ms; medians of {args.runs} runs")
    print(f"{'operation':34} {'ms':>8} {'x bare':>8}")
    for name, ms in rows:
        print(f"{name:34} {ms:8.2f} {ms / bare:8.1f}")
    worst = max(rows[1][1], rows[2][1])
    print(f"apply / bare insert ratio: {worst / bare:.1f}x; target < 50 ms: {'OK' if worst < 50 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
