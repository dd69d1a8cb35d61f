"""casekit grade vs plain nbgrader on the BC01 demo class, in the same run.

Builds the seeded demo class (grading/demo/classe_demo.py) and keeps
``CASEKIT_BENCH_COPIES`` submissions (8 by default; 32 = the whole class), then
grades identical copies of the course with:
  - plain sequential ``nbgrader autograde`` (the baseline);
  - ``casekit grade --workers 2`` (fresh confined kernels);
  - ``casekit grade --workers 2 --noyaux-chauds`` and ``--workers 1 --noyaux-chauds``;
and executes the same notebooks with bare nbclient in a fresh kernel each.
Prints wall times, ratios and per-notebook costs against the issue 8 targets
(<= 0,35 x nbgrader on 2 cores; per notebook <= 0,5 x bare execution;
2 workers >= 1,7 x the throughput of 1).
"""

from __future__ import annotations

import os
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


def _timed(cmd: list[str], course: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=course, env=_env(course), capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    import classe_demo

    n = int(os.environ.get("CASEKIT_BENCH_COPIES", "8"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        students = classe_demo.make_class(base)
        keep = [s["id"] for s in students][:: max(1, len(students) // n)][:n]
        for d in (base / "submitted").iterdir():
            if d.name not in keep:
                shutil.rmtree(d)
        runs = {}
        for name in ("nbgrader", "ck2", "ck2c", "ck1c"):
            shutil.copytree(base, Path(tmp) / name)
        nbg = Path(tmp) / "nbgrader"
        grade = [sys.executable, "-m", "casekit.cli", "grade", "bc01", "--sans-progression"]
        runs["nbgrader"] = _timed([sys.executable, "-m", "nbgrader", "autograde", "bc01"], nbg)
        runs["ck2"] = _timed([*grade, "--course", str(Path(tmp) / "ck2"), "--workers", "2"], Path(tmp) / "ck2")
        runs["ck2c"] = _timed([*grade, "--course", str(Path(tmp) / "ck2c"), "--workers", "2", "--noyaux-chauds"],
                              Path(tmp) / "ck2c")
        runs["ck1c"] = _timed([*grade, "--course", str(Path(tmp) / "ck1c"), "--workers", "1", "--noyaux-chauds"],
                              Path(tmp) / "ck1c")
        # bare nbclient: each autograded notebook of one student, fresh kernel each, same environment
        import nbformat
        from nbclient import NotebookClient

        folder = nbg / "autograded" / keep[0] / "bc01"
        bare = []
        old = dict(os.environ)
        os.environ.update(_env(nbg), NBGRADER_EXECUTION="autograde", PYTHONWARNINGS="ignore",
                          MPLBACKEND="Agg")
        try:
            for p in sorted(folder.glob("*.ipynb")):
                nb = nbformat.read(p, as_version=4)
                t0 = time.perf_counter()
                NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                               resources={"metadata": {"path": str(folder)}}).execute()
                bare.append(time.perf_counter() - t0)
        finally:
            os.environ.clear()
            os.environ.update(old)
        nnb = len(keep) * 6
    per_bare = statistics.mean(bare)
    fr = lambda x: f"{x:.2f}".replace(".", ",")  # noqa: E731
    print(f"\n== correction de {len(keep)} copies de la classe de démonstration ({nnb} carnets), "
          f"{os.cpu_count()} cœurs ==")
    for key, label in (("nbgrader", "nbgrader autograde séquentiel"),
                       ("ck2", "casekit grade --workers 2"),
                       ("ck2c", "casekit grade --workers 2 --noyaux-chauds"),
                       ("ck1c", "casekit grade --workers 1 --noyaux-chauds")):
        print(f"{label:<44}: {fr(runs[key]):>8} s  ({fr(runs[key] / nnb)} s/carnet)")
    print(f"ratio casekit 2 / nbgrader                  : {fr(runs['ck2'] / runs['nbgrader'])}  (cible <= 0,35)")
    print(f"ratio casekit 2 chauds / nbgrader           : {fr(runs['ck2c'] / runs['nbgrader'])}  (cible <= 0,35)")
    print(f"débit 2 processus / 1 (noyaux chauds)       : {fr(runs['ck1c'] / runs['ck2c'])}  (cible >= 1,7)")
    print(f"exécution nue nbclient, noyau neuf          : {fr(per_bare)} s/carnet (moyenne sur 6)")
    print(f"coût par carnet, 1 processus chaud / nu     : {fr(runs['ck1c'] / nnb / per_bare)}  (cible <= 0,5)")
    print(f"coût par carnet, 2 processus chauds / nu    : {fr(runs['ck2c'] / nnb / per_bare)}  (cible <= 0,5)")


if __name__ == "__main__":
    main()
