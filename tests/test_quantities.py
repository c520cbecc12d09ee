"""Shared arithmetic: shares, changes in per cent and in percentage points."""
import pandas as pd
import pytest

from edition import quantities as q


def test_share_of():
    assert q.share_of(218540, 654000) == pytest.approx(33.4159, abs=1e-4)
    with pytest.raises(ZeroDivisionError):
        q.share_of(1, 0)


def test_share_of_population_sums_to_one_hundred():
    shares = q.share_of_population(pd.Series([1, 2, 7]))
    assert shares.sum() == pytest.approx(100.0)
    assert list(shares) == pytest.approx([10.0, 20.0, 70.0])


def test_percent_change_and_points_differ():
    # a count that falls from 200 to 150 falls by a quarter...
    assert q.percent_change(200, 150) == pytest.approx(-25.0)
    # ...while a share that goes from 20% to 25% rises by five points, not by 25%
    assert q.change_in_points(20.0, 25.0) == pytest.approx(5.0)
