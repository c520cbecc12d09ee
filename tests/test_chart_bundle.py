"""Tests of the charts' Sphinx extension (_ext/edition_charts.py): the lean Vega bundle, the
pages that load it, and the mime renderer that myst-nb finds through the package's entry point.
"""
from __future__ import annotations

import gzip
import importlib.util
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from edition import charts

ROOT = Path(__file__).resolve().parent.parent


def load_extension():
    spec = importlib.util.spec_from_file_location("edition_charts_ext", ROOT / "_ext" / "edition_charts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundle_runs_the_vega_that_the_charts_are_compiled_for():
    import vl_convert as vlc

    ext = load_extension()
    major = vlc.get_vega_version().split(".")[0]
    assert charts.gender_shares().page_specs()["wide"]["$schema"].endswith(f"/vega/v{major}.json")
    imported = re.findall(r'from "https://cdn\.jsdelivr\.net/npm/([a-z-]+)@', ext.snippet())
    assert "vega-view" in imported and "vega-parser" in imported and "vega-tooltip" in imported
    assert not {"vega-lite", "vega-embed"} & set(imported), "the page needs no compiler and no embed library"


def test_has_chart_finds_chart_pages_only():
    from docutils import nodes
    from docutils.utils import new_document

    ext = load_extension()
    page = new_document("page")
    page += nodes.raw("", charts.gender_shares().to_html(), format="html")
    other = new_document("other")
    other += nodes.raw("", '<div class="note">edition-chart</div>', format="html")
    assert ext.has_chart(page) and not ext.has_chart(other) and not ext.has_chart(None)


def test_bundle_written_once_per_version(tmp_path):
    ext = load_extension()
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=tmp_path / "html",
                          doctreedir=tmp_path / "doctrees")
    (tmp_path / "html" / "_static").mkdir(parents=True)
    stale = tmp_path / "html" / "_static" / "edition-charts.000000000000.js"
    stale.write_text("old")
    ext.write_bundle(app)
    bundle = tmp_path / "html" / "_static" / app.edition_charts_bundle
    assert bundle.is_file() and not stale.exists()
    text = bundle.read_text()
    assert text.startswith("/* Vega") and "editionChartsEmbed" in text
    assert "vegaEmbed" not in text and "cdn.jsdelivr" not in text  # no Vega-Embed, no module fetched
    assert not re.search(r"""(src|href)=["']https?://""", text)  # loads nothing from another host
    first = bundle.stat().st_mtime_ns
    ext.write_bundle(app)
    assert bundle.stat().st_mtime_ns == first  # a rebuild does not regenerate it
    raw = bundle.read_bytes()
    # Vega's runtime and vega-tooltip only: the bundle with the Vega-Lite compiler and
    # Vega-Embed was about 898 KB (305 KB gzipped)
    assert 300_000 < len(raw) < 500_000 and len(gzip.compress(raw)) < 170_000


@pytest.mark.build
def test_script_only_on_chart_pages(tmp_path):
    """A two-page Sphinx project: the bundle is written once and linked only from the chart page."""
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\nextensions = ['edition_charts']\n"
    )
    chart_html = charts.gender_shares().to_html()
    indented = "\n".join("   " + line for line in chart_html.splitlines())
    (src / "index.rst").write_text(f"Charts\n======\n\n.. toctree::\n\n   plain\n\n.. raw:: html\n\n{indented}\n")
    (src / "plain.rst").write_text("Plain\n=====\n\nNo chart here.\n")
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=sys.stderr, freshenv=True, warningiserror=True)
    app.build()
    out = tmp_path / "out"
    bundles = list((out / "_static").glob("edition-charts.*.js"))
    assert len(bundles) == 1
    index, plain = (out / "index.html").read_text(), (out / "plain.html").read_text()
    tag = re.search(r'_static/(edition-charts\.[0-9a-f]+\.js)', index)
    assert tag and tag.group(1) == bundles[0].name
    assert "edition-charts." not in plain
    assert 'class="edition-chart" role="img"' in index


def test_the_mime_renderer_is_a_myst_nb_entry_point():
    from myst_nb.core.render import load_mime_renders

    names = [getattr(p, "__name__", "") for p in load_mime_renders()]
    assert names.count("VegaLiteMimeRenderer") == 1
    load_extension().check_mime_renderer()


def test_a_missing_mime_renderer_stops_the_build_with_the_fix(monkeypatch):
    from myst_nb.core import render
    from sphinx.errors import ExtensionError

    monkeypatch.setattr(render, "load_mime_renders", lambda: [])
    with pytest.raises(ExtensionError, match=r"pip install --no-deps -e \."):
        load_extension().check_mime_renderer()
