"""Sphinx extension of the edition: the ``{audit}`` marker that links a figure to its audit entry.

Role
    ``{audit}`t1-under17-pct-released``` puts a small superscript link "audit" after a figure
    in a chapter. It points to the figure's row in the appendix "Audit of the printed
    figures" (the page labelled ``(audit)=``), whose table rows carry the HTML id
    ``audit-<id>`` (see :class:`edition.audit.AuditTable`). The link says in its
    ``aria-label`` and ``title`` what the audit found -- the status *computed* from the data
    when the book is built (:func:`edition.audit.ledger`), the same as the appendix shows --
    and what the report printed; its classes are ``audit-marker`` and ``audit-<status>``.

Checks
    The id must be a row of ``data/printed_figures.csv``: an unknown id is a warning (an
    error in the strict build) that names the file and line. When the build starts, every
    row is recomputed; a row whose computed status differs from the ledger's
    ``expected_status`` is an error naming the row, both statuses, both values and the data
    rows to look at (:func:`edition.audit.mismatches`), so a wrong figure cannot reach a
    page whose marker says otherwise. A missing ``(audit)=`` page is a warning too.
    Builders other than HTML leave the marker out.
"""
from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

LEDGER = Path("data") / "printed_figures.csv"
AUDIT_LABEL = "audit"
_cache: dict[str, tuple[tuple, dict[str, dict]]] = {}


def _data_state(srcdir: Path) -> tuple:
    """What the computed ledger depends on: every data file's size and modification time."""
    folder = srcdir / "data"
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*")
                        if p.is_file()))


def _judged(srcdir: Path) -> tuple[dict[str, dict], list[str]]:
    """The judged ledger's rows by id and its status mismatches (recomputed when data changes)."""
    state = _data_state(srcdir)
    cached = _cache.get(str(srcdir))
    if cached and cached[0] == state:
        return cached[1]
    from edition import audit

    frame = audit.ledger()
    result = ({row["id"]: dict(row) for _, row in frame.iterrows()}, audit.mismatches(frame))
    _cache[str(srcdir)] = (state, result)
    return result


def ledger_rows(srcdir: str | Path) -> dict[str, dict]:
    """The judged ledger's rows by id, with their computed ``status``."""
    srcdir = Path(srcdir)
    return _judged(srcdir)[0] if (srcdir / LEDGER).is_file() else {}


def check_statuses(app):
    """Fail the build (an error) for every row whose computed status is not the expected one."""
    srcdir = Path(app.srcdir)
    if not (srcdir / LEDGER).is_file():
        return
    for message in _judged(srcdir)[1]:
        logger.error(f"audit: {message}", type="edition", subtype="audit")


def anchor(figure_id: str) -> str:
    return f"audit-{figure_id}"


class audit_marker(nodes.Inline, nodes.TextElement):
    """A link from a figure to its audit entry; ``refuri`` is set once the pages are known."""


class AuditRole(SphinxRole):
    """``{audit}`<id>```: the marker of an audited figure."""

    def run(self):
        figure_id = self.text.strip()
        rows = ledger_rows(self.env.srcdir)
        if not rows:
            logger.warning(f"audit role: {LEDGER} is missing or empty, so '{figure_id}' cannot be checked",
                           location=self.get_location(), type="edition", subtype="audit")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        if figure_id not in rows:
            logger.warning(f"audit role: '{figure_id}' is not an id of {LEDGER} (see the audit appendix for the ids)",
                           location=self.get_location(), type="edition", subtype="audit")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        row = rows[figure_id]
        from edition.audit import STATUS_LABELS

        status = row["status"]
        node = audit_marker(self.rawtext, "audit", figure_id=figure_id, status=status,
                            label=(f"Audit of this figure ({row['printed']}): "
                                   f"{STATUS_LABELS.get(status, status)}. Opens its entry in the audit appendix."))
        node["classes"] += ["audit-marker", f"audit-{status}"]
        self.set_source_info(node)
        return [node], []


def resolve_markers(app, doctree, docname):
    """Point every marker of a page at the audit appendix, relative to the page."""
    markers = list(doctree.findall(audit_marker))
    if not markers:
        return
    label = app.env.domaindata.get("std", {}).get("labels", {}).get(AUDIT_LABEL)
    if not label:
        for node in markers:
            logger.warning(f"audit role: no page is labelled ({AUDIT_LABEL})=, so the marker of "
                           f"'{node['figure_id']}' has nowhere to link", location=node, type="edition", subtype="audit")
            node.replace_self(nodes.Text(""))
        return
    target_doc = label[0]
    for node in markers:
        try:
            uri = app.builder.get_relative_uri(docname, target_doc)
        except Exception:  # builders without pages (e.g. gettext)
            uri = ""
        node["refuri"] = f"{uri}#{anchor(node['figure_id'])}"


def visit_audit_marker_html(self, node):
    classes = " ".join(node["classes"])
    label = html.escape(node["label"], quote=True)
    href = html.escape(node.get("refuri", "#" + anchor(node["figure_id"])), quote=True)
    self.body.append(f'<sup class="{classes}"><a href="{href}" aria-label="{label}" title="{label}">')


def depart_audit_marker_html(self, node):
    self.body.append("</a></sup>")


def skip_marker(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_role("audit", AuditRole())
    app.add_node(audit_marker,
                 html=(visit_audit_marker_html, depart_audit_marker_html),
                 latex=(skip_marker, None), text=(skip_marker, None), man=(skip_marker, None),
                 texinfo=(skip_marker, None))
    app.connect("doctree-resolved", resolve_markers)
    app.connect("builder-inited", check_statuses)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
