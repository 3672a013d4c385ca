"""Benchmark: corpus search, the search index build at upgrade, and the article list, at scale.

Run on demand:  QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_search.py [SIZES]
(default sizes 100 1000 10000 100000; corpora of ~600-word articles are built once into
/tmp/newsdesk-bench, see corpus100k.py, so reruns take a few minutes).

Printed side by side, in the same run:
  - index build: upgrading a 0003 database (backup + migration 0006 with its progress) against a
    bare ``INSERT INTO fts5_table SELECT title, text`` of the same texts;
  - search: ``services.search.run`` (filters, two-step snippets, hits) against the bare FTS5 query
    ``SELECT rowid, snippet(...) ... MATCH ? ORDER BY rank LIMIT 50`` of the same terms;
  - the window: time until the article list shows (and the first article), scrolling to the end,
    a filter, a sort, Alt+Down; resident memory; against a bare SQL page read.
Targets (issue 15): search p95 < 50 ms and <= 2x bare; list usable < 1.5 s with memory that does
not grow with the corpus; index build for 100,000 articles < 60 s.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus100k  # noqa: E402

from desktop.db import open_store  # noqa: E402
from desktop.db.search import fts5_match  # noqa: E402
from desktop.domain.search import parse_query  # noqa: E402

LIMIT = 50


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


# -- index build ------------------------------------------------------------------------------


def bench_build(n: int) -> tuple[float, float, float, int]:
    """(upgrade s, of which index build s, bare FTS5 insert s, progress reports)."""
    src = corpus100k.build(n)
    with tempfile.TemporaryDirectory(dir=corpus100k.CACHE) as tmp:
        db = Path(tmp) / "up.sqlite3"
        shutil.copyfile(src, db)
        marks: list[float] = []
        t = time.perf_counter()
        open_store(db, progress=lambda _d, _t, _m: marks.append(time.perf_counter())).close()
        upgrade_s = time.perf_counter() - t
        index_s = marks[-1] - marks[0] if marks else 0.0
        bare_db = Path(tmp) / "bare.sqlite3"
        shutil.copyfile(src, bare_db)
        con = sqlite3.connect(bare_db)
        t = time.perf_counter()
        con.execute("CREATE VIRTUAL TABLE bare USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
        con.execute("INSERT INTO bare (title, body) SELECT title, text FROM articles")
        con.execute('INSERT INTO bare (title, body) SELECT \'\', substr(a.text, c.start + 1, c."end" - c.start)'
                    " FROM claims c JOIN articles a ON a.id = c.article_id")  # fmt: skip
        con.commit()
        bare_s = time.perf_counter() - t
        con.close()
    return upgrade_s, index_s, bare_s, len(marks)


# -- search -----------------------------------------------------------------------------------


def queries(db: Path, rng: random.Random) -> list[str]:
    """Realistic queries: common and rare words, prefixes, two-word phrases, names, a filter."""
    con = sqlite3.connect(db)
    texts = [r[0] for r in con.execute("SELECT text FROM articles ORDER BY id LIMIT 50")]
    con.close()
    words = [w.strip(".,").lower() for t in texts for w in t.split()]
    common = [w for w in set(words) if len(w) > 5 and words.count(w) > 20][:20] or words[:20]
    out: list[str] = []
    for _ in range(8):
        w = rng.choice(common)
        out.append(w)  # a frequent word (whole word; it also matches as a prefix)
        out.append(w[:4])  # a short prefix: many words
    for _ in range(8):
        t = rng.choice(texts).split()
        i = rng.randrange(0, len(t) - 2)
        out.append('"' + " ".join(x.strip(".,") for x in t[i : i + 2]) + '"')  # a phrase
        out.append(" ".join(x.strip(".,") for x in t[i : i + 3 : 2]))  # two words from one article
    for name in rng.sample(corpus100k.NAMES, 6):
        out.append(name.lower())
        out.append(f"{name.lower()} status:done")
    return out


def bench_search(n: int, reps: int) -> tuple[list[float], list[float], int]:
    from desktop.app import make_services

    db = corpus100k.upgraded(n)
    services = make_services(str(db))
    qs = queries(db, random.Random(n))
    raw = sqlite3.connect(db)
    bare_sql = ("SELECT rowid, snippet(search_fts, 1, '\x02', '\x03', '\u2026', 24) FROM search_fts"
                " WHERE search_fts MATCH ? ORDER BY rank LIMIT ?")  # fmt: skip
    ours: list[float] = []
    bare: list[float] = []
    found = 0
    for q in qs:  # warm both (page cache, statement caches)
        services.search.run(parse_query(q, limit=LIMIT))
        raw.execute(bare_sql, (fts5_match(parse_query(q).terms), LIMIT)).fetchall()
    for _ in range(reps):
        for q in qs:
            parsed = parse_query(q, limit=LIMIT)
            t = time.perf_counter()
            hits = services.search.run(parsed)
            ours.append((time.perf_counter() - t) * 1000)
            found += len(hits)
            t = time.perf_counter()
            raw.execute(bare_sql, (fts5_match(parsed.terms), LIMIT)).fetchall()
            bare.append((time.perf_counter() - t) * 1000)
    raw.close()
    services.close()
    return ours, bare, found // max(1, reps * len(qs))


# -- the window -------------------------------------------------------------------------------


def bench_window(n: int) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop.app import make_services
    from desktop.ui.articles import ArticleTableModel
    from desktop.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = corpus100k.upgraded(n)
    out: dict[str, float] = {}
    raw = sqlite3.connect(db)
    t = time.perf_counter()
    raw.execute("SELECT id, title, source, published, status FROM articles ORDER BY coalesce(published, '') DESC,"
                " id DESC LIMIT 200").fetchall()  # fmt: skip
    out["bare page"] = (time.perf_counter() - t) * 1000
    raw.close()
    before = rss_mb()
    t = time.perf_counter()
    services = make_services(str(db))  # opens the database; the spaCy model is not loaded
    out["open the database"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    window = MainWindow(services)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.articles.view.viewport().repaint()
    out["window + list shown"] = (time.perf_counter() - t) * 1000
    window.open_article(window.articles.neighbour(None, 1) or "")  # what start() does, without the model load
    app.processEvents()
    window.view.viewport().repaint()
    out["+ first article"] = (time.perf_counter() - t) * 1000
    out["rows"] = window.articles.model.rowCount()
    view = window.articles.view

    def timed(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        fn()
        app.processEvents()
        view.viewport().repaint()
        out[name] = (time.perf_counter() - t0) * 1000

    timed("scroll to the end", view.scrollToBottom)
    timed("scroll to the middle", lambda: view.scrollTo(window.articles.model.index(n // 2, 0)))
    timed("sort by title", lambda: view.sortByColumn(ArticleTableModel.TITLE, Qt.SortOrder.AscendingOrder))
    timed("sort by date", lambda: view.sortByColumn(ArticleTableModel.DATE, Qt.SortOrder.DescendingOrder))

    def filter_() -> None:
        window.articles.filter.setText("ba")
        window.articles._apply_filter()  # noqa: SLF001 - skip the typing pause

    timed("filter title/source", filter_)

    def unfilter() -> None:
        window.articles.filter.setText("")
        window.articles._apply_filter()  # noqa: SLF001

    timed("clear the filter", unfilter)
    timed("reload (after an import)", window.reload_articles)
    window.open_article(window.articles.neighbour(None, 1) or "")
    app.processEvents()
    steps = []
    for _ in range(5):
        t0 = time.perf_counter()
        window.next_article()
        app.processEvents()
        window.view.viewport().repaint()
        steps.append((time.perf_counter() - t0) * 1000)
    out["Alt+Down"] = statistics.median(steps)
    out["memory MB"] = rss_mb() - before
    window.runner.cancel_all()
    window.runner.wait()
    window.close()
    services.close()
    return out


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 10_000, 100_000]
    print("Machine shared with other sessions: figures are noisy; compare the columns within a row.")
    print("\nIndex build when a 0003 database is upgraded (backup + migration 0006, with progress)")
    print(f"{'articles':>9}{'upgrade s':>11}{'index s':>9}{'bare FTS5 s':>13}{'x bare':>8}{'reports':>9}")
    for n in sizes:
        up, idx, bare, reports = bench_build(n)
        print(f"{n:>9,}{up:>11.1f}{idx:>9.1f}{bare:>13.1f}{idx / bare:>8.2f}{reports:>9}")
    print(f"\nSearch ({LIMIT} best hits with snippets), ms")
    print(f"{'articles':>9}{'p50':>8}{'p95':>8}{'bare p50':>10}{'bare p95':>10}{'x bare p95':>12}{'hits':>6}")
    for n in sizes:
        reps = 3 if n >= 100_000 else 5
        ours, bare, hits = bench_search(n, reps)
        print(f"{n:>9,}{statistics.median(ours):>8.1f}{p95(ours):>8.1f}{statistics.median(bare):>10.1f}"
              f"{p95(bare):>10.1f}{p95(ours) / max(p95(bare), 0.001):>12.2f}{hits:>6}")  # fmt: skip
    print("\nThe window (ms unless named)")
    results = {n: bench_window(n) for n in sizes}
    names = list(next(iter(results.values())))
    print(f"{'':<26}" + "".join(f"{n:>11,}" for n in sizes))
    for name in names:
        print(f"{name:<26}" + "".join(f"{results[n][name]:>11.1f}" for n in sizes))


if __name__ == "__main__":
    main()
