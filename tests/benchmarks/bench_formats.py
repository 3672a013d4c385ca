"""Benchmark (on demand): streaming export of 10,000 generated articles as native JSONL.

    .venv/bin/python tests/benchmarks/bench_formats.py [N]

Prints a table: peak traced memory (tracemalloc) while writing 1,000 and N articles
(a streaming writer's peak should not grow with N), and the writer's time against bare
``json.dumps`` of the same record dicts (the ratio is the writer's overhead: selection,
sorting, key order, escaping, file writes).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.model import (
    Article,
    ArticleMeta,
    Claim,
    ClaimKind,
    Document,
    Link,
    LinkLabel,
    Review,
    Span,
    text_sha256,
)
from desktop.formats import WRITERS
from desktop.formats.native import record

WORDS = ["Netanyahu", "met", "Trump", "in", "Washington", "\U0001F600", "Caf\u00e9", "\u05e9\u05dc\u05d5\u05dd",
         "said", "the", "deal", "is", "close", "hostages", "\u0627\u0644\u0633\u0644\u0627\u0645", "on",
         "Thursday."]  # fmt: skip


def article(i: int) -> Document:
    rnd = random.Random(i)
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(300, 700))]
    text = " ".join(words)
    aid = f"a-{i:016x}"
    spans, pos = [], 0
    for j, w in enumerate(words):
        if w in ("Netanyahu", "Trump", "Washington") and rnd.random() < 0.5:
            spans.append(Span(f"s-{i}-{j}", aid, pos, pos + len(w), "PERSON", status=rnd.choice(list(Review))))
        pos += len(w) + 1
    claims = [Claim(f"c-{i}-{k}", aid, k * 40, k * 40 + 30, ClaimKind.QUOTE) for k in range(3)]
    links = [Link(f"l-{i}-0", aid, LinkLabel.SAID_BY, claims[0].id, spans[0].id)] if spans else []
    meta = ArticleMeta(title=f"Article {i}", source="Bench", published="2025-07-10", sha256=text_sha256(text))
    return Document(Article(aid, text, meta), spans, claims, links)


def generate(n: int) -> Iterator[Document]:
    return (article(i) for i in range(n))


def peak_while_writing(n: int, dest: Path) -> int:
    tracemalloc.start()
    WRITERS["jsonl"].write(generate(n), dest)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "out.jsonl"
        peak_small = peak_while_writing(1_000, dest)
        peak_big = peak_while_writing(n, dest)
        size = dest.stat().st_size

        docs = list(generate(n))
        t0 = time.perf_counter()
        WRITERS["jsonl"].write(iter(docs), dest)
        t_writer = time.perf_counter() - t0
        dicts = [record(d) for d in docs]
        t0 = time.perf_counter()
        for d in dicts:
            json.dumps(d, ensure_ascii=False)
        t_dumps = time.perf_counter() - t0

    rows = [
        ("articles", f"{n:,}"),
        ("output size", f"{size / 1e6:.1f} MB"),
        ("peak memory, 1,000 articles", f"{peak_small / 1e6:.2f} MB"),
        (f"peak memory, {n:,} articles", f"{peak_big / 1e6:.2f} MB"),
        ("peak ratio (N / 1,000)", f"{peak_big / peak_small:.2f}"),
        ("jsonl writer time", f"{t_writer:.2f} s ({n / t_writer:,.0f} articles/s)"),
        ("bare json.dumps time", f"{t_dumps:.2f} s"),
        ("writer / json.dumps", f"{t_writer / t_dumps:.2f}x"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
