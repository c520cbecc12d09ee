"""The notes extension, the content-keyed cache and the safe swap, on a one-chapter scratch book.

One scratch copy of the book (a test chapter and a short page) is built with the command
of ``make book`` (``python -m edition.build``) four times, once per step, and each step's
result is kept for the tests:

1. a sound build: notes are numbered in reading order, render in the archival form and
   gather in a closing Notes section;
2. a CSV edited and then given an *older* modification time (as ``cp -p``, ``tar`` or
   ``unzip`` leave it): the page must show the new figure. The edit changes audited figures,
   so the ledger is updated as the build's message tells a maintainer to (the verdicts the
   audit now computes become the expected ones), and dated back too;
3. a chapter broken on purpose: the build fails, its last lines name the file and the
   cause, and ``_build/html`` is byte for byte the site of step 2;
4. the short page dropped from ``_toc.yml``: its page is gone from ``_build/html``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, chapter_header

pytestmark = pytest.mark.build

CHAPTER = chapter_header() + """
(scratch)=
# Scratch

```{code-cell} ipython3
:tags: [remove-cell]
from edition import data, show
show.publish({"itl": show.count(data.count("releases_by_camp_type", "itl"))})
```

Camps released {glue:text}`itl` inmates.[^r38] A second claim.{src}`#37: garf-9414-1-1246, ll. 205–206`

## Later

A third claim.{src}`#6, 135: getty1993victims, p. 1041`

[^r38]: A retold note. {srctext}`#38: garf-9414-1-1246, l. 206`
"""

EXTRA = "(extra)=\n# An extra page\n\nA page that a later step drops from the table of contents.\n"
TOC = "format: jb-book\nroot: chapters/scratch\nchapters:\n  - file: chapters/extra\n"
BROKEN_CELL = "\n```{code-cell} ipython3\n:tags: [remove-cell]\nraise ValueError('a deliberate failure')\n```\n"
LONG_AGO = 946684800  # 2000-01-01: older than any build


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.build", str(book)], cwd=book,
                          capture_output=True, text=True, timeout=900)


ACCEPT_VERDICTS = r"""
import csv, sys
from edition import audit
changed = {r.id: r.status for r in audit.ledger().itertuples() if r.status != r.expected_status}
path = "data/printed_figures.csv"
with open(path, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
for row in rows:
    row["expected_status"] = changed.get(row["id"], row["expected_status"])
with open(path, "w", encoding="utf-8", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
print(len(changed))
"""


def _accept_new_verdicts(book: Path) -> int:
    """Make the ledger expect what the audit now computes; the number of rows changed."""
    result = subprocess.run([sys.executable, "-c", ACCEPT_VERDICTS], cwd=book, capture_output=True, text=True,
                            env={**os.environ, "EDITION_ROOT": str(book)})
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout.strip().splitlines()[-1])


def _site(book: Path) -> dict[str, bytes]:
    html = book / "_build" / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Build the scratch book through the four steps; returns what each step left."""
    book = tmp_path_factory.mktemp("notes") / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(
        "_build", ".venv", ".git", "__pycache__", "*.egg-info", "node_modules", ".pytest_cache"))
    chapter = book / "chapters" / "scratch.md"
    chapter.write_text(CHAPTER, encoding="utf-8")
    (book / "chapters" / "extra.md").write_text(EXTRA, encoding="utf-8")
    (book / "_toc.yml").write_text(TOC, encoding="utf-8")
    steps = {"sound": _build(book)}
    steps["sound-page"] = (book / "_build" / "html" / "chapters" / "scratch.html").read_text(encoding="utf-8")

    csv = book / "data" / "releases_by_camp_type.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",206554,", ",206555,"), encoding="utf-8")
    steps["verdicts-changed"] = _accept_new_verdicts(book)
    for path in (csv, book / "data" / "printed_figures.csv"):
        os.utime(path, (LONG_AGO, LONG_AGO))
    steps["old-dated"] = _build(book)
    steps["old-dated-page"] = (book / "_build" / "html" / "chapters" / "scratch.html").read_text(encoding="utf-8")
    good_site = _site(book)

    chapter.write_text(CHAPTER + BROKEN_CELL, encoding="utf-8")
    steps["broken"] = _build(book)
    steps["site-kept"] = _site(book) == good_site

    chapter.write_text(CHAPTER, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/scratch\n", encoding="utf-8")
    steps["dropped"] = _build(book)
    steps["dropped-html"] = book / "_build" / "html"
    return steps


def test_notes_are_numbered_in_reading_order_and_gathered_at_the_end(history):
    assert history["sound"].returncode == 0, history["sound"].stdout[-3000:]
    html = history["sound-page"]
    markers = re.findall(r'class="footnote-reference brackets" href="#([^"]+)"[^>]*>'
                         r'<span class="fn-bracket">\[</span>(\d+)', html)
    assert [n for _, n in markers] == ["1", "2", "3"]
    assert markers[0][0] == "r38"  # the MyST footnote comes first in the text, so it is note 1
    notes = html[html.index('id="notes"'):]
    assert notes.index('id="r38"') < notes.index('id="note-1"') < notes.index('id="note-2"')
    assert "GARF f. 9414, op. 1, d. 1246, ll. 205–206." in notes
    assert "Report note 37." in notes and "Report notes 6, 135." in notes
    assert "206,554" in html


def test_an_edited_csv_with_an_old_date_shows_its_new_value(history):
    """Sphinx would skip the page (the CSV is older than the last build); the content hash does not."""
    assert history["old-dated"].returncode == 0, history["old-dated"].stdout[-3000:]
    page = history["old-dated-page"]
    assert "206,555" in page and "206,554" not in page
    assert history["verdicts-changed"] > 0, "the edit should have changed an audited figure"


def test_a_failed_build_keeps_the_last_good_site_and_ends_with_the_cause(history):
    broken = history["broken"]
    assert broken.returncode != 0
    assert history["site-kept"], "the failed build changed _build/html"
    last = "\n".join(broken.stdout.strip().splitlines()[-2:])
    assert "chapters/scratch.md" in last and "a deliberate failure" in last, broken.stdout[-2000:]
    assert "Traceback" not in broken.stdout, broken.stdout[-2000:]
    assert "_build/build.log" in broken.stdout


def test_a_page_dropped_from_the_toc_is_not_left_behind(history):
    assert history["dropped"].returncode == 0, history["dropped"].stdout[-3000:]
    assert (history["dropped-html"] / "chapters" / "scratch.html").is_file()
    assert not (history["dropped-html"] / "chapters" / "extra.html").exists()
