"""Scoring of predicted gold-format documents against gold ones, by FORMAT.md's matching rules.

Every function here is pure: documents in (plain dicts in the gold format), an `EvalReport`
out. Documents are paired by `id`; within a document, matching is one-to-one and greedy in
document order: each gold item, in turn, takes the first still unmatched prediction that
matches it. Counts are micro-averaged over documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sitrep.errors import ConfigError
from sitrep.evaluate.actors import actor_recall
from sitrep.evaluate.matching import (
    KM_ACCURATE,
    Item,
    Speaker,
    codes,
    codes_intersect,
    f1_of,
    fold,
    greedy_match,
    haversine_km,
    offsets,
    overlap,
    pairs_across,
    prf,
    same_number,
    speakers_match,
)

Doc = Mapping[str, Any]

ITEM_LAYERS: tuple[str, ...] = (
    "timexes",
    "places",
    "figures",
    "attributions",
    "events",
    "entities",
)
STORY_LAYERS: tuple[str, ...] = ("event_stories", "figure_stories")
SELECTABLE: tuple[str, ...] = (*ITEM_LAYERS, "actors", "stories")
"""Names accepted by `score(layers=...)`; 'stories' selects both story layers, 'actors' the
recall of gold actor codes among the resolved actors (evaluate/actors.py)."""


@dataclass
class Accuracy:
    """Correct out of total for one attribute over matched pairs."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def to_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": self.value}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one layer in one document."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_json(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Mismatch:
    """A gold item no prediction matched ('missed') or a prediction no gold item took."""

    doc_id: str
    kind: Literal["missed", "spurious"]
    text: str
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class LayerScore:
    """Micro-averaged scores of one layer; for places `fp` counts complete documents only."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    extra: dict[str, float | None] = field(default_factory=dict)
    attributes: dict[str, Accuracy] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    documents: int = 0
    """How many documents had this layer in the gold (were scored for it)."""

    def to_json(self, errors: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "documents": self.documents,
            "extra": dict(self.extra),
            "attributes": {name: acc.to_json() for name, acc in self.attributes.items()},
        }
        if errors:
            data["errors"] = [m.to_json() for m in self.mismatches]
        return data


@dataclass
class EvalReport:
    """Scores of one gold file: per layer, per document, and which ids did not pair up."""

    layers: dict[str, LayerScore] = field(default_factory=dict)
    documents: dict[str, dict[str, Counts]] = field(default_factory=dict)
    gold_documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)
    """Gold ids without a prediction (scored as empty predictions)."""
    unknown_predictions: list[str] = field(default_factory=list)
    """Predicted ids absent from the gold (ignored)."""

    def to_json(self, errors: bool = False, per_document: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "gold_documents": self.gold_documents,
            "missing_predictions": list(self.missing_predictions),
            "unknown_predictions": list(self.unknown_predictions),
            "layers": {name: s.to_json(errors=errors) for name, s in self.layers.items()},
        }
        if per_document:
            data["documents"] = {
                doc_id: {layer: c.to_json() for layer, c in layers.items()}
                for doc_id, layers in self.documents.items()
            }
        return data


@dataclass
class _Tally:
    """Running totals of one layer while documents are scored."""

    score: LayerScore = field(default_factory=LayerScore)
    counters: Counter[str] = field(default_factory=Counter)

    def attribute(self, name: str) -> Accuracy:
        return self.score.attributes.setdefault(name, Accuracy())

    def record(self, counts: Counts) -> Counts:
        self.score.tp += counts.tp
        self.score.fp += counts.fp
        self.score.fn += counts.fn
        self.score.documents += 1
        return counts


@dataclass
class _Linked:
    """A matched gold event or figure, with its gold and predicted story ids."""

    doc_id: str
    gold_story: str | None
    pred_story: str | None


def _unmatched(
    tally: _Tally,
    doc_id: str,
    gold: Sequence[Item],
    pred: Sequence[Item],
    pairs: Iterable[tuple[int, int]],
    describe: Callable[[Item], tuple[str, int | None, int | None]],
    count_spurious: bool = True,
) -> None:
    pairs = list(pairs)
    taken_g = {g for g, _ in pairs}
    taken_p = {p for _, p in pairs}
    for i, item in enumerate(gold):
        if i not in taken_g:
            tally.score.mismatches.append(Mismatch(doc_id, "missed", *describe(item)))
    if count_spurious:
        for j, item in enumerate(pred):
            if j not in taken_p:
                tally.score.mismatches.append(Mismatch(doc_id, "spurious", *describe(item)))


def _counts(n_gold: int, n_pred: int, tp: int, count_fp: bool = True) -> Counts:
    return Counts(tp=tp, fp=n_pred - tp if count_fp else 0, fn=n_gold - tp)


# --- layers ----------------------------------------------------------------------------------


def _describe_span(item: Item) -> tuple[str, int | None, int | None]:
    span = offsets(item)
    return str(item.get("text", "")), span[0] if span else None, span[1] if span else None


def _score_timexes(doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally) -> Counts:
    gs = [offsets(t) for t in gold]
    ps = [offsets(t) for t in pred]

    def overlaps(i: int, j: int) -> bool:
        return overlap(gs[i], ps[j])

    def same_value(i: int, j: int) -> bool:
        return fold(gold[i].get("value")) == fold(pred[j].get("value"))

    relaxed = greedy_match(len(gold), len(pred), overlaps)
    strict = greedy_match(len(gold), len(pred), lambda i, j: gs[i] is not None and gs[i] == ps[j])
    valued = greedy_match(len(gold), len(pred), overlaps, prefer=same_value)
    value_tp = sum(1 for i, j in valued if same_value(i, j))
    tally.counters.update(strict_tp=len(strict), value_tp=value_tp, gold=len(gold), pred=len(pred))
    for i, j in relaxed:
        if "type" in gold[i]:
            tally.attribute("type").add(fold(gold[i]["type"]) == fold(pred[j].get("type")))
    for i, j in valued:
        tally.attribute("value").add(same_value(i, j))
    _unmatched(tally, doc_id, gold, pred, relaxed, _describe_span)
    return _counts(len(gold), len(pred), len(relaxed))


def _score_places(
    doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally, complete: bool
) -> Counts:
    gs = [offsets(p) for p in gold]
    ps = [offsets(p) for p in pred]
    gt = [fold(p.get("text")) for p in gold]
    pt = [fold(p.get("text")) for p in pred]

    def found(i: int, j: int) -> bool:
        if gs[i] is not None and ps[j] is not None:
            return overlap(gs[i], ps[j])
        return bool(gt[i]) and gt[i] == pt[j]

    pairs = greedy_match(len(gold), len(pred), found)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if "country" in g:
            tally.attribute("country").add(fold(g["country"]) == fold(p.get("country")))
        if all(isinstance(x.get(k), int | float) for x in (g, p) for k in ("lat", "lon")):
            km = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            tally.attribute("within_161km").add(km <= KM_ACCURATE)
            tally.counters["distance_m"] += round(km * 1000)
            tally.counters["distances"] += 1
    if complete:
        tally.counters.update(complete_documents=1, complete_tp=len(pairs))
        tally.counters["complete_fp"] += len(pred) - len(pairs)
    _unmatched(tally, doc_id, gold, pred, pairs, _describe_span, count_spurious=complete)
    return _counts(len(gold), len(pred), len(pairs), count_fp=complete)


def _describe_figure(item: Item) -> tuple[str, int | None, int | None]:
    top = f"-{item['value_max']}" if item.get("value_max") is not None else ""
    actors = ",".join(str(a) for a in item.get("actor") or [])
    text = f"{item.get('category')} {item.get('value')}{top} [{actors}]: {item.get('evidence', '')}"
    span = offsets(item, "evidence_start", "evidence_end")
    return text, span[0] if span else None, span[1] if span else None


def _restricted(pred: list[Item], categories: Collection[str] | None, tally: _Tally) -> list[Item]:
    """Predicted figures of the categories a gold file annotates. A benchmark that annotates
    only some categories (ISAF: killed and captured) cannot judge the others, so they are
    dropped before matching, and counted, instead of being scored as false positives."""
    if categories is None:
        return pred
    wanted = {fold(c) for c in categories}
    kept = [item for item in pred if fold(item.get("category")) in wanted]
    tally.counters["dropped_predictions"] += len(pred) - len(kept)
    return kept


def _score_figures(
    doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally, links: list[_Linked]
) -> Counts:
    def same(i: int, j: int) -> bool:
        g, p = gold[i], pred[j]
        return (
            fold(g.get("category")) == fold(p.get("category"))
            and same_number(g.get("value"), p.get("value"))
            and same_number(g.get("value_max"), p.get("value_max"))
            and codes_intersect(g.get("actor"), p.get("actor"))
        )

    pairs = greedy_match(len(gold), len(pred), same)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if "qualifier" in g:
            tally.attribute("qualifier").add(fold(g["qualifier"]) == fold(p.get("qualifier")))
        if "claimant" in g:
            tally.attribute("claimant").add(codes_intersect(g["claimant"], p.get("claimant")))
        links.append(_Linked(doc_id, g.get("story"), p.get("story")))
    _unmatched(tally, doc_id, gold, pred, pairs, _describe_figure)
    return _counts(len(gold), len(pred), len(pairs))


def _describe_attribution(item: Item) -> tuple[str, int | None, int | None]:
    content = " ".join(str(item.get("content", "")).split())
    text = f"{item.get('speaker')} ({item.get('kind')}): {content[:100]}"
    span = offsets(item, "content_start", "content_end")
    return text, span[0] if span else None, span[1] if span else None


def _score_attributions(doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally) -> Counts:
    g_spk = [Speaker.of(a) for a in gold]
    p_spk = [Speaker.of(a) for a in pred]
    g_span = [offsets(a, "content_start", "content_end") for a in gold]
    p_span = [offsets(a, "content_start", "content_end") for a in pred]
    g_text = [fold(a.get("content")) for a in gold]
    p_text = [fold(a.get("content")) for a in pred]

    def content_overlap(i: int, j: int) -> bool:
        if g_span[i] is not None and p_span[j] is not None:
            return overlap(g_span[i], p_span[j])
        return bool(g_text[i] and p_text[j]) and (g_text[i] in p_text[j] or p_text[j] in g_text[i])

    def same(i: int, j: int) -> bool:
        return content_overlap(i, j) and speakers_match(g_spk[i], p_spk[j])

    pairs = greedy_match(len(gold), len(pred), same)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        if "kind" in g:
            tally.attribute("kind").add(fold(g["kind"]) == fold(p.get("kind")))
        tally.attribute("via").add(bool(g.get("via")) == bool(p.get("via")))
    # PolNeAR note (public/README.md): recall is also reported without pronoun speakers,
    # matched afresh so that pronoun items cannot take predictions from named ones.
    named = [i for i, s in enumerate(g_spk) if not s.pronoun]
    named_pairs = greedy_match(len(named), len(pred), lambda k, j: same(named[k], j))
    tally.counters.update(
        named_gold=len(named), named_tp=len(named_pairs), pronoun_gold=len(gold) - len(named)
    )
    _unmatched(tally, doc_id, gold, pred, pairs, _describe_attribution)
    return _counts(len(gold), len(pred), len(pairs))


def _describe_event(item: Item) -> tuple[str, int | None, int | None]:
    actors = ",".join(str(a) for a in item.get("actor") or [])
    recipients = ",".join(str(a) for a in item.get("recipient") or [])
    evidence = " ".join(str(item.get("evidence", "")).split())
    text = f"{item.get('type')} [{actors}] -> [{recipients}]: {evidence[:100]}"
    span = offsets(item, "evidence_start", "evidence_end")
    return text, span[0] if span else None, span[1] if span else None


def _score_events(
    doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally, links: list[_Linked]
) -> Counts:
    def same(i: int, j: int) -> bool:
        g, p = gold[i], pred[j]
        if fold(g.get("type")) != fold(p.get("type")):
            return False
        if not codes_intersect(g.get("actor"), p.get("actor")):
            return False
        recipients = codes(g.get("recipient"))
        return not recipients or bool(recipients & codes(p.get("recipient")))

    pairs = greedy_match(len(gold), len(pred), same)
    for i, j in pairs:
        g, p = gold[i], pred[j]
        for name in ("mode", "status", "date", "country"):
            if name in g:
                tally.attribute(name).add(fold(g[name]) == fold(p.get(name)))
        links.append(_Linked(doc_id, g.get("story"), p.get("story")))
    _unmatched(tally, doc_id, gold, pred, pairs, _describe_event)
    return _counts(len(gold), len(pred), len(pairs))


def _score_entities(doc_id: str, gold: list[Item], pred: list[Item], tally: _Tally) -> Counts:
    # CoNLL-2003 convention: an entity is right when its span and label are both exact.
    pairs = greedy_match(
        len(gold),
        len(pred),
        lambda i, j: (
            offsets(gold[i]) == offsets(pred[j])
            and fold(gold[i].get("label")) == fold(pred[j].get("label"))
        ),
    )
    _unmatched(tally, doc_id, gold, pred, pairs, _describe_span)
    return _counts(len(gold), len(pred), len(pairs))


def _score_actors(doc_id: str, gold: Doc, pred: Doc, tally: _Tally) -> Counts | None:
    """Gold actor codes found among the predicted actor mentions; a miss per code not found."""
    result = actor_recall(gold, pred)
    if result is None:
        return None
    for code in sorted(result.missed):
        tally.score.mismatches.append(Mismatch(doc_id, "missed", code))
    if result.recall is not None:
        tally.counters["documents_all_found"] += int(not result.missed)
        tally.counters["recall_documents"] += 1
        tally.counters["recall_sum_ppm"] += round(result.recall * 1_000_000)
    return Counts(tp=len(result.found), fn=len(result.missed))


def score_stories(linked: Sequence[_Linked]) -> LayerScore:
    """Pairwise link P/R/F1 over matched items: pairs from different documents only."""
    gold: dict[Any, Counter[str]] = {}
    pred: dict[Any, Counter[str]] = {}
    both: dict[Any, Counter[str]] = {}
    for item in linked:
        if item.gold_story is not None:
            gold.setdefault(item.gold_story, Counter())[item.doc_id] += 1
        if item.pred_story is not None:
            pred.setdefault(item.pred_story, Counter())[item.doc_id] += 1
        if item.gold_story is not None and item.pred_story is not None:
            key = (item.gold_story, item.pred_story)
            both.setdefault(key, Counter())[item.doc_id] += 1
    tp = pairs_across(both)
    gold_links, pred_links = pairs_across(gold), pairs_across(pred)
    result = LayerScore(tp=tp, fp=pred_links - tp, fn=gold_links - tp)
    result.precision, result.recall, result.f1 = prf(result.tp, result.fp, result.fn)
    result.documents = len({item.doc_id for item in linked})
    result.extra = {"items": float(len(linked))}
    return result


# --- the report ------------------------------------------------------------------------------


def _selected(layers: Sequence[str] | None) -> set[str]:
    if layers is None:
        return set(SELECTABLE)
    unknown = [name for name in layers if name not in SELECTABLE]
    if unknown:
        raise ConfigError(
            f"Unknown layer(s) {', '.join(map(repr, unknown))}. "
            f"Available layers: {', '.join(SELECTABLE)}."
        )
    return set(layers)


def _items(doc: Doc, layer: str) -> list[Item]:
    items = doc.get(layer)
    return [item for item in items if isinstance(item, Mapping)] if items else []


def _finish(name: str, tally: _Tally) -> LayerScore:
    s, c = tally.score, tally.counters
    s.precision, s.recall, s.f1 = prf(s.tp, s.fp, s.fn)
    if name == "timexes":
        for kind in ("strict", "value"):
            p, r, f = prf(c[f"{kind}_tp"], c["pred"] - c[f"{kind}_tp"], c["gold"] - c[f"{kind}_tp"])
            s.extra.update({f"{kind}_precision": p, f"{kind}_recall": r, f"{kind}_f1": f})
    elif name == "places":
        complete = c["complete_documents"]
        tp, fp = c["complete_tp"], c["complete_fp"]
        s.precision = (tp / (tp + fp) if tp + fp else None) if complete else None
        s.f1 = f1_of(s.precision, s.recall)
        s.extra["complete_documents"] = float(complete)
        s.extra["mean_error_km"] = (
            c["distance_m"] / 1000 / c["distances"] if c["distances"] else None
        )
    elif name == "attributions":
        s.extra["recall_without_pronouns"] = (
            c["named_tp"] / c["named_gold"] if c["named_gold"] else None
        )
        total = c["named_gold"] + c["pronoun_gold"]
        s.extra["pronoun_speakers"] = c["pronoun_gold"] / total if total else None
    elif name == "figures" and "dropped_predictions" in c:
        s.extra["dropped_predictions"] = float(c["dropped_predictions"])
    elif name == "actors":
        # Recall only: the gold codes the actors of its items, not every actor mentioned.
        s.precision = s.f1 = None
        n = c["recall_documents"]
        s.extra["document_recall_mean"] = c["recall_sum_ppm"] / 1_000_000 / n if n else None
        s.extra["documents_all_found"] = c["documents_all_found"] / n if n else None
    return s


def score(
    gold_docs: Sequence[Doc],
    pred_docs: Sequence[Doc],
    layers: Sequence[str] | None = None,
    figure_categories: Collection[str] | None = None,
) -> EvalReport:
    """Score predictions against gold documents (both in the gold format), paired by `id`.

    A layer absent from a gold document is not scored there; an empty one makes every
    prediction a false positive. A layer absent from a prediction counts as empty. Story
    layers appear only when some gold event (figure) carries a `story` key.
    `figure_categories` keeps only predicted figures of those categories (for gold files that
    annotate no others); the figures layer reports how many were dropped.
    """
    selected = _selected(layers)
    predictions = {str(doc["id"]): doc for doc in pred_docs}
    gold_ids = {str(doc["id"]) for doc in gold_docs}
    report = EvalReport(
        gold_documents=len(gold_docs),
        unknown_predictions=[i for i in predictions if i not in gold_ids],
    )
    tallies = {name: _Tally() for name in (*ITEM_LAYERS, "actors")}
    links: dict[str, list[_Linked]] = {"events": [], "figures": []}
    has_story = {"events": False, "figures": False}
    wanted = {
        name
        for name in ITEM_LAYERS
        if name in selected or ("stories" in selected and name in links)
    }
    for doc in gold_docs:
        doc_id = str(doc["id"])
        pred = predictions.get(doc_id)
        if pred is None:
            report.missing_predictions.append(doc_id)
            pred = {"id": doc_id}
        per_doc: dict[str, Counts] = {}
        for name in ITEM_LAYERS:
            if name not in wanted or doc.get(name) is None:
                continue
            gold_items, pred_items = _items(doc, name), _items(pred, name)
            tally = tallies[name]
            if name == "timexes":
                counts = _score_timexes(doc_id, gold_items, pred_items, tally)
            elif name == "places":
                complete = doc.get("places_complete") is True
                counts = _score_places(doc_id, gold_items, pred_items, tally, complete)
            elif name == "figures":
                pred_items = _restricted(pred_items, figure_categories, tally)
                counts = _score_figures(doc_id, gold_items, pred_items, tally, links[name])
            elif name == "attributions":
                counts = _score_attributions(doc_id, gold_items, pred_items, tally)
            elif name == "events":
                counts = _score_events(doc_id, gold_items, pred_items, tally, links[name])
            else:
                counts = _score_entities(doc_id, gold_items, pred_items, tally)
            if name in links and any("story" in item for item in gold_items):
                has_story[name] = True
            if name in selected:
                per_doc[name] = tally.record(counts)
        if "actors" in selected:
            found = _score_actors(doc_id, doc, pred, tallies["actors"])
            if found is not None:
                per_doc["actors"] = tallies["actors"].record(found)
        report.documents[doc_id] = per_doc
    for name in ITEM_LAYERS:
        if name in selected and tallies[name].score.documents:
            report.layers[name] = _finish(name, tallies[name])
    if "actors" in selected and tallies["actors"].counters["recall_documents"]:
        # Only where some gold item names an actor (PolNeAR's speakers carry no codes).
        report.layers["actors"] = _finish("actors", tallies["actors"])
    if "stories" in selected:
        for name, layer in (("events", "event_stories"), ("figures", "figure_stories")):
            if has_story[name]:
                report.layers[layer] = score_stories(links[name])
    return report
