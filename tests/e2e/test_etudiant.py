"""Student journey in JupyterLab, as students get it (French, no instructor tools)."""

from __future__ import annotations

import re
import shutil

from e2e.harness import error_outputs, open_lab, plugins, wait_kernel_idle

INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list")
FRENCH_MENUS = ["Fichier", "Édition", "Affichage", "Exécution", "Noyau"]


def menu_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()]


def run_all_cells_from_menu(page) -> None:
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile("^Exécution$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile("^Exécuter toutes les cellules")).first.click()


def test_students_get_french_lab_without_instructor_tools(student_lab, browser_page):
    page, shot = browser_page.page, browser_page.shot
    open_lab(browser_page, student_lab)
    shot("accueil-en-francais")
    titles = menu_titles(page)
    assert all(m in titles for m in FRENCH_MENUS), titles
    active = plugins(page)
    for plugin in INSTRUCTOR_PLUGINS:
        assert plugin not in active, f"{plugin} visible to students"
    assert active.get("@jupyter/nbgrader:validate-assignment") is True
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile("^Nbgrader$")).click()
    items = page.locator(".lm-Menu-content .lm-Menu-itemLabel").all_inner_texts()
    shot("menu-nbgrader-sans-outils-formateur")
    page.keyboard.press("Escape")
    assert not [i for i in items if re.search("formgrader|create assignment|course list", i, re.I)], items


def test_notebook_00_runs_every_cell_without_error_output(student_lab, browser_page):
    page, shot = browser_page.page, browser_page.shot
    open_lab(browser_page, student_lab, "notebooks/00_decouvrir_le_cas.ipynb")
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_kernel_idle(page, timeout=120)
    shot("carnet-00-ouvert")
    run_all_cells_from_menu(page)
    wait_kernel_idle(page, timeout=300, all_run=True)
    shot("carnet-00-execute")
    prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt").all_text_contents()
    assert prompts and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts), prompts
    assert error_outputs(page) == []
    shot("carnet-00-fin", full_page=True)


def validate(page) -> str:
    """Click nbgrader's Validate button and return the result dialog's text."""
    page.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    page.wait_for_function(
        "() => { const d = document.querySelector('.jp-Dialog'); return d && !/Validating/.test(d.innerText); }",
        timeout=300_000,
    )
    return dialog.inner_text()


def close_dialog(page) -> None:
    page.locator(".jp-Dialog .jp-Dialog-button").last.click()
    page.locator(".jp-Dialog").wait_for(state="detached")


def test_validate_on_a_tour_notebook_runs_every_cell(student_lab, browser_page):
    """Validate, where it shows, runs real checks: a broken cell makes it fail."""
    page, shot = browser_page.page, browser_page.shot
    copy = student_lab.root_dir / "notebooks" / "00_validation.ipynb"
    shutil.copy(student_lab.root_dir / "notebooks" / "00_decouvrir_le_cas.ipynb", copy)
    open_lab(browser_page, student_lab, "notebooks/00_validation.ipynb")
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_kernel_idle(page, timeout=120)
    result = validate(page)
    shot("validate-carnet-intact")
    close_dialog(page)
    assert "Success! Your notebook passes all the tests." in result, result
    page.evaluate(
        """async () => { const p = window.jupyterapp.shell.currentWidget;
             const cells = p.content.widgets.filter(c => c.model.type === 'code');
             cells[cells.length - 1].model.sharedModel.setSource('1 / 0');
             await window.jupyterapp.commands.execute('docmanager:save'); }"""
    )
    result = validate(page)
    shot("validate-carnet-casse")
    close_dialog(page)
    assert "Success" not in result and "The following cell failed" in result and "ZeroDivisionError" in result, result
