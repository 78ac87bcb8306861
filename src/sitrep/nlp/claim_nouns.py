"""Claims carried by a noun rather than a verb: "X's claim that …", "warnings from X that …",
"comments by X that …", "U.S. intelligence findings that …", "X voiced optimism that …",
"X's argument is that …".

The noun (`data/reporting_nouns.tsv`) must govern a that-clause whose "that" is a
complementiser (dependency `mark`), which tells "the claim that troops left" from the relative
"the claim that he made". The speaker is, in this order, the noun's possessor, a "by"/"from"
source, a name compounded with it, or the subject of the reporting verb it is the object of.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitrep.nlp.speakers import Claim, chars, named_speaker, speaker_span, subject_of
from sitrep.records import Certainty

_CLAUSE_DEPS = frozenset({"acl", "ccomp", "relcl", "appos", "advcl"})
_SOURCE_PREPS = frozenset({"by", "from", "of"})
# Verbs whose object a reporting noun is ("the statement that he issued"), for `_misread_relative`.
_PRODUCING = frozenset(
    {
        "make",
        "issue",
        "give",
        "release",
        "publish",
        "receive",
        "hear",
        "read",
        "deliver",
        "send",
        "post",
        "write",
        "repeat",
        "dismiss",
        "reject",
        "deny",
        "see",
        "cite",
        "express",
        "voice",
        "have",
        "hold",
        "share",
        "raise",
        "file",
        "submit",
        "sign",
        "leak",
        "obtain",
        "review",
    }
)
_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such"})


def _that_clause(noun: Token) -> Token | None:
    for child in noun.rights:
        if child.dep_ not in _CLAUSE_DEPS:
            continue
        if any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            return child
        if child.dep_ == "relcl" and _misread_relative(child):
            return child
    return None


def _predicated_clause(noun: Token) -> Token | None:
    """'Her argument is that the deal failed': the that-clause predicated of the noun."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    for child in head.rights:
        if child.dep_ in {"ccomp", "attr", "acomp"} and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return child
    return None


def _misread_relative(verb: Token) -> bool:
    """'findings that Russia interfered': the small parser reads such a complement clause as a
    relative clause with "that" as its object. It is one when the clause has a subject of its
    own and its verb is not one that takes the noun as object ('the statement that he issued')."""
    first = verb.doc[verb.left_edge.i]
    return (
        first.lower_ == "that"
        and first.dep_ in {"dobj", "obj"}
        and verb.lemma_.lower() not in _PRODUCING
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i != first.i for c in verb.children)
    )


def _source(noun: Token, verbs: frozenset[str]) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS and child.i < noun.i + 3:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            # "the claim of the army", not "the claim of responsibility".
            if objects and (child.lower_ != "of" or objects[0].ent_type_ in {"ORG", "PERSON"}):
                return objects[0]
    for child in noun.lefts:
        if child.dep_ == "compound" and (child.ent_type_ or child.pos_ == "PROPN"):
            return child
        if child.dep_ == "compound" and any(g.ent_type_ for g in child.lefts):
            return child
    head = noun.head
    if noun.dep_ in {"dobj", "obj"} and head.lemma_.lower() in verbs:
        return subject_of(head)
    return None


def find_noun_claims(
    doc: Doc,
    nouns: dict[str, Certainty],
    verbs: frozenset[str],
    claims: list[Claim],
    candidates: list[Token],
) -> list[Claim]:
    """Claims whose cue is a noun among the `candidates` tokens, leaving out those a verb claim
    already makes."""
    found = []
    for noun in candidates:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        clause = _that_clause(noun) or _predicated_clause(noun)
        if clause is None:
            continue
        source = _source(noun, verbs)
        if source is None:
            continue
        name = named_speaker(source)
        first, last = clause.left_edge.i, clause.right_edge.i
        content = chars(doc, first, last)
        if any(
            c.speaker_head == name.idx and c.content[0] <= content[0] < c.content[1] for c in claims
        ):
            continue
        found.append(
            Claim(
                speaker=speaker_span(doc, name),
                kind="indirect",
                content=content,
                cue=(noun.idx, noun.idx + len(noun)),
                certainty=nouns[noun.lemma_.lower()],
                speaker_head=name.idx,
            )
        )
    return found


def is_anaphoric(obj: Token, nouns: dict[str, Certainty]) -> bool:
    """'reported the information', 'confirmed the news': a bare definite reporting noun that
    points back to what the previous sentence said."""
    children = list(obj.children)
    return (
        obj.lemma_.lower() in nouns
        and len(children) == 1
        and children[0].dep_ == "det"
        and children[0].lower_ in _DETERMINERS
    )
