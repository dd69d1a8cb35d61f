"""Runtime data loads the same way from a wheel and from the editable checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

import casekit

pytest.importorskip("hatchling")

PROBE = """
import json, sys
sys.path.insert(0, {where!r})
import casekit
from casekit.cases import case_dirs
b = casekit.load("clients", seed="etu-1")
print(json.dumps({{
    "file": casekit.__file__,
    "cases": casekit.list_cases(),
    "dirs": [str(d) for d in case_dirs()],
    "csv": b.frame.head(50).to_csv(index=False),
    "ref": len(casekit.load("reference").tables),
}}))
"""


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=root, check=True, capture_output=True,
    )
    (wheel,) = out.glob("casekit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(out / "site")
    assert "casekit/_cases/rayons_libres.toml" in names
    assert any(n.startswith("casekit/reference/") and n.endswith(".csv") for n in names)
    return out / "site"


def test_wheel_and_checkout_give_the_same_cases_and_data(wheel_dir, tmp_path):
    res = subprocess.run(
        [sys.executable, "-c", PROBE.format(where=str(wheel_dir))],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )
    from_wheel = json.loads(res.stdout)
    assert from_wheel["file"].startswith(str(wheel_dir))
    assert all(d.startswith(str(wheel_dir)) for d in from_wheel["dirs"]), from_wheel["dirs"]
    assert from_wheel["cases"] == casekit.list_cases()
    assert from_wheel["ref"] == len(casekit.load("reference").tables)
    here = casekit.load("clients", seed="etu-1").frame.head(50).to_csv(index=False)
    assert from_wheel["csv"] == here
