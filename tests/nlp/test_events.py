"""The event layer: PLOVER types from sentences, statuses, dates and the merging of mentions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.records import Event

pytestmark = pytest.mark.model


def events(nlp: Any, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.published = date(2025, 1, 24)
    return list(nlp(doc)._.events)


def one(nlp: Any, text: str, kind: str) -> Event:
    found = [e for e in events(nlp, text) if e.type == kind]
    assert found, f"no {kind} in {[(e.type, e.actor) for e in events(nlp, text)]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        ("North Korea sent thousands of troops to Russia last autumn.", "AID", "PRK", "RUS"),
        ("Ukraine captured two North Korean soldiers on Friday.", "ASSAULT", "UKR", "PRK"),
        ("Russia attacked Ukraine with drones overnight.", "ASSAULT", "RUS", "UKR"),
        ("Vladimir Putin visited Pyongyang in June 2024.", "CONSULT", "RUS", "PRK"),
        ("The United States imposed new sanctions on Russia.", "SANCTION", "USA", "RUS"),
        ("Ukraine accused Russia of shelling the city.", "ACCUSE", "UKR", "RUS"),
        ("Russia threatened Ukraine with new strikes.", "THREATEN", "RUS", "UKR"),
        ("South Korea urged North Korea to stop the launches.", "REQUEST", "KOR", "PRK"),
    ],
)
def test_main_types(nlp: Any, text: str, kind: str, actor: str, recipient: str) -> None:
    event = one(nlp, text, kind)
    assert actor in event.actor
    assert recipient in event.recipient


def test_capture_of_people_is_an_abduction(nlp: Any) -> None:
    assert one(nlp, "Ukraine captured two North Korean soldiers.", "ASSAULT").mode == "abduct"


def test_readying_own_forces_is_mobilize(nlp: Any) -> None:
    event = one(nlp, "North Korea launched a ballistic missile on Monday.", "MOBILIZE")
    assert event.actor == ["PRK"]
    assert event.mode == "weapons"


def test_an_offer_is_a_future_agree_and_its_content_no_event(nlp: Any) -> None:
    found = events(nlp, "Ukraine offered to hand over captured soldiers to North Korea.")
    assert [e.type for e in found] == ["AGREE"]
    assert found[0].status == "future"


def test_denials_reject_but_not_denying_does_not(nlp: Any) -> None:
    assert one(nlp, "Russia denied the reports.", "REJECT").actor == ["RUS"]
    found = events(nlp, "Putin did not deny that North Korean soldiers were in Russia.")
    assert not [e for e in found if e.type == "REJECT"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("North Korea will send more troops to Russia.", "future"),
        ("North Korea is preparing to send more troops to Russia.", "future"),
        ("North Korea reportedly sent more troops to Russia.", "alleged"),
        ("Russia did not attack Ukraine on Sunday.", "negated"),
        ("Russia could attack Ukraine again.", "hypothetical"),
        ("Russia attacked Ukraine on Sunday.", "factual"),
    ],
)
def test_status_cues(nlp: Any, text: str, status: str) -> None:
    found = [e for e in events(nlp, text) if e.type in {"AID", "ASSAULT"}]
    assert found and found[0].status == status


def test_date_from_a_timex_in_the_clause(nlp: Any) -> None:
    event = one(nlp, "Vladimir Putin visited Pyongyang in June 2024.", "CONSULT")
    assert (event.date, event.date_source) == ("2024-06", "text")
    assert event.date_span is not None and event.date_span.text == "June 2024"


def test_date_falls_back_to_the_publication_month(nlp: Any) -> None:
    event = one(nlp, "Russia attacked Ukraine with drones.", "ASSAULT")
    assert (event.date, event.date_source) == ("2025-01", "published")


def test_place_gives_the_country(nlp: Any) -> None:
    text = "Ukraine captured two North Korean soldiers in Russia's Kursk region."
    event = one(nlp, text, "ASSAULT")
    assert event.place == "Kursk"
    assert event.country == "RUS"


def test_repeated_mentions_merge_into_the_first(nlp: Any) -> None:
    text = "Russia attacked Ukraine on Sunday. Officials said Russia attacked Ukraine again."
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert len(found) == 1
    assert found[0].evidence.start < 30


def test_headings_carry_no_events(nlp: Any) -> None:
    assert not events(nlp, "Russia Attacks Ukraine\nThe weather was mild.")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_never_raises_and_spans_lie_in_the_text(nlp: Any, text: str) -> None:
    for event in events(nlp, text):
        for span in [event.trigger, event.evidence, *event.actor_spans, *event.recipient_spans]:
            assert text[span.start : span.end] == span.text
