"""Charts of who left the camps and who stayed: ages, ability to work, men and women, skilled workers.

Figures come from :mod:`edition.population` (Table 1 recomputed, each group's share of each
date, the shares of men and women, the fall of each skilled group); the data rows give only
wording and sources.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from edition import data, population, quantities, show
from edition.chart_marks import (
    bar_names,
    bar_rows,
    count_axis,
    grouped_bars,
    inline,
    line_over_periods,
    narrow_padding,
    number,
    period,
    record,
    share_axis,
    sources,
    tooltip,
)
from edition.chart_object import EditionChart, make
from edition.chart_theme import AFTER, BEFORE, OKABE_ITO, WIDTH

DATES = (population.BEFORE, population.AFTER)


def row_of(resource: str, column: str, group: str, day: str) -> pd.Series:
    """The data row of one group on one date (for its wording and source)."""
    frame = data.rows(resource)
    match = frame[(frame[column] == group) & (frame["date"] == day)]
    if match.empty:
        raise data.DataError(f"data/{resource}.csv: no row for {column} '{group}' on {day}. "
                             f"Add the row or correct the {column} column.")
    return match.iloc[0]


def _age_panels(records, groups, *, count_width: int, share_width: int, stacked: bool):
    tips = tooltip(("group", "Age group"), ("when", "Date"), ("count_text", "Prisoners"), ("share_text", "Share"))
    layers = grouped_bars([r for r in records if r["panel"] == "count"], groups, x_field="value",
                          x_axis=count_axis("Prisoners", tickCount=4), x_domain=[0, 900000],
                          label_field="count_text", tooltip=tips, narrow=stacked, bar_block=36)
    counts = alt.layer(*layers).transform_filter("datum.panel == 'count'").properties(
        width=count_width, height=alt.Step(18 if stacked else 22), title="Prisoners held")
    rel_tips = tooltip(("group", "Age group"), ("count_text", "Released"), ("total_text", "Held on July 1"),
                       ("share_text", "Share released"))
    # Side by side, the second panel shares the first one's age labels; stacked, it names its own bars.
    if stacked:
        y, height = bar_rows("group", groups, narrow=True, bar_block=22)
    else:
        y, height = alt.Y("group:N", sort=groups, axis=alt.Axis(title=None, labels=False, ticks=False)), alt.Step(44)
    rel_base = alt.Chart().transform_filter("datum.panel == 'released'").encode(
        y=y, x=alt.X("share:Q", scale=alt.Scale(domain=[0, 100]), axis=share_axis("Share released")),
        tooltip=rel_tips)
    layers = [rel_base.mark_bar(color=OKABE_ITO["bluish green"]),
              rel_base.mark_text(align="left", dx=4).encode(text="share_text:N")]
    if stacked:
        layers.append(bar_names("group", groups, 22, panel="released"))
    released = alt.layer(*layers).properties(
        width=share_width, height=height, title="Share released" if stacked else "Share of the group released")
    concat = alt.vconcat if stacked else alt.hconcat
    return concat(counts, released, data=inline(records))


def age_groups_before_after() -> EditionChart:
    """Prisoners by age group on July 1 and October 1, 1945, and the share of each group released."""
    table1 = population.released_by_age()
    shares = population.age_shares()
    totals = population.age_totals()
    groups = [str(g) for g in table1.index]
    records, released_records = [], []
    for group in groups:
        for day, count_column, share_column in ((DATES[0], "before", "share_before"), (DATES[1], "after", "share_after")):
            row = row_of(population.AGE, "age_group", group, day)
            share = float(shares.loc[group, share_column])
            records.append(record(row, panel="count", group=group, when=period(day), date=day,
                                  count_text=show.count(table1.loc[group, count_column]),
                                  share=round(share, 6), share_text=show.percent(share),
                                  total_text=show.count(totals[count_column])))
        released = int(table1.loc[group, "released"])
        share = float(table1.loc[group, "percent_released"])
        released_records.append({
            "id": f"{group}-released", "panel": "released", "group": group, "value": released,
            "qualifier": "exact", "as_printed": "computed: July 1 minus October 1",
            "source": records[-1]["source"], "when": "July 1 to October 1, 1945",
            "count_text": show.count(released), "share": round(share, 6), "share_text": show.percent(share),
            "total_text": show.count(table1.loc[group, "before"]),
        })
    all_records = records + released_records
    chart = _age_panels(all_records, groups, count_width=300, share_width=170, stacked=False)
    narrow = _age_panels(all_records, groups, count_width=200, share_width=200, stacked=True).properties(
        padding={"left": 4, "top": 4, "bottom": 4, "right": 40})
    largest = max(released_records, key=lambda r: r["value"])
    highest = max(released_records, key=lambda r: r["share"])
    description = (
        "Two bar charts by age group. Left: prisoners held on July 1 and October 1, 1945 "
        f"({show.count(totals['before'])} and {show.count(totals['after'])} in all). Right: the share of each "
        "group released: " + "; ".join(f"{r['group']} {r['share_text']}" for r in released_records)
        + f". The {largest['group']} group lost the most people ({largest['count_text']}); the {highest['group']} "
        f"group lost the largest share ({highest['share_text']})."
    )
    table = pd.DataFrame({
        "Age group": groups,
        "July 1, 1945": [r["count_text"] for r in records if r["date"] == DATES[0]],
        "October 1, 1945": [r["count_text"] for r in records if r["date"] == DATES[1]],
        "Released": [r["count_text"] for r in released_records],
        "Share released": [r["share_text"] for r in released_records],
        "Source": [r["source"] for r in released_records],
    })
    return make(chart, all_records, table, [population.AGE], title="Age groups before and after the amnesty",
                description=description, name="age_groups_before_after", narrow=narrow)


def work_ability_over_time() -> EditionChart:
    """Shares of prisoners in each category of work ability: 1940, 1942, July 1 and October 1, 1945."""
    records = []
    for _, row in data.rows(population.WORK).iterrows():
        category = str(row["category"])
        name = f"{category}: {row['category_label']}" if category != "none" else "no category (convalescent)"
        records.append(record(row, category=name, when=period(str(row["date"]), short=True),
                              share=number(row["value"]), share_text=show.percent(row["value"])))
    order = list(dict.fromkeys(r["category"] for r in records))
    tips = tooltip(("category", "Category of work ability"), ("when", "Date"), ("share_text", "Share"))
    lines = dict(colour_field="category", y_domain=[0, 50], tooltip=tips)
    chart = alt.layer(line_over_periods(records, order, width=WIDTH - 160, **lines), data=inline(records))
    narrow = alt.layer(line_over_periods(records, order, end_labels=False, **lines), data=inline(records))
    by = {(r["category"], r["when"]): r["share_text"] for r in records}
    periods = list(dict.fromkeys(r["when"] for r in records))

    def series(category):
        return ", ".join(f"{by[(category, w)]} ({w})" for w in periods if (category, w) in by)

    description = (
        f"Line chart of the shares of prisoners by category of work ability. Fit for heavy labor: "
        f"{series(order[0])}. Light labor: {series(order[2])}. Invalid or weak: {series(order[3])}."
    )
    table = pd.DataFrame([{"Category": c, **{p: by.get((c, p), "–") for p in periods},
                           "Source": "; ".join(dict.fromkeys(r["source"] for r in records if r["category"] == c))}
                          for c in order])
    return make(chart, records, table, [population.WORK], title="Prisoners' ability to work, 1940 to 1945",
                description=description, name="work_ability_over_time", narrow=narrow)


def two_period_shares(records, groups, *, title, description, columns, resources, name, group_title):
    """Bars of each group's share before and after the amnesty (offenses, men and women).

    The data table shows each group's share at each period, then the further ``columns``."""
    whens = list(dict.fromkeys(r["when"] for r in records))
    by = {(r["group"], r["when"]): r["share_text"] for r in records}
    table = pd.DataFrame({group_title: groups, **{w: [by[(g, w)] for g in groups] for w in whens}, **columns})
    tips = tooltip(("group", group_title), ("when", "When"), ("share_text", "Share"), ("detail", "Note"))

    def layout(narrow: bool):
        layers = grouped_bars(records, groups, x_field="share", x_axis=share_axis("Share of prisoners"),
                              x_domain=[0, 100], label_field="share_text", tooltip=tips, colour_title=None,
                              narrow=narrow, bar_block=44)
        chart = alt.layer(*layers, data=inline(records))
        if narrow:
            return chart.properties(height=alt.Step(20), padding=narrow_padding(r["share_text"] for r in records))
        return chart.properties(width=WIDTH - 200, height=alt.Step(26))

    return make(layout(False), records, table, resources, title=title, description=description, name=name,
                narrow=layout(True))


def gender_shares() -> EditionChart:
    """Men and women as shares of the Gulag population before and after the amnesty."""
    shares = population.gender_shares()
    periods = (("before", "Before the amnesty"), ("after", "After the amnesty"))
    records = []
    for gender, label in (("men", "Men"), ("women", "Women")):
        fall = show.percent(shares.loc[gender, "decline"])
        for key, when in periods:
            row = data.row(population.GENDER, f"{gender}-{key}")
            records.append(record(row, group=label, when=when, share=number(shares.loc[gender, key]),
                                  share_text=show.percent(shares.loc[gender, key]),
                                  detail=f"their number fell by {fall}, July to September 1945"))
    groups = ["Men", "Women"]
    by = {(r["group"], r["when"]): r for r in records}
    b, a = periods[0][1], periods[1][1]
    women_change = quantities.change_in_points(shares.loc["women", "before"], shares.loc["women", "after"])
    description = (
        f"Bar chart of the Gulag population by sex. Before the amnesty {by[('Men', b)]['share_text']} men and "
        f"{by[('Women', b)]['share_text']} women; after it {by[('Men', a)]['share_text']} men and "
        f"{by[('Women', a)]['share_text']} women, a change of {show.points(women_change)} for women. "
        f"From July to September 1945 the number of men fell by {show.percent(shares.loc['men', 'decline'])} "
        f"and the number of women by {show.percent(shares.loc['women', 'decline'])}."
    )
    columns = {
        "Fall in number, July to September 1945": [show.percent(shares.loc[g.lower(), "decline"]) for g in groups],
        "Source": [sources(data.row(population.GENDER, f"{g.lower()}-before"),
                           data.row(population.GENDER, f"{g.lower()}-after")) for g in groups],
    }
    return two_period_shares(records, groups, title="Men and women in the Gulag, before and after",
                             description=description, columns=columns, resources=[population.GENDER],
                             name="gender_shares", group_title="Sex")


SKILL_LABELS = {"engineers": "Engineers", "other specialists": "Other specialists",
                "doctors-decline": "Doctors", "builders-metal-workers-miners-decline": "Builders, metal-workers, miners",
                "all-skilled-decline": "All skilled workers"}
"""Bar names: the counted groups by their name in :data:`edition.population.SKILL_PAIRS`, the
groups the report gives only as a percentage by their row id."""


def skilled_worker_losses() -> EditionChart:
    """The fall in skilled prisoners after the amnesty, in per cent, by skill."""
    losses = population.skilled_losses()
    records = []
    for group, (before_id, after_id) in population.SKILL_PAIRS.items():
        before, after = data.row(population.SKILLED, before_id), data.row(population.SKILLED, after_id)
        fall = float(losses.loc[group, "fall"])
        records.append(record(after, group=SKILL_LABELS[group], share=round(fall, 6), share_text=show.percent(fall),
                              detail=f"computed: from {show.count(before['value'])} to {show.count(after['value'])}",
                              source=sources(before, after)))
    rows = data.rows(population.SKILLED)
    for _, row in rows[rows["basis"] == "percentage only"].iterrows():
        fall = float(losses.loc[row["skill_group"], "fall"])
        records.append(record(row, group=SKILL_LABELS[str(row["id"])], share=number(fall),
                              share_text=show.qualified(show.percent(fall), row["qualifier"]),
                              detail="the report gives only the percentage"))
    groups = [r["group"] for r in records]
    tips = tooltip(("group", "Skill"), ("share_text", "Fall in number"), ("detail", "Note"))

    def layout(narrow: bool):
        y, height = bar_rows("group", groups, narrow=narrow, bar_block=30)
        base = alt.Chart().encode(
            y=y, x=alt.X("share:Q", scale=alt.Scale(domain=[0, 60]), axis=share_axis("Fall in number after the amnesty")),
            tooltip=tips)
        all_skilled = f"datum.group == '{SKILL_LABELS['all-skilled-decline']}'"
        layers = [base.mark_bar().encode(color=alt.condition(all_skilled, alt.value(AFTER), alt.value(BEFORE))),
                  base.mark_text(align="left", dx=5).encode(text="share_text:N")]
        if narrow:
            layers.append(bar_names("group", groups, 30))
        chart = alt.layer(*layers, data=inline(records)).properties(height=height)
        if narrow:
            return chart.properties(padding=narrow_padding(r["share_text"] for r in records))
        return chart.properties(width=WIDTH - 200)

    description = (
        "Bar chart of the fall in the number of skilled prisoners after the amnesty: "
        + "; ".join(f"{r['group'].lower()} {r['share_text']}" for r in records) + "."
    )
    table = pd.DataFrame({"Skill": groups, "Fall in number": [r["share_text"] for r in records],
                          "Note": [r["detail"] for r in records], "Source": [r["source"] for r in records]})
    return make(layout(False), records, table, [population.SKILLED], title="Skilled prisoners lost in the amnesty",
                description=description, name="skilled_worker_losses", narrow=layout(True))
