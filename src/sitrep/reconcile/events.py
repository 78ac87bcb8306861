"""Whether two events from different reports describe the same happening, and how surely.

Hard rules keep different happenings apart (precision matters more than recall: merging two
attacks is worse than listing one attack twice): the PLOVER types must agree, the actors must
overlap, known recipients must overlap, known modes must agree, plans must not join facts, and
the dates must be compatible given their granularity. What the event date does not settle, the
publication dates do: two undated reports of one happening appear within `UNDATED_WINDOW_DAYS`.
A background mention that carries its own date ("the treaty signed in June 2024", in a 2025
report) is compared by that date, so it joins the original event's story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.reconcile.cues import DEPLOYMENT_HEADS, content_words, has_increment_cue, words
from sitrep.reconcile.model import Comparison, FieldValue, MemberKey, blocked
from sitrep.reconcile.timespan import Interval, interval_of
from sitrep.records import Article, Event

COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset()
"""Pairs of different PLOVER types that may still report one happening. Empty on purpose: on
the real-news dev set the pairs that co-occur (an arms deal coded AID by one outlet and
COOPERATE by another) are as often different happenings, and a wrong merge costs more."""

UNDATED_WINDOW_DAYS = 21
"""Two reports of one happening without an event date are published at most this far apart
(news of a capture or a strike runs for days, not months; ongoing situations that run for
months are left as several stories rather than risk merging distinct happenings)."""

COARSE_DAYS = 31
"""A date spanning more days than this (a season, a year) cannot vouch for an undated report."""

PLAN_WINDOW_DAYS = 7
"""A plan and the deed ("agreed to impose sanctions", "imposed sanctions") are one happening only
when reported this close together without dates (otherwise a plan and what came of it months
later stay apart)."""

PLAN_MIN_OVERLAP = 0.25
"""...and only when their evidence shares this share of its content words."""

ADJACENT_DAYS = 1
"""Day-precise dates this far apart still match (outlets date overnight events differently)."""

INCREMENT_TYPES = frozenset({"AID", "MOBILIZE"})
"""Types where "additional" / "another" marks a new happening (a second deployment)."""

_STATUS_CLASS: dict[str, str | None] = {
    "factual": "reported",
    "alleged": "reported",
    "denied": "reported",
    "future": "future",
    "hypothetical": None,
    "negated": None,
}
"""Statuses that may share a story; hypothetical and negated events report no happening."""


@dataclass(frozen=True)
class EventItem:
    """An event with what grouping compares, computed once."""

    key: MemberKey
    event: Event
    published: date | None
    interval: Interval | None
    status_class: str | None
    actors: frozenset[str]
    recipients: frozenset[str]
    increment: bool
    words: frozenset[str]

    @property
    def linkable(self) -> bool:
        """Whether the event can join a story at all (it has an actor and reports a happening)."""
        return bool(self.actors) and self.status_class is not None


def event_item(article: Article, published: date | None, index: int, event: Event) -> EventItem:
    """The comparable form of event `index` of `article`."""
    dated = event.date if event.date_source != "published" else None
    evidence = event.evidence.text
    return EventItem(
        key=(article.id, index),
        event=event,
        published=published,
        interval=interval_of(dated),
        status_class=_STATUS_CLASS.get(event.status),
        actors=frozenset(code.upper() for code in event.actor),
        recipients=frozenset(code.upper() for code in event.recipient),
        increment=event.type in INCREMENT_TYPES
        and has_increment_cue(words(evidence), DEPLOYMENT_HEADS),
        words=content_words(evidence),
    )


WIDE_BUCKET = "wide"
"""Index bucket of events whose date spans more than `_MAX_BUCKET_DAYS` (a decade)."""

_MAX_BUCKET_DAYS = 400


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _core(item: EventItem) -> Interval | None:
    if item.interval is not None:
        return item.interval
    if item.published is not None:
        return Interval(item.published, item.published)
    return None


def _buckets(item: EventItem, margin: int) -> list[str]:
    core = _core(item)
    if core is None or core.days > _MAX_BUCKET_DAYS:
        return [WIDE_BUCKET]
    reach = timedelta(days=margin)
    return _months(core.start - reach, core.end + reach)


def index_keys(item: EventItem) -> list[tuple[str, str, str, str]]:
    """Keys under which the event's story is filed: (kind, type, actor code, month).

    The month is that of the event date, or of the report when the event is undated; a lookup
    (`lookup_keys`) reaches as many days around the item as any compatible date could lie.
    """
    return [
        ("event", item.event.type, code, bucket)
        for code in sorted(item.actors)
        for bucket in _buckets(item, 0)
    ]


def lookup_keys(item: EventItem) -> list[tuple[str, str, str, str]]:
    """Keys of every story an event could join: its months widened by the date windows."""
    margin = max(UNDATED_WINDOW_DAYS, PLAN_WINDOW_DAYS, ADJACENT_DAYS)
    buckets = [*_buckets(item, margin), WIDE_BUCKET]
    return [
        ("event", item.event.type, code, bucket)
        for code in sorted(item.actors)
        for bucket in dict.fromkeys(buckets)
    ]


def _types_agree(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _compare_dates(a: EventItem, b: EventItem) -> tuple[bool, float, str]:
    """Whether the dates allow one happening, a score for it, and how they matched."""
    if a.interval is not None and b.interval is not None:
        x, y = a.interval, b.interval
        if x == y:
            return True, 1.0, str(a.event.date)
        if x.overlaps(y):
            # Containment ("2025-01" and "2025-01-09") is weaker the coarser the outer date.
            outer = max(x.days, y.days)
            return True, 0.8 if outer <= 31 else 0.4, f"{a.event.date} ~ {b.event.date}"
        if x.days == 1 and y.days == 1 and x.gap_days(y) <= ADJACENT_DAYS:
            return True, 0.3, f"{a.event.date} ≈ {b.event.date}"
        return False, 0.0, f"{a.event.date} ≠ {b.event.date}"
    if a.published is None or b.published is None:
        return True, -0.3, "unknown"
    if a.interval is None and b.interval is None:
        gap = abs((a.published - b.published).days)
        if gap <= UNDATED_WINDOW_DAYS:
            return True, 0.0, f"undated, published {gap} days apart"
        return False, 0.0, f"undated, published {gap} days apart"
    dated, undated = (a, b) if a.interval is not None else (b, a)
    assert dated.interval is not None and undated.published is not None
    if dated.interval.days > COARSE_DAYS:
        # "in 2024" says too little to place an undated report in the same happening.
        return False, 0.0, f"{dated.event.date} too coarse for an undated report"
    gap = dated.interval.gap_days(Interval(undated.published, undated.published))
    if gap <= UNDATED_WINDOW_DAYS:
        return True, 0.0, f"{dated.event.date} ~ undated report of {undated.published}"
    return False, 0.0, f"{dated.event.date} far from undated report of {undated.published}"


def _plan_meets_deed(a: EventItem, b: EventItem) -> bool:
    if a.interval is not None and b.interval is not None:
        return a.interval == b.interval and a.interval.days == 1
    if a.interval is not None or b.interval is not None:
        return False
    if a.published is None or b.published is None:
        return False
    return abs((a.published - b.published).days) <= PLAN_WINDOW_DAYS


def compare_events(a: EventItem, b: EventItem) -> Comparison:
    """How far events `a` and `b` (of different articles) agree on being one happening."""
    ea, eb = a.event, b.event
    if not (a.linkable and b.linkable):
        return blocked("status" if a.actors and b.actors else "actor")
    if not _types_agree(ea.type, eb.type):
        return blocked("type")
    shared = a.actors & b.actors
    if not shared:
        return blocked("actor")
    if a.recipients and b.recipients and not a.recipients & b.recipients:
        return blocked("recipient")
    if ea.mode != eb.mode:
        # A mode says what kind of assault or visit it was ("abduct"): an event without one is
        # a different, vaguer report (fighting in general, not the capture).
        return blocked("mode")
    if a.increment != b.increment:
        return blocked("increment")
    dates_ok, date_score, date_text = _compare_dates(a, b)
    if not dates_ok:
        return blocked("date")
    if a.status_class != b.status_class and not (
        _plan_meets_deed(a, b) and _jaccard(a.words, b.words) >= PLAN_MIN_OVERLAP
    ):
        return blocked("status")

    fields: dict[str, FieldValue] = {"type": ea.type, "actor": ",".join(sorted(shared))}
    score = _jaccard(a.actors, b.actors) + date_score
    if a.recipients and b.recipients:
        fields["recipient"] = ",".join(sorted(a.recipients & b.recipients))
        score += _jaccard(a.recipients, b.recipients)
    elif a.recipients or b.recipients:
        fields["recipient"] = "one side unknown"
    else:
        score += 0.5
    fields["date"] = date_text
    if a.status_class != b.status_class:
        fields["status"] = f"{ea.status} ~ {eb.status}"
        score -= 0.5
    if ea.mode and ea.mode == eb.mode:
        fields["mode"] = ea.mode
        score += 0.5
    if ea.country and eb.country:
        fields["country"] = ea.country == eb.country
        score += 0.5 if ea.country == eb.country else -1.0
    if ea.place and eb.place and ea.place.lower() == eb.place.lower():
        fields["place"] = ea.place
        score += 0.3
    overlap = _jaccard(a.words, b.words)
    if overlap:
        fields["evidence"] = f"{overlap:.2f}"
        score += 2.0 * overlap
    return Comparison(True, round(score, 3), fields)
