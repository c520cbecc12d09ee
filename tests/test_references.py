"""references.bib, read by edition.bibliography (bibtexparser): every key the edition uses exists, every entry is used.

Keys are used in three places: the chapters' notes ({src} and {srctext} roles), the data
files (``source_key``) and the map of the report's notes (``data/report_notes.csv``).
An entry that none of them uses must be listed in ``UNUSED_BY_DESIGN`` with a reason.
"""
from __future__ import annotations

import re
from pathlib import Path

from edition import bibliography, citations, data

ROOT = Path(__file__).resolve().parent.parent
ROLE = re.compile(r"\{(?:src|srctext)\}`([^`]*)`")
UNUSED_BY_DESIGN: dict[str, str] = {}


def _entries() -> dict[str, dict]:
    return bibliography.read(ROOT / "references.bib")


def _keys_in_pages() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for page in [ROOT / "intro.md", *sorted((ROOT / "chapters").glob("*.md")), *sorted((ROOT / "appendices").glob("*.md"))]:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for content in ROLE.findall(line):
                for cite in citations.parse(content).citations:
                    used.setdefault(cite.key, []).append(f"{page.relative_to(ROOT)}:{number}")
    return used


def _keys_in_data() -> set[str]:
    keys: set[str] = set()
    for name in data.resource_names():
        keys.update(row["source_key"] for row in data.records(name) if row.get("source_key"))
    return keys


def test_the_bibliography_parses_with_unique_keys():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    declared = re.findall(r"^@\w+\{([^,\s]+),", text, re.M)
    assert len(declared) == len(set(declared)), "a key is declared twice in references.bib"
    assert set(declared) == set(_entries()), "bibtexparser dropped an entry: check its syntax"


def test_every_key_the_chapters_cite_exists():
    entries = _entries()
    missing = {k: where for k, where in _keys_in_pages().items() if k not in entries}
    assert not missing, f"unknown citation keys (add the work to references.bib or fix the key): {missing}"


def test_every_key_the_data_cites_exists():
    assert _keys_in_data() <= set(_entries())


def test_every_entry_is_used_or_deliberately_listed():
    used = set(_keys_in_pages()) | _keys_in_data()
    unused = set(_entries()) - used - set(UNUSED_BY_DESIGN)
    assert not unused, f"entries nothing cites (cite them, remove them, or list them in UNUSED_BY_DESIGN): {sorted(unused)}"


def test_the_report_cites_every_entry_of_the_bibliography():
    cited = {row["source_key"] for row in data.records("report_notes") if row["source_key"]}
    assert cited == set(_entries())
