"""nbgrader preprocessors added by ``casekit grade`` (wrapping nbgrader, not forking it).

- :class:`InjecterJetons` (before ``Execute``): appends to every autograded test
  cell a line that prints a fresh per-run nonce, inserts another nonce at the
  start of the hidden tests, and adds a prologue cell (runs before any student
  code) and an audit cell (runs last) that print the interpreter's hook state.
- :class:`ExecuterLimite`: nbgrader's ``Execute`` with an output cap and a
  record of how execution ended.
- :class:`VerifierJetons` (right after ``Execute``): outside the kernel, checks
  that each test cell printed its nonce (so its real code ran to the end),
  compares the audit with the prologue, strips what was injected, and gives 0
  to a test cell that has neither its nonce nor an error. Findings go to
  :data:`CONSTATS`, which the worker writes for the parent process.
"""

from __future__ import annotations

import ast
import json
import os
import secrets

from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from casekit.grading import reverif

# notebook name -> findings; written to JSON by casekit.grading._worker
CONSTATS: dict[str, dict] = {}
MARK = "\u241e"  # SYMBOL FOR RECORD SEPARATOR: never typed by students

_ETAT = r'''
def __casekit_etat():
    import builtins, hashlib, json, sys
    ip = get_ipython()
    def nm(o):
        return f"{getattr(o, '__module__', None)}.{getattr(o, '__qualname__', type(o).__qualname__)}"
    st = {
        "cleanup": [nm(t) for t in ip.input_transformers_cleanup],
        "post": [nm(t) for t in ip.input_transformers_post],
        "ast": [nm(t) for t in ip.ast_transformers],
        "events": {k: sorted(nm(c) for c in v) for k, v in ip.events.callbacks.items()},
        "trace": nm(sys.gettrace()) if sys.gettrace() else None,
        "profile": nm(sys.getprofile()) if sys.getprofile() else None,
        "builtins": {k: nm(getattr(builtins, k, None)) for k in (
            "print", "__import__", "isinstance", "float", "abs", "AssertionError", "open",
            "len", "round", "exec", "eval", "max", "min", "sum", "type", "getattr")},
        "shell": {k: nm(getattr(type(ip), k, None)) for k in (
            "run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell",
            "showtraceback", "_showtraceback", "should_run_async")},
        "instance": sorted(k for k in vars(ip) if k in (
            "run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell",
            "showtraceback", "_showtraceback", "should_run_async", "ex", "ev")),
        "displayhook": nm(type(sys.displayhook)), "excepthook": nm(sys.excepthook),
        "stdout": nm(type(sys.stdout)), "stderr": nm(type(sys.stderr)),
    }
    ck = sys.modules.get("casekit.checks")
    st["checks"] = {} if ck is None else {
        k: nm(v) + ":" + hashlib.sha256(v.__code__.co_code).hexdigest()[:16]
        for k, v in sorted(vars(ck).items())
        if callable(v) and hasattr(v, "__code__")}
    st["ns"] = sorted(k for k, v in ip.user_ns.items()
                      if k.startswith("verifier_") and (ck is None or getattr(ck, k, None) is not v))
    objets = []
    for k, v in list(ip.user_ns.items()):
        t = type(v)
        if k.startswith("_") or getattr(t, "__module__", "") != "__main__":
            continue
        for d in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__",
                  "__float__", "__sub__", "__rsub__", "__abs__", "__round__", "__index__", "__int__"):
            if d in vars(t):
                objets.append(f"{k}.{d}")
    st["objets"] = objets
    return json.dumps(st, sort_keys=True)
print("{mark}" + "{nonce}" + __casekit_etat())
del __casekit_etat
'''

_PROLOGUE = "import casekit.checks\n" + _ETAT


def _private_folder() -> str | None:
    """The kernel's private folder (set by the runner), where snapshots are written."""
    spec = os.environ.get("CASEKIT_BAC_A_SABLE")
    try:
        return json.loads(spec)["private"] if spec else None
    except (ValueError, KeyError, TypeError):
        return None


def _is_test(cell) -> bool:
    md = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and md.get("grade") and not md.get("solution")


def _with_trailer(source: str, line: str) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source + "\n" + line
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1]
        lines = source.splitlines()
        head = "\n".join(lines[: last.lineno - 1])
        expr = "\n".join(lines[last.lineno - 1: last.end_lineno])
        tail = "\n".join(lines[last.end_lineno:])
        return (f"{head}\n__casekit_r = (\n{expr}\n)\n{tail}\n{line}\n__casekit_r").lstrip("\n")
    return source + "\n" + line


class InjecterJetons(NbGraderPreprocessor):
    """Add per-run nonces, a prologue and an audit cell (see module docstring)."""

    def preprocess(self, nb, resources):
        name = resources.get("unique_key", "notebook")
        state = {"tests": {}, "prologue": None, "audit": None, "erreur": None, "flot": []}
        CONSTATS[name] = state
        nonces = {}
        private = _private_folder()
        for cell in nb.cells:
            if not _is_test(cell):
                continue
            gid = cell.metadata["nbgrader"]["grade_id"]
            end, hid = secrets.token_hex(12), secrets.token_hex(12)
            nonces[gid] = (end, hid)
            cell.metadata.setdefault("casekit", {})["source"] = cell.source
            lines = []
            noms = reverif.noms_libres(cell.source) if private else None
            if noms is not None:  # typed snapshot of what the cell reads, for the re-check
                path = reverif.chemin_instantane(private)
                cell.metadata["casekit"]["instantane"] = path
                lines.append(reverif.ligne_instantane(path, noms))
            for ln in cell.source.splitlines():
                lines.append(ln)
                if "BEGIN HIDDEN TESTS" in ln:
                    indent = ln[: len(ln) - len(ln.lstrip())]
                    lines.append(f"{indent}print({MARK + hid!r})")
            cell.source = _with_trailer("\n".join(lines), f"print({MARK + end!r})")
        pro, aud = secrets.token_hex(12), secrets.token_hex(12)
        state["_nonces"] = {"tests": nonces, "prologue": pro, "audit": aud}
        p = new_code_cell(_PROLOGUE.replace("{mark}", MARK).replace("{nonce}", pro))
        a = new_code_cell(_ETAT.replace("{mark}", MARK).replace("{nonce}", aud))
        p.metadata["casekit"] = {"injecte": "prologue"}
        a.metadata["casekit"] = {"injecte": "audit"}
        nb.cells = [p, *nb.cells, a]
        return nb, resources


def _pop_marker(cell, nonce: str) -> str | None:
    """Remove the line ``MARK + nonce`` (and what follows it on that line) from stdout."""
    found = None
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            keep = []
            for ln in out.text.splitlines(keepends=True):
                if ln.startswith(MARK + nonce):
                    found = ln[len(MARK + nonce):].rstrip("\n")
                else:
                    keep.append(ln)
            out.text = "".join(keep)
    cell["outputs"] = [o for o in cell.get("outputs", [])
                       if not (o.get("output_type") == "stream" and o.get("text") == "")]
    return found


class VerifierJetons(NbGraderPreprocessor):
    """Check the nonces and the audit outside the kernel; strip the injected code."""

    def preprocess(self, nb, resources):
        name = resources.get("unique_key", "notebook")
        state = CONSTATS[name]
        nonces = state.pop("_nonces")
        cells = []
        for cell in nb.cells:
            inj = cell.metadata.get("casekit", {}).get("injecte")
            if inj == "prologue":
                got = _pop_marker(cell, nonces["prologue"])
                state["prologue"] = json.loads(got) if got else None
                continue
            if inj == "audit":
                got = _pop_marker(cell, nonces["audit"])
                state["audit"] = json.loads(got) if got else None
                continue
            if _is_test(cell) and "casekit" in cell.metadata:
                gid = cell.metadata["nbgrader"]["grade_id"]
                end, hid = nonces["tests"][gid]
                ran = _pop_marker(cell, end) is not None
                hidden = _pop_marker(cell, hid) is not None
                err = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                stderr = any(o.get("output_type") == "stream" and o.get("name") == "stderr"
                             for o in cell.get("outputs", []))
                state["tests"][gid] = {
                    "fini": ran, "cache_atteint": hidden, "stderr": stderr,
                    "erreur": None if err is None else {"ename": err.get("ename", ""),
                                                        "evalue": str(err.get("evalue", ""))[:500]},
                }
                if not ran and err is None:
                    # the real test code did not run to its end and raised nothing: no marks
                    cell.outputs.append(new_output("error", ename="CasekitJetonAbsent",
                                                   evalue="test non exécuté", traceback=[]))
                cell.source = cell.metadata["casekit"]["source"]
                del cell.metadata["casekit"]
            cells.append(cell)
        nb.cells = cells
        return nb, resources


class ExecuterLimite(Execute):
    """nbgrader's Execute with a per-cell output cap (bytes); records how it ended."""

    max_octets_sortie = Integer(2_000_000, help="Output cap per cell, in bytes.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._octets: dict[int, int] = {}
        self._flot: set[int] = set()
        name = (resources or {}).get("unique_key", "notebook")
        self._constats = CONSTATS.setdefault(name, {})
        try:
            return super().preprocess(nb, resources, km=km)
        except BaseException as exc:
            CONSTATS.setdefault(name, {})["erreur"] = type(exc).__name__
            raise
        finally:
            CONSTATS.setdefault(name, {})["flot"] = sorted(self._flot)

    async def _async_handle_timeout(self, timeout, cell=None):
        # per-cell timeout (interrupt_on_timeout): record which cell, then let nbclient
        # interrupt the kernel and go on with the next cell
        if cell is not None:
            md = cell.metadata.get("nbgrader", {})
            here = [c for c in self.nb.cells if "injecte" not in c.metadata.get("casekit", {})]
            where = md.get("grade_id") or next(
                (f"n° {i + 1}" for i, c in enumerate(here) if c is cell), "?")
            self._constats.setdefault("interrompues", {})[where] = int(timeout)
        return await super()._async_handle_timeout(timeout, cell)

    def preprocess_cell(self, cell, resources, index):
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            path = cell.metadata.get("casekit", {}).get("instantane")
            if path:  # collected before any later cell (student code) runs
                gid = cell.metadata["nbgrader"]["grade_id"]
                self._constats.setdefault("instantanes", {})[gid] = reverif.recolter(path)
                del cell.metadata["casekit"]["instantane"]

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        total = self._octets.get(cell_index, 0) + size
        self._octets[cell_index] = total
        if total > self.max_octets_sortie:
            self._flot.add(cell_index)
            return None
        return super().output(outs, msg, display_id, cell_index)
