"""The tables and figures of the audit appendix (``appendices/audit.md``), rendered from the judged ledger.

The page reads, top to bottom: counts by kind and verdict (:func:`kind_verdict_table`), the
ten most consequential findings (:func:`top_findings_html`, chosen by the ledger's
``consequence`` column and explained by their editorial notes), the stated bands of the
fraction words (:func:`fraction_bands_table`), the report's totals (:func:`totals_table`),
stocks and flows (:mod:`edition.audit.flows`), the full ledger chapter by chapter
(:func:`chapter_table`, one ``<tr id="audit-<id>">`` per row), the defects of the notes and
the registry of computations. No script: plain tables.
"""
from __future__ import annotations

import html

import pandas as pd

from edition import data, paths, show
from edition.audit import classification as rules
from edition.audit.ledger import JULY_1, LEDGER, OCTOBER_1, load_ledger, stored_value
from edition.audit.registry import REGISTRY, evaluate, readings
from edition.audit.render import STATUS_LABELS, AuditTable, anchor, format_computed, render_note
from edition.audit.verdicts import KINDS, counts, evidence_refs, kind_by_verdict, ledger

CHAPTERS = ("introduction", "stalins-amnesty", "revolving-door", "long-arm-of-the-gulag",
            "prisoners-and-ex-prisoners", "weakening-a-crippled-institution", "enduring-changes",
            "conclusion")
"""The chapters (and report sections) in reading order."""

TOP_FINDINGS = 10
"""How many findings the top of the page explains."""


def _verdict_text(row) -> str:
    label = STATUS_LABELS[row["status"]]
    options = readings(row["derivation"])
    if len(options) > 1:
        label += f" (reading {int(row['reading']) + 1} of {len(options)})"
    return label


def _evidence_text(row) -> str:
    refs = evidence_refs(row)
    return "; ".join(refs)


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The ledger as display strings: one row per claim, for the appendix."""
    return pd.DataFrame({
        "Claim": frame["id"].to_numpy(),
        "where": [f"{loc} · {kind}" for loc, kind in zip(frame["location"], frame["kind"], strict=True)],
        "Printed": frame["printed"].to_numpy(),
        "Recomputed": [format_computed(r) for _, r in frame.iterrows()],
        "Verdict": [_verdict_text(r) for _, r in frame.iterrows()],
        "Editorial note": [render_note(r) for _, r in frame.iterrows()],
        "derivation": [d + (f"; evidence: {_evidence_text(r)}" if _evidence_text(r) else "")
                       for d, (_, r) in zip(frame["derivation"], frame.iterrows(), strict=True)],
        "status-class": ["audit-" + s for s in frame["status"]],
    })


def chapter_table(chapter: str, frame: pd.DataFrame | None = None) -> AuditTable:
    """Every ledger row of one chapter, each ``<tr>`` carrying its anchor ``audit-<id>``.

    Columns: the claim's id (where it is printed and its kind beneath, the id itself a
    permalink), the print, the recomputation, the verdict, and the editorial note with the
    derivation and evidence beneath.
    """
    frame = ledger() if frame is None else frame
    rows = frame[frame["chapter"] == chapter]
    shown = display_frame(rows)
    shown["permalink"] = [anchor(i) for i in rows["id"]]
    return AuditTable(shown, row_ids=[anchor(i) for i in rows["id"]], links={"Claim": "permalink"},
                      numeric=["Recomputed"], classes={"Verdict": "status-class"},
                      details={"Claim": ("where", "text"), "Editorial note": ("derivation", "code")})


def findings(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that are findings against the report, worst first, in reading order."""
    order = {s: i for i, s in enumerate(("discrepancy", "contradicted", "loose", "rounding", "not-checkable"))}
    rows = frame[~frame["status"].isin(rules.NOT_A_FINDING)].copy()
    rows["order"] = rows["status"].map(order)
    rows["chapter_order"] = rows["chapter"].map({c: i for i, c in enumerate(CHAPTERS)})
    return rows.sort_values(["order", "chapter_order"], kind="stable")


def findings_table(frame: pd.DataFrame | None = None, titles: dict[str, str] | None = None) -> AuditTable:
    """The rows that are not reproduced or supported, worst first, each linking to its full entry."""
    frame = ledger() if frame is None else frame
    rows = findings(frame)
    out = pd.DataFrame({
        "Claim": rows["id"],
        "Printed": rows["printed"],
        "Recomputed": [format_computed(r) for _, r in rows.iterrows()],
        "Verdict": [STATUS_LABELS[s] for s in rows["status"]],
        "Chapter": [(titles or {}).get(c, c) for c in rows["chapter"]],
        "target": [anchor(i) for i in rows["id"]],
        "status-class": ["audit-" + s for s in rows["status"]],
    })
    return AuditTable(out, numeric=["Recomputed"], links={"Claim": "target"}, classes={"Verdict": "status-class"})


def top_findings(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger rows ranked in its ``consequence`` column (1 = most consequential), in rank order."""
    frame = ledger() if frame is None else frame
    ranked = frame[frame["consequence"].notna()].sort_values("consequence", kind="stable")
    return ranked.head(TOP_FINDINGS)


def top_findings_html(frame: pd.DataFrame | None = None, titles: dict[str, str] | None = None) -> str:
    """The most consequential findings as an ordered list: claim, verdict, note, link to the row."""
    frame = ledger() if frame is None else frame
    items = []
    for _, row in top_findings(frame).iterrows():
        chapter = html.escape((titles or {}).get(row["chapter"], row["chapter"]))
        items.append(
            f'<li><p><a href="#{anchor(row["id"])}"><strong>“{html.escape(str(row["printed"]))}”</strong></a> '
            f'({chapter}, {html.escape(str(row["location"]))}): <em>{html.escape(STATUS_LABELS[row["status"]])}</em>; '
            f'recomputed {html.escape(format_computed(row))}. {html.escape(render_note(row))}</p></li>')
    return '<ol class="audit-top-findings">\n' + "\n".join(items) + "\n</ol>"


class Html:
    """A fragment of HTML for ``glue`` (its ``_repr_html_``)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def kind_verdict_table(frame: pd.DataFrame | None = None):
    """Counts of the ledger's rows by kind and verdict, with totals."""
    from edition.tables import Table

    table = kind_by_verdict(frame)
    out = pd.DataFrame({"Kind of claim": list(table.index)})
    for status in table.columns:
        out[STATUS_LABELS.get(status, "all").capitalize()] = [show.count(v) for v in table[status]]
    footer = pd.DataFrame([["All kinds", *(show.count(table[c].sum()) for c in table.columns)]], columns=out.columns)
    return Table(out, footer=footer, numeric=list(out.columns[1:]))


def fraction_bands_table():
    """Each fraction word, the share it names and the band it is read with."""
    from edition.tables import Table

    seen, rows = set(), []
    for word in rules.FRACTION_WORDS:
        share, half = rules.fraction_band(word)
        if share in seen:
            continue
        seen.add(share)
        rows.append({"Word": word, "Names": show.percent(share), "Read as": f"{show.percent(share - half)} to {show.percent(share + half)}"})
    return Table(pd.DataFrame(rows).sort_values("Names", key=lambda s: s.str.rstrip("%").astype(float)), numeric=["Names"])


IMPLIED_BASES = ("end-p7-30-percent", "end-p7-47-7-percent", "rev-p10-15-5-percent")
"""Ledger rows whose printed percentage of a stored count implies a population total."""


def totals_table(frame: pd.DataFrame | None = None):
    """The report's prisoner totals for July and October 1945 side by side, and the totals its percentages imply."""
    from edition.tables import Table

    frame = load_ledger() if frame is None else frame
    lines = [
        ("Held when the law was issued (text)", "primary:camp_population_totals/gulag-at-amnesty-law"),
        ("July 1: sum of the age groups", f"t1_total({JULY_1})"),
        ("July 1: sum of the sentence lengths", f"t3_total({JULY_1})"),
        ("October 1: sum of the age groups", f"t1_total({OCTOBER_1})"),
        ("October 1: sum of the sentence lengths", f"t3_total({OCTOBER_1})"),
    ]
    for row_id in IMPLIED_BASES:
        row = frame.set_index("id").loc[row_id]
        count = show.count(stored_value(row["stored"]))
        lines.append((f"Total implied by {row['value']:g}% for {count}", f"implied_base({row['stored']}, {row['value']:g})"))
    out = pd.DataFrame({
        "Total": [label for label, _ in lines],
        "Prisoners": [show.count(round(evaluate(d)[0])) for _, d in lines],
        "Computation": [d for _, d in lines],
    })
    return Table(out, numeric=["Prisoners"])


def notes_defects() -> pd.DataFrame:
    """The report's footnotes with an evident typo or defect, and the correction the edition applied.

    Read through the data layer from ``data/report_notes.csv`` (its ``correction`` column),
    one row per citation with a correction, in note order.
    """
    frame = data.rows("report_notes").astype(str)
    rows = frame[frame["correction"].str.strip().isin(["", "<NA>", "nan"]) == False].copy()  # noqa: E712
    rows["note_number"] = rows["note"].astype(float).astype(int)
    rows["note"] = rows["note_number"].astype(str)
    return rows.sort_values(["note_number", "position"], kind="stable").reset_index(drop=True)


def notes_defects_table():
    """:func:`notes_defects` as an edition table of display strings."""
    from edition.tables import Table

    rows = notes_defects()
    out = pd.DataFrame({
        "Note": rows["note"],
        "Cited work": rows["source_key"],
        "Locator as printed": rows["locator_as_printed"],
        "Locator in the edition": rows["locator"],
        "Defect and correction": rows["correction"],
    })
    return Table(out, numeric=[])


def reference_corrections():
    """Corrections the edition made to the report's references themselves (a year, a title),
    not to one note: the ``correction`` field of ``references.bib`` entries, read with the
    edition's one BibTeX reader."""
    from edition import bibliography

    entries = bibliography.read()
    rows = [{"key": key, "correction": entry["correction"]}
            for key, entry in sorted(entries.items()) if entry.get("correction", "").strip()]
    return pd.DataFrame(rows, columns=["key", "correction"])


def reference_corrections_table():
    """:func:`reference_corrections` as an edition table of display strings."""
    from edition.tables import Table

    rows = reference_corrections()
    return Table(pd.DataFrame({"Cited work": rows["key"], "Defect and correction": rows["correction"]}), numeric=[])


def registry_table():
    """The registry of computations: name, unit and what each computes."""
    from edition.tables import Table

    out = pd.DataFrame({
        "Computation": ["primary:<resource>/<row id>", "judged", *REGISTRY],
        "Unit": ["as the row", "", *(c.unit for c in REGISTRY.values())],
        "What it computes": ["The stored figure itself: the transcription is checked against the print.",
                             "Nothing: the editors judged the claim from the rows in its evidence column.",
                             *(c.doc for c in REGISTRY.values())],
    })
    return Table(out, numeric=[])


def chapter_titles() -> dict[str, str]:
    """Each chapter's title (its first ``# `` heading), by slug."""
    titles = {}
    for slug in CHAPTERS:
        path = paths.chapters_dir() / f"{slug}.md"
        title = slug
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    break
        titles[slug] = title
    return titles


def summary_figures(frame: pd.DataFrame | None = None) -> dict[str, str]:
    """The appendix's glued figures: counts by status and the tolerances of the comparison rule."""
    frame = ledger() if frame is None else frame
    n = counts(frame)
    tables = frame["location"].str.startswith("table ")
    words = frame["kind"].isin(("fraction-word", "round-word", "comparison-word", "change-word"))
    figures = {f"audit-n-{status}": show.count(n[status]) for status in rules.ALL_STATUSES}
    figures.update({
        "audit-n-rows": show.count(n["total"]),
        "audit-n-primary": show.count(n["primary"]),
        "audit-n-recomputed": show.count(n["recomputed"]),
        "audit-n-judged": show.count(n["judged"]),
        "audit-n-findings": show.count(n["findings"]),
        "audit-n-words": show.count(int(words.sum())),
        "audit-n-kinds": show.count(len([k for k in KINDS if (frame["kind"] == k).any()])),
        "audit-n-table-cells": show.count(int((tables & frame["location"].str.contains(", row ")).sum())),
        "audit-n-not-reproduced": show.count(n["findings"]),
        "audit-tol-loose": show.percent(100 * rules.LOOSE_TOLERANCE, 0),
        "audit-tol-over": show.percent(100 * rules.OVER_TOLERANCE, 0),
        "audit-tol-slightly": show.percent(100 * rules.SLIGHTLY_OVER_TOLERANCE, 0),
        "audit-tol-fraction": show.percent(100 * rules.FRACTION_WORD_PRECISION, 0),
        "audit-fraction-cap": show.points(rules.FRACTION_BAND_CAP, 0),
        "audit-margin": show.percent(100 * rules.WRONG_SIDE_MARGIN, 0),
        "audit-majority": show.percent(rules.MAJORITY, 0),
        "audit-vast-majority": show.percent(rules.VAST_MAJORITY, 1),
        "audit-n-note-defects": show.count(len(notes_defects())),
        "audit-n-computations": show.count(len(REGISTRY)),
        "audit-n-top": show.count(len(top_findings(frame))),
    })
    return figures


__all__ = ["CHAPTERS", "LEDGER", "chapter_table", "findings_table", "top_findings_html", "kind_verdict_table",
           "fraction_bands_table", "totals_table", "notes_defects", "notes_defects_table", "registry_table",
           "chapter_titles", "summary_figures", "Html"]
