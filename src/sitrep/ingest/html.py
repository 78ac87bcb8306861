"""Article extraction from an HTML page: body text, title, publication date and outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sitrep.errors import HtmlExtractionError
from sitrep.ingest.text import normalise_text

# Publication date, not last modification; only the page's markup and URL, not dates guessed from
# the running text, which are more often the dates of the events reported than of the report.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura found in a page."""

    text: str
    """The article body, normalised (`normalise_text`)."""
    title: str | None
    published: date | None
    outlet: str | None
    """The site name the page declares, else its host name without `www.`."""


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    """Extract the article in `html` (fetched from `url`, when known) with trafilatura.

    Boilerplate (menus, footers, comments) is dropped; malformed markup is repaired by lxml.
    Raises `HtmlExtractionError` when no article body is found.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    where = f" in {url}" if url else " in the page"
    if document is None:
        raise HtmlExtractionError(
            f"no article body found{where}: it may be empty, broken, a JavaScript app, a paywall "
            "or a list of links; save the article text as a .txt file instead"
        )
    values = document if isinstance(document, dict) else _fields(document)
    text = normalise_text(str(values.get("text") or ""))
    if not text:
        raise HtmlExtractionError(
            f"no article body found{where}: the extracted text is empty; save the article text "
            "as a .txt file instead"
        )
    return ExtractedPage(
        text=text,
        title=_clean(values.get("title")),
        published=_parse_date(values.get("date")),
        outlet=_clean(values.get("sitename")) or _host_name(url or values.get("url")),
    )


def _fields(document: object) -> dict[str, object]:
    """The fields of a trafilatura `Document` (a slotted class) as a dict."""
    slots: tuple[str, ...] = getattr(type(document), "__slots__", ())
    return {name: getattr(document, name, None) for name in slots}


def sniff_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag within its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _host_name(url: object) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
