"""The prison population before and after the amnesty: the report's three tables and the figures around them.

Two chapters use this module:

* ``chapters/weakening-a-crippled-institution.md`` -- who left and who stayed (report notes
  104 to 137): ages (Table 1 of the report, ``population_by_age.csv``), skilled workers
  (``skilled_workers.csv``), men and women (``population_by_gender.csv``), invalids
  (``invalid_transfers.csv``) and work ability (Table 2, ``work_ability_by_category.csv``);
* ``chapters/enduring-changes.md`` -- what the amnesty changed for good (notes 138 to 152):
  sentence lengths (Table 3, ``population_by_sentence_length.csv``, and
  ``sentence_structure_long_run.csv``), offences (``population_by_offense_type.csv``) and
  new arrivals (``new_arrivals.csv``).

The data package stores primary cells only (``data/README.md``, rule 1): the tables' derived
columns are recomputed here. So that the book can show the report's own derived cells
beside the recomputation, they are read, exactly as printed, from the ledger of printed
figures (``data/printed_figures.csv``, through :func:`edition.audit.printed`):
:func:`printed_table1`, :func:`printed_table3` and :func:`printed_phrase`;
:func:`printed_number` reads a printed cell as a number. Shares are in per cent of the base the function
names, changes of shares in percentage points, changes of counts in per cent
(:mod:`edition.quantities`). The ``*_figures`` functions return the formatted strings that a
chapter glues into its prose.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from edition import audit, data, printed_text, quantities, releases, show

AGE = "population_by_age"
WORK = "work_ability_by_category"
SENTENCE = "population_by_sentence_length"
GENDER = "population_by_gender"
SKILLED = "skilled_workers"
OFFENSE = "population_by_offense_type"
LONG_RUN = "sentence_structure_long_run"
TOTALS = "camp_population_totals"
ARRIVALS = "new_arrivals"
INVALIDS = "invalid_transfers"
IMPLEMENTATION = "amnesty_implementation"
SECTORS = "sector_labour_losses"
RELEASES = "releases_by_camp_type"
LITERATURE = "gulag_context_from_literature"

BEFORE = "1945-07-01"
AFTER = "1945-10-01"
DATE_LABELS = {BEFORE: "July 1, 1945", AFTER: "October 1, 1945"}
DASH = "\u2014"

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

# --------------------------------------------------------------------------- helpers

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


def _by_date(name: str, dimension: str) -> pd.DataFrame:
    """Counts of a two-date table: index the dimension (file order), columns ``before``/``after``."""
    frame = data.rows(name)
    unknown = set(frame["date"]) - {BEFORE, AFTER}
    if unknown:
        raise data.DataError(f"data/{name}.csv: dates {sorted(unknown)} are neither {BEFORE} nor {AFTER}")
    order = list(dict.fromkeys(frame[dimension]))
    wide = frame.pivot(index=dimension, columns="date", values="value").reindex(order)
    if wide.isna().any().any():
        raise data.DataError(f"data/{name}.csv: every {dimension} needs a row for both {BEFORE} and {AFTER}")
    out = pd.DataFrame({"before": wide[BEFORE], "after": wide[AFTER]})
    out.index.name = dimension
    return out.round().astype(int)


# --------------------------------------------------------------------------- Table 1: ages

def released_by_age() -> pd.DataFrame:
    """Table 1 recomputed: per age group ``before`` (July 1), ``after`` (October 1),
    ``released`` (the difference) and ``percent_released`` (released as a share of July 1)."""
    frame = _by_date(AGE, "age_group")
    frame["released"] = frame["before"] - frame["after"]
    frame["percent_released"] = [quantities.share_of(r, b) for r, b in zip(frame["released"], frame["before"])]
    return frame


def age_totals() -> dict[str, float]:
    """Totals of Table 1: ``before``, ``after``, ``released`` and ``percent_released``."""
    frame = released_by_age()
    before, after = int(frame["before"].sum()), int(frame["after"].sum())
    return {"before": before, "after": after, "released": before - after,
            "percent_released": quantities.share_of(before - after, before)}


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


# --------------------------------------------------------------------------- Table 2: work ability

WORK_COLUMNS = {"1940": "1940", "1942": "1942", BEFORE: "July 1, 1945", AFTER: "October 1, 1945"}


def work_ability_shares() -> pd.DataFrame:
    """Table 2 as numbers: index category label (file order), one column per date, per cent."""
    frame = data.rows(WORK)
    unknown = set(frame["date"]) - set(WORK_COLUMNS)
    if unknown:
        raise data.DataError(f"data/{WORK}.csv: unexpected dates {sorted(unknown)}")
    if not (frame["unit"] == "percent").all():
        raise data.DataError(f"data/{WORK}.csv: every cell of Table 2 is a percentage")
    labels = dict(zip(frame["category"], frame["category_label"]))
    order = list(dict.fromkeys(frame["category"]))
    wide = frame.pivot(index="category", columns="date", values="value").reindex(order)
    wide = wide[[d for d in WORK_COLUMNS if d in wide.columns]]
    wide.index = [f"{c} {DASH} {labels[c]}" if c.isdigit() else labels[c][:1].upper() + labels[c][1:]
                  for c in order]
    return wide


def work_ability_sums() -> pd.Series:
    """Each column's sum, in per cent (rounded to one decimal, as the cells are)."""
    return work_ability_shares().sum(skipna=True).round(1)


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


# --------------------------------------------------------------------------- Table 3: sentences

BAND_LABELS = {"up to 6 months": "Up to 6 months", "6 months to 1 year": "6 months to 1 year",
               "1 to 3 years": "1 to 3 years", "3 to 5 years": "3 to 5 years",
               "5 to 10 years": "5 to 10 years", "over 10 years": "Over 10 years"}
UNDER_FIVE = ("up to 6 months", "6 months to 1 year", "1 to 3 years", "3 to 5 years")


def share_by_sentence_length() -> pd.DataFrame:
    """Table 3 recomputed: counts ``before``/``after``, each as a share of its date's total
    (``share_before``, ``share_after``), the change of share in points (``change_points``) and
    the change of the count in per cent (``count_change``)."""
    frame = _by_date(SENTENCE, "sentence_band")
    frame["share_before"] = quantities.share_of_population(frame["before"])
    frame["share_after"] = quantities.share_of_population(frame["after"])
    frame["change_points"] = [quantities.change_in_points(b, a)
                              for b, a in zip(frame["share_before"], frame["share_after"])]
    frame["count_change"] = [quantities.percent_change(b, a) for b, a in zip(frame["before"], frame["after"])]
    return frame


def sentence_totals() -> dict[str, int]:
    frame = share_by_sentence_length()
    return {"before": int(frame["before"].sum()), "after": int(frame["after"].sum())}


def under_five_shares() -> dict[str, float]:
    """Share of prisoners with sentences of five years or less (the first four bands), per date."""
    frame = share_by_sentence_length()
    missing = [b for b in UNDER_FIVE if b not in frame.index]
    if missing:
        raise KeyError(f"data/{SENTENCE}.csv lacks the bands {missing}")
    part = frame.loc[list(UNDER_FIVE)]
    return {"before": quantities.share_of(part["before"].sum(), frame["before"].sum()),
            "after": quantities.share_of(part["after"].sum(), frame["after"].sum())}


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


# --------------------------------------------------------------------------- the three tables' totals

def table_totals() -> pd.DataFrame:
    """July 1 and October 1 totals of Tables 1 and 3 beside the population printed in the text.

    Table 2 gives shares only and has no total. Columns ``before``, ``after`` and ``difference``.
    """
    age, sentence = age_totals(), sentence_totals()
    return pd.DataFrame({
        "before": [age["before"], sentence["before"]],
        "after": [age["after"], sentence["after"]],
    }, index=["ages", "sentences"]).assign(difference=lambda f: f["before"] - f["after"])


# --------------------------------------------------------------------------- men and women

def gender_shares() -> pd.DataFrame:
    """Shares of men and women before and after the amnesty, and their declines, per cent."""
    frame = data.rows(GENDER).set_index("id")
    out = pd.DataFrame({
        "before": [frame.loc["men-before", "value"], frame.loc["women-before", "value"]],
        "after": [frame.loc["men-after", "value"], frame.loc["women-after", "value"]],
        "decline": [frame.loc["men-decline", "value"], frame.loc["women-decline", "value"]],
    }, index=["men", "women"]).astype(float)
    return out


def gender_shift_points() -> float:
    """Change of the men's share (the women's is its mirror), in percentage points."""
    shares = gender_shares()
    return quantities.change_in_points(shares.loc["men", "before"], shares.loc["men", "after"])


def gender_shares_from_declines() -> dict[str, float]:
    """The shares after the amnesty that the printed shares before and declines imply,
    and the fall of the whole population they imply (per cent)."""
    shares = gender_shares()
    remaining = shares["before"] * (1 - shares["decline"] / 100.0)
    return {"men": quantities.share_of(remaining["men"], remaining.sum()),
            "women": quantities.share_of(remaining["women"], remaining.sum()),
            "overall_decline": 100.0 - float(remaining.sum()) * 100.0 / float(shares["before"].sum())}


# --------------------------------------------------------------------------- skilled workers

SKILL_PAIRS = {"engineers": ("engineers-before", "engineers-after"),
               "other specialists": ("other-specialists-before", "other-specialists-after")}


def skilled_losses() -> pd.DataFrame:
    """Skilled prisoners before and after, and the fall in per cent.

    Counted groups (engineers, other specialists) are recomputed from their two counts;
    groups the report gives only as a percentage keep that percentage. Columns: ``before``,
    ``after`` (``NaN`` for percentage-only rows), ``fall`` (per cent), ``qualifier``,
    ``basis``.
    """
    frame = data.rows(SKILLED).set_index("id")
    rows = []
    for group, (before_id, after_id) in SKILL_PAIRS.items():
        before, after = data.count(SKILLED, before_id), data.count(SKILLED, after_id)
        rows.append({"group": group, "before": before, "after": after,
                     "fall": -quantities.percent_change(before, after), "qualifier": "exact", "basis": "count"})
    for row_id, row in frame[frame["basis"] == "percentage only"].iterrows():
        rows.append({"group": row["skill_group"], "before": math.nan, "after": math.nan,
                     "fall": float(row["value"]), "qualifier": row["qualifier"], "basis": row["basis"]})
    return pd.DataFrame(rows).set_index("group")


def printed_fraction_phrase(row_id: str) -> str:
    """The report's words for a skilled group's fall (``a third``), from the row's ``as_printed``."""
    text = str(data.row(SKILLED, row_id)["as_printed"])
    match = re.search(r"by (.+?),", text)
    if not match:
        raise ValueError(f"data/{SKILLED}.csv, row {row_id}: no 'by ...,' phrase in {text!r}")
    return match.group(1)


# --------------------------------------------------------------------------- offences

def offense_bases() -> pd.DataFrame:
    """Counter-revolutionary prisoners, the share printed beside each count, and the population
    the pair implies (count / share). Index: row id; columns ``count``, ``printed_share``, ``base``."""
    frame = data.rows(OFFENSE)
    rows = frame[frame["unit"] == "persons"]
    out = pd.DataFrame({
        "count": rows["value"].round().astype(int).to_numpy(),
        "printed_share": [printed_text.percent_in(t) for t in rows["as_printed"]],
    }, index=rows["id"].to_numpy())
    out["base"] = out["count"] * 100.0 / out["printed_share"]
    return out


# --------------------------------------------------------------------------- figures for the prose

def _pct_row(name: str, row_id: str, words: bool = True) -> str:
    """A stored share as the source words it (fractions in words only where ``words``)."""
    return show.figure_phrase(data.row(name, row_id), words=words)


def weakening_figures() -> dict[str, str]:
    """Every figure of ``chapters/weakening-a-crippled-institution.md``, formatted for glue."""
    released = releases.total_released()
    population = releases.population_at_law()
    beria = data.count(IMPLEMENTATION, "beria-estimate")
    ages = released_by_age()
    totals = age_totals()
    diffs = age_printed_differences().set_index(["age_group", "column"])
    largest = ages["released"].idxmax()
    skilled = skilled_losses()
    shares = gender_shares()
    implied = gender_shares_from_declines()
    sums = work_ability_sums()
    health = data.count(INVALIDS, "to-commissariat-of-health")
    social = data.count(INVALIDS, "to-commissariat-of-social-security")
    work = work_ability_shares()
    first_category = work.index[0]
    fourth_category = work.index[3]
    figures = {
        # part introduction (note 104)
        "labour-force-released": _pct_row(IMPLEMENTATION, "labor-force-released-share"),
        "released-total": show.count(released),
        "population-at-law": show.count(population),
        "released-share-of-population": show.percent(releases.immediate_release_share()),
        # productivity (notes 105-107)
        "pechorlag-copies": show.count(data.count(IMPLEMENTATION, "pechorlag-copies-distributed")),
        # Beria (notes 108-110)
        "beria-estimate": show.count(beria),
        "beria-qualifier": show.QUALIFIER_WORDS[str(data.row(IMPLEMENTATION, "beria-estimate")["qualifier"])],
        "beria-shortfall": show.count(released - beria),
        "beria-shortfall-share": show.percent(quantities.percent_change(beria, released)),
        # sectors (note 112)
        "sectors-low": _pct_row(SECTORS, "share-left-low"),
        "sectors-high": _pct_row(SECTORS, "share-left-high"),
        # Table 1
        "age-largest-group": AGE_LABELS.get(largest, largest).lower(),
        "age-label-under-17": AGE_LABELS["under 17"].lower(),
        "age-label-31-50": AGE_LABELS["31-50"].lower(),
        "age-largest-released": show.count(int(ages.loc[largest, "released"])),
        "age-largest-share-of-released": show.percent(quantities.share_of(ages.loc[largest, "released"],
                                                                          totals["released"])),
        "age-young-share": show.percent(ages.loc["17-30", "percent_released"]),
        "age-under17-share": show.percent(ages.loc["under 17", "percent_released"]),
        "age-under17-released": show.count(int(ages.loc["under 17", "released"])),
        "age-rows-differ": show.count(int(diffs.index.get_level_values("age_group").nunique())),
        "age-under17-printed-released": diffs.loc[("under 17", "released"), "printed"],
        "age-under17-printed-share": diffs.loc[("under 17", "percent_released"), "printed"],
        "age-31-50-share": show.percent(ages.loc["31-50", "percent_released"]),
        "age-31-50-printed-share": diffs.loc[("31-50", "percent_released"), "printed"],
        "age-over60-share": show.percent(ages.loc["over 60", "percent_released"]),
        "age-51-60-share": show.percent(ages.loc["51-60", "percent_released"]),
        "age-total-before": show.count(totals["before"]),
        "age-total-after": show.count(totals["after"]),
        "age-total-released": show.count(totals["released"]),
        "age-total-share": show.percent(totals["percent_released"]),
        # skilled workers (notes 113-117)
        "engineers-before": show.count(int(skilled.loc["engineers", "before"])),
        "engineers-after": show.count(int(skilled.loc["engineers", "after"])),
        "engineers-fall": show.percent(skilled.loc["engineers", "fall"]),
        "engineers-printed": printed_fraction_phrase("engineers-after"),
        "specialists-before": show.count(int(skilled.loc["other specialists", "before"])),
        "specialists-after": show.count(int(skilled.loc["other specialists", "after"])),
        "specialists-fall": show.percent(skilled.loc["other specialists", "fall"]),
        "specialists-printed": printed_fraction_phrase("other-specialists-after"),
        "third": show.percent(100.0 / 3.0),
        "doctors-fall": _pct_row(SKILLED, "doctors-decline", words=False),
        "builders-fall": _pct_row(SKILLED, "builders-metal-workers-miners-decline"),
        "skilled-fall": _pct_row(SKILLED, "all-skilled-decline", words=False),
        # men and women (notes 120-122)
        "men-decline": show.percent(shares.loc["men", "decline"]),
        "women-decline": show.percent(shares.loc["women", "decline"]),
        "men-before": show.percent(shares.loc["men", "before"]),
        "women-before": show.percent(shares.loc["women", "before"]),
        "men-after": show.percent(shares.loc["men", "after"]),
        "women-after": show.percent(shares.loc["women", "after"]),
        "gender-shift": show.points(gender_shift_points()),
        "gender-shift-printed": printed_phrase("gender-shift"),
        "men-after-implied": show.percent(implied["men"]),
        "women-after-implied": show.percent(implied["women"]),
        "overall-decline-implied": show.percent(implied["overall_decline"]),
        # invalids (notes 127-133)
        "regions-none": show.figure_phrase(data.row(INVALIDS, "regions-reporting-none")),
        "regions-some": show.count(data.count(INVALIDS, "regions-reporting-some")),
        "invalids-total": show.count(health + social),
        "invalids-health": show.count(health),
        "invalids-social": show.count(social),
        "molotov-sick": show.count(data.count(INVALIDS, "molotov-oblast-sick")),
        # war and work ability (notes 134-137)
        "deaths-1941-43": _pct_row(LITERATURE, "deaths-1941-1943-share"),
        "cat1-1940": show.percent(work.loc[first_category, "1940"]),
        "cat1-1942": show.percent(work.loc[first_category, "1942"]),
        "cat1-before": show.percent(work.loc[first_category, BEFORE]),
        "cat1-after": show.percent(work.loc[first_category, AFTER]),
        "cat4-1942": show.percent(work.loc[fourth_category, "1942"]),
        "cat4-before": show.percent(work.loc[fourth_category, BEFORE]),
        "cat4-after": show.percent(work.loc[fourth_category, AFTER]),
        "cat34-before": show.percent(work.loc[work.index[2:4], BEFORE].sum()),
        "cat34-after": show.percent(work.loc[work.index[2:4], AFTER].sum()),
        "cat12-before": show.percent(work.loc[work.index[0:2], BEFORE].sum()),
        "cat12-after": show.percent(work.loc[work.index[0:2], AFTER].sum()),
        "work-sums": ", ".join(show.percent(v) for v in sums),
        # table totals
        "sentence-total-before": show.count(sentence_totals()["before"]),
        "sentence-total-after": show.count(sentence_totals()["after"]),
    }
    return figures


def enduring_figures() -> dict[str, str]:
    """Every figure of ``chapters/enduring-changes.md``, formatted for glue."""
    frame = share_by_sentence_length()
    printed = printed_sentence_shares()
    under_five = under_five_shares()
    bases = sentence_printed_bases()
    totals = sentence_totals()
    ages = age_totals()
    population = releases.population_at_law()
    offense = offense_bases()
    cr_before = int(offense.loc["counter-revolutionary-before", "count"])
    cr_after = int(offense.loc["counter-revolutionary-after", "count"])
    colonies = offense.loc["counter-revolutionary-colonies-after"]
    colonies_text = str(data.row(OFFENSE, "counter-revolutionary-colonies-after")["as_printed"])
    expected = data.count(IMPLEMENTATION, "expected-remaining")
    expected_cr = data.count(IMPLEMENTATION, "expected-remaining-counter-revolutionary")
    arrivals = data.count(ARRIVALS, "arrivals-to-1945-10-01")
    shirking_share = data.value(ARRIVALS, "arrivals-to-1945-10-01-shirking-share")
    band510, band10 = "5 to 10 years", "over 10 years"
    differing = sentence_cell_differences()
    n_bands = len(frame)
    printed_cells = printed_table3()
    figures = {
        "table3-share-cells": show.count(2 * n_bands),
        "table3-share-cells-differ": show.count(int(differing["column"].str.startswith("share").sum())),
        "table3-change-cells": show.count(n_bands),
        "table3-shares-without-sign": show.count(sum(not c.endswith("%") for cells in printed_cells.values()
                                                     for c in cells[:2])),
        "table3-change-cells-differ": show.count(int((differing["column"] == "change").sum())),
        # Table 3 and its prose (note 138)
        "under-five-before": show.percent(under_five["before"]),
        "under-five-after": show.percent(under_five["after"]),
        "under-five-before-printed": printed_phrase("under-five-before"),
        "under-five-after-printed": printed_phrase("under-five-after"),
        "five-ten-share-before": show.percent(frame.loc[band510, "share_before"]),
        "five-ten-share-after": show.percent(frame.loc[band510, "share_after"]),
        "five-ten-change": show.points(frame.loc[band510, "change_points"]),
        "five-ten-change-printed-table": printed_cells[band510][2],
        "five-ten-change-printed-prose": printed_phrase("five-to-ten-change"),
        "five-ten-count-change": show.signed_percent(frame.loc[band510, "count_change"]),
        "five-ten-count-fall": show.percent(abs(frame.loc[band510, "count_change"])),
        "over-ten-share-before": show.percent(frame.loc[band10, "share_before"]),
        "over-ten-share-after": show.percent(frame.loc[band10, "share_after"]),
        "over-ten-change": show.points(frame.loc[band10, "change_points"]),
        "over-ten-change-printed": printed_phrase("over-ten-change"),
        "over-ten-count-change": show.signed_percent(frame.loc[band10, "count_change"]),
        "over-ten-before": show.count(int(frame.loc[band10, "before"])),
        "over-ten-after": show.count(int(frame.loc[band10, "after"])),
        "shortest-count-fall": show.percent(abs(frame.loc["up to 6 months", "count_change"])),
        "sentence-total-before": show.count(totals["before"]),
        "sentence-total-after": show.count(totals["after"]),
        "sentence-total-released": show.count(totals["before"] - totals["after"]),
        "age-total-before": show.count(ages["before"]),
        "age-total-after": show.count(ages["after"]),
        "population-at-law": show.count(population),
        "printed-sum-before": show.percent(printed["share_before"].sum()),
        "printed-sum-after": show.percent(printed["share_after"].sum()),
        "printed-base-before-low": show.count(math.ceil(bases["before"][0])),
        "printed-base-before-high": show.count(math.floor(bases["before"][1])),
        "printed-base-after-low": show.count(math.ceil(bases["after"][0])),
        "printed-base-after-high": show.count(math.floor(bases["after"][1])),
        "printed-base-after-gap": show.count(math.ceil(bases["after"][0]) - totals["after"]),
        "printed-base-before-gap": show.count(math.ceil(bases["before"][0]) - totals["before"]),
        # long run (notes 139-142, 148)
        "pop-1939": show.count(data.count(TOTALS, "gulag-1939")),
        "y1939-short": _pct_row(LONG_RUN, "1939-5-years-or-less", words=False),
        "y1939-mid": _pct_row(LONG_RUN, "1939-5-to-10-years", words=False),
        "y1939-long": _pct_row(LONG_RUN, "1939-over-10-years", words=False),
        "y1939-ten": _pct_row(LONG_RUN, "1939-10-years", words=False),
        "pop-1940": show.count(data.count(TOTALS, "gulag-1940-03")),
        "y1940-short": _pct_row(LONG_RUN, "1940-03-5-years-or-less", words=False),
        "y1940-short-printed-words": str(data.row(LONG_RUN, "1940-03-5-years-or-less")["as_printed"]).split(" or ")[0],
        "y1940-mid": _pct_row(LONG_RUN, "1940-03-5-to-10-years", words=False),
        "y1940-long": _pct_row(LONG_RUN, "1940-03-over-10-years", words=False),
        "two-thirds": show.percent(200.0 / 3.0),
        "y1940-short-fraction": show.fraction_words(data.value(LONG_RUN, "1940-03-5-years-or-less"), tolerance=1.0) or DASH,
        "y1951-short": _pct_row(LONG_RUN, "1951-5-years-or-less"),
        "y1951-mid": _pct_row(LONG_RUN, "1951-5-to-10-years"),
        "y1951-ten-fifteen": _pct_row(LONG_RUN, "1951-10-to-15-years", words=False),
        "y1951-fifteen": _pct_row(LONG_RUN, "1951-15-years-or-more", words=False),
        "pop-1953": show.count(data.count(TOTALS, "gulag-1953-01")),
        "y1953-short": _pct_row(LONG_RUN, "1953-01-under-5-years", words=False),
        "y1953-mid": _pct_row(LONG_RUN, "1953-01-5-to-10-years"),
        "y1953-ten-fifteen": _pct_row(LONG_RUN, "1953-10-to-15-years", words=False),
        "y1953-fifteen": _pct_row(LONG_RUN, "1953-15-years-or-more", words=False),
        "cr-six-ten": _pct_row(LONG_RUN, "counter-revolutionary-6-to-10-years"),
        "cr-twenty-five": _pct_row(LONG_RUN, "counter-revolutionary-25-years", words=False),
        # offences (notes 143-146)
        "criminal-before": _pct_row(OFFENSE, "criminal-before", words=False),
        "criminal-after": _pct_row(OFFENSE, "criminal-after", words=False),
        "criminal-change": show.points(quantities.change_in_points(data.value(OFFENSE, "criminal-before"),
                                                                   data.value(OFFENSE, "criminal-after"))),
        "cr-before": show.count(cr_before),
        "cr-after": show.count(cr_after),
        "cr-before-share": show.percent(offense.loc["counter-revolutionary-before", "printed_share"], digits=0),
        "cr-after-share": show.percent(offense.loc["counter-revolutionary-after", "printed_share"]),
        "cr-count-rise": show.percent(abs(quantities.percent_change(cr_before, cr_after))),
        "cr-base-before": show.count(round(offense.loc["counter-revolutionary-before", "base"])),
        "cr-base-after": show.count(round(offense.loc["counter-revolutionary-after", "base"])),
        "cr-share-sum-before": show.percent(offense.loc["counter-revolutionary-before", "printed_share"]
                                           + data.value(OFFENSE, "criminal-before")),
        "cr-share-sum-after": show.percent(offense.loc["counter-revolutionary-after", "printed_share"]
                                          + data.value(OFFENSE, "criminal-after")),
        "colonies-cr": show.count(int(colonies["count"])),
        "colonies-cr-share": show.percent(colonies["printed_share"]),
        "colonies-base": show.count(round(colonies["base"])),
        "colonies-cr-share-before-implied": show.percent(colonies["printed_share"] / 2.0)
        if colonies_text.startswith("doubled") else DASH,
        # Nasedkin's forecast (note 144)
        "expected-remaining": show.count(expected),
        "expected-remaining-share": show.percent(quantities.share_of(expected, population)),
        "expected-cr": show.count(expected_cr),
        "expected-cr-share": show.percent(quantities.share_of(expected_cr, expected)),
        "cr-above-expected": show.count(cr_after - expected_cr),
        # new arrivals (notes 149-151)
        "arrivals": show.count(arrivals),
        "arrivals-shirking-share": show.percent(shirking_share, digits=0),
        "arrivals-shirking": show.count(round(arrivals * shirking_share / 100.0)),
        "arrivals-october": show.figure_phrase(data.row(ARRIVALS, "arrivals-through-october")),
        "arrivals-monthly": show.figure_phrase(data.row(ARRIVALS, "monthly-rate")),
        "expected-1946-low": show.count(data.count(TOTALS, "gulag-mid-1946-expected-low")),
        "expected-1946-high": show.count(data.count(TOTALS, "gulag-mid-1946-expected-high")),
    }
    return figures


# --------------------------------------------------------------------------- for the charts
# Appended for edition.chart_population and edition.chart_sentences (tests in
# tests/test_chart_quantities.py): quantities the charts show that no function above gives.

def age_shares() -> pd.DataFrame:
    """Each age group's share of the prisoners held on July 1 and on October 1 (per cent).

    Index: the age group (file order); columns ``share_before`` and ``share_after``."""
    frame = released_by_age()
    return pd.DataFrame({"share_before": quantities.share_of_population(frame["before"]),
                         "share_after": quantities.share_of_population(frame["after"])})


def counter_revolutionary_shares() -> dict[str, float]:
    """Counter-revolutionary prisoners as a share of camp and colony prisoners, ``before`` and
    ``after`` the amnesty (per cent): 100 minus the report's share of criminal offenders (the
    data stores the counter-revolutionaries' counts, and the report prints no share beside the
    criminal one)."""
    return {when: 100.0 - float(data.value(OFFENSE, f"criminal-{when}")) for when in ("before", "after")}


OVER_TEN_PARTS = ("10 to 15 years", "15 years or more")
"""The two bands into which the 1951 and 1953 censuses split sentences of over ten years."""


def over_ten_years_share(dates: tuple[str, ...]) -> tuple[float, pd.DataFrame]:
    """The share of sentences over ten years in a census that gives it as two bands
    (:data:`OVER_TEN_PARTS`, the report's percentages added up), and the rows added."""
    frame = data.rows(LONG_RUN)
    parts = frame[frame["date"].isin(dates) & frame["sentence_band"].isin(OVER_TEN_PARTS)]
    if parts.empty:
        raise data.DataError(f"data/{LONG_RUN}.csv: no rows of the bands {OVER_TEN_PARTS} for {dates}. "
                             "Add them or ask for another date.")
    return float(parts["value"].sum()), parts
