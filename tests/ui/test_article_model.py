"""The article table model and its sort/filter proxy, tested without any widget."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.model import ArticleStatus, ArticleSummary
from desktop.ui.articles import ID_ROLE, ArticleFilterProxy, ArticleTableModel


def summary(aid: str, title: str, source: str | None = "JNS", published: str | None = "2025-07-10",
            status: ArticleStatus = ArticleStatus.TODO, n: int = 0, suggested: int = 0) -> ArticleSummary:  # fmt: skip
    return ArticleSummary(id=aid, title=title, source=source, published=published, status=status,
                          n_entities=n, n_suggestions=suggested, n_claims=0, annotated_by="m 1")  # fmt: skip


ROWS = [
    summary("a-1", "Talks resume", "CBS News", "2024-05-25", ArticleStatus.DONE, 9),
    summary("a-2", "Hostage families", "JNS", "2025-07-10", ArticleStatus.TODO, 10, 4),
    summary("a-3", "Ceasefire vote", None, None, ArticleStatus.IN_PROGRESS, 2),
]


def test_model_shows_title_source_date_status_and_entity_count(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel()
    model.set_articles(ROWS)
    assert model.rowCount() == 3 and model.columnCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Title", "Source", "Date", "Status", "Entities"]
    row = [model.index(1, c).data() for c in range(5)]
    assert row == ["Hostage families", "JNS", "2025-07-10", "to do", "10 (4 to review)"]
    assert model.index(0, 3).data() == "done"
    assert model.index(2, 1).data() == "" and model.index(2, 3).data() == "in progress"
    assert model.index(2, 0).data(ID_ROLE) == "a-3"
    assert "4 suggestions" in model.index(1, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.progress() == (1, 3)


def test_same_articles_update_cells_without_a_reset(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel()
    model.set_articles(ROWS)
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    updated = list(ROWS)
    updated[2] = summary("a-3", "Ceasefire vote", None, None, ArticleStatus.DONE, 3)
    model.set_articles(updated)
    assert resets == [] and changed == [(2, 2)]
    assert model.index(2, 3).data() == "done" and model.progress() == (2, 3)
    model.set_articles(updated[:2])  # an article went away: the rows are rebuilt
    assert resets == [1] and model.rowCount() == 2


def ids_in_order(proxy: ArticleFilterProxy) -> list[str]:
    return [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]


def test_proxy_sorts_numbers_and_status_by_value(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel()
    model.set_articles(ROWS)
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(ArticleTableModel.ENTITIES, Qt.SortOrder.AscendingOrder)
    assert ids_in_order(proxy) == ["a-3", "a-1", "a-2"]  # 2 < 9 < 10, not "10" < "2" < "9"
    proxy.sort(ArticleTableModel.STATUS, Qt.SortOrder.AscendingOrder)
    assert ids_in_order(proxy) == ["a-2", "a-3", "a-1"]  # to do, in progress, done
    proxy.sort(ArticleTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert ids_in_order(proxy) == ["a-2", "a-1", "a-3"]


def test_proxy_filters_title_and_source_case_insensitively(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel()
    model.set_articles(ROWS)
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("cbs")
    assert ids_in_order(proxy) == ["a-1"]
    proxy.set_text("  HOSTAGE ")
    assert ids_in_order(proxy) == ["a-2"]
    proxy.set_text("")
    assert proxy.rowCount() == 3


def test_one_row_updates_in_place(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel()
    model.set_articles(ROWS)
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b, _roles=(): changed.append(a.row()))
    done = summary("a-2", "Hostage families", "JNS", "2025-07-10", ArticleStatus.DONE, 10, 0)
    assert model.update_article(done)
    assert changed == [1] and model.index(1, 3).data() == "done" and model.index(1, 4).data() == "10"
    assert not model.update_article(summary("a-9", "Not listed"))
    assert model.rowCount() == 3
