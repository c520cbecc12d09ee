"""The edition's chart object: an Altair chart with its text alternative, data table and sources.

Builders (:mod:`edition.chart_releases`, :mod:`edition.chart_population`,
:mod:`edition.chart_aftermath`) make one with :func:`make`; a chapter glues it::

    glue("fig-implementation", charts.implementation_over_time(), display=False)

and places it with a ``{glue:figure}`` directive. How it renders (static SVG, compiled Vega,
HTML, notebook outputs) is :mod:`edition.chart_render`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from edition import chart_render
from edition.chart_theme import register_theme
from edition.tables import Table

register_theme()

_built: dict[str, int] = {}


@dataclass
class EditionChart:
    """An Altair chart with its text alternative, its data table and its CSV files.

    ``table`` is a DataFrame of display strings (the exact figures, formatted by
    :mod:`edition.show`); ``resources`` the data files it is drawn from (stems of
    ``data/*.csv``); ``records`` the rows that the spec carries as inline values; ``narrow``
    an optional second layout of the same chart for boxes narrower than the first one's
    static drawing (panels stacked, legends below instead of labels at the right).
    """

    chart: alt.TopLevelMixin
    table: pd.DataFrame
    resources: tuple[str, ...]
    records: list[dict] = field(default_factory=list)
    name: str = "chart"
    narrow: alt.TopLevelMixin | None = None

    def __post_init__(self):
        # Stable, page-unique element id: the builder's name, numbered if built again.
        n = _built.get(self.name, 0) + 1
        _built[self.name] = n
        self.slug = f"edition-chart-{self.name.replace('_', '-')}" + (f"-{n}" if n > 1 else "")
        self._spec = None
        self._svg = None
        self._page_specs = None

    # -- spec
    @staticmethod
    def _to_dict(chart: alt.TopLevelMixin) -> dict:
        # Keep the data inline (``data.values``), where readers of the spec look for it,
        # instead of Altair's top-level ``datasets``; the setting is restored at once.
        transformers = alt.data_transformers
        consolidate = transformers.consolidate_datasets
        transformers.consolidate_datasets = False
        try:
            return chart.to_dict()
        finally:
            transformers.consolidate_datasets = consolidate

    @property
    def spec(self) -> dict:
        """The Vega-Lite spec (Altair's schema) with inline data values and the theme's config."""
        if self._spec is None:
            self._spec = self._to_dict(self.chart)
        return json.loads(json.dumps(self._spec))

    def spec_v5(self) -> dict:
        """The same spec labelled Vega-Lite 5, for the notebook's ``vegalite.v5`` output."""
        spec = self.spec
        spec["$schema"] = chart_render.VEGALITE_V5_SCHEMA
        return spec

    def narrow_spec(self) -> dict | None:
        """The Vega-Lite spec of the narrow layout, if the chart has one."""
        return None if self.narrow is None else self._to_dict(self.narrow)

    @property
    def title(self) -> str:
        title = self.spec.get("title", "")
        if isinstance(title, dict):
            title = title.get("text", "")
        if isinstance(title, list):
            title = " ".join(title)
        return str(title)

    @property
    def description(self) -> str:
        return str(self.spec.get("description", ""))

    # -- what the page shows around the drawing
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

    # -- renderings (edition.chart_render)
    def to_svg(self) -> str:
        """The static SVG (vl-convert), its element ids made unique to this chart."""
        if self._svg is None:
            self._svg = chart_render.svg(self.spec, self.slug)
        return self._svg

    def page_specs(self) -> dict:
        """The chart compiled to Vega for the page: ``wide`` and, if any, ``narrow``."""
        if self._page_specs is None:
            self._page_specs = chart_render.compile_page_specs(self.spec, self.narrow_spec(), self.to_svg())
        return json.loads(json.dumps(self._page_specs))

    def to_html(self) -> str:
        return chart_render.chart_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return chart_render.mimebundle(self, include, exclude)

    def __repr__(self) -> str:
        return f"<EditionChart: {self.title}>"

    def interactive(self) -> chart_render.NotebookView:
        """The chart as JupyterLab draws it interactively (Vega-Lite output, SVG fallback).

        JupyterLab prefers ``text/html`` (rank 50) to its Vega-Lite renderer (rank 57), so the
        full bundle shows the static SVG and the data table there. In a notebook, display
        ``charts.gender_shares().interactive()`` to get the live chart with its tooltips.
        """
        return chart_render.NotebookView(self)


def make(chart: alt.TopLevelMixin, records: list[dict], table: pd.DataFrame, resources, *,
         title: str, description: str, name: str, narrow: alt.TopLevelMixin | None = None) -> EditionChart:
    """An :class:`EditionChart` with its title and text alternative set on every layout."""
    chart = chart.properties(title=title, description=description)
    if narrow is not None:
        narrow = narrow.properties(title=title, description=description)
    return EditionChart(chart, table, tuple(resources), records, name=name, narrow=narrow)
