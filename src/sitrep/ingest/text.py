"""Text hygiene for ingestion: decoding, normalisation, article ids and the checks on every text."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from functools import cache
from importlib import resources

from sitrep.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    NotEnglishError,
    TooLargeError,
)

ARTICLE_ID_LENGTH = 16
"""Hex characters of the SHA-256 digest kept as an article id (64 bits)."""

MIN_WORDS = 5
"""Fewer words than this is not a report: a stray heading, a cookie banner, an empty page."""

LANGUAGE_MIN_WORDS = 15
"""The function-word check judges only texts with at least this many lowercase words: a headline
(mostly capitalised) or a list of names is too short to tell."""

MIN_FUNCTION_WORD_SHARE = 0.12
"""Least share of English function words among the lowercase words of an English text. On the
English corpora in `shared/eval/public` the lowest documents score 0.15 (dense one-sentence
business news), except four sports-results tables (0.04-0.12); paragraphs in French, Spanish,
Italian, Portuguese, Dutch and German written for the tests score under 0.10."""

MAX_FOREIGN_SHARE = 0.5
"""Above this share of letters outside the Latin script, a text is taken as not English."""

MAX_CONTROL_SHARE = 0.05
"""Above this share of control characters, bytes are taken as binary, not text."""

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def normalise_text(s: str) -> str:
    """Return `s` in the canonical form that article ids are computed from.

    NFC; every newline convention becomes `\\n`; trailing whitespace is removed from each line;
    two or more blank lines in a row become one blank line; leading and trailing whitespace goes.
    Typographic quotes, dashes and inner spacing are kept: extractors match on them.
    The function is idempotent.
    """
    s = unicodedata.normalize("NFC", s)
    s = _NEWLINES.sub("\n", s)
    s = _TRAILING_SPACE.sub("", s)
    s = _BLANK_RUNS.sub("\n\n", s)
    return s.strip()


def article_id(text: str) -> str:
    """Return the article id of `text`: the first 16 hex characters of the SHA-256 of its
    normalised form, UTF-8 encoded. Texts that differ only in whitespace share an id."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return digest[:ARTICLE_ID_LENGTH]


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode the raw bytes of one input item to text.

    UTF-8 is tried first (a UTF-8 or UTF-16 byte-order mark wins), then the `declared` charset
    (from an HTTP header or an HTML `<meta>`), because servers often declare Latin-1 for what is
    really UTF-8. Raises `BinaryInputError` for bytes that are not text and `EncodingError` when
    no candidate decodes them; nothing else.
    """
    # UTF-16 and UTF-32 are full of NUL bytes, so they are tried before the binary check.
    wide = declared if declared and _is_wide(declared) else None
    if data.startswith(_UTF16_BOMS):
        wide = "utf-16"
    text = _decode_declared(data, wide) if wide else None
    if text is not None:
        _check_controls(text)
        return text
    if b"\x00" in data:
        raise BinaryInputError(
            "the input contains NUL bytes, so it is binary data (an image, a PDF, an archive), "
            "not text; give sitrep the article as .txt, .html or .json"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text_or_none = _decode_declared(data, declared) if declared else None
        if text_or_none is None:
            raise EncodingError(_encoding_message(exc, declared)) from None
        text = text_or_none
    _check_controls(text)
    return text


def _decode_declared(data: bytes, charset: str) -> str | None:
    try:
        info = codecs.lookup(charset.strip().strip("\"'"))
    except LookupError:
        return None
    try:
        return data.decode(info.name)
    except (UnicodeError, LookupError):
        # LookupError: a bytes-to-bytes codec such as base64, which is not a charset.
        return None


def _is_wide(charset: str) -> bool:
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _encoding_message(exc: UnicodeDecodeError, declared: str | None) -> str:
    bad = exc.object[exc.start : exc.start + 1].hex()
    charset = (
        f"nor as the declared charset {declared!r}" if declared else "and no charset is declared"
    )
    return (
        f"the input is not valid UTF-8 (byte 0x{bad} at byte offset {exc.start}) {charset}; "
        "convert it to UTF-8, e.g. `iconv -f windows-1252 -t utf-8 FILE`"
    )


def _check_controls(text: str) -> None:
    if not text:
        return
    sample = text[:65536]
    controls = sum(
        1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    share = controls / len(sample)
    if share > MAX_CONTROL_SHARE:
        raise BinaryInputError(
            f"{share:.0%} of the input's characters are control characters, so it is binary data, "
            "not text; give sitrep the article as .txt, .html or .json"
        )


@cache
def english_function_words() -> frozenset[str]:
    """The English function words of the language check, read once from the package data."""
    data = resources.files("sitrep").joinpath("data/english_function_words.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def check_text(text: str, *, max_bytes: int) -> None:
    """Raise an `InputError` when `text` cannot be analysed as one English report.

    `TooLargeError` above `max_bytes` (UTF-8), `EmptyInputError` under five words,
    `NotEnglishError` when the function-word check or the script check says it is not English.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise TooLargeError(
            f"the text is {size:,} bytes, over the limit of {max_bytes:,} bytes; split it or "
            "raise the limit with SITREP_MAX_BYTES"
        )
    # Numbers are not words: a column of figures is not a report.
    words = [w for w in _WORD.findall(text) if not w.isdigit()]
    letters = [ch for w in words for ch in w if ch.isalpha()]
    foreign = sum(1 for ch in letters if not _is_latin(ch)) / len(letters) if letters else 0.0
    # A few words of a script without spaces (Chinese, Japanese) are a text, not an empty one.
    if len(words) < MIN_WORDS and (len(letters) < 4 * MIN_WORDS or foreign <= MAX_FOREIGN_SHARE):
        found = f"{len(words)} word" + ("" if len(words) == 1 else "s")
        raise EmptyInputError(
            f"nothing to analyse: {found} of text (at least {MIN_WORDS} needed); "
            "the file or page may be empty, or its article body was not found"
        )
    if foreign > MAX_FOREIGN_SHARE:
        raise NotEnglishError(
            f"the text is not in English (script check: {foreign:.0%} of its letters are not "
            "Latin script); sitrep analyses English reports only, translate it first"
        )
    # Names are capitalised, so counting lowercase words only keeps a report full of foreign
    # names (places, people, units) from looking foreign.
    lowercase = [w for w in words if w[0].islower()]
    if len(lowercase) < LANGUAGE_MIN_WORDS:
        return
    vocabulary = english_function_words()
    share = sum(1 for w in lowercase if w in vocabulary) / len(lowercase)
    if share < MIN_FUNCTION_WORD_SHARE:
        raise NotEnglishError(
            f"the text is not in English (function-word check: {share:.0%} of its "
            f"{len(lowercase)} lowercase words are common English words, English text has at "
            f"least {MIN_FUNCTION_WORD_SHARE:.0%}); sitrep analyses English reports only, "
            "translate it first"
        )


@cache
def _is_latin(ch: str) -> bool:
    if ch.isascii():
        return True
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return False
