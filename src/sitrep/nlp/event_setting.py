"""When and where an event happened, and the clause that is its evidence.

The date is the time expression that governs the trigger's clause (or, for an undated
complement, the lead verb's); the place is a toponym attached to the trigger by a locative
preposition. Used by `events`; split from `event_frames` to keep each module small.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.nlp.event_frames import (
    CLAUSE_DEPS,
    PLACE_PREPS,
    REPORTING,
    SUBJECTS,
    Layers,
    chain,
    prep_objects,
)
from sitrep.records import Place, Timex


def date_of(trigger: Token, layers: Layers) -> tuple[Span, Timex] | None:
    """The DATE timex of the trigger's sentence that modifies the trigger or a head above it."""
    sent = trigger.sent
    heads = {t.i for t in chain(trigger)}
    best: tuple[int, int, Span, Timex] | None = None
    for span, timex in layers.timexes:
        if span.start < sent.start or span.end > sent.end or timex.type not in {"DATE", "TIME"}:
            continue
        if not any(ch.isdigit() for ch in timex.value):
            continue
        root = span.root
        ancestors = {t.i for t in root.ancestors}
        if trigger.i in ancestors and not _crosses_clause(root, trigger):
            rank = 0
        elif root.head.i in heads and _report_dates(trigger, root.head):
            rank = 1
        elif _lead_dated(trigger, root) or _when_clause(trigger, span):
            rank = 2
        else:
            continue
        key = (rank, abs(span.start - trigger.i), span, timex)
        if best is None or key[:2] < best[:2]:
            best = key
    return (best[2], best[3]) if best else None


DONE_TAGS = frozenset({"VBD", "VBN"})


def _report_dates(trigger: Token, governor: Token) -> bool:
    """Whether a date on a head of the trigger dates the trigger too. Crossing into a clause
    of its own it does not, with one exception: a report's date ("said Friday that ...")
    dates what the report tells as done ("had captured", "was recaptured"), never an
    ongoing or expected situation ("are suffering", "is preparing to send"), which stays
    undated unless its own clause names a time."""
    token = trigger
    while token.i != governor.i and token.head.i != token.i:
        if token.dep_ in CLAUSE_DEPS and not _is_participle(token):
            reported = token.dep_ in {"ccomp", "parataxis"}
            return reported and token.head.lemma_.lower() in REPORTING and _is_done(token)
        token = token.head
    return True


def _is_participle(verb: Token) -> bool:
    """ "attacked on Friday, killing five": a participle clause shares its head's time."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and not any(c.dep_ in {"nsubj", "mark"} for c in verb.children)
    )


def _is_done(verb: Token) -> bool:
    """A verb told as accomplished: simple past or perfect, without a modal."""
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(c.tag_ == "MD" for c in aux) or verb.tag_ not in DONE_TAGS:
        return False
    return verb.tag_ == "VBD" or any(c.lemma_.lower() in {"have", "be"} for c in aux)


LEAD_PATH = frozenset({"xcomp", "dobj", "conj"})
"""Links from a trigger to the verb whose date it shares ("decided on Friday to send",
"held talks on Monday", "launched on Sept. 18 and tested")."""


def _lead_dated(trigger: Token, root: Token) -> bool:
    """A date on a prepositional phrase of the verb the trigger complements."""
    prep = root.head
    if prep.dep_ != "prep" or prep.i == root.i:
        return False
    token = trigger
    while token.dep_ in LEAD_PATH and token.head.i != token.i:
        token = token.head
        if token.i == prep.head.i:
            return token.lemma_.lower() not in REPORTING
    return False


def _when_clause(trigger: Token, span: Span) -> bool:
    """ "an ICBM on Dec. 18, when it tested ...": the date just before the `when` clause."""
    for token in [trigger, *chain(trigger)]:
        if token.dep_ in {"relcl", "advcl"}:
            when = [c for c in token.children if c.lower_ == "when"]
            if when:
                return 0 <= when[0].i - span.end <= 1
    return False


def _crosses_clause(token: Token, top: Token) -> bool:
    """Whether the path from token up to top passes through a clause of its own."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ in CLAUSE_DEPS:
            return True
        if token.dep_ == "conj" and any(c.dep_ in SUBJECTS for c in token.children):
            return True  # "retook the town, which Ukraine had held since August": its own clause
        token = token.head
    return False


def place_of(trigger: Token, layers: Layers) -> tuple[Token, Place] | None:
    """The most specific place named in a locative phrase of the trigger or of its heads."""
    candidates: list[tuple[int, Token, Place]] = []
    purposes = [c for c in trigger.children if c.dep_ in {"advcl", "xcomp", "dobj"}]
    for depth, token in enumerate([trigger, *purposes, *chain(trigger)][:5]):
        for t in prep_objects(token, PLACE_PREPS) + _where_antecedent(token):
            place = layers.places.get(t.i)
            if place is not None:
                specific = 0 if place.feature not in {"country", "continent", "water"} else 1
                candidates.append((specific * 10 + depth, t, place))
        if token.pos_ == "VERB" and token.i != trigger.i:
            break
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1].i))
    return candidates[0][1], candidates[0][2]


def _where_antecedent(clause: Token) -> list[Token]:
    """The place a "where" clause is about ("the Kursk region, where Ukrainian forces have
    held ground since an incursion"): the words of its antecedent up to the head noun."""
    if clause.dep_ != "relcl" or not any(c.lower_ == "where" for c in clause.children):
        return []
    noun = clause.head
    return list(noun.doc[noun.left_edge.i : noun.i + 1])


def clause_span(trigger: Token) -> Span:
    """The evidence: the trigger with its subject, objects and complements, not its clauses."""
    doc = trigger.doc
    tokens = [trigger]
    for child in trigger.children:
        if child.dep_ not in CLAUSE_DEPS | {"punct", "cc", "conj", "mark"}:
            tokens.extend(child.subtree)
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
        tokens.append(trigger.head)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    sent = trigger.sent
    start, end = max(start, sent.start), min(end, sent.end)
    while start < trigger.i and any("\n" in t.text for t in doc[start : trigger.i]):
        start += 1  # a heading glued to the sentence by the parser
    while end > trigger.i + 1 and any("\n" in t.text for t in doc[trigger.i + 1 : end]):
        end -= 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]
