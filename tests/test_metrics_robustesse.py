"""Metrics never give a silent wrong number: label alignment, dtypes, honest NPS interval.

Each test here reproduces a defect measured in issue 11 (it failed on the old code).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit import metrics as m
from casekit.errors import ArgumentInvalideError, CasekitError

CANAUX = ["whatsapp", "tiktok", "instagram", "newsletter"]


def _clics_impressions():
    clics = pd.Series([119.0, 40.0, 300.0, 55.0], index=CANAUX)
    impressions = pd.Series([2000.0, 8000.0, 10000.0, 1100.0], index=CANAUX)
    return clics, impressions


# --- label alignment ---------------------------------------------------------------------------


@pytest.mark.parametrize("func,scale", [(m.ctr, 100), (m.cpc, 1), (m.cpa, 1), (m.roas, 1),
                                        (m.cpm, 1000), (m.taux_conversion, 100), (m.frequence, 1)])
def test_ratio_aligns_sorted_series_on_labels(func, scale):
    a, b = _clics_impressions()
    expected = scale * a / b
    got = func(a.sort_values(), b)  # sorted numerator, unsorted denominator
    assert isinstance(got, pd.Series)
    pd.testing.assert_series_equal(got.reindex(expected.index), expected, check_names=False)
    # whatsapp is 119 / 2000, not divided by whatever sits at its position
    assert got["whatsapp"] == pytest.approx(scale * 119 / 2000)


def test_engagement_rate_aligns_on_brand():
    inter = pd.Series({"A": 21.0, "B": 900.0})
    abonnes = pd.Series({"B": 1200.0, "A": 10000.0})
    out = m.taux_engagement(inter, abonnes, base="abonnes")
    assert out["A"] == pytest.approx(0.21) and out["B"] == pytest.approx(75.0)


def test_partly_overlapping_labels_name_the_missing_ones():
    a = pd.Series({"whatsapp": 1.0, "tiktok": 2.0, "snapchat": 3.0})
    b = pd.Series({"whatsapp": 10.0, "tiktok": 20.0, "linkedin": 30.0})
    with pytest.raises(ArgumentInvalideError) as exc:
        m.ctr(a, b)
    msg = str(exc.value)
    assert "snapchat" in msg and "linkedin" in msg and "absentes" in msg
    assert "«\u00a0clics\u00a0»" in msg and "«\u00a0impressions\u00a0»" in msg


def test_duplicated_labels_are_refused_when_orders_differ():
    a = pd.Series([1.0, 2.0], index=["x", "x"])
    b = pd.Series([10.0, 20.0], index=["y", "x"])
    with pytest.raises(ArgumentInvalideError, match="double"):
        m.ctr(a, b)


def test_dataframe_with_column_names_always_accepted():
    df = pd.DataFrame({"canal": CANAUX, "depense_eur": [10.0, 20.0, 30.0, 0.0],
                       "conversions": [2, 0, 3, 1], "clics": [5, 10, 30, 1],
                       "impressions": [100, 1000, 600, 10]})
    assert m.cpa("depense_eur", "conversions", donnees=df).iloc[0] == 5.0
    assert m.ctr(donnees=df).tolist() == pytest.approx([5.0, 1.0, 5.0, 10.0])
    assert m.ctr(df).tolist() == pytest.approx([5.0, 1.0, 5.0, 10.0])
    with pytest.raises(ArgumentInvalideError, match="Colonne «\u00a0cout\u00a0» absente"):
        m.cpc(donnees=df)
    with pytest.raises(ArgumentInvalideError, match="donnees="):
        m.ctr("clics", "impressions")


def test_series_and_scalar_mix():
    s = pd.Series({"a": 10.0, "b": 0.5})
    assert m.roas(s, 0.5).to_dict() == {"a": 20.0, "b": 1.0}
    assert m.cpc(3.0, s).to_dict() == {"a": 0.3, "b": 6.0}


# --- fractional and unit denominators (issue 13) ------------------------------------------------


def test_fractional_and_unit_denominators():
    assert m.roas(3.0, 0.5) == 6.0
    assert m.roas(3.0, 1.0) == 3.0
    assert m.cpc(2.0, 1) == 2.0
    assert math.isnan(m.cpc(2.0, 0))


# --- dtypes ------------------------------------------------------------------------------------


def test_boolean_column_is_not_an_nps():
    with pytest.raises(ArgumentInvalideError, match="booléens"):
        m.nps(pd.Series([True, False, True]))
    with pytest.raises(ArgumentInvalideError, match="notes entières de 0 à 10"):
        m.nps([True, 10, 9])


def test_text_in_a_series_is_an_error_not_nan():
    with pytest.raises(ArgumentInvalideError) as exc:
        m.ctr(pd.Series(["12", "beaucoup"]), pd.Series([100, 100]))
    assert "beaucoup" in str(exc.value) and "texte" in str(exc.value)


@pytest.mark.parametrize("bad", [pd.Series([True, False]), pd.Series(["a", "b"], dtype="category")])
def test_boolean_and_category_counts_rejected(bad):
    with pytest.raises(ArgumentInvalideError, match=r"booléens|catégories"):
        m.ctr(bad, pd.Series([10, 10]))


def test_text_weight_gives_error_not_zero_share():
    df = pd.DataFrame({"marque": ["A", "B"], "portee": ["beaucoup", "peu"]})
    with pytest.raises(ArgumentInvalideError, match="portee"):
        m.part_de_voix(df, poids="portee")


def test_share_of_voice_of_the_brand_column_alone():
    mentions = pd.DataFrame({"marque": ["A", "B", "A", "C"]})
    assert m.part_de_voix(mentions["marque"]).to_dict() == {"A": 50.0, "B": 25.0, "C": 25.0}


def test_share_of_voice_single_mention_and_categorical_brand():
    assert m.part_de_voix(pd.DataFrame({"marque": ["Seule"]})).to_dict() == {"Seule": 100.0}
    cat = pd.DataFrame({"marque": pd.Categorical(["A", "B", "B"], categories=["A", "B", "Z"])})
    out = m.part_de_voix(cat)
    assert out.to_dict() == pytest.approx({"B": 200 / 3, "A": 100 / 3})


def test_penetration_exactly_100_and_above():
    assert m.taux_penetration(500, 500) == 100.0
    with pytest.raises(ArgumentInvalideError, match="dépasser"):
        m.taux_penetration(501, 500)


# --- ESOV ---------------------------------------------------------------------------------------


def test_esov_needs_named_arguments():
    with pytest.raises(ArgumentInvalideError, match=r"part_voix=.*part_marche="):
        m.exces_part_de_voix(18.0, 12.0)
    assert m.exces_part_de_voix(part_marche=12.0, part_voix=18.0) == 6.0


def test_esov_brands_spelled_differently_named_in_error():
    sov = pd.Series({"Rayons Libres": 40.0, "Vélocité": 60.0})
    som = pd.Series({"rayons_libres": 30.0, "Vélocité": 70.0})
    with pytest.raises(ArgumentInvalideError) as exc:
        m.exces_part_de_voix(part_voix=sov, part_marche=som)
    assert "Rayons Libres" in str(exc.value) and "rayons_libres" in str(exc.value)


def test_esov_aligns_and_mixes_series_and_scalar():
    sov = pd.Series({"A": 60.0, "B": 40.0})
    som = pd.Series({"B": 55.0, "A": 45.0})
    assert m.exces_part_de_voix(part_voix=sov, part_marche=som).to_dict() == {"A": 15.0, "B": -15.0}
    assert m.exces_part_de_voix(part_voix=sov, part_marche=50.0).to_dict() == {"A": 10.0, "B": -10.0}
    assert m.exces_part_de_voix(part_voix=30.0, part_marche=som).to_dict() == {"B": -25.0, "A": -15.0}
    with pytest.raises(ArgumentInvalideError, match="entre 0 et 100"):
        m.exces_part_de_voix(part_voix=130.0, part_marche=10.0)


# --- NPS display and clip ------------------------------------------------------------------------


def test_nps_clip_at_100_is_active():
    # raw adjusted interval of [10, 0]: s = 0, se' = sqrt(0.3/5) * t(1) = 3.1 -> clipped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = m.nps([10, 0])
    assert r.ic95 == (-100.0, 100.0)


def test_nps_non_answers_anywhere_in_the_list():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = m.nps([None, 10, "NSP", 9, 0])
    assert r.n == 3


def test_nps_negative_repr_has_a_single_sign():
    answers = [0] * 30 + [10] * 10
    r = m.nps(answers)
    text = repr(r)
    assert text.startswith("NPS = −50,0 (IC à 95\u202f%")
    assert "+−" not in text and "+" not in text.split("(")[0]
    html = r._repr_html_()
    assert "<th scope=\"row\">NPS</th><td>−50,0</td>" in html
    assert "Petit échantillon" not in html


def test_nps_warns_below_30_answers():
    with pytest.warns(m.MetriqueAvertissement, match="Petit échantillon\u00a0: n = 29"):
        m.nps([9] * 29)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.nps([9] * 30)


def test_nps_interval_never_zero_width():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for answers in ([10], [10, 10, 10], [0, 0, 0], [8] * 5):
            lo, hi = m.nps(answers).ic95
            assert hi - lo > 10.0


# --- coverage by simulation ---------------------------------------------------------------------

TRUE_MIXES = [(0.50, 0.20), (0.30, 0.30), (0.20, 0.55), (0.70, 0.10), (0.10, 0.05), (0.05, 0.80)]


@pytest.mark.parametrize("n", [10, 30, 100, 1000])
def test_nps_interval_coverage_by_simulation(n):
    rng = np.random.default_rng(20261130 + n)
    reps = 4000
    for p, d in TRUE_MIXES:
        draws = rng.multinomial(n, [p, d, 1 - p - d], size=reps)
        lo, hi = m.intervalle_nps(draws[:, 0], draws[:, 1], n)
        truth = 100 * (p - d)
        coverage = np.mean((lo <= truth) & (truth <= hi))
        assert coverage >= 0.93, (n, p, d, coverage)
        assert np.all(hi > lo)


def test_t_quantile_matches_known_values():
    # Student t 97.5 % quantiles from tables: df 1, 2, 5, 10, 30, 1000
    for df, q in [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042), (1000, 1.962)]:
        assert m._t975(df) == pytest.approx(q, abs=5e-3)


# --- every public metric refuses a wrong type with a French casekit error ------------------------


@pytest.mark.parametrize("call", [
    lambda: m.nps({"a": 1}),
    lambda: m.csat("cinq", echelle="5"),
    lambda: m.ctr(object(), 10),
    lambda: m.cpc([1, "x"], [1, 2]),
    lambda: m.cpm(True, 10),
    lambda: m.cpa(None, 3),
    lambda: m.roas({"a": 1}, 2),
    lambda: m.frequence(np.zeros((2, 2)), 1),
    lambda: m.taux_conversion("3", 10),
    lambda: m.taux_penetration(pd.DataFrame({"a": [1]}), 3),
    lambda: m.taux_engagement(1, 2, base=3),
    lambda: m.part_de_voix(42),
    lambda: m.exces_part_de_voix(part_voix="A", part_marche=2),
])
def test_wrong_type_is_a_french_casekit_error(call):
    with pytest.raises(CasekitError) as exc:
        call()
    msg = str(exc.value)
    assert any(w in msg for w in (" doit ", " est ", " contient ", " vaut ", "Passez", "passez",
                                  "inconnue", "Nommez", "Donnez"))


def test_csat_threshold_boundaries():
    # seuil=1 counts every valid answer; seuil=echelle only the top answer
    assert m.csat([1, 2, 5], seuil=1) == 100.0
    assert m.csat([4, 5, 5, 1], seuil=5) == 50.0
    with pytest.raises(ArgumentInvalideError, match="«\u00a0seuil\u00a0» doit être entre 1 et 5"):
        m.csat([3], seuil=0)
    with pytest.raises(ArgumentInvalideError, match="entier"):
        m.csat([3], seuil=4.5)
