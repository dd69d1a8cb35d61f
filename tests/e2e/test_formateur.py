"""Instructor side: the pinned JupyterLab/nbgrader pair loads all of nbgrader's plugins cleanly."""

from __future__ import annotations

import csv
import re

from e2e.harness import execute, open_lab, plugins, shared_module_warnings

NBGRADER_PLUGINS = [
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:validate-assignment",
]


def test_pinned_pair_loads_all_six_nbgrader_plugins_without_shared_module_warnings(instructor_lab, browser_page):
    page, shot = browser_page.page, browser_page.shot
    open_lab(browser_page, instructor_lab)
    active = plugins(page)
    assert {p: active.get(p) for p in NBGRADER_PLUGINS} == dict.fromkeys(NBGRADER_PLUGINS, True)
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile("^Nbgrader$")).click()
    items = page.locator(".lm-Menu-content .lm-Menu-itemLabel").all_inner_texts()
    shot("menu-nbgrader-formateur")
    page.keyboard.press("Escape")
    assert any("Formgrader" in i for i in items), items
    assert shared_module_warnings(browser_page) == []


def competence_points(course, student: str, competence: str) -> tuple[float, float]:
    rows = csv.DictReader((course.root / "casekit" / "bc01" / "notes_par_competence.csv").open(encoding="utf-8"))
    row = next(r for r in rows if r["eleve"] == student and r["competence"] == competence)
    return float(row["points"].replace(",", ".")), float(row["max"].replace(",", "."))


def api(page, lab, path: str, method: str = "GET", body: dict | None = None):
    """The formgrader's JSON API, called from the page (same cookies and XSRF token as its UI)."""
    return page.evaluate(
        """async ([url, method, body]) => {
             const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1];
             const r = await fetch(url, {method, headers: {'X-XSRFToken': xsrf || ''},
                                          body: body ? JSON.stringify(body) : undefined});
             return await r.json(); }""",
        [f"{lab.url}formgrader/api/{path}", method, body],
    )


def test_instructor_grades_by_hand_in_formgrader_and_casekit_grade_keeps_it(instructor_lab, demo_course, browser_page):
    page, shot = browser_page.page, browser_page.shot
    student = demo_course.graded
    demo_course.ensure_graded()
    open_lab(browser_page, instructor_lab)
    execute(page, "nbgrader:open-formgrader")
    frame_el = page.locator("iframe[src*='formgrader']")
    frame_el.wait_for()
    frame = frame_el.element_handle().content_frame()
    frame.get_by_text("bc01", exact=True).first.wait_for()
    shot("formgrader-devoir-bc01")

    # The BC01 assignment and every demo submission are listed.
    submitted = sorted(p.name for p in (demo_course.root / "submitted").iterdir() if p.is_dir())
    assert len(submitted) >= 30
    frame.locator("a", has_text=re.compile(r"^\s*\d+\s*$")).first.click()  # the submissions count link
    frame.get_by_text(submitted[-1]).first.wait_for()
    shot("formgrader-copies-de-la-classe")
    listed = frame.locator("body").inner_text()
    assert all(s in listed for s in submitted), [s for s in submitted if s not in listed]

    # One written answer graded by hand, in the formgrader's own grading page.
    notebooks = api(page, instructor_lab, "submitted_notebooks/bc01/02_besoin")
    mine = next(n for n in notebooks if n["student"] == student)
    grades = api(page, instructor_lab, f"grades?submission_id={mine['id']}")
    written = next(g for g in grades if g["name"] == "c2_reformulation")
    assert written["manual_score"] is None and written["needs_manual_grade"]
    before, max_c2 = competence_points(demo_course, student, "C2")
    frame.goto(f"{instructor_lab.url}formgrader/submissions/{mine['id']}/?index=0")
    box = frame.locator("input.score#c2_reformulation")
    box.fill("3")
    box.press("Tab")
    page.wait_for_timeout(500)
    frame.locator("input.score#c2_reformulation").scroll_into_view_if_needed()
    shot("formgrader-note-manuelle")
    saved = next(g for g in api(page, instructor_lab, f"grades?submission_id={mine['id']}") if g["name"] == "c2_reformulation")
    assert saved["manual_score"] == 3, saved

    # Re-running `casekit grade` (forced) keeps the manual grade and reports it per competence.
    demo_course.grade("--force")
    kept = next(g for g in api(page, instructor_lab, f"grades?submission_id={mine['id']}") if g["name"] == "c2_reformulation")
    assert kept["manual_score"] == 3, kept
    after, _ = competence_points(demo_course, student, "C2")
    assert after == before + 3, (before, after)
    report = demo_course.root / "casekit" / "bc01" / "bilan_competences.html"
    page.goto(report.as_uri())
    shot("bilan-par-competence", full_page=True)
    row = page.locator("tr", has_text=student).first
    headers = [h.strip() for h in page.locator("table").first.locator("thead th").all_inner_texts()]
    c2 = row.locator("td, th").nth(headers.index("C2")).inner_text()
    assert c2.startswith(f"{round(100 * after / max_c2)}"), (c2, after, max_c2)
    # The graded copy is the demo class's first, an « excellent » one: autograding gave it points.
    assert before > 0, f"{student} (excellent copy) got 0 autograded points in C2: see its feedback"
