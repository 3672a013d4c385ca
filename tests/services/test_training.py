"""Training from the analysts' reviews: the data it reads, the models it keeps, the model it uses.

The one real training run is small (a few paragraphs, 1-2 epochs, marked slow); the
benchmark (tests/benchmarks/bench_train.py) does the full-size run and prints the table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain.ports import Cancelled, Progress
from desktop.nlp.engine import SpacyEngine
from desktop.nlp.models import resolve_model
from desktop.services import Services, build_services
from desktop.services.training import BASE, ModelShelf, TrainingRefused
from tests.training_corpus import NEW_LABEL, build

BASE_SOURCE = resolve_model(None).source


@pytest.fixture(scope="module")
def fixture_docs():  # type: ignore[no-untyped-def]
    from desktop.nlp.training import load_for_timing

    assert BASE_SOURCE is not None, "these tests need en_core_web_sm installed"
    return build(load_for_timing(BASE_SOURCE), n_reviewed=16, n_unreviewed=3)


def _services(tmp_path: Path, docs) -> Services:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "t.sqlite3"))
    store.add_documents(docs)
    engine = SpacyEngine()
    return build_services(store, engine, models=tmp_path / "models", base_model=lambda: BASE_SOURCE,
                          use_model=engine.use)  # fmt: skip


def test_only_reviewed_articles_are_read_and_the_split_is_stable(tmp_path: Path, fixture_docs) -> None:  # type: ignore[no-untyped-def]
    services = _services(tmp_path, fixture_docs)
    try:
        train, heldout, summary, touched = services.trainer.collect(0.25)
        assert summary.reviewed == 16 and summary.unreviewed_left_out == 3
        assert len(train) + len(heldout) == 16 and heldout
        assert summary.positives[NEW_LABEL] > 0
        assert summary.rejected  # the base model's ORG/PERSON over armed groups
        # the labels the analysts worked on: the new one and the corrected one
        assert {NEW_LABEL, "NORP"} <= touched
        again = services.trainer.collect(0.25)
        assert [g.text for g in again[1]] == [g.text for g in heldout]
        with pytest.raises(TrainingRefused, match="eval-split"):
            services.trainer.collect(1.5)
    finally:
        services.close()


def test_no_reviewed_articles_says_so(tmp_path: Path, fixture_docs) -> None:  # type: ignore[no-untyped-def]
    services = _services(tmp_path, fixture_docs[16:])  # only the unreviewed ones
    try:
        with pytest.raises(TrainingRefused, match="mark more articles done"):
            services.trainer.train(max_epochs=1)
        assert not list((tmp_path / "models").glob("nd-*"))
    finally:
        services.close()


def test_the_choice_of_model_is_kept_and_a_missing_one_falls_back(tmp_path: Path) -> None:
    shelf = ModelShelf(tmp_path / "models")
    assert shelf.active() == BASE and shelf.active_source() is None
    with pytest.raises(TrainingRefused, match="no trained model"):
        shelf.choose("nd-0009")
    folder = tmp_path / "models" / "nd-0001"
    (folder / "model").mkdir(parents=True)
    (folder / "newsdesk.json").write_text(json.dumps({"version": "nd-0001", "name": "en_newsdesk_1 1.0.0"}))
    shelf.choose("nd-0001")
    assert ModelShelf(tmp_path / "models").active_source() == str(folder / "model")
    (folder / "model").rmdir()
    assert shelf.active_source() is None  # deleted by hand: the installed model again


@pytest.mark.slow
def test_train_score_choose_and_preannotate_with_the_new_model(tmp_path: Path, fixture_docs) -> None:  # type: ignore[no-untyped-def]
    services = _services(tmp_path, fixture_docs)
    try:
        seen: list[dict[str, float]] = []
        report = services.trainer.train(max_epochs=1, eval_split=0.25, on_epoch=seen.append)
        assert seen and all("loss" in e and "score" in e for e in seen)
        model = report.model
        assert model.version == "nd-0001" and NEW_LABEL in model.labels
        folder = tmp_path / "models" / "nd-0001"
        assert (folder / "config.cfg").is_file() and (folder / "model" / "meta.json").is_file()
        meta = json.loads((folder / "newsdesk.json").read_text())
        assert meta["data"]["reviewed"] == 16 and meta["data"]["unreviewed_left_out"] == 3
        rows = {r["label"]: r for r in meta["evaluation"]["labels"]}
        assert rows[NEW_LABEL]["learned"] and rows[NEW_LABEL]["base"]["f"] == 0.0  # base never says it
        assert "DATE" in rows and not rows["DATE"]["learned"]
        assert NEW_LABEL in report.evaluation.table()
        claims = meta["claims"]  # the claim filter: trained from the reviewed claim suggestions, or why not
        assert claims["train"] > 0 and isinstance(claims["used"], bool)
        assert (folder / "claims").is_dir() == claims["used"]
        assert "claim filter" in report.claims_table()
        assert not [p for p in (tmp_path / "models").iterdir() if p.name.startswith(".")]  # no leftovers
        # not in use until chosen
        assert services.trainer.active() == BASE
        services.trainer.choose(model.version)
        info = services.load_model()
        assert info.label == model.name
        ids = services.annotator.pending(force=True, unreviewed_only=True)
        assert len(ids) == 3
        services.annotator.run(ids)
        spans = [s for aid in ids for s in services.read.spans(aid)]
        assert spans and {s.model for s in spans} == {model.name}
        assert any(e.annotator == f"model:{model.name}" for e in services.read.edit_log(article_id=ids[0]))
        # the old model stays available
        services.trainer.choose(BASE)
        assert services.load_model().label != model.name
    finally:
        services.close()


@pytest.mark.slow
def test_cancel_stops_the_training_and_keeps_nothing(tmp_path: Path, fixture_docs) -> None:  # type: ignore[no-untyped-def]
    services = _services(tmp_path, fixture_docs)
    progress = Progress()

    def stop_at_first_epoch(done: int, total: int, message: str) -> None:
        if message.startswith("epoch"):
            progress.cancel()

    progress.callback = stop_at_first_epoch
    try:
        with pytest.raises(Cancelled):
            services.trainer.train(max_epochs=50, progress=progress)
        assert not list((tmp_path / "models").iterdir())
    finally:
        services.close()
