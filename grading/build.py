"""Build the BC01 course: jupytext sources -> nbgrader sources -> student and solution notebooks.

One source of truth per notebook: ``grading/_src/bc01/NN_nom.py`` (jupytext
percent format, nbgrader metadata in the cell header, e.g.
``# %% nbgrader={"grade": true, "grade_id": "c2_nps", "locked": true, "points": 2,
"schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]``).

``python grading/build.py`` (or ``make notebooks``):

1. renders each source to ``grading/source/bc01/NN_nom.ipynb`` (the nbgrader source);
2. lints the whole assignment (:func:`lint`); any problem fails the build;
3. runs ``nbgrader generate_assignment`` in a throw-away copy of the course and
   copies the student versions to ``notebooks/bc01/`` (no outputs, no cell ids);
4. writes the worked solutions to ``notebooks/solutions/bc01/`` (solutions kept,
   hidden tests removed, nbgrader metadata dropped: they run in self-study mode
   on the training case).

``--verifier`` rebuilds in memory and exits 1 when a committed file is stale.
``--brouillon`` skips the per-competence coverage rule while writing.

Wrong answers (used by tests/test_course.py): ``NN_nom.erreurs.toml`` next to the
source, one ``[[erreur]]`` table per plausible mistake::

    [[erreur]]
    test = "c2_nps_global"            # grade_id of the test cell that must lose its points
    cellule = "c2_nps_global_rep"     # grade_id of the solution cell whose source is replaced
    description = "NPS calculé avec les non-réponses"
    code = '''
    nps_global = 12.0
    '''
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ASSIGNMENT = "bc01"
SRC = HERE / "_src" / ASSIGNMENT
SOURCE = HERE / "source" / ASSIGNMENT
STUDENT = ROOT / "notebooks" / ASSIGNMENT
SOLUTIONS = ROOT / "notebooks" / "solutions" / ASSIGNMENT

COMPETENCES = ("C1", "C2", "C3", "C4", "C5")
# grade_id prefix -> competence tag value
PREFIXES = {"c1_": "C1", "c2_": "C2", "c3_": "C3", "c4_": "C4", "c5_": "C5", "canaux_": "canaux"}
MIN_AUTO, MIN_MANUAL = 3, 1

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}

HIDDEN_RE = re.compile(r"^[^\n]*BEGIN HIDDEN TESTS.*?END HIDDEN TESTS[^\n]*\n?", re.S | re.M)
SCHEME_RE = re.compile(r"^[^\n]*BEGIN MARK SCHEME.*?END MARK SCHEME[^\n]*\n?", re.S | re.M)
MARKER_LINE_RE = re.compile(r"^[^\n]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)
# Strings that must never reach a student notebook.
LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                "BEGIN MARK SCHEME", "END MARK SCHEME", "variante_corrigee", "corrige(", ".truth")


class BuildError(Exception):
    """The course cannot be built (lint problems, nbgrader failure)."""


def sources() -> list[Path]:
    """The jupytext sources of the assignment, in order."""
    return sorted(SRC.glob("[0-9][0-9]_*.py"))


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """No ids, no outputs, fixed notebook metadata: stable diffs."""
    nb.nbformat, nb.nbformat_minor = 4, 4
    for cell in nb.cells:
        cell.pop("id", None)
        cell.metadata.pop("lines_to_next_cell", None)
        cell.metadata.pop("editable", None) if cell.cell_type == "raw" else None
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def _scheme_into_solution(cell) -> None:
    """nbgrader only clears mark schemes in task cells: in an answer cell, move it into the solution."""
    m = SCHEME_RE.search(cell.source)
    if not m or _nbg(cell).get("task") or "### END SOLUTION" not in cell.source:
        return
    scheme = m.group(0).replace("=== BEGIN MARK SCHEME ===", "").replace("=== END MARK SCHEME ===", "")
    rest = cell.source[: m.start()] + cell.source[m.end():]
    head, _, tail = rest.rpartition("### END SOLUTION")
    cell.source = (head.rstrip() + "\n\n**Barème (correcteur)** : " + scheme.strip()
                   + "\n### END SOLUTION" + tail).strip()


def render_source(src: Path) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one jupytext file."""
    nb = _clean(jupytext.reads(src.read_text(encoding="utf-8"), fmt="py:percent"))
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _nbg(cell).get("solution"):
            _scheme_into_solution(cell)
    return nb


# ---------------------------------------------------------------------------- lint


def _nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {}) or {}


def _competence_tags(cell) -> list[str]:
    return [t.split(":", 1)[1] for t in cell.metadata.get("tags", []) if t.startswith("competence:")]


def lint(notebooks: dict[str, nbformat.NotebookNode], *, coverage: bool = True) -> list[str]:
    """Every rule the course must follow; returns the problems (empty list: OK)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    auto = {k: 0 for k in COMPETENCES}
    manual = {k: 0 for k in COMPETENCES}
    for name, nb in notebooks.items():
        for i, cell in enumerate(nb.cells):
            meta = _nbg(cell)
            if not meta:
                continue
            gid = meta.get("grade_id")
            where = f"{name} cellule {i} ({gid})"
            if not gid:
                problems.append(f"{where} : métadonnées nbgrader sans grade_id")
                continue
            if gid in seen:
                problems.append(f"{where} : grade_id déjà utilisé dans {seen[gid]}")
            seen[gid] = name
            if meta.get("schema_version") != 3:
                problems.append(f"{where} : schema_version doit valoir 3")
            if meta.get("task") and not meta.get("locked"):
                problems.append(f"{where} : une cellule « task » doit être verrouillée (locked)")
            if meta.get("task") and cell.cell_type != "markdown":
                problems.append(f"{where} : une cellule « task » doit être en Markdown")
            graded = meta.get("grade") or meta.get("task")
            if graded and not isinstance(meta.get("points"), int | float):
                problems.append(f"{where} : une cellule notée doit avoir des points")
            if graded and not meta.get("points", 0) > 0:
                problems.append(f"{where} : les points doivent être positifs")
            if meta.get("grade") and cell.cell_type == "markdown" and not meta.get("solution"):
                problems.append(f"{where} : une réponse Markdown notée doit être « solution »")
            if meta.get("grade") and not meta.get("solution") and not meta.get("locked"):
                problems.append(f"{where} : une cellule de tests doit être verrouillée")
            if meta.get("solution") and "BEGIN SOLUTION" not in cell.source:
                problems.append(f"{where} : cellule solution sans ### BEGIN SOLUTION")
            if not meta.get("task") and "MARK SCHEME" in cell.source:
                problems.append(f"{where} : barème (MARK SCHEME) hors d'une cellule task ou réponse Markdown")
            if not graded:
                continue
            prefix = next((p for p in PREFIXES if gid.startswith(p)), None)
            tags = _competence_tags(cell)
            if prefix is None:
                problems.append(f"{where} : le grade_id doit commencer par {', '.join(PREFIXES)}")
            if len(tags) != 1:
                problems.append(f"{where} : il faut exactement une étiquette competence:…")
            elif prefix and tags[0] != PREFIXES[prefix]:
                problems.append(f"{where} : préfixe {prefix} mais étiquette competence:{tags[0]}")
            comp = PREFIXES.get(prefix or "")
            is_test = meta.get("grade") and not meta.get("solution") and cell.cell_type == "code"
            if is_test:
                try:
                    tree = ast.parse(_strip_magics(cell.source))
                except SyntaxError as exc:
                    problems.append(f"{where} : erreur de syntaxe ({exc.msg}, ligne {exc.lineno})")
                    tree = None
                if tree is not None and any(isinstance(n, ast.Assert) for n in ast.walk(tree)):
                    problems.append(
                        f"{where} : « assert » nu interdit, appelez casekit.checks (message en français)"
                    )
                if comp in auto:
                    auto[comp] += 1
            elif comp in manual:
                manual[comp] += 1
    if coverage:
        for k in COMPETENCES:
            if auto[k] < MIN_AUTO:
                problems.append(f"compétence {k} : {auto[k]} question(s) autocorrigée(s), il en faut {MIN_AUTO}")
            if manual[k] < MIN_MANUAL:
                problems.append(f"compétence {k} : {manual[k]} question(s) corrigée(s) à la main, il en faut {MIN_MANUAL}")
    return problems


def _strip_magics(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def summary(notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, dict[str, float]]:
    """Points per competence: {"C2": {"auto": 6, "manuel": 4}, ...}."""
    out: dict[str, dict[str, float]] = {}
    for nb in notebooks.values():
        for cell in nb.cells:
            meta = _nbg(cell)
            if not (meta.get("grade") or meta.get("task")):
                continue
            for comp in _competence_tags(cell):
                kind = "auto" if (meta.get("grade") and not meta.get("solution")) else "manuel"
                out.setdefault(comp, {"auto": 0, "manuel": 0})[kind] += meta.get("points", 0)
    return out


def wrong_answers(name: str) -> list[dict]:
    """The plausible wrong answers declared in ``NN_nom.erreurs.toml`` (empty list if none)."""
    path = SRC / f"{name}.erreurs.toml"
    if not path.is_file():
        return []
    items = tomllib.loads(path.read_text(encoding="utf-8")).get("erreur", [])
    for item in items:
        missing = {"test", "cellule", "code"} - set(item)
        if missing:
            raise BuildError(f"{path.name} : erreur sans {', '.join(sorted(missing))} : {item}")
    return items


# ---------------------------------------------------------------------------- solutions


def solution_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The worked solution: solutions kept, hidden tests removed, no nbgrader metadata."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        cell.source = MARKER_LINE_RE.sub("", HIDDEN_RE.sub("", cell.source)).rstrip()
        cell.source = cell.source.replace("=== BEGIN MARK SCHEME ===", "**Barème**").replace(
            "=== END MARK SCHEME ===", "")
        cell.metadata.pop("nbgrader", None)
    return out


# ---------------------------------------------------------------------------- nbgrader


def _env() -> dict[str, str]:
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")  # nbgrader calls `alembic`
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for var in ("CASEKIT_COURS", "CASEKIT_DONNEES", "CASEKIT_GRAINE", "CASEKIT_SECRET_FILE"):
        env.pop(var, None)
    return env


def nbgrader(course: Path, *args: str, check: bool = True,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the nbgrader CLI in ``course`` (its own nbgrader_config.py, isolated Jupyter config)."""
    env = {**_env(), **(env or {})}
    cfg = course / ".jupyter-isole"
    cfg.mkdir(exist_ok=True)
    env["JUPYTER_CONFIG_DIR"] = str(cfg)
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"],
        cwd=course, env=env, capture_output=True, text=True,
    )
    if check and proc.returncode != 0:
        raise BuildError(f"nbgrader {' '.join(args)} a échoué :\n{proc.stdout}\n{proc.stderr}")
    return proc


def new_course(dest: Path, notebooks: dict[str, nbformat.NotebookNode] | None = None) -> Path:
    """A throw-away course directory holding the config and the source notebooks."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "nbgrader_config.py", dest / "nbgrader_config.py")
    src = dest / "source" / ASSIGNMENT
    src.mkdir(parents=True, exist_ok=True)
    if notebooks is None:
        notebooks = {p.stem: nbformat.read(p, as_version=4) for p in sorted(SOURCE.glob("*.ipynb"))}
    for name, nb in notebooks.items():
        (src / f"{name}.ipynb").write_text(_text(nb), encoding="utf-8")
    return dest


def generate(notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, nbformat.NotebookNode]:
    """Student versions produced by ``nbgrader generate_assignment``."""
    with tempfile.TemporaryDirectory(prefix="casekit-cours-") as tmp:
        course = new_course(Path(tmp) / "cours", notebooks)
        nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
        release = course / "release" / ASSIGNMENT
        return {p.stem: _clean(nbformat.read(p, as_version=4)) for p in sorted(release.glob("*.ipynb"))}


def leaks(nb: nbformat.NotebookNode) -> list[str]:
    """Answer-key text found in a student notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        for marker in LEAK_MARKERS:
            if marker in cell.source:
                found.append(f"cellule {i} : « {marker} »")
    return found


# ---------------------------------------------------------------------------- build


def build_all(*, coverage: bool = True) -> dict[Path, str]:
    """Every generated file and its text (nothing written)."""
    srcs = sources()
    if not srcs:
        raise BuildError(f"aucune source dans {SRC}")
    nbs = {p.stem: render_source(p) for p in srcs}
    problems = lint(nbs, coverage=coverage)
    if problems:
        raise BuildError("le cours ne respecte pas les règles :\n- " + "\n- ".join(problems))
    files: dict[Path, str] = {}
    for name, nb in nbs.items():
        files[SOURCE / f"{name}.ipynb"] = _text(nb)
        files[SOLUTIONS / f"{name}.ipynb"] = _text(solution_version(nb))
    for name, nb in generate(nbs).items():
        found = leaks(nb)
        if found:
            raise BuildError(f"{name} : fuite du corrigé dans la version étudiante : {found}")
        files[STUDENT / f"{name}.ipynb"] = _text(nb)
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """Committed files that differ from ``files``, plus generated files with no source."""
    out = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    for folder in (SOURCE, STUDENT, SOLUTIONS):
        out += [p for p in folder.glob("*.ipynb") if p not in files]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verifier", action="store_true", help="n'écrit rien, échoue si un fichier est périmé")
    parser.add_argument("--brouillon", action="store_true", help="ignore la règle de couverture des compétences")
    args = parser.parse_args(argv)
    try:
        files = build_all(coverage=not args.brouillon)
    except BuildError as exc:
        print(f"Échec de la construction : {exc}", file=sys.stderr)
        return 1
    if args.verifier:
        old = stale(files)
        for p in old:
            print(f"périmé : {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if old else 0
    for folder in (SOURCE, STUDENT, SOLUTIONS):
        folder.mkdir(parents=True, exist_ok=True)
        for p in folder.glob("*.ipynb"):
            if p not in files:
                p.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"écrit : {path.relative_to(ROOT)}")
    counts = summary({p.stem: nbformat.reads(t, as_version=4) for p, t in files.items() if p.parent == SOURCE})
    print(json.dumps(counts, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
