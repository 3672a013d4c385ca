"""The pre-annotation work queue shared by ``newsdesk annotate --worker`` processes (team server).

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-02

One row per article a worker is to pre-annotate. A worker takes a few rows at a time
(PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED``, in a short transaction) and writes its
name and a lease expiry into them; it renews the lease while it works and marks the row
done in the transaction that stores the suggestions. When a worker dies its lease runs
out and another worker takes the rows. Lease times are the database server's clock
(seconds since 1970), so machines with skewed clocks agree. No foreign key to ``articles``: it would
take a lock on the article's row that an analyst's write would wait for; rows of deleted
articles are ignored and cleared by the workers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotate_queue",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.Column("lease_until", sa.Float(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("queued", sa.String(32), nullable=False),
        sa.Column("done", sa.String(32), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'done')", name="ck_annotate_queue_state"),
        sa.PrimaryKeyConstraint("article_id", name="pk_annotate_queue"),
    )
    op.create_index("ix_annotate_queue_state_lease_until", "annotate_queue", ["state", "lease_until"])


def downgrade() -> None:
    op.drop_index("ix_annotate_queue_state_lease_until", table_name="annotate_queue")
    op.drop_table("annotate_queue")
