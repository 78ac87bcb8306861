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
    """One report of a story: the item and the article it comes from."""

    article: ArticleRef
    index: int = Field(ge=0)
    event: Event | None = None
    figure: Figure | None = None


class StoryConflict(Record):
    """Two members whose values cannot both be true (indexes into `StoryDetail.members`)."""

    a: int
    b: int


class StorySummary(Record):
    id: str
    kind: StoryKind
    label: str = Field(description="Type or category and the main actors, for display.")
    members: int
    articles: int
    outlets: list[str]
    first_published: date | None = None
    last_published: date | None = None
    value_min: float | None = None
    value_max: float | None = None
    conflicts: int = 0


class StoryMerge(Record):
    """Why member `b` joined the story of member `a` (indexes into `StoryDetail.members`)."""

    a: int
    b: int
    fields: dict[str, str | bool]
    score: float


class StoryDetail(Record):
    story: StorySummary
    members: list[StoryMember]
    reasons: list[StoryMerge]
    conflicts: list[StoryConflict]


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
