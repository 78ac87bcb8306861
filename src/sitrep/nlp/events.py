"""The event layer: PLOVER-coded events (who did what to whom, where, when, how sure).

A trigger from the lexicon (`event_triggers.tsv`: "deployed", "dispatch of troops", "visit",
"sanctions") opens a frame whose slots `event_frames` fills from the parse and the earlier
layers: actors from the subject, agent or possessor; recipients from the object or a
`to`/`against` complement; the place and date of the clause; the status from auxiliaries and
governing cues (`event_status_cues.tsv`) and from the attribution layer. Repeated mentions of
one event in an article are merged into the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp.event_frames import (
    DENIALS,
    EMBEDDING_TYPES,
    PRONOUNS,
    RECIPIENT_PREPS,
    REPORTING,
    THEME_OBJECT,
    Layers,
    Lexicons,
    Trigger,
    agent_of,
    chain,
    clause_span,
    date_of,
    load_lexicons,
    match_trigger,
    noun_actor_tokens,
    objects_of,
    phrase,
    place_of,
    prep_objects,
    status_of,
    subject_of,
)
from sitrep.nlp.extensions import layer
from sitrep.nlp.geo import load_index
from sitrep.nlp.layout import in_ranges, non_prose_ranges
from sitrep.records import ActorMention, Event, EventStatus, EventType, TextSpan

NAME = "sitrep_events"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"
SYMMETRIC = frozenset({"COOPERATE", "SUPPORT", "AGREE", "CONSULT"})
"""Types where several actors acting together are each other's recipients (a treaty signed)."""
PATIENT_NOUNS = frozenset({"ASSAULT", "COERCE", "RETREAT"})
COLLECTIVE = frozenset(
    {"leader", "side", "country", "nation", "both", "two", "party", "government"}
)
"""Subjects that stand for several parties named around them."""
LOSSES = frozenset({"loss", "casualty", "defeat", "setback", "blow"})
"""Objects of "suffer" that make it an assault on its subject."""
"""Noun triggers whose `of` phrase is the recipient ("the capture of its soldiers")."""


@Language.factory(
    NAME,
    requires=["doc._.actors", "doc._.timexes", "doc._.places", "doc._.attributions"],
    assigns=["doc._.events"],
)
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


class EventCoder:
    """Codes PLOVER events; the lexicons are loaded in `initialize`."""

    def __init__(self) -> None:
        self.lexicons: Lexicons | None = None
        self.alpha3: dict[str, str] = {}

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.lexicons = load_lexicons()
        self.alpha3 = load_index().alpha3

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicons is None:
            raise RuntimeError("sitrep_events was not initialised: call nlp.initialize()")
        layer(doc, "events").extend(extract_events(doc, self.lexicons, self.alpha3))
        return doc


@dataclass
class _Frame:
    actors: list[ActorMention]
    recipients: list[ActorMention]
    recipient_codes: list[str]
    patient: list[Token]


def _text_span(doc: Doc, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=doc.text[start:end])


def _span_of(span: Span) -> TextSpan:
    return _text_span(span.doc, span.start_char, span.end_char)


def _codes(mentions: list[ActorMention]) -> list[str]:
    return list(dict.fromkeys(m.actor.code for m in mentions))


def _is_state(mention: ActorMention) -> bool:
    return mention.actor.country is not None and mention.actor.code == mention.actor.country


def _reporter(token: Token, layers: Layers) -> list[ActorMention]:
    """The subject of the reporting verb above the token ("Zelenskyy said ...")."""
    for head in chain(token, stop_at_reporting=False):
        if head.lemma_.lower() in REPORTING:
            subject, _ = subject_of(head)
            return layers.actors_in(subject)
    return []


def _resolve_pronoun(tokens: list[Token], layers: Layers) -> list[ActorMention]:
    """A pronoun subject: the reporter above it, else the last state or person named before."""
    if not tokens or tokens[0].lower_ not in PRONOUNS:
        return []
    reporter = _reporter(tokens[0], layers)
    if reporter:
        return reporter
    before = [
        m for i, m in layers.actors.items() if i < tokens[0].i and m.actor.country is not None
    ]
    return [max(before, key=lambda m: m.span.start)] if before else []


def _nearest_before(token: Token, layers: Layers, plural: bool) -> list[ActorMention]:
    """Fallback actor: the nearest state or person named before the trigger in its sentence
    (all of them for a collective subject: "the leaders signed")."""
    sent = token.sent
    before = [
        m
        for i, m in sorted(layers.actors.items())
        if sent.start <= i < token.i and m.actor.country is not None
    ]
    if plural:
        return list({m.actor.country: m for m in before}.values())
    return before[-1:]


def _is_collective(tokens: list[Token]) -> bool:
    return any(t.lemma_.lower() in COLLECTIVE and t.dep_.startswith("nsubj") for t in tokens)


def _verb_frame(token: Token, trigger: Trigger, layers: Layers) -> _Frame:
    subject, passive = subject_of(token)
    preps = prep_objects(token, RECIPIENT_PREPS)
    lemma = token.lemma_.lower()
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "troops deployed to Russia"
        patient = phrase(token.head)
        actor_tokens = agent_of(token) or (patient if trigger.type.startswith("AID") else [])
        recipient_tokens = preps + ([] if trigger.type.startswith("AID") else patient)
    elif passive or lemma == "suffer":
        patient = subject
        actor_tokens = agent_of(token)
        recipient_tokens = subject + preps
    else:
        objects = objects_of(token)
        with_theme = any(c.lower_ == "with" for c in token.children)
        patient = objects
        actor_tokens = subject
        themed = lemma in THEME_OBJECT and not with_theme
        recipient_tokens = ([] if themed else objects) + preps
    actors = layers.actors_in(actor_tokens) or _resolve_pronoun(actor_tokens, layers)
    if not actors and (passive or lemma == "suffer"):
        actors = _reporter(token, layers)
    if not actors and not passive and lemma != "suffer":
        actors = _nearest_before(token, layers, _is_collective(actor_tokens))
    if trigger.type in EMBEDDING_TYPES:  # "ready to hand over soldiers to their leader"
        for child in token.children:
            if child.dep_ == "xcomp":
                themed = child.lemma_.lower() in THEME_OBJECT or child.lemma_ == "hand"
                recipient_tokens += prep_objects(child, RECIPIENT_PREPS)
                recipient_tokens += [] if themed else objects_of(child)
    recipients = layers.actors_in(recipient_tokens) or _resolve_pronoun(recipient_tokens, layers)
    return _Frame(actors, recipients, [], patient)


def _noun_frame(token: Token, trigger: Trigger, layers: Layers) -> _Frame:
    actors = layers.actors_in(noun_actor_tokens(token))
    recipient_tokens = prep_objects(token, RECIPIENT_PREPS)
    patient: list[Token] = []
    if trigger.type in PATIENT_NOUNS:
        patient = prep_objects(token, frozenset({"of"}))
        recipient_tokens += patient
    if not actors:  # "preparation for an additional dispatch of troops": the clause's subject
        for head in chain(token):
            if head.pos_ in {"VERB", "AUX"}:
                subject, passive = subject_of(head)
                found = agent_of(head) if passive else subject
                actors = layers.actors_in(found) or _resolve_pronoun(found, layers)
                break
    if not actors:
        actors = _nearest_before(token, layers, plural=False)
    recipients = layers.actors_in(recipient_tokens)
    return _Frame(actors, recipients, [], patient)


def _purpose_recipients(token: Token, layers: Layers) -> list[ActorMention]:
    """'deployed troops to support Moscow's forces': the helped party of a purpose clause."""
    for child in token.children:
        if child.dep_ in {"advcl", "xcomp"} and any(c.lower_ == "to" for c in child.children):
            found = layers.actors_in(objects_of(child) + prep_objects(child, RECIPIENT_PREPS))
            if found:
                return found
    return []


def _is_suppressed(token: Token, triggers: dict[int, Trigger]) -> bool:
    """Complements of offers, demands, threats and purpose clauses are not events of their own."""
    if token.dep_ == "amod":  # "captured soldiers"
        return True
    if token.lower_ == "exchange" and token.head.lower_ == "in":
        return True
    own = triggers.get(token.i)
    for head in chain(token):
        above = triggers.get(head.i)
        if above is None:
            continue
        if own is not None and own.type == above.type and token.pos_ == "NOUN":
            return True  # "seized in a surprise attack": one assault
        if above.type in EMBEDDING_TYPES and head.lemma_.lower() not in DENIALS:
            return True
        if "AID" in above.type or "MOB" in above.type:
            # "deployed troops to support its fight": the purpose is part of the deployment
            for below in [token, *chain(token)]:
                if below.head.i == head.i:
                    if below.dep_ in {"advcl", "xcomp"} and any(
                        c.lower_ == "to" for c in below.children
                    ):
                        return True
                    break
    return False


def _fill_recipients(
    frame: _Frame, token: Token, trigger: Trigger, layers: Layers, alpha3: dict[str, str]
) -> None:
    actor_codes = set(_codes(frame.actors))
    codes = [c for c in _codes(frame.recipients) if c not in actor_codes]
    if not codes and trigger.type in {"ASSAULT", "AID|MOBILIZE", "AID"}:
        # Territory attacked or troops sent somewhere: the state the place lies in.
        for t in frame.patient + prep_objects(token, RECIPIENT_PREPS):
            place = layers.places.get(t.i)
            code = alpha3.get(place.country) if place and place.country else None
            if code and code not in actor_codes:
                codes.append(code)
                break
    if not codes and trigger.type.startswith("AID"):
        codes = [c for c in _codes(_purpose_recipients(token, layers)) if c not in actor_codes]
    frame.recipient_codes = list(dict.fromkeys(codes))


def _type_and_mode(trigger: Trigger, frame: _Frame, layers: Layers) -> tuple[str, str | None]:
    if trigger.type == "AID|MOBILIZE":
        return ("AID", None) if frame.recipient_codes else ("MOBILIZE", trigger.mode)
    mode = trigger.mode
    if mode == "abduct" and any(t.i in layers.places for t in frame.patient):
        mode = None  # territory captured, not people
    return trigger.type, mode


def _claim(doc: Doc, token: Token, status: str) -> tuple[list[str] | None, str]:
    for attribution in layer(doc, "attributions"):
        content = attribution.content
        if content.start <= token.idx < content.end:
            codes = attribution.claimant_codes() or None
            if attribution.certainty == "hedged" and status == "factual":
                status = "alleged"
            elif attribution.certainty == "denied" and status in {"factual", "alleged"}:
                status = "denied"
            return codes, status
    return None, status


def _triggers(doc: Doc, lex: Lexicons, skip: list[tuple[int, int]]) -> list[tuple[Token, Trigger]]:
    found: list[tuple[Token, Trigger]] = []
    i = 0
    while i < len(doc):
        match = match_trigger(doc, i, lex)
        if match is None or in_ranges(doc[i].idx, doc[i].idx + len(doc[i]), skip):
            i += 1
            continue
        token, end, trigger = match
        found.append((token, trigger))
        i = end
    return found


def extract_events(doc: Doc, lex: Lexicons, alpha3: dict[str, str]) -> list[Event]:
    skip = non_prose_ranges(doc.text)
    layers = Layers.build(
        doc, layer(doc, "actors"), layer(doc, "places"), layer(doc, "timexes"), alpha3
    )
    found = _triggers(doc, lex, skip)
    by_index = {token.i: trigger for token, trigger in found}
    events: list[Event] = []
    for token, trigger in found:
        if _is_suppressed(token, by_index):
            continue
        if token.lemma_ == "suffer" and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in LOSSES for c in token.children
        ):
            continue
        if token.pos_ == "ADJ" and not any(c.dep_ == "xcomp" for c in token.children):
            continue
        event = _code(doc, token, trigger, layers, lex, alpha3, events)
        if event is not None:
            events.append(event)
    return merge_events(events)


def _code(
    doc: Doc,
    token: Token,
    trigger: Trigger,
    layers: Layers,
    lex: Lexicons,
    alpha3: dict[str, str],
    earlier: list[Event],
) -> Event | None:
    verbal = token.pos_ in {"VERB", "AUX", "ADJ"}
    frame = (_verb_frame if verbal else _noun_frame)(token, trigger, layers)
    if not frame.actors:
        return None
    _fill_recipients(frame, token, trigger, layers, alpha3)
    actor_codes = _codes(frame.actors)
    if not frame.recipient_codes and trigger.type == "AID|MOBILIZE" and not verbal:
        for event in earlier:  # "the dispatch of troops": to whom the article said before
            if event.type == "AID" and set(event.actor) == set(actor_codes):
                frame.recipient_codes = list(event.recipient)
                break
    kind, mode = _type_and_mode(trigger, frame, layers)
    status, denied = status_of(token, trigger.status, lex)
    negated = any(c.dep_ == "neg" for c in token.children)
    if kind == "REJECT" and negated:
        return None  # "did not deny" reports no rejection
    if denied and status not in {"negated"}:
        status = "denied"
    claimant, status = _claim(doc, token, status)
    if kind in SYMMETRIC and len(actor_codes) > 1 and not frame.recipient_codes:
        frame.recipient_codes = list(actor_codes)
    when = date_of(token, layers)
    where = place_of(token, layers)
    country = alpha3.get(where[1].country) if where and where[1].country else None
    if where is None and kind == "MOBILIZE" and actor_codes[0] in alpha3.values():
        country = actor_codes[0]
    published = doc._.published
    if when is not None:
        date, source, date_span = when[1].value, "text", _span_of(when[0])
    elif published is not None:
        date, source, date_span = published.strftime("%Y-%m"), "published", None
    else:
        date, source, date_span = None, "none", None
    evidence = clause_span(token)
    return Event(
        type=cast(EventType, kind),
        mode=mode,
        actor=actor_codes,
        recipient=frame.recipient_codes,
        country=country,
        place=where[0].text if where else None,
        date=date,
        date_source=source,
        status=cast(EventStatus, status),
        trigger=_text_span(doc, token.idx, token.idx + len(token)),
        evidence=_span_of(evidence),
        actor_spans=[m.span for m in frame.actors],
        recipient_spans=[m.span for m in frame.recipients],
        place_span=_span_of(doc[where[0].i : where[0].i + 1]) if where else None,
        date_span=date_span,
        claimant=claimant,
        extractor=EXTRACTOR,
    )


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
