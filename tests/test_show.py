"""Formatting of printed figures: one format per kind of figure, and no raw floats."""
import math

import pytest

from edition import data, printed_text, show


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


# --- the one vocabulary of qualified and approximate figures -------------------------------

def test_qualifiers_print_in_words_and_under_reads_less_than():
    assert show.qualified("91,000", "over") == "over 91,000"
    assert show.qualified(0.5, "under", unit="percent") == "less than 0.5%"
    assert show.qualified(1, "under", unit="percent") == "less than 1%"
    assert show.qualified(600000, "about") == "about 600,000"
    assert show.qualified("17%", "exact") == "17%"


@pytest.mark.parametrize("share, words", [(50, "half"), (66.7, "two-thirds"), (20, "one-fifth"),
                                          (33.3, "a third"), (25, "a quarter"), (43, None), (29, None)])
def test_fraction_words_without_the_sources_wording(share, words):
    assert show.fraction_words(share) == words


def test_the_sources_fraction_words_win_and_no_fraction_is_invented():
    assert show.fraction_words(25, wording="roughly one-quarter to one-third") == "one-quarter"
    assert show.fraction_words(33.3, wording="roughly one-quarter to one-third") == "one-third"
    # the source gives a percentage: 40 stays 40%, never "two-fifths"
    assert show.fraction_words(40, wording="nearly 40 percent") is None
    assert show.share_words(40, "nearly", wording="nearly 40 percent") == "nearly 40%"
    assert show.share_words(50, "nearly", wording="nearly half the prison labor force") == "nearly half"
    assert show.share_words(50, "nearly", wording="nearly half", words=False) == "nearly 50%"


def test_round_counts_keep_the_sources_words_and_never_false_digits():
    assert show.round_count(2_000_000, "generally hovered around two million") == "two million"
    assert show.round_count(18_000_000, "perhaps in the area of 18 million") == "18 million"
    assert show.round_count(500_000, "over half a million people") == "half a million"
    assert show.round_count(1_000_000, "a million prisoners") == "a million"
    assert show.round_count(1_000_000, "a million prisoners", article=False) == "one million"
    # words that state another value are not borrowed
    assert show.round_count(3_000_000, "around two million") == "3,000,000"
    assert show.round_count(57_000) == "57,000"


def test_counts_the_source_writes_in_words_print_as_words():
    assert show.round_count(115, "one hundred and fifteen transit checkpoints") == "one hundred and fifteen"
    assert show.round_count(300, "three hundred ex-convicts") == "three hundred"
    assert show.round_count(4_000, "over four thousand amnestied prisoners") == "four thousand"
    # the house spelling: tens and units hyphenated, whatever the report printed
    assert show.round_count(53, "fifty three prisoners") == "fifty-three"
    assert show.round_count(65, "as many as Sixty-five") == "sixty-five"
    # words that state another value are not borrowed
    assert show.round_count(54, "fifty three prisoners") == "54"
    assert show.round_count(115, "one hundred transit checkpoints") == "115"
    # a share in words only where the words name a percentage
    assert show.share_words(10, wording="the remaining ten percent") == "ten percent"
    assert show.share_words(40, "nearly", wording="Nearly forty percent of the population") == "nearly forty percent"
    assert show.share_words(10, wording="ten prisoners") == "10%"
    assert show.share_words(10, wording="the remaining ten percent", words=False) == "10%"


def test_figure_phrase_of_data_rows():
    assert show.figure_phrase(data.row("amnesty_implementation", "freed-by-amnesty")) == "over half a million"
    assert show.figure_phrase(data.row("amnesty_implementation", "released-from-prisons")) == "over 91,000"
    assert show.figure_phrase(data.row("releases_by_offense", "shirking-law-1941-12-26")) == "over a third"
    assert show.figure_phrase(data.row("releases_by_offense", "wartime-laws")) == "nearly 38%"
    assert show.figure_phrase(data.row("releases_in_other_years", "released-under-stalin")) == "nearly six million"
    # counts of any unit keep the source's words, not only persons
    assert show.figure_phrase(data.row("transport_and_supply", "transit-checkpoints")) == "one hundred and fifteen"
    assert show.figure_phrase(data.row("transport_and_supply", "moscow-local-residents")) == "70%"


def test_ranges_print_with_one_qualifier():
    low, high = (data.row("releases_in_other_years", f"annual-release-share-{e}") for e in ("low", "high"))
    assert show.range_phrase(low, high) == "roughly 20\u201340%"
    low, high = (data.row("gulag_context_from_literature", f"politicals-share-{e}") for e in ("low", "high"))
    assert show.range_phrase(low, high) == "roughly one-quarter to one-third"
    low, high = (data.row("camp_population_totals", f"gulag-mid-1946-expected-{e}") for e in ("low", "high"))
    assert show.range_phrase(low, high) == "roughly 1.5 to 1.6 million"
    made_up = {"id": "x", "unit": "persons", "qualifier": "exact", "as_printed": "1.5 to 1.6 million"}
    assert show.range_phrase({**made_up, "value": 1_500_000}, {**made_up, "value": 1_700_000}) == "1,500,000\u20131,700,000", \
        "words that state other values must not be used"
    with pytest.raises(ValueError):
        show.range_phrase(data.row("releases_in_other_years", "annual-release-share-low"),
                          data.row("releases_in_other_years", "released-under-stalin"))


# --- reading the report's printed text -------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("dropped to one third", "one third"), ("increased by nearly 9%", "nearly 9%"),
    ("shifted by about ten percent", "about ten percent"), ("roughly 20-40 percent", "roughly 20-40 percent"),
    ("- 1.1%", "- 1.1%"), ("fell by a third", "a third"), ("slightly over a third", "slightly over a third")])
def test_figure_words(text, words):
    assert printed_text.figure_words(text) == words


def test_figure_words_rejects_a_phrase_without_a_figure():
    with pytest.raises(ValueError):
        printed_text.figure_words("the vast majority of these")


@pytest.mark.parametrize("text, number, decimals", [
    (".5%", 0.5, 1), ("- 1.1%", -1.1, 1), ("+ 8.8%", 8.8, 1), ("2.2", 2.2, 1), ("10%", 10.0, 0),
    ("22,383", 22383.0, 0), ("- 3%", -3.0, 0)])
def test_printed_number(text, number, decimals):
    assert printed_text.number(text) == pytest.approx(number)
    assert printed_text.decimals(text) == decimals
    assert printed_text.precision(text) == pytest.approx(10.0 ** -decimals)


def test_printed_number_rejects_words():
    with pytest.raises(ValueError):
        printed_text.number("nearly half")


def test_percent_in_a_phrase():
    assert printed_text.percent_in("about 147,968 people or 15.5% of the population") == 15.5
    with pytest.raises(ValueError):
        printed_text.percent_in("no share here")
    with pytest.raises(ValueError):
        printed_text.percent_in("10% and 20%")
