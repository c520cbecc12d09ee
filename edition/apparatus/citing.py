"""Citing the edition: :func:`edition_metadata` reads ``CITATION.cff``; :func:`page_citation`
and :func:`page_bibtex` give the ready citation and BibTeX entry of one page;
:func:`edition_citation_block` the citation of the whole edition and of the report.
"""
from __future__ import annotations

import html
from pathlib import Path

from edition import paths
from edition.apparatus.base import ApparatusError, HTMLBlock


def citation_cff_path() -> Path:
    return paths.book_root() / "CITATION.cff"


def edition_metadata(path: Path | None = None) -> dict:
    """``CITATION.cff`` as a dict (title, authors, version, url, references...)."""
    import yaml

    path = path or citation_cff_path()
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _person(author: dict) -> str:
    if "name" in author:
        return author["name"]
    given, family = author.get("given-names", ""), author.get("family-names", "")
    return f"{given} {family}".strip()


def _bib_person(author: dict) -> str:
    if "name" in author:
        return "{" + author["name"] + "}"
    return f"{author.get('family-names', '')}, {author.get('given-names', '')}".strip(", ")


def editors(meta: dict) -> str:
    names = [_person(a) for a in meta.get("authors", [])]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def edition_year(meta: dict) -> str:
    """The year of the edition: of ``date-released``, else ``year`` (set by the extension from
    the book's copyright line while no release is dated), else "n.d."."""
    date = str(meta.get("date-released") or "")
    return date[:4] if date else str(meta.get("year") or "n.d.")


def release_date(meta: dict) -> str:
    """The release's date in the book's prose style (``December 2, 2026``), else its year."""
    import datetime

    from edition.show import long_date

    released = meta.get("date-released")
    return long_date(released) if isinstance(released, datetime.date) else edition_year(meta)


def base_report(meta: dict) -> dict:
    """The 2004 report among the references of ``CITATION.cff``."""
    for ref in meta.get("references", []):
        if ref.get("type") == "report":
            return ref
    raise ApparatusError("CITATION.cff: no reference of type 'report' (the 2004 report)")


def page_citation(page_title: str, url: str, meta: dict) -> str:
    """A ready citation of one page (Chicago-like note), as plain text: the version and its
    release date, and a place for the reader's date of access before the URL."""
    report = base_report(meta)
    author = editors(meta)
    return (f"{author}, \u201c{page_title},\u201d in {meta['title']}, version {meta.get('version', '')} "
            f"({release_date(meta)}), based on {_person(report['authors'][0])}, "
            f"{report['title']} (NCEEER, {report.get('year', '')}), accessed [date of access], {url}")


def _bibtex_escape(text: str) -> str:
    return text.replace("&", r"\&").replace("%", r"\%").replace("_", r"\_").replace("#", r"\#")


def page_bibtex(page_title: str, url: str, docname: str, meta: dict) -> str:
    """A BibTeX entry for one page (``@incollection``), keyed ``amnesty1945-<slug>``."""
    report = base_report(meta)
    slug = docname.rsplit("/", 1)[-1]
    authors = " and ".join(_bib_person(a) for a in meta.get("authors", []))
    fields = [
        ("author", authors),
        ("title", "{" + _bibtex_escape(page_title) + "}"),
        ("booktitle", "{" + _bibtex_escape(meta["title"]) + "}"),
        ("year", edition_year(meta)),
        ("edition", f"version {meta.get('version', '')}"),
        ("url", url),
        ("note", _bibtex_escape(f"Based on {_person(report['authors'][0])}, {report['title']}, "
                                f"NCEEER, {report.get('year', '')}")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@incollection{{amnesty1945-{slug},\n{body}\n}}"


def edition_citation_block(meta: dict | None = None, base_url: str = "https://amnesty1945.github.io/edition/") -> HTMLBlock:
    """The citation of the whole edition and of the report, from ``CITATION.cff``."""
    meta = meta or edition_metadata()
    report = base_report(meta)
    url = meta.get("url", base_url)
    edition = (f"{editors(meta)}. {meta['title']}. Version {meta.get('version', '')}"
               f"{', ' + release_date(meta) if meta.get('date-released') else ''}. {url}")
    who = report["authors"][0]
    institution = report.get("institution", {}).get("name", "")
    original = (f"{who.get('family-names', '')}, {who.get('given-names', '')}. {report['title']}. "
                f"Washington, DC: {institution}, {report.get('year', '')}.")
    bibtex = ("@misc{amnesty1945edition,\n"
              f"  author = {{{{{editors(meta)}}}}},\n  title = {{{{{meta['title']}}}}},\n"
              f"  version = {{{meta.get('version', '')}}},\n  year = {{{edition_year(meta)}}},\n"
              f"  url = {{{url}}}\n}}\n"
              "@techreport{alexopoulos2004amnesty,\n"
              f"  author = {{{who.get('family-names', '')}, {who.get('given-names', '')}}},\n"
              f"  title = {{{report['title']}}},\n  institution = {{{institution}}},\n"
              f"  address = {{Washington, DC}},\n  year = {{{report.get('year', '')}}},\n"
              "  month = jul,\n  note = {NCEEER contract 818-02g}\n}")
    markup = (f'<p class="edition-cite-text"><strong>The edition:</strong> {html.escape(edition)}</p>\n'
              f'<p class="edition-cite-text"><strong>The report:</strong> {html.escape(original)}</p>\n'
              f'<pre class="edition-cite-bibtex"><code>{html.escape(bibtex)}</code></pre>')
    return HTMLBlock(markup, f"{edition}\n{original}")
