"""The `Doc._` attributes through which sitrep's components hand records to one another.

Every component reads what earlier stages assigned and appends its own layer; the records are
the typed ones of `sitrep.records`, with character offsets into `doc.text`:

    doc._.published     date | None          set before the pipeline runs (the anchor for time)
    doc._.domain        str | None           set before the pipeline runs: the outlet's web domain
    doc._.actors        list[ActorMention]   sitrep_actors
    doc._.timexes       list[Timex]          sitrep_timexes
    doc._.places        list[Place]          sitrep_places
    doc._.attributions  list[Attribution]    sitrep_attributions
    doc._.figures       list[Figure]         sitrep_figures
    doc._.events        list[Event]          sitrep_events
    doc._.entities      list[Entity]         sitrep_entities
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

LAYERS: tuple[str, ...] = (
    "actors",
    "timexes",
    "places",
    "attributions",
    "figures",
    "events",
    "entities",
)


def register_extensions() -> None:
    """Register the `Doc._` attributes once per process (idempotent)."""
    from spacy.tokens import Doc

    for given in ("published", "domain"):
        if not Doc.has_extension(given):
            Doc.set_extension(given, default=None)
    for layer in LAYERS:
        if not Doc.has_extension(layer):
            # None, not [], as default: a mutable default would be shared by every Doc.
            Doc.set_extension(layer, default=None)


def layer(doc: Any, name: str) -> list[Any]:
    """The list of records of one layer on `doc`, created on first use.

    Components call this for every record they add; `doc._` builds an `Underscore` on each
    access, so a layer already set is read straight from `doc.user_data`, where spaCy keeps
    the values of `Doc._` attributes (the official path is the fallback)."""
    value = doc.user_data.get(("._.", name, None, None))
    if value is None:
        value = getattr(doc._, name)
    if value is None:
        value = []
        setattr(doc._, name, value)
    return value  # type: ignore[no-any-return]


def web_domain(url: str | None, outlet: str | None = None) -> str | None:
    """The host name of an article's web address, or its outlet when that is written as a
    domain ("thisisoxfordshire.co.uk"); lower case, without "www.", None without either."""
    for value in (url, outlet):
        if not value:
            continue
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
        if "." in host and " " not in host:
            return host.removeprefix("www.")
    return None


def prepare(doc: Any, published: date | None, url: str | None, outlet: str | None) -> Any:
    """Set what the pipeline reads besides the text: the publication date and the web domain."""
    doc._.published = published
    doc._.domain = web_domain(url, outlet)
    return doc
