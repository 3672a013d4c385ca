"""The analyst's day in the real window: keys between panes, Escape back to the text, closing side windows,
accept-all, articles added, edited, deleted and filtered. Each checked in the database where it writes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.model import ArticleStatus, Review
from desktop.ui.claims import ClaimsView, EntitiesDialog
from desktop.ui.dialogs.article import ArticleDialog
from desktop.ui.window import MainWindow


def focused(window: MainWindow):  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def test_f6_moves_between_list_text_and_side_panel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.details.tabs.isAncestorOf(focused(window)) or focused(window) is window.details.tabs
    qtbot.keyClick(focused(window), Qt.Key.Key_F6)
    assert focused(window) is window.articles.view
    qtbot.keyClick(window.articles.view, Qt.Key.Key_F6)
    assert focused(window) is window.view
    qtbot.keyClick(window.view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused(window) is window.articles.view


def test_escape_in_the_claim_note_saves_it_and_the_next_key_goes_to_the_text(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    claim = next(c for c in window.services.corpus.document(aid).claims if c.visible)
    window.view.select_object(claim.id)
    window._on_object_selected(claim.id)
    note = window.inspector.note
    note.setFocus()
    qtbot.keyClicks(note, "check this")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert focused(window) is window.view
    assert window.services.read.get(claim.id).note == "check this"  # committed on leaving the field
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the next key acts on the text, not the note
    assert window.services.read.get(claim.id).note == "check this"


def test_the_claims_window_closes_with_escape_and_ctrl_w(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for key, mods in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):  # fmt: skip
        view = window.dialogs.show_claims_view()
        assert isinstance(view, ClaimsView)
        qtbot.waitExposed(view)
        view.activateWindow()
        view.table.setFocus()
        qtbot.keyClick(view.table, key, mods)
        assert not view.isVisible()


def test_entities_opens_on_the_merge_proposals_when_nothing_is_merged(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.dialogs.show_entities()
    assert isinstance(dialog, EntitiesDialog)
    qtbot.waitUntil(lambda: dialog.proposal_count() > 0, timeout=10000)  # computed off the GUI thread
    assert not window.services.entities.list()
    assert dialog.tabs.currentIndex() == 1
    dialog.close()


def test_accept_all_accepts_claims_too_and_enter_moves_on(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    spans = [s for s in window.view.visible_spans() if s.status == Review.SUGGESTED]
    window.view.select_object(spans[0].id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.services.read.get(spans[0].id).status == Review.ACCEPTED
    assert window.view.selected_id() not in (None, spans[0].id)  # the selection moved on
    window.menu_actions.accept_all.trigger()
    assert window.services.claims.unreviewed(aid) == (0, 0)


def test_paste_an_article_then_edit_delete_and_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    services = window.services
    window.menu_actions.new_article.trigger()
    dialog = window.dialogs.shown["article"]
    assert isinstance(dialog, ArticleDialog) and dialog.text is not None
    dialog.text.setPlainText("Qatar said on Monday that ceasefire talks in Doha would resume.\nMore.")
    dialog.title.setText("Talks to resume")
    dialog.source.setText("Reuters")
    dialog.published.setText("2025-03-04")
    dialog.accept()
    new = next(a for a in services.corpus.articles() if a.title == "Talks to resume")
    assert (new.source, new.published) == ("Reuters", "2025-03-04")
    assert window.current_id == new.id and window.windowTitle() == "Talks to resume - Newsdesk"

    window.menu_actions.edit_article.trigger()
    edit = window.dialogs.shown["article"]
    assert isinstance(edit, ArticleDialog) and edit.title.text() == "Talks to resume"
    edit.title.setText("Doha talks to resume")
    edit.accept()
    assert services.corpus.document(new.id).article.meta.title == "Doha talks to resume"
    assert window.pane.title.text() == "Doha talks to resume"

    window.articles.select(new.id)
    window.articles.view.setFocus()
    qtbot.keyClick(window.articles.view, Qt.Key.Key_Delete)
    assert new.id not in {a.id for a in services.corpus.articles()}
    assert window.articles.model.row_of(new.id) < 0
    window.undo()
    assert window.articles.model.row_of(new.id) >= 0 and window.current_id == new.id


def test_the_list_filters_by_status(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    first = window.current_id
    assert first is not None
    window.services.spans.set_status(first, ArticleStatus.DONE)
    window.refresh()
    combo = window.articles.status_filter
    combo.setCurrentIndex(combo.findData(ArticleStatus.DONE))
    assert window.articles.ordered_ids() == [first]
    combo.setCurrentIndex(combo.findData(ArticleStatus.TODO))
    assert first not in window.articles.ordered_ids() and window.articles.ordered_ids()
    combo.setCurrentIndex(0)
    assert len(window.articles.ordered_ids()) == 2


def test_an_untitled_article_shows_its_first_line_not_its_id(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid, _ = window.services.corpus.add_text("Ministers met in Cairo on Sunday.\nThe rest.")
    window.services.corpus.update_metadata(aid, title="", source=None, published=None)
    window.reload_articles()
    window.open_article(aid)
    assert window.windowTitle() == "Ministers met in Cairo on Sunday. - Newsdesk"


def test_open_database_switches_to_it_and_remembers_it(qtbot, seeded_services, empty_services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from desktop.ui.memory import WindowMemory

    memory = WindowMemory(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    opened: list[str] = []

    def open_services(location: str):  # type: ignore[no-untyped-def]
        opened.append(location)
        return empty_services

    window = MainWindow(seeded_services, memory=memory, open_services=open_services)
    qtbot.addWidget(window)
    window.show()
    assert memory.recent_databases() == [seeded_services.corpus.location]
    window.switch_database(empty_services.corpus.location)
    assert opened == [empty_services.corpus.location]
    assert window.switched_to is empty_services and not window.isVisible()  # run_window opens the new one
    second = MainWindow(empty_services, memory=memory, open_services=open_services)
    qtbot.addWidget(second)
    assert memory.recent_databases() == [empty_services.corpus.location, seeded_services.corpus.location]
    second.dialogs.fill_recent(second.menu_actions.recent_menu)
    entries = [a.text() for a in second.menu_actions.recent_menu.actions()]
    assert entries == [empty_services.corpus.location, seeded_services.corpus.location]
    assert not second.menu_actions.recent_menu.actions()[0].isEnabled()  # the one already open
    second.close()
