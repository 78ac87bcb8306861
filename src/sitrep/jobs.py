"""The main job: read inputs, drop exact duplicates, link near-duplicates, analyse and store.

A thin layer over `ingest`, `nlp` and `store`; the CLI, the API and the Ray runner call it.
Each input item succeeds or fails on its own: a failure is recorded with its reason and the
batch goes on. Articles are analysed in batches and each batch is stored in one transaction,
so an interrupted run keeps what it finished. Each stored analysis is filed into the stored
stories (`store.stories.update_stories`) in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.records import Analysis, Article

if TYPE_CHECKING:
    from sitrep.ingest.sources import IngestItem
    from sitrep.nlp.pipeline import Analyzer
    from sitrep.store import Store


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str


@dataclass
class IngestReport:
    new: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    near_duplicate: list[tuple[str, str, float]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.new)} new, {len(self.duplicate)} duplicate, "
            f"{len(self.near_duplicate)} near-duplicate, {len(self.failed)} failed"
        )


Progress = Callable[[str], None]
"""Called once per input item with its source, after it has been handled."""


def ingest(
    inputs: Sequence[str],
    store: Store,
    analyzer: Analyzer | None,
    settings: Settings,
    *,
    published: date | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
    items: Iterable[IngestItem] | None = None,
) -> IngestReport:
    """Ingest `inputs` (paths, folders, URLs, feeds) into `store`, analysing new articles."""
    from sitrep.ingest import dedup
    from sitrep.ingest.sources import read_inputs
    from sitrep.store import iter_minhashes, save_analysis, save_article
    from sitrep.store.stories import update_stories

    report = IngestReport()
    index = dedup.NearDuplicateIndex(threshold=settings.near_duplicate)
    with store.begin() as conn:
        for article_id, blob in iter_minhashes(conn):
            index.add(article_id, dedup.from_bytes(blob))

    seen: set[str] = set()
    batch: list[tuple[Article, bytes]] = []

    def flush() -> None:
        if not batch:
            return
        articles = [article for article, _ in batch]
        analyses = list(analyzer.analyze(articles)) if analyzer is not None else []
        with store.begin() as conn:
            for article, blob in batch:
                if save_article(conn, article, blob) == "new":
                    report.new.append(article.id)
                else:
                    report.duplicate.append(article.id)
            for analysis in analyses:
                save_analysis(conn, analysis)
            # Oldest first, as `assign_stories` adds a batch, so stories and ids do not
            # depend on the order of the inputs within a batch.
            by_id = {article.id: article for article in articles}
            analysed = [(by_id[analysis.article_id], analysis) for analysis in analyses]
            for article, analysis in sorted(analysed, key=_by_date):
                update_stories(conn, article, analysis)
        batch.clear()

    stream = (
        items
        if items is not None
        else read_inputs(inputs, settings, published=published, outlet=outlet)
    )
    for item in stream:
        try:
            if item.error is not None:
                report.failed.append(Failure(item.source, str(item.error)))
                continue
            article = item.article
            assert article is not None
            if article.id in seen or _exists(store, article.id):
                report.duplicate.append(article.id)
                continue
            seen.add(article.id)
            signature = dedup.signature(article.text)
            match = index.query(signature)
            if match is not None:
                original, similarity = match
                article = article.model_copy(
                    update={"duplicate_of": original, "similarity": round(similarity, 3)}
                )
                report.near_duplicate.append((article.id, original, similarity))
            index.add(article.id, signature)
            article = article.model_copy(update={"ingested_at": datetime.now(UTC)})
            batch.append((article, dedup.to_bytes(signature)))
            if len(batch) >= settings.batch_size:
                flush()
        except SitrepError as exc:
            report.failed.append(Failure(item.source, str(exc)))
        finally:
            if progress is not None:
                progress(item.source)
    flush()
    return report


def _by_date(pair: tuple[Article, Analysis]) -> tuple[bool, date, str]:
    article, analysis = pair
    published = analysis.published or article.published
    return published is None, published or date.min, article.id


def _exists(store: Store, article_id: str) -> bool:
    from sitrep.store import article_exists

    with store.begin() as conn:
        return article_exists(conn, article_id)


def _document_article(doc: dict[str, Any], published: date | None = None) -> Article:
    """An article from a gold-format document, its text kept exactly (offsets refer to it)."""
    from sitrep.errors import EmptyInputError, GoldFormatError

    doc_id, text = doc.get("id"), doc.get("text")
    if not isinstance(doc_id, str) or not isinstance(text, str):
        raise GoldFormatError("a document needs a string 'id' and a string 'text'")
    if not text.strip():
        raise EmptyInputError(f"document {doc_id!r} has an empty text")
    day = published
    raw = doc.get("published")
    if isinstance(raw, str) and raw:
        try:
            day = date.fromisoformat(raw[:10])
        except ValueError as exc:
            raise GoldFormatError(
                f"document {doc_id!r}: published {raw!r} is not YYYY-MM-DD or ISO 8601"
            ) from exc
    return Article(
        id=doc_id,
        text=text,
        title=doc.get("title"),
        outlet=doc.get("outlet"),
        url=doc.get("url"),
        published=day,
    )


def analyze_documents(
    path: Path, analyzer: Analyzer, *, published: date | None = None
) -> Iterator[tuple[str, tuple[Article, Analysis] | SitrepError]]:
    """Analyse each document of a JSON Lines file; a bad line is one error, the rest go on."""
    from sitrep.errors import GoldFormatError

    articles: list[tuple[str, Article]] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            label = f"line {number}"
            try:
                doc = json.loads(line)
                if not isinstance(doc, dict):
                    raise GoldFormatError(f"{path}:{number}: expected a JSON object")
                label = str(doc.get("id", label))
                articles.append((label, _document_article(doc, published)))
            except json.JSONDecodeError as exc:
                yield label, GoldFormatError(f"{path}:{number}: invalid JSON ({exc.msg})")
            except SitrepError as exc:
                yield label, exc
    analyses = analyzer.analyze([article for _, article in articles])
    for (label, article), analysis in zip(articles, analyses, strict=True):
        yield label, (article, analysis)


def analyze_gold_documents(
    docs: list[dict[str, Any]],
    analyzer: Analyzer,
    progress: Callable[[], None] | None = None,
    *,
    stories: bool = False,
) -> list[dict[str, Any]]:
    """Predictions in the gold format for gold documents (same ids), as `sitrep eval` needs.

    With `stories`, the events and figures of the whole batch are grouped into stories and each
    item carries its story id in the `story` key of FORMAT.md.
    """
    from sitrep.evaluate.gold import to_gold

    articles = [_document_article(doc) for doc in docs]
    analysed: list[tuple[Article, Analysis]] = []
    for article, analysis in zip(articles, analyzer.analyze(articles), strict=True):
        analysed.append((article, analysis))
        if progress is not None:
            progress()
    predictions = [
        to_gold(article, analysis) | {"id": article.id} for article, analysis in analysed
    ]
    if stories:
        add_story_ids(analysed, predictions)
    return predictions


def add_story_ids(
    analysed: Sequence[tuple[Article, Analysis]], lines: list[dict[str, Any]]
) -> None:
    """Write each event's and figure's story id into its gold line (same order as `analysed`)."""
    from sitrep.reconcile import assign_stories

    assignment = assign_stories(analysed)
    for (article, _), line in zip(analysed, lines, strict=True):
        for layer, ids in (("events", assignment.events), ("figures", assignment.figures)):
            for index, item in enumerate(line.get(layer, [])):
                story = ids.get((article.id, index))
                if story is not None:
                    item["story"] = story


def predict_factuality(records: list[dict[str, Any]], analyzer: Analyzer) -> list[float]:
    """Factuality in [-3, 3] of each record's predicate, from the event-status cues."""
    from sitrep.nlp.factuality import predicate_factuality
    from sitrep.nlp.pipeline import COMPONENT_MODULES

    nlp = analyzer.nlp
    texts = list(dict.fromkeys(str(record["text"]) for record in records))
    # Only the parse is needed: sitrep's own components are skipped, and each sentence,
    # which carries several rated predicates, is parsed once.
    skip = [name for name in nlp.pipe_names if name in COMPONENT_MODULES]
    with nlp.select_pipes(disable=skip):
        docs = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    return [
        predicate_factuality(
            docs[str(record["text"])], int(record["predicate_start"]), int(record["predicate_end"])
        )
        for record in records
    ]
