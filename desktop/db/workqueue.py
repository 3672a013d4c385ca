"""The pre-annotation work queue (migration 0010) for ``newsdesk annotate --worker``.

Several worker processes, on several machines, share the pre-annotation of one corpus:

- ``take``: a short transaction picks a few queued rows whose lease is free or has run
  out (PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so two workers never wait for each other
  nor pick the same row) and writes the worker's name and a new lease expiry into them.
  No lock is held after it: the NLP runs outside any transaction.
- ``renew``: the worker pushes its leases forward while it works (a heartbeat).
- ``finish``: the suggestions are stored and the row marked done in one transaction;
  the change set's stale-state check (desktop.db.writes) locks the article and refuses
  the write when somebody annotated the article meanwhile, so an article is annotated
  once even when a slow worker's lease ran out and another worker took it over.
- ``release``: a worker that stops (Ctrl+C) hands its rows back at once.

A worker that dies (SIGKILL, a lost machine) holds its rows until their lease runs out;
then the others take them. Lease times are the database server's clock, in seconds
since 1970, so workers whose machine clocks differ agree on them.

The table has no foreign key to ``articles`` on purpose: inserting a row that names an
article would take a key-share lock on the article's row, and an analyst's write (which
locks its article ``FOR UPDATE``) would wait for the worker. Rows whose article is gone
are ignored by ``take`` and removed by ``enqueue``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, cast

from sqlalchemy import and_, delete, exists, func, insert, literal, or_, select, text, update
from sqlalchemy.orm import Session

from desktop.domain.model import ChangeSet, utc_now

from . import writes
from .schema import AnnotateQueueRow, ArticleRow

Q = AnnotateQueueRow
QUEUED, DONE = "queued", "done"


def server_now(s: Session) -> float:
    """The database server's clock, seconds since 1970."""
    if s.get_bind().dialect.name == "postgresql":
        sql = "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"
    else:
        sql = "SELECT (julianday('now') - 2440587.5) * 86400.0"
    return float(cast(Any, s.execute(text(sql)).scalar_one()))


def enqueue(s: Session) -> int:
    """Queue every article that was never pre-annotated and is not queued yet. Returns how many."""
    s.execute(delete(Q).where(~exists().where(ArticleRow.id == Q.article_id)))
    fresh = (
        select(ArticleRow.id, literal(QUEUED), literal(0), literal(utc_now()))
        .where(ArticleRow.annotated_by.is_(None), ~exists().where(Q.article_id == ArticleRow.id))
        .order_by(ArticleRow.id)
    )
    stmt = insert(Q).from_select(["article_id", "state", "attempts", "queued"], fresh)
    if s.get_bind().dialect.name == "postgresql":  # two workers queueing at once: the second adds nothing
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(Q).from_select(["article_id", "state", "attempts", "queued"], fresh)
        stmt = stmt.on_conflict_do_nothing(index_elements=["article_id"])
    return len(list(s.execute(stmt.returning(Q.article_id))))  # rowcount is -1 here on psycopg


def take(s: Session, worker: str, limit: int, lease_seconds: float) -> list[tuple[str, bool]]:
    """Lease up to ``limit`` queued articles to ``worker``: (article id, taken over from a
    lease that ran out). Rows another transaction is taking right now are skipped."""
    now = server_now(s)
    free = or_(Q.lease_until.is_(None), Q.lease_until < now)
    q = (
        select(Q.article_id, Q.worker)
        .where(Q.state == QUEUED, free, exists().where(ArticleRow.id == Q.article_id))
        .order_by(Q.article_id)
        .limit(max(1, limit))
        .with_for_update(skip_locked=True, of=Q)
    )
    rows = list(s.execute(q))
    if not rows:
        return []
    ids = [r[0] for r in rows]
    s.execute(
        update(Q)
        .where(Q.article_id.in_(ids))
        .values(worker=worker, lease_until=now + lease_seconds, attempts=Q.attempts + 1)
    )
    return [(r[0], r[1] is not None and r[1] != worker) for r in rows]


def renew(s: Session, worker: str, lease_seconds: float) -> int:
    """Push the worker's leases forward; rows another worker took over are not touched."""
    now = server_now(s)
    result = s.execute(update(Q).where(Q.worker == worker, Q.state == QUEUED).values(lease_until=now + lease_seconds))
    return int(cast(Any, result).rowcount or 0)


def release(s: Session, worker: str, article_ids: Sequence[str] | None = None) -> int:
    """Hand the worker's unfinished rows back (all of them, or the given ones)."""
    cond = and_(Q.worker == worker, Q.state == QUEUED)
    if article_ids is not None:
        cond = and_(cond, Q.article_id.in_(list(article_ids)))
    result = s.execute(update(Q).where(cond).values(worker=None, lease_until=None))
    return int(cast(Any, result).rowcount or 0)


def mark_done(s: Session, article_id: str, worker: str) -> None:
    s.execute(
        update(Q).where(Q.article_id == article_id).values(state=DONE, worker=worker, lease_until=None, done=utc_now())
    )


def finish(s: Session, changes: ChangeSet, annotator: str | None, worker: str) -> None:
    """Store the suggestions (checked against the state they were merged on) and mark the row done."""
    writes.apply_changes(s, changes, annotator, compact_log=True)
    if changes.article_id is not None:
        mark_done(s, changes.article_id, worker)


def counts(s: Session, worker: str) -> tuple[int, int, int]:
    """(queued rows left, of them leased to other workers right now, done rows)."""
    now = server_now(s)
    live = exists().where(ArticleRow.id == Q.article_id)
    queued = s.scalar(select(func.count()).select_from(Q).where(Q.state == QUEUED, live)) or 0
    others = s.scalar(
        select(func.count()).select_from(Q)
        .where(Q.state == QUEUED, live, Q.worker.is_not(None), Q.worker != worker, Q.lease_until >= now)
    ) or 0  # fmt: skip
    done = s.scalar(select(func.count()).select_from(Q).where(Q.state == DONE)) or 0
    return int(queued), int(others), int(done)


class SqlAnnotateQueue:
    """The queue in transactions of a store (``SqlStore.annotate_queue``): each method is one
    short transaction."""

    def __init__(self, tx: Callable[..., AbstractContextManager[Session]]) -> None:
        self._tx = tx

    def enqueue(self) -> int:
        with self._tx(write=True) as s:
            return enqueue(s)

    def take(self, worker: str, limit: int, lease_seconds: float) -> list[tuple[str, bool]]:
        with self._tx(write=True) as s:
            return take(s, worker, limit, lease_seconds)

    def renew(self, worker: str, lease_seconds: float) -> int:
        with self._tx(write=True) as s:
            return renew(s, worker, lease_seconds)

    def release(self, worker: str, article_ids: Sequence[str] | None = None) -> int:
        with self._tx(write=True) as s:
            return release(s, worker, article_ids)

    def skip(self, article_id: str, worker: str) -> None:
        """Mark a queued article done without writing (it was annotated elsewhere)."""
        with self._tx(write=True) as s:
            mark_done(s, article_id, worker)

    def finish(self, changes: ChangeSet, *, annotator: str | None, worker: str) -> None:
        with self._tx(write=True) as s:
            finish(s, changes, annotator, worker)

    def counts(self, worker: str) -> tuple[int, int, int]:
        with self._tx() as s:
            return counts(s, worker)
