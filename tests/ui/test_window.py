"""The real main window on a real (temporary) database: what the analyst sees and what the keys do.

Every editing test checks the DATABASE afterwards, through the services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.domain.model import ArticleStatus, Origin, Review, Span
from desktop.services import Services
from desktop.ui import prompts
from desktop.ui.window import MainWindow


def spans_in_db(services: Services, article_id: str) -> list[Span]:
    return services.corpus.document(article_id).spans


def free_word(window: MainWindow, word: str) -> tuple[int, int]:
    """Offsets of ``word`` in the open article where no visible span covers it."""
    text = window.view.edge.text
    visible = window.view.visible_spans()
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not any(s.start < end and at < s.end for s in visible):
            return at, end
        at = text.find(word, at + 1)
    raise AssertionError(f"no free occurrence of {word!r}")


def suggestion(window: MainWindow, label: str | None = None) -> Span:
    for s in window.view.visible_spans():
        if s.status == Review.SUGGESTED and (label is None or s.label == label):
            if any(link.child == s.id for link in window.services.links.links_of(s.id)):
                continue  # a quote's speaker: rejecting it asks about the link first
            return s
    raise AssertionError("no suggestion left")


def key(qtbot, window: MainWindow, k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, k, mods)


# -- what the analyst sees ---------------------------------------------------------------


def test_window_lists_articles_and_shows_the_open_one_highlighted(window: MainWindow) -> None:
    services = window.services
    assert window.articles.model.rowCount() == 2
    titles = {window.articles.model.index(r, 0).data() for r in range(2)}
    assert "Israel-Hamas hostage talks set to resume next week" in titles
    aid = window.current_id
    assert aid is not None and window.articles.current_id() == aid
    doc = services.corpus.document(aid)
    assert window.view.toPlainText().replace("\u2029", "\n") == doc.text.replace("\r\n", "\n")
    db_visible = {s.id for s in doc.spans if s.visible}
    assert {s.id for s in window.view.visible_spans()} == db_visible and len(db_visible) > 20
    people = window.entities.mention_item("PERSON", "Netanyahu")
    assert people is not None and int(people.text(1)) >= 1
    assert window.legend_model.count("PERSON") == sum(1 for s in doc.spans if s.visible and s.label == "PERSON")
    assert window.pane.title.text() == doc.article.meta.title


def test_clicking_an_entity_scrolls_to_it_selects_it_and_flashes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    item = window.entities.mention_item("PERSON", "Netanyahu")
    assert item is not None
    window.entities.tree.scrollToItem(item)
    rect = window.entities.tree.visualItemRect(item)
    qtbot.mouseClick(window.entities.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    selected = window.view.selected_object()
    assert isinstance(selected, Span) and window.view.edge.text[selected.start : selected.end] == "Netanyahu"
    assert window.view.is_flashing()
    cursor = window.view.cursorRect()
    assert window.view.viewport().rect().contains(cursor.center())


def test_selecting_another_article_in_the_list_opens_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    other = window.articles.neighbour(window.current_id, 1)
    assert other is not None
    row = window.articles.ordered_ids().index(other)
    index = window.articles.proxy.index(row, 0)
    qtbot.mouseClick(window.articles.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.articles.view.visualRect(index).center())  # fmt: skip
    assert window.current_id == other
    assert window.view.edge.text == window.services.corpus.document(other).text


# -- keys and mouse, checked in the database -----------------------------------------------------


def test_select_text_and_press_1_makes_a_person_span_in_the_database(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    start, end = free_word(window, "families")
    window.view.select_text(start, end)
    key(qtbot, window, Qt.Key.Key_1)
    made = [s for s in spans_in_db(window.services, aid) if (s.start, s.end) == (start, end)]
    assert len(made) == 1 and made[0].label == "PERSON" and made[0].origin == Origin.ANALYST
    assert made[0].status == Review.ACCEPTED
    assert window.view.selected_id() == made[0].id  # the new span is selected for the next key
    qtbot.waitUntil(lambda: window.entities.mention_item("PERSON", "families") is not None, timeout=2000)
    assert window.legend_model.count("PERSON") == sum(1 for s in window.view.visible_spans() if s.label == "PERSON")
    assert window.services.corpus.document(aid).article.status == ArticleStatus.IN_PROGRESS
    status = window.articles.model.index(window.articles.model.row_of(aid), 3).data()
    assert status == "in progress"


def test_mouse_drag_then_label_bar_click_labels_the_dragged_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    start, end = free_word(window, "relatives")
    view = window.view

    def point(cp: int):  # type: ignore[no-untyped-def]
        c = QTextCursor(view.document())
        c.setPosition(view.edge.to_qt(cp))
        return view.cursorRect(c).center()

    c = QTextCursor(view.document())
    c.setPosition(view.edge.to_qt(start))
    view.setTextCursor(c)
    view.ensureCursorVisible()
    a, b = point(start + 1), point(end - 1)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(view.viewport(), pos=b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)
    assert view.text_selection() == (start, end)  # snapped to the whole word
    button = window.pane.label_bar.button("ORG")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    made = [s for s in spans_in_db(window.services, aid) if (s.start, s.end) == (start, end)]
    assert [s.label for s in made] == ["ORG"]


def test_delete_rejects_and_enter_accepts_suggestions_in_the_database(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    first = suggestion(window)
    window.view.select_object(first.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    stored = {s.id: s for s in spans_in_db(window.services, aid)}
    assert stored[first.id].status == Review.REJECTED  # kept as negative evidence
    assert first.id not in {s.id for s in window.view.visible_spans()}

    second = suggestion(window)
    window.view.select_object(second.id)
    key(qtbot, window, Qt.Key.Key_Return)
    stored = {s.id: s for s in spans_in_db(window.services, aid)}
    assert stored[second.id].status == Review.ACCEPTED
    shown = {s.id: s for s in window.view.visible_spans()}
    assert shown[second.id].status == Review.ACCEPTED


def test_undo_redo_chain_restores_the_database(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    services = window.services
    original = spans_in_db(services, aid)
    s1 = suggestion(window)
    window.view.select_object(s1.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    start, end = free_word(window, "families")
    window.view.select_text(start, end)
    key(qtbot, window, Qt.Key.Key_2)
    after_both = spans_in_db(services, aid)
    assert after_both != original
    assert "Label 'families' (ORG)" in window.services.history.undo_text  # type: ignore[operator]
    window.menu_actions.edit_menu.aboutToShow.emit()
    assert window.menu_actions.undo.text() == "&Undo Label 'families' (ORG)"

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in_db(services, aid) == original
    assert {s.id for s in window.view.visible_spans()} == {s.id for s in original if s.visible}
    key(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_in_db(services, aid) == after_both
    assert any((s.start, s.end, s.label) == (start, end, "ORG") for s in window.view.visible_spans())


def test_undo_goes_back_to_the_article_the_change_was_made_in(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    first = window.current_id
    assert first is not None
    s1 = suggestion(window)
    window.view.select_object(s1.id)
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_id != first
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_id == first
    stored = {s.id: s for s in spans_in_db(window.services, first)}
    assert stored[s1.id].status == Review.SUGGESTED


def test_ctrl_enter_marks_done_and_opens_the_next_article(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = window.current_id
    assert first is not None
    expected_next = window.articles.neighbour(first, 1)
    asked: list[tuple[int, int]] = []
    answer = [False]
    monkeypatch.setattr(prompts, "done_with_suggestions", lambda _p, s, c: asked.append((s, c)) or answer[0])
    unreviewed = window.services.claims.unreviewed(first)
    assert unreviewed[0] > 0 and unreviewed[1] > 0  # the seeds come pre-annotated
    key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked == [unreviewed]  # it asks first, naming what is left
    assert window.services.corpus.document(first).article.status != ArticleStatus.DONE
    assert window.current_id == first
    answer[0] = True
    key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.services.corpus.document(first).article.status == ArticleStatus.DONE
    assert window.current_id == expected_next
    assert window.articles.progress.value() == 1
    assert "1 of 2" in window.articles.progress.format()


def test_alt_down_and_alt_up_walk_the_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    order = window.articles.ordered_ids()
    assert window.current_id == order[0]
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_id == order[1] and window.articles.current_id() == order[1]
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_id == order[1]  # the end of the list: stays
    key(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_id == order[0]


def test_an_overlap_is_refused_with_the_reason_and_the_database_unchanged(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    target = suggestion(window, "PERSON")
    window.view.select_object(target.id)
    key(qtbot, window, Qt.Key.Key_Return)  # accepted: no longer silently replaceable
    before = spans_in_db(window.services, aid)
    text = window.view.edge.text
    end = target.end
    while end < len(text) and not text[end].isspace():
        end += 1
    end += 1
    while end < len(text) and not text[end].isspace():
        end += 1
    window.view.select_text(target.start, end)  # the span plus the next word
    key(qtbot, window, Qt.Key.Key_3)
    assert spans_in_db(window.services, aid) == before
    message = window.statusBar().currentMessage()
    assert "overlap" in message and text[target.start : target.end] in message
    assert window.pane.notice.isVisible() and window.pane.notice.text() == message


def test_removing_a_linked_claim_asks_and_removes_the_links_when_told(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    services = window.services
    text = window.view.edge.text
    start = text.find("Tremendous")
    claim = services.claims.mark(aid, start, start + 40)
    person = next(s for s in spans_in_db(services, aid) if s.visible and s.label == "PERSON")
    link = services.links.link(claim.id, person.id, "said_by")
    window.refresh()
    asked: list[str] = []
    monkeypatch.setattr(prompts, "linked_removal", lambda _p, exc, _s: asked.append(str(exc)) or "remove")
    window.view.select_object(claim.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert asked and "1 link points" in asked[0]
    assert services.read.get(claim.id) is None and services.read.get(link.id) is None


def test_cancelling_the_linked_question_changes_nothing(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    services = window.services
    claim = services.claims.mark(aid, 0, 20)
    person = next(s for s in spans_in_db(services, aid) if s.visible and s.label == "PERSON")
    services.links.link(claim.id, person.id, "about")
    window.refresh()
    monkeypatch.setattr(prompts, "linked_removal", lambda _p, _e, _s: None)
    window.view.select_object(claim.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    stored = services.read.get(claim.id)
    assert stored is not None and stored.status == Review.ACCEPTED  # type: ignore[union-attr]
    assert services.links.links_of(claim.id)


def test_teaching_a_rule_stores_it_and_reannotates_unreviewed_articles(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(prompts, "reannotate_after_rule", lambda _p, _t: True)
    aid = window.current_id
    assert aid is not None
    start, end = free_word(window, "relatives")
    window.view.ruleRequested.emit("relatives", "NORP")
    rules = window.services.corpus.rules()
    assert [(r.pattern, r.label) for r in rules] == [("relatives", "NORP")]
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=30000)
    doc = window.services.corpus.document(aid)  # the unreviewed article was annotated again, with the rule
    assert any((s.start, s.end, s.label, s.origin) == (start, end, "NORP", Origin.RULE) for s in doc.spans)
    qtbot.waitUntil(lambda: any((s.start, s.end) == (start, end) for s in window.view.visible_spans()))


def test_accept_all_accepts_every_suggestion_in_one_undoable_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    before = spans_in_db(window.services, aid)
    assert any(s.status == Review.SUGGESTED for s in before)
    key(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    after = spans_in_db(window.services, aid)
    assert not any(s.status == Review.SUGGESTED for s in after)
    assert all(s.status == Review.ACCEPTED for s in after if s.visible)
    assert all(s.status == Review.ACCEPTED for s in window.view.visible_spans())
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in_db(window.services, aid) == before


def test_tab_selects_the_next_span_and_shift_alt_right_grows_it_in_the_database(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    spans = window.view.visible_spans()
    window.view.select_object(spans[0].id)
    key(qtbot, window, Qt.Key.Key_Tab)
    chosen = window.view.selected_object()
    assert isinstance(chosen, Span) and chosen.id == spans[1].id
    text = window.view.edge.text
    nxt = spans[2].start if len(spans) > 2 else len(text)
    key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier)
    stored = {s.id: s for s in spans_in_db(window.services, aid)}
    grown = stored[chosen.id]
    assert grown.start == chosen.start and chosen.end < grown.end <= nxt
    assert grown.status == Review.ACCEPTED
    assert window.view.selected_id() == chosen.id  # still selected for the next nudge


def test_arrow_keys_in_the_list_open_articles_and_keep_the_keyboard_there(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    order = window.articles.ordered_ids()
    table = window.articles.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.current_id == order[1]
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert window.current_id == order[0]


def test_closing_the_window_cancels_background_work(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import time

    from desktop.domain.ports import Progress

    def slow(progress: Progress) -> None:
        for i in range(500):
            progress.step(i, 500)
            time.sleep(0.02)

    task = window.runner.submit("Slow", slow)
    qtbot.waitUntil(lambda: task.running, timeout=2000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 3  # not the 10 s the task would take
    assert task.is_cancelled


def test_an_action_that_changes_nothing_does_not_claim_it_did(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    s1 = suggestion(window)
    window.view.acceptRequested.emit(s1.id)
    assert window.statusBar().currentMessage().startswith("Accept")
    window.statusBar().clearMessage()
    window.view.acceptRequested.emit(s1.id)  # accepted already: no new step, no message
    assert window.statusBar().currentMessage() == ""
    assert window.services.history.undo_text is not None and window.services.history.undo_text.startswith("Accept")
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.services.history.can_undo  # one step to undo, not two


def test_the_window_remembers_its_layout_and_the_open_article(qtbot, seeded_services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from desktop.ui.memory import WindowMemory

    settings = QSettings(str(tmp_path / "newsdesk.ini"), QSettings.Format.IniFormat)
    first = MainWindow(seeded_services, memory=WindowMemory(settings))
    qtbot.addWidget(first)
    first.show()
    first.start(None)
    second_id = first.articles.neighbour(first.current_id, 1)
    assert second_id is not None
    first.open_article(second_id)
    first.resize(760, 560)  # inside the offscreen screen, so restoring does not clamp it
    first.details.hide()  # the analyst closed the details dock
    qtbot.wait(50)
    total = sum(first.splitter.sizes())
    before = first.splitter.sizes()
    first.splitter.setSizes([before[0] - 60, before[1] + 60])  # the analyst narrows the list
    qtbot.wait(50)
    sizes, size = first.splitter.sizes(), first.size()
    assert sizes != before and sum(sizes) == total
    first.close()

    again = MainWindow(seeded_services, memory=WindowMemory(QSettings(str(tmp_path / "newsdesk.ini"),
                                                                      QSettings.Format.IniFormat)))  # fmt: skip
    qtbot.addWidget(again)
    again.show()
    again.start(None)
    assert again.current_id == second_id  # where the analyst stopped
    assert again.size() == size and again.splitter.sizes() == sizes
    assert not again.details.isVisible()
    again.close()


def test_the_analysts_name_is_remembered_between_sessions(qtbot, seeded_services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from desktop.ui.memory import WindowMemory

    def memory() -> WindowMemory:
        return WindowMemory(QSettings(str(tmp_path / "newsdesk.ini"), QSettings.Format.IniFormat))

    first = MainWindow(seeded_services, memory=memory())
    qtbot.addWidget(first)
    seeded_services.set_annotator_name("maya")
    first.labels_changed()  # what closing the Settings dialog does
    first.close()
    seeded_services.set_annotator_name(None)
    again = MainWindow(seeded_services, memory=memory())
    qtbot.addWidget(again)
    assert seeded_services.annotator_name == "maya"
    again.close()
