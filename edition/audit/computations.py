"""The audit's computations of the report's own quantities: each CALLS the topic module that owns it.

The audit never works a quantity out a second time: the total released is
:func:`edition.releases.total_released`, the age table's released column is
:func:`edition.population.released_by_age`, the worked example is
:func:`edition.decree.worked_example`, and so on. What this module adds is the reading of a
ledger argument (a table's row key such as ``under-17``, a date) and the record of the data
rows each quantity rests on (:func:`edition.audit.ledger.uses`), which the appendix shows and
a test checks against the data files.
"""
from __future__ import annotations

import calendar
import math

import pandas as pd

from edition import aftermath, data, decree, population, releases
from edition.audit.ledger import (
    JULY_1,
    OCTOBER_1,
    T1,
    T2,
    T3,
    rank,
    stored_date,
    stored_value,
    table_column,
    table_columns_read,
    uses,
)
from edition.audit.registry import computation, share

CAMP_ROWS = ("releases_by_camp_type/itl", "releases_by_camp_type/uitlk-oitk")
HALVED_ROWS = ("sentences_halved/camps", "sentences_halved/colonies")
AT_LAW = "camp_population_totals/gulag-at-amnesty-law"
DATES = {JULY_1: "before", OCTOBER_1: "after"}


def _released_rows() -> None:
    uses(*CAMP_ROWS)


def _date_column(date_text: str) -> str:
    if date_text not in DATES:
        raise ValueError(f"the report's tables have the dates {', '.join(DATES)}, not {date_text!r}")
    return DATES[date_text]


def _label(resource: str, key: str, dimension: str) -> str:
    """The label of a table row (``under 17``) from the ledger's row key (``under-17``)."""
    frame = data.rows(resource)
    match = frame[frame["id"] == f"{key}-{JULY_1}"]
    if match.empty:
        keys = sorted({i[: -len(JULY_1) - 1] for i in frame["id"]})
        raise KeyError(f"data/{resource}.csv has no row key {key!r}; keys: {', '.join(keys)}")
    return str(match.iloc[0][dimension])


# -- releases (edition.releases) ----------------------------------------------------------------

@computation("persons")
def total_released() -> float:
    """Prisoners freed from camps and colonies: ITL plus UITLK-OITK."""
    _released_rows()
    return releases.total_released()


@computation("persons")
def sentences_halved_total() -> float:
    """Prisoners whose remaining sentence was cut in half: camps plus colonies."""
    uses(*HALVED_ROWS)
    return releases.sentences_halved_total()


@computation("persons")
def reduced_or_freed_total() -> float:
    """Prisoners freed or with their sentence halved: the two totals added."""
    uses(*CAMP_ROWS, *HALVED_ROWS)
    return releases.affected_total()


@computation("persons")
def reduced_or_freed_with_prisons() -> float:
    """Freed or halved in camps and colonies, plus those freed from prisons (a wider reading)."""
    return reduced_or_freed_total() + stored_value("amnesty_implementation/released-from-prisons")


@computation("percent")
def released_share_at_law() -> float:
    """Prisoners freed, in percent of those held when the law was issued."""
    uses(*CAMP_ROWS, AT_LAW)
    return releases.immediate_release_share()


@computation("percent")
def immediate_share_of_affected() -> float:
    """Prisoners freed, in percent of all prisoners the amnesty freed or whose sentence it halved."""
    uses(*CAMP_ROWS, *HALVED_ROWS)
    return releases.released_share_of_affected()


@computation("percent")
def colony_share_of_released() -> float:
    """Prisoners freed from colonies (terms of one to three years), in percent of all freed."""
    _released_rows()
    frame = releases.released_by_camp_type().set_index("id")
    return float(frame.loc["uitlk-oitk", "share"])


@computation("percent")
def property_crimes_share() -> float:
    """Prisoners freed who had committed property crimes, in percent of all freed."""
    uses(*CAMP_ROWS, "releases_by_offense/property-crimes")
    return releases.offence_share("property-crimes").share


@computation("percent")
def wartime_offences_share() -> float:
    """Shares freed under the wartime laws and for military crimes, added."""
    uses("releases_by_offense/wartime-laws", "releases_by_offense/military-crimes-note-40")
    return releases.wartime_share_sum()


@computation("percent")
def remaining_offences_share() -> float:
    """What the four named offence groups leave of the freed: 100 minus their shares."""
    named = ("wartime-laws", "property-crimes", "military-crimes-note-40", "white-collar-crimes")
    uses(*CAMP_ROWS, *(f"releases_by_offense/{g}" for g in named))
    return 100.0 - sum(releases.offence_share(g).share for g in named)


@computation("persons")
def early_release_1941_note14() -> float:
    """The prisoners released early in 1941 according to the report's own note 14."""
    return stored_value("releases_in_other_years/early-release-1941")


@computation("percent")
def share_released_1953() -> float:
    """Prisoners freed by the 1953 amnesty, in percent of the January 1953 population."""
    uses("releases_in_other_years/released-1953-amnesty", "camp_population_totals/gulag-1953-01")
    shares = aftermath.amnesty_shares().set_index("year")
    return float(shares.loc[1953, "share"])


@computation("percent")
def shortfall_of_released(ref: str) -> float:
    """How far a stored estimate falls short of the prisoners actually freed, in percent of the freed."""
    freed = total_released()
    return 100.0 * (freed - stored_value(ref)) / freed


# -- population (edition.population) ------------------------------------------------------------

@computation("percent")
def share_of_total(ref: str, table: str, date_text: str) -> float:
    """A stored count in percent of a report table's total on a date (``t1`` ages, ``t3`` sentences)."""
    totals = {"t1": t1_total, "t3": t3_total}
    if table not in totals:
        raise ValueError(f"share_of_total: table must be t1 or t3, got {table!r}")
    return 100.0 * stored_value(ref) / totals[table](date_text)


@computation("percent")
def share_of_population_at_law(ref: str) -> float:
    """A stored count in percent of the prisoners held when the law was issued."""
    return share(ref, AT_LAW)


@computation("percent")
def gender_share_after(gender: str) -> float:
    """The share of men or women after the amnesty, from their shares before and their declines."""
    uses(*(f"population_by_gender/{g}-{part}" for g in ("men", "women") for part in ("before", "decline")))
    return float(population.gender_shares_from_declines()[gender])


@computation("percent")
def gender_overall_decline() -> float:
    """The fall of the whole population that the printed shares and declines of men and women imply."""
    uses(*(f"population_by_gender/{g}-{part}" for g in ("men", "women") for part in ("before", "decline")))
    return float(population.gender_shares_from_declines()["overall_decline"])


@computation("persons")
def t1_total(date_text: str) -> float:
    """Age table: the prisoners of all age groups on a date (the column's sum)."""
    table_columns_read(T1, date_text)
    return float(population.age_totals()[_date_column(date_text)])


@computation("persons")
def t1_released_total() -> float:
    """Age table: July 1 minus October 1, all ages (the net fall of the population held)."""
    table_columns_read(T1)
    return float(population.age_totals()["released"])


def _age_row(age: str):
    uses(f"{T1}/{age}-{JULY_1}", f"{T1}/{age}-{OCTOBER_1}")
    return population.released_by_age().loc[_label(T1, age, "age_group")]


@computation("persons")
def t1_released(age: str) -> float:
    """Age table, "Number Released": the July 1 count minus the October 1 count of an age group."""
    return float(_age_row(age)["released"])


@computation("percent")
def t1_pct_released(age: str) -> float:
    """Age table, "Percentage Released": the number released in percent of the July 1 count."""
    return float(_age_row(age)["percent_released"])


@computation("rank")
def t1_released_rank(age: str) -> float:
    """Age table: the rank of an age group by number released (1 = the most)."""
    table_columns_read(T1)
    return rank(population.released_by_age()["released"], _label(T1, age, "age_group"))


@computation("percent")
def t2_column_sum(column: str) -> float:
    """Work-ability table: the sum of the shares of one column (all categories, with the no-category row)."""
    return float(table_column(T2, column).sum())


@computation("persons")
def t3_total(date_text: str) -> float:
    """Sentence table: the prisoners of all sentence lengths on a date (the column's sum)."""
    table_columns_read(T3, date_text)
    return float(population.sentence_totals()[_date_column(date_text)])


def _band_row(band_key: str):
    table_columns_read(T3)
    return population.share_by_sentence_length().loc[_label(T3, band_key, "sentence_band")]


@computation("percent")
def t3_share(band_key: str, date_text: str) -> float:
    """Sentence table, "% Gulag Population": a sentence length in percent of the column's sum."""
    return float(_band_row(band_key)["share_" + _date_column(date_text)])


@computation("percentage points")
def t3_change(band_key: str) -> float:
    """Sentence table, "% change": the change of the recomputed share, July 1 to October 1, in points."""
    return float(_band_row(band_key)["change_points"])


@computation("percent change")
def t3_count_change(band_key: str) -> float:
    """Sentence table: the change of the number of prisoners of a sentence length, in percent."""
    return float(_band_row(band_key)["count_change"])


@computation("percent")
def t3_share_under_five(date_text: str) -> float:
    """Sentence table: sentences of up to five years in percent of the column's sum."""
    table_columns_read(T3, date_text)
    return float(population.under_five_shares()[_date_column(date_text)])


@computation("direction")
def t3_direction_under_five() -> float:
    """Sentence table: whether the number serving up to five years rose (+1) or fell (-1)."""
    table_columns_read(T3)
    part = population.share_by_sentence_length().loc[list(population.UNDER_FIVE)]
    before, after = float(part["before"].sum()), float(part["after"].sum())
    return float(math.copysign(1.0, after - before)) if after != before else 0.0


@computation("rank")
def t3_rank(band_key: str, date_text: str) -> float:
    """Sentence table: the rank of a sentence length by number of prisoners on a date (1 = the most)."""
    frame = population.share_by_sentence_length()
    table_columns_read(T3, date_text)
    return rank(frame[_date_column(date_text)], _label(T3, band_key, "sentence_band"))


@computation("rank")
def t3_change_rank(band_key: str) -> float:
    """Sentence table: the rank of a sentence length by the rise of its share (1 = the largest rise)."""
    table_columns_read(T3)
    return rank(population.share_by_sentence_length()["change_points"], _label(T3, band_key, "sentence_band"))


# -- time spans and the decree (edition.decree) ----------------------------------------------------

@computation("weeks")
def period_weeks(ref: str) -> float:
    """The length in weeks of the period (``start/end``) a stored figure refers to, counting both ends."""
    start, end = data.parse_period(stored_date(ref))
    return decree.period_days(start, end) / 7


@computation("months")
def months_after_decree(ref: str) -> float:
    """Months (of 30.44 days) from the decree of July 7, 1945 to the date of a stored figure."""
    return decree.days_after_decree(stored_date(ref)) / (365.25 / 12)


@computation("days")
def days_after_decree(ref: str) -> float:
    """Days from the decree of July 7, 1945 to the date of a stored figure."""
    return decree.days_after_decree(stored_date(ref))


@computation("years")
def years_before_decree(ref: str) -> float:
    """Years from the year of a stored figure to the year of the decree, 1945."""
    return decree.DECREE_DATE.year - int(stored_date(ref)[:4])


def _example():
    uses(*(f"worked_example/remaining-{part}" for part in ("years", "months", "days")),
         "worked_example/sentence-years")
    return decree.worked_example()


def _days(term) -> int:
    years, months, days = term.as_tuple() if hasattr(term, "as_tuple") else term
    return (years * decree.MONTHS_PER_YEAR + months) * decree.DAYS_PER_MONTH + days


@computation("days")
def worked_example_remaining_days() -> float:
    """The worked example's remaining term in days, counting 12 months of 30 days a year."""
    return _days(_example().remaining)


@computation("days")
def worked_example_halved_days() -> float:
    """The worked example's remaining term cut in half part by part (decree.halve_remaining), in days."""
    return _days(_example().halved)


@computation("year")
def worked_example_start_year() -> float:
    """The year the worked example's sentence began: the decree's date plus the remaining term, minus the sentence."""
    return _example().start.year


@computation("percent")
def worked_example_halved_share() -> float:
    """The worked example's halved term in percent of its remaining term (the decree's "one-half")."""
    example = _example()
    return 100.0 * _days(example.halved) / _days(example.remaining)


# -- claims in words that need one more quantity -----------------------------------------------------

@computation("rank")
def offence_rank(row_id: str) -> float:
    """The rank of an offence group among those freed, by its share (1 = the largest; edition.releases)."""
    uses(*CAMP_ROWS, *(f"releases_by_offense/{g}" for g in releases.TABLE_ROWS))
    shares = {g: releases.offence_share(g).share for g in releases.TABLE_ROWS}
    return rank(pd.Series(shares), row_id)


@computation("persons")
def t2_implied_fall(*categories: str) -> float:
    """Prisoners of the work-ability categories who left, July 1 to October 1: each date's
    printed shares of the categories times the age table's total on that date."""
    held = {d: t1_total(d) for d in (JULY_1, OCTOBER_1)}
    share = {d: sum(stored_value(f"{T2}/cat{c}-{d}") for c in categories) for d in held}
    return (held[JULY_1] * share[JULY_1] - held[OCTOBER_1] * share[OCTOBER_1]) / 100.0


@computation("percentage points")
def t2_largest_change() -> float:
    """Work-ability table: the largest change of a category's share from July 1 to October 1, in points."""
    before, after = table_column(T2, JULY_1), table_column(T2, OCTOBER_1)
    return float((after - before).abs().max())


@computation("percent change")
def gender_ratio_change() -> float:
    """The change of the ratio of men to women, before to after the amnesty, in percent (printed shares)."""
    before = stored_value("population_by_gender/men-before") / stored_value("population_by_gender/women-before")
    after = gender_share_after("men") / gender_share_after("women")
    return 100.0 * (after - before) / before


@computation("direction")
def t3_direction_share_over_five() -> float:
    """Sentence table: whether the share serving more than five years rose (+1) or fell (-1)."""
    return -1.0 if t3_share_under_five(OCTOBER_1) > t3_share_under_five(JULY_1) else 1.0


@computation("percent change")
def t1_percent_change() -> float:
    """Age table: the change of all prisoners held, July 1 to October 1, in percent."""
    return 100.0 * (t1_total(OCTOBER_1) - t1_total(JULY_1)) / t1_total(JULY_1)


def _period_end(text: str):
    """The last day of a period's end: ``1945-10-01`` as is, ``1945-10`` the last day of October."""
    end = text.partition("/")[2] or text
    if len(end) == 7:
        year, month = map(int, end.split("-"))
        return data.parse_date(f"{end}-{calendar.monthrange(year, month)[1]:02d}")
    return data.parse_date(end)


@computation("persons per month")
def monthly_arrivals(ref: str) -> float:
    """New prisoners per month (of 30.44 days) from the publication of the law to the end of a stored count's period."""
    days = (_period_end(stored_date(ref)) - decree.DECREE_DATE).days
    return stored_value(ref) / (days / (365.25 / 12))


@computation("persons")
def forecast_mid_1946() -> float:
    """Liamin's forecast redone: held on October 1 (age table), plus nine months of arrivals at the
    printed rate, minus the further releases expected (July 1, 1946)."""
    return (t1_total(OCTOBER_1) + 9 * stored_value("new_arrivals/monthly-rate")
            - stored_value("amnesty_implementation/anticipated-further-releases"))


@computation("percentage points")
def amnesty_share_gap() -> float:
    """The 1953 amnesty's release share minus the 1945 amnesty's, in points (edition.aftermath)."""
    _released_rows()
    uses(AT_LAW, "releases_in_other_years/released-1953-amnesty", "camp_population_totals/gulag-1953-01")
    shares = aftermath.amnesty_shares().set_index("year")["share"]
    return float(shares.loc[1953] - shares.loc[1945])
