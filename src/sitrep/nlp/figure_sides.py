"""The side a report's forces fight: the armed group a report names as their target, whose
members are the people its forces kill and detain when the report does not name them.

Casualty databases that code one total per report (the per-document totals convention,
`Settings.figure_totals`) give all the enemy losses of a report to one target group — the
group it names for the people it describes ('a Haqqani facilitator', 'Taliban fighters'),
else the unnamed insurgents. A group named only for a thing ('Taliban activity', 'Taliban
law') says where the forces were, not whom they fought.

Press releases name groups more loosely than the actor gazetteer spells them: a network by
its family name alone ('a Haqqani leader' for the Haqqani network), transliterations with
spaces for hyphens ('Hezb-e Islami'), a dropped 'of'. `GroupIndex` matches these variants of
the gazetteer's armed groups; the exact names stay the actor layer's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.figure_categories import CategoryLexicon, is_people_noun
from sitrep.nlp.gazetteer import Gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.records import Actor

_SHORT_FORMS = frozenset({"network", "group"})
"""'the Haqqani network' is also 'Haqqani' in 'a Haqqani leader'."""
_LINKS = frozenset({"of", "the"})
_SEPARATOR = r"[\s\-‐–'’]+"
"""What stands between the words of a loose group name: spaces, hyphens, apostrophes."""
_GROUP_NOUNS = frozenset(
    {"network", "group", "cell", "leadership", "member", "members", "movement", "ranks"}
)
"""Nouns a group name modifies that still mean its people ('the Taliban network')."""
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def loose_key(phrase: str) -> str:
    """A group name without case, hyphens or the linking 'of'/'the' ('Islamic Movement
    Uzbekistan' and 'Islamic Movement of Uzbekistan' are one key)."""
    words = re.split(_SEPARATOR, phrase.lower())
    return " ".join(w for w in words if w and w not in _LINKS)


@dataclass(frozen=True)
class GroupIndex:
    """Loose spellings of the gazetteer's armed groups, compiled once."""

    codes: dict[str, str]
    """Loose key → group code."""
    pattern: re.Pattern[str] | None


def load_group_index(gaz: Gazetteer) -> GroupIndex:
    """Loose keys of every named armed group of several words, and the short form of a
    'network'/'group'; one-word names are the actor layer's already."""
    codes: dict[str, str] = {}
    for key, entry in gaz.entries.items():
        actor = entry.actor
        if entry.kind != "named" or entry.category != "group" or actor.sector != "REB":
            continue
        loose = loose_key(key)
        words = loose.split()
        if len(words) > 1:
            codes.setdefault(loose, actor.code)
            if words[-1] in _SHORT_FORMS:
                codes.setdefault(" ".join(words[:-1]), actor.code)
    if not codes:
        return GroupIndex(codes, None)
    optional = "".join(f"(?:{link}{_SEPARATOR})?" for link in sorted(_LINKS))
    alternatives = [
        (_SEPARATOR + optional).join(re.escape(word) for word in key.split())
        for key in sorted(codes, key=len, reverse=True)
    ]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    return GroupIndex(codes, pattern)


def _names_people(token: Token, lex: CategoryLexicon, gaz: Gazetteer) -> bool:
    """Whether a group name ending at this token stands for the group's people: the name is
    a noun phrase of its own, or it modifies a noun for people ('a Taliban leader')."""
    if token.dep_ not in _MODIFIER_DEPS or token.head.i == token.i:
        return True
    head = token.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head  # "a Haqqani weapons facilitator"
    doc = head.doc
    while head.i + 2 < len(doc) and doc[head.i + 1].text == "-" and not head.whitespace_:
        head = doc[head.i + 2]  # "a Haqqani sub-commander", which the tokenizer splits
    return (
        head.ent_type_ == "PERSON"  # "Taliban leader Mullah Omar"
        or head.lower_ in _GROUP_NOUNS
        or is_people_noun(head, lex)
        or head.lower_ in lex.counts
        or gaz.role(head.lemma_.lower()) is not None
    )


def target_group(doc: Doc, index: GroupIndex, lex: CategoryLexicon, gaz: Gazetteer) -> str | None:
    """The armed group the report names most often for people (the first named on a tie)."""
    found: list[tuple[int, str]] = []
    for m in layer(doc, "actors"):
        actor = m.actor
        if not is_armed_group(actor):
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None and len(span) and _names_people(span[-1], lex, gaz):
            found.append((m.span.start, actor.code))
    if index.pattern is not None:
        taken = {start for start, _ in found}
        headings = doc_non_prose(doc)
        for match in index.pattern.finditer(text_of(doc)):
            if match.start() in taken or not match.group()[0].isupper():
                continue
            if in_ranges(match.start(), match.end(), headings):
                continue  # a headline names the groups of the whole release, not its people
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            code = index.codes.get(loose_key(match.group()))
            if code and span is not None and len(span) and _names_people(span[-1], lex, gaz):
                found.append((match.start(), code))
    if not found:
        return None
    counts = Counter(code for _, code in found)
    first = {code: start for start, code in sorted(found, reverse=True)}
    return max(counts, key=lambda code: (counts[code], -first[code]))


def is_armed_group(actor: Actor) -> bool:
    """A named armed group ('Taliban'), not a nationality read as rebels ('Afghan' in 'Afghan
    and coalition forces'), which carries its state's code."""
    return actor.sector == "REB" and actor.code != actor.country


def is_rebel_code(code: str, gaz: Gazetteer) -> bool:
    """An armed group's short name ('Taliban') or the noun for unnamed ones ('insurgents')."""
    entry = gaz.lookup(code)
    if entry is not None:
        return is_armed_group(entry.actor)
    return gaz.role(code) == "REB"
