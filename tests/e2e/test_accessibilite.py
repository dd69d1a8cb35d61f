"""axe-core, in the same Chromium, on what we ship: rendered notebooks, veille digest, reports.

Violations in our content (notebook markdown and outputs, our HTML files) fail the test when
serious or critical, or when they break heading order, image alt text or contrast. JupyterLab's
own violations are listed apart (tests/e2e/output/<test>/axe-jupyterlab.txt), not counted.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from e2e.harness import ROOT, axe, blocking, open_lab, report, wait_kernel_idle

OUR_CONTENT = [[".jp-MarkdownOutput"], [".jp-OutputArea-output"]]


@pytest.mark.parametrize("notebook", ["00_decouvrir_le_cas", "01_boite_a_outils"])
def test_rendered_notebook_content_passes_axe(student_lab, browser_page, notebook):
    page, shot = browser_page.page, browser_page.shot
    open_lab(browser_page, student_lab, f"notebooks/{notebook}.ipynb")
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_kernel_idle(page, timeout=120)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_kernel_idle(page, timeout=300, all_run=True)
    shot(f"{notebook}-execute")
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
