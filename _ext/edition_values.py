"""Sphinx extension of the edition: every computed figure in a chapter can be inspected.

Role
    ``{glue:text}`key``` keeps myst-nb's behaviour (the role is a subclass of its
    ``PasteTextRole``, registered in the ``glue`` domain with Sphinx's own
    ``add_role_to_domain``). In a chapter (``chapters/``) the pasted figure is wrapped in a
    :class:`figure_value` node that carries its glue key and the provenance that
    :func:`edition.show.publish` glued beside it under ``provenance-<key>``
    (:mod:`edition.provenance`: the data rows, their archival source and folio, the
    computation).

``doctree-read``
    Each figure gets the anchor ``value-<key>`` (``value-<key>-2``... for a key pasted again)
    and, if an ``{audit}`` marker follows it, that verdict. A closing section "Figures in this
    chapter" lists each key once with the same information; every figure links to its entry,
    so without scripts a click shows it. It runs before Sphinx's own collectors, so the
    section is in the page's table of contents.

``doctree-resolved``
    Links to the data page (``(data)=``) and the audit appendix (``(audit)=``) are made
    relative to the page.

Browser
    ``_static/edition-values.js`` (under 3 KB, kept on chapter pages only) shows the entry as a
    pop-over on hover, keyboard focus or a tap, closed with Escape; ``_static/edition-values.css``
    styles it (Jupyter Book registers both, as every file of ``_static/``).
"""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

from docutils import nodes
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
from edition_audit import audit_marker, ledger_rows  # noqa: E402  (a sibling extension)

logger = logging.getLogger(__name__)

CHAPTERS = "chapters/"
PROVENANCE_PREFIX = "provenance-"  # edition.provenance.PREFIX; the extension does not import edition
SECTION_ID = "figures-in-this-chapter"
SCRIPT = "edition-values.js"
MAX_ROWS = 6
"""Rows named in one entry; more are counted, to keep pages light."""
LABELS = {"data": "data", "audit": "audit"}
"""The page labels the entries link to: the data page and the audit appendix."""


class figure_value(nodes.Inline, nodes.TextElement):
    """A pasted figure with its glue ``key`` and ``provenance``; a link to its entry."""


class page_link(nodes.reference):
    """A link to another page by label (``label``) and anchor; resolved per page."""


def glue_key(text: str) -> str:
    """The key of a ``{glue:text}`` argument (``key`` or ``key:format``), as myst-nb splits it."""
    return text.rsplit(":", 1)[0] if ":" in text else text


class ValuePasteRole(PasteTextRole):
    """myst-nb's ``{glue:text}``; in a chapter the figure is wrapped with its provenance."""

    def run(self):
        pasted, messages = super().run()
        env = getattr(self.document.settings, "env", None)
        key = glue_key(self.text)
        if env is None or not env.docname.startswith(CHAPTERS) or "::" in key or not pasted:
            return pasted, messages
        try:
            found = retrieve_glue_data(self.document, PROVENANCE_PREFIX + key)
            provenance = json.loads(found.data["text/plain"])
        except (RetrievalError, KeyError, ValueError):
            provenance = {}
        node = figure_value("", "", *pasted, key=key, provenance=provenance)
        self.set_source_info(node)
        return [node], messages


# --- the anchors and the list of figures ------------------------------------------------------

def _audit_after(node: figure_value) -> audit_marker | None:
    parent = node.parent
    index = parent.index(node)
    following = parent.children[index + 1] if index + 1 < len(parent.children) else None
    return following if isinstance(following, audit_marker) else None


def _text(value) -> nodes.Text:
    return nodes.Text(str(value))


def _row_items(rows: list[dict]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, row in enumerate(rows[:MAX_ROWS]):
        if i:
            out.append(_text("; "))
        link = page_link("", row["file"], label=LABELS["data"], anchor=row["file"])
        out.append(link)
        if "id" not in row:
            out.append(_text(f", all {row['rows']} rows"))
            continue
        out += [_text(" row "), nodes.literal(row["id"], row["id"])]
        details = [d for d in (row.get("value"), row.get("source"),
                               f"report note {row['note']}" if "note" in row else "") if d]
        if details:
            out.append(_text(f" ({', '.join(details)})"))
    if len(rows) > MAX_ROWS:
        out.append(_text(f"; and {len(rows) - MAX_ROWS} more rows"))
    return out


def entry_for(key: str, shown: str, provenance: dict, marker: audit_marker | None, verdict: str) -> nodes.list_item:
    """One entry of the list of figures: value, computation, data rows and sources, audit."""
    item = nodes.list_item(ids=[f"figure-{key}"], classes=["edition-figure"])
    head = nodes.paragraph()
    head += nodes.reference("", shown, refid=f"value-{key}", classes=["edition-figure-value"])
    head += _text(" ")
    head += nodes.literal(key, key, classes=["edition-figure-key"])
    item += head
    sum_text, code, words = (provenance.get(k, "") for k in ("arithmetic", "code", "computation"))
    if sum_text or code or words:
        para = nodes.paragraph("", "", nodes.strong("", "Computed: "))
        if sum_text:
            para += _text(f"{sum_text}, by ")
        if code:
            para += nodes.literal(code, code)
        if words:
            para += _text(f" ({words.rstrip('.')})" if code else words)
        item += para
    rows = provenance.get("rows") or []
    if rows:
        item += nodes.paragraph("", "", nodes.strong("", "Data: "), *_row_items(rows))
    elif not code:
        item += nodes.paragraph("", "Data: not traced row by row for this figure (its key is made in a loop "
                                    "of the function that publishes it); the chapter's first code cell names "
                                    "that function.")
    if verdict:
        audit = page_link("", verdict, label=LABELS["audit"], anchor=f"audit-{marker['figure_id']}")
        item += nodes.paragraph("", "", nodes.strong("", "Audit: "), audit)
    return item


def verdict_of(app, marker: audit_marker | None) -> str:
    """The audit's verdict on the figure an ``{audit}`` marker follows: what the report printed
    and the status computed when the book is built (as the marker itself says)."""
    if marker is None:
        return ""
    from edition.audit import STATUS_LABELS

    row = ledger_rows(app.srcdir).get(marker["figure_id"], {})
    status = STATUS_LABELS.get(marker["status"], marker["status"])
    return f"the report printed {row['printed']}; {status}" if row else status


def add_figure_list(app, doctree) -> None:
    """Give every figure of a chapter its anchor and gather the chapter's list of figures."""
    if not app.env.docname.startswith(CHAPTERS):
        return
    values = list(doctree.findall(figure_value))
    if not values:
        return
    seen: dict[str, int] = {}
    entries: dict[str, dict] = {}
    for node in values:
        key = node["key"]
        seen[key] = seen.get(key, 0) + 1
        node["ids"] = [f"value-{key}" if seen[key] == 1 else f"value-{key}-{seen[key]}"]
        entry = entries.setdefault(key, {"shown": node.astext(), "provenance": node["provenance"], "marker": None})
        entry["marker"] = entry["marker"] or _audit_after(node)
    section = nodes.section("", ids=[SECTION_ID], names=["figures in this chapter"], classes=["edition-figures"])
    section += nodes.title("", "Figures in this chapter")
    section += nodes.paragraph("", "Each figure computed for this chapter, with the data rows it is "
                                   "computed from, their archival sources, and the audit's verdict where "
                                   "the report printed the figure too.")
    listing = nodes.bullet_list(classes=["edition-figure-list"])
    for key, entry in entries.items():
        listing += entry_for(key, entry["shown"], entry["provenance"], entry["marker"], verdict_of(app, entry["marker"]))
    section += listing
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(section)


def resolve_page_links(app, doctree, docname) -> None:
    """Point each :class:`page_link` at its labelled page, relative to this page."""
    labels = app.env.domaindata.get("std", {}).get("labels", {})
    for node in list(doctree.findall(page_link)):
        target = labels.get(node["label"])
        if not target:
            logger.warning(f"values: no page is labelled ({node['label']})=, so '{node.astext()}' links nowhere",
                           location=node, type="edition", subtype="values")
            node.replace_self(nodes.inline("", node.astext()))
            continue
        try:
            uri = app.builder.get_relative_uri(docname, target[0])
        except Exception:  # builders without pages
            uri = ""
        node["refuri"] = f"{uri}#{node['anchor']}"


def visit_value_html(self, node):
    key = html.escape(node["key"], quote=True)
    ident = html.escape(node["ids"][0] if node["ids"] else f"value-{key}", quote=True)
    self.body.append(f'<span class="edition-value"><a class="edition-value-link" id="{ident}" '
                     f'href="#figure-{key}">')


def depart_value_html(self, node):
    self.body.append("</a></span>")


def visit_plain(self, node):
    pass


def depart_plain(self, node):
    pass


def keep_script_on_chapters(app, pagename, templatename, context, doctree) -> None:
    """Jupyter Book registers every script of ``_static/`` for every page; the pop-over
    script stays only where there are figures to inspect (the list is the page's own copy)."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    if doctree is None or not any(True for _ in doctree.findall(figure_value)):
        name = lambda asset: str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]  # noqa: E731
        scripts[:] = [asset for asset in scripts if name(asset) != SCRIPT]


def setup(app):
    app.setup_extension("myst_nb")
    app.setup_extension("edition_audit")
    app.add_role_to_domain("glue", "text", ValuePasteRole(), override=True)
    plain = (visit_plain, depart_plain)
    app.add_node(figure_value, html=(visit_value_html, depart_value_html), latex=plain, text=plain,
                 man=plain, texinfo=plain)
    app.add_node(page_link)
    app.connect("doctree-read", add_figure_list, priority=400)
    app.connect("doctree-resolved", resolve_page_links)
    app.connect("html-page-context", keep_script_on_chapters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
