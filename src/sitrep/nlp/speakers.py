"""Speakers of attributions: the claim under construction, its speaker's noun phrase, the
subject a reporting verb inherits, pronouns resolved to an earlier speaker, and the actor a
speaker stands for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer
from sitrep.nlp.layout import in_ranges
from sitrep.nlp.quotes import trim_span
from sitrep.records import Actor, ActorMention, AttributionKind, Certainty

_CUT_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "ccomp", "punct", "cc"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
_PERSONAL = frozenset({"he", "she"})
_GROUP = frozenset({"they", "it", "we"})
_ANTECEDENT_WINDOW = 2000
_APPOSITION_CHARS = 80
_NOT_PERSON = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC"})


@dataclass
class Claim:
    """An attribution under construction: character spans into the text."""

    speaker: tuple[int, int]
    kind: AttributionKind
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    via: tuple[int, int] | None = None
    certainty: Certainty = "asserted"
    speaker_head: int | None = None  # offset of the head word, to pick its actor mention
    tag_final: bool = False
    actor: Actor | None = field(default=None, compare=False)


def chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Trimmed character span of tokens first..last (inclusive)."""
    if last < first:
        return (0, 0)
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    if doc[first].lower_ == "that" and doc[first].dep_ == "mark" and first < last:
        start = doc[first + 1].idx
    return trim_span(doc.text, start, end)


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def phrase_bounds(token: Token) -> tuple[int, int]:
    """Token range (inclusive) of a noun phrase without its clauses and appositions."""
    start, end = token.left_edge.i, token.right_edge.i
    for child in token.rights:
        if child.dep_ in _CUT_DEPS or child.is_punct:
            end = min(end, child.left_edge.i - 1)
    for child in token.lefts:
        if child.dep_ in _CUT_DEPS or child.is_punct:
            start = max(start, child.right_edge.i + 1)
    return start, max(start, end)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker token of a reporting verb: its subject, agent, or the subject it inherits."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            if child.lower_ in _RELATIVES and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or depth > 1:
        return None
    if verb.tag_ == "VBG" and verb.dep_ in {"acl", "advcl"}:
        source = _reduced_relative_source(verb)
        if source is not None:
            return source
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    if verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    return None


def _reduced_relative_source(verb: Token) -> Token | None:
    """'claims by the United States suggesting that …': the participle follows the noun it
    modifies (whatever the parser attached it to); a 'by'/'from' source of that noun speaks."""
    if verb.i == 0:
        return None
    token = verb.doc[verb.i - 1]
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    while token.dep_ in {"conj", "compound"} and token.head.i < token.i:
        token = token.head
    if (
        token.dep_ == "pobj"
        and token.head.lower_ in {"by", "from"}
        and token.head.head.pos_ == "NOUN"
    ):
        return token
    return None


def speaker_span(doc: Doc, speaker: Token) -> tuple[int, int]:
    first, last = phrase_bounds(speaker)
    return chars(doc, first, last)


def _antecedent(doc: Doc, claim: Claim, earlier: list[Claim]) -> Claim | Span | None:
    word = doc.text[claim.speaker[0] : claim.speaker[1]].lower()
    limit = claim.speaker[0] - _ANTECEDENT_WINDOW
    named = [c for c in earlier if c.speaker[1] <= claim.speaker[0] and c.speaker[0] > limit]
    if word in _PERSONAL:
        people = [
            e
            for e in doc.ents
            if e.label_ == "PERSON" and limit < e.start_char and e.end_char <= claim.speaker[0]
        ]
        places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NOT_PERSON]
        persons = [c for c in named if not in_ranges(c.speaker[0], c.speaker[1], places)]
        best_claim = persons[-1] if persons else None
        best_person = people[-1] if people else None
        if best_person is not None and (
            best_claim is None or best_person.end_char > best_claim.speaker[1]
        ):
            return best_person
        return best_claim
    return named[-1] if named else None


def _same_head(doc: Doc, claim: Claim, earlier: list[Claim]) -> Claim | None:
    """'the report said' after 'according to a BBC report': a definite noun repeating the head
    of an earlier, longer speaker refers to it."""
    words = doc.text[claim.speaker[0] : claim.speaker[1]].lower().split()
    if len(words) != 2 or words[0] != "the":
        return None
    for other in reversed(earlier):
        if other.speaker[1] > claim.speaker[0] or other.speaker_head is None:
            continue
        head = doc.text[other.speaker_head :].split(maxsplit=1)[:1]
        longer = other.speaker[1] - other.speaker[0] > claim.speaker[1] - claim.speaker[0]
        if longer and [w.lower().strip(",.") for w in head] == words[1:]:
            return other
    return None


def apposed_actor(doc: Doc, claim: Claim) -> Actor | None:
    """A named actor in apposition right after a descriptive speaker ('the group, JNIM, said';
    'the Al Qaeda-affiliated group Jama'at … (JNIM) has claimed'), which names the speaker."""
    if claim.cue is None or claim.cue[0] <= claim.speaker[1]:
        return None
    gap_end = min(claim.cue[0], claim.speaker[1] + _APPOSITION_CHARS)
    found: list[ActorMention] = []
    for m in layer(doc, "actors"):
        if not (claim.speaker[1] <= m.span.start and m.span.end <= gap_end):
            continue
        before = doc.text[claim.speaker[1] : m.span.start]
        if all(not part.strip(" ,()–—") for part in before.split("the")) or found:
            found.append(m)
    known = [m.actor for m in found if m.actor.sector != "UNK"]
    return known[-1] if known else None


def resolve_pronouns(doc: Doc, claims: list[Claim]) -> None:
    resolved: list[Claim] = []
    for claim in claims:
        word = doc.text[claim.speaker[0] : claim.speaker[1]].lower()
        same = _same_head(doc, claim, resolved)
        if same is not None:
            claim.speaker_head = same.speaker_head
            claim.actor = claim.actor or same.actor
            claim.speaker = same.speaker
        elif word in _PERSONAL or word in _GROUP:
            target = _antecedent(doc, claim, resolved)
            if isinstance(target, Claim):
                claim.speaker, claim.speaker_head = target.speaker, target.speaker_head
                claim.actor = claim.actor or target.actor
            elif target is not None:
                claim.speaker = (target.start_char, target.end_char)
                claim.speaker_head = target.root.idx
            else:
                continue
        resolved.append(claim)


def _in_complement(doc: Doc, mention: ActorMention, head: int | None) -> bool:
    """True when a mention hangs from a prepositional phrase below the speaker's head word."""
    if head is None:
        return False
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return False
    token: Token = span.root
    for _ in range(6):
        if token.idx == head or token.head.i == token.i:
            return False
        if token.dep_ == "prep":
            return True
        token = token.head
    return False


def _definite_organ(doc: Doc, span: tuple[int, int], gaz: Gazetteer) -> Actor | None:
    """'the army said' → the army of the state whose army the report named last."""
    words = doc.text[span[0] : span[1]].lower().split()
    if len(words) != 2 or words[0] != "the":
        return None
    sector = gaz.role(words[1])
    if sector is None:
        return None
    earlier = [
        m.actor
        for m in layer(doc, "actors")
        if m.span.end <= span[0] and m.actor.sector == sector and m.actor.country
    ]
    return earlier[-1] if earlier else None


def actor_of(doc: Doc, span: tuple[int, int], head: int | None, gaz: Gazetteer) -> Actor | None:
    """The actor a speaker (or relayed source) stands for: its mention, else a demonym in it."""
    mentions: list[ActorMention] = [
        m for m in layer(doc, "actors") if m.span.start < span[1] and span[0] < m.span.end
    ]
    if mentions:
        at_head = [m for m in mentions if head is not None and m.span.start <= head < m.span.end]
        # "the UN coordinator for Sudan": a name inside a complement is not the speaker.
        direct = [m for m in mentions if not _in_complement(doc, m, head)] or mentions
        chosen = at_head[0] if at_head else direct[-1]
        actor = chosen.actor
        if actor.country is None and actor.sector == "UNK":
            states = [m.actor for m in mentions if m.actor.country]
            if states:
                country = states[0].country
                return actor.model_copy(update={"code": country, "country": country})
        return actor
    organ = _definite_organ(doc, span, gaz)
    if organ is not None:
        return organ
    words = doc.text[span[0] : span[1]].replace("’s", "").replace("'s", "").split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size]).strip(",")
            entry = gaz.lookup(phrase) or gaz.lookup(phrase.strip("."))
            if entry is not None and entry.actor.country:
                return entry.actor
    return None
