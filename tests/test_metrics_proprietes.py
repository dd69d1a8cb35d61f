"""Property-based tests (Hypothesis): order, labels and subsets of the inputs never change a
metric silently. Results equal those on aligned inputs, or a French error names the labels."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit import eco
from casekit import metrics as m
from casekit.errors import ArgumentInvalideError

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

RATIOS = {
    "ctr": (m.ctr, 100.0),
    "cpc": (m.cpc, 1.0),
    "cpm": (m.cpm, 1000.0),
    "cpa": (m.cpa, 1.0),
    "roas": (m.roas, 1.0),
    "taux_conversion": (m.taux_conversion, 100.0),
    "frequence": (m.frequence, 1.0),
    "engagement": (lambda a, b: m.taux_engagement(a, b, base="portee"), 100.0),
}

labels = st.lists(st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=4), min_size=1,
                  max_size=8, unique=True)
counts = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@st.composite
def paired_series(draw):
    idx = draw(labels)
    a = pd.Series(draw(st.lists(counts, min_size=len(idx), max_size=len(idx))), index=idx, dtype=float)
    b = pd.Series(draw(st.lists(counts, min_size=len(idx), max_size=len(idx))), index=idx, dtype=float)
    return a, b


def _expected(a, b, scale):
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(b > 0, scale * a / b.where(b > 0, 1.0), np.nan), index=a.index)


@pytest.mark.parametrize("name", list(RATIOS))
@SETTINGS
@given(data=paired_series(), perm=st.randoms(use_true_random=False), how=st.sampled_from(
    ["shuffle_num", "shuffle_den", "sort_num", "sort_den", "subset_den", "subset_num"]))
def test_ratio_invariant_to_order_or_french_error(name, data, perm, how):
    func, scale = RATIOS[name]
    a, b = data
    expected = _expected(a, b, scale)
    order = list(a.index)
    perm.shuffle(order)
    if how == "shuffle_num":
        a2, b2 = a.reindex(order), b
    elif how == "shuffle_den":
        a2, b2 = a, b.reindex(order)
    elif how == "sort_num":
        a2, b2 = a.sort_values(kind="stable"), b
    elif how == "sort_den":
        a2, b2 = a, b.sort_values(kind="stable")
    elif how == "subset_den":
        a2, b2 = a, b.iloc[: max(len(b) - 1, 0)]
    else:
        a2, b2 = a.iloc[: max(len(a) - 1, 0)], b
    if len(a2) != len(a) or len(b2) != len(b):
        if len(a) == 1:  # subset of one label is an empty Series
            with pytest.raises(ArgumentInvalideError):
                func(a2, b2)
            return
        with pytest.raises(ArgumentInvalideError) as exc:
            func(a2, b2)
        missing = a.index[-1]
        assert f"«\u00a0{missing}\u00a0»" in str(exc.value)
        return
    got = func(a2, b2)
    pd.testing.assert_series_equal(got.reindex(expected.index), expected, check_names=False,
                                   rtol=1e-12)


@SETTINGS
@given(answers=st.lists(st.one_of(st.integers(0, 10), st.just("NSP"), st.none()), min_size=1,
                        max_size=60), rnd=st.randoms(use_true_random=False))
def test_nps_invariant_to_order(answers, rnd):
    shuffled = list(answers)
    rnd.shuffle(shuffled)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r1, r2 = m.nps(answers), m.nps(shuffled)
        s1 = m.nps(pd.Series(answers, index=range(len(answers)), dtype=object).sort_index(ascending=False))
    assert r1.n == r2.n == s1.n
    if r1.n:
        assert r1.score == pytest.approx(r2.score) and r1.ic95 == pytest.approx(r2.ic95)
        assert r1.ic95[0] < r1.ic95[1] and -100 <= r1.ic95[0] and r1.ic95[1] <= 100


@SETTINGS
@given(brands=st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=40),
       rnd=st.randoms(use_true_random=False))
def test_share_of_voice_invariant_to_row_order(brands, rnd):
    df = pd.DataFrame({"marque": brands, "portee": np.arange(1, len(brands) + 1, dtype=float)})
    shuffled = df.sample(frac=1.0, random_state=rnd.randint(0, 10_000))
    assert m.part_de_voix(df).to_dict() == pytest.approx(m.part_de_voix(shuffled).to_dict())
    assert m.part_de_voix(df, poids="portee").to_dict() == pytest.approx(
        m.part_de_voix(shuffled, poids="portee").to_dict())
    assert m.part_de_voix(df["marque"]).to_dict() == pytest.approx(m.part_de_voix(df).to_dict())
    assert sum(m.part_de_voix(df).values) == pytest.approx(100.0)


@SETTINGS
@given(data=paired_series(), rnd=st.randoms(use_true_random=False), subset=st.booleans())
def test_esov_aligns_or_names_the_brands(data, rnd, subset):
    sov, som = (s.clip(upper=100.0) for s in data)
    order = list(som.index)
    rnd.shuffle(order)
    som2 = som.reindex(order)
    if subset and len(som2) > 1:
        som2 = som2.iloc[1:]
        with pytest.raises(ArgumentInvalideError) as exc:
            m.exces_part_de_voix(part_voix=sov, part_marche=som2)
        assert f"«\u00a0{order[0]}\u00a0»" in str(exc.value)
        return
    try:
        got = m.exces_part_de_voix(part_voix=sov, part_marche=som2)
    except ArgumentInvalideError as exc:  # proportions mixed with percentages are refused
        assert "Unités incohérentes" in str(exc)
        return
    pd.testing.assert_series_equal(got.reindex(sov.index), sov - som, check_names=False)


@SETTINGS
@given(data=paired_series(), rnd=st.randoms(use_true_random=False))
def test_page_footprint_views_aligned(data, rnd):
    poids, vues = data
    order = list(vues.index)
    rnd.shuffle(order)
    got = eco.gco2e_page(poids, vues=vues.reindex(order)).gco2e
    expected = eco.gco2e_page(poids, vues=vues).gco2e
    pd.testing.assert_series_equal(got.reindex(expected.index), expected, check_names=False)
    per_mo = eco.gco2e_page(1.0).gco2e
    np.testing.assert_allclose(expected.to_numpy(), (poids * vues * per_mo).to_numpy(), rtol=1e-9, atol=1e-12)
