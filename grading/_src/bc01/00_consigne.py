# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 00 · La consigne
#
# *Squelette de démonstration de la chaîne de construction (helper i7a) : le contenu
# définitif est écrit dans ce même fichier.*
#
# ## Votre variante
#
# Écrivez votre identifiant étudiant ci-dessous, puis exécutez la cellule. En examen,
# vos données ont été préparées pour vous (dossier `casekit_donnees/` à côté de ce carnet) ;
# en autoformation, vous travaillez sur le cas d'entraînement, avec votre identifiant comme graine.

# %%
import casekit
from casekit import checks

ETUDIANT = "votre.identifiant"
casekit.examen.mode(ETUDIANT)

# %% [markdown]
# ## Question d'échauffement
#
# Chargez le profil de l'organisation avec `casekit.load("profil", seed=ETUDIANT)` et
# rangez son nombre de lignes dans `n_lignes`.

# %% nbgrader={"grade": false, "grade_id": "c1_echauffement_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
profil = casekit.load("profil", seed=ETUDIANT)
n_lignes = len(profil.frame)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c1_echauffement", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C1"]
checks.verifier_valeur(n_lignes, len(casekit.load("profil", seed=ETUDIANT).frame), nom="Nombre de lignes")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_valeur(n_lignes, len(variante_corrigee().load("profil").frame), nom="Nombre de lignes")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": true, "grade_id": "c1_echauffement_ecrit", "locked": false, "points": 1, "schema_version": 3, "solution": true, "task": false} tags=["competence:C1"]
# En une phrase, qui est le commanditaire ?
#
# === BEGIN MARK SCHEME ===
# Nomme l'organisation et son secteur (critère : « le contexte de l'organisation est identifié »).
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# Le commanditaire est l'organisation décrite dans `profil.DESCR`.
# ### END SOLUTION
