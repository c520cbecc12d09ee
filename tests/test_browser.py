"""The built book in a real browser (Debian's Chromium through Playwright).

Every page of ``_build/html`` is served on 127.0.0.1 and loaded with every request to any
other host aborted and recorded. A page passes when it logs no console error and no
uncaught exception, requests nothing from another host, and every local request succeeds.
Then: every chart (``.edition-chart``) has drawn an ``svg`` or ``canvas``; every footnote
reference, clicked, scrolls to a footnote that exists; every glossary link lands on its
term in the glossary.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def toc_pages() -> list[str]:
    """Every page of the book, as paths in the HTML output (known before the build)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    pages = [re.sub(r"\.(md|ipynb|rst)$", "", f) + ".html" for f in found]
    return pages + ["genindex.html", "search.html"]


PAGES = toc_pages()


@dataclass
class Visit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_page(browser, url: str, *, theme: str | None = None, wait: str = "load") -> Visit:
    """Load ``url`` in a fresh context; abort and record every request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    if theme:
        context.add_init_script(f"localStorage.setItem('theme', '{theme}'); localStorage.setItem('mode', '{theme}');")
    visit = Visit(page=None)

    def route(route):
        host = urlsplit(route.request.url).hostname
        if urlsplit(route.request.url).scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            visit.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    visit.page = page
    page.on("console", lambda m: visit.console_errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})")
            if urlsplit(r.url).hostname in LOCAL_HOSTS else None)
    page.on("response", lambda r: visit.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
    page.goto(url, wait_until=wait)
    if url.endswith("/index.html"):  # the start page redirects (meta refresh) to the root page
        page.wait_for_url(lambda u: not u.endswith("/index.html"), timeout=10000)
        page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    return visit


def close(visit: Visit) -> None:
    visit.page.context.close()


@pytest.fixture(scope="module")
def built_pages(built_book) -> list[str]:
    """Every HTML page of the output (except the theme's template fragments in _static)."""
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html")
                  if p.relative_to(built_book).parts[0] != "_static")


def redirect_pages() -> set[str]:
    """Pages that only redirect a moved URL (``redirects`` of urls.json): no content to check."""
    manifest = ROOT / "urls.json"
    if not manifest.is_file():
        return set()
    redirects = json.loads(manifest.read_text(encoding="utf-8")).get("redirects", {})
    return {source for source in redirects if "#" not in source}


def test_every_built_page_is_checked(built_pages):
    """The per-page tests below cover every page the build wrote (index.html and the pages
    of moved URLs redirect)."""
    unchecked = sorted(set(built_pages) - set(PAGES) - {"index.html"} - redirect_pages())
    assert not unchecked, f"pages outside _toc.yml that no browser test loads: {unchecked}"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES + ["index.html"])
def test_page_loads_cleanly(chromium, site_url, built_book, path):
    assert (built_book / path).is_file(), f"{path} was not built"
    visit = open_page(chromium, site_url + path)
    try:
        problems = ([f"console error: {e}" for e in visit.console_errors]
                    + [f"request to another host: {u}" for u in visit.external]
                    + [f"failed local request: {u}" for u in visit.failed])
        assert not problems, f"{path}:\n" + "\n".join(problems)
        assert visit.page.evaluate("document.documentElement.lang") == "en"
    finally:
        close(visit)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_charts_are_drawn(chromium, site_url, path):
    """Every chart shows a drawing (svg or canvas), before and after it scrolls into view.

    Scrolling to each chart lets a chart script that loads on demand run; it must draw
    without a console error.
    """
    visit = open_page(chromium, site_url + path)
    try:
        page = visit.page
        count = page.locator(".edition-chart").count()
        if count == 0:
            return
        drawn = """() => Array.from(document.querySelectorAll('.edition-chart'))
                   .filter(c => !Array.from(c.querySelectorAll('svg, canvas')).some(g => {
                       const r = g.getBoundingClientRect(); return r.width >= 50 && r.height >= 50; }))
                   .map(c => c.id || c.getAttribute('aria-label') || '?')"""
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.edition-chart'))
                   .every(c => c.querySelector('svg, canvas'))""", timeout=15000)
        empty = page.evaluate(drawn)
        assert not empty, f"{path}: charts with no visible drawing (svg or canvas of 50 px or more): {empty}"
        for index in range(count):
            page.locator(".edition-chart").nth(index).scroll_into_view_if_needed()
            page.wait_for_timeout(200)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        empty = page.evaluate(drawn)
        assert not empty, f"{path}: charts lost their drawing once scrolled into view: {empty}"
        assert not visit.console_errors, f"{path}: {visit.console_errors}"
        assert not visit.external, f"{path}: requests to other hosts: {visit.external}"
    finally:
        close(visit)


def test_the_book_has_charts(built_book):
    pages = [p for p in built_book.rglob("*.html") if 'class="edition-chart' in p.read_text(encoding="utf-8")]
    assert pages, "no page holds an .edition-chart"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_footnote_references_scroll_to_their_note(chromium, site_url, path):
    visit = open_page(chromium, site_url + path)
    try:
        page = visit.page
        refs = page.eval_on_selector_all(
            "a.footnote-reference", "els => els.map((e, i) => [i, e.getAttribute('href')])")
        problems = []
        for index, href in refs:
            if not href or not href.startswith("#"):
                problems.append(f"reference {index} has href {href!r}")
                continue
            target = href[1:]
            if not page.evaluate("id => !!document.getElementById(id)", target):
                problems.append(f"{href}: no such footnote")
                continue
            page.locator("a.footnote-reference").nth(index).click()
            try:
                page.wait_for_function(
                    """id => { const r = document.getElementById(id).getBoundingClientRect();
                               return r.bottom > 0 && r.top < window.innerHeight; }""", arg=target, timeout=3000)
            except Exception:
                problems.append(f"{href}: clicking did not bring the note into view")
            if page.evaluate("location.hash") != href:
                problems.append(f"{href}: the address shows {page.evaluate('location.hash')!r}")
        backlinks = page.eval_on_selector_all(
            "aside.footnote a[role='doc-backlink'], .footnote .backrefs a, aside.footnote .label a",
            "els => els.map(e => e.getAttribute('href'))")
        for href in backlinks:
            if href and href.startswith("#") and not page.evaluate("id => !!document.getElementById(id)", href[1:]):
                problems.append(f"back link {href}: no such reference")
        assert not problems, f"{path}:\n" + "\n".join(problems)
    finally:
        close(visit)


GLOSSARY = "appendices/glossary.html"


def glossary_links(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*href="((?:\.\./)*(?:appendices/)?glossary\.html#[^"]+)"', html)


def test_the_book_links_to_its_glossary(built_book):
    linked = [p for p in built_book.rglob("*.html")
              if p.relative_to(built_book).parts[0] != "_static" and p.name != "glossary.html"
              and glossary_links(p.read_text(encoding="utf-8"))]
    assert len(linked) >= 3, f"only {len(linked)} pages link to the glossary"


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if p != GLOSSARY])
def test_glossary_links_land_on_their_term(chromium, site_url, built_book, path):
    links = sorted(set(glossary_links((built_book / path).read_text(encoding="utf-8"))))
    if not links:
        return
    visit = open_page(chromium, site_url + GLOSSARY)
    try:
        ids = set(visit.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    finally:
        close(visit)
    missing = [link for link in links if link.split("#", 1)[1] not in ids]
    assert not missing, f"{path}: glossary links to terms the glossary lacks: {missing}"
    visit = open_page(chromium, site_url + path)
    try:
        page = visit.page
        first = page.locator(f'a[href="{links[0]}"]').first
        first.click()
        page.wait_for_url(re.compile(r".*glossary\.html#.+"))
        target = links[0].split("#", 1)[1]
        page.wait_for_function(
            """id => { const e = document.getElementById(id); if (!e) return false;
                       const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }""",
            arg=target, timeout=5000)
    finally:
        close(visit)


@pytest.mark.browser
def test_the_theme_controls_still_work(chromium, site_url):
    """The theme's controls work: the colour-mode switch, the download menu, the search
    dialog, the sidebar toggle on a wide screen, and on a phone the table of contents and
    the page outline as dialogs (in the stock JB1 theme the visible toggles did nothing)."""
    chapter = next(p for p in PAGES if p.startswith("chapters/"))
    visit = open_page(chromium, site_url + chapter, theme="light")
    try:
        page = visit.page
        modes = []
        for _ in range(3):  # the switch cycles light -> auto -> dark (or light -> dark -> auto)
            page.locator(".theme-switch-button").first.click()
            modes.append(page.evaluate("document.documentElement.dataset.mode"))
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
        assert page.evaluate("document.documentElement.dataset.theme") == "dark", f"modes: {modes}"
        page.locator(".dropdown-download-buttons > button").click()
        menu = page.locator(".dropdown-download-buttons .dropdown-menu")
        menu.wait_for(state="visible")
        assert menu.locator("a, button").first.is_visible()
        icon = page.locator(".dropdown-download-buttons > button i").first
        box = icon.bounding_box()
        assert box and box["width"] >= 10 and box["height"] >= 10, "the menu's icon is not drawn"
        assert page.evaluate("""() => { const s = getComputedStyle(
            document.querySelector('.dropdown-download-buttons > button i'));
            return (s.maskImage || s.webkitMaskImage || '').includes('svg'); }"""), "icons lost their mask"
        page.keyboard.press("Escape")
        page.keyboard.press("Control+k")
        page.wait_for_function("document.getElementById('pst-search-dialog').open === true")
        page.keyboard.press("Escape")
        page.wait_for_function("document.getElementById('pst-search-dialog').open === false")
        page.locator("button.primary-toggle:visible").first.click()  # on a wide screen: hide the sidebar
        page.wait_for_function("document.getElementById('pst-primary-sidebar').classList.contains('pst-sidebar-hidden')")
        page.locator("button.primary-toggle:visible").first.click()
        page.set_viewport_size({"width": 400, "height": 800})  # on a phone: the sidebar opens as a dialog
        page.locator("button.primary-toggle:visible").first.click()
        page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open === true")
        assert page.locator("#pst-primary-sidebar-modal nav.bd-docs-nav").is_visible()
        page.keyboard.press("Escape")
        page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open === false")
        if page.locator("button.secondary-toggle:visible").count():
            page.locator("button.secondary-toggle:visible").first.click()
            page.wait_for_function("document.getElementById('pst-secondary-sidebar-modal').open === true")
        assert not visit.console_errors, visit.console_errors
    finally:
        close(visit)
