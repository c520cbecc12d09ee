"""The audit of the report's claims: every figure and every quantitative claim in words, judged against the data.

The ledger ``data/printed_figures.csv`` has one row per claim the report makes about a
quantity, a size, a change, a comparison, a time or an interval, in digits or in words, and
per check a printed figure must pass. The package is split by what each part is:

* :mod:`~edition.audit.ledger` -- access to the ledger and the data rows (what the topic
  modules import: :func:`printed`, :func:`printed_value`);
* :mod:`~edition.audit.classification` -- the ONE comparison rule (:func:`classify`,
  :func:`judge_words`, fraction-word bands, derived columns, several readings);
* :mod:`~edition.audit.registry` and :mod:`~edition.audit.computations` -- the named
  computations a row's ``derivation`` calls; the report's quantities are taken from the
  topic modules (``releases``, ``population``, ``aftermath``, ``decree``);
* :mod:`~edition.audit.verdicts` -- the judged ledger (:func:`ledger`) and the check that every
  status is the one the ledger expects (:func:`mismatches`);
* :mod:`~edition.audit.flows` -- stocks (the tables) against flows (releases, arrivals);
* :mod:`~edition.audit.render` and :mod:`~edition.audit.appendix` -- the appendix page.

Chapters mark an audited claim with the ``{audit}`<id>``` role of ``_ext/edition_audit.py``,
which links to the row's anchor ``audit-<id>`` and shows its computed status.
"""
from __future__ import annotations

from edition.audit.appendix import (
                                          CHAPTERS,
                                          Html,
                                          chapter_table,
                                          chapter_titles,
                                          findings,
                                          findings_table,
                                          fraction_bands_table,
                                          kind_verdict_table,
                                          notes_defects,
                                          notes_defects_table,
                                          reference_corrections,
                                          reference_corrections_table,
                                          registry_table,
                                          summary_figures,
                                          top_findings,
                                          top_findings_html,
                                          totals_table,
)
from edition.audit.classification import (
                                          ALL_STATUSES,
                                          FOLLOWS,
                                          FRACTION_WORD_PRECISION,
                                          FRACTION_WORDS,
                                          LOOSE_TOLERANCE,
                                          MAJORITY,
                                          OVER_TOLERANCE,
                                          QUALIFIER_WORDS,
                                          QUALIFIERS,
                                          SLIGHTLY_OVER_TOLERANCE,
                                          STATUSES,
                                          VAST_MAJORITY,
                                          WORD_VERDICTS,
                                          WRONG_SIDE_MARGIN,
                                          band,
                                          best_reading,
                                          classify,
                                          context_precision,
                                          default_tolerance,
                                          fraction_band,
                                          judge_derived,
                                          judge_words,
)
from edition.audit.flows import flows_figures, flows_table

# Ledger access first: topic modules imported below import this package for ``printed``.
from edition.audit.ledger import LEDGER, load_ledger, printed, printed_value, split_ref, stored_value  # noqa: I001
from edition.audit.registry import REGISTRY, Computation, computation, evaluate, parse_derivation, readings
from edition.audit.render import STATUS_LABELS, AuditTable, anchor, format_computed, format_value, render_note
from edition.audit.verdicts import KINDS, WORD_KINDS, counts, kind_by_verdict, ledger, mismatches, recompute, status_of
from edition.decree import DECREE_DATE

__all__ = [
    "ALL_STATUSES",
    "AuditTable",
    "CHAPTERS",
    "Computation",
    "DECREE_DATE",
    "FOLLOWS",
    "FRACTION_WORDS",
    "FRACTION_WORD_PRECISION",
    "Html",
    "KINDS",
    "LEDGER",
    "LOOSE_TOLERANCE",
    "MAJORITY",
    "OVER_TOLERANCE",
    "QUALIFIERS",
    "QUALIFIER_WORDS",
    "REGISTRY",
    "SLIGHTLY_OVER_TOLERANCE",
    "STATUSES",
    "STATUS_LABELS",
    "VAST_MAJORITY",
    "WORD_KINDS",
    "WORD_VERDICTS",
    "WRONG_SIDE_MARGIN",
    "anchor",
    "band",
    "best_reading",
    "chapter_table",
    "chapter_titles",
    "classify",
    "computation",
    "context_precision",
    "counts",
    "default_tolerance",
    "evaluate",
    "findings",
    "findings_table",
    "flows_figures",
    "flows_table",
    "format_computed",
    "format_value",
    "fraction_band",
    "fraction_bands_table",
    "judge_derived",
    "judge_words",
    "kind_by_verdict",
    "kind_verdict_table",
    "ledger",
    "load_ledger",
    "mismatches",
    "notes_defects",
    "notes_defects_table",
    "reference_corrections",
    "reference_corrections_table",
    "parse_derivation",
    "printed",
    "printed_value",
    "readings",
    "recompute",
    "registry_table",
    "render_note",
    "split_ref",
    "status_of",
    "stored_value",
    "summary_figures",
    "top_findings",
    "top_findings_html",
    "totals_table",
]
