"""sitrep's REST API (FastAPI): read the store, analyse a text, ingest articles.

    from sitrep.api import create_app
    app = create_app(Settings.from_env())      # an ASGI app; `sitrep serve` runs it with uvicorn

FastAPI is an optional dependency (`pip install sitrep[web]`); importing this package without
it raises a `ConfigError` that says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.api.app import create_app
    from sitrep.api.server import serve
    from sitrep.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `sitrep --help` does not import FastAPI.
    if name not in __all__:
        raise AttributeError(name)
    try:
        if name == "create_app":
            from sitrep.api.app import create_app

            return create_app
        if name == "serve":
            from sitrep.api.server import serve

            return serve
        from sitrep.api.settings import ApiSettings

        return ApiSettings
    except ModuleNotFoundError as exc:
        from sitrep.errors import ConfigError

        raise ConfigError(
            f"The web server needs {exc.name!r}, which is not installed. Install the web extra: "
            "pip install -e '.[web]' (make demo does)."
        ) from exc
