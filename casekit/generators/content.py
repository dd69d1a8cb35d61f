"""The ``inventaire_contenus`` dataset: a content audit over the case period.

About eleven items per month, each with its format (``[contenus].formats``),
channel, editorial pillar (``[contenus].piliers``), target segment,
accessibility flags, performance and carbon footprint per view.

Formats are classified by keyword into kinds (``video_courte``,
``video_longue``, ``audio``, ``email``, ``visuel``, ``texte``) that drive the
channel, the length fields and the footprint model, so any case's formats
work. Channels are the organisation's social platforms (``[marque]``), its
website (``site_web``) and its e-mail channel.

Footprint per view (``eco_constantes``): Sustainable Web Design Model v4, page
weight × (operational kWh/GB × French life-cycle grid intensity + embodied kWh/GB ×
world intensity), no caching, computed by :mod:`casekit.eco` with its defaults; videos add watched time × the IEA streaming factor
(g/h); audio adds the bytes of a 128 kbit/s stream through the same SWDM
factor.

Planted stories: ``plainte_accessibilite`` (before ``debut`` most videos lack
subtitles and low contrast is common, afterwards the listed problems are
mostly fixed on new items), ``format_emergent`` (items of the story format on
the story platform after ``debut`` get views × effect) and ``atout_meconnu``
(the pillar linked to the activity has few items but the best engagement and
conversion per view).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.generators import francais as fr
from casekit.generators._base import Col, Parts, choice_rows
from casekit.generators.competition import _VIDEO_SHARE, _VIDEO_SHARE_DEFAULT

ITEMS_PER_MONTH = 11
SITE = "site_web"
KINDS = ["texte", "visuel", "video_courte", "video_longue", "email", "audio"]
NIVEAUX = ["FALC", "simple", "expert"]
#: Bitrate assumed for audio streams (technical hypothesis, kbit/s).
AUDIO_KBPS = 128

# Fictional behaviour of the simulated audience, per kind:
# (base weight, views multiplier, interactions per view, conversion factor).
_KIND = {
    "texte": (1.0, 0.8, 0.010, 1.5),
    "visuel": (1.2, 1.0, 0.040, 0.5),
    "video_courte": (0.8, 1.6, 0.060, 0.4),
    "video_longue": (0.35, 0.9, 0.030, 1.0),
    "email": (0.5, 1.0, 0.020, 2.0),
    "audio": (0.25, 0.4, 0.010, 0.8),
}
_MOIS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"]
_TITRES = {
    "texte": ["{pilier} : {n} questions que vous nous posez souvent", "Guide pratique — {pilier}",
              "{offre} : ce qu'il faut savoir avant de se lancer", "{pilier} : nos conseils pas à pas",
              "{offre} : {n} erreurs à éviter"],
    "visuel": ["{pilier} en {n} images", "{offre} : {n} idées reçues", "{pilier} : l'essentiel en un coup d'œil",
               "{offre} : avant / après"],
    "video_courte": ["{pilier} en 60 secondes (épisode {k})", "{pilier} : le format court",
                     "{offre} : le geste à connaître", "{pilier} : on vous montre en une minute"],
    "video_longue": ["{pilier} : le grand format", "Dans les coulisses : {pilier}",
                     "{offre}, {explique} en détail", "{pilier} : questions-réponses en direct"],
    "email": ["La lettre {de_org} — {mois} {annee}", "{org} : les nouvelles {de_mois} {annee}"],
    "audio": ["Le podcast {de_org} — {pilier}, épisode {k}", "À l'écoute : {pilier} (épisode {k})"],
}


def format_kind(fmt: str) -> str:
    """Classify a case format name into one of :data:`KINDS`.

    Examples
    --------
    >>> [format_kind(f) for f in ["video_courte", "podcast", "carrousel", "fiche_recette"]]
    ['video_courte', 'audio', 'visuel', 'texte']
    """
    f = fmt.lower()
    if "vid" in f or "reel" in f or "live" in f:
        short = any(k in f for k in ("court", "short", "reel", "story"))
        return "video_courte" if short else "video_longue"
    if "podcast" in f or "audio" in f or "radio" in f:
        return "audio"
    if "newsletter" in f or "mail" in f or "lettre" in f:
        return "email"
    if any(k in f for k in ("carrousel", "image", "photo", "infographie", "visuel", "affiche", "story")):
        return "visuel"
    return "texte"


def grams_per_gb() -> tuple[float, dict[str, Any]]:
    """SWDM v4 gCO2e per GB and the streaming factor, computed by :mod:`casekit.eco` itself.

    One fact, one source: the datasets use the same defaults as the student-facing
    functions (``casekit.eco.MIX_DEFAUT``, a life-cycle French grid intensity, and
    ``casekit.eco.SOURCE_VIDEO_DEFAUT``), so ``eco.gco2e_page`` and ``eco.gco2e_video``
    recompute the dataset columns exactly.
    """
    from casekit import eco

    page = eco.gco2e_page(1000)  # 1 000 Mo = 1 Go
    video = eco.gco2e_video(60)
    direct = eco.gco2e_page(1000, mix="france_directe")
    return float(page["gco2e"]), {"streaming_g_h": float(video["gco2e"]),
                                  "intensite_directe": float(direct["intensite_usage"]),
                                  "intensite_usage": float(page["intensite_usage"]),
                                  "intensite_fabrication": float(page["intensite_fabrication"]),
                                  "modele_page": str(page["modele"]), "modele_video": str(video["modele"])}


_COLS = [
    Col("contenu_id", "texte", "Identifiant du contenu."),
    Col("url", "texte", "Adresse de la fiche du contenu sur le site de l'organisation."),
    Col("titre", "texte", "Titre du contenu."),
    Col("format", "catégorie", "Format éditorial (voir `[contenus].formats` du cas)."),
    Col("canal", "catégorie", "Canal de publication (réseau social, site web ou e-mail)."),
    Col("date_publication", "date", "Date de publication."),
    Col("pilier", "catégorie", "Pilier éditorial (thème récurrent de la ligne éditoriale)."),
    Col("segment_cible", "catégorie", "Segment de clientèle visé en priorité."),
    Col("nb_mots", "entier", "Nombre de mots (vide pour les vidéos et l'audio)."),
    Col("duree_s", "entier", "Durée de la vidéo ou de l'audio (vide pour les autres formats).", "s"),
    Col("poids_page_ko", "entier", "Poids de la page ou du message (hors flux vidéo ou audio).", "ko"),
    Col("a_texte_alternatif", "booléen",
        "Images dotées d'une alternative textuelle (WCAG 1.1.1, RGAA 1.1) ; vide si sans objet "
        "(vidéo, audio)."),
    Col("a_sous_titres", "booléen",
        "Vidéo sous-titrée (WCAG 1.2.2, RGAA 4.3) ; vide pour les formats qui ne sont pas des vidéos."),
    Col("contraste_ok", "booléen", "Contraste du texte conforme (4,5:1 ; WCAG 1.4.3, RGAA 3.2)."),
    Col("niveau_lecture", "catégorie ordonnée", "Niveau de langue (WCAG 3.1.5).", valeurs="FALC < simple < expert"),
    Col("vues", "entier", "Vues (pages vues, lectures vidéo ou audio, ouvertures d'e-mail)."),
    Col("temps_moyen_s", "décimal", "Temps moyen passé par vue (lecture ou visionnage).", "s"),
    Col("interactions", "entier", "Réactions, commentaires, partages, enregistrements et clics."),
    Col("conversions", "entier", "Actions à valeur (réservation, achat, inscription) attribuées au contenu."),
    Col("gco2e_par_vue", "décimal", "Émissions estimées par vue, selon `modele_empreinte`.", "gCO2e"),
    Col("modele_empreinte", "catégorie", "Modèle de calcul de l'empreinte de la ligne."),
]

_MODELS = {
    "page": "SWDM v4 (poids de page)",
    "video": "SWDM v4 (page) + streaming vidéo AIE (g/h)",
    "audio": f"SWDM v4 (page + flux audio {AUDIO_KBPS} kbit/s)",
}


def _channels(case, story_platform: str | None) -> tuple[list[str], str]:
    social = [p for p, n in case["marque"]["abonnes_initiaux"].items() if n > 0]
    if story_platform and story_platform not in social:
        social.append(story_platform)
    email = next((c["id"] for c in case.canaux if c["famille"] == "email"), "newsletter")
    return social, email


def content_base(scn) -> dict[str, Any]:
    """Dates, formats and subtitles of the inventory: drawn once on the scenario.

    The team's notes cite how many videos lack subtitles (``scn.faits["videos"]``);
    the inventory reports the same items. Stream ``("faits", "contenus")``.
    """
    rng = scn.rng("faits", "contenus")
    case = scn.case
    formats = list(case["contenus"]["formats"])
    kinds = [format_kind(f) for f in formats]
    fe = scn.histoire("format_emergent")
    pl = scn.histoire("plainte_accessibilite")
    story_fmt = fe[0]["format"] if fe and fe[0]["format"] in formats else None
    start, end = np.datetime64(scn.debut), np.datetime64(scn.fin)
    span = int((end - start).astype(int)) + 1
    n = round(ITEMS_PER_MONTH * span / 30.44)
    dates = np.sort(start + rng.integers(0, span, n).astype("timedelta64[D]"))
    t = (dates - start).astype(int) / 365.25
    after_fe = dates >= np.datetime64(fe[0]["debut"]) if fe else np.zeros(n, bool)
    after_pl = dates >= np.datetime64(pl[0]["debut"]) if pl else np.zeros(n, bool)

    # Formats: kind weights shared among formats of the same kind; video rises.
    kind_count = {k: kinds.count(k) for k in kinds}
    w_f = np.array([_KIND[k][0] / kind_count[k] for k in kinds])
    W = np.tile(w_f, (n, 1))
    for j, k in enumerate(kinds):
        if k == "video_courte":
            W[:, j] *= 1 + 0.5 * t
        if formats[j] == story_fmt:
            W[:, j] *= np.where(after_fe, 2.0, 1.0)
    fi = choice_rows(rng, W)
    kind = np.array(kinds, dtype=object)[fi]
    is_video = (kind == "video_courte") | (kind == "video_longue")
    # Subtitles: rare at first, then the complaint makes them the rule for new videos.
    probs = set(pl[0]["probleme"]) if pl else set()
    p_sub = np.where(after_pl & ("sous_titres" in probs), 0.88, np.clip(0.12 + 0.05 * t, 0, 0.95))
    sub = (rng.random(n) < p_sub) & is_video
    return dict(n=n, dates=dates, t=t, after_fe=after_fe, after_pl=after_pl, fi=fi, kind=kind,
                is_video=is_video, sous_titres=sub)


def build_inventaire_contenus(scn, rng, *, raw: bool) -> Parts:
    """Content audit: one row per published item."""
    case = scn.case
    ident = case["identite"]
    formats = list(case["contenus"]["formats"])
    kinds = [format_kind(f) for f in formats]
    piliers = list(case["contenus"]["piliers"])
    segs = list(case.segments)
    offers = {o["id"]: o["nom"] for o in ident["offre"]}

    fe = scn.histoire("format_emergent")
    pl = scn.histoire("plainte_accessibilite")
    at = scn.histoire("atout_meconnu")
    story_fmt = fe[0]["format"] if fe and fe[0]["format"] in formats else None
    story_plat = fe[0]["plateforme"] if story_fmt else None
    social, email = _channels(case, story_plat)
    chans = [*social, SITE, email]
    fol0 = np.array([case["marque"]["abonnes_initiaux"].get(p, 0) for p in social], dtype=float)
    fol0 = np.maximum(fol0, 200.0)

    base = scn.contenus
    n, dates, t, fi, kind = base["n"], base["dates"], base["t"], base["fi"], base["kind"]
    after_fe, after_pl = base["after_fe"], base["after_pl"]

    # Channels by kind.
    vsh = np.array([_VIDEO_SHARE.get(p, _VIDEO_SHARE_DEFAULT) for p in social])
    C = len(chans)
    P = np.zeros((n, C))
    is_k = {k: kind == k for k in KINDS}
    P[is_k["video_courte"], : len(social)] = np.sqrt(fol0) * vsh
    P[is_k["visuel"], : len(social)] = np.sqrt(fol0) * (1.1 - vsh)
    long_ch = chans.index("youtube") if "youtube" in social else chans.index(SITE)
    P[is_k["video_longue"], long_ch] = 1.0
    P[is_k["texte"] | is_k["audio"], chans.index(SITE)] = 1.0
    P[is_k["email"], chans.index(email)] = 1.0
    if story_fmt:
        sp = chans.index(story_plat)
        rows = np.array(formats, dtype=object)[fi] == story_fmt
        tot = P[rows].sum(axis=1, keepdims=True)
        P[rows] *= np.where(after_fe[rows, None], 0.3, 0.75) / np.maximum(tot, 1e-9)
        P[rows, sp] += np.where(after_fe[rows], 0.7, 0.25)
    ci = choice_rows(rng, P)
    canal = np.array(chans, dtype=object)[ci]

    # Pillars (the hidden asset's pillar is rare) and target segments.
    atout_pil = None
    if at:
        atout_pil = next((i for i, p in enumerate(piliers) if p.get("activite") == at[0]["activite"]), None)
    w_p = np.ones(len(piliers))
    if atout_pil is not None:
        w_p[atout_pil] = 0.3
    pi = rng.choice(len(piliers), n, p=w_p / w_p.sum())
    seg_w = np.array([[s["part"] * (3.0 if s["activite_preferee"] == p.get("activite") else 1.0) for s in segs]
                      for p in piliers])
    si = choice_rows(rng, seg_w[pi])

    # Lengths and weights.
    def lognorm(med, sd):
        return np.exp(rng.normal(np.log(med), sd, n))

    text_like = is_k["texte"] | is_k["email"] | is_k["visuel"]
    words = np.select([is_k["texte"], is_k["email"], is_k["visuel"]],
                      [lognorm(900, 0.45), lognorm(450, 0.3), lognorm(80, 0.5)], 0)
    dur = np.select([is_k["video_courte"], is_k["video_longue"], is_k["audio"]],
                    [np.clip(lognorm(45, 0.35), 8, 180), np.clip(lognorm(540, 0.5), 120, 3600),
                     np.clip(lognorm(1800, 0.35), 300, 5400)], 0)
    is_av = is_k["video_courte"] | is_k["video_longue"] | is_k["audio"]
    is_video = is_k["video_courte"] | is_k["video_longue"]
    words, dur = np.rint(words).astype(np.int64), np.rint(dur).astype(np.int64)
    med_weight = np.select([is_k["texte"], is_k["visuel"], is_k["email"], is_video, is_k["audio"]],
                           [1600, 2200, 300, 2800, 1500], 1500)
    poids = np.rint(med_weight * np.exp(rng.normal(0.0, 0.45, n))).astype(np.int64)

    # Accessibility: older is worse; the complaint fixes the listed problems.
    probs = set(pl[0]["probleme"]) if pl else set()
    p_alt = np.clip(0.35 + 0.12 * t + np.where(after_pl & bool(probs & {"alt", "texte_alternatif",
                                                                       "alt_text"}), 0.3, 0.0), 0, 0.97)
    p_con = np.where(after_pl & ("contraste" in probs), 0.92, np.clip(0.5 + 0.06 * t, 0, 0.95))
    u = rng.random((2, n))
    alt = pd.array(np.where(text_like, u[0] < p_alt, False), dtype="boolean")
    alt[~text_like] = pd.NA
    sub = pd.array(base["sous_titres"], dtype="boolean")  # drawn on the scenario (cited by notes)
    sub[~is_video] = pd.NA
    contraste = u[1] < p_con
    falc = np.array([s["numerique_facteur"] >= 1.5 for s in segs])[si]
    lvl_p = np.where(falc[:, None], [0.25, 0.6, 0.15], [0.05, 0.65, 0.30])
    niveau = choice_rows(rng, lvl_p)

    # Performance.
    kind_view = {k: v[1] * float(np.exp(rng.normal(0, 0.1))) for k, v in _KIND.items()}
    pil_f = rng.uniform(0.75, 1.1, len(piliers))
    eff_at = at[1] if at else 1.0
    if atout_pil is not None:
        others = np.delete(pil_f, atout_pil)
        pil_f[atout_pil] = others.max() * (0.5 + eff_at)
    months_since = t * 12
    base = np.full(n, 0.0)
    for j, p in enumerate(social):
        m = canal == p
        base[m] = fol0[j] * 0.25 * 1.018 ** months_since[m]
    base[canal == SITE] = 600 * 1.015 ** months_since[canal == SITE]
    base[canal == email] = 300 * 1.01 ** months_since[canal == email]
    mult = np.array([kind_view[k] for k in kind])
    fe_mask = np.zeros(n, bool)
    if story_fmt:
        fe_mask = (np.array(formats, dtype=object)[fi] == story_fmt) & (canal == story_plat) & after_fe
        mult = mult * np.where(fe_mask, fe[1], 1.0)
    vues = rng.poisson(base * mult * np.exp(rng.normal(0, 0.5, n))).astype(np.int64)
    p_int = np.clip(np.array([_KIND[k][2] for k in kind]) * pil_f[pi], 0, 0.5)
    inter = rng.binomial(vues, p_int)
    p_conv = np.clip(0.004 * np.array([_KIND[k][3] for k in kind]) * pil_f[pi], 0, 0.2)
    conv = rng.binomial(vues, p_conv)
    completion = np.clip(rng.beta(4, 5, n) * np.select([is_k["video_courte"], is_video, is_k["audio"]],
                                                       [1.3, 0.8, 0.7], 1.0), 0.02, 1.0)
    seconds = np.where(is_av, dur, words / 230 * 60)
    temps = np.round(seconds * completion, 1)

    # Footprint.
    gpg, eco = grams_per_gb()
    page_g = poids / 1e6 * gpg
    video_g = temps / 3600 * eco["streaming_g_h"]
    audio_g = temps * AUDIO_KBPS / 8 / 1e6 * gpg  # kbit/s → kB/s → GB
    gco2 = np.round(page_g + np.where(is_video, video_g, 0) + np.where(is_k["audio"], audio_g, 0), 6)
    model = np.where(is_video, _MODELS["video"], np.where(is_k["audio"], _MODELS["audio"], _MODELS["page"]))

    # Titles and URLs.
    ids = [f"CNT-{i + 1:04d}" for i in range(n)]
    tpl_pick = rng.integers(0, 1000, n)
    nums = rng.integers(3, 10, n)
    titres = []
    lex = fr.lexique(scn.case)
    org_nom = lex.get(ident["nom"]) or fr.nom(ident["nom"])
    ep: dict[tuple[int, str], int] = {}
    for i in range(n):
        k, pil = kind[i], piliers[pi[i]]
        key = (int(pi[i]), k)
        ep[key] = ep.get(key, 0) + 1
        tpls = _TITRES[k]
        d = pd.Timestamp(dates[i])
        offre = offers.get(pil.get("activite"), ident["nom"])
        titres.append(tpls[tpl_pick[i] % len(tpls)].format(  # grammar: casekit.generators.francais
            pilier=pil["nom"], offre=offre, n=nums[i], k=ep[key], org=ident["nom"], de_org=fr.de(org_nom),
            explique=fr.accorde(lex.get(offre) or fr.nom(offre), "expliqué"), mois=_MOIS_FR[d.month - 1],
            de_mois=fr.de(_MOIS_FR[d.month - 1]), annee=d.year))
    site = ident["site_web"].rstrip("/")
    urls = [f"{site}/contenus/{piliers[pi[i]]['id'].replace('_', '-')}/{ids[i].lower()}" for i in range(n)]

    frame = pd.DataFrame(
        {
            "contenu_id": pd.array(ids, dtype="string"),
            "url": pd.array(urls, dtype="string"),
            "titre": pd.array(titres, dtype="string"),
            "format": pd.Categorical.from_codes(fi, categories=formats),
            "canal": pd.Categorical.from_codes(ci, categories=chans),
            "date_publication": pd.to_datetime(dates),
            "pilier": pd.Categorical.from_codes(pi, categories=[p["id"] for p in piliers]),
            "segment_cible": pd.Categorical.from_codes(si, categories=[s["id"] for s in segs]),
            "nb_mots": pd.array(np.where(text_like, words, 0), dtype="Int64"),
            "duree_s": pd.array(np.where(is_av, dur, 0), dtype="Int64"),
            "poids_page_ko": poids,
            "a_texte_alternatif": alt,
            "a_sous_titres": sub,
            "contraste_ok": contraste,
            "niveau_lecture": pd.Categorical.from_codes(niveau, categories=NIVEAUX, ordered=True),
            "vues": vues,
            "temps_moyen_s": temps,
            "interactions": inter.astype(np.int64),
            "conversions": conv.astype(np.int64),
            "gco2e_par_vue": gco2,
            "modele_empreinte": pd.Categorical(model, categories=list(_MODELS.values())),
        }
    )
    frame.loc[~text_like, "nb_mots"] = pd.NA
    frame.loc[~is_av, "duree_s"] = pd.NA

    gpg_fr = fr.nombre(gpg, 1)
    truth: dict[str, Any] = {
        "multiplicateur_vues_par_type": {k: round(v, 4) for k, v in kind_view.items()},
        "type_par_format": dict(zip(formats, kinds, strict=True)),
        "facteur_engagement_par_pilier": {p["id"]: round(float(f), 4) for p, f in zip(piliers, pil_f, strict=True)},
        "grammes_co2e_par_go": round(gpg, 3),
        "defauts_accessibilite": {
            "videos_sans_sous_titres_avant_plainte": int((is_video & ~after_pl & ~sub.fillna(True)).sum()),
            "videos_sans_sous_titres_apres_plainte": int((is_video & after_pl & ~sub.fillna(True)).sum()),
            "contraste_insuffisant_avant_plainte": int((~contraste & ~after_pl).sum()),
            "contraste_insuffisant_apres_plainte": int((~contraste & after_pl).sum()),
            "images_sans_alternative": int((text_like & ~alt.fillna(True)).sum()),
        },
        "format_emergent": None if not story_fmt else {
            "format": story_fmt, "canal": story_plat, "debut": fe[0]["debut"].isoformat(),
            "effet": fe[1], "nb_contenus_concernes": int(fe_mask.sum()),
        },
        "atout_meconnu": None if atout_pil is None else {
            "pilier": piliers[atout_pil]["id"], "activite": at[0]["activite"],
            "facteur_engagement": round(float(pil_f[atout_pil]), 4),
        },
    }
    return Parts(
        frame=frame,
        columns=_COLS,
        description=(
            "Inventaire (audit) des contenus publiés par l'organisation sur la période : une ligne "
            "par contenu, avec son format, son canal, son pilier éditorial, sa cible, ses critères "
            "d'accessibilité, sa performance et son empreinte carbone estimée.\n\n"
            "Valeurs vides : `nb_mots` n'a pas de sens pour une vidéo ou un audio, `duree_s` pour "
            "un texte ; `a_texte_alternatif` est vide pour les vidéos et l'audio (pas d'image "
            "porteuse d'information dans la page auditée) et `a_sous_titres` pour tout ce qui "
            "n'est pas une vidéo.\n\n"
            f"Empreinte : modèle Sustainable Web Design v4 (SWDM v4), {gpg_fr} gCO2e par Go "
            "transféré (sans mise en cache). L'usage est compté à l'intensité électrique "
            f"française en cycle de vie ({fr.nombre(eco['intensite_usage'], 2)} gCO2e/kWh, Ember, "
            "table `eco_constantes`) et la fabrication à l'intensité mondiale "
            f"({fr.nombre(eco['intensite_fabrication'])} gCO2e/kWh, choix du modèle SWDM v4) : les "
            "deux intensités sont en cycle de vie, donc comparables. L'intensité de RTE "
            f"({fr.nombre(eco['intensite_directe'], 1)} gCO2e/kWh) ne compte que les émissions directes "
            "de la production et sous-estimerait l'usage. Ce sont les valeurs par défaut de "
            "`casekit.eco.gco2e_page` et `casekit.eco.gco2e_video`, qui recalculent donc cette "
            "colonne. Pour les vidéos, on ajoute le "
            f"temps de visionnage × {fr.nombre(eco['streaming_g_h'])} gCO2e par heure (AIE) ; pour l'audio, "
            f"le flux à {AUDIO_KBPS} kbit/s passé dans le même modèle. Ce sont des ordres de "
            "grandeur, pas des mesures."
        ),
        truth=truth,
        sources=["eco_constantes", "criteres_accessibilite"],
    )
