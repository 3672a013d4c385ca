"""The real window at 1024x680, 1366x768 and 1920x1080: no interactive widget clipped or overlapped, every
text readable (contrast at least 4.5:1), the dark palette too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from desktop.ui import theme
from desktop.ui.window import MainWindow

SIZES = ((1024, 680), (1366, 768), (1920, 1080))
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTabBar)


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` that can be seen, in window coordinates (clipped by every ancestor)."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def in_scroller(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's content (e.g. the label bar): may scroll out of sight by design."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def shown_interactive(window: MainWindow) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisibleTo(window)
            and w.window() is window and w.width() > 0]  # fmt: skip


@pytest.mark.parametrize("tab", ["entities", "claim"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_nothing_interactive_is_clipped_or_overlapped(qtbot, window: MainWindow, size: tuple[int, int],
                                                      tab: str) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    if tab == "claim":  # the inspector with a linked claim: its Link / Follow / Remove buttons must fit
        aid = window.current_id
        assert aid is not None
        claim = next(c for c in window.services.corpus.document(aid).claims
                     if c.visible and window.services.links.links_of(c.id))  # fmt: skip
        window.view.select_object(claim.id)
        window._on_object_selected(claim.id)
        assert window.details.tabs.currentWidget() is window.inspector
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= size[0] and window.minimumSizeHint().height() <= size[1]
    widgets = shown_interactive(window)
    assert len(widgets) > 10
    clipped = []
    for w in widgets:
        seen = visible_rect(w, window)
        if in_scroller(w, window):  # e.g. the inspector: scrolls vertically, never sideways
            if seen.height() > 0 and seen.width() < w.width():
                clipped.append(f"{type(w).__name__} {w.objectName() or getattr(w, 'text', lambda: '')()} (sideways)")
            continue
        if seen.width() < w.width() or seen.height() < w.height():
            clipped.append(f"{type(w).__name__} {w.objectName() or getattr(w, 'text', lambda: '')()}")
    assert clipped == []
    # Siblings never sit on top of each other.
    for w in widgets:
        for other in widgets:
            if w is not other and w.parentWidget() is other.parentWidget() and not in_scroller(w, window):
                assert not QRect(w.geometry()).intersects(other.geometry()), (w, other)
    # Every label key 1-9 is on screen, whole, and the text keeps most of the height.
    keyed = [b for b in window.pane.label_bar.findChildren(QAbstractButton) if b.text()[:1].isdigit()]
    assert len(keyed) == 9
    for button in keyed:
        seen = visible_rect(button, window)
        assert button.isVisibleTo(window) and seen.size() == button.size(), (size, button.text())
    assert window.pane.label_bar.height() < window.view.height() / 2
    # The list keeps its title column in view, and shows the date beside it whenever there is room.
    view = window.articles.view
    assert view.columnViewportPosition(0) >= 0 and view.columnWidth(0) >= 120
    qtbot.wait(10)
    if view.viewport().width() > 300:
        assert not view.isColumnHidden(2)
        assert view.columnViewportPosition(2) + view.columnWidth(2) <= view.viewport().width()


def label_contrast(label: QLabel) -> float:
    group = QPalette.ColorGroup.Normal if label.isEnabled() else QPalette.ColorGroup.Disabled
    pal = label.palette()
    return theme.contrast(pal.color(group, label.foregroundRole()), pal.color(group, QPalette.ColorRole.Window))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_reads_at_4_5_to_1(qtbot, window: MainWindow, dark: bool) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        if dark:
            app.setPalette(theme.dark_palette())
            theme.apply_theme.__wrapped__ if hasattr(theme.apply_theme, "__wrapped__") else None
            for widget in app.allWidgets():
                if widget.property("newsdeskMuted"):
                    theme.mute(widget)
        QApplication.processEvents()
        labels = [lab for lab in window.findChildren(QLabel) if lab.isVisibleTo(window) and lab.text().strip()
                  and not lab.styleSheet()]  # fmt: skip
        assert window.pane.meta in labels
        low = [(lab.text()[:40], round(label_contrast(lab), 2)) for lab in labels if label_contrast(lab) < 4.5]
        assert low == []
    finally:
        app.setPalette(before)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_long_database_path_is_elided_in_the_status_bar(qtbot, tmp_path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A deep path does not push the status bar off the window: it is elided, its file name stays, and
    the tooltip (plain text) has all of it."""
    from desktop.app import make_services
    from desktop.ui import plain

    deep = tmp_path.joinpath(*[f"newsroom-archive-folder-{i}" for i in range(8)], "<b>desk & co</b>.sqlite3")
    deep.parent.mkdir(parents=True)
    services = make_services(str(deep))
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.resize(*size)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
        QApplication.processEvents()
        label = window.db_label
        full = f"Database: {services.corpus.location}"
        assert label.full_text() == full and plain.untip(label.toolTip()) == full
        assert label.textFormat() == Qt.TextFormat.PlainText
        seen = visible_rect(label, window)
        assert seen.size() == label.size() and label.width() > 0  # whole, inside the window
        bar = window.statusBar()
        assert label.geometry().right() <= bar.width()
        for other in (window.model_label, window.progress):
            if other.isVisibleTo(window):
                assert not other.geometry().intersects(label.geometry())
        if label.fontMetrics().horizontalAdvance(full) > label.contentsRect().width():
            assert label.is_elided() and "…" in label.text() and label.text().endswith("co</b>.sqlite3")
            assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        else:
            assert label.text() == full
        window.runner.cancel_all()
        window.runner.wait()
        window.close()
    finally:
        services.close()
