"""Sphinx extension of the edition: citing it, and keeping its addresses.

On every chapter and appendix page
    "How to cite this page" at the end: a ready citation and a BibTeX entry with the page's
    permanent URL under ``html_baseurl``, made from the page title and ``CITATION.cff``.

Addresses (``urls.json``)
    An anchor-level redirect (``page.html#old`` -> ``page.html#new``) adds the old id to the
    element that has the new one, so a link to the old anchor lands. A page-level redirect
    gets a redirect page after the build. ``sitemap.xml`` is written by ``sphinx-sitemap``
    (configured in ``_config.yml``).

After the build (HTML)
    ``data/amnesty1945-data.zip``: the whole data package in one file.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from edition_apparatus import PRIORITY_ALIASES, PRIORITY_CITE_BOX, apparatus_module, file_stamps, page_title
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: files every page is written from: when one changes, every page is written again
PAGE_INPUTS = ("CITATION.cff", "urls.json")

CITE_TEMPLATE = """<details class="edition-cite">
<summary>How to cite this page</summary>
<p class="edition-cite-text">{citation}</p>
<p>Permanent URL: <a class="edition-permalink" href="{url}">{url}</a></p>
<p>BibTeX:</p>
<pre class="edition-cite-bibtex"><code>{bibtex}</code></pre>
</details>
"""


def add_citation(app, doctree, docname):
    """End a chapter or appendix page with "How to cite this page"."""
    if app.builder.format != "html" or not docname.startswith(("chapters/", "appendices/")):
        return
    apparatus = apparatus_module(app)
    cff = Path(app.srcdir) / "CITATION.cff"
    if not cff.is_file():
        return
    meta = apparatus.edition_metadata(cff)
    year = re.search(r"\d{4}", app.config.copyright or "")
    if year and not meta.get("date-released"):
        meta["year"] = year.group(0)
    base = app.config.html_baseurl or ""
    target = app.builder.get_target_uri(docname)
    url = base.rstrip("/") + "/" + target if base else target
    title = page_title(app.env, docname)
    markup = CITE_TEMPLATE.format(citation=html.escape(apparatus.page_citation(title, url, meta)),
                                  url=html.escape(url, quote=True),
                                  bibtex=html.escape(apparatus.page_bibtex(title, url, docname, meta)))
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(nodes.raw("", markup, format="html", classes=["edition-cite"]))


def rewrite_on_new_inputs(app, env):
    """Every page when ``CITATION.cff`` or ``urls.json`` changed since the last build."""
    stamps = file_stamps(app, PAGE_INPUTS)
    if getattr(env, "edition_citing_stamps", None) != stamps:
        env.edition_citing_stamps = stamps
        return sorted(env.found_docs)
    return []


def _redirects(app) -> dict[str, str]:
    path = Path(app.srcdir) / "urls.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("redirects", {})


def alias_anchors(app, doctree, docname):
    """``page.html#old`` -> ``page.html#new`` redirects: the element with id ``new`` also gets ``old``."""
    page = app.builder.get_target_uri(docname)
    for source, target in _redirects(app).items():
        if "#" not in source:
            continue
        spage, sanchor = source.split("#", 1)
        tpage, _, tanchor = target.partition("#")
        if tpage != page:
            continue
        if spage != tpage:
            logger.warning(f"urls.json: redirect {source} -> {target}: an anchor can only move within its page",
                           type="edition", subtype="urls")
            continue
        for node in doctree.findall(nodes.Element):
            if tanchor in node.get("ids", []):
                if sanchor not in node["ids"]:
                    node["ids"].append(sanchor)
                break
        else:
            logger.warning(f"urls.json: redirect {source} -> {target}: no element with id '{tanchor}'",
                           location=docname, type="edition", subtype="urls")


def finish(app, exception):
    """After an HTML build: the data archive and the redirect pages of moved pages."""
    if exception or app.builder.name not in ("html", "dirhtml"):
        return
    apparatus = apparatus_module(app)
    outdir = Path(app.outdir)
    try:
        apparatus.build_archive(outdir / "data" / apparatus.ARCHIVE_NAME, Path(app.srcdir) / "data")
    except (apparatus.ApparatusError, OSError, KeyError, ValueError) as exc:
        logger.warning(f"data archive: {exc}", type="edition", subtype="data")
    try:
        apparatus.write_redirects(outdir, {s: t for s, t in _redirects(app).items() if "#" not in s},
                                  app.config.html_baseurl or "")
    except apparatus.ApparatusError as exc:
        logger.warning(f"urls.json: {exc}", type="edition", subtype="urls")


def setup(app):
    app.connect("env-updated", rewrite_on_new_inputs)
    app.connect("doctree-resolved", add_citation, priority=PRIORITY_CITE_BOX)
    app.connect("doctree-resolved", alias_anchors, priority=PRIORITY_ALIASES)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
