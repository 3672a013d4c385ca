"""Token snapping (code points, no Qt)."""

from __future__ import annotations

from desktop.domain.ports import Token
from desktop.ui.editor.tokens import TokenIndex, fallback_tokens

TEXT = "Mr. O'Neil met  New York-based aides."


def words(text: str, tokens: list[Token]) -> list[str]:
    return [text[t.start : t.end] for t in tokens]


def test_fallback_tokens_keep_apostrophes_and_hyphens_in_words() -> None:
    assert words(TEXT, fallback_tokens(TEXT)) == ["Mr", ".", "O'Neil", "met", "New", "York-based", "aides", "."]


def test_snap_grows_partial_words_and_drops_edge_whitespace() -> None:
    idx = TokenIndex(fallback_tokens(TEXT))
    i = TEXT.index("Neil")
    assert idx.snap(i + 1, i + 3) == (TEXT.index("O'Neil"), i + 4)
    j = TEXT.index("met")
    assert idx.snap(j - 1, j + 5) == (j, j + 3)  # " met  " -> "met"
    assert idx.snap(j - 1, j + 6) == (j, TEXT.index("New") + 3)  # " met  N" -> "met  New"
    assert idx.snap(j + 3, j + 5) is None  # only whitespace
    assert idx.snap(j + 2, j) == (j, j + 3)  # reversed drag


def test_edge_moves() -> None:
    idx = TokenIndex(fallback_tokens(TEXT))
    new = TEXT.index("New")
    assert idx.next_end(new + 3) == TEXT.index("York-based") + len("York-based")
    assert idx.prev_start(new) == TEXT.index("met")
    assert idx.next_start(len(TEXT)) is None
