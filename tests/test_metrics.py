"""Metrics against hand-computed values (worked out in the comments)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit import metrics as m
from casekit.errors import ArgumentInvalideError


def test_nps_reference_example_from_research_notes():
    # p = 0.5, d = 1/6, n = 400: NPS = 33.33, var = 0.5 + 1/6 - (1/3)^2 = 0.5556,
    # SE = 100 * sqrt(0.5556 / 400) = 3.727, CI = 33.33 +- 7.30
    answers = [10] * 200 + [8] * 133 + [2] * 67
    r = m.nps(answers)
    assert r.n == 400
    assert r.promoteurs_pct == pytest.approx(50.0)
    assert r.detracteurs_pct == pytest.approx(16.75)
    assert r.passifs_pct == pytest.approx(33.25)
    assert r.score == pytest.approx(33.25)
    # p=0.5, d=0.1675: var = 0.6675 - 0.3325**2 = 0.55694; SE = 100*sqrt(0.55694/400) = 3.7314
    assert r.se == pytest.approx(3.7314, abs=1e-4)
    # adjusted Wald (Rocks 2016): P = 200.75/403, D = 67.75/403, n' = 403;
    # s = 0.33002, var = 0.66625 - 0.10891 = 0.55734, se' = sqrt(0.55734/403) = 0.037188,
    # t(0.975, 399) = 1.96595 -> 33.00 +- 7.311
    assert r.ic95[0] == pytest.approx(33.002 - 7.311, abs=2e-2)
    assert r.ic95[1] == pytest.approx(33.002 + 7.311, abs=2e-2)


def test_nps_small_by_hand_and_exclusions():
    # valid: 10, 9, 7, 6, 0 -> p = 2/5, d = 2/5, NPS = 0; var = 0.8 - 0 = 0.8, SE = 100*sqrt(0.16) = 40
    with pytest.warns(m.MetriqueAvertissement, match="Petit échantillon"):
        r = m.nps([10, "9", 7, 6, 0, "NSP", "ne sait pas", " nsp ", "", None, np.nan, pd.NA])
    assert r.n == 5
    assert r.score == pytest.approx(0.0)
    assert r.se == pytest.approx(40.0)
    # adjusted: p' = d' = 2.75/8, s = 0, var = 0.6875, se' = sqrt(0.6875/8) = 0.29315,
    # t(0.975, 4) = 2.7764 -> +- 81.39
    assert r.ic95 == pytest.approx((-81.39, 81.39), abs=0.05)


def test_nps_classes_boundaries():
    # 6 is a detractor, 7 and 8 passives, 9 a promoter
    r = m.nps(pd.Series([6, 7, 8, 9]))
    assert (r.detracteurs_pct, r.passifs_pct, r.promoteurs_pct) == (25.0, 50.0, 25.0)


def test_nps_all_promoters():
    with pytest.warns(m.MetriqueAvertissement):
        r = m.nps([9, 10, 10])
    assert r.score == 100.0
    assert r.se == 0.0
    # the interval never has zero width: p' = 3.75/6, d' = 0.75/6 -> s = 0.5
    assert r.ic95[1] == 100.0 and r.ic95[0] < 50.0


def test_nps_all_detractors_ci_clipped():
    with pytest.warns(m.MetriqueAvertissement):
        r = m.nps([0, 1])
    assert r.score == -100.0
    assert r.ic95[0] == -100.0 and -100.0 < r.ic95[1] <= 100.0


def test_nps_n_zero_is_nan_with_french_warning():
    with pytest.warns(m.MetriqueAvertissement, match="aucune réponse valide"):
        r = m.nps(["NSP", None, ""])
    assert r.n == 0
    assert math.isnan(r.score) and math.isnan(r.se)


@pytest.mark.parametrize("bad", [[11], [-1], [7.5], ["beaucoup"]])
def test_nps_bad_values_french_error(bad):
    with pytest.raises(ArgumentInvalideError, match="notes entières de 0 à 10"):
        m.nps(bad)


def test_nps_rejects_dataframe():
    with pytest.raises(ArgumentInvalideError, match="une seule colonne"):
        m.nps(pd.DataFrame({"a": [1]}))


def test_csat():
    # satisfied (4-5) among 1..5: 5, 4 out of {5, 4, 3, 2} -> 50 %
    assert m.csat([5, 4, 3, 2, "NSP"]) == 50.0
    assert m.csat([5, 5, 1], seuil=5) == pytest.approx(200 / 3)
    with pytest.warns(m.MetriqueAvertissement):
        assert math.isnan(m.csat([]))
    with pytest.raises(ArgumentInvalideError):
        m.csat([6])
    with pytest.raises(ArgumentInvalideError, match="seuil"):
        m.csat([3], seuil=9)


def test_engagement_rate_needs_named_base():
    with pytest.raises(ArgumentInvalideError) as exc:
        m.taux_engagement(10, 100)
    msg = str(exc.value)
    for option in ("portee", "impressions", "abonnes", "vues"):
        assert option in msg
    with pytest.raises(ArgumentInvalideError, match="Vouliez-vous dire «\u00a0portee\u00a0»"):
        m.taux_engagement(10, 100, base="portée")


def test_engagement_rate_values():
    # 30 interactions / 1200 reach = 2.5 %
    assert m.taux_engagement(30, 1200, base="portee") == 2.5
    s = m.taux_engagement(pd.Series([5, 0, 8]), pd.Series([100, 0, 400]), base="impressions")
    assert s.iloc[0] == 5.0 and math.isnan(s.iloc[1]) and s.iloc[2] == 2.0
    df = pd.DataFrame({"interactions": [12, 3], "abonnes": [400, 0]})
    out = m.taux_engagement(df, base="abonnes")
    assert out.iloc[0] == 3.0 and math.isnan(out.iloc[1])
    with pytest.raises(ArgumentInvalideError, match="Colonne «\u00a0vues\u00a0» absente"):
        m.taux_engagement(df, base="vues")


def test_zero_impressions_is_nan_not_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(m.ctr(5, 0))
        assert math.isnan(m.cpm(10.0, 0))
        assert math.isnan(m.cpc(10.0, 0))
        assert math.isnan(m.cpa(10.0, 0))
        assert math.isnan(m.frequence(10, 0))
        arr = m.ctr([1, 2], [0, 50])
    assert math.isnan(arr[0]) and arr[1] == 4.0


def test_ad_metrics_by_hand():
    # 12 000 impressions, 4 000 reach, 180 clicks, 9 conversions, 90 EUR spent, 630 EUR sales
    assert m.ctr(180, 12000) == pytest.approx(1.5)
    assert m.cpc(90.0, 180) == pytest.approx(0.5)
    assert m.cpm(90.0, 12000) == pytest.approx(7.5)
    assert m.cpa(90.0, 9) == pytest.approx(10.0)
    assert m.taux_conversion(9, 180) == pytest.approx(5.0)
    assert m.roas(630.0, 90.0) == pytest.approx(7.0)
    assert m.frequence(12000, 4000) == pytest.approx(3.0)


def test_series_keeps_index_and_negative_rejected():
    s = m.ctr(pd.Series([1, 2], index=["a", "b"]), pd.Series([100, 100], index=["a", "b"]))
    assert list(s.index) == ["a", "b"]
    with pytest.raises(ArgumentInvalideError, match="négative"):
        m.cpc(-1.0, 10)
    with pytest.raises(ArgumentInvalideError, match="même longueur"):
        m.ctr([1, 2, 3], [10, 10])


def test_penetration():
    # 1 500 customers aged 60+ among 60 000 people aged 60+ in the zone: 2.5 %
    assert m.taux_penetration(1500, 60000) == 2.5
    with pytest.raises(ArgumentInvalideError, match="dépasser"):
        m.taux_penetration(10, 5)


def test_share_of_voice_volume_and_reach():
    df = pd.DataFrame({"marque": ["X", "X", "X", "Y"], "portee": [100, 100, 100, 700]})
    # volume: X 3/4, Y 1/4 ; by reach: X 300/1000, Y 700/1000
    assert m.part_de_voix(df).to_dict() == {"X": 75.0, "Y": 25.0}
    assert m.part_de_voix(df, poids="portee").to_dict() == {"Y": 70.0, "X": 30.0}
    assert m.part_de_voix({"a": 1, "b": 3}).to_dict() == {"b": 75.0, "a": 25.0}
    with pytest.raises(ArgumentInvalideError, match="volume total est nul"):
        m.part_de_voix({"a": 0})
    with pytest.raises(ArgumentInvalideError, match="absente"):
        m.part_de_voix(df, par="brand")


def test_excess_share_of_voice():
    sov = m.part_de_voix(pd.Series({"A": 30.0, "B": 70.0}))
    esov = m.exces_part_de_voix(part_voix=sov, part_marche=pd.Series({"A": 20.0, "B": 80.0}))
    assert esov["A"] == pytest.approx(10.0) and esov["B"] == pytest.approx(-10.0)
    with pytest.raises(ArgumentInvalideError, match="Unités incohérentes"):
        m.exces_part_de_voix(part_voix=sov, part_marche=pd.Series({"A": 0.2, "B": 0.8}))


def test_analysis_modules_import_light():
    # importing the analysis helpers must not pull scikit-learn or matplotlib
    import subprocess
    import sys

    code = (
        "import sys, casekit.metrics, casekit.swot, casekit.segments, casekit.channels, casekit.a11y, "
        "casekit.eco, casekit.plots, casekit.checks, casekit.cli\n"
        "heavy = [m for m in ('sklearn', 'matplotlib', 'scipy', 'tqdm') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_metrics_agree_with_the_generators_answer_keys():
    import casekit

    s = casekit.load("enquete_satisfaction")
    assert m.nps(s.frame["nps_0_10"]).score == pytest.approx(s.truth["nps_global"], abs=0.05)
    men = casekit.load("mentions")
    f = men.frame
    q = f[pd.PeriodIndex(f["date"], freq="Q").astype(str) == "2024Q2"]
    by_volume = m.part_de_voix(q, par="marque")
    by_reach = m.part_de_voix(q, par="marque", poids="portee_estimee")
    for brand, share in men.truth["part_de_voix_volume"]["2024-T2"].items():
        assert by_volume[brand] == pytest.approx(100 * share, abs=0.01)
    for brand, share in men.truth["part_de_voix_portee"]["2024-T2"].items():
        assert by_reach[brand] == pytest.approx(100 * share, abs=0.01)
