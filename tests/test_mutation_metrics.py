"""Metrics: behaviours that mutation testing showed untested.

What students read (the NPS summary and its HTML table), the default column names of
every ratio, the argument names quoted in French errors, and boundaries (n = 0, n = 1,
n = 30, a score between 0 and 1, a scale of 2, a penetration at the tolerance).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from messages import assert_message, normalise

from casekit import metrics as m
from casekit.errors import ArgumentInvalideError
from casekit.plots import nombre_fr


def _nps(answers):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return m.nps(answers)


# --- NPS summary (text and HTML) -----------------------------------------------------------------


def _expected_text(r, sign):
    lo, hi = r.ic95
    return normalise(
        f"NPS = {sign}{nombre_fr(r.score, 1)} (IC à 95 % : {nombre_fr(lo, 1)} à {nombre_fr(hi, 1)} ; "
        f"erreur type {nombre_fr(r.se, 1)} ; n = {nombre_fr(r.n)} ; promoteurs "
        f"{nombre_fr(r.promoteurs_pct, 1)} %, passifs {nombre_fr(r.passifs_pct, 1)} %, détracteurs "
        f"{nombre_fr(r.detracteurs_pct, 1)} %)")


def test_nps_summary_reads_every_figure_with_one_decimal():
    r = _nps([10] * 5 + [8] * 3 + [0] * 2)
    assert (r.n, r.score, r.promoteurs_pct, r.passifs_pct, r.detracteurs_pct) == (10, 30.0, 50.0, 30.0, 20.0)
    text = normalise(repr(r))
    assert text == _expected_text(r, "+")
    assert text.startswith("NPS = +30,0 (IC à 95 % : ")
    assert "; n = 10 ; promoteurs 50,0 %, passifs 30,0 %, détracteurs 20,0 %)" in text
    assert normalise(str(r)) == text


def test_nps_sign_only_for_a_positive_score():
    small = _nps([9] * 101 + [0] * 100 + [8] * 99)  # score +0.33: positive but below 1
    assert 0 < small.score < 1
    assert normalise(repr(small)).startswith("NPS = +0,3 ")
    zero = _nps([10, 0])
    assert normalise(repr(zero)).startswith("NPS = 0,0 ")
    negative = _nps([0] * 3 + [10])
    assert normalise(repr(negative)) == _expected_text(negative, "")
    assert normalise(repr(negative)).startswith("NPS = −50,0 ")


def test_nps_summary_with_one_answer_and_with_none():
    one = _nps([10])
    assert one.n == 1
    assert normalise(repr(one)) == _expected_text(one, "+")
    assert "<td>+100,0</td>" in one._repr_html_()
    with pytest.warns(m.MetriqueAvertissement) as caught:
        none = m.nps(["NSP", None])
    assert_message(caught[0].message, "NPS incalculable : aucune réponse valide (n = 0)", "NaN")
    assert repr(none) == "NPS non calculable (n = 0)"
    assert normalise(none._repr_html_()) == "<p>NPS non calculable (n = 0)</p>"


def _expected_html(r, sign, note):
    lo, hi = r.ic95
    rows = [("NPS", f"{sign}{nombre_fr(r.score, 1)}"),
            ("IC à 95 %", f"{nombre_fr(lo, 1)} à {nombre_fr(hi, 1)}"),
            ("Erreur type", nombre_fr(r.se, 1)), ("Réponses (n)", nombre_fr(r.n)),
            ("Promoteurs", nombre_fr(r.promoteurs_pct, 1) + " %"),
            ("Passifs", nombre_fr(r.passifs_pct, 1) + " %"),
            ("Détracteurs", nombre_fr(r.detracteurs_pct, 1) + " %")]
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    tail = "<p>Petit échantillon (n &lt; 30) : score très incertain.</p>" if note else ""
    return normalise(f"<table><caption>Net Promoter Score</caption><tbody>{body}</tbody></table>{tail}")


def test_nps_html_table_has_every_row_and_the_small_sample_note_below_30():
    small = _nps([10] * 5 + [8] * 3 + [0] * 2)
    assert normalise(small._repr_html_()) == _expected_html(small, "+", note=True)
    thirty = _nps([10] * 12 + [7] * 9 + [3] * 9)
    assert thirty.n == 30
    assert normalise(thirty._repr_html_()) == _expected_html(thirty, "+", note=False)
    negative = _nps([0] * 20 + [9] * 11)
    assert normalise(negative._repr_html_()) == _expected_html(negative, "", note=False)
    zero = _nps([10, 0])
    assert "<td>0,0</td>" in zero._repr_html_()
    # whole numbers and figures below 1 keep their decimal: −100,0 à 100,0 ; erreur type 0,0
    assert normalise(zero._repr_html_()) == _expected_html(zero, "", note=True)
    assert "<td>−100,0 à 100,0</td>" in normalise(zero._repr_html_())
    allp = _nps([10] * 40)
    assert allp.se == 0.0
    assert normalise(allp._repr_html_()) == _expected_html(allp, "+", note=False)
    assert '<th scope="row">Erreur type</th><td>0,0</td>' in allp._repr_html_()
    assert normalise(repr(allp)) == _expected_text(allp, "+")
    small = _nps([9] * 101 + [0] * 100 + [8] * 99)
    assert "<td>+0,3</td>" in small._repr_html_()


# --- ratios: default column names, names in messages ----------------------------------------------

DEFAULTS = {
    "ctr": (m.ctr, "clics", "impressions", 100.0),
    "cpc": (m.cpc, "cout", "clics", 1.0),
    "cpm": (m.cpm, "cout", "impressions", 1000.0),
    "cpa": (m.cpa, "cout", "conversions", 1.0),
    "taux_conversion": (m.taux_conversion, "conversions", "clics", 100.0),
    "roas": (m.roas, "valeur", "cout", 1.0),
    "frequence": (m.frequence, "impressions", "portee", 1.0),
    "taux_penetration": (m.taux_penetration, "cible", "population", 100.0),
}


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_ratio_reads_its_default_columns_from_donnees(name):
    func, num, den, scale = DEFAULTS[name]
    df = pd.DataFrame({num: [3.0, 0.0, 2.0], den: [6.0, 4.0, 0.5], "autre": [1.0, 1.0, 1.0]},
                      index=["a", "b", "c"])
    if name == "taux_penetration":
        df[den] = [6.0, 4.0, 2.5]
    out = func(donnees=df)
    expected = scale * df[num] / df[den]
    assert list(out.index) == ["a", "b", "c"]
    assert out.to_numpy() == pytest.approx(expected.to_numpy())


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_ratio_errors_quote_the_argument_names(name):
    func, num, den, _ = DEFAULTS[name]
    with pytest.raises(ArgumentInvalideError) as err:
        func(-1.0, 2.0)
    assert_message(err.value, f"« {num} » contient une valeur négative (−1)",
                   "ne peut pas être négatif")
    with pytest.raises(ArgumentInvalideError) as err:
        func(1.0, -2.0)
    assert_message(err.value, f"« {den} » contient une valeur négative (−2)")
    with pytest.raises(ArgumentInvalideError) as err:
        func(donnees=pd.DataFrame({"x": [1]}))
    assert_message(err.value, f"Colonne « {num} » absente du DataFrame (argument « {num} »).")


def test_donnees_must_be_a_dataframe():
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(donnees={"clics": [1], "impressions": [2]})
    assert_message(err.value, "« donnees » doit être un DataFrame, et non dict.")


def test_missing_column_suggests_the_closest_name():
    df = pd.DataFrame({"clics": [1], "impression": [10]})
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(donnees=df)
    assert_message(err.value, "Colonne « impressions » absente", "Vouliez-vous dire « impression »")


def test_columns_and_values_can_be_mixed_with_donnees():
    df = pd.DataFrame({"clics": [2.0, 5.0]})
    # a column name for one argument and the values themselves for the other
    out = m.ctr("clics", pd.Series([100.0, 50.0]), donnees=df)
    assert out.tolist() == pytest.approx([2.0, 10.0])
    out2 = m.ctr(pd.Series([1.0, 1.0]), "clics", donnees=df)
    assert out2.tolist() == pytest.approx([50.0, 20.0])


def test_penetration_tolerance_is_inclusive_and_message_is_french():
    edge = 1.00000000001
    assert 100.0 * edge == 100.0 + 1e-9  # the tolerance itself is accepted
    assert m.taux_penetration(edge, 1) == pytest.approx(100.0)
    assert m.taux_penetration(pd.Series([5.0, np.nan]), pd.Series([10.0, 4.0])).tolist()[0] == 50.0
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_penetration(11, 10)
    assert_message(err.value, "La cible ne peut pas dépasser la population de référence",
                   "vérifiez le périmètre.")


# --- CSAT -------------------------------------------------------------------------------------------


def test_csat_scale_of_two_is_the_smallest():
    assert m.csat([1, 2, 2, 1], echelle=2) == 100.0  # default threshold: echelle - 1
    assert m.csat([1, 2, 2, 1], echelle=2, seuil=2) == 50.0
    with pytest.raises(ArgumentInvalideError) as err:
        m.csat([1], echelle=1)
    assert_message(err.value, "« echelle » doit valoir au moins 2, et non 1.")


@pytest.mark.parametrize(("kwargs", "name"), [({"echelle": 5.0}, "echelle"), ({"seuil": "4"}, "seuil"),
                                              ({"echelle": True}, "echelle")])
def test_csat_options_must_be_integers(kwargs, name):
    with pytest.raises(ArgumentInvalideError) as err:
        m.csat([4, 5], **kwargs)
    assert_message(err.value, f"« {name} » doit être un nombre entier, et non")


def test_csat_bad_answers_are_named_as_satisfaction_scores():
    with pytest.raises(ArgumentInvalideError) as err:
        m.csat([4, 6])
    assert_message(err.value, "1 réponse(s) ne sont pas des notes entières de 1 à 5", "6")
    with pytest.raises(ArgumentInvalideError) as err:
        m.csat(pd.DataFrame({"a": [4]}))
    assert_message(err.value, "Passez une seule colonne de notes de satisfaction")


def test_csat_without_valid_answer_warns_in_french_and_gives_nan(recwarn):
    warnings.simplefilter("always")
    value = m.csat(["NSP", None, ""])
    assert np.isnan(value)
    w = [x for x in recwarn if issubclass(x.category, m.MetriqueAvertissement)]
    assert len(w) == 1
    assert_message(w[0].message, "CSAT incalculable : aucune réponse valide (n = 0)",
                   "le résultat vaut NaN.")


def test_warnings_point_at_the_caller(recwarn):
    # Deselected in `make mutation`: mutmut's trampoline adds a frame between caller and metric.
    warnings.simplefilter("always")
    m.csat([])
    m.nps([9, 10])
    m.nps([])
    w = [x for x in recwarn if issubclass(x.category, m.MetriqueAvertissement)]
    assert len(w) == 3 and all(x.filename == __file__ for x in w)


# --- helpers reached through public functions -------------------------------------------------------


def test_non_numeric_values_in_a_list_are_listed():
    with pytest.raises(ArgumentInvalideError) as err:
        m.cpc([1.0, "x", None, 3.0], [1, 2, 3, 4])
    assert_message(err.value, "« cout » contient des valeurs non numériques (« x », « None »)")
    assert "« 1.0 »" not in str(err.value) and "« 3.0 »" not in str(err.value)


def test_long_label_lists_are_cut_after_six_with_the_total():
    a = pd.Series(1.0, index=[f"m{i}" for i in range(9)])
    b = pd.Series(1.0, index=[f"n{i}" for i in range(9)])
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(a, b)
    msg = normalise(str(err.value))
    assert "« m5 » … (9 en tout)" in msg and "« m6 »" not in msg


@settings(max_examples=50, deadline=None, derandomize=True)
@given(num=st.floats(0, 1e6), den=st.floats(1e-3, 1e6))
def test_fractional_denominators_divide_exactly(num, den):
    assert m.roas(num, den) == pytest.approx(num / den, rel=1e-12)
    assert m.ctr(num, den) == pytest.approx(100 * num / den, rel=1e-12)


# --- Student quantile and NPS interval ----------------------------------------------------------


def _t975_series(df: int) -> float:
    """Abramowitz & Stegun 26.7.5: Cornish–Fisher expansion of Student's quantile."""
    z = 1.959963984540054
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def test_t_quantile_is_exact_for_one_and_two_degrees_and_the_series_above():
    from scipy import stats

    assert m._t975(1) == pytest.approx(stats.t.ppf(0.975, 1), abs=1e-9)
    assert m._t975(0) == m._t975(1)
    assert m._t975(2) == pytest.approx(stats.t.ppf(0.975, 2), abs=1e-9)
    for df in (3, 4, 5, 8, 13, 29, 99, 1000):
        assert m._t975(df) == pytest.approx(_t975_series(df), rel=1e-13)
        assert m._t975(df) == pytest.approx(stats.t.ppf(0.975, df), rel=2e-3)


def _interval(p, d, n):
    mm = n + 3.0
    pp, dd = (p + 0.75) / mm, (d + 0.75) / mm
    s = pp - dd
    se = np.sqrt((pp + dd - s**2) / mm)
    t = m._t975(max(n - 1, 1))
    return max(100 * (s - t * se), -100.0), min(100 * (s + t * se), 100.0)


@pytest.mark.parametrize(("p", "d", "n"), [(1, 0, 1), (1, 0, 2), (1, 1, 3), (2, 1, 5), (20, 5, 40),
                                           (0, 0, 7)])
def test_interval_follows_the_adjusted_wald_formula(p, d, n):
    assert m.intervalle_nps(p, d, n) == pytest.approx(_interval(p, d, n), abs=1e-9)
    # numbers of answers given as text are read as numbers
    assert m.intervalle_nps(str(p), str(d), str(n)) == pytest.approx(_interval(p, d, n), abs=1e-9)


def test_interval_is_vectorised_even_when_empty():
    lo, hi = m.intervalle_nps(np.array([1, 20]), np.array([0, 5]), np.array([2, 40]))
    assert lo.tolist() == pytest.approx([_interval(1, 0, 2)[0], _interval(20, 5, 40)[0]])
    assert hi.tolist() == pytest.approx([_interval(1, 0, 2)[1], _interval(20, 5, 40)[1]])
    lo0, hi0 = m.intervalle_nps(np.array([]), np.array([]), np.array([]))
    assert lo0.shape == hi0.shape == (0,)


@pytest.mark.parametrize(("p", "d", "n"), [(-1, 0, 5), (0, -1, 5), (3, 3, 5), (0, 0, 0), (4, 2, 5)])
def test_interval_refuses_impossible_counts(p, d, n):
    with pytest.raises(ArgumentInvalideError) as err:
        m.intervalle_nps(p, d, n)
    assert_message(err.value, "Il faut 0 ≤ promoteurs + détracteurs ≤ n et au moins une réponse (n ≥ 1).")


def test_interval_refuses_non_numbers():
    with pytest.raises(ArgumentInvalideError) as err:
        m.intervalle_nps("trois", 0, 5)
    assert_message(err.value, "« promoteurs », « detracteurs » et « n » doivent être des nombres de réponses.")


# --- NPS answers ----------------------------------------------------------------------------------


def test_nps_of_a_single_answer_given_as_a_scalar():
    assert _nps(9).n == 1 and _nps(9).score == 100.0
    assert _nps("NSP").n == 0


def test_nps_reads_decimal_commas_and_skips_nan_anywhere():
    r = _nps(["9,0", float("nan"), " 10 ", pd.NA, "ne sait pas", 0])
    assert r.n == 3 and r.promoteurs_pct == pytest.approx(200 / 3)
    assert r.methode == m.METHODE_IC_NPS and "Rocks" in r.methode


def test_nps_lists_every_bad_answer_and_cuts_after_five():
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps([True, 11, "x", 9.5, 10, object])
    msg = normalise(str(err.value))
    assert msg.startswith("5 réponse(s) ne sont pas des notes entières de 0 à 10 ni des non-réponses")
    assert "True, 11, 'x', 9.5, <class 'object'>. Nettoyez-les d'abord." in msg
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps([11, 12, 13, 14, 15, 16])
    assert_message(err.value, "6 réponse(s)", ": 11, 12, 13, 14, 15 …. Nettoyez-les d'abord.")


def test_nps_argument_errors_name_nps_scores():
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps(pd.DataFrame({"nps_0_10": [9]}))
    assert_message(err.value, "Passez une seule colonne de notes NPS (par exemple df[\"nps_0_10\"]), "
                              "et non un DataFrame entier.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps({"a": 9})
    assert_message(err.value, "Passez les notes NPS en liste ou en colonne (Series), et non un dictionnaire.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps(pd.Series([True, False]))
    assert_message(err.value, "Les notes NPS sont des booléens (vrai/faux) : passez la colonne des notes "
                              "de 0 à 10, pas un filtre.")


# --- ratios: containers, names, warnings -----------------------------------------------------------


def test_ratio_result_has_the_shape_of_the_longer_input():
    out = m.ctr([1.0, 2.0], 10.0)
    assert isinstance(out, np.ndarray) and out.tolist() == pytest.approx([10.0, 20.0])
    out = m.ctr(1.0, [10.0, 20.0])
    assert isinstance(out, np.ndarray) and out.tolist() == pytest.approx([10.0, 5.0])
    s = m.ctr(pd.Series([1.0, 3.0], index=["x", "y"], name="clics_web"), 10.0)
    assert s.name == "clics_web" and list(s.index) == ["x", "y"]
    s2 = m.cpc(12.0, pd.Series([3.0, 4.0], index=["x", "y"], name="n"))
    assert list(s2.index) == ["x", "y"] and s2.tolist() == [4.0, 3.0]


def test_ratio_computes_without_numpy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert m.ctr(1e308, 0.5) == np.inf
        assert np.isnan(m.cpc(np.inf, np.inf))
        assert np.isnan(m.ctr(5.0, 0.0))


def test_ratio_argument_errors_name_the_arguments():
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr("clics", 10)
    assert_message(err.value, "« clics » ou « impressions » est un texte : pour des noms de colonnes, "
                              "passez aussi le DataFrame en « donnees= ».")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr([1.0, 2.0, 3.0], [1.0, 2.0])
    assert_message(err.value, "« clics » (3 valeurs) et « impressions » (2 valeurs) doivent avoir la même longueur.")
    for num, den in (([], []), ([], 5.0), (5.0, [])):
        with pytest.raises(ArgumentInvalideError) as err:
            m.ctr(num, den)
        assert_message(err.value, "« clics » ou « impressions » est vide : rien à calculer.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(True, 10)
    assert_message(err.value, "« clics » vaut True (un booléen) : donnez un nombre.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(3, pd.Series(["a", "b"]))
    assert_message(err.value, "« impressions » contient du texte ou des valeurs non numériques")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(pd.DataFrame({"clics": [1]}), 10)
    assert_message(err.value, "Avec un DataFrame, passez-le en « donnees= » et nommez les colonnes")


# --- shares and ESOV ------------------------------------------------------------------------------


def test_share_arguments_are_named_in_errors():
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix="A", part_marche=10.0)
    assert_message(err.value, "« part_voix » vaut le texte 'A' : donnez un nombre (ou le DataFrame en "
                              "« donnees= » si c'est un nom de colonne).")
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix=10.0, part_marche=[10.0, 20.0])
    assert_message(err.value, "« part_marche » : passez un nombre (en %) ou une Series indexée par "
                              "marque, pas une liste sans étiquettes.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix=pd.Series([], dtype=float), part_marche=10.0)
    assert_message(err.value, "« part_voix » est vide.")
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix={"A": "beaucoup"}, part_marche=10.0)
    assert_message(err.value, "« part_voix » contient du texte")
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix={"A": True, "B": False}, part_marche=10.0)
    assert_message(err.value, "« part_voix » contient des booléens (vrai/faux), pas des nombres")


def test_esov_of_two_dicts_keeps_the_brands():
    out = m.exces_part_de_voix(part_voix={"A": 60.0, "B": 40.0}, part_marche={"B": 30.0, "A": 70.0})
    assert out.to_dict() == {"A": -10.0, "B": 10.0}
    assert out.name == "esov_points"


# --- share of voice --------------------------------------------------------------------------------


def test_share_of_voice_is_sorted_largest_first_ties_alphabetical():
    brands = ["C"] * 3 + ["B"] * 5 + ["A"] * 3 + ["D"]
    out = m.part_de_voix(pd.DataFrame({"marque": brands}))
    assert list(out.index) == ["B", "A", "C", "D"]
    assert out.tolist() == pytest.approx([500 / 12, 300 / 12, 300 / 12, 100 / 12])
    assert out.name == "part_de_voix_pct" and out.index.name == "marque"
    many = [f"m{i:02d}" for i in range(40)]
    tied = m.part_de_voix(pd.Series(many[::-1], name="source"))
    assert list(tied.index) == many and tied.index.name == "source"


def test_share_of_voice_index_name_from_the_input():
    df = pd.DataFrame({"reseau": ["x", "y", "y"], "portee": [1.0, 1.0, 2.0]})
    assert m.part_de_voix(df, par="reseau").index.name == "reseau"
    assert m.part_de_voix(df, par="reseau", poids="portee").to_dict() == {"y": 75.0, "x": 25.0}
    vols = pd.Series([30.0, 10.0], index=pd.Index(["p", "q"], name="marque_x"))
    assert m.part_de_voix(vols).index.name == "marque_x"
    assert m.part_de_voix(pd.Series(["a", "b", "a"])).index.name == "marque"  # unnamed column
    assert m.part_de_voix(pd.Series(["a", "b"], name=3)).index.name == "marque"
    assert m.part_de_voix({"a": 1, "b": 3}).to_dict() == {"b": 75.0, "a": 25.0}


def test_categorical_brands_leave_out_unused_categories():
    cat = pd.Categorical(["A", "B", "A"], categories=["A", "B", "Z"])
    assert list(m.part_de_voix(pd.DataFrame({"marque": cat})).index) == ["A", "B"]
    assert list(m.part_de_voix(pd.Series(cat)).index) == ["A", "B"]
    weighted = m.part_de_voix(pd.DataFrame({"marque": cat, "portee": [1.0, 2.0, 1.0]}), poids="portee")
    assert weighted.to_dict() == {"A": 50.0, "B": 50.0}


def test_volumes_by_brand_in_text_or_numbers():
    as_text = pd.Series(["30", "10"], index=["p", "q"])
    assert m.part_de_voix(as_text).to_dict() == {"p": 75.0, "q": 25.0}
    mixed = pd.Series(["30", "beaucoup"], index=["p", "q"])
    assert m.part_de_voix(mixed).to_dict() == {"30": 50.0, "beaucoup": 50.0}  # read as labels
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix({"p": 3, "q": -1})
    assert_message(err.value, "« volume » contient une valeur négative (−1)")
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix({"p": "x"})
    assert_message(err.value, "« volume » contient du texte")
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix(pd.Series([True, False, True], index=[5, 6, 7]))
    assert_message(err.value, "« volume » contient des booléens (vrai/faux), pas des nombres")
    labels = m.part_de_voix(pd.Series([True, False, True]))  # a column of labels, one per mention
    assert labels.to_dict() == pytest.approx({True: 200 / 3, False: 100 / 3})


def test_share_of_voice_errors_in_french():
    df = pd.DataFrame({"marque": ["a"], "portee": [1.0]})
    cases = [
        (lambda: m.part_de_voix(df, par=3), "« par » doit être un nom de colonne (texte), et non 3."),
        (lambda: m.part_de_voix(df, poids=1), "« poids » doit être un nom de colonne (texte), et non int."),
        (lambda: m.part_de_voix(df, par="marqe"), "Colonne « marqe » absente."),
        (lambda: m.part_de_voix(df, poids="portée"), "Colonne « portée » absente."),
        (lambda: m.part_de_voix(df.iloc[:0]), "Part de voix incalculable : le DataFrame est vide."),
        (lambda: m.part_de_voix(pd.Series({"a": 1}), poids="portee"),
         "« poids » ne s'utilise qu'avec un DataFrame de mentions."),
        (lambda: m.part_de_voix({}), "Part de voix incalculable : aucune donnée."),
        (lambda: m.part_de_voix(42), "« donnees » doit être un DataFrame (une ligne par mention), la colonne "
                                     "des marques ou une Series de volumes par marque."),
        (lambda: m.part_de_voix({"a": 0, "b": 0}), "Part de voix incalculable : le volume total est nul."),
        (lambda: m.part_de_voix(pd.DataFrame({"marque": ["a"], "portee": [-2.0]}), poids="portee"),
         "« portee » contient une valeur négative"),
    ]
    for call, words in cases:
        with pytest.raises(ArgumentInvalideError) as err:
            call()
        assert_message(err.value, words)
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix(df, par="marqe")
    assert_message(err.value, "Vouliez-vous dire « marque »")
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix(df, poids="portée")
    assert "« portee »" in normalise(str(err.value))


# --- excess share of voice ---------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [{"part_voix": 10.0}, {"part_marche": 10.0}, {}])
def test_esov_needs_both_shares_by_name(kwargs):
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(**kwargs)
    assert normalise(str(err.value)).startswith("Nommez les deux parts")
    assert_message(err.value, "Nommez les deux parts : exces_part_de_voix(part_voix=..., part_marche=...).",
                   "Les passer dans l'ordre inverse changerait le signe de l'ESOV sans prévenir.")
    with pytest.raises(ArgumentInvalideError):
        m.exces_part_de_voix(10.0, part_voix=10.0, part_marche=5.0)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"part_voix": 100.5, "part_marche": 10.0}, "part_voix"),
    ({"part_voix": 10.0, "part_marche": -0.5}, "part_marche"),
    ({"part_voix": pd.Series({"A": np.nan, "B": -1.0}), "part_marche": 10.0}, "part_voix"),
    ({"part_voix": 10.0, "part_marche": pd.Series({"A": 101.0, "B": np.nan})}, "part_marche"),
])
def test_esov_shares_must_be_percentages(kwargs, name):
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(**kwargs)
    assert_message(err.value, f"« {name} » doit être une part en %, entre 0 et 100.")


def test_esov_accepts_the_bounds_and_missing_values():
    assert m.exces_part_de_voix(part_voix=100.0, part_marche=0.0) == 100.0
    out = m.exces_part_de_voix(part_voix=pd.Series({"A": np.nan, "B": 30.0}),
                               part_marche=pd.Series({"A": 10.0, "B": 20.0}))
    assert np.isnan(out["A"]) and out["B"] == 10.0


@pytest.mark.parametrize(("voix", "marche"), [
    ({"A": 1.0, "B": 0.0}, {"A": 60.0, "B": 40.0}),   # proportions (max exactly 1) vs %
    ({"A": 60.0, "B": 40.0}, {"A": 1.0, "B": 0.0}),
    ({"A": 1.5, "B": 0.5}, {"A": 0.6, "B": 0.4}),     # small % (max below 2) vs proportions
    ({"A": 0.6, "B": 0.4}, {"A": 1.5, "B": 0.5}),
])
def test_esov_refuses_a_proportion_against_a_percentage(voix, marche):
    with pytest.raises(ArgumentInvalideError) as err:
        m.exces_part_de_voix(part_voix=pd.Series(voix), part_marche=pd.Series(marche))
    assert_message(err.value, "Unités incohérentes : une des deux parts semble en proportion (0–1) et "
                              "l'autre en pourcentage.",
                   "Exprimez les deux en % (multipliez les proportions par 100).")


def test_esov_of_a_single_brand_cannot_judge_units():
    for voix, marche in (({"A": 0.5}, {"A": 40.0, "B": 60.0}), ({"A": 40.0, "B": 60.0}, {"B": 0.5})):
        a, b = pd.Series(voix), pd.Series(marche)
        if len(a) != len(b):
            with pytest.raises(ArgumentInvalideError) as err:
                m.exces_part_de_voix(part_voix=a, part_marche=b)
            assert_message(err.value, "« part_voix » et « part_marche » ne portent pas sur les mêmes étiquettes")
    out = m.exces_part_de_voix(part_voix=pd.Series({"A": 0.5}), part_marche=pd.Series({"A": 40.0}))
    assert out.to_dict() == {"A": -39.5}


def test_esov_with_a_series_and_a_number_either_way():
    s = pd.Series({"A": 60.0, "B": 40.0})
    left = m.exces_part_de_voix(part_voix=s, part_marche=50.0)
    right = m.exces_part_de_voix(part_voix=50.0, part_marche=s)
    assert left.to_dict() == {"A": 10.0, "B": -10.0} and left.name == "esov_points"
    assert right.to_dict() == {"A": -10.0, "B": 10.0} and right.name == "esov_points"


# --- engagement rate ---------------------------------------------------------------------------------


def test_engagement_rate_lists_the_bases_when_none_is_given():
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(45, 1500)
    options = " ; ".join(f'base="{k}" ({v})' for k, v in m.BASES_ENGAGEMENT.items())
    assert_message(err.value, "Précisez la base du taux d'engagement, elle n'est jamais devinée : "
                   + options + ".")
    assert normalise(str(err.value)).endswith(normalise(options + "."))


def test_engagement_rate_with_a_dataframe():
    df = pd.DataFrame({"interactions": [45.0, 10.0], "abonnes": [1500.0, 0.0]})
    assert m.taux_engagement(df, base="abonnes").tolist()[0] == 3.0
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(df, df["abonnes"], base="abonnes")
    assert_message(err.value, "Avec un DataFrame, ne passez pas « denominateur » : la colonne « abonnes » "
                              "est utilisée (ou passez le DataFrame en « donnees= »).")
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(pd.DataFrame({"interactions": [1.0]}), base="vues")
    assert_message(err.value, "Colonne « vues » absente du DataFrame (argument « vues »).")
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(pd.DataFrame({"interactions": [-1.0], "vues": [3.0]}), base="vues")
    assert_message(err.value, "« interactions » contient une valeur négative")
    named = m.taux_engagement("interactions", "abonnes", base="abonnes", donnees=df)
    assert named.tolist()[0] == 3.0


def test_engagement_rate_errors_name_the_base():
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(5, -10, base="portee")
    assert_message(err.value, "« portee » contient une valeur négative")
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(-5, 10, base="portee")
    assert_message(err.value, "« interactions » contient une valeur négative")
    with pytest.raises(ArgumentInvalideError) as err:
        m.taux_engagement(5, base="vues")
    assert_message(err.value, "Donnez le dénominateur (valeurs de « vues ») : "
                              "taux_engagement(interactions, vues, base=\"vues\").")


def test_nps_without_answers_has_every_field_not_a_number():
    r = _nps([None, "NSP"])
    assert set(r) == {"score", "promoteurs_pct", "passifs_pct", "detracteurs_pct", "n", "se", "ic95",
                      "methode"}
    assert r.n == 0 and r.methode == m.METHODE_IC_NPS
    for key in ("score", "promoteurs_pct", "passifs_pct", "detracteurs_pct", "se"):
        assert isinstance(r[key], float) and np.isnan(r[key]), key
    assert isinstance(r.ic95, tuple) and len(r.ic95) == 2 and all(np.isnan(v) for v in r.ic95)


def test_small_sample_warning_says_what_to_do():
    with pytest.warns(m.MetriqueAvertissement) as caught:
        m.nps([9, 10, 3])
    assert_message(caught[0].message, "Petit échantillon : n = 3 réponses (moins de 30).",
                   "Le NPS est très incertain ; lisez son intervalle de confiance et regroupez des "
                   "catégories si possible.")


def test_every_bad_answer_is_counted_whatever_follows():
    with pytest.raises(ArgumentInvalideError) as err:
        m.nps([object, 11, [1], 12])
    assert normalise(str(err.value)).startswith("4 réponse(s) ne sont pas des notes entières")
    # a NaN that is not a Python float (numpy float32) is a non-answer too, wherever it is
    assert _nps([np.float32("nan"), 10, 0]).n == 2


def test_numeric_series_with_positions_are_volumes():
    assert m.part_de_voix(pd.Series([30.0, 10.0])).to_dict() == {0: 75.0, 1: 25.0}
    with pytest.raises(ArgumentInvalideError) as err:
        m.part_de_voix({"a": True, "b": False})
    assert_message(err.value, "« volume » contient des booléens (vrai/faux), pas des nombres")


# --- French errors of the shared input checks (whole sentences, spaces normalised) -----------------

ERRORS = [
    (lambda: m.ctr(3, pd.DataFrame({"a": [1]})),
     "« impressions » reçoit un DataFrame entier : passez une colonne (df[\"impressions\"]), ou le "
     "DataFrame en « donnees= » avec les noms de colonnes."),
    (lambda: m.cpa(None, 3), "« cout » est vide (None) : donnez un nombre ou une série de nombres."),
    (lambda: m.ctr(1j, 10), "« clics » vaut 1j : donnez un nombre."),
    (lambda: m.roas({"a": 1}, 2),
     "« valeur » est un dictionnaire : passez une Series (pd.Series(d)) pour garder les étiquettes."),
    (lambda: m.ctr([1, True], [1, 2]),
     "« clics » contient des booléens (vrai/faux), pas des nombres : passez des quantités."),
    (lambda: m.ctr(np.array([True, False]), [1, 2]),
     "« clics » contient des booléens (vrai/faux), pas des nombres : passez des quantités."),
    (lambda: m.cpc(["a", "b", 1.0, "c", "d", "e"], [1, 1, 1, 1, 1, 1]),
     "« cout » contient des valeurs non numériques (« a », « b », « c », « d » … (5 en tout)) : "
     "passez une liste, un tableau ou une Series de nombres."),
    (lambda: m.frequence(np.zeros((2, 2)), 1),
     "« impressions » a 2 dimensions : passez une seule série de nombres."),
    (lambda: m.ctr(pd.Series([True, False]), 10),
     "« clics » contient des booléens (vrai/faux), pas des nombres : passez la colonne des quantités, "
     "ou convertissez-la avec .astype(int) si c'est voulu."),
    (lambda: m.ctr(pd.Series(pd.Categorical([1, 2])), 10),
     "« clics » est une colonne de catégories, pas de nombres : convertissez-la avec "
     "pd.to_numeric(col.astype(str)) ou choisissez une colonne de quantités."),
    (lambda: m.cpc(-2.5, 1), "« cout » contient une valeur négative (−2,5) : un nombre ou un coût ne peut "
                             "pas être négatif. Vérifiez le signe ou filtrez ces lignes."),
    (lambda: m.ctr(pd.Series([1, 2], index=["a", "a"]), pd.Series([1, 2], index=["a", "b"])),
     "« clics » et « impressions » n'ont pas les mêmes étiquettes et l'une des deux en a en double : "
     "impossible de les apparier. Agrégez d'abord (groupby(...).sum()) ou passez le DataFrame en "
     "« donnees= »."),
    (lambda: m.ctr(pd.Series([1, 2, 3], index=["z", "k", "y"]), pd.Series([1, 2, 3], index=["k", "x", "w"])),
     "« clics » et « impressions » ne portent pas sur les mêmes étiquettes (absentes de « impressions » : "
     "« z », « y » ; absentes de « clics » : « x », « w »). Vérifiez l'orthographe ou filtrez les deux "
     "séries de la même façon."),
]


@pytest.mark.parametrize(("call", "message"), ERRORS)
def test_input_errors_are_whole_french_sentences(call, message):
    with pytest.raises(ArgumentInvalideError) as err:
        call()
    assert normalise(str(err.value)) == normalise(message)


def test_label_lists_are_cut_only_above_the_limit():
    six = [f"m{i}" for i in range(6)]
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(pd.Series(1.0, index=six), pd.Series(1.0, index=[f"n{i}" for i in range(6)]))
    assert "en tout" not in str(err.value) and "« m5 »" in normalise(str(err.value))


def test_same_labels_even_duplicated_need_no_alignment():
    idx = ["a", "a", "b"]
    out = m.ctr(pd.Series([1.0, 2.0, 3.0], index=idx), pd.Series([10.0, 10.0, 10.0], index=idx))
    assert out.tolist() == pytest.approx([10.0, 20.0, 30.0]) and list(out.index) == idx


def test_nullable_integer_columns_with_missing_values():
    clics = pd.Series([1, None, 3], dtype="Int64")
    out = m.ctr(clics, pd.Series([10, 10, 10]))
    assert out.iloc[0] == 10.0 and np.isnan(out.iloc[1]) and out.iloc[2] == 30.0
    assert m.part_de_voix(pd.Series([3, None, 1], dtype="Int64", index=["a", "b", "c"])).to_dict() \
        == pytest.approx({"a": 75.0, "c": 25.0, "b": np.nan}, nan_ok=True)


def test_text_in_a_series_lists_only_the_bad_values():
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(pd.Series(["a", 1.0, "b", "c", "d", "e"]), 10)
    assert_message(err.value, "« clics » contient du texte ou des valeurs non numériques "
                              "(« a », « b », « c », « d » … (5 en tout))")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(pd.Series(["a", 1.0]), 10)
    assert_message(err.value, "valeurs non numériques (« a »)")
    with pytest.raises(ArgumentInvalideError) as err:
        m.ctr(pd.Series([True, 2], dtype=object), 10)
    assert_message(err.value, "valeurs non numériques (« True », « 2 »)")


def test_text_in_a_series_error_says_how_to_clean():
    with pytest.raises(ArgumentInvalideError) as err:
        m.cpc(pd.Series(["12 €", 3.0]), 10)
    assert normalise(str(err.value)) == normalise(
        "« cout » contient du texte ou des valeurs non numériques (« 12 € ») : passez une colonne de "
        "nombres, ou nettoyez-la avec pd.to_numeric(col, errors=\"coerce\").")
