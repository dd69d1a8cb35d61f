"""SWOT built from evidence rows, TOWS derivation, exports."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest

from casekit import swot
from casekit.errors import ArgumentInvalideError

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


ROWS = [
    {"categorie": "S", "element": "Atelier d'autoréparation adoré", "jeu_de_donnees": "enquete_satisfaction",
     "indicateur": "NPS autoréparation", "valeur": 61.5},
    {"categorie": "forces", "element": "Newsletter lue par les seniors", "jeu_de_donnees": "campagnes_canaux",
     "indicateur": "CTR newsletter (%)", "valeur": 2.8},
    {"categorie": "faiblesses", "element": "Vidéos non sous-titrées", "jeu_de_donnees": "inventaire_contenus",
     "indicateur": "part sans sous-titres (%)", "valeur": 64},
    {"categorie": "Opportunités", "element": "Tutoriels courts chez les 18–24 ans",
     "jeu_de_donnees": "benchmark_social", "indicateur": "engagement TikTok", "valeur": "×2,5"},
    {"categorie": "menaces", "element": "Campagne de Voltéo"},  # no evidence
]


def test_codes_categories_and_evidence():
    s = swot.construire(pd.DataFrame(ROWS), titre="SWOT Rayons Libres")
    t = s.tableau()
    assert t["code"].tolist() == ["S1", "S2", "W1", "O1", "T1"]
    assert t["categorie"].tolist() == ["Forces", "Forces", "Faiblesses", "Opportunités", "Menaces"]
    assert t.loc[0, "preuve"] == "enquete_satisfaction · NPS autoréparation = 61,5"
    assert t.loc[3, "preuve"] == "benchmark_social · engagement TikTok = ×2,5"
    assert t.loc[4, "preuve"] == "⚠ sans preuve"
    assert [e.code for e in s.sans_preuve()] == ["T1"]


def test_dataset_without_figure_is_not_evidence():
    s = swot.construire([{"categorie": "W", "element": "x", "jeu_de_donnees": "mentions"}])
    assert not s["W1"].a_preuve


def test_bad_rows_french_errors():
    with pytest.raises(ArgumentInvalideError, match="Catégorie SWOT inconnue"):
        swot.construire([{"categorie": "risques", "element": "x"}])
    with pytest.raises(ArgumentInvalideError, match="obligatoires"):
        swot.construire([{"categorie": "S"}])
    with pytest.raises(ArgumentInvalideError, match="vide"):
        swot.construire([])


def test_tows_worksheet_lists_all_pairs():
    t = swot.construire(ROWS).tows()
    # 2 strengths x 1 opportunity, 1 weakness x 1 opportunity, 2 x 1, 1 x 1
    assert len(t.pistes("SO")) == 2 and len(t.pistes("WO")) == 1
    assert len(t.pistes("ST")) == 2 and len(t.pistes("WT")) == 1
    assert t.pistes("WT") == ["W1 × T1 : Vidéos non sous-titrées / Campagne de Voltéo"]
    tab = t.tableau()
    assert list(tab.columns) == ["Forces (S)", "Faiblesses (W)"]
    assert list(tab.index) == ["Opportunités (O)", "Menaces (T)"]
    assert tab.loc["Opportunités (O)", "Faiblesses (W)"].startswith("À formuler — W1 × O1")


def test_tows_with_strategies_and_validation():
    s = swot.construire(ROWS)
    t = s.tows([
        {"quadrant": "SO", "strategie": "Série TikTok sur l'autoréparation", "elements": "S1, O1"},
        {"quadrant": "wt", "strategie": "Sous-titrer avant la contre-campagne", "elements": ["W1", "T1"]},
    ])
    assert t.tableau().loc["Opportunités (O)", "Forces (S)"] == "• Série TikTok sur l'autoréparation [S1 + O1]"
    assert "⚠ sans preuve" in t.tableau().loc["Menaces (T)", "Faiblesses (W)"]
    with pytest.raises(ArgumentInvalideError, match="au moins un élément de «\u00a0Forces\u00a0»"):
        s.tows({"SO": [("x", ["O1"])]})
    with pytest.raises(ArgumentInvalideError, match="absent de la SWOT"):
        s.tows({"SO": [("x", ["S1", "O9"])]})
    with pytest.raises(ArgumentInvalideError, match="Cadran TOWS inconnu"):
        s.tows({"OS": [("x", ["S1", "O1"])]})
    with pytest.raises(ArgumentInvalideError, match="n'appartiennent pas"):
        s.tows({"SO": [("x", ["S1", "O1", "W1"])]})


def test_markdown_export():
    s = swot.construire(ROWS, titre="SWOT Rayons Libres")
    md = s.to_markdown()
    assert md.startswith("## SWOT Rayons Libres")
    assert "### Opportunités" in md
    assert "| S1 | Atelier d'autoréparation adoré | enquete_satisfaction · NPS autoréparation = 61,5 |" in md
    assert "1 élément(s) sans preuve" in md
    tmd = s.tows({"ST": [("Fidéliser | les seniors", ["S2", "T1"])]}).to_markdown()
    assert "### ST : utiliser les forces pour parer les menaces" in tmd
    assert "- Fidéliser | les seniors [S2 + T1]" in tmd


def test_one_page_figure_headless_with_alt_text():
    s = swot.construire(ROWS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = s.figure(tows=s.tows())
        fig.canvas.draw()
    assert tuple(round(v, 2) for v in fig.get_size_inches()) == (8.27, 11.69)
    assert alt.startswith("Matrice SWOT")
    assert "2 forces, 1 faiblesse, 1 opportunité et 1 menace" in alt
    assert "1 élément(s) sans preuve" in alt and "Matrice TOWS" in alt
    _fig2, alt2 = s.tows().figure()
    assert "TOWS" in alt2
