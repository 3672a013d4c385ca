"""Index spans by (article, start, end), replacing (article, start).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

With ``end`` in the index, "which spans overlap [a, b)" is answered from the index
alone, and listing an article's spans in (start, end) order needs no sort.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_spans_article_id_start", table_name="spans")
    op.create_index("ix_spans_article_id_start_end", "spans", ["article_id", "start", "end"])


def downgrade() -> None:
    op.drop_index("ix_spans_article_id_start_end", table_name="spans")
    op.create_index("ix_spans_article_id_start", "spans", ["article_id", "start"])
