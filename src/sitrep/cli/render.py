"""Terminal views of articles, analyses and the store, drawn with rich."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitrep.reconcile.agreement import (
    Claim,
    breakdowns,
    conflicts,
    independent_sources,
    join_overlapping,
    timeline,
    value_range,
)
from sitrep.records import Actor, Analysis, Article, Event, Figure

if TYPE_CHECKING:
    from sitrep.store import Store
    from sitrep.store.stories import ItemId
    from sitrep.store.story_queries import StoryDecision, StoryDetail, StoryMember, StorySummary

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

    from sitrep.store.story_queries import list_stories

    with store.begin() as conn:
        shared = list_stories(conn, min_reports=2, limit=20)
    console.print(stories_table(shared, title="Stories told by more than one report"))
    console.print("See one with 'sitrep story ID'; all of them with 'sitrep stories'.")


# Stories


def _span(first: object, last: object) -> str:
    if first is None:
        return "—"
    return str(first) if first == last else f"{first} → {last}"


def _amount(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"


def stories_table(rows: Sequence[StorySummary], title: str = "Stories") -> Table:
    """`sitrep stories`: one line a story, most reported first."""
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("label", ratio=4, overflow="fold")
    table.add_column("reports", justify="right", no_wrap=True)
    table.add_column("outlets", justify="right", no_wrap=True)
    table.add_column("dates", ratio=2, overflow="fold")
    table.add_column("values", no_wrap=True)
    for row in rows:
        table.add_row(
            row.id,
            row.label,
            str(row.reports),
            str(row.outlets),
            _span(row.first, row.last),
            _amount(row.low, row.high) if row.kind == "figure" else "",
        )
    return table


def _claimant(member: StoryMember) -> tuple[str, str]:
    """Who claims the item, and through whom ('via'), as the CLI shows them."""
    record = member.record
    claimant = _codes(record.claimant) if record.claimant else "the report"
    claim = member.attribution
    via = "—"
    if claim is not None and claim.via is not None:
        code = claim.via_actor.code if claim.via_actor else None
        via = claim.via.text + (f" ({code})" if code else "")
    if claim is not None and not record.claimant:
        claimant = claim.speaker.text
    return claimant, via


def _what(record: Event | Figure) -> str:
    if isinstance(record, Figure):
        qualifier = "" if record.qualifier in {"exact", "range"} else f" ({record.qualifier})"
        return f"{_value(record)}{qualifier}"
    kind = record.type + (f"/{record.mode}" if record.mode else "")
    where = record.place or record.country
    text = f"{kind} {_codes(record.actor)} → {_codes(record.recipient)}"
    text += f"\n{record.date or 'undated'}, {record.status}"
    return text + (f", in {where}" if where else "")


def story_timeline(detail: StoryDetail, conflicting: set[ItemId] | None = None) -> Table:
    """The claims of a story in time order, with claimant, via, outlet and evidence."""
    conflicting = conflicting or set()
    table = Table(title=f"{detail.id} · {detail.label}", title_justify="left", expand=True)
    table.add_column("item", ratio=2, overflow="fold")
    table.add_column("published", ratio=1, overflow="fold")
    table.add_column("outlet", ratio=1, overflow="fold")
    table.add_column("claimed by", ratio=1, overflow="fold")
    table.add_column("via", ratio=1, overflow="fold")
    table.add_column("value" if detail.kind == "figure" else "event", ratio=2, overflow="fold")
    table.add_column("evidence", ratio=5, overflow="fold")
    for member in detail.members:
        claimant, via = _claimant(member)
        what = _what(member.record)
        if member.item in conflicting:
            what += " [red]≠[/red]"
        table.add_row(
            member.ref(),
            str(member.published or "—"),
            member.article.outlet or "—",
            claimant,
            via,
            what,
            f"“{member.record.evidence.text}”",
        )
    if conflicting:
        table.caption = "≠ conflicts with another claim of the same time"
    return table


def _claim_text(claim: Claim) -> str:
    who = ",".join(claim.claimant) if claim.claimant else (claim.outlet or "the report")
    return f"{claim.value:,.0f} ({claim.qualifier}) by {who}, {claim.published or 'undated'}"


def agreement_lines(detail: StoryDetail, others: Sequence[Claim] = ()) -> list[str]:
    """The agreement summary of a story: range, independent sources, conflicts, breakdowns."""
    if detail.kind == "event":
        sources = [
            frozenset(m.record.claimant or [f"outlet:{m.article.outlet or m.item[0][:12]}"])
            for m in detail.members
        ]
        groups = join_overlapping(sources)
        statuses = Counter(m.record.status for m in detail.members if isinstance(m.record, Event))
        outlets = {m.article.outlet for m in detail.members}
        return [
            f"reports: {len(detail.members)} from {len(outlets)} outlets",
            f"independent sources: {len(groups)} ("
            + "; ".join(",".join(sorted(g)) for g in groups)
            + ")",
            "status: " + ", ".join(f"{s} ×{n}" for s, n in statuses.most_common()),
        ]
    claims = detail.claims()
    found_range = value_range(claims)
    sources = independent_sources(claims)
    lines = [
        "range: " + (_amount(*found_range) if found_range else "—"),
        f"independent claimants: {len(sources)} ("
        + "; ".join(",".join(sorted(s)) for s in sources)
        + ")",
    ]
    pairs = conflicts(claims)
    lines.append(f"conflicts: {len(pairs)}")
    lines += [f"  {_claim_text(p.a)}  ≠  {_claim_text(p.b)}" for p in pairs]
    own = {c.key for c in claims}
    sums = [
        b
        for b in breakdowns([*claims, *others])
        if own & {b.killed.key, b.wounded.key, b.casualties.key}
    ]
    lines.append(f"consistent breakdowns: {len(sums)}")
    lines += [
        f"  {b.killed.value:,.0f} killed + {b.wounded.value:,.0f} wounded "
        f"≈ {_claim_text(b.casualties)}"
        for b in sums
    ]
    return lines


def _reason(decision: StoryDecision) -> str:
    item = f"{decision.item[0][:12]}:{decision.item[1]}:{decision.item[2]}" if decision.item else ""
    by = f"{decision.decided_by}:"
    if decision.action == "start":
        return f"{by} {item} started the story"
    if decision.action == "join":
        partner = decision.partner
        like = f"{partner[0][:12]}:{partner[1]}:{partner[2]}" if partner else "?"
        fields = ", ".join(f"{k}={v}" for k, v in (decision.fields or {}).items())
        return f"{by} {item} joined, like {like} (score {decision.score}): {fields}"
    if decision.action == "split":
        return f"{by} {item} split out of {decision.other_story}"
    return f"{by} merged story {decision.other_story} into this one"


def render_story(console: Console, detail: StoryDetail, others: Sequence[Claim] = ()) -> None:
    """`sitrep story ID`: the timeline, the agreement summary and the merge reasons."""
    pairs = conflicts(detail.claims()) if detail.kind == "figure" else []
    conflicting: set[ItemId] = {
        (c.key[0], "figures", c.key[1]) for pair in pairs for c in (pair.a, pair.b)
    }
    console.print(story_timeline(detail, conflicting))
    console.print("[bold]Agreement[/bold]")
    for line in agreement_lines(detail, others):
        console.print(f"  {line}", highlight=False)
    console.print("[bold]Decisions[/bold]")
    for decision in detail.decisions:
        console.print(f"  {_reason(decision)}", highlight=False)


def _day_number(day: date | None) -> float:
    """matplotlib's date number: days since its default epoch, 1970-01-01."""
    assert day is not None
    return float((day - date(1970, 1, 1)).days)


def plot_series(path: Path, series: Sequence[StoryDetail]) -> None:
    """A PNG chart of figure series: one line and marker set per claimant over publication
    time, ranges as error bars, conflicting claims circled in red."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 5))
    markers = "osD^vP*X"
    try:
        drawn = 0
        for detail in series:
            claims = [c for c in timeline(detail.claims()) if c.published is not None]
            by_source: dict[str, list[Claim]] = {}
            for claim in claims:
                who = ",".join(claim.claimant) if claim.claimant else (claim.outlet or "report")
                by_source.setdefault(who, []).append(claim)
            for who, group in sorted(by_source.items()):
                xs = [_day_number(c.published) for c in group]
                ys = [c.value for c in group]
                upper = [(c.value_max or c.value) - c.value for c in group]
                label = f"{who} ({detail.id})" if len(series) > 1 else who
                axes.errorbar(
                    xs,
                    ys,
                    yerr=[[0.0] * len(ys), upper],
                    marker=markers[drawn % len(markers)],
                    linestyle="-",
                    capsize=3,
                    label=label,
                )
                drawn += 1
            for pair in conflicts(claims):
                for claim in (pair.a, pair.b):
                    axes.scatter(
                        [_day_number(claim.published)],
                        [claim.value],
                        s=220,
                        facecolors="none",
                        edgecolors="red",
                        linewidths=1.5,
                    )
        title = ", ".join(f"{d.label}" for d in series)
        axes.set_title(title + " — conflicts circled in red", fontsize=10)
        axes.xaxis_date()
        axes.set_xlabel("published")
        axes.set_ylabel("claimed value")
        axes.grid(alpha=0.3)
        if drawn:
            axes.legend(fontsize=8)
        figure.autofmt_xdate()
        figure.savefig(path, dpi=120, bbox_inches="tight")
    finally:
        plt.close(figure)
