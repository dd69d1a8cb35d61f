"""axe-core, in the same Chromium, on what we ship: rendered notebooks, veille digest, reports.

Violations in our content (notebook markdown and outputs, our HTML files) fail the test when
serious or critical, or when they break heading order, image alt text or contrast. JupyterLab's
own violations are listed apart (tests/e2e/output/<test>/axe-jupyterlab.txt), not counted.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from e2e.harness import ROOT, axe, blocking, error_outputs, open_lab, report, wait_kernel_idle

OUR_CONTENT = [[".jp-MarkdownOutput"], [".jp-OutputArea-output"]]
# The tours, and every worked solution: all their outputs rendered (student versions stop early).
NOTEBOOKS = sorted(
    str(p.relative_to(ROOT / "notebooks").with_suffix(""))
    for p in [*(ROOT / "notebooks").glob("[0-9]*.ipynb"), *(ROOT / "notebooks" / "solutions").rglob("*.ipynb")]
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_rendered_notebook_content_passes_axe(student_lab, browser_page, notebook):
    page, shot = browser_page.page, browser_page.shot
    open_lab(browser_page, student_lab, f"notebooks/{notebook}.ipynb")
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_kernel_idle(page, timeout=120)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_kernel_idle(page, timeout=600, all_run=True)
    shot(f"{notebook.replace('/', '-')}-execute")
    assert error_outputs(page) == [], f"{notebook} does not run cleanly in JupyterLab"
    shown = page.locator(", ".join(sel for (sel,) in OUR_CONTENT)).count()
    assert shown > 10, f"only {shown} rendered markdown/output blocks"
    ours = axe(page, {"include": OUR_CONTENT})
    lab = axe(page, {"exclude": OUR_CONTENT})
    folder = shot.folder
    (folder / "axe-contenu.txt").write_text(report(ours), encoding="utf-8")
    (folder / "axe-jupyterlab.txt").write_text(report(lab), encoding="utf-8")
    assert not blocking(ours), "\n" + report(blocking(ours))


def test_veille_digest_passes_axe(browser_page, tmp_path):
    out = tmp_path / "veille.html"
    subprocess.run([sys.executable, "-m", "casekit.cli", "veille", "cas", "--out", str(out)],
                   check=True, cwd=ROOT, capture_output=True)
    page = browser_page.page
    page.goto(out.as_uri())
    browser_page.shot("digest-veille", full_page=True)
    found = axe(page)
    assert not blocking(found), "\n" + report(blocking(found))


def test_grading_report_and_feedback_pass_axe(demo_course, browser_page):
    """The per-competence report (instructors) and a feedback page (students)."""
    page = browser_page.page
    demo_course.ensure_graded()
    pages = {
        "bilan-par-competence": demo_course.root / "casekit" / "bc01" / "bilan_competences.html",
        "retour-etudiant": demo_course.root / "feedback" / demo_course.graded / "bc01" / "02_besoin.html",
    }
    problems = {}
    for name, path in pages.items():
        assert path.exists(), path
        page.goto(path.as_uri())
        browser_page.shot(name, full_page=True)
        found = axe(page)
        (browser_page.shot.folder / f"axe-{name}.txt").write_text(report(found), encoding="utf-8")
        if blocking(found):
            problems[name] = report(blocking(found))
    assert not problems, "\n".join(f"{k}:\n{v}" for k, v in problems.items())
