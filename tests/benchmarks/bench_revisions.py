"""Benchmark: re-anchoring annotations on a revised article, next to the bare diff.

Run on demand:  .venv/bin/python tests/benchmarks/bench_revisions.py [--words 50000 --spans 7500 --edits 36]

Builds a long news article from the bundled seed paragraphs (each paragraph repeated with its
figures varied), puts N entity spans on it, revises it with the edits of the held-out set
(corrected figures, typo fixes, trimmed and re-punctuated quotes, moved, added and removed
paragraphs), then times ``reanchor`` against the bare diff-match-patch diff of the same two
texts, in the same run. Target: < 300 ms for 7,500 spans on 50,000 words.
It also prints the quality figures on the held-out set (tests/revisions/heldout.jsonl).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the checkout

import fast_diff_match_patch as dmp  # noqa: E402

from desktop.domain.anchoring import Target, diff_counts, reanchor, summary  # noqa: E402
from tests.revisions import make_heldout  # noqa: E402
from tests.revisions.evaluate import evaluate, load  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def long_article(words: int, rng: random.Random) -> str:
    paras = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    out, n = [], 0
    while n < words:
        p = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 9)), rng.choice(paras))
        out.append(p)
        n += len(p.split())
    return "\n".join(out) + "\n"


def spans_on(text: str, n: int, rng: random.Random) -> list[Target]:
    words = [m.span() for m in re.finditer(r"\b[A-Z][a-z]+\b|\b\d+\b", text)]
    if len(words) < n:
        words += [m.span() for m in re.finditer(r"\b[a-z]{5,}\b", text)]
    chosen = sorted(rng.sample(words, n))
    return [Target(f"s{i}", a, b, exclusive=True) for i, (a, b) in enumerate(chosen)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--spans", type=int, default=7_500)
    ap.add_argument("--edits", type=int, default=36)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(7)
    old = long_article(args.words, rng)
    targets = spans_on(old, args.spans, rng)
    chars: make_heldout.Chars = [(c, i) for i, c in enumerate(old)]
    done = 0
    while done < args.edits:
        done += make_heldout.edit(chars, rng, rng.choice(make_heldout.KINDS)) is not None
    new = "".join(c for c, _ in chars)

    bare, ours, after = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ops = dmp.diff(old, new, timelimit=2.0, checklines=False, cleanup="Semantic", counts_only=True)
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        placements = reanchor(old, new, targets)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        reanchor(old, new, targets, ops)
        after.append(time.perf_counter() - t0)
    outcomes: dict[str, int] = {}
    for p in placements:
        outcomes[p.outcome.value] = outcomes.get(p.outcome.value, 0) + 1
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"article: {len(old.split()):,} words, {len(old):,} characters; {len(targets):,} spans; {args.edits} edits")
    print(f"summary: {summary(old, new, diff_counts(old, new))}")
    print(f"bare diff-match-patch diff: {1000 * b:7.1f} ms (median of {args.repeat})")
    print(f"re-anchor {len(targets):,} spans:   {1000 * o:7.1f} ms (diff included; {o / b:.1f}x the bare diff)")
    print(f"  of which after the diff:  {1000 * statistics.median(after):7.1f} ms (mapping, exact and fuzzy search)")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print()
    print("held-out set (tests/revisions/heldout.jsonl):")
    for line in evaluate(load()).lines():
        print("  " + line)


if __name__ == "__main__":
    main()
