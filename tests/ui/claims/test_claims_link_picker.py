"""The Link dialog, driven with the keyboard alone, against a real seeded database."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.domain.model import Entity, LinkLabel, Span
from desktop.services import Services
from desktop.ui.claims import LinkPicker

from .conftest import AROUND_120, FIFTY, statistic_claim


def _picker(qtbot, services: Services, claim_id: str) -> LinkPicker:  # noqa: ANN001
    picker = LinkPicker(services, claim_id)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow)
    return picker


def _ids(picker: LinkPicker) -> list[str]:
    return [picker.targets.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.targets.count())]


def test_link_a_claim_to_a_claim_in_another_article_with_keys(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    assert s.read.get(fifty).article_id != s.read.get(around).article_id
    picker = _picker(qtbot, s, fifty)
    qtbot.waitUntil(picker.search.hasFocus)  # typing goes straight to the search box

    qtbot.keyClick(picker, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # Alt+6: updates
    assert picker.label == LinkLabel.UPDATES
    qtbot.keyClicks(picker.search, "hostages")
    ids = _ids(picker)
    assert fifty not in ids  # never itself
    assert around in ids and len(ids) > 2  # claims from both articles match
    assert picker.targets.currentRow() == 0
    for _ in range(ids.index(around)):
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # arrows move the list while typing stays in the box
    assert picker.current_target() == around
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.current_target() == around

    with qtbot.waitSignal(picker.linked) as linked:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    link = s.read.get(linked.args[0])
    assert (link.head, link.child, link.label) == (fifty, around, LinkLabel.UPDATES)
    assert link.article_id == s.read.get(fifty).article_id
    assert picker.result() == LinkPicker.DialogCode.Accepted
    s.history.undo()
    assert s.read.get(link.id) is None


def test_typing_narrows_the_claims_to_the_query(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    picker = _picker(qtbot, s, fifty)
    picker.label_combo.setCurrentIndex(list(LinkLabel).index(LinkLabel.CONTRADICTS))
    qtbot.keyClicks(picker.search, "around 120")
    assert _ids(picker) == [around]
    qtbot.keyClicks(picker.search, "xyz")
    assert _ids(picker) == [] and not picker.link_button.isEnabled()
    assert picker.count.text() == "No claims match."


def test_said_by_lists_spans_of_the_article_and_entities(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    witkoff = next(r.claim for r in s.claims.list() if r.claimant == "Witkoff")
    text = s.corpus.document(witkoff.article_id).text
    netanyahu_span = next(sp for sp in s.read.spans(witkoff.article_id)
                          if text[sp.start:sp.end] == "Benjamin Netanyahu")  # fmt: skip
    entity = s.entities.create_from_span(netanyahu_span.id, kb_id="Q43915")
    picker = _picker(qtbot, s, witkoff.id)
    assert picker.label == LinkLabel.SAID_BY  # the default relation
    qtbot.keyClicks(picker.search, "netanyahu")
    ids = _ids(picker)
    assert netanyahu_span.id in ids and entity.id in ids
    for object_id in ids:
        obj = s.read.get(object_id)
        assert isinstance(obj, Entity) or (isinstance(obj, Span) and obj.article_id == witkoff.article_id)
    while picker.current_target() != entity.id:
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert any(lk.child == entity.id and lk.label == LinkLabel.SAID_BY for lk in s.links.links_of(witkoff.id))


def test_a_refusal_is_shown_in_the_dialog(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty = statistic_claim(s, FIFTY)
    aid = s.read.get(fifty).article_id
    text = s.corpus.document(aid).text
    mentions = [sp for sp in s.read.spans(aid) if "Netanyahu" in text[sp.start : sp.end]]
    keep = s.entities.create_from_span(mentions[0].id)
    doomed = s.entities.create_from_span(mentions[1].id, name="Bibi")
    picker = _picker(qtbot, s, fifty)
    qtbot.keyClicks(picker.search, "bibi")
    assert picker.current_target() == doomed.id
    s.entities.merge(keep.id, [doomed.id])  # the target vanishes while the dialog is open
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.isVisible()
    assert picker.message.isVisibleTo(picker)
    assert picker.message.text() == f"There is no annotation {doomed.id} to link to."
    assert [lk for lk in s.links.links_of(fifty) if lk.head == fifty] == []

    # A claim cannot be linked to itself (the list never offers it; the service refuses anyway).
    other = _picker(qtbot, s, fifty)
    other.label_combo.setCurrentIndex(list(LinkLabel).index(LinkLabel.REPEATS))
    other.targets.clear()
    other.targets.addItem("itself")
    other.targets.item(0).setData(Qt.ItemDataRole.UserRole, fifty)
    other.targets.setCurrentRow(0)
    qtbot.keyClick(other.search, Qt.Key.Key_Return)
    assert other.isVisible()
    assert other.message.text() == "A claim cannot be linked to itself."
    assert [lk for lk in s.links.links_of(fifty) if lk.head == fifty] == []


def test_pick_is_modal_and_escape_cancels(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    before = len(s.links.links_of(fifty))

    def press_escape() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LinkPicker):  # not open yet (a loaded machine): look again shortly
            QTimer.singleShot(20, press_escape)
            return
        qtbot.keyClicks(dialog.search, "hostages")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)

    QTimer.singleShot(50, press_escape)
    assert LinkPicker.pick(None, s, fifty) is False
    assert len(s.links.links_of(fifty)) == before

    def link_first() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LinkPicker):
            QTimer.singleShot(20, link_first)
            return
        qtbot.keyClicks(dialog.search, "around 120")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(50, link_first)
    assert LinkPicker.pick(None, s, fifty, LinkLabel.REPEATS) is True
    assert [(lk.child, lk.label) for lk in s.links.links_of(fifty) if lk.head == fifty] == [(around, LinkLabel.REPEATS)]
