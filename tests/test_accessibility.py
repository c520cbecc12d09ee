"""Accessibility: axe-core finds no violation, of any impact, on any page, light or dark.

axe-core is the npm package (``npm ci`` installs it into node_modules/); its script is
injected into each page of the built book, served on 127.0.0.1 and loaded in Debian's
Chromium. Every rule axe runs by default counts (WCAG A and AA, and best practices such
as landmarks and heading order). Dark mode is the pydata theme's: ``data-theme="dark"``
on ``<html>``, set through the theme's own ``localStorage`` keys before the page loads.
"""
from __future__ import annotations

import pytest
from browser import PAGES, axe_violations, describe


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
