"""Every note of the report is carried by the edition, with the sources the report gives.

Each of the report's 155 footnotes must appear in at least one ``#N:`` prefix of a
``{src}`` or ``{srctext}`` role in ``chapters/*.md``. For each such role, the cited
``references.bib`` keys must be among the keys that ``data/report_notes.csv`` lists for
note N (for ``#14,15:``, among those of notes 14 and 15). Roles are read with
:func:`edition.citations.parse`, the parser the book itself uses.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from edition import citations

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "data" / "report_notes.csv"
REPORT_NOTES = range(1, 156)
ROLE = re.compile(r"\{(src|srctext)\}(`+)(.+?)\2", re.S)


def notes_table() -> dict[int, set[str]]:
    """note number -> the keys report_notes.csv lists for it (empty for commentary only)."""
    if not NOTES.is_file():
        pytest.fail(f"{NOTES.relative_to(ROOT)} is missing", pytrace=False)
    keys: dict[int, set[str]] = defaultdict(set)
    with NOTES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            keys[int(row["note"])]  # a note with commentary only still exists
            if row["source_key"].strip():
                keys[int(row["note"])].add(row["source_key"].strip())
    return dict(keys)


def roles(path: Path):
    """(line, role name, parsed note or the parse error) for every {src}/{srctext} role."""
    text = path.read_text(encoding="utf-8")
    for match in ROLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        try:
            yield line, match.group(1), citations.parse(match.group(3))
        except citations.CitationError as exc:
            yield line, match.group(1), exc


CHAPTERS = sorted(ROOT.glob("chapters/*.md"))


def survey():
    """Per chapter: notes carried, and every problem as ``file:line: message``."""
    table = notes_table()
    carried: dict[str, set[int]] = {}
    problems: list[str] = []
    for path in CHAPTERS:
        name = str(path.relative_to(ROOT))
        carried[name] = set()
        for line, role, note in roles(path):
            where = f"{name}:{line}"
            if isinstance(note, Exception):
                problems.append(f"{where}: {{{role}}} cannot be read: {note}")
                continue
            if not note.report_notes:
                continue
            unknown = [n for n in note.report_notes if n not in table]
            if unknown:
                problems.append(f"{where}: {{{role}}} names report note(s) {unknown}, which "
                                "data/report_notes.csv does not list (the report has notes 1-155)")
                continue
            carried[name].update(note.report_notes)
            allowed = set().union(*(table[n] for n in note.report_notes))
            label = ",".join(str(n) for n in note.report_notes)
            for cited in note.citations:
                if cited.key not in allowed:
                    problems.append(
                        f"{where}: {{{role}}} #{label} cites '{cited.key}', but report_notes.csv lists "
                        f"for note {label} only: {', '.join(sorted(allowed)) or '(no source: commentary only)'}")
    return carried, problems


def summary(carried: dict[str, set[int]]) -> str:
    lines = ["notes carried per chapter:"]
    for name, notes in carried.items():
        span = f"{min(notes)}-{max(notes)}" if notes else "-"
        lines.append(f"  {name:48} {len(notes):4} notes  (range {span})")
    everything = set().union(*carried.values()) if carried else set()
    lines.append(f"  {'all chapters':48} {len(everything & set(REPORT_NOTES)):4} of {len(REPORT_NOTES)}")
    return "\n".join(lines)


def test_report_notes_csv_lists_every_note():
    table = notes_table()
    assert sorted(table) == list(REPORT_NOTES), "data/report_notes.csv must list notes 1-155, each at least once"


def test_every_report_note_is_carried():
    carried, _ = survey()
    print(summary(carried))
    everything = set().union(*carried.values()) if carried else set()
    missing = [n for n in REPORT_NOTES if n not in everything]
    assert not missing, (
        f"{len(missing)} report notes appear in no {{src}}/{{srctext}} '#N:' prefix of chapters/*.md: "
        f"{missing}\n{summary(carried)}")


def test_cited_keys_are_those_of_the_report_note():
    carried, problems = survey()
    print(summary(carried))
    assert not problems, "notes whose sources differ from the report's:\n" + "\n".join(problems)


def test_survey_reads_roles_across_line_breaks(tmp_path):
    page = tmp_path / "probe.md"
    page.write_text("A claim.{src}`#119: garf-9414-1-1229,\nl. 6; garf-9414-1-1228, l. 39`\n"
                    "[^r14]: Commentary.{srctext}`#14: garf-9414-1-1228, l. 2`\n", encoding="utf-8")
    found = [(line, role, note.report_notes, [c.key for c in note.citations]) for line, role, note in roles(page)]
    assert found == [(1, "src", (119,), ["garf-9414-1-1229", "garf-9414-1-1228"]),
                     (3, "srctext", (14,), ["garf-9414-1-1228"])]
