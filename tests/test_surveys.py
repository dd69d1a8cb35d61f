"""Acceptance tests of ``enquete_satisfaction`` (clean and raw)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from cle import charger as load

import casekit
from casekit.cases import get_case
from casekit.datasets import clear_cache
from casekit.errors import ArgumentInvalideError
from casekit.scenario import scenario
from tests.conftest import OTHER_SEEDS

SEEDS = [0, *OTHER_SEEDS]
NAME = "enquete_satisfaction"
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def _nps(scores) -> tuple[float, float]:
    """NPS and SE computed independently of casekit, as the notebooks teach."""
    s = np.asarray(scores, dtype=float)
    p, d = np.mean(s >= 9), np.mean(s <= 6)
    return 100 * (p - d), 100 * math.sqrt((p + d - (p - d) ** 2) / s.size)


def _quarter(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype(str) + "-T" + dates.dt.quarter.astype(str)


def _csat(frame):
    return [c for c in frame.columns if c.startswith("csat_")]


def test_same_seed_gives_identical_bytes():
    a = load(NAME, seed="etudiant-7").frame.to_csv(index=False)
    ar = load(NAME, seed="etudiant-7", raw=True).frame.to_csv(index=False)
    clear_cache()
    assert load(NAME, seed="etudiant-7").frame.to_csv(index=False) == a
    assert load(NAME, seed="etudiant-7", raw=True).frame.to_csv(index=False) == ar


def test_student_seeds_give_different_data():
    a = load(NAME, seed="etudiant-1").frame
    b = load(NAME, seed="etudiant-2").frame
    assert a.to_csv(index=False) != b.to_csv(index=False)


@pytest.mark.parametrize("raw", [False, True])
def test_codebook_lists_exactly_the_columns(raw):
    b = load(NAME, raw=raw)
    assert list(b.codebook["colonne"]) == list(b.frame.columns)
    items = [i["id"] for i in get_case()["enquete"]["items_csat"]]
    assert _csat(b.frame) == items
    assert "segment" not in b.frame.columns


def test_clean_dtypes_and_ranges():
    f = load(NAME).frame
    assert 3500 <= len(f) <= 5500
    assert pd.api.types.is_datetime64_any_dtype(f["date_reponse"])
    assert pd.api.types.is_integer_dtype(f["nps_0_10"])
    assert f["nps_0_10"].between(0, 10).all()
    assert f["nps_classe"].cat.ordered
    assert list(f["nps_classe"].cat.categories) == ["détracteur", "passif", "promoteur"]
    for c in _csat(f):
        assert pd.api.types.is_integer_dtype(f[c])
        assert f[c].between(1, 5).all(), c
    assert f["repondant_id"].is_unique
    assert f["client_id"].isna().mean() > 0.03
    assert 0.2 < f["verbatim"].isna().mean() < 0.8
    offer = {o["id"] for o in get_case()["identite"]["offre"]}
    assert set(f["activite"].astype(str)) <= offer


def test_dates_cover_every_quarter():
    f = load(NAME).frame
    case = get_case()
    q = _quarter(f["date_reponse"])
    expected = pd.period_range(case["periode"]["debut"], case["periode"]["fin"], freq="Q")
    assert q.nunique() == len(expected)
    assert q.value_counts().min() >= 60


@pytest.mark.parametrize("seed", SEEDS)
def test_nps_class_consistent_with_score(seed):
    f = load(NAME, seed=seed).frame
    expected = np.select([f["nps_0_10"] >= 9, f["nps_0_10"] >= 7], ["promoteur", "passif"], "détracteur")
    assert (f["nps_classe"].astype(str).to_numpy() == expected).all()
    for c in _csat(f):
        assert f[c].between(1, 5).all()


def test_client_ids_join_the_latent_base_and_segments_agree():
    b = load(NAME, seed=3)
    scn = scenario(get_case(), b.seed)
    base = pd.Series(scn.clients.segment, index=scn.clients.client_id)
    ids = b.frame["client_id"].dropna()
    assert ids.isin(base.index).all()
    seg_ids = get_case().segment_ids
    truth_seg = b.truth["segment"]
    assert set(truth_seg) == set(b.frame["repondant_id"])
    rows = b.frame.dropna(subset=["client_id"])
    from_base = [seg_ids[base[c]] for c in rows["client_id"]]
    assert [truth_seg[r] for r in rows["repondant_id"]] == from_base


def test_csat_items_correlate_through_the_halo():
    f = load(NAME, seed=5).frame
    corr = f[_csat(f)].corr().to_numpy()
    off = corr[~np.eye(len(corr), dtype=bool)]
    assert off.min() > 0.25
    assert np.corrcoef(f["nps_0_10"], f[_csat(f)].mean(axis=1))[0, 1] > 0.5


def test_non_response_rises_with_age():
    b = load(NAME, seed=2)
    scn = scenario(get_case(), b.seed)
    old_clients = np.mean(scn.clients.age >= 65)
    old_resp = np.mean(b.frame["tranche_age"] == "65 ans et plus")
    assert old_resp < 0.75 * old_clients
    rates = list(b.truth["taux_reponse_par_tranche"].values())
    assert rates == sorted(rates, reverse=True)
    assert "âge" in b.DESCR


# The satisfaction dip (segment x quarter, 18/20 seeds) is tested in test_stories.py.


@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_asset_has_higher_nps(seed):
    b = load(NAME, seed=seed)
    f = b.frame
    act = get_case().histoire("atout_meconnu")["activite"]
    users = f["activite"] == act
    n_u, se_u = _nps(f.loc[users, "nps_0_10"])
    n_o, se_o = _nps(f.loc[~users, "nps_0_10"])
    assert (n_u - n_o) / math.hypot(se_u, se_o) > 1.96


@pytest.mark.parametrize("seed", SEEDS)
def test_accessibility_complaint_dips_for_older_respondents(seed):
    # The complaint hits respondents with an accessibility need (older ones have more).
    b = load(NAME, seed=seed)
    f = b.frame
    story = get_case().histoire("plainte_accessibilite")
    after = f["date_reponse"] >= pd.Timestamp(story["debut"])
    need = pd.Series(b.truth["besoin_accessibilite"])[f["repondant_id"]].to_numpy()
    before_mean = f.loc[~after & need, "csat_accessibilite"].mean()
    after_mean = f.loc[after & need, "csat_accessibilite"].mean()
    assert after_mean < before_mean - 0.25
    drop_other = f.loc[~after & ~need, "csat_accessibilite"].mean() - f.loc[after & ~need, "csat_accessibilite"].mean()
    assert before_mean - after_mean > drop_other


def test_accessibility_verbatims_name_the_problems():
    f = load(NAME, seed=0).frame
    story = get_case().histoire("plainte_accessibilite")
    after = f["date_reponse"] >= pd.Timestamp(story["debut"])
    v = f["verbatim"].fillna("").str.lower()
    hits = v.str.contains("sous-titre") | v.str.contains("contraste")
    assert hits[after].sum() >= 5
    assert hits[after].mean() > hits[~after].mean()


def test_verbatims_follow_the_scores():
    f = load(NAME, seed=1).frame
    v = f["verbatim"].fillna("")
    det = f["nps_classe"] == "détracteur"
    prom = f["nps_classe"] == "promoteur"
    assert not v[det].str.contains("Je recommande").any()
    assert not v[prom].str.contains("Déçu").any()
    # Real verbatims are sometimes typed in lower case, but most start with a capital.
    assert v[v != ""].str.match(r"^[A-ZÀ-Ý«]").mean() > 0.9


def _parse_text_date(s: str) -> pd.Timestamp:
    if "/" in s:
        return pd.to_datetime(s, format="%d/%m/%Y")
    if " " in s:
        d, m, y = s.split(" ")
        return pd.Timestamp(int(y), MOIS.index(m) + 1, int(d))
    return pd.to_datetime(s, format="%Y-%m-%d")


MOJIBAKE = "Ã|â€|Â[\u00a0«»°]"  # UTF-8 read as Windows-1252 (« Ã© », « â€™ », « Â« »)
NOMBRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]


def nettoyer(raw: pd.DataFrame, clean_codebook: pd.DataFrame) -> pd.DataFrame:
    """The cleaning documented in DESCR (raw=True), step by step, as a student would write it."""
    items = [c for c in raw.columns if c.startswith("csat_")]
    f = raw[~raw["repondant_id"].str.startswith("TEST")]            # 1. test rows
    f = f.dropna(subset=items)                                       # 2. partial completions
    f = f.drop_duplicates()                                          # 3. exact duplicates
    others = [c for c in f.columns if c != "repondant_id"]
    f = f.drop_duplicates(subset=others, keep="first").copy()        #    re-submissions, new id
    nps = f["nps_0_10"].str.strip().str.removesuffix("/10")          # 4. NPS typed as text
    f["nps_0_10"] = nps.map(lambda v: NOMBRES.index(v) if v in NOMBRES else int(v)).astype("int64")
    f["date_reponse"] = f["date_reponse"].map(_parse_text_date)      # 5. dates
    valeurs = clean_codebook.set_index("colonne")["valeurs"]         # 6. categories
    for c in ["mode", "activite", "nps_classe", "tranche_age"]:
        canon = {v.casefold(): v for v in valeurs[c].split(", ")}
        f[c] = f[c].str.strip().str.casefold().map(canon)
    fix = f["verbatim"].str.contains(MOJIBAKE, na=False)               # 7. mojibake
    f.loc[fix, "verbatim"] = f.loc[fix, "verbatim"].map(lambda t: t.encode("cp1252").decode("utf-8"))
    for c in items:
        f[c] = f[c].astype("int64")
    return f


@pytest.mark.parametrize("case", casekit.list_cases())
@pytest.mark.parametrize("seed", [0, 11])
def test_raw_defects_are_counted_and_the_documented_cleaning_recovers_the_clean_frame(case, seed):
    b = load(NAME, case=case, seed=seed, raw=True)
    clean_b = load(NAME, case=case, seed=seed)
    raw, d, clean = b.frame, b.truth["defauts"], clean_b.frame
    # Every planted defect is present, with its count.
    assert len(raw) == d["lignes_brutes"] and len(clean) == d["lignes_propres"]
    assert raw["repondant_id"].str.startswith("TEST").sum() == d["lignes_test"] > 0
    items = _csat(raw)
    assert raw[items].isna().any(axis=1).sum() == d["reponses_partielles"] > 0
    assert int(raw.duplicated().sum()) == d["doublons_exacts"] > 0
    others = [c for c in raw.columns if c != "repondant_id"]
    complete = raw.dropna(subset=items).drop_duplicates()
    assert int(complete.duplicated(subset=others).sum()) == d["resoumissions_nouvel_identifiant"] > 0
    assert raw["nps_0_10"].str.contains("/10", na=False).sum() == d["nps_texte"]["« n/10 »"] > 0
    assert raw["nps_0_10"].isin(NOMBRES).sum() == d["nps_texte"]["en lettres"] > 0
    assert (raw["nps_0_10"] != raw["nps_0_10"].str.strip()).sum() == d["nps_texte"]["espaces autour"] > 0
    assert raw["verbatim"].str.contains(MOJIBAKE, na=False).sum() == d["verbatims_mojibake"] > 0
    valeurs = clean_b.codebook.set_index("colonne")["valeurs"]
    for c, k in d["categories_mal_saisies"].items():
        real = ~raw["repondant_id"].str.startswith("TEST")
        assert (~raw.loc[real, c].isin(valeurs[c].split(", "))).sum() == k > 0, c
    fmts = d["dates_formats"]
    assert sum(fmts.values()) == len(raw) - d["lignes_test"] and min(fmts.values()) > 0
    assert raw["date_reponse"].str.contains("/", na=False).sum() == fmts["JJ/MM/AAAA"] + d["lignes_test"]
    assert "Nettoyage attendu" in b.DESCR and "doublons" in b.DESCR
    # The documented cleaning gives back exactly the clean frame.
    got = nettoyer(raw, clean_b.codebook).set_index("repondant_id").sort_index()
    want = clean.set_index("repondant_id").sort_index()
    assert list(got.index) == list(want.index)
    for c in want.columns:
        assert got[c].astype(str).tolist() == want[c].astype(str).tolist(), c


def test_works_for_another_case_without_bike_words():
    f = load(NAME, case="cuve_a_sons", seed=0).frame
    items = [i["id"] for i in get_case("cuve_a_sons")["enquete"]["items_csat"]]
    assert _csat(f) == items
    assert not f["verbatim"].fillna("").str.contains("vélo", case=False).any()


def test_mentions_has_no_raw_version_french_message():
    with pytest.raises(ArgumentInvalideError, match="n'a pas de version brute"):
        load("mentions", raw=True)




