"""Time and peak memory of each BC01 worked solution, against bare kernel start-up in the same run.

Each solution notebook (notebooks/solutions/bc01/, self-study mode on the
training case) runs in a fresh kernel, as a student's would; a last cell reads
the kernel's peak RSS (``ru_maxrss``). Baseline: a fresh kernel running one
empty cell. Targets on 2 cores: the whole BC01 set <= 30 s, each kernel < 1 GB
(Binder gives 1-2 GB).

    python benchmarks/bench_notebooks.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "notebooks" / "solutions" / "bc01"
PEAK = "import resource; print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
TARGET_TOTAL_S, TARGET_PEAK_MB = 30.0, 1024.0


def run(cells: list, cwd: str) -> tuple[float, float]:
    """(wall seconds including kernel start-up, kernel peak RSS in MB)."""
    nb = nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_code_cell(PEAK)])
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": cwd}})
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    if errors:
        raise RuntimeError(f"{errors[0].ename}: {errors[0].evalue}")
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    peak_kb = float(text.split("PEAK_KB")[1].split()[0])
    return elapsed, peak_kb / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    notebooks = sorted(SOLUTIONS.glob("*.ipynb"))
    if not notebooks:
        print("aucun corrigé dans notebooks/solutions/bc01 : lancez make notebooks", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as cwd:
        base = [run([nbformat.v4.new_code_cell("pass")], cwd) for _ in range(args.repeat)]
        base_t = statistics.median(t for t, _ in base)
        base_m = statistics.median(m for _, m in base)
        rows = []
        for path in notebooks:
            cells = nbformat.read(path, as_version=4).cells
            runs = [run(cells, cwd) for _ in range(args.repeat)]
            rows.append((path.stem, statistics.median(t for t, _ in runs), max(m for _, m in runs)))
    print(f"\n== Carnets BC01 (corrigés, noyau neuf par carnet, médiane de {args.repeat}) ==")
    print(f"{'carnet':<26} {'temps':>8} {'réf.':>7} {'ratio':>7} {'mémoire max':>12}")
    for name, t, m in rows:
        flag = "" if m < TARGET_PEAK_MB else "  HORS CIBLE"
        print(f"{name:<26} {t:>7.2f}s {base_t:>6.2f}s {t / base_t:>6.2f}× {m:>9.0f} Mo{flag}")
    total = sum(t for _, t, _ in rows)
    worst = max(m for _, _, m in rows)
    n = len(rows)
    print(f"{'total (' + str(n) + ' carnets)':<26} {total:>7.2f}s {n * base_t:>6.2f}s "
          f"{total / (n * base_t):>6.2f}× {worst:>9.0f} Mo (pire noyau)")
    print(f"noyau nu (démarrage + 1 cellule) : {base_t:.2f} s, {base_m:.0f} Mo")
    print(f"cible : ensemble ≤ {TARGET_TOTAL_S:.0f} s -> {'OK' if total <= TARGET_TOTAL_S else 'HORS CIBLE'} ; "
          f"chaque noyau < {TARGET_PEAK_MB:.0f} Mo -> {'OK' if worst < TARGET_PEAK_MB else 'HORS CIBLE'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
