"""Trend detection (casekit.veille.trends) checked against its definitions.

Expected values are recomputed here from the formulas the docstrings cite
(weighted log-odds of Monroe et al., one-sided Poisson test with
Benjamini-Hochberg, Kleinberg's two-state cost), on corpora small enough to
count by hand: boundaries, ties, n = 0 and n = 1, order of the articles.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csc_matrix
from scipy.stats import poisson

from casekit.errors import ArgumentInvalideError
from casekit.veille.trends import (
    _content_words,
    _regrouper,
    compter_par_fenetre,
    expressions,
    kleinberg,
    libelles,
    matrice_termes,
    nouveaute,
    periode,
    pics,
    termes_emergents,
)

UTC = "UTC"


# --------------------------------------------------------------------------- expressions


def test_a_connector_joins_two_content_words_once():
    assert expressions("vente en ligne de vêtements") == {
        "vente", "ligne", "vetements", "vente en ligne", "ligne de vetements"}


def test_elided_de_is_a_connector_and_sticks_to_the_next_word():
    assert expressions("droit d'auteur") == {"droit", "auteur", "droit d'auteur"}
    assert _content_words("droit d'auteur") == 2
    assert _content_words("moteurs de reponse") == 2
    assert _content_words("vente en ligne de vetements") == 3


def test_other_elisions_break_the_phrase():
    # « l' » is a stop word: « droit l'image » is not a phrase.
    assert expressions("droit l'image") == {"droit", "image"}


def test_n_max_bounds_the_content_words_even_through_a_connector():
    assert expressions("moteurs de réponse", n_max=1) == {"moteurs", "reponse"}
    assert expressions("podcast natif sonore", n_max=2) == {
        "podcast", "natif", "sonore", "podcast natif", "natif sonore"}
    three = expressions("podcast natif sonore local")
    assert "podcast natif sonore" in three and "podcast natif sonore local" not in three


def test_phrases_never_end_or_start_with_a_connector_or_stop_word():
    assert expressions("moteurs de") == {"moteurs"}
    assert expressions("de moteurs") == {"moteurs"}
    assert expressions("les moteurs") == {"moteurs"}


def test_one_letter_words_and_digits_are_not_content():
    assert expressions("ia x 2025 générative") == {"ia", "generative"}
    assert expressions("4k vidéo") == {"video"}


def test_filler_verbs_and_punctuation_break_phrases():
    assert expressions("Le podcast progresse vite") == {"podcast", "vite"}
    assert expressions("podcast natif; newsletter") == {"podcast", "natif", "podcast natif", "newsletter"}
    assert expressions("podcast - newsletter") == {"podcast", "newsletter"}
    assert expressions(None) == set()


# --------------------------------------------------------------------------- matrice_termes


def test_matrice_termes_is_binary_and_filters_by_phrase_length():
    df = pd.DataFrame({"titre": ["Podcast natif, podcast natif", "Le podcast natif", "Podcast"]})
    X, terms = matrice_termes(df, ngrammes=(1, 2))
    assert terms.tolist() == ["natif", "podcast", "podcast natif"]
    assert X.toarray().tolist() == [[1, 1, 1], [1, 1, 1], [0, 1, 0]]
    X2, terms2 = matrice_termes(df, ngrammes=(2, 2))
    assert terms2.tolist() == ["podcast natif"] and X2.shape == (3, 1)


def test_matrice_termes_counts_connector_phrases_by_their_content_words():
    df = pd.DataFrame({"titre": ["Moteurs de réponse", "Les moteurs de réponse"]})
    _, terms = matrice_termes(df, ngrammes=(2, 2))
    assert terms.tolist() == ["moteurs de reponse"]


def test_min_articles_is_a_minimum_support_that_one_article_cannot_reach():
    df = pd.DataFrame({"titre": ["Podcast natif", "Podcast", "Newsletter"]})
    _, terms = matrice_termes(df, ngrammes=(1, 1), min_articles=2)
    assert terms.tolist() == ["podcast"]
    _, terms = matrice_termes(df, ngrammes=(1, 1), min_articles=1)
    assert terms.tolist() == ["natif", "newsletter", "podcast"]
    _, terms = matrice_termes(df, ngrammes=(1, 1), min_articles=3)
    assert terms.tolist() == []


def test_matrice_termes_on_one_article_and_on_none():
    X, terms = matrice_termes(pd.DataFrame({"titre": ["Podcast natif"]}), ngrammes=(1, 1))
    assert terms.tolist() == ["natif", "podcast"] and X.shape == (1, 2)
    X, terms = matrice_termes(pd.DataFrame({"titre": pd.Series([], dtype=object)}))
    assert X.shape == (0, 0) and terms.tolist() == []
    X, terms = matrice_termes(pd.DataFrame({"titre": ["Les", "de la"]}))
    assert X.shape == (2, 0) and terms.tolist() == []


@pytest.mark.parametrize("ngrammes", [(0, 1), (2, 1), (0, 0)])
def test_matrice_termes_bad_ngram_range(ngrammes):
    with pytest.raises(ArgumentInvalideError, match=r"ngrammes.*min ≤ max"):
        matrice_termes(pd.DataFrame({"titre": ["x"]}), ngrammes=ngrammes)


# --------------------------------------------------------------------------- periode


def _empty_dates():
    return pd.Series([], dtype="datetime64[ns, UTC]")


def test_periode_bounds_and_time_zones():
    d0, d1 = periode("2025-06-10", "2025-06-10", _empty_dates())
    assert d0 == pd.Timestamp("2025-06-10", tz=UTC)
    assert d1 == pd.Timestamp("2025-06-11", tz=UTC) - pd.Timedelta(1, unit="ns")
    d0, d1 = periode("2025-06-10T02:00+02:00", "2025-06-10 12:00", _empty_dates())
    assert d0 == pd.Timestamp("2025-06-10 00:00", tz=UTC)
    assert d1 == pd.Timestamp("2025-06-10 12:00", tz=UTC)  # not midnight: kept as given
    d0, d1 = periode("2025-06-10 12:00", "2025-06-10 12:00", _empty_dates())
    assert d0 == d1


def test_periode_defaults_to_the_last_article():
    dates = pd.Series(pd.to_datetime(["2025-06-01 00:00", "2025-06-20 08:00", None], utc=True))
    assert periode("2025-06-01", None, dates)[1] == pd.Timestamp("2025-06-20 08:00", tz=UTC)
    with pytest.raises(ArgumentInvalideError, match=r"Aucun article daté.*fin"):
        periode("2025-06-01", None, _empty_dates())


def test_periode_messages():
    with pytest.raises(ArgumentInvalideError, match=r"fin \(09/06/2025\) précède le début \(10/06/2025\)"):
        periode("2025-06-10", "2025-06-09", _empty_dates())
    with pytest.raises(ArgumentInvalideError, match=r"«\u00a0debut\u00a0» doit être une date.*'hier'"):
        periode("hier", None, _empty_dates())
    with pytest.raises(ArgumentInvalideError, match="«\u00a0fin\u00a0» doit être une date"):
        periode("2025-06-10", "demain", _empty_dates())
    with pytest.raises(ArgumentInvalideError, match="debut"):
        periode(None, None, _empty_dates())


# --------------------------------------------------------------------------- termes_emergents


def _corpus(ref: dict[str, int], per: dict[str, int], *, filler_ref: int = 0, filler_per: int = 0) -> pd.DataFrame:
    """One-word articles: ``ref`` counts in May, ``per`` counts in June (one article a day per word)."""
    rows = []
    for counts, start, filler in ((ref, "2025-05-01", filler_ref), (per, "2025-06-01", filler_per)):
        k = 0
        for word, c in counts.items():
            for _ in range(c):
                rows.append((word, pd.Timestamp(start, tz=UTC) + pd.Timedelta(hours=6 * k)))
                k += 1
        for _ in range(filler):  # articles with no phrase at all
            rows.append(("Les", pd.Timestamp(start, tz=UTC) + pd.Timedelta(hours=6 * k)))
            k += 1
    return pd.DataFrame(rows, columns=["titre", "date_publication"])


def _expected(ref, per, *, filler_ref=0, filler_per=0, min_articles=3, seuil=0.01, n=15):
    """The documented computation, written out: log-odds z, Poisson test, Benjamini-Hochberg, ranking."""
    words = sorted(w for w in set(ref) | set(per) if ref.get(w, 0) + per.get(w, 0) >= 2)
    n_p = sum(per.values()) + filler_per
    n_r = sum(ref.values()) + filler_ref
    yp = {w: per.get(w, 0) for w in words}
    yr = {w: ref.get(w, 0) for w in words}
    total = sum(yp.values()) + sum(yr.values())
    a0 = total / 10
    n1, n2 = sum(yp.values()), sum(yr.values())
    z, p = {}, {}
    for w in words:
        alpha = a0 * (yp[w] + yr[w]) / total
        lo1 = math.log((yp[w] + alpha) / (n1 + a0 - yp[w] - alpha))
        lo2 = math.log((yr[w] + alpha) / (n2 + a0 - yr[w] - alpha))
        z[w] = (lo1 - lo2) / math.sqrt(1 / (yp[w] + alpha) + 1 / (yr[w] + alpha))
        p[w] = poisson.sf(yp[w] - 1, n_p * (yr[w] + 0.5) / (n_r + 1)) if yp[w] >= min_articles and z[w] > 0 else 1
    tested = [w for w in words if yp[w] >= min_articles and z[w] > 0]
    ranked = sorted(p[w] for w in tested)
    ok = [k for k, q in enumerate(ranked, start=1) if q <= seuil * k / len(tested)]
    cut = ranked[max(ok) - 1] if ok else -1
    kept = [w for w in tested if p[w] <= cut]
    kept.sort(key=lambda w: (-z[w], -yp[w], w))
    return [dict(terme=w, articles_periode=yp[w], articles_reference=yr[w], part_periode=round(yp[w] / n_p, 4),
                 part_reference=round(yr[w] / n_r, 4),
                 lift=round(((yp[w] + 0.5) / (n_p + 1)) / ((yr[w] + 0.5) / (n_r + 1)), 2),
                 z=round(z[w], 2), p_hausse=round(p[w], 4)) for w in kept[:n]]


_CASES = [
    # a rising word among stable ones
    ({"newsletter": 10, "cookies": 10, "podcast": 1}, {"newsletter": 5, "cookies": 5, "podcast": 8}),
    # two rising words, one new; a falling one
    ({"newsletter": 12, "contraste": 3, "cookies": 8}, {"newsletter": 2, "contraste": 9, "podcast": 6,
                                                        "cookies": 8}),
    # counts just at the minimum support (3) and just under it (2)
    ({"newsletter": 20, "cookies": 20}, {"newsletter": 2, "podcast": 3, "balado": 2, "cookies": 1}),
    # more articles in the period than in the reference
    ({"newsletter": 3, "podcast": 1}, {"newsletter": 3, "podcast": 25, "cookies": 9, "contraste": 4}),
]


def _same(got: pd.DataFrame, want: list[dict]) -> None:
    assert got["terme"].tolist() == [w["terme"] for w in want]
    for (_, row), w in zip(got.iterrows(), want, strict=True):
        for k, v in w.items():
            if k != "terme":
                assert row[k] == pytest.approx(v, abs=1e-9), (w["terme"], k, row[k], v)


@pytest.mark.parametrize("seuil", [0.01, 0.3, 1.0])
@pytest.mark.parametrize(("ref", "per"), _CASES)
def test_scores_follow_their_definitions(ref, per, seuil):
    got = termes_emergents(_corpus(ref, per), "2025-06-01", "2025-06-30", ngrammes=(1, 1), seuil_hausse=seuil)
    want = _expected(ref, per, seuil=seuil)
    assert want, "the case must have at least one emerging word"
    _same(got, want)


def test_articles_without_any_phrase_still_count_in_the_shares():
    ref, per = {"newsletter": 10, "podcast": 1}, {"newsletter": 5, "podcast": 9}
    got = termes_emergents(_corpus(ref, per, filler_ref=7, filler_per=4), "2025-06-01", "2025-06-30",
                           ngrammes=(1, 1))
    want = _expected(ref, per, filler_ref=7, filler_per=4)
    _same(got, want)
    assert "9 article(s) sur 18" in got["explication"].iloc[0]


def test_minimum_support_and_n_boundaries():
    ref, per = {"newsletter": 30, "cookies": 30}, {"newsletter": 1, "podcast": 4, "balado": 3, "contraste": 2}
    df = _corpus(ref, per)
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), min_articles=3, seuil_hausse=1)
    assert got["terme"].tolist() == [r["terme"] for r in _expected(ref, per, min_articles=3, seuil=1)]
    assert set(got["terme"]) == {"podcast", "balado"}
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), min_articles=4, seuil_hausse=1)
    assert got["terme"].tolist() == ["podcast"]
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), min_articles=1, seuil_hausse=1)
    assert "contraste" in set(got["terme"])
    one = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), n=1, seuil_hausse=1)
    assert one["terme"].tolist() == ["podcast"]


def test_benjamini_hochberg_cut_is_inclusive():
    ref, per = {"newsletter": 30, "cookies": 30}, {"newsletter": 2, "podcast": 5}
    df = _corpus(ref, per)
    n_p, n_r = 7, 60
    p = poisson.sf(5 - 1, n_p * (0 + 0.5) / (n_r + 1))  # the only phrase tested
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), seuil_hausse=p)
    assert got["terme"].tolist() == ["podcast"]
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1), seuil_hausse=p * 0.999)
    assert got.empty and "explication" in got.columns


def test_nothing_significant_gives_an_empty_table_with_its_columns():
    ref, per = {"newsletter": 10, "podcast": 9}, {"newsletter": 10, "podcast": 10}
    got = termes_emergents(_corpus(ref, per), "2025-06-01", "2025-06-30", ngrammes=(1, 1))
    assert got.empty
    assert list(got.columns) == ["terme", "libelle", "sous_expressions", "articles_periode", "articles_reference",
                                 "part_periode", "part_reference", "lift", "z", "p_hausse", "explication"]


def test_a_corpus_with_no_phrase_gives_an_empty_table():
    df = _corpus({}, {}, filler_ref=3, filler_per=3)
    got = termes_emergents(df, "2025-06-01", "2025-06-30")
    assert got.empty and "terme" in got.columns


def test_ties_are_ranked_alphabetically_whatever_the_order_of_articles():
    ref, per = {"newsletter": 20, "cookies": 20}, {"zapping": 6, "balado": 6, "newsletter": 1}
    df = _corpus(ref, per)
    got = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1))
    assert got["terme"].tolist()[:2] == ["balado", "zapping"]
    rev = termes_emergents(df.iloc[::-1], "2025-06-01", "2025-06-30", ngrammes=(1, 1))
    pd.testing.assert_frame_equal(got, rev)


def test_period_edges_are_inclusive_and_reference_window_counts_back_from_debut():
    t = pd.Timestamp
    rows = [("newsletter", t("2025-05-01 00:00", tz=UTC)),       # exactly 31 days before debut
            ("newsletter", t("2025-04-30 23:59", tz=UTC)),       # just outside a 31-day reference
            ("podcast", t("2025-06-01 00:00", tz=UTC)),          # exactly at debut: in the period
            ("podcast", t("2025-06-05", tz=UTC)),
            ("podcast", t("2025-06-30 23:59:59", tz=UTC)),       # last instant of the « fin » day
            ("newsletter", t("2025-05-31 23:59:59", tz=UTC)),    # just before debut: reference
            ("podcast", t("2025-07-01 00:00", tz=UTC))]          # after fin: ignored
    df = pd.DataFrame(rows, columns=["titre", "date_publication"])
    got = termes_emergents(df, "2025-06-01", "2025-06-30", reference_jours=31, ngrammes=(1, 1), seuil_hausse=1)
    row = got.set_index("terme").loc["podcast"]
    assert row["articles_periode"] == 3 and row["articles_reference"] == 0
    assert "3 article(s) sur 3" in row["explication"] and "contre 0 sur 2 avant" in row["explication"]
    everything = termes_emergents(df, "2025-06-01", "2025-06-30", reference_jours=None, ngrammes=(1, 1),
                                  seuil_hausse=1)
    assert "contre 0 sur 3 avant" in everything["explication"].iloc[0]


def test_bad_arguments_have_french_messages():
    df = _corpus({"newsletter": 5}, {"podcast": 5})
    for kwargs in ({"n": 0}, {"min_articles": 0}):
        with pytest.raises(ArgumentInvalideError, match="n\u00a0» et «\u00a0min_articles\u00a0» doivent être des entiers"
                                                       " positifs"):
            termes_emergents(df, "2025-06-01", **kwargs)
    for s in (0, -0.1, 1.01):
        with pytest.raises(ArgumentInvalideError, match="seuil_hausse\u00a0» doit être compris entre 0 et 1"):
            termes_emergents(df, "2025-06-01", seuil_hausse=s)
    with pytest.raises(ArgumentInvalideError, match=r"Pas assez d'articles.*0 dans la période, 10 dans la période de"
                                                    r" référence.*reference_jours"):
        termes_emergents(df, "2025-08-01", "2025-08-31")
    with pytest.raises(ArgumentInvalideError, match=r"5 dans la période, 0 dans la période de référence"):
        termes_emergents(df, "2025-06-01", "2025-06-30", reference_jours=10)


def test_explanation_names_counts_shares_and_significance():
    ref, per = {"newsletter": 10, "cookies": 10, "podcast": 1}, {"newsletter": 5, "cookies": 5, "podcast": 8}
    row = termes_emergents(_corpus(ref, per), "2025-06-01", "2025-06-30", ngrammes=(1, 1)).iloc[0]
    text = row["explication"]
    assert text.startswith("«\u00a0podcast\u00a0»\u00a0: 8 article(s) sur 18 dans la période (44\u00a0%)")
    assert "contre 1 sur 21 avant (5\u00a0%)" in text
    lift = ((8 + 0.5) / 19) / ((1 + 0.5) / 22)
    assert f"×{lift:.1f}".replace(".", ",") in text
    assert f"z = {row['z']:.1f}".replace(".", ",") in text
    assert ("hausse significative" in text) == (row["z"] > 1.96)
    assert text.endswith(".") and "aussi" not in text


def test_a_topic_merges_phrases_of_the_same_articles_and_lists_them():
    per = ["Le podcast natif sonore"] * 5 + ["Podcast natif"] * 2
    rows = [(t, pd.Timestamp("2025-06-02", tz=UTC) + pd.Timedelta(hours=i)) for i, t in enumerate(per)]
    rows += [("Newsletter et cookies", pd.Timestamp("2025-05-02", tz=UTC) + pd.Timedelta(hours=i)) for i in range(20)]
    df = pd.DataFrame(rows, columns=["titre", "date_publication"])
    got = termes_emergents(df, "2025-06-01", "2025-06-30")
    assert len(got) == 1
    row = got.iloc[0]
    assert row["terme"] == "podcast natif sonore"  # the longest phrase in at least 60 % as many articles
    assert row["libelle"] == "podcast natif sonore"
    # by count (7 then 5), then z (equal here), then alphabetically
    assert row["sous_expressions"] == ["natif", "podcast", "podcast natif", "natif sonore", "sonore"]
    assert "aussi\u00a0: «\u00a0" in row["explication"]
    assert row["explication"].count("«") == 1 + 4  # the label and at most four sub-phrases


# --------------------------------------------------------------------------- _regrouper


def _cover(*articles_per_term, n_articles=10):
    cols = np.zeros((n_articles, len(articles_per_term)), dtype=int)
    for j, arts in enumerate(articles_per_term):
        cols[list(arts), j] = 1
    return csc_matrix(cols)


def test_regrouper_joins_at_sixty_percent_overlap_not_below():
    terms = np.array(["alpha", "beta", "gamma"], dtype=object)
    # beta shares 3 of its 5 articles with alpha (60 %): joins; gamma shares 2 of 4 (50 %): its own topic.
    Xp = _cover({0, 1, 2, 3, 4}, {0, 1, 2, 7, 8}, {3, 4, 5, 6})
    y_p = np.array([5.0, 5.0, 4.0])
    z = np.array([3.0, 2.0, 1.0])
    topics = _regrouper(np.array([0, 1, 2]), Xp, terms, y_p, z)
    assert topics == [(0, [1]), (2, [])]


def test_regrouper_compares_with_the_articles_a_topic_already_covers():
    terms = np.array(["alpha", "beta", "gamma"], dtype=object)
    # beta joins alpha (2 of 3); gamma overlaps alpha by 1 of 3 only, but alpha + beta cover 2 of 3.
    Xp = _cover({0, 1, 2}, {1, 2, 3}, {2, 3, 5})
    topics = _regrouper(np.array([0, 1, 2]), Xp, terms, np.array([3.0, 3, 3]), np.array([3.0, 2, 1]))
    assert topics == [(0, [1, 2])]


def test_regrouper_heads_a_topic_with_its_longest_frequent_phrase():
    terms = np.array(["podcast", "podcast natif", "podcast natif sonore"], dtype=object)
    y = np.array([10.0, 6.0, 5.0])  # 6 >= 0.6 * 10 but 5 < 0.6 * 10
    Xp = _cover(set(range(10)), set(range(6)), set(range(5)), n_articles=10)
    topics = _regrouper(np.array([0, 1, 2]), Xp, terms, y, np.array([1.0, 1.0, 1.0]))
    assert topics == [(1, [0, 2])]


def test_regrouper_breaks_head_ties_by_count_then_z_then_term():
    terms = np.array(["aa bb", "cc dd", "ee ff"], dtype=object)
    Xp = _cover({0, 1, 2}, {0, 1, 2}, {0, 1, 2})
    assert _regrouper(np.array([0, 1, 2]), Xp, terms, np.array([3.0, 3, 3]), np.array([1.0, 2, 1]))[0][0] == 1
    assert _regrouper(np.array([0, 1, 2]), Xp, terms, np.array([3.0, 3, 3]), np.array([1.0, 1, 1]))[0][0] == 2
    # the others are listed by count, then z, then term
    y = np.array([3.0, 2, 2])
    Xp2 = _cover({0, 1, 2}, {0, 1}, {1, 2})
    assert _regrouper(np.array([0, 1, 2]), Xp2, terms, y, np.array([5.0, 1, 2])) == [(0, [2, 1])]
    assert _regrouper(np.array([0, 1, 2]), Xp2, terms, y, np.array([5.0, 1, 1])) == [(0, [1, 2])]
    assert _regrouper(np.array([], dtype=int), Xp2, terms, y, y) == []


# --------------------------------------------------------------------------- libelles


def test_libelles_picks_the_most_frequent_spelling_and_accents_on_ties():
    df = pd.DataFrame({"titre": ["Vidéo", "VIDEO", "video", "Été", "ete"]})
    assert libelles(df, ["video", "ete", "inconnu"]) == ["video", "été", "inconnu"]
    df = pd.DataFrame({"titre": ["Vidéo et vidéo", "video"], "resume": ["", "Les vidéos"]})
    assert libelles(df, ["video", "videos", "moteurs a reponse"]) == ["vidéo", "vidéos", "moteurs à reponse"]
    assert libelles(df, []) == []


# --------------------------------------------------------------------------- kleinberg


def _brute_force_cost(r, d, s, gamma, base=None):
    """Cost of the best state sequence, by enumerating them all (Kleinberg 2002, two states)."""
    n = len(r)
    p0 = sum(r) / sum(d) if base is None else base
    p = [p0, min(p0 * s, 0.9999)]
    tau = gamma * math.log(max(n, 2))

    def window(t, q):
        if d[t] == 0:
            return math.inf if q else 0.0
        return -(r[t] * math.log(p[q]) + (d[t] - r[t]) * math.log1p(-p[q]))

    def cost(seq):
        c = sum(window(t, q) for t, q in enumerate(seq))
        return c + tau * sum(1 for prev, q in zip((0, *seq), seq, strict=False) if q > prev)

    return min(cost(seq) for seq in itertools.product((0, 1), repeat=n)), cost


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=7),
       st.sampled_from([1.5, 2.0, 3.0]), st.sampled_from([0.0, 0.5, 1.0, 2.0]))
def test_kleinberg_returns_a_cheapest_state_sequence(pairs, s, gamma):
    r = [min(a, b) for a, b in pairs]
    d = [max(a, b) for a, b in pairs]
    q = kleinberg(r, d, s=s, gamma=gamma)
    assert q.dtype.kind == "i" and q.shape == (len(r),)
    if sum(r) == 0 or sum(r) / sum(d) >= 0.9999:
        assert q.tolist() == [0] * len(r)
        return
    best, cost = _brute_force_cost(r, d, s, gamma)
    assert cost(q.tolist()) == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert all(q[t] == 0 for t in range(len(d)) if d[t] == 0)


def test_kleinberg_with_a_given_base_rate():
    r, d = [1, 1, 4, 4], [10] * 4
    q = kleinberg(r, d, base=0.1)
    best, cost = _brute_force_cost(r, d, 2.0, 1.0, base=0.1)
    assert cost(q.tolist()) == pytest.approx(best)
    assert q.tolist() == [0, 0, 1, 1]
    assert kleinberg(r, d, base=0.45).tolist() == [0, 0, 0, 0]  # 4/10 is under the base rate
    for bad in (0, 1, -0.5, 1.5):
        with pytest.raises(ArgumentInvalideError, match="«\u00a0base\u00a0» doit être compris entre 0 et 1"):
            kleinberg(r, d, base=bad)


def test_kleinberg_boundaries():
    assert kleinberg([5, 5], [5, 5]).tolist() == [0, 0]  # r == d is allowed: in every article
    assert kleinberg([0, 9], [10, 10], s=1.0001, gamma=0).tolist() == [0, 1]
    assert kleinberg([2], [10], gamma=0).tolist() == [0]  # one window: nothing to compare
    with pytest.raises(ArgumentInvalideError, match="«\u00a0r\u00a0» et «\u00a0d\u00a0» doivent être deux listes"):
        kleinberg([[1, 2]], [[3, 4]])
    with pytest.raises(ArgumentInvalideError, match=r"Chaque r\[t\] doit être compris entre 0 et d\[t\]"):
        kleinberg([3, 4], [3, 3])
    with pytest.raises(ArgumentInvalideError, match="«\u00a0s\u00a0» doit être supérieur à 1 et «\u00a0gamma\u00a0»"
                                                   " positif ou nul"):
        kleinberg([1], [2], s=0.5)


# --------------------------------------------------------------------------- compter_par_fenetre / pics


def _articles(spec: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"titre": [t for t, _ in spec],
                         "date_publication": pd.to_datetime([d for _, d in spec], utc=True)})


def test_windows_follow_paris_time_and_whole_words():
    df = _articles([
        ("Sous-titres et titres", "2025-06-01 22:30"),   # Monday 2 June 00:30 in Paris
        ("Les titres", "2025-06-01 21:30"),              # Sunday 1 June 23:30 in Paris
        ("Moteurs   de réponse", "2025-06-20 10:00"),
        ("Sans date", None),
    ])
    c = compter_par_fenetre(df, ["Titres", "moteurs de réponse", "sous-titres"], freq="W")
    assert c.index.name == "fenetre"
    assert c.index.tolist() == [pd.Timestamp("2025-05-26"), pd.Timestamp("2025-06-02"),
                                pd.Timestamp("2025-06-09"), pd.Timestamp("2025-06-16")]
    assert c["titres"].tolist() == [1, 1, 0, 0]
    assert c["sous-titres"].tolist() == [0, 1, 0, 0]  # « titres » inside « sous-titres » is not the word
    assert c["moteurs de reponse"].tolist() == [0, 0, 0, 1]
    assert c["total"].tolist() == [1, 1, 0, 1]
    assert (c.dtypes == "int64").all()
    m = compter_par_fenetre(df, ["titres"], freq="M")
    assert m.index.tolist() == [pd.Timestamp("2025-06-01")] and m["total"].tolist() == [3]
    assert compter_par_fenetre(df, ["titres"], freq="MS").equals(m)
    day = compter_par_fenetre(df, ["titres"], freq="D")
    assert day.index[0] == pd.Timestamp("2025-06-01") and len(day) == 20
    assert compter_par_fenetre(df, ["titres"], freq="W-MON").equals(compter_par_fenetre(df, ["titres"], freq="W"))


def test_unknown_window_message():
    with pytest.raises(ArgumentInvalideError, match=r"«\u00a0A\u00a0» inconnue.*semaine.*mois.*jour"):
        compter_par_fenetre(_articles([("x", "2025-01-01")]), ["x"], freq="A")


def _weekly(counts: list[int], *, per_week: int = 10, term: str = "podcast") -> pd.DataFrame:
    spec = []
    for w, c in enumerate(counts):
        monday = pd.Timestamp("2025-01-06 09:00") + pd.Timedelta(weeks=w)
        for i in range(per_week):
            spec.append((f"Le {term} natif" if i < c else "Newsletter locale", str(monday + pd.Timedelta(hours=i))))
    return _articles(spec)


def test_a_burst_is_extended_back_over_the_rise():
    p = pics(_weekly([0, 0, 0, 0, 1, 6, 6, 6]), ["podcast"])
    assert p[["debut", "fin", "nb_fenetres", "articles", "articles_total"]].values.tolist() == [
        [pd.Timestamp("2025-02-03"), pd.Timestamp("2025-02-24"), 4, 19, 40]]


def test_a_burst_is_not_extended_over_windows_no_higher_than_before():
    counts = [2, 2, 0, 1, 6, 6, 6]
    q = kleinberg(counts, [10] * 7)
    assert q.tolist()[:4] == [0, 0, 0, 0]  # the rise itself is not a burst
    p = pics(_weekly(counts), ["podcast"])
    first = p.iloc[0]
    assert first["debut"] == pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=int(np.argmax(q)))
    assert first["debut"] > pd.Timestamp("2025-01-20")  # week 3 (1/10) is below the 4/30 before it


def test_a_burst_from_the_first_window_and_two_bursts():
    p = pics(_weekly([1, 6, 6, 0, 0, 0, 0, 0, 0, 0, 6, 6]), ["podcast"], s=3)
    assert p["debut"].tolist()[0] == pd.Timestamp("2025-01-06")
    assert len(p) == 2 and p["nb_fenetres"].tolist() == [3, 2]


def test_burst_explanation():
    p = pics(_weekly([0, 0, 0, 0, 1, 6, 6, 6]), ["podcast"])
    text = p["explication"].iloc[0]
    assert text.startswith("«\u00a0podcast\u00a0»\u00a0: 19 article(s) sur 40 du 03/02/2025 au 24/02/2025")
    assert "(48\u202f%)" in text and "contre 23,8\u202f% sur toute la période" in text
    assert list(p.columns) == ["terme", "debut", "fin", "nb_fenetres", "articles", "articles_total", "explication"]
    assert pics(_weekly([0, 0, 0]), ["podcast"]).empty


# --------------------------------------------------------------------------- nouveaute


def test_novelty_window_includes_its_first_day():
    base = pd.Timestamp("2025-01-01 12:00", tz=UTC)
    df = pd.DataFrame({"titre": ["Cookies et CNIL", "Podcast natif", "Cookies et CNIL", "Cookies et CNIL"],
                       "date_publication": [base, base + pd.Timedelta(days=1),
                                            base + pd.Timedelta(days=90),
                                            base + pd.Timedelta(days=180, seconds=1)]})
    assert nouveaute(df, jours=90).tolist() == [1.0, 1.0, 0.0, 1.0]
    assert nouveaute(df, jours=91).tolist()[3] == 0.0


def test_novelty_uses_the_most_similar_earlier_article_only():
    base = pd.Timestamp("2025-01-01", tz=UTC)
    df = pd.DataFrame({"titre": ["Cookies et CNIL", "Podcast natif", "Podcast natif", "Podcast sonore"],
                       "date_publication": [base + pd.Timedelta(days=i) for i in (3, 0, 1, 2)]},
                      index=["d", "a", "b", "c"])
    nov = nouveaute(df)
    assert nov.index.tolist() == ["d", "a", "b", "c"] and nov.name == "nouveaute"
    assert nov["a"] == 1.0 and nov["b"] == 0.0 and nov["d"] == 1.0
    assert 0 < nov["c"] < 1
    # a later article never lowers the novelty of an earlier one
    shuffled = nouveaute(df.iloc[[2, 0, 3, 1]])
    assert shuffled.reindex(nov.index).tolist() == nov.tolist()


def test_novelty_of_undated_and_empty_texts():
    df = pd.DataFrame({"titre": ["Podcast natif", "Podcast natif", "Les"],
                       "date_publication": pd.to_datetime(["2025-01-01", None, "2025-01-02"], utc=True)})
    nov = nouveaute(df)
    assert nov.iloc[0] == 1.0 and np.isnan(nov.iloc[1]) and nov.iloc[2] == 1.0
    only_stop = pd.DataFrame({"titre": ["Les", "de la"],
                              "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02"], utc=True)})
    assert nouveaute(only_stop).tolist() == [1.0, 1.0]


# --------------------------------------------------------------------------- messages, defaults, naive dates


def _message(exc) -> str:
    return str(exc.value)


@pytest.mark.parametrize("fn", [matrice_termes, termes_emergents, compter_par_fenetre, nouveaute])
def test_a_non_frame_names_the_function(fn):
    args = {termes_emergents: ("2025-06-01",), compter_par_fenetre: (["x"],)}.get(fn, ())
    with pytest.raises(ArgumentInvalideError) as exc:
        fn([{"titre": "x"}], *args)
    assert _message(exc).startswith(f"{fn.__name__}() attend un DataFrame")


@pytest.mark.parametrize(("call", "start"), [
    (lambda: matrice_termes(pd.DataFrame({"titre": ["x"]}), ngrammes=(2, 1)), "«\u00a0ngrammes\u00a0» doit être"),
    (lambda: periode("2025-06-01", None, _empty_dates()), "Aucun article daté"),
    (lambda: termes_emergents(_corpus({"podcast": 3}, {"podcast": 3}), "2025-06-01", n=0), "«\u00a0n\u00a0» et"),
    (lambda: termes_emergents(_corpus({"podcast": 3}, {"podcast": 3}), "2025-06-01", seuil_hausse=2),
     "«\u00a0seuil_hausse\u00a0» doit"),
    (lambda: kleinberg([1], [1, 2]), "«\u00a0r\u00a0» et «\u00a0d\u00a0»"),
    (lambda: kleinberg([3], [2]), "Chaque r[t]"),
    (lambda: kleinberg([1], [2], s=1), "«\u00a0s\u00a0» doit être supérieur à 1"),
    (lambda: kleinberg([1], [2], gamma=-0.1), "«\u00a0s\u00a0» doit être supérieur à 1"),
    (lambda: kleinberg([1], [2], base=1), "«\u00a0base\u00a0» doit"),
])
def test_messages_start_with_their_subject(call, start):
    with pytest.raises(ArgumentInvalideError) as exc:
        call()
    assert _message(exc).startswith(start)
    assert _message(exc).rstrip().endswith((".", ")", "»"))


def test_not_enough_articles_message_asks_to_widen():
    with pytest.raises(ArgumentInvalideError) as exc:
        termes_emergents(_corpus({"podcast": 3}, {}), "2025-06-01", "2025-06-30")
    text = _message(exc)
    assert text.startswith("Pas assez d'articles") and "Élargissez la période" in text and text.endswith(".")


def test_naive_dates_are_read_as_utc():
    ref, per = {"newsletter": 10, "cookies": 10, "podcast": 1}, {"newsletter": 5, "cookies": 5, "podcast": 8}
    aware = _corpus(ref, per)
    naive = aware.assign(date_publication=aware["date_publication"].dt.tz_localize(None))
    pd.testing.assert_frame_equal(termes_emergents(naive, "2025-06-01", "2025-06-30"),
                                  termes_emergents(aware, "2025-06-01", "2025-06-30"))
    assert periode("2025-06-01", None, naive["date_publication"])[1] == aware["date_publication"].max()
    pd.testing.assert_frame_equal(compter_par_fenetre(naive, ["podcast"]), compter_par_fenetre(aware, ["podcast"]))


def test_open_period_ends_with_the_last_article_included():
    ref, per = {"newsletter": 10, "cookies": 10, "podcast": 1}, {"newsletter": 5, "cookies": 5, "podcast": 8}
    df = _corpus(ref, per)
    last = df["date_publication"].max()
    assert df.loc[df["date_publication"] == last, "titre"].tolist() == ["podcast"]
    open_end = termes_emergents(df, "2025-06-01", ngrammes=(1, 1))
    assert open_end.iloc[0]["articles_periode"] == 8
    pd.testing.assert_frame_equal(open_end, termes_emergents(df, "2025-06-01", last, ngrammes=(1, 1)))


def test_default_reference_is_the_365_days_before_debut():
    rows = [("newsletter", pd.Timestamp("2024-06-01", tz=UTC)),              # 365 days before: in
            ("newsletter", pd.Timestamp("2024-05-31 23:59:59", tz=UTC)),     # just outside
            ("newsletter", pd.Timestamp("2025-01-01", tz=UTC))]
    rows += [("podcast", pd.Timestamp("2025-06-01", tz=UTC) + pd.Timedelta(hours=h)) for h in range(4)]
    df = pd.DataFrame(rows, columns=["titre", "date_publication"])
    got = termes_emergents(df, "2025-06-01", "2025-06-30", seuil_hausse=1)
    assert "contre 0 sur 2 avant" in got["explication"].iloc[0]


def test_at_most_fifteen_topics_by_default():
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo",
             "lima", "mike", "november", "oscar", "papa", "quebec"]
    got = termes_emergents(_corpus({"newsletter": 40}, {w: 4 for w in words}), "2025-06-01", "2025-06-30",
                           seuil_hausse=1)
    assert len(got) == 15


def test_ngram_range_reaches_the_emerging_topics():
    rows = [("Podcast natif", pd.Timestamp("2025-06-02", tz=UTC) + pd.Timedelta(hours=h)) for h in range(6)]
    rows += [("Newsletter locale", pd.Timestamp("2025-05-02", tz=UTC) + pd.Timedelta(hours=h)) for h in range(20)]
    df = pd.DataFrame(rows, columns=["titre", "date_publication"])
    one = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(1, 1))
    assert set(one["terme"]) | {x for s in one["sous_expressions"] for x in s} == {"podcast", "natif"}
    two = termes_emergents(df, "2025-06-01", "2025-06-30", ngrammes=(2, 2))
    assert two["terme"].tolist() == ["podcast natif"]


def test_a_phrase_as_frequent_as_before_is_not_tested():
    same = {"newsletter": 6, "podcast": 6}
    got = termes_emergents(_corpus(same, same), "2025-06-01", "2025-06-30", seuil_hausse=1)
    assert got.empty  # z = 0 exactly: no rise


def test_four_content_word_phrases_with_a_wide_ngram_range():
    df = pd.DataFrame({"titre": ["podcast natif sonore local", "Le podcast natif sonore local"]})
    _, terms = matrice_termes(df, ngrammes=(4, 4))
    assert terms.tolist() == ["podcast natif sonore local"]
    X, _ = matrice_termes(df)
    assert X.dtype == np.int32
    X, terms = matrice_termes(pd.DataFrame({"titre": ["Les", "de"]}))
    assert X.dtype == np.int32 and terms.dtype == object


def test_explanation_decimals_and_significance_wording():
    strong = termes_emergents(_corpus({"newsletter": 10, "cookies": 10, "podcast": 1},
                                      {"newsletter": 5, "cookies": 5, "podcast": 8}), "2025-06-01", "2025-06-30")
    row = strong.iloc[0]
    assert row["z"] > 1.96
    assert row["explication"].endswith(f"z = {row['z']:.2f} (hausse significative).".replace(".", ",", 1))
    weak = termes_emergents(_corpus({"newsletter": 3, "podcast": 1}, {"newsletter": 3, "podcast": 25, "cookies": 9,
                                                                     "contraste": 4}), "2025-06-01", "2025-06-30",
                            ngrammes=(1, 1), seuil_hausse=1)
    low = weak[weak["z"] <= 1.96].iloc[0]
    assert low["explication"].endswith(f"z = {low['z']:.2f}.".replace(".", ",", 1))


def test_explanation_lists_four_sub_phrases_in_quotes():
    per = ["Le podcast natif sonore"] * 5 + ["Podcast natif"] * 2
    rows = [(t, pd.Timestamp("2025-06-02", tz=UTC) + pd.Timedelta(hours=i)) for i, t in enumerate(per)]
    rows += [("Newsletter et cookies", pd.Timestamp("2025-05-02", tz=UTC) + pd.Timedelta(hours=i)) for i in range(20)]
    row = termes_emergents(pd.DataFrame(rows, columns=["titre", "date_publication"]), "2025-06-01").iloc[0]
    quoted = ", ".join(f"«\u00a0{x}\u00a0»" for x in row["sous_expressions"][:4])
    assert row["explication"].endswith(f"aussi\u00a0: {quoted}.")


def test_libelles_tie_between_two_accented_spellings_is_ordinal():
    # « ète » and « éte »: same count, same UTF-8 length; the higher code point wins whatever the order.
    df = pd.DataFrame({"titre": ["Ète", "éte"]})
    assert libelles(df, ["ete"]) == ["éte"]
    assert libelles(df.iloc[::-1], ["ete"]) == ["éte"]
    assert libelles(pd.DataFrame({"titre": ["ete", "été"]}), ["ete"]) == ["été"]  # longer encoding on a tie


# --------------------------------------------------------------------------- kleinberg, more edges


@pytest.mark.parametrize(("r", "d", "kwargs"), [
    ([0, 1, 1, 1, 0], [10, 1, 1, 1, 10], {"gamma": 0.5}),   # one-article windows
    ([0, 8, 0, 8, 0], [10, 10, 0, 10, 10], {"gamma": 0.1}),  # an empty window inside a burst
    ([0, 0, 0, 5, 5], [10, 0, 10, 10, 10], {}),
    ([5, 5, 0, 0, 0, 0], [10] * 6, {"gamma": 0.2}),          # a burst from the first window
    ([6, 0, 0, 0, 0, 6], [10] * 6, {"gamma": 0.3}),
    ([0, 3], [10, 10], {}),
])
def test_kleinberg_hand_cases_are_cheapest(r, d, kwargs):
    q = kleinberg(r, d, **kwargs)
    best, cost = _brute_force_cost(r, d, 2.0, kwargs.get("gamma", 1.0))
    assert cost(q.tolist()) == pytest.approx(best, rel=1e-12)
    assert all(q[t] == 0 for t in range(len(d)) if d[t] == 0)


def test_kleinberg_defaults_and_small_inputs():
    assert kleinberg([0, 3], [10, 10]).tolist() == [0, 1]          # gain 0.72 > ln 2, the entry cost
    assert kleinberg([0, 3], [10, 10], gamma=2).tolist() == [0, 0]
    assert kleinberg([0, 0, 0], [10, 10, 10]).tolist() == [0, 0, 0]
    assert kleinberg([0, 0, 1], [1, 1, 1], gamma=0).tolist() == [0, 0, 1]  # a single hit can burst
    assert kleinberg([5], [10], base=0.1, gamma=0).tolist() == [1]   # one window above a given base rate
    assert kleinberg([0, 10], [10, 10], base=0.99995).tolist() == [0, 0]  # base rate ~ 1: no burst
    with pytest.raises(ArgumentInvalideError):
        kleinberg([1], [2], s=1)


# --------------------------------------------------------------------------- windows and bursts, more edges


def test_default_window_is_the_week():
    df = _weekly([0, 1, 2])
    pd.testing.assert_frame_equal(compter_par_fenetre(df, ["podcast"]), compter_par_fenetre(df, ["podcast"], freq="W"))
    months = pics(_weekly([0] * 12 + [8] * 4), ["podcast"], freq="MS")
    assert all(d.day == 1 for d in months["debut"])


@pytest.mark.parametrize(("counts", "start", "windows"), [
    ([0, 0, 0, 0, 1, 8], 4, 2),                   # the rise just before a burst in the last window
    ([0, 0, 0, 1, 6, 6, 6, 6], 3, 5),             # a rise at an odd distance from the end
    ([2, 0, 0, 0, 1, 6, 6, 6], 4, 4),             # 1/10 is above the 2/40 before it
    ([2, 0, 1, 6, 6, 6], 3, 3),                   # 1/10 is not above the 2/20 before it
])
def test_burst_extension_follows_its_rule(counts, start, windows):
    p = pics(_weekly(counts), ["podcast"])
    assert p[["debut", "nb_fenetres"]].values.tolist() == [
        [pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=start), windows]]


def test_earlier_bursts_do_not_count_in_the_share_before_a_rise():
    p = pics(_weekly([6, 6, 0, 0, 0, 0, 0, 0, 1, 6, 6]), ["podcast"])
    assert p["debut"].tolist() == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-03-03")]


def test_pics_passes_s_and_gamma():
    assert pics(_weekly([0, 3]), ["podcast"])["debut"].tolist() == [pd.Timestamp("2025-01-13")]
    assert pics(_weekly([0, 3]), ["podcast"], gamma=2).empty
    assert pics(_weekly([0, 0, 2, 2, 0, 0, 0, 0]), ["podcast"]).empty
    assert len(pics(_weekly([0, 0, 2, 2, 0, 0, 0, 0]), ["podcast"], s=3)) == 1


def test_a_one_article_burst_is_a_hundred_percent():
    spec = [("Newsletter locale", f"2025-01-{d:02d} 10:00:00") for d in range(1, 10)]
    spec.append(("Le podcast natif", "2025-01-10 10:00:00"))
    p = pics(_articles(spec), ["podcast"], freq="D", gamma=0)
    assert p["articles_total"].tolist() == [1] and "(100\u202f%)" in p["explication"].iloc[0]


# --------------------------------------------------------------------------- novelty, more edges


def test_novelty_default_window_is_ninety_days():
    base = pd.Timestamp("2025-01-01", tz=UTC)
    df = pd.DataFrame({"titre": ["Cookies et CNIL", "Cookies et CNIL"],
                       "date_publication": [base, base + pd.Timedelta(days=90, hours=12)]})
    assert nouveaute(df).tolist() == [1.0, 1.0]
    assert nouveaute(df, jours=91).tolist() == [1.0, 0.0]


def test_novelty_goes_on_after_an_isolated_article():
    base = pd.Timestamp("2025-01-01", tz=UTC)
    df = pd.DataFrame({"titre": ["Cookies et CNIL", "Podcast natif", "Podcast natif"],
                       "date_publication": [base, base + pd.Timedelta(days=200), base + pd.Timedelta(days=201)]})
    assert nouveaute(df).tolist() == [1.0, 1.0, 0.0]


def test_novelty_ignores_stop_words_and_keeps_hyphenated_words():
    base = pd.Timestamp("2025-01-01", tz=UTC)
    dates = [base, base + pd.Timedelta(days=1)]
    stop = pd.DataFrame({"titre": ["Le podcast de la ville", "Le contraste de la page"], "date_publication": dates})
    assert nouveaute(stop).tolist() == [1.0, 1.0]
    hyphen = pd.DataFrame({"titre": ["Sous-titres", "Titres"], "date_publication": dates})
    assert nouveaute(hyphen).tolist() == [1.0, 1.0]


def test_novelty_is_rounded_to_three_decimals_and_orders_by_instant():
    df = pd.DataFrame({"titre": ["Podcast natif sonore", "Podcast natif"],
                       "date_publication": ["2025-01-01T10:00:00+02:00", "2025-01-01T09:30:00+00:00"]})
    nov = nouveaute(df)
    assert nov.iloc[0] == 1.0  # 08:00 UTC comes first
    assert 0 < nov.iloc[1] < 1 and nov.iloc[1] == round(nov.iloc[1], 3) and nov.iloc[1] != round(nov.iloc[1], 2)


def test_novelty_of_stop_word_only_texts_keeps_index_and_name():
    df = pd.DataFrame({"titre": ["Les", "de la"],
                       "date_publication": pd.to_datetime(["2025-01-02", "2025-01-01"], utc=True)}, index=[5, 7])
    nov = nouveaute(df)
    assert nov.index.tolist() == [5, 7] and nov.name == "nouveaute" and nov.tolist() == [1.0, 1.0]


def test_topics_are_ranked_by_the_z_of_their_displayed_phrase():
    # Topic « podcast natif sonore » is found through « podcast » (10 articles, the highest z) but
    # shown by its longest phrase (7 articles); « contraste » (9 articles) ranks between them.
    per = ["Podcast natif sonore"] * 7 + ["Podcast"] * 3 + ["Contraste"] * 9
    rows = [(t, pd.Timestamp("2025-06-02", tz=UTC) + pd.Timedelta(hours=i)) for i, t in enumerate(per)]
    rows += [("Newsletter locale", pd.Timestamp("2025-05-02", tz=UTC) + pd.Timedelta(hours=i)) for i in range(20)]
    got = termes_emergents(pd.DataFrame(rows, columns=["titre", "date_publication"]), "2025-06-01", "2025-06-30")
    assert got["terme"].tolist() == ["contraste", "podcast natif sonore"]
    assert got["z"].is_monotonic_decreasing


def test_significance_starts_above_1_96():
    # z rounds to exactly 1.96 here: « au-dessus de 1,96 » only is called significant.
    row = termes_emergents(_corpus({"newsletter": 3}, {"newsletter": 4, "podcast": 9}), "2025-06-01", "2025-06-30",
                           ngrammes=(1, 1), seuil_hausse=1).set_index("terme").loc["podcast"]
    assert row["z"] == 1.96
    assert "significative" not in row["explication"] and row["explication"].endswith("z = 1,96.")  # two decimals: not « 2,0 » next to « not significant »


def test_articles_at_the_same_instant_are_compared_in_row_order():
    titles = [f"Theme{i} detail{i}" for i in range(40)]
    titles[22] = titles[5]
    df = pd.DataFrame({"titre": titles, "date_publication": pd.Timestamp("2025-01-01", tz=UTC)})
    nov = nouveaute(df)
    assert nov[5] == 1.0 and nov[22] == 0.0  # row 5 comes first: row 22 is the repeat
