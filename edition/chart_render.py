"""How an edition chart reaches its readers: the static SVG, the compiled Vega, the book's HTML,
and the notebook outputs.

* ``image/svg+xml`` -- a static SVG drawn by vl-convert from the fixed-width layout, for print,
  LaTeX, PDF and readers without scripts. Its element ids carry the chart's own prefix, so two
  charts on one page never share a clip path.
* ``text/html`` -- for the HTML book: a ``div.edition-chart`` (``role="img"``, its ``aria-label``
  the chart's text alternative) holding the static SVG and the chart compiled to **Vega** when
  the book is built (:func:`compile_page_specs`), so the browser needs only the Vega runtime,
  never the Vega-Lite compiler. ``_ext/edition_charts.py`` serves that runtime and the small
  script that draws it. Below the chart come its source line and, in a ``<details>`` element,
  the exact data as a table with links to the CSV files.
* ``application/vnd.vegalite.v5+json`` -- the Vega-Lite spec, for JupyterLab and Binder. The
  book does not show it: :class:`VegaLiteMimeRenderer`, registered with myst-nb through the
  ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``, drops it quietly.

On the page a chart fits its box. A chart may bring a second, narrow layout (panels stacked,
names above the bars, legends below, shorter labels) that the page uses when the box is
narrower than the wide layout's static drawing; a single view is compiled with
``width: "container"`` and ``autosize: fit-x``, so Vega fits it to the box and re-measures it
when the window is resized.
"""
from __future__ import annotations

import html
import json
import re

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The notebook output's mime type: JupyterLab's built-in renderer (vega5-extension) takes it."""
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGALITE_V5_VERSION = "5.21"
"""The specs use nothing beyond Vega-Lite 5 (the tests compile each one with it)."""
VEGALITE_VERSION = "6.4"
"""The Vega-Lite version that compiles the static SVG and the page's Vega: Altair's own
(``alt.SCHEMA_VERSION``). Its Vega is the runtime that ``_ext/edition_charts.py`` bundles."""

MULTI_VIEW = ("hconcat", "vconcat", "concat", "facet", "repeat")
"""Top-level keys of a Vega-Lite spec whose views Vega cannot fit to a container width."""
FIT_WIDTH = {"type": "fit-x", "contains": "padding"}


def svg(spec: dict, prefix: str) -> str:
    """The static SVG of a Vega-Lite spec, with ids made unique and hidden from assistive
    technology (the chart's container carries the text alternative)."""
    import vl_convert as vlc

    drawing = unique_ids(one_font(vlc.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION)), prefix)
    return drawing.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)


SVG_NS = "http://www.w3.org/2000/svg"


def one_font(drawing: str) -> str:
    """The SVG with its font named once, on the root, where every text inherits it.

    vl-convert repeats the theme's font stack on every ``<text>``; a chart page carries
    dozens of them. When all texts name the same font, the attribute moves to the ``<svg>``.
    """
    from xml.etree import ElementTree

    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(drawing)
    texts = list(root.iter(f"{{{SVG_NS}}}text"))
    fonts = {t.get("font-family") for t in texts}
    if len(fonts) != 1 or None in fonts:
        return drawing
    for text in texts:
        del text.attrib["font-family"]
    root.set("font-family", fonts.pop())
    return ElementTree.tostring(root, encoding="unicode")


def svg_width(drawing: str) -> int:
    """The width in px that a static SVG declares (``<svg ... width="520"``)."""
    match = re.search(r'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"', drawing)
    if not match:
        raise ValueError("the chart's static SVG declares no width")
    return round(float(match.group(1)))


_ID = re.compile(r'\bid="([^"]+)"')


def unique_ids(drawing: str, prefix: str) -> str:
    """Prefix every ``id`` of an SVG (clip paths, gradients) so that two charts on a page never clash."""
    for name in sorted(set(_ID.findall(drawing)), key=len, reverse=True):
        drawing = drawing.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        drawing = drawing.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        drawing = drawing.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return drawing


def page_layout(spec: dict, fit: bool = True) -> dict:
    """The Vega-Lite spec as the page draws it: no title (the page prints it as text, where it
    wraps), and, with ``fit``, a single view as wide as its box."""
    spec = json.loads(json.dumps(spec))
    spec.pop("title", None)
    if fit and not any(key in spec for key in MULTI_VIEW):
        spec["width"] = "container"
        spec["autosize"] = dict(FIT_WIDTH)
    return spec


def to_vega(spec: dict) -> dict:
    """A Vega-Lite spec compiled to Vega by vl-convert (no compiler in the reader's browser)."""
    import vl_convert as vlc

    return vlc.vegalite_to_vega(spec, vl_version=VEGALITE_VERSION)


def compile_page_specs(wide: dict, narrow: dict | None, wide_svg: str) -> dict:
    """What the page's script draws: ``wide`` (Vega), and, for a chart with a narrow layout,
    ``narrow`` (Vega) with ``narrowBelow``, the box width in px under which it is used.

    A chart with a narrow layout keeps its wide one at the width of its static drawing (the
    page uses it only where that fits); the narrow one, or the only one, fits the box."""
    specs = {"wide": to_vega(page_layout(wide, fit=narrow is None))}
    if narrow is not None:
        specs["narrow"] = to_vega(page_layout(narrow))
        specs["narrowBelow"] = svg_width(wide_svg)
    return specs


def script_json(value) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_html(chart) -> str:
    """The book's HTML for an :class:`edition.chart_object.EditionChart`."""
    label = html.escape(chart.description, quote=True)
    links = ", ".join(f'<a href="{html.escape(href)}">{html.escape(name)}</a>' for href, name in chart.csv_links())
    return (
        f'<div class="edition-chart" role="img" aria-label="{label}" id="{chart.slug}" tabindex="0">\n'
        f'<p class="edition-chart-title">{html.escape(chart.title)}</p>\n'
        f'<div class="edition-chart-static">{chart.to_svg()}</div>\n'
        f'<script type="application/json" class="edition-chart-spec">{script_json(chart.page_specs())}</script>\n'
        f"</div>\n"
        f'<p class="edition-chart-source">{html.escape(chart.source_line())}</p>\n'
        f'<details class="edition-chart-data"><summary>Data for this chart</summary>\n'
        f"{chart.data_table_html()}\n"
        f"<p>CSV: {links}</p></details>"
    )


def mimebundle(chart, include=None, exclude=None, *, with_html: bool = True) -> dict:
    """The notebook outputs of a chart (``with_html=False``: JupyterLab then draws Vega-Lite)."""
    bundle = {VEGALITE_MIME: chart.spec_v5(), "image/svg+xml": chart.to_svg()}
    if with_html:
        bundle["text/html"] = chart.to_html()
    bundle["text/plain"] = f"<EditionChart: {chart.title}>\n{chart.description}"
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle


class NotebookView:
    """A chart's notebook outputs without ``text/html``: JupyterLab then uses Vega-Lite."""

    def __init__(self, chart):
        self.chart = chart

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return mimebundle(self.chart, include, exclude, with_html=False)


class VegaLiteMimeRenderer:
    """A myst-nb mime renderer plugin that drops the ``vegalite.v5`` output in the book.

    myst-nb renders every mime type of an output before it picks one, and warns about a
    type it does not know; the book shows the ``text/html`` form of a chart, which holds the
    same chart compiled to Vega. Registered in ``pyproject.toml``::

        [project.entry-points."myst_nb.mime_renderers"]
        edition-vegalite = "edition.chart_render:VegaLiteMimeRenderer"
    """

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        if getattr(data, "mime_type", None) == VEGALITE_MIME:
            return []
        return None
