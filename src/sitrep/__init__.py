"""sitrep: news reports about wars and international politics, as a sourced picture of events.

    >>> import sitrep
    >>> analysis = sitrep.analyze("...", published="2025-01-24")

Heavy dependencies (spaCy, the trained pipeline) load on first use, not at import.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sitrep.nlp.pipeline import Analyzer
    from sitrep.records import Analysis

_analyzer: Analyzer | None = None


def analyze(
    text: str,
    published: str | date | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Analysis:
    """Analyse one text with the default pipeline (loaded once per process).

    Offsets in the result index `text` exactly as given; the article id is the hash of its
    normalised form, as for ingested articles. `url` (or an `outlet` written as a domain) tells
    the place layer the outlet's country when its domain has one ("….co.uk").
    """
    global _analyzer
    from sitrep.ingest.text import article_id
    from sitrep.nlp.pipeline import Analyzer
    from sitrep.records import Article

    if _analyzer is None:
        _analyzer = Analyzer().setup()
    day = date.fromisoformat(published) if isinstance(published, str) else published
    article = Article(
        id=article_id(text), text=text, title=title, url=url, outlet=outlet, published=day
    )
    return next(_analyzer.analyze([article]))
