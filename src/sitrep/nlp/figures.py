"""The figure layer: reported quantities of people — troops, killed, wounded, captured, … —
with whose people they are and who claims them.

A number expression (`numbers.py`) becomes a figure when the parse ties it to people: its head
noun counts people ("soldiers", "civilians", "deaths", "prisoners"), or it stands for people
itself as the subject or object of a cue verb ("more than 3,000 have been killed"). The
category comes from that noun or from the verbs and participles around it
(`figure_categories.py`); whose people they are from the text around them
(`figure_owners.py`). The claimant comes from the attribution whose content covers the number;
a speaker that is no known actor is named by its own words. With `totals`
(`Settings.figure_totals`) the counts become per-document totals (`figure_totals.py`), the
enemy's losses go to the group the report's forces target (`figure_sides.py`), and forces
confirming the losses they inflicted ('the forces confirmed a leader was arrested') are the
report's own account, with no claimant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.figure_categories import (
    HELD,
    INFLICTED,
    CategoryLexicon,
    categorise,
    counted_noun,
    is_person_name,
    load_category_lexicon,
)
from sitrep.nlp.figure_owners import (
    STATE_FORCES,
    FigureLexicons,
    actor_mentions,
    describes,
    inflicting_codes,
    is_function,
    is_opponent,
    plain_name,
    whose,
)
from sitrep.nlp.figure_sides import is_rebel_code, load_group_index, target_group
from sitrep.nlp.figure_totals import (
    Mention,
    held_category,
    is_additive,
    is_cumulative,
    is_hedged,
    is_intended,
    is_part,
    is_reference,
    release_of,
    release_starts,
    total_figures,
    unnumbered_people,
)
from sitrep.nlp.gazetteer import default_gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.nlp.numbers import NumberExpr, find_numbers, load_number_lexicon
from sitrep.nlp.quotes import clip
from sitrep.nlp.speakers import phrase_bounds
from sitrep.records import (
    Attribution,
    Figure,
    FigureCategory,
    TextSpan,
)

NAME = "sitrep_figures"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"

_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_CURRENCY = frozenset("$€£¥₹")
_UNITS = frozenset({"%", "percent", "per", "pc", "km", "kilometres", "kilometers", "miles", "mph"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})
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
    speakers = actor_mentions(doc, claim.speaker.start, claim.speaker.end, [])
    forces = bool(speakers) and all(m.actor.sector in STATE_FORCES for m in speakers)
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
    return _earlier_in_sentence(doc, expr, previous)


def _more_of(doc: Doc, expr: NumberExpr, previous: Figure) -> bool:
    """'4,000 of the 11,000 soldiers …, and that at least 3,000 more had been dispatched':
    more of the people just counted in the same sentence, whose they are."""
    if expr.end >= len(doc) or doc[expr.end].lower_ != "more":
        return False
    return _earlier_in_sentence(doc, expr, previous)


def _earlier_in_sentence(doc: Doc, expr: NumberExpr, previous: Figure) -> bool:
    """Whether the previous figure's number stands before `expr` in its sentence."""
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


def _named_before(noun: Token | None, mentions: list[Mention], lex: CategoryLexicon) -> bool:
    """A person counted by name again ('killed Omar … Omar was killed in the strike'): one
    person, already in the total."""
    if noun is None or not is_person_name(noun, lex):
        return False
    return any(m.figure.number.text.endswith(noun.text) for m in mentions)


def _other_category(mentions: list[Mention], category: FigureCategory) -> str | None:
    """The category of the count just before, if it is another one (captures and detentions
    being one), else None."""
    if not mentions:
        return None
    before = mentions[-1].figure.category
    return None if before == category or {before, category} <= HELD else before


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

    @cache
    def inflicting() -> set[str]:
        """`inflicting_codes`, computed once per document and only when a count needs it."""
        return inflicting_codes(doc, lexicons.categories)

    @cache
    def target() -> str | None:
        """`target_group`, found once per document and only when a count needs it."""
        return target_group(doc, lexicons.groups, lexicons.categories, lexicons.gazetteer)

    candidates = [(expr, False) for expr in numbers]
    releases = release_starts(text_of(doc)) if totals else []
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
        if category is None or (single and several and category not in INFLICTED):
            continue  # "soldiers deployed" is no count; "insurgents were killed" at least two
        if category not in INFLICTED and is_function(noun, lexicons.categories):
            continue  # "two leaders met" is no figure; "killed two leaders" is
        if totals and category in INFLICTED and is_intended(verb):
            continue
        actors, named = whose(doc, expr, noun, verb, lexicons, claim_spans, (category, inflicting))
        if (
            noun is None
            and figures
            and (
                _more_of(doc, expr, figures[-1])
                or (not named and _earlier_in_sentence(doc, expr, figures[-1]))
            )
        ):
            # "3,000 more"; "100 soldiers had been killed and nearly 1,000 wounded": the
            # people just counted in the sentence, whose they are
            actors = list(figures[-1].actor)
        inflicted = totals and category in INFLICTED
        opponent = inflicted and is_opponent(noun, actors, named, category, lexicons)
        if inflicted and not opponent and describes(verb, lexicons):
            continue
        if opponent:
            group = target()
            if group is not None:
                actors, named = [group], True  # settled: they join no other group's total
            elif not (actors and all(is_rebel_code(c, lexicons.gazetteer) for c in actors)):
                actors, named = ["insurgents"], True
        if not actors:
            continue
        index, claimant = _claim(attributions, start, end, doc[expr.head].sent)
        if totals and index is not None and category in INFLICTED:
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
                    reference=is_reference(noun)
                    or _named_before(noun, mentions, lexicons.categories),
                    additive=is_additive(noun, verb, _other_category(mentions, category)),
                    named=named,
                    cumulative=is_cumulative(anchor),
                    hedged=is_hedged(anchor.sent, lexicons.numbers),
                    part=is_part(noun),
                    release=release_of(start, releases),
                )
            )
    if not totals:
        return figures
    held = any(m.figure.category in HELD for m in mentions)
    return total_figures(mentions, held_category(doc, lexicons.categories) if held else None)
