"""Tests of the quantities appended to the topic modules for the charts (population.age_shares,
population.counter_revolutionary_shares, population.over_ten_years_share).

Each expected value is computed here by hand from the CSV files, read with plain pandas.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from edition import data, population

DATA = Path(__file__).resolve().parent.parent / "data"


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False)


def test_age_shares_are_each_groups_share_of_its_date():
    frame = csv("population_by_age")
    shares = population.age_shares()
    for day, column in (("1945-07-01", "share_before"), ("1945-10-01", "share_after")):
        rows = frame[frame["date"] == day].set_index("age_group")["value"]
        for group, count in rows.items():
            assert shares.loc[group, column] == pytest.approx(100 * count / rows.sum())
        assert shares[column].sum() == pytest.approx(100)


def test_counter_revolutionary_share_is_the_complement_of_the_criminal_share():
    frame = csv("population_by_offense_type").set_index("id")
    shares = population.counter_revolutionary_shares()
    assert shares["before"] == pytest.approx(100 - float(frame.loc["criminal-before", "value"]))
    assert shares["after"] == pytest.approx(100 - float(frame.loc["criminal-after", "value"]))


def test_over_ten_years_adds_the_two_long_bands_of_a_later_census():
    frame = csv("sentence_structure_long_run").set_index("id")
    share, parts = population.over_ten_years_share(("1951",))
    assert share == pytest.approx(float(frame.loc["1951-10-to-15-years", "value"])
                                  + float(frame.loc["1951-15-years-or-more", "value"]))
    assert set(parts["id"]) == {"1951-10-to-15-years", "1951-15-years-or-more"}
    share, _ = population.over_ten_years_share(("1953-01", "1953"))
    assert share == pytest.approx(float(frame.loc["1953-10-to-15-years", "value"])
                                  + float(frame.loc["1953-15-years-or-more", "value"]))


def test_a_census_without_the_long_bands_is_a_data_error():
    with pytest.raises(data.DataError, match="no rows of the bands"):
        population.over_ten_years_share(("1939",))
