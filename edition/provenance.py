"""Where each published figure comes from: the data rows read, their sources, the computation.

A chapter publishes its figures with :func:`edition.show.publish`, whose dict a topic
module's ``*_figures`` function builds, one entry per glue key. While such a function runs,
:mod:`edition.data` tells this module of every row (and every whole file) it returns; the
innermost ``*_figures`` frame on the stack and its line say on whose behalf. The function's
own source, parsed with :mod:`ast`, says which lines compute which key: the key's value
expression, and the statements before the dict that assign the names it uses. So the rows
of a key are the rows read on those lines -- recorded, not guessed.

Decisions:

* A whole file read (``data.load``) counts as all its rows (named as the file when it has
  more than :data:`WHOLE_FILE_ROWS`), unless the key's expression
  names some of its row ids as string literals (``progress.loc["freed-by-1945-08-25", ...]``);
  then those rows only.
* The computation is the key's expression as code, without the formatting call of
  :mod:`edition.show`, with the first line of the docstring of the function it calls. Where
  the figure is the sum of its rows, or the share of one row in another, the arithmetic is
  shown too ("206,554 + 414,199"), checked against the printed figure, never assumed.
* :func:`publish` glues each entry as JSON under ``provenance-<key>``;
  ``_ext/edition_values.py`` turns it into the figure's pop-over and its entry in the
  chapter's list of figures.
"""
from __future__ import annotations

import ast
import inspect
import json
import sys
import textwrap
from functools import cache

from edition import citations, data

PREFIX = "provenance-"
"""Glue-key prefix of a figure's provenance (``provenance-released-total``)."""

WHOLE_FILE_ROWS = 8
"""A whole file read for a figure is listed row by row up to this many rows, else as the file."""

PRODUCER_SUFFIX = "_figures"
"""Functions whose name ends so build the dicts that chapters publish."""

_reads: dict = {}  # code object -> {line: [(resource, row_id or None)]}
_globals: dict = {}  # code object -> the function's module namespace
_quiet = False


def _heard(resource: str, row_id: str | None) -> None:
    """The :data:`edition.data.listeners` hook: note the read under its producer's line."""
    if _quiet:
        return
    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_name.endswith(PRODUCER_SUFFIX):
        frame = frame.f_back
    if frame is None:
        return
    lines = _reads.setdefault(frame.f_code, {})
    _globals[frame.f_code] = frame.f_globals
    read = (resource, row_id)
    if read not in lines.setdefault(frame.f_lineno, []):
        lines[frame.f_lineno].append(read)


data.listeners.append(_heard)


# --- which lines compute which key ------------------------------------------------------------

def _names(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@cache
def layout(code) -> dict[str, dict]:
    """Per key of the dict literals in a producer's source: its value expression and the
    lines whose reads it depends on (its own, and those of the statements assigning the
    names it uses, followed back through earlier assignments)."""
    lines, first = inspect.getsourcelines(code)
    tree = ast.parse(textwrap.dedent("".join(lines)))
    function = tree.body[0]
    offset = first - 1
    assigned: dict[str, list[ast.stmt]] = {}
    for statement in function.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                for name in _names(target):
                    assigned.setdefault(name, []).append(statement)

    def depends(node) -> set[int]:
        span, seen, todo = set(range(node.lineno, node.end_lineno + 1)), set(), list(_names(node))
        while todo:
            name = todo.pop()
            for statement in assigned.get(name, []):
                if id(statement) not in seen:
                    seen.add(id(statement))
                    span |= set(range(statement.lineno, statement.end_lineno + 1))
                    todo.extend(_names(statement.value))
        return {line + offset for line in span}

    keys: dict[str, dict] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    keys[key.value] = {"expr": value, "lines": depends(value)}
    return keys


# --- one key's provenance ---------------------------------------------------------------------

def _inner(expr: ast.expr) -> ast.expr:
    """The expression without the formatting call of edition.show (``show.count(x)`` -> ``x``)."""
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and isinstance(expr.func.value, ast.Name) and expr.func.value.id == "show" and expr.args):
        return expr.args[0]
    return expr


def _doc_line(expr: ast.expr, namespace: dict) -> str:
    """The first sentence of the docstring of the function the expression calls, if any."""
    if not isinstance(expr, ast.Call):
        return ""
    path = ast.unparse(expr.func).split(".")
    target = namespace.get(path[0])
    for part in path[1:]:
        target = getattr(target, part, None)
    doc = inspect.getdoc(target) if callable(target) else None
    return (doc or "").split("\n\n")[0].replace("\n", " ").replace("``", "")


@cache
def _row_facts(resource: str, row_id: str | None) -> dict:
    if row_id is None:
        return {"file": resource, "rows": len(data.load(resource))}
    record = data.row(resource, row_id)
    facts = {"file": resource, "id": row_id}
    if "value" in record.index and not _missing(record["value"]):
        facts["value"] = _number_text(record["value"])
    if "source_key" in record.index and record["source_key"]:
        entry = citations.bibliography().get(record["source_key"])
        locator = str(record.get("locator", "") or "")
        if entry is not None:
            cite = citations.Citation(record["source_key"], locator)
            facts["source"] = "".join(piece.text for piece in citations.render(cite))
    if "note" in record.index and not _missing(record["note"]):
        facts["note"] = int(record["note"])
    return facts


def _missing(cell) -> bool:
    try:
        return bool(cell != cell) or cell is None or str(cell) == "<NA>"
    except TypeError:
        return True


def _number_text(number) -> str:
    number = float(number)
    return f"{int(number):,}" if number.is_integer() else f"{number:g}"


def _as_number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("%", "").replace("\u2212", "-").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def arithmetic(shown: str, rows: list[dict]) -> str:
    """``a + b`` when the shown figure is the sum of the rows' values, ``a ÷ b`` when it is
    one row's value as a per cent share of another's (to the shown decimals); else empty."""
    number = _as_number(shown)
    values = [(r["value"], float(r["value"].replace(",", ""))) for r in rows if "value" in r]
    if number is None or len(values) < 2:
        return ""
    if not shown.endswith("%") and abs(sum(v for _, v in values) - number) < 0.5:
        return " + ".join(text for text, _ in values)
    if shown.endswith("%"):
        digits = len(shown.rstrip("%").partition(".")[2])
        for j, (base_text, base) in enumerate(values):
            others = [pair for i, pair in enumerate(values) if i != j]
            tops = [[pair] for pair in others] + ([others] if len(others) > 1 else [])
            for top in tops:
                if base and round(100 * sum(v for _, v in top) / base, digits) == round(number, digits):
                    text = " + ".join(t for t, _ in top)
                    return f"({text}) \u00f7 {base_text}" if len(top) > 1 else f"{text} \u00f7 {base_text}"
    return ""


def trace(key: str, shown: str) -> dict:
    """The provenance of one published figure: rows, computation (see the module's doc)."""
    entry: dict = {"key": key, "value": shown, "rows": [], "computation": "", "code": ""}
    for code, reads in _reads.items():
        keys = layout(code)
        if key not in keys:
            continue
        expr, needed = keys[key]["expr"], keys[key]["lines"]
        named = _strings(expr)
        found = [read for line in sorted(needed) for read in reads.get(line, [])]
        chosen: list[tuple[str, str]] = []
        for resource, row_id in found:
            if row_id is not None:
                chosen.append((resource, row_id))
                continue
            frame = data.load(resource)
            ids = [str(i) for i in frame["id"]] if "id" in frame else []
            picked = [i for i in ids if i in named] or (ids if len(ids) <= WHOLE_FILE_ROWS else [])
            chosen.extend((resource, i) for i in picked) if picked else chosen.append((resource, None))
        unique = list(dict.fromkeys(chosen))
        entry["rows"] = [_row_facts(resource, row_id) for resource, row_id in unique]
        inner = _inner(expr)
        entry["code"] = ast.unparse(inner)
        entry["computation"] = _doc_line(inner, _globals.get(code, {}))
        entry["arithmetic"] = arithmetic(shown, entry["rows"])
        break
    return entry


def record(figures: dict[str, str]) -> dict[str, dict]:
    """The provenance of every figure of a published dict (reads made here are not traced)."""
    global _quiet
    _quiet = True
    try:
        return {key: trace(key, text) for key, text in figures.items()}
    finally:
        _quiet = False
        _row_facts.cache_clear()


class AsJson:
    """An entry whose plain-text form is its JSON (a notebook keeps glued outputs as text;
    myst-nb's glue accepts no JSON mime type)."""

    def __init__(self, entry: dict):
        self.entry = entry

    def __repr__(self) -> str:
        return json.dumps(self.entry, ensure_ascii=False)


def publish(figures: dict[str, str], glue) -> None:
    """Glue each figure's provenance as JSON text under ``provenance-<key>`` (``glue`` is myst_nb's)."""
    for key, entry in record(figures).items():
        glue(PREFIX + key, AsJson(entry), display=False)
