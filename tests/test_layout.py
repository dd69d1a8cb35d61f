"""The repository's promises: README commands, CI, Binder pins, documentation coverage."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

import casekit

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make kit", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == [
        "make test"
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: \$\(STAMP\)\n(\t.+\n)+", makefile, re.M)
    assert "pytest" in makefile and "ruff check" in makefile


def test_binder_pins_every_runtime_dependency_within_its_range():
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    for dep in PYPROJECT["project"]["dependencies"]:
        req = Requirement(dep)
        assert req.name.lower() in pins, f"{req.name} missing from binder/requirements.txt"
        assert req.specifier.contains(pins[req.name.lower()]), f"{req.name}=={pins[req.name.lower()]}"
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(runtime.removeprefix("python-") + ".0")
    post = (ROOT / "binder" / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and "set -e" in post and "--no-deps" in post


def test_readme_documents_every_dataset_and_dependency():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in casekit.list_datasets():
        assert f"| `{name}` |" in readme, name
    deps = [Requirement(d).name for d in PYPROJECT["project"]["dependencies"]]
    deps += [Requirement(d).name for extra in PYPROJECT["project"]["optional-dependencies"].values() for d in extra]
    for dep in deps:
        assert dep in readme, f"README does not say why {dep} is needed"
