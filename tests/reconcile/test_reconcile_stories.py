"""Grouping of events and figures into stories, on small hand-built analyses."""

from __future__ import annotations

import random
from datetime import date

import pytest

from sitrep.reconcile import StoryIndex, assign_stories, events
from sitrep.reconcile.events import compare_events, event_item, lookup_keys, stem
from sitrep.reconcile.events import index_keys as event_keys
from sitrep.reconcile.figures import compare_figures, figure_item
from sitrep.records import Analysis, Article, Event, Figure, TextSpan


def _span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start=start, end=start + len(part), text=part)


def event(
    text: str,
    type: str,
    actor: list[str],
    recipient: list[str],
    *,
    date: str | None = None,
    mode: str | None = None,
    status: str = "factual",
    country: str | None = None,
    trigger: str | None = None,
) -> Event:
    return Event.model_validate(
        {
            "type": type,
            "mode": mode,
            "actor": actor,
            "recipient": recipient,
            "date": date,
            "date_source": "text" if date else "none",
            "status": status,
            "country": country,
            "trigger": _span(text, trigger or text.split()[0]),
            "evidence": _span(text, text),
            "extractor": "test",
        }
    )


def figure(
    text: str,
    number: str,
    category: str,
    value: float,
    actor: list[str],
    *,
    claimant: list[str] | None = None,
    qualifier: str = "exact",
) -> Figure:
    return Figure.model_validate(
        {
            "category": category,
            "value": value,
            "qualifier": qualifier,
            "actor": actor,
            "claimant": claimant,
            "number": _span(text, number),
            "evidence": _span(text, text),
            "extractor": "test",
        }
    )


def report(
    article_id: str,
    published: str,
    text: str,
    events: list[Event] | None = None,
    figures: list[Figure] | None = None,
) -> tuple[Article, Analysis]:
    day = date.fromisoformat(published)
    article = Article(id=article_id, text=text, published=day, outlet=f"outlet {article_id}")
    analysis = Analysis(
        article_id=article_id, published=day, events=events or [], figures=figures or []
    )
    return article, analysis


CAPTURE = "Ukrainian forces captured two North Korean soldiers in Kursk."
CAPTURE_2 = "Kyiv said its troops had taken two North Korean soldiers prisoner."
FIGHTING = "Ukrainian units fought North Korean troops near Kursk."


def _capture_reports() -> list[tuple[Article, Analysis]]:
    return [
        report(
            "a1",
            "2025-01-11",
            CAPTURE,
            [event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], mode="abduct", date="2025-01-09")],
        ),
        report(
            "a2",
            "2025-01-12",
            CAPTURE_2,
            [
                event(CAPTURE_2, "ASSAULT", ["UKR"], ["PRK"], mode="abduct", date="2025-01"),
                event(CAPTURE_2, "ASSAULT", ["UKR"], ["PRK"]),
            ],
        ),
        report(
            "a3",
            "2025-01-13",
            CAPTURE,
            [event(CAPTURE, "ASSAULT", ["UKR"], ["PRK", "RUS"], mode="abduct", country="RUS")],
        ),
    ]


def test_reports_of_one_capture_form_one_story() -> None:
    assignment = assign_stories(_capture_reports())
    capture = assignment.events[("a1", 0)]
    assert assignment.events[("a2", 0)] == capture
    assert assignment.events[("a3", 0)] == capture
    # Fighting without a mode is a vaguer, different report: its own story.
    assert assignment.events[("a2", 1)] != capture
    story = next(s for s in assignment.stories if s.id == capture)
    assert story.kind == "event"
    assert story.members == [("a1", 0), ("a2", 0), ("a3", 0)]
    assert len(story.reasons) == 2
    assert story.reasons[0].fields["mode"] == "abduct"
    assert story.reasons[0].fields["date"] == "2025-01-09 ~ 2025-01"
    assert story.reasons[0].score > 0


def test_grouping_and_ids_do_not_depend_on_input_order() -> None:
    reports = _capture_reports()
    expected = assign_stories(reports)
    for seed in range(5):
        shuffled = list(reports)
        random.Random(seed).shuffle(shuffled)
        again = assign_stories(shuffled)
        assert again.events == expected.events
        assert again.stories == expected.stories
    assert expected.events[("a1", 0)].startswith("ev-")


def test_two_events_of_one_article_never_share_a_story() -> None:
    text = "Ukraine captured two North Korean soldiers; Ukraine captured two more, Kyiv said."
    first = report(
        "b1",
        "2025-01-11",
        CAPTURE,
        [event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], mode="abduct")],
    )
    second = report(
        "b2",
        "2025-01-12",
        text,
        [
            event(text, "ASSAULT", ["UKR"], ["PRK"], mode="abduct"),
            event(text, "ASSAULT", ["UKR"], ["PRK"], mode="abduct", country="RUS"),
        ],
    )
    assignment = assign_stories([first, second])
    ids = [assignment.events[("b2", 0)], assignment.events[("b2", 1)]]
    assert ids[0] != ids[1]
    assert assignment.events[("b1", 0)] in ids


def test_dates_compare_by_granularity() -> None:
    article = Article(id="x", text=CAPTURE, published=date(2025, 1, 20))
    day = event_item(
        article,
        article.published,
        0,
        event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date="2025-01-11"),
    )
    month = event_item(
        article, article.published, 1, event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date="2025-01")
    )
    other = event_item(
        article,
        article.published,
        2,
        event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date="2024-12-02"),
    )
    autumn = event_item(
        article, article.published, 3, event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date="2024-FA")
    )
    october = event_item(
        article, article.published, 4, event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date="2024-10")
    )
    assert compare_events(day, month).compatible
    assert not compare_events(day, other).compatible
    assert compare_events(autumn, october).compatible
    assert not compare_events(autumn, month).compatible


TREATY = "Russia and North Korea signed a strategic partnership treaty in Pyongyang in June 2024."
TREATY_RECALLED = (
    "The two states signed a strategic partnership treaty in June 2024, Seoul recalled."
)
TREATY_UNDATED = "North Korea and Russia deepened ties after signing a treaty, officials said."


def test_dated_background_mention_joins_the_original_event() -> None:
    symmetric = ["RUS", "PRK"]
    original = report(
        "t1",
        "2024-06-19",
        TREATY,
        [event(TREATY, "SUPPORT", symmetric, symmetric, date="2024-06-19")],
    )
    recalled = report(
        "t2",
        "2025-05-02",
        TREATY_RECALLED,
        [event(TREATY_RECALLED, "SUPPORT", symmetric, symmetric, date="2024-06")],
    )
    undated = report(
        "t3",
        "2025-05-03",
        TREATY_UNDATED,
        [event(TREATY_UNDATED, "SUPPORT", symmetric, symmetric)],
    )
    assignment = assign_stories([original, recalled, undated])
    assert assignment.events[("t2", 0)] == assignment.events[("t1", 0)]
    # Ten months after the event, an undated mention with another trigger word and few shared
    # words cannot be placed: it stays apart.
    assert assignment.events[("t3", 0)] != assignment.events[("t1", 0)]


PACT = "signed a mutual defence pact with Kim Jong Un in Pyongyang in June, Putin said."
PACT_RECALLED = (
    "signed a partnership agreement with Kim Jong Un, which included a mutual defence pact"
)
PACT_EXACT = "signed a partnership agreement in Pyongyang on 19 June 2024"
TEST_RECALLED = "signed a mutual defence pact with Kim Jong Un, state media said"
PACT_AGREED = "agreed a mutual defence pact with Kim Jong Un, state media said"


def test_undated_recall_of_a_dated_happening_joins_it_months_later() -> None:
    symmetric = ["RUS", "PRK"]
    original = report(
        "r1", "2024-10-18", PACT, [event(PACT, "SUPPORT", symmetric, symmetric, date="2024-06")]
    )
    recalled = report(
        "r2",
        "2024-12-19",
        PACT_RECALLED,
        [event(PACT_RECALLED, "SUPPORT", symmetric, symmetric)],
    )
    exact = report(
        "r3",
        "2025-06-17",
        PACT_EXACT,
        [event(PACT_EXACT, "SUPPORT", symmetric, symmetric, date="2024-06-19")],
    )
    assignment = assign_stories([original, recalled, exact])
    story = assignment.events[("r1", 0)]
    assert assignment.events[("r2", 0)] == story
    assert assignment.events[("r3", 0)] == story
    # A dated report finds an earlier undated recall too (filed under the recall's month).
    later = assign_stories([recalled, exact])
    assert later.events[("r3", 0)] == later.events[("r2", 0)]


def test_a_year_holds_the_day_of_a_signing_beside_its_undated_recalls() -> None:
    """A treaty is signed once: "signed a security treaty last year" is the signing the story dates
    to June 19th, also beside an undated recall of it (a year stands for no capture's day:
    `test_a_month_joins_a_story_whose_day_it_holds_with_its_undated_reports`)."""
    symmetric = ["RUS", "PRK"]
    story = [
        report(
            "y1",
            "2024-10-18",
            PACT_EXACT,
            [event(PACT_EXACT, "SUPPORT", symmetric, symmetric, date="2024-06-19")],
        ),
        report(
            "y2",
            "2024-12-19",
            PACT_RECALLED,
            [event(PACT_RECALLED, "SUPPORT", symmetric, symmetric)],
        ),
    ]
    # Few words shared with the undated recall: no recall of it in the same words
    last_year = "signed a security treaty during a visit last year, officials said"
    year = report(
        "y3",
        "2025-04-30",
        last_year,
        [event(last_year, "SUPPORT", symmetric, symmetric, date="2024")],
    )
    assignment = assign_stories([*story, year])
    assert len({assignment.events[(key, 0)] for key in ("y1", "y2", "y3")}) == 1
    # Another act of the same year stays apart from the undated recall's story.
    agreed = "agreed a security treaty during a visit last year, officials said"
    other = report(
        "y4", "2025-04-30", agreed, [event(agreed, "SUPPORT", symmetric, symmetric, date="2024")]
    )
    assignment = assign_stories([*story, other])
    assert assignment.events[("y4", 0)] != assignment.events[("y1", 0)]


def test_a_recall_needs_the_same_trigger_and_a_past_date() -> None:
    symmetric = ["RUS", "PRK"]
    article = Article(id="x", text=PACT, published=date(2024, 12, 19))
    dated = event_item(
        article,
        date(2024, 10, 18),
        0,
        event(PACT, "SUPPORT", symmetric, symmetric, date="2024-06"),
    )
    recall = event_item(
        article, article.published, 1, event(TEST_RECALLED, "SUPPORT", symmetric, symmetric)
    )
    other_trigger = event_item(
        article, article.published, 2, event(PACT_AGREED, "SUPPORT", symmetric, symmetric)
    )
    later = event_item(
        article,
        date(2024, 10, 18),
        3,
        event(PACT, "SUPPORT", symmetric, symmetric, date="2025-03"),
    )
    assert compare_events(dated, recall).compatible
    # "agreed" is another trigger (the test helper takes the first word as the trigger).
    assert not compare_events(dated, other_trigger).compatible
    # A mention published before the happening cannot recall it.
    assert not compare_events(later, recall).compatible


LOSSES = [
    ("l1", "2024-11-08", "fighting with Ukrainian troops in Kursk killed North Korean soldiers"),
    ("l2", "2024-12-19", "fighting in Kursk: at least 100 North Korean soldiers were killed"),
    ("l3", "2025-04-28", "fighting against Ukrainian forces, in which North Korean troops died"),
]


def test_undated_fighting_between_the_same_sides_is_one_ongoing_story() -> None:
    reports = [
        report(key, day, text, [event(text, "ASSAULT", ["UKR"], ["PRK"])])
        for key, day, text in LOSSES
    ]
    assignment = assign_stories(reports)
    assert len({assignment.events[(key, 0)] for key, _, _ in LOSSES}) == 1


def test_ongoing_fighting_needs_no_mode_no_novelty_and_the_same_sides() -> None:
    article = Article(id="x", text=LOSSES[0][2], published=date(2024, 11, 8))
    later = date(2025, 4, 28)
    base = event_item(
        article, article.published, 0, event(LOSSES[0][2], "ASSAULT", ["UKR"], ["PRK"])
    )
    same = event_item(article, later, 1, event(LOSSES[2][2], "ASSAULT", ["UKR"], ["PRK"]))
    capture = event_item(
        article,
        later,
        2,
        event(LOSSES[2][2], "ASSAULT", ["UKR"], ["PRK"], mode="abduct"),
    )
    new = "fighting resumed as new attacks hit North Korean units"
    novel = event_item(article, later, 3, event(new, "ASSAULT", ["UKR"], ["PRK"]))
    wider = event_item(article, later, 4, event(LOSSES[2][2], "ASSAULT", ["UKR"], ["PRK", "RUS"]))
    aid = event_item(article, later, 5, event(LOSSES[2][2], "AID", ["UKR"], ["PRK"]))
    base_aid = event_item(
        article, article.published, 6, event(LOSSES[0][2], "AID", ["UKR"], ["PRK"])
    )
    assert compare_events(base, same).compatible
    assert not compare_events(base, capture).compatible
    assert not compare_events(base, novel).compatible
    assert not compare_events(base, wider).compatible
    assert not compare_events(base_aid, aid).compatible


def test_plans_and_facts_months_apart_stay_apart() -> None:
    plan = "North Korea will send troops to Russia, Seoul said."
    deed = "North Korea sent troops to Russia, Seoul said."
    assignment = assign_stories(
        [
            report(
                "p1", "2024-10-18", plan, [event(plan, "AID", ["PRK"], ["RUS"], status="future")]
            ),
            report("p2", "2024-12-19", deed, [event(deed, "AID", ["PRK"], ["RUS"])]),
        ]
    )
    assert assignment.events[("p1", 0)] != assignment.events[("p2", 0)]


NIS_100 = "At least 100 North Korean soldiers have been killed, the spy agency said."
NIS_300 = "About 300 North Korean soldiers have been killed and 2,700 wounded, a lawmaker said."
NIS_2000 = "Some 2,000 North Korean soldiers have been killed, Seoul said."
DEPLOYED = "North Korea has sent about 11,000 troops to Russia."
ADDITIONAL = "North Korea sent another 3,000 troops to Russia in early 2025."
MORE_THAN = "North Korea has sent more than 10,000 troops to Russia."


def _series_reports() -> list[tuple[Article, Analysis]]:
    return [
        report(
            "n1",
            "2024-12-19",
            NIS_100 + " " + DEPLOYED,
            [],
            [
                figure(NIS_100, "100", "killed", 100, ["PRK"], claimant=["KOR"]),
                figure(DEPLOYED, "11,000", "troops", 11000, ["PRK"], claimant=["KOR"]),
            ],
        ),
        report(
            "n2",
            "2025-01-14",
            NIS_300,
            [],
            [
                figure(NIS_300, "300", "killed", 300, ["PRK"], claimant=["KOR"]),
                figure(NIS_300, "2,700", "wounded", 2700, ["PRK"], claimant=["KOR"]),
            ],
        ),
        report(
            "n3",
            "2025-03-27",
            ADDITIONAL + " " + MORE_THAN,
            [],
            [
                figure(ADDITIONAL, "3,000", "troops", 3000, ["PRK"], claimant=["KOR"]),
                figure(MORE_THAN, "10,000", "troops", 10000, ["PRK"], qualifier="at_least"),
            ],
        ),
        report(
            "n4",
            "2025-09-02",
            NIS_2000,
            [],
            [figure(NIS_2000, "2,000", "killed", 2000, ["PRK"], claimant=["KOR"])],
        ),
    ]


def test_figure_series_by_category_whatever_the_value() -> None:
    figures = assign_stories(_series_reports()).figures
    killed = figures[("n1", 0)]
    assert killed.startswith("fig-")
    assert figures[("n2", 0)] == killed
    assert figures[("n4", 0)] == killed
    assert figures[("n2", 1)] != killed  # wounded is another series


def test_additional_troops_are_another_reference_than_the_total() -> None:
    figures = assign_stories(_series_reports()).figures
    deployed = figures[("n1", 1)]
    assert figures[("n3", 1)] == deployed  # "more than 10,000" is a total, not an increment
    assert figures[("n3", 0)] != deployed  # "another 3,000"


def test_figures_of_one_document_may_share_a_series() -> None:
    text = "More than 400 North Korean soldiers were killed; the exact toll is 404 soldiers."
    figures = assign_stories(
        [
            report(
                "d1",
                "2025-02-01",
                text,
                [],
                [
                    figure(text, "400", "killed", 400, ["PRK"], qualifier="at_least"),
                    figure(text, "404", "killed", 404, ["PRK"]),
                ],
            )
        ]
    ).figures
    assert figures[("d1", 0)] == figures[("d1", 1)]


def test_subgroups_of_the_dead_are_their_own_series() -> None:
    toll = "At least 100 people were killed in the attack on the camp."
    aid = "Nine aid workers were among those killed in the camp."
    article = Article(id="s", text=toll + " " + aid, published=date(2025, 4, 12))
    whole = figure_item(article, article.published, 0, figure(toll, "100", "killed", 100, ["SDN"]))
    part = figure_item(article, article.published, 1, figure(aid, "Nine", "killed", 9, ["SDN"]))
    assert part.role == "aid workers"
    assert compare_figures(whole, part).fields == {"blocked": "role"}


def test_sappers_and_builders_are_different_contingents() -> None:
    plan = "Pyongyang will send 1,000 sappers and 5,000 military builders to Russia."
    later = "About 1,000 combat engineers have already arrived in Russia."
    figures = assign_stories(
        [
            report(
                "e1",
                "2025-06-17",
                plan,
                [],
                [
                    figure(plan, "1,000", "troops", 1000, ["PRK"]),
                    figure(plan, "5,000", "troops", 5000, ["PRK"]),
                ],
            ),
            report(
                "e2", "2025-09-02", later, [], [figure(later, "1,000", "troops", 1000, ["PRK"])]
            ),
        ]
    ).figures
    assert figures[("e2", 0)] == figures[("e1", 0)]
    assert figures[("e1", 1)] != figures[("e1", 0)]


def test_a_combined_force_is_not_a_count_of_one_party() -> None:
    contingent = "About 11,000 North Korean troops are in Kursk."
    combined = "Moscow massed 50,000 troops, North Korean soldiers among them, near Kursk."
    article = Article(id="c", text=contingent + " " + combined, published=date(2024, 11, 11))
    one = figure_item(
        article, article.published, 0, figure(contingent, "11,000", "troops", 11000, ["PRK"])
    )
    both = figure_item(
        article,
        article.published,
        1,
        figure(combined, "50,000", "troops", 50000, ["RUS", "PRK"]),
    )
    assert compare_figures(one, both).fields == {"blocked": "actor"}


def test_a_new_article_is_compared_only_with_candidate_stories() -> None:
    index = StoryIndex()
    for n in range(30):
        text = f"Sudan's army reported {n + 5} civilians killed in Darfur."
        index.add(
            *report(
                f"s{n}",
                "2025-04-01",
                text,
                [event(text, "ASSAULT", ["RSF"], ["SDN"], date=f"2025-03-{n % 28 + 1:02d}")],
                [figure(text, str(n + 5), "killed", n + 5, ["SDN"])],
            )
        )
    for reported in _capture_reports():
        index.add(*reported)
    before = index.comparisons
    text = "Ukraine's forces captured two North Korean soldiers, officials said."
    decisions = index.add(
        *report(
            "new",
            "2025-01-12",
            text,
            [event(text, "ASSAULT", ["UKR"], ["PRK"], mode="abduct")],
            [figure(text, "two", "captured", 2, ["PRK"])],
        )
    )
    # Only the capture stories (UKR-keyed ASSAULT) were offered; no Sudan story, no figure.
    assert index.comparisons - before <= 4
    event_decision = next(d for d in decisions if d.kind == "event")
    assert event_decision.merge is not None
    assert event_decision.story == index.story_of("event", ("a1", 0))
    figure_decision = next(d for d in decisions if d.kind == "figure")
    assert figure_decision.candidates == 0 and figure_decision.merge is None


def test_lookup_keys_include_the_index_keys() -> None:
    """The store files each key of a story once, relying on lookups finding its own keys."""
    article = Article(id="x", text=CAPTURE, published=date(2025, 1, 20))
    for i, day in enumerate((None, "2025-01-09", "2025-01", "2024", "2024-FA", "202X")):
        item = event_item(
            article, article.published, i, event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], date=day)
        )
        assert set(event_keys(item)) <= set(lookup_keys(item))


def test_a_dated_and_an_undated_report_must_share_their_status() -> None:
    deployed = "North Korean soldiers have been deployed to Russia's Kursk region."
    arrived = "he arrived in Russia on November 5, he said."
    article = Article(id="x", text=deployed, published=date(2024, 11, 8))
    undated = event_item(article, article.published, 0, event(deployed, "AID", ["PRK"], ["RUS"]))
    alleged = event_item(
        article,
        date(2024, 11, 20),
        1,
        event(arrived, "AID", ["PRK"], ["RUS"], date="2024-11-05", status="alleged"),
    )
    factual = event_item(
        article, date(2024, 11, 20), 2, event(arrived, "AID", ["PRK"], ["RUS"], date="2024-11-05")
    )
    month = event_item(
        article, date(2024, 11, 20), 3, event(arrived, "AID", ["PRK"], ["RUS"], date="2024-11")
    )
    assert compare_events(undated, alleged).fields == {"blocked": "status"}
    assert compare_events(undated, factual).compatible
    # "in November" alone does not place the undated report (`COARSE_DAYS`).
    assert compare_events(undated, month).fields == {"blocked": "date"}


def test_a_report_cannot_tell_of_a_happening_after_its_publication() -> None:
    praised = "praised the North Korean troops who fought in Kursk"
    honoured = "praised Kim at a reception at the embassy on 9 May"
    article = Article(id="x", text=praised, published=date(2025, 4, 28))
    undated = event_item(article, article.published, 0, event(praised, "SUPPORT", ["RUS"], ["PRK"]))
    dated = event_item(
        article,
        date(2025, 5, 12),
        1,
        event(honoured, "SUPPORT", ["RUS"], ["PRK"], date="2025-05-09"),
    )
    assert compare_events(undated, dated).fields == {"blocked": "date"}
    # The same report a week later may tell of it.
    week_later = event_item(
        article, date(2025, 5, 12), 2, event(praised, "SUPPORT", ["RUS"], ["PRK"])
    )
    assert compare_events(dated, week_later).compatible


def test_a_prospective_mention_recalls_nothing() -> None:
    fired = "North Korea fired a ballistic missile into the sea on 18 September"
    plans = "North Korea is preparing to fire a ballistic missile, officials said"
    article = Article(id="x", text=plans, published=date(2025, 1, 24))
    launch = event_item(
        article,
        date(2024, 9, 18),
        0,
        event(fired, "MOBILIZE", ["PRK"], [], mode="weapons", date="2024-09-18", trigger="fired"),
    )
    prospective = event_item(
        article,
        article.published,
        1,
        event(plans, "MOBILIZE", ["PRK"], [], mode="weapons", trigger="fire"),
    )
    assert prospective.prospective and not launch.prospective
    assert compare_events(launch, prospective).fields == {"blocked": "date"}


def test_trigger_stems_ignore_a_silent_e() -> None:
    assert stem("capture") == stem("captured") == stem("capturing") == stem("captures")
    assert stem("signed") == stem("signing") == "sign"


CAPTURED_AGAIN = "captured by Ukrainian forces in Kursk in January, he now wants to stay"


def _capture(
    article_id: str,
    published: str,
    text: str,
    day: str | None = None,
    trigger: str = "captured",
) -> tuple[Article, Analysis]:
    captured = event(text, "ASSAULT", ["UKR"], ["PRK"], mode="abduct", date=day, trigger=trigger)
    return report(article_id, published, text, [captured])


def test_an_undated_member_takes_the_date_of_its_story() -> None:
    dated = _capture("a1", "2025-01-11", CAPTURE, "2025-01-09")
    undated = _capture("a2", "2025-01-12", CAPTURE)
    later = _capture("a3", "2025-02-19", CAPTURED_AGAIN)
    # Without a dated report, undated reports six weeks apart stay apart...
    alone = assign_stories([undated, later])
    assert alone.events[("a2", 0)] != alone.events[("a3", 0)]
    # ...but the dated report of the capture dates the story, and the later mention recalls it.
    assignment = assign_stories([dated, undated, later])
    story = assignment.events[("a1", 0)]
    assert assignment.events[("a2", 0)] == story
    assert assignment.events[("a3", 0)] == story
    merged = next(s for s in assignment.stories if s.id == story)
    reason = next(r for r in merged.reasons if r.b == ("a3", 0))
    assert reason.score > 0


def test_a_year_settles_nothing_for_an_undated_member() -> None:
    dated = _capture("a1", "2025-01-11", CAPTURE, "2025-01-09")
    undated = _capture("a2", "2025-01-12", CAPTURE)
    took = "Ukraine took two North Korean soldiers prisoner in Kursk this year"
    taken = event(took, "ASSAULT", ["UKR"], ["PRK"], mode="abduct", date="2025", trigger="took")
    this_year = report("a3", "2025-03-01", took, [taken])
    assignment = assign_stories([dated, undated, this_year])
    assert assignment.events[("a2", 0)] == assignment.events[("a1", 0)]
    # "in 2025" is too coarse to place the undated report, even with the story's date.
    assert assignment.events[("a3", 0)] != assignment.events[("a1", 0)]


def test_lookups_reach_the_stories_of_compatible_types(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "COMPATIBLE_TYPES", frozenset({frozenset({"AID", "MOBILIZE"})}))
    text = "North Korea sent troops to Russia."
    article = Article(id="x", text=text, published=date(2024, 11, 1))
    aid = event_item(article, article.published, 0, event(text, "AID", ["PRK"], ["RUS"]))
    mobilize = event_item(article, article.published, 1, event(text, "MOBILIZE", ["PRK"], []))
    assert set(event_keys(mobilize)) <= set(lookup_keys(aid))
    assert set(event_keys(aid)) <= set(lookup_keys(mobilize))


def test_a_mention_of_the_war_as_a_whole_joins_no_ongoing_fighting() -> None:
    article = Article(id="x", text=LOSSES[0][2], published=date(2024, 11, 8))
    fighting = event_item(
        article, article.published, 0, event(LOSSES[0][2], "ASSAULT", ["UKR"], ["PRK"])
    )
    text = "since the invasion that started the war, North Korean troops were hit"
    later = date(2025, 4, 28)
    for word in ("invasion", "war"):
        war = event_item(article, later, 1, event(text, "ASSAULT", ["UKR"], ["PRK"], trigger=word))
        assert not compare_events(fighting, war).compatible
        assert compare_events(fighting, war).fields["blocked"] == "date"


def test_a_month_places_no_undated_report_by_its_publication_date_alone() -> None:
    text = "In March the rebels received armoured vehicles from their patron"
    march = report(
        "m1",
        "2025-04-02",
        text,
        [event(text, "AID", ["XYZ"], ["REB"], date="2025-03", trigger="received")],
    )
    other = "Trucks of ammunition reached the rebel lines this week"
    undated = report("m2", "2025-04-05", other, [event(other, "AID", ["XYZ"], ["REB"])])
    assignment = assign_stories([march, undated])
    assert assignment.events[("m1", 0)] != assignment.events[("m2", 0)]
    # A week is narrow enough: the undated report near it is placed in it.
    week = report("m3", "2025-04-02", text, [event(text, "AID", ["XYZ"], ["REB"], date="2025-W14")])
    assignment = assign_stories([week, undated])
    assert assignment.events[("m3", 0)] == assignment.events[("m2", 0)]
    # A later report that recalls the March delivery in the same words still joins it.
    recall = "the rebels received armoured vehicles from their patron"
    again = report(
        "m4", "2025-06-20", recall, [event(recall, "AID", ["XYZ"], ["REB"], trigger="received")]
    )
    assignment = assign_stories([march, again])
    assert assignment.events[("m1", 0)] == assignment.events[("m4", 0)]


def test_each_merge_says_what_every_field_added_to_its_score() -> None:
    assignment = assign_stories(_capture_reports())
    story = next(s for s in assignment.stories if s.id == assignment.events[("a1", 0)])
    first = story.reasons[0]
    points = {
        name: float(value)
        for name, value in (part.rsplit(" ", 1) for part in str(first.fields["points"]).split(", "))
    }
    assert {"actor", "date", "mode"} <= set(points)
    # The first merge compares with one member only: its score is the sum of the points.
    assert sum(points.values()) == pytest.approx(first.score, abs=0.01)
    text = "Ukrainian officials said 200 North Korean soldiers were killed."
    killed = [figure(text, "200", "killed", 200, ["PRK"], claimant=["UKR"])]
    figures = assign_stories(
        [
            report("f1", "2025-01-10", text, figures=killed),
            report("f2", "2025-01-12", text, figures=killed),
        ]
    )
    series = next(s for s in figures.stories if s.kind == "figure")
    assert "value 0.50" in str(series.reasons[0].fields["points"])


def test_more_people_hurt_is_no_new_fighting() -> None:
    """ "another 1,000 were wounded" counts more casualties of the fighting already reported; a
    cue before an event noun ("a new offensive") is what marks a new happening."""
    article = Article(id="x", text=LOSSES[0][2], published=date(2024, 11, 8))
    later = date(2025, 1, 20)
    base = event_item(
        article, article.published, 0, event(LOSSES[0][2], "ASSAULT", ["UKR"], ["PRK"])
    )
    more = "another 1,000 were wounded in the fighting with Ukrainian units"
    counted = event_item(
        article, later, 1, event(more, "ASSAULT", ["UKR"], ["PRK"], trigger="wounded")
    )
    assert not counted.novel
    assert compare_events(base, counted).compatible
    offensive = "Ukrainian units launched a new offensive against North Korean positions"
    fresh = event_item(
        article, later, 2, event(offensive, "ASSAULT", ["UKR"], ["PRK"], trigger="launched")
    )
    assert fresh.novel
    assert not compare_events(base, fresh).compatible


def test_a_hedged_report_of_the_fighting_is_of_the_same_fighting() -> None:
    article = Article(id="x", text=LOSSES[0][2], published=date(2024, 11, 8))
    base = event_item(
        article, article.published, 0, event(LOSSES[0][2], "ASSAULT", ["UKR"], ["PRK"])
    )
    hedged = event_item(
        article,
        date(2025, 1, 24),
        1,
        event(LOSSES[2][2], "ASSAULT", ["UKR"], ["PRK"], status="alleged"),
    )
    denied = event_item(
        article,
        date(2025, 1, 24),
        2,
        event(LOSSES[2][2], "ASSAULT", ["UKR"], ["PRK"], status="denied"),
    )
    assert compare_events(base, hedged).compatible
    assert not compare_events(base, denied).compatible


def test_a_dated_offensive_anchors_later_undated_reports_of_that_fighting() -> None:
    start = "Ukraine launched its cross-border offensive into the Kursk region in August"
    later = "the fighting in Kursk between Ukrainian and Russian troops went on"
    article = Article(id="x", text=start, published=date(2024, 9, 1))
    offensive = event_item(
        article,
        article.published,
        0,
        event(start, "ASSAULT", ["UKR"], ["RUS"], date="2024-08", trigger="offensive"),
    )

    def undated(published: date, index: int) -> events.EventItem:
        return event_item(
            article, published, index, event(later, "ASSAULT", ["UKR"], ["RUS"], trigger="fighting")
        )

    assert compare_events(offensive, undated(date(2025, 4, 28), 1)).compatible
    # Not a report published before the offensive began, nor one years after it.
    assert not compare_events(offensive, undated(date(2024, 7, 20), 2)).compatible
    assert not compare_events(offensive, undated(date(2026, 6, 1), 3)).compatible
    # A strike dated to one day is a happening of its own, not the start of a situation.
    strike = event_item(
        article,
        article.published,
        4,
        event(start, "ASSAULT", ["UKR"], ["RUS"], date="2024-08-06", trigger="offensive"),
    )
    assert not compare_events(strike, undated(date(2025, 4, 28), 5)).compatible


def test_a_plan_told_again_months_later_in_the_same_words_is_one_plan() -> None:
    first = "Eritrea will send 800 engineers to clear mines in the Tigray border area"
    again = "Eritrea would send 800 engineers to clear mines in the Tigray border area"
    other = "Eritrea will send doctors to the capital's hospitals"
    assignment = assign_stories(
        [
            report(
                "p1",
                "2025-06-18",
                first,
                [event(first, "AID", ["ERI"], ["ETH"], status="future", trigger="send")],
            ),
            report(
                "p2",
                "2025-09-02",
                again,
                [event(again, "AID", ["ERI"], ["ETH"], status="future", trigger="send")],
            ),
            report(
                "p3",
                "2025-09-03",
                other,
                [event(other, "AID", ["ERI"], ["ETH"], status="future", trigger="send")],
            ),
        ]
    )
    assert assignment.events[("p1", 0)] == assignment.events[("p2", 0)]
    assert assignment.events[("p3", 0)] != assignment.events[("p1", 0)]


def test_a_month_joins_a_story_whose_day_it_holds_with_its_undated_reports() -> None:
    """ "captured in January", weeks later, is the capture the story dates to January 9th, also
    beside the story's undated first report."""
    # The first report's trigger is left to `event` (not "captured"), so that the year below
    # cannot join it as a recall in the same words (`is_background`).
    undated = event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], mode="abduct")
    story = [
        report("c1", "2025-01-10", CAPTURE, [undated]),
        _capture("c2", "2025-01-11", CAPTURE_2, "2025-01-09", "taken"),
    ]
    recalled = "Two soldiers captured by Ukraine in January remain in custody"
    month = _capture("c3", "2025-03-27", recalled, "2025-01")
    assignment = assign_stories([*story, month])
    assert len({assignment.events[(key, 0)] for key in ("c1", "c2", "c3")}) == 1
    # A year holds too many captures to stand for the story's day.
    yearly = "Two soldiers captured by Ukraine in 2025 remain in custody"
    year = _capture("c4", "2025-03-27", yearly, "2025")
    assignment = assign_stories([*story, year])
    assert assignment.events[("c4", 0)] != assignment.events[("c1", 0)]


def test_more_troops_being_readied_is_one_reinforcement_for_weeks_not_months() -> None:
    readying = "Minsk is readying additional units for the front, officials believe"
    again = "Belarus is likely preparing to send more troops to the front, analysts say"
    later = "Belarus plans to send another contingent to the front, officials believe"
    done = "Belarus has sent additional troops to the front"
    texts = {"r1": readying, "r2": again, "r3": later, "r4": done}
    published = {"r1": "2025-02-03", "r2": "2025-03-10", "r3": "2025-09-01", "r4": "2025-03-12"}
    assignment = assign_stories(
        [
            report(
                key,
                published[key],
                text,
                [
                    event(
                        text,
                        "AID",
                        ["BLR"],
                        ["RUS"],
                        status="factual" if key == "r4" else "alleged",
                    )
                ],
            )
            for key, text in texts.items()
        ]
    )
    stories = {key: assignment.events[(key, 0)] for key in texts}
    assert stories["r1"] == stories["r2"]
    # Months later, "another contingent" is the next reinforcement; a deed is no plan.
    assert stories["r3"] != stories["r1"]
    assert stories["r4"] != stories["r1"]


def test_fighting_beside_a_partner_is_no_ongoing_situation_of_its_own() -> None:
    first = "Chadian soldiers are fighting alongside Nigerien troops against the rebels"
    later = "Chadian soldiers have fought the rebels for months"
    losses = "Chadian soldiers fighting alongside Nigerien troops were killed by the rebels"
    losses_later = "the rebels killed dozens of Chadian soldiers near the border"
    article = Article(id="x", text=first, published=date(2025, 2, 1))
    months = date(2025, 6, 1)
    beside = event_item(
        article,
        article.published,
        0,
        event(first, "ASSAULT", ["TCD"], ["Boko Haram"], trigger="fighting"),
    )
    alone = event_item(
        article, months, 1, event(later, "ASSAULT", ["TCD"], ["Boko Haram"], trigger="fought")
    )
    assert beside.allied and not alone.allied
    assert compare_events(beside, alone).fields == {"blocked": "date"}
    # The killing of soldiers who fight beside a partner is no allied act: those reports remain
    # one ongoing situation.
    killed = event_item(
        article,
        article.published,
        2,
        event(losses, "ASSAULT", ["Boko Haram"], ["TCD"], trigger="killed"),
    )
    killed_later = event_item(
        article,
        months,
        3,
        event(losses_later, "ASSAULT", ["Boko Haram"], ["TCD"], trigger="killed"),
    )
    assert not killed.allied
    assert compare_events(killed, killed_later).compatible


def test_fighting_beside_a_named_partner_joins_the_partners_ongoing_fighting() -> None:
    partner = "Nigerien troops fought Boko Haram fighters near Diffa"
    partner_later = "Nigerien troops are still battling Boko Haram in the Diffa region"
    beside = "Chadian soldiers are fighting alongside the Nigerien army against Boko Haram"
    unnamed = "Chadian soldiers are fighting alongside its forces against Boko Haram"
    published = {"n1": "2025-02-01", "n2": "2025-04-15", "c1": "2025-06-20", "c2": "2025-06-21"}
    texts = {"n1": partner, "n2": partner_later, "c1": beside, "c2": unnamed}
    actors = {"n1": ["NER"], "n2": ["NER"], "c1": ["TCD"], "c2": ["TCD"]}
    triggers = {"n1": "fought", "n2": "battling", "c1": "fighting", "c2": "fighting"}
    assignment = assign_stories(
        [
            report(
                key,
                published[key],
                text,
                [event(text, "ASSAULT", actors[key], ["Boko Haram"], trigger=triggers[key])],
            )
            for key, text in texts.items()
        ]
    )
    stories = {key: assignment.events[(key, 0)] for key in texts}
    assert stories["n1"] == stories["n2"] == stories["c1"]
    # "alongside its forces" names no partner: the report joins no one's fighting.
    assert stories["c2"] not in {stories["n1"], stories["c1"]}
    merge = next(s for s in assignment.stories if s.id == stories["n1"]).reasons[-1]
    assert merge.fields["actor"] == "NER, TCD fighting beside it"


def test_outlets_may_place_a_cross_border_plan_in_different_countries() -> None:
    destination = "Pyongyang will send 12,000 troops to Russia"
    theatre = "North Korea decided to send soldiers to fight in Ukraine"
    assignment = assign_stories(
        [
            report(
                "d1",
                "2024-10-18",
                destination,
                [event(destination, "AID", ["PRK"], ["RUS"], status="future", country="RUS")],
            ),
            report(
                "d2",
                "2024-10-18",
                theatre,
                [event(theatre, "AID", ["PRK"], ["RUS"], status="future", country="UKR")],
            ),
        ]
    )
    assert assignment.events[("d1", 0)] == assignment.events[("d2", 0)]
    merge = assignment.stories[0].reasons[0]
    assert merge.fields["country"] is False


def test_a_partner_named_as_the_forces_allies_before_the_act_is_read_too() -> None:
    text = "Chadian soldiers who joined their Nigerien allies in battle against Boko Haram"
    article = Article(id="x", text=text, published=date(2025, 2, 1))
    joined = event_item(
        article,
        article.published,
        0,
        event(text, "ASSAULT", ["TCD"], ["Boko Haram"], trigger="battle"),
    )
    assert joined.allied and joined.partners == {"NER"}
    # Allies named away from the act make no allied act of it.
    text = "Nigerien allies were told that Chadian troops attacked Boko Haram"
    attacked = event_item(
        article,
        article.published,
        1,
        event(text, "ASSAULT", ["TCD"], ["Boko Haram"], trigger="attacked"),
    )
    assert not attacked.allied and not attacked.partners


def test_ground_taken_whole_ends_the_fighting_and_joins_none_of_it() -> None:
    fights = [
        ("g1", "2024-12-02", "fighting in the border region went on for weeks", "fighting"),
        ("g2", "2025-01-20", "the troops regained some villages in the border region", "regained"),
    ]
    won = "the army said it had regained full control of the border region"
    reports = [
        report(key, day, text, [event(text, "ASSAULT", ["AAA"], ["BBB"], trigger=word)])
        for key, day, text, word in fights
    ]
    reports.append(
        report(
            "g3", "2025-03-15", won, [event(won, "ASSAULT", ["AAA"], ["BBB"], trigger="regained")]
        )
    )
    assignment = assign_stories(reports)
    fighting = assignment.events[("g1", 0)]
    # Ground taken in part is a stretch of the fighting; all of it taken is its end.
    assert assignment.events[("g2", 0)] == fighting
    assert assignment.events[("g3", 0)] != fighting
    article = Article(id="x", text=won, published=date(2025, 3, 15))
    item = event_item(article, article.published, 0, event(won, "ASSAULT", ["AAA"], ["BBB"]))
    assert not item.concluded  # the trigger is "the", no taking of ground
    denied = "the troops regained two villages, though full control of the region is far off"
    partial = event_item(
        article,
        article.published,
        1,
        event(denied, "ASSAULT", ["AAA"], ["BBB"], trigger="regained"),
    )
    assert not partial.concluded  # "full" qualifies the control still to win, not the taking
