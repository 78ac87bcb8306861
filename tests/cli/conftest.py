"""Fixtures of the CLI tests: commands reuse the session's pipeline instead of loading their own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sitrep.cli import main as cli


@pytest.fixture(autouse=True)
def _shared_analyzer(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from sitrep.nlp.pipeline import Analyzer, pipeline_info

    def ready(settings: Any) -> Analyzer:
        analyzer = Analyzer(settings)
        analyzer._nlp, analyzer._info = nlp, pipeline_info(nlp)
        return analyzer

    monkeypatch.setattr(cli, "_analyzer", ready)
    yield
