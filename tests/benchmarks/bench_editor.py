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
ROUNDS = 5


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

    t_bare = [timed(open_bare) for _ in range(ROUNDS)]
    t_view = [timed(open_view) for _ in range(ROUNDS)]

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

    t_bare_e = [timed(open_bare_emoji) for _ in range(ROUNDS)]
    t_view_e = [timed(open_emoji) for _ in range(ROUNDS)]

    b, v, u = statistics.median(t_bare), statistics.median(t_view), statistics.median(t_update)
    print(f"article: {len(text.split()):,} words, {len(text):,} characters, {len(spans):,} spans")
    print(f"{'measure':<44}{'median ms':>10}")
    print(f"{'bare setPlainText + first paint':<44}{b * 1000:>10.1f}")
    print(f"{'set_document + first paint':<44}{v * 1000:>10.1f}")
    print(f"{'ratio (target < 3.0)':<44}{v / b:>10.2f}")
    print(f"{'update_annotations (1 relabel) + paint':<44}{u * 1000:>10.1f}")
    be, ve = statistics.median(t_bare_e), statistics.median(t_view_e)
    print(f"{'with emoji: bare setPlainText + first paint':<44}{be * 1000:>10.1f}")
    print(f"{'with emoji: set_document + first paint':<44}{ve * 1000:>10.1f}")
    print(f"{'with emoji: ratio':<44}{ve / be:>10.2f}")
    view.close()
    bare.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
