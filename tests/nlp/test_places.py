"""The place layer: toponyms found (also where the NER mislabels them), resolved by context."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.nlp.geo import Context, load_index, resolve
from sitrep.nlp.places import home_country
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


def test_congo_is_the_democratic_republic_unless_brazzaville_says_otherwise(nlp: Any) -> None:
    assert by_text(places(nlp, "Fighting continued in eastern Congo."), "Congo").country == "CD"
    text = "Protests broke out in Brazzaville, the capital of Congo."
    assert by_text(places(nlp, text), "Congo").country == "CG"


def test_a_big_city_the_ner_takes_for_a_person_stands_in_a_report_on_its_country(
    nlp: Any,
) -> None:
    text = "Fighting spread across eastern Congo this week. Rebels captured Bukavu on Sunday."
    bukavu = by_text(places(nlp, text), "Bukavu")
    assert bukavu.country == "CD"


def test_the_name_after_the_town_of_is_a_place_known_or_not(nlp: Any) -> None:
    text = "Fighting spread across Sudan's Darfur region. Rebels took the city of El Geneina."
    assert by_text(places(nlp, text), "El Geneina").country == "SD"


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


def test_state_abbreviations_after_a_comma_or_party_letter(nlp: Any) -> None:
    text = (
        "The mayor of Gainesville, Ga., met Sen. Ann Carter, D-W.Va., and the county board "
        "in Charleston on Friday."
    )
    found = places(nlp, text)
    georgia = by_text(found, "Ga.")
    assert (georgia.country, georgia.admin1) == ("US", "GA")
    assert by_text(found, "W.Va.").admin1 == "WV"
    gainesville = by_text(found, "Gainesville")
    assert (gainesville.country, gainesville.admin1) == ("US", "GA")


def test_toponyms_inside_institution_names(nlp: Any) -> None:
    text = (
        "Officers from the Kentucky State Police and the Laurel County Sheriff's Office "
        "searched the house in London, Kentucky, on Monday."
    )
    found = places(nlp, text)
    assert by_text(found, "Kentucky").admin1 == "KY"
    assert by_text(found, "Laurel County").admin1 == "KY"
    london = by_text(found, "London")
    assert (london.country, london.admin1) == ("US", "KY")


def test_a_direction_before_a_name_is_not_part_of_the_lookup(nlp: Any) -> None:
    found = places(nlp, "Schools in Atlanta and across Northeast Georgia closed because of ice.")
    place = next(p for p in found if "Georgia" in p.span.text)
    assert (place.country, place.admin1) == ("US", "GA")


def test_region_support_picks_the_local_town(nlp: Any) -> None:
    text = (
        "Edgar County deputies closed the road between Paris and Chrisman after the flood, "
        "the Illinois State Police said."
    )
    paris = by_text(places(nlp, text), "Paris")
    assert (paris.country, paris.admin1) == ("US", "IL")


def test_provinces_resolve_with_a_point(nlp: Any) -> None:
    found = places(nlp, "Wildfires spread across Alberta and British Columbia this week.")
    alberta = by_text(found, "Alberta")
    assert alberta.country == "CA" and alberta.feature == "region" and alberta.lat is not None


def test_an_upper_case_dateline_is_a_place(nlp: Any) -> None:
    found = places(nlp, "BEIRUT — Talks on the border dispute resumed on Tuesday.")
    assert by_text(found, "BEIRUT").country == "LB"


def test_a_surname_is_not_read_as_a_small_town(nlp: Any) -> None:
    text = "Coach Dale Mansfield praised the defence. Mansfield said the team had improved."
    assert all(p.span.text != "Mansfield" for p in places(nlp, text))


def test_demonyms_as_places_when_asked(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.nlp.gazetteer import default_gazetteer
    from sitrep.nlp.geo import load_index
    from sitrep.nlp.places import find_places

    doc = nlp("Georgian officials accused Russian troops of shelling the village.")
    found = find_places(doc, load_index(), default_gazetteer(), demonyms=True)
    assert by_text(found, "Georgian").country == "GE"
    assert by_text(found, "Russian").country == "RU"


def test_a_province_outranks_a_foreign_namesake_town() -> None:
    ontario = resolve(load_index().lookup("Ontario"), Context())
    assert ontario is not None and (ontario.country, ontario.feature) == ("CA", "region")


def test_a_us_state_outranks_its_small_namesake_towns_in_a_us_story() -> None:
    context = Context()
    context.countries["US"] += 3
    oregon = resolve(load_index().lookup("Oregon"), context)
    assert oregon is not None and (oregon.admin1, oregon.feature) == ("OR", "region")


def test_a_british_county_is_a_place() -> None:
    context = Context()
    context.countries["GB"] += 2
    suffolk = resolve(load_index().lookup("Suffolk"), context)
    assert suffolk is not None and suffolk.country == "GB"
    assert suffolk.lat is not None and abs(suffolk.lat - 52.2) < 1


def test_congo_short_names_are_the_democratic_republic() -> None:
    for name in ("DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"):
        found = resolve(load_index().lookup(name), Context())
        assert found is not None and found.country == "CD", name


def test_a_direction_does_not_unlock_alternate_names(nlp: Any) -> None:
    found = places(nlp, "Flooding closed roads in East Bank and in Charleston, West Virginia.")
    assert all(p.country in {None, "US"} for p in found), [(p.span.text, p.country) for p in found]


def test_a_bare_state_abbreviation_in_an_organisation_is_the_state(nlp: Any) -> None:
    text = "John Smith, past president of the S.C. Trial Lawyers Association, said the bill failed."
    found = [p for p in places(nlp, text) if p.span.text == "S.C."]
    assert found and found[0].admin1 == "SC"


def test_the_home_country_needs_two_names_and_a_clear_lead() -> None:
    assert home_country(Counter({"US": 3, "CA": 1})) == "US"
    assert home_country(Counter({"US": 1})) is None
    assert home_country(Counter({"US": 3, "GB": 2})) is None


def test_an_unresolved_place_takes_the_country_of_the_story(nlp: Any) -> None:
    text = (
        "Police in Atlanta, Georgia, and in Macon, Georgia, searched the banks of the "
        "Chattahoochee River after the storm, officials in Savannah said."
    )
    river = [p for p in places(nlp, text) if "Chattahoochee" in p.span.text]
    assert river and river[0].country == "US"


def test_a_repeated_name_trusted_once_is_kept_everywhere(nlp: Any) -> None:
    text = (
        "Hundreds marched in Gainesville on Friday. Gainesville residents said the "
        "amendment would hurt Gainesville businesses."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Gainesville"]
    assert len(found) >= 2
    assert len({(p.country, p.admin1) for p in found}) == 1


def test_a_name_placed_once_by_its_state_keeps_that_reading(nlp: Any) -> None:
    text = (
        "The county fair opened in Paris, Tennessee, on Saturday. Organizers said Paris "
        "expects 10,000 visitors, and Paris police closed two streets."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Paris"]
    assert len(found) >= 2
    assert {(p.country, p.admin1) for p in found} == {("US", "TN")}


def test_a_dateline_run_into_the_headline_is_a_place(nlp: Any) -> None:
    text = "Schools brace for cuts . COLUMBUS, Ohio (AP) — The governor's budget would cut aid."
    columbus = by_text(places(nlp, text), "COLUMBUS")
    assert (columbus.country, columbus.admin1) == ("US", "OH")


def test_an_alternate_name_yields_to_a_place_of_that_name() -> None:
    washington = resolve(load_index().lookup("Washington"), Context())
    assert washington is not None and washington.name == "Washington"
    assert washington.admin1 == "DC"


def test_a_town_of_the_story_s_only_region_beats_an_unmentioned_country() -> None:
    context = Context()
    context.countries["US"] += 2
    context.admin1[("US", "MN")] += 1
    jordan = resolve(load_index().lookup("Jordan"), context)
    assert jordan is not None and (jordan.country, jordan.admin1) == ("US", "MN")


def test_a_country_named_abroad_stays_the_country() -> None:
    context = Context()
    context.countries.update({"US": 2, "SY": 1})
    context.admin1[("US", "MN")] += 1
    jordan = resolve(load_index().lookup("Jordan"), context)
    assert jordan is not None and jordan.feature == "country"


def test_st_and_saint_are_one_spelling() -> None:
    index = load_index()
    assert {c.geonameid for c in index.lookup("St. Kitts and Nevis")} == {
        c.geonameid for c in index.lookup("Saint Kitts and Nevis")
    }
    paul = resolve(index.lookup("St. Paul"), Context())
    assert paul is not None and (paul.country, paul.admin1) == ("US", "MN")
    assert not index.lookup("Memphis St.")


def test_counties_and_town_police_inside_organisations_are_places(nlp: Any) -> None:
    text = "The Douglas County Sheriff's Office and the Fargo Police searched the farm."
    found = places(nlp, text)
    assert by_text(found, "Douglas County").country == "US"
    assert by_text(found, "Fargo").country == "US"
