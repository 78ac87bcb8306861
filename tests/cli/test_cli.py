"""The `sitrep` commands end to end, as a user runs them (pipeline loaded once per run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitrep.cli import main as cli

pytestmark = pytest.mark.model

REPORT = (
    "Seoul's spy agency said on Tuesday that about 300 North Korean soldiers had been killed "
    "and 2,700 wounded fighting for Russia. “They were sent without proper training,” a "
    "South Korean lawmaker said after the briefing."
)
OTHER = (
    "Ukraine's military said it had captured two North Korean soldiers in the Kursk region. "
    "President Volodymyr Zelenskyy offered to exchange them for Ukrainians held by Russia."
)


def invoke(*args: str, db: Path | None = None, input: str | None = None) -> Any:
    env = {"COLUMNS": "250", **({"SITREP_DB_URL": f"sqlite:///{db}"} if db else {})}
    result = CliRunner().invoke(cli.app, list(args), env=env, input=input, catch_exceptions=True)
    if isinstance(result.exception, cli.SitrepError):
        result.exit_code = result.exception.exit_code
    return result


def test_analyze_text_file_prints_readable_view(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = invoke("analyze", str(path), "--published", "2025-01-14")
    assert result.exit_code == 0, result.output
    assert "Claims" in result.output and "Figures" in result.output
    assert "2,700" in result.output


def test_analyze_json_and_gold_formats(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    record = json.loads(invoke("analyze", str(path), "-f", "json").stdout)
    assert record["analysis"]["article_id"] == record["article"]["id"]
    gold = json.loads(
        invoke("analyze", str(path), "-f", "gold", "--published", "2025-01-14").stdout
    )
    assert gold["published"] == "2025-01-14"
    assert {f["value"] for f in gold["figures"]} >= {300, 2700}


def test_analyze_jsonl_keeps_ids_and_dates_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": REPORT, "published": "2025-01-14"}),
        "{not json",
        json.dumps({"id": "b", "text": OTHER, "published": "2025-01-11"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("analyze", str(path), "--format", "gold")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [(d["id"], d["published"]) for d in out] == [("a", "2025-01-14"), ("b", "2025-01-11")]
    assert out[0]["text"] == REPORT
    assert "line 2" in result.stderr


def test_ingest_is_idempotent_and_batch_survives_bad_items(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(REPORT, encoding="utf-8")
    (folder / "two.json").write_text(
        json.dumps(
            {"title": "Capture", "outlet": "Test Wire", "published": "2025-01-11", "text": OTHER}
        ),
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    db = tmp_path / "s.db"
    first = invoke("ingest", str(folder), "--published", "2025-01-14", db=db)
    assert first.exit_code == 0, first.output
    assert "2 new, 0 duplicate, 0 near-duplicate, 2 failed" in first.stdout
    assert "empty.txt" in first.stderr and "binary.txt" in first.stderr
    again = invoke("ingest", str(folder), db=db)
    assert "0 new, 2 duplicate" in again.stdout

    listing = invoke("articles", db=db)
    assert "2 articles" in listing.stdout and "Test Wire" in listing.stdout
    from sitrep.ingest.text import article_id, normalise_text

    shown = invoke("show", article_id(normalise_text(OTHER))[:8], "-f", "gold", db=db)
    assert json.loads(shown.stdout)["outlet"] == "Test Wire"
    assert invoke("show", "ffffffffffff", db=db).exit_code == 6
    report = invoke("report", db=db)
    assert "Articles and outlets" in report.stdout and "Events in date order" in report.stdout


def test_schema_lists_records_and_rejects_unknown_names() -> None:
    schema = json.loads(invoke("schema").stdout)
    assert "figures" in schema["properties"]
    result = invoke("schema", "Nonsense")
    assert result.exit_code == 3


def test_bad_published_date_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert invoke("analyze", str(path), "--published", "24/01/2025").exit_code == 3


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    from sitrep.store import head_revision

    result = invoke("db", "upgrade", db=db)
    assert result.exit_code == 0 and f"revision {head_revision()}" in result.stdout
    assert "0 articles" in invoke("articles", db=db).stdout


def test_eval_scores_a_gold_file_per_layer(tmp_path: Path) -> None:
    text = "Russia said on Monday that it had captured 12 Ukrainian soldiers."
    gold = {
        "id": "g1",
        "text": text,
        "published": "2025-03-12",
        "timexes": [
            {"start": 15, "end": 21, "text": "Monday", "type": "DATE", "value": "2025-03-10"}
        ],
        "figures": [
            {
                "category": "captured",
                "value": 12,
                "qualifier": "exact",
                "actor": ["UKR"],
                "claimant": ["RUS"],
                "evidence": "it had captured 12 Ukrainian soldiers",
                "evidence_start": 27,
                "evidence_end": 64,
            }
        ],
    }
    assert text[15:21] == "Monday" and text[27:64] == gold["figures"][0]["evidence"]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = invoke("eval", str(path), "--json")
    assert result.exit_code == 0, result.output
    layers = json.loads(result.stdout)[str(path)]["layers"]
    assert set(layers) == {"timexes", "figures", "actors"}
    assert layers["actors"]["recall"] == 1.0
    assert layers["timexes"]["extra"]["value_f1"] == 1.0
    assert layers["figures"]["tp"] == 1
    assert layers["figures"]["attributes"]["claimant"]["value"] == 1.0


def test_eval_scores_factuality_records(tmp_path: Path) -> None:
    records = [
        ("f-1", "The army did not attack the town .", "attack", -3.0),
        ("f-2", "The army attacked the town .", "attacked", 3.0),
        ("f-3", "The army may attack the town .", "attack", 1.0),
    ]
    lines = []
    for rid, sentence, predicate, value in records:
        start = sentence.index(predicate)
        lines.append(
            json.dumps(
                {
                    "id": rid,
                    "text": sentence,
                    "predicate": predicate,
                    "predicate_start": start,
                    "predicate_end": start + len(predicate),
                    "factuality": value,
                }
            )
        )
    path = tmp_path / "fact.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("eval", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[str(path)]
    assert report["schema"] == "factuality"
    overall = report["overall"]
    assert overall["mae"] < overall["baseline_mae"]
