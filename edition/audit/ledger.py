"""Access to the audit ledger and to the data rows it cites: the part the topic modules need.

The ledger ``data/printed_figures.csv`` has one row per claim the report prints. Topic
modules (``population``, ``aftermath``) show a printed figure beside their recomputation and
take it from here (:func:`printed`, :func:`printed_value`), so a printed figure is typed once,
in the ledger. This module imports no topic module, so they can import it freely.

It also reads the data rows a ledger computation depends on (:func:`stored_value`,
:func:`table_column`) and records which rows a computation read, so that the appendix can
name the rows behind every verdict and a test can check that every data row is audited.
"""
from __future__ import annotations

import contextvars

import pandas as pd

from edition import data

LEDGER = "printed_figures"
"""The resource (``data/printed_figures.csv``) that holds the ledger."""

T1 = "population_by_age"
T2 = "work_ability_by_category"
T3 = "population_by_sentence_length"
"""The report's three tables: ages (Table 1), work ability (Table 2), sentence lengths (Table 3)."""

JULY_1, OCTOBER_1 = "1945-07-01", "1945-10-01"
"""The two dates on which the tables count the prisoners held."""


def load_ledger() -> pd.DataFrame:
    """The ledger as stored, validated against its schema in ``datapackage.json``."""
    return data.load(LEDGER)


def printed(figure_id: str) -> str:
    """The ledger's ``printed`` text of one figure, exactly as the report prints it.

    The single place from which the chapters' modules take a printed figure that they show
    beside their recomputation (``printed("t1-under17-pct-released")`` -> ``"65.4%"``).
    Raises :class:`edition.data.DataError` for an id that is not a row of the ledger.
    """
    return str(data.value(LEDGER, figure_id, "printed"))


def printed_value(figure_id: str) -> float:
    """The ledger's ``value`` of one figure: the number its printed text states (``"- 1.1%"`` -> -1.1)."""
    return float(data.value(LEDGER, figure_id, "value"))


# --------------------------------------------------------------------------- rows read

_trace: contextvars.ContextVar[list | None] = contextvars.ContextVar("audit_trace", default=None)


def note_read(ref: str) -> None:
    """Record that the computation being evaluated depends on the data row ``ref``."""
    reads = _trace.get()
    if reads is not None and ref not in reads:
        reads.append(ref)


def start_trace() -> contextvars.Token:
    """Begin recording the rows read (see :func:`rows_read`); returns the token to end it."""
    return _trace.set([])


def rows_read() -> list[str]:
    """The rows recorded since :func:`start_trace`."""
    return list(_trace.get() or [])


def end_trace(token: contextvars.Token) -> None:
    _trace.reset(token)


def split_ref(ref: str) -> tuple[str, str]:
    """``"releases_by_camp_type/itl"`` -> ``("releases_by_camp_type", "itl")``."""
    resource, sep, row_id = ref.strip().partition("/")
    if not sep or not resource or not row_id:
        raise ValueError(f"{ref!r} is not a row reference of the form <resource>/<row id>")
    return resource, row_id


def stored_value(ref: str) -> float:
    """The ``value`` of one data row, by reference ``<resource>/<row id>``."""
    resource, row_id = split_ref(ref)
    value = data.value(resource, row_id)
    note_read(f"{resource}/{row_id}")
    return float(value)


def stored_date(ref: str) -> str:
    """The ``date`` of one data row (an ISO date or a ``start/end`` period)."""
    resource, row_id = split_ref(ref)
    note_read(f"{resource}/{row_id}")
    return str(data.value(resource, row_id, "date"))


def uses(*refs: str) -> None:
    """Record rows that a topic module's function reads on the audit's behalf."""
    for ref in refs:
        split_ref(ref)
        note_read(ref.strip())


def table_column(resource: str, date_text: str) -> pd.Series:
    """The counts of one column (a date) of a report table, by row key (the id before the date)."""
    frame = data.rows(resource)
    rows = frame[frame["id"].str.endswith("-" + date_text)]
    if rows.empty:
        raise data.DataError(f"data/{resource}.csv: no rows for the date {date_text}")
    for row_id in rows["id"]:
        note_read(f"{resource}/{row_id}")
    keys = rows["id"].str.slice(0, -(len(date_text) + 1))
    return pd.Series(rows["value"].astype(float).to_numpy(), index=keys.to_numpy())


def table_columns_read(resource: str, *dates: str) -> None:
    """Record every row of a report table's columns (a topic function read them)."""
    for date_text in dates or (JULY_1, OCTOBER_1):
        table_column(resource, date_text)


def cell(resource: str, key: str, date_text: str) -> float:
    """One cell of a report table: the row ``<key>-<date>``."""
    return stored_value(f"{resource}/{key}-{date_text}")


def rank(series: pd.Series, key: str, ascending: bool = False) -> int:
    """The rank of ``key`` in ``series`` (1 = the largest unless ``ascending``)."""
    if key not in series.index:
        raise KeyError(f"no row {key!r}; rows: {', '.join(map(str, series.index))}")
    ranks = series.rank(ascending=ascending, method="min")
    return int(ranks[key])
