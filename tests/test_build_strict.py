"""The strict build stops on a broken chapter, and its message names the chapter's file.

Each case is a scratch copy of the book whose table of contents holds one small probe
chapter (``chapters/probe.md``) beside a one-paragraph landing page, built with the
command of ``make book`` (``--warningiserror --nitpick --keep-going``): a few seconds to
execute and build. The sound probe builds cleanly, which shows that each broken one
fails for its own fault: a failing cell, an unknown glue key, an unknown citation key,
a broken data file.

:func:`scratch_build` (a session fixture) is shared with ``tests/test_bad_input.py``,
which adds further cases; each case is built once per session.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import chapter_header

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", "*.egg-info", "node_modules",
                                ".pytest_cache", ".ipynb_checkpoints")
PROBE = "chapters/probe.md"

HEADER = chapter_header() + """
(probe)=
# A probe chapter

"""

INTRO = """(home)=
# A scratch book

This scratch copy of the edition holds one probe chapter, built by the tests.
"""



def a_citation() -> str:
    """A real citation of the first row of data/report_notes.csv: ``#N: key, locator``."""
    with (ROOT / "data" / "report_notes.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["source_key"].strip())
    return f"#{row['note']}: {row['source_key']}, {row['locator']}"


def a_figure_resource() -> tuple[str, str]:
    """(name, file) of a figure file (``value`` >= 0, ``source_key``) of data/datapackage.json."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        if "source_key" in fields and fields.get("value", {}).get("constraints", {}).get("minimum") == 0:
            return res["name"], res["path"]
    raise AssertionError("no figure file in data/datapackage.json")


def sound_body() -> str:
    return f"""```{{code-cell}} ipython3
:tags: [remove-cell]
from edition import show
show.publish({{"probe-count": show.count(1234)}})
```

The probe counted {{glue:text}}`probe-count` items.{{src}}`{a_citation()}`
"""


def failing_cell_body() -> str:
    return sound_body() + """
```{code-cell} ipython3
:tags: [remove-cell]
raise ValueError("a deliberate failure in the probe chapter")
```
"""


def unknown_glue_body() -> str:
    return sound_body() + "\nIt also pastes {glue:text}`no-such-glue-key`, which no cell publishes.\n"


def unknown_citation_body() -> str:
    return sound_body() + "\nA claim with a bad note.{src}`#1: nosuchauthor1999nothing, p. 1`\n"


def broken_data_body() -> str:
    name, _ = a_figure_resource()
    return sound_body() + f"""
```{{code-cell}} ipython3
:tags: [remove-cell]
from edition import data
data.load("{name}")
```
"""


def break_data(book: Path) -> None:
    """Make line 3 of the figure file hold a negative count."""
    _, file = a_figure_resource()
    path = book / "data" / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index("value")] = "-5"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@dataclass
class Build:
    book: Path
    returncode: int
    output: str

    @property
    def html(self) -> Path:
        return self.book / "_build" / "html"

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


# name -> (chapter body, change to the scratch copy before the build)
CASES: dict[str, tuple[Callable[[], str], Callable[[Path], None] | None]] = {
    "sound": (sound_body, None),
    "failing-cell": (failing_cell_body, None),
    "unknown-glue-key": (unknown_glue_body, None),
    "unknown-citation-key": (unknown_citation_body, None),
    "broken-data": (broken_data_body, break_data),
}


def make_scratch_book(target: Path, body: str, change: Callable[[Path], None] | None = None,
                      chapter: str = PROBE) -> Path:
    """A copy of the book whose table of contents is a landing page and one chapter."""
    shutil.copytree(ROOT, target, ignore=IGNORE)
    (target / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nchapters:\n  - file: {chapter.removesuffix('.md')}\n", encoding="utf-8")
    (target / "intro.md").write_text(INTRO, encoding="utf-8")
    (target / chapter).write_text(HEADER + body, encoding="utf-8")
    if change is not None:
        change(target)
    return target


def run_build(book: Path) -> Build:
    """Build ``book`` with the command of ``make book`` (``python -m edition.build``)."""
    result = subprocess.run([sys.executable, "-m", "edition.build", str(book)],
                            cwd=book, capture_output=True, text=True, timeout=900)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    return Build(book, result.returncode, output)


@pytest.fixture(scope="session")
def scratch_build(tmp_path_factory):
    """``scratch_build(case)`` -> :class:`Build` of that case (built once per session).

    ``case`` is a key of :data:`CASES`, or a tuple ``(name, body, change)`` for a new case.
    """
    built: dict[str, Build] = {}

    def build(case, body: str | None = None, change=None, chapter: str = PROBE) -> Build:
        if case not in built:
            if body is None:
                make_body, change = CASES[case]
                body = make_body()
            book = make_scratch_book(tmp_path_factory.mktemp(f"scratch-{case}") / "book", body, change, chapter)
            built[case] = run_build(book)
        return built[case]

    return build


def assert_stops(build: Build, *expected: str) -> None:
    """The build failed, and its output names the probe chapter and each expected text."""
    assert build.returncode != 0, f"the strict build passed, but should have failed:\n{build.tail()}"
    assert PROBE.removesuffix(".md") in build.output, f"the output does not name {PROBE}:\n{build.tail()}"
    for text in expected:
        assert text in build.output, f"the output does not say {text!r}:\n{build.tail()}"


@pytest.mark.build
def test_the_sound_probe_builds_cleanly(scratch_build):
    build = scratch_build("sound")
    assert build.returncode == 0, f"the sound probe chapter does not build strictly:\n{build.tail(60)}"
    page = (build.html / "chapters" / "probe.html").read_text(encoding="utf-8")
    assert "1,234" in page


@pytest.mark.build
def test_a_failing_cell_stops_the_build(scratch_build):
    build = scratch_build("failing-cell")
    assert_stops(build, "a deliberate failure in the probe chapter")
    assert not (build.html / "chapters" / "probe.html").is_file() or \
        "Traceback" not in (build.html / "chapters" / "probe.html").read_text(encoding="utf-8"), \
        "a traceback was published"


@pytest.mark.build
def test_an_unknown_glue_key_stops_the_build(scratch_build):
    build = scratch_build("unknown-glue-key")
    assert_stops(build, "no-such-glue-key")
    line = re.search(r"chapters/probe\.md:(\d+)", build.output)
    assert line, f"no line number for the probe chapter:\n{build.tail()}"


@pytest.mark.build
def test_an_unknown_citation_key_stops_the_build(scratch_build):
    build = scratch_build("unknown-citation-key")
    assert_stops(build, "nosuchauthor1999nothing", "references.bib")
    assert re.search(r"chapters/probe\.md:\d+", build.output), f"no line number:\n{build.tail()}"


@pytest.mark.build
def test_a_broken_data_file_stops_the_build_naming_file_and_line(scratch_build):
    """The data package is checked before Sphinx starts: the message names the data file
    (the file the contributor edited), not the chapter that happened to load it."""
    _, file = a_figure_resource()
    build = scratch_build("broken-data")
    assert build.returncode != 0, f"the strict build passed, but should have failed:\n{build.tail()}"
    last = build.tail(3)
    for text in (f"data/{file}", "line 3", "column 'value'"):
        assert text in last, f"the last lines of the output do not say {text!r}:\n{build.tail()}"
    assert "Traceback" not in build.output, f"a traceback was printed:\n{build.output[-3000:]}"


# --- a renamed chapter -------------------------------------------------------------------


@pytest.mark.build
def test_a_renamed_chapter_without_redirect_is_reported(scratch_build, tmp_path):
    """The URL manifest check (edition.apparatus.check_urls) names the chapter's old URL.

    The sound probe book stands for a book whose published chapter (a real chapter of the
    manifest, absent from the probe's table of contents) was renamed to ``chapters/probe.html``.
    """
    from edition import apparatus

    manifest = apparatus.load_manifest(ROOT / "urls.json")
    old = next(p for p in manifest["pages"] if p.startswith("chapters/"))
    new = "chapters/probe.html"
    build = scratch_build("sound")
    assert build.returncode == 0, build.tail()
    site = tmp_path / "html"
    shutil.copytree(build.html, site)  # the redirect is written into a copy, not the shared build
    assert (site / new).is_file() and not (site / old).exists()
    published = {"pages": ["intro.html", old], "anchors": [], "redirects": {}}
    problems = apparatus.check_urls(site, published)
    assert len(problems) == 1 and old in problems[0], problems
    # The fix the check asks for: a redirect from the old URL to the new one.
    published["redirects"] = {old: new}
    apparatus.write_redirects(site, published["redirects"], manifest["base_url"])
    assert apparatus.check_urls(site, published) == []
