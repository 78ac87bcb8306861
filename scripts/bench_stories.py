"""Time to file one new article into the stored stories, for a store of 100 and of 10,000.

Not a test: `python scripts/bench_stories.py [--sizes 100 10000] [--db-dir DIR]`. Builds each
store from synthetic analysed articles (random actors, PLOVER types, figure categories and
dates over three years, seeded), then times `save_analysis` + `update_stories` for the same
new articles on each store, each in a transaction that is rolled back, and prints the median
and the ratio of the largest store to the smallest (issue 7's target: below 3).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sitrep.records import EVENT_TYPES, Analysis, Article, Event, Figure, TextSpan
from sitrep.store import Store, save_analysis, save_article
from sitrep.store.stories import update_stories

ACTORS = [f"A{n:03d}" for n in range(200)]
CATEGORIES = ["killed", "wounded", "troops", "captured", "displaced"]
START = date(2023, 1, 1)


def _span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start=start, end=start + len(part), text=part)


def synthetic(n: int, rng: random.Random) -> tuple[Article, Analysis]:
    """One analysed article: two events and two figures about random actors."""
    published = START + timedelta(days=rng.randrange(3 * 365))
    actor, other = rng.sample(ACTORS, 2)
    value = rng.randrange(5, 5000)
    sentence = f"Forces of {actor} attacked {other}; {value} soldiers were killed, officials said."
    text = f"{sentence} Report number {n}."
    events = [
        Event(
            type=rng.choice(EVENT_TYPES),  # type: ignore[arg-type]
            actor=[actor],
            recipient=[other],
            date=(published - timedelta(days=rng.randrange(3))).isoformat(),
            date_source="text",
            trigger=_span(text, "attacked"),
            evidence=_span(text, sentence),
            extractor="bench",
        )
        for _ in range(2)
    ]
    figures = [
        Figure(
            category=rng.choice(CATEGORIES),  # type: ignore[arg-type]
            value=value,
            qualifier="exact",
            actor=[rng.choice((actor, other))],
            claimant=[rng.choice(ACTORS)],
            number=_span(text, str(value)),
            evidence=_span(text, sentence),
            extractor="bench",
        )
        for _ in range(2)
    ]
    article = Article(id=f"bench-{n:06d}", text=text, outlet="Bench Wire", published=published)
    analysis = Analysis(article_id=article.id, published=published, events=events, figures=figures)
    return article, analysis


def build(url: str, size: int) -> Store:
    rng = random.Random(7)
    store = Store.open(url)
    pairs = sorted((synthetic(n, rng) for n in range(size)), key=lambda p: p[0].published or START)
    with store.begin() as conn:
        for article, analysis in pairs:
            save_article(conn, article)
            save_analysis(conn, analysis)
            update_stories(conn, article, analysis)
    return store


def time_adds(store: Store, count: int) -> list[float]:
    rng = random.Random(99)
    timings = []
    for n in range(count):
        article, analysis = synthetic(1_000_000 + n, rng)
        with store.connect() as conn:
            transaction = conn.begin()
            start = time.perf_counter()
            save_article(conn, article)
            save_analysis(conn, analysis)
            update_stories(conn, article, analysis)
            timings.append(time.perf_counter() - start)
            transaction.rollback()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--adds", type=int, default=50)
    parser.add_argument("--db-dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.db_dir or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    medians = {}
    for size in args.sizes:
        built = time.perf_counter()
        store = build(f"sqlite:///{folder / f'stories-{size}.db'}", size)
        built = time.perf_counter() - built
        timings = time_adds(store, args.adds)
        store.close()
        medians[size] = statistics.median(timings)
        print(
            f"store of {size:>6} articles (built in {built:6.1f} s): one article added in "
            f"{medians[size] * 1000:6.2f} ms (median of {args.adds}; "
            f"p90 {sorted(timings)[int(0.9 * len(timings))] * 1000:6.2f} ms)"
        )
    small, large = min(medians), max(medians)
    print(f"ratio {large} / {small}: {medians[large] / medians[small]:.2f} (target < 3)")


if __name__ == "__main__":
    main()
