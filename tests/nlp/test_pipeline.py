"""The assembled pipeline: components in configured order, layers declared and filled."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep.config import DEFAULT_COMPONENTS, Settings
from sitrep.errors import ConfigError
from sitrep.nlp.pipeline import COMPONENT_MODULES, load_pipeline

pytestmark = pytest.mark.model

TEXT = (
    "North Korea has sent about 12,000 troops to Russia, South Korea's spy agency said on "
    "Friday. Ukrainian President Volodymyr Zelenskyy said two North Korean soldiers were "
    "captured in the Kursk region last week."
)


def test_components_follow_the_configured_order(nlp: Any) -> None:
    own = [name for name in nlp.pipe_names if name in COMPONENT_MODULES]
    assert own == list(DEFAULT_COMPONENTS)


# Set on each Doc by the caller before the pipeline runs, so no component assigns it.
EXTERNAL_INPUTS = {"doc._.published"}


def test_analyze_pipes_finds_every_requirement_met(nlp: Any) -> None:
    analysis = nlp.analyze_pipes()
    unmet = {name: set(p) - EXTERNAL_INPUTS for name, p in analysis["problems"].items()}
    assert not any(unmet.values()), unmet
    assigns = {attr for info in analysis["summary"].values() for attr in info["assigns"]}
    for layer in ("actors", "timexes", "places", "attributions", "figures", "events"):
        assert f"doc._.{layer}" in assigns


def test_every_layer_is_filled_and_spans_match(nlp: Any) -> None:
    from sitrep.nlp.pipeline import doc_to_analysis

    doc = nlp.make_doc(TEXT)
    doc._.published = date(2025, 1, 24)
    analysis = doc_to_analysis(nlp(doc), "t")
    assert analysis.actors and analysis.timexes and analysis.places
    assert analysis.attributions and analysis.figures and analysis.events
    spans = [m.span for m in analysis.actors] + [t.span for t in analysis.timexes]
    spans += [p.span for p in analysis.places] + [f.evidence for f in analysis.figures]
    spans += [a.content for a in analysis.attributions] + [e.evidence for e in analysis.events]
    for span in spans:
        assert TEXT[span.start : span.end] == span.text


def test_unknown_component_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Available components"):
        load_pipeline(Settings(components=("sitrep_actors", "sitrep_nonsense")))


def test_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="SITREP_MODEL"):
        load_pipeline(Settings(model="no_such_pipeline_xyz", components=()))


def test_a_post_on_x_ends_its_sentence(nlp: Any) -> None:
    doc = nlp("The president wrote in a post on X. Officials later denied the report.")
    assert len(list(doc.sents)) == 2
