"""Sphinx extension of the edition: archival notes, ordered footnotes, data-aware caching.

Roles
    ``{src}`#231: garf-9414-1-1246, l. 231``` makes a footnote whose text is the rendered
    citation (``GARF f. 9414, op. 1, d. 1246, l. 231.``) followed by the number of the
    report's note it stands for. The stock ``{footcite}`` cannot carry a folio and warns
    under myst-parser 3, so the edition does not use it.

    ``{srctext}`garf-9414-1-1229, l. 149``` renders the same citation text inline, for use
    inside an ordinary MyST footnote (``[^r17]: ...``) that re-tells a discursive note.

Footnotes
    MyST registers its footnotes after the roles have run, so docutils would number the
    two kinds out of reading order. :class:`OrderNotes` sorts all auto-numbered footnotes
    by their first reference and gathers them in a closing "Notes" section.

Caching
    myst-nb's execution cache keys on code cells only. Every page with code cells gets a
    hidden cell holding a fingerprint of ``data/``, ``references.bib`` and ``edition/``,
    and records those files as dependencies, so editing a CSV re-reads and re-executes the
    chapters (all of them: the fingerprint does not try to know which file a cell reads).
    Sphinx decides what to re-read from modification times, which miss a file restored
    with an older date (``cp -p``, ``tar``, ``unzip``); so the environment keeps a hash of
    each of these files, and ``env-get-outdated`` re-reads every page that depends on a
    file whose content changed, whatever its date.

Every problem is a warning with the document and line; the strict build turns it into an
error that names the file.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

logger = logging.getLogger(__name__)

FINGERPRINT_CELL = """

```{{code-cell}} ipython3
:tags: [remove-cell]

# Data fingerprint (added at build time; a changed CSV re-executes this page): {digest}
```
"""


def _edition(app):
    root = Path(app.srcdir)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import edition.citations as citations

    return citations


def _pieces_to_nodes(pieces) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for piece in pieces:
        out.append(nodes.emphasis(piece.text, piece.text) if piece.emphasis else nodes.Text(piece.text))
    return out


class _CitationRole(SphinxRole):
    def parse_note(self):
        citations = _edition(self.env.app)
        try:
            note = citations.parse(self.text)
            citations.check(note)
        except (citations.CitationError, FileNotFoundError) as exc:
            logger.warning(f"{self.name} role: {exc}", location=self.get_location(),
                           type="edition", subtype="citation")
            return None, citations
        return note, citations

    def record(self, note, anchor: str) -> None:
        store = self.env.__dict__.setdefault("edition_citations", [])
        for citation in note.citations:
            store.append({"docname": self.env.docname, "anchor": anchor, "key": citation.key,
                          "locator": citation.locator, "report_notes": list(note.report_notes)})


class pending_note(nodes.Inline, nodes.Element):
    """Where a ``{src}`` note is referenced; :class:`OrderNotes` makes it a footnote reference.

    It is not a ``footnote_reference`` while MyST parses, since MyST warns about every
    reference whose definition it did not write itself.
    """


class SourceNoteRole(_CitationRole):
    """``{src}``: a footnote holding the rendered citation(s)."""

    def run(self):
        note, citations = self.parse_note()
        if note is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        serial = self.env.new_serialno("edition-src") + 1
        name = f"note-{serial}"
        footnote = nodes.footnote("", auto=1, names=[name], classes=["edition-note"])
        footnote["report_notes"] = list(note.report_notes)
        para = nodes.paragraph()
        para.extend(_pieces_to_nodes(citations.render_note(note)))
        if note.report_notes:
            label = ", ".join(str(n) for n in note.report_notes)
            word = "note" if len(note.report_notes) == 1 else "notes"
            para += nodes.Text(" ")
            para += nodes.inline("", f"Report {word} {label}.", classes=["report-note"])
        footnote += para
        marker = pending_note(self.rawtext, refname=name)
        marker.footnote = footnote
        self.record(note, name)
        return [marker], []


class SourceTextRole(_CitationRole):
    """``{srctext}``: the citation text inline (inside a MyST footnote)."""

    def run(self):
        note, citations = self.parse_note()
        if note is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        container = nodes.inline("", "", classes=["edition-citation"])
        container["report_notes"] = list(note.report_notes)
        container.extend(_pieces_to_nodes(citations.render_note(note)))
        if note.report_notes:
            label = ", ".join(str(n) for n in note.report_notes)
            word = "note" if len(note.report_notes) == 1 else "notes"
            container += nodes.Text(" ")
            container += nodes.inline("", f"Report {word} {label}.", classes=["report-note"])
        token = f"srctext-{self.env.new_serialno('edition-srctext') + 1}"
        container["edition_srctext"] = token
        self.record(note, token)  # replaced by the enclosing footnote's id in anchor_srctext
        return [container], []


class OrderNotes(Transform):
    """Number footnotes in reading order and gather them in a closing "Notes" section."""

    default_priority = 615  # before docutils' Footnotes transform (620) numbers them

    def apply(self):
        document = self.document
        for marker in list(document.findall(pending_note)):
            footnote = marker.footnote
            document.note_autofootnote(footnote)
            document.note_explicit_target(footnote, footnote)
            ref = nodes.footnote_reference(marker.rawsource, "", auto=1, refname=marker["refname"])
            document.note_autofootnote_ref(ref)
            document.note_footnote_ref(ref)
            marker.replace_self(ref)
            document.setdefault("edition_notes", []).append(footnote)
        footnotes = [*document.findall(nodes.footnote), *document.get("edition_notes", [])]
        if not footnotes:
            return
        order: dict[str, int] = {}
        for ref in document.findall(nodes.footnote_reference):
            name = ref.get("refname")
            if name and name not in order:
                order[name] = len(order)

        def position(footnote):
            names = footnote.get("names") or [""]
            return order.get(names[0], len(order))

        document.autofootnotes.sort(key=position)
        for footnote in footnotes:
            if footnote.parent is not None:
                footnote.parent.remove(footnote)
        section = nodes.section("", ids=["notes"], names=["notes"], classes=["edition-notes"])
        section += nodes.title("Notes", "Notes")
        section.extend(sorted(set(footnotes), key=position))
        top = next(iter(document.findall(nodes.section)), None)
        (top if top is not None else document).append(section)


class data_table(nodes.General, nodes.Element):
    """A numbered table ("Table 3") around computed content pasted from a cell."""


class DataTableDirective(SphinxDirective):
    """``{datatable}``: give computed content (a glued DataFrame) a number and a caption.

    The argument is the caption; ``:name:`` the label for ``{numref}``; the content is
    parsed as MyST (typically a ``{glue}`` paste and a source line). It numbers with the
    book's tables, so prose refers to it as ``{numref}`tbl-age``` and never by a typed number.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": directives.unchanged_required}

    def run(self):
        node = data_table("", classes=["edition-table"])
        caption_nodes, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        caption = nodes.caption(self.arguments[0], "", *caption_nodes)
        node += caption
        body = nodes.container(classes=["edition-table-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        node += body
        self.set_source_info(node)
        if "name" not in self.options:
            logger.warning("datatable needs a :name: label so the prose can refer to it by number",
                           location=node, type="edition", subtype="table")
        self.add_name(node)
        return [node, *messages]


def _table_title(node):
    return node.next_node(nodes.caption).astext()


def visit_data_table_html(self, node):
    self.body.append(self.starttag(node, "figure", CLASS="edition-table"))


def depart_data_table_html(self, node):
    self.body.append("</figure>\n")


def visit_data_table_other(self, node):
    pass


def depart_data_table_other(self, node):
    pass


class DataFileRole(SphinxRole):
    """``{datafile}`population_by_age```: a link to the CSV as published with the book.

    Data files are copied to ``data/`` of the HTML output, so their URLs are stable
    (``<site>/data/population_by_age.csv``). An unknown file is a warning (an error in the
    strict build) that names the page.
    """

    def run(self):
        name = self.text.strip()
        filename = name if "." in name else f"{name}.csv"
        if not (Path(self.env.srcdir) / "data" / filename).is_file():
            logger.warning(f"datafile role: data/{filename} does not exist", location=self.get_location(),
                           type="edition", subtype="datafile")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        depth = self.env.docname.count("/")
        uri = "../" * depth + f"data/{filename}"
        ref = nodes.reference(filename, "", internal=False, refuri=uri, classes=["data-file"])
        ref += nodes.literal(filename, filename)
        return [ref], []


def publish_data(app, exception):
    """Copy the data package into the HTML output, at ``data/``."""
    if exception or app.builder.format != "html":
        return
    source = Path(app.srcdir) / "data"
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix in (".csv", ".json") or path.name == "README.md":
            shutil.copy2(path, target / path.name)


def dependency_files(root: Path) -> list[Path]:
    """Every file whose change must re-execute the chapters: data, bibliography, code."""
    return sorted(p for p in [*root.joinpath("data").glob("*"), root / "references.bib",
                               *root.joinpath("edition").rglob("*.py")] if p.is_file())


def content_hashes(root: Path) -> dict[str, str]:
    """``{path relative to the book: sha256 of its bytes}`` for :func:`dependency_files`."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in dependency_files(root)}


def fingerprint(root: Path) -> str:
    """One hash of every file whose change must re-execute the chapters (content only)."""
    digest = hashlib.sha256()
    for name, file_hash in sorted(content_hashes(root).items()):
        digest.update(f"{name}\0{file_hash}\n".encode())
    return digest.hexdigest()[:16]


def outdated_by_content(app, env, added, changed, removed):
    """Pages to re-read because a file they depend on changed in content (not in date).

    Compares each dependency file's hash with the one stored in the environment at the
    last build; a page whose recorded dependencies include a changed, added or removed
    file is re-read (and, through its fingerprint cell, re-executed). Without a stored
    hash (a first build with this extension) every dependent page is re-read once.
    """
    root = Path(app.srcdir)
    current = content_hashes(root)
    previous = getattr(env, "edition_content_hashes", None)
    env.edition_content_hashes = current
    if previous == current:
        return []
    touched = {name for name in set(current) | set(previous or {})
               if previous is None or current.get(name) != previous.get(name)}
    touched_paths = {str(root / name) for name in touched}
    stale = []
    for docname, dependencies in env.dependencies.items():
        if docname in env.found_docs and any(str(root / dep) in touched_paths for dep in dependencies):
            stale.append(docname)
    return sorted(set(stale) - set(changed) - set(added))


def add_fingerprint(app, docname, source):
    text = source[0]
    if "```{code-cell}" not in text:
        return
    root = Path(app.srcdir)
    source[0] = text.rstrip("\n") + FINGERPRINT_CELL.format(digest=fingerprint(root))
    for path in dependency_files(root):
        app.env.note_dependency(str(path))


def anchor_srctext(app, doctree):
    """Point each {srctext} citation at what holds it: its footnote, or a numbered table."""
    where = {}
    for node in doctree.findall(nodes.inline):
        token = node.get("edition_srctext")
        if not token:
            continue
        parent = node.parent
        while parent is not None and not (isinstance(parent, (nodes.footnote, data_table)) and parent["ids"]):
            parent = parent.parent
        where[token] = parent["ids"][0] if parent is not None else ""
    for record in getattr(app.env, "edition_citations", []):
        if record["docname"] == app.env.docname and record["anchor"].startswith("srctext-"):
            record["anchor"] = where.get(record["anchor"], "")


def purge(app, env, docname):
    store = getattr(env, "edition_citations", [])
    env.edition_citations = [c for c in store if c["docname"] != docname]


def merge(app, env, docnames, other):
    env.__dict__.setdefault("edition_citations", []).extend(
        c for c in getattr(other, "edition_citations", []) if c["docname"] in docnames)


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")  # its roles are set up first, ours never clash
    app.add_role("src", SourceNoteRole())
    app.add_role("srctext", SourceTextRole())
    app.add_transform(OrderNotes)
    app.connect("source-read", add_fingerprint)
    app.connect("env-get-outdated", outdated_by_content)
    app.connect("doctree-read", anchor_srctext)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.add_directive("datatable", DataTableDirective)
    app.add_role("datafile", DataFileRole())
    app.add_enumerable_node(data_table, "table", _table_title,
                            html=(visit_data_table_html, depart_data_table_html),
                            latex=(visit_data_table_other, depart_data_table_other),
                            text=(visit_data_table_other, depart_data_table_other))
    app.connect("build-finished", publish_data)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
