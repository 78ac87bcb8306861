"""Calendar arithmetic of the time layer: a `Mention` anchored to the document date as TIMEX3.

Where an expression leaves the direction open ("in October", "on Friday"), the caller passes
the tense of the governing verb as a direction: past looks back from the document date, future
forward, present takes the nearest. Without a document date the unknown parts stay X.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from sitrep.nlp.time.mentions import Mention, load_lexicons
from sitrep.records import TimexType

Direction = Literal["past", "present", "future"]

PAST_SLACK_DAYS = 42
"""How far past the document date a day of a past-tense sentence may lie (about six weeks)."""
PAST_SLACK_MONTH_DAYS = 31
"""The same for a month: next month's name in a past-tense sentence is still this year's."""
SEASON_ORDER = ("SP", "SU", "FA", "WI")


def normalise(
    mention: Mention, anchor: date | None, direction: Direction
) -> tuple[TimexType, str] | None:
    """The TIMEX3 type and value of a mention, anchored to the document date."""
    kind = mention.kind
    if kind == "date":
        value = _date_value(mention, anchor, direction)
        return "DATE", _week_of(value) if mention.unit == "week" else value
    if kind == "weekday":
        return _weekday_value(mention, anchor, direction)
    if kind == "relative":
        return _relative_value(mention, anchor, direction)
    if kind == "shift":
        return "DATE", _shift_value(mention, anchor)
    if kind == "duration":
        return "DURATION", _duration_value(mention)
    if kind == "set":
        return "SET", _set_value(mention)
    if kind == "time":
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        if mention.date_of is not None:
            of_day = normalise(mention.date_of, anchor, direction)
            day = of_day[1].split("T")[0] if of_day else day
        return "TIME", f"{day}T{mention.hour or 0:02d}:{mention.minute or 0:02d}"
    if kind == "season":
        return "DATE", _season_value(mention, anchor, direction)
    if kind == "quarter":
        return "DATE", _quarter_value(mention, anchor, direction)
    if kind == "decade" and mention.year is not None:
        return "DATE", f"{mention.year // 10}X"
    if kind == "century" and mention.amount is not None:
        return "DATE", f"{int(mention.amount) - 1:02d}"
    if kind == "literal" and mention.part:
        return "DATE", mention.part
    return None


def _pick(
    candidates: list[date],
    anchor: date,
    direction: Direction,
    offset: int | None,
    slack: int = 0,
) -> date:
    """Of the candidate dates around the anchor, the one the direction (or offset) points at.

    `slack` days past the anchor still count as past: a deadline a few weeks ahead in a
    past-tense sentence ("extended the offer to Nov. 20") is this year's, not last year's.
    """
    past = [c for c in candidates if c <= anchor + timedelta(days=slack)]
    future = [c for c in candidates if c >= anchor]
    if offset is not None and offset < 0:
        before = [c for c in candidates if c < anchor]
        return max(before) if before else min(candidates)
    if offset is not None and offset > 0:
        after = [c for c in candidates if c > anchor]
        return min(after) if after else max(candidates)
    if direction == "past" and past:
        return max(past)
    if direction == "future" and future:
        return min(future)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _date_value(mention: Mention, anchor: date | None, direction: Direction) -> str:
    month, day = mention.month, mention.day
    year = mention.year
    if year is None and mention.year_offset is not None and anchor is not None:
        year = anchor.year + mention.year_offset
    if year is None and anchor is not None and month is not None:
        if mention.offset == 0:
            year = anchor.year
        else:
            first = [date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
            reference = anchor if day is not None else anchor.replace(day=1)
            slack = PAST_SLACK_DAYS if day is not None else PAST_SLACK_MONTH_DAYS
            if day is not None:
                first = [_safe_date(d.year, month, day) for d in first]
            year = _pick(first, reference, direction, mention.offset, slack).year
    if mention.weekday is not None and year is not None and month is not None and day:
        day += (mention.weekday - date(year, month, day).isoweekday()) % 7
    text = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return text
    text += f"-{month:02d}"
    return text if day is None else f"{text}-{day:02d}"


def _week_of(value: str) -> str:
    """The ISO week (`2025-W05`) of a full date; other values unchanged."""
    try:
        year, week, _ = date.fromisoformat(value).isocalendar()
    except ValueError:
        return value
    return f"{year}-W{week:02d}"


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def _weekday_value(
    mention: Mention, anchor: date | None, direction: Direction
) -> tuple[TimexType, str]:
    weekday = mention.weekday or 1
    suffix = f"T{mention.part}" if mention.part else ""
    kind: TimexType = "TIME" if mention.part else "DATE"
    if anchor is None:
        return kind, f"XXXX-WXX-{weekday}{suffix}"
    if mention.offset == 0:
        day = anchor + timedelta(days=weekday - anchor.isoweekday())
    else:
        back = anchor - timedelta(days=(anchor.isoweekday() - weekday) % 7)
        ahead = anchor + timedelta(days=(weekday - anchor.isoweekday()) % 7)
        candidates = [back - timedelta(days=7), back, ahead, ahead + timedelta(days=7)]
        day = _pick(candidates, anchor, direction, mention.offset)
    return kind, day.isoformat() + suffix


def _relative_value(
    mention: Mention, anchor: date | None, direction: Direction
) -> tuple[TimexType, str]:
    unit = mention.unit or "day"
    offset = mention.offset
    if offset is None:
        offset = {"past": -1, "future": 1}.get(direction, 0)
    suffix = f"T{mention.part}" if mention.part else ""
    kind: TimexType = "TIME" if mention.part else "DATE"
    if anchor is None:
        if unit == "day" and offset == 0 and not suffix:
            return "DATE", "PRESENT_REF"
        unknown = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE"}
        unknown |= {"month": "XXXX-XX", "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}
        return kind, unknown.get(unit, "XXXX") + suffix
    if unit == "day":
        return kind, (anchor + timedelta(days=offset)).isoformat() + suffix
    if unit in {"week", "weekend"}:
        if unit == "weekend" and mention.offset is None:
            offset = 0 if direction == "future" or anchor.isoweekday() >= 6 else -1
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return "DATE", f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        return "DATE", f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + offset
        return "DATE", f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return "DATE", f"{anchor.year // 10 + offset}X"
    if unit == "century":
        return "DATE", f"{anchor.year // 100 + offset:02d}"
    return "DATE", f"{anchor.year + offset:04d}"


def _shift_value(mention: Mention, anchor: date | None) -> str:
    unit = mention.unit or "day"
    amount = mention.amount
    sign = mention.offset or -1
    if amount is None:
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    if unit == "year" and amount != int(amount):
        unit, amount = "month", amount * 12
    if anchor is None:
        unknown = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "decade": "XXX"}
        return unknown.get(unit, "XXXX")
    steps = round(amount) * sign
    if unit == "hour":
        return anchor.isoformat()
    if unit == "day":
        return (anchor + timedelta(days=steps)).isoformat()
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=steps)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + steps
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + steps
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{(anchor.year + 10 * steps) // 10}X"
    if unit == "century":
        return f"{(anchor.year + 100 * steps) // 100:02d}"
    return f"{anchor.year + steps:04d}"


DURATION_FRACTIONS = {
    ("Y", False): ("M", 12, False),
    ("D", False): ("H", 24, True),
    ("H", True): ("M", 60, True),
    ("M", True): ("S", 60, True),
}
"""How a fraction of a unit is written in the next smaller one: "2 1/2 years" is P2Y6M,
"a minute and a half" PT1M30S (TIMEX3 keeps the whole units and adds the rest)."""


def _duration_value(mention: Mention) -> str:
    unit = load_lexicons().units[mention.unit or "day"]
    letter = unit.letter
    is_time = unit.is_time
    amount = mention.amount
    if amount is None:
        if unit.size == 10:
            return "PXDE"
        if unit.size == 100:
            return "PXCE"
        return f"P{'T' if is_time else ''}X{letter}"
    amount *= unit.size
    whole = int(amount)
    smaller = DURATION_FRACTIONS.get((letter, is_time))
    if amount != whole and smaller is not None:
        small_letter, factor, small_is_time = smaller
        rest = round((amount - whole) * factor, 6)
        rest_text = f"{int(rest) if rest == int(rest) else rest:g}{small_letter}"
        if whole == 0:
            return f"P{'T' if small_is_time else ''}{rest_text}"
        designator = "T" if small_is_time and not is_time else ""
        return f"P{'T' if is_time else ''}{whole}{letter}{designator}{rest_text}"
    number = str(whole) if amount == whole else f"{amount:g}"
    return f"P{'T' if is_time else ''}{number}{letter}"


def _set_value(mention: Mention) -> str:
    if mention.weekday is not None:
        return f"XXXX-WXX-{mention.weekday}" + (f"T{mention.part}" if mention.part else "")
    if mention.month is not None:
        return f"XXXX-{mention.month:02d}"
    if mention.part:
        return f"XXXX-XX-XXT{mention.part}"
    letters = {"hour": "T1H", "day": "1D", "week": "1W", "month": "1M", "quarter": "3M"}
    letters |= {"year": "1Y", "decade": "10Y", "century": "100Y", "weekend": "1W"}
    return "P" + letters.get(mention.unit or "day", "1D")


def _season_index(anchor: date) -> int:
    """Seasons counted from year 0: winter belongs to the year of its December."""
    month = anchor.month
    if month in {1, 2}:
        return (anchor.year - 1) * 4 + 3
    return anchor.year * 4 + (month - 3) // 3


def _season_value(mention: Mention, anchor: date | None, direction: Direction) -> str:
    code = mention.part or "SU"
    if mention.year is not None:
        return f"{mention.year}-{code}"
    if anchor is None:
        return f"XXXX-{code}"
    if mention.year_offset is not None:
        return f"{anchor.year + mention.year_offset}-{code}"
    current = _season_index(anchor)
    position = SEASON_ORDER.index(code)
    same_year = (current // 4) * 4 + position
    candidates = [same_year - 4, same_year, same_year + 4]
    if mention.offset is not None and mention.offset < 0:
        index = max(c for c in candidates if c < current)
    elif mention.offset is not None and mention.offset > 0:
        index = min(c for c in candidates if c > current)
    elif mention.offset == 0:
        index = same_year if code != "WI" or current % 4 != 3 else current
    elif direction == "past":
        index = max(c for c in candidates if c <= current)
    elif direction == "future":
        index = min(c for c in candidates if c >= current)
    else:
        index = min(candidates, key=lambda c: abs(c - current))
    return f"{index // 4}-{code}"


def _quarter_value(mention: Mention, anchor: date | None, direction: Direction) -> str:
    size = 2 if mention.unit == "half" else 4
    letter = "H" if size == 2 else "Q"
    number = int(mention.amount) if mention.amount is not None else None
    year = mention.year
    if year is None and anchor is not None and mention.year_offset is not None:
        year = anchor.year + mention.year_offset
    if year is not None and number is not None:
        return f"{year}-{letter}{number}"
    if anchor is None:
        return f"XXXX-{letter}{number if number is not None else 'X'}"
    current = anchor.year * size + (anchor.month - 1) * size // 12
    if number is None:
        index = current + (mention.offset or 0)
    else:
        same_year = anchor.year * size + number - 1
        candidates = [same_year - size, same_year, same_year + size]
        if direction == "past":
            index = max(c for c in candidates if c <= current)
        elif direction == "future":
            # Results of the quarter just ended are still to come: "will report third-quarter".
            index = min(c for c in candidates if c >= current - 1)
        else:
            index = min(candidates, key=lambda c: (abs(c - current), c > current))
    return f"{index // size}-{letter}{index % size + 1}"
