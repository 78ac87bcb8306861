"""Shared fixtures.

- `shared_eval`: the folder `../shared/eval` beside the repository, or a skip when it is absent.
- `spacy_nlp`: the raw trained spaCy pipeline, loaded once per test run.
- `nlp`: sitrep's full analysis pipeline (the trained pipeline plus sitrep's components),
  loaded once per test run. Tests that use either are marked `model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"{SHARED_EVAL} is not present")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def spacy_nlp() -> Any:
    import spacy

    from sitrep.config import Settings

    return spacy.load(Settings.from_env().model)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from sitrep.config import Settings
    from sitrep.nlp.pipeline import load_pipeline

    return load_pipeline(Settings.from_env())
