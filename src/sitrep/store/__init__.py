"""sitrep's persistence layer: articles and analyses in SQLite (default) or PostgreSQL.

    from sitrep.store import Store, save_article, save_analysis

    with Store.open("sqlite:///sitrep.db") as store, store.begin() as conn:
        save_article(conn, article)          # "new" or "duplicate"
        save_analysis(conn, analysis)        # replaces an earlier analysis of the article

The caller owns the transaction; every function takes a `sqlalchemy.Connection`.
"""

from __future__ import annotations

from sitrep.store.database import Store
from sitrep.store.engine import normalise_url, safe_url
from sitrep.store.migrate import current_revision, head_revision, upgrade
from sitrep.store.repository import (
    MIN_PREFIX,
    SaveResult,
    article_exists,
    count_articles,
    get_analysis,
    get_article,
    iter_minhashes,
    list_articles,
    list_events,
    list_figures,
    save_analysis,
    save_article,
)

__all__ = [
    "MIN_PREFIX",
    "SaveResult",
    "Store",
    "article_exists",
    "count_articles",
    "current_revision",
    "get_analysis",
    "get_article",
    "head_revision",
    "iter_minhashes",
    "list_articles",
    "list_events",
    "list_figures",
    "normalise_url",
    "safe_url",
    "save_analysis",
    "save_article",
    "upgrade",
]
