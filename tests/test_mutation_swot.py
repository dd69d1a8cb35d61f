"""SWOT and TOWS: behaviours that mutation testing showed untested.

Aliases of categories, every kind of evidence shown in the table, every aggregate
recomputed by ``verifier_preuves`` on a hand-made frame, the tolerance of a written
figure, and the French texts students read (exports, alt text, messages).
"""

from __future__ import annotations

import itertools
import math
import textwrap

import matplotlib
import pandas as pd
import pytest
from messages import assert_message, normalise

from casekit import swot
from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def _frame():
    return pd.DataFrame({
        "activite": ["atelier", "atelier", "atelier", "vente", "vente", "vente"],
        "canal": ["web", "boutique", "web", "web", "boutique", "boutique"],
        "note": [10, 9, 6, 3, 8, 10],
        "satisf": [5, 4, 2, 5, 3, 1],
        "oui": [1, 0, 1, 1, 0, 1],
        "bool": [True, False, True, True, True, False],
        "panier": [12.0, 20.0, 16.0, 50.0, 30.0, None],
        "texte": ["a", "b", "c", "d", "e", "f"],
    })


def _row(cat, **kw):
    return {"categorie": cat, "element": f"élément {cat}", "jeu_de_donnees": "j", **kw}


def _check(agregat, valeur, **kw):
    s = swot.construire([_row("S", agregat=agregat, valeur=valeur, **kw)])
    t = swot.verifier_preuves(s, {"j": _frame()}).tableau.iloc[0]
    return t


# --- categories and construction ----------------------------------------------------------------


@pytest.mark.parametrize(("alias", "letter"), [
    ("s", "S"), ("Force", "S"), (" FORCES ", "S"), ("strengths", "S"),
    ("w", "W"), ("faiblesse", "W"), ("weaknesses", "W"),
    ("o", "O"), ("opportunite", "O"), ("opportunité", "O"), ("Opportunités", "O"), ("opportunities", "O"),
    ("t", "T"), ("m", "T"), ("menace", "T"), ("threats", "T"),
])
def test_category_aliases(alias, letter):
    s = swot.construire([{"categorie": alias, "element": "x"}])
    assert s.elements[0].code == f"{letter}1"
    assert s.par_categorie(letter) == s.elements
    assert s.par_categorie(alias) == s.elements


def test_unknown_category_lists_the_categories():
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([{"categorie": "forcs", "element": "x"}])
    assert_message(err.value, "Catégorie SWOT inconnue : « forcs ».", "« forces »",
                   "Catégories : forces, faiblesses, opportunites, menaces (ou S, W, O, T).")


def test_codes_are_numbered_per_category_in_row_order():
    s = swot.construire([{"categorie": c, "element": f"e{i}"} for i, c in enumerate("SOSTWS")])
    assert [e.code for e in s.elements] == ["S1", "O1", "S2", "T1", "W1", "S3"]


def test_rows_accept_texte_and_strip_it():
    s = swot.construire([{"categorie": "S", "texte": "  Atelier  "}])
    assert s["S1"].texte == "Atelier"


def test_blank_fields_are_no_evidence():
    s = swot.construire([
        {"categorie": "S", "element": "a", "jeu_de_donnees": "  ", "valeur": 3},
        {"categorie": "S", "element": "b", "jeu_de_donnees": "j", "valeur": float("nan")},
        {"categorie": "S", "element": "c", "jeu_de_donnees": "j", "indicateur": " ", "valeur": None},
        {"categorie": "S", "element": "d", "jeu_de_donnees": "j", "indicateur": "part", "valeur": None},
        {"categorie": "S", "element": "e", "jeu_de_donnees": "j", "valeur": 0},
    ])
    assert [e.a_preuve for e in s.elements] == [False, False, False, True, True]
    assert s["S1"].jeu_de_donnees is None and s["S2"].valeur is None and s["S3"].indicateur is None
    assert s["S4"].preuve == "j · part"
    assert s["S5"].preuve == "j = 0"


@pytest.mark.parametrize(("lignes", "words"), [
    ("S: vélo", "« lignes » doit être un DataFrame ou une liste de dictionnaires"),
    ({"categorie": "S"}, "et non dict"),
    (42, "et non int"),
])
def test_lines_must_be_a_list_of_dicts(lignes, words):
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire(lignes)
    assert_message(err.value, words)


def test_bad_rows_name_their_line():
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([{"categorie": "S", "element": "a"}, ["S", "b"]])
    assert_message(err.value, "Ligne 2 : chaque ligne doit être un dictionnaire avec « categorie » et « element ».")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([{"categorie": "S", "element": "a"}, {"element": "b"}])
    assert_message(err.value, "Ligne 2 : « categorie » et « element » sont obligatoires.")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([{"categorie": "S", "element": "  "}])
    assert_message(err.value, "Ligne 1 : « categorie » et « element » sont obligatoires.")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([{"categorie": "S", "element": "a"}, _row("W", filtre=3)])
    assert_message(err.value, "Ligne 2 : « filtre » doit être un dictionnaire colonne → valeur(s)",
                   "ou une requête pandas, et non int.")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([_row("W", agregat="moyen")])
    assert_message(err.value, "Ligne 1 : agrégat inconnu « moyen ».", "« moyenne »")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire([])
    assert_message(err.value, "La SWOT est vide : ajoutez au moins un élément.")


def test_filters_and_aggregates_are_normalised():
    s = swot.construire([_row("S", agregat=" Moyenne ", colonne="panier", filtre=float("nan"), valeur=1),
                         _row("W", agregat="", filtre="  ", colonne="panier", valeur=1),
                         _row("O", filtre="note > 5", agregat="nb_lignes", valeur=1)])
    assert s["S1"].agregat == "moyenne" and s["S1"].filtre is None
    assert s["W1"].agregat is None and s["W1"].filtre is None
    assert s["O1"].filtre == "note > 5"


# --- evidence shown -------------------------------------------------------------------------------


def test_evidence_text_for_each_kind_of_reference():
    s = swot.construire([
        _row("S", colonne="note", agregat="nps", filtre={"activite": "atelier", "canal": ["web"]}, valeur=1234),
        _row("W", agregat="nb_lignes", filtre="note > 5", valeur=4),
        _row("O", agregat="moyenne", colonne="panier", indicateur="ignoré", valeur="×2"),
        _row("T", indicateur="tendance", valeur=True),
    ])
    assert normalise(s["S1"].preuve) == normalise(
        "j · nps(note) où activite = atelier et canal = ['web'] = 1 234")
    assert s["W1"].preuve == "j · nb_lignes où note > 5 = 4"
    assert s["O1"].preuve == "j · moyenne(panier) = ×2"
    assert s["T1"].preuve == "j · tendance = True"


def test_verifiable_needs_dataset_known_aggregate_figure_and_column():
    s = swot.construire([
        _row("S", agregat="moyenne", colonne="panier", valeur=1),
        _row("S", agregat="moyenne", valeur=1),
        _row("S", agregat="nb_lignes", valeur=1),
        _row("S", agregat="part_pct", valeur=1),
        _row("S", agregat="moyenne", colonne="panier"),
        {"categorie": "S", "element": "x", "agregat": "moyenne", "colonne": "panier", "valeur": 1},
    ])
    assert [e.verifiable for e in s.elements] == [True, False, True, True, False, False]


def test_element_and_strategy_reprs():
    s = swot.construire([_row("W", indicateur="retard", valeur=3)])
    assert normalise(repr(s["W1"])) == "W1 (faiblesses) : élément W — preuve : j · retard = 3"
    assert normalise(repr(swot.Strategie("SO", "Agir"))) == "Stratégie SO : Agir [aucun élément cité]"


def test_unknown_code_suggests_a_close_one():
    s = swot.construire([_row("S", indicateur="a", valeur=1)])
    with pytest.raises(ArgumentInvalideError) as err:
        s["S2"]
    assert_message(err.value, "Élément SWOT inconnu : « S2 ».", "« S1 »")


def test_swot_summary_html_and_markdown():
    s = swot.construire([_row("S", indicateur="a", valeur=1), {"categorie": "T", "element": "x | y\nz"}],
                        titre="Bilan <2026>")
    assert normalise(repr(s)) == normalise(
        "SWOT « Bilan <2026> » : 1 forces, 0 faiblesses, 0 opportunités, 1 menaces ; 1 sans preuve. "
        "Voir .tableau(), .tows(), .figure().")
    html = s._repr_html_()
    assert html.startswith("<h4>Bilan &lt;2026&gt;</h4>")
    for col in ("Code", "Catégorie", "Élément", "Preuve"):
        assert f"<th>{col}</th>" in html
    assert "jeu_de_donnees" not in html
    md = s.to_markdown()
    assert md.startswith("## Bilan <2026>\n\n### Forces\n\n| Code | Élément | Preuve |\n|---|---|---|\n")
    assert "### Faiblesses\n\n_Aucun élément._\n" in md
    assert "| T1 | x \\| y z | ⚠ sans preuve |" in md
    assert md.endswith("> 1 élément(s) sans preuve : à étayer par un jeu de données et un chiffre.\n")
    full = swot.construire([_row("S", indicateur="a", valeur=1)])
    assert "sans preuve" not in repr(full) and "sans preuve" not in full.to_markdown()
    assert normalise(repr(full)).endswith("0 menaces. Voir .tableau(), .tows(), .figure().")


def test_table_columns_and_values():
    s = swot.construire([_row("O", indicateur="taux", valeur=2.5)])
    t = s.tableau()
    assert list(t.columns) == ["code", "categorie", "element", "preuve", "jeu_de_donnees",
                               "indicateur", "valeur"]
    assert t.iloc[0].tolist() == ["O1", "Opportunités", "élément O", "j · taux = 2,5", "j", "taux", 2.5]


def test_alt_text_singular_and_plural():
    s = swot.construire([{"categorie": "S", "element": "a"}, {"categorie": "S", "element": "b"},
                         _row("O", indicateur="i", valeur=1)])
    assert normalise(s.texte_alternatif()) == normalise(
        "Matrice SWOT « Analyse SWOT » en quatre cadrans : 2 forces, 0 faiblesse, 1 opportunité et "
        "0 menace ; 2 élément(s) sans preuve.")
    ok = swot.construire([_row("O", indicateur="i", valeur=1)])
    assert normalise(ok.texte_alternatif()).endswith("; chaque élément cite sa preuve.")


# --- TOWS -----------------------------------------------------------------------------------------


def _swot():
    return swot.construire([_row("S", indicateur="a", valeur=1), _row("W", indicateur="b", valeur=2),
                            _row("O", indicateur="c", valeur=3), {"categorie": "T", "element": "menace"}])


def test_strategies_in_every_accepted_shape():
    s = _swot()
    t = s.tows({"so": [("Texte A", "s1 + o1")], "WT": [("Texte B", ["W1", "T1"])]})
    assert [x.elements for x in t.strategies["SO"]] == [("S1", "O1")]
    assert t.strategies["WT"][0].texte == "Texte B"
    frame = pd.DataFrame([{"quadrant": "ST", "texte": "Texte C", "elements": "S1,T1"}])
    t2 = s.tows(frame)
    assert t2.strategies["ST"][0] == swot.Strategie("ST", "Texte C", ("S1", "T1"))
    assert t2.strategies["SO"] == []


@pytest.mark.parametrize("strategies", [{"SO": ["Sans éléments"]}, {"SO": [("Un seul tuple",)]}])
def test_strategy_without_elements_is_refused(strategies):
    with pytest.raises(ArgumentInvalideError) as err:
        _swot().tows(strategies)
    assert_message(err.value, "La stratégie SO", "doit citer au moins un élément de « Forces » et un de "
                              "« Opportunités » (codes S… et O…).")


def test_strategy_errors_name_the_codes():
    s = _swot()
    with pytest.raises(ArgumentInvalideError) as err:
        s.tows({"SO": [("Idée", ["S1", "O2"])]})
    assert_message(err.value, "La stratégie « Idée » cite « O2 », absent de la SWOT.", "« O1 »")
    with pytest.raises(ArgumentInvalideError) as err:
        s.tows({"WO": [("Idée", ["W1", "O1", "S1", "T1"])]})
    assert_message(err.value, "La stratégie WO « Idée » cite S1, T1, qui n'appartiennent pas aux "
                              "catégories de ce cadran.")
    with pytest.raises(ArgumentInvalideError) as err:
        s.tows([{"quadrant": "XY", "strategie": "Idée", "elements": "S1"}])
    assert_message(err.value, "Cadran TOWS inconnu : « XY ». Cadrans : SO, WO, ST, WT.")


def test_tows_cells_markdown_alt_text_and_repr():
    s = _swot()
    t = s.tows({"ST": [("Parer", ["S1", "T1"])], "SO": [("Saisir", ["S1", "O1"])]})
    tab = t.tableau()
    assert tab.loc["Menaces (T)", "Forces (S)"] == "• Parer [S1 + T1] (⚠ sans preuve)"
    assert tab.loc["Opportunités (O)", "Forces (S)"] == "• Saisir [S1 + O1]"
    assert tab.loc["Opportunités (O)", "Faiblesses (W)"] == "À formuler — W1 × O1 : élément W / élément O"
    assert t.pistes("WT") == ["W1 × T1 : élément W / menace"]
    md = t.to_markdown()
    assert md.startswith("## Matrice TOWS\n\n### SO : s'appuyer sur les forces pour saisir les opportunités\n\n"
                         "- Saisir [S1 + O1]\n")
    assert "- Parer [S1 + T1] (⚠ sans preuve)" in md
    assert "- À formuler — W1 × T1 : élément W / menace" in md
    assert normalise(t.texte_alternatif()) == normalise(
        "Matrice TOWS en quatre cadrans : stratégies 1 SO, 0 WO, 1 ST et 0 WT.")
    assert normalise(repr(t)) == normalise(
        "Matrice TOWS de « Analyse SWOT » : stratégies 1 SO, 0 WO, 1 ST, 0 WT. Voir .tableau(), .figure().")
    assert t._repr_html_() == tab.to_html()


def test_tows_without_a_possible_pair():
    t = swot.construire([{"categorie": "S", "element": "seule force"}]).tows()
    assert t.tableau().loc["Opportunités (O)", "Forces (S)"] == "(aucune paire possible)"


def test_figure_alt_text_and_data_table():
    s = _swot()
    g = s.figure(tows=s.tows())
    fig, alt = g
    assert alt == s.texte_alternatif()[:-1] + ". " + s.tows().texte_alternatif()
    assert "«\u00a0Analyse SWOT\u00a0» en quatre cadrans\u00a0: " in alt  # French spacing
    assert len(fig.axes) == 8
    swot_only = s.figure()
    assert len(swot_only[0].axes) == 4
    assert swot_only[1] == s.texte_alternatif()
    plt.close(fig)
    plt.close(swot_only[0])


# --- evidence recomputed ----------------------------------------------------------------------------


@pytest.mark.parametrize(("agregat", "kw", "expected"), [
    ("moyenne", {"colonne": "panier"}, 25.6),
    ("mediane", {"colonne": "panier"}, 20.0),
    ("somme", {"colonne": "panier"}, 128.0),
    ("min", {"colonne": "panier"}, 12.0),
    ("max", {"colonne": "panier"}, 50.0),
    ("nb", {"colonne": "panier"}, 5.0),
    ("nb_lignes", {"filtre": {"canal": "web"}}, 3.0),
    ("part_pct", {"filtre": {"canal": ["web", "inconnu"]}}, 50.0),
    ("taux_pct", {"colonne": "oui"}, 100 * 4 / 6),
    ("taux_pct", {"colonne": "bool"}, 100 * 4 / 6),
    ("nps", {"colonne": "note"}, 100 * (3 - 2) / 6),
    ("csat", {"colonne": "satisf"}, 50.0),
    ("moyenne", {"colonne": "note", "filtre": "activite == 'vente'"}, 7.0),
    ("somme", {"colonne": "note", "filtre": {"activite": "atelier", "canal": ("web",)}}, 16.0),
])
def test_every_aggregate_is_recomputed(agregat, kw, expected):
    row = _check(agregat, round(expected, 2), **kw)
    assert row["valeur_recalculee"] == pytest.approx(expected)
    assert row["statut"] == "exact"
    assert row["message"] == "chiffre retrouvé."


def test_wrong_figure_says_what_the_computation_gives():
    row = _check("somme", 100, colonne="panier")
    assert row["statut"] == "faux"
    assert_message(row["message"], "le calcul donne 128,00, et non 100.", sentence=False)


@pytest.mark.parametrize(("claimed", "status"), [
    # 25.6 written with 2 decimals: max(0.005, 0.1 % of 25.6 = 0.0256)
    (25.6, "exact"), (25.62, "exact"), (25.63, "faux"), (25.7, "faux"), (26, "exact"), (25, "faux"),
])
def test_tolerance_is_half_a_unit_of_the_last_written_digit(claimed, status):
    assert _check("moyenne", claimed, colonne="panier")["statut"] == status


def test_tolerance_is_at_least_a_thousandth_of_the_result():
    big = pd.DataFrame({"x": [100000.0, 100040.0]})  # mean 100020
    s = swot.construire([_row("S", agregat="moyenne", colonne="x", valeur=100100.0),
                         _row("W", agregat="moyenne", colonne="x", valeur=100200.0)])
    t = swot.verifier_preuves(s, {"j": big}).tableau
    assert t["statut"].tolist() == ["exact", "faux"]


@pytest.mark.parametrize(("kw", "words"), [
    ({"agregat": "moyenne", "colonne": "texte", "valeur": 1}, "la colonne « texte » n'est pas numérique."),
    ({"agregat": "taux_pct", "colonne": "note", "valeur": 1},
     "« taux_pct » demande une colonne oui/non ; « note » n'en est pas une."),
    ({"agregat": "moyenne", "colonne": "note", "filtre": {"activite": "aucune"}, "valeur": 1},
     "aucune ligne ne correspond au filtre."),
    ({"agregat": "moyenne", "colonne": "note", "filtre": {"activit": "vente"}, "valeur": 1},
     "colonne de filtre « activit » absente"),
    ({"agregat": "moyenne", "colonne": "notes", "valeur": 1}, "colonne « notes » absente"),
    ({"agregat": "nb_lignes", "filtre": "note >>> 2", "valeur": 1},
     "filtre « note >>> 2 » illisible par pandas"),
    ({"agregat": "moyenne", "colonne": "note", "valeur": "beaucoup"},
     "le chiffre annoncé 'beaucoup' n'est pas un nombre."),
    ({"agregat": "nps", "colonne": "texte", "valeur": 1}, "ne sont pas des notes entières de 0 à 10"),
])
def test_unverifiable_evidence_says_why(kw, words):
    kw = dict(kw)  # the parameter is shared by every run of the test
    row = _check(kw.pop("agregat"), kw.pop("valeur"), **kw)
    assert row["statut"] == "non vérifiable"
    assert_message(row["message"], words, sentence=False)
    assert math.isnan(row["valeur_recalculee"])


def test_incomplete_and_missing_references():
    s = swot.construire([
        {"categorie": "S", "element": "sans jeu"},
        _row("W", agregat="moyenne"),
        _row("O", colonne="note"),
        _row("T", agregat="part_pct"),
    ])
    t = swot.verifier_preuves(s, {"j": _frame()}).tableau
    assert t["statut"].tolist() == ["sans preuve", "non vérifiable", "non vérifiable", "non vérifiable"]
    assert t["message"].iloc[0] == "aucun jeu de données cité."
    assert_message(t["message"].iloc[1], "référence incomplète : il manque « colonne », « valeur ».",
                   "Un texte libre (« indicateur ») ne se recalcule pas.", sentence=False)
    assert_message(t["message"].iloc[2], "il manque « agregat », « valeur ».", sentence=False)
    assert_message(t["message"].iloc[3], "il manque « valeur ».", sentence=False)
    assert t["preuve"].iloc[0] == "⚠ sans preuve"


def test_datasets_tables_and_bunches():
    b = Bunch(frame=_frame(), tables={"prix": pd.DataFrame({"eur": [1.0, 3.0]})})
    rows = [_row("S", jeu_de_donnees="j.prix", colonne="eur", agregat="somme", valeur=4),
            _row("W", jeu_de_donnees="j.autre", colonne="eur", agregat="somme", valeur=4),
            _row("O", jeu_de_donnees="k", colonne="eur", agregat="somme", valeur=4),
            _row("T", jeu_de_donnees="d.prix", colonne="eur", agregat="somme", valeur=4),
            _row("T", jeu_de_donnees="j", colonne="note", agregat="max", valeur=10)]
    t = swot.verifier_preuves(swot.construire(rows), {"j": b, "d": _frame()}).tableau
    assert t["statut"].tolist() == ["exact", "non vérifiable", "non vérifiable", "non vérifiable", "exact"]
    assert_message(t["message"].iloc[1], "table « autre » absente de « j »", sentence=False)
    assert_message(t["message"].iloc[2], "jeu « k » non fourni dans « donnees »", sentence=False)
    assert_message(t["message"].iloc[3], "« d.prix » : donnez un DataFrame ou le Bunch de casekit.load",
                   sentence=False)
    empty = Bunch(frame=_frame(), tables=None)
    t2 = swot.verifier_preuves(swot.construire(rows[:1]), {"j": empty}).tableau
    assert t2["statut"].tolist() == ["non vérifiable"]


def test_part_of_an_empty_frame_is_not_a_number():
    s = swot.construire([_row("S", agregat="part_pct", valeur=0)])
    t = swot.verifier_preuves(s, {"j": _frame().iloc[:0]}).tableau
    assert t["statut"].iloc[0] == "faux"  # NaN never matches a written figure
    assert math.isnan(t["valeur_recalculee"].iloc[0])


def test_verification_summary_and_problems():
    s = swot.construire([_row("S", agregat="max", colonne="note", valeur=10),
                         _row("W", agregat="min", colonne="note", valeur=9),
                         {"categorie": "O", "element": "rien"}])
    v = swot.verifier_preuves(s, {"j": _frame()})
    assert not v.ok
    assert v.problemes()["code"].tolist() == ["W1", "O1"]
    text = normalise(repr(v))
    assert text.startswith("Vérification des preuves de 3 élément(s) : ")
    assert "1 exact" in text and "1 faux" in text and "1 sans preuve" in text
    assert "- W1 (faux) : le calcul donne 3,00, et non 9." in text
    assert "- O1 (sans preuve) : aucun jeu de données cité." in text
    assert "- S1" not in text
    html = v._repr_html_()
    for col in ("Code", "Statut", "Chiffre annoncé", "Chiffre recalculé", "Explication"):
        assert f"<th>{col}</th>" in html
    assert "<td>—</td>" in html  # NaN shown as a dash
    good = swot.verifier_preuves(swot.construire([_row("S", agregat="max", colonne="note", valeur=10)]),
                                 {"j": _frame()})
    assert good.ok and good.problemes().empty


def test_verifier_preuves_argument_errors():
    with pytest.raises(ArgumentInvalideError) as err:
        swot.verifier_preuves([_row("S")], {})
    assert_message(err.value, "« swot » doit être une SWOT construite avec construire(...).")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.verifier_preuves(_swot(), [("j", _frame())])
    assert_message(err.value, "« donnees » doit être un dictionnaire nom du jeu → DataFrame (ou Bunch)")


def test_lookup_errors_suggest_the_closest_name_without_double_punctuation():
    b = Bunch(frame=_frame(), tables={"prix": _frame()})
    rows = [_row("S", jeu_de_donnees="enquet", colonne="note", agregat="max", valeur=1),
            _row("W", jeu_de_donnees="j.pri", colonne="note", agregat="max", valeur=1),
            _row("O", colonne="note", agregat="max", filtre={"activit": "x"}, valeur=1),
            _row("T", agregat="nb_lignes", filtre="note >>> 2", valeur=1)]
    t = swot.verifier_preuves(swot.construire(rows), {"enquete": _frame(), "j": b}).tableau
    msgs = [normalise(x) for x in t["message"]]
    assert msgs[0] == "jeu « enquet » non fourni dans « donnees » Vouliez-vous dire « enquete » ?"
    assert msgs[1] == "table « pri » absente de « j » Vouliez-vous dire « prix » ?"
    assert msgs[2] == "colonne de filtre « activit » absente Vouliez-vous dire « activite » ?"
    assert msgs[3] == "filtre « note >>> 2 » illisible par pandas (SyntaxError)."


@pytest.mark.parametrize(("claimed", "status"), [(1e20, "faux"), (1e-7, "faux"), (10.0, "exact")])
def test_figures_written_in_scientific_notation_are_compared(claimed, status):
    assert _check("max", claimed, colonne="note")["statut"] == status


def test_exports_line_by_line():
    s = swot.construire([_row("S", indicateur="a", valeur=1), {"categorie": "O", "element": "x"}],
                        titre="T")
    assert s.to_markdown() == (
        "## T\n\n### Forces\n\n| Code | Élément | Preuve |\n|---|---|---|\n"
        "| S1 | élément S | j · a = 1 |\n\n### Faiblesses\n\n_Aucun élément._\n\n"
        "### Opportunités\n\n| Code | Élément | Preuve |\n|---|---|---|\n| O1 | x | ⚠ sans preuve |\n\n"
        "### Menaces\n\n_Aucun élément._\n\n"
        "> 1 élément(s) sans preuve : à étayer par un jeu de données et un chiffre.\n")
    t = _swot().tows({"SO": [("Xénon", ["S1", "O1"]), ("Deux", "S1+O1")]})
    md = t.to_markdown()
    assert md.startswith("## Matrice TOWS\n\n### SO : s'appuyer sur les forces pour saisir les "
                         "opportunités\n\n- Xénon [S1 + O1]\n- Deux [S1 + O1]\n\n### WO")
    tab = t.tableau()
    assert tab.loc["Opportunités (O)", "Forces (S)"] == "• Xénon [S1 + O1]\n• Deux [S1 + O1]"
    wide = swot.construire([{"categorie": c, "element": f"{c}{i}"} for c in "SWOT" for i in range(2)]).tows()
    cells = wide.tableau()
    for row, col, q in (("Opportunités (O)", "Forces (S)", "SO"), ("Menaces (T)", "Forces (S)", "ST"),
                        ("Opportunités (O)", "Faiblesses (W)", "WO"), ("Menaces (T)", "Faiblesses (W)", "WT")):
        assert cells.loc[row, col] == "\n".join(f"À formuler — {p}" for p in wide.pistes(q))


def test_html_tables_have_no_index_column_and_keep_quotes_in_titles():
    s = swot.construire([_row("S", agregat="max", colonne="note", valeur=10)], titre='Le "vrai" bilan')
    html = s._repr_html_()
    assert html.startswith('<h4>Le "vrai" bilan</h4>')
    assert "<th>0</th>" not in html and "<td>S1</td>" in html
    v = swot.verifier_preuves(s, {"j": _frame()})
    vh = v._repr_html_()
    assert "<th>0</th>" not in vh and "<td>S1</td>" in vh


def test_verification_text_exactly():
    s = swot.construire([_row("S", agregat="max", colonne="note", valeur=10),
                         _row("W", agregat="min", colonne="note", valeur=9),
                         {"categorie": "O", "element": "rien"}])
    v = swot.verifier_preuves(s, {"j": _frame()})
    assert normalise(repr(v)) == normalise(
        "Vérification des preuves de 3 élément(s) : 1 exact, 1 faux, 1 sans preuve.\n"
        "- W1 (faux) : le calcul donne 3,00, et non 9.\n"
        "- O1 (sans preuve) : aucun jeu de données cité.")
    assert repr(v).count("\n") == 2


def test_every_item_gets_a_row_after_an_unverifiable_one():
    s = swot.construire([_row("S", agregat="max", colonne="note", valeur="beaucoup"),
                         _row("W", jeu_de_donnees="absent", agregat="max", colonne="note", valeur=1),
                         _row("O", agregat="max", colonne="note", valeur=10)])
    t = swot.verifier_preuves(s, {"j": _frame()}).tableau
    assert t["code"].tolist() == ["S1", "W1", "O1"]
    assert t["statut"].tolist() == ["non vérifiable", "non vérifiable", "exact"]
    assert t["element"].tolist() == ["élément S", "élément W", "élément O"]
    assert t["valeur_annoncee"].tolist() == ["beaucoup", 1, 10]
    assert t["preuve"].tolist()[2] == "j · max(note) = 10"


def test_tolerance_boundary_is_inclusive_and_uses_powers_of_ten():
    halves = pd.DataFrame({"x": [25.0, 26.0]})      # mean 25.5: written 26 is exact (half a unit)
    s = swot.construire([_row("S", agregat="moyenne", colonne="x", valeur=26)])
    assert swot.verifier_preuves(s, {"j": halves}).tableau["statut"].iloc[0] == "exact"
    tenth = pd.DataFrame({"x": [25.5, 25.6]})       # mean 25.55: written 25.6 is exact
    s = swot.construire([_row("S", agregat="moyenne", colonne="x", valeur=25.6)])
    assert swot.verifier_preuves(s, {"j": tenth}).tableau["statut"].iloc[0] == "exact"


def test_donnees_message_gives_an_example():
    with pytest.raises(ArgumentInvalideError) as err:
        swot.verifier_preuves(_swot(), [("j", _frame())])
    assert normalise(str(err.value)) == normalise(
        "« donnees » doit être un dictionnaire nom du jeu → DataFrame (ou Bunch), par exemple "
        '{"enquete_satisfaction": enquete}.')


# --- the one-page figure ----------------------------------------------------------------------------


def _long_swot(n=3, titre="Analyse SWOT de l'atelier vélo solidaire Rayons libres, édition 2026 du centre-ville"):
    rows = [{"categorie": c, "element": f"Élément {c} numéro {i} assez long pour passer à la ligne",
             "jeu_de_donnees": "j", "indicateur": "i", "valeur": i} for c in "SWOT" for i in range(n)]
    return swot.construire(rows, titre=titre)


def _boxes(fig):
    return [ax.get_position() for ax in fig.axes]


@pytest.mark.parametrize("with_tows", [False, True])
def test_figure_grid_geometry(with_tows):
    from casekit.plots import PALETTE

    s = _long_swot()
    fig, _alt = s.figure(tows=s.tows() if with_tows else None)
    try:
        boxes = _boxes(fig)
        assert len(boxes) == (8 if with_tows else 4)
        for b in boxes:
            assert 0 <= b.x0 < b.x1 <= 1 and 0 <= b.y0 < b.y1 <= 1
        for i, j in itertools.combinations(range(len(boxes)), 2):
            a, b = boxes[i], boxes[j]
            assert min(a.x1, b.x1) <= max(a.x0, b.x0) + 1e-9 or min(a.y1, b.y1) <= max(a.y0, b.y0) + 1e-9
        for k in range(0, len(boxes), 2):   # two columns, same size, centred on the page
            left, right = boxes[k], boxes[k + 1]
            assert left.x1 < right.x0 and left.width == pytest.approx(right.width)
            assert left.y0 == pytest.approx(right.y0) and left.height == pytest.approx(right.height)
            assert left.x0 == pytest.approx(1 - right.x1)
        for k in range(0, len(boxes) - 2, 2):  # rows go down the page
            assert boxes[k + 2].y1 < boxes[k].y0
        if with_tows:   # the TOWS grid is as large as the SWOT one
            assert boxes[4].height == pytest.approx(boxes[0].height)
        title_y = fig._suptitle.get_position()[1]
        headings = sorted((t for t in fig.texts if t.get_text() in ("SWOT", "TOWS")),
                          key=lambda t: -t.get_position()[1])
        assert [t.get_text() for t in headings] == (["SWOT", "TOWS"] if with_tows else ["SWOT"])
        assert title_y > headings[0].get_position()[1] > boxes[0].y1
        if with_tows:
            assert boxes[3].y0 > headings[1].get_position()[1] > boxes[4].y1
        assert fig._suptitle.get_fontweight() == "bold" and fig._suptitle.get_fontsize() > 13
        for i, ax in enumerate(fig.axes):
            assert not ax.xaxis.get_gridlines()[0].get_visible() if ax.xaxis.get_gridlines() else True
            assert ax.get_xticks().size == 0 and ax.get_yticks().size == 0
            for side in ax.spines.values():
                assert side.get_visible() and side.get_linewidth() == 2.5
                assert matplotlib.colors.to_hex(side.get_edgecolor()) == matplotlib.colors.to_hex(PALETTE[i % 4])
            assert ax._left_title.get_text() and not ax.title.get_text()
            assert matplotlib.colors.to_hex(ax._left_title.get_color()) == "#000000"
        assert fig.axes[0]._left_title.get_text() == "Forces"
        if with_tows:
            assert fig.axes[4]._left_title.get_text().replace("\n", " ") == swot.QUADRANTS["SO"][2]
    finally:
        plt.close(fig)


def test_figure_text_is_clean_with_a_long_title_and_full_cells():
    from test_plots_accessibles import assert_layout_clean

    s = _long_swot(n=40)
    fig, _alt = s.figure(tows=s.tows())
    try:
        assert_layout_clean(fig)
        assert fig._suptitle.get_text().count("\n") == 1     # wrapped at 60 characters
        for ax in fig.axes:
            body = ax.texts[0].get_text().split("\n")
            assert body[-1].startswith("… (") and body[-1].endswith(" ligne(s) de plus dans le tableau)")
            assert all(len(line) <= 48 for line in body[:-1])
        first = fig.axes[0].texts[0].get_text().split("\n")
        wrapped = sum(len(textwrap.wrap(f"{e.code}. {e.texte} — {e.preuve}", 48)) for e in s.par_categorie("S"))
        assert first[-1] == f"… ({wrapped - (len(first) - 1)} ligne(s) de plus dans le tableau)"
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            inner = ax.texts[0].get_window_extent(renderer)
            box = ax.get_window_extent(renderer)
            assert inner.y0 >= box.y0 - 1 and inner.x1 <= box.x1 + 1
    finally:
        plt.close(fig)
    short = swot.construire([{"categorie": "S", "element": "Seule force"}], titre="Court")
    fig2, _ = short.figure()
    try:
        assert fig2._suptitle.get_text() == "Court"
        assert fig2.axes[1].texts[0].get_text() == "(vide)"
        assert fig2.axes[0].texts[0].get_text() == "S1. Seule force — ⚠ sans preuve"
        assert_layout_clean(fig2)
    finally:
        plt.close(fig2)


def test_comments_are_kept_and_strategies_without_elements_refused():
    s = swot.construire([_row("S", indicateur="a", valeur=1, commentaire="à revoir"),
                         _row("O", indicateur="b", valeur=2, commentaire="  ")])
    assert s["S1"].commentaire == "à revoir" and s["O1"].commentaire is None
    with pytest.raises(ArgumentInvalideError) as err:
        s.tows([{"quadrant": "SO", "strategie": "Sans liste"}])
    assert_message(err.value, "La stratégie SO « Sans liste » doit citer au moins un élément")
    with pytest.raises(ArgumentInvalideError) as err:
        swot.construire("S: vélo")
    assert normalise(str(err.value)).startswith("« lignes » doit être un DataFrame")
