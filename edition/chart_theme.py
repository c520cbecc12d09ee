"""The look of the edition's charts: number formats, colours, type and the one Altair theme.

Formats are the edition's (:mod:`edition.show`): counts ``620,753`` (d3 ``,.0f``), shares
``38.1%`` (d3 ``.1f`` plus a per cent sign). Axis ticks of shares are round numbers and
print without decimals. Colors are the Okabe-Ito palette, safe for color-blind readers.
The theme is registered with Altair and enabled when this module is imported.
"""
from __future__ import annotations

import altair as alt

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
"""Okabe and Ito's color-blind-safe palette (black left out: it vanishes in dark mode)."""
TEXT = "#222832"      # pydata-sphinx-theme's light text color; CSS recolors it in dark mode
MUTED = "#5c6670"     # 5.9:1 on white, 3.0:1 on the dark theme's background
PALETTE = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish green"],
           OKABE_ITO["reddish purple"], MUTED]
"""Colours of data series, in order. Each has at least 3:1 contrast (WCAG 1.4.11) against
the page in light mode (white) and in dark mode (#14181e); Okabe-Ito's orange, sky blue and
yellow do not on white, so they only fill marks that also have a dark outline."""
BEFORE, AFTER = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
GRID = "#d0d7de"
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif"
LABEL_SIZE = 13       # the smallest type in a chart, in px: a phone never scales it down
TITLE_SIZE = 16
WIDTH = 520
"""The width of a chart's plot in the static SVG (print, notebooks, no-script readers)."""

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


def register_theme() -> None:
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


register_theme()
