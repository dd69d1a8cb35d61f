"""casekit grade vs plain nbgrader vs bare nbclient on the BC01 demo class, in the same run.

Builds the seeded demo class (grading/demo/classe_demo.py): its 32 submissions
by default, or ``CASEKIT_BENCH_COPIES`` of them spread over the profiles (a
quicker run; fixed costs then weigh more), then, ``CASEKIT_BENCH_REPEAT`` times
(default 1: about 22 min for the whole class on 2 cores), on identical copies
of the course:
  - plain sequential ``nbgrader autograde`` (the baseline);
  - ``casekit grade --workers 2`` and ``--workers 1`` (the default: warm kernels);
  - with ``CASEKIT_BENCH_NEUFS=1``, ``casekit grade --workers 2 --noyaux-neufs`` too;
  - every submitted notebook executed by bare nbclient (``NotebookClient(nb).execute()``,
    its defaults) in a fresh ``python3`` kernel, in the submission's folder.
The machine is shared: each repetition measures all of them back to back and
the ratios are taken within a repetition; the load average is printed with
each. Targets (issue 8): casekit 2 workers <= 0,35 x nbgrader; 2 workers
>= 1,7 x the throughput of 1; per notebook (1 worker) <= 0,5 x bare execution.
The per-notebook cost of casekit is the whole ``casekit grade --workers 1``
command (fixed costs included: fork-server warm-up, nbgrader start, re-check,
feedback and reports) divided by the notebooks, against the execution alone of
the same notebooks in fresh kernels: a conservative comparison. CPU seconds
(the command and every process it waited for) are printed too: unlike wall
times, they do not depend on what else runs on the machine.
A speed measured on wrong grades means nothing: every ``casekit grade`` run must
grade each submission (status ``graded``) with the same per-cell automatic scores
as the plain nbgrader run, or the benchmark stops with the differences.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "grading" / "demo"))
sys.path.insert(0, str(REPO / "grading"))


def _env(course: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["CASEKIT_SECRET_FILE"] = str(course / "secret_demo.txt")
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter-isole")
    return env


def _cpu() -> float:
    """CPU seconds of this process and of every descendant waited for so far."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


CPU: dict[str, float] = {}  # CPU seconds of the last run of each command (load-independent)


def _timed(cmd: list[str], course: Path, key: str = "") -> float:
    c0, t0 = _cpu(), time.perf_counter()
    r = subprocess.run(cmd, cwd=course, env=_env(course), capture_output=True, text=True)
    took = time.perf_counter() - t0
    CPU[key] = _cpu() - c0
    if r.returncode not in (0, 1):  # 1: some submission failed, which the demo class may have
        print(r.stdout[-2000:], r.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"échec de {' '.join(cmd[:4])}…")
    return took


def _verifier(course: Path, baseline: dict, key: str) -> None:
    """Stop unless this casekit run graded everyone exactly as plain nbgrader did."""
    import json

    import cycle

    etat = json.loads((course / "casekit" / "bc01" / "etat.json").read_text(encoding="utf-8"))
    wrong = {s: (r["statut"], r.get("raisons")) for s, r in etat.items() if r["statut"] != "graded"}
    mine = cycle.scores(course)
    wrong.update({s: "notes différentes de nbgrader" for s in baseline if mine.get(s) != baseline[s]})
    if wrong or set(etat) != set(baseline):
        raise SystemExit(f"{key} : mesure invalide, correction différente de nbgrader : {wrong}")


def _bare(course: Path) -> list[float]:
    """Seconds per notebook: bare nbclient, fresh python3 kernel, same environment as nbgrader."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    old = dict(os.environ)
    os.environ.update(_env(course), PYTHONWARNINGS="ignore", MPLBACKEND="Agg")
    try:
        for folder in sorted((course / "submitted").glob("*/bc01")):
            for p in sorted(folder.glob("*.ipynb")):
                nb = nbformat.read(p, as_version=4)
                t0 = time.perf_counter()
                NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                               resources={"metadata": {"path": str(folder)}}).execute()
                times.append(time.perf_counter() - t0)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return times


def _fr(x: float, d: int = 2) -> str:
    return f"{x:.{d}f}".replace(".", ",").replace("-", "\u2212")


def main() -> None:
    import classe_demo
    import cycle

    n = int(os.environ.get("CASEKIT_BENCH_COPIES", "0"))  # 0: the whole class
    repeat = int(os.environ.get("CASEKIT_BENCH_REPEAT", "1"))
    neufs = os.environ.get("CASEKIT_BENCH_NEUFS") == "1"
    grade = [sys.executable, "-m", "casekit.cli", "grade", "bc01", "--sans-progression"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        students = classe_demo.make_class(base)
        n = n or len(students)
        keep = [s["id"] for s in students][:: max(1, len(students) // n)][:n]
        for d in (base / "submitted").iterdir():
            if d.name not in keep:
                shutil.rmtree(d)
        nnb = len(list((base / "submitted").glob("*/bc01/*.ipynb")))
        for rep in range(repeat):
            load0 = os.getloadavg()[0]
            runs: dict[str, float] = {}
            for name in ("nbgrader", "ck2", "ck1", "ck2n", "nu"):
                shutil.copytree(base, Path(tmp) / f"{name}-{rep}")
            nbg = Path(tmp) / f"nbgrader-{rep}"
            runs["nbgrader"] = _timed([sys.executable, "-m", "nbgrader", "autograde", "bc01"], nbg, "nbgrader")
            runs["cpu_nbgrader"] = CPU["nbgrader"]
            baseline = cycle.scores(nbg)
            for key, extra in (("ck2", ["--workers", "2"]), ("ck1", ["--workers", "1"]),
                               ("ck2n", ["--workers", "2", "--noyaux-neufs"])):
                if key == "ck2n" and not neufs:
                    continue
                course = Path(tmp) / f"{key}-{rep}"
                runs[key] = _timed([*grade, "--course", str(course), *extra], course, key)
                runs["cpu_" + key] = CPU[key]
                _verifier(course, baseline, key)
            c0 = _cpu()
            bare = _bare(Path(tmp) / f"nu-{rep}")
            runs["cpu_nu"] = _cpu() - c0
            runs["nu"] = sum(bare)
            runs["nu_med"] = statistics.median(bare)
            runs["load"] = (load0 + os.getloadavg()[0]) / 2
            rows.append(runs)
            _print(rep + 1, runs, len(keep), nnb)
    if repeat > 1:
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"\n== médianes des {repeat} répétitions (ratios : médiane des ratios par répétition) ==")
        for label, key, base_key, target, inverse in _RATIOS:
            if key in rows[0]:
                vals = [(r[base_key] / r[key]) if inverse else (r[key] / r[base_key]) for r in rows]
                v = statistics.median(vals)
                ok = (v >= target) if inverse else (v <= target)
                print(f"{label:<46}: {_fr(v)}  (cible {'≥' if inverse else '≤'} {_fr(target)}) "
                      f"{'atteinte' if ok else 'MANQUÉE'}  [{' ; '.join(_fr(x) for x in vals)}]")
        print(f"exécution nue, médiane par carnet           : {_fr(med['nu_med'])} s")
        for key, base_key, label in _CPU_RATIOS:
            print(f"{label:<46}: {_fr(statistics.median(r['cpu_' + key] / r['cpu_' + base_key] for r in rows))}")


# CPU seconds of the command and every process it waited for (warm kernels included: the
# fork server waits for its children); independent of the load, unlike wall times
_CPU_RATIOS = [("ck1", "nu", "CPU par carnet, 1 processus / exécution nue"),
               ("ck2", "nbgrader", "CPU, casekit --workers 2 / nbgrader")]
_RATIOS = [
    ("casekit --workers 2 / nbgrader séquentiel", "ck2", "nbgrader", 0.35, False),
    ("débit 2 processus / 1 processus", "ck2", "ck1", 1.7, True),
    ("coût par carnet, 1 processus / exécution nue", "ck1", "nu", 0.5, False),
    ("casekit --noyaux-neufs 2 / nbgrader", "ck2n", "nbgrader", 0.35, False),
]


def _print(rep: int, runs: dict, copies: int, nnb: int) -> None:
    print(f"\n== répétition {rep} : {copies} copies de la classe de démonstration ({nnb} carnets), "
          f"{os.cpu_count()} cœurs, charge moyenne {_fr(runs['load'])} ==")
    labels = (("nbgrader", "nbgrader autograde séquentiel"), ("ck2", "casekit grade --workers 2"),
              ("ck1", "casekit grade --workers 1"), ("ck2n", "casekit grade --workers 2 --noyaux-neufs"),
              ("nu", "nbclient nu, noyau neuf par carnet"))
    for key, label in labels:
        if key in runs:
            print(f"{label:<46}: {_fr(runs[key], 1):>7} s  ({_fr(runs[key] / nnb)} s/carnet ; "
                  f"CPU {_fr(runs['cpu_' + key] / nnb)} s/carnet)")
    print(f"{'nbclient nu, médiane par carnet':<46}: {_fr(runs['nu_med'])} s")
    for key, base_key, label in _CPU_RATIOS:
        print(f"{label:<46}: {_fr(runs['cpu_' + key] / runs['cpu_' + base_key])}  (indépendant de la charge)")
    for label, key, base_key, target, inverse in _RATIOS:
        if key in runs:
            v = runs[base_key] / runs[key] if inverse else runs[key] / runs[base_key]
            ok = (v >= target) if inverse else (v <= target)
            print(f"{label:<46}: {_fr(v)}  (cible {'≥' if inverse else '≤'} {_fr(target)}) "
                  f"{'atteinte' if ok else 'MANQUÉE'}")


if __name__ == "__main__":
    main()
