# %% [markdown]
# # La boîte à outils : du jeu de données à la recommandation
#
# Ce carnet parcourt les outils de `casekit` compétence par compétence du bloc BC01.
# Ils appliquent **une seule définition** de chaque indicateur (NPS, taux d'engagement,
# part de voix, contraste…), la même que celle des corrections : vous passez votre temps
# à raisonner, pas à recoder des formules.
#
# Chaque graphique `casekit` renvoie la figure **et un texte alternatif** en français :
# réutilisez-le dans vos rendus pour qu'ils soient accessibles.

# %%
import pandas as pd
from IPython.display import Markdown, display

import casekit
from casekit import a11y, channels, checks, eco, metrics, plots, segments, swot, veille

IDENTIFIANT = "etudiant-demo"
CAS = "rayons_libres"  # le cas d'entraînement : son corrigé (truth) est fourni
plots.style()  # palette adaptée aux daltonismes, nombres et dates à la française
pd.set_option("display.float_format", plots.nombre_fr)  # virgule décimale dans les tableaux

# %% [markdown]
# ## 1. Analyse du besoin : le NPS et son intervalle de confiance
#
# Un NPS sans marge d'erreur ne dit pas grand-chose. `metrics.nps` donne le score, les
# trois parts, l'effectif, l'erreur type et l'intervalle de confiance à 95 %.

# %%
enquete = casekit.load("enquete_satisfaction", case=CAS, seed=IDENTIFIANT).frame
trimestre = enquete["date_reponse"].dt.to_period("Q")
nps_trimestre = enquete.groupby(trimestre.dt.start_time)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
plots.courbes(nps_trimestre.rename("NPS"), titre="NPS par trimestre", unite="points")

# %% [markdown]
# Un trimestre décroche-t-il vraiment ? Comparez son intervalle de confiance à celui des
# autres trimestres.

# %%
pire = nps_trimestre.idxmin().to_period("Q")
creux = metrics.nps(enquete.loc[trimestre == pire, "nps_0_10"])
reste = metrics.nps(enquete.loc[trimestre != pire, "nps_0_10"])
print(f"Trimestre le plus bas ({pire.year}-T{pire.quarter}) : {creux}")
print(f"Autres trimestres : {reste}")

# %% [markdown]
# **Auto-vérification** : les fonctions de `casekit.checks` vous disent si votre calcul
# à la main est juste, avec un message qui explique l'erreur la plus fréquente. Voici une
# erreur fréquente : le NPS calculé en proportion plutôt qu'en points.

# %%
essai = (enquete["nps_0_10"] >= 9).mean() - (enquete["nps_0_10"] <= 6).mean()
try:
    checks.verifier_nps(essai, enquete["nps_0_10"])
except checks.VerificationEchouee as erreur:
    print(f"À corriger : {erreur}")

# %% [markdown]
# **À vous.** Remplacez `None` par votre calcul du NPS à la main (en points, sur les
# réponses valides), puis exécutez la cellule : la vérification vous dit si c'est juste.

# %%
nps_a_la_main = None  # À VOUS : % de promoteurs (9–10) − % de détracteurs (0–6)
try:
    checks.verifier_nps(nps_a_la_main, enquete["nps_0_10"])
except checks.VerificationEchouee as erreur:
    print(f"À corriger : {erreur}")

# %% [markdown]
# ## 2. Étude de l'environnement : part de voix et SWOT argumentée

# %%
mentions = casekit.load("mentions", case=CAS, seed=IDENTIFIANT).frame
metrics.part_de_voix(mentions, par="marque", poids="portee_estimee").to_frame("part de voix (%)")

# %% [markdown]
# Une SWOT s'appuie sur des preuves : chaque élément cite le jeu de données et le chiffre
# qui le soutiennent. Un élément sans preuve est accepté, mais signalé.

# %%
autoreparation = enquete["activite"] == "autoreparation"
analyse = swot.construire([
    {"categorie": "forces", "element": "L'autoréparation enthousiasme ses usagers",
     "jeu_de_donnees": "enquete_satisfaction", "indicateur": "NPS autoréparation",
     "valeur": round(metrics.nps(enquete.loc[autoreparation, "nps_0_10"]).score, 1)},
    {"categorie": "faiblesses", "element": f"Décrochage de la satisfaction au trimestre {pire.year}-T{pire.quarter}",
     "jeu_de_donnees": "enquete_satisfaction", "indicateur": f"NPS {pire.year}-T{pire.quarter}",
     "valeur": round(creux.score, 1)},
    {"categorie": "opportunites", "element": "Les vidéos courtes séduisent les 15–24 ans",
     "jeu_de_donnees": "enquete_usages"},
    {"categorie": "menaces", "element": "Un concurrent investit massivement sur les réseaux sociaux"},
], titre="SWOT de Rayons Libres")
analyse.tableau()

# %%
tows = analyse.tows({"SO": [("Faire connaître l'autoréparation par des vidéos courtes", ["S1", "O1"])]})
tows.tableau()

# %% [markdown]
# ## 3. Analyse de la cible : segmenter, profiler, dimensionner
#
# Les variables de segmentation : les colonnes numériques du fichier clients, sauf le code PCS.
# `choisir_k` essaie chaque nombre de segments et mesure l'inertie et la silhouette.

# %%
clients = casekit.load("clients", case=CAS, seed=IDENTIFIANT)
variables = [c for c in clients.frame.select_dtypes("number").columns if c != "pcs_code"]
choix = segments.choisir_k(clients.frame, variables, k_min=2, k_max=8, echantillon_silhouette=1000)
choix

# %% [markdown]
# Le nombre de segments se **lit dans la table** : le k de meilleure silhouette.

# %%
k = int(choix.loc[choix["silhouette"].idxmax(), "k"])
print(f"Meilleure silhouette pour k = {k} ({plots.nombre_fr(choix['silhouette'].max(), 2)}).")
etiquettes = segments.ajuster(clients.frame, variables, k=k)
profil = segments.profiler(clients.frame, etiquettes, variables=variables)
profil.tableau()

# %%
display(Markdown(segments.fiche_persona(profil, profil.segments[0])))

# %% [markdown]
# Combien de personnes compte la cible dans la zone de chalandise ?

# %%
population = casekit.load("population_zone", case=CAS, seed=IDENTIFIANT).frame
cible = segments.taille_segment(population, tranches_age=["20-24", "25-39"], clients=clients.frame)
print(f"Les 20–39 ans de la zone : {plots.nombre_fr(cible.population_cible)} habitants, soit "
      f"{plots.nombre_fr(cible.part_pct, 1)} % de la population ; "
      f"{plots.nombre_fr(cible.clients_cible)} sont clients (taux de pénétration "
      f"{plots.nombre_fr(cible.penetration_pct, 1)} %).")

# %% [markdown]
# ## 4. Choisir les canaux : un score transparent
#
# Cinq critères (affinité de la cible, coût par conversion, engagement, empreinte carbone,
# accessibilité), des poids visibles et modifiables.

# %%
scores = channels.scorer_canaux("etudiants_jeunes_actifs", case=CAS, seed=IDENTIFIANT)
channels.tableau_scores(scores)

# %%
scores_affinite = channels.scorer_canaux(
    "etudiants_jeunes_actifs", case=CAS, seed=IDENTIFIANT, poids={"affinite": 1.0}
)
channels.graphique_scores(scores_affinite)

# %% [markdown]
# ## 5. Inclusion et sobriété numérique

# %%
a11y.verifier_palette(case=CAS)

# %%
inventaire = casekit.load("inventaire_contenus", case=CAS, seed=IDENTIFIANT).frame
a11y.resume_audit(a11y.audit_contenus(inventaire))

# %%
page = eco.gco2e_page(2.5)
video = eco.gco2e_video(4)
print(f"Une page de 2,5 Mo : {plots.nombre_fr(page.gco2e, 2)} gCO2e par vue ({page.modele}).")
print(f"Quatre minutes de vidéo : {video}")

# %% [markdown]
# ## 6. Veille : dédoublonner, repérer ce qui émerge, synthétiser

# %%
articles = veille.dedoublonner(casekit.load("flux_veille", case=CAS, seed=IDENTIFIANT).frame)
veille.termes_emergents(articles, "2025-09-01", "2025-11-30", n=8)

# %%
synthese = veille.synthese(articles, "2025-06-10", "2025-07-31", graphique=False)
display(Markdown(synthese.markdown()))

# %% [markdown]
# ## À vous
#
# Reprenez une de ces analyses avec **votre** identifiant et rédigez, en trois phrases,
# la recommandation éditoriale que vous en tirez, en citant vos sources. Puis passez à
# l'étude de cas évaluée : `bc01/00_consigne.ipynb`.
