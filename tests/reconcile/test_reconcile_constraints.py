"""A user's constraints in `StoryIndex`: must-links force a story, cannot-links forbid one."""

from __future__ import annotations

from test_reconcile_stories import CAPTURE, CAPTURE_2, NIS_100, NIS_300, event, figure, report

from sitrep.reconcile import Constraints, StoryIndex


def test_cannot_link_keeps_an_item_out_of_its_partners_story() -> None:
    index = StoryIndex()
    index.add(
        *report("n1", "2024-12-19", NIS_100, [], [figure(NIS_100, "100", "killed", 100, ["PRK"])])
    )
    article, analysis = report(
        "n2", "2025-01-14", NIS_300, [], [figure(NIS_300, "300", "killed", 300, ["PRK"])]
    )
    free = StoryIndex()
    free.add(
        *report("n1", "2024-12-19", NIS_100, [], [figure(NIS_100, "100", "killed", 100, ["PRK"])])
    )
    assert free.add(article, analysis)[0].merge is not None
    rules = Constraints(cannot={("figure", ("n2", 0)): [("n1", 0)]})
    decision = index.add(article, analysis, rules)[0]
    assert decision.merge is None and decision.story != index.story_of("figure", ("n1", 0))


def test_must_link_forces_a_story_and_is_marked_as_the_users() -> None:
    index = StoryIndex()
    index.add(
        *report(
            "a1",
            "2025-01-11",
            CAPTURE,
            [event(CAPTURE, "ASSAULT", ["UKR"], ["PRK"], mode="abduct")],
        )
    )
    # Fighting without a mode would start its own story; the user said it is the capture.
    article, analysis = report(
        "a2", "2025-01-12", CAPTURE_2, [event(CAPTURE_2, "ASSAULT", ["UKR"], ["PRK"])]
    )
    rules = Constraints(must={("event", ("a2", 0)): [("a1", 0)]})
    decision = index.add(article, analysis, rules)[0]
    assert decision.by == "user" and decision.story == index.story_of("event", ("a1", 0))
    assert decision.merge is not None and decision.merge.fields["user"] == "must"


def test_restored_stories_keep_their_ids_and_new_ids_avoid_taken_ones() -> None:
    first = StoryIndex()
    first.add(
        *report("n1", "2024-12-19", NIS_100, [], [figure(NIS_100, "100", "killed", 100, ["PRK"])])
    )
    story = first.story_of("figure", ("n1", 0))
    assert story is not None
    again = StoryIndex(first_order=5, taken=lambda s: s == story)
    decision = again.add(
        *report("n1", "2024-12-19", NIS_100, [], [figure(NIS_100, "100", "killed", 100, ["UKR"])])
    )[0]
    assert decision.story != story and again.order_of("figure", decision.story) == 5
