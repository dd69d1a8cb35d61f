"""Behaviour that the mutants of casekit/segments.py break (issue 13).

Expectations come from definitions: scikit-learn's KMeans and silhouette_score,
standardised differences with the population standard deviation, shares that
sum to 100 %, never from today's output.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from messages import mots, phrase
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler

from casekit import segments
from casekit.errors import ArgumentInvalideError


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def blobs(n: int = 30, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    centres = [(20, 5), (45, 40), (70, 10)]
    pts = np.vstack([rng.normal(c, (3, 2), (n, 2)) for c in centres])
    return pd.DataFrame(pts, columns=["age", "km"], index=[f"p{i}" for i in range(len(pts))])


# ---------------------------------------------------------------------------
# choosing k and fitting
# ---------------------------------------------------------------------------


def test_choose_k_matches_scikit_learn_on_standardised_data():
    df = blobs()
    t = segments.choisir_k(df, k_min=2, k_max=4)
    assert t["k"].tolist() == [2, 3, 4]
    X = StandardScaler().fit_transform(df.to_numpy())
    for _, row in t.iterrows():
        km = reference_kmeans(X, int(row["k"]), 0)
        assert row["inertie"] == pytest.approx(km.inertia_)
        assert row["silhouette"] == pytest.approx(silhouette_score(X, km.labels_))


def test_choose_k_without_standardising_and_on_an_array():
    df = blobs()
    t = segments.choisir_k(df.to_numpy(), k_min=3, k_max=3, standardiser=False)
    km = reference_kmeans(df.to_numpy(), 3, 0)
    assert t["inertie"].tolist() == pytest.approx([km.inertia_])


def test_choose_k_samples_the_silhouette_only_beyond_the_sample_size():
    df = blobs()
    X = StandardScaler().fit_transform(df.to_numpy())
    km = reference_kmeans(X, 3, 0)
    t = segments.choisir_k(df, k_min=3, k_max=3, echantillon_silhouette=40)
    assert t["silhouette"].iloc[0] == pytest.approx(
        silhouette_score(X, km.labels_, sample_size=40, random_state=0))
    full = segments.choisir_k(df, k_min=3, k_max=3, echantillon_silhouette=len(df))
    assert full["silhouette"].iloc[0] == pytest.approx(silhouette_score(X, km.labels_))


def test_choose_k_is_unit_invariant_when_standardised():
    df = blobs()
    a = segments.choisir_k(df, k_min=2, k_max=4)
    b = segments.choisir_k(df.assign(age=df["age"] * 1000, km=df["km"] / 1.609), k_min=2, k_max=4)
    assert a["silhouette"].tolist() == pytest.approx(b["silhouette"].tolist(), abs=1e-9)


def test_choose_k_bounds_and_types_in_french():
    df = blobs(4)
    with pytest.raises(ArgumentInvalideError, match=mots("k_min", "entier", "2.5")):
        segments.choisir_k(df, k_min=2.5)
    with pytest.raises(ArgumentInvalideError, match=mots("k_max", "entier", "True")):
        segments.choisir_k(df, k_max=True)
    with pytest.raises(ArgumentInvalideError, match=mots("2", "k_min", "k_max")):
        segments.choisir_k(df, k_min=4, k_max=3)
    with pytest.raises(ArgumentInvalideError, match=mots("2", "k_min", "k_max")):
        segments.choisir_k(df, k_min=1, k_max=3)
    with pytest.raises(ArgumentInvalideError, match=mots("k_max", "12", "inférieur", "lignes", "12")):
        segments.choisir_k(df, k_min=2, k_max=12)
    assert segments.choisir_k(df, k_min=11, k_max=11)["k"].tolist() == [11]
    with pytest.raises(ArgumentInvalideError, match=mots("donnees", "deux dimensions")):
        segments.choisir_k(np.arange(10.0))
    with pytest.raises(ArgumentInvalideError, match=mots("donnees", "DataFrame", "nombres")):
        segments.choisir_k([["a", "b"], ["c", "d"]])


def test_choose_k_default_variables_skip_booleans_and_text():
    df = blobs().assign(fidele=True, ville="Lyon")
    t = segments.choisir_k(df, k_min=3, k_max=3)
    assert t["silhouette"].tolist() == pytest.approx(
        segments.choisir_k(blobs(), k_min=3, k_max=3)["silhouette"].tolist())


def test_fit_is_unit_invariant_and_labels_each_row():
    df = blobs()
    a = segments.ajuster(df, ["age", "km"], 3)
    b = segments.ajuster(df.assign(age=df["age"] * 1000), ["age", "km"], 3)
    assert len(a) == len(df) and sorted(set(a.tolist())) == [0, 1, 2]
    assert adjusted_rand_score(a, b) == 1.0
    assert segments.ajuster(df, "age", 2).shape == (len(df),)


@pytest.mark.parametrize("k", [1, 2.0, True, "3"])
def test_fit_rejects_bad_k(k):
    with pytest.raises(ArgumentInvalideError, match=mots("k", "entier", "au moins 2")):
        segments.ajuster(blobs(), ["age"], k)


def test_fit_k_bound_is_strict_and_named():
    df = blobs(2)  # 6 rows
    assert len(set(segments.ajuster(df, ["age"], 5).tolist())) == 5
    with pytest.raises(ArgumentInvalideError, match=mots("k", "6", "inférieur", "lignes", "6")):
        segments.ajuster(df, ["age"], 6)


def test_column_errors_in_french():
    df = blobs(2).assign(ville="Lyon", fidele=True)
    with pytest.raises(ArgumentInvalideError, match=mots("DataFrame", "list")):
        segments.ajuster([[1, 2]], ["age"], 2)
    with pytest.raises(ArgumentInvalideError, match=mots("variables", "liste", "42")):
        segments.ajuster(df, 42, 2)
    with pytest.raises(ArgumentInvalideError, match=mots("variables", "vide")):
        segments.ajuster(df, [], 2)
    with pytest.raises(ArgumentInvalideError, match=mots("absente", "agee", "age")):
        segments.ajuster(df, ["agee"], 2)
    with pytest.raises(ArgumentInvalideError, match=mots("numériques", "ville, fidele")):
        segments.ajuster(df, ["age", "ville", "fidele"], 2)
    with pytest.raises(ArgumentInvalideError, match=mots("manquantes", "imputation")):
        segments.ajuster(df.assign(age=np.nan), ["age"], 2)
    with pytest.raises(ArgumentInvalideError, match=mots("vide", "segmenter")):
        segments.choisir_k(df.iloc[:0], ["age"], k_min=2, k_max=2)


# ---------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------


def test_matching_is_order_invariant_and_checks_inputs():
    lab = np.array([2, 2, 0, 0, 1, 1, 1])
    ref = np.array(["c", "c", "a", "b", "b", "b", "b"])
    m = segments.apparier(lab, ref)
    assert m == {0: "a", 1: "b", 2: "c"} and all(type(k) is int for k in m)
    perm = np.random.default_rng(1).permutation(len(lab))
    assert segments.apparier(lab[perm], ref[perm]) == m
    with pytest.raises(ArgumentInvalideError, match=mots("labels", "liste", "str")):
        segments.apparier("abc", ["a", "b", "c"])
    with pytest.raises(ArgumentInvalideError, match=mots("reference", "liste", "int")):
        segments.apparier([1], 3)
    with pytest.raises(ArgumentInvalideError, match=mots("même longueur")):
        segments.apparier([1, 2], ["a"])


# ---------------------------------------------------------------------------
# profiles
# ---------------------------------------------------------------------------


def people() -> tuple[pd.DataFrame, list[str]]:
    df = pd.DataFrame({
        "age": [20.0, 22, 24, 26, 60, 62, 64, 40],
        "km": [50.0, 52, 48, 50, 10, 12, 8, 30],
        "constante": [1.0] * 8,
        "canal_prefere": ["tiktok", "tiktok", "instagram", "tiktok", "newsletter", "newsletter",
                          "radio", "newsletter"],
        "besoin_accessibilite": ["aucun", "Non renseigné", "aucun", "aucun", "vue", "audition",
                                 "aucun", "vue"],
    }, index=[f"c{i}" for i in range(8)])
    return df, ["j", "j", "j", "j", "s", "s", "s", "m"]


def test_profile_by_definition():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km", "constante"], seuil=1.0)
    seg = pd.Series(lab, index=df.index)
    assert p.segments == ["j", "m", "s"]
    assert p.tailles["effectif"].tolist() == [4, 1, 3]
    assert p.tailles["part_pct"].tolist() == pytest.approx([50.0, 12.5, 37.5])
    assert p.tailles.index.name == "segment"
    for s in p.segments:
        for v in ("age", "km"):
            mean = df.loc[seg == s, v].mean()
            z = (mean - df[v].mean()) / df[v].std(ddof=0)
            assert p.moyennes.loc[s, v] == pytest.approx(mean)
            assert p.ecarts.loc[s, v] == pytest.approx(z)
        assert np.isnan(p.ecarts.loc[s, "constante"])  # no spread, no standardised difference
    assert p.moyennes.index[-1] == "Ensemble"
    d = p.distinctifs
    assert (d["ecart"].abs() >= 1.0).all() and "constante" not in set(d["variable"])
    assert d["ecart"].abs().tolist() == sorted(d["ecart"].abs(), reverse=True)
    assert list(d.columns) == ["segment", "variable", "sens", "ecart", "moyenne_segment", "moyenne_ensemble"]
    for _, r in d.iterrows():
        assert r["sens"] == ("haut" if r["ecart"] > 0 else "bas")
        assert r["moyenne_ensemble"] == pytest.approx(df[r["variable"]].mean())
    assert p.traits("s") == {"age": "haut", "km": "bas"}


def test_threshold_is_inclusive():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age"])
    z = abs(float(p.ecarts.loc["m", "age"]))
    assert "m" in set(segments.profiler(df, lab, variables=["age"], seuil=z).distinctifs["segment"])
    assert "m" not in set(segments.profiler(df, lab, variables=["age"], seuil=z + 1e-9)
                          .distinctifs["segment"])


def test_profile_shares_of_channels_and_needs():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"])
    assert p.canaux.loc["j", "tiktok"] == pytest.approx(75.0)
    assert p.canaux.sum(axis=1).tolist() == pytest.approx([100.0] * 3)
    assert p.canaux_preferes("j") == ["tiktok", "instagram"]  # zero shares are not preferred
    assert p.canaux_preferes("j", n=1) == ["tiktok"]
    # "aucun" and "Non renseigné" are not needs
    assert p.accessibilite.loc["j", "au_moins_un_besoin_pct"] == 0.0
    assert p.accessibilite.loc["s", "au_moins_un_besoin_pct"] == pytest.approx(200 / 3)
    q = segments.profiler(df, lab, variables=["age"], canal=None, accessibilite=None)
    assert q.canaux is None and q.accessibilite is None and q.canaux_preferes("j") == []
    r = segments.profiler(df.assign(besoin_accessibilite="aucun"), lab, variables=["age"])
    assert r.accessibilite["au_moins_un_besoin_pct"].tolist() == [0.0, 0.0, 0.0]


def test_profile_follows_labels_with_names_in_the_given_order():
    df, _ = people()
    lab = [0, 0, 0, 0, 1, 1, 1, 2]
    p = segments.profiler(df, lab, variables=["age"], noms={2: "milieu", 1: "seniors", 0: "jeunes"})
    assert p.segments == ["milieu", "seniors", "jeunes"]
    assert p.tailles["effectif"].tolist() == [1, 3, 4]
    assert p.moyennes.loc["seniors", "age"] == pytest.approx(62.0)
    with pytest.raises(ArgumentInvalideError, match=mots("noms", "il manque", "2", "100")):
        segments.profiler(df, lab, noms={0: "a", 1: "b"})
    with pytest.raises(ArgumentInvalideError, match=mots("noms", "absents", "7")):
        segments.profiler(df, lab, noms={0: "a", 1: "b", 2: "c", 7: "d"})
    with pytest.raises(ArgumentInvalideError, match=mots("noms", "dictionnaire", "list")):
        segments.profiler(df, lab, noms=["a", "b", "c"])


def test_profile_with_mixed_labels_and_default_variables():
    df, _ = people()
    lab = pd.Series([1, 1, 1, 1, "x", "x", "x", 1], dtype=object)
    p = segments.profiler(df, lab)
    assert p.segments == [1, "x"]  # not sortable: order of appearance
    assert set(p.ecarts.columns) == {"age", "km", "constante"}


def test_profile_input_errors_in_french():
    df, lab = people()
    with pytest.raises(ArgumentInvalideError, match=mots("frame", "DataFrame", "list")):
        segments.profiler([1, 2], lab)
    with pytest.raises(ArgumentInvalideError, match=mots("segments", "segm", "absente", "seg")):
        segments.profiler(df.assign(seg=lab), "segm")


def test_profile_display_in_french():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"], libelles={"age": "âge"})
    text = repr(p)
    assert "3 segments" in text and "Profil" in text and "50,0" in text and "12,5" in text
    t = p.tableau()
    assert t.index.tolist() == ["j", "m", "s"] and t.loc["s", "effectif"] == 3
    assert "âge" in t.loc["s", "traits_distinctifs"] and "valeur élevée" in t.loc["s", "traits_distinctifs"]
    assert "km" in t.loc["s", "traits_distinctifs"] and "valeur faible" in t.loc["s", "traits_distinctifs"]
    assert t.loc["s", "part"].startswith("37,5")
    assert t.loc["j", "canaux_preferes"] == "tiktok, instagram"
    assert "besoin_accessibilite" in t.columns
    assert "<table" in p._repr_html_()
    g = p.graphique()
    assert "3 segments" in g.alt and "2 variables" in g.alt
    top = p.distinctifs.iloc[0]
    assert f"segment {top['segment']}" in g.alt
    assert g.donnees.shape == (3, 2) and "âge" in g.donnees.columns


def test_persona_card():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"])
    card = segments.fiche_persona(p, "s", prenom="Camille", citation="Je lis la lettre.")
    assert "Camille" in card.splitlines()[0] and "segment s" in card.splitlines()[0]
    assert "3 personnes" in card and "37,5" in card
    assert "au-dessus" in card and "en dessous" in card
    assert "newsletter" in card and "Je lis la lettre." in card
    assert "besoin d'accessibilité" in card and "vue" in card and "audition" in card
    assert "Contre-exemple" in card
    default = segments.fiche_persona(p, "m")
    assert "Persona m" in default.splitlines()[0]
    flat = segments.profiler(df, lab, variables=["constante"], canal=None, accessibilite=None)
    card = segments.fiche_persona(flat, "j")
    assert "aucun trait marqué" in card and "Où le joindre" not in card and "Accessibilité" not in card
    with pytest.raises(ArgumentInvalideError, match=mots("Segment inconnu", "z")):
        segments.fiche_persona(p, "z")
    with pytest.raises(ArgumentInvalideError, match=mots("profil", "profiler", "dict")):
        segments.fiche_persona({}, "s")


# ---------------------------------------------------------------------------
# sizing
# ---------------------------------------------------------------------------


def population() -> pd.DataFrame:
    return pd.DataFrame({"tranche_age": ["20-24", "65+", "65+", "20-24"], "pcs_code": [8, 7, 7, 3],
                         "zone": ["A", "A", "B", "B"], "type_territoire": ["urbain", "urbain", "rural", "rural"],
                         "population": [1000, 3000, 1000, 5000]}, index=[10, 20, 30, 40])


def test_size_by_criteria_scalars_and_lists():
    pop = population()
    r = segments.taille_segment(pop, tranches_age="65+", pcs=7, types_territoire=["rural"])
    assert r.population_cible == 1000 and r.population_totale == 10000 and r.part_pct == 10.0
    r = segments.taille_segment(pop, zones=["A", "B"])
    assert r.population_cible == 10000 and r.part_pct == 100.0
    assert np.isnan(segments.taille_segment(pop.assign(population=0)).part_pct)


def test_size_with_customers_gives_penetration():
    pop = population()
    clients = pd.DataFrame({"tranche_age": ["65+", "65+", "20-24"], "zone": ["A", "B", "A"]})
    r = segments.taille_segment(pop, tranches_age=["65+"], zones=["A"], clients=clients)
    assert r.clients_cible == 1 and r.penetration_pct == pytest.approx(100 / 3000)
    text = repr(r)
    assert "pénétration" in text and "clients dans la cible" in text
    html = r._repr_html_()
    assert "<caption>Taille du segment</caption>" in html and "Taux de pénétration" in html
    assert str(r) == repr(r)
    empty = segments.taille_segment(pop.assign(population=[1000, 0, 1000, 5000]), tranches_age=["65+"],
                                    zones=["A"], clients=clients)
    assert empty.population_cible == 0 and np.isnan(empty.penetration_pct)


def test_size_errors_in_french():
    pop = population()
    with pytest.raises(ArgumentInvalideError, match=mots("population", "DataFrame", "list")):
        segments.taille_segment([1])
    with pytest.raises(ArgumentInvalideError, match=mots("clients", "DataFrame", "list")):
        segments.taille_segment(pop, clients=[1])
    with pytest.raises(ArgumentInvalideError, match=mots("colonne", "population")):
        segments.taille_segment(pop.drop(columns="population"))
    with pytest.raises(ArgumentInvalideError, match=mots("Colonne", "zone", "absente", "population")):
        segments.taille_segment(pop.drop(columns="zone"), zones=["A"])
    with pytest.raises(ArgumentInvalideError, match=mots("Colonne", "zone", "absente", "clients")):
        segments.taille_segment(pop, zones=["A"], clients=pd.DataFrame({"age": [1]}))
    with pytest.raises(ArgumentInvalideError, match=mots("clients", "zone", "absentes", "«\u00a0C\u00a0»", "«\u00a0A\u00a0»")):
        segments.taille_segment(pop, zones=["A"], clients=pd.DataFrame({"zone": ["C"]}))
    with pytest.raises(ArgumentInvalideError, match=mots("inconnue", "zone", "Z")):
        segments.taille_segment(pop, zones=["Z"])


# ---------------------------------------------------------------------------
# displays of a profile: repr, table, heatmap; size table
# ---------------------------------------------------------------------------


def test_profile_repr_lists_every_segment_with_its_share():
    from casekit.plots import nombre_fr

    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"])
    text = repr(p).replace("\u00a0", " ").replace("\u202f", " ")
    parts = [f"{s} ({nombre_fr(p.tailles.loc[s, 'part_pct'], 1)} %)".replace("\u202f", " ") for s in p.segments]
    assert ", ".join(parts) in text
    assert re.search(phrase("Voir .tableau() .traits(segment) .graphique()", fin=True), text)
    assert re.search(phrase("Profil de 3 segments", debut=True), text)


def test_profile_table_columns_and_formats():
    from casekit.plots import nombre_fr

    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km", "constante"])
    t = p.tableau()
    assert list(t.columns) == ["effectif", "part", "traits_distinctifs", "canaux_preferes",
                               "besoin_accessibilite"]
    assert t.loc["m", "part"] == nombre_fr(12.5, 1) + "\u202f%"
    assert t.loc["s", "besoin_accessibilite"] == nombre_fr(200 / 3, 1) + "\u202f%"
    traits = p.traits("s")
    expected = ", ".join(f"{segments._LIBELLES.get(v, v)} : {'valeur élevée' if d == 'haut' else 'valeur faible'}"
                         for v, d in traits.items())
    assert t.loc["s", "traits_distinctifs"] == expected
    assert "âge : valeur élevée" in expected and "kilomètres à vélo par semaine" not in expected
    q = segments.profiler(df, lab, variables=["constante"], accessibilite=None)
    tq = q.tableau()
    assert tq["traits_distinctifs"].tolist() == ["aucun trait marqué"] * 3
    assert "besoin_accessibilite" not in tq.columns
    assert tq.loc["s", "canaux_preferes"] == ", ".join(q.canaux_preferes("s"))
    assert ", " in tq.loc["s", "canaux_preferes"]


def test_heatmap_shows_each_standardised_difference_readably():
    from casekit.plots import nombre_fr

    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"], libelles={"age": "âge"})
    g = p.graphique()
    ax, cbar = g.fig.axes
    z = p.ecarts
    lim = max(1.0, float(np.nanmax(np.abs(z.to_numpy()))))
    (im,) = ax.images
    assert im.norm.vmin == -lim and im.norm.vmax == lim
    assert im.get_cmap().name == "PuOr_r" and ax.get_aspect() == "auto"
    assert np.allclose(im.get_array(), z.to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["âge", "km"]
    assert all(t.get_rotation() > 0 and t.get_ha() == "right" for t in ax.get_xticklabels())
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(s) for s in z.index]
    assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())
    texts = {(t.get_position()[0], t.get_position()[1]): t for t in ax.texts}
    assert len(texts) == z.size
    for i, s in enumerate(z.index):
        for j, v in enumerate(z.columns):
            t = texts[(j, i)]
            val = z.loc[s, v]
            assert t.get_text() == nombre_fr(val, 1)
            assert t.get_ha() == "center" and t.get_va() == "center"
            assert t.get_color() == ("white" if abs(val) > 0.6 * lim else "black")
    assert {t.get_color() for t in ax.texts} == {"white", "black"}
    assert ax.get_title().startswith("Écart de chaque segment") and g.titre == ax.get_title()
    assert cbar.get_ylabel() == "écart standardisé"
    top = p.distinctifs.iloc[0]
    assert "de 3 segments sur 2 variables" in g.alt
    label = {"age": "âge"}.get(top["variable"], top["variable"])
    assert f"segment {top['segment']} sur {label} ({nombre_fr(top['ecart'], 1)} écart-type)" in g.alt
    assert g.alt.endswith(".") and not g.alt.endswith("..")
    assert g.donnees.index.name == "Segment" and list(g.donnees.columns) == ["âge", "km"]
    assert np.allclose(g.donnees.to_numpy(), z.round(2).to_numpy())


def test_heatmap_size_grows_with_segments_and_variables():
    df, lab = people()
    sizes = {}
    for k, variables in ((1, ["age"]), (2, ["age", "km"])):
        for n in (2, 3):
            labels = lab if n == 3 else ["j" if x == "j" else "s" for x in lab]
            fig = segments.profiler(df, labels, variables=variables).graphique().fig
            sizes[k, n] = fig.get_size_inches()
    assert sizes[2, 3][0] > sizes[1, 3][0] and sizes[2, 3][1] > sizes[2, 2][1]
    assert sizes[1, 3][1] == sizes[2, 3][1] and sizes[2, 2][0] == sizes[2, 3][0]


def test_heatmap_without_distinctive_trait_and_a_small_scale():
    df, _lab = people()
    small = df.assign(age=df["age"] + np.linspace(0, 0.1, 8))
    p = segments.profiler(small, ["a", "b"] * 4, variables=["constante", "age"], seuil=5.0)
    g = p.graphique()
    im = g.fig.axes[0].images[0]
    assert im.norm.vmax == 1.0  # the scale never shrinks below one standard deviation
    assert "écart le plus marqué" not in g.alt


def test_size_table_labels_in_french():
    pop = population()
    clients = pd.DataFrame({"tranche_age": ["65+"], "zone": ["A"]})
    r = segments.taille_segment(pop, tranches_age=["65+"], clients=clients)
    html = r._repr_html_()
    for label in ("Population de la cible", "Population totale", "Part de la cible",
                  "Clients dans la cible", "Taux de pénétration"):
        assert f'<th scope="row">{label}</th>' in html
    assert html.count("<tr>") == 5 and "</tr><tr>" in html


def test_size_table_values_in_french():
    import html as html_mod

    from casekit.plots import nombre_fr

    pop = population()
    clients = pd.DataFrame({"tranche_age": ["65+"] * 3 + ["20-24"], "zone": ["A"] * 4})
    r = segments.taille_segment(pop, tranches_age=["65+"], clients=clients)
    cells = re.findall(r"<td>(.*?)</td>", r._repr_html_())
    expected = [nombre_fr(4000), nombre_fr(10000), nombre_fr(40.0, 1) + "\u202f%", nombre_fr(3),
                nombre_fr(r.penetration_pct, 2) + "\u202f%"]
    assert [html_mod.unescape(c) for c in cells] == expected
    assert r.penetration_pct == pytest.approx(100 * 3 / 4000)
    text = repr(r)
    assert re.search(phrase("Taille du segment population de la cible", debut=True), text)
    for label, value in zip(("population totale", "part de la cible", "clients dans la cible",
                             "taux de pénétration"), expected[1:], strict=True):
        assert re.search(phrase(label) + r"\W+" + re.escape(value), text), label


def test_choice_of_k_chart():
    from matplotlib.colors import to_rgba

    from casekit.plots import PALETTE, nombre_fr

    t = pd.DataFrame({"k": [2, 3, 4, 5], "inertie": [90.0, 40.0, 35.0, 30.0],
                      "silhouette": [0.5, 0.4, 0.72, 0.6]})
    g = segments.graphique_choix_k(t)
    a1, a2 = g.fig.axes
    assert a1.get_position().y0 == pytest.approx(a2.get_position().y0)  # side by side
    assert a1.get_position().x1 < a2.get_position().x0
    (l1,) = a1.get_lines()
    l2, vline = a2.get_lines()
    assert l1.get_xdata().tolist() == [2, 3, 4, 5] and l1.get_ydata().tolist() == t["inertie"].tolist()
    assert l2.get_xdata().tolist() == [2, 3, 4, 5] and l2.get_ydata().tolist() == t["silhouette"].tolist()
    assert l1.get_marker() not in ("None", None, "") and l2.get_marker() not in ("None", None, "")
    assert l1.get_marker() != l2.get_marker()
    assert to_rgba(l1.get_color()) == to_rgba(PALETTE[0]) and to_rgba(l2.get_color()) == to_rgba(PALETTE[1])
    assert list(vline.get_xdata()) == [4, 4] and vline.get_linestyle() == "--"
    assert to_rgba(vline.get_color()) == to_rgba(PALETTE[-1])
    for ax, title, ylabel in ((a1, "Inertie (méthode du coude)", "Inertie intra-classe"),
                              (a2, "Score de silhouette", "Silhouette moyenne")):
        assert re.fullmatch(phrase(title, debut=True, fin=True), ax.get_title())
        assert re.fullmatch(phrase(ylabel, debut=True, fin=True), ax.get_ylabel())
        assert re.fullmatch(phrase("Nombre de segments k", debut=True, fin=True), ax.get_xlabel())
        assert list(ax.get_xticks()) == [2, 3, 4, 5]
        g.fig.canvas.draw()
        assert [x.get_text() for x in ax.get_xticklabels()] == ["2", "3", "4", "5"]
    assert "k = 4" in g.alt and nombre_fr(0.72, 2) in g.alt and "de 90 à 30" in g.alt
    assert "de 2 à 5" in g.alt
    assert g.donnees.index.name == "Nombre de segments k"
    assert list(g.donnees.columns) == ["Inertie", "Silhouette"] and g.donnees.index.tolist() == [2, 3, 4, 5]
    assert re.search(phrase("Choix du nombre de segments k", debut=True, fin=True), g.titre)


def test_choice_of_k_chart_needs_the_table_of_choisir_k():
    for bad in ([1, 2], pd.DataFrame({"k": [2], "inertie": [1.0]})):
        with pytest.raises(ArgumentInvalideError, match=phrase("table doit être le résultat de choisir_k",
                                                               debut=True)):
            segments.graphique_choix_k(bad)
    with pytest.raises(ArgumentInvalideError, match=phrase("colonnes k inertie silhouette", fin=True)):
        segments.graphique_choix_k([1])


def test_matching_and_sizing_messages_are_whole_phrases():
    with pytest.raises(ArgumentInvalideError, match=phrase("labels doit être une liste ou un tableau "
                                                           "d'étiquettes et non str", debut=True, fin=True)):
        segments.apparier("abc", ["a", "b", "c"])
    with pytest.raises(ArgumentInvalideError, match=phrase("reference doit être une liste", debut=True)):
        segments.apparier([1], 3)
    with pytest.raises(ArgumentInvalideError, match=phrase("labels et reference doivent avoir la même "
                                                           "longueur", debut=True, fin=True)):
        segments.apparier([1, 2], ["a"])
    pop = population()
    with pytest.raises(ArgumentInvalideError, match=phrase("Le tableau de population doit avoir une colonne "
                                                           "population jeu population_zone",
                                                           debut=True, fin=True)):
        segments.taille_segment(pop.drop(columns="population"))


def test_foreign_customer_codes_are_listed_eight_at_most():
    pop = pd.concat([population()] * 3, ignore_index=True)
    pop["zone"] = [f"Z{i}" for i in range(len(pop))]  # 12 zones in the population
    clients = pd.DataFrame({"zone": [f"C{i}" for i in range(10)]})  # 10 unknown codes
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.taille_segment(pop, zones=["Z0"], clients=clients)
    msg = str(exc.value)
    shown = sorted(f"C{i}" for i in range(10))[:8]
    assert re.search(phrase(" ".join(shown)), msg)
    assert all(c in msg for c in shown) and sum(f"C{i}" in msg for i in range(10)) == 8
    known = sorted(pop["zone"])[:8]
    assert re.search(phrase(" ".join(known)), msg)
    assert sum(z in re.findall(r"Z\d+", msg) for z in set(pop["zone"])) == 8
    assert re.search(phrase("avant de calculer une pénétration", fin=True), msg)
    assert re.search(phrase("Le fichier clients utilise pour zone des valeurs absentes", debut=True), msg)


def test_small_shares_keep_their_stated_decimals():
    from casekit.plots import nombre_fr

    n = 300
    df = pd.DataFrame({"age": np.r_[np.full(n - 1, 30.0), 80.0],
                       "besoin_accessibilite": ["vue"] + ["aucun"] * (n - 1)})
    lab = ["a"] * (n - 1) + ["b"]
    t = segments.profiler(df, lab, variables=["age"]).tableau()
    assert t.loc["b", "part"] == nombre_fr(100 / n, 1) + "\u202f%"
    assert t.loc["a", "besoin_accessibilite"] == nombre_fr(100 / (n - 1), 1) + "\u202f%"
    pop = population().assign(population=[1000, 30000, 1000, 5000])
    r = segments.taille_segment(pop, tranches_age=["65+"], zones=["A"],
                                clients=pd.DataFrame({"tranche_age": ["65+"], "zone": ["A"]}))
    cells = re.findall(r"<td>(.*?)</td>", r._repr_html_())
    assert cells[-1] == nombre_fr(100 / 30000, 2) + "\u202f%"


def test_unknown_criteria_values_are_listed_with_a_suggestion():
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.taille_segment(population(), zones=["Y", "Z"])
    msg = str(exc.value)
    assert re.search(phrase("Valeur(s) inconnue(s) pour zone Y, Z", debut=True), msg)
    with pytest.raises(ArgumentInvalideError, match=phrase("Vouliez-vous dire 65+")):
        segments.taille_segment(population(), tranches_age=["65 +"])


def test_heatmap_alt_names_a_variable_without_label_by_its_column():
    df, lab = people()
    p = segments.profiler(df, lab, variables=["age", "km"], libelles={})
    top = p.distinctifs.iloc[0]
    assert f"sur {top['variable']} (" in p.graphique().alt


def test_missing_criteria_column_says_which_table():
    with pytest.raises(ArgumentInvalideError, match=phrase("absente de la population impossible de filtrer")):
        segments.taille_segment(population().drop(columns="zone"), zones=["A"])
    with pytest.raises(ArgumentInvalideError, match=phrase("absente du fichier clients impossible de filtrer")):
        segments.taille_segment(population(), zones=["A"], clients=pd.DataFrame({"age": [1]}))


# ---------------------------------------------------------------------------
# foreseeable mistakes that used to end in a scikit-learn or pandas traceback
# ---------------------------------------------------------------------------


def test_choose_k_refuses_missing_or_infinite_values_in_an_array():
    X = blobs().to_numpy()
    for bad in (np.nan, np.inf):
        Y = X.copy()
        Y[3, 1] = bad
        with pytest.raises(ArgumentInvalideError, match=mots("donnees", "manquantes", "infinies", "imputation")):
            segments.choisir_k(Y, k_min=2, k_max=3)
    with pytest.raises(ArgumentInvalideError, match=mots("manquantes", "infinies")):
        segments.choisir_k(blobs().assign(age=lambda d: d["age"].where(d.index != "p3", np.inf)),
                           k_min=2, k_max=3)
    with pytest.raises(ArgumentInvalideError, match=mots("manquantes", "infinies")):
        segments.ajuster(blobs().assign(km=-np.inf), ["km"], 2)


def test_choose_k_on_identical_rows_is_a_french_error():
    same = pd.DataFrame({"a": [1.0] * 6, "b": [2.0] * 6})
    with pytest.raises(ArgumentInvalideError, match=mots("Toutes les lignes", "mêmes valeurs", "aucun segment")):
        segments.choisir_k(same, k_max=3)
    # two distinct rows are enough to compare k = 2 and k = 3
    two = pd.DataFrame({"a": [1.0, 1.0, 1.0, 5.0, 5.0, 5.0]})
    t = segments.choisir_k(two, k_min=2, k_max=2)
    assert t["inertie"].tolist() == pytest.approx([0.0]) and t["silhouette"].tolist() == pytest.approx([1.0])


@pytest.mark.parametrize("bad", [-5, 0, 3, 2.5, True, "100"])
def test_choose_k_checks_the_silhouette_sample_size(bad):
    with pytest.raises(ArgumentInvalideError, match=mots("echantillon_silhouette", "entier", "supérieur",
                                                         "k_max", "3", "None", repr(bad))):
        segments.choisir_k(blobs(), k_min=2, k_max=3, echantillon_silhouette=bad)


def test_choose_k_accepts_one_more_sampled_row_than_segments_and_none():
    df = blobs()
    X = StandardScaler().fit_transform(df.to_numpy())
    km = reference_kmeans(X, 3, 0)
    t = segments.choisir_k(df, k_min=3, k_max=3, echantillon_silhouette=None)
    assert t["silhouette"].iloc[0] == pytest.approx(silhouette_score(X, km.labels_))
    t = segments.choisir_k(df, k_min=3, k_max=3, echantillon_silhouette=np.int64(4))
    assert t["silhouette"].iloc[0] == pytest.approx(
        silhouette_score(X, km.labels_, sample_size=4, random_state=0))


def test_profile_refuses_missing_labels():
    df, lab = people()
    for missing in (None, np.nan, pd.NA):
        bad = [*lab[:2], missing, *lab[3:]]
        with pytest.raises(ArgumentInvalideError, match=phrase("labels contient des valeurs manquantes chaque "
                                                               "ligne doit avoir un segment", debut=True, fin=True)):
            segments.profiler(df, bad, variables=["age"])


def test_profile_of_a_single_segment_is_singular():
    df, _ = people()
    p = segments.profiler(df, ["tous"] * len(df), variables=["age", "km"])
    text = repr(p)
    assert re.search(phrase("Profil de 1 segment", debut=True), text)
    assert "1 segments" not in text and "100,0" in text
    assert p.tailles["part_pct"].tolist() == [100.0]
    assert p.ecarts.loc["tous"].fillna(0).abs().max() == pytest.approx(0.0)  # a segment is its own mean
    assert p.distinctifs.empty


def test_size_accepts_a_numpy_integer_criterion():
    pop = population()
    assert segments.taille_segment(pop, pcs=np.int64(7)).population_cible == 4000
    assert segments.taille_segment(pop, pcs=[np.int64(7), 3]).population_cible == 9000


def test_choice_of_k_chart_refuses_an_empty_table():
    empty = pd.DataFrame({"k": [], "inertie": [], "silhouette": []})
    with pytest.raises(ArgumentInvalideError, match=mots("table", "vide", "aucune valeur de k")):
        segments.graphique_choix_k(empty)


# ---------------------------------------------------------------------------
# exact agreement with scikit-learn where the k-means problem is hard
# ---------------------------------------------------------------------------


def noise(seed: int) -> pd.DataFrame:
    """Uniform noise in three units: many local optima, so the number of KMeans starts and
    their seed change the result (seed 1: the 10th start is the best of 11; seed 2: the 11th
    start beats the first 10)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.uniform(0, 1, (100, 3)) * [1, 50, 1000], columns=["a", "b", "c"])


def reference_kmeans(X: np.ndarray, k: int, random_state: int):
    """KMeans as ajuster runs it. One thread, as in ajuster: mutmut forks a process per mutant,
    and OpenMP threads started before a fork can hang the child."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(X)


@pytest.mark.parametrize("seed", [1, 2])
def test_fit_is_kmeans_with_ten_starts_on_standardised_columns(seed):
    df = noise(seed)
    X = StandardScaler().fit_transform(df.to_numpy())
    for random_state in (0, 7):
        expected = reference_kmeans(X, 7, random_state).labels_
        got = segments.ajuster(df, ["a", "b", "c"], 7, random_state=random_state)
        assert got.tolist() == expected.tolist()


@pytest.mark.parametrize("seed", [1, 2])
def test_choose_k_is_kmeans_with_ten_starts_and_the_same_seed(seed):
    df = noise(seed)
    X = StandardScaler().fit_transform(df.to_numpy())
    for random_state in (0, 7):
        t = segments.choisir_k(df, k_min=6, k_max=7, random_state=random_state, echantillon_silhouette=50)
        assert t["k"].tolist() == [6, 7]
        for _, row in t.iterrows():
            km = reference_kmeans(X, int(row["k"]), random_state)
            assert row["inertie"] == pytest.approx(km.inertia_, rel=1e-9)
            assert row["silhouette"] == pytest.approx(
                silhouette_score(X, km.labels_, sample_size=50, random_state=random_state), rel=1e-9)


def test_small_data_runs_single_threaded_and_large_data_does_not():
    from threadpoolctl import threadpool_info

    with segments._threads(49_999):
        assert {p["num_threads"] for p in threadpool_info()} <= {1}
    before = [p["num_threads"] for p in threadpool_info()]
    with segments._threads(50_000):
        assert [p["num_threads"] for p in threadpool_info()] == before


# ---------------------------------------------------------------------------
# persona card: every line, its numbers and its wording
# ---------------------------------------------------------------------------


def shoppers() -> tuple[pd.DataFrame, list[str]]:
    """Spending over 100 € (shown with one decimal, not nombre_fr's default), four channels
    in segment « a » and three needs of different frequencies, one of them below 1 %."""
    n_a, n_b = 200, 100
    canal = ["web"] * 120 + ["radio"] * 50 + ["affiche"] * 29 + ["salon"] * 1 + ["web"] * 100
    besoin = (["vue"] * 20 + ["audition"] * 10 + ["moteur"] * 1 + ["aucun"] * 169
              + ["aucun"] * 99 + ["Non renseigné"])
    df = pd.DataFrame({
        "depense": np.r_[np.full(n_a, 850.25), np.full(n_b, 120.5)],
        "visites": np.r_[np.full(n_a, 3.0), np.full(n_b, 3.0)],
        "canal_prefere": canal,
        "besoin_accessibilite": besoin,
    })
    return df, ["a"] * n_a + ["b"] * n_b


def test_persona_card_lines_one_by_one():
    from casekit.plots import liste_fr, nombre_fr

    df, lab = shoppers()
    p = segments.profiler(df, lab, variables=["depense", "visites"], libelles={})
    card = segments.fiche_persona(p, "a", prenom="Alex", citation="Je compare les prix.")
    lines = card.split("\n")
    assert lines[0] == "### Persona « Alex » — segment a" and lines[1] == ""
    assert lines[-1] == "" and card.endswith("\n") and not card.endswith("\n\n")
    body = lines[2:-1]
    assert all(line.startswith("- **") for line in body)
    assert [line.split("**")[1] for line in body] == [
        "Qui ?", "Ce qui le distingue :", "Où le joindre :", "Accessibilité :",
        "Citation (à sourcer) :", "Contre-exemple à garder en tête :"]
    assert re.search(phrase("Ce portrait décrit une tendance pas chaque personne", fin=True), body[0])
    mean_a, mean_all = 850.25, (200 * 850.25 + 100 * 120.5) / 300
    assert (f"depense au-dessus de la moyenne ({nombre_fr(mean_a, 1)} contre "
            f"{nombre_fr(mean_all, 1)} pour l'ensemble)") in body[1]  # no label: the column name
    assert body[1].endswith(")."), body[1]
    shares = [f"{c} ({nombre_fr(100 * n / 200, 0)}\u202f%)" for c, n in (("web", 120), ("radio", 50),
                                                                          ("affiche", 29))]
    assert body[2] == "- **Où le joindre :** " + liste_fr(shares) + "."  # three channels, most cited first
    need = nombre_fr(100 * 31 / 200)
    assert body[3] == (f"- **Accessibilité :** {need}\u202f% déclarent un besoin d'accessibilité "
                       "(surtout vue et audition) : les contenus qui lui sont destinés doivent en tenir compte.")
    assert body[5] == "- **Contre-exemple à garder en tête :** _à compléter à partir des données._"


def test_persona_names_a_rare_need_and_says_nothing_when_there_is_none():
    from casekit.plots import nombre_fr

    df, lab = shoppers()
    lab = ["a" if b == "moteur" else x for x, b in zip(lab, df["besoin_accessibilite"], strict=True)]
    df = df.assign(besoin_accessibilite=df["besoin_accessibilite"].replace({"vue": "aucun", "audition": "aucun"}))
    p = segments.profiler(df, lab, variables=["depense"])
    a = p.accessibilite.loc["a"]
    assert 0 < a["moteur"] < 1  # 1 person in 199: a need under 1 % is still a need
    assert "(surtout moteur)" in segments.fiche_persona(p, "a")
    line = next(x for x in segments.fiche_persona(p, "b").split("\n") if "Accessibilité" in x)
    assert line == (f"- **Accessibilité :** {nombre_fr(0.0)}\u202f% déclarent un besoin d'accessibilité"
                    " : les contenus qui lui sont destinés doivent en tenir compte.")


def test_persona_card_without_traits_and_unknown_segment_suggestion():
    df, lab = shoppers()
    flat = segments.profiler(df, lab, variables=["visites"], canal=None, accessibilite=None)
    lines = segments.fiche_persona(flat, "b").split("\n")
    assert "- **Ce qui le distingue :** aucun trait marqué par rapport à la moyenne." in lines
    p = segments.profiler(df.assign(seg=[f"segment_{x}" for x in lab]), "seg", variables=["depense"])
    with pytest.raises(ArgumentInvalideError, match=mots("Segment inconnu", "segment_c", "segment_")):
        segments.fiche_persona(p, "segment_c")


def test_channels_preferred_default_three_and_rare_channels_count():
    df, lab = shoppers()
    p = segments.profiler(df, lab, variables=["depense"])
    assert p.canaux_preferes("a") == ["web", "radio", "affiche"]
    assert p.canaux_preferes("a", n=4) == ["web", "radio", "affiche", "salon"]  # 0.5 % is still cited
    assert p.canaux_preferes("b") == ["web"]


# ---------------------------------------------------------------------------
# displays: singular/plural, separators, decimals, heatmap colours
# ---------------------------------------------------------------------------


def test_profile_repr_counts_segments_in_french():
    df, lab = people()
    two = ["j" if x == "j" else "s" for x in lab]
    assert re.search(r"^Profil de 2 segments\W", repr(segments.profiler(df, two, variables=["age"])))
    assert re.search(r"^Profil de 1 segment\W", repr(segments.profiler(df, ["t"] * 8, variables=["age"])))


def test_size_repr_separates_each_figure():
    pop = population()
    r = segments.taille_segment(pop, tranches_age=["65+"], clients=pd.DataFrame({"tranche_age": ["65+"]}))
    parts = [x.strip() for x in repr(r).split(";")]
    labels = ["Taille du segment", "population totale", "part de la cible", "clients dans la cible",
              "taux de pénétration"]
    assert len(parts) == len(labels)
    for part, label in zip(parts, labels, strict=True):
        assert re.fullmatch(phrase(label, debut=True) + r"\W+[\w\W]*?\d[\d\u202f,]*(\u202f%)?", part), part


def test_matching_keeps_reference_labels_of_mixed_types():
    m = segments.apparier([0, 0, 1, 1, 1], [1, 1, "a", "a", "a"])
    assert m == {0: 1, 1: "a"} and type(m[0]) is int


def test_fit_default_seed_is_zero():
    df = noise(2)
    X = StandardScaler().fit_transform(df.to_numpy())
    assert segments.ajuster(df, ["a", "b", "c"], 7).tolist() == reference_kmeans(X, 7, 0).labels_.tolist()


def test_fit_k_message_tells_what_to_do():
    with pytest.raises(ArgumentInvalideError, match=phrase("on ne peut pas former plus de segments que de "
                                                           "personnes Choisissez un k plus petit", fin=True)):
        segments.ajuster(blobs(2), ["age"], 6)


def test_choice_of_k_chart_messages_and_a_perfect_silhouette():
    from casekit.plots import nombre_fr

    with pytest.raises(ArgumentInvalideError, match=phrase("table est vide aucune valeur de k à représenter",
                                                           debut=True, fin=True)):
        segments.graphique_choix_k(pd.DataFrame({"k": [], "inertie": [], "silhouette": []}))
    t = pd.DataFrame({"k": [2, 3], "inertie": [9.0, 0.0], "silhouette": [0.5, 1.0]})
    g = segments.graphique_choix_k(t)
    assert g.alt.endswith(f"k = 3 ({nombre_fr(1.0, 2)}).")  # two decimals, even for 1
    w, h = g.fig.get_size_inches()
    assert w >= 2 * h  # two panels side by side, each at least as wide as tall
    data_line, marker = g.fig.axes[1].get_lines()
    assert marker.get_linewidth() < data_line.get_linewidth()  # the marker stays behind the data


def profil_manuel(ecarts: list[list[float]], distinctifs: list[dict]) -> segments.Profil:
    z = pd.DataFrame(ecarts, index=["s1", "s2"], columns=["x", "y"])
    tailles = pd.DataFrame({"effectif": [1, 1], "part_pct": [50.0, 50.0]}, index=z.index)
    d = pd.DataFrame(distinctifs, columns=["segment", "variable", "sens", "ecart", "moyenne_segment",
                                           "moyenne_ensemble"])
    return segments.Profil(tailles, z, z, d)


def test_heatmap_text_colour_switches_strictly_above_sixty_percent_of_the_scale():
    p = profil_manuel([[2.0, -1.2], [1.2, 1.21]], [])
    ax = p.graphique().fig.axes[0]
    texts = {t.get_position(): t for t in ax.texts}  # (column, row)
    assert texts[(0, 0)].get_color() == "white"  # 2.0, the top of the scale
    assert texts[(1, 0)].get_color() == "black" and texts[(0, 1)].get_color() == "black"  # |1.2| = 0.6 × 2
    assert texts[(1, 1)].get_color() == "white"  # 1.21 > 1.2
    assert all(t.get_fontsize() < ax.xaxis.label.get_fontsize() for t in ax.texts)


def test_heatmap_alt_gives_a_small_difference_with_one_decimal():
    from casekit.plots import nombre_fr

    p = profil_manuel([[0.73, -0.2], [-0.73, 0.2]],
                      [{"segment": "s1", "variable": "x", "sens": "haut", "ecart": 0.73,
                        "moyenne_segment": 1.0, "moyenne_ensemble": 0.5}])
    assert f"({nombre_fr(0.73, 1)} écart-type)." in p.graphique().alt


def test_profile_reads_the_labels_of_a_fitted_model():
    class Modele:  # what profiler needs from a fitted scikit-learn model: labels_
        labels_ = np.array(["j", "j", "j", "j", "s", "s", "s", "m"])

    df, _ = people()
    p = segments.profiler(df, Modele(), variables=["age"])
    assert p.segments == ["j", "m", "s"] and p.tailles["effectif"].tolist() == [4, 1, 3]


def test_unknown_persona_segment_suggests_the_closest_name():
    df, _ = people()
    lab = ["nord", "nord", "sud", "sud", "est", "est", "ouest", "ouest"]
    p = segments.profiler(df, lab, variables=["age"])
    with pytest.raises(ArgumentInvalideError) as exc:
        segments.fiche_persona(p, "nrod")
    msg = str(exc.value)
    assert re.search(phrase("Segment inconnu nrod Vouliez-vous dire nord", debut=True, fin=True), msg), msg


def test_choose_k_messages_are_whole_phrases():
    df = blobs(4)
    with pytest.raises(ArgumentInvalideError, match=phrase("donnees doit être un DataFrame ou un tableau de "
                                                           "nombres", debut=True, fin=True)):
        segments.choisir_k([["a", "b"], ["c", "d"]])
    with pytest.raises(ArgumentInvalideError, match=phrase("donnees doit être un tableau à deux dimensions "
                                                           "lignes × variables", debut=True, fin=True)):
        segments.choisir_k(np.arange(10.0))
    with pytest.raises(ArgumentInvalideError, match=phrase("donnees contient des valeurs manquantes ou infinies "
                                                           "traitez-les suppression ou imputation avant de "
                                                           "segmenter", debut=True, fin=True)):
        segments.choisir_k(np.array([[1.0, np.nan], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]]), k_max=2)
    for nom, kw in (("k_min", {"k_min": 2.5}), ("k_max", {"k_max": "8"})):
        with pytest.raises(ArgumentInvalideError, match=phrase(f"{nom} doit être un entier", debut=True)):
            segments.choisir_k(df, **kw)
    with pytest.raises(ArgumentInvalideError, match=phrase("Il faut 2 ≤ k_min ≤ k_max", debut=True, fin=True)):
        segments.choisir_k(df, k_min=5, k_max=4)
    with pytest.raises(ArgumentInvalideError, match=phrase("Toutes les lignes ont les mêmes valeurs il n'y a "
                                                           "aucun segment à chercher", debut=True, fin=True)):
        segments.choisir_k(pd.DataFrame({"a": [1.0] * 6}), k_max=3)


def test_choose_k_defaults_from_two_to_eight():
    assert segments.choisir_k(blobs(4))["k"].tolist() == [2, 3, 4, 5, 6, 7, 8]


def test_choose_k_samples_three_thousand_rows_by_default():
    rng = np.random.default_rng(5)
    df = pd.DataFrame(rng.normal(0, 1, (3001, 2)), columns=["a", "b"])
    X = StandardScaler().fit_transform(df.to_numpy())
    km = reference_kmeans(X, 2, 0)
    sampled = silhouette_score(X, km.labels_, sample_size=3000, random_state=0)
    assert sampled != pytest.approx(silhouette_score(X, km.labels_), abs=1e-12)
    t = segments.choisir_k(df, k_min=2, k_max=2)
    assert t["silhouette"].iloc[0] == pytest.approx(sampled, abs=1e-12)


def test_profile_errors_on_inputs_suggest_and_explain():
    df, lab = people()
    with pytest.raises(ArgumentInvalideError, match=phrase("Colonne de segments segm absente Vouliez-vous dire "
                                                           "seg", debut=True, fin=True)):
        segments.profiler(df.assign(seg=lab), "segm", variables=["age"])
    with pytest.raises(ArgumentInvalideError, match=phrase("labels a 3 valeurs pour 8 lignes ils doivent "
                                                           "correspondre", debut=True, fin=True)):
        segments.profiler(df, lab[:3], variables=["age"])
    with pytest.raises(ArgumentInvalideError, match=mots("numériques", "canal_prefere")):
        segments.profiler(df, lab, variables=["canal_prefere"])
    with pytest.raises(ArgumentInvalideError, match=mots("absente", "agee", "age")):
        segments.profiler(df, lab, variables=["agee"])
    p = segments.profiler(df.assign(seg=lab), "seg", variables=["age"])
    assert "seg" not in p.moyennes.columns and p.tailles.loc["s", "effectif"] == 3


def test_column_messages_are_whole_phrases():
    df = blobs(2).assign(ville="Lyon", fidele=True)
    cases = [
        (([[1, 2]], ["age"]), "Passez un DataFrame une ligne par client et non list"),
        ((df, 42), "variables doit être une liste de noms de colonnes et non 42"),
        ((df, []), "variables est vide choisissez au moins une colonne numérique"),
        ((df, ["agee", "kmm"]), "Variable(s) absente(s) du tableau agee, kmm Vouliez-vous dire age"),
        ((df, ["age", "ville", "fidele"]), "Les variables de segmentation doivent être numériques pas "
                                           "ville, fidele Encodez-les ou retirez-les"),
        ((df.assign(age=np.nan), ["age"]), "Les variables de segmentation contiennent des valeurs manquantes "
                                           "ou infinies traitez-les suppression ou imputation avant de segmenter"),
    ]
    for (frame, variables), message in cases:
        with pytest.raises(ArgumentInvalideError, match=phrase(message, debut=True, fin=True)):
            segments.ajuster(frame, variables, 2)
    with pytest.raises(ArgumentInvalideError, match=phrase("Le tableau est vide aucune ligne à segmenter",
                                                           debut=True, fin=True)):
        segments.choisir_k(df.iloc[:0], ["age"], k_min=2, k_max=2)


def test_profile_ignores_index_order_and_reads_categorical_channels():
    df, lab = people()
    shuffled = df.set_axis([7, 3, 5, 1, 0, 6, 2, 4])
    shuffled["canal_prefere"] = pd.Categorical(df["canal_prefere"], categories=["tiktok", "instagram",
                                                                                  "newsletter", "radio", "fax"])
    a = segments.profiler(df, lab, variables=["age", "km"])
    b = segments.profiler(shuffled, lab, variables=["age", "km"])
    pd.testing.assert_frame_equal(a.tailles, b.tailles)
    pd.testing.assert_frame_equal(a.moyennes, b.moyennes)
    assert b.canaux.sum(axis=1).tolist() == pytest.approx([100.0] * 3)
    assert b.canaux_preferes("j") == a.canaux_preferes("j") and "fax" not in b.canaux_preferes("s", n=10)
    assert segments.ajuster(shuffled, ["age", "km"], 2).tolist() == segments.ajuster(df, ["age", "km"], 2).tolist()


def test_every_table_of_a_profile_follows_the_segment_order():
    df, lab = people()  # labels appear as j, s, m; segments are sorted: j, m, s
    p = segments.profiler(df, lab, variables=["age", "km"], seuil=0.8)
    assert p.segments == ["j", "m", "s"] and p.seuil == 0.8
    assert list(p.moyennes.index) == [*p.segments, "Ensemble"]
    assert list(p.ecarts.index) == p.segments
    assert list(p.canaux.index) == p.segments and list(p.accessibilite.index) == p.segments
    assert p.ecarts.index.name == p.canaux.index.name == p.tailles.index.name == "segment"
    assert p.tailles["effectif"].dtype.kind == "i"


def test_distinctive_traits_sorted_by_strength_across_segments():
    # segment « a »: a small difference; segment « b » (listed after it): a large one.
    df = pd.DataFrame({"x": [0.0] * 10 + [2.0] * 10 + [6.0] * 2})
    lab = ["a"] * 10 + ["c"] * 10 + ["b"] * 2
    p = segments.profiler(df, lab, variables=["x"], seuil=0.1)
    z = p.ecarts["x"]
    assert p.distinctifs["segment"].tolist() == sorted(z.index, key=lambda s: -abs(z[s]))
    assert p.distinctifs["segment"].iloc[0] == "b"


def test_a_unit_standard_deviation_is_not_taken_for_zero():
    df = pd.DataFrame({"x": [0.0, 2.0] * 4})  # population standard deviation: exactly 1
    p = segments.profiler(df, ["a", "a", "a", "a", "b", "b", "b", "b"], variables=["x"])
    assert df["x"].std(ddof=0) == 1.0
    assert p.ecarts["x"].notna().all()


def test_default_variables_leave_out_booleans():
    df, lab = people()
    p = segments.profiler(df.assign(fidele=[True, False] * 4), lab)
    assert "fidele" not in p.ecarts.columns and "age" in p.ecarts.columns


def test_names_messages_are_whole_phrases():
    df, _ = people()
    lab = [0, 0, 0, 0, 1, 1, 1, 2]
    with pytest.raises(ArgumentInvalideError, match=phrase(
            "noms ne nomme pas tous les segments il manque 1, 2 Donnez un nom à chaque segment sinon leurs "
            "parts ne feraient plus 100 %", debut=True, fin=True)):
        segments.profiler(df, lab, noms={0: "a"})
    with pytest.raises(ArgumentInvalideError, match=phrase(
            "noms cite des segments absents des labels 7, 8", debut=True, fin=True)):
        segments.profiler(df, lab, noms={0: "a", 1: "b", 2: "c", 7: "d", 8: "e"})


def test_names_of_mixed_types_are_kept_as_given():
    df, _ = people()
    p = segments.profiler(df, [0, 0, 0, 0, 1, 1, 1, 2], variables=["age"], noms={0: 10, 1: "seniors", 2: "m"})
    assert p.segments == [10, "seniors", "m"] and type(p.segments[0]) is int
    assert p.tailles.loc[10, "effectif"] == 4


def test_ties_between_traits_keep_segment_then_variable_order():
    rng = np.random.default_rng(0)
    lab = np.array(["a"] * 2 + ["b"] * 2 + ["c"] * 4)
    patterns = [(lab == s).astype(float) for s in ("a", "b", "c")]
    df = pd.DataFrame({f"v{i:02d}": patterns[rng.integers(3)] for i in range(30)})  # many equal |z|
    p = segments.profiler(df, lab, seuil=0.1)
    in_order = [(s, v) for s in p.segments for v in df.columns if abs(p.ecarts.loc[s, v]) >= 0.1]
    expected = sorted(in_order, key=lambda sv: -abs(p.ecarts.loc[sv]))  # Python's sort is stable
    assert list(zip(p.distinctifs["segment"], p.distinctifs["variable"], strict=True)) == expected


def test_channel_shares_follow_the_order_of_the_names():
    df, _ = people()
    p = segments.profiler(df, [0, 0, 0, 0, 1, 1, 1, 2], variables=["age"],
                          noms={2: "milieu", 1: "seniors", 0: "jeunes"})
    assert list(p.canaux.index) == list(p.accessibilite.index) == ["milieu", "seniors", "jeunes"]
