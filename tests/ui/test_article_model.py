"""The lazy article model over a real database: pages, SQL sorting and filtering, in-place updates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.db import open_store
from desktop.domain.model import Article, ArticleMeta, ArticleStatus, Document, Origin, Review, Span, text_sha256
from desktop.domain.search import ArticleQuery
from desktop.services import Services, build_services
from desktop.ui.articles import ID_ROLE, ArticleTableModel
from tests.services.conftest import ListEngine


def _doc(aid: str, title: str, source: str | None, published: str | None, status: ArticleStatus,
         n: int, suggested: int = 0) -> Document:  # fmt: skip
    text = " ".join(f"w{i}" for i in range(n + 1)) + f" {aid}"
    meta = ArticleMeta(title=title, source=source, published=published, sha256=text_sha256(text))
    spans = []
    for i in range(n):
        start = text.index(f"w{i} ") if i < 10 else text.index(f" w{i} ") + 1
        spans.append(Span(f"s-{aid}-{i}", aid, start, start + len(f"w{i}"), "ORG", Origin.MODEL,
                          Review.SUGGESTED if i < suggested else Review.ACCEPTED))  # fmt: skip
    return Document(article=Article(aid, text, meta, status=status, annotated_by="m 1"), spans=spans)


DOCS = [
    _doc("a-1", "Talks resume", "CBS News", "2024-05-25", ArticleStatus.DONE, 9),
    _doc("a-2", "Hostage families", "JNS", "2025-07-10", ArticleStatus.TODO, 10, 4),
    _doc("a-3", "Ceasefire vote", None, None, ArticleStatus.IN_PROGRESS, 2),
]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    store = open_store(tmp_path / "list.sqlite3")
    store.add_documents(DOCS)
    s = build_services(store, ListEngine({}))
    yield s
    s.close()


def ids(model: ArticleTableModel) -> list[str]:
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def test_model_shows_title_source_date_status_and_entity_count(qapp, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(services.corpus)
    model.reload()
    assert model.rowCount() == 3 and model.columnCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Title", "Source", "Date", "Status", "Entities"]
    assert ids(model) == ["a-2", "a-1", "a-3"]  # newest first, undated last
    row = [model.index(0, c).data() for c in range(5)]
    assert row == ["Hostage families", "JNS", "2025-07-10", "to do", "10 (4 to review)"]
    assert model.index(1, 3).data() == "done"
    assert model.index(2, 1).data() == "" and model.index(2, 3).data() == "in progress"
    assert "4 suggestions" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.progress() == (1, 3)


def test_sorts_numbers_and_status_by_value_in_sql(qapp, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(services.corpus)
    model.sort(ArticleTableModel.ENTITIES, Qt.SortOrder.AscendingOrder)
    assert ids(model) == ["a-3", "a-1", "a-2"]  # 2 < 9 < 10, not "10" < "2" < "9"
    model.sort(ArticleTableModel.STATUS, Qt.SortOrder.AscendingOrder)
    assert ids(model) == ["a-2", "a-3", "a-1"]  # to do, in progress, done
    model.sort(ArticleTableModel.TITLE, Qt.SortOrder.DescendingOrder)
    assert ids(model) == ["a-1", "a-2", "a-3"]
    for column in range(5):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert [model.row_of(i) for i in ids(model)] == [0, 1, 2]  # the row an id is at, by SQL


def test_filters_title_source_and_status_in_sql(qapp, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(services.corpus)
    model.set_query(ArticleQuery(text="cbs"))
    assert ids(model) == ["a-1"]
    model.set_query(ArticleQuery(text="HOSTAGE"))
    assert ids(model) == ["a-2"]
    model.set_query(ArticleQuery(text="100%_"))  # LIKE's wildcards are plain characters here
    assert ids(model) == []
    model.set_query(ArticleQuery(statuses=frozenset({ArticleStatus.TODO, ArticleStatus.IN_PROGRESS})))
    assert ids(model) == ["a-2", "a-3"] and model.row_of("a-1") == -1
    model.set_query(ArticleQuery())
    assert model.rowCount() == 3


def test_pages_are_read_on_demand_and_memory_is_bounded(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "many.sqlite3")
    store.add_documents(
        _doc(f"a-{i:04d}", f"Article {i:04d}", "JNS", f"2025-01-{1 + i % 28:02d}", ArticleStatus.TODO, 0)
        for i in range(1000)
    )
    s = build_services(store, ListEngine({}))
    model = ArticleTableModel(s.corpus)
    model.PAGE, model.MAX_PAGES = 50, 3
    model.sort(ArticleTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 1000
    assert model.index(999, 0).data() == "Article 0999" and model.index(0, 0).data() == "Article 0000"
    assert model.index(500, 0).data() == "Article 0500"
    assert len(model._pages) <= 3  # noqa: SLF001 - the cache stays small whatever was scrolled
    assert model.row_of("a-0777") == 777
    s.close()


def test_one_row_updates_in_place(qapp, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = ArticleTableModel(services.corpus)
    model.reload()
    model.index(0, 0).data()
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b, _roles=(): changed.append(a.row()))
    first = model.article(0)
    assert first is not None and first.id == "a-2"
    assert model.update_article(replace(first, status=ArticleStatus.DONE, n_suggestions=0))
    assert changed == [0] and model.index(0, 3).data() == "done" and model.index(0, 4).data() == "10"
    assert not model.update_article(replace(first, id="a-9"))
    assert model.rowCount() == 3
