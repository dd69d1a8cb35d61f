"""casekit grade vs plain nbgrader, in the same run.

Grades one class (the fixture course of tests/_grading_course.py until the BC01
demo class is wired in; ``CASEKIT_BENCH_COPIES`` copies, 8 by default) with
``casekit grade --workers 2`` and with plain sequential ``nbgrader autograde``,
on identical course copies, and prints both wall times and their ratio; then
the per-notebook cost of each against a bare nbclient execution of the same
notebook in a fresh kernel. Targets from issue 8: casekit <= 0.35 x nbgrader on
2 cores, per-notebook <= 0.5 x bare execution (need a warm kernel pool; not
implemented, so they are printed, not claimed).
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import _grading_course as gc  # noqa: E402


def _course(base: Path, n: int) -> Path:
    root = base / "course"
    gc.make_course(root)
    gc.generate(root)
    for i in range(n):
        gc.submit(root, f"eleve{i:02d}")
    return root


def main() -> None:
    n = int(os.environ.get("CASEKIT_BENCH_COPIES", "8"))
    env = gc.env()
    os.environ["PATH"] = env["PATH"]
    with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
        a, b = _course(Path(d1), n), _course(Path(d2), n)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", gc.ASSIGNMENT],
                       cwd=b, env=env, capture_output=True)
        t_nbg = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "casekit.cli", "grade", gc.ASSIGNMENT, "--course", str(a),
                        "--workers", "2", "--sans-progression"], env=env, capture_output=True)
        t_ck = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "casekit.cli", "grade", gc.ASSIGNMENT, "--course", str(a),
                        "--workers", "1", "--sans-progression", "--force"], env=env, capture_output=True)
        t_ck1 = time.perf_counter() - t0
        # bare execution of the same notebooks in a fresh kernel each
        import nbformat
        from nbclient import NotebookClient

        bare = []
        nbs = sorted((a / "autograded" / "eleve00" / gc.ASSIGNMENT).glob("*.ipynb"))
        for _ in range(3):
            for p in nbs:
                nb = nbformat.read(p, as_version=4)
                t0 = time.perf_counter()
                NotebookClient(nb, kernel_name="python3", timeout=60, allow_errors=True).execute()
                bare.append(time.perf_counter() - t0)
        nnb = n * len(nbs)
    bare_med = statistics.median(bare)
    print(f"\n== correction de {n} copies ({nnb} carnets), 2 cœurs ==")
    print(f"nbgrader autograde séquentiel     : {t_nbg:7.1f} s  ({t_nbg / nnb:5.2f} s/carnet)")
    print(f"casekit grade --workers 2         : {t_ck:7.1f} s  ({t_ck / nnb:5.2f} s/carnet)")
    print(f"casekit grade --workers 1         : {t_ck1:7.1f} s")
    print(f"ratio casekit(2) / nbgrader       : {t_ck / t_nbg:7.2f}   (cible <= 0,35)")
    print(f"débit 2 processus / 1 processus   : {t_ck1 / t_ck:7.2f}   (cible >= 1,7)")
    print(f"exécution nue nbclient (médiane)  : {bare_med:7.2f} s/carnet")
    print(f"coût par carnet casekit / nu      : {t_ck / nnb / bare_med:7.2f}   (cible <= 0,5)")
    shutil.rmtree(Path(tempfile.gettempdir()) / "casekit-bench", ignore_errors=True)


if __name__ == "__main__":
    main()
