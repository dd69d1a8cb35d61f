# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 02 · Analyser les besoins du commanditaire
#
# **Compétence évaluée : C2.** Le référentiel RNCP40886 (bloc BC01) la formule ainsi :
#
# > « Analyser les besoins du commanditaire du projet multimédia en recourant à des entretiens
# > ou des workshops, en reformulant les éléments relevés et en s'appuyant sur des outils
# > d'écoute client (surveys, Net Promoter Score, interviews etc.) pour bien cibler les attentes
# > et objectifs du projet. »
#
# Ce que le jury regarde ici :
# - les besoins du commanditaire sont **reformulés** à partir du brief, des entretiens et des ateliers ;
# - l'outil d'écoute client (l'enquête de satisfaction) est **nettoyé** avant d'être exploité ;
# - le NPS est calculé correctement, **avec sa marge d'erreur**, et comparé entre groupes ;
# - les attentes et objectifs qui en découlent sont **ciblés** et justifiés par les données.
#
# Durée indicative : 60 à 75 minutes. Les cellules « VOTRE CODE ICI » sont à compléter ;
# la cellule qui suit chacune vérifie votre réponse et vous explique l'erreur éventuelle.
# Ne renommez pas les variables demandées.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import checks, examen, metrics, plots

ETUDIANT = "votre.identifiant"  # votre identifiant étudiant, comme dans le carnet 00
examen.mode(ETUDIANT)
plots.style()
pd.set_option("display.float_format", plots.nombre_fr)  # nombres à la française dans les tableaux

# %% [markdown]
# ## 1. Ce que demande le commanditaire
#
# Le jeu `brief_commanditaire` contient le brief, le compte rendu d'entretien et les notes
# d'atelier, en texte intégral. Lisez-les en entier : ils sont courts.

# %%
documents = casekit.load("brief_commanditaire", seed=ETUDIANT).frame
for _, doc in documents.iterrows():
    display(Markdown(f"### {doc['titre']}\n\n*{doc['type_document']}, {plots.date_fr(doc['date'])} — "
                     f"{doc['participants']}*\n\n" + doc["texte"].replace("\n", "  \n")))

# %% [markdown] nbgrader={"grade": true, "grade_id": "c2_reformulation", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} tags=["competence:C2"]
# **Question 1 (écrite, 4 points).** Reformulez la demande en une page au plus :
# 1. la demande explicite, en une phrase, avec vos mots ;
# 2. les besoins implicites que révèlent l'entretien et l'atelier (au moins deux) ;
# 3. les objectifs, reformulés de façon mesurable (indicateur, valeur de départ, cible, échéance) ;
# 4. les contraintes (budget, équipe, juridique, accessibilité, sobriété) ;
# 5. une question que vous poseriez au commanditaire lors du prochain entretien, et pourquoi.
#
# === BEGIN MARK SCHEME ===
# Critère C2 « reformulant les éléments relevés » lors d'« entretiens ou workshops ».
# - 1 pt : la demande explicite est reformulée (pas recopiée) et fidèle au brief.
# - 1 pt : au moins deux besoins implicites tirés de l'entretien ou de l'atelier, chacun rattaché à
#   une phrase précise d'un document (citation ou référence).
# - 1 pt : les objectifs sont mesurables (indicateur, départ, cible, échéance) et cohérents avec le
#   brief ; les contraintes d'accessibilité et de sobriété sont reprises.
# - 1 pt : la question au commanditaire lève une ambiguïté réelle (priorités entre objectifs,
#   arbitrage budget/ambition, public prioritaire) et sa justification est donnée.
# 0 pt si le texte recopie le brief sans reformuler.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type (cas d'entraînement) :* la demande est de définir une stratégie éditoriale qui
# élargit les publics sans perdre les fidèles, en rendant les contenus accessibles. Besoins
# implicites : rassurer l'équipe sur la charge de production (atelier), retrouver la confiance
# des publics déçus (entretien). Objectifs mesurables : NPS (valeur actuelle calculée plus bas,
# cible donnée par le brief, échéance du brief). Contraintes : budget annuel, équipe sans
# recrutement, conformité RGAA, sobriété. Question : quel objectif prime si le budget ne permet
# pas de tout faire ?
# ### END SOLUTION

# %% [markdown]
# ## 2. L'outil d'écoute client : nettoyer l'enquête brute
#
# L'export brut de l'outil d'enquête (`raw=True`) n'est pas exploitable tel quel. Lisez sa
# documentation (`print(brute_doc.DESCR)`) : elle liste les défauts.

# %%
brute_doc = casekit.load("enquete_satisfaction", seed=ETUDIANT, raw=True)
brute = brute_doc.frame
print(brute_doc.DESCR)

# %%
brute["nps_0_10"].value_counts().head(20)

# %% [markdown]
# **Question 2 (2 points).** Construisez `enquete_propre`, une copie nettoyée de `brute`, en
# suivant le nettoyage que décrit le `DESCR` :
# - retirez les **lignes de test** de l'outil d'enquête (identifiant « TEST… ») ;
# - retirez les **réponses partielles** (une note CSAT manquante) ;
# - retirez les **doublons** : la même réponse envoyée deux fois, à l'identique ou sous un nouvel
#   identifiant (comparez toutes les colonnes sauf `repondant_id`, gardez la première) ;
# - convertissez `nps_0_10` en nombres (« 9/10 », « neuf » et «  9 » valent 9) ;
# - convertissez `date_reponse` en dates (trois formats : « 12/03/2024 », « 2024-03-12 »,
#   « 12 mars 2024 ») ;
# - harmonisez les catégories (`mode`, `activite`, `nps_classe`, `tranche_age`) : espaces parasites
#   retirés, une seule écriture par valeur.

# %% nbgrader={"grade": false, "grade_id": "c2_nettoyage_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
csat = [c for c in brute.columns if c.startswith("csat_")]
enquete_propre = brute[~brute["repondant_id"].str.startswith("TEST")]
enquete_propre = enquete_propre.dropna(subset=csat).drop_duplicates()
autres = [c for c in enquete_propre.columns if c != "repondant_id"]
enquete_propre = enquete_propre.drop_duplicates(subset=autres).reset_index(drop=True)

CHIFFRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
notes = enquete_propre["nps_0_10"].str.strip().str.removesuffix("/10")
notes = notes.map(lambda v: CHIFFRES.index(v) if v in CHIFFRES else v)
enquete_propre["nps_0_10"] = pd.to_numeric(notes, errors="coerce")

MOIS = {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
        "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12}
texte = enquete_propre["date_reponse"].str.strip()
longues = texte.str.replace(
    r"^(\d{1,2})(?:er)? (\w+) (\d{4})$",
    lambda m: f"{m[3]}-{MOIS.get(m[2], 0):02d}-{int(m[1]):02d}", regex=True)
enquete_propre["date_reponse"] = (
    pd.to_datetime(texte, format="%Y-%m-%d", errors="coerce")
    .fillna(pd.to_datetime(texte, format="%d/%m/%Y", errors="coerce"))
    .fillna(pd.to_datetime(longues, format="%Y-%m-%d", errors="coerce"))
)
for c in ["mode", "activite", "nps_classe", "tranche_age"]:
    propre = enquete_propre[c].str.strip()
    cle = propre.str.casefold()
    ecriture = propre.groupby(cle).agg(lambda v: v.value_counts().index[0])
    enquete_propre[c] = cle.map(ecriture)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_nettoyage", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_enquete_nettoyee(enquete_propre, brute)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_enquete_nettoyee(enquete_propre, variante_corrigee().load("enquete_satisfaction", raw=True).frame)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Le NPS et sa marge d'erreur
#
# `metrics.nps` applique la définition de référence (promoteurs 9–10, détracteurs 0–6, sur les
# réponses valides) et donne l'intervalle de confiance à 95 %.
#
# **Question 3 (2 points).** Rangez dans `nps_global` le NPS (un nombre, en points) de
# l'enquête nettoyée.
#
# **Question 4 (1 point).** Rangez dans `ic95_nps` le couple (borne basse, borne haute) de son
# intervalle de confiance à 95 %.

# %% nbgrader={"grade": false, "grade_id": "c2_nps_global_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
resultat_nps = metrics.nps(enquete_propre["nps_0_10"])
nps_global = resultat_nps.score
ic95_nps = resultat_nps.ic95
resultat_nps
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_nps_global", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_nps_enquete(nps_global, enquete_propre)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_nps_enquete(nps_global, variante_corrigee().load("enquete_satisfaction", raw=True).frame,
                            brute=True, tolerance=0.3)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "c2_ic95", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_ic_nps(ic95_nps, enquete_propre)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_ic_nps(ic95_nps, variante_corrigee().load("enquete_satisfaction", raw=True).frame, brute=True,
                       tolerance=0.3)
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Le NPS global par trimestre : une courbe qui ne suffit pas
#
# Le NPS par trimestre, avec son graphique (texte alternatif et tableau de données inclus).

# %%
trimestre = enquete_propre["date_reponse"].dt.to_period("Q").astype(str).str.replace("Q", "-T")
par_trimestre = enquete_propre.groupby(trimestre)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
debut_trimestre = enquete_propre["date_reponse"].dt.to_period("Q").dt.start_time
courbe = enquete_propre.groupby(debut_trimestre)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
plots.courbes(courbe.rename("NPS"), titre="NPS par trimestre", unite="points")

# %% [markdown]
# D'un trimestre à l'autre, le NPS global monte et descend aussi **par hasard** : chaque
# trimestre ne compte que quelques centaines de réponses (regardez la largeur des intervalles
# de confiance). Le trimestre le plus bas de cette courbe n'est donc pas forcément celui où
# quelque chose s'est passé. Et un décrochage qui ne touche qu'**un groupe** de clients pèse
# peu dans le score global : il faut le chercher groupe par groupe.

# %% [markdown]
# ## 5. Qui a décroché, et quand ? Croiser l'enquête et le fichier clients
#
# La plupart des réponses portent un `client_id`, qui permet une **jointure** avec le fichier
# clients (`clients`). Le fichier clients donne l'activité principale de chaque client
# (`activite_principale`), qui n'est pas forcément l'activité de la visite évaluée.
#
# **Question 5 (2 points).** Rangez dans `nps_par_activite` le NPS (en points) par
# `activite_principale` du fichier clients, calculé sur les réponses rattachées à un client
# (jointure interne sur `client_id`).

# %%
clients = casekit.load("clients", seed=ETUDIANT).frame

# %% nbgrader={"grade": false, "grade_id": "c2_nps_par_activite_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
jointe = enquete_propre.merge(clients[["client_id", "activite_principale"]], on="client_id", how="inner")
nps_par_activite = jointe.groupby("activite_principale", observed=True)["nps_0_10"].apply(
    lambda s: metrics.nps(s).score)
nps_par_activite.sort_values().to_frame("NPS")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_nps_par_activite", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_nps_par_groupe(nps_par_activite, enquete_propre, clients, par="activite_principale")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_v = variante_corrigee()
checks.verifier_nps_par_groupe(nps_par_activite, _v.load("enquete_satisfaction", raw=True).frame,
                               _v.load("clients").frame, par="activite_principale", brute=True, tolerance=0.5)
### END HIDDEN TESTS

# %% [markdown]
# L'activité principale ne décrit qu'une facette des clients. Le commanditaire et son équipe
# raisonnent plutôt en **publics** (des habitudes, un âge, une situation familiale…), et le
# `DESCR` de l'enquête le rappelle : le segment de chaque répondant n'est pas fourni, il faut le
# retrouver à partir du fichier clients. La cellule suivante le fait pour vous, avec la méthode
# que le carnet 04 détaille : k-moyennes sur les variables de segmentation documentées du
# fichier clients, standardisées, et nombre de segments `k_segments` choisi par la meilleure
# silhouette. Chaque client reçoit un numéro de segment dans la colonne `segment`.

# %%
from casekit import segments

variables_segmentation = [c for c in clients.select_dtypes("number").columns if c != "pcs_code"]
table_k = segments.choisir_k(clients, variables_segmentation, k_min=2, k_max=10, echantillon_silhouette=1000)
k_segments = int(table_k.loc[table_k["silhouette"].idxmax(), "k"])
clients["segment"] = segments.ajuster(clients, variables_segmentation, k=k_segments)
print(f"{k_segments} segments ; clients par segment :")
clients["segment"].value_counts().sort_index()

# %% [markdown]
# **Question 6 (2 points).** Cherchez **quand** un segment a décroché. Joignez l'enquête
# nettoyée à la colonne `segment` des clients (jointure interne sur `client_id`). Pour chaque
# trimestre *t* et chaque segment *s* :
# 1. l'**écart pendant** *t* = NPS de *s* pendant *t* − NPS des autres clients pendant *t* ;
# 2. l'**écart habituel** = NPS de *s* les autres trimestres − NPS des autres clients les
#    autres trimestres ;
# 3. le **décrochage** = écart pendant − écart habituel (les hausses et baisses qui touchent tous
#    les clients à la fois s'annulent) ;
# 4. son **score z** = décrochage ÷ √(somme des carrés des quatre erreurs types), l'erreur type
#    d'un NPS étant `metrics.nps(...).se`.
#
# Ne gardez que les couples où le segment **et** les autres clients ont au moins 30 réponses
# valides pendant le trimestre : sur quelques réponses, une chute ne prouve rien. Rangez dans
# `decrochages` le tableau obtenu (une ligne par couple, colonnes `trimestre`, `segment`,
# `reponses`, `decrochage`, `z`), puis dans `trimestre_creux` le trimestre du score z **le plus
# bas**, sous la forme « AAAA-Tn ». Lisez-le dans les données (pas à la main).

# %% nbgrader={"grade": false, "grade_id": "c2_trimestre_creux_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
jointe_seg = enquete_propre.merge(clients[["client_id", "segment"]], on="client_id", how="inner")
jointe_seg = jointe_seg[jointe_seg["nps_0_10"].notna()]
trim_seg = jointe_seg["date_reponse"].dt.to_period("Q").astype(str).str.replace("Q", "-T")
lignes = []
for t in sorted(trim_seg.unique()):
    pendant = trim_seg == t
    for s in sorted(jointe_seg["segment"].unique()):
        dans_s = jointe_seg["segment"] == s
        blocs = [jointe_seg.loc[dans_s & pendant, "nps_0_10"], jointe_seg.loc[dans_s & ~pendant, "nps_0_10"],
                 jointe_seg.loc[~dans_s & pendant, "nps_0_10"], jointe_seg.loc[~dans_s & ~pendant, "nps_0_10"]]
        if len(blocs[0]) < 30 or len(blocs[2]) < 30:
            continue
        r = [metrics.nps(b) for b in blocs]
        decrochage = (r[0].score - r[2].score) - (r[1].score - r[3].score)
        z = decrochage / sum(x.se ** 2 for x in r) ** 0.5
        lignes.append({"trimestre": t, "segment": s, "reponses": len(blocs[0]), "decrochage": decrochage, "z": z})
decrochages = pd.DataFrame(lignes)
trimestre_creux = decrochages.loc[decrochages["z"].idxmin(), "trimestre"]
decrochages.sort_values("z").head(8)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_trimestre_creux", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_trimestre_creux(trimestre_creux, enquete_propre, clients, par="segment")
### BEGIN HIDDEN TESTS
from casekit import segments as _segments
from casekit.examen import variante_corrigee

_v = variante_corrigee()
_c = _v.load("clients").frame
_c["segment"] = _segments.ajuster(_c, variables_segmentation, k=k_segments)
checks.verifier_trimestre_creux(trimestre_creux, _v.load("enquete_satisfaction", raw=True).frame, _c,
                                par="segment", brute=True)
### END HIDDEN TESTS

# %% [markdown]
# **Question 7 (2 points).** Pendant `trimestre_creux`, quel segment a le score z le plus bas ?
# Rangez son numéro dans `groupe_en_baisse` (lu dans `decrochages`, pas à la main). Comparez
# ensuite son profil moyen (âge, taille du ménage, dépense…) à celui des autres clients :
# de quel public parle-t-on ? Vous vous en servirez à la question 9.

# %% nbgrader={"grade": false, "grade_id": "c2_groupe_en_baisse_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
pendant_creux = decrochages[decrochages["trimestre"] == trimestre_creux]
groupe_en_baisse = pendant_creux.loc[pendant_creux["z"].idxmin(), "segment"]
clients.groupby(clients["segment"] == groupe_en_baisse)[variables_segmentation].mean().T.rename(
    columns={True: "segment en baisse", False: "autres clients"})
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_groupe_en_baisse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_groupe_en_baisse(groupe_en_baisse, enquete_propre, clients, par="segment",
                                 trimestre=trimestre_creux)
### BEGIN HIDDEN TESTS
from casekit import segments as _segments
from casekit.examen import variante_corrigee

_v = variante_corrigee()
_c = _v.load("clients").frame
_c["segment"] = _segments.ajuster(_c, variables_segmentation, k=k_segments)
checks.verifier_groupe_en_baisse(groupe_en_baisse, _v.load("enquete_satisfaction", raw=True).frame, _c,
                                 par="segment", trimestre=trimestre_creux, brute=True)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Ce qui fait les détracteurs
#
# Les questions CSAT (1 à 5) disent *sur quoi* porte l'insatisfaction. Comparez la note moyenne
# de chaque question chez les détracteurs (NPS 0–6) et chez les autres répondants (7–10).
#
# **Question 8 (2 points).** Rangez dans `question_detracteurs` le nom de la colonne CSAT dont
# l'écart de note moyenne (autres répondants − détracteurs) est le plus grand.

# %% nbgrader={"grade": false, "grade_id": "c2_moteur_detracteurs_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
detracteur = enquete_propre["nps_0_10"] <= 6
valides = enquete_propre["nps_0_10"].notna()
ecarts = (enquete_propre.loc[valides & ~detracteur, csat].mean()
          - enquete_propre.loc[detracteur, csat].mean()).sort_values(ascending=False)
question_detracteurs = ecarts.index[0]
plots.barres(ecarts.rename("écart"), titre="Écart de note moyenne entre non-détracteurs et détracteurs",
             unite="point de note")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_moteur_detracteurs", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_moteur_detracteurs(question_detracteurs, enquete_propre)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_moteur_detracteurs(question_detracteurs,
                                   variante_corrigee().load("enquete_satisfaction", raw=True).frame, brute=True)
### END HIDDEN TESTS

# %% [markdown]
# Lisez quelques verbatims de détracteurs pendant le trimestre le plus bas : confirment-ils
# ce que disent les chiffres ?

# %%
lus = enquete_propre.merge(clients[["client_id", "segment"]], on="client_id", how="inner")
trimestre_lu = lus["date_reponse"].dt.to_period("Q").astype(str).str.replace("Q", "-T")
dans_le_creux = (trimestre_lu == trimestre_creux) & (lus["segment"] == groupe_en_baisse) & (lus["nps_0_10"] <= 6)
lus.loc[dans_le_creux, ["date_reponse", "verbatim"]].dropna().head(8)

# %% [markdown] nbgrader={"grade": true, "grade_id": "c2_attentes", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} tags=["competence:C2"]
# **Question 9 (écrite, 4 points).** En dix lignes au plus : quelles **attentes** des publics et
# quels **objectifs** du projet tirez-vous de cette écoute client ? Citez vos chiffres (NPS et
# intervalle, trimestre et segment du décrochage, question CSAT, un verbatim), dites ce qu'ils ne prouvent pas
# (taille des groupes, non-réponse plus forte chez les plus âgés) et reliez-les à la demande
# reformulée en question 1.
#
# === BEGIN MARK SCHEME ===
# Critère C2 « en s'appuyant sur des outils d'écoute client (surveys, Net Promoter Score…) pour
# bien cibler les attentes et objectifs du projet ».
# - 1 pt : le NPS est donné avec son intervalle et interprété (pas seulement le score).
# - 1 pt : le décrochage (trimestre, segment et son profil) et le moteur des détracteurs sont reliés à un fait du cas
#   (historique, verbatims), sans surinterpréter un petit effectif.
# - 1 pt : une limite de l'enquête est nommée (non-réponse selon l'âge, répondants non
#   représentatifs, straight-liners) avec sa conséquence.
# - 1 pt : au moins deux attentes ou objectifs ciblés et mesurables, cohérents avec la demande.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* le NPS global (avec son intervalle) masque un décrochage net d'un segment de
# clients pendant un trimestre, invisible dans la courbe globale et expliqué d'abord par la question
# CSAT qui sépare le plus les détracteurs ; les verbatims de la période le confirment. Limite :
# les plus âgés répondent moins. Objectifs : revenir au niveau d'avant le creux, suivre la
# question CSAT en cause chaque trimestre, communiquer sur les améliorations.
# ### END SOLUTION
