"""Sphinx extension of the edition: the index of archival sources and the bibliography.

Directives (used on the appendix pages)
    ``{sources-index}``    every archival file of ``references.bib`` with its folios in
                           numeric order, the report notes that cite each folio, and links
                           to every note of the edition that cites it.
    ``{published-works}``  the published works of ``references.bib`` formatted by pybtex
                           (plain style, adapted), each with its anchor ``bib-<key>`` and
                           links to the notes that cite it.

While each page is read, :func:`record_notes` remembers the printed number of every note
(so a link reads "nn. 2, 9") and gives each ``{srctext}`` citation the anchor of what holds
it. The tables and lists of links are made when the apparatus pages are written, from the
citations ``_ext/edition_sphinx.py`` collects. A folio locator is checked where the note is
written (the ``{src}`` role, through :func:`edition.citations.check`), so a bad one is
reported against the chapter, not here.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from edition_apparatus import (
    PRIORITY_FILL,
    apparatus_module,
    apparatus_pages,
    apparatus_placeholder,
    keep_per_page,
    page_title,
    register_page,
    relative_uri,
    toc_order,
)
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: what a citation's text is compared with: typographic quotes and spaces made plain
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


class SourcesIndexDirective(SphinxDirective):
    """``{sources-index}``: one section per archival file, its folio table filled later."""

    has_content = False

    def run(self):
        apparatus = apparatus_module(self.env.app)
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / "references.bib"))
        self.env.note_dependency(str(root / "data" / "report_notes.csv"))
        register_page(self.env, "sources")
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

        apparatus = apparatus_module(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir) / "references.bib"))
        register_page(self.env, "bibliography")
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


# ----------------------------------------------------------------------------------------
# Reading: note labels, {srctext} anchors
# ----------------------------------------------------------------------------------------

def _kind_of(node) -> str:
    """What a link to an element with an id names: the text, a table or a figure."""
    if isinstance(node, nodes.section):
        return "text"
    return "table" if "table" in type(node).__name__ or isinstance(node, nodes.table) else "figure"


def _anchor_of(node):
    """The id a link to ``node`` should use: its footnote, else the nearest element with an
    id (a numbered table, a figure, a section), with a label for the link text."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.footnote) and parent["ids"]:
            label = parent.next_node(nodes.label)
            return parent["ids"][0], label.astext() if label is not None else ""
        if parent.get("ids") and not isinstance(parent, (nodes.paragraph, nodes.inline)):
            return parent["ids"][0], _kind_of(parent)
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
                    labels[ident] = _kind_of(node)
    env.__dict__.setdefault("edition_note_labels", {})[env.docname] = labels


def rewrite_index_pages(app, env):
    """The index and the bibliography list every page's notes: write them on every build."""
    return sorted(apparatus_pages(env, "sources", "bibliography"))


# ----------------------------------------------------------------------------------------
# Writing: the folio tables and the lists of citing notes
# ----------------------------------------------------------------------------------------

def _label_number(app, place) -> int:
    label = getattr(app.env, "edition_note_labels", {}).get(place.docname, {}).get(place.anchor, "")
    return int(label) if label.isdigit() else 1 << 30


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
        para += nodes.Text(page_title(env, docname) + ", ")
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
            para += nodes.reference("", text, internal=True, refuri=relative_uri(app, fromdoc, docname, anchor))
    return para


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


def _citing_places(app, apparatus, key: str) -> list:
    places = []
    for cite in getattr(app.env, "edition_citations", []):
        if cite["key"] == key:
            place = apparatus.Place(cite["docname"], cite.get("anchor") or "", cite.get("locator", ""),
                                    tuple(cite.get("report_notes") or ()))
            if place not in places:
                places.append(place)
    return places


def fill_placeholders(app, doctree, fromdoc):
    """Fill the index's summary and folio tables and the bibliography's "Cited in" lists."""
    placeholders = [n for n in doctree.findall(apparatus_placeholder)
                    if n["kind"] in ("summary", "folios", "bibcited")]
    if not placeholders:
        return
    apparatus = apparatus_module(app)
    index = None
    for node in placeholders:
        kind = node["kind"]
        if kind in ("summary", "folios") and index is None:
            try:
                index = apparatus.sources_index(getattr(app.env, "edition_citations", []))
            except apparatus.ApparatusError as exc:
                logger.warning(f"sources index: {exc}", location=node, type="edition", subtype="sources")
                index = []
            files = {f.key: f for f in index}
        if kind == "summary":
            counts = apparatus.index_counts(index)
            text = (f"{counts['files']} archival files, {counts['folios']} folios, "
                    f"{counts['links']} links to the notes of this edition.")
            node.replace_self(nodes.paragraph(text, text, classes=["edition-index-summary"]))
        elif kind == "folios":
            archival = files.get(node["key"])
            node.replace_self(_folio_table(app, fromdoc, archival) if archival and archival.folios
                              else nodes.paragraph("No folio cited.", "No folio cited."))
        else:
            places = _citing_places(app, apparatus, node["key"])
            if places:
                para = _places_paragraph(app, fromdoc, places, with_locator=True)
                para.insert(0, nodes.Text("Cited in: "))
                node.replace_self(para)
            else:
                node.replace_self(nodes.paragraph("Not cited in the chapters.", "Not cited in the chapters.",
                                                  classes=["edition-cited-in"]))


def setup(app):
    app.add_directive("sources-index", SourcesIndexDirective)
    app.add_directive("published-works", PublishedWorksDirective)
    app.connect("doctree-read", record_notes)
    keep_per_page(app, "edition_note_labels")
    app.connect("env-updated", rewrite_index_pages)
    app.connect("doctree-resolved", fill_placeholders, priority=PRIORITY_FILL)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
