"""The ingest job without the model: duplicates, near-duplicates, failures, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep import jobs
from sitrep.config import Settings
from sitrep.store import Store, count_articles, get_article, list_articles

PARAGRAPHS = [
    "Ukraine's security service said on Sunday that it had questioned two soldiers captured "
    "in the Kursk region, and that both men had told interrogators they were sent from North "
    "Korea after a short period of training in the Russian far east.",
    "The service released photographs of the two men, one of whom was wounded in the jaw, and "
    "said they were being held in Kyiv under the rules that apply to prisoners of war.",
    "Officials in Seoul said the country's intelligence agency had helped with the questioning "
    "and would share what it learned with allies, while Moscow made no comment on the capture.",
    "Analysts said the capture was the clearest evidence yet that Pyongyang's troops were "
    "fighting alongside Russian units, months after the first reports of their arrival.",
]


def _write(folder: Path, name: str, text: str, outlet: str) -> None:
    record = {"title": name, "outlet": outlet, "published": "2025-01-12", "text": text}
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def test_ingest_links_near_duplicates_and_changes_nothing_the_second_time(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    original = "\n\n".join(PARAGRAPHS)
    copy = original.replace("made no comment on the capture", "declined to comment on the matter")
    _write(folder, "a-original", original, "Wire One")
    _write(folder, "b-copy", copy, "Wire Two")
    (folder / "c-empty.txt").write_text("   \n", encoding="utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    store = Store.open(settings.db_url)

    report = jobs.ingest([str(folder)], store, None, settings)
    assert len(report.new) == 2 and len(report.near_duplicate) == 1
    assert [f.source.endswith("c-empty.txt") for f in report.failed] == [True]
    copy_id, original_id, similarity = report.near_duplicate[0]
    assert similarity >= settings.near_duplicate
    with store.begin() as conn:
        stored = get_article(conn, copy_id)
        assert stored.duplicate_of == original_id and stored.outlet == "Wire Two"
        before = [a.model_dump() for a in list_articles(conn)]

    again = jobs.ingest([str(folder)], store, None, settings)
    assert (len(again.new), len(again.duplicate), len(again.near_duplicate)) == (0, 2, 0)
    with store.begin() as conn:
        assert count_articles(conn) == 2
        assert [a.model_dump() for a in list_articles(conn)] == before


def test_unrelated_reports_are_not_linked(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a", "\n\n".join(PARAGRAPHS[:2]), "Wire One")
    _write(folder, "b", "\n\n".join(PARAGRAPHS[2:]), "Wire One")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    report = jobs.ingest([str(folder)], Store.open(settings.db_url), None, settings)
    assert len(report.new) == 2 and not report.near_duplicate
