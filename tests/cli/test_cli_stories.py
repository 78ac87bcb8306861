"""`sitrep stories`, `story`, `figures` and `export` on a store ingested from five short reports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitrep.cli import main as cli

pytestmark = pytest.mark.model

REPORTS = {
    "a": (
        "Wire A",
        "2024-12-19",
        "South Korea's spy agency said on Thursday that at least 100 "
        "North Korean soldiers had been killed fighting for Russia in the Kursk region.",
    ),
    "b": (
        "Wire B",
        "2025-01-13",
        "About 300 North Korean soldiers have been killed and 2,700 "
        "wounded in the Kursk region, a South Korean lawmaker said on Monday after a briefing "
        "by the spy agency.",
    ),
    "c": (
        "Wire C",
        "2025-01-11",
        "Ukraine's military said on Saturday that it had captured two "
        "North Korean soldiers in the Kursk region.",
    ),
    "d": (
        "Wire D",
        "2025-01-12",
        "Ukrainian forces captured two North Korean soldiers in "
        "Russia's Kursk region, President Volodymyr Zelenskyy said on Sunday.",
    ),
    "e": (
        "Wire E",
        "2025-01-14",
        "Kyiv said on Tuesday that 3,000 North Korean soldiers had "
        "been killed in the Kursk region.",
    ),
}


def invoke(*args: str, db: Path) -> Any:
    env = {"COLUMNS": "250", "SITREP_DB_URL": f"sqlite:///{db}"}
    result = CliRunner().invoke(cli.app, list(args), env=env, catch_exceptions=True)
    if isinstance(result.exception, cli.SitrepError):
        result.exit_code = result.exception.exit_code
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (outlet, published, text) in REPORTS.items():
        record = {"title": name, "outlet": outlet, "published": published, "text": text}
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    path = tmp_path / "s.db"
    assert "5 new" in invoke("ingest", str(folder), db=path).stdout
    return path


def _ids(output: str, prefix: str) -> list[str]:
    return re.findall(rf"\b({prefix}-[0-9a-f]{{8}})\b", output)


def test_stories_story_split_and_merge(db: Path) -> None:
    listing = invoke("stories", "--min-reports", "2", db=db)
    assert listing.exit_code == 0, listing.output
    assert "killed of PRK" in listing.stdout and "ASSAULT/abduct UKR → PRK" in listing.stdout
    killed = _ids(invoke("stories", "--category", "killed", db=db).stdout, "fig")[0]
    capture = _ids(invoke("stories", "--kind", "event", "--actor", "UKR", db=db).stdout, "ev")[0]

    shown = invoke("story", killed, db=db)
    assert shown.exit_code == 0, shown.output
    for expected in ("Wire A", "Wire E", "range: 100–3,000", "independent claimants: 2"):
        assert expected in shown.stdout
    assert "conflicts: 1" in shown.stdout and "joined, like" in shown.stdout
    items = list(dict.fromkeys(re.findall(r"\b([0-9a-f]{12}:figures:\d+)\b", shown.stdout)))
    assert len(items) == 3

    split = invoke("story", "split", killed, items[-1], db=db)
    assert split.exit_code == 0, split.output
    new = _ids(split.stdout, "fig")[1]
    assert new != killed and "split out of" in split.stdout
    merged = invoke("story", "merge", killed, new, db=db)
    assert merged.exit_code == 0, merged.output
    assert f"Merged {new} into {killed}" in merged.stdout
    assert "merged story" in invoke("story", killed, db=db).stdout
    assert invoke("story", "merge", killed, capture, db=db).exit_code == 3
    assert invoke("story", "ev-00000000", db=db).exit_code == 6


def test_figures_table_and_plot(db: Path, tmp_path: Path) -> None:
    chart = tmp_path / "killed.png"
    result = invoke(
        "figures", "--actor", "PRK", "--category", "killed", "--plot", str(chart), db=db
    )
    assert result.exit_code == 0, result.output
    assert "killed of PRK" in result.stdout and "≠" in result.stdout
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert invoke("figures", "--plot", str(tmp_path / "x.jpg"), db=db).exit_code == 3


def test_export_gold_with_story_ids(db: Path) -> None:
    result = invoke("export", "--format", "gold", "--stories", db=db)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    killed = {f["story"] for line in lines for f in line["figures"] if f["category"] == "killed"}
    assert len(killed) == 1
    captures = {e["story"] for line in lines for e in line["events"] if e.get("mode") == "abduct"}
    assert len(captures) == 1
    plain = invoke("export", db=db)
    assert all(
        "story" not in f for line in plain.stdout.splitlines() for f in json.loads(line)["figures"]
    )
    assert invoke("export", "--format", "csv", db=db).exit_code == 3


def test_rebuild_stories_regroups_the_store(db: Path) -> None:
    before = invoke("stories", db=db).stdout
    assert _ids(before, "ev") or _ids(before, "fig")
    result = invoke("db", "rebuild-stories", db=db)
    assert result.exit_code == 0 and "from 5 analysed articles" in result.stdout
    assert invoke("stories", db=db).stdout == before
