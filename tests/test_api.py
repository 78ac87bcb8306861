"""The Python entry point `sitrep.analyze`."""

from __future__ import annotations

from typing import Any

import pytest

import sitrep

pytestmark = pytest.mark.model


def test_analyze_returns_typed_records_with_offsets_on_the_given_text(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.nlp.pipeline import Analyzer, pipeline_info

    analyzer = Analyzer()
    analyzer._nlp, analyzer._info = nlp, pipeline_info(nlp)
    monkeypatch.setattr(sitrep, "_analyzer", analyzer)
    text = "Kyiv said on Monday that 40 Russian soldiers were captured.\r\nMoscow denied it.  "
    analysis = sitrep.analyze(text, published="2025-03-10")
    assert analysis.published is not None and analysis.published.isoformat() == "2025-03-10"
    assert analysis.pipeline is not None and "sitrep_figures" in analysis.pipeline.components
    figure = next(f for f in analysis.figures if f.value == 40)
    assert text[figure.number.start : figure.number.end] == figure.number.text
    monday = next(t for t in analysis.timexes if t.span.text == "Monday")
    assert monday.value == "2025-03-10"
