"""Initial schema: articles, analyses, the six layer tables and participants.

Revision ID: 0001
Revises:
Create Date: 2025-01-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

LAYERS = ("actor_mentions", "timexes", "places", "attributions", "figures", "events")


def _item_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    ]


def _item_constraints(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["analyses.article_id"],
            name=f"fk_{table}_article_id_analyses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "position", name=f"pk_{table}"),
    ]


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False, comment="Hash of the normalised text."),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("duplicate_of", sa.String(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column(
            "minhash", sa.LargeBinary(), nullable=True, comment="Serialised MinHash signature."
        ),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["duplicate_of"], ["articles.id"], name="fk_articles_duplicate_of_articles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    _indexes("articles", "outlet", "published", "duplicate_of")

    op.create_table(
        "analyses",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("pipeline", sa.JSON(), nullable=True),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_analyses_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_analyses"),
    )

    op.create_table(
        "actor_mentions",
        *_item_columns(),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("sector", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        *_item_constraints("actor_mentions"),
    )
    _indexes("actor_mentions", "code", "sector", "country")

    op.create_table(
        "timexes",
        *_item_columns(),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        *_item_constraints("timexes"),
    )
    _indexes("timexes", "value")

    op.create_table(
        "places",
        *_item_columns(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("feature", sa.String(), nullable=False),
        *_item_constraints("places"),
    )
    _indexes("places", "name", "country", "geonameid")

    op.create_table(
        "attributions",
        *_item_columns(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("certainty", sa.String(), nullable=False),
        sa.Column("speaker_start", sa.Integer(), nullable=False),
        sa.Column("speaker_end", sa.Integer(), nullable=False),
        sa.Column("speaker_text", sa.Text(), nullable=False),
        sa.Column("speaker_code", sa.String(), nullable=True),
        sa.Column("via_code", sa.String(), nullable=True),
        *_item_constraints("attributions"),
    )
    _indexes("attributions", "certainty", "speaker_code", "via_code")

    op.create_table(
        "figures",
        *_item_columns(),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(), nullable=False),
        sa.Column("actor", sa.JSON(), nullable=False),
        sa.Column("claimant", sa.JSON(), nullable=True),
        sa.Column("attribution", sa.Integer(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        *_item_constraints("figures"),
    )
    _indexes("figures", "category")

    op.create_table(
        "events",
        *_item_columns(),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=True),
        sa.Column("actor", sa.JSON(), nullable=False),
        sa.Column("recipient", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("date", sa.String(), nullable=True, comment="TIMEX3 value."),
        sa.Column("date_source", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("claimant", sa.JSON(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        *_item_constraints("events"),
    )
    _indexes("events", "type", "country", "date", "status")

    op.create_table(
        "participants",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("layer", sa.String(), nullable=False, comment="figures, events or attributions."),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role", sa.String(), nullable=False, comment="actor, recipient or claimant."),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["analyses.article_id"],
            name="fk_participants_article_id_analyses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "article_id", "layer", "position", "role", "seq", name="pk_participants"
        ),
    )
    op.create_index(
        "ix_participants_code_role_layer", "participants", ["code", "role", "layer"], unique=False
    )


def downgrade() -> None:
    op.drop_table("participants")
    for table in reversed(LAYERS):
        op.drop_table(table)
    op.drop_table("analyses")
    op.drop_table("articles")
