"""Settings of the REST API and dashboard server, read from the environment (`SITREP_API_*`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MAX_BODY = 5_000_000
MAX_PAGE = 1000
"""Largest `limit` a list endpoint accepts: the dashboard draws at most this many marks."""


@dataclass(frozen=True)
class ApiSettings:
    """What the API needs beyond `sitrep.config.Settings`: tokens and request limits."""

    token: str | None = None
    """Bearer token that `POST /ingest` requires; without one, ingest is disabled (403)."""
    read_token: str | None = None
    """When set, every read endpoint requires this token (or `token`) as a bearer token."""
    max_body: int = DEFAULT_MAX_BODY
    """Largest request body accepted, in bytes (413 above it)."""
    max_ingest: int = 100
    """Most articles one `POST /ingest` may carry."""

    @classmethod
    def from_env(cls) -> ApiSettings:
        env = os.environ
        return cls(
            token=env.get("SITREP_API_TOKEN") or None,
            read_token=env.get("SITREP_API_READ_TOKEN") or None,
            max_body=int(env.get("SITREP_API_MAX_BODY", str(DEFAULT_MAX_BODY))),
        )
