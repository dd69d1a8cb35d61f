"""Pinned versions agree everywhere, and the environment carries the students' JupyterLab settings."""

from __future__ import annotations

import json
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "binder" / "lab"


def pyproject_requirements() -> dict[str, Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    reqs += [r for extra in data["project"]["optional-dependencies"].values() for r in extra]
    reqs += [r for r in data["dependency-groups"]["test"] if isinstance(r, str)]
    return {Requirement(r).name.lower(): Requirement(r) for r in reqs}


def binder_pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, ver = line.partition("==")
            assert ver, f"binder/requirements.txt: {line!r} is not an exact pin"
            pins[name.strip().lower()] = ver.strip()
    return pins


def disagreements(pyproject: dict[str, Requirement], pins: dict[str, str]) -> list[str]:
    """Every binder pin outside pyproject's range, and every `==` in pyproject that binder pins otherwise."""
    problems = []
    for name, ver in pins.items():
        req = pyproject.get(name)
        if req is not None and not req.specifier.contains(ver, prereleases=True):
            problems.append(f"{name}: binder {ver} vs pyproject {req.specifier}")
    return problems


def test_binder_and_pyproject_agree_on_every_pinned_version():
    pyproject = pyproject_requirements()
    pins = binder_pins((ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8"))
    assert disagreements(pyproject, pins) == []
    # The students' JupyterLab and its language pack are pinned on both sides.
    for name in ("jupyterlab", "jupyterlab-language-pack-fr-fr"):
        assert name in pins and name in pyproject, name
    assert str(pyproject["nbgrader"].specifier).startswith("=="), "nbgrader must be pinned exactly"


def test_the_agreement_check_catches_a_drift():
    pyproject = {"jupyterlab": Requirement("jupyterlab>=4.6.4,<5"), "nbgrader": Requirement("nbgrader==0.9.6")}
    assert disagreements(pyproject, {"jupyterlab": "4.6.6", "nbgrader": "0.9.6"}) == []
    assert disagreements(pyproject, {"jupyterlab": "4.5.2"}) == ["jupyterlab: binder 4.5.2 vs pyproject <5,>=4.6.4"]
    assert disagreements(pyproject, {"nbgrader": "0.9.5"}) != []


def test_installed_jupyterlab_and_nbgrader_are_the_pinned_pair():
    pyproject = pyproject_requirements()
    for name in ("jupyterlab", "nbgrader", "jupyterlab-language-pack-fr-fr"):
        assert pyproject[name].specifier.contains(version(name)), f"{name} {version(name)} installed"


def test_environment_carries_the_students_lab_settings():
    """`make setup` and binder/postBuild install binder/lab/ at the environment level."""
    prefix = Path(sys.prefix)
    installed = {
        LAB / "overrides.json": prefix / "share/jupyter/lab/settings/overrides.d/casekit.json",
        LAB / "page_config.json": prefix / "etc/jupyter/labconfig/page_config.d/casekit.json",
        LAB / "nbgrader_config.py": prefix / "etc/jupyter/nbgrader_config.py",
    }
    for source, target in installed.items():
        assert target.exists() and target.read_bytes() == source.read_bytes(), f"run `make setup`: {target}"
    overrides = json.loads((LAB / "overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    hidden = json.loads((LAB / "page_config.json").read_text())["disabledExtensions"]
    shown = json.loads((LAB / "formateur" / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert set(hidden) == set(shown) and all(hidden.values()) and not any(shown.values())

