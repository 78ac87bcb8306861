"""Tests of FORMAT.md's matching rules, one small hand-written document per rule."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.errors import ConfigError
from sitrep.evaluate.matching import Speaker, haversine_km, is_pronoun, speakers_match
from sitrep.evaluate.score import EvalReport, score

TEXT = "x" * 400


def doc(doc_id: str = "d1", **layers: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": TEXT, **layers}


def tx(start: int, end: int, value: str = "2025-01-20", type_: str = "DATE") -> dict[str, Any]:
    return {"start": start, "end": end, "text": TEXT[start:end], "type": type_, "value": value}


def one(gold: dict[str, Any], pred: dict[str, Any], layer: str) -> Any:
    return score([gold], [pred]).layers[layer]


# --- timexes -------------------------------------------------------------------------------


def test_timex_overlap_is_relaxed_but_not_strict() -> None:
    s = one(doc(timexes=[tx(10, 20)]), doc(timexes=[tx(12, 20)]), "timexes")
    assert (s.tp, s.fp, s.fn, s.f1) == (1, 0, 0, 1.0)
    assert s.extra["strict_f1"] == 0.0
    assert s.extra["value_f1"] == 1.0


def test_timex_value_mismatch_counts_only_against_value_f1() -> None:
    s = one(doc(timexes=[tx(10, 20, "2025-01")]), doc(timexes=[tx(10, 20, "2025-02")]), "timexes")
    assert s.f1 == 1.0 and s.extra["strict_f1"] == 1.0
    assert s.extra["value_f1"] == 0.0
    assert s.attributes["value"].value == 0.0


def test_timex_type_accuracy_over_relaxed_matches() -> None:
    s = one(doc(timexes=[tx(0, 5, "P4M", "DURATION")]), doc(timexes=[tx(0, 5, "P4M")]), "timexes")
    assert (s.attributes["type"].correct, s.attributes["type"].total) == (0, 1)


def test_timex_value_matching_prefers_a_prediction_with_the_same_value() -> None:
    gold = doc(timexes=[tx(10, 20, "2024")])
    pred = doc(timexes=[tx(8, 12, "2023"), tx(15, 25, "2024")])
    s = one(gold, pred, "timexes")
    assert (s.tp, s.fp) == (1, 1)
    assert s.extra["value_recall"] == 1.0 and s.extra["value_precision"] == 0.5


def test_two_predictions_overlapping_one_gold_count_once() -> None:
    s = one(doc(timexes=[tx(10, 20)]), doc(timexes=[tx(10, 15), tx(15, 20)]), "timexes")
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    assert s.precision == 0.5 and s.recall == 1.0


def test_greedy_is_one_to_one_in_document_order() -> None:
    gold = doc(timexes=[tx(0, 10), tx(9, 20)])
    s = one(gold, doc(timexes=[tx(9, 12), tx(15, 18)]), "timexes")
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    s = one(gold, doc(timexes=[tx(9, 12)]), "timexes")
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
    missed = [m for m in s.mismatches if m.kind == "missed"]
    assert [(m.doc_id, m.start, m.end) for m in missed] == [("d1", 9, 20)]


# --- places --------------------------------------------------------------------------------


def place(start: int | None, end: int | None, text: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text, **extra}
    if start is not None:
        item.update(start=start, end=end)
    return item


def test_place_without_offsets_is_found_by_text_case_insensitively() -> None:
    gold = doc(places=[place(None, None, "Kyiv", country="UA")])
    s = one(gold, doc(places=[place(30, 34, "KYIV", country="ua")]), "places")
    assert (s.tp, s.fn) == (1, 0)
    assert s.attributes["country"].value == 1.0
    s = one(gold, doc(places=[place(30, 35, "Kyiv region")]), "places")
    assert (s.tp, s.fn) == (0, 1)


def test_place_precision_only_over_complete_documents() -> None:
    gold = [
        doc("a", places=[place(0, 4, "Kyiv")], places_complete=True),
        doc("b", places=[place(0, 4, "Lviv")]),
    ]
    pred = [
        doc("a", places=[place(0, 4, "Kyiv"), place(50, 55, "Kursk")]),
        doc("b", places=[place(0, 4, "Lviv"), place(60, 65, "Sumy"), place(70, 75, "Gaza")]),
    ]
    s = score(gold, pred).layers["places"]
    assert s.recall == 1.0 and s.precision == 0.5
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert s.extra["complete_documents"] == 1.0
    assert [m.text for m in s.mismatches] == ["Kursk"]


def test_place_precision_is_none_without_complete_documents() -> None:
    s = one(doc(places=[place(0, 4, "Kyiv")]), doc(places=[place(0, 4, "Kyiv")]), "places")
    assert s.precision is None and s.f1 is None and s.recall == 1.0


def test_place_coordinates_within_161_km() -> None:
    gold = doc(
        places=[
            place(0, 4, "Kyiv", country="UA", lat=50.0, lon=30.0),
            place(10, 14, "Odesa", country="UA", lat=46.0, lon=30.0),
            place(20, 24, "Sea", country=None, lat=43.0, lon=34.0),
            place(30, 34, "Nowhere"),
        ]
    )
    pred = doc(
        places=[
            place(0, 4, "Kyiv", country="UA", lat=51.0, lon=30.0),
            place(10, 14, "Odesa", country="RU", lat=48.0, lon=30.0),
            place(20, 24, "Sea", country=None),
            place(30, 34, "Nowhere", country="XX", lat=1.0, lon=1.0),
        ]
    )
    s = one(gold, pred, "places")
    within = s.attributes["within_161km"]
    assert (within.correct, within.total) == (1, 2)
    expected = (haversine_km(50, 30, 51, 30) + haversine_km(46, 30, 48, 30)) / 2
    assert s.extra["mean_error_km"] == pytest.approx(expected, abs=0.01)
    assert haversine_km(50, 30, 51, 30) == pytest.approx(111.2, abs=0.5)
    country = s.attributes["country"]
    assert (country.correct, country.total) == (2, 3)


# --- figures -------------------------------------------------------------------------------


def fig(value: float, actor: list[str], **extra: Any) -> dict[str, Any]:
    return {"category": "killed", "value": value, "qualifier": "exact", "actor": actor, **extra}


def test_figure_value_max_must_agree_absent_equals_none() -> None:
    gold = doc(figures=[fig(100, ["PRK"], value_max=200, qualifier="range")])
    assert one(gold, doc(figures=[fig(100, ["PRK"])]), "figures").tp == 0
    assert one(gold, doc(figures=[fig(100.0, ["PRK"], value_max=200.0)]), "figures").tp == 1
    plain = doc(figures=[fig(300, ["PRK"])])
    assert one(plain, doc(figures=[fig(300.0, ["PRK"], value_max=None)]), "figures").tp == 1
    assert one(plain, doc(figures=[fig(301, ["PRK"])]), "figures").tp == 0
    wrong_category = {**fig(300, ["PRK"]), "category": "wounded"}
    assert one(plain, doc(figures=[wrong_category]), "figures").tp == 0


def test_figure_actor_lists_must_intersect_case_insensitively() -> None:
    gold = doc(figures=[fig(10, ["PRK", "RUS"])])
    assert one(gold, doc(figures=[fig(10, ["prk"])]), "figures").tp == 1
    assert one(gold, doc(figures=[fig(10, ["UKR"])]), "figures").tp == 0
    assert one(gold, doc(figures=[fig(10, [])]), "figures").tp == 0


@pytest.mark.parametrize(
    ("gold_claimant", "pred_claimant", "correct"),
    [
        (None, None, True),
        (None, [], True),
        ([], None, True),
        (None, ["UKR"], False),
        (["KOR"], None, False),
        (["KOR"], ["kor", "USA"], True),
        (["KOR"], ["USA"], False),
    ],
)
def test_figure_claimant_accuracy(
    gold_claimant: list[str] | None, pred_claimant: list[str] | None, correct: bool
) -> None:
    gold = doc(figures=[fig(5, ["PRK"], claimant=gold_claimant)])
    s = one(gold, doc(figures=[fig(5, ["PRK"], claimant=pred_claimant)]), "figures")
    assert s.tp == 1
    assert s.attributes["claimant"].value == (1.0 if correct else 0.0)


def test_figure_qualifier_accuracy() -> None:
    gold = doc(figures=[fig(12, ["PRK"], qualifier="at_least")])
    s = one(gold, doc(figures=[fig(12, ["PRK"], qualifier="approx")]), "figures")
    assert s.tp == 1 and s.attributes["qualifier"].value == 0.0


def test_figure_categories_drop_other_predictions_before_matching() -> None:
    gold = doc(figures=[fig(3, ["Taliban"]), {**fig(2, ["Taliban"]), "category": "detained"}])
    wounded = {**fig(4, ["Taliban"]), "category": "wounded"}
    troops = {**fig(40, ["Taliban"]), "category": "troops"}
    pred = doc(figures=[fig(3, ["Taliban"]), wounded, troops])
    plain = score([gold], [pred]).layers["figures"]
    assert (plain.tp, plain.fp, plain.fn) == (1, 2, 1)
    assert "dropped_predictions" not in plain.extra
    kept = score([gold], [pred], figure_categories=["Killed", "detained"]).layers["figures"]
    assert (kept.tp, kept.fp, kept.fn) == (1, 0, 1)
    assert kept.extra["dropped_predictions"] == 2.0


def test_figure_categories_leave_other_layers_alone() -> None:
    gold = doc(timexes=[tx(10, 20)], figures=[])
    pred = doc(timexes=[tx(10, 20)], figures=[{**fig(1, ["USA"]), "category": "troops"}])
    report = score([gold], [pred], figure_categories=["killed"])
    assert report.layers["timexes"].tp == 1
    assert (report.layers["figures"].fp, report.layers["figures"].extra) == (
        0,
        {"dropped_predictions": 1.0},
    )


# --- attributions --------------------------------------------------------------------------


def att(speaker: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    item = {"speaker": speaker, "kind": "indirect", "content": TEXT[start:end]}
    return {**item, "content_start": start, "content_end": end, **extra}


def test_pronoun_gold_speaker_matches_any_speaker_with_overlapping_content() -> None:
    gold = doc(attributions=[att("he", 10, 50), att("Putin", 100, 150)])
    pred = doc(attributions=[att("Zelenskyy", 40, 60), att("Mr. Putin", 120, 130)])
    s = one(gold, pred, "attributions")
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.extra["recall_without_pronouns"] == 1.0
    assert s.extra["pronoun_speakers"] == 0.5
    assert one(gold, doc(attributions=[att("Zelenskyy", 60, 90)]), "attributions").tp == 0


def test_recall_without_pronouns_leaves_pronoun_items_out() -> None:
    gold = doc(attributions=[att("They", 10, 50), att("Kim Jong Un", 100, 150)])
    s = one(gold, doc(attributions=[att("the officials", 20, 30)]), "attributions")
    assert s.recall == 0.5
    assert s.extra["recall_without_pronouns"] == 0.0


@pytest.mark.parametrize(
    ("gold", "pred", "match"),
    [
        ("President Volodymyr Zelenskyy", "Zelenskyy", True),
        ("Ukrainian President Zelenskyy", "Volodymyr Zelenskyy", True),
        ("Mr. Trump", "Donald J. Trump", True),
        ("the Joint Chiefs of Staff", "joint chiefs", True),
        ("President Biden", "President Putin", False),
        ("the minister", "a minister", True),
        ("Chen", "he", False),
        ("the spy agency", "NIS", False),
        ("a U.S. official", "the U.S. State Department", False),
    ],
)
def test_speaker_rule(gold: str, pred: str, match: bool) -> None:
    assert speakers_match(Speaker.of({"speaker": gold}), Speaker.of({"speaker": pred})) is match


def test_speaker_alias_matches() -> None:
    gold = doc(attributions=[att("the spy agency", 10, 50, speaker_aliases=["NIS", "NIS"])])
    assert one(gold, doc(attributions=[att("nis", 10, 50)]), "attributions").tp == 1
    assert one(gold, doc(attributions=[att("Yonhap", 10, 50)]), "attributions").tp == 0


def test_pronoun_detection() -> None:
    assert is_pronoun("He") and is_pronoun(" who ") and is_pronoun("they")
    assert not is_pronoun("Hegseth") and not is_pronoun("the man") and not is_pronoun("")


def test_attribution_content_must_overlap_and_attributes_are_scored() -> None:
    gold = doc(attributions=[att("Kyiv", 10, 50, kind="direct", via="the army")])
    s = one(gold, doc(attributions=[att("Kyiv", 50, 80)]), "attributions")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    s = one(gold, doc(attributions=[att("Kyiv", 49, 80, kind="direct")]), "attributions")
    assert s.tp == 1
    assert s.attributes["kind"].value == 1.0
    assert s.attributes["via"].value == 0.0


# --- events --------------------------------------------------------------------------------


def ev(type_: str, actor: list[str], recipient: list[str], **extra: Any) -> dict[str, Any]:
    return {"type": type_, "actor": actor, "recipient": recipient, "status": "factual", **extra}


def test_event_recipient_only_checked_when_gold_has_one() -> None:
    open_gold = doc(events=[ev("ASSAULT", ["RUS", "PRK"], [])])
    assert one(open_gold, doc(events=[ev("ASSAULT", ["prk"], ["UKR"])]), "events").tp == 1
    gold = doc(events=[ev("ASSAULT", ["RUS"], ["UKR"])])
    assert one(gold, doc(events=[ev("ASSAULT", ["RUS"], [])]), "events").tp == 0
    assert one(gold, doc(events=[ev("ASSAULT", ["RUS"], ["ukr", "PRK"])]), "events").tp == 1
    assert one(gold, doc(events=[ev("COERCE", ["RUS"], ["UKR"])]), "events").tp == 0
    assert one(gold, doc(events=[ev("ASSAULT", ["UKR"], ["UKR"])]), "events").tp == 0


def test_event_attributes_only_where_gold_has_them() -> None:
    gold = doc(events=[ev("CONSULT", ["RUS"], ["PRK"], mode="visit", date="2024-06")])
    pred = doc(
        events=[ev("CONSULT", ["RUS"], ["PRK"], mode="visit", date="2024-06-19", country="PRK")]
    )
    s = one(gold, pred, "events")
    assert s.tp == 1
    assert s.attributes["mode"].value == 1.0 and s.attributes["status"].value == 1.0
    assert s.attributes["date"].value == 0.0
    assert "country" not in s.attributes


# --- stories -------------------------------------------------------------------------------


def test_story_links_are_pairs_across_documents() -> None:
    gold = [
        doc("a", events=[ev("ASSAULT", ["RUS"], [], story="s1")]),
        doc(
            "b", events=[ev("ASSAULT", ["RUS"], [], story="s1"), ev("AID", ["USA"], [], story="s3")]
        ),
        doc("c", events=[ev("ASSAULT", ["RUS"], [], story="s2")]),
    ]
    pred = [
        doc("a", events=[ev("ASSAULT", ["RUS"], [], story="x")]),
        doc("b", events=[ev("ASSAULT", ["RUS"], [], story="x")]),
        doc("c", events=[ev("ASSAULT", ["RUS"], [], story="x"), ev("AID", ["USA"], [], story="x")]),
    ]
    report = score(gold, pred)
    s = report.layers["event_stories"]
    # gold links: a-b; predicted links: a-b, a-c, b-c (the unmatched AID in b takes no part,
    # and the AID predicted in c is a false positive of the events layer, not of stories).
    assert (s.tp, s.fp, s.fn) == (1, 2, 0)
    assert s.precision == pytest.approx(1 / 3) and s.recall == 1.0
    assert "figure_stories" not in report.layers


def test_story_links_within_one_document_do_not_count() -> None:
    gold = [
        doc("a", figures=[fig(400, ["PRK"], story="k"), fig(404, ["PRK"], story="k")]),
        doc("b", figures=[fig(400, ["PRK"], story="k")]),
    ]
    pred = [
        doc("a", figures=[fig(400, ["PRK"], story="p"), fig(404, ["PRK"], story="p")]),
        doc("b", figures=[fig(400, ["PRK"], story="q")]),
    ]
    s = score(gold, pred).layers["figure_stories"]
    assert (s.tp, s.fp, s.fn) == (0, 0, 2)
    pred[1] = doc("b", figures=[fig(400, ["PRK"], story="p")])
    s = score(gold, pred).layers["figure_stories"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_no_story_layer_without_gold_story_keys() -> None:
    gold = [doc("a", events=[ev("AID", ["USA"], [])]), doc("b", events=[ev("AID", ["USA"], [])])]
    pred = [
        doc("a", events=[ev("AID", ["USA"], [], story="x")]),
        doc("b", events=[ev("AID", ["USA"], [], story="x")]),
    ]
    assert set(score(gold, pred).layers) == {"events"}


# --- layer presence, documents, options ----------------------------------------------------


def test_absent_gold_layer_is_not_scored() -> None:
    report = score([doc(places=[])], [doc(timexes=[tx(0, 4)], places=[])])
    assert "timexes" not in report.layers
    assert report.documents["d1"].keys() == {"places"}


def test_empty_gold_layer_makes_every_prediction_a_false_positive() -> None:
    s = one(doc(timexes=[]), doc(timexes=[tx(0, 4), tx(10, 14)]), "timexes")
    assert (s.tp, s.fp, s.fn) == (0, 2, 0)
    assert s.precision == 0.0 and s.recall is None and s.f1 == 0.0


def test_absent_prediction_layer_is_empty() -> None:
    s = one(doc(timexes=[tx(0, 4)]), doc(), "timexes")
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)
    assert s.precision is None and s.recall == 0.0 and s.f1 == 0.0


def test_documents_pair_by_id_and_micro_average() -> None:
    gold = [doc("a", timexes=[tx(0, 4)]), doc("b", timexes=[tx(0, 4), tx(10, 14)])]
    pred = [doc("b", timexes=[tx(0, 4)]), doc("z", timexes=[tx(0, 4)])]
    report = score(gold, pred)
    assert report.missing_predictions == ["a"] and report.unknown_predictions == ["z"]
    s = report.layers["timexes"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 2)
    assert s.recall == pytest.approx(1 / 3)
    assert report.documents["b"]["timexes"].fn == 1


def test_layer_selection() -> None:
    gold = [doc(timexes=[tx(0, 4)], events=[ev("AID", ["USA"], [], story="s")])]
    assert set(score(gold, gold, layers=["timexes"]).layers) == {"timexes"}
    assert set(score(gold, gold, layers=["stories"]).layers) == {"event_stories"}
    with pytest.raises(ConfigError, match="Available layers: timexes"):
        score(gold, gold, layers=["time"])


def test_entities_need_exact_span_and_label() -> None:
    gold = doc(entities=[{"start": 0, "end": 4, "text": "xxxx", "label": "LOC"}])
    exact = doc(entities=[{"start": 0, "end": 4, "text": "xxxx", "label": "loc"}])
    shifted = doc(entities=[{"start": 0, "end": 3, "text": "xxx", "label": "LOC"}])
    assert one(gold, exact, "entities").f1 == 1.0
    assert one(gold, shifted, "entities").f1 == 0.0


def test_report_to_json_layout() -> None:
    report: EvalReport = score([doc(timexes=[tx(0, 4)])], [doc(timexes=[tx(20, 24)])])
    data = report.to_json(errors=True)
    assert set(data) == {
        "gold_documents",
        "missing_predictions",
        "unknown_predictions",
        "layers",
        "documents",
    }
    layer = data["layers"]["timexes"]
    assert layer["tp"] == 0 and layer["fp"] == 1 and layer["fn"] == 1
    assert layer["attributes"] == {}
    assert {e["kind"] for e in layer["errors"]} == {"missed", "spurious"}
    assert data["documents"] == {"d1": {"timexes": {"tp": 0, "fp": 1, "fn": 1}}}
    assert "errors" not in report.to_json()["layers"]["timexes"]
