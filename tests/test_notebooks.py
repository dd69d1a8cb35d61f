"""Student notebooks: generated from their single source, and run top to bottom."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from affichage import problemes_affichage
from nbclient import NotebookClient

from casekit.plots import Graphique

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _builder():
    spec = importlib.util.spec_from_file_location("nb_build", ROOT / "notebooks" / "_src" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_source_has_its_generated_notebook_in_sync():
    build = _builder()
    sources = build.sources()
    assert sources, "no notebook source found"
    assert {s.stem for s in sources} == {nb.stem for nb in NOTEBOOKS}
    for src in sources:
        committed = (ROOT / "notebooks" / f"{src.stem}.ipynb").read_text(encoding="utf-8")
        assert committed == build.render(src), f"{src.name}: run python notebooks/_src/build.py"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert problemes_affichage(nb, graphiques=hasattr(Graphique, "_repr_html_")) == []  # what is SHOWN
    executed = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in executed)
