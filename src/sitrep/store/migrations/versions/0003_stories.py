"""Stories: groups of events and figures across articles, their index keys, merges, constraints.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _story_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["story_id"], ["stories.id"], name=f"fk_{table}_story_id_stories", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(), nullable=False, comment="ev-1a2b3c4d or fig-1a2b3c4d."),
        sa.Column("kind", sa.String(), nullable=False, comment="event or figure."),
        sa.Column(
            "subject", sa.String(), nullable=False, comment="PLOVER type or figure category."
        ),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_created_order", "stories", ["created_order"])
    op.create_index("ix_stories_kind_subject", "stories", ["kind", "subject"])

    op.create_table(
        "story_members",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("layer", sa.String(), nullable=False, comment="events or figures."),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("story_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="Order of joining the story."),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["analyses.article_id"],
            name="fk_story_members_article_id_analyses",
            ondelete="CASCADE",
        ),
        _story_fk("story_members"),
        sa.PrimaryKeyConstraint("article_id", "layer", "position", name="pk_story_members"),
    )
    op.create_index("ix_story_members_fingerprint", "story_members", ["fingerprint"])
    op.create_index("ix_story_members_story_id_seq", "story_members", ["story_id", "seq"])

    op.create_table(
        "story_keys",
        sa.Column("key", sa.String(), nullable=False, comment="kind|type or category|actor|month"),
        sa.Column("story_id", sa.String(), nullable=False),
        _story_fk("story_keys"),
        sa.PrimaryKeyConstraint("key", "story_id", name="pk_story_keys"),
    )
    op.create_index("ix_story_keys_story_id", "story_keys", ["story_id"])

    op.create_table(
        "story_merges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False, comment="start, join, split or merge."),
        sa.Column("item_article", sa.String(), nullable=True),
        sa.Column("item_layer", sa.String(), nullable=True),
        sa.Column("item_position", sa.Integer(), nullable=True),
        sa.Column("partner_article", sa.String(), nullable=True),
        sa.Column("partner_layer", sa.String(), nullable=True),
        sa.Column("partner_position", sa.Integer(), nullable=True),
        sa.Column("other_story", sa.String(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=False, comment="auto or user."),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_merges"),
    )
    op.create_index("ix_story_merges_story_id", "story_merges", ["story_id"])
    op.create_index("ix_story_merges_item_article", "story_merges", ["item_article"])

    op.create_table(
        "story_constraints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(), nullable=False, comment="must or cannot."),
        sa.Column("a", sa.String(), nullable=False, comment="Item fingerprint."),
        sa.Column("b", sa.String(), nullable=False, comment="Item fingerprint."),
        sa.Column("a_article", sa.String(), nullable=False),
        sa.Column("b_article", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_constraints"),
        sa.UniqueConstraint("kind", "a", "b", name="uq_story_constraints_kind_a_b"),
    )
    op.create_index("ix_story_constraints_a_article", "story_constraints", ["a_article"])
    op.create_index("ix_story_constraints_b_article", "story_constraints", ["b_article"])


def downgrade() -> None:
    for table in ("story_constraints", "story_merges", "story_keys", "story_members", "stories"):
        op.drop_table(table)
