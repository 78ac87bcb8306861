"""The dashboard: static pages (vanilla JavaScript and d3) served by the API's process.

The front-end libraries come from the npm registry (`web/package.json`); `make web` copies
their built files into `static/vendor/`. Nothing is fetched from elsewhere at run time.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

VENDOR_FILES = ("d3.min.js", "topojson-client.min.js", "countries-110m.json")
"""What `make web` copies into `static/vendor/`."""


def static_dir() -> Path:
    return Path(str(resources.files("sitrep.web").joinpath("static")))


def missing_vendor_files() -> list[str]:
    """Front-end files that `make web` has not installed yet."""
    vendor = static_dir() / "vendor"
    return [name for name in VENDOR_FILES if not (vendor / name).is_file()]


def mount_dashboard(app: FastAPI) -> None:
    """Serve the dashboard at `/` and its files under `/static/`."""
    root = static_dir()

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(root / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=root), name="static")
