"""The ``mentions`` dataset: social listening of the organisation and its competitors.

Generation:

- daily counts per brand and source are Poisson around a base that grows with
  the square root of the brand's social audience (``abonnes_initiaux``), with a
  weekly rhythm; the listening tool is configured on the organisation, so its
  own mentions (local reviews, forums) are captured twice as well as the
  competitors' ones;
- each mention gets a theme (one per CSAT item of the case, plus content,
  values, offer and advertising), a sentiment score centred on the brand's
  ``sentiment_moyen`` (label derived from the score), an author type that
  depends on the source, and a heavy-tailed estimated reach;
- planted stories: ``creux_satisfaction`` (extra negative mentions of the
  organisation about the story's indicator during the window),
  ``plainte_accessibilite`` (a burst of negative accessibility mentions,
  relayed by associations and media), ``campagne_concurrent`` (the competitor's
  volume on the platform is multiplied by the effect, with polarised
  sentiment and more influencers), ``format_emergent`` (the organisation's
  mentions on the platform ramp up after ``debut``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from casekit.generators import texts as tx
from casekit.generators._base import Col, Parts, choice_rows, days
from casekit.generators.surveys import quarter_label

SOURCES = ["instagram", "tiktok", "facebook", "x", "youtube", "forum", "avis_google", "presse"]
_SOCIAL = SOURCES[:5]
AUTEURS = ["particulier", "influenceur", "média", "association", "professionnel"]
SENTIMENTS = ["négatif", "neutre", "positif"]
TARGET_TOTAL = 7000          # expected number of background mentions
ORG_BOOST = 2.0              # the tool tracks the organisation more thoroughly
SEUIL = 0.25                 # |score| above which a mention is positive / negative
_SEUIL_FR = f"{SEUIL}".replace(".", ",")
_WEEKDAY = np.array([0.92, 0.95, 0.97, 1.0, 1.05, 1.12, 0.99])

# Author mix per source (rows follow SOURCES, columns AUTEURS).
_AUTHOR_MIX = np.array([
    [0.78, 0.09, 0.04, 0.04, 0.05],
    [0.80, 0.12, 0.02, 0.02, 0.04],
    [0.78, 0.04, 0.06, 0.07, 0.05],
    [0.70, 0.06, 0.12, 0.06, 0.06],
    [0.70, 0.18, 0.05, 0.02, 0.05],
    [0.86, 0.00, 0.00, 0.05, 0.09],
    [0.95, 0.00, 0.00, 0.00, 0.05],
    [0.00, 0.00, 0.92, 0.00, 0.08],
])
# Reach: lognormal (median, dispersion) per author type.
_REACH = np.array([[120, 1.1], [12000, 1.0], [25000, 1.2], [900, 1.0], [600, 1.0]])

_EXTRA_THEMES = {
    "contenus": "contenus et réseaux sociaux",
    "valeurs": "engagement et valeurs",
    "offre": "offre et nouveautés",
    "publicite": "publicité et campagnes",
}
# Neutral fallback for a user case file without ``textes.mentions`` banks.
_FALLBACK = {
    "positif": ["{P}, merci {marque}."], "negatif": ["{P}. Dommage, {marque}."],
    "neutre": ["Des avis sur {marque}, côté {lc} ?"], "plainte": ["{P} chez {marque}."],
    "creux": ["{P}. Que se passe-t-il chez {marque} ?"], "format": ["{marque} sur {plat} : à voir."],
}
_FALLBACK_THEME = (["un bon point côté {lc}"], ["un point faible côté {lc}"])


def _columns(case, brands: list[str], themes: list[str]) -> list[Col]:
    return [
        Col("mention_id", "texte", "Identifiant de la mention."),
        Col("date", "date", "Date de publication."),
        Col("source", "catégorie", "Plateforme ou type de source.", valeurs=", ".join(SOURCES)),
        Col("marque", "catégorie", "Marque mentionnée (l'organisation ou un concurrent).",
            valeurs=", ".join(brands)),
        Col("auteur_type", "catégorie", "Type d'auteur (estimé par l'outil d'écoute).",
            valeurs=", ".join(AUTEURS)),
        Col("texte", "texte", "Texte de la mention (anonymisé, éventuellement tronqué)."),
        Col("theme", "catégorie", "Thème détecté par l'outil (classification automatique).",
            valeurs=", ".join(themes)),
        Col("sentiment", "catégorie ordonnée", f"Tonalité : négatif si score < −{_SEUIL_FR}, positif "
            f"si score > {_SEUIL_FR}, neutre sinon.", valeurs=", ".join(SENTIMENTS)),
        Col("score_sentiment", "décimal", "Score de tonalité de l'outil, de −1 (très négatif) à 1 "
            "(très positif).", valeurs="−1 à 1"),
        Col("portee_estimee", "entier", "Portée estimée : nombre de personnes susceptibles d'avoir "
            "vu la mention (audience de l'auteur ; distribution très asymétrique).", "personnes"),
    ]


def _description(case) -> str:
    return (
        f"Export d'un outil d'écoute sociale (social listening) configuré sur {case.nom} et ses "
        "concurrents : une ligne par mention publique (réseaux sociaux, forums, avis Google, presse). "
        "Le thème, la tonalité et la portée sont estimés automatiquement par l'outil : ce sont des "
        "indicateurs imparfaits, à interpréter avec prudence.\n\n"
        "Part de voix (share of voice) d'une marque = ses mentions ÷ les mentions de toutes les "
        "marques suivies, sur une période ; on la calcule en volume ou pondérée par la portée. "
        "Pour repérer un pic, comparez le nombre mensuel de mentions (par thème, par tonalité) "
        "à la moyenne ± 3 écarts types des mois précédents.\n\n"
        f"Le volume de fond de chaque marque croît avec sa taille d'audience sociale (racine carrée "
        f"du nombre d'abonnés) ; l'outil capte plus finement les mentions de {case.nom} (avis locaux, "
        "forums), ce qui majore sa part de voix : c'est un biais classique des outils d'écoute."
    )


def _theme_table(case):
    """Theme labels, phrase banks (pos, neg) and base weights."""
    items = case["enquete"]["items_csat"]
    labels, pos, neg, weights, keys = [], [], [], [], []
    for it in items:
        lab = tx.lower_first(tx.short_label(it["libelle"]))
        labels.append(lab)
        keys.append(it["id"])
        pos.append(tx.item_phrases(case, it["id"], it["libelle"], "positif"))
        neg.append(tx.item_phrases(case, it["id"], it["libelle"], "negatif"))
        weights.append(0.25 if "accessib" in it["id"] else 1.0)
    own = tx.textes(case).get("mentions", {}).get("themes", {})

    def theme_bank(key, lab, k):
        b = own.get(key, {}).get(("positif", "negatif")[k], ())
        return list(b) or [t.format(lc=lab) for t in _FALLBACK_THEME[k]]

    if not any("accessib" in k for k in keys):
        labels.append("accessibilité")
        keys.append("accessibilite")
        pos.append(theme_bank("accessibilite", "accessibilité", 0))
        neg.append(theme_bank("accessibilite", "accessibilité", 1))
        weights.append(0.25)
    for key, lab in _EXTRA_THEMES.items():
        labels.append(lab)
        keys.append(key)
        pos.append(theme_bank(key, lab, 0))
        neg.append(theme_bank(key, lab, 1))
        weights.append({"contenus": 1.3, "valeurs": 0.6, "offre": 1.0, "publicite": 0.35}[key])
    return labels, keys, pos, neg, np.array(weights)


def _bank_pick(banks: list[list[str]], which: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Pick one phrase per row from ``banks[which[i]]`` with uniform ``u``."""
    flat = np.asarray([p for b in banks for p in b], dtype=object)
    lens = np.array([len(b) for b in banks])
    start = np.concatenate([[0], np.cumsum(lens)[:-1]])
    return flat[start[which] + np.minimum((u * lens[which]).astype(int), lens[which] - 1)]


def _texts(scn, theme, labels, phrase, kind, fmt_rows, sent, b_idx, brands, u_tpl, tr) -> list[str]:
    """Mention texts from the case's ``textes.mentions`` banks.

    Template family: complaint burst, dip, emerging format, positive, negative,
    neutral. Brand names go through :mod:`casekit.generators.francais`; the
    register varies (ending, accents, case) on the child stream ``tr``.
    """
    from casekit.generators import francais as fr

    case = scn.case
    lex = fr.lexique(case)
    fams = [tx.banque(case, "mentions", k, default=_FALLBACK[k])
            for k in ("plainte", "creux", "format", "positif", "negatif", "neutre")]
    fins = tx.banque(case, "mentions", "fins", default=[""])
    debuts = tx.banque(case, "mentions", "debuts", default=[""])
    brand_slots = []
    for br in brands:
        sl = tx.marque_slots(br, lex)
        n = lex.get(br) or fr.nom(br)
        sl["e"] = "e" if n.genre == "f" else ""  # agreement with the brand: épinglé{e}{s}
        sl["s"] = "s" if n.nombre == "p" else ""
        sl["nt"] = "nt" if n.nombre == "p" else ""  # verb: annonce{nt}
        brand_slots.append(sl)
    fmt_h = scn.histoire("format_emergent")
    fmt_label = tx.label_of([fmt_h[0]["format"]], tx.FORMATS)[0] if fmt_h else "vidéos"
    plat = tx.PLATEFORMES.get(fmt_h[0]["plateforme"], fmt_h[0]["plateforme"]) if fmt_h else ""
    extra = {"fmt": fmt_label, "plat": plat, "de_plat": fr.de(plat) if plat else ""}
    family = np.select([kind == 2, kind == 1, fmt_rows & (sent > 0), sent == 2, sent == 0],
                       [0, 1, 2, 3, 4], 5)
    n = len(phrase)
    v = tr.random((n, 7))
    fins = [fr.typo(f) for f in fins]
    debuts = [fr.typo(d) for d in debuts]
    fem = v[:, 0] < 0.5
    # Templates resolved for both genders and typeset once; rows are filled per
    # template with vectorised concatenation (texts.fill).
    lens = np.array([len(f) for f in fams])
    off = np.concatenate([[0], np.cumsum(lens)[:-1]])
    flat = [t for f in fams for t in f]
    tpls = [fr.typo(fr.genre(t, g)) for g in ("m", "f") for t in flat]
    which = off[family] + np.minimum((u_tpl * lens[family]).astype(int), lens[family] - 1) + fem * len(flat)
    memo: dict = {}
    g_l = fem.tolist()
    ps = []
    for ph, f in zip(phrase, g_l, strict=True):
        p = memo.get((ph, f))
        if p is None:
            p = memo[ph, f] = fr.typo(fr.genre(ph, "f" if f else "m"))
        ps.append(p)
    caps = [p[:1].upper() + p[1:] for p in ps]
    cols = {k: [sl[k] for sl in brand_slots] for k in brand_slots[0]}
    slots = {k: np.asarray(vals, dtype=object)[b_idx] for k, vals in cols.items()}
    body = np.asarray(tx.fill(tpls, which, p=ps, P=caps, lc=np.asarray(labels, dtype=object)[theme],
                              **slots, **extra), dtype=object)
    def pick(bank, x):
        return np.asarray(bank, dtype=object)[np.minimum((x * len(bank)).astype(int), len(bank) - 1)]

    body = body + pick(fins, v[:, 1])
    heads = pick(debuts, v[:, 6])
    starts = tuple(x for sl in brand_slots for x in (sl["marque"], sl["marque"][:1].upper() + sl["marque"][1:]))
    for r in np.flatnonzero(heads != "").tolist():
        t = body[r]
        body[r] = f"{heads[r]} {t if t.startswith(starts) else tx.lower_first(t)}"
    # Register (see texts.varier): accents dropped, lower or upper case, no final full
    # stop; only the rows concerned are touched, and brand names are restored.
    angry = np.isin(family, [0, 1, 4])
    plain = v[:, 2] < 0.07
    case_ = np.where(v[:, 3] < 0.05, 1, np.where(angry & (v[:, 3] > 0.96), 2, 0))
    names = sorted({x for sl in brand_slots for x in sl.values() if len(x) > 1}, key=len, reverse=True)

    def change(t, k_plain, k_case):
        if k_plain:
            t = t.translate(tx._SANS_ACCENT)
        return t.lower() if k_case == 1 else t.upper() if k_case == 2 else t

    for k_plain in (False, True):
        for k_case in (0, 1, 2):
            if not (k_plain or k_case):
                continue
            rows = np.flatnonzero((plain == k_plain) & (case_ == k_case)).tolist()
            back = [(change(nm, k_plain, k_case), nm) for nm in names]
            for r in rows:
                t = change(body[r], k_plain, k_case)
                for form, nm in back:
                    if form != nm and form in t:
                        t = t.replace(form, nm)
                body[r] = t
    for r in np.flatnonzero(v[:, 4] < 0.08).tolist():
        if body[r].endswith("."):
            body[r] = body[r][:-1]
    return [t[:1].upper() + t[1:] for t in body.tolist()]


def build_mentions(scn, rng: np.random.Generator, *, raw: bool) -> Parts:
    """Build the social-listening mentions (see the module docstring).

    Parameters
    ----------
    scn : Scenario
        Case and seed.
    rng : numpy.random.Generator
        Stream of this dataset.
    raw : bool
        Unused (no raw version).

    Returns
    -------
    Parts
    """
    case = scn.case
    comps = case.concurrents
    brands = [case.nom] + [c["nom"] for c in comps]
    profiles = [case["marque"], *comps]
    nb = len(brands)
    cal = days(scn)
    nd = len(cal)
    day64 = cal.values.astype("datetime64[D]")

    # Base rates: brand x source shares from the audience per platform.
    share = np.zeros((nb, len(SOURCES)))
    size = np.zeros(nb)
    for b, prof in enumerate(profiles):
        fol = prof["abonnes_initiaux"]
        soc = np.array([np.sqrt(fol.get(p, 0)) for p in _SOCIAL])
        tot = soc.sum()
        share[b, :5] = soc + 0.02 * tot
        share[b, 5:] = np.array([0.12, 0.15 + 0.5 * prof["part_de_marche_locale"], 0.05]) * tot
        share[b] /= share[b].sum()
        size[b] = np.sqrt(sum(fol.values())) * (ORG_BOOST if b == 0 else 1.0)
    lam_day = _WEEKDAY[cal.day_of_week.to_numpy()] * (1 + 0.08 * np.sin(2 * np.pi * cal.day_of_year.to_numpy() / 365.25))
    scale = TARGET_TOTAL / (nd * size.sum())
    lam = scale * size[:, None, None] * lam_day[None, :, None] * share[:, None, :]
    mult = np.ones_like(lam)
    kind_flag = np.zeros(lam.shape, dtype=np.int8)  # 0 base, 3 campaign, 4 format
    truth_pics: list[dict] = []

    if (h := scn.histoire("campagne_concurrent")) is not None:
        story, eff = h
        b = 1 + [c["id"] for c in comps].index(story["concurrent"])
        s = SOURCES.index(story["plateforme"]) if story["plateforme"] in SOURCES else 0
        win = (day64 >= np.datetime64(story["debut"])) & (day64 <= np.datetime64(story["fin"]))
        # A massive campaign is loud whoever runs it: a brand less present than the
        # average competitor on the platform is lifted to that average first.
        ref = lam[1:, :, s].sum(axis=1).mean()
        eff = eff * max(1.0, ref / lam[b, :, s].sum())
        mult[b, win, s] *= eff
        kind_flag[b, win, s] = 3
        others = [k for k in range(len(_SOCIAL)) if k != s]
        mult[b, np.flatnonzero(win)[:, None], others] *= 1 + 0.15 * (eff - 1)  # word of mouth
        truth_pics.append({"histoire": story["id"], "type": "campagne_concurrent", "marque": brands[b],
                           "source": SOURCES[s], "debut": str(story["debut"]), "fin": str(story["fin"]),
                           "multiplicateur_volume": round(float(eff), 4)})
    if (h := scn.histoire("format_emergent")) is not None:
        story, eff = h
        s = SOURCES.index(story["plateforme"]) if story["plateforme"] in SOURCES else 0
        since = (day64 - np.datetime64(story["debut"])).astype(int)
        ramp = np.where(since < 0, 1.0, 1 + (eff - 1) * np.clip(since / 60, 0, 1))
        mult[0, :, s] *= ramp
        kind_flag[0, since >= 0, s] = 4
        truth_pics.append({"histoire": story["id"], "type": "format_emergent", "marque": brands[0],
                           "source": SOURCES[s], "debut": str(story["debut"]), "fin": str(scn.fin),
                           "multiplicateur_volume": eff, "format": story["format"]})

    counts = rng.poisson(lam * mult)
    flat = counts.ravel()
    idx = np.repeat(np.arange(flat.size), flat)
    b_idx, d_idx, s_idx = np.unravel_index(idx, counts.shape)
    kind = kind_flag.ravel()[idx].astype(np.int8)

    # Extra rows of the negative-burst stories (kind 1: dip, kind 2: complaint).
    extra_b, extra_d, extra_s, extra_k = [], [], [], []
    if (h := scn.histoire("creux_satisfaction")) is not None:
        story, eff = h
        d0 = int((np.datetime64(story["debut"]) - day64[0]).astype(int))
        d1 = int((np.datetime64(story["fin"]) - day64[0]).astype(int))
        k = rng.poisson(0.8 * eff * (d1 - d0 + 1))
        extra_d.append(rng.integers(d0, d1 + 1, k))
        extra_s.append(choice_rows(rng, np.tile([0.2, 0.03, 0.3, 0.07, 0.0, 0.15, 0.25, 0.0], (k, 1))))
        extra_b.append(np.zeros(k, dtype=int))
        extra_k.append(np.full(k, 1))
        truth_pics.append({"histoire": story["id"], "type": "creux_satisfaction", "marque": brands[0],
                           "theme": None, "indicateur": story["indicateur"], "sentiment": "négatif",
                           "debut": str(story["debut"]), "fin": str(story["fin"]), "mentions_ajoutees": int(k)})
    if (h := scn.histoire("plainte_accessibilite")) is not None:
        story, eff = h
        d0 = int((np.datetime64(story["debut"]) - day64[0]).astype(int))
        d1 = int((np.datetime64(story.get("fin", scn.fin)) - day64[0]).astype(int))
        k = round(eff)
        off = np.minimum(np.floor(rng.exponential(10, k)).astype(int), d1 - d0)
        extra_d.append(d0 + off)
        extra_s.append(choice_rows(rng, np.tile([0.22, 0.05, 0.25, 0.2, 0.08, 0.05, 0.05, 0.1], (k, 1))))
        extra_b.append(np.zeros(k, dtype=int))
        extra_k.append(np.full(k, 2))
        truth_pics.append({"histoire": story["id"], "type": "plainte_accessibilite", "marque": brands[0],
                           "theme": None, "probleme": list(story["probleme"]), "sentiment": "négatif",
                           "debut": str(story["debut"]), "fin": str(story.get("fin", scn.fin)),
                           "mentions_ajoutees": k})
    if extra_b:
        b_idx = np.concatenate([b_idx, *extra_b])
        d_idx = np.concatenate([d_idx, *extra_d])
        s_idx = np.concatenate([s_idx, *extra_s])
        kind = np.concatenate([kind, *[e.astype(np.int8) for e in extra_k]])
    n = b_idx.size

    # Themes.
    labels, keys, pos_b, neg_b, w = _theme_table(case)
    theme = choice_rows(rng, np.tile(w, (n, 1)))
    acc_theme = next(k for k, key in enumerate(keys) if "accessib" in key)
    pub_theme = keys.index("publicite")
    cont_theme = keys.index("contenus")
    if (h := scn.histoire("creux_satisfaction")) is not None:
        ind_theme = keys.index(h[0]["indicateur"])
        theme[kind == 1] = ind_theme
        next(p for p in truth_pics if p["type"] == "creux_satisfaction")["theme"] = labels[ind_theme]
    theme[kind == 2] = acc_theme
    for p in truth_pics:
        if p["type"] == "plainte_accessibilite":
            p["theme"] = labels[acc_theme]
    camp = (kind == 3) & (rng.random(n) < 0.6)
    theme[camp] = pub_theme
    fmt_rows = (kind == 4) & (rng.random(n) < 0.5)
    theme[fmt_rows] = cont_theme

    # Sentiment score, label from the score.
    mu = np.array([p["sentiment_moyen"] for p in profiles])[b_idx]
    z = rng.normal(0, 1, n)
    score = mu + np.where(kind == 4, 0.25, 0.0) + 0.5 * z
    # Campaign: polarised opinions (fans and irritated users), few neutral ones: the
    # brand's usual neutral share moves to both sides in proportion, so positive AND
    # negative shares rise whichever competitor runs the campaign.
    def cdf(x: np.ndarray) -> np.ndarray:
        return np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in np.atleast_1d(x)])

    mus = np.array([p["sentiment_moyen"] for p in profiles])
    pos0, neg0 = cdf((mus - SEUIL) / 0.5), cdf((-SEUIL - mus) / 0.5)
    p_pos = (1 + pos0 - neg0) / 2  # both shares gain half the usual neutral share
    polar = np.where(rng.random(n) < p_pos[b_idx], 0.7, -0.7) + 0.2 * z
    score = np.where(kind == 3, polar, score)
    neg_story = (kind == 1) | (kind == 2)
    score = np.where(neg_story, -rng.uniform(0.35, 0.95, n), score)
    score = np.round(np.clip(score, -1, 1), 2)
    sent = np.where(score > SEUIL, 2, np.where(score < -SEUIL, 0, 1))

    # Authors and reach.
    mix = _AUTHOR_MIX[s_idx].copy()
    mix[kind == 3] = mix[kind == 3] * [1, 8, 1, 1, 1]
    mix[kind == 2] = [0.4, 0.08, 0.15, 0.32, 0.05]
    mix[kind == 2] *= _AUTHOR_MIX[s_idx[kind == 2]] > 0
    mix[mix.sum(axis=1) == 0] = _AUTHOR_MIX[0]
    auteur = choice_rows(rng, mix)
    med, disp = _REACH[auteur, 0], _REACH[auteur, 1]
    reach = np.exp(np.log(med) + disp * rng.normal(0, 1, n))
    reach = np.rint(np.where(kind == 3, 2.0, 1.0) * reach).astype(np.int64)  # paid amplification

    # Texts.
    u = rng.random((n, 3))
    phrase = np.where(sent == 2, _bank_pick(pos_b, theme, u[:, 0]), _bank_pick(neg_b, theme, u[:, 0]))
    plainte = scn.histoire("plainte_accessibilite")
    if plainte is not None and (kind == 2).any():
        probs = list(plainte[0]["probleme"])
        pb = [tx.probleme_phrases(case, p) for p in probs]
        which = np.minimum((u[kind == 2, 1] * len(probs)).astype(int), len(probs) - 1)
        phrase[kind == 2] = _bank_pick(pb, which, u[kind == 2, 2])
    texte = _texts(scn, theme, labels, phrase.tolist(), kind, fmt_rows, sent, b_idx, brands, u[:, 1],
                   scn.rng("mentions", "textes"))

    order = np.lexsort((rng.random(n), d_idx))
    frame = pd.DataFrame({
        "mention_id": pd.array([f"MEN-{i:05d}" for i in range(1, n + 1)], dtype="string"),
        "date": pd.to_datetime(day64[d_idx[order]]).astype("datetime64[ns]"),
        "source": pd.Categorical.from_codes(s_idx[order], categories=SOURCES),
        "marque": pd.Categorical.from_codes(b_idx[order], categories=brands),
        "auteur_type": pd.Categorical.from_codes(auteur[order], categories=AUTEURS),
        "texte": pd.array(np.asarray(texte, dtype=object)[order], dtype="string"),
        "theme": pd.Categorical.from_codes(theme[order], categories=labels),
        "sentiment": pd.Categorical.from_codes(sent[order], categories=SENTIMENTS, ordered=True),
        "score_sentiment": score[order],
        "portee_estimee": reach[order],
    })

    q_lab, q_idx = np.unique(quarter_label(frame["date"]), return_inverse=True)
    key = q_idx * nb + b_idx[order]
    size_qb = (len(q_lab), nb)
    vol = pd.DataFrame(np.bincount(key, minlength=nb * len(q_lab)).reshape(size_qb),
                       index=q_lab, columns=brands)
    rch = pd.DataFrame(np.bincount(key, weights=reach[order], minlength=nb * len(q_lab)).reshape(size_qb),
                       index=q_lab, columns=brands)
    truth = {
        "organisation": brands[0],
        "part_de_voix_volume": (vol.div(vol.sum(axis=1), axis=0).round(4)).to_dict(orient="index"),
        "part_de_voix_portee": (rch.div(rch.sum(axis=1), axis=0).round(4)).to_dict(orient="index"),
        "fenetres_pics": truth_pics,
        "sentiment_moyen_marques": {br: p["sentiment_moyen"] for br, p in zip(brands, profiles, strict=True)},
        "seuil_sentiment": SEUIL,
    }
    return Parts(frame=frame, columns=_columns(case, brands, labels), description=_description(case),
                 truth=truth)
