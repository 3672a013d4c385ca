"""spaCy's binary training format (``.spacy`` DocBin) for export, and a reader for tests.

A record is ``(text, entities, claims)``; entities and claims are
``(start, end, label)`` in code points. Entities become ``doc.ents``; claims go
to ``doc.spans["claims"]`` with the claim kind as label.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span

from .text import blank_english

CLAIMS_KEY = "claims"

Record = tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]


def _char_span(doc: Doc, start: int, end: int, label: str) -> tuple[Span | None, bool]:
    """The token span for ``[start, end)``: (span, aligned). Strict first, then expanded
    to the enclosing tokens (then ``aligned`` is False); None when nothing fits."""
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is not None:
        return span, True
    return doc.char_span(start, end, label=label, alignment_mode="expand"), False


Offsets = list[tuple[int, int, str]]


def _make_doc(text: str, entities: Offsets, claims: Offsets) -> tuple[Doc, int]:
    doc = blank_english().make_doc(text)
    misaligned = 0
    ents: list[Span] = []
    taken: set[int] = set()
    for start, end, label in sorted(entities):
        span, aligned = _char_span(doc, start, end, label)
        if not aligned:
            misaligned += 1
        if span is None or len(span) == 0:
            continue
        tokens = set(range(span.start, span.end))
        if tokens & taken:  # expansion made it overlap a neighbour: cannot be an ent
            if aligned:
                misaligned += 1
            continue
        taken |= tokens
        ents.append(span)
    doc.ents = ents
    claim_spans: list[Span] = []
    for start, end, kind in claims:
        span, aligned = _char_span(doc, start, end, kind)
        if not aligned:
            misaligned += 1
        if span is not None and len(span) > 0:
            claim_spans.append(span)
    doc.spans[CLAIMS_KEY] = claim_spans
    return doc, misaligned


def write_docbin(records: Iterable[Record], path: Path) -> tuple[int, int]:
    """Write records as a DocBin to ``path``; returns ``(n_docs, n_misaligned)``.

    A span whose offsets do not fall on token boundaries is widened to the tokens
    that contain it and counted as misaligned (so is an entity dropped because the
    widening made it overlap another one). Docs are added one at a time.
    """
    doc_bin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    n_docs = 0
    n_misaligned = 0
    for text, entities, claims in records:
        doc, misaligned = _make_doc(text, entities, claims)
        doc_bin.add(doc)
        n_docs += 1
        n_misaligned += misaligned
    Path(path).write_bytes(doc_bin.to_bytes())
    return n_docs, n_misaligned


def read_docbin(path: Path) -> list[Record]:
    """Read a DocBin back: ``(text, entities, claims)`` with code point offsets."""
    doc_bin = DocBin().from_bytes(Path(path).read_bytes())
    out: list[Record] = []
    for doc in doc_bin.get_docs(blank_english().vocab):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        claims = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(CLAIMS_KEY, [])]
        out.append((doc.text, ents, claims))
    return out
