"""Trained models shared on the database (team server): a packaged archive with its metadata.

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-02

Each row is one trained model version (``nd-NNNN``): its name, who shared it and when,
its metadata (labels, training data summary, scores) and the model folder as a .tar.gz.
Which one pre-annotates for everybody is the setting ``team_model``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_models",
        sa.Column("version", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("shared_by", sa.Text(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("shared_models")
