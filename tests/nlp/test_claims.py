from __future__ import annotations

import pytest

from desktop.domain.model import Claim
from desktop.domain.ports import Suggestions
from desktop.nlp.engine import SpacyEngine

from ..conftest import SEEDS
from .conftest import check_invariants, speaker_of


def _run(engine: SpacyEngine, text: str) -> Suggestions:
    (sugg,) = engine.suggest([("a-test", text)], [])
    check_invariants(text, sugg)
    return sugg


def _claims(text: str, sugg: Suggestions, kind: str | None = None) -> list[tuple[str, str, str | None]]:
    return [
        (text[c.start : c.end], c.attribution.value, speaker_of(text, sugg, c.id))
        for c in sugg.claims
        if kind is None or c.kind == kind
    ]


@pytest.fixture(scope="module")
def seeds(engine: SpacyEngine) -> list[tuple[str, Suggestions]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return list(zip(texts, engine.suggest([(f"a-{i}", t) for i, t in enumerate(texts)], []), strict=True))


@pytest.mark.parametrize("surname", ["Netanyahu", "Rubio", "Leavitt", "Witkoff", "Al Ansari", "Trump"])
def test_seed_quotes_are_linked_to_their_speakers(seeds: list[tuple[str, Suggestions]], surname: str) -> None:
    found = [
        (quote, speaker)
        for text, sugg in seeds
        for quote, _, speaker in _claims(text, sugg, "quote")
        if speaker is not None and surname in speaker
    ]
    assert found, f"no quote attributed to {surname}"


def test_seed_quotes_in_detail(seeds: list[tuple[str, Suggestions]]) -> None:
    text, sugg = seeds[0]
    quotes = {q: (attr, who) for q, attr, who in _claims(text, sugg, "quote")}
    tremendous = (
        "Tremendous efforts are being made at all times to secure the release of all our captives"
        "\u2014both the living and the deceased"
    )
    assert quotes[tremendous][0] == "direct"
    # said twice: once by "the prime minister", once by "Netanyahu"
    speakers = {who for q, _, who in _claims(text, sugg, "quote") if q == tremendous}
    assert speakers == {"the prime minister", "Netanyahu"}
    assert quotes["Obviously, the Israelis aren't going to agree to that."] == ("direct", "Rubio")
    leavitt = [(q, a) for q, (a, who) in quotes.items() if who in ("Leavitt", "Karoline Leavitt")]
    assert any(q.startswith("Trump is currently focused") and a == "indirect" for q, a in leavitt)
    assert any(q.startswith("I don't want to comment") and a == "direct" for q, a in leavitt)  # "she said"
    assert quotes["we're close to a deal on Gaza"] == ("direct", "Trump")
    spokesman = [who for q, (_, who) in quotes.items() if q.startswith("I don't think that I can give")]
    assert spokesman == ["the spokesman"]


def test_seed_hostage_counts_are_statistics(seeds: list[tuple[str, Suggestions]]) -> None:
    stats = [claim for text, sugg in seeds for claim, _, _ in _claims(text, sugg, "statistic")]
    assert any(s.startswith("Fifty hostages remain in captivity") for s in stats)
    assert any(s.startswith("Around 120 hostages are believed to still be being held") for s in stats)
    text, sugg = seeds[1]
    killed = [c for c in _claims(text, sugg, "statistic") if c[0].startswith("At least 35,000")]
    assert killed == [("At least 35,000 Palestinians have been killed in Gaza", "indirect", "the Health Ministry")]


def test_speaker_spans_never_overlap_entity_spans(seeds: list[tuple[str, Suggestions]]) -> None:
    for text, sugg in seeds:
        added = [s for s in sugg.spans if text[s.start : s.end] in ("the prime minister", "the spokesman")]
        assert {s.label for s in added} == {"PERSON"} or not added
        check_invariants(text, sugg)


def test_nested_quotes_are_one_claim(engine: SpacyEngine) -> None:
    text = "\"I never said 'we will win,' and I stand by that,\" Smith told reporters."
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [("I never said 'we will win,' and I stand by that", "direct", "Smith")]
    curly = "\u201cHe told me \u201cnever again\u201d twice,\u201d Ann Lee said."
    sugg = _run(engine, curly)
    assert _claims(curly, sugg) == [("He told me \u201cnever again\u201d twice", "direct", "Ann Lee")]


def test_quote_split_around_the_attribution(engine: SpacyEngine) -> None:
    text = '"We are not leaving," Maria Lopez said, "until the families get answers."'
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [
        ("We are not leaving", "direct", "Maria Lopez"),
        ("until the families get answers.", "direct", "Maria Lopez"),
    ]


def test_according_to_after_and_before_the_claim(engine: SpacyEngine) -> None:
    text = "Inflation will fall sharply next year, according to the central bank."
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [("Inflation will fall sharply next year", "indirect", "the central bank")]
    text = "According to John Baker, the plan has failed."
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [("the plan has failed.", "indirect", "John Baker")]


def test_pronoun_speaker_is_the_last_person(engine: SpacyEngine) -> None:
    text = 'Rachel Green arrived late on Tuesday. "The roads were closed all morning," she said.'
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [("The roads were closed all morning", "direct", "Rachel Green")]


def test_no_speech_verb_means_no_quote(engine: SpacyEngine) -> None:
    text = 'The word "freedom" appears in the new "policy document on housing reform" many times over.'
    assert _run(engine, text).claims == []


def test_dates_and_years_are_not_statistics(engine: SpacyEngine) -> None:
    text = "The city was founded in 1850 and the treaty was signed on March 3, 2021, after 12 days of talks."
    assert _run(engine, text).claims == []


def test_numbers_that_count_things_are_statistics(engine: SpacyEngine) -> None:
    text = "Unemployment rose to 7.5% in 2023. The company spent $4 million on ads. Over 300 protesters gathered."
    sugg = _run(engine, text)
    assert [(c, a) for c, a, _ in _claims(text, sugg, "statistic")] == [
        ("Unemployment rose to 7.5% in 2023.", "unattributed"),
        ("The company spent $4 million on ads.", "unattributed"),
        ("Over 300 protesters gathered.", "unattributed"),
    ]


def test_attributed_statistic_links_to_the_source(engine: SpacyEngine) -> None:
    text = "Over 300 protesters gathered outside the parliament, police said."
    sugg = _run(engine, text)
    assert _claims(text, sugg) == [("Over 300 protesters gathered outside the parliament", "indirect", "police")]


def test_rules_only_engine_still_finds_quotes_and_statistics(rules_engine: SpacyEngine) -> None:
    text = '"We will rebuild every home," the mayor said. Fifty families lost their houses.'
    (sugg,) = rules_engine.suggest([("a", text)], [])
    check_invariants(text, sugg)
    got = {(text[c.start : c.end], c.kind.value) for c in sugg.claims}
    assert got == {("We will rebuild every home", "quote"), ("Fifty families lost their houses.", "statistic")}
    assert sugg.links == []  # no parse, no speaker


def test_claims_are_domain_objects(engine: SpacyEngine) -> None:
    sugg = _run(engine, '"Prices will fall," Jane Doe said.')
    assert all(isinstance(c, Claim) for c in sugg.claims)
    assert all(c.article_id == "a-test" for c in sugg.claims)
