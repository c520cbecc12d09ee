"""Every built page is valid HTML: the Nu HTML Checker (vnu) reports zero errors.

The checker is the npm package ``vnu-jar`` (``npm ci`` installs it into node_modules/),
run with the system Java. Warnings and notes are allowed (the theme's templates write
``<main role="main">`` and trailing slashes on void elements); errors are not. The
theme's own template fragments in ``_static`` (``webpack-macros.html``) are not pages
and are not checked.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    if not VNU.is_file():
        require_or_skip(f"{VNU.relative_to(ROOT)} is missing (run `npm ci`)")
    java = shutil.which("java")
    if java is None:
        require_or_skip("java is not installed (apt-get install default-jre-headless)")
    return [java, "-Xss8m", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]


def check(files: list[Path]) -> list[dict]:
    """vnu's messages for ``files`` (one Java start for all of them)."""
    result = subprocess.run(vnu_command() + [str(f) for f in files], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not answer in JSON:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def describe(message: dict, base: Path) -> str:
    url = message.get("url", "").removeprefix("file:")
    try:
        url = str(Path(url).resolve().relative_to(base.resolve()))
    except ValueError:
        pass
    extract = " ".join(message.get("extract", "").split())[:100]
    return f"{url}:{message.get('lastLine', '?')}: {message['message']}  [{extract}]"


def pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] != "_static")


def test_every_page_is_valid_html(built_book):
    files = pages(built_book)
    assert len(files) >= 10, f"only {len(files)} pages built"
    messages = check(files)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(describe(m, built_book) for m in errors[:60])


def test_the_checker_catches_an_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
                   '<body><p><div>block in a paragraph</div></p><table border="1"></table></body></html>')
    good = tmp_path / "good.html"
    good.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>fine</p></body></html>')
    messages = check([bad, good])
    errors = [m for m in messages if m.get("type") == "error"]
    assert errors and all("bad.html" in m["url"] for m in errors)
