"""A speaker tag that the parser hangs on a participant is no participant of the event."""

from __future__ import annotations

from typing import Any

import pytest

from .test_events import events, one

pytestmark = pytest.mark.model


def test_a_news_agency_reporting_after_the_event_is_not_its_recipient(nlp: Any) -> None:
    text = (
        "About 300 Eritrean conscripts have been killed while fighting against Ethiopia, "
        "Kenya's Nation news agency reported on Monday."
    )
    fighting = [e for e in events(nlp, text) if e.trigger.text == "fighting"]
    assert fighting, "no event for the fighting"
    assert fighting[0].recipient == ["ETH"]


def test_an_apposition_that_names_the_recipient_is_kept(nlp: Any) -> None:
    text = "Ethiopian troops attacked the capital of their neighbour, Eritrea, last year."
    event = one(nlp, text, "ASSAULT")
    assert event.recipient == ["ERI"]
