"""Stable URLs and redirects.

:func:`collect_urls` lists a built site's pages and citable anchors (to write ``urls.json``);
:func:`check_urls` lists the manifest's URLs that no longer resolve (missing file or anchor)
and have no redirect; :func:`write_redirects` writes a static page for each moved page. The sitemap is
``sphinx-sitemap``'s. The command line is in :mod:`edition.apparatus.__main__`.
"""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from edition import paths
from edition.apparatus.base import ApparatusError

MANIFEST = "urls.json"


#: pages Sphinx makes that are not part of the edition's permanent address space
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}


#: elements whose id is a citable anchor: (tag, class) pairs; class None means any
CITABLE = {("section", None), ("figure", None), ("li", "edition-bibentry"), ("dt", "edition-term"),
           ("tr", "edition-folio")}


_AUTO_ID = re.compile(r"^(id\d+|index-\d+|gl-.*|note-\d+)$")


class _Ids(HTMLParser):
    """Every id of a page, the citable ones among them, and a meta refresh target if any."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.citable: list[str] = []
        self.refresh: str | None = None
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ident = attrs.get("id")
        classes = set((attrs.get("class") or "").split())
        if ident:
            self.ids.add(ident)
            citable = any(tag == t and (c is None or c in classes) for t, c in CITABLE)
            # a label's extra id: Sphinx writes <span id="label"></span> inside the element
            if tag == "span" and not classes:
                citable = True
            if citable and not _AUTO_ID.match(ident):
                self.citable.append(ident)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            content = attrs.get("content") or ""
            if "url=" in content.lower():
                self.refresh = content[content.lower().index("url=") + 4:].strip()
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")


def page_ids(path: Path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def collect_urls(site: Path, redirects: dict[str, str] | None = None) -> dict:
    """Pages and citable anchors of a built site (sections, tables, figures, glossary terms).

    Redirect stubs (pages listed as redirect sources) and Sphinx's generated pages are left
    out: the manifest lists what the edition publishes.
    """
    redirects = redirects or {}
    pages, anchors = [], []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_", ".")) or rel in GENERATED_PAGES or rel in redirects:
            continue
        ids = page_ids(path)
        if ids.refresh and rel != "index.html":
            continue
        pages.append(rel)
        anchors.extend(f"{rel}#{ident}" for ident in ids.citable)
    return {"pages": pages, "anchors": sorted(set(anchors))}


def load_manifest(path: Path | None = None) -> dict:
    path = path or paths.book_root() / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key in ("pages", "anchors", "redirects"):
        manifest.setdefault(key, [] if key != "redirects" else {})
    return manifest


def write_manifest(site: Path, path: Path | None = None, base_url: str = "") -> dict:
    """Add the built site's pages and anchors to the manifest (never removes an entry)."""
    path = path or paths.book_root() / MANIFEST
    old = load_manifest(path) if path.is_file() else {"pages": [], "anchors": [], "redirects": {}}
    found = collect_urls(site, old["redirects"])
    manifest = {
        "comment": ("Every published URL of the edition, relative to base_url. Entries are never removed: "
                    "a page or anchor that moves gets a redirect (source -> target) instead. "
                    "Checked by tests/test_urls.py; regenerate with `python -m edition.apparatus urls _build/html`."),
        "base_url": base_url or old.get("base_url", ""),
        "pages": sorted(set(old["pages"]) | set(found["pages"])),
        "anchors": sorted(set(old["anchors"]) | set(found["anchors"])),
        "redirects": dict(sorted(old["redirects"].items())),
    }
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def check_urls(site: Path, manifest: dict) -> list[str]:
    """Every manifest URL that does not resolve in the built site, with the reason."""
    redirects: dict[str, str] = manifest.get("redirects", {})
    cache: dict[str, _Ids | None] = {}

    def ids_of(page: str):
        if page not in cache:
            path = site / page
            cache[page] = page_ids(path) if path.is_file() else None
        return cache[page]

    problems = []
    for url in [*manifest.get("pages", []), *manifest.get("anchors", [])]:
        page, _, anchor = url.partition("#")
        target = url
        if url in redirects or (not anchor and page in redirects):
            target = redirects[url] if url in redirects else redirects[page]
            if "#" not in url and (site / page).is_file():
                ids = ids_of(page)
                if not (ids and ids.refresh):
                    problems.append(f"{url}: listed as redirected, but the built page is not a redirect")
                    continue
        elif page in redirects and anchor:
            target = f"{redirects[page]}#{anchor}"
        tpage, _, tanchor = target.partition("#")
        ids = ids_of(tpage)
        if ids is None:
            problems.append(f"{url}: {tpage} does not exist in the built site")
        elif tanchor and tanchor not in ids.ids:
            problems.append(f"{url}: {tpage} has no element with id '{tanchor}'")
    return problems


def redirect_page(source: str, target: str, base_url: str) -> str:
    """A static redirect page from ``source`` to ``target`` (both relative to the site root)."""
    depth = source.count("/")
    relative = "../" * depth + target
    canonical = base_url.rstrip("/") + "/" + target if base_url else relative
    rel, canon = html.escape(relative, quote=True), html.escape(canonical, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved</title>\n<link rel=\"canonical\" href=\"{canon}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={rel}\">\n<meta name=\"robots\" content=\"noindex\">\n"
        f"</head>\n<body>\n<p>This page has moved to <a href=\"{rel}\">{html.escape(target)}</a>.</p>\n"
        "</body>\n</html>\n")


def write_redirects(site: Path, redirects: dict[str, str], base_url: str) -> list[str]:
    """Write a redirect page for every page-level redirect; returns the pages written.

    A source that is still a real page of the build is never overwritten.
    """
    written = []
    for source, target in redirects.items():
        if "#" in source:
            continue
        path = site / source
        if path.is_file() and page_ids(path).refresh is None:
            raise ApparatusError(f"redirect source {source} is a page of the edition; remove the redirect")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(source, target, base_url), encoding="utf-8")
        written.append(source)
    return written


def site_base_url() -> str:
    """``html.baseurl`` of ``_config.yml``: the published address of the book."""
    import yaml

    config = yaml.safe_load((paths.book_root() / "_config.yml").read_text(encoding="utf-8"))
    return (config.get("html") or {}).get("baseurl", "")
