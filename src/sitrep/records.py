"""Typed records that pass between sitrep's stages: an `Article` in, an `Analysis` out.

Every extracted field keeps the character span it came from (code-point offsets into
`Article.text`, end exclusive) and the name of the extractor that produced it. The layers and
their vocabularies follow the gold format (`shared/eval/FORMAT.md`), so an `Analysis` converts
to a gold line without loss of meaning.

Glossary (the same words are used in code, database columns and docs):
article   one report as ingested; its id is the hash of its normalised text.
mention   a stretch of text that names something (an actor, a place, a time).
entity    a named-entity mention with a CoNLL label (PER, ORG, LOC, MISC).
actor     a resolved participant: code (ISO alpha-3 for states) + PLOVER sector.
claim     an attribution: who said or asserted what, with the words.
figure    a reported quantity of people (troops, killed, ...), with whose people and who claims it.
event     a PLOVER-coded happening: who did what to whom, where, when, how sure.
story     a group of events or figures from several articles about the same thing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
FigureCategory = Literal[
    "troops",
    "killed",
    "wounded",
    "casualties",
    "captured",
    "missing",
    "detained",
    "displaced",
    "released",
    "other",
]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
AttributionKind = Literal["direct", "indirect", "according_to"]
Certainty = Literal["asserted", "hedged", "denied"]
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
EventStatus = Literal["factual", "future", "alleged", "denied", "negated", "hypothetical"]
Sector = Literal[
    "GOV", "MIL", "SPY", "LEG", "JUD", "COP", "REB", "PTY", "CVL", "MED", "IGO", "NGO", "BUS", "UNK"
]
EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
"""CoNLL-2003 named-entity labels: persons, organisations, locations, other names."""
PlaceFeature = Literal["country", "region", "city", "site", "water", "continent"]
DateSource = Literal["text", "published", "none"]

EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]


class Record(BaseModel):
    """Base of all records: strict about unknown fields, cheap to copy."""

    model_config = ConfigDict(extra="forbid")


class TextSpan(Record):
    """A stretch of an article's text: `text == article.text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Article(Record):
    """One report as ingested. `id` is the hash of the normalised text (see `ingest.text`)."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None
    """Where it came from: a file path, a URL, or `file.jsonl#id`."""
    language: str | None = None
    duplicate_of: str | None = None
    """Set on a near-duplicate: the id of the article whose text it repeats."""
    similarity: float | None = None
    """Estimated Jaccard similarity to `duplicate_of` (MinHash)."""
    ingested_at: datetime | None = None


class Actor(Record):
    """A resolved participant: a state organ, a person, a group or an organisation."""

    code: str
    """ISO 3166-1 alpha-3 for a state and its organs; a short name otherwise (UN, Hamas)."""
    sector: Sector = "UNK"
    name: str
    """Canonical name, e.g. 'North Korea', 'Volodymyr Zelenskyy', 'Joint Chiefs of Staff'."""
    country: str | None = None
    """The alpha-3 code of the state the actor belongs to, when it has one."""


class ActorMention(Record):
    """A mention of an actor in the text and what it resolves to."""

    span: TextSpan
    actor: Actor
    extractor: str


class Entity(Record):
    """A named-entity mention with its CoNLL label (the trained NER corrected by sitrep)."""

    span: TextSpan
    label: EntityLabel
    extractor: str


class Timex(Record):
    """A time expression normalised to a TIMEX3 value against the publication date."""

    span: TextSpan
    type: TimexType
    value: str
    extractor: str


class Place(Record):
    """A toponym resolved to a GeoNames-style record."""

    span: TextSpan
    name: str
    country: str | None = None
    """ISO 3166-1 alpha-2, None for seas and regions spanning countries."""
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: PlaceFeature = "city"
    extractor: str


class Attribution(Record):
    """A claim: who said or asserted what, with the words and how sure."""

    speaker: TextSpan
    speaker_actor: Actor | None = None
    kind: AttributionKind
    content: TextSpan
    cue: TextSpan | None = None
    """The reporting verb or phrase ('said', 'according to')."""
    via: TextSpan | None = None
    """The relayed original source ('briefed by the spy agency', 'citing the NIS')."""
    via_actor: Actor | None = None
    certainty: Certainty = "asserted"
    extractor: str

    def claimant_codes(self) -> list[str]:
        """Codes of everyone who stands behind the claim: the speaker and the relayed source."""
        codes = [a.code for a in (self.speaker_actor, self.via_actor) if a is not None]
        return list(dict.fromkeys(codes))


class Figure(Record):
    """A reported quantity of people, whose they are and who claims it."""

    category: FigureCategory
    value: float
    value_max: float | None = None
    qualifier: Qualifier
    actor: list[str]
    claimant: list[str] | None = None
    """None when the report itself asserts the figure."""
    attribution: int | None = None
    """Index into `Analysis.attributions` of the claim that covers the figure."""
    number: TextSpan
    evidence: TextSpan
    extractor: str


class Event(Record):
    """A PLOVER-coded event with its participants, place, date, status and evidence."""

    type: EventType
    mode: str | None = None
    actor: list[str]
    recipient: list[str] = Field(default_factory=list)
    country: str | None = None
    """Alpha-3 code of the country where it happened."""
    place: str | None = None
    date: str | None = None
    """TIMEX3 value of when it happened (not when it was reported)."""
    date_source: DateSource = "none"
    """'text' when a time expression dates it; 'published' when it fell back to the report date."""
    status: EventStatus = "factual"
    trigger: TextSpan
    evidence: TextSpan
    """The sentence or clause of the first mention."""
    mentions: list[TextSpan] = Field(default_factory=list)
    """The evidence of the article's later mentions of the same event (the lead and the body
    telling it again), in text order; `evidence` is the first."""
    actor_spans: list[TextSpan] = Field(default_factory=list)
    recipient_spans: list[TextSpan] = Field(default_factory=list)
    place_span: TextSpan | None = None
    date_span: TextSpan | None = None
    claimant: list[str] | None = None
    extractor: str


class PipelineInfo(Record):
    """Which model and components produced an analysis (for provenance and cache keys)."""

    model: str
    model_version: str
    components: list[str]
    sitrep_version: str


class Analysis(Record):
    """Everything sitrep extracted from one article."""

    article_id: str
    published: date | None = None
    actors: list[ActorMention] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    pipeline: PipelineInfo | None = None
