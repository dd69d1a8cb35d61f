"""The ``enquete_satisfaction`` dataset: NPS, CSAT items and verbatims.

Generation (Chapman & Feit, ch. 4 and 7):

- invitations are sent to customers of the shared latent base
  (``scn.clients``, so ``client_id`` joins the CRM) and to walk-in visitors;
- a latent satisfaction ``L = satisfaction of the segment + halo`` drives the
  NPS (0–10) and every CSAT item (Likert 1–5, item offsets, floor/clip), so
  the items correlate;
- the answer probability falls with age (non-response not at random with
  respect to the population): the raw NPS under-represents older customers;
- planted stories: ``creux_satisfaction`` (a segment loses satisfaction on one
  item and on the NPS during a window), ``atout_meconnu`` (users of one
  activity are much more satisfied), ``plainte_accessibilite`` (the
  accessibility item drops for respondents with accessibility needs and for
  older respondents after the complaint).

With ``raw=True`` the clean rows are kept and defects are drawn from the child
stream ``("enquete_satisfaction", "brut")``: duplicates, straight-liners,
out-of-range values, « NSP » answers, dates as text in mixed formats and
spelling variants of the answer mode.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from casekit.generators import texts as tx
from casekit.generators._base import Col, Parts, choice_rows, draw_law

N_INVITES = 8000
WALK_IN_SHARE = 0.12
NPS_CLASSES = ["détracteur", "passif", "promoteur"]
MODES = ["e-mail", "QR code sur place", "téléphone"]
TRANCHES = ["moins de 25 ans", "25–34 ans", "35–49 ans", "50–64 ans", "65 ans et plus"]
_TRANCHE_EDGES = np.array([25, 35, 50, 65])

# Scales of the planted effects (story effects are in latent units).
CREUX_SEGMENT = 0.62     # latent loss of the story segment, x effect
CREUX_AUTRES = 0.0       # spill-over on every other respondent, x effect
QUARTER_SHOCK = 0.3     # sd of the common quarterly swing (latent units): the dip stays within it
SEASON = 0.0            # amplitude of the common seasonal swing (latent units)
ATOUT = 0.55             # latent gain of the activity's users, x effect
PLAINTE_BESOIN = 1.2     # accessibility-item loss, respondents with needs
PLAINTE_AGE = 0.15       # accessibility-item loss, other respondents aged 60+

_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
         "septembre", "octobre", "novembre", "décembre"]
# Fallback openings for a user case file without ``textes.verbatims`` banks.
_FALLBACK_VERBATIMS = {
    "promoteur": ["Très {satisfait|satisfaite} {de_marque}"],
    "passif": ["Correct dans l'ensemble"],
    "detracteur": ["{Déçu|Déçue} par ma dernière visite"],
    "liaisons": ["En revanche, {p}", "{p}"],
    "creux": ["Ça s'est dégradé ces derniers mois"],
    "atout": ["{offre} : une belle découverte"],
    "accessibilite": ["Accessibilité : {p}"],
}


def quarter_label(dates: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """``2024-T2`` labels (French quarters: « trimestre »).

    Examples
    --------
    >>> quarter_label(pd.to_datetime(pd.Series(["2024-05-03"]))).tolist()
    ['2024-T2']
    """
    d = pd.DatetimeIndex(dates)
    return np.char.add(np.char.add(d.year.astype(str).to_numpy(), "-T"), d.quarter.astype(str).to_numpy())


def nps(scores: np.ndarray) -> tuple[float, float, int]:
    """NPS, its standard error (points) and n, from 0–10 scores.

    SE = 100·√((p + d − (p − d)²)/n) (cybaea.net).

    Examples
    --------
    >>> v, se, n = nps(np.array([10, 9, 8, 3]))
    >>> v, round(se, 1), n
    (25.0, 41.5, 4)
    """
    s = np.asarray(scores)
    n = s.size
    if n == 0:
        return float("nan"), float("nan"), 0
    p = float(np.mean(s >= 9))
    d = float(np.mean(s <= 6))
    return 100 * (p - d), 100 * math.sqrt((p + d - (p - d) ** 2) / n), n


def _need_rates(case) -> tuple[float, float]:
    """Share of people with a severe functional limitation, under and over 60 (DREES)."""
    from casekit.reference import table

    t = table("handicap_age")
    t = t[t["indicateur"].str.startswith("limitation fonctionnelle sévère")]
    young = t[(t["age_min"] <= 30) & (t["age_max"] < 60)]["valeur_pct"].iloc[0]
    old = t[t["age_min"] >= 60]["valeur_pct"].iloc[0]
    return float(young) / 100, float(old) / 100


def _columns(case, raw: bool = False) -> list[Col]:
    items = case["enquete"]["items_csat"]
    offre = ", ".join(o["id"] for o in case["identite"]["offre"])
    return [
        Col("repondant_id", "texte", "Identifiant de la réponse."),
        Col("client_id", "texte", "Identifiant client (jointure avec `clients`) ; vide pour les "
            "visiteurs non clients interrogés sur place."),
        Col("date_reponse", "texte" if raw else "date", "Date de la réponse"
            + (" (saisie en texte, formats variables)." if raw else ".")),
        Col("mode", "texte" if raw else "catégorie", "Mode de collecte"
            + (" (orthographe non harmonisée)." if raw else "."), valeurs=", ".join(MODES)),
        Col("activite", "catégorie", "Activité utilisée lors de la dernière visite (identifiant de l'offre).",
            valeurs=offre),
        Col("nps_0_10", "texte" if raw else "entier", "« Quelle est la probabilité que vous "
            f"recommandiez {case.nom} à un proche ? » de 0 (pas du tout probable) à 10 (très probable)"
            + (" ; saisie brute en texte (« 9/10 », « neuf »…)." if raw else "."), "note /10"),
        Col("nps_classe", "texte" if raw else "catégorie ordonnée", "Classe NPS : 0–6 détracteur, 7–8 passif, 9–10 promoteur.",
            valeurs=", ".join(NPS_CLASSES)),
        *[Col(i["id"], "entier", f"Satisfaction : {i['libelle']} (échelle de Likert)"
              + (" ; vide si le questionnaire a été abandonné." if raw else "."),
              "1 = pas du tout satisfait, 5 = très satisfait", "1 à 5") for i in items],
        Col("verbatim", "texte", "Commentaire libre (question ouverte facultative) ; vide si non rempli."),
        Col("tranche_age", "catégorie ordonnée", "Tranche d'âge déclarée.", valeurs=", ".join(TRANCHES)),
    ]


def _description(case, raw: bool) -> str:
    items = ", ".join(f"« {i['libelle']} »" for i in case["enquete"]["items_csat"])
    n_items = len(case["enquete"]["items_csat"])
    text = (
        f"Enquête de satisfaction continue de {case.nom} : une ligne par réponse. Après chaque "
        "visite, une invitation est envoyée par e-mail ou par téléphone aux clients, et un QR code "
        "sur place permet aux visiteurs de répondre. Le questionnaire contient la question de "
        f"recommandation (NPS, 0 à 10), {n_items} questions de satisfaction (CSAT, 1 à 5) : {items}, "
        "et une question ouverte.\n\n"
        "NPS = % de promoteurs (9–10) − % de détracteurs (0–6), de −100 à +100 ; erreur type "
        "SE = 100·√((p + d − (p − d)²)/n). Comparez les trimestres, les activités et les "
        "tranches d'âge avec leurs intervalles de confiance.\n\n"
        "Attention à la non-réponse : la probabilité de répondre baisse nettement avec l'âge "
        "(environ trois réponses sur quatre avant 25 ans, une sur trois après 70 ans). Les "
        "répondants ne sont donc pas représentatifs des clients : comparez la structure par "
        "âge avec le fichier `clients` et pondérez si nécessaire. Le segment marketing de chaque "
        "répondant n'est pas fourni : retrouvez-le par jointure avec `clients` ou inférez-le."
    )
    if raw:
        text += (
            "\n\nVersion brute (export de l'outil d'enquête, non nettoyé). Défauts : lignes de test "
            "de l'équipe (identifiants « TEST-… », dates antérieures au lancement) ; réponses "
            "envoyées deux fois, à l'identique ou sous un nouvel identifiant ; réponses partielles "
            "(questionnaire abandonné : des notes CSAT manquent) ; notes NPS saisies en texte "
            "(« 9/10 », « neuf », espaces) ; dates en plusieurs formats (« 12/03/2024 », "
            "« 12 mars 2024 », « 2024-03-12 ») ; catégories avec des espaces ou des majuscules "
            "parasites ; quelques commentaires mal encodés (« Ã© » au lieu de « é »).\n\n"
            "Nettoyage attendu, dans cet ordre : retirer les lignes de test ; retirer les réponses "
            "partielles ; retirer les doublons (mêmes réponses, identifiant compris ou non : garder "
            "la première) ; convertir les notes NPS en nombres ; convertir les dates ; retirer les "
            "espaces et harmoniser la casse des catégories ; réparer l'encodage des commentaires "
            "(`texte.encode(\"cp1252\").decode(\"utf-8\")`)."
        )
    return text


def _draw(scn, rng: np.random.Generator):
    """Latent draws for every invitation; returns a dict of aligned arrays."""
    case = scn.case
    segs = case.segments
    cl = scn.clients
    debut, fin = np.datetime64(scn.debut), np.datetime64(scn.fin)
    n_days = int((fin - debut).astype(int)) + 1
    n = N_INVITES

    day = np.sort(rng.integers(0, n_days, n))
    date = debut + day.astype("timedelta64[D]")
    walk_in = rng.random(n) < WALK_IN_SHARE

    # Client respondents: any customer whose account exists on the answer date.
    order = np.argsort(cl.date_creation, kind="stable")
    created = cl.date_creation[order]
    eligible = np.maximum(np.searchsorted(created, date, side="right"), 1)
    pick = order[np.floor(rng.random(n) * eligible).astype(int)]
    segment = cl.segment[pick].astype(int)
    age = cl.age[pick].astype(float)
    client_id = np.where(walk_in, None, cl.client_id[pick]).astype(object)

    # Walk-ins: segment by shares, age from the segment's law.
    shares = np.array([s["part"] for s in segs], dtype=float)
    w_seg = rng.choice(len(segs), size=n, p=shares / shares.sum())
    w_age = np.empty(n)
    for k, s in enumerate(segs):
        w_age[w_seg == k] = draw_law(rng, s["variables"]["age"], int((w_seg == k).sum()))
    segment = np.where(walk_in, w_seg, segment)
    age = np.rint(np.where(walk_in, w_age, age)).astype(int)

    # Activity: the segment's favourite is more likely.
    offer_ids = [o["id"] for o in case["identite"]["offre"]]
    fav = np.array([offer_ids.index(s["activite_preferee"]) for s in segs])
    probs = np.full((n, len(offer_ids)), 0.5 / max(len(offer_ids) - 1, 1))
    probs[np.arange(n), fav[segment]] = 0.5
    activite = choice_rows(rng, probs)

    # Accessibility needs, not shown: a customer's is the CRM's (drawn once on the
    # scenario); walk-ins follow DREES rates by age x segment factor.
    young, old = _need_rates(case)
    fact = np.array([s["accessibilite_facteur"] for s in segs])[segment]
    w_besoin = rng.random(n) < np.clip(np.where(age >= 60, old, young) * fact, 0, 1)
    crm_need = (cl.besoin[pick] >= 1) & (cl.besoin[pick] <= 4)  # declared moteur … cognitif
    besoin = np.where(walk_in, w_besoin, crm_need)

    # Mode of collection.
    w_mode = np.column_stack([
        np.where(walk_in, 0.0, 1.0),
        np.where(walk_in, 0.85, 0.35),
        np.where(walk_in, 0.15, 0.08 + 0.025 * np.maximum(age - 45, 0)),
    ])
    mode = choice_rows(rng, w_mode)

    # Response: less likely with age.
    p_rep = np.clip(0.92 - 0.0085 * age, 0.15, 0.9)
    repond = rng.random(n) < p_rep

    sat = np.array([s["satisfaction"] for s in segs])[segment]
    halo = rng.normal(0, 1, n)
    # Common quarterly swings (season, events): what a lazy overall trend sees as noise.
    q = (date.astype("datetime64[M]").astype(int)) // 3
    q0 = q.min()
    shocks = rng.normal(0, QUARTER_SHOCK, q.max() - q0 + 1)
    month = date.astype("datetime64[M]").astype(int) % 12
    sat = sat + shocks[q - q0] + SEASON * np.sin(2 * np.pi * (month - 2) / 12)
    return dict(day=day, date=date, walk_in=walk_in, client_id=client_id, segment=segment, age=age,
                activite=activite, besoin=besoin, mode=mode, repond=repond, latent=sat + halo)


def _scores(scn, rng: np.random.Generator, d: dict) -> dict:
    """NPS and CSAT scores with the planted stories."""
    case = scn.case
    items = case["enquete"]["items_csat"]
    item_ids = [i["id"] for i in items]
    n = d["latent"].size
    lat_nps = d["latent"].copy()
    lat_items = np.repeat(d["latent"][:, None], len(items), axis=1)
    truth: dict = {}

    if (h := scn.histoire("atout_meconnu")) is not None:
        story, eff = h
        offer_ids = [o["id"] for o in case["identite"]["offre"]]
        users = d["activite"] == offer_ids.index(story["activite"])
        lat_nps += ATOUT * eff * users
        lat_items += ATOUT * eff * users[:, None]
        truth["atout_meconnu"] = {"activite": story["activite"], "effet": eff,
                                  "gain_latent": round(ATOUT * eff, 3)}

    affected = np.zeros(n, dtype=bool)
    if (h := scn.histoire("creux_satisfaction")) is not None:
        story, eff = h
        seg = case.segment_ids.index(story["segment"])
        window = (d["date"] >= np.datetime64(story["debut"])) & (d["date"] <= np.datetime64(story["fin"]))
        affected = window & (d["segment"] == seg)
        loss = eff * np.where(affected, CREUX_SEGMENT, CREUX_AUTRES) * window
        lat_nps -= loss
        lat_items[:, item_ids.index(story["indicateur"])] -= loss
        truth["creux_satisfaction"] = {
            "segment": story["segment"], "indicateur": story["indicateur"], "effet": eff,
            "debut": str(story["debut"]), "fin": str(story["fin"]),
            "mois_debut": f"{story['debut']:%Y-%m}",
            "perte_latente_segment": round(CREUX_SEGMENT * eff, 3),
            "perte_latente_autres": round(CREUX_AUTRES * eff, 3),
        }

    acc_col = next((k for k, i in enumerate(item_ids) if "accessib" in i), None)
    plainte = np.zeros(n, dtype=bool)
    if (h := scn.histoire("plainte_accessibilite")) is not None and acc_col is not None:
        story, eff = h
        span = case.histoire("plainte_accessibilite")["effet"]  # scn.histoire's "effet" is the drawn value
        lo, hi = span["min"], span["max"]
        scale = 1.0 + 0.5 * ((eff - lo) / (hi - lo) if hi > lo else 0.5)
        after = d["date"] >= np.datetime64(story["debut"])
        drop = np.where(d["besoin"], PLAINTE_BESOIN, np.where(d["age"] >= 60, PLAINTE_AGE, 0.0))
        lat_items[:, acc_col] -= scale * drop * after
        plainte = after & (drop > 0)
        truth["plainte_accessibilite"] = {
            "indicateur": item_ids[acc_col], "debut": str(story["debut"]),
            "probleme": list(story["probleme"]),
            "perte_latente_besoins": round(scale * PLAINTE_BESOIN, 3),
            "perte_latente_60_ans_et_plus": round(scale * PLAINTE_AGE, 3),
        }

    score = np.clip(np.rint(7.0 + 1.75 * lat_nps + rng.normal(0, 0.9, n)), 0, 10).astype(int)
    offsets = scn.rng("enquete_satisfaction", "items").normal(0, 0.25, len(items)).round(2)
    likert = 3.45 + 0.85 * lat_items + offsets + rng.normal(0, 0.75, lat_items.shape)
    likert = np.clip(np.rint(likert), 1, 5).astype(int)
    return dict(score=score, likert=likert, affected=affected, plainte=plainte, acc_col=acc_col,
                truth=truth, offsets=dict(zip(item_ids, offsets.tolist(), strict=True)))


def _verbatims(scn, rng: np.random.Generator, d: dict, s: dict, keep: np.ndarray) -> list:
    """French free text coherent with the scores; ``None`` when left blank.

    Sentences come from the case's ``textes.verbatims`` and ``textes.items_csat``
    banks. Each respondent writes in their own grammatical gender, drawn with
    them from their segment's gender mix on the child stream
    ``("enquete_satisfaction", "verbatims")`` (``rng`` is not used, so the
    verbatims never shift the scores).
    """
    from casekit.generators import francais as fr

    del rng
    case = scn.case
    vr = scn.rng("enquete_satisfaction", "verbatims")
    items = case["enquete"]["items_csat"]
    offer = case["identite"]["offre"]
    score, likert = s["score"][keep], s["likert"][keep]
    n = score.size
    cls = np.digitize(score, [7, 9])  # 0 detractor, 1 passive, 2 promoter
    blank = vr.random(n) > np.array([0.6, 0.3, 0.45])[cls]

    segs = case.segments
    p_f = np.array([(g.get("femme", 0) + 0.5 * (1 - g.get("femme", 0) - g.get("homme", 0)))
                    for g in (sg["genre"] for sg in segs)])
    fem = vr.random(n) < p_f[d["segment"][keep]]

    def bank(key):
        return tx.banque(case, "verbatims", key, default=_FALLBACK_VERBATIMS.get(key, ()))

    opens = {0: bank("detracteur"), 1: bank("passif"), 2: bank("promoteur")}
    liaisons, creux, acces = bank("liaisons"), bank("creux"), bank("accessibilite")
    hors, signes, ctx = bank("hors_sujet"), bank("signatures"), bank("contextes")
    neg_bank = [tx.item_phrases(case, i["id"], i["libelle"], "negatif") for i in items]
    pos_bank = [tx.item_phrases(case, i["id"], i["libelle"], "positif") for i in items]
    worst = np.argmin(likert + vr.random(likert.shape) * 0.1, axis=1)
    best = np.argmax(likert + vr.random(likert.shape) * 0.1, axis=1)
    second = np.argsort(likert + vr.random(likert.shape) * 0.1, axis=1)[:, 1]
    affected = s["affected"][keep]
    story = scn.histoire("creux_satisfaction")
    ind = -1
    if story is not None:
        ind = [i["id"] for i in items].index(story[0]["indicateur"])
        worst = np.where(affected & (likert[:, ind] <= 2), ind, worst)
    u = vr.random((n, 23))
    plain = scn.histoire("plainte_accessibilite")
    probs = list(plain[0]["probleme"]) if plain else []
    atout = scn.histoire("atout_meconnu")
    atout_idx = [o["id"] for o in offer].index(atout[0]["activite"]) if atout else -1
    atout_bank = []
    if atout:
        own = tx.textes(case).get("verbatims", {}).get("atout_par_activite", {})
        atout_bank = list(own.get(atout[0]["activite"], ())) or bank("atout")
    acc_col = s["acc_col"]
    plainte = s["plainte"][keep]
    activite = d["activite"][keep]
    slots = {**tx.marque_slots(case.nom, fr.lexique(case)), **tx.story_slots(scn)}  # the drawn dip's month
    atout_nom = tx.short_label(offer[atout_idx]["nom"]) if atout else ""

    def one(b, x):
        return b[min(int(x * len(b)), len(b) - 1)]

    memo: dict = {}

    def said(p, g):
        """A bank phrase as this respondent writes it (gender resolved, slots filled)."""
        key = (p, g)
        if key not in memo:
            memo[key] = tx.sentence(fr.genre(p, g).format(**slots))
        return memo[key]

    # Plain Python lists: per-element access is much faster than numpy scalars.
    blank, cls, worst, best, second = (x.tolist() for x in (blank, cls, worst, best, second))
    affected, plainte, activite, fem, lik, uu = (x.tolist() for x in (affected, plainte, activite, fem, likert, u))
    out: list = []
    for r in range(n):
        ur, lr = uu[r], lik[r]
        if blank[r]:
            out.append(None)
            continue
        c = cls[r]
        parts = []
        if c != 1 or ur[8] > 0.15:  # some passives go straight to the point
            parts.append(one(opens[c], ur[0]))
        w, b = worst[r], best[r]
        if lr[w] <= 2 and not (plainte[r] and w == acc_col):
            ph = one(neg_bank[w], ur[1])
            parts.append(one(liaisons, ur[2]).replace("{p}", ph) if c else ph)
            if affected[r] and w == ind:
                parts.append(one(creux, ur[3]))
            elif c == 0 and lr[second[r]] <= 2 and ur[9] < 0.5 and second[r] != acc_col:
                parts.append(one(neg_bank[second[r]], ur[10]))
        if plainte[r] and acc_col is not None and lr[acc_col] <= 3 and probs:
            ph = one(tx.probleme_phrases(case, one(probs, ur[4])), ur[5])
            parts.append(one(acces, ur[6]).replace("{p}", ph))
        if activite[r] == atout_idx and c == 2 and ur[7] < 0.6 and atout_bank:
            parts.append(one(atout_bank, ur[11]).replace("{offre}", atout_nom))
        elif c >= 1 and lr[b] == 5 and ur[12] < 0.8:
            parts.append(one(pos_bank[b], ur[1]))
        if ctx and (ur[20] < 0.3 or (len(parts) < 2 and ur[20] < 0.75)):
            parts.insert(0 if ur[21] < 0.75 else len(parts), one(ctx, ur[22]))
        if not parts:
            parts.append(one(opens[c], ur[0]))
        if hors and ur[13] < 0.08:
            parts.append(one(hors, ur[14]))
        if signes and ur[15] < 0.2:
            parts.append(one(signes, ur[3]))
        g = "f" if fem[r] else "m"
        text = " ".join(said(p, g) for p in parts if p)
        out.append(tx.varier(text, ur[16:20], colere=c == 0))
    filled = [t for t in out if t is not None]
    typeset = iter(fr.typo_many(filled))
    return [None if t is None else next(typeset) for t in out]


def build_enquete_satisfaction(scn, rng: np.random.Generator, *, raw: bool) -> Parts:
    """Build the satisfaction survey (see the module docstring).

    Parameters
    ----------
    scn : Scenario
        Case and seed.
    rng : numpy.random.Generator
        Stream of this dataset.
    raw : bool
        Add realistic defects (drawn from their own stream).

    Returns
    -------
    Parts
    """
    case = scn.case
    items = case["enquete"]["items_csat"]
    item_ids = [i["id"] for i in items]
    offer_ids = [o["id"] for o in case["identite"]["offre"]]
    d = _draw(scn, rng)
    s = _scores(scn, rng, d)
    keep = d["repond"]
    verb = _verbatims(scn, rng, d, s, keep)
    n = int(keep.sum())
    score = s["score"][keep]
    cls = np.digitize(score, [7, 9])
    age = d["age"][keep]

    frame = pd.DataFrame({
        "repondant_id": pd.array([f"REP-{i:05d}" for i in range(1, n + 1)], dtype="string"),
        "client_id": pd.array(d["client_id"][keep], dtype="string"),
        "date_reponse": pd.to_datetime(d["date"][keep]).astype("datetime64[ns]"),
        "mode": pd.Categorical.from_codes(d["mode"][keep], categories=MODES),
        "activite": pd.Categorical.from_codes(d["activite"][keep], categories=offer_ids),
        "nps_0_10": score.astype("int64"),
        "nps_classe": pd.Categorical.from_codes(cls, categories=NPS_CLASSES, ordered=True),
        **{iid: s["likert"][keep, k].astype("int64") for k, iid in enumerate(item_ids)},
        "verbatim": pd.array(verb, dtype="string"),
        "tranche_age": pd.Categorical.from_codes(np.digitize(age, _TRANCHE_EDGES),
                                                 categories=TRANCHES, ordered=True),
    })

    seg_ids = case.segment_ids
    seg = d["segment"][keep]
    quarters = quarter_label(frame["date_reponse"])
    truth: dict = {
        "segment": dict(zip(frame["repondant_id"].tolist(), [seg_ids[k] for k in seg], strict=True)),
        "besoin_accessibilite": dict(zip(frame["repondant_id"].tolist(),
                                         d["besoin"][keep].tolist(), strict=True)),
        "nps_global": round(nps(score)[0], 1),
        "nps_tous_invites": round(nps(s["score"])[0], 1),
        "taux_reponse": round(float(keep.mean()), 3),
        "taux_reponse_par_tranche": {
            t: round(float(keep[np.digitize(d["age"], _TRANCHE_EDGES) == k].mean()), 3)
            for k, t in enumerate(TRANCHES) if (np.digitize(d["age"], _TRANCHE_EDGES) == k).any()
        },
        "nps_par_segment": {sid: round(nps(score[seg == k])[0], 1) for k, sid in enumerate(seg_ids)},
        "nps_par_trimestre": {q: round(nps(score[quarters == q])[0], 1) for q in sorted(set(quarters))},
        "n_par_trimestre": {q: int((quarters == q).sum()) for q in sorted(set(quarters))},
        "decalages_items": s["offsets"],
        "non_reponse": "La probabilité de répondre vaut 0,92 − 0,0085 × âge (bornée entre 0,15 et 0,9).",
        **s["truth"],
    }
    if "creux_satisfaction" in truth:
        c = truth["creux_satisfaction"]
        mid = pd.Timestamp(c["debut"]) + (pd.Timestamp(c["fin"]) - pd.Timestamp(c["debut"])) / 2
        c["trimestre"] = str(quarter_label(pd.DatetimeIndex([mid]))[0])
    del cls

    if raw:
        frame, truth["defauts"] = _degrade(scn, frame, item_ids)
    return Parts(
        frame=frame,
        columns=_columns(case, raw),
        description=_description(case, raw),
        truth=truth,
        sources=["handicap_age"],
    )


_NOMBRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
_TEST_VERBATIMS = ["test", "TEST - ne pas tenir compte", "essai questionnaire", "azerty"]


def _degrade(scn, frame: pd.DataFrame, item_ids: list[str]) -> tuple[pd.DataFrame, dict]:
    """Export defects of a survey tool; every one is reversible or sits on an extra row.

    Cleaning recipe (documented in DESCR, proved by tests): drop test rows, drop
    partial completions (a CSAT answer is missing), drop re-submissions (same answers
    under a new ``repondant_id``, and exact duplicates), parse the NPS text
    (« 9/10 », « neuf », spaces), parse the dates, strip and case-fold the
    categories, repair mojibake (``str.encode("cp1252").decode("utf-8")``).
    """
    rng = scn.rng("enquete_satisfaction", "brut")
    f = frame.copy()
    n = len(f)
    cats = ["mode", "activite", "nps_classe", "tranche_age"]
    for c in ["date_reponse", "nps_0_10", *cats]:
        f[c] = f[c].astype(str)
    f["date_reponse"] = frame["date_reponse"].dt.strftime("%Y-%m-%d")
    defauts: dict = {}

    # Reversible value defects on the real rows.
    score = f["nps_0_10"].to_numpy(dtype=object)
    kind = rng.choice(4, size=n, p=[0.86, 0.08, 0.03, 0.03])
    sc = frame["nps_0_10"].to_numpy()
    score = np.where(kind == 1, np.char.add(sc.astype(str), "/10"), score)
    score = np.where(kind == 2, np.asarray(_NOMBRES, dtype=object)[sc], score)
    score = np.where(kind == 3, np.char.add(np.char.add(" ", sc.astype(str)), " "), score)
    f["nps_0_10"] = score
    f["_nps"] = kind

    dates = frame["date_reponse"]
    fmt = rng.choice(3, size=n, p=[0.5, 0.2, 0.3])
    mois = np.asarray(_MOIS, dtype=object)[dates.dt.month.to_numpy() - 1]
    longue = np.array([f"{dd} {m} {y}" for dd, m, y in
                       zip(dates.dt.day.tolist(), mois, dates.dt.year.tolist(), strict=True)], dtype=object)
    f["date_reponse"] = np.select([fmt == 0, fmt == 1], [dates.dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
                                                         longue], f["date_reponse"].to_numpy(dtype=object))
    f["_fmt"] = fmt
    for c in cats:
        v = f[c].to_numpy(dtype=object).copy()
        bad = rng.random(n) < 0.05
        style = rng.integers(0, 4, n)
        v = np.where(bad & (style == 0), np.char.add(v.astype(str), " "), v)
        v = np.where(bad & (style == 1), np.char.add(" ", v.astype(str)), v)
        v = np.where(bad & (style == 2), np.char.upper(v.astype(str)), v)
        v = np.where(bad & (style == 3), np.char.capitalize(v.astype(str)), v)
        f["_cat_" + c] = v != f[c].to_numpy(dtype=object)
        f[c] = v
    verb = f["verbatim"].to_numpy(dtype=object)
    has = np.flatnonzero([isinstance(v, str) and not v.isascii() for v in verb])
    moj = np.sort(rng.choice(has, size=min(len(has), max(1, round(0.02 * len(has)))), replace=False))
    broken = [verb[i].encode("utf-8").decode("cp1252", errors="replace") for i in moj]
    ok = [b.encode("cp1252", errors="strict").decode("utf-8") == verb[i] if "\ufffd" not in b else False
          for i, b in zip(moj, broken, strict=True)]
    moj = moj[np.array(ok, dtype=bool)] if len(moj) else moj
    for i in moj:
        verb[i] = verb[i].encode("utf-8").decode("cp1252")
    f["verbatim"] = verb
    f["_moj"] = np.isin(np.arange(n), moj)

    # Extra rows: re-submissions under a new id, exact duplicates, partial completions, tests.
    next_id = n + 1

    def new_ids(k):
        nonlocal next_id
        out = [f"REP-{i:05d}" for i in range(next_id, next_id + k)]
        next_id += k
        return out

    k_re, k_dup, k_part = (max(1, round(n * r)) for r in (0.02, 0.012, 0.03))
    re_src = np.sort(rng.choice(n, size=k_re, replace=False))
    resub = f.iloc[re_src].copy()
    resub["repondant_id"] = new_ids(k_re)
    dup_src = np.sort(rng.choice(np.setdiff1d(np.arange(n), re_src), size=k_dup, replace=False))
    dups = f.iloc[dup_src].copy()
    part_src = rng.choice(n, size=k_part, replace=False)
    part = f.iloc[part_src].copy()
    part["repondant_id"] = new_ids(k_part)
    stop = rng.integers(0, len(item_ids), k_part)
    for j, iid in enumerate(item_ids):
        part[iid] = np.where(stop <= j, np.nan, part[iid].to_numpy(dtype=float))
    part["verbatim"] = None
    part["_moj"] = False
    tests = f.iloc[:0].copy()
    k_test = int(rng.integers(3, 7))
    tests = pd.DataFrame({c: [None] * k_test for c in f.columns})
    tests["date_reponse"] = None
    tests["repondant_id"] = [f"TEST-{i}" for i in range(1, k_test + 1)]
    tests["date_reponse"] = (pd.Timestamp(scn.debut) - pd.to_timedelta(rng.integers(1, 20, k_test), unit="D")
                             ).strftime("%d/%m/%Y")
    tests["mode"] = "e-mail"
    tests["nps_0_10"] = rng.integers(0, 11, k_test).astype(str)
    for iid in item_ids:
        tests[iid] = rng.integers(1, 6, k_test).astype(float)
    tests["verbatim"] = np.asarray(_TEST_VERBATIMS, dtype=object)[rng.integers(0, len(_TEST_VERBATIMS), k_test)]
    out = pd.concat([tests, f, resub, dups, part], ignore_index=True)
    order = np.argsort(rng.random(len(out)), kind="stable")
    out = out.iloc[order].reset_index(drop=True)
    # A re-submission follows its original (the export is in order of arrival).
    first = {rid: k for k, rid in enumerate(out["repondant_id"])}
    key = np.arange(len(out), dtype=float)
    src_of_new = dict(zip(resub["repondant_id"], f["repondant_id"].to_numpy()[re_src], strict=True))
    for k, rid in enumerate(out["repondant_id"]):
        if rid in src_of_new:
            key[k] = first[src_of_new[rid]] + 0.5
    out = out.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    for iid in item_ids:
        out[iid] = pd.array(out[iid], dtype="Int64")
    # Counts over the delivered export (copies of a defective row carry its defect).
    kind, fmt = out.pop("_nps").fillna(0).to_numpy(), out.pop("_fmt").fillna(-1).to_numpy()
    defauts["nps_texte"] = {"« n/10 »": int((kind == 1).sum()), "en lettres": int((kind == 2).sum()),
                            "espaces autour": int((kind == 3).sum())}
    defauts["dates_formats"] = {"JJ/MM/AAAA": int((fmt == 0).sum()), "JJ mois AAAA": int((fmt == 1).sum()),
                                "AAAA-MM-JJ": int((fmt == 2).sum())}
    defauts["categories_mal_saisies"] = {c: int(out.pop("_cat_" + c).fillna(False).astype(bool).sum())
                                         for c in cats}
    defauts["verbatims_mojibake"] = int(out.pop("_moj").fillna(False).astype(bool).sum())
    for c in ["repondant_id", "client_id", "date_reponse", "mode", "activite", "nps_0_10", "nps_classe",
              "verbatim", "tranche_age"]:
        out[c] = pd.array(out[c].to_numpy(dtype=object), dtype="string")
    defauts.update({
        "lignes_test": k_test,
        "resoumissions_nouvel_identifiant": k_re,
        "doublons_exacts": k_dup,
        "reponses_partielles": k_part,
        "lignes_brutes": len(out),
        "lignes_propres": n,
    })
    return out, defauts
