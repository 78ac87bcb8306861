"""Reading gold files (JSON Lines) and writing an analysis as one gold-format line."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sitrep.errors import GoldFormatError, InputError
from sitrep.records import (
    Actor,
    ActorMention,
    Analysis,
    Article,
    Attribution,
    Event,
    Figure,
    TextSpan,
)

Schema = Literal["gold", "factuality"]

LAYERS: tuple[str, ...] = ("timexes", "places", "figures", "attributions", "events", "entities")
"""The annotation layers of the gold format, each a list of objects when present."""

INPUT_KEYS: tuple[str, ...] = ("id", "text", "published", "title", "outlet", "url")
"""What a system may see of a gold document: everything but the annotations."""

_FACTUALITY_KEYS = ("predicate", "factuality")
_STATE_CODE = re.compile(r"^[A-Za-z]{3}$")


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold or factuality file: one JSON object per line, blank lines skipped.

    Raises `GoldFormatError` naming `file:line` for a line that is not valid UTF-8 or JSON,
    is not an object, lacks `id` or `text`, repeats an id, or has a layer that is not a list
    of objects. Factuality files (see `detect_schema`) must also carry a numeric `factuality`.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Cannot read gold file {path}: {exc.strerror or exc}. Check the path and permissions."
        ) from exc
    docs: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    schema: Schema | None = None
    for number, line_bytes in enumerate(raw.splitlines(), start=1):
        where = f"{path}:{number}"
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GoldFormatError(
                f"{where}: not valid UTF-8 ({exc.reason} at byte {exc.start}). "
                "Gold files must be UTF-8 JSON Lines."
            ) from exc
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(
                f"{where}: invalid JSON ({exc.msg} at column {exc.colno}). "
                "Each line must hold exactly one JSON object."
            ) from exc
        if not isinstance(doc, dict):
            raise GoldFormatError(
                f"{where}: expected a JSON object, found {type(doc).__name__}. "
                "Each line must hold one document object."
            )
        _check_document(doc, where)
        if schema is None:
            schema = detect_schema(doc)
        if schema == "factuality":
            _check_factuality(doc, where)
        doc_id = doc["id"]
        if doc_id in seen:
            raise GoldFormatError(
                f"{where}: duplicate id {doc_id!r} (first on line {seen[doc_id]}). "
                "Ids must be unique within a file."
            )
        seen[doc_id] = number
        docs.append(doc)
    return docs


def detect_schema(first_record: Mapping[str, Any]) -> Schema:
    """'factuality' for a factuality record (it has `predicate` or `factuality`), else 'gold'."""
    if any(key in first_record for key in _FACTUALITY_KEYS):
        return "factuality"
    return "gold"


def _check_document(doc: Mapping[str, Any], where: str) -> None:
    for key in ("id", "text"):
        if key not in doc:
            raise GoldFormatError(
                f"{where}: missing required key {key!r}. Every line needs 'id' and 'text'."
            )
        if not isinstance(doc[key], str):
            raise GoldFormatError(
                f"{where}: {key!r} must be a string, found {type(doc[key]).__name__}."
            )
    for layer in LAYERS:
        if layer not in doc:
            continue
        items = doc[layer]
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise GoldFormatError(
                f"{where}: layer {layer!r} must be a list of objects. "
                "Leave the key out when the layer was not annotated."
            )


def _check_factuality(doc: Mapping[str, Any], where: str) -> None:
    value = doc.get("factuality")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GoldFormatError(
            f"{where}: factuality records need a numeric 'factuality' in [-3, 3], found {value!r}."
        )


def input_view(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a gold document a system may see: text and metadata, no annotations."""
    return {key: doc[key] for key in INPUT_KEYS if key in doc}


def to_gold(article: Article, analysis: Analysis) -> dict[str, Any]:
    """One gold-format document (FORMAT.md, version 1) from an article and its analysis."""
    published = article.published or analysis.published
    return {
        "id": article.id,
        "text": article.text,
        "published": published.isoformat() if published else None,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "timexes": [{**_span(t.span), "type": t.type, "value": t.value} for t in analysis.timexes],
        "places": [
            {
                **_span(p.span),
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "geonameid": p.geonameid,
            }
            for p in analysis.places
        ],
        "figures": [_figure(f) for f in analysis.figures],
        "attributions": [_attribution(a) for a in analysis.attributions],
        "events": [_event(e) for e in analysis.events],
        "entities": [{**_span(e.span), "label": e.label} for e in analysis.entities],
        "actors": [_actor_mention(m) for m in analysis.actors],
    }


def _actor_mention(mention: ActorMention) -> dict[str, Any]:
    """A resolved actor mention; not a layer of FORMAT.md, read by the actor recall measure."""
    actor = mention.actor
    return {**_span(mention.span), "code": actor.code, "sector": actor.sector, "name": actor.name}


def _span(span: TextSpan) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _figure(figure: Figure) -> dict[str, Any]:
    line: dict[str, Any] = {"category": figure.category, "value": _number(figure.value)}
    if figure.value_max is not None:
        line["value_max"] = _number(figure.value_max)
    line.update(
        qualifier=figure.qualifier,
        actor=list(figure.actor),
        claimant=list(figure.claimant) if figure.claimant is not None else None,
        evidence=figure.evidence.text,
        evidence_start=figure.evidence.start,
        evidence_end=figure.evidence.end,
    )
    story = getattr(figure, "story", None)
    if story is not None:
        line["story"] = story
    return line


def _attribution(attribution: Attribution) -> dict[str, Any]:
    line: dict[str, Any] = {"speaker": attribution.speaker.text}
    country = _speaker_country(attribution.speaker_actor)
    if country is not None:
        line["speaker_country"] = country
    line.update(
        kind=attribution.kind,
        content=attribution.content.text,
        content_start=attribution.content.start,
        content_end=attribution.content.end,
    )
    if attribution.via is not None:
        line["via"] = attribution.via.text
    return line


def _speaker_country(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return actor.country
    code = actor.code
    return code.upper() if _is_state_code(code) else None


@cache
def _is_state_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code ('PRK'); false for 'RSF', 'IMU', 'UNK'."""
    if not _STATE_CODE.match(code):
        return False
    import pycountry

    return pycountry.countries.get(alpha_3=code.upper()) is not None


def _event(event: Event) -> dict[str, Any]:
    line: dict[str, Any] = {
        "type": event.type,
        "mode": event.mode,
        "actor": list(event.actor),
        "recipient": list(event.recipient),
        "country": event.country,
        "place": event.place,
        "date": event.date,
        "status": event.status,
        "evidence": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
    }
    story = getattr(event, "story", None)
    if story is not None:
        line["story"] = story
    return line
