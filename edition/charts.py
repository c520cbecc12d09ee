"""The edition's charts: one theme, one builder per chart, one object that renders everywhere.

Every builder takes no argument, reads its figures from ``data/`` through
:func:`edition.data.load`, and returns an :class:`EditionChart`. A chapter glues it::

    glue("fig-implementation", charts.implementation_over_time(), display=False)

and places it with a ``{glue:figure}`` directive. The object's ``_repr_mimebundle_`` gives

* ``application/vnd.vegalite.v5+json`` -- the Vega-Lite spec, for JupyterLab and Binder;
* ``image/svg+xml`` -- a static SVG drawn by vl-convert, for print, LaTeX and PDF;
* ``text/html`` -- for the HTML book: a ``div.edition-chart`` (``role="img"``, its
  ``aria-label`` the chart's text alternative) holding the static SVG and the spec as JSON;
  ``_ext/edition_charts.py`` serves a local Vega bundle that swaps in the interactive view.
  Below it, a ``<details>`` element holds the exact data as a table and links to the CSV.

Formats are the edition's (:mod:`edition.show`): counts ``620,753`` (d3 ``,.0f``), shares
``38.1%`` (d3 ``.1f`` plus a per cent sign). Axis ticks of shares are round numbers and
print without decimals. Colours are the Okabe-Ito palette, safe for colour-blind readers.
Every mark carries a tooltip with its exact value, the report's wording and its source.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import altair as alt
import pandas as pd

from edition import data, paths, quantities, show
from edition.citations import Citation, render
from edition.tables import Table

# --------------------------------------------------------------------------- theme

COUNT_FORMAT = ",.0f"
"""d3 format of a count (``620,753``): the format of :func:`edition.show.count`."""
SHARE_FORMAT = ".1f"
"""d3 format of a share, followed by ``%`` (``38.1%``): :func:`edition.show.percent`."""
SHARE_TICKS = "format(datum.value, '.0f') + '%'"
"""Axis ticks of a share axis: round numbers, so no decimals (``20%``)."""

OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "yellow": "#F0E442",
}
"""Okabe and Ito's colour-blind-safe palette (black left out: it vanishes in dark mode)."""
TEXT = "#222832"      # pydata-sphinx-theme's light text colour; CSS recolours it in dark mode
MUTED = "#5c6670"     # 5.9:1 on white, 3.0:1 on the dark theme's background
PALETTE = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish green"],
           OKABE_ITO["reddish purple"], MUTED]
"""Colours of data series, in order. Each has at least 3:1 contrast (WCAG 1.4.11) against
the page in light mode (white) and in dark mode (#14181e); Okabe-Ito's orange, sky blue and
yellow do not on white, so they only fill marks that also have a dark outline."""
BEFORE, AFTER = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
GRID = "#d0d7de"
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif"
LABEL_SIZE = 13       # the smallest type in a chart, in px
MIN_SCALE = 0.85
"""On a narrow screen a chart shrinks to this fraction of its width at most (13 px type stays
at 11 px or more); below that its box scrolls sideways. Same value in the page's script."""
TITLE_SIZE = 16
WIDTH = 520

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The notebook output's mime type: JupyterLab's built-in renderer (vega5-extension) takes it."""
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGALITE_V5_VERSION = "5.21"
"""The specs use nothing beyond Vega-Lite 5 (the tests compile each one with it)."""
VEGALITE_VERSION = "6.4"
"""The Vega-Lite version of the static SVG and of the HTML book's bundle: Altair's own
(``alt.SCHEMA_VERSION``), so that the bundle's Vega 6 draws the spec without a warning.
Must match ``VEGALITE_VERSION`` in ``_ext/edition_charts.py``."""

THEME_NAME = "edition"


def theme() -> dict:
    """The edition's one chart theme (registered with Altair and enabled on import)."""
    axis = {
        "labelFont": FONT, "titleFont": FONT, "labelFontSize": LABEL_SIZE, "titleFontSize": 14,
        "labelColor": TEXT, "titleColor": TEXT, "titleFontWeight": "normal",
        "domainColor": MUTED, "tickColor": MUTED, "gridColor": GRID, "labelLimit": 260,
    }
    return {
        "config": {
            "background": "transparent",
            "font": FONT,
            "padding": 8,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
            "title": {"font": FONT, "fontSize": TITLE_SIZE, "fontWeight": "bold", "color": TEXT,
                      "anchor": "start", "subtitleFont": FONT, "subtitleFontSize": 14,
                      "subtitleColor": TEXT, "offset": 12},
            "axis": axis,
            "header": {"labelFont": FONT, "labelFontSize": 14, "labelColor": TEXT,
                       "titleFont": FONT, "titleFontSize": 14, "titleColor": TEXT},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": LABEL_SIZE,
                       "titleFontSize": 14, "labelColor": TEXT, "titleColor": TEXT,
                       "labelLimit": 320, "orient": "bottom", "direction": "vertical"},
            "text": {"font": FONT, "fontSize": LABEL_SIZE, "color": TEXT},
            "bar": {"color": BEFORE},
            "line": {"color": BEFORE, "strokeWidth": 2.5},
            "point": {"color": BEFORE, "size": 80, "filled": True, "opacity": 1},
            "rule": {"color": MUTED},
            "range": {"category": PALETTE},
            "numberFormat": COUNT_FORMAT,
            "concat": {"spacing": 40},
        }
    }


def _register_theme() -> None:
    """Register :func:`theme` once and enable it (Altair >= 5.5 API, older API as fallback)."""
    registry = getattr(alt, "theme", None)
    if registry is not None and hasattr(registry, "register"):
        if THEME_NAME not in registry.names():
            registry.register(THEME_NAME, enable=True)(theme)
        else:
            registry.enable(THEME_NAME)
    else:  # pragma: no cover - Altair < 5.5
        alt.themes.register(THEME_NAME, theme)
        alt.themes.enable(THEME_NAME)


_register_theme()

# --------------------------------------------------------------------------- sources


def _note_locators() -> dict[tuple[int, str], list[tuple[str, str]]]:
    """``(note, key) -> [(locator as printed, normalized locator)]`` from report_notes.csv."""
    path = paths.data_dir() / "report_notes.csv"
    if not path.is_file():
        return {}
    return _note_locators_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _note_locators_cached(path: str, mtime_ns: int) -> dict[tuple[int, str], list[tuple[str, str]]]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    table: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for row in frame.itertuples(index=False):
        if row.note.isdigit() and row.source_key:
            table.setdefault((int(row.note), row.source_key), []).append((row.locator_as_printed, row.locator))
    return table


def source_text(key: str, locator: str = "", note: int | None = None) -> str:
    """A source as the edition's notes render it: ``GARF f. 9414, op. 1, d. 1246, l. 231``.

    With the report's ``note`` number, the locator is the edition's normalized one from
    ``data/report_notes.csv`` (``ll. 205–206`` for the printed ``l. 205-6``).
    """
    if note is not None:
        candidates = _note_locators().get((int(note), key), [])
        for printed, normalized in candidates:
            if printed == locator:
                locator = normalized
                break
        else:
            if len(candidates) == 1:
                locator = candidates[0][1]
    return "".join(piece.text for piece in render(Citation(key, locator)))


def _row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    match = frame.loc[frame["id"] == row_id]
    if match.empty:
        raise data.DataError(f"{frame.attrs.get('path', 'data')}: no row with id '{row_id}'.")
    return match.iloc[0]


def _source(row: pd.Series) -> str:
    return source_text(str(row["source_key"]), str(row["locator"]), int(row["note"]))


def _sources(*rows: pd.Series) -> str:
    """Distinct sources of several rows, in order, joined by semicolons."""
    return "; ".join(dict.fromkeys(_source(r) for r in rows))


def _number(value) -> float | int:
    """A plain Python number (glue and JSON need no numpy scalars)."""
    value = float(value)
    return int(value) if value.is_integer() else value


QUALIFIER_WORDS = {"exact": "", "over": "over ", "nearly": "nearly ", "about": "about ",
                   "roughly": "roughly ", "under": "under ", "as many as": "as many as ",
                   "at least": "at least "}


def _worded(text: str, qualifier: str) -> str:
    """A formatted figure with the report's qualifier: ``nearly 38.0%``."""
    return QUALIFIER_WORDS.get(str(qualifier), f"{qualifier} ") + text


def _base(row: pd.Series, **fields) -> dict:
    """The common fields of one record: exact value, wording, source."""
    record = {
        "id": str(row["id"]),
        "value": _number(row["value"]),
        "qualifier": str(row["qualifier"]),
        "as_printed": str(row["as_printed"]),
        "source": _source(row),
    }
    record.update(fields)
    return record


def _period(text: str, short: bool = False) -> str:
    """An ISO date of the data as the book prints it: ``1 July 1945``, ``March 1940``.

    ``short`` abbreviates the month (``1 Jul 1945``) for axis labels.
    """
    month = "%b" if short else "%B"
    parts = text.split("-")
    if len(parts) == 3:
        d = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{d.day} {d:{month} %Y}"
    if len(parts) == 2:
        return f"{date(int(parts[0]), int(parts[1]), 1):{month} %Y}"
    return text


def _dodge(values: list[float], gap: float) -> list[float]:
    """Positions for labels at ``values`` such that neighbours are at least ``gap`` apart."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    for previous, current in zip(order, order[1:]):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def _tooltip(*fields: tuple[str, str]) -> list[alt.Tooltip]:
    """Tooltip entries ``(field, title)``, always ending with the report's wording and the source."""
    entries = [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]
    entries.append(alt.Tooltip("as_printed:N", title="Report prints"))
    entries.append(alt.Tooltip("source:N", title="Source"))
    return entries


def _share_axis(title: str | None, **kwargs) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=SHARE_TICKS, **kwargs)


def _count_axis(title: str | None, **kwargs) -> alt.Axis:
    return alt.Axis(title=title, format=COUNT_FORMAT, **kwargs)


# --------------------------------------------------------------------------- the chart object

_built: dict[str, int] = {}


@dataclass
class EditionChart:
    """An Altair chart with its text alternative, its data table and its CSV files.

    ``table`` is a DataFrame of display strings (the exact figures, formatted by
    :mod:`edition.show`); ``resources`` the data files it is drawn from (stems of
    ``data/*.csv``); ``records`` the rows that the spec carries as inline values.
    """

    chart: alt.TopLevelMixin
    table: pd.DataFrame
    resources: tuple[str, ...]
    records: list[dict] = field(default_factory=list)
    name: str = "chart"

    def __post_init__(self):
        # Stable, page-unique element id: the builder's name, numbered if built again.
        n = _built.get(self.name, 0) + 1
        _built[self.name] = n
        self.slug = f"edition-chart-{self.name.replace('_', '-')}" + (f"-{n}" if n > 1 else "")
        self._spec = None
        self._svg = None

    # -- spec
    @property
    def spec(self) -> dict:
        """The Vega-Lite spec (Altair's schema) with inline data values and the theme's config."""
        if self._spec is None:
            # Keep the data inline (``data.values``), where readers of the spec look for it,
            # instead of Altair's top-level ``datasets``; the setting is restored at once.
            transformers = alt.data_transformers
            consolidate = transformers.consolidate_datasets
            transformers.consolidate_datasets = False
            try:
                self._spec = self.chart.to_dict()
            finally:
                transformers.consolidate_datasets = consolidate
        return json.loads(json.dumps(self._spec))

    def spec_v5(self) -> dict:
        """The same spec labelled Vega-Lite 5, for the notebook's ``vegalite.v5`` output."""
        spec = self.spec
        spec["$schema"] = VEGALITE_V5_SCHEMA
        return spec

    @property
    def title(self) -> str:
        title = self._spec_title(self.spec.get("title", ""))
        return title

    @staticmethod
    def _spec_title(title) -> str:
        if isinstance(title, dict):
            title = title.get("text", "")
        if isinstance(title, list):
            title = " ".join(title)
        return str(title)

    @property
    def description(self) -> str:
        return str(self.spec.get("description", ""))

    # -- renderings
    def to_svg(self) -> str:
        """The static SVG (vl-convert), its element ids made unique to this chart."""
        if self._svg is None:
            import vl_convert as vlc

            svg = vlc.vegalite_to_svg(self.spec, vl_version=VEGALITE_VERSION)
            svg = _unique_ids(svg, self.slug)
            self._svg = _min_width(svg)
        return self._svg

    def spec_json(self) -> str:
        """The spec as JSON that is safe inside ``<script type="application/json">``."""
        text = json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def csv_links(self) -> list[tuple[str, str]]:
        """``(href, file name)`` of each data file, relative to a page in ``chapters/``."""
        return [(f"../data/{name}.csv", f"{name}.csv") for name in self.resources]

    def data_table_html(self) -> str:
        return Table(self.table)._repr_html_()

    def sources(self) -> list[str]:
        """Every source the chart's figures come from, once each, in the order of the data."""
        seen: dict[str, None] = {}
        for record in self.records:
            if record.get("source"):
                seen.setdefault(str(record["source"]), None)
        return list(seen)

    def source_line(self) -> str:
        """The visible source line under the chart (the figure's caption gives number and title)."""
        return "Sources: " + "; ".join(self.sources()) + "." if self.sources() else ""

    def to_html(self) -> str:
        label = html.escape(self.description, quote=True)
        links = ", ".join(f'<a href="{html.escape(href)}">{html.escape(name)}</a>' for href, name in self.csv_links())
        return (
            f'<div class="edition-chart" role="img" aria-label="{label}" id="{self.slug}" tabindex="0">\n'
            f'<div class="edition-chart-static">{self.to_svg()}</div>\n'
            f'<script type="application/json" class="edition-chart-spec">{self.spec_json()}</script>\n'
            f"</div>\n"
            f'<p class="edition-chart-source">{html.escape(self.source_line())}</p>\n'
            f'<details class="edition-chart-data"><summary>Data for this chart</summary>\n'
            f"{self.data_table_html()}\n"
            f"<p>CSV: {links}</p></details>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {
            VEGALITE_MIME: self.spec_v5(),
            "image/svg+xml": self.to_svg(),
            "text/html": self.to_html(),
            "text/plain": f"<EditionChart: {self.title}>\n{self.description}",
        }
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle

    def __repr__(self) -> str:
        return f"<EditionChart: {self.title}>"

    def interactive(self) -> "NotebookView":
        """The chart as JupyterLab draws it interactively (Vega-Lite output, SVG fallback).

        JupyterLab prefers ``text/html`` (rank 50) to its Vega-Lite renderer (rank 57), so the
        full bundle shows the static SVG and the data table there. In a notebook, display
        ``charts.gender_shares().interactive()`` to get the live chart with its tooltips.
        """
        return NotebookView(self)


class NotebookView:
    """A chart's notebook outputs without ``text/html``: JupyterLab then uses Vega-Lite."""

    def __init__(self, chart: EditionChart):
        self.chart = chart

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.chart._repr_mimebundle_(include, exclude)
        bundle.pop("text/html", None)
        return bundle


class VegaLiteMimeRenderer:
    """A myst-nb mime renderer plugin that drops the ``vegalite.v5`` output in the book.

    myst-nb renders every mime type of an output before it picks one, and warns about a
    type it does not know; the book shows the ``text/html`` form of a chart, which holds the
    same spec. Registered in ``pyproject.toml``::

        [project.entry-points."myst_nb.mime_renderers"]
        edition-vegalite = "edition.charts:VegaLiteMimeRenderer"
    """

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        if getattr(data, "mime_type", None) == VEGALITE_MIME:
            return []
        return None


_WIDTH = re.compile(r'^<svg([^>]*?) width="(\d+(?:\.\d+)?)"')


def _min_width(svg: str) -> str:
    """Give the SVG a ``min-width`` (``MIN_SCALE`` of its width) and hide it from assistive
    technology: the chart's container carries the text alternative."""
    match = _WIDTH.match(svg)
    if not match:
        return svg
    width = round(float(match.group(2)) * MIN_SCALE)
    return svg.replace("<svg", f'<svg style="min-width:{width}px" aria-hidden="true" focusable="false"', 1)


_ID = re.compile(r'\bid="([^"]+)"')


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every ``id`` of an SVG (clip paths, gradients) so that two charts on a page never clash."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return svg


def _make(chart: alt.TopLevelMixin, records: list[dict], table: pd.DataFrame, resources, *,
          title: str, description: str, name: str) -> EditionChart:
    chart = chart.properties(title=title, description=description)
    return EditionChart(chart, table, tuple(resources), records, name=name)


def _data(records: list[dict]) -> alt.InlineData:
    return alt.InlineData(values=records)


# --------------------------------------------------------------------------- builders


def _camp_colony_total() -> tuple[int, list[pd.Series]]:
    """Releases from camps and colonies: the sum of the ITL and UITLK-OITK rows."""
    frame = data.load("releases_by_camp_type")
    rows = [_row(frame, "itl"), _row(frame, "uitlk-oitk")]
    return int(sum(int(r["value"]) for r in rows)), rows


def implementation_over_time() -> EditionChart:
    """Release tallies by date against the number who qualified and the earlier estimates."""
    impl = data.load("amnesty_implementation")
    total, camp_rows = _camp_colony_total()
    prisons = _row(impl, "released-from-prisons")
    tallies = [_row(impl, "freed-by-1945-08-25"), _row(impl, "freed-by-1945-10-05")]
    qualified = _row(impl, "qualifying-for-release")
    beria = _row(impl, "beria-estimate")
    nasedkin = _row(impl, "nasedkin-expected-releases")

    def end_date(row) -> str:
        return str(row["date"]).split("/")[-1]

    records = []
    for row in tallies:
        records.append(_base(row, layer="tally", series="Freed from camps and colonies (running tally)",
                             date=end_date(row), when=_period(end_date(row)),
                             value_text=show.count(row["value"]),
                             label=show.count(row["value"])))
    records.append(_base(prisons, layer="prisons", series="Released from NKVD-UNKVD prisons",
                         date=end_date(prisons), when=f"{_period(str(prisons['date']).split('/')[0])} to {_period(end_date(prisons))}",
                         value_text=_worded(show.count(prisons["value"]), prisons["qualifier"]),
                         label=f"prisons: {_worded(show.count(prisons['value']), prisons['qualifier'])}"))
    references = [
        (qualified, "Qualified for release", show.count(qualified["value"])),
        (nasedkin, "Nasedkin's expectation", _worded(show.count(nasedkin["value"]), nasedkin["qualifier"])),
        (beria, "Beria's estimate", _worded(show.count(beria["value"]), beria["qualifier"])),
    ]
    for row, name, text in references:
        records.append(_base(row, layer="reference", series=name, date=None, when=_period(str(row["date"])),
                             value_text=text, label=f"{name}: {text}"))
    records.append({
        "id": "itl+uitlk-oitk", "value": total, "qualifier": "exact",
        "as_printed": "; ".join(str(r["as_printed"]) for r in camp_rows),
        "source": _sources(*camp_rows), "layer": "reference",
        "series": "Final tally, camps and colonies", "date": None, "when": "summer and fall 1945",
        "value_text": show.count(total), "label": f"Final tally (ITL + UITLK-OITK): {show.count(total)}",
    })
    height, top = 320, 700000
    colours = {"Qualified for release": OKABE_ITO["vermillion"], "Final tally, camps and colonies": OKABE_ITO["bluish green"],
               "Nasedkin's expectation": OKABE_ITO["reddish purple"], "Beria's estimate": MUTED}
    dashes = {"Qualified for release": [1, 0], "Final tally, camps and colonies": [8, 4],
              "Nasedkin's expectation": [2, 3], "Beria's estimate": [10, 3, 2, 3]}
    refs = {r["series"]: r["label"] for r in records if r["layer"] == "reference"}
    legend_order = [refs[name] for name in colours]
    x_scale = alt.Scale(domain=["1945-07-01", "1945-10-31"])
    y_scale = alt.Scale(domain=[0, top])
    tooltip = _tooltip(("series", "Figure"), ("when", "Date"), ("value_text", "Number"))
    base = alt.Chart().encode(tooltip=tooltip)
    # Reference lines: colour and dash pattern both tell them apart (one legend, below the plot).
    legend = alt.Legend(title=None, orient="bottom", direction="vertical", symbolType="stroke",
                        symbolStrokeWidth=2.5, symbolSize=400)
    rules = base.transform_filter("datum.layer == 'reference'").mark_rule(strokeWidth=2.5).encode(
        y=alt.Y("value:Q", scale=y_scale, axis=_count_axis("Prisoners")),
        color=alt.Color("label:N", sort=legend_order,
                        scale=alt.Scale(domain=legend_order, range=list(colours.values())), legend=legend),
        strokeDash=alt.StrokeDash("label:N", sort=legend_order,
                                  scale=alt.Scale(domain=legend_order, range=list(dashes.values())), legend=legend),
    )
    points = base.transform_filter("datum.layer != 'reference'")
    line = points.transform_filter("datum.layer == 'tally'").mark_line(color=BEFORE).encode(
        x=alt.X("date:T", scale=x_scale, axis=alt.Axis(title="1945", format="%-d %b", tickCount="month")),
        y=alt.Y("value:Q", scale=y_scale))
    dots = points.mark_point(filled=True, size=110, color=BEFORE).encode(
        x=alt.X("date:T", scale=x_scale),
        y=alt.Y("value:Q", scale=y_scale),
        shape=alt.Shape("layer:N", scale=alt.Scale(domain=["tally", "prisons"], range=["circle", "diamond"]), legend=None),
    )
    dot_labels = points.mark_text(align="right", dx=-10, dy=-12).encode(
        x=alt.X("date:T", scale=x_scale), y=alt.Y("value:Q", scale=y_scale), text="label:N")
    chart = alt.layer(rules, line, dots, dot_labels, data=_data(records)).properties(width=400, height=height)

    share_aug = quantities.share_of(tallies[0]["value"], qualified["value"])
    share_oct = quantities.share_of(tallies[1]["value"], qualified["value"])
    description = (
        f"Line chart of prisoners freed under the amnesty of 7 July 1945. Camps and colonies had freed "
        f"{show.count(tallies[0]['value'])} by 25 August ({show.percent(share_aug)} of the "
        f"{show.count(qualified['value'])} who qualified) and {show.count(tallies[1]['value'])} by 5 October "
        f"({show.percent(share_oct)}); prisons had released {_worded(show.count(prisons['value']), prisons['qualifier'])} "
        f"by 20 August. Reference lines: the {show.count(qualified['value'])} who qualified, the final tally of "
        f"{show.count(total)}, Nasedkin's expectation of {_worded(show.count(nasedkin['value']), nasedkin['qualifier'])} "
        f"and Beria's estimate of {_worded(show.count(beria['value']), beria['qualifier'])}."
    )
    table = pd.DataFrame({
        "Figure": [r["series"] for r in records],
        "Date": [r["when"] for r in records],
        "Number": [r["value_text"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return _make(chart, records, table, ["amnesty_implementation", "releases_by_camp_type"],
                 title="Releases under the amnesty, July to October 1945", description=description,
                 name="implementation_over_time")


def released_by_offense() -> EditionChart:
    """Shares of all prisoners released, by the offence they had been sentenced for."""
    offense = data.load("releases_by_offense")
    total, camp_rows = _camp_colony_total()
    property_row = _row(offense, "property-crimes")
    property_share = quantities.share_of(property_row["value"], total)
    shirking = _row(offense, "shirking-law-1941-12-26")
    desertion = _row(offense, "desertion")

    records = []
    for row_id, short, name, detail in [
        ("wartime-laws", "Wartime laws", "Wartime laws of the USSR Supreme Soviet",
         f"of all released, {_worded(show.percent(shirking['value']), shirking['qualifier'])} were sentenced for shirking "
         f"under the law of 26 December 1941"),
        ("property-crimes", "Property crimes", "Property crimes (theft, robbery)", ""),
        ("military-crimes-note-40", "Military crimes", "Military crimes",
         f"{show.percent(desertion['value'])} of them for desertion"),
        ("white-collar-crimes", "White-collar crimes", "White-collar crimes (abuse of power, embezzlement)", ""),
        ("other-offenses", "Other offences", "Other offences (hooliganism, speculation, forgery, murder, banditry, "
         "counter-revolution)", ""),
    ]:
        row = _row(offense, row_id)
        if row_id == "property-crimes":
            share = property_share
            text = f"{show.percent(share)} ({show.count(row['value'])} of {show.count(total)})"
            how = f"computed: {show.count(row['value'])} of the {show.count(total)} released"
            source = _sources(row, *camp_rows)
            qualifier = "exact"
        else:
            share = _number(row["value"])
            text = _worded(show.percent(share), row["qualifier"])
            how = "the report gives only the percentage"
            source = _source(row)
            qualifier = str(row["qualifier"])
        record = _base(row, offense=short, offense_full=name, share=round(float(share), 6), share_text=text,
                       detail=detail or how, qualifier=qualifier)
        record["source"] = source
        records.append(record)
    order = [r["offense"] for r in records]
    tooltip = _tooltip(("offense_full", "Offence"), ("share_text", "Share of all released"), ("detail", "Note"))
    base = alt.Chart(_data(records)).encode(
        y=alt.Y("offense:N", sort=order, axis=alt.Axis(title=None, labelLimit=300)),
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 50]), axis=_share_axis("Share of all prisoners released")),
        tooltip=tooltip)
    bars = base.mark_bar(color=BEFORE)
    labels = base.mark_text(align="left", dx=5).encode(text="share_text:N")
    chart = (bars + labels).properties(width=WIDTH - 180, height=alt.Step(36))
    description = (
        "Bar chart of the offences of the prisoners freed from camps and colonies: "
        + "; ".join(f"{r['offense']} {r['share_text']}" for r in records)
        + ". Shares other than property crimes are the report's own percentages."
    )
    table = pd.DataFrame({
        "Offence": [r["offense_full"] for r in records],
        "Share of all released": [r["share_text"] for r in records],
        "Note": [r["detail"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return _make(chart, records, table, ["releases_by_offense", "releases_by_camp_type"],
                 title="Who was freed: prisoners released, by offence", description=description,
                 name="released_by_offense")


def _before_after_records(frame: pd.DataFrame, group_column: str, dates=("1945-07-01", "1945-10-01")):
    """Counts of a table for two dates and each group's share of that date's total."""
    frame = frame[frame["date"].isin(dates)]
    groups = list(dict.fromkeys(frame[group_column]))
    totals = {d: int(frame.loc[frame["date"] == d, "value"].sum()) for d in dates}
    records = []
    for group in groups:
        for d in dates:
            row = frame.loc[(frame[group_column] == group) & (frame["date"] == d)].iloc[0]
            share = quantities.share_of(row["value"], totals[d])
            records.append(_base(row, group=str(group), when=_period(d), date=d,
                                 count_text=show.count(row["value"]),
                                 share=round(share, 6), share_text=show.percent(share),
                                 total_text=show.count(totals[d])))
    return records, groups, totals


def _grouped_bars(records, groups, *, x_field, x_axis, x_domain, label_field, tooltip, colour_title="Date"):
    whens = list(dict.fromkeys(r["when"] for r in records))
    base = alt.Chart().encode(
        y=alt.Y("group:N", sort=groups, axis=alt.Axis(title=None)),
        yOffset=alt.YOffset("when:N", sort=whens),
        x=alt.X(f"{x_field}:Q", scale=alt.Scale(domain=x_domain), axis=x_axis),
        tooltip=tooltip)
    bars = base.mark_bar().encode(color=alt.Color(
        "when:N", sort=whens, scale=alt.Scale(domain=whens, range=[BEFORE, AFTER][: len(whens)]),
        legend=alt.Legend(title=colour_title, orient="top", direction="horizontal")))
    labels = base.mark_text(align="left", dx=4).encode(text=f"{label_field}:N")
    return bars, labels


def age_groups_before_after() -> EditionChart:
    """Prisoners by age group on 1 July and 1 October 1945, and the share of each group released."""
    frame = data.load("population_by_age")
    records, groups, totals = _before_after_records(frame, "age_group")
    share_records = []
    for group in groups:
        before, after = [r for r in records if r["group"] == group]
        released = before["value"] - after["value"]
        share = quantities.share_of(released, before["value"])
        share_records.append({
            "id": f"{group}-released", "panel": "released", "group": group, "value": released,
            "qualifier": "exact", "as_printed": "computed: 1 July minus 1 October",
            "source": before["source"], "when": "1 July to 1 October 1945",
            "count_text": show.count(released), "share": round(share, 6), "share_text": show.percent(share),
            "total_text": show.count(before["value"]),
        })
    for r in records:
        r["panel"] = "count"
    all_records = records + share_records
    tooltip = _tooltip(("group", "Age group"), ("when", "Date"), ("count_text", "Prisoners"),
                       ("share_text", "Share"))
    bars, labels = _grouped_bars(records, groups, x_field="value", x_axis=_count_axis("Prisoners"),
                                 x_domain=[0, 900000], label_field="count_text", tooltip=tooltip)
    counts = (bars + labels).transform_filter("datum.panel == 'count'").properties(
        width=300, height=alt.Step(22), title="Prisoners held")
    rel_tooltip = _tooltip(("group", "Age group"), ("count_text", "Released"), ("total_text", "Held on 1 July"),
                           ("share_text", "Share released"))
    rel_base = alt.Chart().transform_filter("datum.panel == 'released'").encode(
        y=alt.Y("group:N", sort=groups, axis=alt.Axis(title=None, labels=False, ticks=False)),
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 100]), axis=_share_axis("Share released")),
        tooltip=rel_tooltip)
    released = (rel_base.mark_bar(color=OKABE_ITO["bluish green"])
                + rel_base.mark_text(align="left", dx=4).encode(text="share_text:N")).properties(
        width=170, height=alt.Step(44), title="Share of the group released")
    chart = alt.hconcat(counts, released, data=_data(all_records))
    largest = max(share_records, key=lambda r: r["value"])
    highest = max(share_records, key=lambda r: r["share"])
    description = (
        "Two bar charts by age group. Left: prisoners held on 1 July and 1 October 1945 "
        f"({show.count(totals['1945-07-01'])} and {show.count(totals['1945-10-01'])} in all). Right: the share of each "
        "group released: " + "; ".join(f"{r['group']} {r['share_text']}" for r in share_records)
        + f". The {largest['group']} group lost the most people ({largest['count_text']}); the {highest['group']} "
        f"group lost the largest share ({highest['share_text']})."
    )
    table = pd.DataFrame({
        "Age group": groups,
        "1 July 1945": [r["count_text"] for r in records if r["date"] == "1945-07-01"],
        "1 October 1945": [r["count_text"] for r in records if r["date"] == "1945-10-01"],
        "Released": [r["count_text"] for r in share_records],
        "Share released": [r["share_text"] for r in share_records],
        "Source": [r["source"] for r in share_records],
    })
    return _make(chart, all_records, table, ["population_by_age"],
                 title="Age groups before and after the amnesty", description=description,
                 name="age_groups_before_after")


def _line_over_periods(records, series_order, *, colour_field, colour_title, y_domain, tooltip, height=300,
                       width=WIDTH - 200):
    periods = list(dict.fromkeys(r["when"] for r in records))
    colours = PALETTE[: len(series_order)]
    base = alt.Chart().encode(
        x=alt.X("when:N", sort=periods, axis=alt.Axis(title=None, labelAngle=0, labelLimit=120)),
        y=alt.Y("share:Q", scale=alt.Scale(domain=y_domain), axis=_share_axis("Share of prisoners")),
        color=alt.Color(f"{colour_field}:N", sort=series_order,
                        scale=alt.Scale(domain=series_order, range=colours), legend=None),
        tooltip=tooltip)
    lines = base.mark_line() + base.mark_point(filled=True, size=80)
    last = {}
    for r in records:
        last[r[colour_field]] = r
    ends = list(last.values())
    gap = (y_domain[1] - y_domain[0]) * 16 / height
    for r, y in zip(ends, _dodge([r["share"] for r in ends], gap)):
        r["end_y"] = y
        r["end_label"] = f"{r[colour_field]}: {r['share_text']}"
    labels = alt.Chart().transform_filter("isValid(datum.end_y)").mark_text(align="left", dx=10).encode(
        x=alt.X("when:N", sort=periods), y=alt.Y("end_y:Q", scale=alt.Scale(domain=y_domain)),
        text="end_label:N")
    return (lines + labels).properties(width=width, height=height)


def work_ability_over_time() -> EditionChart:
    """Shares of prisoners in each category of work ability: 1940, 1942, 1 July and 1 October 1945."""
    frame = data.load("work_ability_by_category")
    records = []
    for row in frame.itertuples(index=False):
        category = str(row.category)
        name = f"{category}: {row.category_label}" if category != "none" else "no category (convalescent)"
        rec = _base(pd.Series(row._asdict()), category=name, when=_period(str(row.date), short=True),
                    share=_number(row.value), share_text=show.percent(row.value))
        records.append(rec)
    order = list(dict.fromkeys(r["category"] for r in records))
    tooltip = _tooltip(("category", "Category of work ability"), ("when", "Date"), ("share_text", "Share"))
    chart = _line_over_periods(records, order, colour_field="category", colour_title="Category",
                               y_domain=[0, 50], tooltip=tooltip, width=WIDTH - 160)
    chart = alt.layer(chart, data=_data(records))
    by = {(r["category"], r["when"]): r["share_text"] for r in records}
    heavy, invalid = order[0], order[3]
    description = (
        "Line chart of the shares of prisoners by category of work ability. Fit for heavy labour: "
        + ", ".join(f"{by[(heavy, w)]} ({w})" for w in dict.fromkeys(r["when"] for r in records) if (heavy, w) in by)
        + ". Light labour: " + ", ".join(by[(order[2], w)] + f" ({w})" for w in dict.fromkeys(r["when"] for r in records) if (order[2], w) in by)
        + ". Invalid or weak: " + ", ".join(by[(invalid, w)] + f" ({w})" for w in dict.fromkeys(r["when"] for r in records) if (invalid, w) in by)
        + "."
    )
    periods = list(dict.fromkeys(r["when"] for r in records))
    table = pd.DataFrame([{"Category": c, **{p: by.get((c, p), "–") for p in periods},
                           "Source": "; ".join(dict.fromkeys(r["source"] for r in records if r["category"] == c))}
                          for c in order])
    return _make(chart, records, table, ["work_ability_by_category"],
                 title="Prisoners' ability to work, 1940 to 1945", description=description,
                 name="work_ability_over_time")


def sentence_structure_before_after() -> EditionChart:
    """Shares of prisoners by length of sentence, 1 July and 1 October 1945 (counts in the tooltip)."""
    frame = data.load("population_by_sentence_length")
    records, groups, totals = _before_after_records(frame, "sentence_band")
    for group in groups:
        before, after = [r for r in records if r["group"] == group]
        change = quantities.change_in_points(before["share"], after["share"])
        for r in (before, after):
            r["change_text"] = show.points(change)
    tooltip = _tooltip(("group", "Sentence"), ("when", "Date"), ("count_text", "Prisoners"),
                       ("share_text", "Share"), ("change_text", "Change of the share"))
    bars, labels = _grouped_bars(records, groups, x_field="share", x_axis=_share_axis("Share of prisoners"),
                                 x_domain=[0, 70], label_field="share_text", tooltip=tooltip)
    chart = alt.layer(bars, labels, data=_data(records)).properties(width=WIDTH - 160, height=alt.Step(22))
    by = {(r["group"], r["date"]): r for r in records}
    biggest = max(groups, key=lambda g: quantities.change_in_points(by[(g, "1945-07-01")]["share"], by[(g, "1945-10-01")]["share"]))
    description = (
        f"Bar chart of the shares of prisoners by length of sentence on 1 July 1945 ({show.count(totals['1945-07-01'])} "
        f"prisoners) and 1 October 1945 ({show.count(totals['1945-10-01'])}): "
        + "; ".join(f"{g} {by[(g, '1945-07-01')]['share_text']} then {by[(g, '1945-10-01')]['share_text']}" for g in groups)
        + f". The largest gain was for sentences of {biggest} ({by[(biggest, '1945-07-01')]['change_text']})."
    )
    table = pd.DataFrame({
        "Sentence": groups,
        "1 July 1945": [f"{by[(g, '1945-07-01')]['count_text']} ({by[(g, '1945-07-01')]['share_text']})" for g in groups],
        "1 October 1945": [f"{by[(g, '1945-10-01')]['count_text']} ({by[(g, '1945-10-01')]['share_text']})" for g in groups],
        "Change of the share": [by[(g, "1945-07-01")]["change_text"] for g in groups],
        "Source": [by[(g, "1945-07-01")]["source"] for g in groups],
    })
    return _make(chart, records, table, ["population_by_sentence_length"],
                 title="Length of sentence before and after the amnesty", description=description,
                 name="sentence_structure_before_after")


LONG_RUN_BANDS = ("5 years or less", "5 to 10 years", "over 10 years")


def sentence_structure_long_run() -> EditionChart:
    """Shares of short, middling and long sentences: 1939, March 1940, July and October 1945, 1951, 1953."""
    frame = data.load("sentence_structure_long_run")
    frame = frame[frame["population"] == "Gulag population"]
    table45 = data.load("population_by_sentence_length")
    records = []

    def add(band, period_iso, share, qualifier, as_printed, source, how):
        records.append({"id": f"{period_iso}-{band}", "band": band, "date": period_iso,
                        "when": _period(period_iso, short=True), "share": round(float(share), 6),
                        "value": _number(round(float(share), 6)),
                        "share_text": _worded(show.percent(share), qualifier), "qualifier": qualifier,
                        "as_printed": as_printed, "source": source, "how": how})

    def band_of(text: str) -> str | None:
        if text in ("5 years or less", "under 5 years"):
            return LONG_RUN_BANDS[0]
        if text == "5 to 10 years":
            return LONG_RUN_BANDS[1]
        if text == "over 10 years":
            return LONG_RUN_BANDS[2]
        return None

    for period in ("1939", "1940-03"):
        for row in frame[frame["date"] == period].itertuples(index=False):
            band = band_of(row.sentence_band)
            if band:
                row = pd.Series(row._asdict())
                add(band, period, row["value"], row["qualifier"], row["as_printed"], _source(row),
                    f"the report's percentage ({row['sentence_band']})")
    # July and October 1945: computed from the counts of the November 1945 table.
    short = {"up to 6 months", "6 months to 1 year", "1 to 3 years", "3 to 5 years"}
    for d in ("1945-07-01", "1945-10-01"):
        rows = table45[table45["date"] == d]
        total = rows["value"].sum()
        parts = {
            LONG_RUN_BANDS[0]: rows[rows["sentence_band"].isin(short)],
            LONG_RUN_BANDS[1]: rows[rows["sentence_band"] == "5 to 10 years"],
            LONG_RUN_BANDS[2]: rows[rows["sentence_band"] == "over 10 years"],
        }
        for band, part in parts.items():
            value = part["value"].sum()
            add(band, d, quantities.share_of(value, total), "exact",
                f"computed: {show.count(value)} of {show.count(total)}", _source(rows.iloc[0]),
                "computed from the counts by length of sentence")
    # 1951 and January 1953: sentences over 10 years are given as two bands, added here.
    for period, dates in (("1951", ("1951",)), ("1953-01", ("1953-01", "1953"))):
        rows = frame[frame["date"].isin(dates)]
        long_parts = []
        for row in rows.itertuples(index=False):
            row = pd.Series(row._asdict())
            band = band_of(row["sentence_band"])
            if band:
                add(band, period, row["value"], row["qualifier"], row["as_printed"], _source(row),
                    f"the report's percentage ({row['sentence_band']})")
            elif row["sentence_band"] in ("10 to 15 years", "15 years or more"):
                long_parts.append(row)
        if long_parts:
            value = sum(float(r["value"]) for r in long_parts)
            qualifiers = {str(r["qualifier"]) for r in long_parts}
            add(LONG_RUN_BANDS[2], period, value, "roughly" if qualifiers != {"exact"} else "exact",
                "; ".join(str(r["as_printed"]) for r in long_parts), _sources(*long_parts),
                "sum of the report's 10-15 and 15+ year shares")
    tooltip = _tooltip(("band", "Sentence"), ("when", "Date"), ("share_text", "Share"), ("how", "How"))
    chart = _line_over_periods(records, list(LONG_RUN_BANDS), colour_field="band", colour_title="Sentence",
                               y_domain=[0, 70], tooltip=tooltip, width=WIDTH - 60)
    chart = alt.layer(chart, data=_data(records))
    by = {(r["band"], r["date"]): r["share_text"] for r in records}
    periods = list(dict.fromkeys(r["date"] for r in records))
    description = (
        "Line chart of the shares of Gulag prisoners by length of sentence from 1939 to 1953. "
        + " ".join(f"{band.capitalize()}: " + ", ".join(f"{by[(band, p)]} ({_period(p)})" for p in periods if (band, p) in by) + "."
                   for band in LONG_RUN_BANDS)
    )
    table = pd.DataFrame([{"Date": _period(p), **{b.capitalize(): by.get((b, p), "–") for b in LONG_RUN_BANDS},
                           "Source": "; ".join(dict.fromkeys(r["source"] for r in records if r["date"] == p))}
                          for p in periods])
    return _make(chart, records, table, ["sentence_structure_long_run", "population_by_sentence_length"],
                 title="Sentences grew longer after the amnesty, 1939 to 1953", description=description,
                 name="sentence_structure_long_run")


def _two_period_shares(records, groups, *, title, description, table, resources, name, group_title):
    tooltip = _tooltip(("group", group_title), ("when", "When"), ("share_text", "Share"), ("detail", "Note"))
    bars, labels = _grouped_bars(records, groups, x_field="share", x_axis=_share_axis("Share of prisoners"),
                                 x_domain=[0, 100], label_field="share_text", tooltip=tooltip, colour_title=None)
    chart = alt.layer(bars, labels, data=_data(records)).properties(width=WIDTH - 200, height=alt.Step(26))
    return _make(chart, records, table, resources, title=title, description=description, name=name)


def offense_mix() -> EditionChart:
    """Criminal and counter-revolutionary offenders as shares of camp and colony prisoners, before and after."""
    frame = data.load("population_by_offense_type")
    records = []
    periods = [("before the amnesty", "Before the amnesty"), ("after the amnesty", "After the amnesty (1 October 1945)")]
    for period, when in periods:
        criminal = _row(frame, f"criminal-{period.split()[0]}")
        counter = _row(frame, f"counter-revolutionary-{period.split()[0]}")
        share = float(criminal["value"])
        records.append(_base(criminal, group="Criminal offences", when=when, share=share,
                             share_text=show.percent(share), detail="the report's percentage"))
        other = 100.0 - share
        records.append(_base(counter, group="Counter-revolutionary crimes", when=when, share=round(other, 6),
                             share_text=show.percent(other),
                             detail=f"100% minus the criminal share; {show.count(counter['value'])} prisoners"))
    groups = ["Criminal offences", "Counter-revolutionary crimes"]
    by = {(r["group"], r["when"]): r for r in records}
    b, a = periods[0][1], periods[1][1]
    description = (
        f"Bar chart of camp and colony prisoners by kind of offence. Criminal offenders fell from "
        f"{by[(groups[0], b)]['share_text']} before the amnesty to {by[(groups[0], a)]['share_text']} after it; "
        f"counter-revolutionary prisoners rose from {by[(groups[1], b)]['share_text']} to {by[(groups[1], a)]['share_text']} "
        f"({by[(groups[1], b)]['value']:,} and {by[(groups[1], a)]['value']:,} people)."
    )
    table = pd.DataFrame({
        "Offence": groups,
        b: [by[(g, b)]["share_text"] for g in groups],
        a: [by[(g, a)]["share_text"] for g in groups],
        "Note": ["the report's percentages",
                 f"100% minus the criminal share; {show.count(by[(groups[1], b)]['value'])} and "
                 f"{show.count(by[(groups[1], a)]['value'])} prisoners"],
        "Source": [by[(g, b)]["source"] for g in groups],
    })
    return _two_period_shares(records, groups, title="Offences of the prisoners who remained",
                              description=description, table=table, resources=["population_by_offense_type"],
                              name="offense_mix", group_title="Offence")


def gender_shares() -> EditionChart:
    """Men and women as shares of the Gulag population before and after the amnesty."""
    frame = data.load("population_by_gender")
    records = []
    periods = [("before", "Before the amnesty"), ("after", "After the amnesty")]
    for gender, label in (("men", "Men"), ("women", "Women")):
        decline = _row(frame, f"{gender}-decline")
        for key, when in periods:
            row = _row(frame, f"{gender}-{key}")
            records.append(_base(row, group=label, when=when, share=_number(row["value"]),
                                 share_text=show.percent(row["value"]),
                                 detail=f"their number fell by {show.percent(decline['value'])}, July to September 1945"))
    groups = ["Men", "Women"]
    by = {(r["group"], r["when"]): r for r in records}
    b, a = periods[0][1], periods[1][1]
    change = quantities.change_in_points(by[("Women", b)]["share"], by[("Women", a)]["share"])
    description = (
        f"Bar chart of the Gulag population by sex. Before the amnesty {by[('Men', b)]['share_text']} men and "
        f"{by[('Women', b)]['share_text']} women; after it {by[('Men', a)]['share_text']} men and "
        f"{by[('Women', a)]['share_text']} women, a change of {show.points(change)} for women. "
        f"From July to September 1945 the number of men fell by "
        f"{show.percent(_row(frame, 'men-decline')['value'])} and the number of women by "
        f"{show.percent(_row(frame, 'women-decline')['value'])}."
    )
    table = pd.DataFrame({
        "Sex": groups,
        b: [by[(g, b)]["share_text"] for g in groups],
        a: [by[(g, a)]["share_text"] for g in groups],
        "Fall in number, July to September 1945": [show.percent(_row(frame, f"{g.lower()}-decline")["value"]) for g in groups],
        "Source": [_sources(_row(frame, f"{g.lower()}-before"), _row(frame, f"{g.lower()}-after")) for g in groups],
    })
    return _two_period_shares(records, groups, title="Men and women in the Gulag, before and after",
                              description=description, table=table, resources=["population_by_gender"],
                              name="gender_shares", group_title="Sex")


def retention_as_free_labour() -> EditionChart:
    """Amnestied prisoners kept on as free labourers: at two camps, and under three GOKO decrees."""
    frame = data.load("retention_as_free_labour")
    records = []
    for camp in ("vorkutlag", "intlag"):
        freed, stayed = _row(frame, f"{camp}-freed"), _row(frame, f"{camp}-remained")
        share = quantities.share_of(stayed["value"], freed["value"])
        for row, status in ((freed, "Freed"), (stayed, "Stayed as free labourers")):
            records.append(_base(row, panel="camp", group=str(row["camp_or_body"]), status=status,
                                 count_text=show.count(row["value"]),
                                 label=(f"{show.count(stayed['value'])} of {show.count(freed['value'])} stayed "
                                        f"({show.percent(share)})") if status == "Freed" else "",
                                 share_text=show.percent(share), detail=str(row["measure"])))
    decrees = []
    for row_id, name in (("dalstroi-gold-and-tin", "Dal'stroi gold and tin"),
                         ("komsomolsk-sovgavan-railroad", "Komsomol'sk-Sovgavan' railroad"),
                         ("timber-industries", "Timber industries")):
        row = _row(frame, row_id)
        decree = str(row["decree_date"]) if str(row["decree_date"]) not in ("", "<NA>", "nan") else ""
        until = str(row["retained_until"]) if str(row["retained_until"]) not in ("", "<NA>", "nan") else ""
        detail = "GOKO decree" + (f" of {_period(decree)}" if decree else "") + (
            f"; held until {_period(until) if until[:1].isdigit() else until}" if until else "")
        rec = _base(row, panel="decree", group=name, status="Held by decree", count_text=show.count(row["value"]),
                    label=show.count(row["value"]), share_text="", detail=detail)
        records.append(rec)
        decrees.append(rec)
    camp_tooltip = _tooltip(("group", "Camp"), ("status", "Figure"), ("count_text", "Prisoners"),
                            ("share_text", "Share of the freed who stayed"))
    camps = [r for r in records if r["panel"] == "camp"]
    camp_names = list(dict.fromkeys(r["group"] for r in camps))
    camp_base = alt.Chart().transform_filter("datum.panel == 'camp'").encode(
        y=alt.Y("group:N", sort=camp_names, axis=alt.Axis(title=None)),
        x=alt.X("value:Q", stack=None, scale=alt.Scale(domain=[0, 12000]),
                axis=_count_axis("Amnestied prisoners", tickCount=4)),
        tooltip=camp_tooltip)
    camp_bars = camp_base.mark_bar(height=30, stroke=BEFORE, strokeWidth=1.5).encode(
        color=alt.Color("status:N", scale=alt.Scale(domain=["Freed", "Stayed as free labourers"],
                                                     range=[OKABE_ITO["sky blue"], BEFORE]),
                        legend=alt.Legend(title=None, orient="top", direction="horizontal")),
        order=alt.Order("value:Q", sort="descending"))
    camp_labels = camp_base.transform_filter("datum.status == 'Freed'").mark_text(align="left", dx=5).encode(
        text="label:N")
    camp_chart = alt.layer(camp_bars.encode(), camp_labels).properties(
        width=190, height=alt.Step(50), title="Camps (October 1945)")
    decree_tooltip = _tooltip(("group", "Industry"), ("count_text", "Prisoners"), ("detail", "Decree"))
    decree_names = [r["group"] for r in decrees]
    decree_base = alt.Chart().transform_filter("datum.panel == 'decree'").encode(
        y=alt.Y("group:N", sort=decree_names, axis=alt.Axis(title=None)),
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 25000]), axis=_count_axis("Amnestied prisoners", tickCount=4)),
        tooltip=decree_tooltip)
    decree_chart = (decree_base.mark_bar(color=OKABE_ITO["vermillion"])
                    + decree_base.mark_text(align="left", dx=5).encode(text="label:N")).properties(
        width=170, height=alt.Step(34), title="Held by GOKO decree")
    chart = alt.vconcat(camp_chart, decree_chart, data=_data(records)).resolve_scale(color="independent", x="independent")
    c = {r["group"]: r for r in camps if r["status"] == "Freed"}
    description = (
        "Two bar charts of amnestied prisoners kept at work as free labourers. At Vorkutlag "
        + c["Vorkutlag"]["label"] + "; at Intlag " + c["Intlag"]["label"] + ". GOKO decrees held "
        + "; ".join(f"{r['label']} in {r['group'].replace('Timber', 'timber')}" for r in decrees) + "."
    )
    table = pd.DataFrame({
        "Camp or industry": [r["group"] for r in records],
        "Figure": [r["status"] if r["panel"] == "camp" else r["detail"] for r in records],
        "Prisoners": [r["count_text"] for r in records],
        "Source": [r["source"] for r in records],
    })
    return _make(chart, records, table, ["retention_as_free_labour"],
                 title="Freed, but kept at work", description=description, name="retention_as_free_labour")


def skilled_worker_losses() -> EditionChart:
    """The fall in skilled prisoners after the amnesty, in per cent, by skill."""
    frame = data.load("skilled_workers")
    records = []
    for skill, label in (("engineers", "Engineers"), ("other-specialists", "Other specialists")):
        before, after = _row(frame, f"{skill}-before"), _row(frame, f"{skill}-after")
        fall = -quantities.percent_change(before["value"], after["value"])
        rec = _base(after, group=label, share=round(fall, 6), share_text=show.percent(fall),
                    detail=f"computed: from {show.count(before['value'])} to {show.count(after['value'])}")
        rec["source"] = _sources(before, after)
        records.append(rec)
    for row_id, label in (("doctors-decline", "Doctors"),
                          ("builders-metal-workers-miners-decline", "Builders, metal-workers, miners"),
                          ("all-skilled-decline", "All skilled workers")):
        row = _row(frame, row_id)
        records.append(_base(row, group=label, share=_number(row["value"]),
                             share_text=_worded(show.percent(row["value"]), row["qualifier"]),
                             detail="the report gives only the percentage"))
    groups = [r["group"] for r in records]
    tooltip = _tooltip(("group", "Skill"), ("share_text", "Fall in number"), ("detail", "Note"))
    base = alt.Chart().encode(
        y=alt.Y("group:N", sort=groups, axis=alt.Axis(title=None)),
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 60]), axis=_share_axis("Fall in number after the amnesty")),
        tooltip=tooltip)
    bars = base.mark_bar().encode(color=alt.condition("datum.group == 'All skilled workers'",
                                                      alt.value(AFTER), alt.value(BEFORE)))
    chart = alt.layer(bars, base.mark_text(align="left", dx=5).encode(text="share_text:N"),
                      data=_data(records)).properties(width=WIDTH - 200, height=alt.Step(34))
    description = (
        "Bar chart of the fall in the number of skilled prisoners after the amnesty: "
        + "; ".join(f"{r['group'].lower()} {r['share_text']}" for r in records) + "."
    )
    table = pd.DataFrame({"Skill": groups, "Fall in number": [r["share_text"] for r in records],
                          "Note": [r["detail"] for r in records], "Source": [r["source"] for r in records]})
    return _make(chart, records, table, ["skilled_workers"], title="Skilled prisoners lost in the amnesty",
                 description=description, name="skilled_worker_losses")


BUILDERS = (
    implementation_over_time, released_by_offense, age_groups_before_after, work_ability_over_time,
    sentence_structure_before_after, sentence_structure_long_run, offense_mix, gender_shares,
    retention_as_free_labour, skilled_worker_losses,
)
"""Every chart of the book, in reading order."""
