"""Tests of `sitrep.ingest.html`: article extraction from pages written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.errors import HtmlExtractionError
from sitrep.ingest.html import extract_html, sniff_charset

from .texts import ARTICLE, article_page


def test_extract_html_finds_body_title_date_and_outlet() -> None:
    page = extract_html(article_page(), "https://courier.example/world/talks")
    assert page.title == "Ceasefire talks resume in Doha"
    assert page.published == date(2025, 1, 24)
    assert page.outlet == "The Test Courier"
    assert "Negotiators from both sides returned" in page.text
    assert "statement is expected at the end of the week." in page.text
    assert "Subscribe to our newsletter" not in page.text
    assert "Sport" not in page.text


def test_extract_html_falls_back_to_the_host_name_for_the_outlet() -> None:
    page = extract_html(article_page(site=None), "https://www.courier.example/a")
    assert page.outlet == "courier.example"


def test_extract_html_without_a_date() -> None:
    assert extract_html(article_page(published=None)).published is None


def test_extract_html_repairs_malformed_markup() -> None:
    broken = "<html><body><div><p>" + ARTICLE.replace("\n\n", "<p><b>") + "</div></span>"
    page = extract_html(broken)
    assert "monitor a truce" in page.text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><head><title>Broken</head><body><div><span></div></table>",
        "<<<>>> not markup at all <p",
    ],
)
def test_extract_html_without_a_body_fails(html: str) -> None:
    with pytest.raises(HtmlExtractionError, match="no article body found"):
        extract_html(html, "https://courier.example/empty")


def test_sniff_charset_reads_meta_tags() -> None:
    assert sniff_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert sniff_charset(
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    ) == ("ISO-8859-1")
    assert sniff_charset(b"<html><body>no declaration</body></html>") is None
