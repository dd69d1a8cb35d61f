"""Trend detection and the digest, on small hand-made corpora and on flux_veille."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.errors import ArgumentInvalideError
from casekit.veille import (
    compter_par_fenetre,
    kleinberg,
    matrice_termes,
    nouveaute,
    pics,
    synthese,
    termes_emergents,
)


def _corpus(weeks: int = 12, per_week: int = 10, emerging_from: int = 9) -> pd.DataFrame:
    """Background themes every week; « podcast natif » only from week ``emerging_from``."""
    base = ["Newsletter et fidélisation des lecteurs", "Référencement local des commerces",
            "Cookies et consentement des visiteurs", "Accessibilité des formulaires en ligne",
            "Éco-conception des pages web"]
    rows = []
    start = pd.Timestamp("2025-01-06 10:00", tz="UTC")  # a Monday
    for w in range(weeks):
        for i in range(per_week):
            title = base[i % len(base)]
            if w >= emerging_from and i < 4:
                title = "Le podcast natif séduit les marques"
            rows.append((title, start + pd.Timedelta(days=7 * w, hours=i)))
    return pd.DataFrame(rows, columns=["titre", "date_publication"])


def test_kleinberg_reference_and_edge_cases():
    assert kleinberg([0] * 9 + [5, 5, 6], [20] * 12).tolist() == [0] * 9 + [1, 1, 1]
    assert kleinberg([3], [10]).tolist() == [0]
    assert kleinberg([], []).tolist() == []
    # Empty windows never burst; p0 * s above 1 is clamped.
    q = kleinberg([0, 0, 9, 0, 10], [10, 0, 10, 0, 10], s=5)
    assert q[1] == 0 and q[3] == 0
    assert kleinberg([10, 10], [10, 10], s=3).tolist() == [0, 0]
    # A higher entry cost gives fewer burst windows.
    r, d = [0, 0, 2, 0, 0, 3, 3, 0], [10] * 8
    assert kleinberg(r, d, gamma=0.1).sum() >= kleinberg(r, d, gamma=3).sum()


@pytest.mark.parametrize(("r", "d", "kwargs", "message"), [
    ([1, 2], [3], {}, "même longueur"),
    ([4], [3], {}, "compris entre 0 et d"),
    ([-1], [3], {}, "compris entre 0 et d"),
    ([1], [3], {"s": 1.0}, "supérieur à 1"),
    ([1], [3], {"gamma": -1}, "gamma"),
])
def test_kleinberg_bad_inputs(r, d, kwargs, message):
    with pytest.raises(ArgumentInvalideError, match=message):
        kleinberg(r, d, **kwargs)


def test_termes_emergents_on_a_synthetic_corpus():
    df = _corpus()
    top = termes_emergents(df, "2025-03-10", n=5)
    emerging_words = {"podcast", "natif", "seduit", "marques"}
    assert all(set(t.split()) <= emerging_words for t in top["terme"][:3])
    row = top.set_index("terme").loc["podcast natif"]
    assert row["articles_periode"] == 12 and row["articles_reference"] == 0
    assert row["z"] > 1.96 and row["lift"] > 10
    assert "12 article(s) sur 30" in row["explication"]
    # Stable themes do not emerge.
    assert not top["terme"].str.contains("newsletter|cookies").any()


def test_termes_emergents_bad_periods():
    df = _corpus()
    with pytest.raises(ArgumentInvalideError, match="précède"):
        termes_emergents(df, "2025-03-10", "2025-03-01")
    with pytest.raises(ArgumentInvalideError, match="Pas assez d'articles"):
        termes_emergents(df, "2024-01-01", "2024-02-01")
    with pytest.raises(ArgumentInvalideError, match="date"):
        termes_emergents(df, "pas une date")
    with pytest.raises(ArgumentInvalideError, match="colonne"):
        termes_emergents(df.drop(columns="date_publication"), "2025-03-10")


def test_pics_find_the_emerging_weeks():
    df = _corpus()
    counts = compter_par_fenetre(df, ["podcast natif"], freq="W")
    assert counts["total"].tolist() == [10] * 12
    assert counts["podcast natif"].tolist() == [0] * 9 + [4, 4, 4]
    p = pics(df, ["Podcast natif"])
    assert p[["debut", "fin", "articles"]].values.tolist() == [
        [pd.Timestamp("2025-03-10"), pd.Timestamp("2025-03-24"), 12]]
    with pytest.raises(ArgumentInvalideError, match="Fenêtre «\u00a0Y\u00a0» inconnue"):
        compter_par_fenetre(df, ["x"], freq="Y")


def test_matrice_termes_removes_stop_words_and_numbers():
    df = pd.DataFrame({"titre": ["Les 10 vidéos de l'été", "Les vidéos et l'été 2025", "été"]})
    _, terms = matrice_termes(df, ngrammes=(1, 1))
    assert terms.tolist() == ["videos"]  # « les », « de », « été », numbers are removed


def test_nouveaute_scores():
    df = _corpus(weeks=2, per_week=5)
    nov = nouveaute(df)
    assert nov.iloc[0] == 1.0
    assert (nov.iloc[5:] == 0).all()  # week 2 repeats week 1
    assert nov.between(0, 1).all()
    far = nouveaute(df, jours=1)
    assert (far.iloc[5:] == 1).all()  # nothing in the previous day


def test_synthese_markdown_html_and_escaping():
    f = casekit.load("flux_veille").frame.copy()
    i = f.index[(f["date_publication"] > "2025-06-15") & (f["date_publication"] < "2025-07-15")][0]
    f.loc[i, "titre"] = "<script>alert(1)</script> RGPD"
    f.loc[i, "lien"] = "javascript:alert(1)"
    s = synthese(f, "2025-06-10", "2025-07-31", regles="score:+5 texte=rgpd")
    md, page = str(s), s.html()
    for heading in ("Volume", "Termes émergents", "Veille juridique", "À vous de juger",
                    "Articles prioritaires (vos règles)"):
        assert f"## {heading}" in md
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "javascript:" not in page and "javascript:" not in md
    assert "sous-titres" in set(s.termes["terme"])
    assert len(s.articles) > 0 and (s.articles["date_publication"] >= "2025-06-10").all()


def test_synthese_legal_section_uses_whole_words():
    df = pd.DataFrame({
        "titre": ["Aller plus loin avec la newsletter", "La CNIL publie des recommandations"] * 3,
        "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-02-01", "2025-02-02",
                                            "2025-03-01", "2025-03-02"], utc=True),
    })
    s = synthese(df, "2025-03-01", "2025-03-31")
    legal = next(sec for sec in s.sections if sec.titre == "Veille juridique")
    assert [e.texte for e in legal.elements] == ["La CNIL publie des recommandations"]
    with pytest.raises(ArgumentInvalideError, match="positifs"):
        synthese(df, "2025-03-01", n_termes=0)


def test_planted_campaign_is_in_the_digest_of_its_period():
    f = casekit.load("flux_veille", seed=4).frame
    s = synthese(f, "2025-09-01", "2025-11-30")
    assert np.isin(["campagne sponsorisee", "sponsorisee", "volteo"], s.termes["terme"]).any()


def test_emerging_terms_are_displayed_with_their_accents():
    import casekit
    from casekit.veille import dedoublonner, termes_emergents

    articles = dedoublonner(casekit.load("flux_veille").frame)
    top = termes_emergents(articles, "2025-06-10", "2025-07-31", n=10)
    shown = dict(zip(top["terme"], top["libelle"], strict=True))
    # Sub-phrases of a topic are shown with their accents too.
    shown |= {casekit.veille.normaliser(x): x for subs in top["sous_expressions"] for x in subs}
    accented = {t: lab for t, lab in shown.items() if lab != t}
    assert accented, shown  # some folded terms get their accents back
    assert all(not any(ch in t for ch in "éèêàçô") for t in shown)  # keys stay folded
    for t, lab in accented.items():
        assert casekit.veille.normaliser(lab) == t
    for t, lab in zip(top["terme"], top["libelle"], strict=True):
        assert f"«\u00a0{lab}\u00a0»" in top.loc[top["terme"] == t, "explication"].iloc[0]
