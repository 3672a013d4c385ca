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
        shown = window.opened.document
        assert shown is not None
        assert shown.article == fresh.article
        assert sorted(shown.spans, key=lambda s: s.id) == sorted(fresh.spans, key=lambda s: s.id)
        assert sorted(shown.claims, key=lambda c: c.id) == sorted(fresh.claims, key=lambda c: c.id)
        assert sorted(shown.links, key=lambda lk: lk.id) == sorted(fresh.links, key=lambda lk: lk.id)
        assert {s.id for s in view.visible_spans()} == {s.id for s in fresh.spans if s.visible}

    first = next(s for s in services.read.spans(aid) if s.status.value == "suggested")
    view.select_object(first.id)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    same_as_db()
    second = next(s for s in services.read.spans(aid) if s.status.value == "suggested"
                  and not services.links.links_of(s.id))  # fmt: skip
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


def test_the_next_article_is_read_ahead_and_used_only_while_nothing_changed(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services = window.services
    first = window.current_id
    second = window.articles.neighbour(first, 1)
    qtbot.waitUntil(lambda: window.opened.ahead_id == second, timeout=3000)
    reads: list[str] = []
    real = services.corpus.document
    monkeypatch.setattr(services.corpus, "document", lambda aid: (reads.append(aid), real(aid))[1])
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_id == second and reads == []  # opened from the read-ahead copy
    assert window.opened.document == real(second)

    qtbot.keyClick(window.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.opened.ahead_id is not None, timeout=3000)
    span = next(s for s in services.read.spans(first) if s.status.value == "suggested")
    window.view.select_object(span.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # a write: the read-ahead copy may be stale now
    reads.clear()
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert reads == [second]  # read again from the database


def test_undo_over_a_colleagues_change_is_refused_and_the_view_catches_up(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import make_services

    services = window.services
    aid = window.current_id
    first, second = [s for s in services.read.spans(aid) if s.status.value == "suggested"][:2]
    for span in (first, second):
        window.view.select_object(span.id)
        qtbot.keyClick(window.view, Qt.Key.Key_Return)  # accept both
    colleague = make_services(services.corpus.location)
    try:
        colleague.spans.relabel(second.id, "EVENT")  # another window or analyst, same database
    finally:
        colleague.close()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.read.get(second.id).label == "EVENT"  # nothing overwritten
    assert "changed elsewhere" in window.statusBar().currentMessage()
    assert next(s for s in window.view.visible_spans() if s.id == second.id).label == "EVENT"  # the view caught up
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the earlier step still undoes
    assert services.read.get(first.id).status.value == "suggested"
