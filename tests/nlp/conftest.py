from __future__ import annotations

import pytest

from desktop.domain.ports import Suggestions
from desktop.nlp.engine import SpacyEngine


@pytest.fixture(scope="session")
def engine() -> SpacyEngine:
    """The default engine (the installed en_core_web_sm), loaded once for the session."""
    eng = SpacyEngine()
    eng.load()
    return eng


@pytest.fixture(scope="session")
def rules_engine() -> SpacyEngine:
    """An engine forced to run without a model."""
    eng = SpacyEngine("no_such_model_xyz")
    eng.load()
    return eng


def texts_of(text: str, sugg: Suggestions) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in sugg.spans]


def speaker_of(text: str, sugg: Suggestions, claim_id: str) -> str | None:
    spans = {s.id: s for s in sugg.spans}
    for link in sugg.links:
        if link.head == claim_id and link.label == "said_by":
            s = spans[link.child]
            return text[s.start : s.end]
    return None


def check_invariants(text: str, sugg: Suggestions) -> None:
    """What every Suggestions must satisfy, whatever the text."""
    spans = sorted(sugg.spans, key=lambda s: s.start)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start, f"overlapping spans {text[a.start : a.end]!r} {text[b.start : b.end]!r}"
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.status == "suggested" and s.article_id == sugg.article_id and s.id.startswith("s-")
    for c in sugg.claims:
        assert 0 <= c.start < c.end <= len(text)
        chunk = text[c.start : c.end]
        assert chunk == chunk.strip() and chunk, repr(chunk)
        assert c.origin == "model" and c.status == "suggested" and c.id.startswith("c-")
    claim_ids = {c.id for c in sugg.claims}
    span_ids = {s.id for s in sugg.spans}
    for link in sugg.links:
        assert link.head in claim_ids and link.child in span_ids
        assert link.label == "said_by" and link.origin == "model" and link.article_id == sugg.article_id
