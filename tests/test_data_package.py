"""The data package: valid, complete, sourced, and explicit about what is wrong when it is not.

The package as a whole validates with Frictionless; every CSV in ``data/`` is one of its
resources and every resource's file exists; every ``source_key`` is a key of
``references.bib``. Then each kind of broken row is made on purpose in a scratch copy of
``data/``, and the message of :mod:`edition.data` must name the file, the line and the
column (the file alone, for a missing file).
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import frictionless
import pytest

from edition import citations, data, paths

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PACKAGE = DATA / "datapackage.json"


def package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def bib_keys_of(path: Path) -> set[str]:
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8"), re.M))


# --- the package as it is ------------------------------------------------------------


def test_package_validates_with_frictionless():
    report = frictionless.Package(str(PACKAGE)).validate()
    problems = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    problems += [err.message for err in report.errors]
    assert report.valid, "data/datapackage.json does not validate:\n" + "\n".join(problems[:40])


def test_every_csv_is_a_resource():
    listed = {r["path"] for r in package()["resources"]}
    unlisted = sorted(p.name for p in DATA.glob("*.csv") if p.name not in listed)
    assert not unlisted, f"CSV files in data/ that datapackage.json does not describe: {unlisted}"


def test_every_resource_file_exists():
    missing = [r["path"] for r in package()["resources"] if not (DATA / r["path"]).is_file()]
    assert not missing, f"datapackage.json lists files that data/ lacks: {missing}"


def test_resource_names_are_unique_and_match_files():
    names = [r["name"] for r in package()["resources"]]
    assert len(names) == len(set(names)), "duplicate resource names"
    for res in package()["resources"]:
        assert res["path"].endswith(".csv") and "/" not in res["path"], res["path"]


def test_every_source_key_is_in_references_bib():
    keys = bib_keys_of(ROOT / "references.bib")
    problems = []
    for res in package()["resources"]:
        path = DATA / res["path"]
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                key = (row.get("source_key") or "").strip()
                if "source_key" in row and key and key not in keys:
                    problems.append(f"data/{res['path']}, line {line}: '{key}' is not in references.bib")
    assert not problems, "\n".join(problems)


def test_every_figure_row_has_a_source():
    problems = []
    for res in package()["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        if "value" not in fields or "source_key" not in fields:
            continue
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if not row["source_key"].strip():
                    problems.append(f"data/{res['path']}, line {line}: empty source_key")
    assert not problems, "\n".join(problems)


def test_every_resource_loads():
    for name in data.resource_names():
        frame = data.load(name)
        assert len(frame) > 0, f"resource {name} is empty"


# --- broken on purpose -------------------------------------------------------------


def clear_caches() -> None:
    paths.book_root.cache_clear()
    data.clear_caches()
    citations._bib_cache.cache_clear()


@pytest.fixture()
def scratch_data(tmp_path, monkeypatch) -> Path:
    """A scratch book root holding a copy of data/ and references.bib; edition reads it."""
    root = tmp_path / "book"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(DATA, root / "data")
    monkeypatch.setenv("EDITION_ROOT", str(root))
    clear_caches()
    yield root
    clear_caches()


def figure_resource() -> tuple[str, str]:
    """(resource name, file) of the first figure file: a ``value`` (minimum 0) and a ``source_key``."""
    for res in package()["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        value = fields.get("value", {})
        if ("source_key" in fields and value.get("type") in ("number", "integer")
                and value.get("constraints", {}).get("minimum") == 0
                and len(list(csv.reader((DATA / res["path"]).open(encoding="utf-8")))) >= 3):
            return res["name"], res["path"]
    pytest.fail("no figure file (value >= 0 and source_key) with two rows in data/datapackage.json")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (``line`` counts the header as line 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def load_error(name: str) -> str:
    """The message of the DataError that loading ``name`` raises (fails if it loads)."""
    clear_caches()
    with pytest.raises(data.DataError) as caught:
        data.load(name)
    return str(caught.value)


def assert_names(message: str, file: str, line: int | None = None, column: str | None = None) -> None:
    assert f"data/{file}" in message, f"the message does not name data/{file}:\n{message}"
    if line is not None:
        assert f"line {line}" in message, f"the message does not name line {line}:\n{message}"
    if column is not None:
        assert f"column '{column}'" in message, f"the message does not name column '{column}':\n{message}"


def test_scratch_copy_loads_cleanly(scratch_data):
    name, _ = figure_resource()
    assert paths.book_root() == scratch_data
    assert len(data.load(name)) >= 2


def test_wrong_type_names_file_line_and_column(scratch_data):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 3, "value", "12,5OO")
    message = load_error(name)
    assert_names(message, file, 3, "value")
    assert "type" in message.lower()


def test_negative_count_names_file_line_and_column(scratch_data):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 3, "value", "-5")
    message = load_error(name)
    assert_names(message, file, 3, "value")
    assert "minimum" in message or "negative" in message


def test_missing_source_names_file_line_and_column(scratch_data):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 3, "source_key", "")
    message = load_error(name)
    assert_names(message, file, 3, "source_key")


def test_unknown_key_outside_the_schema_names_file_line_and_column(scratch_data):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 3, "source_key", "nosuchauthor1999nothing")
    message = load_error(name)
    assert_names(message, file, 3, "source_key")
    assert "nosuchauthor1999nothing" in message


def test_key_missing_from_references_bib_names_file_line_and_column(scratch_data):
    """The schema may still allow the key; the bibliography check catches a removed entry."""
    name, file = figure_resource()
    with (scratch_data / "data" / file).open(encoding="utf-8", newline="") as handle:
        key = list(csv.DictReader(handle))[1]["source_key"]
    bib = scratch_data / "references.bib"
    text = bib.read_text(encoding="utf-8")
    entry = re.compile(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,.*?\n\}\s*\n", re.S)
    assert entry.search(text), f"cannot find the entry {key} in references.bib"
    bib.write_text(entry.sub("", text, count=1), encoding="utf-8")
    message = load_error(name)
    assert_names(message, file, None, "source_key")
    assert key in message and "references.bib" in message
    first = next(int(n) for n in re.findall(r"line (\d+)", message))
    with (scratch_data / "data" / file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[first - 2]["source_key"] == key, f"line {first} of {file} does not hold {key}"


def test_missing_file_names_the_file(scratch_data):
    name, file = figure_resource()
    (scratch_data / "data" / file).unlink()
    message = load_error(name)
    assert_names(message, file)
    assert "missing" in message


# --- the access layer: row, value, count, rows ---------------------------------------


def first_row(file: str) -> dict:
    with (DATA / file).open(encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))


def test_row_value_and_count_read_the_cell_the_csv_holds():
    name, file = figure_resource()
    written = first_row(file)
    assert data.row(name, written["id"])["source_key"] == written["source_key"]
    assert data.value(name, written["id"]) == pytest.approx(float(written["value"]))
    assert data.value(name, written["id"], "note") == int(written["note"])
    assert isinstance(data.value(name, written["id"], "note"), int)
    if float(written["value"]).is_integer():
        assert data.count(name, written["id"]) == int(float(written["value"]))
    assert len(data.rows(name)) == len(list(csv.reader((DATA / file).open(encoding="utf-8")))) - 1


def test_unknown_id_names_the_file_and_the_ids_that_exist():
    name, file = figure_resource()
    with pytest.raises(data.DataError) as caught:
        data.row(name, "no-such-row")
    message = str(caught.value)
    assert f"data/{file}" in message and "no-such-row" in message
    assert first_row(file)["id"] in message


def test_unknown_column_is_a_data_error():
    name, file = figure_resource()
    with pytest.raises(data.DataError, match="no column 'no_such_column'"):
        data.value(name, first_row(file)["id"], "no_such_column")


def test_a_fraction_is_not_a_count(scratch_data):
    name, file = figure_resource()
    set_cell(scratch_data / "data" / file, 2, "value", "12.5")
    clear_caches()
    with pytest.raises(data.DataError, match="not a whole number") as caught:
        data.count(name, first_row(file)["id"])
    assert f"data/{file}" in str(caught.value)
