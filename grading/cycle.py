"""Submissions and the nbgrader cycle on a throw-away course (tests, demo class, benchmarks).

Builds student submissions from the released notebooks (solution, untouched,
a declared wrong answer, an answer that emits warnings), writes them in
nbgrader's ``submitted/<student>/bc01/`` layout with ``timestamp.txt``, runs
``nbgrader autograde`` and ``generate_feedback`` and reads per-cell scores
from the gradebook.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import build  # noqa: E402

ASSIGNMENT = build.ASSIGNMENT
STUB_MARK = "raise NotImplementedError()"

# Emits a pandas-style FutureWarning in every later cell, test cells included
# (both through `warnings`, which PYTHONWARNINGS silences, and straight to stderr,
# which IgnorePattern drops): a correct answer with warnings keeps its points under
# plain nbgrader. It does so through an IPython event hook, which `casekit grade`
# rightly reports as tampering: for the nbgrader configuration's tests only.
WARNING_CELL = '''\
import sys, warnings
def _casekit_avertir(*_args, **_kw):
    warnings.warn("The default of observed=False is deprecated", FutureWarning, stacklevel=1)
    sys.stderr.write("/site-packages/pandas/core/groupby.py:1: FutureWarning: "
                     "The default of observed=False is deprecated\\n")
get_ipython().events.register("post_run_cell", _casekit_avertir)
'''

# What a real student does (the demo class): every warning shown from now on, and a
# deprecated pandas call (a positional argument) that emits one. No hook: an honest submission.
PANDAS_WARNING_CELL = '''\
import warnings

import pandas as pd

warnings.simplefilter("always")  # je veux voir tous les avertissements
essai = pd.Series([1, 2, 3]).sum(0)  # une vieille habitude, un argument positionnel
'''


def source_notebooks() -> dict[str, nbformat.NotebookNode]:
    """The nbgrader source notebooks, rendered from the jupytext sources."""
    return {p.stem: build.render_source(p) for p in build.sources()}


def released(course: Path) -> dict[str, nbformat.NotebookNode]:
    rel = course / "release" / ASSIGNMENT
    return {p.stem: nbformat.read(p, as_version=4) for p in sorted(rel.glob("*.ipynb"))}


SCHEME_IN_SOLUTION = re.compile(r"\n*\*\*Barème \(correcteur\)\*\*.*?(?=\n[^\n]*### END SOLUTION)", re.S)


def solution_text(source: str) -> str:
    """A solution cell's source as a student who got it right would type it (no mark scheme)."""
    return build.MARKER_LINE_RE.sub("", SCHEME_IN_SOLUTION.sub("", source)).rstrip()


def _solutions(sources: dict[str, nbformat.NotebookNode]) -> dict[str, str]:
    out = {}
    for nb in sources.values():
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                out[meta["grade_id"]] = solution_text(cell.source)
    return out


def submission(release: dict[str, nbformat.NotebookNode], sources: dict[str, nbformat.NotebookNode], *,
               answered: float = 1.0, replace: dict[str, str] | None = None,
               warnings: bool = False, warning_hook: bool = False,
               only_replaced: bool = False) -> dict[str, nbformat.NotebookNode]:
    """A submission: the release with the first ``answered`` share of solution cells filled in.

    ``replace`` maps a solution cell's grade_id to the code/text typed instead
    (a wrong answer); ``warnings`` adds, first in each notebook, the cell a student
    who wants every warning shown would write (:data:`PANDAS_WARNING_CELL`);
    ``warning_hook`` adds instead :data:`WARNING_CELL`, which makes every later cell,
    test cells included, write a FutureWarning to stderr. ``only_replaced`` keeps only the notebooks
    holding a replaced cell (nbgrader scores missing notebooks 0 without running them).
    """
    sols = _solutions(sources)
    replace = replace or {}
    ids = [gid for nb in release.values() for c in nb.cells
           if (gid := c.metadata.get("nbgrader", {}).get("grade_id")) and
           c.metadata["nbgrader"].get("solution")]
    keep = set(ids[: round(answered * len(ids))])
    out = {}
    for name, nb in release.items():
        if only_replaced and not any(c.metadata.get("nbgrader", {}).get("grade_id") in replace
                                     for c in nb.cells):
            continue
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in replace:
                cell.source = replace[gid]
            elif gid in keep and gid in sols:
                cell.source = sols[gid]
        if warnings or warning_hook:
            cell = nbformat.v4.new_code_cell(WARNING_CELL if warning_hook else PANDAS_WARNING_CELL)
            cell.pop("id", None)  # nbformat 4.4 notebooks have no cell ids
            nb.cells.insert(0, cell)
        out[name] = nb
    return out


def write_submission(course: Path, student: str, notebooks: dict[str, nbformat.NotebookNode], *,
                     when: dt.datetime | None = None) -> Path:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    when = when or dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
    return folder


def new_course(dest: Path) -> Path:
    """A course directory with the current sources, generated (release + gradebook)."""
    course = build.new_course(dest)
    build.nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    return course


def autograde(course: Path, *, env: dict[str, str] | None = None, jobs: int | None = None) -> None:
    """Autograde every submission (``jobs`` students at once), then generate the feedback.

    One ``nbgrader autograde --student`` process per student shares the SQLite
    gradebook safely; the CLI exits 1 when a submission fails, so the caller
    checks the scores, not the exit code.
    """
    from concurrent.futures import ThreadPoolExecutor

    students = sorted(p.name for p in (course / "submitted").iterdir() if p.is_dir())
    jobs = jobs or min(2, os.cpu_count() or 1)
    # the first run creates the gradebook tables: never in parallel
    first, rest = students[:1], students[1:]
    for sid in first:
        build.nbgrader(course, "autograde", ASSIGNMENT, "--student", sid, "--force", check=False, env=env)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda sid: build.nbgrader(course, "autograde", ASSIGNMENT, "--student", sid,
                                                 "--force", check=False, env=env), rest))
    build.nbgrader(course, "generate_feedback", ASSIGNMENT, "--force", check=False, env=env)


def scores(course: Path) -> dict[str, dict[str, tuple[float | None, float]]]:
    """{student: {grade_id: (auto_score, max_score)}} for every graded cell."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, tuple[float | None, float]]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            cells = out.setdefault(sub.student.id, {})
            for nb in sub.notebooks:
                for g in nb.grades:
                    cells[g.name] = (g.auto_score, g.max_score)
    return out


def autograded_ids(sources: dict[str, nbformat.NotebookNode]) -> list[str]:
    """grade_ids of the autograded test cells."""
    return [c.metadata["nbgrader"]["grade_id"] for nb in sources.values() for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
            and c.cell_type == "code"]


def wrong_rounds(sources: dict[str, nbformat.NotebookNode]) -> list[list[dict]]:
    """Declared wrong answers grouped so that no round replaces the same cell twice."""
    rounds: list[list[dict]] = []
    for name in sources:
        for item in build.wrong_answers(name):
            for r in rounds:
                if all(x["cellule"] != item["cellule"] for x in r):
                    r.append(item)
                    break
            else:
                rounds.append([item])
    return rounds
