"""The claims widgets inside the window: marking (C), linking (L), the inspector dock, the Claims
view and the Entities dialog, checked in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.model import Claim, LinkLabel, Origin, Review
from desktop.services import Services
from desktop.ui import editing
from desktop.ui.claims import ClaimsView, EntitiesDialog
from desktop.ui.window import MainWindow


def test_c_marks_the_selected_text_as_a_claim_and_the_inspector_shows_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    text = window.view.edge.text
    start = text.find("Tremendous efforts")
    end = start + len("Tremendous efforts are being made")
    window.view.select_text(start, end)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    made = [c for c in window.services.corpus.document(aid).claims if (c.start, c.end) == (start, end)]
    assert len(made) == 1 and made[0].origin == Origin.ANALYST
    assert window.view.selected_id() == made[0].id
    assert window.details.tabs.currentWidget() is window.inspector
    assert window.inspector.claim_id == made[0].id


def test_l_links_the_selected_claim_through_the_link_picker(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    services = window.services
    claim = next(c for c in services.corpus.document(aid).claims if c.visible)
    other = next(a.id for a in services.corpus.articles() if a.id != aid)
    target = next(c for c in services.corpus.document(other).claims if c.visible)
    asked: list[str] = []

    def pick(_parent, svc: Services, claim_id: str) -> bool:  # type: ignore[no-untyped-def]
        asked.append(claim_id)
        svc.links.link(claim_id, target.id, LinkLabel.REPEATS)  # what the user picks in the dialog
        return True

    monkeypatch.setattr(editing.LinkPicker, "pick", staticmethod(pick))
    window.view.select_object(claim.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert asked == [claim.id]
    links = services.links.links_of(claim.id)
    assert [(lk.label, lk.child) for lk in links if lk.head == claim.id and lk.child == target.id] == [
        (LinkLabel.REPEATS, target.id)
    ]
    qtbot.waitUntil(lambda: any(row.label for row in window.inspector.link_rows()), timeout=3000)


def test_enter_on_a_suggested_claim_accepts_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    aid = window.current_id
    assert aid is not None
    claim = next(c for c in window.view.visible_claims() if c.status == Review.SUGGESTED)
    window.view.select_object(claim.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    stored = window.services.read.get(claim.id)
    assert isinstance(stored, Claim) and stored.status == Review.ACCEPTED


def test_claims_view_opens_with_ctrl_shift_c_and_opens_a_claim_in_its_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.dialogs.shown.get("claims")
    assert isinstance(view, ClaimsView) and view.isVisible()
    other = window.articles.neighbour(window.current_id, 1)
    assert other is not None
    claim = next(c for c in window.services.corpus.document(other).claims if c.visible)
    view.openRequested.emit(other, claim.id)
    assert window.current_id == other and window.view.selected_id() == claim.id
    view.close()


def test_following_a_link_from_the_inspector_opens_the_other_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    other = window.articles.neighbour(window.current_id, 1)
    assert other is not None
    claim = next(c for c in window.services.corpus.document(other).claims if c.visible)
    window.inspector.followRequested.emit(other, claim.id)
    assert window.current_id == other and window.articles.current_id() == other
    assert window.view.selected_id() == claim.id


def test_entities_dialog_opens_from_the_tools_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.menu_actions.entities.trigger()
    dialog = window.dialogs.shown.get("entities")
    assert isinstance(dialog, EntitiesDialog) and dialog.isVisible()
    dialog.close()
