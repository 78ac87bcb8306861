"""Event frames: recipients named inside complements, demands stated as obligations, and
entries of several words that name their own object."""

from __future__ import annotations

from typing import Any

import pytest

from .test_events import events, one

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        ("Norway has promised to keep up its food aid to Yemen.", "AGREE", "NOR", "YEM"),
        ("Poland threatened further measures against Belarus.", "THREATEN", "POL", "BLR"),
        ("Chile threatened to cut trade links with Peru.", "THREATEN", "CHL", "PER"),
        ("Kenya demanded that Somalia close its camps.", "REQUEST", "KEN", "SOM"),
        ("Egypt said on Monday that Ethiopia must stop filling the dam.", "REQUEST", "EGY", "ETH"),
    ],
)
def test_recipient_inside_the_complement(
    nlp: Any, text: str, kind: str, actor: str, recipient: str
) -> None:
    event = one(nlp, text, kind)
    assert actor in event.actor
    assert recipient in event.recipient


def test_an_obligation_is_the_demand_not_its_content(nlp: Any) -> None:
    found = events(nlp, "Turkey said Greece must withdraw its troops from the islands.")
    assert [e.type for e in found] == ["REQUEST"]


def test_a_question_names_no_recipient(nlp: Any) -> None:
    found = [
        e for e in events(nlp, "Japan asked whether China would send ships.") if e.type == "REQUEST"
    ]
    assert all("CHN" not in e.recipient for e in found)


def test_no_obligation_without_must(nlp: Any) -> None:
    assert not [
        e for e in events(nlp, "Egypt said Ethiopia filled the dam.") if e.type == "REQUEST"
    ]


def test_held_talks_is_a_consultation(nlp: Any) -> None:
    event = one(nlp, "The Chilean minister held talks with Peru's president on Tuesday.", "CONSULT")
    assert {"CHL", "PER"} <= set(event.actor + event.recipient)


def test_talks_between_two_others_are_a_mediation(nlp: Any) -> None:
    found = events(nlp, "Norway leads negotiations for a truce between Armenia and Azerbaijan.")
    assert [e.type for e in found] == ["CONSULT"]
    assert found[0].actor == ["NOR"]
    assert set(found[0].recipient) == {"ARM", "AZE"}
    assert found[0].mode == "third-party"


def test_a_without_phrase_negates_its_own_verb_only(nlp: Any) -> None:
    found = events(nlp, "Chile withdrew its forces from Peru without firing a shot.")
    retreat = [e for e in found if e.type == "RETREAT"]
    assert retreat and retreat[0].status == "factual"


def test_repelled_assaults_target_the_subject(nlp: Any) -> None:
    text = "Russia attacked Georgia. Georgia repelled several Russian assaults on Monday."
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert found and all("GEO" not in e.actor for e in found)


def test_being_prepared_to_act_is_an_offer(nlp: Any) -> None:
    found = events(nlp, "Peru said it is prepared to lift the ban on imports from Chile.")
    assert [e.type for e in found] == ["AGREE"]


def test_a_conditional_threat_is_aimed_at_the_condition_party(nlp: Any) -> None:
    text = "Chile threatened to recall its ambassador unless Bolivia apologised."
    assert "BOL" in one(nlp, text, "THREATEN").recipient


def test_lifting_an_emergency_is_a_concession_to_the_own_state(nlp: Any) -> None:
    event = one(nlp, "Chile's government lifted the state of emergency on Sunday.", "CONCEDE")
    assert event.actor == ["CHL"]
    assert event.recipient == ["CHL"]


def test_accepting_demands_is_a_concession(nlp: Any) -> None:
    assert one(nlp, "The Peruvian government accepted demands for new elections.", "CONCEDE")


def test_the_author_of_a_rejected_call_is_the_recipient(nlp: Any) -> None:
    event = one(nlp, "Chile rejected an appeal from Bolivia for talks.", "REJECT")
    assert event.recipient == ["BOL"]


def test_a_press_release_is_no_release(nlp: Any) -> None:
    found = events(nlp, "Chile said in a press release by its ministry that Peru attacked it.")
    assert all(e.type != "RETREAT" for e in found)


def test_surrender_is_a_retreat(nlp: Any) -> None:
    assert one(nlp, "Hundreds of Peruvian soldiers surrendered to Chile on Monday.", "RETREAT")


def test_a_bare_number_subject_counts_the_first_clause_people(nlp: Any) -> None:
    text = (
        "Twenty Peruvian soldiers have died, and another 50 have been wounded during "
        "heavy fighting with Chilean troops."
    )
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["CHL"]
    assert event.recipient == ["PER"]


def test_a_state_adjective_names_the_attacker(nlp: Any) -> None:
    text = "Peru said its forces had repelled several Chilean ground assaults."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["CHL"]
    assert event.recipient == ["PER"]


def test_a_mention_that_only_entertains_the_event_adds_none(nlp: Any) -> None:
    text = "Chile will send 500 troops to Peru. Chile could send more soldiers to Peru, he said."
    assert [e.type for e in events(nlp, text)] == ["AID"]


def test_sanctions_named_by_neither_side_are_no_event(nlp: Any) -> None:
    text = "Chile said firms could keep trading in Peru despite existing sanctions."
    assert all(e.type != "SANCTION" for e in events(nlp, text))


def test_sanctions_of_a_named_imposer_stay(nlp: Any) -> None:
    assert one(nlp, "Chile said EU sanctions had hurt its exports.", "SANCTION").actor == ["EU"]


def test_an_offer_told_to_a_state_is_made_to_it(nlp: Any) -> None:
    text = "The Chilean government has notified Peru that it is willing to return the prisoners."
    event = one(nlp, text, "AGREE")
    assert event.actor == ["CHL"]
    assert "PER" in event.recipient


def test_a_visit_takes_place_in_the_visited_state(nlp: Any) -> None:
    assert one(nlp, "Peru's president visited Chile on Monday.", "CONSULT").country == "CHL"


def test_unplaced_fighting_takes_the_article_front(nlp: Any) -> None:
    text = (
        "Chilean troops attacked Peruvian positions near Tacna on Monday. "
        "Peru said Chilean forces suffered heavy losses in the battles."
    )
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert found and all(e.country == "PER" for e in found)


@pytest.mark.parametrize(
    ("text", "country", "mode"),
    [
        ("Chilean landowners began a hunger strike outside Parliament.", "CHL", "hunger"),
        ("Thousands of Bolivian miners demonstrated in La Paz on Sunday.", "BOL", "demo"),
        ("Students throughout Ecuador staged mass demonstrations on Saturday.", "ECU", "demo"),
    ],
)
def test_a_protest_of_a_countrys_people_is_aimed_at_its_state(
    nlp: Any, text: str, country: str, mode: str
) -> None:
    event = one(nlp, text, "PROTEST")
    assert (event.actor, event.recipient, event.mode) == ([country], [country], mode)


def test_a_denial_of_claims_is_aimed_at_their_claimant(nlp: Any) -> None:
    text = "Kenya said Ugandan troops had crossed the border. Uganda denied the claims."
    event = one(nlp, text, "REJECT")
    assert (event.actor, event.recipient) == (["UGA"], ["KEN"])


def test_a_refusal_in_a_when_clause_is_an_event_of_its_own(nlp: Any) -> None:
    text = "The ministers failed to agree on the plan when Kenya and Uganda refused to support it."
    event = one(nlp, text, "REJECT")
    assert set(event.actor) == {"KEN", "UGA"} and event.status == "factual"


def test_a_condition_stays_inside_the_threat(nlp: Any) -> None:
    text = "Chad threatened to launch an offensive unless Niger accepted its conditions."
    assert not [e for e in events(nlp, text) if e.type == "AGREE"]


def test_a_vow_to_ready_ones_own_forces_is_a_future_mobilization(nlp: Any) -> None:
    text = "Iran tested a rocket, with its leader vowing to keep reinforcing the country's forces."
    found = events(nlp, text)
    assert not [e for e in found if e.type == "THREATEN"]
    assert [e for e in found if e.type == "MOBILIZE" and e.status == "future"]


def test_a_threat_to_mobilize_against_another_state_stays_a_threat(nlp: Any) -> None:
    event = one(nlp, "Chad threatened to mobilize its troops against Niger.", "THREATEN")
    assert event.recipient == ["NER"]


def test_rebels_demand_on_their_own_state_when_the_target_is_unplaced(nlp: Any) -> None:
    event = one(nlp, "Bolivian rebels demanded the removal of President Luis Arce.", "REQUEST")
    assert event.actor == ["BOL"] and "BOL" in event.recipient


def test_a_state_demand_on_a_foreign_leader_is_not_domestic(nlp: Any) -> None:
    found = [e for e in events(nlp, "Russia demanded that Volodymyr Zelensky resign.")]
    assert all(e.recipient != ["RUS"] for e in found)


def test_the_purpose_of_a_march_is_part_of_the_protest(nlp: Any) -> None:
    found = events(nlp, "Thousands of Bolivian miners marched in La Paz to demand higher wages.")
    assert [e.type for e in found] == ["PROTEST"]


def test_help_received_is_given_by_the_from_party(nlp: Any) -> None:
    event = one(nlp, "Syria received weapons from Iran last year.", "AID")
    assert (event.actor, event.recipient) == (["IRN"], ["SYR"])


def test_troops_withdrawn_stand_for_their_state_and_leave_its_opponent(nlp: Any) -> None:
    text = (
        "Iranian troops fought Iraqi forces near Basra. "
        "Iranian troops were withdrawn from the front line after heavy losses."
    )
    event = one(nlp, text, "RETREAT")
    assert (event.actor, event.recipient) == (["IRN"], ["IRQ"])


def test_a_refused_deployment_is_aimed_at_the_state_it_was_for(nlp: Any) -> None:
    event = one(nlp, "Chile has refused to deploy peacekeepers in Haiti.", "REJECT")
    assert (event.actor, event.recipient) == (["CHL"], ["HTI"])


def test_a_news_agency_is_no_party_to_the_events_it_reports(nlp: Any) -> None:
    found = events(nlp, "Sanctioning dozens of Chilean ships, Reuters reported.")
    assert all("Reuters" not in e.actor for e in found)
