"""Student journey through an assessed notebook (bc01/02): answer, self-check, Validate."""

from __future__ import annotations

import json
import re

from e2e.harness import ROOT, cell_outputs, execute, open_lab, wait_kernel_idle
from e2e.test_etudiant import close_dialog, run_all_cells_from_menu, validate

NOTEBOOK = "notebooks/bc01/02_besoin.ipynb"
SOLUTION = ROOT / "notebooks" / "solutions" / "bc01" / "02_besoin.ipynb"


def answer_cells(nb: dict) -> list[int]:
    return [i for i, c in enumerate(nb["cells"]) if c["metadata"].get("nbgrader", {}).get("solution")]


def cell(page, index: int):
    """The cell `index` of the current notebook, scrolled into view and made active."""
    page.evaluate(
        """(i) => { const n = window.jupyterapp.shell.currentWidget.content;
             n.activeCellIndex = i; n.mode = 'command'; n.widgets[i].node.scrollIntoView(); }""",
        index,
    )
    return page.locator(".jp-NotebookPanel .jp-Cell.jp-mod-active")


def type_in_cell(page, index: int, text: str) -> None:
    """Click into cell `index`, select its content and type `text` over it (as a paste)."""
    cell(page, index).locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def run_cell_and_next(page, index: int) -> None:
    """Shift+Enter in cell `index`, then in the check cell that follows it."""
    cell(page, index).locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    wait_kernel_idle(page, timeout=120)


def outputs_of(page, index: int) -> list[dict]:
    return page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.outputs.toJSON()", index
    )


def test_student_answers_a_question_sees_french_feedback_then_validates(student_lab, browser_page):
    page, shot = browser_page.page, browser_page.shot
    student = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
    solution = json.loads(SOLUTION.read_text(encoding="utf-8"))
    answers = answer_cells(student)
    code_answers = [i for i in answers if student["cells"][i]["cell_type"] == "code"]
    first = code_answers[0]
    check = first + 1
    assert student["cells"][check]["metadata"]["nbgrader"].get("grade"), "an answer cell is followed by its check"

    open_lab(browser_page, student_lab, NOTEBOOK)
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_kernel_idle(page, timeout=120)
    shot("bc01-02-ouvert")
    run_all_cells_from_menu(page)
    wait_kernel_idle(page, timeout=300)

    # A typical wrong answer: the raw survey, not cleaned. The check explains, in French.
    type_in_cell(page, first, "enquete_propre = brute.copy()")
    run_cell_and_next(page, first)
    shot("reponse-fausse-message-francais")
    failed = [o for o in outputs_of(page, check) if o["output_type"] == "error"]
    assert failed and failed[0]["ename"] == "VerificationEchouee", outputs_of(page, check)
    message = failed[0]["evalue"]
    assert re.search(r"\b(votre|vous|dans|les|la|des|doit|est)\b", message, re.I), message
    assert "AssertionError" not in message
    shown_text = cell(page, check).locator(".jp-OutputArea-output").inner_text()
    assert message in shown_text and "raise " not in shown_text, f"students see code, not only the message:\n{shown_text}"

    # The right answer: the check turns to its « ✓ » line, with no error.
    type_in_cell(page, first, "".join(solution["cells"][first]["source"]))
    run_cell_and_next(page, first)
    shot("reponse-juste-coche-verte")
    shown = outputs_of(page, check)
    assert not [o for o in shown if o["output_type"] == "error"], shown
    text = "".join("".join(o.get("text", "")) for o in shown if o["output_type"] == "stream")
    assert text.startswith("✓"), shown
    assert cell(page, check).locator(".jp-OutputArea-output").get_by_text("✓").count() == 1

    # The other answers as a finished copy would have them; then nbgrader's Validate passes.
    page.evaluate(
        """(cells) => { const p = window.jupyterapp.shell.currentWidget;
             for (const [i, src] of cells) p.content.widgets[i].model.sharedModel.setSource(src); }""",
        [[i, "".join(solution["cells"][i]["source"])] for i in answers if i != first],
    )
    execute(page, "docmanager:save")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    result = validate(page)
    shot("validate-reussi")
    close_dialog(page)
    assert "Success! Your notebook passes all the tests." in result, result
    assert not [o for outs in cell_outputs(page) for o in outs if o["output_type"] == "error" and o["ename"] != "NotImplementedError"]
