# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 00 · La consigne de l'étude de cas
#
# **Bloc évalué : BC01 « Définir une stratégie éditoriale multimédia »** de la certification
# RNCP40886 *Chef de projet multimédia*. Le référentiel prévoit, pour ce bloc, une
# « étude de cas à partir d'un jeu de données et d'informations variées fourni à propos d'une
# organisation réelle ou fictive », et précise que « chaque compétence est évaluée de manière
# indépendante selon les critères définis dans le référentiel ».
#
# ## La demande du commanditaire
#
# Une organisation fictive, mais cohérente, vous confie la définition de sa stratégie
# éditoriale multimédia. Sa demande exacte, son budget, ses objectifs et ses contraintes sont
# dans son **brief**, que vous lirez ci-dessous et analyserez dans le carnet 02.
#
# ## Ce qui est évalué, carnet par carnet
#
# | carnet | compétence du référentiel | durée indicative |
# |---|---|---|
# | `01_veille` | C1 : mettre en place une veille tendance, technique et juridique | 60 à 75 min |
# | `02_besoin` | C2 : analyser les besoins du commanditaire (entretiens, workshops, NPS) | 60 à 75 min |
# | `03_environnement` | C3 : étudier l'environnement (SWOT, concurrence, risques, recommandations) | 75 à 90 min |
# | `04_cible` | C4 : analyser la cible (données, segmentation, personas inclusifs) | 60 à 90 min |
# | `05_strategie_contenu` | C5 : stratégie de contenu ; et le choix des canaux, noté à part | 75 à 90 min |
#
# Chaque carnet contient des **questions calculées**, corrigées automatiquement, et des
# **questions écrites**, corrigées par votre formateur ou formatrice selon une grille tirée
# des critères du référentiel. Chaque note est rattachée à une seule compétence.
#
# ## Comment travailler
#
# 1. **Votre variante.** Écrivez votre identifiant étudiant dans la cellule ci-dessous, puis
#    recopiez-le dans la première cellule de chaque carnet. En examen, vos données vous ont été
#    remises (dossier `casekit_donnees/`) et ne correspondent qu'à vous : deux étudiants ont la
#    même histoire, mais des chiffres différents. Recopier les résultats d'un ou d'une autre ne
#    donne donc pas les bons chiffres.
# 2. **Répondre.** Remplacez chaque `raise NotImplementedError()` par votre code et rangez le
#    résultat dans la variable demandée (ne la renommez pas). Les questions écrites se
#    rédigent dans les cellules « VOTRE RÉPONSE ICI ».
# 3. **Vérifier.** La cellule qui suit chaque réponse la vérifie tout de suite et explique
#    l'erreur la plus probable, sans donner la réponse. D'autres vérifications, cachées,
#    s'ajoutent à la correction.
# 4. **Rendre.** Exécutez chaque carnet de haut en bas (menu *Exécuter › Exécuter toutes les
#    cellules*), enregistrez, puis rendez-le comme l'indique votre formateur ou formatrice
#    (onglet *Assignments* ou dépôt). Sur Binder, téléchargez vos carnets avant de fermer
#    l'onglet : rien n'y est conservé.
#
# Besoin d'un aménagement (tiers-temps, lecteur d'écran) ? Signalez-le : les graphiques ont
# tous un texte alternatif et un tableau de données, et les délais peuvent être adaptés.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import checks, examen, plots

ETUDIANT = "votre.identifiant"  # remplacez par votre identifiant étudiant
examen.mode(ETUDIANT)
pd.set_option("display.float_format", plots.nombre_fr)

# %% [markdown]
# ## Le brief du commanditaire

# %%
brief = casekit.load("brief_commanditaire", seed=ETUDIANT).frame
premier = brief.iloc[0]
display(Markdown(f"### {premier['titre']}\n\n" + premier["texte"].replace("\n", "  \n")))

# %% [markdown]
# ## Les données à votre disposition
#
# Seize jeux de données décrivent l'organisation. Chacun a sa documentation : `DESCR` (texte),
# `codebook` (dictionnaire des variables) et `sources` (d'où viennent les chiffres réels).

# %%
pd.DataFrame({"jeu de données": casekit.list_datasets()})

# %%
casekit.load("clients", seed=ETUDIANT).codebook[["colonne", "type", "description"]]

# %% [markdown]
# ## Essayez une vérification
#
# Les vérifications s'appuient sur `casekit.checks`. Calculez le nombre de réponses de
# l'enquête de satisfaction (version nettoyée) et vérifiez-le ; puis essayez une valeur fausse
# pour voir le message. Cette cellule n'est pas notée.

# %%
enquete = casekit.load("enquete_satisfaction", seed=ETUDIANT).frame
nb_reponses = len(enquete)
checks.verifier_valeur(nb_reponses, enquete.shape[0], nom="Nombre de réponses")

# %%
try:
    checks.verifier_nps(0.25, enquete["nps_0_10"])
except checks.VerificationEchouee as erreur:
    print(f"Message reçu : {erreur}")

# %% [markdown]
# Vous êtes prêt ou prête : ouvrez `01_veille.ipynb`.
