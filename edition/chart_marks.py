"""Pieces the chart builders share: records with their sources, tooltips, axes, bar and line layouts.

A record is one mark's row of inline data: the exact figure (``value``), the report's wording
(``as_printed``), its qualifier and its source as the edition's notes render it; a builder adds
the fields its marks need. Builders take their figures from the topic modules
(:mod:`edition.releases`, :mod:`edition.population`, :mod:`edition.aftermath`) and use the
data rows only for what a mark shows beside the figure: wording and source.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import altair as alt
import pandas as pd

from edition import data
from edition.chart_theme import AFTER, BEFORE, COUNT_FORMAT, PALETTE, SHARE_TICKS, WIDTH
from edition.citations import Citation, render

# --------------------------------------------------------------------------- sources


@lru_cache(maxsize=4)
def _note_locators(content: tuple) -> dict[tuple[int, str], list[tuple[str, str]]]:
    table: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for note, key, printed, normalized in content:
        if str(note).isdigit() and key:
            table.setdefault((int(note), key), []).append((printed, normalized))
    return table


def note_locators() -> dict[tuple[int, str], list[tuple[str, str]]]:
    """``(note, key) -> [(locator as printed, normalized locator)]`` from ``report_notes.csv``."""
    frame = data.rows("report_notes")
    content = tuple(zip(frame["note"].astype(str), frame["source_key"].fillna("").astype(str),
                        frame["locator_as_printed"].fillna("").astype(str), frame["locator"].fillna("").astype(str)))
    return _note_locators(content)


def source_text(key: str, locator: str = "", note: int | None = None) -> str:
    """A source as the edition's notes render it: ``GARF f. 9414, op. 1, d. 1246, l. 231``.

    With the report's ``note`` number, the locator is the edition's normalized one from
    ``data/report_notes.csv`` (``ll. 205–206`` for the printed ``l. 205-6``).
    """
    if note is not None:
        candidates = note_locators().get((int(note), key), [])
        for printed, normalized in candidates:
            if printed == locator:
                locator = normalized
                break
        else:
            if len(candidates) == 1:
                locator = candidates[0][1]
    return "".join(piece.text for piece in render(Citation(key, locator)))


def source(row: pd.Series) -> str:
    return source_text(str(row["source_key"]), str(row["locator"]), int(row["note"]))


def sources(*rows: pd.Series) -> str:
    """Distinct sources of several rows, in order, joined by semicolons."""
    return "; ".join(dict.fromkeys(source(r) for r in rows))


def number(value) -> float | int:
    """A plain Python number (glue and JSON need no numpy scalars)."""
    value = float(value)
    return int(value) if value.is_integer() else value


def record(row: pd.Series, **fields) -> dict:
    """The common fields of one mark's record: exact value, wording, source."""
    out = {
        "id": str(row["id"]),
        "value": number(row["value"]),
        "qualifier": str(row["qualifier"]),
        "as_printed": str(row["as_printed"]),
        "source": source(row),
    }
    out.update(fields)
    return out


def period(text: str, short: bool = False) -> str:
    """A date of the data as the book prints it (the house style): ``July 1, 1945``,
    ``March 1940``, ``1939``.

    ``short`` abbreviates the month (``Jul 1, 1945``) for axis labels.
    """
    month = "%b" if short else "%B"
    day = data.parse_date(text)
    parts = text.count("-")
    if parts == 2:
        return f"{day:{month}} {day.day}, {day:%Y}"
    if parts == 1:
        return f"{day:{month} %Y}"
    return text


def row_date(row: pd.Series, end: bool = True) -> date:
    """The end (or start) of a row's ``date`` period."""
    start, finish = data.parse_period(str(row["date"]))
    return finish if end else start


# --------------------------------------------------------------------------- marks


def dodge(values: list[float], gap: float) -> list[float]:
    """Positions for labels at ``values`` such that neighbours are at least ``gap`` apart."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    for previous, current in zip(order, order[1:]):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def tooltip(*fields: tuple[str, str]) -> list[alt.Tooltip]:
    """Tooltip entries ``(field, title)``, always ending with the report's wording and the source."""
    entries = [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]
    entries.append(alt.Tooltip("as_printed:N", title="Report prints"))
    entries.append(alt.Tooltip("source:N", title="Source"))
    return entries


def share_axis(title: str | None, **kwargs) -> alt.Axis:
    """An axis of shares; its title starts at the axis's left end, so a long title that is wider
    than a narrow plot runs on to the right rather than out of the box at the left."""
    return alt.Axis(title=title, labelExpr=SHARE_TICKS, titleAnchor="start", **kwargs)


def count_axis(title: str | None, **kwargs) -> alt.Axis:
    return alt.Axis(title=title, format=COUNT_FORMAT, **kwargs)


def inline(records: list[dict]) -> alt.InlineData:
    return alt.InlineData(values=records)


NAME_ROOM = 20
"""Pixels above each bar (or pair of bars) for its name when the names stand over the bars."""
CHAR_WIDTH = 7.5
"""An upper estimate of the width of one character of 13 px chart type, in px."""


def text_room(texts) -> int:
    """Pixels that the longest of ``texts`` needs (an estimate on the safe side)."""
    return int(max((len(str(t)) for t in texts), default=0) * CHAR_WIDTH) + 8


def bar_rows(field: str, order: list[str], *, narrow: bool, bar_block: int):
    """The ``y`` channel of horizontal bars and the height of one row.

    Wide, the names stand at the left as axis labels. Narrow, the axis shows no labels and
    :func:`bar_names` writes each name above its bar, so the bars keep the box's whole width.
    ``bar_block`` is the height in px of one row's bars.
    """
    if not narrow:
        return alt.Y(f"{field}:N", sort=order, axis=alt.Axis(title=None)), alt.Step(bar_block)
    step = bar_block + NAME_ROOM
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False)
    return (alt.Y(f"{field}:N", sort=order, axis=axis, scale=alt.Scale(paddingInner=NAME_ROOM / step, paddingOuter=0.1)),
            alt.Step(step))


def bar_names(field: str, order: list[str], bar_block: int, **filters) -> alt.Chart:
    """Each row's name written above its bars, from the left edge (the narrow layout of :func:`bar_rows`)."""
    step = bar_block + NAME_ROOM
    chart = alt.Chart()
    for name, value in filters.items():
        chart = chart.transform_filter(alt.FieldEqualPredicate(field=name, equal=value))
    y = alt.Y(f"{field}:N", sort=order, scale=alt.Scale(paddingInner=NAME_ROOM / step, paddingOuter=0.1))
    return chart.mark_text(align="left", baseline="bottom", dy=-(bar_block / 2) - 2, fontWeight="bold").encode(
        x=alt.value(0), y=y, text=f"{field}:N")


def narrow_padding(labels) -> dict:
    """Vega padding for a narrow bar chart: room at the right for the value labels at the bars' ends."""
    return {"left": 4, "top": 4, "bottom": 4, "right": text_room(labels)}


def grouped_bars(records, groups, *, x_field, x_axis, x_domain, label_field, tooltip, colour_title="Date",
                 narrow=False, bar_block=44):
    """Horizontal bars of two dates per group, the dates told apart by color, labelled at the end.

    The legend stands above the bars (its entries one under the other in a narrow box); narrow,
    the groups' names stand above their bars (:func:`bar_rows`). Returns the layers to draw."""
    whens = list(dict.fromkeys(r["when"] for r in records))
    y, _ = bar_rows("group", groups, narrow=narrow, bar_block=bar_block)
    base = alt.Chart().encode(
        y=y, yOffset=alt.YOffset("when:N", sort=whens),
        x=alt.X(f"{x_field}:Q", scale=alt.Scale(domain=x_domain), axis=x_axis),
        tooltip=tooltip)
    bars = base.mark_bar().encode(color=alt.Color(
        "when:N", sort=whens, scale=alt.Scale(domain=whens, range=[BEFORE, AFTER][: len(whens)]),
        legend=alt.Legend(title=colour_title, orient="top", direction="vertical" if narrow else "horizontal")))
    labels = base.mark_text(align="left", dx=4).encode(text=f"{label_field}:N")
    layers = [bars, labels]
    if narrow:
        layers.append(bar_names("group", groups, bar_block))
    return layers


def line_over_periods(records, series_order, *, colour_field, y_domain, tooltip, height=300,
                      width=WIDTH - 200, end_labels=True):
    """Lines of shares over periods, one color per series.

    With ``end_labels`` each line is named at its right end (labels dodged apart); without,
    a legend below names the series, which suits a narrow box.
    """
    periods = list(dict.fromkeys(r["when"] for r in records))
    colours = PALETTE[: len(series_order)]
    legend = None if end_labels else alt.Legend(title=None, orient="bottom", direction="vertical")
    # Without room for labels at the ends (a narrow box), the dates slant so that they do not overlap.
    x_axis = alt.Axis(title=None, labelAngle=0, labelLimit=120) if end_labels else alt.Axis(
        title=None, labelAngle=-45, labelAlign="right", labelBaseline="middle")
    base = alt.Chart().encode(
        x=alt.X("when:N", sort=periods, axis=x_axis),
        y=alt.Y("share:Q", scale=alt.Scale(domain=y_domain), axis=share_axis("Share of prisoners")),
        color=alt.Color(f"{colour_field}:N", sort=series_order,
                        scale=alt.Scale(domain=series_order, range=colours), legend=legend),
        tooltip=tooltip)
    lines = base.mark_line() + base.mark_point(filled=True, size=80)
    if not end_labels:
        return lines.properties(width=width, height=height)
    last = {}
    for r in records:
        last[r[colour_field]] = r
    ends = list(last.values())
    gap = (y_domain[1] - y_domain[0]) * 16 / height
    for r, y in zip(ends, dodge([r["share"] for r in ends], gap)):
        r["end_y"] = y
        r["end_label"] = f"{r[colour_field]}: {r['share_text']}"
    labels = alt.Chart().transform_filter("isValid(datum.end_y)").mark_text(align="left", dx=10).encode(
        x=alt.X("when:N", sort=periods), y=alt.Y("end_y:Q", scale=alt.Scale(domain=y_domain)),
        text="end_label:N")
    return (lines + labels).properties(width=width, height=height)
