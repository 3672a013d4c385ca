"""The annotate work queue (migration 0010) on both backends: leases, takeover, exactly once."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from desktop.db import SqlStore
from desktop.domain.errors import ConflictError
from desktop.domain.model import Change, ChangeSet, Origin, Review, Span

from .builders import plain_doc


def _annotate(store: SqlStore, aid: str, model: str) -> ChangeSet:
    """What a worker writes for an article: a suggestion and the article marked annotated."""
    article = store.get_article(aid)
    span = Span(f"s-{model}-{aid}", aid, 0, 5, "PERSON", Origin.MODEL, Review.SUGGESTED, model=model)
    marked = Change(article, replace(article, annotated_by=model))
    return ChangeSet(f"Pre-annotate with {model}", (Change(None, span), marked), aid)


def _log_rows(store: SqlStore, aid: str) -> int:
    return sum(1 for e in store.edit_log(article_id=aid) if e.action.startswith("Pre-annotate"))


def test_a_lease_that_runs_out_is_taken_over_and_the_late_write_is_refused(store: SqlStore) -> None:
    store.add_documents([plain_doc("a-1", "Gantz met Lapid."), plain_doc("a-2", "Lapid met Gantz.")])
    queue = store.annotate_queue
    assert queue.enqueue() == 2
    assert queue.enqueue() == 0  # queued once
    assert queue.take("slow", 1, 0.5) == [("a-1", False)]
    late = _annotate(store, "a-1", "slow")  # merged on the state before anybody annotated it
    assert queue.take("fast", 5, 60) == [("a-2", False)]  # a-1 is leased: not handed out twice
    time.sleep(0.7)  # the slow worker gives no sign of life; its lease runs out
    assert queue.take("fast", 5, 60) == [("a-1", True)]  # taken over
    assert queue.renew("slow", 60) == 0  # the slow worker's lease is gone
    queue.finish(_annotate(store, "a-1", "fast"), annotator="model:fast", worker="fast")
    with pytest.raises(ConflictError):  # the write checks that nobody annotated it meanwhile
        queue.finish(late, annotator="model:slow", worker="slow")
    assert store.get_article("a-1").annotated_by == "fast"
    assert _log_rows(store, "a-1") == 1
    assert [s.model for s in store.spans("a-1")] == ["fast"]
    assert queue.counts("fast") == (1, 0, 1)  # a-2 still queued (leased to "fast" itself), a-1 done


def test_release_hands_unfinished_rows_back_at_once(store: SqlStore) -> None:
    store.add_documents([plain_doc("a-1", "Gantz met Lapid."), plain_doc("a-2", "Lapid met Gantz.")])
    queue = store.annotate_queue
    queue.enqueue()
    assert [a for a, _ in queue.take("w1", 5, 600)] == ["a-1", "a-2"]
    assert queue.take("w2", 5, 600) == []
    assert queue.counts("w2") == (2, 2, 0)
    assert queue.release("w1") == 2
    assert [a for a, _ in queue.take("w2", 5, 600)] == ["a-1", "a-2"]


def test_rows_of_deleted_articles_are_never_handed_out(store: SqlStore) -> None:
    store.add_documents([plain_doc("a-1", "Gantz met Lapid.")])
    queue = store.annotate_queue
    queue.enqueue()
    store.apply(ChangeSet("Delete article", (Change(store.get_article("a-1"), None),), "a-1"), annotator="ana")
    assert queue.take("w", 5, 60) == []
    assert queue.counts("w") == (0, 0, 0)
