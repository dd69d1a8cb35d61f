"""The ``flux_veille`` dataset: articles of fictional RSS/Atom monitoring feeds.

Eight fictional sources in four categories (tendances, technique, juridique,
concurrence) publish a steady background of articles over the case period.
On top of it, the case's planted stories surface as *emerging topics* whose
articles share marker terms in a known window:

- ``format_emergent``: a short vertical video format on a platform takes off;
- ``plainte_accessibilite``: subtitles and contrast become a topic;
- ``campagne_concurrent``: a competitor's sponsored campaign is covered;
- an emerging topic of the fictional world (``SUJETS_VEILLE``: generative AI,
  voice search, virtual reality…) ramps up from an onset; which topic and when
  are drawn per seed on the Scenario (``scn.faits["veille"]``) from the case
  file's ``[veille] sujets_possibles`` and ``debuts_possibles``.

Every fictional article is distinct: a topic sentence is completed by a
concrete detail (an invented person, role and structure, a town, figures) and
titles take optional angles, so no two stories share their text.

Stories travel between sources in two ways. *Exact republications*: another
feed of the same category republishes an article with the same title and
summary and the original link plus ``utm_*`` parameters, within two days
(``truth["doublons"]``: found by guid or canonical link). *Near-duplicates*:
the sister feed rewrites a story within three days, with a reworded title
(« Via … : » lead-in, synonyms, word order), a lightly edited summary
(synonym, sentence order, credit line), its own link (tracking parameters on
half of them) and guid (``truth["quasi_doublons"]``, as ``{"article_id",
"original_id"}``): only text similarity finds them
(:func:`casekit.veille.curate.regrouper_similaires`). Sector words come from
the case (platforms, format, competitors, sector, town); the rest is
sector-neutral. ``truth["tendances"]`` gives, for each
planted topic, its window, its main category (``categorie``: where it
surfaces first, with a few articles in its first two weeks) and the
normalised terms a trend detector should surface.

Six real, dated legal texts (influence law 2023-451, law 2023-171 and the
European Accessibility Act in force on 28 June 2025, RGAA 4.1.2, RGESN 2024,
REEN law 2021-1485) are published by the first juridique feed with
``reel=True`` and their official address in ``lien`` and
``source_officielle``; every other item is fictional, on ``example.org``.

The feeds can be written as RSS 2.0 / Atom 1.0 files and an OPML list with
:func:`casekit.veille.export.ecrire_flux`; the default-seed files of every
case are committed under ``datasets/<case>/veille/`` (``make data``). The
case file's optional ``[veille]`` table gives the options of the emerging
topic (``sujets_possibles``, ``debuts_possibles``); the other planted topics
come from the case's identity, channels, competitors and stories. Its
``mots_cles`` list gives the alert keywords of ``casekit veille cas``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from casekit.generators import francais as fr
from casekit.generators._base import Col, Parts

CATEGORIES = ["tendances", "technique", "juridique", "concurrence"]

# (id, name, category, format, host, articles per week, reliability 1-5)
_SOURCES = [
    ("fil_reseaux", "Le Fil des Réseaux", "tendances", "rss", "fil-reseaux.example.org", 1.1, 3),
    ("formats_hebdo", "Formats & Audiences Hebdo", "tendances", "atom", "formats-hebdo.example.org", 0.9, 4),
    ("web_sobre", "Le Labo du Web Sobre", "technique", "rss", "web-sobre.example.org", 0.7, 4),
    ("acces_pour_tous", "Accès pour tous, le blog", "technique", "atom", "acces-pour-tous.example.org", 0.6, 4),
    ("juri_numerique", "Juri-Numérique Veille", "juridique", "rss", "juri-numerique.example.org", 0.55, 5),
    ("droit_conso", "Droit & Conso Express", "juridique", "rss", "droit-conso.example.org", 0.45, 3),
    ("filiere_info", "Filière Info", "concurrence", "rss", "filiere-info.example.org", 0.8, 3),
    ("eco_local", "Le Comptoir éco de {commune}", "concurrence", "rss", "eco-local.example.org", 0.6, 3),
]

_AUTEURS = [
    "Camille Vérot", "Yanis Bréhaut", "Léa Fontanel", "Hugo Maréchaux", "Nour Lestage",
    "Inès Quillard", "Malo Terrien", "Zoé Parmentel", "Sacha Delorme", "Aya Ferrandou",
]

# Background topics per category: (titles, first sentences, tags). Slots:
# {org} organisation, {conc} a competitor, {plat} a platform (never the planted
# one), {sect} the sector, {commune} the head-office town, {n} a small number.
# Keep them sector-neutral: every case uses them.
_FOND: dict[str, list[tuple[list[str], list[str], list[str]]]] = {
    "tendances": [
        (["Newsletters : le retour en grâce de l'e-mail éditorial",
          "{n} idées pour une newsletter que l'on a envie d'ouvrir",
          "La newsletter, canal préféré des lecteurs fidèles"],
         ["Les lettres d'information éditoriales regagnent des abonnés quand elles misent sur la régularité et un ton personnel.",
          "Objet clair, rendez-vous fixe, un seul appel à l'action : les newsletters qui fidélisent se ressemblent."],
         ["newsletter", "fidélisation"]),
        (["Carrousels sur {plat} : ce qui fait vraiment réagir",
          "Le carrousel pédagogique, format roi {de_plat} ?",
          "{plat} : les carrousels explicatifs gagnent du terrain"],
         ["Les publications en plusieurs images qui expliquent pas à pas obtiennent davantage d'enregistrements.",
          "Les comptes de marque testent des carrousels explicatifs pour transmettre un savoir-faire."],
         ["carrousel", "engagement"]),
        (["Podcasts de marque : écouter avant de vendre",
          "Le podcast local, un format de proximité",
          "{n} leçons de marques qui ont lancé leur podcast"],
         ["Les podcasts de marque misent sur les témoignages et le temps long plutôt que sur la promotion.",
          "Un podcast régulier installe une relation d'écoute, à condition de publier une transcription."],
         ["podcast", "audio"]),
        (["Contenus générés par les utilisateurs : la preuve par les clients",
          "Avis et témoignages : les clients deviennent médias",
          "Pourquoi les témoignages clients rassurent plus que la publicité"],
         ["Les avis, photos et récits de clients pèsent dans la décision d'achat, surtout pour les services de proximité.",
          "Les marques relaient les témoignages de leurs clients avec leur accord et en les créditant."],
         ["avis clients", "UGC"]),
        (["Communautés : du nombre d'abonnés à la qualité des échanges",
          "Groupes privés et messageries : les communautés se déplacent",
          "Animer une communauté locale sur {plat}"],
         ["Les échanges se déplacent vers des groupes plus petits, où la conversation compte plus que la portée.",
          "Les community managers mesurent désormais la qualité des échanges plutôt que le seul nombre d'abonnés."],
         ["communauté", "messagerie"]),
        (["Le ton décalé des marques s'essouffle-t-il ?",
          "Humour de marque : jusqu'où aller ?",
          "Marques engagées : la sincérité avant le slogan"],
         ["Les publics sanctionnent les prises de parole perçues comme opportunistes ou déconnectées des actes.",
          "L'engagement d'une marque se prouve par ses pratiques, racontées simplement."],
         ["ton éditorial", "engagement de marque"]),
    ],
    "technique": [
        (["Éco-conception : alléger ses pages sans perdre en qualité",
          "{n} gestes pour un site web plus sobre",
          "Images trop lourdes : le premier poste d'empreinte d'une page"],
         ["Compresser les images, limiter les polices et les scripts tiers réduit le poids des pages et leur empreinte.",
          "Le référentiel général d'écoconception des services numériques propose des critères vérifiables."],
         ["écoconception", "performance"]),
        (["Référencement local : soigner sa fiche d'établissement",
          "SEO local : les avis et les horaires comptent",
          "{n} erreurs de référencement local à corriger"],
         ["Une fiche d'établissement complète, des horaires à jour et des réponses aux avis améliorent la visibilité locale.",
          "Les recherches « près de chez moi » favorisent les commerces qui publient des informations précises."],
         ["SEO local", "référencement"]),
        (["Navigation au clavier : le test que tout site devrait passer",
          "Alternatives textuelles : décrire les images utiles",
          "Formulaires accessibles : étiquettes, erreurs et aide"],
         ["Un parcours entièrement utilisable au clavier révèle vite les composants mal conçus.",
          "Les images porteuses d'information doivent avoir une alternative textuelle pertinente ; les images décoratives, une alternative vide."],
         ["accessibilité", "RGAA"]),
        (["Mesure d'audience sans cookies tiers : où en est-on ?",
          "Tableaux de bord : choisir moins d'indicateurs, mais les bons",
          "Statistiques de site : respecter la vie privée et mesurer quand même"],
         ["Des outils de mesure d'audience sobres permettent de suivre l'essentiel sans pister les visiteurs.",
          "Un bon tableau de bord relie chaque indicateur à un objectif et à une décision."],
         ["mesure d'audience", "KPI"]),
        (["Vitesse de chargement : ce que mesurent les indicateurs web essentiels",
          "Mobile d'abord : tester son site sur un vieux téléphone",
          "Hébergement : l'effet méconnu sur la performance"],
         ["Tester sur un appareil ancien et une connexion lente montre ce que vivent beaucoup d'utilisateurs.",
          "Les indicateurs de performance aident à prioriser les corrections qui comptent vraiment."],
         ["performance", "mobile"]),
        (["FALC : écrire facile à lire et à comprendre",
          "Langage clair : {n} règles pour des pages compréhensibles",
          "Rédaction inclusive et lisibilité : trouver l'équilibre"],
         ["Des phrases courtes, un mot par idée et des exemples concrets rendent un texte lisible par le plus grand nombre.",
          "La méthode FALC s'appuie sur des relectures par les personnes concernées."],
         ["FALC", "lisibilité"]),
    ],
    "juridique": [
        (["Cookies et consentement : les erreurs qui coûtent cher",
          "Bandeau cookies : refuser doit être aussi simple qu'accepter",
          "Consentement : ce que la CNIL contrôle en priorité"],
         ["Le refus des traceurs doit être aussi facile que leur acceptation, sans parcours trompeur.",
          "Les contrôles portent sur les bandeaux, la durée de conservation et la preuve du consentement."],
         ["cookies", "CNIL", "RGPD"]),
        (["RGPD : tenir son registre des traitements à jour",
          "Fichier clients : quelles données garder, et combien de temps ?",
          "Prospection par e-mail : les règles à connaître"],
         ["Une petite structure doit savoir quelles données elle collecte, pourquoi et pendant combien de temps.",
          "La prospection commerciale par courriel suppose un consentement préalable des particuliers, sauf exceptions."],
         ["RGPD", "données personnelles"]),
        (["Influence commerciale : les mentions obligatoires",
          "Partenariats avec des créateurs : ce que dit la loi",
          "« Collaboration commerciale » : afficher la mention pendant toute la vidéo"],
         ["Les contenus sponsorisés doivent être clairement identifiés comme tels, pendant toute leur durée.",
          "Un contrat écrit encadre désormais la plupart des partenariats entre marques et créateurs."],
         ["influence commerciale", "publicité"]),
        (["Accessibilité numérique : les obligations s'étendent au commerce en ligne",
          "RGAA : publier une déclaration d'accessibilité",
          "Services en ligne : l'accessibilité devient une obligation européenne"],
         ["Les sites marchands et services en ligne entrent dans le champ des obligations d'accessibilité.",
          "La déclaration d'accessibilité indique le niveau de conformité et un moyen de contact."],
         ["accessibilité", "obligations"]),
        (["Droit à l'image : photographier ses clients",
          "Musique dans les vidéos : attention aux droits",
          "Réutiliser une photo trouvée en ligne : les risques"],
         ["Publier l'image d'une personne identifiable suppose son autorisation, y compris pour une vidéo de marque.",
          "Les musiques utilisées dans les vidéos publiées doivent être couvertes par une licence adaptée."],
         ["droit à l'image", "droit d'auteur"]),
        (["Allégations environnementales : les mots à éviter",
          "Écoblanchiment : ce que risquent les marques",
          "« Durable », « responsable » : prouver ce que l'on affirme"],
         ["Les allégations environnementales doivent être précises, justifiées et vérifiables.",
          "Les termes vagues comme « écologique » sans preuve exposent à des sanctions."],
         ["allégations environnementales", "greenwashing"]),
    ],
    "concurrence": [
        (["{conc} ouvre un nouveau point de vente",
          "{conc} mise sur les services après-vente",
          "{conc} recrute et veut doubler ses équipes"],
         ["L'enseigne poursuit son développement et annonce de nouveaux services pour fidéliser sa clientèle.",
          "La marque renforce sa présence locale et communique sur la qualité de son service."],
         ["concurrence", "développement"]),
        (["{sect} : la saison démarre fort",
          "{sect} : les ventes ralentissent après un pic",
          "Le marché local en chiffres (estimations de la rédaction)"],
         ["Les professionnels du secteur constatent des variations saisonnières marquées.",
          "Les acteurs du secteur ajustent leurs stocks et leurs horaires selon la saison."],
         ["marché", "saisonnalité"]),
        (["{org} présente son bilan à la presse locale",
          "{org} accueille des associations partenaires",
          "À {commune}, {org} fait parler d'elle"],
         ["La structure met en avant ses valeurs et ses partenariats locaux.",
          "L'équipe revient sur l'année écoulée et ses projets."],
         ["presse locale", "organisation"]),
        (["{conc} lance une offre promotionnelle",
          "Prix : {conc} joue la carte du discount",
          "{conc} relance sa carte de fidélité"],
         ["Les remises et programmes de fidélité se multiplient chez les acteurs du secteur.",
          "L'enseigne cherche à attirer une clientèle sensible au prix."],
         ["prix", "promotion"]),
        (["Commerce de proximité : les indépendants résistent",
          "{commune} : les commerçants misent sur le conseil",
          "Circuits courts et savoir-faire : la proximité comme argument"],
         ["Les commerces indépendants misent sur le conseil et la relation de confiance.",
          "La proximité et le savoir-faire local deviennent des arguments face aux grandes enseignes."],
         ["proximité", "indépendants"]),
    ],
}
# Concrete details that make every article distinct: a fictional person with a
# sector-neutral role, a town, figures. (Invented names; towns are real but
# the facts are not.)
_PRENOMS = [
    "Maëlle", "Tristan", "Salomé", "Loïc", "Anaïs", "Bastien", "Clémence", "Dorian",
    "Elsa", "Fabien", "Gaëlle", "Héloïse", "Idriss", "Jade", "Kenza", "Lison",
    "Mathis", "Noémie", "Océane", "Pacôme", "Romane", "Soline", "Timothée", "Ulysse",
    "Agathe", "Baptiste", "Capucine", "Damien", "Émeline", "Florian", "Garance", "Hamza",
    "Iris", "Jules", "Katell", "Lucien", "Margaux", "Nolan", "Ophélie", "Quentin",
]
# Invented family and company names: a first syllable and an ending (225 names).
_NOM_DEBUTS = ["Bel", "Cor", "Dam", "Fer", "Gal", "Lan", "Mar", "Per", "Ros", "Val", "Ver", "Mon", "Sal", "Tal", "Bren"]
_NOM_FINS = ["ard", "ier", "ot", "ain", "ès", "ville", "mont", "ac", "eau", "ois", "and", "enc", "on", "ey", "aud"]
# (name, genitive "de ...")
_STRUCTURES = [
    ("l'agence", "de l'agence"), ("l'association", "de l'association"), ("la coopérative", "de la coopérative"),
    ("le collectif", "du collectif"), ("la société", "de la société"), ("le cabinet", "du cabinet"),
    ("la jeune pousse", "de la jeune pousse"), ("le studio", "du studio"),
]
_ROLES = [
    "spécialiste des réseaux sociaux", "analyste des usages numériques",
    "responsable de communication dans une association", "juriste en droit du numérique",
    "spécialiste de l'accessibilité numérique", "économiste du commerce local",
    "responsable marketing d'une PME", "journaliste spécialiste des médias",
    "responsable de la relation client", "spécialiste de l'écoconception web",
    "analyste de données", "responsable d'une agence de communication",
]
_VILLES = [
    "Angers", "Besançon", "Brest", "Caen", "Clermont-Ferrand", "Dijon", "Grenoble", "Le Mans",
    "Lille", "Limoges", "Lorient", "Metz", "Montpellier", "Nancy", "Orléans", "Pau",
    "Poitiers", "Reims", "Rennes", "Rouen", "Saint-Étienne", "Strasbourg", "Toulouse", "Tours",
    "Ajaccio", "Albi", "Arras", "Auxerre", "Bayonne", "Blois", "Bourges", "Chambéry",
    "Colmar", "Laval", "Lens", "Niort", "Quimper", "Saint-Malo", "Troyes", "Valence",
]
_PUBLICS = [
    "internautes", "abonnés", "responsables de structures", "commerçants", "lecteurs",
    "adhérents d'associations", "professionnels", "habitants",
]
# Slots: {p} person, {r} role, {v} town, {s} a structure ({sd}: "de" it), {k} a percentage,
# {m} a count, {pub} a public, {a} a year.
_DETAILS = [
    "{p}, {r} à {v}, a interrogé {m} structures pour {s} : {k} % disent avoir changé leurs pratiques.",
    "À {v}, {p} ({r}) a suivi {m} comptes pour {s} pendant un semestre ; {k} % ont progressé.",
    "Selon {p}, {r}, {k} % des {pub} interrogés à {v} par {s} y sont attentifs.",
    "L'exemple {sd}, à {v}, est détaillé par {p}, {r}, chiffres de {a} à l'appui ({k} %).",
    "Entretien avec {p}, {r} à {v}, qui cite une étude {sd} menée auprès de {m} {pub}.",
    "{p}, {r}, revient sur {m} retours d'expérience recueillis à {v} par {s} depuis {a}.",
    "Une enquête {sd} conduite à {v} auprès de {m} {pub}, commentée par {p} ({r}), avance le chiffre de {k} %.",
    "{p} ({r}, {v}) estime, avec {s}, que {k} % des petites structures sont concernées.",
]
# Optional angle of a title ({t} the title, {v} the town of the details).
_ANGLES = [
    "[Enquête] {t}", "[Témoignage] {t}", "[Analyse] {t}", "{t} (exemple à {v})",
    "{t} (retour d'expérience à {v})", "[Étude de cas] {t}",
]

#: Weekly article counts of a planted topic over its first weeks: a gradual rise.
_MONTEE = (2, 3, 3, 4, 4)

# Second halves of a planted topic's titles ("{head} : {tail}"), sector-neutral.
_QUEUES = [
    "ce qu'il faut savoir", "les chiffres qui comptent", "{n} questions pour comprendre",
    "ce qui change pour les petites structures", "les premiers retours du terrain", "les avis sont partagés",
    "faut-il suivre le mouvement ?", "les bonnes pratiques à retenir", "le regard des professionnels",
    "un phénomène à suivre de près", "le point sur la situation", "les erreurs à éviter",
    "ce que montrent les premières études", "une semaine de réactions", "entre enthousiasme et prudence",
    "l'analyse de la rédaction",
]

# Near-duplicates: how another source rewords a story it republishes.
# Lead-ins ({src}: the original source) always change the title.
_REPRISES = [
    "Via {src} : {t}", "Lu chez {src} : {t}", "Repéré par {src} : {t}", "À lire : {t}",
    "En bref : {t}", "Revue de presse : {t}", "Vu ailleurs : {t}", "{t} (via {src})",
]
# Whole-word synonyms (never the marker terms of a planted topic).
_SYNONYMES = [
    ("conseils", "astuces"), ("idées", "pistes"), ("gestes", "actions"), ("erreurs", "pièges"),
    ("marques", "entreprises"), ("règles", "principes"), ("leçons", "enseignements"),
    ("vraiment", "réellement"), ("gagnent du terrain", "progressent"), ("s'impose", "s'installe"),
    ("explosent", "décollent"), ("interrogé", "sondé"), ("interrogés", "sondés"),
    ("estime", "considère"), ("revient sur", "analyse"), ("détaillé", "décrit"),
    ("pratiques", "habitudes"), ("structures", "organisations"), ("étude", "enquête"),
    ("clients", "consommateurs"), ("publient", "diffusent"), ("réduit", "diminue"),
    ("améliorent", "renforcent"), ("obligatoires", "imposées"), ("choisir", "sélectionner"),
    ("publics", "audiences"), ("multiplie", "enchaîne"), ("doivent", "devraient"),
]
_SYN_RE = [(re.compile(rf"(?<![\w-]){re.escape(a)}(?![\w-])"), b) for a, b in _SYNONYMES]
# A credit line some republications add to the summary.
_CREDITS = [
    "Article initialement publié par « {src} ».", "(Source : {src}.)", "Repris avec l'accord de « {src} ».",
    "Lire l'article complet sur le site « {src} ».",
]

_FORMAT_LABELS = {
    "video_courte": "vidéo courte",
    "carrousel": "carrousel",
    "direct": "vidéo en direct",
    "podcast": "podcast",
}

#: Real, dated legal and regulatory texts, published by the juridique feeds on
#: (or just after) their official date; ``reel`` is True and ``lien`` is the
#: official source. (id, article date, title, summary, official URL, tags)
TEXTES_REELS = [
    ("loi_2023_171", "2023-03-10",
     "Loi n° 2023-171 du 9 mars 2023 : la France transpose l'acte européen sur l'accessibilité",
     "La loi n° 2023-171 du 9 mars 2023 (dite DDADUE) transpose la directive (UE) 2019/882 sur "
     "l'accessibilité des produits et services ; ses obligations s'appliquent à partir du 28 juin 2025.",
     "https://www.legifrance.gouv.fr/eli/loi/2023/3/9/2023-171/jo/texte", "accessibilité; texte officiel"),
    ("loi_2023_451", "2023-06-10",
     "Loi n° 2023-451 du 9 juin 2023 : l'influence commerciale encadrée",
     "Publiée au Journal officiel du 10 juin 2023, la loi n° 2023-451 du 9 juin 2023 encadre l'influence "
     "commerciale : mention « publicité » ou « collaboration commerciale » obligatoire, contrat écrit, "
     "promotions interdites.",
     "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000047663185", "influence commerciale; texte officiel"),
    ("rgaa_4_1_2", "2023-10-02",
     "RGAA 4.1.2 : la version en vigueur du référentiel d'accessibilité",
     "La DINUM publie en 2023 la version 4.1.2 du référentiel général d'amélioration de l'accessibilité "
     "(RGAA), méthode de référence pour auditer un site et rédiger sa déclaration d'accessibilité.",
     "https://accessibilite.numerique.gouv.fr/", "accessibilité; RGAA; texte officiel"),
    ("rgesn_2024", "2024-05-17",
     "RGESN 2024 : l'Arcep, l'Arcom et l'ADEME publient le référentiel d'écoconception",
     "Publié le 17 mai 2024 par l'Arcep, l'Arcom et l'ADEME, le référentiel général d'écoconception de "
     "services numériques (RGESN) compte 78 critères pour réduire l'empreinte des services numériques.",
     "https://www.arcep.fr/", "écoconception; RGESN; texte officiel"),
    ("loi_reen_2021_1485", "2025-01-02",
     "Loi REEN n° 2021-1485 : l'échéance du 1er janvier 2025 pour les collectivités",
     "La loi n° 2021-1485 du 15 novembre 2021 visant à réduire l'empreinte environnementale du numérique "
     "(REEN) demandait aux communes de plus de 50 000 habitants une stratégie numérique responsable "
     "au 1er janvier 2025.",
     "https://www.legifrance.gouv.fr/eli/loi/2021/11/15/2021-1485/jo/texte", "sobriété numérique; REEN; texte officiel"),
    ("acte_accessibilite_2025", "2025-06-28",
     "Acte européen sur l'accessibilité : les obligations entrent en vigueur le 28 juin 2025",
     "Depuis le 28 juin 2025, la directive (UE) 2019/882 (European Accessibility Act), transposée par la "
     "loi n° 2023-171, impose l'accessibilité du commerce en ligne et de nombreux services numériques.",
     "https://eur-lex.europa.eu/eli/dir/2019/882/oj", "accessibilité; texte officiel"),
]

#: Emerging topics of the fictional world, sector-neutral; a case file lists the
#: plausible ones (``[veille] sujets_possibles``) and one is drawn per seed with
#: its onset (``debuts_possibles``). Their words never appear in ``_FOND``.
SUJETS_VEILLE: dict[str, dict[str, Any]] = {
    "ia_generative": {
        "libelle": "IA générative et moteurs de réponse",
        "categories": ["technique", "tendances", "juridique"],
        "titres": [
            "IA générative : les moteurs de réponse bousculent le référencement",
            "Moteurs de réponse et IA générative : faut-il réécrire ses contenus ?",
            "IA générative : {n} précautions avant de publier un texte généré",
            "Être cité par les moteurs de réponse : le nouveau défi du référencement",
        ],
        "resumes": [
            "Les moteurs de réponse fondés sur l'IA générative résument les pages au lieu d'y renvoyer.",
            "Transparence, vérification et droits : l'IA générative pose de nouvelles questions aux rédactions.",
            "Résumés automatiques, sources citées ou non : l'IA générative change la façon dont les contenus sont trouvés.",
        ],
        "tetes": ["IA générative", "Moteurs de réponse et IA générative", "IA générative et référencement"],
        "etiquettes": ["IA générative", "référencement", "moteurs de réponse"],
        "amorces": [
            ("IA générative : premiers essais dans les rédactions",
             "Quelques rédactions testent l'IA générative pour résumer des textes, avec prudence."),
            ("L'IA générative, un outil à surveiller pour le référencement",
             "Les outils d'IA générative intriguent les équipes éditoriales, qui restent prudentes."),
        ],
        "termes": ["ia generative", "generative"],
    },
    "recherche_vocale": {
        "libelle": "Recherche vocale et assistants",
        "categories": ["technique", "tendances"],
        "titres": [
            "Recherche vocale : les requêtes deviennent des questions",
            "Assistants et recherche vocale : faut-il adapter ses pages ?",
            "Recherche vocale : {n} réglages pour être trouvé à l'oral",
            "La recherche vocale s'installe dans les cuisines et les voitures",
        ],
        "resumes": [
            "Avec la recherche vocale, les internautes posent des questions complètes plutôt que des mots-clés.",
            "Les assistants lisent une seule réponse : la recherche vocale favorise les pages claires et structurées.",
            "Horaires, adresse, questions fréquentes : la recherche vocale récompense les informations pratiques à jour.",
        ],
        "tetes": ["Recherche vocale", "Assistants et recherche vocale", "Recherche vocale et référencement"],
        "etiquettes": ["recherche vocale", "assistants", "référencement"],
        "amorces": [
            ("Recherche vocale : un usage encore marginal",
             "La recherche vocale reste un usage de niche, surtout sur mobile, selon les premiers relevés."),
            ("Faut-il s'intéresser à la recherche vocale ?",
             "Quelques sites testent des pages de questions pour la recherche vocale, sans résultat net pour l'instant."),
        ],
        "termes": ["recherche vocale", "vocale"],
    },
    "realite_virtuelle": {
        "libelle": "Réalité virtuelle et visites immersives",
        "categories": ["tendances", "technique"],
        "titres": [
            "Réalité virtuelle : les visites immersives sortent des salons",
            "La réalité virtuelle s'invite dans les visites et les vitrines",
            "Réalité virtuelle : {n} usages simples pour les petites structures",
            "Casques et réalité virtuelle : ce que les publics en attendent",
        ],
        "resumes": [
            "Visites à 360 degrés, essais immersifs : la réalité virtuelle devient un format de contenu à part entière.",
            "Des outils gratuits permettent de créer une visite en réalité virtuelle sans développeur.",
            "La réalité virtuelle séduit quand elle sert une information utile, moins quand elle n'est qu'un gadget.",
        ],
        "tetes": ["Réalité virtuelle", "Visites immersives et réalité virtuelle", "La réalité virtuelle dans les contenus"],
        "etiquettes": ["réalité virtuelle", "immersion", "expérience"],
        "amorces": [
            ("Réalité virtuelle : une curiosité pour l'instant",
             "La réalité virtuelle reste rare dans la communication des petites structures, jugée coûteuse."),
            ("La réalité virtuelle, un gadget ?",
             "Quelques marques testent des visites en réalité virtuelle, avec un écho limité."),
        ],
        "termes": ["realite virtuelle", "virtuelle"],
    },
}
#: The topic and onset of a case file without ``[veille]`` options.
SUJET_VEILLE_DEFAUT = "ia_generative"


_COLS = [
    Col("article_id", "texte", "Identifiant de l'article, dans l'ordre chronologique."),
    Col("source_id", "texte", "Identifiant du flux (voir la table `sources`)."),
    Col("source", "texte", "Nom du flux (fictif)."),
    Col("categorie", "catégorie", "Type de veille couvert par le flux.", valeurs=", ".join(CATEGORIES)),
    Col("date_publication", "date et heure", "Date de publication, en temps universel (UTC).", "UTC"),
    Col("titre", "texte", "Titre de l'article."),
    Col("resume", "texte", "Résumé (chapeau) de l'article, en texte brut."),
    Col("lien", "texte", "Adresse de l'article : domaines fictifs en example.org, sauf pour les "
        "textes officiels réels (colonne `reel`) ; les reprises à l'identique ajoutent au lien d'origine des "
        "paramètres de suivi « utm_* », les quasi-doublons ont leur propre lien (parfois avec ces paramètres)."),
    Col("guid", "texte", "Identifiant unique de l'article dans son flux (urn)."),
    Col("auteur", "texte", "Signature de l'article (personne fictive)."),
    Col("etiquettes", "texte", "Catégories déclarées par le flux, séparées par « ; »."),
    Col("reel", "booléen", "Vrai pour un texte officiel réel et daté (loi, directive, référentiel) ; "
        "faux pour un article fictif."),
    Col("source_officielle", "texte", "Adresse officielle du texte réel (Légifrance, EUR-Lex, "
        "administration) ; vide pour un article fictif."),
]

_SOURCE_COLS = [
    Col("source_id", "texte", "Identifiant du flux."),
    Col("nom", "texte", "Nom du flux (fictif)."),
    Col("categorie", "catégorie", "Type de veille.", valeurs=", ".join(CATEGORIES)),
    Col("format", "catégorie", "Format du flux.", valeurs="rss, atom"),
    Col("url_flux", "texte", "Adresse (fictive) du flux."),
    Col("url_site", "texte", "Adresse (fictive) du site."),
    Col("langue", "texte", "Langue du flux."),
    Col("articles_par_semaine", "décimal", "Rythme de publication habituel (hors sujets émergents).", "articles/semaine"),
    Col("fiabilite", "entier", "Fiabilité estimée de la source (1 = faible, 5 = élevée), à discuter.", "1–5"),
]


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` (accents removed, ``œ`` → ``oe``).

    Examples
    --------
    >>> fold("Sous-titres, Œuvre et Voltéo")
    'sous-titres, oeuvre et volteo'
    """
    text = text.casefold().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


_WORD = re.compile(r"[^\W_]+")


def _slug(title: str) -> str:
    return "-".join(_WORD.findall(fold(title))[:7]) or "article"


def _platform_names(case) -> dict[str, str]:
    names = {c["id"]: c["nom"] for c in case.canaux if c["famille"] in {"reseau_social", "video"}}
    return names or {"instagram": "Instagram"}


def _planted(scn) -> list[dict[str, Any]]:
    """The emerging topics of this case: window, sources, weekly rate, texts, terms."""
    case = scn.case
    plats = _platform_names(case)
    conc_names = {c["id"]: c["nom"] for c in case.concurrents}
    org = case.nom
    out: list[dict[str, Any]] = []
    if (hit := scn.histoire("format_emergent")) is not None:
        story, effect = hit
        plat = plats.get(story["plateforme"], story["plateforme"].capitalize())
        fmt = _FORMAT_LABELS.get(story["format"], story["format"].replace("_", " "))
        ages = story["tranche_age"].replace("-", "–")
        debut = story["debut"]
        fin = story.get("fin", min(debut + dt.timedelta(days=150), scn.fin))
        out.append({
            "id": story["id"], "histoire": story["id"], "debut": debut, "fin": fin,
            "categories": ["tendances", "technique"], "rampe": True,
            "par_semaine": round(0.9 * effect, 3),
            "titres": [
                f"Vidéo verticale : le format « {fmt} » s'impose chez les {ages} ans sur {plat}",
                f"Séries en vidéo verticale : le format court qui séduit sur {plat}",
                f"{plat} : pourquoi les séries en vidéo verticale explosent",
                f"Vidéo verticale : {{n}} conseils pour réussir une série courte sur {plat}",
            ],
            "resumes": [
                f"Sur {plat}, les séries en vidéo verticale de moins d'une minute captent les {ages} ans.",
                f"Le format vertical et court gagne du terrain : les marques testent des séries express sur {plat}.",
                f"Les séries en vidéo verticale se multiplient sur {plat}, portées par les {ages} ans.",
            ],
            "tetes": ["Vidéo verticale", f"Séries en vidéo verticale sur {plat}", f"{plat} et la vidéo verticale"],
            "etiquettes": [fmt, plat.casefold(), "vidéo verticale"],
            "amorces": [
                (f"Vidéo verticale : un format encore discret sur {plat}",
                 f"Quelques comptes testent la vidéo verticale sur {plat}, sans grand écho pour l'instant."),
                (f"La vidéo verticale, simple curiosité sur {plat} ?",
                 "La vidéo verticale reste rare dans les comptes de marque, qui préfèrent les images fixes."),
            ],
            "termes": ["video verticale", "verticale", fold(plat)],
        })
    if (hit := scn.histoire("plainte_accessibilite")) is not None:
        story, effect = hit
        out.append({
            "id": story["id"], "histoire": story["id"], "debut": story["debut"], "fin": story["fin"],
            "categories": ["technique", "juridique", "concurrence"], "rampe": False,
            "par_semaine": round(effect / 12, 3),
            "titres": [
                f"Vidéos sans sous-titres : une association interpelle {org}",
                "Sous-titres et contraste : les vidéos de marque épinglées",
                "Sous-titrage des vidéos : une obligation d'accessibilité trop souvent oubliée",
                "Contraste insuffisant et vidéos sans sous-titres : {n} corrections prioritaires",
            ],
            "resumes": [
                "Des personnes sourdes et malentendantes dénoncent l'absence de sous-titres et un contraste insuffisant.",
                "Sous-titres synchronisés, transcription et contraste des textes : les points d'accessibilité les plus signalés.",
                "Vidéos sans sous-titres, textes peu contrastés : les publics concernés demandent des corrections rapides.",
            ],
            "tetes": ["Sous-titres et contraste", "Vidéos sans sous-titres", "Accessibilité des vidéos : sous-titres et contraste"],
            "etiquettes": ["accessibilité", "sous-titres", "contraste"],
            "amorces": [
                ("Sous-titres : un rappel des bonnes pratiques",
                 "Les sous-titres servent aussi à qui regarde une vidéo sans le son, dans les transports par exemple."),
                ("Sous-titres et transcriptions : la base d'une vidéo accessible",
                 "Une transcription et des sous-titres relus rendent une vidéo utilisable par davantage de publics."),
            ],
            "termes": ["sous-titres", "contraste", "sous-titrage"],
        })
    if (hit := scn.histoire("campagne_concurrent")) is not None:
        story, effect = hit
        conc = conc_names.get(story["concurrent"], story["concurrent"])
        plat = plats.get(story["plateforme"], story["plateforme"].capitalize())
        out.append({
            "id": story["id"], "histoire": story["id"], "debut": story["debut"], "fin": story["fin"],
            "categories": ["concurrence", "tendances"], "rampe": False,
            "par_semaine": round(0.45 * effect, 3),
            "titres": [
                f"{conc} inonde {plat} d'une campagne sponsorisée",
                f"Campagne sponsorisée {fr.de(conc)} : un lancement qui divise",
                f"{conc} : une campagne sponsorisée massive sur {plat}",
                f"Publicité : la campagne sponsorisée {fr.de(conc)} fait réagir",
            ],
            "resumes": [
                f"{conc} multiplie les publications sponsorisées sur {plat} pour lancer un nouveau produit ; les réactions sont partagées.",
                f"La campagne sponsorisée {fr.de(conc)} occupe le terrain sur {plat} ; des internautes critiquent sa fréquence.",
                f"Publications sponsorisées, créateurs invités : {conc} met les moyens sur {plat}.",
            ],
            "tetes": [f"Campagne sponsorisée {fr.de(conc)}", f"{conc} sur {plat}",
                      f"Publicité : la campagne sponsorisée {fr.de(conc)}"],
            "etiquettes": [fold(conc), "campagne sponsorisée", plat.casefold()],
            "amorces": [
                (f"{conc} teste la publicité sur {plat}",
                 f"{conc} a diffusé quelques publications en campagne sponsorisée sur {plat}, un premier essai."),
                (f"Campagne sponsorisée : {conc} fait un premier essai",
                 f"Une courte campagne sponsorisée {fr.de(conc)} est passée presque inaperçue sur {plat}."),
            ],
            "termes": ["campagne sponsorisee", "sponsorisee", fold(conc)],
        })
    # The emerging topic of the fictional world: which one and when are drawn per
    # seed on the Scenario (``faits["veille"]``, options in the case file's [veille]).
    v = scn.faits["veille"]
    topic = SUJETS_VEILLE[v["sujet"]]
    out.append({"id": v["sujet"], "histoire": None, "debut": v["debut"], "fin": v["fin"],
                "categories": list(topic["categories"]), "rampe": True, "par_semaine": 1.6,
                **{k: [tuple(x) if isinstance(x, list) else x for x in topic[k]]
                   for k in ("titres", "resumes", "tetes", "etiquettes", "amorces", "termes")}})
    return out


def _details(rng, towns: np.ndarray, years: np.ndarray) -> list[str]:
    """One concrete sentence per article: a fictional person and structure, a town, figures."""
    n = len(towns)
    d = rng.integers(0, 1 << 20, (n, 9))
    k = rng.integers(12, 89, n)
    m = rng.integers(20, 481, n)
    back = rng.integers(0, 3, n)
    nd, nf = len(_NOM_DEBUTS), len(_NOM_FINS)
    return [
        _DETAILS[d[i, 0] % len(_DETAILS)].format(
            p=f"{_PRENOMS[d[i, 1] % len(_PRENOMS)]} {_NOM_DEBUTS[d[i, 2] % nd]}{_NOM_FINS[d[i, 3] % nf]}",
            s=f"{_STRUCTURES[d[i, 4] % len(_STRUCTURES)][0]} {_NOM_DEBUTS[d[i, 5] % nd]}{_NOM_FINS[d[i, 6] % nf]}",
            sd=f"{_STRUCTURES[d[i, 4] % len(_STRUCTURES)][1]} {_NOM_DEBUTS[d[i, 5] % nd]}{_NOM_FINS[d[i, 6] % nf]}",
            r=_ROLES[d[i, 7] % len(_ROLES)], v=_VILLES[towns[i]], pub=_PUBLICS[d[i, 8] % len(_PUBLICS)],
            k=k[i], m=m[i], a=years[i] - back[i],
        )
        for i in range(n)
    ]


def _synonymes(text: str, start: int, limit: int) -> str:
    """Replace up to ``limit`` words by a synonym, trying the list from ``start``."""
    done = 0
    for j in range(len(_SYN_RE)):
        pattern, repl = _SYN_RE[(start + j) % len(_SYN_RE)]
        text, hit = pattern.subn(repl, text, count=1)
        done += hit
        if done >= limit:
            break
    return fr.elide(text)


def _reformuler(title: str, lead: str, detail: str, src: str, draws: np.ndarray) -> tuple[str, str]:
    """A republication by another source: reworded title, lightly edited summary."""
    new = _synonymes(title, int(draws[0]), 1)
    head, sep, tail = new.partition(" : ")
    if draws[2] % 3 == 0 and sep and not new.startswith("["):
        new = f"{tail[:1].upper()}{tail[1:]} — {head}"  # word order
    if draws[2] % 3 != 0 or fold(new) == fold(title):
        new = _REPRISES[int(draws[3] % len(_REPRISES))].format(src=src, t=new)  # lead-in
    if draws[4] % 2:
        lead = _synonymes(lead, int(draws[5]), 1)
    else:
        detail = _synonymes(detail, int(draws[5]), 1)
    mode = draws[7] % 3
    if mode == 0 and "{src}" not in _REPRISES[int(draws[3] % len(_REPRISES))]:
        credit = _CREDITS[int(draws[6] % len(_CREDITS))].format(src=src)
        summary = f"{lead} {detail} {credit}"
    elif mode == 1:
        summary = f"{detail} {lead}"
    else:
        summary = f"{lead} {detail}"
    return new, summary


_TYPO = [(re.compile(r" +([;!?])"), "\u202f\\1"), (re.compile(r" +:"), "\u00a0:"),
         (re.compile(r"« +"), "«\u00a0"), (re.compile(r" +»"), "\u00a0»"), (re.compile(r"(\d) +%"), "\\1\u00a0%")]


def _typo(text: str) -> str:
    """French spacing: U+202F before ; ! ?, U+00A0 before : and inside « », and before %.

    >>> _typo("Pourquoi ? « Oui » : 12 %")
    'Pourquoi\u202f? «\u00a0Oui\u00a0»\u00a0: 12\u00a0%'
    """
    for pattern, repl in _TYPO:
        text = pattern.sub(repl, text)
    return text


def _paris_to_utc(day: np.ndarray, minutes: np.ndarray) -> pd.DatetimeIndex:
    local = pd.DatetimeIndex(day.astype("datetime64[ns]")) + pd.to_timedelta(minutes, unit="min")
    return local.tz_localize("Europe/Paris").tz_convert("UTC")


def build_flux_veille(scn, rng, *, raw: bool) -> Parts:
    case = scn.case
    ident = case["identite"]
    commune = ident["siege_commune"]
    sources = pd.DataFrame(
        _SOURCES, columns=["source_id", "nom", "categorie", "format", "hote", "articles_par_semaine", "fiabilite"]
    )
    sources["nom"] = sources["nom"].str.replace("{commune}", commune, regex=False)
    n_src = len(sources)
    debut = np.datetime64(scn.debut, "D")
    n_days = int((np.datetime64(scn.fin, "D") - debut).astype(int)) + 1

    # --- background: Poisson counts per source and day (mild spring peak) ---
    day_idx = np.arange(n_days)
    season = 1 + 0.2 * np.cos(2 * np.pi * (day_idx - 120) / 365.25)
    lam = sources["articles_par_semaine"].to_numpy()[:, None] / 7 * season[None, :]
    counts = rng.poisson(lam)
    src_b, day_b = np.nonzero(counts)
    reps = counts[src_b, day_b]
    src_b, day_b = np.repeat(src_b, reps), np.repeat(day_b, reps)
    cat_of_src = sources["categorie"].to_numpy()

    plats = [n for k, n in sorted(_platform_names(case).items())]
    fe = case.histoire("format_emergent")
    if fe is not None:
        planted_plat = _platform_names(case).get(fe["plateforme"])
        plats = [p for p in plats if p != planted_plat] or plats
    concs = [c["nom"] for c in case.concurrents]
    secteur = ident["secteur"]

    rows_src: list[np.ndarray] = [src_b]
    rows_day: list[np.ndarray] = [day_b]
    titles: list[str] = []
    leads: list[str] = []  # first sentence of the summary (the topic)
    tags: list[str] = []
    topic_ids: list[str | None] = []

    n_b = len(src_b)
    u = rng.random((n_b, 7))
    nums = rng.integers(3, 11, n_b)
    for i in range(n_b):
        cat = cat_of_src[src_b[i]]
        bank = _FOND[cat]
        tit, sen, tg = bank[int(u[i, 0] * len(bank))]
        slots = {
            "org": case.nom, "conc": concs[int(u[i, 3] * len(concs))], "plat": plats[int(u[i, 4] * len(plats))],
            "sect": secteur, "commune": commune, "n": nums[i],
        }
        slots["de_plat"] = fr.de(slots["plat"])
        title = tit[int(u[i, 1] * len(tit))].format(**slots)
        if u[i, 5] < 0.25 and " : " not in title and not title.endswith("?"):
            # The same second halves as the planted topics: their words are not a signal.
            title = f"{title} : {_QUEUES[int(u[i, 6] * len(_QUEUES))].format(n=nums[i])}"
        titles.append(title)
        leads.append(sen[int(u[i, 2] * len(sen))].format(**slots))
        tags.append("; ".join(tg))
        topic_ids.append(None)

    # --- planted emerging topics ---
    # Each topic has a non-zero baseline (a few mentions in the year before its
    # onset, none in the six weeks before it), then rises gradually: fixed
    # weekly counts over the first five weeks (the first two in its main
    # category, where it surfaces first), then a Poisson plateau until its end.
    truth_trends = []
    for topic in _planted(scn):
        d0 = int((np.datetime64(topic["debut"], "D") - debut).astype(int))
        d1 = int((np.datetime64(topic["fin"], "D") - debut).astype(int))
        eligible = np.flatnonzero(np.isin(cat_of_src, topic["categories"]))
        main = np.flatnonzero(cat_of_src == topic["categories"][0])
        # Baseline mentions, with their own texts (the topic is not news yet).
        lo, hi = max(0, d0 - 365), d0 - 42
        n_base = 4 + int(rng.poisson(1.0)) if hi - lo > 60 else 0
        days_base = np.sort(rng.integers(lo, hi, n_base)) if n_base else np.zeros(0, dtype=int)
        src_base = eligible[rng.integers(0, len(eligible), n_base)]
        pick_b = rng.integers(0, 1 << 16, (n_base, 2))
        for j in range(n_base):
            title, lead = topic["amorces"][pick_b[j, 0] % len(topic["amorces"])]
            titles.append(title)
            leads.append(lead)
            tags.append("; ".join(topic["etiquettes"][1:]))
            topic_ids.append(f"{topic['id']}:amorce")
        # Gradual rise: fixed weekly counts over the first five weeks (_MONTEE).
        days_on, src_on = [], []
        for w, count in enumerate(_MONTEE):
            start = d0 + 7 * w
            if start > d1:
                break
            width = min(7, d1 - start + 1)
            days_on.append(start + np.sort(rng.integers(0, width, count)))
            pool = main if w < 2 else eligible
            src_on.append(pool[rng.integers(0, len(pool), count)])
        # Plateau after the rise.
        p0 = d0 + 7 * len(_MONTEE)
        span = np.arange(p0, d1 + 1)
        rate = np.full(len(span), max(topic["par_semaine"], 3.0) / 7)
        if topic["rampe"] and len(span):
            rate *= 0.8 + 0.4 * (span - p0 + 1) / len(span)  # a slow drift up on the plateau
        k = rng.poisson(rate) if len(span) else np.zeros(0, dtype=int)
        days_p = np.repeat(span, k)
        src_p = eligible[rng.integers(0, len(eligible), len(days_p))]
        days_t = np.concatenate([*days_on, days_p]).astype(int)
        src_t = np.concatenate([*src_on, src_p]).astype(int)
        pick = rng.integers(0, 1 << 16, (len(days_t), 5))
        for j in range(len(days_t)):
            if pick[j, 3] % 2:
                title = topic["titres"][pick[j, 0] % len(topic["titres"])]
            else:
                title = f"{topic['tetes'][pick[j, 0] % len(topic['tetes'])]} : {_QUEUES[pick[j, 4] % len(_QUEUES)]}"
            titles.append(title.format(n=3 + pick[j, 2] % 5))
            leads.append(topic["resumes"][pick[j, 1] % len(topic["resumes"])])
            tags.append("; ".join(topic["etiquettes"]))
            topic_ids.append(topic["id"])
        rows_src += [src_base, src_t]
        rows_day += [days_base, days_t]
        truth_trends.append({
            "id": topic["id"], "histoire": topic["histoire"], "categorie": topic["categories"][0],
            "debut": pd.Timestamp(topic["debut"]), "fin": pd.Timestamp(topic["fin"]),
            "categories": list(topic["categories"]), "termes": list(topic["termes"]),
            "nb_articles": len(days_t),
        })

    # --- concrete details: every fictional article tells a distinct story ---
    n_f = len(titles)
    day_f = np.concatenate(rows_day)
    years = (debut + day_f).astype("datetime64[Y]").astype(int) + 1970
    towns = rng.integers(0, len(_VILLES), n_f)
    details = _details(rng, towns, years)
    angle = rng.integers(0, 1 << 16, n_f)
    use_angle = rng.random(n_f) < 0.45
    for i in np.flatnonzero(use_angle):
        titles[i] = _ANGLES[angle[i] % len(_ANGLES)].format(t=titles[i], v=_VILLES[towns[i]])
    # Redraw the details of any repeated title and summary (deterministic, rare).
    for _ in range(10):
        seen: dict[tuple[str, str, str], int] = {}
        again = [i for i in range(n_f) if seen.setdefault((titles[i], leads[i], details[i]), i) != i]
        if not again:
            break
        for i, text in zip(again, _details(rng, towns[again], years[again]), strict=True):
            details[i] = text
    summaries = [f"{a} {d}" for a, d in zip(leads, details, strict=True)]

    # --- real, dated legal texts, published by the most reliable juridique feed ---
    legal_src = int(np.flatnonzero(cat_of_src == "juridique")[0])
    official: list[str | None] = [None] * len(titles)
    real_days = []
    for _rid, day, title, summary, url, tg in TEXTES_REELS:
        d = int((np.datetime64(day, "D") - debut).astype(int))
        if 0 <= d < n_days:
            titles.append(title)
            summaries.append(summary)
            leads.append(summary)
            details.append("")
            tags.append(tg)
            topic_ids.append(None)
            official.append(url)
            real_days.append(d)
    rows_src.append(np.full(len(real_days), legal_src, dtype=int))
    rows_day.append(np.array(real_days, dtype=int))

    src_all = np.concatenate(rows_src)
    day_all = np.concatenate(rows_day)
    n = len(src_all)
    minutes = rng.integers(7 * 60, 20 * 60, n)
    stamp = _paris_to_utc(debut + day_all, minutes)

    frame = pd.DataFrame({
        "source_idx": src_all, "date_publication": stamp, "titre": titles, "resume": summaries,
        "etiquettes": tags, "sujet": topic_ids, "auteur_idx": rng.integers(0, len(_AUTEURS), n),
        "officiel": official, "phrase": leads, "detail": details,
    })
    frame = frame.sort_values(["date_publication", "source_idx", "titre"], kind="stable").reset_index(drop=True)

    # --- syndication: some articles are republished by a sister feed ---
    sisters = {i: np.flatnonzero((cat_of_src == cat_of_src[i]) & (np.arange(n_src) != i)) for i in range(n_src)}
    is_copied = (rng.random(len(frame)) < 0.05) & frame["officiel"].isna().to_numpy()
    delay = rng.integers(30, 2 * 24 * 60, len(frame))
    sister_pick = rng.integers(0, 1 << 16, len(frame))
    originals = np.flatnonzero(is_copied)

    src_idx = frame["source_idx"].to_numpy()
    host = sources["hote"].to_numpy()
    ids = sources["source_id"].to_numpy()
    per_source = frame.groupby("source_idx").cumcount().to_numpy() + 1
    stamps = frame["date_publication"]
    links = [
        f"https://{host[s]}/articles/{y}/{mo:02d}/{_slug(ti)}-{k}"
        for s, y, mo, ti, k in zip(src_idx, stamps.dt.year.to_numpy(), stamps.dt.month.to_numpy(),
                                   frame["titre"], per_source, strict=True)
    ]
    frame["lien"] = np.where(frame["officiel"].notna(), frame["officiel"], np.array(links, dtype=object))
    frame["source_idx_orig"] = -1
    copies = frame.iloc[originals].copy()
    copy_src = np.array([sisters[s][p % len(sisters[s])] for s, p in zip(src_idx[originals], sister_pick[originals], strict=True)], dtype=int)
    copies["source_idx_orig"] = copies["source_idx"]
    copies["source_idx"] = copy_src
    copies["date_publication"] = copies["date_publication"] + pd.to_timedelta(delay[originals], unit="min")
    copies["lien"] = [
        f"{lk}?utm_source={ids[s]}&utm_medium=rss" for lk, s in zip(copies["lien"], copy_src, strict=True)
    ]
    copies["original_lien"] = frame["lien"].to_numpy()[originals]
    copies["quasi_de"] = None

    # --- near-duplicates: another source rewrites the story a little later ---
    is_near = (rng.random(len(frame)) < 0.05) & frame["officiel"].isna().to_numpy()
    near_of = np.flatnonzero(is_near)
    near_delay = rng.integers(20, 3 * 24 * 60, len(near_of))
    near_pick = rng.integers(0, 1 << 16, len(near_of))
    near_draws = rng.integers(0, 1 << 16, (len(near_of), 8))
    near_utm = rng.random(len(near_of)) < 0.5
    names = sources["nom"].to_numpy()
    near = frame.iloc[near_of].copy()
    near_src = np.array(
        [sisters[s][p % len(sisters[s])] for s, p in zip(src_idx[near_of], near_pick, strict=True)], dtype=int
    )
    reworded = [
        _reformuler(t, a, d, names[s], dr)
        for t, a, d, s, dr in zip(near["titre"], near["phrase"], near["detail"], src_idx[near_of], near_draws,
                                  strict=True)
    ]
    near["titre"] = [t for t, _ in reworded]
    near["resume"] = [r for _, r in reworded]
    near["source_idx_orig"] = near["source_idx"]
    near["source_idx"] = near_src
    near["date_publication"] = near["date_publication"] + pd.to_timedelta(near_delay, unit="min")
    near_stamps = near["date_publication"]
    near["lien"] = [
        f"https://{host[s]}/revue-de-presse/{y}/{mo:02d}/{_slug(ti)}-{j + 1}"
        + (f"?utm_source={ids[s]}&utm_medium=rss&utm_campaign=reprise" if utm else "")
        for j, (s, y, mo, ti, utm) in enumerate(zip(near_src, near_stamps.dt.year.to_numpy(),
                                                    near_stamps.dt.month.to_numpy(), near["titre"], near_utm,
                                                    strict=True))
    ]
    near["original_lien"] = None
    near["quasi_de"] = frame["lien"].to_numpy()[near_of]
    frame["original_lien"] = None
    frame["quasi_de"] = None
    frame = pd.concat([frame, copies, near], ignore_index=True)
    frame = frame[frame["date_publication"] < pd.Timestamp(scn.fin + dt.timedelta(days=1), tz="Europe/Paris")]
    frame = frame.sort_values(["date_publication", "source_idx", "lien"], kind="stable").reset_index(drop=True)

    n = len(frame)
    s_idx = frame["source_idx"].to_numpy()
    k_src = frame.groupby("source_idx").cumcount().to_numpy() + 1
    article_id = np.array([f"ART-{i + 1:04d}" for i in range(n)], dtype=object)
    out = pd.DataFrame({
        "article_id": pd.array(article_id, dtype="string"),
        "source_id": pd.array(ids[s_idx], dtype="string"),
        "source": pd.array(sources["nom"].to_numpy()[s_idx], dtype="string"),
        "categorie": pd.Categorical(cat_of_src[s_idx], categories=CATEGORIES),
        "date_publication": frame["date_publication"].dt.floor("min").dt.tz_convert("UTC").astype("datetime64[ns, UTC]"),
        "titre": pd.array(fr.contracte_many(frame["titre"].tolist()), dtype="string"),  # au Mans, du Garage
        "resume": pd.array(fr.contracte_many(frame["resume"].tolist()), dtype="string"),
        "lien": pd.array(frame["lien"], dtype="string"),
        "guid": pd.array([f"urn:casekit:{case.id}:{ids[s]}:{k}" for s, k in zip(s_idx, k_src, strict=True)], dtype="string"),
        "auteur": pd.array(np.array(_AUTEURS, dtype=object)[frame["auteur_idx"].to_numpy()], dtype="string"),
        "etiquettes": pd.array(frame["etiquettes"], dtype="string"),
        "reel": frame["officiel"].notna().to_numpy(),
        "source_officielle": pd.array(frame["officiel"], dtype="string"),
    })

    first_by_link = dict(zip(frame["lien"], article_id, strict=True))
    dup_mask = frame["original_lien"].notna().to_numpy()
    doublons = [
        {"article_id": a, "original_id": first_by_link[o]}
        for a, o in zip(article_id[dup_mask], frame["original_lien"][dup_mask], strict=True)
        if o in first_by_link
    ]
    near_mask = frame["quasi_de"].notna().to_numpy()
    quasi_doublons = [
        {"article_id": a, "original_id": first_by_link[o]}
        for a, o in zip(article_id[near_mask], frame["quasi_de"][near_mask], strict=True)
        if o in first_by_link
    ]
    topic = frame["sujet"].to_numpy()
    for tr in truth_trends:
        tr["article_ids"] = article_id[topic == tr["id"]].tolist()
        tr["nb_articles"] = len(tr["article_ids"])
        tr["amorce_ids"] = article_id[topic == f"{tr['id']}:amorce"].tolist()

    sources_out = pd.DataFrame({
        "source_id": pd.array(sources["source_id"], dtype="string"),
        "nom": pd.array(sources["nom"], dtype="string"),
        "categorie": pd.Categorical(sources["categorie"], categories=CATEGORIES),
        "format": pd.Categorical(sources["format"], categories=["rss", "atom"]),
        "url_flux": pd.array([f"https://{h}/flux.xml" for h in sources["hote"]], dtype="string"),
        "url_site": pd.array([f"https://{h}/" for h in sources["hote"]], dtype="string"),
        "langue": pd.array(["fr"] * n_src, dtype="string"),
        "articles_par_semaine": sources["articles_par_semaine"].astype(float),
        "fiabilite": sources["fiabilite"].astype("Int64"),
    })
    for col in ("titre", "resume"):
        out[col] = pd.array([_typo(x) for x in out[col]], dtype="string")
    return Parts(
        frame=out,
        columns=_COLS,
        description=_typo(
            "Les articles publiés par huit flux RSS et Atom de veille (sources fictives), "
            "classés en quatre types de veille : tendances, technique, juridique et "
            "concurrence. Comme dans un vrai lecteur de flux, une même information circule "
            "d'une source à l'autre, de deux façons. Des reprises à l'identique : un second flux "
            "republie l'article avec le même titre et le même résumé, et le lien d'origine suivi "
            "de paramètres de suivi « utm_* ». Et des quasi-doublons : un autre flux réécrit "
            "l'information jusqu'à trois jours plus tard (titre reformulé, par exemple « Via … : » "
            "ou des synonymes, résumé légèrement retouché, autre lien, autre guid). Avant de "
            "compter, dédoublonnez : `casekit.veille.marquer_doublons(articles)` trouve les reprises "
            "par le guid et par le lien débarrassé de ses paramètres de suivi ; les quasi-doublons "
            "échappent à ces critères (et même au titre) et demandent de mesurer la similarité des "
            "textes : `regrouper_similaires(articles)` (cosinus TF-IDF du titre et du résumé, sans "
            "accents ni mots vides, entre articles publiés à moins de 4 jours d'intervalle ; seuil "
            "0,7 par défaut) ou `marquer_doublons(articles, par=(\"guid\", \"lien\", \"similarite\"))`, "
            "puis `dedoublonner` avec les mêmes options. `evaluer_regroupement` calcule la précision "
            "et le rappel d'un regroupement sur des paires que vous avez vérifiées à la main "
            "(un échantillon d'articles relus) : faites varier le seuil et la fenêtre pour voir le "
            "compromis. Quelques sujets émergent pendant la période ; à "
            "vous de les repérer (fréquence des termes par semaine ou par mois, pics) et "
            "d'en tirer les conséquences pour la stratégie de contenu, notamment en matière "
            "d'accessibilité, d'éthique et d'éco-responsabilité. La table `sources` décrit "
            "les flux (format, rythme, fiabilité estimée). Quelques textes officiels réels et "
            "datés (loi sur l'influence commerciale, acte européen sur l'accessibilité, RGAA, "
            "RGESN, loi REEN) sont signalés par la colonne `reel`, avec leur source officielle ; "
            "tout le reste est fictif (personnes, structures et chiffres cités compris). "
            "`casekit.veille` fournit les outils pour lire de vrais "
            "flux, filtrer, classer, prioriser, détecter les tendances et rédiger une synthèse "
            "(commande `casekit veille`)."
        ),
        truth={"tendances": truth_trends, "doublons": doublons, "quasi_doublons": quasi_doublons,
               "sujet_emergent": {k: str(v) if isinstance(v, dt.date) else v
                                  for k, v in scn.faits["veille"].items()}},
        tables={"sources": sources_out},
        table_columns={"sources": _SOURCE_COLS},
    )
