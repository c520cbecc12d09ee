"""Tests of the charts (edition/charts.py and the chart_* modules). Their Sphinx extension and
bundle are tested in tests/test_chart_bundle.py, the phone-width layout in a browser in
tests/test_chart_layout.py.

Every figure a chart draws is checked against the CSV file read here with plain pandas, not
through ``edition.data``; derived figures (sums, shares, changes) are recomputed here by hand.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from edition import charts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BUILDER_NAMES = [
    "implementation_over_time", "released_by_offense", "age_groups_before_after", "work_ability_over_time",
    "sentence_structure_before_after", "sentence_structure_long_run", "offense_mix", "gender_shares",
    "retention_as_free_labour", "skilled_worker_losses",
]
GARF = re.compile(r"^GARF f\. 9414, op\. 1, d\. \d+, ll?\. \d+")


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype={"id": str}, keep_default_na=False)


def value(name: str, row_id: str) -> float:
    frame = csv(name)
    return float(frame.loc[frame["id"] == row_id, "value"].iloc[0])


@pytest.fixture(scope="module")
def built():
    return {name: getattr(charts, name)() for name in BUILDER_NAMES}


def records_by_id(chart) -> dict[str, dict]:
    return {r["id"]: r for r in chart.spec["data"]["values"]}


def encodings(spec) -> list[dict]:
    """Every ``encoding`` block of a (layered, concatenated) spec."""
    found = []
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            found.append(spec["encoding"])
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for sub in spec.get(key, []):
                found.extend(encodings(sub))
        if isinstance(spec.get("spec"), dict):
            found.extend(encodings(spec["spec"]))
    return found


def channel_types(spec) -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    for enc in encodings(spec):
        for channel, definition in enc.items():
            if isinstance(definition, dict) and "type" in definition:
                types.setdefault(channel, set()).add(definition["type"])
    return types


def tooltip_fields(spec) -> set[str]:
    fields = set()
    for enc in encodings(spec):
        tips = enc.get("tooltip", [])
        for tip in tips if isinstance(tips, list) else [tips]:
            if isinstance(tip, dict) and "field" in tip:
                fields.add(tip["field"])
    return fields


# --------------------------------------------------------------------------- every chart


def test_builders_are_the_agreed_ones():
    assert [f.__name__ for f in charts.BUILDERS] == BUILDER_NAMES


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_title_description_and_source_tooltip(built, name):
    chart = built[name]
    assert chart.title and len(chart.title) > 10
    assert chart.description and len(chart.description) > 60
    assert chart.description == chart.spec["description"]
    assert "source" in tooltip_fields(chart.spec), "every chart's tooltip names the source"
    assert "as_printed" in tooltip_fields(chart.spec)
    for record in chart.spec["data"]["values"]:
        assert record["source"], record
        assert "\u2013" in record["source"] or "l." in record["source"] or "p." in record["source"]


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_mimebundle(built, name):
    bundle = built[name]._repr_mimebundle_()
    assert {"application/vnd.vegalite.v5+json", "image/svg+xml", "text/html"} <= set(bundle)
    assert bundle["application/vnd.vegalite.v5+json"]["$schema"].endswith("/v5.json")
    assert bundle["image/svg+xml"].startswith("<svg")
    assert bundle["image/svg+xml"].rstrip().endswith("</svg>")
    page = bundle["text/html"]
    assert page.startswith('<div class="edition-chart" role="img" aria-label="')
    assert html.escape(built[name].description, quote=True) in page
    assert '<div class="edition-chart-static"><svg' in page
    assert '<details class="edition-chart-data"><summary>Data for this chart</summary>' in page
    assert "<figure" not in page
    for resource in built[name].resources:
        assert (DATA / f"{resource}.csv").is_file()
        assert f'href="../data/{resource}.csv"' in page
    # the embedded specs are Vega (compiled at build time) and cannot close their script element
    embedded = re.search(r'<script type="application/json" class="edition-chart-spec">(.*?)</script>', page, re.S)
    assert embedded and "</" not in embedded.group(1)
    specs = json.loads(embedded.group(1))
    assert set(specs) <= {"wide", "narrow", "narrowBelow"} and "wide" in specs
    for layout in ("wide", "narrow"):
        if layout in specs:
            assert "/schema/vega/" in specs[layout]["$schema"], "the page gets Vega, not Vega-Lite"
            assert specs[layout]["marks"]
            values = [row for data in specs[layout]["data"] for row in data.get("values", [])]
            assert {r["id"] for r in built[name].records} <= {r.get("id") for r in values}
    assert set(built[name]._repr_mimebundle_(include=["text/html"])) == {"text/html"}


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_page_layout_fits_the_box(built, name):
    """A chart with a narrow layout switches to it below the width of its static drawing; a chart
    without one is compiled to take the width of its container."""
    chart = built[name]
    specs = chart.page_specs()
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', chart.to_svg()).group(1))
    if "narrow" in specs:
        assert specs["narrowBelow"] == round(width)
        assert chart.narrow_spec()["title"] == chart.spec["title"]
        assert chart.narrow_spec()["description"] == chart.description
    else:
        assert specs["wide"]["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert any("containerSize" in str(sig.get("init", "")) for sig in specs["wide"]["signals"])
    for layout in ("wide", "narrow"):
        if layout in specs:
            assert "title" not in specs[layout], "the page prints the title as text, where it wraps"
    page = chart.to_html()
    assert f'<p class="edition-chart-title">{html.escape(chart.title)}</p>' in page


def test_a_single_view_is_fitted_to_its_container():
    from edition import chart_render

    spec = {"mark": "bar", "title": "T", "width": 300, "data": {"values": [{"a": 1}]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    fitted = chart_render.page_layout(spec)
    assert fitted["width"] == "container" and fitted["autosize"]["type"] == "fit-x" and "title" not in fitted
    assert chart_render.page_layout(spec, fit=False)["width"] == 300
    concat = {"hconcat": [spec, spec]}
    assert "autosize" not in chart_render.page_layout(concat)


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_spec_compiles_with_vega_lite_5_and_6(built, name):
    import vl_convert as vlc

    vega5 = vlc.vegalite_to_vega(built[name].spec_v5(), vl_version=charts.VEGALITE_V5_VERSION)
    vega6 = vlc.vegalite_to_vega(built[name].spec, vl_version=charts.VEGALITE_VERSION)
    assert vega5["marks"] and vega6["marks"]


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_data_table_matches_records(built, name):
    chart = built[name]
    table = chart.data_table_html()
    assert table.startswith('<div class="table-scroll"><table class="edition-data">')
    for column in chart.table.columns:
        assert html.escape(str(column)) in table
    assert "Source" in chart.table.columns


# --------------------------------------------------------------------------- figures against the CSVs


def test_implementation_over_time(built):
    chart = built["implementation_over_time"]
    recs = records_by_id(chart)
    for row_id in ("released-from-prisons", "freed-by-1945-08-25", "freed-by-1945-10-05",
                   "qualifying-for-release", "beria-estimate", "nasedkin-expected-releases"):
        assert recs[row_id]["value"] == value("amnesty_implementation", row_id)
    total = value("releases_by_camp_type", "itl") + value("releases_by_camp_type", "uitlk-oitk")
    assert recs["itl+uitlk-oitk"]["value"] == total
    assert recs["freed-by-1945-08-25"]["date"] == "1945-08-25"
    assert recs["released-from-prisons"]["date"] == "1945-08-20"
    assert recs["released-from-prisons"]["value_text"] == "over 91,000"
    share = 100 * value("amnesty_implementation", "freed-by-1945-08-25") / value("amnesty_implementation", "qualifying-for-release")
    assert f"{share:.1f}%" in chart.description
    assert GARF.match(recs["freed-by-1945-08-25"]["source"])
    assert recs["freed-by-1945-08-25"]["source"] == "GARF f. 9414, op. 1, d. 1246, l. 55"
    types = channel_types(chart.spec)
    assert types["x"] == {"temporal"} and types["y"] == {"quantitative"} and "nominal" in types["color"]


def test_sources_use_the_normalized_locator(built):
    # the printed "l. 205-6" is rendered "ll. 205–206" as in report_notes.csv
    recs = records_by_id(built["released_by_offense"])
    notes = csv("report_notes")
    normalized = notes.loc[(notes["note"] == 37) & (notes["source_key"] == "garf-9414-1-1246"), "locator"].iloc[0]
    assert recs["wartime-laws"]["source"] == "GARF f. 9414, op. 1, d. 1246, l. 206"
    assert normalized in charts.source_text("garf-9414-1-1246", "l. 205-6", 37)


def test_released_by_offense(built):
    chart = built["released_by_offense"]
    recs = records_by_id(chart)
    total = value("releases_by_camp_type", "itl") + value("releases_by_camp_type", "uitlk-oitk")
    prop = value("releases_by_offense", "property-crimes")
    assert recs["property-crimes"]["value"] == prop
    assert recs["property-crimes"]["share"] == pytest.approx(100 * prop / total)
    for row_id in ("wartime-laws", "military-crimes-note-40", "white-collar-crimes", "other-offenses"):
        assert recs[row_id]["share"] == value("releases_by_offense", row_id)
    assert recs["wartime-laws"]["share_text"] == "nearly 38.0%"
    types = channel_types(chart.spec)
    assert types["x"] == {"quantitative"} and types["y"] == {"nominal"}


def test_age_groups_before_after(built):
    chart = built["age_groups_before_after"]
    frame = csv("population_by_age")
    recs = records_by_id(chart)
    for row in frame.itertuples():
        assert recs[row.id]["value"] == row.value
    july = frame[frame["date"] == "1945-07-01"].set_index("age_group")["value"]
    october = frame[frame["date"] == "1945-10-01"].set_index("age_group")["value"]
    for group in july.index:
        released = recs[f"{group}-released"]
        assert released["value"] == july[group] - october[group]
        assert released["share"] == pytest.approx(100 * (july[group] - october[group]) / july[group])
    assert f"{july.sum():,}" in chart.description and f"{october.sum():,}" in chart.description
    assert {"hconcat"} <= set(chart.spec) and {"vconcat"} <= set(chart.narrow_spec())
    types = channel_types(chart.spec)
    assert types["y"] == {"nominal"} and types["x"] == {"quantitative"} and types["color"] == {"nominal"}


def test_work_ability_over_time(built):
    chart = built["work_ability_over_time"]
    frame = csv("work_ability_by_category")
    recs = records_by_id(chart)
    assert set(recs) == set(frame["id"])
    for row in frame.itertuples():
        assert recs[row.id]["share"] == pytest.approx(row.value)
    # four dates, each summing to 100 per cent (the categories are complete)
    for _, group in frame.groupby("date"):
        assert group["value"].sum() == pytest.approx(100, abs=0.05)
    assert len({r["when"] for r in recs.values()}) == 4
    assert channel_types(chart.spec)["x"] == {"nominal"}


def test_sentence_structure_before_after(built):
    chart = built["sentence_structure_before_after"]
    frame = csv("population_by_sentence_length")
    recs = records_by_id(chart)
    totals = frame.groupby("date")["value"].sum()
    for row in frame.itertuples():
        assert recs[row.id]["value"] == row.value
        assert recs[row.id]["share"] == pytest.approx(100 * row.value / totals[row.date])
    five_ten = recs["5-to-10-years-1945-10-01"]["share"] - recs["5-to-10-years-1945-07-01"]["share"]
    assert recs["5-to-10-years-1945-07-01"]["change_text"] == f"+{five_ten:.1f} points"


def test_sentence_structure_long_run(built):
    chart = built["sentence_structure_long_run"]
    frame = csv("sentence_structure_long_run")
    by = {(r["date"], r["band"]): r for r in chart.spec["data"]["values"]}
    assert {d for d, _ in by} == {"1939", "1940-03", "1945-07-01", "1945-10-01", "1951", "1953-01"}
    pick = lambda row_id: float(frame.loc[frame["id"] == row_id, "value"].iloc[0])  # noqa: E731
    assert by[("1939", "5 years or less")]["share"] == pick("1939-5-years-or-less")
    assert by[("1940-03", "5 to 10 years")]["share"] == pick("1940-03-5-to-10-years")
    assert by[("1951", "over 10 years")]["share"] == pick("1951-10-to-15-years") + pick("1951-15-years-or-more")
    assert by[("1953-01", "over 10 years")]["share"] == pick("1953-10-to-15-years") + pick("1953-15-years-or-more")
    assert by[("1953-01", "5 years or less")]["share"] == pick("1953-01-under-5-years")
    table = csv("population_by_sentence_length")
    july = table[table["date"] == "1945-07-01"]
    short = july[july["sentence_band"].isin(["up to 6 months", "6 months to 1 year", "1 to 3 years", "3 to 5 years"])]
    assert by[("1945-07-01", "5 years or less")]["share"] == pytest.approx(100 * short["value"].sum() / july["value"].sum())
    assert "10 years" not in {b for _, b in by}  # the 1939 ten-year subgroup is not a band of its own


def test_offense_mix(built):
    chart = built["offense_mix"]
    recs = chart.spec["data"]["values"]
    criminal = [r for r in recs if r["group"] == "Criminal offenses"]
    counter = [r for r in recs if r["group"] == "Counterrevolutionary crimes"]
    assert [r["share"] for r in criminal] == [value("population_by_offense_type", "criminal-before"),
                                              value("population_by_offense_type", "criminal-after")]
    assert [r["share"] for r in counter] == pytest.approx([100 - r["share"] for r in criminal])
    assert [r["value"] for r in counter] == [value("population_by_offense_type", "counter-revolutionary-before"),
                                             value("population_by_offense_type", "counter-revolutionary-after")]


def test_gender_shares(built):
    chart = built["gender_shares"]
    recs = records_by_id(chart)
    for row_id in ("men-before", "women-before", "men-after", "women-after"):
        assert recs[row_id]["share"] == value("population_by_gender", row_id)
    assert f"{value('population_by_gender', 'women-decline'):.1f}%" in chart.description


def test_retention_as_free_labour(built):
    chart = built["retention_as_free_labour"]
    recs = records_by_id(chart)
    for row_id in ("vorkutlag-freed", "vorkutlag-remained", "intlag-freed", "intlag-remained",
                   "dalstroi-gold-and-tin", "komsomolsk-sovgavan-railroad", "timber-industries"):
        assert recs[row_id]["value"] == value("retention_as_free_labour", row_id)
    share = 100 * value("retention_as_free_labour", "intlag-remained") / value("retention_as_free_labour", "intlag-freed")
    assert recs["intlag-freed"]["share_text"] == f"{share:.1f}%"
    # freed and stayed overlap (stayed is part of freed): the bars must not stack
    camp_x = [enc["x"] for enc in encodings(chart.spec) if "x" in enc and enc["x"].get("field") == "value"]
    assert any(x.get("stack", "unset") is None for x in camp_x)


def test_skilled_worker_losses(built):
    recs = records_by_id(built["skilled_worker_losses"])
    before, after = value("skilled_workers", "engineers-before"), value("skilled_workers", "engineers-after")
    assert recs["engineers-after"]["share"] == pytest.approx(100 * (before - after) / before)
    for row_id in ("doctors-decline", "builders-metal-workers-miners-decline", "all-skilled-decline"):
        assert recs[row_id]["share"] == value("skilled_workers", row_id)


# --------------------------------------------------------------------------- theme, escaping, ids


def test_theme_is_registered_once_and_readable():
    import altair as alt

    assert alt.theme.active == charts.THEME_NAME
    config = charts.theme()["config"]
    sizes = [config["axis"]["labelFontSize"], config["axis"]["titleFontSize"], config["legend"]["labelFontSize"],
             config["text"]["fontSize"], config["title"]["fontSize"], config["header"]["labelFontSize"]]
    assert min(sizes) >= 13
    assert config["background"] == "transparent"
    assert config["numberFormat"] == charts.COUNT_FORMAT == ",.0f"
    assert charts.SHARE_FORMAT == ".1f"
    assert set(charts.PALETTE[:4]) <= set(charts.OKABE_ITO.values())


def contrast(a: str, b: str) -> float:
    def lum(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("background", ["#ffffff", "#14181e"])  # pydata theme: light, dark
def test_series_colours_contrast_in_light_and_dark_mode(background):
    for colour in charts.PALETTE:
        assert contrast(colour, background) >= 3, (colour, background)


def test_css_recolours_chart_text_for_the_theme():
    css = (ROOT / "_static" / "edition-charts.css").read_text()
    assert ".edition-chart svg text { fill: var(--pst-color-text-base" in css
    assert "@media print" in css and ".edition-chart-live .edition-chart-static { display: block; }" in css
    assert "http" not in css  # no fonts or images from another host


def test_labels_are_escaped_everywhere(monkeypatch):
    real_load = charts.data.load

    def load(name):
        frame = real_load(name)
        if name == "population_by_age":
            frame["age_group"] = frame["age_group"].replace("over 60", "<script>alert(1)</script> & more")
        return frame

    monkeypatch.setattr(charts.data, "load", load)
    chart = charts.age_groups_before_after()
    page = chart.to_html()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page  # table, SVG text and aria-label
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 more" in page  # the JSON spec
    assert page.count("<script") == 1  # only the spec's own application/json element
    assert chart.to_svg().startswith("<svg")


def test_svg_ids_are_unique_per_chart():
    svg = '<svg><clipPath id="clip1"/><rect clip-path="url(#clip1)"/><use href="#clip1"/></svg>'
    from edition.chart_render import unique_ids

    out = unique_ids(svg, "edition-chart-x")
    assert 'id="edition-chart-x-clip1"' in out and "url(#edition-chart-x-clip1)" in out
    assert 'href="#edition-chart-x-clip1"' in out and 'id="clip1"' not in out


def test_chart_element_ids_are_stable_and_distinct():
    first = charts.gender_shares().slug
    second = charts.gender_shares().slug
    assert first.startswith("edition-chart-gender-shares") and second != first


def test_mime_renderer_plugin_drops_only_vegalite():
    plugin = charts.VegaLiteMimeRenderer
    assert plugin.handle_mime(None, SimpleNamespace(mime_type=charts.VEGALITE_MIME), False) == []
    assert plugin.handle_mime(None, SimpleNamespace(mime_type="text/html"), False) is None


def test_glue_keeps_the_mimebundle():
    from IPython.core.formatters import format_display_data

    bundle, _ = format_display_data(charts.skilled_worker_losses())
    assert {"application/vnd.vegalite.v5+json", "image/svg+xml", "text/html", "text/plain"} <= set(bundle)


def test_interactive_view_leaves_out_html():
    bundle = charts.offense_mix().interactive()._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"}


def test_static_svg_scales_down_and_is_hidden_from_assistive_technology():
    svg = charts.skilled_worker_losses().to_svg()
    assert svg.startswith('<svg aria-hidden="true" focusable="false"')
    assert "min-width" not in svg  # a narrow box shrinks it rather than scroll it


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_every_chart_shows_a_source_line_naming_each_source(name):
    chart = getattr(charts, name)()
    html_text = chart.to_html()
    line = re.search(r'<p class="edition-chart-source">Sources: (.*?)\.</p>', html_text)
    assert line, "no source line under the chart"
    shown = html.unescape(line.group(1))
    for record in chart.records:
        if record.get("source"):
            assert record["source"] in shown, f"{record['source']} missing from the source line"


def test_the_static_drawing_names_its_font_once(built):
    """Every text of a static SVG inherits the one font named on its root (vl-convert repeats it)."""
    for name, chart in built.items():
        drawing = chart.to_svg()
        assert drawing.count("font-family") == 1 and drawing.index("font-family") < drawing.index(">"), name
