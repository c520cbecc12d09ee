"""Sphinx extension of the edition: metadata for reference managers, crawlers and previews.

Every chapter and appendix page gets, in its ``<head>``:

* **Highwire Press tags** (``citation_title``, ``citation_author``, ...), the tags that
  Zotero's embedded-metadata translator and Google Scholar read;
* **schema.org JSON-LD**: a ``Chapter`` that ``isPartOf`` the ``Book`` and ``isBasedOn`` the
  2004 ``Report``; the data page (``appendices/data``) is a ``Dataset`` with one
  ``distribution`` per CSV of ``data/datapackage.json``; the landing page is the ``Book``.

OpenGraph tags come from ``sphinxext-opengraph`` (configured in ``_config.yml``); this
extension gives it the site's base URL and name, and the page's description.

One source of truth
    ``CITATION.cff`` holds the title, the editors, the version, the release date, the
    licence and the 2004 report; ``_config.yml`` the site's base URL (``html_baseurl``) and
    the language. Nothing is typed twice: the values are read when the book is built, and a
    page is re-read when ``CITATION.cff`` changes (it is a dependency of every page).

How it reaches the page
    The ``html-page-context`` handler puts ``edition_highwire`` (name/content pairs) and
    ``edition_jsonld`` (a JSON string) into the template context; ``_templates/metadata.html``,
    included from the ``extrahead`` block of ``_templates/layout.html``, writes them.
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from urllib.parse import urljoin

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

SCHEMA = "https://schema.org"
DATA_PAGE = "appendices/data"
# The fields the pages need from CITATION.cff; a missing one fails the build with this hint.
REQUIRED = {
    "title": "the edition's title",
    "authors": "the edition's editors",
    "version": "the release's version, e.g. 0.1.0",
    "date-released": "the release's date, e.g. 2026-12-02 (unquoted ISO date)",
    "license": "an SPDX licence id, e.g. CC-BY-4.0",
    "license-url": "the licence's URL",
    "url": "the book's address",
}


def _edition(app):
    root = Path(app.srcdir)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import edition.apparatus as apparatus
    import edition.citations as citations
    import edition.data as data

    return apparatus, citations, data


# ---------------------------------------------------------------------------------------
# Reading CITATION.cff


def citation_metadata(path: Path) -> dict:
    """``CITATION.cff`` with the fields the pages need, or an error that names the field."""
    import yaml

    if not path.is_file():
        raise ExtensionError(f"{path.name}: missing. The pages' citation metadata is read from it; "
                             "restore CITATION.cff at the root of the book.")
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, what in REQUIRED.items():
        if not meta.get(key):
            raise ExtensionError(f"{path.name}: no '{key}' ({what}). Add it at the top level of the file.")
    released = meta["date-released"]
    if not isinstance(released, datetime.date):
        raise ExtensionError(f"{path.name}: date-released '{released}' is not a date. "
                             "Write it as an unquoted ISO date, e.g. date-released: 2026-12-02.")
    return meta


def iso_date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def base_url(app) -> str:
    base = app.config.html_baseurl or ""
    return base if base.endswith("/") else base + "/"


def page_url(app, docname: str) -> str:
    return urljoin(base_url(app), app.builder.get_target_uri(docname))


def page_title(app, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname


# ---------------------------------------------------------------------------------------
# schema.org objects


def agent(person: dict) -> dict:
    """A CFF person (family/given names) as a ``Person``, an entity (``name``) as an ``Organization``."""
    if "family-names" in person:
        out = {"@type": "Person", "name": f"{person.get('given-names', '')} {person['family-names']}".strip(),
               "givenName": person.get("given-names", ""), "familyName": person["family-names"]}
        if person.get("affiliation"):
            out["affiliation"] = {"@type": "Organization", "name": person["affiliation"]}
        return out
    return {"@type": "Organization", "name": person["name"]}


def report(meta: dict, report_ref: dict) -> dict:
    """The 2004 report as a ``Report``, with its publisher (the NCEEER) and date."""
    institution = report_ref.get("institution", {})
    address = {"@type": "PostalAddress", "streetAddress": institution.get("address", ""),
               "addressLocality": institution.get("city", ""), "addressRegion": institution.get("region", ""),
               "postalCode": str(institution.get("post-code", "")), "addressCountry": institution.get("country", "")}
    authors = [agent(a) for a in report_ref.get("authors", [])]
    return {
        "@type": "Report",
        "name": report_ref["title"],
        "author": authors,
        "publisher": {"@type": "Organization", "name": institution.get("name", ""),
                      "address": {k: v for k, v in address.items() if v}},
        "datePublished": iso_date(report_ref.get("date-published") or report_ref.get("year")),
        "isPartOf": {"@type": "CreativeWorkSeries", "name": report_ref.get("collection-title", "")},
        "copyrightHolder": authors,
        "inLanguage": "en",
    }


def book(app, meta: dict, report_ref: dict) -> dict:
    """The whole edition as a ``Book``: editors, version, release date, licence, the report."""
    editors = [agent(a) for a in meta["authors"]]
    return {
        "@type": "Book",
        "@id": base_url(app),
        "name": meta["title"],
        "url": base_url(app),
        "author": editors,
        "publisher": editors,
        "version": str(meta["version"]),
        "bookEdition": f"version {meta['version']}",
        "datePublished": iso_date(meta["date-released"]),
        "license": meta["license-url"],
        "inLanguage": app.config.language or "en",
        "keywords": ", ".join(str(k) for k in meta.get("keywords", [])),
        "isBasedOn": report(meta, report_ref),
    }


def chapter(app, docname: str, meta: dict, report_ref: dict) -> dict:
    """One page as a ``Chapter`` of the ``Book``.

    Its dates are the release's: a published page changes only with a new release (the
    errata policy in CHANGELOG.md), so the release date is when it was last modified.
    """
    whole = book(app, meta, report_ref)
    return {
        "@context": SCHEMA,
        "@type": "Chapter",
        "@id": page_url(app, docname),
        "name": page_title(app, docname),
        "headline": page_title(app, docname),
        "url": page_url(app, docname),
        "author": whole["author"],
        "version": whole["version"],
        "datePublished": whole["datePublished"],
        "dateModified": whole["datePublished"],
        "license": whole["license"],
        "inLanguage": whole["inLanguage"],
        "isPartOf": part_of(whole),
        "isBasedOn": whole["isBasedOn"],
    }


def part_of(whole: dict) -> dict:
    """The book as the page's ``isPartOf``, without the report the page names itself."""
    return {k: v for k, v in whole.items() if k != "isBasedOn"}


def archival_files(app) -> list[dict]:
    """The GARF files the figures come from (every archival entry of ``references.bib``)."""
    apparatus, citations, _ = _edition(app)
    entries = citations.bibliography()
    files = []
    for key, archival in apparatus.archival_files(entries).items():
        holder = citations.clean_field(entries[key].get("archive_name", "")) or archival.archive
        files.append({"@type": "ArchiveComponent", "name": archival.reference, "identifier": key,
                      "description": archival.title,
                      "holdingArchive": {"@type": "ArchiveOrganization", "name": holder}})
    return files


def variables(package: dict) -> list[dict]:
    """Every field of the data package once (the first file that has it describes it)."""
    seen: dict[str, dict] = {}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] in seen:
                continue
            variable = {"@type": "PropertyValue", "name": field["name"],
                        "description": field.get("description") or field.get("title", "")}
            if field.get("unit"):
                variable["unitText"] = field["unit"]
            seen[field["name"]] = variable
    return list(seen.values())


def dataset(app, docname: str, meta: dict, report_ref: dict) -> dict:
    """The data page as a ``Dataset``: one ``DataDownload`` per CSV (published at ``data/``),
    the variables and licence of ``data/datapackage.json``, based on the GARF files."""
    apparatus, _, data = _edition(app)
    package = data.load_package()
    whole = book(app, meta, report_ref)
    licence = (package.get("licenses") or [{}])[0]
    downloads = [{"@type": "DataDownload", "name": res.get("title", res["name"]),
                  "contentUrl": urljoin(base_url(app), f"data/{res['path']}"),
                  "encodingFormat": res.get("mediatype", "text/csv")}
                 for res in package["resources"]]
    downloads.append({"@type": "DataDownload", "name": "The whole data package (ZIP archive)",
                      "contentUrl": urljoin(base_url(app), f"data/{apparatus.ARCHIVE_NAME}"),
                      "encodingFormat": "application/zip"})
    return {
        "@context": SCHEMA,
        "@type": "Dataset",
        "@id": page_url(app, docname),
        "name": package.get("title", page_title(app, docname)),
        "description": package.get("description", ""),
        "url": page_url(app, docname),
        "identifier": package.get("name", ""),
        "creator": whole["author"],
        "version": whole["version"],
        "datePublished": whole["datePublished"],
        "dateModified": whole["datePublished"],
        "license": licence.get("path") or whole["license"],
        "inLanguage": whole["inLanguage"],
        "isAccessibleForFree": True,
        "distribution": downloads,
        "variableMeasured": variables(package),
        "isBasedOn": [*archival_files(app), whole["isBasedOn"]],
        "isPartOf": part_of(whole),
    }


# ---------------------------------------------------------------------------------------
# Highwire Press tags


def highwire(app, docname: str, meta: dict) -> list[tuple[str, str]]:
    """The page's ``citation_*`` tags. Dates are ``YYYY/MM/DD`` (Google Scholar's form); the
    version goes in ``citation_edition`` (Zotero's field for it in a book section), and the book's
    title in both ``citation_inbook_title`` (Google Scholar) and ``citation_book_title``
    (Zotero), which make a reference manager file the page as a chapter of the book."""
    released = meta["date-released"]
    tags = [("citation_title", page_title(app, docname))]
    tags += [("citation_author", agent(a)["name"]) for a in meta["authors"]]
    tags += [
        ("citation_publication_date", f"{released:%Y/%m/%d}"),
        ("citation_inbook_title", meta["title"]),
        ("citation_book_title", meta["title"]),
        ("citation_publisher", "; ".join(agent(a)["name"] for a in meta["authors"])),
        ("citation_public_url", page_url(app, docname)),
        ("citation_language", app.config.language or "en"),
        ("citation_edition", f"version {meta['version']}"),
    ]
    if meta.get("keywords"):
        tags.append(("citation_keywords", "; ".join(str(k) for k in meta["keywords"])))
    return tags


# ---------------------------------------------------------------------------------------
# Sphinx events


def _cff(app) -> Path:
    return Path(app.srcdir) / "CITATION.cff"


def is_publication_page(app, docname: str) -> bool:
    return docname.startswith(("chapters/", "appendices/")) or docname == app.config.root_doc


def note_dependencies(app, doctree) -> None:
    """Re-read a page when the metadata it carries changes (a release edits CITATION.cff)."""
    docname = app.env.docname
    if is_publication_page(app, docname):
        app.env.note_dependency(str(_cff(app)))
    if docname == DATA_PAGE:
        app.env.note_dependency(str(Path(app.srcdir) / "data" / "datapackage.json"))
        app.env.note_dependency(str(Path(app.srcdir) / "references.bib"))


def configure_opengraph(app, config) -> None:
    """OpenGraph's page URLs under the one base URL of the site (``html_baseurl``), and the
    book's title as the site's name (Jupyter Book sets ``html_title``, not ``project``)."""
    if "ogp_site_url" not in config:
        return
    if not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if config.ogp_site_name is None:
        config.ogp_site_name = config.html_title


def share_description(app, pagename, templatename, context, doctree) -> None:
    """The link preview's text is the page's ``<meta name="description">`` (front matter, else
    the first paragraph of prose), not the opening epigraph that sphinxext-opengraph would
    take; it runs before sphinxext-opengraph reads the page's fields."""
    if doctree is None or app.builder.format != "html":
        return
    import edition_theme  # a sibling module: the theme layer owns the description

    fields = context.get("meta") if isinstance(context.get("meta"), dict) else {}
    if "og:description" not in fields:  # a copy: context["meta"] is the environment's own dict
        description = edition_theme.page_description(app, pagename, context, doctree)
        context["meta"] = {**fields, "og:description": description}


def check_metadata(app) -> None:
    """Fail at the start of the build, not on the first page, when CITATION.cff lacks a field."""
    if app.builder.format == "html":
        citation_metadata(_cff(app))


def add_metadata(app, pagename, templatename, context, doctree) -> None:
    context["edition_highwire"] = []
    context["edition_jsonld"] = ""
    if app.builder.format != "html" or doctree is None or not is_publication_page(app, pagename):
        return
    apparatus, _, _ = _edition(app)
    meta = citation_metadata(_cff(app))
    report_ref = apparatus.base_report(meta)
    if pagename == app.config.root_doc:
        graph = {"@context": SCHEMA, **book(app, meta, report_ref)}
    else:
        context["edition_highwire"] = highwire(app, pagename, meta)
        make = dataset if pagename == DATA_PAGE else chapter
        graph = make(app, pagename, meta, report_ref)
    # "</" would end the <script> element early; JSON allows the escaped slash.
    compact = json.dumps(graph, ensure_ascii=False, separators=(",", ":"))
    context["edition_jsonld"] = compact.replace("</", "<\\/")


def setup(app):
    app.connect("config-inited", configure_opengraph)
    app.connect("builder-inited", check_metadata)
    app.connect("doctree-read", note_dependencies)
    app.connect("html-page-context", add_metadata)
    app.connect("html-page-context", share_description, priority=450)  # before sphinxext-opengraph (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
