"""The notes extension and the data-aware execution cache, on a one-chapter scratch book.

Builds a copy of the book whose table of contents holds a single test chapter, so each
build takes seconds. Checks that notes are numbered in reading order (MyST footnotes and
{src} notes mixed), render in the archival form, and gather in a closing Notes section;
and that editing a CSV changes the built page on the next (cached) build.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import chapter_header

pytestmark = pytest.mark.build

JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))

CHAPTER = chapter_header() + """
(scratch)=
# Scratch

```{code-cell} ipython3
:tags: [remove-cell]
from edition import data, show
show.publish({"itl": show.count(data.figure("releases_by_camp_type", "itl"))})
```

Camps released {glue:text}`itl` inmates.[^r38] A second claim.{src}`#37: garf-9414-1-1246, ll. 205–206`

## Later

A third claim.{src}`#6, 135: getty1993victims, p. 1041`

[^r38]: A retold note. {srctext}`#38: garf-9414-1-1246, l. 206`
"""


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run([JUPYTER_BOOK, "build", str(book), "--warningiserror", "--nitpick", "--keep-going"],
                          capture_output=True, text=True)


@pytest.fixture()
def scratch_book(book_copy):
    (book_copy / "chapters" / "scratch.md").write_text(CHAPTER, encoding="utf-8")
    (book_copy / "_toc.yml").write_text("format: jb-book\nroot: chapters/scratch\n", encoding="utf-8")
    return book_copy


def _page(book: Path) -> str:
    return (book / "_build" / "html" / "chapters" / "scratch.html").read_text(encoding="utf-8")


def test_notes_are_numbered_in_reading_order_and_gathered_at_the_end(scratch_book):
    result = _build(scratch_book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = _page(scratch_book)
    markers = re.findall(r'class="footnote-reference brackets" href="#([^"]+)"[^>]*>'
                         r'<span class="fn-bracket">\[</span>(\d+)', html)
    assert [n for _, n in markers] == ["1", "2", "3"]
    assert markers[0][0] == "r38"  # the MyST footnote comes first in the text, so it is note 1
    notes = html[html.index('id="notes"'):]
    assert notes.index('id="r38"') < notes.index('id="note-1"') < notes.index('id="note-2"')
    assert "GARF f. 9414, op. 1, d. 1246, ll. 205–206." in notes
    assert "Report note 37." in notes and "Report notes 6, 135." in notes
    assert "206,554" in html


def test_editing_a_csv_re_executes_the_chapter(scratch_book):
    assert _build(scratch_book).returncode == 0
    assert "206,554" in _page(scratch_book)
    csv = scratch_book / "data" / "releases_by_camp_type.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",206554,", ",206555,"), encoding="utf-8")
    result = _build(scratch_book)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "206,555" in _page(scratch_book) and "206,554" not in _page(scratch_book)
