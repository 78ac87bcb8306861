"""The entity layer: named-entity mentions with CoNLL labels (PER, ORG, LOC, MISC).

The trained NER's entities are mapped to the CoNLL scheme (PERSON → PER; ORG → ORG; GPE, LOC,
FAC → LOC; NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE, PRODUCT → MISC) and then corrected by
sitrep's own layers, which know names the small model gets wrong ("Kursk" as PRODUCT, "Kyiv"
as PERSON, "Zelenskyy" as ORG):
- an actor from the gazetteer decides the label of a mention it covers exactly: a person → PER,
  a state or seat of power → LOC, a demonym → MISC, an organisation → ORG;
- a toponym the place layer resolved, where the NER saw a person or a product, is LOC, and one
  the NER missed altogether is added;
- nothing in a heading or byline is an entity; a leading article and a trailing possessive are
  not part of the name.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer, default_gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.records import Entity, EntityLabel, TextSpan

NAME = "sitrep_entities"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"
CONLL_LABELS: dict[str, EntityLabel] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}
"""spaCy's OntoNotes labels → CoNLL-2003 labels; numbers, dates and amounts are no entities."""
_ENTRY_LABELS: dict[str, EntityLabel] = {
    "state": "LOC",
    "seat": "LOC",
    "adjective": "MISC",
    "people": "MISC",
}
_CATEGORY_LABELS: dict[str, EntityLabel] = {"person": "PER"}
_LEADING = frozenset({"the", "a", "an"})
_SEPARATORS = frozenset({"-", "(", ")", ",", "/", ":", "--", "–", "—"})


@Language.factory(
    NAME, requires=["doc.ents", "doc._.actors", "doc._.places"], assigns=["doc._.entities"]
)
def make_entity_tagger(nlp: Language, name: str) -> EntityTagger:
    return EntityTagger()


class EntityTagger:
    """Tags entities; the actor gazetteer is loaded in `initialize`."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.gazetteer = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            raise RuntimeError("sitrep_entities was not initialised: call nlp.initialize()")
        layer(doc, "entities").extend(find_entities(doc, self.gazetteer))
        return doc


def raw_entities(doc: Doc) -> list[Entity]:
    """The trained NER's entities mapped to CoNLL labels, without sitrep's corrections."""
    found = []
    for ent in doc.ents:
        label = CONLL_LABELS.get(ent.label_)
        if label is not None:
            span = TextSpan(start=ent.start_char, end=ent.end_char, text=ent.text)
            found.append(Entity(span=span, label=label, extractor="spacy"))
    return found


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without a leading article or a trailing possessive or punctuation."""
    while start < end and doc[start].lower_ in _LEADING:
        start += 1
    while end > start and (doc[end - 1].norm_ == "'s" or doc[end - 1].is_punct):
        if doc[end - 1].text.endswith(".") and len(doc[end - 1]) > 1:
            break
        end -= 1
    return start, end


def _actor_label(text: str, gaz: Gazetteer) -> EntityLabel | None:
    entry = gaz.lookup(text)
    if entry is None:
        return None
    if entry.kind == "named":
        return _CATEGORY_LABELS.get(entry.category, "ORG")
    return _ENTRY_LABELS.get(entry.kind)


def _state_part(
    start: int, text: str, gaz: Gazetteer
) -> tuple[tuple[int, int], EntityLabel | None]:
    """The state or demonym that opens a descriptive mention, with its label: 'Chad' (LOC) in
    'Chad government', 'Russian' (MISC) in 'Russian troops', 'Iran' in 'Iran's navy'."""
    words = text.split()
    for n in range(len(words) - 1, 0, -1):
        phrase = " ".join(words[:n])
        for suffix in ("'s", "’s"):
            phrase = phrase.removesuffix(suffix)
        entry = gaz.lookup(phrase)
        if entry is not None and entry.kind in _ENTRY_LABELS:
            return (start, start + len(phrase)), _ENTRY_LABELS[entry.kind]
    return (start, start), None


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """An entity split where the NER ran over a separator or a score ('Romania - Cosmin
    Contra', 'G. Kersey 63', 'Scott Draper ( Australia'), each piece trimmed."""
    pieces, begin = [], start
    for i in range(start, end):
        token = doc[i]
        separator = token.text in _SEPARATORS and bool(token.whitespace_) and i > start
        if separator or any(ch.isdigit() for ch in token.text):
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, end))
    trimmed = [_trimmed(doc, a, b) for a, b in pieces]
    return [(a, b) for a, b in trimmed if a < b]


def find_entities(doc: Doc, gaz: Gazetteer) -> list[Entity]:
    skip = doc_non_prose(doc)
    places = {(p.span.start, p.span.end) for p in layer(doc, "places")}
    found: dict[tuple[int, int], EntityLabel] = {}
    covered: set[int] = set()
    for ent in doc.ents:
        label = CONLL_LABELS.get(ent.label_)
        if label is None or in_ranges(ent.start_char, ent.end_char, skip):
            continue
        for start, end in _pieces(doc, ent.start, ent.end):
            span = doc[start:end]
            bounds = (span.start_char, span.end_char)
            piece_label = _actor_label(span.text, gaz) or label
            if bounds in places and piece_label in {"PER", "MISC"} and ent.label_ != "NORP":
                piece_label = "LOC"
            found[bounds] = piece_label
            covered.update(range(span.start_char, span.end_char))
    _repeat_surnames(doc, found, covered, gaz)
    for mention in layer(doc, "actors"):
        bounds = (mention.span.start, mention.span.end)
        label = _actor_label(mention.span.text, gaz)
        if label is None:
            bounds, label = _state_part(mention.span.start, mention.span.text, gaz)
        if any(i in covered for i in range(*bounds)) or in_ranges(*bounds, skip):
            continue
        if label is not None and mention.span.text[:1].isupper():
            found[bounds] = label
            covered.update(range(*bounds))
    for place in layer(doc, "places"):
        bounds = (place.span.start, place.span.end)
        if any(i in covered for i in range(*bounds)) or place.country is None:
            continue
        found[bounds] = "LOC"
        covered.update(range(*bounds))
    text = text_of(doc)
    return [
        Entity(span=TextSpan(start=s, end=e, text=text[s:e]), label=label, extractor=EXTRACTOR)
        for (s, e), label in sorted(found.items())
    ]


def _repeat_surnames(
    doc: Doc, found: dict[tuple[int, int], EntityLabel], covered: set[int], gaz: Gazetteer
) -> None:
    """A person named in full is a person when the report repeats the surname alone
    ('Alexander Lebed' ... 'Lebed said'), whatever the NER makes of the repeat."""
    text = text_of(doc)
    surnames = {
        text[s:e].split()[-1]
        for (s, e), label in found.items()
        if label == "PER" and len(text[s:e].split()) > 1
    }
    surnames = {name for name in surnames if name[:1].isupper() and len(name) > 2}
    for token in doc:
        if token.text not in surnames or gaz.lookup(token.text) is not None:
            continue
        bounds = (token.idx, token.idx + len(token))
        if bounds in found:
            found[bounds] = "PER"
        elif not any(i in covered for i in range(*bounds)):
            found[bounds] = "PER"
            covered.update(range(*bounds))
