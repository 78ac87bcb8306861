"""The actor layer: every mention of a state, organ, person or group, resolved to an actor.

Sources, in order of trust: the gazetteer (names, seats of power, institutions, people), then
descriptive mentions built from a demonym or possessive state plus a role noun ("a South Korean
lawmaker" → KOR LEG, "South Korea's military" → KOR MIL, "the country's spy agency" → the
state last named), then the trained NER's PERSON and ORG entities outside headings, with short
repeats of a person's name tied to the full name met earlier in the document.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.nlp.extensions import layer
from sitrep.nlp.gazetteer import Entry, Gazetteer, default_gazetteer
from sitrep.nlp.layout import doc_non_prose, in_ranges, text_of
from sitrep.records import Actor, ActorMention, Sector, TextSpan

NAME = "sitrep_actors"
VERSION = "0.1"
EXTRACTOR = f"{NAME}/{VERSION}"
_MAX_ROLE_DISTANCE = 3
_OWNER = re.compile(r"\bthe (country|nation|state)(?=['’]s\b)", re.IGNORECASE)
_HALF = re.compile(r"\b[Tt]he\s+(North|South)\b")
_ABBREVIATION = re.compile(r"\s?\(([A-Z][A-Z0-9&\-]*[A-Z][A-Za-z0-9&\-]*)\)")
_GAP_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PLACED_SECTORS = frozenset({"REB", "PTY"})
_TITLE_SECTORS = frozenset({"GOV", "MIL"})
_PLACE_WORDS = frozenset({"in", "to", "at", "from", "into", "visit", "visited", "visiting"})
_LED = re.compile(r"(?<![\w.])([\w.]+)-led\b")


@Language.factory(NAME, requires=["token.dep", "doc.ents"], assigns=["doc._.actors"])
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver()


class ActorResolver:
    """Finds actor mentions; the gazetteer and matcher are built in `initialize`."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None
        self.matcher: PhraseMatcher | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        if nlp is None:
            raise ValueError("sitrep_actors needs the pipeline to build its matcher")
        self.gazetteer = default_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        patterns = [nlp.make_doc(phrase) for phrase in self.gazetteer.phrases()]
        self.matcher.add("ACTOR", patterns)

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None or self.matcher is None:
            raise RuntimeError("sitrep_actors was not initialised: call nlp.initialize()")
        mentions = layer(doc, "actors")
        mentions.extend(find_mentions(doc, self.gazetteer, self.matcher))
        return doc


def _mention(span: Span, actor: Actor) -> ActorMention:
    text_span = TextSpan(start=span.start_char, end=span.end_char, text=span.text)
    return ActorMention(span=text_span, actor=actor, extractor=EXTRACTOR)


def _role_after(doc: Doc, start: int, gaz: Gazetteer) -> tuple[int, Sector] | None:
    """The end token and sector of a role noun within a few tokens after `start`.

    Only adjectives and nouns may stand between ('South Korean military officials'); a
    preposition, an article or punctuation ends the search, so 'Palestinian riots against
    Israeli military' does not make the Palestinians a military. Called for every state
    mention, so it builds the window's tokens once and only looks up phrases that end in
    the last word of some role.
    """
    window = list(doc[start : min(len(doc), start + _MAX_ROLE_DISTANCE + 1)])
    for size in range(len(window), 0, -1):
        last = window[size - 1]
        if last.is_punct or last.lower_ not in gaz.role_ends:
            continue
        if any(t.is_space for t in window[:size]):
            continue
        for first in range(size):
            if first and (window[first - 1].pos_ not in _GAP_POS or window[first - 1].is_punct):
                break
            sector = gaz.role("".join(t.text_with_ws for t in window[first:size]))
            if sector:
                return start + size, sector
    return None


def _group_placed_in(doc: Doc, start: int, gaz: Gazetteer) -> tuple[int, Sector] | None:
    """The start and sector of a rebel or opposition group placed in the state named at
    `start`: 'rebels in the Ivory Coast', 'opposition groups in Zimbabwe'. Only groups that
    belong where they are: 'troops in Mali' or 'diplomats in Kenya' may be anyone's."""
    prep = start - 1 if start and doc[start - 1].lower_ == "the" else start
    if prep < 2 or doc[prep - 1].lower_ != "in":
        return None
    for first in range(max(0, prep - 4), prep - 1):
        if any(t.is_punct for t in doc[first : prep - 1]):
            continue
        sector = gaz.role(doc[first : prep - 1].text)
        if sector in _PLACED_SECTORS:
            owned = first and (
                doc[first - 1].ent_type_ in {"NORP", "GPE"} or gaz.lookup(doc[first - 1].text)
            )
            # 'Kenyan rebels in Uganda': the group is Kenya's; Uganda stays a state.
            return None if owned else (first, sector)
    return None


def _no_role(end: int) -> tuple[int, Sector]:
    """Where no role noun follows, the state itself acts through its government."""
    return end, "GOV"


def _led_by(doc: Doc, after: int) -> int | None:
    """The token after 'X-led' ('Saudi-led coalition', 'Vietnamese-led forces'): X leads."""
    if after + 1 < len(doc) and doc[after].text == "-" and doc[after + 1].lower_ == "led":
        return after + 2
    return None


def _descriptive(doc: Doc, span: Span, entry: Entry, gaz: Gazetteer) -> ActorMention | None:
    """An adjective, people or possessive state mention, widened to its role noun if any."""
    state = entry.actor
    after = span.end
    led = _led_by(doc, after)
    if led is not None and entry.kind != "people":
        end, sector = _role_after(doc, led, gaz) or _no_role(led)
        return _mention(doc[span.start : end], gaz.state(state.code, sector))
    if entry.kind == "state":
        placed = _group_placed_in(doc, span.start, gaz)
        if placed is not None:
            start, sector = placed
            return _mention(doc[start : span.end], gaz.state(state.code, sector))
    if entry.kind in {"state", "seat"}:
        possessive = after < len(doc) and doc[after].norm_ == "'s"
        # "Ukraine's SBU", "Qatar's emir"; a name before a role noun works as an adjective:
        # "Ivory Coast rebels", "Kremlin spokesman".
        role = _role_after(doc, after + 1 if possessive else after, gaz)
        if role:
            end, sector = role
            return _mention(doc[span.start : end], gaz.state(state.code, sector))
        return _mention(span, state)
    if entry.kind == "people":
        return _mention(span, state)
    role = _role_after(doc, after, gaz)
    if role is None:
        # "Russian and North Korean forces": the role noun follows the next conjunct.
        if after + 1 < len(doc) and doc[after].lower_ in {"and", ","}:
            for probe in range(after + 1, min(len(doc), after + 5)):
                if doc[probe].pos_ in {"VERB", "AUX", "ADP"}:
                    break  # 'an Afghan and coalition patrol killed two militants'
                found = _role_after(doc, probe, gaz)
                if found:
                    return _mention(span, gaz.state(state.code, found[1]))
        return None
    end, sector = role
    return _mention(doc[span.start : end], gaz.state(state.code, sector))


def _led_tokens(doc: Doc, gaz: Gazetteer, skip: list[tuple[int, int]]) -> list[ActorMention]:
    """'the U.S.-led coalition': the tokenizer keeps 'U.S.-led' whole, so the matcher never
    sees the state in it."""
    found = []
    for match in _LED.finditer(text_of(doc)):
        entry = gaz.lookup(match.group(1))
        if entry is None or entry.kind not in {"state", "adjective"}:
            continue
        span = doc.char_span(match.start(), match.end())
        if span is None or in_ranges(match.start(), match.end(), skip):
            continue
        end, sector = _role_after(doc, span.end, gaz) or _no_role(span.end)
        found.append(_mention(doc[span.start : end], gaz.state(entry.actor.code, sector)))
    return found


def _anaphoric(doc: Doc, gaz: Gazetteer, mentions: list[ActorMention]) -> list[ActorMention]:
    """'the country's spy agency' → the spy agency of the state named last before it."""
    found = []
    for match in _OWNER.finditer(text_of(doc)):
        owner = doc.char_span(match.start(1), match.end(1))
        if owner is None or owner.end >= len(doc) or doc[owner.end].norm_ != "'s":
            continue
        role = _role_after(doc, owner.end + 1, gaz)
        earlier = [m for m in mentions if m.span.end <= owner.start_char and m.actor.country]
        if role and earlier:
            country = earlier[-1].actor.country
            assert country is not None
            found.append(_mention(doc[owner.start - 1 : role[0]], gaz.state(country, role[1])))
    return found


def _elliptical_states(
    doc: Doc, gaz: Gazetteer, mentions: list[ActorMention]
) -> list[ActorMention]:
    """'the North' / 'the South' after a state whose name begins with that word was named
    ('North Korea', 'South Sudan'): that state. Not 'the North Atlantic' (a name follows)."""
    taken = [(m.span.start, m.span.end) for m in mentions]
    found = []
    for match in _HALF.finditer(text_of(doc)):
        half = doc.char_span(match.start(1), match.end(1))
        if half is None or half.start == 0 or doc[half.start - 1].lower_ != "the":
            continue
        if half.end < len(doc) and doc[half.end].text[:1].isupper():
            continue
        if in_ranges(half.start_char, half.end_char, taken):
            continue
        named = [
            m.actor.country
            for m in mentions
            if m.span.end <= half.start_char
            and m.actor.country
            and gaz.state(m.actor.country).name.split()[0] == half.text
        ]
        if named:
            found.append(_mention(half, gaz.state(named[-1])))
    return found


def find_mentions(doc: Doc, gaz: Gazetteer, matcher: PhraseMatcher) -> list[ActorMention]:
    skip = doc_non_prose(doc)
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
    entries = [(span, gaz.lookup(span.text)) for span in spans]
    # Named actors that a state may own as a role ('Ukraine's Security Council') don't count.
    named = [
        (s.start_char, s.end_char)
        for s, e in entries
        if e is not None and e.kind == "named" and gaz.role(s.text) is None
    ]
    # "Kenya's National Intelligence Service": the state matched right before the possessive.
    possessors = {
        s.end + 1: e.actor.country
        for s, e in entries
        if e is not None and e.kind == "state" and s.end < len(doc) and doc[s.end].norm_ == "'s"
    }
    mentions: list[ActorMention] = []
    for span, entry in entries:
        if entry is None or in_ranges(span.start_char, span.end_char, skip):
            continue
        if len(span) == 1 and span.text.islower():
            # Names are capitalised: 'who' is not the WHO, 'turkey' not Turkey.
            continue
        if entry.kind == "named":
            owner = possessors.get(span.start)
            if owner is not None and entry.actor.country and owner != entry.actor.country:
                # "Kenya's National Intelligence Service": Kenya's own service, not the
                # namesake the gazetteer knows (South Korea's).
                state = gaz.state(owner, entry.actor.sector)
                mentions.append(_mention(span, state))
                continue
            mentions.append(_mention(span, entry.actor))
            continue
        mention = _descriptive(doc, span, entry, gaz)
        if mention is not None and in_ranges(span.end_char, mention.span.end, named):
            # "South Korea's Yonhap news agency": the named actor is not the state's organ.
            mention = _mention(span, entry.actor) if entry.kind in {"state", "seat"} else None
        if mention is not None:
            mentions.append(mention)
    mentions.extend(_led_tokens(doc, gaz, skip))
    mentions.extend(_anaphoric(doc, gaz, mentions))
    mentions.sort(key=lambda m: m.span.start)
    mentions.extend(_elliptical_states(doc, gaz, mentions))
    mentions.sort(key=lambda m: m.span.start)
    mentions.extend(_from_entities(doc, mentions, skip, gaz))
    mentions.sort(key=lambda m: (m.span.start, -m.span.end))
    return _drop_overlaps(mentions)


def _from_entities(
    doc: Doc, known: list[ActorMention], skip: list[tuple[int, int]], gaz: Gazetteer
) -> list[ActorMention]:
    """PERSON and ORG entities the gazetteer does not know, outside headings and bylines.

    A one-word PERSON repeats a full name met earlier when it equals that name's first or last
    word ('Zelenskyy' after 'Volodymyr Zelenskyy'; 'Lee' after 'Lee Seong-kweun', since Korean
    names put the family name first); the most recent such name wins.
    """
    taken = [(m.span.start, m.span.end) for m in known]
    bare_states = [
        (m.span.start, m.span.end)
        for m in known
        if m.actor.country and m.actor.code == m.actor.country and _is_state_name(m, gaz)
    ]
    full_names: list[tuple[int, str, Actor]] = [
        (m.span.start, m.span.text, m.actor) for m in known if _is_full_name(m, gaz)
    ]
    found = []
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG"} or in_ranges(ent.start_char, ent.end_char, skip):
            continue
        if in_ranges(ent.start_char, ent.end_char, taken) and not _names_a_body(
            ent, taken, bare_states
        ):
            continue
        text = ent.text.strip()
        if ent.label_ == "PERSON":
            actor = _earlier_full_name(text, ent.start_char, full_names)
            if actor is None:
                actor = _titled_person(text, ent, known, gaz)
                if len(text.split()) > 1:
                    full_names.append((ent.start_char, text, actor))
        else:
            name = text[4:] if text.lower().startswith("the ") else text
            actor = _abbreviated(ent, name, gaz) or Actor(code=name, sector="UNK", name=name)
        found.append(_mention(ent, actor))
    return found


def _abbreviated(ent: Span, name: str, gaz: Gazetteer) -> Actor | None:
    """An organisation followed by its abbreviation in brackets is coded by it (FORMAT.md
    codes non-state actors by their short common name): 'the Sudan Liberation Movement (SLM)'
    → SLM, or the gazetteer's actor when it knows the abbreviation."""
    found = _ABBREVIATION.match(text_of(ent.doc), ent.end_char)
    if found is None:
        return None
    short = found.group(1)
    entry = gaz.lookup(short)
    if entry is not None:
        return entry.actor
    return Actor(code=short, sector="UNK", name=name)


def _is_state_name(mention: ActorMention, gaz: Gazetteer) -> bool:
    """A bare state, demonym or seat of power: inside a longer organisation name ('Lisbon
    City Council', 'Kenya Airways') it only places the organisation."""
    entry = gaz.lookup(mention.span.text)
    return entry is not None and entry.kind in {"state", "adjective", "seat"}


def _names_a_body(ent: Span, taken: list[tuple[int, int]], bare: list[tuple[int, int]]) -> bool:
    """An organisation whose name holds a state's ('the Sudan Liberation Movement', 'the
    Kenya Defence Forces' aside): the name, not the state, is the actor."""
    if ent.label_ != "ORG" or "'s" in ent.text or "’s" in ent.text:
        return False
    inside = [r for r in taken if r[0] < ent.end_char and ent.start_char < r[1]]
    return (
        bool(inside)
        and all(
            r in bare
            and ent.start_char <= r[0]
            and r[1] <= ent.end_char
            and r != (ent.start_char, ent.end_char)
            for r in inside
        )
        and ent.end_char > max(r[1] for r in inside)
    )


def _is_full_name(mention: ActorMention, gaz: Gazetteer) -> bool:
    """A person or body named in several capitalised words ('Kim Jong-un'), not a state."""
    words = mention.span.text.split()
    state = gaz.states.get(mention.actor.code)
    is_state = state is not None and mention.actor.name == state.name
    return len(words) > 1 and all(w[:1].isupper() for w in words) and not is_state


def _earlier_full_name(
    text: str, start: int, full_names: list[tuple[int, str, Actor]]
) -> Actor | None:
    if len(text.split()) != 1:
        return None
    for position, name, actor in sorted(full_names, key=lambda row: -row[0]):
        words = re.split(r"[\s\-]+", name)
        if position < start and text in {words[0], words[-1]}:
            return actor
    return None


def _titled_person(text: str, ent: Span, known: list[ActorMention], gaz: Gazetteer) -> Actor:
    """A person right after a descriptive mention takes its actor: 'Ukrainian President X',
    and in apposition after a role, 'Qatar's emir, Sheikh X'."""
    before = [m for m in known if 0 <= ent.start_char - m.span.end <= 2]
    if before and before[-1].actor.country:
        mention = before[-1]
        gap = text_of(ent.doc)[mention.span.end : ent.start_char].strip()
        role = gaz.role(mention.span.text.split()[-1])
        if not gap or (gap == "," and role is not None):
            title = mention.actor
            return Actor(code=title.code, sector=title.sector, name=text, country=title.country)
    sector = _title_before(ent, gaz)
    country = _leader_state(ent, known) if sector else None
    if sector and country:
        return Actor(code=country, sector=sector, name=text, country=country)
    return Actor(code=text, sector="UNK", name=text)


def _title_before(ent: Span, gaz: Gazetteer) -> Sector | None:
    """The sector of a capitalised office title right before a name: 'President X',
    'Vice-President X', 'Defence Minister X', 'General X'."""
    doc = ent.doc
    for size in (5, 4, 3, 2, 1):
        start = ent.start - size
        if start < 0:
            continue
        words = doc[start : ent.start]
        if not (words[0].text[:1].isupper() and words[-1].text[:1].isupper()):
            continue
        if not all(t.text[:1].isupper() or t.lower_ in TITLE_JOINERS for t in words):
            continue
        sector = gaz.role(words.text.replace(" - ", "-")) or _title_head(words, gaz)
        if sector in _TITLE_SECTORS:
            return sector
    return None


TITLE_JOINERS = frozenset({"-", "for", "of", "the"})
"""Lower-case words inside an office title ("Minister for the Interior", "Chief of Staff")."""


def _title_head(words: Span, gaz: Gazetteer) -> Sector | None:
    """The sector of a title whose whole wording the role lexicon lacks, from its office word
    before "for"/"of" ("Federal Minister for Interior" -> "Minister")."""
    joiners = [t.i for t in words if t.lower_ in {"for", "of"}]
    if not joiners or joiners[0] == words.start:
        return None
    head = words.doc[words.start : joiners[0]]
    return gaz.role(head.text) or gaz.role(head[-1].text)


def _leader_state(ent: Span, known: list[ActorMention]) -> str | None:
    """The state a titled person with no state before the name serves: one named right
    after ('President X of Kenya'), else the only state the sentence names unless it is a
    place the person goes or is in ('arrived in Tanzania' may be a visit), else the only
    state the whole article names."""
    doc = ent.doc
    after = doc[ent.end : ent.end + 1]
    if after and after[0].lower_ == "of":
        following = [m for m in known if 0 <= m.span.start - after.end_char <= 5]
        if following and following[0].actor.country:
            return following[0].actor.country
    sentence = ent.sent
    inside = [
        m
        for m in known
        if m.actor.country and sentence.start_char <= m.span.start < sentence.end_char
    ]
    if inside:
        states = {m.actor.country for m in inside}
        if len(states) != 1:
            return None
        for mention in inside:
            span = doc.char_span(mention.span.start, mention.span.end)
            if span is None:
                return None
            before = span.start - 1
            if before > 0 and doc[before].lower_ == "the":
                before -= 1
            if before >= 0 and doc[before].lower_ in _PLACE_WORDS:
                return None
        return inside[0].actor.country
    states = {m.actor.country for m in known if m.actor.country}
    return states.pop() if len(states) == 1 else None


def _drop_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    kept: list[ActorMention] = []
    for mention in mentions:
        if kept and mention.span.start < kept[-1].span.end:
            continue
        kept.append(mention)
    return kept
