"""``inventaire_contenus``: structure, footprint model, accessibility and stories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import OTHER_SEEDS

import casekit
from casekit.cases import get_case
from casekit.generators.content import format_kind
from casekit.reference import table

SEEDS = [0, *OTHER_SEEDS]
CASE = get_case()


def test_format_kinds_cover_other_sectors():
    assert format_kind("video_longue") == "video_longue"
    assert format_kind("reel") == "video_courte"
    assert format_kind("lettre_info") == "email"
    assert format_kind("emission_audio") == "audio"
    assert format_kind("affiche") == "visuel"
    assert format_kind("fiche_recette") == "texte"


@pytest.mark.parametrize("seed", SEEDS)
def test_structure_and_identities(seed):
    b = casekit.load("inventaire_contenus", seed=seed)
    f = b.frame
    assert list(b.codebook["colonne"]) == list(f.columns)
    assert 300 <= len(f) <= 500
    assert f["contenu_id"].is_unique and f["url"].is_unique
    site = CASE["identite"]["site_web"]
    assert f["url"].str.startswith(site + "/").all()
    assert set(f["format"].cat.categories) == set(CASE["contenus"]["formats"])
    assert set(f["pilier"].cat.categories) == {p["id"] for p in CASE["contenus"]["piliers"]}
    assert set(f["segment_cible"].cat.categories) == set(CASE.segment_ids)
    lo, hi = pd.Timestamp(CASE["periode"]["debut"]), pd.Timestamp(CASE["periode"]["fin"])
    assert f["date_publication"].between(lo, hi).all()
    assert f["date_publication"].is_monotonic_increasing
    kinds = f["format"].astype(str).map(format_kind)
    video = kinds.isin(["video_courte", "video_longue"])
    av = video | (kinds == "audio")
    # Missing values exactly where a field is meaningless.
    assert f.loc[av, "nb_mots"].isna().all() and f.loc[~av, "nb_mots"].notna().all()
    assert f.loc[~av, "duree_s"].isna().all() and f.loc[av, "duree_s"].notna().all()
    assert f.loc[~video, "a_sous_titres"].isna().all() and f.loc[video, "a_sous_titres"].notna().all()
    assert f.loc[av, "a_texte_alternatif"].isna().all()
    assert f["niveau_lecture"].cat.ordered
    for col in ["vues", "interactions", "conversions", "poids_page_ko"]:
        assert (f[col] >= 0).all(), col
    assert (f["interactions"] <= f["vues"]).all()
    assert (f["conversions"] <= f["vues"]).all()
    assert (f["gco2e_par_vue"] > 0).all()
    # Titles are French text built from the case's pillars or offers.
    names = [p["nom"] for p in CASE["contenus"]["piliers"]] + [o["nom"] for o in CASE["identite"]["offre"]]
    names.append(CASE["identite"]["nom"])
    assert f["titre"].map(lambda t: any(n in t for n in names)).all()


def test_footprint_follows_swdm_v4_with_french_life_cycle_intensity():
    f = casekit.load("inventaire_contenus", seed=1).frame
    eco = table("eco_constantes").set_index("constante")["valeur"]
    op = eco[[f"swdm_v4_{k}_operationnel" for k in ("centre_donnees", "reseau", "terminal")]].sum()
    emb = eco[[f"swdm_v4_{k}_fabrication" for k in ("centre_donnees", "reseau", "terminal")]].sum()
    # Life-cycle French intensity for use (as casekit.eco's default), world for embodied energy.
    g_per_gb = op * eco["intensite_reseau_france_cycle_de_vie"] + emb * eco["intensite_reseau_mondiale"]
    assert 60 < g_per_gb < 66  # ≈ 63 g/GB
    page = f["modele_empreinte"].astype(str).str.contains("poids de page")
    expected = f.loc[page, "poids_page_ko"] / 1e6 * g_per_gb
    assert np.allclose(f.loc[page, "gco2e_par_vue"], expected, atol=1e-6)
    video = f["modele_empreinte"].astype(str).str.contains("streaming")
    stream = f.loc[video, "temps_moyen_s"] / 3600 * eco["streaming_video_aie"]
    expected_v = f.loc[video, "poids_page_ko"] / 1e6 * g_per_gb + stream
    assert np.allclose(f.loc[video, "gco2e_par_vue"], expected_v, atol=1e-5)
    # A minute of video weighs more than a typical page.
    assert f.loc[video, "gco2e_par_vue"].median() > f.loc[page, "gco2e_par_vue"].median()


@pytest.mark.parametrize("seed", SEEDS)
def test_plainte_accessibilite_visible(seed):
    story = CASE.histoire("plainte_accessibilite")
    b = casekit.load("inventaire_contenus", seed=seed)
    f = b.frame
    after = f["date_publication"] >= pd.Timestamp(story["debut"])
    sub = f["a_sous_titres"]
    has_sub = sub.notna()
    before_rate = sub[has_sub & ~after].astype(float).mean()
    after_rate = sub[has_sub & after].astype(float).mean()
    assert before_rate < 0.5  # most videos lacked subtitles
    assert after_rate > before_rate + 0.4
    assert (~f.loc[~after, "contraste_ok"]).mean() > 0.25
    assert (~f.loc[after, "contraste_ok"]).mean() < (~f.loc[~after, "contraste_ok"]).mean() - 0.2
    d = b.truth["defauts_accessibilite"]
    assert d["videos_sans_sous_titres_avant_plainte"] == int((has_sub & ~after & (sub == False)).sum())  # noqa: E712


def test_accessibility_drifts_with_age():
    """Before the complaint, older content is worse (pooled over seeds)."""
    story = CASE.histoire("plainte_accessibilite")
    first, second = [], []
    for seed in SEEDS[:10]:
        f = casekit.load("inventaire_contenus", seed=seed).frame
        f = f[f["date_publication"] < pd.Timestamp(story["debut"])]
        mid = f["date_publication"].quantile(0.5)
        ok = f["contraste_ok"].astype(float) + f["a_texte_alternatif"].astype(float).fillna(0)
        first.append(ok[f["date_publication"] < mid].mean())
        second.append(ok[f["date_publication"] >= mid].mean())
    assert np.mean(second) > np.mean(first) + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_format_emergent_detectable(seed):
    story = CASE.histoire("format_emergent")
    f = casekit.load("inventaire_contenus", seed=seed).frame
    rows = f[(f["format"] == story["format"]) & (f["canal"] == story["plateforme"])]
    after = rows["date_publication"] >= pd.Timestamp(story["debut"])
    assert (~after).sum() >= 3 and after.sum() >= 10
    assert rows.loc[after, "vues"].median() > 1.5 * rows.loc[~after, "vues"].median()
    assert rows.loc[after, "interactions"].median() > 1.5 * rows.loc[~after, "interactions"].median()


@pytest.mark.parametrize("seed", SEEDS)
def test_atout_meconnu_detectable(seed):
    act = CASE.histoire("atout_meconnu")["activite"]
    pil = next(p["id"] for p in CASE["contenus"]["piliers"] if p.get("activite") == act)
    b = casekit.load("inventaire_contenus", seed=seed)
    g = b.frame.groupby("pilier", observed=True)[["vues", "interactions", "conversions"]].sum()
    counts = b.frame["pilier"].value_counts()
    assert counts.idxmin() == pil
    assert (g["interactions"] / g["vues"]).idxmax() == pil
    assert (g["conversions"] / g["vues"]).idxmax() == pil
    assert b.truth["atout_meconnu"]["pilier"] == pil


