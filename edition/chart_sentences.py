"""Charts of what the amnesty changed for good: length of sentence and kind of offense.

Figures come from :mod:`edition.population` (Table 3 recomputed, the share of sentences of five
years or less, the long sentences of the later censuses, the counter-revolutionaries' share);
the data rows give only wording and sources.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from edition import data, population, show
from edition.chart_marks import (
    grouped_bars,
    inline,
    line_over_periods,
    narrow_padding,
    period,
    record,
    share_axis,
    source,
    sources,
    tooltip,
)
from edition.chart_object import EditionChart, make
from edition.chart_population import DATES, row_of, two_period_shares
from edition.chart_theme import WIDTH


def sentence_structure_before_after() -> EditionChart:
    """Shares of prisoners by length of sentence, July 1 and October 1, 1945 (counts in the tooltip)."""
    table3 = population.share_by_sentence_length()
    totals = population.sentence_totals()
    groups = [str(g) for g in table3.index]
    records = []
    for group in groups:
        change = show.points(table3.loc[group, "change_points"])
        for day, key in ((DATES[0], "before"), (DATES[1], "after")):
            row = row_of(population.SENTENCE, "sentence_band", group, day)
            share = float(table3.loc[group, f"share_{key}"])
            records.append(record(row, group=group, when=period(day), date=day,
                                  count_text=show.count(table3.loc[group, key]), share=round(share, 6),
                                  share_text=show.percent(share), total_text=show.count(totals[key]),
                                  change_text=change))
    tips = tooltip(("group", "Sentence"), ("when", "Date"), ("count_text", "Prisoners"),
                   ("share_text", "Share"), ("change_text", "Change of the share"))

    def layout(narrow: bool):
        layers = grouped_bars(records, groups, x_field="share", x_axis=share_axis("Share of prisoners"),
                              x_domain=[0, 70], label_field="share_text", tooltip=tips, narrow=narrow, bar_block=36)
        chart = alt.layer(*layers, data=inline(records))
        if narrow:
            return chart.properties(height=alt.Step(18), padding=narrow_padding(r["share_text"] for r in records))
        return chart.properties(width=WIDTH - 160, height=alt.Step(22))

    chart, narrow = layout(False), layout(True)
    by = {(r["group"], r["date"]): r for r in records}
    biggest = str(table3["change_points"].idxmax())
    description = (
        f"Bar chart of the shares of prisoners by length of sentence on July 1, 1945 ({show.count(totals['before'])} "
        f"prisoners) and October 1, 1945 ({show.count(totals['after'])}): "
        + "; ".join(f"{g} {by[(g, DATES[0])]['share_text']} then {by[(g, DATES[1])]['share_text']}" for g in groups)
        + f". The largest gain was for sentences of {biggest} ({by[(biggest, DATES[0])]['change_text']})."
    )
    table = pd.DataFrame({
        "Sentence": groups,
        "July 1, 1945": [f"{by[(g, DATES[0])]['count_text']} ({by[(g, DATES[0])]['share_text']})" for g in groups],
        "October 1, 1945": [f"{by[(g, DATES[1])]['count_text']} ({by[(g, DATES[1])]['share_text']})" for g in groups],
        "Change of the share": [by[(g, DATES[0])]["change_text"] for g in groups],
        "Source": [by[(g, DATES[0])]["source"] for g in groups],
    })
    return make(chart, records, table, [population.SENTENCE], title="Length of sentence before and after the amnesty",
                description=description, name="sentence_structure_before_after", narrow=narrow)


LONG_RUN_BANDS = ("5 years or less", "5 to 10 years", "over 10 years")
BAND_OF = {"5 years or less": LONG_RUN_BANDS[0], "under 5 years": LONG_RUN_BANDS[0],
           "5 to 10 years": LONG_RUN_BANDS[1], "over 10 years": LONG_RUN_BANDS[2]}
"""The long-run chart's three bands, and the band of each census's own wording."""
LATER_CENSUSES = {"1951": ("1951",), "1953-01": ("1953-01", "1953")}
"""Censuses that split sentences over ten years in two bands, by date, with the dates of their rows."""


def _long_run_records() -> list[dict]:
    frame = data.rows(population.LONG_RUN)
    frame = frame[frame["population"] == "Gulag population"]
    records = []

    def add(band, when, share, qualifier, as_printed, where, how):
        records.append({"id": f"{when}-{band}", "band": band, "date": when, "when": period(when, short=True),
                        "share": round(float(share), 6), "value": round(float(share), 6),
                        "share_text": show.qualified(show.percent(share), qualifier), "qualifier": qualifier,
                        "as_printed": as_printed, "source": where, "how": how})

    def add_printed(rows, when):
        for _, row in rows.iterrows():
            if row["sentence_band"] in BAND_OF:
                add(BAND_OF[row["sentence_band"]], when, row["value"], row["qualifier"], row["as_printed"],
                    source(row), f"the report's percentage ({row['sentence_band']})")

    for when in ("1939", "1940-03"):
        add_printed(frame[frame["date"] == when], when)
    # July and October 1945: computed from the counts of the November 1945 table (Table 3).
    table3 = population.share_by_sentence_length()
    under_five = population.under_five_shares()
    for day, key in ((DATES[0], "before"), (DATES[1], "after")):
        where = source(row_of(population.SENTENCE, "sentence_band", str(table3.index[0]), day))
        how = "computed from the counts by length of sentence"
        total = population.sentence_totals()[key]
        parts = {LONG_RUN_BANDS[0]: under_five[key], LONG_RUN_BANDS[1]: table3.loc["5 to 10 years", f"share_{key}"],
                 LONG_RUN_BANDS[2]: table3.loc["over 10 years", f"share_{key}"]}
        for band, share in parts.items():
            add(band, day, share, "exact", f"computed from Table 3: a share of {show.count(total)} prisoners",
                where, how)
    # 1951 and January 1953: sentences over 10 years are given as two bands, added up.
    for when, dates in LATER_CENSUSES.items():
        add_printed(frame[frame["date"].isin(dates)], when)
        share, parts = population.over_ten_years_share(dates)
        qualifier = "exact" if set(parts["qualifier"]) == {"exact"} else "roughly"
        add(LONG_RUN_BANDS[2], when, share, qualifier, "; ".join(parts["as_printed"]),
            sources(*(row for _, row in parts.iterrows())), "sum of the report's 10-15 and 15+ year shares")
    return records


def sentence_structure_long_run() -> EditionChart:
    """Shares of short, middling and long sentences: 1939, March 1940, July and October 1945, 1951, 1953."""
    records = _long_run_records()
    tips = tooltip(("band", "Sentence"), ("when", "Date"), ("share_text", "Share"), ("how", "How"))
    lines = dict(colour_field="band", y_domain=[0, 70], tooltip=tips)
    chart = alt.layer(line_over_periods(records, list(LONG_RUN_BANDS), width=WIDTH - 60, **lines),
                      data=inline(records))
    narrow = alt.layer(line_over_periods(records, list(LONG_RUN_BANDS), end_labels=False, **lines),
                       data=inline(records))
    by = {(r["band"], r["date"]): r["share_text"] for r in records}
    periods = list(dict.fromkeys(r["date"] for r in records))
    description = (
        "Line chart of the shares of Gulag prisoners by length of sentence from 1939 to 1953. "
        + " ".join(f"{band.capitalize()}: " + ", ".join(f"{by[(band, p)]} ({period(p)})" for p in periods
                                                        if (band, p) in by) + "."
                   for band in LONG_RUN_BANDS)
    )
    table = pd.DataFrame([{"Date": period(p), **{b.capitalize(): by.get((b, p), "–") for b in LONG_RUN_BANDS},
                           "Source": "; ".join(dict.fromkeys(r["source"] for r in records if r["date"] == p))}
                          for p in periods])
    return make(chart, records, table, [population.LONG_RUN, population.SENTENCE],
                title="Sentences grew longer after the amnesty, 1939 to 1953", description=description,
                name="sentence_structure_long_run", narrow=narrow)


def offense_mix() -> EditionChart:
    """Criminal and counterrevolutionary offenders as shares of camp and colony prisoners, before and after."""
    counter_shares = population.counter_revolutionary_shares()
    periods = (("before", "Before the amnesty"), ("after", "After the amnesty (October 1, 1945)"))
    groups = ["Criminal offenses", "Counterrevolutionary crimes"]
    records = []
    for key, when in periods:
        criminal = data.row(population.OFFENSE, f"criminal-{key}")
        counter = data.row(population.OFFENSE, f"counter-revolutionary-{key}")
        records.append(record(criminal, group=groups[0], when=when, share=float(criminal["value"]),
                              share_text=show.percent(criminal["value"]), detail="the report's percentage"))
        share = counter_shares[key]
        records.append(record(counter, group=groups[1], when=when, share=round(share, 6),
                              share_text=show.percent(share),
                              detail=f"100% minus the criminal share; {show.count(counter['value'])} prisoners"))
    by = {(r["group"], r["when"]): r for r in records}
    b, a = periods[0][1], periods[1][1]
    description = (
        f"Bar chart of camp and colony prisoners by kind of offense. Criminal offenders fell from "
        f"{by[(groups[0], b)]['share_text']} before the amnesty to {by[(groups[0], a)]['share_text']} after it; "
        f"counterrevolutionary prisoners rose from {by[(groups[1], b)]['share_text']} to "
        f"{by[(groups[1], a)]['share_text']} ({by[(groups[1], b)]['value']:,} and {by[(groups[1], a)]['value']:,} people)."
    )
    columns = {
        "Note": ["the report's percentages",
                 f"100% minus the criminal share; {show.count(by[(groups[1], b)]['value'])} and "
                 f"{show.count(by[(groups[1], a)]['value'])} prisoners"],
        "Source": [by[(g, b)]["source"] for g in groups],
    }
    return two_period_shares(records, groups, title="Offenses of the prisoners who remained",
                             description=description, columns=columns, resources=[population.OFFENSE],
                             name="offense_mix", group_title="Offense")
