"""Boundaries and French key words of the accessibility and footprint helpers (issue 13)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from casekit import a11y, eco
from casekit.errors import ArgumentInvalideError, NomInconnuError


def test_palette_threshold_is_inclusive(monkeypatch):
    # black on white is exactly 21:1; a threshold of exactly 21 still passes (>=, not >)
    monkeypatch.setattr(a11y, "seuils_contraste",
                        lambda: {"texte_normal": 21.0, "grand_texte": 21.0, "non_textuel": 21.0})
    t = a11y.verifier_palette(["#000000", "#FFFFFF", "#777777"])
    top = t.iloc[0]
    assert top["ratio"] == 21.0 and top["texte_normal_aa"] and top["grand_texte_aa"] and top["non_textuel_aa"]
    assert not t.iloc[1]["texte_normal_aa"]


def test_audit_contrast_and_reading_boundaries():
    inv = pd.DataFrame({"format": ["article"] * 3, "contraste_ratio": [4.5, 4.49, None],
                        "niveau_lecture": [50.0, 49.9, None]})
    a = a11y.audit_contenus(inv)
    assert a["contraste_insuffisant"].tolist()[:2] == [False, True]
    assert a["contraste_insuffisant"].isna().tolist() == [False, False, True]
    assert a["lecture_difficile"].tolist()[:2] == [False, True]
    assert a["nb_problemes"].tolist() == [0, 2, 0]
    r = a11y.resume_audit(a).set_index("controle")
    assert r.loc["Contraste insuffisant", "contenus_controles"] == 2
    assert r.loc["Contraste insuffisant", "part_en_defaut_pct"] == 50.0
    assert math.isnan(r.loc["Texte alternatif manquant", "part_en_defaut_pct"])


def test_audit_column_errors_in_french():
    with pytest.raises(ArgumentInvalideError, match="Colonne «\u00a0alt\u00a0» absente de l'inventaire"):
        a11y.audit_contenus(pd.DataFrame({"alt_texte": ["x"]}), col_alt="alt")
    with pytest.raises(ArgumentInvalideError, match="doit être un DataFrame"):
        a11y.audit_contenus([{"alt_texte": "x"}])


def test_reading_level_of_missing_text_is_nan_and_wrong_type_an_error():
    assert math.isnan(a11y.niveau_lecture(None)) and math.isnan(a11y.niveau_lecture("   "))
    with pytest.raises(ArgumentInvalideError, match="«\u00a0texte\u00a0» doit être un texte"):
        a11y.niveau_lecture(42)


def test_cvd_type_and_colour_errors_in_french():
    with pytest.raises(NomInconnuError, match="Type de daltonisme inconnu\u00a0: «\u00a0deuteranomalie\u00a0»"):
        a11y.simuler_daltonisme(["#000000"], "deuteranomalie")
    with pytest.raises(ArgumentInvalideError, match="Couleur invalide\u00a0: 'bleu'"):
        a11y.ratio_contraste("bleu", "#FFFFFF")
    with pytest.raises(ArgumentInvalideError, match="au moins deux couleurs"):
        a11y.distance_minimale(["#000000"])


def test_video_footprint_one_hour_and_views():
    assert eco.gco2e_video(60).gco2e == pytest.approx(36.0)
    assert eco.gco2e_video(60, vues=3).gco2e == pytest.approx(108.0)
    assert eco.gco2e_video(30, source="carbon_trust").gco2e == pytest.approx(27.5)
    with pytest.raises(NomInconnuError, match="Source inconnu"):
        eco.gco2e_video(10, source="ademe")
    with pytest.raises(ArgumentInvalideError, match="«\u00a0minutes\u00a0» ne peut pas être négatif"):
        eco.gco2e_video(-1)


def test_page_footprint_units_and_zero():
    assert eco.gco2e_page(octets=1e9).gco2e == pytest.approx(eco.gco2e_page(1000).gco2e)
    assert eco.gco2e_page(0).gco2e == 0.0
    with pytest.raises(ArgumentInvalideError, match="soit «\u00a0poids_mo\u00a0»"):
        eco.gco2e_page(1, octets=1)
    with pytest.raises(ArgumentInvalideError, match="«\u00a0vues\u00a0» ne peut pas être négatif"):
        eco.gco2e_page(1, vues=-2)
    for alias in ("fr", "FRANCE ", "mondial", "world"):
        assert eco.gco2e_page(1, mix=alias).gco2e > 0
