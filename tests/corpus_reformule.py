"""A planted French corpus where the same topics and articles come in different wordings.

Used by ``tests/test_veille_semantique.py`` and ``benchmarks/bench_veille.py`` to
measure what the optional semantic grouping (``casekit.veille.semantique``) adds:

- two *reworded* emerging topics: each article names the topic in one of two
  wordings, an acronym or a paraphrase (« IA générative » / « intelligence
  artificielle générative », « commerce conversationnel » / « vente
  conversationnelle »);
- one *distractor* topic emerging at the same time, close in wording but
  different in meaning (« traduction automatique » next to « sous-titrage
  automatique »), which must keep its own slot;
- reworded republications: some articles are taken up by another feed one or
  two days later with a paraphrased title and summary (known pairs).

Ten feeds over 26 weeks; onsets are drawn in weeks 9–17 from the seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Background themes: three title variants, three sentences each (varied, so two
#: articles of one theme are not republications of each other).
_FOND = {
    "newsletter": (["La lettre d'information fidélise", "Écrire une lettre d'information utile",
                    "Lettre d'information : fréquence et ton"],
                   ["Les abonnés lisent les envois courts jusqu'au bout.",
                    "Un envoi mensuel suffit à garder le lien avec les lecteurs.",
                    "Le taux d'ouverture baisse quand l'objet du message est vague."]),
    "local": (["Référencement local : soigner sa fiche", "Être trouvé près de chez soi",
               "La fiche d'établissement, vitrine locale"],
              ["Une fiche à jour améliore la visibilité dans les recherches proches.",
               "Les horaires exacts évitent des visites inutiles.",
               "Les photos récentes rassurent les visiteurs avant de se déplacer."]),
    "cookies": (["Bandeau cookies : refuser aussi simplement", "Consentement et traceurs",
                 "Les traceurs publicitaires sous surveillance"],
                ["Refuser les traceurs doit rester aussi simple que les accepter.",
                 "Le consentement se recueille avant tout dépôt de traceur.",
                 "Les contrôles visent les bandeaux trompeurs."]),
    "formulaires": (["Formulaires accessibles : l'étiquette d'abord", "Des messages d'erreur clairs",
                     "Remplir un formulaire au clavier"],
                    ["Chaque champ a besoin d'une étiquette visible.",
                     "Un message d'erreur dit quoi corriger et comment.",
                     "L'ordre de tabulation suit l'ordre de lecture."]),
    "poids": (["Alléger le poids des pages", "Images compressées, pages rapides",
               "Sobriété : mesurer le poids des pages"],
              ["Des images compressées allègent les pages et leur empreinte.",
               "Une page légère s'affiche vite sur un réseau lent.",
               "Les polices web pèsent souvent plus lourd que le texte."]),
    "podcast": (["Le podcast de marque installe une écoute", "Un épisode par mois",
                 "Podcast : raconter les coulisses"],
                ["Un épisode mensuel installe une relation d'écoute avec le public.",
                 "Les auditeurs restent pour les histoires vraies.",
                 "Un bon son compte plus que le matériel."]),
    "temoignages": (["Les témoignages clients rassurent", "Avis clients : répondre à tous",
                     "Publier les retours des clients"],
                    ["Les avis des clients rassurent davantage que la publicité classique.",
                     "Répondre aux avis négatifs montre que l'on écoute.",
                     "Un témoignage précis vaut mieux qu'un éloge vague."]),
    "tableau": (["Un tableau de bord utile", "Choisir ses indicateurs",
                 "Tableau de bord : moins de chiffres"],
                ["Un indicateur utile est relié à un objectif et à une décision.",
                 "Trop d'indicateurs tuent la lecture du tableau.",
                 "Chaque chiffre mérite une comparaison avec le mois précédent."]),
    "image": (["Droit à l'image : demander avant", "Photos de personnes et autorisation",
               "Publier une photo de groupe"],
              ["Publier la photo d'une personne suppose son autorisation écrite.",
               "Une autorisation précise l'usage et la durée.",
               "Les mineurs demandent l'accord des parents."]),
    "clair": (["Le langage clair gagne les services", "Écrire en langage clair",
               "Langage clair : une idée par phrase"],
              ["Des phrases courtes et un mot par idée rendent un texte lisible.",
               "Le vocabulaire technique s'explique dès sa première apparition.",
               "Un titre dit ce que le lecteur va trouver."]),
}

_PRENOMS = ["Anouk", "Basile", "Céleste", "Dimitri", "Eugénie", "Firmin", "Gaspard", "Hortense", "Isaure", "Joachim"]
_DETAILS = ["{p} en parle dans sa chronique", "{p} partage un exemple", "Retour d'expérience de {p}",
            "{p} répond aux questions des lecteurs", "Le témoignage de {p}", "{p} détaille sa méthode"]
_VILLES = ["Albi", "Brest", "Colmar", "Dole", "Épinal", "Foix", "Gap", "Laval", "Millau", "Niort", "Redon", "Vannes"]

#: Reworded topics: id, its two wordings (folded key phrases), then per wording
#: the titles and summaries, and (title, summary) paraphrases used for republications.
SUJETS_REFORMULES = [
    {
        "id": "ia_generative",
        "formes": ["ia generative", "intelligence artificielle generative"],
        "textes": [
            (["L'IA générative bouscule les rédactions", "IA générative : les médias locaux testent",
              "Ce que l'IA générative change pour les contenus"],
             ["Les rédactions essaient l'IA générative pour résumer les dépêches.",
              "L'IA générative propose des brouillons que les journalistes vérifient."]),
            (["L'intelligence artificielle générative entre dans les rédactions",
              "Intelligence artificielle générative : une charte pour les médias",
              "Les contenus face à l'intelligence artificielle générative"],
             ["Une charte encadre l'intelligence artificielle générative dans les médias.",
              "L'intelligence artificielle générative écrit des premières versions relues par l'équipe."]),
        ],
    },
    {
        "id": "commerce_conversationnel",
        "formes": ["commerce conversationnel", "vente conversationnelle"],
        "textes": [
            (["Le commerce conversationnel s'impose", "Commerce conversationnel : les boutiques s'y mettent",
              "Le commerce conversationnel gagne les petites enseignes"],
             ["Avec le commerce conversationnel, les clients commandent en écrivant à la boutique.",
              "Le commerce conversationnel séduit les boutiques de quartier."]),
            (["La vente conversationnelle séduit les commerçants", "Vente conversationnelle : répondre vite",
              "La vente conversationnelle arrive chez les artisans"],
             ["La vente conversationnelle passe par les applications de messagerie.",
              "Grâce à la vente conversationnelle, un conseiller répond aux questions avant l'achat."]),
        ],
    },
]

#: A distractor emerging at the same time: close wording, another topic.
DISTRACTEURS = [
    {
        "id": "traduction_automatique",
        "formes": ["traduction automatique"],
        "textes": [
            (["La traduction automatique ouvre les sites aux touristes",
              "Traduction automatique : relire avant de publier",
              "Les sites culturels adoptent la traduction automatique"],
             ["La traduction automatique rend les pages lisibles en plusieurs langues.",
              "Une relecture humaine corrige les contresens de la traduction automatique."]),
        ],
    },
    {
        "id": "sous_titrage",
        "formes": ["sous-titrage automatique"],
        "textes": [
            (["Le sous-titrage automatique arrive sur les vidéos", "Sous-titrage automatique : vérifier les noms propres",
              "Les chaînes généralisent le sous-titrage automatique"],
             ["Le sous-titrage automatique rend les vidéos lisibles sans le son.",
              "Les noms propres restent la faiblesse du sous-titrage automatique."]),
        ],
    },
]

#: Republications reworded by another feed: original title -> (new title, new summary).
REPRISES = {
    "L'IA générative bouscule les rédactions":
        ("Les rédactions bousculées par l'intelligence artificielle générative",
         "Résumer les dépêches avec une intelligence artificielle générative : les rédactions s'y essaient."),
    "Une charte encadre l'intelligence artificielle générative dans les médias.":
        ("Les médias se dotent d'une charte sur l'IA générative",
         "Un texte fixe les règles d'usage de l'IA générative dans les médias."),
    "Le commerce conversationnel s'impose":
        ("La vente par la discussion s'impose",
         "Les clients passent commande directement dans la conversation avec la boutique."),
    "La vente conversationnelle séduit les commerçants":
        ("Les commerçants conquis par le commerce conversationnel",
         "Les applications de messagerie deviennent un canal de vente pour les commerçants."),
    "La traduction automatique ouvre les sites aux touristes":
        ("Les touristes lisent les sites grâce à la traduction automatique",
         "Traduits automatiquement, les sites deviennent lisibles dans plusieurs langues."),
    "Le sous-titrage automatique arrive sur les vidéos":
        ("Les vidéos se dotent de sous-titres automatiques",
         "Des sous-titres générés automatiquement rendent les vidéos lisibles sans le son."),
    "Écrire en langage clair":
        ("Rédiger simplement pour être compris",
         "Phrases courtes, une idée à la fois : un texte simple se lit sans effort."),
    "Alléger le poids des pages":
        ("Des pages plus légères",
         "Compresser les images réduit le poids des pages et leur empreinte."),
}


def corpus_reformule(seed: int) -> tuple[pd.DataFrame, dict]:
    """Articles (``titre``, ``resume``, ``source``, ``date_publication``, ``article_id``) and the truth.

    The truth holds ``sujets`` (id, wordings, onset), ``distracteurs`` (same)
    and ``reprises``: ``(copie, original)`` pairs of ``article_id``.
    """
    rng = np.random.default_rng(4000 + seed)
    start = pd.Timestamp("2026-01-05", tz="Europe/Paris")  # a Monday
    rows: list[dict] = []

    def add(feed, day, title, summary, topic=None):
        rows.append({"source": f"flux-{feed}", "jour": int(day), "titre": title, "resume": summary, "sujet": topic})

    themes = list(_FOND.values())
    for day in range(26 * 7):
        for feed in range(10):
            for _ in range(rng.poisson(0.2)):
                titles, sentences = themes[rng.integers(len(themes))]
                picked = rng.choice(len(sentences), 2, replace=False)
                who = _PRENOMS[rng.integers(len(_PRENOMS))]
                detail = _DETAILS[rng.integers(len(_DETAILS))].format(p=who)
                add(feed, day, f"{titles[rng.integers(len(titles))]} ({who}, {_VILLES[rng.integers(len(_VILLES))]})",
                    f"{sentences[picked[0]]} {detail}.")
    planted = SUJETS_REFORMULES + DISTRACTEURS
    onsets = rng.choice(np.arange(9, 18), len(SUJETS_REFORMULES), replace=False)
    # The distractors start in the same week as the first reworded topic.
    onsets = [*onsets, *([onsets[0]] * len(DISTRACTEURS))]
    truth: dict = {"sujets": [], "distracteurs": [], "reprises": []}
    for topic, w0 in zip(planted, onsets, strict=True):
        d0 = int(w0) * 7 + int(rng.integers(0, 3))
        days = []
        for w, count in enumerate((4, 5, 6, 6, 7)):  # a clear rise over five weeks
            days += list(d0 + 7 * w + rng.integers(0, 7, count))
        days += [d for d in range(d0 + 35, 26 * 7) for _ in range(rng.poisson(4 / 7))]
        versions = topic["textes"]
        for k, d in enumerate(sorted(days)):
            titles, summaries = versions[k % len(versions)]  # the wordings alternate
            who = _PRENOMS[rng.integers(len(_PRENOMS))]
            detail = _DETAILS[rng.integers(len(_DETAILS))].format(p=who)
            add(int(rng.integers(10)), d, f"{titles[rng.integers(len(titles))]} ({who}, {_VILLES[rng.integers(len(_VILLES))]})",
                f"{summaries[rng.integers(len(summaries))]} {detail}.", topic["id"])
        key = "sujets" if topic in SUJETS_REFORMULES else "distracteurs"
        truth[key].append({"id": topic["id"], "formes": topic["formes"],
                           "debut": (start + pd.Timedelta(days=d0)).tz_localize(None).normalize()})
    frame = pd.DataFrame(rows)
    # Reworded republications: the first article carrying each listed title or
    # summary is taken up by another feed one or two days later.
    seen: set[str] = set()
    copies = []
    for i, row in frame.sort_values("jour", kind="stable").iterrows():
        title0, who = row["titre"].rsplit(" (", 1)
        sentence, detail = row["resume"].split(". ", 1) if ". " in row["resume"] else (row["resume"], "")
        for key in (title0, sentence + "."):
            if key in REPRISES and key not in seen:
                seen.add(key)
                title, summary = REPRISES[key]
                title, summary = f"{title} ({who}", f"{summary} {detail}"
                other = (int(row["source"].split("-")[1]) + 1 + int(rng.integers(9))) % 10
                copies.append(({"source": f"flux-{other}", "jour": row["jour"] + int(rng.integers(1, 3)),
                                "titre": title, "resume": summary, "sujet": row["sujet"]}, i))
    frame["article_id"] = [f"a{i:04d}" for i in range(len(frame))]
    extra = pd.DataFrame([c for c, _ in copies])
    extra["article_id"] = [f"r{i:03d}" for i in range(len(extra))]
    truth["reprises"] = [(extra["article_id"].iloc[k], frame.loc[i, "article_id"]) for k, (_, i) in enumerate(copies)]
    frame = pd.concat([frame, extra], ignore_index=True)
    minutes = rng.integers(8 * 60, 19 * 60, len(frame))
    frame["date_publication"] = (start + pd.to_timedelta(frame["jour"], unit="D")
                                 + pd.to_timedelta(minutes, unit="min")).dt.tz_convert("UTC")
    frame = frame.sort_values("date_publication", kind="stable").reset_index(drop=True)
    return frame.drop(columns=["jour"]), truth
