"""The API tests' store: three short reports written for the tests, analysed by hand.

Hand-built analyses keep the filter tests exact whatever the extractors do; the tests of
`/analyze` and `/ingest` run the real pipeline.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from sitrep.api import ApiSettings, create_app
from sitrep.config import Settings
from sitrep.records import (
    Actor,
    ActorMention,
    Analysis,
    Article,
    Attribution,
    Event,
    Figure,
    Place,
    TextSpan,
    Timex,
)
from sitrep.store import Store, save_analysis, save_article

TOKEN = "test-ingest-token"
EXTRACTOR = "hand/1"

TEXT_A = (
    "Seoul's spy agency said on Monday that about 300 North Korean soldiers had been killed "
    "in Kursk. Ukraine attacked North Korean positions near Kursk on January 11."
)
TEXT_B = (
    "Kyiv said 3,000 North Korean troops had been killed or wounded. Moscow denied sending "
    "troops to Kursk last autumn."
)
TEXT_C = "Pyongyang sent 12,000 troops to Russia in 2024, officials said."


def span(text: str, phrase: str, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return TextSpan(start=start, end=start + len(phrase), text=phrase)


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _mention(
    text: str, phrase: str, code: str, sector: Any, name: str, nth: int = 0
) -> ActorMention:
    return ActorMention(
        span=span(text, phrase, nth),
        actor=Actor(code=code, sector=sector, name=name, country=code),
        extractor=EXTRACTOR,
    )


def _timex(text: str, phrase: str, value: str) -> Timex:
    return Timex(span=span(text, phrase), type="DATE", value=value, extractor=EXTRACTOR)


def _kursk(text: str, nth: int = 0) -> Place:
    return Place(
        span=span(text, "Kursk", nth),
        name="Kursk",
        country="RU",
        lat=51.73,
        lon=36.19,
        geonameid=538560,
        feature="city",
        extractor=EXTRACTOR,
    )


def _article(text: str, outlet: str | None, published: date | None, title: str) -> Article:
    return Article(
        id=article_id(text),
        text=text,
        title=title,
        outlet=outlet,
        url=f"https://example.org/{article_id(text)}",
        published=published,
        ingested_at=datetime(2025, 2, 1, tzinfo=UTC),
    )


def build_articles() -> list[tuple[Article, Analysis]]:
    """Three reports: dated 2025-01-14 and 2025-01-15 from two outlets, and one undated."""
    a = _article(TEXT_A, "Harbour Ledger", date(2025, 1, 14), "Spy agency: 300 killed")
    korean_spies = Actor(code="KOR", sector="SPY", name="National Intelligence Service")
    analysis_a = Analysis(
        article_id=a.id,
        published=a.published,
        actors=[
            _mention(TEXT_A, "Seoul's spy agency", "KOR", "SPY", "National Intelligence Service"),
            _mention(TEXT_A, "North Korean", "PRK", "MIL", "North Korea"),
            _mention(TEXT_A, "Ukraine", "UKR", "GOV", "Ukraine"),
            _mention(TEXT_A, "North Korean", "PRK", "MIL", "North Korea", nth=1),
        ],
        timexes=[
            _timex(TEXT_A, "Monday", "2025-01-13"),
            _timex(TEXT_A, "January 11", "2025-01-11"),
        ],
        places=[_kursk(TEXT_A)],
        attributions=[
            Attribution(
                speaker=span(TEXT_A, "Seoul's spy agency"),
                speaker_actor=korean_spies,
                kind="indirect",
                content=span(TEXT_A, "about 300 North Korean soldiers had been killed in Kursk"),
                cue=span(TEXT_A, "said"),
                extractor=EXTRACTOR,
            )
        ],
        figures=[
            Figure(
                category="killed",
                value=300,
                qualifier="approx",
                actor=["PRK"],
                claimant=["KOR"],
                attribution=0,
                number=span(TEXT_A, "about 300"),
                evidence=span(TEXT_A, "about 300 North Korean soldiers had been killed"),
                extractor=EXTRACTOR,
            )
        ],
        events=[
            Event(
                type="ASSAULT",
                actor=["UKR"],
                recipient=["PRK"],
                country="RUS",
                place="Kursk",
                date="2025-01-11",
                date_source="text",
                status="factual",
                trigger=span(TEXT_A, "attacked"),
                evidence=span(TEXT_A, "Ukraine attacked North Korean positions near Kursk"),
                extractor=EXTRACTOR,
            )
        ],
    )
    b = _article(TEXT_B, "Meridian Wire", date(2025, 1, 15), "Kyiv: 3,000 casualties")
    analysis_b = Analysis(
        article_id=b.id,
        published=b.published,
        actors=[
            _mention(TEXT_B, "Kyiv", "UKR", "GOV", "Ukraine"),
            _mention(TEXT_B, "North Korean", "PRK", "MIL", "North Korea"),
            _mention(TEXT_B, "Moscow", "RUS", "GOV", "Russia"),
        ],
        timexes=[_timex(TEXT_B, "last autumn", "2024-FA")],
        places=[
            Place(
                span=span(TEXT_B, "Kyiv"),
                name="Kyiv",
                country="UA",
                lat=50.45,
                lon=30.52,
                feature="city",
                extractor=EXTRACTOR,
            ),
            _kursk(TEXT_B),
        ],
        attributions=[
            Attribution(
                speaker=span(TEXT_B, "Kyiv"),
                speaker_actor=Actor(code="UKR", sector="GOV", name="Ukraine"),
                kind="indirect",
                content=span(TEXT_B, "3,000 North Korean troops had been killed or wounded"),
                cue=span(TEXT_B, "said"),
                extractor=EXTRACTOR,
            ),
            Attribution(
                speaker=span(TEXT_B, "Moscow"),
                speaker_actor=Actor(code="RUS", sector="GOV", name="Russia"),
                kind="indirect",
                content=span(TEXT_B, "sending troops to Kursk last autumn"),
                cue=span(TEXT_B, "denied"),
                certainty="denied",
                extractor=EXTRACTOR,
            ),
        ],
        figures=[
            Figure(
                category="casualties",
                value=3000,
                qualifier="exact",
                actor=["PRK"],
                claimant=["UKR"],
                attribution=0,
                number=span(TEXT_B, "3,000"),
                evidence=span(TEXT_B, "3,000 North Korean troops had been killed or wounded"),
                extractor=EXTRACTOR,
            )
        ],
        events=[
            Event(
                type="AID",
                actor=["PRK"],
                recipient=["RUS"],
                country="RUS",
                place="Kursk",
                date="2024-FA",
                date_source="text",
                status="denied",
                claimant=["RUS"],
                trigger=span(TEXT_B, "sending"),
                evidence=span(TEXT_B, "sending troops to Kursk last autumn"),
                extractor=EXTRACTOR,
            )
        ],
    )
    c = _article(TEXT_C, None, None, "Undated report")
    analysis_c = Analysis(
        article_id=c.id,
        actors=[_mention(TEXT_C, "Pyongyang", "PRK", "GOV", "North Korea")],
        places=[
            Place(
                span=span(TEXT_C, "Russia"),
                name="Russia",
                country="RU",
                lat=60.0,
                lon=100.0,
                feature="country",
                extractor=EXTRACTOR,
            )
        ],
        figures=[
            Figure(
                category="troops",
                value=12000,
                qualifier="exact",
                actor=["PRK"],
                number=span(TEXT_C, "12,000"),
                evidence=span(TEXT_C, "sent 12,000 troops"),
                extractor=EXTRACTOR,
            )
        ],
        events=[
            Event(
                type="AID",
                actor=["PRK"],
                recipient=["RUS"],
                country="RUS",
                place="Russia",
                date="2024",
                date_source="text",
                trigger=span(TEXT_C, "sent"),
                evidence=span(TEXT_C, "Pyongyang sent 12,000 troops to Russia in 2024"),
                extractor=EXTRACTOR,
            )
        ],
    )
    return [(a, analysis_a), (b, analysis_b), (c, analysis_c)]


ARTICLES = build_articles()
ID_A, ID_B, ID_C = (article.id for article, _ in ARTICLES)


def fill(store: Store, pairs: list[tuple[Article, Analysis]]) -> None:
    """Save the articles and analyses, and file them into stories oldest first, as ingest does."""
    from sitrep.store.stories import update_stories

    with store.begin() as conn:
        for article, analysis in pairs:
            save_article(conn, article)
            save_analysis(conn, analysis)
            update_stories(conn, article, analysis)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the API's one error shape with this status (and code)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "status"}
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return dict(error)


def app_for(store: Store, api: ApiSettings | None = None, analyzer: Any = None) -> Any:
    settings = Settings(db_url=store.engine.url.render_as_string(hide_password=False))
    return create_app(settings, api=api or ApiSettings(token=TOKEN), store=store, analyzer=analyzer)
