"""Benchmark: the analyst's view of speed, in the real main window.

Run on demand:  QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window.py

A 50,000-word article with 7,500 entity spans (paragraphs of ~120 words) is stored in a
fresh SQLite file. Timed in the same run:
  - bare ``QPlainTextEdit.setPlainText`` of the text, plus its first paint;
  - opening the article in the window (highlights drawn, first paint), from a click (read from
    the database) and as the next article (Alt+Down: read ahead while the previous one was open);
  - one edit each way the analyst makes it (add, relabel, reject, undo, redo): from the
    request to the repainted view, database commit included.
Targets (issue 16): open <= 3x bare setPlainText; each edit's p95 < 30 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from desktop.app import make_services  # noqa: E402
from desktop.db import open_store  # noqa: E402
from desktop.domain.ids import new_id  # noqa: E402
from desktop.domain.model import Article, ArticleMeta, Document, Origin, Review, Span, text_sha256  # noqa: E402
from desktop.ui.window import MainWindow  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def vocabulary(seed: int = 11) -> list[str]:
    """Realistic news vocabulary: the seed articles' words, plus invented names and places so
    that the entity list has thousands of distinct mentions (as a long real article does)."""
    words = [w for p in sorted(SEEDS.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()]
    rng = random.Random(seed)
    syll = ["ba", "ka", "ri", "mon", "tel", "sha", "vi", "dor", "el", "an", "ro", "zu", "ne", "lia", "gar", "ost"]
    names = ["".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(4_000)]
    return words + names


def long_document(words: int = 50_000, spans: int = 7_500, seed: int = 3) -> Document:
    rng = random.Random(seed)
    vocab = vocabulary()
    parts, offsets, pos = [], [], 0
    for i in range(words):
        w = rng.choice(vocab)
        sep = "\n" if i % 120 == 119 else " "
        parts.append(w + sep)
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    text = "".join(parts).rstrip()
    sha = text_sha256(text)
    aid = f"a-{sha[:16]}"
    step = words // spans
    out = [Span(new_id("span"), aid, *offsets[i * step], rng.choice(["PERSON", "ORG", "GPE"]),
                origin=Origin.MODEL, status=Review.SUGGESTED, model="bench") for i in range(spans)]  # fmt: skip
    return Document(Article(aid, text, ArticleMeta(title="Long article", sha256=sha), annotated_by="bench"),
                    spans=out)  # fmt: skip


def settle(app: QApplication, widget) -> None:  # type: ignore[no-untyped-def]
    """Everything done: pending events (side panels) handled and the text repainted."""
    app.processEvents()
    widget.viewport().repaint()
    app.processEvents()


def painted(widget) -> None:  # type: ignore[no-untyped-def]
    """The text with its highlights on screen (side panels may follow on the next turn)."""
    widget.viewport().repaint()


def ms(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    doc = long_document()
    with tempfile.TemporaryDirectory() as tmp:
        other = long_document(seed=4)
        store = open_store(str(Path(tmp) / "bench.sqlite3"))
        store.add_documents([doc, other])
        store.close()
        services = make_services(str(Path(tmp) / "bench.sqlite3"))
        window = MainWindow(services)
        window.resize(1400, 900)
        window.show()
        settle(app, window.view)

        bare = []
        for _ in range(3):
            edit = QPlainTextEdit()
            edit.resize(900, 800)
            edit.show()
            bare.append(ms(lambda e=edit: (e.setPlainText(doc.text), settle(app, e))))
            edit.close()
        opened, opened_all = [], []
        for _ in range(3):
            window.pane.clear()
            settle(app, window.view)
            opened.append(ms(lambda: (window.open_article(doc.id), painted(window.view))))
            window.pane.clear()
            settle(app, window.view)
            opened_all.append(ms(lambda: (window.open_article(doc.id), settle(app, window.view))))
        ahead, ahead_all = [], []
        for i in range(6):
            doc_first = window.articles.neighbour(doc.id, 1) == other.id
            first, second = (doc.id, other.id) if doc_first else (other.id, doc.id)
            window.open_article(first)
            settle(app, window.view)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and window.opened.ahead_id is None:
                app.processEvents()
                time.sleep(0.02)
            if i % 2:
                ahead_all.append(ms(lambda: (window.next_article(), settle(app, window.view))))
            else:
                ahead.append(ms(lambda: (window.next_article(), painted(window.view))))
                settle(app, window.view)
            assert window.current_id == second
        window.open_article(doc.id)
        settle(app, window.view)

        text = doc.text
        taken = {s.start for s in doc.spans}
        free = (i for i in range(1, len(text)) if text[i - 1] in " \n" and text[i] not in " \n" and i not in taken)
        suggestions = iter(doc.spans[100:])
        editing = window.edits

        def add() -> None:
            start = next(free)
            end = min(e for e in (text.find(" ", start), text.find("\n", start)) if e > 0)
            editing.label(start, end, "PERSON")
            settle(app, window.view)

        def relabel() -> None:
            editing.relabel(next(suggestions).id, "GPE")
            settle(app, window.view)

        def reject() -> None:
            editing.remove(next(suggestions).id)
            settle(app, window.view)

        def undo() -> None:
            window.undo()
            settle(app, window.view)

        def redo() -> None:
            window.redo()
            settle(app, window.view)

        rows = []
        for name, fn in (("add a span", add), ("relabel", relabel), ("reject", reject), ("undo", undo),
                         ("redo", redo)):  # fmt: skip
            fn()  # warm
            runs = sorted(ms(fn) for _ in range(15))
            rows.append((name, statistics.median(runs), statistics.quantiles(runs, n=20)[-1]))
        window.runner.cancel_all()
        window.runner.wait()
        window.close()
        services.close()

    b = statistics.median(bare)
    o, o_all = statistics.median(opened), statistics.median(opened_all)
    a, a_all = statistics.median(ahead), statistics.median(ahead_all)
    distinct = len({doc.text[s.start : s.end] for s in doc.spans})
    print(f"article: 50,000 words ({len(set(doc.text.split())):,} distinct), 7,500 spans "
          f"({distinct:,} distinct mentions), {len(doc.text):,} characters")
    print(f"{'':<34}{'median ms':>10}{'x bare':>8}")
    print(f"{'bare setPlainText + paint':<34}{b:>10.1f}{1.0:>8.2f}")
    print("open an article: highlighted text painted / and the side panels filled too")
    print(f"{'  by a click (read from SQLite)':<34}{o:>10.1f}{o / b:>8.2f}   {o_all:.1f} ms, {o_all / b:.2f}x")
    print(f"{'  next one, Alt+Down (read ahead)':<34}{a:>10.1f}{a / b:>8.2f}   {a_all:.1f} ms, {a_all / b:.2f}x")
    print(f"{'edit (request -> repainted view)':<34}{'median':>10}{'p95':>8}")
    for name, med, p in rows:
        print(f"  {name:<32}{med:>10.1f}{p:>8.1f}")


if __name__ == "__main__":
    main()
