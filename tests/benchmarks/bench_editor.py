"""Editor benchmark (run on demand): opening a 50,000-word article with 7,500 spans.

    .venv/bin/python tests/benchmarks/bench_editor.py

Prints bare ``setPlainText`` vs ``AnnotatedTextView.set_document`` (each until the
first screen is painted), their ratio (target: under 3x), and the cost of
``update_annotations`` after a single relabel.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from desktop.domain.labels import default_labels  # noqa: E402
from desktop.domain.model import Review, Span  # noqa: E402
from desktop.ui.editor import AnnotatedTextView  # noqa: E402
from desktop.ui.editor.tokens import fallback_tokens  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WORDS = 50_000
SPANS = 7_500
ROUNDS = 11


def make_article() -> str:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    paragraphs = [p for p in corpus.split("\n") if p.strip()]
    out: list[str] = []
    n = i = 0
    while n < WORDS:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        n += len(p.split())
        i += 1
    return "\n".join(out)


def make_spans(text: str) -> list[Span]:
    words = [t for t in fallback_tokens(text) if text[t.start].isalpha()]
    step = len(words) / SPANS
    labels = [ld.name for ld in default_labels()]
    spans: list[Span] = []
    for k in range(SPANS):
        t = words[int(k * step)]
        status = Review.SUGGESTED if k % 3 else Review.ACCEPTED
        spans.append(Span(f"s{k}", "bench", t.start, t.end, labels[k % len(labels)], status=status))
    return spans


def _shifts(paragraphs: list[str]):  # type: ignore[no-untyped-def]
    """Offset shift (code points) of a position in the original text after the emoji insertion."""
    ends: list[int] = []
    pos = 0
    for p in paragraphs:
        pos += len(p) + 1
        ends.append(pos)

    def shift(cp: int) -> int:
        i = bisect_right(ends, cp)  # paragraphs that end before cp
        return 2 * ((i + 19) // 20)  # " 👍" after paragraphs 0, 20, 40, ...

    return shift


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    text = make_article()
    spans = make_spans(text)
    labels = default_labels()
    tokens = fallback_tokens(text)

    bare = QPlainTextEdit()
    bare.resize(1000, 800)
    bare.show()
    view = AnnotatedTextView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()

    def open_bare() -> None:
        bare.setPlainText(text)
        bare.viewport().grab()  # paints the first screen synchronously

    def open_view() -> None:
        view.set_document(text, spans, [], labels, tokens)
        view.viewport().grab()

    t_bare: list[float] = []
    t_view: list[float] = []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine load
        t_bare.append(timed(open_bare))
        t_view.append(timed(open_view))

    def relabel(k: int) -> None:
        changed = list(spans)
        changed[k] = replace(spans[k], label="ORG" if spans[k].label != "ORG" else "GPE")
        view.update_annotations(changed, [])
        view.viewport().grab()

    t_update = [timed(lambda k=k: relabel(k)) for k in range(ROUNDS)]

    # The same article with an emoji in every 20th paragraph: the astral offset map is built.
    paragraphs = text.split("\n")
    emoji_text = "\n".join(p + " 👍" if i % 20 == 0 else p for i, p in enumerate(paragraphs))
    shift = _shifts(paragraphs)
    emoji_spans = [replace(s, start=s.start + shift(s.start), end=s.end + shift(s.start)) for s in spans]

    def open_emoji() -> None:
        view.set_document(emoji_text, emoji_spans, [], labels, None)
        view.viewport().grab()

    def open_bare_emoji() -> None:
        bare.setPlainText(emoji_text)
        bare.viewport().grab()

    t_bare_e: list[float] = []
    t_view_e: list[float] = []
    for _ in range(ROUNDS):
        t_bare_e.append(timed(open_bare_emoji))
        t_view_e.append(timed(open_emoji))

    rows = [
        ("bare setPlainText + first paint", t_bare),
        ("set_document + first paint", t_view),
        ("update_annotations (1 relabel) + paint", t_update),
        ("with emoji: bare setPlainText + first paint", t_bare_e),
        ("with emoji: set_document + first paint", t_view_e),
    ]
    print(f"article: {len(text.split()):,} words, {len(text):,} characters, {len(spans):,} spans")
    print(f"{'measure':<46}{'min ms':>9}{'median ms':>11}")
    for name, ts in rows:
        print(f"{name:<46}{min(ts) * 1000:>9.1f}{statistics.median(ts) * 1000:>11.1f}")
    for name, view_ts, bare_ts in (("ratio (target < 3.0)", t_view, t_bare), ("with emoji: ratio", t_view_e, t_bare_e)):
        ratio_min = min(view_ts) / min(bare_ts)
        ratio_med = statistics.median(view_ts) / statistics.median(bare_ts)
        print(f"{name:<46}{ratio_min:>9.2f}{ratio_med:>11.2f}")
    view.close()
    bare.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
