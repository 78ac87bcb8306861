"""Scoring of factuality ratings ([-3, +3]) by mean absolute error and Pearson r per corpus."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitrep.errors import InputError

CERTAIN = 3.0
"""The all-"+3" baseline predicts this for every item (public/README.md asks for it always)."""

ANSWER_KEYS: tuple[str, ...] = ("factuality",)
"""Keys withheld from the predictor: the gold rating itself."""


@dataclass
class CorpusScore:
    """MAE and Pearson r of one corpus (or genre), with the all-"+3" baseline's MAE."""

    n: int
    mae: float | None
    pearson_r: float | None
    baseline_mae: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mae": self.mae,
            "pearson_r": self.pearson_r,
            "baseline_mae": self.baseline_mae,
        }


@dataclass
class FactualityReport:
    """Scores per corpus (factuality-unified: meantime, uw; CommitmentBank: BNC, SWBD, WSJ)."""

    corpora: dict[str, CorpusScore] = field(default_factory=dict)
    overall: CorpusScore = field(default_factory=lambda: CorpusScore(0, None, None, None))

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json(),
            "corpora": {name: s.to_json() for name, s in self.corpora.items()},
        }


def corpus_of(record_id: str) -> str:
    """The first '-'-separated field of an id: 'meantime-dev-00012-5' -> 'meantime'."""
    return record_id.split("-", 1)[0]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation; None with fewer than two items or when either side is constant."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _corpus_score(gold: Sequence[float], pred: Sequence[float]) -> CorpusScore:
    n = len(gold)
    if not n:
        return CorpusScore(0, None, None, None)
    mae = sum(abs(g - p) for g, p in zip(gold, pred, strict=True)) / n
    baseline = sum(abs(CERTAIN - g) for g in gold) / n
    return CorpusScore(n, mae, pearson(gold, pred), baseline)


def withhold_answers(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a predictor may see of a factuality record: everything but the rating."""
    return {key: value for key, value in record.items() if key not in ANSWER_KEYS}


def score_factuality(
    records: Sequence[Mapping[str, Any]], predictions: Sequence[float]
) -> FactualityReport:
    """Score one predicted rating per record (same order) against the records' `factuality`."""
    if len(records) != len(predictions):
        raise InputError(
            f"Got {len(predictions)} factuality predictions for {len(records)} records. "
            "The predictor must return exactly one rating per record, in order."
        )
    groups: dict[str, tuple[list[float], list[float]]] = {}
    all_gold: list[float] = []
    all_pred: list[float] = []
    for record, raw in zip(records, predictions, strict=True):
        value = float(raw)
        if not math.isfinite(value):
            raise InputError(
                f"Factuality prediction for {record.get('id')!r} is {raw!r}, not a finite "
                "number. Predict a rating in [-3, 3]."
            )
        gold = float(record["factuality"])
        gold_list, pred_list = groups.setdefault(corpus_of(str(record["id"])), ([], []))
        gold_list.append(gold)
        pred_list.append(value)
        all_gold.append(gold)
        all_pred.append(value)
    return FactualityReport(
        corpora={name: _corpus_score(g, p) for name, (g, p) in sorted(groups.items())},
        overall=_corpus_score(all_gold, all_pred),
    )
