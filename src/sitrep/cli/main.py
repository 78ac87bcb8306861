"""`sitrep` commands. Each validates its arguments, calls the library and prints the result."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console

from sitrep.config import Settings
from sitrep.errors import ConfigError, InputError, SitrepError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from sitrep.nlp.pipeline import Analyzer
    from sitrep.reconcile.agreement import Claim
    from sitrep.records import Analysis, Article
    from sitrep.store import Store
    from sitrep.store.stories import ItemId
    from sitrep.store.story_queries import StoryDetail

app = typer.Typer(
    help="sitrep: news reports about wars and international politics, as sourced records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: SITREP_DB_URL or sqlite)")
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD, for items that lack one."),
]


def _settings(db: str | None = None, **changes: Any) -> Settings:
    settings = Settings.from_env()
    updates = {key: value for key, value in changes.items() if value is not None}
    if db:
        updates["db_url"] = db
    return dataclasses.replace(settings, **updates)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--published {value!r} is not a date: write it as YYYY-MM-DD.") from exc


def _open_store(settings: Settings) -> Store:
    from sitrep.store import Store

    return Store.open(settings.db_url)


def _analyzer(settings: Settings) -> Analyzer:
    from sitrep.nlp.pipeline import Analyzer

    with console.status(f"Loading the analysis pipeline ({settings.model})…"):
        return Analyzer(settings).setup()


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, http(s) URLs or feeds.")],
    published: PublishedOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for items without one.")] = None,
    db: DbOption = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on private/loopback addresses.")
    ] = False,
    analyze: Annotated[bool, typer.Option(help="Analyse new articles as they are stored.")] = True,
) -> None:
    """Read articles, store the new ones with their analysis, and link near-duplicates."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from sitrep import jobs
    from sitrep.ingest.sources import read_inputs
    from sitrep.store import safe_url

    settings = _settings(db, allow_private=allow_private or None)
    store = _open_store(settings)
    analyzer = _analyzer(settings) if analyze else None
    with console.status("Reading inputs…"):
        items = list(read_inputs(inputs, settings, published=_date(published), outlet=outlet))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Ingesting", total=len(items))
        report = jobs.ingest(
            inputs,
            store,
            analyzer,
            settings,
            items=items,
            progress=lambda _source: bar.advance(task),
        )
    for failure in report.failed:
        errors.print(f"[red]failed[/red] {failure.source}: {failure.reason}", highlight=False)
    for article_id, original, similarity in report.near_duplicate:
        console.print(f"near-duplicate {article_id} of {original} (similarity {similarity:.2f})")
    console.print(f"[bold]{report.summary()}[/bold] → {safe_url(settings.db_url)}")


def _read_for_analysis(path: str, published: date | None, settings: Settings) -> Iterator[Any]:
    from sitrep.ingest.sources import read_inputs

    yield from read_inputs([path], settings, published=published)


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="A .txt/.html/.json/.jsonl file, a URL, or -")],
    published: PublishedOption = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="text (readable), json (records) or gold")
    ] = "text",
    stories: Annotated[
        bool,
        typer.Option(
            "--stories",
            help="With --format gold: group the batch's events and figures into stories.",
        ),
    ] = False,
) -> None:
    """Analyse articles without storing them. JSON Lines documents keep their own ids and dates."""
    if format not in {"text", "json", "gold"}:
        raise InputError(f"--format {format!r} is not known: use text, json or gold.")
    if stories and format != "gold":
        raise InputError("--stories needs --format gold (story ids are a key of the gold format).")
    settings = _settings()
    day = _date(published)
    if path.endswith(".jsonl") and Path(path).is_file():
        from sitrep import jobs
        from sitrep.evaluate.gold import to_gold

        analyzer = _analyzer(settings)
        batch: list[tuple[Article, Analysis]] = []
        for doc_id, result in jobs.analyze_documents(Path(path), analyzer, published=day):
            if isinstance(result, SitrepError):
                errors.print(f"[red]failed[/red] {path}#{doc_id}: {result}", highlight=False)
            elif stories:
                batch.append(result)
            else:
                _emit(format, *result, doc_id=doc_id)
        if batch:
            lines = [to_gold(article, analysis) for article, analysis in batch]
            jobs.add_story_ids(batch, lines)
            for line in lines:
                print(json.dumps(line, ensure_ascii=False))
        return
    items = list(_read_for_analysis(path, day, settings))
    analyzer = _analyzer(settings)
    good = [item.article for item in items if item.article is not None]
    for item in items:
        if item.error is not None:
            errors.print(f"[red]failed[/red] {item.source}: {item.error}", highlight=False)
    for article in good:
        if article.published is None:
            errors.print(
                f"note: {article.source or article.id} has no publication date, so relative "
                "time expressions stay unresolved (XXXX); give --published YYYY-MM-DD.",
                highlight=False,
            )
    for article, analysis in zip(good, analyzer.analyze(good), strict=True):
        _emit(format, article, analysis, doc_id=None)
    if not good:
        raise typer.Exit(InputError.exit_code)


def _emit(format: str, article: Article, analysis: Analysis, doc_id: str | None) -> None:
    from sitrep.cli.render import render_analysis
    from sitrep.evaluate.gold import to_gold

    if format == "text":
        render_analysis(console, article, analysis)
    elif format == "json":
        record = {
            "article": article.model_dump(mode="json"),
            "analysis": analysis.model_dump(mode="json"),
        }
        print(json.dumps(record, ensure_ascii=False))
    else:
        line = to_gold(article, analysis)
        if doc_id is not None:
            line["id"] = doc_id
        print(json.dumps(line, ensure_ascii=False))


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold-format JSON Lines files.")],
    layer: Annotated[
        list[str] | None, typer.Option("--layer", "-l", help="Score only these layers.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    show_errors: Annotated[
        bool, typer.Option("--errors", help="List unmatched gold and predicted items.")
    ] = False,
    stories: Annotated[
        bool, typer.Option(help="Group events and figures into stories across the documents.")
    ] = True,
    figure_categories: Annotated[
        str | None,
        typer.Option(
            "--figure-categories",
            help="Score only predicted figures of these comma-separated categories (e.g. "
            "killed,detained,captured for a gold file that annotates no others).",
        ),
    ] = None,
) -> None:
    """Run the pipeline on gold documents and print precision, recall and F1 per layer.

    The figure-counting convention follows the settings: SITREP_FIGURE_TOTALS=1 counts
    per-document totals (see `Settings.figure_totals`).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from sitrep import jobs
    from sitrep.evaluate.report import render_errors, render_report, report_to_json
    from sitrep.evaluate.runner import evaluate_files
    from sitrep.evaluate.score import EvalReport

    for path in gold:
        if not path.is_file():
            raise InputError(f"Gold file {path} does not exist.")
    categories = _figure_categories(figure_categories)
    settings = _settings()
    analyzer = _analyzer(settings)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=errors, transient=True) as bar:

        def analyze_documents(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
            task = bar.add_task("Analysing gold documents", total=len(docs))
            predictions = jobs.analyze_gold_documents(
                docs, analyzer, lambda: bar.advance(task), stories=stories
            )
            bar.remove_task(task)
            return predictions

        def analyze_factuality(records: list[dict[str, Any]]) -> list[float]:
            task = bar.add_task(f"Parsing {len(records)} factuality items", total=None)
            scores = jobs.predict_factuality(records, analyzer)
            bar.remove_task(task)
            return scores

        reports = evaluate_files(
            [str(p) for p in gold],
            analyze_documents,
            layers=layer,
            limit=limit,
            analyze_factuality=analyze_factuality,
            figure_categories=categories,
        )
    if categories is not None and not as_json:
        console.print(
            f"figures: predictions restricted to {', '.join(categories)}; "
            "predicted figures of other categories were dropped before matching."
        )
    if as_json:
        scores = {name: report_to_json(r, errors=show_errors) for name, r in reports.items()}
        print(json.dumps(scores, indent=2))
        return
    for name, report in reports.items():
        render_report(report, console, title=name)
        if show_errors and isinstance(report, EvalReport):
            render_errors(report, console)


def _figure_categories(value: str | None) -> list[str] | None:
    """The categories of `--figure-categories`, checked against FORMAT's vocabulary."""
    from typing import get_args

    from sitrep.records import FigureCategory

    if value is None:
        return None
    known = get_args(FigureCategory)
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise InputError(
            f"--figure-categories {value!r} names no known category"
            + (f" ({', '.join(unknown)})" if unknown else "")
            + f". Available categories: {', '.join(known)}."
        )
    return names


@app.command()
def articles(
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    offset: Annotated[int, typer.Option(help="How many to skip.")] = 0,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    db: DbOption = None,
) -> None:
    """List stored articles, oldest first."""
    from rich.table import Table

    from sitrep.store import count_articles, list_articles

    store = _open_store(_settings(db))
    with store.begin() as conn:
        rows = list_articles(conn, limit=limit, offset=offset, outlet=outlet)
        total = count_articles(conn)
    table = Table(title=f"{total} article{'' if total == 1 else 's'}", title_justify="left")
    for column in ("id", "published", "outlet", "title", "near-duplicate of"):
        table.add_column(column, overflow="fold")
    for article in rows:
        table.add_row(
            article.id[:12],
            str(article.published or "—"),
            article.outlet or "—",
            article.title or (article.source or ""),
            (article.duplicate_of or "")[:12],
        )
    console.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix of 6+ is enough)")],
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or gold")] = "text",
    db: DbOption = None,
) -> None:
    """Show one stored article with its analysis."""
    from sitrep.records import Analysis
    from sitrep.store import get_analysis, get_article

    store = _open_store(_settings(db))
    with store.begin() as conn:
        article = get_article(conn, article_id)
        analysis = get_analysis(conn, article.id) or Analysis(article_id=article.id)
    _emit(format, article, analysis, doc_id=None)


@app.command()
def report(db: DbOption = None) -> None:
    """The picture in the store: outlets, actors, figures with claimants, events by date."""
    from sitrep.cli.render import render_store_report

    store = _open_store(_settings(db))
    render_store_report(console, store)


KindOption = Annotated[str | None, typer.Option("--kind", help="event or figure (default: both).")]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Only stories with this actor code (PRK, UKR).")
]


def _story_kind(value: str | None) -> Literal["event", "figure"] | None:
    if value is None:
        return None
    if value not in {"event", "figure"}:
        raise InputError(f"--kind {value!r} is not known: use event or figure.")
    return "event" if value == "event" else "figure"


@app.command("stories")
def list_stories_command(
    kind: KindOption = None,
    actor: ActorOption = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type of events.")] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Figure category (killed, troops, ...).")
    ] = None,
    min_reports: Annotated[int, typer.Option("--min-reports", help="At least N reports.")] = 1,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 100,
    db: DbOption = None,
) -> None:
    """List stories: events and figure series reported by several articles, most reported first."""
    from sitrep.cli.render import stories_table
    from sitrep.store.story_queries import list_stories

    if type is not None and category is not None:
        raise InputError("--type filters event stories and --category figure series: give one.")
    story_kind = _story_kind(kind) or ("event" if type else "figure" if category else None)
    store = _open_store(_settings(db))
    with store.begin() as conn:
        rows = list_stories(
            conn,
            kind=story_kind,
            actor=actor,
            subject=type or category,
            min_reports=min_reports,
            limit=limit,
        )
    console.print(stories_table(rows, title=f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}"))


@app.command("story")
def story_command(
    words: Annotated[
        list[str],
        typer.Argument(
            help="ID to show a story; `split ID ITEM...` to move items (ARTICLE_ID_PREFIX:"
            "events|figures:POSITION) into a story of their own; `merge ID OTHER` to merge."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Show a story's claims side by side, or split or merge stories (kept across re-analysis)."""
    store = _open_store(_settings(db))
    if words[0] == "split":
        if len(words) < 3:
            raise InputError("Usage: sitrep story split STORY_ID ITEM... (items as listed).")
        _split_story(store, words[1], words[2:])
    elif words[0] == "merge":
        if len(words) != 3:
            raise InputError("Usage: sitrep story merge STORY_ID OTHER_STORY_ID.")
        _merge_stories(store, words[1], words[2])
    elif len(words) == 1:
        _show_story(store, words[0])
    else:
        raise InputError("Usage: sitrep story ID | split ID ITEM... | merge ID OTHER.")


def _sibling_claims(conn: Connection, detail: StoryDetail) -> list[Claim]:
    """Claims of the killed, wounded and casualty series of the same parties (for sums)."""
    from sitrep.store.story_queries import get_story, list_stories

    parts = ("killed", "wounded", "casualties")
    if detail.kind != "figure" or detail.subject not in parts:
        return []
    codes = {code for m in detail.members for code in getattr(m.record, "actor", [])}
    found: dict[str, None] = {}
    for code in sorted(codes):
        for subject in parts:
            if subject != detail.subject:
                for row in list_stories(conn, kind="figure", actor=code, subject=subject):
                    found[row.id] = None
    return [claim for story in found for claim in get_story(conn, story).claims()]


def _show_story(store: Store, story: str) -> None:
    from sitrep.cli.render import render_story
    from sitrep.store.story_queries import get_story

    with store.begin() as conn:
        detail = get_story(conn, story)
        others = _sibling_claims(conn, detail)
    render_story(console, detail, others)


def _split_story(store: Store, story: str, items: list[str]) -> None:
    from sitrep.store.story_edits import parse_item, split_story

    with store.begin() as conn:
        parsed = [parse_item(conn, item) for item in items]
        new = split_story(conn, story, parsed)
    console.print(f"Split {len(parsed)} item(s) of {story} into {new}.", highlight=False)
    _show_story(store, new)
    _show_story(store, story)


def _merge_stories(store: Store, story: str, other: str) -> None:
    from sitrep.store.story_edits import merge_stories

    with store.begin() as conn:
        kept = merge_stories(conn, story, other)
    console.print(f"Merged {other} into {kept}.", highlight=False)
    _show_story(store, kept)


@app.command("figures")
def figures_command(
    actor: ActorOption = None,
    category: Annotated[
        str | None, typer.Option("--category", help="killed, wounded, troops, ...")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the series as a PNG chart here.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Figure series: every claim of a quantity with its claimant and source, in time order."""
    from sitrep.cli.render import plot_series, story_timeline
    from sitrep.reconcile.agreement import conflicts
    from sitrep.store.story_queries import get_story, list_stories

    if plot is not None and plot.suffix.lower() != ".png":
        raise InputError(f"--plot {plot} must name a .png file.")
    store = _open_store(_settings(db))
    with store.begin() as conn:
        rows = list_stories(conn, kind="figure", actor=actor, subject=category)
        series = [get_story(conn, row.id) for row in rows]
    if not series:
        console.print("No figure series match; list them with `sitrep stories --kind figure`.")
        return
    for detail in series:
        pairs = conflicts(detail.claims())
        marked: set[ItemId] = {(c.key[0], "figures", c.key[1]) for p in pairs for c in (p.a, p.b)}
        console.print(story_timeline(detail, marked))
    if plot is not None:
        _plot(plot, series, plot_series)


def _plot(path: Path, series: list[StoryDetail], draw: Callable[..., None]) -> None:
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(
            "--plot needs matplotlib, which is not installed: pip install 'sitrep[plot]'."
        ) from exc
    draw(path, series)
    console.print(f"Chart written to {path}", highlight=False)


@app.command("export")
def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help="gold (JSON Lines)")] = "gold",
    stories: Annotated[
        bool, typer.Option("--stories", help="Add each event's and figure's story id.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write every stored article with its analysis as JSON Lines in the gold format."""
    from sitrep.evaluate.gold import to_gold
    from sitrep.records import Analysis
    from sitrep.store import get_analysis, list_articles
    from sitrep.store.story_queries import story_ids

    if format != "gold":
        raise InputError(f"--format {format!r} is not supported for export yet: use gold.")
    store = _open_store(_settings(db))
    offset, page = 0, 500
    while True:
        with store.begin() as conn:
            batch = list_articles(conn, limit=page, offset=offset)
            for article in batch:
                analysis = get_analysis(conn, article.id) or Analysis(article_id=article.id)
                line = to_gold(article, analysis)
                if stories:
                    for (layer, position), story in story_ids(conn, article.id).items():
                        line[layer][position]["story"] = story
                print(json.dumps(line, ensure_ascii=False))
        if len(batch) < page:
            return
        offset += page


@app.command()
def schema(
    record: Annotated[
        str, typer.Argument(help="Analysis, Article, or any record name.")
    ] = "Analysis",
) -> None:
    """Print the JSON Schema of a record."""
    from pydantic import BaseModel

    from sitrep import records

    model = getattr(records, record, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        names = [
            n for n, v in vars(records).items() if isinstance(v, type) and issubclass(v, BaseModel)
        ]
        raise InputError(f"No record named {record!r}. Records: {', '.join(sorted(names))}.")
    print(json.dumps(model.model_json_schema(), indent=2))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the REST API and the dashboard (open http://HOST:PORT/ in a browser)."""
    from sitrep.api import serve as run_server

    settings = _settings(db)
    console.print(f"Dashboard and API on http://{host}:{port}/ (Ctrl+C to stop)", highlight=False)
    run_server(settings, host=host, port=port)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the database schema to the latest revision."""
    from sitrep.store import safe_url, upgrade

    settings = _settings(db)
    revision = upgrade(settings.db_url)
    console.print(f"Database at {safe_url(settings.db_url)} is at revision {revision}.")


@db_app.command("rebuild-stories")
def db_rebuild_stories(db: DbOption = None) -> None:
    """Regroup every stored analysis into stories from scratch, keeping split/merge decisions."""
    from sitrep.store.stories import rebuild_stories

    store = _open_store(_settings(db))
    with console.status("Regrouping stories…"), store.begin() as conn:
        count = rebuild_stories(conn)
    console.print(f"Stories rebuilt from {count} analysed articles.")


def run() -> None:
    """Entry point: map sitrep's errors to a one-line message and an exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except SitrepError as exc:
        errors.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    run()
