"""Sphinx extension of the edition: light, fast, accessible pages on the stock JB1 theme.

What the default Jupyter Book 1 page carries and this extension removes or replaces:

Icons
    pydata-sphinx-theme loads Font Awesome's ``all.min.js`` (1.5 MB) and its web fonts to
    draw about thirty icons. The pages load neither: ``_static/edition-icons.css`` (made by
    ``tools/make_icons.py``) paints those icons as CSS masks in the text colour, and the
    build deletes the Font Awesome files from the output.

One small stylesheet
    The theme's stylesheets (basic, pydata, book theme, pygments, myst-nb, sphinx-design,
    toggle and copy buttons: about 560 KB) are merged into ``_static/edition-site.css`` and
    purged of every rule whose classes or ids appear neither in a built page nor in the
    JavaScript the pages load (the Font Awesome rules go too). The purge runs when the
    build finishes, over every page of the output, so an incremental build stays right.
    The project's own sheets in ``_static`` join the bundle whole. No web font is left:
    the theme's text uses the system font stack, so nothing is fetched from another host.

Scripts only where they work
    Thebe is dropped when ``launch_buttons.thebe`` is false (its configuration script was
    declared twice, a console error on every default page); the search index and search
    tools load on the search page only (search-as-you-type is off); the copy button loads
    only on pages that show code, the toggle button only where something toggles,
    sphinx-design's tabs only where there are tabs. (Sphinx itself loads MathJax only on
    pages with mathematics.)

Metadata
    Every page gets ``<meta name="description">`` (its first paragraph, or the page's
    ``description`` front matter), one viewport tag, and ``lang`` from ``language``.

Accessibility and valid markup
    ``_static/edition-a11y.css`` fixes the contrast findings of axe-core in light and dark
    mode; :func:`repair_html` repairs the template elements that axe-core and the Nu HTML
    checker reject, and :func:`write_redirect` makes the start page's redirect a valid page
    (see their docstrings). A first visit gets a valid colour mode ("auto"), where the
    theme's empty default made its script log an error.

The bundle's ``?v=`` version hashes the stylesheets and this file. Its purge also depends
on the pages, so after a content change a browser may keep a cached copy until it expires
(GitHub Pages: 10 minutes); rules for a kind of element that no page used before appear then.
"""
from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
import shutil
from pathlib import Path

import jinja2
from sphinx.util import logging

logger = logging.getLogger(__name__)

BUNDLE = "edition-site.css"
# Stylesheets merged into the bundle, in cascade order. basic.css and the pydata sheet are
# linked by the theme's layout; the rest come from extensions (and the project's _static).
THEME_SHEETS = ["basic.css", "styles/pydata-sphinx-theme.css"]
DROPPED_CSS = re.compile(r"^sphinx-thebe\.css$")
# Every stylesheet registered for all pages joins the bundle in cascade order; those of
# the project's _static are kept whole (their selectors may name classes that scripts
# compose at run time), except our generated icon sheet, purged of the unused icons.
PURGED_PROJECT_SHEETS = {"edition-icons.css"}
ICON_CLASS = re.compile(r"^(fa|fas|far|fab|fa-.*|svg-inline--fa|fa-layers.*)$")

# The layout override: the theme's ``css`` block without Font Awesome, theme.css's @import
# and the script preloads, and with a valid mode on a first visit (the theme's "" makes its
# script log "Got invalid theme mode"); ``extrahead`` without the second viewport tag and without the
# search index and search tools on every page.
LAYOUT = """{%- extends "!layout.html" %}
{%- block css %}
  <script data-cfasync="false">
    (function () {
      var mode = localStorage.getItem("mode") || "{{ default_mode or 'auto' }}";
      var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
      document.documentElement.dataset.mode = mode;
      document.documentElement.dataset.theme = localStorage.getItem("theme") || (mode === "auto" ? (dark ? "dark" : "light") : mode);
    })();
  </script>
  <noscript><style>.pst-js-only { display: none !important; }</style></noscript>
  <link rel="icon" type="image/svg+xml" href="{{ pathto('_static/edition-favicon.svg', 1) }}" />
  <link rel="stylesheet" href="{{ pathto('_static/""" + BUNDLE + """', 1) }}?v={{ edition_bundle_version }}" />
  {{- css() }}
{%- endblock css %}
{%- block extrahead %}
{%- endblock extrahead %}
"""


# ---------------------------------------------------------------------------------------
# Setup-time changes


def _launch_buttons(app) -> dict:
    options = app.config.html_theme_options or {}
    return options.get("launch_buttons") or {}


def drop_thebe(app) -> None:
    """Disconnect sphinx-thebe when the book does not use it (launch_buttons.thebe false).

    sphinx-thebe adds its configuration script (``THEBE_JS_URL``) at every read, so a
    default JB1 page declares the constant twice and logs a SyntaxError; it also appends
    a ``text/x-thebe-config`` script to every page. Neither is useful without thebe.
    """
    if _launch_buttons(app).get("thebe"):
        return
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def install_layout(app) -> None:
    """Put the layout override in front of the theme's templates (``!layout.html`` is the theme's)."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "loaders"):
        return
    templates.loaders.insert(0, jinja2.DictLoader({"layout.html": LAYOUT}))
    templates.templatepathlen += 1
    # The layout lives in this file: a change to it makes every page outdated, as a
    # change to a template file would.
    newest = templates.newest_template_mtime
    templates.newest_template_mtime = lambda: max(newest(), Path(__file__).stat().st_mtime)


def builder_inited(app) -> None:
    if app.builder.format != "html":
        return
    drop_thebe(app)
    install_layout(app)
    wrap_renderer(app)
    app.builder._edition_bundle_version = _inputs_digest(app)


def _inputs_digest(app) -> str:
    """A cache-busting version for the bundle: the theme's stylesheets and ours."""
    digest = hashlib.sha256()
    for folder in _static_sources(app):
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith(".css"):
                digest.update(name.encode())
                digest.update(Path(folder, name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def _static_sources(app) -> list[str]:
    folders = [str(Path(app.confdir, p)) for p in app.config.html_static_path]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        folders += [str(Path(d, "static")) for d in theme.get_theme_dirs()]
    return folders


# ---------------------------------------------------------------------------------------
# Per page


def _filename(asset) -> str:
    """The asset's path relative to ``_static`` (extensions register some as ``_static/x.css``)."""
    name = str(getattr(asset, "filename", asset) or "")
    return name[len("_static/"):] if name.startswith("_static/") else name


def _attributes(asset) -> dict:
    return getattr(asset, "attributes", {}) or {}


def _has(body: str, pattern: str) -> bool:
    return re.search(pattern, body) is not None


def global_sheets(app) -> list:
    """The local stylesheets registered for every page (the bundle's parts after the theme's)."""
    # The page handler edits the builder's list in place; _orig_css_files is the full list.
    registered = getattr(app.builder, "_orig_css_files", None) or getattr(app.builder, "_css_files", [])
    out = []
    for asset in sorted(registered, key=lambda a: getattr(a, "priority", 500)):
        name = _filename(asset)
        if "://" in name or name.startswith("//") or DROPPED_CSS.match(name) or name in THEME_SHEETS:
            continue
        out.append(asset)
    return out


def page_assets(app, pagename, templatename, context, doctree) -> None:
    """Drop the stylesheets merged into the bundle and the scripts a page does not use.

    The lists are edited in place: they are the builder's own (restored after each page),
    so scripts that other extensions add for this page stay.
    """
    body = context.get("body") or ""
    shows_code = _has(body, r'<div class="highlight[^"]*"><pre')
    toggles = _has(body, r'class="[^"]*\b(toggle|dropdown)\b')
    tabs = "sd-tab-set" in body

    def keep_script(asset) -> bool:
        name = _filename(asset)
        text = _attributes(asset).get("body", "")
        base = name.rsplit("/", 1)[-1].split("?")[0]
        if "thebe" in base or "THEBE" in text or "thebe" in text:
            return False
        if base in ("clipboard.min.js", "copybutton.js") and not shows_code:
            return False
        if (base == "togglebutton.js" or "toggleHint" in text or "togglebuttonSelector" in text
                or "toggleOpenOnPrint" in text) and not toggles:
            return False
        if base == "design-tabs.js" and not tabs:
            return False
        return True

    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen, kept = set(), []
        for asset in scripts:
            key = (_filename(asset), _attributes(asset).get("body", ""))
            if keep_script(asset) and key not in seen:
                seen.add(key)
                kept.append(asset)
        scripts[:] = kept
    sheets = context.get("css_files")
    if isinstance(sheets, list):
        bundled = {_filename(a) for a in global_sheets(app)}
        sheets[:] = [a for a in sheets if _filename(a) not in bundled and not DROPPED_CSS.match(_filename(a))]

    metatags = re.sub(r'<meta name="viewport"[^>]*>\s*', "", context.get("metatags") or "")
    if 'name="description"' not in metatags:
        description = page_description(app, pagename, context)
        metatags += f'\n    <meta name="description" content="{html.escape(description, quote=True)}" />'
    context["metatags"] = metatags
    context["edition_bundle_version"] = getattr(app.builder, "_edition_bundle_version", "0")


def page_description(app, pagename: str, context: dict) -> str:
    """The page's front-matter ``description``, or its first paragraph (at most ~155 characters)."""
    meta = context.get("meta") or {}
    if isinstance(meta, dict) and meta.get("description"):
        return _clip(str(meta["description"]))
    body = context.get("body") or ""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<a class="footnote-reference[^"]*"[^>]*>.*?</a>', "", body, flags=re.S)
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    for para in re.findall(r"<p\b[^>]*>(.*?)</p>", body, flags=re.S):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", para)).split())
        text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
        if len(text) >= 40:
            return _clip(text)
    title = re.sub(r"<[^>]+>", "", html.unescape(context.get("title") or "")).strip()
    project = app.config.project or ""
    special = {"genindex": "Index of terms", "search": "Search"}
    title = special.get(pagename, title)
    return _clip(f"{title} — {project}" if title and title not in project else project)


def _clip(text: str, limit: int = 155) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def wrap_renderer(app) -> None:
    """Pass every rendered page through :func:`repair_html` (Sphinx has no post-render event)."""
    templates = app.builder.templates
    if getattr(templates, "_edition_wrapped", False) or not hasattr(templates, "render"):
        return
    render = templates.render

    def wrapped(template, ctx):
        return repair_html(render(template, ctx))

    templates.render = wrapped
    templates._edition_wrapped = True


def label_scrolling_tables(page: str) -> str:
    """Give each ``div.table-scroll`` keyboard access and a unique name from its caption.

    The name is the nearest caption before it (a numbered table's "Table 6.1", or the
    ``<summary>`` of a chart's data with the chart's name), made unique on the page.
    """
    used: dict[str, int] = {}
    out, last = [], 0
    label_re = re.compile(r'<span class="caption-number">(.*?)</span>|<div class="edition-chart"[^>]*\baria-label="([^"]+)'
                          r'|<summary>(.*?)</summary>', re.S)
    for match in re.finditer(r'<div class="table-scroll">', page):
        before = page[max(0, match.start() - 20000):match.start()]
        labels = list(label_re.finditer(before))
        name = "Table"
        if labels:
            found = labels[-1]
            text = found.group(1) or found.group(3) or ""
            if found.group(3) is not None:  # a chart's data: name it after the chart
                chart = next((m.group(2) for m in reversed(labels) if m.group(2)), "")
                text = f"{text}: {chart.split('.')[0]}" if chart else text
            name = " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()) or name
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        out.append(page[last:match.start()])
        out.append(f'<div class="table-scroll" tabindex="0" role="region" aria-label="{html.escape(name, quote=True)}">')
        last = match.end()
    out.append(page[last:])
    return "".join(out)


def repair_html(page: str) -> str:
    """Repair what the theme's templates write and the checkers reject (found by the tests).

    - The empty Read-the-Docs ad placeholder goes, and so does the print-only title block
      where the page has no title (the index: an empty ``<h1>``, an axe and vnu finding).
    - The site header's sidebar toggles go. The book theme hides them at every width, but
      both themes' scripts bind their click handlers to the *first* ``.primary-toggle`` and
      ``.secondary-toggle`` of the page, which were these hidden ones: the visible buttons
      of the article header did nothing, and on a phone the table of contents could not be
      opened. Without them, the scripts bind to the visible buttons.
    - The primary sidebar (book title, search, table of contents) becomes a navigation
      landmark, so that no content lies outside landmarks (axe ``region``).
    - The search buttons that show "Search Ctrl+K" lose their ``aria-label="Search"``: a
      name that differs from the visible text confuses speech input (axe
      ``label-content-name-mismatch``); the visible text names them.
    - Scrolling table wrappers (``div.table-scroll``) can be scrolled with the keyboard:
      ``tabindex="0"``, ``role="region"`` and a label (axe ``scrollable-region-focusable``).
    - ``<i class="fa-...">`` icons are decorative: they get ``aria-hidden="true"``.
    - Buttons whose only content is an icon and whose name is only a ``title`` (the
      sidebar toggle, full screen) get the same text as ``aria-label``.
    """
    page = re.sub(r'\s*<div id="ethical-ad-placement"[^>]*>\s*</div>', "", page)
    page = re.sub(r'<div id="jb-print-docs-body" class="onlyprint">\s*<h1></h1>.*?<div id="jb-print-toc">\s*</div>\s*</div>\s*</div>',
                  "", page, flags=re.S)
    page = re.sub(r'\s*<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle" aria-label="[^"]*">'
                  r'\s*<span class="fa-solid fa-(?:bars|outdent)"></span>\s*</button>', "", page)
    page = page.replace('<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">',
                        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="navigation" '
                        'aria-label="Book">')
    page = re.sub(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"', r"\1", page)
    page = label_scrolling_tables(page)
    page = re.sub(r'<(i|span) class="((?:fa|fas|far|fab|fa-solid|fa-regular|fa-brands|theme-switch)\b[^"]*)"(?![^>]*aria-hidden)',
                  r'<\1 aria-hidden="true" class="\2"', page)

    def name_icon_button(match: re.Match) -> str:
        attributes, content = match.group(1), match.group(2)
        title = re.search(r'\btitle="([^"]+)"', attributes)
        if "aria-label" in attributes or not title or re.sub(r"<[^>]+>", "", content).strip():
            return match.group(0)
        return f'<button{attributes} aria-label="{title.group(1)}">{content}</button>'

    return re.sub(r"<button\b([^>]*)>(.*?)</button>", name_icon_button, page, flags=re.S)


# ---------------------------------------------------------------------------------------
# After the build: the bundle


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    confdir = Path(app.confdir).resolve()
    project_static = {Path(confdir, p).resolve() for p in app.config.html_static_path}
    project_static = {folder for folder in project_static if folder.is_relative_to(confdir)}
    used = used_tokens(outdir)
    parts, count = [], 0
    sheets = [(name, {}) for name in THEME_SHEETS] + [(_filename(a), _attributes(a)) for a in global_sheets(app)]
    for name, attributes in sheets:
        path = static / name
        if not path.is_file():
            logger.warning(f"[edition_theme] {name} is registered but missing from _static; not bundled",
                           type="edition", subtype="theme")
            continue
        css = rebase_urls(path.read_text(encoding="utf-8"), path.parent, static)
        own = any((folder / name).is_file() for folder in project_static)
        if not own or name in PURGED_PROJECT_SHEETS:
            css = purge(css, used, icons=name in PURGED_PROJECT_SHEETS)
        else:
            css = "".join(line for line in css.splitlines(True) if not line.lstrip().startswith("@charset"))
        media = attributes.get("media")
        if media and media not in ("all", "screen, print"):
            css = f"@media {media}{{{css}}}"
        parts.append(f"/* {name} */\n{css}")
        count += 1
    bundle = "\n".join(parts)
    (static / BUNDLE).write_text(bundle + "\n", encoding="utf-8")
    remove_font_awesome(static)
    write_redirect(app, outdir)
    logger.info(f"[edition_theme] {BUNDLE}: {len(bundle)} bytes from {count} stylesheets")


REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title}</title>
<meta name="description" content="{description}" />
<link rel="canonical" href="{target}" />
<meta http-equiv="refresh" content="0; url={target}" />
</head>
<body>
<main>
<h1>{title}</h1>
<p><a href="{target}">Open the edition</a>.</p>
</main>
</body>
</html>
"""


def write_redirect(app, outdir: Path) -> None:
    """Make sphinx-external-toc's ``index.html`` redirect a valid HTML5 page (doctype, lang, title)."""
    index = outdir / "index.html"
    if not index.is_file():
        return
    match = re.fullmatch(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*', index.read_text(encoding="utf-8"))
    if not match:
        return
    title = app.config.project or "The edition"
    index.write_text(REDIRECT.format(lang=html.escape(app.config.language or "en"), title=html.escape(title),
                                     description=html.escape(_clip(f"{title}: start page.")),
                                     target=html.escape(match.group(1))), encoding="utf-8")


def used_tokens(outdir: Path) -> set[str]:
    """Every word-like token of the built pages and of the scripts they may load."""
    tokens: set[str] = set()
    word = re.compile(r"[A-Za-z_][\w-]*")
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts[:1]:
            continue
        tokens.update(word.findall(page.read_text(encoding="utf-8", errors="replace")))
    for script in (outdir / "_static").rglob("*.js"):
        if script.name.startswith("fontawesome") or "locales" in script.parts:
            continue
        tokens.update(word.findall(script.read_text(encoding="utf-8", errors="replace")))
    return tokens


def remove_font_awesome(static: Path) -> None:
    """Delete Font Awesome (script, map, fonts): no page loads it any more."""
    for path in (static / "scripts").glob("fontawesome.js*"):
        path.unlink()
    shutil.rmtree(static / "vendor" / "fontawesome", ignore_errors=True)
    for path in (static / "styles").glob("*.css.map"):
        path.unlink()


def rebase_urls(css: str, source_dir: Path, target_dir: Path) -> str:
    """Rewrite relative ``url()`` references of a stylesheet moved from source_dir to target_dir."""

    def fix(match):
        quote, target = match.group(1), match.group(2)
        if re.match(r"^(data:|[a-z]+:|/|#)", target):
            return match.group(0)
        absolute = posixpath.normpath(posixpath.join(source_dir.as_posix(), target))
        relative = posixpath.relpath(absolute, target_dir.as_posix())
        return f"url({quote}{relative}{quote})"

    return re.sub(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", fix, css)


# --- a small CSS purger ------------------------------------------------------------------


def _string_end(css: str, i: int) -> int:
    """Index of the quote closing the CSS string that opens at ``i`` (escapes skipped)."""
    quote, j, n = css[i], i + 1, len(css)
    while j < n and css[j] != quote:
        j += 2 if css[j] == "\\" else 1
    return j


def _strip_comments(css: str) -> str:
    out, i, n = [], 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            j = _string_end(css, i)
            out.append(css[i:j + 1])
            i = j + 1
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _match_brace(css: str, i: int) -> int:
    """Index of the ``}`` closing the block whose ``{`` is at ``i``."""
    depth, n = 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            i = _string_end(css, i)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _needed(selector: str, used: set[str], icons: bool = False) -> bool:
    s = re.sub(r"\[[^\]]*\]", "", selector)
    while "(" in s:
        stripped = re.sub(r"\([^()]*\)", "", s)
        if stripped == s:
            break
        s = stripped
    classes = re.findall(r"\.(-?[A-Za-z_](?:[\w-]|\\.)*)", s)
    ids = re.findall(r"#(-?[A-Za-z_][\w-]*)", s)
    for name in classes:
        if ICON_CLASS.match(name) and not icons:
            return False
        if "\\" in name:
            continue
        if name not in used:
            return False
    return all(i in used for i in ids)


GROUPING = ("@media", "@supports", "@layer", "@container", "@document")


def purge(css: str, used: set[str], icons: bool = False) -> str:
    """Keep the rules of ``css`` that may match the pages (see the module docstring).

    Font Awesome's rules go too, unless ``icons`` (our own icon sheet).
    """
    css = _strip_comments(css)
    out, i, n = [], 0, len(css)
    while i < n:
        brace = css.find("{", i)
        semi = css.find(";", i)
        if brace < 0:
            break
        if 0 <= semi < brace and css[i:semi].strip().startswith("@"):
            statement = css[i:semi].strip()
            if not statement.startswith(("@charset", "@import")):
                out.append(statement + ";")
            i = semi + 1
            continue
        prelude = css[i:brace].strip()
        end = _match_brace(css, brace)
        block = css[brace + 1:end]
        i = end + 1
        if prelude.startswith(GROUPING):
            inner = purge(block, used, icons)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@font-face"):
            if "Font Awesome" not in block:
                out.append(f"{prelude}{{{block}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{block}}}")
        else:
            selectors = [s for s in _split_selectors(prelude) if _needed(s, used, icons)]
            if selectors and block.strip():
                out.append(f"{','.join(selectors)}{{{block.strip()}}}")
    return "".join(out)


def setup(app):
    app.connect("builder-inited", builder_inited)
    app.connect("html-page-context", page_assets, priority=900)
    app.connect("build-finished", build_finished, priority=900)  # after pydata rewrites pygments.css
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
