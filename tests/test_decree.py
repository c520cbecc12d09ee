"""Tests of edition.decree: the rules of the amnesty decree of July 7, 1945."""
from __future__ import annotations

import csv
import itertools
from datetime import date

import pytest

from edition import data, decree, paths, show
from edition.decree import Offence, Prisoner, Term

JULY_7 = date(1945, 7, 7)


def prisoner(years=0, months=0, days=0, start=date(1944, 1, 1), **kwargs) -> Prisoner:
    return Prisoner(Term(years, months, days), start, **kwargs)


# --- halving ------------------------------------------------------------------------------

def test_halving_reproduces_the_reports_example():
    # The report's example: 2 years 8 months 10 days -> 1 year 4 months 5 days.
    assert decree.halve_remaining((2, 8, 10)) == (1, 4, 5)


@pytest.mark.parametrize("remaining, expected", [
    ((0, 0, 0), (0, 0, 0)),
    ((1, 0, 0), (0, 6, 0)),          # odd year -> six months
    ((0, 1, 0), (0, 0, 15)),         # odd month -> fifteen days
    ((0, 0, 1), (0, 0, 1)),          # half a day is rounded up
    ((0, 0, 7), (0, 0, 4)),
    ((3, 5, 9), (1, 8, 20)),         # 1 y + 6 m, 2 m + 15 d, 5 d -> 1 y 8 m 20 d
    ((1, 11, 29), (1, 0, 0)),        # 6 + 5 months, 15 + 15 days: carried up to a year
])
def test_halving_odd_parts(remaining, expected):
    assert decree.halve_remaining(remaining) == expected


def test_odd_months_and_days_carry_upwards():
    # 0 y 1 m 29 d: 15 days + 15 days (29 halved, rounded up) = 30 days = 1 month.
    assert decree.halve_remaining((0, 1, 29)) == (0, 1, 0)
    # 1 y 11 m 29 d: 6 + 5 months, 15 + 15 days -> 11 months 30 days -> 1 year.
    assert decree.halve_remaining((1, 11, 29)) == (1, 0, 0)


def test_halving_then_doubling_recovers_within_one_day():
    for years, months, days in itertools.product(range(0, 9), range(0, 12), range(0, 31)):
        remaining = Term(years, months, days)
        halved = Term(*decree.halve_remaining(remaining))
        doubled = Term(*decree.double(halved))
        difference = doubled.conventional_days() - remaining.conventional_days()
        assert 0 <= difference <= 1, (remaining, halved, doubled)
        # Halved parts are normalized: days below 30, months below 12.
        assert halved.days < 30 and halved.months < 12
        # Exactly half, rounded up to a whole day (30-day months).
        assert 2 * halved.conventional_days() - remaining.conventional_days() == remaining.conventional_days() % 2


def test_halving_rejects_bad_terms():
    with pytest.raises(ValueError):
        decree.halve_remaining((-1, 0, 0))
    with pytest.raises(TypeError):
        decree.halve_remaining((1.5, 0, 0))


# --- calendar -----------------------------------------------------------------------------

def test_add_term_and_term_between_are_inverse():
    start = date(1945, 7, 7)
    for term in [(0, 0, 0), (2, 8, 10), (0, 7, 24), (4, 11, 30), (1, 0, 0)]:
        end = decree.add_term(start, term)
        assert decree.add_term(start, decree.term_between(start, end)) == end
    assert decree.add_term(start, (2, 8, 10)) == date(1948, 3, 17)
    assert decree.term_between(start, date(1948, 3, 17)) == Term(2, 8, 10)


def test_add_term_clamps_to_month_end():
    assert decree.add_term(date(1945, 1, 31), (0, 1, 0)) == date(1945, 2, 28)
    assert decree.add_term(date(1944, 1, 31), (0, 1, 0)) == date(1944, 2, 29)


def test_term_between_refuses_a_past_end():
    with pytest.raises(ValueError):
        decree.term_between(date(1945, 7, 7), date(1945, 7, 6))


def test_new_release_date_for_the_example():
    # Counted by hand: 7 July 1945 + 1 year = 7 July 1946; + 4 months = 7 November 1946;
    # + 5 days = 12 November 1946.
    assert decree.new_release_date((2, 8, 10)) == date(1946, 11, 12)
    assert decree.new_release_date((2, 8, 10), published=date(1945, 7, 8)) == date(1946, 11, 13)


def test_new_release_date_is_about_half_way():
    for remaining in [(2, 8, 10), (4, 11, 3), (7, 1, 1), (3, 0, 1)]:
        end = decree.add_term(JULY_7, remaining)
        new = decree.new_release_date(remaining)
        full = (end - JULY_7).days
        halved = (new - JULY_7).days
        # Calendar months are 28-31 days, the halving counts 30: allow a few days' drift.
        assert abs(2 * halved - full) <= 4
        assert JULY_7 <= new <= end


# --- release ------------------------------------------------------------------------------

def test_short_terms_are_released():
    assert decree.qualifies_for_release(prisoner(3))
    assert decree.qualifies_for_release(prisoner(1, 6))
    assert not decree.qualifies_for_release(prisoner(3, 0, 1))
    assert not decree.qualifies_for_release(prisoner(5))


def test_wartime_decree_and_military_crimes_are_released_whatever_the_term():
    assert decree.qualifies_for_release(prisoner(5, offence=Offence.ABANDONING_WAR_INDUSTRY_JOB))
    for article in sorted(decree.MILITARY_ARTICLES):
        assert decree.qualifies_for_release(prisoner(8, offence=Offence.MILITARY_CRIME, article=article))
    assert not decree.qualifies_for_release(prisoner(8, offence=Offence.MILITARY_CRIME, article="193-17"))
    assert decree.qualifies_for_release(prisoner(6, offence=Offence.DESERTION))
    assert len(decree.MILITARY_ARTICLES) == 10


def test_deferred_sentences_free_servicemen_only():
    soldier = prisoner(7, offence=Offence.THEFT, serviceman=True, sentence_deferred=True)
    railwayman = prisoner(7, offence=Offence.THEFT, serviceman=False, sentence_deferred=True)
    assert decree.qualifies_for_release(soldier)
    assert not decree.qualifies_for_release(railwayman)
    # Soldiers convicted under article 58-10 or the law of August 7, 1932 were not to be freed.
    for offence in (Offence.COUNTER_REVOLUTIONARY, Offence.SOCIALIST_PROPERTY_1932):
        assert not decree.qualifies_for_release(
            prisoner(7, offence=offence, serviceman=True, sentence_deferred=True))


def test_recidivists_are_excluded():
    thief = prisoner(2, offence=Offence.THEFT, prior_listed_convictions=1)
    assert decree.is_excluded_recidivist(thief)
    assert not decree.qualifies_for_release(thief)
    assert not decree.may_halve(prisoner(6, offence=Offence.THEFT, prior_listed_convictions=1))
    first_offence = prisoner(2, offence=Offence.THEFT)
    assert decree.qualifies_for_release(first_offence)
    # Two earlier thefts exclude even a prisoner now convicted of something else.
    assert not decree.qualifies_for_release(prisoner(2, offence=Offence.OTHER, prior_listed_convictions=2))


def test_repeat_deserters_and_job_quitters_are_not_excluded():
    # Report note 22: repeated desertion or repeated breaches of the decree of
    # December 26, 1941 do not count as recidivism; no listed crime has been committed.
    deserter = prisoner(5, offence=Offence.DESERTION, article="193-7")
    quitter = prisoner(4, offence=Offence.ABANDONING_WAR_INDUSTRY_JOB)
    assert decree.listed_convictions(deserter) == 0
    assert decree.qualifies_for_release(deserter)
    assert decree.qualifies_for_release(quitter)


# --- halving eligibility --------------------------------------------------------------------

def test_may_halve_longer_terms_except_the_gravest_offences():
    assert decree.may_halve(prisoner(7, offence=Offence.THEFT))
    assert decree.may_halve(prisoner(5, offence=Offence.EMBEZZLEMENT))
    for offence in decree.NO_HALVING:
        assert not decree.may_halve(prisoner(7, offence=offence))
    assert len(decree.NO_HALVING) == 6
    # A short term is released, not halved.
    assert not decree.may_halve(prisoner(2, offence=Offence.THEFT))


def test_apply_decree():
    released = decree.apply_decree(prisoner(2, start=date(1944, 3, 1)))
    assert released.kind == "released" and released.release_date == JULY_7
    example = Prisoner(Term(7), date(1941, 3, 17), offence=Offence.THEFT)
    outcome = decree.apply_decree(example)
    assert outcome.kind == "halved"
    assert decree.remaining_on(example) == Term(2, 8, 10)
    assert outcome.release_date == date(1946, 11, 12)
    murderer = Prisoner(Term(8), date(1941, 3, 17), offence=Offence.MURDER)
    assert decree.apply_decree(murderer).kind == "none"
    assert decree.apply_decree(murderer).release_date == date(1949, 3, 17)
    served = decree.apply_decree(Prisoner(Term(1), date(1943, 1, 1), offence=Offence.THEFT))
    assert served.kind == "none"


def test_term_words():
    assert Term(1, 4, 5).words() == "1 year, 4 months and 5 days"
    assert Term(2, 0, 0).words() == "2 years"
    assert Term().words() == "no time"


# --- the worked example, from the data ------------------------------------------------------

def _example_rows() -> dict[str, dict]:
    path = paths.data_dir() / "worked_example.csv"
    if not path.is_file():
        pytest.skip("data/worked_example.csv not written yet")
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_worked_example_file_matches_the_report():
    rows = _example_rows()
    assert rows["remaining-years"]["value"] == "2"
    assert rows["remaining-months"]["value"] == "8"
    assert rows["remaining-days"]["value"] == "10"
    assert rows["sentence-years"]["value"] == "7"
    for row in rows.values():
        assert row["note"] == "20" or row["note"] == "19"
    assert rows["remaining-days"]["source_key"] == "garf-9414-1-1229"
    assert rows["remaining-days"]["locator"] == "l. 15"


def test_worked_example_recomputed():
    _example_rows()
    example = decree.worked_example()
    assert example.halved == Term(1, 4, 5)
    assert example.original_end == date(1948, 3, 17)
    assert example.new_release == date(1946, 11, 12)
    # The report says he was sentenced in 1941: a seven-year term ending in March 1948.
    assert example.start.year == 1941


def test_worked_example_agrees_with_the_printed_figures_of_the_ledger():
    # The report prints the remaining term and its half (ledger rows amn-p4-remaining-term and
    # amn-p4-halved-term, whose values are the terms in days of 30-day months); the model
    # reproduces both, and the printed words name the model's parts.
    _example_rows()
    with (paths.data_dir() / "printed_figures.csv").open(encoding="utf-8", newline="") as handle:
        ledger = {row["id"]: row for row in csv.DictReader(handle)}
    example = decree.worked_example()
    for term, figure_id in ((example.remaining, "amn-p4-remaining-term"), (example.halved, "amn-p4-halved-term")):
        assert term.conventional_days() == float(ledger[figure_id]["value"])
        printed = ledger[figure_id]["printed"]
        for number, unit in zip(term.as_tuple(), ("year", "month", "day")):
            words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"][number]
            assert f"{words} {unit}" in printed


def test_example_figures_and_table():
    _example_rows()
    figures = decree.example_figures()
    assert figures["example-halved"] == "1 year, 4 months and 5 days"
    assert figures["example-new-release"] == "November 12, 1946"
    assert figures["odd-halved"] == "1 year, 8 months and 20 days"
    assert figures["odd-difference"] == "1 day"
    assert all(isinstance(v, str) for v in figures.values())
    assert len(decree.example_table()) == 6


def test_illustrative_cases_cover_every_outcome():
    table = decree.illustrative_cases()
    assert len(table) == len(decree.ILLUSTRATIVE_CASES)
    outcomes = dict(zip(table["Prisoner (invented case)"], table["Outcome"]))
    assert set(outcomes.values()) == {"released", "remainder halved", "no benefit"}
    assert outcomes["Two years for theft, one earlier theft conviction"] == "no benefit"
    assert outcomes["Railway worker, seven years for theft, sentence deferred"] == "remainder halved"
    assert outcomes["Eight years for murder"] == "no benefit"


def test_long_date():
    assert show.long_date(date(1946, 11, 12)) == "November 12, 1946"


# --- the one date parser and date arithmetic --------------------------------------------------

def test_parse_date_reads_full_and_partial_dates():
    assert data.parse_date("1945-10-05") == date(1945, 10, 5)
    assert data.parse_date("1945-10") == date(1945, 10, 1)
    assert data.parse_date("1945") == date(1945, 1, 1)
    for bad in ("", "1945/10/05", "1945-13-01", "1945-13-45", "October 1945", "1945-10-05-01"):
        with pytest.raises(ValueError, match="not a date"):
            data.parse_date(bad)


def test_periods_and_days_after_the_decree():
    start, end = data.parse_period("1945-07-10/1945-08-20")
    assert (start, end) == (date(1945, 7, 10), date(1945, 8, 20))
    assert decree.period_days(start, end) == 22 + 20  # 10-31 July and 1-20 August
    with pytest.raises(ValueError):
        decree.period_days(end, start)
    assert data.parse_period("1945-07-10") == (date(1945, 7, 10), date(1945, 7, 10))  # one day
    assert decree.days_after_decree("1945-10-05") == (date(1945, 10, 5) - date(1945, 7, 7)).days
    assert decree.days_after_decree("1945-07-07") == 0
