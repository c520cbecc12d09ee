"""Stable URLs: every URL in the committed manifest ``urls.json`` still resolves in the built
site (the file exists and, for an anchor, an element has that id), unless a redirect for it
is recorded; redirect pages are generated; every published page is in the manifest.

When a page or heading must move: add ``"old": "new"`` to ``redirects`` in ``urls.json``
(a page redirect gets a generated page with a meta refresh; an anchor moved within its page
gets the old id added to the new element). Never delete a manifest entry. After adding
pages or citable anchors, record them: ``python -m edition.apparatus urls _build/html``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition import apparatus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def manifest() -> dict:
    return apparatus.load_manifest(ROOT / "urls.json")


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    return [f"{p}.html" for p in pages]


def test_the_manifest_lists_every_page_of_the_table_of_contents(manifest):
    assert manifest["base_url"] == apparatus.site_base_url()
    missing = [p for p in _toc_pages() if p not in manifest["pages"] and p not in manifest["redirects"]]
    assert not missing, f"pages of _toc.yml missing from urls.json: {missing}"
    assert any(a.endswith("#notes") for a in manifest["anchors"])


def test_manifest_entries_are_relative_and_unique(manifest):
    urls = manifest["pages"] + manifest["anchors"]
    assert len(urls) == len(set(urls))
    for url in urls + list(manifest["redirects"]) + list(manifest["redirects"].values()):
        assert not url.startswith(("/", "http:", "https:")) and ".html" in url, url
    for anchor in manifest["anchors"]:
        assert anchor.split("#")[0] in manifest["pages"] or anchor.split("#")[0] in manifest["redirects"], anchor


# ---- the checker itself, on a small site made here ----------------------------------------

def _site(tmp_path) -> Path:
    site = tmp_path / "html"
    (site / "chapters").mkdir(parents=True)
    (site / "chapters" / "a.html").write_text('<html><body><section id="top"><h2>x</h2>'
                                              '<section id="notes"></section></section></body></html>')
    return site


def test_the_checker_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    site = _site(tmp_path)
    manifest = {"pages": ["chapters/a.html", "chapters/gone.html"],
                "anchors": ["chapters/a.html#notes", "chapters/a.html#renamed"], "redirects": {}}
    problems = apparatus.check_urls(site, manifest)
    assert len(problems) == 2
    assert "chapters/gone.html" in problems[0] and "renamed" in problems[1]


def test_a_redirect_makes_a_moved_page_resolve(tmp_path):
    site = _site(tmp_path)
    redirects = {"chapters/old.html": "chapters/a.html"}
    written = apparatus.write_redirects(site, redirects, "https://example.test/book/")
    assert written == ["chapters/old.html"]
    stub = (site / "chapters" / "old.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../chapters/a.html">' in stub
    assert '<link rel="canonical" href="https://example.test/book/chapters/a.html">' in stub
    assert '<a href="../chapters/a.html">' in stub
    manifest = {"pages": ["chapters/old.html"], "anchors": ["chapters/old.html#notes"], "redirects": redirects}
    assert apparatus.check_urls(site, manifest) == []
    manifest["anchors"].append("chapters/old.html#nowhere")
    assert len(apparatus.check_urls(site, manifest)) == 1


def test_a_redirect_never_overwrites_a_real_page(tmp_path):
    site = _site(tmp_path)
    with pytest.raises(apparatus.ApparatusError):
        apparatus.write_redirects(site, {"chapters/a.html": "chapters/b.html"}, "")


def test_an_anchor_redirect_needs_the_new_id(tmp_path):
    site = _site(tmp_path)
    manifest = {"pages": [], "anchors": ["chapters/a.html#old"], "redirects": {"chapters/a.html#old": "chapters/a.html#top"}}
    assert apparatus.check_urls(site, manifest) == []
    manifest["redirects"]["chapters/a.html#old"] = "chapters/a.html#absent"
    assert len(apparatus.check_urls(site, manifest)) == 1


# ---- the built site ------------------------------------------------------------------------

@pytest.mark.build
def test_every_url_of_the_manifest_resolves_in_the_built_site(built_book, manifest):
    problems = apparatus.check_urls(built_book, manifest)
    assert not problems, ("URLs of urls.json that no longer resolve (add a redirect in urls.json):\n"
                          + "\n".join(problems))


@pytest.mark.build
def test_every_published_page_is_in_the_manifest(built_book, manifest):
    found = apparatus.collect_urls(built_book, manifest["redirects"])
    new = [p for p in found["pages"] if p not in manifest["pages"]]
    assert not new, f"pages not yet in urls.json (run python -m edition.apparatus urls _build/html): {new}"


@pytest.mark.build
def test_redirect_pages_are_generated(built_book, manifest):
    for source, target in manifest["redirects"].items():
        if "#" in source:
            continue
        ids = apparatus.page_ids(built_book / source)
        assert ids.refresh and ids.refresh.endswith(target.split("#")[0]), source
        assert ids.canonical == manifest["base_url"] + target


@pytest.mark.build
def test_every_page_names_its_permanent_url_as_canonical(built_book, manifest):
    for page in manifest["pages"]:
        if page == "index.html" or page in manifest["redirects"]:
            continue
        ids = apparatus.page_ids(built_book / page)
        assert ids.canonical == manifest["base_url"] + page, page
