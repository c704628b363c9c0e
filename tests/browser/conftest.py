"""A live govkg server over the bundled corpus, and a headless Chromium page to drive it.

The server is the real app (`create_app`) on a free 127.0.0.1 port in a thread; the
browser is Debian's Chromium driven by Playwright (scripts/browser-deps.sh installs it).
Each test saves a screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app
from graph.pipeline import build
from graph.settings import BUNDLED_CORPUS, PROJECT_ROOT
from graph.store import Store

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
TOKEN = "browser-test-token"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def load_token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def live_store() -> Store:
    store = Store.memory()
    build([BUNDLED_CORPUS], store)
    return store


@pytest.fixture(scope="session")
def live_url(live_store: Store) -> Iterator[str]:
    app = create_app({"TESTING": True, "STORE": live_store, "LOAD_TOKENS": f"steward:{TOKEN}"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: run scripts/browser-deps.sh")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def shot(tab: object, name: str) -> Path:
    """Save an extra screenshot of a step."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
