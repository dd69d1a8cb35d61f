# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 01 · Mettre en place une veille
#
# **Compétence évaluée : C1.** Le référentiel RNCP40886 (bloc BC01) la formule ainsi :
#
# > « Mettre en place une veille tendance, technique et juridique à l'aide d'outils spécialisés
# > (Feedly, outils de curation de contenu, IA etc.), en interrogeant l'impact de ces évolutions
# > en temps réel sur la stratégie marketing et communication de l'organisation notamment en
# > termes d'éthique et d'éco-responsabilité, afin d'anticiper les ajustements nécessaires dans
# > la stratégie de contenu (visuel, textuel, animation etc.). »
#
# Ce que le jury regarde ici :
# - les sources couvrent les tendances, la technique, le juridique et la concurrence, et leur
#   fiabilité est discutée ;
# - la collecte est **outillée** (abonnements OPML, flux RSS/Atom) et **curée** (doublons,
#   priorités) ;
# - ce qui **émerge** est détecté par une méthode mesurée, pas au jugé ;
# - la synthèse en tire des conséquences pour la stratégie de contenu, y compris en matière
#   d'éthique et d'éco-responsabilité.
#
# Durée indicative : 60 à 75 minutes. La veille fonctionne aussi sur de vrais flux : la même
# chaîne d'outils accepte des adresses `https://…` ou votre propre fichier OPML exporté de
# Feedly.

# %%
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from casekit import checks, examen, plots, veille

ETUDIANT = "votre.identifiant"
examen.mode(ETUDIANT)
plots.style()
pd.set_option("display.float_format", plots.nombre_fr)

# %% [markdown]
# ## 1. Les sources : un fichier d'abonnements OPML
#
# Un lecteur de flux comme Feedly exporte ses abonnements en OPML. `veille.ecrire_flux` écrit
# dans un dossier les flux RSS de votre version du cas et leur fichier `abonnements.opml`.

# %%
dossier = Path("ma_veille")
veille.ecrire_flux(dossier, seed=ETUDIANT)
sources = veille.lire_opml(dossier / "abonnements.opml")
sources

# %% [markdown]
# ## 2. Collecter et curer
#
# `veille.collecter` lit chaque flux et tient un journal : une source en panne n'arrête pas la
# collecte, son statut le dit.

# %%
collecte = veille.collecter(dossier / "abonnements.opml")
articles = collecte.articles
collecte.journal[["titre", "statut", "nb_articles"]]

# %% [markdown]
# Un même article est souvent repris par plusieurs flux. **Question 1 (2 points).** Rangez
# dans `articles_uniques` les articles collectés sans doublons ni reprises
# (`veille.dedoublonner`).

# %% nbgrader={"grade": false, "grade_id": "c1_articles_uniques_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
articles_uniques = veille.dedoublonner(articles)
print(f"{plots.nombre_fr(len(articles_uniques))} articles uniques sur {plots.nombre_fr(len(articles))} collectés.")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c1_articles_uniques", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C1"]
checks.verifier_articles_uniques(articles_uniques, articles)
### BEGIN HIDDEN TESTS
import tempfile

from casekit.examen import variante_corrigee

_v = variante_corrigee()
_dossier = Path(tempfile.mkdtemp())
veille.ecrire_flux(_dossier, case=_v.cas, seed=_v.graine)
checks.verifier_articles_uniques(articles_uniques, veille.collecter(_dossier / "abonnements.opml").articles)
### END HIDDEN TESTS

# %% [markdown]
# Curation : `veille.prioriser` classe les articles selon vos mots-clés, leur fraîcheur et la
# fiabilité de la source. Choisissez des mots-clés tirés du brief et du profil de l'organisation.

# %%
prioritaires = veille.prioriser(articles_uniques, mots_cles=["accessibilité", "vidéo", "réseaux sociaux",
                                                             "sobriété", "données personnelles"])
prioritaires[["date_publication", "source", "titre", "priorite"]].head(10)

# %% [markdown]
# ## 3. Ce qui émerge
#
# La période étudiée : les **trois derniers mois** de la collecte, comparés à l'année qui
# précède. Rangez-les dans `debut` et `fin` (textes « AAAA-MM-JJ ») à partir de la date du
# dernier article.

# %%
derniere = articles_uniques["date_publication"].max()
fin = derniere.strftime("%Y-%m-%d")
debut = (derniere - pd.DateOffset(months=3)).strftime("%Y-%m-%d")
print(f"Période étudiée : du {plots.date_fr(pd.Timestamp(debut))} au {plots.date_fr(pd.Timestamp(fin))}.")

# %% [markdown]
# **Question 2 (2 points).** `veille.termes_emergents` compare la fréquence de chaque terme dans
# la période et avant (score `z` : plus il est haut, plus la hausse est nette). Rangez dans
# `terme_principal` le terme le plus émergent de la période.

# %% nbgrader={"grade": false, "grade_id": "c1_terme_emergent_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
emergents = veille.termes_emergents(articles_uniques, debut, fin, n=10)
terme_principal = emergents.iloc[0]["libelle"]
emergents[["libelle", "articles_periode", "articles_reference", "lift", "z"]]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c1_terme_emergent", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C1"]
checks.verifier_terme_emergent(terme_principal, articles_uniques, debut, fin)
### BEGIN HIDDEN TESTS
import tempfile

from casekit.examen import variante_corrigee

_v = variante_corrigee()
_dossier = Path(tempfile.mkdtemp())
veille.ecrire_flux(_dossier, case=_v.cas, seed=_v.graine)
_ref = veille.dedoublonner(veille.collecter(_dossier / "abonnements.opml").articles)
_fin = _ref["date_publication"].max()
checks.verifier_terme_emergent(terme_principal, _ref, (_fin - pd.DateOffset(months=3)).strftime("%Y-%m-%d"),
                               _fin.strftime("%Y-%m-%d"))
### END HIDDEN TESTS

# %% [markdown]
# **Question 3 (2 points).** Quelle catégorie de veille (tendances, technique, juridique,
# concurrence…) gagne le plus de place ? Comparez la part (en %) de chaque catégorie dans la
# période et avant `debut`, et rangez dans `categorie_en_hausse` celle dont la part progresse
# le plus (en points).

# %% nbgrader={"grade": false, "grade_id": "c1_categorie_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
dates = articles_uniques["date_publication"]
dans_periode = dates >= pd.Timestamp(debut, tz=dates.dt.tz)
parts = pd.DataFrame({
    "avant (%)": articles_uniques.loc[~dans_periode, "categorie"].value_counts(normalize=True) * 100,
    "période (%)": articles_uniques.loc[dans_periode, "categorie"].value_counts(normalize=True) * 100,
}).fillna(0)
parts["évolution (points)"] = parts["période (%)"] - parts["avant (%)"]
categorie_en_hausse = parts["évolution (points)"].idxmax()
parts.sort_values("évolution (points)")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c1_categorie_en_hausse", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C1"]
checks.verifier_categorie_en_hausse(categorie_en_hausse, articles_uniques, debut)
### BEGIN HIDDEN TESTS
import tempfile

from casekit.examen import variante_corrigee

_v = variante_corrigee()
_dossier = Path(tempfile.mkdtemp())
veille.ecrire_flux(_dossier, case=_v.cas, seed=_v.graine)
_ref = veille.dedoublonner(veille.collecter(_dossier / "abonnements.opml").articles)
_fin = _ref["date_publication"].max()
checks.verifier_categorie_en_hausse(categorie_en_hausse, _ref,
                                    (_fin - pd.DateOffset(months=3)).strftime("%Y-%m-%d"))
### END HIDDEN TESTS

# %% [markdown]
# Les pics d'un terme dans le temps (détecteur de Kleinberg) : quand l'attention a-t-elle
# monté, et retombe-t-elle ?

# %%
veille.pics(articles_uniques, list(emergents["terme"].head(3)))

# %% [markdown]
# ## 4. La synthèse de veille
#
# `veille.synthese` rédige un premier bilan de la période : volume, nouvelles sources, termes
# émergents, pics et articles à la une. C'est un **brouillon** : à vous d'en tirer les
# conséquences.

# %%
synthese = veille.synthese(articles_uniques, debut, fin, graphique=False)
display(Markdown(synthese.markdown()))

# %% [markdown] nbgrader={"grade": true, "grade_id": "c1_synthese", "locked": false, "points": 6, "schema_version": 3, "solution": true, "task": false} tags=["competence:C1"]
# **Question 4 (écrite, 6 points).** Rédigez la note de veille que vous enverriez au
# commanditaire (une page au plus) :
# 1. les trois évolutions à retenir (tendance, technique, juridique ou concurrence), chacune
#    avec ses chiffres et au moins un article cité (titre, source, date) ;
# 2. la fiabilité des sources utilisées (source officielle ou non, reprise, opinion) ;
# 3. pour chaque évolution, l'**ajustement de la stratégie de contenu** (visuel, textuel,
#    animation) que vous recommandez ;
# 4. les enjeux d'**éthique** (données personnelles, IA générative, droit à l'image, inclusion)
#    et d'**éco-responsabilité** (poids des formats, sobriété) que ces évolutions soulèvent ;
# 5. comment vous maintiendrez cette veille (fréquence, outils, ajout de sources réelles).
#
# === BEGIN MARK SCHEME ===
# Critère C1 « mettre en place une veille tendance, technique et juridique à l'aide d'outils
# spécialisés, en interrogeant l'impact de ces évolutions … notamment en termes d'éthique et
# d'éco-responsabilité, afin d'anticiper les ajustements nécessaires dans la stratégie de contenu ».
# - 1 pt : trois évolutions pertinentes, détectées par la méthode (termes émergents, pics) et
#   chiffrées, pas au jugé.
# - 1 pt : les articles cités sont identifiés et leur fiabilité est discutée.
# - 2 pts : chaque évolution débouche sur un ajustement concret de la stratégie de contenu
#   (format, ton, canal, calendrier), en anticipation.
# - 1 pt : éthique ET éco-responsabilité traitées concrètement (pas une phrase générique).
# - 1 pt : un dispositif de veille durable est décrit (outils, fréquence, sources).
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* les termes émergents de la période signalent l'offensive d'un concurrent
# sur les réseaux sociaux, les pics passés montrent la montée des formats vidéo courts et des
# exigences d'accessibilité. Ajustements : une série vidéo courte sous-titrée, une réponse
# éditoriale qui valorise la proximité plutôt qu'une surenchère publicitaire, un audit RGAA.
# Éthique : consentement pour les images, transparence sur l'usage d'IA générative.
# Éco-responsabilité : vidéos courtes compressées, pas de lecture automatique. Veille
# hebdomadaire dans un lecteur de flux, alimentée par les flux officiels.
# ### END SOLUTION
