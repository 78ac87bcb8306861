"""Reading inputs (files, folders, JSON documents, URLs and feeds) into articles, one item each.

Every input yields `IngestItem`s: an `Article` that passed `check_text`, or the `SitrepError` that
stopped it. A failure is one item; the batch goes on. Where an article came from is its `source`:
a path, a URL, or `file.jsonl#id` (`file.jsonl:LINE` for a line without an id).

Text read from .txt files, HTML and URLs is normalised (`normalise_text`). Text read from .json
and .jsonl documents is kept exactly as written, so annotation offsets into it stay valid; its id
is still the hash of its normalised form.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitrep.config import Settings
from sitrep.errors import (
    GoldFormatError,
    InputError,
    SitrepError,
    TooLargeError,
    UnsupportedInputError,
)
from sitrep.ingest.feeds import FeedEntry, is_feed, parse_feed
from sitrep.ingest.fetch import FetchedResource, fetch_url
from sitrep.ingest.html import extract_html, sniff_charset
from sitrep.ingest.text import article_id, check_text, decode_bytes, normalise_text
from sitrep.records import Article

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
STDIN = "-"

_SUPPORTED = (
    "sitrep reads .txt, .html, .htm, .json and .jsonl files, folders of them, "
    "http(s) URLs of pages and RSS/Atom feeds, and '-' for standard input"
)


@dataclass(frozen=True)
class IngestItem:
    """The outcome of reading one input item: an article, or the error that stopped it."""

    source: str
    article: Article | None = None
    error: SitrepError | None = None

    def __post_init__(self) -> None:
        if (self.article is None) == (self.error is None):
            raise ValueError("an IngestItem holds exactly one of article and error")

    @property
    def ok(self) -> bool:
        return self.article is not None


@dataclass(frozen=True)
class _Defaults:
    """What the caller says about items that do not say it themselves."""

    published: date | None
    outlet: str | None
    max_bytes: int
    check: bool = True


def read_inputs(
    inputs: Sequence[str],
    settings: Settings,
    *,
    published: date | None = None,
    outlet: str | None = None,
) -> Iterator[IngestItem]:
    """Read every input and yield one item per article found or per failure.

    An input is a file, a folder (read recursively in sorted order; hidden entries and files of
    other types are skipped), an http(s) URL of a page or of a feed (each entry's link is fetched;
    when that fails the entry's own text is used if it is long enough) or `-` for standard input.
    `published` and `outlet` apply to items that carry no date or outlet of their own.
    """
    defaults = _Defaults(published=published, outlet=outlet, max_bytes=settings.max_bytes)
    for raw in inputs:
        yield from _read_input(raw, settings, defaults)


def read_documents(
    path: str | Path, *, max_bytes: int | None = None, check: bool = True
) -> Iterator[IngestItem]:
    """Read a JSON Lines file of documents in the gold format, keeping each one's `id`.

    Each article's `source` is `path#id` and its text is exactly the document's `text`. A line that
    is not a document with a unique string `id` and a string `text` is a `GoldFormatError` item.
    With `check=False` texts skip `check_text` (to score benchmark sentences of any length).
    """
    limit = Settings().max_bytes if max_bytes is None else max_bytes
    defaults = _Defaults(published=None, outlet=None, max_bytes=limit, check=check)
    file = Path(path)
    if not file.is_file():
        yield IngestItem(str(file), error=_missing(file))
        return
    seen: set[str] = set()
    for number, line in _jsonl_lines(file, limit):
        where = f"{file}:{number}"
        try:
            doc = _parse_json_line(line, number)
            key = doc.get("id")
            if not isinstance(key, str) or not key:
                raise GoldFormatError(f"line {number}: a document needs a non-empty string 'id'")
            if key in seen:
                raise GoldFormatError(f"line {number}: id {key!r} appears twice in the file")
            seen.add(key)
            where = f"{file}#{key}"
            yield IngestItem(
                where, article=_document_article(doc, where, f"line {number}: ", defaults)
            )
        except SitrepError as exc:
            yield IngestItem(where, error=exc)


def _read_input(raw: str, settings: Settings, defaults: _Defaults) -> Iterator[IngestItem]:
    if raw == STDIN:
        yield _attempt("<stdin>", lambda: _stdin_article(defaults))
        return
    scheme = urlsplit(raw).scheme.lower()
    if scheme in {"http", "https"}:
        yield from _read_url(raw, settings, defaults)
        return
    if "://" in raw:
        error = UnsupportedInputError(
            f"URL scheme {scheme!r} is not supported; sitrep fetches http:// and https:// URLs "
            "only (give local files as paths)"
        )
        yield IngestItem(raw, error=error)
        return
    path = Path(raw)
    if path.is_dir():
        for file in _walk(path):
            yield from _read_file(file, defaults)
    elif path.is_file():
        yield from _read_file(path, defaults)
    else:
        yield IngestItem(raw, error=_missing(path))


def _walk(root: Path) -> Iterator[Path]:
    """Files of known types under `root`, sorted, not descending into hidden folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                yield path


def _read_file(path: Path, defaults: _Defaults) -> Iterator[IngestItem]:
    suffix = path.suffix.lower()
    source = str(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, defaults)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json(path, defaults)
    elif suffix in HTML_SUFFIXES:
        yield _attempt(source, lambda: _html_article(_read_bytes(path, defaults), source, defaults))
    elif suffix in TEXT_SUFFIXES:
        yield _attempt(source, lambda: _text_article(_read_bytes(path, defaults), source, defaults))
    else:
        kind = f"file type {suffix!r}" if suffix else "a file without an extension"
        yield IngestItem(source, error=UnsupportedInputError(f"unsupported {kind}; {_SUPPORTED}"))


def _attempt(source: str, make: Callable[[], Article]) -> IngestItem:
    try:
        return IngestItem(source, article=make())
    except SitrepError as exc:
        return IngestItem(source, error=exc)


def _missing(path: Path) -> UnsupportedInputError:
    return UnsupportedInputError(f"no such file or folder: {path}; check the path ({_SUPPORTED})")


def _unreadable(path: Path, exc: OSError) -> UnsupportedInputError:
    return UnsupportedInputError(
        f"cannot read {path}: {exc.strerror or exc}; check its permissions"
    )


def _read_bytes(path: Path, defaults: _Defaults) -> bytes:
    try:
        size = path.stat().st_size
        if size > defaults.max_bytes:
            raise TooLargeError(
                f"the file is {size:,} bytes, over the limit of {defaults.max_bytes:,} bytes; "
                "split it or raise the limit with SITREP_MAX_BYTES"
            )
        with path.open("rb") as handle:
            data = handle.read(defaults.max_bytes + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(data) > defaults.max_bytes:
        raise TooLargeError(
            f"the file is over the limit of {defaults.max_bytes:,} bytes; "
            "split it or raise the limit with SITREP_MAX_BYTES"
        )
    return data


def _stdin_article(defaults: _Defaults) -> Article:
    data = sys.stdin.buffer.read(defaults.max_bytes + 1)
    if len(data) > defaults.max_bytes:
        raise TooLargeError(
            f"standard input is over the limit of {defaults.max_bytes:,} bytes; "
            "split it or raise the limit with SITREP_MAX_BYTES"
        )
    if _looks_like_html(data):
        return _html_article(data, "<stdin>", defaults)
    return _text_article(data, "<stdin>", defaults)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _text_article(data: bytes, source: str, defaults: _Defaults) -> Article:
    return _make_article(
        decode_bytes(data, None),
        source=source,
        published=defaults.published,
        outlet=defaults.outlet,
        defaults=defaults,
    )


def _html_article(
    data: bytes,
    source: str,
    defaults: _Defaults,
    *,
    url: str | None = None,
    declared: str | None = None,
    entry: FeedEntry | None = None,
) -> Article:
    page = extract_html(decode_bytes(data, declared or sniff_charset(data)), url)
    return _make_article(
        page.text,
        source=source,
        url=url,
        title=page.title or (entry.title if entry else None),
        published=page.published or (entry.published if entry else None) or defaults.published,
        outlet=page.outlet or defaults.outlet,
        defaults=defaults,
    )


def _make_article(
    text: str,
    *,
    source: str,
    defaults: _Defaults,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
    verbatim: bool = False,
) -> Article:
    if not verbatim:
        text = normalise_text(text)
    if defaults.check:
        check_text(text, max_bytes=defaults.max_bytes)
    return Article(
        id=article_id(text),
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        source=source,
        language="en" if defaults.check else None,
    )


# JSON and JSON Lines documents


def _read_json(path: Path, defaults: _Defaults) -> Iterator[IngestItem]:
    # A .json file may hold a whole collection, so the size limit applies to each document.
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestItem(source, error=_unreadable(path, exc))
        return
    try:
        value = json.loads(decode_bytes(data, None))
    except json.JSONDecodeError as exc:
        error = GoldFormatError(
            f"invalid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno}); "
            "a .json file holds one document object or a list of them"
        )
        yield IngestItem(source, error=error)
        return
    except InputError as exc:
        yield IngestItem(source, error=exc)
        return
    documents: list[Any] = value if isinstance(value, list) else [value]
    for index, doc in enumerate(documents):
        where = f"{path}#{index}" if isinstance(value, list) else source
        try:
            if not isinstance(doc, dict):
                raise GoldFormatError(
                    f"item {index}: expected a JSON object with a 'text', got {_json_type(doc)}"
                )
            where = _document_source(path, doc, where)
            at = f"item {index}: " if isinstance(value, list) else ""
            yield IngestItem(where, article=_document_article(doc, where, at, defaults))
        except SitrepError as exc:
            yield IngestItem(where, error=exc)


def _read_jsonl(path: Path, defaults: _Defaults) -> Iterator[IngestItem]:
    try:
        for number, line in _jsonl_lines(path, defaults.max_bytes):
            where = f"{path}:{number}"
            try:
                doc = _parse_json_line(line, number)
                where = _document_source(path, doc, where)
                yield IngestItem(
                    where, article=_document_article(doc, where, f"line {number}: ", defaults)
                )
            except SitrepError as exc:
                yield IngestItem(where, error=exc)
    except OSError as exc:
        yield IngestItem(str(path), error=_unreadable(path, exc))


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | SitrepError]]:
    """Non-blank lines of a JSON Lines file with their numbers (from 1); an oversized line is
    replaced by its error, and the rest of it is skipped."""
    with path.open("rb") as handle:
        number = 0
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield (
                    number,
                    TooLargeError(
                        f"line {number} is over the limit of {max_bytes:,} bytes; "
                        "split the document or raise the limit with SITREP_MAX_BYTES"
                    ),
                )
            elif line.strip():
                yield number, line


def _parse_json_line(line: bytes | SitrepError, number: int) -> dict[str, Any]:
    if isinstance(line, SitrepError):
        raise line
    try:
        value = json.loads(decode_bytes(line, None))
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            f"line {number}: invalid JSON ({exc.msg}, column {exc.colno}); "
            "each line of a .jsonl file is one JSON object"
        ) from None
    except InputError as exc:
        raise type(exc)(f"line {number}: {exc}") from None
    if not isinstance(value, dict):
        raise GoldFormatError(
            f"line {number}: expected a JSON object with a 'text', got {_json_type(value)}"
        )
    return value


def _document_source(path: Path, doc: dict[str, Any], fallback: str) -> str:
    key = doc.get("id")
    if isinstance(key, str | int) and not isinstance(key, bool) and str(key):
        return f"{path}#{key}"
    return fallback


def _document_article(doc: dict[str, Any], source: str, at: str, defaults: _Defaults) -> Article:
    """The article of one JSON document; `at` ("line 3: ") starts every error message."""
    text = doc.get("text")
    if not isinstance(text, str):
        found = "no 'text'" if text is None else f"'text' as {_json_type(text)}"
        raise GoldFormatError(f"{at}a document needs a string 'text', found {found}")
    fields: dict[str, str | None] = {}
    for key in ("title", "outlet", "url"):
        value = doc.get(key)
        if value is not None and not isinstance(value, str):
            raise GoldFormatError(f"{at}'{key}' must be a string or null, got {_json_type(value)}")
        fields[key] = value or None
    try:
        return _make_article(
            text,
            source=source,
            url=fields["url"],
            title=fields["title"],
            published=_parse_published(doc.get("published"), at) or defaults.published,
            outlet=fields["outlet"] or defaults.outlet,
            defaults=defaults,
            verbatim=True,
        )
    except InputError as exc:
        if not at:
            raise
        raise type(exc)(f"{at}{exc}") from None


def _parse_published(value: object, at: str = "") -> date | None:
    """A `published` value: null, `YYYY-MM-DD`, or a full ISO 8601 date-time (its date is kept)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return (
                date.fromisoformat(value)
                if len(value) == 10
                else datetime.fromisoformat(value).date()
            )
        except ValueError:
            pass
    raise GoldFormatError(
        f"{at}'published' must be YYYY-MM-DD or an ISO 8601 date-time, got {value!r}"
    )


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


# URLs and feeds


def _read_url(url: str, settings: Settings, defaults: _Defaults) -> Iterator[IngestItem]:
    try:
        resource = _fetch(url, settings)
    except SitrepError as exc:
        yield IngestItem(url, error=exc)
        return
    if not is_feed(resource.content_type, resource.data):
        yield _attempt(url, lambda: _resource_article(resource, url, defaults))
        return
    try:
        entries = parse_feed(resource.data, resource.final_url)
    except SitrepError as exc:
        yield IngestItem(url, error=exc)
        return
    for number, entry in enumerate(entries, start=1):
        yield _read_entry(entry, f"{url}#entry-{number}", settings, defaults)


def _fetch(url: str, settings: Settings) -> FetchedResource:
    return fetch_url(
        url,
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_bytes,
        allow_private=settings.allow_private,
    )


def _read_entry(
    entry: FeedEntry, fallback_source: str, settings: Settings, defaults: _Defaults
) -> IngestItem:
    source = entry.link or fallback_source
    try:
        if not entry.link:
            raise UnsupportedInputError("the feed entry has no link to fetch")
        resource = _fetch(entry.link, settings)
        if is_feed(resource.content_type, resource.data):
            raise UnsupportedInputError(
                f"the feed entry links to another feed ({resource.final_url}), not to an article"
            )
        return IngestItem(source, article=_resource_article(resource, source, defaults, entry))
    except SitrepError as exc:
        fallback = _entry_article(entry, source, defaults)
        if fallback is None:
            return IngestItem(source, error=exc)
        logger.warning("%s: %s; using the text of the feed entry instead", source, exc)
        return IngestItem(source, article=fallback)


def _entry_article(entry: FeedEntry, source: str, defaults: _Defaults) -> Article | None:
    """The article made of the feed entry's own text, or None when that text does not pass."""
    if not entry.content:
        return None
    try:
        return _make_article(
            entry.content,
            source=source,
            url=entry.link,
            title=entry.title,
            published=entry.published or defaults.published,
            outlet=defaults.outlet,
            defaults=defaults,
        )
    except InputError:
        return None


def _resource_article(
    resource: FetchedResource, source: str, defaults: _Defaults, entry: FeedEntry | None = None
) -> Article:
    media = resource.content_type
    is_html = media in HTML_MEDIA_TYPES or (
        media in {None, "application/octet-stream"} and _looks_like_html(resource.data)
    )
    if is_html:
        return _html_article(
            resource.data,
            source,
            defaults,
            url=resource.final_url,
            declared=resource.encoding,
            entry=entry,
        )
    if media in {None, "text/plain", "application/octet-stream"}:
        return _make_article(
            decode_bytes(resource.data, resource.encoding),
            source=source,
            url=resource.final_url,
            title=entry.title if entry else None,
            published=(entry.published if entry else None) or defaults.published,
            outlet=defaults.outlet,
            defaults=defaults,
        )
    raise UnsupportedInputError(
        f"{resource.final_url} is {media}, which sitrep cannot read; it reads HTML pages, "
        "plain text and RSS/Atom feeds"
    )
