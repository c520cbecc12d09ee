"""The report's own derived cells of the population tables, beside the recomputation.

The cells are read exactly as printed from the ledger of printed figures
(``data/printed_figures.csv``, through :func:`edition.audit.printed`) and compared with
:mod:`edition.population.tables` by the audit's rule (:func:`reproduces`, which calls
:func:`edition.audit.classify`). The display tables (:func:`age_table`,
:func:`work_ability_table`, :func:`sentence_table`) set both side by side, as text made by
:mod:`edition.show`.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from edition import audit, data, printed_text, show
from edition.population.tables import (
    AGE,
    DASH,
    SKILLED,
    WORK_COLUMNS,
    age_totals,
    released_by_age,
    share_by_sentence_length,
    work_ability_shares,
    work_ability_sums,
)

TABLE1_LEDGER = {"under 17": "under17", "17-30": "17to30", "31-50": "31to50",
                 "51-60": "51to60", "over 60": "over60"}
"""Table 1's age groups and the key of each in the ledger's ids (``t1-<key>-released``,
``t1-<key>-pct-released``): the table's two derived columns, "Number Released" and
"Percentage Released" (GARF f. 9414, op. 1, d. 1246, l. 231)."""


TABLE3_LEDGER = {"up to 6 months": "upto6m", "6 months to 1 year": "6mto1y", "1 to 3 years": "1to3y",
                 "3 to 5 years": "3to5y", "5 to 10 years": "5to10y", "over 10 years": "over10y"}
"""Table 3's sentence bands and the key of each in the ledger's ids (``t3-<key>-pct-jul1``,
``t3-<key>-pct-oct1``, ``t3-<key>-change``): "% Gulag Population" on July 1 and October 1
and "% change" (l. 233)."""


TABLE3_COLUMNS = ("pct-jul1", "pct-oct1", "change")


PROSE_LEDGER = {
    # the prose that restates Table 3 (note 138)
    "under-five-before": "end-p2-nearly-half-under-five",
    "under-five-after": "end-p2-one-third-under-five",
    "five-to-ten-change": "end-p2-nearly-9-percent",
    "over-ten-change": "end-p2-3-3-percent",
    # the prose on men and women (notes 120-122)
    "gender-shift": "weak-p9-shift-about-ten",
}
"""Derived figures of the report's prose that the chapters quote beside the recomputation,
by the ledger id of each (``data/printed_figures.csv``)."""


def reproduces(printed_cell: str, computed: float) -> bool:
    """Whether a printed cell is the recomputed figure, correctly rounded to the cell's own
    precision: the audit's rule (:func:`edition.audit.classify`), so a cell that the audit
    counts as reproduced is never listed here as different."""
    return audit.classify(printed_text.number(printed_cell), computed, printed_text.precision(printed_cell)) == "reproduced"


def printed_table1() -> dict[str, tuple[str, str]]:
    """Table 1's derived cells as printed, by age group: ``(released, percent released)``,
    read from the ledger."""
    return {group: (audit.printed(f"t1-{key}-released"), audit.printed(f"t1-{key}-pct-released"))
            for group, key in TABLE1_LEDGER.items()}


def printed_table3() -> dict[str, tuple[str, str, str]]:
    """Table 3's derived cells as printed, by band: ``(share July 1, share October 1, change)``,
    read from the ledger."""
    return {band: tuple(audit.printed(f"t3-{key}-{column}") for column in TABLE3_COLUMNS)
            for band, key in TABLE3_LEDGER.items()}


def printed_phrase(name: str) -> str:
    """A derived figure of the report's prose (a key of :data:`PROSE_LEDGER`) in the report's
    words, taken from its ledger row: ``"under-five-before"`` -> ``"nearly half"``."""
    if name not in PROSE_LEDGER:
        raise KeyError(f"no printed figure {name!r}; known: {', '.join(PROSE_LEDGER)}")
    return printed_text.figure_words(audit.printed(PROSE_LEDGER[name]))


def age_printed_differences() -> pd.DataFrame:
    """The cells of Table 1's derived columns where the printed value differs from the recomputation.

    Columns: ``age_group``, ``column`` (``released`` / ``percent_released``), ``computed``,
    ``printed`` (text as printed) and ``printed_value``.
    """
    frame = released_by_age()
    rows = []
    for group, (printed_released, printed_share) in printed_table1().items():
        if group not in frame.index:
            raise KeyError(f"Table 1 has no age group {group!r} in data/{AGE}.csv")
        released = int(frame.loc[group, "released"])
        share = float(frame.loc[group, "percent_released"])
        if not reproduces(printed_released, released):
            rows.append({"age_group": group, "column": "released", "computed": released,
                         "printed": printed_released, "printed_value": printed_text.number(printed_released)})
        if not reproduces(printed_share, share):
            rows.append({"age_group": group, "column": "percent_released", "computed": share,
                         "printed": printed_share, "printed_value": printed_text.number(printed_share)})
    return pd.DataFrame(rows, columns=["age_group", "column", "computed", "printed", "printed_value"])


def printed_sentence_shares() -> pd.DataFrame:
    """Table 3's printed derived cells as numbers: ``share_before``, ``share_after``, ``change``."""
    rows = {band: [printed_text.number(c) for c in cells] for band, cells in printed_table3().items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["share_before", "share_after", "change"])


def implied_base(counts: pd.Series, printed: list[str]) -> tuple[float, float]:
    """The range of totals for which every count, as a share of that total, rounds to its printed cell.

    Each printed share with ``d`` decimals stands for an interval of half a unit of its last
    decimal either side; a base ``B`` fits when ``count / B`` lies in every interval. Raises
    if no base fits all cells.
    """
    low, high = 0.0, math.inf
    for count, text in zip(counts, printed):
        value = printed_text.number(text)
        half = 0.5 * 10 ** (-printed_text.decimals(text))
        top, bottom = (value + half) / 100.0, (value - half) / 100.0
        low = max(low, count / top)
        if bottom > 0:
            high = min(high, count / bottom)
    if low > high:
        raise ValueError("no single total reproduces every printed share")
    return low, high


def sentence_printed_bases() -> dict[str, tuple[float, float]]:
    """The totals that the printed shares of Table 3 imply, per date (see :func:`implied_base`)."""
    frame = share_by_sentence_length()
    cells = printed_table3()
    bands = list(frame.index)
    return {"before": implied_base(frame["before"], [cells[b][0] for b in bands]),
            "after": implied_base(frame["after"], [cells[b][1] for b in bands])}


def sentence_cell_differences() -> pd.DataFrame:
    """The printed derived cells of Table 3 that the recomputation does not reproduce.

    Each printed cell is compared at its own precision by :func:`reproduces` (``"10%"``
    with the recomputed share rounded to a whole number). Columns: ``band``, ``column`` (``share_before``,
    ``share_after``, ``change``), ``computed``, ``printed`` (text as printed).
    """
    frame = share_by_sentence_length()
    computed = {"share_before": frame["share_before"], "share_after": frame["share_after"],
                "change": frame["change_points"]}
    rows = []
    for band, cells in printed_table3().items():
        for column, text in zip(("share_before", "share_after", "change"), cells):
            value = float(computed[column][band])
            if not reproduces(text, value):
                rows.append({"band": band, "column": column, "computed": value, "printed": text})
    return pd.DataFrame(rows, columns=["band", "column", "computed", "printed"])


def printed_fraction_phrase(row_id: str) -> str:
    """The report's words for a skilled group's fall (``a third``), from the row's ``as_printed``."""
    text = str(data.row(SKILLED, row_id)["as_printed"])
    match = re.search(r"by (.+?),", text)
    if not match:
        raise ValueError(f"data/{SKILLED}.csv, row {row_id}: no 'by ...,' phrase in {text!r}")
    return match.group(1)


AGE_LABELS = {"under 17": "Under 17", "17-30": "17 to 30", "31-50": "31 to 50",
              "51-60": "51 to 60", "over 60": "Over 60"}


def age_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 1 as the book prints it (display strings) and its totals row."""
    frame = released_by_age()
    diffs = age_printed_differences()
    printed = []
    for group in frame.index:
        cells = diffs[diffs["age_group"] == group]
        parts = [("released " if c == "released" else "") + p for c, p in zip(cells["column"], cells["printed"])]
        printed.append("; ".join(parts) if parts else DASH)
    body = pd.DataFrame({
        "Age (years)": [AGE_LABELS.get(g, g) for g in frame.index],
        "July 1, 1945": frame["before"].map(show.count),
        "October 1, 1945": frame["after"].map(show.count),
        "Released": frame["released"].map(show.count),
        "Share released": frame["percent_released"].map(show.percent),
        "Report prints (where different)": printed,
    })
    totals = age_totals()
    foot = pd.DataFrame([{
        "Age (years)": "All ages",
        "July 1, 1945": show.count(totals["before"]),
        "October 1, 1945": show.count(totals["after"]),
        "Released": show.count(totals["released"]),
        "Share released": show.percent(totals["percent_released"]),
        "Report prints (where different)": "no total printed",
    }])
    return body, foot


def work_ability_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 2 as the book prints it and its row of column sums."""
    wide = work_ability_shares()
    body = pd.DataFrame({"Category of work ability": wide.index})
    for date, label in WORK_COLUMNS.items():
        body[label] = [DASH if pd.isna(v) else show.percent(v) for v in wide[date]]
    sums = work_ability_sums()
    foot = pd.DataFrame([{"Category of work ability": "Sum of the column",
                          **{label: show.percent(sums[d]) for d, label in WORK_COLUMNS.items()}}])
    return body, foot


BAND_LABELS = {"up to 6 months": "Up to 6 months", "6 months to 1 year": "6 months to 1 year",
               "1 to 3 years": "1 to 3 years", "3 to 5 years": "3 to 5 years",
               "5 to 10 years": "5 to 10 years", "over 10 years": "Over 10 years"}


def sentence_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 3 as the book prints it (recomputed shares and changes, printed cells beside them)
    and its totals row."""
    frame = share_by_sentence_length()
    printed = printed_table3()
    body = pd.DataFrame({
        "Length of sentence": [BAND_LABELS.get(b, b) for b in frame.index],
        "July 1, 1945": frame["before"].map(show.count),
        "Share, July 1": frame["share_before"].map(show.percent),
        "October 1, 1945": frame["after"].map(show.count),
        "Share, October 1": frame["share_after"].map(show.percent),
        "Change of share": frame["change_points"].map(show.points),
        "Report prints: shares and change": [" | ".join(printed[b]) for b in frame.index],
    })
    sums = printed_sentence_shares().sum().round(1)
    foot = pd.DataFrame([{
        "Length of sentence": "All lengths",
        "July 1, 1945": show.count(frame["before"].sum()),
        "Share, July 1": show.percent(frame["share_before"].sum()),
        "October 1, 1945": show.count(frame["after"].sum()),
        "Share, October 1": show.percent(frame["share_after"].sum()),
        "Change of share": DASH,
        "Report prints: shares and change": f"sums {show.percent(sums['share_before'])} | {show.percent(sums['share_after'])}",
    }])
    return body, foot
