"""Terminal views of articles, analyses and the store, drawn with rich."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitrep.records import Actor, Analysis, Article, Event, Figure

if TYPE_CHECKING:
    from sitrep.store import Store

STYLES = {
    "timex": "cyan",
    "place": "green",
    "actor": "bold",
    "speaker": "bold yellow",
    "content": "italic",
    "number": "bold magenta",
}


def _codes(codes: Sequence[str] | None) -> str:
    return ", ".join(codes) if codes else "—"


def _value(figure: Figure) -> str:
    value = f"{figure.value:,.0f}"
    if figure.value_max is not None:
        value += f"–{figure.value_max:,.0f}"
    return value


def highlighted_text(article: Article, analysis: Analysis) -> Text:
    """The article's text with every extracted span styled by layer."""
    text = Text(article.text)
    for attribution in analysis.attributions:
        text.stylize(STYLES["content"], attribution.content.start, attribution.content.end)
    for mention in analysis.actors:
        text.stylize(STYLES["actor"], mention.span.start, mention.span.end)
    for place in analysis.places:
        text.stylize(STYLES["place"], place.span.start, place.span.end)
    for timex in analysis.timexes:
        text.stylize(STYLES["timex"], timex.span.start, timex.span.end)
    for attribution in analysis.attributions:
        text.stylize(STYLES["speaker"], attribution.speaker.start, attribution.speaker.end)
    for figure in analysis.figures:
        text.stylize(STYLES["number"], figure.number.start, figure.number.end)
    return text


def legend() -> Text:
    parts = [("time", "timex"), ("place", "place"), ("actor", "actor"), ("speaker", "speaker")]
    parts += [("claimed words", "content"), ("figure", "number")]
    legend = Text("Legend: ")
    for label, key in parts:
        legend.append(label, style=STYLES[key])
        legend.append("  ")
    return legend


def _evidence(text: str, article: Article | None) -> Text:
    """The evidence words, with the report they come from on a dim second line."""
    cell = Text(f"“{text}”")
    if article is not None:
        cell.append(f"\n{article.outlet or 'unknown outlet'}, {article.published or 'undated'}")
        cell.stylize("dim", len(text) + 2)
    return cell


def figures_table(rows: Sequence[tuple[Article | None, Figure]], title: str = "Figures") -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("figure", ratio=2, overflow="fold")
    table.add_column("whose", ratio=1, overflow="fold")
    table.add_column("claimed by", ratio=1, overflow="fold")
    table.add_column("evidence", ratio=5, overflow="fold")
    for article, figure in rows:
        qualifier = "" if figure.qualifier in {"exact", "range"} else f" ({figure.qualifier})"
        table.add_row(
            f"{figure.category} {_value(figure)}{qualifier}",
            _codes(figure.actor),
            _codes(figure.claimant) if figure.claimant else "the report",
            _evidence(figure.evidence.text, article),
        )
    return table


def events_table(rows: Sequence[tuple[Article | None, Event]], title: str = "Events") -> Table:
    table = Table(title=title, title_justify="left", expand=True, caption_justify="left")
    table.add_column("date", ratio=1, overflow="fold")
    table.add_column("event", ratio=2, overflow="fold")
    table.add_column("status", ratio=1, overflow="fold")
    table.add_column("evidence", ratio=5, overflow="fold")
    fallback = False
    for article, event in rows:
        date = event.date or "—"
        if event.date_source == "published":
            date += "*"
            fallback = True
        kind = event.type + (f"/{event.mode}" if event.mode else "")
        where = event.place or event.country
        who = f"{_codes(event.actor)} → {_codes(event.recipient)}"
        table.add_row(
            date,
            f"{kind}\n{who}" + (f"\nin {where}" if where else ""),
            event.status,
            _evidence(event.evidence.text, article),
        )
    if fallback:
        table.caption = "* no date in the text: dated by the report's publication date"
    return table


def render_analysis(console: Console, article: Article, analysis: Analysis) -> None:
    """The readable view of one analysed article: highlighted text, then one table a layer."""
    heading = article.title or article.source or article.id
    meta = f"{article.outlet or 'unknown outlet'} · published {article.published or 'unknown'}"
    meta += f" · id {article.id}"
    if article.duplicate_of:
        meta += f" · near-duplicate of {article.duplicate_of} ({article.similarity})"
    console.print(Panel(highlighted_text(article, analysis), title=heading, subtitle=meta))
    console.print(legend())

    claims = Table(title="Claims", title_justify="left", expand=True)
    for column in ("speaker", "actor", "kind", "certainty", "via", "content"):
        claims.add_column(column, overflow="fold")
    for attribution in analysis.attributions:
        actor = attribution.speaker_actor
        claims.add_row(
            attribution.speaker.text,
            f"{actor.code} {actor.sector}" if actor else "—",
            attribution.kind,
            attribution.certainty,
            attribution.via.text if attribution.via else "—",
            attribution.content.text,
        )
    console.print(claims)
    console.print(figures_table([(None, f) for f in analysis.figures]))
    console.print(events_table([(None, e) for e in analysis.events]))

    time = Table(title="Time expressions and places", title_justify="left", expand=True)
    for column in ("kind", "text", "value", "detail"):
        time.add_column(column, overflow="fold")
    for timex in analysis.timexes:
        time.add_row("time", timex.span.text, timex.value, timex.type)
    places = Counter((p.span.text, p.country, p.feature, p.lat, p.lon) for p in analysis.places)
    for (name, country, feature, lat, lon), count in places.items():
        where = f"{lat:.2f}, {lon:.2f}" if lat is not None and lon is not None else "—"
        times = f" ×{count}" if count > 1 else ""
        time.add_row("place", name + times, country or "—", f"{feature} {where}")
    console.print(time)

    actors = Counter((m.actor.code, m.actor.sector, m.actor.name) for m in analysis.actors)
    table = Table(title="Actors", title_justify="left")
    for column in ("code", "sector", "name", "mentions"):
        table.add_column(column)
    for (code, sector, name), count in actors.most_common():
        table.add_row(code, sector, name, str(count))
    console.print(table)


def _actor_key(actor: Actor) -> tuple[str, str]:
    """A state's organs share the state's name, so they count as one actor; people do not."""
    return actor.code, actor.name


def render_store_report(console: Console, store: Store, limit: int = 500) -> None:
    """The picture in a store: outlets, actors, figures with claimants, events in date order."""
    from sitrep.store import count_articles, get_analysis, list_articles

    with store.begin() as conn:
        total = count_articles(conn)
        articles = list_articles(conn, limit=limit)
        analyses = [(article, get_analysis(conn, article.id)) for article in articles]
    shown = f" (the first {limit})" if total > limit else ""
    console.rule(f"[bold]sitrep report[/bold]: {total} articles{shown}")

    outlets: dict[str, list[Article]] = {}
    for article in articles:
        outlets.setdefault(article.outlet or "unknown outlet", []).append(article)
    table = Table(title="Articles and outlets", title_justify="left")
    for column in ("outlet", "articles", "first", "last", "near-duplicates"):
        table.add_column(column)
    for outlet, items in sorted(outlets.items()):
        dates = sorted(str(a.published) for a in items if a.published)
        copies = sum(1 for a in items if a.duplicate_of)
        first, last = (dates[0], dates[-1]) if dates else ("—", "—")
        table.add_row(outlet, str(len(items)), first, last, str(copies))
    console.print(table)

    reach: Counter[tuple[str, str]] = Counter()
    mentions: Counter[tuple[str, str]] = Counter()
    for _, analysis in analyses:
        if analysis is None:
            continue
        keys = [_actor_key(m.actor) for m in analysis.actors]
        reach.update(set(keys))
        mentions.update(keys)
    table = Table(title="Actors (most reported first)", title_justify="left")
    for column in ("code", "name", "articles", "mentions"):
        table.add_column(column)
    for (code, name), count in reach.most_common(15):
        table.add_row(code, name, str(count), str(mentions[(code, name)]))
    console.print(table)

    figures = [(a, f) for a, analysis in analyses if analysis for f in analysis.figures]
    figures.sort(key=lambda row: (row[1].category, str(row[0].published), row[1].value))
    console.print(figures_table(figures, title="Figures and who claims them"))

    events = [(a, e) for a, analysis in analyses if analysis for e in analysis.events]
    events.sort(key=lambda row: (row[1].date or str(row[0].published or ""), row[1].type))
    console.print(events_table(events, title="Events in date order"))
