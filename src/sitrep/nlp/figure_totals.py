"""The per-document totals convention of the figure layer (`Settings.figure_totals`): people
mentioned one at a time count 1, and the counts of one category, actor and claimant are
summed across the distinct events of a document, as casualty databases that code one
minimum total per report do (min_killed, min_captured).

A report restates what it counts: a lead sentence sums up, the body tells the same events in
detail. A count is added to the total only when it reads as new people: the first count, a
count marked additive ('also detained two', 'another', 'additional', 'other'), or an exact
count that neither repeats an earlier one nor refines a vague one ('several' then 'three')
nor is smaller than the total so far (the lead's 'four', then 'three' of them in detail).
A definite phrase ('the leader', 'the two suspects') refers back and adds nothing by itself;
with new people in its clause ('the leader and two of his associates') the clause is the
whole the total is at least. A vague lead ('killed several') is settled by the body's own
total ('killing one'; 'several … several more').

A document may hold a release and its updates (`release_starts`): an update tells the same
event again and names the people counted before, so it settles a vague or lower-bound count
of the first release ('several', then 'the leader and two of his associates') but adds nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.figure_categories import HELD, INFLICTED, CategoryLexicon, is_person_name
from sitrep.nlp.numbers import NumberExpr, NumberLexicon
from sitrep.records import Figure, FigureCategory

_DEFINITE = frozenset({"the", "this", "that", "these", "those", "his", "her", "their", "its"})
_POSSESSIVE = frozenset({"his", "her", "their", "its"})
_ADDITIVE = frozenset({"also", "additional", "another", "other", "more", "further", "additionally"})
_ALSO = frozenset({"also", "additionally"})
_ROLE_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "conj", "appos", "attr"})
_NOT_NEW = _DEFINITE | {"all", "both", "some", "many", "no", "any", "such"}
_RELATIVE = frozenset({"other", "another"})
_PARTS = frozenset({"including", "among"})
_ONE_PERSON = frozenset({"he", "him"})
"""Pronouns of one person a release reports killed or held; 'she'/'her' would name a woman
among them just as well, but 'her' is also a determiner the parser tags alike."""
_ROUND_UP_PREPS = frozenset({"during", "in", "over", "throughout"})
_OPERATIONS = frozenset({"operation", "raid"})
_PERIODS = frozenset({"hour", "day", "week", "month", "year"})
_CAPTURE = frozenset({"capture"})
"""The lemma by which a report speaks of capture ('captured', 'the capture of')."""
_COLLECTIVE = frozenset({"force", "personnel", "staff", "police", "military", "team", "patrol"})


Key = tuple[str, tuple[str, ...], tuple[str, ...]]
"""Category, actor codes and claimant codes of a total (lower case, sorted)."""


@dataclass(frozen=True)
class Mention:
    """One count of people in the text, with what decides whether it adds to a total."""

    figure: Figure
    clause: int
    """The governing word (verb or event noun); counts coordinated under it are one event."""
    sentence: int
    """Index of the sentence's first token: counts under two verbs of one sentence ('arrested
    a leader and detained several suspects') are two events."""
    vague: bool
    reference: bool
    """Refers to people counted before (`is_reference`): adds nothing to a running total."""
    additive: bool
    named: bool = True
    """Whose people they are is said on the people themselves ('Taliban fighters'), not
    inferred from the context."""
    cumulative: bool = False
    """A tally over a period ('detained 30 since June'), not this report's event."""
    hedged: bool = False
    """Its sentence words a count vaguely (`is_hedged`)."""
    part: bool = False
    """A part of a count in its clause ('two were detained, including the commander'), so
    not beside it."""
    release: int = 0
    """Which release of the document tells it (`release_starts`): 0 the first, then updates."""


_RULE = re.compile(r"^[ \t]*(?:-{3,}|_{3,}|\*{3,})[ \t]*$", re.M)
"""A line of dashes between two releases."""
_DATED_DATELINE = re.compile(
    r"\b[A-Z]{3,}(?:[ -][A-Z]{2,})*,[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)*[ \t]*"
    r"\([A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?\)"
)
"""'KABUL, Afghanistan (Oct. 24, 2012)': the dateline that opens a press release."""


def release_starts(text: str) -> list[int]:
    """Where the second and later releases of a document begin: a line of dashes, or a dated
    dateline after the first ('KABUL, Afghanistan (Oct. 25)'), as in a release followed by
    its update. Empty for a single report."""
    datelines = [m.start() for m in _DATED_DATELINE.finditer(text)][1:]
    return sorted(datelines + [m.start() for m in _RULE.finditer(text)])


def release_of(start: int, starts: list[int]) -> int:
    """The release (0 the first) a character offset lies in."""
    return bisect_right(starts, start)


def unnumbered_people(
    doc: Doc, numbers: list[NumberExpr], lex: CategoryLexicon
) -> list[NumberExpr]:
    """Noun phrases of people with no number, each as a number expression over the phrase, its
    head the noun: one person ('a Taliban leader', 'the insurgent') counts 1; a plural ('other
    suspected insurgents') at least 2, the least a plural can mean."""
    counted = {i for expr in numbers for i in range(expr.start, expr.end)}
    found: list[NumberExpr] = []
    for token in doc:
        if _is_named_one(token, lex):
            found.append(NumberExpr(token.i, token.i + 1, 1.0, None, "exact", token.i))
            continue
        if token.tag_ not in {"NN", "NNS"} or token.dep_ not in _ROLE_DEPS or token.i in counted:
            continue
        if token.lemma_.lower() in _COLLECTIVE or not _is_person(token, lex):
            continue
        if token.dep_ == "pobj" and not _is_held_object(token):
            continue  # "supported by coalition troops", "met with a leader": not the ones held
        if any(c.ent_type_ == "ORDINAL" for c in token.children):
            continue  # "the seventh leader captured this year" ranks, it does not count
        # "a leader and several of his associates": the listed amount is not the leader's.
        if any(c.dep_ == "nummod" or (c.i in counted and c.dep_ != "conj") for c in token.children):
            continue
        if any(i in counted for i in range(_phrase_start(token), token.i)):
            continue  # "several more insurgents": the amount hangs on 'more'
        if token.dep_ == "pobj" and token.head.lower_ == "of":
            owner = token.head.head  # "a number of insurgents", "several Islamic Movement of
            # Uzbekistan insurgents" (split at 'of'): the amount counts them
            if any(i in counted for i in range(owner.left_edge.i, owner.i + 1)):
                continue
        start = _phrase_start(token)
        if token.tag_ == "NN":
            found.append(NumberExpr(start, token.i + 1, 1.0, None, "exact", token.i))
        elif not any(
            c.dep_ in {"det", "poss", "amod"} and c.lower_ in _NOT_NEW for c in token.children
        ):
            found.append(NumberExpr(start, token.i + 1, 2.0, None, "at_least", token.i))
    return found


def _is_held_object(noun: Token) -> bool:
    """An object of a preposition that can be the people killed or held: 'the arrest of a
    leader', 'along with his associates', 'including a facilitator'."""
    prep = noun.head
    if prep.lower_ == "with":
        return prep.i > 0 and noun.doc[prep.i - 1].lower_ in {"along", "together"}
    return prep.lower_ == "of" or prep.lower_ in _PARTS


def _phrase_start(noun: Token) -> int:
    """The first word of a noun's phrase ('a senior Taliban leader'), not of a release
    number or dateline on the lines before that the parser hangs on it."""
    start = min(noun.left_edge.i, noun.i)
    for i in range(noun.i - 1, start - 1, -1):
        if "\n" in noun.doc[i].text:
            return i + 1
    return start


def _is_named_one(token: Token, lex: CategoryLexicon) -> bool:
    """One person by name ('detained Mullah Omar') or by pronoun ('killing him'), held or
    killed: the last word of a name, not apposed to a noun that counts already ('a leader,
    Mullah Omar') nor the agent ('killed by Mullah Omar')."""
    if token.dep_ not in _ROLE_DEPS - {"appos", "attr"} or token.head.dep_ == "agent":
        return False
    if token.dep_ == "pobj" and token.head.lower_ != "of":  # "the arrest of Omar", not "near"
        return False
    if token.tag_ == "PRP":
        return token.lower_ in _ONE_PERSON
    if token.ent_type_ != "PERSON" or token.tag_ != "NNP":
        return is_person_name(token, lex)
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return following is None or following.ent_type_ != "PERSON" or following.ent_iob_ == "B"


def _is_person(token: Token, lex: CategoryLexicon) -> bool:
    if token.tag_ == "NNS":
        return token.lower_ in lex.people and token.lower_ not in lex.civilians
    return token.lower_ in lex.people or token.lower_ in lex.persons


def is_reference(noun: Token | None) -> bool:
    """People already counted: a definite phrase ('the leader', 'the two suspects'), a
    pronoun, or a part of a count ('including 20 children', 'among them')."""
    if noun is None:
        return False
    if noun.tag_ == "PRP":  # "killing him": someone the report has introduced
        return True
    if noun.dep_ in {"pobj", "dobj"} and noun.head.lower_ in _PARTS:
        return True
    # "three of his associates", "the leader and his deputy": the leader's people, not people
    # counted before.
    partitive = (noun.dep_ == "pobj" and noun.head.lower_ == "of") or noun.dep_ == "conj"
    definite = _DEFINITE - _POSSESSIVE if partitive else _DEFINITE
    return any(c.dep_ in {"det", "poss"} and c.lower_ in definite for c in noun.children)


def is_hedged(sentence: Span, numbers: NumberLexicon) -> bool:
    """Whether a sentence words its counts vaguely: a vague amount ('several', 'multiple',
    'a number of', 'hundreds') or 'additional' anywhere in it, as the ISAF press-release
    annotators read a count as a minimum (public/README.md: at_least when the sentence words
    the count vaguely)."""
    for t in sentence:
        word = numbers.words.get(t.lower_)
        if t.lower_ == "additional" or (word is not None and word[1] in {"vague", "amount"}):
            return True
    return False


def is_part(noun: Token | None) -> bool:
    """'two were detained, including the commander': people named within a count."""
    return noun is not None and noun.dep_ in {"pobj", "dobj"} and noun.head.lower_ in _PARTS


def is_additive(noun: Token | None, verb: Token | None, after: str | None = None) -> bool:
    """'also detained', 'another militant', 'two additional suspects', 'one other insurgent';
    not 'the leader and other suspects', where 'other' sets them apart from the leader.

    'Also' on the verb adds to what was just told: after a count of another category (`after`,
    the category of the count before) it sets this action beside that one ('killed two …
    The force also detained one'), not these people beside others of its own kind."""
    if noun is not None and _accompanying(noun):
        return True
    words = [c for t in (noun, verb) if t is not None for c in t.children]
    listed = noun is not None and noun.dep_ == "conj"
    found = {
        c.lower_
        for c in words
        if c.lower_ in _ADDITIVE
        and c.dep_ in {"advmod", "amod", "det"}
        and not (listed and c.lower_ in _RELATIVE)
    }
    return bool(found - _ALSO) or bool(found and after is None)


def is_cumulative(anchor: Token) -> bool:
    """'have detained more than 30 suspects since June': the clause of the count runs from a
    point in time ('since' with its object), so it tallies many earlier events; so does a
    count over several operations or a past period ('killed during separate operations over
    the past 24 hours', 'detained five in the last month'), a round-up whose operations the
    report tells one by one, if at all."""
    for t in anchor.subtree:
        if t.dep_ == "prep" and t.lower_ == "since" and any(c.dep_ == "pobj" for c in t.children):
            return True
    # "targeted a leader during security operations, detaining ten and killing two": the
    # parser hangs the operations anywhere in the sentence.
    return any(
        t.dep_ == "prep"
        and t.lower_ in _ROUND_UP_PREPS
        and any(c.dep_ == "pobj" and _is_round_up(c) for c in t.children)
        for t in anchor.sent
    )


def _is_round_up(noun: Token) -> bool:
    """'operations', 'the past 24 hours', 'the last month'."""
    lemma = noun.lemma_.lower()
    if lemma in _OPERATIONS:
        return noun.tag_ == "NNS"
    return lemma in _PERIODS and any(c.lower_ in {"past", "last"} for c in noun.children)


def _accompanying(noun: Token) -> bool:
    """'detained along with several of his associates', 'together with two others': people
    held beside the one the clause is about, so more people than that one."""
    token = noun
    for _ in range(3):
        if token.dep_ != "pobj":
            return False
        token = token.head
        if token.lower_ == "with" and token.head.lower_ in {"along", "together"}:
            return True
        token = token.head if token.lower_ == "of" else token
    return False


def is_intended(verb: Token | None) -> bool:
    """'an operation to arrest a leader': a purpose, not an arrest that happened."""
    return verb is not None and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def held_category(doc: Doc, lex: CategoryLexicon) -> FigureCategory | None:
    """What a report calls the people its forces hold: 'detained' when it says 'detained',
    'arrested' or 'detainees' anywhere, 'captured' when it only ever speaks of capture
    ('captured', 'the capture of'), so that people 'taken into custody' are the one or the
    other; None when it says neither."""
    captures = False
    for t in doc:
        lemma = t.lemma_.lower()
        if lex.events.get(lemma) == "detained" or lex.counts.get(t.lower_) == "detained":
            return "detained"
        captures = captures or lemma in _CAPTURE
    return "captured" if captures else None


def total_figures(mentions: list[Mention], held: FigureCategory | None = None) -> list[Figure]:
    """One figure per category, actor and claimant: the minimum total of the document.

    A report tells of one kind of people held, suspects after a raid, whether it says they
    were captured or detained: all of them take the report's own word (`held_category`),
    else 'detained' when a count says so."""
    if held is None and any(m.figure.category == "detained" for m in mentions):
        held = "detained"
    if any(not m.cumulative for m in mentions):
        mentions = [m for m in mentions if not m.cumulative]  # the report's own events first
    keyed: dict[Key, list[Mention]] = {}
    for m in mentions:
        f = m.figure
        if held is not None and f.category in HELD and f.category != held:
            f = f.model_copy(update={"category": held})
            m = replace(m, figure=f)
        key = (f.category, tuple(sorted(a.lower() for a in f.actor)), _claimants(f))
        keyed.setdefault(key, []).append(m)
    groups = list(_joined(keyed).values())
    told: dict[str, int] = {}  # the first release that tells of each category
    for group in groups:
        category = group[0].figure.category
        told[category] = min(told.get(category, group[0].release), group[0].release)
    # An update names again the people its release counted, under its own claimant or name.
    groups = [g for g in groups if g[0].release == told[g[0].figure.category]]
    totals = [_total(group) for group in groups]
    return sorted(totals, key=lambda f: f.number.start)


def _joined(keyed: dict[Key, list[Mention]]) -> dict[Key, list[Mention]]:
    """People whose side the report leaves unsaid join the one group it names for the same
    category and claimant ('a Taliban leader and two suspects were detained'); with two
    named groups, or none, they stay apart."""
    joined: dict[Key, list[Mention]] = {}
    for key, group in keyed.items():
        if any(m.named for m in group):
            joined[key] = list(group)
    for key, group in keyed.items():
        if key in joined:
            continue
        hosts = [k for k in joined if (k[0], k[2]) == (key[0], key[2])]
        if len(hosts) == 1:
            actor = joined[hosts[0]][0].figure.actor
            joined[hosts[0]].extend(
                replace(m, figure=m.figure.model_copy(update={"actor": actor}), named=False)
                for m in group
            )
        else:
            joined[key] = list(group)
    for group in joined.values():
        group.sort(key=lambda m: m.figure.number.start)
    return joined


def _claimants(figure: Figure) -> tuple[str, ...]:
    return tuple(sorted(c.lower() for c in figure.claimant or ()))


class Count(NamedTuple):
    """A running total: its value, whether a vague word stands in it ('several'), and
    whether it is a lower bound ('more than 10')."""

    value: float
    vague: bool
    bounded: bool


def _total(mentions: list[Mention]) -> Figure:
    """The total of the first release that tells of these people; an update's own total
    replaces it only where it settles a vague or lower-bound count with an exact one no
    smaller ('several detained', then 'detained the leader and two of his associates')."""
    releases = sorted({m.release for m in mentions})
    told = [m for m in mentions if m.release == releases[0]]
    count = _release_total(told)
    for release in releases[1:]:
        update = [m for m in mentions if m.release == release]
        later = _release_total(update)
        settles = (count.vague or count.bounded) and not (later.vague or later.bounded)
        if settles and later.value >= count.value:
            count, told = Count(later.value, False, True), told + update
    first = told[0].figure
    if len(told) == 1 and first.qualifier not in {"exact", "at_least"}:
        return first  # "about 40", "up to 40", "40 to 50" say more than a minimum
    # Losses and captures are a minimum where the report's first telling words them vaguely
    # ('killed one and detained several others') or bounds them ('more than 10').
    lead = [m for m in told if m.sentence == told[0].sentence]
    vague = any(m.hedged or m.vague for m in lead) if first.category in INFLICTED else count.vague
    qualifier = "at_least" if vague or count.bounded else "exact"
    return first.model_copy(
        update={"value": count.value, "value_max": None, "qualifier": qualifier}
    )


def _release_total(mentions: list[Mention]) -> Count:
    """A release's total. A lead sentence with a vague count ('killed several insurgents')
    sums up what the body tells in detail: the body's own total replaces it when exact
    ('killing one'), and the larger of the two stands when both are vague ('killing several
    … several more were killed'); a body that only refers back to the lead's people leaves
    it. Otherwise the counts are read in order (`_running_total`)."""
    lead_sentence = mentions[0].sentence
    lead = _running_total([m for m in mentions if m.sentence == lead_sentence])
    rest = [m for m in mentions if m.sentence != lead_sentence]
    if not lead.vague:
        return _running_total(mentions)
    if all(m.reference for m in rest):
        return lead
    body = _running_total(rest)
    if not body.vague:
        return body
    return body if body.value > lead.value else lead


def _running_total(mentions: list[Mention]) -> Count:
    """The total of counts told in order, clause by clause: a restatement adds nothing, an
    exact count settles a vague one, people set beside others add to them."""
    clauses: dict[int, list[Mention]] = {}
    for m in mentions:
        clauses.setdefault(m.clause, []).append(m)
    total, vague, seen, sentences = 0.0, False, set[float](), set[int]()
    bound = False  # the total is a lower bound ('more than 10') a later count may make exact
    retold: float | None = None  # people told again from a reference on ('the leader … an
    # additional suspect'): they add to the total only beyond it
    for parts in clauses.values():
        new: list[Mention] = []
        for m in parts:
            if not (m.reference and (total or new)):
                new.append(m)
        value = sum(m.figure.value for m in new)
        is_vague = any(m.vague for m in new)
        additive = any(m.additive for m in new)
        if total and len(new) < len(parts):
            # "detained the leader and two of his associates": the people referred back to
            # and the new ones are the clause's whole, which the total is at least.
            whole = sum(m.figure.value for m in parts if not m.part)
            if whole > total and not (is_vague and vague):
                total, vague = whole, vague or is_vague
            retold = whole
            seen.add(whole)
            sentences.add(parts[0].sentence)
            continue
        if total and retold is not None and additive and not is_vague:
            retold += value  # "The leader was detained. An additional suspect was detained."
            if retold > total:
                total = retold
            continue
        retold = None
        exact = not is_vague and all(m.figure.qualifier == "exact" for m in new)
        if not total:
            total, vague = value, is_vague
            bound = not is_vague and all(m.figure.qualifier == "at_least" for m in new)
        elif vague and is_vague and not additive and new[0].sentence not in sentences:
            pass  # "several were also detained" after "several": vague counts do not tell apart
        elif vague and not is_vague and new[0].sentence not in sentences:
            total, vague = value, False  # "several other suspects", then "two additional"
        elif additive or new[0].sentence in sentences:
            total, vague = total + value, vague or is_vague
        elif value == total or value in seen:
            vague = vague and is_vague  # "several", then "three": the exact count stands
        elif vague and not is_vague:
            total, vague = value, False
        elif is_vague and not vague and value > total:
            total, vague = total + value, True  # "a leader", then "multiple suspects"
        elif bound and exact and value >= total:
            total, bound = value, False  # "more than 10 killed", then "the strikes killed 15"
        elif not is_vague and value >= total:
            total += value
        seen.add(value)
        sentences.add(new[0].sentence)
    bounded = any(m.figure.qualifier == "at_least" and not m.vague for m in mentions)
    return Count(total, vague, bounded)
