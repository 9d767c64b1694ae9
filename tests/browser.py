"""A real browser for the pages people open: Debian's chromium driven by Playwright, no network.

``page_text(url, screenshot=NAME)`` opens a page (http://127.0.0.1… or a file), waits for it to load,
saves a full-page screenshot under ``out/test-artefacts/`` and returns the visible text and console
errors. A missing browser fails in CI and skips elsewhere, like a missing real-data file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from realdata import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = REPO / "out" / "test-artefacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def require_browser():
    """The Playwright module, or fail (CI) / skip (elsewhere) naming what is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        message = "a real browser is needed: apt-get install chromium; pip install playwright"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    return sync_playwright


def _with_page(url: str | Path, use, *, offline: bool, width: int | None):
    """Open ``url`` in headless chromium and return (``use(page)``, console and page errors)."""
    sync_playwright = require_browser()
    target = url if isinstance(url, str) and "://" in url else Path(url).resolve().as_uri()
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            viewport = {"viewport": {"width": width, "height": 900}} if width else {}
            page = browser.new_context(offline=offline, **viewport).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(target, wait_until="load")
            result = use(page)
        finally:
            browser.close()
    return result, errors


def page_text(url: str | Path, *, screenshot: str, offline: bool = True, width: int = 1300) -> tuple[str, list[str]]:
    """Open ``url`` in headless chromium; return (visible text, console errors); keep a screenshot."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def use(page):
        page.screenshot(path=str(ARTEFACTS / f"{screenshot}.png"), full_page=True)
        return page.inner_text("body")

    return _with_page(url, use, offline=offline, width=width)


def page_evaluate(url: str | Path, script: str, *, screenshot: Path | None = None,
                  offline: bool = True) -> tuple[object, list[str]]:
    """Open ``url`` offline; return (the value of the JavaScript ``script``, console errors); optional screenshot."""

    def use(page):
        value = page.evaluate(script)
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        return value

    return _with_page(url, use, offline=offline, width=None)
