"""The edition's charts: what a chapter calls, and where each part lives.

A chapter glues a chart made by one of the builders below::

    glue("fig-implementation", charts.implementation_over_time(), display=False)

and places it with a ``{glue:figure}`` directive. The parts:

* :mod:`edition.chart_theme` -- formats, colours, type and the one Altair theme;
* :mod:`edition.chart_object` -- :class:`EditionChart`, a chart with its text alternative,
  data table and sources, made by :func:`make`;
* :mod:`edition.chart_render` -- its renderings: the static SVG, the Vega compiled at build
  time for the page, the book's HTML, the notebook outputs and the myst-nb mime renderer;
* :mod:`edition.chart_marks` -- records, sources, tooltips, axes and layouts the builders share;
* the builders, which take their figures from the topic modules: :mod:`edition.chart_releases`
  (releases), :mod:`edition.chart_population` and :mod:`edition.chart_sentences`
  (population), :mod:`edition.chart_aftermath` (aftermath).
"""
from __future__ import annotations

from edition import data  # noqa: F401  (tests replace data.load to feed a builder odd labels)
from edition.chart_aftermath import retention_as_free_labour
from edition.chart_marks import source_text
from edition.chart_object import EditionChart, make
from edition.chart_population import age_groups_before_after, gender_shares, skilled_worker_losses, work_ability_over_time
from edition.chart_releases import implementation_over_time, released_by_offense
from edition.chart_render import (
    VEGALITE_MIME,
    VEGALITE_V5_SCHEMA,
    VEGALITE_V5_VERSION,
    VEGALITE_VERSION,
    NotebookView,
    VegaLiteMimeRenderer,
)
from edition.chart_sentences import offense_mix, sentence_structure_before_after, sentence_structure_long_run
from edition.chart_theme import (
    AFTER,
    BEFORE,
    COUNT_FORMAT,
    FONT,
    LABEL_SIZE,
    MUTED,
    OKABE_ITO,
    PALETTE,
    SHARE_FORMAT,
    SHARE_TICKS,
    TEXT,
    THEME_NAME,
    WIDTH,
    theme,
)

BUILDERS = (
    implementation_over_time, released_by_offense, age_groups_before_after, work_ability_over_time,
    sentence_structure_before_after, sentence_structure_long_run, offense_mix, gender_shares,
    retention_as_free_labour, skilled_worker_losses,
)
"""Every chart of the book, in reading order."""

__all__ = [
    "AFTER", "BEFORE", "BUILDERS", "COUNT_FORMAT", "FONT", "LABEL_SIZE", "MUTED", "OKABE_ITO", "PALETTE",
    "SHARE_FORMAT", "SHARE_TICKS", "TEXT", "THEME_NAME", "VEGALITE_MIME", "VEGALITE_V5_SCHEMA",
    "VEGALITE_V5_VERSION", "VEGALITE_VERSION", "WIDTH", "EditionChart", "NotebookView", "VegaLiteMimeRenderer",
    "make", "source_text", "theme", *(builder.__name__ for builder in BUILDERS),
]
