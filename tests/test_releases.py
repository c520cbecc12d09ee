"""Tests of edition.releases: releases, progress, offences, halvings, expected exodus.

Expected values are recomputed here from the CSV rows read with the csv module (not with
edition.data), so that a slip in the module and a slip in the test cannot agree by accident.
"""
from __future__ import annotations

import csv

import pytest

from edition import paths, releases


def rows(name: str) -> dict[str, dict]:
    with (paths.data_dir() / f"{name}.csv").open(encoding="utf-8") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def number(name: str, row_id: str) -> float:
    return float(rows(name)[row_id]["value"])


def printed(figure_id: str) -> str:
    """The report's printed text of a figure, from the ledger ``data/printed_figures.csv``."""
    return rows("printed_figures")[figure_id]["printed"]


# --- releases by institution ------------------------------------------------------------------

def test_total_released_is_the_sum_of_camps_and_colonies():
    camp_rows = rows("releases_by_camp_type")
    expected = sum(int(float(r["value"])) for r in camp_rows.values())
    assert releases.total_released() == expected
    assert set(camp_rows) == {"itl", "uitlk-oitk"}
    frame = releases.released_by_camp_type()
    assert frame["share"].sum() == pytest.approx(100)
    itl = frame.set_index("id").loc["itl"]
    assert itl["share"] == pytest.approx(100 * number("releases_by_camp_type", "itl") / expected)


def test_total_matches_the_printed_total():
    # The report prints the total beside its parts; the rows say how each part was printed.
    printed = [r["as_printed"] for r in rows("releases_by_camp_type").values()]
    assert all("released" in p for p in printed)
    assert f"{releases.total_released():,}" == "620,753"


def test_camp_type_table_has_a_total_row():
    table = releases.camp_type_table()
    assert list(table["Institution"])[-1] == "Total (computed)"
    assert table["Released"].iloc[-1] == f"{releases.total_released():,}"
    assert len(table) == 3


def test_immediate_release_share():
    population = number("camp_population_totals", "gulag-at-amnesty-law")
    released = sum(float(r["value"]) for r in rows("releases_by_camp_type").values())
    assert releases.immediate_release_share() == pytest.approx(100 * released / population)
    # "Nearly forty percent": below the printed round figure, and within one point of it.
    printed = number("amnesty_implementation", "immediate-release-share")
    assert printed - 1 < releases.immediate_release_share() < printed


# --- progress --------------------------------------------------------------------------------

def test_implementation_progress_shares_of_the_qualifying_number():
    impl = rows("amnesty_implementation")
    qualifying = float(impl["qualifying-for-release"]["value"])
    progress = releases.implementation_progress().set_index("id")
    august = float(impl["freed-by-1945-08-25"]["value"])
    assert progress.loc["freed-by-1945-08-25", "share_of_qualifying"] == pytest.approx(100 * august / qualifying)
    # Nasedkin's own percentage, as printed in the same sentence, is reproduced to one decimal.
    assert f"{100 * august / qualifying:.1f}%" in impl["freed-by-1945-08-25"]["as_printed"]
    # The tallies only grow.
    assert list(progress["freed"]) == sorted(progress["freed"])
    assert progress.loc["final", "freed"] == releases.total_released()


# --- halvings and reach ------------------------------------------------------------------------

def test_sentences_halved_total():
    halved = rows("sentences_halved")
    assert releases.sentences_halved_total() == sum(int(float(r["value"])) for r in halved.values())
    # the report's printed total (ledger row rev-p10-212890) is reproduced
    assert f"{releases.sentences_halved_total():,}" in printed("rev-p10-212890")
    assert releases.sentences_halved_total() == number("printed_figures", "rev-p10-212890")


def test_affected_total_and_share():
    assert releases.affected_total() == releases.total_released() + releases.sentences_halved_total()
    assert 50 < releases.released_share_of_affected() < 100
    # The report's "nearly a million" is above the sum of the counts it gives.
    assert releases.affected_total() < number("amnesty_implementation", "reduced-or-freed-total")


# --- offences ----------------------------------------------------------------------------------

def test_property_crime_share_is_computed_from_its_count():
    item = releases.offence_share("property-crimes")
    count = number("releases_by_offense", "property-crimes")
    assert item.computed and item.count == int(count)
    assert item.share == pytest.approx(100 * count / releases.total_released())
    assert rows("releases_by_offense")["property-crimes"]["as_printed"].endswith(printed("rev-p9-nearly-30-percent"))
    stated = number("printed_figures", "rev-p9-nearly-30-percent")  # "nearly": a little below
    assert stated - 1 < item.share < stated


def test_printed_only_shares_are_kept_as_printed():
    for row_id, r in rows("releases_by_offense").items():
        item = releases.offence_share(row_id)
        if r["unit"] == "percent":
            assert not item.computed and item.share == float(r["value"]) and item.qualifier == r["qualifier"]


def test_offence_groups_cover_all_released():
    total = sum(releases.offence_share(i).share for i in releases.TABLE_ROWS)
    assert releases.offence_partition_sum() == pytest.approx(total)
    assert total == pytest.approx(100, abs=1)
    assert releases.wartime_share_sum() == pytest.approx(38 + 15)
    assert releases.desertion_share_of_all() == pytest.approx(0.74 * 15)


def test_implied_count():
    assert releases.implied_count(10) == round(releases.total_released() / 10, -2)


# --- wording -----------------------------------------------------------------------------------

def test_worded_figures_come_from_the_rows():
    assert releases.worded("amnesty_implementation", "freed-by-amnesty") == "over half a million"
    figures = releases.introduction_figures()
    assert figures["released-under-stalin"] == "nearly six million"  # the source's words, not "6 million"
    assert figures["politicals-range"] == "roughly one-quarter to one-third"
    # Solzhenitsyn's term in the report's words ("eight years"); no key repeats its "added"
    assert figures["solzhenitsyn-term"] == "eight" and "sentence-added" not in figures
    door = releases.revolving_door_figures()
    assert door["other-share"] == "ten percent"  # "the remaining ten percent", never "10%"
    with pytest.raises(Exception, match="no-such-row"):
        releases.worded("amnesty_implementation", "no-such-row")


# --- expected exodus ------------------------------------------------------------------------------

def test_october_population_from_the_tables():
    age = sum(float(r["value"]) for i, r in rows("population_by_age").items() if i.endswith("1945-10-01"))
    length = sum(float(r["value"]) for i, r in rows("population_by_sentence_length").items()
                 if i.endswith("1945-10-01"))
    assert releases.october_population() == {"by age": int(age), "by sentence length": int(length)}


def test_anticipated_exodus():
    exodus = releases.anticipated_exodus()
    expected = number("amnesty_implementation", "anticipated-further-releases")
    assert exodus.expected == int(expected)
    assert exodus.printed_share == number("printed_figures", "rev-p10-15-5-percent")
    assert f"{exodus.printed_share}%" in printed("rev-p10-15-5-percent")
    assert exodus.implied_population == round(expected * 100 / exodus.printed_share)
    for name, population in releases.october_population().items():
        assert exodus.shares[name] == pytest.approx(100 * expected / population)


def test_chapter_figures_are_text():
    for figures in (releases.introduction_figures(), releases.amnesty_figures(), releases.revolving_door_figures()):
        assert figures and all(isinstance(v, str) and v for v in figures.values())
    door = releases.revolving_door_figures()
    assert door["property-printed"] == printed("rev-p9-nearly-30-percent")
    assert door["freed-august-share"] == printed("rev-p5-33-4-percent")  # reproduced to the digit
    assert door["released-total"] in printed("rev-p8-total-released")
    assert releases.early_releases_1941_1943() == int(number("releases_in_other_years", "early-release-1941")
                                                      + number("releases_in_other_years",
                                                               "early-release-1942-1943-to-army"))
