"""Rendering of evaluation reports as rich tables, and as JSON for files and the API."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from sitrep.evaluate.factuality import FactualityReport
from sitrep.evaluate.score import EvalReport, LayerScore

Report = EvalReport | FactualityReport


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report_to_json(report: Report, errors: bool = False) -> dict[str, Any]:
    """A JSON-ready dict of either kind of report, tagged with its `schema`."""
    if isinstance(report, FactualityReport):
        return {"schema": "factuality", **report.to_json()}
    return {"schema": "gold", **report.to_json(errors=errors)}


def render_report(report: Report, console: Console, title: str | None = None) -> None:
    """Print a report: one summary row per layer, then each layer's attributes and extras."""
    if isinstance(report, FactualityReport):
        _render_factuality(report, console, title)
        return
    summary = Table(title=title, title_justify="left")
    for column in ("layer", "P", "R", "F1", "TP", "FP", "FN", "docs"):
        summary.add_column(column, justify="left" if column == "layer" else "right")
    for name, layer in report.layers.items():
        summary.add_row(
            name,
            _num(layer.precision),
            _num(layer.recall),
            _num(layer.f1),
            str(layer.tp),
            str(layer.fp),
            str(layer.fn),
            str(layer.documents),
        )
    console.print(summary)
    for name, layer in report.layers.items():
        details = _details(name, layer)
        if details is not None:
            console.print(details)
    if "actors" in report.layers:
        _render_actor_documents(report, console)
    if report.missing_predictions:
        console.print(
            f"[yellow]{len(report.missing_predictions)} gold document(s) had no prediction "
            "and were scored as empty.[/yellow]"
        )


def _details(name: str, layer: LayerScore) -> Table | None:
    if not layer.attributes and not layer.extra:
        return None
    table = Table(title=f"{name}: attributes and extras", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("correct / total", justify="right")
    for attr, acc in layer.attributes.items():
        table.add_row(f"{attr} accuracy", _num(acc.value), f"{acc.correct} / {acc.total}")
    for key, value in layer.extra.items():
        digits = 0 if key in {"complete_documents", "items", "dropped_predictions"} else 3
        table.add_row(key, _num(value, digits), "")
    return table


def _render_actor_documents(report: EvalReport, console: Console) -> None:
    """Actor recall per document: a row for each document that missed a gold actor code."""
    missed: dict[str, list[str]] = {}
    for m in report.layers["actors"].mismatches:
        missed.setdefault(m.doc_id, []).append(m.text)
    scored = [d for d, layers in report.documents.items() if "actors" in layers]
    if not missed:
        console.print(f"actors: every gold actor code found in all {len(scored)} document(s)")
        return
    table = Table(
        title="actors: recall per document",
        title_justify="left",
        caption=f"the other {len(scored) - len(missed)} document(s): every gold actor code found",
        caption_justify="left",
    )
    for column in ("document", "recall", "found / gold", "missed codes"):
        table.add_column(
            column, justify="left" if column in {"document", "missed codes"} else "right"
        )
    for doc_id in scored:
        if doc_id not in missed:
            continue
        counts = report.documents[doc_id]["actors"]
        total = counts.tp + counts.fn
        table.add_row(
            doc_id, _num(counts.tp / total), f"{counts.tp} / {total}", ", ".join(missed[doc_id])
        )
    console.print(table)


def _render_factuality(report: FactualityReport, console: Console, title: str | None) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("corpus", "n", "MAE", "r", "all +3 MAE"):
        table.add_column(column, justify="left" if column == "corpus" else "right")
    rows = [*report.corpora.items(), ("all", report.overall)]
    for name, s in rows:
        table.add_row(name, str(s.n), _num(s.mae), _num(s.pearson_r), _num(s.baseline_mae))
    console.print(table)


def render_errors(
    report: EvalReport, console: Console, layers: list[str] | None = None, limit: int = 50
) -> None:
    """List unmatched gold items ('missed') and predictions ('spurious'), per layer."""
    for name, layer in report.layers.items():
        if (layers is not None and name not in layers) or not layer.mismatches:
            continue
        table = Table(
            title=f"{name}: {len(layer.mismatches)} unmatched item(s)", title_justify="left"
        )
        for column in ("document", "kind", "span", "text"):
            table.add_column(column, overflow="fold")
        for m in layer.mismatches[:limit]:
            span = f"{m.start}-{m.end}" if m.start is not None else ""
            style = "red" if m.kind == "missed" else "yellow"
            table.add_row(m.doc_id, f"[{style}]{m.kind}[/{style}]", span, m.text)
        console.print(table)
        if len(layer.mismatches) > limit:
            console.print(f"… {len(layer.mismatches) - limit} more in {name}")
