"""Benchmark the case engine (issue 2 targets, 2-core machine).

- every dataset of the default case, cold (caches cleared): ≤ 1.5 s;
  baseline: reading the same frames back from CSV in the same run;
- ``clients`` at n = 1,000,000: ≤ 5 s; baseline: drawing the same number of
  uniform variates with numpy and wrapping them in a DataFrame;
- ``import casekit`` ≤ 1.3 × ``import pandas`` (fresh processes), and no
  scikit-learn or matplotlib imported by ``import casekit``.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pandas as pd
from _timing import median_process_time, median_time, report

import casekit
from casekit.cases import get_case
from casekit.datasets import clear_cache
from casekit.generators.audience import make_clients
from casekit.scenario import scenario


def build_all(seed=0):
    return {n: casekit.load(n, seed=seed) for n in casekit.list_datasets()}


def main() -> None:
    build_all()  # warm imports and reference tables (not timed)
    per = {}
    for name in casekit.list_datasets():
        per[name] = median_time(lambda n=name: casekit.load(n), setup=clear_cache, repeat=5)
    whole = median_time(build_all, setup=clear_cache, repeat=5)
    csvs = {n: b.frame.to_csv(index=False) for n, b in build_all().items()}
    read_back = median_time(lambda: [pd.read_csv(io.StringIO(c)) for c in csvs.values()], repeat=5)
    print("Temps médian par jeu de données (cas par défaut, à froid) :")
    for name, t in sorted(per.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {t * 1000:8.1f} ms")
    rows = [("cas par défaut complet (vs relire les CSV)", whole, read_back, None)]
    fresh = median_process_time(
        "import casekit\nfor n in casekit.list_datasets(): casekit.load(n)", repeat=5
    )
    fresh_pd = median_process_time("import pandas, numpy", repeat=5)
    rows.append(("idem, processus neuf (vs import pandas)", fresh, fresh_pd, None))

    scn = scenario(get_case(), 0)
    n = 1_000_000
    big = median_time(lambda: make_clients(scn, np.random.default_rng(0), n), repeat=3)
    ncols = make_clients(scn, np.random.default_rng(0), 1000)[0].shape[1]
    bare = median_time(
        lambda: pd.DataFrame(np.random.default_rng(0).random((n, ncols))), repeat=3
    )
    rows.append(("clients, n = 1 000 000 (vs numpy brut)", big, bare, None))

    imp_ck = median_process_time("import casekit")
    imp_pd = median_process_time("import pandas")
    rows.append(("import casekit (vs import pandas)", imp_ck, imp_pd, 1.3))
    report("Moteur de cas", rows)
    print(f"\nCibles absolues : cas complet {whole:.3f} s, {fresh:.2f} s en processus neuf "
          f"(≤ 1,5 s) {'OK' if fresh <= 1.5 else 'HORS CIBLE'} ; 1 M clients {big:.2f} s (≤ 5 s) "
          f"{'OK' if big <= 5 else 'HORS CIBLE'}")
    heavy = subprocess.run(
        [sys.executable, "-c",
         "import sys, casekit; print(sorted(m for m in ('sklearn','matplotlib','pandas','numpy') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    print(f"Modules lourds chargés par « import casekit » : {heavy}")


if __name__ == "__main__":
    main()
