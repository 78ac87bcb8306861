"""What a time expression means before it is anchored: the `Mention` and the lexicons behind it.

The lexicons are the temporal trigger words in `sitrep/data/timex_*.tsv` (months, weekdays,
numbers, units, seasons, parts of day, vague references, modifiers, holidays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sitrep.nlp.lexicon import read_table

MentionKind = Literal[
    "date",
    "weekday",
    "relative",
    "shift",
    "literal",
    "duration",
    "set",
    "time",
    "season",
    "quarter",
    "decade",
    "century",
]
"""What a mention denotes; which fields of `Mention` are set depends on it."""

Anaphora = Literal["", "story", "nearby"]
"""Counts from the document date (""), always from the story's last date ("that day", "the
previous Friday"), or from it only when it is near ("three days later")."""


@dataclass(frozen=True)
class Unit:
    """A calendar unit as TIMEX3 writes durations of it: `P3W`, `PT2H`, `P10Y` (a decade)."""

    name: str
    letter: str
    is_time: bool
    size: int


@dataclass(frozen=True)
class Lexicons:
    """The temporal trigger words, read from `sitrep/data/timex_*.tsv`."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, Unit]
    seasons: dict[str, str]
    dayparts: dict[str, str]
    fuzzy: dict[str, str]
    positions: tuple[str, ...]
    approximators: tuple[str, ...]
    relatives: dict[str, int]
    anaphoric: frozenset[str]
    """Relative words that count from the story's reference time ("the following")."""
    holidays: dict[str, tuple[int, int, int | None]]
    """Month, day and, for a movable feast, the ISO weekday it falls on from that day."""


@dataclass
class Mention:
    """A matched time expression and what it means, before anchoring to the document date."""

    start: int
    end: int
    kind: MentionKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    """ISO weekday; for a date, the weekday it moves to from its day (US Election Day)."""
    unit: str | None = None
    amount: float | None = None
    """How many units; None for a vague amount ("several weeks" -> PXW)."""
    offset: int | None = None
    """Shift against the anchor: -1 last, 0 this, +1 next; None when tense must decide."""
    part: str | None = None
    """Part of day (MO, AF, EV, NI) or season code (SP, SU, FA, WI) or a literal value."""
    hour: int | None = None
    minute: int | None = None
    year_offset: int | None = None
    """For "October of last year": the year relative to the anchor's."""
    rule: str = ""
    date_of: Mention | None = None
    """For a clock time followed by its day ("10 p.m. Wednesday"): the day."""
    anaphoric: Anaphora = ""
    """Whether it counts from the story's reference time (`sitrep.nlp.time.reference`)."""
    unresolved: Mention | None = None
    """What an anaphoric mention stands for when no date of the story anchors it: "three days
    later" after no date is the duration "three days"."""


@cache
def load_lexicons() -> Lexicons:
    """Read the lexicons from the package data (cached by `read_table`)."""

    def pairs(name: str) -> dict[str, str]:
        return {row[0]: row[1] for row in read_table(name) if len(row) >= 2}

    units = {
        row[0].lower(): Unit(row[0].rstrip("s") or row[0], row[1], row[2] == "T", int(row[3]))
        for row in read_table("timex_units.tsv")
    }
    modifiers = read_table("timex_modifiers.tsv")
    holidays: dict[str, tuple[int, int, int | None]] = {}
    weekdays = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    for name, month_day in pairs("timex_holidays.tsv").items():
        month, day = month_day.split("-")
        # "TH>22": the first Thursday from the 22nd, resolved once the year is known.
        weekday, _, first = day.rpartition(">")
        holidays[name] = (int(month), int(first), weekdays.index(weekday) + 1 if weekday else None)
    return Lexicons(
        months={k: int(v) for k, v in pairs("timex_months.tsv").items()},
        weekdays={k: int(v) for k, v in pairs("timex_weekdays.tsv").items()},
        numbers={k.lower(): int(v) for k, v in pairs("timex_numbers.tsv").items()},
        ordinals={k.lower(): int(v) for k, v in pairs("timex_ordinals.tsv").items()},
        units=units,
        seasons={k.lower(): v.split()[0] for k, v in pairs("timex_seasons.tsv").items()},
        dayparts={k.lower(): v for k, v in pairs("timex_dayparts.tsv").items()},
        fuzzy={k.lower(): v for k, v in pairs("timex_fuzzy.tsv").items()},
        positions=tuple(row[0] for row in modifiers if row[1] == "position"),
        approximators=tuple(row[0] for row in modifiers if row[1] == "approx"),
        relatives={k.lower(): int(v) for k, v in pairs("timex_relatives.tsv").items()},
        anaphoric=frozenset(
            row[0].lower() for row in read_table("timex_relatives.tsv") if row[2:] == ("story",)
        ),
        holidays=holidays,
    )


def unit_name(unit: Unit) -> str:
    if unit.size == 10:
        return "decade"
    if unit.size == 100:
        return "century"
    letter_names = {"S": "second", "H": "hour", "D": "day", "W": "week", "Q": "quarter"}
    if unit.letter == "M":
        return "minute" if unit.is_time else "month"
    return letter_names.get(unit.letter, "year")


def parse_number(text: str, lex: Lexicons) -> float | None:
    """The value of a number written in digits or words; None for a vague amount ("several")."""
    words = re.sub(r"[\s-]+", " ", text.lower()).strip()
    half = 0.0
    if words.endswith(("1/2", "½")):
        half = 0.5
        words = words.removesuffix("1/2").removesuffix("½").strip()
    elif words.endswith("a half"):
        half = 0.5
        words = re.sub(r"\s*(and\s+)?a half$", "", words).strip()
        if not words:
            return 0.5
    if re.fullmatch(r"\d+(\.\d+)?", words):
        return float(words) + half
    if words in lex.numbers:
        return lex.numbers[words] + half
    if "couple" in words:
        return 2.0
    parts = words.split()
    if len(parts) == 2 and parts[0] in lex.numbers and parts[1] in lex.numbers:
        return float(lex.numbers[parts[0]] + lex.numbers[parts[1]]) + half
    return None
