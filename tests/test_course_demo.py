"""The demo class: >= 30 seeded submissions of every kind, in nbgrader's layout."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _demo():
    sys.path.insert(0, str(ROOT / "grading"))
    spec = importlib.util.spec_from_file_location("classe_demo", ROOT / "grading" / "demo" / "classe_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


demo = _demo()


def test_plan_is_seeded_and_covers_every_kind_of_student():
    a, b = demo.plan(2026), demo.plan(2026)
    assert a == b and a != demo.plan(7)
    assert len(a) >= 30
    kinds = Counter(s["profil"] for s in a)
    assert set(kinds) == {"excellent", "moyen", "partiel", "vide", "erreurs_typiques", "en_retard",
                          "avertissements"}
    late = [s for s in a if s["quand"] > demo.DUE]
    assert {s["profil"] for s in late} == {"en_retard"}
    assert all(s["erreurs"] for s in a if s["profil"] in ("moyen", "erreurs_typiques"))
    assert all(s["repondu"] == 0 for s in a if s["profil"] == "vide")


@pytest.mark.notebooks
def test_class_is_written_in_nbgrader_layout(tmp_path):
    course = tmp_path / "cours"
    students = demo.make_class(course, seed=2026)
    folders = sorted((course / "submitted").iterdir())
    assert len(folders) == len(students) >= 30
    release = sorted(p.name for p in (course / "release" / "bc01").glob("*.ipynb"))
    for s in students:
        folder = course / "submitted" / s["id"] / "bc01"
        assert sorted(p.name for p in folder.glob("*.ipynb")) == release
        when = dt.datetime.strptime((folder / "timestamp.txt").read_text().strip(), "%Y-%m-%d %H:%M:%S.%f %Z")
        assert when.replace(tzinfo=dt.UTC) == s["quand"]
    # an empty submission is the release untouched; an excellent one has no stub left
    empty = next(s for s in students if s["profil"] == "vide")
    best = next(s for s in students if s["profil"] == "excellent")
    for name in release:
        rel = nbformat.read(course / "release" / "bc01" / name, as_version=4)
        sub = nbformat.read(course / "submitted" / empty["id"] / "bc01" / name, as_version=4)
        assert [c.source for c in sub.cells] == [c.source for c in rel.cells]
        top = nbformat.read(course / "submitted" / best["id"] / "bc01" / name, as_version=4)
        answers = [c for c in top.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert not any("raise NotImplementedError()" in c.source for c in answers), name
    assert (course / demo.SECRET_FILE).is_file()
