"""Seeds, the registry, Bunch contents, determinism and helpful errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.datasets import REGISTRY, DatasetSpec, clear_cache
from casekit.errors import (
    ArgumentInvalideError,
    GraineInvalideError,
    NomInconnuError,
)
from casekit.seeds import normalise_seed, rng_for

#: Datasets that are facts of the case file, identical for every seed.
# The brief's reception date is a per-seed fact (scn.faits["brief"]), so brief_commanditaire is seeded.
CASE_FACTS = {"profil", "historique", "reference"}
SEEDED = [n for n in casekit.list_datasets() if n not in CASE_FACTS]


def _digest(b) -> str:
    h = hashlib.sha256(b.frame.to_csv(index=False).encode())
    for name in sorted(b.tables):
        h.update(b.tables[name].to_csv(index=False).encode())
    return h.hexdigest()


# --- seeds -----------------------------------------------------------------


def test_student_ids_are_normalised_and_stable():
    assert normalise_seed(" Alice.Martin ") == normalise_seed("alice.martin")
    assert normalise_seed("alice.martin") != normalise_seed("alice.martine")
    assert normalise_seed("123") == 123
    assert normalise_seed(np.int64(7)) == 7
    # SHA-256 based, so stable across processes (unlike hash()):
    code = "from casekit.seeds import normalise_seed; print(normalise_seed('etu-42'))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "987"},
    ).stdout.strip()
    assert int(out) == normalise_seed("etu-42")


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        (True, "pas un booléen"),
        (-1, "entre 0 et"),
        (2**64, "entre 0 et"),
        ("   ", "est vide"),
        (3.5, "«\u00a0float\u00a0»"),
        ([1, 2], "«\u00a0list\u00a0»"),
    ],
)
def test_bad_seeds_get_a_french_message(bad, fragment):
    with pytest.raises(GraineInvalideError) as err:
        casekit.load("clients", seed=bad)
    assert fragment in str(err.value)
    assert "graine" in str(err.value)


def test_streams_depend_on_dataset_name_only():
    a = rng_for(5, "rayons_libres", "clients").random(4)
    b = rng_for(5, "rayons_libres", "clients").random(4)
    c = rng_for(5, "rayons_libres", "mentions").random(4)
    d = rng_for(6, "rayons_libres", "clients").random(4)
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)
    assert not np.allclose(a, d)


# --- registry and errors ---------------------------------------------------


def test_unknown_dataset_suggests_the_closest_names():
    with pytest.raises(NomInconnuError) as err:
        casekit.load("client")
    msg = str(err.value)
    assert msg.startswith("Jeu de données inconnu\u00a0: «\u00a0client\u00a0»")
    assert "Vouliez-vous dire «\u00a0clients\u00a0»\u202f?" in msg


def test_unknown_dataset_without_close_match_lists_the_names():
    with pytest.raises(NomInconnuError) as err:
        casekit.load("zzzz")
    assert "Noms possibles" in str(err.value) and "«\u00a0clients\u00a0»" in str(err.value)


def test_passing_a_dataframe_instead_of_a_name_is_explained():
    with pytest.raises(ArgumentInvalideError) as err:
        casekit.load(pd.DataFrame())
    assert "doit être un texte" in str(err.value)
    assert "pas besoin de load()" in str(err.value)


def test_raw_is_refused_where_there_is_no_raw_version():
    with pytest.raises(ArgumentInvalideError) as err:
        casekit.load("mentions", raw=True)
    assert "n'a pas de version brute" in str(err.value)
    assert "enquete_satisfaction" in str(err.value)
    with pytest.raises(ArgumentInvalideError, match="True ou False"):
        casekit.load("enquete_satisfaction", raw="oui")


def test_unknown_case_and_bad_case_argument():
    with pytest.raises(NomInconnuError, match="Vouliez-vous dire «\u00a0rayons_libres\u00a0»"):
        casekit.load("clients", case="rayon_libres")
    with pytest.raises(ArgumentInvalideError, match="nom d'un cas"):
        casekit.load("clients", case=42)


def test_unknown_bunch_attribute_suggests():
    b = casekit.load("profil")
    with pytest.raises(AttributeError, match="Vouliez-vous dire «\u00a0frame\u00a0»"):
        b.fram  # noqa: B018


# --- every dataset ---------------------------------------------------------


@pytest.mark.parametrize("name", casekit.list_datasets())
def test_every_dataset_is_a_documented_bunch(name):
    b = casekit.load(name)
    for key in ("frame", "DESCR", "codebook", "truth", "sources", "seed", "versions", "tables"):
        assert key in b, key
    assert isinstance(b.frame, pd.DataFrame) and len(b.frame) > 0
    assert isinstance(b.truth, dict) and b.truth, "every dataset carries an answer key"
    assert list(b.codebook["colonne"]) == list(b.frame.columns), "codebook ≠ columns"
    assert b.codebook["description"].str.len().min() > 5
    assert all(c.isascii() and c == c.lower() and " " not in c for c in b.frame.columns)
    assert "Dictionnaire des variables" in b.DESCR and "fictifs" in b.DESCR
    for col in b.frame.columns:
        assert f"- {col} (" in b.DESCR, col
    assert {"casekit", "donnees", "numpy", "pandas", "cas"} <= set(b.versions)
    assert set(b.sources.columns) >= {"table", "source", "date_source", "url"}
    assert b.sources["url"].str.startswith("https://").all()


def test_bunch_is_a_copy_students_can_mutate():
    b = casekit.load("clients")
    b.frame.loc[:, "age"] = -1
    b.truth["segment"][0] = "modifié"
    again = casekit.load("clients")
    assert (again.frame["age"] > 0).all()
    assert again.truth["segment"][0] != "modifié"


# --- determinism -----------------------------------------------------------


def test_same_seed_gives_byte_identical_csv_after_a_rebuild():
    first = {n: _digest(casekit.load(n, seed="etu-007")) for n in casekit.list_datasets()}
    clear_cache()
    second = {n: _digest(casekit.load(n, seed="etu-007")) for n in casekit.list_datasets()}
    assert first == second


def test_same_seed_gives_identical_data_in_another_process():
    code = (
        "import casekit, hashlib, json\n"
        "out = {}\n"
        f"for n in {SEEDED!r}:\n"
        "    b = casekit.load(n, seed='etu-007')\n"
        "    h = hashlib.sha256(b.frame.to_csv(index=False).encode())\n"
        "    for t in sorted(b.tables): h.update(b.tables[t].to_csv(index=False).encode())\n"
        "    out[n] = h.hexdigest()\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "4242"},
    )
    other = json.loads(res.stdout)
    here = {n: _digest(casekit.load(n, seed="etu-007")) for n in SEEDED}
    assert other == here


@pytest.mark.parametrize("name", SEEDED)
def test_different_student_ids_give_different_data(name):
    a = casekit.load(name, seed="etu-001")
    b = casekit.load(name, seed="etu-002")
    assert _digest(a) != _digest(b)
    assert a.seed != b.seed


def test_case_facts_do_not_depend_on_the_seed():
    for name in CASE_FACTS:
        assert _digest(casekit.load(name, seed=1)) == _digest(casekit.load(name, seed=2))


def build_extra(scn, rng, *, raw):  # replaced in the test below
    raise AssertionError


def test_adding_a_dataset_does_not_change_existing_ones(monkeypatch):
    before = {n: _digest(casekit.load(n, seed=3)) for n in SEEDED}
    clear_cache()

    def build_extra(scn, rng, *, raw):
        from casekit.generators._base import Col, Parts

        x = rng.random(1000)  # consumes its own stream heavily
        scn.rng("autre").random(1000)
        return Parts(pd.DataFrame({"x": x}), [Col("x", "décimal", "Valeur de test.")], "Test.")

    extra = DatasetSpec("zz_nouveau", __name__, "build_extra", "Jeu ajouté")
    monkeypatch.setitem(REGISTRY, "zz_nouveau", extra)
    monkeypatch.setattr(sys.modules[__name__], "build_extra", build_extra, raising=False)
    casekit.load("zz_nouveau", seed=3)  # built first, on purpose
    after = {n: _digest(casekit.load(n, seed=3)) for n in SEEDED}
    assert after == before
    clear_cache()


@pytest.mark.parametrize("name", casekit.list_datasets())
def test_secondary_tables_are_documented(name):
    b = casekit.load(name)
    assert set(b.codebooks_tables) == set(b.tables)
    for tname, book in b.codebooks_tables.items():
        assert list(book["colonne"]) == list(b.tables[tname].columns), tname


def test_import_casekit_is_light():
    code = (
        "import sys, casekit\n"
        "heavy = [m for m in ('pandas', 'numpy', 'sklearn', 'matplotlib', 'feedparser', 'nbgrader')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    # And the lazy attributes still resolve:
    assert callable(casekit.load) and casekit.metrics.__name__ == "casekit.metrics"
