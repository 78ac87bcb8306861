"""Tests of whole-file evaluation with an injected analysis, and of report rendering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from sitrep.errors import ConfigError, InputError
from sitrep.evaluate.factuality import FactualityReport
from sitrep.evaluate.report import render_errors, render_report, report_to_json
from sitrep.evaluate.runner import evaluate_files
from sitrep.evaluate.score import EvalReport

TEXT = "On Monday troops left Kyiv. Officials said more would follow."
GOLD: list[dict[str, Any]] = [
    {
        "id": "one",
        "text": TEXT,
        "published": "2025-01-24",
        "timexes": [
            {"start": 3, "end": 9, "text": "Monday", "type": "DATE", "value": "2025-01-20"}
        ],
        "places": [{"start": 22, "end": 26, "text": "Kyiv", "country": "UA"}],
    },
    {"id": "two", "text": "Nothing happened.", "timexes": []},
    {"id": "three", "text": "Also nothing.", "timexes": []},
]


def write(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def cheat(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An 'analysis' that finds Monday and nothing else; it must not see annotations."""
    out = []
    for d in docs:
        assert set(d) <= {"id", "text", "published", "title", "outlet", "url"}
        start = d["text"].find("Monday")
        found = [] if start < 0 else [{"start": start, "end": start + 6, "value": "2025-01-20"}]
        out.append({"id": d["id"], "text": d["text"], "timexes": found})
    return out


def test_evaluate_files_scores_each_file(tmp_path: Path) -> None:
    path = write(tmp_path / "gold.jsonl", GOLD)
    calls: list[tuple[int, int]] = []
    results = evaluate_files(
        [path], cheat, progress=lambda done, total: calls.append((done, total))
    )
    report = results[str(path)]
    assert isinstance(report, EvalReport)
    assert report.layers["timexes"].f1 == 1.0
    assert report.layers["places"].recall == 0.0
    assert calls == [(0, 3), (3, 3)]


def test_limit_and_layers(tmp_path: Path) -> None:
    path = write(tmp_path / "gold.jsonl", GOLD)
    seen: list[int] = []

    def analyze(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.append(len(docs))
        return cheat(docs)

    report = evaluate_files([path], analyze, layers=["places"], limit=2)[str(path)]
    assert seen == [2]
    assert isinstance(report, EvalReport)
    assert set(report.layers) == {"places"} and report.gold_documents == 2


def test_figure_categories_reach_the_scorer(tmp_path: Path) -> None:
    figure = {"category": "killed", "value": 2, "qualifier": "exact", "actor": ["UKR"]}
    gold = [{"id": "f", "text": TEXT, "figures": [figure]}]
    path = write(tmp_path / "gold.jsonl", gold)

    def analyze(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        other = {**figure, "category": "troops", "value": 40}
        return [{"id": d["id"], "figures": [figure, other]} for d in docs]

    plain = evaluate_files([path], analyze)[str(path)]
    only = evaluate_files([path], analyze, figure_categories=["killed"])[str(path)]
    assert isinstance(plain, EvalReport) and isinstance(only, EvalReport)
    assert (plain.layers["figures"].fp, only.layers["figures"].fp) == (1, 0)
    assert only.layers["figures"].extra["dropped_predictions"] == 1.0


@pytest.mark.parametrize("value", ["killed,dead", " , "])
def test_eval_rejects_unknown_figure_categories(tmp_path: Path, value: str) -> None:
    from typer.testing import CliRunner

    from sitrep.cli.main import app

    path = write(tmp_path / "gold.jsonl", GOLD)
    result = CliRunner().invoke(app, ["eval", str(path), "--figure-categories", value])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "Available categories: troops, killed" in str(result.exception)


def test_bad_analysis_output_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "gold.jsonl", GOLD)
    with pytest.raises(InputError, match="did not return a list"):
        evaluate_files([path], lambda docs: [{"text": "no id"}])


def test_factuality_files_need_a_predictor(tmp_path: Path) -> None:
    records = [
        {"id": "c-1", "text": "It may rain .", "predicate": "rain", "factuality": 0.5},
        {"id": "c-2", "text": "It rained .", "predicate": "rained", "factuality": 3.0},
    ]
    path = write(tmp_path / "fact.jsonl", records)
    with pytest.raises(ConfigError, match="no factuality predictor"):
        evaluate_files([path], cheat)

    def predict(items: list[dict[str, Any]]) -> list[float]:
        assert all("factuality" not in item for item in items)
        return [3.0 for _ in items]

    report = evaluate_files([path], cheat, analyze_factuality=predict)[str(path)]
    assert isinstance(report, FactualityReport)
    assert report.overall.mae == pytest.approx(1.25)
    assert report.overall.mae == report.overall.baseline_mae


def test_render_report_and_json(tmp_path: Path) -> None:
    path = write(tmp_path / "gold.jsonl", GOLD)
    report = evaluate_files([path], cheat)[str(path)]
    assert isinstance(report, EvalReport)
    console = Console(record=True, width=140)
    render_report(report, console, title="gold.jsonl")
    render_errors(report, console)
    out = console.export_text()
    assert "timexes" in out and "places" in out and "F1" in out
    assert "country" not in out  # no matched place: no country accuracy
    assert "missed" in out and "Kyiv" in out
    data = report_to_json(report, errors=True)
    assert data["schema"] == "gold"
    assert data["layers"]["places"]["errors"][0]["text"] == "Kyiv"
    json.dumps(data)


def test_render_factuality() -> None:
    report = FactualityReport()
    console = Console(record=True, width=100)
    render_report(report, console)
    assert "all +3 MAE" in console.export_text()
    assert report_to_json(report)["schema"] == "factuality"
