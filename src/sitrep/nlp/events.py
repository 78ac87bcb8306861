"""The event layer: PLOVER-coded events (who did what to whom, where, when, how sure).

A trigger from the lexicon (`event_triggers.tsv`: "deployed", "dispatch of troops", "visit",
"sanctions") opens a frame whose slots `event_frames` fills from the parse and the earlier
layers: actors from the subject, agent or possessor; recipients from the object or a
`to`/`against` complement; the place and date of the clause; the status from auxiliaries and
governing cues (`event_status_cues.tsv`) and from the attribution layer. An object can recode
its verb (`event_objects.tsv`: a missile fired is MOBILIZE). No actor is guessed from the
nearest state named: an event whose frame yields none is dropped, and `event_context` drops
those still without a needed recipient once the rest of the article has been read. An event
without a governing time expression stays undated (the publication month only dates articles
with no time expression at all). Repeated mentions of one event are merged into the first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp import event_participants as parts
from sitrep.nlp.cues import TAKING_VERBS
from sitrep.nlp.event_context import complete_from_context, leader, locate_fighting, merge_events
from sitrep.nlp.event_frames import (
    CONTENT_TYPES,
    EMBEDDING_TYPES,
    RECIPIENT_PREPS,
    THEME_OBJECT,
    Layers,
    Lexicons,
    Trigger,
    agent_of,
    chain,
    codes_of,
    complement_recipients,
    home_states,
    intent_type,
    is_combat,
    is_stated_intent,
    load_lexicons,
    noun_actor_tokens,
    object_preps,
    objects_of,
    phrase,
    prep_objects,
    status_of,
    subject_of,
)
from sitrep.nlp.event_setting import clause_span, date_of, place_of
from sitrep.nlp.event_triggers import (
    TREATIES,
    find_triggers,
    governing,
    is_suppressed,
    promises_readying,
    recode,
    threat_mode,
)
from sitrep.nlp.extensions import layer
from sitrep.nlp.geo import load_index
from sitrep.nlp.layout import doc_datelines, doc_non_prose, in_ranges
from sitrep.records import ActorMention, Event, EventStatus, EventType, Place, TextSpan

NAME = "sitrep_events"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"
SYMMETRIC = frozenset({"COOPERATE", "SUPPORT", "AGREE", "CONSULT"})
"""Types where several actors acting together are each other's recipients (a treaty signed)."""
TROOP_NOUNS = frozenset({"troop", "soldier", "peacekeeper", "force", "contingent", "personnel"})
PEOPLE = frozenset({"worker", "engineer", "officer", "builder", "sapper", "fighter", "mercenary"})
"""People sent, who with the troop nouns make a shipment of personnel rather than of goods."""
PERSONNEL = TROOP_NOUNS | PEOPLE
UNDERGONE = frozenset({"suffer", "die"})
"""Verbs whose subject undergoes the event: its attacker is named elsewhere, if at all."""
POSSESSIVES = frozenset({"its", "their", "his", "her"})
PLENARY = frozenset({"summit", "conference", "session"})
"""Meetings of many parties by their nature."""
VOICED = frozenset({"ACCUSE", "REQUEST", "REJECT", "SUPPORT", "THREATEN"})
"""Noun triggers whose `from` phrase names who speaks ("condemnation from Tokyo")."""
IMPLIED_ACTOR = frozenset({"ASSAULT"})
"""Types kept without an actor when the recipient is named ("the invasion of Ukraine"): the
article's other events name the side that fights the recipient (`event_context`)."""
ANSWERING = EMBEDDING_TYPES | {"SUPPORT", "CONCEDE"}
"""Types whose object may be another party's act or words, named with `by` or `from`."""
REPELLING = frozenset({"repel", "repulse", "thwart", "foil", "rebuff", "withstand"})
"""Verbs whose subject is the target of the assault they take as object."""
PATIENT_NOUNS = frozenset({"ASSAULT", "COERCE", "RETREAT"})
DOMESTIC = frozenset({"PROTEST", "REQUEST"})
"""Types whose actors are often a country's people, named only by a state adjective or a
place ("Chilean miners", "students throughout Peru"); PLOVER codes them by their country."""
CLAIMS = frozenset(
    {"claim", "report", "allegation", "accusation", "assertion", "statement", "charge"}
)
RECEIVING = frozenset({"receive", "obtain", "get"})
"""Verbs whose subject is the recipient of help and whose `from` phrase names the giver."""
FROM = frozenset({"from"})
NEUTER = frozenset({"it", "this", "that"})
SHELTER = frozenset({"asylum", "refuge", "embassy", "consulate"})
"""Objects whose `in` phrase names the state addressed ("sought refuge in X", "opened an
embassy in X")."""
IN = frozenset({"in"})
FOR = frozenset({"for"})
ON_OF = frozenset({"on", "of"})
TO = frozenset({"to"})
AGAINST = frozenset({"against"})
STATIVE = frozenset({"commit"})
"""Verbs whose passive states the subject's own stance ("Vietnam is committed to ...")."""
READYING = frozenset({"prepare"})
"""Verbs that make the fighting they govern a readying for it (PLOVER MOBILIZE)."""
FAILING = frozenset({"fail"})
PERMITTING = frozenset({"allow"})
INVESTIGATING = frozenset({"investigate", "probe", "inspect", "examine"})
"""Purposes that make a sending an inquiry (PLOVER ACCUSE investigate)."""
EXERCISES = frozenset({"exercise", "drill", "game"})
"""Verbs that make the agreement they govern a failure to agree (PLOVER REJECT)."""
ARMED_MOVES = frozenset({"cross", "push", "drive"})
"""Movements that are an assault only when forces make them ("troops crossed into Russia",
"pushed the enemy back"; not "refugees crossed into Poland", "pushed back the vote")."""
ARMED_SECTORS = frozenset({"MIL", "REB"})
TERRITORIAL = frozenset({"incursion", "invasion", "invade", "cross", "occupy", "occupation"})
"""Entries into territory: aimed at the state whose ground is entered (`event_context`)."""
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


def _with_actors(evidence: Span, actors: list[ActorMention]) -> Span:
    """The evidence widened to the actors named before it in its sentence: an actor found
    outside the trigger's clause ('soldiers who joined their allies in battle', the governing
    clause's subject) is part of what the event says, and so are the words between."""
    sent = evidence.sent
    starts = [m.span.start for m in actors if sent.start_char <= m.span.start < evidence.start_char]
    if not starts:
        return evidence
    widened = evidence.doc.char_span(min(starts), evidence.end_char, alignment_mode="expand")
    return widened if widened is not None else evidence


def _span_of(span: Span) -> TextSpan:
    # `span.text` reads only the span's tokens; `doc.text` would rebuild the whole text.
    return TextSpan(start=span.start_char, end=span.end_char, text=span.text)


def _verb_frame(token: Token, trigger: Trigger, layers: Layers, lex: Lexicons) -> parts.Frame:
    subject, passive = subject_of(token)
    preps = prep_objects(token, RECIPIENT_PREPS)
    if trigger.type == "RETREAT":  # "withdrew its troops from Chad"
        preps += prep_objects(token, frozenset({"from"}))
    if trigger.type == "ASSAULT" and parts.is_taking(token, trigger):
        preps += prep_objects(token, frozenset({"from"}))  # "liberated the region from X"
    sheltering = [o for o in token.children if o.dep_ == "dobj" and o.lemma_.lower() in SHELTER]
    if sheltering:  # "sought asylum in Germany", "opened an embassy in Tehran"
        preps += [t for h in [token, *sheltering] for t in prep_objects(h, IN)]
    if trigger.type == "REJECT":  # "reneged on its pledge to the voters": whom it was made to
        preps += [t for p in prep_objects(token, ON_OF) for t in prep_objects(p, TO)]
    if trigger.type == "MOBILIZE":  # "mobilized reservists for a war against Iraq"
        holders = [token, *(c for c in token.children if c.dep_ == "dobj")]
        preps += [
            t for h in holders for f in prep_objects(h, FOR) for t in prep_objects(f, AGAINST)
        ]
    lemma = token.lemma_.lower()
    # Troops sent or withdrawn stand for their state ("troops were withdrawn from the front").
    sending = trigger.type.startswith("AID") or trigger.mode == "withdraw"
    participle = token.dep_ == "acl" and token.tag_ in {"VBN", "VBG"}
    reduced = _object_relative(token)
    if reduced:  # "the treaty the two countries signed": the noun signed, it was not signed
        subject, passive, participle = phrase(token.head), False, False
    undergoer = (passive or lemma in UNDERGONE) and not participle and lemma not in STATIVE
    if participle and token.tag_ == "VBG":  # "soldiers fighting alongside Russian troops"
        patient = objects_of(token)
        actor_tokens = phrase(token.head)
        recipient_tokens = ([] if lemma in THEME_OBJECT else patient) + preps
    elif participle or undergoer:  # "troops deployed to Russia", "soldiers were killed"
        patient = phrase(token.head) if participle else subject
        # Troops sent somewhere are the sender's own: they stand for their state.
        actor_tokens = agent_of(token) or (patient if sending else [])
        recipient_tokens = preps + ([] if sending else patient)
    elif lemma in RECEIVING:  # "received training from Iranian forces": the giver acts
        patient = objects_of(token)
        actor_tokens = prep_objects(token, frozenset({"from"})) + [
            t for o in token.children if o.dep_ == "dobj" for t in prep_objects(o, FROM)
        ]
        recipient_tokens = subject
    else:
        objects = objects_of(token)
        with_theme = any(c.lower_ == "with" for c in token.children)
        patient = objects
        actor_tokens = subject
        themed = lemma in THEME_OBJECT and not with_theme
        recipient_tokens = ([] if themed else objects) + preps
        # "lodged a protest with X", "promised aid to X", "threatened action against X"
        recipient_tokens += object_preps(token, trigger.type in ANSWERING)
    actors = layers.actors_in(actor_tokens) or parts.resolve_pronoun(actor_tokens, layers)
    actors += parts.coordinated_pronouns(actor_tokens, layers, actors)
    actors = actors or parts.stationed(actor_tokens, layers)
    if not actors and lemma in RECEIVING:
        actors = layers.demonym_actors(actor_tokens, lex.demonyms)
    if not actors and (participle or undergoer) and not sending:
        actors = parts.opponents(token, layers, lex)
        if not actors and lemma == "suffer":
            # "Kyiv said Russian forces suffered heavy losses": the claimant is the other side.
            patients = set(codes_of(layers.actors_in(recipient_tokens)))
            actors = [m for m in parts.reporters_of(token, layers) if m.actor.code not in patients]
        if not actors and trigger.type == "ASSAULT" and undergoer:
            # "the general staff said the region had been recaptured": who took the ground
            actors = parts.ground_taker(token, trigger, patient, layers)
    if not actors and not undergoer and parts.is_collective(actor_tokens, reduced):
        actors = parts.nearest_before(token, layers, plural=True, subject=actor_tokens)
    if trigger.type in EMBEDDING_TYPES:  # "ready to hand over soldiers to their leader"
        recipient_tokens += complement_recipients(token, trigger.type in CONTENT_TYPES)
    own = frozenset(codes_of(actors))
    recipients = layers.actors_in(recipient_tokens)
    # "refused to support it": the thing proposed, whose author the article names before
    # (`event_context`), not the last state named.
    thing = (
        trigger.type == "REJECT"
        and recipient_tokens[:1] != []
        and (recipient_tokens[0].lower_ in NEUTER)
    )
    if not recipients and not thing:
        recipients = parts.resolve_pronoun(recipient_tokens, layers, own)
    return parts.Frame(actors, recipients, [], patient, recipient_tokens)


def _object_relative(token: Token) -> bool:
    """Whether a participle hung on a noun is the verb of a relative clause without "that"
    whose subject that noun is: "ratify the treaty the two countries signed" parses
    "countries" as a second object with "signed" as its participle."""
    head = token.head
    if token.dep_ != "acl" or token.tag_ != "VBN" or head.i > token.i:
        return False
    if any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in token.children):
        return False
    if head.dep_ == "appos":  # or as apposed to the object, with no comma between them
        between = token.doc[head.head.i + 1 : head.left_edge.i]
        return head.head.pos_ == "NOUN" and not any(t.is_punct for t in between)
    return head.dep_ == "dobj" and any(
        c.dep_ == "dobj" and c.i < head.i for c in head.head.children
    )


def _noun_frame(token: Token, trigger: Trigger, layers: Layers, lex: Lexicons) -> parts.Frame:
    actors = layers.actors_in(noun_actor_tokens(token))
    repelled = token.dep_ == "dobj" and token.head.lemma_.lower() in REPELLING
    possessors = [c for c in token.children if c.dep_ == "poss"]
    # "their talks": the clause names both sides; "his talks with Choe": one side is his.
    joint = trigger.type in SYMMETRIC and bool(possessors) and possessors[0].lower_ == "their"
    if not actors and not joint and possessors and possessors[0].lower_ in POSSESSIVES:
        # "during its invasion of Ukraine": the state named before
        actors = parts.resolve_pronoun(possessors, layers, pronouns=POSSESSIVES)
    recipient_tokens = prep_objects(token, RECIPIENT_PREPS)
    if token.dep_ == "pobj" and token.head.lower_ == "of":  # "a wave of strikes on X"
        recipient_tokens += prep_objects(token.head.head, RECIPIENT_PREPS)
    if token.dep_ == "dobj":  # "imposed sanctions on X", the phrase hung on the verb
        recipient_tokens += prep_objects(token.head, RECIPIENT_PREPS)
        if trigger.type == "ASSAULT" and repelled:
            recipient_tokens += subject_of(token.head)[0]  # "Kyiv repelled Russian assaults"
    for pobj in prep_objects(token, frozenset({"of"}))[:1]:  # "a suspension of links with X"
        recipient_tokens += prep_objects(pobj, RECIPIENT_PREPS)
    if trigger.type in CONTENT_TYPES:  # "the demand that Israel ease restrictions"
        recipient_tokens += complement_recipients(token, True)
        if token.dep_ == "dobj":  # "reiterated its demand today that Israel ease": on the verb
            recipient_tokens += complement_recipients(token.head, True)
    patient: list[Token] = []
    if trigger.type in PATIENT_NOUNS:
        patient = prep_objects(token, frozenset({"of"}))
        if not patient and trigger.mode == "abduct":
            # "the two soldiers' capture": without an `of` phrase the possessor is the captive.
            patient = [t for c in token.children if c.dep_ == "poss" for t in c.subtree]
            actors = [m for m in actors if not any(m.span.start == t.idx for t in patient)]
        recipient_tokens += patient
    if not actors and trigger.type in VOICED:  # "drew condemnation from Japan and Seoul"
        actors = layers.actors_in(parts.with_conjuncts(prep_objects(token, frozenset({"from"}))))
    if not actors and trigger.type == "ASSAULT":  # "Russian assaults", "Israeli strikes"
        actors = layers.demonym_actors(noun_actor_tokens(token), lex.demonyms)
    if not actors and not repelled:
        # "preparation for an additional dispatch of troops": the clause's subject
        for head in chain(token):
            if head.pos_ in {"VERB", "AUX"}:
                subject, passive = subject_of(head)
                found = agent_of(head) if passive else subject
                actors = layers.actors_in(found) or parts.resolve_pronoun(found, layers)
                break
    # "the invasion of Ukraine began": the `of` phrase is the one attacked, never the attacker;
    # a name that holds the trigger ("the Union Security Treaty") is no party to it.
    actors = [
        m
        for m in actors
        if not any(m.span.start == t.idx for t in patient)
        and not m.span.start <= token.idx < m.span.end == token.idx + len(token)
    ]
    if not actors and trigger.type in SYMMETRIC:  # "the pact between Moscow and Pyongyang"
        partners = parts.partners(token, layers)
        actors = partners if len(codes_of(partners)) > 1 else []
    recipients = layers.actors_in(recipient_tokens)
    if not recipients and repelled:  # "they repelled the assaults": who they are
        defenders = subject_of(token.head)[0]
        owners = [c for c in defenders[0].children if c.dep_ == "poss"] if defenders else []
        recipients = parts.resolve_pronoun(defenders, layers) or parts.resolve_pronoun(
            owners, layers, pronouns=POSSESSIVES
        )
    return parts.Frame(actors, recipients, [], patient, recipient_tokens)


def _is_agentless_sending(token: Token, trigger: Trigger, frame: parts.Frame) -> bool:
    """Troops or personnel sent, in a passive without an agent ("more soldiers had been
    dispatched", "the 11,000 troops sent last year"), their side unnamed."""
    if trigger.type != "AID|MOBILIZE" or not parts.is_sending(token) or token.pos_ != "VERB":
        return False
    passive = any(c.dep_ == "auxpass" for c in token.children) or (
        token.dep_ == "acl" and token.tag_ == "VBN"
    )
    return passive and any(t.lemma_.lower() in PERSONNEL for t in frame.patient)


ARMED_NOUNS = TROOP_NOUNS | parts.FORCES
"""Subjects that make a movement an armed one ("troops crossed", "police entered")."""


def _is_armed(token: Token, frame: parts.Frame) -> bool:
    """Whether forces make the movement: a military or rebel actor, or troops as subject."""
    if any(m.actor.sector in ARMED_SECTORS for m in frame.actors):
        return True
    subject, _ = subject_of(token)
    return any(t.lemma_.lower() in ARMED_NOUNS for t in subject)


def _takes_ground(token: Token, layers: Layers, lex: Lexicons) -> bool:
    """Whether a verb of taking takes ground: a place, or a noun of ground ("seized the city"),
    not people or arms ("captured a commander", "seized weapons")."""
    if token.lemma_.lower() not in TAKING_VERBS:
        return False
    taken = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(t.i in layers.places or t.lemma_.lower() in lex.ground for t in taken)


def _ground_taken(patient: list[Token], layers: Layers) -> tuple[Token, Place] | None:
    """The place an assault takes ("retook the town of Sudzha"): where it happened. A place
    in a name of people taken ("North Korean soldiers") is not ground."""
    for token in patient:
        place = layers.places.get(token.i)
        if place is not None and token.i not in layers.actors:
            return token, place
    return None


def _in_combat(token: Token, lex: Lexicons) -> bool:
    """Whether a prepositional phrase of the verb names fighting ("in battle", "in a strike")."""
    return any(
        is_combat(pobj, lex)
        for prep in token.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


MEMBERS = frozenset({"member", "ally", "nation", "state", "country", "government"})
"""Plural subjects that make an organisation's members parties to one another."""


def _threatens_repression(token: Token, lex: Lexicons) -> bool:
    """Whether the threat's complement names a repression ("to impose a curfew")."""
    below = [t for c in token.children if c.dep_ == "xcomp" for t in c.subtree]
    return any(
        e.type == "COERCE" and len(e.words) == 1
        for t in below
        for e in lex.triggers.get(t.lemma_.lower(), [])
    )


def _purpose(token: Token) -> set[str]:
    """The lemmas of the verbs of the token's purpose clauses ("sent experts to investigate")."""
    return {
        c.lemma_.lower()
        for c in token.children
        if c.dep_ in {"advcl", "xcomp"} and any(a.lower_ == "to" for a in c.children)
    }


def _among_members(token: Token, actors: list[ActorMention]) -> bool:
    """An organisation's members acting together ("NATO members agreed", "the 32 member
    nations of the alliance"): an agreement among them, each the other's recipient."""
    if len(actors) != 1 or actors[0].actor.sector != "IGO":
        return False
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    subject, _ = subject_of(verb)
    return any(t.lemma_.lower() in MEMBERS and t.tag_ in {"NNS", "NNPS"} for t in subject) or any(
        t.lower_ == "member" for t in subject
    )


def _continues(verb: Token | None) -> bool:
    """'will continue its consultations with Kyiv': talks under way go on, a consultation
    still, not a promise of one."""
    return verb is not None and verb.lemma_.lower() == "continue" and is_stated_intent(verb)


def _type_and_mode(trigger: Trigger, frame: parts.Frame, layers: Layers) -> tuple[str, str | None]:
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


def _is_claim_denial(token: Token) -> bool:
    """ "denied the claims", "dismissed the reports": the object is someone's assertion."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in CLAIMS for c in token.children)


def _earlier_claimants(doc: Doc, token: Token, own: list[str]) -> list[str]:
    """Who made the claims a party denies: the claimants of the attributions before the
    denial, nearest first, other than the denying party."""
    found: list[str] = []
    before = [a for a in layer(doc, "attributions") if a.content.end <= token.idx]
    for attribution in sorted(before, key=lambda a: -a.content.start):
        found += [c for c in attribution.claimant_codes() if c not in own and c not in found]
    return found


def _is_treaty_act(token: Token) -> bool:
    """A signing, ratification or entry into force whose parties only the article names ("the
    agreement was ratified in November", "the signing of the treaty")."""
    if token.lower_ in TREATIES:
        return True
    near = [c for c in token.children if c.dep_ in {"nsubjpass", "dobj", "nsubj"}]
    near += [t for t in prep_objects(token, frozenset({"of"}))]
    return any(t.lower_ in TREATIES for n in near for t in n.subtree)


def extract_events(doc: Doc, lex: Lexicons, alpha3: dict[str, str]) -> list[Event]:
    skip = doc_non_prose(doc)
    # A dateline ("MOSCOW -") says where the report was filed: no party to what it tells.
    datelines = doc_datelines(doc)
    places = layer(doc, "places")
    actors = [a for a in layer(doc, "actors") if not in_ranges(a.span.start, a.span.end, datelines)]
    layers = Layers.build(doc, actors, places, layer(doc, "timexes"), alpha3)
    found = find_triggers(doc, lex, skip)
    by_index = {token.i: trigger for token, trigger in found}
    events: list[Event] = []
    kinds: dict[int, str | None] = {}
    plenary: set[int] = set()
    territorial: set[int] = set()
    taken: set[int] = set()
    for token, trigger in found:
        if is_suppressed(token, by_index):
            continue
        if token.lemma_ == "suffer" and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in LOSSES for c in token.children
        ):
            continue
        if token.pos_ == "ADJ" and not any(c.dep_ == "xcomp" for c in token.children):
            continue
        if token.lemma_.lower() in PERMITTING and (token.tag_ == "VBG" or token.dep_ == "advcl"):
            continue  # "..., allowing Moscow to act", "resigned to allow elections": an aim
        if token.lemma_ == "die" and not _in_combat(token, lex):
            continue  # a death is an assault only in fighting ("died in battle")
        recoded = recode(token, trigger, lex)
        if recoded is None:
            continue
        event = _code(doc, token, recoded, layers, lex, alpha3)
        if event is not None and promises_readying(token, event, by_index):
            continue  # "vowed to reinforce its forces": the readying, future, is the event
        if event is not None and event.type == "THREATEN" and event.mode is None:
            event = event.model_copy(update={"mode": threat_mode(token, recoded, by_index)})
        if event is not None:
            events.append(event)
            kinds[event.trigger.start] = _object_kind(token) if event.type == "AID" else None
            if token.lemma_.lower() in TERRITORIAL:
                territorial.add(event.trigger.start)
            if _takes_ground(token, layers, lex):
                taken.add(event.trigger.start)
            if event.type == "CONSULT" and _is_multilateral(token, event, layers):
                plenary.add(event.trigger.start)
                events[-1] = event.model_copy(update={"mode": "multilateral"})
    home = _home_state(places, datelines, alpha3)
    completed = complete_from_context(events, plenary, territorial, taken, home)
    return locate_fighting(merge_events(completed, kinds))


def _home_state(
    places: list[Place], datelines: list[tuple[int, int]], alpha3: dict[str, str]
) -> str | None:
    """The state most of the report's places lie in (not counting where it was filed), if one
    leads."""
    found = Counter(
        alpha3.get(p.country, p.country)
        for p in places
        if p.country and not in_ranges(p.span.start, p.span.end, datelines)
    )
    return leader(found)


def _is_multilateral(token: Token, event: Event, layers: Layers) -> bool:
    """A summit, or a meeting of an organisation's members ("EU ministers at their meeting"):
    a consultation among many, coded with its one named party and no recipient."""
    if token.lemma_.lower() in PLENARY:
        return True
    bodies = {m.actor.code for m in layers.actors.values() if m.actor.sector == "IGO"}
    return bool(event.actor) and set(event.actor) <= bodies


def kind_of_bare_noun(
    token: Token, trigger: Trigger, frame: parts.Frame, layers: Layers
) -> str | None:
    """The type of a noun trigger that names neither its own actor (possessor, modifier,
    `by` phrase) nor a recipient: its actor was only taken from the clause around it."""
    if token.pos_ in {"VERB", "AUX", "ADJ"} or frame.recipient_codes:
        return None
    return None if layers.actors_in(noun_actor_tokens(token)) else trigger.type


def codes_of_mediated(token: Token, layers: Layers, kind: str) -> list[str]:
    """The two or more sides a consultation is held between, if any."""
    if kind != "CONSULT":
        return []
    sides = codes_of(parts.mediated(token, layers))
    return sides if len(sides) > 1 else []


def _object_kind(token: Token) -> str | None:
    """What a verb moves, as far as merging needs it: 'troops' or 'goods' ("sent soldiers"
    and "sent shells" are two shipments), None when the verb has no object."""
    if token.pos_ != "VERB":
        return None
    themes = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if token.dep_ == "acl":
        themes.append(token.head)
    if not themes:
        return None
    troops = any(t.lemma_.lower() in PERSONNEL for t in themes)
    return "troops" if troops else "goods"


def _code(
    doc: Doc,
    token: Token,
    trigger: Trigger,
    layers: Layers,
    lex: Lexicons,
    alpha3: dict[str, str],
) -> Event | None:
    verbal = token.pos_ in {"VERB", "AUX", "ADJ"}
    frame = (_verb_frame if verbal else _noun_frame)(token, trigger, layers, lex)
    # A news agency reports events; the parse sometimes hands it the event ("..., AFP").
    frame.actors = [m for m in frame.actors if m.actor.sector != "MED"]
    # "ethnic Albanians demonstrated in Serbia": an ethnic group, not the state of its name
    frame.actors = [m for m in frame.actors if not parts.is_ethnic(doc, m, layers)]
    treaty = trigger.type == "SUPPORT" and _is_treaty_act(token)
    if not frame.actors and trigger.type in DOMESTIC:
        frame.actors = parts.people_of(token, layers, lex)
    if not frame.actors and trigger.type == "PROTEST":
        frame.actors = parts.aggrieved_people(token, layers) or parts.people_where(token, layers)
    # "3,000 more had been dispatched": troops sent by nobody named, whom the article's other
    # sendings name (`event_context`)
    unsent = not frame.actors and _is_agentless_sending(token, trigger, frame)
    if not frame.actors and trigger.type not in IMPLIED_ACTOR and not treaty and not unsent:
        return None
    if token.lemma_.lower() in ARMED_MOVES and not _is_armed(token, frame):
        return None
    parts.fill_recipients(frame, token, trigger, layers, alpha3, lex)
    if not frame.actors and not frame.recipient_codes and not treaty and not unsent:
        return None  # neither side named: nothing for the article-level pass to go on
    if kind_of_bare_noun(token, trigger, frame, layers) == "SANCTION":
        return None  # "despite existing sanctions": neither who imposed them nor on whom
    actor_codes = codes_of(frame.actors)
    kind, mode = _type_and_mode(trigger, frame, layers)
    if not frame.recipient_codes and trigger.type == "AID|MOBILIZE" and parts.is_sending(token):
        kind, mode = "AID", None  # sent somewhere the article names elsewhere, or dropped
    if parts.is_arrival(token):
        # Troops arriving in a country are help sent there; a leader arriving is a visit.
        if not frame.recipient_codes:
            return None
        subject, _ = subject_of(token)
        troops = any(t.lemma_.lower() in TROOP_NOUNS for t in subject)
        if not troops and not any(m.actor.sector == "MIL" for m in frame.actors):
            kind, mode = "CONSULT", "visit"
    allies = parts.allies(token, layers) if kind == "ASSAULT" else []
    if allies:
        kind, mode = "AID", None
        frame.recipient_codes = [c for c in codes_of(allies) if c not in actor_codes]
    if kind == "AID" and _purpose(token) & INVESTIGATING:
        kind, mode = "ACCUSE", "investigate"  # "sent a team to Bosnia to investigate"
    governed_by = governing(token)
    if kind == "ASSAULT" and governed_by & READYING:
        kind, mode = "MOBILIZE", None  # "prepared to resume shelling": forces readied
    if kind == "AGREE" and governed_by & FAILING:
        kind, mode = "REJECT", None  # "failed to reach agreement"
    states = {m.actor.country for m in frame.actors if m.actor.country}
    if kind == "MOBILIZE" and token.lemma_.lower() in EXERCISES and len(states) > 1:
        kind, mode = "COOPERATE", None  # a joint exercise: military cooperation (CAMEO 062)
    sides = codes_of_mediated(token, layers, kind)
    if sides and actor_codes and not set(sides) & set(actor_codes):
        # "X launched a mediation effort between Y and Z": a third party's consultation
        mode, frame.recipient_codes = "third-party", sides
    elif kind in SYMMETRIC:
        # "X and Y signed", "a pact between X and Y", "X signed a treaty with Y": every party
        # is both actor and recipient.
        partners = [c for c in codes_of(parts.partners(token, layers)) if c not in actor_codes]
        actor_codes += partners
        if len(actor_codes) > 1:
            frame.recipient_codes = list(dict.fromkeys(frame.recipient_codes + actor_codes))
        elif not frame.recipient_codes and _among_members(token, frame.actors):
            frame.recipient_codes = list(actor_codes)  # "NATO members reached an agreement"
    if kind == "AGREE":  # "told Kyiv it is willing to ...": the offer is made to the addressee
        addressees = codes_of(parts.addressees_of(token, layers))
        frame.recipient_codes += [c for c in addressees if c not in actor_codes]
    status, denied = status_of(token, trigger.status, lex)
    negated = any(c.dep_ == "neg" for c in token.children)
    # Troop movements keep their type whatever announces them ("will send troops": AID).
    # "would impose sanctions", "will hold talks": the light verb carries the intention.
    stating = token if token.pos_ == "VERB" else token.head if token.dep_ == "dobj" else None
    ongoing = stating is not token and kind == "CONSULT" and _continues(stating)
    if ongoing:
        status = "future" if status == "factual" else status  # "will continue its talks"
    elif stating is not None and trigger.type != "AID|MOBILIZE" and is_stated_intent(stating):
        light = "future" if stating is not token and status == "factual" else status
        stated = intent_type(kind, mode, light, negated, stating)
        if stated[0] != kind and not frame.recipient_codes and kind != "AGREE":
            return None  # an intention towards nobody named: the frame was not read
        kind, mode, status = stated
        negated = negated and kind != "REJECT"
    if kind == "REJECT" and negated:
        return None  # "did not deny" reports no rejection
    if denied and status not in {"negated"}:
        status = "denied"
    if kind == "REJECT" and not frame.recipient_codes and _is_claim_denial(token):
        frame.recipient_codes = _earlier_claimants(doc, token, actor_codes)[:1]
    claimant, status = _claim(doc, token, status)
    actor_codes += parts.party_state(token, frame, set(alpha3.values()))
    if kind != "CONSULT":  # a visit's host is no clue to the visitor's state
        actor_codes += [
            c for c in parts.official_state(token, frame, layers) if c not in actor_codes
        ]
    actor_codes += home_states(frame.actors, actor_codes, frame.recipient_codes)
    frame.recipient_codes += home_states(frame.recipients, frame.recipient_codes, actor_codes)
    actor_codes += parts.named_homes(frame.actors, actor_codes, lex.demonyms)
    frame.recipient_codes += parts.named_homes(
        frame.recipients, frame.recipient_codes + actor_codes, lex.demonyms
    )
    # "extended the mandate of the force in Lebanon (UNIFIL)": a mission stands for its host
    hosts = [m.actor.country for m in frame.recipients if m.actor.sector == "IGO"]
    frame.recipient_codes += [c for c in hosts if c and c not in frame.recipient_codes]
    if kind == "THREATEN" and not frame.recipient_codes and _threatens_repression(token, lex):
        # "threatened to impose a curfew": a restriction at home, on the state's own people
        frame.recipient_codes = [c for c in actor_codes if c in alpha3.values()][:1]
    when = date_of(token, layers)
    where = place_of(token, layers)
    if where is None and kind == "ASSAULT":
        where = _ground_taken(frame.patient, layers)
    country = alpha3.get(where[1].country) if where and where[1].country else None
    if where is None and kind == "MOBILIZE" and actor_codes and actor_codes[0] in alpha3.values():
        country = actor_codes[0]
    visited = [c for c in frame.recipient_codes if c in alpha3.values()]
    if where is None and mode == "visit" and visited:
        country = visited[0]  # "Putin visited Pyongyang": the visit takes place there
    published = doc._.published
    if when is not None:
        date, source, date_span = when[1].value, "text", _span_of(when[0])
    elif published is not None and not layers.timexes:
        # Only an article without any time expression is dated by its publication (month);
        # elsewhere an undated event stays undated rather than taking the report's date.
        date, source, date_span = published.strftime("%Y-%m"), "published", None
    else:
        date, source, date_span = None, "none", None
    evidence = _with_actors(clause_span(token), frame.actors)
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
        trigger=TextSpan(start=token.idx, end=token.idx + len(token), text=token.text),
        evidence=_span_of(evidence),
        actor_spans=[m.span for m in frame.actors],
        recipient_spans=[m.span for m in frame.recipients],
        place_span=_span_of(doc[where[0].i : where[0].i + 1]) if where else None,
        date_span=date_span,
        claimant=claimant,
        extractor=EXTRACTOR,
    )
