"""Span geometry: overlap rules and validation, independent of storage and UI."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from .model import Span


class OffsetError(ValueError):
    """An annotation's offsets do not fit its text."""


def check_offsets(text: str, start: int, end: int, what: str = "span") -> None:
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise OffsetError(f"{what} offsets must be integers, got {start!r}..{end!r}")
    if not 0 <= start < end <= len(text):
        raise OffsetError(f"{what} offsets {start}..{end} are out of range for a text of {len(text)} characters")


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def overlapping(spans: Iterable[Span], start: int, end: int, *, ignore: str | None = None) -> list[Span]:
    """Visible spans that overlap [start, end), except the one with id ``ignore``."""
    return [s for s in spans if s.visible and s.id != ignore and overlaps(s.start, s.end, start, end)]


def sorted_visible(spans: Iterable[Span]) -> list[Span]:
    return sorted((s for s in spans if s.visible), key=lambda s: (s.start, s.end))


def span_at(spans: Sequence[Span], pos: int) -> Span | None:
    """The visible span containing code point ``pos``; ``spans`` sorted by start."""
    starts = [s.start for s in spans]
    i = bisect_left(starts, pos + 1) - 1
    while i >= 0:
        s = spans[i]
        if s.visible and s.start <= pos < s.end:
            return s
        if s.end <= pos:
            break
        i -= 1
    return None
