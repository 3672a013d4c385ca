"""The window's actions and menus, made from the action registry (:mod:`desktop.ui.actions`,
which holds every command's name, keys and handler; the keys are the contract's, interfaces.md
section 5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from .actions import MENUS, Command, in_menu


class WindowHandlers(Protocol):
    """What the menus call on the window (editing and navigation)."""

    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def accept_all(self) -> None: ...
    def relate_span(self) -> None: ...
    def mark_done_and_next(self) -> None: ...
    def next_article(self) -> None: ...
    def previous_article(self) -> None: ...
    def focus_pane(self, step: int) -> None: ...
    def close(self) -> bool: ...


class DialogHandlers(Protocol):
    """What the menus open (see :class:`desktop.ui.launcher.DialogLauncher`)."""

    def import_files(self) -> None: ...
    def new_article(self) -> object: ...
    def add_from_url(self) -> object: ...
    def edit_article(self) -> object: ...
    def delete_articles(self) -> None: ...
    def open_database(self) -> None: ...
    def fill_recent(self, menu: QMenu) -> None: ...
    def import_folder(self) -> None: ...
    def export(self) -> object: ...
    def open_settings(self) -> object: ...
    def search(self) -> object: ...
    def show_claims_view(self) -> object: ...
    def show_entities(self) -> object: ...
    def train_model(self) -> object: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> object: ...
    def show_revisions(self) -> object: ...
    def import_new_version(self) -> None: ...


@dataclass(slots=True)
class WindowActions:
    new_article: QAction
    add_url: QAction
    edit_article: QAction
    delete_article: QAction
    open_database: QAction
    recent_menu: QMenu
    import_files: QAction
    import_folder: QAction
    export: QAction
    settings: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    accept_all: QAction
    relate: QAction
    mark_done: QAction
    next_article: QAction
    previous_article: QAction
    next_pane: QAction
    previous_pane: QAction
    search: QAction
    claims_view: QAction
    entities: QAction
    train_model: QAction
    shortcuts: QAction
    about: QAction
    revisions: QAction
    new_version: QAction
    edit_menu: QMenu
    view_menu: QMenu


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


def build_menus(window: QMainWindow, h: WindowHandlers, d: DialogHandlers) -> WindowActions:
    bar = window.menuBar()
    targets: dict[str, object] = {"window": h, "dialogs": d}
    made: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    recent_menu: QMenu | None = None
    for name, title in MENUS:
        menu = menus[name] = bar.addMenu(title)
        for command in in_menu(name):
            if command.separator_before:
                menu.addSeparator()
            made[command.id] = _made(window, command, targets[command.target])
            menu.addAction(made[command.id])
            if command.id == "open_database":
                recent_menu = menu.addMenu("&Recent databases")
                recent_menu.aboutToShow.connect(lambda m=recent_menu: d.fill_recent(m))
        if name == "View":
            menu.addSeparator()  # the window adds the details dock's toggle below
    assert recent_menu is not None
    return WindowActions(**made, recent_menu=recent_menu, edit_menu=menus["Edit"], view_menu=menus["View"])


def _made(window: QMainWindow, command: Command, target: object) -> QAction:
    handler: Callable[..., object] = getattr(target, command.handler)
    args = command.args
    slot: Callable[[], object] = (lambda: handler(*args)) if args else handler
    return _action(window, command.text, slot, command.keys, command.tip)
