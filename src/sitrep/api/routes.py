"""The REST API's endpoints: thin handlers that validate parameters and call the store,
`sitrep.api.queries`, `sitrep.api.stories`, the analysis pipeline and the ingest job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Path, Query
from pydantic import BaseModel

from sitrep.api import queries as q
from sitrep.api import stories as st
from sitrep.api.errors import ApiProblem
from sitrep.api.models import (
    ActorSummary,
    AnalyzeRequest,
    ArticleDetail,
    ArticleSummary,
    ClaimItem,
    ErrorResponse,
    EventItem,
    FigureItem,
    IngestFailure,
    IngestRequest,
    IngestResponse,
    Layer,
    MergeRequest,
    NearDuplicate,
    Page,
    PlaceSummary,
    SplitItem,
    StoryDetail,
    StorySummary,
)
from sitrep.api.settings import MAX_PAGE
from sitrep.api.state import AppState, app_state, require_edit, require_ingest, require_read
from sitrep.errors import InputError, SitrepError
from sitrep.records import (
    Analysis,
    Article,
    AttributionKind,
    Certainty,
    EventStatus,
    EventType,
    FigureCategory,
    PlaceFeature,
    Qualifier,
    Sector,
)

T = TypeVar("T")

CODE = r"^[A-Za-z0-9_.:-]{1,40}$"
"""Actor and country codes: PRK, KOR, UN, Hamas, Wagner_Group."""
ARTICLE_ID = r"^[A-Za-z0-9_.:-]{6,128}$"
STORY_ID = r"^[a-z]{2,4}-[0-9a-f]{4,40}$"

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (401, "A token is required and was missing or wrong."),
        (422, "A parameter or the body is invalid."),
        (503, "The database failed or is not migrated."),
    )
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such item."}
}

State = Annotated[AppState, Depends(app_state)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Code = Annotated[str | None, Query(pattern=CODE, description="An actor code (PRK, KOR, UN).")]
Name = Annotated[str | None, Query(min_length=1, max_length=200)]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
BBoxParam = Annotated[
    str | None,
    Query(
        max_length=100,
        description="west,south,east,north in degrees, e.g. 30,44,40,53",
        pattern=r"^[-+0-9., ]+$",
    ),
]

reads = APIRouter(dependencies=[Depends(require_read)], responses=ERRORS)
public = APIRouter(responses=ERRORS)
"""Endpoints without the read token: health, and ingest (which checks its own token)."""


def _published(
    outlet: Name = None,
    published_from: Day = None,
    published_to: Day = None,
    article: Annotated[str | None, Query(pattern=ARTICLE_ID, description="An article id.")] = None,
) -> q.Published:
    if published_from and published_to and published_from > published_to:
        raise ApiProblem(
            422, "invalid_request", "published_from is after published_to: swap the dates."
        )
    return q.Published(outlet, published_from, published_to, article)


PublishedFilter = Annotated[q.Published, Depends(_published)]


def _bbox(value: str | None) -> q.BBox | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ApiProblem(
            422,
            "invalid_request",
            "bbox must be four numbers west,south,east,north (degrees), e.g. 30,44,40,53.",
        ) from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiProblem(
            422,
            "invalid_request",
            "bbox is out of range: longitudes are -180..180, latitudes -90..90, south <= north.",
        )
    return west, south, east, north


def _page(items: list[T], total: int, limit: int, offset: int) -> Page[T]:
    return Page[T](items=items, total=total, limit=limit, offset=offset)


def _read(state: AppState, query: Callable[[Any], tuple[list[T], int]]) -> tuple[list[T], int]:
    with state.store.begin() as conn:
        return query(conn)


def _with_stories(state: AppState, layer: Layer, items: list[Any]) -> None:
    """Set the `story` of each event or figure item of a page."""
    keys = [(item.article.id, item.index) for item in items]
    with state.store.begin() as conn:
        found = st.stories_of(conn, layer, keys)
    for item, key in zip(items, keys, strict=True):
        item.story = found.get(key)


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


@public.get("/health", tags=["meta"], summary="Whether the server is up")
def health() -> Health:
    from sitrep import __version__

    return Health(version=__version__)


# Articles


@reads.get("/articles", tags=["articles"], summary="List articles (without their text)")
def list_articles(
    state: State, published: PublishedFilter, limit: Limit = 50, offset: Offset = 0
) -> Page[ArticleSummary]:
    """Stored articles in publication order (undated last), then by id."""
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_articles(conn, published, page))
    return _page(items, total, limit, offset)


@reads.get(
    "/articles/{article_id}",
    tags=["articles"],
    summary="One article with its analysis",
    responses=NOT_FOUND,
)
def get_article(
    state: State,
    article_id: Annotated[
        str, Path(pattern=ARTICLE_ID, description="The id, or a unique prefix of 6+ characters.")
    ],
) -> ArticleDetail:
    """The article's text and metadata, its analysis, and the story of each event and figure."""
    from sitrep.store import get_analysis
    from sitrep.store import get_article as fetch_article
    from sitrep.store.story_queries import story_ids

    with state.store.begin() as conn:
        article = fetch_article(conn, article_id)
        analysis = get_analysis(conn, article.id)
        filed = story_ids(conn, article.id) if analysis is not None else {}
    detail = ArticleDetail(article=article, analysis=analysis)
    if analysis is not None:
        detail.event_stories = [filed.get(("events", i)) for i in range(len(analysis.events))]
        detail.figure_stories = [filed.get(("figures", i)) for i in range(len(analysis.figures))]
    return detail


# Layers across articles


@reads.get("/events", tags=["layers"], summary="List events")
def list_events(
    state: State,
    published: PublishedFilter,
    type: Annotated[EventType | None, Query(description="PLOVER event type.")] = None,
    status: EventStatus | None = None,
    actor: Code = None,
    recipient: Code = None,
    claimant: Code = None,
    country: Code = None,
    place: Name = None,
    bbox: BBoxParam = None,
    date_from: Annotated[
        date | None, Query(description="Events whose date overlaps this day or later.")
    ] = None,
    date_to: Annotated[
        date | None, Query(description="Events whose date overlaps this day or earlier.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EventItem]:
    """Events in event-date order (undated last), then publication order. `date_from` and
    `date_to` select events whose TIMEX3 date (a day, month, season, year...) overlaps the range;
    `published_from`/`published_to` select by the report's date."""
    if date_from and date_to and date_from > date_to:
        raise ApiProblem(422, "invalid_request", "date_from is after date_to: swap the dates.")
    where = q.EventFilter(
        type=type,
        status=status,
        actor=actor,
        recipient=recipient,
        claimant=claimant,
        country=country,
        place=place,
        bbox=_bbox(bbox),
        date_from=date_from,
        date_to=date_to,
        published=published,
    )
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_events(conn, where, page))
    _with_stories(state, "events", items)
    return _page(items, total, limit, offset)


@reads.get("/figures", tags=["layers"], summary="List figures")
def list_figures(
    state: State,
    published: PublishedFilter,
    category: FigureCategory | None = None,
    actor: Annotated[str | None, Query(pattern=CODE, description="Whose people.")] = None,
    claimant: Annotated[str | None, Query(pattern=CODE, description="Who claims it.")] = None,
    qualifier: Qualifier | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[FigureItem]:
    """Figures (troops, killed, wounded...) in publication order, with their claimants."""
    where = q.FigureFilter(
        category=category,
        actor=actor,
        claimant=claimant,
        qualifier=qualifier,
        published=published,
    )
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_figures(conn, where, page))
    _with_stories(state, "figures", items)
    return _page(items, total, limit, offset)


@reads.get("/claims", tags=["layers"], summary="List claims (attributions)")
def list_claims(
    state: State,
    published: PublishedFilter,
    speaker: Annotated[str | None, Query(pattern=CODE, description="Speaker's actor code.")] = None,
    claimant: Annotated[
        str | None, Query(pattern=CODE, description="Speaker or relayed source.")
    ] = None,
    kind: AttributionKind | None = None,
    certainty: Certainty | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ClaimItem]:
    """Who said or asserted what, in publication order."""
    where = q.ClaimFilter(
        speaker=speaker, claimant=claimant, kind=kind, certainty=certainty, published=published
    )
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_claims(conn, where, page))
    return _page(items, total, limit, offset)


@reads.get("/actors", tags=["layers"], summary="List resolved actors")
def list_actors(
    state: State,
    code: Code = None,
    sector: Sector | None = None,
    country: Code = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ActorSummary]:
    """Actors (code, sector, name) with their mention and article counts, most mentioned first."""
    where = q.ActorFilter(code=code, sector=sector, country=country)
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_actors(conn, where, page))
    return _page(items, total, limit, offset)


@reads.get("/places", tags=["layers"], summary="List resolved places")
def list_places(
    state: State,
    name: Name = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2.")
    ] = None,
    feature: PlaceFeature | None = None,
    bbox: BBoxParam = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PlaceSummary]:
    """Places with coordinates and mention counts, most mentioned first."""
    where = q.PlaceFilter(name=name, country=country, feature=feature, bbox=_bbox(bbox))
    page = q.PageRequest(limit, offset)
    items, total = _read(state, lambda conn: q.list_places(conn, where, page))
    return _page(items, total, limit, offset)


# Stories


@reads.get("/stories", tags=["stories"], summary="List stories")
def list_stories(
    state: State,
    kind: Literal["event", "figure"] | None = None,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
    conflicting: Annotated[
        bool | None, Query(description="Only figure series with (or without) conflicts.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[StorySummary]:
    """Events and figures grouped across articles, as stored on ingest and changed by users'
    splits and merges: most reported first, then oldest first, then by id."""
    where = st.StoryFilter(kind=kind, min_articles=min_articles, conflicting=conflicting)
    items, total = _read(state, lambda conn: st.list_summaries(conn, where, limit, offset))
    return _page(items, total, limit, offset)


StoryId = Annotated[
    str, Path(pattern=STORY_ID, description="A story id (ev-1a2b3c4d, fig-1a2b3c4d) or prefix.")
]


@reads.get(
    "/stories/{story_id}",
    tags=["stories"],
    summary="One story, claims side by side",
    responses=NOT_FOUND,
)
def get_story(state: State, story_id: StoryId) -> StoryDetail:
    """Every member with its article, claimant and evidence; how the claims agree; and every
    decision that shaped the story (which fields matched, the score, and who decided)."""
    with state.store.begin() as conn:
        return st.get_detail(conn, story_id)


EDITS: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    403: {"model": ErrorResponse, "description": "Edits are disabled on this server."},
}


@public.post(
    "/stories/{story_id}/split",
    tags=["stories"],
    summary="Split members off into a new story (needs the API token)",
    dependencies=[Depends(require_edit)],
    responses=EDITS,
)
def split_story(
    state: State,
    story_id: StoryId,
    items: Annotated[
        list[SplitItem],
        Body(min_length=1, max_length=1000, description="The members to move, as listed."),
    ],
) -> StoryDetail:
    """Move the given members into a story of their own and return that new story. The split
    is kept across re-analysis: the items stay together and apart from those left behind."""
    from sitrep.store.story_edits import split_story as split

    with state.store.begin() as conn:
        story, chosen = st.split_items(conn, story_id, items)
        try:
            new = split(conn, story, chosen)
        except InputError as exc:
            raise ApiProblem(422, "invalid_request", str(exc)) from exc
        return st.get_detail(conn, new)


@public.post(
    "/stories/{story_id}/merge",
    tags=["stories"],
    summary="Merge another story into this one (needs the API token)",
    dependencies=[Depends(require_edit)],
    responses=EDITS,
)
def merge_story(state: State, story_id: StoryId, body: MergeRequest) -> StoryDetail:
    """Move every member of story `other` into this story, delete `other`, and return this
    story. The merge is kept across re-analysis of either side."""
    from sitrep.store.story_edits import merge_stories

    with state.store.begin() as conn:
        try:
            kept = merge_stories(conn, story_id, body.other)
        except InputError as exc:
            raise ApiProblem(422, "invalid_request", str(exc)) from exc
        return st.get_detail(conn, kept)


# Analysis and ingest


@reads.post(
    "/analyze",
    tags=["analysis"],
    summary="Analyse a text (nothing is stored)",
    responses={
        400: {"model": ErrorResponse, "description": "The text cannot be analysed."},
        413: {"model": ErrorResponse, "description": "The text or body is too large."},
    },
)
def analyze(state: State, body: AnalyzeRequest) -> Analysis:
    """The analysis of a posted text. The first call loads the pipeline (a few seconds)."""
    from sitrep.ingest.text import article_id, check_text

    check_text(body.text, max_bytes=state.settings.max_bytes)
    article = Article(id=article_id(body.text), text=body.text, title=body.title)
    article = article.model_copy(update={"published": body.published})
    analyzer = state.pipeline()
    with state.analysis_lock:
        return next(analyzer.analyze([article]))


@public.post(
    "/ingest",
    tags=["analysis"],
    summary="Store articles with their analysis (needs the API token)",
    dependencies=[Depends(require_ingest)],
    responses={
        403: {"model": ErrorResponse, "description": "Ingest is disabled on this server."},
        413: {"model": ErrorResponse, "description": "Too many articles or too large a body."},
    },
)
def ingest(state: State, body: IngestRequest) -> IngestResponse:
    """Analyse and store articles; each one is new, a duplicate, a near-duplicate or failed."""
    from sitrep import jobs
    from sitrep.ingest.sources import IngestItem
    from sitrep.ingest.text import article_id, check_text

    if len(body.articles) > state.api.max_ingest:
        raise ApiProblem(
            413,
            "too_large",
            f"{len(body.articles)} articles in one request; the limit is "
            f"{state.api.max_ingest}. Send them in several requests.",
        )
    items: list[IngestItem] = []
    for index, doc in enumerate(body.articles):
        source = f"api#{index}"
        try:
            check_text(doc.text, max_bytes=state.settings.max_bytes)
            article = Article(
                id=article_id(doc.text),
                text=doc.text,
                title=doc.title,
                outlet=doc.outlet,
                url=doc.url,
                published=doc.published,
                source=source,
                language="en",
            )
            items.append(IngestItem(source, article=article))
        except SitrepError as exc:
            items.append(IngestItem(source, error=exc))
    analyzer = state.pipeline()
    with state.analysis_lock:
        report = jobs.ingest([], state.store, analyzer, state.settings, items=items)
    return IngestResponse(
        new=report.new,
        duplicate=report.duplicate,
        near_duplicate=[
            NearDuplicate(id=a, duplicate_of=b, similarity=round(s, 3))
            for a, b, s in report.near_duplicate
        ],
        failed=[
            IngestFailure(index=int(f.source.rpartition("#")[2]), reason=f.reason)
            for f in report.failed
        ],
    )
