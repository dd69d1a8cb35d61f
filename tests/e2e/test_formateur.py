"""Instructor side: the pinned JupyterLab/nbgrader pair loads all of nbgrader's plugins cleanly."""

from __future__ import annotations

import re

from e2e.harness import open_lab, plugins, shared_module_warnings

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
