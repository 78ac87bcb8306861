"""Grouping of events and figures from many articles into stories, one article at a time.

`StoryIndex.add` compares a new article's items only with the stories found in an index keyed
by (kind, PLOVER type or figure category, actor code, an event's month), so adding an article
costs an index lookup and a few comparisons, not a pass over everything stored. An item joins
a story only when it is compatible with every member compared (complete linkage: a chain of
near matches cannot drag two different happenings together) and agrees with them well enough
on average.
Within one article, each event story takes at most one event: the best-scoring pairs are
assigned first. `assign_stories` sorts a batch by publication date and article id and feeds
it to an index, so the same batch in any order gives the same stories and ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from sitrep.reconcile import events as ev
from sitrep.reconcile import figures as fg
from sitrep.reconcile.model import Comparison, MemberKey, Merge, Story, StoryKind, story_id
from sitrep.records import Analysis, Article, Record

IndexKey = tuple[str, str, str, str]
"""(kind, PLOVER type or figure category, actor code, month bucket of an event or '')."""
Item = TypeVar("Item", ev.EventItem, fg.FigureItem)


@dataclass(frozen=True)
class ReconcileOptions:
    """Thresholds of the grouping (calibrated on `shared/eval/realnews/dev.jsonl`)."""

    min_event_score: float = 1.5
    """Mean agreement an event needs with a story's members to join it."""
    min_figure_score: float = 0.5
    """Mean agreement a figure needs with a series' members to join it."""
    max_compared_members: int = 50
    """An item is compared with at most this many of a story's most recent members, so that
    long series do not make each addition slower."""


class Decision(Record):
    """What happened to one item on `StoryIndex.add`: the story it joined or started."""

    kind: StoryKind
    item: MemberKey
    story: str
    merge: Merge | None = None
    """The reasons when the item joined an existing story; None when it started one."""
    candidates: int = 0
    """How many stories the index offered for comparison."""


@dataclass
class _Group(Generic[Item]):
    id: str
    kind: StoryKind
    order: int
    members: list[Item] = field(default_factory=list)
    reasons: list[Merge] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


@dataclass
class _Option:
    score: float
    item: int
    order: int
    story: str
    merge: Merge


@dataclass
class Assignment:
    """Story ids of a batch's items, and the stories with their members and merge reasons."""

    events: dict[MemberKey, str]
    figures: dict[MemberKey, str]
    stories: list[Story]


def _story(group: _Group[Item]) -> Story:
    return Story(
        id=group.id,
        kind=group.kind,
        members=[m.key for m in group.members],
        reasons=list(group.reasons),
    )


def _published(article: Article, analysis: Analysis) -> date | None:
    return analysis.published or article.published


class StoryIndex:
    """Stories so far, and the index that finds candidate stories for a new article's items."""

    def __init__(self, options: ReconcileOptions | None = None) -> None:
        self.options = options or ReconcileOptions()
        self._events: dict[str, _Group[ev.EventItem]] = {}
        self._figures: dict[str, _Group[fg.FigureItem]] = {}
        self._index: dict[IndexKey, list[str]] = {}
        self._member_story: dict[tuple[StoryKind, MemberKey], str] = {}
        self._created = 0
        self.comparisons = 0
        """Item-to-member comparisons made so far (the cost of grouping)."""

    def add(self, article: Article, analysis: Analysis) -> list[Decision]:
        """Group the events and figures of one analysed article; one decision per item."""
        published = _published(article, analysis)
        event_items = [
            ev.event_item(article, published, i, e) for i, e in enumerate(analysis.events)
        ]
        figure_items = [
            fg.figure_item(article, published, i, f) for i, f in enumerate(analysis.figures)
        ]
        decisions = self._add_events(article.id, event_items)
        decisions.extend(self._add_figures(figure_items))
        return decisions

    def story_of(self, kind: StoryKind, key: MemberKey) -> str | None:
        """The id of the story that holds item `key` of `kind`, if it was added."""
        return self._member_story.get((kind, key))

    def stories(self) -> list[Story]:
        """All stories, events first, each kind in the order its stories were started."""
        events = [_story(g) for g in sorted(self._events.values(), key=lambda g: g.order)]
        figures = [_story(g) for g in sorted(self._figures.values(), key=lambda g: g.order)]
        return events + figures

    # --- internals ---------------------------------------------------------------------------

    def _candidates(self, keys: Iterable[IndexKey]) -> list[str]:
        found: dict[str, None] = {}
        for key in keys:
            for story in self._index.get(key, ()):
                found[story] = None
        return list(found)

    def _register(self, story: str, keys: Iterable[IndexKey]) -> None:
        for key in keys:
            bucket = self._index.setdefault(key, [])
            if story not in bucket:
                bucket.append(story)

    def _against(
        self,
        item: Item,
        group: _Group[Item],
        compare: Callable[[Item, Item], Comparison],
    ) -> Merge | None:
        """The merge of `item` into `group`, if it is compatible with every member compared."""
        compared = group.members[-self.options.max_compared_members :]
        best: tuple[float, Item, Comparison] | None = None
        total = 0.0
        for member in compared:
            self.comparisons += 1
            result = compare(member, item)
            if not result.compatible:
                return None
            total += result.score
            if best is None or result.score > best[0]:
                best = (result.score, member, result)
        if best is None:
            return None
        return Merge(
            a=best[1].key, b=item.key, fields=best[2].fields, score=round(total / len(compared), 3)
        )

    def _start(self, kind: StoryKind, item: Item, groups: dict[str, _Group[Item]]) -> str:
        story = story_id(kind, item.key)
        groups[story] = _Group(story, kind, self._created)
        self._created += 1
        return story

    def _join(
        self, kind: StoryKind, groups: dict[str, _Group[Item]], story: str, item: Item
    ) -> None:
        group = groups[story]
        group.members.append(item)
        group.articles.add(item.key[0])
        self._member_story[(kind, item.key)] = story

    def _add_events(self, article_id: str, items: Sequence[ev.EventItem]) -> list[Decision]:
        groups = self._events
        options: list[_Option] = []
        offered: dict[int, int] = {}
        for i, item in enumerate(items):
            if not item.linkable:
                continue
            candidates = self._candidates(ev.lookup_keys(item))
            offered[i] = len(candidates)
            for story in candidates:
                group = groups[story]
                if article_id in group.articles:
                    continue
                merge = self._against(item, group, ev.compare_events)
                if merge is not None and merge.score >= self.options.min_event_score:
                    options.append(_Option(merge.score, i, group.order, story, merge))
        options.sort(key=lambda o: (-o.score, o.item, o.order))
        chosen: dict[int, _Option] = {}
        taken: set[str] = set()
        for option in options:
            if option.item in chosen or option.story in taken:
                continue
            chosen[option.item] = option
            taken.add(option.story)
        decisions: list[Decision] = []
        for i, item in enumerate(items):
            picked = chosen.get(i)
            if picked is None:
                story = self._start("event", item, groups)
            else:
                story = picked.story
                groups[story].reasons.append(picked.merge)
            self._join("event", groups, story, item)
            self._register(story, ev.index_keys(item))
            decisions.append(
                Decision(
                    kind="event",
                    item=item.key,
                    story=story,
                    merge=picked.merge if picked else None,
                    candidates=offered.get(i, 0),
                )
            )
        return decisions

    def _add_figures(self, items: Sequence[fg.FigureItem]) -> list[Decision]:
        groups = self._figures
        decisions: list[Decision] = []
        for item in items:
            candidates = self._candidates(fg.index_keys(item))
            best: tuple[float, int, str, Merge] | None = None
            for story in candidates:
                group = groups[story]
                merge = self._against(item, group, fg.compare_figures)
                if merge is None or merge.score < self.options.min_figure_score:
                    continue
                rank = (-merge.score, group.order)
                if best is None or rank < (-best[0], best[1]):
                    best = (merge.score, group.order, story, merge)
            if best is None:
                story = self._start("figure", item, groups)
                merge_made = None
            else:
                story, merge_made = best[2], best[3]
                groups[story].reasons.append(merge_made)
            self._join("figure", groups, story, item)
            self._register(story, fg.index_keys(item))
            decisions.append(
                Decision(
                    kind="figure",
                    item=item.key,
                    story=story,
                    merge=merge_made,
                    candidates=len(candidates),
                )
            )
        return decisions


def _batch_order(pair: tuple[Article, Analysis]) -> tuple[bool, date, str]:
    published = _published(*pair)
    return (published is None, published or date.min, pair[0].id)


def assign_stories(
    analysed: Sequence[tuple[Article, Analysis]], options: ReconcileOptions | None = None
) -> Assignment:
    """Group a batch's events and figures into stories (deterministic, whatever the order).

    Articles are added oldest first (undated last, ties by id), so each story's id comes from
    its earliest member.
    """
    index = StoryIndex(options)
    events: dict[MemberKey, str] = {}
    figures: dict[MemberKey, str] = {}
    for article, analysis in sorted(analysed, key=_batch_order):
        for decision in index.add(article, analysis):
            (events if decision.kind == "event" else figures)[decision.item] = decision.story
    return Assignment(events=events, figures=figures, stories=index.stories())
