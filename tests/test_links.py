"""Every internal link and anchor of the built book resolves (offline, local files only).

Each page of ``_build/html`` is parsed with :mod:`html.parser`. Every local reference --
``<a href>``, ``<link href>``, ``<script src>``, ``<img src>``, ``<source src>``,
``<iframe src>``, ``<object data>`` and the ``url()`` of local stylesheets -- must point to
a file inside the output, and every ``#fragment`` to an element with that ``id`` (or an
``<a name>``) in the target page. External links are not fetched; they must use https.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": ["href"], "link": ["href"], "script": ["src"], "img": ["src"],
                   "source": ["src"], "iframe": ["src"], "object": ["data"], "video": ["src", "poster"],
                   "audio": ["src"], "track": ["src"], "embed": ["src"], "area": ["href"], "form": ["action"]}


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # (line, tag, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name in LINK_ATTRIBUTES.get(tag, []):
            value = attributes.get(name)
            if value is not None:
                self.links.append((self.getpos()[0], tag, value.strip()))

    handle_startendtag = handle_starttag


@cache
def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] != "_static")


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def check_target(html_dir: Path, source: Path, url: str) -> str | None:
    """None if ``url`` (relative to ``source``) resolves in the output, else the reason."""
    parts = urlsplit(url)
    target = source if not parts.path else (source.parent / unquote(parts.path)).resolve()
    try:
        target.relative_to(html_dir.resolve())
    except ValueError:
        return f"points outside the built book: {url}"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"no such file: {url}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
        return f"no element with id '{fragment}' in {target.relative_to(html_dir.resolve())}"
    return None


def broken_links(html_dir: Path) -> tuple[list[str], list[str], int]:
    """(broken internal links, insecure external links, number of internal links checked)."""
    html_dir = html_dir.resolve()
    broken, insecure, checked = [], [], 0
    for page in pages(html_dir):
        name = page.relative_to(html_dir)
        for line, tag, url in parse(page).links:
            if not url or url.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            if is_external(url):
                if url.startswith("http:"):
                    insecure.append(f"{name}:{line}: <{tag}> {url}")
                continue
            checked += 1
            problem = check_target(html_dir, page, url)
            if problem:
                broken.append(f"{name}:{line}: <{tag}> {problem}")
    return broken, insecure, checked


def stylesheet_urls(html_dir: Path) -> list[str]:
    """Local ``url()`` references of every stylesheet a page links that do not resolve."""
    html_dir = html_dir.resolve()
    sheets = set()
    for page in pages(html_dir):
        for _, tag, url in parse(page).links:
            if tag == "link" and not is_external(url) and urlsplit(url).path.endswith(".css"):
                sheets.add((page.parent / unquote(urlsplit(url).path)).resolve())
    broken = []
    for sheet in sorted(sheets):
        if not sheet.is_file():
            continue  # reported by the link check
        for target in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", sheet.read_text(encoding="utf-8")):
            if is_external(target) or target.startswith(("data:", "#")):
                continue
            if not (sheet.parent / unquote(urlsplit(target).path)).resolve().is_file():
                broken.append(f"{sheet.relative_to(html_dir)}: url({target})")
    return broken


def test_every_internal_link_and_anchor_resolves(built_book):
    broken, _, checked = broken_links(built_book)
    assert checked > 100, f"only {checked} internal links found: is the build complete?"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:80])


def test_external_links_use_https(built_book):
    _, insecure, _ = broken_links(built_book)
    assert not insecure, "links over plain http:\n" + "\n".join(insecure[:40])


def test_stylesheet_urls_resolve(built_book):
    broken = stylesheet_urls(built_book)
    assert not broken, "stylesheets refer to missing files:\n" + "\n".join(broken)


def test_ids_are_unique_per_page(built_book):
    """A duplicated id makes a fragment link ambiguous (and is invalid HTML)."""
    problems = []
    for page in pages(built_book):
        counts: dict[str, int] = defaultdict(int)
        for match in re.finditer(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")):
            counts[match.group(1)] += 1
        duplicated = sorted(i for i, n in counts.items() if n > 1)
        if duplicated:
            problems.append(f"{page.relative_to(built_book)}: {duplicated[:10]}")
    assert not problems, "duplicate ids:\n" + "\n".join(problems)


# --- the checker itself ----------------------------------------------------------------


def test_checker_finds_a_broken_file_and_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"><a href="b.html#there">b</a> <a href="#here">self</a>'
                                     ' <a href="missing.html">m</a> <a href="b.html#nowhere">x</a>'
                                     ' <a href="https://example.org/">e</a> <a href="http://example.org/">i</a></p>')
    (tmp_path / "b.html").write_text('<h1 id="there">B</h1>')
    broken, insecure, checked = broken_links(tmp_path)
    assert checked == 4
    assert len(broken) == 2
    assert any("missing.html" in b for b in broken) and any("nowhere" in b for b in broken)
    assert insecure == ["a.html:1: <a> http://example.org/"]


# --- weight: what a page costs a reader ----------------------------------------------------

# Half of what a default Jupyter Book 1 chapter transfers with gzip (965 KB, measured by
# benchmarks/benchmark.py): the edition's target for every page.
BUDGET = 480 * 1024
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".map")


@cache
def gzipped_size(path: Path) -> int:
    import gzip

    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in TEXT_TYPES else len(data)


def page_resources(html_dir: Path, page: Path) -> set[Path]:
    """The local files a browser fetches to show ``page``: its assets and their url()s."""
    found = {page.resolve()}
    text = page.read_text(encoding="utf-8")
    urls = [url for _, tag, url in parse(page).links if tag in ("link", "script", "img", "source", "iframe", "object")]
    urls += re.findall(r"""["'](?:\.\./)*(_static/[\w./-]+\.(?:js|css))""", text)  # scripts loaded on demand
    for url in urls:
        if is_external(url) or url.startswith("data:"):
            continue
        target = (page.parent / unquote(urlsplit(url).path)).resolve()
        if url.startswith("_static/") and not target.is_file():
            target = (html_dir / url).resolve()
        if target.is_file() and target.suffix != ".html":
            found.add(target)
    for sheet in [p for p in found if p.suffix == ".css"]:
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", sheet.read_text(encoding="utf-8")):
            if not is_external(ref) and not ref.startswith(("data:", "#")):
                target = (sheet.parent / unquote(urlsplit(ref).path)).resolve()
                if target.is_file():
                    found.add(target)
    return found


def test_every_page_is_within_its_weight_budget(built_book):
    html_dir = built_book.resolve()
    heavy = []
    for page in pages(html_dir):
        resources = page_resources(html_dir, page)
        total = sum(gzipped_size(p) for p in resources)
        if total > BUDGET:
            largest = sorted(resources, key=gzipped_size, reverse=True)[:3]
            heavy.append(f"{page.relative_to(html_dir)}: {total / 1024:.0f} KB gzipped "
                         f"(largest: {', '.join(f'{p.name} {gzipped_size(p) / 1024:.0f} KB' for p in largest)})")
    assert not heavy, f"pages over {BUDGET // 1024} KB:\n" + "\n".join(heavy)
