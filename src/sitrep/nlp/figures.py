"""The figure layer: reported quantities of people — troops, killed, wounded, captured, … —
with whose people they are and who claims them.

A number expression (`numbers.py`) becomes a figure when the parse ties it to people: its head
noun counts people ("soldiers", "civilians", "deaths", "prisoners"), or it stands for people
itself as the subject or object of a cue verb ("more than 3,000 have been killed"). The
category comes from that noun or from the verbs and participles around it
(`data/figure_categories.tsv`); whose people they are from the actor mentions in the noun
phrase, the owner of a possessive, the subject of "deployed"/"lost", or the armed forces named
just before; the claimant from the attribution whose content covers the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp.attributions import phrase_bounds
from sitrep.nlp.extensions import layer
from sitrep.nlp.layout import in_ranges, non_prose_ranges
from sitrep.nlp.lexicon import read_table
from sitrep.nlp.numbers import NumberExpr, NumberLexicon, find_numbers, load_number_lexicon
from sitrep.nlp.quotes import clip
from sitrep.records import Attribution, Figure, FigureCategory, TextSpan

NAME = "sitrep_figures"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"

_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_CURRENCY = frozenset("$€£¥₹")
_UNITS = frozenset({"%", "percent", "per", "pc", "km", "kilometres", "kilometers", "miles", "mph"})
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
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
_CONTEXT_SENTENCES = 2
_MAX_MODIFIERS = 3
_INFLICTED = frozenset({"killed", "wounded", "casualties", "captured", "detained"})
_YEARS = range(1800, 2101)


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


def load_category_lexicon() -> CategoryLexicon:
    events: dict[str, FigureCategory] = {}
    counts: dict[str, FigureCategory] = {}
    people: dict[str, FigureCategory | None] = {}
    civilians: dict[str, bool] = {}
    for row in read_table("figure_categories.tsv"):
        if len(row) < 3:
            continue
        cue, category, role = row[0].lower(), row[1], row[2]
        if role == "event":
            events[cue] = cast(FigureCategory, category)
        elif role == "count":
            counts[cue] = cast(FigureCategory, category)
        elif role in {"people", "civilian"}:
            people[cue] = None if category == "-" else cast(FigureCategory, category)
            if role == "civilian":
                civilians[cue] = True
    return CategoryLexicon(events, counts, people, civilians)


@Language.factory(
    NAME, requires=["token.dep", "doc._.actors", "doc._.attributions"], assigns=["doc._.figures"]
)
def make_figure_extractor(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor()


class FigureExtractor:
    """Finds figures; the lexicons are loaded in `initialize`."""

    def __init__(self) -> None:
        self.categories: CategoryLexicon | None = None
        self.numbers: NumberLexicon | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.categories = load_category_lexicon()
        self.numbers = load_number_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        if self.categories is None or self.numbers is None:
            raise RuntimeError("sitrep_figures was not initialised: call initialize()")
        layer(doc, "figures").extend(extract_figures(doc, self.categories, self.numbers))
        return doc


# --- what is counted --------------------------------------------------------------------------


def _keys(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def _lookup(table: dict[str, Any], token: Token) -> Any:
    for key in _keys(token):
        if key in table:
            return table[key]
    return None


def _is_not_people_number(doc: Doc, expr: NumberExpr) -> bool:
    head = doc[expr.head]
    if head.ent_type_ in _NOT_PEOPLE_ENTS:
        return True
    if expr.start > 0 and doc[expr.start - 1].text in _CURRENCY:
        return True
    if expr.end < len(doc) and doc[expr.end].lower_ in _UNITS:
        return True
    if head.lower_ == "one":
        return True
    text = head.text
    return text.isdigit() and len(text) == 4 and int(text) in _YEARS and expr.qualifier == "exact"


def _counted_noun(doc: Doc, expr: NumberExpr) -> Token | None:
    """The noun the number counts: its head ('11,000 soldiers') or 'of' object ('dozens of')."""
    head = doc[expr.head]
    if expr.end < len(doc) and doc[expr.end].lower_ == "of":
        objs = [c for c in doc[expr.end].children if c.dep_ == "pobj"]
        if objs:
            return objs[0]
    starts: list[Token] = [head, *doc[expr.start : expr.end]]
    for start in starts:
        token: Token = start
        while token.dep_ in {"nummod", "quantmod"} and token.head.i != token.i:
            token = token.head
            if token.pos_ in {"NOUN", "PROPN"} and token.i >= expr.end:
                return token
    # A misparsed range ("between 200 and 300 Russian soldiers"): the next noun after modifiers.
    for token in doc[expr.end : expr.end + _MAX_MODIFIERS + 1]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ not in {"ADJ", "PROPN"}:
            break
    return None


def _noun_category(noun: Token, lex: CategoryLexicon) -> FigureCategory | None:
    """The category a counting noun carries: 'deaths', 'death toll', 'number of injured'."""
    found = _lookup(lex.counts, noun)
    if found:
        return cast(FigureCategory, found)
    if noun.lemma_.lower() in _AGGREGATES:
        for child in noun.children:
            if child.dep_ in {"compound", "amod"}:
                found = _lookup(lex.counts, child) or _lookup(lex.events, child)
                if found:
                    return cast(FigureCategory, found)
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    found = _lookup(lex.counts, obj) or _lookup(lex.events, obj)
                    for part in obj.children:
                        if not found and part.dep_ in {"acl", "amod", "relcl"}:
                            found = _lookup(lex.events, part)
                    if found:
                        return cast(FigureCategory, found)
    return None


def _verb_category(verb: Token, lex: CategoryLexicon) -> FigureCategory | None:
    """The category a verb gives, 'killed or wounded' (coordinated) giving casualties."""
    found: set[FigureCategory] = set()
    own = _lookup(lex.events, verb)
    if own:
        found.add(own)
    siblings = [c for c in verb.children if c.dep_ != "conj" or not _has_subject(c)]
    if verb.dep_ == "conj" and not _has_subject(verb):
        siblings.append(verb.head)
    for child in siblings:
        if child.dep_ in {"xcomp", "acomp", "oprd"} and not own:
            inner = _verb_category(child, lex)
            if inner:
                return inner
        if child.dep_ == "conj" or (child.i == verb.head.i and verb.dep_ == "conj"):
            other = _lookup(lex.events, child)
            if other and own:
                found.add(other)
    if {"killed", "wounded"} <= found or "casualties" in found:
        return "casualties"
    return cast(FigureCategory, own) if isinstance(own, str) else None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _governor(anchor: Token) -> Token | None:
    """The verb (or event noun) whose argument the counted noun is."""
    token = anchor
    if token.dep_ == "pobj" and token.head.head.i != token.head.i:
        token = token.head
    if token.dep_ in _NOUN_DEPS or token.dep_ in {"prep", "npadvmod", "dep"}:
        return token.head
    return None


def _categorise(
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
        known = any(key in lex.people for key in _keys(noun))
        if not known and not _is_people_mention(doc, noun):
            # "300 killed and 2,700 wounded fighting for Russia": the people noun is elided and
            # the parser takes the next noun as the counted one.
            follower = doc[expr.end] if expr.end < noun.i else None
            elided = _lookup(lex.events, follower) if follower is not None else None
            if follower is not None and elided and follower.tag_ in {"VBN", "JJ"}:
                return cast(FigureCategory, elided), None, None
            return None, None, noun
        people_default = _lookup(lex.people, noun)
        civilian = any(key in lex.civilians for key in _keys(noun))
    verb = _governor(anchor)
    if verb is not None and verb.lemma_.lower() in _MEASURE_VERBS:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c != anchor]
        if subjects:
            counted = _noun_category(subjects[0], lex)
            if counted:
                return counted, verb, subjects[0]
        if noun is None and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return _categorise_owner(doc, verb.head, lex), verb, verb.head
    if verb is not None and verb.pos_ in {"NOUN", "PROPN"}:
        counted = _noun_category(verb, lex) or _lookup(lex.events, verb)
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
    if after < len(doc) and doc[after].pos_ in {"VERB", "ADJ", "NOUN"}:
        candidates.append(doc[after])
    candidates.extend(c for c in anchor.children if c.dep_ in {"acl", "amod", "relcl"})
    for candidate in candidates:
        category = _verb_category(candidate, lex)
        if category == "troops" and noun is not None and civilian:
            continue
        if category:
            return category, verb, noun
    return people_default, verb, noun


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
    default = _lookup(lex.people, noun)
    return cast(FigureCategory | None, default)


def _is_people_mention(doc: Doc, noun: Token) -> bool:
    """A plural demonym or role noun the actor layer resolved ('Ukrainians', 'civilians')."""
    return any(
        m.span.start <= noun.idx < m.span.end and m.actor.sector in {"CVL", "MIL"}
        for m in layer(doc, "actors")
    )


# --- whose people -----------------------------------------------------------------------------


def _codes_in(doc: Doc, start: int, end: int, exclude: list[tuple[int, int]]) -> list[str]:
    codes = []
    for m in layer(doc, "actors"):
        if (
            start <= m.span.start
            and m.span.end <= end
            and not in_ranges(m.span.start, m.span.end, exclude)
        ):
            codes.append(m.actor.country or m.actor.code)
    return list(dict.fromkeys(codes))


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
    token = verb
    for _ in range(4):
        if token is None:
            return []
        for child in token.children:
            if child.dep_ == "nsubj" and child.lower_ not in _POSSESSIVES:
                first, last = child.left_edge, child.right_edge
                codes = _codes_in(doc, first.idx, last.idx + len(last), exclude)
                if codes:
                    return codes
        if token.head.i == token.i:
            return []
        token = token.head
    return []


def _context_codes(doc: Doc, sent: Span, exclude: list[tuple[int, int]]) -> list[str]:
    """Armed forces or civilians named in this sentence or the last ones that name some."""
    sentences = list(doc.sents)
    index = next((i for i, s in enumerate(sentences) if s.start == sent.start), 0)
    for back in range(_CONTEXT_SENTENCES + 1):
        if index - back < 0:
            break
        s = sentences[index - back]
        codes = [
            m.actor.country or m.actor.code
            for m in layer(doc, "actors")
            if s.start_char <= m.span.start < s.end_char
            and m.actor.sector in _ARMED
            and not in_ranges(m.span.start, m.span.end, exclude)
        ]
        if codes:
            return list(dict.fromkeys(codes))
    return [
        code
        for m in layer(doc, "actors")
        if sent.start_char <= m.span.start < sent.end_char
        and m.actor.country
        and not in_ranges(m.span.start, m.span.end, exclude)
        for code in [m.actor.country]
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
    """The active subject of 'killed'/'captured': it inflicts, it does not own the people."""
    if verb is None or _lookup(lex.events, verb) not in _INFLICTED:
        return []
    spans = []
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i != anchor.i:
            first, last = phrase_bounds(child)
            spans.append((doc_idx(child.doc, first), doc_end(child.doc, last)))
    return spans


def doc_idx(doc: Doc, i: int) -> int:
    return int(doc[i].idx)


def doc_end(doc: Doc, i: int) -> int:
    return int(doc[i].idx + len(doc[i]))


def _document_codes(doc: Doc, before: int) -> list[str]:
    """The armed party (else the state) the report names most often before this point."""
    counts: dict[str, int] = {}
    for sectors in (_ARMED, None):
        for m in layer(doc, "actors"):
            if (
                m.span.start < before
                and m.actor.country
                and (sectors is None or m.actor.sector in sectors)
            ):
                counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
        if counts:
            return [max(counts, key=lambda code: counts[code])]
    return []


def _whose(
    doc: Doc,
    expr: NumberExpr,
    noun: Token | None,
    verb: Token | None,
    lex: CategoryLexicon,
    claim_spans: list[tuple[int, int]],
) -> list[str]:
    sent = doc[expr.head].sent
    anchor = noun if noun is not None else doc[expr.head]
    exclude = claim_spans + _agents(sent) + _inflicter(verb, anchor, lex)
    if noun is not None:
        codes = _codes_in(doc, *_phrase_range(noun), exclude)
        if codes:
            return codes
    owner = _owner_verb(noun if noun is not None else doc[expr.head])
    possessive = noun is not None and any(t.lower_ in _POSSESSIVES for t in noun.subtree)
    if expr.end + 1 < len(doc) and doc[expr.end].lower_ == "of":
        possessive = possessive or doc[expr.end + 1].lower_ in _POSSESSIVES
    if owner is not None or possessive:
        codes = _subject_codes(doc, owner or verb or doc[expr.head], exclude)
        if codes:
            return codes
    return _context_codes(doc, sent, exclude) or _document_codes(doc, sent.start_char)


# --- who claims it ----------------------------------------------------------------------------


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
    codes = attributions[index].claimant_codes()
    return index, codes or None


# --- assembly ---------------------------------------------------------------------------------


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    text = doc.text
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
    return _span(doc, *clip(doc.text, (doc[first].idx, doc[last].idx + len(doc[last])), skip))


def extract_figures(doc: Doc, lex: CategoryLexicon, numbers: NumberLexicon) -> list[Figure]:
    skip = non_prose_ranges(doc.text)
    attributions: list[Attribution] = layer(doc, "attributions")
    claim_spans = [(a.speaker.start, a.speaker.end) for a in attributions]
    claim_spans += [(a.via.start, a.via.end) for a in attributions if a.via is not None]
    figures: list[Figure] = []
    seen: list[tuple[str, float, float | None, frozenset[str]]] = []
    for expr in find_numbers(doc, numbers):
        start, end = doc[expr.start].idx, doc[expr.end - 1].idx + len(doc[expr.end - 1])
        if in_ranges(start, end, skip) or _is_not_people_number(doc, expr):
            continue
        if in_ranges(start, end, claim_spans):
            continue
        noun = _counted_noun(doc, expr)
        category, verb, noun = _categorise(doc, expr, noun, lex)
        if category is None:
            continue
        actors = _whose(doc, expr, noun, verb, lex, claim_spans)
        if not actors:
            continue
        index, claimant = _claim(attributions, start, end, doc[expr.head].sent)
        codes = frozenset(c.lower() for c in claimant or ())
        if any(
            (c, v, m) == (category, expr.value, expr.value_max) and (codes & k or codes == k)
            for c, v, m, k in seen
        ):
            continue
        seen.append((category, expr.value, expr.value_max, codes))
        figures.append(
            Figure(
                category=category,
                value=expr.value,
                value_max=expr.value_max,
                qualifier=expr.qualifier,
                actor=actors,
                claimant=claimant,
                attribution=index,
                number=_span(doc, start, end),
                evidence=_evidence(doc, expr, noun, verb, skip),
                extractor=EXTRACTOR,
            )
        )
    return figures
