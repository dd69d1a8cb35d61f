"""Static integrity checks of a submitted notebook, outside any kernel.

Compares the submission with the released student version (the source of
truth the student received) and scans the student's own code with ``ast``.
Every finding is a short French sentence for the instructor.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

SKIP_TAGS = {"skip-execution", "raises-exception", "skip", "hide-input", "remove-cell"}
NB_FIELDS = ("grade", "solution", "locked", "task", "points")

FORBIDDEN_IMPORTS = {
    "builtins": "modifie les fonctions intégrées (builtins)",
    "ctypes": "accès mémoire bas niveau (ctypes)",
    "gc": "inspection des objets du correcteur (gc)",
    "inspect": "inspection de la pile d'exécution (inspect)",
    "importlib": "import dynamique (importlib)",
    "nbgrader": "importe nbgrader",
    "sqlite3": "accès direct à une base de données (sqlite3)",
    "sqlalchemy": "accès direct à une base de données (sqlalchemy)",
    "IPython": "accès aux mécanismes d'IPython",
    "casekit.examen": "appelle les fonctions de corrigé de casekit.examen",
    "casekit.grading": "importe les outils de correction (casekit.grading)",
    "unittest.mock": "remplace des fonctions (mock)",
    "mock": "remplace des fonctions (mock)",
}
#: Modules whose attributes a check relies on: assigning one of them is monkey-patching.
PATCHED_MODULES = {"casekit", "numpy", "pandas", "math", "sys", "builtins", "os"}
#: Usual names of those modules when the import is in another cell.
PATCHED_NAMES = {"casekit", "checks", "metrics", "np", "numpy", "pd", "pandas", "math", "sys", "builtins", "os"}
#: Names of mock modules, recognised without an import in the same cell (mock.patch.object).
MOCK_ROOTS = {"unittest", "mock"}
HOOK_ATTRS = {
    "input_transformers_cleanup", "input_transformers_post", "ast_transformers", "events",
    "register_magic_function", "register_magics", "set_custom_exc", "showtraceback",
    "_showtraceback", "run_cell", "run_cell_async", "run_ast_nodes", "run_code",
    "transform_cell", "displayhook", "excepthook", "settrace", "setprofile", "__builtins__",
    "__globals__", "__code__", "__closure__", "f_globals", "f_locals", "f_back", "modules",
    "__subclasses__", "__dict__",
}
DUNDERS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__float__",
           "__sub__", "__rsub__", "__abs__", "__round__", "__int__", "__index__", "__hash__",
           "__instancecheck__", "__getattribute__"}
DYNAMIC = {"eval": "exécute du code dynamique (eval)", "exec": "exécute du code dynamique (exec)",
           "compile": "compile du code dynamique (compile)",
           "__import__": "import dynamique (__import__)", "globals": "modifie l'espace global",
           "setattr": "modifie des attributs dynamiquement (setattr)",
           "get_ipython": "accès au noyau IPython (get_ipython)"}
SENSITIVE_TEXT = [
    (re.compile(r"CASEKIT_SECRET", re.I), "lit le secret du cours (CASEKIT_SECRET)"),
    (re.compile(r"gradebook", re.I), "vise le carnet de notes (gradebook)"),
    (re.compile(r"(^|[/\\.])(source|submitted|autograded|feedback)([/\\]|$)"),
     "vise les dossiers du cours (source/, submitted/…)"),
    (re.compile(r"\.\./"), "remonte hors de son dossier (../)"),
]
ALLOWED_MAGICS = {("run_line_magic", "matplotlib")}


def _nbmeta(cell) -> dict:
    return dict(cell.metadata.get("nbgrader", {}) or {})


def _to_python(source: str) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _forbidden(module: str) -> str | None:
    """The finding for a forbidden module or one of its submodules, else None."""
    for bad, msg in FORBIDDEN_IMPORTS.items():
        if module == bad or module.startswith(bad + "."):
            return msg
    return None


def _dotted(node: ast.Attribute, modules: dict[str, str]) -> str | None:
    """Full dotted name of ``a.b.c`` when ``a`` is imported in the cell or is a mock module."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or (node.id not in modules and node.id not in MOCK_ROOTS):
        return None
    return ".".join([modules.get(node.id, node.id), *reversed(parts)])


def _patched_module(name: str, modules: dict[str, str]) -> bool:
    """Whether ``name`` is (an alias of) a module whose attributes the checks rely on."""
    if name in modules:  # what the cell imported under that name, not what the name suggests
        return modules[name].split(".")[0] in PATCHED_MODULES
    return name in PATCHED_NAMES


def scan_code(source: str) -> list[str]:
    """Findings for one cell of student code (French sentences, de-duplicated).

    >>> scan_code("x = 1 + 1")
    []
    >>> scan_code("import os; os.environ['CASEKIT_SECRET_COURS']")
    ['lit les variables d’environnement (os.environ)', 'lit le secret du cours (CASEKIT_SECRET)']
    """
    found: list[str] = []

    def add(msg: str) -> None:
        if msg not in found:
            found.append(msg)

    code = _to_python(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        tree = None
    imported_modules: dict[str, str] = {}
    if tree is not None:
        for node in ast.walk(tree):  # every import of the cell first: a name may be used above its import
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                # relative imports keep their dots: « from . import mock » is the student's own module
                base = "." * node.level + (node.module or "") if isinstance(node, ast.ImportFrom) else ""
                prefix = base + "." if base else ""
                mods = [base]  # "" (import x) names no module
                for a in node.names:
                    mods.append(prefix + a.name)  # from unittest import mock: unittest.mock
                    name = a.asname or a.name.split(".")[0]  # import unittest.mock binds unittest
                    imported_modules[name] = prefix + a.name if a.asname or prefix else name
                for m in mods:
                    msg = _forbidden(m)
                    if msg:
                        add(msg)
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                dotted = _dotted(node, imported_modules)
                if dotted:
                    msg = _forbidden(dotted)
                    if msg:
                        add(msg)
                if node.attr in HOOK_ATTRS:
                    add(f"modifie les mécanismes du noyau ou de l'interpréteur ({node.attr})")
                if node.attr in ("environ", "getenv", "putenv", "environb"):
                    add("lit les variables d’environnement (os.environ)")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Call) \
                    and getattr(node.func.value.func, "id", None) == "get_ipython":
                arg = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
                if (node.func.attr, arg) not in ALLOWED_MAGICS:
                    add("commande magique ou système IPython (%, !)")
            elif isinstance(node, ast.Name) and node.id in DYNAMIC:
                if node.id == "get_ipython":
                    continue  # judged on the call above
                add(DYNAMIC[node.id])
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    and node.name.startswith("verifier_"):
                add(f"redéfinit une fonction de vérification ({node.name})")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in DUNDERS:
                add(f"redéfinit la comparaison ou la conversion d'objets ({node.name})")
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and t.id.startswith("verifier_"):
                        add(f"redéfinit une fonction de vérification ({t.id})")
                    if isinstance(t, ast.Name) and t.id in DUNDERS:
                        add(f"redéfinit la comparaison ou la conversion d'objets ({t.id})")
                    if isinstance(t, ast.Name) and t.id in ("AssertionError", "print", "float", "abs",
                                                            "isinstance", "round", "len"):
                        add(f"remplace une fonction intégrée ({t.id})")
                    if isinstance(t, ast.Attribute):
                        root = t
                        while isinstance(root, ast.Attribute):
                            root = root.value
                        if t.attr in DUNDERS:
                            add(f"redéfinit la comparaison ou la conversion d'objets ({t.attr})")
                        if isinstance(root, ast.Name) and _patched_module(root.id, imported_modules):
                            add(f"remplace une fonction d'un module ({ast.unparse(t)})")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                for rx, msg in SENSITIVE_TEXT:
                    if rx.search(node.value):
                        add(msg)
    # text-level checks also catch what ast missed (syntax errors, strings built by pieces)
    for rx, msg in SENSITIVE_TEXT[:1]:
        if rx.search(source):
            add(msg)
    if re.search(r"\bexamen\b", source) and "casekit" in source:
        add("appelle les fonctions de corrigé de casekit.examen")
    return found


def check_notebook(submitted: Path, release: Path) -> list[str]:
    """Compare a submitted notebook with its release; scan the student's code.

    Returns French findings; an empty list means nothing suspicious.
    """
    try:
        sub = nbformat.read(str(submitted), as_version=4)
    except Exception:
        return []
    rel = nbformat.read(str(release), as_version=4)
    findings: list[str] = []

    def add(msg: str) -> None:
        if msg not in findings:
            findings.append(msg)

    rel_by_id = {_nbmeta(c).get("grade_id"): c for c in rel.cells if _nbmeta(c).get("grade_id")}
    rel_sources = {c.source.strip() for c in rel.cells}
    rel_by_cell = {c.get("id"): c for c in rel.cells if c.get("id")}
    rel_by_source: dict[str, object] = {}
    for c in rel.cells:
        rel_by_source.setdefault(c.source.strip(), c)
    sub_ids = set()
    for cell in sub.cells:
        tags = set(cell.metadata.get("tags", []) or [])
        meta = _nbmeta(cell)
        gid = meta.get("grade_id")
        ref = rel_by_id.get(gid) if gid else None
        # The released cell: same grade_id, else same cell id, else same text. Its own tags were not added.
        twin = ref or rel_by_cell.get(cell.get("id")) or rel_by_source.get(cell.source.strip())
        released = set(twin.metadata.get("tags", []) or []) if twin is not None else set()
        bad_tags = sorted(t for t in tags - released if t in SKIP_TAGS or "skip" in t.lower())
        if bad_tags:
            add(f"étiquette ajoutée à une cellule : {', '.join(bad_tags)}")
        if gid:
            sub_ids.add(gid)
        if ref is not None:
            rmeta = _nbmeta(ref)
            changed = [k for k in NB_FIELDS if rmeta.get(k) != meta.get(k)]
            if changed:
                add(f"métadonnées nbgrader modifiées ({gid} : {', '.join(changed)})")
            if ref.cell_type != cell.cell_type:
                add(f"type de cellule modifié ({gid})")
            if rmeta.get("locked") and cell.source.strip() != ref.source.strip():
                add(f"cellule verrouillée modifiée ({gid})")
            ref_tags = set(ref.metadata.get("tags", []) or [])
            if ref_tags != tags and (ref_tags - tags):
                add(f"étiquettes retirées ({gid})")
            if rmeta.get("locked") and not rmeta.get("solution"):
                continue  # locked instructor cell: restored by nbgrader, not student code
        elif gid is None and "nbgrader" in cell.metadata and cell.metadata["nbgrader"]:
            add("métadonnées nbgrader incomplètes (grade_id retiré)")
        if cell.cell_type != "code" or (cell.source.strip() in rel_sources and ref is None):
            continue
        for f in scan_code(cell.source):
            add(f)
    for gid, ref in rel_by_id.items():
        if gid not in sub_ids and _nbmeta(ref).get("grade"):
            # was the cell kept with its metadata stripped, or its grade_id renamed?
            same = [c for c in sub.cells if c.source.strip() == ref.source.strip()]
            if any(not _nbmeta(c).get("grade_id") for c in same):
                add(f"métadonnées nbgrader retirées ({gid})")
            elif same:
                add(f"métadonnées nbgrader modifiées ({gid} : grade_id)")
    return findings
