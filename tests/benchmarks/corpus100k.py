"""A deterministic news-like corpus for the 100,000-article benchmarks, built once into /tmp.

Articles of ~600 words: Zipf-distributed vocabulary of ~20,000 made-up words mixed with real
function words and a few hundred names (people, places, organisations); 30 entity spans and
3 claims per article; titles, sources, dates and statuses spread like a newsroom's.
Built with plain sqlite3 at schema 0003 (the database before this release), so that the
upgrade to the search index can be timed on a copy: ``python tests/benchmarks/corpus100k.py N``.
"""

from __future__ import annotations

import itertools
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from desktop.db import resolve_url
from desktop.db.dialect import make_engine
from desktop.db.migrate import upgrade

CACHE = Path("/tmp/newsdesk-bench")
FUNCTION = ("the of and to in a that for on is was said with he it as at by from his have be has are "  # noqa: SIM905
            "but not were after they who this an had its their been would will more about over than").split()
NAMES = [f"{a}{b}" for a in ("Nor", "Kal", "Bren", "Sol", "Tam", "Vey", "Ors", "Lin", "Quo", "Har", "Mel", "Dor")
         for b in ("ano", "ick", "ette", "berg", "ov", "ez", "and", "ura", "is", "ton", "ia", "ham")]
SOURCES = ["Reuters", "AP", "AFP", "BBC", "CBS News", "JNS", "Al Jazeera", "The Guardian", "Le Monde", "DW"]
STATUSES = ["todo"] * 6 + ["in_progress"] * 2 + ["done"] * 2
SPANS, CLAIMS = 30, 3


def _vocab(rng: random.Random, n: int = 20_000) -> list[str]:
    syll = ["ba", "ko", "ri", "sta", "men", "lo", "tra", "vi", "de", "po", "sun", "gar", "el", "ith", "on", "ur",
            "pre", "min", "is", "ter", "nal", "cor", "ve", "ab", "qua", "ze", "ho", "ly", "ment", "tion"]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(syll) for _ in range(rng.randint(1, 4))))
    words = sorted(out)
    rng.shuffle(words)  # frequency does not follow spelling: a prefix is not a list of the commonest words
    return words


def path_for(n: int) -> Path:
    return CACHE / f"corpus-{n}-r0003.sqlite3"


def build(n: int) -> Path:
    """The database with ``n`` articles at schema 0003 (cached)."""
    target = path_for(n)
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    engine = make_engine(resolve_url(tmp))
    upgrade(engine, "0003")
    engine.dispose()
    rng = random.Random(15)
    vocab = _vocab(rng)
    weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    batch_a, batch_s, batch_c = [], [], []
    sentences = []
    for _ in range(4000):  # a pool of sentences: articles are drawn from it (fast, and words co-occur)
        words = rng.choices(vocab, cum_weights=weights, k=14) + rng.choices(FUNCTION, k=5) + rng.choices(NAMES, k=1)
        rng.shuffle(words)
        words[0] = words[0].capitalize()
        sentences.append(words)
    for i in range(n):
        parts, pos, offsets = [], 0, []
        for j, words in enumerate(rng.choices(sentences, k=30)):
            for k, w in enumerate(words):
                sep = (".\n\n" if j % 6 == 5 else ". ") if k == len(words) - 1 else " "
                offsets.append((pos, pos + len(w), w))
                parts.append(w + sep)
                pos += len(w) + len(sep)
        text = "".join(parts).strip()
        aid = f"a-{i:016x}"
        title = " ".join(rng.choices(vocab, cum_weights=weights, k=rng.randint(5, 10))).capitalize()
        day = f"{2015 + i % 11}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        batch_a.append((aid, text, f"{i:064x}", title, rng.choice(SOURCES), None, day, "en", "{}",
                        rng.choice(STATUSES), "bench 1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        picks = sorted(rng.sample(offsets, k=min(SPANS, len(offsets))), key=lambda o: o[0])
        for k, (s, e, _w) in enumerate(picks):
            batch_s.append((f"s-{i:08x}{k:04x}", aid, s, e, rng.choice(["PERSON", "ORG", "GPE", "DATE"]),
                            "model", "suggested" if k % 3 else "accepted", None, None, "", "bench 1"))
        for k in range(CLAIMS):
            s = offsets[k * 150][0]
            e = offsets[k * 150 + 20][1]
            batch_c.append((f"c-{i:08x}{k:04x}", aid, s, e, rng.choice(["quote", "statistic", "prediction"]),
                            "direct", 1, rng.choice(["unverified", "true", "false"]), "model",
                            "suggested", "", "[]", None, ""))
        if len(batch_a) >= 2000 or i == n - 1:
            con.executemany("INSERT INTO articles (id, text, sha256, title, source, url, published, language,"
                            " meta_extra, status, annotated_by, created, updated) VALUES"
                            " (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch_a)
            con.executemany('INSERT INTO spans (id, article_id, start, "end", label, origin, status, entity_id,'
                            " annotator, updated, model) VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch_s)
            con.executemany('INSERT INTO claims (id, article_id, start, "end", kind, attribution, checkworthy,'
                            " verdict, origin, status, note, evidence, annotator, updated) VALUES"
                            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch_c)
            con.commit()
            batch_a, batch_s, batch_c = [], [], []
            print(f"\r  built {i + 1:,} of {n:,} articles ({time.perf_counter() - started:.0f} s)", end="",
                  file=sys.stderr, flush=True)
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    print(file=sys.stderr)
    tmp.rename(target)
    return target


def upgraded(n: int) -> Path:
    """The same corpus at the head schema, search index built (cached)."""
    from desktop.db import open_store

    target = CACHE / f"corpus-{n}-head.sqlite3"
    if not target.exists():
        src = build(n)
        tmp = target.with_suffix(".upgrading")
        shutil.copyfile(src, tmp)
        open_store(tmp).close()
        for extra in tmp.parent.glob(tmp.name + ".bak-*"):
            extra.unlink()
        tmp.rename(target)
    return target


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [100, 1000, 10_000, 100_000]:
        print(upgraded(size))
