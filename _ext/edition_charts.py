"""Sphinx extension of the edition: charts drawn inline, offline, on the pages that have them.

A chart reaches a page as the ``text/html`` output of :class:`edition.charts.EditionChart`
(a ``div.edition-chart`` holding a static SVG and the Vega-Lite spec as JSON). This
extension makes the chart interactive without any other host:

* When the HTML builder starts, it writes one JavaScript file to the output's ``_static/``:
  Vega, Vega-Lite and Vega-Embed bundled by ``vl_convert.javascript_bundle`` together with
  :data:`SNIPPET`, which finds every ``.edition-chart``, reads its spec and swaps the static
  SVG for the interactive view (actions off, SVG renderer, tooltips). The file's name holds
  a hash of the vl-convert version, the Vega-Lite version and the snippet, so a rebuild
  reuses it and a change of any of them writes a new one (stale bundles are removed).
  The bundle is wrapped in a function, so none of its names leak into the page's globals,
  and it is a classic script, so it also runs from ``file://``.
* The loader script is added only to pages whose doctree holds a chart
  (``html-page-context``); every other page loads no chart code at all.

Without JavaScript, and in print (``_static/edition-charts.css``), the static SVG is shown.

A chart's notebook output also carries ``application/vnd.vegalite.v5+json`` (for JupyterLab);
:func:`register_mime_renderer` tells myst-nb to drop it quietly in the book.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

VEGALITE_VERSION = "6.4"
"""Must match ``edition.charts.VEGALITE_VERSION`` (the version of the spec and of the SVG)."""

MARKER = 'class="edition-chart"'

SNIPPET = r"""
function editionChartsEmbed() {
  var charts = document.querySelectorAll(".edition-chart");
  Array.prototype.forEach.call(charts, function (chart) {
    if (chart.getAttribute("data-embedded")) { return; }
    var source = chart.querySelector("script.edition-chart-spec");
    if (!source) { return; }
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (error) { return; }
    var target = document.createElement("div");
    target.className = "edition-chart-interactive";
    chart.appendChild(target);
    chart.setAttribute("data-embedded", "pending");
    vegaEmbed(target, spec, {
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { theme: "custom" }
    }).then(function () {
      var svg = target.querySelector("svg");
      if (svg && svg.getAttribute("width")) {
        svg.style.minWidth = Math.round(parseFloat(svg.getAttribute("width")) * 0.85) + "px";
        svg.setAttribute("aria-hidden", "true");
      }
      chart.setAttribute("data-embedded", "done");
      chart.classList.add("edition-chart-live");
    }).catch(function (error) {
      target.remove();
      chart.removeAttribute("data-embedded");
      if (window.console) { console.warn("edition chart: static image kept", error); }
    });
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", editionChartsEmbed);
} else {
  editionChartsEmbed();
}
"""


def bundle_name() -> str:
    """``edition-charts.<hash>.js``: the hash keys on vl-convert, Vega-Lite and the snippet."""
    import vl_convert as vlc

    version = getattr(vlc, "__version__", "") or vlc.get_vega_embed_version()
    key = "\n".join([version, vlc.get_vega_version(), VEGALITE_VERSION, SNIPPET])
    return f"edition-charts.{hashlib.sha256(key.encode()).hexdigest()[:12]}.js"


def build_bundle() -> str:
    """The whole script: the libraries and the snippet, inside one function scope."""
    import vl_convert as vlc

    body = vlc.javascript_bundle(SNIPPET, vl_version=VEGALITE_VERSION)
    return ("/* Vega, Vega-Lite and Vega-Embed (BSD-3-Clause), bundled by vl-convert for the "
            "edition's charts. */\n(function () {\n" + body + "\n})();\n")


def write_bundle(app) -> None:
    """Write the bundle to the output's ``_static/`` unless this very version is there."""
    if getattr(app.builder, "format", "") != "html":
        return
    name = bundle_name()
    app.edition_charts_bundle = name
    static = Path(app.outdir) / "_static"
    target = static / name
    for stale in static.glob("edition-charts.*.js"):
        if stale.name != name:
            stale.unlink()
    if target.is_file() and target.stat().st_size > 0:
        return
    cache = Path(app.doctreedir) / "edition-charts" / name
    static.mkdir(parents=True, exist_ok=True)
    if cache.is_file() and cache.stat().st_size > 0:
        text = cache.read_text(encoding="utf-8")
    else:
        logger.info(f"edition_charts: bundling Vega for the charts ({name})")
        text = build_bundle()
        cache.parent.mkdir(parents=True, exist_ok=True)
        for stale in cache.parent.glob("edition-charts.*.js"):
            stale.unlink()
        cache.write_text(text, encoding="utf-8")
    partial = target.with_suffix(".js.part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


def has_chart(doctree) -> bool:
    """Whether a page's doctree holds an edition chart (a raw HTML node made by EditionChart)."""
    if doctree is None:
        return False
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split() and MARKER in node.astext():
            return True
    return False


# The bundle (about 300 KB gzipped) is fetched only when a chart nears the screen, or on
# hover or focus: until then the static SVG shows, and the page's first load stays light.
LOADER = """(function (src) {
  var started = false;
  function load() {
    if (started) { return; }
    started = true;
    var script = document.createElement("script");
    script.src = src;
    document.head.appendChild(script);
  }
  function watch() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".edition-chart"));
    if (!charts.length) { return; }
    if (!("IntersectionObserver" in window)) { load(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { observer.disconnect(); load(); }
    }, { rootMargin: "200px 0px" });
    charts.forEach(function (chart) {
      observer.observe(chart);
      chart.addEventListener("pointerenter", load, { once: true });
      chart.addEventListener("focusin", load, { once: true });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", watch); } else { watch(); }
})(%s);"""


def add_script(app, pagename, templatename, context, doctree) -> None:
    """On pages that show a chart (and no other), load the bundle when a chart comes near the screen."""
    import json

    name = getattr(app, "edition_charts_bundle", "")
    if name and has_chart(doctree):
        app.add_js_file(None, body=LOADER % json.dumps(context["pathto"]("_static/" + name, 1)))


def register_mime_renderer() -> None:
    """Let myst-nb drop the charts' ``vegalite.v5`` output quietly (the page shows ``text/html``).

    myst-nb renders every mime type of an output before choosing one and warns about a type
    it does not know, which fails the strict build. Its plugins come from the entry point group
    ``myst_nb.mime_renderers``; where ``pyproject.toml`` does not (yet) register
    ``edition.charts:VegaLiteMimeRenderer`` there, it is added to myst-nb's cached plugin list.
    """
    try:
        from myst_nb.core import render
        from edition.charts import VegaLiteMimeRenderer
    except ImportError:  # pragma: no cover - myst-nb and the package are pinned
        return
    plugins = render.load_mime_renders()
    if not any(getattr(p, "__name__", "") == "VegaLiteMimeRenderer" for p in plugins):
        plugins.append(VegaLiteMimeRenderer)


def setup(app):
    register_mime_renderer()
    app.connect("builder-inited", write_bundle)
    app.connect("html-page-context", add_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
