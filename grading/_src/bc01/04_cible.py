# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 04 · Analyser la cible
#
# **Compétence évaluée : C4.** Le référentiel RNCP40886 (bloc BC01) la formule ainsi :
#
# > « Analyser la cible de la campagne de communication en collectant des données
# > caractéristiques (âge, CSP, habitudes etc.), en s'appuyant sur des études de marché, et en
# > utilisant des outils de segmentation selon des critères sociodémographiques pour déterminer
# > les besoins éditoriaux, ergonomiques et fonctionnels adaptés aux utilisateurs identifiés et
# > dans une dynamique d'inclusion. »
#
# Ce que le jury regarde ici :
# - les données caractéristiques (âge, PCS, habitudes, besoins d'accessibilité) sont décrites
#   et comparées à la population de la zone (étude de marché) ;
# - la segmentation est **reproductible** : variables standardisées, nombre de segments choisi
#   par un critère mesuré, jamais fixé à la main ;
# - les personas traduisent les segments en besoins éditoriaux, ergonomiques et fonctionnels,
#   **inclusifs et sans stéréotype** ;
# - la cible est dimensionnée dans la population.
#
# Durée indicative : 60 à 90 minutes.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import checks, examen, metrics, plots, segments

ETUDIANT = "votre.identifiant"
examen.mode(ETUDIANT)
plots.style()
pd.set_option("display.float_format", plots.nombre_fr)

# %% [markdown]
# ## 1. Qui sont les clients ?

# %%
clients = casekit.load("clients", seed=ETUDIANT).frame
population = casekit.load("population_zone", seed=ETUDIANT).frame
clients.describe().T

# %% [markdown]
# Structure par âge des clients et des habitants de la zone : où l'organisation est-elle
# sur-représentée, où est-elle absente ? (graphique, texte alternatif et tableau)

# %%
structure = pd.DataFrame({
    "clients (%)": clients["tranche_age"].value_counts(normalize=True, sort=False) * 100,
    "habitants (%)": population.groupby("tranche_age", observed=True)["population"].sum()
    / population["population"].sum() * 100,
})
structure["clients pour 1 000 habitants"] = (
    clients["tranche_age"].value_counts(sort=False)
    / population.groupby("tranche_age", observed=True)["population"].sum() * 1000)
plots.barres(structure["clients pour 1 000 habitants"], titre="Clients pour 1 000 habitants, par âge",
             trier=False)

# %%
structure

# %%
pd.crosstab(clients["pcs_libelle"], clients["tranche_age"], normalize="columns").mul(100)

# %% [markdown]
# **Question 1 (1 point).** Inclusion : rangez dans `part_besoin_accessibilite` la part (en %)
# des clients qui déclarent **au moins un besoin d'accessibilité**, parmi ceux qui ont répondu
# à la question (les « non renseigné » sont exclus de la base ; « aucun » est une réponse).

# %%
clients["besoin_accessibilite"].value_counts()

# %% nbgrader={"grade": false, "grade_id": "c4_part_accessibilite_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
repondu = clients["besoin_accessibilite"] != "non renseigné"
besoin = repondu & (clients["besoin_accessibilite"] != "aucun")
part_besoin_accessibilite = 100 * besoin[repondu].mean()
print(f"{plots.nombre_fr(part_besoin_accessibilite, 1)} % des clients qui ont répondu déclarent un besoin.")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c4_part_accessibilite", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C4"]
_b = clients["besoin_accessibilite"]
checks.verifier_part(part_besoin_accessibilite, ~_b.isin(["aucun", "non renseigné"]), base=_b != "non renseigné",
                     nom="Part des clients avec un besoin d'accessibilité")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_b = variante_corrigee().load("clients").frame["besoin_accessibilite"]
checks.verifier_part(part_besoin_accessibilite, ~_b.isin(["aucun", "non renseigné"]), base=_b != "non renseigné",
                     nom="Part des clients avec un besoin d'accessibilité")
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Segmenter
#
# Les k-moyennes regroupent les clients qui se ressemblent. Trois règles :
# 1. des variables **numériques** qui décrivent des comportements et des caractéristiques
#    (pas d'identifiant, pas de code comme `pcs_code`) ;
# 2. des variables **standardisées** (sinon la dépense en euros écrase tout le reste) :
#    `segments.choisir_k` et `segments.ajuster` le font pour vous ;
# 3. un nombre de segments `k` **choisi par un critère mesuré** : la silhouette (plus haute =
#    segments mieux séparés) et le coude de l'inertie.
#
# **Question 2 (2 points).** Rangez dans `variables` la liste des variables de segmentation,
# dans `table_k` le résultat de `segments.choisir_k` pour k de 2 à 10, avec la silhouette
# estimée sur un échantillon de 1 000 clients (`echantillon_silhouette=1000`, pour aller vite),
# et dans `k_choisi` le k de meilleure silhouette, **lu dans la table par le code**.

# %% nbgrader={"grade": false, "grade_id": "c4_choix_k_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
variables = [c for c in clients.select_dtypes("number").columns if c != "pcs_code"]
table_k = segments.choisir_k(clients, variables, k_min=2, k_max=10, echantillon_silhouette=1000)
k_choisi = int(table_k.loc[table_k["silhouette"].idxmax(), "k"])
print(f"Variables : {', '.join(variables)}. Meilleure silhouette pour k = {k_choisi}.")
table_k
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c4_choix_k", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C4"]
checks.verifier_choix_k(k_choisi, table_k, clients, variables)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_choix_k(k_choisi, table_k, variante_corrigee().load("clients").frame, variables)
### END HIDDEN TESTS

# %%
segments.graphique_choix_k(table_k)

# %% [markdown]
# **Question 3 (2 points).** Rangez dans `etiquettes` le segment de chaque client, obtenu avec
# `segments.ajuster` et `k_choisi`.

# %% nbgrader={"grade": false, "grade_id": "c4_segments_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
etiquettes = segments.ajuster(clients, variables, k=k_choisi)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c4_segments", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C4"]
checks.verifier_etiquettes(etiquettes, clients, variables, k_choisi)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_etiquettes(etiquettes, variante_corrigee().load("clients").frame, variables, k_choisi)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Profiler et écrire les personas
#
# Le profil donne, pour chaque segment, sa taille, ses traits distinctifs (écart à la moyenne
# en écarts-types), ses canaux préférés et ses besoins d'accessibilité.

# %%
profil = segments.profiler(clients, etiquettes, variables=variables)
profil.tableau()

# %%
profil.graphique()

# %%
for s in profil.segments:
    display(Markdown(segments.fiche_persona(profil, s)))

# %% [markdown] nbgrader={"grade": true, "grade_id": "c4_personas", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} tags=["competence:C4"]
# **Question 4 (écrite, 5 points).** Choisissez **deux** segments prioritaires pour la
# stratégie éditoriale et écrivez leur persona : un prénom, ce qui les caractérise (chiffres
# du profil), leurs habitudes et canaux, une citation plausible, et leurs **besoins
# éditoriaux** (sujets, ton, formats), **ergonomiques** (lisibilité, navigation, appareils) et
# **fonctionnels** (réservation, paiement, information pratique), y compris les besoins
# d'accessibilité que déclare le segment. Justifiez le choix des deux segments.
#
# === BEGIN MARK SCHEME ===
# Critère C4 « utiliser des outils de segmentation … pour déterminer les besoins éditoriaux,
# ergonomiques et fonctionnels adaptés aux utilisateurs identifiés et dans une dynamique
# d'inclusion ».
# - 1 pt : le choix des deux segments est justifié par les données (taille, valeur, NPS,
#   objectifs du brief).
# - 1 pt : chaque persona s'appuie sur les chiffres du profil (traits distinctifs, canaux).
# - 2 pts : besoins éditoriaux, ergonomiques ET fonctionnels distingués et concrets.
# - 1 pt : inclusion : les besoins d'accessibilité du segment sont intégrés aux besoins (sous-titres,
#   contraste, FALC…), sans stéréotype (pas de déduction d'un trait à partir de l'âge, du genre
#   ou du handicap ; le persona décrit une tendance, pas chaque personne).
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* les deux segments retenus sont le plus grand et celui dont la croissance est
# la plus forte ; chaque persona reprend ses traits distinctifs et ses canaux préférés. Besoins
# éditoriaux : formats courts et pratiques ; ergonomiques : lecture sur mobile, contrastes
# suffisants ; fonctionnels : réservation en ligne simple ; accessibilité : sous-titres et
# textes alternatifs systématiques, FALC pour les informations pratiques.
# ### END SOLUTION

# %% [markdown]
# ## 4. Dimensionner la cible dans la population
#
# **Question 5 (2 points).** Choisissez les tranches d'âge de la zone qui correspondent à votre
# premier segment prioritaire (la population de la zone a ses propres tranches :
# `population["tranche_age"].unique()`). Rangez-les dans la liste `tranches_cible`, et dans
# `taille_cible` le nombre d'habitants de la zone dans ces tranches (`segments.taille_segment`).

# %%
list(population["tranche_age"].unique())

# %% nbgrader={"grade": false, "grade_id": "c4_taille_cible_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
age_moyen = profil.moyennes.loc[profil.tailles["effectif"].idxmax(), "age"]
bornes = {t: (int(t[:2]), 99 if t.endswith("+") else int(t[-2:])) for t in population["tranche_age"].unique()}
tranches_cible = [t for t, (bas, haut) in bornes.items() if bas - 10 <= age_moyen <= haut + 10]
dimension = segments.taille_segment(population, tranches_age=tranches_cible, clients=clients)
taille_cible = dimension.population_cible
print(f"Tranches : {', '.join(tranches_cible)} ; {plots.nombre_fr(taille_cible)} habitants, soit "
      f"{plots.nombre_fr(dimension.part_pct, 1)} % de la zone ; taux de pénétration "
      f"{plots.nombre_fr(dimension.penetration_pct, 1)} %.")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c4_taille_cible", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C4"]
checks.verifier_taille_cible(taille_cible, population, tranches_age=tranches_cible)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_taille_cible(taille_cible, variante_corrigee().load("population_zone").frame,
                             tranches_age=tranches_cible)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": true, "grade_id": "c4_marche", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false} tags=["competence:C4"]
# **Question 6 (écrite, 2 points).** Que vous apprend le dimensionnement sur le potentiel de
# votre cible (taille, taux de pénétration) ? Quelle limite a cette estimation (tranches d'âge
# larges, clients hors zone, sources de la table `population_zone`) ?
#
# === BEGIN MARK SCHEME ===
# Critère C4 « en s'appuyant sur des études de marché ».
# - 1 pt : le potentiel est chiffré (habitants, part de la zone, pénétration) et interprété.
# - 1 pt : une limite méthodologique réelle est nommée (correspondance imparfaite entre
#   segment et tranches d'âge, source et date de la table INSEE).
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* la cible représente une part importante de la zone mais la pénétration y
# reste faible : le potentiel de conquête est réel. Limite : un segment ne se réduit pas à
# des tranches d'âge, et la table de population date du dernier recensement.
# ### END SOLUTION
