"""The judged ledger: every row's recomputed value, its status, and the check that it is the expected one.

:func:`ledger` evaluates every row of ``data/printed_figures.csv`` (through the registry) and
judges it with the one comparison rule of :mod:`edition.audit.classification`:

* a ``primary:`` row checks a transcription: the stored value must equal the printed one (a
  claim in words that only transcribes the report's wording is *not checkable from the report*);
* a figure in digits is judged by :func:`~edition.audit.classification.classify`, to the
  precision its context gives (:func:`~edition.audit.classification.context_precision` for
  table cells);
* a claim in words (kinds in :data:`WORD_KINDS`) by
  :func:`~edition.audit.classification.judge_words`, with a fraction word's own band;
* a derived column (its derivation reads other ledger rows) by
  :func:`~edition.audit.classification.judge_derived`;
* a claim with several readings (``a | b``) by the best of them
  (:func:`~edition.audit.classification.best_reading`);
* a ``judged`` claim keeps the editors' verdict, which rests on its ``evidence`` rows.

:func:`mismatches` lists the rows whose status differs from the ledger's ``expected_status``:
the build and the tests fail on them, naming the row, both statuses and the rows to look at.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from edition.audit import classification as rules
from edition.audit import computations  # noqa: F401  (registers the topic computations)
from edition.audit.ledger import LEDGER, load_ledger
from edition.audit.registry import JUDGED, evaluate, parse_derivation, readings

WORD_KINDS = ("fraction-word", "round-word", "comparison-word", "change-word")
"""Kinds of claim made in words: judged supported, loose, contradicted or not checkable."""

KINDS = ("count", "percent", "total", "table-cell", "check", *WORD_KINDS, "date", "interval",
         "frequency", "threshold")
"""The ledger's ``kind`` column: what sort of claim a row is."""

_CELL = re.compile(r'^table (\d), row "(.+)", column "(.+)"$')


def is_word_claim(row) -> bool:
    return str(row["kind"]) in WORD_KINDS


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in ("", "<NA>", "nan")


def cell_precisions(frame: pd.DataFrame) -> dict[str, float]:
    """The context precision of every table cell: the finest precision printed in its column."""
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row_id, location, printed in zip(frame["id"], frame["location"], frame["printed"], strict=True):
        match = _CELL.match(str(location))
        if match:
            columns.setdefault((match.group(1), match.group(3)), []).append((row_id, str(printed)))
    out = {}
    for cells in columns.values():
        texts = [t for _, t in cells]
        for row_id, text in cells:
            out[row_id] = rules.context_precision(text, texts)
    return out


def judge_value(row, computed: float, reads: list[str], precision: float, statuses: dict[str, str]) -> str:
    """The status of one reading of one row (see the module docstring)."""
    derivation = str(row["derivation"])
    if derivation.startswith("primary:"):
        same = math.isclose(float(row["value"]), computed, rel_tol=1e-12, abs_tol=1e-12)
        if not same:
            return "discrepancy"
        return "not-checkable" if is_word_claim(row) else "reproduced"
    inputs = [r.split("/", 1)[1] for r in reads if r.startswith(LEDGER + "/")]
    if inputs:
        from_counts = computed if _blank(row.get("from_counts")) else evaluate(str(row["from_counts"]))[0]
        findings = [i for i in inputs if statuses.get(i, "reproduced") not in rules.NOT_A_FINDING]
        return rules.judge_derived(row["value"], computed, from_counts, precision, findings)
    if is_word_claim(row):
        unit = parse_unit(derivation)
        tolerance = rules.word_tolerance(str(row["printed"]), float(row["value"]), row["qualifier"], precision)
        return rules.judge_words(row["value"], computed, tolerance, row["qualifier"], unit)
    return rules.classify(row["value"], computed, precision, row["qualifier"])


def parse_unit(derivation: str) -> str:
    from edition.audit.registry import unit_of

    return unit_of(readings(derivation)[0])


def _judge_row(row, precision: float, statuses: dict[str, str]) -> tuple[float, str, tuple, int]:
    if str(row["derivation"]).strip() == JUDGED:
        return math.nan, str(row["expected_status"]), tuple(evidence_refs(row)), 0
    results = []
    for derivation in readings(row["derivation"]):
        value, reads = evaluate(derivation)
        single = dict(row)
        single["derivation"] = derivation
        results.append((value, judge_value(single, value, reads, precision, statuses), tuple(reads)))
    taken = rules.best_reading([status for _, status, _ in results])
    value, status, reads = results[taken]
    return value, status, tuple(dict.fromkeys(r for _, _, rs in results for r in rs)), taken


def evidence_refs(row) -> list[str]:
    """The rows a verdict rests on, from the ``evidence`` column (``;``-separated)."""
    text = "" if _blank(row.get("evidence")) else str(row["evidence"])
    return [part.strip() for part in text.split(";") if part.strip()]


def ledger() -> pd.DataFrame:
    """The ledger with the columns ``computed``, ``status``, ``reads`` and ``reading`` added.

    ``reading`` is the index of the reading taken (0 when the derivation has one). Rows are
    judged in file order except that derived cells (which read other ledger rows) come after
    the rows they read, so a derived cell sees its inputs' statuses.
    """
    frame = load_ledger()
    precisions = cell_precisions(frame)
    statuses: dict[str, str] = {}
    results: dict[str, tuple] = {}
    derived = frame["derivation"].str.contains("printed_difference", regex=False)
    for _, row in pd.concat([frame[~derived], frame[derived]]).iterrows():
        precision = precisions.get(row["id"], float(row["precision"]) if not _blank(row["precision"]) else 1.0)
        results[row["id"]] = _judge_row(row, precision, statuses) + (precision,)
        statuses[row["id"]] = results[row["id"]][1]
    frame["computed"] = [results[i][0] for i in frame["id"]]
    frame["status"] = [results[i][1] for i in frame["id"]]
    frame["reads"] = [results[i][2] for i in frame["id"]]
    frame["reading"] = [results[i][3] for i in frame["id"]]
    frame["judged_precision"] = [results[i][4] for i in frame["id"]]
    return frame


def status_of(row, computed: float | None = None) -> str:
    """The status of one ledger row, judged alone (derived cells as if their inputs were reproduced)."""
    if computed is None:
        return _judge_row(row, float(row["precision"]), {})[1]
    reads = evaluate(readings(row["derivation"])[0])[1]
    return judge_value(row, computed, reads, float(row["precision"]), {})


def recompute(row) -> float:
    """The recomputed value of one ledger row (its first reading)."""
    return evaluate(readings(row["derivation"])[0])[0]


def counts(frame: pd.DataFrame | None = None) -> dict[str, int]:
    """How many ledger rows have each status, and in all."""
    frame = ledger() if frame is None else frame
    out = {s: int((frame["status"] == s).sum()) for s in rules.ALL_STATUSES}
    out["total"] = int(len(frame))
    out["primary"] = int(frame["derivation"].str.startswith("primary:").sum())
    out["judged"] = int((frame["derivation"].str.strip() == JUDGED).sum())
    out["recomputed"] = out["total"] - out["primary"] - out["judged"]
    out["findings"] = int((~frame["status"].isin(rules.NOT_A_FINDING)).sum())
    return out


def kind_by_verdict(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of rows by kind (rows, in :data:`KINDS` order) and status (columns)."""
    frame = ledger() if frame is None else frame
    present = [s for s in rules.ALL_STATUSES if (frame["status"] == s).any()]
    table = pd.crosstab(frame["kind"], frame["status"]).reindex(
        index=[k for k in KINDS if (frame["kind"] == k).any()], columns=present, fill_value=0)
    table["total"] = table.sum(axis=1)
    return table


def mismatches(frame: pd.DataFrame | None = None) -> list[str]:
    """One message per row whose computed status is not the ledger's ``expected_status``.

    Each names the file and line of the row, both statuses, the printed and recomputed
    values and the data rows the recomputation read, and says how to fix it.
    """
    frame = ledger() if frame is None else frame
    messages = []
    for line, (_, row) in enumerate(frame.iterrows(), start=2):
        if row["status"] == row["expected_status"]:
            continue
        computed = "" if _blank(row["computed"]) else f", recomputed {row['computed']:,.6g}"
        reads = ", ".join(f"data/{r.split('/')[0]}.csv row '{r.split('/', 1)[1]}'" for r in row["reads"])
        messages.append(
            f"data/{LEDGER}.csv, line {line}, row '{row['id']}': the ledger expects "
            f"'{row['expected_status']}' but the data gives '{row['status']}' (printed "
            f"{row['printed']!r}{computed}). Look at {reads or 'the derivation ' + repr(row['derivation'])}: "
            "if a data file has a typo, correct it; if the data is right, change expected_status "
            "and the editorial note of this row.")
    return messages


def validate_derivations(frame: pd.DataFrame | None = None) -> None:
    """Raise ``ValueError`` naming the row of the first derivation that does not parse."""
    frame = load_ledger() if frame is None else frame
    for _, row in frame.iterrows():
        for derivation in readings(row["derivation"]):
            try:
                parse_derivation(derivation)
            except ValueError as error:
                raise ValueError(f"data/{LEDGER}.csv, row '{row['id']}': {error}") from None
