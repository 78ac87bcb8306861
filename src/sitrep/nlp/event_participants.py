"""Who takes part in an event: actors and recipients found beyond the trigger's own frame.

Pronouns and collective subjects resolved to the states named before them, the opponents
of a side in a fight, allies and partners named by `with`/`alongside`, and the recipients a
sending or an arrival implies, and the people of a country who protest without a state named.
Used by `events`; split from it to keep each module small.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.nlp.cues import RECOVERING_VERBS, TAKING_VERBS
from sitrep.nlp.event_frames import (
    OPPONENT_PREPS,
    PRONOUNS,
    RECIPIENT_PREPS,
    REPORTING,
    Layers,
    Lexicons,
    Trigger,
    chain,
    codes_of,
    domestic_recipients,
    is_combat,
    match_trigger,
    objects_of,
    phrase,
    prep_objects,
    state_mention,
    subject_of,
    unplaced,
)
from sitrep.nlp.event_setting import place_of
from sitrep.nlp.gazetteer import default_gazetteer
from sitrep.records import Actor, ActorMention

RELATIVES = frozenset({"which", "that"})

PERSONAL = frozenset({"he", "she"})

PARTNER_PREPS = frozenset({"with", "between", "alongside"})

SENDING = frozenset({"send", "dispatch", "deploy", "deployment"})

PLACED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})

"""Types whose recipient may be the state where they happened."""
DOMESTIC_TYPES = frozenset({"COERCE", "PROTEST"})
"""Of these, the types whose recipient may be the actor's own state."""
PEOPLE = frozenset({"REB", "PTY", "CVL"})
"""Sectors of non-state parties of a country."""

LOCATING = frozenset({"in", "near"})
IN = frozenset({"in"})
TOWARDS = frozenset({"in", "into", "to"})
OWNING = frozenset({"for", "of"})
"""Prepositions naming whom a target belongs to ("a camp for Congolese refugees")."""

ALLY_PREPS = frozenset({"alongside"})

"""Fighting "alongside" a force is help sent to it (AID), not an assault."""

COLLECTIVE = frozenset(
    {"leader", "side", "country", "nation", "both", "two", "party", "government"}
)

"""Subjects that stand for several parties named around them."""


@dataclass
class Frame:
    """The participants a trigger's frame yields, filled in by the event layer."""

    actors: list[ActorMention]
    recipients: list[ActorMention]
    recipient_codes: list[str]
    patient: list[Token]
    recipient_tokens: list[Token]


def is_state(mention: ActorMention) -> bool:
    return mention.actor.country is not None and mention.actor.code == mention.actor.country


def reporters_of(token: Token, layers: Layers) -> list[ActorMention]:
    """The subject of the reporting verb above the token ("Zelenskyy said ...")."""
    for head in chain(token, stop_at_reporting=False):
        if head.lemma_.lower() in REPORTING:
            subject, _ = subject_of(head)
            return layers.actors_in(subject)
    return []


def reported_subject(token: Token, layers: Layers) -> list[ActorMention]:
    """The named subject of the reported clause a possessive sits in ("Moscow said it had
    retaken the town Ukraine had held since its incursion": Ukraine's): within reported
    speech a possessive is bound by its own clause's subject before the reporter."""
    heads = chain(token, stop_at_reporting=False)
    if not any(h.lemma_.lower() in REPORTING for h in heads):
        return []
    for head in heads:
        if head.lemma_.lower() in REPORTING:
            return []
        if head.pos_ in {"VERB", "AUX"}:
            subject, passive = subject_of(head)
            if passive or not subject or subject[0].lower_ in PRONOUNS:
                return []
            return [m for m in layers.actors_in(subject) if m.actor.country is not None]
    return []


def is_taking(token: Token, trigger: Trigger) -> bool:
    """Whether the verb takes ground or takes it back ("seized", "recaptured", "took back")."""
    return token.lemma_.lower() in TAKING_VERBS or _is_recovering(token, trigger)


def _is_recovering(token: Token, trigger: Trigger) -> bool:
    return token.lemma_.lower() in RECOVERING_VERBS or trigger.words[-1] == "back"


def ground_taker(
    token: Token, trigger: Trigger, patient: list[Token], layers: Layers
) -> list[ActorMention]:
    """Who took the ground an agentless passive says was taken ("the region had been
    recaptured"): the state party that reports it, as PLOVER coders read a side's claim of a
    gain, unless plain taking of its own ground, which is a loss it admits; without such a
    reporter, ground taken back is its own state's."""
    if not is_taking(token, trigger):
        return []
    places = [layers.places[t.i] for t in patient if t.i in layers.places]
    codes = [layers.alpha3.get(p.country) for p in places if p.country]
    home = next((c for c in codes if c), None)
    if home is None:
        return []
    recovering = _is_recovering(token, trigger)
    reporters = [m for m in reporters_of(token, layers) if m.actor.country]
    if reporters:
        if not recovering and reporters[0].actor.country == home:
            return []
        return reporters[:1]
    if not recovering:
        return []
    return [state_mention(places[0], home)]


def addressees_of(token: Token, layers: Layers) -> list[ActorMention]:
    """Whom the reporting verb above the token addresses ("notified Ukraine that ...")."""
    for head in chain(token, stop_at_reporting=False):
        if head.lemma_.lower() in REPORTING:
            return layers.actors_in(
                [t for c in head.children if c.dep_ in {"dobj", "dative"} for t in phrase(c)]
            )
    return []


def resolve_pronoun(
    tokens: list[Token],
    layers: Layers,
    besides: frozenset[str] = frozenset(),
    pronouns: frozenset[str] = PRONOUNS,
) -> list[ActorMention]:
    """A pronoun subject: the reporter above it, else the last state or person named before;
    `besides` are the codes it cannot stand for ("Russia provided them": not Russia)."""
    if not tokens or tokens[0].lower_ not in pronouns:
        return []
    if tokens[0].dep_ == "poss":
        bound = [m for m in reported_subject(tokens[0], layers) if m.actor.code not in besides]
        if bound:
            return bound
    reporter = [m for m in reporters_of(tokens[0], layers) if m.actor.code not in besides]
    if reporter:
        return reporter
    plural = _plural_subject_above(tokens[0])
    if plural is not None:
        # "the rebels still hold Goma, which they seized": the subject of the clause above,
        # whether or not the actor layer could name it, not the last state named before
        return [m for m in layers.actors_in(phrase(plural)) if m.actor.code not in besides]
    before = [
        m
        for i, m in layers.actors.items()
        if i < tokens[0].i and m.actor.country is not None and m.actor.code not in besides
    ]
    reported = any(h.lemma_.lower() in REPORTING for h in chain(tokens[0], False))
    if tokens[0].lower_ in PERSONAL and not reported:  # "he praised": a person, not a capital
        people = [m for m in before if is_named_person(m, layers)]
        before = people or before
    return [max(before, key=lambda m: m.span.start)] if before else []


def _plural_subject_above(pronoun: Token) -> Token | None:
    """The plural noun subject of the clause that a relative clause holding "they" hangs on."""
    if pronoun.lower_ not in {"they", "them"} or pronoun.head.dep_ != "relcl":
        return None
    for head in chain(pronoun.head, False):
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            subject = subjects[0]
            return subject if subject.tag_ in {"NNS", "NNPS"} else None
    return None


def coordinated_pronouns(
    tokens: list[Token], layers: Layers, found: list[ActorMention]
) -> list[ActorMention]:
    """The people a pronoun coordinated with a name stands for ("he and Kim Jong Un signed"):
    resolved like a pronoun subject, beside the parties already `found`."""
    if not found:
        return []
    codes = frozenset(m.actor.code for m in found)
    added: list[ActorMention] = []
    for token in tokens:
        if token.lower_ in PERSONAL and (token.dep_ == "conj" or token.conjuncts):
            for mention in resolve_pronoun([token], layers, codes):
                if mention.actor.code not in codes:
                    added.append(mention)
    return added


def is_named_person(mention: ActorMention, layers: Layers) -> bool:
    """A name or title of several capitalised words ("Vladimir Putin", "Ukrainian President"),
    as against a state, a capital standing for it or a force ("Kyiv's forces")."""
    words = mention.span.text.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if mention.actor.sector in {"MED", "UNK"}:
        return False  # a newspaper or news agency is not who acts
    return layers.token_at(mention.span.start) not in layers.places


def nearest_before(
    token: Token, layers: Layers, plural: bool, subject: list[Token] | None = None
) -> list[ActorMention]:
    """Fallback actor: the nearest state or person named before the trigger in its sentence
    (all of them for a collective subject: "the leaders signed")."""
    sent = token.sent
    before = [
        m
        for i, m in sorted(layers.actors.items())
        if sent.start <= i < token.i and m.actor.country is not None
    ]
    if plural:
        found = list({m.actor.country: m for m in before}.values())
        if len(found) < 2 and is_pair(subject or []):
            found = _last_pair(token, layers, found)
        return found
    return before[-1:]


PAIR_WORDS = frozenset({"two", "both"})
"""A collective subject that counts two parties ("the two countries", "both sides")."""


def is_pair(subject: list[Token]) -> bool:
    """Whether a subject is a pair ("the two countries signed", "both sides agreed")."""
    return any(t.lower_ in PAIR_WORDS for t in subject)


def _last_pair(token: Token, layers: Layers, found: list[ActorMention]) -> list[ActorMention]:
    """The two parties a pair stands for: those named in the sentence, then the nearest states
    named before it in the article ("Russia and North Korea ... the treaty the two countries
    signed in June")."""
    countries = {m.actor.country for m in found}
    earlier = [
        m
        for i, m in sorted(layers.actors.items(), reverse=True)
        if i < token.sent.start and m.actor.country is not None and is_state(m)
    ]
    for mention in earlier:
        if len(countries) == 2:
            break
        if mention.actor.country not in countries:
            countries.add(mention.actor.country)
            found.append(mention)
    return found if len(countries) == 2 else []


FORCES = frozenset({"force", "police", "troop", "army", "soldier", "policeman", "militia", "guard"})
"""Subjects named by where they serve ("security forces in Guinea"): the state there."""


def stationed(tokens: list[Token], layers: Layers) -> list[ActorMention]:
    """The state of a force named only by its country's name ("police in Kenya arrested")."""
    if not tokens or tokens[0].lemma_.lower() not in FORCES:
        return []
    return [m for m in layers.actors_in(prep_objects(tokens[0], IN)) if is_state(m)]


def is_collective(tokens: list[Token], subject: bool = False) -> bool:
    """Whether a collective noun heads the tokens as the verb's subject (`subject`: the
    tokens are known to be the subject whatever the parse calls them)."""
    return any(
        t.lemma_.lower() in COLLECTIVE and (subject or t.dep_.startswith("nsubj")) for t in tokens
    )


def opponents(token: Token, layers: Layers, lex: Lexicons) -> list[ActorMention]:
    """The other side of a fight in the clause ("killed in combat against Ukrainian forces",
    "suffered losses in battles with X"): the inflicter of losses stated without an agent."""
    for prep in OPPONENT_PREPS:  # "against" first: "with" also introduces circumstances
        for t in token.subtree:
            if t.dep_ != "prep" or t.lower_ != prep or not is_combat(t.head, lex):
                continue
            found = layers.actors_in([w for pobj in t.children for w in phrase(pobj, False)])
            if found:
                return found
    return []


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and the phrases coordinated with them ("Japan, South Korea and the US")."""
    found = list(tokens)
    for token in tokens:
        for conj in token.conjuncts:
            found.extend(phrase(conj, False))
    return list(dict.fromkeys(found))


def purpose_recipients(token: Token, layers: Layers, lex: Lexicons) -> list[ActorMention]:
    """'deployed troops to support Moscow's forces', 'sent troops to fight for Russia': the
    helped party of a purpose clause. A fight's object or `against` phrase is the enemy."""
    for child in token.children:
        if child.dep_ in {"advcl", "xcomp"} and any(c.lower_ == "to" for c in child.children):
            match = match_trigger(child.doc, child.i, lex)
            combat = is_combat(child, lex) or (match is not None and match[2].type == "ASSAULT")
            aimed = [] if combat else objects_of(child) + prep_objects(child, RECIPIENT_PREPS)
            found = layers.actors_in(aimed + prep_objects(child, BENEFICIARY))
            found = found or allies(child, layers)  # "sent troops to fight alongside Russia"
            if found:
                return found
    return []


BENEFICIARY = frozenset({"for"})


def fill_recipients(
    frame: Frame,
    token: Token,
    trigger: Trigger,
    layers: Layers,
    alpha3: dict[str, str],
    lex: Lexicons,
) -> None:
    demonyms = lex.demonyms
    actor_codes = set(codes_of(frame.actors))
    # Insurgents fighting at home fight their own state ("Afghan rebels blew up lines into Kabul").
    insurgent = bool(frame.actors) and all(m.actor.sector == "REB" for m in frame.actors)
    own_state = set() if insurgent else actor_codes
    codes = [c for c in recipient_codes(frame.recipients, layers, alpha3) if c not in actor_codes]
    codes += domestic_recipients(frame.actors, frame.recipients)
    if not codes:  # "rejected an Australian ultimatum": the state the adjective names
        named = layers.states_named(frame.recipient_tokens, demonyms)
        codes = [c for c in named if c not in actor_codes]
    if not codes and trigger.type == "SANCTION":
        # "sanctions on ships of Russia's shadow fleet": the state that owns what is targeted.
        nested = [t for r in frame.recipient_tokens for t in r.subtree]
        named = layers.states_named(list(dict.fromkeys(nested)), demonyms)
        codes = [c for c in named if c not in actor_codes][:1]
    if not codes and trigger.type == "ASSAULT":
        # "the last village held by Ukrainian troops has been recaptured": the holder.
        codes = [c for c in codes_of(holders(frame.patient, layers)) if c not in actor_codes]
    if not codes and trigger.type in {"ASSAULT", "AID|MOBILIZE", "AID", "RETREAT"}:
        # Territory attacked or troops sent somewhere: the state the place lies in. A relative
        # pronoun's antecedent may be any place named before it (the parse often attaches
        # "..., which Ukraine seized" to the wrong noun).
        relative = [c for c in token.children if c.dep_ == "dobj" and c.lower_ in RELATIVES]
        before = [i for i in layers.places if relative and token.sent.start <= i < relative[0].i]
        extra = [token.doc[max(before)]] if before else []
        arrival = prep_objects(token, frozenset({"in", "at"})) if is_arrival(token) else []
        aimed = frame.patient + prep_objects(token, RECIPIENT_PREPS)
        # "fired shells at targets in Jericho": the place of what is aimed at
        located = [t for a in aimed for t in prep_objects(a, LOCATING)]
        # "lines leading into Kabul": the place the target runs to
        located += [
            t
            for a in aimed
            for c in a.children
            if c.dep_ == "acl"
            for t in prep_objects(c, TOWARDS)
        ]
        for t in aimed + extra + arrival + located:
            place = layers.places.get(t.i)
            code = alpha3.get(place.country) if place and place.country else None
            if code and code not in own_state:
                codes.append(code)
                break
    if not codes and trigger.type == "ASSAULT":
        # "a camp for Congolese refugees was attacked": the people the target belongs to
        nested = [t for p in frame.patient for t in prep_objects(p, OWNING)]
        named = layers.states_named(list(dict.fromkeys(nested)), demonyms)
        codes = [c for c in named if c not in actor_codes][:1]
    if not codes and trigger.type.startswith("AID"):
        codes = [
            c for c in codes_of(purpose_recipients(token, layers, lex)) if c not in actor_codes
        ]
    if not codes and trigger.type in PLACED_TYPES:
        # "attacks in Kursk", "an offensive into Russian territory": the state where it
        # happened, when that is not the actor's own.
        # Repression and protest may happen in the actor's own country ("rioted in Lagos").
        own = set() if trigger.type in DOMESTIC_TYPES else own_state
        sites = prep_objects(token, frozenset({"in", "into"}))
        # "rioted at a jail in northern Israel": the place of the site
        sites += [t for a in prep_objects(token, frozenset({"at"})) for t in prep_objects(a, IN)]
        named = layers.states_named(sites, demonyms)
        codes = [c for c in named if c not in own][:1]
        where = place_of(token, layers)
        place = where[1] if where else None
        code = alpha3.get(place.country) if place and place.country else None
        if not codes and place and code and code not in own and place.feature != "water":
            codes.append(code)
    if not codes and trigger.type in {"ASSAULT", "COERCE"} and at_protesters(token, frame):
        # "police opened fire to disperse demonstrators": repression at home
        codes = [m.actor.country for m in frame.actors if m.actor.country][:1]
    if not codes and trigger.type in {"CONCEDE", "PROTEST"}:
        # "lifted the state of emergency", "miners went on strike": a concession to the actor's
        # own people, a protest against its own state (PLOVER codes a domestic recipient with
        # the state's code)
        codes = [m.actor.country for m in frame.actors if m.actor.country][:1]
    codes += compatriots(frame.actors, frame.recipients, codes)
    named_only = bool(frame.recipients) and all(unplaced(m) for m in frame.recipients)
    if trigger.type in INTERNAL and codes and named_only:
        # "prepared to lift the ban on the Islamic Front": a party of the actor's own state
        codes += [c for c in codes_of(frame.actors) if c in alpha3.values() and c not in codes]
    frame.recipient_codes = list(dict.fromkeys(codes))


PROTESTERS = frozenset(
    {"demonstrator", "protester", "protestor", "rioter", "crowd", "marcher", "striker"}
)


def at_protesters(token: Token, frame: Frame) -> bool:
    """Whether force is used on protesters: its object, or the object of its purpose clause
    ("opened fire to disperse demonstrators")."""
    aims = [c for c in token.children if c.dep_ in {"advcl", "xcomp"}]
    targets = frame.patient + [t for a in aims for t in objects_of(a)]
    return any(t.lemma_.lower() in PROTESTERS for t in targets)


INTERNAL = frozenset({"CONCEDE", "AGREE", "REJECT", "COERCE"})
"""Types often between a government and a party of its own country."""


def compatriots(
    actors: list[ActorMention], recipients: list[ActorMention], codes: list[str]
) -> list[str]:
    """The state of a non-state actor, for a recipient the actor layer could not place
    ("Bolivian rebels demanded the removal of President X"): a party of the actor's own
    country, which PLOVER codes with the state's code."""
    if any(m.actor.country is not None for m in recipients):
        return []
    homes = {m.actor.country for m in actors if m.actor.country and m.actor.sector in PEOPLE}
    unplaced = [m for m in recipients if m.actor.sector == "UNK"]
    return [c for c in sorted(homes) if c not in codes] if unplaced and len(homes) == 1 else []


HOLDING = frozenset({"hold", "control", "occupy", "seize", "capture"})
"""Participles naming who holds ground ("a town held by rebels")."""


def holders(patient: list[Token], layers: Layers) -> list[ActorMention]:
    """The agent of a participle on the patient: who held the ground taken."""
    found: list[Token] = []
    for token in patient:
        for child in token.children:
            if child.dep_ != "acl" or child.lemma_.lower() not in HOLDING:
                continue
            for agent in child.children:
                if agent.dep_ == "agent":
                    found.extend(t for pobj in agent.children for t in phrase(pobj, False))
    return layers.actors_in(found)


def recipient_codes(
    mentions: list[ActorMention], layers: Layers, alpha3: dict[str, str]
) -> list[str]:
    """Recipient codes; a town the entity recogniser took for an organisation ("attacks on
    El-Fasher") stands for the state it lies in."""
    codes = []
    for mention in mentions:
        code = mention.actor.code
        if mention.actor.sector == "UNK" and mention.actor.country is None:
            doc_token = layers.token_at(mention.span.start)
            place = layers.places.get(doc_token) if doc_token is not None else None
            if place is not None and place.country and place.country in alpha3:
                code = alpha3[place.country]
        codes.append(code)
    return list(dict.fromkeys(codes))


def is_arrival(token: Token) -> bool:
    return token.lemma_.lower() == "arrive"


def is_sending(token: Token) -> bool:
    """'send', 'dispatch', 'deploy' and their nouns, as against massing or training troops."""
    return token.lemma_.lower() in SENDING


def allies(token: Token, layers: Layers) -> list[ActorMention]:
    """The force fought alongside ("fought alongside Russian troops", "side by side with",
    "shoulder-to-shoulder with")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ALLY_PREPS:
            found.extend(t for pobj in child.children for t in phrase(pobj, False))
    for prep in token.subtree:
        joined = prep.i > token.i and prep.doc[prep.i - 1].lower_ in SIDE_BY_SIDE
        if joined and prep.dep_ == "prep" and prep.lower_ == "with" and _verb_of(prep) == token:
            found.extend(t for pobj in prep.children for t in phrase(pobj, False))
    return layers.actors_in(found)


def _verb_of(token: Token) -> Token:
    """The nearest verb above the token (the token's sentence root if none)."""
    for head in token.ancestors:
        if head.pos_ in {"VERB", "AUX"}:
            return head
    return token.sent.root


SIDE_BY_SIDE = frozenset({"shoulder", "side", "together"})
"""Words that make the `with` after them an ally ("fought side by side with X")."""


def partners(token: Token, layers: Layers) -> list[ActorMention]:
    """Parties named with "with" or "between" on the trigger, on its object ("signed a pact
    with"), or on the verb whose object the trigger is ("held talks with")."""
    holders = [token, *(c for c in token.children if c.dep_ == "dobj")]
    if token.dep_ == "dobj":
        holders.append(token.head)
    found: list[Token] = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in PARTNER_PREPS:
                found.extend(t for pobj in child.children for t in phrase(pobj, False))
    return layers.actors_in(found)


TOPIC_PREPS = frozenset({"for", "on", "over", "about"})
"""Prepositions naming what talks are about ("negotiations for a ceasefire between X and Y")."""


def mediated(token: Token, layers: Layers) -> list[ActorMention]:
    """The parties a consultation is held between, on the trigger, on the noun it modifies
    ("a mediation effort between X and Y"), on its object or on its topic ("talks on a truce
    between X and Y"): a third party's mediation when its actor is not among them."""
    holders = [token, *(c for c in token.children if c.dep_ == "dobj")]
    if token.dep_ == "compound":
        holders.append(token.head)
    for holder in list(holders):
        holders += [
            pobj
            for prep in holder.children
            if prep.dep_ == "prep" and prep.lower_ in TOPIC_PREPS
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
    found: list[Token] = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "between":
                found.extend(t for pobj in child.children for t in phrase(pobj, False))
    return layers.actors_in(found)


PEOPLE_PREPS = frozenset({"in", "throughout", "across", "from"})
WITH = frozenset({"with"})
PARTY_NOUNS = frozenset({"party", "movement", "front", "faction", "opposition"})
"""Subjects that name a domestic political group ("the fundamentalist Umma party")."""


def party_state(token: Token, frame: Frame, alpha3_codes: set[str]) -> list[str]:
    """The state of a political party the actor layer could not place, when the event is aimed
    at that one state ("the X party said it will boycott Algeria's elections"): PLOVER codes a
    party acting in its own country's politics with the country's code."""
    if not frame.actors or not all(unplaced(m) for m in frame.actors):
        return []
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    subject, _ = subject_of(verb)
    reporting = [h for h in chain(verb, False) if h.lemma_.lower() in REPORTING][:1]
    if subject and subject[0].lower_ in PRONOUNS and reporting:  # "the party said it will"
        subject, _ = subject_of(reporting[0])
    if not subject or subject[0].lemma_.lower() not in PARTY_NOUNS:
        return []
    states = [c for c in frame.recipient_codes if c in alpha3_codes]
    return states if len(states) == 1 else []


def people_of(token: Token, layers: Layers, lex: Lexicons) -> list[ActorMention]:
    """The country of the people who act, when the clause names them only by a state adjective
    or a place ("Chilean landowners began a hunger strike", "students in Peru marched")."""
    verbs = [h for h in [token, *chain(token)] if h.pos_ == "VERB"]
    if not verbs:
        return []
    verb = verbs[0]
    subject, passive = subject_of(verb)
    if passive or not subject:
        return []
    places = [t for s in subject for t in prep_objects(s, PEOPLE_PREPS)]
    # "workers affiliated with the Serbian union": the body they belong to
    bodies = [t for c in subject[0].children if c.dep_ == "acl" for t in prep_objects(c, WITH)]
    found = layers.demonym_actors(subject, lex.demonyms) or layers.actors_in(places + bodies)
    found = [m for m in found if m.actor.country] or layers.demonym_actors(bodies, lex.demonyms)
    # They are the country's people, not its state: "CVL", as the actor layer has it.
    return [
        m.model_copy(update={"actor": m.actor.model_copy(update={"sector": "CVL"})}) for m in found
    ]


def aggrieved_people(token: Token, layers: Layers) -> list[ActorMention]:
    """Protesters the text names by no state ("fundamentalists began a hunger strike to demand
    the resignation of the Algerian president"): a state's people protesting against their own
    government, coded (as PLOVER codes domestic protest) with the country of the one state
    their aim or grievance names."""
    verb = token.head if token.dep_ == "dobj" else token
    aims = [c for c in verb.children if c.dep_ in {"advcl", "xcomp"}]
    aims += [t for t in prep_objects(token, IN) if t.lemma_.lower() == "protest"]
    found = [m for m in layers.actors_in([t for a in aims for t in a.subtree]) if m.actor.country]
    countries = {m.actor.country for m in found}
    if len(countries) != 1:
        return []
    country = countries.pop()
    actor = Actor(code=country, sector="CVL", name=found[0].actor.name, country=country)
    return [found[0].model_copy(update={"actor": actor})]


OFFICE_SECTORS = frozenset({"GOV", "MIL"})


def is_ethnic(doc: Doc, mention: ActorMention, layers: Layers) -> bool:
    """Whether the mention names people by ethnicity ("ethnic Albanians", "ethnic Serb
    civilians"): the word "ethnic" opens it or stands right before it."""
    first = layers.token_at(mention.span.start)
    if first is None:
        return False
    return doc[first].lower_ == "ethnic" or (first > 0 and doc[first - 1].lower_ == "ethnic")


def people_where(token: Token, layers: Layers) -> list[ActorMention]:
    """Protesters named by no state, in the state where they protest ("demonstrated in
    Serbia"): PLOVER codes a country's protesters with its code, as `people_of` does."""
    where = place_of(token, layers)
    code = layers.alpha3.get(where[1].country) if where and where[1].country else None
    if where is None or code is None or where[1].feature == "water":
        return []
    place = where[1]
    actor = Actor(code=code, sector="CVL", name=place.name, country=code)
    return [ActorMention(span=place.span, actor=actor, extractor=place.extractor)]


def official_state(token: Token, frame: Frame, layers: Layers) -> list[str]:
    """The state of an official the actor layer left unplaced because the sentence names the
    state only as a place ("President X threatened a curfew in Algiers"): the one state the
    sentence names, when a capitalised office title stands before the name."""
    if not frame.actors or not all(unplaced(m) for m in frame.actors):
        return []
    first = layers.token_at(frame.actors[0].span.start)
    if not first:
        return []
    title = token.doc[first - 1]
    if not title.text[:1].isupper() or default_gazetteer().role(title.text) not in OFFICE_SECTORS:
        return []
    sent = token.sent
    states = {
        m.actor.country
        for i, m in layers.actors.items()
        if sent.start <= i < sent.end and m.actor.country
    }
    return list(states) if len(states) == 1 else []


def named_homes(
    mentions: list[ActorMention], known: list[str], demonyms: dict[str, str]
) -> list[str]:
    """The state a group the actor layer could not place names itself after ("Bosnian Serbs",
    "the Rwandan Patriotic Front"): PLOVER codes a state's groups with the state's code."""
    codes: list[str] = []
    for mention in mentions:
        if not unplaced(mention):
            continue
        words = mention.span.text.lower().split()
        words = words[1:] if words[:1] == ["the"] else words
        pair = " ".join(words[:2])
        code = demonyms.get(pair) or (demonyms.get(words[0]) if len(words) > 1 else None)
        if code and code not in known + codes:
            codes.append(code)
    return codes
