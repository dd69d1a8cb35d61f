"""Curation: canonical links, duplicates, similar stories, rules."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.errors import ArgumentInvalideError
from casekit.veille import (
    appliquer_regles,
    dedoublonner,
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
    with pytest.raises(ArgumentInvalideError, match="Vouliez-vous dire « lien »"):
        marquer_doublons(_articles(), par=("liens",))
    with pytest.raises(ArgumentInvalideError, match="colonne"):
        marquer_doublons(_articles().drop(columns="guid"))
    with pytest.raises(ArgumentInvalideError, match="DataFrame"):
        dedoublonner([1, 2])


def test_regrouper_similaires_threshold():
    groups = regrouper_similaires(_articles(), seuil=0.8)
    assert groups[0] == groups[1] == groups[4]  # same story, case and accents aside
    assert len({groups[0], groups[2], groups[3]}) == 3
    assert regrouper_similaires(_articles(), seuil=1.0).nunique() <= 5
    with pytest.raises(ArgumentInvalideError, match="seuil"):
        regrouper_similaires(_articles(), seuil=0)


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
    ("surligner titre=x", "action « surligner » inconnue"),
    ("bloquer titr=x", "Vouliez-vous dire « titre »"),
    ("bloquer titre=(", "motif « ( » invalide"),
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
    with pytest.raises(ArgumentInvalideError, match="champ « auteur » n'existe pas"):
        appliquer_regles(_articles(), "bloquer auteur=x")
    with pytest.raises(ArgumentInvalideError, match="texte"):
        lire_regles(["bloquer titre=x"])
