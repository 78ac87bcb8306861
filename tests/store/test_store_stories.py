"""Stored stories: the incremental update equals batch grouping, loads only candidate stories,
and a user's split or merge survives re-analysis (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.errors import InputError, NotFoundError
from sitrep.reconcile import ReconcileOptions, assign_stories
from sitrep.records import Analysis, Article, Event, Figure, TextSpan
from sitrep.store import Store, save_analysis, save_article
from sitrep.store.schema import story_constraints, story_members, story_merges
from sitrep.store.stories import rebuild_stories, update_stories
from sitrep.store.story_edits import merge_stories, parse_item, split_story
from sitrep.store.story_queries import get_story, list_stories, story_ids

Pair = tuple[Article, Analysis]


def _span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start=start, end=start + len(part), text=part)


def _event(text: str, actor: list[str], recipient: list[str], **fields: Any) -> Event:
    return Event.model_validate(
        {
            "type": fields.pop("type", "ASSAULT"),
            "actor": actor,
            "recipient": recipient,
            "date_source": "text" if fields.get("date") else "none",
            "trigger": _span(text, text.split()[0]),
            "evidence": _span(text, text),
            "extractor": "test",
            **fields,
        }
    )


def _figure(text: str, number: str, category: str, value: float, **fields: Any) -> Figure:
    return Figure.model_validate(
        {
            "category": category,
            "value": value,
            "qualifier": fields.pop("qualifier", "exact"),
            "actor": fields.pop("actor", ["PRK"]),
            "number": _span(text, number),
            "evidence": _span(text, text),
            "extractor": "test",
            **fields,
        }
    )


def _report(
    article_id: str, published: str, text: str, events: list[Event], figures: list[Figure]
) -> Pair:
    day = date.fromisoformat(published)
    article = Article(id=article_id, text=text, published=day, outlet=f"Wire {article_id}")
    return article, Analysis(article_id=article_id, published=day, events=events, figures=figures)


CAPTURE = "Ukrainian forces captured two North Korean soldiers in Kursk."
CAPTURE_2 = "Kyiv said its troops had taken two North Korean soldiers prisoner."
NIS_100 = "At least 100 North Korean soldiers have been killed, the spy agency said."
NIS_300 = "About 300 North Korean soldiers have been killed and 2,700 wounded, a lawmaker said."
NIS_2000 = "Some 2,000 North Korean soldiers have been killed, Seoul said."
KYIV_3000 = "Kyiv said 3,000 North Korean soldiers had been killed or wounded."


def corpus() -> list[Pair]:
    """Oldest first: a capture reported three times, a killed series, wounded, casualties."""
    kor = {"claimant": ["KOR"]}
    return [
        _report("n1", "2024-12-19", NIS_100, [], [_figure(NIS_100, "100", "killed", 100, **kor)]),
        _report(
            "a1",
            "2025-01-11",
            CAPTURE,
            [_event(CAPTURE, ["UKR"], ["PRK"], mode="abduct", date="2025-01-09")],
            [_figure(CAPTURE, "two", "captured", 2)],
        ),
        _report(
            "a2",
            "2025-01-12",
            CAPTURE_2,
            [
                _event(CAPTURE_2, ["UKR"], ["PRK"], mode="abduct", date="2025-01"),
                _event(CAPTURE_2, ["UKR"], ["PRK"]),
            ],
            [_figure(CAPTURE_2, "two", "captured", 2)],
        ),
        _report(
            "n2",
            "2025-01-14",
            NIS_300,
            [],
            [
                _figure(NIS_300, "300", "killed", 300, qualifier="approx", **kor),
                _figure(NIS_300, "2,700", "wounded", 2700, **kor),
            ],
        ),
        _report(
            "k1",
            "2025-01-15",
            KYIV_3000,
            [],
            [_figure(KYIV_3000, "3,000", "casualties", 3000, claimant=["UKR"])],
        ),
        _report(
            "n4", "2025-09-02", NIS_2000, [], [_figure(NIS_2000, "2,000", "killed", 2000, **kor)]
        ),
    ]


def _add(conn: Connection, pairs: list[Pair], options: ReconcileOptions | None = None) -> None:
    for article, analysis in pairs:
        save_article(conn, article)
        save_analysis(conn, analysis)
        update_stories(conn, article, analysis, options)


def _stored(conn: Connection) -> dict[tuple[str, str, int], str]:
    rows = conn.execute(
        sa.select(
            story_members.c.layer,
            story_members.c.article_id,
            story_members.c.position,
            story_members.c.story_id,
        )
    )
    return {(layer, a, p): s for layer, a, p, s in rows}


def _batch(pairs: list[Pair]) -> dict[tuple[str, str, int], str]:
    assignment = assign_stories(pairs)
    found = {("events", a, p): s for (a, p), s in assignment.events.items()}
    return found | {("figures", a, p): s for (a, p), s in assignment.figures.items()}


def test_incremental_update_equals_batch_grouping_and_round_trips(store: Store) -> None:
    pairs = corpus()
    with store.begin() as conn:
        _add(conn, pairs)
    with store.begin() as conn:
        assert _stored(conn) == _batch(pairs)
        killed = story_ids(conn, "n1")[("figures", 0)]
        detail = get_story(conn, killed[:6])
        assert detail.id == killed and detail.kind == "figure" and detail.subject == "killed"
        assert [m.item for m in detail.members] == [
            ("n1", "figures", 0),
            ("n2", "figures", 0),
            ("n4", "figures", 0),
        ]
        assert [m.article.outlet for m in detail.members] == ["Wire n1", "Wire n2", "Wire n4"]
        assert [d.action for d in detail.decisions] == ["start", "join", "join"]
        assert detail.decisions[1].fields is not None
        assert detail.decisions[1].fields["category"] == "killed"
        assert [c.value for c in detail.claims()] == [100, 300, 2000]
        summaries = {s.id: s for s in list_stories(conn, kind="figure", actor="PRK")}
        assert summaries[killed].reports == 3 and summaries[killed].outlets == 3
        assert (summaries[killed].low, summaries[killed].high) == (100, 2000)
        assert summaries[killed].first == date(2024, 12, 19)
        capture = story_ids(conn, "a1")[("events", 0)]
        assert [s.id for s in list_stories(conn, kind="event", min_reports=2)] == [capture]
        assert list_stories(conn, subject="wounded")[0].label == "wounded of PRK"


RECALLED = "Ri was captured by Ukrainian forces in Kursk and now wants to stay in the South."


def test_a_stored_story_dates_its_undated_reports_for_a_later_recall(store: Store) -> None:
    def capture(article_id: str, published: str, text: str, day: str | None = None) -> Pair:
        event = _event(
            text, ["UKR"], ["PRK"], mode="abduct", date=day, trigger=_span(text, "captured")
        )
        return _report(article_id, published, text, [event], [])

    pairs = [
        capture("c1", "2025-01-11", CAPTURE, "2025-01-09"),
        capture("c2", "2025-01-12", CAPTURE),
        capture("c3", "2025-02-19", RECALLED),
    ]
    with store.begin() as conn:
        _add(conn, pairs)
    with store.begin() as conn:
        assert _stored(conn) == _batch(pairs)
        ids = {a.id: story_ids(conn, a.id)[("events", 0)] for a, _ in pairs}
        assert ids["c1"] == ids["c2"] == ids["c3"]
        joined = get_story(conn, ids["c1"]).decisions[-1]
        assert joined.fields is not None
        # The reason shown is that of the closest member: the dated report it recalls.
        assert joined.fields["date"] == "2025-01-09 recalled in report of 2025-02-19"


def test_rebuild_gives_the_same_stories(store: Store) -> None:
    pairs = corpus()
    with store.begin() as conn:
        _add(conn, list(reversed(pairs)))  # out of order: a different, but valid, grouping
    with store.begin() as conn:
        assert rebuild_stories(conn) == len(pairs)
        assert _stored(conn) == _batch(pairs)


def test_a_new_article_loads_only_candidate_stories(store: Store) -> None:
    noise = []
    for n in range(40):
        text = f"Sudan's army reported {n + 5} civilians killed in Darfur."
        noise.append(
            _report(
                f"s{n:02d}",
                "2025-04-01",
                text,
                [_event(text, ["RSF"], ["SDN"], date=f"2025-03-{n % 28 + 1:02d}")],
                [_figure(text, str(n + 5), "killed", n + 5, actor=["SDN"])],
            )
        )
    options = ReconcileOptions(max_compared_members=10)
    with store.begin() as conn:
        _add(conn, corpus() + noise, options)
        text = "Ukraine's forces captured two North Korean soldiers, officials said."
        article, analysis = _report(
            "new",
            "2025-01-13",
            text,
            [_event(text, ["UKR"], ["PRK"], mode="abduct")],
            [_figure(text, "two", "captured", 2)],
        )
        save_article(conn, article)
        save_analysis(conn, analysis)
        update = update_stories(conn, article, analysis, options)
        # The capture stories (UKR ASSAULT, PRK captured) only: no Sudan story was read.
        assert update.loaded_stories == 3
        assert update.loaded_members == 5
        assert update.decisions[0].story == story_ids(conn, "a1")[("events", 0)]
        # A long series is read up to max_compared_members, whatever its length.
        text = "Sudan's army reported 60 civilians killed in Darfur."
        article, analysis = _report(
            "late",
            "2025-04-02",
            text,
            [],
            [_figure(text, "60", "killed", 60, actor=["SDN"])],
        )
        save_article(conn, article)
        save_analysis(conn, analysis)
        update = update_stories(conn, article, analysis, options)
        assert update.loaded_members <= options.max_compared_members


def _reanalyse(conn: Connection, pair: Pair, analysis: Analysis | None = None) -> None:
    article, old = pair
    save_analysis(conn, analysis or old)
    update_stories(conn, article, analysis or old)


def test_a_split_survives_reanalysis(store: Store) -> None:
    pairs = corpus()
    by_id = {article.id: (article, analysis) for article, analysis in pairs}
    with store.begin() as conn:
        _add(conn, pairs)
        killed = story_ids(conn, "n1")[("figures", 0)]
        new = split_story(conn, killed, [parse_item(conn, "n4:figures:0")])
        assert new != killed and story_ids(conn, "n4")[("figures", 0)] == new
        assert get_story(conn, new).decisions[0].action == "split"
    with store.begin() as conn:
        # n4 re-analysed, now with an extra figure in front: positions shift, the split holds.
        _, analysis = by_id["n4"]
        extra = _figure(NIS_2000, "Seoul", "other", 1, actor=["KOR"])
        _reanalyse(
            conn, by_id["n4"], analysis.model_copy(update={"figures": [extra, *analysis.figures]})
        )
        # Its story was n4 alone, so it is filed anew, but never back into the killed series.
        assert story_ids(conn, "n4")[("figures", 1)] not in {killed, new}
        # The members left behind stay together and apart from the split item.
        _reanalyse(conn, by_id["n2"])
        assert story_ids(conn, "n2")[("figures", 0)] == killed
        assert [m.item[0] for m in get_story(conn, killed).members] == ["n1", "n2"]
        kinds = conn.execute(sa.select(story_constraints.c.kind)).scalars().all()
        assert set(kinds) == {"cannot"}


def test_a_merge_survives_reanalysis(store: Store) -> None:
    pairs = corpus()
    by_id = {article.id: (article, analysis) for article, analysis in pairs}
    with store.begin() as conn:
        _add(conn, pairs)
        wounded = story_ids(conn, "n2")[("figures", 1)]
        casualties = story_ids(conn, "k1")[("figures", 0)]
        assert merge_stories(conn, casualties, wounded) == casualties
        assert story_ids(conn, "n2")[("figures", 1)] == casualties
        with pytest.raises(NotFoundError):
            get_story(conn, wounded)
    with store.begin() as conn:
        _reanalyse(conn, by_id["n2"])
        assert story_ids(conn, "n2")[("figures", 1)] == casualties
        _reanalyse(conn, by_id["k1"])
        assert story_ids(conn, "k1")[("figures", 0)] == casualties
        users = conn.execute(
            sa.select(story_merges.c.action)
            .where(story_merges.c.decided_by == "user")
            .order_by(story_merges.c.id)
        ).scalars()
        # The merge, then the must-links that placed the re-analysed items.
        assert list(users) == ["merge", "join", "join"]


def test_reanalysis_drops_stories_left_empty(store: Store) -> None:
    pairs = corpus()
    by_id = {article.id: (article, analysis) for article, analysis in pairs}
    with store.begin() as conn:
        _add(conn, pairs)
        casualties = story_ids(conn, "k1")[("figures", 0)]
        article, analysis = by_id["k1"]
        save_analysis(conn, analysis.model_copy(update={"figures": []}))
        update = update_stories(conn, article, analysis.model_copy(update={"figures": []}))
        assert update.removed == [casualties]
        assert not list_stories(conn, subject="casualties")
        # Re-adding the same figure may reuse the freed id: the story is new and alone.
        _reanalyse(conn, by_id["k1"])
        assert len(get_story(conn, story_ids(conn, "k1")[("figures", 0)]).members) == 1


def test_user_errors_say_what_to_do(store: Store) -> None:
    with store.begin() as conn:
        _add(conn, corpus())
        killed = story_ids(conn, "n1")[("figures", 0)]
        capture = story_ids(conn, "a1")[("events", 0)]
        with pytest.raises(InputError, match="one kind"):
            merge_stories(conn, killed, capture)
        with pytest.raises(InputError, match="ARTICLE_ID_PREFIX"):
            parse_item(conn, "n1:figure:0")
        with pytest.raises(NotFoundError, match="Not members"):
            split_story(conn, killed, [("a1", "events", 0)])
        with pytest.raises(InputError, match="empty"):
            split_story(conn, capture, [m.item for m in get_story(conn, capture).members])
        with pytest.raises(NotFoundError, match="sitrep stories"):
            get_story(conn, "ev-00000000")
