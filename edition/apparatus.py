"""The scholarly apparatus: sources index, glossary, data page, citing the edition, stable URLs.

Everything here is plain Python, testable without Sphinx. The Sphinx extension
``_ext/edition_apparatus.py`` calls it while the book is built; the data page's code cells
call it to describe the data package live.

Sources index
    :func:`parse_folios` reads a folio locator (``l. 231``, ``ll. 205–206``,
    ``ll. 92, 94, 96, 103``) into folio numbers. **Ranges are expanded**: ``ll. 205–206``
    indexes folio 205 and folio 206, each linking back to the note, so a reader looking for
    folio 206 finds it under 206. The locator as cited is kept beside each link.
    :func:`sources_index` gathers, for every archival file of ``references.bib``, every folio
    that the report cites (``data/report_notes.csv``) or that the edition cites (the
    citations the notes extension collects while building), in numeric order.

Glossary
    :func:`load_glossary` reads ``data/glossary.csv``; :class:`TermMatcher` finds the terms in
    running text (with the forms each row lists), which the extension uses to link the first
    occurrence of each term on a page to its entry.

Data page
    :func:`data_files`, :func:`schema_table`, :func:`build_archive` describe and package the
    data files from ``data/datapackage.json``.

Citing
    :func:`edition_metadata` reads ``CITATION.cff``; :func:`page_citation` and
    :func:`page_bibtex` give the ready citation and BibTeX entry of one page.

Stable URLs
    :func:`collect_urls` lists a built site's pages and citable anchors (to write
    ``urls.json``); :func:`check_urls` lists the manifest's URLs that no longer resolve
    (missing file or anchor) and have no redirect.
"""
from __future__ import annotations

import csv
import html
import json
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from edition import paths

#: the name of the one-file download of the whole data package (built with the book)
ARCHIVE_NAME = "amnesty1945-data.zip"
#: a folio range longer than this is taken for a typo, not expanded
MAX_RANGE = 30
DASHES = "\u2013\u2014\u2012\u2011-"


class ApparatusError(ValueError):
    """A locator, glossary row or manifest entry the apparatus cannot use."""


# ----------------------------------------------------------------------------------------
# Folios and the sources index
# ----------------------------------------------------------------------------------------

_FOLIO_LOCATOR = re.compile(r"^\s*(?P<abbr>ll?)\.\s*(?P<list>.+?)\s*$")
_FOLIO_ITEM = re.compile(rf"^(?P<a>\d+)(?:\s*[{DASHES}]\s*(?P<b>\d+))?$")


def is_folio_locator(locator: str) -> bool:
    return bool(_FOLIO_LOCATOR.match(locator or ""))


def parse_folios(locator: str) -> list[int]:
    """Folio numbers of a locator, ranges expanded, in the order written.

    >>> parse_folios("ll. 6, 10, 109–110")
    [6, 10, 109, 110]

    Raises :class:`ApparatusError` for a locator that is not a folio (``p. 12``), a
    malformed list, or a range that runs backwards or spans more than :data:`MAX_RANGE`
    folios (an evident typo such as ``l. 208-109`` must be corrected in the data first).
    """
    match = _FOLIO_LOCATOR.match(locator or "")
    if not match:
        raise ApparatusError(f"'{locator}' is not a folio locator (write 'l. 231' or 'll. 205–206')")
    folios: list[int] = []
    for item in (part.strip() for part in match["list"].split(",")):
        found = _FOLIO_ITEM.match(item)
        if not found:
            raise ApparatusError(f"cannot read folio '{item}' in '{locator}'")
        start = int(found["a"])
        end = int(found["b"]) if found["b"] else start
        if end < start or end - start >= MAX_RANGE:
            raise ApparatusError(f"folio range '{item}' in '{locator}' runs backwards or is too long: "
                                 "correct the locator (e.g. 'll. 208–209')")
        folios.extend(range(start, end + 1))
    return folios


@dataclass(frozen=True)
class Place:
    """One place in the edition that cites a folio: a page and the note's anchor."""
    docname: str
    anchor: str
    locator: str
    report_notes: tuple[int, ...] = ()


@dataclass
class FolioEntry:
    folio: int
    report_notes: set[int] = field(default_factory=set)
    places: list[Place] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"l-{self.folio}"


@dataclass
class ArchivalFile:
    key: str
    archive: str
    fond: str
    opis: str
    delo: str
    title: str
    folios: dict[int, FolioEntry] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        return f"{self.archive} f. {self.fond}, op. {self.opis}, d. {self.delo}"

    def entry(self, folio: int) -> FolioEntry:
        return self.folios.setdefault(folio, FolioEntry(folio))

    def ordered(self) -> list[FolioEntry]:
        return [self.folios[n] for n in sorted(self.folios)]


def _clean(value: str) -> str:
    return re.sub(r"[{}]", "", value or "").strip()


def archival_files(bib: dict[str, dict] | None = None) -> dict[str, ArchivalFile]:
    """Every archival file of ``references.bib`` (entries with a ``fond``), in key order."""
    if bib is None:
        from edition.citations import bibliography
        bib = bibliography()
    files = {}
    for key in sorted(bib, key=_file_sort_key(bib)):
        entry = bib[key]
        if not entry.get("fond"):
            continue
        files[key] = ArchivalFile(key, _clean(entry.get("archive", "GARF")), _clean(entry["fond"]),
                                  _clean(entry.get("opis", "")), _clean(entry.get("delo", "")),
                                  _clean(entry.get("title", "")))
    return files


def _file_sort_key(bib):
    def key(k):
        e = bib[k]
        parts = [_clean(e.get(f, "")) for f in ("fond", "opis", "delo")]
        return (_clean(e.get("archive", "")), *[(int(p) if p.isdigit() else 0, p) for p in parts], k)
    return key


def report_citations(path: Path | None = None) -> list[dict]:
    """The report's citations from ``data/report_notes.csv`` (empty if the file is absent)."""
    if path is None:  # the book's own file: read and validated through edition.data
        from edition import data
        return [row for row in data.records("report_notes") if row.get("source_key")]
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("source_key")]


def sources_index(citations: Iterable[dict], bib: dict[str, dict] | None = None,
                  report_rows: Iterable[dict] | None = None) -> list[ArchivalFile]:
    """The index of archival sources: files, their folios in numeric order, and who cites them.

    ``citations`` are the edition's citations as the notes extension records them (dicts
    with ``docname``, ``anchor``, ``key``, ``locator``, ``report_notes``); ``report_rows``
    the rows of ``report_notes.csv`` (default: read the file). Citations of published works
    are ignored; a citation of an archival file without a folio locator raises.
    """
    files = archival_files(bib)
    rows = report_citations() if report_rows is None else report_rows
    for row in rows:
        archival = files.get(row["source_key"])
        if archival is None or not row.get("locator"):
            continue
        for folio in parse_folios(row["locator"]):
            archival.entry(folio).report_notes.add(int(row["note"]))
    for cite in citations:
        archival = files.get(cite["key"])
        if archival is None:
            continue
        if not cite.get("locator"):
            raise ApparatusError(f"{cite['docname']}: the citation of {archival.reference} has no folio")
        place = Place(cite["docname"], cite.get("anchor") or "", cite["locator"],
                      tuple(cite.get("report_notes") or ()))
        for folio in parse_folios(cite["locator"]):
            entry = archival.entry(folio)
            if place not in entry.places:
                entry.places.append(place)
    return list(files.values())


def index_counts(files: list[ArchivalFile]) -> dict[str, int]:
    """How big the index is: archival files with folios, folios, and links to the edition."""
    used = [f for f in files if f.folios]
    return {"files": len(used), "folios": sum(len(f.folios) for f in used),
            "links": sum(len(e.places) for f in used for e in f.folios.values())}


# ----------------------------------------------------------------------------------------
# Glossary
# ----------------------------------------------------------------------------------------

GLOSSARY_FIELDS = ("id", "term", "kind", "russian", "english", "gloss", "forms")
KINDS = {
    "institution": "Institution or office",
    "law": "Law and justice",
    "term": "Russian word or phrase",
    "archival": "Archival reference",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
APOSTROPHES = "'\u2019\u02bc\u02b9"


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    kind: str
    russian: str
    english: str
    gloss: str
    forms: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The id of the term's entry on the glossary page."""
        return f"term-{self.id}"

    @property
    def use_anchor(self) -> str:
        """The id given to the term's first linked occurrence on a page."""
        return f"gl-{self.id}"


def glossary_path() -> Path:
    return paths.data_dir() / "glossary.csv"


def load_glossary(path: Path | None = None) -> list[Term]:
    """The glossary's terms, in the file's order, checked (ids, kinds, forms, gloss)."""
    if path is None:  # the book's own file: validated against the data package first
        from edition import data
        data.rows("glossary")
    path = path or glossary_path()
    if not path.is_file():
        raise ApparatusError(f"{path.name}: missing file (the glossary lives in data/glossary.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != GLOSSARY_FIELDS:
            raise ApparatusError(f"{path.name}: the header must be {','.join(GLOSSARY_FIELDS)}")
        terms, seen = [], set()
        for line, row in enumerate(reader, start=2):
            where = f"{path.name}, line {line}"
            if not _ID.match(row["id"] or ""):
                raise ApparatusError(f"{where}: id '{row['id']}' must be lower-case letters, digits and hyphens")
            if row["id"] in seen:
                raise ApparatusError(f"{where}: id '{row['id']}' is used twice")
            seen.add(row["id"])
            if row["kind"] not in KINDS:
                raise ApparatusError(f"{where}: kind '{row['kind']}' is not one of {', '.join(KINDS)}")
            for column in ("term", "gloss", "forms"):
                if not (row[column] or "").strip():
                    raise ApparatusError(f"{where}: column '{column}' is empty")
            forms = tuple(f.strip() for f in row["forms"].split(";") if f.strip())
            for form in forms:
                if form.startswith("re:"):
                    try:
                        re.compile(form[3:])
                    except re.error as exc:
                        raise ApparatusError(f"{where}: bad pattern {form!r} ({exc})") from exc
            terms.append(Term(row["id"], row["term"].strip(), row["kind"], row["russian"].strip(),
                              row["english"].strip(), row["gloss"].strip(), forms))
    return terms


def _form_pattern(form: str) -> str:
    if form.startswith("re:"):
        return form[3:]
    out = []
    for i, char in enumerate(form):
        if char in APOSTROPHES:
            out.append(f"[{APOSTROPHES}]")
        elif char == " ":
            out.append(r"\s+")
        elif char in "-\u2011":
            out.append("[-\u2011]")
        elif i == 0 and char.islower():
            out.append(f"[{char}{char.upper()}]")  # a term may open a sentence
        else:
            out.append(re.escape(char))
    return "".join(out)


class TermMatcher:
    """Finds glossary terms in running text, longest form first, whole words only."""

    def __init__(self, terms: Iterable[Term]):
        self.terms = {t.id: t for t in terms}
        forms = [(form, t.id) for t in self.terms.values() for form in t.forms]
        forms.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self._groups: dict[str, str] = {}
        parts = []
        for n, (form, term_id) in enumerate(forms):
            group = f"t{n}"
            self._groups[group] = term_id
            parts.append(f"(?P<{group}>{_form_pattern(form)})")
        body = "|".join(parts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w{APOSTROPHES}])(?:{body})(?!\w)")

    def finditer(self, text: str):
        """``(term_id, start, end)`` of every match, left to right."""
        for match in self.pattern.finditer(text):
            yield self._groups[match.lastgroup], match.start(), match.end()

    def first_terms(self, texts: Iterable[str]) -> list[str]:
        """Term ids in order of first appearance across ``texts``."""
        seen: dict[str, None] = {}
        for text in texts:
            for term_id, _, _ in self.finditer(text):
                seen.setdefault(term_id, None)
        return list(seen)


# ----------------------------------------------------------------------------------------
# The data page
# ----------------------------------------------------------------------------------------

def _package() -> dict:
    from edition.data import load_package
    return load_package()


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _constraints(spec: dict) -> str:
    parts = []
    for name, value in (spec.get("constraints") or {}).items():
        if name == "required" and value:
            parts.append("required")
        elif name == "unique" and value:
            parts.append("unique")
        elif name == "enum":
            parts.append("one of: " + ", ".join(str(v) for v in value))
        elif name == "pattern":
            parts.append(f"pattern {value}")
        elif name in ("minimum", "maximum", "minLength", "maxLength"):
            parts.append(f"{name} {value}")
        elif value not in (False, None):
            parts.append(f"{name} {value}")
    return "; ".join(parts)


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


class HTMLBlock:
    """A piece of HTML for a notebook cell (rendered as is by myst-nb), with a text fallback."""

    def __init__(self, markup: str, text: str = ""):
        self.markup = markup
        self.text = text or re.sub(r"<[^>]+>", "", markup)

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


def data_files(base: str = "../data/") -> list[dict]:
    """One dict per resource of the data package: name, file, title, rows, fields, link."""
    package = _package()
    out = []
    for res in package["resources"]:
        path = paths.data_dir() / res["path"]
        out.append({
            "name": res["name"], "path": res["path"], "title": res.get("title", res["name"]),
            "description": res.get("description", ""), "rows": _rows(path) if path.is_file() else 0,
            "fields": len(res.get("schema", {}).get("fields", [])), "href": base + res["path"],
            "sources": [s.get("title", "") for s in res.get("sources", [])],
            "primary_key": res.get("schema", {}).get("primaryKey"),
        })
    return out


def package_overview(base: str = "../data/") -> HTMLBlock:
    """A table of every data file (title, rows, fields, download link) and the archive link."""
    package = _package()
    files = data_files(base)
    rows = "\n".join(
        f"<tr><th scope=\"row\">{_link('#' + f['name'], f['title'])}</th>"
        f"<td class=\"num\">{f['rows']:,}</td><td class=\"num\">{f['fields']}</td>"
        f"<td>{_link(f['href'], f['path'])}</td></tr>" for f in files)
    total = sum(f["rows"] for f in files)
    licences = ", ".join(_link(l.get("path", ""), l.get("title") or l.get("name", "")) for l in package.get("licenses", []))
    markup = (
        f'<p class="edition-download">{_link(base + ARCHIVE_NAME, "Download the whole data package")} '
        f"(one ZIP archive: {len(files)} data files, <code>datapackage.json</code> and the "
        f"transcription rules). Licence of the transcription: {licences or 'see datapackage.json'}.</p>\n"
        '<div class="table-scroll"><table class="edition-data">\n'
        '<thead><tr><th scope="col">Data file</th><th scope="col" class="num">Rows</th>'
        '<th scope="col" class="num">Fields</th><th scope="col">Download</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody><tfoot><tr><th scope=\"row\">All files</th>"
        f'<td class="num">{total:,}</td><td></td><td>{_link(base + ARCHIVE_NAME, ARCHIVE_NAME)}</td></tr></tfoot>'
        "</table></div>")
    text = "\n".join(f"{f['path']}: {f['rows']} rows" for f in files)
    return HTMLBlock(markup, text)


def schema_table(name: str) -> list[dict]:
    """The fields of one resource: name, type, unit, constraints, description."""
    for res in _package()["resources"]:
        if res["name"] == name:
            return [{"field": f["name"], "type": f.get("type", "string"), "unit": f.get("unit", ""),
                     "constraints": _constraints(f), "description": f.get("description", f.get("title", ""))}
                    for f in res.get("schema", {}).get("fields", [])]
    raise ApparatusError(f"datapackage.json has no resource '{name}'")


def resource_sections(base: str = "../data/") -> HTMLBlock:
    """One section per data file: description, sources, row count, download, schema table."""
    blocks = []
    for f in data_files(base):
        fields = schema_table(f["name"])
        body = "\n".join(
            f"<tr><th scope=\"row\"><code>{html.escape(r['field'])}</code></th><td>{html.escape(r['type'])}</td>"
            f"<td>{html.escape(r['unit'])}</td><td>{html.escape(r['constraints'])}</td>"
            f"<td>{html.escape(r['description'])}</td></tr>" for r in fields)
        sources = "".join(f"<li>{html.escape(s)}</li>" for s in f["sources"] if s)
        key = f["primary_key"]
        key_text = (f" Primary key: <code>{html.escape(', '.join(key) if isinstance(key, list) else str(key))}</code>."
                    if key else "")
        blocks.append(
            f"<section class=\"edition-resource\" id=\"{html.escape(f['name'])}\">"
            f"<h3>{html.escape(f['title'])}</h3>"
            f"<p>{_link(f['href'], f['path'])} · {f['rows']:,} rows · {f['fields']} fields.{key_text}</p>"
            f"<p>{html.escape(f['description'])}</p>"
            + (f"<p>Sources:</p><ul>{sources}</ul>" if sources else "")
            + '<div class="table-scroll"><table class="edition-data edition-schema">'
              '<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Unit</th>'
              '<th scope="col">Constraints</th><th scope="col">Description</th></tr></thead>'
              f"<tbody>{body}</tbody></table></div></section>")
    return HTMLBlock("\n".join(blocks), "\n".join(f["path"] for f in data_files(base)))


def archive_members(data_dir: Path | None = None) -> list[Path]:
    """The files that go into the data archive: the package's CSVs, its descriptor, README."""
    data_dir = data_dir or paths.data_dir()
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    members = [data_dir / "datapackage.json"]
    members += [data_dir / r["path"] for r in descriptor["resources"]]
    extra = [data_dir / "README.md", data_dir / "report_notes.csv"]
    members += [p for p in extra if p.is_file() and p not in members]
    missing = [p.name for p in members if not p.is_file()]
    if missing:
        raise ApparatusError(f"data archive: missing {', '.join(missing)}")
    return members


def build_archive(target: Path, data_dir: Path | None = None) -> Path:
    """Write the whole data package as one ZIP, byte-for-byte reproducible (fixed dates)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in archive_members(data_dir):
            info = zipfile.ZipInfo(f"amnesty1945-data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target


# ----------------------------------------------------------------------------------------
# Citing the edition
# ----------------------------------------------------------------------------------------

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


def base_report(meta: dict) -> dict:
    """The 2004 report among the references of ``CITATION.cff``."""
    for ref in meta.get("references", []):
        if ref.get("type") == "report":
            return ref
    raise ApparatusError("CITATION.cff: no reference of type 'report' (the 2004 report)")


def page_citation(page_title: str, url: str, meta: dict) -> str:
    """A ready citation of one page (Chicago-like), as plain text."""
    report = base_report(meta)
    author = editors(meta)
    return (f"{author}, \u201c{page_title},\u201d in {meta['title']}, version {meta.get('version', '')} "
            f"({edition_year(meta)}), based on {_person(report['authors'][0])}, "
            f"{report['title']} (NCEEER, {report.get('year', '')}). {url}")


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


# ----------------------------------------------------------------------------------------
# Stable URLs, redirects and the sitemap
# ----------------------------------------------------------------------------------------

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


def sitemap(urls: Iterable[str]) -> str:
    """A sitemap.xml of absolute URLs."""
    body = "\n".join(f"  <url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}\n</urlset>\n")


def site_base_url() -> str:
    """``html.baseurl`` of ``_config.yml``: the published address of the book."""
    import yaml

    config = yaml.safe_load((paths.book_root() / "_config.yml").read_text(encoding="utf-8"))
    return (config.get("html") or {}).get("baseurl", "")


def main(argv: list[str] | None = None) -> int:
    """``python -m edition.apparatus urls [--fresh] _build/html``: add the built URLs to
    urls.json (``--fresh`` starts the lists anew, keeping the redirects: only before the
    edition is first published). ``check _build/html`` lists the URLs that do not resolve."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    fresh = "--fresh" in args
    args = [a for a in args if a != "--fresh"]
    if len(args) == 2 and args[0] == "urls":
        site = Path(args[1])
        path = paths.book_root() / MANIFEST
        if fresh and path.is_file():  # only before the first publication: URLs are forever after
            redirects = load_manifest(path)["redirects"]
            path.write_text(json.dumps({"pages": [], "anchors": [], "redirects": redirects}), encoding="utf-8")
        manifest = write_manifest(site, path, base_url=site_base_url())
        print(f"{MANIFEST}: {len(manifest['pages'])} pages, {len(manifest['anchors'])} anchors, "
              f"{len(manifest['redirects'])} redirects")
        return 0
    if len(args) == 2 and args[0] == "check":
        problems = check_urls(Path(args[1]), load_manifest())
        print("\n".join(problems) or "every URL of the manifest resolves")
        return 1 if problems else 0
    print("usage: python -m edition.apparatus urls [--fresh] <built site> | check <built site>")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())


# ----------------------------------------------------------------------------------------
# The bibliography of published works (pybtex)
# ----------------------------------------------------------------------------------------

def bibliography_style():
    """pybtex's ``plain`` style, adapted: titles keep their case and stand in quotes, and a
    journal article shows its volume and issue although the entry has no page range (the
    pages the report cites are locators of each note, not part of the entry)."""
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.template import field, join, optional, optional_field, sentence, tag, words

    class EditionStyle(Plain):
        default_sorting_style = "author_year_title"

        def format_title(self, e, which_field, as_sentence=True):
            # "Title." in double quotes, a quotation inside it in single quotes
            return join["\u201c", field(which_field, apply_func=_quoted_title), "\u201d"]

        def get_article_template(self, e):
            from pybtex.style.formatting import toplevel

            date = words[optional_field("issue"), optional_field("month"), field("year")]
            return toplevel[
                self.format_names("author"),
                self.format_title(e, "title"),
                sentence[tag("em")[field("journal")],
                         optional[words["vol.", field("volume")]],
                         optional[words["no.", field("number")]],
                         date],
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]

    return EditionStyle()


def _quoted_title(text):
    from pybtex.richtext import Text

    plain = text.render_as("text").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    return Text(plain).add_period()


def published_works(path: Path | None = None):
    """The published works of ``references.bib`` (archival files left out), formatted and
    sorted by pybtex: a list of pybtex ``FormattedEntry`` (``.key``, ``.text``)."""
    from pybtex.database import parse_file

    path = path or paths.bibliography_path()
    bib = parse_file(str(path), bib_format="bibtex")
    entries = [e for e in bib.entries.values() if "fond" not in e.fields]
    return list(bibliography_style().format_entries(entries))


def edition_citation_block(meta: dict | None = None, base_url: str = "https://amnesty1945.github.io/edition/") -> HTMLBlock:
    """The citation of the whole edition and of the report, from ``CITATION.cff``."""
    meta = meta or edition_metadata()
    report = base_report(meta)
    url = meta.get("url", base_url)
    edition = (f"{editors(meta)}. {meta['title']}. Version {meta.get('version', '')}"
               f"{', ' + edition_year(meta) if meta.get('date-released') else ''}. {url}")
    who = report["authors"][0]
    institution = report.get("institution", {}).get("name", "")
    original = (f"{who.get('family-names', '')}, {who.get('given-names', '')}. {report['title']}. "
                f"Washington, DC: {institution}, {report.get('year', '')}.")
    bibtex = ("@misc{amnesty1945edition,\n"
              f"  author = {{{{{editors(meta)}}}}},\n  title = {{{{{meta['title']}}}}},\n"
              f"  version = {{{meta.get('version', '')}}},\n  url = {{{url}}}\n}}\n"
              "@techreport{alexopoulos2004amnesty,\n"
              f"  author = {{{who.get('family-names', '')}, {who.get('given-names', '')}}},\n"
              f"  title = {{{report['title']}}},\n  institution = {{{institution}}},\n"
              f"  address = {{Washington, DC}},\n  year = {{{report.get('year', '')}}},\n"
              "  month = jul,\n  note = {NCEEER contract 818-02g}\n}")
    markup = (f'<p class="edition-cite-text"><strong>The edition:</strong> {html.escape(edition)}</p>\n'
              f'<p class="edition-cite-text"><strong>The report:</strong> {html.escape(original)}</p>\n'
              f'<pre class="edition-cite-bibtex"><code>{html.escape(bibtex)}</code></pre>')
    return HTMLBlock(markup, f"{edition}\n{original}")
