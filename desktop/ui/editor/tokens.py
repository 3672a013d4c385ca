"""Token geometry for snapping selections and moving span edges (code points, no Qt)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from desktop.domain.ports import Token

_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
_NEWLINE = re.compile("\n")


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

    # Token-valued queries (None when there is none); the int-valued ones below build on them.
    def first_ending_after(self, pos: int) -> Token | None:
        i = bisect_right(self._ends, pos)
        return self._tokens[i] if i < len(self._tokens) else None

    def last_starting_before(self, pos: int) -> Token | None:
        j = bisect_left(self._starts, pos) - 1
        return self._tokens[j] if j >= 0 else None

    def last_ending_before(self, pos: int) -> Token | None:
        j = bisect_left(self._ends, pos) - 1
        return self._tokens[j] if j >= 0 else None

    def first_starting_after(self, pos: int) -> Token | None:
        i = bisect_right(self._starts, pos)
        return self._tokens[i] if i < len(self._tokens) else None

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


class ParagraphTokens:
    """The same queries as :class:`TokenIndex`, tokenizing one paragraph at a time on first use.

    Opening a long article must not wait for the whole text to be tokenized: snapping only
    ever needs the tokens near the selection. A token never crosses a line break (spaCy makes
    the break a whitespace token of its own), so per-paragraph tokens are exactly the
    tokens of the whole text. Searches that run past a paragraph go on into its neighbours,
    at most ``reach`` paragraphs away.
    """

    def __init__(self, text: str, tokenizer: Callable[[str], Sequence[Token]], *, reach: int = 200) -> None:
        self._text = text
        self._tokenize = tokenizer
        self._reach = reach
        self._para_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        self._cache: dict[int, TokenIndex] = {}

    def __len__(self) -> int:
        """Nonzero when the text has any token at all (what callers test before snapping)."""
        return 1 if self._text.strip() else 0

    def _para(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)

    def _index(self, p: int) -> TokenIndex:
        index = self._cache.get(p)
        if index is None:
            start = self._para_starts[p]
            end = self._para_starts[p + 1] - 1 if p + 1 < len(self._para_starts) else len(self._text)
            shifted = [Token(t.start + start, t.end + start, t.ws) for t in self._tokenize(self._text[start:end])]
            index = self._cache[p] = TokenIndex(shifted)
        return index

    def _forward(self, pos: int, pick: Callable[[TokenIndex], Token | None]) -> Token | None:
        first = self._para(pos)
        for p in range(first, min(first + self._reach, len(self._para_starts))):
            found = pick(self._index(p))
            if found is not None:
                return found
        return None

    def _backward(self, pos: int, pick: Callable[[TokenIndex], Token | None]) -> Token | None:
        last = self._para(pos)
        for p in range(last, max(last - self._reach, -1), -1):
            found = pick(self._index(p))
            if found is not None:
                return found
        return None

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        if end < start:
            start, end = end, start
        first = self._forward(start, lambda ix: ix.first_ending_after(start))
        last = self._backward(end, lambda ix: ix.last_starting_before(end))
        if first is None or last is None or first.start > last.start:
            return None
        return first.start, last.end

    def next_end(self, pos: int) -> int | None:
        tok = self._forward(pos, lambda ix: ix.first_ending_after(pos))
        return tok.end if tok else None

    def prev_end(self, pos: int) -> int | None:
        tok = self._backward(pos, lambda ix: ix.last_ending_before(pos))
        return tok.end if tok else None

    def next_start(self, pos: int) -> int | None:
        tok = self._forward(pos, lambda ix: ix.first_starting_after(pos))
        return tok.start if tok else None

    def prev_start(self, pos: int) -> int | None:
        tok = self._backward(pos, lambda ix: ix.last_starting_before(pos))
        return tok.start if tok else None

    def snap_start(self, pos: int) -> int:
        tok = self._forward(pos, lambda ix: ix.first_ending_after(pos))
        return tok.start if tok else pos

    def snap_end(self, pos: int) -> int:
        tok = self._backward(pos, lambda ix: ix.last_starting_before(pos))
        return tok.end if tok else pos
