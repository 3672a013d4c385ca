"""Tools > Train model: the dialog opens from the menu, training runs in the background and
says why it cannot start, a stored model's scores show in the table, Use switches the model."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.ui.dialogs.train import TrainDialog
from desktop.ui.window import MainWindow


def _fake_version(folder: Path) -> None:
    version = folder / "nd-0001"
    (version / "model").mkdir(parents=True)
    evaluation = {"labels": [
        {"label": "ARMED_GROUP", "learned": True, "support": 40, "base": {"p": 0, "r": 0, "f": 0},
         "new": {"p": 0.9, "r": 0.8, "f": 0.847}},
        {"label": "<b>DATE</b>", "learned": False, "support": 20, "base": {"p": 1, "r": 1, "f": 1},
         "new": {"p": 1, "r": 0.95, "f": 0.974}}],
        "learned_f": {"base": 0.0, "new": 0.847}, "others_f": {"base": 1.0, "new": 0.974}}
    (version / "newsdesk.json").write_text(json.dumps({"version": "nd-0001", "name": "en_newsdesk_1 1.0.0",
                                                       "created": "2026-12-02T15:00:00Z", "labels": ["ARMED_GROUP"],
                                                       "evaluation": evaluation}))  # fmt: skip


def test_train_dialog_from_the_tools_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.train_model.trigger()
    dialog = window.dialogs.shown.get("train")
    assert isinstance(dialog, TrainDialog) and dialog.isVisible()
    assert dialog.models.count() == 1 and dialog.models.currentData() == "base"
    # the seeds are not reviewed yet: training refuses, in the dialog, and the window stays usable
    dialog.train_button.click()
    assert not dialog.train_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert "mark more articles done" in dialog.status.text()
    assert dialog.train_button.isEnabled()
    # a stored model's scores, text as text
    _fake_version(window.services.trainer.shelf.folder)
    dialog.refresh_models("nd-0001")
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == "ARMED_GROUP (learned)"
    assert dialog.table.item(0, 7).text() == "84.7" and dialog.table.item(0, 8).text() == "+84.7"
    assert dialog.table.item(1, 0).text() == "<b>DATE</b>"
    assert "Other labels F: base 100.0, new 97.4" in dialog.verdict.text()
    dialog.use_selected()
    assert window.services.trainer.active() == "nd-0001"
    assert dialog.models.currentText().startswith("* nd-0001")
    assert "No model is shared" in dialog.team.text()
    dialog.share_selected()
    assert dialog.team.text().startswith("Team model: nd-0001 (en_newsdesk_1 1.0.0)")
    assert window.services.trainer.team_model() is not None
    dialog.stop_sharing()
    assert window.services.trainer.team_model() is None and not dialog.stop_sharing_button.isEnabled()
    window.services.trainer.choose("base")
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=30000)
    dialog.close()
