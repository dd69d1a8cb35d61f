"""Organisation datasets: ``profil``, ``historique`` and ``brief_commanditaire``.

These are read from the case file with no randomness: the organisation's
identity is the same for every student; only its numbers vary with the seed.
"""

from __future__ import annotations

import pandas as pd

from casekit.a11y import ratio_contraste
from casekit.generators._base import Col, Parts

_PROFIL_COLS = [
    Col("rubrique", "texte", "Rubrique du profil (identité, mission, valeurs, offre, charte, ton…)."),
    Col("cle", "texte", "Nom de l'élément, en ASCII."),
    Col("valeur", "texte", "Contenu de l'élément, en français."),
]

_TYPE_LABELS = {
    "fondation": "fondation",
    "lancement": "lancement",
    "partenariat": "partenariat",
    "demenagement": "déménagement",
    "crise": "crise",
    "prix": "prix",
    "recrutement": "recrutement",
}


def conclusions(scn) -> dict:
    """The per-seed options drawn for this variant (answer key of the conclusions).

    ``histoires``: for each story, the drawn values of the keys that have options
    in the case file (segment, concurrent, plateforme, activite, debut/fin);
    ``canal_le_plus_rentable``: the channel with the best return on ad spend;
    ``veille``: the emerging topic of ``flux_veille`` and its onset.
    """
    out = {}
    for story in scn.case.histoires():
        s = scn.histoires[story["id"]]
        keys = [k for k in ("segment", "concurrent", "plateforme", "activite") if f"{k}s_possibles" in story]
        if "debuts_possibles" in story:
            keys += [k for k in ("debut", "fin") if k in s]
        out[story["id"]] = {k: s[k].isoformat() if hasattr(s[k], "isoformat") else s[k] for k in keys}
    v = scn.faits["veille"]
    return {"histoires": out, "canal_le_plus_rentable": scn.faits["canal_le_plus_rentable"],
            "veille": {"sujet": v["sujet"], "debut": v["debut"].isoformat()}}


def build_profil(scn, rng, *, raw: bool) -> Parts:
    case = scn.case
    ident = case["identite"]
    rows: list[tuple[str, str, str]] = []
    for key in ("nom", "accroche", "forme_juridique", "identifiant_fictif", "secteur",
                "annee_creation", "siege_commune", "code_departement", "effectif", "site_web"):
        rows.append(("identite", key, str(ident[key])))
    rows.append(("identite", "codes_naf", ", ".join(ident["codes_naf"])))
    rows += [("mission", "mission", ident["mission"]), ("mission", "promesse", ident["promesse"])]
    rows += [("valeurs", f"valeur_{i + 1}", v) for i, v in enumerate(ident["valeurs"])]
    rows.append(("adn", "culture", " ".join(ident["adn"].split())))
    rows += [("ton_editorial", k, v) for k, v in ident["ton_editorial"].items()]
    rows += [("offre", o["id"], f"{o['nom']} (prix moyen {o['prix_moyen_eur']} €)") for o in ident["offre"]]
    rows += [("charte", "typographies", ", ".join(case["charte"]["typographies"]))]
    rows += [("charte", f"couleur_{c['role'].replace(' ', '_')}", f"{c['nom']} {c['hex']}")
             for c in case["charte"]["couleurs"]]
    frame = pd.DataFrame(rows, columns=[c.nom for c in _PROFIL_COLS]).astype("string")

    colours = case["charte"]["couleurs"]
    pairs = []
    for a in colours:
        for b in colours:
            if a["hex"] < b["hex"]:
                r = ratio_contraste(a["hex"], b["hex"])
                pairs.append((a["nom"], a["hex"], b["nom"], b["hex"], round(r, 2), r >= 4.5, r >= 3.0))
    palette = pd.DataFrame(
        pairs,
        columns=["couleur_1", "hex_1", "couleur_2", "hex_2", "contraste_ratio", "texte_normal_aa", "grand_texte_aa"],
    )
    offre = pd.DataFrame([{k: o[k] for k in ("id", "nom", "prix_moyen_eur")} for o in ident["offre"]])
    return Parts(
        frame=frame,
        columns=_PROFIL_COLS,
        description=(
            "Fiche d'identité de l'organisation au format « rubrique / clé / valeur » : "
            "identité légale (fictive), mission, promesse, valeurs, culture (ADN), ton "
            "éditorial, offre et charte graphique. La table secondaire `palette` donne le "
            "rapport de contraste WCAG de chaque paire de couleurs de la charte ; la table "
            "`offre` liste les activités."
        ),
        truth={
            "paires_contraste_insuffisant": [(p[0], p[2]) for p in pairs if not p[5]],
            "conclusions_tirees": conclusions(scn),
        },
        tables={"palette": palette, "offre": offre},
        table_columns={
            "palette": [
                Col("couleur_1", "texte", "Première couleur de la paire."),
                Col("hex_1", "texte", "Code hexadécimal de la première couleur."),
                Col("couleur_2", "texte", "Seconde couleur de la paire."),
                Col("hex_2", "texte", "Code hexadécimal de la seconde couleur."),
                Col("contraste_ratio", "décimal", "Rapport de contraste WCAG (1 à 21).", ":1"),
                Col("texte_normal_aa", "booléen", "Vrai si le rapport atteint 4,5:1 (WCAG 1.4.3, texte normal)."),
                Col("grand_texte_aa", "booléen", "Vrai si le rapport atteint 3:1 (grand texte, WCAG 1.4.3)."),
            ],
            "offre": [
                Col("id", "texte", "Identifiant de l'activité."),
                Col("nom", "texte", "Nom de l'activité."),
                Col("prix_moyen_eur", "décimal", "Prix moyen d'une vente ou d'une prestation.", "€"),
            ],
        },
        sources=["criteres_accessibilite"],
    )


_HIST_COLS = [
    Col("date", "date", "Date de l'événement."),
    Col("annee", "entier", "Année de l'événement."),
    Col("type_evenement", "catégorie", "Nature de l'événement.",
        valeurs=", ".join(sorted(set(_TYPE_LABELS.values())))),
    Col("titre", "texte", "Titre court."),
    Col("description", "texte", "Ce qui s'est passé, en une ou deux phrases."),
]


def _events(scn) -> list[dict]:
    """The case's events, those tied to a story moved with its drawn start."""
    events = []
    for e in scn.case["historique"]:
        e = dict(e)
        if e.get("histoire"):
            e["date"] = e["date"] + scn.decalage(e["histoire"])
        events.append(e)
    return sorted(events, key=lambda e: e["date"])


def build_historique(scn, rng, *, raw: bool) -> Parts:
    events = _events(scn)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime([e["date"] for e in events]),
            "annee": pd.array([e["date"].year for e in events], dtype="Int64"),
            "type_evenement": pd.Categorical([_TYPE_LABELS.get(e["type"], e["type"]) for e in events]),
            "titre": pd.array([e["titre"] for e in events], dtype="string"),
            "description": pd.array([e["description"] for e in events], dtype="string"),
        }
    )
    return Parts(
        frame=frame,
        columns=_HIST_COLS,
        description=(
            "Chronologie de l'organisation, de sa fondation à aujourd'hui : lancements, "
            "partenariats, crises, prix. Plusieurs événements expliquent des variations "
            "visibles dans les autres jeux de données : à vous de les relier."
        ),
        truth={"evenements_lies_aux_histoires": [
            e["titre"] for e in events if e["type"] in {"crise", "lancement"}
        ]},
    )


_BRIEF_COLS = [
    Col("document_id", "texte", "Identifiant du document."),
    Col("type_document", "catégorie", "Nature du document.", valeurs="brief, entretien, atelier"),
    Col("date", "date", "Date du document ou de la rencontre."),
    Col("titre", "texte", "Titre du document."),
    Col("participants", "texte", "Personnes présentes (fictives), séparées par « ; »."),
    Col("texte", "texte", "Contenu intégral : demande, verbatims d'entretien, notes d'atelier."),
]


def build_brief(scn, rng, *, raw: bool) -> Parts:
    from casekit.generators import francais as fr
    from casekit.generators import texts as tx

    cmd = scn.case["commanditaire"]
    slots = tx.story_slots(scn)
    brief = scn.faits["brief"]
    brief_text = "\n".join(
        [
            f"Commanditaire : {cmd['nom']}, {cmd['fonction']}.",
            f"Demande : {cmd['demande']}",
            f"Budget annuel indicatif : {fr.nombre(brief['budget_annuel_eur'])} €.",
            f"Échéance : {fr.date_longue(brief['echeance'])}.",
            "Objectifs déclarés :",
            *[f"- {o}" for o in cmd["objectifs_declares"]],
            "Contraintes :",
            *[f"- {c}" for c in cmd["contraintes"]],
        ]
    )
    docs = [("brief", brief["date"], "Brief du commanditaire", cmd["nom"], fr.typo(brief_text))]
    for kind, notes in (("entretien", cmd["entretiens"]), ("atelier", cmd["ateliers"])):
        for n in notes:
            docs.append((kind, n["date"], fr.typo(n["titre"]), " ; ".join(n["participants"]),
                         fr.typo(tx.remplir(n["notes"].strip(), slots))))
    docs.sort(key=lambda d: (d[1], d[0] != "brief"))
    frame = pd.DataFrame(
        {
            "document_id": pd.array([f"DOC-{i + 1:02d}" for i in range(len(docs))], dtype="string"),
            "type_document": pd.Categorical([d[0] for d in docs], categories=["brief", "entretien", "atelier"]),
            "date": pd.to_datetime([d[1] for d in docs]),
            "titre": pd.array([d[2] for d in docs], dtype="string"),
            "participants": pd.array([d[3] for d in docs], dtype="string"),
            "texte": pd.array([d[4] for d in docs], dtype="string"),
        }
    )
    return Parts(
        frame=frame,
        columns=_BRIEF_COLS,
        description=(
            "Le brief du commanditaire, les comptes rendus d'entretiens et les notes "
            "d'atelier, en texte intégral. Ils servent à reformuler le besoin : demande "
            "explicite, besoins implicites, contraintes, critères de réussite."
        ),
        truth={
            "objectifs_declares": list(cmd["objectifs_declares"]),
            "contraintes": list(cmd["contraintes"]),
            "budget_annuel_eur": cmd["budget_annuel_eur"],
        },
    )
