"""Token boundaries for the token-based formats (Prodigy, CoNLL), from ``desktop.nlp.text``.

``desktop.nlp.text.tokenize`` leaves whitespace-only tokens out. spaCy itself keeps
them (a run of whitespace after a token's single trailing space is one token), and
Prodigy's token indices count them, so :func:`spacy_tokens` puts them back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from desktop.domain.ports import Token


@dataclass(frozen=True, slots=True)
class FullToken:
    start: int
    end: int
    ws: bool
    space: bool  # a whitespace-only token


def spacy_tokens(text: str) -> list[FullToken]:
    """Every spaCy token, whitespace tokens included, in order."""
    from desktop.nlp.text import tokenize  # loads spaCy: only when a token format is written

    out: list[FullToken] = []
    pos = 0
    for tok in tokenize(text):
        if tok.start > pos:
            out.append(FullToken(pos, tok.start, False, True))
        out.append(FullToken(tok.start, tok.end, tok.ws, False))
        pos = tok.end + (1 if tok.ws else 0)
    if pos < len(text):
        out.append(FullToken(pos, len(text), False, True))
    return out


class TokenIndex:
    """Maps character offsets to token indices; ``None`` when they are not on token boundaries."""

    def __init__(self, tokens: list[FullToken] | list[Token]) -> None:
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """(first token, last token) inclusive, for a span that starts and ends on boundaries."""
        i = bisect_left(self.starts, start)
        j = bisect_right(self.ends, end) - 1
        if i >= len(self.starts) or self.starts[i] != start or j < i or self.ends[j] != end:
            return None
        return i, j
