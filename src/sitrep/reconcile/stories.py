"""Grouping of events and figures from many articles into stories, one article at a time.

`StoryIndex.add` compares a new article's items only with the stories found in an index keyed
by (kind, PLOVER type or figure category, actor code, an event's month), so adding an article
costs an index lookup and a few comparisons, not a pass over everything stored. An item joins
a story only when it is compatible with every member compared (complete linkage: a chain of
near matches cannot drag two different happenings together) and agrees with them well enough
on average. An event story's dated members date its undated ones (`events.compare_in_story`):
a report weeks later that recalls the dated happening joins the undated reports of it too.
Within one article, each event story takes at most one event: the best-scoring pairs are
assigned first. `assign_stories` sorts a batch by publication date and article id and feeds
it to an index, so the same batch in any order gives the same stories and ids.

An index need not hold every story: `restore` loads just the stories a new article could join
(the store's incremental update does this), and `Constraints` carry a user's decisions: an
item that must share a story with another joins it; one that cannot never joins its story.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

from sitrep.reconcile import events as ev
from sitrep.reconcile import figures as fg
from sitrep.reconcile.model import (
    Comparison,
    FieldValue,
    MemberKey,
    Merge,
    Story,
    StoryKind,
    points_text,
    story_id,
)
from sitrep.records import Analysis, Article, Record

IndexKey = tuple[str, str, str, str]
"""(kind, PLOVER type or figure category, actor code, month bucket of an event or '')."""
Item = TypeVar("Item", ev.EventItem, fg.FigureItem)
ItemRef = tuple[StoryKind, MemberKey]
"""An item of either layer: events and figures of one article have overlapping positions."""


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
    by: Literal["auto", "user"] = "auto"
    """"user" when a must-link constraint placed the item, "auto" when the grouping did."""


@dataclass(frozen=True)
class Constraints:
    """A user's decisions that bind where the items of the article being added go.

    Keys are items of that article; values are the items they must (or must not) share a story
    with, either members the index knows (added or restored) or other items of the same article.
    A must-link wins over the grouping's thresholds; a cannot-link wins over a must-link.
    """

    must: Mapping[ItemRef, Sequence[MemberKey]] = field(default_factory=dict)
    cannot: Mapping[ItemRef, Sequence[MemberKey]] = field(default_factory=dict)


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


def items_of(
    article: Article, analysis: Analysis
) -> tuple[list[ev.EventItem], list[fg.FigureItem]]:
    """The comparable forms of an analysed article's events and figures, in their order."""
    published = _published(article, analysis)
    return (
        [ev.event_item(article, published, i, e) for i, e in enumerate(analysis.events)],
        [fg.figure_item(article, published, i, f) for i, f in enumerate(analysis.figures)],
    )


_NO_CONSTRAINTS = Constraints()


class StoryIndex:
    """Stories so far, and the index that finds candidate stories for a new article's items."""

    def __init__(
        self,
        options: ReconcileOptions | None = None,
        *,
        first_order: int = 0,
        taken: Callable[[str], bool] | None = None,
    ) -> None:
        """`first_order` numbers the stories this index starts; `taken` says whether a story
        id is used elsewhere (by a stored story the index did not load), so it is not reused."""
        self.options = options or ReconcileOptions()
        self._events: dict[str, _Group[ev.EventItem]] = {}
        self._figures: dict[str, _Group[fg.FigureItem]] = {}
        self._index: dict[IndexKey, list[str]] = {}
        self._member_story: dict[ItemRef, str] = {}
        self._created = first_order
        self._taken = taken
        self.comparisons = 0
        """Item-to-member comparisons made so far (the cost of grouping)."""

    def add(
        self, article: Article, analysis: Analysis, constraints: Constraints | None = None
    ) -> list[Decision]:
        """Group the events and figures of one analysed article; one decision per item."""
        event_items, figure_items = items_of(article, analysis)
        return self.add_items(article.id, event_items, figure_items, constraints)

    def add_items(
        self,
        article_id: str,
        event_items: Sequence[ev.EventItem],
        figure_items: Sequence[fg.FigureItem],
        constraints: Constraints | None = None,
    ) -> list[Decision]:
        """`add` for items already made comparable (`items_of`)."""
        rules = constraints or _NO_CONSTRAINTS
        decisions = self._add_events(article_id, event_items, rules)
        decisions.extend(self._add_figures(figure_items, rules))
        return decisions

    def restore(
        self,
        kind: StoryKind,
        story: str,
        order: int,
        members: Sequence[ev.EventItem] | Sequence[fg.FigureItem],
        keys: Iterable[IndexKey],
        known: Iterable[MemberKey] = (),
    ) -> None:
        """Load a stored story: its most recent `members` (oldest first), the index keys under
        which it is filed, and other members (`known`) that constraints may name."""
        if kind == "event":
            events = _Group[ev.EventItem](story, kind, order)
            for item in members:
                assert isinstance(item, ev.EventItem)
                self._join(kind, events, item)
            self._events[story] = events
        else:
            figures = _Group[fg.FigureItem](story, kind, order)
            for item in members:
                assert isinstance(item, fg.FigureItem)
                self._join(kind, figures, item)
            self._figures[story] = figures
        for key in known:
            self._member_story[(kind, key)] = story
        self._register(story, keys)

    def story_of(self, kind: StoryKind, key: MemberKey) -> str | None:
        """The id of the story that holds item `key` of `kind`, if it was added."""
        return self._member_story.get((kind, key))

    def order_of(self, kind: StoryKind, story: str) -> int:
        """The rank of a story among those started (its `created_order` in the store)."""
        groups: Mapping[str, _Group[ev.EventItem] | _Group[fg.FigureItem]]
        groups = self._events if kind == "event" else self._figures
        return groups[story].order

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
        fields = dict(best[2].fields)
        if best[2].points:
            fields["points"] = points_text(best[2].points)
        return Merge(
            a=best[1].key, b=item.key, fields=fields, score=round(total / len(compared), 3)
        )

    def _in_story(
        self, group: _Group[ev.EventItem]
    ) -> Callable[[ev.EventItem, ev.EventItem], Comparison]:
        """How an event compares with the members of `group`: dated by the story's date."""
        dating = ev.story_date(group.members[-self.options.max_compared_members :])
        return lambda member, item: ev.compare_in_story(member, item, dating)

    def _is_taken(self, story: str) -> bool:
        if story in self._events or story in self._figures:
            return True
        return self._taken is not None and self._taken(story)

    def _start(self, kind: StoryKind, item: Item, groups: dict[str, _Group[Item]]) -> str:
        salt = 0
        story = story_id(kind, item.key)
        while self._is_taken(story):
            salt += 1
            story = story_id(kind, item.key, salt)
        groups[story] = _Group(story, kind, self._created)
        self._created += 1
        return story

    def _join(self, kind: StoryKind, group: _Group[Item], item: Item) -> None:
        group.members.append(item)
        group.articles.add(item.key[0])
        self._member_story[(kind, item.key)] = group.id

    def _stories_of(self, kind: StoryKind, keys: Iterable[MemberKey]) -> list[str]:
        found = (self._member_story.get((kind, key)) for key in keys)
        return list(dict.fromkeys(story for story in found if story is not None))

    def _must_join(
        self,
        kind: StoryKind,
        item: Item,
        groups: dict[str, _Group[Item]],
        rules: Constraints,
        compare: Callable[[Item, Item], Comparison],
    ) -> tuple[str, Merge] | None:
        """The story a must-link sends `item` to, with the merge recorded for it, if any."""
        ref = (kind, item.key)
        forbidden = set(self._stories_of(kind, rules.cannot.get(ref, ())))
        for partner in rules.must.get(ref, ()):
            story = self._member_story.get((kind, partner))
            if story is None or story in forbidden or story not in groups:
                continue
            found = self._against(item, groups[story], compare)
            fields: dict[str, FieldValue] = {"user": "must", **(found.fields if found else {})}
            score = found.score if found else 0.0
            return story, Merge(a=partner, b=item.key, fields=fields, score=score)
        return None

    def _add_events(
        self, article_id: str, items: Sequence[ev.EventItem], rules: Constraints
    ) -> list[Decision]:
        groups = self._events
        options: list[_Option] = []
        offered: dict[int, int] = {}
        chosen: dict[int, _Option] = {}
        followers: set[int] = set()
        for i, item in enumerate(items):
            ref: ItemRef = ("event", item.key)
            forced = self._must_join("event", item, groups, rules, ev.compare_events)
            if forced is not None:
                chosen[i] = _Option(forced[1].score, i, groups[forced[0]].order, *forced)
                continue
            if any(p[0] == article_id and p[1] < i for p in rules.must.get(ref, ())):
                followers.add(i)  # placed with an earlier item of this article, below
                continue
            if not item.linkable:
                continue
            forbidden = set(self._stories_of("event", rules.cannot.get(ref, ())))
            candidates = self._candidates(ev.lookup_keys(item))
            offered[i] = len(candidates)
            for story in candidates:
                group = groups[story]
                if article_id in group.articles or story in forbidden:
                    continue
                merge = self._against(item, group, self._in_story(group))
                if merge is not None and merge.score >= self.options.min_event_score:
                    options.append(_Option(merge.score, i, group.order, story, merge))
        options.sort(key=lambda o: (-o.score, o.item, o.order))
        taken: set[str] = {o.story for o in chosen.values()}
        forced_items = set(chosen)
        for option in options:
            if option.item in chosen or option.story in taken:
                continue
            chosen[option.item] = option
            taken.add(option.story)
        decisions: list[Decision] = []
        for i, item in enumerate(items):
            picked = chosen.get(i)
            by: Literal["auto", "user"] = "user" if i in forced_items else "auto"
            if i in followers:
                picked = self._follow("event", item, rules)
                by = "user" if picked else "auto"
            if picked is None:
                story = self._start("event", item, groups)
            else:
                story = picked.story
                groups[story].reasons.append(picked.merge)
            self._join("event", groups[story], item)
            self._register(story, ev.index_keys(item))
            decisions.append(
                Decision(
                    kind="event",
                    item=item.key,
                    story=story,
                    merge=picked.merge if picked else None,
                    candidates=offered.get(i, 0),
                    by=by,
                )
            )
        return decisions

    def _follow(self, kind: StoryKind, item: Item, rules: Constraints) -> _Option | None:
        """The story of an earlier item of the same article that `item` must share."""
        ref = (kind, item.key)
        forbidden = set(self._stories_of(kind, rules.cannot.get(ref, ())))
        for partner in rules.must.get(ref, ()):
            story = self._member_story.get((kind, partner))
            if story is not None and story not in forbidden:
                merge = Merge(a=partner, b=item.key, fields={"user": "must"}, score=0.0)
                return _Option(0.0, item.key[1], 0, story, merge)
        return None

    def _add_figures(self, items: Sequence[fg.FigureItem], rules: Constraints) -> list[Decision]:
        groups = self._figures
        decisions: list[Decision] = []
        for item in items:
            candidates: list[str] = []
            forced = self._must_join("figure", item, groups, rules, fg.compare_figures)
            best: tuple[float, int, str, Merge] | None = None
            if forced is None:
                forbidden = set(
                    self._stories_of("figure", rules.cannot.get(("figure", item.key), ()))
                )
                candidates = self._candidates(fg.index_keys(item))
                for story in candidates:
                    if story in forbidden:
                        continue
                    group = groups[story]
                    merge = self._against(item, group, fg.compare_figures)
                    if merge is None or merge.score < self.options.min_figure_score:
                        continue
                    rank = (-merge.score, group.order)
                    if best is None or rank < (-best[0], best[1]):
                        best = (merge.score, group.order, story, merge)
            else:
                best = (forced[1].score, groups[forced[0]].order, *forced)
            if best is None:
                story = self._start("figure", item, groups)
                merge_made = None
            else:
                story, merge_made = best[2], best[3]
                groups[story].reasons.append(merge_made)
            self._join("figure", groups[story], item)
            self._register(story, fg.index_keys(item))
            decisions.append(
                Decision(
                    kind="figure",
                    item=item.key,
                    story=story,
                    merge=merge_made,
                    candidates=len(candidates),
                    by="user" if forced is not None else "auto",
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
