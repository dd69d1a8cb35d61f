"""The ``indicateurs_internes`` dataset: finances by activity and monthly KPIs.

The main frame is a yearly finance table by activity (the offer ids of the
case), for the complete years from six years before the end of the period.
Two secondary tables give the monthly detail over the case period:
``ca_mensuel_activite`` (revenue and gross margin per activity) and
``kpi_mensuels`` (service delay, website, reviews, newsletter).

Everything is built from one monthly revenue simulation, so the yearly table
is the exact sum of the months. Fictional calibration (no real figure): the
organisation's revenue is ``effectif`` × a fictional revenue per FTE; the
activity mix comes from how many segments prefer each activity and from its
price. Only the newsletter open rate is anchored on a real benchmark
(``benchmarks_canaux``).

Planted stories:

- ``creux_satisfaction``: in the story window the service delay is multiplied
  by ``2 × effet`` (slow recovery afterwards), the revenue of the activity
  preferred by the story segment dips to ``0.85 / effet`` of its level and review scores fall;
- ``atout_meconnu``: the named activity grows fastest and has the best gross
  margin, yet receives a tiny share of web traffic, online revenue and
  marketing budget.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.generators._base import Col, Parts
from casekit.generators.competition import window_fraction
from casekit.reference import table

#: Fictional revenue per full-time equivalent used to size the organisation.
CA_PAR_ETP_EUR = 85_000.0
#: Fictional normal service delay (days) before any crisis.
DELAI_NORMAL_JOURS = 5.0
N_ANNEES = 7

_FIN_COLS = [
    Col("annee", "entier", "Année civile (complète)."),
    Col("activite", "catégorie", "Activité (identifiant de l'offre, voir `profil`)."),
    Col("ca_eur", "décimal", "Chiffre d'affaires hors taxes de l'année.", "€"),
    Col("marge_brute_eur", "décimal", "Marge brute (chiffre d'affaires − coût des ventes).", "€"),
    Col("taux_marge_brute", "décimal", "Marge brute ÷ chiffre d'affaires.", "0–1"),
    Col("effectif_etp", "décimal", "Effectif affecté à l'activité, en équivalents temps plein.", "ETP"),
    Col("budget_marketing_eur", "décimal", "Budget marketing et communication affecté à l'activité.", "€"),
    Col("part_ca_en_ligne", "décimal", "Part du chiffre d'affaires réalisée en ligne.", "0–1"),
    Col("part_trafic_site", "décimal",
        "Part des visites du site web arrivées sur les pages de l'activité (total des activités = 1).", "0–1"),
]
_MOIS_COLS = [
    Col("mois", "date", "Premier jour du mois."),
    Col("activite", "catégorie", "Activité (identifiant de l'offre)."),
    Col("ca_eur", "décimal", "Chiffre d'affaires hors taxes du mois.", "€"),
    Col("marge_brute_eur", "décimal", "Marge brute du mois.", "€"),
]
_KPI_COLS = [
    Col("mois", "date", "Premier jour du mois."),
    Col("delai_moyen_service_jours", "décimal",
        "Délai moyen entre la demande d'un client et la réalisation du service principal.", "jours"),
    Col("visites_site", "entier", "Visites du site web dans le mois."),
    Col("commandes_en_ligne", "entier", "Commandes et réservations passées en ligne."),
    Col("ca_en_ligne_eur", "décimal", "Chiffre d'affaires réalisé en ligne.", "€"),
    Col("taux_conversion_site", "décimal", "Commandes en ligne ÷ visites.", "0–1"),
    Col("panier_moyen_eur", "décimal", "Chiffre d'affaires en ligne ÷ commandes en ligne.", "€"),
    Col("nouveaux_avis", "entier", "Avis Google publiés dans le mois."),
    Col("nb_avis_google", "entier", "Nombre cumulé d'avis Google en fin de mois."),
    Col("note_moyenne_avis", "décimal", "Note moyenne des avis publiés dans le mois (vide sans avis).", "1–5"),
    Col("abonnes_newsletter", "entier", "Abonnés à la newsletter en fin de mois."),
    Col("taux_ouverture_newsletter", "décimal",
        "Taux d'ouverture déclaré par l'outil d'envoi (gonflé par la protection de la vie privée "
        "d'Apple Mail depuis 2021).", "0–1"),
]


def simulate_sales(scn) -> dict[str, Any]:
    """Monthly revenue per activity and online shares: a fact shared by several datasets.

    Called once per scenario (``scn.ventes``) on the stream ``("faits", "ventes")``;
    ``indicateurs_internes`` reports it and ``campagnes_canaux`` keeps the
    revenue it attributes to campaigns below the online revenue it implies.
    Activities earn nothing before they open, during a closure or out of season
    (``scn.part_ouverte``); a seasonal activity earns its year in its open months.
    """
    rng = scn.rng("faits", "ventes")
    case = scn.case
    ident = case["identite"]
    offers = list(ident["offre"])
    acts = [o["id"] for o in offers]
    A = len(acts)
    prix = np.array([o["prix_moyen_eur"] for o in offers], dtype=float)

    last_year = scn.fin.year if (scn.fin.month, scn.fin.day) == (12, 31) else scn.fin.year - 1
    first_year = max(ident["annee_creation"] + 1, last_year - N_ANNEES + 1)
    end_month = pd.Timestamp(scn.fin).to_period("M").to_timestamp()
    all_months = pd.date_range(f"{first_year}-01-01", end_month, freq="MS")
    T = len(all_months)
    years = np.arange(first_year, scn.fin.year + 1)  # the last one may be partial
    n_full = last_year - first_year + 1

    atout = scn.histoire("atout_meconnu")
    a_idx = acts.index(atout[0]["activite"]) if atout else None
    creux = scn.histoire("creux_satisfaction")

    # Activity mix and growth.
    pref = np.array([sum(s["part"] for s in case.segments if s["activite_preferee"] == a) for a in acts])
    weight = (0.25 + pref) * prix**0.3 * np.exp(rng.normal(0.0, 0.2, A))
    growth = np.clip(rng.normal(0.03, 0.03, A), -0.04, 0.08)
    margin_rate = rng.uniform(0.22, 0.5, A)
    online = rng.uniform(0.08, 0.35, A)
    web_w = weight * np.exp(rng.normal(0.0, 0.25, A))
    mkt_w = weight * np.exp(rng.normal(0.0, 0.25, A))
    if a_idx is not None:
        eff = atout[1]
        weight[a_idx] *= 0.35
        growth[a_idx] = 0.10 + 0.25 * (eff - 1)
        margin_rate[a_idx] = min(0.9, margin_rate.max() * (0.8 + 0.3 * eff))
        online[a_idx] = 0.02
        web_w[a_idx] = weight[a_idx] * 0.08
        mkt_w[a_idx] = weight[a_idx] * 0.2
    share_end = weight / weight.sum()
    total_end = ident["effectif"] * CA_PAR_ETP_EUR

    # Monthly revenue: compounded growth with yearly shocks, seasonality, noise.
    shocks = rng.normal(0.0, 0.04, (A, len(years)))
    g_year = growth[:, None] + shocks
    monthly_g = np.repeat(np.log1p(g_year) / 12.0, 12, axis=1)[:, :T]
    log_path = np.cumsum(monthly_g, axis=1)
    last_full = slice(12 * (n_full - 1), 12 * n_full)
    log_path -= log_path[:, last_full].mean(axis=1, keepdims=True)  # last full year at target level
    season = 1 + 0.12 * np.sin(2 * np.pi * (all_months.month.values - 4) / 12)
    ca = (total_end * share_end / 12)[:, None] * np.exp(log_path) * season * np.exp(rng.normal(0, 0.04, (A, T)))
    # Calendar: nothing before opening, during closures or out of season.
    for i, a in enumerate(acts):
        n_active = len(scn.faits["activites"][a]["mois_actifs"])
        ca[i] *= scn.part_ouverte(a, all_months.values) * 12 / n_active

    creux_level = np.zeros(T)
    c_idx = None
    if creux is not None:
        story, eff = creux
        seg = next(s for s in case.segments if s["id"] == story["segment"])
        c_idx = acts.index(seg["activite_preferee"])
        frac = window_fraction(all_months, story["debut"], story["fin"])
        after = all_months > pd.Timestamp(story["fin"])
        tail = np.where(after, 0.45 ** np.cumsum(after), 0.0)
        creux_level = np.clip(frac + tail, 0, 1)
        ca[c_idx] *= 1 - (1 - 0.85 / eff) * creux_level
    ca = np.round(ca, 2)

    year_of = all_months.year.values
    dy = years - last_year
    online_y = np.clip(online[:, None] + 0.012 * dy[None, :] + rng.normal(0, 0.01, (A, len(years))), 0.005, 0.95)
    if a_idx is not None:
        online_y[a_idx] = np.clip(0.02 + rng.normal(0, 0.004, len(years)), 0.005, 0.04)
    online_y = np.round(online_y, 4)
    on_rev = np.round(ca * online_y[:, year_of - first_year], 2)
    return {
        "activites": acts, "prix": prix, "mois": all_months, "annees": years, "n_annees_completes": n_full,
        "premiere_annee": first_year, "ca": ca, "ca_en_ligne": on_rev, "part_en_ligne": online_y,
        "croissance": growth, "taux_marge": margin_rate, "poids_web": web_w, "poids_marketing": mkt_w,
        "atout": a_idx, "creux": c_idx, "niveau_creux": creux_level,
    }


def build_indicateurs_internes(scn, rng, *, raw: bool) -> Parts:
    """Yearly finances by activity plus monthly revenue and KPI tables."""
    case = scn.case
    ident = case["identite"]
    v = scn.ventes
    acts, prix, all_months, years = v["activites"], v["prix"], v["mois"], v["annees"]
    A, T = len(acts), len(all_months)
    first_year, n_full = v["premiere_annee"], v["n_annees_completes"]
    year_of = all_months.year.values
    month_end = all_months + pd.offsets.MonthEnd(0)
    in_period = (month_end >= pd.Timestamp(scn.debut)) & (all_months <= pd.Timestamp(scn.fin))
    a_idx, ca, online_y = v["atout"], v["ca"], v["part_en_ligne"]
    growth, margin_rate, web_w, mkt_w = v["croissance"], v["taux_marge"], v["poids_web"], v["poids_marketing"]
    creux_level = v["niveau_creux"]
    creux = scn.histoire("creux_satisfaction")
    delay_mult = np.ones(T)
    note_drop = 0.0
    truth_creux: dict[str, Any] | None = None
    if creux is not None:
        story, eff = creux
        mult = 2 * eff
        delay_mult = 1 + (mult - 1) * creux_level
        note_drop = 1.5 * (eff - 1)
        truth_creux = {
            "debut": story["debut"].isoformat(), "fin": story["fin"].isoformat(),
            "activite": acts[v["creux"]], "multiplicateur_delai": round(mult, 4),
            "facteur_ca_activite": round(0.85 / eff, 4),
        }
    mr = np.clip(margin_rate[:, None] * np.exp(rng.normal(0, 0.03, (A, T))), 0.02, 0.95)
    marge = np.minimum(np.round(ca * mr, 2), ca)

    # Yearly aggregates.
    yi = year_of - first_year
    Y = len(years)
    ca_y = np.zeros((A, Y))
    marge_y = np.zeros((A, Y))
    np.add.at(ca_y, (slice(None), yi), ca)
    np.add.at(marge_y, (slice(None), yi), marge)
    ca_y, marge_y = np.round(ca_y, 2), np.round(marge_y, 2)
    web = web_w[:, None] * (1 + online_y) * np.exp(rng.normal(0, 0.08, (A, Y)))
    web = np.round(web / web.sum(axis=0, keepdims=True), 4)
    scale = ca_y.sum(axis=0) / ca_y[:, n_full - 1].sum()
    fte_total = ident["effectif"] * scale**0.6
    intensity = ca_y / prix[:, None] ** 0.3
    fte = np.round(fte_total * intensity / intensity.sum(axis=0), 1)
    mkt_total = case["marque"]["depenses_pub_mensuelles_eur"] * 12 * 1.8 * scale
    mkt = mkt_w[:, None] * np.exp(rng.normal(0, 0.15, (A, Y)))
    mkt = np.round(mkt_total * mkt / mkt.sum(axis=0), 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        taux = np.where(ca_y > 0, np.round(marge_y / np.where(ca_y > 0, ca_y, 1), 4), np.nan)

    cat = pd.CategoricalDtype(acts)
    full = slice(0, n_full)  # the yearly table keeps complete years only
    fin_frame = pd.DataFrame(
        {
            "annee": np.repeat(years[full], A),
            "activite": pd.Categorical(np.tile(acts, n_full), dtype=cat),
            "ca_eur": ca_y[:, full].T.ravel(),
            "marge_brute_eur": marge_y[:, full].T.ravel(),
            "taux_marge_brute": taux[:, full].T.ravel(),
            "effectif_etp": fte[:, full].T.ravel(),
            "budget_marketing_eur": mkt[:, full].T.ravel(),
            "part_ca_en_ligne": online_y[:, full].T.ravel(),
            "part_trafic_site": web[:, full].T.ravel(),
        }
    )

    # Monthly tables over the case period.
    pm = np.flatnonzero(in_period)
    mois = all_months[pm]
    n_m = len(pm)
    mois_frame = pd.DataFrame(
        {
            "mois": np.tile(mois.values, A),
            "activite": pd.Categorical(np.repeat(acts, n_m), dtype=cat),
            "ca_eur": ca[:, pm].ravel(),
            "marge_brute_eur": marge[:, pm].ravel(),
        }
    ).sort_values(["mois", "activite"], kind="stable").reset_index(drop=True)

    on_rev = v["ca_en_ligne"][:, pm]
    # Every activity with online revenue in a month has at least one online order.
    orders_a = np.where(on_rev > 0, np.maximum(
        rng.poisson(on_rev / (prix[:, None] * np.exp(rng.normal(0, 0.1, (A, n_m))))), 1), 0)
    orders = orders_a.sum(axis=0)
    ca_online = np.round(on_rev.sum(axis=0), 2)
    conv_true = 0.015 * np.exp(rng.normal(0, 0.08, n_m))
    visits = np.rint(np.maximum(orders, 1) / conv_true).astype(np.int64)
    delay = np.round(DELAI_NORMAL_JOURS * delay_mult[pm] * np.exp(rng.normal(0, 0.08, n_m)), 1)
    note_base = float(np.clip(4.0 + 1.2 * case["marque"]["sentiment_moyen"], 2.5, 4.8))
    drop = note_drop * creux_level[pm]
    new_rev = rng.poisson(3 + visits / 1500 + 4 * (delay_mult[pm] - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        note = np.where(
            new_rev > 0,
            np.round(np.clip(rng.normal(note_base - drop, 0.6 / np.sqrt(np.maximum(new_rev, 1))), 1, 5), 2),
            np.nan,
        )
        conv = np.round(orders / visits, 6)
        panier = np.where(orders > 0, np.round(ca_online / orders, 2), np.nan)
    years_open = max(scn.debut.year - ident["annee_creation"], 1)
    avis0 = int(rng.poisson(24 * years_open))
    news = scn.faits["newsletter"]["abonnes_fin_mois"]
    subs = np.array([news[m.date()] for m in mois], dtype=np.int64)
    ref = table("benchmarks_canaux")
    open_ref = float(ref.loc[(ref["canal"] == "email") & (ref["indicateur"] == "taux d'ouverture"), "valeur"].iloc[0])
    mpp = np.where(mois >= pd.Timestamp("2021-09-20"), 1.25, 1.0)
    open_rate = np.round(np.clip(open_ref / 100 * mpp * np.exp(rng.normal(0.1, 0.08, n_m)), 0, 1), 4)
    kpi = pd.DataFrame(
        {
            "mois": mois.values,
            "delai_moyen_service_jours": delay,
            "visites_site": visits,
            "commandes_en_ligne": orders.astype(np.int64),
            "ca_en_ligne_eur": ca_online,
            "taux_conversion_site": conv,
            "panier_moyen_eur": panier,
            "nouveaux_avis": new_rev.astype(np.int64),
            "nb_avis_google": avis0 + np.cumsum(new_rev).astype(np.int64),
            "note_moyenne_avis": note,
            "abonnes_newsletter": subs,
            "taux_ouverture_newsletter": open_rate,
        }
    )

    # Observed CAGR from the first complete year of activity (the opening year is partial).
    cagr = np.full(A, np.nan)
    for i in range(A):
        nz = np.flatnonzero(ca_y[i, :n_full] > 0)
        base = nz[0] + (1 if nz.size and ca_y[i, 0] == 0 else 0) if nz.size else n_full
        if base < n_full - 1 and ca_y[i, base] > 0:
            cagr[i] = (ca_y[i, n_full - 1] / ca_y[i, base]) ** (1 / (n_full - 1 - base)) - 1
    truth: dict[str, Any] = {
        "croissance_annuelle_vraie": {a: round(float(g), 4) for a, g in zip(acts, growth, strict=True)},
        "taux_marge_vrai": {a: round(float(m), 4) for a, m in zip(acts, margin_rate, strict=True)},
        "tcam_observe": {a: round(float(g), 4) for a, g in zip(acts, cagr, strict=True)},
        "creux_satisfaction": truth_creux,
        "atout_meconnu": None if a_idx is None else {
            "activite": acts[a_idx], "croissance_annuelle": round(float(growth[a_idx]), 4),
            "taux_marge": round(float(margin_rate[a_idx]), 4),
            "part_trafic_site_derniere_annee": float(web[a_idx, n_full - 1]),
        },
    }
    return Parts(
        frame=fin_frame,
        columns=_FIN_COLS,
        description=(
            "Indicateurs internes de l'organisation, pour la partie « forces / faiblesses » du "
            "SWOT. Le tableau principal donne, par année complète et par activité, le chiffre "
            "d'affaires, la marge brute, les effectifs, le budget marketing, la part du chiffre "
            "d'affaires réalisée en ligne et la part du trafic web. La table `ca_mensuel_activite` "
            "détaille le chiffre d'affaires mois par mois sur la période étudiée (la somme des "
            "mois donne l'année) ; la table `kpi_mensuels` suit les indicateurs opérationnels : "
            "délai de service, site web (visites, commandes, conversion, panier), avis en ligne "
            "et newsletter.\n\n"
            "Pistes : comparez la croissance et la marge de chaque activité à la place qu'elle "
            "occupe sur le site et dans le budget marketing ; cherchez les mois où le délai de "
            "service s'envole et ce qui bouge en même temps."
        ),
        truth=truth,
        sources=["benchmarks_canaux"],
        tables={"ca_mensuel_activite": mois_frame, "kpi_mensuels": kpi},
        table_columns={"ca_mensuel_activite": _MOIS_COLS, "kpi_mensuels": _KPI_COLS},
    )
