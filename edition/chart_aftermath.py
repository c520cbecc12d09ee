"""The chart of amnestied prisoners kept at work as free laborers: at two camps and under three decrees.

Figures come from :mod:`edition.aftermath` (the freed and those who stayed at Vorkutlag and
Intlag with the share who stayed; the prisoners each GOKO decree held); the data rows give only
wording and sources.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from edition import aftermath, data, show
from edition.chart_marks import count_axis, inline, period, record, tooltip
from edition.chart_object import EditionChart, make
from edition.chart_theme import BEFORE, OKABE_ITO

DECREE_NAMES = {
    # row id: (name, short name for a narrow box)
    "dalstroi-gold-and-tin": ("Dal'stroi gold and tin", "Dal'stroi"),
    "komsomolsk-sovgavan-railroad": ("Komsomol'sk-Sovgavan' railroad", "Railroad"),
    "timber-industries": ("Timber industries", "Timber"),
}
STATUSES = ("Freed", "Stayed as free laborers")


def _decree_detail(decreed, until) -> str:
    decreed = "" if pd.isna(decreed) else str(decreed)
    until = "" if pd.isna(until) else str(until)
    return "GOKO decree" + (f" of {period(decreed)}" if decreed else "") + (
        f"; held until {period(until) if until[:1].isdigit() else until}" if until else "")


def _records() -> list[dict]:
    records = []
    for _, camp in aftermath.retention_by_camp().iterrows():
        freed_id, stayed_id, _ = aftermath.CAMPS[camp["camp"]]
        share = show.percent(camp["remained_share"])
        label = f"{show.count(camp['remained'])} of {show.count(camp['freed'])} stayed ({share})"
        for row_id, status, figure in ((freed_id, STATUSES[0], camp["freed"]), (stayed_id, STATUSES[1], camp["remained"])):
            row = data.row(aftermath.RETENTION, row_id)
            records.append(record(row, panel="camp", group=str(row["camp_or_body"]), short=str(row["camp_or_body"]),
                                  status=status, count_text=show.count(figure),
                                  label=label if status == STATUSES[0] else "", share_text=share,
                                  short_label=f"{share} stayed" if status == STATUSES[0] else "",
                                  detail=str(row["measure"])))
    for _, decree in aftermath.retention_by_decree().iterrows():
        name, short = DECREE_NAMES[decree["id"]]
        row = data.row(aftermath.RETENTION, decree["id"])
        records.append(record(row, panel="decree", group=name, short=short, status="Held by decree",
                              count_text=show.count(decree["persons"]), label=show.count(decree["persons"]),
                              share_text="", detail=_decree_detail(decree["decree_date"], decree["retained_until"])))
    return records


def _panels(records, *, camp_width: int, decree_width: int, name_field: str, label_field: str,
            narrow: bool = False):
    legend = "bottom" if narrow else "top"
    camps = [r for r in records if r["panel"] == "camp"]
    camp_tips = tooltip(("group", "Camp"), ("status", "Figure"), ("count_text", "Prisoners"),
                        ("share_text", "Share of the freed who stayed"))
    camp_base = alt.Chart().transform_filter("datum.panel == 'camp'").encode(
        y=alt.Y(f"{name_field}:N", sort=list(dict.fromkeys(r[name_field] for r in camps)), axis=alt.Axis(title=None)),
        x=alt.X("value:Q", stack=None, scale=alt.Scale(domain=[0, 12000]),
                axis=count_axis("Amnestied prisoners", tickCount=4)),
        tooltip=camp_tips)
    camp_bars = camp_base.mark_bar(height=30, stroke=BEFORE, strokeWidth=1.5).encode(
        color=alt.Color("status:N", scale=alt.Scale(domain=list(STATUSES), range=[OKABE_ITO["sky blue"], BEFORE]),
                        legend=alt.Legend(title=None, orient=legend, direction="horizontal" if legend == "top" else "vertical")),
        order=alt.Order("value:Q", sort="descending"))
    camp_labels = camp_base.transform_filter("datum.status == 'Freed'").mark_text(align="left", dx=5).encode(
        text=f"{label_field}:N")
    camp_chart = alt.layer(camp_bars, camp_labels).properties(width=camp_width, height=alt.Step(50),
                                                              title="Camps (October 1945)")
    decree_tips = tooltip(("group", "Industry"), ("count_text", "Prisoners"), ("detail", "Decree"))
    decree_names = [r[name_field] for r in records if r["panel"] == "decree"]
    decree_base = alt.Chart().transform_filter("datum.panel == 'decree'").encode(
        y=alt.Y(f"{name_field}:N", sort=decree_names, axis=alt.Axis(title=None)),
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 25000]),
                axis=count_axis("Amnestied prisoners", tickCount=2 if narrow else 4)),
        tooltip=decree_tips)
    decree_chart = (decree_base.mark_bar(color=OKABE_ITO["vermillion"])
                    + decree_base.mark_text(align="left", dx=5).encode(text="label:N")).properties(
        width=decree_width, height=alt.Step(34), title="By GOKO decree" if narrow else "Held by GOKO decree")
    return alt.vconcat(camp_chart, decree_chart, data=inline(records)).resolve_scale(color="independent",
                                                                                     x="independent")


def retention_as_free_labour() -> EditionChart:
    """Amnestied prisoners kept on as free laborers: at two camps, and under three GOKO decrees."""
    records = _records()
    chart = _panels(records, camp_width=190, decree_width=170, name_field="group", label_field="label")
    # A narrow box has no room for "2,985 of 5,683 stayed (52.5%)": the share alone labels the bar.
    narrow = _panels(records, camp_width=120, decree_width=100, name_field="short", label_field="short_label",
                     narrow=True)
    camps = {r["group"]: r for r in records if r["panel"] == "camp" and r["status"] == STATUSES[0]}
    decrees = [r for r in records if r["panel"] == "decree"]
    description = (
        "Two bar charts of amnestied prisoners kept at work as free laborers. At Vorkutlag "
        + camps["Vorkutlag"]["label"] + "; at Intlag " + camps["Intlag"]["label"] + ". GOKO decrees held "
        + "; ".join(f"{r['label']} in {r['group'].replace('Timber', 'timber')}" for r in decrees) + "."
    )
    table = pd.DataFrame({
        "Camp or industry": [r["group"] for r in records],
        "Figure": [r["status"] if r["panel"] == "camp" else r["detail"] for r in records],
        "Prisoners": [r["count_text"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return make(chart, records, table, [aftermath.RETENTION], title="Freed, but kept at work",
                description=description, name="retention_as_free_labour", narrow=narrow)
