"""Article revisions: earlier texts, their annotations, how annotations were carried, what needs a look.

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-02

An article without rows here has one revision (its current text): nothing to migrate.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", sa.String(32), nullable=True),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("reviewed", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name="ck_revisions_number"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_revisions_article_id"),  # fmt: skip
        sa.PrimaryKeyConstraint("article_id", "number", name="pk_revisions"),
    )
    op.create_index("ix_revisions_sha256", "revisions", ["sha256"])
    op.create_table(
        "revision_annotations",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_revision_annotations_article_id"),  # fmt: skip
        sa.PrimaryKeyConstraint("article_id", "revision", "object_id", name="pk_revision_annotations"),
    )
    op.create_table(
        "revision_anchors",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("old_start", sa.Integer(), nullable=False),
        sa.Column("old_end", sa.Integer(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=False),
        sa.Column("new_start", sa.Integer(), nullable=True),
        sa.Column("new_end", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("claim_kind", sa.String(16), nullable=True),
        sa.CheckConstraint("outcome IN ('exact', 'moved', 'changed', 'unplaced')", name="ck_revision_anchors_outcome"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE",
                                name="fk_revision_anchors_article_id"),  # fmt: skip
        sa.PrimaryKeyConstraint("article_id", "revision", "object_id", name="pk_revision_anchors"),
    )
    op.create_index("ix_revision_anchors_object_id", "revision_anchors", ["object_id"])
    op.create_table(
        "unplaced",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("annotation", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=False),
        sa.Column("suggestion_start", sa.Integer(), nullable=True),
        sa.Column("suggestion_end", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("resolution", sa.String(16), nullable=False),
        sa.CheckConstraint("resolution IN ('', 'placed', 'kept', 'dropped')", name="ck_unplaced_resolution"),
        sa.CheckConstraint("kind IN ('span', 'claim')", name="ck_unplaced_kind"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE", name="fk_unplaced_article_id"),
        sa.PrimaryKeyConstraint("id", name="pk_unplaced"),
    )
    op.create_index("ix_unplaced_article_id", "unplaced", ["article_id"])


def downgrade() -> None:
    op.drop_table("unplaced")
    op.drop_table("revision_anchors")
    op.drop_table("revision_annotations")
    op.drop_table("revisions")
