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

_FILLER: dict[str, list[tuple[str, str, str]]] = {
    "marketing": [
        ("besoin", "calendrier éditorial", "Il nous faut un calendrier éditorial partagé à {k} semaines : "
         "aujourd'hui, on décide des publications la veille."),
        ("idée", "newsletter", "La newsletter reste notre canal le plus fidèle. Proposons une rubrique "
         "pratique chaque mois, avec un seul appel à l'action."),
        ("alerte", "mesure et KPI", "Les taux d'engagement des différentes plateformes ne sont pas calculés "
         "de la même façon : fixons une définition commune avant le bilan."),
        ("idée", "contenus des clients", "Relayer les photos et témoignages de clients, avec leur accord, "
         "coûterait peu et rassurerait les nouveaux venus."),
        ("besoin", "mesure et KPI", "J'ai besoin d'un tableau de bord mensuel simple : audience, "
         "engagement, NPS et demandes entrantes."),
        ("contrainte", "calendrier éditorial", "Avec {k} publications par semaine, je n'ai plus le temps "
         "de répondre aux commentaires dans la journée."),
    ],
    "developpement": [
        ("alerte", "performance du site", "La page d'accueil pèse {mo} Mo et met {s} secondes à s'afficher "
         "en 4G : il faut alléger les images."),
        ("idée", "écoconception", "Servir les images en WebP et à la bonne taille ferait gagner environ "
         "{pct} % du poids des pages."),
        ("besoin", "mesure et KPI", "Pour mesurer l'audience sans bandeau de consentement intrusif, je "
         "propose un outil de mesure exempté de consentement."),
        ("contrainte", "maintenance", "Les mises à jour de sécurité du site prennent {h} heures par mois : "
         "ce temps manque pour les nouveaux développements."),
        ("alerte", "conformité RGAA", "Le formulaire de contact n'annonce pas ses erreurs de façon "
         "accessible : les messages ne sont pas reliés aux champs."),
    ],
    "direction_artistique": [
        ("idée", "identité visuelle", "Je propose une bibliothèque de gabarits (publications, miniatures, "
         "couvertures) pour gagner du temps et garder la cohérence."),
        ("contrainte", "production vidéo", "Un tournage soigné demande une demi-journée et {h} heures de "
         "montage : impossible de tenir une vidéo par jour."),
        ("idée", "lisibilité des contenus", "Les visuels chargés de texte passent mal sur mobile : un "
         "message, un visuel."),
        ("besoin", "production vidéo", "Il me faut un micro-cravate et un éclairage d'appoint pour les "
         "tournages : le son reste notre point faible."),
        ("alerte", "identité visuelle", "Plusieurs publications récentes n'utilisent pas les typographies "
         "de la charte ({typo})."),
    ],
    "direction": [
        ("besoin", "mesure et KPI", "J'ai besoin d'un point trimestriel sur trois indicateurs seulement, "
         "reliés à nos objectifs."),
        ("contrainte", "budget et moyens", "Pas de nouvelle dépense publicitaire avant le bilan du "
         "trimestre."),
        ("idée", "engagement et valeurs", "Nos valeurs ({valeur}) doivent se voir dans les contenus : "
         "montrons les coulisses et les personnes."),
        ("alerte", "calendrier éditorial", "L'échéance du {echeance} approche : il faut une première "
         "version de la stratégie pour validation."),
    ],
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


def _fr_date(d) -> str:
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"]
    d = pd.Timestamp(d)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {mois[d.month - 1]} {d.year}"


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

    fmt_h = scn.histoire("format_emergent")
    plat = tx.PLATEFORMES.get(fmt_h[0]["plateforme"], fmt_h[0]["plateforme"]) if fmt_h else "les réseaux sociaux"
    fmt = tx.label_of([fmt_h[0]["format"]], tx.FORMATS)[0] if fmt_h else "vidéos courtes"
    fmt_start = pd.Timestamp(fmt_h[0]["debut"]) if fmt_h else late
    dev_share = next((m["temps_travail"] for m in team if m["pole"] == "developpement"), 0.5)

    # --- Development: subtitles, RGAA, sobriety ---------------------------------
    n_vid = int(rng.integers(30, 70))
    hours = round(n_vid * rng.uniform(0.6, 0.9))
    top = int(rng.integers(8, 15))
    plainte = scn.histoire("plainte_accessibilite")
    p_start = pd.Timestamp(plainte[0]["debut"]) if plainte else late
    add("developpement", "contrainte", T_SOUS_TITRES,
        f"Sous-titrer les {n_vid} vidéos déjà en ligne demande environ {hours} heures, relecture comprise. "
        f"Je suis sur le projet à {round(dev_share * 100)} % : il faut choisir entre ce chantier et les "
        f"autres. Je propose de commencer par les {top} vidéos les plus vues.",
        1, True, p_start + pd.Timedelta(days=5), tag="consensus_sous_titres", lead=True)
    n_crit = int(rng.integers(12, 28))
    add("developpement", "alerte", "conformité RGAA",
        f"Audit rapide du site : {n_crit} critères RGAA non conformes sur les pages testées, dont le "
        "contraste du texte secondaire et les alternatives des images. Il nous faut un plan de mise en "
        "conformité et une déclaration d'accessibilité à jour.",
        1, True, late, fin, lead=True)
    mo = _fr_num(rng.uniform(3.5, 9.0))
    add("developpement", "besoin", "écoconception",
        f"Nos pages avec vidéo pèsent en moyenne {mo} Mo. Si on passe au tout-vidéo, il faut au minimum "
        "des vidéos compressées, sans lecture automatique, avec une image d'aperçu légère.",
        2, False, fmt_start, fmt_start + pd.Timedelta(days=120), lead=True)
    add("developpement", "désaccord", T_VIDEO,
        f"Je ne suis pas d'accord pour tout miser sur les {fmt} sans budget de sous-titrage : chaque "
        "vidéo publiée sans sous-titres augmente notre dette d'accessibilité, et chaque vidéo ajoutée "
        "alourdit les pages. Je préfère moins de vidéos, mais accessibles et légères.",
        1, True, fmt_start + pd.Timedelta(days=70), fmt_start + pd.Timedelta(days=85), tag="tension_video", lead=True)
    add("developpement", "idée", T_SOUS_TITRES,
        "Pour les nouvelles vidéos, intégrons les sous-titres au montage (fichier SRT relu) plutôt que de "
        "les rattraper après coup : c'est deux fois moins de temps au total.",
        2, True, p_start + pd.Timedelta(days=10), tag="consensus_sous_titres", lead=True)

    # --- Art direction: palette contrast ----------------------------------------
    bg, audit = palette_audit(case)
    failing = [a for a in audit if not a["texte_normal_aa"]]
    passing = sorted((a for a in audit if a["texte_normal_aa"]), key=lambda a: -a["ratio"])
    for a in failing:
        large = ("elle reste acceptable pour les grands titres (3:1)" if a["grand_texte_aa"]
                 else "elle échoue même pour les grands titres (3:1)")
        add("direction_artistique", "alerte", T_CHARTE,
            f"La couleur « {a['nom']} » ({a['hex']}) sur « {bg['nom']} » n'atteint que "
            f"{_fr_num(a['ratio'], 2)}:1, sous le seuil de 4,5:1 pour le texte courant (WCAG 1.4.3) ; "
            f"{large}. Elle ne doit plus servir pour du texte courant sur ce fond.",
            1, True, late, late + pd.Timedelta(days=60), tag="tension_charte", lead=True)
    dark = passing[0] if passing else None
    if failing and dark is not None:
        non_text = [a for a in failing if "texte" not in a["role"].lower()]
        acc = min(non_text or failing, key=lambda a: a["ratio"])
        r2 = ratio_contraste(acc["hex"], dark["hex"])
        add("marketing", "désaccord", T_CHARTE,
            f"Retirer « {acc['nom']} » de nos visuels ? C'est la couleur que notre communauté associe à "
            f"{case.nom}. Je ne suis pas d'accord pour la supprimer de la charte.",
            2, True, late + pd.Timedelta(days=70), late + pd.Timedelta(days=100), tag="tension_charte",
            lead=True)
        add("direction_artistique", "idée", T_CHARTE,
            f"Proposition : on garde « {acc['nom']} » en aplat derrière du texte « {dark['nom']} » "
            f"({_fr_num(r2, 2)}:1), jamais pour du texte sur « {bg['nom']} ». La couleur reste, le texte "
            "devient lisible.",
            1, True, late + pd.Timedelta(days=110), late + pd.Timedelta(days=140), tag="consensus_charte",
            lead=True)
        add("developpement", "idée", T_CHARTE,
            "D'accord avec cette proposition : je crée des variables de couleur qui n'autorisent que les "
            "paires conformes, et je les documente dans la charte.",
            2, True, late + pd.Timedelta(days=145), late + pd.Timedelta(days=175), tag="consensus_charte",
            lead=True)

    # --- Marketing: format, dip, competitor, hidden asset, complaint -------------
    tranche = fmt_h[0]["tranche_age"].replace("-", "–") if fmt_h else "18–24"
    k_pub = int(rng.integers(3, 6))
    add("marketing", "idée", T_VIDEO,
        f"Depuis le {_fr_date(fmt_start)}, nos {fmt} sur {plat} font bien mieux que le reste, surtout "
        f"chez les {tranche} ans. Je propose de passer à {k_pub} publications par semaine sur ce format.",
        1, False, fmt_start + pd.Timedelta(days=45), fmt_start + pd.Timedelta(days=65), tag="tension_video", lead=True)
    add("marketing", "désaccord", T_VIDEO,
        f"Ralentir sur {plat} maintenant serait une erreur : c'est là que nous touchons les {tranche} ans. "
        "Publions d'abord, et sous-titrons dans un second temps.",
        1, False, fmt_start + pd.Timedelta(days=88), fmt_start + pd.Timedelta(days=108), tag="tension_video", lead=True)
    if (h := scn.histoire("creux_satisfaction")) is not None:
        story = h[0]
        seg = next(s for s in case.segments if s["id"] == story["segment"])
        item = next(i for i in case["enquete"]["items_csat"] if i["id"] == story["indicateur"])
        add("marketing", "alerte", "satisfaction et avis",
            f"Les avis se dégradent depuis le {_fr_date(story['debut'])}, surtout chez les "
            f"« {seg['nom']} » : les commentaires parlent avant tout de « {item['libelle']} ». Il faut une "
            "réponse éditoriale honnête : reconnaître le problème et informer en temps réel.",
            1, False, pd.Timestamp(story["debut"]) + pd.Timedelta(days=30), story["fin"])
    if (h := scn.histoire("campagne_concurrent")) is not None:
        story = h[0]
        comp = next(c for c in case.concurrents if c["id"] == story["concurrent"])
        cplat = tx.PLATEFORMES.get(story["plateforme"], story["plateforme"])
        add("marketing", "alerte", "concurrence",
            f"{comp['nom']} inonde {cplat} de publicités depuis le {_fr_date(story['debut'])}. Nous ne "
            "pouvons pas suivre en budget : misons sur des contenus utiles plutôt que sur la publicité.",
            2, False, pd.Timestamp(story["debut"]) + pd.Timedelta(days=10), story["fin"])
    if (h := scn.histoire("atout_meconnu")) is not None:
        offre = next(o for o in case["identite"]["offre"] if o["id"] == h[0]["activite"])
        add("marketing", "idée", "atout méconnu",
            f"« {offre['nom']} » est adoré par celles et ceux qui le connaissent, mais presque invisible "
            "en ligne : il faut des contenus et des mots-clés dédiés.",
            1, False, late, fin)
    if plainte is not None:
        probs = " et ".join(tx.probleme_phrases(case, p)[0] for p in plainte[0]["probleme"])
        add("marketing", "alerte", T_SOUS_TITRES,
            f"Une association a publiquement signalé {probs} le {_fr_date(p_start)}. Répondons vite, "
            "avec un calendrier de corrections crédible.",
            1, True, p_start, p_start + pd.Timedelta(days=3), tag="consensus_sous_titres")

    # --- Management: budget, constraints, arbitration ----------------------------
    budget = f"{cmd['budget_annuel_eur']:,.0f}".replace(",", "\u202f")
    add("direction", "contrainte", "budget et moyens",
        f"Budget contenus de {budget} € par an : chaque nouveau format doit remplacer quelque chose, "
        "pas s'ajouter.", 1, False, late, fin)
    access_words = ("rgaa", "sous-titr", "accessib", "falc", "handicap")
    for c in cmd["contraintes"]:
        add("direction", "contrainte", "cadrage", f"Rappel du cadrage : {tx.lower_first(c)}", 2,
            any(w in c.lower() for w in access_words), late, fin)
    k_week = int(rng.integers(2, 4))
    add("direction", "contrainte", T_VIDEO,
        f"Arbitrage après notre réunion : nous gardons les {fmt} sur {plat}, mais chaque vidéo est "
        f"publiée sous-titrée et légère, dans la limite de {k_week} par semaine. Les vidéos les plus vues "
        f"seront sous-titrées avant le {_fr_date(cmd['echeance'])}.",
        1, True, fmt_start + pd.Timedelta(days=115), fmt_start + pd.Timedelta(days=130), tag="arbitrage_video", lead=True)

    # --- Working needs and expertise of people with accessibility needs ----------
    for m in team:
        need = m["besoins_accessibilite"].strip()
        if not need:
            continue
        low = need.lower()
        match = next((x for x in _NEEDS if any(w in low for w in x[0])), None)
        req = match[1] if match else "que nous convenions ensemble des aménagements utiles"
        add(m["pole"], "besoin", "conditions de travail",
            f"Pour contribuer pleinement au projet, j'ai besoin {req}. Merci de l'intégrer à notre "
            "organisation d'équipe.", 2, True, late, fin, author=m)
        if match:
            t, theme, text = match[2]
            add(m["pole"], t, theme, text, 1 if t == "alerte" else 2, True, late, fin, author=m)

    # --- Filler notes from every pole -------------------------------------------
    poles_present = [p for p in POLES if any(m["pole"] == p for m in team)]
    pool = [(p, k) for p in poles_present for k in range(len(_FILLER[p]))]
    target = int(rng.integers(45, 61))
    n_fill = min(len(pool), max(0, target - len(notes)))
    slots = dict(k=int(rng.integers(3, 7)), mo=_fr_num(rng.uniform(2.5, 6.0)), s=int(rng.integers(4, 9)),
                 pct=int(rng.integers(25, 55)), h=int(rng.integers(4, 10)),
                 typo=", ".join(case["charte"]["typographies"]),
                 valeur=", ".join(v.lower() for v in case["identite"]["valeurs"][:2]),
                 echeance=_fr_date(cmd["echeance"]))
    chosen = rng.permutation(len(pool))[:n_fill]
    starts = rng.integers(0, max(1, (fin - debut).days - 30), n_fill)
    for j, st in zip(np.sort(chosen).tolist(), starts.tolist(), strict=True):
        pole, k = pool[j]
        t, theme, text = _FILLER[pole][k]
        lo = debut + pd.Timedelta(days=st)
        add(pole, t, theme, text.format(**slots), int(rng.integers(2, 4)),
            theme == "conformité RGAA", lo, lo + pd.Timedelta(days=30))

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
