"""The prison population on two dates, July 1 and October 1, 1945: counts, shares and changes.

The owner of the quantities of the population tables: Table 1 of the report (ages,
``population_by_age.csv``), Table 2 (work ability, ``work_ability_by_category.csv``),
Table 3 (sentence lengths, ``population_by_sentence_length.csv``) and the share of
sentences of five years or less, men and women, skilled workers, counter-revolutionary
prisoners, and the long-run sentence structure. The data stores primary cells only
(``data/README.md``, rule 1): every derived column is computed here, with
:mod:`edition.quantities` (shares in per cent of the base the function names, changes of
shares in percentage points, changes of counts in per cent). Chapters, charts and the audit
call these functions rather than recompute.
"""
from __future__ import annotations

import math

import pandas as pd

from edition import data, printed_text, quantities

AGE = "population_by_age"


WORK = "work_ability_by_category"


SENTENCE = "population_by_sentence_length"


GENDER = "population_by_gender"


SKILLED = "skilled_workers"


OFFENSE = "population_by_offense_type"


LONG_RUN = "sentence_structure_long_run"


BEFORE = "1945-07-01"


AFTER = "1945-10-01"


DATE_LABELS = {BEFORE: "July 1, 1945", AFTER: "October 1, 1945"}


DASH = "\u2014"


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


def age_shares() -> pd.DataFrame:
    """Each age group's share of the prisoners held on July 1 and on October 1 (per cent).

    Index: the age group (file order); columns ``share_before`` and ``share_after``."""
    frame = released_by_age()
    return pd.DataFrame({"share_before": quantities.share_of_population(frame["before"]),
                         "share_after": quantities.share_of_population(frame["after"])})


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


def table_totals() -> pd.DataFrame:
    """July 1 and October 1 totals of Tables 1 and 3 beside the population printed in the text.

    Table 2 gives shares only and has no total. Columns ``before``, ``after`` and ``difference``.
    """
    age, sentence = age_totals(), sentence_totals()
    return pd.DataFrame({
        "before": [age["before"], sentence["before"]],
        "after": [age["after"], sentence["after"]],
    }, index=["ages", "sentences"]).assign(difference=lambda f: f["before"] - f["after"])


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
    for _, row in frame[frame["basis"] == "percentage only"].iterrows():
        rows.append({"group": row["skill_group"], "before": math.nan, "after": math.nan,
                     "fall": float(row["value"]), "qualifier": row["qualifier"], "basis": row["basis"]})
    return pd.DataFrame(rows).set_index("group")


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
