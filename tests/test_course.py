"""The BC01 nbgrader course: sources in step, lint, no leaks, the full grading cycle, every variant runs."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from affichage import problemes_affichage
from nbclient import NotebookClient

import casekit
from casekit.cases import get_case
from casekit.plots import Graphique
from tests.conftest import OTHER_SEEDS

ROOT = Path(__file__).resolve().parents[1]
GRADING = ROOT / "grading"
EXAM_CASES = casekit.list_cases(usage="evaluation")


def _module(name: str):
    if str(GRADING) not in sys.path:
        sys.path.insert(0, str(GRADING))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GRADING / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


build = _module("build")
cycle = _module("cycle")


@pytest.fixture(scope="module")
def sources():
    return cycle.source_notebooks()


# ---------------------------------------------------------------------------- build, lint, leaks


def test_course_follows_the_rules(sources):
    """Locked tasks, points, competence tags and prefixes, >= 3 auto + >= 1 manual per competence."""
    assert build.lint(sources) == []
    counts = build.summary(sources)
    for comp in build.COMPETENCES:
        assert counts[comp]["auto"] > 0 and counts[comp]["manuel"] > 0, comp


def _nb(*cells):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.nbformat_minor = 4  # cells without ids, as in the committed notebooks
    for c in nb.cells:
        c.pop("id", None)
    return nb


def _cell(kind, source, **meta):
    tags = meta.pop("tags", None)
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    c = make(source)
    c.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False, "task": False,
                              "locked": False, **meta}
    if tags:
        c.metadata["tags"] = tags
    return c


@pytest.mark.parametrize(("cell", "message"), [
    (_cell("markdown", "Question", grade_id="c1_t", task=True, points=2, locked=False,
           tags=["competence:C1"]), "doit être verrouillée"),
    (_cell("code", "checks.verifier_valeur(x, 1)", grade_id="c1_t", grade=True, locked=True,
           tags=["competence:C1"]), "doit avoir des points"),
    (_cell("markdown", "Réponse", grade_id="c1_t", grade=True, points=1, locked=True,
           tags=["competence:C1"]), "doit être « solution »"),
    (_cell("code", "checks.verifier_valeur(x, 1)", grade_id="c1_t", grade=True, points=1, locked=True),
     "exactement une étiquette"),
    (_cell("code", "checks.verifier_valeur(x, 1)", grade_id="q_t", grade=True, points=1, locked=True,
           tags=["competence:C1"]), "doit commencer par"),
    (_cell("code", "checks.verifier_valeur(x, 1)", grade_id="c2_t", grade=True, points=1, locked=True,
           tags=["competence:C1"]), "préfixe c2_"),
    (_cell("code", "assert x == 1", grade_id="c1_t", grade=True, points=1, locked=True,
           tags=["competence:C1"]), "« assert » nu interdit"),
    (_cell("code", "x = 1", grade_id="c1_r", solution=True), "sans ### BEGIN SOLUTION"),
])
def test_lint_rejects_each_broken_rule(cell, message):
    problems = build.lint({"x": _nb(cell)}, coverage=False)
    assert any(message in p for p in problems), problems


def test_lint_requires_coverage_of_every_competence():
    problems = build.lint({"x": _nb()})
    assert any("compétence C3 : 0 question(s) autocorrigée(s), il en faut 3" in p for p in problems)
    assert any("corrigée(s) à la main" in p for p in problems)


def test_committed_notebooks_are_in_step_with_the_sources():
    files = build.build_all(coverage=False)  # coverage has its own test above
    stale = build.stale(files)
    assert not stale, f"run make notebooks: {[str(p.relative_to(ROOT)) for p in stale]}"
    assert {p.stem for p in build.STUDENT.glob("*.ipynb")} == {p.stem for p in build.sources()}


def _student_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(build.STUDENT.glob("*.ipynb"))}


def test_no_solution_hidden_test_or_mark_scheme_leaks_to_students(sources):
    texts = _student_texts()
    assert texts
    for name, text in texts.items():
        nb = nbformat.reads(text, as_version=4)
        assert build.leaks(nb) == [], name
        assert "Barème" not in text and "truth" not in text, name
    # every line of every solution is gone from the student version (unless the question shows it)
    block = re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.S)
    for name, nb in sources.items():
        student = texts[f"{name}.ipynb"]
        visible = " ".join(block.sub("", c.source) for c in nb.cells)
        for cell in nb.cells:
            for answer in block.findall(cell.source):
                for ln in (x.strip().lstrip("# ") for x in answer.splitlines()):
                    if len(ln) > 25 and ln not in visible and "Barème" not in ln:
                        assert json.dumps(ln)[1:-1] not in student, (name, ln)


def test_student_notebooks_never_name_an_answer_of_an_assessed_case():
    texts = " ".join(_student_texts().values())
    for name in EXAM_CASES:
        case = get_case(name)
        labels = [s["id"] for s in case.segments] + [s["nom"] for s in case.segments]
        labels += [h["id"] for h in case.histoires()] + [h["titre"] for h in case.histoires()]
        for label in labels:
            assert label not in texts, (name, label)


def test_worked_solutions_have_no_hidden_tests_and_no_nbgrader_metadata():
    for p in build.SOLUTIONS.glob("*.ipynb"):
        text = p.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text and "variante_corrigee" not in text and '"nbgrader"' not in text


# ---------------------------------------------------------------------------- nbgrader cycle


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sources):
    """One temporary course, every kind of submission, one autograde + feedback run."""
    course = cycle.new_course(tmp_path_factory.mktemp("cours") / "cours")
    secret = course / "secret_cours.txt"
    secret.write_text("test-secret-" + "0" * 40, encoding="utf-8")
    rel = cycle.released(course)
    cycle.write_submission(course, "solution", cycle.submission(rel, sources))
    cycle.write_submission(course, "vide", cycle.submission(rel, sources, answered=0))
    cycle.write_submission(course, "avertissements", cycle.submission(rel, sources, warning_hook=True))
    rounds = cycle.wrong_rounds(sources)
    for i, r in enumerate(rounds):  # later rounds only carry the notebooks they change
        cycle.write_submission(course, f"erreurs{i}",
                               cycle.submission(rel, sources, replace={x["cellule"]: x["code"] for x in r},
                                                only_replaced=i > 0))
    cycle.autograde(course, env={"CASEKIT_SECRET_FILE": str(secret)})
    return {"course": course, "scores": cycle.scores(course), "rounds": rounds}


@pytest.mark.notebooks
def test_solution_submission_gets_every_autograded_point(graded, sources):
    s = graded["scores"]["solution"]
    auto = cycle.autograded_ids(sources)
    assert auto
    lost = {g: s[g] for g in auto if s[g][0] != s[g][1]}
    assert not lost, lost


@pytest.mark.notebooks
def test_untouched_release_gets_zero(graded):
    s = graded["scores"]["vide"]
    assert s and all(auto == 0 for auto, _ in s.values()), s


@pytest.mark.notebooks
def test_a_correct_answer_with_pandas_warnings_keeps_its_points(graded, sources):
    s = graded["scores"]["avertissements"]
    assert all(s[g][0] == s[g][1] for g in cycle.autograded_ids(sources)), s


@pytest.mark.notebooks
def test_the_warning_submission_really_writes_to_stderr():
    nb = _nb(nbformat.v4.new_code_cell(cycle.WARNING_CELL), nbformat.v4.new_code_cell("1 + 1"))
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert any(o.get("name") == "stderr" and "FutureWarning" in o.get("text", "") for o in nb.cells[1].outputs)


@pytest.mark.notebooks
def test_every_autograded_question_has_a_wrong_answer_that_loses_its_points(graded, sources):
    declared = {x["test"] for r in graded["rounds"] for x in r}
    assert set(cycle.autograded_ids(sources)) <= declared, "question sans mauvaise réponse déclarée"
    for i, r in enumerate(graded["rounds"]):
        s = graded["scores"][f"erreurs{i}"]
        for x in r:
            auto, top = s[x["test"]]
            assert auto < top, (x["test"], x.get("description"))


@pytest.mark.notebooks
def test_feedback_shows_no_hidden_test_nor_mark_scheme(graded):
    pages = list((graded["course"] / "feedback").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for marker in ("BEGIN HIDDEN TESTS", "variante_corrigee", "MARK SCHEME", "Barème"):
            assert marker not in text, (page.name, marker)


# ---------------------------------------------------------------------------- every variant runs


def _run(cells, env_extra, cwd, monkeypatch):
    for k, v in env_extra.items():
        monkeypatch.setenv(k, v)
    nb = _nb(*cells)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _errors(nb):
    return [(i, o.get("ename"), o.get("evalue"), c.source[:80]) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def _all_cells(notebooks):
    """Every notebook's cells in one notebook: one kernel per variant instead of one per notebook."""
    return [copy for nb in notebooks.values() for copy in nb.cells]


VARIANTS = [(case, seed) for case in EXAM_CASES for seed in (0, *OTHER_SEEDS[:3])]


@pytest.mark.notebooks
@pytest.mark.parametrize(("case", "seed"), VARIANTS, ids=[f"{c}-{s}" for c, s in VARIANTS])
def test_source_notebooks_with_hidden_tests_run_on_every_assessed_variant(case, seed, sources, tmp_path,
                                                                          monkeypatch):
    nb = _run(_all_cells(sources), {"CASEKIT_CAS": case, "CASEKIT_GRAINE": str(seed)}, tmp_path, monkeypatch)
    assert _errors(nb) == []


@pytest.mark.notebooks
def test_worked_solutions_run_in_self_study_on_the_training_case(tmp_path, monkeypatch):
    sols = {p.stem: nbformat.read(p, as_version=4) for p in sorted(build.SOLUTIONS.glob("*.ipynb"))}
    nb = _run(_all_cells(sols), {}, tmp_path, monkeypatch)
    assert _errors(nb) == []
    assert problemes_affichage(nb, graphiques=hasattr(Graphique, "_repr_html_")) == []  # what is SHOWN
    shown = " ".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Mode autoformation" in shown and "rayons_libres" in shown


@pytest.mark.notebooks
def test_student_notebooks_run_up_to_their_first_unanswered_cell(tmp_path, monkeypatch):
    for p in sorted(build.STUDENT.glob("*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        stop = next(i for i, c in enumerate(nb.cells) if cycle.STUB_MARK in c.source) \
            if any(cycle.STUB_MARK in c.source for c in nb.cells) else len(nb.cells)
        done = _run(nb.cells[:stop], {}, tmp_path, monkeypatch)
        assert _errors(done) == [], p.name
        assert nb.cells[0].cell_type == "markdown", p.name  # opens with its context
