"""Load the edition's CSV files as typed DataFrames, validated against the data package.

Every load checks the file against its schema in ``data/datapackage.json`` with the
Frictionless library (types, required values, minimum 0, enumerations, unique ids) and
checks that every ``source_key`` is a key of ``references.bib``. Before that it checks what
Frictionless would guess around (the declared encoding and CSV dialect, an empty file), and
after it what a schema cannot say: a percentage lies within 0-100, a date exists, and the
shares that ``datapackage.json`` declares under ``edition:sums`` add up within their stated
tolerance. A CSV in ``data/`` that the package does not list is an error too, so nothing is
published unvalidated. Anything wrong raises :class:`DataError`, whose message names the
file, the line and the column, and says how to fix it. A chapter never prints a figure from
a file that failed these checks.

Code reads data only through this module: :func:`rows` (a whole file), :func:`row`,
:func:`value` and :func:`count` (one row or cell by id).
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
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
        package = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{_relative(path)}, line {exc.lineno}: not valid JSON ({exc.msg}).") from exc
    listed = {res.get("path") for res in package.get("resources", [])}
    unlisted = sorted(p.name for p in path.parent.glob("*.csv") if p.name not in listed)
    if unlisted:
        raise DataError(
            f"data/{unlisted[0]}: the file is not described in data/datapackage.json, so it would be "
            f"published unvalidated (unlisted: {', '.join(unlisted)}). Add a resource with its schema "
            "to datapackage.json, or remove the file.")
    return package


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


def bib_keys() -> frozenset[str]:
    """Every key of ``references.bib`` (read by :mod:`edition.bibliography`, which names the
    file, entry and line of a syntax error)."""
    path = paths.bibliography_path()
    return _bib_keys(hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "")


@lru_cache(maxsize=4)
def _bib_keys(content_key: str) -> frozenset[str]:
    from edition.bibliography import BibliographyError, read

    try:
        return frozenset(read())
    except BibliographyError as exc:
        raise DataError(str(exc)) from exc


def clear_caches() -> None:
    """Forget every cached load (the caches are keyed on content, so this only frees memory)."""
    _bib_keys.cache_clear()
    _load_cached.cache_clear()


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
    problems = _input_problems(res, path) or _frictionless_problems(res, path)
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
    return problems or _meaning_problems(res, path)


# --- what Frictionless would guess around: encoding, emptiness, dialect -------------------

def _input_problems(res: dict, path: Path) -> list[Problem]:
    """The file's bytes against what the package declares, before any parsing."""
    where = _relative(path)
    encoding = res.get("encoding", "utf-8").lower()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return [Problem(where, line, None,
                        f"byte 0x{raw[exc.start]:02x} is not {encoding.upper()} (the encoding datapackage.json "
                        "declares); the file was probably saved as Windows-1252 or Latin-1",
                        f"Save the file as {encoding.upper()} (in a spreadsheet: 'CSV UTF-8')")]
    if not text.strip():
        return [Problem(where, None, None, "the file is empty",
                        "Restore the file from version control; every resource holds a header and rows")]
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0]
    declared = res.get("dialect", {}).get("delimiter", ",")
    try:
        found = csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
    except csv.Error:
        found = declared
    if found != declared and declared not in header:
        return [Problem(where, 1, None,
                        f"the columns are separated by {found!r}, but datapackage.json declares {declared!r}",
                        f"Save the file with {declared!r} between cells (in a spreadsheet: 'CSV, comma-separated')")]
    if len(lines) < 2:
        return [Problem(where, None, None, "the file has a header but no rows",
                        "Restore the rows from version control; an empty file would empty every page that uses it")]
    return []


# --- what a schema cannot say: percentages, dates, shares that add up -------------------

PERCENT_RANGE = (0, 100)


def parse_date(text: str) -> date:
    """The edition's one reader of a date as the data writes it: ``1945``, ``1945-07`` or
    ``1945-07-01`` (a year or month stands for its first day). Raises ``ValueError`` for a
    text that is not such a date or a date that does not exist (``1945-13-45``)."""
    try:
        parts = [int(p) for p in str(text).strip().split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError
        return date(*(parts + [1] * (3 - len(parts))))
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD") from None


def parse_period(text: str) -> tuple[date, date]:
    """A date or a period ``start/end`` as (start, end); a single date is both ends."""
    start, _, end = str(text).partition("/")
    return parse_date(start), parse_date(end or start)


def _meaning_problems(res: dict, path: Path) -> list[Problem]:
    where = _relative(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    date_columns = [f["name"] for f in res["schema"]["fields"] if f["name"] == "date" or f["name"].endswith("_date")]
    for line, record in enumerate(frame.to_dict("records"), start=2):
        if record.get("unit") == "percent" and record.get("value", "") != "":
            share = float(record["value"])
            if not PERCENT_RANGE[0] <= share <= PERCENT_RANGE[1]:
                problems.append(Problem(where, line, "value", f"{share:g} percent is outside 0-100",
                                        "A share cannot exceed the whole; check for a slipped digit "
                                        "or a count stored as a percentage"))
        for column in date_columns:
            text = record.get(column, "")
            if text:
                try:
                    start, end = parse_period(text)
                except ValueError as exc:
                    problems.append(Problem(where, line, column, f"'{text}' is not a date that exists ({exc})",
                                            "Write a real date as YYYY, YYYY-MM or YYYY-MM-DD"))
                    continue
                if end < start:
                    problems.append(Problem(where, line, column, f"the period '{text}' ends before it starts",
                                            "Write the period as start/end"))
    return problems + _sum_problems(res, frame, where)


def _sum_problems(res: dict, frame: pd.DataFrame, where: str) -> list[Problem]:
    """Check the groups that ``edition:sums`` declares: each adds up to its total within
    the tolerance (the rounding of the source's own figures)."""
    problems = []
    for rule in res.get("edition:sums", []):
        chosen = frame
        if "rows" in rule:
            chosen = frame[frame["id"].isin(rule["rows"])]
        for column, wanted in rule.get("where", {}).items():
            chosen = chosen[chosen[column] == wanted]
        groups = chosen.groupby(rule["group_by"]) if rule.get("group_by") else [("all", chosen)]
        for _, group in groups:
            total = group["value"].astype(float).sum()
            if abs(total - rule["total"]) > rule["tolerance"]:
                lines = ", ".join(str(i + 2) for i in group.index)
                problems.append(Problem(
                    where, int(group.index[0]) + 2, "value",
                    f"the shares {', '.join(group['id'])} (lines {lines}) add up to {total:g}, not "
                    f"{rule['total']:g} within {rule['tolerance']:g} ({rule.get('why', 'edition:sums in datapackage.json')})",
                    "Check each of these rows against the report; one of them holds a slipped digit"))
    return problems


@cache
def _load_cached(name: str, content_key: str) -> pd.DataFrame:
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
    frame = _typed_frame(name)
    _tell_listeners(frame.attrs["resource"], None)
    return frame


def _typed_frame(name: str) -> pd.DataFrame:
    res = _resource(name)
    return _load_cached(res["name"], _content_key(res)).copy()


# --- who reads what: the hook of edition.provenance ---------------------------------------

listeners: list = []
"""Callables told ``(resource, row_id)`` of each row :func:`row` returns (so also :func:`value`,
:func:`count`) and ``(resource, None)`` of each whole file :func:`load` returns; :mod:`edition.provenance`
listens, to name the rows behind each printed figure."""


def _tell_listeners(resource: str, row_id: str | None) -> None:
    for listener in listeners:
        listener(resource, row_id)


def _content_key(res: dict) -> str:
    """A hash of what a load depends on: the file, the package and references.bib.

    Keyed on content, not modification times, so a file restored with an older date
    (``cp -p``, ``tar``, ``unzip``) is never served from the cache."""
    digest = hashlib.sha256()
    for path in (paths.data_dir() / res["path"], paths.datapackage_path(), paths.bibliography_path()):
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    return digest.hexdigest()


def records(resource: str) -> list[dict[str, str]]:
    """Every row of one resource as written (cells as text), after the same validation as
    :func:`load`; for code that works with the text of a file (the glossary, the notes)."""
    load(resource)
    with (paths.data_dir() / _resource(resource)["path"]).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows(resource: str) -> pd.DataFrame:
    """Every row of one resource, validated and typed (the same frame as :func:`load`)."""
    return load(resource)


def row(resource: str, row_id: str) -> pd.Series:
    """One row of one resource, by its ``id``.

    An unknown id raises :class:`DataError` (never a bare ``KeyError``) naming the file,
    the id asked for and the ids the file has, so a typo is fixed in one look.
    """
    frame = _typed_frame(resource)
    if "id" not in frame.columns:
        raise DataError(f"{frame.attrs['path']}: has no 'id' column, so rows cannot be looked up by id. "
                        "Read the whole file with data.rows() instead.")
    match = frame.loc[frame["id"] == row_id]
    if match.empty:
        known = ", ".join(frame["id"].astype(str))
        raise DataError(f"{frame.attrs['path']}: no row with id '{row_id}'. "
                        f"The file's ids are: {known or '(none: the file has no rows)'}. "
                        "Check the id in the code or add the row to the CSV.")
    _tell_listeners(frame.attrs["resource"], row_id)
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


def report_note_numbers() -> range:
    """The report's note numbers (1 to the last note), as ``report_notes``'s schema bounds them."""
    fields = {f["name"]: f for f in _resource("report_notes")["schema"]["fields"]}
    bounds = fields["note"].get("constraints", {})
    return range(bounds.get("minimum", 1), bounds["maximum"] + 1)


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
