"""What the browser tests share: the pages of the book, one visit per page and colour
scheme, and the checks run during that visit.

Every page of ``_build/html`` is served on 127.0.0.1 and loaded in Debian's Chromium with
every request to any other host aborted and recorded. :class:`PageChecks` visits a page
once in light mode and once in dark mode, runs every check of a page during those two
visits, and keeps the findings; the tests in ``test_browser.py`` read them, so a page is loaded
twice, not once per check.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
GLOSSARY = "appendices/glossary.html"


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



def redirect_pages() -> set[str]:
    """Pages that only redirect a moved URL (``redirects`` of urls.json): no content to check."""
    manifest = ROOT / "urls.json"
    if not manifest.is_file():
        return set()
    redirects = json.loads(manifest.read_text(encoding="utf-8")).get("redirects", {})
    return {source for source in redirects if "#" not in source}


def glossary_links(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*href="((?:\.\./)*(?:appendices/)?glossary\.html#[^"]+)"', html)


@dataclass
class Visit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_page(browser, url: str, *, theme: str | None = None, width: int = 1280) -> Visit:
    """Load ``url`` in a fresh context; abort and record every request to another host."""
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
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
    page.goto(url, wait_until="load")
    if url.endswith("/index.html"):  # the start page redirects (meta refresh) to the root page
        page.wait_for_url(lambda u: not u.endswith("/index.html"), timeout=10000)
        page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    return visit


def close(visit: Visit) -> None:
    visit.page.context.close()


# --- checks run during a visit ---------------------------------------------------------


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


UNDRAWN = """() => Array.from(document.querySelectorAll('.edition-chart'))
    .filter(c => !Array.from(c.querySelectorAll('svg, canvas')).some(g => {
        const r = g.getBoundingClientRect(); return r.width >= 50 && r.height >= 50; }))
    .map(c => c.id || c.getAttribute('aria-label') || '?')"""


def chart_problems(page) -> tuple[int, list[str]]:
    """Every chart shows a drawing (svg or canvas), before and after it scrolls into view
    (scrolling lets a chart script that loads on demand run)."""
    count = page.locator(".edition-chart").count()
    if count == 0:
        return 0, []
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.edition-chart'))
                              .every(c => c.querySelector('svg, canvas'))""", timeout=15000)
    problems = [f"no visible drawing before scrolling: {c}" for c in page.evaluate(UNDRAWN)]
    for index in range(count):
        page.locator(".edition-chart").nth(index).scroll_into_view_if_needed()
        page.wait_for_timeout(200)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    problems += [f"lost its drawing once scrolled into view: {c}" for c in page.evaluate(UNDRAWN)]
    return count, problems


def footnote_problems(page) -> list[str]:
    """Every footnote reference points to a note that exists and every back link to a
    reference that exists (checked for all at once); clicked, a reference scrolls its note
    into view and shows it in the address (checked for the first, a middle and the last
    reference: the behaviour is the theme's, the same for every reference)."""
    refs = page.eval_on_selector_all("a.footnote-reference", "els => els.map(e => e.getAttribute('href'))")
    problems = [f"reference {i} has href {href!r}" for i, href in enumerate(refs)
                if not href or not href.startswith("#")]
    missing = page.evaluate("""hrefs => hrefs.filter(h => h && h.startsWith('#')
                               && !document.getElementById(h.slice(1)))""", refs)
    problems += [f"{href}: no such footnote" for href in missing]
    backlinks = page.eval_on_selector_all(
        "aside.footnote a[role='doc-backlink'], .footnote .backrefs a, aside.footnote .label a",
        "els => els.map(e => e.getAttribute('href'))")
    problems += [f"back link {href}: no such reference" for href in page.evaluate(
        "hrefs => hrefs.filter(h => h && h.startsWith('#') && !document.getElementById(h.slice(1)))", backlinks)]
    for index in sorted({0, len(refs) // 2, len(refs) - 1}) if refs else []:
        href = refs[index]
        if not href or href in missing or not href.startswith("#"):
            continue
        page.locator("a.footnote-reference").nth(index).click()
        try:
            page.wait_for_function(
                """id => { const r = document.getElementById(id).getBoundingClientRect();
                           return r.bottom > 0 && r.top < window.innerHeight; }""", arg=href[1:], timeout=3000)
        except Exception:
            problems.append(f"{href}: clicking did not bring the note into view")
        if page.evaluate("location.hash") != href:
            problems.append(f"{href}: the address shows {page.evaluate('location.hash')!r}")
    return problems


def glossary_problems(page, links: list[str], glossary_ids: set[str]) -> list[str]:
    """Glossary links name terms that exist, and the first one, clicked, lands on its term."""
    missing = [link for link in links if link.split("#", 1)[1] not in glossary_ids]
    if missing or not links:
        return [f"links to terms the glossary lacks: {missing}"] if missing else []
    page.locator(f'a[href="{links[0]}"]').first.click()
    page.wait_for_url(re.compile(r".*glossary\.html#.+"))
    try:
        page.wait_for_function(
            """id => { const e = document.getElementById(id); if (!e) return false;
                       const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }""",
            arg=links[0].split("#", 1)[1], timeout=5000)
    except Exception:
        return [f"{links[0]}: clicking did not land on the term"]
    return []


@dataclass
class Report:
    """What one visit of one page found."""
    load: list[str] = field(default_factory=list)
    lang: str = ""
    axe: list[dict] = field(default_factory=list)
    theme: str = ""
    charts: int = 0
    chart_problems: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)


class PageChecks:
    """One visit per page and colour scheme; every page check runs in it, in an order where
    no check disturbs the next (axe before scrolling, clicks that navigate away last)."""

    def __init__(self, browser, base_url: str, html_dir: Path):
        self.browser, self.base_url, self.html_dir = browser, base_url, html_dir

    @cache  # noqa: B019  (one instance per test session)
    def glossary_ids(self) -> frozenset[str]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup((self.html_dir / GLOSSARY).read_text(encoding="utf-8"), "html.parser")
        return frozenset(tag["id"] for tag in soup.find_all(id=True))

    def visit(self, path: str, theme: str = "light") -> Report:
        """The findings of the one visit of ``path`` in ``theme`` (made on first request)."""
        return self._visit(path, theme)

    @cache  # noqa: B019  (keyed on the full arguments: visit(p) and visit(p, "light") are one visit)
    def _visit(self, path: str, theme: str) -> Report:
        visit = open_page(self.browser, self.base_url + path, theme=theme)
        report = Report()
        try:
            page = visit.page
            report.load = ([f"console error: {e}" for e in visit.console_errors]
                           + [f"request to another host: {u}" for u in visit.external]
                           + [f"failed local request: {u}" for u in visit.failed])
            report.lang = page.evaluate("document.documentElement.lang")
            report.theme = page.evaluate("document.documentElement.dataset.theme")
            page.wait_for_timeout(300)  # let the theme's colour transitions settle
            report.axe = axe_violations(page)
            if theme == "light" and path != "index.html":
                report.charts, report.chart_problems = chart_problems(page)
                report.chart_problems += [f"console error: {e}" for e in visit.console_errors]
                report.chart_problems += [f"request to another host: {u}" for u in visit.external]
                report.footnotes = footnote_problems(page)
                if path != GLOSSARY:
                    links = sorted(set(glossary_links((self.html_dir / path).read_text(encoding="utf-8"))))
                    report.glossary = glossary_problems(page, links, self.glossary_ids())
        finally:
            close(visit)
        return report
