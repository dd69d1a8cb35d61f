"""Segmentation helpers: French errors instead of silent wrong numbers (issue 11)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import segments
from casekit.errors import ArgumentInvalideError


def _frame():
    return pd.DataFrame({"age": [20, 22, 24, 60, 62, 64, 40, 41],
                         "km": [50, 52, 48, 10, 12, 8, 30, 31],
                         "canal_prefere": list("aabcccab")})


def test_k_larger_than_rows_is_a_french_error():
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.ajuster(_frame(), ["age", "km"], 12)
    assert "«\u00a0k\u00a0» (12)" in str(exc.value) and "nombre de lignes (8)" in str(exc.value)
    with pytest.raises(ArgumentInvalideError, match="k_max"):
        segments.choisir_k(_frame(), ["age", "km"], k_max=8)


def test_partial_names_refused_with_the_unnamed_labels():
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.profiler(_frame(), [0, 0, 0, 1, 1, 1, 2, 2], noms={0: "jeunes", 1: "seniors"})
    assert "«\u00a02\u00a0»" in str(exc.value) and "100" in str(exc.value)
    with pytest.raises(ArgumentInvalideError, match="absents"):
        segments.profiler(_frame(), [0, 0, 0, 1, 1, 1, 1, 1], noms={0: "a", 1: "b", 7: "c"})
    p = segments.profiler(_frame(), [0, 0, 0, 1, 1, 1, 2, 2], noms={0: "j", 1: "s", 2: "m"})
    assert p.tailles["part_pct"].sum() == pytest.approx(100.0)


def test_customers_with_other_age_bands_are_refused():
    pop = pd.DataFrame({"tranche_age": ["20-24", "25-39", "65+"], "population": [100, 300, 600]})
    clients = pd.DataFrame({"tranche_age": ["18-25", "26-40", "26-40"]})
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.taille_segment(pop, tranches_age=["20-24"], clients=clients)
    msg = str(exc.value)
    assert "«\u00a018-25\u00a0»" in msg and "«\u00a026-40\u00a0»" in msg and "Recodez" in msg
    same = pd.DataFrame({"tranche_age": ["20-24", "65+", "65+"]})
    r = segments.taille_segment(pop, tranches_age=["65+"], clients=same)
    assert r.clients_cible == 2 and r.penetration_pct == pytest.approx(100 * 2 / 600)
    assert "Taux de pénétration" in r._repr_html_() and "Bunch(" not in repr(r)


def test_profile_displays_in_french():
    p = segments.profiler(_frame(), [0, 0, 0, 1, 1, 1, 2, 2])
    assert repr(p).startswith("Profil de 3 segments")
    assert "<table" in p._repr_html_()


@pytest.mark.parametrize("call", [
    lambda: segments.ajuster([[1, 2]], ["a"], 2),
    lambda: segments.ajuster(_frame(), "age", "2"),
    lambda: segments.ajuster(_frame(), ["canal_prefere"], 2),
    lambda: segments.choisir_k("clients"),
    lambda: segments.choisir_k(_frame(), ["age"], k_max=3.5),
    lambda: segments.profiler([1, 2], [0, 1]),
    lambda: segments.profiler(_frame(), [0, 1]),
    lambda: segments.profiler(_frame(), np.zeros(8), noms=["a"]),
    lambda: segments.taille_segment("population"),
    lambda: segments.taille_segment(pd.DataFrame({"population": [1]}), clients=[1]),
    lambda: segments.apparier([0, 1], ["a"]),
])
def test_wrong_types_are_french_errors(call):
    with pytest.raises(ArgumentInvalideError) as exc:
        call()
    assert any(w in str(exc.value) for w in ("doit", "doivent", "Passez", "numériques", "dictionnaire"))
