"""The figure layer: reported quantities of people — troops, killed, wounded, captured, … —
with whose people they are and who claims them.

A number expression (`numbers.py`) becomes a figure when the parse ties it to people: its head
noun counts people ("soldiers", "civilians", "deaths", "prisoners"), or it stands for people
itself as the subject or object of a cue verb ("more than 3,000 have been killed"). The
category comes from that noun or from the verbs and participles around it
(`figure_categories.py`); whose people they are from the actor mentions in the noun phrase,
the owner of a possessive, the subject of "deployed"/"lost", or the armed forces named just
before — soldiers and police only ever belong to a state, insurgents and militants to an armed
group, which keeps its own short name (FORMAT.md); unnamed, they are coded by their noun
('insurgents'), as the ISAF annotators do. People killed or held whose side the text leaves
unsaid ('two suspects were detained') are not the forces that hold them: when every candidate
from the context is a party the report names as killing or detaining, or insurgents were just
named, they belong to the armed group the report names most, else to the unnamed insurgents.
The claimant comes from the attribution whose content covers the number; a speaker that is no
known actor is named by its own words. With `totals` (`Settings.figure_totals`) the counts
become per-document totals (`figure_totals.py`), and forces confirming the losses they inflicted
('the forces confirmed a leader was arrested') are the report's own account, with no claimant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.figure_categories import (
    CategoryLexicon,
    categorise,
    counted_noun,
    load_category_lexicon,
    lookup,
)
from sitrep.nlp.figure_sides import GroupIndex, is_rebel_code, load_group_index, target_group
from sitrep.nlp.figure_totals import (
    Mention,
    is_additive,
    is_cumulative,
    is_intended,
    is_reference,
    speaks_of_detention,
    total_figures,
    unnumbered_people,
)
from sitrep.nlp.gazetteer import Gazetteer, default_gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.nlp.numbers import NumberExpr, NumberLexicon, find_numbers, load_number_lexicon
from sitrep.nlp.quotes import clip
from sitrep.nlp.speakers import phrase_bounds
from sitrep.records import (
    Actor,
    ActorMention,
    Attribution,
    Figure,
    FigureCategory,
    Sector,
    TextSpan,
)

NAME = "sitrep_figures"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"

_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_CURRENCY = frozenset("$€£¥₹")
_UNITS = frozenset({"%", "percent", "per", "pc", "km", "kilometres", "kilometers", "miles", "mph"})
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
_STATE_FORCES = frozenset({"MIL", "COP", "SPY"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
_CONTEXT_SENTENCES = 2
_VAGUE_DETERMINERS = frozenset(
    {"a", "an", "the", "some", "several", "two", "three", "unnamed", "anonymous", "other"}
)
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})
_INFLICTED = frozenset({"killed", "wounded", "casualties", "captured", "detained"})
_YEARS = range(1800, 2101)


@Language.factory(
    NAME,
    requires=["token.dep", "doc._.actors", "doc._.attributions"],
    assigns=["doc._.figures"],
    default_config={"totals": None},
)
def make_figure_extractor(nlp: Language, name: str, totals: bool | None) -> FigureExtractor:
    """`totals` picks the counting convention; None takes `Settings.figure_totals` from the
    environment (SITREP_FIGURE_TOTALS)."""
    if totals is None:
        from sitrep.config import Settings

        totals = Settings.from_env().figure_totals
    return FigureExtractor(totals)


@dataclass(frozen=True)
class FigureLexicons:
    """Everything the figure extractor reads: categories, number words and role nouns."""

    categories: CategoryLexicon
    numbers: NumberLexicon
    gazetteer: Gazetteer
    groups: GroupIndex


class FigureExtractor:
    """Finds figures; the lexicons are loaded in `initialize`."""

    def __init__(self, totals: bool = False) -> None:
        self.lexicons: FigureLexicons | None = None
        self.totals = totals

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        gazetteer = default_gazetteer()
        self.lexicons = FigureLexicons(
            load_category_lexicon(),
            load_number_lexicon(self.totals),
            gazetteer,
            load_group_index(gazetteer),
        )

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicons is None:
            raise RuntimeError("sitrep_figures was not initialised: call initialize()")
        layer(doc, "figures").extend(extract_figures(doc, self.lexicons, self.totals))
        return doc


# --- what is counted --------------------------------------------------------------------------


def _is_not_people_number(doc: Doc, expr: NumberExpr, totals: bool) -> bool:
    head = doc[expr.head]
    if head.ent_type_ in _NOT_PEOPLE_ENTS:
        return True
    if expr.start > 0 and doc[expr.start - 1].text in _CURRENCY:
        return True
    if expr.end < len(doc) and doc[expr.end].lower_ in _UNITS:
        return True
    if head.lower_ == "one" and not totals:  # FORMAT's figures need a count beyond one
        return True
    text = head.text
    return text.isdigit() and len(text) == 4 and int(text) in _YEARS and expr.qualifier == "exact"


# --- whose people -----------------------------------------------------------------------------


def actor_code(actor: Actor, sector: Sector | None = None) -> str:
    """The FORMAT code of whose people: members of a non-state armed group keep its short
    name ('JNIM', 'Taliban'); civilians and state forces take the state's alpha-3."""
    if sector == "REB" and actor.sector == "REB":
        return actor.code
    return actor.country or actor.code


def _mentions(doc: Doc, start: int, end: int, exclude: list[tuple[int, int]]) -> list[ActorMention]:
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
        for m in _mentions(doc, start, end, exclude)
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
            last = child.right_edge
            end = max(end, last.idx + len(last))
        else:
            break
    return start, end


def _subject_codes(doc: Doc, verb: Token | None, exclude: list[tuple[int, int]]) -> list[str]:
    """The owner named as the subject of a verb above the people ('the ministry said its
    staff…'); a named subject that is no known actor by its own words, and not by what its
    appositions and relative clauses mention."""
    token = verb
    for _ in range(4):
        if token is None:
            return []
        for child in token.children:
            if child.dep_ == "nsubj" and child.lower_ not in _POSSESSIVES:
                first, last = child.left_edge, child.right_edge
                codes = _codes_in(doc, first.idx, last.idx + len(last), exclude)
                head = _codes_in(doc, first.idx, child.idx + len(child), exclude)
                if head or (codes and child.pos_ != "PROPN"):
                    return head or codes
                if child.pos_ == "PROPN":
                    return [plain_name(doc[first.i : child.i + 1].text)]
        if token.head.i == token.i:
            return []
        token = token.head
    return []


def _fits(actor: Actor, sector: Sector | None) -> bool:
    """Whether an actor can own people of a sector: soldiers and police belong to states,
    insurgents and militants to armed groups; other people to anyone armed or civilian."""
    if sector == "REB":
        # A nationality read as rebels ('Afghan' in 'Afghan and coalition forces') names no
        # armed group: insurgents belong to a group with a name of its own.
        return actor.sector == "REB" and actor.code != actor.country
    if sector in _STATE_FORCES:
        return actor.sector in _ARMED and actor.sector != "REB" and actor.country is not None
    return actor.sector in _ARMED


def _context_codes(
    doc: Doc, sent: Span, exclude: list[tuple[int, int]], sector: Sector | None
) -> list[str]:
    """Armed forces or civilians named in this sentence or the last ones that name some."""
    sentences = list(doc.sents)
    index = next((i for i, s in enumerate(sentences) if s.start == sent.start), 0)
    for back in range(_CONTEXT_SENTENCES + 1):
        if index - back < 0:
            break
        s = sentences[index - back]
        codes = [
            actor_code(m.actor, sector)
            for m in _mentions(doc, s.start_char, s.end_char, exclude)
            if _fits(m.actor, sector)
        ]
        if codes:
            return list(dict.fromkeys(codes))
    if sector == "REB":
        return []
    return [
        m.actor.country
        for m in _mentions(doc, sent.start_char, sent.end_char, exclude)
        if m.actor.country and m.actor.sector != "REB"
    ][:1]


def _agents(sent: Span) -> list[tuple[int, int]]:
    """'killed by Ukrainian forces': the agent inflicts, it does not own the people counted."""
    ranges = []
    for token in sent:
        if token.dep_ == "agent" or (token.lower_ == "against" and token.dep_ == "prep"):
            ranges.append((token.idx, token.right_edge.idx + len(token.right_edge)))
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
    if lookup(lex.events, verb) not in _INFLICTED:
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
        if token.pos_ != "VERB" or lookup(lex.events, token) not in _INFLICTED:
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
                for m in _mentions(doc, child.left_edge.idx, last.idx + len(last), []):
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


def _whose(
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
    exclude = claim_spans + inflicters
    if noun is not None:
        # A group named on the people themselves owns them ("Taliban fighters"), or on those
        # they are listed with ("a Hamas financier and two associates").
        codes = _codes_in(doc, *_phrase_range(noun), exclude, "REB")
        if not codes and noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
            first, last = noun.head.left_edge, noun.head
            listed = _mentions(doc, first.idx, last.idx + len(last), exclude)
            codes = list(dict.fromkeys(m.actor.code for m in listed if m.actor.sector == "REB"))
        if codes:
            return codes, True
    sector = _people_sector(noun, lexicons.gazetteer)
    owner = _owner_verb(noun if noun is not None else doc[expr.head])
    possessive = noun is not None and any(t.lower_ in _POSSESSIVES for t in noun.subtree)
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
        category in _INFLICTED
        and unowned
        and (
            all(c in inflicting() for c in codes) or _fighting_nearby(doc, sent, lexicons.gazetteer)
        )
    ):
        # "Two suspects were detained": not the forces that hold them, but the side they fight.
        codes = _combatants(doc, lexicons.gazetteer) or codes
    if not codes and sector == "REB" and noun is not None:
        return [_generic_group(_combatant_word(noun, lexicons.gazetteer))], False
    return codes, False


def _is_opponent(
    noun: Token | None, actors: list[str], category: FigureCategory, lexicons: FigureLexicons
) -> bool:
    """Whether people killed or held are of the side the report's forces fight: armed groups
    and insurgents, leaders and suspects, and men detained whose side the text leaves unsaid
    ('four men were detained'), not soldiers, police or civilians."""
    gaz, lex = lexicons.gazetteer, lexicons.categories
    if actors and all(is_rebel_code(code, gaz) for code in actors):
        return True
    if noun is None:
        return False
    if noun.ent_type_ == "PERSON" or noun.tag_ == "PRP":  # "killing him", "detained Omar"
        return True
    if _people_sector(noun, gaz) == "REB":
        return True
    words = (noun.lower_, noun.lemma_.lower())
    if any(w in lex.persons or w in lex.suspects for w in words):
        return True
    return category in {"detained", "captured"} and any(w in lex.anyone for w in words)


def _is_function(noun: Token | None, lex: CategoryLexicon) -> bool:
    """People counted by their function ('leaders', 'commanders'): a figure only when they
    are killed, wounded or held."""
    return noun is not None and (noun.lower_ in lex.persons or noun.lemma_.lower() in lex.persons)


def _describes(verb: Token | None, lexicons: FigureLexicons) -> bool:
    """'a Taliban leader behind the ambush that killed four soldiers': a relative clause
    that tells a thing by the losses it caused describes the thing; those losses happened
    before the report's own events, and a per-document total leaves them out."""
    if verb is None or verb.dep_ != "relcl" or verb.head.pos_ != "NOUN":
        return False
    return lookup(lexicons.categories.events, verb) in _INFLICTED


# --- who claims it ----------------------------------------------------------------------------


def _own_claim(
    doc: Doc,
    claim: Attribution,
    actors: list[str],
    inflicting: Callable[[], set[str]],
    opponent: bool = False,
) -> bool:
    """Whether forces claim the losses they inflicted on the other side: in a report's totals,
    'the security forces confirmed a leader was arrested' is the report's own account of what
    its forces did, not a second source whose count stays apart. So is any claim about the
    losses of the side the forces fight (`opponent`) that the side does not make itself
    ('initial reports indicate three insurgents were killed')."""
    codes = claim.claimant_codes()
    if set(codes) & set(actors):
        return False
    if opponent:
        return True
    if not codes:
        return False
    speakers = _mentions(doc, claim.speaker.start, claim.speaker.end, [])
    forces = bool(speakers) and all(m.actor.sector in _STATE_FORCES for m in speakers)
    return forces or all(c in inflicting() for c in codes)


def _claim(
    attributions: list[Attribution], start: int, end: int, sent: Span
) -> tuple[int | None, list[str] | None]:
    covering = [
        (a.content.end - a.content.start, i)
        for i, a in enumerate(attributions)
        if a.content.start <= start and end <= a.content.end
    ]
    if not covering:
        covering = [
            (a.content.end - a.content.start, i)
            for i, a in enumerate(attributions)
            if a.cue is not None
            and sent.start_char <= a.cue.start < sent.end_char
            and a.content.start < sent.end_char
            and sent.start_char < a.content.end
        ]
    if not covering:
        return None, None
    index = min(covering)[1]
    claim = attributions[index]
    codes = claim.claimant_codes()
    if claim.speaker_actor is None and not is_pronoun(claim.speaker.text):
        codes.insert(0, plain_name(claim.speaker.text))
    if claim.via is not None and claim.via_actor is None:
        codes.append(plain_name(claim.via.text))
    return index, [c for c in dict.fromkeys(codes) if c] or None


def plain_name(phrase: str) -> str:
    """A claimant that is no known actor, by its own words without the determiners and vague
    quantifiers in front ('unnamed Western officials' → 'Western officials'), as FORMAT's
    'short common name' for anything else."""
    words = phrase.split()
    while words and words[0].lower().strip(",") in _VAGUE_DETERMINERS:
        words.pop(0)
    return " ".join(words)


def is_pronoun(phrase: str) -> bool:
    return phrase.lower() in _PRONOUNS


# --- assembly ---------------------------------------------------------------------------------


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    text = text_of(doc)
    while start < end and text[start] in " ,;:.\"“”'’(":
        start += 1
    while end > start and text[end - 1] in " ,;:\"“”'’)":
        end -= 1
    return TextSpan(start=start, end=end, text=text[start:end])


def _evidence(
    doc: Doc,
    expr: NumberExpr,
    noun: Token | None,
    verb: Token | None,
    skip: list[tuple[int, int]],
) -> TextSpan:
    tokens = [doc[expr.start], doc[expr.end - 1]]
    if noun is not None:
        tokens.append(noun)
    sent = doc[expr.head].sent
    if verb is not None and verb.sent.start == sent.start:
        tokens.append(verb)
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < verb.i:
                tokens.append(child.left_edge)
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    return _span(doc, *clip(text_of(doc), (doc[first].idx, doc[last].idx + len(doc[last])), skip))


def _continues(doc: Doc, expr: NumberExpr, previous: Figure) -> bool:
    """'send 1,000 sappers …, as well as 5,000 builders': the added people share the verb."""
    if expr.start < 3 or " ".join(t.lower_ for t in doc[expr.start - 3 : expr.start]) != (
        "as well as"
    ):
        return False
    sent = doc[expr.start].sent
    return sent.start_char <= previous.number.start < doc[expr.start].idx


def _descriptions(doc: Doc, speakers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The description a named speaker is apposed to ('the Al Qaeda-affiliated group' before
    '(JNIM) said'): a group it names describes the speaker, it does not own the people counted."""
    found = []
    for start, end in speakers:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.root.dep_ != "appos":
            continue
        first, last = phrase_bounds(span.root.head)
        if doc[first].idx < start:
            found.append((doc[first].idx, doc[last].idx + len(doc[last])))
    return found


def extract_figures(doc: Doc, lexicons: FigureLexicons, totals: bool = False) -> list[Figure]:
    """The figures of a document: one per number and source, or with `totals` the
    per-document totals of `figure_totals`."""
    skip = doc_non_prose(doc)
    attributions: list[Attribution] = layer(doc, "attributions")
    claim_spans = [(a.speaker.start, a.speaker.end) for a in attributions]
    claim_spans += [(a.via.start, a.via.end) for a in attributions if a.via is not None]
    claim_spans += _descriptions(doc, claim_spans)
    figures: list[Figure] = []
    mentions: list[Mention] = []
    seen: list[tuple[str, float, float | None, frozenset[str]]] = []
    numbers = find_numbers(doc, lexicons.numbers)
    found: list[set[str]] = []

    def inflicting() -> set[str]:
        """`inflicting_codes`, computed once per document and only when a count needs it."""
        if not found:
            found.append(inflicting_codes(doc, lexicons.categories))
        return found[0]

    targets: list[str | None] = []

    def target() -> str | None:
        """`target_group`, found once per document and only when a count needs it."""
        if not targets:
            lex, gaz = lexicons.categories, lexicons.gazetteer
            targets.append(target_group(doc, lexicons.groups, lex, gaz))
        return targets[0]

    candidates = [(expr, False) for expr in numbers]
    if totals:
        singles = unnumbered_people(doc, numbers, lexicons.categories)
        candidates = sorted(candidates + [(e, True) for e in singles], key=lambda c: c[0].start)
    for expr, single in candidates:
        start, end = doc[expr.start].idx, doc[expr.end - 1].idx + len(doc[expr.end - 1])
        if in_ranges(start, end, skip) or in_ranges(start, end, claim_spans):
            continue
        if not single and _is_not_people_number(doc, expr, totals):
            continue
        noun = doc[expr.head] if single else counted_noun(doc, expr)
        category, verb, noun = categorise(doc, expr, noun, lexicons.categories)
        if category is None and figures and _continues(doc, expr, figures[-1]):
            category = figures[-1].category
        several = expr.value > 1 or noun is None or noun.pos_ != "NOUN"
        if category is None or (single and several and category not in _INFLICTED):
            continue  # "soldiers deployed" is no count; "insurgents were killed" at least two
        if category not in _INFLICTED and _is_function(noun, lexicons.categories):
            continue  # "two leaders met" is no figure; "killed two leaders" is
        if totals and category in _INFLICTED and is_intended(verb):
            continue
        actors, named = _whose(doc, expr, noun, verb, lexicons, claim_spans, (category, inflicting))
        opponent = _is_opponent(noun, actors, category, lexicons)
        if totals and category in _INFLICTED and not opponent and _describes(verb, lexicons):
            continue
        if totals and category in _INFLICTED and opponent:
            group = target()
            if group is not None:
                actors, named = [group], True  # settled: they join no other group's total
            elif not (actors and all(is_rebel_code(c, lexicons.gazetteer) for c in actors)):
                actors, named = ["insurgents"], True
        if not actors:
            continue
        index, claimant = _claim(attributions, start, end, doc[expr.head].sent)
        if totals and index is not None and category in _INFLICTED:
            claim = attributions[index]
            if _own_claim(doc, claim, actors, inflicting, opponent):
                index, claimant = None, None
        codes = frozenset(c.lower() for c in claimant or ())
        if not totals and any(
            (c, v, m) == (category, expr.value, expr.value_max) and (codes & k or codes == k)
            for c, v, m, k in seen
        ):
            continue
        seen.append((category, expr.value, expr.value_max, codes))
        figure = Figure(
            category=category,
            value=expr.value + 1 if totals and expr.strict else expr.value,
            value_max=expr.value_max,
            qualifier=expr.qualifier,
            actor=actors,
            claimant=claimant,
            attribution=index,
            number=_span(doc, start, end),
            evidence=_evidence(doc, expr, noun, verb, skip),
            extractor=EXTRACTOR,
        )
        figures.append(figure)
        if totals:
            anchor = verb if verb is not None else doc[expr.head].sent.root
            word = lexicons.numbers.words.get(doc[expr.head].lower_)
            vague = (word is not None and word[1] in {"vague", "amount"}) or (
                single and expr.value > 1
            )
            mentions.append(
                Mention(
                    figure,
                    clause=anchor.i,
                    sentence=anchor.sent.start,
                    vague=vague,
                    reference=is_reference(noun),
                    additive=is_additive(noun, verb),
                    named=named,
                    cumulative=is_cumulative(anchor),
                )
            )
    if not totals:
        return figures
    return total_figures(mentions, speaks_of_detention(doc, lexicons.categories))
