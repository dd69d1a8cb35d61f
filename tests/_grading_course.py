"""A small nbgrader course built in code, for the grading tests and benchmark.

Two notebooks in the BC01 conventions of the real course (grade_id prefix
``c<n>_`` and a ``competence:C<n>`` tag on every grade cell, test cells that
call :mod:`casekit.checks` helpers, hidden tests, a manually graded written
answer). ``make_course(root)`` writes ``nbgrader_config.py`` and
``source/bc01/*.ipynb``; ``generate(root)`` runs ``nbgrader generate_assignment``;
``submit(root, student, answers)`` writes a submission from the release with
some answer cells replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import nbformat

ASSIGNMENT = "bc01"
HIDDEN_MARK = "CACHE-7f3a"  # text that only exists in hidden tests
MARK_SCHEME_MARK = "BAREME-91c2"  # text that only exists in mark schemes

CONFIG = '''\
import os
from pathlib import Path
c = get_config()  # noqa: F821
HERE = Path(__file__).resolve().parent
c.CourseDirectory.course_id = "fixture-bc01"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = os.environ.get("CASEKIT_TEST_DB") or "sqlite:///" + str(HERE / "gradebook.db")
c.Execute.timeout = 20
c.Execute.iopub_timeout = 15
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"Warning"
c.ClearSolutions.code_stub = {"python": "# VOTRE CODE ICI\\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"
c.OverwriteCells.add_missing_cells = True
'''


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None, competence=None,
          task=False):
    md = {"nbgrader": {"grade": grade, "grade_id": grade_id, "locked": locked,
                       "schema_version": 3, "solution": solution, "task": task}}
    if points is not None:
        md["nbgrader"]["points"] = points
    if competence:
        md["tags"] = [f"competence:{competence}"]
    return md


def _code(src, **kw):
    c = nbformat.v4.new_code_cell(src)
    c.metadata.update(_meta(**kw))
    return c


def _md(src, **kw):
    c = nbformat.v4.new_markdown_cell(src)
    c.metadata.update(_meta(**kw))
    return c


def notebooks() -> dict[str, nbformat.NotebookNode]:
    nb1 = nbformat.v4.new_notebook()
    nb1.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb1.cells = [
        _md("# Analyse du besoin\n\nCalculez le NPS.", grade_id="intro", locked=True),
        _code("from casekit.checks import verifier_valeur\nREPONSES = [10, 9, 9, 8, 7, 3, 2, 10, 6, 9]",
              grade_id="setup", locked=True),
        _code("### BEGIN SOLUTION\nnps = 100 * (5 - 3) / 10\n### END SOLUTION", grade_id="ans_nps",
              solution=True),
        _code("verifier_valeur(nps, 20.0, nom=\"NPS\", tolerance=0.5)\n"
              f"### BEGIN HIDDEN TESTS\n# {HIDDEN_MARK}\nverifier_valeur(float(nps), 20.0, nom=\"NPS\", tolerance=0.01)\n"
              "### END HIDDEN TESTS",
              grade_id="c2_nps", grade=True, locked=True, points=2, competence="C2"),
        _code("### BEGIN SOLUTION\ndef ctr(clics, impressions):\n    return 100 * clics / impressions\n"
              "### END SOLUTION", grade_id="ans_ctr", solution=True),
        _code("verifier_valeur(ctr(180, 12000), 1.5, nom=\"CTR\", tolerance=0.01)\n"
              f"### BEGIN HIDDEN TESTS\n# {HIDDEN_MARK}\nverifier_valeur(ctr(7, 700), 1.0, nom=\"CTR\", tolerance=0.01)\n"
              "### END HIDDEN TESTS",
              grade_id="c3_ctr", grade=True, locked=True, points=3, competence="C3"),
        _md("Reformulez le besoin.\n\n### BEGIN SOLUTION\nLe commanditaire veut fidéliser.\n"
            "### END SOLUTION", grade_id="c2_reformulation", grade=True, solution=True, points=2,
            competence="C2"),
        _md("Justifiez vos priorités.\n\n"
            f"BEGIN MARK SCHEME\n{MARK_SCHEME_MARK} 1 point si…\nEND MARK SCHEME",
            grade_id="c2_priorites", task=True, locked=True, points=1, competence="C2"),
    ]
    nb2 = nbformat.v4.new_notebook()
    nb2.metadata["kernelspec"] = dict(nb1.metadata["kernelspec"])
    nb2.cells = [
        _md("# Cible\n\nDimensionnez la cible.", grade_id="intro2", locked=True),
        _code("### BEGIN SOLUTION\ntaille = 1200 * 0.25\n### END SOLUTION", grade_id="ans_taille",
              solution=True),
        _code("from casekit.checks import verifier_valeur\n"
              "verifier_valeur(taille, 300, nom=\"Taille de la cible\", tolerance=1)\n"
              f"### BEGIN HIDDEN TESTS\n# {HIDDEN_MARK}\nassert abs(float(taille) - 300) < 1\n### END HIDDEN TESTS",
              grade_id="c4_taille", grade=True, locked=True, points=2, competence="C4"),
    ]
    return {"01_besoin": nb1, "02_cible": nb2}


# answer cells of a fully correct submission, per notebook and grade_id
GOOD = {
    "01_besoin": {"ans_nps": "nps = 20.0", "ans_ctr": "def ctr(c, i):\n    return 100 * c / i",
                  "c2_reformulation": "Le commanditaire veut fidéliser ses clients."},
    "02_cible": {"ans_taille": "taille = 300"},
}


def env() -> dict[str, str]:
    e = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    e["PATH"] = venv_bin + os.pathsep + e.get("PATH", "")
    repo = str(Path(__file__).resolve().parents[1])
    e["PYTHONPATH"] = repo + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def make_course(root: Path, *, db_url: str | None = None) -> Path:
    root = Path(root)
    src = root / "source" / ASSIGNMENT
    src.mkdir(parents=True, exist_ok=True)
    cfg = CONFIG
    if db_url:
        cfg = cfg.replace('os.environ.get("CASEKIT_TEST_DB")', repr(db_url))
    (root / "nbgrader_config.py").write_text(cfg, encoding="utf-8")
    for name, nb in notebooks().items():
        nbformat.write(nb, src / f"{name}.ipynb")
    return root


def generate(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"],
                   cwd=root, env=env(), check=True, capture_output=True)


def submit(root: Path, student: str, answers: dict[str, dict[str, str]] | None = None, *,
           edit=None, timestamp: str | None = None) -> Path:
    """Write ``submitted/<student>/bc01/`` from the release; ``answers`` replaces cell sources,
    ``edit(name, nb)`` may modify each notebook further."""
    answers = GOOD if answers is None else answers
    dest = Path(root) / "submitted" / student / ASSIGNMENT
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted((Path(root) / "release" / ASSIGNMENT).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in answers.get(path.stem, {}):
                cell.source = answers[path.stem][gid]
        if edit is not None:
            edit(path.stem, nb)
        nbformat.write(nb, dest / path.name)
    ts = timestamp or dt.datetime(2026, 11, 1, 10, 0, 0).strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"
    (dest / "timestamp.txt").write_text(ts, encoding="utf-8")
    return dest
