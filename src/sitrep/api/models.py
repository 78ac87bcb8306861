"""Response and request bodies of the REST API, built from sitrep's records.

Items of an analysis keep the records' own field names; list endpoints wrap them with the
article they come from (`ArticleRef`) and their index in that article's analysis, which is how
the dashboard links a chart point to the highlighted sentence.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from sitrep.records import (
    Analysis,
    Article,
    Attribution,
    Event,
    Figure,
    PlaceFeature,
    Record,
    Sector,
)

T = TypeVar("T")
StoryKind = Literal["event", "figure"]
Layer = Literal["events", "figures"]
StoryAction = Literal["start", "join", "split", "merge"]


class ErrorBody(Record):
    code: str = Field(description="Stable machine-readable error code, e.g. `not_found`.")
    message: str = Field(description="What failed, the likely cause and the fix (HTML-escaped).")
    status: int = Field(description="The HTTP status, repeated for clients that lose it.")


class ErrorResponse(Record):
    """The one shape of every error the API returns."""

    error: ErrorBody


class Page(BaseModel, Generic[T]):
    """One page of a list, in a stable order, with the total number of matches."""

    model_config = ConfigDict(extra="forbid")

    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=0)
    offset: int = Field(ge=0)


class ArticleRef(Record):
    """The report an item comes from: enough to cite it."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None


class ArticleSummary(ArticleRef):
    source: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    ingested_at: datetime | None = None
    length: int = Field(ge=0, description="Characters of text.")


class ArticleDetail(Record):
    """An article with its analysis and the stories its events and figures belong to."""

    article: Article
    analysis: Analysis | None
    event_stories: list[str | None] = Field(
        default_factory=list, description="Story id of each of `analysis.events`, in order."
    )
    figure_stories: list[str | None] = Field(
        default_factory=list, description="Story id of each of `analysis.figures`, in order."
    )


class EventItem(Record):
    article: ArticleRef
    index: int = Field(ge=0, description="Index in the article's `analysis.events`.")
    event: Event
    story: str | None = None
    lat: float | None = None
    lon: float | None = None


class FigureItem(Record):
    article: ArticleRef
    index: int = Field(ge=0, description="Index in the article's `analysis.figures`.")
    figure: Figure
    story: str | None = None


class ClaimItem(Record):
    article: ArticleRef
    index: int = Field(ge=0, description="Index in the article's `analysis.attributions`.")
    claim: Attribution


class ActorSummary(Record):
    code: str
    sector: Sector
    name: str
    country: str | None = None
    mentions: int
    articles: int


class PlaceSummary(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: PlaceFeature
    geonameid: int | None = None
    mentions: int
    articles: int


class StoryMember(Record):
    """One report of a story: the item, the article it comes from and who stands behind it."""

    article: ArticleRef
    layer: Layer = Field(description="Where the item is in the article's analysis.")
    index: int = Field(ge=0, description="Position in `analysis.events` or `analysis.figures`.")
    event: Event | None = None
    figure: Figure | None = None
    claimant: list[str] | None = Field(
        default=None, description="Codes of who claims it; null when the report asserts it."
    )
    speaker: str | None = Field(
        default=None, description="The words naming whoever said it (a figure's attribution)."
    )
    via: str | None = Field(
        default=None, description="The relayed original source ('citing the spy agency')."
    )
    via_actor: str | None = Field(default=None, description="The code of the relayed source.")


class StoryConflict(Record):
    """Two members whose values cannot both be true (indexes into `StoryDetail.members`)."""

    a: int
    b: int


class StorySummary(Record):
    id: str
    kind: StoryKind
    subject: str = Field(description="PLOVER type of an event story, category of a series.")
    label: str = Field(description="Type or category and the main actors, for display.")
    members: int
    articles: int
    outlets: list[str]
    first_published: date | None = None
    last_published: date | None = None
    value_min: float | None = None
    value_max: float | None = None
    conflicts: int = 0


class StoryItemRef(Record):
    """An event or figure named by its article and position (members or former members)."""

    article: str
    layer: Layer
    position: int = Field(ge=0)


class StoryMerge(Record):
    """One logged grouping decision of the story, automatic or a user's, oldest first.

    `start`: item `b` opened the story; `join`: `b` joined because it matched member `a` on
    `fields` with `score`; `split`: a user moved `b` here out of `other_story`; `merge`: a user
    merged `other_story` into this one. `a` and `b` index `StoryDetail.members`; they are null
    when the item has left the story since (`item` and `partner` still name it).
    """

    action: StoryAction
    a: int | None = None
    b: int | None = None
    item: StoryItemRef | None = None
    partner: StoryItemRef | None = None
    other_story: str | None = None
    fields: dict[str, str | bool | int | float] = Field(default_factory=dict)
    score: float | None = None
    decided_by: str = Field(description="`auto` (the grouping rules) or `user`.")
    decided_at: datetime


class ClaimRef(Record):
    """A figure claim of this or a sibling series (killed, wounded, casualties)."""

    story: str | None = None
    member: int | None = Field(default=None, description="Index in this story's members.")
    article: str
    index: int = Field(ge=0, description="Position in the article's `analysis.figures`.")
    category: str
    value: float
    value_max: float | None = None
    qualifier: str
    claimant: list[str] | None = None
    outlet: str | None = None
    published: date | None = None


class StoryBreakdown(Record):
    """Killed and wounded claims that add up to a casualty claim of the same time: they agree."""

    killed: ClaimRef
    wounded: ClaimRef
    casualties: ClaimRef


class StoryAgreement(Record):
    """How the claims of a story agree; nothing is averaged."""

    value_min: float | None = None
    value_max: float | None = None
    independent_claimants: list[list[str]] = Field(
        description="One group per independent source: outlets relaying one claimant are one; "
        "`outlet:NAME` stands for a report asserting it."
    )
    conflicts: int = Field(ge=0, description="Pairs of same-time claims that disagree.")
    consistent: list[int] = Field(
        default_factory=list, description="Members that conflict with no same-time claim."
    )
    breakdowns: list[StoryBreakdown] = Field(default_factory=list)
    statuses: dict[str, int] = Field(
        default_factory=dict, description="Event statuses (factual, denied...) and their counts."
    )


class StoryDetail(Record):
    story: StorySummary
    members: list[StoryMember]
    reasons: list[StoryMerge]
    conflicts: list[StoryConflict]
    agreement: StoryAgreement


class SplitItem(Record):
    """A member to split off, as `StoryDetail.members` names it."""

    article: str = Field(
        pattern=r"^[A-Za-z0-9_.:-]{6,128}$", description="The article id (or a unique prefix)."
    )
    layer: Layer
    position: int = Field(ge=0, le=1_000_000)


class MergeRequest(Record):
    other: str = Field(
        pattern=r"^[a-z]{2,4}-[0-9a-f]{4,40}$", description="The story to merge into this one."
    )


class AnalyzeRequest(Record):
    text: str = Field(min_length=1, description="The report's text (plain text).")
    published: date | None = Field(
        default=None, description="Publication date, against which relative dates resolve."
    )
    title: str | None = Field(default=None, max_length=1000)


class IngestDocument(Record):
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None


class IngestRequest(Record):
    articles: list[IngestDocument] = Field(min_length=1)


class IngestFailure(Record):
    index: int
    reason: str


class NearDuplicate(Record):
    id: str
    duplicate_of: str
    similarity: float


class IngestResponse(Record):
    new: list[str]
    duplicate: list[str]
    near_duplicate: list[NearDuplicate]
    failed: list[IngestFailure]
