"""The store's tables, defined once: articles, analyses, one table per analysis layer, participants.

Every layer table keeps the full record as JSON in `record` (so a record round-trips exactly) and
copies the fields users filter on into plain, indexed columns. The main span of a record goes to
`start_char`, `end_char` and `text` (spaCy's names; `end` is reserved in SQL). Items of a layer are
keyed by `(article_id, position)`, where `position` is the record's index in its `Analysis` list,
so `Figure.attribution` (an index into `Analysis.attributions`) stays meaningful.

List-valued codes (event actor/recipient, figure actor/claimant, attribution claimants) are kept
as JSON on the item and, one row per code, in `participants`, which is what filters join on.

Migrations in `migrations/versions/` must produce exactly this metadata; a test checks it.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

LAYERS: tuple[str, ...] = (
    "actor_mentions",
    "timexes",
    "places",
    "attributions",
    "figures",
    "events",
    "entities",
)
"""Names of the layer tables, in the order of the fields of `Analysis`."""

ROLES: tuple[str, ...] = ("actor", "recipient", "claimant")
"""Values of `participants.role`."""


def _json(*, nullable: bool) -> sa.JSON:
    # none_as_null: a Python None is stored as SQL NULL, not the JSON literal 'null'.
    return sa.JSON(none_as_null=nullable)


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(), primary_key=True, comment="Hash of the normalised text."),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("title", sa.Text(), nullable=True),
    sa.Column("outlet", sa.String(), nullable=True, index=True),
    sa.Column("url", sa.Text(), nullable=True),
    sa.Column("published", sa.Date(), nullable=True, index=True),
    sa.Column("source", sa.Text(), nullable=True),
    sa.Column("language", sa.String(), nullable=True),
    sa.Column(
        "duplicate_of",
        sa.String(),
        sa.ForeignKey("articles.id"),
        nullable=True,
        index=True,
    ),
    sa.Column("similarity", sa.Float(), nullable=True),
    sa.Column("minhash", sa.LargeBinary(), nullable=True, comment="Serialised MinHash signature."),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=True),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column(
        "article_id",
        sa.String(),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("published", sa.Date(), nullable=True),
    sa.Column("pipeline", _json(nullable=True), nullable=True),
    sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
)


def _item_columns() -> list[sa.Column[object]]:
    """Key, main span and record columns shared by every layer table."""
    return [
        sa.Column(
            "article_id",
            sa.String(),
            sa.ForeignKey("analyses.article_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("record", _json(nullable=False), nullable=False),
    ]


actor_mentions = sa.Table(
    "actor_mentions",
    metadata,
    *_item_columns(),
    sa.Column("code", sa.String(), nullable=False, index=True),
    sa.Column("sector", sa.String(), nullable=False, index=True),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("country", sa.String(), nullable=True, index=True),
)

timexes = sa.Table(
    "timexes",
    metadata,
    *_item_columns(),
    sa.Column("type", sa.String(), nullable=False),
    sa.Column("value", sa.String(), nullable=False, index=True),
)

places = sa.Table(
    "places",
    metadata,
    *_item_columns(),
    sa.Column("name", sa.Text(), nullable=False, index=True),
    sa.Column("country", sa.String(), nullable=True, index=True),
    sa.Column("admin1", sa.String(), nullable=True),
    sa.Column("lat", sa.Float(), nullable=True),
    sa.Column("lon", sa.Float(), nullable=True),
    sa.Column("geonameid", sa.Integer(), nullable=True, index=True),
    sa.Column("feature", sa.String(), nullable=False),
)

attributions = sa.Table(
    "attributions",
    metadata,
    # The main span is the claim's content; the speaker's span has its own columns.
    *_item_columns(),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("certainty", sa.String(), nullable=False, index=True),
    sa.Column("speaker_start", sa.Integer(), nullable=False),
    sa.Column("speaker_end", sa.Integer(), nullable=False),
    sa.Column("speaker_text", sa.Text(), nullable=False),
    sa.Column("speaker_code", sa.String(), nullable=True, index=True),
    sa.Column("via_code", sa.String(), nullable=True, index=True),
)

figures = sa.Table(
    "figures",
    metadata,
    # The main span is the number; the evidence span has its own columns.
    *_item_columns(),
    sa.Column("category", sa.String(), nullable=False, index=True),
    sa.Column("value", sa.Float(), nullable=False),
    sa.Column("value_max", sa.Float(), nullable=True),
    sa.Column("qualifier", sa.String(), nullable=False),
    sa.Column("actor", _json(nullable=False), nullable=False),
    sa.Column("claimant", _json(nullable=True), nullable=True),
    sa.Column("attribution", sa.Integer(), nullable=True),
    sa.Column("evidence_start", sa.Integer(), nullable=False),
    sa.Column("evidence_end", sa.Integer(), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    # The main span is the trigger; the evidence span has its own columns.
    *_item_columns(),
    sa.Column("type", sa.String(), nullable=False, index=True),
    sa.Column("mode", sa.String(), nullable=True),
    sa.Column("actor", _json(nullable=False), nullable=False),
    sa.Column("recipient", _json(nullable=False), nullable=False),
    sa.Column("country", sa.String(), nullable=True, index=True),
    sa.Column("place", sa.Text(), nullable=True),
    sa.Column("date", sa.String(), nullable=True, index=True, comment="TIMEX3 value."),
    sa.Column("date_source", sa.String(), nullable=False),
    sa.Column("status", sa.String(), nullable=False, index=True),
    sa.Column("claimant", _json(nullable=True), nullable=True),
    sa.Column("evidence_start", sa.Integer(), nullable=False),
    sa.Column("evidence_end", sa.Integer(), nullable=False),
)

entities = sa.Table(
    "entities",
    metadata,
    *_item_columns(),
    sa.Column("label", sa.String(), nullable=False, index=True),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column(
        "article_id",
        sa.String(),
        sa.ForeignKey("analyses.article_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("layer", sa.String(), primary_key=True, comment="figures, events or attributions."),
    sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("role", sa.String(), primary_key=True, comment="actor, recipient or claimant."),
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(), nullable=False),
    sa.Index("ix_participants_code_role_layer", "code", "role", "layer"),
)

LAYER_TABLES: dict[str, sa.Table] = {
    "actor_mentions": actor_mentions,
    "timexes": timexes,
    "places": places,
    "attributions": attributions,
    "figures": figures,
    "events": events,
    "entities": entities,
}


# Stories (reconcile): groups of events or figures across articles, kept up to date on ingest.
# An item is an (article_id, layer, position) of `events` or `figures`; its `fingerprint` (article,
# layer, type or category, words) survives re-analysis, so user decisions are keyed by it.

STORY_LAYERS: tuple[str, ...] = ("events", "figures")
"""Values of `story_members.layer`."""

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(), primary_key=True, comment="ev-1a2b3c4d or fig-1a2b3c4d."),
    sa.Column("kind", sa.String(), nullable=False, comment="event or figure."),
    sa.Column("subject", sa.String(), nullable=False, comment="PLOVER type or figure category."),
    sa.Column("label", sa.Text(), nullable=False),
    sa.Column("created_order", sa.Integer(), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_stories_kind_subject", "kind", "subject"),
)

story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column(
        "article_id",
        sa.String(),
        sa.ForeignKey("analyses.article_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("layer", sa.String(), primary_key=True, comment="events or figures."),
    sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column(
        "story_id",
        sa.String(),
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("seq", sa.Integer(), nullable=False, comment="Order of joining the story."),
    sa.Column("fingerprint", sa.String(), nullable=False, index=True),
    sa.Index("ix_story_members_story_id_seq", "story_id", "seq"),
)

story_keys = sa.Table(
    "story_keys",
    metadata,
    sa.Column("key", sa.String(), primary_key=True, comment="kind|type or category|actor|month"),
    sa.Column(
        "story_id",
        sa.String(),
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

story_merges = sa.Table(
    "story_merges",
    metadata,
    # A log: rows outlive the stories they name (a merged-away story), so no foreign keys.
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.String(), nullable=False, index=True),
    sa.Column("action", sa.String(), nullable=False, comment="start, join, split or merge."),
    sa.Column("item_article", sa.String(), nullable=True, index=True),
    sa.Column("item_layer", sa.String(), nullable=True),
    sa.Column("item_position", sa.Integer(), nullable=True),
    sa.Column("partner_article", sa.String(), nullable=True),
    sa.Column("partner_layer", sa.String(), nullable=True),
    sa.Column("partner_position", sa.Integer(), nullable=True),
    sa.Column("other_story", sa.String(), nullable=True),
    sa.Column("fields", _json(nullable=True), nullable=True),
    sa.Column("score", sa.Float(), nullable=True),
    sa.Column("decided_by", sa.String(), nullable=False, comment="auto or user."),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
)

story_constraints = sa.Table(
    "story_constraints",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(), nullable=False, comment="must or cannot."),
    sa.Column("a", sa.String(), nullable=False, comment="Item fingerprint."),
    sa.Column("b", sa.String(), nullable=False, comment="Item fingerprint."),
    sa.Column("a_article", sa.String(), nullable=False, index=True),
    sa.Column("b_article", sa.String(), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("kind", "a", "b"),
)
