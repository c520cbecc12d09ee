"""Sphinx extension of the edition: the glossary page and the links to it.

``{edition-glossary}`` (on the glossary appendix) lists the terms of ``data/glossary.csv``
in alphabetical order, each with the first place in the edition (table-of-contents order)
where it appears.

On every other page the first occurrence of each term is linked to its entry (not in
headings, links, code, footnote labels or note markers); chapter authors mark nothing up.
The terms are found by :class:`edition.apparatus.TermMatcher`; the "first used" places are
computed with the same matcher and the same rules as the links (:func:`_first_terms`), so
the glossary points at the occurrence that is linked.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from edition_apparatus import (
    PRIORITY_FILL,
    PRIORITY_LINK_TERMS,
    apparatus_module,
    apparatus_pages,
    apparatus_placeholder,
    file_stamps,
    page_title,
    register_page,
    relative_uri,
    toc_order,
)
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

GLOSSARY_CSV = "data/glossary.csv"


class GlossaryDirective(SphinxDirective):
    """``{edition-glossary}``: the terms of ``data/glossary.csv`` in alphabetical order."""

    has_content = False

    def run(self):
        apparatus = apparatus_module(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir) / GLOSSARY_CSV))
        register_page(self.env, "glossary")
        try:
            terms = apparatus.load_glossary()
        except apparatus.ApparatusError as exc:
            logger.warning(f"edition-glossary: {exc}", location=(self.env.docname, self.lineno),
                           type="edition", subtype="glossary")
            return []
        dl = nodes.definition_list(classes=["edition-glossary"])
        for term in sorted(terms, key=lambda t: _sort_key(t.term)):
            dl += _entry(apparatus, term)
        return [dl]


def _entry(apparatus, term) -> nodes.definition_list_item:
    """One term: its name (the Russian in italics when that is all it is), meaning and kind."""
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
    return item


def _sort_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum() or c == " ")


# ----------------------------------------------------------------------------------------
# Finding terms in a page
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


def _matcher(app):
    """The term matcher of ``data/glossary.csv``, made again only when the file changes."""
    apparatus = apparatus_module(app)
    stamp = file_stamps(app, [GLOSSARY_CSV])[GLOSSARY_CSV]
    cached = getattr(app, "_edition_matcher", None)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        matcher = apparatus.TermMatcher(apparatus.load_glossary()) if stamp else None
    except apparatus.ApparatusError as exc:
        logger.warning(f"glossary: {exc}", type="edition", subtype="glossary")
        matcher = None
    app._edition_matcher = (stamp, matcher)
    return matcher


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
    """Where each glossary term first appears in the edition; the pages to write again.

    Every page is written with the glossary's links, so when ``data/glossary.csv`` changes
    every page is rewritten; otherwise only the glossary page (its "first used" places).
    """
    matcher = _matcher(app)
    first: dict[str, str] = {}
    glossary_docs = apparatus_pages(env, "glossary")
    if matcher is not None:
        for docname in toc_order(env):
            if docname in glossary_docs:
                continue
            for term_id in _first_terms(env.get_doctree(docname), matcher):
                first.setdefault(term_id, docname)
    env.edition_glossary_first = first
    stamps = file_stamps(app, [GLOSSARY_CSV])
    if getattr(env, "edition_glossary_stamps", None) != stamps:
        env.edition_glossary_stamps = stamps
        return sorted(env.found_docs)
    return sorted(glossary_docs)


# ----------------------------------------------------------------------------------------
# Writing: the links, and the glossary's "first used"
# ----------------------------------------------------------------------------------------

def link_terms(app, doctree, docname):
    """Link the first occurrence of each glossary term on the page to its entry."""
    matcher = _matcher(app)
    glossary_docs = apparatus_pages(app.env, "glossary")
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


def fill_first_uses(app, doctree, fromdoc):
    """The glossary's "First used": a link to the page where the term is first linked."""
    env = app.env
    for node in list(doctree.findall(apparatus_placeholder)):
        if node["kind"] != "firstuse":
            continue
        docname = getattr(env, "edition_glossary_first", {}).get(node["key"])
        if docname:
            node.replace_self(nodes.reference("", page_title(env, docname), internal=True,
                                              refuri=relative_uri(app, fromdoc, docname, f"gl-{node['key']}")))
        else:
            node.replace_self(nodes.Text("not in the text of the edition"))


def setup(app):
    app.add_directive("edition-glossary", GlossaryDirective)
    app.connect("env-updated", find_first_uses)
    app.connect("doctree-resolved", link_terms, priority=PRIORITY_LINK_TERMS)
    app.connect("doctree-resolved", fill_first_uses, priority=PRIORITY_FILL)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
