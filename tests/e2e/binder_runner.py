"""Run notebooks inside the rebuilt Binder environment (executed by that environment's Python).

Usage: python binder_runner.py ROOT  -> prints one JSON line per notebook.
Student notebooks run up to their first answer cell (nbgrader ``solution`` metadata);
solution notebooks (under a ``solutions`` folder) run fully.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def is_answer(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def main(root: Path) -> int:
    notebooks = sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        solution = "solutions" in path.relative_to(root).parts
        if not solution:
            first = next((i for i, c in enumerate(nb.cells) if is_answer(c)), len(nb.cells))
            nb.cells = nb.cells[:first]
        start, error = time.perf_counter(), None
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except CellExecutionError as exc:
            error = str(exc)[-3000:]
        print(json.dumps({
            "notebook": str(path.relative_to(root)), "mode": "complet" if solution else "jusqu'à la première réponse",
            "cells": sum(c.cell_type == "code" for c in nb.cells), "seconds": round(time.perf_counter() - start, 1),
            "error": error,
        }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
