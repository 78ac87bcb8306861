"""Schemathesis, driven by the OpenAPI document, finds no server error on any read endpoint,
and every response has a documented status, content type and schema.

The POST endpoints run the analysis pipeline, so their valid bodies are covered by
`test_api_analysis.py`; here the read endpoints are fuzzed, on the SQLite store.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from apidata import app_for
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from sitrep.store import Store

EXAMPLES = 100
PATHS = [
    "/articles",
    "/articles/{article_id}",
    "/events",
    "/figures",
    "/claims",
    "/actors",
    "/places",
    "/stories",
    "/stories/{story_id}",
    "/health",
]


@pytest.fixture
def api_schema(read_store: Store, backend: str) -> Any:
    if backend != "sqlite":
        pytest.skip("fuzzed on SQLite only, to keep the run short")
    return schemathesis.openapi.from_asgi("/openapi.json", app_for(read_store))


def test_every_read_endpoint_is_fuzzed(api_schema: Any) -> None:
    documented = {
        path
        for path, methods in api_schema.raw_schema["paths"].items()
        if "get" in {m.lower() for m in methods}
    }
    assert documented == set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_no_server_errors(api_schema: Any, path: str) -> None:
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def fuzz(case: Any) -> None:
        # Cross-field rules (a range whose start is after its end, a bbox with south > north)
        # cannot be said in OpenAPI, so a schema-valid request may rightly get a 422.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    fuzz()
