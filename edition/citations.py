"""Citations: read ``references.bib`` and render the edition's notes.

A note in a chapter is written with the ``{src}`` role (see ``_ext/edition_sphinx.py``)::

    {src}`#231: garf-9414-1-1246, l. 231; getty1993victims, p. 1041`

``#231:`` names the report's note(s) that the edition's note stands for (``#14,15:`` for
several); then come citations separated by ``;``, each a ``references.bib`` key and an
optional locator. Archival files render as ``GARF f. 9414, op. 1, d. 1246, l. 231.``;
published works in a short note form, author's surname, short title in italics, year and
locator (``Getty, Rittersporn and Zemskov, "Victims of the Soviet Penal System", 1993,
p. 1041.``). Full entries are on the bibliography page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from edition import paths

NOTE_PREFIX = re.compile(r"^\s*#\s*(?P<notes>\d+(?:\s*,\s*\d+)*)\s*:\s*")


class CitationError(ValueError):
    """A citation names an unknown key or cannot be parsed."""


@dataclass(frozen=True)
class Citation:
    key: str
    locator: str = ""


@dataclass(frozen=True)
class Note:
    report_notes: tuple[int, ...]
    citations: tuple[Citation, ...]


@lru_cache(maxsize=1)
def _bib_cache(mtime_ns: int) -> dict[str, dict]:
    from edition import bibliography as bib

    try:
        return bib.read()
    except bib.BibliographyError as exc:
        raise CitationError(str(exc)) from exc


def bibliography() -> dict[str, dict]:
    """Every entry of ``references.bib``, by key, as :mod:`edition.bibliography` reads it
    (the one reader of the file; a broken entry is reported with its line)."""
    path = paths.bibliography_path()
    if not path.is_file():
        raise CitationError(f"references.bib: missing file at {path}. The book's bibliography must exist.")
    return _bib_cache(path.stat().st_mtime_ns)


def parse(text: str) -> Note:
    """Parse the content of a ``{src}`` role into report-note numbers and citations."""
    report_notes: tuple[int, ...] = ()
    match = NOTE_PREFIX.match(text)
    if match:
        report_notes = tuple(int(n) for n in re.split(r"\s*,\s*", match["notes"]))
        text = text[match.end():]
    citations = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        key, _, locator = part.partition(",")
        key = key.strip()
        if not key or " " in key:
            raise CitationError(f"cannot read the citation {part!r}: write 'key, locator' (e.g. 'garf-9414-1-1246, l. 231')")
        citations.append(Citation(key, locator.strip()))
    if not citations and not report_notes:
        raise CitationError("empty note: give at least one citation or a report note number ('#12:')")
    return Note(report_notes, tuple(citations))


def check(note: Note) -> None:
    """Raise :class:`CitationError` if a citation names a key that ``references.bib`` lacks,
    or a report note the report does not have."""
    from edition.data import report_note_numbers

    notes = report_note_numbers()
    for number in note.report_notes:
        if number not in notes:
            raise CitationError(f"report note {number} does not exist: the report's notes run from "
                                f"{notes.start} to {notes.stop - 1} (check the number after '#')")
    entries = bibliography()
    for citation in note.citations:
        if citation.key not in entries:
            raise CitationError(
                f"unknown citation key '{citation.key}': references.bib has no such entry "
                "(add the work there, or correct the key)"
            )
        if is_archival(entries[citation.key]):
            check_folios(entries[citation.key], citation)


def check_folios(entry: dict, citation: Citation) -> None:
    """An archival citation needs a folio locator the sources index can read (``l. 231``,
    ``ll. 205–206``): checked here, where the note is written, so that a bad one is reported
    against the chapter's line rather than later on the index page."""
    from edition.apparatus.sources import ApparatusError, parse_folios

    where = archival_reference(entry)
    if not citation.locator:
        raise CitationError(f"the citation of {where} ({citation.key}) has no folio: add one, "
                            f"e.g. '{citation.key}, l. 231'")
    try:
        parse_folios(citation.locator)
    except ApparatusError as exc:
        raise CitationError(f"the citation of {where} ({citation.key}): {exc}") from exc


def clean_field(value: str) -> str:
    """A BibTeX field without its braces: ``{NKVD}`` -> ``NKVD``."""
    return re.sub(r"[{}]", "", value or "").strip()


def surnames(entry: dict) -> str:
    """Author (or editor) surnames for a short note: 'Getty, Rittersporn and Zemskov'."""
    people = entry.get("author") or entry.get("editor") or ""
    names = [n.strip() for n in re.split(r"\s+and\s+", clean_field(people)) if n.strip()]
    last = [n.split(",")[0].strip() if "," in n else n.split()[-1] for n in names]
    if not last:
        return ""
    if len(last) == 1:
        return last[0]
    if len(last) > 3:
        return f"{last[0]} et al."
    return ", ".join(last[:-1]) + " and " + last[-1]


def short_title(entry: dict) -> str:
    title = clean_field(entry.get("shorttitle") or entry.get("title", ""))
    return title.split(":")[0].strip()


def is_archival(entry: dict) -> bool:
    return bool(entry.get("fond"))


def archival_reference(entry: dict, locator: str = "") -> str:
    """``GARF f. 9414, op. 1, d. 1246`` plus the folio locator, if any."""
    text = f"{clean_field(entry.get('archive', 'GARF'))} f. {clean_field(entry['fond'])}, op. {clean_field(entry['opis'])}, d. {clean_field(entry['delo'])}"
    return f"{text}, {locator}" if locator else text


@dataclass(frozen=True)
class Piece:
    """A run of note text; ``emphasis`` runs are titles set in italics."""
    text: str
    emphasis: bool = False


def render(citation: Citation) -> list[Piece]:
    """The pieces of one citation's text, without the final full stop."""
    entry = bibliography()[citation.key]
    if is_archival(entry):
        return [Piece(archival_reference(entry, citation.locator))]
    pieces = []
    who = surnames(entry)
    if who:
        pieces.append(Piece(who + ", "))
    title = short_title(entry)
    if entry.get("untitled") == "yes":  # the report gives no title; the field describes the work
        pieces.append(Piece(title[:1].lower() + title[1:]))
    elif entry["ENTRYTYPE"] in ("article", "incollection", "unpublished", "inproceedings", "phdthesis"):
        pieces.append(Piece(f"\u201c{title}\u201d"))
    else:
        pieces.append(Piece(title, emphasis=True))
    year = clean_field(entry.get("year", ""))
    tail = ""
    if entry["ENTRYTYPE"] == "article" and entry.get("number"):
        tail += f", no. {clean_field(entry['number'])}"  # Zemskov's two instalments differ only here
    tail += f", {year}" if year else ""
    if citation.locator:
        tail += f", {citation.locator}"
    pieces.append(Piece(tail))
    return pieces


def render_note(note: Note) -> list[Piece]:
    """All citations of a note, joined by semicolons and closed with a full stop."""
    pieces: list[Piece] = []
    for i, citation in enumerate(note.citations):
        if i:
            pieces.append(Piece("; "))
        pieces.extend(render(citation))
    if pieces:
        pieces.append(Piece("."))
    return pieces


def plain(note: Note) -> str:
    """The note as plain text (for tests, indexes and tooltips)."""
    return "".join(p.text for p in render_note(note))
