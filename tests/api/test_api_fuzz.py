"""Schemathesis, driven by the OpenAPI document, finds no server error on any read endpoint,
and every response has a documented status, content type and schema.

`/analyze` and `/ingest` run the analysis pipeline, so their valid bodies are covered by
`test_api_analysis.py`; here the read endpoints are fuzzed on the SQLite store, and the story
split and merge endpoints (with the token) on a fresh copy of it, half of the cases aimed at a
story that exists.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from apidata import ARTICLES, TOKEN, app_for, fill
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from sitrep.api import ApiSettings
from sitrep.store import Store, upgrade
from sitrep.store.story_queries import list_stories

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


@pytest.mark.parametrize("path", ["/stories/{story_id}/split", "/stories/{story_id}/merge"])
def test_story_edits_have_no_server_errors(backend: str, tmp_path: Any, path: str) -> None:
    if backend != "sqlite":
        pytest.skip("fuzzed on SQLite only, to keep the run short")
    url = f"sqlite:///{tmp_path / 'edits.db'}"
    upgrade(url)
    with Store.open(url) as store:
        fill(store, ARTICLES)
        with store.begin() as conn:
            known = [s.id for s in list_stories(conn)]
        items = [
            {"article": article.id, "layer": layer, "position": 0}
            for article, _ in ARTICLES
            for layer in ("events", "figures")
        ]
        bodies = (
            [[item] for item in items] if path.endswith("split") else [{"other": s} for s in known]
        )
        schema = schemathesis.openapi.from_asgi(
            "/openapi.json", app_for(store, ApiSettings(token=TOKEN))
        )
        operation = schema[path]["POST"]
        statuses: set[int] = set()

        @given(
            case=operation.as_strategy(),
            story=st.sampled_from([None, *known]),
            body=st.sampled_from([None, *bodies]),
        )
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case: Any, story: str | None, body: Any) -> None:
            if story is not None:
                case.path_parameters = {"story_id": story}
            if body is not None:
                case.body = body
            # A valid body may still name an item that is not a member: a 422 is right.
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {TOKEN}"},
                excluded_checks=[positive_data_acceptance],
            )
            statuses.add(response.status_code)

        fuzz()
        assert 200 in statuses, statuses
