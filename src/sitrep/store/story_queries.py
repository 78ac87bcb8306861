"""Reading stored stories: summaries to list, one story's claims and merges, ids for export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.reconcile.agreement import Claim, figure_claim
from sitrep.reconcile.model import StoryKind
from sitrep.records import Article, Attribution, Event, Figure
from sitrep.store.engine import database_errors
from sitrep.store.schema import (
    analyses,
    articles,
    attributions,
    events,
    figures,
    participants,
    stories,
    story_members,
    story_merges,
)
from sitrep.store.stories import ItemId, Layer
from sitrep.store.story_edits import resolve_story


@dataclass(frozen=True)
class StorySummary:
    """One line of `sitrep stories`: a story and how widely it was reported."""

    id: str
    kind: StoryKind
    subject: str
    """PLOVER type of an event story, category of a figure series."""
    label: str
    reports: int
    outlets: int
    first: date | None
    last: date | None
    low: float | None
    """Lowest and highest value claimed, for a figure series."""
    high: float | None


@dataclass(frozen=True)
class StoryMember:
    """One item of a story with the report it comes from and, for a figure, its attribution."""

    item: ItemId
    article: Article
    record: Event | Figure
    attribution: Attribution | None
    seq: int

    @property
    def published(self) -> date | None:
        return self.article.published

    def ref(self) -> str:
        """How the CLI names the item: `ARTICLE_ID_PREFIX:layer:position`."""
        article_id, layer, position = self.item
        return f"{article_id[:12]}:{layer}:{position}"


@dataclass(frozen=True)
class StoryDecision:
    """A logged grouping decision: who decided what, when, and on which fields."""

    action: str
    item: ItemId | None
    partner: ItemId | None
    other_story: str | None
    fields: dict[str, Any] | None
    score: float | None
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class StoryDetail:
    """A story with its members in time order and every decision that shaped it."""

    id: str
    kind: StoryKind
    subject: str
    label: str
    members: list[StoryMember] = field(default_factory=list)
    decisions: list[StoryDecision] = field(default_factory=list)

    def claims(self) -> list[Claim]:
        """The figure claims of the story (empty for an event story)."""
        return [claim_of(m) for m in self.members if isinstance(m.record, Figure)]


def claim_of(member: StoryMember) -> Claim:
    """The agreement view of a figure member."""
    figure = member.record
    assert isinstance(figure, Figure)
    key = (member.item[0], member.item[2])
    return figure_claim(key, figure, member.article.outlet, member.article.published)


def stories_joined() -> sa.Join:
    """Stories with their members, the members' articles and analyses, and a series' figures
    (outer-joined: event members have none): what story summaries aggregate over."""
    m = story_members
    return (
        stories.join(m, m.c.story_id == stories.c.id)
        .join(articles, articles.c.id == m.c.article_id)
        .join(analyses, analyses.c.article_id == m.c.article_id)
        .outerjoin(
            figures,
            sa.and_(
                m.c.layer == "figures",
                figures.c.article_id == m.c.article_id,
                figures.c.position == m.c.position,
            ),
        )
    )


def published_date() -> sa.ColumnElement[Any]:
    """The date a member was published, as its analysis resolved relative dates against."""
    return sa.func.coalesce(analyses.c.published, articles.c.published)


def list_stories(
    conn: Connection,
    *,
    kind: StoryKind | None = None,
    actor: str | None = None,
    subject: str | None = None,
    min_reports: int = 1,
    limit: int = 100,
) -> list[StorySummary]:
    """Stories with their report and outlet counts, most reported first."""
    m, s = story_members, stories
    published = published_date()
    reports = sa.func.count(sa.distinct(m.c.article_id))
    stmt = (
        sa.select(
            s.c.id,
            s.c.kind,
            s.c.subject,
            s.c.label,
            reports.label("reports"),
            sa.func.count(sa.distinct(articles.c.outlet)).label("outlets"),
            sa.func.min(published).label("first"),
            sa.func.max(published).label("last"),
            sa.func.min(figures.c.value).label("low"),
            sa.func.max(sa.func.coalesce(figures.c.value_max, figures.c.value)).label("high"),
        )
        .select_from(stories_joined())
        .group_by(s.c.id, s.c.kind, s.c.subject, s.c.label, s.c.created_order)
        .having(reports >= min_reports)
        .order_by(reports.desc(), s.c.created_order)
        .limit(limit)
    )
    if kind is not None:
        stmt = stmt.where(s.c.kind == kind)
    if subject is not None:
        stmt = stmt.where(s.c.subject == subject)
    if actor is not None:
        p, m2 = participants, story_members.alias("m2")
        with_actor = (
            sa.select(m2.c.story_id)
            .join(
                p,
                sa.and_(
                    p.c.article_id == m2.c.article_id,
                    p.c.layer == m2.c.layer,
                    p.c.position == m2.c.position,
                ),
            )
            .where(p.c.role == "actor", p.c.code == actor.upper())
        )
        stmt = stmt.where(s.c.id.in_(with_actor))
    with database_errors("Listing stories"):
        rows = conn.execute(stmt).mappings().all()
    return [
        StorySummary(
            id=row["id"],
            kind=row["kind"],
            subject=row["subject"],
            label=row["label"],
            reports=int(row["reports"]),
            outlets=int(row["outlets"]),
            first=row["first"],
            last=row["last"],
            low=row["low"],
            high=row["high"],
        )
        for row in rows
    ]


def _article(row: sa.RowMapping) -> Article:
    return Article(
        id=row["article_id"],
        text="",
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["analysed_published"] or row["published"],
    )


def _members(conn: Connection, story: str, kind: StoryKind) -> list[StoryMember]:
    m = story_members
    table = events if kind == "event" else figures
    layer: Layer = "events" if kind == "event" else "figures"
    claim = attributions.alias("claim")
    columns = [
        m.c.article_id,
        m.c.position,
        m.c.seq,
        table.c.record,
        articles.c.title,
        articles.c.outlet,
        articles.c.url,
        articles.c.published,
        analyses.c.published.label("analysed_published"),
        (claim.c.record if kind == "figure" else sa.null()).label("attribution"),
    ]
    stmt = (
        sa.select(*columns)
        .join(
            table, sa.and_(table.c.article_id == m.c.article_id, table.c.position == m.c.position)
        )
        .join(articles, articles.c.id == m.c.article_id)
        .join(analyses, analyses.c.article_id == m.c.article_id)
        .where(m.c.story_id == story, m.c.layer == layer)
    )
    if kind == "figure":
        stmt = stmt.outerjoin(
            claim,
            sa.and_(
                claim.c.article_id == m.c.article_id, claim.c.position == figures.c.attribution
            ),
        )
    model = Event if kind == "event" else Figure
    members = [
        StoryMember(
            item=(row["article_id"], layer, row["position"]),
            article=_article(row),
            record=model.model_validate(row["record"]),
            attribution=Attribution.model_validate(row["attribution"])
            if row["attribution"]
            else None,
            seq=row["seq"],
        )
        for row in conn.execute(stmt).mappings()
    ]
    members.sort(key=lambda x: (x.published is None, x.published or date.min, x.item))
    return members


def _item(article: str | None, layer: str | None, position: int | None) -> ItemId | None:
    if article is None or position is None:
        return None
    return article, "events" if layer == "events" else "figures", position


def get_story(conn: Connection, story: str) -> StoryDetail:
    """A story (by id or unique prefix) with its members in time order and its decisions."""
    with database_errors(f"Reading story {story}"):
        story, kind = resolve_story(conn, story)
        row = conn.execute(sa.select(stories).where(stories.c.id == story)).mappings().one()
        log = story_merges
        decisions = [
            StoryDecision(
                action=r["action"],
                item=_item(r["item_article"], r["item_layer"], r["item_position"]),
                partner=_item(r["partner_article"], r["partner_layer"], r["partner_position"]),
                other_story=r["other_story"],
                fields=r["fields"],
                score=r["score"],
                decided_by=r["decided_by"],
                decided_at=r["decided_at"],
            )
            for r in conn.execute(
                sa.select(log).where(log.c.story_id == story).order_by(log.c.id)
            ).mappings()
        ]
        return StoryDetail(
            id=story,
            kind=kind,
            subject=row["subject"],
            label=row["label"],
            members=_members(conn, story, kind),
            decisions=decisions,
        )


def story_ids(conn: Connection, article_id: str) -> dict[tuple[Layer, int], str]:
    """The story of each event and figure of an article: (layer, position) -> story id."""
    m = story_members
    with database_errors(f"Reading the stories of article {article_id}"):
        rows = conn.execute(
            sa.select(m.c.layer, m.c.position, m.c.story_id).where(m.c.article_id == article_id)
        ).all()
    return {("events" if layer == "events" else "figures", pos): s for layer, pos, s in rows}
