"""Event frames for CAMEO verb senses: participants hung by the parse on particles, nested
phrases or the verb of a noun trigger, and triggers whose governing verb changes their type."""

from __future__ import annotations

from typing import Any

import pytest

from .test_events import events, one

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        (
            "Sudanese rebels have kidnapped up to 16 Chinese civilian engineers.",
            "ASSAULT",
            "SDN",
            "CHN",
        ),
        ("Police in Kenya have beaten up dozens of Ugandan traders.", "ASSAULT", "KEN", "UGA"),
        ("A market for Sudanese refugees was shelled by Chadian troops.", "ASSAULT", "TCD", "SDN"),
        ("Turkish jets fired bombs at positions in Syria on Friday.", "ASSAULT", "TUR", "SYR"),
        ("Thousands of Eritreans sought asylum in Sweden last year.", "REQUEST", "ERI", "SWE"),
        ("Poland mobilized reservists for a war against Belarus.", "MOBILIZE", "POL", "BLR"),
        ("The WHO repeated its demand that Chad reopen the border.", "REQUEST", "WHO", "TCD"),
    ],
)
def test_participants_the_parse_hangs_elsewhere(
    nlp: Any, text: str, kind: str, actor: str, recipient: str
) -> None:
    event = one(nlp, text, kind)
    assert actor in event.actor
    assert recipient in event.recipient


def test_the_content_of_a_demand_noun_is_no_event_of_its_own(nlp: Any) -> None:
    found = events(nlp, "The WHO repeated its demand that Chad lift the ban on imports.")
    assert [e.type for e in found] == ["REQUEST"]


def test_a_passive_commitment_is_the_subjects_offer(nlp: Any) -> None:
    event = one(nlp, "The envoy said Chile is committed to opening its markets.", "AGREE")
    assert event.actor == ["CHL"]


def test_preparing_an_attack_is_a_mobilization(nlp: Any) -> None:
    found = events(nlp, "The Serbian army prepared to resume shelling Croatian villages.")
    assert [(e.type, e.actor, e.recipient) for e in found] == [("MOBILIZE", ["SRB"], ["HRV"])]


def test_a_failure_to_agree_is_a_rejection(nlp: Any) -> None:
    found = events(nlp, "Armenia and Azerbaijan failed to reach agreement on the border.")
    assert [e.type for e in found] == ["REJECT"]
    assert set(found[0].actor) == {"ARM", "AZE"}


def test_a_joint_exercise_is_military_cooperation(nlp: Any) -> None:
    event = one(nlp, "Indian and Japanese warships began war games in the Pacific.", "COOPERATE")
    assert {"IND", "JPN"} <= set(event.actor)


def test_an_exercise_of_one_state_stays_a_mobilization(nlp: Any) -> None:
    assert one(nlp, "Chinese warships began war games near the islands.", "MOBILIZE")


def test_an_inquiry_needs_no_suspect(nlp: Any) -> None:
    event = one(nlp, "Spain's supreme court opened an inquiry into the sale of the port.", "ACCUSE")
    assert event.actor == ["ESP"]
    assert event.mode == "investigate"


def test_insurgents_fight_their_own_state(nlp: Any) -> None:
    text = "Colombian rebels blew up a pipeline near Bogota on Sunday."
    event = one(nlp, text, "ASSAULT")
    assert event.recipient == ["COL"]


def test_an_embassy_opened_is_support_for_the_host(nlp: Any) -> None:
    event = one(nlp, "Chile has opened an embassy in Hanoi, the ministry said.", "SUPPORT")
    assert (event.actor, event.recipient) == (["CHL"], ["VNM"])


def test_defending_a_right_is_support(nlp: Any) -> None:
    event = one(nlp, "France on Monday defended the right of Polish farmers to protest.", "SUPPORT")
    assert event.actor == ["FRA"]


def test_a_condition_is_no_event(nlp: Any) -> None:
    text = "Ghana said it will recall its envoy unless Togo signs a ceasefire with the rebels."
    assert "AGREE" not in [e.type for e in events(nlp, text)]


def test_the_purpose_of_a_staged_protest_is_part_of_it(nlp: Any) -> None:
    text = "Thousands of Kenyan teachers staged a rally on Monday to demand higher pay."
    assert [e.type for e in events(nlp, text)] == ["PROTEST"]


def test_a_riot_at_a_site_is_aimed_at_the_state_it_lies_in(nlp: Any) -> None:
    event = one(nlp, "Somali inmates rioted on Monday at a prison in northern Kenya.", "PROTEST")
    assert "KEN" in event.recipient


def test_a_court_allowing_a_candidate_is_a_concession(nlp: Any) -> None:
    text = "Peru's electoral court decided to allow the exiled candidate to run in the election."
    event = one(nlp, text, "CONCEDE")
    assert event.actor == ["PER"]


def test_a_consequence_allowing_a_state_is_no_concession(nlp: Any) -> None:
    text = "Iran moved two brigades to the border, allowing Tehran to act on two fronts."
    assert "CONCEDE" not in [e.type for e in events(nlp, text)]


def test_a_resignation_to_allow_elections_is_no_concession(nlp: Any) -> None:
    text = "Maj. Gen. Ramon Quispe resigned on Monday to allow Bolivia's elections to go ahead."
    found = events(nlp, text)
    assert [e.type for e in found] == ["RETREAT"]
    assert found[0].actor == ["BOL"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Egypt threatened to launch an offensive against Libya.", "violence"),
        ("Iran threatened to end its talks with Iraq.", "relations"),
        ("Turkey said it would blockade the ports of Cyprus.", "restrict"),
    ],
)
def test_a_threat_takes_the_mode_of_the_act_threatened(nlp: Any, text: str, mode: str) -> None:
    assert one(nlp, text, "THREATEN").mode == mode


def test_a_curfew_is_coded_as_such(nlp: Any) -> None:
    assert one(nlp, "Nepal imposed a curfew in Kathmandu on Friday.", "COERCE").mode == "curfew"


def test_protesters_named_by_no_state_take_the_country_of_their_target(nlp: Any) -> None:
    text = "Students began a hunger strike to demand the resignation of the Peruvian president."
    event = one(nlp, text, "PROTEST")
    assert (event.actor, event.recipient) == (["PER"], ["PER"])


def test_force_used_on_protesters_is_domestic(nlp: Any) -> None:
    event = one(
        nlp, "Kenyan police opened fire to disperse striking teachers' demonstrators.", "ASSAULT"
    )
    assert event.recipient == ["KEN"]


def test_a_target_leading_into_a_city_lies_in_its_state(nlp: Any) -> None:
    text = "Somali guerillas blew up a pipeline leading into Mogadishu on Sunday."
    assert one(nlp, text, "ASSAULT").recipient == ["SOM"]


def test_what_a_sanction_cuts_off_is_no_event_of_its_own(nlp: Any) -> None:
    found = events(nlp, "Canada suspended all aid to Haiti on Friday.")
    assert [e.type for e in found] == ["SANCTION"]


def test_an_announced_pullout_of_inspectors_is_a_threat(nlp: Any) -> None:
    text = "The OSCE announced on Friday that it will withdraw its monitors from Georgia."
    event = one(nlp, text, "THREATEN")
    assert "GEO" in event.recipient


def test_a_promised_evacuation_is_made_to_the_state_of_the_place(nlp: Any) -> None:
    text = "Armenia will evacuate all its posts in Nagorno-Karabakh, the minister said."
    assert one(nlp, text, "AGREE").recipient == ["AZE"]


def test_a_concession_to_an_unplaced_party_is_domestic(nlp: Any) -> None:
    text = "President Kagame said he is prepared to lift the ban on the Green Unity Front."
    event = one(nlp, text, "AGREE")
    assert "RWA" in event.recipient


def test_a_broken_pledge_is_rejected_to_whom_it_was_made(nlp: Any) -> None:
    text = "President Ruto has reneged on his promise to the Kenyan people to cut taxes."
    event = one(nlp, text, "REJECT")
    assert event.recipient == ["KEN"]


def test_the_object_of_an_order_performs_it(nlp: Any) -> None:
    text = "The Bolivian government ordered the newspaper El Diario to stop publication."
    assert "SANCTION" not in [e.type for e in events(nlp, text)]


def test_a_party_of_no_known_country_acting_on_one_state_belongs_to_it(nlp: Any) -> None:
    text = "The fundamentalist Sabah (Dawn) party has said it will boycott Kenya's first elections."
    event = one(nlp, text, "THREATEN")
    assert "KEN" in event.actor


def test_workers_affiliated_with_a_national_union_strike_at_home(nlp: Any) -> None:
    text = (
        "Thousands of workers affiliated with the Polish Teachers' Union went on a general strike."
    )
    event = one(nlp, text, "PROTEST")
    assert (event.actor, event.recipient) == (["POL"], ["POL"])


def test_an_order_to_stop_is_a_restriction(nlp: Any) -> None:
    text = "Bolivia's government ordered the newspaper El Diario to suspend publication."
    found = events(nlp, text)
    assert [(e.type, e.actor) for e in found] == [("COERCE", ["BOL"])]


def test_an_order_to_act_is_a_demand(nlp: Any) -> None:
    text = "A Chilean judge ordered former president Sebastian Pinera to appear for questioning."
    assert one(nlp, text, "REQUEST").actor == ["CHL"]


def test_a_mission_stands_for_its_host_state(nlp: Any) -> None:
    event = one(nlp, "Japan has pledged new funds to UNMISS.", "AGREE")
    assert "SSD" in event.recipient


def test_experts_sent_to_investigate_are_an_inquiry(nlp: Any) -> None:
    text = "The WHO has sent ten experts to Haiti on Monday to investigate the outbreak."
    event = one(nlp, text, "ACCUSE")
    assert (event.mode, event.recipient) == ("investigate", ["HTI"])


def test_a_titled_official_serves_the_one_state_of_the_sentence(nlp: Any) -> None:
    text = "President Ilham Qasimov threatened to impose a curfew in Baku after the riots."
    event = one(nlp, text, "THREATEN")
    assert "AZE" in event.actor
    assert event.recipient == ["AZE"]
    assert event.mode == "restrict"


def test_ethnic_protesters_are_coded_by_the_state_they_protest_in(nlp: Any) -> None:
    text = "About 200 ethnic Hungarians demonstrated on Sunday in Romania, local radio said."
    event = one(nlp, text, "PROTEST")
    assert "HUN" not in event.actor
    assert event.actor == ["ROU"]
