"""casekit grade on the real BC01 course and its seeded demo class (grading/demo).

A subset of the demo class (one excellent, one average, one empty, one late
submission, the one that shows pandas warnings) plus hostile submissions built
on the real notebooks is graded in one batch with the default fast path (warm
kernels forked from a pre-imported server); honest grades must equal plain ``nbgrader autograde`` of the same
submission, feedback must not quote hidden tests, and the report must match the
gradebook cell by cell. The full 32-submission class is graded by
``benchmarks/bench_grading.py`` (too slow for CI).
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "grading" / "demo"))
sys.path.insert(0, str(REPO / "grading"))

import classe_demo  # noqa: E402
import cycle  # noqa: E402

from casekit.grading import feedback, report  # noqa: E402
from casekit.grading.runner import Correcteur, Limites  # noqa: E402

LIM = Limites(delai_cellule=120, delai_total=900)
KEEP = {"excellent": 1, "moyen": 1, "vide": 1, "en_retard": 1, "avertissements": 1}
NB = "02_besoin"


def _solution_cells(course: Path) -> dict[str, str]:
    """grade_id -> solution source of 02_besoin (from the instructor's source notebook)."""
    src = nbformat.read(course / "source" / "bc01" / f"{NB}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: cycle.solution_text(c.source) for c in src.cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}


def _hostile(course: Path, student: str, mutate) -> None:
    rel = nbformat.read(course / "release" / "bc01" / f"{NB}.ipynb", as_version=4)
    sols = _solution_cells(course)
    first = True
    for c in rel.cells:
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if gid in sols:
            c.source = sols[gid]
            if first:
                c.source = mutate(c.source)
                first = False
    dest = course / "submitted" / student / "bc01"
    dest.mkdir(parents=True)
    nbformat.write(rel, dest / f"{NB}.ipynb")
    (dest / "timestamp.txt").write_text("2026-03-10 12:00:00.000000 UTC", encoding="utf-8")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    course = tmp_path_factory.mktemp("demo") / "cours"
    students = classe_demo.make_class(course)
    keep, seen = [], dict.fromkeys(KEEP, 0)
    for s in students:
        if seen.get(s["profil"], 99) < KEEP.get(s["profil"], 0):
            seen[s["profil"]] += 1
            keep.append(s["id"])
    for d in (course / "submitted").iterdir():
        if d.name not in keep:
            shutil.rmtree(d)
    plain = course.parent / "nbgrader_seul"
    shutil.copytree(course, plain)
    secret = {"CASEKIT_SECRET_FILE": str(course / classe_demo.SECRET_FILE)}
    hostile = {
        "h-boucle": lambda s: s + "\nwhile True:\n    pass",
        "h-transfo": lambda s: s + "\nget_ipython().input_transformers_post.append(lambda l: [])",
        "h-patch": lambda s: s + "\nimport casekit.checks as ck\nck.verifier_nps = print",
        "h-secret": lambda s: s + "\nimport os\nsecret = open(os.environ['CASEKIT_SECRET_FILE']).read()",
        "h-osexit": lambda s: s + "\nimport os\nos._exit(1)",
    }
    for sid, fn in hostile.items():
        _hostile(course, sid, fn)
    os.environ.update(secret)
    try:
        c = Correcteur("bc01", cours=course, workers=2, limites=LIM, progression=False)
        etat = c.run()
        fb = feedback.ecrire(c.cours, "bc01", etat)
        report.ecrire(c.cours, "bc01", etat)
        cycle.autograde(plain, env=secret)
    finally:
        os.environ.pop("CASEKIT_SECRET_FILE", None)
    return {"course": course, "plain": plain, "etat": etat, "keep": keep, "c": c, "feedback": fb}


def test_demo_submissions_graded_like_plain_nbgrader(demo):
    assert demo["c"].chaud and demo["c"].chaud_message.startswith("Noyaux chauds :")  # the fast path ran
    plain = cycle.scores(demo["plain"])
    for sid in demo["keep"]:
        assert demo["etat"][sid].statut == "graded", demo["etat"][sid].raisons
        with demo["c"].cours.gradebook() as gb:
            sub = gb.find_submission("bc01", sid)
            mine = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
        assert mine == {k: a for k, (a, _m) in plain[sid].items()}, sid


def test_demo_answers_confirmed_outside_the_kernel(demo):
    """Every test an honest submission passed is re-run on its serialised answers and agrees."""
    for sid in demo["keep"]:
        res = demo["etat"][sid]
        passed = [(nb, gid) for nb, cells in res.tests.items() for gid, t in cells.items()
                  if t.get("fini") and not t.get("erreur")]
        checked = {(nb, gid): t.get("reverification") for nb, cells in res.tests.items()
                   for gid, t in cells.items() if (nb, gid) in passed}
        assert set(checked.values()) <= {"confirmée hors du noyau"}, (sid, checked)
    excellent = max((demo["etat"][s] for s in demo["keep"]), key=lambda r: r.score or 0)
    assert sum(t.get("reverification") == "confirmée hors du noyau"
               for cells in excellent.tests.values() for t in cells.values()) >= 20


def test_demo_hostile(demo):
    etat = demo["etat"]
    # the endless cell is interrupted after delai_cellule; the rest of the notebook is graded
    assert etat["h-boucle"].statut == "graded", etat["h-boucle"].raisons
    assert etat["h-boucle"].raisons == [f"02_besoin : cellule « c2_nettoyage_rep » interrompue après "
                                        f"{LIM.delai_cellule}\u00a0s"]
    assert etat["h-osexit"].statut == "failed" and "noyau" in etat["h-osexit"].raisons[0]
    for sid in ("h-transfo", "h-patch", "h-secret"):
        assert etat[sid].statut == "tampered", (sid, etat[sid].raisons)
        with demo["c"].cours.gradebook() as gb:
            sub = gb.find_submission("bc01", sid)
            assert all((g.auto_score or 0) == 0 for nb in sub.notebooks for g in nb.grades)


def test_demo_feedback_and_report(demo):
    course = demo["course"]
    hidden = []
    for p in (course / "source" / "bc01").glob("*.ipynb"):
        for c in nbformat.read(p, as_version=4).cells:
            if "BEGIN HIDDEN TESTS" in c.source:
                body = c.source.split("BEGIN HIDDEN TESTS", 1)[1].split("END HIDDEN TESTS", 1)[0]
                hidden += [ln.strip() for ln in body.splitlines() if len(ln.strip()) > 25]
    assert hidden
    for p in demo["feedback"]:
        text = p.read_text(encoding="utf-8")
        assert "HIDDEN" not in text and "MARK SCHEME" not in text
        assert not [h for h in hidden if h in text], p
    rows = list(csv.DictReader(open(course / "casekit" / "bc01" / "notes_par_cellule.csv", encoding="utf-8")))
    con = sqlite3.connect(course / "gradebook.db")
    q = ("SELECT student.id, notebook.name, base_cell.name, grade.auto_score, grade.manual_score "
         "FROM grade JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
         "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
         "JOIN student ON submitted_assignment.student_id = student.id "
         "JOIN notebook ON submitted_notebook.notebook_id = notebook.id "
         "JOIN base_cell ON grade.cell_id = base_cell.id")
    db = {(s, n, g): (m if m is not None else a) for s, n, g, a, m in con.execute(q)}
    con.close()
    mine = {(r["eleve"], r["carnet"], r["cellule"]): (float(r["points"]) if r["points"] else None) for r in rows}
    assert mine == db
