"""Stocks and flows: what the tables' "released" columns measure, against the releases and arrivals.

The report's age and sentence tables count the prisoners *held* on July 1 and October 1,
1945 (stocks). Releases and new arrivals are *flows* between those dates. The age table's
"Number Released" is the fall of the stock, so it counts every release net of every arrival
(and of deaths, escapes and transfers, which the report does not give for the period). This
module sets the stocks beside the flows the report prints and computes what is left
unexplained; every figure comes from the topic modules or a data row.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from edition import data, population, releases, show

ARRIVALS = ("new_arrivals", "arrivals-to-1945-10-01")
"""New prisoners from the publication of the law to October 1 (note 150)."""

FREED_BY_OCTOBER = ("amnesty_implementation", "freed-by-1945-10-05")
"""The tally of prisoners freed from camps and colonies closest to October 1 (note 31)."""


@dataclass(frozen=True)
class Reconciliation:
    """One table's stocks against the flows between its two dates."""

    table: str
    held_before: int
    held_after: int
    freed: int
    arrivals: int

    @property
    def net_fall(self) -> int:
        """The table's own "released": the stock on July 1 minus the stock on October 1."""
        return self.held_before - self.held_after

    @property
    def expected_after(self) -> int:
        """The October stock the flows imply: July 1, minus those freed, plus the new arrivals."""
        return self.held_before - self.freed + self.arrivals

    @property
    def unexplained(self) -> int:
        """Prisoners the flows leave unaccounted for (positive: the stock fell by more)."""
        return self.expected_after - self.held_after


def reconciliations() -> list[Reconciliation]:
    """The age table and the sentence table, each against the same flows."""
    freed = data.count(*FREED_BY_OCTOBER)
    arrivals = data.count(*ARRIVALS)
    ages = population.age_totals()
    sentences = population.sentence_totals()
    return [Reconciliation("age table", int(ages["before"]), int(ages["after"]), freed, arrivals),
            Reconciliation("sentence table", int(sentences["before"]), int(sentences["after"]), freed, arrivals)]


def flows_frame() -> pd.DataFrame:
    """The reconciliation as numbers: one column per table, one row per step."""
    rows = {}
    for rec in reconciliations():
        rows[rec.table] = {
            "held on July 1, 1945": rec.held_before,
            "freed from camps and colonies by October 5 (note 31)": -rec.freed,
            "new prisoners, publication of the law to October 1 (note 150)": rec.arrivals,
            "held on October 1 if nothing else moved": rec.expected_after,
            "held on October 1, 1945": rec.held_after,
            "left unexplained (deaths, escapes, transfers, other releases, dates)": rec.unexplained,
            "the table's own “released” (July 1 minus October 1)": rec.net_fall,
        }
    return pd.DataFrame(rows)


def flows_table():
    """:func:`flows_frame` as an edition table of display strings."""
    from edition.tables import Table

    frame = flows_frame()
    out = pd.DataFrame({"Stock or flow": frame.index})
    for column in frame.columns:
        out[column[:1].upper() + column[1:]] = [show.count(v).replace("-", show.MINUS) for v in frame[column]]
    return Table(out, numeric=[c for c in out.columns if c != "Stock or flow"])


def flows_figures() -> dict[str, str]:
    """Glue values of the stocks-and-flows section of the audit page."""
    ages, sentences = reconciliations()
    return {
        "audit-flow-net-fall-age": show.count(ages.net_fall),
        "audit-flow-freed": show.count(ages.freed),
        "audit-flow-arrivals": show.count(ages.arrivals),
        "audit-flow-unexplained-age": show.count(ages.unexplained),
        "audit-flow-unexplained-sentence": show.count(sentences.unexplained),
        "audit-flow-total-released": show.count(releases.total_released()),
        "audit-flow-release-gap": show.count(releases.total_released() - ages.net_fall),
    }
