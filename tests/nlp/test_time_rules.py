"""Rules of the time layer added for TimeML conventions: spelled years after a month or season,
"later" as a duration when no date anchors it, the period an earnings report is about, the
week of a day, sets of a month, and capitalised time words inside names."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytestmark = pytest.mark.model

DCT = date(2025, 1, 24)  # a Friday


def tag(nlp: Any, text: str, published: date | None = DCT) -> list[tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return [(t.span.text, t.type, t.value) for t in doc._.timexes]


def value_of(nlp: Any, text: str, phrase: str) -> str:
    found = {surface: value for surface, _, value in tag(nlp, text)}
    assert phrase in found, f"{phrase!r} not found in {found}"
    return found[phrase]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        (
            "The drought began in the winter of nineteen eighty-five.",
            "the winter of nineteen eighty-five",
            "1985-WI",
        ),
        (
            "The pact was signed in March two thousand and three.",
            "March two thousand and three",
            "2003-03",
        ),
        ("Elections were held in October nineteen ninety.", "October nineteen ninety", "1990-10"),
    ],
)
def test_spelled_year_after_month_or_season(nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(nlp, text, phrase) == value


def test_spelled_amount_after_month_is_not_a_year(nlp: Any) -> None:
    found = tag(nlp, "In May two thousand five hundred troops crossed the river.")
    assert all("thousand" not in surface for surface, _, _ in found)


def test_later_counts_from_the_story_date(nlp: Any) -> None:
    text = "The ceasefire was agreed on April 2, 2024. Three days later it collapsed."
    assert value_of(nlp, text, "Three days later") == "2024-04-05"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge reopened three hours later.", ("three hours", "DURATION", "PT3H")),
        ("A day earlier, the envoy had left the capital.", ("A day", "DURATION", "P1D")),
        ("The prisoners were freed a few days later.", ("a few days", "DURATION", "PXD")),
    ],
)
def test_later_without_a_story_date_is_a_duration(
    nlp: Any, text: str, expected: tuple[str, str, str]
) -> None:
    assert tag(nlp, text) == [expected]


def test_a_year_earlier_still_dates_a_period(nlp: Any) -> None:
    text = "Exports rose in the third quarter, from $4 million a year earlier."
    assert value_of(nlp, text, "a year earlier") == "2023-Q3"


def test_many_years_ago_keeps_year_granularity(nlp: Any) -> None:
    text = "In March the party marked the coup that brought it to power 30 years ago."
    assert value_of(nlp, text, "30 years ago") == "1995"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # A quarter named in passing, before the one reported, does not replace it.
        (
            "The miner's profit doubled in the third quarter. After a weak second quarter, "
            "copper prices recovered. The year-earlier period included a write-down.",
            "The year-earlier period",
            "2023-Q3",
        ),
        # Nor does a forecast for a quarter still ahead.
        (
            "The carrier lost money in the fourth quarter and expects a profit in the third "
            "quarter of 2025. Revenue fell from a year ago.",
            "a year ago",
            "2023-Q4",
        ),
    ],
)
def test_the_reported_quarter(nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        (
            "The hearing is set for the week of March 10.",
            "the week of March 10",
            "DATE",
            "2025-W11",
        ),
        ("The clinic was bombed last Oct. 23, police said.", "last Oct. 23", "DATE", "2024-10-23"),
        ("Pilgrims gather here each July.", "each July", "SET", "XXXX-07"),
        ("Flights leave on Tuesday nights.", "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
        ("The market opens on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
        ("The army will buy drones in the coming years.", "the coming years", "DURATION", "PXY"),
    ],
)
def test_calendar_phrases(nlp: Any, text: str, phrase: str, kind: str, value: str) -> None:
    found = {surface: (k, v) for surface, k, v in tag(nlp, text)}
    assert found.get(phrase) == (kind, value), found


@pytest.mark.parametrize(
    "text",
    [
        'The minister defended the deal on "This Week" with reporters.',
        "The general told CBS's 60 Minutes that the war was lost.",
        "The envoy quoted the film High Noon to the council.",
    ],
)
def test_capitalised_time_words_in_names(nlp: Any, text: str) -> None:
    assert tag(nlp, text) == []


def test_sentence_initial_and_named_days_stay(nlp: Any) -> None:
    found = tag(nlp, "Today the council meets. Its envoy spoke on Christmas Day.")
    assert [surface for surface, _, _ in found] == ["Today", "Christmas Day"]


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        ("Attacks on shipping doubled over the past year.", "the past year", "DATE", "2024"),
        ("The post-2011 order in the region collapsed.", "post-2011", "DATE", "2011"),
        ("Talks ended a day-long standoff.", "day-long", "DURATION", "P1D"),
        ("It was the latest round of a decades-long feud.", "decades-long", "DURATION", "PXDE"),
        ("The vote is set for Sunday, March ninth.", "Sunday, March ninth", "DATE", "2025-03-09"),
        ("Turnout rose on Election Day 2024.", "Election Day 2024", "DATE", "2024-11-05"),
        ("Strikes are banned on Labor Day 2025.", "Labor Day 2025", "DATE", "2025-09-01"),
        ("Thanksgiving 2024 was quiet.", "Thanksgiving 2024", "DATE", "2024-11-28"),
        ("The bank extended the credit line through March.", "March", "DATE", "2025-03"),
        ("Analysts cut their 2025 steel forecasts.", "2025", "DATE", "2025"),
        (
            "Prisoners were taken in the first hours of the assault.",
            "the first hours",
            "DURATION",
            "PTXH",
        ),
        ("Over the years the town changed hands often.", "the years", "DURATION", "PXY"),
    ],
)
def test_more_calendar_phrases(nlp: Any, text: str, phrase: str, kind: str, value: str) -> None:
    found = {surface: (k, v) for surface, k, v in tag(nlp, text)}
    assert found.get(phrase) == (kind, value), found


def test_the_morning_of_the_story_day(nlp: Any) -> None:
    text = "The port was shelled on Nov. 3, 2024. Ships left in the morning."
    assert value_of(nlp, text, "the morning") == "2024-11-03TMO"
    assert [s for s, _, _ in tag(nlp, "Ships leave in the morning.")] == []


def test_second_day_of_a_pair(nlp: Any) -> None:
    found = tag(nlp, "The summit is set for June 3 and 4 in Geneva.")
    assert [(s, v) for s, _, v in found] == [("June 3", "2025-06-03"), ("4", "2025-06-04")]
    assert [s for s, _, _ in tag(nlp, "On June 3 and 4 people were hurt.")] == ["June 3"]


def test_early_hours_of_a_day_are_not_a_duration(nlp: Any) -> None:
    found = tag(nlp, "He was arrested in the early hours of Thursday.")
    assert all(kind != "DURATION" for _, kind, _ in found)


def test_soldiers_are_counted_not_dated(nlp: Any) -> None:
    assert tag(nlp, "Some 2000 soldiers crossed the river.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Over the past three weeks, and for two and a half years before, talks stalled.",
        "A year-ago quarter; the coming weekend; 12 to 18 months; decades-long; weeks later.",
        "x" * 300 + " about 40 days " + "y" * 300 + " the last two years-",
        "It lasted 5 1/2 hours, then several days, then the first months of 2024.",
    ],
)
def test_unit_windows_leave_find_unchanged(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.nlp.time import grammar as grammar_module
    from sitrep.nlp.time.mentions import load_lexicons

    grammar = grammar_module.Grammar(load_lexicons())
    windowed = grammar.find(text)
    monkeypatch.setattr(grammar_module, "UNIT_ANCHORED", frozenset())
    assert grammar.find(text) == windowed
