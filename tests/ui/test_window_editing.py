"""The window keeps what it shows in step with the database after every action."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_what_the_window_shows_after_edits_equals_a_fresh_read(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window patches its copy of the article with each committed action instead of
    re-reading it; after a chain of actions (and their undo) it must equal the database."""
    services = window.services
    view = window.view
    aid = window.current_id
    text = view.edge.text

    def same_as_db() -> None:
        fresh = services.corpus.document(aid)
        shown = window._doc
        assert shown is not None
        assert shown.article == fresh.article
        assert sorted(shown.spans, key=lambda s: s.id) == sorted(fresh.spans, key=lambda s: s.id)
        assert sorted(shown.claims, key=lambda c: c.id) == sorted(fresh.claims, key=lambda c: c.id)
        assert sorted(shown.links, key=lambda lk: lk.id) == sorted(fresh.links, key=lambda lk: lk.id)
        assert {s.id for s in view.visible_spans()} == {s.id for s in fresh.spans if s.visible}

    first = next(s for s in services.store.spans(aid) if s.status.value == "suggested")
    view.select_object(first.id)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    same_as_db()
    second = next(s for s in services.store.spans(aid) if s.status.value == "suggested")
    view.select_object(second.id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    same_as_db()
    start = text.index("hostages")
    view.select_text(start, start + len("hostages"))
    qtbot.keyClick(view, Qt.Key.Key_C)
    same_as_db()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        same_as_db()
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        same_as_db()
