"""``campagnes_canaux``: funnel identities, affinity table, and all five generators
of this engineer on a case from another sector."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cle import charger
from conftest import OTHER_SEEDS

import casekit
from casekit.cases import Case, _freeze, case_path, get_case, validate
from casekit.datasets import spec
from casekit.scenario import scenario

SEEDS = [0, *OTHER_SEEDS]
CASE = get_case()
MINE = ["concurrents", "benchmark_social", "indicateurs_internes", "inventaire_contenus", "campagnes_canaux"]


@pytest.mark.parametrize("seed", SEEDS)
def test_funnel_identities(seed):
    b = charger("campagnes_canaux", seed=seed)
    f = b.frame
    assert list(b.codebook["colonne"]) == list(f.columns)
    ids = [c["id"] for c in CASE.canaux]
    assert list(f["canal"].cat.categories) == ids
    assert f.groupby("canal", observed=True).size().nunique() == 1
    assert not f.duplicated(["date", "canal"]).any()
    counts = ["impressions", "portee", "clics", "conversions"]
    assert (f[counts] >= 0).all().all()
    assert (f["portee"] <= f["impressions"]).all()
    assert (f["clics"] <= f["impressions"]).all()
    assert (f["conversions"] <= f["clics"]).all()
    assert (f["depense_eur"] >= 0).all() and (f["valeur_conversions_eur"] >= 0).all()
    assert (f.loc[f["conversions"] == 0, "valeur_conversions_eur"] == 0).all()
    # Ratios are computed from the counts, with NaN when the denominator is 0.
    has = f["clics"] > 0
    assert np.all(np.abs(f.loc[has, "cpc_eur"] * f.loc[has, "clics"] - f.loc[has, "depense_eur"])
                  <= 5e-5 * f.loc[has, "clics"] + 1e-9)
    assert f.loc[~has, ["cpc_eur", "taux_conversion_pct"]].isna().all().all()
    assert np.allclose(f.loc[has, "taux_conversion_pct"],
                       f.loc[has, "conversions"] / f.loc[has, "clics"] * 100, atol=1e-4)
    imp = f["impressions"] > 0
    assert np.allclose(f.loc[imp, "ctr_pct"], f.loc[imp, "clics"] / f.loc[imp, "impressions"] * 100,
                       atol=1e-4)
    assert np.allclose(f.loc[imp, "cpm_eur"], f.loc[imp, "depense_eur"] / f.loc[imp, "impressions"] * 1000,
                       atol=1e-4)
    assert f.loc[~imp, ["cpm_eur", "ctr_pct"]].isna().all().all()
    paid = {c["id"]: c["payant"] for c in CASE.canaux}
    assert (f["type_media"].astype(str) == f["canal"].astype(str).map(paid).map(
        {True: "payant", False: "propre"})).all()


def test_last_twelve_months():
    f = charger("campagnes_canaux").frame
    assert f["date"].max() == pd.Timestamp(CASE["periode"]["fin"])
    assert f["date"].nunique() == 365


def test_observed_rates_recover_true_parameters():
    b = charger("campagnes_canaux", seed=8)
    g = b.frame.groupby("canal", observed=True)[
        ["depense_eur", "impressions", "clics", "conversions", "valeur_conversions_eur"]].sum()
    for cid, t in b.truth["parametres_vrais"].items():
        row = g.loc[cid]
        assert abs(row["depense_eur"] / row["impressions"] * 1000 / t["cpm_eur"] - 1) < 0.05
        assert abs(row["clics"] / row["impressions"] / t["ctr"] - 1) < 0.1
        assert abs(row["conversions"] / row["clics"] / t["cvr"] - 1) < 0.35
        assert abs(row["valeur_conversions_eur"] / row["depense_eur"] / t["roas"] - 1) < 0.5
    # ROAS identity of the answer key.
    c = CASE.canaux[0]
    t = b.truth["parametres_vrais"][c["id"]]
    assert t["roas"] == pytest.approx(1000 * c["ctr"] * c["cvr"] * c["panier_moyen_eur"] / c["cpm_eur"], rel=1e-3)


def test_weekly_pattern_and_pauses():
    f = charger("campagnes_canaux", seed=2).frame
    paid = f[f["type_media"] == "payant"]
    by_day = paid.groupby(paid["date"].dt.day_of_week)["depense_eur"].mean()
    assert by_day.loc[[5, 6]].mean() < by_day.loc[[0, 1, 2, 3, 4]].mean()
    assert 0 < (paid["depense_eur"] == 0).mean() < 0.1
    owned = f[(f["type_media"] == "propre") & (f["canal"] != "newsletter")]
    assert (owned["depense_eur"] > 0).all()
    # The newsletter costs something on its sending days only, never every day.
    from casekit.scenario import scenario

    sends = set(scenario(CASE, 2).faits["newsletter"]["dates_envoi"])
    n = f[f["canal"] == "newsletter"]
    assert ((n["depense_eur"] > 0) == n["date"].dt.date.isin(sends)).all()
    assert 0 < (n["depense_eur"] > 0).sum() <= 53


def test_affinity_table():
    b = charger("campagnes_canaux", seed=0)
    a = b.tables["affinite_audience_canal"]
    assert list(a.columns) == [c.nom for c in spec_parts("campagnes_canaux").table_columns["affinite_audience_canal"]]
    assert len(a) == len(CASE.segments) * len(CASE.canaux)
    parts = {s["id"]: s["part"] for s in CASE.segments}
    w = a["segment"].astype(str).map(parts)
    # Index 100 = average: the part-weighted mean index of every channel is 100.
    mean_idx = (a["indice_affinite"] * w).groupby(a["canal"], observed=True).sum() / sum(parts.values())
    assert np.allclose(mean_idx, 100, atol=0.5)
    # A segment without any preference weight for a channel has index 0.
    zero = a["poids_preference"] == 0
    assert (a.loc[zero, "indice_affinite"] == 0).all()
    # Usage rates come from the reference table only for social platforms.
    assert a.loc[a["canal"] == "recherche", "usage_reference_pct"].isna().all()
    assert a.loc[a["canal"] == "tiktok", "usage_reference_pct"].notna().all()
    # The young segment leans to the short-video platform, seniors to the newsletter.
    young = min(CASE.segments, key=lambda s: s["variables"]["age"]["moyenne"])["id"]
    old = max(CASE.segments, key=lambda s: s["variables"]["age"]["moyenne"])["id"]
    pivot = a.pivot(index="segment", columns="canal", values="indice_affinite")
    assert pivot.loc[young, "tiktok"] > 200 > pivot.loc[old, "tiktok"]
    assert b.truth["meilleur_canal_par_segment"][old] == pivot.loc[old].idxmax()


def test_channel_profile_footprint():
    b = charger("campagnes_canaux")
    p = b.tables["profil_canaux"].set_index("canal")
    gpg = b.tables["profil_canaux"]["gco2e_pour_1000_impressions"] / b.tables["profil_canaux"]["poids_mo_par_impression"]
    assert np.allclose(gpg, gpg.iloc[0], rtol=1e-4) and 50 < gpg.iloc[0] < 65
    heavy = max(CASE.canaux, key=lambda c: c["poids_mo_par_impression"])["id"]
    assert p["gco2e_pour_1000_impressions"].idxmax() == heavy
    assert p["accessibilite"].between(0, 1).all()


def spec_parts(name, case=CASE, seed=0):
    scn = scenario(case, seed)
    return spec(name).builder()(scn, scn.rng(name), raw=False)




# --- another sector ---------------------------------------------------------


def _culture_case() -> Case:
    """A performing-arts venue derived from the default case: other offers,
    pillars, formats, platforms, channels, stories and a mid-year period."""
    data = tomllib.loads(Path(case_path("rayons_libres")).read_text("utf-8"))
    d = copy.deepcopy(data)
    d["identite"].update(id="scene_ouverte", nom="La Scène Ouverte", site_web="https://scene-ouverte.example.org")
    d["identite"]["offre"] = [
        {"id": "spectacles", "nom": "Spectacles et concerts", "prix_moyen_eur": 22},
        {"id": "ateliers_jeunesse", "nom": "Ateliers jeunesse", "prix_moyen_eur": 9},
        {"id": "bar", "nom": "Bar et petite restauration", "prix_moyen_eur": 14},
    ]
    for i, s in enumerate(d["segments"]):
        s["activite_preferee"] = ["spectacles", "ateliers_jeunesse", "bar"][i % 3]
    d["contenus"] = {
        "formats": ["reel", "captation_longue", "article_blog", "affiche", "lettre_info", "emission_audio"],
        "piliers": [
            {"id": "programmation", "nom": "Programmation de la saison", "activite": "spectacles"},
            {"id": "mediation", "nom": "Médiation culturelle", "activite": "ateliers_jeunesse"},
            {"id": "vie_du_lieu", "nom": "Vie du lieu"},
            {"id": "coulisses", "nom": "Coulisses des répétitions"},
        ],
    }
    d["periode"] = {"debut": dt.date(2022, 7, 1), "fin": dt.date(2024, 6, 30)}
    d["marque"]["abonnes_initiaux"] = {"instagram": 5200, "facebook": 9100, "mastodon": 300}
    for c in d["concurrents"]:
        c["abonnes_initiaux"] = {"instagram": 4000, "facebook": 7000, "tiktok": 800}
    d["canaux"] = [c for c in d["canaux"] if c["id"] in {"instagram", "facebook", "recherche", "newsletter"}]
    d["canaux"][-1]["id"] = "lettre"
    for s in d["segments"]:
        s["canaux"] = {"instagram": 2.0, "facebook": 1.5, "lettre": 1.0, "recherche": 0.5}
    stories = {h["type"]: h for h in d["histoires"]}
    stories["format_emergent"].update(plateforme="instagram", format="reel", debut=dt.date(2023, 9, 15))
    stories["plainte_accessibilite"].update(debut=dt.date(2024, 1, 10), fin=dt.date(2024, 3, 31))
    stories["campagne_concurrent"].update(concurrent="navivelo", plateforme="facebook",
                                          debut=dt.date(2023, 10, 1), fin=dt.date(2023, 12, 31))
    stories["atout_meconnu"]["activite"] = "ateliers_jeunesse"
    stories["campagne_concurrent"].pop("debuts_possibles", None)  # the default case's months fall outside
    stories["creux_satisfaction"].pop("debuts_possibles", None)
    stories["campagne_concurrent"].pop("concurrents_possibles", None)  # this variant plants NaviVélo
    d.pop("veille", None)  # emerging topic: the default (generative AI from the last January)
    d["choix_canaux"]["meilleur_roas_possibles"] = ["recherche", "facebook", "lettre"]
    validate(d)
    return Case(id="scene_ouverte", data=_freeze(d), path=Path("scene_ouverte.toml"), digest="c" * 64)


@pytest.fixture(scope="module")
def culture():
    return _culture_case()


@pytest.mark.parametrize("seed", [0, 7])
def test_all_five_generators_on_another_sector(culture, seed):
    for name in MINE:
        parts = spec_parts(name, culture, seed)
        assert [c.nom for c in parts.columns] == list(parts.frame.columns), name
        for t, cols in parts.table_columns.items():
            assert [c.nom for c in cols] == list(parts.tables[t].columns), (name, t)
        assert len(parts.frame) > 0
    bench = spec_parts("benchmark_social", culture, seed).frame
    assert set(bench["plateforme"]) == {"instagram", "facebook", "mastodon", "tiktok"}
    assert bench["mois"].min() == pd.Timestamp("2022-07-01")
    camp = spec_parts("campagnes_canaux", culture, seed).frame
    assert list(camp["canal"].cat.categories) == ["instagram", "facebook", "recherche", "lettre"]
    internal = spec_parts("indicateurs_internes", culture, seed)
    assert list(internal.frame["activite"].cat.categories) == ["spectacles", "ateliers_jeunesse", "bar"]
    assert internal.frame["annee"].max() == 2023  # complete years only
    kpi = internal.tables["kpi_mensuels"]
    assert kpi["mois"].min() == pd.Timestamp("2022-07-01") and kpi["mois"].max() == pd.Timestamp("2024-06-01")
    content = spec_parts("inventaire_contenus", culture, seed).frame
    assert set(content["format"].cat.categories) == set(culture["contenus"]["formats"])
    assert content["url"].str.startswith("https://scene-ouverte.example.org/").all()
    assert not content["titre"].str.contains("vélo", case=False).any()
    assert "lettre" in set(content["canal"].astype(str))


@pytest.mark.parametrize("seed", SEEDS)
def test_stories_on_another_sector(culture, seed):
    content = spec_parts("inventaire_contenus", culture, seed).frame
    rows = content[(content["format"] == "reel") & (content["canal"] == "instagram")]
    after = rows["date_publication"] >= pd.Timestamp("2023-09-15")
    assert rows.loc[after, "vues"].median() > 1.5 * rows.loc[~after, "vues"].median()
    g = content.groupby("pilier", observed=True)[["vues", "conversions"]].sum()
    assert (g["conversions"] / g["vues"]).idxmax() == "mediation"
    f = spec_parts("indicateurs_internes", culture, seed).frame
    recent = f[f["annee"] == f["annee"].max()].set_index("activite")
    assert recent["part_trafic_site"].idxmin() == "ateliers_jeunesse"
    bench = spec_parts("benchmark_social", culture, seed).frame
    nv = bench[(bench["marque"] == "navivelo") & (bench["plateforme"] == "facebook")]
    inside = (nv["mois"] >= pd.Timestamp("2023-10-01")) & (nv["mois"] <= pd.Timestamp("2023-12-01"))
    assert nv.loc[inside, "depenses_pub_estimees_eur"].median() > 2 * nv.loc[~inside, "depenses_pub_estimees_eur"].median()


@pytest.mark.parametrize("case", casekit.list_cases())
def test_raw_platform_exports_and_documented_cleaning(case):
    """raw=True: one export per ad platform (own column names, decimal commas, total row)."""
    from casekit.generators.channels import _EXPORTS

    b = charger("campagnes_canaux", case=case, seed=5, raw=True)
    clean = charger("campagnes_canaux", case=case, seed=5).frame
    d = b.truth["defauts"]
    exports = {k: v for k, v in b.tables.items() if k.startswith("export_")}
    assert exports and set(exports) == set(d["exports"])
    assert "Nettoyage attendu" in b.DESCR
    parts = [b.frame]
    for name, t in exports.items():
        chans, label_col, datefmt, rename = _EXPORTS[name]
        inv = {v: k for k, v in rename.items()}
        total = t[rename["date"]] == "Total"
        assert total.sum() == d["exports"][name]["lignes_total"] == 1
        t = t[~total].rename(columns=inv)
        assert len(t) == d["exports"][name]["lignes"]
        assert t["depense_eur"].str.contains(",").all()  # French decimal commas, as text
        out = pd.DataFrame({"date": pd.to_datetime(t["date"], format=datefmt)})
        back = {v: k for k, v in chans.items()}
        out["canal"] = t[label_col].map(back) if label_col else next(iter(chans))
        out["type_media"] = "payant"
        for c in ["depense_eur", "impressions", "portee", "clics", "conversions", "valeur_conversions_eur"]:
            v = t[c].str.replace("\u202f", "").str.replace(",", ".")
            out[c] = v.astype(float) if c in ("depense_eur", "valeur_conversions_eur") else v.astype("int64")
        parts.append(out)
    got = pd.concat(parts, ignore_index=True)
    got["canal"] = got["canal"].astype(str)
    got = got.sort_values(["date", "canal"]).reset_index(drop=True)
    want = clean.assign(canal=clean["canal"].astype(str)).sort_values(["date", "canal"]).reset_index(drop=True)
    for c in ["date", "canal", "type_media", "depense_eur", "impressions", "portee", "clics", "conversions",
              "valeur_conversions_eur"]:
        assert got[c].astype(str).tolist() == want[c].astype(str).tolist(), c
    # Rates recomputed from the counts equal the clean frame's.
    ctr = np.where(got["impressions"] > 0, np.round(got["clics"] / got["impressions"].where(got["impressions"] > 0)
                                                    * 100, 4), np.nan)
    assert np.allclose(ctr, want["ctr_pct"].to_numpy(), equal_nan=True)
