"""Entities: named-entity mentions with their CoNLL label (PER, ORG, LOC, MISC).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["analyses.article_id"],
            name="fk_entities_article_id_analyses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_entities"),
    )
    op.create_index("ix_entities_label", "entities", ["label"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_entities_label", table_name="entities")
    op.drop_table("entities")
