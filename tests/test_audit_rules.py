"""The verdict rules of the audit, tested on constructed figures and rows (no book build, no ledger).

Each test feeds the rule a case whose right answer follows from the rule as the audit
appendix states it, so a change of rule fails here.
"""
from __future__ import annotations

import pandas as pd
import pytest

from edition import audit
from edition.audit import classification as rules
from edition.audit import verdicts

# --------------------------------------------------------------------------- precision from context

@pytest.mark.parametrize("text, siblings, precision", [
    ("10%", ["16.4%", "22.1%"], 0.1),      # "10%" among one-decimal shares is 10.0
    ("10%", ["16%", "22%"], 1.0),
    (".5%", [], 0.1),
    ("- 3%", ["- 1.1%", "- 6.4%"], 0.1),
    ("206,554", ["414,199"], 1.0),
])
def test_precision_comes_from_the_column(text, siblings, precision):
    assert rules.context_precision(text, siblings) == pytest.approx(precision)


def test_a_round_figure_in_a_decimal_column_is_judged_to_a_tenth():
    precision = rules.context_precision("10%", ["16.4%"])
    assert rules.classify(10, 10.124, precision) == "discrepancy"   # 10.1, not 10.0
    assert rules.classify(10, 10.124, 1.0) == "reproduced"          # read alone, "10%" would pass


def test_cell_precisions_group_cells_by_table_and_column():
    frame = pd.DataFrame({
        "id": ["a", "b", "c"],
        "location": ['table 3, row "x", column "%"', 'table 3, row "y", column "%"', 'table 3, row "x", column "#"'],
        "printed": ["10%", "16.4%", "5"],
    })
    assert verdicts.cell_precisions(frame) == {"a": pytest.approx(0.1), "b": pytest.approx(0.1), "c": 1.0}


# --------------------------------------------------------------------------- fraction words

def test_each_fraction_word_has_its_own_band():
    half, third, quarter = (rules.fraction_band(w) for w in ("half", "a third", "a quarter"))
    assert half == (50.0, pytest.approx(5.0))                  # capped: the nearest word, a third, is 16.7 away
    assert third[0] == pytest.approx(100 / 3) and third[1] == pytest.approx((100 / 3 - 25) / 2)
    assert quarter[1] == pytest.approx(2.5)                    # a fifth is 5 points away
    assert len({half[1], third[1], quarter[1]}) == 3


def test_fraction_word_found_in_the_printed_words():
    assert rules.fraction_word_in("nearly two-thirds") == "two-thirds"
    assert rules.fraction_word_in("dropped to one third") == "one third"
    assert rules.fraction_word_in("over a million") is None


def test_a_fraction_word_is_judged_against_the_fraction_it_names():
    tolerance = rules.word_tolerance("nearly two-thirds", 66.7, "nearly", precision=6.67)
    assert tolerance == pytest.approx(rules.fraction_band("two-thirds")[1])
    assert rules.judge_words(66.7, 60.7, tolerance, "nearly") == "loose"       # a generic tenth would pass it
    assert rules.judge_words(66.7, 60.7, 6.67, "nearly") == "supported"
    assert rules.judge_words(50, 45.5, rules.word_tolerance("nearly half", 50, "nearly", 5), "nearly") == "supported"


def test_half_a_million_is_not_the_fraction_half():
    assert rules.word_tolerance("over half a million", 500000, "over", 125000) == 125000


# --------------------------------------------------------------------------- claims in words

@pytest.mark.parametrize("printed, computed, tolerance, qualifier, unit, verdict", [
    (1_000_000, 833_643, 250_000, "over", "", "contradicted"),   # "over a million" for fewer
    (1_000_000, 833_643, 100_000, "nearly", "", "loose"),        # right side, too far
    (50, 39.65, 5, "nearly", "", "loose"),
    (50, 53, 5, "about", "", "supported"),
    (50, 70, 5, "about", "", "loose"),
    (1, 1.5, 1, "under", "", "contradicted"),
    (1, -1, 1, "exact", "direction", "contradicted"),            # "increased" for a fall
    (1, 1, 1, "exact", "rank", "supported"),
    (2, 1, 1, "exact", "rank", "contradicted"),
    (540_000, 620_753, 54_000, "far-less-than", "", "supported"),
    (540_000, 500_000, 54_000, "far-less-than", "", "contradicted"),
])
def test_judge_words(printed, computed, tolerance, qualifier, unit, verdict):
    assert rules.judge_words(printed, computed, tolerance, qualifier, unit) == verdict


# --------------------------------------------------------------------------- derived columns

def test_a_derived_cell_that_follows_its_printed_inputs_points_to_their_finding():
    # "+ 8.8%" = 60.9 - 52.1 (printed shares); the counts give 9.3 because the shares are off.
    assert rules.judge_derived(8.8, 8.8, 9.31, 0.1, ["t3-5to10y-pct-oct1"]) == rules.FOLLOWS


def test_a_derived_cell_with_its_own_slip_is_its_own_finding():
    assert rules.judge_derived(8.8, 8.5, 9.31, 0.1, ["t3-5to10y-pct-oct1"]) == "discrepancy"


def test_a_derived_cell_whose_inputs_are_sound_is_reproduced():
    # "- 1.1%" = 0.5 - 1.6 exactly; the counts give -1.19, a compounding of two correct roundings.
    assert rules.judge_derived(-1.1, -1.1, -1.19, 0.1, []) == "reproduced"


def test_follows_is_not_counted_as_a_finding():
    frame = pd.DataFrame({"status": ["follows", "discrepancy", "supported"], "derivation": ["x", "y", "z"]})
    n = verdicts.counts(frame)
    assert n["findings"] == 1 and n["follows"] == 1


# --------------------------------------------------------------------------- several readings

def test_the_best_reading_is_taken_and_the_first_on_a_tie():
    assert rules.best_reading(["discrepancy", "reproduced"]) == 1
    assert rules.best_reading(["rounding", "rounding"]) == 0
    assert rules.best_reading(["loose", "supported", "contradicted"]) == 1
    with pytest.raises(ValueError):
        rules.best_reading([])


def test_a_row_with_two_readings_names_the_one_taken():
    row = pd.Series({"id": "x", "derivation": "share(releases_by_camp_type/itl, camp_population_totals/gulag-at-amnesty-law)"
                     " | share(releases_by_camp_type/uitlk-oitk, camp_population_totals/gulag-at-amnesty-law)",
                     "value": 26.5, "precision": 0.1, "qualifier": "exact", "kind": "percent", "printed": "26.5%",
                     "expected_status": "reproduced", "from_counts": ""})
    value, status, reads, taken = verdicts._judge_row(row, 0.1, {})
    itl, colonies = (audit.evaluate(d)[0] for d in audit.readings(row["derivation"]))
    assert taken == 1 and value == colonies and status == audit.classify(26.5, colonies, 0.1)
    assert abs(itl - 26.5) > 1  # the first reading is far off, so the second is taken


# --------------------------------------------------------------------------- one status everywhere

def test_a_status_mismatch_names_the_row_both_statuses_and_the_rows_read():
    frame = pd.DataFrame([{"id": "rev-p8-itl", "printed": "206,554", "computed": 206555.0,
                           "status": "discrepancy", "expected_status": "reproduced",
                           "reads": ("releases_by_camp_type/itl",), "derivation": "primary:releases_by_camp_type/itl"}])
    (message,) = verdicts.mismatches(frame)
    for part in ("data/printed_figures.csv", "line 2", "rev-p8-itl", "'reproduced'", "'discrepancy'",
                 "206,555", "data/releases_by_camp_type.csv row 'itl'", "expected_status"):
        assert part in message, part


def test_no_mismatch_when_every_status_is_expected():
    frame = pd.DataFrame([{"id": "a", "printed": "1", "computed": 1.0, "status": "reproduced",
                           "expected_status": "reproduced", "reads": (), "derivation": "judged"}])
    assert verdicts.mismatches(frame) == []


# --------------------------------------------------------------------------- (e) the classifier

@pytest.mark.parametrize("printed, computed, precision, qualifier, status", [
    (206554, 206554, 1, "exact", "reproduced"),
    (22383, 22382, 1, "exact", "rounding"),            # off by one
    (22383, 22380, 1, "exact", "discrepancy"),
    (33.4, 33.416, 0.1, "exact", "reproduced"),
    (33.4, 33.45, 0.1, "exact", "reproduced"),          # exactly half a unit
    (16.4, 16.457, 0.1, "exact", "rounding"),           # truncated instead of rounded
    (65.4, 65.627, 0.1, "exact", "discrepancy"),
    (65, 65.4, 1, "exact", "reproduced"),
    (65, 65.9, 1, "exact", "rounding"),
    (-1.1, -1.1923, 0.1, "exact", "rounding"),
    (40, 39.65, 4, "nearly", "reproduced"),             # nearly forty percent
    (40, 36.0, 4, "nearly", "reproduced"),              # at the edge of the band
    (40, 40.3, 4, "nearly", "rounding"),                # a hair above the word
    (40, 35.0, 4, "nearly", "discrepancy"),
    (50, 39.65, 5, "nearly", "discrepancy"),            # "nearly half" for two-fifths
    (500000, 620753, 125000, "over", "reproduced"),     # over half a million
    (500000, 420000, 125000, "over", "discrepancy"),
    (1000000, 833643, 250000, "over", "discrepancy"),
    (50, 43.66, 5, "about", "discrepancy"),             # roughly fifty percent
    (50, 53.0, 5, "about", "reproduced"),
    (50, 55.4, 5, "about", "rounding"),
    (1, 0.9, 1, "under", "reproduced"),                 # less than one percent
    (1, 1.5, 1, "under", "discrepancy"),
    (540000, 620753, 54000, "far-less-than", "reproduced"),
    (540000, 560000, 54000, "far-less-than", "discrepancy"),
    (1, 1, 1, "exact", "reproduced"),                   # a rank or a direction
    (1, -1, 1, "exact", "discrepancy"),
])
def test_classify(printed, computed, precision, qualifier, status):
    assert audit.classify(printed, computed, precision, qualifier) == status


def test_classify_rejects_bad_input():
    with pytest.raises(ValueError):
        audit.classify(1, 1, 0)
    with pytest.raises(ValueError):
        audit.classify(1, float("nan"), 1)
    with pytest.raises(ValueError):
        audit.classify(1, 1, 1, "approximately-ish")


def test_default_tolerances_are_the_documented_ones():
    assert audit.default_tolerance(40, "nearly") == pytest.approx(4)
    assert audit.default_tolerance(500000, "over") == pytest.approx(125000)
    assert audit.default_tolerance(33.3, "over", slightly=True) == pytest.approx(3.33)
    assert audit.default_tolerance(33.3, "exact") == pytest.approx(3.33)


def test_parse_derivation():
    assert audit.parse_derivation("t1_released(under-17)") == ("t1_released", ["under-17"])
    assert audit.parse_derivation("total_released") == ("total_released", [])
    assert audit.parse_derivation("primary:population_by_age/under-17-1945-07-01") == (
        "primary", ["population_by_age/under-17-1945-07-01"])
    with pytest.raises(ValueError):
        audit.parse_derivation("no_such_computation(1)")
    with pytest.raises(ValueError):
        audit.parse_derivation("t1_released(under-17")
