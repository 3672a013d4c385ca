"""Index spans by entity (entity mentions across the corpus).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_spans_entity_id", "spans", ["entity_id"])


def downgrade() -> None:
    op.drop_index("ix_spans_entity_id", table_name="spans")
