"""Reading and writing articles and analyses on a caller-owned connection.

Every function takes a `sqlalchemy.Connection` that is already in a transaction (see
`Store.begin()`); none of them commits. Writes are idempotent: an article is keyed by the hash of
its text and never rewritten, and saving an analysis replaces that article's previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sitrep.errors import InputError, NotFoundError
from sitrep.records import (
    ActorMention,
    Analysis,
    Article,
    Attribution,
    Entity,
    Event,
    EventType,
    Figure,
    FigureCategory,
    PipelineInfo,
    Place,
    Timex,
)
from sitrep.store.engine import database_errors
from sitrep.store.schema import (
    LAYER_TABLES,
    actor_mentions,
    analyses,
    articles,
    attributions,
    entities,
    events,
    figures,
    participants,
    places,
    timexes,
)

SaveResult = Literal["new", "duplicate"]
MIN_PREFIX = 6
"""Shortest id prefix `get_article` accepts, as git does for abbreviated hashes."""

M = TypeVar("M", bound=BaseModel)

_ARTICLE_FIELDS = tuple(name for name in Article.model_fields)


# Articles


def _utc(value: datetime | None) -> datetime | None:
    """A timestamp in UTC; a naive one is taken to be UTC already (SQLite keeps no zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _reject_nul(article: Article) -> None:
    # PostgreSQL cannot store U+0000 in text; refuse it on every backend so both behave alike.
    for name in ("id", "text", "title", "outlet", "url", "source", "language", "duplicate_of"):
        value = getattr(article, name)
        if isinstance(value, str) and "\x00" in value:
            raise InputError(
                f"Article {article.id[:12]}: the {name} contains NUL characters (U+0000), which "
                "the database cannot store. Normalise the text when ingesting (sitrep.ingest)."
            )


def _article_values(article: Article, minhash: bytes | None) -> dict[str, Any]:
    values = article.model_dump()
    values["ingested_at"] = _utc(article.ingested_at)
    values["minhash"] = minhash
    return values


def _article_columns(prefix: str = "") -> list[sa.Label[Any]]:
    return [articles.c[name].label(prefix + name) for name in _ARTICLE_FIELDS]


def _article_from(row: sa.RowMapping, prefix: str = "") -> Article:
    values = {name: row[prefix + name] for name in _ARTICLE_FIELDS}
    values["ingested_at"] = _utc(values["ingested_at"])
    return Article.model_validate(values)


def save_article(conn: Connection, article: Article, minhash: bytes | None = None) -> SaveResult:
    """Insert `article` unless an article with its id is stored; never update a stored row.

    Returns "new" when inserted, "duplicate" when the id was already there. Concurrent writers
    are safe: the insert is `INSERT ... ON CONFLICT (id) DO NOTHING`.
    """
    _reject_nul(article)
    values = _article_values(article, minhash)
    with database_errors(f"Saving article {article.id}"):
        dialect = conn.dialect.name
        if dialect == "postgresql":
            stmt: sa.Executable = (
                postgresql.insert(articles)
                .values(values)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(articles.c.id)
            )
        elif dialect == "sqlite":
            stmt = (
                sqlite.insert(articles)
                .values(values)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(articles.c.id)
            )
        else:  # pragma: no cover - normalise_url admits only the two backends above
            if article_exists(conn, article.id):
                return "duplicate"
            conn.execute(sa.insert(articles).values(values))
            return "new"
        # RETURNING yields the id only when the row was inserted (rowcount is not reliable
        # for ON CONFLICT DO NOTHING across drivers).
        inserted = conn.execute(stmt).first() is not None
    return "new" if inserted else "duplicate"


def article_exists(conn: Connection, article_id: str) -> bool:
    """Whether an article with exactly this id is stored (an index lookup, no row read)."""
    stmt = sa.select(sa.literal(1)).where(articles.c.id == article_id)
    return conn.execute(stmt).first() is not None


def get_article(conn: Connection, id: str) -> Article:
    """The article with this id, or with this unique id prefix (at least 6 characters)."""
    columns = _article_columns()
    with database_errors(f"Reading article {id}"):
        row = conn.execute(sa.select(*columns).where(articles.c.id == id)).mappings().first()
        if row is None and len(id) >= MIN_PREFIX:
            stmt = (
                sa.select(*columns)
                .where(articles.c.id.startswith(id, autoescape=True))
                .order_by(articles.c.id)
                .limit(3)
            )
            rows = conn.execute(stmt).mappings().all()
            if len(rows) > 1:
                shown = ", ".join(str(r["id"])[: len(id) + 4] for r in rows[:2])
                raise NotFoundError(
                    f"The id prefix {id!r} matches several articles ({shown}, ...): "
                    "give more characters of the id."
                )
            row = rows[0] if rows else None
    if row is None:
        short = (
            f" (a prefix needs at least {MIN_PREFIX} characters)" if len(id) < MIN_PREFIX else ""
        )
        raise NotFoundError(
            f"No article with id {id!r} in the store{short}. Check the id printed at ingest, "
            "or list the stored articles."
        )
    return _article_from(row)


def list_articles(
    conn: Connection, *, limit: int = 50, offset: int = 0, outlet: str | None = None
) -> list[Article]:
    """Stored articles ordered by publication date (undated last), then id."""
    stmt = sa.select(*_article_columns())
    if outlet is not None:
        stmt = stmt.where(articles.c.outlet == outlet)
    stmt = (
        stmt.order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
        .limit(limit)
        .offset(offset)
    )
    with database_errors("Listing articles"):
        rows = conn.execute(stmt).mappings().all()
    return [_article_from(row) for row in rows]


def count_articles(conn: Connection) -> int:
    """How many articles are stored (duplicates included)."""
    with database_errors("Counting articles"):
        return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())


def iter_minhashes(conn: Connection, *, batch_size: int = 1000) -> Iterator[tuple[str, bytes]]:
    """`(article id, MinHash signature)` of every article that has one, to rebuild an LSH index.

    Rows are streamed in batches; consume the iterator before the connection is closed.
    """
    stmt = (
        sa.select(articles.c.id, articles.c.minhash)
        .where(articles.c.minhash.is_not(None))
        .order_by(articles.c.id)
        .execution_options(yield_per=batch_size)
    )
    with database_errors("Reading MinHash signatures"):
        for article_id, signature in conn.execute(stmt):
            yield article_id, bytes(signature)


# Analyses


def _span_columns(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start_char": start, "end_char": end, "text": text}


def _actor_mention_row(item: ActorMention) -> dict[str, Any]:
    return {
        **_span_columns(item.span.start, item.span.end, item.span.text),
        "code": item.actor.code,
        "sector": item.actor.sector,
        "name": item.actor.name,
        "country": item.actor.country,
    }


def _timex_row(item: Timex) -> dict[str, Any]:
    return {
        **_span_columns(item.span.start, item.span.end, item.span.text),
        "type": item.type,
        "value": item.value,
    }


def _place_row(item: Place) -> dict[str, Any]:
    return {
        **_span_columns(item.span.start, item.span.end, item.span.text),
        "name": item.name,
        "country": item.country,
        "admin1": item.admin1,
        "lat": item.lat,
        "lon": item.lon,
        "geonameid": item.geonameid,
        "feature": item.feature,
    }


def _entity_row(item: Entity) -> dict[str, Any]:
    return {**_span_columns(item.span.start, item.span.end, item.span.text), "label": item.label}


def _attribution_row(item: Attribution) -> dict[str, Any]:
    return {
        **_span_columns(item.content.start, item.content.end, item.content.text),
        "kind": item.kind,
        "certainty": item.certainty,
        "speaker_start": item.speaker.start,
        "speaker_end": item.speaker.end,
        "speaker_text": item.speaker.text,
        "speaker_code": item.speaker_actor.code if item.speaker_actor else None,
        "via_code": item.via_actor.code if item.via_actor else None,
    }


def _figure_row(item: Figure) -> dict[str, Any]:
    return {
        **_span_columns(item.number.start, item.number.end, item.number.text),
        "category": item.category,
        "value": item.value,
        "value_max": item.value_max,
        "qualifier": item.qualifier,
        "actor": item.actor,
        "claimant": item.claimant,
        "attribution": item.attribution,
        "evidence_start": item.evidence.start,
        "evidence_end": item.evidence.end,
    }


def _event_row(item: Event) -> dict[str, Any]:
    return {
        **_span_columns(item.trigger.start, item.trigger.end, item.trigger.text),
        "type": item.type,
        "mode": item.mode,
        "actor": item.actor,
        "recipient": item.recipient,
        "country": item.country,
        "place": item.place,
        "date": item.date,
        "date_source": item.date_source,
        "status": item.status,
        "claimant": item.claimant,
        "evidence_start": item.evidence.start,
        "evidence_end": item.evidence.end,
    }


def _layer_rows(
    article_id: str, items: Sequence[M], columns: Callable[[M], dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": position,
            "extractor": getattr(item, "extractor", ""),
            "record": item.model_dump(mode="json"),
            **columns(item),
        }
        for position, item in enumerate(items)
    ]


def _participant_rows(analysis: Analysis) -> list[dict[str, Any]]:
    groups: list[tuple[str, int, str, Sequence[str] | None]] = []
    for position, figure in enumerate(analysis.figures):
        groups.append(("figures", position, "actor", figure.actor))
        groups.append(("figures", position, "claimant", figure.claimant))
    for position, event in enumerate(analysis.events):
        groups.append(("events", position, "actor", event.actor))
        groups.append(("events", position, "recipient", event.recipient))
        groups.append(("events", position, "claimant", event.claimant))
    for position, claim in enumerate(analysis.attributions):
        groups.append(("attributions", position, "claimant", claim.claimant_codes()))
    return [
        {
            "article_id": analysis.article_id,
            "layer": layer,
            "position": position,
            "role": role,
            "seq": seq,
            "code": code,
        }
        for layer, position, role, codes in groups
        for seq, code in enumerate(codes or ())
    ]


def _delete_analysis(conn: Connection, article_id: str) -> None:
    # Children first: explicit deletes do not depend on ON DELETE CASCADE being enforced.
    conn.execute(sa.delete(participants).where(participants.c.article_id == article_id))
    for table in LAYER_TABLES.values():
        conn.execute(sa.delete(table).where(table.c.article_id == article_id))
    conn.execute(sa.delete(analyses).where(analyses.c.article_id == article_id))


def save_analysis(
    conn: Connection, analysis: Analysis, *, analysed_at: datetime | None = None
) -> None:
    """Store `analysis`, replacing any earlier analysis of the same article.

    The article must be stored first (`save_article`); otherwise `NotFoundError`.
    """
    article_id = analysis.article_id
    with database_errors(f"Saving the analysis of article {article_id}"):
        if not article_exists(conn, article_id):
            raise NotFoundError(
                f"Cannot save the analysis of article {article_id!r}: the article is not in the "
                "store. Save the article first (save_article), in the same transaction or before."
            )
        _delete_analysis(conn, article_id)
        conn.execute(
            sa.insert(analyses).values(
                article_id=article_id,
                published=analysis.published,
                pipeline=analysis.pipeline.model_dump(mode="json") if analysis.pipeline else None,
                analysed_at=_utc(analysed_at) or datetime.now(UTC),
            )
        )
        layers: list[tuple[sa.Table, list[dict[str, Any]]]] = [
            (actor_mentions, _layer_rows(article_id, analysis.actors, _actor_mention_row)),
            (timexes, _layer_rows(article_id, analysis.timexes, _timex_row)),
            (places, _layer_rows(article_id, analysis.places, _place_row)),
            (attributions, _layer_rows(article_id, analysis.attributions, _attribution_row)),
            (figures, _layer_rows(article_id, analysis.figures, _figure_row)),
            (events, _layer_rows(article_id, analysis.events, _event_row)),
            (entities, _layer_rows(article_id, analysis.entities, _entity_row)),
            (participants, _participant_rows(analysis)),
        ]
        for table, rows in layers:
            if rows:
                conn.execute(sa.insert(table), rows)


def _records(conn: Connection, table: sa.Table, article_id: str, model: type[M]) -> list[M]:
    stmt = (
        sa.select(table.c.record).where(table.c.article_id == article_id).order_by(table.c.position)
    )
    return [model.model_validate(record) for record in conn.execute(stmt).scalars()]


def get_analysis(conn: Connection, article_id: str) -> Analysis | None:
    """The stored analysis of an article (records in their original order), or None."""
    with database_errors(f"Reading the analysis of article {article_id}"):
        row = (
            conn.execute(sa.select(analyses).where(analyses.c.article_id == article_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        return Analysis(
            article_id=article_id,
            published=row["published"],
            pipeline=PipelineInfo.model_validate(row["pipeline"]) if row["pipeline"] else None,
            actors=_records(conn, actor_mentions, article_id, ActorMention),
            timexes=_records(conn, timexes, article_id, Timex),
            places=_records(conn, places, article_id, Place),
            attributions=_records(conn, attributions, article_id, Attribution),
            figures=_records(conn, figures, article_id, Figure),
            events=_records(conn, events, article_id, Event),
            entities=_records(conn, entities, article_id, Entity),
        )


# Queries across articles


def has_participant(table: sa.Table, layer: str, role: str, code: str) -> sa.Exists:
    """Rows of a layer table with `code` in the given role (actor, recipient, claimant)."""
    return (
        sa.select(participants.c.code)
        .where(
            participants.c.article_id == table.c.article_id,
            participants.c.layer == layer,
            participants.c.position == table.c.position,
            participants.c.role == role,
            participants.c.code == code,
        )
        .exists()
    )


def _pairs(conn: Connection, stmt: sa.Select[Any], model: type[M]) -> list[tuple[Article, M]]:
    seen: dict[str, Article] = {}
    pairs: list[tuple[Article, M]] = []
    for row in conn.execute(stmt).mappings():
        article_id = str(row["article_id"])
        if article_id not in seen:
            seen[article_id] = _article_from(row, prefix="article_")
        pairs.append((seen[article_id], model.model_validate(row["item_record"])))
    return pairs


def list_figures(
    conn: Connection,
    *,
    category: FigureCategory | None = None,
    actor: str | None = None,
    claimant: str | None = None,
    article_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Article, Figure]]:
    """Figures with their articles, ordered by publication date (undated last), article, position.

    `actor` and `claimant` are codes (PRK, KOR, UKR); `category` is a `FigureCategory`.
    """
    stmt = sa.select(*_article_columns("article_"), figures.c.record.label("item_record")).join(
        articles, articles.c.id == figures.c.article_id
    )
    if category is not None:
        stmt = stmt.where(figures.c.category == category)
    if actor is not None:
        stmt = stmt.where(has_participant(figures, "figures", "actor", actor))
    if claimant is not None:
        stmt = stmt.where(has_participant(figures, "figures", "claimant", claimant))
    if article_id is not None:
        stmt = stmt.where(figures.c.article_id == article_id)
    stmt = (
        stmt.order_by(
            articles.c.published.is_(None),
            articles.c.published,
            figures.c.article_id,
            figures.c.position,
        )
        .limit(limit)
        .offset(offset)
    )
    with database_errors("Listing figures"):
        return _pairs(conn, stmt, Figure)


def list_events(
    conn: Connection,
    *,
    type: EventType | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    claimant: str | None = None,
    country: str | None = None,
    article_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[tuple[Article, Event]]:
    """Events with their articles, ordered by event date (undated last), publication, article.

    `type` is a PLOVER type; `actor`, `recipient`, `claimant`, `country` are codes. Dates are
    TIMEX3 values (2025-01-23, 2025-01, 2024-FA) ordered as text, which orders years and months
    but not seasons or weeks within a year; filtering by date needs normalised date bounds.
    """
    stmt = sa.select(*_article_columns("article_"), events.c.record.label("item_record")).join(
        articles, articles.c.id == events.c.article_id
    )
    if type is not None:
        stmt = stmt.where(events.c.type == type)
    if country is not None:
        stmt = stmt.where(events.c.country == country)
    for role, code in (("actor", actor), ("recipient", recipient), ("claimant", claimant)):
        if code is not None:
            stmt = stmt.where(has_participant(events, "events", role, code))
    if article_id is not None:
        stmt = stmt.where(events.c.article_id == article_id)
    stmt = (
        stmt.order_by(
            events.c.date.is_(None),
            events.c.date,
            articles.c.published.is_(None),
            articles.c.published,
            events.c.article_id,
            events.c.position,
        )
        .limit(limit)
        .offset(offset)
    )
    with database_errors("Listing events"):
        return _pairs(conn, stmt, Event)
