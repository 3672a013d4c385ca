"""Whatever the text, suggestions keep their invariants (offsets, no overlaps, trimmed claims)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import Rule
from desktop.nlp.engine import SpacyEngine

from .conftest import check_invariants

PIECES = [
    "Netanyahu", "Rubio said", "she said", "according to", "the ministry", "told reporters", "JNS",
    '"', "\u201c", "\u201d", "'", ",", ".", "?", " ", " ", " ", "\n", "\r\n", "\U0001F600", "\u00e9t\u00e9",
    "Fifty hostages", "120", "1,200 people", "5%", "$4 million", "in 2023", "Oct. 7, 2023", "Monday", "that",
    "we will win", "Hamas", "Gaza",
]  # fmt: skip
RULES = [Rule(id="r-1", pattern="JNS", label="ORG"), Rule(id="r-2", pattern="Gaza", label="LOC")]

texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(texts)
def test_model_suggestions_keep_invariants(engine: SpacyEngine, text: str) -> None:
    (sugg,) = engine.suggest([("a-1", text)], RULES)
    check_invariants(text, sugg)


@_settings
@given(texts)
def test_rules_only_suggestions_keep_invariants(rules_engine: SpacyEngine, text: str) -> None:
    (sugg,) = rules_engine.suggest([("a-1", text)], RULES)
    check_invariants(text, sugg)
