"""Charts of the releases: their progress against the number who qualified, and the offenses of the freed.

Figures come from :mod:`edition.releases` (the total released, the number who qualified, each
tally's share of it, each offense group's share); the data rows give only wording and sources.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from edition import data, releases, show
from edition.chart_marks import (
    bar_names,
    bar_rows,
    count_axis,
    inline,
    narrow_padding,
    period,
    record,
    row_date,
    share_axis,
    source,
    sources,
    tooltip,
)
from edition.chart_object import EditionChart, make
from edition.chart_theme import BEFORE, MUTED, OKABE_ITO, WIDTH

TALLIES = ("freed-by-1945-08-25", "freed-by-1945-10-05")
"""The running tallies of releases from camps and colonies (rows of ``amnesty_implementation``)."""

REFERENCES = {
    # series: (row id, name in the legend, color, dash pattern)
    "Qualified for release": ("qualifying-for-release", "Qualified for release", OKABE_ITO["vermillion"], [1, 0]),
    "Final tally, camps and colonies": (None, "Final tally", OKABE_ITO["bluish green"], [8, 4]),
    "Nasedkin's later statement": ("nasedkin-expected-releases", "Nasedkin, later", OKABE_ITO["reddish purple"],
                                   [2, 3]),
    "Beria's estimate before the law": ("beria-estimate", "Beria, before the law", MUTED, [10, 3, 2, 3]),
}
"""The reference lines of the implementation chart. Nasedkin's "over 600,000" comes from his
answer to the police after the releases had begun (report note 76), not from before the law."""


def _implementation_records() -> tuple[list[dict], dict]:
    progress = releases.implementation_progress().set_index("id")
    camp_rows = [r for _, r in data.rows(releases.CAMP_TYPES).iterrows()]
    records = []
    for row_id in TALLIES:
        row = data.row(releases.IMPLEMENTATION, row_id)
        day = row_date(row).isoformat()
        records.append(record(row, layer="tally", series="Freed from camps and colonies (running tally)",
                              date=day, when=period(day), value_text=show.count(row["value"]),
                              label=show.count(row["value"]),
                              share_of_qualified=float(progress.loc[row_id, "share_of_qualifying"])))
    prisons = data.row(releases.IMPLEMENTATION, "released-from-prisons")
    prisons_text = show.qualified(show.count(prisons["value"]), prisons["qualifier"])
    start, end = row_date(prisons, end=False).isoformat(), row_date(prisons).isoformat()
    records.append(record(prisons, layer="prisons", series="Released from NKVD-UNKVD prisons", date=end,
                          when=f"{period(start)} to {period(end)}", value_text=prisons_text,
                          label=f"prisons: {prisons_text}"))
    total = releases.total_released()
    for series, (row_id, legend, _, _) in REFERENCES.items():
        if row_id is None:
            records.append({
                "id": "+".join(str(r["id"]) for r in camp_rows), "value": total, "qualifier": "exact",
                "as_printed": "; ".join(str(r["as_printed"]) for r in camp_rows), "source": sources(*camp_rows),
                "layer": "reference", "series": series, "date": None, "when": "summer and fall 1945",
                "value_text": show.count(total), "label": f"{legend} (ITL + UITLK-OITK): {show.count(total)}",
                "share_of_qualified": float(progress.loc["final", "share_of_qualifying"])})
            continue
        row = data.row(releases.IMPLEMENTATION, row_id)
        text = show.qualified(show.count(row["value"]), row["qualifier"])
        records.append(record(row, layer="reference", series=series, date=None, when=period(str(row["date"])),
                              value_text=text, label=f"{legend}: {text}"))
    return records, {r["series"]: r for r in records}


NARROW_LEGEND_LABEL = "split(replace(datum.label, ' (ITL + UITLK-OITK)', ''), ': ')"
"""A legend entry in a narrow box: the name on one line, the figure on the next, no acronyms."""


def _implementation_layout(records, by_series, *, narrow: bool) -> alt.LayerChart:
    """The implementation chart; narrow, the legend's figures go on a second line, the months
    lose their day, and the prisons' label stands to the right of its mark."""
    legend_order = [by_series[name]["label"] for name in REFERENCES]
    x_scale = alt.Scale(domain=["1945-07-01", "1945-10-31"])
    y_scale = alt.Scale(domain=[0, 700000])
    tips = tooltip(("series", "Figure"), ("when", "Date"), ("value_text", "Number"))
    base = alt.Chart().encode(tooltip=tips)
    # Reference lines: color and dash pattern both tell them apart (one legend, below the plot).
    legend = alt.Legend(title=None, orient="bottom", direction="vertical", symbolType="stroke",
                        symbolStrokeWidth=2.5, symbolSize=400,
                        **({"labelExpr": NARROW_LEGEND_LABEL} if narrow else {}))
    rules = base.transform_filter("datum.layer == 'reference'").mark_rule(strokeWidth=2.5).encode(
        y=alt.Y("value:Q", scale=y_scale, axis=count_axis("Prisoners")),
        color=alt.Color("label:N", sort=legend_order, legend=legend,
                        scale=alt.Scale(domain=legend_order, range=[c for _, _, c, _ in REFERENCES.values()])),
        strokeDash=alt.StrokeDash("label:N", sort=legend_order, legend=legend,
                                  scale=alt.Scale(domain=legend_order, range=[d for _, _, _, d in REFERENCES.values()])),
    )
    points = base.transform_filter("datum.layer != 'reference'")
    line = points.transform_filter("datum.layer == 'tally'").mark_line(color=BEFORE).encode(
        x=alt.X("date:T", scale=x_scale, axis=alt.Axis(title="1945", format="%b" if narrow else "%-d %b",
                                                        tickCount="month")),
        y=alt.Y("value:Q", scale=y_scale))
    dots = points.mark_point(filled=True, size=110, color=BEFORE).encode(
        x=alt.X("date:T", scale=x_scale), y=alt.Y("value:Q", scale=y_scale),
        shape=alt.Shape("layer:N", scale=alt.Scale(domain=["tally", "prisons"], range=["circle", "diamond"]), legend=None),
    )
    position = dict(x=alt.X("date:T", scale=x_scale), y=alt.Y("value:Q", scale=y_scale), text="label:N")
    if narrow:
        dot_labels = (points.transform_filter("datum.layer == 'tally'").mark_text(align="right", dx=-10, dy=-12)
                      .encode(**position)
                      + points.transform_filter("datum.layer == 'prisons'").mark_text(align="center", dy=18)
                      .encode(**position))
        return alt.layer(rules, line, dots, dot_labels, data=inline(records)).properties(height=320)
    dot_labels = points.mark_text(align="right", dx=-10, dy=-12).encode(**position)
    return alt.layer(rules, line, dots, dot_labels, data=inline(records)).properties(width=400, height=320)


def implementation_over_time() -> EditionChart:
    """Release tallies by date against the number who qualified, the final tally, Beria's
    estimate before the law and Nasedkin's later statement."""
    records, by_series = _implementation_records()
    chart, narrow = _implementation_layout(records, by_series, narrow=False), _implementation_layout(
        records, by_series, narrow=True)

    august, october = (r for r in records if r["layer"] == "tally")
    prisons = next(r for r in records if r["layer"] == "prisons")
    qualified, final, nasedkin, beria = (by_series[name] for name in REFERENCES)
    description = (
        f"Line chart of prisoners freed under the amnesty of July 7, 1945. Camps and colonies had freed "
        f"{august['value_text']} by August 25 ({show.percent(august['share_of_qualified'])} of the "
        f"{qualified['value_text']} who qualified) and {october['value_text']} by October 5 "
        f"({show.percent(october['share_of_qualified'])}); prisons had released {prisons['value_text']} "
        f"by August 20. Reference lines: the {qualified['value_text']} who qualified, the final tally of "
        f"{final['value_text']}, Beria's estimate before the law of {beria['value_text']}, and Nasedkin's "
        f"later statement, made after the releases had begun, that the amnesty would free {nasedkin['value_text']}."
    )
    table = pd.DataFrame({
        "Figure": [r["series"] for r in records],
        "Date": [r["when"] for r in records],
        "Number": [r["value_text"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return make(chart, records, table, [releases.IMPLEMENTATION, releases.CAMP_TYPES],
                title="Releases under the amnesty, July to October 1945", description=description,
                name="implementation_over_time", narrow=narrow)


OFFENCE_BARS = (
    # row id, short name, full name
    ("wartime-laws", "Wartime laws", "Wartime laws of the USSR Supreme Soviet"),
    ("property-crimes", "Property crimes", "Property crimes (theft, robbery)"),
    ("military-crimes-note-40", "Military crimes", "Military crimes"),
    ("white-collar-crimes", "White-collar crimes", "White-collar crimes (abuse of power, embezzlement)"),
    ("other-offenses", "Other offenses", "Other offenses (hooliganism, speculation, forgery, murder, banditry, "
                                         "counter-revolution)"),
)


def released_by_offense() -> EditionChart:
    """Shares of all prisoners released, by the offense they had been sentenced for."""
    shirking = releases.offence_share("shirking-law-1941-12-26")
    desertion = releases.offence_share("desertion")
    notes = {
        "wartime-laws": f"of all released, {show.qualified(show.percent(shirking.share), shirking.qualifier)} were "
                        f"sentenced for shirking under the law of December 26, 1941",
        "military-crimes-note-40": f"{show.percent(desertion.share)} of them for desertion",
    }
    total = releases.total_released()
    camp_rows = [r for _, r in data.rows(releases.CAMP_TYPES).iterrows()]
    records = []
    for row_id, short, name in OFFENCE_BARS:
        share = releases.offence_share(row_id)
        row = data.row(releases.OFFENSES, row_id)
        if share.computed:
            text = f"{show.percent(share.share)} ({show.count(share.count)} of {show.count(total)})"
            how = f"computed: {show.count(share.count)} of the {show.count(total)} released"
            where = sources(row, *camp_rows)
        else:
            text = show.qualified(show.percent(share.share), share.qualifier)
            how = "the report gives only the percentage"
            where = source(row)
        records.append(record(row, offense=short, offense_full=name, share=round(share.share, 6), share_text=text,
                              short_text=show.qualified(show.percent(share.share), share.qualifier),
                              detail=notes.get(row_id, how), qualifier=share.qualifier, source=where))
    order = [r["offense"] for r in records]
    tips = tooltip(("offense_full", "Offense"), ("share_text", "Share of all released"), ("detail", "Note"))

    def layout(narrow: bool):
        # Narrow, a bar's label is its share alone; the count stays in the tooltip and the table.
        label = "short_text" if narrow else "share_text"
        y, height = bar_rows("offense", order, narrow=narrow, bar_block=26)
        base = alt.Chart().encode(
            y=y, x=alt.X("share:Q", scale=alt.Scale(domain=[0, 50]), axis=share_axis("Share of all prisoners released")),
            tooltip=tips)
        layers = [base.mark_bar(color=BEFORE), base.mark_text(align="left", dx=5).encode(text=f"{label}:N")]
        if narrow:
            layers.append(bar_names("offense", order, 26))
        chart = alt.layer(*layers, data=inline(records)).properties(height=height)
        if narrow:
            return chart.properties(padding=narrow_padding(r[label] for r in records))
        return chart.properties(width=WIDTH - 180)

    description = (
        "Bar chart of the offenses of the prisoners freed from camps and colonies: "
        + "; ".join(f"{r['offense']} {r['share_text']}" for r in records)
        + ". Shares other than property crimes are the report's own percentages."
    )
    table = pd.DataFrame({
        "Offense": [r["offense_full"] for r in records],
        "Share of all released": [r["share_text"] for r in records],
        "Note": [r["detail"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return make(layout(False), records, table, [releases.OFFENSES, releases.CAMP_TYPES],
                title="Who was freed: prisoners released, by offense", description=description,
                name="released_by_offense", narrow=layout(True))
