"""The time layer: the `sitrep_timexes` component, which finds time expressions and normalises them.

Mentions come from the regex grammar of `sitrep.nlp.time.grammar`; this module anchors each
one to the document date (`doc._.published`) and turns it into a `Timex` with a TIMEX3 value.
Where an expression leaves the direction open ("in October", "on Friday"), the tense of the
verb that governs it decides: past tense looks back from the document date, future tense
forward, present tense takes the nearest. Without a document date, values keep the unknown
parts as X (`XXXX-10`, `XXXX-WXX-5`); a year is never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from typing import Any

from spacy.language import Language

from sitrep.nlp.extensions import layer
from sitrep.nlp.layout import text_of
from sitrep.nlp.time.grammar import Grammar
from sitrep.nlp.time.mentions import Mention, load_lexicons
from sitrep.nlp.time.reference import ReferenceTime
from sitrep.nlp.time.tense import direction_of
from sitrep.nlp.time.values import Direction, normalise
from sitrep.records import TextSpan, Timex

VERSION = "0.1"
EXTRACTOR = f"sitrep_timexes/{VERSION}"
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW"})
AMOUNT_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT"})


@Language.factory("sitrep_timexes", requires=["doc._.published"], assigns=["doc._.timexes"])
def make_timexes(nlp: Language, name: str) -> TimexExtractor:
    """spaCy factory of the time layer; the grammar is built in `initialize`."""
    return TimexExtractor()


class TimexExtractor:
    """Appends a `Timex` for every time expression in the text to `doc._.timexes`."""

    def __init__(self) -> None:
        self.grammar: Grammar | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Any = None) -> None:
        if self.grammar is None:
            self.grammar = Grammar(load_lexicons())

    def __call__(self, doc: Any) -> Any:
        self.initialize()
        assert self.grammar is not None
        records = layer(doc, "timexes")
        records.extend(extract_timexes(doc, self.grammar))
        return doc


def extract_timexes(doc: Any, grammar: Grammar) -> list[Timex]:
    """The time expressions of a parsed `Doc`, normalised against `doc._.published`."""
    text = text_of(doc)
    anchor = _as_date(doc._.published)
    starts = [token.idx for token in doc]
    parsed = doc.has_annotation("DEP")
    sentence_starts = [sentence.start for sentence in doc.sents] if parsed else []
    timexes: list[Timex] = []
    sentences: list[int] = []
    quarters: list[str] = []  # values of the quarters named so far: what "the quarter" means
    reference = ReferenceTime()
    for found in grammar.find(text):
        token = doc[max(bisect_right(starts, found.start) - 1, 0)] if len(doc) else None
        if token is not None and _is_not_time(found, token):
            continue
        if token is not None and _is_title(text[found.start : found.end], found, token, grammar):
            continue
        mention = _resolve_period(found, quarters)
        if mention is None:
            continue
        direction = direction_of(token) if token is not None else "present"
        if mention.part == "FUTURE_REF" and _is_relative_soon(text, mention, direction):
            continue
        sentence = bisect_right(sentence_starts, token.i) if token is not None else 0
        story_value = reference.resolve(mention, sentence)
        if story_value is None and mention.anaphoric == "story" and mention.offset == 0:
            continue  # "that day" with no date before it to point at
        if story_value is None and mention.unresolved is not None:
            mention = mention.unresolved  # "later" never counts from the document date
        normalised = normalise(mention, anchor, direction)
        if normalised is None:
            continue
        kind, value = normalised
        sentences.append(token.sent.start if token is not None else 0)
        if mention.kind == "shift" and mention.unit == "year":
            period = _shift_period(mention, value, timexes, sentences)
            if period == value and quarters:
                # Outside the sentence, the reference period is the quarter the report is about
                # (TimeML's reference time): "up from $3 million a year ago" -> 1988-Q3.
                period = _shift_quarter(mention, quarters[-1]) or value
            story_value = None if period != value else story_value
            value = period
        elif _is_named_quarter(mention, value) and _is_later_report(value, quarters, anchor):
            quarters.append(value)
        if story_value is not None:
            kind, value = ("TIME" if "T" in story_value else "DATE"), story_value
        if kind in {"DATE", "TIME"}:
            reference.update(value, sentence)
        span = TextSpan(
            start=mention.start, end=mention.end, text=text[mention.start : mention.end]
        )
        timexes.append(Timex(span=span, type=kind, value=value, extractor=EXTRACTOR))
    return timexes


def _is_named_quarter(mention: Mention, value: str) -> bool:
    """A quarter named outright moves the report on; "the 1988 period" only compares."""
    is_quarter = bool(re.fullmatch(r"\d{4}-Q\d", value))
    return mention.kind == "quarter" and mention.part != "anaphor" and is_quarter


def _is_later_report(quarter: str, quarters: list[str], anchor: date | None) -> bool:
    """Whether a quarter named in the text becomes the period the report is about.

    An earnings report is about the latest quarter it names that has begun by the document
    date: "after a flat second quarter" looks back and a forecast for next year's third quarter
    looks ahead, and neither moves "the year-earlier period" off the quarter reported.
    """
    if quarters and quarter < quarters[-1]:
        return False
    if anchor is None:
        return True
    return quarter <= f"{anchor.year:04d}-Q{(anchor.month - 1) // 3 + 1}"


def _resolve_period(mention: Mention, quarters: list[str]) -> Mention | None:
    """ "the quarter", "the 1988 period": the quarter named last (in that year), else skipped."""
    if mention.part != "anaphor":
        return mention
    if quarters:
        mention.year = mention.year or int(quarters[-1][:4])
        mention.amount = int(quarters[-1][6])
        return mention
    if mention.year is not None:
        return Mention(mention.start, mention.end, "date", year=mention.year)
    return None  # "the quarter" of a city, or a quarter never named


def _span_text(text: str, mention: Mention) -> str:
    return text[mention.start : mention.end]


def _shift_period(mention: Mention, value: str, earlier: list[Timex], sentences: list[int]) -> str:
    """ "A year earlier" after "in the third quarter": the same quarter a year before.

    A shift by whole years takes the granularity of the period the sentence is about, when an
    earlier expression of the sentence names a quarter, half or month (TimeML's reference time).
    """
    amount = mention.amount
    if amount != 1 or not value[:4].isdigit():
        return value  # "41 years ago" dates an event of its own, not a reported period
    sentence = sentences[-1]
    for timex, start in zip(reversed(earlier), reversed(sentences[:-1]), strict=False):
        if start != sentence:
            break
        period = timex.value
        is_period = len(period) == 7 and period[:4].isdigit() and period[4] == "-"
        if is_period and timex.type == "DATE" and (period[5] in "QH" or period[5:].isdigit()):
            shifted = int(period[:4]) + int(amount) * (mention.offset or -1)
            return f"{shifted:04d}{period[4:]}"
    return value


def _shift_quarter(mention: Mention, quarter: str) -> str | None:
    """The quarter `quarter` (`1989-Q3`) a year away ("a year earlier", "a year from now")."""
    if mention.amount != 1:
        return None
    return f"{int(quarter[:4]) + (mention.offset or -1):04d}{quarter[4:]}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _is_not_time(mention: Mention, token: Any) -> bool:
    """Names and amounts that look like dates: "Theresa May", "2000 soldiers", "$1990"."""
    if mention.kind == "date" and mention.day is None and mention.year is None:
        return bool(token.ent_type_ in NAME_LABELS and token.ent_iob_ != "B")
    if mention.rule == "set_adverb" and _is_newspaper(token):
        return True  # "the South Korean daily Chosun Ilbo"
    if mention.kind == "date" and mention.month is None and mention.year is not None:
        if token.ent_type_ in AMOUNT_LABELS:
            return True
        if token.i > 0 and token.nbor(-1).text in {"$", "€", "£", "#", "No."}:
            return True
        if token.dep_ == "nummod" and token.head.tag_ in {"NNS", "NNPS"}:
            # "2000 soldiers" counts; "1989 operating results" has words between and dates.
            return bool(token.head.i == token.i + 1)
    return False


def _is_title(surface: str, mention: Mention, token: Any, grammar: Grammar) -> bool:
    """A capitalised time word inside a sentence belongs to a name: the programmes "This Week"
    and "60 Minutes", the film "High Noon", "VOA Today". Months, weekdays, holidays and
    abbreviations (EST) are capitalised anyway."""
    if mention.rule == "holiday":
        return False
    words = surface.split()
    if any(grammar.is_common_capitalised(word) for word in words[1:]):
        return True
    if not grammar.is_common_capitalised(words[0]) or token.is_sent_start or token.i == 0:
        return False
    before = token.nbor(-1)
    return before.pos_ == "PROPN" and before.text[:1].isupper() and not before.is_sent_start


def _is_relative_soon(text: str, mention: Mention, direction: Direction) -> bool:
    """ "soon" that is not a time of its own: "as soon as", "soon after the raid", "was soon freed".

    TimeML leaves the conjunction and the signal out; in a past-tense sentence "soon" is later
    than a past event, not in the document's future, so FUTURE_REF would be wrong.
    """
    if text[mention.start : mention.end].lower() != "soon":
        return False
    before = text[max(0, mention.start - 3) : mention.start].lower()
    after = text[mention.end : mention.end + 12].lower()
    if before.endswith("as ") and after.startswith(" as"):
        return True
    is_relational = re.match(r"\s+(after|afterwards|before|thereafter)\b", after)
    return bool(is_relational) or direction == "past"


def _is_newspaper(token: Any) -> bool:
    doc = token.doc
    if token.pos_ in {"NOUN", "PROPN"}:
        return True
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    return bool(
        (after is not None and after.pos_ == "PROPN")
        or (before is not None and before.ent_type_ == "NORP")
    )
