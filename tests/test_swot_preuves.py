"""SWOT evidence is a structured reference that is recomputed from the student's own frames."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit import checks, swot
from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError


def _enquete():
    return pd.DataFrame({"activite": ["atelier", "atelier", "atelier", "vente", "vente"],
                         "nps_0_10": [10, 9, 6, 3, 8],
                         "recommande": [True, True, False, False, True],
                         "panier_eur": [12.0, 20.0, 16.0, 50.0, 30.0]})


def _row(cat, **kw):
    return {"categorie": cat, "element": f"élément {cat}", "jeu_de_donnees": "enquete", **kw}


def test_free_text_evidence_is_not_verified_anymore():
    s = swot.construire([_row(c, indicateur="inventé", valeur=999) for c in "SWOT"])
    v = swot.verifier_preuves(s, {"enquete": _enquete()})
    assert set(v.tableau["statut"]) == {"non vérifiable"} and not v.ok
    assert "« colonne »" in v.tableau["message"].iloc[0] and "« agregat »" in v.tableau["message"].iloc[0]
    with pytest.raises(checks.VerificationEchouee) as exc:
        checks.verifier_swot(s, minimum_par_categorie=1, donnees={"enquete": _enquete()})
    assert "non vérifiable" in str(exc.value)


def test_each_claim_is_recomputed_exact_or_wrong():
    rows = [
        _row("S", colonne="nps_0_10", filtre={"activite": "atelier"}, agregat="nps", valeur=33.3),
        _row("W", colonne="panier_eur", agregat="moyenne", valeur=25.6),
        _row("O", colonne="recommande", agregat="taux_pct", valeur=60),
        _row("T", filtre="panier_eur > 25", agregat="part_pct", valeur=40),
        _row("T", colonne="panier_eur", agregat="somme", valeur=999, commentaire="chiffre inventé"),
    ]
    v = swot.verifier_preuves(swot.construire(rows), {"enquete": _enquete()})
    t = v.tableau.set_index("code")
    # atelier: 10, 9, 6 -> 2 promoters, 1 detractor of 3 -> +33.3
    assert t.loc["S1", "statut"] == "exact" and t.loc["S1", "valeur_recalculee"] == pytest.approx(100 / 3)
    assert t.loc["W1", "statut"] == "exact"  # (12 + 20 + 16 + 50 + 30) / 5 = 25.6
    assert t.loc["O1", "statut"] == "exact"
    assert t.loc["T1", "statut"] == "exact"  # 50 and 30 of 5 rows
    assert t.loc["T2", "statut"] == "faux" and "128" in t.loc["T2", "message"]
    text = repr(v)
    assert "T2 (faux)" in text and "S1" not in text.split("\n", 1)[1]
    assert "<table" in v._repr_html_()


def test_rounding_tolerance_follows_the_written_figure():
    s = swot.construire([_row("S", colonne="panier_eur", agregat="moyenne", valeur=26),
                         _row("W", colonne="panier_eur", agregat="moyenne", valeur=25.7)])
    t = swot.verifier_preuves(s, {"enquete": _enquete()}).tableau
    assert t["statut"].tolist() == ["exact", "faux"]  # 25.6 rounds to 26, not to 25.7


def test_unknown_dataset_column_or_query_is_explained():
    rows = [_row("S", colonne="panier", agregat="moyenne", valeur=1),
            {"categorie": "W", "element": "x", "jeu_de_donnees": "mentions", "colonne": "a",
             "agregat": "somme", "valeur": 1},
            _row("O", filtre="panier_eur >>> 3", agregat="nb_lignes", valeur=1),
            _row("T", colonne="activite", agregat="moyenne", valeur=1)]
    t = swot.verifier_preuves(swot.construire(rows), {"enquete": _enquete()}).tableau
    assert t["statut"].tolist() == ["non vérifiable"] * 4
    assert "Vouliez-vous dire « panier_eur »" in t["message"].iloc[0]
    assert "« mentions » non fourni" in t["message"].iloc[1]
    assert "illisible" in t["message"].iloc[2]
    assert "pas numérique" in t["message"].iloc[3]


def test_bunch_and_side_tables_are_accepted():
    b = Bunch(frame=_enquete(), tables={"prix": pd.DataFrame({"eur": [1.0, 3.0]})})
    s = swot.construire([_row("S", jeu_de_donnees="enquete.prix", colonne="eur", agregat="max", valeur=3),
                         _row("W", colonne="nps_0_10", agregat="nb", valeur=5)])
    assert swot.verifier_preuves(s, {"enquete": b}).ok


def test_structured_evidence_is_shown_in_the_table():
    s = swot.construire([_row("S", colonne="nps_0_10", filtre={"activite": "atelier"}, agregat="nps",
                              valeur=33.3)])
    assert s.tableau()["preuve"].iloc[0] == "enquete · nps(nps_0_10) où activite = atelier = 33,3"


@pytest.mark.parametrize("call,key", [
    (lambda: swot.construire([_row("S", agregat="moyen", colonne="a", valeur=1)]), "Vouliez-vous dire «\u00a0moyenne\u00a0»"),
    (lambda: swot.construire([_row("S", filtre=3)]), "filtre"),
    (lambda: swot.verifier_preuves("swot", {}), "construire"),
    (lambda: swot.verifier_preuves(swot.construire([_row("S")]), [1]), "dictionnaire"),
    (lambda: swot.construire("S: vélo"), "dictionnaire"),
])
def test_wrong_types_french(call, key):
    with pytest.raises(ArgumentInvalideError, match=key):
        call()


def test_items_and_results_display_in_french():
    s = swot.construire([_row("S", colonne="panier_eur", agregat="moyenne", valeur=25.6),
                         _row("O", colonne="panier_eur", agregat="max", valeur=50)])
    assert repr(s["S1"]) == ("S1 (forces)\u00a0: élément S — preuve\u00a0: enquete · moyenne(panier_eur) = 25,6")
    assert repr(s).startswith("SWOT «\u00a0Analyse SWOT\u00a0»\u00a0: 1 forces, 0 faiblesses, 1 opportunités")
    assert "<table" in s._repr_html_()
    t = s.tows({"SO": [("Mettre en avant l'atelier", ["S1", "O1"])]})
    assert repr(t.strategies["SO"][0]) == "Stratégie SO\u00a0: Mettre en avant l'atelier [S1 + O1]"
    assert repr(t).startswith("Matrice TOWS de «\u00a0Analyse SWOT\u00a0»\u00a0: stratégies 1 SO")
