"""One event told twice in an article keeps the evidence of both mentions."""

from __future__ import annotations

from typing import Any

import pytest

from .test_events import events

pytestmark = pytest.mark.model


def test_a_repeated_mention_is_kept_as_evidence_of_the_one_event(nlp: Any) -> None:
    text = (
        "Eritrea sent 2,000 troops to Sudan in March, officials said. "
        "Asmara sent the soldiers to Sudan by road, they added. "
        "Eritrea also hosted talks with Egypt."
    )
    found = [e for e in events(nlp, text) if e.type == "AID"]
    assert len(found) == 1
    (aid,) = found
    assert aid.evidence.text.startswith("Eritrea sent 2,000 troops")
    assert [m.text for m in aid.mentions] == ["Asmara sent the soldiers to Sudan by road"]
    assert text[aid.mentions[0].start : aid.mentions[0].end] == aid.mentions[0].text


def test_a_single_mention_has_no_others(nlp: Any) -> None:
    (aid,) = [e for e in events(nlp, "Eritrea sent 2,000 troops to Sudan.") if e.type == "AID"]
    assert aid.mentions == []


def test_a_capture_and_a_killing_between_the_same_sides_stay_two_events(nlp: Any) -> None:
    text = (
        "Chadian troops killed dozens of Sudanese fighters near the border on Monday. "
        "Chadian troops also captured three Sudanese fighters, the army said."
    )
    modes = sorted(str(e.mode) for e in events(nlp, text) if e.type == "ASSAULT")
    assert modes == ["None", "abduct"]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels captured the town of Kalehe on Monday.",
        "Congolese troops have regained some areas previously captured by Rwandan forces in Ituri.",
    ],
)
def test_ground_captured_is_no_abduction(nlp: Any, text: str) -> None:
    assert all(e.mode != "abduct" for e in events(nlp, text))


def test_a_further_deployment_is_not_a_mention_of_the_first(nlp: Any) -> None:
    text = (
        "Eritrea reportedly sent 2,000 troops to Sudan last year. "
        "Asmara reportedly sent additional troops to Sudan in March."
    )
    aid = [e for e in events(nlp, text) if e.type == "AID"]
    assert len(aid) == 2
    assert all(e.mentions == [] for e in aid)


def test_the_two_countries_are_the_two_states_named_before(nlp: Any) -> None:
    text = "Eritrea and Ethiopia fought a border war. Later the two countries signed a peace deal."
    (deal,) = [e for e in events(nlp, text) if e.trigger.text == "signed"]
    assert sorted(deal.actor) == ["ERI", "ETH"]


def test_greetings_exchanged_are_no_prisoner_exchange(nlp: Any) -> None:
    text = "Photos showed the two leaders exchanging greetings in Asmara."
    assert [e.type for e in events(nlp, text)] == []


def test_a_pronoun_coordinated_with_a_name_is_a_party_too(nlp: Any) -> None:
    text = (
        "Isaias Afwerki flew to Addis Ababa, where he and Ethiopia's prime minister signed a pact."
    )
    (pact,) = [e for e in events(nlp, text) if e.trigger.text == "signed"]
    assert sorted(pact.actor) == ["ERI", "ETH"]


def test_a_relative_clause_without_that_is_read_with_its_subject(nlp: Any) -> None:
    text = (
        "Neither Asmara nor Addis Ababa has commented. "
        "Parliament voted to ratify the peace treaty the two countries signed in July."
    )
    (signing,) = [e for e in events(nlp, text) if e.trigger.text == "signed"]
    assert sorted(signing.actor) == ["ERI", "ETH"]
    # A true apposition with its own participle stays passive: nobody named signed it.
    text = "Parliament ratified the accord, a document signed in Paris in 2015."
    assert not [e for e in events(nlp, text) if e.trigger.text == "signed"]


def test_ground_taken_back_is_fighting_for_it(nlp: Any) -> None:
    text = "Ethiopian troops have taken back the last town held by Eritrean forces."
    (event,) = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert (event.actor, event.recipient) == (["ETH"], ["ERI"])
    assert event.trigger.text == "taken"
