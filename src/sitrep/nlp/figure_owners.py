"""Whose people a figure counts: the actor mentions in the noun phrase, the owner of a
possessive, the subject of "deployed"/"lost", or the armed forces named just before —
soldiers and police only ever belong to a state, insurgents and militants to an armed group,
which keeps its own short name (FORMAT.md); unnamed, they are coded by their noun
('insurgents'), as the ISAF annotators do. People killed or held whose side the text leaves
unsaid ('two suspects were detained') are not the forces that hold them: when every candidate
from the context is a party the report names as killing or detaining, or insurgents were just
named, they belong to the armed group the report names most, else to the unnamed insurgents.
Under the per-document totals convention the enemy's losses all go to the group the report's
forces target (`figure_sides.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.figure_categories import (
    HELD,
    INFLICTED,
    CategoryLexicon,
    is_named_person,
    keys_of,
    lookup,
)
from sitrep.nlp.figure_sides import GroupIndex, is_armed_group, is_rebel_code
from sitrep.nlp.gazetteer import Gazetteer
from sitrep.nlp.layout import doc_datelines, doc_sentences, in_ranges, text_of
from sitrep.nlp.numbers import NumberExpr, NumberLexicon
from sitrep.nlp.speakers import phrase_bounds
from sitrep.records import Actor, ActorMention, FigureCategory, Sector

_OWNER_VERBS = frozenset(
    {
        "deploy",
        "send",
        "dispatch",
        "amass",
        "station",
        "mobilise",
        "mobilize",
        "lose",
        "suffer",
        "have",
        "field",
        "commit",
        "train",
        "move",
        "transfer",
        "decide",
        "plan",
        "prepare",
    }
)
_ARMED = frozenset({"MIL", "CVL", "REB", "COP"})
STATE_FORCES = frozenset({"MIL", "COP", "SPY"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
_CONTEXT_SENTENCES = 2
_VAGUE_DETERMINERS = frozenset(
    {"a", "an", "the", "some", "several", "two", "three", "unnamed", "anonymous", "other"}
)


@dataclass(frozen=True)
class FigureLexicons:
    """Everything the figure extractor reads: categories, number words and role nouns."""

    categories: CategoryLexicon
    numbers: NumberLexicon
    gazetteer: Gazetteer
    groups: GroupIndex


def actor_code(actor: Actor, sector: Sector | None = None) -> str:
    """The FORMAT code of whose people: members of a non-state armed group keep its short
    name ('JNIM', 'Taliban'); civilians and state forces take the state's alpha-3."""
    if sector == "REB" and actor.sector == "REB":
        return actor.code
    return actor.country or actor.code


def actor_mentions(
    doc: Doc, start: int, end: int, exclude: list[tuple[int, int]]
) -> list[ActorMention]:
    return [
        m
        for m in layer(doc, "actors")
        if start <= m.span.start < end and not in_ranges(m.span.start, m.span.end, exclude)
    ]


def _codes_in(
    doc: Doc, start: int, end: int, exclude: list[tuple[int, int]], sector: Sector | None = None
) -> list[str]:
    found = [
        actor_code(m.actor, sector)
        for m in actor_mentions(doc, start, end, exclude)
        if m.span.end <= end
    ]
    return list(dict.fromkeys(found))


def _phrase_range(noun: Token) -> tuple[int, int]:
    """Characters of a noun phrase with its 'of'/'from'/'including' complements, no clauses."""
    start = noun.left_edge.idx
    end = noun.idx + len(noun)
    for child in noun.rights:
        if child.dep_ in {"prep", "appos", "conj", "cc", "compound", "amod", "nummod"} and (
            child.dep_ != "prep" or child.lower_ in {"of", "from", "including"}
        ):
            # A postposed adjective ends the phrase: "soldiers alive in Kursk" are not Kursk's.
            last = child if child.dep_ == "amod" else child.right_edge
            end = max(end, last.idx + len(last))
        else:
            break
    return start, end


def _subject_codes(doc: Doc, verb: Token | None, exclude: list[tuple[int, int]]) -> list[str]:
    """The owner named as the subject of a verb above the people ('the ministry said its
    staff…'); a named subject that is no known actor by its own words, and not by what its
    appositions and relative clauses mention."""
    token = verb
    subjects = {"nsubj"}
    datelines = doc_datelines(doc)  # "GENEVA - The WHO said": the dateline owns nobody
    for _ in range(4):
        if token is None:
            return []
        for child in token.children:
            if in_ranges(child.idx, child.idx + len(child), datelines):
                continue
            if child.dep_ in subjects and child.lower_ not in _POSSESSIVES:
                first, last = child.left_edge, child.right_edge
                codes = _codes_in(doc, first.idx, last.idx + len(last), exclude)
                head = _codes_in(doc, first.idx, child.idx + len(child), exclude)
                if head or (codes and child.pos_ != "PROPN"):
                    return head or codes
                if child.pos_ == "PROPN":
                    return [plain_name(doc[first.i : child.i + 1].text)]
        if token.head.i == token.i:
            return []
        # "North Korea is believed to have sent troops": the raised subject of 'believed'
        # is the one who sent them.
        subjects = {"nsubj", "nsubjpass"} if token.dep_ == "xcomp" else {"nsubj"}
        token = token.head
    return []


def _fits(actor: Actor, sector: Sector | None) -> bool:
    """Whether an actor can own people of a sector: soldiers and police belong to states,
    insurgents and militants to armed groups; other people to anyone armed or civilian."""
    if sector == "REB":
        # insurgents belong to a group with a name of its own
        return is_armed_group(actor)
    if sector in STATE_FORCES:
        return actor.sector in _ARMED and actor.sector != "REB" and actor.country is not None
    return actor.sector in _ARMED


def _context_codes(
    doc: Doc, sent: Span, exclude: list[tuple[int, int]], sector: Sector | None
) -> list[str]:
    """Armed forces or civilians named in this sentence or the last ones that name some: those
    named on people of the same kind, if any ("North Korean soldiers are regarded as South
    Korean citizens ... 100 soldiers had been killed": North Korea's), and in an earlier
    sentence not the agent that killed or held them ("captured by Ukrainian forces")."""
    sentences = doc_sentences(doc)
    index = next((i for i, s in enumerate(sentences) if s.start == sent.start), 0)
    for back in range(_CONTEXT_SENTENCES + 1):
        if index - back < 0:
            break
        s = sentences[index - back]
        found = [
            m
            for m in actor_mentions(doc, s.start_char, s.end_char, exclude + _agents(s))
            if _fits(m.actor, sector)
        ]
        alike = [m for m in found if sector is not None and m.actor.sector == sector]
        codes = [actor_code(m.actor, sector) for m in alike or found]
        if codes:
            return list(dict.fromkeys(codes))
    if sector == "REB":
        return []
    return [
        m.actor.country
        for m in actor_mentions(doc, sent.start_char, sent.end_char, exclude)
        if m.actor.country and m.actor.sector != "REB"
    ][:1]


def _agents(sent: Span) -> list[tuple[int, int]]:
    """'killed by Ukrainian forces': the agent inflicts, it does not own the people counted."""
    ranges = []
    for token in sent:
        if token.dep_ == "agent" or (token.lower_ == "against" and token.dep_ == "prep"):
            ranges.append((token.idx, token.right_edge.idx + len(token.right_edge)))
    return ranges


def _companions(sent: Span, anchor: Token) -> list[tuple[int, int]]:
    """'killed fighting alongside Russian forces': those fought beside do not own the people
    counted (unless the count lies among them)."""
    ranges = []
    for token in sent:
        if token.lower_ == "alongside" and token.dep_ == "prep":
            start, end = token.idx, token.right_edge.idx + len(token.right_edge)
            if not start <= anchor.idx < end:
                ranges.append((start, end))
    return ranges


def _owner_verb(token: Token) -> Token | None:
    """The nearest verb above the counted people whose subject owns them ('send', 'deploy')."""
    for _ in range(4):
        if token.lemma_.lower() in _OWNER_VERBS and token.pos_ in {"VERB", "AUX"}:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _inflicter(verb: Token | None, anchor: Token, lex: CategoryLexicon) -> list[tuple[int, int]]:
    """The active subject of 'killed'/'captured': it inflicts, it does not own the people
    ('suffered'/'lost' are the owner's verbs, not the inflicter's)."""
    if verb is None or verb.lemma_.lower() in _OWNER_VERBS:
        return []
    if lookup(lex.events, verb) not in INFLICTED:
        return []
    spans = []
    holder = verb
    while holder.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in holder.children):
        holder = holder.head  # "forces arrested X and detained two": the shared subject
    for child in holder.children:
        if child.dep_ == "nsubj" and child.i != anchor.i:
            first, last = phrase_bounds(child)
            spans.append((doc_idx(child.doc, first), doc_end(child.doc, last)))
    return spans


def doc_idx(doc: Doc, i: int) -> int:
    return int(doc[i].idx)


def doc_end(doc: Doc, i: int) -> int:
    return int(doc[i].idx + len(doc[i]))


def _document_codes(
    doc: Doc, before: int, sector: Sector | None, exclude: list[tuple[int, int]] | None = None
) -> list[str]:
    """The party (armed if possible) that fits the people counted and that the report names
    most often before this point; not where it is named as the one killing or holding them
    (`exclude`)."""
    counts: dict[str, int] = {}
    for strict in (True, False):
        for m in layer(doc, "actors"):
            if in_ranges(m.span.start, m.span.end, exclude or []):
                continue
            # Unnamed insurgents belong to the group the report is about, wherever it names it.
            if sector != "REB" and m.span.start >= before:
                continue
            if not (m.actor.country or m.actor.sector == "REB"):
                continue
            if (strict or sector == "REB") and not _fits(m.actor, sector):
                continue
            code = actor_code(m.actor, sector)
            counts[code] = counts.get(code, 0) + 1
        if counts:
            return [max(counts, key=lambda code: counts[code])]
    return []


def _people_sector(noun: Token | None, gaz: Gazetteer) -> Sector | None:
    """The sector of the people a noun counts ('soldiers' MIL, 'insurgents' REB), if a role;
    an insurgent's leader or death is the insurgents' ('a militant commander')."""
    if noun is None:
        return None
    if _combatant_word(noun, gaz) is not noun:
        return "REB"
    return gaz.role(noun.lower_) or gaz.role(noun.lemma_.lower())


def _combatant_word(noun: Token, gaz: Gazetteer) -> Token:
    """The word naming the combatants a noun counts: a modifier ('insurgent deaths') or itself."""
    for child in noun.children:
        if child.dep_ in {"compound", "amod"} and gaz.role(child.lemma_.lower()) == "REB":
            return child
    return noun


def _generic_group(noun: Token) -> str:
    """The code of an unnamed armed group: its noun in the plural ('insurgents', 'militants'),
    the short name the ISAF annotators give insurgents of no named group."""
    word = noun.lower_
    return word if noun.tag_ == "NNS" or word.endswith("s") else f"{word}s"


def inflicting_codes(doc: Doc, lex: CategoryLexicon) -> set[str]:
    """The parties a report names as killing, wounding or holding people (subjects of 'killed',
    also of the clause a 'killing two' hangs from; agents of 'were killed by'): they are not
    whose people the unnamed are."""
    found: set[str] = set()
    for token in doc:
        if token.pos_ != "VERB" or lookup(lex.events, token) not in INFLICTED:
            continue
        holder = token
        for _ in range(3):
            if any(c.dep_ in {"nsubj", "agent"} for c in holder.children):
                break
            if holder.dep_ not in {"advcl", "conj", "xcomp"} or holder.head.i == holder.i:
                break
            holder = holder.head
        for child in holder.children:
            if child.dep_ in {"nsubj", "agent"}:
                last = child.right_edge
                for m in actor_mentions(doc, child.left_edge.idx, last.idx + len(last), []):
                    if m.actor.sector != "REB":
                        found.add(actor_code(m.actor))
    return found


def _fighting_nearby(doc: Doc, sent: Span, gaz: Gazetteer) -> bool:
    """Whether this sentence or the one before speaks of insurgents, militants or fighters:
    'three insurgents fired at the patrol …, which killed one' counts one of them."""
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    return any(
        t.pos_ in {"NOUN", "ADJ"} and gaz.role(t.lemma_.lower()) == "REB"
        for t in doc[start : sent.end]
    )


def _combatants(doc: Doc, gaz: Gazetteer) -> list[str]:
    """Whose the unnamed combatants of a report are: the armed group it names most, else the
    first word it uses for unnamed ones ('insurgents', 'militants'), if any."""
    groups = _document_codes(doc, len(text_of(doc)), "REB")
    if groups:
        return groups
    for token in doc:
        if token.pos_ in {"NOUN", "ADJ"} and gaz.role(token.lemma_.lower()) == "REB":
            return [_generic_group(token)]
    return []


def whose(
    doc: Doc,
    expr: NumberExpr,
    noun: Token | None,
    verb: Token | None,
    lexicons: FigureLexicons,
    claim_spans: list[tuple[int, int]],
    held: tuple[FigureCategory, Callable[[], set[str]]],
) -> tuple[list[str], bool]:
    """Whose people a count counts, and whether the text names them on the people themselves
    (or by a possessive or an owner's verb) rather than from the context. `held` is the
    category and a function giving the parties the report names as inflicting losses or
    holding people (`inflicting_codes`), called only when needed."""
    sent = doc[expr.head].sent
    anchor = noun if noun is not None else doc[expr.head]
    inflicters = _agents(sent) + _inflicter(verb, anchor, lexicons.categories)
    exclude = claim_spans + inflicters + _companions(sent, anchor) + doc_datelines(doc)
    if noun is not None:
        # A group named on the people themselves owns them ("Taliban fighters"), or on those
        # they are listed with ("a Hamas financier and two associates").
        codes = _codes_in(doc, *_phrase_range(noun), exclude, "REB")
        if not codes and noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
            first, last = noun.head.left_edge, noun.head
            listed = actor_mentions(doc, first.idx, last.idx + len(last), exclude)
            codes = list(dict.fromkeys(m.actor.code for m in listed if m.actor.sector == "REB"))
        if codes:
            return codes, True
    tally = _tallied(doc[expr.head]) if noun is None else None
    if tally is not None:
        # "Kyiv put North Korean losses at 3,000": the losses' owner, not the estimator.
        codes = _codes_in(doc, *_phrase_range(tally), exclude) or _demonym_codes(
            tally, lexicons.gazetteer
        )
        if codes:
            return codes, True
    sector = _people_sector(noun, lexicons.gazetteer)
    owner = _owner_verb(noun if noun is not None else doc[expr.head])
    # "its staff" names an owner; "patients and their companions" only refers back
    possessive = noun is not None and any(
        t.lower_ in _POSSESSIVES and not (t.head.dep_ == "conj" and t.head.head.i == noun.i)
        for t in noun.subtree
    )
    if expr.end + 1 < len(doc) and doc[expr.end].lower_ == "of":
        possessive = possessive or doc[expr.end + 1].lower_ in _POSSESSIVES
    if owner is not None or possessive:
        # "its staff": the owner may be the speaker of the claim itself.
        codes = _subject_codes(doc, owner or verb or doc[expr.head], inflicters)
        if codes:
            return codes, True
    codes = _context_codes(doc, sent, exclude, sector) or _document_codes(
        doc, sent.start_char, sector, exclude
    )
    category, inflicting = held
    unowned = sector is None or (noun is not None and noun.lower_ in lexicons.categories.persons)
    if (
        category in INFLICTED
        and unowned
        and (
            (codes and all(c in inflicting() for c in codes))
            or _fighting_nearby(doc, sent, lexicons.gazetteer)
        )
    ):
        # "Two suspects were detained": not the forces that hold them, but the side they fight.
        codes = _combatants(doc, lexicons.gazetteer) or codes
    if not codes and sector == "REB" and noun is not None:
        return [_generic_group(_combatant_word(noun, lexicons.gazetteer))], False
    return codes, False


TALLY_NOUNS = frozenset({"loss", "toll", "casualty", "number", "figure"})
"""Lemmas of nouns whose size a verb puts "at" a count ("put the death toll at 300")."""


def _demonym_codes(noun: Token, gaz: Gazetteer) -> list[str]:
    """The states of the adjectives before a noun ("North Korean losses" -> PRK)."""
    codes = []
    for child in noun.lefts:
        if child.dep_ in {"amod", "compound"}:
            entry = gaz.lookup(_modifier_text(child))
            if entry is not None and entry.kind in {"adjective", "state"} and entry.actor.country:
                codes.append(entry.actor.country)
    return list(dict.fromkeys(codes))


def _modifier_text(token: Token) -> str:
    """A modifier with its own modifiers ("North Korean")."""
    return token.doc[token.left_edge.i : token.i + 1].text


def _tallied(number: Token) -> Token | None:
    """The loss or toll a count is the size of: the object of the verb whose "at" phrase holds
    the count ("put North Korean losses at more than 3,000", "estimated the toll at 300")."""
    prep = number.head
    if number.dep_.startswith("nsubj") and prep.dep_ == "pcomp":
        prep = prep.head  # "at more than 3,000 killed or wounded"
    elif number.dep_ != "pobj":
        return None
    if prep.lower_ != "at" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if verb.pos_ in {"ADJ", "ADV"} and verb.head.pos_ == "VERB":
        verb = verb.head  # "puts North Korean losses higher, at 3,000"
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in TALLY_NOUNS:
            return child
    return None


def is_opponent(
    noun: Token | None,
    actors: list[str],
    named: bool,
    category: FigureCategory,
    lexicons: FigureLexicons,
) -> bool:
    """Whether people killed or held are of the side the report's forces fight: armed groups
    and insurgents, leaders and suspects, and men detained whose side the text leaves unsaid
    ('four men were detained'), not soldiers, police or civilians, nor people the text names
    as a state's ('a Kenyan police commander')."""
    gaz, lex = lexicons.gazetteer, lexicons.categories
    if actors and all(is_rebel_code(code, gaz) for code in actors):
        return True
    if noun is None or (named and actors and all(code in gaz.states for code in actors)):
        return False
    if is_named_person(noun, lex):  # "killing him", "detained Omar"
        return True
    if _people_sector(noun, gaz) == "REB":
        return True
    if is_function(noun, lex) or any(w in lex.suspects for w in keys_of(noun)):
        return True
    return category in HELD and any(w in lex.anyone for w in keys_of(noun))


def is_function(noun: Token | None, lex: CategoryLexicon) -> bool:
    """People counted by their function ('leaders', 'commanders'): a figure only when they
    are killed, wounded or held."""
    return noun is not None and (noun.lower_ in lex.persons or noun.lemma_.lower() in lex.persons)


def describes(verb: Token | None, lexicons: FigureLexicons) -> bool:
    """'a Taliban leader behind the ambush that killed four soldiers': a relative clause
    that tells a thing by the losses it caused describes the thing; those losses happened
    before the report's own events, and a per-document total leaves them out."""
    if verb is None or verb.dep_ != "relcl" or verb.head.pos_ != "NOUN":
        return False
    return lookup(lexicons.categories.events, verb) in INFLICTED


def plain_name(phrase: str) -> str:
    """A claimant that is no known actor, by its own words without the determiners and vague
    quantifiers in front ('unnamed Western officials' → 'Western officials'), as FORMAT's
    'short common name' for anything else."""
    words = phrase.split()
    while words and words[0].lower().strip(",") in _VAGUE_DETERMINERS:
        words.pop(0)
    return " ".join(words)
