"""`serve`: run the API and dashboard with uvicorn (what `sitrep serve` calls)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sitrep.config import Settings
from sitrep.errors import ConfigError

if TYPE_CHECKING:
    from sitrep.api.settings import ApiSettings

log = logging.getLogger(__name__)

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def serve(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    api: ApiSettings | None = None,
) -> None:
    """Serve the REST API and the dashboard on `host:port` until interrupted."""
    import uvicorn

    from sitrep.api.app import create_app
    from sitrep.api.settings import ApiSettings

    if not 0 < port < 65536:
        raise ConfigError(f"--port {port} is not a TCP port: use 1..65535 (8000 by default).")
    api = api or ApiSettings.from_env()
    if host not in LOOPBACK and api.read_token is None:
        log.warning(
            "serving on %s without SITREP_API_READ_TOKEN: anyone who can reach it can read "
            "the store",
            host,
        )
    app = create_app(settings, api=api)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
