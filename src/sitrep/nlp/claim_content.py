"""What a reporting verb reports: the token range of its claim in the parse — a clause it
governs, an object, a prepositional object, the words after a colon, or the sentence around a
speaker tag (final, parenthetical, an as-clause, or a tag the parser split off after a quote).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.nlp.claim_nouns import is_anaphoric
from sitrep.records import Certainty

# "As she spoke, …": reporting verbs that, in an as-clause, tell a time rather than a source.
_TEMPORAL_AS = frozenset({"speak", "talk", "answer", "respond", "reply", "continue", "ask"})
_MEDIUM_PREPS = frozenset({"in", "on", "at", "during", "to"})
_AS_TAG_TOKENS = 14
# Verbs whose object is the person addressed, before what they are told to do.
_ADDRESSING = frozenset({"tell", "ask", "warn", "remind", "advise", "urge", "beg", "implore"})
_CLOSING_QUOTES = frozenset({"”", '"', "''", "’", "»"})
_COLON_WINDOW = 8
_DEMONSTRATIVES = frozenset({"this", "that", "it"})


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    certainty: Certainty
    takes_object: bool
    preps: frozenset[str] = frozenset()


def _subtree_bounds(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def content_of(
    doc: Doc, verb: Token, entry: ReportingVerb, speaker: Token, nouns: dict[str, Certainty]
) -> tuple[tuple[int, int], bool] | None:
    """Token range of what a reporting verb reports, and whether it precedes the verb."""
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and not any(
        c.dep_ in {"ccomp", "nsubjpass", "agent"} for c in verb.children
    ):
        # A tag has no clause of its own: 'came as Moscow claimed that …' is a time.
        return _as_clause_content(doc, verb)
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            return _subtree_bounds(child), False
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i < verb.i and speaker.i > child.right_edge.i:
            return _subtree_bounds(child), True
    stranded = _stranded_that_clause(verb)
    if stranded is not None:
        return _subtree_bounds(stranded), False
    named = _naming(verb)
    if named is not None:
        return named, False
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if not passive:
        # "told the governor to resign": past an addressee, the infinitive is the claim.
        addressed = verb.lemma_.lower() in _ADDRESSING and any(
            c.dep_ in {"dobj", "obj"} and c.i > verb.i for c in verb.children
        )
        for child in verb.children:
            if (
                child.dep_ == "xcomp"
                and (entry.takes_object or addressed)
                and child.i > verb.i
                and child.pos_ in {"VERB", "AUX"}
            ):
                return _subtree_bounds(child), False
    if entry.takes_object:
        for child in verb.children:
            if child.dep_ in {"dobj", "obj"} and child.i > verb.i and child.pos_ != "PRON":
                if is_anaphoric(child, nouns) and verb.sent.start > 0:
                    previous = doc[verb.sent.start - 1].sent
                    return (previous.start, previous.end - 1), True
                first, last = _subtree_bounds(child)
                if last > first:
                    return (first, last), False
    if entry.preps:
        found = _prep_object(verb, entry.preps)
        if found is not None:
            return found, False
    colon = _colon_after(doc, verb)
    if colon is not None:
        end = verb.sent.end if colon + 1 < verb.sent.end else doc[colon + 1].sent.end
        return (colon + 1, end - 1), False
    if passive and any(c.dep_ == "agent" for c in verb.children):
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subjects and subjects[0].lower_ in _DEMONSTRATIVES:
            start = verb.sent.start
            if start > 0:
                previous = doc[start - 1].sent
                return (previous.start, previous.end - 1), True
    # A final speaker tag: "<clause>, the JCS said" / "<clause>, said Zelenskyy".
    left = min(speaker.left_edge.i, verb.i)
    if left > verb.sent.start and doc[left - 1].text in {",", "”", '"', "’"}:
        first = verb.sent.start
        # The words before the tag must hold a verb: "During the interrogation, he asked …"
        # has none and reports nothing.
        if left - 1 - first >= 3 and any(t.pos_ in {"VERB", "AUX"} for t in doc[first : left - 1]):
            return (first, left - 2), True
    # '“Blink twice!” one reader tweeted.': the parser ends the sentence with the quote, and the
    # tag is a sentence of its own; it reports the quotation right before it.
    right = max(speaker.right_edge.i, verb.i)
    if (
        left == verb.sent.start
        and left > 0
        and doc[left - 1].text in _CLOSING_QUOTES
        and right + 2 >= verb.sent.end
    ):
        quoted = doc[left - 1].sent
        if left - 2 > quoted.start:
            return (quoted.start, left - 2), True
    return None


def _colon_after(doc: Doc, verb: Token) -> int | None:
    """The colon that opens what a verb reports: 'said:', 'told reporters on Monday:'. The
    words between must be the verb's own addressee, medium or time, not a clause."""
    sent_end = verb.sent.end
    for i in range(verb.i + 1, min(sent_end, verb.i + _COLON_WINDOW)):
        token = doc[i]
        if token.text == ":":
            return i if i + 1 < len(doc) else None
        if token.pos_ in {"VERB", "AUX"} or token.is_punct or not verb.i <= token.head.i < i + 4:
            return None
    return None


def _opens_with_that(clause: Token) -> bool:
    """A complement 'that' ('that the talks failed'; 'for the first time that troops are
    fighting', where the parser reads it as an adverb), not a relative pronoun argument."""
    first = clause.doc[clause.left_edge.i]
    return (
        first.lower_ == "that"
        and first.head.i == clause.i
        and first.dep_ in {"mark", "advmod"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
    )


def _naming(verb: Token) -> tuple[int, int] | None:
    """'called the charges false', 'called him a liar': an object and what it is called."""
    objects = [c for c in verb.rights if c.dep_ in {"dobj", "obj"}]
    predicates = [c for c in verb.rights if c.dep_ == "oprd"]
    if objects and predicates and objects[0].i < predicates[0].i:
        return objects[0].left_edge.i, predicates[0].right_edge.i
    return None


def _stranded_that_clause(verb: Token) -> Token | None:
    """'said in a statement that …': the parser hangs the that-clause on the noun of the
    phrase between the verb and the clause."""
    for child in verb.rights:
        if child.dep_ != "prep":
            continue
        for noun in child.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.rights:
                if clause.dep_ in {"acl", "relcl", "ccomp"} and _opens_with_that(clause):
                    return clause
    return None


def _as_clause_content(doc: Doc, verb: Token) -> tuple[tuple[int, int], bool] | None:
    """'As the minister told reporters, the border stays shut' / '…, as the minister noted':
    the clause the as-tag is attached to. 'As she spoke, …' is a time, not a tag."""
    if verb.lemma_.lower() in _TEMPORAL_AS or verb.dep_ != "advcl":
        return None
    sent = verb.sent
    first, last = verb.left_edge.i, verb.right_edge.i
    # A tag is short and names at most a medium or a time ('as Kim said on television');
    # 'as voters learned more about him' or 'as he joked with a friend' say when, not who.
    if doc[first].lower_ != "as" or last - first > _AS_TAG_TOKENS:
        return None
    for child in verb.rights:
        if child.dep_ in {"dobj", "obj", "dative"} and verb.lemma_.lower() != "tell":
            return None
        if child.dep_ == "prep" and child.lower_ not in _MEDIUM_PREPS:
            return None
    if verb.head.i > verb.i and last + 2 < sent.end and doc[last + 1].text == ",":
        return (last + 2, sent.end - 1), False
    if verb.head.i < verb.i and first - 2 > sent.start and doc[first - 1].text == ",":
        return (sent.start, first - 2), True
    return None


def parenthetical(doc: Doc, verb: Token, speaker: Token) -> tuple[int, int] | None:
    """'The delay, the minister said, was caused by the storm': a tag between commas inside
    the sentence it reports; the claim is the sentence around it (one span, as a quote
    interrupted by its tag is one)."""
    if verb.dep_ not in {"parataxis", "ccomp"} or verb.head.i == verb.i:
        return None
    ends = [speaker.left_edge.i, speaker.right_edge.i, verb.i]
    ends += [c.right_edge.i for c in verb.rights if not c.is_punct]
    first, last = min(ends), max(ends)
    sent = verb.sent
    if first - 1 <= sent.start or last + 2 >= sent.end:
        return None
    if doc[first - 1].text != "," or doc[last + 1].text != ",":
        return None
    return sent.start, sent.end - 1


def _prep_object(verb: Token, preps: frozenset[str]) -> tuple[int, int] | None:
    """'warned of an offensive', 'accused Kyiv of shelling': the object of a preposition the
    lexicon names for the verb, on the verb or on its direct object."""
    owners = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]
    for owner in owners:
        for child in owner.children:
            if child.dep_ != "prep" or child.lower_ not in preps or child.i < verb.i:
                continue
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objects:
                first, last = _subtree_bounds(objects[0])
                # "called on the president to resign": the object and what it is urged to do.
                for xcomp in owner.rights:
                    if xcomp.dep_ == "xcomp" and xcomp.i > last:
                        last = xcomp.right_edge.i
                return first, last
    return None
