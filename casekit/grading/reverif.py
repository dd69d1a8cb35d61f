"""Out-of-kernel re-check: the hidden tests run again, in a clean process, on the answers.

The in-kernel result of a test cell can be faked by the submission (an object
whose ``__eq__`` always answers True, a patched check helper or ``assert``,
faked output). So, for every autograded test cell:

1. **Which names.** :func:`noms_libres` reads the test cell's source (hidden
   tests included) with ``ast`` and lists the global names it reads without
   assigning them itself: the answers (``nps``), the data they are checked
   against (``enquete_propre``) and the helpers (``checks``, ``pd``). Nothing
   has to be declared by the course author, and a new test cell is covered
   the day it is written.
2. **Snapshot in the kernel.** :class:`casekit.grading.preprocessors.InjecterJetons`
   puts :func:`ligne_instantane` at the top of the cell: it writes those values,
   as typed JSON (:mod:`casekit.grading.serial`, never pickle), to a file with a
   per-run random name in the kernel's private folder. The worker collects the
   file (:func:`recolter`) right after the cell, before any later cell runs.
3. **Re-check outside.** After grading, :func:`reverifier` runs, for each test
   cell that *passed in the kernel*, the instructor's source of the cell in a
   fresh Python process that never runs student code: the values are decoded
   from JSON, ``casekit.checks`` and pandas are fresh imports. When root, that
   process runs as its own unprivileged user (``UID_REVERIF + slot``, not the
   kernel's) with no network. A cell that passed in the kernel but fails here,
   a snapshot that is missing, or an answer of a class defined by the
   submission means the submission tampered with grading.

A test cell that calls a function the student wrote (``ctr(180, 12000)``) is
not re-checked (it would mean running student code): the in-kernel audit and
the static scan cover those cells, and the ledger says so for each cell.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

UID_REVERIF = 62000
MARK = "\u241e"
MAX_OCTETS = 40_000_000


# ----------------------------------------------------------------------------- which names


class _Libres(ast.NodeVisitor):
    """Global names a cell reads and never binds itself (scope-aware for functions,
    lambdas and comprehensions)."""

    def __init__(self):
        self.lus: list[str] = []
        self.lies: set[str] = set()
        self.pile: list[set[str]] = []

    def _local(self, name: str) -> bool:
        return any(name in s for s in self.pile)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            if not self._local(node.id):
                self.lus.append(node.id)
        elif not self.pile:
            self.lies.add(node.id)

    def _bind(self, name: str) -> None:
        if self.pile:
            self.pile[-1].add(name)
        else:
            self.lies.add(name)

    def visit_Import(self, node):
        for a in node.names:
            self._bind(a.asname or a.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def _args(self, args: ast.arguments) -> set[str]:
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        return {a.arg for a in every}

    def visit_FunctionDef(self, node):
        self._bind(node.name)
        for d in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if d is not None:
                self.visit(d)
        self.pile.append(self._args(node.args) | _stored(node.body))
        for stmt in node.body:
            self.visit(stmt)
        self.pile.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._bind(node.name)
        for d in [*node.bases, *node.decorator_list]:
            self.visit(d)
        self.pile.append(_stored(node.body))
        for stmt in node.body:
            self.visit(stmt)
        self.pile.pop()

    def visit_Lambda(self, node):
        for d in [*node.args.defaults, *node.args.kw_defaults]:
            if d is not None:
                self.visit(d)
        self.pile.append(self._args(node.args))
        self.visit(node.body)
        self.pile.pop()

    def _comp(self, node, parts):
        self.visit(node.generators[0].iter)  # evaluated in the enclosing scope
        targets = set()
        for g in node.generators:
            targets |= {n.id for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        self.pile.append(targets)
        for i, g in enumerate(node.generators):
            if i:
                self.visit(g.iter)
            for cond in g.ifs:
                self.visit(cond)
        for p in parts:
            self.visit(p)
        self.pile.pop()

    def visit_ListComp(self, node):
        self._comp(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._comp(node, [node.key, node.value])


def _stored(body) -> set[str]:
    names = set()
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                names |= {a.asname or a.name.split(".")[0] for a in n.names}
    return names


def _python(source: str) -> str | None:
    """The cell as plain Python, or None when it needs IPython (magics, shell escapes)."""
    try:
        ast.parse(source)
        return source
    except SyntaxError:
        return None


def noms_libres(source: str) -> list[str] | None:
    """Names a test cell reads from the notebook's namespace (None: not plain Python).

    >>> noms_libres("checks.verifier_nps(nps, [x for x in reponses if x])\\nfrom m import f\\nf(df)")
    ['checks', 'nps', 'reponses', 'df']
    >>> noms_libres("_v = variante()\\nverifier(float(taille), _v)")
    ['variante', 'verifier', 'float', 'taille']
    """
    code = _python(source)
    if code is None:
        return None
    v = _Libres()
    v.visit(ast.parse(code))
    return [n for n in dict.fromkeys(v.lus) if n not in v.lies]


# ----------------------------------------------------------------------------- in the worker


def ligne_instantane(chemin: str, noms: list[str]) -> str:
    """The line injected at the top of a test cell (see :func:`casekit.grading.serial.instantane`)."""
    return (f"__import__('casekit.grading.serial', fromlist=['instantane']).instantane("
            f"{chemin!r}, {noms!r})")


def chemin_instantane(dossier: str) -> str:
    return os.path.join(dossier, f".casekit-instantane-{secrets.token_hex(10)}.json")


def recolter(chemin: str) -> str | None:
    """Read and remove a snapshot file the kernel wrote (None when absent or not a plain file)."""
    try:
        fd = os.open(chemin, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_OCTETS:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_OCTETS + 1)
        return data.decode("utf-8", errors="replace")
    finally:
        os.close(fd)
        try:
            os.unlink(chemin)
        except OSError:
            pass


# ----------------------------------------------------------------------------- in the grader


def _sources(notebook: Path) -> dict[str, str]:
    return _lire(notebook)[0]


def _ipython_to_python(source: str) -> str | None:
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        code = TransformerManager().transform_cell(source)
        ast.parse(code)
        return code
    except Exception:
        return None


def _lire(notebook: Path) -> tuple[dict[str, str], set[str], list[str]]:
    """(grade_id -> test cell source, names only the instructor's cells bind, their imports).

    A submission may bind its own function to a name a solution cell binds
    (``ctr``); rebinding a name of the instructor's cells (``verifier_valeur``
    imported by the setup cell) is tampering. The instructor's import
    statements are replayed in the clean process: tools (``checks``, ``pd``,
    ``verifier_valeur``) never come from the snapshot, only data does.
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    tests, prof, eleve, imports = {}, set(), set(), []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        md = c.metadata.get("nbgrader", {})
        if md.get("grade") and not md.get("solution"):
            tests[md["grade_id"]] = c.source
            continue
        code = _python(c.source) or _ipython_to_python(c.source)
        if code is None:
            continue
        tree = ast.parse(code)
        v = _Libres()
        v.visit(tree)
        (eleve if md.get("solution") else prof).update(v.lies)
        if not md.get("solution"):
            imports += [ast.unparse(n) for n in ast.walk(tree)
                        if isinstance(n, (ast.Import, ast.ImportFrom)) and not getattr(n, "level", 0)]
    return tests, prof - eleve, list(dict.fromkeys(imports))


def _passe_dans_le_noyau(info: dict) -> bool:
    return bool(info.get("fini")) and not info.get("erreur")


def reverifier(source: Path, constats: dict, *, etudiant: str, devoir: str, isoler: bool,
               slot: int = 0, delai: int = 60, memoire: int | None = None,
               chaud: str | None = None) -> tuple[list[str], dict]:
    """Re-check outside the kernel every test cell that passed in it.

    ``source`` is the assignment's instructor folder (``source/<devoir>``),
    ``constats`` what the casekit preprocessors recorded per notebook; ``chaud``
    the socket of the warm server (:func:`casekit.grading.chaud.reverifier`),
    which forks the clean process instead of starting one. Returns
    (findings for the instructor, {notebook: {grade_id: per-cell status}}).
    """
    findings: list[str] = []
    etats: dict[str, dict[str, str]] = {}
    travail = []
    for nb, c in sorted(constats.items()):
        path = Path(source) / f"{nb}.ipynb"
        if not path.is_file():
            continue
        sources, prof, imports = _lire(path)
        snaps = c.get("instantanes", {})
        for gid, info in sorted(c.get("tests", {}).items()):
            if not _passe_dans_le_noyau(info) or gid not in sources:
                continue
            etat = etats.setdefault(nb, {})
            if noms_libres(sources[gid]) is None:
                etat[gid] = "non revérifiée (cellule IPython)"
                continue
            raw = snaps.get(gid)
            try:
                valeurs = json.loads(raw) if raw else None
            except ValueError:
                valeurs = None
            if not isinstance(valeurs, dict):
                etat[gid] = "instantané absent"
                findings.append(f"{nb} : {gid} réussi dans le noyau sans instantané de ses réponses "
                                "(exécution détournée)")
                continue
            refus = {k: v for k, v in valeurs.items() if isinstance(v, dict) and v.get("t") == "refus"}
            copie = [f"« {k} » ({v.get('classe')})" for k, v in refus.items()
                     if v.get("genre") != "fonction" or k in prof]
            if copie:
                etat[gid] = "réponse non transmissible"
                findings.append(f"{nb} : {gid} réussi dans le noyau avec une réponse que la revérification "
                                "hors du noyau ne peut pas reproduire : " + ", ".join(copie)
                                + " (objet défini par la copie ou type non pris en charge)")
                continue
            if refus:
                etat[gid] = "non revérifiée (fonction de la copie : " + ", ".join(
                    str(v.get("classe")) for v in refus.values()) + ")"
                continue
            # the snapshot's own text (it parsed as a JSON object just above): not encoded again
            travail.append({"carnet": nb, "gid": gid, "source": sources[gid], "valeurs": _Json(raw),
                            "imports": imports})
    if not travail:
        return findings, etats
    resultats = _executer(travail, etudiant=etudiant, devoir=devoir, isoler=isoler, slot=slot,
                          delai=delai, memoire=memoire, chaud=chaud)
    for t in travail:
        nb, gid = t["carnet"], t["gid"]
        r = resultats.get(f"{nb}/{gid}")
        if r is None:
            etats[nb][gid] = "non revérifiée (processus de revérification interrompu)"
        elif r["ok"]:
            etats[nb][gid] = "confirmée hors du noyau"
        elif r["ename"] in ("DelaiReverification", "MemoryError"):
            etats[nb][gid] = f"non revérifiée ({r['ename']})"
        else:
            etats[nb][gid] = "infirmée hors du noyau"
            findings.append(f"{nb} : {gid} réussi dans le noyau mais échoue hors du noyau sur les mêmes "
                            f"réponses ({r['ename']} : {r['evalue'][:160]})")
    return findings, etats


class _Json(str):
    """JSON text already validated, written as is into ``travail.json``."""


def _json_travail(delai: int, travail: list[dict]) -> str:
    cells = []
    for cell in travail:
        plain = {k: v for k, v in cell.items() if not isinstance(v, _Json)}
        parts = [json.dumps(plain, ensure_ascii=False)[:-1]]
        parts += [f", {json.dumps(k)}: {v}" for k, v in cell.items() if isinstance(v, _Json)]
        cells.append("".join(parts) + "}")
    return '{"delai": ' + json.dumps(delai) + ', "cellules": [' + ", ".join(cells) + "]}"


def _executer(travail: list[dict], *, etudiant: str, devoir: str, isoler: bool, slot: int, delai: int,
              memoire: int | None, chaud: str | None = None) -> dict:
    """Run the clean process on ``travail``; {"carnet/gid": {"ok", "ename", "evalue"}}."""
    from casekit.grading.course import venv_env

    uid = UID_REVERIF + slot if isoler else None
    base = Path(tempfile.mkdtemp(prefix="casekit-reverif-"))
    try:
        os.chmod(base, 0o711)
        # examen.variante_corrigee reads the student id from ".../autograded/<id>/<devoir>"
        cwd = base / "autograded" / etudiant / devoir
        cwd.mkdir(parents=True)
        for d in (base / "autograded", base / "autograded" / etudiant):
            os.chmod(d, 0o711)
        spec = cwd / "travail.json"
        spec.write_text(_json_travail(delai, travail), encoding="utf-8")
        env = venv_env()
        env.update(NBGRADER_EXECUTION="autograde", HOME=str(cwd), MPLCONFIGDIR=str(cwd),
                   MPLBACKEND="Agg", PYTHONWARNINGS="ignore", IPYTHONDIR=str(cwd / ".ipython"))
        env.pop("CASEKIT_BAC_A_SABLE", None)
        secret = os.environ.get("CASEKIT_SECRET_FILE")
        if secret and os.path.isfile(secret):
            copy = cwd / ".secret_cours"
            shutil.copy(secret, copy)
            os.chmod(copy, 0o400)
            env["CASEKIT_SECRET_FILE"] = str(copy)
        if uid is not None:
            for p in (cwd, *cwd.iterdir()):
                os.chown(p, uid, uid)
            os.chmod(cwd, 0o700)
        if memoire:
            env["CASEKIT_REVERIF_MEMOIRE"] = str(memoire)
        timeout = delai * len(travail) + 120
        if chaud:
            from casekit.grading import chaud as serveur

            out = serveur.reverifier(chaud, str(cwd), env, uid, timeout)
            if out is not None:
                return out
        if uid is None:
            argv = [sys.executable, "-P", "-m", "casekit.grading.reverif", str(cwd)]
        else:
            argv = [shutil.which("unshare") or "/usr/bin/unshare", "--net", "--mount", "--pid", "--fork",
                    "--kill-child", "--propagation", "private", "--", sys.executable, "-P", "-m",
                    "casekit.grading.reverif", "--etape2", str(cwd), str(uid)]
        try:
            p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return {}
        for line in reversed(p.stdout.splitlines()):
            if line.startswith(MARK):
                return json.loads(line[len(MARK):])
        return {}
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ----------------------------------------------------------------------------- the clean process


class DelaiReverification(Exception):
    pass


def _une_cellule(cell: dict, delai: int) -> dict:
    import contextlib
    import io
    import signal

    from casekit.grading.serial import decode

    ns = {"__name__": "__main__", "__builtins__": builtins}
    for stmt in cell.get("imports", []):  # the instructor's tools, never the snapshot's
        try:
            exec(compile(stmt, "<imports>", "exec"), ns)
        except Exception:
            pass
    outils = set(ns) - {"__name__", "__builtins__"}
    try:
        for nom, val in cell["valeurs"].items():
            if val.get("t") != "absent" and nom not in outils:
                ns[nom] = decode(val)
    except Exception as exc:
        return {"ok": False, "ename": "DecodageImpossible", "evalue": f"{type(exc).__name__} : {exc}"}

    def alarm(_sig, _frame):
        raise DelaiReverification(f"plus de {delai} s")

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(max(1, int(delai)))
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(cell["source"], f"<test {cell['gid']}>", "exec"), ns)
        return {"ok": True, "ename": "", "evalue": ""}
    except BaseException as exc:  # SystemExit from a test counts as a failure
        return {"ok": False, "ename": type(exc).__name__, "evalue": str(exc)[:500]}
    finally:
        signal.alarm(0)


def resultats(cwd: str) -> dict:
    """Run the cells of ``cwd/travail.json`` (in the clean process); {"carnet/gid": result}."""
    import resource

    mem = os.environ.pop("CASEKIT_REVERIF_MEMOIRE", None)
    if mem:
        resource.setrlimit(resource.RLIMIT_AS, (int(mem), int(mem)))
    os.chdir(cwd)
    spec = json.loads(Path("travail.json").read_text(encoding="utf-8"))
    out = {}
    for cell in spec["cellules"]:
        out[f"{cell['carnet']}/{cell['gid']}"] = _une_cellule(cell, spec["delai"])
    return out


def _principal(cwd: str) -> None:
    out = resultats(cwd)
    sys.stdout.write(MARK + json.dumps(out) + "\n")
    sys.stdout.flush()


def _etape2(cwd: str, uid: int) -> None:
    """As root in fresh namespaces: make Python readable, drop to ``uid``, run the check."""
    from casekit.grading.sandbox import expose_python

    expose_python(str(Path(cwd).parents[2]))
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    os.execv(setpriv, [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                       "--", sys.executable, "-P", "-m", "casekit.grading.reverif", cwd])


if __name__ == "__main__":  # pragma: no cover - run by _executer
    if sys.argv[1] == "--etape2":
        _etape2(sys.argv[2], int(sys.argv[3]))
    else:
        _principal(sys.argv[1])
