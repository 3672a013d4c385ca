"""Two (or more) writer processes on one article, through the services: the race of issue 9.

    .venv/bin/python -m tests.stress.writers URL [ROUNDS]

Sets up one article with one claim, then starts two processes that, at the same moments,
each append a token to the claim's note ROUNDS times (read, modify, write through
``ClaimEditor.update``) and add entity spans that overlap the other process's spans.
Prints how many updates each process saw succeed, how many of those are missing from the
final note (lost updates), how many it saw refused (ConflictError), and how many pairs of
visible entity spans overlap at the end. Used by tests/services/test_stress.py too.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
import time
from typing import Any

from desktop.db import open_store
from desktop.domain.errors import ActionRefused, ConflictError
from desktop.domain.model import Article, ArticleMeta, Claim, Document
from desktop.services import build_services

TEXT = " ".join(f"word{i:03d}" for i in range(400))  # 8 characters a word, one space between


class NoEngine:  # the writers never run NLP
    def info(self) -> Any: ...
    def load(self) -> Any: ...
    def suggest(self, *a: Any, **k: Any) -> Any: return iter(())
    def tokens(self, text: str) -> list[Any]: return []


def services(url: str) -> Any:
    return build_services(open_store(url), NoEngine(), annotator="stress")  # type: ignore[arg-type]


def setup(url: str) -> tuple[str, str]:
    store = open_store(url)
    article = Article(id="a-stress", text=TEXT, meta=ArticleMeta(title="stress"))
    claim = Claim(id="c-stress", article_id=article.id, start=0, end=7)
    store.add_documents([Document(article=article, claims=[claim])])
    store.close()
    return article.id, claim.id


def _writer(url: str, who: str, rounds: int, start_at: float, out: Any) -> None:
    sv = services(url)
    ok: list[str] = []
    conflicts = refused = 0
    latencies: list[float] = []
    while time.time() < start_at:
        time.sleep(0.001)
    for i in range(rounds):
        token = f"{who}{i}"
        t = time.perf_counter()
        try:
            claim = sv.claims._claim("c-stress")
            sv.claims.update("c-stress", based_on=claim, note=(claim.note + " " + token).strip())
            ok.append(token)
        except ConflictError:
            conflicts += 1
        latencies.append(time.perf_counter() - t)
        # spans: process A labels words [i, i+1], process B words [i+1, i+2]: every pair overlaps
        w = i % 390 + (1 if who == "B" else 0)
        try:
            sv.spans.add("a-stress", w * 9, w * 9 + 17, "ORG")
        except ConflictError:
            conflicts += 1
        except ActionRefused:
            refused += 1
    sv.close()
    out.put({"who": who, "ok": ok, "conflicts": conflicts, "refused": refused, "latencies": latencies})


def race(url: str, rounds: int = 200) -> dict[str, Any]:
    setup(url)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 2.0  # both processes are up by then
    procs = [ctx.Process(target=_writer, args=(url, who, rounds, start_at, out)) for who in ("A", "B")]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    sv = services(url)
    note = sv.read.get("c-stress").note.split()  # type: ignore[union-attr]
    visible = [s for s in sv.read.spans("a-stress") if s.visible]
    sv.close()
    written = [t for r in results for t in r["ok"]]
    overlaps = sum(1 for a, b in zip(visible, visible[1:], strict=False) if b.start < a.end)
    return {
        "updates_ok": len(written),
        "lost": len(set(written) - set(note)),
        "conflicts": sum(r["conflicts"] for r in results),
        "refused_overlap": sum(r["refused"] for r in results),
        "overlapping_pairs": overlaps,
        "visible_spans": len(visible),
    }


if __name__ == "__main__":
    print(json.dumps(race(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200)))
