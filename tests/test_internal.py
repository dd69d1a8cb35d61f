"""``indicateurs_internes``: accounting identities, stories, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import OTHER_SEEDS

import casekit
from casekit.cases import get_case
from casekit.datasets import clear_cache

SEEDS = [0, *OTHER_SEEDS]
CASE = get_case()
OFFERS = [o["id"] for o in CASE["identite"]["offre"]]


def test_codebooks_match_frames():
    b = casekit.load("indicateurs_internes", seed=4)
    assert list(b.codebook["colonne"]) == list(b.frame.columns)
    from casekit.datasets import _build

    parts = _build("indicateurs_internes", CASE, 4, False)
    assert set(parts.tables) == set(parts.table_columns)
    for name, cols in parts.table_columns.items():
        assert [c.nom for c in cols] == list(b.tables[name].columns), name


@pytest.mark.parametrize("seed", SEEDS)
def test_accounting_identities(seed):
    b = casekit.load("indicateurs_internes", seed=seed)
    f = b.frame
    assert list(f["activite"].cat.categories) == OFFERS
    assert f.groupby("annee")["activite"].count().eq(len(OFFERS)).all()
    assert f["annee"].max() == CASE["periode"]["fin"].year
    # Revenue is positive exactly in the years when the activity was open at some point.
    from casekit.scenario import scenario

    scn = scenario(CASE, b.seed)
    for (annee, act), ca in f.set_index(["annee", "activite"])["ca_eur"].items():
        days = np.arange(np.datetime64(f"{annee}-01-01"), np.datetime64(f"{annee + 1}-01-01"))
        assert (ca > 0) == bool(scn.ouvert(act, days).any()), (annee, act)
    assert ((f["marge_brute_eur"] >= 0) & (f["marge_brute_eur"] <= f["ca_eur"])).all()
    for col in ["part_ca_en_ligne", "part_trafic_site"]:
        assert f[col].between(0, 1).all(), col
    # The margin rate is undefined (empty) exactly for closed years.
    assert f["taux_marge_brute"].isna().eq(f["ca_eur"] == 0).all()
    assert f["taux_marge_brute"].dropna().between(0, 1).all()
    assert np.allclose(f.groupby("annee")["part_trafic_site"].sum(), 1, atol=0.002)
    assert (f[["effectif_etp", "budget_marketing_eur"]] >= 0).all().all()
    # Yearly revenue is the exact sum of the monthly table.
    m = b.tables["ca_mensuel_activite"]
    m_year = m.assign(annee=m["mois"].dt.year).groupby(["annee", "activite"], observed=True)["ca_eur"].sum()
    y = f.set_index(["annee", "activite"])["ca_eur"]
    common = m_year.index.intersection(y.index)
    assert len(common) >= len(OFFERS) * 2
    assert np.allclose(m_year[common], y[common], atol=0.05)
    k = b.tables["kpi_mensuels"]
    assert (k["commandes_en_ligne"] <= k["visites_site"]).all()
    assert np.allclose(k["taux_conversion_site"], k["commandes_en_ligne"] / k["visites_site"], atol=1e-6)
    has = k["commandes_en_ligne"] > 0
    assert np.allclose(k.loc[has, "panier_moyen_eur"],
                       k.loc[has, "ca_en_ligne_eur"] / k.loc[has, "commandes_en_ligne"], atol=0.01)
    assert k["nb_avis_google"].is_monotonic_increasing
    assert k["note_moyenne_avis"].dropna().between(1, 5).all()
    assert k["taux_ouverture_newsletter"].between(0, 1).all()
    # Online revenue is consistent with the activity mix: never above total revenue.
    total = m.groupby("mois")["ca_eur"].sum().to_numpy()
    assert (k["ca_en_ligne_eur"].to_numpy() <= total).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_creux_satisfaction_detectable(seed):
    from casekit.scenario import scenario

    story = scenario(CASE, casekit.load("indicateurs_internes", seed=seed).seed).histoire("creux_satisfaction")[0]
    seg = next(s for s in CASE.segments if s["id"] == story["segment"])
    act = seg["activite_preferee"]
    b = casekit.load("indicateurs_internes", seed=seed)
    k = b.tables["kpi_mensuels"]
    inside = (k["mois"] >= pd.Timestamp(story["debut"])) & (k["mois"] <= pd.Timestamp(story["fin"]))
    delay = k["delai_moyen_service_jours"]
    assert delay[inside].min() > delay[k["mois"] < pd.Timestamp(story["debut"])].max()
    assert delay[inside].mean() > 2 * delay[~inside].median()
    assert k.loc[inside, "note_moyenne_avis"].mean() < k.loc[~inside, "note_moyenne_avis"].mean()
    # Revenue of the related activity dips year on year, more than the rest.
    m = b.tables["ca_mensuel_activite"]
    mm = m["mois"]
    win = (mm >= pd.Timestamp(story["debut"])) & (mm <= pd.Timestamp(story["fin"]))
    prev = (mm >= pd.Timestamp(story["debut"]) - pd.DateOffset(years=1)) & (
        mm <= pd.Timestamp(story["fin"]) - pd.DateOffset(years=1))
    is_act = m["activite"] == act
    yoy_act = m.loc[win & is_act, "ca_eur"].sum() / m.loc[prev & is_act, "ca_eur"].sum()
    yoy_rest = m.loc[win & ~is_act, "ca_eur"].sum() / m.loc[prev & ~is_act, "ca_eur"].sum()
    assert yoy_act < 0.9
    assert yoy_act < yoy_rest - 0.1
    assert b.truth["creux_satisfaction"]["activite"] == act


@pytest.mark.parametrize("seed", SEEDS)
def test_atout_meconnu_detectable(seed):
    act = CASE.histoire("atout_meconnu")["activite"]
    f = casekit.load("indicateurs_internes", seed=seed).frame
    ca = f.pivot(index="annee", columns="activite", values="ca_eur")
    # Each activity's growth from its first complete year (the opening year is partial).
    last = f["annee"].max()
    cagr = {}
    for a in ca.columns:
        first = ca.index[ca[a] > 0].min() + (1 if ca[a].iloc[0] == 0 else 0)
        cagr[a] = (ca.loc[last, a] / ca.loc[first, a]) ** (1 / (last - first)) - 1
    cagr = pd.Series(cagr)
    assert cagr.idxmax() == act
    margin = f.groupby("activite", observed=True)[["marge_brute_eur", "ca_eur"]].sum()
    assert (margin["marge_brute_eur"] / margin["ca_eur"]).idxmax() == act
    recent = f[f["annee"] == last].set_index("activite")
    assert recent["part_trafic_site"].idxmin() == act
    assert recent["part_ca_en_ligne"].idxmin() == act


def test_determinism():
    a = casekit.load("indicateurs_internes", seed="etu-001")
    key = a.frame.to_csv(index=False) + a.tables["kpi_mensuels"].to_csv(index=False)
    clear_cache()
    b = casekit.load("indicateurs_internes", seed="etu-001")
    c = casekit.load("indicateurs_internes", seed="etu-002")
    assert key == b.frame.to_csv(index=False) + b.tables["kpi_mensuels"].to_csv(index=False)
    assert a.frame.to_csv(index=False) != c.frame.to_csv(index=False)


