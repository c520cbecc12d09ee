"""Formatting of printed figures: one format per kind of figure, and no raw floats."""
import math

import pytest

from edition import show


def test_count_has_thousands_separators_and_no_decimals():
    assert show.count(620753) == "620,753"
    assert show.count(620753.0) == "620,753"
    assert show.count(0) == "0"


def test_count_refuses_fractions_and_missing_values():
    with pytest.raises(ValueError):
        show.count(1.5)
    with pytest.raises(ValueError):
        show.count(math.nan)
    with pytest.raises(TypeError):
        show.count("620753")


def test_percent_rounds_half_to_even_at_one_decimal_by_default():
    assert show.percent(33.41) == "33.4%"
    assert show.percent(41.888) == "41.9%"
    assert show.percent(40, digits=0) == "40%"


def test_signed_forms_use_a_true_minus_and_name_points():
    assert show.signed_percent(-25.8) == "\u221225.8%"
    assert show.signed_percent(8.81) == "+8.8%"
    assert show.points(8.8) == "+8.8 points"
    assert show.points(-1.1) == "\u22121.1 points"


def test_publish_rejects_unformatted_values():
    with pytest.raises(TypeError):
        show.publish({"raw": 0.3341})
