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
from sitrep.nlp.time.grammar import Grammar
from sitrep.nlp.time.mentions import Mention, load_lexicons
from sitrep.nlp.time.values import Direction, normalise
from sitrep.records import TextSpan, Timex

VERSION = "0.1"
EXTRACTOR = f"sitrep_timexes/{VERSION}"
FUTURE_CUES = frozenset({"effective", "payable", "due", "until", "till", "starting", "upcoming"})

FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "'ve", "had", "'s"})
FUTURE_HEADS = frozenset(
    {"plan", "expect", "intend", "aim", "hope", "prepare", "schedule", "due", "set", "want"}
)
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
    text: str = doc.text
    anchor = _as_date(doc._.published)
    starts = [token.idx for token in doc]
    timexes: list[Timex] = []
    sentences: list[int] = []
    quarters: list[str] = []  # values of the quarters named so far: what "the quarter" means
    for mention in grammar.find(text):
        token = doc[max(bisect_right(starts, mention.start) - 1, 0)] if len(doc) else None
        if token is not None and _is_not_time(mention, token):
            continue
        if mention.part == "anaphor":
            if not quarters:
                continue  # "the quarter" of a city, or a quarter never named
            mention.year, mention.amount = int(quarters[-1][:4]), int(quarters[-1][6])
        direction = _direction(token) if token is not None else "present"
        if token is not None and _has_future_cue(token):
            direction = "future"
        normalised = normalise(mention, anchor, direction)
        if normalised is None:
            continue
        kind, value = normalised
        sentences.append(token.sent.start if token is not None else 0)
        if mention.kind == "shift" and mention.unit == "year":
            value = _shift_period(mention, value, timexes, sentences)
            if quarters and re.search("quarter|period", _span_text(text, mention), re.I):
                value = f"{int(quarters[-1][:4]) - 1}{quarters[-1][4:]}"  # the year-ago quarter
        elif mention.kind == "quarter" and re.fullmatch(r"\d{4}-Q\d", value):
            quarters.append(value)
        span = TextSpan(
            start=mention.start, end=mention.end, text=text[mention.start : mention.end]
        )
        timexes.append(Timex(span=span, type=kind, value=value, extractor=EXTRACTOR))
    return timexes


def _span_text(text: str, mention: Mention) -> str:
    return text[mention.start : mention.end]


def _shift_period(mention: Mention, value: str, earlier: list[Timex], sentences: list[int]) -> str:
    """ "A year earlier" after "in the third quarter": the same quarter a year before.

    A shift by whole years takes the granularity of the period the sentence is about, when an
    earlier expression of the sentence names a quarter, half or month (TimeML's reference time).
    """
    amount = mention.amount
    if amount is None or amount != int(amount) or not value[:4].isdigit():
        return value
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
            return True
    return False


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


def _has_future_cue(token: Any) -> bool:
    """A date introduced as a deadline or start: "effective Feb. 1", "until March"."""
    i = token.i - 1
    if i >= 0 and token.doc[i].lower_ in {"on", "in"}:
        i -= 1
    return i >= 0 and token.doc[i].lower_ in FUTURE_CUES


def _direction(token: Any) -> Direction:
    """The tense of the verb that governs `token`, as a direction in time."""
    verb = token
    for _ in range(8):
        if verb.pos_ in {"VERB", "AUX"} and verb.dep_ not in {"aux", "auxpass"}:
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        verb = verb.sent.root
    return _tense(verb)


def _tense(verb: Any, depth: int = 0) -> Direction:
    if depth > 6:
        return "present"
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxiliaries}
    tags = {a.tag_ for a in auxiliaries}
    has_head = verb.head.i != verb.i
    if words & FUTURE_AUXILIARIES:
        return "future"
    if "going" in words and verb.tag_ == "VB":
        return "future"
    if "to" in words and has_head and verb.head.lemma_ in FUTURE_HEADS | {"be"}:
        return "future"
    if "VBD" in tags or (words & PERFECT_AUXILIARIES and verb.tag_ == "VBN"):
        return "past"
    if verb.lemma_ in FUTURE_HEADS and verb.tag_ != "VBD":
        return "future"
    if tags & {"VBZ", "VBP"}:
        return "present"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in {"relcl", "acl"}:
        return "past"
    if verb.tag_ in {"VB", "VBG", "VBN"} and has_head and verb.head.pos_ in {"VERB", "AUX"}:
        return _tense(verb.head, depth + 1)
    return "present"
