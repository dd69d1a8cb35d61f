"""Competition datasets: ``concurrents`` (fact sheets) and ``benchmark_social``.

``concurrents`` is read from the case file (``[[concurrents]]`` plus the
organisation itself from ``[identite]`` and ``[marque]``) with a little seeded
noise on market share and advertising spend.

``benchmark_social`` is a monthly panel brand × platform over the case period.
Its mechanics, in order:

1. advertising spend per brand is split over its active platforms and given a
   mild seasonality and noise;
2. followers follow a discrete logistic curve whose rate is boosted by spend
   (square-root response) and by the planted stories;
3. posts are Poisson around the brand's ``publications_mois`` (a monthly total
   split over platforms);
4. interactions = per-post engagement rate × followers × posts (× noise), the
   per-post rate being centred on the real platform medians of
   ``benchmarks_canaux`` times the brand's ``qualite_contenu``;
5. impressions = organic (followers × posts × organic reach rate) + paid
   (spend ÷ platform CPM of the case's ``[[canaux]]``), reach = impressions ×
   coverage.

Planted stories: ``format_emergent`` (the organisation's engagement, posting,
video share and follower growth jump on the story platform after ``debut``)
and ``campagne_concurrent`` (the competitor's spend on the story platform is
multiplied by the effect in the window, pushing impressions and followers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from casekit.generators._base import Col, Parts, months
from casekit.reference import table

# Typical share of video posts per platform: a fictional behaviour parameter of
# the simulated market (not a real benchmark); unknown platforms get the default.
_VIDEO_SHARE = {"tiktok": 0.95, "youtube": 0.92, "instagram": 0.45, "facebook": 0.3,
                "linkedin": 0.15, "x": 0.15, "snapchat": 0.8, "pinterest": 0.2}
_VIDEO_SHARE_DEFAULT = 0.3
_ER_INDICATOR = "taux d'engagement médian par abonnés"


def window_fraction(starts: pd.DatetimeIndex, debut: dt.date, fin: dt.date | None = None) -> np.ndarray:
    """Fraction of each month (given by its first day) that lies in ``[debut, fin]``.

    Parameters
    ----------
    starts : DatetimeIndex
        First days of the months.
    debut, fin : date
        Window bounds (inclusive); ``fin=None`` means open-ended.

    Returns
    -------
    ndarray
        Values in ``[0, 1]``.

    Examples
    --------
    >>> idx = pd.date_range("2024-01-01", periods=3, freq="MS")
    >>> window_fraction(idx, dt.date(2024, 2, 1), dt.date(2024, 2, 29)).tolist()
    [0.0, 1.0, 0.0]
    """
    start = starts.values.astype("datetime64[D]")
    end = (starts + pd.offsets.MonthEnd(0)).values.astype("datetime64[D]")
    lo = np.maximum(start, np.datetime64(debut))
    hi = end if fin is None else np.minimum(end, np.datetime64(fin))
    overlap = (hi - lo).astype(int) + 1
    length = (end - start).astype(int) + 1
    return np.clip(overlap / length, 0.0, 1.0)


def brands(case) -> list[dict[str, Any]]:
    """The organisation (first) and its competitors, as plain dicts.

    Each dict has ``id``, ``nom``, ``est_organisation`` and the ``[marque]``
    fields (``abonnes_initiaux``, ``qualite_contenu``, ``publications_mois``,
    ``depenses_pub_mensuelles_eur``, ``sentiment_moyen``,
    ``part_de_marche_locale``).
    """
    ident = case["identite"]
    out = [{"id": ident["id"], "nom": ident["nom"], "est_organisation": True, **case["marque"]}]
    out += [{**c, "est_organisation": False} for c in case.concurrents]
    return out


def platforms(case) -> list[str]:
    """Platforms of the benchmark: union of ``abonnes_initiaux`` keys, in case order."""
    seen: dict[str, None] = {}
    for b in brands(case):
        for p in b["abonnes_initiaux"]:
            seen.setdefault(p, None)
    return list(seen)


def reference_er(plats: list[str]) -> tuple[np.ndarray, list[str]]:
    """Median per-post engagement rate by followers (fraction) for each platform.

    Platforms without a real median in ``benchmarks_canaux`` get the median of
    the available ones (listed in the second return value).
    """
    ref = table("benchmarks_canaux")
    ref = ref[ref["indicateur"] == _ER_INDICATOR].set_index("canal")["valeur"].astype(float) / 100
    fallback = float(ref.median())
    missing = [p for p in plats if p not in ref.index]
    return np.array([float(ref.get(p, fallback)) for p in plats]), missing


def _channel_param(case, plats: list[str], key: str) -> np.ndarray:
    by_id = {c["id"]: c for c in case.canaux}
    default = float(np.median([c[key] for c in case.canaux]))
    return np.array([float(by_id[p][key]) if p in by_id else default for p in plats])


# ---------------------------------------------------------------------------
# concurrents
# ---------------------------------------------------------------------------

_CONC_COLS = [
    Col("id", "texte", "Identifiant de la marque."),
    Col("nom", "texte", "Nom de la marque (fictive)."),
    Col("est_organisation", "booléen", "Vrai pour l'organisation étudiée elle-même."),
    Col("type", "texte", "Type d'acteur (forme juridique pour l'organisation)."),
    Col("positionnement", "texte", "Positionnement revendiqué (accroche pour l'organisation)."),
    Col("indice_prix", "décimal", "Niveau de prix relatif : 1 = prix de l'organisation.", "indice"),
    Col("nb_points_vente", "entier",
        "Nombre de points de vente ou d'accueil (non renseigné pour l'organisation : à vous de le trouver)."),
    Col("annee_creation", "entier", "Année de création."),
    Col("promesse", "texte", "Promesse de marque."),
    Col("forces", "texte",
        "Forces relevées par la veille, séparées par « ; » (vides pour l'organisation : c'est votre SWOT)."),
    Col("faiblesses", "texte", "Faiblesses relevées par la veille, séparées par « ; »."),
    Col("site_web", "texte", "Site web (domaine fictif en .example.org)."),
    Col("part_de_marche_locale", "décimal", "Part de marché estimée sur la zone de chalandise.", "0–1"),
    Col("abonnes_total", "entier",
        "Abonnés cumulés sur toutes les plateformes au début de la période (voir `benchmark_social`)."),
    Col("depenses_pub_mensuelles_eur", "décimal", "Dépenses publicitaires mensuelles estimées.", "€"),
]


def build_concurrents(scn, rng, *, raw: bool) -> Parts:
    """Competitor fact sheets plus the organisation's own line."""
    case = scn.case
    ident = case["identite"]
    bs = brands(case)
    n = len(bs)
    share_true = np.array([b["part_de_marche_locale"] for b in bs], dtype=float)
    share = np.round(share_true * np.exp(rng.normal(0.0, 0.06, n)), 3)
    spend_true = np.array([b["depenses_pub_mensuelles_eur"] for b in bs], dtype=float)
    spend = np.round(spend_true * np.exp(rng.normal(0.0, 0.08, n)), -1)
    # The organisation knows its own spend: mean of the last twelve months (all paid channels).
    own = np.array(list(scn.faits["depenses_pub"]["par_plateforme"].values()), dtype=float).reshape(-1, len(
        scn.faits["depenses_pub"]["mois"]))
    spend[0] = round(float(own[:, -12:].sum(axis=0).mean()), -1)
    org = {
        "type": ident["forme_juridique"], "positionnement": ident["accroche"], "indice_prix": 1.0,
        "nb_points_vente": None, "annee_creation": ident["annee_creation"],
        "promesse": ident["promesse"], "forces": (), "faiblesses": (), "site_web": ident["site_web"],
    }
    rows = [{**b, **org} if b["est_organisation"] else b for b in bs]
    frame = pd.DataFrame(
        {
            "id": pd.array([r["id"] for r in rows], dtype="string"),
            "nom": pd.array([r["nom"] for r in rows], dtype="string"),
            "est_organisation": [r["est_organisation"] for r in rows],
            "type": pd.array([r["type"] for r in rows], dtype="string"),
            "positionnement": pd.array([r["positionnement"] for r in rows], dtype="string"),
            "indice_prix": [float(r["indice_prix"]) for r in rows],
            "nb_points_vente": pd.array([r["nb_points_vente"] for r in rows], dtype="Int64"),
            "annee_creation": pd.array([r["annee_creation"] for r in rows], dtype="Int64"),
            "promesse": pd.array([r["promesse"] for r in rows], dtype="string"),
            "forces": pd.array([" ; ".join(r["forces"]) or None for r in rows], dtype="string"),
            "faiblesses": pd.array([" ; ".join(r["faiblesses"]) or None for r in rows], dtype="string"),
            "site_web": pd.array([r["site_web"] for r in rows], dtype="string"),
            "part_de_marche_locale": share,
            "abonnes_total": pd.array([sum(r["abonnes_initiaux"].values()) for r in rows], dtype="Int64"),
            "depenses_pub_mensuelles_eur": spend,
        }
    )
    order = np.argsort(-share_true, kind="stable")
    return Parts(
        frame=frame,
        columns=_CONC_COLS,
        description=(
            "Fiches des concurrents issues de la veille concurrentielle, avec une ligne pour "
            "l'organisation elle-même (`est_organisation`). Les parts de marché et les dépenses "
            "publicitaires sont des estimations (donc imprécises) ; les abonnés cumulés sont ceux "
            "du premier mois de `benchmark_social`. Les forces et faiblesses de l'organisation "
            "sont laissées vides : c'est à vous de les établir dans la matrice SWOT."
        ),
        truth={
            "part_de_marche_vraie": {b["id"]: float(b["part_de_marche_locale"]) for b in bs},
            "depenses_pub_vraies_eur": {b["id"]: float(b["depenses_pub_mensuelles_eur"]) for b in bs},
            "classement_part_de_marche": [bs[i]["id"] for i in order],
            "concurrent_le_plus_depensier": max(bs[1:], key=lambda b: b["depenses_pub_mensuelles_eur"])["id"],
        },
    )


# ---------------------------------------------------------------------------
# benchmark_social
# ---------------------------------------------------------------------------

_BENCH_COLS = [
    Col("mois", "date", "Premier jour du mois."),
    Col("marque", "texte", "Identifiant de la marque (voir `concurrents`)."),
    Col("plateforme", "texte", "Réseau social."),
    Col("abonnes", "entier", "Abonnés en fin de mois (0 : marque absente de la plateforme)."),
    Col("croissance_abonnes_pct", "décimal",
        "Variation des abonnés par rapport au mois précédent (vide au premier mois ou si 0 abonné).", "%"),
    Col("nb_publications", "entier", "Publications du mois."),
    Col("part_video", "décimal", "Part des publications en vidéo (vide sans publication).", "0–1"),
    Col("impressions", "entier", "Affichages des publications, organiques et sponsorisés."),
    Col("portee", "entier", "Personnes uniques touchées (portée ≤ impressions)."),
    Col("interactions", "entier", "Réactions + commentaires + partages + enregistrements du mois."),
    Col("taux_engagement_abonnes", "décimal",
        "Taux d'engagement mensuel par abonnés = interactions ÷ abonnés × 100 (vide si 0 abonné). "
        "Divisez par nb_publications pour le comparer aux médianes « par publication ».", "%"),
    Col("taux_engagement_portee", "décimal",
        "Interactions ÷ portée × 100 : donnée privée, connue seulement pour l'organisation "
        "(vide pour les concurrents).", "%"),
    Col("depenses_pub_estimees_eur", "décimal",
        "Dépenses sponsorisées du mois (réelles pour l'organisation, estimées pour les concurrents).", "€"),
]


def build_benchmark_social(scn, rng, *, raw: bool) -> Parts:
    """Monthly social-media benchmark, brand × platform, over the case period."""
    case = scn.case
    bs = brands(case)
    plats = platforms(case)
    mois = months(scn)
    B, P, M = len(bs), len(plats), len(mois)
    f0 = np.array([[b["abonnes_initiaux"].get(p, 0) for p in plats] for b in bs], dtype=float)
    active = f0 > 0
    qual = np.array([b["qualite_contenu"] for b in bs], dtype=float)

    er_ref, er_missing = reference_er(plats)
    er_true = er_ref[None, :] * qual[:, None] * np.exp(rng.normal(0.0, 0.12, (B, P)))
    cpm = _channel_param(case, plats, "cpm_eur")
    couv = _channel_param(case, plats, "couverture_par_impression")
    vshare = np.array([_VIDEO_SHARE.get(p, _VIDEO_SHARE_DEFAULT) for p in plats])

    # Multipliers from the stories, shape (B, P, M), 1 outside the windows.
    er_mult = np.ones((B, P, M))
    growth_mult = np.ones((B, P, M))
    post_mult = np.ones((B, P, M))
    spend_mult = np.ones((B, P, M))
    video_shift = np.zeros((B, P, M))
    cap_mult = np.ones((B, P))
    truth_stories: dict[str, Any] = {}
    if (st := scn.histoire("format_emergent")) is not None:
        story, eff = st
        if story["plateforme"] in plats:
            p = plats.index(story["plateforme"])
            frac = window_fraction(mois, story["debut"])
            er_mult[0, p] = 1 + (eff - 1) * frac
            growth_mult[0, p] = 1 + (eff - 1) * frac
            post_mult[0, p] = 1 + 0.5 * frac
            video_shift[0, p] = 0.9 * (1 - vshare[p]) * frac
            cap_mult[0, p] = eff
            active[0, p] = True
            f0[0, p] = max(f0[0, p], 50.0)
        truth_stories["format_emergent"] = {
            "marque": bs[0]["id"], "plateforme": story["plateforme"], "debut": story["debut"].isoformat(),
            "effet": eff, "format": story["format"],
        }
    if (st := scn.histoire("campagne_concurrent")) is not None:
        story, eff = st
        ids = [b["id"] for b in bs]
        if story["plateforme"] in plats and story["concurrent"] in ids:
            b, p = ids.index(story["concurrent"]), plats.index(story["plateforme"])
            frac = window_fraction(mois, story["debut"], story["fin"])
            spend_mult[b, p] = 1 + (eff - 1) * frac
            growth_mult[b, p] = 1 + 0.5 * (eff - 1) * frac
            active[b, p] = True
            f0[b, p] = max(f0[b, p], 50.0)
        truth_stories["campagne_concurrent"] = {
            "marque": story["concurrent"], "plateforme": story["plateforme"],
            "debut": story["debut"].isoformat(), "fin": story["fin"].isoformat(), "effet": eff,
        }

    # 1. Spend: brand total split over active platforms (∝ followers^0.7).
    w_spend = np.where(active, f0**0.7, 0.0)
    w_spend = w_spend / np.maximum(w_spend.sum(axis=1, keepdims=True), 1e-9)
    spend_base = np.array([b["depenses_pub_mensuelles_eur"] for b in bs])[:, None] * w_spend
    season = 1 + 0.15 * np.sin(2 * np.pi * (mois.month.values - 3) / 12)
    spend = spend_base[:, :, None] * season * np.exp(rng.normal(-0.02, 0.2, (B, P, M))) * spend_mult
    spend = np.round(np.where(active[:, :, None], spend, 0.0), 2)
    # The organisation's own spend is a fact of the scenario (same as campagnes_canaux);
    # it buys no space on platforms that are not paid channels of the case.
    own = scn.faits["depenses_pub"]["par_plateforme"]
    spend[0] = np.array([own.get(p, (0.0,) * M) for p in plats], dtype=float)
    spend_base[0] = spend[0].mean(axis=1)
    spend_factor = np.sqrt(np.where(spend_base[:, :, None] > 0,
                                    spend / np.maximum(spend_base[:, :, None], 1e-9), 1.0))

    # 2. Followers: discrete logistic growth.
    rate = rng.uniform(0.008, 0.03, (B, P)) * qual[:, None]
    cap = f0 * rng.uniform(3.0, 6.0, (B, P)) * cap_mult
    noise_g = np.exp(rng.normal(0.0, 0.2, (B, P, M)))
    noise_a = rng.normal(0.0, 0.002, (B, P, M))
    fol = np.zeros((B, P, M))
    prev = f0.copy()
    for m in range(M):
        g = (rate * (1 - prev / np.maximum(cap, 1.0)) * spend_factor[:, :, m] * growth_mult[:, :, m]
             * noise_g[:, :, m] + noise_a[:, :, m])
        prev = np.where(active, prev * (1 + g), 0.0)
        fol[:, :, m] = prev
    abonnes = np.rint(fol).astype(np.int64)

    # 3. Posts: brand's monthly total split ∝ sqrt(followers), at least 2 per active platform.
    w_post = np.where(active, np.sqrt(f0), 0.0)
    w_post = w_post / np.maximum(w_post.sum(axis=1, keepdims=True), 1e-9)
    lam = np.where(active, np.maximum(np.array([b["publications_mois"] for b in bs])[:, None] * w_post, 2.0), 0)
    posts = rng.poisson(lam[:, :, None] * post_mult)
    vmean = np.clip(vshare[None, :, None] + video_shift, 0.01, 0.99)
    nvid = rng.binomial(posts, vmean)
    with np.errstate(invalid="ignore", divide="ignore"):
        part_video = np.where(posts > 0, np.round(nvid / posts, 4), np.nan)

    # 4. Interactions = per-post ER × followers × posts × noise.
    er_eff = er_true[:, :, None] * er_mult
    inter = np.rint(er_eff * abonnes * posts * np.exp(rng.normal(0.0, 0.15, (B, P, M)))).astype(np.int64)

    # 5. Impressions (organic + paid) and reach.
    organic_rate = 0.15 * qual[:, None, None] * np.exp(rng.normal(0.0, 0.2, (B, P, M))) * er_mult
    paid = spend / cpm[None, :, None] * 1000 * np.exp(rng.normal(0.0, 0.1, (B, P, M)))
    impressions = np.rint(abonnes * posts * organic_rate + paid).astype(np.int64)
    cov = np.clip(couv[None, :, None] * np.exp(rng.normal(0.0, 0.08, (B, P, M))) + 0.15, 0.05, 1.0)
    portee = np.minimum(np.rint(impressions * cov).astype(np.int64), impressions)
    inter = np.minimum(inter, np.maximum(portee, 0) * 3)

    with np.errstate(invalid="ignore", divide="ignore"):
        prev_ab = np.concatenate([np.full((B, P, 1), np.nan), abonnes[:, :, :-1].astype(float)], axis=2)
        growth_pct = np.where(prev_ab > 0, np.round((abonnes / prev_ab - 1) * 100, 4), np.nan)
        er_ab = np.where(abonnes > 0, np.round(inter / abonnes * 100, 4), np.nan)
        er_por = np.where(portee > 0, np.round(inter / portee * 100, 4), np.nan)
    er_por[1:] = np.nan  # competitors' reach-based ER is private data

    shape = (B, P, M)
    bi, pi, mi = (idx.ravel() for idx in np.indices(shape))
    frame = pd.DataFrame(
        {
            "mois": mois.values[mi],
            "marque": pd.array(np.array([b["id"] for b in bs], dtype=object)[bi], dtype="string"),
            "plateforme": pd.array(np.array(plats, dtype=object)[pi], dtype="string"),
            "abonnes": abonnes.ravel(),
            "croissance_abonnes_pct": growth_pct.ravel(),
            "nb_publications": posts.ravel().astype(np.int64),
            "part_video": part_video.ravel(),
            "impressions": impressions.ravel(),
            "portee": portee.ravel(),
            "interactions": inter.ravel(),
            "taux_engagement_abonnes": er_ab.ravel(),
            "taux_engagement_portee": er_por.ravel(),
            "depenses_pub_estimees_eur": spend.ravel(),
        }
    )
    frame = frame.sort_values(["mois", "marque", "plateforme"], kind="stable").reset_index(drop=True)
    missing_txt = ""
    if len(er_missing) == 1:
        missing_txt = f" Faute de médiane publiée, {er_missing[0]} reçoit la médiane des autres plateformes."
    elif er_missing:
        listed = f"{', '.join(er_missing[:-1])} et {er_missing[-1]}"
        missing_txt = f" Faute de médiane publiée, {listed} reçoivent la médiane des autres plateformes."

    return Parts(
        frame=frame,
        columns=_BENCH_COLS,
        description=(
            "Benchmark mensuel des comptes de l'organisation et de ses concurrents sur chaque "
            "réseau social (une ligne par mois × marque × plateforme ; une marque absente d'une "
            "plateforme garde ses lignes, à zéro, avec des taux vides). Les chiffres des "
            "concurrents viennent d'un outil de veille : leurs dépenses et leur portée sont des "
            "estimations ; leur taux d'engagement par portée, qui exigerait leurs statistiques "
            "privées, n'est pas disponible (`taux_engagement_portee` vide).\n\n"
            "Attention aux définitions : `taux_engagement_abonnes` est mensuel (toutes "
            "publications du mois) ; les repères publiés (médianes Rival IQ de "
            "`benchmarks_canaux`) sont « par publication » : divisez par `nb_publications` "
            "avant de comparer. Le taux d'engagement par portée n'est pas comparable au taux "
            f"par abonnés.{missing_txt}"
        ),
        truth={
            "taux_engagement_par_publication_pct": {
                b["id"]: {p: round(float(er_true[i, j] * 100), 5) for j, p in enumerate(plats)}
                for i, b in enumerate(bs)
            },
            "histoires": truth_stories,
        },
        sources=["benchmarks_canaux"],
    )
