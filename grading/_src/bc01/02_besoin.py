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
# **Question 2 (2 points).** Construisez `enquete_propre`, une copie nettoyée de `brute` :
# - supprimez les **doublons exacts** (réponses envoyées deux fois) ;
# - convertissez `nps_0_10` en nombres ; une note « NSP », « ne sait pas » ou hors de l'échelle
#   0–10 devient une **valeur manquante** (la ligne reste : ses notes CSAT servent) ;
# - une note CSAT hors de l'échelle 1–5 devient une valeur manquante ;
# - convertissez `date_reponse` en dates (trois formats : « 12/03/2024 », « 2024-03-12 »,
#   « 12 mars 2024 ») ;
# - ajoutez une colonne booléenne `straight_liner` : vrai quand la personne a donné la même note
#   à toutes les questions CSAT renseignées (au moins deux). On **signale** ces réponses sans les supprimer.

# %% nbgrader={"grade": false, "grade_id": "c2_nettoyage_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
enquete_propre = brute.drop_duplicates().reset_index(drop=True)

notes = pd.to_numeric(enquete_propre["nps_0_10"].str.strip(), errors="coerce")
enquete_propre["nps_0_10"] = notes.where(notes.between(0, 10))

csat = [c for c in enquete_propre.columns if c.startswith("csat_")]
for c in csat:
    enquete_propre[c] = enquete_propre[c].where(enquete_propre[c].between(1, 5))

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
renseignees = enquete_propre[csat].notna().sum(axis=1)
enquete_propre["straight_liner"] = enquete_propre[csat].nunique(axis=1).eq(1) & renseignees.ge(2)
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
# ## 4. Quand la satisfaction a-t-elle décroché ?
#
# Le NPS par trimestre, avec son graphique (texte alternatif et tableau de données inclus).

# %%
trimestre = enquete_propre["date_reponse"].dt.to_period("Q").astype(str).str.replace("Q", "-T")
par_trimestre = enquete_propre.groupby(trimestre)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
debut_trimestre = enquete_propre["date_reponse"].dt.to_period("Q").dt.start_time
courbe = enquete_propre.groupby(debut_trimestre)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
plots.courbes(courbe.rename("NPS"), titre="NPS par trimestre", unite="points")

# %% [markdown]
# **Question 5 (2 points).** Rangez dans `trimestre_creux` le trimestre au NPS le plus bas,
# sous la forme « 2024-T1 ». Lisez-le dans les données (pas à la main).

# %% nbgrader={"grade": false, "grade_id": "c2_trimestre_creux_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
trimestre_creux = par_trimestre.idxmin()
creux = metrics.nps(enquete_propre.loc[trimestre == trimestre_creux, "nps_0_10"])
reste = metrics.nps(enquete_propre.loc[trimestre != trimestre_creux, "nps_0_10"])
print(f"{trimestre_creux} : {creux}")
print(f"Autres trimestres : {reste}")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_trimestre_creux", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_trimestre_creux(trimestre_creux, enquete_propre)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_trimestre_creux(trimestre_creux, variante_corrigee().load("enquete_satisfaction", raw=True).frame,
                                brute=True)
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Qui est déçu ? Croiser l'enquête et le fichier clients
#
# La plupart des réponses portent un `client_id`, qui permet une **jointure** avec le fichier
# clients (`clients`). Le fichier clients donne l'activité principale de chaque client
# (`activite_principale`), qui n'est pas forcément l'activité de la visite évaluée.
#
# **Question 6 (2 points).** Rangez dans `nps_par_activite` le NPS (en points) par
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
# **Question 7 (2 points).** Pendant `trimestre_creux`, quel groupe d'`activite_principale` voit
# son NPS **chuter le plus** par rapport à ses autres trimestres ? Rangez son nom dans
# `groupe_en_baisse`, **parmi les groupes qui ont au moins 10 réponses valides pendant ce
# trimestre** : sur quelques réponses, une chute ne prouve rien.

# %% nbgrader={"grade": false, "grade_id": "c2_groupe_en_baisse_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
pendant = jointe["date_reponse"].dt.to_period("Q").astype(str).str.replace("Q", "-T") == trimestre_creux
comparaison = pd.DataFrame({
    "NPS pendant": jointe[pendant].groupby("activite_principale", observed=True)["nps_0_10"].apply(
        lambda s: metrics.nps(s).score),
    "NPS autres trimestres": jointe[~pendant].groupby("activite_principale", observed=True)["nps_0_10"].apply(
        lambda s: metrics.nps(s).score),
    "réponses pendant": jointe[pendant & jointe["nps_0_10"].notna()].groupby(
        "activite_principale", observed=True).size(),
})
comparaison["chute"] = comparaison["NPS pendant"] - comparaison["NPS autres trimestres"]
groupe_en_baisse = comparaison.loc[comparaison["réponses pendant"] >= 10, "chute"].idxmin()
comparaison.sort_values("chute")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c2_groupe_en_baisse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C2"]
checks.verifier_groupe_en_baisse(groupe_en_baisse, enquete_propre, clients, par="activite_principale",
                                 trimestre=trimestre_creux, effectif_min=10)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_v = variante_corrigee()
checks.verifier_groupe_en_baisse(groupe_en_baisse, _v.load("enquete_satisfaction", raw=True).frame,
                                 _v.load("clients").frame, par="activite_principale", trimestre=trimestre_creux,
                                 brute=True, effectif_min=10)
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
dans_le_creux = trimestre == trimestre_creux
enquete_propre.loc[detracteur & dans_le_creux, ["date_reponse", "verbatim"]].dropna().head(8)

# %% [markdown] nbgrader={"grade": true, "grade_id": "c2_attentes", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} tags=["competence:C2"]
# **Question 9 (écrite, 4 points).** En dix lignes au plus : quelles **attentes** des publics et
# quels **objectifs** du projet tirez-vous de cette écoute client ? Citez vos chiffres (NPS et
# intervalle, trimestre, groupe, question CSAT, un verbatim), dites ce qu'ils ne prouvent pas
# (taille des groupes, non-réponse plus forte chez les plus âgés) et reliez-les à la demande
# reformulée en question 1.
#
# === BEGIN MARK SCHEME ===
# Critère C2 « en s'appuyant sur des outils d'écoute client (surveys, Net Promoter Score…) pour
# bien cibler les attentes et objectifs du projet ».
# - 1 pt : le NPS est donné avec son intervalle et interprété (pas seulement le score).
# - 1 pt : le creux (trimestre, groupe) et le moteur des détracteurs sont reliés à un fait du cas
#   (historique, verbatims), sans surinterpréter un petit effectif.
# - 1 pt : une limite de l'enquête est nommée (non-réponse selon l'âge, répondants non
#   représentatifs, straight-liners) avec sa conséquence.
# - 1 pt : au moins deux attentes ou objectifs ciblés et mesurables, cohérents avec la demande.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* le NPS global (avec son intervalle) masque un décrochage net pendant le
# trimestre le plus bas, concentré sur un groupe de clients et expliqué d'abord par la question
# CSAT qui sépare le plus les détracteurs ; les verbatims de la période le confirment. Limite :
# les plus âgés répondent moins. Objectifs : revenir au niveau d'avant le creux, suivre la
# question CSAT en cause chaque trimestre, communiquer sur les améliorations.
# ### END SOLUTION
