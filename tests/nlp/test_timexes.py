"""The time layer (`sitrep_timexes`): extents, TIMEX3 values against a fixed document date,
direction from tense, values without a document date, and robustness on arbitrary text."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.nlp.time.grammar import Grammar
from sitrep.nlp.time.mentions import load_lexicons
from sitrep.nlp.time.prefilter import CASED, fold, is_possible, required_clauses

pytestmark = pytest.mark.model

DCT = date(2025, 1, 24)  # a Friday


@pytest.fixture(scope="module")
def timex_nlp(nlp: Any) -> Any:
    """The session's full pipeline (loaded once per test run)."""
    return nlp


def tag(nlp: Any, text: str, published: date | None = DCT) -> list[tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    for timex in doc._.timexes:
        assert text[timex.span.start : timex.span.end] == timex.span.text
        assert timex.extractor.startswith("sitrep_timexes/")
    return [(t.span.text, t.type, t.value) for t in doc._.timexes]


def value_of(nlp: Any, text: str, phrase: str, published: date | None = DCT) -> str:
    found = {surface: value for surface, _, value in tag(nlp, text, published)}
    assert phrase in found, f"{phrase!r} not found in {found}"
    return found[phrase]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The convoy crossed the border on Jan. 24, 2025.", "Jan. 24, 2025", "2025-01-24"),
        ("The accord was signed on 19 June 2024 in Minsk.", "19 June 2024", "2024-06-19"),
        ("Shelling intensified in January 2025.", "January 2025", "2025-01"),
        ("The memo is dated 2025-01-24.", "2025-01-24", "2025-01-24"),
        ("A cable dated 1/24/2025 was leaked.", "1/24/2025", "2025-01-24"),
        ("The militia was founded in 1998.", "1998", "1998"),
        ("The border was redrawn in the 1990s.", "the 1990s", "199X"),
        ("Both wars shaped the 20th century.", "the 20th century", "19"),
        ("Relief flights stopped in June 2024.", "June 2024", "2024-06"),
        ("Mediators met again in mid-January.", "mid-January", "2025-01"),
        ("Troops were redeployed at the end of 2024.", "the end of 2024", "2024"),
        ("The pact was signed on March 3 last year.", "March 3 last year", "2024-03-03"),
        ("Talks resume on 9 April next year.", "9 April next year", "2026-04-09"),
    ],
)
def test_absolute_dates(timex_nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(timex_nlp, text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The army said last week that it had withdrawn.", "last week", "2025-W03"),
        ("Aid deliveries fell last month.", "last month", "2024-12"),
        ("The rebels lost ground last year.", "last year", "2024"),
        ("This month the front line barely moved.", "This month", "2025-01"),
        ("The ministry announced it earlier this month.", "earlier this month", "2025-01"),
        ("Two drones were downed yesterday.", "yesterday", "2025-01-23"),
        ("The envoy arrives today.", "today", "2025-01-24"),
        ("The talks resume tomorrow.", "tomorrow", "2025-01-25"),
        ("The siege began four months ago.", "four months ago", "2024-09"),
        ("The bridge was destroyed two years ago.", "two years ago", "2023"),
        ("The offensive stalled last autumn.", "last autumn", "2024-FA"),
        ("The troops will rotate next spring.", "next spring", "2025-SP"),
        ("Exports collapsed in the third quarter.", "the third quarter", "2024-Q3"),
        ("Spending rose in the first half of 2024.", "the first half of 2024", "2024-H1"),
        ("The strike happened on Friday morning.", "Friday morning", "2025-01-24TMO"),
        ("The sirens sounded at 3 p.m. near the port.", "3 p.m.", "2025-01-24T15:00"),
        ("The wounded were evacuated earlier in January.", "earlier in January", "2025-01"),
        ("The same unit fought there the previous year.", "the previous year", "2024"),
    ],
)
def test_relative_dates(timex_nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(timex_nlp, text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The blockade is now in force.", "now", "PRESENT_REF"),
        ("About 500 soldiers are currently deployed.", "currently", "PRESENT_REF"),
        ("The camp was recently shelled.", "recently", "PAST_REF"),
        ("Such raids were common in the past.", "the past", "PAST_REF"),
        ("Elections may be held in the future.", "the future", "FUTURE_REF"),
        ("Reinforcements will arrive soon.", "soon", "FUTURE_REF"),
    ],
)
def test_vague_references(timex_nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(timex_nlp, text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        ("The siege lasted four months.", "four months", "DURATION", "P4M"),
        ("The battle raged for three hours.", "three hours", "DURATION", "PT3H"),
        ("He served two years in the army.", "two years", "DURATION", "P2Y"),
        ("The dispute has festered for a decade.", "a decade", "DURATION", "P10Y"),
        ("Talks dragged on for several weeks.", "several weeks", "DURATION", "PXW"),
        ("Attacks have multiplied in recent weeks.", "recent weeks", "DURATION", "PXW"),
        ("No shots were fired in the last 24 hours.", "the last 24 hours", "DURATION", "PT24H"),
        ("Prices tripled over the past three years.", "the past three years", "DURATION", "P3Y"),
        ("The fighting lasted about four months.", "about four months", "DURATION", "P4M"),
        ("Inspectors visit the site every week.", "every week", "SET", "P1W"),
        ("The bulletin is published weekly.", "weekly", "SET", "P1W"),
        ("The treaty is reviewed annually.", "annually", "SET", "P1Y"),
        ("Patrols leave the base each day.", "each day", "SET", "P1D"),
    ],
)
def test_durations_and_sets(timex_nlp: Any, text: str, phrase: str, kind: str, value: str) -> None:
    assert (phrase, kind, value) in tag(timex_nlp, text)


def test_context_rules(timex_nlp: Any) -> None:
    text = "Profit fell in the third quarter, from $5 million a year earlier."
    assert value_of(timex_nlp, text, "a year earlier") == "2023-Q3"
    text = "The shelling resumed 10 p.m. Wednesday, the militia said."
    assert ("10 p.m. Wednesday", "TIME", "2025-01-22T22:00") in tag(timex_nlp, text)
    text = "He spoke days after the strike, the weekly Zvezda reported."
    assert ("days", "DURATION", "PXD") in tag(timex_nlp, text)
    text = "A South Korean daily said the unit had been withdrawn."
    assert [s for s, _, _ in tag(timex_nlp, text)] == []
    text = "Payments resume effective Feb. 1, the bank said."
    assert value_of(timex_nlp, text, "Feb. 1") == "2025-02-01"


def test_tense_decides_direction(timex_nlp: Any) -> None:
    past = "The first units reached the front in October."
    future = "The first units will reach the front in October."
    assert value_of(timex_nlp, past, "October") == "2024-10"
    assert value_of(timex_nlp, future, "October") == "2025-10"
    said = "The general said on Monday that the line held."
    plan = "The foreign ministers will meet on Monday."
    assert value_of(timex_nlp, said, "Monday") == "2025-01-20"
    assert value_of(timex_nlp, plan, "Monday") == "2025-01-27"


def test_without_document_date_nothing_is_guessed(timex_nlp: Any) -> None:
    text = "The offensive began in October and the envoy left on Friday, last year."
    values = {surface: value for surface, _, value in tag(timex_nlp, text, None)}
    assert values["October"] == "XXXX-10"
    assert values["Friday"] == "XXXX-WXX-5"
    assert values["last year"] == "XXXX"
    assert value_of(timex_nlp, "Shops reopened today.", "today", None) == "PRESENT_REF"
    assert value_of(timex_nlp, "It happened in June 2024.", "June 2024", None) == "2024-06"


def test_extents_leave_prepositions_out(timex_nlp: Any) -> None:
    surfaces = [s for s, _, _ in tag(timex_nlp, "Fighting has continued since 2022 in the east.")]
    assert surfaces == ["2022"]
    surfaces = [s for s, _, _ in tag(timex_nlp, "They were freed on Friday after talks.")]
    assert surfaces == ["Friday"]


def test_numbers_and_words_that_are_not_times(timex_nlp: Any) -> None:
    assert tag(timex_nlp, "The ministry sent 2000 soldiers to the border.") == []
    assert tag(timex_nlp, "Officials may march to the square.") == []


PIECES = [*"abcdefmnorstuy 0123456789.,:-/'\n", "May ", "Jan. ", "last ", "week", " ago", "Friday"]


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=80),
    published=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
)
def test_never_raises_and_spans_fit(timex_nlp: Any, text: str, published: date | None) -> None:
    doc = timex_nlp.make_doc(text)
    doc._.published = published
    doc = timex_nlp(doc)
    for timex in doc._.timexes:
        assert 0 <= timex.span.start < timex.span.end <= len(text)
        assert text[timex.span.start : timex.span.end] == timex.span.text


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "value"),
    [
        # The report's quarter is the reference period of a later comparison.
        (
            "Net income rose to $5 million in the third quarter. Sales grew 8%. "
            "A year earlier, the firm lost $2 million.",
            "A year earlier",
            "DATE",
            "2023-Q3",
        ),
        ("Profit fell in the 2023 third quarter.", "the 2023 third quarter", "DATE", "2023-Q3"),
        (
            "Sales rose in the second quarter, against losses in the 2023 period.",
            "the 2023 period",
            "DATE",
            "2023-Q2",
        ),
        ("Exports were flat in the 2023 period.", "the 2023 period", "DATE", "2023"),
        ("For the year, output fell 4%.", "the year", "DATE", "2025"),
        ("Arms sales doubled in the fiscal year.", "the fiscal year", "DATE", "2025"),
        ("Revenue for the year ended June 30 was flat.", "the year", "DURATION", "P1Y"),
        (
            "Spending will slow in the last half of 2025.",
            "the last half of 2025",
            "DATE",
            "2025-H2",
        ),
        ("Shares fell for eight trading days.", "eight trading days", "DURATION", "P8D"),
        ("He bought shares at the then-current price.", "then-current", "DATE", "PAST_REF"),
        (
            "The army wants the hostages freed as soon as possible.",
            "as soon as possible",
            "DATE",
            "FUTURE_REF",
        ),
    ],
)
def test_periods_and_references(
    timex_nlp: Any, text: str, phrase: str, kind: str, value: str
) -> None:
    assert (phrase, kind, value) in tag(timex_nlp, text)


def test_the_year_of_a_clause_is_not_this_year(timex_nlp: Any) -> None:
    assert tag(timex_nlp, "She remembers the year the war began.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Aid will flow as soon as the road reopens.",
        "The town fell soon after the bridge was blown up.",
        "The envoy was soon recalled to the capital.",
    ],
)
def test_soon_that_is_not_a_time(timex_nlp: Any, text: str) -> None:
    assert [s for s, _, _ in tag(timex_nlp, text)] == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The accord, announced Wednesday, takes effect in March.", "Wednesday", "2025-01-22"),
        ("Until Thursday, the militia had not been named.", "Thursday", "2025-01-23"),
        ("Protesters planned a rally on Saturday.", "Saturday", "2025-01-25"),
        ("The truce had been due to expire on Wednesday.", "Wednesday", "2025-01-22"),
        ("The record set on Aug. 6 still stands.", "Aug. 6", "2024-08-06"),
    ],
)
def test_future_in_the_past(timex_nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(timex_nlp, text, phrase) == value


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        (
            "The colonel was promoted on May 22, 2019, and the following year he took command.",
            "the following year",
            "2020",
        ),
        (
            "The convoy left Kherson on March 3, 2024. Three days later it reached the border.",
            "Three days later",
            "2024-03-06",
        ),
        (
            "Fighting broke out on June 5, 2023. Dozens fled that day.",
            "that day",
            "2023-06-05",
        ),
        (
            "The talks opened on Monday, March 4, 2024, a week after the previous Friday's raid.",
            "the previous Friday",
            "2024-03-01",
        ),
        (
            "The rebels struck on Oct. 2, 2022. The next morning, the town was quiet.",
            "The next morning",
            "2022-10-03TMO",
        ),
        (
            "The depot was hit on Nov. 3, 2024. The blast came at 10 p.m. near the gate.",
            "10 p.m.",
            "2024-11-03T22:00",
        ),
    ],
)
def test_story_reference_time(timex_nlp: Any, text: str, phrase: str, value: str) -> None:
    assert value_of(timex_nlp, text, phrase) == value


def test_anaphora_without_a_date_before_them(timex_nlp: Any) -> None:
    assert [s for s, _, _ in tag(timex_nlp, "Many fled that day.")] == []
    # "Later" counts from the story, never from the document date: with no date before it,
    # only the duration is known, and TimeML leaves the signal word outside.
    assert tag(timex_nlp, "The unit arrived two days later.") == [("two days", "DURATION", "P2D")]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("Shelling went on for 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("The sirens wailed for a minute and a half.", "a minute and a half", "PT1M30S"),
        ("The mission will stay two more weeks.", "two more weeks", "P2W"),
        ("The lease runs for at least 20 more years.", "at least 20 more years", "P20Y"),
        ("The loan may be extended for an additional year.", "an additional year", "P1Y"),
        ("Prices may fall in the near term.", "the near term", "FUTURE_REF"),
        ("The vote will be held at a later date.", "a later date", "FUTURE_REF"),
        ("More strikes are expected in the weeks ahead.", "the weeks ahead", "PXW"),
        ("Shares slipped mid-afternoon yesterday.", "mid-afternoon yesterday", "2025-01-23TAF"),
    ],
)
def test_fractions_increments_and_vague_futures(
    timex_nlp: Any, text: str, phrase: str, value: str
) -> None:
    assert value_of(timex_nlp, text, phrase) == value


def test_ages_and_lead_times_are_not_durations(timex_nlp: Any) -> None:
    assert tag(timex_nlp, "The commander, 52 years old, resigned.") == []
    assert tag(timex_nlp, "Rallies grew in the weeks ahead of the vote.") == []


# The prefilter of the grammar: rules whose required words are absent are skipped, unchanged output.


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    return Grammar(load_lexicons())


def test_required_clauses_of_a_rule() -> None:
    pattern = re.compile(r"(?<![\w-])(?:early|late)\s+(?-i:Jan\.|March)\s+\d+(?!\w)", re.I)
    clauses = required_clauses(pattern)
    assert clauses == (frozenset({"early", "late"}), frozenset({CASED + "Jan.", CASED + "March"}))
    assert required_clauses(re.compile(r"\d+(?:st|nd)?")) == ()
    text = "LATE March 3"
    assert is_possible(clauses, text, fold(text), {})
    text = "late march 3"  # the month is case-sensitive in the rule
    assert not is_possible(clauses, text, fold(text), {})
    assert pattern.search(text) is None


def test_fold_covers_every_letter_ignorecase_matches_with_ascii() -> None:
    """Re-derives `CASE_FOLDS`: no character outside ASCII that an IGNORECASE regex equates
    with an ASCII letter may be missed by `fold`."""
    for code in range(0x80, 0x30000):
        char = chr(code)
        if re.fullmatch("[a-z]", char, re.IGNORECASE):
            assert fold(char).isascii(), f"fold misses U+{code:04X}"


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed on Friday, Jan. 24, 2025, two weeks after the raid at 10 p.m.",
        "Nothing temporal here, just ministers and monkeys.",
        "Trade fell 3% last quarter; a year earlier it rose. Every week brings news.",
        "ſeveral weeks later, on Thurſday \u212aansas and \u0130stanbul ſpring 1999.",
    ],
)
def test_prefilter_leaves_find_unchanged(grammar: Grammar, text: str) -> None:
    assert _find_all_rules(grammar, text) == grammar.find(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "last",
                "week",
                "Jan.",
                "24",
                "1999",
                "ago",
                "two",
                "years",
                "the",
                "morning",
                "Friday",
                "ſ",
                "\u212a",
                "-",
                ",",
                "a.m.",
                "each",
                "half",
                "spring",
                "now",
                "x",
            ]
        ),
        max_size=14,
    ).map(" ".join)
)
def test_prefilter_is_exact_on_arbitrary_text(grammar: Grammar, text: str) -> None:
    assert _find_all_rules(grammar, text) == grammar.find(text)


def _find_all_rules(grammar: Grammar, text: str) -> list[Any]:
    """`find` with every rule run, as before the prefilter."""
    clauses = grammar.clauses
    grammar.clauses = [() for _ in clauses]
    try:
        return grammar.find(text)
    finally:
        grammar.clauses = clauses
