"""Shared fixtures: the book's root, the built HTML book, a local server, Chromium.

``built_book`` builds the whole book once per test session with the strict command of
``make book`` (warnings are errors) unless ``EDITION_SKIP_BUILD=1`` and a build exists;
the build is cached by myst-nb, so a second run takes seconds. Browser fixtures skip with
a reason where ``/usr/bin/chromium`` is missing, unless ``EDITION_REQUIRE_BROWSER=1``
(set by CI), which turns that skip into a failure.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
BUILD_COMMAND = [sys.executable, "-m", "edition.build", str(ROOT)]  # what `make book` runs


def chapter_header() -> str:
    """The jupytext front matter every chapter starts with, read from a real chapter.

    Tests that write scratch chapters use it, so the header lives in the chapters only.
    """
    text = (ROOT / "chapters" / "introduction.md").read_text(encoding="utf-8")
    return text[: text.index("\n---\n", 4) + 5]


BUILD_FIXTURES = {"built_book", "site_url", "page_checks", "prefixed_site"}
BROWSER_FIXTURES = {"chromium", "page_checks"}


def pytest_collection_modifyitems(items):
    """Mark every test by what it needs, from the fixtures it uses: ``build`` for the built
    book (or a scratch book: tests that build one carry the mark themselves), ``browser``
    for Chromium. ``make test-fast`` deselects both."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Path to ``_build/html`` after a strict build of the whole book."""
    if os.environ.get("EDITION_SKIP_BUILD") == "1" and (HTML / "index.html").is_file():
        return HTML
    result = subprocess.run(BUILD_COMMAND, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"the strict build of the book failed:\n{tail}", pytrace=False)
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class=_QuietHandler):
    """Serve ``directory`` on a free localhost port; yields ``http://127.0.0.1:PORT``."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_book):
    """Base URL (ending in /) of the built book served over HTTP on localhost."""
    with serve(built_book) as base:
        yield base + "/"


def require_or_skip(reason: str):
    """Skip with ``reason``, or fail when CI demands the check (EDITION_REQUIRE_BROWSER=1)."""
    if os.environ.get("EDITION_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (EDITION_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (Debian's) driven by Playwright, with every other host blocked."""
    if not CHROMIUM.is_file():
        require_or_skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("Python Playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_checks(chromium, site_url, built_book):
    """Every page visited once per colour scheme, all page checks run in that visit
    (``tests/browser.py``); tests read the findings."""
    from browser import PageChecks

    return PageChecks(chromium, site_url, built_book)


@pytest.fixture()
def book_copy(tmp_path) -> Path:
    """A scratch copy of the book's sources (no build output, no venv) to break on purpose."""
    target = tmp_path / "book"
    ignore = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", "*.egg-info", "node_modules", ".pytest_cache")
    shutil.copytree(ROOT, target, ignore=ignore)
    return target
