"""How certain the text is that an event happened, on the [-3, +3] scale of factuality corpora.

Rule-based over the dependency parse: negation and modal auxiliaries on the predicate,
conditional subordinators over its clause, and the verb that embeds it ("said" keeps it
likely, "wanted" leaves it open, "denied" makes it unlikely, "knew" keeps it true even under
negation). The cues are the data file `factuality_cues.tsv`; the event layer's status rules
and `sitrep eval` on the factuality corpora use this module.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from sitrep.nlp.lexicon import read_table

_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_NEG_RAISING = frozenset({"think", "believe", "expect", "suppose", "seem"})


@cache
def _cues() -> dict[str, tuple[str, float]]:
    return {row[0]: (row[1], float(row[2])) for row in read_table("factuality_cues.tsv")}


def _is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in token.children)


def _predicate_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def token_factuality(token: Token) -> float:
    """Factuality of the event that `token` denotes, from cues on it and above it."""
    cues = _cues()
    score = 3.0
    for child in token.children:
        cue = cues.get(child.lemma_.lower())
        if cue and cue[0] == "modal" and child.dep_ in {"aux", "auxpass"}:
            score = min(score, cue[1])
        if cue and cue[0] == "mark":
            score = min(score, cue[1])
    if token.sent.text.rstrip().endswith("?"):
        score = min(score, 0.0)
    negated = _is_negated(token)
    head = token.head
    if token.dep_ in {"ccomp", "xcomp", "advcl", "acl", "dobj", "pobj"} and head is not token:
        cue = cues.get(head.lemma_.lower())
        if cue and cue[0] in {"embed", "factive"}:
            if cue[0] == "factive":
                return -3.0 if negated else 3.0
            embedded = min(score, cue[1]) if cue[1] >= 0 else cue[1]
            if _is_negated(head):
                embedded = -1.5 if head.lemma_.lower() in _NEG_RAISING else min(embedded, 0.0)
            return -embedded if negated and embedded > 0 else embedded
        if token.dep_ == "advcl" and any(c.lower_ in {"if", "unless"} for c in token.children):
            return 0.0
    if negated:
        return -3.0 if score >= 2 else -score / 2
    return score


def predicate_factuality(doc: Doc, start: int, end: int) -> float:
    """Factuality of the predicate at characters [start, end) of `doc` (3.0 when unknown)."""
    token = _predicate_token(doc, start, end)
    return 3.0 if token is None else token_factuality(token)
