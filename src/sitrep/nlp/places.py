"""The place layer: toponyms in the prose, resolved to GeoNames-style records from offline data.

Mentions come from the trained NER (GPE, LOC and FAC entities outside headings) and from the
gazetteer where the NER mislabels or misses a well-known name ("Kursk" as PRODUCT, "Kyiv" as
PERSON). Demonyms ("Russian") are not toponyms. Each mention is resolved against `geo.PlaceIndex`
in two passes: names that fit one country only, "X, Y" pairs and the states the actor layer
found set the document's context; then every mention takes its best candidate in that context,
population breaking ties.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer, default_gazetteer
from sitrep.nlp.geo import Candidate, Context, PlaceIndex, is_unambiguous, load_index, resolve
from sitrep.nlp.layout import in_ranges, non_prose_ranges
from sitrep.records import Place, TextSpan

NAME = "sitrep_places"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
"""Labels the small NER gives to place names by mistake; taken only when the gazetteer agrees."""
_GENERIC_TAIL = frozenset(
    {"region", "oblast", "province", "governorate", "district", "area", "state", "border"}
)
_MAX_NGRAM = 4
STRONG_CITY = 100_000
"""Outside a place entity, a city name must be this populous to count (surnames are towns too)."""


@Language.factory(NAME, requires=["doc.ents", "doc._.actors"], assigns=["doc._.places"])
def make_place_resolver(nlp: Language, name: str) -> PlaceResolver:
    return PlaceResolver()


class PlaceResolver:
    """Finds and resolves toponyms; the index is built in `initialize`."""

    def __init__(self) -> None:
        self.index: PlaceIndex | None = None
        self.actors: Gazetteer | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.index = load_index()
        self.actors = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None or self.actors is None:
            raise RuntimeError("sitrep_places was not initialised: call nlp.initialize()")
        layer(doc, "places").extend(find_places(doc, self.index, self.actors))
        return doc


@dataclass
class _Mention:
    span: Span
    candidates: list[Candidate]
    within: int | None = None
    """Index of the mention that encloses this one ("Paris, Texas" → Texas)."""


def _is_demonym(text: str, actors: Gazetteer) -> bool:
    entry = actors.lookup(text)
    return entry is not None and entry.kind in {"adjective", "people"}


def _trim(span: Span) -> Span:
    """Drop a leading article and trailing punctuation or possessive."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in {"the", "a"}:
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].norm_ == "'s"):
        end -= 1
    return span.doc[start:end]


def _pieces(span: Span) -> list[Span]:
    """An entity split at possessives: "Russia's Kursk" → "Russia", "Kursk"."""
    pieces, start = [], span.start
    for token in span:
        if token.norm_ == "'s" or token.text in {"’s", "'s"}:
            pieces.append(span.doc[start : token.i])
            start = token.i + 1
    pieces.append(span.doc[start : span.end])
    return [t for p in pieces if len(t := _trim(p))]


def _lookup(span: Span, index: PlaceIndex) -> tuple[Span, list[Candidate]]:
    """Candidates of the span, or of the span without a generic tail ("Donetsk area")."""
    found = index.lookup(span.text)
    if found or len(span) < 2:
        return span, found
    if span[-1].lower_ in _GENERIC_TAIL:
        shorter = span.doc[span.start : span.end - 1]
        return shorter, index.lookup(shorter.text)
    return span, []


def _is_strong(candidates: list[Candidate]) -> bool:
    return any(c.feature != "city" or c.weight >= STRONG_CITY for c in candidates)


def _is_name_token(token: Any) -> bool:
    return bool(token.text[:1].isupper()) and token.pos_ in {"PROPN", "NOUN", "ADJ", "X"}


def _from_tokens(doc: Doc, taken: set[int], index: PlaceIndex, actors: Gazetteer) -> list[Span]:
    """Well-known names the NER missed: capitalised n-grams outside entities, longest first."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if i in taken or not _is_name_token(doc[i]):
            i += 1
            continue
        for n in range(min(_MAX_NGRAM, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if any(t.i in taken for t in span) or not _is_name_token(span[-1]):
                continue
            candidates = index.lookup(span.text)
            if candidates and _is_strong(candidates) and not _is_demonym(span.text, actors):
                found.append(span)
                i += n - 1
                break
        i += 1
    return found


def find_mentions(doc: Doc, index: PlaceIndex, actors: Gazetteer) -> list[_Mention]:
    skip = non_prose_ranges(doc.text)
    mentions: list[_Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
        if in_ranges(ent.start_char, ent.end_char, skip) or ent.label_ == "NORP":
            continue
        if ent.label_ in PLACE_LABELS:
            for piece in _pieces(ent):
                span, candidates = _lookup(piece, index)
                if _is_demonym(span.text, actors) or not span.text[:1].isupper():
                    continue
                if candidates or ent.label_ != "FAC":
                    mentions.append(_Mention(span, candidates))
        elif ent.label_ in OTHER_LABELS:
            span = _trim(ent)
            candidates = index.lookup(span.text) if len(span) else []
            if candidates and _is_strong(candidates) and not _is_demonym(span.text, actors):
                mentions.append(_Mention(span, candidates))
    for span in _from_tokens(doc, taken, index, actors):
        if not in_ranges(span.start_char, span.end_char, skip):
            mentions.append(_Mention(span, index.lookup(span.text)))
    mentions.sort(key=lambda m: m.span.start)
    _link_enclosing(doc, mentions)
    return mentions


def _link_enclosing(doc: Doc, mentions: list[_Mention]) -> None:
    """'Paris, Texas' and 'Gainesville, Ga.': a place followed by a comma and a larger place."""
    for k in range(len(mentions) - 1):
        here, after = mentions[k], mentions[k + 1]
        gap = doc[here.span.end : after.span.start]
        if gap.text.strip() == "," and any(c.feature != "city" for c in after.candidates):
            here.within = k + 1


def _context(doc: Doc, mentions: list[_Mention], index: PlaceIndex) -> Context:
    context = Context()
    for mention in mentions:
        if mention.candidates and is_unambiguous(mention.candidates):
            best = resolve(mention.candidates, Context())
            if best is not None:
                context.add(best)
    for actor_mention in layer(doc, "actors"):
        code = actor_mention.actor.country
        if code and code.upper() in index.alpha2:
            context.countries[index.alpha2[code.upper()]] += 1
    return context


def _without(context: Context, candidate: Candidate | None) -> Context:
    """The context minus one mention's own contribution (a name is no evidence for itself)."""
    if candidate is None:
        return context
    own = Context()
    own.add(candidate)
    return Context(countries=context.countries - own.countries, admin1=context.admin1 - own.admin1)


def resolve_mentions(doc: Doc, mentions: list[_Mention], index: PlaceIndex) -> list[Any]:
    """Two passes: a first reading in the context of unambiguous names, then a re-reading in
    the context of every first reading."""
    context = _context(doc, mentions, index)
    first: list[Candidate | None] = []
    for mention in mentions:
        within = mentions[mention.within].candidates if mention.within is not None else []
        enclosing = resolve([c for c in within if c.feature != "city"], context)
        first.append(resolve(mention.candidates, context, enclosing))
    total = Context(countries=Counter(context.countries), admin1=Counter(context.admin1))
    for best in first:
        if best is not None:
            total.add(best)
    final: list[Candidate | None] = []
    for mention, best in zip(mentions, first, strict=True):
        within_index = mention.within
        enclosing = first[within_index] if within_index is not None else None
        final.append(resolve(mention.candidates, _without(total, best), enclosing))
    return final


def _place(span: Span, candidate: Candidate | None) -> Place:
    text_span = TextSpan(start=span.start_char, end=span.end_char, text=span.text)
    if candidate is None:
        return Place(span=text_span, name=span.text, extractor=EXTRACTOR)
    return Place(
        span=text_span,
        name=candidate.name,
        country=candidate.country,
        admin1=candidate.admin1,
        lat=candidate.lat,
        lon=candidate.lon,
        geonameid=candidate.geonameid,
        feature=candidate.feature,
        extractor=EXTRACTOR,
    )


def find_places(doc: Doc, index: PlaceIndex, actors: Gazetteer) -> list[Place]:
    mentions = find_mentions(doc, index, actors)
    resolved = resolve_mentions(doc, mentions, index)
    return [_place(m.span, c) for m, c in zip(mentions, resolved, strict=True)]


def country_alpha3(place: Place) -> str | None:
    """The alpha-3 code of the country a place lies in (events report countries that way)."""
    if place.country is None:
        return None
    return load_index().alpha3.get(place.country.upper())
