"""The place layer: toponyms in the prose, resolved to GeoNames-style records from offline data.

Mentions come from `toponyms.find_mentions`. Demonyms ("Russian") are not toponyms by the
project's convention (nor GeoWebNews'); `SITREP_PLACE_DEMONYMS=1` adds them as mentions of
their country, as LGL annotates them. Each mention is resolved against `geo.PlaceIndex` in two
passes: names that fit one country only, the states the actor layer found, the country of
the outlet's web domain ("….co.uk"; not ".com" nor vanity domains such as ".tv"), the words of
local government, schooling and policing peculiar to one country ("the school district",
"sheriff's deputies") and the regions the document's toponyms could lie in set the context;
then every mention takes its best candidate in that context, population breaking ties. A weak
mention (a small town's name in an organisation's name, a surname) is dropped unless the
context supports it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer, default_gazetteer, normalise_name
from sitrep.nlp.geo import (
    Candidate,
    Context,
    PlaceIndex,
    home_country,
    is_unambiguous,
    load_index,
    resolve,
)
from sitrep.nlp.layout import in_ranges
from sitrep.nlp.lexicon import read_lines, read_table
from sitrep.nlp.toponyms import Mention, find_mentions
from sitrep.records import Place, TextSpan

NAME = "sitrep_places"
VERSION = "0.2"
EXTRACTOR = f"{NAME}/{VERSION}"
WEAK_SUPPORT = 0.5
"""Region support a weak mention needs: another name that fits its region in at most two."""
NATIONAL_CITY = 500_000
"""A city this populous stands without regional support when the document names its country."""
MAX_PASSES = 3
"""Re-readings in the context of the previous readings after the first (most settle in two)."""
COARSE_ADMIN1 = frozenset({"GB"})
"""Countries whose first-level regions are too large to say where a story is: GeoNames files
British places under England, Scotland, Wales and Northern Ireland."""


@Language.factory(
    NAME,
    requires=["doc.ents", "doc._.actors"],
    assigns=["doc._.places"],
    default_config={"demonyms": None},
)
def make_place_resolver(nlp: Language, name: str, demonyms: bool | None) -> PlaceResolver:
    """`demonyms` picks the convention; None takes `Settings.place_demonyms` from the
    environment (SITREP_PLACE_DEMONYMS)."""
    if demonyms is None:
        from sitrep.config import Settings

        demonyms = Settings.from_env().place_demonyms
    return PlaceResolver(demonyms)


class PlaceResolver:
    """Finds and resolves toponyms; the index is built in `initialize`."""

    def __init__(self, demonyms: bool = False) -> None:
        self.index: PlaceIndex | None = None
        self.actors: Gazetteer | None = None
        self.demonyms = demonyms
        """Read demonyms as mentions of their country (LGL's convention, not the project's)."""

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.index = load_index()
        self.actors = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None or self.actors is None:
            raise RuntimeError("sitrep_places was not initialised: call nlp.initialize()")
        places = find_places(doc, self.index, self.actors, self.demonyms)
        layer(doc, "places").extend(places)
        return doc


Support = dict[tuple[str, str], float]


def _region_support(mentions: list[Mention]) -> dict[str, Support]:
    """For each distinct name, how strongly it points to each first-level region: a name that
    fits regions in k places gives 1/k to each (one sense per discourse, spatial minimality)."""
    by_name: dict[str, Support] = {}
    for mention in mentions:
        key = normalise_name(mention.span.text)
        regions = {
            (c.country, c.admin1)
            for c in mention.candidates
            if c.country and c.admin1 and c.country not in COARSE_ADMIN1
        }
        if key in by_name or not regions:
            continue
        by_name[key] = {region: 1.0 / len(regions) for region in regions}
    return by_name


def _actor_context(doc: Doc, mentions: list[Mention], index: PlaceIndex) -> Counter[str]:
    """Countries of the states the actor layer found outside the toponyms."""
    countries: Counter[str] = Counter()
    spans = [(m.span.start_char, m.span.end_char) for m in mentions]
    names = {normalise_name(m.span.text) for m in mentions}
    for actor_mention in layer(doc, "actors"):
        # An actor that is itself a toponym here ('Georgia'), or bears a toponym's name
        # ('Dublin' read as Ireland's capital in 'Dublin City Council'), is no evidence for
        # that name's reading.
        if in_ranges(actor_mention.span.start, actor_mention.span.end, spans):
            continue
        if normalise_name(actor_mention.span.text) in names:
            continue
        code = actor_mention.actor.country
        if code and code.upper() in index.alpha2:
            countries[index.alpha2[code.upper()]] += 1
    return countries


@cache
def _register_words() -> dict[str, tuple[re.Pattern[str], tuple[str, ...]]]:
    """Each word of `place_register.tsv`, lower-cased, with a whole-word pattern and its
    countries."""
    return {
        phrase.lower(): (
            re.compile(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)"),
            tuple(code.upper() for code in codes.split("|")),
        )
        for phrase, codes in read_table("place_register.tsv")
    }


def _register_context(doc: Doc, named: Counter[str]) -> Counter[str]:
    """Countries whose local-government, school and police words the document uses ('the
    school district', 'sheriff's deputies'): one piece of evidence per distinct word. A word
    several countries use ('high school') counts for the one of them the document names
    most, else for the first listed."""
    text = doc.text.lower()
    found: Counter[str] = Counter()
    for word, (pattern, codes) in _register_words().items():
        # A substring test first: most documents hold none of the words.
        if word in text and pattern.search(text):
            found[max(codes, key=lambda code: (named[code], -codes.index(code)))] += 1
    return found


def _name_countries(mentions: list[Mention], readings: list[Candidate | None]) -> dict[str, str]:
    """The country each distinct, trusted name is read in: a name repeated ten times is one
    piece of evidence, or a first misreading would confirm itself (one sense per discourse)."""
    found: dict[str, str] = {}
    for mention, best in zip(mentions, readings, strict=True):
        key = normalise_name(mention.span.text)
        if mention.weak or best is None or not best.country or key in found:
            continue
        found[key] = best.country
    return found


def _for_mention(
    actors: Counter[str],
    names: dict[str, str],
    admin1: Counter[tuple[str, str]],
    forms: frozenset[str],
) -> Context:
    """The context as seen by one mention: without the countries its own name's `forms` are
    read in; `admin1` is the region support of the other names."""
    countries = Counter(actors)
    countries.update(country for name, country in names.items() if name not in forms)
    return Context(countries=countries, admin1=admin1)


def _name_forms(keys: list[str]) -> dict[str, frozenset[str]]:
    """Each name with its forms among the document's names: itself and the names one of
    which is the other's first words ('Dublin City' is no evidence for 'Dublin')."""
    distinct = set(keys)
    return {
        key: frozenset(
            name
            for name in distinct
            if name == key or name.startswith(key + " ") or key.startswith(name + " ")
        )
        for key in distinct
    }


def _other_support(support: dict[str, Support], forms: frozenset[str]) -> Counter[tuple[str, str]]:
    """The region support of the names that are not a form of one's own."""
    admin1: Counter[tuple[str, str]] = Counter()
    for name, regions in support.items():
        if name not in forms:
            admin1.update(regions)
    return admin1


def _outside_context(
    doc: Doc, mentions: list[Mention], index: PlaceIndex, plain: dict[str, str]
) -> Counter[str]:
    """The countries the document names besides its toponyms' readings: states the actor
    layer found, then its local-government words (a word that countries share goes to the
    one the actors and the names that fit one country only point to)."""
    actors = _actor_context(doc, mentions, index) + _domain_context(doc, index)
    return actors + _register_context(doc, actors + Counter(plain.values()))


DOMAIN_ALIASES = {"uk": "GB"}
"""Country-code top-level domains that are not the country's ISO code."""


@cache
def _vanity_domains() -> frozenset[str]:
    return frozenset(read_lines("place_vanity_domains.txt"))


def _domain_context(doc: Doc, index: PlaceIndex) -> Counter[str]:
    """The country of the outlet's web domain ("thisisoxfordshire.co.uk" -> GB): a local paper
    writes about its own country, one piece of evidence like a state named in the text. Generic
    (".com") and vanity (".tv") domains say nothing."""
    domain = doc._.domain
    if not domain:
        return Counter()
    tld = domain.rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in _vanity_domains():
        return Counter()
    code = DOMAIN_ALIASES.get(tld, tld.upper())
    return Counter([code]) if code in index.alpha3 else Counter()


def _plain_readings(mentions: list[Mention]) -> list[Candidate | None]:
    """Readings of the names that fit one country only, the rest unread."""
    return [
        resolve(m.candidates, Context()) if m.candidates and is_unambiguous(m.candidates) else None
        for m in mentions
    ]


def resolve_mentions(
    mentions: list[Mention], actors: Counter[str], plain: dict[str, str]
) -> list[Any]:
    """A first reading in the context of unambiguous names (`plain`, name → country) and
    region support, then re-readings in the context of the other readings until they settle.
    `actors` holds the countries the document names outside its toponyms."""
    support = _region_support(mentions)
    keys = [normalise_name(m.span.text) for m in mentions]
    forms = _name_forms(keys)
    admin1 = {key: _other_support(support, same) for key, same in forms.items()}
    names = dict(plain)
    first: list[Candidate | None] = []
    for mention, key in zip(mentions, keys, strict=True):
        seen = _for_mention(actors, names, admin1[key], forms[key])
        within = mentions[mention.within].candidates if mention.within is not None else []
        enclosing = resolve([c for c in within if c.feature != "city"], seen)
        first.append(resolve(mention.candidates, seen, enclosing))
    final = first
    # Re-read until the readings settle: 'Lancaster' first read in California makes 'York'
    # Pennsylvania's, which makes 'Lancaster' English, which makes 'York' English again.
    for _ in range(MAX_PASSES):
        names = _name_countries(mentions, final)
        again: list[Candidate | None] = []
        for mention, key in zip(mentions, keys, strict=True):
            seen = _for_mention(actors, names, admin1[key], forms[key])
            within_index = mention.within
            enclosing = final[within_index] if within_index is not None else None
            best = resolve(mention.candidates, seen, enclosing)
            again.append(best)
            if not mention.weak and best is not None and best.country:
                names[key] = best.country
        settled = again == final
        final = again
        if settled:
            break
    # One sense per discourse: 'Paris, Tenn.' once makes every later 'Paris' that Paris.
    anchored: dict[str, Candidate] = {}
    for mention, best in zip(mentions, final, strict=True):
        if (mention.within is not None or mention.anchor) and best is not None:
            anchored.setdefault(normalise_name(mention.span.text), best)
    if anchored:
        final = [
            best if m.within is not None or m.anchor else anchored.get(key, best)
            for m, key, best in zip(mentions, keys, final, strict=True)
        ]
    return final


def _is_supported(mention: Mention, best: Candidate | None, support: dict[str, Support]) -> bool:
    """A weak mention stands when another toponym of the document points to its region."""
    if best is None or not best.admin1 or not best.country:
        return False
    key = normalise_name(mention.span.text)
    region = (best.country, best.admin1)
    total = sum(regions.get(region, 0.0) for name, regions in support.items() if name != key)
    return total >= WEAK_SUPPORT


def _is_national_city(mention: Mention, best: Candidate | None, named: set[str]) -> bool:
    """A weak one-word mention that is a big city of a country the document names ("rebels
    captured Bukavu", in a report on Congo): the small NER reads many such names as persons."""
    return (
        len(mention.span) == 1
        and best is not None
        and best.feature == "city"
        and best.weight >= NATIONAL_CITY
        and best.country in named
    )


def _place(span: Span, candidate: Candidate | None, home: str | None = None) -> Place:
    text_span = TextSpan(start=span.start_char, end=span.end_char, text=span.text)
    if candidate is None:
        # A river, a street or a hamlet the gazetteer lacks lies, most likely, in the country
        # the story is set in; it gets no point.
        return Place(span=text_span, name=span.text, country=home, extractor=EXTRACTOR)
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


def find_places(
    doc: Doc, index: PlaceIndex, actors: Gazetteer, demonyms: bool = False
) -> list[Place]:
    mentions = find_mentions(doc, index, actors, demonyms)
    _link_enclosing(doc, mentions)
    plain = _name_countries(mentions, _plain_readings(mentions))
    outside = _outside_context(doc, mentions, index, plain)
    resolved = resolve_mentions(mentions, outside, plain)
    strong = [m for m in mentions if not m.weak]
    support = _region_support(strong)
    evidence = Counter(outside)
    evidence.update(_name_countries(mentions, resolved).values())
    home = home_country(evidence)
    # One sense per discourse: a name found once as a trusted toponym is one everywhere
    # ('Gainesville residents' after 'in Gainesville').
    trusted = {normalise_name(m.span.text) for m in strong}
    named = {
        best.country
        for mention, best in zip(mentions, resolved, strict=True)
        if not mention.weak and best is not None and best.feature == "country"
    }
    places = []
    for mention, best in zip(mentions, resolved, strict=True):
        if (
            mention.weak
            and normalise_name(mention.span.text) not in trusted
            and not _is_supported(mention, best, support)
            and not _is_national_city(mention, best, named)
        ):
            continue
        places.append(_place(mention.span, best, home))
    return places


def _link_enclosing(doc: Doc, mentions: list[Mention]) -> None:
    """'Paris, Texas' and 'Gainesville, Ga.': a place followed by a comma and a larger place."""
    text = doc.text  # built anew on each access
    for k in range(len(mentions) - 1):
        here, after = mentions[k], mentions[k + 1]
        gap = text[here.span.end_char : after.span.start_char]
        if gap.strip() == "," and any(c.feature != "city" for c in after.candidates):
            here.within = k + 1


def country_alpha3(place: Place) -> str | None:
    """The alpha-3 code of the country a place lies in (events report countries that way)."""
    if place.country is None:
        return None
    return load_index().alpha3.get(place.country.upper())
