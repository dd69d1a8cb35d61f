# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # BC01 — 05 · Stratégie de contenu et choix des canaux
#
# **Compétence évaluée : C5.** Le référentiel RNCP40886 (bloc BC01) la formule ainsi :
#
# > « Participer à l'élaboration de la stratégie de contenu en mettant en forme les retours des
# > différentes équipes techniques (marketing, développement, direction artistique...) et en
# > prenant en compte la diversité de l'équipe projet ainsi que les éventuels handicaps de ses
# > membres afin d'assurer la cohérence entre la vision stratégique et sa mise en œuvre
# > opérationnelle. »
#
# Le choix des canaux, noté à part, prépare la compétence du bloc BC02 :
#
# > « Sélectionner des canaux de diffusion variés en réalisant une analyse des caractéristiques
# > des différents canaux et en utilisant des outils d'analyse des audiences en lien avec le
# > public cible afin répondre aux attentes et aux habitudes du public cible. »
#
# Ce que le jury regarde ici :
# - l'audit des contenus existants mesure la performance, l'accessibilité et l'empreinte ;
# - les retours des équipes sont **mis en forme** et deviennent des décisions, qui tiennent
#   compte de la diversité et des handicaps des membres de l'équipe ;
# - les canaux sont choisis par un score **aux poids visibles et justifiés** ;
# - le premier calendrier éditorial met la stratégie en œuvre, accessibilité comprise.
#
# Durée indicative : 75 à 90 minutes.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import a11y, channels, checks, examen, plots

ETUDIANT = "votre.identifiant"
examen.mode(ETUDIANT)
plots.style()
pd.set_option("display.float_format", plots.nombre_fr)

# %% [markdown]
# ## 1. Audit des contenus : accessibilité
#
# `a11y.audit_contenus` contrôle chaque contenu (texte alternatif, sous-titres, contraste,
# niveau de lecture) selon les critères WCAG / RGAA ; `a11y.resume_audit` en fait le bilan.

# %%
inventaire = casekit.load("inventaire_contenus", seed=ETUDIANT).frame
audit = a11y.audit_contenus(inventaire)
bilan = a11y.resume_audit(audit)
bilan

# %% [markdown]
# **Question 1 (1 point).** Rangez dans `part_sans_sous_titres` la part (en %) des vidéos
# **sans sous-titres**, parmi les contenus concernés par ce contrôle.

# %% nbgrader={"grade": false, "grade_id": "c5_sous_titres_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
part_sans_sous_titres = bilan.set_index("controle").loc["Sous-titres manquants", "part_en_defaut_pct"]
print(f"{plots.nombre_fr(part_sans_sous_titres, 1)} % des vidéos n'ont pas de sous-titres.")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c5_sous_titres", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C5"]
checks.verifier_audit(part_sans_sous_titres, inventaire, controle="Sous-titres manquants")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_audit(part_sans_sous_titres, variante_corrigee().load("inventaire_contenus").frame,
                      controle="Sous-titres manquants")
### END HIDDEN TESTS

# %% [markdown]
# Les défauts ont-ils diminué avec le temps ? Par trimestre de publication :

# %%
trimestre = inventaire["date_publication"].dt.to_period("Q").dt.start_time
defauts = audit.assign(trimestre=trimestre).groupby("trimestre")[
    ["sous_titres_manquants", "contraste_insuffisant"]].mean().mul(100)
plots.courbes(defauts.rename(columns={"sous_titres_manquants": "sans sous-titres",
                                      "contraste_insuffisant": "contraste insuffisant"}),
              titre="Contenus en défaut par trimestre de publication", unite="%")

# %% [markdown]
# ## 2. Audit des contenus : performance et empreinte
#
# **Question 2 (1 point).** Rangez dans `empreinte_kg` l'empreinte carbone totale des contenus
# de l'inventaire, en kilogrammes de CO2e : gCO2e par vue × vues, sommé, converti en kg.
#
# **Question 3 (2 points).** Rangez dans `pilier_engageant` le pilier éditorial au meilleur taux
# d'engagement : total des interactions ÷ total des vues du pilier.

# %% nbgrader={"grade": false, "grade_id": "c5_empreinte_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
empreinte_kg = (inventaire["gco2e_par_vue"] * inventaire["vues"]).sum() / 1000
par_format = (inventaire.assign(kg=inventaire["gco2e_par_vue"] * inventaire["vues"] / 1000)
              .groupby("format", observed=True)[["kg", "vues"]].sum())
print(f"Empreinte totale : {plots.nombre_fr(empreinte_kg, 1)} kg CO2e.")
par_format.sort_values("kg", ascending=False)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c5_empreinte", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C5"]
checks.verifier_empreinte(empreinte_kg, inventaire)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_empreinte(empreinte_kg, variante_corrigee().load("inventaire_contenus").frame)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "c5_pilier_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
par_pilier = inventaire.groupby("pilier", observed=True)[["interactions", "vues"]].sum()
engagement = (par_pilier["interactions"] / par_pilier["vues"] * 100).sort_values()
pilier_engageant = engagement.idxmax()
plots.barres(engagement.rename("taux d'engagement"), titre="Taux d'engagement par pilier éditorial", unite="%")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c5_pilier", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:C5"]
checks.verifier_pilier_engageant(pilier_engageant, inventaire)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_pilier_engageant(pilier_engageant, variante_corrigee().load("inventaire_contenus").frame)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Les retours des équipes
#
# Marketing, développement, direction artistique et direction ont laissé des notes : idées,
# alertes, contraintes, besoins, désaccords. Certaines concernent l'accessibilité des contenus,
# d'autres les besoins des membres de l'équipe eux-mêmes.

# %%
retours = casekit.load("retours_equipes", seed=ETUDIANT).frame
pd.crosstab(retours["theme"], retours["pole"])

# %%
for _, note in retours.sort_values(["priorite", "date"]).head(12).iterrows():
    display(Markdown(f"**{note['note_id']}** — {note['pole']}, {note['type_retour']} "
                     f"(priorité {note['priorite']}) : {note['texte']}"))

# %% [markdown]
# **Question 4 (1 point).** Rangez dans `part_retours_accessibilite` la part (en %) des notes
# qui concernent l'accessibilité (`concerne_accessibilite`).

# %% nbgrader={"grade": false, "grade_id": "c5_retours_accessibilite_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
part_retours_accessibilite = 100 * retours["concerne_accessibilite"].mean()
retours.groupby("pole")["concerne_accessibilite"].mean().mul(100).to_frame("notes sur l'accessibilité (%)")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "c5_retours_accessibilite", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:C5"]
checks.verifier_part(part_retours_accessibilite, retours["concerne_accessibilite"],
                     nom="Part des notes sur l'accessibilité")
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

checks.verifier_part(part_retours_accessibilite,
                     variante_corrigee().load("retours_equipes").frame["concerne_accessibilite"],
                     nom="Part des notes sur l'accessibilité")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": true, "grade_id": "c5_decisions", "locked": false, "points": 6, "schema_version": 3, "solution": true, "task": false} tags=["competence:C5"]
# **Question 5 (écrite, 6 points).** Mettez en forme les retours des équipes en un tableau de
# décisions (au moins cinq lignes) : note(s) d'origine, pôle, décision, responsable, échéance.
# Puis, en quelques lignes :
# 1. comment tranchez-vous les désaccords entre pôles (citez les notes) ?
# 2. quelles décisions tiennent compte de la **diversité de l'équipe** et des **besoins ou
#    handicaps de ses membres** (organisation du travail, outils, formats de réunion) ?
# 3. quels piliers et formats garder, renforcer ou abandonner au vu de l'audit (performance,
#    accessibilité, empreinte) ?
#
# === BEGIN MARK SCHEME ===
# Critère C5 « en mettant en forme les retours des différentes équipes techniques … et en prenant
# en compte la diversité de l'équipe projet ainsi que les éventuels handicaps de ses membres afin
# d'assurer la cohérence entre la vision stratégique et sa mise en œuvre opérationnelle ».
# - 2 pts : tableau de décisions clair, chaque décision rattachée à des notes identifiées (RET-…)
#   et à un responsable et une échéance.
# - 1 pt : les désaccords entre pôles sont arbitrés avec un argument tiré des données.
# - 2 pts : au moins deux décisions répondent aux besoins de membres de l'équipe (handicap,
#   contraintes personnelles, diversité des métiers), sans les désigner de façon stigmatisante.
# - 1 pt : les arbitrages sur les piliers et formats s'appuient sur l'audit (engagement,
#   défauts d'accessibilité, empreinte) et restent cohérents avec la stratégie.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* | notes | pôle | décision | responsable | échéance | — sous-titrage de toutes
# les vidéos avant publication (notes d'alerte sur l'accessibilité) ; correction des couleurs
# de la charte en défaut de contraste ; gabarits de publication partagés ; réunions avec ordre
# du jour écrit et transcription pour les membres qui en ont besoin ; vidéos compressées.
# Désaccord « vidéo d'abord » contre « sobriété » : on garde la vidéo courte là où l'engagement
# le justifie, en limitant durée et poids. Pilier le plus engageant renforcé.
# ### END SOLUTION

# %% [markdown]
# ## 4. Choisir les canaux : un score aux poids visibles
#
# `channels.criteres_canaux` mesure, pour un public cible, cinq critères par canal : affinité
# de la cible avec le canal, coût par conversion, taux de clic, empreinte pour 1 000 impressions
# et accessibilité du canal. `channels.scorer_canaux` les combine avec **vos** poids.
#
# Le tableau d'affinité liste les publics du fichier d'audience ; choisissez celui qui
# correspond le mieux à votre premier persona du carnet 04 (âge de référence, canaux préférés).

# %%
affinite = casekit.load("campagnes_canaux", seed=ETUDIANT).tables["affinite_audience_canal"]
affinite.pivot_table(index="segment", columns="canal", values="indice_affinite", observed=True)

# %% [markdown]
# **Question 6 (1 point).** Rangez dans `cible_canaux` le public retenu (une valeur de la
# colonne `segment` ci-dessus) et dans `poids` un dictionnaire qui donne un poids à chacun des
# cinq critères (`affinite`, `cout_par_resultat`, `engagement`, `empreinte`, `accessibilite`),
# **total 1**. Vos poids traduisent vos priorités : justifiez-les en question 9.

# %% nbgrader={"grade": false, "grade_id": "canaux_poids_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
cible_canaux = affinite.groupby("segment", observed=True)["indice_affinite"].max().idxmax()
poids = {"affinite": 0.35, "cout_par_resultat": 0.2, "engagement": 0.15, "empreinte": 0.15, "accessibilite": 0.15}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "canaux_poids", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["competence:canaux"]
checks.verifier_poids(poids)

# %% [markdown]
# **Question 7 (2 points).** Rangez dans `criteres` les critères de `cible_canaux`
# (`channels.criteres_canaux(cible_canaux, seed=ETUDIANT)`), puis dans `scores` le
# classement obtenu avec vos poids.

# %% nbgrader={"grade": false, "grade_id": "canaux_scores_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
criteres = channels.criteres_canaux(cible_canaux, seed=ETUDIANT)
scores = channels.scorer_canaux(criteres, poids=poids)
channels.tableau_scores(scores)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "canaux_scores", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:canaux"]
checks.verifier_scores_canaux(scores, criteres, poids)
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_v = variante_corrigee()
checks.verifier_scores_canaux(scores, channels.criteres_canaux(cible_canaux, case=_v.cas, seed=_v.graine), poids)
### END HIDDEN TESTS

# %%
channels.graphique_scores(scores)

# %% [markdown]
# ## 5. Un premier calendrier éditorial
#
# **Question 8 (2 points).** Construisez `calendrier`, un DataFrame d'au moins huit
# publications sur au moins quatre semaines, avec les colonnes `date`, `canal` (parmi les
# **trois premiers canaux de votre classement**, `scores.index[:3]`), `pilier`, `format` et `accessibilite` (la
# mesure prévue pour cette publication : sous-titres, texte alternatif, contraste vérifié,
# FALC…).

# %% nbgrader={"grade": false, "grade_id": "canaux_calendrier_rep", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
canaux_retenus = list(scores.index[:3])
piliers = list(engagement.sort_values(ascending=False).index[:3])
dates = pd.date_range(inventaire["date_publication"].max() + pd.offsets.Week(weekday=0), periods=8, freq="3D")
calendrier = pd.DataFrame({
    "date": dates,
    "canal": [canaux_retenus[i % 3] for i in range(8)],
    "pilier": [piliers[i % len(piliers)] for i in range(8)],
    "format": ["video_courte", "carrousel", "article", "video_courte", "newsletter", "carrousel",
               "video_courte", "article"],
})
calendrier["accessibilite"] = calendrier["format"].map({
    "video_courte": "sous-titres incrustés et transcription", "carrousel": "texte alternatif, contraste vérifié",
    "article": "titres structurés, FALC pour l'essentiel", "newsletter": "version texte, liens explicites"})
calendrier.assign(date=calendrier["date"].map(lambda d: plots.date_fr(d)))
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "canaux_calendrier", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["competence:canaux"]
checks.verifier_calendrier(calendrier, canaux=list(scores.index[:3]))
### BEGIN HIDDEN TESTS
from casekit.examen import variante_corrigee

_v = variante_corrigee()
_ref = channels.scorer_canaux(channels.criteres_canaux(cible_canaux, case=_v.cas, seed=_v.graine), poids=poids)
checks.verifier_calendrier(calendrier, canaux=list(_ref.index[:3]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": true, "grade_id": "canaux_justification", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false} tags=["competence:canaux"]
# **Question 9 (écrite, 4 points).** Justifiez votre sélection : pourquoi ce public, pourquoi
# ces poids (que se passe-t-il si vous doublez le poids de l'affinité ou de l'empreinte ?),
# pourquoi ces trois canaux sont **variés** et complémentaires, et comment le calendrier répond
# aux habitudes de la cible (moments, formats, appareils, d'après `enquete_usages`).
#
# === BEGIN MARK SCHEME ===
# Critère BC02 C1 « sélectionner des canaux de diffusion variés en réalisant une analyse des
# caractéristiques des différents canaux et en utilisant des outils d'analyse des audiences en
# lien avec le public cible ».
# - 1 pt : le public retenu est relié au persona et aux données d'audience.
# - 1 pt : les poids sont justifiés et leur sensibilité testée (classement qui change ou non).
# - 1 pt : les canaux retenus sont variés (propriétaires / sociaux / payants) et complémentaires.
# - 1 pt : le calendrier s'appuie sur les habitudes mesurées (format préféré, moment, appareil)
#   et intègre accessibilité et sobriété.
# === END MARK SCHEME ===
#
# ### BEGIN SOLUTION
# *Corrigé type :* le public retenu est celui dont l'affinité avec les canaux est la plus
# marquée ; l'affinité pèse le plus parce que l'objectif est de toucher ce public, l'empreinte
# et l'accessibilité pèsent autant que l'engagement. Doubler le poids de l'affinité fait monter
# les réseaux sociaux ; doubler celui de l'empreinte favorise les canaux légers. Les trois
# canaux mêlent un canal propriétaire et des réseaux ; le calendrier publie aux moments de
# connexion mesurés, avec sous-titres et textes alternatifs.
# ### END SOLUTION
