"""Team review: every annotation belongs to a version of its article; analysts' assignments.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-02

``version`` on spans, claims, links and relations names whose version of the article an
object belongs to: '' (SHARED) is the article's own version (suggestions, a team of one's
work, the reviewed result), an analyst's name is that analyst's own version. Every row
stored before this revision is SHARED, so a database without assignments behaves as before.

``assignments`` says which analyst annotates which article on their own, and where their
version stands (assigned, in progress, submitted for review). An assignment goes with its
article (ON DELETE CASCADE).

"Spans never overlap" now holds per (article, version): the indexes for reading an
article's objects lead with (article_id, version), and on PostgreSQL the exclusion
constraint of migration 0004 gains ``version WITH =``. Only columns are added to
``articles``' neighbours (no table is recreated), so the search triggers of 0006 stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None

CONSTRAINT = "ex_spans_visible_no_overlap"
_TABLES = ("spans", "claims", "links", "relations")
# (table, old index, old columns, new index, new columns)
_INDEXES = (
    ("spans", "ix_spans_article_id_start_end", ["article_id", "start", "end"],
     "ix_spans_article_id_version_start_end", ["article_id", "version", "start", "end"]),
    ("claims", "ix_claims_article_id_start", ["article_id", "start"],
     "ix_claims_article_id_version_start", ["article_id", "version", "start"]),
    ("links", "ix_links_article_id", ["article_id"], "ix_links_article_id_version", ["article_id", "version"]),
    ("relations", "ix_relations_article_id", ["article_id"],
     "ix_relations_article_id_version", ["article_id", "version"]),
)  # fmt: skip


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in _TABLES:
        # SQLite adds a NOT NULL column with a default in place (ALTER TABLE ... ADD COLUMN): no table copy
        op.add_column(table, sa.Column("version", sa.String(64), nullable=False, server_default=""))
    for table, old, _, new, columns in _INDEXES:
        op.drop_index(old, table_name=table)
        op.create_index(new, table, columns)
    op.create_table(
        "assignments",
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE",
                                                             name="fk_assignments_article_id"), nullable=False),
        sa.Column("analyst", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("assigned_by", sa.Text(), nullable=True),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.CheckConstraint("state IN ('assigned', 'in_progress', 'submitted')", name="ck_assignments_state"),
        sa.CheckConstraint("analyst <> ''", name="ck_assignments_analyst"),
        sa.PrimaryKeyConstraint("article_id", "analyst", name="pk_assignments"),
    )  # fmt: skip
    op.create_index("ix_assignments_analyst", "assignments", ["analyst"])
    if postgres:
        op.execute(f"ALTER TABLE spans DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
        op.execute(
            f"ALTER TABLE spans ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
            f'(article_id WITH =, version WITH =, int4range(start, "end") WITH &&) '
            f"WHERE (status <> 'rejected') DEFERRABLE INITIALLY IMMEDIATE"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"ALTER TABLE spans DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
    op.drop_table("assignments")
    for table, old, old_columns, new, _ in _INDEXES:
        op.drop_index(new, table_name=table)
        op.create_index(old, table, old_columns)
    for table in reversed(_TABLES):  # links and relations before what they name
        op.execute(f"DELETE FROM {table} WHERE version <> ''")  # analysts' versions cannot be kept
    for table in _TABLES:  # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): no table copy, the triggers stay
        op.drop_column(table, "version")
    if postgres:
        op.execute(
            f"ALTER TABLE spans ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
            f'(article_id WITH =, int4range(start, "end") WITH &&) '
            f"WHERE (status <> 'rejected') DEFERRABLE INITIALLY IMMEDIATE"
        )
