# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 03 · Étudier l'environnement de l'organisation
#
# **Compétence évaluée : C3.** Le référentiel RNCP40886 (bloc BC01) la formule ainsi :
#
# > « Réaliser une étude de l'environnement de l'entreprise en appliquant une méthode de
# > cartographie des éléments clefs de son utilisation des supports multimédias (forces,
# > faiblesses, opportunités, menaces, histoire, culture, ADN…), en utilisant des outils d'analyse
# > concurrentielle, en identifiant les différents risques et opportunité pour définir des
# > recommandations opérationnelles. »
#
# Ce que le jury regarde ici :
# - l'histoire, la culture et l'ADN de l'organisation sont décrits à partir des documents ;
# - les indicateurs internes et la concurrence sont **mesurés** (croissance, part de voix, ESOV) ;
# - chaque élément de la SWOT est **étayé par une preuve** (jeu de données et chiffre) ;
# - les stratégies TOWS, les risques et les recommandations en découlent et sont opérationnels.
#
# Durée indicative : 75 à 90 minutes.

# %%
import pandas as pd
from IPython.display import Markdown, display

from casekit import checks, examen, metrics, plots, swot
import casekit

ETUDIANT = "votre.identifiant"
examen.mode(ETUDIANT)
plots.style()
pd.set_option("display.float_format", plots.nombre_fr)

# %% [markdown]
# ## 1. Histoire, culture et ADN

# %%
profil = casekit.load("profil", seed=ETUDIANT).frame
display(Markdown("\n".join(f"- **{ligne.cle.replace('_', ' ')}** : {ligne.valeur}"
                           for ligne in profil.itertuples() if ligne.rubrique in ("identite", "adn", "valeurs",
                                                                                   "mission", "ton_editorial"))))
profil.groupby("rubrique").size().to_frame("éléments")

# %%
historique = casekit.load("historique", seed=ETUDIANT).frame
historique[["date", "type_evenement", "titre"]]

# %% [markdown] nbgrader={"grade": true, "grade_id": "c3_culture", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false} tags=["competence:C3"]
# **Question 1 (écrite, 3 points).** En cinq à huit lignes : quelle est la culture de
# l'organisation, son ADN (ce qui la rend reconnaissable), et quels moments de son histoire
# pèsent encore sur son image ? Citez au moins deux événements de l'historique et deux éléments
# du profil.
#
# === BEGIN MARK SCHEME ===
# Critère C3 « cartographie des éléments clefs … histoire, culture, ADN ».
# - 1 pt : la culture et l'ADN sont décrits avec les mots du profil (mission, valeurs, ton), pas
#   avec des généralités.
# - 1 pt : au moins deux événements datés de l'historique, dont une crise ou un tournant récent.
# - 1 pt : le lien est fait avec l'usage des supports multimédias (ce que l'ADN impose ou permet
#   dans les contenus).
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* une coopérative ancrée localement, au ton chaleureux et pédagogique, dont
# l'ADN est de rendre son activité accessible à toutes et tous. Les crises récentes de
# l'historique expliquent une partie de la défiance mesurée dans l'enquête ; les lancements
# récents montrent une capacité à innover dans les formats. Les contenus doivent garder ce ton
# de proximité.
# ### END SOLUTION

# %% [markdown]
# ## 2. Les indicateurs internes : où l'organisation grandit-elle ?
#
# Le taux de croissance annuel moyen (TCAM) d'une activité, en %, de la première à la dernière
# année : ((CA final ÷ CA initial) ^ (1 ÷ nombre d'années d'écart) − 1) × 100.
#
# **Question 2 (2 points).** Rangez dans `tcam_activites` le TCAM (en %) du chiffre d'affaires
# (`ca_eur`) de chaque activité (une Series indexée par `activite`).

# %%
indicateurs = casekit.load("indicateurs_internes", seed=ETUDIANT).frame
indicateurs.pivot_table(index="annee", columns="activite", values="ca_eur", observed=True)

# %% nbgrader={"grade": false, "grade_id": "c3_tcam_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
ca = indicateurs.pivot_table(index="annee", columns="activite", values="ca_eur", observed=True).sort_index()
nb_annees = ca.index.max() - ca.index.min()
tcam_activites = ((ca.iloc[-1] / ca.iloc[0]) ** (1 / nb_annees) - 1) * 100
tcam_activites.sort_values(ascending=False).to_frame("TCAM (%)")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c3_tcam", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C3"]
checks.verifier_tcam(tcam_activites, indicateurs)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_tcam(tcam_activites, variante_corrigee().load("indicateurs_internes").frame)
### END HIDDEN TESTS

# %% [markdown]
# **Question 3 (1 point).** Rangez dans `activite_dynamique` l'activité au TCAM le plus élevé.
# Puis comparez sa part du trafic du site web (`part_trafic_site`, dernière année) à sa
# croissance : la communication suit-elle le développement ?

# %% nbgrader={"grade": false, "grade_id": "c3_activite_dynamique_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
activite_dynamique = tcam_activites.idxmax()
derniere = indicateurs[indicateurs["annee"] == indicateurs["annee"].max()].set_index("activite")
pd.DataFrame({"TCAM (%)": tcam_activites, "part du trafic du site (%)": derniere["part_trafic_site"] * 100,
              "taux de marge brute (%)": derniere["taux_marge_brute"] * 100}).sort_values("TCAM (%)")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c3_activite_dynamique", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C3"]
checks.verifier_choix(activite_dynamique, checks.tcam_par(indicateurs), nom="Activité la plus dynamique",
                      tolerance=0.1)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_choix(activite_dynamique, checks.tcam_par(variante_corrigee().load("indicateurs_internes").frame),
                      nom="Activité la plus dynamique", tolerance=0.1)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. La concurrence : fiches, part de voix, ESOV
#
# La **part de voix** d'une marque est sa part des mentions en ligne ; pondérée par la portée
# estimée, elle mesure sa visibilité. L'**ESOV** (excès de part de voix) compare la part de voix à
# la part de marché : positif, la marque « parle plus fort » que son poids ; négatif, elle est
# moins visible que son poids ne le permettrait.

# %%
concurrents = casekit.load("concurrents", seed=ETUDIANT).frame
concurrents[["nom", "type", "positionnement", "indice_prix", "part_de_marche_locale", "abonnes_total",
             "depenses_pub_mensuelles_eur"]]

# %%
mentions = casekit.load("mentions", seed=ETUDIANT).frame
organisation = concurrents.loc[concurrents["est_organisation"], "nom"].iloc[0]
print(f"Organisation étudiée : {organisation} ; {plots.nombre_fr(len(mentions))} mentions.")

# %% [markdown]
# **Question 4 (2 points).** Rangez dans `part_voix` la part de voix (en %) de chaque marque,
# **pondérée par la portée** (`portee_estimee`). Utilisez `metrics.part_de_voix`.

# %% nbgrader={"grade": false, "grade_id": "c3_part_de_voix_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
part_voix = metrics.part_de_voix(mentions, par="marque", poids="portee_estimee")
plots.barres(part_voix, titre="Part de voix pondérée par la portée", unite="%")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c3_part_de_voix", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C3"]
checks.verifier_part_de_voix(part_voix, mentions, poids="portee_estimee")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_part_de_voix(part_voix, variante_corrigee().load("mentions").frame, poids="portee_estimee")
### END HIDDEN TESTS

# %% [markdown]
# **Question 5 (2 points).** Rangez dans `esov` l'excès de part de voix de l'organisation, en
# points : part de voix pondérée (%) − part de marché locale (%).

# %% nbgrader={"grade": false, "grade_id": "c3_esov_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
part_marche = concurrents.set_index("nom")["part_de_marche_locale"] * 100
esov = part_voix[organisation] - part_marche[organisation]
print(f"ESOV de {organisation} : {plots.nombre_fr(esov, 1)} points")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c3_esov", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C3"]
checks.verifier_esov(esov, mentions, concurrents, organisation=organisation)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_v = variante_corrigee()
checks.verifier_esov(esov, _v.load("mentions").frame, _v.load("concurrents").frame, organisation=organisation)
### END HIDDEN TESTS

# %% [markdown]
# Le benchmark des réseaux sociaux complète le tableau : taux d'engagement (en % de la portée)
# de chaque marque sur chaque plateforme, en moyenne sur les six derniers mois.

# %%
benchmark = casekit.load("benchmark_social", seed=ETUDIANT).frame
dernier_mois = benchmark[benchmark["mois"] > benchmark["mois"].max() - pd.DateOffset(months=6)]
dernier_mois.pivot_table(index="marque", columns="plateforme", values="taux_engagement_portee", observed=True)

# %% [markdown]
# ## 4. La SWOT argumentée
#
# **Question 6 (3 points).** Construisez `analyse` avec `swot.construire` : **au moins deux
# éléments par catégorie** (forces, faiblesses, opportunités, menaces), chacun avec sa preuve :
# le jeu de données (`jeu_de_donnees`), l'indicateur (`indicateur`) et la valeur chiffrée
# (`valeur`) que vous avez calculée dans ce carnet ou dans le précédent. Les forces et
# faiblesses sont internes, les opportunités et menaces externes.

# %% nbgrader={"grade": false, "grade_id": "c3_swot_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
concurrent_bruyant = part_voix.drop(organisation).idxmax()
analyse = swot.construire([
    {"categorie": "forces", "element": f"L'activité « {activite_dynamique} » croît vite",
     "jeu_de_donnees": "indicateurs_internes", "indicateur": "TCAM du CA (%)",
     "valeur": round(tcam_activites[activite_dynamique], 1)},
    {"categorie": "forces", "element": "Une histoire longue et ancrée localement",
     "jeu_de_donnees": "historique", "indicateur": "années d'existence",
     "valeur": int(historique["annee"].max() - historique["annee"].min())},
    {"categorie": "faiblesses", "element": "La croissance de cette activité est peu visible sur le site",
     "jeu_de_donnees": "indicateurs_internes", "indicateur": "part du trafic du site (%)",
     "valeur": round(100 * derniere.loc[activite_dynamique, "part_trafic_site"], 1)},
    {"categorie": "faiblesses", "element": "Visibilité en ligne inférieure au poids de marché",
     "jeu_de_donnees": "mentions", "indicateur": "ESOV (points)", "valeur": round(esov, 1)},
    {"categorie": "opportunites", "element": "Un concurrent concentre l'attention : se différencier",
     "jeu_de_donnees": "mentions", "indicateur": f"part de voix de {concurrent_bruyant} (%)",
     "valeur": round(part_voix[concurrent_bruyant], 1)},
    {"categorie": "opportunites", "element": "Les vidéos courtes engagent fortement sur certaines plateformes",
     "jeu_de_donnees": "benchmark_social", "indicateur": "taux d'engagement max (%)",
     "valeur": round(dernier_mois["taux_engagement_portee"].max(), 1)},
    {"categorie": "menaces", "element": "Le premier concurrent dépense bien plus en publicité",
     "jeu_de_donnees": "concurrents", "indicateur": "dépenses pub mensuelles max (€)",
     "valeur": float(concurrents["depenses_pub_mensuelles_eur"].max())},
    {"categorie": "menaces", "element": "Le marché local est partagé entre plusieurs acteurs",
     "jeu_de_donnees": "concurrents", "indicateur": "nombre de concurrents", "valeur": len(concurrents) - 1},
], titre=f"SWOT de {organisation}")
analyse.tableau()
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c3_swot", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["competence:C3"]
checks.verifier_swot(analyse, minimum_par_categorie=2)

# %% [markdown]
# La matrice TOWS croise les éléments : SO (utiliser une force pour saisir une opportunité),
# WO, ST, WT. Sans stratégie, `analyse.tows()` liste les croisements à examiner.

# %%
analyse.tows().tableau()

# %% [markdown] nbgrader={"grade": true, "grade_id": "c3_tows_recommandations", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false} tags=["competence:C3"]
# **Question 7 (écrite, 5 points).** Rédigez :
# 1. une stratégie par quadrant TOWS (SO, WO, ST, WT), chacune citant les codes des éléments
#    qu'elle croise (par exemple « S1 × O2 ») ;
# 2. trois **risques** pour la stratégie éditoriale (probabilité, gravité, parade) ;
# 3. trois **recommandations opérationnelles** : quoi, sur quel support, pour qui, avec quel
#    indicateur de réussite.
#
# === BEGIN MARK SCHEME ===
# Critère C3 « en utilisant des outils d'analyse concurrentielle, en identifiant les différents
# risques et opportunités pour définir des recommandations opérationnelles ».
# - 1 pt : quatre stratégies TOWS, chacune croisant un élément interne et un élément externe
#   cités par leur code.
# - 1 pt : la concurrence est exploitée (part de voix, ESOV, benchmark), pas seulement citée.
# - 1 pt : trois risques réalistes avec probabilité, gravité et parade.
# - 2 pts : trois recommandations opérationnelles (action, support, cible, indicateur), cohérentes
#   avec la SWOT et avec l'ADN décrit en question 1.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* SO — faire connaître l'activité la plus dynamique (S1) par les formats qui
# engagent (O2) ; WO — rééquilibrer le site vers cette activité (W1 × O2) ; ST — miser sur la
# proximité et l'histoire (S2) face au concurrent qui achète sa visibilité (T1) ; WT — ne pas
# suivre la surenchère publicitaire (W2 × T1). Risques : surcharge de l'équipe, contenus non
# accessibles, dépendance à une plateforme. Recommandations : une série vidéo courte mensuelle
# sous-titrée, une page dédiée sur le site, une newsletter ciblée ; indicateurs : part de voix,
# trafic de la page, NPS du groupe visé.
# ### END SOLUTION
