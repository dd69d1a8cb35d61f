"""Segmentation support: choose k, profiles, persona cards, sizing; planted traits on every seed."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import OTHER_SEEDS

import casekit
from casekit import segments
from casekit.errors import ArgumentInvalideError

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _toy():
    rng = np.random.default_rng(1)
    young = pd.DataFrame({"age": rng.normal(22, 2, 60), "depense": rng.normal(200, 30, 60),
                          "canal_prefere": ["tiktok"] * 45 + ["instagram"] * 15,
                          "besoin_accessibilite": ["aucun"] * 57 + ["visuel"] * 3})
    old = pd.DataFrame({"age": rng.normal(70, 3, 40), "depense": rng.normal(900, 60, 40),
                        "canal_prefere": ["newsletter"] * 30 + ["telephone"] * 10,
                        "besoin_accessibilite": ["aucun"] * 28 + ["moteur"] * 8 + ["non renseigné"] * 4})
    return pd.concat([young, old], ignore_index=True), np.array([0] * 60 + [1] * 40)


def test_profile_sizes_means_traits_channels_accessibility():
    df, lab = _toy()
    p = segments.profiler(df, lab, noms={0: "jeunes", 1: "seniors"})
    assert p.tailles.loc["jeunes", "effectif"] == 60 and p.tailles.loc["seniors", "part_pct"] == 40.0
    assert p.moyennes.loc["Ensemble", "age"] == pytest.approx(df["age"].mean())
    assert p.moyennes.loc["seniors", "depense"] == pytest.approx(df["depense"][60:].mean())
    # standardised difference by hand for one cell
    z = (df["age"][60:].mean() - df["age"].mean()) / df["age"].std(ddof=0)
    assert p.ecarts.loc["seniors", "age"] == pytest.approx(z)
    assert p.traits("seniors") == {"age": "haut", "depense": "haut"}
    assert p.traits("jeunes") == {"age": "bas", "depense": "bas"}
    assert p.canaux_preferes("jeunes", 1) == ["tiktok"]
    assert p.canaux.loc["seniors", "newsletter"] == pytest.approx(75.0)
    # 8 "moteur" out of 40 -> 20 %; "non renseigné" is not a need
    assert p.accessibilite.loc["seniors", "au_moins_un_besoin_pct"] == pytest.approx(20.0)
    assert p.accessibilite.loc["jeunes", "au_moins_un_besoin_pct"] == pytest.approx(5.0)
    t = p.tableau()
    assert t.loc["seniors", "canaux_preferes"].startswith("newsletter")


def test_profile_accepts_estimator_and_column_and_rejects_bad_input():
    from sklearn.cluster import KMeans

    df, lab = _toy()
    km = KMeans(2, n_init=10, random_state=0).fit(df[["age", "depense"]])
    p = segments.profiler(df, km, variables=["age", "depense"])
    assert sorted(p.tailles["effectif"]) == [40, 60]
    p2 = segments.profiler(df.assign(seg=lab), "seg", variables=["age"])
    assert p2.tailles.loc[1, "effectif"] == 40
    with pytest.raises(ArgumentInvalideError, match="doivent correspondre"):
        segments.profiler(df, lab[:10])
    with pytest.raises(ArgumentInvalideError, match="absente"):
        segments.profiler(df, lab, variables=["agee"])
    with pytest.raises(ArgumentInvalideError, match="numériques"):
        segments.profiler(df, lab, variables=["canal_prefere"])
    with pytest.raises(ArgumentInvalideError, match="manquantes"):
        segments.profiler(df.assign(age=np.nan), lab, variables=["age"])


def test_choose_k_finds_planted_blobs_and_plot():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(np.vstack([rng.normal(c, 0.4, (40, 3)) for c in (0, 4, 8, 12)]), columns=list("abc"))
    t = segments.choisir_k(X, k_min=2, k_max=7)
    assert t["k"].tolist() == list(range(2, 8))
    assert int(t.loc[t["silhouette"].idxmax(), "k"]) == 4
    assert t["inertie"].is_monotonic_decreasing
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = segments.graphique_choix_k(t)
        fig.canvas.draw()
    assert len(fig.axes) == 2
    assert "la silhouette est la plus élevée pour k = 4" in alt
    with pytest.raises(ArgumentInvalideError):
        segments.choisir_k(X, k_min=1)


def test_persona_card_is_french_and_data_based():
    df, lab = _toy()
    p = segments.profiler(df, lab, noms={0: "jeunes", 1: "seniors"})
    card = segments.fiche_persona(p, "seniors", prenom="Dominique")
    assert card.startswith("### Persona « Dominique » — segment seniors")
    assert "40 personnes, soit 40\u202f% de l'ensemble" in card
    assert "newsletter (75\u202f%)" in card
    assert "20\u202f% déclarent un besoin d'accessibilité (surtout moteur)" in card
    assert "Contre-exemple" in card
    # Direction words need no gender agreement ("au-dessus de la moyenne", not "élevé(e)").
    assert "âge au-dessus de la moyenne (" in card and "pour l'ensemble)" in card
    assert "(e)" not in card
    young = segments.fiche_persona(p, "jeunes")
    assert "âge en dessous de la moyenne (" in young
    assert "newsletter" not in young  # a channel nobody in the segment prefers is not listed
    assert "âge : valeur élevée" in p.tableau().loc["seniors", "traits_distinctifs"]
    with pytest.raises(ArgumentInvalideError, match="Segment inconnu"):
        segments.fiche_persona(p, "ados")
    assert "Liste anti-stéréotypes" in segments.fiche_persona.__doc__


def test_heatmap_alt_text():
    df, lab = _toy()
    p = segments.profiler(df, lab, variables=["age", "depense"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = p.graphique()
        fig.canvas.draw()
    assert alt.startswith("Carte de chaleur des écarts standardisés de 2 segments sur 2 variables")


def test_size_segment_in_population_zone():
    pop = casekit.load("population_zone").frame
    seniors = pop[pop["tranche_age"] == "65+"]["population"].sum()
    r = segments.taille_segment(pop, tranches_age=["65+"])
    assert r.population_cible == seniors
    assert r.part_pct == pytest.approx(100 * seniors / pop["population"].sum())
    clients = casekit.load("clients").frame
    r2 = segments.taille_segment(pop, tranches_age=["65+"], clients=clients)
    assert r2.clients_cible == int((clients["tranche_age"] == "65+").sum())
    assert r2.penetration_pct == pytest.approx(100 * r2.clients_cible / seniors)
    with pytest.raises(ArgumentInvalideError, match="inconnue"):
        segments.taille_segment(pop, tranches_age=["65 +"])


def test_match_clusters():
    assert segments.apparier([1, 1, 0, 0, 0], ["x", "x", "y", "y", "x"]) == {1: "x", 0: "y"}


@pytest.mark.parametrize("seed", [0, *OTHER_SEEDS])
def test_profile_names_planted_traits_on_every_seed(seed):
    b = casekit.load("clients", seed=seed)
    variables = b.truth["variables_segmentation"]
    labels = segments.ajuster(b.frame, variables, b.truth["nb_segments"])
    mapping = segments.apparier(labels, b.truth["segment"])
    p = segments.profiler(b.frame, labels, variables=variables, noms=mapping)
    case = casekit.cases.get_case()
    for seg in case["segments"]:
        found = p.traits(seg["id"])
        for var, direction in seg["traits"].items():
            assert found.get(var) == direction, (seed, seg["id"], var, direction, found)
