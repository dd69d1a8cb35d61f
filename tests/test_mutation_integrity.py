"""Static integrity checks (casekit.grading.integrity), called directly: no kernel, no process.

Each test states one behaviour of ``scan_code`` or ``check_notebook`` that a
regression would break (a pattern no longer flagged, a harmless one flagged, a
finding reported twice, a message that loses its key words).
"""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from casekit.grading.integrity import check_notebook, scan_code

# --------------------------------------------------------------------------- scan_code


def _only(source: str) -> str:
    found = scan_code(source)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("source", "words"), [
    ("import ctypes", ["mémoire", "ctypes"]),
    ("import builtins", ["intégrées", "builtins"]),
    ("import gc", ["inspection", "gc"]),
    ("import inspect", ["pile", "inspect"]),
    ("import importlib.util", ["import dynamique", "importlib"]),
    ("from nbgrader.api import Gradebook", ["nbgrader"]),
    ("import sqlite3", ["base de données", "sqlite3"]),
    ("from sqlalchemy import create_engine", ["base de données", "sqlalchemy"]),
    ("from IPython import display", ["IPython"]),
    ("from casekit import examen", ["corrigé", "casekit.examen"]),
    ("from casekit.examen import cle", ["corrigé", "casekit.examen"]),
    ("import casekit.grading.runner", ["correction", "casekit.grading"]),
    ("from casekit import grading", ["correction", "casekit.grading"]),
    ("from casekit import metrics, grading", ["correction", "casekit.grading"]),
    ("from unittest.mock import patch", ["remplace", "mock"]),
    ("from unittest import mock", ["remplace", "mock"]),
    ("from unittest import TestCase, mock as m", ["remplace", "mock"]),
    ("import mock", ["remplace", "mock"]),
    ("import unittest\nunittest.mock.patch('casekit.checks.verifier_nps')", ["remplace", "mock"]),
    ("mock.patch.object(checks, 'verifier_nps', lambda *a: None)", ["remplace", "mock"]),
    ("import unittest as u\nwith u.mock.patch('x'):\n    pass", ["remplace", "mock"]),
    ("def f():\n    return u.mock.patch\nimport unittest as u", ["remplace", "mock"]),
    ("import casekit\ncasekit.examen.cle", ["corrigé", "casekit.examen"]),
    ("import unittest.case\nunittest.mock.patch('x')", ["remplace", "mock"]),  # import a.b binds a
    ("from .. import outils\nimport unittest as u\nu.mock", ["remplace", "mock"]),
    ("import os as g\nimport gc as os\nos.collect()", ["inspection", "gc"]),
])
def test_forbidden_imports_are_named(source, words):
    msg = _only(source)
    for w in words:
        assert w in msg, (source, msg)


@pytest.mark.parametrize("source", [
    "import gcovr", "import inspection", "import ctypeslib", "from casekit import metrics",
    "import casekit", "import unittest", "from . import voisin", "import IPythonista",
])
def test_modules_that_only_share_a_prefix_are_allowed(source):
    assert scan_code(source) == []


@pytest.mark.parametrize("source", [
    "import unittest\nunittest.TestCase", "import unittest\nunittest.mockery.x", "gc.collect()",
    "mockup.patch('x')", "resultat.mock.patch = 1", "(lambda: 1)().mock", "from . import mock",
    "from .mock import patch\npatch.x = 1", "from .. import gc", "from .unittest import mock",
])
def test_attributes_are_judged_by_what_their_root_name_imports(source):
    # gc.collect() with no import in the cell: a student's variable may be called gc.
    assert scan_code(source) == []


def test_relative_import_from_a_package_is_allowed():
    assert scan_code("from .outils import taux") == []


@pytest.mark.parametrize(("source", "attr"), [
    ("import sys\nsys.modules", "modules"),
    ("f.__globals__", "__globals__"),
    ("ip.events.register('pre_run_cell', f)", "events"),
    ("sys.settrace(None)", "settrace"),
    ("object.__subclasses__()", "__subclasses__"),
])
def test_interpreter_hooks_are_named(source, attr):
    found = scan_code(source)
    assert any("mécanismes" in f and f"({attr})" in f for f in found), found


@pytest.mark.parametrize("attr", ["environ", "getenv", "putenv", "environb"])
def test_environment_reads_are_flagged(attr):
    assert scan_code(f"import os\nos.{attr}") == ["lit les variables d’environnement (os.environ)"]


@pytest.mark.parametrize("source", [
    "!ls", "%time x = 1", "%%bash\nls", "get_ipython().run_line_magic(nom, 'inline')",
])
def test_magics_and_shell_commands_are_flagged(source):
    msg = _only(source)
    assert msg.startswith("commande magique") and "IPython" in msg


def test_chained_method_calls_are_plain_code():
    # The call inside the call is a method, not get_ipython(): no crash, no finding.
    assert scan_code("df.groupby('a').sum().round(1)") == []


@pytest.mark.parametrize("source", ["%matplotlib inline", "get_ipython()", "x = get_ipython"])
def test_matplotlib_magic_and_a_bare_get_ipython_are_allowed(source):
    assert scan_code(source) == []


def test_the_walk_goes_on_after_a_get_ipython_name():
    # The node after ``get_ipython`` is still inspected.
    assert "exécute du code dynamique (eval)" in scan_code("get_ipython()\neval('1')")


@pytest.mark.parametrize(("name", "words"), [
    ("eval", ["dynamique", "eval"]), ("exec", ["dynamique", "exec"]), ("compile", ["compile"]),
    ("__import__", ["import dynamique", "__import__"]), ("globals", ["global"]), ("setattr", ["setattr"]),
])
def test_dynamic_code_is_flagged(name, words):
    msg = _only(f"{name}('x')")
    for w in words:
        assert w in msg


@pytest.mark.parametrize("source", [
    "def verifier_nps(x):\n    return True",
    "async def verifier_nps(x):\n    return True",
    "class verifier_nps:\n    pass",
    "verifier_nps = lambda x: True",
    "verifier_nps: object = None",
    "del verifier_nps",
])
def test_redefining_a_check_is_flagged(source):
    msg = _only(source)
    assert "vérification" in msg and "(verifier_nps)" in msg


@pytest.mark.parametrize("source", [
    "def __eq__(a, b):\n    return True",
    "async def __bool__(a):\n    return True",
    "__eq__ = lambda a, b: True",
    "x.__eq__ = lambda a, b: True",
])
def test_redefining_comparisons_is_flagged(source):
    found = scan_code(source)
    assert any("comparaison" in f and "__" in f for f in found), found


def test_a_class_named_like_a_dunder_is_not_a_comparison():
    assert scan_code("class __eq__:\n    pass") == []


@pytest.mark.parametrize("name", ["AssertionError", "print", "float", "abs", "isinstance", "round", "len"])
def test_replacing_a_builtin_is_flagged(name):
    msg = _only(f"{name} = None")
    assert "intégrée" in msg and f"({name})" in msg


def test_augmented_assignment_to_a_builtin_is_flagged():
    assert "remplace une fonction intégrée (len)" in scan_code("len += 1")


@pytest.mark.parametrize(("source", "shown"), [
    ("import pandas as pd\npd.DataFrame.mean = f", "pd.DataFrame.mean"),
    ("np.mean = f", "np.mean"),
    ("import math as m\nm.sqrt = f", "m.sqrt"),
    ("from casekit import metrics as mt\nmt.nps = f", "mt.nps"),
    ("import numpy.linalg as la\nla.norm = f", "la.norm"),
    ("from sys import path as p\np.x = 1", "p.x"),
    ("import os\nos.sep = '/'", "os.sep"),
    ("import pandas as pa\npa.DataFrame.x = f", "pa.DataFrame.x"),
    ("from casekit import metrics as mt\nmt.nps.x = f", "mt.nps.x"),
    ("import numpy.linalg\nnumpy.linalg.norm = f", "numpy.linalg.norm"),
    ("from casekit.checks import verifier_nps as v\nv.seuil = 0", "v.seuil"),
    ("from builtins import print as p\np.x = 1", "p.x"),
    ("m.sqrt = f\nimport math as m", "m.sqrt"),
])
def test_replacing_a_module_function_is_flagged(source, shown):
    found = scan_code(source)
    assert f"remplace une fonction d'un module ({shown})" in found, found


@pytest.mark.parametrize("root", ["casekit", "checks", "metrics", "np", "numpy", "pd", "pandas", "math", "sys",
                                  "builtins", "os"])
def test_module_names_imported_in_another_cell_are_recognised(root):
    # The import is usually in an earlier cell: the name alone is enough.
    assert scan_code(f"{root}.fonction = None") == [f"remplace une fonction d'un module ({root}.fonction)"]


@pytest.mark.parametrize("source", [
    "self.total = 1", "resultat.valeur = 3", "import json as js\njs.x = 1", "a, b = 1, 2",
    "import collections\ncollections.x = 1",
    # A student's alias of an unrelated module is not the module its name suggests.
    "import mathplus as m\nm.x = 1", "import mathplus as np\nnp.x = 1", "from sysconfig import x as s\ns.y = 1",
    "from osm import carte as os\nos.x = 1", "import pandas_extra as pandas\npandas.x = 1",
    "import checks.outils\nchecks.x = 1",  # the student's own package checks, not casekit.checks
])
def test_ordinary_attribute_assignments_are_allowed(source):
    assert scan_code(source) == []


@pytest.mark.parametrize(("text", "words"), [
    ("casekit_secret_cours", ["secret"]),
    ("/home/prof/gradebook.db", ["carnet de notes"]),
    ("source/ps1.ipynb", ["dossiers du cours"]),
    ("cours/submitted/lea", ["dossiers du cours"]),
    ("autograded", ["dossiers du cours"]),
    ("x.feedback", ["dossiers du cours"]),
    ("../../ailleurs.csv", ["remonte"]),
])
def test_sensitive_strings_are_flagged(text, words):
    msg = _only(f"chemin = {text!r}")
    for w in words:
        assert w in msg


@pytest.mark.parametrize("text", ["ressources/donnees.csv", "sources", "mon_feedback", "./donnees.csv"])
def test_ordinary_paths_are_allowed(text):
    assert scan_code(f"chemin = {text!r}") == []


def test_text_level_check_catches_the_secret_in_code_that_does_not_parse():
    found = scan_code("x = = CASEKIT_SECRET")
    assert found == ["lit le secret du cours (CASEKIT_SECRET)"]


def test_text_level_check_is_limited_to_the_secret():
    # A comment is not code: only the course secret is looked for in raw text.
    assert scan_code("# le gradebook et ../ ne sont que des mots ici\nx = 1") == []


def test_examen_in_the_text_is_flagged_only_with_casekit():
    assert "appelle les fonctions de corrigé de casekit.examen" in scan_code("import casekit\ncasekit.examen.cle()")
    # Text level: a name built at run time, or code that does not parse.
    assert scan_code("import casekit\nc = getattr(casekit, 'examen')") == [
        "appelle les fonctions de corrigé de casekit.examen"]
    assert scan_code("import casekit\ncasekit.examen.cle(") == ["appelle les fonctions de corrigé de casekit.examen"]
    assert scan_code("examen = 3\nprint(examen)") == []
    assert scan_code("import casekit\nexamens = 3") == []


def test_findings_are_reported_once():
    found = scan_code("eval('1')\neval('2')\nimport ctypes\nimport ctypes")
    assert sorted(found) == ["accès mémoire bas niveau (ctypes)", "exécute du code dynamique (eval)"]


def test_secret_found_by_ast_and_text_is_reported_once():
    assert scan_code("x = 'CASEKIT_SECRET'") == ["lit le secret du cours (CASEKIT_SECRET)"]


# --------------------------------------------------------------------------- check_notebook


def _meta(gid, *, grade=False, solution=False, locked=False, points=0, task=False):
    return {"nbgrader": {"grade_id": gid, "grade": grade, "solution": solution, "locked": locked,
                         "points": points, "task": task, "schema_version": 3}}


def _release():
    return new_notebook(cells=[
        new_markdown_cell("# Consignes", metadata=_meta("consignes", locked=True)),
        new_code_cell("import inspect  # donné par l'enseignant"),
        new_code_cell("# VOTRE CODE\nreponse = None", metadata=_meta("reponse", solution=True)),
        new_code_cell("assert reponse == 42\nimport gc", metadata=_meta("test_reponse", grade=True, locked=True,
                                                                      points=2)),
    ])


def _check(tmp_path, submitted, release=None):
    rel, sub = tmp_path / "release.ipynb", tmp_path / "sub.ipynb"
    nbformat.write(release or _release(), str(rel))
    if isinstance(submitted, str):
        sub.write_text(submitted, encoding="utf-8")
    else:
        nbformat.write(submitted, str(sub))
    return check_notebook(sub, rel)


def _answered(code="reponse = 42"):
    nb = _release()
    nb.cells[2].source = code
    return nb


def test_an_honest_submission_has_no_finding(tmp_path):
    # Given code (an import in the release, a locked test cell) is not the student's code.
    assert _check(tmp_path, _answered()) == []


def test_an_unreadable_submission_is_not_a_finding(tmp_path):
    assert _check(tmp_path, "{pas du json") == []


def test_student_code_in_a_solution_cell_is_scanned(tmp_path):
    assert _check(tmp_path, _answered("reponse = eval('6 * 7')")) == ["exécute du code dynamique (eval)"]


def test_a_new_cell_is_scanned_even_after_given_code(tmp_path):
    nb = _answered()
    nb.cells.append(new_code_cell("import ctypes"))
    assert _check(tmp_path, nb) == ["accès mémoire bas niveau (ctypes)"]


def test_given_code_copied_into_a_graded_cell_is_scanned(tmp_path):
    # The given import is allowed where it was released, not once moved into the answer cell.
    assert _check(tmp_path, _answered("import inspect\nreponse = 42")) == [
        "inspection de la pile d'exécution (inspect)"]


def test_markdown_cells_are_not_scanned(tmp_path):
    nb = _answered()
    nb.cells.append(new_markdown_cell("eval('x') et import ctypes"))
    assert _check(tmp_path, nb) == []


@pytest.mark.parametrize("tag", ["raises-exception", "skip-execution", "skip", "hide-input", "remove-cell",
                                 "Skip-Me"])
def test_added_skip_tags_are_flagged(tmp_path, tag):
    nb = _answered()
    nb.cells[2].metadata["tags"] = [tag, "aaa-autre"]
    found = _check(tmp_path, nb)
    assert len(found) == 1 and "étiquette ajoutée" in found[0] and tag in found[0] and "aaa" not in found[0]


def test_several_skip_tags_are_listed_in_one_finding(tmp_path):
    nb = _answered()
    nb.cells[2].metadata["tags"] = ["skip", "raises-exception"]
    found = _check(tmp_path, nb)
    assert len(found) == 1 and "raises-exception, skip" in found[0]


def test_an_added_harmless_tag_is_not_a_finding(tmp_path):
    nb = _answered()
    nb.cells[2].metadata["tags"] = ["brouillon"]
    assert _check(tmp_path, nb) == []


def _tagged_release():
    rel = _release()
    rel.cells[1].metadata["tags"] = ["raises-exception"]  # a given cell that shows an error on purpose
    rel.cells[2].metadata["tags"] = ["skip-execution"]
    return rel


@pytest.mark.parametrize(("cell", "field", "value"), [
    (2, "source", "reponse = 42"),  # the answered solution cell, found by grade_id
    (1, "source", "import json  # autre chose"),  # a given cell edited: same cell id, other text
    (1, "id", "autre-id"),  # a given cell with another id: found by its text
])
def test_skip_tags_of_the_release_are_not_added(tmp_path, cell, field, value):
    rel = _tagged_release()
    nb = copy.deepcopy(rel)
    nb.cells[cell][field] = value
    assert _check(tmp_path, nb, rel) == []


def test_only_the_tags_the_release_lacks_are_reported(tmp_path):
    rel = _tagged_release()
    nb = copy.deepcopy(rel)
    nb.cells[2].metadata["tags"] = ["skip-execution", "skip"]
    nb.cells[1].metadata["tags"] = ["raises-exception", "remove-cell"]
    nb.cells[1].source = "import inspect  # modifié"
    found = _check(tmp_path, nb, rel)
    assert found == ["étiquette ajoutée à une cellule : remove-cell", "inspection de la pile d'exécution (inspect)",
                     "étiquette ajoutée à une cellule : skip"], found


def test_a_given_cell_with_another_id_and_text_is_a_new_cell(tmp_path):
    rel = _tagged_release()
    nb = copy.deepcopy(rel)
    nb.cells[1].id = "autre-id"
    nb.cells[1].source = "x = 1"
    assert _check(tmp_path, nb, rel) == ["étiquette ajoutée à une cellule : raises-exception"]


def test_a_release_tag_on_another_cell_does_not_cover_a_new_cell(tmp_path):
    rel = _tagged_release()
    nb = copy.deepcopy(rel)
    nb.cells.append(new_code_cell("x = 1", metadata={"tags": ["raises-exception"]}))
    assert _check(tmp_path, nb, rel) == ["étiquette ajoutée à une cellule : raises-exception"]


def test_removed_tags_are_flagged(tmp_path):
    rel = _release()
    rel.cells[3].metadata["tags"] = ["test", "important"]
    nb = _answered()
    nb.cells[3].metadata["tags"] = ["test"]
    found = _check(tmp_path, nb, rel)
    assert found == ["étiquettes retirées (test_reponse)"]


@pytest.mark.parametrize("field", ["grade", "solution", "locked", "task", "points"])
def test_changed_nbgrader_fields_are_named(tmp_path, field):
    nb = _answered()
    meta = nb.cells[3].metadata["nbgrader"]
    meta[field] = 10 if field == "points" else not meta[field]
    found = _check(tmp_path, nb)
    assert any("métadonnées nbgrader modifiées" in f and "test_reponse" in f and field in f for f in found), found
    if field != "locked":
        assert not any("locked" in f for f in found)


def test_changed_fields_are_listed_in_one_finding(tmp_path):
    nb = _answered()
    nb.cells[3].metadata["nbgrader"].update(points=20, grade=False)
    found = _check(tmp_path, nb)
    assert found == ["métadonnées nbgrader modifiées (test_reponse : grade, points)"]


def test_changed_cell_type_is_flagged(tmp_path):
    nb = _answered()
    nb.cells[2] = new_markdown_cell("reponse = 42", metadata=nb.cells[2].metadata)
    found = _check(tmp_path, nb)
    assert found == ["type de cellule modifié (reponse)"]


def test_an_edited_locked_cell_is_flagged_but_not_a_whitespace_change(tmp_path):
    nb = _answered()
    nb.cells[3].source = "assert True\nimport gc"
    assert _check(tmp_path, nb) == ["cellule verrouillée modifiée (test_reponse)"]
    nb.cells[3].source = "\n" + _release().cells[3].source + "\n\n"
    assert _check(tmp_path, nb) == []


def test_a_locked_solution_cell_is_still_scanned(tmp_path):
    rel = _release()
    rel.cells[2].metadata["nbgrader"]["locked"] = True
    nb = _answered("reponse = 42")
    nb.cells[2].metadata["nbgrader"]["locked"] = True
    nb.cells[2].source = rel.cells[2].source = "import gc\nreponse = 42"
    assert _check(tmp_path, nb, rel) == ["inspection des objets du correcteur (gc)"]


def test_stripped_grade_id_is_flagged(tmp_path):
    nb = _answered()
    del nb.cells[3].metadata["nbgrader"]["grade_id"]
    found = _check(tmp_path, nb)
    assert "métadonnées nbgrader incomplètes (grade_id retiré)" in found
    assert "métadonnées nbgrader retirées (test_reponse)" in found


def test_a_graded_cell_kept_without_its_metadata_is_flagged(tmp_path):
    nb = _answered()
    nb.cells[3].metadata = {}
    assert _check(tmp_path, nb) == ["métadonnées nbgrader retirées (test_reponse)"]


def test_an_ungraded_cell_kept_without_its_metadata_is_not_a_finding(tmp_path):
    nb = _answered()
    nb.cells[0].metadata = {}
    assert _check(tmp_path, nb) == []


def test_a_renamed_grade_id_is_flagged(tmp_path):
    nb = _answered()
    nb.cells[3].metadata["nbgrader"]["grade_id"] = "autre_nom"
    assert _check(tmp_path, nb) == ["métadonnées nbgrader modifiées (test_reponse : grade_id)"]


def test_a_copy_of_a_graded_cell_beside_it_is_not_a_finding(tmp_path):
    nb = _answered()
    nb.cells.append(new_code_cell(nb.cells[3].source))
    assert _check(tmp_path, nb) == []


def test_a_deleted_graded_cell_is_left_to_nbgrader(tmp_path):
    nb = _answered()
    del nb.cells[3]
    assert _check(tmp_path, nb) == []


def test_a_graded_cell_with_other_text_and_no_metadata_is_not_the_same_cell(tmp_path):
    nb = _answered()
    nb.cells[3].metadata = {}
    nb.cells[3].source = "assert True"
    assert _check(tmp_path, nb) == []


def test_empty_nbgrader_metadata_is_not_incomplete(tmp_path):
    nb = _answered()
    nb.cells.append(new_code_cell("x = 1", metadata={"nbgrader": {}}))
    assert _check(tmp_path, nb) == []


def test_the_same_finding_in_two_cells_is_reported_once(tmp_path):
    nb = _answered("reponse = eval('42')")
    nb.cells.append(new_code_cell("eval('1')"))
    assert _check(tmp_path, nb) == ["exécute du code dynamique (eval)"]
