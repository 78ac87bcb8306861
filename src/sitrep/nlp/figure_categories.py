"""What a number counts: the noun or verb that makes a number a figure of people, and the
category (killed, wounded, troops, …) it carries, from `data/figure_categories.tsv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from spacy.tokens import Doc, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.lexicon import read_table
from sitrep.nlp.numbers import NumberExpr
from sitrep.records import FigureCategory

_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "pobj", "appos", "conj"})
_MEASURE_VERBS = frozenset(
    {
        "be",
        "exceed",
        "reach",
        "top",
        "total",
        "number",
        "rise",
        "climb",
        "surpass",
        "approach",
        "stand",
        "hit",
        "estimate",
        "put",
        "count",
        "increase",
        "grow",
        "jump",
        "soar",
    }
)
_AGGREGATES = frozenset({"number", "toll", "total", "tally", "count", "figure"})
_MAX_MODIFIERS = 3
_OTHERS = frozenset({"others"})
_NOT_PERSON_ENTS = frozenset(
    {"GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}
)
INFLICTED = frozenset({"killed", "wounded", "casualties", "captured", "detained"})
"""Categories of people something was done to: killed, wounded or held by someone."""
HELD = frozenset({"captured", "detained"})
"""Categories of people held: a release tells of one kind, whatever its word (`held_category`)."""
_HELD_OR_HIT = INFLICTED - {"casualties"}
"""Categories of verbs whose object may be a person by name ('killed Rostum'); the casualty
verbs take losses, not people ('lost ground', 'suffered a setback')."""


@dataclass(frozen=True)
class CategoryLexicon:
    events: dict[str, FigureCategory]
    """Verbs, participles and adjectives saying what happened to the people counted."""
    counts: dict[str, FigureCategory]
    """Nouns that count people by themselves ('deaths', 'prisoners')."""
    people: dict[str, FigureCategory | None]
    """Nouns for people, with the category they default to ('soldiers' → troops)."""
    civilians: dict[str, bool]
    """People nouns that are never troops, whatever the verb ('civilians sent home')."""
    persons: frozenset[str] = frozenset()
    """Nouns for one person by function ('leader'), counted only as singular mentions."""
    suspects: frozenset[str] = frozenset()
    """People nouns for suspects ('facilitators'): never the forces' own people."""
    anyone: frozenset[str] = frozenset()
    """Civilian nouns that say nothing of a side ('men', 'an individual')."""
    phrase_words: int = 0
    """Words after the verb in the longest cue phrase of `events` ('taken into custody': 2)."""


def load_category_lexicon() -> CategoryLexicon:
    events: dict[str, FigureCategory] = {}
    counts: dict[str, FigureCategory] = {}
    people: dict[str, FigureCategory | None] = {}
    civilians: dict[str, bool] = {}
    persons: set[str] = set()
    suspects: set[str] = set()
    anyone: set[str] = set()
    for row in read_table("figure_categories.tsv"):
        if len(row) < 3:
            continue
        cue, category, role = row[0].lower(), row[1], row[2]
        if role == "event":
            events[cue] = cast(FigureCategory, category)
        elif role == "count":
            counts[cue] = cast(FigureCategory, category)
        elif role in {"people", "civilian", "anyone", "suspect"}:
            people[cue] = None if category == "-" else cast(FigureCategory, category)
            if role in {"civilian", "anyone"}:
                civilians[cue] = True
            if role == "anyone":
                anyone.add(cue)
            if role == "suspect":
                suspects.add(cue)
        elif role == "person":
            persons.add(cue)
    sets = (frozenset(persons), frozenset(suspects), frozenset(anyone))
    longest = max((len(cue.split()) for cue in events), default=1) - 1
    return CategoryLexicon(events, counts, people, civilians, *sets, phrase_words=longest)


def is_people_noun(token: Token, lex: CategoryLexicon) -> bool:
    """Whether the word names people, by group ('soldiers') or by function ('commander')."""
    return any(key in lex.people or key in lex.persons for key in keys_of(token))


def keys_of(token: Token) -> tuple[str, str]:
    """The forms a token is looked up by: its lower-case text and its lemma."""
    return token.lower_, token.lemma_.lower()


def lookup(table: dict[str, Any], token: Token) -> Any:
    for key in keys_of(token):
        if key in table:
            return table[key]
    return None


def counted_noun(doc: Doc, expr: NumberExpr) -> Token | None:
    """The noun the number counts: its head ('11,000 soldiers') or 'of' object ('dozens of')."""
    head = doc[expr.head]
    if expr.end < len(doc) and doc[expr.end].lower_ == "of":
        objs = [c for c in doc[expr.end].children if c.dep_ == "pobj"]
        if objs and objs[0].pos_ != "PRON":
            return objs[0]
        if objs:  # "12,000 of its": the people noun is left out
            return None
    starts: list[Token] = [head, *doc[expr.start : expr.end]]
    for start in starts:
        token: Token = start
        # "several insurgents": the parser makes a vague amount an adjective (amod).
        deps = {"nummod", "quantmod", "amod"} if token.i == head.i else {"nummod", "quantmod"}
        while token.dep_ in deps and token.head.i != token.i:
            deps = {"nummod", "quantmod"}
            token = token.head
            if token.pos_ in {"NOUN", "PROPN"} and token.i >= expr.end:
                return _name_head(token)
    # A misparsed range ("between 200 and 300 Russian soldiers"): the next noun after modifiers.
    for token in doc[expr.end : expr.end + _MAX_MODIFIERS + 1]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ not in {"ADJ", "PROPN"} and token.tag_ != "VBN":  # "two suspected ..."
            break
    return None


def _name_head(token: Token) -> Token:
    """The noun a name modifies ('several Islamic Movement of Uzbekistan insurgents', which
    the parser splits at 'of'), else the token itself."""
    head = token
    while head.pos_ == "PROPN" and head.dep_ in {"compound", "nmod"} and head.head.i > head.i:
        head = head.head
    if head.pos_ == "PROPN":  # "… Movement of Uzbekistan insurgents" as the name's object
        last = head.right_edge
        if last.pos_ == "NOUN" and last.i > head.i and last.doc[last.i - 1].pos_ == "PROPN":
            return last
    return head if head.pos_ == "NOUN" else token


def _noun_category(noun: Token, lex: CategoryLexicon) -> FigureCategory | None:
    """The category a counting noun carries: 'deaths', 'death toll', 'number of injured'."""
    found = lookup(lex.counts, noun)
    if found:
        return cast(FigureCategory, found)
    if noun.lemma_.lower() in _AGGREGATES:
        for child in noun.children:
            if child.dep_ in {"compound", "amod"}:
                found = lookup(lex.counts, child) or lookup(lex.events, child)
                if found:
                    return cast(FigureCategory, found)
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    found = lookup(lex.counts, obj) or lookup(lex.events, obj)
                    for part in obj.children:
                        if not found and part.dep_ in {"acl", "amod", "relcl"}:
                            found = lookup(lex.events, part)
                    if found:
                        return cast(FigureCategory, found)
    return None


def _verb_category(verb: Token, lex: CategoryLexicon) -> FigureCategory | None:
    """The category a verb gives, 'killed or wounded' (coordinated) giving casualties."""
    found: set[FigureCategory] = set()
    own = lookup(lex.events, verb) or _phrase_cue(verb, lex)
    if own:
        found.add(own)
    # "killed one and wounded two": a conjunct with its own object counts other people.
    siblings = [
        c for c in verb.children if c.dep_ != "conj" or not (_has_subject(c) or _has_object(c))
    ]
    if verb.dep_ == "conj" and not (_has_subject(verb) or _has_object(verb.head)):
        siblings.append(verb.head)
    for child in siblings:
        if child.dep_ in {"xcomp", "acomp", "oprd"} and not own:
            inner = _verb_category(child, lex)
            if inner:
                return inner
        if child.dep_ == "conj" or (child.i == verb.head.i and verb.dep_ == "conj"):
            other = lookup(lex.events, child)
            if other and own:
                found.add(other)
    if {"killed", "wounded"} <= found or "casualties" in found:
        return "casualties"
    return cast(FigureCategory, own) if isinstance(own, str) else None


def _phrase_cue(verb: Token, lex: CategoryLexicon) -> FigureCategory | None:
    """The category of a cue of several words that opens with the verb ('taken into
    custody', 'took prisoner', 'lost their lives'), longest first."""
    following = [t.lower_ for t in verb.doc[verb.i + 1 : verb.i + 1 + lex.phrase_words]]
    for key in keys_of(verb):
        for n in range(len(following), 0, -1):
            found = lex.events.get(" ".join([key, *following[:n]]))
            if found:
                return found
    return None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _has_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _governor(anchor: Token) -> Token | None:
    """The verb (or event noun) whose argument the counted noun is."""
    token = anchor
    while token.dep_ == "conj" and token.head.i != token.i:  # "1,000 sappers and 5,000 builders"
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head  # "along with three of his associates": the number is listed
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "PROPN":
        # "detained an Islamic Movement of Uzbekistan facilitator": the parser splits the
        # name at 'of' and hangs the person on its first part.
        return _governor(token.head.head)
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "with" and prep.i > 0:
        listed = prep.head if prep.head.pos_ in {"NOUN", "PROPN"} else None
        if prep.doc[prep.i - 1].lower_ in {"along", "together"}:
            if listed is not None:
                return _governor(listed)  # "detained the leader along with three others"
            if prep.head.i == prep.i - 1 and prep.head.head.pos_ == "VERB":
                return prep.head.head  # the parser hangs "along" on the verb
    if token.dep_ == "pobj" and token.head.head.i != token.head.i:
        token = token.head
    if token.dep_ in _NOUN_DEPS or token.dep_ in {"prep", "npadvmod", "dep"}:
        governor = token.head
        if governor.dep_ == "acomp" and governor.pos_ == "ADJ":  # "may be as high as 1,000"
            return governor.head
        return governor
    return None


def _antecedent(noun: Token, lex: CategoryLexicon) -> Token:
    """The people 'others' sets itself apart from: the nearest people noun before it in its
    sentence ('killed two insurgents and detained nine others'), else 'others' itself."""
    for token in reversed(noun.doc[noun.sent.start : noun.i]):
        if token.pos_ == "NOUN" and (
            any(key in lex.people for key in keys_of(token)) or token.lower_ in lex.persons
        ):
            return token
    return noun


def categorise(
    doc: Doc, expr: NumberExpr, noun: Token | None, lex: CategoryLexicon
) -> tuple[FigureCategory | None, Token | None, Token | None]:
    """(category, governing verb, counted noun) — or a None category when it counts no people."""
    anchor = noun or doc[expr.head]
    people_default: FigureCategory | None = None
    civilian = False
    if noun is not None:
        counted = _noun_category(noun, lex)
        if counted:
            return counted, _governor(noun), noun
        people = _antecedent(noun, lex) if noun.lower_ in _OTHERS else noun
        known = is_people_noun(people, lex)
        known = known or is_named_person(noun, lex)
        if not known and not _is_people_mention(doc, noun):
            # "300 killed and 2,700 wounded fighting for Russia": the people noun is elided and
            # the parser takes the next noun as the counted one.
            follower = doc[expr.end] if expr.end < noun.i else None
            elided = lookup(lex.events, follower) if follower is not None else None
            if follower is not None and elided and follower.tag_ in {"VBN", "JJ"}:
                return cast(FigureCategory, elided), None, None
            return None, None, noun
        people_default = lookup(lex.people, people)
        civilian = any(key in lex.civilians for key in keys_of(people))
    if noun is not None and _is_partitive_whole(noun):
        # "Of the 11,000 troops sent, about 4,000 were killed": the whole is what its own
        # clause says of it, the verb tells of the part.
        for clause in (c for c in noun.children if c.dep_ in {"acl", "relcl"}):
            category = _verb_category(clause, lex)
            if category:
                return category, clause, noun
        return people_default, None, noun
    # "100 people, including 20 children, were killed": the part takes its whole's verb.
    host = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "including" else None
    if host is not None and host.pos_ not in {"NOUN", "PRON"}:
        host = None
    if (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ == "of"
        and anchor.head.head.i == expr.head
        and (
            doc[expr.head].pos_ == "NOUN" or any(c.dep_ in {"poss", "det"} for c in anchor.children)
        )
    ):
        # "detained a number of insurgents", "the leader and three of his associates",
        # "two of the men": the amount, not the people, stands in the clause.
        host = anchor.head.head
    verb = _governor(host if host is not None else anchor)
    if verb is not None and verb.lemma_.lower() in _MEASURE_VERBS:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c != anchor]
        if subjects:
            counted = _noun_category(subjects[0], lex)
            if counted:
                return counted, verb, subjects[0]
        # "Among the dead were nine aid workers."
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "among":
                for obj in prep.children:
                    counted = lookup(lex.counts, obj) or lookup(lex.events, obj)
                    if counted and obj.dep_ == "pobj":
                        return cast(FigureCategory, counted), verb, noun
        if noun is None and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return _categorise_owner(doc, verb.head, lex), verb, verb.head
    if verb is not None and verb.pos_ in {"NOUN", "PROPN"}:
        counted = _noun_category(verb, lex) or lookup(lex.events, verb)
        if counted:
            return counted, None, verb if noun is None else noun
    candidates: list[Token] = []
    if noun is None:
        # "killed with another 2,700 injured": the participle on the number comes first.
        candidates.extend(c for c in anchor.children if c.dep_ in {"acl", "amod", "relcl"})
    if verb is not None:
        candidates.extend(_shared_subject_conjuncts(anchor, verb))
        candidates.append(verb)
    after = (noun.i if noun is not None else expr.end - 1) + 1
    # "300 killed", not "targeted a leader, detaining two": a verb with its own object counts
    # those.
    following = doc[after] if after < len(doc) else None
    if following is not None and following.pos_ in {"VERB", "ADJ", "NOUN"}:
        candidates.extend([] if _has_object(following) else [following])
    candidates.extend(c for c in anchor.children if c.dep_ in {"acl", "amod", "relcl"})
    for candidate in candidates:
        category = _verb_category(candidate, lex)
        if category == "troops" and noun is not None and civilian:
            continue
        if category:
            return category, verb, noun
    return people_default, verb, noun


def _is_partitive_whole(noun: Token) -> bool:
    """'Of the roughly 11,000 troops …, about 4,000 have been killed': a fronted 'of' phrase
    names the whole a later count is part of."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.dep_ == "prep"
        and prep.head.pos_ in {"VERB", "AUX"}
        and prep.i < prep.head.i
    )


def _shared_subject_conjuncts(anchor: Token, verb: Token) -> list[Token]:
    """'troops deployed to Russia have been killed': the subject's passive conjunct."""
    if anchor.dep_ != "nsubj" or anchor.head.i != verb.i:
        return []
    return [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and any(g.dep_ in {"aux", "auxpass"} for g in c.children)
        and not any(g.dep_.startswith("nsubj") for g in c.children)
    ]


def _categorise_owner(doc: Doc, noun: Token, lex: CategoryLexicon) -> FigureCategory | None:
    counted = _noun_category(noun, lex)
    if counted:
        return counted
    default = lookup(lex.people, noun)
    return cast(FigureCategory | None, default)


def is_named_person(token: Token, lex: CategoryLexicon) -> bool:
    """A person by name or pronoun ('Mullah Omar', 'him'), counted one at a time under the
    per-document totals convention."""
    return token.tag_ == "PRP" or is_person_name(token, lex)


def is_person_name(token: Token, lex: CategoryLexicon) -> bool:
    """The last word of a person's name: an entity the tagger calls a person, or a proper
    noun as the object of killing or holding that names no place, group or date ('killed
    Rostum'; the small model tags many transliterated names as nothing or as an event)."""
    if token.ent_type_ == "PERSON":
        return True
    if token.tag_ != "NNP" or token.ent_type_ in _NOT_PERSON_ENTS:
        return False
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    if following is not None and following.tag_ == "NNP":
        return False
    governor = token
    while governor.dep_ in {"conj", "compound"} and governor.head.i != governor.i:
        governor = governor.head
    if governor.dep_ != "dobj" or lookup(lex.events, governor.head) not in _HELD_OR_HIT:
        return False
    doc = token.doc
    return not any(m.span.start <= token.idx < m.span.end for m in layer(doc, "actors"))


def _is_people_mention(doc: Doc, noun: Token) -> bool:
    """A plural demonym or role noun the actor layer resolved ('Ukrainians', 'civilians')."""
    return any(
        m.span.start <= noun.idx < m.span.end and m.actor.sector in {"CVL", "MIL"}
        for m in layer(doc, "actors")
    )
