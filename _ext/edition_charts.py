"""Sphinx extension of the edition: charts drawn inline, offline, on the pages that have them.

A chart reaches a page as the ``text/html`` output of :class:`edition.chart_object.EditionChart`:
a ``div.edition-chart`` holding a static SVG and the chart already compiled to Vega when the
book was built (:mod:`edition.chart_render`). This extension makes it interactive without any
other host and without the Vega-Lite compiler:

* When the HTML builder starts, it writes one JavaScript file to the output's ``_static/``:
  the parts of the Vega runtime that drawing needs (:data:`VEGA_MODULES`) and vega-tooltip,
  bundled by ``vl_convert.javascript_bundle`` from the copies vl-convert carries, with
  :data:`SNIPPET`, which draws each ``.edition-chart`` from its Vega spec (SVG renderer,
  tooltips) in place of the static SVG. The snippet imports those modules itself, so the
  bundle holds neither Vega-Lite nor Vega-Embed. The file's name holds
  a hash of the vl-convert version, the Vega version and the snippet, so a rebuild reuses it
  and a change of any of them writes a new one (stale bundles are removed). It is a classic
  script, so it also runs from ``file://``.
* A chart's Vega specs (wide and narrow) leave the page: :func:`externalize_specs` writes
  each to ``_static/edition-chart-<hash>.js`` (a classic script that files the spec under its
  hash, so it loads from ``file://`` too) and leaves ``data-spec="<hash>"`` on the chart. The
  page's first load carries only the static SVG; the specs come with the bundle.
* The loader script is added only to pages whose doctree holds a chart
  (``html-page-context``); it fetches the bundle when a chart nears the screen, and the
  bundle fetches each chart's spec.
* A chart takes the width of its box: a single view is compiled with ``width: "container"``;
  a chart with a narrow layout is drawn in it when its box is narrower than ``narrowBelow``,
  and redrawn when the box crosses that width (a ``ResizeObserver``).

Without JavaScript, and in print (``_static/edition-charts.css``), the static SVG is shown.

A chart's notebook output also carries ``application/vnd.vegalite.v5+json`` (for JupyterLab);
the package registers :class:`edition.chart_render.VegaLiteMimeRenderer` with myst-nb through
the ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``, which drops it in the book;
:func:`check_mime_renderer` stops the build with a clear message where it is not installed.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
from edition_html import AS_WRITTEN  # noqa: E402  (a sibling module)

logger = logging.getLogger(__name__)

MARKER = 'class="edition-chart"'

VEGA_MODULES = (
    # (package@version as vl-convert 1.9 carries it, what the snippet imports from it)
    ("vega-view@6.1.0", "{ View }"),
    ("vega-parser@7.1.0", "{ parse }"),
    ("vega-dataflow@6.1.0", "{ transforms }"),
    ("vega-transforms@5.1.0", "* as tx"),
    ("vega-view-transforms@5.1.0", "* as vtx"),
    ("vega-encode@5.1.0", "* as encode"),
    ("vega-tooltip@1.0.0", "{ Handler }"),
)
"""The parts of Vega that drawing a compiled chart needs, and vega-tooltip. The package
``vega`` would add what these charts never use (geographic projections, force layouts,
hierarchies, word clouds, regressions...); a chart drawn with a transform left out here fails
in the browser test, which finds every chart drawn. The names are those under which
vl-convert's bundler finds its own copies (nothing is fetched: vl-convert carries them)."""

SNIPPET_IMPORTS = "\n".join(f'import {names} from "https://cdn.jsdelivr.net/npm/{package}/+esm.js";'
                             for package, names in VEGA_MODULES)

SNIPPET = SNIPPET_IMPORTS + r"""
// What the vega package does on import: register the transforms that compiled charts use.
Object.assign(transforms, tx, vtx, encode);

var tooltips = new Handler({ theme: "custom" });

function editionLayout(chart, specs) {
  return specs.narrow && chart.clientWidth < specs.narrowBelow ? "narrow" : "wide";
}

function editionDraw(chart, specs) {
  var layout = editionLayout(chart, specs);
  if (chart.editionView) {
    if (chart.getAttribute("data-layout") === layout) { return; }
    chart.editionView.finalize();
  }
  var target = chart.querySelector(".edition-chart-interactive");
  if (!target) {
    target = document.createElement("div");
    target.className = "edition-chart-interactive";
    chart.appendChild(target);
  }
  target.textContent = "";
  chart.setAttribute("data-layout", layout);
  chart.setAttribute("data-embedded", "pending");
  var view = new View(parse(specs[layout]), {
    renderer: "svg", container: target, hover: true, tooltip: tooltips.call
  });
  chart.editionView = view;
  view.runAsync().then(function () {
    var svg = target.querySelector("svg");
    if (svg) { svg.setAttribute("aria-hidden", "true"); }
    chart.setAttribute("data-embedded", "done");
    chart.classList.add("edition-chart-live");
  }).catch(function (error) {
    target.remove();
    chart.editionView = null;
    chart.removeAttribute("data-embedded");
    chart.classList.remove("edition-chart-live");
    if (window.console) { console.warn("edition chart: static image kept", error); }
  });
}

// A chart's specs: inline (a notebook's output) or in _static/edition-chart-<hash>.js (the
// book), a script that files them under window.editionChartSpecs[hash].
function editionSpecs(chart) {
  var source = chart.querySelector("script.edition-chart-spec");
  if (source) { return Promise.resolve(JSON.parse(source.textContent)); }
  var name = chart.getAttribute("data-spec");
  if (!name) { return null; }
  var store = window.editionChartSpecs || (window.editionChartSpecs = {});
  return new Promise(function (resolve, reject) {
    if (store[name]) { resolve(store[name]); return; }
    var script = document.createElement("script");
    script.src = (window.editionChartsBase || "") + "edition-chart-" + name + ".js";
    script.onload = function () { if (store[name]) { resolve(store[name]); } else { reject(new Error(name)); } };
    script.onerror = function () { reject(new Error("cannot load " + script.src)); };
    document.head.appendChild(script);
  });
}

function editionChartsEmbed() {
  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var chart = entry.target;
      if (chart.editionSpecs) { editionDraw(chart, chart.editionSpecs); }
    });
  }) : null;
  Array.prototype.forEach.call(document.querySelectorAll(".edition-chart"), function (chart) {
    if (chart.editionSpecs || chart.editionLoading) { return; }
    var ready = editionSpecs(chart);
    if (!ready) { return; }
    chart.editionLoading = true;
    ready.then(function (specs) {
      chart.editionSpecs = specs;
      editionDraw(chart, specs);
      if (observer) { observer.observe(chart); }
    }).catch(function (error) {
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


def snippet() -> str:
    """The script bundled with the Vega modules: :data:`SNIPPET`."""
    return SNIPPET


def bundle_name() -> str:
    """``edition-charts.<hash>.js``: the hash keys on vl-convert, Vega and the snippet."""
    import vl_convert as vlc

    version = getattr(vlc, "__version__", "") or vlc.get_vega_embed_version()
    key = "\n".join([version, vlc.get_vega_version(), snippet()])
    return f"edition-charts.{hashlib.sha256(key.encode()).hexdigest()[:12]}.js"


def build_bundle() -> str:
    """The whole script: Vega, vega-tooltip and the snippet, inside one function scope."""
    import vl_convert as vlc

    body = vlc.javascript_bundle(snippet())
    return ("/* Vega (its runtime, parser and transforms) and vega-tooltip (BSD-3-Clause), bundled by "
            "vl-convert for the edition's charts. */\n"
            "(function () {\n" + body + "\n})();\n")


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
    return any("html" in node.get("format", "").split() and MARKER in node.astext()
               for node in doctree.findall(nodes.raw))


# The bundle (about 155 KB gzipped) is fetched only when a chart nears the screen, or on
# hover or focus: until then the static SVG shows, and the page's first load stays light.
LOADER = """(function (src) {
  var started = false;
  function load() {
    if (started) { return; }
    started = true;
    window.editionChartsBase = src.slice(0, src.lastIndexOf("/") + 1);
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


SPEC_FILE = "edition-chart-{digest}.js"
SPEC_SCRIPT = '(window.editionChartSpecs = window.editionChartSpecs || {{}})["{digest}"] = {json};\n'


def externalize_specs(app, doctree, docname) -> None:
    """Move each chart's Vega specs out of the page into ``_static/edition-chart-<hash>.js``.

    The specs (about a third of a chart page's bytes) are needed only by the chart script,
    which loads when a chart nears the screen; the page keeps the static SVG and a
    ``data-spec`` attribute. The JSON was made safe for a script element by
    :func:`edition.chart_render.script_json`, so it is safe in a script file too.
    """
    if getattr(app.builder, "format", "") != "html":
        return
    static = Path(app.outdir) / "_static"
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split() or "edition-chart-spec" not in node.astext():
            continue
        soup = BeautifulSoup(node.astext(), "html.parser")
        for script in soup.select("div.edition-chart > script.edition-chart-spec"):
            text = script.string or ""
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            target = static / SPEC_FILE.format(digest=digest)
            if not target.is_file():
                static.mkdir(parents=True, exist_ok=True)
                target.write_text(SPEC_SCRIPT.format(digest=digest, json=text), encoding="utf-8")
            script.parent["data-spec"] = digest
            script.decompose()
        node.replace_self(nodes.raw("", soup.decode(formatter=AS_WRITTEN), format="html"))


def add_script(app, pagename, templatename, context, doctree) -> None:
    """On pages that show a chart (and no other), load the bundle when a chart comes near the screen."""
    import json

    name = getattr(app, "edition_charts_bundle", "")
    if name and has_chart(doctree):
        app.add_js_file(None, body=LOADER % json.dumps(context["pathto"]("_static/" + name, 1)))


def check_mime_renderer(app=None) -> None:
    """Stop with a clear message if myst-nb does not know the charts' mime renderer.

    Without it, myst-nb warns about every chart's ``vegalite.v5`` output and the strict
    build fails far from the cause.
    """
    try:
        from myst_nb.core.render import load_mime_renders
    except ImportError:  # pragma: no cover - myst-nb is pinned
        return
    if not any(getattr(p, "__name__", "") == "VegaLiteMimeRenderer" for p in load_mime_renders()):
        raise ExtensionError(
            "edition_charts: myst-nb has no 'edition-vegalite' mime renderer, so every chart's "
            "Vega-Lite output would fail the strict build. The 'edition' package registers it in "
            "pyproject.toml ([project.entry-points.\"myst_nb.mime_renderers\"]); reinstall it with "
            "'python -m pip install --no-deps -e .' (or 'make venv') from the book's root.")


def setup(app):
    app.connect("builder-inited", check_mime_renderer)
    app.connect("builder-inited", write_bundle)
    app.connect("doctree-resolved", externalize_specs)
    app.connect("html-page-context", add_script)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
