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


def test_an_inspector_edit_refreshes_each_view_once_and_reads_its_claim_once(qtbot, window: MainWindow,
                                                                             monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    services = window.services
    claim = next(c for c in window.view.visible_claims())
    window.view.select_object(claim.id)
    assert window.inspector.claim_id == claim.id
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    claims_view = window.dialogs.shown["claims"]
    assert isinstance(claims_view, ClaimsView)
    qtbot.waitUntil(claims_view.isVisible)
    calls: dict[str, int] = {"window": 0, "claims view": 0, "claim reads": 0}
    real_refresh, real_view_refresh, real_claim = window.refresh, claims_view.refresh, services.read.claim

    def count(name: str, fn):  # type: ignore[no-untyped-def]
        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return fn(*args, **kwargs)

        return counted

    monkeypatch.setattr(window, "refresh", count("window", real_refresh))
    monkeypatch.setattr(claims_view, "refresh", count("claims view", real_view_refresh))
    monkeypatch.setattr(services.read, "claim", count("claim reads", real_claim))
    inspector = window.inspector
    inspector.verdict.setCurrentIndex(inspector.verdict.findData("misleading"))
    qtbot.wait(50)  # anything deferred has run
    assert services.read.claim(claim.id).verdict == "misleading"
    calls["claim reads"] -= 1  # the line above
    assert calls == {"window": 1, "claims view": 1, "claim reads": 1}
    assert inspector.verdict.currentData() == "misleading"


def test_the_entities_dialog_ignores_edits_that_cannot_change_it(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.dialogs.shown["entities"]
    assert isinstance(dialog, EntitiesDialog)
    qtbot.waitUntil(lambda: not dialog.computing and dialog.proposal_count() > 0, timeout=10000)  # off the GUI thread
    computed: list[int] = []
    real = window.services.entities.merge_proposals
    monkeypatch.setattr(window.services.entities, "merge_proposals", lambda: (computed.append(1), real())[1])
    claim = next(c for c in window.view.visible_claims())
    window.services.claims.update(claim.id, note="checked with the desk")  # a claim edit: no entity changes
    assert computed == [] and not dialog.computing
    span = next(s for s in window.view.visible_spans() if s.label == "PERSON")
    window.services.entities.create_from_span(span.id)  # an entity edit: proposals may change
    assert dialog.table.rowCount() >= 1  # the entity list is read at once
    qtbot.waitUntil(lambda: computed == [1] and not dialog.computing, timeout=10000)
