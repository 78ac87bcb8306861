"""Tests of reading gold files and writing an analysis as a gold-format line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitrep.errors import GoldFormatError
from sitrep.evaluate.gold import detect_schema, input_view, read_gold, to_gold
from sitrep.records import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Entity,
    Event,
    Figure,
    Place,
    TextSpan,
    Timex,
)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_gold_reads_objects_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "g.jsonl",
        [json.dumps({"id": "a", "text": "One."}), "", json.dumps({"id": "b", "text": "Two."})],
    )
    docs = read_gold(path)
    assert [d["id"] for d in docs] == ["a", "b"]
    assert detect_schema(docs[0]) == "gold"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"id": "b"}), "missing required key 'text'"),
        (json.dumps({"text": "x"}), "missing required key 'id'"),
        (json.dumps({"id": 3, "text": "x"}), "'id' must be a string"),
        (json.dumps({"id": "a", "text": "dup"}), "duplicate id 'a'"),
        (json.dumps({"id": "b", "text": "x", "timexes": {"start": 1}}), "layer 'timexes'"),
    ],
)
def test_read_gold_names_file_line_and_problem(tmp_path: Path, line: str, problem: str) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [json.dumps({"id": "a", "text": "ok"}), line])
    with pytest.raises(GoldFormatError) as info:
        read_gold(path)
    assert f"{path}:2" in str(info.value)
    assert problem in str(info.value)


def test_read_gold_rejects_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    with pytest.raises(GoldFormatError, match=r"latin1\.jsonl:1: not valid UTF-8"):
        read_gold(path)


def test_factuality_schema_is_detected_and_checked(tmp_path: Path) -> None:
    record = {"id": "x-1", "text": "It rained.", "predicate": "rained", "factuality": 3.0}
    assert detect_schema(record) == "factuality"
    good = write_lines(tmp_path / "f.jsonl", [json.dumps(record)])
    assert read_gold(good)[0]["factuality"] == 3.0
    bad = write_lines(
        tmp_path / "f2.jsonl",
        [json.dumps(record), json.dumps({**record, "id": "x-2", "factuality": "high"})],
    )
    with pytest.raises(GoldFormatError, match=r"f2\.jsonl:2: .*numeric 'factuality'"):
        read_gold(bad)


def test_input_view_hides_annotations() -> None:
    doc: dict[str, Any] = {"id": "a", "text": "t", "published": None, "timexes": [], "notes": "n"}
    assert input_view(doc) == {"id": "a", "text": "t", "published": None}


def span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start=start, end=start + len(part), text=part)


def test_to_gold_writes_every_layer() -> None:
    text = (
        "Kyiv said on Monday that 300 Korean soldiers were killed, citing the spy agency. "
        "Militia fighters attacked the town."
    )
    article = Article(id="art1", text=text, title="T", outlet="O", published=date(2025, 1, 24))
    kor = Actor(code="KOR", sector="GOV", name="South Korea")
    rsf = Actor(code="RSF", sector="REB", name="Rapid Support Forces")
    ukr_gov = Actor(code="Kyiv government", sector="GOV", name="Kyiv", country="UKR")
    analysis = Analysis(
        article_id="art1",
        timexes=[Timex(span=span(text, "Monday"), type="DATE", value="2025-01-20", extractor="t")],
        entities=[Entity(span=span(text, "Kyiv"), label="LOC", extractor="e")],
        places=[
            Place(
                span=span(text, "Kyiv"),
                name="Kyiv",
                country="UA",
                lat=50.45,
                lon=30.52,
                geonameid=703448,
                extractor="p",
            )
        ],
        attributions=[
            Attribution(
                speaker=span(text, "Kyiv"),
                speaker_actor=ukr_gov,
                kind="indirect",
                content=span(text, "300 Korean soldiers were killed"),
                via=span(text, "the spy agency"),
                extractor="a",
            ),
            Attribution(
                speaker=span(text, "Militia fighters"),
                speaker_actor=rsf,
                kind="indirect",
                content=span(text, "attacked the town"),
                extractor="a",
            ),
            Attribution(
                speaker=span(text, "Kyiv"),
                speaker_actor=kor,
                kind="according_to",
                content=span(text, "Korean soldiers"),
                extractor="a",
            ),
        ],
        figures=[
            Figure(
                category="killed",
                value=300.0,
                qualifier="exact",
                actor=["PRK"],
                claimant=["UKR", "KOR"],
                number=span(text, "300"),
                evidence=span(text, "300 Korean soldiers were killed"),
                extractor="f",
            ),
            Figure(
                category="troops",
                value=10.0,
                value_max=12.5,
                qualifier="range",
                actor=["PRK"],
                number=span(text, "300"),
                evidence=span(text, "300 Korean soldiers"),
                extractor="f",
            ),
        ],
        events=[
            Event(
                type="ASSAULT",
                actor=["Militia"],
                recipient=[],
                country="UKR",
                status="factual",
                trigger=span(text, "attacked"),
                evidence=span(text, "Militia fighters attacked the town"),
                extractor="e",
            )
        ],
    )
    line = to_gold(article, analysis)
    json.dumps(line)
    assert line["published"] == "2025-01-24"
    assert (line["title"], line["outlet"], line["url"]) == ("T", "O", None)
    assert line["timexes"] == [
        {"start": 13, "end": 19, "text": "Monday", "type": "DATE", "value": "2025-01-20"}
    ]
    assert line["places"][0] == {
        "start": 0,
        "end": 4,
        "text": "Kyiv",
        "country": "UA",
        "lat": 50.45,
        "lon": 30.52,
        "geonameid": 703448,
    }
    killed, troops = line["figures"]
    assert killed["value"] == 300 and isinstance(killed["value"], int)
    assert "value_max" not in killed and "story" not in killed
    assert killed["claimant"] == ["UKR", "KOR"]
    assert text[killed["evidence_start"] : killed["evidence_end"]] == killed["evidence"]
    assert troops["value"] == 10 and troops["value_max"] == 12.5
    first, second, third = line["attributions"]
    assert first["speaker"] == "Kyiv" and first["speaker_country"] == "UKR"
    assert first["via"] == "the spy agency"
    assert text[first["content_start"] : first["content_end"]] == first["content"]
    assert "speaker_country" not in second and "via" not in second
    assert third["speaker_country"] == "KOR"
    event = line["events"][0]
    assert event["type"] == "ASSAULT" and event["recipient"] == [] and event["country"] == "UKR"
    assert event["evidence"] == "Militia fighters attacked the town"
    assert line["entities"] == [{"start": 0, "end": 4, "text": "Kyiv", "label": "LOC"}]
