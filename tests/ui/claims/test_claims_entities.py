"""The entities dialog and the linked-removal question, on a real seeded database."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.model import Entity, Review, Span
from desktop.services import LinkedObject, Services
from desktop.ui.claims import EntitiesDialog, confirm_removal

from .conftest import AROUND_120, FIFTY, statistic_claim


def _dialog(qtbot, services: Services) -> EntitiesDialog:  # noqa: ANN001
    dialog = EntitiesDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _netanyahu_row(dialog: EntitiesDialog) -> int:
    return next(r for r in range(dialog.proposal_count()) if dialog.proposal(r)[0] == "Benjamin Netanyahu")


def _text(services: Services, span: Span) -> str:
    return services.corpus.document(span.article_id).text[span.start : span.end]


def test_confirm_the_netanyahu_proposal_sets_every_mention_and_undoes(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    dialog = _dialog(qtbot, s)
    assert dialog.table.rowCount() == 0  # no canonical entities yet
    row = _netanyahu_row(dialog)
    name, spans = dialog.proposal(row)
    assert {" ".join(_text(s, sp).split()).removesuffix("\u2019s") for sp in spans} == {
        "Benjamin Netanyahu", "Netanyahu"}  # fmt: skip
    assert len({sp.article_id for sp in spans}) == 2  # mentions in both seed articles
    assert dialog.proposals.item(row, 2).text().startswith("Benjamin Netanyahu, Netanyahu")

    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.confirm_button(row), Qt.MouseButton.LeftButton)
    entity_ids = {s.read.get(sp.id).entity_id for sp in spans}
    assert len(entity_ids) == 1 and None not in entity_ids
    entity = s.read.get(entity_ids.pop())
    assert isinstance(entity, Entity)
    assert (entity.name, entity.label) == ("Benjamin Netanyahu", "PERSON")
    assert "Netanyahu" in entity.aliases
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Benjamin Netanyahu"
    assert dialog.table.item(0, 4).text() == str(len(spans))
    assert all(dialog.proposal(r)[0] != "Benjamin Netanyahu" for r in range(dialog.proposal_count()))

    s.history.undo()
    assert all(s.read.get(sp.id).entity_id is None for sp in spans)
    assert s.read.get(entity.id) is None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    qtbot.waitUntil(lambda: any(dialog.proposal(r)[0] == "Benjamin Netanyahu" for r in range(dialog.proposal_count())))

    # The keyboard way: select the proposal and press Enter.
    dialog.tabs.setCurrentIndex(1)
    dialog.proposals.setCurrentCell(_netanyahu_row(dialog), 0)
    qtbot.keyClick(dialog.proposals, Qt.Key.Key_Return)
    assert len({s.read.get(sp.id).entity_id for sp in spans}) == 1
    assert s.read.get(spans[0].id).entity_id is not None


def test_rename_and_wikidata_id_are_validated_and_saved(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    dialog = _dialog(qtbot, s)
    name, spans = dialog.proposal(_netanyahu_row(dialog))
    dialog.confirm(_netanyahu_row(dialog))
    entity_id = s.read.get(spans[0].id).entity_id
    dialog.select_entities([entity_id])
    assert dialog.name.text() == "Benjamin Netanyahu" and dialog.kb_id.text() == ""

    dialog.kb_id.setFocus()
    qtbot.keyClicks(dialog.kb_id, "X12Q43915x")  # the validator keeps only a well-formed Q-number
    assert dialog.kb_id.text() == "Q43915"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Binyamin Netanyahu")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    entity = s.read.get(entity_id)
    assert isinstance(entity, Entity)
    assert (entity.name, entity.kb_id) == ("Binyamin Netanyahu", "Q43915")
    assert "Benjamin Netanyahu" in entity.aliases  # the old name becomes an alias

    dialog.kb_id.setText("Q")  # half-typed: refused with a message, nothing written
    dialog.save_details()
    assert "not a Wikidata id" in dialog.message.text()
    assert s.read.get(entity_id).kb_id == "Q43915"

    dialog.kb_id.clear()  # an empty field clears the id (stored as null, not "")
    dialog.save_details()
    assert s.read.get(entity_id).kb_id is None
    s.history.undo()
    assert s.read.get(entity_id).kb_id == "Q43915"
    s.history.undo()
    assert (s.read.get(entity_id).name, s.read.get(entity_id).kb_id) == ("Benjamin Netanyahu", None)


def test_merge_selected_entities_and_split_mentions_off(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    aid = s.read.get(statistic_claim(s, FIFTY)).article_id
    text = s.corpus.document(aid).text
    spans = {text[sp.start : sp.end]: sp for sp in s.read.spans(aid) if sp.visible}
    full = s.entities.create_from_span(spans["Benjamin Netanyahu"].id)
    short = s.entities.create_from_span(spans["Netanyahu"].id)
    fifty = statistic_claim(s, FIFTY)
    about = s.links.link(fifty, short.id, "about")
    dialog = _dialog(qtbot, s)
    assert dialog.table.rowCount() == 2

    dialog.select_entities([full.id, short.id])
    assert dialog.selected_entities() == [full.id, short.id]
    assert dialog.merge_button.isEnabled()
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert s.read.get(short.id) is None
    assert s.read.get(spans["Netanyahu"].id).entity_id == full.id
    assert [lk.child for lk in s.links.links_of(fifty) if lk.label == "about"] == [full.id]  # the link moved over
    assert dialog.table.rowCount() == 1

    # Split the short mention off again into a new entity.
    dialog.select_entities([full.id])
    short_row = next(
        i for i in range(dialog.mentions.count()) if dialog.mentions.item(i).text().startswith("Netanyahu ")
    )
    dialog.mentions.item(short_row).setSelected(True)
    qtbot.keyClicks(dialog.split_name, "Netanyahu (surname)")
    assert dialog.split_button.isEnabled()
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    new_id = s.read.get(spans["Netanyahu"].id).entity_id
    assert new_id not in (None, full.id)
    assert s.read.get(new_id).name == "Netanyahu (surname)"
    assert s.read.get(spans["Benjamin Netanyahu"].id).entity_id == full.id
    assert dialog.table.rowCount() == 2

    s.history.undo()  # the split
    assert s.read.get(spans["Netanyahu"].id).entity_id == full.id
    s.history.undo()  # the merge
    assert s.read.get(short.id) is not None
    assert s.read.get(about.id) is not None and s.read.get(about.id).child == short.id


def _answer(qtbot, button_text: str | None) -> None:  # noqa: ANN001
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not open yet (a loaded machine): look again shortly
            QTimer.singleShot(20, click)
            return
        if button_text is None:
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            return
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, click)


def test_confirm_removal_returns_the_choice_and_the_services_honour_it(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    aid = s.read.get(fifty).article_id
    text = s.corpus.document(aid).text
    start = text.index("Fifty hostages")
    mine = s.claims.mark(aid, start, start + 40)  # an analyst's claim: removing it would delete it
    s.links.link(mine.id, around, "updates")
    s.links.link(fifty, mine.id, "repeats")
    try:
        s.claims.remove(mine.id)
    except LinkedObject as exc:
        links = exc.links
    else:  # pragma: no cover - the service must ask
        raise AssertionError("removing a linked claim did not ask")
    assert len(links) == 2

    _answer(qtbot, "Cancel")
    assert confirm_removal(None, links, s) is None
    _answer(qtbot, None)  # Esc
    assert confirm_removal(None, links) is None

    _answer(qtbot, "Keep, mark rejected")
    choice = confirm_removal(None, links, s)
    assert choice == "keep"
    s.claims.remove(mine.id, linked=choice)
    assert s.read.get(mine.id).status == Review.REJECTED
    assert all(s.read.get(lk.id) is not None for lk in links)
    s.history.undo()

    _answer(qtbot, "Remove links too")
    choice = confirm_removal(None, links, s)
    assert choice == "remove"
    s.claims.remove(mine.id, linked=choice)
    assert s.read.get(mine.id) is None
    assert all(s.read.get(lk.id) is None for lk in links)  # never a dangling id
    s.history.undo()
    assert s.read.get(mine.id) is not None and all(s.read.get(lk.id) is not None for lk in links)


def test_merging_an_entity_with_itself_changes_nothing(seeded_services: Services) -> None:
    s = seeded_services
    aid = s.read.get(statistic_claim(s, FIFTY)).article_id
    text = s.corpus.document(aid).text
    span = next(sp for sp in s.read.spans(aid) if text[sp.start : sp.end] == "Benjamin Netanyahu")
    entity = s.entities.create_from_span(span.id)
    steps = s.history.undo_text
    assert s.entities.merge(entity.id, [entity.id, entity.id]) == entity
    assert s.read.get(entity.id) == entity and s.read.get(span.id).entity_id == entity.id
    assert s.history.undo_text == steps  # no undo step for a no-op
