from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.nlp.text import sentences, tokenize

TRICKY = (
    'He said "yes."\r\n\r\n   \nCaf\u00e9 \U0001f600 costs $5.\u2028Done!  Next one? \u201cQuoted.\u201d She left.\n'
)


def test_tokens_cover_words_and_record_whitespace() -> None:
    text = "Netanyahu met Trump, twice."
    toks = tokenize(text)
    assert [text[t.start : t.end] for t in toks] == ["Netanyahu", "met", "Trump", ",", "twice", "."]
    assert [t.ws for t in toks] == [True, True, False, True, False, False]


def test_tokens_count_code_points_with_emoji_and_crlf() -> None:
    text = "\U0001f600 Gaza\r\nHamas"
    toks = tokenize(text)
    assert [text[t.start : t.end] for t in toks] == ["\U0001f600", "Gaza", "Hamas"]
    assert toks[1].start == 2
    # ws is spaCy's trailing space: "\r\n" is a whitespace token of its own
    assert [t.ws for t in toks] == [True, False, False]


def test_sentences_split_lines_and_skip_blank_lines() -> None:
    got = [TRICKY[a:b] for a, b in sentences(TRICKY)]
    assert got[0] == 'He said "yes."'
    assert "Caf\u00e9 \U0001f600 costs $5." in got[1]
    assert "\u201cQuoted.\u201d" in got
    assert "She left." in got
    assert all(s.strip() == s and s for s in got)


def test_opening_quote_starts_the_next_sentence() -> None:
    text = 'It ended. "We will return," she said.'
    assert [text[a:b] for a, b in sentences(text)] == ["It ended.", '"We will return," she said.']


def test_empty_and_whitespace_only_texts_have_no_sentences() -> None:
    assert sentences("") == []
    assert sentences(" \n\r\n\t ") == []
    assert tokenize("  \n ") == []


PIECES = [*'ab .!?"\u201c\u201d\n\r\t\U0001f600,', "Mr.", "U.S.", " "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_every_token_is_in_exactly_one_sentence(pieces: list[str]) -> None:
    text = "".join(pieces)
    sents = sentences(text)
    for a, b in sents:
        assert a < b and not text[a].isspace() and not text[b - 1].isspace()
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(sents, sents[1:], strict=False))
    for tok in tokenize(text):
        inside = [s for s in sents if s[0] <= tok.start and tok.end <= s[1]]
        assert len(inside) == 1, (text, tok)
    for a, b in sents:
        assert "\n" not in text[a:b]
