"""The window's actions and menus. The keys are the contract's (interfaces.md, section 5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


class Handlers(Protocol):
    """What the menus call on the window."""

    def import_files(self) -> None: ...
    def import_folder(self) -> None: ...
    def export(self) -> None: ...
    def open_settings(self) -> None: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def accept_all(self) -> None: ...
    def mark_done_and_next(self) -> None: ...
    def next_article(self) -> None: ...
    def previous_article(self) -> None: ...
    def search(self) -> object: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> object: ...
    def close(self) -> bool: ...


@dataclass(slots=True)
class WindowActions:
    import_files: QAction
    import_folder: QAction
    export: QAction
    settings: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    accept_all: QAction
    mark_done: QAction
    next_article: QAction
    previous_article: QAction
    search: QAction
    shortcuts: QAction
    about: QAction
    edit_menu: QMenu
    view_menu: QMenu
    tools_menu: QMenu


def _action(window: QMainWindow, text: str, slot: Callable[[], object], keys: Sequence[str] = (),
            tip: str = "") -> QAction:  # fmt: skip
    action = QAction(text, window)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def build_menus(window: QMainWindow, h: Handlers) -> WindowActions:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    imp = _action(window, "&Import files…", h.import_files, ["Ctrl+O"],
                  "Import .txt .md .jsonl .json .html files")  # fmt: skip
    imp_dir = _action(window, "Import a &folder…", h.import_folder, ["Ctrl+Shift+O"],
                      "Import every supported file in a folder and its subfolders")  # fmt: skip
    exp = _action(window, "&Export…", h.export, ["Ctrl+E"], "Export articles and annotations")
    settings = _action(window, "&Settings…", h.open_settings, ["Ctrl+,"], "Labels, colours, keys and taught rules")
    quit_ = _action(window, "&Quit", h.close, ["Ctrl+Q"])
    for a in (imp, imp_dir, exp):
        file_menu.addAction(a)
    file_menu.addSeparator()
    file_menu.addAction(settings)
    file_menu.addSeparator()
    file_menu.addAction(quit_)

    edit_menu = bar.addMenu("&Edit")
    undo = _action(window, "&Undo", h.undo, ["Ctrl+Z"])
    redo = _action(window, "&Redo", h.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
    accept_all = _action(window, "&Accept all suggestions in this article", h.accept_all, ["Ctrl+Shift+A"])
    mark_done = _action(window, "Mark &done and open next", h.mark_done_and_next, ["Ctrl+Return", "Ctrl+Enter"])
    for a in (undo, redo):
        edit_menu.addAction(a)
    edit_menu.addSeparator()
    edit_menu.addAction(accept_all)
    edit_menu.addAction(mark_done)

    go_menu = bar.addMenu("&Go")
    next_article = _action(window, "&Next article", h.next_article, ["Alt+Down"])
    previous_article = _action(window, "&Previous article", h.previous_article, ["Alt+Up"])
    search = _action(window, "&Search the corpus…", h.search, ["Ctrl+F"])
    for a in (next_article, previous_article):
        go_menu.addAction(a)
    go_menu.addSeparator()
    go_menu.addAction(search)

    view_menu = bar.addMenu("&View")
    tools_menu = bar.addMenu("&Tools")

    help_menu = bar.addMenu("&Help")
    shortcuts = _action(window, "&Keyboard shortcuts", h.show_shortcuts, ["F1", "?"])
    about = _action(window, "&About Newsdesk", h.show_about)
    help_menu.addAction(shortcuts)
    help_menu.addAction(about)
    return WindowActions(import_files=imp, import_folder=imp_dir, export=exp, settings=settings, quit=quit_,
                         undo=undo, redo=redo, accept_all=accept_all, mark_done=mark_done,
                         next_article=next_article, previous_article=previous_article, search=search,
                         shortcuts=shortcuts, about=about, edit_menu=edit_menu, view_menu=view_menu,
                         tools_menu=tools_menu)  # fmt: skip
