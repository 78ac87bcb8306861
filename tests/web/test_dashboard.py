"""The dashboard in a real headless Chromium: every page renders, the click-through from the
timeline to a story to the article's highlighted sentence works, nothing leaves the machine and
no stored text runs as markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Shot = Callable[[Any, str], Path]

pytestmark = pytest.mark.model


def open_page(page: Any, hash_route: str, ready: str) -> None:
    page.goto(f"{page.base}/#/{hash_route}")
    page.wait_for_selector(ready, timeout=15_000)


def assert_clean(page: Any) -> None:
    assert page.recorder.errors == []
    local = (page.base + "/", "data:")
    assert all(url.startswith(local) for url in page.recorder.requests), page.recorder.requests


def test_timeline(page: Any, screenshot: Shot) -> None:
    open_page(page, "timeline", "#timeline .event-mark")
    assert page.locator("#timeline .figure-mark").count() > 0
    assert page.locator("#timeline .lane-label").count() >= 2
    page.locator("#timeline .figure-mark").last.hover(force=True)
    assert page.locator("#tooltip").is_visible()
    assert "reported:" in page.locator("#tooltip").text_content()
    screenshot(page, "timeline")
    assert_clean(page)


def test_timeline_filters(page: Any) -> None:
    open_page(page, "timeline", "#timeline .event-mark")
    page.select_option("form.filters select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_function(
        "() => location.hash.includes('type=ASSAULT') && [...document.querySelectorAll("
        "'#timeline .lane-label')].every((n) => n.textContent.includes('(claims)')"
        " || n.textContent === 'ASSAULT')"
    )
    labels = page.locator("#timeline .lane-label").all_text_contents()
    assert [label for label in labels if "(claims)" not in label] in ([], ["ASSAULT"])
    assert_clean(page)


def test_map(page: Any, screenshot: Shot) -> None:
    open_page(page, "map", "#map .country")
    assert page.locator("#map .country").count() > 100
    assert page.locator("#map .place-dot").count() > 0
    screenshot(page, "map")
    assert_clean(page)


def test_figure_chart_point_leads_to_its_sentence(page: Any, screenshot: Shot) -> None:
    open_page(page, "figures", "#figure-chart .figure-point")
    screenshot(page, "figures")
    # The last point is drawn on top, so the pointer reaches it whatever overlaps.
    point = page.locator("#figure-chart .figure-point").last
    point.hover(force=True)
    quoted = page.locator("#tooltip").text_content()
    point.click(force=True)
    page.wait_for_selector("#article-text .focus", timeout=15_000)
    focus = page.locator("#article-text .focus")
    evidence = "".join(focus.all_text_contents())
    assert evidence and evidence in quoted
    assert focus.first.is_visible()
    screenshot(page, "article-from-figure")
    assert_clean(page)


def test_stories_list(page: Any, screenshot: Shot) -> None:
    open_page(page, "stories", "#stories tbody tr")
    assert page.locator("#stories tbody tr").count() > 1
    screenshot(page, "stories")
    assert_clean(page)


def test_click_through_timeline_story_article(page: Any, screenshot: Shot) -> None:
    open_page(page, "timeline", "#timeline .event-mark")
    index = page.evaluate(
        "[...document.querySelectorAll('#timeline .event-mark')]"
        ".findIndex((n) => n.__data__ && n.__data__.item.shared)"
    )
    assert index >= 0, "no event on the timeline belongs to a story of several reports"
    page.locator("#timeline .event-mark").nth(index).click(force=True)
    page.wait_for_selector("#story-claims .claim", timeout=15_000)
    assert page.url.split("#/")[1].startswith("story/")
    assert page.locator("#story-claims .claim").count() >= 2
    screenshot(page, "story")
    page.locator("#story-claims .to-article").first.click()
    page.wait_for_selector("#article-text .focus", timeout=15_000)
    assert page.locator("aside.side h3").count() == 3
    screenshot(page, "article-from-story")
    assert_clean(page)


def test_article_view_highlights_every_layer(page: Any, screenshot: Shot) -> None:
    open_page(page, "articles", "#articles tbody tr a")
    page.locator("#articles tbody tr a").first.click()
    page.wait_for_selector("#article-text .seg")
    layers = set(
        " ".join(
            page.locator("#article-text .seg").evaluate_all(
                "(nodes) => nodes.map((n) => n.dataset.layers)"
            )
        ).split()
    )
    assert {"actor", "timex", "place", "figure", "content", "speaker", "evidence"} <= layers
    page.locator("#article-text .hl-figure").first.hover(force=True)
    assert "figure" in page.locator("#tooltip").text_content()
    assert "sitrep_figures" in page.locator("#tooltip").text_content()
    page.locator("#layers input[data-layer=place]").uncheck()
    assert "hide-place" in page.locator("#article-text").get_attribute("class")
    screenshot(page, "article")
    assert_clean(page)


def test_stored_markup_is_shown_as_text(
    page: Any, screenshot: Shot, hostile: tuple[str, str]
) -> None:
    title, text = hostile
    open_page(page, "articles", "#articles tbody tr a")
    page.get_by_text("Hostile title").click()
    page.wait_for_selector("#article-text")
    assert page.locator("h1").text_content() == title
    assert page.locator("#article-text").text_content() == text
    assert page.locator("#article-text script, #article-text b, h1 img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator("a", has_text="original").count() == 0
    screenshot(page, "hostile-article")
    assert_clean(page)


def story_cards(page: Any) -> list[str]:
    """The article id of each claim card of the story view, in order."""
    return list(
        page.locator("#story-claims .claim .to-article").evaluate_all(
            "(links) => links.map((a) => decodeURIComponent(a.hash.split('/')[2].split('?')[0]))"
        )
    )


def wait_for_cards(page: Any, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('#story-claims .claim').length === {count}",
        timeout=15_000,
    )


def test_split_a_claim_off_and_merge_it_back(page: Any, screenshot: Shot, api_token: str) -> None:
    # Runs last: it changes the shared store, and leaves every claim where it was.
    open_page(page, "stories", "#stories tbody tr")
    href = page.locator("#stories tbody tr a").first.get_attribute("href")
    story = href.split("/")[-1]
    open_page(page, f"story/{story}", "#story-claims .claim")
    page.wait_for_selector(f"#merge-other option[value^='{story[:3]}']", state="attached")
    before = story_cards(page)
    assert len(before) >= 2
    assert page.locator("#story-reasons li").count() >= len(before)
    assert "joined like" in page.locator("#story-reasons").text_content()

    page.locator("#split-button").click()
    assert "Tick" in page.locator("#story-edit-status .error").text_content()

    page.locator("#story-claims .split-box").last.check()
    page.locator("#split-button").click()
    page.fill("#edit-token", "not-the-token")
    page.locator("#story-edit-status button[type=submit]").click()
    page.wait_for_selector("#story-edit-status .token-form .error")
    assert "SITREP_API_TOKEN" in page.locator("#story-edit-status .error").text_content()
    screenshot(page, "story-wrong-token")
    page.fill("#edit-token", api_token)
    page.locator("#story-edit-status button[type=submit]").click()
    page.wait_for_selector("#story-edit-status .done a.new-story", timeout=15_000)
    wait_for_cards(page, len(before) - 1)
    assert story_cards(page) == before[:-1]
    screenshot(page, "story-after-split")

    page.locator("#story-edit-status a.new-story").click()
    page.wait_for_function(
        f"() => location.hash.includes('/story/') && !location.hash.endsWith('{story}')"
    )
    wait_for_cards(page, 1)
    new = page.url.split("/")[-1]
    assert story_cards(page) == before[-1:]
    reasons = page.locator("#story-reasons").text_content()
    assert "decided by a user" in reasons and story in reasons
    screenshot(page, "story-split-off")

    open_page(page, f"story/{story}", "#story-claims .claim")
    page.wait_for_selector(f"#merge-other option[value='{new}']", state="attached")
    page.select_option("#merge-other", new)
    page.locator("#merge-button").click()
    page.wait_for_selector("#story-edit-status .done", timeout=15_000)
    assert page.locator("#edit-token").count() == 0, "the token is asked for only once"
    wait_for_cards(page, len(before))
    assert sorted(story_cards(page)) == sorted(before)
    assert f"story {new} was merged into this one" in page.locator("#story-reasons").text_content()
    screenshot(page, "story-merged-back")
    # The wrong token's 401 is logged by Chromium as a failed resource; nothing else may be.
    page.recorder.errors = [e for e in page.recorder.errors if "401" not in e]
    assert_clean(page)
