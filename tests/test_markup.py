"""Every built page is valid HTML: the Nu HTML Checker (vnu) reports zero errors.

The checker is the npm package ``vnu-jar`` (``npm ci`` installs it into node_modules/),
run with the system Java. Warnings and notes are allowed (the theme's templates write
``<main role="main">`` and trailing slashes on void elements); errors are not. The
theme's own template fragments in ``_static`` (``webpack-macros.html``) are not pages
and are not checked.
"""
from __future__ import annotations

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
    try:
        url = str(Path(url).resolve().relative_to(base.resolve()))
    except ValueError:
        pass
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


def _theme():
    import importlib.util

    spec = importlib.util.spec_from_file_location("edition_theme_under_test", ROOT / "_ext" / "edition_theme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_purge_keeps_what_pages_use_and_drops_the_rest():
    theme = _theme()
    css = ("/* c */.used{color:red}.unused{color:blue}.used .unused,.used>p{margin:0}"
           "@media (min-width:10px){.used{x:1}.gone{x:2}}@media print{.gone{x:3}}"
           ".fa-bars:before{content:'x'}@font-face{font-family:Font Awesome\\ 6 Free;src:url(a.woff2)}"
           "@font-face{font-family:Other;src:url(b.woff2)}a:not(.unused){y:1}#main{z:1}#nope{z:2}"
           "@keyframes spin{from{a:1}to{a:2}}")
    out = theme.purge(css, {"used", "main", "p"})
    assert ".used{color:red}" in out and ".unused{color:blue}" not in out
    assert ".used>p{margin:0}" in out and ".used .unused" not in out
    assert "@media (min-width:10px){.used{x:1}}" in out and "@media print" not in out
    assert "fa-bars" not in out and "Font Awesome" not in out and "Other" in out
    assert "a:not(.unused){y:1}" in out and "#main{z:1}" in out and "#nope" not in out
    assert "@keyframes spin" in out and "/* c */" not in out


def test_rebased_urls_point_to_the_same_files():
    theme = _theme()
    css = 'a{background:url(../img/x.png)}b{background:url("data:image/svg+xml,<svg/>")}c{background:url(y.png)}'
    out = theme.rebase_urls(css, Path("/site/_static/styles"), Path("/site/_static"))
    assert "url(img/x.png)" in out and "url(styles/y.png)" in out and 'url("data:image/svg+xml,<svg/>")' in out


def test_repairs_of_the_theme_markup():
    theme = _theme()
    page = ('<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'
            '<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
            'aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i> Search</button>'
            '<button class="sidebar-toggle" title="Toggle primary sidebar"><span class="fa-solid fa-bars"></span></button>'
            '<button class="print" title="Print to PDF"><i class="fas fa-file-pdf"></i> .pdf</button>'
            '<span class="caption-number">Table 2.1 </span><div class="table-scroll"><table></table></div>'
            '<span class="caption-number">Table 2.2 </span><div class="table-scroll"><table></table></div></div>')
    out = theme.repair_html(page)
    assert 'role="navigation" aria-label="Book"' in out
    assert 'aria-label="Search"' not in out
    assert 'title="Toggle primary sidebar" aria-label="Toggle primary sidebar"' in out
    assert 'aria-label="Print to PDF"' not in out  # it has visible text
    assert '<i aria-hidden="true" class="fa-solid fa-magnifying-glass">' in out
    assert 'tabindex="0" role="region" aria-label="Table 2.1"' in out
    assert 'aria-label="Table 2.2"' in out


def test_page_description_comes_from_the_first_paragraph():
    theme = _theme()

    class App:
        class config:
            project = "The edition"

    body = ('<h1>Title<a class="headerlink" href="#t">#</a></h1><p>Short.</p>'
            '<p>This chapter shows how the amnesty worked<a class="footnote-reference brackets" href="#n1">1</a>, '
            'and <em>why</em> it mattered to the camps and to the people they released.</p>')
    text = theme.page_description(App, "chapters/x", {"body": body, "title": "Title"})
    assert text == ("This chapter shows how the amnesty worked, and why it mattered to the camps "
                    "and to the people they released.")
    assert theme.page_description(App, "search", {"body": "", "title": ""}) == "Search — The edition"
    assert len(theme._clip("word " * 80)) <= 156
