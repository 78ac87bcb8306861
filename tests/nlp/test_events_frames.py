"""Event frames: recipients named inside complements, demands stated as obligations, and
entries of several words that name their own object."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

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
