"""The ``retours_equipes`` dataset: written feedback from the team.

Notes are written by the people of ``[[equipe]]`` and tied to the case:
subtitle workload and RGAA conformity (development), colour contrast of the
brand palette computed with the WCAG formula (art direction), the emerging
format, the satisfaction dip, the competitor's campaign and the hidden asset
(marketing), budget and constraints of the brief (management). Team members
with accessibility needs state their working needs and bring their expertise.
One genuine disagreement (video first vs sobriety and accessibility cost) is
arbitrated by management; a second tension (brand colour vs contrast) ends in
a consensus. ``truth`` lists the tensions, the consensus themes and the notes
that evidence them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.a11y import ratio_contraste
from casekit.generators import francais as fr
from casekit.generators import texts as tx
from casekit.generators._base import Col, Parts

POLES = {
    "marketing": "marketing",
    "developpement": "développement",
    "direction_artistique": "direction artistique",
    "direction": "direction",
}
TYPES = ["contrainte", "idée", "alerte", "besoin", "désaccord"]
T_VIDEO = "vidéo d'abord ou sobriété"
T_CHARTE = "contraste de la charte"
T_SOUS_TITRES = "accessibilité des vidéos"

# Neutral fallbacks for a user case file without ``textes.equipe`` banks.
_FALLBACK_NOTES = [
    {"pole": "marketing", "type": "besoin", "theme": "mesure et KPI",
     "texte": "J'ai besoin d'un tableau de bord mensuel simple : audience, engagement et avis."},
    {"pole": "direction", "type": "contrainte", "theme": "budget et moyens",
     "texte": "Pas de nouvelle dépense avant le bilan du trimestre."},
]
_FALLBACK_STORIES: dict[str, list[str]] = {
    "sous_titres_charge": ["{sans_sous_titres} vidéos sur {en_ligne} n'ont pas de sous-titres : environ "
                           "{heures} heures de travail. Commençons par les {top} plus vues."],
    "rgaa": ["Audit rapide : {n_crit} critères RGAA non conformes sur les pages testées."],
    "poids_video": ["Nos pages avec vidéo pèsent en moyenne {mo} Mo : il faut compresser."],
    "video_desaccord": ["Pas d'accord pour tout miser sur les {fmt} sans budget de sous-titrage."],
    "sous_titres_montage": ["Intégrons les sous-titres au montage plutôt qu'après coup."],
    "charte_grand": ["elle reste acceptable pour les grands titres (3:1)",
                     "elle échoue même pour les grands titres (3:1)"],
    "charte_alerte": ["« {couleur} » ({hex}) sur « {fond} » : {ratio}:1, sous 4,5:1 ; {grand}."],
    "charte_desaccord": ["Retirer « {couleur} » ? C'est notre couleur signature."],
    "charte_consensus": ["« {couleur} » en aplat derrière du texte « {sombre} » ({ratio}:1)."],
    "charte_variables": ["Je crée des variables de couleur limitées aux paires conformes."],
    "format_idee": ["Nos {fmt} sur {plat} marchent bien chez les {tranche} ans."],
    "format_desaccord": ["Ralentir sur {plat} maintenant serait une erreur."],
    "creux_alerte": ["Les avis se dégradent depuis {mois}, surtout chez {publics} ({item})."],
    "creux_contradiction": ["Je pense plutôt que le problème vient de {autre}."],
    "campagne_alerte": ["{concurrent} multiplie les publicités sur {plat} depuis {mois}."],
    "atout_idee": ["« {activite} » mérite plus de visibilité en ligne."],
    "plainte_alerte": ["Une association a signalé {problemes} en {mois}. Répondons vite."],
    "budget": ["Budget contenus de {budget} € par an."],
    "cadrage": ["Rappel du cadrage : {contrainte}."],
    "arbitrage": ["Arbitrage : {fmt} sur {plat}, sous-titrées, {k} par semaine au plus."],
}

# Working needs: keyword in ``besoins_accessibilite`` -> (request, expertise note).
_NEEDS = [
    (("lsf", "langue des signes"),
     "d'un interprète en LSF pour les réunions d'équipe et d'échanges écrits sur la messagerie au "
     "quotidien",
     ("idée", T_SOUS_TITRES, "Les sous-titres sont un minimum : une version en langue des signes de nos "
      "contenus essentiels toucherait aussi le public sourd signant.")),
    (("fauteuil", "mobilité réduite"),
     "de réunions au rez-de-chaussée ou en visioconférence, et de lieux de tournage accessibles",
     ("alerte", "accessibilité du lieu", "Nos informations pratiques doivent décrire l'accès réel : "
      "entrée, ascenseur, toilettes adaptées, places réservées. Aujourd'hui, elles sont incomplètes.")),
    (("dalton",),
     "que les couleurs des maquettes soient nommées et accompagnées de leur code hexadécimal",
     ("alerte", "identité visuelle", "Sur nos visuels et nos graphiques, l'information ne doit jamais "
      "passer par la couleur seule : ajoutons des libellés ou des motifs.")),
    (("tdah", "attention"),
     "de réunions courtes avec un ordre du jour écrit, et de tâches découpées en étapes claires",
     ("idée", "lisibilité des contenus", "Découpons nos tutoriels et nos pages en étapes courtes, avec un "
      "titre clair pour chacune : tout le monde s'y retrouve plus vite.")),
    (("lecteur d'écran", "malvoy", "zoom", "aveugle"),
     "que chaque maquette soit accompagnée d'une description textuelle (structure, hiérarchie, couleurs "
     "et contrastes) et que nos documents partagés utilisent de vrais titres et des listes",
     ("alerte", "conformité RGAA", "J'ai parcouru le site avec mon lecteur d'écran : plusieurs boutons "
      "n'ont pas d'intitulé, des images informatives n'ont pas d'alternative et le menu se ferme au "
      "clavier. À corriger en priorité.")),
    (("surdité", "sourd", "malentend", "transcription"),
     "d'un ordre du jour écrit envoyé la veille, de la transcription automatique activée en réunion et "
     "d'un court relevé de décisions par écrit",
     ("idée", T_SOUS_TITRES, "Regardez nos vidéos sans le son : la moitié du message se perd. Les "
      "sous-titres doivent faire partie du montage, pas venir après.")),
    (("dyslexie", "dys"),
     "de consignes écrites courtes, du correcteur orthographique activé dans nos outils partagés et "
     "d'une relecture croisée avant publication",
     ("idée", "lisibilité des contenus", "Nos textes gagneraient à être plus courts : phrases simples, "
      "un message par publication. C'est aussi ce que recommande le « facile à lire et à comprendre ».")),
]

_COLS = [
    Col("note_id", "texte", "Identifiant du retour."),
    Col("date", "date", "Date du retour (message, compte rendu ou note partagée)."),
    Col("auteur", "texte", "Prénom et nom de l'auteur (personne fictive de l'équipe)."),
    Col("pole", "catégorie", "Pôle de l'auteur.", valeurs=", ".join(POLES.values())),
    Col("role", "texte", "Fonction de l'auteur."),
    Col("type_retour", "catégorie", "Nature du retour.", valeurs=", ".join(TYPES)),
    Col("theme", "texte", "Thème du retour."),
    Col("texte", "texte", "Contenu du retour, tel qu'écrit par son auteur."),
    Col("priorite", "entier", "Priorité donnée par l'auteur : 1 haute, 2 moyenne, 3 basse.", valeurs="1 à 3"),
    Col("concerne_accessibilite", "booléen", "Vrai si le retour porte sur l'accessibilité (contenus, "
        "site, conditions de travail)."),
]


def _fr_num(x: float, nd: int = 1) -> str:
    """French decimal comma: ``3.25`` → ``"3,3"``."""
    return f"{x:.{nd}f}".replace(".", ",")


def palette_audit(case) -> tuple[dict, list[dict]]:
    """Background colour and the WCAG ratio of every other colour against it.

    Returns
    -------
    (dict, list of dict)
        The background colour, then one dict per other colour with its ratio
        and whether it passes 4.5:1 (normal text) and 3:1 (large text).
    """
    cols = list(case["charte"]["couleurs"])
    bg = next((c for c in cols if "fond" in c["role"].lower()), None)
    if bg is None:
        bg = max(cols, key=lambda c: ratio_contraste(c["hex"], "#000000"))
    rows = []
    for c in cols:
        if c is bg:
            continue
        r = ratio_contraste(c["hex"], bg["hex"])
        rows.append({"nom": c["nom"], "hex": c["hex"], "role": c["role"], "ratio": round(r, 2),
                     "texte_normal_aa": r >= 4.5, "grand_texte_aa": r >= 3.0})
    return dict(bg), rows


def build_retours_equipes(scn, rng: np.random.Generator, *, raw: bool) -> Parts:
    """Build the team feedback notes (see the module docstring).

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
    team = list(case["equipe"])
    cmd = case["commanditaire"]
    debut, fin = pd.Timestamp(scn.debut), pd.Timestamp(scn.fin)
    late = max(debut, fin - pd.Timedelta(days=365))
    notes: list[dict] = []

    def add(pole, type_, theme, text, prio, access, lo, hi=None, tag=None, author=None, lead=False):
        lo = max(pd.Timestamp(lo), debut)
        hi = min(pd.Timestamp(hi) if hi is not None else lo + pd.Timedelta(days=45), fin)
        notes.append(dict(pole=pole, type=type_, theme=theme, texte=text, prio=prio, access=access,
                          lo=lo, hi=max(hi, lo), tag=tag, author=author, lead=lead))

    brief = scn.faits["brief"]
    after_brief = pd.Timestamp(brief["date"]) + pd.Timedelta(days=1)
    lex = fr.lexique(case)
    own = tx.textes(case).get("equipe", {})
    stories = own.get("histoires", {})
    used: set = set()

    def say(key: str, **slots) -> str:
        """One alternative of ``textes.equipe.histoires.<key>``, filled and typeset."""
        bank = list(stories.get(key, ())) or list(_FALLBACK_STORIES.get(key, ()))
        fresh = [t for t in bank if t not in used] or bank
        tpl = fresh[int(rng.integers(len(fresh)))]
        used.add(tpl)
        return fr.typo(tpl.format_map({**base_slots, **slots}))

    base_slots = {**tx.marque_slots(case.nom, lex), "echeance": fr.date_longue(brief["echeance"]),
                  "budget": fr.nombre(brief["budget_annuel_eur"])}

    fmt_h = scn.histoire("format_emergent")
    plat = tx.PLATEFORMES.get(fmt_h[0]["plateforme"], fmt_h[0]["plateforme"]) if fmt_h else "les réseaux sociaux"
    fmt = tx.label_of([fmt_h[0]["format"]], tx.FORMATS)[0] if fmt_h else "vidéos courtes"
    fmt_start = pd.Timestamp(fmt_h[0]["debut"]) if fmt_h else late
    dev_share = next((m["temps_travail"] for m in team if m["pole"] == "developpement"), 0.5)

    # --- Development: subtitles, RGAA, sobriety ---------------------------------
    vids = scn.faits["videos"]
    constat = pd.Timestamp(vids["date_constat"])
    n_vid = int(vids["sans_sous_titres"])
    hours = round(n_vid * rng.uniform(0.6, 0.9))
    top = int(rng.integers(8, 15))
    plainte = scn.histoire("plainte_accessibilite")
    p_start = pd.Timestamp(plainte[0]["debut"]) if plainte else late
    add("developpement", "contrainte", T_SOUS_TITRES,
        say("sous_titres_charge", sans_sous_titres=n_vid, en_ligne=int(vids["en_ligne"]), heures=hours,
            part=round(dev_share * 100), top=top),
        1, True, constat, constat + pd.Timedelta(days=20), tag="consensus_sous_titres", lead=True)
    add("developpement", "alerte", "conformité RGAA", say("rgaa", n_crit=int(rng.integers(12, 28))),
        1, True, late, fin, lead=True)
    add("developpement", "besoin", "écoconception", say("poids_video", mo=_fr_num(rng.uniform(3.5, 9.0))),
        2, False, fmt_start, fmt_start + pd.Timedelta(days=120), lead=True)
    add("developpement", "désaccord", T_VIDEO, say("video_desaccord", fmt=fmt, plat=plat),
        1, True, fmt_start + pd.Timedelta(days=70), fmt_start + pd.Timedelta(days=85), tag="tension_video", lead=True)
    add("developpement", "idée", T_SOUS_TITRES, say("sous_titres_montage"),
        2, True, constat + pd.Timedelta(days=5), tag="consensus_sous_titres", lead=True)

    # --- Art direction: palette contrast ----------------------------------------
    bg, audit = palette_audit(case)
    failing = [a for a in audit if not a["texte_normal_aa"]]
    passing = sorted((a for a in audit if a["texte_normal_aa"]), key=lambda a: -a["ratio"])
    grand = list(stories.get("charte_grand", ())) or _FALLBACK_STORIES["charte_grand"]
    for a in failing:
        add("direction_artistique", "alerte", T_CHARTE,
            say("charte_alerte", couleur=a["nom"], hex=a["hex"], fond=bg["nom"], ratio=_fr_num(a["ratio"], 2),
                grand=grand[0] if a["grand_texte_aa"] else grand[1]),
            1, True, late, late + pd.Timedelta(days=60), tag="tension_charte", lead=True)
    dark = passing[0] if passing else None
    if failing and dark is not None:
        non_text = [a for a in failing if "texte" not in a["role"].lower()]
        acc = min(non_text or failing, key=lambda a: a["ratio"])
        r2 = ratio_contraste(acc["hex"], dark["hex"])
        add("marketing", "désaccord", T_CHARTE, say("charte_desaccord", couleur=acc["nom"]),
            2, True, late + pd.Timedelta(days=70), late + pd.Timedelta(days=100), tag="tension_charte",
            lead=True)
        add("direction_artistique", "idée", T_CHARTE,
            say("charte_consensus", couleur=acc["nom"], sombre=dark["nom"], ratio=_fr_num(r2, 2), fond=bg["nom"]),
            1, True, late + pd.Timedelta(days=110), late + pd.Timedelta(days=140), tag="consensus_charte",
            lead=True)
        add("developpement", "idée", T_CHARTE, say("charte_variables"),
            2, True, late + pd.Timedelta(days=145), late + pd.Timedelta(days=175), tag="consensus_charte",
            lead=True)

    # --- Marketing: format, dip, competitor, hidden asset, complaint -------------
    # Hints only: a month or a season, the words people use for a public, the
    # domain of a complaint; never a segment's name, an exact date or a label
    # of the answer key. Team members may disagree on the cause.
    tranche = fmt_h[0]["tranche_age"].replace("-", "–") if fmt_h else "18–24"
    add("marketing", "idée", T_VIDEO,
        say("format_idee", fmt=fmt, plat=plat, tranche=tranche, k=int(rng.integers(3, 6)),
            mois=fr.MOIS[fmt_start.month - 1], de_mois=fr.de(fr.MOIS[fmt_start.month - 1])),
        1, False, fmt_start + pd.Timedelta(days=45), fmt_start + pd.Timedelta(days=65), tag="tension_video", lead=True)
    add("marketing", "désaccord", T_VIDEO, say("format_desaccord", fmt=fmt, plat=plat, tranche=tranche),
        1, False, fmt_start + pd.Timedelta(days=88), fmt_start + pd.Timedelta(days=108), tag="tension_video", lead=True)
    items = {i["id"]: i for i in case["enquete"]["items_csat"]}
    if (h := scn.histoire("creux_satisfaction")) is not None:
        story = h[0]
        d0 = pd.Timestamp(story["debut"])
        words = list(tx.textes(case).get("publics", {}).get(story["segment"], ())) or ["certains clients"]
        item = tx.lower_first(tx.short_label(items[story["indicateur"]]["libelle"]))
        others = [i for i in items if i != story["indicateur"] and "accessib" not in i]
        other = tx.lower_first(tx.short_label(items[others[int(rng.integers(len(others)))]]["libelle"]))
        slots = dict(mois=fr.MOIS[d0.month - 1], de_mois=fr.de(fr.MOIS[d0.month - 1]),
                     **fr.saisons(d0), item=item, autre=other)
        slots["publics"] = words[int(rng.integers(len(words)))]
        slots["de_publics"] = fr.de(slots["publics"])
        add("marketing", "alerte", "satisfaction et avis", say("creux_alerte", **slots),
            1, False, d0 + pd.Timedelta(days=25), d0 + pd.Timedelta(days=45))
        add("direction", "désaccord", "satisfaction et avis", say("creux_contradiction", **slots),
            2, False, d0 + pd.Timedelta(days=50), d0 + pd.Timedelta(days=80))
    if (h := scn.histoire("campagne_concurrent")) is not None:
        story = h[0]
        comp = next(c for c in case.concurrents if c["id"] == story["concurrent"])
        cplat = tx.PLATEFORMES.get(story["plateforme"], story["plateforme"])
        d0 = pd.Timestamp(story["debut"])
        cn = lex.get(comp["nom"]) or fr.nom(comp["nom"])
        add("marketing", "alerte", "concurrence",
            say("campagne_alerte", concurrent=fr.le(cn), de_concurrent=fr.de(cn), plat=cplat,
                mois=fr.MOIS[d0.month - 1], de_mois=fr.de(fr.MOIS[d0.month - 1]), **fr.saisons(d0)),
            2, False, d0 + pd.Timedelta(days=10), story["fin"])
    if (h := scn.histoire("atout_meconnu")) is not None:
        offre = next(o for o in case["identite"]["offre"] if o["id"] == h[0]["activite"])
        add("marketing", "idée", "visibilité de l'offre",
            say("atout_idee", activite=tx.short_label(offre["nom"]), activite_id=offre["id"]),
            1, False, late, fin)
    if plainte is not None:
        probs = " et ".join(tx.probleme_phrases(case, p)[0] for p in plainte[0]["probleme"])
        add("marketing", "alerte", T_SOUS_TITRES,
            say("plainte_alerte", problemes=probs, mois=fr.MOIS[p_start.month - 1],
                de_mois=fr.de(fr.MOIS[p_start.month - 1])),
            1, True, p_start, p_start + pd.Timedelta(days=3), tag="consensus_sous_titres")

    # --- Management: budget, constraints, arbitration (all after the brief) ------
    add("direction", "contrainte", "budget et moyens", say("budget"), 1, False, max(late, after_brief), fin)
    access_words = ("rgaa", "sous-titr", "accessib", "falc", "handicap")
    for c in cmd["contraintes"]:
        add("direction", "contrainte", "cadrage", say("cadrage", contrainte=tx.lower_first(c).rstrip(".")), 2,
            any(w in c.lower() for w in access_words), max(late, after_brief), fin)
    arb = max(fmt_start + pd.Timedelta(days=115), after_brief)
    add("direction", "contrainte", T_VIDEO,
        say("arbitrage", fmt=fmt, plat=plat, k=int(rng.integers(2, 4))),
        1, True, arb, arb + pd.Timedelta(days=15), tag="arbitrage_video", lead=True)

    # --- Working needs and expertise of people with accessibility needs ----------
    own_needs = own.get("besoins", {})
    for m in team:
        need = m["besoins_accessibilite"].strip()
        if not need:
            continue
        mine = list(own_needs.get(m["prenom"], ()))
        if mine:
            add(m["pole"], "besoin", "conditions de travail", fr.typo(mine[0]), 2, True, late, fin, author=m)
            for text in mine[1:]:
                add(m["pole"], "idée", "accessibilité des contenus", fr.typo(text), 2, True, late, fin, author=m)
            continue
        low = need.lower()
        match = next((x for x in _NEEDS if any(w in low for w in x[0])), None)
        req = match[1] if match else "que nous convenions ensemble des aménagements utiles"
        add(m["pole"], "besoin", "conditions de travail",
            fr.typo(f"Pour contribuer pleinement au projet, j'ai besoin {req}. Merci de l'intégrer à notre "
                    "organisation d'équipe."), 2, True, late, fin, author=m)
        if match:
            t, theme, text = match[2]
            add(m["pole"], t, theme, fr.typo(text), 1 if t == "alerte" else 2, True, late, fin, author=m)

    # --- Everyday notes from every pole (the case's own jargon) -------------------
    poles_present = {m["pole"] for m in team}
    pool = [x for x in (own.get("notes") or _FALLBACK_NOTES) if x["pole"] in poles_present]
    target = int(rng.integers(45, 61))
    n_fill = min(len(pool), max(0, target - len(notes)))
    slots = dict(base_slots, k=int(rng.integers(3, 7)), mo=_fr_num(rng.uniform(2.5, 6.0)),
                 s=int(rng.integers(4, 9)), pct=int(rng.integers(25, 55)), h=int(rng.integers(4, 10)),
                 typo=", ".join(case["charte"]["typographies"]),
                 valeur=", ".join(v.lower() for v in case["identite"]["valeurs"][:2]),
                 salaries=scn.faits["effectif"]["salaries"])
    chosen = rng.permutation(len(pool))[:n_fill]
    starts = rng.integers(0, max(1, (fin - debut).days - 30), n_fill)
    for j, st in zip(np.sort(chosen).tolist(), starts.tolist(), strict=True):
        x = pool[j]
        lo = debut + pd.Timedelta(days=st)
        if "{echeance}" in x["texte"] or "{budget}" in x["texte"]:
            lo = max(lo, after_brief)
        add(x["pole"], x["type"], x["theme"], fr.typo(x["texte"].format_map(slots)), int(rng.integers(2, 4)),
            x["theme"] == "conformité RGAA", lo, lo + pd.Timedelta(days=30))

    # --- Authors and dates ------------------------------------------------------
    by_pole = {p: [m for m in team if m["pole"] == p] for p in POLES}
    n = len(notes)
    pick = rng.random(n)
    span = np.array([(x["hi"] - x["lo"]).days for x in notes])
    offset = np.floor(rng.random(n) * (span + 1)).astype(int)
    rows = []
    for i, x in enumerate(notes):
        cands = by_pole.get(x["pole"]) or by_pole["direction"] or team
        who = x["author"] or (cands[0] if x["lead"] else cands[int(pick[i] * len(cands))])
        rows.append({
            "date": x["lo"] + pd.Timedelta(days=int(offset[i])),
            "auteur": f"{who['prenom']} {who['nom']}",
            "pole": POLES[who["pole"]],
            "role": who["role"],
            "type_retour": x["type"],
            "theme": x["theme"],
            "texte": x["texte"],
            "priorite": x["prio"],
            "concerne_accessibilite": x["access"],
            "_tag": x["tag"],
        })
    df = pd.DataFrame(rows)
    df = df.iloc[np.lexsort((np.arange(n), df["date"].to_numpy()))].reset_index(drop=True)
    df.insert(0, "note_id", [f"RET-{i:03d}" for i in range(1, n + 1)])
    tags = df.pop("_tag")

    def ids(tag):
        return df.loc[tags == tag, "note_id"].tolist()

    frame = pd.DataFrame({
        "note_id": pd.array(df["note_id"], dtype="string"),
        "date": pd.to_datetime(df["date"]).astype("datetime64[ns]"),
        "auteur": pd.array(df["auteur"], dtype="string"),
        "pole": pd.Categorical(df["pole"], categories=list(POLES.values())),
        "role": pd.array(df["role"], dtype="string"),
        "type_retour": pd.Categorical(df["type_retour"], categories=TYPES),
        "theme": pd.array(df["theme"], dtype="string"),
        "texte": pd.array(df["texte"], dtype="string"),
        "priorite": df["priorite"].astype("int64"),
        "concerne_accessibilite": df["concerne_accessibilite"].astype(bool),
    })
    tensions = [{
        "theme": T_VIDEO,
        "poles": ["marketing", "développement"],
        "positions": {"marketing": f"publier davantage de {fmt} sur {plat}, sous-titrer ensuite",
                      "développement": "moins de vidéos, mais sous-titrées et légères"},
        "notes": ids("tension_video"),
        "arbitrage": ids("arbitrage_video"),
    }]
    if any(tags == "consensus_charte"):
        tensions.append({
            "theme": T_CHARTE, "poles": ["direction artistique", "marketing"],
            "positions": {"direction artistique": "ne plus utiliser les couleurs non conformes pour le texte",
                          "marketing": "garder la couleur signature de la marque"},
            "notes": ids("tension_charte"), "arbitrage": ids("consensus_charte"),
        })
    consensus = [{"theme": T_SOUS_TITRES, "notes": ids("consensus_sous_titres"),
                  "accord": "sous-titrer les nouvelles vidéos dès le montage et rattraper les plus vues"}]
    if ids("consensus_charte"):
        consensus.append({"theme": T_CHARTE, "notes": ids("consensus_charte"),
                          "accord": "couleur signature en aplat, texte seulement sur des paires conformes"})
    truth = {
        "tensions": tensions,
        "consensus": consensus,
        "couleur_fond": bg["nom"],
        "couleurs_contraste_insuffisant": [
            {"nom": a["nom"], "hex": a["hex"], "ratio": a["ratio"]} for a in failing],
        "notes_accessibilite": frame.loc[frame["concerne_accessibilite"], "note_id"].tolist(),
        "notes_besoins_equipe": frame.loc[frame["theme"] == "conditions de travail", "note_id"].tolist(),
    }
    return Parts(
        frame=frame,
        columns=_COLS,
        description=(
            f"Retours écrits des équipes de {case.nom} (marketing, développement, direction artistique, "
            "direction) recueillis pendant la préparation de la stratégie de contenu : messages, notes de "
            "réunion et commentaires sur les documents partagés. Ils expriment des contraintes, des idées, "
            "des alertes, des besoins et des désaccords. Repérez les points de consensus, les tensions "
            "entre pôles et les contraintes à intégrer à la stratégie (accessibilité, moyens, "
            "écoconception). Les rapports de contraste cités suivent la formule WCAG (luminance relative) ; "
            "vérifiez-les avec la table `palette` du jeu `profil`.\n\n"
            "Certaines personnes de l'équipe ont indiqué des besoins d'accessibilité pour travailler : ces "
            "informations ont été partagées volontairement par les intéressées et servent à organiser le "
            "travail collectif."
        ),
        truth=truth,
    )
