"""Curation: canonical links, duplicates, similar stories, rules."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.errors import ArgumentInvalideError
from casekit.veille import (
    appliquer_regles,
    dedoublonner,
    evaluer_regroupement,
    filtrer,
    lire_regles,
    marquer_doublons,
    regrouper_similaires,
    url_canonique,
)


def _articles():
    return pd.DataFrame({
        "titre": ["Le RGAA évolue", "Le RGAA évolue", "Soldes d'ÉTÉ chez CycloMax", "Cookies : la CNIL sanctionne",
                  "le rgaa ÉVOLUE"],
        "resume": ["Nouvelle version.", "Nouvelle version.", "Promotions.", "Bandeaux trompeurs.", "Nouvelle version !"],
        "lien": ["https://a.example.org/rgaa", "https://A.example.org/rgaa?utm_source=b", "https://c.example.org/s",
                 "https://a.example.org/cnil", "https://d.example.org/rgaa"],
        "guid": ["a1", "b1", "c1", "a2", "d1"],
        "source": ["A", "B", "C", "A", "D"],
        "categorie": ["technique", "technique", "concurrence", "juridique", "technique"],
        "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-02-20"],
                                           utc=True),
    })


@pytest.mark.parametrize(("url", "expected"), [
    ("https://Ex.ORG/a?utm_source=x&utm_medium=rss", "https://ex.org/a"),
    ("https://ex.org/a?b=2&fbclid=1&gclid=2#frag", "https://ex.org/a?b=2"),
    ("https://ex.org", "https://ex.org/"),
    ("", None),
    (pd.NA, None),
])
def test_url_canonique(url, expected):
    assert url_canonique(url) == expected


def test_title_duplicates_only_within_the_window():
    df = _articles()
    df.loc[1, "lien"] = "https://b.example.org/autre"
    marked = marquer_doublons(df, par=("guid", "lien", "titre"), fenetre_jours=7)
    # Same normalised title one day later is a copy; 50 days later it is not.
    assert marked.loc[1, "doublon_de"] == 0
    assert marked.loc[1, "raison_doublon"] == "même titre"
    assert pd.isna(marked.loc[4, "doublon_de"])
    by_link = marquer_doublons(_articles())
    assert by_link.loc[1, "doublon_de"] == 0 and by_link.loc[1, "raison_doublon"] == "même lien canonique"
    kept = dedoublonner(_articles())
    assert kept.loc[0, "nb_reprises"] == 1 and len(kept) == 4


def test_duplicate_chains_point_to_the_first_article():
    df = _articles().iloc[:3].copy()
    df["guid"] = ["g", "g2", "g3"]
    df["lien"] = ["https://e.org/1", "https://e.org/1?utm_source=x", "https://e.org/2"]
    df.loc[2, "titre"] = "Le RGAA évolue"
    marked = marquer_doublons(df, par=("lien", "titre"))
    assert marked["doublon_de"].tolist()[1:] == [0, 0]


def test_marquer_doublons_bad_inputs():
    with pytest.raises(ArgumentInvalideError, match="Vouliez-vous dire «\u00a0lien\u00a0»"):
        marquer_doublons(_articles(), par=("liens",))
    with pytest.raises(ArgumentInvalideError, match="colonne"):
        marquer_doublons(_articles().drop(columns="guid"))
    with pytest.raises(ArgumentInvalideError, match="DataFrame"):
        dedoublonner([1, 2])


def test_regrouper_similaires_threshold_and_window():
    # Without a window, the same story 50 days later joins the group, case and accents aside.
    groups = regrouper_similaires(_articles(), seuil=0.8, fenetre_jours=None)
    assert groups[0] == groups[1] == groups[4]
    assert len({groups[0], groups[2], groups[3]}) == 3
    # With the default window (4 days), it is another story.
    groups = regrouper_similaires(_articles(), seuil=0.8)
    assert groups[0] == groups[1] != groups[4]
    assert regrouper_similaires(_articles(), seuil=1.0).nunique() <= 5
    # Without dates, the window does not apply.
    assert regrouper_similaires(_articles().drop(columns="date_publication"), seuil=0.8).nunique() == 3
    with pytest.raises(ArgumentInvalideError, match="seuil"):
        regrouper_similaires(_articles(), seuil=0)
    with pytest.raises(ArgumentInvalideError, match="fenetre_jours"):
        regrouper_similaires(_articles(), fenetre_jours=0)


def _reworded():
    return pd.DataFrame({
        "titre": ["Cookies : la CNIL sanctionne trois sites", "Via Le Blog : cookies, la CNIL sanctionne trois sites",
                  "Accessibilité : le RGAA 4.1.2 en vigueur"],
        "resume": ["Des bandeaux trompeurs et un refus impossible, selon Iris Belard à Brest.",
                   "Des bandeaux trompeurs et un refus impossible, selon Iris Belard à Brest.",
                   "La nouvelle version du référentiel est publiée."],
        "lien": ["https://a.example.org/cnil", "https://b.example.org/revue/cnil?utm_source=x",
                 "https://a.example.org/rgaa"],
        "guid": ["a1", "b1", "a2"],
        "date_publication": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-01-03"], utc=True),
    })


def test_similarity_criterion_finds_reworded_copies():
    df = _reworded()
    assert marquer_doublons(df, par=("guid", "lien", "titre"))["doublon_de"].isna().all()
    marked = marquer_doublons(df, par=("guid", "lien", "similarite"))
    assert pd.isna(marked.loc[0, "doublon_de"]) and pd.isna(marked.loc[2, "doublon_de"])
    assert marked.loc[1, "doublon_de"] == 0 and marked.loc[1, "raison_doublon"] == "texte similaire"
    kept = dedoublonner(df, par=("guid", "lien", "similarite"))
    assert len(kept) == 2 and kept.loc[0, "nb_reprises"] == 1
    # Outside the window, it is not a copy any more.
    late = df.assign(date_publication=pd.to_datetime(["2025-01-01", "2025-01-20", "2025-01-03"], utc=True))
    assert marquer_doublons(late, par=("similarite",))["doublon_de"].isna().all()


def test_evaluer_regroupement_counts_pairs():
    g = pd.Series([0, 0, 0, 1, 2], index=list("abcde"))
    # Expected groups {a, b, c} (through a chain) and {d, e}.
    r = evaluer_regroupement(g, [("b", "a"), {"article_id": "c", "original_id": "b"}, ("e", "d")])
    assert (r["paires_trouvees"], r["paires_attendues"], r["paires_correctes"]) == (3, 4, 3)
    assert r["precision"] == 1.0 and r["rappel"] == 0.75
    assert evaluer_regroupement(pd.Series([0, 1], index=["a", "b"]), [])["precision"] == 1.0
    # The result of marquer_doublons is accepted as is.
    marked = marquer_doublons(_articles())
    r = evaluer_regroupement(marked, [(1, 0)])
    assert r["precision"] == r["rappel"] == 1.0
    with pytest.raises(ArgumentInvalideError, match="série"):
        evaluer_regroupement([0, 1], [])
    with pytest.raises(ArgumentInvalideError, match="doublon_de"):
        evaluer_regroupement(_articles(), [])


def test_rules_preview_then_filter():
    rules = """
    # Ma veille
    bloquer titre=soldes|promo
    score:+5 texte=cnil|rgpd
    score:-1 source=^A$
    etiqueter:accessibilite texte=rgaa   # accents and case are ignored
    """
    r = appliquer_regles(_articles(), rules)
    assert r["bloque"].tolist() == [False, False, True, False, False]
    assert r["score"].tolist() == [-1, 0, 0, 4, 0]
    assert r.loc[0, "etiquettes_regles"] == "accessibilite"
    assert "bloquer titre=soldes|promo" in r.loc[2, "regles"]
    kept = filtrer(_articles(), rules)
    assert kept.index[0] == 3 and 2 not in kept.index


def test_garder_blocks_everything_else():
    r = appliquer_regles(_articles(), "garder categorie=juridique\ngarder titre=ÉVOLUE")
    assert r["bloque"].tolist() == [False, False, True, False, False]


@pytest.mark.parametrize(("rules", "message"), [
    ("surligner titre=x", "action «\u00a0surligner\u00a0» inconnue"),
    ("bloquer titr=x", "Vouliez-vous dire «\u00a0titre\u00a0»"),
    ("bloquer titre=(", "motif «\u00a0(\u00a0» invalide"),
    ("score titre=x", "nombre entier"),
    ("score:beaucoup titre=x", "nombre entier"),
    ("etiqueter titre=x", "demande une étiquette"),
    ("bloquer:3 titre=x", "ne prend pas d'argument"),
    ("bloquer le titre", "illisible"),
])
def test_rule_errors_are_french_and_located(rules, message):
    with pytest.raises(ArgumentInvalideError, match="ligne 1") as exc:
        lire_regles(rules)
    assert message in str(exc.value)


def test_rule_on_a_missing_column():
    with pytest.raises(ArgumentInvalideError, match="champ «\u00a0auteur\u00a0» n'existe pas"):
        appliquer_regles(_articles(), "bloquer auteur=x")
    with pytest.raises(ArgumentInvalideError, match="texte"):
        lire_regles(["bloquer titre=x"])
