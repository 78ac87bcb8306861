"""`make bench`: sitrep's analysis against the raw spaCy pipeline, on the same texts, in one run.

Speed on a shared machine is noisy, so the figure that matters is the ratio of the two
throughputs measured side by side (best of several alternating rounds), plus each sitrep
component's share of the analysis time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from sitrep.config import Settings
from sitrep.records import Article

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "articles"
REALNEWS = REPO.parent / "shared" / "eval" / "realnews" / "dev.jsonl"


def load_texts() -> list[Article]:
    """The demo articles, and the annotated real reports when `../shared/eval` is present."""
    from sitrep.ingest.sources import read_inputs

    articles = [item.article for item in read_inputs([str(DEMO)], Settings()) if item.article]
    if REALNEWS.is_file():
        for line in REALNEWS.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            articles.append(Article(id=doc["id"], text=doc["text"]))
    return articles


def best_of(rounds: int, run: Callable[[], object]) -> tuple[float, float]:
    """Best wall time and best CPU time (this process's) of `rounds` runs."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu


def component_shares(analyzer_nlp: object, articles: list[Article]) -> dict[str, float]:
    """Seconds spent in each sitrep component over all texts (run in pipeline order)."""
    from spacy.language import Language

    from sitrep.nlp.extensions import prepare
    from sitrep.nlp.pipeline import COMPONENT_MODULES

    assert isinstance(analyzer_nlp, Language)
    nlp = analyzer_nlp
    own = [name for name in nlp.pipe_names if name in COMPONENT_MODULES]
    with nlp.select_pipes(disable=own):
        docs = list(nlp.pipe(a.text for a in articles))
    for doc, article in zip(docs, articles, strict=True):
        prepare(doc, article.published, article.url, article.outlet)
    spent = {}
    for name in own:
        component = nlp.get_pipe(name)
        start = time.perf_counter()
        for doc in docs:
            component(doc)
        spent[name] = time.perf_counter() - start
    return spent


def main(argv: list[str] | None = None) -> None:
    import spacy

    from sitrep.nlp.pipeline import Analyzer

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    articles = load_texts()
    texts = [a.text for a in articles]
    raw = spacy.load(settings.model)
    analyzer = Analyzer(settings).setup()
    print(f"{len(articles)} texts, {sum(map(len, texts)):,} characters; model {settings.model}")
    standins = [
        name
        for name, pipe in analyzer.nlp.pipeline
        if type(pipe).__module__ == "sitrep.nlp.rule_pipes"
    ]
    if standins:
        # Disclosed because the raw baseline keeps spaCy's own versions of these components.
        print(f"sitrep runs its same-output stand-ins for: {', '.join(standins)}")

    batch = settings.batch_size  # the same batch size for both, as it changes throughput
    list(raw.pipe(texts, batch_size=batch))  # warm both up once
    list(analyzer.analyze(articles))
    raw_s, full_s = float("inf"), float("inf")
    raw_cpu, full_cpu = float("inf"), float("inf")
    for _ in range(args.rounds):
        wall, cpu = best_of(1, lambda: list(raw.pipe(texts, batch_size=batch)))
        raw_s, raw_cpu = min(raw_s, wall), min(raw_cpu, cpu)
        wall, cpu = best_of(1, lambda: list(analyzer.analyze(articles)))
        full_s, full_cpu = min(full_s, wall), min(full_cpu, cpu)
    raw_rate, full_rate = len(texts) / raw_s, len(texts) / full_s
    print(f"raw spaCy pipeline : {raw_rate:8.1f} articles/s")
    print(f"sitrep analysis    : {full_rate:8.1f} articles/s")
    print(f"ratio sitrep / raw : {full_rate / raw_rate:8.3f}")
    # The same runs timed by this process's CPU time, which other processes on a busy
    # machine disturb far less than wall time (a cross-check, not the figure of record).
    print(f"  by CPU time      : {raw_cpu / full_cpu:8.3f}")

    spent = component_shares(analyzer.nlp, articles)
    print("share of sitrep's analysis time per component:")
    for name, seconds in spent.items():
        print(
            f"  {name:22s} {seconds / full_s:6.1%}  ({seconds * 1000 / len(texts):.1f} ms/article)"
        )


if __name__ == "__main__":
    main()
