"""CITATION.cff: valid Citation File Format 1.2.0, crediting the edition and the 2004 report.

The schema is the official CFF 1.2.0 JSON schema (``tests/schemas/cff-1.2.0.json``, as
shipped by the citation-file-format project), checked with ``jsonschema``; ``cffconvert``
is not used because it pins ``jsonschema<4``, which the book's stack cannot take.
"""
from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

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
