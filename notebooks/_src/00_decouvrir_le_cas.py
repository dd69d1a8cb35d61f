# %% [markdown]
# # Découvrir le cas : une organisation, seize jeux de données
#
# **Bloc BC01 – Définir une stratégie éditoriale multimédia** (RNCP40886).
#
# Ce carnet vous présente l'organisation fictive de votre étude de cas et les jeux de
# données qui racontent son histoire : identité, brief du commanditaire, clients,
# population de la zone, enquêtes, concurrence, contenus, canaux, veille.
#
# Objectifs :
# 1. charger un jeu de données et lire sa documentation (`DESCR`, `codebook`, `sources`) ;
# 2. obtenir **votre propre version** du cas grâce à votre identifiant ;
# 3. repérer les premiers indices que vous approfondirez dans les carnets suivants.
#
# > Organisation, personnes et concurrents sont **fictifs** ; les chiffres de marché
# > (INSEE, DREES, Médiamétrie, ADEME…) sont **réels et sourcés**.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import plots

pd.set_option("display.float_format", plots.nombre_fr)  # virgule décimale dans les tableaux
casekit.list_cases()

# %% [markdown]
# ## 1. Votre version du cas
#
# Remplacez l'identifiant ci-dessous par le vôtre (par exemple votre adresse
# universitaire). Même identifiant ⇒ mêmes données, à chaque fois et sur chaque
# ordinateur. Deux étudiants ⇒ deux jeux de chiffres différents, mais la même histoire.

# %%
IDENTIFIANT = "etudiant-demo"
CAS = "rayons_libres"

casekit.list_datasets()

# %% [markdown]
# ## 2. L'organisation : profil, ADN et histoire

# %%
profil = casekit.load("profil", case=CAS, seed=IDENTIFIANT)
profil.frame.head(12)

# %% [markdown]
# La charte graphique est-elle accessible ? La table `palette` donne le rapport de
# contraste WCAG de chaque paire de couleurs (4,5:1 minimum pour un texte normal).

# %%
palette = profil.tables["palette"]
palette.sort_values("contraste_ratio")[["couleur_1", "couleur_2", "contraste_ratio", "texte_normal_aa"]]

# %%
historique = casekit.load("historique", case=CAS, seed=IDENTIFIANT)
historique.frame[["date", "type_evenement", "titre"]]

# %% [markdown]
# ## 3. Le besoin du commanditaire
#
# Le brief et les comptes rendus d'entretiens sont fournis en texte intégral. Lisez-les
# et notez : la demande explicite, les besoins implicites, les contraintes.

# %%
brief = casekit.load("brief_commanditaire", case=CAS, seed=IDENTIFIANT)
display(Markdown(brief.frame.loc[0, "texte"].replace("\n", "  \n")))

# %% [markdown]
# ## 4. Les clients et la population de la zone
#
# Chaque jeu de données a un dictionnaire des variables (`codebook`). Le segment de
# chaque client n'y figure pas : vous le retrouverez par segmentation.

# %%
clients = casekit.load("clients", case=CAS, seed=IDENTIFIANT)
clients.codebook[["colonne", "type", "description"]]

# %%
clients.frame["tranche_age"].value_counts(sort=False)

# %% [markdown]
# **Taux de pénétration** par tranche d'âge : clients ÷ habitants de la zone.

# %%
population = casekit.load("population_zone", case=CAS, seed=IDENTIFIANT).frame
habitants = population.groupby("tranche_age", observed=True)["population"].sum()
nb_clients = clients.frame.groupby("tranche_age", observed=True).size()
penetration = (nb_clients / habitants * 1000).rename("clients pour 1 000 habitants")
penetration.to_frame()

# %% [markdown]
# Inclusion : quelle part des clients déclare un besoin d'accessibilité ?

# %%
clients.frame["besoin_accessibilite"].value_counts(normalize=True).mul(100).to_frame("part des clients (%)")

# %% [markdown]
# ## 5. La satisfaction : un premier NPS
#
# Le *Net Promoter Score* vaut % promoteurs (9–10) − % détracteurs (0–6).

# %%
enquete = casekit.load("enquete_satisfaction", case=CAS, seed=IDENTIFIANT)
enquete.frame["nps_classe"].value_counts(normalize=True).mul(100).to_frame("part des répondants (%)")

# %%
resultat = casekit.metrics.nps(enquete.frame["nps_0_10"])
resultat

# %% [markdown]
# ## 6. D'où viennent les chiffres réels ?
#
# Les tables de référence citent leur source, leur date et leur URL. Une donnée sans
# source ne doit pas entrer dans une recommandation.

# %%
reference = casekit.load("reference", case=CAS, seed=IDENTIFIANT)
reference.frame

# %%
clients.sources[["table", "source", "date_source", "url"]].drop_duplicates("source")

# %% [markdown]
# ## À vous
#
# Notez trois questions que ces premières données vous posent sur la stratégie
# éditoriale de l'organisation. Les carnets suivants vous aideront à y répondre :
#
# 1. `01_boite_a_outils.ipynb` : les outils de casekit, compétence par compétence, sur ce
#    cas d'entraînement ;
# 2. puis l'étude de cas évaluée, dans le dossier `bc01/` : commencez par
#    `bc01/00_consigne.ipynb`, qui explique comment obtenir **votre** version du cas,
#    vérifier vos réponses et rendre votre travail.
