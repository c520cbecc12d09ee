"""Sphinx extension of the edition: the ``{audit}`` marker that links a figure to its audit entry.

Role
    ``{audit}`t1-under17-pct-released``` puts a small superscript link "audit" after a figure
    in a chapter. It points to the figure's row in the appendix "Audit of the printed
    figures" (the page labelled ``(audit)=``), whose table rows carry the HTML id
    ``audit-<id>`` (see :class:`edition.audit.AuditTable`). The link says in its
    ``aria-label`` and ``title`` what the audit found (reproduced, rounding-level,
    discrepancy) and what the report printed; its classes are ``audit-marker`` and
    ``audit-<status>``, for the theme.

Checks
    The id must be a row of ``data/printed_figures.csv``: an unknown id is a warning (an
    error in the strict build) that names the file and line. A missing ``(audit)=`` page is
    a warning too. Builders other than HTML leave the marker out.
"""
from __future__ import annotations

import csv
import html
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

LEDGER = Path("data") / "printed_figures.csv"
AUDIT_LABEL = "audit"
STATUS_WORDS = {"reproduced": "reproduced", "rounding": "rounding-level difference", "discrepancy": "discrepancy"}

_cache: dict[str, tuple[int, dict[str, dict]]] = {}


def ledger_rows(srcdir: str | Path) -> dict[str, dict]:
    """The ledger's rows by id (re-read when the file changes)."""
    path = Path(srcdir) / LEDGER
    if not path.is_file():
        return {}
    mtime = path.stat().st_mtime_ns
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = {row["id"]: row for row in csv.DictReader(fh)}
    _cache[str(path)] = (mtime, rows)
    return rows


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
        status = row.get("expected_status", "")
        node = audit_marker(self.rawtext, "audit", figure_id=figure_id, status=status,
                            label=(f"Audit of this figure ({row['printed']}): "
                                   f"{STATUS_WORDS.get(status, status)}. Opens its entry in the audit appendix."))
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
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
