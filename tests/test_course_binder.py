"""Self-study on Binder: badge derived from the declared repository URL, casekit installed, 00 leads to bc01."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _repository() -> str:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["urls"]["Repository"]


def test_readme_binder_badge_is_derived_from_the_declared_repository_url():
    m = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", _repository())
    assert m, "[project.urls] Repository must be a GitHub URL"
    owner, name = m.groups()
    badge = (f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD"
             "?urlpath=lab/tree/notebooks/00_decouvrir_le_cas.ipynb")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https://mybinder\.org/v2/[^)]+)\)", readme)
    assert links == [badge], links
    assert (ROOT / "notebooks" / "00_decouvrir_le_cas.ipynb").is_file()


def test_binder_installs_casekit_itself_and_pins_the_runtime():
    post = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"pip install [^\n]*\s\.(\s|$)", post), post
    reqs = [ln for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert reqs and all("==" in ln for ln in reqs), reqs


def test_notebook_00_leads_on_to_the_bc01_case_study():
    text = (ROOT / "notebooks" / "00_decouvrir_le_cas.ipynb").read_text(encoding="utf-8")
    assert "bc01/00_consigne.ipynb" in text
    assert (ROOT / "notebooks" / "bc01" / "00_consigne.ipynb").is_file()
