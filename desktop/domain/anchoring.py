"""Carrying annotations from one revision of a text to the next (plain Python).

The diff itself comes from Google's diff-match-patch (the C++ build,
``fast-diff-match-patch``); the fuzzy comparison of quotes and their context from
``rapidfuzz``. An annotation is re-found the way web annotators such as Hypothesis
anchor: by its position (moved along the diff), its quote, and the quote's prefix
and suffix.

Outcomes, from most to least certain:

- ``exact``: the annotated text lies inside an unchanged stretch; its place moves with the diff.
- ``moved``: the same text is found elsewhere (a moved paragraph, a re-flowed sentence), and
  its prefix or suffix confirms that it is the same occurrence.
- ``changed``: the text under the annotation changed (a corrected figure, a trimmed quote);
  both ends still map through the diff onto text that is close to the old quote. Placed, and
  flagged so that the analyst looks at it.
- ``unplaced``: none of the above with confidence. Never placed silently: listed as
  "needs a look", with a suggested place when a fuzzy search found one.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import fast_diff_match_patch as dmp
from rapidfuzz import fuzz, process

CONTEXT = 32  # characters of prefix and suffix kept with each quote
DIFF_SECONDS = 2.0  # diff-match-patch's time limit: past it the diff is coarser, never wrong
EXACT_CONTEXT = 16  # unchanged characters around a quote that make its diff position certain
CHANGED_MIN = 0.75  # similarity (0..1) of old and new text for a "changed" placement
MOVED_CONTEXT = 0.6  # context similarity for a quote found elsewhere
MOVED_MARGIN = 0.15  # ... and how much better than the next candidate it must be
FUZZY_MIN = 0.85  # a quote that changed and moved: placed (flagged "changed") when it matches this well
FUZZY_MIN_LENGTH = 12  # ... and is at least this long (short names are found exactly or not at all)
SUGGEST_MIN = 0.6  # a fuzzy match this good is offered as a suggestion for "needs a look"
MAX_CANDIDATES = 200


class Outcome(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    CHANGED = "changed"
    UNPLACED = "unplaced"

    @property
    def flagged(self) -> bool:
        """True when the analyst is told about it (the text changed, or it has no place)."""
        return self in (Outcome.CHANGED, Outcome.UNPLACED)


@dataclass(frozen=True, slots=True)
class Target:
    """An annotation's place in the old text. ``exclusive`` ones (entity spans) may not overlap."""

    id: str
    start: int
    end: int
    exclusive: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    id: str
    outcome: Outcome
    old_start: int
    old_end: int
    old_text: str
    start: int | None  # in the new text; None when unplaced
    end: int | None
    score: float  # 0..1: how sure (1.0 for exact)
    suggestion: tuple[int, int] | None = None  # for unplaced: the best fuzzy place found, if any

    @property
    def placed(self) -> bool:
        return self.start is not None


# -- the diff ----------------------------------------------------------------------------------


def diff_counts(old: str, new: str) -> list[tuple[str, int]]:
    """The character diff as ``(op, length)`` pairs, op in ``=``, ``-``, ``+`` (semantic cleanup)."""
    return list(dmp.diff(old, new, timelimit=DIFF_SECONDS, checklines=False, cleanup="Semantic", counts_only=True))


def diff_text(old: str, new: str) -> list[tuple[str, str]]:
    """The same diff with the text of each piece, for showing it."""
    out: list[tuple[str, str]] = []
    i = j = 0
    for op, n in diff_counts(old, new):
        if op == "+":
            out.append((op, new[j : j + n]))
            j += n
        else:
            out.append((op, old[i : i + n]))
            i += n
            if op == "=":
                j += n
    return out


class OffsetMap:
    """Old positions -> new positions along a diff."""

    def __init__(self, ops: Iterable[tuple[str, int]]) -> None:
        # one row per old-side segment ('=' or '-'): old start, old end, new start, new end after it
        self._o0: list[int] = []
        self._rows: list[tuple[str, int, int, int, int]] = []
        i = j = 0
        for op, n in ops:
            if op == "=":
                self._add("=", i, i + n, j, j + n)
                i += n
                j += n
            elif op == "-":
                self._add("-", i, i + n, j, j)
                i += n
            else:  # an insertion: widen the new side of the deletion before it, if any
                if self._rows and self._rows[-1][0] == "-" and self._rows[-1][2] == i:
                    kind, a, b, c, d = self._rows[-1]
                    self._rows[-1] = (kind, a, b, c, d + n)
                else:
                    self._add("-", i, i, j, j + n)  # a pure insertion: an empty old segment
                j += n
        self.old_len, self.new_len = i, j
        self._equal_new = [(n0, n1, o0) for kind, o0, _o1, n0, n1 in self._rows if kind == "=" and n1 > n0]
        self._n0 = [row[0] for row in self._equal_new]

    def _add(self, kind: str, o0: int, o1: int, n0: int, n1: int) -> None:
        self._o0.append(o0)
        self._rows.append((kind, o0, o1, n0, n1))

    def _row_at(self, pos: int) -> int:
        """Index of the last segment starting at or before ``pos`` (skipping empty ones there)."""
        k = bisect_right(self._o0, pos) - 1
        return max(k, 0)

    def unchanged(self, start: int, end: int, line: tuple[int, int] = (0, 1 << 62)) -> tuple[int, int] | None:
        """(new start, unchanged characters around it within ``line``) when [start, end) lies in one
        unchanged stretch."""
        if not self._rows:
            return None
        k = self._row_at(start)
        while k >= 0 and self._rows[k][1] == self._rows[k][2] and self._rows[k][1] == start:
            k -= 1  # an empty insertion row at this position: the equal stretch is before it
        if k < 0:
            return None
        kind, o0, o1, n0, _ = self._rows[k]
        if kind != "=" or not (o0 <= start and end <= o1):
            return None
        around = (start - max(o0, line[0])) + (min(o1, line[1]) - end)
        if o0 == 0:
            around += EXACT_CONTEXT  # unchanged from the text's own start: context enough
        if o1 == self.old_len:
            around += EXACT_CONTEXT
        return n0 + (start - o0), around

    def source(self, start: int, end: int) -> int | None:
        """The old position that the new range [start, end) is the unchanged image of, if it is one."""
        k = bisect_right(self._n0, start) - 1
        if k < 0:
            return None
        n0, n1, o0 = self._equal_new[k]
        return o0 + (start - n0) if end <= n1 else None

    def start(self, pos: int) -> int:
        """Where an annotation starting at old ``pos`` starts in the new text."""
        if not self._rows:
            return 0
        k = self._row_at(pos)
        kind, o0, o1, n0, n1 = self._rows[k]
        if kind == "=":
            return n0 + min(pos - o0, o1 - o0)
        return n0 if pos < o1 or o0 == o1 else n1

    def end(self, pos: int) -> int:
        """Where an annotation ending at old ``pos`` (exclusive) ends in the new text."""
        if not self._rows:
            return 0
        k = bisect_right(self._o0, pos - 1) - 1 if pos > 0 else 0
        kind, o0, o1, n0, n1 = self._rows[max(k, 0)]
        if kind == "=":
            return n0 + min(pos - o0, o1 - o0)
        return n1 if pos > o0 else n0


# -- re-anchoring ------------------------------------------------------------------------------


def reanchor(old: str, new: str, targets: Sequence[Target], ops: Sequence[tuple[str, int]] | None = None
             ) -> list[Placement]:  # fmt: skip
    """Place each target of ``old`` in ``new``; one placement per target, in the same order.

    Exclusive targets (entity spans) never end up overlapping each other: of two that would,
    the less certain one is unplaced instead.
    """
    omap = OffsetMap(ops if ops is not None else diff_counts(old, new))
    paras = _OldParagraphs(old, new)
    out = [_place(old, new, omap, t, paras) for t in targets]
    return _no_overlaps(out, targets)


class _OldParagraphs:
    """For a quote that the old text has more than once: is the new paragraph it was found in
    the new form of the old quote's own paragraph, rather than of another old paragraph?"""

    def __init__(self, old: str, new: str) -> None:
        self._old = old
        self._new = new
        self._lines: list[str] | None = None
        self._new_lines: list[tuple[int, int]] | None = None

    def best_new(self, paragraph: str) -> tuple[int, int] | None:
        """Where in the new text the paragraph most like ``paragraph`` is."""
        if self._new_lines is None:
            self._new_lines, pos = [], 0
            for line in self._new.split("\n"):
                if line.strip():
                    self._new_lines.append((pos, pos + len(line)))
                pos += len(line) + 1
        if not self._new_lines:
            return None
        choices = [self._new[a:b] for a, b in self._new_lines]
        best = process.extractOne(paragraph, choices, scorer=fuzz.ratio, score_cutoff=50)
        return self._new_lines[best[2]] if best is not None else None

    def check(self, new: str, s: int, e: int, paragraph: str) -> bool:
        if self._lines is None:
            self._lines = [line for line in self._old.split("\n") if line.strip()]
        a, b = _line(new, s, e)
        there = new[a:b]
        ours = fuzz.ratio(paragraph, there)
        if ours >= 99.5:
            return True
        return process.extractOne(there, self._lines, scorer=fuzz.ratio, score_cutoff=ours + 0.5) is None


def _place(old: str, new: str, omap: OffsetMap, t: Target, paras: _OldParagraphs) -> Placement:
    quote = old[t.start : t.end]

    def placed(outcome: Outcome, s: int, e: int, score: float) -> Placement:
        return Placement(t.id, outcome, t.start, t.end, quote, s, e, round(score, 3))

    edges = _edges(old, t.start, t.end)
    line = _line(old, t.start, t.end)
    hit = omap.unchanged(t.start, t.end, line)
    if hit is not None and hit[1] >= EXACT_CONTEXT and _edges(new, hit[0], hit[0] + len(quote)) == edges:
        return placed(Outcome.EXACT, hit[0], hit[0] + len(quote), 1.0)
    expected = omap.start(t.start)
    prefix = old[max(0, t.start - CONTEXT) : t.start]
    suffix = old[t.end : t.end + CONTEXT]
    found = _find_quote(new, omap, t.start, quote, prefix, suffix, expected, edges, old[line[0] : line[1]],
                        paras.check if _repeated(old, quote, t.start) else None)
    if found is not None and found[2]:
        s, score, _ = found
        return placed(Outcome.EXACT if s == expected and hit is not None else Outcome.MOVED, s, s + len(quote), score)
    s, e = _snapped(new, *_trimmed(new, expected, omap.end(t.end)), edges)
    if e > s:
        similarity = fuzz.ratio(quote, new[s:e]) / 100.0
        if similarity >= CHANGED_MIN and new[s:e] != quote and _context_agrees(new, s, e, prefix, suffix):
            return placed(Outcome.CHANGED, s, e, similarity)
    if found is not None:  # a long quote that occurs once, with some support from its context
        s, score, _ = found
        return placed(Outcome.MOVED, s, s + len(quote), score)
    if len(quote) >= FUZZY_MIN_LENGTH:
        fuzzy = _fuzzy(new, quote, prefix, suffix, expected, old[line[0] : line[1]], paras, edges)
        if fuzzy is not None:
            return placed(Outcome.CHANGED, *fuzzy)
    suggestion, score = _suggest(new, quote, expected)
    return Placement(t.id, Outcome.UNPLACED, t.start, t.end, quote, None, None, round(score, 3), suggestion)


def _line(text: str, s: int, e: int) -> tuple[int, int]:
    """The paragraph (line) around [s, e)."""
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    return a, (len(text) if b < 0 else b)


def _edges(text: str, s: int, e: int) -> tuple[bool, bool]:
    """Whether [s, e) starts and ends at a word boundary."""
    return (s == 0 or not text[s - 1].isalnum() or not text[s].isalnum(),
            e >= len(text) or not text[e].isalnum() or not text[e - 1].isalnum())  # fmt: skip


def _snapped(text: str, s: int, e: int, edges: tuple[bool, bool]) -> tuple[int, int]:
    """Widen [s, e) to whole words where the old annotation ended on a word boundary."""
    if e <= s:
        return s, e
    if edges[0]:
        while s > 0 and text[s - 1].isalnum() and text[s].isalnum():
            s -= 1
    if edges[1]:
        while e < len(text) and text[e].isalnum() and text[e - 1].isalnum():
            e += 1
    return s, e


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _similar(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _context_agrees(new: str, s: int, e: int, prefix: str, suffix: str) -> bool:
    before = new[max(0, s - len(prefix)) : s]
    after = new[e : e + len(suffix)]
    return max(_similar(prefix, before), _similar(suffix, after)) >= 0.5


def _find_quote(new: str, omap: OffsetMap, origin: int, quote: str, prefix: str, suffix: str, expected: int,
                edges: tuple[bool, bool], paragraph: str,
                repeated: Callable[[str, int, int, str], bool] | None) -> tuple[int, float, bool] | None:  # fmt: skip
    """The occurrence of ``quote`` in ``new`` that its context confirms: (start, score, confident), or None.

    An occurrence that the diff already aligns with some other old text is that text's, not ours;
    one that cuts a word the old quote did not cut is a different word; one in a paragraph that
    has little in common with the old quote's paragraph is a different mention.
    """
    if not quote.strip():
        return None

    def free(s: int) -> bool:
        src = omap.source(s, s + len(quote))
        return (src is None or src == origin) and _edges(new, s, s + len(quote)) == edges

    window = max(4000, 20 * len(quote))
    lo, hi = max(0, expected - window), min(len(new), expected + window + len(quote))
    starts = [s for s in _occurrences(new, quote, lo, hi) if free(s)]
    if not starts:
        starts = [s for s in _occurrences(new, quote, 0, len(new)) if free(s)]
    if not starts:
        return None
    scored = []
    for s in starts:
        a, b = _line(new, s, s + len(quote))
        if b - a > len(quote) and fuzz.ratio(paragraph, new[a:b]) < 50:
            continue
        before = new[max(0, s - len(prefix)) : s]
        after = new[s + len(quote) : s + len(quote) + len(suffix)]
        p, q = _similar(prefix, before), _similar(suffix, after)
        context = 0.7 * max(p, q) + 0.3 * min(p, q)
        nearness = 1.0 - min(1.0, abs(s - expected) / max(1, len(new)))
        scored.append((context + 0.05 * nearness, context, s))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, context, s = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if s != expected and repeated is not None and not repeated(new, s, s + len(quote), paragraph):
        return None  # the old text says this more than once, and that paragraph is another one's
    if context >= MOVED_CONTEXT and best - runner_up >= MOVED_MARGIN:
        return s, context, True
    if len(scored) == 1 and len(quote) >= 24 and context >= 0.3:
        return s, context, False
    return None


def _repeated(text: str, quote: str, at: int) -> bool:
    return text.find(quote) != at or text.find(quote, at + 1) >= 0


def _occurrences(text: str, quote: str, lo: int, hi: int) -> list[int]:
    found: list[int] = []
    i = text.find(quote, lo, hi)
    while i >= 0 and len(found) < MAX_CANDIDATES:
        found.append(i)
        i = text.find(quote, i + 1, hi)
    return found


def _fuzzy(new: str, quote: str, prefix: str, suffix: str, expected: int, paragraph: str, paras: _OldParagraphs,
           edges: tuple[bool, bool]) -> tuple[int, int, float] | None:  # fmt: skip
    """A quote whose text changed and that moved: its best fuzzy match near where the diff puts it,
    or in the new paragraph most like its old one; only when close, and its context agrees."""
    margin = len(quote) + 2 * CONTEXT
    windows = [(max(0, expected - margin), min(len(new), expected + len(quote) + margin))]
    there = paras.best_new(paragraph)
    if there is not None:
        windows.append(there)
    best: tuple[float, int, int] | None = None
    for lo, hi in windows:
        al = fuzz.partial_ratio_alignment(quote, new[lo:hi], score_cutoff=100 * FUZZY_MIN)
        if al is None or al.score < 100 * FUZZY_MIN:
            continue
        s, e = _snapped(new, *_refined(new, quote, lo + al.dest_start, lo + al.dest_end), edges)
        if e <= s or not _context_agrees(new, s, e, prefix, suffix):
            continue
        score = fuzz.ratio(quote, new[s:e]) / 100.0
        if score >= FUZZY_MIN and (best is None or score > best[0]):
            best = (score, s, e)
    return (best[1], best[2], best[0]) if best is not None else None


def _refined(new: str, quote: str, s: int, e: int, reach: int = 3) -> tuple[int, int]:
    """Move the ends of a fuzzy match by a few characters to where it is most like the quote."""
    best = (fuzz.ratio(quote, new[s:e]), s, e)
    for ds in range(-reach, reach + 1):
        for de in range(-reach, reach + 1):
            a, b = max(0, s + ds), min(len(new), e + de)
            if b > a:
                r = fuzz.ratio(quote, new[a:b])
                if r > best[0]:
                    best = (r, a, b)
    return _trimmed(new, best[1], best[2])


def _suggest(new: str, quote: str, expected: int) -> tuple[tuple[int, int] | None, float]:
    """The best fuzzy match of ``quote`` near where it should be: a suggestion, never a placement."""
    if not quote.strip() or not new:
        return None, 0.0
    margin = max(200, 3 * len(quote))
    lo, hi = max(0, expected - margin), min(len(new), expected + len(quote) + margin)
    hay = new[lo:hi]
    if not hay:
        return None, 0.0
    al = fuzz.partial_ratio_alignment(quote, hay)
    if al is None or al.score / 100.0 < SUGGEST_MIN:
        return None, (al.score / 100.0) if al is not None else 0.0
    s, e = _trimmed(new, lo + al.dest_start, lo + al.dest_end)
    return ((s, e) if e > s else None), al.score / 100.0


_RANK = {Outcome.EXACT: 0, Outcome.MOVED: 1, Outcome.CHANGED: 2, Outcome.UNPLACED: 3}


def _no_overlaps(out: list[Placement], targets: Sequence[Target]) -> list[Placement]:
    exclusive = [i for i, t in enumerate(targets) if t.exclusive and out[i].placed]
    exclusive.sort(key=lambda i: (_RANK[out[i].outcome], -out[i].score, out[i].start))
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    for i in exclusive:
        p = out[i]
        assert p.start is not None and p.end is not None
        k = bisect_right(taken, (p.start, p.end))
        clash = (k > 0 and taken[k - 1][1] > p.start) or (k < len(taken) and taken[k][0] < p.end)
        if clash:
            out[i] = Placement(p.id, Outcome.UNPLACED, p.old_start, p.old_end, p.old_text, None, None, p.score,
                               (p.start, p.end))  # fmt: skip
        else:
            taken.insert(k, (p.start, p.end))
    return out


# -- what changed, in one line -----------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def summary(old: str, new: str, ops: Sequence[tuple[str, int]] | None = None) -> str:
    """E.g. "2 paragraphs changed, 1 removed, 1 moved, figure 50 -> 48"."""
    if old == new:
        return "no change"
    a, b = paragraphs(old), paragraphs(new)
    gone: list[str] = []
    came: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            gone += a[i1:i2]
            came += b[j1:j2]
    moved = 0
    for p in list(gone):
        if p in came:
            gone.remove(p)
            came.remove(p)
            moved += 1
    changed = 0
    for p in list(gone):
        best = process.extractOne(p, came, scorer=fuzz.ratio, score_cutoff=60) if came else None
        if best is not None:
            gone.remove(p)
            came.pop(best[2])
            changed += 1
    counts = [(changed, "changed"), (len(gone), "removed"), (len(came), "added"), (moved, "moved")]
    parts: list[str] = []
    for n, what in counts:
        if n:
            noun = "" if parts else (" paragraph" if n == 1 else " paragraphs")
            parts.append(f"{n}{noun} {what}")
    figures = figure_changes(old, new, ops)
    parts += [f"figure {x} -> {y}" for x, y in figures[:3]]
    if len(figures) > 3:
        parts.append(f"{len(figures) - 3} more figures")
    return ", ".join(parts) if parts else "whitespace only"


def figure_changes(old: str, new: str, ops: Sequence[tuple[str, int]] | None = None) -> list[tuple[str, str]]:
    """Numbers that the diff replaced by other numbers, as (old, new) in text order."""
    found: list[tuple[str, str]] = []
    i = j = 0
    pending: tuple[int, int] | None = None  # an old range just deleted
    for op, n in list(ops if ops is not None else diff_counts(old, new)) + [("=", 0)]:
        if op == "-":
            pending = (i, i + n)
            i += n
            continue
        if op == "+" and pending is not None:
            x, y = _number_at(old, *pending), _number_at(new, j, j + n)
            if x and y and x != y and (x, y) not in found:
                found.append((x, y))
        pending = None
        if op == "+":
            j += n
        else:
            i += n
            j += n
    return found


def _number_at(text: str, s: int, e: int) -> str | None:
    """The one whole number that the changed range [s, e) touches, or None (no number, or several)."""
    while s > 0 and (text[s - 1].isdigit() or text[s - 1] in ",."):
        s -= 1
    while e < len(text) and (text[e].isdigit() or text[e] in ",."):
        e += 1
    numbers = _NUMBER.findall(text, s, e)
    return numbers[0] if len(numbers) == 1 else None
