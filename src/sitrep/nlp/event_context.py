"""Document-level passes over the events of one article: recipients that only the rest of the
article names, events that remain without a needed participant, and repeated mentions merged.

A sentence often leaves a participant implicit ("the troops were sent", "Russian forces
advance in Kursk"); the article's other events name it ("sent to Russia", "attacks on Ukrainian
positions"). These passes take it from there, and drop what stays incomplete: PLOVER codes these
types with a recipient, and an event with a guessed one does more harm than a missing event.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sitrep.records import Event

NEEDS_RECIPIENT = frozenset(
    {"ASSAULT", "AID", "COERCE", "ACCUSE", "REQUEST", "THREATEN", "PROTEST", "CONCEDE", "SUPPORT"}
)
"""Types that always have a recipient in PLOVER coding; without one the frame was not read."""


PARTIES_NEEDED = frozenset({"CONSULT"})
"""Types that need a second party, as recipient or as a second actor."""


def _opponents(event: Event, events: list[Event]) -> Counter[str]:
    """Who the event's actors fight elsewhere in the article, and who fights them."""
    own = set(event.actor)
    allies = {c for e in events if e.type == "AID" and own & set(e.actor) for c in e.recipient}
    allies |= {c for e in events if e.type == "AID" and own & set(e.recipient) for c in e.actor}
    found: Counter[str] = Counter()
    for other in events:
        if other is event or other.type != "ASSAULT":
            continue
        if own & set(other.actor):
            found.update(other.recipient)
        if own & set(other.recipient):
            found.update(other.actor)
    for code in own | allies:
        found.pop(code, None)
    return found


def _destinations(event: Event, events: list[Event]) -> Counter[str]:
    """Where the event's actors sent help elsewhere in the article."""
    own = set(event.actor)
    found: Counter[str] = Counter()
    for other in events:
        if other is not event and other.type == "AID" and own & set(other.actor):
            found.update(c for c in other.recipient if c not in own)
    return found


def complete_from_context(events: list[Event]) -> list[Event]:
    """Give recipient-less fighting and sending the party the article names for them; drop
    the events of types that need a recipient and still have none."""
    kept = []
    for event in events:
        if event.type in PARTIES_NEEDED and not event.recipient and len(event.actor) < 2:
            continue  # a meeting of one side with itself: domestic, not coded
        if event.recipient or event.type not in NEEDS_RECIPIENT:
            kept.append(event)
            continue
        if event.type == "ASSAULT":
            found = _opponents(event, events)
        elif event.type == "AID":
            found = _destinations(event, events)
        else:
            continue
        if found:
            code = found.most_common(1)[0][0]
            kept.append(event.model_copy(update={"recipient": [code]}))
    return kept


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date_source != "text" or b.date_source != "text" or not a.date or not b.date:
        return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def merge_events(events: list[Event]) -> list[Event]:
    """One event per (type, actors, recipients, status) with compatible dates; the first
    mention keeps its evidence and takes a place or date only a later mention gives."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            same = (
                kept.type == event.type
                and set(kept.actor) == set(event.actor)
                and set(kept.recipient) == set(event.recipient)
                and kept.status == event.status
                and _dates_compatible(kept, event)
            )
            if not same:
                continue
            update: dict[str, Any] = {}
            if kept.place is None and event.place is not None:
                update.update(place=event.place, place_span=event.place_span, country=event.country)
            if kept.date_source != "text" and event.date_source == "text":
                update.update(date=event.date, date_source="text", date_span=event.date_span)
            merged[i] = kept.model_copy(update=update) if update else kept
            break
        else:
            merged.append(event)
    return merged
