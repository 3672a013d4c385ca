from __future__ import annotations

from pathlib import Path

from desktop.nlp.docbin import read_docbin, write_docbin

TEXT = "Netanyahu met Trump \U0001f600 in Washington.\r\nHe said \u201cyes\u201d."


def _off(sub: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


def test_round_trip_keeps_entities_and_claims(tmp_path: Path) -> None:
    ents = [(*_off("Netanyahu"), "PERSON"), (*_off("Trump"), "PERSON"), (*_off("Washington"), "GPE")]
    claims = [(*_off("yes"), "quote")]
    path = tmp_path / "out.spacy"
    assert write_docbin([(TEXT, ents, claims), ("Second doc.", [], [])], path) == (2, 0)
    back = read_docbin(path)
    assert back[0] == (TEXT, ents, claims)
    assert back[1] == ("Second doc.", [], [])


def test_misaligned_spans_are_widened_and_counted(tmp_path: Path) -> None:
    s, e = _off("Washington")
    path = tmp_path / "out.spacy"
    # "ashingto" is inside one token: widened to "Washington"; claim "et Tr" widened to "met Trump"
    n_docs, n_bad = write_docbin([(TEXT, [(s + 1, e - 1, "GPE")], [(*_off("et Tr"), "other")])], path)
    assert (n_docs, n_bad) == (1, 2)
    ((text, ents, claims),) = read_docbin(path)
    assert ents == [(s, e, "GPE")]
    assert [text[a:b] for a, b, _ in claims] == ["met Trump"]


def test_overlapping_entities_after_widening_keep_the_first(tmp_path: Path) -> None:
    path = tmp_path / "out.spacy"
    ents = [(*_off("Netanyahu"), "PERSON"), (3, 12, "ORG")]  # "anyahu me" overlaps both tokens
    assert write_docbin([(TEXT, ents, [])], path) == (1, 1)  # one span not exported as given
    assert read_docbin(path)[0][1] == [(*_off("Netanyahu"), "PERSON")]


def test_records_are_streamed_from_a_generator(tmp_path: Path) -> None:
    path = tmp_path / "many.spacy"
    gen = ((f"Doc number {i}.", [(4, 10, "CARDINAL")] if i == 0 else [], []) for i in range(50))
    assert write_docbin(gen, path) == (50, 0)
    back = read_docbin(path)
    assert len(back) == 50 and back[0][1] == [(4, 10, "CARDINAL")] and back[49][0] == "Doc number 49."
