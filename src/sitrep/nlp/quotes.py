"""Quotation spans in plain text: which stretches of a report are someone's own words.

Recognises the common styles of English-language news: curly double quotes (“…”), straight
double quotes ("…"), guillemets («…»), low-high German quotes („…“), curly single quotes used
as quotation marks (‘…’, told apart from apostrophes by the characters around them), the
PTB style (``…'') and the doubled apostrophes of some newspaper archives (''…'', the New York
Times' plain-text style). A quote that is not closed at the end of its paragraph continues when the
next paragraph opens with a quotation mark (the convention for quotes spanning paragraphs);
otherwise it ends with the paragraph, as in PolNeAR's conversion (quote state reset at line
breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.nlp.layout import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PAIRS: dict[str, str] = {"“": "”", "«": "»", "„": "“", "``": "''", "''": "''", "‘": "’"}
_OPENERS = frozenset(_PAIRS)
_MARK = re.compile(r"``|''|[“”«»„\"‘’]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_STRIP = " \t\n,;:.!?-–—\"'“”‘’«»()"


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` bound the quoted words, `outer_*` include the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int

    def contains(self, start: int, end: int) -> bool:
        return self.outer_start <= start and end <= self.outer_end


def _is_apostrophe(text: str, index: int) -> bool:
    """True for a ’ or ‘ that is an apostrophe or elision, not a quotation mark."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if text[index] == "’":
        return before.isalnum() and after.isalnum()
    return before.isalnum() or after.isdigit() or after == " "


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_with_quote(text: str, start: int, end: int) -> str | None:
    stripped = text[start:end].lstrip()
    for mark in ("``", "''", "“", "«", "„", '"', "‘"):
        if stripped.startswith(mark):
            return mark
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in `text`, in order, non-overlapping (nested quotes stay inside)."""
    quotes: list[Quote] = []
    open_mark: str | None = None
    open_at = 0
    paragraphs = _paragraphs(text)
    for number, (p_start, p_end) in enumerate(paragraphs):
        continued = open_mark is not None
        for match in _MARK.finditer(text, p_start, p_end):
            mark, at = match.group(), match.start()
            if continued:
                # The continuation mark that reopens a quote spanning paragraphs.
                continued = False
                if at == p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()):
                    continue
            if mark in "‘’" and _is_apostrophe(text, at):
                continue
            if open_mark is None:
                if mark == "''" and at > 0 and text[at - 1].isalnum():
                    # Doubled apostrophes after a word close nothing and open nothing.
                    continue
                if mark in _OPENERS or mark == '"':
                    open_mark, open_at = mark, at
                continue
            closer = '"' if open_mark == '"' else _PAIRS[open_mark]
            # Web copy mixes the styles: a straight mark closes a curly one and vice versa.
            if mark == closer or {open_mark, mark} in ({'"', "”"}, {"“", '"'}):
                start, end = _strip(text, open_at + len(open_mark), at)
                if end > start:
                    quotes.append(Quote(start, end, open_at, at + len(mark)))
                open_mark = None
        if open_mark is not None:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            if following and _opens_with_quote(text, *following):
                continue
            start, end = _strip(text, open_at + len(open_mark), p_end)
            if end > start:
                quotes.append(Quote(start, end, open_at, p_end))
            open_mark = None
    return quotes


def quoted_share(quotes: list[Quote], start: int, end: int, text: str) -> float:
    """Share of the letters and digits of text[start:end] that lie inside quotation marks."""
    total = sum(1 for ch in text[start:end] if ch.isalnum())
    if not total:
        return 0.0
    inside = 0
    for quote in quotes:
        lo, hi = max(start, quote.start), min(end, quote.end)
        if lo < hi:
            inside += sum(1 for ch in text[lo:hi] if ch.isalnum())
    return inside / total


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The quotation that contains the range [start, end), if any."""
    for quote in quotes:
        if quote.outer_start <= start and end <= quote.outer_end:
            return quote
    return None


def governing_verb(doc: Doc, quote: Quote, reporting: frozenset[str]) -> Token | None:
    """The reporting verb (lemma in `reporting`) a quotation depends on in the parse, if the
    first verb above the quotation is one; None for a title or scare quote ('signed a "Treaty"')."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token: Token = span.root
    for _ in range(4):
        if token.head.i == token.i:
            return None
        if token.dep_ == "relcl":
            # 'thanked the troops who "defeated the enemy"': a quote inside a relative clause
            # on the verb's object is a partial quote, not what the verb reports.
            return None
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in {"on", "in"}
            and not quote.contains(token.head.idx, token.head.idx + 1)
        ):
            # 'said on ABC's "This Week"': the object of a preposition names a medium or a
            # title, not the words said.
            return None
        token = token.head
        if quote.contains(token.idx, token.idx + len(token)):
            continue
        if token.pos_ in {"VERB", "AUX"}:
            return token if token.lemma_.lower() in reporting else None
    return None


def starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t")
    return not before or before[-1] in '.!?\n:”"'


def is_clause(doc: Doc, quote: Quote, min_words: int) -> bool:
    """True for a quotation that is a full clause: enough words and a finite verb."""
    words = sum(
        1 for w in text_of(doc)[quote.start : quote.end].split() if any(c.isalnum() for c in w)
    )
    if words < min_words:
        return False
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    return span is not None and any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in span)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and punctuation at its ends."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def clip(text: str, span: tuple[int, int], skip: list[tuple[int, int]]) -> tuple[int, int]:
    """The span without the headings and bylines it runs into (sentences swallow headings)."""
    start, end = span
    for r_start, r_end in skip:
        if r_start <= start < r_end:
            start = r_end
        elif start < r_start < end:
            end = r_start
    return trim_span(text, start, max(start, end))
