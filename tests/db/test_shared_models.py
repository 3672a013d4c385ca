"""A trained model shared on the database (the team server): stored as an archive with its
metadata, named as the team's model, fetched and cached by another analyst's client."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.db import SqlStore
from desktop.services.training import ModelShelf, Trainer


def _fake_version(folder: Path) -> None:
    version = folder / "nd-0001"
    (version / "model").mkdir(parents=True)
    (version / "model" / "meta.json").write_text(json.dumps({"lang": "en", "name": "newsdesk_1_abc123"}))
    (version / "model" / "weights.bin").write_bytes(bytes(range(256)) * 40)
    (version / "config.cfg").write_text("[nlp]\nlang = \"en\"\n")
    (version / "newsdesk.json").write_text(json.dumps({
        "version": "nd-0001", "name": "en_newsdesk_1_abc123 1.0.0", "created": "2026-12-02T15:00:00Z",
        "labels": ["ARMED_GROUP"], "evaluation": {"learned_f": {"base": 0.0, "new": 0.9}}}))


def test_a_shared_model_reaches_another_analyst(store: SqlStore, tmp_path: Path) -> None:
    used: list[str | None] = []
    alice = Trainer(store, ModelShelf(tmp_path / "alice"), lambda: None, used.append)
    bob = Trainer(store, ModelShelf(tmp_path / "bob"), lambda: None, used.append)
    assert bob.team_model() is None and bob.preferred_source() is None
    _fake_version(tmp_path / "alice")
    shared = alice.share("nd-0001", shared_by="alice")
    assert shared.name == "en_newsdesk_1_abc123 1.0.0"
    team = bob.team_model()
    assert team is not None and team.shared_by == "alice" and team.meta["labels"] == ["ARMED_GROUP"]
    source = bob.apply_preferred()
    assert source is not None and used[-1] == source
    fetched = Path(source)
    assert fetched.is_relative_to(tmp_path / "bob")
    assert (fetched / "weights.bin").read_bytes() == (tmp_path / "alice/nd-0001/model/weights.bin").read_bytes()
    assert bob.team_source() == source  # cached: not fetched again
    alice.stop_sharing()
    assert bob.team_model() is None and bob.preferred_source() is None
