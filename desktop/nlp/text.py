"""Tokens and sentences without a trained model (blank English, cached per thread).

``spacy.blank("en")`` tokenizes exactly like ``en_core_web_sm`` (same tokenizer
rules), so token boundaries agree with the model's entity boundaries.
"""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from desktop.domain.ports import Token

_local = threading.local()


def blank_english() -> Language:
    """A cached blank English pipeline (tokenizer only); one per thread."""
    nlp: Language | None = getattr(_local, "blank", None)
    if nlp is None:
        nlp = spacy.blank("en")
        _local.blank = nlp
    return nlp


def _sentencizer() -> Language:
    nlp: Language | None = getattr(_local, "sentencizer", None)
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        _local.sentencizer = nlp
    return nlp


def tokenize(text: str) -> list[Token]:
    """Token boundaries in code points; whitespace-only tokens are left out.

    ``ws`` is spaCy's trailing-space flag (``token.whitespace_``): True when the one
    plain space after the token belongs to it. Any other whitespace (a line break,
    a tab, a second space) is a whitespace-only token in spaCy, left out here, so
    ``ws`` is False before it.
    """
    doc = blank_english().make_doc(text)
    return [Token(start=t.idx, end=t.idx + len(t.text), ws=bool(t.whitespace_)) for t in doc if not t.is_space]


QUOTES = frozenset("\"'“”‘’«»")
_FINAL = frozenset(".!?…")


def break_at_newlines(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start (in place)."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
            doc[i].is_sent_start = True
    return doc


def fix_opening_quotes(doc: Doc) -> Doc:
    """Move an opening quote mark that the sentencizer left at the end of the
    previous sentence ('... said. "Yes') to the start of the next one (in place)."""
    for i in range(1, len(doc) - 1):
        tok, nxt, prev = doc[i], doc[i + 1], doc[i - 1]
        if (
            tok.text in QUOTES
            and prev.whitespace_
            and not tok.whitespace_
            and not nxt.is_space
            and nxt.is_sent_start
            and not tok.is_sent_start
            and (prev.text[-1] in _FINAL or prev.is_space)
        ):
            tok.is_sent_start = True
            nxt.is_sent_start = False
    return doc


def doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentence boundaries of a Doc that has sentence starts, trimmed of whitespace."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        start = words[0].idx
        end = words[-1].idx + len(words[-1].text)
        out.append((start, end))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries ``(start, end)`` in code points.

    Every non-whitespace token lies inside exactly one sentence; sentences never
    start or end on whitespace, and whitespace-only lines are not sentences.
    A line break always ends a sentence (articles put one paragraph per line).
    """
    doc = _sentencizer()(text)
    fix_opening_quotes(doc)
    break_at_newlines(doc)
    return doc_sentences(doc)
