"""Tests of factuality scoring: MAE, Pearson r and the all-"+3" baseline per corpus."""

from __future__ import annotations

import math

import pytest

from sitrep.errors import InputError
from sitrep.evaluate.factuality import corpus_of, pearson, score_factuality, withhold_answers


def rec(record_id: str, value: float) -> dict[str, object]:
    return {"id": record_id, "text": "It rained .", "predicate": "rained", "factuality": value}


def test_mae_r_and_baseline_per_corpus() -> None:
    records = [
        rec("alpha-dev-00001-1", 3.0),
        rec("alpha-dev-00002-4", -3.0),
        rec("beta-train-00001-2", 1.0),
        rec("beta-train-00002-0", 2.0),
    ]
    report = score_factuality(records, [2.0, -2.0, 1.0, 2.0])
    alpha, beta = report.corpora["alpha"], report.corpora["beta"]
    assert (alpha.n, alpha.mae, alpha.baseline_mae) == (2, 1.0, 3.0)
    assert alpha.pearson_r == pytest.approx(1.0)
    assert (beta.mae, beta.baseline_mae) == (0.0, 1.5)
    assert report.overall.n == 4
    assert report.overall.mae == pytest.approx(0.5)
    assert report.overall.baseline_mae == pytest.approx(9 / 4)
    assert report.to_json()["corpora"]["alpha"]["mae"] == 1.0


def test_commitmentbank_genre_is_the_id_prefix() -> None:
    assert corpus_of("BNC-12") == "BNC" and corpus_of("meantime-dev-00012-5") == "meantime"
    report = score_factuality([rec("WSJ-1", 0.5), rec("SWBD-2", -1.0)], [0.0, 0.0])
    assert set(report.corpora) == {"SWBD", "WSJ"}
    assert report.corpora["WSJ"].pearson_r is None  # one item: no correlation


def test_pearson() -> None:
    assert pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(0.9934, abs=1e-4)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None


def test_bad_predictions_are_rejected() -> None:
    with pytest.raises(InputError, match="1 factuality predictions for 2 records"):
        score_factuality([rec("a-1", 1.0), rec("a-2", 2.0)], [1.0])
    with pytest.raises(InputError, match="not a finite number"):
        score_factuality([rec("a-1", 1.0)], [math.nan])


def test_the_rating_is_withheld_from_the_predictor() -> None:
    assert "factuality" not in withhold_answers(rec("a-1", 3.0))
    assert withhold_answers(rec("a-1", 3.0))["predicate"] == "rained"
