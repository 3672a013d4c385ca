"""Benchmark (on demand): the Entities dialog's merge proposals at 100, 1,000 and 10,000 articles.

    .venv/bin/python tests/benchmarks/bench_proposals.py [--sizes 100 1000 10000] [--runs 3]

Articles of ~600 words with ~30 PERSON/ORG/GPE spans each (name variants such as "Benjamin
Netanyahu" / "Netanyahu" among them). Prints, per size, the median of:
- Newsdesk: ``services.entities.proposals()`` (the candidate spans from one query, their articles'
  texts a batch at a time, the mentions grouped in Python);
- bare: the same two reads through ``sqlite3`` alone, mentions cut out, no grouping;
- before: reading every document with ``iter_documents`` and cutting the mentions out (no grouping),
  the part of the old proposals that reading the whole corpus cost.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.db import open_store
from desktop.domain.model import Article, ArticleMeta, Document, Origin, Review, Span, text_sha256
from desktop.services import build_services
from desktop.services.claims import PROPOSAL_LABELS


class NoEngine:
    """The proposals never call the NLP engine."""

FILLER = ["the", "talks", "in", "the", "capital", "were", "described", "as", "constructive", "by", "officials",
          "who", "asked", "not", "to", "be", "named", "while", "negotiators", "met", "again", "on", "Monday",
          "to", "discuss", "a", "ceasefire", "and", "the", "release", "of", "hostages", "held", "since"]  # fmt: skip
NAMES = [("Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON"), ("Donald Trump", "PERSON"), ("Trump", "PERSON"),
         ("Marco Rubio", "PERSON"), ("Rubio", "PERSON"), ("Hamas", "ORG"), ("the United Nations", "ORG"),
         ("Washington", "GPE"), ("Gaza", "GPE"), ("Israel", "GPE"), ("Qatar", "GPE"), ("Doha", "GPE")]  # fmt: skip


def article(i: int, rng: random.Random) -> Document:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for n in range(600):
        if n % 20 == 5:
            name, label = rng.choice(NAMES)
            spans.append((pos, pos + len(name), label))
            word = name
        else:
            word = rng.choice(FILLER)
        parts.append(word)
        pos += len(word) + 1
    text = " ".join(parts) + "."
    sha = text_sha256(text)
    art = Article(f"a-{i:06d}", text, ArticleMeta(title=f"Article {i}", sha256=sha))
    return Document(art, spans=[Span(f"s-{i:06d}-{k:03d}", art.id, s, e, label, Origin.MODEL, Review.ACCEPTED)
                                for k, (s, e, label) in enumerate(spans)])  # fmt: skip


def generate(n: int, seed: int = 5) -> Iterator[Document]:
    rng = random.Random(seed)
    return (article(i, rng) for i in range(n))


def median_ms(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


SPANS = ('SELECT id, article_id, start, "end", label, status, entity_id FROM spans '
         f"WHERE label IN ({', '.join('?' for _ in PROPOSAL_LABELS)}) AND status != 'rejected' "
         "ORDER BY article_id, start, id")  # fmt: skip


def bare(raw: sqlite3.Connection) -> int:
    """The same two reads through sqlite3 alone: the spans, then their articles' texts, cut in Python."""
    rows = raw.execute(SPANS, PROPOSAL_LABELS).fetchall()
    ids = list(dict.fromkeys(r[1] for r in rows))
    texts: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        texts.update(raw.execute(f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' for _ in part)})", part))
    return len([texts[r[1]][r[2] : r[3]] for r in rows])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print("| articles | spans | Newsdesk proposals() | bare sqlite3 reads | ratio | reading every document (before) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.sqlite3"
            store = open_store(path)
            batch: list[Document] = []
            for doc in generate(n):
                batch.append(doc)
                if len(batch) == 500:
                    store.add_documents(batch)
                    batch = []
            if batch:
                store.add_documents(batch)
            services = build_services(store, NoEngine(), annotator="bench")  # type: ignore[arg-type]
            proposals = services.entities.proposals()
            assert proposals, "no proposals: the generator lost its name variants"
            ours = median_ms(services.entities.proposals, args.runs)
            raw = sqlite3.connect(path)
            bare_ms = median_ms(lambda raw=raw: bare(raw), args.runs)
            n_spans = raw.execute("SELECT count(*) FROM spans").fetchone()[0]
            raw.close()

            def whole(store=store) -> None:  # type: ignore[no-untyped-def]
                for doc in store.iter_documents():
                    for span in doc.spans:
                        if span.visible and span.label in PROPOSAL_LABELS:
                            " ".join(doc.text[span.start : span.end].split())

            old = median_ms(whole, max(1, args.runs // 2))
            services.close()
        print(f"| {n:,} | {n_spans:,} | {ours:.0f} ms | {bare_ms:.0f} ms | {ours / bare_ms:.1f}x | {old:.0f} ms |")


if __name__ == "__main__":
    main()
