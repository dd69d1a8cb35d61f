"""Run every ``bench_*.py`` in this folder, one after the other."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
for path in sorted(here.glob("bench_*.py")):
    print(f"\n######## {path.name} ########", flush=True)
    runpy.run_path(str(path), run_name="__main__")
