"""What is drawn: visible spans and claims, sorted, with range and id look-ups (code points)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import attrgetter, is_
from typing import TypeVar

from desktop.domain.model import Claim, Review, Span

T = TypeVar("T")
_START = attrgetter("start")  # spans never overlap: the start orders them
_END = attrgetter("end")
_START_END = attrgetter("start", "end")
_LABEL = attrgetter("label")


class AnnotationIndex:
    """Visible spans (never overlapping) and visible claims (may overlap anything)."""

    __slots__ = ("_by_id", "_claim_starts", "_claims", "_max_claim_len", "_span_ends", "_span_starts", "spans")

    def __init__(self, spans: Iterable[Span] = (), claims: Iterable[Claim] = ()) -> None:
        rejected = Review.REJECTED
        self.spans: list[Span] = [s for s in spans if s.status is not rejected]
        self.spans.sort(key=_START)  # linear when they come sorted (they do, from the store)
        self._span_starts = list(map(_START, self.spans))
        self._span_ends = list(map(_END, self.spans))
        self._claims: list[Claim] = [c for c in claims if c.status is not rejected]
        self._claims.sort(key=_START_END)
        self._claim_starts = list(map(_START, self._claims))
        self._max_claim_len = max((c.end - c.start for c in self._claims), default=0)
        self._by_id: dict[str, Span | Claim] | None = None  # built on the first look-up by id

    @property
    def claims(self) -> list[Claim]:
        return self._claims

    def get(self, object_id: str) -> Span | Claim | None:
        if self._by_id is None:
            by_id: dict[str, Span | Claim] = {s.id: s for s in self.spans}
            by_id.update((c.id, c) for c in self._claims)
            self._by_id = by_id
        return self._by_id.get(object_id)

    def spans_in(self, start: int, end: int) -> list[Span]:
        """Visible spans overlapping [start, end) (touching counts when start == end)."""
        i = bisect_right(self._span_ends, start)
        j = bisect_right(self._span_starts, start) if start == end else bisect_left(self._span_starts, end)
        return self.spans[i:j]

    def span_at(self, pos: int) -> Span | None:
        i = bisect_right(self._span_starts, pos) - 1
        if i >= 0 and self.spans[i].start <= pos < self.spans[i].end:
            return self.spans[i]
        return None

    def claims_in(self, start: int, end: int) -> list[Claim]:
        lo = bisect_left(self._claim_starts, start - self._max_claim_len)
        hi = bisect_left(self._claim_starts, max(end, start + 1))
        return [c for c in self._claims[lo:hi] if c.end > start]

    def claims_at(self, pos: int) -> list[Claim]:
        return [c for c in self.claims_in(pos, pos + 1) if c.start <= pos < c.end]

    def overlapping_span(self, start: int, end: int) -> Span | None:
        found = self.spans_in(start, end)
        return found[0] if found and start < end else None

    def next_span(self, pos: int) -> Span | None:
        """First span starting after ``pos`` (wraps to the first span)."""
        i = bisect_right(self._span_starts, pos)
        if not self.spans:
            return None
        return self.spans[i % len(self.spans)]

    def prev_span(self, pos: int) -> Span | None:
        """Last span starting before ``pos`` (wraps to the last span)."""
        i = bisect_left(self._span_starts, pos) - 1
        if not self.spans:
            return None
        return self.spans[i]  # i == -1 wraps to the last

    def count_by_label(self) -> dict[str, int]:
        return dict(Counter(map(_LABEL, self.spans)))


def changed_middle(old: Sequence[T], new: Sequence[T]) -> tuple[Sequence[T], Sequence[T]]:
    """The parts of two sorted lists between their common head and tail of identical objects.

    After an edit the new state holds the very objects of the old one except the few that
    changed, in the same order: the head and tail are found by identity at C speed, and only
    the (short) middle needs a closer look. A list read again from the store is all middle.
    """
    n = min(len(old), len(new))
    head = list(map(is_, old, new)) + [False]
    p = head.index(False)
    tail = list(map(is_, reversed(old), reversed(new))) + [False]
    q = min(tail.index(False), n - p)
    return old[p : len(old) - q], new[p : len(new) - q]


def changed_ranges(old: AnnotationIndex, new: AnnotationIndex) -> list[tuple[int, int]]:
    """Code point ranges whose drawing differs between two indexes (spans and claims)."""
    out: list[tuple[int, int]] = []
    for olds, news in (changed_middle(old.spans, new.spans), changed_middle(old.claims, new.claims)):
        if not olds and not news:
            continue
        came: dict[str, Span | Claim] = {n.id: n for n in news}
        for o in olds:
            n = came.pop(o.id, None)
            if n is not None and n == o:
                continue  # the same annotation (moved along, or read again)
            out.append((o.start, o.end))
            if n is not None:
                out.append((n.start, n.end))
        out.extend((n.start, n.end) for n in came.values())
    return out
