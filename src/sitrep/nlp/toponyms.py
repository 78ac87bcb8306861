"""Where the toponyms of a document are: candidate place mentions, before any resolution.

Sources, in order: the trained NER's place entities (GPE, LOC, FAC), split at possessives and
commas ("Russia's Kursk", "Paris, Texas"); names the NER gives another label ("Kursk" as
PRODUCT); toponyms embedded in the names of institutions ("the Ohio Department of
Transportation", "Huntsville Police"); capitalised names the NER missed; state abbreviations
after a comma or a party letter ("Gainesville, Ga.", "D-W.Va."); the place of a dateline
("CORSICANA —"); street-like facilities ("Cooper Street", "Interstate 45"), which have no
GeoNames entry. Structural rules read local news the small NER misses, and win over an
entity's reading of the same words: streets and numbered roads anywhere, names coordinated
before "counties" or "streets", a legislator's home town ("R-Elbow Lake"), and a name before
a town's officials or people ("Roselle police"). A mention is `weak` when the name alone is
too common to be trusted (a town of 8,000, a surname): it is kept only where the document's
other toponyms point to its region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from sitrep.nlp.gazetteer import Gazetteer, normalise_name
from sitrep.nlp.geo import Candidate, PlaceIndex, compact
from sitrep.nlp.layout import doc_non_prose, in_ranges
from sitrep.nlp.lexicon import read_lines

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "NORP"})
"""Labels the small NER gives to place names by mistake, or to names that embed one."""
_GENERIC_TAIL = frozenset(
    {"region", "oblast", "province", "governorate", "district", "area", "state", "border"}
)
_COUNTY_WORDS = frozenset({"county", "parish", "township", "borough"})
_CIVIC_WORDS = frozenset({"police", "sheriff", "sheriff's", "city", "township", "mayor", "fire"})
"""Words after which a name is a town's: 'Fargo Police', 'the Moorhead City Council'."""
_SCHOOL_LEVELS = frozenset({"high", "middle", "elementary", "junior", "primary", "secondary"})
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "of", "outside", "around", "into"})
_DATELINE_DASH = frozenset({"—", "–", "-", "--", ":", "("})
_PARTY_LETTERS = frozenset({"D", "R", "I", "DFL"})
_LIST_HEADS = {
    "counties": "County",
    "parishes": "Parish",
    "streets": "",
    "roads": "",
    "avenues": "",
}
"""Plural heads of coordinated names ("Walton and Oconee counties", "Lakeview and Harrison
streets"): each name is a toponym, a county's looked up with the singular suffix."""
_AMBIGUOUS_STREET_WORDS = frozenset({"court", "place", "circle", "trail", "dr", "ct"})
"""Street words that also end names of courts, squares and titles ('Supreme Court', 'Dr.'):
outside a place entity they do not make a street."""
_ROAD_CODE = re.compile(r"^(I|US|SR|FM|CR|M|A)-\d+[A-Z]?$")
"""'I-75', 'US-24': a road's code in one token."""
_MAX_NGRAM = 4
STRONG_CITY = 100_000
"""Outside a place entity, a city name must be this populous to count (surnames are towns too)."""
STRONG_EMBEDDED_CITY = 1_000_000
"""Inside an organisation's name, a city must be this large to count without support: names of
firms and teams ('Toyota', 'Lincoln Financial') borrow the names of smaller cities."""
_ORDINAL_ROAD = re.compile(r"^\d+(st|nd|rd|th)$", re.I)


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(read_lines(name))


@dataclass
class Mention:
    span: Span
    candidates: list[Candidate]
    weak: bool = False
    """Kept only if the document's context supports one of its candidates."""
    within: int | None = None
    """Index of the mention that encloses this one ("Paris, Texas" → Texas)."""
    street: bool = False
    anchor: bool = False
    """Read by its own context ('Lebanon police'): the document's other mentions follow it."""
    source: str = "place_ent"
    """Which rule found it (for error analysis)."""


def is_demonym(text: str, actors: Gazetteer) -> bool:
    entry = actors.lookup(text)
    return entry is not None and entry.kind in {"adjective", "people"}


def is_strong(candidates: list[Candidate], city: float = STRONG_CITY) -> bool:
    """A name that can stand alone: a country, a region or sea with a point, or a big city."""
    return any(
        (c.feature != "city" and c.lat is not None and c.weight >= STRONG_CITY)
        or c.feature in {"country", "continent", "water"}
        or c.weight >= city
        for c in candidates
    )


def _is_county(span: Span) -> bool:
    """'Douglas County', 'Rapides Parish': a name with the suffix of a county is a toponym even
    inside an institution's name ('the Douglas County Sheriff's Office')."""
    return len(span) >= 2 and span[-1].lower_ in _COUNTY_WORDS


def _is_word(span: Span, lower_words: set[str]) -> bool:
    """A one-word name that is also an ordinary word of this document ('Man', 'Gold', 'Metro'
    used in lower case elsewhere), a stop word, or too short to be a name."""
    if len(span) != 1:
        return False
    token = span[0]
    return token.is_stop or len(token.text) < 3 or token.lower_ in lower_words


def _is_actor(text: str, actors: Gazetteer) -> bool:
    """A demonym or a named actor ('Hamas', 'White House'), which is no toponym here."""
    entry = actors.lookup(text)
    return entry is not None and entry.kind in {"adjective", "people", "named"}


def _trim(span: Span) -> Span:
    """Drop a leading article and trailing punctuation or possessive."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in {"the", "a"}:
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].norm_ == "'s"):
        if span.doc[end - 1].text.endswith(".") and len(span.doc[end - 1]) > 1:
            break  # "Ga.", "D.C.": the period belongs to the abbreviation
        end -= 1
    return span.doc[start:end]


def _pieces(span: Span) -> list[Span]:
    """An entity split at possessives and commas: "Russia's Kursk" → "Russia", "Kursk"."""
    pieces, start = [], span.start
    for token in span:
        if token.norm_ == "'s" or token.text in {"’s", "'s", ","}:
            pieces.append(span.doc[start : token.i])
            start = token.i + 1
    pieces.append(span.doc[start : span.end])
    return [t for p in pieces if len(t := _trim(p))]


def lookup(span: Span, index: PlaceIndex) -> tuple[Span, list[Candidate]]:
    """Candidates of the span, or of its core: without a generic tail ("Donetsk area") or a
    leading direction ("Northeast Georgia")."""
    found = index.lookup(span.text)
    if found or len(span) < 2:
        return span, found
    if span[-1].lower_ in _GENERIC_TAIL:
        shorter = span.doc[span.start : span.end - 1]
        return shorter, index.lookup(shorter.text)
    if span[0].lower_ in read_lines("place_directions.txt"):
        # "Northeast Georgia" is Georgia, but "East Bank" is not Portsmouth ('Bank' is one of
        # its alternate names): after a direction only a place's own name counts.
        shorter = span.doc[span.start + 1 : span.end]
        own = normalise_name(shorter.text)
        return shorter, [c for c in index.lookup(shorter.text) if normalise_name(c.name) == own]
    return span, []


def _is_name_token(token: Any) -> bool:
    return bool(token.text[:1].isupper()) and token.pos_ in {"PROPN", "NOUN", "ADJ", "X"}


def _abbreviation(doc: Doc, i: int, index: PlaceIndex) -> tuple[Span, Candidate] | None:
    """'Ga.' or 'W. Va.' after a comma ('Gainesville, Ga.') or a party letter ('D-W.Va.')."""
    if i == 0:
        return None
    before = doc[i - 1]
    after_comma = before.text == ","
    after_party = before.text == "-" and i >= 2 and doc[i - 2].text in _PARTY_LETTERS
    if not (after_comma or after_party):
        return None
    for n in (2, 1):
        span = doc[i : i + n]
        if len(span) < n:
            continue
        text = compact(span.text)
        if i + n < len(doc) and doc[i + n].text == "." and not text.endswith("."):
            text += "."  # "W.Va" "." split by the tokenizer
        region = index.abbreviations.get(text)
        if region is not None:
            return span, region
    return None


def _bare_abbreviation(span: Span, index: PlaceIndex) -> Candidate | None:
    """A region's abbreviation that the NER itself tagged as a place ('Kan.', 'S.C.')."""
    text = compact(span.text)
    if span.end < len(span.doc) and span.doc[span.end].text == "." and not text.endswith("."):
        text += "."
    return index.abbreviations.get(text) if text.endswith(".") else None


def _is_street(span: Span, streets: frozenset[str]) -> bool:
    last = span[-1].lower_.rstrip(".")
    if last in streets and len(span) >= 2:
        return True
    return (
        len(span) >= 2
        and span[0].lower_ in {"interstate", "highway", "route", "i"}
        and (span[-1].like_num)
    )


def _embedded(
    ent: Span,
    index: PlaceIndex,
    actors: Gazetteer,
    institutions: frozenset[str],
    lower_words: set[str],
) -> list[Mention]:
    """Toponyms inside the name of an institution, team, event or work ('Ohio State
    University', 'University of Cincinnati', 'the Laurel County Sheriff's Office').

    In a PERSON entity (the small NER's label for 'Alexandria Police') only a name followed by
    an institution word counts, so that 'Jordan Smith' stays a person.
    """
    found: list[Mention] = []
    i = ent.start
    has_institution = any(t.lower_ in institutions for t in ent)
    while i < ent.end:
        token = ent.doc[i]
        if not _is_name_token(token) or token.lower_ in institutions:
            i += 1
            continue
        region = _bare_abbreviation(ent.doc[i : i + 1], index)
        if region is not None:  # "the S.C. Trial Lawyers Association"
            found.append(Mention(ent.doc[i : i + 1], [region], source="embedded_abbr"))
            i += 1
            continue
        for n in range(min(_MAX_NGRAM, ent.end - i), 0, -1):
            span = _trim(ent.doc[i : i + n])
            if not len(span) or span == ent or _is_actor(span.text, actors):
                continue
            candidates = index.lookup(span.text)
            if not candidates:
                continue
            nxt = ent.doc[span.end] if span.end < ent.end else None
            if ent.label_ == "PERSON" and (nxt is None or nxt.lower_ not in institutions):
                continue
            if ent.label_ != "ORG" and not has_institution and not is_strong(candidates):
                continue
            civic = nxt is not None and nxt.lower_ in _CIVIC_WORDS
            weak = not (
                is_strong(candidates, STRONG_EMBEDDED_CITY) or _is_county(span) or civic
            ) or _is_word(span, lower_words)
            found.append(Mention(span, candidates, weak=weak, source="embedded"))
            i = span.end - 1
            break
        i += 1
    return found


def find_mentions(
    doc: Doc, index: PlaceIndex, actors: Gazetteer, demonyms: bool = False
) -> list[Mention]:
    """Every candidate toponym of the prose (headings and bylines skipped), in text order.

    With `demonyms`, a demonym of a state ("Russian", "Palestinians") is a mention of it.
    """
    skip = doc_non_prose(doc)
    streets = _words("street_words.txt")
    institutions = _words("place_institutions.txt")
    words = [t.text for t in doc]
    lower_words = {w.lower() for w in words if w.islower()}
    # Structural readings first: they win over an entity's reading of the same words.
    mentions = _streets(doc, words, index, skip, streets) + _listed(doc, words, index, skip)
    mentions += _party_places(doc, words, index, skip)
    mentions += _settlements(doc, words, index, skip)
    taken: set[int] = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
        if in_ranges(ent.start_char, ent.end_char, skip):
            continue
        if ent.label_ in PLACE_LABELS:
            mentions.extend(
                _from_place_entity(ent, index, actors, streets, institutions, lower_words)
            )
        elif ent.label_ in OTHER_LABELS:
            span = _trim(ent)
            candidates = index.lookup(span.text) if len(span) else []
            if candidates and not _is_actor(span.text, actors):
                # A person's name that is also a town's ('Lincoln') needs the context's support.
                weak = (
                    not is_strong(candidates)
                    or _is_word(span, lower_words)
                    or (
                        ent.label_ == "PERSON"
                        and not is_strong(candidates, STRONG_EMBEDDED_CITY)
                        and not (span.start > 0 and doc[span.start - 1].lower_ in _LOCATIVE)
                    )
                )
                mentions.append(Mention(span, candidates, weak=weak, source="other_label"))
            elif ent.label_ != "NORP":
                mentions.extend(_embedded(ent, index, actors, institutions, lower_words))
    mentions.extend(_from_tokens(doc, words, taken, index, actors, skip, lower_words))
    if demonyms:
        mentions.extend(_demonyms(doc, index, actors, skip))
    surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    personal = {t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e}
    mentions = [
        m
        for m in mentions
        if not (m.weak and len(m.span) == 1 and m.span[0].lower_ in surnames)
        and not _is_person_name(m, personal, actors)
    ]
    mentions.sort(key=lambda m: m.span.start)
    mentions = _dedupe(mentions)
    for mention in mentions:
        _drop_country_before_civic_word(mention)
    return mentions


def _drop_country_before_civic_word(mention: Mention) -> None:
    """'Lebanon police', 'a Jordan woman', 'the Malta City Council': a country's own people
    and services take its demonym ('Lebanese police'), so a name used so is a town's."""
    doc, end = mention.span.doc, mention.span.end
    if end >= len(doc):
        return
    # 'the Jordan middle school': a country has no single school of a level.
    school = doc[end].lower_ in _SCHOOL_LEVELS and end + 1 < len(doc)
    school = school and doc[end + 1].lower_ in {"school", "schools"}
    if not school and doc[end].lower_ not in _words("place_civic_words.txt"):
        return
    towns = [c for c in mention.candidates if c.feature != "country"]
    if towns and len(towns) < len(mention.candidates):
        mention.candidates = towns
        mention.anchor = True


def _is_person_name(mention: Mention, personal: set[str], actors: Gazetteer) -> bool:
    """A place entity the gazetteer lacks, all of whose words name persons elsewhere in the
    document ('Saakashvili said' after 'Mikheil Saakashvili'): the small NER's slip."""
    if mention.candidates or mention.street or mention.source != "place_ent_nocand":
        return False
    words = [t.lower_ for t in mention.span if t.is_alpha]
    if words and all(w in personal for w in words):
        return True
    return _is_actor(mention.span.text, actors)


def _from_place_entity(
    ent: Span,
    index: PlaceIndex,
    actors: Gazetteer,
    streets: frozenset[str],
    institutions: frozenset[str],
    lower_words: set[str],
) -> list[Mention]:
    found: list[Mention] = []
    for piece in _pieces(ent):
        region = _bare_abbreviation(piece, index)
        if region is not None:  # "Kan." is Kansas, not a Chinese city's transliteration
            found.append(Mention(piece, [region], source="abbr_ent"))
            continue
        span, candidates = lookup(piece, index)
        if is_demonym(span.text, actors) or not span.text[:1].isupper():
            continue
        abbreviation = _abbreviation(span.doc, span.start, index)
        if not candidates and abbreviation is not None:
            found.append(Mention(abbreviation[0], [abbreviation[1]], source="abbr_ent"))
        elif candidates:
            found.append(Mention(span, candidates, source="place_ent"))
        elif _is_street(span, streets) and not _is_region_name(_trim(span[:-1]), index):
            # 'Allegheny County Court' is a court of a county, 'Cooper Court' a street.
            inner = []
            if span[-1].lower_.rstrip(".") in _AMBIGUOUS_STREET_WORDS:
                inner = _embedded(span, index, actors, institutions, lower_words)
            found.extend(inner or [Mention(span, [], street=True, source="street")])
        elif ent.label_ != "FAC":
            embedded = _embedded(span, index, actors, institutions, lower_words)
            found.extend(embedded or [Mention(span, [], source="place_ent_nocand")])
        else:
            found.extend(_embedded(span, index, actors, institutions, lower_words))
    return found


def _from_tokens(
    doc: Doc,
    words: list[str],
    taken: set[int],
    index: PlaceIndex,
    actors: Gazetteer,
    skip: list[tuple[int, int]],
    lower_words: set[str],
) -> list[Mention]:
    """Names the NER missed: abbreviations, datelines, and capitalised n-grams outside
    entities, longest first (strong names anywhere, weaker ones after a locative preposition)."""
    found: list[Mention] = []
    civic_words = _words("place_civic_words.txt")
    i = 0
    while i < len(doc):
        # Only a capital or a word after a comma or hyphen can start a toponym here.
        if not (words[i][:1].isupper() or (i and words[i - 1] in {",", "-"})):
            i += 1
            continue
        token = doc[i]
        if in_ranges(token.idx, token.idx + len(token), skip):
            i += 1
            continue
        abbreviation = _abbreviation(doc, i, index)
        if abbreviation is not None and not any(t.i in taken for t in abbreviation[0]):
            found.append(Mention(abbreviation[0], [abbreviation[1]], source="abbr"))
            i = abbreviation[0].end
            continue
        if i in taken or not (_is_name_token(token) or token.is_upper):
            i += 1
            continue
        for n in range(min(_MAX_NGRAM, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if any(t.i in taken for t in span) or not (
                _is_name_token(span[-1]) or span.text.isupper()
            ):
                continue
            candidates = index.lookup(span.text)
            if not candidates or _is_actor(span.text, actors):
                continue
            civic = span.end < len(doc) and doc[span.end].lower_ in civic_words
            if _is_dateline(span):
                found.append(Mention(span, candidates, source="dateline"))
            elif civic and _is_name_token(span[-1]) and not _is_word(span, lower_words):
                found.append(Mention(span, candidates, source="civic"))
            elif _is_unlikely(span, lower_words):
                if not _is_opening_name(span, lower_words):
                    continue
                # 'Fargo plans…': kept where the document names the town elsewhere too.
                found.append(Mention(span, candidates, weak=True, source="opening"))
            elif is_strong(candidates) or _is_county(span):
                found.append(Mention(span, candidates, source="token"))
            elif i > 0 and doc[i - 1].lower_ in _LOCATIVE:
                found.append(Mention(span, candidates, weak=True, source="token_weak"))
            else:
                continue
            i += n - 1
            break
        i += 1
    return found


def _is_unlikely(span: Span, lower_words: set[str]) -> bool:
    """Outside entities: not a name, an ordinary word, or one capitalised word opening a
    sentence (capitalised by position only)."""
    if not _is_name_token(span[-1]) or _is_word(span, lower_words):
        return True
    return len(span) == 1 and bool(span[0].is_sent_start)


def _is_opening_name(span: Span, lower_words: set[str]) -> bool:
    """One capitalised word opening a sentence that is a name by its tag, not only by place."""
    return len(span) == 1 and span[0].pos_ == "PROPN" and not _is_word(span, lower_words)


def _is_dateline(span: Span) -> bool:
    """An upper-case place opening a line, followed by a dash, colon, comma or date
    ('BEIRUT:', 'CORSICANA —', 'LONDON 1996-08-22', 'WASHINGTON, Aug. 3')."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    # A crawled page may run the headline into the dateline: "... budget . COLUMBUS, Ohio (AP)".
    starts_line = (
        before is None
        or "\n" in before.text + before.whitespace_
        or (before.text == "." and len(span.text) >= 4)
    )
    nxt = doc[span.end] if span.end < len(doc) else None
    followed = nxt is not None and (
        nxt.text in _DATELINE_DASH or nxt.text == "," or nxt.text[:1].isdigit()
    )
    dashed = nxt is not None and nxt.text in {"—", "–", "--"}
    return bool(starts_line and ((followed and span.text.isupper()) or dashed))


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the first, longest one wins."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.span.start, -m.span.end)):
        if kept and mention.span.start < kept[-1].span.end:
            continue
        kept.append(mention)
    return kept


def _demonyms(
    doc: Doc, index: PlaceIndex, actors: Gazetteer, skip: list[tuple[int, int]]
) -> list[Mention]:
    """Demonyms of states as mentions of their country ("Russian officials" → Russia)."""
    found: list[Mention] = []
    for n in (2, 1):
        for i in range(len(doc) - n + 1):
            span = doc[i : i + n]
            if not span.text[:1].isupper() or in_ranges(span.start_char, span.end_char, skip):
                continue
            entry = actors.lookup(span.text)
            if entry is None or entry.kind not in {"adjective", "people"}:
                continue
            alpha2 = index.alpha2.get(entry.actor.code.upper())
            country = [c for c in index.lookup(alpha2 or "") if c.feature == "country"]
            if not country and alpha2:
                country = [
                    c
                    for f in index.names.values()
                    for c in f
                    if c.feature == "country" and c.country == alpha2
                ][:1]
            if country:
                found.append(Mention(span, country[:1], source="demonym"))
    return found


_DIRECTION_TAILS = frozenset(
    {"North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest"}
    | {"N", "S", "E", "W", "NE", "NW", "SE", "SW"}
)
_LIST_SEPARATORS = frozenset({",", "and", "&", "or"})


def _is_street_name(token: Any) -> bool:
    """A word of a street's name: capitalised, an ordinal ('16th'), or a direction ('W.')."""
    text = token.text
    if _ORDINAL_ROAD.match(text):
        return True
    return text[:1].isupper() and (token.is_alpha or text.rstrip(".") in _DIRECTION_TAILS)


def _name_run(doc: Doc, end: int, longest: int = 3) -> Span:
    """The capitalised words just before `end` ('Pine Needle' before 'Drive'), possessive
    marks included ('Governors’ Parkway', "Moore's Ford")."""
    start = end
    while start > 0 and end - start < longest + 1:
        token = doc[start - 1]
        if token.text in {"’", "'", "'s", "’s"} and start - 2 >= 0:
            if not _is_street_name(doc[start - 2]):
                break
        elif not _is_street_name(token) or token.is_stop:
            break
        start -= 1
    while start < end and not _is_street_name(doc[start]):
        start += 1
    return doc[start:end]


def _with_tail(doc: Doc, end: int) -> int:
    """Past a trailing direction ('40th Avenue South', 'Interstate 64 West')."""
    return end + 1 if end < len(doc) and doc[end].text.rstrip(".") in _DIRECTION_TAILS else end


def _is_region_name(span: Span, index: PlaceIndex) -> bool:
    return len(span) > 0 and any(
        c.feature in {"region", "country"} and c.lat is not None for c in index.lookup(span.text)
    )


def _streets(
    doc: Doc,
    words: list[str],
    index: PlaceIndex,
    skip: list[tuple[int, int]],
    streets: frozenset[str],
) -> list[Mention]:
    """Streets and numbered roads wherever they are ('Bucknell Drive', 'Highway 10', 'I-75'):
    the small NER tags them as persons, organisations or nothing."""
    roads = _words("place_road_words.txt")
    found: list[Mention] = []
    for i, text in enumerate(words):
        lower = text.lower()
        word = lower.rstrip(".")
        if not text[:1].isupper() or not (
            word in streets or word == "road" or lower in roads or _ROAD_CODE.match(text)
        ):
            continue
        token = doc[i]
        if in_ranges(token.idx, token.idx + len(token), skip):
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if _ROAD_CODE.match(token.text):
            found.append(Mention(doc[i : _with_tail(doc, i + 1)], [], street=True, source="road"))
        elif (
            (token.lower_ in roads or (word == "road" and i and doc[i - 1].lower_ == "county"))
            and nxt is not None
            and nxt.is_digit
            and len(nxt.text) <= 4
        ):
            start = i - 1 if word == "road" or (i and doc[i - 1].lower_ == "state") else i
            found.append(
                Mention(doc[start : _with_tail(doc, i + 2)], [], street=True, source="road")
            )
        elif (
            word in streets
            and word not in _AMBIGUOUS_STREET_WORDS
            and not (word == "st" and nxt is not None and nxt.text[:1].isupper())
        ):
            name = _name_run(doc, i)
            # 'Minnesota Highway', "Florida's Turnpike": a road named after its state.
            if len(name) and not _is_region_name(_trim(name), index):
                span = doc[name.start : _with_tail(doc, i + 1)]
                found.append(Mention(span, [], street=True, source="street_token"))
    return found


def _listed(
    doc: Doc, words: list[str], index: PlaceIndex, skip: list[tuple[int, int]]
) -> list[Mention]:
    """Names coordinated before a plural head ('Clay, Douglas and Wilkin counties', 'Lakeview
    and Harrison streets'): each is a toponym, a county looked up with its suffix."""
    found: list[Mention] = []
    for i, text in enumerate(words):
        suffix = _LIST_HEADS.get(text.lower())
        if suffix is None:
            continue
        token = doc[i]
        if in_ranges(token.idx, token.idx + len(token), skip):
            continue
        end = token.i
        while end > 0:
            name = _name_run(doc, end, longest=2)
            if not len(name):
                break
            candidates = index.lookup(f"{name.text} {suffix}") if suffix else []
            found.append(Mention(name, candidates, street=not suffix, source="list"))
            end = name.start
            while end > 0 and doc[end - 1].lower_ in _LIST_SEPARATORS:
                end -= 1
            if end == name.start:
                break
    return found


SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "port", "hamlet"})
"""Nouns that name a settlement before "of" and its name ("the town of El Geneina")."""


def _settlements(
    doc: Doc, words: list[str], index: PlaceIndex, skip: list[tuple[int, int]]
) -> list[Mention]:
    """The name after "the city of", "the town of": a toponym whether or not the gazetteer
    knows it (many towns of current wars are missing or spelt otherwise there)."""
    found: list[Mention] = []
    for i in range(1, len(words) - 1):
        if words[i] != "of" or words[i - 1].lower() not in SETTLEMENT_NOUNS:
            continue
        start = end = i + 1
        while end < len(doc) and end - start < 4 and doc[end].pos_ == "PROPN":
            end += 1
        if end == start or in_ranges(doc[start].idx, doc[end - 1].idx + 1, skip):
            continue
        span = doc[start:end]
        found.append(Mention(span, index.lookup(span.text), source="settlement"))
    return found


def _party_places(
    doc: Doc, words: list[str], index: PlaceIndex, skip: list[tuple[int, int]]
) -> list[Mention]:
    """The home town or district after a legislator's party letter ('Rep. Ann Lee, R-Elbow
    Lake,', 'D-Calif'): a toponym whether or not the gazetteer knows it."""
    found: list[Mention] = []
    for i in range(3, len(words)):
        if not (
            words[i - 1] == "-"
            and words[i - 2] in _PARTY_LETTERS
            and words[i - 3] in {",", "("}
            and words[i][:1].isupper()
        ):
            continue
        token = doc[i]
        if in_ranges(token.idx, token.idx + len(token), skip):
            continue
        abbreviation = _abbreviation(doc, i, index)
        region = index.abbreviations.get(compact(token.text) + ".")
        if abbreviation is not None:
            found.append(Mention(abbreviation[0], [abbreviation[1]], source="party"))
        elif region is not None:
            found.append(Mention(doc[i : i + 1], [region], source="party"))
        else:
            end = i
            while end < min(i + 3, len(doc)) and doc[end].is_alpha and doc[end].is_title:
                end += 1
            if end > i:
                # Party letters are an American convention: the district is an American place.
                span = doc[i:end]
                american = [c for c in index.lookup(span.text) if c.country == "US"] or [
                    Candidate(span.text, "US", None, None, None, None, "city", 0.0)
                ]
                found.append(Mention(span, american, source="party"))
    return found
