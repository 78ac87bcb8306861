"""Fixtures of the dashboard tests: a demo store, a live server and Debian's Chromium.

- `demo_store`: six of the demo reports (`demo/articles/`) analysed by the session pipeline,
  plus one article whose title and text are HTML, in a SQLite store.
- `server_url`: the API and dashboard served by uvicorn on 127.0.0.1 at a free port, in a thread,
  with `API_TOKEN` as the token that ingest and story edits need.
- `browser`: Debian's Chromium (`/usr/bin/chromium`) driven by Playwright, headless, with the
  flags that keep it off the network. When it is absent the tests skip, except in CI (CI=true),
  where they fail: CI installs it (`.ci/run`).
- `page`: a fresh page that records console errors and every URL it requests.
- `hostile`: title and text of that HTML article.
- `api_token`: the server's API token, which the story view asks for before a split or merge.
- `screenshot`: saves a page as `artifacts/screenshots/NAME.png`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.records import Article
from sitrep.store import Store, save_article

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_FILES = [
    "01-seoul-says-pyongyang-sending-12000.json",
    "04-us-says-8000-north-koreans-in-kursk.json",
    "06-nis-100-north-korean-soldiers-killed.html",
    "07-north-korean-losses-mount-seoul-briefing.json",
    "10-nis-300-killed-2700-wounded.json",
    "16-nis-600-killed-4700-casualties.json",
]
API_TOKEN = "web-test-token"
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">Hostile title'
HOSTILE_TEXT = (
    "A report quoting markup: <script>window.__xss = 2</script> and "
    '<b onclick="window.__xss=3">bold words</b> that must appear as plain text.'
)


@pytest.fixture(scope="session")
def hostile() -> tuple[str, str]:
    """Title and text of the stored article made of markup."""
    return HOSTILE_TITLE, HOSTILE_TEXT


@pytest.fixture(scope="session")
def api_token() -> str:
    return API_TOKEN


def _require_chromium() -> None:
    from sitrep.web import missing_vendor_files

    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is not installed (apt-get install chromium)")
    missing = missing_vendor_files()
    if missing:
        problems.append(
            f"the dashboard's libraries are missing ({', '.join(missing)}): run make web"
        )
    if problems:
        message = "; ".join(problems)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def demo_store(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    _require_chromium()
    from sitrep import jobs
    from sitrep.ingest.text import article_id
    from sitrep.nlp.pipeline import Analyzer, pipeline_info

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}"
    settings = Settings(db_url=url)
    analyzer = Analyzer(settings)
    analyzer._nlp, analyzer._info = nlp, pipeline_info(nlp)
    with Store.open(url) as store:
        paths = [str(REPO / "demo" / "articles" / name) for name in DEMO_FILES]
        report = jobs.ingest(paths, store, analyzer, settings)
        assert not report.failed, report.failed
        hostile = Article(
            id=article_id(HOSTILE_TEXT),
            text=HOSTILE_TEXT,
            title=HOSTILE_TITLE,
            outlet="<i>Outlet</i>",
            url="javascript:alert(1)",
            published=date(2025, 1, 20),
        )
        with store.begin() as conn:
            save_article(conn, hostile)
        yield store


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server_url(demo_store: Store) -> Iterator[str]:
    import uvicorn

    from sitrep.api import ApiSettings, create_app

    settings = Settings(db_url=demo_store.engine.url.render_as_string(hide_password=False))
    app = create_app(settings, api=ApiSettings(token=API_TOKEN), store=demo_store)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="sitrep-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 20 s", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Recorder:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    opened = context.new_page()
    recorder = Recorder()
    opened.on("pageerror", lambda exc: recorder.errors.append(str(exc)))
    opened.on(
        "console", lambda msg: recorder.errors.append(msg.text) if msg.type == "error" else None
    )
    opened.on("request", lambda request: recorder.requests.append(request.url))
    opened.recorder = recorder
    opened.base = server_url
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot as `artifacts/screenshots/NAME.png`."""

    def take(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
