"""Datelines: where a report was filed, told apart from the prose that follows."""

from __future__ import annotations

import pytest

from sitrep.nlp.layout import dateline_ranges


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("SEOUL - About 300 soldiers were killed.", ["SEOUL"]),
        (
            "KABUL, Afghanistan (Oct. 24, 2012) — Afghan forces detained two men.",
            ["KABUL, Afghanistan (Oct. 24, 2012)"],
        ),
        ("The talks ended.\nPYONGYANG — North Korea fired a missile.", ["PYONGYANG"]),
        ("The US - Russia talks ended without a deal.", []),
        ("Troops left - and then returned.", []),
    ],
)
def test_dateline_ranges(text: str, found: list[str]) -> None:
    assert [text[start:end] for start, end in dateline_ranges(text)] == found
