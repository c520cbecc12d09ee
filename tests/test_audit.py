"""Tests of the audit of the printed figures (edition/audit.py, data/printed_figures.csv, _ext/edition_audit.py).

The ledger records, for every printed figure, the status the editors found. These tests
recompute every row, so a change in the data (or in a computation) that changes a verdict
fails here until the row and its editorial note are edited to match.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from edition import audit, data

ROOT = Path(__file__).resolve().parent.parent
LEDGER_CSV = ROOT / "data" / "printed_figures.csv"


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return audit.ledger()


def raw(name: str) -> pd.DataFrame:
    """A data file read with plain pandas, not through the edition's loader (independent check)."""
    return pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)


def raw_value(name: str, row_id: str) -> float:
    frame = raw(name)
    return float(frame.loc[frame["id"] == row_id, "value"].iloc[0])


# --------------------------------------------------------------------------- (a) statuses

def test_ledger_is_valid_against_its_schema():
    assert data.validate(audit.LEDGER) == []


def test_every_status_is_the_status_found(ledger):
    changed = ledger[ledger["status"] != ledger["expected_status"]]
    report = "\n".join(f"{r.id}: printed {r.printed!r}, recomputed {r.computed!r}: {r.status} "
                       f"(the ledger says {r.expected_status}); edit the row and its editorial note"
                       for r in changed.itertuples())
    assert changed.empty, report


def test_counts_add_up(ledger):
    n = audit.counts(ledger)
    assert sum(n[s] for s in audit.ALL_STATUSES) == n["total"] == len(ledger)
    assert n["primary"] + n["recomputed"] + n["judged"] == n["total"]
    assert n["discrepancy"] > 0 and n["rounding"] > 0  # the report has both, as the editors found


# --------------------------------------------------------------------------- (b) editorial notes

def test_every_figure_not_reproduced_has_an_editorial_note(ledger):
    missing = ledger[~ledger["expected_status"].isin(["reproduced", "supported"])
                     & (ledger["editorial_note"].fillna("").str.strip() == "")]
    assert missing.empty, f"rows without an editorial note: {', '.join(missing['id'])}"


def test_editorial_notes_render_without_leftover_placeholders(ledger):
    for _, row in ledger.iterrows():
        text = audit.render_note(row)
        assert "{" not in text and "}" not in text, f"{row['id']}: unrendered placeholder in {text!r}"


def test_notes_of_discrepancies_say_what_kind(ledger):
    kinds = ("slip", "different base", "share reported as a change of count", "differ", "contradicted",
             "date arithmetic", "loose", "misprint", "statement")
    for _, row in ledger[ledger["expected_status"].isin(["discrepancy", "contradicted"])].iterrows():
        note = row["editorial_note"].lower()
        assert any(k in note for k in kinds), f"{row['id']}: the note does not name the kind of error"


# --------------------------------------------------------------------------- (c) every table cell

TABLE_1_ROWS = ["Under 17 years-old", "17 to 30 years-old", "31 to 50 years-old", "51 to 60 years-old",
                "Over 60 years-old"]
TABLE_1_COLUMNS = ["July 1, 1945", "October 1, 1945", "Number Released", "Percentage Released"]
TABLE_2_ROWS = ["1 – heavy labor", "2 – moderate labor", "3 – light labor", "4 – invalid, weak"]
TABLE_2_COLUMNS = ["1940", "1942", "July 1, 1945", "October 1, 1945"]
TABLE_2_NO_CATEGORY = "No category; located in convalescent centers"
TABLE_3_ROWS = ["Up to 6 mos.", "6 mos. to 1 yr.", "1 to 3 yrs.", "3 to 5 yrs.", "5 to 10 yrs.", "Over 10 yrs."]
TABLE_3_COLUMNS = ["% change", "# of Prisoners (July 1)", "% of Gulag Population",  # a set: order is free
                   "# of Prisoners (October 1)", "% Gulag Population"]
CELL = re.compile(r'^table (\d), row "(.+)", column "(.+)"$')


def expected_cells() -> set[tuple[int, str, str]]:
    cells = {(1, r, c) for r in TABLE_1_ROWS for c in TABLE_1_COLUMNS}
    cells |= {(2, r, c) for r in TABLE_2_ROWS for c in TABLE_2_COLUMNS}
    cells |= {(2, TABLE_2_NO_CATEGORY, c) for c in ("July 1, 1945", "October 1, 1945")}
    cells |= {(3, r, c) for r in TABLE_3_ROWS for c in TABLE_3_COLUMNS}
    return cells


def ledger_cells(frame) -> dict[tuple[int, str, str], pd.Series]:
    cells = {}
    for _, row in frame.iterrows():
        match = CELL.match(row["location"])
        if match:
            key = (int(match.group(1)), match.group(2), match.group(3))
            assert key not in cells, f"cell {key} is in the ledger twice"
            cells[key] = row
    return cells


def test_the_expected_cell_count():
    assert len(expected_cells()) == 5 * 4 + (4 * 4 + 2) + 6 * 5


def test_every_table_cell_is_in_the_ledger(ledger):
    cells = ledger_cells(ledger)
    assert set(cells) == expected_cells(), (
        f"missing: {sorted(expected_cells() - set(cells))}; unexpected: {sorted(set(cells) - expected_cells())}")


def test_table_cells_are_primary_or_recomputed_as_their_column_says(ledger):
    derived = {(1, "Number Released"): "t1_released", (1, "Percentage Released"): "t1_pct_released",
               (3, "% Gulag Population"): "t3_share", (3, "% of Gulag Population"): "t3_share",
               (3, "% change"): "printed_difference"}
    resources = {1: "population_by_age", 2: "work_ability_by_category", 3: "population_by_sentence_length"}
    for (table, _, column), row in ledger_cells(ledger).items():
        expected = derived.get((table, column))
        if expected:
            assert audit.parse_derivation(row["derivation"])[0] == expected, row["id"]
        else:
            assert row["derivation"].startswith(f"primary:{resources[table]}/"), row["id"]


# --------------------------------------------------------------------------- (d) references resolve

def test_every_primary_reference_resolves_and_matches_the_print(ledger):
    for _, row in ledger[ledger["derivation"].str.startswith("primary:")].iterrows():
        resource, row_id = audit.split_ref(row["derivation"][len("primary:"):])
        frame = raw(resource)
        assert (frame["id"] == row_id).sum() == 1, f"{row['id']}: no row {row_id} in data/{resource}.csv"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace('"', "")).strip()


def test_transcribed_wording_matches_the_ledger(ledger):
    """A primary or stored data row transcribes the same words as the ledger's ``printed``."""
    for _, row in ledger.iterrows():
        refs = []
        if row["derivation"].startswith("primary:"):
            refs.append(row["derivation"][len("primary:"):])
        if isinstance(row["stored"], str) and row["stored"]:
            refs.append(row["stored"])
        for ref in refs:
            resource, row_id = audit.split_ref(ref)
            frame = raw(resource)
            assert (frame["id"] == row_id).sum() == 1, f"{row['id']}: {ref} does not resolve"
            as_printed = frame.loc[frame["id"] == row_id, "as_printed"].iloc[0]
            a, b = _norm(row["printed"]), _norm(as_printed)
            assert a in b or b in a, f"{row['id']}: ledger {row['printed']!r} vs data {as_printed!r}"


def test_every_derivation_parses_and_names_a_registered_computation(ledger):
    for derivation in ledger["derivation"]:
        for reading in audit.readings(derivation):
            name, _ = audit.parse_derivation(reading)
            assert name in ("primary", "judged") or name in audit.REGISTRY


def test_every_data_figure_is_audited(ledger):
    """Every row of every figure file is a primary reference, a stored reference or an input of a check."""
    covered = set()
    for _, row in ledger.iterrows():
        covered.update(row["reads"])
        if isinstance(row["stored"], str) and row["stored"]:
            covered.add(row["stored"])
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    missing = []
    for res in package["resources"]:
        fields = {f["name"] for f in res["schema"]["fields"]}
        if not {"value", "as_printed"} <= fields:
            continue  # not a file of figures
        stem = Path(res["path"]).stem
        for row_id in raw(stem)["id"]:
            if f"{stem}/{row_id}" not in covered:
                missing.append(f"{stem}/{row_id}")
    assert not missing, f"data rows no ledger row audits: {missing}"


def test_loose_qualifiers_are_worded_so_in_the_print(ledger):
    for _, row in ledger[ledger["qualifier"] != "exact"].iterrows():
        words = audit.QUALIFIER_WORDS[row["qualifier"]]
        assert any(w in row["printed"].lower() for w in words), f"{row['id']}: {row['printed']!r} is not '{row['qualifier']}'"


def test_ids_and_chapters(ledger):
    assert ledger["id"].is_unique
    assert set(ledger["chapter"]) <= set(audit.CHAPTERS)
    assert (ledger["section"] == ledger["chapter"]).all()
    prefixes = {"introduction": "intro-", "stalins-amnesty": "amn-", "revolving-door": "rev-",
                "long-arm-of-the-gulag": "arm-", "prisoners-and-ex-prisoners": "pex-",
                "weakening-a-crippled-institution": ("weak-", "t1-", "t2-"),
                "enduring-changes": ("end-", "t3-"), "conclusion": "concl-"}
    for _, row in ledger.iterrows():
        assert row["id"].startswith(prefixes[row["chapter"]]), row["id"]


# --------------------------------------------------------------------------- recomputations by hand

def test_recomputations_agree_with_plain_arithmetic_on_the_csv(ledger):
    by_id = ledger.set_index("id")
    itl, colonies = raw_value("releases_by_camp_type", "itl"), raw_value("releases_by_camp_type", "uitlk-oitk")
    assert by_id.loc["rev-p8-total-released", "computed"] == itl + colonies
    halved = raw_value("sentences_halved", "camps") + raw_value("sentences_halved", "colonies")
    assert by_id.loc["rev-p10-212890", "computed"] == halved
    assert by_id.loc["intro-p2-over-a-million", "computed"] == itl + colonies + halved
    july = raw_value("population_by_age", "under-17-1945-07-01")
    october = raw_value("population_by_age", "under-17-1945-10-01")
    assert by_id.loc["t1-under17-released", "computed"] == july - october
    assert by_id.loc["t1-under17-pct-released", "computed"] == pytest.approx(100 * (july - october) / july)
    t3 = raw("population_by_sentence_length")
    t3["value"] = t3["value"].astype(float)
    jul = t3[t3["id"].str.endswith("1945-07-01")]
    oct_ = t3[t3["id"].str.endswith("1945-10-01")]
    share_jul = 100 * raw_value("population_by_sentence_length", "5-to-10-years-1945-07-01") / jul["value"].sum()
    share_oct = 100 * raw_value("population_by_sentence_length", "5-to-10-years-1945-10-01") / oct_["value"].sum()
    assert by_id.loc["t3-5to10y-pct-jul1", "computed"] == pytest.approx(share_jul)
    # the printed "% change" is judged against the printed shares; the counts give the change as from_counts
    assert by_id.loc["t3-5to10y-change", "computed"] == pytest.approx(60.9 - 52.1)
    assert audit.evaluate(by_id.loc["t3-5to10y-change", "from_counts"])[0] == pytest.approx(share_oct - share_jul)
    held = raw_value("camp_population_totals", "gulag-at-amnesty-law")
    assert by_id.loc["rev-p8-nearly-forty-percent", "computed"] == pytest.approx(100 * (itl + colonies) / held)
    t2 = raw("work_ability_by_category")
    column = t2[t2["id"].str.endswith("-1945-10-01")]["value"].astype(float).sum()
    assert by_id.loc["t2-oct1-column-total", "computed"] == pytest.approx(column)


def test_the_worked_example_is_halved_part_by_part(ledger):
    by_id = ledger.set_index("id")
    years, months, days = (raw_value("worked_example", f"remaining-{p}") for p in ("years", "months", "days"))
    assert by_id.loc["amn-p4-remaining-term", "computed"] == (years * 12 + months) * 30 + days
    assert by_id.loc["amn-p4-halved-term", "computed"] == (years * 12 + months) / 2 * 30 + days / 2
    assert by_id.loc["amn-p4-began-1941", "computed"] == 1941


def test_dates_of_the_spans(ledger):
    by_id = ledger.set_index("id")
    assert by_id.loc["rev-p1-three-weeks", "computed"] == pytest.approx(42 / 7)  # July 10 to August 20, both days counted
    assert by_id.loc["rev-p5-three-months", "computed"] == pytest.approx(90 / (365.25 / 12))  # July 7 to Oct 5


def test_evaluate_reports_the_rows_it_read():
    value, reads = audit.evaluate("total_released")
    assert reads == ["releases_by_camp_type/itl", "releases_by_camp_type/uitlk-oitk"]
    assert value == raw_value("releases_by_camp_type", "itl") + raw_value("releases_by_camp_type", "uitlk-oitk")


# --------------------------------------------------------------------------- (f) a changed datum flips a status

def _statuses_in(book: Path) -> dict[str, str]:
    code = ("import json; from edition import audit; L = audit.ledger(); "
            "print(json.dumps(dict(zip(L['id'], L['status']))))")
    env = dict(os.environ, EDITION_ROOT=str(book))
    result = subprocess.run([sys.executable, "-c", code], cwd=book, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_altered_data_value_flips_a_status(book_copy):
    path = book_copy / "data" / "population_by_age.csv"
    text = path.read_text(encoding="utf-8")
    assert "under-17-1945-10-01,under 17,11723," in text
    path.write_text(text.replace("under-17-1945-10-01,under 17,11723,", "under-17-1945-10-01,under 17,11722,"),
                    encoding="utf-8")
    statuses = _statuses_in(book_copy)
    expected = pd.read_csv(LEDGER_CSV, dtype=str, keep_default_na=False).set_index("id")["expected_status"]
    # 34,105 - 11,722 = 22,383: the printed "Number Released" is now reproduced, against the ledger's verdict.
    assert expected["t1-under17-released"] == "rounding"
    assert statuses["t1-under17-released"] == "reproduced"
    # The cell itself no longer matches the print either: a transcription check turns into a discrepancy.
    assert statuses["t1-under17-oct1"] == "discrepancy"
    flipped = {k for k, v in statuses.items() if v != expected[k]}
    assert flipped == {"t1-under17-released", "t1-under17-oct1"}


def test_an_altered_primary_value_is_a_discrepancy(book_copy):
    path = book_copy / "data" / "releases_by_camp_type.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",206554,", ",206555,"), encoding="utf-8")
    statuses = _statuses_in(book_copy)
    assert statuses["rev-p8-itl"] == "discrepancy"           # the transcription no longer matches the print
    assert statuses["rev-p8-total-released"] == "rounding"    # the total is now one more than printed


# --------------------------------------------------------------------------- the appendix and the role

def test_chapter_tables_carry_one_anchor_per_row(ledger):
    anchors = []
    for chapter in audit.CHAPTERS:
        html = audit.chapter_table(chapter, ledger)._repr_html_()
        anchors += re.findall(r'<tr id="audit-([^"]+)">', html)
    assert sorted(anchors) == sorted(ledger["id"])


def test_findings_table_lists_every_row_not_reproduced(ledger):
    html = audit.findings_table(ledger)._repr_html_()
    linked = set(re.findall(r'<a href="#audit-([^"]+)">', html))
    assert linked == set(ledger.loc[~ledger["status"].isin(["reproduced", "supported", "follows"]), "id"])


def test_notes_defects_come_from_the_csv():
    notes = raw("report_notes")
    expected = notes[notes["correction"].str.strip() != ""]
    defects = audit.notes_defects()
    assert len(defects) == len(expected) > 0
    assert set(defects["note"]) == set(expected["note"])
    assert {"41", "133"} <= set(defects["note"])  # l. 208-109 and GSRF


def test_totals_table_shows_the_disagreeing_totals(ledger):
    text = repr(audit.totals_table(ledger))
    for figure in ("1,565,442", "1,478,238", "1,420,581", "970,764", "936,601"):
        assert figure in text


SPHINX_CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["edition_audit"]
exclude_patterns = ["data"]
"""


def _sphinx_project(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    shutil.copy(LEDGER_CSV, src / "data" / "printed_figures.csv")
    (src / "conf.py").write_text(SPHINX_CONF.format(ext=str(ROOT / "_ext")), encoding="utf-8")
    (src / "index.rst").write_text(textwrap.dedent("""\
        Index
        =====

        .. toctree::

           chapter
           audit
        """), encoding="utf-8")
    (src / "audit.rst").write_text(".. _audit:\n\nAudit\n=====\n\nThe ledger.\n", encoding="utf-8")
    (src / "chapter.rst").write_text("Chapter\n=======\n\n" + body + "\n", encoding="utf-8")
    return src


def _sphinx(src: Path, out: Path):
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(src), str(out)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_audit_role_links_to_the_appendix(tmp_path):
    src = _sphinx_project(tmp_path, "The table prints 65.4%. :audit:`t1-under17-pct-released`")
    result = _sphinx(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "chapter.html").read_text(encoding="utf-8")
    assert '<sup class="audit-marker audit-discrepancy"><a href="audit.html#audit-t1-under17-pct-released"' in page
    assert 'aria-label="Audit of this figure (65.4%): discrepancy.' in page


def test_audit_role_warns_about_an_unknown_id(tmp_path):
    src = _sphinx_project(tmp_path, "A figure. :audit:`no-such-figure`")
    result = _sphinx(src, tmp_path / "out")
    assert result.returncode != 0
    assert "chapter.rst" in result.stderr and "no-such-figure" in result.stderr


def test_majority_words_use_the_documented_thresholds(ledger):
    for _, row in ledger[ledger["derivation"] != "judged"].iterrows():
        words = row["printed"].lower()
        if "vast majority" in words or "overwhelming majority" in words:
            assert (row["qualifier"], row["value"]) == ("over", audit.VAST_MAJORITY), row["id"]
        elif "majority" in words:
            assert (row["qualifier"], row["value"]) == ("over", audit.MAJORITY), row["id"]


def test_a_changed_status_fails_the_build_and_the_marker_shows_the_computed_one(book_copy, tmp_path):
    """One status everywhere: the marker shows the computed status; a change of status stops the build."""
    path = book_copy / "data" / "releases_by_camp_type.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",206554,", ",206555,"), encoding="utf-8")
    src = _sphinx_project(tmp_path, "The camps released 206,554. :audit:`rev-p8-itl`")
    env = dict(os.environ, EDITION_ROOT=str(book_copy), PYTHONPATH=str(book_copy))
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(src), str(tmp_path / "out")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=book_copy)
    assert result.returncode != 0
    for part in ("rev-p8-itl", "'reproduced'", "'discrepancy'", "data/releases_by_camp_type.csv row 'itl'"):
        assert part in result.stderr, part
    page = (tmp_path / "out" / "chapter.html").read_text(encoding="utf-8")
    assert 'class="audit-marker audit-discrepancy"' in page        # computed, not the ledger's "reproduced"


def test_every_row_has_a_kind_and_a_verdict_of_its_vocabulary(ledger):
    words = ledger["kind"].isin(audit.WORD_KINDS) & ~ledger["derivation"].str.startswith("primary:")
    assert set(ledger["kind"]) <= set(audit.KINDS)
    assert set(ledger.loc[words, "status"]) <= set(audit.WORD_VERDICTS), "a claim in words judged as a figure"
    figures = ~ledger["kind"].isin(audit.WORD_KINDS) & (ledger["derivation"] != "judged")
    assert set(ledger.loc[figures, "status"]) <= {*audit.STATUSES, audit.FOLLOWS}


def test_every_evidence_reference_resolves(ledger):
    ids = set(ledger["id"])
    for _, row in ledger.iterrows():
        for ref in str(row["evidence"] if isinstance(row["evidence"], str) else "").split(";"):
            ref = ref.strip()
            if not ref:
                continue
            if "/" in ref:
                resource, row_id = audit.split_ref(ref)
                assert (raw(resource)["id"] == row_id).sum() == 1, f"{row['id']}: evidence {ref} does not resolve"
            else:
                assert ref in ids, f"{row['id']}: evidence {ref} is not a ledger row"


def test_loose_and_contradicted_verdicts_rest_on_rows_and_say_so(ledger):
    for _, row in ledger[ledger["status"].isin(["loose", "contradicted", "not-checkable"])].iterrows():
        evidence = row["evidence"] if isinstance(row["evidence"], str) else ""
        rows = list(row["reads"]) + [r for r in evidence.split(";") if r.strip()]
        if row["status"] != "not-checkable":
            assert rows, f"{row['id']}: a {row['status']} verdict names no rows"
        note = audit.render_note(row).lower()
        word = {"loose": "loose", "contradicted": "contradicted", "not-checkable": "not checkable"}[row["status"]]
        assert word in note or row["status"] == "loose" and ("overstate" in note or "understate" in note), \
            f"{row['id']}: the note does not say '{word}'"


def test_the_ten_most_consequential_findings_are_findings(ledger):
    top = audit.top_findings(ledger)
    assert len(top) == 10 and list(top["consequence"]) == list(range(1, 11))
    assert not top["status"].isin(["reproduced", "supported", "follows"]).any()
