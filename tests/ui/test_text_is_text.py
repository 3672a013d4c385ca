"""Text is text: markup and <img> payloads in titles, labels, entity names, claim notes and file
names reach every widget as plain text, so Qt never parses them and never loads an image."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QToolTip, QWidget

from desktop.app import make_services
from desktop.services import Services
from desktop.ui import plain
from tests.db.builders import doc_a, doc_b

ZERO = '<img src="/dev/zero">'
PICTURE = "<img src=picture.png>"
TITLE = f"{ZERO} <b>Inflation</b> falls"
LABEL = f"{PICTURE}PERSON"
NAME = f"{ZERO}Benjamin Netanyahu"
NOTE = f"<i>check</i> {PICTURE}"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Services]:
    a, b = doc_a(), doc_b()
    a = dataclasses.replace(
        a,
        article=dataclasses.replace(a.article, meta=dataclasses.replace(a.article.meta, title=TITLE)),
        spans=[dataclasses.replace(s, label=LABEL) if s.id == "s-a1" else s for s in a.spans],
        claims=[dataclasses.replace(c, note=NOTE) for c in a.claims],
        entities=[dataclasses.replace(e, name=NAME, label=LABEL) if e.id == "e-netanyahu" else e for e in a.entities],
    )
    services = make_services(str(tmp_path / "hostile.sqlite3"))
    services._store.add_documents([a, b])
    (tmp_path / "page.html").write_text(
        "<html><head><title>&lt;img src=/dev/zero&gt; page</title></head><body><h1>&lt;img src=/dev/zero&gt;"
        "</h1><p>A saved page whose headline is escaped markup, long enough to be an article.</p></body></html>",
        encoding="utf-8",
    )
    report = services.corpus.import_paths([tmp_path / "page.html"])
    assert not report.failed, report.summary()
    yield services
    services.close()


def _tips_and_texts(widget: QWidget) -> Iterator[tuple[str, str, bool]]:
    """(where, text, is_tooltip) for everything a widget shows: its tooltip, label text, and item cells."""
    name = f"{type(widget).__name__}:{widget.objectName()}"
    yield name, widget.toolTip(), True
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
        yield name, widget.text(), True  # AutoText/RichText: Qt would parse it like a tooltip
    if isinstance(widget, QMessageBox) and widget.textFormat() != Qt.TextFormat.PlainText:
        yield name, widget.text(), True
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            try:
                columns = model.columnCount(parent)
            except TypeError:  # list models keep columnCount private: they have one column
                columns = 1
            for row in range(model.rowCount(parent)):
                for col in range(columns):
                    index = model.index(row, col, parent)
                    tip = index.data(Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        yield f"{name}[{row},{col}]", tip, True
                pending.append(model.index(row, 0, parent))


def sweep(seen: set[str]) -> list[str]:
    """Every place where a payload would reach Qt as markup; adds to ``seen`` where it arrived as text."""
    bad = []
    for widget in QApplication.allWidgets():
        for where, text, _tip in _tips_and_texts(widget):
            bad += check(where, text, seen)
    return bad


def check(where: str, text: str, seen: set[str]) -> list[str]:
    if not text:
        return []
    if "<img" in text or "<b>" in text or "<i>" in text:
        return [f"{where}: {text!r}"]  # a raw tag from data: Qt would render it (and load the image)
    shown = plain.untip(text)
    if "<img" in shown:
        seen.add(where.split(":")[0].split("[")[0])
        assert GuiQt.mightBeRichText(text)  # marked as rich text by us, so Qt shows exactly the escaped text
    return []


def test_no_widget_gets_data_as_markup(qtbot, hostile: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.claims import ClaimsView, EntitiesDialog, LinkPicker
    from desktop.ui.dialogs.problems import FileProblemsDialog
    from desktop.ui.window import MainWindow

    window = MainWindow(hostile)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_article("a-aaaa", "c-a1")
    seen: set[str] = set()

    # the window title and the article pane's labels: plain widgets, the payload as characters
    assert TITLE in window.windowTitle()
    assert window.pane.title.text() == TITLE and window.pane.title.textFormat() == Qt.TextFormat.PlainText

    # the editor's span tooltip
    view = window.view
    span = next(s for s in hostile.corpus.document("a-aaaa").spans if s.id == "s-a1")
    point = _point_of(view, span.start + 2)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert check("editor tooltip", QToolTip.text(), seen) == []
    assert LABEL in plain.untip(QToolTip.text())

    # the status bar and the message box
    window.refuse(f"Cannot save {TITLE}")
    assert TITLE in window.statusBar().currentMessage()  # QStatusBar paints plain text
    box = plain.message_box(window, QMessageBox.Icon.Warning, TITLE, NOTE)
    assert box.textFormat() == Qt.TextFormat.PlainText

    claims = ClaimsView(hostile)
    entities = EntitiesDialog(hostile)
    picker = LinkPicker(hostile, "c-b1")
    problems = FileProblemsDialog("1 file failed", [(f"{tmp_path}/{ZERO}.txt", f"{tmp_path}/{ZERO}.txt: {NOTE}")])
    for w in (claims, entities, picker, problems):
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
    claims.show_timeline()
    qtbot.wait(50)

    # the timeline's card tooltip
    timeline = claims.timeline
    card = next(c for c in timeline.cards() if c.ref.claim.id == "c-a1")
    centre = card.rect.center()
    move = QMouseEvent(QEvent.Type.MouseMove, centre, timeline.mapToGlobal(centre.toPoint()).toPointF(),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(timeline, move)
    assert check("timeline tooltip", QToolTip.text(), seen) == []
    assert TITLE in plain.untip(QToolTip.text())

    assert sweep(seen) == []
    # the payload did reach these places, as text (so the sweep above looked at real data)
    reached = {"QTableView", "QTreeWidget", "QTableWidget", "QListWidget", "_ClaimsTable", "QLabel",
               "editor tooltip", "timeline tooltip"}  # fmt: skip
    assert reached <= seen
    window.runner.cancel_all()
    window.runner.wait()


def _point_of(view, position: int) -> QPoint:  # type: ignore[no-untyped-def]
    cursor = view.textCursor()
    cursor.setPosition(view.edge.to_qt(position))
    return view.cursorRect(cursor).center()

