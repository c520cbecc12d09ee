"""Every built page is valid HTML: the Nu HTML Checker (vnu) reports zero errors.

The checker is the npm package ``vnu-jar`` (``npm ci`` installs it into node_modules/),
run with the system Java. Warnings and notes are allowed (the theme's templates write
``<main role="main">`` and trailing slashes on void elements); errors are not. The
theme's own template fragments in ``_static`` (``webpack-macros.html``) are not pages
and are not checked.
"""
from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    if not VNU.is_file():
        require_or_skip(f"{VNU.relative_to(ROOT)} is missing (run `npm ci`)")
    java = shutil.which("java")
    if java is None:
        require_or_skip("java is not installed (apt-get install default-jre-headless)")
    return [java, "-Xss8m", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]


def check(files: list[Path]) -> list[dict]:
    """vnu's messages for ``files`` (one Java start for all of them)."""
    result = subprocess.run(vnu_command() + [str(f) for f in files], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not answer in JSON:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def describe(message: dict, base: Path) -> str:
    url = message.get("url", "").removeprefix("file:")
    with contextlib.suppress(ValueError):  # a file outside the site keeps its full path
        url = str(Path(url).resolve().relative_to(base.resolve()))
    extract = " ".join(message.get("extract", "").split())[:100]
    return f"{url}:{message.get('lastLine', '?')}: {message['message']}  [{extract}]"


def pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] != "_static")


def test_every_page_is_valid_html(built_book):
    files = pages(built_book)
    assert len(files) >= 10, f"only {len(files)} pages built"
    messages = check(files)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(describe(m, built_book) for m in errors[:60])


def test_the_checker_catches_an_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
                   '<body><p><div>block in a paragraph</div></p><table border="1"></table></body></html>')
    good = tmp_path / "good.html"
    good.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>fine</p></body></html>')
    messages = check([bad, good])
    errors = [m for m in messages if m.get("type") == "error"]
    assert errors and all("bad.html" in m["url"] for m in errors)


# --- what the theme extension (_ext/edition_theme.py) promises on every page ---------------


def test_every_page_is_light_and_described(built_book):
    """No Font Awesome, thebe or search index on content pages; one stylesheet bundle;
    one viewport tag; a description of at most about 160 characters; lang set."""
    problems = []
    for page in pages(built_book):
        name = str(page.relative_to(built_book))
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text.lower() and "bd-article" not in text:
            continue  # a redirect stub
        head = text.split("</head>", 1)[0]
        checks = {
            "loads fontawesome": "fontawesome" in text,
            "loads thebe": "thebe" in text.lower(),
            "does not link edition-site.css": "_static/edition-site.css" not in head,
            "has not exactly one viewport tag": head.count('name="viewport"') != 1,
            "lacks lang": not re.search(r'<html[^>]*\blang="[a-z]{2}', text),
            "loads the search index": name != "search.html" and "searchindex.js" in text,
        }
        description = re.findall(r'<meta name="description" content="([^"]*)"', head)
        checks["has no single description"] = len(description) != 1 or not description[0].strip()
        checks["has a description over 170 characters"] = bool(description) and len(description[0]) > 170
        problems += [f"{name}: {what}" for what, bad in checks.items() if bad]
    assert not problems, "\n".join(problems)
    assert not (built_book / "_static" / "scripts" / "fontawesome.js").exists()


def _extension(name: str):
    import importlib.util
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_purge_keeps_what_pages_use_and_drops_the_rest():
    css_module = _extension("edition_css")
    css = ("/* c */.used{color:red}.unused{color:blue}.used .unused,.used>p{margin:0}"
           "@media (min-width:10px){.used{x:1}.gone{x:2}}@media print{.gone{x:3}}"
           ".fa-bars:before{content:'x'}@font-face{font-family:Font Awesome\\ 6 Free;src:url(a.woff2)}"
           "@font-face{font-family:Other;src:url(b.woff2)}a:not(.unused){y:1}#main{z:1}#nope{z:2}"
           "@keyframes spin{from{a:1}to{a:2}}.a\\:b{c:1}")
    out = css_module.purge(css, {"used", "main", "p"})
    assert ".used{color:red}" in out and ".unused{color:blue}" not in out
    assert ".used>p{margin:0}" in out and ".used .unused" not in out
    assert "@media (min-width:10px){.used{x:1}}" in out and "@media print" not in out
    assert "fa-bars" not in out and "Font Awesome" not in out and "Other" in out
    assert "a:not(.unused){y:1}" in out and "#main{z:1}" in out and "#nope" not in out
    assert "@keyframes spin" in out and "/* c */" not in out
    assert "a\\:b" not in out  # an escaped class name no page uses


def test_rebased_urls_point_to_the_same_files():
    css_module = _extension("edition_css")
    css = 'a{background:url(../img/x.png)}b{background:url("data:image/svg+xml,<svg/>")}c{background:url(y.png)}'
    out = css_module.rebase_urls(css, Path("/site/_static/styles"), Path("/site/_static"))
    assert "url(img/x.png)" in out and "url(styles/y.png)" in out and 'url("data:image/svg+xml,<svg/>")' in out


def test_repairs_of_the_theme_markup():
    from bs4 import BeautifulSoup

    theme = _extension("edition_theme")
    page = ('<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'
            '<button class="sidebar-toggle" title="Toggle primary sidebar"><span class="fa-solid fa-bars"></span></button>'
            '<button class="print" title="Print to PDF"><i class="fas fa-file-pdf"></i> .pdf</button>'
            '<span class="caption-number">Table 2.1 </span><div class="table-scroll"><table></table></div>'
            '<span class="caption-number">Table 2.2 </span><div class="table-scroll"><table></table></div>'
            '<div class="table-scroll"><table></table></div></div>'
            '<div id="jb-print-docs-body" class="onlyprint"><h1></h1></div>')
    soup = BeautifulSoup(page, "html.parser")
    assert theme.repair_page(soup)
    out = str(soup)
    assert 'role="navigation"' in out and 'aria-label="Book"' in out
    assert soup.find("button", class_="sidebar-toggle")["aria-label"] == "Toggle primary sidebar"
    assert not soup.find("button", class_="print").has_attr("aria-label")  # it has visible text
    assert soup.find("i", class_="fa-file-pdf")["aria-hidden"] == "true"
    labels = [d["aria-label"] for d in soup.select("div.table-scroll")]
    assert labels == ["Table 2.1", "Table 2.2", "Table 2.2 (2)"]
    assert all(d["tabindex"] == "0" and d["role"] == "region" for d in soup.select("div.table-scroll"))
    assert soup.find(id="jb-print-docs-body") is None
    assert not theme.repair_page(soup), "a second pass must change nothing (pages an incremental build kept)"


def test_page_description_comes_from_the_first_paragraph():
    from docutils import nodes

    theme = _extension("edition_theme")

    class App:
        class config:
            project = "The edition"

    doctree = nodes.document("", "")
    doctree += nodes.paragraph(text="Short.")
    quote = nodes.block_quote()
    quote += nodes.paragraph(text="An epigraph long enough to be taken for the first paragraph of the page.")
    doctree += quote
    para = nodes.paragraph()
    para += nodes.Text("This chapter shows how the amnesty worked")
    para += nodes.footnote_reference(text="1")
    para += nodes.Text(", and ")
    para += nodes.emphasis(text="why")
    para += nodes.Text(" it mattered to the camps and to the people they released.")
    doctree += para
    text = theme.page_description(App, "chapters/x", {"title": "Title"}, doctree)
    assert text == ("This chapter shows how the amnesty worked, and why it mattered to the camps "
                    "and to the people they released.")
    assert theme.page_description(App, "search", {"title": ""}) == "Search — The edition"
    assert len(theme.clip("word " * 80)) <= 156


def test_custom_properties_nothing_reads_are_pruned():
    css_module = _extension("edition_css")
    css = (":root{--used:1px;--chain:var(--deep);--deep:red;--unused:2px;--by-script:3px}"
           "a{margin:var(--used);color:var(--chain)}@media print{:root{--print-only:0}}")
    out = css_module.prune_custom_properties(css, {"by-script"})
    assert "--used:1px" in out and "--chain:var(--deep)" in out and "--deep:red" in out
    assert "--by-script:3px" in out, "a property a script names is kept"
    assert "--unused" not in out and "--print-only" not in out
    assert "a{margin:var(--used);color:var(--chain)}" in out
