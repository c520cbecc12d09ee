"""Sphinx extension of the edition: the scholarly apparatus and the publishing setup.

Directives (used on the appendix pages)
    ``{sources-index}``    every archival file of ``references.bib`` with its folios in
                           numeric order, the report notes that cite each folio, and links
                           to every note of the edition that cites it.
    ``{published-works}``  the published works of ``references.bib`` formatted by pybtex
                           (plain style, adapted), each with its anchor ``bib-<key>`` and
                           links to the notes that cite it.
    ``{edition-glossary}`` the terms of ``data/glossary.csv``, each with the first place in
                           the edition (table-of-contents order) where it appears.

The lists of links are computed after all pages are read (from the citations that
``_ext/edition_sphinx.py`` collects, and from the read doctrees), so the directives leave
placeholders that are filled when each page is written (``doctree-resolved``); links go
through the builder (``get_relative_uri``), so they are relative and work under any prefix.

On every page
    * The first occurrence of each glossary term links to its entry (not in headings,
      links, code, footnote labels or note markers); chapter authors mark nothing up.
    * Chapter and appendix pages end with "How to cite this page": a ready citation and a
      BibTeX entry with the page's permanent URL under ``html_baseurl``, made from the page
      title and ``CITATION.cff``.

After the build (HTML)
    ``data/amnesty1945-data.zip`` (the whole data package), ``sitemap.xml`` (every page's
    canonical URL), and a redirect page for every page-level redirect of ``urls.json``.
    Anchor-level redirects (``page.html#old`` -> ``page.html#new``) add the old id to the
    element that has the new one.
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

GLOSSARY_CSV = "data/glossary.csv"


def _apparatus(app):
    root = Path(app.srcdir)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import edition.apparatus as apparatus

    return apparatus


class apparatus_placeholder(nodes.General, nodes.Element):
    """Filled when the page is written: ``kind`` is sources|folios|bibcited|firstuse|summary."""


def _skip_placeholder(self, node):
    raise nodes.SkipNode


def _register_page(env, kind: str) -> None:
    env.__dict__.setdefault("edition_apparatus_pages", {}).setdefault(env.docname, set()).add(kind)


# ----------------------------------------------------------------------------------------
# Directives
# ----------------------------------------------------------------------------------------

class SourcesIndexDirective(SphinxDirective):
    """``{sources-index}``: one section per archival file, its folio table filled later."""

    has_content = False

    def run(self):
        apparatus = _apparatus(self.env.app)
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "references.bib"))
        self.env.note_dependency(str(root / "data" / "report_notes.csv"))
        _register_page(self.env, "sources")
        out: list[nodes.Node] = [apparatus_placeholder(kind="summary")]
        for archival in apparatus.archival_files().values():
            section = nodes.section("", ids=[archival.key], names=[archival.key],
                                    classes=["edition-source"])
            section += nodes.title(archival.reference, archival.reference)
            para = nodes.paragraph()
            para += nodes.emphasis(archival.title, archival.title)
            para += nodes.Text(f" (bibliography key {archival.key}).")
            section += para
            section += apparatus_placeholder(kind="folios", key=archival.key)
            out.append(section)
        return out


class PublishedWorksDirective(SphinxDirective):
    """``{published-works}``: pybtex-formatted entries, each ``bib-<key>``, with citing notes."""

    has_content = False

    def run(self):
        from pybtex_docutils import Backend

        apparatus = _apparatus(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir) / "references.bib"))
        _register_page(self.env, "bibliography")
        backend = Backend()
        listing = nodes.bullet_list(classes=["edition-bibliography"])
        for entry in apparatus.published_works():
            item = nodes.list_item(ids=[f"bib-{entry.key}"], classes=["edition-bibentry"])
            para = nodes.paragraph()
            para.extend(entry.text.render(backend))
            item += para
            item += apparatus_placeholder(kind="bibcited", key=entry.key)
            listing += item
        return [listing]


class GlossaryDirective(SphinxDirective):
    """``{edition-glossary}``: the terms of ``data/glossary.csv`` in alphabetical order."""

    has_content = False

    def run(self):
        apparatus = _apparatus(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir) / GLOSSARY_CSV))
        _register_page(self.env, "glossary")
        try:
            terms = apparatus.load_glossary()
        except apparatus.ApparatusError as exc:
            logger.warning(f"edition-glossary: {exc}", location=(self.env.docname, self.lineno),
                           type="edition", subtype="glossary")
            return []
        dl = nodes.definition_list(classes=["edition-glossary"])
        for term in sorted(terms, key=lambda t: _sort_key(t.term)):
            item = nodes.definition_list_item(classes=["edition-term-item"])
            head = nodes.term(ids=[term.anchor], classes=["edition-term"])
            russian_only = term.russian and (term.russian == term.term
                                             or term.russian.startswith((term.term + ";", term.term + " (")))
            shown = term.russian if russian_only else term.term
            strong = nodes.strong(shown, "")
            strong += nodes.emphasis(shown, shown) if russian_only else nodes.Text(shown)
            head += strong
            if term.russian and not russian_only:
                head += nodes.Text(" \u2014 ")
                head += nodes.emphasis(term.russian, term.russian)
            item += head
            body = nodes.definition()
            meaning = nodes.paragraph(classes=["edition-term-english"])
            meaning += nodes.Text(f"\u201c{term.english}.\u201d " if term.english else "")
            meaning += nodes.Text(term.gloss)
            body += meaning
            meta = nodes.paragraph(classes=["edition-term-meta"])
            meta += nodes.inline("", apparatus.KINDS[term.kind], classes=["edition-term-kind"])
            meta += nodes.Text(" \u00b7 First used: ")
            meta += apparatus_placeholder(kind="firstuse", key=term.id)
            body += meta
            item += body
            dl += item
        return [dl]


def _sort_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum() or c == " ")


# ----------------------------------------------------------------------------------------
# Reading: note labels, {srctext} anchors
# ----------------------------------------------------------------------------------------

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _anchor_of(node):
    """The id a link to ``node`` should use: its footnote, else the nearest element with an
    id (a numbered table, a figure, a section), with a label for the link text."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.footnote) and parent["ids"]:
            label = parent.next_node(nodes.label)
            return parent["ids"][0], label.astext() if label is not None else ""
        if parent.get("ids") and not isinstance(parent, (nodes.paragraph, nodes.inline)):
            if isinstance(parent, nodes.section):
                return parent["ids"][0], "text"
            kind = "table" if "table" in type(parent).__name__ or isinstance(parent, nodes.table) else "figure"
            return parent["ids"][0], kind
        parent = parent.parent
    return "", ""


def record_notes(app, doctree):
    """Remember each note's printed number, and give {srctext} citations their anchor.

    A ``{srctext}`` citation is recorded without an anchor; it points to the footnote that
    encloses it (a re-told note), or to the numbered table whose source line holds it.
    """
    env = app.env
    labels = {}
    for footnote in doctree.findall(nodes.footnote):
        label = footnote.next_node(nodes.label)
        for ident in footnote["ids"]:
            labels[ident] = label.astext() if label is not None else ""
    pending = [c for c in getattr(env, "edition_citations", [])
               if c["docname"] == env.docname and not c.get("anchor")]
    if pending:
        import edition.citations as citations

        inlines = [n for n in doctree.findall(nodes.inline) if "edition-citation" in n.get("classes", [])]
        for cite in pending:
            notes = list(cite.get("report_notes") or [])
            text = citations.plain(citations.Note((), (citations.Citation(cite["key"], cite["locator"]),)))
            text = text.rstrip(".").translate(QUOTES)
            same = [n for n in inlines if list(n.get("report_notes", [])) == notes]
            matches = [n for n in same if text in n.astext().translate(QUOTES)]
            chosen = matches[0] if matches else (same[0] if len(same) == 1 else None)
            if chosen is not None:
                anchor, label = _anchor_of(chosen)
                if anchor:
                    cite["anchor"] = anchor
                    labels.setdefault(anchor, label)
    # anchors set elsewhere (e.g. by the notes extension) that are not footnotes: name their kind
    missing = {c["anchor"] for c in getattr(env, "edition_citations", [])
               if c["docname"] == env.docname and c.get("anchor") and c["anchor"] not in labels}
    if missing:
        for node in doctree.findall(nodes.Element):
            for ident in node.get("ids", []):
                if ident in missing:
                    labels[ident] = "text" if isinstance(node, nodes.section) else (
                        "table" if "table" in type(node).__name__ or isinstance(node, nodes.table) else "figure")
    env.__dict__.setdefault("edition_note_labels", {})[env.docname] = labels


def purge(app, env, docname):
    for name in ("edition_note_labels", "edition_apparatus_pages"):
        getattr(env, name, {}).pop(docname, None)


def merge(app, env, docnames, other):
    for name in ("edition_note_labels", "edition_apparatus_pages"):
        store = env.__dict__.setdefault(name, {})
        for docname, value in getattr(other, name, {}).items():
            if docname in docnames:
                store[docname] = value


# ----------------------------------------------------------------------------------------
# After reading: the order of pages and where each term first appears
# ----------------------------------------------------------------------------------------

SKIP_NODES = (nodes.title, nodes.subtitle, nodes.rubric, nodes.reference, nodes.literal,
              nodes.literal_block, nodes.raw, nodes.footnote_reference, nodes.citation_reference,
              nodes.label, nodes.comment, nodes.math, nodes.math_block, nodes.target, nodes.image,
              nodes.problematic, nodes.system_message, nodes.substitution_definition,
              nodes.field_name, nodes.doctest_block, addnodes.pending_xref, addnodes.toctree,
              addnodes.desc_signature, apparatus_placeholder)
SKIP_CLASSES = {"report-note", "edition-nolink", "edition-cite"}


def _linkable(text: nodes.Text) -> bool:
    parent = text.parent
    while parent is not None:
        if isinstance(parent, SKIP_NODES) or SKIP_CLASSES & set(parent.get("classes", [])):
            return False
        parent = parent.parent
    return True


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


def _matcher(app):
    apparatus = _apparatus(app)
    path = Path(app.srcdir) / GLOSSARY_CSV
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    cached = getattr(app, "_edition_matcher", None)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        matcher = apparatus.TermMatcher(apparatus.load_glossary(path)) if stamp else None
    except apparatus.ApparatusError as exc:
        logger.warning(f"glossary: {exc}", type="edition", subtype="glossary")
        matcher = None
    app._edition_matcher = (stamp, matcher)
    return matcher


def _glossary_docs(env) -> set[str]:
    return {d for d, kinds in getattr(env, "edition_apparatus_pages", {}).items() if "glossary" in kinds}


def _blocks(doctree):
    """Top-level text elements (paragraphs, captions, list terms...) in document order."""
    for node in doctree.findall(nodes.TextElement):
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.TextElement):
            parent = parent.parent
        if parent is None:
            yield node


def _plan(block, matcher, done: set[str]):
    """The links to make in one block: ``(term_id, [(text node, start, end), ...])``.

    A term may run over several text nodes (MyST keeps a line break inside a phrase as a
    separate text node); it is linked when those nodes are adjacent children of one parent,
    so the link can wrap them. ``done`` (terms already linked on the page) is updated.
    """
    texts = [t for t in block.findall(nodes.Text) if _linkable(t)]
    if not texts:
        return []
    spans, joined, cursor = [], [], 0
    for text in texts:
        value = text.astext()
        spans.append((text, cursor, cursor + len(value)))
        joined.append(value)
        cursor += len(value)
    plans = []
    for term_id, start, end in matcher.finditer("".join(joined)):
        if term_id in done:
            continue
        covered = [(t, max(start, a) - a, min(end, b) - a) for t, a, b in spans if a < end and b > start]
        parent = covered[0][0].parent
        indices = [_child_index(parent, t) if t.parent is parent else -1 for t, _, _ in covered]
        if -1 in indices or indices != list(range(indices[0], indices[0] + len(indices))):
            continue
        done.add(term_id)
        plans.append((term_id, covered))
    return plans


def _child_index(parent, child) -> int:
    """Position of ``child`` among ``parent``'s children, by identity (text nodes compare
    equal by value, so ``list.index`` could find another node with the same text)."""
    return next(i for i, node in enumerate(parent.children) if node is child)


def _current(replaced: dict, text):
    """The node that now holds the left part of ``text`` (split by later links, maybe twice)."""
    while id(text) in replaced:
        text = replaced[id(text)][1]
    return text


def _first_terms(doctree, matcher) -> list[str]:
    done: set[str] = set()
    found: list[str] = []
    for block in list(_blocks(doctree)):
        found.extend(term_id for term_id, _ in _plan(block, matcher, done))
    return found


def find_first_uses(app, env):
    """Where each glossary term first appears in the edition; rewrite the apparatus pages."""
    matcher = _matcher(app)
    first: dict[str, str] = {}
    if matcher is not None:
        skip = _glossary_docs(env)
        for docname in toc_order(env):
            if docname in skip:
                continue
            for term_id in _first_terms(env.get_doctree(docname), matcher):
                first.setdefault(term_id, docname)
    env.edition_glossary_first = first
    # Pages are written with the glossary's links, the citation box of CITATION.cff and the
    # anchor aliases of urls.json: when one of these files changes, every page is rewritten.
    stamps = {}
    for name in (GLOSSARY_CSV, "CITATION.cff", "urls.json"):
        path = Path(app.srcdir) / name
        stamps[name] = path.stat().st_mtime_ns if path.is_file() else None
    if getattr(env, "edition_apparatus_stamps", None) != stamps:
        env.edition_apparatus_stamps = stamps
        return sorted(env.found_docs)
    return sorted(getattr(env, "edition_apparatus_pages", {}))


# ----------------------------------------------------------------------------------------
# Writing: fill the placeholders, link terms, add "How to cite", anchor aliases
# ----------------------------------------------------------------------------------------

def _uri(app, fromdoc: str, todoc: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    return f"{uri}#{anchor}" if anchor else uri


def _title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _places_paragraph(app, fromdoc, places, with_locator=False):
    """Links to notes, grouped by page in reading order: "Title, nn. 2, 9, 13; Other, n. 4"."""
    env = app.env
    labels = getattr(env, "edition_note_labels", {})
    order = {d: i for i, d in enumerate(toc_order(env))}
    by_doc: dict[str, list] = {}
    for place in places:
        by_doc.setdefault(place.docname, []).append(place)
    para = nodes.paragraph(classes=["edition-cited-in"])
    for i, docname in enumerate(sorted(by_doc, key=lambda d: order.get(d, 1 << 30))):
        group = sorted(by_doc[docname], key=lambda p: _label_number(app, p))
        if i:
            para += nodes.Text("; ")
        numbered = [p for p in group if labels.get(docname, {}).get(p.anchor, "").isdigit()]
        para += nodes.Text(_title(env, docname) + ", ")
        if numbered:
            para += nodes.Text("nn.\u00a0" if len(numbered) > 1 else "n.\u00a0")
        for j, place in enumerate(group):
            if j:
                para += nodes.Text(", ")
            label = labels.get(docname, {}).get(place.anchor, "")
            if label in ("table", "figure"):
                number = getattr(env, "toc_fignumbers", {}).get(docname, {}).get(label, {}).get(place.anchor)
                label = f"{label.capitalize()}\u00a0{'.'.join(map(str, number))}" if number else label
            text = label or ("text" if place.anchor else "notes")
            if with_locator and place.locator:
                text += f" ({place.locator})"
            anchor = place.anchor or "notes"
            para += nodes.reference("", text, internal=True, refuri=_uri(app, fromdoc, docname, anchor))
    return para


def _label_number(app, place) -> int:
    label = getattr(app.env, "edition_note_labels", {}).get(place.docname, {}).get(place.anchor, "")
    return int(label) if label.isdigit() else 1 << 30


def _folio_table(app, fromdoc, archival):
    table = nodes.table(classes=["edition-data", "edition-folios"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (12, 18, 70):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for text in ("Folio", "Report notes", "Cited in this edition"):
        row += nodes.entry("", nodes.paragraph(text, text))
    head += row
    group += head
    body = nodes.tbody()
    for entry in archival.ordered():
        row = nodes.row(ids=[f"{archival.key}-{entry.anchor}"], classes=["edition-folio"])
        folio = f"l.\u00a0{entry.folio}"
        row += nodes.entry("", nodes.paragraph(folio, folio))
        notes_text = ", ".join(str(n) for n in sorted(entry.report_notes)) or "\u2014"
        row += nodes.entry("", nodes.paragraph(notes_text, notes_text))
        if entry.places:
            row += nodes.entry("", _places_paragraph(app, fromdoc, entry.places))
        else:
            row += nodes.entry("", nodes.paragraph("not cited", "not cited"))
        body += row
    group += body
    return table


def _index(app):
    apparatus = _apparatus(app)
    return apparatus.sources_index(getattr(app.env, "edition_citations", []))


def fill_placeholders(app, doctree, fromdoc):
    placeholders = list(doctree.findall(apparatus_placeholder))
    if not placeholders:
        return
    apparatus = _apparatus(app)
    env = app.env
    index = None
    files = {}
    for node in placeholders:
        kind = node["kind"]
        if kind in ("summary", "folios"):
            if index is None:
                try:
                    index = _index(app)
                except apparatus.ApparatusError as exc:
                    logger.warning(f"sources index: {exc}", location=node, type="edition", subtype="sources")
                    index = []
                files = {f.key: f for f in index}
            if kind == "summary":
                counts = apparatus.index_counts(index)
                text = (f"{counts['files']} archival files, {counts['folios']} folios, "
                        f"{counts['links']} links to the notes of this edition.")
                node.replace_self(nodes.paragraph(text, text, classes=["edition-index-summary"]))
            else:
                archival = files.get(node["key"])
                node.replace_self(_folio_table(app, fromdoc, archival) if archival and archival.folios
                                  else nodes.paragraph("No folio cited.", "No folio cited."))
        elif kind == "bibcited":
            places = []
            for cite in getattr(env, "edition_citations", []):
                if cite["key"] == node["key"]:
                    place = apparatus.Place(cite["docname"], cite.get("anchor") or "", cite.get("locator", ""),
                                            tuple(cite.get("report_notes") or ()))
                    if place not in places:
                        places.append(place)
            if places:
                para = _places_paragraph(app, fromdoc, places, with_locator=True)
                para.insert(0, nodes.Text("Cited in: "))
                node.replace_self(para)
            else:
                node.replace_self(nodes.paragraph("Not cited in the chapters.", "Not cited in the chapters.",
                                                  classes=["edition-cited-in"]))
        elif kind == "firstuse":
            docname = getattr(env, "edition_glossary_first", {}).get(node["key"])
            if docname:
                ref = nodes.reference("", _title(env, docname), internal=True,
                                      refuri=_uri(app, fromdoc, docname, f"gl-{node['key']}"))
                node.replace_self(ref)
            else:
                node.replace_self(nodes.Text("not in the text of the edition"))
        else:
            node.replace_self([])


def link_terms(app, doctree, docname):
    """Link the first occurrence of each glossary term on the page to its entry."""
    matcher = _matcher(app)
    glossary_docs = _glossary_docs(app.env)
    if matcher is None or not glossary_docs or docname in glossary_docs:
        return
    base = app.builder.get_relative_uri(docname, sorted(glossary_docs)[0])
    done: set[str] = set()
    for block in list(_blocks(doctree)):
        replaced: dict[int, tuple] = {}  # id of a split text node -> (it, its remaining left part)
        for term_id, covered in reversed(_plan(block, matcher, done)):  # right to left: offsets hold
            covered = [(_current(replaced, t), a, b) for t, a, b in covered]
            term = matcher.terms[term_id]
            first, last = covered[0], covered[-1]
            parent = first[0].parent
            before = first[0].astext()[:first[1]]
            after = last[0].astext()[last[2]:]
            inside = "".join(t.astext()[a:b] for t, a, b in covered)
            ref = nodes.reference("", "", nodes.Text(inside), internal=True,
                                  refuri=f"{base}#{term.anchor}", ids=[term.use_anchor],
                                  classes=["glossary-link"], reftitle=term.english or term.term)
            position = _child_index(parent, first[0])
            del parent.children[position:position + len(covered)]
            left = nodes.Text(before)
            new = ([left] if before else []) + [ref] + ([nodes.Text(after)] if after else [])
            for offset, node in enumerate(new):
                parent.insert(position + offset, node)
            if before:
                replaced[id(first[0])] = (first[0], left)  # keep the old node alive: ids stay unique


CITE_TEMPLATE = """<details class="edition-cite">
<summary>How to cite this page</summary>
<p class="edition-cite-text">{citation}</p>
<p>Permanent URL: <a class="edition-permalink" href="{url}">{url}</a></p>
<p>BibTeX:</p>
<pre class="edition-cite-bibtex"><code>{bibtex}</code></pre>
</details>
"""


def add_citation(app, doctree, docname):
    if app.builder.format != "html" or not docname.startswith(("chapters/", "appendices/")):
        return
    apparatus = _apparatus(app)
    cff = Path(app.srcdir) / "CITATION.cff"
    if not cff.is_file():
        return
    meta = apparatus.edition_metadata(cff)
    year = re.search(r"\d{4}", app.config.copyright or "")
    if year and not meta.get("date-released"):
        meta["year"] = year.group(0)
    base = app.config.html_baseurl or ""
    url = base.rstrip("/") + "/" + app.builder.get_target_uri(docname) if base else app.builder.get_target_uri(docname)
    title = _title(app.env, docname)
    markup = CITE_TEMPLATE.format(citation=html.escape(apparatus.page_citation(title, url, meta)),
                                  url=html.escape(url, quote=True),
                                  bibtex=html.escape(apparatus.page_bibtex(title, url, docname, meta)))
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(nodes.raw("", markup, format="html", classes=["edition-cite"]))


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


def on_doctree_resolved(app, doctree, docname):
    link_terms(app, doctree, docname)
    fill_placeholders(app, doctree, docname)
    add_citation(app, doctree, docname)
    alias_anchors(app, doctree, docname)


# ----------------------------------------------------------------------------------------
# After the build: data archive, sitemap, redirect pages
# ----------------------------------------------------------------------------------------

def finish(app, exception):
    if exception or app.builder.name not in ("html", "dirhtml"):
        return
    apparatus = _apparatus(app)
    outdir = Path(app.outdir)
    try:
        apparatus.build_archive(outdir / "data" / apparatus.ARCHIVE_NAME, Path(app.srcdir) / "data")
    except (apparatus.ApparatusError, OSError, KeyError, ValueError) as exc:
        logger.warning(f"data archive: {exc}", type="edition", subtype="data")
    base = app.config.html_baseurl or ""
    pages = [app.builder.get_target_uri(d) for d in toc_order(app.env)]
    (outdir / "sitemap.xml").write_text(
        apparatus.sitemap(base.rstrip("/") + "/" + p for p in pages), encoding="utf-8")
    try:
        apparatus.write_redirects(outdir, {s: t for s, t in _redirects(app).items() if "#" not in s}, base)
    except apparatus.ApparatusError as exc:
        logger.warning(f"urls.json: {exc}", type="edition", subtype="urls")


def setup(app):
    app.add_node(apparatus_placeholder, html=(_skip_placeholder, None), latex=(_skip_placeholder, None),
                 text=(_skip_placeholder, None), man=(_skip_placeholder, None),
                 texinfo=(_skip_placeholder, None))
    app.add_directive("sources-index", SourcesIndexDirective)
    app.add_directive("published-works", PublishedWorksDirective)
    app.add_directive("edition-glossary", GlossaryDirective)
    app.connect("doctree-read", record_notes)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-updated", find_first_uses)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
