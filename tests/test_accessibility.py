"""Accessibility: axe-core finds no violation, of any impact, on any page, light or dark.

axe-core is the npm package (``npm ci`` installs it into node_modules/); its script is
injected into each page of the built book, served on 127.0.0.1 and loaded in Debian's
Chromium. Every rule axe runs by default counts (WCAG A and AA, and best practices such
as landmarks and heading order). Dark mode is the pydata theme's: ``data-theme="dark"``
on ``<html>``, set through the theme's own ``localStorage`` keys before the page loads.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import require_or_skip
from test_browser import PAGES, close, open_page

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        require_or_skip(f"{AXE.relative_to(ROOT)} is missing (run `npm ci`)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const results = await axe.run(document, {resultTypes: ['violations']});
        return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 6).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
        }));
    }""")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join((node["summary"] or "").split())[:220]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(chromium, site_url, path, theme):
    visit = open_page(chromium, site_url + path, theme=theme)
    try:
        page = visit.page
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        page.wait_for_timeout(300)  # let the theme's colour transitions settle
        violations = axe_violations(page)
        assert not violations, f"{path} ({theme} mode): {len(violations)} axe violations\n{describe(violations)}"
    finally:
        close(visit)


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
