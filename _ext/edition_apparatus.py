"""Sphinx extension of the edition: the scholarly apparatus and the publishing setup.

This module is the entry ``_config.yml`` names; it sets up three extensions, one per job,
and holds the few pieces they share (the placeholder node, the reading order, page titles
and links).

``_ext/edition_sources_index.py``
    The ``{sources-index}`` and ``{published-works}`` directives: every archival file of
    ``references.bib`` with its folios and the notes that cite each, and the published works
    formatted by pybtex, each with links to the notes that cite it.
``_ext/edition_glossary_links.py``
    The ``{edition-glossary}`` directive, and on every page the first occurrence of each
    glossary term linked to its entry; the glossary says where each term is first used.
``_ext/edition_citing.py``
    "How to cite this page" on chapter and appendix pages; anchor aliases and redirect
    pages from ``urls.json``; after the build the one-file data archive and (through
    ``sphinx-sitemap``) ``sitemap.xml``.

The lists of links are computed after all pages are read, so the directives leave
:class:`apparatus_placeholder` nodes that are filled when each page is written
(``doctree-resolved``); links go through the builder (``get_relative_uri``), so they are
relative and work under any prefix.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes

#: the extensions of the apparatus, set up by :func:`setup` in this order
PARTS = ("edition_sources_index", "edition_glossary_links", "edition_citing")

#: Order of the ``doctree-resolved`` handlers (Sphinx runs lower priorities first): terms are
#: linked before the placeholders are filled, so the filled lists (page titles, "Cited in")
#: are never linked; the citation box and the anchor aliases come last.
PRIORITY_LINK_TERMS = 480
PRIORITY_FILL = 500
PRIORITY_CITE_BOX = 510
PRIORITY_ALIASES = 520


def apparatus_module(app):
    """:mod:`edition.apparatus` of the book being built (its root put first on ``sys.path``)."""
    root = Path(app.srcdir)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import edition.apparatus as apparatus

    return apparatus


class apparatus_placeholder(nodes.General, nodes.Element):
    """Filled when the page is written: ``kind`` is sources|folios|bibcited|firstuse|summary."""


def _skip_placeholder(self, node):
    raise nodes.SkipNode


def register_page(env, kind: str) -> None:
    """Remember that the page being read holds an apparatus directive of ``kind``."""
    env.__dict__.setdefault("edition_apparatus_pages", {}).setdefault(env.docname, set()).add(kind)


def apparatus_pages(env, *kinds: str) -> set[str]:
    """The pages that hold a directive of one of ``kinds``."""
    return {d for d, found in getattr(env, "edition_apparatus_pages", {}).items() if set(kinds) & found}


def file_stamps(app, names) -> dict[str, int | None]:
    """Modification times of files of the book (``None`` for a missing one)."""
    stamps = {}
    for name in names:
        path = Path(app.srcdir) / name
        stamps[name] = path.stat().st_mtime_ns if path.is_file() else None
    return stamps


def toc_order(env) -> list[str]:
    """Every page, in the order of the table of contents (then any others, by name)."""
    order, seen = [], set()

    def visit(docname):
        if docname in seen or docname not in env.found_docs:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    order.extend(sorted(d for d in env.found_docs if d not in seen))
    return order


def relative_uri(app, fromdoc: str, todoc: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    return f"{uri}#{anchor}" if anchor else uri


def page_title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def keep_per_page(app, name: str) -> None:
    """Keep ``env.<name>`` (a dict by page) right across rebuilds and parallel reads: a page
    read again forgets its entry, and the entries read in parallel are merged."""

    def purge(app, env, docname):
        getattr(env, name, {}).pop(docname, None)

    def merge(app, env, docnames, other):
        store = env.__dict__.setdefault(name, {})
        for docname, value in getattr(other, name, {}).items():
            if docname in docnames:
                store[docname] = value

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


def setup(app):
    skip = (_skip_placeholder, None)
    app.add_node(apparatus_placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    keep_per_page(app, "edition_apparatus_pages")
    for part in PARTS:
        app.setup_extension(part)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
