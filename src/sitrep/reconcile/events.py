"""Whether two events from different reports describe the same happening, and how surely.

Hard rules keep different happenings apart (precision matters more than recall: merging two
attacks is worse than listing one attack twice): the PLOVER types must agree, the actors must
overlap, known recipients must overlap, known modes must agree, plans must not join facts, and
the dates must be compatible given their granularity; a dated and an undated report must also
share their status (factual, alleged...), and a report of a happening cannot be published before
it began. What the event date does not settle, the publication dates do: two undated reports of
one happening appear within `UNDATED_WINDOW_DAYS`, unless a dated report in their story vouches
for the date of both (`compare_in_story`: a month holds the story's day, and a year holds the
day of a treaty's signing, which two parties do once).
A background mention that carries its own date ("the treaty signed in June 2024", in a 2025
report) is compared by that date, so it joins the original event's story.

Exceptions reach further back, each on strong evidence rather than on the dates alone: an
undated mention of a past, dated happening ("signed a defence pact with Kim", months after the
signing) joins it when the trigger and evidence words agree and the mention is not prospective
("preparing to launch" recalls no launch; `is_background`), and undated
reports of fighting between exactly the same sides, with no mode, are one ongoing situation
(`is_ongoing`: the losses of North Korean troops in Kursk, reported for months), which a report
dated to the month it began ("the August offensive") anchors. A force told as fighting beside a
named partner ("North Korean troops fighting alongside Russian units") takes part in the
partner's fighting: it is compared by the partner's side, not its own; ground taken whole
("regained full control of the region") ends the fighting and joins none of it (`is_concluded`).
Two undated reports of a plan reach as far when told in the same words (`is_recalled_plan`), and
weeks apart when both say more troops are being readied (`is_pending_increment`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypedDict

from sitrep.nlp.cues import (
    DEPLOYMENT_HEADS,
    EVENT_HEADS,
    RECOVERING_VERBS,
    TAKING_VERBS,
    WAR_WORDS,
    content_words,
    has_increment_cue,
    tokens,
    words,
)
from sitrep.nlp.gazetteer import default_gazetteer
from sitrep.reconcile.model import Comparison, FieldValue, MemberKey, blocked
from sitrep.reconcile.timespan import Interval, interval_of
from sitrep.records import Article, Event, TextSpan

COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset()
"""Pairs of different PLOVER types that may still report one happening. Empty on purpose: on
the real-news dev set the pairs that co-occur (an arms deal coded AID by one outlet and
COOPERATE by another) are as often different happenings, and a wrong merge costs more."""

UNDATED_WINDOW_DAYS = 21
"""Two reports of one happening without an event date are published at most this far apart
(news of a capture or a strike runs for days, not months; ongoing situations that run for
months are left as several stories rather than risk merging distinct happenings)."""

COARSE_DAYS = 7
"""A date spanning more days than this (a month, a year) cannot vouch for an undated report:
a month holds many deployments or attacks between the same sides, and a report published
near it, without a date of its own, may tell of any of them (on the gold events of the
real-news dev set, none of the 15 month-dated events that an undated report published within
`UNDATED_WINDOW_DAYS` could join was the same happening). Such a report still joins a
month-dated happening that it recalls in the same words (`is_background`)."""

VOUCHED_MAX_DAYS = 31
"""The coarsest date of a new report that a story's narrower date may stand for when the report
is compared with the story's undated members (a month; not a season or a year: a year holds
many captures or strikes between the same sides)..."""

SIGNING_VOUCHED_MAX_DAYS = 366
"""...but a year for the signing of a treaty, which the same parties do once ("the pact they
signed in 2024", of the treaty the story dates to June 19th and an undated report recalls)."""

PLAN_WINDOW_DAYS = 7
"""A plan and the deed ("agreed to impose sanctions", "imposed sanctions") are one happening only
when reported this close together without dates (otherwise a plan and what came of it months
later stay apart)."""

PLAN_RECALL_OVERLAP = 0.3
"""Share of content words two undated reports of a plan need to be one plan told again months
apart (the plan's numbers and purpose repeated: "1,000 sappers to clear mines")."""

PLAN_MIN_OVERLAP = 0.25
"""...and only when their evidence shares this share of its content words."""

ADJACENT_DAYS = 1
"""Day-precise dates this far apart still match (outlets date overnight events differently)."""

BACKGROUND_WINDOW_DAYS = 730
"""An undated mention of a dated happening is published at most this long after it (background
paragraphs recall last year's treaty well into the next; beyond that it is more likely another
happening). The trigger and the evidence words must agree as well (`is_background`)."""

PLAN_RECALL_WINDOW_DAYS = 400
"""Two undated reports of one plan are published at most this far apart (`is_recalled_plan`)."""

PENDING_WINDOW_DAYS = 60
"""Two undated reports that more troops are being readied are published at most this far apart
to tell of one reinforcement (`is_pending_increment`): one in preparation is sent, or dropped,
within weeks, and a report months later of "another" contingent is of the next one (a third
deployment after a second)."""

PENDING_STATUSES = frozenset({"future", "alleged"})
"""Statuses of a reinforcement not yet carried out: planned, or suspected to be prepared."""

BACKGROUND_MAX_DAYS = 366
"""A dated happening that an undated mention may recall is dated to the year or finer."""

BACKGROUND_MIN_OVERLAP = 0.12
"""...and the mention shares at least this share of its content words with each report of it
(on the real-news dev set, recalls of the Russia-North Korea treaty share 0.14 to 0.35; the
same trigger word is required as well)."""

ONGOING_TYPES = frozenset({"ASSAULT"})
"""Types whose undated reports without a mode, between the same sides, are one ongoing
situation: the fighting itself, not a strike or a capture (those carry a mode or a date)."""

ONGOING_STATUSES = frozenset({"factual", "alleged"})
"""Statuses of reports that may tell of one ongoing situation: a source's hedged account of the
fighting ("suffering heavy losses, according to Seoul") is of the same fighting as a plain one."""

ALLY_CUES = frozenset({"alongside", "beside"})
"""Words that, right after the act ("fighting alongside"), tell of a force fighting beside a
partner: its fighting is part of the partner's (a first clash, a counteroffensive, a siege), not
a situation of its own, so its undated reports join the partner's ongoing fighting against the
same side, when the partner is named, and no ongoing situation of the force's own
(`is_ongoing`)."""

ALLY_NOUNS = frozenset({"ally", "allies"})
"""Nouns that, right before the act ("their Russian allies in battle"), name the partner."""

ALLY_WORDS = ALLY_CUES | ALLY_NOUNS
"""Either kind, looked for in a mention's text before it is split into words."""

ONGOING_WINDOW_DAYS = 400
"""Undated reports of one ongoing situation appear at most this far apart."""

COUNTRY_MISMATCH = -0.5
"""What two different countries take off a comparison's score: less than agreeing recipients add
(1.0), since outlets place a cross-border happening in different countries ("to send troops to
Russia", "to fight alongside Russia in Ukraine": destination or theatre)."""

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
    trigger: str = ""
    """The trigger word, stemmed (`signed` and `signing` are `sign`)."""
    novel: bool = False
    """The evidence marks a new happening ("new attacks", "another offensive")."""
    prospective: bool = False
    """The trigger follows "to" or a modal ("to launch", "will sign"): what is to come."""
    concluded: bool = False
    """The evidence tells of all the ground taken ("had regained full control of the region"):
    the end of the fighting there (`is_concluded`)."""
    allied: bool = False
    """A mention of the event tells of its act as done beside a partner ("fighting alongside
    Russian units")."""
    partners: frozenset[str] = frozenset()
    """The codes of the partners the ally cue names, when the gazetteer knows them."""

    @property
    def principals(self) -> frozenset[str]:
        """The side whose fighting this is: the partners of an allied act (empty when none is
        named: "alongside its forces"), else the actors."""
        return self.partners if self.allied else self.actors

    @property
    def sides(self) -> frozenset[str]:
        """Codes under which the event is filed and looked up: its actors and its partners."""
        return self.actors | self.partners

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
        actors=_codes(event.actor),
        recipients=_codes(event.recipient),
        increment=event.type in INCREMENT_TYPES
        and has_increment_cue(tokens(evidence), DEPLOYMENT_HEADS),
        words=content_words(evidence),
        trigger=trigger_family(stem(event.trigger.text)),
        novel=has_increment_cue(
            tokens(evidence), EVENT_HEADS | set(words(event.trigger.text)), counts=False
        ),
        prospective=_prospective(event.evidence, event.trigger),
        concluded=is_concluded(event.trigger, event.evidence),
        **_alliance(event),
    )


class _Alliance(TypedDict):
    allied: bool
    partners: frozenset[str]


def _alliance(event: Event) -> _Alliance:
    """Whether a mention of the event names its act as done beside a partner, and the partners.

    The act is the trigger's word followed by an ally cue ("fighting alongside Russian units"),
    or preceded by an ally noun ("joined their Russian allies in battle"). The cue must be
    bound to the act itself: in "soldiers fighting alongside Russian troops were killed" the
    killing is no allied act. The partner is the name or adjective of an actor the gazetteer
    knows, right after the cue (past a determiner: "alongside the Russian army") or right
    before the ally noun.
    """
    act = stem(event.trigger.text)
    allied, partners = False, set()
    for span in (event.evidence, *event.mentions):
        lowered = span.text.lower()
        if not any(cue in lowered for cue in ALLY_WORDS):
            continue  # most events: no tokenising
        seq = words(lowered)
        for i, word in enumerate(seq):
            if word in ALLY_CUES and i > 0 and stem(seq[i - 1]) == act:
                allied = True
                partners.update(_partner(seq[i + 1 : i + 1 + PARTNER_WORDS]))
            elif word in ALLY_NOUNS and _act_follows(seq[i + 1 : i + 3], act):
                allied = True
                partners.update(_partner_before(seq[max(0, i - PARTNER_WORDS) : i]))
    return {"allied": allied, "partners": frozenset(partners) - _codes(event.actor)}


def _act_follows(following: list[str], act: str) -> bool:
    """Whether the act is the next word, or the one after "in" ("allies in battle")."""
    if following[:1] and stem(following[0]) == act:
        return True
    return len(following) == 2 and following[0] in {"in", "into"} and stem(following[1]) == act


PARTNER_WORDS = 4
"""Words after an ally cue read for the partner's name ("the Democratic Republic of Congo")."""

_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "a", "an"})


def _partner(following: list[str]) -> list[str]:
    """The code of the actor named first in `following`, longest name first, if known."""
    rest = following[1:] if following[:1] and following[0] in _DETERMINERS else following
    return _known_actor(" ".join(rest[:size]) for size in range(len(rest), 0, -1))


def _partner_before(preceding: list[str]) -> list[str]:
    """The code of the actor named last in `preceding` ("their Russian"), longest name first."""
    return _known_actor(" ".join(preceding[-size:]) for size in range(len(preceding), 0, -1))


def _known_actor(names: Iterable[str]) -> list[str]:
    """The code of the first of `names` the gazetteer knows, if any."""
    gazetteer = default_gazetteer()
    for name in names:
        entry = gazetteer.lookup(name)
        if entry is not None:
            return [entry.actor.code.upper()]
    return []


def _codes(codes: Sequence[str]) -> frozenset[str]:
    return frozenset(code.upper() for code in codes)


PROSPECTIVE_CUES = frozenset(
    {"to", "will", "would", "shall", "should", "could", "can", "may", "might", "must"}
)
"""Words that, right before a verb, make it name what is to come rather than what happened."""


def _prospective(evidence: TextSpan, trigger: TextSpan) -> bool:
    """Whether the word before the trigger, within the evidence, is "to" or a modal.

    Only the evidence is read (not the article), so that stored events, loaded without their
    article's text, compare as they did when first grouped.
    """
    before, _ = _words_around(evidence, trigger)
    return bool(before) and before[-1] in PROSPECTIVE_CUES


def _words_around(evidence: TextSpan, trigger: TextSpan) -> tuple[list[str], list[str]]:
    """The words of the evidence before and after the trigger; none when the trigger is not
    where its offsets say."""
    offset = trigger.start - evidence.start
    if offset < 0 or evidence.text[offset : offset + len(trigger.text)] != trigger.text:
        return [], []
    return words(evidence.text[:offset]), words(evidence.text[offset + len(trigger.text) :])


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


UNDATED_PREFIX = "undated:"
"""Index buckets of undated reports by month of publication, besides their month bucket: a
dated report looks forward into these alone for later mentions that recall it."""


def _undated_buckets(item: EventItem) -> list[str]:
    if item.interval is not None or item.published is None:
        return []
    return [UNDATED_PREFIX + month for month in _months(item.published, item.published)]


def index_keys(item: EventItem) -> list[tuple[str, str, str, str]]:
    """Keys under which the event's story is filed: (kind, type, actor code, month).

    The month is that of the event date, or of the report when the event is undated (filed
    under `undated:<month>` too); a lookup (`lookup_keys`) reaches as many days around the item
    as any compatible date could lie.
    """
    buckets = [*_buckets(item, 0), *_undated_buckets(item)]
    return [
        ("event", item.event.type, code, bucket)
        for code in sorted(item.sides)
        for bucket in buckets
    ]


def _reach(item: EventItem) -> list[str]:
    """Buckets beyond the date windows, for `is_background` and `is_ongoing`: an undated report
    looks back over all months; a dated one forward over undated reports' months only."""
    if item.interval is None:
        if item.published is None:
            return []
        reach = max(
            BACKGROUND_WINDOW_DAYS,
            ONGOING_WINDOW_DAYS,
            PLAN_RECALL_WINDOW_DAYS,
            PENDING_WINDOW_DAYS,
        )
        back = timedelta(days=reach)
        return _months(item.published - back, item.published)
    if item.interval.days > BACKGROUND_MAX_DAYS:
        return []
    end = item.interval.end + timedelta(days=BACKGROUND_WINDOW_DAYS)
    return [UNDATED_PREFIX + month for month in _months(item.interval.start, end)]


def lookup_keys(item: EventItem) -> list[tuple[str, str, str, str]]:
    """Keys of every story an event could join: its months widened by the date windows.

    They include the item's own `index_keys` (the store relies on it to file each key once).
    """
    margin = max(UNDATED_WINDOW_DAYS, PLAN_WINDOW_DAYS, ADJACENT_DAYS)
    buckets = [*_buckets(item, margin), *_undated_buckets(item), *_reach(item), WIDE_BUCKET]
    return [
        ("event", kind, code, bucket)
        for kind in _agreeing_types(item.event.type)
        for code in sorted(item.sides)
        for bucket in dict.fromkeys(buckets)
    ]


def _agreeing_types(kind: str) -> list[str]:
    """The type itself, then the types `COMPATIBLE_TYPES` pairs with it (stories filed under
    them are candidates too)."""
    others = sorted(t for pair in COMPATIBLE_TYPES if kind in pair for t in pair if t != kind)
    return [kind, *others]


def _types_agree(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude stem of a trigger word: lower case, without a final -ing, -ed, -es, -s or -e."""
    text = " ".join(words(word))
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 3:
            text = text[: -len(suffix)]
            break
    # "capture" and "captured" share a stem only without the silent e.
    return text[:-1] if text.endswith("e") and len(text) > 3 else text


SIGNING = "sign"
"""The trigger family of a treaty's signing: an act a pair of parties does once."""

TRIGGER_FAMILIES = {
    **dict.fromkeys(("treaty", "pact", "accord", "signing"), SIGNING),
}
"""Trigger stems that name one act: a treaty named by its document ("the defence treaty") is
its signing ("signed a pact")."""


WAR_TRIGGERS = frozenset(stem(word) for word in WAR_WORDS)
"""Trigger stems that name a war as a whole: the war began on its own date and is not one of
the battles fought in it, so it is no ongoing situation to join (`is_ongoing`)."""

COMPLETION_WORDS = frozenset({"full", "fully", "complete", "completely", "entire", "entirely"})
"""Words that make ground taken the whole of it ("regained full control", "completely
liberated")."""

COMPLETION_REACH = 3
"""Words after a trigger of ground taken read for a completion word ("regained full control",
"retook the entire region")."""


GROUND_TAKEN = frozenset(stem(word) for word in TAKING_VERBS | RECOVERING_VERBS) | {
    "taken",
    "retaken",
}
"""Trigger stems of ground taken or taken back, as `EventItem.trigger` holds them (with the
participles `stem` leaves whole)."""


def is_concluded(trigger: TextSpan, evidence: TextSpan) -> bool:
    """Whether ground taken is all of it ("had completely liberated the region", "regained full
    control"): an outcome reached on its day that ends the fighting there, so no stretch of the
    ongoing fighting to join (`is_ongoing`); ground taken in part ("regained some areas") is.
    The completion word stands right before the trigger or within `COMPLETION_REACH` words
    after it ("no full recapture" elsewhere in the sentence does not count)."""
    if stem(trigger.text) not in GROUND_TAKEN:
        return False
    before, after = _words_around(evidence, trigger)
    return any(w in COMPLETION_WORDS for w in before[-1:] + after[:COMPLETION_REACH])


def trigger_family(stem: str) -> str:
    """The stem that stands for a trigger's act when mentions of it are compared."""
    return TRIGGER_FAMILIES.get(stem, stem)


def is_background(dated: EventItem, undated: EventItem) -> bool:
    """Whether undated report `undated` recalls the dated happening `dated` (a background
    mention months later: "Putin and Kim signed a mutual defence pact")."""
    span, published = dated.interval, undated.published
    if span is None or published is None or undated.interval is not None:
        return False
    return (
        dated.event.status == "factual"
        and undated.event.status == "factual"
        and not undated.prospective
        and span.days <= BACKGROUND_MAX_DAYS
        and span.start <= published
        and (published - span.end).days <= BACKGROUND_WINDOW_DAYS
        and bool(dated.trigger)
        and dated.trigger == undated.trigger
        and _jaccard(dated.words, undated.words) >= BACKGROUND_MIN_OVERLAP
    )


def is_ongoing(a: EventItem, b: EventItem) -> bool:
    """Whether two reports describe one ongoing situation (fighting between the same sides,
    with no mode, not the war as a whole: `WAR_TRIGGERS`), published within
    `ONGOING_WINDOW_DAYS`: both undated, or one dated to the month or season it began (coarser
    than `COARSE_DAYS`) and the other, undated, published after that start."""
    if a.interval is not None and b.interval is not None:
        return False
    if a.published is None or b.published is None:
        return False
    dated = a if a.interval is not None else b if b.interval is not None else None
    if dated is not None:
        # A dated start ("the August offensive") anchors the situation: undated reports of the
        # same sides' fighting published after it began, within the window, are of it.
        other = b if dated is a else a
        span = dated.interval
        assert span is not None and other.published is not None
        if not (
            span.days > COARSE_DAYS
            and span.days <= BACKGROUND_MAX_DAYS
            and span.start <= other.published
            and (other.published - span.start).days <= ONGOING_WINDOW_DAYS
        ):
            return False
    return (
        a.event.type in ONGOING_TYPES
        and a.event.type == b.event.type
        and a.event.mode is None
        and b.event.mode is None
        and {a.event.status, b.event.status} <= ONGOING_STATUSES
        and not (a.novel or b.novel)
        and not {a.trigger, b.trigger} & WAR_TRIGGERS
        and not (a.concluded or b.concluded)
        and bool(a.recipients)
        and bool(a.principals)
        and a.principals == b.principals
        and a.recipients == b.recipients
        and abs((a.published - b.published).days) <= ONGOING_WINDOW_DAYS
    )


def is_recalled_plan(a: EventItem, b: EventItem) -> bool:
    """Whether two undated reports of a plan ("will send 1,000 sappers", months later "would
    send 1,000 sappers") tell the same plan: the same trigger and most of the same words
    (`PLAN_RECALL_OVERLAP`), published within `PLAN_RECALL_WINDOW_DAYS`."""
    if a.published is None or b.published is None:
        return False
    return (
        a.event.status == b.event.status == "future"
        and a.interval is None
        and b.interval is None
        and bool(a.trigger)
        and a.trigger == b.trigger
        and abs((a.published - b.published).days) <= PLAN_RECALL_WINDOW_DAYS
        and _jaccard(a.words, b.words) >= PLAN_RECALL_OVERLAP
    )


def is_pending_increment(a: EventItem, b: EventItem) -> bool:
    """Whether two undated reports tell of one reinforcement being readied ("preparing for
    additional troop deployments", weeks later "likely preparing to send more troops"): both
    mark an increment, neither says it happened, with the same status, published within
    `PENDING_WINDOW_DAYS`. Their words may differ (a plan retold in other words), since the
    increment cue and the sides already say what is planned."""
    if a.published is None or b.published is None:
        return False
    return (
        a.increment
        and b.increment
        and a.event.status == b.event.status
        and a.event.status in PENDING_STATUSES
        and a.interval is None
        and b.interval is None
        and abs((a.published - b.published).days) <= PENDING_WINDOW_DAYS
    )


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
        if is_ongoing(a, b):
            return True, 0.0, f"ongoing, published {gap} days apart"
        if is_recalled_plan(a, b):
            return True, 0.0, f"one plan, told again {gap} days apart"
        if is_pending_increment(a, b):
            return True, 0.0, f"one reinforcement readied, told {gap} days apart"
        return False, 0.0, f"undated, published {gap} days apart"
    dated, undated = (a, b) if a.interval is not None else (b, a)
    assert dated.interval is not None and undated.published is not None
    if (
        undated.status_class == "reported"
        and (dated.interval.start - undated.published).days > ADJACENT_DAYS
    ):
        # A report cannot tell of a happening that had not begun when it was published.
        return False, 0.0, f"{dated.event.date} after report of {undated.published}"
    if is_background(dated, undated):
        return True, 0.0, f"{dated.event.date} recalled in report of {undated.published}"
    if is_ongoing(dated, undated):
        return True, 0.0, f"ongoing since {dated.event.date}, reported {undated.published}"
    if dated.interval.days > COARSE_DAYS:
        # "in November" says too little to place an undated report in the same happening.
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
    partnered = not shared and is_ongoing(a, b)
    if partnered:
        # A force fighting beside a partner takes part in the partner's fighting.
        shared = a.principals
    elif not shared:
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
    if (a.interval is None) != (b.interval is None) and ea.status != eb.status:
        # Only the publication date places an undated report near a dated one, so the claim
        # itself must agree: "he arrived in Russia in November, allegedly" is not the
        # deployment an undated report of that month states as fact.
        return blocked("status")
    if a.status_class != b.status_class and not (
        _plan_meets_deed(a, b) and _jaccard(a.words, b.words) >= PLAN_MIN_OVERLAP
    ):
        return blocked("status")

    fields: dict[str, FieldValue] = {"type": ea.type, "actor": ",".join(sorted(shared))}
    if partnered:
        beside = sorted({code for item in (a, b) if item.allied for code in item.actors})
        fields["actor"] = f"{fields['actor']}, {','.join(beside)} fighting beside it"
    actors = (a.principals, b.principals) if partnered else (a.actors, b.actors)
    points: dict[str, float] = {"actor": _jaccard(*actors), "date": date_score}
    if a.recipients and b.recipients:
        fields["recipient"] = ",".join(sorted(a.recipients & b.recipients))
        points["recipient"] = _jaccard(a.recipients, b.recipients)
    elif a.recipients or b.recipients:
        fields["recipient"] = "one side unknown"
    else:
        points["recipient"] = 0.5
    fields["date"] = date_text
    if a.status_class != b.status_class:
        fields["status"] = f"{ea.status} ~ {eb.status}"
        points["status"] = -0.5
    if ea.mode and ea.mode == eb.mode:
        fields["mode"] = ea.mode
        points["mode"] = 0.5
    if ea.country and eb.country:
        fields["country"] = ea.country == eb.country
        points["country"] = 0.5 if ea.country == eb.country else COUNTRY_MISMATCH
    if ea.place and eb.place and ea.place.lower() == eb.place.lower():
        fields["place"] = ea.place
        points["place"] = 0.3
    overlap = _jaccard(a.words, b.words)
    if overlap:
        fields["evidence"] = f"{overlap:.2f}"
        points["evidence"] = 2.0 * overlap
    return Comparison(True, round(sum(points.values()), 3), fields, points)


def story_date(members: Sequence[EventItem]) -> EventItem | None:
    """The member that dates a story most precisely (the earliest of the narrowest dates)."""
    dated = [(m.interval.days, m.interval, i) for i, m in enumerate(members) if m.interval]
    return members[min(dated)[2]] if dated else None


def _dated_by_story(member: EventItem, dating: EventItem) -> bool:
    """Whether the story's date (`dating`'s) is `member`'s too: it is undated, or its date
    holds the story's narrower one."""
    if member.interval is None:
        return True
    story = dating.interval
    return (
        story is not None and story.days < member.interval.days and member.interval.contains(story)
    )


def _vouched_max_days(item: EventItem) -> int:
    """The coarsest date of `item` that a story's narrower date may stand for."""
    return SIGNING_VOUCHED_MAX_DAYS if item.trigger == SIGNING else VOUCHED_MAX_DAYS


def compare_in_story(member: EventItem, item: EventItem, dating: EventItem | None) -> Comparison:
    """`compare_events`, where the story's date vouches for an undated or coarser member.

    Two undated reports published weeks apart cannot be placed in one happening by their
    publication dates; but when the member already shares a story with a dated report, the
    story's date is the member's date too, and `item` is compared with that date and with the
    evidence of both (as a background mention, say, that recalls the happening a month later).
    So is a member dated to the month of the story's day ("in January", of the capture on
    January 9th): its month alone would place no undated report.
    """
    result = compare_events(member, item)
    if (
        result.compatible
        or dating is None
        or not _dated_by_story(member, dating)
        or result.fields.get("blocked") != "date"
        or (item.interval is not None and item.interval.days > _vouched_max_days(item))
    ):
        # A coarse date (a year) could not vouch for an undated report, nor can it for an
        # undated member dated by its story. A month can, when it holds the story's own,
        # narrower date ("captured in January", of the capture on January 9th): it is then
        # compared with that date, as with the dated member. So can a year, for a signing.
        return result
    event = member.event.model_copy(update={"date": dating.event.date})
    dated = replace(
        member, event=event, interval=dating.interval, words=member.words | dating.words
    )
    vouched = compare_events(dated, item)
    if vouched.compatible:
        vouched.fields["date"] = f"{vouched.fields['date']} (date of the story)"
    return vouched
