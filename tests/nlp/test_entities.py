"""The entity layer: CoNLL labels from the trained NER, corrected by sitrep's other layers."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _entities(nlp: Any, text: str) -> dict[str, str]:
    return {e.span.text: e.label for e in nlp(text)._.entities}


def test_gazetteer_actors_fix_the_labels(nlp: Any) -> None:
    found = _entities(
        nlp,
        "Volodymyr Zelenskyy said on Monday that Kyiv had asked the United Nations for help, "
        "and North Korean officials denied it.",
    )
    assert found["Volodymyr Zelenskyy"] == "PER"
    assert found["Kyiv"] == "LOC"
    assert found["United Nations"] == "ORG"
    assert found.get("North Korean") == "MISC"


def test_places_the_ner_mislabels_are_locations(nlp: Any) -> None:
    found = _entities(nlp, "Soldiers were sent to the Kursk region, officials in Kyiv said.")
    assert found.get("Kursk region", found.get("Kursk")) == "LOC"


def test_a_repeated_surname_is_a_person(nlp: Any) -> None:
    found = _entities(
        nlp, "Security chief Alexander Lebed flew to Grozny. Lebed met the rebel commanders."
    )
    assert found["Alexander Lebed"] == "PER"
    assert found["Lebed"] == "PER"


def test_entities_split_at_scores_and_separators(nlp: Any) -> None:
    found = _entities(nlp, "Romania - Gheorghe Hagi scored twice as J. Smith 63 looked on.")
    assert "J. Smith 63" not in found


def test_headings_are_not_entities(nlp: Any) -> None:
    text = "Heavy Casualties Reported\nThe army said the Kremlin had ordered the attack."
    starts = [e.span.start for e in nlp(text)._.entities]
    assert all(start > text.index("\n") for start in starts)


def test_the_state_opening_a_descriptive_mention_is_an_entity(nlp: Any) -> None:
    found = _entities(nlp, "Chad government shuts schools as Iran's navy seizes a tanker.")
    assert found.get("Chad") == "LOC"
    assert found.get("Iran") == "LOC"
