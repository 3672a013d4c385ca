"""Every command of the window, once: its name, its keys, where it sits in the menus and
what it calls. The menus (:func:`desktop.ui.menus.build_menus`), the shortcuts dialog (F1)
and the README's key table (checked by a test) are all made from :data:`REGISTRY`.

Two kinds of entries:
- :class:`Command`: a window action with a handler (a method of the window or of the dialog
  launcher) and a place in a menu;
- :class:`ViewKey`: a key the article view handles itself (labelling, reviewing, selecting),
  listed so that F1 and the README show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.services.catalog import import_extensions

Menu = Literal["File", "Edit", "Go", "View", "Tools", "Help"]
Target = Literal["window", "dialogs"]  # who handles a command: the main window or the dialog launcher

MENUS: tuple[tuple[Menu, str], ...] = (
    ("File", "&File"),
    ("Edit", "&Edit"),
    ("Go", "&Go"),
    ("View", "&View"),
    ("Tools", "&Tools"),
    ("Help", "&Help"),
)


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # the attribute of WindowActions, e.g. "mark_done"
    text: str  # the menu text, with its & mnemonic; F1 and the README name the command so too
    target: Target
    handler: str  # the method of the target to call
    menu: Menu
    keys: tuple[str, ...] = ()  # QKeySequence strings, the first is the one menus show
    tip: str = ""  # status-bar tip
    separator_before: bool = False
    args: tuple[int, ...] = ()  # what the handler is called with (e.g. the pane step of F6 / Shift+F6)

    @property
    def keys_text(self) -> str:
        """How F1 and the README write the keys: as the action lists its shortcuts."""
        return ", ".join(self.keys)

    @property
    def help(self) -> str:
        """The F1 / README line: the menu text without its mnemonic and ellipsis."""
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("\u2026").strip()


@dataclass(frozen=True, slots=True)
class ViewKey:
    """A key the article view (or a side window) handles itself (not a window action)."""

    shown: str
    help: str

    @property
    def keys_text(self) -> str:
        return self.shown


Entry = Command | ViewKey

# What the exact-character selection is held with: Ctrl (window managers move windows on Alt+drag).
EXACT_SELECTION = "Ctrl while selecting with the mouse"

# In the order F1 and the README list them (the editor's keys first, interfaces.md section 5),
# and, for commands, the order they take inside their menu.
REGISTRY: tuple[Entry, ...] = (
    ViewKey("1 \u2026 9", "Give the selected text (or the selected span) the label with that number"),
    ViewKey("Delete / Backspace", "Reject a suggestion (kept as negative evidence) or remove your own span or claim"),
    ViewKey("Enter", "Accept the selected suggestion and select the next span"),
    ViewKey("Tab / Shift+Tab", "Select the next / previous span"),
    ViewKey("Shift+Alt+Left/Right", "Move the selected span's end by one token"),
    ViewKey("Ctrl+Alt+Left/Right", "Move the selected span's start by one token"),
    ViewKey("C", "Mark the selected text as a claim"),
    ViewKey("L", "Link the selected claim (pick the target from a searchable list)"),
    ViewKey("Escape", "Clear the selection; in the side panel: back to the text"),
    ViewKey(EXACT_SELECTION, "Select exact characters instead of whole tokens"),
    ViewKey("Escape, Ctrl+W", "Close the Claims or Entities window"),
    ViewKey("Delete in the article list", "Delete the selected articles (Ctrl+Z brings them back)"),
    Command("new_article", "&New article from text\u2026", "dialogs", "new_article", "File", ("Ctrl+N",),
            tip="Paste an article's text, with its title, source and date"),
    Command("add_url", "Add article from a &web address\u2026", "dialogs", "add_from_url", "File", ("Ctrl+Shift+N",),
            tip="Fetch a page and keep its article text"),
    Command("import_files", "&Import files\u2026", "dialogs", "import_files", "File", ("Ctrl+O",),
            tip=f"Import {' '.join(import_extensions())} files"),
    Command("import_folder", "Import a &folder\u2026", "dialogs", "import_folder", "File", ("Ctrl+Shift+O",),
            tip="Import every supported file in a folder and its subfolders"),
    Command("new_version", "Import a new &version of this article\u2026", "dialogs", "import_new_version", "File",
            tip="The file's article becomes the next revision of the open one"),
    Command("export", "&Export\u2026", "dialogs", "export", "File", ("Ctrl+E",),
            tip="Export articles and annotations"),
    Command("edit_article", "Article &details\u2026", "dialogs", "edit_article", "File", ("F2",),
            tip="Title, source, date and URL", separator_before=True),
    Command("delete_article", "&Delete article", "dialogs", "delete_articles", "File", ("Ctrl+Shift+Del",),
            tip="Delete the selected articles with their annotations (undoable)"),
    # build_menus puts the Recent databases submenu right after this one.
    Command("open_database", "&Open database\u2026", "dialogs", "open_database", "File", ("Ctrl+Shift+D",),
            tip="Work on another Newsdesk database file", separator_before=True),
    Command("settings", "&Settings\u2026", "dialogs", "open_settings", "File", ("Ctrl+,",),
            tip="Labels, colours, keys and taught rules", separator_before=True),
    Command("quit", "&Quit", "window", "close", "File", ("Ctrl+Q",), separator_before=True),
    Command("undo", "&Undo", "window", "undo", "Edit", ("Ctrl+Z",)),
    Command("redo", "&Redo", "window", "redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y")),
    Command("relate", "&Relate the selected entity span\u2026", "window", "relate_span", "Edit", ("R",),
            tip="Relate two entity spans: works_for, member_of, met_with, \u2026", separator_before=True),
    Command("accept_all", "&Accept all suggestions in this article (entities and claims)", "window", "accept_all",
            "Edit", ("Ctrl+Shift+A",)),
    Command("mark_done", "Mark &done and open next", "window", "mark_done_and_next", "Edit",
            ("Ctrl+Return", "Ctrl+Enter")),
    Command("next_article", "&Next article", "window", "next_article", "Go", ("Alt+Down",)),
    Command("previous_article", "&Previous article", "window", "previous_article", "Go", ("Alt+Up",)),
    Command("next_pane", "Next pane (article list, text, side panel)", "window", "focus_pane", "Go", ("F6",),
            args=(1,)),
    Command("previous_pane", "Previous pane", "window", "focus_pane", "Go", ("Shift+F6",), args=(-1,)),
    Command("search", "&Search the corpus\u2026", "dialogs", "search", "Go", ("Ctrl+F",), separator_before=True),
    Command("claims_view", "&Claims across the corpus", "dialogs", "show_claims_view", "View", ("Ctrl+Shift+C",),
            tip="Every claim with its claimant, verdict and links, and a timeline"),
    Command("revisions", "&Revisions of this article\u2026", "dialogs", "show_revisions", "View", ("Ctrl+Shift+R",),
            tip="Revision history, what changed, and the annotations that need a look"),
    Command("entities", "&Entities\u2026", "dialogs", "show_entities", "Tools", ("Ctrl+Shift+E",),
            tip="Canonical entities: merge proposals, rename, split"),
    Command("train_model", "&Train model\u2026", "dialogs", "train_model", "Tools",
            tip="Learn from the reviewed articles; score the new model; choose the one that pre-annotates"),
    Command("shortcuts", "&Keyboard shortcuts", "dialogs", "show_shortcuts", "Help", ("F1", "?")),
    Command("about", "&About Newsdesk", "dialogs", "show_about", "Help"),
)  # fmt: skip


def commands() -> tuple[Command, ...]:
    return tuple(e for e in REGISTRY if isinstance(e, Command))


def in_menu(menu: Menu) -> tuple[Command, ...]:
    """The commands of one menu, in their order."""
    return tuple(c for c in commands() if c.menu == menu)


def shortcut_rows() -> tuple[tuple[str, str], ...]:
    """(keys, what they do) for every key, in F1's order: the shortcuts dialog and the README."""
    return tuple((e.keys_text, e.help) for e in REGISTRY if e.keys_text)


def key_table() -> str:
    """The README's key table (Markdown), as the test expects to find it there."""
    lines = ["| key | action |", "| --- | --- |"]
    lines += [f"| {keys} | {what[0].lower() + what[1:]} |" for keys, what in shortcut_rows()]
    return "\n".join(lines)
