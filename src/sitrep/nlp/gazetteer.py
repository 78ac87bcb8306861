"""The actor gazetteer: names, demonyms, seats of power, people and institutions → actors.

Built once per process from pycountry (official state names) and the curated files in
`sitrep/data/actors/` (states.tsv, actors.tsv, roles.tsv). A user extends it without code
changes by pointing `SITREP_ACTORS` at a file in the format of actors.tsv.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

from sitrep.errors import ConfigError
from sitrep.nlp.lexicon import read_table
from sitrep.records import Actor, Sector

EntryKind = Literal["state", "seat", "adjective", "people", "named"]
SECTORS = frozenset(Sector.__args__)  # type: ignore[attr-defined]


def normalise_name(phrase: str) -> str:
    """Lower case, straight apostrophes, single spaces, no leading article."""
    phrase = phrase.replace("’", "'").replace("‘", "'").replace("`", "'")
    phrase = " ".join(phrase.lower().split())
    if phrase.startswith("the "):
        phrase = phrase[4:]
    return phrase.rstrip(".") if phrase.count(".") == 1 else phrase


@dataclass(frozen=True)
class Entry:
    """What a phrase in the gazetteer stands for."""

    actor: Actor
    kind: EntryKind
    category: str = ""
    """For a named entry, the kind column of actors.tsv: person, org, igo, group, media."""


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    roles: dict[str, Sector] = field(default_factory=dict)
    role_ends: set[str] = field(default_factory=set)
    """The last word of every role phrase: a cheap test before a phrase is looked up."""
    states: dict[str, Actor] = field(default_factory=dict)
    spellings: set[str] = field(default_factory=set)
    """Phrases as written in the data (less a leading 'the'), for matching: the tokenizer
    splits a lower-cased 'u.n.' differently from 'U.N.', so the key alone would miss it."""

    def add(self, phrase: str, entry: Entry) -> None:
        key = normalise_name(phrase)
        if key and key not in self.entries:
            self.entries[key] = entry
        written = " ".join(phrase.split())
        if written.lower().startswith("the "):
            written = written[4:]
        if key and written:
            self.spellings.add(written)

    def lookup(self, phrase: str) -> Entry | None:
        return self.entries.get(normalise_name(phrase))

    def role(self, noun: str) -> Sector | None:
        return self.roles.get(normalise_name(noun))

    def state(self, code: str, sector: Sector = "GOV") -> Actor:
        base = self.states.get(code.upper())
        name = base.name if base else code
        return Actor(code=code.upper(), sector=sector, name=name, country=code.upper())

    def phrases(self) -> list[str]:
        """Every phrase to match: the normalised keys and the spellings of the data."""
        return sorted(set(self.entries) | self.spellings)


def _cells(row: tuple[str, ...], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _add_states(gaz: Gazetteer) -> None:
    import pycountry

    curated = {}
    for row in read_table("actors/states.tsv"):
        code, names, adjectives, people, seats = _cells(row, 5)[:5]
        curated[code.upper()] = (names, adjectives, people, seats)
    for country in pycountry.countries:
        code = country.alpha_3
        names = curated.get(code, ("", "", "", ""))[0]
        display = _split(names)[0] if names else getattr(country, "common_name", country.name)
        gaz.states[code] = Actor(code=code, sector="GOV", name=display, country=code)
    for code, (names, adjectives, people, seats) in curated.items():
        if code not in gaz.states:  # codes pycountry lacks: Kosovo (XKX)
            display = _split(names)[0] if names else code
            gaz.states[code] = Actor(code=code, sector="GOV", name=display, country=code)
        state = gaz.states[code]
        for name in _split(names):
            gaz.add(name, Entry(state, "state"))
        for seat in _split(seats):
            gaz.add(seat, Entry(state, "seat"))
        for adjective in _split(adjectives):
            gaz.add(adjective, Entry(state, "adjective"))
        civilians = state.model_copy(update={"sector": "CVL"})
        for plural in _split(people):
            gaz.add(plural, Entry(civilians, "people"))
    for country in pycountry.countries:
        state = gaz.states[country.alpha_3]
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                gaz.add(value, Entry(state, "state"))


def _add_named(gaz: Gazetteer, rows: tuple[tuple[str, ...], ...], source: str) -> None:
    for number, row in enumerate(rows, 1):
        code, sector, name, country, aliases, category = _cells(row, 7)[:6]
        if sector not in SECTORS or not code or not name:
            raise ConfigError(
                f"{source}: row {number} ({' | '.join(row)}) needs a code, a canonical name and "
                f"a sector among {', '.join(sorted(SECTORS))}."
            )
        actor = Actor(
            code=code, sector=cast(Sector, sector), name=name, country=country.upper() or None
        )
        for phrase in [name, *_split(aliases)]:
            gaz.add(phrase, Entry(actor, "named", category.lower()))


def _read_user_file(path: Path) -> tuple[tuple[str, ...], ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"Can't read SITREP_ACTORS file {path}: {exc}.") from exc
    rows = []
    for line in lines:
        line = line.split("#", 1)[0]
        if line.strip():
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def load_gazetteer(user_file: str | None = None) -> Gazetteer:
    """The gazetteer, built once per process (and per user file)."""
    gaz = Gazetteer()
    if user_file:  # the user's entries win over the bundled ones
        _add_named(gaz, _read_user_file(Path(user_file)), user_file)
    _add_named(gaz, read_table("actors/actors.tsv"), "actors/actors.tsv")
    _add_states(gaz)
    for row in read_table("actors/roles.tsv"):
        noun, sector = _cells(row, 2)[:2]
        if sector in SECTORS:
            key = normalise_name(noun)
            gaz.roles.setdefault(key, cast(Sector, sector))
            gaz.role_ends.add(key.split()[-1])
    return gaz


def default_gazetteer() -> Gazetteer:
    return load_gazetteer(os.environ.get("SITREP_ACTORS") or None)
