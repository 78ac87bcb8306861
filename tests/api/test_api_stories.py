"""Stories over the API, on SQLite and PostgreSQL: read from the stored stories, split and merged
with the API token, and a user's decision kept when an article is analysed again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apidata import ARTICLES, EXTRACTOR, ID_A, ID_B, ID_C, TOKEN, assert_error, fill, span
from fastapi.testclient import TestClient

from sitrep.api import ApiSettings
from sitrep.records import Analysis, Article, Event
from sitrep.store import Store, save_analysis
from sitrep.store.stories import update_stories
from sitrep.store.story_queries import list_stories

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def store_of(client: TestClient) -> Store:
    store: Store = client.app.state.sitrep.store  # type: ignore[attr-defined]
    return store


@pytest.fixture
def editable(make_client: Callable[..., TestClient]) -> TestClient:
    """A client with the API token on a fresh store holding the three hand-built reports."""
    client = make_client(ApiSettings(token=TOKEN))
    fill(store_of(client), ARTICLES)
    return client


def story_of(client: TestClient, article_id: str, layer: str, position: int) -> str:
    detail = get(client, f"/articles/{article_id}")
    story: str = detail["event_stories" if layer == "events" else "figure_stories"][position]
    return story


def members(detail: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(m["article"]["id"], m["layer"], m["index"]) for m in detail["members"]]


def reanalyse(client: TestClient, article: Article, analysis: Analysis) -> None:
    """Save a new analysis of a stored article and file it again, as `sitrep ingest` does."""
    with store_of(client).begin() as conn:
        save_analysis(conn, analysis)
        update_stories(conn, article, analysis)


def test_stories_are_the_stored_ones(client: TestClient, read_store: Store) -> None:
    page = get(client, "/stories")
    with read_store.begin() as conn:
        stored = list_stories(conn)
    assert {s["id"] for s in page["items"]} == {s.id for s in stored}
    first = page["items"][0]
    assert (first["kind"], first["subject"], first["articles"]) == ("event", "AID", 2)
    assert first["label"] == next(s.label for s in stored if s.id == first["id"])


def test_story_detail_shows_claims_agreement_and_reasons(client: TestClient) -> None:
    story = story_of(client, ID_B, "events", 0)
    detail = get(client, f"/stories/{story}")
    assert members(detail) == [(ID_B, "events", 0), (ID_C, "events", 0)]
    denied = detail["members"][0]
    assert denied["article"]["outlet"] == "Meridian Wire" and denied["claimant"] == ["RUS"]
    assert denied["event"]["evidence"]["text"] == "sending troops to Kursk last autumn"
    assert detail["agreement"]["statuses"] == {"denied": 1, "factual": 1}
    assert len(detail["agreement"]["independent_claimants"]) == 2
    start, join = detail["reasons"]
    assert (start["action"], start["b"], start["decided_by"]) == ("start", 0, "auto")
    assert (join["action"], join["a"], join["b"], join["decided_by"]) == ("join", 0, 1, "auto")
    assert join["fields"]["type"] == "AID" and join["score"] > 0


def test_figure_story_has_claimant_via_and_range(client: TestClient) -> None:
    story = story_of(client, ID_A, "figures", 0)
    detail = get(client, f"/stories/{story}")
    member = detail["members"][0]
    assert member["claimant"] == ["KOR"] and member["speaker"] == "Seoul's spy agency"
    assert member["figure"]["value"] == 300 and member["figure"]["qualifier"] == "approx"
    agreement = detail["agreement"]
    assert (agreement["value_min"], agreement["value_max"]) == (300, 300)
    assert agreement["independent_claimants"] == [["KOR"]]
    assert agreement["consistent"] == [0] and agreement["conflicts"] == 0


def test_edits_need_the_token(make_client: Callable[..., TestClient]) -> None:
    disabled = make_client(ApiSettings(token=None))
    fill(store_of(disabled), ARTICLES)
    story = story_of(disabled, ID_B, "events", 0)
    body = [{"article": ID_C, "layer": "events", "position": 0}]
    error = assert_error(disabled.post(f"/stories/{story}/split", json=body), 403)
    assert error["code"] == "edits_disabled" and "SITREP_API_TOKEN" in error["message"]
    enabled = make_client(ApiSettings(token=TOKEN))
    fill(store_of(enabled), ARTICLES)
    assert_error(enabled.post(f"/stories/{story}/split", json=body), 401, "unauthorized")
    wrong = {"Authorization": "Bearer not-it"}
    response = enabled.post(f"/stories/{story}/merge", json={"other": story}, headers=wrong)
    assert_error(response, 401, "unauthorized")


def test_split_moves_members_into_a_new_story(editable: TestClient) -> None:
    story = story_of(editable, ID_B, "events", 0)
    body = [{"article": ID_C, "layer": "events", "position": 0}]
    response = editable.post(f"/stories/{story}/split", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    new = response.json()
    assert new["story"]["id"] != story and members(new) == [(ID_C, "events", 0)]
    assert [(r["action"], r["decided_by"], r["other_story"]) for r in new["reasons"]] == [
        ("split", "user", story)
    ]
    assert members(get(editable, f"/stories/{story}")) == [(ID_B, "events", 0)]
    assert story_of(editable, ID_C, "events", 0) == new["story"]["id"]
    listed = {item["story"] for item in get(editable, "/events", type="AID")["items"]}
    assert listed == {story, new["story"]["id"]}


def test_merge_moves_every_member(editable: TestClient) -> None:
    killed = story_of(editable, ID_A, "figures", 0)
    casualties = story_of(editable, ID_B, "figures", 0)
    response = editable.post(f"/stories/{killed}/merge", json={"other": casualties}, headers=AUTH)
    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["story"]["id"] == killed
    assert members(merged) == [(ID_A, "figures", 0), (ID_B, "figures", 0)]
    last = merged["reasons"][-1]
    assert (last["action"], last["decided_by"], last["other_story"]) == (
        "merge",
        "user",
        casualties,
    )
    assert_error(editable.get(f"/stories/{casualties}"), 404, "not_found")
    assert (merged["agreement"]["value_min"], merged["agreement"]["value_max"]) == (300, 3000)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ([{"article": ID_A, "layer": "events", "position": 0}], 422),  # not a member
        ([{"article": ID_C, "layer": "figures", "position": 0}], 422),  # wrong layer
        (
            [
                {"article": ID_B, "layer": "events", "position": 0},
                {"article": ID_C, "layer": "events", "position": 0},
            ],
            422,
        ),  # every member
        ([], 422),
        ({"article": ID_C}, 422),
        ([{"article": "<b>x</b>", "layer": "events", "position": 0}], 422),
        ([{"article": ID_C, "layer": "events", "position": -1}], 422),
    ],
)
def test_bad_splits(editable: TestClient, body: Any, status: int) -> None:
    story = story_of(editable, ID_B, "events", 0)
    error = assert_error(editable.post(f"/stories/{story}/split", json=body, headers=AUTH), status)
    assert "<" not in error["message"]
    assert len(get(editable, f"/stories/{story}")["members"]) == 2


def test_bad_merges(editable: TestClient) -> None:
    event = story_of(editable, ID_B, "events", 0)
    figure = story_of(editable, ID_A, "figures", 0)

    def merge(story: str, other: Any) -> Any:
        return editable.post(f"/stories/{story}/merge", json={"other": other}, headers=AUTH)

    assert_error(merge("ev-00000000", event), 404, "not_found")
    assert_error(merge(event, "ev-00000000"), 404, "not_found")
    assert_error(merge(event, event), 422, "invalid_request")
    assert_error(merge(event, figure), 422, "invalid_request")
    assert_error(merge(event, "<script>"), 422, "invalid_request")
    response = editable.post(f"/stories/{event}/merge", json={}, headers=AUTH)
    assert_error(response, 422, "invalid_request")
    assert len(get(editable, f"/stories/{event}")["members"]) == 2


def _with_extra_event(article: Article, analysis: Analysis) -> Analysis:
    """The analysis again with one more event first, so the old items move one position on."""
    extra = Event(
        type="CONSULT",
        actor=["PRK"],
        recipient=["RUS"],
        status="factual",
        trigger=span(article.text, "officials said"),
        evidence=span(article.text, "officials said"),
        extractor=EXTRACTOR,
    )
    return analysis.model_copy(update={"events": [extra, *analysis.events]})


def test_a_split_survives_reanalysis(editable: TestClient) -> None:
    story = story_of(editable, ID_B, "events", 0)
    body = [{"article": ID_C, "layer": "events", "position": 0}]
    assert editable.post(f"/stories/{story}/split", json=body, headers=AUTH).status_code == 200
    (article_b, analysis_b), (article_c, analysis_c) = ARTICLES[1], ARTICLES[2]
    reanalyse(editable, article_c, _with_extra_event(article_c, analysis_c))
    reanalyse(editable, article_b, analysis_b)
    moved = story_of(editable, ID_C, "events", 1)
    kept = story_of(editable, ID_B, "events", 0)
    assert moved != kept
    assert members(get(editable, f"/stories/{kept}")) == [(ID_B, "events", 0)]
    assert (ID_C, "events", 1) in members(get(editable, f"/stories/{moved}"))


def test_a_merge_survives_reanalysis(editable: TestClient) -> None:
    killed = story_of(editable, ID_A, "figures", 0)
    casualties = story_of(editable, ID_B, "figures", 0)
    response = editable.post(f"/stories/{killed}/merge", json={"other": casualties}, headers=AUTH)
    assert response.status_code == 200
    reanalyse(editable, *ARTICLES[1])
    reanalyse(editable, *ARTICLES[0])
    together = story_of(editable, ID_A, "figures", 0)
    assert story_of(editable, ID_B, "figures", 0) == together
    assert sorted(members(get(editable, f"/stories/{together}"))) == sorted(
        [(ID_A, "figures", 0), (ID_B, "figures", 0)]
    )
