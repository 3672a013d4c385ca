"""The window's actions and menus. The keys are the contract's (interfaces.md, section 5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


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
    file_menu = bar.addMenu("&File")
    imp = _action(window, "&Import files…", d.import_files, ["Ctrl+O"],
                  "Import .txt .md .jsonl .json .html files")  # fmt: skip
    imp_dir = _action(window, "Import a &folder…", d.import_folder, ["Ctrl+Shift+O"],
                      "Import every supported file in a folder and its subfolders")  # fmt: skip
    exp = _action(window, "&Export…", d.export, ["Ctrl+E"], "Export articles and annotations")
    settings = _action(window, "&Settings…", d.open_settings, ["Ctrl+,"], "Labels, colours, keys and taught rules")
    quit_ = _action(window, "&Quit", h.close, ["Ctrl+Q"])
    new_version = _action(window, "Import a new &version of this article…", d.import_new_version, [],
                          "The file's article becomes the next revision of the open one")  # fmt: skip
    new_article = _action(window, "&New article from text…", d.new_article, ["Ctrl+N"],
                          "Paste an article's text, with its title, source and date")  # fmt: skip
    add_url = _action(window, "Add article from a &web address…", d.add_from_url, ["Ctrl+Shift+N"],
                      "Fetch a page and keep its article text")  # fmt: skip
    edit_article = _action(window, "Article &details…", d.edit_article, ["F2"], "Title, source, date and URL")
    delete_article = _action(window, "&Delete article", d.delete_articles, ["Ctrl+Shift+Del"],
                             "Delete the selected articles with their annotations (undoable)")  # fmt: skip
    open_db = _action(window, "&Open database…", d.open_database, ["Ctrl+Shift+D"],
                      "Work on another Newsdesk database file")  # fmt: skip
    for a in (new_article, add_url, imp, imp_dir, new_version, exp):
        file_menu.addAction(a)
    file_menu.addSeparator()
    for a in (edit_article, delete_article):
        file_menu.addAction(a)
    file_menu.addSeparator()
    file_menu.addAction(open_db)
    recent_menu = file_menu.addMenu("&Recent databases")
    recent_menu.aboutToShow.connect(lambda: d.fill_recent(recent_menu))
    file_menu.addSeparator()
    file_menu.addAction(settings)
    file_menu.addSeparator()
    file_menu.addAction(quit_)

    edit_menu = bar.addMenu("&Edit")
    undo = _action(window, "&Undo", h.undo, ["Ctrl+Z"])
    redo = _action(window, "&Redo", h.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
    accept_all = _action(window, "&Accept all suggestions in this article (entities and claims)", h.accept_all,
                         ["Ctrl+Shift+A"])  # fmt: skip
    mark_done = _action(window, "Mark &done and open next", h.mark_done_and_next, ["Ctrl+Return", "Ctrl+Enter"])
    relate = _action(window, "&Relate the selected entity span\u2026", h.relate_span, ["R"],
                     "Relate two entity spans: works_for, member_of, met_with, \u2026")  # fmt: skip
    for a in (undo, redo):
        edit_menu.addAction(a)
    edit_menu.addSeparator()
    edit_menu.addAction(relate)
    edit_menu.addAction(accept_all)
    edit_menu.addAction(mark_done)

    go_menu = bar.addMenu("&Go")
    next_article = _action(window, "&Next article", h.next_article, ["Alt+Down"])
    previous_article = _action(window, "&Previous article", h.previous_article, ["Alt+Up"])
    search = _action(window, "&Search the corpus…", d.search, ["Ctrl+F"])
    next_pane = _action(window, "Next pane (article list, text, side panel)", lambda: h.focus_pane(1), ["F6"])
    previous_pane = _action(window, "Previous pane", lambda: h.focus_pane(-1), ["Shift+F6"])
    for a in (next_article, previous_article, next_pane, previous_pane):
        go_menu.addAction(a)
    go_menu.addSeparator()
    go_menu.addAction(search)

    view_menu = bar.addMenu("&View")
    claims_view = _action(window, "&Claims across the corpus", d.show_claims_view, ["Ctrl+Shift+C"],
                          "Every claim with its claimant, verdict and links, and a timeline")  # fmt: skip
    revisions = _action(window, "&Revisions of this article…", d.show_revisions, ["Ctrl+Shift+R"],
                        "Revision history, what changed, and the annotations that need a look")  # fmt: skip
    view_menu.addAction(claims_view)
    view_menu.addAction(revisions)
    view_menu.addSeparator()

    tools_menu = bar.addMenu("&Tools")
    entities = _action(window, "&Entities…", d.show_entities, ["Ctrl+Shift+E"],
                       "Canonical entities: merge proposals, rename, split")  # fmt: skip
    tools_menu.addAction(entities)
    train_model = _action(window, "&Train model…", d.train_model, [],
                          "Learn from the reviewed articles; score the new model; choose the one that pre-annotates")
    tools_menu.addAction(train_model)

    help_menu = bar.addMenu("&Help")
    shortcuts = _action(window, "&Keyboard shortcuts", d.show_shortcuts, ["F1", "?"])
    about = _action(window, "&About Newsdesk", d.show_about)
    help_menu.addAction(shortcuts)
    help_menu.addAction(about)
    return WindowActions(new_article=new_article, add_url=add_url, edit_article=edit_article,
                         delete_article=delete_article, open_database=open_db, recent_menu=recent_menu,
                         import_files=imp, import_folder=imp_dir, export=exp, settings=settings, quit=quit_,
                         undo=undo, redo=redo, accept_all=accept_all, relate=relate, mark_done=mark_done,
                         next_article=next_article, previous_article=previous_article, next_pane=next_pane,
                         previous_pane=previous_pane, search=search,
                         claims_view=claims_view, entities=entities, train_model=train_model, shortcuts=shortcuts,
                         about=about, revisions=revisions, new_version=new_version,
                         edit_menu=edit_menu, view_menu=view_menu)  # fmt: skip
