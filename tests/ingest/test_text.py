"""Tests of `sitrep.ingest.text`: normalisation, ids, decoding and the checks on every text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    NotEnglishError,
    TooLargeError,
)
from sitrep.ingest.text import article_id, check_text, decode_bytes, normalise_text

from .texts import ARTICLE, FRENCH, GERMAN, HEADLINE, NAMES_HEAVY, RUSSIAN, SHORT_ENGLISH

LIMIT = 5_000_000


def test_normalise_text_unifies_whitespace_and_keeps_quotes() -> None:
    raw = "  “Hold the line,” he said.  \r\nSecond line\t \r\r\n\n\n\nThird\u2028line  \n"
    assert normalise_text(raw) == "“Hold the line,” he said.\nSecond line\n\nThird\nline"


def test_normalise_text_composes_to_nfc() -> None:
    assert normalise_text("Zelenskyy visited Ode\u0301sa") == "Zelenskyy visited Odésa"


def test_normalise_text_keeps_one_blank_line_between_paragraphs() -> None:
    assert normalise_text("One.\n\nTwo.\n \n \nThree.") == "One.\n\nTwo.\n\nThree."


def test_article_id_is_16_hex_of_the_normalised_text() -> None:
    ident = article_id(ARTICLE)
    assert len(ident) == 16
    assert int(ident, 16) >= 0
    assert article_id(ARTICLE.replace("\n", "\r\n") + "   \n") == ident
    assert article_id(ARTICLE + " More.") != ident


def test_decode_bytes_reads_utf8_with_and_without_bom() -> None:
    assert decode_bytes("Kyiv – “quote”".encode()) == "Kyiv – “quote”"
    assert decode_bytes(b"\xef\xbb\xbfplain") == "plain"


def test_decode_bytes_reads_utf16_with_bom() -> None:
    assert decode_bytes("Hello, Kyiv".encode("utf-16")) == "Hello, Kyiv"


def test_decode_bytes_reads_declared_utf16_without_bom() -> None:
    assert decode_bytes("Hello, Kyiv".encode("utf-16-le"), "UTF-16LE") == "Hello, Kyiv"


def test_decode_bytes_falls_back_to_the_declared_charset() -> None:
    assert decode_bytes("Café in Zürich".encode("cp1252"), "windows-1252") == "Café in Zürich"


def test_decode_bytes_refuses_nul_bytes() -> None:
    with pytest.raises(BinaryInputError, match="NUL bytes"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_decode_bytes_refuses_control_characters() -> None:
    with pytest.raises(BinaryInputError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 10 + b"some text")


def test_decode_bytes_reports_the_offset_of_invalid_utf8() -> None:
    with pytest.raises(EncodingError, match=r"byte 0xe9 at byte offset 3\b.*no charset"):
        decode_bytes("Caf\xe9 culture".encode("latin-1"))


def test_decode_bytes_reports_a_declared_charset_that_does_not_decode() -> None:
    with pytest.raises(EncodingError, match="declared charset 'no-such-charset'"):
        decode_bytes(b"Caf\xe9", "no-such-charset")


def test_check_text_accepts_english() -> None:
    for text in (ARTICLE, SHORT_ENGLISH, HEADLINE, NAMES_HEAVY):
        check_text(text, max_bytes=LIMIT)


@pytest.mark.parametrize("text", ["", "   \n\n ", "Breaking news", "1 2 3 4 5 6 7"])
def test_check_text_refuses_empty_text(text: str) -> None:
    with pytest.raises(EmptyInputError, match="nothing to analyse"):
        check_text(text, max_bytes=LIMIT)


def test_check_text_refuses_too_large_text_naming_the_setting() -> None:
    with pytest.raises(TooLargeError, match=r"1,031 bytes.*limit of 1,000 bytes.*SITREP_MAX_BYTES"):
        check_text(ARTICLE[:1031], max_bytes=1000)


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
def test_check_text_refuses_french_and_german(text: str) -> None:
    with pytest.raises(NotEnglishError, match="function-word check"):
        check_text(text, max_bytes=LIMIT)


def test_check_text_refuses_other_scripts() -> None:
    with pytest.raises(NotEnglishError, match="script check"):
        check_text(RUSSIAN, max_bytes=LIMIT)


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=50, deadline=None)
@given(
    st.binary(max_size=2048),
    st.sampled_from([None, "utf-8", "latin-1", "utf-16", "cp1252", "rot13", "base64", "bogus"]),
)
def test_decode_bytes_raises_only_input_errors(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, declared)
    except InputError:
        return
    assert isinstance(text, str)
