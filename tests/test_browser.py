"""The built book in a real browser (Debian's Chromium through Playwright).

A page passes when it logs no console error and no uncaught exception, requests nothing
from another host, and every local request succeeds; every chart (``.edition-chart``) has
drawn an ``svg`` or ``canvas``; every footnote reference, clicked, scrolls to a footnote
that exists; every glossary link lands on its term in the glossary; axe-core finds no
accessibility violation, of any impact, light or dark. The checks run during one visit per
page and colour scheme (``browser.PageChecks``); each test reads its part of the findings.

axe-core is the npm package (``npm ci`` installs it into node_modules/); every rule it runs by
default counts (WCAG A and AA, and best practices such as landmarks and heading order). Dark
mode is the pydata theme's: ``data-theme="dark"`` on ``<html>``, set through the theme's own
``localStorage`` keys before the page loads. The page checks live in this one module so that
a parallel run (``pytest -n 2 --dist loadfile``) makes each visit once, on one worker.
"""
from __future__ import annotations

import pytest
from browser import GLOSSARY, PAGES, axe_violations, close, describe, glossary_links, open_page, redirect_pages


@pytest.fixture(scope="module")
def built_pages(built_book) -> list[str]:
    """Every HTML page of the output (except the theme's template fragments in _static)."""
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html")
                  if p.relative_to(built_book).parts[0] != "_static")


def test_every_built_page_is_checked(built_pages):
    """The per-page tests below cover every page the build wrote (index.html and the pages
    of moved URLs redirect)."""
    unchecked = sorted(set(built_pages) - set(PAGES) - {"index.html"} - redirect_pages())
    assert not unchecked, f"pages outside _toc.yml that no browser test loads: {unchecked}"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES + ["index.html"])
def test_page_loads_cleanly(page_checks, built_book, path):
    assert (built_book / path).is_file(), f"{path} was not built"
    report = page_checks.visit(path)
    assert not report.load, f"{path}:\n" + "\n".join(report.load)
    assert report.lang == "en"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_charts_are_drawn(page_checks, path):
    report = page_checks.visit(path)
    assert not report.chart_problems, f"{path} ({report.charts} charts):\n" + "\n".join(report.chart_problems)


def test_the_book_has_charts(built_book):
    pages = [p for p in built_book.rglob("*.html") if 'class="edition-chart' in p.read_text(encoding="utf-8")]
    assert pages, "no page holds an .edition-chart"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_footnote_references_scroll_to_their_note(page_checks, path):
    report = page_checks.visit(path)
    assert not report.footnotes, f"{path}:\n" + "\n".join(report.footnotes)


def test_the_book_links_to_its_glossary(built_book):
    linked = [p for p in built_book.rglob("*.html")
              if p.relative_to(built_book).parts[0] != "_static" and p.name != "glossary.html"
              and glossary_links(p.read_text(encoding="utf-8"))]
    assert len(linked) >= 3, f"only {len(linked)} pages link to the glossary"


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in PAGES if p != GLOSSARY])
def test_glossary_links_land_on_their_term(page_checks, path):
    report = page_checks.visit(path)
    assert not report.glossary, f"{path}:\n" + "\n".join(report.glossary)


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


# --- accessibility ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page_checks, path, theme):
    report = page_checks.visit(path, theme)
    assert report.theme == theme
    assert not report.axe, f"{path} ({theme} mode): {len(report.axe)} axe violations\n{describe(report.axe)}"


@pytest.mark.browser
def test_axe_finds_a_violation(chromium, tmp_path):
    """The check is live: a page with an unlabelled image and low-contrast text fails it."""
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><html lang="en"><head><title>probe</title></head><body><main>'
                     '<h1>Probe</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#ccc;background:#fff">faint text</p></main></body></html>')
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(probe.as_uri())
        ids = {v["id"] for v in axe_violations(page)}
        assert {"image-alt", "color-contrast"} <= ids
    finally:
        context.close()
