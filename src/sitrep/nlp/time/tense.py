"""The direction in time of an expression, from the tense of the verb that governs it.

"in October" and "on Friday" leave open whether the month or day lies before or after the
document date; the verb decides: past tense looks back, future forward, present takes the
nearest. A plan or schedule reported in the past ("planned a rally on Saturday", "had been
due to expire Friday") is future-in-past: its day may lie on either side of the document date,
so it takes the nearest one unless the pluperfect puts it plainly in the past.
"""

from __future__ import annotations

from typing import Any

from sitrep.nlp.time.values import Direction

FUTURE_CUES = frozenset(
    {"effective", "payable", "due", "until", "till", "through", "starting", "upcoming", "ahead"}
)
"""Words before a date that make it a deadline or a start ("effective Feb. 1", "ahead of",
"loans through January")."""
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "'ve", "had", "'s"})
FUTURE_HEADS = frozenset(
    {"plan", "expect", "intend", "aim", "hope", "prepare", "schedule", "due", "set", "want"}
)
"""Verbs and adjectives whose complement lies ahead ("plans to", "due to", "scheduled for")."""
SCHEDULING_HEADS = frozenset({"plan", "schedule", "expect", "due"})
"""The heads among them that put their object ahead without an infinitive ("planned a rally")."""


def direction_of(token: Any) -> Direction:
    """The direction in time of the expression at `token`, from its governing verb and cues.

    Other layers may use it to date an event: a token of the event's clause gives the same
    direction as a time expression in that clause.
    """
    direction = _tense(_governing_verb(token))
    if _has_future_cue(token):
        # A past-tense deadline ("held until Thursday") may lie on either side of the date.
        return "present" if direction == "past" else "future"
    return direction


def _governing_verb(token: Any) -> Any:
    verb = token
    for _ in range(8):
        if verb.pos_ in {"VERB", "AUX"} and verb.dep_ not in {"aux", "auxpass"}:
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        verb = verb.sent.root
    return verb


def _has_future_cue(token: Any) -> bool:
    i = token.i - 1
    doc = token.doc
    if i >= 0 and doc[i].lower_ in {"on", "in", "of"}:
        i -= 1
    return i >= 0 and doc[i].lower_ in FUTURE_CUES


def _has_infinitive(verb: Any) -> bool:
    """ "On Friday, the government planned to pay": the day is when the plan was made."""
    return any(c.dep_ == "xcomp" for c in verb.children)


def _auxiliaries(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def _planned_from(head: Any) -> Direction:
    """The direction of what `head` (a plan, a schedule, "due") puts ahead."""
    clause = head
    if head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        clause = head.head  # "had been due to": the copula carries the tense
    auxiliaries = _auxiliaries(clause) + _auxiliaries(head)
    if not auxiliaries and head.tag_ == "VBN":
        return "present"  # "a rally planned for Saturday": as the main clause, either side
    words = {a.lower_ for a in auxiliaries}
    if "had" in words:
        return "past"
    if any(a.lower_ in FUTURE_AUXILIARIES for a in auxiliaries):
        return "future"
    past = {"VBD"} & ({a.tag_ for a in auxiliaries} | {clause.tag_, head.tag_})
    if past or words & PERFECT_AUXILIARIES:
        return "present"
    return "future"


def _tense(verb: Any, depth: int = 0) -> Direction:
    if depth > 6:
        return "present"
    auxiliaries = _auxiliaries(verb)
    words = {a.lower_ for a in auxiliaries}
    tags = {a.tag_ for a in auxiliaries}
    has_head = verb.head.i != verb.i
    if words & FUTURE_AUXILIARIES:
        return "future"
    if "going" in words and verb.tag_ == "VB":
        return "future"
    if "to" in words and has_head and verb.head.lemma_ in FUTURE_HEADS | {"be"}:
        return _planned_from(verb.head)
    if (
        verb.lemma_ in SCHEDULING_HEADS
        and verb.tag_ in {"VBD", "VBN"}
        and not _has_infinitive(verb)
    ):
        return _planned_from(verb)  # "planned a rally on Saturday", "has scheduled ... Thursday"
    if "VBD" in tags or (words & PERFECT_AUXILIARIES and verb.tag_ == "VBN"):
        return "past"
    if verb.lemma_ in FUTURE_HEADS and verb.tag_ not in {"VBD", "VBN"}:
        return "future"
    if tags & {"VBZ", "VBP"}:
        return "present"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in {"relcl", "acl", "advcl"}:
        return "past"  # a participle clause: "the accord, announced Friday, ..."
    if verb.tag_ in {"VB", "VBG", "VBN"} and has_head and verb.head.pos_ in {"VERB", "AUX"}:
        return _tense(verb.head, depth + 1)
    return "present"
