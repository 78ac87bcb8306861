"""Stories for the API: every stored analysis grouped by `sitrep.reconcile`, kept until the
store changes.

Stories are not stored yet (issue 7 stores them); the API computes them over all analyses,
which at the demo's scale takes milliseconds, and recomputes when the number of analyses or the
latest analysis time changes. Figure stories carry the conflicts `reconcile.agreement` finds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.api.models import (
    ArticleRef,
    StoryConflict,
    StoryDetail,
    StoryMember,
    StoryMerge,
    StorySummary,
)
from sitrep.errors import NotFoundError
from sitrep.records import Analysis, Article
from sitrep.store import get_analysis, get_article
from sitrep.store.engine import database_errors
from sitrep.store.schema import analyses

MemberKey = tuple[str, int]


@dataclass
class StoryBook:
    """All stories of one state of the store, with summaries and member lookups."""

    analysed: dict[str, tuple[Article, Analysis]] = field(default_factory=dict)
    events: dict[MemberKey, str] = field(default_factory=dict)
    figures: dict[MemberKey, str] = field(default_factory=dict)
    summaries: dict[str, StorySummary] = field(default_factory=dict)
    details: dict[str, StoryDetail] = field(default_factory=dict)

    def event_stories(self, article_id: str, count: int) -> list[str | None]:
        return [self.events.get((article_id, i)) for i in range(count)]

    def figure_stories(self, article_id: str, count: int) -> list[str | None]:
        return [self.figures.get((article_id, i)) for i in range(count)]

    def detail(self, story_id: str) -> StoryDetail:
        found = self.details.get(story_id)
        if found is None:
            raise NotFoundError(
                "No story with this id. Story ids look like ev-1a2b3c4d or fig-1a2b3c4d; "
                "list them with GET /stories."
            )
        return found


def _ref(article: Article) -> ArticleRef:
    return ArticleRef(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
    )


def _label(member: StoryMember) -> str:
    if member.event is not None:
        event = member.event
        who = ",".join(event.actor) or "?"
        whom = ",".join(event.recipient)
        return f"{event.type} {who}" + (f" → {whom}" if whom else "")
    assert member.figure is not None
    figure = member.figure
    return f"{figure.category} of {','.join(figure.actor) or '?'}"


def _build(analysed: dict[str, tuple[Article, Analysis]]) -> StoryBook:
    from sitrep.reconcile import assign_stories
    from sitrep.reconcile.agreement import claims_of, conflicts

    pairs = list(analysed.values())
    assignment = assign_stories(pairs)
    book = StoryBook(analysed=analysed, events=assignment.events, figures=assignment.figures)
    for story in assignment.stories:
        members: list[StoryMember] = []
        position: dict[MemberKey, int] = {}
        for key in story.members:
            article, analysis = analysed[key[0]]
            position[key] = len(members)
            if story.kind == "event":
                item = StoryMember(
                    article=_ref(article), index=key[1], event=analysis.events[key[1]]
                )
            else:
                item = StoryMember(
                    article=_ref(article), index=key[1], figure=analysis.figures[key[1]]
                )
            members.append(item)
        reasons = [
            StoryMerge(a=position[m.a], b=position[m.b], fields=dict(m.fields), score=m.score)
            for m in story.reasons
            if m.a in position and m.b in position
        ]
        found: list[StoryConflict] = []
        values: list[float] = []
        if story.kind == "figure":
            for pair in conflicts(claims_of(story, pairs)):
                found.append(StoryConflict(a=position[pair.a.key], b=position[pair.b.key]))
            for member in members:
                assert member.figure is not None
                values.append(member.figure.value)
                if member.figure.value_max is not None:
                    values.append(member.figure.value_max)
        days = sorted(d for d in (m.article.published for m in members) if d is not None)
        summary = StorySummary(
            id=story.id,
            kind=story.kind,
            label=_label(members[0]),
            members=len(members),
            articles=len({m.article.id for m in members}),
            outlets=sorted({m.article.outlet for m in members if m.article.outlet}),
            first_published=days[0] if days else None,
            last_published=days[-1] if days else None,
            value_min=min(values) if values else None,
            value_max=max(values) if values else None,
            conflicts=len(found),
        )
        book.summaries[story.id] = summary
        book.details[story.id] = StoryDetail(
            story=summary, members=members, reasons=reasons, conflicts=found
        )
    return book


class StoryCache:
    """The `StoryBook` of the store's current state, rebuilt when analyses are added or redone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._book: StoryBook | None = None

    def book(self, conn: Connection) -> StoryBook:
        with database_errors("Reading the analyses for stories"):
            count, latest = conn.execute(
                sa.select(sa.func.count(), sa.func.max(analyses.c.analysed_at))
            ).one()
        key = (int(count), str(latest))
        with self._lock:
            if self._book is not None and self._key == key:
                return self._book
            ids = list(conn.execute(sa.select(analyses.c.article_id)).scalars())
            analysed: dict[str, tuple[Article, Analysis]] = {}
            for article_id in sorted(ids):
                analysis = get_analysis(conn, article_id)
                if analysis is not None:
                    analysed[article_id] = (get_article(conn, article_id), analysis)
            self._book = _build(analysed)
            self._key = key
            return self._book


def story_sort_key(summary: StorySummary) -> tuple[int, int, bool, date, str]:
    """Most reported first, then oldest first, then id: a stable order for pages."""
    return (
        -summary.articles,
        -summary.members,
        summary.first_published is None,
        summary.first_published or date.min,
        summary.id,
    )
