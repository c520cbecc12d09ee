"""The figures that the chapters on the population paste into their prose.

:func:`weakening_figures` serves ``chapters/weakening-a-crippled-institution.md`` (report
notes 104 to 137), :func:`enduring_figures` ``chapters/enduring-changes.md`` (notes 138
to 152). They format quantities computed elsewhere (:mod:`edition.population.tables`,
:mod:`edition.population.report_cells`, :mod:`edition.releases`); what they add is
arithmetic of presentation only (a sum of two shares, a half).
"""
from __future__ import annotations

import math

from edition import data, quantities, releases, show
from edition.population.report_cells import (
    AGE_LABELS,
    age_printed_differences,
    printed_fraction_phrase,
    printed_phrase,
    printed_sentence_shares,
    printed_table3,
    sentence_cell_differences,
    sentence_printed_bases,
)
from edition.population.tables import (
    AFTER,
    BEFORE,
    DASH,
    LONG_RUN,
    OFFENSE,
    SKILLED,
    age_totals,
    gender_shares,
    gender_shares_from_declines,
    gender_shift_points,
    offense_bases,
    released_by_age,
    sentence_totals,
    share_by_sentence_length,
    skilled_losses,
    under_five_shares,
    work_ability_shares,
    work_ability_sums,
)

TOTALS = "camp_population_totals"


ARRIVALS = "new_arrivals"


INVALIDS = "invalid_transfers"


IMPLEMENTATION = "amnesty_implementation"


SECTORS = "sector_labour_losses"


LITERATURE = "gulag_context_from_literature"


def _pct_row(name: str, row_id: str, words: bool = True) -> str:
    """A stored share as the source words it (fractions in words only where ``words``)."""
    return show.figure_phrase(data.row(name, row_id), words=words)


def weakening_figures() -> dict[str, str]:
    """Every figure of ``chapters/weakening-a-crippled-institution.md``, formatted for glue."""
    released = releases.total_released()
    population = releases.population_at_law()
    beria = data.count(IMPLEMENTATION, "beria-estimate")
    ages = released_by_age()
    totals = age_totals()
    diffs = age_printed_differences().set_index(["age_group", "column"])
    largest = ages["released"].idxmax()
    skilled = skilled_losses()
    shares = gender_shares()
    implied = gender_shares_from_declines()
    sums = work_ability_sums()
    health = data.count(INVALIDS, "to-commissariat-of-health")
    social = data.count(INVALIDS, "to-commissariat-of-social-security")
    work = work_ability_shares()
    first_category = work.index[0]
    fourth_category = work.index[3]
    figures = {
        # part introduction (note 104)
        "labour-force-released": _pct_row(IMPLEMENTATION, "labor-force-released-share"),
        "released-total": show.count(released),
        "population-at-law": show.count(population),
        "released-share-of-population": show.percent(releases.immediate_release_share()),
        # productivity (notes 105-107)
        "pechorlag-copies": show.count(data.count(IMPLEMENTATION, "pechorlag-copies-distributed")),
        # Beria (notes 108-110)
        "beria-estimate": show.count(beria),
        "beria-qualifier": show.QUALIFIER_WORDS[str(data.row(IMPLEMENTATION, "beria-estimate")["qualifier"])],
        "beria-shortfall": show.count(released - beria),
        "beria-shortfall-share": show.percent(quantities.percent_change(beria, released)),
        # sectors (note 112)
        "sectors-low": _pct_row(SECTORS, "share-left-low"),
        "sectors-high": _pct_row(SECTORS, "share-left-high"),
        # Table 1
        "age-largest-group": AGE_LABELS.get(largest, largest).lower(),
        "age-label-under-17": AGE_LABELS["under 17"].lower(),
        "age-label-31-50": AGE_LABELS["31-50"].lower(),
        "age-largest-released": show.count(int(ages.loc[largest, "released"])),
        "age-largest-share-of-released": show.percent(quantities.share_of(ages.loc[largest, "released"],
                                                                          totals["released"])),
        "age-young-share": show.percent(ages.loc["17-30", "percent_released"]),
        "age-under17-share": show.percent(ages.loc["under 17", "percent_released"]),
        "age-under17-released": show.count(int(ages.loc["under 17", "released"])),
        "age-rows-differ": show.count(int(diffs.index.get_level_values("age_group").nunique())),
        "age-under17-printed-released": diffs.loc[("under 17", "released"), "printed"],
        "age-under17-printed-share": diffs.loc[("under 17", "percent_released"), "printed"],
        "age-31-50-share": show.percent(ages.loc["31-50", "percent_released"]),
        "age-31-50-printed-share": diffs.loc[("31-50", "percent_released"), "printed"],
        "age-over60-share": show.percent(ages.loc["over 60", "percent_released"]),
        "age-51-60-share": show.percent(ages.loc["51-60", "percent_released"]),
        "age-total-before": show.count(totals["before"]),
        "age-total-after": show.count(totals["after"]),
        "age-total-released": show.count(totals["released"]),
        "age-total-share": show.percent(totals["percent_released"]),
        # skilled workers (notes 113-117)
        "engineers-before": show.count(int(skilled.loc["engineers", "before"])),
        "engineers-after": show.count(int(skilled.loc["engineers", "after"])),
        "engineers-fall": show.percent(skilled.loc["engineers", "fall"]),
        "engineers-printed": printed_fraction_phrase("engineers-after"),
        "specialists-before": show.count(int(skilled.loc["other specialists", "before"])),
        "specialists-after": show.count(int(skilled.loc["other specialists", "after"])),
        "specialists-fall": show.percent(skilled.loc["other specialists", "fall"]),
        "specialists-printed": printed_fraction_phrase("other-specialists-after"),
        "third": show.percent(100.0 / 3.0),
        "doctors-fall": _pct_row(SKILLED, "doctors-decline", words=False),
        "builders-fall": _pct_row(SKILLED, "builders-metal-workers-miners-decline"),
        "skilled-fall": _pct_row(SKILLED, "all-skilled-decline", words=False),
        # men and women (notes 120-122)
        "men-decline": show.percent(shares.loc["men", "decline"]),
        "women-decline": show.percent(shares.loc["women", "decline"]),
        "men-before": show.percent(shares.loc["men", "before"]),
        "women-before": show.percent(shares.loc["women", "before"]),
        "men-after": show.percent(shares.loc["men", "after"]),
        "women-after": show.percent(shares.loc["women", "after"]),
        "gender-shift": show.points(gender_shift_points()),
        "gender-shift-printed": printed_phrase("gender-shift"),
        "men-after-implied": show.percent(implied["men"]),
        "women-after-implied": show.percent(implied["women"]),
        "overall-decline-implied": show.percent(implied["overall_decline"]),
        # invalids (notes 127-133)
        "regions-none": show.figure_phrase(data.row(INVALIDS, "regions-reporting-none")),
        "regions-some": show.count(data.count(INVALIDS, "regions-reporting-some")),
        "invalids-total": show.count(health + social),
        "invalids-health": show.count(health),
        "invalids-social": show.count(social),
        "molotov-sick": show.count(data.count(INVALIDS, "molotov-oblast-sick")),
        # war and work ability (notes 134-137)
        "deaths-1941-43": _pct_row(LITERATURE, "deaths-1941-1943-share"),
        "cat1-1940": show.percent(work.loc[first_category, "1940"]),
        "cat1-1942": show.percent(work.loc[first_category, "1942"]),
        "cat1-before": show.percent(work.loc[first_category, BEFORE]),
        "cat1-after": show.percent(work.loc[first_category, AFTER]),
        "cat4-1942": show.percent(work.loc[fourth_category, "1942"]),
        "cat4-before": show.percent(work.loc[fourth_category, BEFORE]),
        "cat4-after": show.percent(work.loc[fourth_category, AFTER]),
        "cat34-before": show.percent(work.loc[work.index[2:4], BEFORE].sum()),
        "cat34-after": show.percent(work.loc[work.index[2:4], AFTER].sum()),
        "cat12-before": show.percent(work.loc[work.index[0:2], BEFORE].sum()),
        "cat12-after": show.percent(work.loc[work.index[0:2], AFTER].sum()),
        "work-sums": ", ".join(show.percent(v) for v in sums),
        # table totals
        "sentence-total-before": show.count(sentence_totals()["before"]),
        "sentence-total-after": show.count(sentence_totals()["after"]),
    }
    return figures


def enduring_figures() -> dict[str, str]:
    """Every figure of ``chapters/enduring-changes.md``, formatted for glue."""
    frame = share_by_sentence_length()
    printed = printed_sentence_shares()
    under_five = under_five_shares()
    bases = sentence_printed_bases()
    totals = sentence_totals()
    ages = age_totals()
    population = releases.population_at_law()
    offense = offense_bases()
    cr_before = int(offense.loc["counter-revolutionary-before", "count"])
    cr_after = int(offense.loc["counter-revolutionary-after", "count"])
    colonies = offense.loc["counter-revolutionary-colonies-after"]
    colonies_text = str(data.row(OFFENSE, "counter-revolutionary-colonies-after")["as_printed"])
    expected = data.count(IMPLEMENTATION, "expected-remaining")
    expected_cr = data.count(IMPLEMENTATION, "expected-remaining-counter-revolutionary")
    arrivals = data.count(ARRIVALS, "arrivals-to-1945-10-01")
    shirking_share = data.value(ARRIVALS, "arrivals-to-1945-10-01-shirking-share")
    band510, band10 = "5 to 10 years", "over 10 years"
    differing = sentence_cell_differences()
    n_bands = len(frame)
    printed_cells = printed_table3()
    figures = {
        "table3-share-cells": show.count(2 * n_bands),
        "table3-share-cells-differ": show.count(int(differing["column"].str.startswith("share").sum())),
        "table3-change-cells": show.count(n_bands),
        "table3-shares-without-sign": show.count(sum(not c.endswith("%") for cells in printed_cells.values()
                                                     for c in cells[:2])),
        "table3-change-cells-differ": show.count(int((differing["column"] == "change").sum())),
        # Table 3 and its prose (note 138)
        "under-five-before": show.percent(under_five["before"]),
        "under-five-after": show.percent(under_five["after"]),
        "under-five-before-printed": printed_phrase("under-five-before"),
        "under-five-after-printed": printed_phrase("under-five-after"),
        "five-ten-share-before": show.percent(frame.loc[band510, "share_before"]),
        "five-ten-share-after": show.percent(frame.loc[band510, "share_after"]),
        "five-ten-change": show.points(frame.loc[band510, "change_points"]),
        "five-ten-change-printed-table": printed_cells[band510][2],
        "five-ten-change-printed-prose": printed_phrase("five-to-ten-change"),
        "five-ten-count-change": show.signed_percent(frame.loc[band510, "count_change"]),
        "five-ten-count-fall": show.percent(abs(frame.loc[band510, "count_change"])),
        "over-ten-share-before": show.percent(frame.loc[band10, "share_before"]),
        "over-ten-share-after": show.percent(frame.loc[band10, "share_after"]),
        "over-ten-change": show.points(frame.loc[band10, "change_points"]),
        "over-ten-change-printed": printed_phrase("over-ten-change"),
        "over-ten-count-change": show.signed_percent(frame.loc[band10, "count_change"]),
        "over-ten-before": show.count(int(frame.loc[band10, "before"])),
        "over-ten-after": show.count(int(frame.loc[band10, "after"])),
        "shortest-count-fall": show.percent(abs(frame.loc["up to 6 months", "count_change"])),
        "sentence-total-before": show.count(totals["before"]),
        "sentence-total-after": show.count(totals["after"]),
        "sentence-total-released": show.count(totals["before"] - totals["after"]),
        "age-total-before": show.count(ages["before"]),
        "age-total-after": show.count(ages["after"]),
        "population-at-law": show.count(population),
        "printed-sum-before": show.percent(printed["share_before"].sum()),
        "printed-sum-after": show.percent(printed["share_after"].sum()),
        "printed-base-before-low": show.count(math.ceil(bases["before"][0])),
        "printed-base-before-high": show.count(math.floor(bases["before"][1])),
        "printed-base-after-low": show.count(math.ceil(bases["after"][0])),
        "printed-base-after-high": show.count(math.floor(bases["after"][1])),
        "printed-base-after-gap": show.count(math.ceil(bases["after"][0]) - totals["after"]),
        "printed-base-before-gap": show.count(math.ceil(bases["before"][0]) - totals["before"]),
        # long run (notes 139-142, 148)
        "pop-1939": show.count(data.count(TOTALS, "gulag-1939")),
        "y1939-short": _pct_row(LONG_RUN, "1939-5-years-or-less", words=False),
        "y1939-mid": _pct_row(LONG_RUN, "1939-5-to-10-years", words=False),
        "y1939-long": _pct_row(LONG_RUN, "1939-over-10-years", words=False),
        "y1939-ten": _pct_row(LONG_RUN, "1939-10-years", words=False),
        "pop-1940": show.count(data.count(TOTALS, "gulag-1940-03")),
        "y1940-short": _pct_row(LONG_RUN, "1940-03-5-years-or-less", words=False),
        "y1940-short-printed-words": str(data.row(LONG_RUN, "1940-03-5-years-or-less")["as_printed"]).split(" or ")[0],
        "y1940-mid": _pct_row(LONG_RUN, "1940-03-5-to-10-years", words=False),
        "y1940-long": _pct_row(LONG_RUN, "1940-03-over-10-years", words=False),
        "two-thirds": show.percent(200.0 / 3.0),
        "y1940-short-fraction": show.fraction_words(data.value(LONG_RUN, "1940-03-5-years-or-less"), tolerance=1.0) or DASH,
        "y1951-short": _pct_row(LONG_RUN, "1951-5-years-or-less"),
        "y1951-mid": _pct_row(LONG_RUN, "1951-5-to-10-years"),
        "y1951-ten-fifteen": _pct_row(LONG_RUN, "1951-10-to-15-years", words=False),
        "y1951-fifteen": _pct_row(LONG_RUN, "1951-15-years-or-more", words=False),
        "pop-1953": show.count(data.count(TOTALS, "gulag-1953-01")),
        "y1953-short": _pct_row(LONG_RUN, "1953-01-under-5-years", words=False),
        "y1953-mid": _pct_row(LONG_RUN, "1953-01-5-to-10-years"),
        "y1953-ten-fifteen": _pct_row(LONG_RUN, "1953-10-to-15-years", words=False),
        "y1953-fifteen": _pct_row(LONG_RUN, "1953-15-years-or-more", words=False),
        "cr-six-ten": _pct_row(LONG_RUN, "counter-revolutionary-6-to-10-years"),
        "cr-twenty-five": _pct_row(LONG_RUN, "counter-revolutionary-25-years", words=False),
        # offences (notes 143-146)
        "criminal-before": _pct_row(OFFENSE, "criminal-before", words=False),
        "criminal-after": _pct_row(OFFENSE, "criminal-after", words=False),
        "criminal-change": show.points(quantities.change_in_points(data.value(OFFENSE, "criminal-before"),
                                                                   data.value(OFFENSE, "criminal-after"))),
        "cr-before": show.count(cr_before),
        "cr-after": show.count(cr_after),
        "cr-before-share": show.percent(offense.loc["counter-revolutionary-before", "printed_share"], digits=0),
        "cr-after-share": show.percent(offense.loc["counter-revolutionary-after", "printed_share"]),
        "cr-count-rise": show.percent(abs(quantities.percent_change(cr_before, cr_after))),
        "cr-base-before": show.count(round(offense.loc["counter-revolutionary-before", "base"])),
        "cr-base-after": show.count(round(offense.loc["counter-revolutionary-after", "base"])),
        "cr-share-sum-before": show.percent(offense.loc["counter-revolutionary-before", "printed_share"]
                                           + data.value(OFFENSE, "criminal-before")),
        "cr-share-sum-after": show.percent(offense.loc["counter-revolutionary-after", "printed_share"]
                                          + data.value(OFFENSE, "criminal-after")),
        "colonies-cr": show.count(int(colonies["count"])),
        "colonies-cr-share": show.percent(colonies["printed_share"]),
        "colonies-base": show.count(round(colonies["base"])),
        "colonies-cr-share-before-implied": show.percent(colonies["printed_share"] / 2.0)
        if colonies_text.startswith("doubled") else DASH,
        # Nasedkin's forecast (note 144)
        "expected-remaining": show.count(expected),
        "expected-remaining-share": show.percent(quantities.share_of(expected, population)),
        "expected-cr": show.count(expected_cr),
        "expected-cr-share": show.percent(quantities.share_of(expected_cr, expected)),
        "cr-above-expected": show.count(cr_after - expected_cr),
        # new arrivals (notes 149-151)
        "arrivals": show.count(arrivals),
        "arrivals-shirking-share": show.percent(shirking_share, digits=0),
        "arrivals-shirking": show.count(round(arrivals * shirking_share / 100.0)),
        "arrivals-october": show.figure_phrase(data.row(ARRIVALS, "arrivals-through-october")),
        "arrivals-monthly": show.figure_phrase(data.row(ARRIVALS, "monthly-rate")),
        "expected-1946": show.range_phrase(data.row(TOTALS, "gulag-mid-1946-expected-low"),
                                           data.row(TOTALS, "gulag-mid-1946-expected-high")),
    }
    return figures
