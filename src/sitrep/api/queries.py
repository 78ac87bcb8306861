"""SQL queries of the REST API over the store's tables: filters, counts and stable pages.

The store's read functions cover the CLI; the API needs more filters (date ranges, outlet,
status, bounding boxes) and a total for each page, so it queries `sitrep.store.schema` here
instead of widening the store's functions. Every list has a total order, so pages never
overlap or skip: publication date (undated last), article id, position in the analysis.

Event dates are TIMEX3 values of any granularity (2025-01-23, 2025-01, 2024-FA, 2024-W43); an
event matches a date range when the interval its value names overlaps the range. SQL narrows the
rows by decade, and `sitrep.reconcile.timespan.interval_of` decides exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.api.models import (
    ActorSummary,
    ArticleRef,
    ArticleSummary,
    ClaimItem,
    EventItem,
    FigureItem,
    PlaceSummary,
)
from sitrep.records import Attribution, Event, Figure
from sitrep.store.engine import database_errors
from sitrep.store.repository import has_participant
from sitrep.store.schema import (
    actor_mentions,
    articles,
    attributions,
    events,
    figures,
    places,
)

Stmt = sa.Select[*tuple[Any, ...]]
"""A SELECT of any columns (SQLAlchemy types each column; the filters here need not know them)."""

BBox = tuple[float, float, float, float]
"""West, south, east, north in degrees (longitude, latitude, longitude, latitude)."""


@dataclass(frozen=True)
class PageRequest:
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Published:
    """Publication-date range and outlet of the reports an item comes from."""

    outlet: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    article_id: str | None = None


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None
    status: str | None = None
    actor: str | None = None
    recipient: str | None = None
    claimant: str | None = None
    country: str | None = None
    place: str | None = None
    bbox: BBox | None = None
    date_from: date | None = None
    date_to: date | None = None
    published: Published = Published()


@dataclass(frozen=True)
class FigureFilter:
    category: str | None = None
    actor: str | None = None
    claimant: str | None = None
    qualifier: str | None = None
    published: Published = Published()


@dataclass(frozen=True)
class ClaimFilter:
    speaker: str | None = None
    claimant: str | None = None
    kind: str | None = None
    certainty: str | None = None
    published: Published = Published()


@dataclass(frozen=True)
class ActorFilter:
    code: str | None = None
    sector: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class PlaceFilter:
    name: str | None = None
    country: str | None = None
    feature: str | None = None
    bbox: BBox | None = None


_REF = ("id", "title", "outlet", "url", "published")


def _ref_columns() -> list[sa.Label[Any]]:
    return [articles.c[name].label(f"article_{name}") for name in _REF]


def _ref(row: sa.RowMapping) -> ArticleRef:
    return ArticleRef.model_validate({name: row[f"article_{name}"] for name in _REF})


def _published_order() -> list[sa.ColumnElement[Any]]:
    return [articles.c.published.is_(None), articles.c.published]


def _where_published(stmt: Stmt, published: Published) -> Stmt:
    if published.outlet is not None:
        stmt = stmt.where(articles.c.outlet == published.outlet)
    if published.published_from is not None:
        stmt = stmt.where(articles.c.published >= published.published_from)
    if published.published_to is not None:
        stmt = stmt.where(articles.c.published <= published.published_to)
    if published.article_id is not None:
        stmt = stmt.where(articles.c.id == published.article_id)
    return stmt


def _in_bbox(lat: sa.ColumnElement[Any], lon: sa.ColumnElement[Any], bbox: BBox) -> Any:
    west, south, east, north = bbox
    lon_ok = lon.between(west, east) if west <= east else sa.or_(lon >= west, lon <= east)
    return sa.and_(lat.is_not(None), lon.is_not(None), lat.between(south, north), lon_ok)


def _total(conn: Connection, stmt: Stmt) -> int:
    counted = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    return int(conn.execute(counted).scalar_one())


def _page(conn: Connection, stmt: Stmt, page: PageRequest) -> tuple[Sequence[sa.RowMapping], int]:
    total = _total(conn, stmt)
    rows = conn.execute(stmt.limit(page.limit).offset(page.offset)).mappings().all()
    return rows, total


# Articles


def list_articles(
    conn: Connection, published: Published, page: PageRequest
) -> tuple[list[ArticleSummary], int]:
    """Articles, without their text, in publication order."""
    columns = [
        articles.c[name]
        for name in (
            "id",
            "title",
            "outlet",
            "url",
            "published",
            "source",
            "duplicate_of",
            "similarity",
            "ingested_at",
        )
    ]
    stmt: Stmt = sa.select(*columns, sa.func.length(articles.c.text).label("length"))
    stmt = _where_published(stmt, published).order_by(*_published_order(), articles.c.id)
    with database_errors("Listing articles"):
        rows, total = _page(conn, stmt, page)
    return [ArticleSummary.model_validate(_with_utc(dict(row))) for row in rows], total


def _with_utc(values: dict[str, Any]) -> dict[str, Any]:
    # SQLite keeps no time zone: a naive timestamp was stored as UTC (see store.repository).
    stamp = values.get("ingested_at")
    if isinstance(stamp, datetime) and stamp.tzinfo is None:
        values["ingested_at"] = stamp.replace(tzinfo=UTC)
    return values


# Events


def _event_coordinates() -> tuple[sa.ScalarSelect[Any], sa.ScalarSelect[Any]]:
    """The coordinates of an event's place: the first place of its article with that name.

    An event located only by a country (or continent) gets none: its centroid would put a
    point where nothing happened.
    """

    def first(column: sa.Column[Any]) -> sa.ScalarSelect[Any]:
        return (
            sa.select(column)
            .where(
                places.c.article_id == events.c.article_id,
                places.c.name == events.c.place,
                places.c.lat.is_not(None),
                places.c.feature.not_in(("country", "continent")),
            )
            .order_by(places.c.position)
            .limit(1)
            .scalar_subquery()
        )

    return first(places.c.lat), first(places.c.lon)


def _decade_bounds(stmt: Stmt, lo: date | None, hi: date | None) -> Stmt:
    # Decade prefixes order correctly as text for every TIMEX3 date form, `201X` included.
    decade = sa.func.substr(events.c.date, 1, 3)
    stmt = stmt.where(events.c.date.is_not(None))
    if lo is not None:
        stmt = stmt.where(decade >= f"{lo.year:04d}"[:3])
    if hi is not None:
        stmt = stmt.where(decade <= f"{hi.year:04d}"[:3])
    return stmt


def _date_overlaps(value: str | None, lo: date | None, hi: date | None) -> bool:
    from sitrep.reconcile.timespan import interval_of

    interval = interval_of(value)
    if interval is None:
        return False
    return (lo is None or interval.end >= lo) and (hi is None or interval.start <= hi)


def list_events(
    conn: Connection, where: EventFilter, page: PageRequest
) -> tuple[list[EventItem], int]:
    """Events in event-date order (undated last), then publication order."""
    lat, lon = _event_coordinates()
    stmt: Stmt = sa.select(
        *_ref_columns(),
        events.c.position,
        events.c.record,
        lat.label("lat"),
        lon.label("lon"),
    ).join(articles, articles.c.id == events.c.article_id)
    stmt = _where_published(stmt, where.published)
    for column, value in (
        (events.c.type, where.type),
        (events.c.status, where.status),
        (events.c.country, where.country),
        (events.c.place, where.place),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    for role, code in (
        ("actor", where.actor),
        ("recipient", where.recipient),
        ("claimant", where.claimant),
    ):
        if code is not None:
            stmt = stmt.where(has_participant(events, "events", role, code))
    if where.bbox is not None:
        located = (
            sa.select(places.c.position)
            .where(
                places.c.article_id == events.c.article_id,
                places.c.name == events.c.place,
                _in_bbox(places.c.lat, places.c.lon, where.bbox),
            )
            .exists()
        )
        stmt = stmt.where(located)
    dated = where.date_from is not None or where.date_to is not None
    if dated:
        stmt = _decade_bounds(stmt, where.date_from, where.date_to)
    stmt = stmt.order_by(
        events.c.date.is_(None),
        events.c.date,
        *_published_order(),
        events.c.article_id,
        events.c.position,
    )
    with database_errors("Listing events"):
        if dated:
            rows = [
                row
                for row in conn.execute(stmt).mappings()
                if _date_overlaps(row["record"].get("date"), where.date_from, where.date_to)
            ]
            total = len(rows)
            rows = rows[page.offset : page.offset + page.limit]
        else:
            rows_seq, total = _page(conn, stmt, page)
            rows = list(rows_seq)
    return [
        EventItem(
            article=_ref(row),
            index=row["position"],
            event=Event.model_validate(row["record"]),
            lat=row["lat"],
            lon=row["lon"],
        )
        for row in rows
    ], total


# Figures


def list_figures(
    conn: Connection, where: FigureFilter, page: PageRequest
) -> tuple[list[FigureItem], int]:
    """Figures in publication order."""
    stmt: Stmt = sa.select(*_ref_columns(), figures.c.position, figures.c.record).join(
        articles, articles.c.id == figures.c.article_id
    )
    stmt = _where_published(stmt, where.published)
    if where.category is not None:
        stmt = stmt.where(figures.c.category == where.category)
    if where.qualifier is not None:
        stmt = stmt.where(figures.c.qualifier == where.qualifier)
    for role, code in (("actor", where.actor), ("claimant", where.claimant)):
        if code is not None:
            stmt = stmt.where(has_participant(figures, "figures", role, code))
    stmt = stmt.order_by(*_published_order(), figures.c.article_id, figures.c.position)
    with database_errors("Listing figures"):
        rows, total = _page(conn, stmt, page)
    return [
        FigureItem(
            article=_ref(row), index=row["position"], figure=Figure.model_validate(row["record"])
        )
        for row in rows
    ], total


# Claims


def list_claims(
    conn: Connection, where: ClaimFilter, page: PageRequest
) -> tuple[list[ClaimItem], int]:
    """Attributions (who said what) in publication order."""
    stmt: Stmt = sa.select(*_ref_columns(), attributions.c.position, attributions.c.record).join(
        articles, articles.c.id == attributions.c.article_id
    )
    stmt = _where_published(stmt, where.published)
    for column, value in (
        (attributions.c.speaker_code, where.speaker),
        (attributions.c.kind, where.kind),
        (attributions.c.certainty, where.certainty),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if where.claimant is not None:
        stmt = stmt.where(has_participant(attributions, "attributions", "claimant", where.claimant))
    stmt = stmt.order_by(*_published_order(), attributions.c.article_id, attributions.c.position)
    with database_errors("Listing claims"):
        rows, total = _page(conn, stmt, page)
    return [
        ClaimItem(
            article=_ref(row),
            index=row["position"],
            claim=Attribution.model_validate(row["record"]),
        )
        for row in rows
    ], total


# Actors and places


def list_actors(
    conn: Connection, where: ActorFilter, page: PageRequest
) -> tuple[list[ActorSummary], int]:
    """Resolved actors with how often and in how many articles they are mentioned."""
    keys = (actor_mentions.c.code, actor_mentions.c.sector, actor_mentions.c.name)
    mentions = sa.func.count().label("mentions")
    stmt: Stmt = sa.select(
        *keys,
        sa.func.max(actor_mentions.c.country).label("country"),
        mentions,
        sa.func.count(sa.distinct(actor_mentions.c.article_id)).label("articles"),
    )
    for column, value in (
        (actor_mentions.c.code, where.code),
        (actor_mentions.c.sector, where.sector),
        (actor_mentions.c.country, where.country),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = stmt.group_by(*keys).order_by(sa.desc(mentions), *keys)
    with database_errors("Listing actors"):
        rows, total = _page(conn, stmt, page)
    return [ActorSummary.model_validate(dict(row)) for row in rows], total


def list_places(
    conn: Connection, where: PlaceFilter, page: PageRequest
) -> tuple[list[PlaceSummary], int]:
    """Resolved places with their coordinates and how often they are mentioned."""
    keys = (
        places.c.name,
        places.c.country,
        places.c.lat,
        places.c.lon,
        places.c.feature,
        places.c.geonameid,
    )
    mentions = sa.func.count().label("mentions")
    stmt: Stmt = sa.select(
        *keys, mentions, sa.func.count(sa.distinct(places.c.article_id)).label("articles")
    )
    for column, value in (
        (places.c.name, where.name),
        (places.c.country, where.country),
        (places.c.feature, where.feature),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if where.bbox is not None:
        stmt = stmt.where(_in_bbox(places.c.lat, places.c.lon, where.bbox))
    order = [sa.desc(mentions), places.c.name]
    order += [c.is_(None) for c in keys[1:]] + list(keys[1:])
    stmt = stmt.group_by(*keys).order_by(*order)
    with database_errors("Listing places"):
        rows, total = _page(conn, stmt, page)
    return [PlaceSummary.model_validate(dict(row)) for row in rows], total
