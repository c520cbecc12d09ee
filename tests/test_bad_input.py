"""Bad input stops the build or the tests with a clear message that names the file.

For each way an input can be wrong there is a test that makes that mistake on purpose, in
a scratch copy, and checks the message: a malformed CSV (an unbalanced quote, an extra
cell), a wrong type, a negative count, a missing file, an unknown citation key (in a
CSV's ``source_key`` and in a chapter's ``{src}`` role), a glue key that no cell
publishes, a failing cell, a statistic typed by hand in the prose, a renamed chapter
without a redirect. Data labels that hold HTML or a script are shown as text and never
run (in the built page and in the browser).

Data mistakes are shown fast through :func:`edition.data.load` on a scratch ``data/``
(``EDITION_ROOT``); build mistakes through the scratch builds of
``tests/test_build_strict.py`` (one probe chapter, strict build). An unknown key in a CSV's
``source_key`` is tested once, in ``tests/test_data_package.py``.
"""
from __future__ import annotations

import csv
import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest
from test_build_strict import PROBE, a_citation, a_figure_resource, assert_stops, scratch_build, sound_body  # noqa: F401
from test_data_package import assert_names, figure_resource, load_error, scratch_data, set_cell  # noqa: F401
from test_hand_typed_figures import find_hand_typed, report

from edition import data

ROOT = Path(__file__).resolve().parent.parent


# --- data files --------------------------------------------------------------------------



def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_unbalanced_quote_names_file_and_line(scratch_data):
    name, file = figure_resource()
    path = scratch_data / "data" / file
    lines = _lines(path)
    lines[2] = '"' + lines[2]  # a quote opened on line 3 and never closed
    path.write_text("".join(lines), encoding="utf-8")
    message = load_error(name)
    assert_names(message, file, 3)


def test_extra_cell_names_file_and_line(scratch_data):
    name, file = figure_resource()
    path = scratch_data / "data" / file
    lines = _lines(path)
    lines[2] = lines[2].rstrip("\n") + ",an extra cell\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = load_error(name)
    assert_names(message, file, 3)
    assert "extra" in message.lower()


@pytest.mark.parametrize("column, bad", [
    ("value", "about 300"),  # a wrong type
    ("value", "-300"),  # a negative count
    ("date", "1945-13-45"),  # a date that does not exist
    ("note", "240"),  # a note number the report (155 notes) does not have
], ids=["wrong-type", "negative-count", "impossible-date", "note-beyond-the-report"])
def test_a_bad_cell_names_file_line_column_and_value(scratch_data, column, bad):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 3, column, bad)
    message = load_error(name)
    assert_names(message, file, 3, column)
    assert bad in message, message


def test_missing_file_names_the_file(scratch_data):
    name, file = figure_resource()
    (scratch_data / "data" / file).unlink()
    assert_names(load_error(name), file)


# --- meaning: what a schema cannot say -------------------------------------------------


def _row_line(path: Path, row_id: str) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    return ids.index(row_id) + 2


def test_a_share_over_100_percent_names_file_line_and_column(scratch_data):
    """The 179.2% slip: a percentage outside 0-100 stops the load, whatever the file."""
    path = scratch_data / "data" / "population_by_gender.csv"
    line = _row_line(path, "men-after")
    set_cell(path, line, "value", "179.2")
    message = load_error("population_by_gender")
    assert_names(message, "population_by_gender.csv", line, "value")
    assert "179.2" in message and "0-100" in message


def test_shares_that_no_longer_add_up_name_the_rows(scratch_data):
    """A slip that keeps each share plausible (70.1 -> 71.0) breaks the declared sum."""
    path = scratch_data / "data" / "population_by_gender.csv"
    line = _row_line(path, "men-before")
    set_cell(path, line, "value", "71.0")
    message = load_error("population_by_gender")
    assert_names(message, "population_by_gender.csv", line, "value")
    assert "men-before" in message and "women-before" in message and "100" in message


def test_a_csv_missing_from_the_data_package_stops_every_load(scratch_data):
    name, file = figure_resource()
    (scratch_data / "data" / "unlisted_extra.csv").write_text("id,value\na,1\n", encoding="utf-8")
    message = load_error(name)
    assert "data/unlisted_extra.csv" in message and "datapackage.json" in message


def test_a_semicolon_file_names_the_file_and_the_delimiter(scratch_data):
    name, file = figure_resource()
    path = scratch_data / "data" / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows)
    message = load_error(name)
    assert_names(message, file, 1)
    assert "';'" in message and "','" in message


def test_a_windows_1252_file_names_the_file_the_line_and_the_encoding(scratch_data):
    path = scratch_data / "data" / "report_notes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].rstrip("\n") + "\u2013\n"  # an en dash, as Windows-1252 writes it
    path.write_bytes("".join(lines).encode("cp1252"))
    first = next(i for i, line in enumerate(lines, start=1) if not line.isascii())
    message = load_error("report_notes")
    assert_names(message, "report_notes.csv", first)
    assert "UTF-8" in message and "Windows-1252" in message


@pytest.mark.parametrize("content", ["", "HEADER"], ids=["zero-bytes", "header-only"])
def test_an_emptied_ledger_names_the_file(scratch_data, content):
    path = scratch_data / "data" / "printed_figures.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" if content else "", encoding="utf-8")
    message = load_error("printed_figures")
    assert_names(message, "printed_figures.csv")
    assert "empty" in message or "no rows" in message


def test_an_unknown_row_id_names_the_file_and_the_ids(scratch_data):
    name, file = figure_resource()
    with pytest.raises(data.DataError) as caught:
        data.value(name, "no-such-id")
    assert f"data/{file}" in str(caught.value) and "no-such-id" in str(caught.value)


@pytest.mark.parametrize("damage", ["missing comma", "unclosed brace"])
def test_a_bibtex_syntax_error_names_file_entry_and_line(scratch_data, damage):
    bib = scratch_data / "references.bib"
    lines = bib.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("@"))
    key = lines[start].split("{", 1)[1].rstrip(",").strip()
    field = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip().endswith(","))
    if damage == "missing comma":
        lines[field] = lines[field].rstrip().rstrip(",")
    else:
        lines[field] = lines[field].replace("{", "{{", 1)
    bib.write_text("\n".join(lines), encoding="utf-8")
    name, _ = figure_resource()
    message = load_error(name)
    assert "references.bib" in message and f"entry '{key}'" in message, message
    assert re.search(rf"line ({start + 1}|{field + 1})\b", message), message


# --- chapters: the strict build stops -------------------------------------------------


# --- a statistic typed by hand ------------------------------------------------------------


def test_a_hand_typed_statistic_is_reported_with_file_and_line(tmp_path):
    chapter = sorted(ROOT.glob("chapters/*.md"))[0]
    lines = chapter.read_text(encoding="utf-8").split("\n")
    before = find_hand_typed("\n".join(lines))
    # after the title, a sentence with a typed count and a spelled-out share
    at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2
    lines[at:at] = ["Of the 620,753 released, some forty percent were women.", ""]
    scratch = tmp_path / "chapters" / chapter.name
    scratch.parent.mkdir()
    scratch.write_text("\n".join(lines), encoding="utf-8")
    found = [f for f in find_hand_typed(scratch.read_text(encoding="utf-8")) if f[0] == at + 1]
    assert [token for _, token in found] == ["620,753", "forty", "percent"], found
    messages = report(scratch)
    assert any(m.startswith(f"{scratch}:{at + 1}: '620,753'") for m in messages), messages
    assert len(messages) == len(before) + 3


# --- HTML in a data label is text, never markup or script -------------------------------

XSS_LABEL = "<script>window.__pwned=1</script>"
BOLD_LABEL = "<b>bold</b> & co"


def add_xss_probe(book: Path) -> None:
    """A data file whose labels hold a script and markup, described in the data package."""
    key = a_citation().split(":", 1)[1].split(",")[0].strip()
    with (book / "data" / "xss_probe.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([["id", "label", "value", "source_key"],
                          ["script", XSS_LABEL, "5", key], ["bold", BOLD_LABEL, "7", key]])
    package_path = book / "data" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["resources"].append({
        "name": "xss-probe", "path": "xss_probe.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [
            {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "label", "type": "string"},
            {"name": "value", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "source_key", "type": "string", "constraints": {"required": True}}],
            "primaryKey": ["id"]}})
    package_path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def xss_body() -> str:
    return sound_body() + """
```{code-cell} ipython3
:tags: [remove-cell]
import altair as alt
import pandas as pd
from myst_nb import glue
from edition import data, show, tables
from edition.charts import EditionChart

frame = data.load("xss_probe")
labels = [str(label) for label in frame["label"]]
table = pd.DataFrame({"Label": labels, "Value": [show.count(v) for v in frame["value"]]})
glue("xss-table", tables.Table(table), display=False)
show.publish({"xss-label": labels[0], "xss-bold": labels[1]})
records = [{"label": label, "value": int(v)} for label, v in zip(labels, frame["value"])]
chart = (alt.Chart(alt.InlineData(values=records)).mark_bar()
         .encode(x=alt.X("value:Q", title="Value"), y=alt.Y("label:N", title=labels[1]))
         .properties(title=labels[0], description="Probe chart of " + labels[1]))
glue("xss-chart", EditionChart(chart, table, ("xss_probe",), records, name="xss_probe"), display=False)
```

The first label reads {glue:text}`xss-label` and the second {glue:text}`xss-bold`.

:::{datatable} Probe labels.
:name: tbl-xss

```{glue} xss-table
```
:::

```{glue:figure} xss-chart
:name: fig-xss

A probe chart.
```
"""


@pytest.fixture(scope="module")
def xss_build(scratch_build):
    build = scratch_build("xss-label", xss_body(), add_xss_probe)
    assert build.returncode == 0, f"the probe with HTML in its labels does not build:\n{build.tail(60)}"
    return build


@pytest.mark.build
def test_html_in_a_data_label_is_escaped_in_the_page(xss_build):
    page = (xss_build.html / "chapters" / "probe.html").read_text(encoding="utf-8")
    assert "window.__pwned" in page, "the probe's labels are not on the page"
    assert "<script>window.__pwned" not in page, "a data label was written as a script element"
    assert "<b>bold</b>" not in page, "a data label was written as markup"
    escaped = XSS_LABEL.replace("<", "&lt;").replace(">", "&gt;")
    assert page.count(escaped) >= 2, "the label is not shown as text in the prose and the table"
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    # The chart's specs live in _static/edition-chart-<hash>.js: the label is data there, never markup.
    names = re.findall(r'data-spec="([0-9a-f]+)"', page)
    assert names, "the probe's chart has no spec file"
    for name in names:
        script = (xss_build.html / "_static" / f"edition-chart-{name}.js").read_text(encoding="utf-8")
        assert "window.__pwned" in script and "</" not in script and "<script" not in script, \
            "a label can break out of the chart's spec"


@pytest.mark.build
@pytest.mark.browser
def test_html_in_a_data_label_never_runs_in_the_browser(xss_build, chromium):
    from test_browser import close, open_page

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(xss_build.html))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        visit = open_page(chromium, f"http://127.0.0.1:{server.server_address[1]}/chapters/probe.html")
        try:
            page = visit.page
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.edition-chart')).every(c => c.querySelector('svg'))")
            page.wait_for_timeout(500)
            assert page.evaluate("typeof window.__pwned") == "undefined", "a script in a data label ran"
            cells = page.eval_on_selector_all("table.edition-data th[scope=row]", "els => els.map(e => e.textContent)")
            assert XSS_LABEL in cells and BOLD_LABEL in cells, cells
            assert page.evaluate("Array.from(document.querySelectorAll('.bd-article b')).filter("
                                 "b => b.textContent === 'bold').length") == 0
            assert not visit.console_errors, visit.console_errors
        finally:
            close(visit)
    finally:
        server.shutdown()


def test_a_report_note_beyond_the_report_is_a_citation_error():
    """``{src}`#240: ...``` would print "Report note 240." for a report of 155 notes."""
    from edition import citations

    last = data.report_note_numbers()[-1]
    citations.check(citations.parse(f"#{last}: {a_citation().split(':', 1)[1].strip()}"))
    with pytest.raises(citations.CitationError, match=f"report note {last + 1} does not exist"):
        citations.check(citations.parse(f"#{last + 1}: {a_citation().split(':', 1)[1].strip()}"))
