"""Tiny timing helpers shared by the benchmarks (medians, ratios, subprocess timing)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], *, repeat: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs (``setup`` is not timed)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_process_time(code: str, *, repeat: int = 7) -> float:
    """Median wall time of a fresh ``python -c code`` process."""
    times = []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(title: str, rows: list[tuple[str, float, float, float | None]]) -> None:
    """Print ``(label, casekit_s, baseline_s, target_ratio)`` rows with ratios."""
    print(f"\n== {title} ==")
    print(f"{'mesure':<44} {'casekit':>10} {'référence':>10} {'ratio':>7}  cible")
    for label, ours, base, target in rows:
        ratio = ours / base if base else float("nan")
        verdict = "" if target is None else ("OK" if ratio <= target else "HORS CIBLE")
        tgt = "" if target is None else f"≤ {target:g}× {verdict}"
        print(f"{label:<44} {ours:>9.3f}s {base:>9.3f}s {ratio:>6.2f}×  {tgt}")
