"""Speakers of attributions: the claim under construction, its speaker's noun phrase, the
subject a reporting verb inherits, pronouns resolved to an earlier speaker, and the actor a
speaker stands for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer
from sitrep.nlp.layout import doc_datelines, in_ranges, text_of
from sitrep.nlp.quotes import trim_span
from sitrep.records import Actor, ActorMention, AttributionKind, Certainty

_CUT_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "ccomp", "punct", "cc"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
_PERSONAL = frozenset({"he", "she"})
_GROUP = frozenset({"they", "it", "we"})
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we"}
_PRONOUNS = _PERSONAL | _GROUP | {"i", "you", "(they)"}
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
    description: tuple[int, int] | None = None  # 'the UN coordinator' before an apposed name
    description_head: int | None = None


def chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Trimmed character span of tokens first..last (inclusive)."""
    if last < first:
        return (0, 0)
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    if doc[first].lower_ == "that" and doc[first].dep_ in {"mark", "advmod"} and first < last:
        start = doc[first + 1].idx
    return trim_span(text_of(doc), start, end)


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def phrase_bounds(token: Token) -> tuple[int, int]:
    """Token range (inclusive) of a noun phrase without its clauses and appositions."""
    start, end = token.left_edge.i, token.right_edge.i
    for child in token.rights:
        if child.dep_ in _CUT_DEPS or child.is_punct or _is_time_modifier(child):
            end = min(end, child.left_edge.i - 1)
    for child in token.lefts:
        if child.dep_ in _CUT_DEPS or (child.is_punct and not _is_name_hyphen(child)):
            start = max(start, child.right_edge.i + 1)
    return start, max(start, end)


def _is_name_hyphen(token: Token) -> bool:
    """The hyphen inside a name ('Nkweta-Salami'), which the parser hangs on the last part."""
    return (
        token.text in {"-", "‐"}
        and not token.whitespace_
        and token.i > 0
        and (not token.doc[token.i - 1].whitespace_)
    )


def _is_time_modifier(token: Token) -> bool:
    """'on Saturday' after a subject ('the SBU on Saturday said') is no part of its name."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in token.children
    )


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker token of a reporting verb: its subject, agent, or the subject it inherits."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    # "GENEVA - The World Health Organization said": a dateline parsed as a subject says nothing
    datelines = doc_datelines(verb.doc)
    subjects = [c for c in subjects if not in_ranges(c.idx, c.idx + len(c), datelines)]
    # "…, said a Ukrainian official": with two subjects, the inverted one after the verb speaks.
    inverted = [c for c in subjects if c.left_edge.i == verb.i + 1]
    for child in inverted if len(subjects) > 1 and inverted else subjects:
        if child.lower_ in _RELATIVES and verb.dep_ == "relcl":
            return _described(verb.head)
        return child
    for child in verb.children:
        if child.dep_ == "agent" and depth == 0:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        if depth > 0:
            # "Ri was captured by Ukraine and claimed …": a conjunct inherits the patient.
            return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return None
    if depth > 1 or (
        verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl"} and not _misparsed_tag(verb)
    ):
        # "groups accused of …", "when asked whether …": a passive participle's noun is
        # the one addressed or accused, not a speaker.
        return None
    if verb.tag_ == "VBG" and verb.dep_ in {"acl", "advcl"}:
        source = _reduced_relative_source(verb)
        if source is not None:
            return source
        reported = verb.head
        while reported.dep_ == "conj" and reported.head.i < reported.i:
            reported = reported.head
        if verb.dep_ == "advcl" and reported.dep_ == "ccomp" and depth == 0:
            # "X said that Y sent troops, calling the move …": the participle the parser hangs
            # on the reported clause continues the reporting speaker.
            return subject_of(reported.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and depth == 0:
        # "said that the policy is lawful and urged restraint": the parser coordinates the
        # second reporting verb with the reported clause; it continues the reporter.
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ in {"advcl", "xcomp", "conj"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        # "responded by saying …": the subject of the verb the phrase modifies.
        return subject_of(verb.head.head, depth + 1)
    return None


def _described(noun: Token) -> Token:
    """'Lee is a lawyer who said …', 'X is a critic, writer and activist who argued …': the
    subject a predicate noun describes, which the relative clause on it speaks for."""
    head = noun
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ in {"PROPN", "NOUN"}:
            return subject
    return noun


def _misparsed_tag(verb: Token) -> bool:
    """'…, South Korea's Yonhap news agency reported on Sept. 2': a final speaker tag the parser
    read as a participle on the noun right before it."""
    head = verb.head
    edge = head.left_edge.i
    # A tag carries at most a time ('on Sept. 2'); '…, a coastal city known for its beaches'
    # is a participle with a complement of its own.
    complements = [c for c in verb.rights if c.dep_ in {"prep", "agent", "dobj", "attr", "oprd"}]
    return (
        verb.dep_ == "acl"
        and head.i == verb.i - 1
        and edge > 0
        and verb.doc[edge - 1].text in {",", "”", '"'}
        and all(_is_time_modifier(c) for c in complements)
    )


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


def named_speaker(speaker: Token) -> Token:
    """The proper name apposed to a descriptive speaker ('his deputy, JD Vance, said'; 'the
    group … (JNIM) claimed'), which names it; otherwise the speaker itself."""
    if speaker.pos_ not in {"NOUN", "PROPN"} or speaker.ent_type_ == "PERSON":
        return speaker
    for child in speaker.rights:
        if child.dep_ != "appos" or child.pos_ != "PROPN":
            continue
        # A named head ('UN Resident Coordinator, Jane Doe') yields only to a person's name.
        if speaker.pos_ == "NOUN" or child.ent_type_ == "PERSON":
            return child
    return speaker


def _antecedent(doc: Doc, claim: Claim, word: str, earlier: list[Claim]) -> Claim | Span | None:
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
    words = text_of(doc)[claim.speaker[0] : claim.speaker[1]].lower().split()
    if len(words) != 2 or words[0] != "the":
        return None
    for other in reversed(earlier):
        if other.speaker[1] > claim.speaker[0] or other.speaker_head is None:
            continue
        head = text_of(doc)[other.speaker_head :].split(maxsplit=1)[:1]
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
        # An apposed name is capitalised: the relative "who" that follows a speaker is no actor.
        if (
            not (claim.speaker[1] <= m.span.start and m.span.end <= gap_end)
            or m.span.text.islower()
        ):
            continue
        before = text_of(doc)[claim.speaker[1] : m.span.start]
        if all(not part.strip(" ,()–—") for part in before.split("the")) or found:
            found.append(m)
    known = [m.actor for m in found if m.actor.sector != "UNK"]
    return known[-1] if known else None


def _fits(token: Token, pronoun: str) -> bool:
    """Whether a subject can be what a pronoun speaker refers to: a named person for 'he'/'she',
    a named organisation or state for 'it'/'we', either kind of name for 'they'."""
    if token.ent_type_ == "PERSON":
        return pronoun in _PERSONAL or pronoun == "they"
    if pronoun in _PERSONAL:
        # The small model often tags a surname as an organisation ("Katz" ORG).
        return token.pos_ == "PROPN" and token.ent_type_ in {"ORG", ""}
    if pronoun == "they" and token.tag_ in {"NNS", "NNPS"}:
        return True
    return token.ent_type_ in _NOT_PERSON or token.pos_ == "PROPN"


def _salient_subject(doc: Doc, claim: Claim, pronoun: str, earlier: list[Claim]) -> Token | None:
    """The subject of the previous sentence's main verb, when it fits the pronoun: a speaker
    named there is the likeliest referent ('Katz warned … echoing Trump. "…," he said.')."""
    start = doc.char_span(
        min(claim.speaker[0], claim.content[0]), claim.speaker[1], alignment_mode="expand"
    )
    if start is None or start.start == 0:
        return None
    sent = start[0].sent
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    subjects = [c for c in previous.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or subjects[0].pos_ == "PRON" or subjects[0].lower_ in _PRONOUNS:
        return None
    if pronoun not in _PERSONAL and any(
        previous.start_char <= c.speaker[0] < claim.speaker[0] for c in earlier
    ):
        # 'it'/'they' after a claim in the previous sentence continue that claim's speaker.
        return None
    subject = subjects[0]
    while subject.dep_ == "compound" and subject.head.i != subject.i:
        subject = subject.head
    return subject if _fits(subject, pronoun) else None


def resolve_pronouns(doc: Doc, claims: list[Claim]) -> None:
    resolved: list[Claim] = []
    for claim in claims:
        word = text_of(doc)[claim.speaker[0] : claim.speaker[1]].lower()
        word = _POSSESSIVE_PRONOUNS.get(word, word)
        same = _same_head(doc, claim, resolved)
        salient = (
            _salient_subject(doc, claim, word, resolved) if word in _PERSONAL | _GROUP else None
        )
        if same is not None:
            claim.speaker_head = same.speaker_head
            claim.actor = claim.actor or same.actor
            claim.speaker = same.speaker
        elif salient is not None:
            claim.speaker = speaker_span(doc, named_speaker(salient))
            claim.speaker_head = salient.idx
        elif word in _PERSONAL or word in _GROUP:
            target = _antecedent(doc, claim, word, resolved)
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
    words = text_of(doc)[span[0] : span[1]].lower().split()
    if len(words) != 2 or words[0] != "the":
        return None
    sector = gaz.role(words[1])
    if sector is None:
        return None
    mentions: list[ActorMention] = layer(doc, "actors")
    before = [m.actor for m in mentions if m.span.end <= span[0] and m.actor.country]
    earlier = [a for a in before if a.sector == sector]
    if earlier:
        return earlier[-1]
    # "the army reported" where no army was named: the army of the state last named.
    states = [a for a in before if a.sector == "GOV" and a.code == a.country]
    if not states or states[-1].country is None:
        return None
    country = states[-1].country
    return Actor(code=country, sector=sector, name=f"{states[-1].name} {words[1]}", country=country)


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
    words = text_of(doc)[span[0] : span[1]].replace("’s", "").replace("'s", "").split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size]).strip(",")
            entry = gaz.lookup(phrase) or gaz.lookup(phrase.strip("."))
            if entry is not None and entry.actor.country:
                return entry.actor
    return None
