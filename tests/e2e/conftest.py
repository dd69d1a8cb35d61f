"""Fixtures of the browser tests: one JupyterLab server per profile, one headless Chromium.

See harness.py for how JupyterLab is isolated. Run them alone with `make e2e`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def instructor_lab() -> Iterator[Lab]:
    """JupyterLab with the instructor profile (`make formateur`): nbgrader's tools all shown."""
    tmp = Path(tempfile.mkdtemp(prefix="casekit-e2e-formateur-"))
    course = tmp / "cours"
    if (ROOT / "grading").is_dir():
        shutil.copytree(ROOT / "grading", course, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        course.mkdir()
    lab = start_lab(tmp, course, config_path=FORMATEUR_CONFIG)
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


