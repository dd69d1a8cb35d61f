"""Build the student notebooks in ``notebooks/`` from their jupytext sources here.

One source of truth per notebook (INRIA scikit-learn MOOC style): edit the
``*.py`` percent-format file, then run ``python notebooks/_src/build.py``.
The generated ``.ipynb`` have no outputs and no cell ids, so they diff cleanly;
``tests/test_notebooks.py`` checks that they are in sync and run top to bottom.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
OUT = HERE.parent


def render(source: Path) -> str:
    """The ``.ipynb`` text generated from one jupytext source."""
    nb = jupytext.reads(source.read_text(encoding="utf-8"), fmt="py:percent")
    nb.nbformat, nb.nbformat_minor = 4, 4  # no cell ids
    for cell in nb.cells:
        cell.pop("id", None)
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nbformat.writes(nb) + "\n"


def sources() -> list[Path]:
    return sorted(p for p in HERE.glob("[0-9]*.py"))


def main() -> int:
    for src in sources():
        target = OUT / f"{src.stem}.ipynb"
        target.write_text(render(src), encoding="utf-8")
        print(f"écrit : {target.relative_to(OUT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
