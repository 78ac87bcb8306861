"""Tests of `sitrep.ingest.feeds` and of reading feeds served by a local web server."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.config import Settings
from sitrep.errors import EmptyInputError, FetchError
from sitrep.ingest.feeds import is_feed, parse_feed
from sitrep.ingest.sources import read_inputs

from .conftest import LocalServer, Route
from .texts import ARTICLE, ATOM, OTHER_ARTICLE, RSS, article_page

BASE = "https://courier.example"


def rss(base: str = BASE, long_summary: str = OTHER_ARTICLE) -> bytes:
    return RSS.format(base=base, long_summary=long_summary).encode()


def test_is_feed_by_media_type_or_root_element() -> None:
    assert is_feed("application/rss+xml; charset=utf-8", b"")
    assert is_feed("application/atom+xml", b"")
    assert is_feed("text/xml", rss())
    assert is_feed(None, ATOM.encode())
    assert is_feed("application/octet-stream", b"\xef\xbb\xbf<!-- feed --><rss version='2.0'>")
    assert not is_feed("text/html", article_page().encode())
    assert not is_feed("text/xml", b"<?xml version='1.0'?><note>not a feed</note>")


def test_parse_rss() -> None:
    entries = parse_feed(rss(), f"{BASE}/world.rss")
    assert [e.link for e in entries] == [
        f"{BASE}/talks.html",
        f"{BASE}/floods.html",
        f"{BASE}/gone-long.html",
        f"{BASE}/gone-short.html",
    ]
    first = entries[0]
    assert first.title == "Ceasefire talks resume in Doha"
    assert first.published == date(2025, 1, 24)
    assert first.content == "Negotiators returned to Doha on Friday."
    assert entries[2].content == OTHER_ARTICLE.replace("\n", " ")


def test_parse_atom_resolves_relative_links_and_prefers_content() -> None:
    entries = parse_feed(ATOM.encode(), f"{BASE}/feeds/world.atom")
    assert [e.link for e in entries] == [f"{BASE}/feeds/floods.html", f"{BASE}/talks.html"]
    assert entries[0].published == date(2025, 1, 25)
    assert entries[1].published == date(2025, 1, 24)
    assert entries[1].content == "Negotiators returned.\nTalks resume."


def test_parse_feed_never_opens_a_path_or_url() -> None:
    with pytest.raises(EmptyInputError, match="no entries"):
        parse_feed(b"/etc/passwd", None)
    with pytest.raises(EmptyInputError, match="no entries"):
        parse_feed(b"http://127.0.0.1:9/feed.xml", None)


def test_parse_feed_without_entries() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    with pytest.raises(EmptyInputError, match="no entries"):
        parse_feed(empty, BASE)


def serve_site(server: LocalServer, feed: bytes, content_type: str) -> None:
    server.routes["/world.feed"] = Route(content_type=content_type, body=feed)
    server.routes["/talks.html"] = Route(body=article_page().encode())
    server.routes["/floods.html"] = Route(
        body=article_page(
            title="Floods close the airport road", body=OTHER_ARTICLE, published=None
        ).encode()
    )


def test_read_inputs_fetches_every_rss_entry(server: LocalServer) -> None:
    serve_site(server, rss(server.base), "application/rss+xml")
    items = list(read_inputs([server.url("/world.feed")], Settings(allow_private=True)))
    assert [item.source for item in items] == [
        server.url("/talks.html"),
        server.url("/floods.html"),
        server.url("/gone-long.html"),
        server.url("/gone-short.html"),
    ]
    talks, floods, gone_long, gone_short = items
    assert talks.article is not None
    assert "Negotiators from both sides returned" in talks.article.text
    assert talks.article.url == server.url("/talks.html")
    assert talks.article.published == date(2025, 1, 24)
    assert talks.article.outlet == "The Test Courier"
    assert floods.article is not None
    assert floods.article.published == date(2025, 1, 25), "from the feed, as the page has none"
    # The page is gone but the entry carries enough text of its own.
    assert gone_long.article is not None
    assert gone_long.article.text == OTHER_ARTICLE.replace("\n", " ")
    assert gone_long.article.title == "A page that is gone, with a long summary"
    # The page is gone and the entry's teaser is too short to stand in for it.
    assert isinstance(gone_short.error, FetchError)
    assert "HTTP 404" in str(gone_short.error)
    assert server.requests[0] == "/world.feed"


def test_read_inputs_fetches_every_atom_entry(server: LocalServer) -> None:
    serve_site(server, ATOM.encode(), "text/xml")
    items = list(read_inputs([server.url("/world.feed")], Settings(allow_private=True)))
    assert [item.source for item in items] == [
        server.url("/floods.html"),
        server.url("/talks.html"),
    ]
    floods, talks = (item.article for item in items)
    assert floods is not None
    assert talks is not None
    assert "Rescue crews used boats" in floods.text
    assert ARTICLE.split("\n\n")[-1] in talks.text
