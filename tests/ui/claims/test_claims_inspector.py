"""The claim inspector, driven through its widgets on a real seeded database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.model import Claim, ClaimKind, LinkLabel, Review, Verdict
from desktop.services import Services
from desktop.ui.claims import ClaimInspector

from .conftest import AROUND_120, FIFTY, article_with, statistic_claim


def _inspector(qtbot, services: Services, claim_id: str | None) -> ClaimInspector:  # noqa: ANN001
    inspector = ClaimInspector(services)
    qtbot.addWidget(inspector)
    inspector.resize(420, 760)
    inspector.show()
    qtbot.waitExposed(inspector)
    inspector.activateWindow()
    qtbot.waitUntil(inspector.isActiveWindow)  # focus-in/out events need an active window
    inspector.show_claim(claim_id)
    return inspector


def _stored(services: Services, claim_id: str) -> Claim:
    claim = services.read.get(claim_id)
    assert isinstance(claim, Claim)
    return claim


def _mark(services: Services) -> Claim:
    """An analyst's claim over a sentence in the CBS article, crossing an entity span."""
    aid = article_with(services, AROUND_120)
    text = services.corpus.document(aid).text
    start = text.index("Inside Israel, hostage families")
    return services.claims.mark(aid, start, text.index(".", start) + 1, ClaimKind.CAUSAL)


def test_edits_through_the_widgets_reach_the_database_one_undo_step_each(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    claim = _mark(s)
    inspector = _inspector(qtbot, s, claim.id)
    assert inspector.text.text().startswith("Inside Israel, hostage families")
    assert inspector.text.textFormat() == Qt.TextFormat.PlainText
    assert inspector.kind.currentData() == "causal"
    changes: list[None] = []
    inspector.changed.connect(lambda: changes.append(None))

    # Verdict: the combo, with the keyboard.
    inspector.verdict.setFocus()
    qtbot.keyClicks(inspector.verdict, "m")  # type-ahead picks "misleading"
    assert inspector.verdict.currentData() == "misleading"
    assert _stored(s, claim.id).verdict == Verdict.MISLEADING

    # Note: typing does not write; Enter does.
    inspector.note.setFocus()
    qtbot.keyClicks(inspector.note, "Figure is from an Israeli source")
    assert _stored(s, claim.id).note == ""
    qtbot.keyClick(inspector.note, Qt.Key.Key_Return)
    assert _stored(s, claim.id).note == "Figure is from an Israeli source"

    # Evidence: a bad address is refused with a message, a good one is added.
    qtbot.keyClicks(inspector.evidence_input, "not a url")
    qtbot.keyClick(inspector.evidence_input, Qt.Key.Key_Return)
    assert inspector.message.isVisibleTo(inspector) and "not a web address" in inspector.message.text()
    assert _stored(s, claim.id).evidence == []
    inspector.evidence_input.clear()
    qtbot.keyClicks(inspector.evidence_input, "https://www.cbsnews.com/news/hostage-talks/")
    qtbot.keyClick(inspector.evidence_input, Qt.Key.Key_Return)
    assert _stored(s, claim.id).evidence == ["https://www.cbsnews.com/news/hostage-talks/"]
    assert inspector.evidence.count() == 1
    assert len(changes) == 3

    # Check-worthiness and attribution with the mouse-free API a user's click would call.
    inspector.checkworthy.setCurrentIndex(3)
    inspector.attribution.setCurrentIndex(inspector.attribution.findData("indirect"))
    stored = _stored(s, claim.id)
    assert (stored.checkworthy, str(stored.attribution)) == (3, "indirect")

    # Each edit is one undo step, undone in reverse order; the inspector follows.
    s.history.undo()
    assert _stored(s, claim.id).attribution == "unattributed"
    s.history.undo()
    assert _stored(s, claim.id).checkworthy == 0
    s.history.undo()
    assert _stored(s, claim.id).evidence == []
    qtbot.waitUntil(lambda: inspector.evidence.count() == 0)
    s.history.undo()
    assert _stored(s, claim.id).note == ""
    qtbot.waitUntil(lambda: inspector.note.text() == "")
    s.history.undo()
    assert _stored(s, claim.id).verdict == Verdict.UNVERIFIED
    qtbot.waitUntil(lambda: inspector.verdict.currentData() == "unverified")
    s.history.undo()  # the mark itself: the inspector empties
    assert s.read.get(claim.id) is None
    qtbot.waitUntil(lambda: inspector.pages.currentIndex() == 0)
    assert inspector.claim_id is None


def test_note_commits_on_focus_out_and_evidence_can_be_removed(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    claim = _mark(s)
    s.claims.update(claim.id, evidence=["https://a.example/1", "https://a.example/2"])
    inspector = _inspector(qtbot, s, claim.id)
    inspector.note.setFocus()
    qtbot.waitUntil(inspector.note.hasFocus)
    qtbot.keyClicks(inspector.note, "check")
    assert _stored(s, claim.id).note == ""
    inspector.kind.setFocus()  # focus leaves the note
    qtbot.waitUntil(lambda: _stored(s, claim.id).note == "check")
    inspector.evidence.item(0).setSelected(True)
    qtbot.mouseClick(inspector.remove_evidence, Qt.MouseButton.LeftButton)
    assert _stored(s, claim.id).evidence == ["https://a.example/2"]


def test_accept_and_reject_a_suggested_claim(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    refs = [r for r in s.claims.list() if r.claim.status == Review.SUGGESTED and r.claimant == "Witkoff"]
    witkoff = refs[0].claim
    inspector = _inspector(qtbot, s, witkoff.id)
    assert inspector.status.text() == "Suggested by the model"
    assert inspector.accept_button.isVisibleTo(inspector) and inspector.reject_button.isVisibleTo(inspector)
    qtbot.mouseClick(inspector.accept_button, Qt.MouseButton.LeftButton)
    assert _stored(s, witkoff.id).status == Review.ACCEPTED
    assert not inspector.accept_button.isVisibleTo(inspector)
    s.history.undo()
    assert _stored(s, witkoff.id).status == Review.SUGGESTED
    qtbot.waitUntil(lambda: inspector.reject_button.isVisibleTo(inspector))
    qtbot.mouseClick(inspector.reject_button, Qt.MouseButton.LeftButton)
    stored = _stored(s, witkoff.id)
    assert stored.status == Review.REJECTED
    assert any(link.head == witkoff.id for link in s.links.links_of(witkoff.id))  # its said_by link stays valid


def test_links_are_listed_both_ways_followed_and_removed(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    update = s.links.link(fifty, around, "updates")
    witkoff = next(r.claim for r in s.claims.list() if r.claimant == "Witkoff")
    supports = s.links.link(witkoff.id, fifty, "supports")
    netanyahu = s.entities.create_from_span(
        next(sp.id for sp in s.read.spans(witkoff.article_id)
             if s.corpus.document(witkoff.article_id).text[sp.start:sp.end] == "Benjamin Netanyahu"))  # fmt: skip
    about = s.links.link(fifty, netanyahu.id, "about")

    inspector = _inspector(qtbot, s, fifty)
    rows = inspector.link_rows()
    by_link = {r.link.id: r for r in rows}
    assert [r.outgoing for r in rows] == [True, True, False]  # its own links first, then incoming
    assert by_link[update.id].relation == "updates"
    assert by_link[update.id].other_text.startswith("Around 120 hostages")
    assert by_link[update.id].article_title == "Israel-Hamas hostage talks set to resume next week"
    assert by_link[supports.id].relation == "supported by"
    assert by_link[supports.id].other_text.startswith("We have an opportunity")
    assert by_link[about.id].other_kind == "entity" and by_link[about.id].other_text == "Benjamin Netanyahu"
    assert inspector.links.topLevelItemCount() == 3

    # Follow the updates link: it names the other article and claim.
    inspector.links.setCurrentItem(inspector.links.topLevelItem(rows.index(by_link[update.id])))
    with qtbot.waitSignal(inspector.followRequested) as followed:
        qtbot.mouseClick(inspector.follow_button, Qt.MouseButton.LeftButton)
    assert followed.args == [s.read.get(around).article_id, around]
    # Following an entity opens its mention.
    inspector.links.setCurrentItem(inspector.links.topLevelItem(rows.index(by_link[about.id])))
    with qtbot.waitSignal(inspector.followRequested) as followed:
        inspector.follow_current()
    mention = s.entities.mentions(netanyahu.id)[0]
    assert followed.args == [mention.article_id, mention.id]

    # Remove the incoming link: gone from the db and the list, and undoable.
    inspector.links.setCurrentItem(inspector.links.topLevelItem(rows.index(by_link[supports.id])))
    with qtbot.waitSignal(inspector.changed):
        qtbot.mouseClick(inspector.unlink_button, Qt.MouseButton.LeftButton)
    assert s.read.get(supports.id) is None
    assert inspector.links.topLevelItemCount() == 2
    s.history.undo()
    assert s.read.get(supports.id) is not None
    qtbot.waitUntil(lambda: inspector.links.topLevelItemCount() == 3)
    assert {r.link.label for r in inspector.link_rows()} == {LinkLabel.UPDATES, LinkLabel.SUPPORTS, LinkLabel.ABOUT}


def test_empty_and_vanished_claims_show_the_empty_page(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    inspector = _inspector(qtbot, seeded_services, None)
    assert inspector.pages.currentIndex() == 0
    inspector.show_claim("c-doesnotexist")
    assert inspector.pages.currentIndex() == 0 and inspector.claim_id is None


def test_link_button_opens_the_picker_and_lists_the_new_link(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from shiboken6 import isValid

    from desktop.ui.claims import LinkPicker

    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    inspector = _inspector(qtbot, s, fifty)
    assert inspector.links.topLevelItemCount() == 0

    tries = [0]

    def drive() -> None:
        picker = next((w for w in QApplication.topLevelWidgets() if isinstance(w, LinkPicker) and w.isVisible()), None)
        if picker is None:  # not open yet (a loaded machine): look again shortly, for ten seconds at most
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(20, drive)
            return
        def give_up() -> None:  # a failure ends the test instead of hanging the suite
            if isValid(picker) and picker.isVisible():
                picker.reject()

        QTimer.singleShot(10000, give_up)
        qtbot.keyClick(picker, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # supports
        qtbot.keyClicks(picker.search, "around 120")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    QTimer.singleShot(50, drive)
    with qtbot.waitSignal(inspector.changed):
        qtbot.mouseClick(inspector.link_button, Qt.MouseButton.LeftButton)
    rows = inspector.link_rows()
    assert [(r.relation, r.other_id) for r in rows] == [("supports", around)]
    assert inspector.links.topLevelItemCount() == 1
    assert [lk.label for lk in s.links.links_of(fifty)] == [LinkLabel.SUPPORTS]
