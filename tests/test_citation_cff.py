"""CITATION.cff: valid Citation File Format 1.2.0, crediting the edition and the 2004 report;
the one place of the release's version and date (CHANGELOG.md and .zenodo.json agree with
it); and what citation-js, the converter reference managers use, makes of it.

The schema is the official CFF 1.2.0 JSON schema (``tests/schemas/cff-1.2.0.json``, as
shipped by the citation-file-format project), checked with ``jsonschema``; ``cffconvert``
is not used because it pins ``jsonschema<4``, which the book's stack cannot take.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent


def _plain(value):
    """YAML dates as the ISO strings the JSON schema expects."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def cff() -> dict:
    return _plain(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))


def test_citation_cff_is_valid_cff_1_2_0(cff):
    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(cff), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors)
    assert cff["cff-version"] == "1.2.0"


def test_the_schema_check_catches_a_broken_file(cff):
    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.json").read_text(encoding="utf-8"))
    broken = dict(cff)
    del broken["authors"]
    broken["references"] = [dict(cff["references"][0], type="not-a-type")]
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(broken))
    assert len(errors) >= 2


def test_it_describes_this_edition(cff):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["title"] == config["title"]
    assert cff["url"] == config["html"]["baseurl"]
    assert cff["repository-code"] == config["repository"]["url"]
    assert str(cff["version"]) == project["version"]
    assert cff["authors"]


def test_it_credits_the_2004_report_and_keeps_its_copyright_with_the_author(cff):
    reports = [r for r in cff["references"] if r["type"] == "report"]
    assert len(reports) == 1
    report = reports[0]
    assert report["title"] == "Amnesty 1945: The Revolving Door of Stalin's Gulag"
    assert report["authors"] == [{"family-names": "Alexopoulos", "given-names": "Golfo",
                                  "affiliation": "University of South Florida"}]
    assert report["date-published"] == "2004-07-08" and report["year"] == 2004
    assert "NCEEER" in report["institution"]["name"]
    assert "818-02g" in report["notes"]
    assert "Alexopoulos" in report["copyright"] and "NCEEER" in report["copyright"]
    assert "report" in cff["message"]


# ----------------------------------------------------------------------------------------
# The release: version and date in CITATION.cff only, repeated by CHANGELOG.md and .zenodo.json
# ----------------------------------------------------------------------------------------

def test_the_release_has_a_version_a_date_and_a_licence():
    raw = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(raw["date-released"], datetime.date), "date-released must be an unquoted ISO date"
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(raw["version"])), "version must be MAJOR.MINOR.PATCH"
    assert raw["license"] and raw["license-url"].startswith("https://")


def test_the_newest_changelog_entry_is_the_release_of_citation_cff(cff):
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, flags=re.M)
    assert releases, "CHANGELOG.md: no release heading '## [X.Y.Z] - YYYY-MM-DD'"
    assert releases[0] == (str(cff["version"]), cff["date-released"]), (
        f"CHANGELOG.md's newest entry {releases[0]} is not CITATION.cff's release "
        f"({cff['version']}, {cff['date-released']}): add the release to both")
    assert "## Errata policy" in text


def test_zenodo_metadata_describes_the_same_work(cff):
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == cff["license"].lower()
    assert zenodo["upload_type"] == "publication" and zenodo["publication_type"] == "book"
    assert cff["url"] in {r["identifier"] for r in zenodo["related_identifiers"]}
    # Zenodo takes the version and the date from the release tag; typed here they could drift.
    assert "version" not in zenodo and "publication_date" not in zenodo


# ----------------------------------------------------------------------------------------
# What a reference manager makes of CITATION.cff: citation-js, the converter GitHub's
# "Cite this repository" and Zotero's CFF import build on
# ----------------------------------------------------------------------------------------

NODE_MODULES = ROOT / "node_modules"
CONVERT = """
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-cff');
require('@citation-js/plugin-bibtex');
const cite = new Cite(fs.readFileSync(process.argv[1], 'utf8'));
const main = new Cite(cite.data.filter((entry) => entry._cff_mainReference));
process.stdout.write(JSON.stringify({bibtex: main.format('bibtex'), biblatex: main.format('biblatex')}));
"""


def _citation_js(path: Path) -> dict:
    node = shutil.which("node")
    if node is None:
        require_or_skip("node is not installed (apt-get install nodejs npm)")
    if not (NODE_MODULES / "@citation-js" / "plugin-cff").is_dir():
        require_or_skip("citation-js is missing from node_modules (run `npm ci --ignore-scripts`)")
    result = subprocess.run([node, "-e", CONVERT, str(path)], capture_output=True, text=True,
                            env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    assert result.returncode == 0, f"citation-js could not read {path.name}:\n{result.stderr}"
    return json.loads(result.stdout)


def _one_entry(text: str) -> dict:
    import bibtexparser

    entries = bibtexparser.loads(text).entries
    assert len(entries) == 1, text
    return {k: re.sub(r"[{}]", "", v) for k, v in entries[0].items()}


def test_citation_js_makes_bibtex_with_title_year_and_version(cff):
    converted = _citation_js(ROOT / "CITATION.cff")
    bibtex, biblatex = _one_entry(converted["bibtex"]), _one_entry(converted["biblatex"])
    title = cff["title"].replace("\u2014", "---")  # citation-js writes the em dash as TeX's ---
    assert bibtex["title"] == title and biblatex["title"] == title
    assert bibtex["year"] == cff["date-released"][:4]
    # Classic BibTeX has no version field; BibLaTeX, which reference managers also export, has.
    assert biblatex["version"] == str(cff["version"])
    assert biblatex["date"] == cff["date-released"]
    assert bibtex["url"] == cff["url"]


def test_citation_js_reads_the_file_it_is_given(tmp_path):
    """The conversion is of this file: a changed version and date come out changed."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changed = re.sub(r"^version: .*$", "version: 9.8.7", text, flags=re.M)
    changed = re.sub(r"^date-released: .*$", "date-released: 2031-03-04", changed, flags=re.M)
    path = tmp_path / "CITATION.cff"
    path.write_text(changed, encoding="utf-8")
    converted = _citation_js(path)
    assert _one_entry(converted["biblatex"])["version"] == "9.8.7"
    assert _one_entry(converted["bibtex"])["year"] == "2031"
