"""The process survives long sessions, and the view survives misuse."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import MakeView
from .helpers import span

_MANY_VOID_CALLS = textwrap.dedent(
    """
    import desktop.ui.editor
    from PySide6.QtGui import QColor
    c = QColor("red")
    for _ in range(200_000):
        c.setAlphaF(0.5)  # PySide6 6.12.0 dropped a reference to None here (fatal on CPython 3.11): pinned <6.12
    print("alive")
    """
)


def test_a_long_session_of_qt_calls_does_not_kill_the_interpreter() -> None:
    done = subprocess.run([sys.executable, "-c", _MANY_VOID_CALLS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"


def test_text_replaced_behind_set_documents_back_draws_no_stale_layers(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Obama met Merkel."
    view = make_view(text, [span("s", text, "Merkel", "PERSON")])
    view.setPlainText("x")
    view.viewport().grab()  # paints without raising
    assert view.claim_bars() == []


def test_update_with_unknown_selected_object_clears_the_selection(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Obama met Merkel."
    s = span("s", text, "Merkel", "PERSON")
    view = make_view(text, [s])
    view.select_object("s")
    with qtbot.waitSignal(view.selectionChanged) as sig:
        view.update_annotations([], [])
    assert sig.args == [""]
    assert view.selected_id() is None
