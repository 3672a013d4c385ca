"""Offset maths: code points (our unit) <-> UTF-16 code units (Qt's unit).

Newsdesk stores and exchanges offsets as Unicode code points. Qt's text widgets
count UTF-16 code units, so a character outside the Basic Multilingual Plane
(most emoji) is 1 code point but 2 Qt positions. The conversion happens at the
UI edge, through :class:`OffsetMap`, and nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Characters outside the BMP; a regex finds them at C speed (a Python loop takes ~20 ms per 300k characters).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts positions in one text between code points and UTF-16 units.

    Built once per displayed text in O(n); each conversion is O(log k) where k is
    the number of astral (non-BMP) characters, O(1) when there are none.
    """

    __slots__ = ("_astral", "_length_cp", "_length_u16")

    def __init__(self, text: str) -> None:
        # Code point indices of characters that take two UTF-16 units.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        self._length_cp = len(text)
        self._length_u16 = len(text) + len(self._astral)

    @property
    def length_cp(self) -> int:
        return self._length_cp

    @property
    def length_utf16(self) -> int:
        return self._length_u16

    def to_utf16(self, cp: int) -> int:
        """Code point offset -> UTF-16 offset."""
        if not 0 <= cp <= self._length_cp:
            raise ValueError(f"offset {cp} outside text of {self._length_cp} characters")
        if not self._astral:
            return cp
        return cp + bisect_right(self._astral, cp - 1)

    def to_cp(self, u16: int) -> int:
        """UTF-16 offset -> code point offset.

        A position in the middle of a surrogate pair (which Qt can report while a
        selection is being dragged) is rounded down to the start of that character.
        """
        if not 0 <= u16 <= self._length_u16:
            raise ValueError(f"offset {u16} outside text of {self._length_u16} UTF-16 units")
        if not self._astral:
            return u16
        # Astral character i occupies UTF-16 units [astral[i] + i, astral[i] + i + 2).
        # lo = how many of them end at or before u16 (the predicate is monotonic in i).
        lo, hi = 0, len(self._astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid + 2 <= u16:
                lo = mid + 1
            else:
                hi = mid
        cp = u16 - lo
        # u16 may point at the low surrogate of astral[lo]: round down.
        if lo < len(self._astral) and self._astral[lo] + lo + 1 == u16:
            return self._astral[lo]
        return cp
