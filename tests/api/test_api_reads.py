"""Read endpoints over the hand-built store, on SQLite and PostgreSQL: filters, pages, order."""

from __future__ import annotations

from typing import Any

import pytest
from apidata import ID_A, ID_B, ID_C, TEXT_A, assert_error
from fastapi.testclient import TestClient


def ids(page: dict[str, Any]) -> list[str]:
    return [item["article"]["id"] for item in page["items"]]


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_health(client: TestClient) -> None:
    assert get(client, "/health")["status"] == "ok"


def test_articles_in_publication_order_undated_last(client: TestClient) -> None:
    page = get(client, "/articles")
    assert [a["id"] for a in page["items"]] == [ID_A, ID_B, ID_C]
    assert page["total"] == 3 and page["limit"] == 50 and page["offset"] == 0
    assert "text" not in page["items"][0] and page["items"][0]["length"] == len(TEXT_A)


def test_articles_pages_do_not_overlap(client: TestClient) -> None:
    seen = [get(client, "/articles", limit=1, offset=n)["items"][0]["id"] for n in range(3)]
    assert seen == [ID_A, ID_B, ID_C]
    assert get(client, "/articles", limit=2, offset=3)["items"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outlet": "Meridian Wire"}, [ID_B]),
        ({"published_from": "2025-01-15"}, [ID_B]),
        ({"published_to": "2025-01-14"}, [ID_A]),
        ({"published_from": "2025-01-14", "published_to": "2025-01-15"}, [ID_A, ID_B]),
        ({"outlet": "No Such Outlet"}, []),
    ],
)
def test_article_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/articles", **params)
    assert [a["id"] for a in page["items"]] == expected and page["total"] == len(expected)


def test_reversed_date_range_is_a_422(client: TestClient) -> None:
    response = client.get(
        "/articles", params={"published_from": "2025-02-01", "published_to": "2025-01-01"}
    )
    assert_error(response, 422, "invalid_request")


def test_article_detail_has_analysis_and_stories(client: TestClient) -> None:
    detail = get(client, f"/articles/{ID_A}")
    assert detail["article"]["text"] == TEXT_A
    analysis = detail["analysis"]
    assert analysis["figures"][0]["value"] == 300
    assert len(detail["event_stories"]) == len(analysis["events"]) == 1
    assert len(detail["figure_stories"]) == len(analysis["figures"])
    story = detail["figure_stories"][0]
    assert story is not None and get(client, f"/stories/{story}")["story"]["id"] == story


def test_article_by_prefix(client: TestClient) -> None:
    assert get(client, f"/articles/{ID_B[:8]}")["article"]["id"] == ID_B


def test_unknown_article_is_a_404(client: TestClient) -> None:
    assert_error(client.get("/articles/ffffffffffffffff"), 404, "not_found")


def test_malformed_article_id_is_a_422(client: TestClient) -> None:
    assert_error(client.get("/articles/ab"), 422, "invalid_request")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [ID_C, ID_B, ID_A]),
        ({"type": "ASSAULT"}, [ID_A]),
        ({"actor": "PRK"}, [ID_C, ID_B]),
        ({"recipient": "PRK"}, [ID_A]),
        ({"claimant": "RUS"}, [ID_B]),
        ({"status": "denied"}, [ID_B]),
        ({"country": "RUS", "outlet": "Harbour Ledger"}, [ID_A]),
        ({"place": "Kursk"}, [ID_B, ID_A]),
        ({"date_from": "2025-01-01"}, [ID_A]),
        ({"date_from": "2024-10-01", "date_to": "2024-10-31"}, [ID_C, ID_B]),
        ({"date_to": "2024-08-31"}, [ID_C]),
        ({"published_from": "2025-01-15"}, [ID_B]),
        ({"bbox": "35,50,37,53"}, [ID_B, ID_A]),
        ({"bbox": "120,30,130,40"}, []),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/events", **params)
    assert ids(page) == expected and page["total"] == len(expected)


def test_events_carry_coordinates_and_story(client: TestClient) -> None:
    item = get(client, "/events", type="ASSAULT")["items"][0]
    assert (item["lat"], item["lon"]) == (51.73, 36.19)
    assert item["index"] == 0 and item["event"]["trigger"]["text"] == "attacked"
    assert item["story"] is not None and item["story"].startswith("ev-")


def test_an_event_located_only_by_country_gets_no_point(client: TestClient) -> None:
    item = get(client, "/events", place="Russia")["items"][0]
    assert item["event"]["place"] == "Russia"
    assert (item["lat"], item["lon"]) == (None, None)


def test_dated_event_pages(client: TestClient) -> None:
    first = get(client, "/events", date_to="2025-12-31", limit=2)
    second = get(client, "/events", date_to="2025-12-31", limit=2, offset=2)
    assert first["total"] == second["total"] == 3
    assert ids(first) + ids(second) == [ID_C, ID_B, ID_A]


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "0,80,10,70"},
        {"bbox": "abc"},
        {"type": "DANCE"},
        {"actor": "<script>"},
        {"date_from": "2025-02-01", "date_to": "2025-01-01"},
        {"limit": 0},
        {"limit": 100000},
        {"offset": -1},
        {"date_from": "yesterday"},
    ],
)
def test_bad_event_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    error = assert_error(client.get("/events", params=params), 422, "invalid_request")
    assert "<" not in error["message"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [ID_A, ID_B, ID_C]),
        ({"category": "killed"}, [ID_A]),
        ({"claimant": "UKR"}, [ID_B]),
        ({"actor": "PRK", "qualifier": "exact"}, [ID_B, ID_C]),
        ({"published_to": "2025-01-14"}, [ID_A]),
        ({"outlet": "Meridian Wire"}, [ID_B]),
    ],
)
def test_figure_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/figures", **params)
    assert ids(page) == expected and page["total"] == len(expected)
    assert all(item["story"] for item in page["items"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [ID_A, ID_B, ID_B]),
        ({"speaker": "KOR"}, [ID_A]),
        ({"claimant": "RUS"}, [ID_B]),
        ({"certainty": "denied"}, [ID_B]),
        ({"kind": "direct"}, []),
    ],
)
def test_claim_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/claims", **params)
    assert ids(page) == expected and page["total"] == len(expected)


def test_claims_index_into_the_analysis(client: TestClient) -> None:
    page = get(client, "/claims", certainty="denied")
    assert page["items"][0]["index"] == 1
    assert page["items"][0]["claim"]["speaker"]["text"] == "Moscow"


def test_actors_with_counts(client: TestClient) -> None:
    page = get(client, "/actors")
    first = page["items"][0]
    assert (first["code"], first["sector"], first["mentions"], first["articles"]) == (
        "PRK",
        "MIL",
        3,
        2,
    )
    assert page["total"] == 5
    only = get(client, "/actors", code="PRK", sector="GOV")["items"]
    assert [(a["code"], a["mentions"]) for a in only] == [("PRK", 1)]


def test_places_with_coordinates(client: TestClient) -> None:
    page = get(client, "/places")
    assert page["items"][0]["name"] == "Kursk" and page["items"][0]["mentions"] == 2
    assert page["total"] == 3
    assert [p["name"] for p in get(client, "/places", bbox="25,45,40,55")["items"]] == [
        "Kursk",
        "Kyiv",
    ]
    assert [p["name"] for p in get(client, "/places", feature="country")["items"]] == ["Russia"]
    assert get(client, "/places", country="UA")["items"][0]["name"] == "Kyiv"


def test_stories_list_and_detail(client: TestClient) -> None:
    page = get(client, "/stories")
    assert page["total"] == len(page["items"]) > 0
    kinds = {s["kind"] for s in page["items"]}
    assert kinds <= {"event", "figure"}
    members = 0
    for summary in page["items"]:
        detail = get(client, f"/stories/{summary['id']}")
        assert detail["story"] == summary
        assert len(detail["members"]) == summary["members"]
        members += summary["members"]
        for member in detail["members"]:
            assert (member["event"] is None) == (summary["kind"] == "figure")
    assert members == 6
    figures = get(client, "/stories", kind="figure")["items"]
    assert figures and all(s["kind"] == "figure" for s in figures)


def test_unknown_story_is_a_404_and_bad_id_a_422(client: TestClient) -> None:
    assert_error(client.get("/stories/ev-00000000"), 404, "not_found")
    assert_error(client.get("/stories/<b>"), 422, "invalid_request")
