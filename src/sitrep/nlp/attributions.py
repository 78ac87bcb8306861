"""The attribution layer: who said or claimed what, in which words, relayed by whom, how sure.

Rules, applied to the dependency parse in this order:
1. a reporting verb (`data/reporting_verbs.tsv`) with a subject and a clause it governs — its
   `ccomp`, `xcomp`, a direct object for verbs whose object is the claim ("denied the report"),
   the clause before a final speaker tag ("…, the JCS said"), the words after a colon, or the
   sentence before "This was stated by X"; quoted content makes the claim `direct`;
2. "according to X" (`according_to`), or a relay inside another claim ("Lee said that,
   according to intelligence, …" → via);
3. a sentence-final bare noun phrase relaying a source ("…, a lawmaker briefed by the spy
   agency") — `according_to`, as the seed's annotators coded it;
4. quotations no rule has covered: a quote governed by a reporting verb, the second half of a
   quote split by its speaker tag, or a quoted full clause, which continues the last speaker.
Quotation marks around names, titles and scare quotes yield nothing by themselves.
Speakers are resolved in `speakers.py` (pronouns, repeated heads, apposed names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from sitrep.nlp.claim_content import ReportingVerb, content_of, parenthetical
from sitrep.nlp.claim_nouns import find_noun_claims
from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Gazetteer, default_gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.nlp.lexicon import read_lines, read_table, string_ids
from sitrep.nlp.quotes import (
    Quote,
    clip,
    find_quotes,
    governing_verb,
    is_clause,
    quote_at,
    quoted_share,
    starts_sentence,
)
from sitrep.nlp.speakers import (
    Claim,
    actor_of,
    apposed_actor,
    chars,
    named_speaker,
    phrase_bounds,
    resolve_pronouns,
    speaker_span,
    subject_of,
    word_count,
)
from sitrep.records import Attribution, Certainty, TextSpan

NAME = "sitrep_attributions"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"

_RELAYS = frozenset({"brief", "cite", "quote"})
# Verbs whose subject issues the reporting noun they take as object ("released a statement").
_ISSUING = frozenset({"issue", "release", "send", "post", "publish", "put", "circulate", "air"})
# "in X's view": nouns of a judgement whose holder frames the rest of the sentence.
_VIEW_NOUNS = frozenset({"view", "opinion", "words", "estimation", "judgment", "judgement"})
_CUE_IDS = frozenset(get_string_id(w) for w in ("according", *_VIEW_NOUNS))
_OPEN_MARKS = frozenset({"if", "whether"})
_DIRECT_SHARE = 0.8
_MIN_CONTENT_WORDS = 2
_MIN_FREE_QUOTE_WORDS = 5
# A quotation no verb governs continues the last speaker only within about a paragraph of
# their claim; further on, reports often quote someone else (on PolNeAR, 600 → 300 characters
# lost 10 matches and 48 false claims).
_FREE_QUOTE_REACH = 300
# A quote split by its tag ('“…,” said X, a lawyer who … . “…”') is one claim, as PolNeAR
# annotates it; the tag with an apposition or relative clause runs to some 30 words.
_SPLIT_GAP_WORDS = 40


@dataclass(frozen=True)
class AttributionLexicon:
    verbs: dict[str, ReportingVerb]
    hedges: frozenset[str]
    nouns: dict[str, Certainty]
    verb_ids: frozenset[int] = field(init=False)
    """String ids of the verbs in any capitalisation, for matching lemmas in a token array."""
    noun_ids: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "verb_ids", string_ids(self.verbs))
        object.__setattr__(self, "noun_ids", string_ids(self.nouns))


def load_lexicon() -> AttributionLexicon:
    verbs = {}
    for row in read_table("reporting_verbs.tsv"):
        if len(row) >= 4:
            preps = frozenset(p for p in row[4].split(",") if p) if len(row) > 4 else frozenset()
            verbs[row[0]] = ReportingVerb(row[0], cast(Certainty, row[2]), row[3] == "yes", preps)
    nouns = {row[0]: cast(Certainty, row[1]) for row in read_table("reporting_nouns.tsv")}
    return AttributionLexicon(verbs, frozenset(read_lines("hedges.txt")), nouns)


@Language.factory(NAME, requires=["token.dep", "doc._.actors"], assigns=["doc._.attributions"])
def make_attribution_extractor(nlp: Language, name: str) -> AttributionExtractor:
    return AttributionExtractor()


class AttributionExtractor:
    """Finds attributions; the lexicons are loaded in `initialize`."""

    def __init__(self) -> None:
        self.lexicon: AttributionLexicon | None = None
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self.lexicon = load_lexicon()
        self.gazetteer = default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None or self.gazetteer is None:
            raise RuntimeError("sitrep_attributions was not initialised: call initialize()")
        layer(doc, "attributions").extend(extract_attributions(doc, self.lexicon, self.gazetteer))
        return doc


# --- claims from the parse --------------------------------------------------------------------


def _certainty(
    verb: Token, content: Token | None, entry: ReportingVerb, hedges: frozenset[str]
) -> Certainty:
    negated = any(c.dep_ == "neg" for c in verb.children)
    if entry.certainty == "denied":
        return "asserted" if negated else "denied"
    if entry.certainty == "hedged":
        return "hedged"
    words = {c.lower_ for c in verb.children}
    if content is not None:
        words |= {c.lower_ for c in content.children if c.dep_ in {"aux", "advmod"}}
    return "hedged" if words & hedges else "asserted"


def _via_of(doc: Doc, verb: Token, speaker: Token) -> tuple[int, int] | None:
    """A relayed source: 'citing X' on the verb, 'briefed by X' on the speaker."""
    for owner in (verb, speaker):
        for child in owner.children:
            if child.lemma_.lower() not in _RELAYS:
                continue
            # "Citing officials, the report said": a fronted participle on the verb counts too.
            if child.i < owner.i and (owner is speaker or child.tag_ != "VBG"):
                continue
            for grand in child.children:
                if grand.dep_ in {"dobj", "obj"}:
                    return speaker_span(doc, grand)
                if grand.dep_ == "agent":
                    for obj in grand.children:
                        if obj.dep_ == "pobj":
                            return speaker_span(doc, obj)
    return None


def _source_of_report(speaker: Token, nouns: dict[str, Certainty]) -> Token:
    """'Initial reports from a local committee indicated …', 'a statement by the ministry
    said …', 'an email sent by the campaign warned …', 'the ministry issued a statement
    saying …': a reporting noun speaks for the source it names or the one that issued it."""
    if speaker.lemma_.lower() not in nouns:
        return speaker
    for child in speaker.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [g for a in child.children if a.dep_ == "agent" for g in a.children]
            if agents and agents[0].dep_ == "pobj":
                return agents[0]
    head = speaker.head
    if speaker.dep_ in {"dobj", "obj"} and head.lemma_.lower() in _ISSUING:
        issuer = subject_of(head)
        if issuer is not None:
            return issuer
    return speaker


def _candidates(doc: Doc, lex: AttributionLexicon) -> tuple[list[Token], list[Token], list[Token]]:
    """The tokens each rule looks at — lexicon verbs, lexicon nouns, 'according' and view
    nouns — found in one pass over an array of lemma and lower-case ids: one `Token` per
    candidate instead of one per word and rule."""
    from spacy.attrs import LEMMA, LOWER

    verbs, nouns, cues = [], [], []
    for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
        if lemma in lex.verb_ids:
            verbs.append(doc[i])
        if lemma in lex.noun_ids:
            nouns.append(doc[i])
        if lower in _CUE_IDS:
            cues.append(doc[i])
    return verbs, nouns, cues


def _verb_claims(
    doc: Doc,
    lex: AttributionLexicon,
    quotes: list[Quote],
    skip: list[tuple[int, int]],
    candidates: list[Token],
) -> list[Claim]:
    claims = []
    for verb in candidates:
        entry = lex.verbs.get(verb.lemma_.lower())
        if entry is None or verb.pos_ not in {"VERB", "AUX"}:
            continue
        if in_ranges(verb.idx, verb.idx + len(verb), skip) or quote_at(
            quotes, verb.idx, verb.idx + len(verb)
        ):
            continue
        # "citing X" and "officials, cited by X, said": the relay is a via of another claim.
        if entry.lemma in _RELAYS and (
            verb.tag_ == "VBG" or (verb.tag_ == "VBN" and verb.dep_ == "acl")
        ):
            continue
        if any(c.dep_ == "mark" and c.lower_ in _OPEN_MARKS for c in verb.children):
            # "asked if he knew …", "whether she believes …": a question asserts nothing.
            continue
        speaker = subject_of(verb)
        tagged = _misparsed_final_tag(verb, speaker)
        if tagged is not None:
            # "CONTENT, South Korea's spy agency told lawmakers": the tag after the comma.
            speaker, comma = tagged
            found: tuple[tuple[int, int], bool] | None = ((verb.sent.start, comma - 1), True)
        elif speaker is None or quote_at(quotes, speaker.idx, speaker.idx + len(speaker)):
            continue
        else:
            found = content_of(doc, verb, entry, speaker, lex.nouns)
        s_first, s_last = phrase_bounds(speaker)
        if found is not None:
            (first, last), before = found
            if before:
                last = min(last, s_first - 1) if s_first > first else last
            elif first <= s_last and s_first <= last:
                continue
        else:
            around = parenthetical(doc, verb, speaker)
            if around is None:
                continue
            (first, last), before = around, True
        content = chars(doc, first, last)
        if word_count(text_of(doc)[content[0] : content[1]]) < _MIN_CONTENT_WORDS:
            continue
        root = doc[first : last + 1].root if last >= first else None
        name = named_speaker(_source_of_report(speaker, lex.nouns))
        claims.append(
            Claim(
                speaker=speaker_span(doc, name),
                kind="indirect",
                content=content,
                cue=(verb.idx, verb.idx + len(verb)),
                via=_via_of(doc, verb, speaker),
                certainty=_certainty(verb, root, entry, lex.hedges),
                speaker_head=name.idx,
                tag_final=before,
                description=speaker_span(doc, speaker) if name is not speaker else None,
                description_head=speaker.idx,
            )
        )
    return claims


TAG_ENTITIES = frozenset({"ORG", "PERSON", "NORP"})


def _misparsed_final_tag(verb: Token, subject: Token | None) -> tuple[Token, int] | None:
    """A named speaker right before a finite reporting verb, after a comma, when the parser
    gave the verb a subject from the clause before the comma ("…, killed and wounded fighting
    for Russia, South Korea's spy agency told lawmakers": "fighting" parsed as the subject).
    Returns the speaker's head and the comma's index."""
    if verb.tag_ not in {"VBD", "VBZ"} or verb.i == 0:
        return None
    head = verb.doc[verb.i - 1]
    if head.ent_type_ not in TAG_ENTITIES:
        return None
    start = head.i
    while start > verb.sent.start and (
        verb.doc[start - 1].ent_type_ or verb.doc[start - 1].tag_ == "POS"
    ):
        start -= 1
    comma = start - 1
    if comma <= verb.sent.start or verb.doc[comma].text != ",":
        return None
    if subject is None or subject.i >= comma:
        return None  # the parse already found the tag's own subject
    if subject.ent_type_ or subject.pos_ in {"PROPN", "PRON"}:
        return None  # a named subject before the comma may be the speaker after all
    return head, comma


def _is_main_verb(doc: Doc, cue: tuple[int, int]) -> bool:
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.dep_ == "ROOT"


def _according_claims(
    doc: Doc, claims: list[Claim], skip: list[tuple[int, int]], cues: list[Token]
) -> list[Claim]:
    found = []
    for token in cues:
        if token.i + 1 >= len(doc):
            continue
        if token.lower_ != "according" or doc[token.i + 1].lower_ != "to":
            continue
        if in_ranges(token.idx, token.idx + 9, skip):
            continue
        to = doc[token.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            objs = [t for t in doc[to.i + 1 : to.i + 6] if t.pos_ in {"NOUN", "PROPN", "PRON"}]
        if not objs:
            continue
        # "according to the army's chief, General X": the name is a second object of "to".
        names = [o for o in objs[1:] if o.pos_ == "PROPN"]
        speaker = named_speaker(names[-1] if names else objs[0])
        span = speaker_span(doc, speaker)
        phrase_end = max(o.right_edge.i for o in objs)
        host = next((c for c in claims if c.content[0] <= token.idx < c.content[1] and c.cue), None)
        if host is not None:
            if host.via is None:
                host.via = span
            continue
        sent = token.sent
        before = chars(doc, sent.start, token.i - 1) if token.i > sent.start else (0, 0)
        after = chars(doc, phrase_end + 1, sent.end - 1) if phrase_end + 1 < sent.end else (0, 0)
        content = before if word_count(text_of(doc)[before[0] : before[1]]) >= 3 else after
        if word_count(text_of(doc)[content[0] : content[1]]) < _MIN_CONTENT_WORDS:
            continue
        # "According to reports, the soldier claimed that …": the source relays the claim.
        inner = next(
            (
                c
                for c in claims
                if c.cue is not None
                and content[0] <= c.cue[0] < content[1]
                and content[0] <= c.speaker[0] < content[1]
                and _is_main_verb(doc, c.cue)
            ),
            None,
        )
        if inner is not None:
            if inner.via is None:
                inner.via = span
            continue
        found.append(
            Claim(
                speaker=span,
                kind="according_to",
                content=content,
                cue=(token.idx, to.idx + len(to)),
                speaker_head=speaker.idx,
            )
        )
    return found


def _view_claims(
    doc: Doc, claims: list[Claim], skip: list[tuple[int, int]], cues: list[Token]
) -> list[Claim]:
    """'In the governor's view, …', 'in the opinion of many economists, …': a source phrase
    that frames the rest of its sentence, like 'according to'."""
    found = []
    for token in cues:
        if token.lower_ not in _VIEW_NOUNS or token.dep_ != "pobj" or token.head.lower_ != "in":
            continue
        source = next((c for c in token.children if c.dep_ == "poss"), None)
        if source is None:
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            source = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
        if source is None or in_ranges(token.idx, token.idx + len(token), skip):
            continue
        prep, sent = token.head, token.sent
        phrase_end = token.right_edge.i
        if prep.i == sent.start and phrase_end + 2 < sent.end and doc[phrase_end + 1].is_punct:
            content = chars(doc, phrase_end + 2, sent.end - 1)
        elif prep.i > sent.start + 3 and doc[prep.i - 1].is_punct and phrase_end + 2 >= sent.end:
            content = chars(doc, sent.start, prep.i - 2)
        else:
            continue
        if word_count(text_of(doc)[content[0] : content[1]]) < _MIN_CONTENT_WORDS or any(
            c.content[0] <= token.idx < c.content[1] for c in claims
        ):
            continue
        speaker = named_speaker(source)
        found.append(
            Claim(
                speaker=speaker_span(doc, speaker),
                kind="according_to",
                content=content,
                cue=(prep.idx, token.idx + len(token)),
                certainty="hedged" if token.lower_ != "words" else "asserted",
                speaker_head=speaker.idx,
            )
        )
    return found


def _relay_tag_claims(doc: Doc, skip: list[tuple[int, int]]) -> list[Claim]:
    """'…, a lawmaker briefed by the spy agency.' — a final noun phrase relaying a source."""
    found = []
    for sent in doc.sents:
        commas = [t.i for t in sent if t.text == ","]
        if not commas or in_ranges(sent.start_char, sent.end_char, skip):
            continue
        comma = commas[-1]
        tail = doc[comma + 1 : sent.end]
        relay = next((t for t in tail if t.lemma_.lower() in _RELAYS), None)
        if relay is None or relay.i == comma + 1:
            continue
        head_part = doc[comma + 1 : relay.i]
        # "…, according to sources cited by X" is the according-to rule's, with X as via.
        if head_part[0].pos_ == "ADP" or any(
            t.tag_ in {"VBD", "VBZ", "VBP", "MD"} or t.lower_ == "according" for t in head_part
        ):
            continue
        nouns = [t for t in head_part if t.pos_ in {"NOUN", "PROPN"}]
        if not nouns or comma - sent.start < 4:
            continue
        speaker = nouns[-1]
        via = None
        for child in relay.children:
            targets = (
                [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "agent" else []
            )
            if child.dep_ in {"dobj", "obj"}:
                targets = [child]
            if targets:
                via = speaker_span(doc, targets[0])
                break
        found.append(
            Claim(
                speaker=chars(doc, comma + 1, relay.i - 1),
                kind="according_to",
                content=chars(doc, sent.start, comma - 1),
                cue=(relay.idx, relay.idx + len(relay)),
                via=via,
                speaker_head=speaker.idx,
                tag_final=True,
            )
        )
    return found


# --- quotations -------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _quote_claims(
    doc: Doc,
    quotes: list[Quote],
    claims: list[Claim],
    lex: AttributionLexicon,
    skip: list[tuple[int, int]],
) -> list[Claim]:
    found: list[Claim] = []
    for quote in quotes:
        inner = (quote.start, quote.end)
        if in_ranges(quote.start, quote.end, skip):
            continue
        if any(_overlaps(c.content, inner) for c in [*claims, *found]):
            continue
        verb = governing_verb(doc, quote, frozenset(lex.verbs))
        speaker = subject_of(verb) if verb is not None else None
        if verb is not None and speaker is not None:
            found.append(
                Claim(
                    speaker=speaker_span(doc, speaker),
                    kind="direct",
                    content=inner,
                    cue=(verb.idx, verb.idx + len(verb)),
                    speaker_head=speaker.idx,
                )
            )
            continue
        earlier = [c for c in [*claims, *found] if c.content[1] <= quote.outer_start]
        previous = max(earlier, key=lambda c: c.content[1], default=None)
        if previous is None or not starts_sentence(text_of(doc), quote.outer_start):
            continue
        gap = text_of(doc)[previous.content[1] : quote.outer_start]
        split = (
            previous.kind != "according_to"
            and previous.tag_final
            and word_count(gap) <= _SPLIT_GAP_WORDS
            and "\n" not in gap
        )
        if split:
            previous.content = (previous.content[0], quote.end)
        elif (
            is_clause(doc, quote, _MIN_FREE_QUOTE_WORDS)
            and quote.outer_start - previous.content[1] < _FREE_QUOTE_REACH
        ):
            found.append(
                Claim(
                    speaker=previous.speaker,
                    kind="direct",
                    content=inner,
                    cue=None,
                    speaker_head=previous.speaker_head,
                    actor=previous.actor,
                )
            )
    return found


def _mark_direct(doc: Doc, claims: list[Claim], quotes: list[Quote]) -> None:
    """A claim whose content lies in quotation marks is direct; its content is the quote."""
    for claim in claims:
        if claim.kind == "according_to":
            continue
        start, end = claim.content
        if quoted_share(quotes, start, end, text_of(doc)) < _DIRECT_SHARE:
            continue
        inside = [q for q in quotes if _overlaps((q.start, q.end), (start, end))]
        claim.kind = "direct"
        claim.content = (min(q.start for q in inside), max(q.end for q in inside))


# --- resolution -------------------------------------------------------------------------------


def _drop_redundant(claims: list[Claim]) -> list[Claim]:
    kept: list[Claim] = []
    for claim in claims:
        if claim.tag_final and claim.cue is not None:
            nested = any(
                other is not claim
                and other.cue is not None
                and claim.content[0] <= other.speaker[0] < claim.content[1]
                and claim.content[0] <= other.cue[0] < claim.content[1]
                for other in claims
            )
            if nested:
                continue
        if any(k.speaker == claim.speaker and k.content == claim.content for k in kept):
            continue
        if any(
            k.cue is not None and k.cue == claim.cue and _overlaps(k.content, claim.content)
            for k in kept
        ):
            continue
        kept.append(claim)
    return kept


def _text_span(doc: Doc, span: tuple[int, int]) -> TextSpan:
    return TextSpan(start=span[0], end=span[1], text=text_of(doc)[span[0] : span[1]])


def find_claims(doc: Doc, lex: AttributionLexicon) -> list[Claim]:
    """The claims of a parsed document, in document order, speakers resolved."""
    quotes = find_quotes(text_of(doc))
    skip = doc_non_prose(doc)
    verbs, nouns, cues = _candidates(doc, lex)
    claims = _verb_claims(doc, lex, quotes, skip, verbs)
    claims.extend(_according_claims(doc, claims, skip, cues))
    claims.extend(_view_claims(doc, claims, skip, cues))
    claims.extend(
        c
        for c in find_noun_claims(doc, lex.nouns, frozenset(lex.verbs), claims, nouns)
        if not in_ranges(c.content[0], c.content[1], skip)
    )
    claims.extend(
        c for c in _relay_tag_claims(doc, skip) if not any(c.cue == k.cue for k in claims)
    )
    _mark_direct(doc, claims, quotes)
    claims.sort(key=lambda c: c.content[0])
    claims.extend(_quote_claims(doc, quotes, claims, lex, skip))
    claims.sort(key=lambda c: min(c.content[0], c.speaker[0]))
    claims = _drop_redundant(claims)
    resolve_pronouns(doc, claims)
    for claim in claims:
        claim.content = clip(text_of(doc), claim.content, skip)
    return [
        c
        for c in claims
        if c.speaker[1] > c.speaker[0]
        and c.content[1] > c.content[0]
        and not in_ranges(c.content[0], c.content[1], skip)
    ]


def extract_attributions(doc: Doc, lex: AttributionLexicon, gaz: Gazetteer) -> list[Attribution]:
    records = []
    for claim in find_claims(doc, lex):
        speaker_actor = (
            apposed_actor(doc, claim)
            or actor_of(doc, claim.speaker, claim.speaker_head, gaz)
            or claim.actor
        )
        if claim.description is not None and (
            speaker_actor is None or speaker_actor.sector == "UNK"
        ):
            # A person the gazetteer lacks speaks for the body their description names.
            described = actor_of(doc, claim.description, claim.description_head, gaz)
            speaker_actor = described or speaker_actor
        via_actor = actor_of(doc, claim.via, None, gaz) if claim.via else None
        records.append(
            Attribution(
                speaker=_text_span(doc, claim.speaker),
                speaker_actor=speaker_actor,
                kind=claim.kind,
                content=_text_span(doc, claim.content),
                cue=_text_span(doc, claim.cue) if claim.cue else None,
                via=_text_span(doc, claim.via) if claim.via else None,
                via_actor=via_actor,
                certainty=claim.certainty,
                extractor=EXTRACTOR,
            )
        )
    return records
