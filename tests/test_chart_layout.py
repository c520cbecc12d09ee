"""Charts on a phone: every chart page of the built book at 390 px, then 320 px, in Chromium.

Each chart page is visited once (a 390 px wide phone); during that visit the charts are
scrolled into view so that their script loads, each drawn chart is measured against its box,
the page is checked for sideways scrolling, one chart's tooltip is shown, and the viewport
is then narrowed to 320 px and the charts measured again. The tests read the findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from browser import close, open_page

pytestmark = [pytest.mark.browser, pytest.mark.build]

WIDTHS = (390, 320)

DRAWN = """() => Array.from(document.querySelectorAll('.edition-chart'))
    .every(c => c.getAttribute('data-embedded') === 'done' && c.querySelector('.edition-chart-interactive svg'))"""

# Each drawn chart against its box: the width the drawing declares, and how far any of its
# marks (text included) reaches beyond the box at either side.
MEASURE = """() => Array.from(document.querySelectorAll('.edition-chart')).map(chart => {
    const svg = chart.querySelector('.edition-chart-interactive svg');
    const box = chart.getBoundingClientRect();
    const marks = Array.from(svg.querySelectorAll('text, path, rect, line, circle'))
        .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 || r.height > 0);
    return {id: chart.id, box: chart.clientWidth, drawn: parseFloat(svg.getAttribute('width')),
            layout: chart.getAttribute('data-layout') || '',
            left: Math.min(...marks.map(r => r.left)) - box.left,
            right: box.right - Math.max(...marks.map(r => r.right))};
})"""

# How far the page reaches past the screen, and the first elements that reach past it and
# are not inside a box that scrolls or clips (what a reader would scroll sideways to see).
SIDEWAYS = """() => {
    const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') { return true; } } return false; };
    const culprits = Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e)
                     && getComputedStyle(e).position !== 'fixed')
        .slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || '').trim().slice(0, 40)}"`);
    return {excess: document.documentElement.scrollWidth - window.innerWidth, culprits: culprits};
}"""


@dataclass
class PhoneVisit:
    charts_in_html: int
    measured: dict[int, list[dict]] = field(default_factory=dict)
    sideways: dict[int, dict] = field(default_factory=dict)
    tooltip: str = ""
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def visit_on_a_phone(chromium, url: str, charts_in_html: int) -> PhoneVisit:
    visit = open_page(chromium, url, width=WIDTHS[0])
    found = PhoneVisit(charts_in_html)
    try:
        page = visit.page
        for index in range(charts_in_html):
            page.locator(".edition-chart").nth(index).scroll_into_view_if_needed()
        page.wait_for_function(DRAWN, timeout=20000)
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": 900})
                # Vega redraws on the window's resize, the page's script on the box's: wait until done.
                page.wait_for_timeout(400)
                page.wait_for_function(DRAWN, timeout=20000)
            found.measured[width] = page.evaluate(MEASURE)
            found.sideways[width] = page.evaluate(SIDEWAYS)
            if width == WIDTHS[0]:
                mark = page.locator(".edition-chart-interactive svg .mark-rect path, "
                                    ".edition-chart-interactive svg .mark-symbol path").first
                mark.scroll_into_view_if_needed()
                mark.hover(force=True)
                page.wait_for_timeout(300)
                found.tooltip = page.evaluate("""() => { const t = document.getElementById('vg-tooltip-element');
                    return t && t.classList.contains('visible') ? t.innerText : ''; }""")
                page.mouse.move(0, 0)
        found.console_errors = list(visit.console_errors)
        found.external = list(visit.external)
    finally:
        close(visit)
    return found


@pytest.fixture(scope="module")
def phone(chromium, site_url, built_book) -> dict[str, PhoneVisit]:
    """One visit per chart page, at 390 px and then 320 px."""
    pages = {}
    for path in sorted(built_book.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        count = text.count('<div class="edition-chart" role="img"')
        if count and path.relative_to(built_book).parts[0] != "_static":
            relative = path.relative_to(built_book).as_posix()
            pages[relative] = visit_on_a_phone(chromium, site_url + relative, count)
    return pages


def test_the_book_has_chart_pages(phone):
    assert sum(v.charts_in_html for v in phone.values()) >= 10, sorted(phone)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_is_drawn_within_its_box(phone, width):
    problems = []
    for path, visit in phone.items():
        measured = visit.measured[width]
        if len(measured) != visit.charts_in_html:
            problems.append(f"{path}: {len(measured)} charts measured, {visit.charts_in_html} in the page")
        for chart in measured:
            if chart["drawn"] > chart["box"] + 1:
                problems.append(f"{path} {chart['id']} ({chart['layout']}): drawn {chart['drawn']:.0f} px "
                                f"wide in a {chart['box']} px box")
            if chart["left"] < -1 or chart["right"] < -1:
                problems.append(f"{path} {chart['id']} ({chart['layout']}): marks reach "
                                f"{-min(chart['left'], chart['right']):.0f} px beyond the box")
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_page_scrolls_sideways(phone, width):
    wide = [f"{path}: {v.sideways[width]['excess']} px too wide; reaching out: {v.sideways[width]['culprits']}"
            for path, v in phone.items() if v.sideways[width]["excess"] > 0]
    assert not wide, f"pages wider than a {width} px screen:\n" + "\n".join(wide)


def test_chart_pages_on_a_phone_log_no_error_and_stay_local(phone):
    errors = {path: v.console_errors for path, v in phone.items() if v.console_errors}
    external = {path: v.external for path, v in phone.items() if v.external}
    assert not errors, errors
    assert not external, f"requests to other hosts: {external}"


def test_tooltips_show_the_figure_and_its_source(phone):
    for path, visit in phone.items():
        assert visit.tooltip.strip(), f"{path}: no tooltip on hovering a mark"
        if path.startswith("chapters/"):
            assert "Source" in visit.tooltip and "Report prints" in visit.tooltip, f"{path}: {visit.tooltip!r}"
