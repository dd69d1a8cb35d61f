"""Student-facing checks: pass quietly, fail with French hints, explicit tolerances."""

from __future__ import annotations

import inspect
import sys
import warnings

import pandas as pd
import pytest

import casekit
from casekit import checks, swot
from casekit.cases import list_cases
from casekit.checks import VerificationEchouee
from casekit.errors import ArgumentInvalideError

ANSWERS = [10, 10, 9, 8, 7, 6, 3, 0, "NSP", None]  # valid n = 8: 3 promoters, 3 detractors -> NPS 0


def test_nps_right_answer_passes(capsys):
    checks.verifier_nps(0.0, ANSWERS)
    checks.verifier_nps(0.4, ANSWERS)  # within the default 0.5-point tolerance
    assert "✓ NPS\u00a0: 0, c'est juste." in capsys.readouterr().out


def test_nps_tolerance_is_explicit():
    with pytest.raises(VerificationEchouee, match="tolérance ± 0,5\u00a0point"):
        checks.verifier_nps(0.6, ANSWERS)
    checks.verifier_nps(0.6, ANSWERS, tolerance=1.0)


@pytest.mark.parametrize(
    ("answers", "wrong", "hint"),
    [
        # proportion instead of points: 100 * (0.5 - 1/6) = 33.3 -> 0.333
        ([10, 9, 9, 8, 7, 3], 0.333, "multipliez par 100"),
        # passives subtracted: 50 - 16.7 - 33.3 = 0
        ([10, 9, 9, 8, 7, 3], 0.0, "passifs"),
        # NSP kept in the base: 3 promoters - 3 detractors ... use a lopsided set: 2 promoters of 4 valid + 4 NSP
        ([10, 9, 8, 7, "NSP", "NSP", "NSP", "NSP"], 25.0, "NSP"),
        # wrong class bounds (8 counted as promoter): 3/6 -> 4/6 promoters
        ([10, 9, 9, 8, 7, 3], 50.0, "9 et 10"),
    ],
)
def test_nps_common_mistakes_get_a_hint(answers, wrong, hint):
    with pytest.raises(VerificationEchouee, match=hint):
        checks.verifier_nps(wrong, answers)


@pytest.mark.filterwarnings("ignore::casekit.metrics.MetriqueAvertissement")  # 8 answers on purpose
def test_nps_accepts_metrics_result_and_rejects_series():
    from casekit import metrics

    checks.verifier_nps(metrics.nps(ANSWERS), ANSWERS)
    with pytest.raises(VerificationEchouee, match="un seul nombre"):
        checks.verifier_nps(pd.Series([1.0]), ANSWERS)
    with pytest.raises(VerificationEchouee, match="un nombre est attendu"):
        checks.verifier_nps("beaucoup", ANSWERS)


def test_metric_checks():
    checks.verifier_metrique("cpc", 0.5, 90.0, 180)
    checks.verifier_metrique("taux_engagement", 2.5, 30, 1200, base="portee")
    with pytest.raises(VerificationEchouee, match="multipliez la proportion par 100"):
        checks.verifier_metrique("taux_conversion", 0.05, 9, 180)
    with pytest.raises(VerificationEchouee, match="inversés"):
        checks.verifier_metrique("cpm", 400 / 3 * 1000 / 1000, 90.0, 12000)  # impressions / cost
    with pytest.raises(ArgumentInvalideError, match="Vouliez-vous dire «\u00a0ctr\u00a0»"):
        checks.verifier_metrique("ctrr", 1.0, 1, 2)
    # zero impressions: NaN is the expected answer
    checks.verifier_metrique("ctr", float("nan"), 0, 0)
    with pytest.raises(VerificationEchouee, match="NaN"):
        checks.verifier_metrique("ctr", 0.0, 0, 0)


def test_csat_and_contrast_checks():
    checks.verifier_csat(50, [5, 4, 3, 2])
    with pytest.raises(VerificationEchouee, match="en %"):
        checks.verifier_csat(0.5, [5, 4, 3, 2])
    checks.verifier_contraste(4.48, "#777777", "#FFFFFF")
    with pytest.raises(VerificationEchouee, match="au moins 1"):
        checks.verifier_contraste(0.22, "#777777", "#FFFFFF")


def test_share_of_voice_check():
    m = pd.DataFrame({"marque": ["A", "A", "A", "B"], "portee": [1, 1, 1, 7]})
    checks.verifier_part_de_voix(pd.Series({"A": 75.0, "B": 25.0}), m)
    checks.verifier_part_de_voix({"A": 30, "B": 70}, m, poids="portee")
    with pytest.raises(VerificationEchouee, match="A\u00a0: 30 \\(trop basse\\)"):
        checks.verifier_part_de_voix({"A": 30, "B": 70}, m)
    with pytest.raises(VerificationEchouee, match="totalisent 1"):
        checks.verifier_part_de_voix({"A": 0.75, "B": 0.25}, m)
    with pytest.raises(VerificationEchouee, match="marques manquantes\u00a0: B"):
        checks.verifier_part_de_voix({"A": 100}, m)


def test_columns_and_swot_checks():
    checks.verifier_colonnes(pd.DataFrame({"a": [1], "b": [2]}), ["b", "a"])
    with pytest.raises(VerificationEchouee, match="Colonne\\(s\\) manquante\\(s\\)\u00a0: segmnt"):
        checks.verifier_colonnes(pd.DataFrame({"segment": [1]}), ["segmnt"])
    s = swot.construire([{"categorie": c, "element": "x", "jeu_de_donnees": "clients", "valeur": 1}
                         for c in "SWOT"] + [{"categorie": "S", "element": "sans preuve"}])
    with pytest.raises(VerificationEchouee, match="trop peu pour Faiblesses \\(1\\)"):
        checks.verifier_swot(s)
    with pytest.raises(VerificationEchouee, match="Éléments sans preuve\u00a0: S2"):
        checks.verifier_swot(s, minimum_par_categorie=1)
    checks.verifier_swot(s, minimum_par_categorie=1, preuves_obligatoires=False)


def test_every_check_hides_its_traceback_and_is_an_assertion():
    assert issubclass(VerificationEchouee, AssertionError)
    for name in checks.__all__:
        obj = getattr(checks, name)
        if inspect.isfunction(obj) and name.startswith("verifier_"):
            assert "__tracebackhide__ = True" in inspect.getsource(obj), name


# ---------------------------------------------------------------------------- BC01 case-study checks



def _raw_survey(case, seed):
    return casekit.load("enquete_satisfaction", case=case, seed=seed, raw=True).frame


def _student_cleaning(brute):
    """The worked solution of notebook 02 (its cleaning cell), run on ``brute``."""
    from pathlib import Path

    import jupytext

    src = Path(__file__).resolve().parents[1] / "grading" / "_src" / "bc01" / "02_besoin.py"
    nb = jupytext.read(src)
    cell = next(c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "c2_nettoyage_rep")
    ns = {"pd": pd, "brute": brute}
    exec(cell.source, ns)
    return ns["enquete_propre"]


@pytest.mark.parametrize("case", list_cases())
def test_reference_cleaning_recovers_the_clean_survey(case):
    """The reference cleaning of the raw export gives back the clean dataset: rows, notes, dates, categories."""
    brute = _raw_survey(case, "alice")
    propre = casekit.load("enquete_satisfaction", case=case, seed="alice").frame
    ref = checks._enquete_de_reference(brute)
    assert len(brute) > len(ref) == len(propre)
    got = ref.set_index("repondant_id").sort_index()
    want = propre.set_index("repondant_id").sort_index()
    assert list(got.index) == list(want.index)
    assert (got["nps_0_10"].to_numpy() == want["nps_0_10"].to_numpy()).all()
    assert (got["date_reponse"].dt.normalize().to_numpy() == want["date_reponse"].dt.normalize().to_numpy()).all()
    for c in ["mode", "activite", "nps_classe", "tranche_age"]:
        assert got[c].astype(str).tolist() == want[c].astype(str).tolist(), c


def test_survey_cleaning_check_right_and_typical_mistakes(capsys):
    brute = _raw_survey("cuve_a_sons", "bob")
    propre = _student_cleaning(brute)
    checks.verifier_enquete_nettoyee(propre, brute)
    assert "✓ Enquête nettoyée" in capsys.readouterr().out
    csat = [c for c in brute.columns if c.startswith("csat_")]
    with pytest.raises(VerificationEchouee, match="ligne\\(s\\) de test"):
        checks.verifier_enquete_nettoyee(pd.concat([propre, brute[brute["repondant_id"].str.startswith("TEST")]
                                                    .dropna(subset=csat).head(1)]), brute)
    with pytest.raises(VerificationEchouee, match="doublons restent"):
        again = propre.iloc[:3].assign(repondant_id=["REP-X1", "REP-X2", "REP-X3"])
        checks.verifier_enquete_nettoyee(pd.concat([propre, again]), brute)
    with pytest.raises(VerificationEchouee, match="retire trop de lignes"):
        checks.verifier_enquete_nettoyee(propre.iloc[:-5], brute)
    with pytest.raises(VerificationEchouee, match="encore du texte"):
        checks.verifier_enquete_nettoyee(propre.assign(nps_0_10=propre["nps_0_10"].astype(str)), brute)
    with pytest.raises(VerificationEchouee, match="9/10"):
        notes = propre["nps_0_10"].astype(float)
        checks.verifier_enquete_nettoyee(propre.assign(nps_0_10=notes.where(notes.index % 7 != 0)), brute)
    with pytest.raises(VerificationEchouee, match="n'est pas encore une colonne de dates"):
        checks.verifier_enquete_nettoyee(propre.assign(date_reponse=propre["date_reponse"].astype(str)), brute)
    with pytest.raises(VerificationEchouee, match="variantes d'écriture"):
        checks.verifier_enquete_nettoyee(propre.assign(mode=propre["mode"].str.upper()), brute)


def test_nps_of_the_raw_survey_and_its_interval():
    brute = _raw_survey("cuve_a_sons", "bob")
    propre = _student_cleaning(brute)
    res = casekit.metrics.nps(propre["nps_0_10"])
    checks.verifier_nps_enquete(res.score, propre)
    checks.verifier_nps_enquete(res.score, brute, brute=True, tolerance=0.3)
    checks.verifier_ic_nps(res.ic95, brute, brute=True)
    notes = propre["nps_0_10"]
    wrong = 100 * ((notes >= 7).mean() - (notes <= 6).mean())  # passives counted as promoters
    with pytest.raises(VerificationEchouee, match="NPS"):
        checks.verifier_nps_enquete(wrong, brute, brute=True, tolerance=0.3)
    with pytest.raises(VerificationEchouee, match="68"):
        checks.verifier_ic_nps((res.score - res.se, res.score + res.se), propre)
    with pytest.raises(VerificationEchouee, match="couple"):
        checks.verifier_ic_nps(res.score, propre)


def test_quarter_group_and_driver_checks_follow_the_data():
    brute = _raw_survey("rayons_libres", "carol")
    propre = _student_cleaning(brute)
    clients = casekit.load("clients", case="rayons_libres", seed="carol").frame
    j = propre.merge(clients[["client_id", "activite_principale"]], on="client_id")
    par_act = j.groupby("activite_principale", observed=True)["nps_0_10"].apply(lambda s: casekit.metrics.nps(s).score)
    checks.verifier_nps_par_groupe(par_act, brute, clients, par="activite_principale", brute=True)
    with pytest.raises(VerificationEchouee, match="en proportion"):
        checks.verifier_nps_par_groupe(par_act / 100, propre, clients, par="activite_principale")
    detr = propre["nps_0_10"] <= 6
    csat = [c for c in propre.columns if c.startswith("csat_")]
    ecarts = propre.loc[propre["nps_0_10"] >= 7, csat].mean() - propre.loc[detr, csat].mean()
    checks.verifier_moteur_detracteurs(ecarts.idxmax(), brute, brute=True)
    with pytest.raises(VerificationEchouee, match="ne convient pas"):
        checks.verifier_moteur_detracteurs(ecarts.idxmin(), propre)


def _dip_frames():
    """Two customer groups over three quarters; group B drops in 2024-T3 while A holds."""
    notes = [10, 9, 7, 3] * 30
    e = pd.DataFrame({"client_id": ["A", "B"] * 180, "nps_0_10": notes * 2 + [10, 2] * 60,
                      "date_reponse": pd.to_datetime(["2024-01-10"] * 120 + ["2024-04-10"] * 120
                                                     + ["2024-07-10"] * 120)})
    return e, pd.DataFrame({"client_id": ["A", "B"], "segment": [0, 1]})


def test_dip_quarter_is_the_crossed_analysis_not_the_lowest_overall_quarter():
    e, c = _dip_frames()
    # Every customer scores lower in T1 (a common swing): the overall NPS is lowest there,
    # yet no group departs from the others in T1.
    e.loc[e["date_reponse"] < "2024-02-01", "nps_0_10"] = [3, 3, 7, 3] * 30
    overall = e.groupby(e["date_reponse"].dt.to_period("Q"))["nps_0_10"].apply(
        lambda s: casekit.metrics.nps(s).score)
    assert str(overall.idxmin()) == "2024Q1"
    checks.verifier_trimestre_creux("2024-T3", e, c, par="segment")
    checks.verifier_trimestre_creux(pd.Period("2024Q3"), e, c, par="segment")
    with pytest.raises(VerificationEchouee, match="NPS global le plus bas"):
        checks.verifier_trimestre_creux("2024-T1", e, c, par="segment")
    with pytest.raises(VerificationEchouee, match="ne fait pas partie"):
        checks.verifier_trimestre_creux("1999-T1", e, c, par="segment")
    checks.verifier_groupe_en_baisse(1, e, c, par="segment", trimestre="2024-T3")
    with pytest.raises(VerificationEchouee, match="ne convient pas"):
        checks.verifier_groupe_en_baisse(0, e, c, par="segment", trimestre="2024-T3")


def test_group_in_decline_ignores_tiny_groups():
    e, c = _dip_frames()
    c = pd.DataFrame({"client_id": ["A", "B", "C"], "segment": [0, 1, 2]})
    e = pd.concat([e, pd.DataFrame({"client_id": ["C"] * 12, "nps_0_10": [10] * 6 + [0] * 6,
                                    "date_reponse": pd.to_datetime(["2024-01-10"] * 6 + ["2024-07-10"] * 6)})])
    checks.verifier_groupe_en_baisse(1, e, c, par="segment", trimestre="2024-T3")
    with pytest.raises(VerificationEchouee, match="moins de 30\u00a0réponses"):
        checks.verifier_groupe_en_baisse(2, e, c, par="segment", trimestre="2024-T3")
    checks.verifier_groupe_en_baisse(2, e, c, par="segment", trimestre="2024-T3", effectif_min=6)


def test_choice_check_accepts_near_ties_and_never_reveals_the_answer():
    checks.verifier_choix("b", {"a": 1.0, "b": 2.95, "c": 3.0}, nom="Meilleur canal", tolerance=0.1)
    with pytest.raises(VerificationEchouee) as exc:
        checks.verifier_choix("a", {"a": 1.0, "secret": 3.0}, nom="Meilleur canal")
    assert "secret" not in str(exc.value)
    with pytest.raises(VerificationEchouee, match="Vouliez-vous dire"):
        checks.verifier_choix("secre", {"a": 1.0, "secret": 3.0}, nom="Meilleur canal")
    with pytest.raises(VerificationEchouee, match="une seule modalité"):
        checks.verifier_choix(["a"], {"a": 1.0}, nom="Meilleur canal")


def test_environment_checks():
    ind = casekit.load("indicateurs_internes", case="cuve_a_sons", seed=5).frame
    ca = ind.pivot_table(index="annee", columns="activite", values="ca_eur", observed=True).sort_index()

    def cagr(c):
        c = c[c > 0]
        return ((c.iloc[-1] / c.iloc[0]) ** (1 / (c.index[-1] - c.index[0])) - 1) * 100

    tcam = ca.apply(cagr)
    checks.verifier_tcam(tcam, ind)
    with pytest.raises(VerificationEchouee, match="racine"):
        checks.verifier_tcam(ca.apply(lambda c: (c.iloc[-1] / c[c > 0].iloc[0] - 1) * 100), ind)
    # an activity launched during the period: its first year has no revenue
    late = pd.DataFrame({"annee": [2023, 2024, 2025], "activite": ["neuve"] * 3, "ca_eur": [0.0, 100.0, 121.0]})
    checks.verifier_tcam({"neuve": 21.0}, late)
    with pytest.raises(VerificationEchouee, match="infinie"):
        checks.verifier_tcam({"neuve": float("inf")}, late)
    with pytest.raises(VerificationEchouee, match="multipliez par 100"):
        checks.verifier_tcam(tcam / 100, ind)
    mentions = casekit.load("mentions", case="cuve_a_sons", seed=5).frame
    conc = casekit.load("concurrents", case="cuve_a_sons", seed=5).frame
    org = conc.loc[conc["est_organisation"], "nom"].iloc[0]
    sov = casekit.metrics.part_de_voix(mentions, poids="portee_estimee")
    esov = sov[org] - 100 * conc.set_index("nom").loc[org, "part_de_marche_locale"]
    checks.verifier_esov(esov, mentions, conc, organisation=org)
    with pytest.raises(VerificationEchouee, match="et non l'inverse"):
        checks.verifier_esov(-esov, mentions, conc, organisation=org)


def test_segmentation_checks():
    clients = casekit.load("clients", case="cuve_a_sons", seed=2).frame
    variables = [c for c in clients.select_dtypes("number").columns if c != "pcs_code"]
    table = casekit.segments.choisir_k(clients, variables, k_min=2, k_max=10, echantillon_silhouette=1000)
    best = int(table.loc[table["silhouette"].idxmax(), "k"])
    checks.verifier_choix_k(best, table, clients, variables)
    worst = int(table.loc[table["silhouette"].idxmin(), "k"])
    with pytest.raises(VerificationEchouee, match="ne convient pas"):
        checks.verifier_choix_k(worst, table, clients, variables)
    with pytest.raises(VerificationEchouee, match="de 2 à 10"):
        checks.verifier_choix_k(best, table.iloc[:3], clients, variables)
    with pytest.raises(VerificationEchouee, match="pcs_code"):
        checks.verifier_choix_k(best, table, clients, ["age", "genre"])
    labels = casekit.segments.ajuster(clients, variables, k=best)
    checks.verifier_etiquettes((labels + 1) % best, clients, variables, best)  # renumbered: same segments
    from sklearn.cluster import KMeans

    raw_km = KMeans(n_clusters=best, n_init=10, random_state=0).fit_predict(clients[variables])
    with pytest.raises(VerificationEchouee, match="standardisé"):
        checks.verifier_etiquettes(raw_km, clients, variables, best)
    with pytest.raises(VerificationEchouee, match="une étiquette de segment par client"):
        checks.verifier_etiquettes(labels[:10], clients, variables, best)


def test_share_size_and_content_checks():
    checks.verifier_part(25, [True, False, False, False], nom="Part")
    with pytest.raises(VerificationEchouee, match="base indiquée"):
        checks.verifier_part(25, [True, False, False, False], base=[True, True, False, False], nom="Part")
    pop = casekit.load("population_zone", case="cuve_a_sons", seed=1).frame
    size = casekit.segments.taille_segment(pop, tranches_age=["20-24"]).population_cible
    checks.verifier_taille_cible(size, pop, tranches_age=["20-24"])
    with pytest.raises(VerificationEchouee, match="population totale"):
        checks.verifier_taille_cible(pop["population"].sum(), pop, tranches_age=["20-24"])
    inv = casekit.load("inventaire_contenus", case="cuve_a_sons", seed=1).frame
    bilan = casekit.a11y.resume_audit(casekit.a11y.audit_contenus(inv)).set_index("controle")
    part = bilan.loc["Sous-titres manquants", "part_en_defaut_pct"]
    checks.verifier_audit(part, inv, controle="Sous-titres manquants")
    n_ctrl = bilan.loc["Sous-titres manquants", "contenus_controles"]
    with pytest.raises(VerificationEchouee, match="contenus concernés"):
        checks.verifier_audit(part * n_ctrl / len(inv), inv, controle="Sous-titres manquants")
    kg = (inv["gco2e_par_vue"] * inv["vues"]).sum() / 1000
    checks.verifier_empreinte(kg, inv)
    with pytest.raises(VerificationEchouee, match="grammes"):
        checks.verifier_empreinte(kg * 1000, inv)
    g = inv.groupby("pilier", observed=True)[["interactions", "vues"]].sum()
    taux = g["interactions"] / g["vues"]
    checks.verifier_pilier_engageant(taux.idxmax(), inv)
    with pytest.raises(VerificationEchouee, match="ne convient pas"):
        checks.verifier_pilier_engageant(g["vues"].idxmax() if g["vues"].idxmax() != taux.idxmax()
                                         else taux.idxmin(), inv)


def test_channel_checks():
    poids = {"affinite": 0.4, "cout_par_resultat": 0.2, "engagement": 0.1, "empreinte": 0.15, "accessibilite": 0.15}
    checks.verifier_poids(poids)
    with pytest.raises(VerificationEchouee, match="total de 1"):
        checks.verifier_poids({k: 2 * v for k, v in poids.items()})
    with pytest.raises(VerificationEchouee, match="il manque"):
        checks.verifier_poids({"affinite": 1.0})
    with pytest.raises(VerificationEchouee, match="Vouliez-vous dire «\u00a0affinite\u00a0»"):
        checks.verifier_poids({"afinite": 1.0})
    crit = casekit.channels.criteres_canaux(casekit.load("campagnes_canaux", case="cuve_a_sons", seed=3))
    scores = casekit.channels.scorer_canaux(crit, poids=poids)
    checks.verifier_scores_canaux(scores, crit, poids)
    with pytest.raises(VerificationEchouee, match="VOS poids"):
        checks.verifier_scores_canaux(casekit.channels.scorer_canaux(crit, poids={"affinite": 1.0}), crit, poids)
    top = list(scores.index[:3])
    cal = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=8, freq="4D"), "canal": (top * 3)[:8],
                        "pilier": ["p"] * 8, "format": ["video_courte"] * 8, "accessibilite": ["sous-titres"] * 8})
    checks.verifier_calendrier(cal, canaux=top)
    with pytest.raises(VerificationEchouee, match="sans mesure d'accessibilité"):
        checks.verifier_calendrier(cal.assign(accessibilite=""), canaux=top)
    with pytest.raises(VerificationEchouee, match="hors de votre sélection"):
        checks.verifier_calendrier(cal, canaux=top[:1])
    with pytest.raises(VerificationEchouee, match="au moins 4 semaines"):
        checks.verifier_calendrier(cal.assign(date=pd.Timestamp("2026-01-05")), canaux=top)


def test_veille_checks(tmp_path):
    from casekit import veille

    veille.ecrire_flux(tmp_path, case="cuve_a_sons", seed=4)
    articles = veille.collecter(tmp_path / "abonnements.opml").articles
    uniques = veille.dedoublonner(articles)
    checks.verifier_articles_uniques(uniques, articles)
    with pytest.raises(VerificationEchouee, match="reprises"):
        checks.verifier_articles_uniques(articles, articles)
    fin = uniques["date_publication"].max()
    debut = (fin - pd.DateOffset(months=3)).strftime("%Y-%m-%d")
    table = veille.termes_emergents(uniques, debut, fin.strftime("%Y-%m-%d"), n=10)
    checks.verifier_terme_emergent(table.iloc[0]["libelle"], uniques, debut, fin.strftime("%Y-%m-%d"))
    with pytest.raises(VerificationEchouee, match="ne convient pas"):
        checks.verifier_terme_emergent(table.iloc[-1]["libelle"], uniques, debut, fin.strftime("%Y-%m-%d"),
                                       tolerance=0)


def test_checks_never_write_warnings_to_stderr(capfd):
    """nbgrader scores any stderr output as 0: a check must not let a pandas warning through."""

    @checks._silencieux
    def noisy():
        warnings.warn("bruit", FutureWarning, stacklevel=1)
        return 1

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *args, **kw: print(f"AVERTISSEMENT {message}", file=sys.stderr)
        assert noisy() == 1
        # every public check is wrapped, e.g. a small-sample NPS or an empty group
        checks.verifier_nps(100 / 3, [10, 9, 3])
        checks.verifier_serie({"a": 1.0}, {"a": 1.0}, nom="Série")
        warnings.warn("témoin", UserWarning, stacklevel=1)  # the capture itself works
    err = capfd.readouterr().err
    assert "bruit" not in err and "témoin" in err
    for name in checks.__all__:
        obj = getattr(checks, name)
        if inspect.isfunction(obj) and name.startswith("verifier_"):
            assert getattr(obj, "__wrapped__", None) is not None, f"{name} is not wrapped by _silencieux"


def test_every_student_message_uses_french_spacing():
    """No ordinary space before « : ; ? ! » nor inside « », in what a student reads."""
    import re

    e = pd.DataFrame({"nps_0_10": [10, 9, 2, 3], "csat_a": [5, 5, 1, 2],
                      "date_reponse": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-04-02", "2024-05-02"])})
    calls = [
        lambda: checks.verifier_nps(0.1, [10, 9, 3]),
        lambda: checks.verifier_ic_nps((0, 1), e),
        lambda: checks.verifier_trimestre_creux("2024-T1", e.assign(client_id="A"), pd.DataFrame({"client_id": ["A"], "g": [1]}), par="g"),
        lambda: checks.verifier_moteur_detracteurs("csat_b", e),
        lambda: checks.verifier_enquete_nettoyee(e.assign(nps_0_10=e["nps_0_10"].astype(str)), e),
        lambda: checks.verifier_poids({"affinite": 2.0}),
        lambda: checks.verifier_calendrier(pd.DataFrame({"date": []}), canaux=[]),
        lambda: checks.verifier_part(0.25, [True, False, False, False], nom="Part"),
        lambda: checks.verifier_serie({"a": 1.0}, {"a": 2.0}, nom="Série"),
    ]
    seen = 0
    for call in calls:
        with pytest.raises(VerificationEchouee) as exc:
            call()
        msg = str(exc.value)
        seen += 1
        assert not re.search(r" [:;?!]", msg), msg
        assert "« " not in msg and " »" not in msg, msg
    assert seen == len(calls)


def test_a_failed_check_does_not_give_the_answer_away():
    """The visible checks explain the mistake without printing the expected value."""
    answers = [10, 9, 9, 8, 7, 3]  # NPS 33,3
    for wrong in (0.333, 12.0, 80.0):
        with pytest.raises(VerificationEchouee) as exc:
            checks.verifier_nps(wrong, answers)
        assert "33,3" not in str(exc.value) and "trop" in str(exc.value)
    m = pd.DataFrame({"marque": ["A", "A", "A", "B"]})
    with pytest.raises(VerificationEchouee) as exc:
        checks.verifier_part_de_voix({"A": 30, "B": 70}, m)
    assert "75" not in str(exc.value)


class _FakeShell:
    def __init__(self):
        self.shown = []

    def set_custom_exc(self, types, handler):
        self.types, self.handler = types, handler

    def _showtraceback(self, etype, value, stb):
        self.shown.append(stb)


def test_in_jupyter_a_failed_check_shows_its_message_not_the_cell_source(monkeypatch):
    shell = _FakeShell()
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert checks.installer_messages_courts(shell)
    assert shell.types == (VerificationEchouee,)  # the student's own errors keep their traceback
    err = VerificationEchouee("NPS : trop bas.")
    stb = shell.handler(shell, VerificationEchouee, err, None)
    assert stb == shell.shown[0] == ["Vérification\u00a0: NPS\u00a0: trop bas."]
    # while grading, no error shows source lines (hidden tests stay hidden in the feedback)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    checks.installer_messages_courts(shell)
    assert shell.types == (Exception,)
    assert shell.handler(shell, NameError, NameError("name 'x' is not defined"), None) == [
        "NameError\u00a0: name 'x' is not defined"]
    assert not checks.installer_messages_courts(object())
