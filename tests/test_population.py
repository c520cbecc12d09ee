"""Tests of edition.population: the report's three tables and the figures around them.

Expected values are recomputed here from the CSV rows read with the standard library (not
through the module), so that a slip in the module -- a wrong row, a swapped base, a share of
the wrong total -- shows. Invariants: released = before - after; shares sum to 100.
"""
from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from edition import data, paths, population, printed_text


def rows(name: str) -> list[dict[str, str]]:
    with (paths.data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(name: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows(name)}


def counts(name: str, dimension: str, date: str) -> dict[str, int]:
    return {r[dimension]: int(float(r["value"])) for r in rows(name) if r["date"] == date}


JULY, OCTOBER = "1945-07-01", "1945-10-01"


def ledger() -> pd.DataFrame:
    """The ledger of printed figures, read with plain pandas (not through the module)."""
    return pd.read_csv(paths.data_dir() / "printed_figures.csv", dtype=str, keep_default_na=False)


def printed_by_derivation(resource: str, pattern: str) -> dict[tuple[str, str], str]:
    """Printed text of the ledger rows whose derivation matches ``pattern`` (groups: function,
    row key, optional date), keyed by (the table's own row label, function/date)."""
    labels = {}
    column = "age_group" if resource == "population_by_age" else "sentence_band"
    for r in rows(resource):
        labels[r["id"][: -len("-" + r["date"])]] = r[column]
    out = {}
    for _, row in ledger().iterrows():
        if not row["id"].startswith(("t1-", "t3-")):  # the tables' own cells, not claims in the prose
            continue
        match = re.fullmatch(pattern, row["derivation"])
        if match:
            function, key, date = match.group(1), match.group(2), match.group(3) if match.lastindex >= 3 else None
            out[(labels[key], date or function)] = row["printed"]
    return out


def test_table1_printed_cells_come_from_the_ledger():
    led = printed_by_derivation("population_by_age", r"(t1_released|t1_pct_released)\((.+)\)")
    printed = population.printed_table1()
    assert set(printed) == {group for group, _ in led}
    for group, (released, share) in printed.items():
        assert released == led[(group, "t1_released")]
        assert share == led[(group, "t1_pct_released")]


def test_table3_printed_cells_come_from_the_ledger():
    shares = printed_by_derivation("population_by_sentence_length", r"(t3_share)\(([^,]+), (.+)\)")
    # the "% change" column is derived in the ledger from the printed shares: find it by location
    led = ledger()
    change_rows = led[led["location"].str.contains('column "% change"', regex=False) & led["id"].str.startswith("t3-")]
    changes = {row["location"].split('row "')[1].split('"')[0]: row["printed"] for _, row in change_rows.iterrows()}
    printed = population.printed_table3()
    assert set(printed) == {band for band, _ in shares}
    assert sorted(p[2] for p in printed.values()) == sorted(changes.values())
    for band, (before, after, change) in printed.items():
        assert (before, after) == (shares[(band, JULY)], shares[(band, OCTOBER)])
        assert change in changes.values()


def test_printed_phrases_are_the_figures_of_their_ledger_rows():
    led = ledger().set_index("id")
    for name, figure_id in population.PROSE_LEDGER.items():
        phrase = population.printed_phrase(name)
        text = led.loc[figure_id, "printed"]
        assert phrase in text and phrase != text  # the figure, without the words around it
        assert re.search(r"\d|half|third|percent", phrase)
    assert population.printed_phrase("under-five-before") == "nearly half"
    assert population.printed_phrase("five-to-ten-change") == "nearly 9%"
    with pytest.raises(KeyError):
        population.printed_phrase("no-such-figure")


# --- Table 1: ages -----------------------------------------------------------------------

def test_released_by_age_is_the_difference_of_the_two_dates():
    before = counts("population_by_age", "age_group", JULY)
    after = counts("population_by_age", "age_group", OCTOBER)
    frame = population.released_by_age()
    assert list(frame.index) == list(before)  # file order: youngest first
    for group in before:
        released = before[group] - after[group]
        assert frame.loc[group, "released"] == released
        assert frame.loc[group, "percent_released"] == pytest.approx(100.0 * released / before[group])
    assert (frame["released"] == frame["before"] - frame["after"]).all()


def test_age_totals_and_the_largest_released_group():
    before = counts("population_by_age", "age_group", JULY)
    after = counts("population_by_age", "age_group", OCTOBER)
    totals = population.age_totals()
    assert totals["before"] == sum(before.values())
    assert totals["after"] == sum(after.values())
    assert totals["released"] == sum(before.values()) - sum(after.values())
    # the report's point: 17 to 30 year-olds were the largest group released
    released = {g: before[g] - after[g] for g in before}
    assert max(released, key=released.get) == "17-30"


def test_age_printed_differences_are_exactly_the_cells_that_do_not_reproduce():
    before = counts("population_by_age", "age_group", JULY)
    after = counts("population_by_age", "age_group", OCTOBER)
    diffs = population.age_printed_differences()
    found = {(g, c) for g, c in zip(diffs["age_group"], diffs["column"])}
    expected = set()
    for group, (printed_released, printed_share) in population.printed_table1().items():
        released = before[group] - after[group]
        if f"{released:,}" != printed_released:
            expected.add((group, "released"))
        if f"{100.0 * released / before[group]:.1f}%" != printed_share:
            expected.add((group, "percent_released"))
    assert found == expected
    # the under-17 row is off by one person and its share by about two tenths of a point
    assert ("under 17", "released") in found and ("31-50", "percent_released") in found


def test_age_table_has_a_row_per_group_and_a_totals_row():
    body, foot = population.age_table()
    assert len(body) == len(counts("population_by_age", "age_group", JULY))
    assert foot.iloc[0]["Released"] == f"{population.age_totals()['released']:,}"
    assert body["Report prints (where different)"].iloc[1] == population.DASH


# --- Table 2: work ability -----------------------------------------------------------------

def test_work_ability_columns_and_their_sums():
    raw = rows("work_ability_by_category")
    sums: dict[str, float] = {}
    for r in raw:
        sums[r["date"]] = sums.get(r["date"], 0.0) + float(r["value"])
    computed = population.work_ability_sums()
    for date, total in sums.items():
        assert computed[date] == pytest.approx(round(total, 1))
        assert abs(total - 100.0) <= 0.15  # every column of the printed table adds up
    wide = population.work_ability_shares()
    assert wide.loc[wide.index[0], "1940"] == pytest.approx(float(by_id("work_ability_by_category")["cat1-1940"]["value"]))
    assert pd.isna(wide.iloc[-1]["1940"])  # no convalescent category before 1945


def test_work_ability_table_shows_dashes_for_empty_cells():
    body, foot = population.work_ability_table()
    assert body.iloc[-1]["1940"] == population.DASH
    assert foot.iloc[0]["1940"] == "100.0%"


# --- Table 3: sentences ------------------------------------------------------------------

def test_sentence_shares_are_of_each_dates_total_and_sum_to_100():
    before = counts("population_by_sentence_length", "sentence_band", JULY)
    after = counts("population_by_sentence_length", "sentence_band", OCTOBER)
    frame = population.share_by_sentence_length()
    tb, ta = sum(before.values()), sum(after.values())
    for band in before:
        assert frame.loc[band, "share_before"] == pytest.approx(100.0 * before[band] / tb)
        assert frame.loc[band, "share_after"] == pytest.approx(100.0 * after[band] / ta)
        assert frame.loc[band, "change_points"] == pytest.approx(100.0 * after[band] / ta - 100.0 * before[band] / tb)
        assert frame.loc[band, "count_change"] == pytest.approx(100.0 * (after[band] - before[band]) / before[band])
    assert frame["share_before"].sum() == pytest.approx(100.0)
    assert frame["share_after"].sum() == pytest.approx(100.0)
    assert frame["change_points"].sum() == pytest.approx(0.0, abs=1e-9)


def test_five_to_ten_year_band_grew_as_a_share_but_shrank_as_a_count():
    before = counts("population_by_sentence_length", "sentence_band", JULY)
    after = counts("population_by_sentence_length", "sentence_band", OCTOBER)
    assert after["5 to 10 years"] < before["5 to 10 years"]
    assert after["5 to 10 years"] / sum(after.values()) > before["5 to 10 years"] / sum(before.values())
    # every band of five years or less lost both count and share
    for band in population.UNDER_FIVE:
        assert after[band] < before[band]


def test_under_five_shares():
    before = counts("population_by_sentence_length", "sentence_band", JULY)
    after = counts("population_by_sentence_length", "sentence_band", OCTOBER)
    short = [b for b in before if b not in ("5 to 10 years", "over 10 years")]
    shares = population.under_five_shares()
    assert shares["before"] == pytest.approx(100.0 * sum(before[b] for b in short) / sum(before.values()))
    assert shares["after"] == pytest.approx(100.0 * sum(after[b] for b in short) / sum(after.values()))


def test_printed_changes_are_differences_of_printed_shares():
    printed = population.printed_sentence_shares()
    assert (printed["share_after"] - printed["share_before"]).round(1).tolist() == printed["change"].round(1).tolist()


def test_implied_base_reproduces_every_printed_share():
    before = counts("population_by_sentence_length", "sentence_band", JULY)
    after = counts("population_by_sentence_length", "sentence_band", OCTOBER)
    bases = population.sentence_printed_bases()
    for which, cnt, column in (("before", before, 0), ("after", after, 1)):
        low, high = bases[which]
        base = (low + high) / 2
        for band, n in cnt.items():
            text = population.printed_table3()[band][column]
            decimals = printed_text.decimals(text)
            assert round(100.0 * n / base, decimals) == pytest.approx(printed_text.number(text))
        # the base the printed shares imply is larger than the table's own total
        assert low > sum(cnt.values())


def test_implied_base_rejects_inconsistent_cells():
    with pytest.raises(ValueError):
        population.implied_base(pd.Series([10, 10]), ["10%", "50%"])


def test_sentence_table_and_totals():
    body, foot = population.sentence_table()
    assert len(body) == 6
    assert foot.iloc[0]["Share, July 1"] == "100.0%"
    assert foot.iloc[0]["July 1, 1945"] == f"{sum(counts('population_by_sentence_length', 'sentence_band', JULY).values()):,}"


def test_table_totals_differ_from_each_other_and_from_the_text():
    totals = population.table_totals()
    text = int(by_id("camp_population_totals")["gulag-at-amnesty-law"]["value"])
    assert totals.loc["ages", "before"] != totals.loc["sentences", "before"]
    assert (totals["before"] < text).all()
    assert (totals["difference"] == totals["before"] - totals["after"]).all()


# --- printed cells -------------------------------------------------------------------------

# --- men and women -------------------------------------------------------------------------

def test_gender_shift_in_points_and_consistency_of_the_printed_figures():
    g = by_id("population_by_gender")
    shift = float(g["men-after"]["value"]) - float(g["men-before"]["value"])
    assert population.gender_shift_points() == pytest.approx(shift)
    # the women's share moves by the same points the other way
    assert float(g["women-after"]["value"]) - float(g["women-before"]["value"]) == pytest.approx(-shift)
    men = float(g["men-before"]["value"]) * (1 - float(g["men-decline"]["value"]) / 100)
    women = float(g["women-before"]["value"]) * (1 - float(g["women-decline"]["value"]) / 100)
    implied = population.gender_shares_from_declines()
    assert implied["men"] == pytest.approx(100 * men / (men + women))
    assert round(implied["men"], 1) == pytest.approx(float(g["men-after"]["value"]))
    assert implied["overall_decline"] == pytest.approx(100 - (men + women))


# --- skilled workers -----------------------------------------------------------------------

def test_skilled_losses_recompute_the_falls():
    s = by_id("skilled_workers")
    frame = population.skilled_losses()
    b, a = float(s["engineers-before"]["value"]), float(s["engineers-after"]["value"])
    assert frame.loc["engineers", "fall"] == pytest.approx(100 * (b - a) / b)
    b, a = float(s["other-specialists-before"]["value"]), float(s["other-specialists-after"]["value"])
    assert frame.loc["other specialists", "fall"] == pytest.approx(100 * (b - a) / b)
    # "by a third" and "slightly over a third"
    assert abs(frame.loc["engineers", "fall"] - 100 / 3) < 1
    assert frame.loc["other specialists", "fall"] > 100 / 3
    assert frame.loc["doctors", "fall"] == pytest.approx(float(s["doctors-decline"]["value"]))
    assert population.printed_fraction_phrase("engineers-after") == "a third"


# --- offences ------------------------------------------------------------------------------

def test_offense_bases_divide_each_count_by_its_printed_share():
    o = by_id("population_by_offense_type")
    bases = population.offense_bases()
    for row_id in ("counter-revolutionary-before", "counter-revolutionary-after"):
        share = float(re.search(r"([\d.]+)%", o[row_id]["as_printed"]).group(1))
        assert bases.loc[row_id, "base"] == pytest.approx(float(o[row_id]["value"]) * 100 / share)
    # criminal and counter-revolutionary shares are complements
    assert float(o["criminal-before"]["value"]) + bases.loc["counter-revolutionary-before", "printed_share"] == pytest.approx(100)
    assert float(o["criminal-after"]["value"]) + bases.loc["counter-revolutionary-after", "printed_share"] == pytest.approx(100)


# --- figures for the prose -----------------------------------------------------------------

def test_weakening_figures():
    f = population.weakening_figures()
    assert all(isinstance(v, str) for v in f.values())
    assert not any(re.search(r"\d\.\d{2,}", v) for v in f.values())
    r = by_id("releases_by_camp_type")
    released = int(r["itl"]["value"]) + int(r["uitlk-oitk"]["value"])
    beria = int(by_id("amnesty_implementation")["beria-estimate"]["value"])
    assert f["beria-shortfall"] == f"{released - beria:,}"
    inv = by_id("invalid_transfers")
    assert f["invalids-total"] == f"{int(inv['to-commissariat-of-health']['value']) + int(inv['to-commissariat-of-social-security']['value']):,}"
    assert f["sectors-low"] == "one-fifth" and f["sectors-high"] == "two-thirds"


def test_enduring_figures():
    f = population.enduring_figures()
    assert all(isinstance(v, str) for v in f.values())
    a = by_id("new_arrivals")
    n = int(a["arrivals-to-1945-10-01"]["value"])
    share = float(a["arrivals-to-1945-10-01-shirking-share"]["value"])
    assert f["arrivals-shirking"] == f"{round(n * share / 100):,}"
    imp = by_id("amnesty_implementation")
    pop = int(by_id("camp_population_totals")["gulag-at-amnesty-law"]["value"])
    assert f["expected-remaining-share"] == f"{100 * int(imp['expected-remaining']['value']) / pop:.1f}%"
    o = by_id("population_by_offense_type")
    assert f["cr-base-before"] == f"{round(float(o['counter-revolutionary-before']['value']) / 0.30):,}"


def test_missing_row_raises_data_error(monkeypatch):
    monkeypatch.setattr(population.tables, "SKILL_PAIRS", {"engineers": ("engineers-before", "no-such-row")})
    with pytest.raises(data.DataError, match="no-such-row"):
        population.skilled_losses()


def test_sentence_cell_differences_compare_at_printed_precision():
    before = counts("population_by_sentence_length", "sentence_band", JULY)
    after = counts("population_by_sentence_length", "sentence_band", OCTOBER)
    tb, ta = sum(before.values()), sum(after.values())
    expected = set()
    for band, (p_before, p_after, p_change) in population.printed_table3().items():
        computed = {"share_before": 100 * before[band] / tb, "share_after": 100 * after[band] / ta}
        computed["change"] = computed["share_after"] - computed["share_before"]
        for column, text in (("share_before", p_before), ("share_after", p_after), ("change", p_change)):
            digits = printed_text.decimals(text)
            if round(computed[column], digits) != round(printed_text.number(text), digits):
                expected.add((band, column))
    diffs = population.sentence_cell_differences()
    assert set(zip(diffs["band"], diffs["column"])) == expected
    # "10%" is printed without decimals and agrees with 10.1 at that precision
    assert ("1 to 3 years", "share_after") not in expected


def test_gender_declines_agree_with_the_age_tables_overall_fall():
    # the chapter says the two agree: keep the prose honest
    implied = population.gender_shares_from_declines()["overall_decline"]
    assert round(implied, 1) == round(population.age_totals()["percent_released"], 1)


def test_counter_revolutionary_count_rose_despite_the_release():
    o = by_id("population_by_offense_type")
    assert float(o["counter-revolutionary-after"]["value"]) > float(o["counter-revolutionary-before"]["value"])
    imp = by_id("amnesty_implementation")
    assert float(o["counter-revolutionary-after"]["value"]) > float(imp["expected-remaining-counter-revolutionary"]["value"])
