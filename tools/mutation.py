"""Mutation testing of the modules whose numbers students trust (``make mutation``).

For each module listed in ``[tool.casekit.mutation.modules]`` of ``pyproject.toml``, this
script runs mutmut with only that module mutated and only the tests that cover it
selected, on ``jobs`` cores (2 by default), then prints one table and writes it as
Markdown to ``build/mutation.md``:

    module | mutants | killed | survived | timeout | no tests | equivalent | score | target

``score = killed / (killed + survived)``, where the mutants listed in
``[tool.casekit.mutation.equivalents]`` (mutant name -> why it is equivalent) are left out
of both terms. Timeouts count neither as killed nor as survived; they are shown so that a
slow test selection is visible. The exit status is 1 when a module is below its target.

Each module gets its own mutmut project, ``mutants/<slug>/``: symbolic links to the
checkout (``casekit``, ``tests`` and the data folders of ``[tool.mutmut] also_copy``) and
a ``pyproject.toml`` whose ``[tool.mutmut]`` table adds ``only_mutate`` and the module's
test selection to the shared one. mutmut then copies that project into
``mutants/<slug>/mutants/`` and tests the mutants there. The surviving mutants, with
their diffs, go to ``build/mutation/<slug>.survivors.txt``.

Usage::

    python tools/mutation.py                 # every module, fresh run
    python tools/mutation.py metrics seeds   # some modules only
    python tools/mutation.py metrics --reuse # keep mutmut's cached results (faster reruns)
    python tools/mutation.py --list          # modules, targets and test selections
    python tools/mutation.py swot --rerun    # retest only the survivors (and unchecked mutants)
                                             # of the last run, against the current tests
    python tools/mutation.py --report        # table of the last run of each module, no run
                                             # (re-reads mutmut's results: equivalents apply)

Tests that spawn processes (a second interpreter, a kernel, a server) do not see the
mutated code and only slow every mutant down: keep them out of a module's ``tests`` or
list them in its ``deselect``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
WORK = ROOT / "mutants"
BUILD = ROOT / "build"

# mutmut's exit codes, grouped as the table shows them (mutmut.stats.status_by_exit_code).
KILLED = {1, 3}
SURVIVED = {0}
TIMEOUT = {36, -24, 24, 152, 255}
NO_TESTS = {5, 33}


@dataclass
class Module:
    """One module to mutate, as declared in ``[tool.casekit.mutation.modules.<name>]``."""

    name: str
    path: str
    target: float
    tests: list[str]
    deselect: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.name.replace("/", "_")


@dataclass
class Result:
    """Counts for one module after a run."""

    module: Module
    mutants: int = 0
    killed: int = 0
    survived: int = 0
    timeout: int = 0
    no_tests: int = 0
    other: int = 0
    equivalent: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    error: str = ""
    stale_equivalents: list[str] = field(default_factory=list)
    survivors: list[str] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        judged = self.killed + self.survived
        return 100.0 * self.killed / judged if judged else None

    @property
    def ok(self) -> bool:
        return not self.error and self.score is not None and self.score >= self.module.target


def read_config() -> tuple[dict, dict[str, Module], dict[str, str]]:
    """Return (shared mutmut table, modules by name, equivalent mutants -> reason)."""
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    shared = data["tool"]["mutmut"]
    conf = data["tool"]["casekit"]["mutation"]
    modules = {
        name: Module(
            name=name,
            path=spec["path"],
            target=float(spec["target"]),
            tests=list(spec["tests"]),
            deselect=list(spec.get("deselect", [])),
        )
        for name, spec in conf["modules"].items()
    }
    return shared, modules, dict(conf.get("equivalents", {}))


def toml_value(value: object) -> str:
    """Minimal TOML writer for strings, numbers, booleans and lists of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def project_pyproject(shared: dict, module: Module) -> str:
    """The checkout's pyproject.toml with a [tool.mutmut] table for this module only."""
    table = dict(shared)
    table["only_mutate"] = [module.path]
    selection = [t for t in module.tests if (ROOT / t.split("::")[0]).exists()]
    for missing in sorted(set(module.tests) - set(selection)):
        print(f"[mutation] warning: {module.name}: no such test file {missing}", flush=True)
    for node in module.deselect:
        selection += ["--deselect", node]
    table["pytest_add_cli_args_test_selection"] = selection
    lines = ["[tool.mutmut]"] + [f"{k} = {toml_value(v)}" for k, v in table.items()]
    text = PYPROJECT.read_text("utf-8")
    # Drop the shared table (up to the next table header) and append the module's one.
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def prepare(shared: dict, module: Module, *, reuse: bool) -> Path:
    """Create mutants/<slug>/: links to the checkout plus the module's pyproject.toml."""
    project = WORK / module.slug
    if project.exists() and not reuse:
        shutil.rmtree(project)
    project.mkdir(parents=True, exist_ok=True)
    names = {p.split("/")[0] for p in shared.get("source_paths", ["casekit"])}
    names |= {"tests"} | {p.rstrip("/").split("/")[0] for p in shared.get("also_copy", [])}
    for name in sorted(names):
        link = project / name
        if not link.is_symlink() and (ROOT / name).exists():
            link.symlink_to(ROOT / name)
    (project / "pyproject.toml").write_text(project_pyproject(shared, module), "utf-8")
    return project


def run_mutmut(project: Path, *, jobs: int, log: Path, names: list[str] | None = None) -> int:
    """Run ``mutmut run`` in the module's project (only ``names`` if given) into ``log``."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the mutated copy must be the only casekit on the path
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("MPLBACKEND", "Agg")
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *(names or [])],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, check=False,
        )
    return proc.returncode


def collect(project: Path, module: Module, equivalents: dict[str, str]) -> Result:
    """Read mutmut's per-file results (``<file>.meta``) and apply the equivalents list."""
    result = Result(module=module)
    meta = project / "mutants" / (module.path + ".meta")
    if not meta.exists():
        result.error = "mutmut wrote no results"
        return result
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    prefix = module.path.removesuffix(".py").replace("/", ".") + "."
    for name, reason in equivalents.items():
        if name.startswith(prefix) and codes.get(name) not in SURVIVED:
            state = "missing" if name not in codes else f"exit code {codes[name]}"
            result.stale_equivalents.append(f"{name} ({state}; listed as: {reason})")
    for name, code in codes.items():
        result.mutants += 1
        if code in SURVIVED and name in equivalents:
            result.equivalent += 1
        elif code in KILLED:
            result.killed += 1
        elif code in SURVIVED:
            result.survived += 1
            result.survivors.append(name)
        elif code in TIMEOUT:
            result.timeout += 1
        elif code in NO_TESTS:
            result.no_tests += 1
        else:
            result.other += 1
    return result


def write_survivors(project: Path, result: Result, out: Path) -> None:
    """Write every surviving mutant with its diff (mutmut's own ``show`` output)."""
    lines = [f"# {result.module.name}: {len(result.survivors)} surviving mutants\n"]
    if result.survivors:
        code = (
            "import sys\n"
            "from mutmut.mutation.diff_apply import get_diff_for_mutant\n"
            "for name in sys.argv[2:]:\n"
            "    print('## ' + name)\n"
            "    print(get_diff_for_mutant(name, path=sys.argv[1]))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, result.module.path, *sorted(result.survivors)],
            cwd=project, capture_output=True, text=True, check=False,
        )
        lines.append(proc.stdout or proc.stderr)
    out.write_text("\n".join(lines), "utf-8")


def fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f} %"


HEADER = ["module", "mutants", "killed", "survived", "timeout", "no tests", "equivalent",
          "score", "target", "status", "wall", "CPU"]


def rows(results: list[Result]) -> list[list[str]]:
    out = []
    for r in results:
        status = "error: " + r.error if r.error else ("OK" if r.ok else "below")
        out.append([
            r.module.name, str(r.mutants), str(r.killed), str(r.survived), str(r.timeout),
            str(r.no_tests), str(r.equivalent), fmt_score(r.score), f"{r.module.target:g} %",
            status, f"{r.seconds / 60:.1f} min", f"{r.cpu_seconds / 60:.1f} min",
        ])
    return out


def text_table(results: list[Result]) -> str:
    table = [HEADER, *rows(results)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(table):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def markdown_table(results: list[Result], *, total: float, jobs: int) -> str:
    head = "| " + " | ".join(HEADER) + " |"
    sep = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(HEADER))) + "|"
    body = ["| " + " | ".join([f"`{r[0]}`", *r[1:]]) + " |" for r in rows(results)]
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = sum(r.cpu_seconds for r in results)
    return "\n".join([
        f"Mutation testing, {when}: {total / 60:.1f} min wall, {cpu / 60:.1f} min CPU, on {jobs} "
        f"cores (load average at the end: {load}).",
        "",
        head, sep, *body, "",
    ])


def report(chosen: list[Module], equivalents: dict[str, str], *, jobs: int) -> int:
    """Table of the last run of each module (counts re-read, equivalents re-applied)."""
    results = []
    for module in chosen:
        info_path = BUILD / "mutation" / f"{module.slug}.json"
        if not info_path.exists():
            print(f"[mutation] {module.name}: never run", flush=True)
            continue
        info = json.loads(info_path.read_text("utf-8"))
        result = collect(WORK / module.slug, module, equivalents)
        result.seconds, result.cpu_seconds = info["seconds"], info["cpu_seconds"]
        result.error = result.error or info.get("error", "")
        for stale in result.stale_equivalents:
            print(f"[mutation] warning: stale equivalent {stale}", flush=True)
        print(f"[mutation] {module.name}: run {info['when']}, load average {info['load']:.1f}")
        results.append(result)
    total = sum(r.seconds for r in results)
    print()
    print(text_table(results))
    md = markdown_table(results, total=total, jobs=jobs)
    (BUILD / "mutation.md").write_text(md, "utf-8")
    print(f"\nwritten: {(BUILD / 'mutation.md').relative_to(ROOT)} (modules run separately; "
          f"total = sum of their wall times)")
    return 0 if results and all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    shared, modules, equivalents = read_config()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="module",
                        help=f"modules to run (default: all): {', '.join(modules)}")
    parser.add_argument("--jobs", type=int, default=2, help="mutmut worker processes (default 2)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep mutants/<module>/ and mutmut's cached results")
    parser.add_argument("--list", action="store_true", help="print the configuration and stop")
    parser.add_argument("--rerun", action="store_true",
                        help="retest the survivors and unchecked mutants of the last run only")
    parser.add_argument("--report", action="store_true",
                        help="rebuild the table from the last run of each module, without running")
    args = parser.parse_args(argv)

    unknown = [m for m in args.modules if m not in modules]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(modules)}")
    chosen = [modules[m] for m in (args.modules or modules)]
    if args.list:
        for m in chosen:
            print(f"{m.name}: {m.path}, target {m.target:g} %")
            for t in m.tests:
                print(f"    {t}")
            for t in m.deselect:
                print(f"    --deselect {t}")
        return 0

    (BUILD / "mutation").mkdir(parents=True, exist_ok=True)
    if args.report:
        return report(chosen, equivalents, jobs=args.jobs)
    start = time.monotonic()
    results = []
    for module in chosen:
        t0, cpu0 = time.monotonic(), _children_cpu()
        print(f"[mutation] {module.name} ({module.path}) ...", flush=True)
        names = None
        if args.rerun:
            meta = WORK / module.slug / "mutants" / (module.path + ".meta")
            if not meta.exists():
                parser.error(f"{module.name}: no previous run to retest")
            codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
            names = sorted(k for k, v in codes.items() if v is None or v in SURVIVED)
        project = prepare(shared, module, reuse=args.reuse or args.rerun)
        log = BUILD / "mutation" / f"{module.slug}.log"
        if names == []:
            code = 0
        else:
            code = run_mutmut(project, jobs=args.jobs, log=log, names=names)
        result = collect(project, module, equivalents)
        if code != 0 and not result.error:
            result.error = f"mutmut exited with {code}, see {log.relative_to(ROOT)}"
        elif code != 0:
            result.error += f" (mutmut exited with {code}, see {log.relative_to(ROOT)})"
        result.seconds = time.monotonic() - t0
        result.cpu_seconds = _children_cpu() - cpu0
        write_survivors(project, result, BUILD / "mutation" / f"{module.slug}.survivors.txt")
        info_path = BUILD / "mutation" / f"{module.slug}.json"
        if args.rerun and info_path.exists():  # keep the cost of the full run in the table
            full = json.loads(info_path.read_text("utf-8"))
            result.seconds, result.cpu_seconds = full["seconds"], full["cpu_seconds"]
        info_path.write_text(json.dumps({
            "seconds": result.seconds, "cpu_seconds": result.cpu_seconds, "error": result.error,
            "when": datetime.now(UTC).isoformat(timespec="minutes"),
            "load": os.getloadavg()[0]}), "utf-8")
        print(f"[mutation] {module.name}: {result.killed}/{result.mutants} killed, "
              f"{result.survived} survived, score {fmt_score(result.score)} "
              f"in {result.seconds / 60:.1f} min", flush=True)
        for stale in result.stale_equivalents:
            print(f"[mutation] warning: stale equivalent {stale}", flush=True)
        results.append(result)
    total = time.monotonic() - start

    print()
    print(text_table(results))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ntotal {total / 60:.1f} min on {args.jobs} cores, load average {load}")
    md = markdown_table(results, total=total, jobs=args.jobs)
    (BUILD / "mutation.md").write_text(md, "utf-8")
    print(f"written: {(BUILD / 'mutation.md').relative_to(ROOT)}, "
          f"survivors in {(BUILD / 'mutation').relative_to(ROOT)}/<module>.survivors.txt")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
