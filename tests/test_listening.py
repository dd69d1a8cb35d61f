"""Acceptance tests of ``mentions`` (social listening)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from casekit.cases import get_case
from casekit.datasets import clear_cache, load
from tests.conftest import OTHER_SEEDS

SEEDS = [0, *OTHER_SEEDS]
NAME = "mentions"


def _pics(b) -> dict:
    return {p["type"]: p for p in b.truth["fenetres_pics"]}


def _monthly(f: pd.DataFrame, mask: pd.Series) -> pd.Series:
    months = pd.period_range(f["date"].min(), f["date"].max(), freq="M")
    sub = f.loc[mask, "date"].dt.to_period("M")
    return sub.value_counts().reindex(months, fill_value=0).sort_index()


def _spike(series: pd.Series, month: pd.Period) -> bool:
    """Count of ``month`` above the mean + 3 SD of the preceding months."""
    prev = series[series.index < month]
    return series[month] > prev.mean() + 3 * prev.std() and series[month] >= 10


def test_same_seed_gives_identical_bytes():
    a = load(NAME, seed="etudiant-3").frame.to_csv(index=False)
    clear_cache()
    assert load(NAME, seed="etudiant-3").frame.to_csv(index=False) == a
    assert load(NAME, seed="etudiant-4").frame.to_csv(index=False) != a


def test_codebook_and_dtypes():
    b = load(NAME)
    f = b.frame
    assert list(b.codebook["colonne"]) == list(f.columns)
    assert pd.api.types.is_datetime64_any_dtype(f["date"])
    assert f["mention_id"].is_unique
    case = get_case()
    assert list(f["marque"].cat.categories) == [case.nom] + [c["nom"] for c in case.concurrents]
    assert set(f["source"].astype(str)) == {
        "instagram", "tiktok", "facebook", "x", "youtube", "forum", "avis_google", "presse"}
    assert set(f["auteur_type"].astype(str)) == {
        "particulier", "influenceur", "média", "association", "professionnel"}
    assert f["date"].is_monotonic_increasing


@pytest.mark.parametrize("seed", SEEDS)
def test_size_and_consistency(seed):
    f = load(NAME, seed=seed).frame
    assert 6000 <= len(f) <= 9000
    assert f["score_sentiment"].between(-1, 1).all()
    s = f["score_sentiment"]
    expected = np.select([s > 0.25, s < -0.25], ["positif", "négatif"], "neutre")
    assert (f["sentiment"].astype(str).to_numpy() == expected).all()
    assert (f["portee_estimee"] >= 0).all()
    assert pd.api.types.is_integer_dtype(f["portee_estimee"])
    texts, brands = f["texte"].tolist(), f["marque"].astype(str).tolist()
    # The brand is named, possibly contracted with a preposition (« du Garage à Vélos »).
    cores = {b: re.sub(r"^(Le|Les) ", "", b) for b in set(brands)}
    assert all(cores[b] in t for t, b in zip(texts, brands, strict=True))


def test_reach_is_heavy_tailed_and_volume_follows_audience():
    b = load(NAME, seed=1)
    f = b.frame
    reach = f["portee_estimee"]
    assert reach.max() > 100 * reach.median()
    assert reach.mean() > 3 * reach.median()
    case = get_case()
    size = {c["nom"]: sum(c["abonnes_initiaux"].values()) for c in case.concurrents}
    counts = f["marque"].value_counts()
    ranked = sorted(size, key=size.get)
    assert [counts[n] for n in ranked] == sorted(counts[n] for n in ranked)


def test_sentiment_centred_on_each_brand_profile():
    f = load(NAME, seed=2).frame
    case = get_case()
    mean = f.groupby("marque", observed=True)["score_sentiment"].mean()
    profile = {c["nom"]: c["sentiment_moyen"] for c in case.concurrents}
    best = max(profile, key=profile.get)
    worst = min(profile, key=profile.get)
    assert mean[best] > mean[worst] + 0.2


def test_weekly_rhythm():
    f = load(NAME, seed=0).frame
    by_day = f.groupby(f["date"].dt.day_of_week).size()
    assert by_day[5] > by_day[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_satisfaction_dip_spike(seed):
    b = load(NAME, seed=seed)
    f, p = b.frame, _pics(b)["creux_satisfaction"]
    org = b.truth["organisation"]
    mask = (f["marque"] == org) & (f["theme"] == p["theme"]) & (f["sentiment"] == "négatif")
    assert _spike(_monthly(f, mask), pd.Period(p["debut"], "M"))


@pytest.mark.parametrize("seed", SEEDS)
def test_accessibility_complaint_spike(seed):
    b = load(NAME, seed=seed)
    f, p = b.frame, _pics(b)["plainte_accessibilite"]
    org = b.truth["organisation"]
    mask = (f["marque"] == org) & (f["theme"] == p["theme"]) & (f["sentiment"] == "négatif")
    assert _spike(_monthly(f, mask), pd.Period(p["debut"], "M"))
    window = mask & f["date"].between(pd.Timestamp(p["debut"]), pd.Timestamp(p["fin"]))
    assert (f.loc[window, "auteur_type"] == "association").sum() >= 3
    txt = f.loc[window, "texte"].str.lower()
    assert (txt.str.contains("sous-titre") | txt.str.contains("contraste")).mean() > 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_competitor_campaign_raises_share_of_voice(seed):
    b = load(NAME, seed=seed)
    f, p = b.frame, _pics(b)["campagne_concurrent"]
    d0, d1 = pd.Timestamp(p["debut"]), pd.Timestamp(p["fin"])
    win = f["date"].between(d0, d1)
    before = f["date"].between(d0 - (d1 - d0) - pd.Timedelta(days=1), d0 - pd.Timedelta(days=1))
    comp = f["marque"] == p["marque"]

    def sov(m):
        return (comp & m).sum() / m.sum(), f.loc[comp & m, "portee_estimee"].sum() / f.loc[m, "portee_estimee"].sum()

    (v_in, r_in), (v_out, r_out) = sov(win), sov(before)
    assert v_in > 1.3 * v_out
    assert r_in > 1.2 * r_out
    # Mixed reception on the campaign platform: more positive AND more negative shares.
    on = comp & (f["source"] == p["source"])
    share_in = f.loc[on & win, "sentiment"].value_counts(normalize=True)
    share_out = f.loc[on & ~win, "sentiment"].value_counts(normalize=True)
    assert share_in["positif"] > share_out["positif"]
    assert share_in["négatif"] > share_out["négatif"]


@pytest.mark.parametrize("seed", SEEDS)
def test_emerging_format_mentions_rise(seed):
    b = load(NAME, seed=seed)
    f, p = b.frame, _pics(b)["format_emergent"]
    d0 = pd.Timestamp(p["debut"])
    mask = (f["marque"] == b.truth["organisation"]) & (f["source"] == p["source"])
    after, before = (mask & (f["date"] >= d0)).sum(), (mask & (f["date"] < d0)).sum()
    days_after = (f["date"].max() - d0).days + 1
    days_before = (d0 - f["date"].min()).days
    ratio = (after / days_after) / (before / days_before)
    z = math.log(ratio) / math.sqrt(1 / after + 1 / before)
    assert ratio > 1.5 and z > 2


def test_truth_share_of_voice_matches_frame():
    b = load(NAME, seed=6)
    f = b.frame
    sov = b.truth["part_de_voix_volume"]
    q = f["date"].dt.year.astype(str) + "-T" + f["date"].dt.quarter.astype(str)
    for quarter, shares in sov.items():
        assert math.isclose(sum(shares.values()), 1, abs_tol=1e-3)
        sub = f[q == quarter]
        org = b.truth["organisation"]
        assert math.isclose(shares[org], (sub["marque"] == org).mean(), abs_tol=1e-4)


def test_works_for_another_case_without_bike_words():
    b = load(NAME, case="cuve_a_sons", seed=0)
    assert list(b.codebook["colonne"]) == list(b.frame.columns)
    assert not b.frame["texte"].str.contains("vélo", case=False).any()
    assert b.frame["marque"].astype(str).iloc[0] in b.frame["texte"].iloc[0]




