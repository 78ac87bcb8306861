"""The FastAPI application: `create_app(settings)` wires the store, the endpoints, the error
shape, the limits and the dashboard into one ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from sitrep import __version__
from sitrep.api.errors import install_error_handlers
from sitrep.api.middleware import BodyLimit, SecurityHeaders
from sitrep.api.routes import public, reads
from sitrep.api.settings import ApiSettings
from sitrep.api.state import AppState
from sitrep.config import Settings

if TYPE_CHECKING:
    from sitrep.nlp.pipeline import Analyzer
    from sitrep.store import Store

DESCRIPTION = """\
News reports about wars and international politics as sourced records: articles with their
analysis, events, figures, claims, actors, places and stories.

Every error has the shape `{"error": {"code": ..., "message": ..., "status": ...}}`. Lists are
pages (`items`, `total`, `limit`, `offset`) in a stable order. `POST /ingest` and the story
edits (`POST /stories/{id}/split`, `/merge`) need the token of `SITREP_API_TOKEN`; when
`SITREP_API_READ_TOKEN` is set, reads need a token too.
"""


def create_app(
    settings: Settings | None = None,
    *,
    api: ApiSettings | None = None,
    store: Store | None = None,
    analyzer: Analyzer | None = None,
) -> FastAPI:
    """The REST API and dashboard over the store at `settings.db_url` (or the given `store`).

    The store is opened here (its schema checked) and closed when the app shuts down, unless
    the caller passed one in. The analysis pipeline loads on the first `/analyze` or `/ingest`
    unless `analyzer` is given.
    """
    from sitrep.store import Store
    from sitrep.web import mount_dashboard

    settings = settings or Settings.from_env()
    api = api or ApiSettings.from_env()
    owns_store = store is None
    opened = store if store is not None else Store.open(settings.db_url)
    state = AppState(
        settings=settings, api=api, store=opened, owns_store=owns_store, analyzer=analyzer
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if state.owns_store:
            state.store.close()

    app = FastAPI(
        title="sitrep",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.sitrep = state
    install_error_handlers(app)
    app.include_router(reads)
    app.include_router(public)
    mount_dashboard(app)
    app.add_middleware(BodyLimit, max_body=api.max_body)
    app.add_middleware(SecurityHeaders)
    return app
