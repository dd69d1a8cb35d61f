"""One fact, one source: the CO2 columns of the datasets are what casekit.eco computes.

A student who recomputes ``gco2e_par_vue`` or ``gco2e_pour_1000_impressions`` with
``casekit.eco`` and its defaults must find the dataset's values, and the DESCR must name
the intensity used and its reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import eco
from casekit.cases import list_cases

CASES = list_cases()
AUDIO_KBPS = 128  # the audio stream documented in the DESCR


def _expected_per_view(f: pd.DataFrame) -> np.ndarray:
    model = f["modele_empreinte"].astype(str)
    is_video = model.str.contains("streaming").to_numpy()
    is_audio = model.str.contains("audio").to_numpy()
    page = eco.gco2e_page(f["poids_page_ko"].to_numpy(dtype=float) / 1000).gco2e
    video = eco.gco2e_video(f["temps_moyen_s"].to_numpy(dtype=float) / 60).gco2e
    # Audio: the bytes of the stream go through the same page model (kbit/s × s / 8 = ko).
    audio = eco.gco2e_page(f["temps_moyen_s"].to_numpy(dtype=float) * AUDIO_KBPS / 8 / 1000).gco2e
    return np.asarray(page) + np.where(is_video, video, 0) + np.where(is_audio, audio, 0)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", [0, 7])
def test_content_footprint_is_casekit_eco_with_its_defaults(case, seed):
    f = casekit.load("inventaire_contenus", case=case, seed=seed).frame
    expected = _expected_per_view(f)
    assert np.allclose(f["gco2e_par_vue"].to_numpy(dtype=float), expected, rtol=0, atol=2e-6)
    # The three models occur, so each branch above is exercised.
    kinds = f["modele_empreinte"].astype(str)
    assert kinds.str.contains("streaming").any() and kinds.str.contains("poids de page").any()


@pytest.mark.parametrize("case", CASES)
def test_channel_footprint_is_casekit_eco_with_its_defaults(case):
    p = casekit.load("campagnes_canaux", case=case, seed=3).tables["profil_canaux"]
    expected = eco.gco2e_page(p["poids_mo_par_impression"].to_numpy(dtype=float), vues=1000).gco2e
    assert np.allclose(p["gco2e_pour_1000_impressions"].to_numpy(dtype=float), expected, rtol=0, atol=6e-4)


def test_a_different_intensity_would_be_detected():
    """The comparison above is sharp enough to tell the two French intensities apart."""
    f = casekit.load("inventaire_contenus", seed=0).frame
    direct = eco.gco2e_page(f["poids_page_ko"].to_numpy(dtype=float) / 1000, mix="france_directe").gco2e
    page = f["modele_empreinte"].astype(str).str.contains("poids de page").to_numpy()
    assert not np.allclose(f["gco2e_par_vue"].to_numpy(dtype=float)[page], np.asarray(direct)[page],
                           rtol=0, atol=2e-6)


def test_descr_names_the_intensity_and_why():
    c = eco.constantes().set_index("constante")["valeur"].astype(float)
    cycle = casekit.plots.nombre_fr(c["intensite_reseau_france_cycle_de_vie"], 2)
    d = casekit.load("inventaire_contenus").DESCR
    assert cycle in d and "cycle de vie" in d and "Ember" in d
    assert "casekit.eco" in d and "émissions directes" in d
    d2 = casekit.load("campagnes_canaux").DESCR
    assert "cycle de vie" in d2 and "casekit.eco" in d2
