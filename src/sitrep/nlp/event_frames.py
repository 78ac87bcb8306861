"""Event frames: the trigger lexicon and the dependency frame around a trigger (who, whom, where,
when, how sure), read off spaCy's parse and the actor, place and time layers.

The lexicons are `sitrep/data/event_triggers.tsv` and `sitrep/data/event_status_cues.tsv`. The
argument rules follow PLOVER's reading of a sentence: the subject (or the passive's `by` agent,
or a noun's possessor) is the actor; the object or a `to`/`against`/`on`/`with` complement is
the recipient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.cues import TAKING_VERBS
from sitrep.nlp.gazetteer import default_gazetteer
from sitrep.nlp.lexicon import read_table, string_ids
from sitrep.records import Actor, ActorMention, Place, TextSpan, Timex

STATUS_RANK = {
    "factual": 0,
    "future": 1,
    "hypothetical": 2,
    "alleged": 3,
    "denied": 4,
    "negated": 5,
}
REPORTING = frozenset(
    {"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "note", "write"}
    | {"notify", "inform", "assure"}
)
"""Reporting verbs: status cues above them belong to the reporter, not the event."""
EMBEDDING_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "ACCUSE", "REJECT"})
CONTENT_TYPES = frozenset({"REQUEST", "THREATEN"})
"""Types whose content clause names the party they are aimed at ("demanded that X leave")."""
"""Types whose complement is their content ("offered to hand over" is one AGREE event)."""
DENIALS = frozenset({"deny", "dismiss", "refute"})
THEME_OBJECT = frozenset(
    {
        *("send", "dispatch", "deploy", "provide", "supply", "deliver", "transfer", "give"),
        *("launch", "test", "train", "amass", "mass", "mobilize", "mobilise", "fire", "sign"),
    }
)
"""Verbs whose direct object is the thing moved or done, not the recipient."""
RECIPIENT_PREPS = frozenset({"to", "against", "on", "with", "at", "into", "toward", "towards"})
OPPONENT_PREPS = ("against", "with")
"""Prepositions naming the other side of a fight ("in combat against", "clashes with")."""
PLACE_PREPS = frozenset({"in", "at", "near", "into", "to", "from", "across", "inside", "around"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "that", "them", "him"})
CUE_DEPS: dict[str, frozenset[str]] = {
    "aux": frozenset({"aux", "auxpass", "neg", "advmod"}),
    "mod": frozenset({"advmod", "amod", "det", "neg", "npadvmod"}),
    "mark": frozenset({"mark", "prep"}),
}
"""Where a cue of each kind sits relative to the word it qualifies."""
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"})


@dataclass(frozen=True)
class Trigger:
    """A lexicon entry: words, part of speech, type (or "AID|MOBILIZE"), mode, default status."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    status: str
    source: str = "lexicon"
    """"lexicon" for a trigger entry, "object" for a verb and object pair ("broke off ties")."""


@dataclass
class Lexicons:
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)
    """First word → entries, longest first."""
    cues: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Cue lemma → (status, where) pairs."""
    objects: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    """(verb lemma, object lemma) → the (type, mode) the pair codes ("fire" + "missile")."""
    object_verbs: set[str] = field(default_factory=set)
    """Verb lemmas of the (verb, object) pairs."""
    openers: frozenset[int] = frozenset()
    """String hashes of every word that may open a trigger (see `add_openers`)."""
    demonyms: dict[str, str] = field(default_factory=dict)
    """State adjectives of the actor gazetteer ("russian" → RUS), for "Russian territory"."""
    ground: frozenset[str] = frozenset()
    """Nouns of ground that taking it makes a plain assault ("took the city", "seized control"):
    the objects the verbs of taking pair with in `event_objects.tsv`."""


@cache
def load_lexicons() -> Lexicons:
    lex = Lexicons()
    for row in read_table("event_triggers.tsv"):
        cells = list(row) + [""] * (5 - len(row))
        words = tuple(cells[0].lower().split())
        if not words or not cells[2]:
            continue
        trigger = Trigger(words, cells[1] or "*", cells[2], cells[3] or None, cells[4] or "factual")
        lex.triggers.setdefault(words[0], []).append(trigger)
    for entries in lex.triggers.values():
        entries.sort(key=lambda t: -len(t.words))
    for row in read_table("event_objects.tsv"):
        if len(row) >= 3:
            mode = row[3] if len(row) > 3 and row[3] else None
            lex.objects[(row[0].lower(), row[1].lower())] = (row[2], mode)
            lex.object_verbs.add(row[0].lower())
    lex.ground = frozenset(
        noun
        for (verb, noun), (kind, mode) in lex.objects.items()
        if verb in TAKING_VERBS and kind == "ASSAULT" and mode is None
    )
    gazetteer = default_gazetteer()
    for name, entry in gazetteer.entries.items():
        if entry.kind == "adjective" and entry.actor.country:
            lex.demonyms[name] = entry.actor.country
    add_openers(lex, TREATY_WORDS | OBLIGATION_VERBS)
    for row in read_table("event_status_cues.tsv"):
        if len(row) >= 3 and row[1] in STATUS_RANK:
            lex.cues.setdefault(row[0].lower(), []).append((row[1], row[2]))
    return lex


TREATY_WORDS = frozenset({"treaty", "pact", "agreement", "accord", "convention", "charter"})
OBLIGATION_VERBS = frozenset({"say", "announce", "state", "insist", "conclude", "declare", "tell"})
"""Reporting verbs whose `must` clause makes a demand (see `event_triggers`)."""


def add_openers(lex: Lexicons, others: frozenset[str]) -> None:
    """Index the words that may open a trigger by string hash, in lower case and as a lemma in
    any capitalisation ("Agreement"): most tokens of a document open none, and the trigger
    search passes over them reading only the token array."""
    lex.openers = string_ids(lex.triggers.keys() | lex.object_verbs | others)


def is_combat(token: Token, lex: Lexicons) -> bool:
    """Whether the word names fighting: an ASSAULT trigger of the lexicon ("battle", "fought")."""
    for word in {token.lemma_.lower(), token.lower_}:
        if any(t.type == "ASSAULT" and len(t.words) == 1 for t in lex.triggers.get(word, [])):
            return True
    return False


def _pos_ok(token: Token, pos: str) -> bool:
    if pos == "*":
        return token.pos_ in {"VERB", "NOUN", "PROPN"}
    if pos == "VERB":
        return token.pos_ in {"VERB", "AUX"} or token.tag_.startswith("VB")
    return bool(token.pos_ == pos)


def match_trigger(doc: Doc, i: int, lex: Lexicons) -> tuple[Token, int, Trigger] | None:
    """The entry matching at token i: (head token, end index, entry), multiword first."""
    token = doc[i]
    for trigger in lex.triggers.get(token.lemma_.lower(), []) + lex.triggers.get(token.lower_, []):
        n = len(trigger.words)
        window = doc[i : i + n]
        if n == 2 and _is_split_particle(token, trigger):
            return token, i + 1, trigger  # "pushed Ukrainian troops back", "took it back"
        if len(window) < n:
            continue
        if any(
            t.lemma_.lower() != w and t.lower_ != w
            for t, w in zip(window, trigger.words, strict=True)
        ):
            continue
        head = window.root if n > 1 else token
        if _pos_ok(head, trigger.pos) or (n > 1 and _pos_ok(token, trigger.pos)):
            return (token if trigger.pos == "VERB" else head), i + n, trigger
    return None


def _is_split_particle(token: Token, trigger: Trigger) -> bool:
    """A phrasal verb whose object stands between the verb and its particle ("handed the men
    over", "pushed the troops back"): the particle (or an adverb, as the parse often has
    "back") is the verb's child, after the object."""
    if trigger.pos != "VERB" or token.lemma_.lower() != trigger.words[0]:
        return False
    if not _pos_ok(token, "VERB"):
        return False
    return any(
        c.lower_ == trigger.words[1] and c.i > token.i + 1 and _is_particle(c)
        for c in token.children
    )


def _is_particle(token: Token) -> bool:
    """A particle, an adverb, or the head of "out of" ("drove the troops out of the town")."""
    if token.dep_ == "prep":
        return any(c.lower_ == "of" for c in token.children)
    return token.dep_ in {"prt", "advmod"}


@dataclass
class Layers:
    """The other layers of a document, indexed by token for the frame rules."""

    actors: dict[int, ActorMention]
    places: dict[int, Place]
    timexes: list[tuple[Span, Timex]]
    alpha3: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        doc: Doc,
        actors: list[Any],
        places: list[Any],
        timexes: list[Any],
        alpha3: dict[str, str],
    ) -> Layers:
        def by_token(items: list[Any]) -> dict[int, Any]:
            index: dict[int, Any] = {}
            for item in items:
                span = doc.char_span(item.span.start, item.span.end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        index.setdefault(token.i, item)
            return index

        spans = []
        for timex in timexes:
            span = doc.char_span(timex.span.start, timex.span.end, alignment_mode="expand")
            if span is not None and len(span):
                spans.append((span, timex))
        return cls(by_token(actors), by_token(places), spans, alpha3)

    def token_at(self, char: int) -> int | None:
        """The index of the token holding an actor mention that starts at `char`."""
        for i, mention in self.actors.items():
            if mention.span.start == char:
                return i
        return None

    def states_named(self, tokens: list[Token], demonyms: dict[str, str]) -> list[str]:
        """States named in the tokens, by a mention or a state adjective ("Russian soil"); a
        name the actor layer could not place ("the city of Kharkiv" taken for an
        organisation) names none."""
        codes = codes_of([m for m in self.actors_in(tokens) if not unplaced(m)])
        for token in tokens:
            pair = f"{token.nbor(-1).lower_} {token.lower_}" if token.i > 0 else ""
            code = demonyms.get(pair) or demonyms.get(token.lower_)
            if code and token.pos_ in {"ADJ", "PROPN"} and code not in codes:
                codes.append(code)
        return codes

    def actors_in(self, tokens: list[Token]) -> list[ActorMention]:
        """Actor mentions among the tokens; a country the actor layer missed counts as its state
        ("to Great Britain")."""
        found: dict[int, ActorMention] = {}
        for token in tokens:
            mention = self.actors.get(token.i) or self.state_of_place(token.i)
            if mention is not None:
                found.setdefault(mention.span.start, mention)
        return list(found.values())

    def demonym_actors(self, tokens: list[Token], demonyms: dict[str, str]) -> list[ActorMention]:
        """States named by an adjective the actor layer leaves alone ("Russian assaults")."""
        found = []
        for token in tokens:
            code = demonyms.get(token.lower_)
            if code and token.pos_ in {"ADJ", "PROPN"} and token.dep_ in {"amod", "compound"}:
                actor = Actor(code=code, sector="GOV", name=token.text, country=code)
                span = TextSpan(start=token.idx, end=token.idx + len(token), text=token.text)
                found.append(ActorMention(span=span, actor=actor, extractor="sitrep_events"))
        return found

    def state_of_place(self, i: int) -> ActorMention | None:
        place = self.places.get(i)
        if place is None or place.feature != "country" or not place.country:
            return None
        code = self.alpha3.get(place.country)
        return None if code is None else state_mention(place, code)


def state_mention(place: Place, code: str) -> ActorMention:
    """The state `code` as a party named by a place of it ("Kharkiv was recaptured")."""
    actor = Actor(code=code, sector="GOV", name=place.name, country=code)
    return ActorMention(span=place.span, actor=actor, extractor=place.extractor)


def unplaced(mention: ActorMention) -> bool:
    """A party the actor layer knows by name only: no sector, no country."""
    return mention.actor.sector == "UNK" and mention.actor.country is None


def codes_of(mentions: list[ActorMention]) -> list[str]:
    """The codes of the mentions, each once, in order."""
    return list(dict.fromkeys(m.actor.code for m in mentions))


def phrase(token: Token, appositions: bool = True) -> list[Token]:
    """A noun phrase's tokens without its clauses (relative clauses, appended clauses)."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ in {"punct", "cc"}:
            continue
        if child.dep_ == "appos" and (not appositions or _is_speaker_tag(child)):
            continue
        tokens.extend(phrase(child) if child.dep_ != "prep" else _prep_phrase(child))
    return tokens


SPEAKER_ENTITIES = frozenset({"ORG", "PERSON", "NORP", "GPE"})


def _is_speaker_tag(appos: Token) -> bool:
    """Whether an apposition is a misparsed speaker tag: "fighting against Ukraine, South
    Korea's news agency reported on Monday" parses the agency as apposed to Ukraine, with
    "reported" as a clause of the agency. A named speaker with a reporting verb of its own and
    no `by` agent ("the figure reported by the agency") is the teller, not the one named."""
    named = any(
        t.ent_type_ in SPEAKER_ENTITIES or t.pos_ == "PROPN" for t in appos.lefts for t in t.subtree
    )
    return (named or appos.ent_type_ in SPEAKER_ENTITIES) and any(
        child.dep_ in {"acl", "relcl"}
        and child.i > appos.i
        and child.lemma_.lower() in REPORTING
        and not any(c.dep_ in {"agent", "nsubj", "nsubjpass", "dobj"} for c in child.children)
        and not any(c.dep_ == "prep" and c.lower_ == "by" for c in child.children)
        for child in appos.children
    )


def _prep_phrase(prep: Token) -> list[Token]:
    if prep.lower_ != "of":
        return [prep]
    return [prep] + [t for child in prep.children for t in phrase(child)]


def chain(token: Token, stop_at_reporting: bool = True) -> list[Token]:
    """The token's heads up to the sentence root, stopping after a reporting verb."""
    heads = []
    while token.head.i != token.i:
        token = token.head
        heads.append(token)
        if stop_at_reporting and token.lemma_.lower() in REPORTING:
            break
    return heads


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """(subject phrase, is passive) of a verb, climbing through xcomp/conj/advcl heads."""
    token = verb
    adverbial = False
    for _ in range(4):
        # Of two subjects the nearer one: a dateline ("ANKARA (AA) - The EU agreed") is
        # parsed as a second subject at the start of the sentence.
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        for child in sorted(subjects, key=lambda c: abs(token.i - c.i))[:1]:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                subject = phrase(child)
                if child.lower_ in {"which", "that", "who"} and token.dep_ == "relcl":
                    subject = phrase(token.head)
                if child.pos_ == "NUM" and token.dep_ == "conj":
                    # "100 soldiers died and another 1,000 were injured": the number counts
                    # the people of the first clause
                    above, _ = subject_of(token.head)
                    subject = above or subject
                # A passive subject met higher up ("is suspected to be preparing", "were sent
                # and fought") makes only its own verb passive.
                own = token.i == verb.i
                return subject, (child.dep_ == "nsubjpass" and own) or (
                    not own and any(c.dep_ == "auxpass" for c in verb.children)
                )
        # a quote's editorial insertion: "(North Korea) is suspected to be preparing", not
        # across an adverbial clause of it ("As months have passed, (X) is ...")
        bracketed = [] if adverbial else _bracketed_subject(token)
        if bracketed:
            return bracketed, any(c.dep_ == "auxpass" for c in verb.children)
        adverbial = adverbial or token.dep_ == "advcl"
        controlled = token.dep_ in {"xcomp", "conj", "advcl", "acomp"}
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in OBJECT_CONTROL:
            # "ordered the newspaper to suspend publication": the object is who acts
            objects = [c for c in token.head.children if c.dep_ == "dobj"]
            if objects:
                return phrase(objects[0]), False
        predicative = token.dep_ == "ccomp" and token.head.pos_ in {"ADJ", "AUX"}
        # "preparing to send troops after suffering losses": the gerund's subject is the
        # clause's, across the preposition.
        gerund = token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep"
        credited = [c for c in token.head.head.children if c.dep_ == "dobj"] if gerund else []
        if credited and token.head.head.lemma_.lower() in CREDITING:
            # "credited North Korean soldiers with helping", "thanked Seoul for sending": the
            # one credited, blamed or thanked did it
            return phrase(credited[0]), False
        if gerund and token.head.head.pos_ in {"VERB", "AUX"}:
            token = token.head
        elif not (controlled or predicative) or token.head.i == token.i:
            break
        token = token.head
    return [], False


def _bracketed_subject(verb: Token) -> list[Token]:
    """A name in brackets right before a finite verb that has no subject: the insertion an
    editor makes in a quote to say who is meant ("(North Korea) is suspected"), which the
    parser does not take for the subject."""
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"} and c.i < verb.i]
    if not auxiliaries:
        return []
    doc = verb.doc
    close = min(c.i for c in auxiliaries) - 1
    if close < 2 or doc[close].text != ")":
        return []
    start = max(0, close - 6)
    opening = [t.i for t in doc[start:close] if t.text == "("]
    if not opening:
        return []
    inside = list(doc[opening[-1] + 1 : close])
    if not any(t.pos_ == "PROPN" for t in inside):
        return []
    return inside if all(t.pos_ in {"PROPN", "DET", "NOUN", "ADJ"} for t in inside) else []


CREDITING = frozenset(
    {"credit", "thank", "praise", "hail", "commend", "congratulate", "reward", "honour", "honor"}
    | {"accuse", "blame", "fault", "charge", "condemn", "criticise", "criticize", "punish"}
)
"""Verbs whose object did what their gerund says ("blamed Kyiv for shelling the plant")."""
OBJECT_CONTROL = frozenset({"order", "force", "compel", "instruct", "tell", "ask", "urge"})
"""Verbs whose object, not subject, performs their infinitive ("urged Iran to stop")."""


def agent_of(verb: Token) -> list[Token]:
    """The `by` phrase of a passive verb, or of the verb it is coordinated with ("discussed and
    approved by the ministers"); an agent's `from` phrase says whom it belongs to ("diplomats
    from the member states")."""
    coordinated = [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        coordinated.append(verb.head)
    for holder in [verb, *coordinated]:
        for child in holder.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                found = [t for pobj in child.children for t in phrase(pobj)]
                for t in list(found):
                    if t.dep_ == "prep" and t.lower_ == "from" and t.head.pos_ == "NOUN":
                        found.extend(t.subtree)
                return list(dict.fromkeys(found))
    return []


def prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            found.extend(t for pobj in child.children if pobj.dep_ == "pobj" for t in phrase(pobj))
    return found


AUTHOR_PREPS = frozenset({"by", "from"})
"""Prepositions naming whose proposal, appeal or act a verb answers ("rejected calls by X")."""


def object_preps(verb: Token, authors: bool = False) -> list[Token]:
    """The `to`/`against`/`with` phrases of a verb's direct object ("promised aid to X",
    "lodged a protest with X"): the parse often hangs the recipient on the object; with
    `authors`, also whose object it is ("rejected an appeal from X", "condemned the attack
    by X")."""
    preps = RECIPIENT_PREPS | AUTHOR_PREPS if authors else RECIPIENT_PREPS
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ == "dobj":
            found += prep_objects(child, preps)
    return found


def complement_recipients(verb: Token, clauses: bool) -> list[Token]:
    """Who the content of an offer, threat or demand is aimed at: the objects and recipient
    phrases down its chain of infinitives ("promised to continue aid to X", "threatened to
    break relations with X"), the object not when it is the thing moved ("send troops");
    with `clauses`, the subject of a content clause ("demanded that X withdraw")."""
    found: list[Token] = []
    for clause in verb.children:
        # "demanded that Seoul withdraw", "its demand that X ease": the party that must act
        content = clauses and clause.dep_ in {"ccomp", "acl"} and clause.pos_ in {"VERB", "AUX"}
        # "asked if he would stay" is a question, not a demand on him
        if content and not any(c.lower_ in {"if", "whether"} for c in clause.children):
            found += [t for c in clause.children if c.dep_ == "nsubj" for t in phrase(c)]
    token = verb
    for _ in range(3):
        if clauses:  # "threatened to strike unless Baghdad accepted": the condition's party
            found += _condition_subjects(token)
        below = [c for c in token.children if c.dep_ == "xcomp"]
        if not below:
            break
        token = below[0]
        themed = token.lemma_.lower() in THEME_OBJECT or token.lemma_ == "hand"
        preps = RECIPIENT_PREPS | {"from"} if token.lemma_.lower() in LEAVING else RECIPIENT_PREPS
        found += prep_objects(token, preps) + object_preps(token)
        if token.lemma_.lower() in POSTING:  # "refused to deploy peacekeepers in Iraq"
            found += prep_objects(token, IN) + [
                t for c in token.children if c.dep_ == "dobj" for t in prep_objects(c, IN)
            ]
        found += [] if themed else objects_of(token)
    return found


POSTING = frozenset({"send", "deploy", "dispatch", "station", "post"})
"""Verbs whose `in` phrase names the state troops are sent to."""
IN = frozenset({"in"})
LEAVING = frozenset({"withdraw", "pull", "evacuate", "retreat", "leave"})
"""Verbs whose `from` phrase names the party left ("willing to withdraw from Lebanon")."""


def _condition_subjects(token: Token) -> list[Token]:
    return [
        t
        for clause in token.children
        if clause.dep_ == "advcl" and any(c.lower_ in {"unless", "if"} for c in clause.children)
        for c in clause.children
        if c.dep_ == "nsubj"
        for t in phrase(c)
    ]


def objects_of(verb: Token) -> list[Token]:
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative", "attr"}:
            if child.lower_ in {"which", "that"} and verb.dep_ == "relcl":
                found.extend(phrase(verb.head))
            else:
                found.extend(phrase(child))
        elif child.dep_ == "prt" and child.lower_ == "up":
            # "kidnapped up to 16 advisers": the parse hangs the counted object on the particle
            found.extend(prep_objects(child, UP_TO))
    return found


UP_TO = frozenset({"to"})


def noun_actor_tokens(noun: Token) -> list[Token]:
    """Possessor and modifiers of a noun trigger, and its `by` phrase."""
    found: list[Token] = []
    for child in noun.children:
        if child.dep_ in {"poss", "nmod", "compound", "amod"} and child.i < noun.i:
            found.extend(child.subtree)
    return found + agent_of(noun)


def status_of(trigger: Token, default: str, lex: Lexicons) -> tuple[str, bool]:
    """(status, whether a denial governs it) from auxiliaries, modifiers and governing cues."""
    found = [default]
    denied_by_head = False

    def local(token: Token, own: bool) -> None:
        for child in token.children:
            lemma = child.lemma_.lower()
            for status, where in lex.cues.get(lemma, []) + lex.cues.get(child.lower_, []):
                # "reinforced it without sending troops": the phrase's verb is negated, not this
                if child.dep_ in CUE_DEPS.get(where, ()) and child.dep_ != "prep":
                    found.append(status)
            if own and child.dep_ == "aux" and child.lower_ == "to" and token.head.lemma_ == "be":
                found.append("future")  # "North Korea is to send troops"
            if own and child.dep_ in SUBJECTS and _denies_subject(child):
                found.append("negated")  # "neither Moscow nor Minsk has sent troops"

    local(trigger, True)
    previous = trigger
    adjunct = False  # below "during", "after": an event of its own, outside the head's plan
    for head in chain(trigger):
        lemma = head.lemma_.lower()
        if head.dep_ == "prep" and head.lower_ in TEMPORAL_PREPS:
            adjunct = True
        if previous.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in previous.children):
            # "failed to agree when Kenya refused": the refusal's own clause
            adjunct = adjunct or any(c.lower_ in ASIDE for c in previous.children)
        negated_head = any(c.dep_ == "neg" or c.lower_ == "no" for c in head.children)
        if head.lemma_.lower() in REPORTING:
            break
        if negated_head and head.pos_ in {"NOUN"}:
            found.append("negated")
        for status, where in lex.cues.get(lemma, []) + lex.cues.get(head.lower_, []):
            if where == "mark" and head.dep_ == "prep" and previous.head.i == head.i:
                found.append(status)  # "without firing a shot": the phrase's own verb
            # "talks averted an attack": the cue governs its complement, not its subject
            if where == "head" and not negated_head and not adjunct and previous.dep_ != "nsubj":
                found.append(status)
                denied_by_head = denied_by_head or status == "denied"
        if previous.dep_ in {"xcomp", "conj", "acomp"} or head.pos_ in {"ADJ"}:
            local(head, False)
        elif previous.dep_ in {"advcl", "ccomp"}:
            for child in head.children:
                if child.dep_ == "mark" and child.lower_ in {"if", "unless"}:
                    found.append("hypothetical")
        previous = head
    if "factual" in found[1:]:
        # "have already arrived": an accomplished event, whatever plan or doubt governs it
        found = [s for s in found if s not in {"future", "hypothetical", "alleged"}] or [default]
    status = max(found, key=lambda s: STATUS_RANK[s])
    return status, denied_by_head


NO_SUBJECT = frozenset({"neither", "no"})
"""Determiners that deny the act of every party in the subject ("no country has sent")."""
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _denies_subject(subject: Token) -> bool:
    """Whether the subject says nobody did it: "neither X nor Y", "no country", "neither side"."""
    return any(c.dep_ in {"det", "preconj"} and c.lower_ in NO_SUBJECT for c in subject.children)


ASIDE = frozenset({"when", "as", "while", "because", "since", "after", "although", "though"})
"""Subordinators of clauses that report a fact of their own beside the main clause."""
TEMPORAL_PREPS = frozenset({"after", "since", "before", "during", "following", "until"})
"""Prepositions that put an event beside another in time rather than inside it."""
INTENT_AUX = frozenset({"will", "would", "shall", "'ll"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "REJECT", "PROTEST", "THREATEN"})
"""Types whose announcement is a threat (PLOVER THREATEN), not an offer."""
GROUP_SECTORS = frozenset({"REB", "PTY"})
"""Non-state parties that the PLOVER gold records also code by their country."""
_CONTINUING = frozenset({"continue", "keep", "resume", "go"})


def is_stated_intent(trigger: Token) -> bool:
    """Whether the actor states the event as its own next step with "will" or "would"
    ("will give a grant", "would meet the mediator", "will continue to share"), rather than
    as a plan or preparation ("plans to send", "is to send"), which keeps the action's type."""
    token = trigger
    for _ in range(3):
        aux = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
        if any(c.dep_ == "auxpass" for c in aux):
            return False  # "troops would be sent": nobody states an intention
        if any(c.lower_ in INTENT_AUX for c in aux):
            return True
        continuing = token.dep_ == "xcomp" and token.head.lemma_.lower() in _CONTINUING
        if not (continuing or token.dep_ == "conj") or token.head.pos_ != "VERB":
            return False
        token = token.head
    return False


def is_conditional(trigger: Token) -> bool:
    """Whether an "unless" or "if" clause hangs on the trigger ("will withdraw unless ...")."""
    return any(
        c.dep_ == "advcl" and any(m.lower_ in {"unless", "if"} for m in c.children)
        for c in trigger.children
    )


def intent_type(
    kind: str, mode: str | None, status: str, negated: bool, token: Token
) -> tuple[str, str | None, str]:
    """A stated intention is coded as PLOVER codes promises and threats: "will give a grant",
    "would meet the mediator" are AGREE; "will impose sanctions", "would boycott the talks"
    and a withdrawal made conditional ("unless ...") are THREATEN; "will not accept" is REJECT.
    A plan or preparation keeps its own type (see `is_stated_intent`)."""
    if kind == "AGREE" and negated:
        return "REJECT", None, "future"
    if status != "future" or kind in {"AGREE", "THREATEN", "REQUEST", "ACCUSE", "MOBILIZE"}:
        return kind, mode, status
    withdrawal = kind == "RETREAT" and mode == "withdraw"
    if kind in HOSTILE or (withdrawal and (is_conditional(token) or _withdraws_help(token))):
        return "THREATEN", None, status
    return "AGREE", None, status


HELPERS = frozenset(
    {"inspector", "observer", "monitor", "worker", "staff", "diplomat", "ambassador", "envoy"}
)
"""People whose announced withdrawal cuts help or ties, a threat (CAMEO 13), not a concession."""


def _withdraws_help(token: Token) -> bool:
    """Whether the withdrawal takes away inspectors, monitors, aid workers or envoys."""
    return any(t.lemma_.lower() in HELPERS for t in objects_of(token))


def home_states(mentions: list[ActorMention], own: list[str], others: list[str]) -> list[str]:
    """The state a non-state group belongs to, after the group's own name (CAMEO and the
    PLOVER gold records code Hamas as PSE, the Taliban as AFG)."""
    codes: list[str] = []
    for mention in mentions:
        country = mention.actor.country
        if mention.actor.sector not in GROUP_SECTORS:
            continue
        if country and country != mention.actor.code and country not in own + others + codes:
            codes.append(country)
    return codes


def object_trigger(token: Token, lex: Lexicons) -> tuple[Token, int, Trigger] | None:
    """A verb that is an event only with its object ("broke off relations", "granted asylum",
    "opened fire"), from the pairs of `event_objects.tsv`."""
    if token.pos_ != "VERB":
        return None
    for child in token.children:
        if child.dep_ not in {"dobj", "nsubjpass"}:
            continue
        found = lex.objects.get((token.lemma_.lower(), child.lemma_.lower()))
        if found is not None and found[0] != "-":
            words = (token.lemma_.lower(),)
            return (
                token,
                token.i + 1,
                Trigger(words, "VERB", found[0], found[1], "factual", "object"),
            )
    return None


def domestic_recipients(actors: list[ActorMention], recipients: list[ActorMention]) -> list[str]:
    """Recipients of the actor's own state that are another party of it: rebels demanding a
    president's removal, a government arresting its opposition (PLOVER codes both sides with
    the state's code)."""
    own = {(m.actor.code, m.actor.sector) for m in actors}
    spans = {m.span.start for m in actors}
    codes = {m.actor.code for m in actors}
    return [
        m.actor.code
        for m in recipients
        if m.actor.code in codes
        and m.actor.country == m.actor.code
        and (m.actor.code, m.actor.sector) not in own
        and m.span.start not in spans
    ]
