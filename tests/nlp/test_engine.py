from __future__ import annotations

import pytest

import desktop.nlp.engine as engine_module
from desktop.domain.model import Rule
from desktop.domain.ports import Cancelled, Progress
from desktop.nlp.engine import SpacyEngine
from desktop.nlp.text import tokenize

from .conftest import check_invariants, texts_of

JNS = Rule(id="r-jns", pattern="JNS", label="ORG")


def test_seed_entities(engine: SpacyEngine, seed_texts: dict[str, str]) -> None:
    items = list(seed_texts.items())
    results = list(engine.suggest(items, []))
    assert [r.article_id for r in results] == [k for k, _ in items]
    first = texts_of(items[0][1], results[0])
    assert ("Benjamin Netanyahu", "PERSON") in first
    assert ("Washington", "GPE") in first
    assert ("Marco Rubio", "PERSON") in first
    for (_, text), sugg in zip(items, results, strict=True):
        check_invariants(text, sugg)
        model_spans = [s for s in sugg.spans if s.origin == "model"]
        assert model_spans and all(s.model == "en_core_web_sm 3.8.0" for s in model_spans)


def test_offsets_are_code_points_with_emoji_and_crlf(engine: SpacyEngine) -> None:
    text = (
        "\U0001f600\U0001f680 Breaking:\r\n\r\n"
        "Angela Merkel met Emmanuel Macron in Paris \U0001f1eb\U0001f1f7 on Monday.\r\n"
    )
    (sugg,) = engine.suggest([("a-1", text)], [])
    check_invariants(text, sugg)
    got = texts_of(text, sugg)
    assert ("Angela Merkel", "PERSON") in got
    assert ("Paris", "GPE") in got
    for s in sugg.spans:
        assert text[s.start : s.end] == text[s.start : s.end].strip()


def test_rules_override_ner_and_are_marked_as_rules(engine: SpacyEngine, seed_texts: dict[str, str]) -> None:
    text = next(t for t in seed_texts.values() if t.startswith("JNS"))
    (plain,) = engine.suggest([("a", text)], [])
    assert ("JNS", "PERSON") in texts_of(text, plain)  # what the model alone thinks
    (ruled,) = engine.suggest([("a", text)], [JNS])
    jns = [s for s in ruled.spans if text[s.start : s.end] == "JNS"]
    assert [(s.label, s.origin) for s in jns] == [("ORG", "rule")]
    check_invariants(text, ruled)
    (again,) = engine.suggest([("a", text)], [])  # the rule is gone again
    assert ("JNS", "PERSON") in texts_of(text, again)


def test_ruler_is_rebuilt_only_when_rules_change(engine: SpacyEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = engine_module.set_rules
    monkeypatch.setattr(engine_module, "set_rules", lambda nlp, rules: (calls.append(len(rules)), real(nlp, rules)))
    other = Rule(id="r-2", pattern="Newsdesk", label="PRODUCT")
    for rules in ([JNS], [JNS], [JNS, other], [JNS, other], [JNS]):
        list(engine.suggest([("a", "JNS reports on Newsdesk.")], rules))
    assert calls == [1, 2, 1]


def test_batch_order_is_preserved(engine: SpacyEngine) -> None:
    items = [(f"a-{i}", f"Report {i}: Angela Merkel visited Paris{'.' * (i % 3 + 1)}") for i in range(37)]
    results = list(engine.suggest(iter(items), [], batch_size=4))
    assert [r.article_id for r in results] == [a for a, _ in items]
    for (_, text), sugg in zip(items, results, strict=True):
        assert ("Paris", "GPE") in texts_of(text, sugg)
        check_invariants(text, sugg)


def test_progress_counts_articles_and_cancel_stops(engine: SpacyEngine) -> None:
    seen: list[tuple[int, int]] = []
    progress = Progress(callback=lambda done, total, msg: seen.append((done, total)))
    items = [(f"a-{i}", "Paris is in France.") for i in range(5)]
    assert len(list(engine.suggest(items, [], progress=progress))) == 5
    assert seen == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]

    seen.clear()
    list(engine.suggest(iter(items), [], progress=progress))  # unknown length: total 0
    assert seen[-1] == (5, 0)

    cancel = Progress(callback=lambda done, total, msg: cancel.cancel() if done == 2 else None)
    got: list[str] = []
    with pytest.raises(Cancelled):
        for sugg in engine.suggest(items, [], batch_size=1, progress=cancel):
            got.append(sugg.article_id)
    assert got == ["a-0", "a-1"]


def test_rules_only_engine_suggests_precise_patterns(rules_engine: SpacyEngine) -> None:
    text = "JNS: On Monday, Oct. 7, 2023, prices rose 5% and $4 million went to 1,200 families in 2023."
    (sugg,) = rules_engine.suggest([("a", text)], [JNS])
    check_invariants(text, sugg)
    got = texts_of(text, sugg)
    assert ("JNS", "ORG") in got
    assert ("Monday", "DATE") in got and ("Oct. 7, 2023", "DATE") in got
    assert ("5%", "PERCENT") in got and ("$4 million", "MONEY") in got
    assert ("1,200", "CARDINAL") in got
    assert not any(text[s.start : s.end] == "2023" for s in sugg.spans)  # a bare year is not a number
    assert all(s.origin == "rule" and s.model == "rules" for s in sugg.spans)
    assert all(label not in ("PERSON", "GPE") for _, label in got)


def test_processes_option_keeps_order(seed_texts: dict[str, str]) -> None:
    eng = SpacyEngine(processes=2)
    items = [(f"a-{i}", text) for i in range(3) for text in seed_texts.values()]
    results = list(eng.suggest(items, [JNS], batch_size=2))
    assert [r.article_id for r in results] == [a for a, _ in items]
    assert all(("JNS", "ORG") in texts_of(t, r) for (_, t), r in zip(items, results, strict=True) if "JNS" in t)


def test_processes_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SpacyEngine(processes=0)


def test_engine_tokens_match_the_blank_tokenizer(engine: SpacyEngine) -> None:
    text = "U.S. envoy Witkoff's \u201cdeal\u201d \U0001f600!"
    assert engine.tokens(text) == tokenize(text)
    assert [text[t.start : t.end] for t in engine.tokens(text)][:3] == ["U.S.", "envoy", "Witkoff"]


def test_a_text_over_spacys_length_limit_gets_no_suggestions_and_does_not_stop_the_run() -> None:
    from desktop.nlp.engine import SpacyEngine

    engine = SpacyEngine()
    engine.load()
    nlp = engine._pipeline([])  # white-box: lower the limit instead of building a 1,000,000-character text
    nlp.max_length = 200
    long_text = "Netanyahu met Trump in Washington. " * 10
    results = list(engine.suggest([("a-1", "Rubio spoke in Doha."), ("a-2", long_text), ("a-3", "Leavitt spoke.")], []))
    assert [r.article_id for r in results] == ["a-1", "a-2", "a-3"]
    assert results[1].spans == [] and results[1].claims == []
    assert results[0].spans and results[2].spans
