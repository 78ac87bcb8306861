"""Layout of a plain-text report: which lines are headings, bylines or datelines, not prose."""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_BYLINE = re.compile(
    r"^\s*(by|with inputs from|\(with inputs from|reporting by|editing by)\b", re.I
)
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or the to up via vs with over after".split()  # noqa: SIM905
)


def is_heading(line: str) -> bool:
    """A short line without closing punctuation whose words are mostly capitalised."""
    words = line.split()
    if not words or len(words) > 12 or _SENTENCE_END.search(line):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capitalised / len(content) >= 0.75


def non_prose_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of headings and bylines, which carry no claims or events."""
    ranges = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and (is_heading(stripped) or (_BYLINE.match(stripped) and len(stripped) < 80)):
            start = offset + line.index(stripped[0])
            ranges.append((start, start + len(stripped)))
        offset += len(line)
    return ranges


_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'\- ]{1,40}(?:,[ \t]*[A-Z][A-Za-z.\- ]{1,40})?(?:[ \t]*\([^)\n]{1,40}\))?)"
    r"[ \t]+[-\u2013\u2014][ \t]+",
    re.M,
)


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of datelines opening a paragraph ("SEOUL —", "KABUL, Afghanistan (Oct.
    24, 2012) —"): where the report was filed, not whose people or acts the sentence tells."""
    return [match.span(1) for match in _DATELINE.finditer(text)]


def in_ranges(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `ranges`. Called for most tokens and names by
    several components, so a plain loop rather than `any()` over a generator."""
    for r_start, r_end in ranges:  # noqa: SIM110 (see the docstring)
        if start < r_end and r_start < end:
            return True
    return False


_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()
_NON_PROSE: weakref.WeakKeyDictionary[Doc, list[tuple[int, int]]] = weakref.WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """The text of a parsed document, joined once: spaCy's `doc.text` joins every token anew
    on each access, which made it the attribution layer's main cost (profiled on realnews)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def doc_non_prose(doc: Doc) -> list[tuple[int, int]]:
    """`non_prose_ranges` of a document, found once and shared by every component."""
    ranges = _NON_PROSE.get(doc)
    if ranges is None:
        ranges = _NON_PROSE[doc] = non_prose_ranges(text_of(doc))
    return ranges


_SENTENCES: weakref.WeakKeyDictionary[Doc, list[Span]] = weakref.WeakKeyDictionary()


def doc_sentences(doc: Doc) -> list[Span]:
    """The sentences of a document, listed once: spaCy builds `doc.sents` anew on each access,
    which made the figure layer's context lookup its main cost (profiled on the bench texts)."""
    found = _SENTENCES.get(doc)
    if found is None:
        found = _SENTENCES[doc] = list(doc.sents)
    return found


_DATELINES: weakref.WeakKeyDictionary[Doc, list[tuple[int, int]]] = weakref.WeakKeyDictionary()


def doc_datelines(doc: Doc) -> list[tuple[int, int]]:
    """`dateline_ranges` of a document, found once."""
    ranges = _DATELINES.get(doc)
    if ranges is None:
        ranges = _DATELINES[doc] = dateline_ranges(text_of(doc))
    return ranges
