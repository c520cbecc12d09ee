"""Tests of edition.aftermath: ex-prisoners' transport, retention as free labour, 1945 vs 1953.

Expected values are recomputed here from the CSV rows read with the standard library, not
through the module, so that a slip in the module (a wrong row, a swapped base) shows.
"""
from __future__ import annotations

import csv
import re

import pytest

from edition import aftermath, data, paths


def rows(name: str) -> dict[str, dict[str, str]]:
    with (paths.data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def value(name: str, row_id: str) -> float:
    return float(rows(name)[row_id]["value"])


# --- long arm ---------------------------------------------------------------------------

def test_local_resident_shares_are_the_printed_percentages():
    shares = aftermath.local_resident_shares().set_index("place")["share"]
    raw = rows("transport_and_supply")
    assert shares["Novosibirsk oblast"] == pytest.approx(float(raw["novosibirsk-local-residents"]["value"]))
    assert shares["Moscow oblast"] == pytest.approx(float(raw["moscow-local-residents"]["value"]))
    assert ((shares > 0) & (shares <= 100)).all()
    # the report's point: most of those freed from colonies were local people
    assert (shares > 50).all()


def test_the_1945_amnesty_uses_the_release_total_of_the_releases_module():
    raw = rows("releases_by_camp_type")
    frame = aftermath.amnesty_shares().set_index("year")
    assert frame.loc[1945, "released"] == int(raw["itl"]["value"]) + int(raw["uitlk-oitk"]["value"])


def test_ration_days_are_an_ordered_range():
    figures = aftermath.long_arm_figures()
    assert int(figures["ration-days-low"]) < int(figures["ration-days-high"])


def test_long_arm_figures_are_formatted_text_without_raw_floats():
    figures = aftermath.long_arm_figures()
    assert all(isinstance(v, str) for v in figures.values())
    assert not any(re.search(r"\.\d{3,}", v) for v in figures.values())
    # the report writes these counts in words, and the book prints its words, never digits
    assert figures["transit-checkpoints"] == "one hundred and fifteen"
    assert figures["transit-to-move"] == "over half a million"
    assert figures["sverdlovsk-crowd"] == "three hundred"
    assert figures["arkhangelsk-retained"] == "fifty-three"  # the report's "fifty three", hyphenated
    assert figures["local-moscow"] == "70%" and figures["local-novosibirsk"] == "86.3%"  # the printed decimals


# --- retention as free labour -----------------------------------------------------------

def test_retention_by_camp_recomputes_dobrynins_shares():
    raw = rows("retention_as_free_labour")
    pop = rows("camp_population_totals")
    frame = aftermath.retention_by_camp().set_index("camp")
    for camp in ("vorkutlag", "intlag"):
        freed = float(raw[f"{camp}-freed"]["value"])
        remained = float(raw[f"{camp}-remained"]["value"])
        held = float(pop[f"{camp}-1945"]["value"])
        row = frame.loc[camp.capitalize()]
        assert row["remained_share"] == pytest.approx(remained / freed * 100)
        assert row["freed_share"] == pytest.approx(freed / held * 100)
        assert 0 < row["remained_share"] < 100 and 0 < row["freed_share"] < 100


def test_intlag_freed_share_falls_short_of_the_reports_rough_half():
    # The report: the amnesty freed "roughly fifty percent" of Intlag's prisoners; the
    # counts give less than that, and nearly half of the freed stayed on.
    ledger = rows("printed_figures")
    freed_printed = float(ledger["pex-p8-roughly-fifty-percent"]["value"])
    remained_printed = float(ledger["pex-p8-nearly-half-stayed"]["value"])
    frame = aftermath.retention_by_camp().set_index("camp")
    assert 0.8 * freed_printed < frame.loc["Intlag", "freed_share"] < freed_printed
    assert 0.9 * remained_printed < frame.loc["Intlag", "remained_share"] < remained_printed
    # more of Intlag's freed stayed on than of Vorkutlag's
    assert frame.loc["Intlag", "remained_share"] > frame.loc["Vorkutlag", "remained_share"]


def test_retained_total_is_the_sum_of_its_parts_and_matches_the_print():
    raw = rows("retention_as_free_labour")
    nkvd = int(raw["nkvd-camps-and-colonies-retained"]["value"])
    other = int(raw["other-commissariats-retained"]["value"])
    retained = aftermath.retained_total()
    assert retained.total == nkvd + other
    # the report prints the total (26,888, ledger row pex-p8-26888); the two stored parts reproduce it
    assert retained.total == int(float(rows("printed_figures")["pex-p8-26888"]["value"]))
    assert retained.share("NKVD camps and colonies") + retained.share("Other commissariats") == pytest.approx(100)
    assert retained.share("Other commissariats") == pytest.approx(other / (nkvd + other) * 100)


def test_retention_by_decree_lists_the_three_goko_decrees():
    frame = aftermath.retention_by_decree().set_index("id")
    raw = rows("retention_as_free_labour")
    assert list(frame.index) == list(aftermath.DECREES)
    for row_id in aftermath.DECREES:
        assert frame.loc[row_id, "persons"] == int(raw[row_id]["value"])
    assert frame.loc["komsomolsk-sovgavan-railroad", "retained_until"] == "1948-07-01"


def test_coexistence_figures_share_of_all_released():
    figures = aftermath.coexistence_figures()
    raw = rows("retention_as_free_labour")
    rel = rows("releases_by_camp_type")
    retained = int(raw["nkvd-camps-and-colonies-retained"]["value"]) + int(raw["other-commissariats-retained"]["value"])
    released = int(rel["itl"]["value"]) + int(rel["uitlk-oitk"]["value"])
    assert figures["retained-of-released"] == f"{retained / released * 100:.1f}%"
    assert figures["retained-total"] == f"{retained:,}"
    assert figures["intlag-remained-share"] == f"{1986 / 4046 * 100:.1f}%"


def test_intlag_printed_words_are_pasted_from_the_ledger():
    ledger = rows("printed_figures")
    figures = aftermath.coexistence_figures()
    for key, figure_id in (("intlag-freed-printed", "pex-p8-roughly-fifty-percent"),
                           ("intlag-remained-printed", "pex-p8-nearly-half-stayed")):
        text = ledger[figure_id]["printed"]
        assert text.startswith(figures[key]) and figures[key] != text
        assert re.fullmatch(r"(roughly|nearly) \w+( percent)?", figures[key])
    assert figures["intlag-freed-printed"] == "roughly fifty percent"
    assert figures["intlag-remained-printed"] == "nearly half"


# --- conclusion -------------------------------------------------------------------------

def test_amnesty_shares_1945_and_1953():
    frame = aftermath.amnesty_shares().set_index("year")
    rel = rows("releases_by_camp_type")
    pop = rows("camp_population_totals")
    other = rows("releases_in_other_years")
    released_1945 = int(rel["itl"]["value"]) + int(rel["uitlk-oitk"]["value"])
    assert frame.loc[1945, "share"] == pytest.approx(released_1945 / float(pop["gulag-at-amnesty-law"]["value"]) * 100)
    assert frame.loc[1953, "share"] == pytest.approx(
        float(other["released-1953-amnesty"]["value"]) / float(pop["gulag-1953-01"]["value"]) * 100)
    # the report's claim: both amnesties released as much as forty percent
    for year in (1945, 1953):
        assert frame.loc[year, "printed"] == 40
        assert abs(frame.loc[year, "gap"]) < 1
        assert frame.loc[year, "gap"] == pytest.approx(frame.loc[year, "share"] - 40)


def test_conclusion_figures_difference_in_points():
    figures = aftermath.conclusion_figures()
    frame = aftermath.amnesty_shares().set_index("year")
    diff = frame.loc[1953, "share"] - frame.loc[1945, "share"]
    assert figures["share-difference"] == f"+{diff:.1f} points"
    # the source's round "a million", never false digits
    assert figures["released-1953-words"] == "a million"
    assert figures["released-1953"] == "one million"
    assert "," not in figures["camps-typical"] and "million" in figures["camps-typical"]


def test_tables_are_display_strings():
    for frame in (aftermath.retention_by_camp_table(), aftermath.amnesty_shares_table()):
        assert all(isinstance(v, str) for v in frame.to_numpy().ravel())


def test_a_missing_row_is_a_data_error(monkeypatch):
    monkeypatch.setattr(aftermath, "CAMPS", {"Nowhere": ("no-such-row", "no-such-row", "no-such-row")})
    with pytest.raises(data.DataError, match="no-such-row"):
        aftermath.retention_by_camp()


def test_more_stayed_than_freed_is_refused(monkeypatch):
    # swap the rows: 'remained' larger than 'freed' must raise, not print a share over 100%
    monkeypatch.setattr(aftermath, "CAMPS", {"Vorkutlag": ("vorkutlag-remained", "vorkutlag-freed", "vorkutlag-1945")})
    with pytest.raises(data.DataError, match="more prisoners stayed"):
        aftermath.retention_by_camp()
