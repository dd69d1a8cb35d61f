"""The Binder environment, rebuilt the way repo2docker does it, from binder/ only.

A fresh venv and an empty pip cache; `pip install -r binder/requirements.txt`, then
`binder/postBuild` run from the repository root; then every student notebook runs up to its
first answer cell and every solution notebook runs fully, in that environment's kernel, with
casekit imported from the installed wheel (not from the checkout). Measured time is printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.binder


def tracked_copy(dest: Path) -> Path:
    """The repository as a clone has it: tracked (and new, not ignored) files, from the working tree."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def test_binder_environment_rebuilds_and_runs_every_notebook(tmp_path):
    repo = tracked_copy(tmp_path / "repo")
    venv, home = tmp_path / "venv", tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "PIP_"))}
    env.update(
        HOME=str(home), PIP_CACHE_DIR=str(tmp_path / "pip-cache"), PIP_DISABLE_PIP_VERSION_CHECK="1",
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
        JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_CONFIG_DIR=str(home / "config"), MPLBACKEND="Agg",
    )
    started = time.perf_counter()
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)

    def run(*cmd, timeout=900, cwd=repo):
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{' '.join(map(str, cmd))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    run("pip", "install", "--quiet", "-r", "binder/requirements.txt")
    required = time.perf_counter() - started
    run("bash", "binder/postBuild")
    built = time.perf_counter() - started
    where = run("python", "-c", "import casekit; print(casekit.__file__)", cwd=home).split()
    assert where[0].startswith(str(venv)), f"casekit imported from {where[0]}, not from the Binder environment"
    assert (venv / "share/jupyter/lab/settings/overrides.d/casekit.json").exists()
    out = run("python", str(Path(__file__).with_name("binder_runner.py")), str(repo), timeout=1200)
    results = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    total = time.perf_counter() - started
    print(f"\nBinder rebuild: requirements {required:.0f} s, postBuild {built - required:.0f} s, "
          f"notebooks {total - built:.0f} s, total {total:.0f} s")
    for r in results:
        print(f"  {r['notebook']}: {r['cells']} cells, {r['seconds']} s ({r['mode']})")
    names = {r["notebook"] for r in results}
    assert "notebooks/00_decouvrir_le_cas.ipynb" in names and len(results) >= 2
    assert all(r["cells"] > 0 for r in results), results
    failed = {r["notebook"]: r["error"] for r in results if r["error"]}
    assert not failed, json.dumps(failed, ensure_ascii=False, indent=1)
