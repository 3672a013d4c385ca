"""Token geometry for snapping selections and moving span edges (code points, no Qt)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from desktop.domain.ports import Token

_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)


def fallback_tokens(text: str) -> list[Token]:
    """Words and single punctuation marks, used when no tokenizer output was given."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        end = m.end()
        out.append(Token(m.start(), end, end < len(text) and text[end].isspace()))
    return out


class TokenIndex:
    """Sorted tokens with snapping queries. Tokens must not overlap."""

    __slots__ = ("_ends", "_starts", "_tokens")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = sorted((t for t in tokens if t.end > t.start), key=lambda t: t.start)
        self._starts = [t.start for t in self._tokens]
        self._ends = [t.end for t in self._tokens]

    def __len__(self) -> int:
        return len(self._tokens)

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Grow [start, end) to whole tokens; drop whitespace at the edges. None if no token is touched."""
        if end < start:
            start, end = end, start
        # First token that ends after start; last token that starts before end.
        i = bisect_right(self._ends, start)
        j = bisect_left(self._starts, end) - 1
        if i >= len(self._tokens) or j < 0 or i > j:
            return None
        return self._starts[i], self._ends[j]

    def next_end(self, pos: int) -> int | None:
        """End of the first token ending after ``pos``."""
        i = bisect_right(self._ends, pos)
        return self._ends[i] if i < len(self._ends) else None

    def prev_end(self, pos: int) -> int | None:
        """End of the last token ending before ``pos``."""
        i = bisect_left(self._ends, pos) - 1
        return self._ends[i] if i >= 0 else None

    def next_start(self, pos: int) -> int | None:
        i = bisect_right(self._starts, pos)
        return self._starts[i] if i < len(self._starts) else None

    def prev_start(self, pos: int) -> int | None:
        i = bisect_left(self._starts, pos) - 1
        return self._starts[i] if i >= 0 else None

    def snap_start(self, pos: int) -> int:
        """Start of the token containing ``pos``, or of the next token (``pos`` in whitespace)."""
        i = bisect_right(self._ends, pos)
        if i < len(self._tokens):
            return self._starts[i]
        return pos

    def snap_end(self, pos: int) -> int:
        """End of the token containing ``pos - 1``, or of the previous token."""
        j = bisect_left(self._starts, pos) - 1
        if j >= 0:
            return self._ends[j]
        return pos
