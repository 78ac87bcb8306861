"""Calendar intervals of TIMEX3 date values, so that dates of different granularity compare.

`2025-01` is the interval 2025-01-01..2025-01-31 and contains `2025-01-11`; `2024-FA` (autumn)
is September to November 2024; `2024-W03` is the ISO week. Values that name no interval
(`PRESENT_REF`, `P4M`, `XXXX-10`) have none, and an event dated by them counts as undated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# TIMEX3 season codes (TimeML 1.2.1) as (first month, last month); winter runs into the next year.
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_VALUE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})|Q(?P<quarter>[1-4])"
    r"|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
)
_DECADE = re.compile(r"^(?P<decade>\d{3})X$")


@dataclass(frozen=True, order=True)
class Interval:
    """A closed range of calendar days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Length in days (1 for a single day)."""
        return (self.end - self.start).days + 1

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def gap_days(self, other: Interval) -> int:
        """Days between the two intervals (0 when they overlap)."""
        if self.overlaps(other):
            return 0
        if self.end < other.start:
            return (other.start - self.end).days
        return (self.start - other.end).days


def _months(year: int, first: int, last: int) -> Interval:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    end_day = calendar.monthrange(end_year, end_month)[1]
    return Interval(date(year, first, 1), date(end_year, end_month, end_day))


def interval_of(value: str | None) -> Interval | None:
    """The days a TIMEX3 date value covers, or None when it names no calendar interval.

    A time of day (`2024-10-31TMO`, `2024-10-31T09:00`) counts as its day.
    """
    if not value:
        return None
    decade = _DECADE.match(value)
    if decade:
        first = int(decade["decade"]) * 10
        return Interval(date(first, 1, 1), date(first + 9, 12, 31))
    match = _VALUE.match(value)
    if match is None:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return Interval(day, day)
        if match["month"]:
            month = int(match["month"])
            return _months(year, month, month)
        if match["week"]:
            monday = date.fromisocalendar(year, int(match["week"]), 1)
            return Interval(monday, monday + timedelta(days=6))
        if match["quarter"]:
            first = 3 * int(match["quarter"]) - 2
            return _months(year, first, first + 2)
        if match["half"]:
            first = 6 * int(match["half"]) - 5
            return _months(year, first, first + 5)
        if match["season"]:
            return _months(year, *_SEASONS[match["season"]])
    except ValueError:
        # A well-formed pattern with impossible numbers (month 13, week 60) names no interval.
        return None
    return Interval(date(year, 1, 1), date(year, 12, 31))
