"""What reference managers, crawlers and link previews read from the built pages.

* Highwire Press ``citation_*`` tags on every chapter and appendix, read the way Zotero's
  embedded-metadata translator reads them (``<meta name>`` in the head; extruct has no
  syntax for these, so BeautifulSoup reads them);
* schema.org JSON-LD and OpenGraph, read with ``extruct``, the library crawlers use: a
  ``Chapter`` that is part of the ``Book`` and based on the 2004 ``Report``; on the data page
  a ``Dataset`` with one download per CSV of the data package.

Expected values come from the sources of truth (``CITATION.cff``, ``_toc.yml``,
``data/datapackage.json``, ``references.bib``), never from the extension under test.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
BASE = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
DATA_PAGE = "appendices/data"


def _toc_pages() -> list[str]:
    """Every chapter and appendix in the table of contents."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("file", "")).startswith(("chapters/", "appendices/")):
                found.append(str(node["file"]).removesuffix(".md"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    return found


PAGES = _toc_pages()
CHAPTERS = [p for p in PAGES if p != DATA_PAGE]

# Zotero's embedded-metadata translator: Highwire tag -> Zotero field; a book title makes the
# item a book section.
ZOTERO_FIELDS = {
    "citation_title": "title", "citation_publication_date": "date", "citation_inbook_title": "bookTitle",
    "citation_book_title": "bookTitle", "citation_publisher": "publisher", "citation_public_url": "url",
    "citation_language": "language",
}
REQUIRED_HIGHWIRE = ["citation_title", "citation_author", "citation_publication_date", "citation_inbook_title",
                     "citation_public_url", "citation_publisher", "citation_language", "citation_edition"]


def _html(built_book: Path, page: str) -> str:
    return (built_book / f"{page}.html").read_text(encoding="utf-8")


def _highwire(html: str) -> dict[str, list[str]]:
    head = BeautifulSoup(html, "html.parser").head
    tags: dict[str, list[str]] = {}
    for meta in head.find_all("meta", attrs={"name": re.compile(r"^citation_")}):
        tags.setdefault(meta["name"], []).append(meta.get("content", ""))
    return tags


def zotero_item(html: str) -> dict:
    """The item Zotero's embedded-metadata translator would save from these tags."""
    tags = _highwire(html)
    item = {"itemType": "bookSection" if {"citation_inbook_title", "citation_book_title"} & set(tags)
            else "journalArticle"}
    for tag, field in ZOTERO_FIELDS.items():
        if tags.get(tag):
            item[field] = tags[tag][0]
    item["creators"] = tags.get("citation_author", [])
    return item


def _canonical(html: str) -> str:
    link = BeautifulSoup(html, "html.parser").head.find("link", rel="canonical")
    return link["href"] if link else ""


def _extract(html: str, url: str) -> dict:
    import extruct

    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)


def _of_type(data: dict, kind: str) -> list[dict]:
    return [item for item in data["json-ld"] if item.get("@type") == kind]


def _release_date() -> str:
    released = CFF["date-released"]
    return released.isoformat() if isinstance(released, datetime.date) else str(released)


# ---------------------------------------------------------------------------------------
# Highwire Press tags


def test_the_table_of_contents_has_chapters_and_the_data_page():
    assert len(CHAPTERS) >= 10 and DATA_PAGE in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_highwire_tags_are_complete_and_come_from_citation_cff(built_book, page):
    html = _html(built_book, page)
    tags = _highwire(html)
    missing = [name for name in REQUIRED_HIGHWIRE if not any(v.strip() for v in tags.get(name, []))]
    assert not missing, f"{page}: no {', '.join(missing)}"
    assert tags["citation_author"] == [a["name"] for a in CFF["authors"]]
    assert tags["citation_inbook_title"] == [CFF["title"]]
    assert tags["citation_publication_date"] == [_release_date().replace("-", "/")]
    assert tags["citation_edition"] == [f"version {CFF['version']}"]
    assert tags["citation_public_url"] == [_canonical(html)] and tags["citation_public_url"][0] == f"{BASE}{page}.html"
    heading = BeautifulSoup(html, "html.parser").find("h1").get_text(" ", strip=True).rstrip("#").strip()
    assert tags["citation_title"][0] in heading, f"{page}: citation_title is not the page's heading"


def test_a_reference_manager_files_a_chapter_as_a_section_of_the_book(built_book):
    item = zotero_item(_html(built_book, CHAPTERS[0]))
    assert item["itemType"] == "bookSection"
    assert set(item) >= {"title", "creators", "date", "bookTitle", "publisher", "url", "language"}
    assert item["bookTitle"] == CFF["title"] and item["creators"]


def test_pages_outside_the_book_carry_no_chapter_metadata(built_book):
    html = (built_book / "search.html").read_text(encoding="utf-8")
    assert not _highwire(html)
    assert not _extract(html, BASE + "search.html")["json-ld"]


# ---------------------------------------------------------------------------------------
# schema.org JSON-LD


def _report_is_the_2004_report(report: dict) -> None:
    reference = next(r for r in CFF["references"] if r["type"] == "report")
    assert report["@type"] == "Report"
    assert report["name"] == reference["title"]
    assert report["publisher"]["name"] == reference["institution"]["name"]
    assert report["datePublished"] == str(reference["date-published"])
    assert [a["familyName"] for a in report["author"]] == [a["family-names"] for a in reference["authors"]]


@pytest.mark.parametrize("page", CHAPTERS)
def test_each_page_is_a_chapter_of_the_book_based_on_the_report(built_book, page):
    url = f"{BASE}{page}.html"
    chapters = _of_type(_extract(_html(built_book, page), url), "Chapter")
    assert len(chapters) == 1, f"{page}: {len(chapters)} Chapter objects in its JSON-LD"
    chapter = chapters[0]
    assert chapter["url"] == url
    assert chapter["isPartOf"]["@type"] == "Book" and chapter["isPartOf"]["name"] == CFF["title"]
    assert chapter["isPartOf"]["url"] == BASE
    _report_is_the_2004_report(chapter["isBasedOn"])
    assert chapter["license"] == CFF["license-url"]
    assert chapter["version"] == str(CFF["version"])
    assert chapter["dateModified"] == _release_date()


def test_the_landing_page_is_the_book(built_book):
    books = _of_type(_extract((built_book / "intro.html").read_text(encoding="utf-8"), BASE), "Book")
    assert len(books) == 1
    assert books[0]["version"] == str(CFF["version"]) and books[0]["license"] == CFF["license-url"]
    _report_is_the_2004_report(books[0]["isBasedOn"])


@pytest.fixture(scope="module")
def dataset(built_book) -> dict:
    found = _of_type(_extract(_html(built_book, DATA_PAGE), f"{BASE}{DATA_PAGE}.html"), "Dataset")
    assert len(found) == 1, f"{DATA_PAGE}: {len(found)} Dataset objects in its JSON-LD"
    return found[0]


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_page_offers_each_csv_once(built_book, dataset, package):
    csvs = [d for d in dataset["distribution"] if d["encodingFormat"] == "text/csv"]
    urls = [d["contentUrl"] for d in csvs]
    expected = [f"{BASE}data/{res['path']}" for res in package["resources"]]
    assert sorted(urls) == sorted(expected) and len(set(urls)) == len(urls)
    for url in urls:  # each address is a published file
        assert (built_book / url.removeprefix(BASE)).is_file(), f"{url} is not in the built book"
    others = [d for d in dataset["distribution"] if d not in csvs]
    assert all((built_book / d["contentUrl"].removeprefix(BASE)).is_file() for d in others)


def test_the_data_page_names_the_variables_licence_and_archival_files(dataset, package):
    fields = {f["name"] for res in package["resources"] for f in res["schema"]["fields"]}
    assert {v["name"] for v in dataset["variableMeasured"]} == fields
    assert all(v.get("description") for v in dataset["variableMeasured"])
    assert dataset["license"] == package["licenses"][0]["path"]
    assert dataset["version"] == str(CFF["version"]) and dataset["dateModified"] == _release_date()
    import bibtexparser

    bib = bibtexparser.loads((ROOT / "references.bib").read_text(encoding="utf-8")).entries
    garf = {e["ID"] for e in bib if e.get("fond")}
    based_on = dataset["isBasedOn"]
    assert {b.get("identifier") for b in based_on if b["@type"] == "ArchiveComponent"} == garf
    assert all("GARF" in b["name"] for b in based_on if b["@type"] == "ArchiveComponent")
    _report_is_the_2004_report(next(b for b in based_on if b["@type"] == "Report"))


# ---------------------------------------------------------------------------------------
# OpenGraph (link previews)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_link_preview(built_book, page):
    html = _html(built_book, page)
    graph = _extract(html, f"{BASE}{page}.html")["opengraph"]
    assert len(graph) == 1, f"{page}: no OpenGraph tags"
    tags = graph[0]
    assert tags["og:url"] == _canonical(html)
    assert tags["og:site_name"] == yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    description = BeautifulSoup(html, "html.parser").head.find("meta", attrs={"name": "description"})["content"]
    assert tags["og:title"] and tags["og:description"] == description
    # A preview image would be a request to another host (or a drawn card): there is none.
    assert not [k for k in tags if k.startswith("og:image")]


# ---------------------------------------------------------------------------------------
# The extension's own errors (no build)


def _extension():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import edition_metadata
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    return edition_metadata


@pytest.mark.parametrize("field", ["version", "date-released", "license-url"])
def test_a_citation_cff_without_a_release_field_fails_with_the_field_named(tmp_path, field):
    from sphinx.errors import ExtensionError

    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    path = tmp_path / "CITATION.cff"
    path.write_text(re.sub(rf"^{field}: .*\n", "", text, flags=re.M), encoding="utf-8")
    with pytest.raises(ExtensionError, match=f"no '{field}'.*Add it"):
        _extension().citation_metadata(path)


def test_a_quoted_release_date_is_refused(tmp_path):
    from sphinx.errors import ExtensionError

    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    path = tmp_path / "CITATION.cff"
    path.write_text(re.sub(r"^date-released: (.*)$", r'date-released: "\1"', text, flags=re.M), encoding="utf-8")
    with pytest.raises(ExtensionError, match="not a date"):
        _extension().citation_metadata(path)
