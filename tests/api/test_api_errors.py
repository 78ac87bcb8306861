"""The one error shape, tokens, size limits, security headers, the OpenAPI document and the
dashboard's files."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from apidata import TOKEN, app_for, assert_error
from fastapi.testclient import TestClient

from sitrep.api import ApiSettings
from sitrep.api import queries as q
from sitrep.store import Store


def test_unknown_endpoint_and_method(client: TestClient) -> None:
    assert_error(client.get("/no/such/endpoint"), 404, "not_found")
    assert_error(client.delete("/articles"), 405, "method_not_allowed")


def test_validation_errors_do_not_echo_input(client: TestClient) -> None:
    payload = "<img src=x onerror=alert(1)>"
    error = assert_error(client.get("/events", params={"type": payload}), 422)
    assert payload not in error["message"] and "query.type" in error["message"]
    error = assert_error(client.post("/analyze", content=b"{not json"), 422)
    assert "{not json" not in error["message"]


def test_sitrep_errors_keep_their_status_and_escape_messages(client: TestClient) -> None:
    error = assert_error(client.get("/articles/0000000000000000"), 404, "not_found")
    assert "'" not in error["message"] and "&#x27;" in error["message"]


def test_unexpected_errors_are_500s_without_details(
    read_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(q, "list_actors", boom)
    with TestClient(app_for(read_store), raise_server_exceptions=False) as broken:
        error = assert_error(broken.get("/actors"), 500, "internal")
    assert "secret" not in error["message"]


def test_read_token_protects_reads_but_not_health(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ApiSettings(token=TOKEN, read_token="reader"))
    response = client.get("/articles")
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error(client.get("/articles", headers={"Authorization": "Bearer wrong"}), 401)
    assert client.get("/articles", headers={"Authorization": "Bearer reader"}).status_code == 200
    assert client.get("/articles", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/health").status_code == 200


def test_ingest_is_disabled_without_a_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ApiSettings(token=None))
    body = {"articles": [{"text": "Some text of a report."}]}
    error = assert_error(client.post("/ingest", json=body), 403, "ingest_disabled")
    assert "SITREP_API_TOKEN" in error["message"]


def test_ingest_needs_the_right_token(client: TestClient) -> None:
    body = {"articles": [{"text": "Some text of a report."}]}
    assert_error(client.post("/ingest", json=body), 401, "unauthorized")
    wrong = {"Authorization": "Bearer not-the-token"}
    assert_error(client.post("/ingest", json=body, headers=wrong), 401, "unauthorized")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(client.post("/ingest", json={"articles": []}, headers=auth), 422)
    assert_error(client.post("/ingest", json={"articles": [{"txt": "x"}]}, headers=auth), 422)


def test_too_many_articles_is_a_413(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ApiSettings(token=TOKEN, max_ingest=2))
    body = {"articles": [{"text": f"Report number {n} of three."} for n in range(3)]}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(client.post("/ingest", json=body, headers=auth), 413, "too_large")


def test_large_bodies_are_413s(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ApiSettings(token=TOKEN, max_body=1000))
    big = {"text": "word " * 1000}
    assert_error(client.post("/analyze", json=big), 413, "too_large")

    def chunks() -> object:
        for _ in range(10):
            yield b"x" * 200

    assert_error(client.post("/analyze", content=chunks()), 413, "too_large")  # type: ignore[arg-type]


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/articles", "/no/such/endpoint"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"


def test_openapi_documents_every_endpoint_and_the_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    expected = {"/articles", "/articles/{article_id}", "/events", "/figures", "/claims"}
    expected |= {"/actors", "/places", "/stories", "/stories/{story_id}", "/analyze", "/ingest"}
    expected |= {"/stories/{story_id}/split", "/stories/{story_id}/merge"}
    assert expected <= paths
    assert "ErrorResponse" in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path == "/health":
                continue
            assert "422" in operation["responses"], (method, path)


def test_dashboard_is_served_offline(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/app.js" in page.text and "http" not in page.text.replace("http-equiv", "")
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "innerHTML" not in script.text
    assert_error(client.get("/static/nothing-here.js"), 404)
