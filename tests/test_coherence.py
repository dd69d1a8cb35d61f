"""Cross-dataset identities: every fact stated by two datasets agrees (one fact, one draw).

Identities checked, over 20 seeds and every case:

1. paid spend per platform and month: ``campagnes_canaux`` (sum of days) ==
   ``benchmark_social`` (organisation row) == ``scn.faits["depenses_pub"]``;
2. ``concurrents``: the organisation's monthly spend == mean of the last twelve
   months of paid spend (rounded to 10 €);
3. newsletter: sends only on ``faits["newsletter"]["dates_envoi"]``, delivered
   e-mails <= opted-in customers of ``clients`` created by that day;
   ``kpi_mensuels.abonnes_newsletter`` == opted-in customers created by month end;
4. attributed revenue (``campagnes_canaux``) <= online revenue (``kpi_mensuels``), every month;
5. no activity earns before it opens, during a closure, or out of season
   (``ca_mensuel_activite`` against ``faits["activites"]``);
6. no month has an activity with revenue but zero online revenue overall
   (online revenue of the month > 0);
7. ``client_id`` of the survey exists in ``clients`` and its accessibility need agrees;
8. videos online without subtitles at the complaint (``inventaire_contenus``) ==
   ``scn.faits["videos"]`` (the figure the team's notes cite).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cle import charger

from casekit.cases import get_case, list_cases
from casekit.scenario import scenario

SEEDS = range(20)
NEEDS = ["moteur", "visuel", "auditif", "cognitif"]


@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("seed", SEEDS)
def test_cross_dataset_identities(case, seed):
    camp = charger("campagnes_canaux", case=case, seed=seed)
    scn = scenario(get_case(case), camp.seed)
    f = scn.faits
    c = camp.frame
    bench = charger("benchmark_social", case=case, seed=seed).frame
    org = get_case(case)["identite"]["id"]

    # 1. Paid spend per platform and month, three places.
    pub = f["depenses_pub"]
    months = pd.DatetimeIndex(pub["mois"])
    c_month = c.assign(mois=c["date"].dt.to_period("M").dt.to_timestamp()).groupby(
        ["canal", "mois"], observed=True)["depense_eur"].sum()
    b_org = bench[bench["marque"] == org].set_index(["plateforme", "mois"])["depenses_pub_estimees_eur"]
    for plat, values in pub["par_plateforme"].items():
        fact = pd.Series(values, index=months)
        camp_m = c_month.loc[plat]
        assert np.allclose(camp_m.to_numpy(), fact.reindex(camp_m.index).to_numpy(), atol=0.005), plat
        if plat in set(bench["plateforme"]):
            assert np.allclose(b_org.loc[plat].reindex(months).to_numpy(), fact.to_numpy(), atol=0.005), plat
    for plat in set(bench["plateforme"]) - set(pub["par_plateforme"]):
        assert (b_org.loc[plat] == 0).all(), plat

    # 2. The organisation's own monthly spend in ``concurrents``.
    conc = charger("concurrents", case=case, seed=seed).frame.set_index("id")
    total = np.array(list(pub["par_plateforme"].values())).sum(axis=0)
    assert conc.loc[org, "depenses_pub_mensuelles_eur"] == round(float(total[-12:].mean()), -1)

    # 3. Newsletter schedule and list.
    crm = charger("clients", case=case, seed=seed).frame
    news = c[c["canal"] == "newsletter"]
    if len(news):
        sends = {pd.Timestamp(d) for d in f["newsletter"]["dates_envoi"]}
        active = news["impressions"] > 0
        assert set(news.loc[active, "date"]) <= sends
        assert (news.loc[~news["date"].isin(sends), "depense_eur"] == 0).all()
        opted = np.sort(crm.loc[crm["optin_email"], "date_creation"].to_numpy())
        cap = np.searchsorted(opted, news["date"].to_numpy(), side="right")
        assert (news["impressions"].to_numpy() <= cap).all()
    ind = charger("indicateurs_internes", case=case, seed=seed)
    kpi = ind.tables["kpi_mensuels"]
    month_end = (kpi["mois"] + pd.offsets.MonthEnd(0)).to_numpy()
    opted = np.sort(crm.loc[crm["optin_email"], "date_creation"].to_numpy())
    assert (kpi["abonnes_newsletter"].to_numpy() == np.searchsorted(opted, month_end, side="right")).all()

    # 4. Attributed revenue <= online revenue, every month.
    att = c.groupby(c["date"].dt.to_period("M"))["valeur_conversions_eur"].sum()
    online = kpi.set_index(kpi["mois"].dt.to_period("M"))["ca_en_ligne_eur"]
    assert (att <= online.reindex(att.index)).all()

    # 5. Calendars: no revenue before opening, during a closure, or out of season.
    m = ind.tables["ca_mensuel_activite"]
    for act in f["activites"]:
        rows = m[m["activite"] == act]
        open_frac = scn.part_ouverte(act, rows["mois"].to_numpy())
        assert (rows["ca_eur"].to_numpy()[open_frac == 0] == 0).all(), act
        assert (rows["ca_eur"].to_numpy()[open_frac > 0] > 0).all(), act

    # 6. Online revenue never vanishes for a month.
    assert (kpi["ca_en_ligne_eur"] > 0).all()

    # 7. Survey respondents are CRM customers with the same accessibility need.
    s = charger("enquete_satisfaction", case=case, seed=seed)
    known = s.frame.dropna(subset=["client_id"])
    assert known["client_id"].isin(crm["client_id"]).all()
    need = crm.set_index("client_id").loc[known["client_id"], "besoin_accessibilite"].isin(NEEDS).to_numpy()
    assert (pd.Series(s.truth["besoin_accessibilite"])[known["repondant_id"]].to_numpy() == need).all()

    # 8. Videos without subtitles, as cited.
    inv = charger("inventaire_contenus", case=case, seed=seed)
    kinds = inv.frame["format"].astype(str).map(inv.truth["type_par_format"])
    video = kinds.isin(["video_courte", "video_longue"])
    before = inv.frame["date_publication"] < pd.Timestamp(f["videos"]["date_constat"])
    assert (video & before).sum() == f["videos"]["en_ligne"]
    assert (video & before & ~inv.frame["a_sous_titres"].fillna(True).astype(bool)).sum() == \
        f["videos"]["sans_sous_titres"]


def test_cancelled_festival_and_seasonal_activities_earn_nothing_out_of_season():
    """The defects measured in issue 10 (festival revenue in 2020 and every month; rental before 2023)."""
    ind = charger("indicateurs_internes", case="cuve_a_sons", seed=0)
    y = ind.frame.set_index(["annee", "activite"])["ca_eur"]
    assert y.loc[(2020, "festival")] == 0
    m = ind.tables["ca_mensuel_activite"]
    fest = m[m["activite"] == "festival"]
    assert (fest.loc[fest["mois"].dt.month != 8, "ca_eur"] == 0).all()
    r = charger("indicateurs_internes", case="rayons_libres", seed=0).frame.set_index(["annee", "activite"])
    assert r.loc[(2019, "location"), "ca_eur"] == 0 and r.loc[(2024, "location"), "ca_eur"] > 0


@pytest.mark.parametrize("case", list_cases())
def test_usage_time_consistent_with_illectronisme(case):
    """Issue 10: every respondent aged 75+ spent 52 minutes or more online a day."""
    from casekit.generators.audience import illectronisme_rates

    rate_75 = float(illectronisme_rates(np.array([80]))[0][0])
    frames = [charger("enquete_usages", case=case, seed=s).frame for s in SEEDS]
    f = pd.concat(frames)
    old = f[f["age"] >= 75]
    # People in illectronisme spend little or no time online: at least half of the INSEE rate.
    assert (old["minutes_internet_jour"] < 15).mean() >= rate_75 / 2
    assert (old["minutes_internet_jour"] == 0).any()
    # Non-users use no social network and spend no time online.
    off = f[~f["utilise_internet"]]
    assert (off["nb_reseaux"] == 0).all() and (off["minutes_internet_jour"] == 0).all()
    # Younger people are far less often offline than the oldest.
    assert (~f.loc[f["age"] < 35, "utilise_internet"]).mean() < (~old["utilise_internet"]).mean() / 3


@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("seed", range(0, 20, 4))
def test_team_notes_cite_the_scenario_facts_after_they_exist(case, seed):
    """Issue 10: a note cited the brief's deadline before the brief existed; 64 vs 102 videos."""
    from casekit.generators import francais as fr

    b = charger("retours_equipes", case=case, seed=seed)
    f = scenario(get_case(case), b.seed).faits
    notes = b.frame
    deadline = fr.date_longue(f["brief"]["echeance"])
    budget = fr.nombre(f["brief"]["budget_annuel_eur"])
    cites = notes["texte"].str.contains(deadline, regex=False) | notes["texte"].str.contains(budget, regex=False)
    assert cites.any()
    assert (notes.loc[cites, "date"] > pd.Timestamp(f["brief"]["date"])).all()
    # The subtitle workload note states the inventory's figures, after the count was made.
    v = f["videos"]
    sub = notes["texte"].str.contains(f" {v['sans_sous_titres']} ", regex=False) & notes["texte"].str.contains(
        f" {v['en_ligne']} ", regex=False)
    assert sub.any()
    assert (notes.loc[sub, "date"] >= pd.Timestamp(v["date_constat"])).all()
