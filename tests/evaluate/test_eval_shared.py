"""Sanity check of the scorer on the shared evaluation files: gold scored against itself.

The files are read at run time from `../shared/eval` (next to the repository) and never
copied; the test is skipped when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate.gold import detect_schema, read_gold
from sitrep.evaluate.score import EvalReport, score

SHARED = Path(__file__).parents[2] / ".." / "shared" / "eval"
FACTUALITY_FILES = {"factuality-unified.jsonl", "commitmentbank.jsonl"}

pytestmark = pytest.mark.shared


def gold_files() -> list[Path]:
    public = sorted(
        p for p in (SHARED / "public").glob("*.jsonl") if p.name not in FACTUALITY_FILES
    )
    return [SHARED / "gold" / "seed.jsonl", *public, SHARED / "realnews" / "dev.jsonl"]


def assert_perfect(report: EvalReport, name: str) -> None:
    assert report.layers, f"{name}: no layer scored"
    for layer, s in report.layers.items():
        assert s.fp == 0 and s.fn == 0, f"{name} {layer}: fp {s.fp}, fn {s.fn}"
        if s.tp:
            assert s.recall == 1.0, f"{name} {layer}"
            # places precision is reported only for places_complete documents.
            assert s.f1 == 1.0 or (layer == "places" and s.precision is None), f"{name} {layer}"
        for attr, acc in s.attributes.items():
            assert acc.correct == acc.total, f"{name} {layer}.{attr}"
    assert not report.missing_predictions


def test_seed_scores_perfectly_against_itself() -> None:
    seed = SHARED / "gold" / "seed.jsonl"
    if not seed.exists():
        pytest.skip(f"{seed} is not there (shared evaluation data absent)")
    docs = read_gold(seed)
    report = score(docs, docs)
    assert {"timexes", "places", "figures", "attributions", "events"} <= set(report.layers)
    for layer, s in report.layers.items():
        assert s.recall == 1.0, layer
        assert s.f1 == 1.0 or (layer == "places" and s.precision is None), layer
    assert_perfect(report, seed.name)


def test_every_gold_format_file_scores_perfectly_against_itself() -> None:
    files = [p for p in gold_files() if p.exists()]
    if not files:
        pytest.skip(f"no shared evaluation files under {SHARED}")
    for path in files:
        docs = read_gold(path)
        assert docs and detect_schema(docs[0]) == "gold", path.name
        assert_perfect(score(docs, docs), path.name)
