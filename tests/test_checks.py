"""Student-facing checks: pass quietly, fail with French hints, explicit tolerances."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from casekit import checks, swot
from casekit.checks import VerificationEchouee
from casekit.errors import ArgumentInvalideError

ANSWERS = [10, 10, 9, 8, 7, 6, 3, 0, "NSP", None]  # valid n = 8: 3 promoters, 3 detractors -> NPS 0


def test_nps_right_answer_passes(capsys):
    checks.verifier_nps(0.0, ANSWERS)
    checks.verifier_nps(0.4, ANSWERS)  # within the default 0.5-point tolerance
    assert "✓ NPS correct" in capsys.readouterr().out


def test_nps_tolerance_is_explicit():
    with pytest.raises(VerificationEchouee, match="tolérance ± 0,5 point"):
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
    with pytest.raises(ArgumentInvalideError, match="Vouliez-vous dire « ctr »"):
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
    with pytest.raises(VerificationEchouee, match="A : 30 au lieu de 75"):
        checks.verifier_part_de_voix({"A": 30, "B": 70}, m)
    with pytest.raises(VerificationEchouee, match="totalisent 1"):
        checks.verifier_part_de_voix({"A": 0.75, "B": 0.25}, m)
    with pytest.raises(VerificationEchouee, match="marques manquantes : B"):
        checks.verifier_part_de_voix({"A": 100}, m)


def test_columns_and_swot_checks():
    checks.verifier_colonnes(pd.DataFrame({"a": [1], "b": [2]}), ["b", "a"])
    with pytest.raises(VerificationEchouee, match="Colonne\\(s\\) manquante\\(s\\) : segmnt"):
        checks.verifier_colonnes(pd.DataFrame({"segment": [1]}), ["segmnt"])
    s = swot.construire([{"categorie": c, "element": "x", "jeu_de_donnees": "clients", "valeur": 1}
                         for c in "SWOT"] + [{"categorie": "S", "element": "sans preuve"}])
    with pytest.raises(VerificationEchouee, match="trop peu pour Faiblesses \\(1\\)"):
        checks.verifier_swot(s)
    with pytest.raises(VerificationEchouee, match="Éléments sans preuve : S2"):
        checks.verifier_swot(s, minimum_par_categorie=1)
    checks.verifier_swot(s, minimum_par_categorie=1, preuves_obligatoires=False)


def test_every_check_hides_its_traceback_and_is_an_assertion():
    assert issubclass(VerificationEchouee, AssertionError)
    for name in checks.__all__:
        obj = getattr(checks, name)
        if inspect.isfunction(obj):
            assert "__tracebackhide__ = True" in inspect.getsource(obj), name
