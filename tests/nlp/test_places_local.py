"""Toponyms of local news that the NER misses: streets, numbered roads, coordinated counties,
legislators' home towns, a town's officials; and the person names it mistakes for places."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep.nlp.geo import load_index, place_key
from sitrep.records import Place

pytestmark = pytest.mark.model


def places(nlp: Any, text: str) -> list[Place]:
    doc = nlp.make_doc(text)
    doc._.published = date(2025, 1, 24)
    return list(nlp(doc)._.places)


def texts(found: list[Place]) -> list[str]:
    return [p.span.text for p in found]


def covered(found: list[Place], text: str, phrase: str) -> bool:
    """A place overlaps the first occurrence of `phrase`."""
    start = text.index(phrase)
    end = start + len(phrase)
    return any(p.span.start < end and start < p.span.end for p in found)


def test_streets_outside_place_entities(nlp: Any) -> None:
    text = (
        "Deputies said the driver lost control near the 300 block of Wexley Drive and hit a "
        "fence on Tanager Lane before stopping."
    )
    found = places(nlp, text)
    assert covered(found, text, "Wexley Drive")
    assert covered(found, text, "Tanager Lane")


def test_numbered_roads(nlp: Any) -> None:
    text = (
        "Crews closed Highway 12 east of the bridge, and traffic on I-94 was slowed while "
        "County Road 31 stayed open."
    )
    found = places(nlp, text)
    for phrase in ("Highway 12", "I-94", "County Road 31"):
        assert covered(found, text, phrase), phrase


def test_a_court_is_not_a_street(nlp: Any) -> None:
    text = "The Supreme Court ruled on Tuesday that the law stands."
    assert not covered(places(nlp, text), text, "Supreme Court")


def test_a_road_named_after_its_state_leaves_the_state(nlp: Any) -> None:
    text = "Drivers on the Nebraska Highway network faced snow on Monday."
    nebraska = [p for p in places(nlp, text) if p.span.text == "Nebraska"]
    assert nebraska and nebraska[0].country == "US"


def test_coordinated_counties_are_each_a_place(nlp: Any) -> None:
    text = "Flood warnings cover Otter Tail, Becker and Clay counties in Minnesota this week."
    found = places(nlp, text)
    for name in ("Otter Tail", "Becker", "Clay"):
        match = [p for p in found if p.span.text == name]
        assert match, f"{name} not among {texts(found)}"
        assert match[0].country == "US"


def test_legislators_home_town_after_party_letter(nlp: Any) -> None:
    text = "The bill's sponsor, Sen. Mary Olson, R-Elbow Lake, said the vote would be close."
    found = places(nlp, text)
    match = [p for p in found if p.span.text.startswith("Elbow")]
    assert match and match[0].country == "US"


def test_state_abbreviation_without_period_after_party_letter(nlp: Any) -> None:
    text = "Rep. Tom Avery, D-Calif, told reporters the plan was dead."
    found = places(nlp, text)
    assert any(p.span.text == "Calif" and p.admin1 == "CA" for p in found), texts(found)


def test_town_before_its_police_is_a_place(nlp: Any) -> None:
    text = (
        "A man was arrested on Friday. Chiefland police said the car had been stolen in "
        "Gainesville, Fla., a day earlier."
    )
    assert covered(places(nlp, text), text, "Chiefland")


def test_a_person_the_ner_calls_a_place_is_dropped(nlp: Any) -> None:
    text = (
        "Governor Andrei Belovski met farmers in Kazan on Monday. Later Belovski said "
        "the harvest was good."
    )
    found = places(nlp, text)
    assert "Belovski" not in texts(found)


def test_canadian_province_abbreviation() -> None:
    index = load_index()
    assert index.abbreviations["Ont."].country == "CA"
    assert index.abbreviations["B.C."].name == "British Columbia"


def test_accents_do_not_matter_to_the_index() -> None:
    assert place_key("Cancún") == place_key("Cancun")
    assert any(c.country == "MX" for c in load_index().lookup("Cancun"))


def test_north_caucasus_republics_are_russian() -> None:
    chechnya = load_index().lookup("Chechnya")
    assert chechnya and chechnya[0].country == "RU"


def test_a_country_name_before_its_police_is_a_town(nlp: Any) -> None:
    text = (
        "A Lebanon woman was charged on Thursday after a crash on Elm Street, and Lebanon "
        "police said she had been driving without a licence. Lebanon has two new officers."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Lebanon"]
    assert found and all(p.country == "US" for p in found)


def test_a_country_name_alone_stays_the_country(nlp: Any) -> None:
    text = "Israeli jets struck targets in southern Lebanon on Sunday, officials in Beirut said."
    found = [p for p in places(nlp, text) if p.span.text == "Lebanon"]
    assert found and found[0].country == "LB"


def test_two_homonyms_settle_in_one_country(nlp: Any) -> None:
    text = (
        "A student from Lancaster has won the top prize of a law college in York. She will "
        "return to Lancaster in June, the college said."
    )
    found = {p.span.text: p.country for p in places(nlp, text)}
    assert found.get("York") == found.get("Lancaster")


def test_a_county_name_outside_entities_is_a_place(nlp: Any) -> None:
    text = "The report came in on Monday. Muskingum County commissioners voted to repave roads."
    found = places(nlp, text)
    assert covered(found, text, "Muskingum County"), texts(found)


def test_local_government_words_set_the_story_in_their_country(nlp: Any) -> None:
    text = (
        "Mansfield will vote on a new budget. The school district asked for a levy, and the "
        "sheriff's office wants two more deputies, Mansfield's mayor said."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Mansfield"]
    assert found and all(p.country == "US" for p in found)


def test_a_word_two_countries_share_counts_for_the_one_the_story_names(nlp: Any) -> None:
    from collections import Counter

    from sitrep.nlp.places import _register_context

    doc = nlp.make_doc("The high school will close early on Friday.")
    assert _register_context(doc, Counter()) == Counter({"US": 1})
    assert _register_context(doc, Counter({"CA": 1})) == Counter({"CA": 1})


def test_a_longer_form_of_a_name_is_no_evidence_for_it(nlp: Any) -> None:
    text = (
        "Dublin City Council approved the plan on Monday. Councilwoman Ann Lee said Dublin "
        "would ask the county commissioners for help with the new school district."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Dublin"]
    assert found and all(p.country == "US" for p in found)


def test_a_country_name_before_a_school_level_is_a_town(nlp: Any) -> None:
    text = (
        "Tryouts for the Lebanon youth soccer league start on Monday. Players should come "
        "to the Lebanon middle school gym after class, Lebanon coaches said."
    )
    found = [p for p in places(nlp, text) if p.span.text == "Lebanon"]
    assert found and all(p.country == "US" for p in found)


def test_a_local_outlet_s_country_domain_reads_a_shared_town_name(nlp: Any) -> None:
    from sitrep.nlp.extensions import prepare

    text = "A fire destroyed a warehouse in Richmond on Sunday, firefighters said."

    def country(url: str | None) -> str | None:
        doc = prepare(nlp.make_doc(text), date(2025, 1, 24), url, None)
        (place,) = nlp(doc)._.places
        return place.country

    assert country("https://www.localpaper.co.uk/news/1") == "GB"
    assert country("https://localpaper.com.au/news/1") == "AU"
    # A generic or vanity domain says nothing: the most populous reading stands.
    assert country("https://localpaper.com/news/1") == country(None) == "US"
    assert country("https://localpaper.tv/news/1") == "US"


@pytest.mark.parametrize(
    ("url", "outlet", "domain"),
    [
        ("https://www.example.co.uk/a?b=1", None, "example.co.uk"),
        (None, "pal-item.com", "pal-item.com"),
        (None, "The Daily Example", None),
        ("file:///tmp/a.txt", "Example", None),
        (None, None, None),
    ],
)
def test_web_domain(url: str | None, outlet: str | None, domain: str | None) -> None:
    from sitrep.nlp.extensions import web_domain

    assert web_domain(url, outlet) == domain
