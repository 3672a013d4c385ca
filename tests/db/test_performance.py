"""A long article (7,500 spans) stays fast by construction: one edit never reads the article back, reading it
is one query per table, and an overlap check reads only the neighbours. (The timings themselves live in
tests/benchmarks/bench_store.py and bench_edit.py, not in timed tests.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop.db import SqlStore, open_store
from desktop.domain.model import Article, ArticleMeta, Change, ChangeSet, Document, Origin, Review, Span, text_sha256

N_SPANS = 7500


@pytest.fixture(scope="module")
def long_article(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqlStore, Document]]:
    words = [f"w{i:05d}" for i in range(N_SPANS * 2)]
    text = " ".join(words)
    article = Article("a-long", text, ArticleMeta(title="Long", sha256=text_sha256(text)))
    spans, pos = [], 0
    for i, word in enumerate(words):
        if i % 2 == 0:
            spans.append(Span(f"s-{i:06d}", article.id, pos, pos + len(word), "ORG", Origin.MODEL, Review.SUGGESTED))
        pos += len(word) + 1
    doc = Document(article=article, spans=spans)
    store = open_store(Path(tmp_path_factory.mktemp("perf")) / "long.sqlite3")
    store.add_documents([doc])
    yield store, doc
    store.close()


@contextmanager
def statements(store: SqlStore) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(" ".join(sql.split()))

    engine = store._engine  # white-box: count what reaches the database
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_repeated_edits_on_a_long_article_land(long_article: tuple[SqlStore, Document]) -> None:
    store, doc = long_article
    span = doc.spans[N_SPANS // 2]
    for i in range(5):
        new = replace(span, label="PERSON" if i % 2 == 0 else "ORG", status=Review.ACCEPTED)
        store.apply(ChangeSet("relabel", (Change(span, new),), doc.id), annotator="ana")
        span = new
    assert store.spans(doc.id)[N_SPANS // 2] == span


def test_one_span_edit_does_not_read_the_article(long_article: tuple[SqlStore, Document]) -> None:
    store, doc = long_article
    span = doc.spans[10]
    with statements(store) as sql:
        store.apply(ChangeSet("relabel", (Change(span, replace(span, label="GPE")),), doc.id), annotator="ana")
    reads = [s for s in sql if s.startswith("SELECT")]
    assert len(reads) == 1 and "WHERE spans.id IN (?)" in reads[0], reads  # the before-state check only
    assert len(sql) <= 6, sql  # BEGIN, SELECT span, UPDATE span, UPDATE article.updated, INSERT edit_log (+ COMMIT)


def test_get_document_is_one_query_per_table(long_article: tuple[SqlStore, Document]) -> None:
    store, doc = long_article
    with statements(store) as sql:
        got = store.get_document(doc.id)
    assert len(got.spans) == N_SPANS
    selects = [s for s in sql if s.startswith("SELECT")]
    assert len(selects) <= 5, selects  # articles, spans, claims, links, relations (entities only when named)


def test_an_overlap_check_reads_only_the_neighbours(long_article: tuple[SqlStore, Document]) -> None:
    store, doc = long_article
    middle = doc.spans[N_SPANS // 2]
    with statements(store) as sql:
        found = store.spans_overlapping(doc.id, middle.start - 1, middle.end + 1)
    assert [s.id for s in found] == [middle.id]
    assert len([s for s in sql if s.startswith("SELECT")]) == 1
