"""Evaluation of whole gold files: read, run an injected analysis, score each file."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError, InputError
from sitrep.evaluate.factuality import FactualityReport, score_factuality, withhold_answers
from sitrep.evaluate.gold import detect_schema, input_view, read_gold
from sitrep.evaluate.score import EvalReport, score

Analyze = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
"""Documents (id, text, published, title, outlet, url) in; gold-format predictions out."""
AnalyzeFactuality = Callable[[list[dict[str, Any]]], list[float]]
"""Factuality records without their rating in; one rating in [-3, 3] per record out."""
Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all files)."""


def evaluate_files(
    paths: Sequence[str | Path],
    analyze: Analyze,
    layers: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    analyze_factuality: AnalyzeFactuality | None = None,
    figure_categories: Collection[str] | None = None,
) -> dict[str, EvalReport | FactualityReport]:
    """Score `analyze` (and `analyze_factuality`) on each gold file, keyed by the path given.

    Each file is analysed in one call, so that stories can link documents of the same file.
    The analysis sees only the text and metadata of each document, never the annotations.
    `limit` keeps the first documents of each file. `figure_categories` restricts the
    predicted figures scored to those categories (see `score`).
    """
    files: list[tuple[str, list[dict[str, Any]]]] = []
    for path in paths:
        docs = read_gold(path)
        files.append((str(path), docs[:limit] if limit is not None else docs))
    for name, docs in files:
        if docs and detect_schema(docs[0]) == "factuality" and analyze_factuality is None:
            raise _no_predictor(name)
    total = sum(len(docs) for _, docs in files)
    done = 0
    if progress is not None:
        progress(done, total)
    results: dict[str, EvalReport | FactualityReport] = {}
    for name, docs in files:
        if docs and detect_schema(docs[0]) == "factuality":
            if analyze_factuality is None:
                raise _no_predictor(name)
            ratings = analyze_factuality([withhold_answers(d) for d in docs])
            results[name] = score_factuality(docs, ratings)
        else:
            predicted = analyze([input_view(d) for d in docs])
            results[name] = score(
                docs, _checked(name, predicted), layers, figure_categories=figure_categories
            )
        done += len(docs)
        if progress is not None:
            progress(done, total)
    return results


def _no_predictor(name: str) -> ConfigError:
    return ConfigError(
        f"{name} holds factuality records, but no factuality predictor was given. "
        "Pass analyze_factuality, or leave factuality files out of the evaluation."
    )


def _checked(name: str, predicted: Any) -> list[Mapping[str, Any]]:
    if not isinstance(predicted, list) or not all(
        isinstance(doc, Mapping) and "id" in doc for doc in predicted
    ):
        raise InputError(
            f"The analysis of {name} did not return a list of gold-format documents with ids. "
            "`analyze` must return one dict per input document, carrying the same `id`."
        )
    return predicted
