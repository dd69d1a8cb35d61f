"""``concurrents`` and ``benchmark_social``: identities, stories, determinism."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import OTHER_SEEDS

import casekit
from casekit.cases import get_case
from casekit.datasets import clear_cache
from casekit.generators.francais import typo
from casekit.reference import table

SEEDS = [0, *OTHER_SEEDS]
CASE = get_case()


def _story(type_, seed=0):
    """The story with this seed's options drawn (competitor, segment...)."""
    from casekit.scenario import scenario

    return scenario(CASE, casekit.load("concurrents", seed=seed).seed).histoire(type_)[0]


def _month_split(frame, debut, fin=None):
    """Masks of months strictly before, fully inside and strictly after a window."""
    start = frame["mois"]
    end = start + pd.offsets.MonthEnd(0)
    before = end < pd.Timestamp(debut)
    if fin is None:
        inside = start >= pd.Timestamp(debut)
        return before, inside, None
    inside = (start >= pd.Timestamp(debut)) & (end <= pd.Timestamp(fin))
    after = start > pd.Timestamp(fin)
    return before, inside, after


# --- concurrents ------------------------------------------------------------


def test_concurrents_rows_and_case_values():
    b = casekit.load("concurrents", seed=3)
    f = b.frame
    assert list(b.codebook["colonne"]) == list(f.columns)
    assert len(f) == len(CASE.concurrents) + 1
    assert f["est_organisation"].sum() == 1
    org = f[f["est_organisation"]].iloc[0]
    assert org["id"] == CASE["identite"]["id"]
    assert org["abonnes_total"] == sum(CASE["marque"]["abonnes_initiaux"].values())
    assert pd.isna(org["forces"])
    for c in CASE.concurrents:
        row = f[f["id"] == c["id"]].iloc[0]
        assert row["forces"] == typo(" ; ".join(c["forces"]))  # French typography: « a\u202f; b »
        assert row["abonnes_total"] == sum(c["abonnes_initiaux"].values())
        # Noisy estimates stay centred on the case values.
        assert abs(row["part_de_marche_locale"] / c["part_de_marche_locale"] - 1) < 0.3
        assert abs(row["depenses_pub_mensuelles_eur"] / c["depenses_pub_mensuelles_eur"] - 1) < 0.4


def test_concurrents_followers_match_first_benchmark_month():
    c = casekit.load("concurrents", seed=5).frame.set_index("id")["abonnes_total"]
    bench = casekit.load("benchmark_social", seed=5).frame
    # The benchmark's first month already includes one month of growth: within 15 %.
    first = bench[bench["mois"] == bench["mois"].min()].groupby("marque")["abonnes"].sum()
    for brand, total in first.items():
        assert abs(total / c[brand] - 1) < 0.15


# --- benchmark_social -------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_benchmark_identities(seed):
    b = casekit.load("benchmark_social", seed=seed)
    f = b.frame
    assert list(b.codebook["colonne"]) == list(f.columns)
    n_brands = len(CASE.concurrents) + 1
    n_plat = len({p for c in [CASE["marque"], *CASE.concurrents] for p in c["abonnes_initiaux"]})
    n_months = len(pd.date_range(CASE["periode"]["debut"], CASE["periode"]["fin"], freq="MS"))
    assert len(f) == n_brands * n_plat * n_months
    assert not f.duplicated(["mois", "marque", "plateforme"]).any()
    counts = ["abonnes", "nb_publications", "impressions", "portee", "interactions"]
    for col in counts:
        assert (f[col] >= 0).all(), col
        assert f[col].dtype.kind == "i", col
    assert (f["portee"] <= f["impressions"]).all()
    assert (f["depenses_pub_estimees_eur"] >= 0).all()
    pos = f["abonnes"] > 0
    er = f.loc[pos, "interactions"] / f.loc[pos, "abonnes"] * 100
    assert np.allclose(er, f.loc[pos, "taux_engagement_abonnes"], atol=1e-4)
    assert f.loc[~pos, "taux_engagement_abonnes"].isna().all()
    pv = f["part_video"].dropna()
    assert ((pv >= 0) & (pv <= 1)).all()
    assert f.loc[f["nb_publications"] == 0, "part_video"].isna().all()
    # Reach-based ER is private: only the organisation has it.
    org = CASE["identite"]["id"]
    assert f.loc[f["marque"] != org, "taux_engagement_portee"].isna().all()
    assert f.loc[(f["marque"] == org) & (f["portee"] > 0), "taux_engagement_portee"].notna().all()


def test_absent_platforms_stay_empty():
    f = casekit.load("benchmark_social", seed=2).frame
    for c in CASE.concurrents:
        for p, n in c["abonnes_initiaux"].items():
            story = _story("campagne_concurrent")
            if n == 0 and not (story and (story["concurrent"], story["plateforme"]) == (c["id"], p)):
                rows = f[(f["marque"] == c["id"]) & (f["plateforme"] == p)]
                assert (rows[["abonnes", "nb_publications", "impressions", "interactions"]] == 0).all().all()


def test_engagement_centred_on_reference_medians():
    """Per-post ER of competitors sits near the real medians × content quality."""
    ref = table("benchmarks_canaux")
    ref = ref[ref["indicateur"] == "taux d'engagement médian par abonnés"].set_index("canal")["valeur"]
    ratios = []
    for seed in SEEDS[:8]:
        f = casekit.load("benchmark_social", seed=seed).frame
        f = f[f["nb_publications"] > 0]
        for c in CASE.concurrents:
            for p in ref.index:
                rows = f[(f["marque"] == c["id"]) & (f["plateforme"] == p)]
                if len(rows) > 12:
                    per_post = (rows["taux_engagement_abonnes"] / rows["nb_publications"]).median()
                    ratios.append(per_post / (ref[p] * c["qualite_contenu"]))
    assert 0.75 < np.median(ratios) < 1.3


@pytest.mark.parametrize("seed", SEEDS)
def test_format_emergent_detectable(seed):
    story = _story("format_emergent")
    b = casekit.load("benchmark_social", seed=seed)
    f = b.frame
    org = f[(f["marque"] == CASE["identite"]["id"]) & (f["plateforme"] == story["plateforme"])]
    before, after, _ = _month_split(org, story["debut"])
    posted = org["nb_publications"] > 0
    per_post = org["interactions"] / (org["abonnes"] * org["nb_publications"]).where(posted)
    ratio = per_post[after].median() / per_post[before].median()
    assert ratio > 1.6, ratio
    assert org.loc[after, "taux_engagement_abonnes"].median() > 1.3 * org.loc[before, "taux_engagement_abonnes"].median()
    growth = org["croissance_abonnes_pct"]
    assert growth[after].median() > 1.3 * growth[before].median()
    assert b.truth["histoires"]["format_emergent"]["plateforme"] == story["plateforme"]


@pytest.mark.parametrize("seed", SEEDS)
def test_campagne_concurrent_detectable(seed):
    story = _story("campagne_concurrent", seed)
    f = casekit.load("benchmark_social", seed=seed).frame
    rows = f[(f["marque"] == story["concurrent"]) & (f["plateforme"] == story["plateforme"])]
    before, inside, after = _month_split(rows, story["debut"], story["fin"])
    outside = before | after
    spend = rows["depenses_pub_estimees_eur"]
    assert spend[inside].median() > 2.0 * spend[outside].median()
    assert spend[inside].min() > spend[outside].median()
    assert rows.loc[inside, "impressions"].mean() > 1.5 * rows.loc[outside, "impressions"].mean()
    # The other competitors' spend on that platform does not jump.
    others = f[(f["marque"] != story["concurrent"]) & (f["plateforme"] == story["plateforme"])]
    _, oi, _ = _month_split(others, story["debut"], story["fin"])
    by = others.groupby([oi.rename("dans")])["depenses_pub_estimees_eur"].sum() / others.groupby(
        [oi.rename("dans")])["mois"].nunique()
    assert by[True] < 1.6 * by[False]


def test_truth_has_engagement_per_brand_and_platform():
    t = casekit.load("benchmark_social").truth
    er = t["taux_engagement_par_publication_pct"]
    assert set(er) == {CASE["identite"]["id"], *(c["id"] for c in CASE.concurrents)}
    assert all(v > 0 for d in er.values() for v in d.values())
    assert dt.date.fromisoformat(t["histoires"]["campagne_concurrent"]["debut"]) == _story("campagne_concurrent")["debut"]


# --- determinism and speed --------------------------------------------------


@pytest.mark.parametrize("name", ["concurrents", "benchmark_social"])
def test_determinism(name):
    a = casekit.load(name, seed="etu-001").frame.to_csv(index=False).encode()
    clear_cache()
    b = casekit.load(name, seed="etu-001").frame.to_csv(index=False).encode()
    c = casekit.load(name, seed="etu-002").frame.to_csv(index=False).encode()
    assert a == b
    assert a != c




