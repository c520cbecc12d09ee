"""The index of archival sources and the bibliography of published works.

:func:`parse_folios` reads a folio locator (``l. 231``, ``ll. 205–206``, ``ll. 92, 94, 96,
103``) into folio numbers. **Ranges are expanded**: ``ll. 205–206`` indexes folio 205 and
folio 206, each linking back to the note, so a reader looking for folio 206 finds it under
206. The locator as cited is kept beside each link. :func:`sources_index` gathers, for every
archival file of ``references.bib``, every folio that the report cites
(``data/report_notes.csv``) or that the edition cites (the citations the notes extension
collects while building), in numeric order. :func:`published_works` formats the published
works with pybtex for the bibliography page.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from edition import paths
from edition.apparatus.base import ApparatusError
from edition.citations import clean_field

#: a folio range longer than this is taken for a typo, not expanded
MAX_RANGE = 30


DASHES = "\u2013\u2014\u2012\u2011-"


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
        files[key] = ArchivalFile(key, clean_field(entry.get("archive", "GARF")), clean_field(entry["fond"]),
                                  clean_field(entry.get("opis", "")), clean_field(entry.get("delo", "")),
                                  clean_field(entry.get("title", "")))
    return files


def _file_sort_key(bib):
    def key(k):
        e = bib[k]
        parts = [clean_field(e.get(f, "")) for f in ("fond", "opis", "delo")]
        return (clean_field(e.get("archive", "")), *[(int(p) if p.isdigit() else 0, p) for p in parts], k)
    return key


def report_citations() -> list[dict]:
    """The report's citations: the rows of ``data/report_notes.csv`` that name a source,
    read and validated through :mod:`edition.data`."""
    from edition import data

    return [row for row in data.records("report_notes") if row.get("source_key")]


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


#: the fields of a bibtexparser entry that name people (pybtex keeps them apart from the fields)
PERSON_FIELDS = ("author", "editor")


def _pybtex_entry(entry: dict):
    """A pybtex entry made from a bibtexparser one, for pybtex's formatter only."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Entry, Person
    from pybtex.textutils import normalize_whitespace
    from pybtex.utils import OrderedCaseInsensitiveDict

    fields = OrderedCaseInsensitiveDict(
        (name, value) for name, value in entry.items() if name not in ("ID", "ENTRYTYPE", *PERSON_FIELDS))
    persons = {role: [Person(normalize_whitespace(name)) for name in split_name_list(entry[role])]
               for role in PERSON_FIELDS if entry.get(role)}
    return Entry(entry["ENTRYTYPE"], fields=fields, persons=persons)


def published_works(path: Path | None = None):
    """The published works of ``references.bib`` (archival files left out), formatted and
    sorted by pybtex: a list of pybtex ``FormattedEntry`` (``.key``, ``.text``).

    The file is read by :mod:`edition.bibliography` (the edition's one reader of it, with
    its error messages); pybtex only formats, as sphinxcontrib-bibtex does."""
    from pybtex.database import BibliographyData

    from edition import bibliography

    entries = bibliography.read(path or paths.bibliography_path())
    data = BibliographyData({key: _pybtex_entry(entry) for key, entry in entries.items()
                             if not entry.get("fond")})
    return list(bibliography_style().format_entries(data.entries.values()))
