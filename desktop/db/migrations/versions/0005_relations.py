"""Entity relations (works_for, met_with, …) between two spans, and a note on every span.

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-02

``relations`` joins two spans of one article with a label from the editable relation
set; both ends are foreign keys (deferred, ON DELETE RESTRICT, like links), so a
relation never names a span that is gone. ``spans.note`` keeps notes that analysts
and imported tools (brat AnnotatorNotes, Label Studio per-region text) put on a mention.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(column: str, target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="RESTRICT", deferrable=True, initially="DEFERRED",
                         name=f"fk_relations_{column}")  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("spans") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "relations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(64), _fk("article_id", "articles.id"), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("head", sa.String(64), _fk("head", "spans.id"), nullable=False),
        sa.Column("child", sa.String(64), _fk("child", "spans.id"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("annotator", sa.Text(), nullable=True),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.CheckConstraint("head <> child", name="ck_relations_two_ends"),
        sa.CheckConstraint("origin IN ('model', 'rule', 'analyst')", name="ck_relations_origin"),
        sa.PrimaryKeyConstraint("id", name="pk_relations"),
    )
    for column in ("article_id", "head", "child"):
        op.create_index(f"ix_relations_{column}", "relations", [column])


def downgrade() -> None:
    op.drop_table("relations")
    with op.batch_alter_table("spans") as batch:
        batch.drop_column("note")
