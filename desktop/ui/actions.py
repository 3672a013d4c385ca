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
    text: str  # the menu text, with its & mnemonic
    target: Target
    handler: str  # the method of the target to call
    menu: Menu
    keys: tuple[str, ...] = ()  # QKeySequence strings, the first is the one menus show
    tip: str = ""  # status-bar tip
    help: str = ""  # the F1 / README line; "" = listed with another command
    shown: str = ""  # how F1 and the README write the keys (default: keys joined with ", ")
    separator_before: bool = False

    @property
    def keys_text(self) -> str:
        return self.shown or ", ".join(self.keys)


@dataclass(frozen=True, slots=True)
class ViewKey:
    """A key the article view handles itself (not a window action)."""

    shown: str
    help: str

    @property
    def keys_text(self) -> str:
        return self.shown


Entry = Command | ViewKey

# In the order F1 and the README list them (the contract's keys first, interfaces.md section 5),
# and, for commands, the order they take inside their menu.
REGISTRY: tuple[Entry, ...] = (
    ViewKey("1 … 9", "Give the selected text (or the selected span) the label with that number"),
    ViewKey("Delete / Backspace", "Reject a suggestion (kept as negative evidence) or remove your own span or claim"),
    ViewKey("Enter", "Accept the selected suggestion"),
    ViewKey("Tab / Shift+Tab", "Select the next / previous span"),
    ViewKey("Shift+Alt+Left/Right", "Move the selected span's end by one token"),
    ViewKey("Ctrl+Alt+Left/Right", "Move the selected span's start by one token"),
    ViewKey("C", "Mark the selected text as a claim"),
    ViewKey("L", "Link the selected claim (pick the target from a searchable list)"),
    Command("undo", "&Undo", "window", "undo", "Edit", ("Ctrl+Z",),
            help="Undo (across articles, for the whole session)"),
    Command("redo", "&Redo", "window", "redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), help="Redo"),
    Command("accept_all", "&Accept all suggestions in this article", "window", "accept_all", "Edit",
            ("Ctrl+Shift+A",), help="Accept every remaining suggestion in the article (one undo step)",
            separator_before=True),
    Command("mark_done", "Mark &done and open next", "window", "mark_done_and_next", "Edit",
            ("Ctrl+Return", "Ctrl+Enter"), help="Mark the article done and open the next one", shown="Ctrl+Enter"),
    Command("next_article", "&Next article", "window", "next_article", "Go", ("Alt+Down",),
            help="Next / previous article", shown="Alt+Down / Alt+Up"),
    Command("previous_article", "&Previous article", "window", "previous_article", "Go", ("Alt+Up",)),
    Command("search", "&Search the corpus…", "dialogs", "search", "Go", ("Ctrl+F",),
            help="Search the corpus", separator_before=True),
    Command("shortcuts", "&Keyboard shortcuts", "dialogs", "show_shortcuts", "Help", ("F1", "?"),
            help="Show every shortcut", shown="F1 or ?"),
    ViewKey("Escape", "Clear the selection"),
    ViewKey("Alt while selecting", "Select exact characters instead of whole tokens"),
    Command("import_files", "&Import files…", "dialogs", "import_files", "File", ("Ctrl+O",),
            tip=f"Import {' '.join(import_extensions())} files", help="Import files"),
    Command("import_folder", "Import a &folder…", "dialogs", "import_folder", "File", ("Ctrl+Shift+O",),
            tip="Import every supported file in a folder and its subfolders",
            help="Import every supported file in a folder"),
    Command("export", "&Export…", "dialogs", "export", "File", ("Ctrl+E",),
            tip="Export articles and annotations", help="Export articles and annotations"),
    Command("settings", "&Settings…", "dialogs", "open_settings", "File", ("Ctrl+,",),
            tip="Labels, colours, keys and taught rules", help="Settings: labels, colours, keys and taught rules",
            separator_before=True),
    Command("quit", "&Quit", "window", "close", "File", ("Ctrl+Q",), help="Quit", separator_before=True),
    Command("claims_view", "&Claims across the corpus", "dialogs", "show_claims_view", "View", ("Ctrl+Shift+C",),
            tip="Every claim with its claimant, verdict and links, and a timeline",
            help="The Claims view: every claim across the corpus, and a timeline"),
    Command("entities", "&Entities…", "dialogs", "show_entities", "Tools", ("Ctrl+Shift+E",),
            tip="Canonical entities: merge proposals, rename, split",
            help="The canonical Entities: merge proposals, rename, split"),
    Command("train_model", "&Train model…", "dialogs", "train_model", "Tools",
            tip="Learn from the reviewed articles; score the new model; choose the one that pre-annotates"),
    Command("about", "&About Newsdesk", "dialogs", "show_about", "Help"),
)  # fmt: skip


def commands() -> tuple[Command, ...]:
    return tuple(e for e in REGISTRY if isinstance(e, Command))


def in_menu(menu: Menu) -> tuple[Command, ...]:
    """The commands of one menu, in their order."""
    return tuple(c for c in commands() if c.menu == menu)


def shortcut_rows() -> tuple[tuple[str, str], ...]:
    """(keys, what they do) for every key, in F1's order: the shortcuts dialog and the README."""
    return tuple((e.keys_text, e.help) for e in REGISTRY if e.help and e.keys_text)


def key_table() -> str:
    """The README's key table (Markdown), as the test expects to find it there."""
    lines = ["| key | action |", "| --- | --- |"]
    lines += [f"| {keys} | {what[0].lower() + what[1:]} |" for keys, what in shortcut_rows()]
    return "\n".join(lines)
