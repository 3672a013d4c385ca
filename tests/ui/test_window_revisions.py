"""Revisions in the real window: File > Import a new version, View > Revisions (history, diff,
needs a look), the article list's mark, and undo of each answer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from desktop.domain.model import Span
from desktop.ui.dialogs.revisions import ID_ROLE, RevisionsDialog
from desktop.ui.window import MainWindow


def _new_version(window: MainWindow, tmp_path: Path) -> tuple[str, str, str]:
    aid = window.current_id
    assert aid is not None
    doc = window.services.corpus.document(aid)
    old = doc.text
    paragraphs = old.split("\n")
    starts = [sum(len(q) + 1 for q in paragraphs[:i]) for i in range(len(paragraphs))]

    def has_span(i: int) -> bool:
        return any(starts[i] <= s.start < starts[i] + len(paragraphs[i]) for s in doc.spans if s.visible)

    removed = next(paragraphs[i] for i in range(2, len(paragraphs)) if has_span(i) and paragraphs[i].count(
        paragraphs[i]) == 1 and old.count(paragraphs[i]) == 1)
    new = "\n".join(p for p in paragraphs if p != removed).replace("640", "641", 1)
    path = tmp_path / "v2.txt"
    path.write_text(new, encoding="utf-8")
    return aid, new, str(path)


def test_a_new_version_from_the_file_menu_shows_history_diff_and_needs_a_look(qtbot, window: MainWindow,
                                                                                tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    aid, new, path = _new_version(window, tmp_path)
    before = window.services.corpus.document(aid)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    window.menu_actions.new_version.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialogs.shown.get("revisions"), RevisionsDialog), timeout=20000)
    dialog = window.dialogs.shown["revisions"]
    assert isinstance(dialog, RevisionsDialog)

    assert window.view.edge.text == new  # the window shows the new revision
    assert [a.id for a in window.services.corpus.articles()].count(aid) == 1
    assert dialog.history.count() == 2
    assert "read-only" in dialog.history.item(0).text() and "current" in dialog.history.item(1).text()
    assert "figure 640 -> 641" in dialog.summary.text()
    assert "removed" in dialog.summary.text()
    struck, underlined = marked(dialog)
    assert "0" in struck and "1" in underlined  # 640 -> 641: the deleted digit struck out, the new one marked
    assert removed_paragraph(window, aid) in struck

    row = window.articles.model.row_of(aid)
    assert window.articles.model.data(window.articles.model.index(row, 0)).startswith("↻ ")

    after = window.services.corpus.document(aid)
    carried = {s.id for s in after.spans}
    looks = window.services.revisions.needs_a_look(aid)
    assert dialog.look.count() == len(looks)
    assert carried | {u.annotation.id for u in looks if isinstance(u.annotation, Span)} == {s.id for s in before.spans}
    for s in after.spans:  # every carried span sits on text; the exact ones on the same text
        assert new[s.start : s.end].strip()

    assert looks  # the removed paragraph had spans
    dialog.look.setCurrentRow(0)
    qtbot.mouseClick(dialog.drop, qtbot_button())
    assert dialog.look.count() == len(looks) - 1
    assert (window.services.history.undo_text or "").startswith("Drop")
    window.menu_actions.undo.trigger()
    assert len(window.services.revisions.needs_a_look(aid)) == len(looks)
    qtbot.waitUntil(lambda: dialog.look.count() == len(looks))  # the dialog follows the undo

    qtbot.mouseClick(dialog.reviewed, qtbot_button())
    assert not dialog.reviewed.isEnabled()
    assert not window.articles.model.data(window.articles.model.index(row, 0)).startswith("↻ ")


def test_placing_at_the_selected_text(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid, new, path = _new_version(window, tmp_path)
    window.services.revisions.import_new_version(aid, path)
    window.revisions_changed()
    looks = [u for u in window.services.revisions.needs_a_look(aid) if isinstance(u.annotation, Span)]
    assert looks
    item = looks[0]
    window.menu_actions.revisions.trigger()
    dialog = window.dialogs.shown["revisions"]
    assert isinstance(dialog, RevisionsDialog)
    spans = window.services.corpus.document(aid).spans
    free = next(i for i in range(len(new) - 3) if new[i:i + 3].isalpha() and not any(
        s.start < i + 3 and i < s.end for s in spans))
    window.view.select_text(free, free + 3)
    rows = [r for r in range(dialog.look.count()) if item.id == dialog.look.item(r).data(ID_ROLE)]
    dialog.look.setCurrentRow(rows[0])
    qtbot.mouseClick(dialog.place_selected, qtbot_button())
    placed = {s.id: (s.start, s.end) for s in window.services.corpus.document(aid).spans}
    assert placed[item.annotation.id] == (free, free + 3)


def marked(dialog: RevisionsDialog) -> tuple[str, str]:
    """The struck-out (deleted) and underlined (inserted) text of the diff view."""
    struck, underlined = [], []
    block = dialog.diff.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            if fmt.fontStrikeOut():
                struck.append(frag.text())
            if fmt.fontUnderline():
                underlined.append(frag.text())
            it += 1
        block = block.next()
    return "".join(struck), "".join(underlined)


def removed_paragraph(window: MainWindow, aid: str) -> str:
    old = window.services.revisions.revision(aid, 1).text
    new = window.services.revisions.revision(aid, 2).text
    return next(p for p in old.split("\n") if p and p not in new)


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
