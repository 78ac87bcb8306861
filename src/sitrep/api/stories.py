"""Stories for the API, read from the stories the store keeps (`sitrep.store.stories`): pages of
summaries, one story with its claims, agreement and decisions, and a user's split or merge.

Stories are filed on ingest and changed by users; nothing here regroups them. Counts, dates and
value ranges come from SQL; conflicts need the claims' values and times, so they are computed
(`sitrep.reconcile.agreement`) from the figure columns of the stories asked about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.api.errors import ApiProblem
from sitrep.api.models import (
    ArticleRef,
    ClaimRef,
    SplitItem,
    StoryAgreement,
    StoryBreakdown,
    StoryConflict,
    StoryDetail,
    StoryItemRef,
    StoryMember,
    StoryMerge,
    StorySummary,
)
from sitrep.reconcile.agreement import (
    Claim,
    breakdowns,
    conflicts,
    consistent,
    independent_sources,
    join_overlapping,
    value_range,
)
from sitrep.records import Event, Figure
from sitrep.store.engine import database_errors
from sitrep.store.schema import analyses, articles, figures, stories, story_members
from sitrep.store.stories import ItemId, Layer
from sitrep.store.story_edits import resolve_story
from sitrep.store.story_queries import (
    StoryDecision,
    get_story,
    list_stories,
    published_date,
    stories_joined,
)
from sitrep.store.story_queries import StoryDetail as StoredStory
from sitrep.store.story_queries import StoryMember as StoredMember

Stmt = sa.Select[*tuple[Any, ...]]
Key = tuple[str, int]
"""An item of one layer: (article id, position)."""

LAYER_OF: dict[str, Layer] = {"event": "events", "figure": "figures"}
PARTS = ("killed", "wounded", "casualties")
"""Figure categories whose claims can add up (300 killed + 2,700 wounded ≈ 3,000 casualties)."""


@dataclass(frozen=True)
class StoryFilter:
    kind: Literal["event", "figure"] | None = None
    min_articles: int = 1
    conflicting: bool | None = None


# Claims of figure stories, from the figures' columns


def _claims(conn: Connection, story_ids: Iterable[str] | None = None) -> dict[str, list[Claim]]:
    """The figure claims of the given stories (every figure story when None), by story."""
    m = story_members
    stmt: Stmt = (
        sa.select(
            m.c.story_id,
            m.c.article_id,
            m.c.position,
            figures.c.category,
            figures.c.value,
            figures.c.value_max,
            figures.c.qualifier,
            figures.c.actor,
            figures.c.claimant,
            articles.c.outlet,
            published_date().label("published"),
        )
        .join(
            figures,
            sa.and_(figures.c.article_id == m.c.article_id, figures.c.position == m.c.position),
        )
        .join(articles, articles.c.id == m.c.article_id)
        .join(analyses, analyses.c.article_id == m.c.article_id)
        .where(m.c.layer == "figures")
    )
    if story_ids is not None:
        stmt = stmt.where(m.c.story_id.in_(sorted(set(story_ids))))
    found: dict[str, list[Claim]] = {}
    for row in conn.execute(stmt).mappings():
        claimant = row["claimant"]
        found.setdefault(row["story_id"], []).append(
            Claim(
                key=(row["article_id"], row["position"]),
                category=row["category"],
                value=row["value"],
                value_max=row["value_max"],
                qualifier=row["qualifier"],
                actor=tuple(row["actor"] or ()),
                claimant=tuple(claimant) if claimant is not None else None,
                outlet=row["outlet"],
                published=row["published"],
                evidence="",
            )
        )
    return found


def _conflict_counts(conn: Connection, story_ids: Iterable[str] | None = None) -> dict[str, int]:
    return {story: len(conflicts(claims)) for story, claims in _claims(conn, story_ids).items()}


# Summaries


def list_summaries(
    conn: Connection, where: StoryFilter, limit: int, offset: int
) -> tuple[list[StorySummary], int]:
    """Stories most reported first (articles, then claims), then oldest first, then by id."""
    m, s = story_members, stories
    published = published_date()
    n_articles = sa.func.count(sa.distinct(m.c.article_id))
    n_members = sa.func.count()
    first = sa.func.min(published)
    stmt: Stmt = (
        sa.select(
            s.c.id,
            s.c.kind,
            s.c.subject,
            s.c.label,
            n_members.label("members"),
            n_articles.label("articles"),
            first.label("first_published"),
            sa.func.max(published).label("last_published"),
            sa.func.min(figures.c.value).label("value_min"),
            sa.func.max(sa.func.coalesce(figures.c.value_max, figures.c.value)).label("value_max"),
        )
        .select_from(stories_joined())
        .group_by(s.c.id, s.c.kind, s.c.subject, s.c.label)
        .having(n_articles >= where.min_articles)
        .order_by(n_articles.desc(), n_members.desc(), first.is_(None), first, s.c.id)
    )
    if where.kind is not None:
        stmt = stmt.where(s.c.kind == where.kind)
    with database_errors("Listing stories"):
        if where.conflicting is not None:
            # Every series' conflicts are needed to filter on them: one pass over the figures.
            conflicted = [story for story, n in _conflict_counts(conn).items() if n]
            chosen = s.c.id.in_(conflicted) if where.conflicting else s.c.id.not_in(conflicted)
            stmt = stmt.where(chosen)
        counted = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
        total = int(conn.execute(counted).scalar_one())
        rows = conn.execute(stmt.limit(limit).offset(offset)).mappings().all()
        ids = [row["id"] for row in rows]
        outlets: dict[str, list[str]] = {}
        if ids:
            found = conn.execute(
                sa.select(m.c.story_id, articles.c.outlet)
                .distinct()
                .join(articles, articles.c.id == m.c.article_id)
                .where(m.c.story_id.in_(ids), articles.c.outlet.is_not(None))
            )
            for story, outlet in found:
                outlets.setdefault(story, []).append(outlet)
        figure_ids = [row["id"] for row in rows if row["kind"] == "figure"]
        counts = _conflict_counts(conn, figure_ids) if figure_ids else {}
    return [
        StorySummary(
            **dict(row),
            outlets=sorted(outlets.get(row["id"], [])),
            conflicts=counts.get(row["id"], 0),
        )
        for row in rows
    ], total


# One story


def _ref(member: StoredMember) -> ArticleRef:
    article = member.article
    return ArticleRef(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
    )


def _member(member: StoredMember) -> StoryMember:
    record = member.record
    claim = member.attribution
    return StoryMember(
        article=_ref(member),
        layer=member.item[1],
        index=member.item[2],
        event=record if isinstance(record, Event) else None,
        figure=record if isinstance(record, Figure) else None,
        claimant=list(record.claimant) if record.claimant is not None else None,
        speaker=claim.speaker.text if claim is not None else None,
        via=claim.via.text if claim is not None and claim.via is not None else None,
        via_actor=claim.via_actor.code if claim is not None and claim.via_actor else None,
    )


def _item_ref(item: ItemId | None) -> StoryItemRef | None:
    if item is None:
        return None
    return StoryItemRef(article=item[0], layer=item[1], position=item[2])


def _field(value: Any) -> str | bool | int | float:
    return value if isinstance(value, str | bool | int | float) else str(value)


def _reason(decision: StoryDecision, index: dict[ItemId, int]) -> StoryMerge:
    action = decision.action
    item = decision.item
    partner = decision.partner
    stamp = decision.decided_at
    if stamp.tzinfo is None:  # SQLite keeps no time zone; the store writes UTC.
        stamp = stamp.replace(tzinfo=UTC)
    return StoryMerge(
        action=action if action in ("start", "join", "split") else "merge",
        a=index.get(partner) if partner is not None else None,
        b=index.get(item) if item is not None else None,
        item=_item_ref(item),
        partner=_item_ref(partner),
        other_story=decision.other_story,
        fields={k: _field(v) for k, v in (decision.fields or {}).items()},
        score=decision.score,
        decided_by=decision.decided_by,
        decided_at=stamp,
    )


def _sibling_claims(conn: Connection, stored: StoredStory) -> dict[str, list[Claim]]:
    """Claims of the killed, wounded and casualty series of the same parties, by story."""
    if stored.kind != "figure" or stored.subject not in PARTS:
        return {}
    codes = {code for m in stored.members for code in getattr(m.record, "actor", [])}
    wanted: dict[str, None] = {}
    for code in sorted(codes):
        for subject in PARTS:
            if subject != stored.subject:
                for row in list_stories(conn, kind="figure", actor=code, subject=subject):
                    wanted[row.id] = None
    return _claims(conn, wanted) if wanted else {}


def _agreement(
    conn: Connection, stored: StoredStory, index: dict[Key, int]
) -> tuple[StoryAgreement, list[StoryConflict]]:
    if stored.kind == "event":
        sources = [
            frozenset(m.record.claimant or [f"outlet:{m.article.outlet or m.item[0][:12]}"])
            for m in stored.members
        ]
        statuses: dict[str, int] = {}
        for m in stored.members:
            if isinstance(m.record, Event):
                statuses[m.record.status] = statuses.get(m.record.status, 0) + 1
        agreement = StoryAgreement(
            independent_claimants=[sorted(g) for g in join_overlapping(sources)],
            conflicts=0,
            statuses=statuses,
        )
        return agreement, []
    claims = stored.claims()
    pairs = conflicts(claims)
    found = [StoryConflict(a=index[p.a.key], b=index[p.b.key]) for p in pairs]
    span = value_range(claims)
    siblings = _sibling_claims(conn, stored)
    story_of: dict[Key, str] = {c.key: story for story, cs in siblings.items() for c in cs}
    story_of.update(dict.fromkeys(index, stored.id))
    others = [c for story, cs in siblings.items() if story != stored.id for c in cs]

    def ref(claim: Claim) -> ClaimRef:
        return ClaimRef(
            story=story_of.get(claim.key),
            member=index.get(claim.key),
            article=claim.key[0],
            index=claim.key[1],
            category=claim.category,
            value=claim.value,
            value_max=claim.value_max,
            qualifier=claim.qualifier,
            claimant=list(claim.claimant) if claim.claimant is not None else None,
            outlet=claim.outlet,
            published=claim.published,
        )

    sums = [
        StoryBreakdown(killed=ref(b.killed), wounded=ref(b.wounded), casualties=ref(b.casualties))
        for b in breakdowns([*claims, *others])
        if set(index) & {b.killed.key, b.wounded.key, b.casualties.key}
    ]
    agreement = StoryAgreement(
        value_min=span[0] if span else None,
        value_max=span[1] if span else None,
        independent_claimants=[sorted(g) for g in independent_sources(claims)],
        conflicts=len(pairs),
        consistent=sorted(index[c.key] for c in consistent(claims)),
        breakdowns=sums,
    )
    return agreement, found


def _summary(stored: StoredStory, conflict_count: int) -> StorySummary:
    members = stored.members
    days: list[date] = sorted(m.published for m in members if m.published is not None)
    values: list[float] = []
    for m in members:
        if isinstance(m.record, Figure):
            values.append(m.record.value)
            if m.record.value_max is not None:
                values.append(m.record.value_max)
    return StorySummary(
        id=stored.id,
        kind=stored.kind,
        subject=stored.subject,
        label=stored.label,
        members=len(members),
        articles=len({m.item[0] for m in members}),
        outlets=sorted({m.article.outlet for m in members if m.article.outlet}),
        first_published=days[0] if days else None,
        last_published=days[-1] if days else None,
        value_min=min(values) if values else None,
        value_max=max(values) if values else None,
        conflicts=conflict_count,
    )


def get_detail(conn: Connection, story: str) -> StoryDetail:
    """A story (by id or unique prefix): members in time order, agreement and every decision."""
    stored = get_story(conn, story)
    items = {m.item: n for n, m in enumerate(stored.members)}
    keys: dict[Key, int] = {(item[0], item[2]): n for item, n in items.items()}
    with database_errors(f"Reading the claims of story {stored.id}"):
        agreement, found = _agreement(conn, stored, keys)
    return StoryDetail(
        story=_summary(stored, agreement.conflicts),
        members=[_member(m) for m in stored.members],
        reasons=[_reason(d, items) for d in stored.decisions],
        conflicts=found,
        agreement=agreement,
    )


# Story ids of items


def stories_of(conn: Connection, layer: Layer, keys: Sequence[Key]) -> dict[Key, str]:
    """The story of each of the given events or figures that has one."""
    if not keys:
        return {}
    m = story_members
    with database_errors("Reading the stories of items"):
        rows = conn.execute(
            sa.select(m.c.article_id, m.c.position, m.c.story_id).where(
                m.c.layer == layer, m.c.article_id.in_(sorted({k[0] for k in keys}))
            )
        ).all()
    wanted = set(keys)
    return {(a, p): s for a, p, s in rows if (a, p) in wanted}


# A user's decisions


def _invalid(message: str) -> ApiProblem:
    return ApiProblem(422, "invalid_request", message)


def split_items(
    conn: Connection, story: str, items: Sequence[SplitItem]
) -> tuple[str, list[ItemId]]:
    """The story's full id and the members `items` name, or a 422 saying which are not members."""
    story, kind = resolve_story(conn, story)
    members = [m.item for m in get_story(conn, story).members]
    layer = LAYER_OF[kind]
    chosen: dict[ItemId, None] = {}
    missing: list[str] = []
    for item in items:
        if item.layer != layer:
            raise _invalid(
                f"Story {story} groups {kind}s: every item to split off must have layer "
                f"{layer!r}, not {item.layer!r}."
            )
        found = [
            m
            for m in members
            if m[1] == item.layer and m[2] == item.position and m[0].startswith(item.article)
        ]
        if len(found) == 1:
            chosen[found[0]] = None
        else:
            missing.append(f"{item.article[:12]}:{item.layer}:{item.position}")
    if missing:
        raise _invalid(
            f"Not members of story {story}: {', '.join(missing)}. GET /stories/{story} lists "
            "its members (article id, layer and index)."
        )
    if len(chosen) == len(members):
        raise _invalid(
            f"Splitting every member out of story {story} would leave it empty: choose only the "
            "members that do not belong."
        )
    return story, list(chosen)
