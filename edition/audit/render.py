"""How the audit shows a figure: values in their unit, editorial notes with computed placeholders, and the HTML table.

Editorial notes may hold placeholders that are computed when the page is built, so that a
note never types a recomputed figure: ``{computed}`` (this row's recomputed value),
``{printed}`` (its printed value) and ``{<computation>(<arguments>)}`` (any computation of the
registry, formatted in its unit).
"""
from __future__ import annotations

import html
import math
import re

import pandas as pd

from edition import show
from edition.audit.registry import REGISTRY, evaluate, parse_derivation

STATUS_LABELS = {"reproduced": "reproduced", "rounding": "rounding-level", "discrepancy": "discrepancy",
                 "follows": "follows a finding", "supported": "supported", "loose": "loose",
                 "contradicted": "contradicted", "not-checkable": "not checkable from the report"}
"""How each status reads on the page."""


def anchor(row_id: str) -> str:
    """The HTML id of a ledger row on the appendix page (``audit-<id>``)."""
    return f"audit-{row_id}"


def _decimals(precision: float) -> int:
    return max(0, -int(math.floor(math.log10(precision) + 1e-9))) if precision < 1 else 0


def format_value(value: float, unit: str, precision: float = 1.0, extra: int = 1) -> str:
    """A figure in its unit, with ``extra`` decimals more than the printed precision shows."""
    digits = _decimals(precision) + extra
    if unit == "percent":
        return show.percent(value, digits)
    if unit == "percentage points":
        return show.points(value, digits)
    if unit == "percent change":
        return show.signed_percent(value, digits)
    if unit == "direction":
        return {1.0: "rose", -1.0: "fell", 0.0: "unchanged"}.get(float(value), str(value))
    if unit == "ratio":
        return f"{value:.{max(digits, 1)}f} times"
    if unit == "rank":
        return f"rank {int(value)}"
    if unit in ("year",):
        return str(int(value))
    text = show.count(value) if float(value).is_integer() else f"{value:,.{max(digits, 1)}f}".replace("-", show.MINUS)
    return text if unit in ("persons", "") else f"{text} {unit}"


def format_computed(row) -> str:
    """A row's recomputed value, one decimal finer than the precision it is judged to."""
    if pd.isna(row["computed"]):
        return "judged from the evidence"
    unit = row["unit"]
    if unit == "persons" and not float(row["computed"]).is_integer():
        return show.count(round(float(row["computed"])))
    precision = float(row.get("judged_precision", row["precision"])) if row["qualifier"] == "exact" else _loose_precision(row)
    return format_value(float(row["computed"]), unit, precision, extra=0 if unit in ("persons", "rank", "direction") else 1)


def _loose_precision(row) -> float:
    value = abs(float(row["value"]))
    return 1.0 if value >= 1 else 0.1


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\([^{}]*\))?)\}")


def render_note(row) -> str:
    """The editorial note with its placeholders computed (see the module docstring)."""
    text = "" if pd.isna(row.get("editorial_note")) else str(row.get("editorial_note") or "")

    def fill(match):
        expr = match.group(1)
        if expr == "computed":
            return format_computed(row)
        if expr == "printed":
            return str(row["printed"])
        name, _ = parse_derivation(expr)
        value, _ = evaluate(expr)
        unit = REGISTRY[name].unit
        if unit == "persons":
            return show.count(round(value))
        if unit == "same as the row":
            unit = ""
        return format_value(value, unit, 1.0, extra=1)

    return _PLACEHOLDER.sub(fill, text)


# --------------------------------------------------------------------------- HTML tables

class AuditTable:
    """A small accessible HTML table whose rows can carry an ``id`` (the audit anchors).

    ``frame`` holds display strings; ``row_ids`` one anchor per row (or ``None``);
    ``links`` maps a column to a column of fragment ids that turn its cells into links
    (``#audit-...``); ``classes`` maps a column to a column of CSS class names for its cells;
    ``details`` maps a column to ``(column, kind)``: a second line under the cell's text,
    plain (``"text"``) or code (``"code"``, breakable after ``/``, ``_``, ``,`` and ``(``).
    Every text is escaped. Output mirrors :class:`edition.tables.Table`.
    """

    def __init__(self, frame: pd.DataFrame, row_ids: list[str | None] | None = None,
                 header_column: str | None = None, numeric: list[str] | None = None,
                 links: dict[str, str] | None = None, classes: dict[str, str] | None = None,
                 details: dict[str, tuple[str, str]] | None = None):
        self.frame = frame.reset_index(drop=True)
        self.row_ids = list(row_ids) if row_ids is not None else [None] * len(self.frame)
        if len(self.row_ids) != len(self.frame):
            raise ValueError("one row id per row")
        self.links = links or {}
        self.classes = classes or {}
        self.details = details or {}
        hidden = set(self.links.values()) | set(self.classes.values()) | {c for c, _ in self.details.values()}
        self.columns = [c for c in self.frame.columns if c not in hidden]
        self.header_column = header_column if header_column is not None else self.columns[0]
        self.numeric = list(numeric) if numeric is not None else []

    @staticmethod
    def _code(text: str) -> str:
        escaped = html.escape(text)
        return "<code>" + re.sub(r"([/_,(])", r"\1<wbr>", escaped) + "</code>"

    def _cell(self, row: pd.Series, column: str) -> str:
        text = html.escape("" if pd.isna(row[column]) else str(row[column]))
        if column in self.links and row[self.links[column]]:
            text = f'<a href="#{html.escape(str(row[self.links[column]]), quote=True)}">{text}</a>'
        if column in self.details:
            extra_column, kind = self.details[column]
            extra = "" if pd.isna(row[extra_column]) else str(row[extra_column])
            if extra:
                body = self._code(extra) if kind == "code" else html.escape(extra)
                text = (text + "<br>" if text else "") + f'<span class="audit-detail">{body}</span>'
        cls = []
        if column in self.numeric:
            cls.append("num")
        if column in self.classes and row[self.classes[column]]:
            cls.append(str(row[self.classes[column]]))
        attr = f' class="{html.escape(" ".join(cls), quote=True)}"' if cls else ""
        if column == self.header_column:
            return f'<th scope="row"{attr}>{text}</th>'
        return f"<td{attr}>{text}</td>"

    def _repr_html_(self) -> str:
        num = ' class="num"'
        head = "".join(
            f'<th scope="col"{num if c in self.numeric else ""}>{html.escape(str(c))}</th>' for c in self.columns)
        body = []
        for row_id, (_, row) in zip(self.row_ids, self.frame.iterrows(), strict=True):
            attr = f' id="{html.escape(row_id, quote=True)}"' if row_id else ""
            body.append(f"<tr{attr}>" + "".join(self._cell(row, c) for c in self.columns) + "</tr>")
        return (f'<div class="table-scroll"><table class="edition-data edition-audit">\n'
                f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>")

    def __repr__(self) -> str:
        return self.frame[self.columns].to_string(index=False)
