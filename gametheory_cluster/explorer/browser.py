"""Headless Chromium for the explorer page: a screenshot (for slides and the docs' gallery).

The browser is the system's Chromium (Debian: ``apt-get install chromium``), driven by
Playwright (``pip install playwright``; no browser download is needed or made). The
page is opened offline, from its file, exactly as a student's browser opens it.
``tests/test_explore_browser.py`` drives the same browser with the same flags.

Examples
--------
>>> chromium_path() is None or chromium_path().endswith("chromium")
True
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import GameTheoryClusterError

__all__ = ["CHROMIUM_ARGS", "chromium_path", "screenshot"]

#: Flags for a quiet, sandbox-free headless Chromium that contacts nothing on its own.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """The Chromium executable: ``$GC_CHROMIUM``, ``chromium`` on the PATH, or None."""
    for candidate in (os.environ.get("GC_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def screenshot(
    page: str | os.PathLike[str], out: str | os.PathLike[str], width: int = 1280, height: int = 900
) -> Path:
    """Open the explorer ``page`` offline in headless Chromium and save a PNG of it to ``out``."""
    chromium = chromium_path()
    if chromium is None:
        raise GameTheoryClusterError("the screenshot needs Chromium: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise GameTheoryClusterError(
            "the screenshot needs playwright: pip install playwright"
        ) from None
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(offline=True, viewport={"width": width, "height": height})
            tab = context.new_page()
            tab.goto(Path(page).resolve().as_uri())
            tab.wait_for_function("document.getElementById('delta-star').dataset.status !== ''")
            tab.screenshot(path=str(target), full_page=True)
        finally:
            browser.close()
    return target
