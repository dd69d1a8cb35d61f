"""Content rules of the BC01 notebook sources (grading/_src/bc01/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "grading" / "_src" / "bc01").glob("[0-9][0-9]_*.py"))
REFERENTIEL = Path("/work/shared/referentiel/RNCP40886-fiche.txt")


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {}) or {}


def _names(source: str, ctx) -> set[str]:
    source = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.S)
    tree = ast.parse(source)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.name)
def test_cells_a_student_runs_only_use_the_answers_the_questions_ask_for(src):
    """A display cell must not depend on a helper variable of the worked solution.

    A student names their intermediate variables as they like: only the answer
    variables (those the test cells read) can be used by the cells that follow.
    """
    nb = jupytext.read(src)
    code = [c for c in nb.cells if c.cell_type == "code"]
    answers = set().union(*(_names(c.source, ast.Load) for c in code if _meta(c).get("grade")
                            and not _meta(c).get("solution"))) if code else set()
    solution_only = set()
    defined_elsewhere = set()
    problems = []
    for c in code:
        m = _meta(c)
        if m.get("solution"):
            solution_only |= _names(c.source, ast.Store) - defined_elsewhere
            continue
        if m.get("grade"):
            continue
        used = _names(c.source, ast.Load) - _names(c.source, ast.Store)
        bad = (used & solution_only) - answers
        if bad:
            problems.append((c.source.splitlines()[0], sorted(bad)))
        defined_elsewhere |= _names(c.source, ast.Store)
    assert not problems, problems


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.name)
def test_each_notebook_opens_with_its_context_and_the_certification_wording(src):
    nb = jupytext.read(src)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "BC01" in first.source
    block = " ".join(line.lstrip("> ") for line in first.source.splitlines() if line.startswith(">"))
    text = block or first.source
    quotes = re.findall(r"«\u00a0(.+?)\u00a0»", text.replace("\n", " "))
    assert quotes, "the opening cell quotes the certification"
    if REFERENTIEL.exists():  # the quote is the certification's own wording
        fiche = _plain(REFERENTIEL.read_text(encoding="utf-8"))
        assert _plain(quotes[0])[:60] in fiche, quotes[0][:80]


def _plain(text: str) -> str:
    """Compare wording, not typography: one kind of space, one kind of apostrophe."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    text = re.sub(r"\s+([:;?!,.])", r"\1", text)
    return re.sub(r"\s+", " ", text)


def test_every_competence_quotes_its_own_criterion():
    texts = {p.stem: jupytext.read(p).cells[0].source for p in SOURCES}
    for stem, comp in [("01_veille", "C1"), ("02_besoin", "C2"), ("03_environnement", "C3"),
                       ("04_cible", "C4"), ("05_strategie_contenu", "C5")]:
        assert f"Compétence évaluée\u00a0: {comp}" in texts[stem], stem


def test_segmentation_never_hard_codes_k():
    src = (ROOT / "grading" / "_src" / "bc01" / "04_cible.py").read_text(encoding="utf-8")
    assert not re.search(r"\bk\s*=\s*\d", src)
    assert not re.search(r"k_choisi\s*=\s*\d", src)
    assert "idxmax()" in src
