"""Entity relations in the window: R on a selected span opens the picker, the relation is stored,
listed in the Relations tab and drawn; Ctrl+Z takes it back; the tab's Remove removes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.ui.dialogs.problems import FileProblemsDialog
from desktop.ui.relation_picker import RelationPicker
from desktop.ui.window import MainWindow


def _stored(window: MainWindow, aid: str) -> list[tuple[str, str, str]]:
    doc = window.services.corpus.document(aid)
    spans = {s.id: doc.text[s.start : s.end] for s in doc.spans}
    return [(r.label, spans[r.head], spans[r.child]) for r in doc.relations]


def test_r_relates_the_selected_span_by_keyboard_and_undo_takes_it_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    text = window.view.edge.text
    spans = window.view.visible_spans()
    head = spans[0]
    other = next(s for s in spans if text[s.start : s.end] != text[head.start : head.end])
    other_text = text[other.start : other.end]
    seen: list[RelationPicker] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RelationPicker):
            QTimer.singleShot(20, drive)
            return
        seen.append(dialog)
        dialog.label_combo.setEditText("works_for")
        qtbot.keyClicks(dialog.search, other_text)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    window.view.select_object(head.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R)
    assert seen, "R did not open the relation picker"
    assert _stored(window, aid) == [("works_for", text[head.start : head.end], other_text)]
    assert [r.label for r in window.view.relations()] == ["works_for"]
    rows = window.details.relations.rows()
    assert len(rows) == 1 and "\u2014works_for\u2192" in rows[0] and other_text in rows[0]
    window.grab()  # paints the arrow (a paint error would fail the test through Qt's warnings)
    window.activateWindow()  # the picker was the active window until it closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(window, aid) == []
    qtbot.waitUntil(lambda: window.details.relations.rows() == [], timeout=3000)


def test_relations_tab_removes_a_relation(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    a, b = window.view.visible_spans()[:2]
    window.services.relations.add(a.id, b.id, "met_with")
    window.refresh()
    panel = window.details.relations
    qtbot.waitUntil(lambda: len(panel.rows()) == 1, timeout=3000)
    panel.list.setCurrentRow(0)
    panel.remove_button.click()
    assert _stored(window, aid) == []


def test_the_import_report_lists_what_a_file_could_not_keep(qtbot, window: MainWindow, tmp_path: Path,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    text = "Gantz met Netanyahu <b>of</b> Likud in Jerusalem."
    ann = "T1\tPERSON 0 5\tGantz\nT2\tPERSON 10 19\tNetanyahu\nE1\tMeet:T1 Agent:T2\nR1\trivals Arg1:T1 Arg2:T2\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(ann, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(tmp_path / "a.ann")], ""))
    window.menu_actions.import_files.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialogs.shown.get("problems"), FileProblemsDialog), timeout=20000)
    report = window.dialogs.shown["problems"]
    assert isinstance(report, FileProblemsDialog)
    assert report.rows() == [] and report.windowTitle() == "Import report"
    assert report.skipped_rows() == [
        (f"{tmp_path / 'a.ann'}:3", "events skipped: E1 Meet:T1 Agent:T2"),
        (f"{tmp_path / 'a.ann'}:4", "relations of unknown type 'rivals' kept as entity relations"),
    ]
    assert "1 events skipped" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=30000)
    report.close()


def test_settings_edit_the_relation_set(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.settings.trigger()
    dialog = window.dialogs.shown["settings"]
    dialog.tabs.setCurrentIndex(1)
    assert dialog.tabs.tabText(1) == "Relations"
    dialog.relation_labels.setPlainText("works_for\nworks_for")
    dialog.accept()
    assert dialog.isVisible() and "must differ" in dialog.relations_error.text()
    dialog.relation_labels.setPlainText("works_for\n  advises \n\nfunds")
    dialog.accept()
    assert not dialog.isVisible()
    assert window.services.corpus.relation_labels() == ["works_for", "advises", "funds"]
