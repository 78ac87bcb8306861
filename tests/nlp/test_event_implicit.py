"""Events whose participants the sentence leaves implicit: agentless passives of sending and
of taking ground, incursions without a possessor, crossings into territory, helpers credited
with a fight, and the purpose or the dateline around a sending."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.records import Event

from .test_events import events, one

pytestmark = pytest.mark.model


def _assaults(nlp: Any, text: str) -> list[Event]:
    return [e for e in events(nlp, text) if e.type == "ASSAULT"]


def test_forces_crossing_into_a_country_is_an_assault_on_it(nlp: Any) -> None:
    event = one(nlp, "Armenian troops crossed into Azerbaijan on Tuesday.", "ASSAULT")
    assert event.actor == ["ARM"]
    assert event.recipient == ["AZE"]


def test_refugees_crossing_into_a_country_is_no_assault(nlp: Any) -> None:
    assert not _assaults(nlp, "Thousands of Sudanese refugees crossed into Chad last week.")


def test_an_incursion_in_a_where_clause_targets_the_place_of_the_clause(nlp: Any) -> None:
    text = (
        "Ethiopia sent troops to the Tigray region, where Eritrean forces have operated"
        " since an incursion in 2020."
    )
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["ERI"]
    assert event.recipient == ["ETH"]
    assert event.date == "2020"


def test_a_split_phrasal_verb_is_a_trigger(nlp: Any) -> None:
    event = one(nlp, "Kenyan forces pushed al-Shabaab fighters back.", "ASSAULT")
    assert event.actor == ["KEN"]
    assert "al-Shabaab" in event.recipient


def test_the_one_credited_with_helping_fights(nlp: Any) -> None:
    text = "Kenya credited Ugandan troops with helping to drive al-Shabaab out of the port."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["UGA"]
    assert "al-Shabaab" in event.recipient


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Iran sent fighters to fight for Syria.", "IRN", "SYR"),
        ("Belarus sent engineers to work for Russia.", "BLR", "RUS"),
        ("DAMASCUS - Turkey sent troops to fight for Azerbaijan.", "TUR", "AZE"),
    ],
)
def test_the_party_a_sending_serves_is_its_recipient(
    nlp: Any, text: str, actor: str, recipient: str
) -> None:
    event = one(nlp, text, "AID")
    assert event.actor == [actor]  # the dateline ("DAMASCUS -") is no party
    assert event.recipient == [recipient]


def test_troops_dispatched_by_nobody_named_are_the_article_senders(nlp: Any) -> None:
    text = "Chad sent troops to Mali in 2023. Further soldiers were dispatched in March."
    found = [e for e in events(nlp, text) if e.type == "AID"]
    later = [e for e in found if e.trigger.text == "dispatched"]
    assert later, [(e.type, e.actor, e.trigger.text) for e in found]
    assert later[0].actor == ["TCD"]
    assert later[0].recipient == ["MLI"]


def test_ground_taken_back_without_an_agent_is_its_own_state(nlp: Any) -> None:
    text = "Russia invaded Ukraine in 2022. The city of Kharkiv was recaptured in November."
    retaken = [e for e in _assaults(nlp, text) if e.trigger.text == "recaptured"]
    assert retaken
    assert retaken[0].actor == ["UKR"]
    assert retaken[0].recipient == ["RUS"]


def test_a_party_reporting_ground_taken_took_it(nlp: Any) -> None:
    text = "Russia's defence ministry said the city of Kharkiv had been captured."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["RUS"]
    assert event.recipient == ["UKR"]


def test_a_party_reporting_its_own_ground_taken_admits_a_loss(nlp: Any) -> None:
    text = "Ukraine's army said the city of Kharkiv had been captured."
    assert not [e for e in _assaults(nlp, text) if "UKR" in e.actor]


def test_a_possessive_in_reported_speech_is_its_own_clause_subject(nlp: Any) -> None:
    text = (
        "Baku said Armenian forces had held the village since their incursion into"
        " Azerbaijan in March."
    )
    found = [e for e in _assaults(nlp, text) if e.trigger.text == "incursion"]
    assert found
    assert found[0].actor == ["ARM"]


def test_ground_taken_from_a_side_is_an_assault_on_it(nlp: Any) -> None:
    text = "Ethiopian troops retook the city of Mekelle from Eritrean forces."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["ETH"]
    assert event.recipient == ["ERI"]


@pytest.mark.parametrize(
    "text",
    [
        "Cuban soldiers fought side by side with Angolan troops.",
        "Chadian troops fought together with Malian forces.",
    ],
)
def test_fighting_side_by_side_is_help(nlp: Any, text: str) -> None:
    assert one(nlp, text, "AID").recipient in (["AGO"], ["MLI"])
    assert not [e for e in events(nlp, text) if e.type == "ASSAULT"]


def test_a_battle_is_not_merged_into_the_war(nlp: Any) -> None:
    text = (
        "During its invasion of Ethiopia, Eritrea lost the town. Eritrea retook the"
        " town from Ethiopian forces in March 2021."
    )
    found = _assaults(nlp, text)
    assert {e.trigger.text for e in found} >= {"invasion", "retook"}


def test_a_group_named_after_its_state_is_coded_with_it(nlp: Any) -> None:
    text = "The Burundian Liberation Front attacked an army base near Bujumbura."
    assert "BDI" in one(nlp, text, "ASSAULT").actor


def test_a_bracketed_name_in_a_quote_is_the_subject(nlp: Any) -> None:
    text = (
        "“As two months have passed since the attack, and many soldiers have died, (Ethiopia)"
        " is suspected to be preparing an additional deployment of troops to Somalia,” the"
        " ministry said."
    )
    event = one(nlp, text, "AID")
    assert event.actor == ["ETH"]
    assert event.recipient == ["SOM"]
    assert event.status == "alleged"
