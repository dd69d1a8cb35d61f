"""Fixtures of the browser tests: one JupyterLab server per profile, one headless Chromium.

See harness.py for how JupyterLab is isolated. Run them alone with `make e2e`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from e2e.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FORMATEUR_CONFIG,
    OUTPUT,
    ROOT,
    Lab,
    Session,
    Shots,
    copy_notebooks,
    start_lab,
    stop_lab,
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "playwright_browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def student_lab() -> Iterator[Lab]:
    """JupyterLab as students get it: the environment's configuration, French, no instructor tools."""
    tmp = Path(tempfile.mkdtemp(prefix="casekit-e2e-etudiant-"))
    work = copy_notebooks(tmp / "work")
    lab = start_lab(tmp, work)
    yield lab
    stop_lab(lab)
    shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class DemoCourse:
    root: Path
    graded: str  # the student that `casekit grade` grades (the first, an « excellent » copy)
    _done: bool = False

    def grade(self, *extra: str) -> subprocess.CompletedProcess:
        """`casekit grade bc01` on this course for that student (as the instructor runs it)."""
        done = run_casekit("grade", "bc01", "--course", str(self.root), "--eleve", self.graded,
                           "--sans-progression", "--delai-cellule", "600", "--delai-total", "3600", *extra)
        self._done = True
        return done

    def ensure_graded(self) -> None:
        if not self._done:
            self.grade()


def run_casekit(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    done = subprocess.run([sys.executable, "-m", "casekit.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"casekit {' '.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def demo_course() -> Iterator[DemoCourse]:
    """The demo class (grading/demo/classe_demo.py) in a temporary course, not graded yet."""
    tmp = Path(tempfile.mkdtemp(prefix="casekit-e2e-cours-"))
    root = tmp / "cours"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    subprocess.run([sys.executable, str(ROOT / "grading" / "demo" / "classe_demo.py"), str(root)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    students = sorted(p.name for p in (root / "submitted").iterdir() if p.is_dir())
    yield DemoCourse(root, students[0])
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def instructor_lab(demo_course) -> Iterator[Lab]:
    """JupyterLab with the instructor profile (`make formateur`), on the demo course."""
    tmp = Path(tempfile.mkdtemp(prefix="casekit-e2e-formateur-"))
    lab = start_lab(tmp, demo_course.root, config_path=FORMATEUR_CONFIG)
    yield lab
    stop_lab(lab)
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def browser_page(playwright_browser, request) -> Iterator[Session]:
    """A fresh browser context and page for one test, with its console collected."""
    context = playwright_browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    context.set_default_timeout(30_000)
    page = context.new_page()
    console: list = []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: console.append(("pageerror", str(e))))
    yield Session(page, Shots(page, OUTPUT / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)), console)
    context.close()


