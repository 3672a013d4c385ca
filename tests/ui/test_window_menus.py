"""File, Go and Help menus of the real window: import and export in the background, search,
shortcuts, settings, About, and the start-up on an empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from desktop import __version__
from desktop.domain.ports import Progress
from desktop.services import Services
from desktop.ui.app import smoke_window
from desktop.ui.dialogs.export import FORMATS, ExportDialog
from desktop.ui.dialogs.problems import FileProblemsDialog
from desktop.ui.dialogs.settings import COLOUR, KEY, SettingsDialog
from desktop.ui.dialogs.shortcuts import ShortcutsDialog
from desktop.ui.search import SearchPanel
from desktop.ui.window import MainWindow

from .conftest import SEEDS

CONTRACT_KEYS = ("1 … 9", "Delete / Backspace", "Enter", "Tab / Shift+Tab", "Shift+Alt+Left/Right",
                 "Ctrl+Alt+Left/Right", "C", "L", "Ctrl+Z", "Ctrl+Shift+Z, Ctrl+Y", "Ctrl+Return, Ctrl+Enter",
                 "Alt+Down", "Alt+Up", "Ctrl+F", "F1, ?", "F6", "Shift+F6", "Ctrl+Shift+A")  # fmt: skip


def test_import_from_the_menu_runs_in_the_background_and_lists_bad_files(qtbot, window: MainWindow,
                                                                         tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    good = tmp_path / "ceasefire.txt"
    good.write_text("Qatar said on Monday that the ceasefire talks in Doha would resume.\n", encoding="utf-8")
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "fine"}\nnot json at all\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good), str(bad)], ""))
    window.menu_actions.import_files.trigger()
    assert window.progress.isVisible()  # shown while the import runs
    qtbot.waitUntil(lambda: isinstance(window.dialogs.shown.get("problems"), FileProblemsDialog), timeout=20000)
    problems = window.dialogs.shown["problems"]
    assert isinstance(problems, FileProblemsDialog)
    rows = problems.rows()
    assert len(rows) == 1 and rows[0][0] == str(bad) and rows[0][1]
    assert window.articles.model.rowCount() == 3  # the good file, not the bad one
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=30000)  # then it is pre-annotated
    services = window.services
    new = next(a for a in services.corpus.articles() if services.corpus.document(a.id).text.startswith("Qatar said"))
    assert new.annotated_by is not None and new.n_entities >= 2
    problems.close()


@pytest.mark.parametrize("fmt", [f for f, _t, _s in FORMATS])
def test_export_from_the_menu_writes_every_format(qtbot, window: MainWindow, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.export.trigger()
    dialog = window.dialogs.shown["export"]
    assert isinstance(dialog, ExportDialog)
    dialog.set_format(fmt)
    suffix = next(s for f, _t, s in FORMATS if f == fmt)
    dest = tmp_path / f"out{suffix}" if suffix else tmp_path / "brat-out"
    dialog.path.setText(str(dest))
    dialog.accepted_only.setChecked(fmt == "conll")
    with qtbot.waitSignal(window.jobs.exported, timeout=20000) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert blocker.args[1] == str(dest)
    assert dest.exists()
    assert "Exported to" in window.statusBar().currentMessage()
    if fmt == "jsonl":
        lines = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == 2 and all(r["schema"] == "newsdesk/1" for r in lines)


def test_export_of_the_selected_articles_only(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    window.menu_actions.export.trigger()
    dialog = window.dialogs.shown["export"]
    assert isinstance(dialog, ExportDialog) and dialog.selected_articles.isEnabled()
    dialog.selected_articles.setChecked(True)
    dest = tmp_path / "one.jsonl"
    dialog.path.setText(str(dest))
    with qtbot.waitSignal(window.jobs.exported, timeout=20000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    lines = dest.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [aid]


def test_ctrl_f_opens_a_docked_panel_that_finds_and_opens_the_match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel = window.dialogs.shown["search"]
    assert isinstance(panel, SearchPanel) and panel.isVisible() and not panel.isFloating()
    assert window.dockWidgetArea(panel) == Qt.DockWidgetArea.BottomDockWidgetArea  # beside, not over, the article
    assert not panel.geometry().intersects(window.pane.geometry().translated(window.centralWidget().pos()))
    assert panel.query.hasFocus()
    qtbot.keyClicks(panel.query, "ASEA")  # a prefix
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(panel.hits()), timeout=10000)
    hits = panel.hits()
    target = next(a.id for a in window.services.corpus.articles()
                  if "ASEAN" in window.services.corpus.document(a.id).text)  # fmt: skip
    assert {h.article_id for h in hits} == {target}
    hit = hits[0]
    assert hit.kind == "text" and [hit.snippet[a:b] for a, b in hit.marks] == ["ASEAN"]
    assert panel.model.index(0, 2).data() == hit.snippet.replace("\n", " ")  # shown as plain text
    other = window.articles.neighbour(target, 1) or window.articles.neighbour(target, -1)
    assert other is not None
    window.open_article(other)
    panel.results.activated.emit(panel.model.index(0, 0))
    assert window.current_id == target
    start, end = window.view.text_selection() or (0, 0)
    assert window.view.edge.text[start:end] == "ASEAN"  # the match is selected in the text
    assert panel.isVisible()  # non-modal: it stays open while the analyst reads


def test_search_panel_filters_and_reports_a_bad_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.dialogs.search()
    panel.query.setText("hostage")
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("done"))
    qtbot.waitUntil(lambda: panel.message.text() == "0 matches", timeout=10000)
    panel.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: bool(panel.hits()), timeout=10000)
    panel.from_filter.setText("yesterday")
    panel.search()
    assert "YYYY-MM-DD" in panel.message.text()


def test_f1_and_question_mark_list_every_contract_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for key, mods in ((Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_Question, Qt.KeyboardModifier.NoModifier)):  # fmt: skip
        window.dialogs.shown.pop("shortcuts", None)
        window.view.setFocus()
        qtbot.keyClick(window.view, key, mods)
        dialog = window.dialogs.shown.get("shortcuts")
        assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
        keys = dialog.keys()
        assert [k for k in CONTRACT_KEYS if k not in keys] == []
        # Every window command with a shortcut is listed, as its menu names it (F1 is read from the actions).
        rows = dict(dialog.rows())
        for action in window.actions():
            if action.shortcuts():
                listed = ", ".join(k.toString() for k in action.shortcuts())
                assert rows[listed] == action.text().replace("&", "").rstrip("…").strip()
        dialog.close()


def test_about_shows_versions_and_where_the_data_lives(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.services.load_model()
    window.menu_actions.about.trigger()
    dialog = window.dialogs.shown["about"]
    values = {k: v.text() for k, v in dialog.values.items()}  # type: ignore[attr-defined]
    info = window.services.model_info()
    assert values["Newsdesk"] == __version__
    assert values["spaCy model"] == f"{info.name} {info.version}" and info.name
    assert values["Database schema"] == window.services.schema_version()
    assert values["Database"] == window.services.corpus.location
    assert "t.sqlite3" in values["Database"]
    dialog.close()


def test_settings_edit_the_label_set_and_the_window_follows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.settings.trigger()
    dialog = window.dialogs.shown["settings"]
    assert isinstance(dialog, SettingsDialog)
    table = dialog.labels
    row = next(r for r in range(table.rowCount()) if table.cell(r, 0) == "LAW")
    table.set_cell(row, KEY, "9")
    money = next(r for r in range(table.rowCount()) if table.cell(r, 0) == "MONEY")
    table.set_cell(money, KEY, "")
    table.set_colour(row, "#123456")
    assert table.cell(row, COLOUR) == "#123456"
    dialog.accept()
    saved = {ld.name: ld for ld in window.services.corpus.labels()}
    assert saved["LAW"].key == "9" and saved["LAW"].colour == "#123456" and saved["MONEY"].key is None
    assert window.view.labels() == window.services.corpus.labels()
    bar = window.pane.label_bar.button("LAW")
    assert bar is not None and bar.text() == "9 LAW"


def test_settings_refuse_two_labels_on_one_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    before = window.services.corpus.labels()
    window.menu_actions.settings.trigger()
    dialog = window.dialogs.shown["settings"]
    table = dialog.labels
    row = next(r for r in range(table.rowCount()) if table.cell(r, 0) == "LAW")
    table.set_cell(row, KEY, "1")  # PERSON has 1
    dialog.accept()
    assert dialog.isVisible() and "key" in dialog.error.text()
    assert window.services.corpus.labels() == before
    dialog.reject()


def test_settings_list_and_remove_taught_rules(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.services.corpus.add_rule("JNS", "ORG")
    window.menu_actions.settings.trigger()
    dialog = window.dialogs.shown["settings"]
    rules = dialog.rules
    assert [(r.pattern, r.label) for r in rules.rules()] == [("JNS", "ORG")]
    rules.table.selectRow(0)
    rules.remove_button.click()
    assert window.services.corpus.rules() == [] and rules.table.rowCount() == 0
    dialog.reject()


def test_a_slow_background_task_keeps_the_window_responsive_and_can_be_cancelled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import time

    def slow(progress: Progress) -> None:
        for i in range(200):
            progress.step(i, 200, f"{i} of 200")
            time.sleep(0.02)

    task = window.runner.submit("Fake slow job", slow)
    qtbot.waitUntil(lambda: window.progress.isVisible() and window.progress.bar.value() > 2, timeout=3000)
    order = window.articles.ordered_ids()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # still navigates
    assert window.current_id == order[1] and task.running
    with qtbot.waitSignal(task.cancelled, timeout=3000):
        qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.progress.isVisible(), timeout=2000)


def test_first_start_on_an_empty_database_imports_the_seeds_then_preannotates(qtbot, empty_services: Services) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(empty_services)
    qtbot.addWidget(window)
    window.show()
    window.start(SEEDS)
    assert window.isVisible() and window.pane.article_id is None  # shown before anything loaded
    qtbot.waitUntil(lambda: window.articles.model.rowCount() == 2, timeout=30000)
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=60000)
    assert all(a.annotated_by for a in empty_services.corpus.articles())
    assert window.pane.article_id is not None and len(window.view.visible_spans()) > 20
    assert window.model_label.text().endswith("ready")
    window.close()


def test_smoke_window_builds_the_real_window_offscreen(qapp, seeded_services: Services) -> None:  # type: ignore[no-untyped-def]
    line = smoke_window(seeded_services)
    assert line.startswith("2 article(s) listed") and "highlighted span(s)" in line
    assert "\n" not in line


def test_without_a_model_the_status_bar_says_suggestions_come_from_rules(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import make_services

    services = make_services(str(tmp_path / "rules.sqlite3"), model="rules")
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        assert window.model_label.text().startswith("Loading")
        with qtbot.waitSignal(window.jobs.modelReady, timeout=10000):
            window.start(None)
        assert "rules only" in window.model_label.text()
        assert window.pane.article_id is None and window.pane.placeholder.isVisible()
        window.close()
    finally:
        services.close()


def test_dropping_a_folder_on_the_window_imports_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.txt").write_text("Doha hosted the talks on Tuesday.\n", encoding="utf-8")
    (folder / "two.md").write_text("# Vote\n\nThe Knesset voted on Wednesday.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter.ignore()
    window.dragEnterEvent(enter)  # no drag manager offscreen: the handlers are called as Qt would
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.articles.model.rowCount() == 4, timeout=20000)
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=30000)


def test_settings_set_the_name_recorded_with_every_edit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.settings.trigger()
    dialog = window.dialogs.shown["settings"]
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    dialog.annotator.clear()
    qtbot.keyClicks(dialog.annotator, "  Maya   K. ")
    qtbot.keyClick(dialog.annotator, Qt.Key.Key_Return)  # Enter is OK
    assert not dialog.isVisible()
    aid = window.current_id
    text = window.view.edge.text
    start = text.index("hostages")
    window.view.select_text(start, start + len("hostages"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    span = next(s for s in window.services.read.spans(aid) if s.start == start)
    assert span.annotator == "Maya K."
    assert window.services.read.edit_log(article_id=aid)[0].annotator == "Maya K."


def test_settings_colour_cells_stay_readable_on_dark_colours(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.settings.trigger()
    table = window.dialogs.shown["settings"].labels
    row = next(r for r in range(table.rowCount()) if table.cell(r, 0) == "LOC")  # #332288, dark blue
    assert table.item(row, COLOUR).foreground().color().lightness() > 200
    light = next(r for r in range(table.rowCount()) if table.cell(r, 0) == "DATE")  # #EEDD88, light yellow
    assert table.item(light, COLOUR).foreground().color().lightness() < 60


def test_menus_f1_and_the_readme_come_from_one_action_registry(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from desktop.ui.actions import commands, key_table, shortcut_rows

    registered = {c.id: c for c in commands()}
    for name, command in registered.items():
        action = getattr(window.menu_actions, name)
        assert isinstance(action, QAction) and action.text() == command.text
        assert [k.toString() for k in action.shortcuts()] == list(command.keys)
    # Every key any window action answers to is one the registry defines (and so F1 lists it).
    keys = {k for c in commands() for k in c.keys}
    bound = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
    assert bound <= keys, f"shortcuts outside the registry: {sorted(bound - keys)}"
    window.dialogs.show_shortcuts()
    dialog = window.dialogs.shown["shortcuts"]
    assert isinstance(dialog, ShortcutsDialog)
    rows = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())]
    assert rows == list(shortcut_rows())
    for command in commands():
        if command.keys:  # every command with keys is in F1, keys as the menus bind them, named as in its menu
            assert (command.keys_text, command.help) in rows, command.id
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert key_table() in readme, "README's key table differs from the registry: paste desktop.ui.actions.key_table()"
