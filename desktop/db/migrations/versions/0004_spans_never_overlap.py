"""Entity spans never overlap, enforced by the database on PostgreSQL.

Revision ID: 0004
Revises: 0006
Create Date: 2026-12-02

Before this revision two writers could store overlapping spans at the same moment (the
check ran before the write transaction). First any such overlap already stored is
resolved, on every backend: of two visible spans that overlap, the accepted one stays
over a suggestion, then the older over the newer; the other is marked rejected (it stays
in the database as negative evidence) and the edit log gets one row per span saying so.

Then, on PostgreSQL, an exclusion constraint over each article's visible spans
(``article_id WITH =, int4range(start, end) WITH &&`` where the status is not rejected;
``btree_gist`` provides ``=`` on text in a GiST index). It is checked row by row (fast, for
bulk imports); a change set defers it to its commit (``SET CONSTRAINTS ... DEFERRED``), so it
may add the new span before it rejects the suggestion that span replaces. SQLite has no
such constraint: there the writes check it inside their BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0006"
branch_labels = None
depends_on = None

CONSTRAINT = "ex_spans_visible_no_overlap"


def upgrade() -> None:
    bind = op.get_bind()
    _resolve_overlaps(bind)
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        f'ALTER TABLE spans ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist '
        f'(article_id WITH =, int4range(start, "end") WITH &&) '
        f"WHERE (status <> 'rejected') DEFERRABLE INITIALLY IMMEDIATE"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE spans DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


def _resolve_overlaps(bind: sa.Connection) -> None:
    articles = [r[0] for r in bind.execute(sa.text(
        'SELECT DISTINCT a.article_id FROM spans a JOIN spans b ON b.article_id = a.article_id AND b.id <> a.id '
        'AND b.start < a."end" AND b."end" > a.start '
        "WHERE a.status <> 'rejected' AND b.status <> 'rejected'"
    ))]  # fmt: skip
    if not articles:
        return
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    log = sa.table("edit_log", *(sa.column(c) for c in (
        "at", "annotator", "action", "article_id", "object_type", "object_id")),
        sa.column("before", sa.JSON), sa.column("after", sa.JSON),
    )  # fmt: skip
    for aid in articles:
        rows = list(bind.execute(sa.text(
            'SELECT id, start, "end", status, updated FROM spans '
            "WHERE article_id = :a AND status <> 'rejected'"
        ), {"a": aid}).all())  # fmt: skip
        # accepted first, then the older edit, then the id: the first of two overlapping spans stays
        rows.sort(key=lambda r: (r[3] != "accepted", r[4] or "", r[0]))
        kept: list[tuple[int, int]] = []
        for sid, start, end, status, _ in rows:
            if any(start < e and end > s for s, e in kept):
                bind.execute(sa.text("UPDATE spans SET status = 'rejected' WHERE id = :i"), {"i": sid})
                bind.execute(sa.insert(log).values(
                    at=now, annotator=None, action="Upgrade: reject a span that overlapped another",
                    article_id=aid, object_type="span", object_id=sid,
                    before={"status": status}, after={"status": "rejected"},
                ))  # fmt: skip
            else:
                kept.append((start, end))
