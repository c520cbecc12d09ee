"""Load the edition's CSV files as typed DataFrames, validated against the data package.

Every load checks the file against its schema in ``data/datapackage.json`` with the
Frictionless library (types, required values, minimum 0, enumerations, unique ids) and
checks that every ``source_key`` is a key of ``references.bib``. Anything wrong raises
:class:`DataError`, whose message names the file, the line and the column, and says how
to fix it. A chapter never prints a figure from a file that failed these checks.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from edition import paths

PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}


class DataError(ValueError):
    """A data file is missing, malformed or breaks its schema."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}. {self.fix}"


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(paths.book_root()))
    except ValueError:
        return str(path)


def load_package() -> dict:
    """The data package descriptor (``data/datapackage.json``) as a dict."""
    path = paths.datapackage_path()
    if not path.is_file():
        raise DataError(f"{_relative(path)}: missing file. The data package descriptor must exist beside the CSVs.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{_relative(path)}, line {exc.lineno}: not valid JSON ({exc.msg}).") from exc


def resource_names() -> list[str]:
    """Names of every resource in the data package, in the package's order."""
    return [r["name"] for r in load_package()["resources"]]


def _resource(name: str) -> dict:
    package = load_package()
    for res in package["resources"]:
        if name in (res["name"], Path(res["path"]).stem, res["path"]):
            return res
    known = ", ".join(r["name"] for r in package["resources"])
    raise DataError(
        f"data/datapackage.json: no resource named '{name}'. Known resources: {known}. "
        "Add the file to the data package or use one of these names."
    )


@lru_cache(maxsize=1)
def bib_keys() -> frozenset[str]:
    """Every key of ``references.bib`` (read with bibtexparser)."""
    from edition.citations import bibliography

    return frozenset(bibliography())


def _frictionless_problems(res: dict, path: Path) -> list[Problem]:
    import frictionless

    resource = frictionless.Resource(dict(res), basepath=str(path.parent))
    report = resource.validate()
    problems = []
    for task in report.tasks:
        for err in task.errors:
            line = getattr(err, "row_number", None)
            column = getattr(err, "field_name", None)
            problems.append(Problem(_relative(path), line, column, err.message.rstrip("."), _fix_for(err.type)))
    for err in report.errors:
        problems.append(Problem(_relative(path), None, None, err.message.rstrip("."), _fix_for(err.type)))
    return problems


def _fix_for(error_type: str) -> str:
    fixes = {
        "type-error": "Write the value in the type that datapackage.json gives for this column (numbers without separators or % signs)",
        "constraint-error": "Correct the value so that it meets the column's constraint in datapackage.json; figures are never negative and every required cell is filled",
        "missing-cell": "Fill the cell, or check for a missing comma",
        "extra-cell": "Remove the extra cell, or quote a value that contains a comma",
        "blank-row": "Remove the blank row",
        "unique-error": "Give each row its own id",
        "primary-key": "Give each row its own id",
        "incorrect-label": "Make the header match the field names of datapackage.json, in order",
        "missing-label": "Add the missing column to the header",
        "extra-label": "Remove the column or describe it in datapackage.json",
        "scheme-error": "Restore the file, or remove its resource from datapackage.json",
    }
    return fixes.get(error_type, "See data/README.md for the transcription rules") + "."


def validate(name: str) -> list[Problem]:
    """Every problem of one resource (empty when the file is sound)."""
    res = _resource(name)
    path = paths.data_dir() / res["path"]
    if not path.is_file():
        return [Problem(_relative(path), None, None,
                        f"missing file (datapackage.json lists it as resource '{res['name']}')",
                        "Restore the file from version control, or remove its resource from datapackage.json.")]
    problems = _frictionless_problems(res, path)
    if problems:
        return problems
    fields = [f["name"] for f in res["schema"]["fields"]]
    if "source_key" in fields:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        keys = bib_keys()
        required = next(f for f in res["schema"]["fields"] if f["name"] == "source_key").get(
            "constraints", {}).get("required", False)
        for i, key in enumerate(frame["source_key"], start=2):
            if key not in keys and (key or required):
                problems.append(Problem(_relative(path), i, "source_key",
                                        f"'{key}' is not a key of references.bib",
                                        "Use a key that references.bib defines, or add the work there."))
    return problems


@lru_cache(maxsize=None)
def _load_cached(name: str, mtime_ns: int) -> pd.DataFrame:
    problems = validate(name)
    if problems:
        raise DataError("\n".join(str(p) for p in problems))
    res = _resource(name)
    dtypes = {f["name"]: PANDAS_TYPES.get(f.get("type", "string"), "string") for f in res["schema"]["fields"]}
    frame = pd.read_csv(paths.data_dir() / res["path"], dtype=dtypes, keep_default_na=False,
                        na_values={c: [""] for c, t in dtypes.items() if t != "string"})
    frame.attrs["resource"] = res["name"]
    frame.attrs["path"] = f"data/{res['path']}"
    return frame


def load(name: str) -> pd.DataFrame:
    """One data file as a typed DataFrame, after validation.

    ``name`` is the resource name in ``datapackage.json`` (equal to the file's stem, e.g.
    ``"population_by_age"``). Raises :class:`DataError` naming file, line and column.
    """
    res = _resource(name)
    path = paths.data_dir() / res["path"]
    mtime = path.stat().st_mtime_ns if path.is_file() else -1
    return _load_cached(res["name"], mtime).copy()


def rows(resource: str) -> pd.DataFrame:
    """Every row of one resource, validated and typed (the same frame as :func:`load`)."""
    return load(resource)


def row(resource: str, row_id: str) -> pd.Series:
    """One row of one resource, by its ``id``.

    An unknown id raises :class:`DataError` (never a bare ``KeyError``) naming the file,
    the id asked for and the ids the file has, so a typo is fixed in one look.
    """
    frame = load(resource)
    if "id" not in frame.columns:
        raise DataError(f"{frame.attrs['path']}: has no 'id' column, so rows cannot be looked up by id. "
                        "Read the whole file with data.rows() instead.")
    match = frame.loc[frame["id"] == row_id]
    if match.empty:
        known = ", ".join(frame["id"].astype(str))
        raise DataError(f"{frame.attrs['path']}: no row with id '{row_id}'. "
                        f"The file's ids are: {known or '(none: the file has no rows)'}. "
                        "Check the id in the code or add the row to the CSV.")
    return match.iloc[0]


def _field_type(resource: str, column: str) -> str:
    fields = {f["name"]: f.get("type", "string") for f in _resource(resource)["schema"]["fields"]}
    return fields.get(column, "string")


def value(resource: str, row_id: str, column: str = "value"):
    """One cell by row id: ``int`` for an integer column, ``float`` for a number column,
    the string otherwise. A missing column or an empty cell raises :class:`DataError`."""
    record = row(resource, row_id)
    path = f"data/{_resource(resource)['path']}"
    if column not in record.index:
        raise DataError(f"{path}: no column '{column}' (columns: {', '.join(record.index)}). "
                        "Use a column that datapackage.json declares for this file.")
    cell = record[column]
    if pd.isna(cell):
        raise DataError(f"{path}, row '{row_id}', column '{column}': the cell is empty but a value is needed. "
                        "Fill the cell in the CSV.")
    kind = _field_type(resource, column)
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    return cell


def count(resource: str, row_id: str) -> int:
    """A count (a number of people, copies, days...) by row id, as an ``int``.

    A value with a fractional part is an error: a count is whole, and a fraction here means
    the wrong row or a percentage stored in place of a count.
    """
    number = value(resource, row_id)
    if float(number) != int(number):
        raise DataError(f"data/{_resource(resource)['path']}, row '{row_id}', column 'value': "
                        f"{number} is not a whole number, so it cannot be a count. "
                        "Check that the row holds a count and not a percentage.")
    return int(number)


def figure(name: str, row_id: str, column: str = "value"):
    """One cell of one file, by the row's ``id`` (kept for existing callers; see :func:`value`)."""
    return row(name, row_id)[column]


def figure_resources() -> list[str]:
    """The files of figures: those whose rows carry a value and its archival source."""
    names = []
    for res in load_package()["resources"]:
        fields = {f["name"] for f in res["schema"]["fields"]}
        if {"value", "source_key", "as_printed"} <= fields:
            names.append(res["name"])
    return names


def package_summary() -> dict[str, int]:
    """How much data the edition rests on: figure files, their rows, sources and report notes."""
    files = rows = 0
    sources: set[str] = set()
    notes: set[int] = set()
    for name in figure_resources():
        frame = load(name)
        files += 1
        rows += len(frame)
        if "source_key" in frame:
            sources.update(k for k in frame["source_key"] if k)
        if "note" in frame:
            notes.update(int(n) for n in frame["note"].dropna())
    return {"files": files, "rows": rows, "sources": len(sources), "notes": len(notes)}
