"""Tests of `sitrep.ingest.sources`: batches of files, folders and documents, failures included."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    HtmlExtractionError,
    NotEnglishError,
    TooLargeError,
    UnsupportedInputError,
)
from sitrep.ingest import IngestItem, article_id, read_documents, read_inputs

from .conftest import LocalServer, Route
from .texts import ARTICLE, FRENCH, GERMAN, OTHER_ARTICLE, SHORT_ENGLISH, article_page

SETTINGS = Settings()


def by_source(items: list[IngestItem]) -> dict[str, IngestItem]:
    return {
        Path(item.source).name if "://" not in item.source else item.source: item for item in items
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of good and bad inputs, one of each failure."""
    (tmp_path / "good.txt").write_text(ARTICLE + "\r\n\r\n\r\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (tmp_path / "latin1.txt").write_bytes(OTHER_ARTICLE.replace("road", "rué").encode("latin-1"))
    (tmp_path / "french.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("war " * 1_500_000, encoding="utf-8")
    (tmp_path / "page.html").write_text(article_page(), encoding="utf-8")
    (tmp_path / "broken.htm").write_text("<html><head><title>x</head><body><div></span>")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(OTHER_ARTICLE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(OTHER_ARTICLE)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "other.TXT").write_text(OTHER_ARTICLE)
    return tmp_path


def test_a_batch_goes_on_past_every_kind_of_failure(corpus: Path) -> None:
    items = list(read_inputs([str(corpus)], SETTINGS))
    names = [Path(item.source).name for item in items]
    assert names == [
        "binary.txt",
        "broken.htm",
        "empty.txt",
        "french.txt",
        "good.txt",
        "huge.txt",
        "latin1.txt",
        "page.html",
        "other.TXT",
    ]
    found = by_source(items)
    errors = {name: type(item.error) for name, item in found.items() if item.error}
    assert errors == {
        "binary.txt": BinaryInputError,
        "broken.htm": HtmlExtractionError,
        "empty.txt": EmptyInputError,
        "french.txt": NotEnglishError,
        "huge.txt": TooLargeError,
        "latin1.txt": EncodingError,
    }
    assert "6,000,000 bytes" in str(found["huge.txt"].error)
    assert "SITREP_MAX_BYTES" in str(found["huge.txt"].error)
    assert "byte offset" in str(found["latin1.txt"].error)
    good = found["good.txt"].article
    assert good is not None
    assert good.text == ARTICLE
    assert good.id == article_id(ARTICLE)
    assert good.source == str(corpus / "good.txt")
    assert good.language == "en"
    for item in items:
        assert "\n" not in str(item.error or "")


def test_a_named_file_of_unknown_type_is_reported(corpus: Path) -> None:
    (item,) = read_inputs([str(corpus / "notes.pdf")], SETTINGS)
    assert isinstance(item.error, UnsupportedInputError)
    assert "'.pdf'" in str(item.error)


def test_missing_paths_and_other_schemes_are_reported(tmp_path: Path) -> None:
    items = list(read_inputs([str(tmp_path / "nope.txt"), "ftp://example.org/a.txt"], SETTINGS))
    assert [type(item.error) for item in items] == [UnsupportedInputError] * 2
    assert "no such file" in str(items[0].error)


def test_published_comes_from_the_item_then_the_page_then_the_argument(tmp_path: Path) -> None:
    (tmp_path / "dated.html").write_text(article_page())
    (tmp_path / "undated.html").write_text(article_page(published=None))
    (tmp_path / "plain.txt").write_text(OTHER_ARTICLE)
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "d1", "text": SHORT_ENGLISH, "published": "2024-10-02T09:00:00+09:00"})
        + "\n"
    )
    items = read_inputs([str(tmp_path)], SETTINGS, published=date(2020, 1, 1), outlet="Wire")
    got = {Path(i.source).name: i.article for i in items}
    assert {name: a.published if a else None for name, a in got.items()} == {
        "dated.html": date(2025, 1, 24),
        "docs.jsonl#d1": date(2024, 10, 2),
        "plain.txt": date(2020, 1, 1),
        "undated.html": date(2020, 1, 1),
    }
    assert got["plain.txt"] is not None
    assert got["plain.txt"].outlet == "Wire"
    assert got["dated.html"] is not None
    assert got["dated.html"].outlet == "The Test Courier"
    assert got["dated.html"].title == "Ceasefire talks resume in Doha"


def test_jsonl_lines_fail_one_by_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "published": "2025-01-24", "figures": []}),
        "",
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "published": "2025-01-24"}),
        json.dumps({"id": "d", "text": OTHER_ARTICLE, "published": "24/01/2025"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": GERMAN}),
        json.dumps({"text": OTHER_ARTICLE, "title": "No id", "url": "https://x.example/f"}),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], SETTINGS))
    assert [(item.source.removeprefix(str(path)), type(item.error).__name__) for item in items] == [
        ("#a", "NoneType"),
        (":3", "GoldFormatError"),
        ("#c", "GoldFormatError"),
        ("#d", "GoldFormatError"),
        (":6", "GoldFormatError"),
        ("#e", "NotEnglishError"),
        (":8", "NoneType"),
    ]
    assert str(items[1].error).startswith("line 3: invalid JSON")
    assert "line 4: a document needs a string 'text'" in str(items[2].error)
    assert "'24/01/2025'" in str(items[3].error)
    assert str(items[5].error).startswith("line 7: the text is not in English")
    first = items[0].article
    assert first is not None
    assert (first.text, first.published) == (ARTICLE, date(2025, 1, 24))
    last = items[-1].article
    assert last is not None
    assert (last.title, last.url) == ("No id", "https://x.example/f")


def test_json_file_with_one_object_or_a_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": "x", "text": ARTICLE}))
    (tmp_path / "many.json").write_text(
        json.dumps([{"id": "y", "text": OTHER_ARTICLE}, {"text": ""}, 42])
    )
    (tmp_path / "bad.json").write_text("{nope")
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert [(Path(i.source).name, type(i.error).__name__) for i in items] == [
        ("bad.json", "GoldFormatError"),
        ("many.json#y", "NoneType"),
        ("many.json#1", "EmptyInputError"),
        ("many.json#2", "GoldFormatError"),
        ("one.json#x", "NoneType"),
    ]
    assert str(items[2].error).startswith("item 1: nothing to analyse")


def test_json_text_is_kept_verbatim(tmp_path: Path) -> None:
    text = "  " + ARTICLE.replace("\n", "\r\n") + "\n"
    (tmp_path / "doc.json").write_text(json.dumps({"id": "v", "text": text}))
    (item,) = read_inputs([str(tmp_path / "doc.json")], SETTINGS)
    assert item.article is not None
    assert item.article.text == text
    assert item.article.id == article_id(ARTICLE)


def test_read_documents_keeps_ids_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    docs = [
        {"id": "seed", "text": ARTICLE, "published": "2025-01-24", "outlet": None, "events": []},
        {"id": "seed", "text": OTHER_ARTICLE},
        {"text": OTHER_ARTICLE},
        {"id": "short", "text": "Two words."},
    ]
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    items = list(read_documents(path))
    assert [(i.source, type(i.error).__name__) for i in items] == [
        (f"{path}#seed", "NoneType"),
        (f"{path}:2", "GoldFormatError"),
        (f"{path}:3", "GoldFormatError"),
        (f"{path}#short", "EmptyInputError"),
    ]
    assert "appears twice" in str(items[1].error)
    unchecked = list(read_documents(path, check=False))
    assert unchecked[-1].article is not None
    assert unchecked[-1].article.text == "Two words."
    (missing,) = read_documents(tmp_path / "absent.jsonl")
    assert isinstance(missing.error, UnsupportedInputError)


def test_read_documents_caps_each_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 400})
    path.write_text(big + "\n" + json.dumps({"id": "ok", "text": ARTICLE}) + "\n")
    items = list(read_documents(path, max_bytes=1500))
    assert [(i.source, type(i.error).__name__) for i in items] == [
        (f"{path}:1", "TooLargeError"),
        (f"{path}#ok", "NoneType"),
    ]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    (item,) = read_inputs(["-"], SETTINGS)
    assert item.article is not None
    assert item.article.source == "<stdin>"


def test_urls_of_pages_and_plain_text(server: LocalServer) -> None:
    server.routes["/talks"] = Route(body=article_page().encode())
    server.routes["/plain"] = Route(content_type="text/plain", body=OTHER_ARTICLE.encode())
    server.routes["/image"] = Route(content_type="image/png", body=b"\x89PNG")
    urls = [server.url(p) for p in ("/talks", "/plain", "/image", "/missing")]
    items = list(read_inputs(urls, Settings(allow_private=True)))
    assert [type(i.error).__name__ for i in items] == [
        "NoneType",
        "NoneType",
        "UnsupportedInputError",
        "FetchError",
    ]
    talks = items[0].article
    assert talks is not None
    assert (talks.url, talks.source, talks.published) == (urls[0], urls[0], date(2025, 1, 24))
    refused = list(read_inputs(urls[:1], Settings(allow_private=False)))
    assert type(refused[0].error).__name__ == "ForbiddenAddressError"


def test_ingest_item_holds_one_outcome() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        IngestItem("x")


def test_importing_ingest_loads_no_heavy_library() -> None:
    code = (
        "import sys, sitrep.ingest\n"
        "heavy = {'httpx', 'trafilatura', 'feedparser', 'datasketch', 'numpy', 'lxml'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
