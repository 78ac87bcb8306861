"""Document-level passes over the events of one article: recipients that only the rest of the
article names, events that remain without a needed participant, and repeated mentions merged.

A sentence often leaves a participant implicit ("the troops were sent", "Russian forces
advance in Kursk"); the article's other events name it ("sent to Russia", "attacks on Ukrainian
positions"). These passes take it from there, and drop what stays incomplete: PLOVER codes these
types with a recipient, and an event with a guessed one does more harm than a missing event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from sitrep.nlp.cues import WAR_WORDS, has_increment_cue, tokens
from sitrep.nlp.event_frames import TREATY_WORDS
from sitrep.records import Event, TextSpan

T = TypeVar("T")

NEEDS_RECIPIENT = frozenset(
    {"ASSAULT", "AID", "COERCE", "ACCUSE", "REQUEST", "THREATEN", "PROTEST", "CONCEDE", "SUPPORT"}
)
"""Types that always have a recipient in PLOVER coding; without one the frame was not read."""


PARTIES_NEEDED = frozenset({"CONSULT"})
"""Types that need a second party, as recipient or as a second actor."""


def _allies_of(side: set[str], events: list[Event]) -> set[str]:
    """The parties the article shows helping `side` or helped by it (AID events)."""
    helped = {c for e in events if e.type == "AID" and side & set(e.actor) for c in e.recipient}
    return helped | {
        c for e in events if e.type == "AID" and side & set(e.recipient) for c in e.actor
    }


def _opponents(event: Event, events: list[Event]) -> Counter[str]:
    """Who the event's actors fight elsewhere in the article, and who fights them."""
    own = set(event.actor)
    allies = _allies_of(own, events)
    found: Counter[str] = Counter()
    for side in (own, allies):  # an ally's enemy when the article names none of one's own
        for other in events:
            if other is event or other.type != "ASSAULT":
                continue
            if side & set(other.actor):
                found.update(other.recipient)
            if side & set(other.recipient):
                found.update(other.actor)
        for code in own | allies:
            found.pop(code, None)
        if found:
            break
    return found


def _destinations(event: Event, events: list[Event]) -> Counter[str]:
    """Where the event's actors sent help elsewhere in the article."""
    own = set(event.actor)
    found: Counter[str] = Counter()
    for other in events:
        if other is not event and other.type == "AID" and own & set(other.actor):
            found.update(c for c in other.recipient if c not in own)
    return found


def _attackers(event: Event, events: list[Event]) -> Counter[str]:
    """Who fights the event's recipients elsewhere in the article ("the invasion of Ukraine"
    in a report whose other events name Russia's attacks on it)."""
    targets = set(event.recipient)
    allies = _allies_of(targets, events)
    found: Counter[str] = Counter()
    for other in events:
        if other is event or other.type != "ASSAULT" or not other.actor:
            continue
        if targets & set(other.recipient):
            found.update(other.actor)
        if targets & set(other.actor):
            found.update(other.recipient)
    for code in targets | allies:
        found.pop(code, None)
    return found


def _condemned(event: Event, events: list[Event]) -> Counter[str]:
    """Whom a condemnation without a named target answers: the actor of the nearest earlier
    event of another party ("North Korea fired a missile, drawing condemnation from Japan")."""
    own = set(event.actor)
    before = events[: events.index(event)]
    for other in reversed(before):
        if other.actor and not own & set(other.actor) and other.type != "ACCUSE":
            return Counter(other.actor)
    return Counter()


def _invaded(event: Event, events: list[Event]) -> Counter[str]:
    """The state where the article's fighting takes place, for an incursion into unnamed
    ground ("since its incursion in August", in a report on the battles in Kursk)."""
    own = set(event.actor)
    return Counter(
        e.country for e in events if e.type == "ASSAULT" and e.country and e.country not in own
    )


def _senders(event: Event, events: list[Event]) -> Counter[str]:
    """Who sends help in the article's other events, to the event's recipients if it names
    them."""
    found: Counter[str] = Counter()
    for other in events:
        if other is event or other.type != "AID" or not other.actor:
            continue
        if not event.recipient or set(event.recipient) & set(other.recipient):
            found.update(c for c in other.actor if c not in event.recipient)
    return found


def _dyad(events: list[Event]) -> list[str]:
    """The two parties most of the article's two-sided events are between, or none when no
    pair leads: whom a treaty that names no party binds."""
    pairs: Counter[tuple[str, ...]] = Counter()
    for event in events:
        sides = tuple(sorted(set(event.actor) | set(event.recipient)))
        if event.actor and event.recipient and len(sides) == 2:
            pairs[sides] += 1
    pair = leader(pairs)
    return list(pair) if pair else []


def leader(found: Counter[T]) -> T | None:
    """The item counted most often, or None when none is or two tie."""
    ranked = found.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def complete_from_context(
    events: list[Event],
    plenary: Collection[int] = (),
    territorial: Collection[int] = (),
    taken: Collection[int] = (),
    home: str | None = None,
) -> list[Event]:
    """Give recipient-less fighting and sending the party the article names for them, and
    fighting without a named attacker the recipients' opponent; drop the events of types that
    need a recipient and still have none, and those still without an actor. Consultations
    whose trigger offset is in `plenary` (a summit, an organisation's meeting) need no second
    party; an entry into territory whose trigger offset is in `territorial` (an incursion)
    is aimed at the state where the article's fighting is, and ground taken (trigger offset in
    `taken`) from no named party is the ground of `home`, the state the report is set in."""
    filled = []
    treaties = [e for e in events if e.type == "SUPPORT" and len(e.actor) > 1]
    dyad = _dyad(events)
    for event in events:
        if event.actor:
            filled.append(event)
            continue
        if event.type == "AID":
            # "more troops had been dispatched": sent by whom the article's sendings name
            sender = leader(_senders(event, events))
            if sender:
                filled.append(event.model_copy(update={"actor": [sender]}))
            continue
        if event.type == "SUPPORT":
            # "the agreement was ratified": the parties of the treaty the article names, else
            # the two sides the article's exchanges are between
            if treaties:
                parties = {"actor": treaties[0].actor, "recipient": treaties[0].recipient}
                filled.append(event.model_copy(update=parties))
            elif dyad:
                filled.append(event.model_copy(update={"actor": dyad, "recipient": dyad}))
            continue
        attackers = _attackers(event, events)
        if attackers:
            top = attackers.most_common(1)[0][1]
            codes = [c for c, n in attackers.items() if n == top]
            filled.append(event.model_copy(update={"actor": codes[:1]}))
    events = filled
    dyad = _dyad(events)
    kept = []
    for event in events:
        alone = not event.recipient and len(event.actor) < 2
        if event.type in PARTIES_NEEDED and alone and event.trigger.start not in plenary:
            continue  # a meeting of one side with itself: domestic, not coded
        if event.type == "REJECT" and not event.recipient:
            # "denied the claims", "refused to support it": what is rejected is the claim or
            # proposal of the party the article reported before.
            found = _condemned(event, events)
            update = {"recipient": [found.most_common(1)[0][0]]} if found else {}
            kept.append(event.model_copy(update=update) if update else event)
            continue
        if event.type == "RETREAT" and event.mode == "withdraw" and not event.recipient:
            # "withdrawn from the front line": from the fight with the side's opponent
            found = _opponents(event, events)
            update = {"recipient": [found.most_common(1)[0][0]]} if found else {}
            kept.append(event.model_copy(update=update) if update else event)
            continue
        if event.type == "ACCUSE" and event.mode == "investigate" and not event.recipient:
            kept.append(event)  # "the court opened a hearing": an inquiry names no suspect yet
            continue
        if event.recipient or event.type not in NEEDS_RECIPIENT:
            kept.append(event)
            continue
        if event.type == "SUPPORT" and event.trigger.text.lower() in TREATY_WORDS:
            # "we spoke first of all about the Treaty on Security Guarantees", said by one
            # side's minister after talks with the other's: it binds the two sides of the talks
            if set(event.actor) < set(dyad):
                kept.append(event.model_copy(update={"actor": dyad, "recipient": dyad}))
            continue
        if event.type == "ASSAULT":
            invaded = _invaded(event, events) if event.trigger.start in territorial else None
            found = invaded or _opponents(event, events)
            if not found and event.trigger.start in taken and home and event.actor != [home]:
                # "since the RSF seized the city": ground of the state the report is set in (a
                # group carries its state's code as well: it takes ground from that state)
                found = Counter({home: 1})
        elif event.type == "AID":
            found = _destinations(event, events)
        elif event.type == "ACCUSE":
            found = _condemned(event, events)
        else:
            continue
        if found:
            code = found.most_common(1)[0][0]
            kept.append(event.model_copy(update={"recipient": [code]}))
    return kept


def locate_fighting(events: list[Event]) -> list[Event]:
    """Fighting the sentence does not place happens where the article's placed fighting does
    (reports on one front name its region once, then speak of "the battles")."""
    where = Counter(e.country for e in events if e.type == "ASSAULT" and e.country)
    if not where:
        return events
    country = where.most_common(1)[0][0]
    return [
        e.model_copy(update={"country": country}) if e.type == "ASSAULT" and not e.country else e
        for e in events
    ]


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date_source != "text" or b.date_source != "text" or not a.date or not b.date:
        return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _same_parties(kept: Event, event: Event) -> bool:
    """Whether a later mention names the kept event's parties, or fewer of them: the body often
    drops the recipient the lead names ("agreed on new sanctions against Russia" ... "agreed on
    the package"), and one leader's words on "the summit" refer to the summit both held."""
    if set(kept.actor) == set(event.actor) and set(kept.recipient) == set(event.recipient):
        return True
    if (
        kept.type == "ASSAULT"
        and set(kept.actor) == set(event.actor)
        and set(kept.recipient) & set(event.recipient)
        and kept.mode == event.mode
        and event.date_source != "text"
    ):
        return True  # the losses of one fight told again, undated, with a side more or less
    if event.recipient or not kept.recipient:
        return False
    if set(kept.actor) == set(event.actor):
        return True
    return kept.type == "CONSULT" and set(event.actor) <= set(kept.actor) | set(kept.recipient)


def _is_increment(event: Event) -> bool:
    """Whether the mention tells a new happening of its kind ("a third deployment", "sent
    additional troops") rather than the one told before; "another 2,700 were wounded" counts
    more people of the same happening (the cues stories use: `nlp.cues`)."""
    return has_increment_cue(tokens(event.evidence.text), counts=False)


def _is_war(event: Event) -> bool:
    return event.type == "ASSAULT" and event.trigger.text.lower().startswith(WAR_WORDS)


def _overlap(a: TextSpan, b: TextSpan) -> bool:
    return a.start < b.end and b.start < a.end


def merge_events(events: list[Event], kinds: Mapping[int, str | None] | None = None) -> list[Event]:
    """One event per (type, parties, status) with compatible dates and objects; the first
    mention keeps its evidence and takes a place or date only a later mention gives, and the
    later mentions' evidence is kept in `mentions`. A later mention that only entertains the
    event ("could send") adds no event of its own.

    `kinds` maps an event's trigger offset to what it moves ('troops', 'goods'): troops sent and
    shells sent are two events even between the same parties.
    """
    kinds = kinds or {}
    merged: list[Event] = []
    for event in events:
        kind = kinds.get(event.trigger.start)
        for i, kept in enumerate(merged):
            kept_kind = kinds.get(kept.trigger.start)
            same = (
                (kind is None or kept_kind is None or kind == kept_kind)
                and kept.type == event.type
                and (_is_increment(kept) == _is_increment(event) or event.status == "hypothetical")
                # A capture and the killing in the same fight are two events; a weapon named
                # in one mention of a fight and not in another is still one fight.
                and (kept.mode == "abduct") == (event.mode == "abduct")
                # The war as a whole ("its invasion of Ukraine") is not one of its battles.
                and _is_war(kept) == _is_war(event)
                and _same_parties(kept, event)
                and (kept.status == event.status or event.status == "hypothetical")
                and _dates_compatible(kept, event)
            )
            if not same:
                continue
            update: dict[str, Any] = {}
            if not any(_overlap(span, event.evidence) for span in [kept.evidence, *kept.mentions]):
                update["mentions"] = [*kept.mentions, event.evidence]
            if kept.place is None and event.place is not None:
                update.update(place=event.place, place_span=event.place_span, country=event.country)
            if kept.date_source != "text" and event.date_source == "text":
                update.update(date=event.date, date_source="text", date_span=event.date_span)
            merged[i] = kept.model_copy(update=update) if update else kept
            break
        else:
            merged.append(event)
    return merged
