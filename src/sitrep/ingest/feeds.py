"""RSS and Atom feeds: recognising one and listing its entries, from bytes already fetched."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any

from sitrep.errors import EmptyInputError

FEED_MEDIA_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
    }
)

# The root element after an optional BOM, XML declaration, comments, processing instructions and
# doctype: <rss>, Atom's <feed> or RSS 1.0's <rdf:RDF>.
_FEED_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: where the article is, and what the feed itself says about it."""

    link: str | None
    title: str | None
    published: date | None
    content: str | None
    """The entry's own text (its full content when the feed has it, else its summary), as plain
    text; used when the linked page cannot be fetched."""


def is_feed(content_type: str | None, data: bytes) -> bool:
    """True when the response is an RSS or Atom feed, by media type or by its root element."""
    if content_type and content_type.split(";", 1)[0].strip().lower() in FEED_MEDIA_TYPES:
        return True
    return _FEED_ROOT.match(data[:4096]) is not None


def parse_feed(data: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of the feed in `data`, links made absolute against `base_url`.

    feedparser gets a file object, never a string, so it cannot mistake the data for a URL or a
    path and fetch or open it. Raises `EmptyInputError` when there is no entry.
    """
    import feedparser

    # The media type is known to be a feed (`is_feed`); saying so keeps feedparser from
    # complaining about a missing one.
    headers = {"content-type": "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = [_entry(e) for e in parsed.entries]
    if not entries:
        problem = parsed.get("bozo_exception")
        cause = f"it could not be parsed ({problem})" if parsed.get("bozo") else "it is empty"
        where = f" at {base_url}" if base_url else ""
        raise EmptyInputError(f"the feed{where} has no entries: {cause}")
    return entries


def _entry(raw: Any) -> FeedEntry:
    link = raw.get("link") or None
    title = _html_to_text(raw.get("title") or "") or None
    texts = [c.get("value", "") for c in raw.get("content") or []]
    texts.append(raw.get("summary") or "")
    best = max((_html_to_text(t) for t in texts), key=len, default="")
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    return FeedEntry(link=link, title=title, published=published, content=best or None)


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
