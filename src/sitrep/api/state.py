"""What the API's endpoints share: settings, the open store, the lazily loaded pipeline, tokens."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from sitrep.api.errors import ApiProblem
from sitrep.api.settings import ApiSettings
from sitrep.config import Settings

if TYPE_CHECKING:
    from sitrep.nlp.pipeline import Analyzer
    from sitrep.store import Store


@dataclass
class AppState:
    settings: Settings
    api: ApiSettings
    store: Store
    owns_store: bool
    analyzer: Analyzer | None = None
    analysis_lock: threading.Lock = field(default_factory=threading.Lock)
    _analyzer_lock: threading.Lock = field(default_factory=threading.Lock)

    def pipeline(self) -> Analyzer:
        """The analysis pipeline, loaded on first use (seconds), then shared.

        spaCy pipelines are not safe to run from several threads at once, so callers hold
        `analysis_lock` while they use it.
        """
        with self._analyzer_lock:
            if self.analyzer is None:
                from sitrep.nlp.pipeline import Analyzer

                self.analyzer = Analyzer(self.settings).setup()
            return self.analyzer


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.sitrep
    return state


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _matches(given: str | None, *expected: str | None) -> bool:
    if given is None:
        return False
    # compare_digest on every candidate, so timing does not tell which one nearly matched.
    results = [secrets.compare_digest(given.encode(), e.encode()) for e in expected if e]
    return any(results)


_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require_read(request: Request) -> None:
    """When SITREP_API_READ_TOKEN is set, reads need it (or the ingest token) as a bearer token."""
    api = app_state(request).api
    if api.read_token is None:
        return
    if not _matches(_bearer(request), api.read_token, api.token):
        raise ApiProblem(
            401,
            "unauthorized",
            "This server requires a token to read: send 'Authorization: Bearer TOKEN' with the "
            "value of SITREP_API_READ_TOKEN.",
            _CHALLENGE,
        )


def _require_token(request: Request, what: str, code: str) -> None:
    api = app_state(request).api
    if api.token is None:
        raise ApiProblem(
            403,
            code,
            f"{what} over the API is disabled: the server has no SITREP_API_TOKEN. Set it when "
            "starting `sitrep serve` and send it as 'Authorization: Bearer TOKEN'.",
        )
    if not _matches(_bearer(request), api.token):
        raise ApiProblem(
            401,
            "unauthorized",
            f"{what} requires the token set in SITREP_API_TOKEN, sent as "
            "'Authorization: Bearer TOKEN'.",
            _CHALLENGE,
        )


def require_ingest(request: Request) -> None:
    """Ingest needs SITREP_API_TOKEN configured on the server and sent as a bearer token."""
    _require_token(request, "Ingest", "ingest_disabled")


def require_edit(request: Request) -> None:
    """Splitting and merging stories need the ingest token too: they change the store."""
    _require_token(request, "Splitting or merging stories", "edits_disabled")
