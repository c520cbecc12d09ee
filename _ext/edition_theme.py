"""Sphinx extension of the edition: light, fast, accessible pages on the stock JB1 theme.

It works through the theme's and Sphinx's own extension points only:

Templates (``_templates/``, on ``templates_path``)
    ``layout.html`` extends the theme's layout: one stylesheet bundle instead of the
    theme's sheets and Font Awesome, a valid colour mode on a first visit, no second
    viewport tag, no search index on every page, and no site header (on the book theme it
    only repeats the sidebar's search button). Two components are overridden: the search
    button (named by its visible text) and the Read-the-Docs ad placeholder (none).

``html-page-context``
    Each page drops the scripts it does not use (copy button without code, toggle button
    without toggles, tabs without tabs, thebe: the book does not use it), the stylesheets
    merged into the bundle, and gets one ``<meta name="description">`` (its front-matter
    ``description`` or its first paragraph, read from the doctree).

``build-finished``
    :mod:`edition_css` merges and purges the stylesheets into ``_static/edition-site.css``;
    Font Awesome's and Bootstrap's scripts are deleted; :func:`repair_page` mends, with BeautifulSoup, what
    the theme's markup lacks for axe-core and the Nu HTML checker (see its docstring); the
    start page's redirect becomes a valid HTML page.

The bundle's ``?v=`` version hashes the stylesheets and the extension. Its purge also
depends on the pages, so after a content change a browser may keep a cached copy until it
expires (GitHub Pages: 10 minutes).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
import edition_css  # noqa: E402  (sibling modules of this extension)
from edition_html import AS_WRITTEN  # noqa: E402

logger = logging.getLogger(__name__)

BUNDLE = "edition-site.css"
# Stylesheets merged into the bundle, in cascade order. basic.css and the pydata sheet are
# linked by the theme's layout; the rest are registered by extensions and the project.
THEME_SHEETS = ["basic.css", "styles/pydata-sphinx-theme.css"]
DROPPED_SHEETS = {"sphinx-thebe.css"}
PURGED_PROJECT_SHEETS = {"edition-icons.css"}
ICON_PREFIXES = ("fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands", "theme-switch")


# ---------------------------------------------------------------------------------------
# Per page


def _filename(asset) -> str:
    """The asset's path relative to ``_static`` (extensions register some as ``_static/x.css``)."""
    name = str(getattr(asset, "filename", asset) or "")
    return name[len("_static/"):] if name.startswith("_static/") else name


def _attributes(asset) -> dict:
    return getattr(asset, "attributes", {}) or {}


def global_sheets(app) -> list:
    """The local stylesheets registered for every page (the bundle's parts after the theme's)."""
    # Sphinx offers no public list of the registered stylesheets; per page it edits
    # ``_css_files`` in place, and ``_orig_css_files`` keeps the full list.
    registered = getattr(app.builder, "_orig_css_files", None) or getattr(app.builder, "_css_files", [])
    out = []
    for asset in sorted(registered, key=lambda a: getattr(a, "priority", 500)):
        name = _filename(asset)
        if "://" in name or name.startswith("//") or name in DROPPED_SHEETS or name in THEME_SHEETS:
            continue
        out.append(asset)
    return out


def page_features(doctree) -> dict[str, bool]:
    """What a page shows that needs a script: code, things that toggle, tabs."""
    if doctree is None:
        return {"code": False, "toggles": False, "tabs": False}
    classes = {c for node in doctree.findall(nodes.Element) for c in node.get("classes", [])}
    return {
        "code": any(True for _ in doctree.findall(nodes.literal_block)),
        "toggles": bool(classes & {"toggle", "dropdown", "tag_hide-input", "tag_hide-output", "tag_hide-cell"}),
        "tabs": any(c.startswith("sd-tab") for c in classes),
    }


HIGHLIGHT = "sphinx_highlight.js"
# Sphinx's search-term highlighter acts only on a page opened from the search results
# (``?highlight=word``): elsewhere it is 5 KB for nothing, so it loads only then.
HIGHLIGHT_LOADER = """if (/[?&]highlight=/.test(location.search)) {
  var script = document.createElement("script");
  script.src = %s;
  document.head.appendChild(script);
}"""


def keep_script(asset, features: dict[str, bool]) -> bool:
    name = _filename(asset).rsplit("/", 1)[-1].split("?")[0]
    body = _attributes(asset).get("body", "")
    if name == HIGHLIGHT and not features.get("search"):
        return False
    if "thebe" in name or "thebe" in body.lower():
        return False
    if name in ("clipboard.min.js", "copybutton.js") and not features["code"]:
        return False
    if (name == "togglebutton.js" or "toggleHint" in body or "togglebuttonSelector" in body
            or "toggleOpenOnPrint" in body) and not features["toggles"]:
        return False
    return not (name == "design-tabs.js" and not features["tabs"])


def page_assets(app, pagename, templatename, context, doctree) -> None:
    """Drop the stylesheets merged into the bundle and the scripts a page does not use.

    The lists are edited in place: they are the builder's own per-page copies, so scripts
    that other extensions add for this page stay.
    """
    features = {**page_features(doctree), "search": pagename == "search"}
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen, kept = set(), []
        for asset in scripts:
            key = (_filename(asset), _attributes(asset).get("body", ""))
            if keep_script(asset, features) and key not in seen:
                seen.add(key)
                kept.append(asset)
        highlighter = any(_filename(a).split("?")[0] == HIGHLIGHT for a in scripts)
        scripts[:] = kept
        if highlighter and not features["search"]:
            src = context["pathto"]("_static/" + HIGHLIGHT, 1)
            app.add_js_file(None, body=HIGHLIGHT_LOADER % json.dumps(src))
    sheets = context.get("css_files")
    if isinstance(sheets, list):
        bundled = {_filename(a) for a in global_sheets(app)}
        sheets[:] = [a for a in sheets if _filename(a) not in bundled and _filename(a) not in DROPPED_SHEETS]
    context["metatags"] = page_metatags(app, pagename, context, doctree)
    context["edition_bundle"] = BUNDLE
    context["edition_bundle_version"] = getattr(app.builder, "_edition_bundle_version", "0")


def page_metatags(app, pagename: str, context: dict, doctree) -> str:
    """The page's meta tags without a second viewport tag (Sphinx's layout writes one),
    with a description."""
    soup = BeautifulSoup(context.get("metatags") or "", "html.parser")
    for tag in soup.find_all("meta", attrs={"name": "viewport"}):
        tag.decompose()
    if soup.find("meta", attrs={"name": "description"}) is None:
        description = page_description(app, pagename, context, doctree)
        soup.append(soup.new_tag("meta", attrs={"name": "description", "content": description}))
    return "\n    ".join(tag.decode(formatter=AS_WRITTEN) for tag in soup.find_all("meta"))


def drop_thebe_nodes(app, doctree, docname) -> None:
    """Remove the thebe configuration that sphinx-thebe appends to every doctree.

    The book does not use thebe (``launch_buttons.thebe`` is false); its two inline scripts
    would only add bytes to every page.
    """
    options = app.config.html_theme_options or {}
    if (options.get("launch_buttons") or {}).get("thebe"):
        return
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def _paragraph_text(paragraph: nodes.paragraph) -> str:
    """A paragraph's reading text, without footnote and citation reference marks."""
    copy = paragraph.deepcopy()
    for ref in list(copy.findall(lambda n: isinstance(n, (nodes.footnote_reference, nodes.citation_reference))
                                 or "edition-src" in n.get("classes", []) if isinstance(n, nodes.Element) else False)):
        ref.parent.remove(ref)
    text = " ".join(copy.astext().split())
    for mark in ",.;:!?)":
        text = text.replace(" " + mark, mark)
    return text


def page_description(app, pagename: str, context: dict, doctree=None) -> str:
    """The page's front-matter ``description``, or its first paragraph (at most ~155 characters)."""
    meta = context.get("meta") or {}
    if isinstance(meta, dict) and meta.get("description"):
        return clip(str(meta["description"]))
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            if isinstance(paragraph.parent, (nodes.footnote, nodes.citation, nodes.block_quote)):
                continue
            text = _paragraph_text(paragraph)
            if len(text) >= 40:
                return clip(text)
    title = BeautifulSoup(context.get("title") or "", "html.parser").get_text().strip()
    project = app.config.project or ""
    title = {"genindex": "Index of terms", "search": "Search"}.get(pagename, title)
    return clip(f"{title} — {project}" if title and title not in project else project)


def clip(text: str, limit: int = 155) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# ---------------------------------------------------------------------------------------
# After the build: repairs of the written pages


def _scroll_label(wrapper) -> str:
    """A name for a scrolling table: its numbered caption, or the chart its data belongs to."""
    details = wrapper.find_parent("details")
    if details is not None and details.summary is not None:
        chart = wrapper.find_parent(class_="edition-chart") or details.find_previous(class_="edition-chart")
        name = details.summary.get_text(" ", strip=True)
        if chart is not None and chart.get("aria-label"):
            name = f"{name}: {chart['aria-label'].split('.')[0]}"
        return name
    number = wrapper.find_previous(class_="caption-number")
    return number.get_text(" ", strip=True) if number is not None else "Table"


def repair_page(soup: BeautifulSoup) -> bool:
    """Mend what the theme's templates write and the checkers reject; True if anything changed.

    - The print-only title block goes where the page has no title (an empty ``<h1>``).
    - The primary sidebar (book title, search, table of contents) becomes a navigation
      landmark, so that no content lies outside landmarks (axe ``region``).
    - Scrolling table wrappers (``div.table-scroll``) can be scrolled with the keyboard:
      ``tabindex="0"``, ``role="region"`` and a unique label (axe ``scrollable-region-focusable``).
    - Icons (``<i>``/``<span>`` with a Font Awesome class) are decorative: ``aria-hidden``.
    - Buttons whose only content is an icon and whose name is only a ``title`` get the
      same text as ``aria-label``.
    - Images in the header's closed menus (the Binder logo) load lazily: a reader who never
      opens the menu does not fetch them.
    Every repair is idempotent: pages that an incremental build did not rewrite pass again.
    """
    changed = False
    block = soup.find(id="jb-print-docs-body")
    if block is not None and block.h1 is not None and not block.h1.get_text(strip=True):
        block.decompose()
        changed = True
    sidebar = soup.find(id="pst-primary-sidebar")
    if sidebar is not None and sidebar.get("role") != "navigation":
        sidebar["role"], sidebar["aria-label"] = "navigation", "Book"
        changed = True
    used: dict[str, int] = {}
    for wrapper in soup.select("div.table-scroll"):
        name = _scroll_label(wrapper)
        used[name] = used.get(name, 0) + 1
        label = name if used[name] == 1 else f"{name} ({used[name]})"
        if wrapper.get("aria-label") != label or wrapper.get("tabindex") != "0":
            wrapper["tabindex"], wrapper["role"], wrapper["aria-label"] = "0", "region", label
            changed = True
    for icon in soup.find_all(["i", "span"], class_=lambda c: c in ICON_PREFIXES):
        if icon.get("aria-hidden") != "true":
            icon["aria-hidden"] = "true"
            changed = True
    for image in soup.select(".dropdown-menu img"):
        if image.get("loading") != "lazy":
            image["loading"] = "lazy"
            changed = True
    for button in soup.find_all("button", attrs={"title": True}):
        if not button.get("aria-label") and not button.get_text(strip=True):
            button["aria-label"] = button["title"]
            changed = True
    return changed


def repair_pages(outdir: Path) -> int:
    """Apply :func:`repair_page` to every written page; the number of pages changed."""
    count = 0
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).parts[0] == "_static":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if repair_page(soup):
            page.write_text(soup.decode(formatter=AS_WRITTEN), encoding="utf-8")
            count += 1
    return count


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
    """Make sphinx-external-toc's bare ``index.html`` redirect a valid HTML5 page."""
    from html import escape

    index = outdir / "index.html"
    if not index.is_file():
        return
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": lambda v: v and v.lower() == "refresh"})
    if refresh is None or soup.find("title") is not None:
        return
    target = refresh["content"].split("url=", 1)[-1]
    title = app.config.project or "The edition"
    index.write_text(REDIRECT.format(lang=escape(app.config.language or "en"), title=escape(title),
                                     description=escape(clip(f"{title}: start page.")),
                                     target=escape(target)), encoding="utf-8")


def remove_unloaded_scripts(static: Path) -> None:
    """Delete Font Awesome (script, map, fonts) and Bootstrap's script: no page loads them
    (the layout replaces Bootstrap with _static/edition-menus.js), and the stylesheet purge
    must not keep rules for the class names they mention."""
    for pattern in ("fontawesome.js*", "bootstrap.js*", "*.js.map"):
        for path in (static / "scripts").glob(pattern):
            path.unlink()
    shutil.rmtree(static / "vendor" / "fontawesome", ignore_errors=True)
    for path in (static / "styles").glob("*.css.map"):
        path.unlink()


def _project_static(app) -> set[Path]:
    """The project's own static folders: the relative entries of ``html_static_path``.

    Extensions append their folders as absolute paths (sphinx-design's lies in the virtual
    environment, which may sit inside the book's folder): those sheets are third-party and purged.
    """
    return {Path(app.confdir, p).resolve() for p in app.config.html_static_path if not os.path.isabs(p)}


def build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    own = _project_static(app)
    sheets = [(static / name, None, True) for name in THEME_SHEETS]
    for asset in global_sheets(app):
        name = _filename(asset)
        path = static / name
        if not path.is_file():
            logger.warning(f"[edition_theme] {name} is registered but missing from _static; not bundled",
                           type="edition", subtype="theme")
            continue
        mine = any((folder / name).is_file() for folder in own)
        purge_it = "icons" if name in PURGED_PROJECT_SHEETS else not mine
        sheets.append((path, _attributes(asset).get("media"), purge_it))
    remove_unloaded_scripts(static)
    text = edition_css.bundle(sheets, static, edition_css.used_tokens(outdir))
    (static / BUNDLE).write_text(text, encoding="utf-8")
    write_redirect(app, outdir)
    repaired = repair_pages(outdir)
    logger.info(f"[edition_theme] {BUNDLE}: {len(text)} bytes from {len(sheets)} stylesheets; {repaired} pages repaired")


def builder_inited(app) -> None:
    if app.builder.format != "html":
        return
    digest = hashlib.sha256()
    for folder in [Path(app.confdir, p) for p in app.config.html_static_path]:
        for name in sorted(os.listdir(folder)) if folder.is_dir() else []:
            if name.endswith(".css"):
                digest.update(name.encode() + Path(folder, name).read_bytes())
    for module in (__file__, edition_css.__file__):
        digest.update(Path(module).read_bytes())
    app.builder._edition_bundle_version = digest.hexdigest()[:12]


def setup(app):
    app.connect("builder-inited", builder_inited)
    app.connect("doctree-resolved", drop_thebe_nodes, priority=900)  # after sphinx-thebe's own handler
    app.connect("html-page-context", page_assets, priority=900)
    app.connect("build-finished", build_finished, priority=900)  # after pydata rewrites pygments.css
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
