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
