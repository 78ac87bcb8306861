"""The place layer: toponyms found (also where the NER mislabels them), resolved by context."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.nlp.geo import Context, load_index, resolve
from sitrep.records import Place

pytestmark = pytest.mark.model


def places(nlp: Any, text: str) -> list[Place]:
    doc = nlp.make_doc(text)
    doc._.published = date(2025, 1, 24)
    return list(nlp(doc)._.places)


def by_text(found: list[Place], text: str) -> Place:
    matches = [p for p in found if p.span.text == text]
    assert matches, f"{text!r} not among {[p.span.text for p in found]}"
    return matches[0]


def test_paris_resolves_to_texas_in_a_texan_story(nlp: Any) -> None:
    text = (
        "Storms hit northeast Texas on Sunday. In Paris, the fire department of Lamar County "
        "said two homes in Dallas and Paris were damaged, and Texas officials sent crews."
    )
    paris = by_text(places(nlp, text), "Paris")
    assert paris.country == "US"
    assert paris.admin1 == "TX"


def test_paris_resolves_to_france_in_a_french_story(nlp: Any) -> None:
    text = "France hosted the talks. Diplomats met in Paris on Monday, the French government said."
    paris = by_text(places(nlp, text), "Paris")
    assert paris.country == "FR"
    assert paris.lat is not None and abs(paris.lat - 48.85) < 0.5


def test_comma_pair_names_the_enclosing_state() -> None:
    index = load_index()
    texas = resolve(index.lookup("Texas"), Context())
    paris = resolve(index.lookup("Paris"), Context(), texas)
    assert paris is not None and paris.admin1 == "TX"


def test_conflict_regions_and_capitals_are_found(nlp: Any) -> None:
    text = (
        "Officials in Kyiv said the fighting in Russia's Kursk region continued, while "
        "Pyongyang has deployed more soldiers."
    )
    found = places(nlp, text)
    assert by_text(found, "Kyiv").country == "UA"
    assert by_text(found, "Kursk").country == "RU"
    assert by_text(found, "Russia").feature == "country"
    assert by_text(found, "Pyongyang").country == "KP"


def test_seas_have_no_country(nlp: Any) -> None:
    found = places(nlp, "A Russian warship was hit in the Black Sea on Tuesday.")
    sea = by_text(found, "Black Sea")
    assert sea.country is None
    assert sea.feature == "water"


def test_demonyms_are_not_places(nlp: Any) -> None:
    found = places(nlp, "Russian and North Korean troops advanced while Ukrainian forces held.")
    texts = {p.span.text for p in found}
    assert not texts & {"Russian", "North Korean", "Ukrainian"}


def test_headings_are_skipped(nlp: Any) -> None:
    text = "Fighting Near Kharkiv\nThe army said it repelled an attack near Kharkiv."
    found = places(nlp, text)
    assert [p.span.start for p in found if p.span.text == "Kharkiv"] == [text.rindex("Kharkiv")]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_never_raises_and_spans_lie_in_the_text(nlp: Any, text: str) -> None:
    for place in places(nlp, text):
        assert text[place.span.start : place.span.end] == place.span.text
