"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

The browser is /usr/bin/chromium (never one downloaded by a test tool). Where it or Playwright
is missing the tests are skipped on a developer's machine, and fail in CI (CI=true), so a
green CI run always means the pages really ran in a browser. Screenshots of every page go to
test-output/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages_store import build_pages_store
from tests.endpoint_server import live_server, running_app

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT / "test-output" / "screenshots"
VENDORED = PROJECT / "web" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: CI must never pass without running the browser."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if not VENDORED.exists():
        _unavailable("web/static/vendor is empty (make install runs npm ci and the copy)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "store"
    build_pages_store(path)
    with running_app(path) as app, live_server(app) as url:
        yield url


@dataclass
class Watched:
    """A page and everything it did that a test may object to."""

    page: Any
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    off_site_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Return every console error, script error, dialog and request off this server."""
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"script error: {text}" for text in self.page_errors),
            *(f"dialog: {text}" for text in self.dialogs),
            *(f"request off 127.0.0.1: {url}" for url in self.off_site_requests),
        ]

    def open(self, path: str) -> None:
        """Load `path` from the test server and wait until the network is quiet."""
        self.page.goto(self.base_url + path, wait_until="networkidle")

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-output/screenshots/NAME.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    record = Watched(page, base_url)
    page.on(
        "console",
        lambda message: (
            record.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))

    def on_request(request: Any) -> None:
        if not request.url.startswith((base_url + "/", "data:", "blob:", "about:")):
            record.off_site_requests.append(request.url)

    page.on("request", on_request)

    def on_dialog(dialog: Any) -> None:
        record.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield record
    context.close()
