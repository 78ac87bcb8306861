"""`POST /analyze` and `POST /ingest` with the real pipeline (loaded once per test run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apidata import TOKEN, assert_error
from fastapi.testclient import TestClient

from sitrep.api import ApiSettings

pytestmark = pytest.mark.model

REPORT = (
    "Ukraine's military said on Tuesday that 40 Russian soldiers had been captured near "
    "Pokrovsk. Moscow denied the claim."
)
OTHER = "Seoul's spy agency said on Friday that about 1,500 North Korean troops reached Russia."
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_analyze_returns_an_analysis_and_stores_nothing(
    make_client: Callable[..., TestClient], analyzer: Any
) -> None:
    client = make_client(ApiSettings(token=TOKEN), analyzer=analyzer)
    response = client.post("/analyze", json={"text": REPORT, "published": "2025-03-11"})
    assert response.status_code == 200, response.text
    analysis = response.json()
    assert analysis["published"] == "2025-03-11"
    figure = next(f for f in analysis["figures"] if f["value"] == 40)
    assert REPORT[figure["number"]["start"] : figure["number"]["end"]] == figure["number"]["text"]
    assert client.get("/articles").json()["total"] == 0


@pytest.mark.parametrize(
    ("text", "status", "code"),
    [("   ", 400, "empty_input"), ("Это не английский текст, а русский.", 400, "not_english")],
)
def test_analyze_rejects_unusable_text(
    make_client: Callable[..., TestClient], analyzer: Any, text: str, status: int, code: str
) -> None:
    client = make_client(ApiSettings(token=TOKEN), analyzer=analyzer)
    assert_error(client.post("/analyze", json={"text": text}), status, code)


def test_ingest_stores_reports_once(make_client: Callable[..., TestClient], analyzer: Any) -> None:
    client = make_client(ApiSettings(token=TOKEN), analyzer=analyzer)
    body = {
        "articles": [
            {"text": REPORT, "outlet": "Test Wire", "published": "2025-03-11", "title": "Forty"},
            {"text": OTHER, "outlet": "Test Wire", "published": "2024-10-18"},
            {"text": "two words"},
        ]
    }
    response = client.post("/ingest", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert len(report["new"]) == 2 and report["duplicate"] == []
    assert [f["index"] for f in report["failed"]] == [2]
    stored = client.get(f"/articles/{report['new'][0]}").json()
    assert stored["article"]["title"] == "Forty" and stored["analysis"]["figures"]
    assert client.get("/figures", params={"category": "captured"}).json()["total"] >= 1
    again = client.post("/ingest", json={"articles": body["articles"][:1]}, headers=AUTH).json()
    assert again["new"] == [] and again["duplicate"] == [report["new"][0]]
