"""The story's reference time: what "the next day", "that year" and "three days later" count from.

TimeML anchors such anaphoric expressions to the time the narrative is at, not to the
document date: after "On May 22, 1995, he was promoted", "the following year" is 1996. The
reference time is the last dated expression of the text (a day, month, week or year). An
expression marked `anaphoric="story"` ("that day", "the previous Friday") always counts from
it; one marked `"nearby"` ("three days later") only when that date is in the same or the
previous sentence, since a shift far from any date more likely counts from the document date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.nlp.time.mentions import Mention

NEARBY_SENTENCES = 1
"""How many sentences back a date still anchors a "nearby" expression."""

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)$")
_WEEK = re.compile(r"(\d{4})-W(\d\d)$")
_YEAR = re.compile(r"(\d{4})$")


@dataclass
class Reference:
    """A dated point of the narrative: its day (or first day) and how precise it is."""

    day: date
    granularity: str
    """One of day, week, month, year."""
    sentence: int


def parse_reference(value: str, sentence: int) -> Reference | None:
    """The reference a TIMEX3 value sets, or None for values without a calendar position."""
    if m := _DAY.match(value):
        try:
            return Reference(date(int(m[1]), int(m[2]), int(m[3])), "day", sentence)
        except ValueError:
            return None
    if m := _MONTH.match(value):
        if 1 <= int(m[2]) <= 12:
            return Reference(date(int(m[1]), int(m[2]), 1), "month", sentence)
        return None
    if m := _WEEK.match(value):
        try:
            return Reference(date.fromisocalendar(int(m[1]), int(m[2]), 1), "week", sentence)
        except ValueError:
            return None
    if m := _YEAR.match(value):
        return Reference(date(int(m[1]), 1, 1), "year", sentence)
    return None


PRECISION = {"day": 3, "week": 2, "month": 2, "year": 1}
"""How finely each granularity places a reference; a unit needs a reference at least as fine."""


class ReferenceTime:
    """Tracks the narrative's reference time through a document, in text order."""

    def __init__(self) -> None:
        self.current: Reference | None = None

    def update(self, value: str, sentence: int) -> None:
        reference = parse_reference(value, sentence)
        if reference is not None:
            self.current = reference

    def resolve(self, mention: Mention, sentence: int) -> str | None:
        """The value of an anaphoric mention, or None when it must count from the document date."""
        reference = self.current
        if not mention.anaphoric or reference is None:
            return None
        if mention.anaphoric == "nearby" and sentence - reference.sentence > NEARBY_SENTENCES:
            return None
        unit = mention.unit or "day"
        if mention.kind in {"weekday", "time"}:
            unit = "day"
        if unit not in PRECISION or PRECISION[reference.granularity] < PRECISION[unit]:
            return None
        if unit == "week" and reference.granularity == "month":
            return None
        if mention.kind == "weekday":
            return _weekday_from(reference.day, mention)
        if mention.kind == "time":
            if mention.date_of is not None:
                return None  # "10 p.m. Wednesday" names its day
            # "shot at 10 p.m.": the clock time of the day the story is at.
            return f"{reference.day.isoformat()}T{mention.hour or 0:02d}:{mention.minute or 0:02d}"
        steps = _steps(mention)
        if steps is None:
            return None
        suffix = f"T{mention.part}" if mention.part and unit == "day" else ""
        return shift(reference.day, unit, steps) + suffix


def _steps(mention: Mention) -> int | None:
    if mention.kind == "shift":
        if mention.amount is None or mention.amount != int(mention.amount):
            return None
        return int(mention.amount) * (mention.offset or -1)
    return mention.offset or 0


def shift(day: date, unit: str, steps: int) -> str:
    """`day` moved by `steps` units, written at the unit's granularity."""
    if unit == "day":
        return (day + timedelta(days=steps)).isoformat()
    if unit == "week":
        year, week, _ = (day + timedelta(weeks=steps)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        index = day.year * 12 + day.month - 1 + steps
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{day.year + steps:04d}"


def _weekday_from(day: date, mention: Mention) -> str | None:
    """ "the previous Friday": the Friday before the reference day; "the following" after it."""
    weekday = mention.weekday or 1
    if mention.offset is None or mention.offset == 0:
        return None
    if mention.offset < 0:
        back = (day.isoweekday() - weekday) % 7 or 7
        found = day - timedelta(days=back)
    else:
        ahead = (weekday - day.isoweekday()) % 7 or 7
        found = day + timedelta(days=ahead)
    suffix = f"T{mention.part}" if mention.part else ""
    return found.isoformat() + suffix
