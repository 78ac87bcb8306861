"""Number expressions in a parsed text: '11,000', '2.7k', 'some 1,500', 'two', 'dozens', 'a dozen',
'tens of thousands', 'between 300 and 500' — with their value and qualifier.

Values of vague amounts follow the ACLED convention (FORMAT.md): "dozens" 12, "tens" 10,
"hundreds" 100, "thousands" 1000, each `at_least`; "several hundred" and "a few thousand"
likewise. "Several" alone is its lower bound, 3 `at_least` (the same conservative reading).
The word lists live in `data/number_words.tsv` and `data/qualifiers.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from spacy.tokens import Doc, Token

from sitrep.nlp.lexicon import read_table
from sitrep.records import Qualifier

WordKind = Literal["unit", "ten", "scale", "vague", "dozen", "amount"]
_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([kKmM])?$")
_RANGE_WORDS = frozenset({"to", "-", "–", "—", "and", "or"})
_FEW = frozenset({"several", "few", "many", "some"})
_MAX_QUALIFIER_WORDS = 3


@dataclass(frozen=True)
class NumberLexicon:
    words: dict[str, tuple[float, WordKind]]
    qualifiers: dict[str, Qualifier]
    strict: frozenset[str] = frozenset()
    """Qualifier phrases whose bound excludes the number itself ('more than', 'fewer than')."""


@dataclass(frozen=True)
class NumberExpr:
    """A number expression: tokens [start, end) of the number, qualifier words included."""

    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: Qualifier
    head: int
    """Index of the token that carries the number in the parse (the last number word)."""
    strict: bool = False
    """The qualifier excludes the number: 'more than 30' is at least 31."""


def load_number_lexicon(totals: bool = False) -> NumberLexicon:
    """The number words and qualifiers; with `totals`, the words that only the per-document
    totals convention reads as counts ('multiple', 'numerous') are vague amounts too."""
    words: dict[str, tuple[float, WordKind]] = {}
    for row in read_table("number_words.tsv"):
        if len(row) >= 3 and row[2] in {"totals", "amount"}:
            if totals:
                words[row[0].lower()] = (float(row[1]), "vague" if row[2] == "totals" else "amount")
        elif len(row) >= 3:
            words[row[0].lower()] = (float(row[1]), cast(WordKind, row[2]))
    qualifiers: dict[str, Qualifier] = {}
    strict: set[str] = set()
    for row in read_table("qualifiers.tsv"):
        if len(row) >= 2:
            qualifiers[row[0].lower()] = cast(Qualifier, row[1])
        if len(row) >= 3 and row[2] == "strict":
            strict.add(row[0].lower())
    return NumberLexicon(words, qualifiers, frozenset(strict))


def digit_value(text: str) -> float | None:
    """'11,000' → 11000, '2.7k' → 2700, '300' → 300; None for anything else."""
    match = _DIGITS.match(text)
    if not match:
        return None
    whole, fraction, suffix = match.groups()
    value = float(whole.replace(",", "") + ("." + fraction if fraction else ""))
    if suffix:
        value *= 1000 if suffix.lower() == "k" else 1_000_000
    return value


def _word(lex: NumberLexicon, token: Token) -> tuple[float, WordKind] | None:
    if token.lower_ in {"k", "m"}:  # a suffix only right after digits ("2.7 k" is rare)
        return None
    return lex.words.get(token.lower_)


def _read_value(doc: Doc, i: int, lex: NumberLexicon) -> tuple[float, bool, int] | None:
    """The value at token i: (value, vague, index after the last token used)."""
    token = doc[i]
    value = digit_value(token.text)
    vague = False
    j = i + 1
    if value is None:
        entry = _word(lex, token)
        if entry is None:
            return None
        value, kind = entry
        if kind in {"scale", "amount"}:
            return None
        vague = kind == "vague"
        if kind == "ten" and j + 1 < len(doc) and doc[j].text == "-":
            unit = _word(lex, doc[j + 1])
            if unit and unit[1] == "unit" and unit[0] < 10:
                value += unit[0]
                j += 2
    # Scales: "1.5 million", "three hundred", "tens of thousands", "hundreds of thousands".
    while j < len(doc):
        nxt = _word(lex, doc[j])
        if nxt and nxt[1] == "scale" and not vague:
            value *= nxt[0]
            j += 1
            continue
        if (
            vague
            and doc[j].lower_ == "of"
            and j + 1 < len(doc)
            and (entry2 := _word(lex, doc[j + 1]))
            and entry2[1] == "vague"
            and entry2[0] > value
        ):
            value *= entry2[0]
            j += 2
            continue
        break
    return value, vague, j


def _qualifier_before(doc: Doc, i: int, lex: NumberLexicon) -> tuple[Qualifier, int, bool] | None:
    """A qualifier phrase ending right before token i, longest first: (qualifier, its start,
    whether its bound is strict)."""
    for size in range(_MAX_QUALIFIER_WORDS, 0, -1):
        start = i - size
        if start < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[start:i])
        if phrase in lex.qualifiers:
            return lex.qualifiers[phrase], start, phrase in lex.strict
    return None


def find_numbers(doc: Doc, lex: NumberLexicon) -> list[NumberExpr]:
    """Every number expression in `doc`, left to right, non-overlapping."""
    found: list[NumberExpr] = []
    i = 0
    while i < len(doc):
        expr = _number_at(doc, i, lex)
        if expr is None:
            i += 1
            continue
        found.append(expr)
        i = max(expr.end, i + 1)
    return found


def _number_at(doc: Doc, i: int, lex: NumberLexicon) -> NumberExpr | None:
    token = doc[i]
    start = i
    qualifier: Qualifier = "exact"
    # "a dozen", "a hundred", "several hundred", "a few thousand".
    if token.lower_ in {"a", "an"} and i + 1 < len(doc):
        entry = _word(lex, doc[i + 1])
        if entry and entry[1] in {"dozen", "scale"}:
            value = entry[0]
            head = i + 1
            j = i + 2
            while j < len(doc) and (nxt := _word(lex, doc[j])) and nxt[1] == "scale":
                value *= nxt[0]
                head, j = j, j + 1
            return _finish(doc, lex, start, j, value, None, "exact", head)
        if entry and entry[1] == "amount" and i + 2 < len(doc) and doc[i + 2].lower_ == "of":
            return _finish(doc, lex, start, i + 2, entry[0], None, "at_least", i + 1)
        return None
    if token.lower_ in _FEW:
        k = i + 1
        if k < len(doc) and doc[k].lower_ == "few":
            k += 1
        entry = _word(lex, doc[k]) if k < len(doc) else None
        if entry and entry[1] in {"scale", "dozen"}:
            return _finish(doc, lex, start, k + 1, entry[0], None, "at_least", k)
        if token.lower_ not in lex.words:
            return None
    read = _read_value(doc, i, lex)
    if read is None:
        return None
    value, vague, j = read
    head = j - 1
    value_max: float | None = None
    if vague:
        qualifier = "at_least"
    # Ranges: "300 to 500", "300-500", "between 300 and 500", "two or three".
    if j + 1 < len(doc) and doc[j].lower_ in _RANGE_WORDS and not vague:
        upper = _read_value(doc, j + 1, lex)
        joiner = doc[j].lower_
        between = i > 0 and doc[i - 1].lower_ == "between"
        bounded = upper is not None and not upper[1] and upper[0] > value
        if (
            upper
            and bounded
            and (joiner != "and" or between)
            and (joiner != "or" or upper[0] - value < 10)
        ):
            value_max, qualifier = upper[0], "range"
            j = upper[2]
            head = j - 1
            if between:
                start = i - 1
    return _finish(doc, lex, start, j, value, value_max, qualifier, head)


def _finish(
    doc: Doc,
    lex: NumberLexicon,
    start: int,
    end: int,
    value: float,
    value_max: float | None,
    qualifier: Qualifier,
    head: int,
) -> NumberExpr:
    strict = False
    if qualifier != "range":
        before = _qualifier_before(doc, start, lex)
        if before is not None:
            # "more than a dozen", "nearly two": an explicit word beats the vague default.
            qualifier, start, strict = before
    return NumberExpr(start, end, value, value_max, qualifier, head, strict)
