# %% [markdown]
# # La boîte à outils : du jeu de données à la recommandation
#
# Ce carnet parcourt les outils de `casekit` compétence par compétence du bloc BC01.
# Ils appliquent **une seule définition** de chaque indicateur (NPS, taux d'engagement,
# part de voix, contraste…), la même que celle des corrections : vous passez votre temps
# à raisonner, pas à recoder des formules.
#
# Chaque graphique `casekit` renvoie la figure **et un texte alternatif** en français :
# réutilisez-le dans vos rendus pour qu'ils soient accessibles.

# %%
import casekit
from casekit import a11y, channels, checks, eco, metrics, plots, segments, swot, veille

IDENTIFIANT = "etudiant-demo"
CAS = "rayons_libres"
plots.style()  # palette adaptée aux daltonismes, nombres et dates à la française

# %% [markdown]
# ## 1. Analyse du besoin : le NPS et son intervalle de confiance
#
# Un NPS sans marge d'erreur ne dit pas grand-chose. `metrics.nps` donne le score, les
# trois parts, l'effectif, l'erreur type et l'intervalle de confiance à 95 %.

# %%
enquete = casekit.load("enquete_satisfaction", case=CAS, seed=IDENTIFIANT).frame
trimestre = enquete["date_reponse"].dt.to_period("Q").astype(str)
nps_trimestre = enquete.groupby(trimestre)["nps_0_10"].apply(lambda s: metrics.nps(s).score)
graphique = plots.courbes(nps_trimestre, titre="NPS par trimestre", unite="points")
print(graphique.alt)

# %% [markdown]
# Un trimestre décroche-t-il vraiment ? Comparez son intervalle de confiance à celui des
# autres trimestres.

# %%
pire = nps_trimestre.idxmin()
creux = metrics.nps(enquete.loc[trimestre == pire, "nps_0_10"])
reste = metrics.nps(enquete.loc[trimestre != pire, "nps_0_10"])
print(f"{pire} : {creux.score:.1f} [{creux.ic95[0]:.1f} ; {creux.ic95[1]:.1f}]")
print(f"autres trimestres : {reste.score:.1f} [{reste.ic95[0]:.1f} ; {reste.ic95[1]:.1f}]")

# %% [markdown]
# **Auto-vérification** : les fonctions de `casekit.checks` vous disent si votre calcul
# à la main est juste, avec un message qui explique l'erreur la plus fréquente.

# %%
promoteurs = (enquete["nps_0_10"] >= 9).mean() * 100
detracteurs = (enquete["nps_0_10"] <= 6).mean() * 100
checks.verifier_nps(promoteurs - detracteurs, enquete["nps_0_10"])

# %% [markdown]
# ## 2. Étude de l'environnement : part de voix et SWOT argumentée

# %%
mentions = casekit.load("mentions", case=CAS, seed=IDENTIFIANT).frame
metrics.part_de_voix(mentions, par="marque", poids="portee_estimee").round(1)

# %% [markdown]
# Une SWOT s'appuie sur des preuves : chaque élément cite le jeu de données et le chiffre
# qui le soutiennent. Un élément sans preuve est accepté, mais signalé.

# %%
autoreparation = enquete["activite"] == "autoreparation"
analyse = swot.construire([
    {"categorie": "forces", "element": "L'autoréparation enthousiasme ses usagers",
     "jeu_de_donnees": "enquete_satisfaction", "indicateur": "NPS autoréparation",
     "valeur": round(metrics.nps(enquete.loc[autoreparation, "nps_0_10"]).score, 1)},
    {"categorie": "faiblesses", "element": f"Décrochage de la satisfaction en {pire}",
     "jeu_de_donnees": "enquete_satisfaction", "indicateur": f"NPS {pire}", "valeur": round(creux.score, 1)},
    {"categorie": "opportunites", "element": "Les vidéos courtes séduisent les 15–24 ans",
     "jeu_de_donnees": "enquete_usages"},
    {"categorie": "menaces", "element": "Un concurrent investit massivement sur les réseaux sociaux"},
], titre="SWOT de Rayons Libres")
analyse.tableau()

# %%
tows = analyse.tows({"SO": [("Faire connaître l'autoréparation par des vidéos courtes", ["S1", "O1"])]})
tows.tableau()

# %% [markdown]
# ## 3. Analyse de la cible : segmenter, profiler, dimensionner

# %%
clients = casekit.load("clients", case=CAS, seed=IDENTIFIANT)
variables = clients.truth["variables_segmentation"]
choix = segments.choisir_k(clients.frame, variables, k_min=2, k_max=8)
choix

# %%
etiquettes = segments.ajuster(clients.frame, variables, k=5)
profil = segments.profiler(clients.frame, etiquettes, variables=variables)
profil.traits

# %%
print(segments.fiche_persona(profil, 0))

# %% [markdown]
# Combien de personnes compte la cible dans la zone de chalandise ?

# %%
population = casekit.load("population_zone", case=CAS, seed=IDENTIFIANT).frame
cible = segments.taille_segment(population, tranches_age=["20-24", "25-39"], clients=clients.frame)
cible

# %% [markdown]
# ## 4. Choisir les canaux : un score transparent
#
# Cinq critères (affinité de la cible, coût par conversion, engagement, empreinte carbone,
# accessibilité), des poids visibles et modifiables.

# %%
campagnes = casekit.load("campagnes_canaux", case=CAS, seed=IDENTIFIANT)
scores = channels.scorer_canaux(campagnes, cible="etudiants_jeunes_actifs")
channels.tableau_scores(scores)

# %%
scores_affinite = channels.scorer_canaux(
    campagnes, cible="etudiants_jeunes_actifs", poids={"affinite": 1.0}
)
graphique = channels.graphique_scores(scores_affinite)
print(graphique.alt)

# %% [markdown]
# ## 5. Inclusion et sobriété numérique

# %%
a11y.verifier_palette(casekit.cases.get_case(CAS)["charte"]["couleurs"])

# %%
inventaire = casekit.load("inventaire_contenus", case=CAS, seed=IDENTIFIANT).frame
a11y.resume_audit(a11y.audit_contenus(inventaire))

# %%
page = eco.gco2e_page(2.5)
video = eco.gco2e_video(4)
print(page)
print(video)

# %% [markdown]
# ## 6. Veille : dédoublonner, repérer ce qui émerge, synthétiser

# %%
articles = veille.dedoublonner(casekit.load("flux_veille", case=CAS, seed=IDENTIFIANT).frame)
veille.termes_emergents(articles, "2025-09-01", "2025-11-30", n=8)

# %%
synthese = veille.synthese(articles, "2025-06-10", "2025-07-31")
print(str(synthese)[:1500])

# %% [markdown]
# ## À vous
#
# Reprenez une de ces analyses avec **votre** identifiant et rédigez, en trois phrases,
# la recommandation éditoriale que vous en tirez, en citant vos sources.
