"""The actor layer on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _actors(nlp: Any, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(m.span.text, m.actor.code, m.actor.sector) for m in doc._.actors]


def test_states_seats_and_named_people(nlp: Any) -> None:
    found = _actors(
        nlp, "Pyongyang rejected the claim, and Vladimir Putin met officials in the Kremlin."
    )
    assert ("Pyongyang", "PRK", "GOV") in found
    assert ("Vladimir Putin", "RUS", "GOV") in found
    assert ("Kremlin", "RUS", "GOV") in found


def test_descriptive_mentions_take_the_role_sector(nlp: Any) -> None:
    found = _actors(
        nlp, "A South Korean lawmaker said North Korean soldiers had reached the front."
    )
    assert ("South Korean lawmaker", "KOR", "LEG") in found
    assert ("North Korean soldiers", "PRK", "MIL") in found


def test_possessive_state_and_anaphoric_owner(nlp: Any) -> None:
    text = (
        "South Korea's military warned on Monday. "
        "A Ukrainian official cited the country's spy agency."
    )
    found = _actors(nlp, text)
    assert ("South Korea's military", "KOR", "MIL") in found
    assert ("the country's spy agency", "UKR", "SPY") in found


def test_coordinated_demonyms_share_the_role(nlp: Any) -> None:
    found = _actors(nlp, "Russian and North Korean forces attacked the village.")
    codes = {(code, sector) for _, code, sector in found}
    assert {("RUS", "MIL"), ("PRK", "MIL")} <= codes


def test_headings_and_bylines_are_not_actors(nlp: Any) -> None:
    text = "Putin Praises Kim\nThe talks in Moscow went on for hours, officials said.\nBy Jane Roe"
    spans = [m.span.text for m in nlp(text)._.actors]
    assert "Putin" not in spans and "Kim" not in spans and "Jane Roe" not in spans
    assert "Moscow" in spans


def test_spans_point_into_the_text(nlp: Any) -> None:
    text = "Ukraine's SBU said two North Koreans were held in Kyiv.\n\nZelenskyy confirmed it."
    doc = nlp(text)
    assert doc._.actors
    for mention in doc._.actors:
        assert text[mention.span.start : mention.span.end] == mention.span.text


def test_family_name_alone_repeats_the_full_name(nlp: Any) -> None:
    text = (
        "Lawmaker Park Sun-won said the soldiers had been captured. "
        "Park added that more were expected."
    )
    mentions = {m.span.text: m.actor for m in nlp(text)._.actors}
    assert {"Park Sun-won", "Park"} <= set(mentions)
    assert mentions["Park"] == mentions["Park Sun-won"]


def test_lower_case_words_are_not_names(nlp: Any) -> None:
    found = _actors(nlp, "Officials who spoke to reporters said the turkey was roasted.")
    assert not any(code in {"WHO", "TUR"} for _, code, _ in found)


def test_dotted_abbreviations_are_matched(nlp: Any) -> None:
    found = _actors(nlp, "The U.N. Security Council met after U.S. officials asked for talks.")
    codes = {code for _, code, _ in found}
    assert {"UN", "USA"} <= codes


def test_the_north_after_north_korea_is_that_state(nlp: Any) -> None:
    text = (
        "South Korea said North Korea fired a missile. Seoul warned that the North "
        "would face sanctions, while the North Atlantic alliance met."
    )
    found = [(span, code) for span, code, _ in _actors(nlp, text)]
    assert ("North", "PRK") in found
    assert not any(span == "North" and code != "PRK" for span, code in found)


def test_family_name_repeats_a_hyphenated_full_name(nlp: Any) -> None:
    text = "Kim Jong-un inspected the launch. Later, Kim praised the engineers."
    mentions = [m for m in nlp(text)._.actors if m.span.text == "Kim"]
    assert mentions and all(m.actor.code == "PRK" for m in mentions)


def test_led_compounds_make_the_state_lead(nlp: Any) -> None:
    found = _actors(nlp, "The U.S.-led coalition and Saudi-led forces struck the port.")
    assert ("U.S.-led", "USA", "GOV") in found
    assert ("Saudi-led forces", "SAU", "MIL") in found


def test_a_state_name_before_a_role_noun_works_as_an_adjective(nlp: Any) -> None:
    found = _actors(nlp, "Ivory Coast rebels took the town, a Kremlin spokesman said.")
    assert ("Ivory Coast rebels", "CIV", "REB") in found
    assert ("Kremlin spokesman", "RUS", "GOV") in found


def test_a_role_noun_is_not_sought_across_a_preposition(nlp: Any) -> None:
    found = _actors(nlp, "Palestinian protests against Israeli military raids went on.")
    assert not any(code == "PSE" and sector == "MIL" for _, code, sector in found)
    assert ("Israeli military", "ISR", "MIL") in found


def test_a_name_in_apposition_to_a_title_takes_its_state(nlp: Any) -> None:
    text = "Jordan's king, Abdullah Mansour, met the Egyptian foreign minister, Nabil Fahmy."
    found = _actors(nlp, text)
    assert ("Abdullah Mansour", "JOR", "GOV") in found
    assert ("Nabil Fahmy", "EGY", "GOV") in found


def test_a_named_outlet_after_a_possessive_state_keeps_its_own_code(nlp: Any) -> None:
    found = _actors(nlp, "South Korea's Yonhap news agency said the talks had ended.")
    assert ("Yonhap news agency", "Yonhap", "MED") in found
    assert ("South Korea", "KOR", "GOV") in found


def test_the_security_council_alone_is_the_un_body(nlp: Any) -> None:
    text = "The Security Council met on Friday, and Ukraine's Security Council met too."
    found = _actors(nlp, text)
    assert ("Security Council", "UN", "IGO") in found
    assert ("Ukraine's Security Council", "UKR", "GOV") in found


def test_titles_weapons_and_captives_are_roles(nlp: Any) -> None:
    text = "Qatar's emir condemned the raid by Israeli tanks on Palestinian detainees."
    found = _actors(nlp, text)
    assert ("Qatar's emir", "QAT", "GOV") in found
    assert ("Israeli tanks", "ISR", "MIL") in found
    assert ("Palestinian detainees", "PSE", "CVL") in found


def test_mentions_stop_before_the_full_stop_and_paragraph_break(nlp: Any) -> None:
    text = "The village was taken by Ukrainian forces.\n\nNorth Korean troops withdrew."
    spans = [m.span.text for m in nlp(text)._.actors]
    assert "Ukrainian forces" in spans and "North Korean troops" in spans


def test_an_organisation_is_coded_by_its_bracketed_abbreviation(nlp: Any) -> None:
    text = "The Sudan Liberation Front (SLF) and the Ruritanian Farmers Union (RFU) met."
    codes = {m.span.text: m.actor.code for m in nlp(text)._.actors}
    assert codes.get("the Ruritanian Farmers Union") == "RFU"
    assert "Sudan" not in codes


def test_armed_groups_of_the_afghan_war(nlp: Any) -> None:
    text = (
        "Afghan forces detained two Haqqani network fighters in Khost. The IMU and "
        "Hezb-e-Islami Gulbuddin claimed the attack, ISKP said."
    )
    found = _actors(nlp, text)
    assert ("Haqqani network", "Haqqani", "REB") in found
    assert ("IMU", "IMU", "REB") in found
    assert ("Hezb-e-Islami Gulbuddin", "HIG", "REB") in found
    assert ("ISKP", "ISKP", "REB") in found


def test_opposition_groups_are_parties_of_their_state(nlp: Any) -> None:
    found = _actors(nlp, "Two Kenyan opposition candidates were detained before the vote.")
    assert ("Kenyan opposition candidates", "KEN", "PTY") in found


def test_a_singular_force_shares_the_coordinated_role(nlp: Any) -> None:
    found = _actors(nlp, "A Malian and French force attacked the camp at dawn.")
    assert ("Malian", "MLI", "MIL") in found
    assert ("French force", "FRA", "MIL") in found


def test_a_capital_inside_an_organisation_name_is_not_the_state(nlp: Any) -> None:
    found = _actors(nlp, "Officials at Lisbon City Council said the road was closed.")
    assert not [row for row in found if row[1] == "PRT"]


def test_groups_placed_in_a_state_take_its_code(nlp: Any) -> None:
    found = _actors(nlp, "Rebels in the Ivory Coast seized a town, and troops in Mali left.")
    assert ("Rebels in the Ivory Coast", "CIV", "REB") in found
    assert ("Mali", "MLI", "GOV") in found
    found = _actors(nlp, "Kenyan rebels in Uganda crossed the border.")
    assert ("Kenyan rebels", "KEN", "REB") in found
    assert ("Uganda", "UGA", "GOV") in found


def test_a_titled_leader_takes_the_only_state_of_the_article(nlp: Any) -> None:
    text = "Kenya said on Monday it would reopen talks. President Amani Odhiambo made the offer."
    assert ("Amani Odhiambo", "KEN", "GOV") in _actors(nlp, text)
    found = _actors(nlp, "Vice-President Amani Odhiambo of Kenya spoke to reporters.")
    assert ("Amani Odhiambo", "KEN", "GOV") in found


def test_a_visiting_leader_does_not_take_the_host_state(nlp: Any) -> None:
    found = _actors(nlp, "President Amani Odhiambo arrived in Tanzania on Monday.")
    assert ("Amani Odhiambo", "TZA", "GOV") not in found
    found = _actors(nlp, "Kenya and Uganda met. President Amani Odhiambo spoke first.")
    assert next(row for row in found if row[0] == "Amani Odhiambo")[2] == "UNK"


def test_a_secretary_is_an_official_and_a_secretary_general_no_soldier(nlp: Any) -> None:
    found = _actors(nlp, "The plan was announced by the Kenyan Federal Secretary for Health.")
    assert ("Kenyan Federal Secretary", "KEN", "GOV") in found
    found = _actors(nlp, "The Nigerian secretary general of the party resigned.")
    assert [row[2] for row in found if row[1] == "NGA"] == ["GOV"]


def test_a_demonym_on_a_crowd_or_a_community_is_its_civilians(nlp: Any) -> None:
    found = _actors(nlp, "Syrian riots spread, and thousands of Iraqi Shiites fled the town.")
    assert ("Syrian riots", "SYR", "CVL") in found
    assert ("Iraqi Shiites", "IRQ", "CVL") in found


def test_a_shared_role_is_not_sought_past_the_verb(nlp: Any) -> None:
    found = _actors(nlp, "A Malian and allied patrol killed militants near the river.")
    assert not any(code == "MLI" and sector == "REB" for _, code, sector in found)


def test_an_office_title_with_for_or_of_names_an_official(nlp: Any) -> None:
    found = _actors(
        nlp, "The Federal Minister for Interior Aftab Sherpao said Pakistan would close the border."
    )
    assert ("Aftab Sherpao", "PAK", "GOV") in found


def test_a_state_s_own_institution_is_not_its_foreign_namesake(nlp: Any) -> None:
    found = _actors(nlp, "Kenya's National Intelligence Service briefed lawmakers on Monday.")
    assert ("National Intelligence Service", "KEN", "SPY") in found
    found = _actors(nlp, "The National Intelligence Service briefed lawmakers on Monday.")
    assert ("National Intelligence Service", "KOR", "SPY") in found
