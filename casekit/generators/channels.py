"""The ``campagnes_canaux`` dataset: daily results per channel, and audience affinity.

The main frame covers the last twelve months of the case period, one row per
day × channel of ``[[canaux]]``. It follows a siMMMulator-style funnel where
every count derives from the previous one and every ratio is computed, never
drawn:

spend (``budget_jour_eur`` × weekday pattern × noise, a few paused days for
paid media) → impressions ~ Poisson(spend ÷ true CPM × 1000, with auction
noise) → reach ~ Binomial(impressions, ``couverture_par_impression``) →
clicks ~ Binomial(impressions, ``ctr``) → conversions ~ Binomial(clicks,
``cvr``) → value = sum of log-normal baskets of mean ``panier_moyen_eur``.

The case's channel parameters are the fictional market's true parameters
(answer key in ``truth``). Secondary tables: ``affinite_audience_canal``
(segment × channel affinity index) and ``profil_canaux`` (accessibility score
and footprint per 1,000 impressions from ``eco_constantes``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from casekit.generators import francais as fr
from casekit.generators._base import Col, Parts
from casekit.generators.content import grams_per_gb
from casekit.reference import table

# Fictional weekday pattern of spend (Monday first).
_WEEKDAY = np.array([1.0, 1.02, 1.04, 1.06, 1.1, 0.92, 0.86])
_PAUSE_RATE = 0.03
_BASKET_SIGMA = 0.6

_COLS = [
    Col("date", "date", "Jour de diffusion."),
    Col("canal", "catégorie", "Canal (voir `profil_canaux`)."),
    Col("type_media", "catégorie", "Média payant (achat d'espace) ou propre (canal détenu).",
        valeurs="payant, propre"),
    Col("depense_eur", "décimal", "Dépense du jour (achat média, ou coût d'envoi et de production).", "€"),
    Col("impressions", "entier", "Affichages ou messages délivrés."),
    Col("portee", "entier", "Personnes uniques touchées dans la journée (≤ impressions)."),
    Col("clics", "entier", "Clics vers le site (≤ impressions)."),
    Col("conversions", "entier", "Achats ou réservations attribués au clic (≤ clics)."),
    Col("valeur_conversions_eur", "décimal", "Chiffre d'affaires des conversions.", "€"),
    Col("cpm_eur", "décimal", "Coût pour mille impressions = dépense ÷ impressions × 1000 (vide sans impression).", "€"),
    Col("cpc_eur", "décimal", "Coût par clic = dépense ÷ clics (vide sans clic).", "€"),
    Col("ctr_pct", "décimal", "Taux de clic = clics ÷ impressions × 100 (vide sans impression).", "%"),
    Col("taux_conversion_pct", "décimal", "Conversions ÷ clics × 100 (vide sans clic).", "%"),
]
_AFF_COLS = [
    Col("segment", "catégorie", "Segment de clientèle (voir `[[segments]]` du cas)."),
    Col("canal", "catégorie", "Identifiant du canal (voir `[[canaux]]` du cas)."),
    Col("poids_preference", "décimal", "Poids de préférence déclaré du segment pour le canal (0 si absent)."),
    Col("tranche_age_reference", "texte", "Tranche d'âge de référence du segment (âge moyen)."),
    Col("usage_reference_pct", "décimal",
        "Usage mensuel de la plateforme dans cette tranche d'âge (`usages_reseaux`) ; vide si le "
        "canal n'est pas un réseau social référencé.", "%"),
    Col("penetration_estimee", "décimal",
        "Part d'attention estimée du segment sur le canal = poids ÷ somme des poids du segment × usage.",
        "0–1"),
    Col("indice_affinite", "décimal",
        "Indice d'affinité : pénétration du segment ÷ pénétration moyenne de la clientèle × 100 "
        "(100 = moyenne).", "indice"),
]
_PROFIL_COLS = [
    Col("canal", "catégorie", "Identifiant du canal (voir `[[canaux]]` du cas)."),
    Col("nom", "texte", "Nom du canal."),
    Col("famille", "catégorie", "Famille de canal."),
    Col("type_media", "catégorie", "Payant ou propre.", valeurs="payant, propre"),
    Col("accessibilite", "décimal",
        "Score d'accessibilité du canal pour les publics en situation de handicap (0 à 1, "
        "hypothèse pédagogique du cas).", "0–1"),
    Col("poids_mo_par_impression", "décimal", "Données transférées par impression.", "Mo"),
    Col("gco2e_pour_1000_impressions", "décimal",
        "Émissions estimées pour 1 000 impressions (SWDM v4, intensité française en cycle de vie pour l'usage, comme `casekit.eco`).", "gCO2e"),
]


def _mean_age(law) -> float:
    kind = law["loi"]
    if kind == "lognormale":
        return float(law["mediane"])
    if kind == "poisson":
        return float(law["moyenne"] + law.get("decalage", 0))
    return float(law.get("moyenne", 40.0))


def _age_band(age: float, bands: list[str]) -> str:
    for b in bands:
        m = re.fullmatch(r"(\d+)-(\d+)", b)
        if m and int(m.group(1)) <= age <= int(m.group(2)) + 0.999:
            return b
        if b.endswith("+") and age >= int(b[:-1]):
            return b
    return bands[0] if age < 30 else bands[-1]


def affinity_table(case) -> pd.DataFrame:
    """Segment × channel affinity index (100 = average of the customer base)."""
    segs = list(case.segments)
    chans = [c["id"] for c in case.canaux]
    use = table("usages_reseaux")
    use = use[use["indicateur"] == "usage mensuel"]
    use = use[use["tranche_age"].str.fullmatch(r"\d+-\d+|\d+\+")]
    bands = sorted(use["tranche_age"].unique(), key=lambda b: int(re.match(r"\d+", b).group()))
    rate = use.set_index(["plateforme", "tranche_age"])["valeur_pct"].astype(float)
    parts = np.array([s["part"] for s in segs], dtype=float)
    W = np.array([[float(s["canaux"].get(c, 0.0)) for c in chans] for s in segs])
    tot = np.array([sum(s["canaux"].values()) for s in segs], dtype=float)
    seg_band = [_age_band(_mean_age(s["variables"]["age"]), bands) if "age" in s["variables"] else "" for s in segs]
    U = np.array([[rate.get((c, b), np.nan) for c in chans] for b in seg_band])
    pen = W / np.maximum(tot[:, None], 1e-9) * np.where(np.isnan(U), 1.0, U / 100)
    avg = (parts[:, None] * pen).sum(axis=0) / parts.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = np.where(avg > 0, pen / avg * 100, np.nan)
    S, C = W.shape
    return pd.DataFrame(
        {
            "segment": pd.Categorical(np.repeat([s["id"] for s in segs], C), categories=[s["id"] for s in segs]),
            "canal": pd.Categorical(np.tile(chans, S), categories=chans),
            "poids_preference": W.ravel(),
            "tranche_age_reference": pd.array(np.repeat(seg_band, C), dtype="string"),
            "usage_reference_pct": U.ravel(),
            "penetration_estimee": np.round(pen.ravel(), 6),
            "indice_affinite": np.round(idx.ravel(), 1),
        }
    )


def cvr_per_seed(scn) -> dict[str, float]:
    """Conversion rate of each channel at this seed (the best-ROAS channel is drawn).

    ``[choix_canaux] meilleur_roas_possibles`` lists plausible winners; one is
    drawn per seed. Every listed channel is brought to a common expected ROAS
    ``R`` (1.3 × the best channel not listed), then the drawn one is raised to
    1.4 ``R`` and the others lowered to 0.8 ``R``. Without the table the case's
    ``cvr`` are used as they are.
    """
    case = scn.case
    cvr = {c["id"]: float(c["cvr"]) for c in case.canaux}
    cfg = case.data.get("choix_canaux", {})
    opts = [o for o in cfg.get("meilleur_roas_possibles", ()) if o in cvr]
    best = scn.faits["canal_le_plus_rentable"]
    if not opts or best is None:
        return cvr
    roas = expected_roas(scn, cvr)
    others = [r for k, r in roas.items() if k not in opts]
    level = 1.3 * max(others) if others else 1.0
    for k in opts:
        cvr[k] *= (1.4 if k == best else 0.8) * level / roas[k]
    return cvr


def expected_roas(scn, cvr: dict[str, float]) -> dict[str, float]:
    """Expected return on spend of each channel (newsletter: per send, to the list)."""
    out = {}
    news = scn.faits["newsletter"]
    subs = np.mean(list(news["abonnes_fin_mois"].values()))
    for c in scn.case.canaux:
        if c["id"] == "newsletter":
            out[c["id"]] = subs * c["ctr"] * cvr[c["id"]] * c["panier_moyen_eur"] / news["cout_envoi_eur"]
        else:
            out[c["id"]] = 1000 * c["ctr"] * cvr[c["id"]] * c["panier_moyen_eur"] / c["cpm_eur"]
    return out


def _split_month(total: np.ndarray, weights: np.ndarray, month_idx: np.ndarray, n_months: int) -> np.ndarray:
    """Split monthly totals over days ∝ weights, to the cent, summing exactly to each total."""
    wsum = np.bincount(month_idx, weights=weights, minlength=n_months)
    raw = total[month_idx] * np.where(wsum[month_idx] > 0, weights / np.maximum(wsum[month_idx], 1e-12), 0)
    cents = np.floor(raw * 100).astype(np.int64)
    short = np.rint(total * 100).astype(np.int64) - np.bincount(month_idx, weights=cents, minlength=n_months).astype(
        np.int64)
    # Give the missing cents to the open days with the largest remainders.
    order = np.lexsort((-(raw * 100 - cents), month_idx))
    rank = np.empty_like(order)
    first = np.searchsorted(month_idx[order], np.arange(n_months))
    rank[order] = np.arange(len(order)) - first[month_idx[order]]
    cents += ((rank < short[month_idx]) & (weights > 0)).astype(np.int64)
    return cents / 100


def build_campagnes_canaux(scn, rng, *, raw: bool) -> Parts:
    """Daily funnel per channel over the last twelve months of the period."""
    case = scn.case
    canaux = list(case.canaux)
    ids = [c["id"] for c in canaux]
    C = len(canaux)
    end = pd.Timestamp(scn.fin)
    start = max(pd.Timestamp(scn.debut), (end - pd.DateOffset(months=11)).to_period("M").to_timestamp())
    jours = pd.date_range(start, end, freq="D")
    D = len(jours)
    faits = scn.faits

    def param(key):
        return np.array([float(c[key]) for c in canaux])[:, None]

    payant = np.array([bool(c["payant"]) for c in canaux])
    cvr_seed = cvr_per_seed(scn)
    cpm, ctr = param("cpm_eur"), param("ctr")
    cvr = np.array([cvr_seed[i] for i in ids])[:, None]
    panier, budget, couv = param("panier_moyen_eur"), param("budget_jour_eur"), param("couverture_par_impression")

    weekday = _WEEKDAY[jours.day_of_week.values][None, :] * np.exp(rng.normal(0, 0.05, (C, 7)))[
        :, jours.day_of_week.values]
    season = 1 + 0.1 * np.sin(2 * np.pi * (jours.day_of_year.values - 80) / 365.25)
    sd = np.where(payant, 0.25, 0.1)[:, None]
    spend = budget * weekday * season * np.exp(rng.normal(0, 1, (C, D)) * sd - sd**2 / 2)
    paused = payant[:, None] & (rng.random((C, D)) < _PAUSE_RATE)
    spend = np.where(paused, 0.0, spend)
    # Paid media: the month's spend is the scenario's (same figure as benchmark_social).
    pub = faits["depenses_pub"]
    pub_months = pd.DatetimeIndex(pub["mois"])
    month_idx = pub_months.get_indexer(jours.to_period("M").to_timestamp())
    in_window = np.unique(month_idx)
    for i, c in enumerate(ids):
        if c in pub["par_plateforme"]:
            total = np.zeros(len(pub_months))
            total[in_window] = np.array(pub["par_plateforme"][c])[in_window]
            spend[i] = _split_month(total, spend[i], month_idx, len(pub_months))
    spend = np.round(spend, 2)

    sigma = 0.12
    lam = spend / cpm * 1000 * np.exp(rng.normal(-sigma**2 / 2, sigma, (C, D)))
    impressions = rng.poisson(lam)
    # The newsletter goes out on its sending days only, to the opted-in base.
    news = faits["newsletter"]
    if "newsletter" in ids:
        i = ids.index("newsletter")
        send = np.isin(jours.values.astype("datetime64[D]"), np.array(news["dates_envoi"], dtype="datetime64[D]"))
        subs = scn.abonnes_newsletter(jours.values)
        spend[i] = np.where(send, news["cout_envoi_eur"], 0.0)
        impressions[i] = np.where(send, rng.binomial(subs, 0.97), 0)
    p_reach = np.clip(couv * np.exp(rng.normal(0, 0.05, (C, D))), 0, 1)
    portee = rng.binomial(impressions, p_reach)
    if "newsletter" in ids:
        portee[ids.index("newsletter")] = impressions[ids.index("newsletter")]  # one e-mail per person
    clics = rng.binomial(impressions, np.broadcast_to(ctr, (C, D)))
    conv = rng.binomial(clics, np.broadcast_to(cvr, (C, D)))
    flat = conv.ravel()
    mu = np.log(np.repeat(panier.ravel(), D)) - _BASKET_SIGMA**2 / 2
    row = np.repeat(np.arange(C * D), flat)
    baskets = np.exp(rng.normal(mu[row], _BASKET_SIGMA))
    # Attributed revenue is part of online revenue: it never exceeds 90 % of a month's.
    ventes = scn.ventes
    online = pd.Series(ventes["ca_en_ligne"].sum(axis=0), index=ventes["mois"])
    cap = 0.9 * online.reindex(pub_months).to_numpy()
    day_of_row = row % D
    keep = np.ones(len(baskets), dtype=bool)
    for m in in_window:
        sel = np.flatnonzero(month_idx[day_of_row] == m)
        if baskets[sel].sum() > cap[m]:
            order = sel[rng.permutation(len(sel))]
            cum = np.cumsum(baskets[order])
            keep[order[cum > cap[m]]] = False
    baskets, row = baskets[keep], row[keep]
    conv = np.bincount(row, minlength=C * D).reshape(C, D)
    value = np.round(np.bincount(row, weights=baskets, minlength=C * D), 2).reshape(C, D)

    with np.errstate(invalid="ignore", divide="ignore"):
        cpm_obs = np.where(impressions > 0, np.round(spend / impressions * 1000, 4), np.nan)
        cpc_obs = np.where(clics > 0, np.round(spend / clics, 4), np.nan)
        ctr_obs = np.where(impressions > 0, np.round(clics / impressions * 100, 4), np.nan)
        cvr_obs = np.where(clics > 0, np.round(conv / clics * 100, 4), np.nan)

    type_media = np.where(payant, "payant", "propre")
    frame = pd.DataFrame(
        {
            "date": np.tile(jours.values, C),
            "canal": pd.Categorical(np.repeat(ids, D), categories=ids),
            "type_media": pd.Categorical(np.repeat(type_media, D), categories=["payant", "propre"]),
            "depense_eur": spend.ravel(),
            "impressions": impressions.ravel().astype(np.int64),
            "portee": portee.ravel().astype(np.int64),
            "clics": clics.ravel().astype(np.int64),
            "conversions": conv.ravel().astype(np.int64),
            "valeur_conversions_eur": value.ravel(),
            "cpm_eur": cpm_obs.ravel(),
            "cpc_eur": cpc_obs.ravel(),
            "ctr_pct": ctr_obs.ravel(),
            "taux_conversion_pct": cvr_obs.ravel(),
        }
    ).sort_values(["date", "canal"], kind="stable").reset_index(drop=True)

    gpg, _ = grams_per_gb()
    poids = param("poids_mo_par_impression").ravel()
    profil = pd.DataFrame(
        {
            "canal": pd.Categorical(ids, categories=ids),
            "nom": pd.array([c["nom"] for c in canaux], dtype="string"),
            "famille": pd.Categorical([c["famille"] for c in canaux]),
            "type_media": pd.Categorical(type_media, categories=["payant", "propre"]),
            "accessibilite": [float(c["accessibilite"]) for c in canaux],
            "poids_mo_par_impression": poids,
            # 1,000 impressions × MB = GB (decimal units), times g/GB.
            "gco2e_pour_1000_impressions": np.round(poids * gpg, 3),
        }
    )
    aff = affinity_table(case)

    c1 = cpm.ravel().copy()
    if "newsletter" in ids:  # a send costs the same whatever the list size
        i = ids.index("newsletter")
        c1[i] = round(news["cout_envoi_eur"] / max(impressions[i][impressions[i] > 0].mean(), 1) * 1000, 4)
    truth = {
        c["id"]: {
            "cpm_eur": float(c1[i]),
            "cpc_eur": round(float(c1[i] / 1000 / ctr[i, 0]), 4),
            "ctr": float(ctr[i, 0]),
            "cvr": float(cvr[i, 0]),
            "cpa_eur": round(float(c1[i] / 1000 / ctr[i, 0] / cvr[i, 0]), 4),
            "roas": round(float(1000 * ctr[i, 0] * cvr[i, 0] * panier[i, 0] / c1[i]), 4),
            "couverture_par_impression": float(couv[i, 0]),
        }
        for i, c in enumerate(canaux)
    }
    gpg_fr = fr.nombre(gpg, 1)
    tables = {"affinite_audience_canal": aff, "profil_canaux": profil}
    table_columns = {"affinite_audience_canal": _AFF_COLS, "profil_canaux": _PROFIL_COLS}
    columns, raw_txt, defauts = _COLS, "", None
    if raw:
        frame, exports, export_cols, defauts = platform_exports(frame)
        tables.update(exports)
        table_columns.update(export_cols)
        columns = _COLS[:9]
        raw_txt = (
            "\n\nVersion brute (raw=True) : les médias propres restent dans le tableau principal "
            "(sans taux calculés) ; chaque régie publicitaire fournit son propre export (tables "
            f"{', '.join(f'`{k}`' for k in exports)}), avec ses noms de colonnes, des nombres à "
            "virgule décimale et espace des milliers saisis en texte, ses formats de date et une "
            "ligne « Total » en bas de fichier. Nettoyage attendu : retirer les lignes « Total », "
            "renommer les colonnes comme dans le tableau principal, convertir nombres et dates, "
            "retrouver le canal (plateforme ou campagne), empiler les exports avec le tableau "
            "principal, puis recalculer les taux à partir des comptes."
        )
    best = aff.loc[aff.groupby("segment", observed=True)["indice_affinite"].idxmax(), ["segment", "canal"]]
    return Parts(
        frame=frame,
        columns=columns,
        description=(
            f"Résultats quotidiens de chaque canal sur les douze derniers mois de la période "
            f"(du {start:%d/%m/%Y} au {end:%d/%m/%Y}). Les médias payants achètent de l'espace ; "
            "les médias propres (newsletter, messagerie…) ont un coût d'envoi et de production. "
            "Les taux (`cpm_eur`, `cpc_eur`, `ctr_pct`, `taux_conversion_pct`, en % comme "
            "dans `casekit.metrics`) sont calculés à partir des "
            "comptes du jour : pour un mois ou un canal, recalculez-les à partir des sommes, ne "
            "faites pas la moyenne des taux. Les jours de pause, sans impression ni clic, ont des "
            "taux vides.\n\n"
            "Table `affinite_audience_canal` : pour chaque segment, le poids de préférence déclaré "
            "pour le canal est rapporté à la somme de ses poids (part d'attention), puis multiplié, "
            "pour les réseaux sociaux, par le taux d'usage mensuel de la plateforme dans la "
            "tranche d'âge moyenne du segment (`usages_reseaux`). L'indice d'affinité divise "
            "cette pénétration par la moyenne de la clientèle pondérée par la part des segments "
            "(100 = moyenne ; 150 = le segment y est 1,5 fois plus présent que la moyenne).\n\n"
            "Table `profil_canaux` : score d'accessibilité et empreinte carbone pour 1 000 "
            f"impressions (poids par impression × {gpg_fr} gCO2e par Go, modèle SWDM v4 avec l'intensité "
            "électrique française en cycle de vie pour l'usage, les valeurs par défaut de "
            "`casekit.eco.gco2e_page`). "
            "De quoi classer les canaux pour une cible : affinité, coût par résultat, "
            "engagement, empreinte et accessibilité."
            + raw_txt
        ),
        truth={
            "parametres_vrais": truth,
            "canal_le_plus_rentable": faits["canal_le_plus_rentable"],
            "roas_attendu": {k: round(float(v), 4) for k, v in expected_roas(scn, cvr_seed).items()},
            "meilleur_canal_par_segment": dict(zip(best["segment"].astype(str), best["canal"].astype(str),
                                                   strict=True)),
            **({"defauts": defauts} if defauts is not None else {}),
        },
        sources=["usages_reseaux", "eco_constantes"],
        tables=tables,
        table_columns=table_columns,
    )


# Ad-platform exports of the raw version: channel -> (table, house column -> export column).
_EXPORTS = {
    "export_meta_ads": ({"facebook": "Facebook", "instagram": "Instagram"}, "Plateforme", "%Y-%m-%d", {
        "date": "Jour", "depense_eur": "Montant dépensé (EUR)", "impressions": "Impressions",
        "portee": "Couverture", "clics": "Clics sur un lien", "conversions": "Achats",
        "valeur_conversions_eur": "Valeur de conversion des achats"}),
    "export_tiktok_ads": ({"tiktok": "TikTok"}, None, "%d/%m/%Y", {
        "date": "Date", "depense_eur": "Coût", "impressions": "Impressions", "portee": "Couverture",
        "clics": "Clics (destination)", "conversions": "Conversions",
        "valeur_conversions_eur": "Valeur totale des achats"}),
    "export_google_ads": ({"youtube": "YouTube – notoriété", "recherche": "Recherche – marque"}, "Campagne",
                          "%d/%m/%Y", {
        "date": "Jour", "depense_eur": "Coût", "impressions": "Impr.", "portee": "Utilisateurs uniques",
        "clics": "Clics", "conversions": "Conv.", "valeur_conversions_eur": "Valeur de conv."}),
}
_MONEY = ("depense_eur", "valeur_conversions_eur")


def _fr_number(x: np.ndarray) -> np.ndarray:
    """``1234.5`` -> ``"1\u202f234,50"`` (French decimal comma, narrow no-break space)."""
    return np.array([f"{v:,.2f}".replace(",", "\u202f").replace(".", ",") for v in x], dtype=object)


def platform_exports(frame: pd.DataFrame):
    """Split paid media into one export per ad platform (raw version)."""
    base = [c.nom for c in _COLS[:9]]
    exports, cols, counts = {}, {}, {}
    done = set()
    for name, (chans, label_col, datefmt, rename) in _EXPORTS.items():
        sub = frame[frame["canal"].isin(list(chans))]
        if sub.empty:
            continue
        done |= set(chans)
        out = pd.DataFrame({rename["date"]: sub["date"].dt.strftime(datefmt).to_numpy()})
        if label_col:
            out[label_col] = sub["canal"].astype(str).map(chans).to_numpy()
        for c in base[3:]:
            v = sub[c].to_numpy()
            out[rename[c]] = _fr_number(v) if c in _MONEY else v.astype(np.int64)
        total = {k: "" for k in out.columns}
        total[rename["date"]] = "Total"
        for c in base[3:]:
            v = sub[c].to_numpy()
            total[rename[c]] = _fr_number(np.array([v.sum()]))[0] if c in _MONEY else int(v.sum())
        out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
        for c in out.columns:
            out[c] = pd.array(out[c].astype(str).to_numpy(dtype=object), dtype="string")
        exports[name] = out
        cols[name] = [Col(c, "texte", f"Colonne « {c} » de l'export de la régie (texte brut).") for c in out.columns]
        counts[name] = {"lignes": len(sub), "lignes_total": 1}
    own = frame[~frame["canal"].isin(list(done))][base].reset_index(drop=True)
    return own, exports, cols, {"exports": counts, "nombres_en_texte_virgule": sum(
        v["lignes"] for v in counts.values()) * len(_MONEY)}
