"""Agreement and conflict helpers of a figure series, TIMEX3 intervals and the cue words."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.cues import has_increment_cue, role_of, tokens, words
from sitrep.reconcile.agreement import (
    Claim,
    adds_up,
    breakdowns,
    conflicts,
    consistent,
    independent_sources,
    timeline,
    value_range,
)
from sitrep.reconcile.timespan import Interval, interval_of


def claim(
    key: str,
    category: str,
    value: float,
    published: str,
    *,
    claimant: tuple[str, ...] | None = ("KOR",),
    qualifier: str = "exact",
    outlet: str | None = None,
    actor: tuple[str, ...] = ("PRK",),
) -> Claim:
    return Claim(
        key=(key, 0),
        category=category,
        value=value,
        value_max=None,
        qualifier=qualifier,
        actor=actor,
        claimant=claimant,
        outlet=outlet or f"outlet {key}",
        published=date.fromisoformat(published),
        evidence=f"{value:g} {category}",
    )


def test_timeline_and_range() -> None:
    claims = [
        claim("c", "killed", 2000, "2025-09-02", qualifier="approx"),
        claim("a", "killed", 100, "2024-12-19", qualifier="at_least"),
        claim("b", "killed", 300, "2025-01-14"),
    ]
    assert [c.value for c in timeline(claims)] == [100, 300, 2000]
    assert value_range(claims) == (100, 2000)
    assert value_range([]) is None


def test_one_agency_relayed_by_many_outlets_is_one_source() -> None:
    claims = [
        claim("a", "killed", 300, "2025-01-14", claimant=("KOR",)),
        claim("b", "killed", 300, "2025-01-14", claimant=("KOR", "Yonhap")),
        claim("c", "killed", 300, "2025-01-15", claimant=("Yonhap",)),
        claim("d", "killed", 3000, "2025-01-13", claimant=("UKR",)),
        claim("e", "killed", 310, "2025-01-15", claimant=None, outlet="Daily Example"),
        claim("f", "killed", 310, "2025-01-16", claimant=None, outlet="Daily Example"),
    ]
    sources = independent_sources(claims)
    assert len(sources) == 3
    assert frozenset({"KOR", "YONHAP"}) in sources
    assert frozenset({"outlet:Daily Example"}) in sources


def test_different_values_at_the_same_time_conflict_and_updates_do_not() -> None:
    nis = claim("a", "killed", 300, "2025-01-14", qualifier="approx")
    kyiv = claim("b", "killed", 3000, "2025-01-13", claimant=("UKR",))
    near = claim("c", "killed", 310, "2025-01-15")
    later = claim("d", "killed", 2000, "2025-09-02")
    floor = claim("e", "killed", 100, "2025-01-15", qualifier="at_least")
    found = conflicts([nis, kyiv, near, later, floor])
    pairs = {(x.a.key[0], x.b.key[0]) for x in found}
    assert pairs == {("b", "a"), ("b", "c")}
    # Only Kyiv's 3,000 stands against the others; the at-least-100 floor agrees with them all.
    assert [c.key[0] for c in consistent([nis, kyiv, near, later, floor])] == ["e", "d"]


def test_killed_and_wounded_add_up_to_casualties() -> None:
    killed = claim("a", "killed", 300, "2025-01-14")
    wounded = claim("a", "wounded", 2700, "2025-01-14")
    total = claim("b", "casualties", 3000, "2025-01-13", claimant=("UKR",), qualifier="at_least")
    assert adds_up(killed, wounded, total)
    assert not adds_up(killed, wounded, claim("c", "casualties", 10000, "2025-01-13"))
    found = breakdowns([total, killed, wounded])
    assert len(found) == 1 and found[0].casualties == total
    # Months apart, the parts describe another moment.
    assert breakdowns([total, killed, claim("d", "wounded", 2700, "2025-06-01")]) == []


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2025-01-11", date(2025, 1, 11), date(2025, 1, 11)),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31)),
        ("2024-FA", date(2024, 9, 1), date(2024, 11, 30)),
        ("2024-WI", date(2024, 12, 1), date(2025, 2, 28)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2025-W03", date(2025, 1, 13), date(2025, 1, 19)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("199X", date(1990, 1, 1), date(1999, 12, 31)),
        ("2024-10-31TMO", date(2024, 10, 31), date(2024, 10, 31)),
    ],
)
def test_timex_values_become_intervals(value: str, start: date, end: date) -> None:
    assert interval_of(value) == Interval(start, end)


@pytest.mark.parametrize("value", [None, "", "PRESENT_REF", "P4M", "XXXX-10", "2024-13"])
def test_values_without_an_interval(value: str | None) -> None:
    assert interval_of(value) is None


def test_month_contains_day_and_autumn_contains_october() -> None:
    month, day = interval_of("2025-01"), interval_of("2025-01-11")
    autumn, october = interval_of("2024-FA"), interval_of("2024-10")
    assert month is not None and day is not None and autumn is not None and october is not None
    assert month.contains(day) and autumn.contains(october)
    assert not autumn.overlaps(month)
    assert autumn.gap_days(month) == 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("another 3,000 troops", True),
        ("3,000 more troops", True),
        ("an additional 6,000 soldiers", True),
        ("more than 10,000 troops", False),
        ("about 11,000 troops", False),
    ],
)
def test_increment_cues(text: str, expected: bool) -> None:
    assert has_increment_cue(words(text)) is expected


def test_increment_cue_needs_a_deployment_noun_when_asked() -> None:
    heads = frozenset({"troops"})
    assert has_increment_cue(words("sent additional troops"), heads)
    assert not has_increment_cue(words("tested a new missile"), heads)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 2,500 more had been flown in", True),
        ("thousands more were sent to the front", True),
        ("sent more weapons", False),
        ("sent more than 2,500 troops", False),
    ],
)
def test_a_count_before_more_needs_no_noun(text: str, expected: bool) -> None:
    heads = frozenset({"troops"})
    assert has_increment_cue(tokens(text), heads) is expected


def test_roles() -> None:
    assert role_of(words("nine humanitarian workers")) == "aid workers"
    assert role_of(words("1,000 combat engineers")) == "sappers"
    assert role_of(words("500 sappers")) == "sappers"
    assert role_of(words("5,000 military builders")) == "builders"
    assert role_of(words("100 North Korean soldiers")) == "military"
    assert role_of(words("100 people")) is None
