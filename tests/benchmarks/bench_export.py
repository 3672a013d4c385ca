"""Benchmark (on demand): `newsdesk export --format jsonl` against a bare SELECT + json.dumps.

    .venv/bin/python tests/benchmarks/bench_export.py [--sizes 100,1000,10000] [--postgres]

For each size, a database of annotated articles (~600 words, ~100 entity spans, a few
claims and links each) is built once; then, in the same run:
  - bare: one SELECT per table (articles, spans, claims, links) with the DB-API driver,
    rows grouped per article, one ``json.dumps`` per article written to a file;
  - Newsdesk: ``Corpus.export(..., "jsonl")`` (the `newsdesk export` path), streamed.
Prints the per-article cost of each, their ratio, and Newsdesk's peak traced memory
(tracemalloc: flat in the number of articles when the export streams).
With --postgres the same runs on a throwaway PostgreSQL server (as tests/conftest.py starts one).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.db import open_store  # noqa: E402
from desktop.domain.model import (  # noqa: E402
    Article,
    ArticleMeta,
    Claim,
    ClaimKind,
    Document,
    Link,
    LinkLabel,
    Origin,
    Review,
    Span,
    text_sha256,
)
from desktop.services import build_services  # noqa: E402

SEEDS = ROOT / "seeds"


def vocabulary() -> list[str]:
    return [w for p in sorted(SEEDS.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()]


def article(i: int, vocab: list[str], rng: random.Random) -> Document:
    words = [rng.choice(vocab) for _ in range(600)]
    words[0] = f"#{i}"  # every text differs (duplicates are recognised by their SHA-256)
    offsets, pos = [], 0
    for w in words:
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    text = " ".join(words)
    sha = text_sha256(text)
    aid = f"a-{sha[:16]}"
    spans = [Span(f"s-{i}-{k}", aid, *offsets[k * 6 + 1], rng.choice(["PERSON", "ORG", "GPE", "DATE"]),
                  Origin.MODEL, rng.choice([Review.SUGGESTED, Review.ACCEPTED]), None, None, "2026-01-01T00:00:00Z",
                  "bench") for k in range(100)]  # fmt: skip
    claims = [Claim(f"c-{i}-{k}", aid, offsets[k * 100 + 3][0], offsets[k * 100 + 20][1], ClaimKind.STATISTIC,
                    note="check", evidence=["https://example.org/x"]) for k in range(3)]  # fmt: skip
    links = [Link(f"l-{i}-{k}", aid, LinkLabel.SAID_BY, f"c-{i}-{k}", f"s-{i}-{k * 16}") for k in range(3)]
    meta = ArticleMeta(title=f"Article {i}", source="Bench", published="2025-07-10", sha256=sha)
    return Document(Article(aid, text, meta), spans, claims, links)


def build(url: str, n: int) -> float:
    rng = random.Random(n)
    vocab = vocabulary()
    store = open_store(url)
    started = time.perf_counter()
    batch: list[Document] = []
    for i in range(n):
        batch.append(article(i, vocab, rng))
        if len(batch) == 200:
            store.add_documents(batch)
            batch = []
    if batch:
        store.add_documents(batch)
    store.close()
    return time.perf_counter() - started


def bare_export(url: str, dest: Path) -> None:
    """What any script would do: SELECT each table, group by article, json.dumps a line each."""
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.split("///", 1)[1])
    else:
        import psycopg

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))  # type: ignore[assignment]
    cur = conn.cursor()
    children: dict[str, dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    span_cols = 'id, article_id, start, "end", label, origin, status, entity_id, annotator, updated'
    for table, cols in (("spans", span_cols),
                        ("claims", "id, article_id, start, \"end\", kind, attribution, checkworthy, verdict, origin, "
                                   "status, note, evidence, annotator, updated"),
                        ("links", "id, article_id, label, head, child_span_id, child_claim_id, child_entity_id, note, "
                                  "annotator, updated")):  # fmt: skip
        cur.execute(f"SELECT {cols} FROM {table} ORDER BY article_id, id")
        names = [d[0] for d in cur.description]
        for row in cur:
            rec = dict(zip(names, row, strict=True))
            children[str(rec["article_id"])][table].append(rec)
    cur.execute("SELECT id, text, title, source, url, published, language, sha256, status FROM articles ORDER BY id")
    names = [d[0] for d in cur.description]
    with dest.open("w", encoding="utf-8") as f:
        for row in cur:
            rec: dict[str, object] = dict(zip(names, row, strict=True))
            rec.update(children.get(str(rec["id"]), {}))
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
    conn.close()


def newsdesk_export(url: str, dest: Path) -> None:
    store = open_store(url)
    services = build_services(store, None)  # type: ignore[arg-type] - export needs no NLP
    try:
        services.corpus.export(dest, "jsonl")
    finally:
        services.close()


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def peak(fn, *args) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway server, started as tests/conftest.py does (as the postgres user when root)."""
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="newsdesk-bench-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(root, pg.pw_uid, pg.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", opts, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def bench(label: str, make_url, sizes: list[int], tmp: Path) -> None:  # type: ignore[no-untyped-def]
    print(f"\n{label}: export --format jsonl, annotated articles (~600 words, 100 spans, 3 claims, 3 links)")
    print(f"{'articles':>9}{'build s':>9}{'bare ms/art':>13}{'newsdesk ms/art':>17}{'ratio':>7}{'peak MB':>9}")
    for n in sizes:
        url = make_url(n)
        built = build(url, n)
        bare = min(timed(bare_export, url, tmp / f"bare-{n}.jsonl") for _ in range(2))
        ours = min(timed(newsdesk_export, url, tmp / f"nd-{n}.jsonl") for _ in range(2))
        mem = peak(newsdesk_export, url, tmp / f"nd-{n}.jsonl") if n <= 1_000 else 0
        mem_txt = f"{mem / 1e6:>9.1f}" if mem else f"{'-':>9}"
        print(f"{n:>9,}{built:>9.1f}{bare / n * 1000:>13.3f}{ours / n * 1000:>17.3f}{ours / bare:>7.2f}{mem_txt}",
              flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bench("SQLite", lambda n: f"sqlite+pysqlite:///{tmp}/bench-{n}.sqlite3", sizes, tmp)
        if args.postgres:
            import psycopg

            with postgres_server() as server:

                def make(n: int) -> str:
                    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://") + "/postgres",
                                         autocommit=True) as conn:  # fmt: skip
                        conn.execute(f"CREATE DATABASE bench_{n}")
                    return f"{server}/bench_{n}"

                bench("PostgreSQL", make, sizes, tmp)


if __name__ == "__main__":
    main()
