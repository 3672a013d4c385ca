"""The Claims view: the table model without widgets, then the real view (filters, open, timeline)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.model import ClaimKind
from desktop.services import Services
from desktop.ui.claims import ClaimsFilterProxy, ClaimsTableModel, ClaimsView, Column
from desktop.ui.claims.table_model import CLAIM_ID_ROLE

from .conftest import AROUND_120, FIFTY, statistic_claim


def _column(proxy: ClaimsFilterProxy, column: Column) -> list[str]:
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_model_has_a_row_per_visible_claim_with_its_columns(qapp, seeded_services: Services) -> None:  # noqa: ANN001
    refs = seeded_services.claims.list()
    model = ClaimsTableModel()
    model.set_refs(refs)
    assert model.rowCount() == len(refs) > 0
    assert model.columnCount() == len(Column)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Article", "Date", "Claimant", "Kind", "Verdict", "Check", "Status", "Links", "Claim"]  # fmt: skip
    witkoff = next(r for r in refs if r.claimant == "Witkoff")
    row = model.row_of(witkoff.claim.id)
    assert row is not None

    def cell(column: Column) -> str:
        return model.index(row, column).data()

    assert cell(Column.DATE) == "2025-07-10"
    assert cell(Column.ARTICLE).startswith("Netanyahu tells hostage families")
    assert cell(Column.CLAIMANT) == "Witkoff"
    assert (cell(Column.KIND), cell(Column.VERDICT), cell(Column.STATUS)) == ("quote", "unverified", "suggested")
    assert cell(Column.LINKS) == "1"  # the suggested said_by link
    assert cell(Column.TEXT).startswith("We have an opportunity to finally get a peace deal")
    assert model.index(row, 0).data(CLAIM_ID_ROLE) == witkoff.claim.id
    assert not model.index(row, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree
    assert model.data(QModelIndex()) is None


def test_proxy_sorts_numbers_as_numbers_and_dates_in_order(qapp, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty = statistic_claim(s, FIFTY)
    s.claims.update(fifty, checkworthy=3)
    s.links.link(fifty, statistic_claim(s, AROUND_120), "updates")
    witkoff = next(r.claim.id for r in s.claims.list() if r.claimant == "Witkoff")
    s.links.link(fifty, witkoff, "supports")
    gaza = next(sp for sp in s.read.spans(s.read.get(fifty).article_id) if sp.label == "GPE")
    s.links.link(fifty, gaza.id, "about")
    model = ClaimsTableModel()
    model.set_refs(s.claims.list())
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)

    proxy.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    dates = _column(proxy, Column.DATE)
    assert dates == sorted(dates) and dates[0] == "2024-05-25" and dates[-1] == "2025-07-10"
    proxy.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    assert _column(proxy, Column.DATE)[0] == "2025-07-10"

    proxy.sort(Column.CHECKWORTHY, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(CLAIM_ID_ROLE) == fifty
    proxy.sort(Column.LINKS, Qt.SortOrder.DescendingOrder)
    links = [int(x) for x in _column(proxy, Column.LINKS)]
    assert links == sorted(links, reverse=True) and links[0] == 3
    assert proxy.index(0, 0).data(CLAIM_ID_ROLE) == fifty
    proxy.sort(Column.CLAIMANT, Qt.SortOrder.AscendingOrder)
    claimants = [c.lower() for c in _column(proxy, Column.CLAIMANT)]
    assert claimants == sorted(claimants)


def test_proxy_filters_by_words_kind_and_verdict(qapp, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty = statistic_claim(s, FIFTY)
    statistic_claim(s, AROUND_120)
    s.claims.update(fifty, verdict="true")
    model = ClaimsTableModel()
    model.set_refs(s.claims.list())
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    total = proxy.rowCount()

    proxy.set_text("HOSTAGES fifty")  # case-insensitive, every word must match, in any order
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(CLAIM_ID_ROLE) == fifty
    proxy.set_text("rubio")  # matches the claimant column too
    assert proxy.rowCount() >= 3
    assert all("Rubio" in c for c in _column(proxy, Column.CLAIMANT))
    proxy.set_text("")
    assert proxy.rowCount() == total

    proxy.set_kind("statistic")
    assert set(_column(proxy, Column.KIND)) == {"statistic"} and proxy.rowCount() >= 2
    proxy.set_verdict("true")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(CLAIM_ID_ROLE) == fifty
    proxy.set_kind(None)
    proxy.set_verdict(None)
    assert proxy.rowCount() == total


def test_view_filters_with_its_widgets_and_opens_on_enter_and_double_click(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty = statistic_claim(s, FIFTY)
    view = ClaimsView(s)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    total = view.proxy.rowCount()
    assert view.count.text() == f"{total} claims"

    qtbot.keyClicks(view.filter, "fifty hostages")
    assert view.proxy.rowCount() == 1
    assert view.count.text() == f"1 of {total} claims"
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, Column.TEXT))
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [s.read.get(fifty).article_id, fifty]

    view.filter.clear()
    view.kind.setCurrentIndex(view.kind.findData(str(ClaimKind.QUOTE)))
    assert set(_column(view.proxy, Column.KIND)) == {"quote"}
    index = view.proxy.index(2, Column.TEXT)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # Qt6's DClick needs a press
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [index.data(Qt.ItemDataRole.UserRole + 2), index.data(CLAIM_ID_ROLE)]


def test_view_follows_edits_and_undo(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    view = ClaimsView(s)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    before = view.model.rowCount()
    aid = next(a.id for a in s.corpus.articles() if a.published == "2024-05-25")
    claim = s.claims.mark(aid, 0, 40)
    qtbot.waitUntil(lambda: view.model.rowCount() == before + 1)
    assert view.select_claim(claim.id)
    s.history.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == before)
    assert view.model.row_of(claim.id) is None


def test_timeline_shows_the_two_hostage_counts_in_date_order(qtbot, seeded_services: Services) -> None:  # noqa: ANN001
    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    view = ClaimsView(s)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    view.show_timeline()
    qtbot.waitExposed(view.timeline)
    groups = view.timeline.groups()
    hostages = next(g for g in groups if g.title == "hostages")
    ids = [r.claim.id for r in hostages.refs]
    assert ids.index(around) < ids.index(fifty)
    assert [r.published for r in hostages.refs if r.claim.id in (around, fifty)] == ["2024-05-25", "2025-07-10"]
    cards = {c.ref.claim.id: c for c in view.timeline.cards()}
    assert cards[around].dot.x() < cards[fifty].dot.x()  # drawn left to right along the date axis

    view.timeline.setFocus()
    qtbot.mouseClick(view.timeline, Qt.MouseButton.LeftButton, pos=cards[around].rect.center().toPoint())
    assert view.timeline.current_claim() == around
    qtbot.keyClick(view.timeline, Qt.Key.Key_Right)
    assert view.timeline.current_claim() == ids[ids.index(around) + 1]
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.mouseDClick(view.timeline, Qt.MouseButton.LeftButton, pos=cards[fifty].rect.center().toPoint())
    assert opened.args == [s.read.get(fifty).article_id, fifty]


def test_claim_links_are_read_in_batches_without_duplicates(qapp, seeded_services: Services, monkeypatch) -> None:  # noqa: ANN001
    from desktop.services import read as read_module

    s = seeded_services
    fifty, around = statistic_claim(s, FIFTY), statistic_claim(s, AROUND_120)
    update = s.links.link(fifty, around, "updates")  # touches two claims that may fall in different batches
    ids = [r.claim.id for r in s.claims.list()]
    expected = {lk.id for lk in s.read.links_touching(ids)}
    monkeypatch.setattr(read_module, "LINK_BATCH", 2)
    got = [lk.id for lk in s.read.links_touching(ids)]
    assert len(got) == len(set(got)) and set(got) == expected and update.id in expected


def test_the_claims_models_keep_qts_model_rules(qtmodeltester, seeded_services: Services) -> None:  # noqa: ANN001
    """Qt's own model checks (pytest-qt's qtmodeltester), on the models alone: no view, no window."""
    from desktop.ui.claims import ClaimsFilterProxy, ClaimsTableModel

    model = ClaimsTableModel()
    model.set_refs(seeded_services.claims.list())
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("hostages")
    assert 0 < proxy.rowCount() < model.rowCount()
    qtmodeltester.check(proxy)
