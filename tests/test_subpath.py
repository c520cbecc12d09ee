"""The site works under a sub-path, as on GitHub Pages (https://amnesty1945.github.io/edition/).

The built site is served by a small HTTP server on localhost that maps ``/edition/...`` to
``_build/html`` and answers 404 to everything else. Every page is fetched; every internal
link, stylesheet, script, image and meta refresh on it, and every ``url(...)`` in the
stylesheets, must resolve under the prefix and answer 200. A root-relative URL (``/_static``)
would escape the prefix and fail here.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import _QuietHandler, serve

pytestmark = pytest.mark.build

PREFIX = "/edition/"


class _PrefixHandler(_QuietHandler):
    def translate_path(self, path):
        path = urlparse(path).path
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="module")
def prefixed_site(built_book):
    with serve(built_book, _PrefixHandler) as base:
        yield base + PREFIX


class _Refs(HTMLParser):
    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.content_root = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.content_root = attrs.get("data-content_root")
        name = self.ATTRS.get(tag)
        if name and attrs.get(name):
            if tag == "link" and attrs.get("rel") in ("canonical", "preconnect", "dns-prefetch"):
                return
            self.refs.append(attrs[name])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", attrs.get("content") or "", re.I)
            if match:
                self.refs.append(match.group(1).strip())


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith(("_static/", "_sources/", "_images/")))


def _internal(ref: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", ref, re.I)


def test_the_server_only_serves_under_the_prefix(prefixed_site):
    assert _get(prefixed_site + "intro.html")[0] == 200
    root = prefixed_site[: -len(PREFIX)] + "/intro.html"
    assert _get(root)[0] == 404


def test_every_internal_url_resolves_under_the_prefix(built_book, prefixed_site):
    pages = _pages(built_book)
    assert "intro.html" in pages and len(pages) > 10
    checked: dict[str, int] = {}
    stylesheets: set[str] = set()
    problems = []
    for page in pages:
        url = prefixed_site + page
        status, body = _get(url)
        assert status == 200, page
        parser = _Refs()
        parser.feed(body.decode("utf-8"))
        if parser.content_root is not None and not _internal(parser.content_root):
            problems.append(f"{page}: data-content_root {parser.content_root!r} is not relative")
        for ref in parser.refs:
            if not _internal(ref):
                continue
            if ref.startswith("/"):
                problems.append(f"{page}: root-relative URL {ref} escapes the prefix")
                continue
            target = urldefrag(urljoin(url, ref))[0]
            if not urlparse(target).path.startswith(PREFIX):
                problems.append(f"{page}: {ref} resolves outside {PREFIX}")
                continue
            if target not in checked:
                checked[target] = _get(target)[0]
            if checked[target] != 200:
                problems.append(f"{page}: {ref} -> HTTP {checked[target]}")
            if urlparse(target).path.endswith(".css"):
                stylesheets.add(target)
    for sheet in sorted(stylesheets):
        css = _get(sheet)[1].decode("utf-8", "replace")
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
            if not _internal(ref) or ref.startswith("data:"):
                continue
            if ref.startswith("/"):
                problems.append(f"{sheet}: root-relative url({ref})")
                continue
            target = urldefrag(urljoin(sheet, ref))[0].split("?")[0]
            if target not in checked:
                checked[target] = _get(target)[0]
            if checked[target] != 200:
                problems.append(f"{sheet}: url({ref}) -> HTTP {checked[target]}")
    assert len(checked) > 20
    assert not problems, "\n".join(problems[:40])
