"""Recall of gold actor codes among the resolved actors, on documents written for the test."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from sitrep.evaluate.actors import actor_recall, gold_actor_codes
from sitrep.evaluate.report import render_report
from sitrep.evaluate.score import score

TEXT = "Ruritanian troops shelled a town in Freedonia, the Freedonian army said on Monday."


def mention(code: str, sector: str = "GOV") -> dict[str, Any]:
    return {"start": 0, "end": 10, "text": TEXT[0:10], "code": code, "sector": sector}


def gold_doc(doc_id: str = "d1", **layers: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": TEXT, **layers}


def pred_doc(doc_id: str = "d1", *codes: str) -> dict[str, Any]:
    return {"id": doc_id, "text": TEXT, "actors": [mention(c) for c in codes]}


def event(actor: list[str], recipient: list[str]) -> dict[str, Any]:
    return {"type": "ASSAULT", "actor": actor, "recipient": recipient, "status": "factual"}


def test_codes_come_from_figures_events_and_speaker_countries() -> None:
    gold = gold_doc(
        figures=[{"category": "killed", "value": 3, "actor": ["FRE"], "claimant": ["ONU"]}],
        events=[event(["RUR"], ["FRE"])],
        attributions=[{"speaker": "the army", "speaker_country": "fre", "kind": "indirect"}],
    )
    assert gold_actor_codes(gold) == {"fre": "FRE", "onu": "ONU", "rur": "RUR"}


def test_recall_counts_gold_codes_found_case_insensitively() -> None:
    gold = gold_doc(events=[event(["RUR"], ["FRE"])])
    result = actor_recall(gold, pred_doc("d1", "rur", "XYZ"))
    assert result is not None
    assert result.found == {"RUR"} and result.missed == {"FRE"}
    assert result.recall == 0.5


def test_documents_without_actor_layers_are_not_scored() -> None:
    gold = gold_doc(timexes=[])
    assert actor_recall(gold, pred_doc("d1", "RUR")) is None
    assert "actors" not in score([gold], [pred_doc("d1", "RUR")]).layers


def test_predictions_without_an_actor_list_are_not_scored() -> None:
    gold = gold_doc(events=[event(["RUR"], [])])
    assert actor_recall(gold, {"id": "d1", "text": TEXT}) is None
    assert "actors" not in score([gold], [gold]).layers


def test_report_is_micro_averaged_with_per_document_counts() -> None:
    golds = [
        gold_doc("a", events=[event(["RUR"], ["FRE"])]),
        gold_doc("b", figures=[{"category": "killed", "value": 2, "actor": ["FRE"]}]),
        gold_doc("c", events=[]),
    ]
    preds = [pred_doc("a", "RUR", "FRE"), pred_doc("b", "RUR"), pred_doc("c")]
    report = score(golds, preds)
    layer = report.layers["actors"]
    assert (layer.tp, layer.fn, layer.fp) == (2, 1, 0)
    assert layer.recall == 2 / 3 and layer.precision is None
    assert layer.extra["document_recall_mean"] == 0.5
    assert layer.extra["documents_all_found"] == 0.5
    assert report.documents["b"]["actors"].fn == 1
    assert [(m.doc_id, m.text) for m in layer.mismatches] == [("b", "FRE")]


def test_only_the_actor_layer_can_be_selected() -> None:
    report = score([gold_doc(events=[event(["RUR"], [])])], [pred_doc("d1")], ["actors"])
    assert list(report.layers) == ["actors"]
    assert report.layers["actors"].recall == 0.0


def test_rendered_report_lists_the_documents_that_missed_a_code() -> None:
    golds = [gold_doc("a", events=[event(["RUR"], ["FRE"])]), gold_doc("b", events=[])]
    report = score(golds, [pred_doc("a", "RUR"), pred_doc("b")])
    console = Console(record=True, width=120)
    render_report(report, console, title="test")
    out = console.export_text()
    assert "actors: recall per document" in out
    assert "FRE" in out and "1 / 2" in out


def test_no_actor_layer_when_no_gold_item_names_an_actor() -> None:
    gold = gold_doc(attributions=[{"speaker": "she", "kind": "indirect", "content": "x"}])
    report = score([gold], [pred_doc("d1", "RUR")])
    assert "actors" not in report.layers and "attributions" in report.layers
