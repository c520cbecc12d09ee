"""environment.yml (Binder) agrees with requirements.txt, installs the edition's package,
and holds everything the chapters need, each pinned; postBuild pins jupytext the same way."""
from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: '{line}' is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


@pytest.fixture(scope="module")
def env() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _pip(env) -> list[str]:
    sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml needs one pip section"
    return sections[0]


def _pinned(env) -> dict[str, str]:
    pins = {}
    for line in _pip(env):
        if line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"environment.yml: '{line}' is not pinned with =="
        pins[canonicalize_name(name)] = version
    return pins


def test_every_pin_of_environment_yml_is_the_pin_of_requirements_txt(env):
    requirements = _requirements()
    pins = _pinned(env)
    assert pins
    differ = {n: (v, requirements.get(n)) for n, v in pins.items() if requirements.get(n) != v}
    assert not differ, f"environment.yml pins differ from requirements.txt (env, requirements): {differ}"


def test_conda_part_is_python_3_11_and_pip_only(env):
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda and "pip" in conda
    assert len(conda) == 2, f"conda packages other than python and pip would escape the pins: {conda}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "3.11" in project["requires-python"]


def test_binder_installs_the_edition_package_and_jupytext(env):
    assert "-e ." in _pip(env), "environment.yml must install the edition's package (-e .)"
    pins = _pinned(env)
    assert "jupytext" in pins
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dependency in project["dependencies"]:
        assert canonicalize_name(Requirement(dependency).name) in pins, dependency
    for needed in ("myst-nb", "ipykernel", "pyyaml"):  # glue in the chapters; the kernel; CITATION.cff
        assert needed in pins, needed


def test_the_pins_are_closed_under_dependencies(env):
    """Every dependency of a pinned package is pinned too, so Binder resolves nothing itself."""
    pins = _pinned(env)
    missing = {}
    for name in pins:
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is pinned in environment.yml but not installed here")
        for text in requires:
            req = Requirement(text)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(req.name) not in pins:
                missing.setdefault(name, []).append(req.name)
    assert not missing, f"dependencies not pinned in environment.yml: {missing}"


def test_postbuild_pins_jupytext_like_requirements_and_sets_the_notebook_viewer():
    script = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!/bin/bash")
    pinned = re.findall(r"jupytext==([\w.]+)", script)
    assert pinned == [_requirements()["jupytext"]]
    assert "set-default-viewer" in script
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_launch_buttons_open_binder_in_jupyterlab():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    launch = config["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["notebook_interface"] == "jupyterlab"
