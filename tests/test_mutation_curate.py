"""Curation (casekit.veille.curate) checked against its definitions.

Canonical links, duplicate criteria at their window edges, first copy by date
(not by row), chains of copies, similarity threshold and window edges, pair
precision and recall recomputed over all pairs, and the rules language with the
key words of its French messages.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.errors import ArgumentInvalideError
from casekit.veille.curate import (
    Regle,
    appliquer_regles,
    dedoublonner,
    evaluer_regroupement,
    filtrer,
    lire_regles,
    marquer_doublons,
    regrouper_similaires,
    texte_article,
    url_canonique,
)

# --------------------------------------------------------------------------- url_canonique


@pytest.mark.parametrize(("url", "expected"), [
    ("  HTTPS://Ex.ORG/Chemin/Page?b=2&a=1  ", "https://ex.org/Chemin/Page?b=2&a=1"),
    ("https://ex.org/a?UTM_Source=x&utm_campaign=y&id=3", "https://ex.org/a?id=3"),
    ("https://ex.org/a?dclid=1&msclkid=2&mc_cid=3&mc_eid=4&igshid=5&xtor=6&at_medium=7&at_campaign=8&k=v",
     "https://ex.org/a?k=v"),
    ("https://ex.org/a?xfbclid=1&fbclid2=2&utm_=3", "https://ex.org/a?xfbclid=1&fbclid2=2&utm_=3"),
    ("https://ex.org/a?vide=&b=1", "https://ex.org/a?vide=&b=1"),
    ("https://ex.org?x=1#haut", "https://ex.org/?x=1"),
    ("   ", None),
    (42, None),
])
def test_url_canonique_cases(url, expected):
    assert url_canonique(url) == expected


# --------------------------------------------------------------------------- frame checks


def test_frame_checks_name_the_function_the_type_and_the_columns():
    with pytest.raises(ArgumentInvalideError, match=r"marquer_doublons\(\) attend un DataFrame.*«\u00a0list\u00a0»"):
        marquer_doublons([1, 2])
    df = pd.DataFrame({"titre": ["x"], "autre": [1]})
    with pytest.raises(ArgumentInvalideError,
                       match=r"marquer_doublons\(\)\u00a0: colonne\(s\) absente\(s\)\u00a0: date_publication, guid, "
                             r"lien\. Colonnes présentes\u00a0: titre, autre\."):
        marquer_doublons(df)


# --------------------------------------------------------------------------- marquer_doublons


def _ids(series: pd.Series) -> list:
    """Values with missing ones as None (NA does not compare)."""
    return [None if pd.isna(v) else v for v in series]


def _df(rows, index=None):
    """Rows of (guid, lien, titre, date)."""
    return pd.DataFrame({"guid": [r[0] for r in rows], "lien": [r[1] for r in rows], "titre": [r[2] for r in rows],
                         "date_publication": pd.to_datetime([r[3] for r in rows], utc=True)}, index=index)


def test_the_first_copy_is_the_earliest_not_the_first_row():
    df = _df([("g", "https://e.org/2", "B", "2025-01-05"), ("g", "https://e.org/1", "A", "2025-01-01"),
              ("g", "https://e.org/3", "C", None)], index=["x", "y", "z"])
    m = marquer_doublons(df, par=("guid",))
    assert m["doublon_de"].tolist()[:1] == ["y"] and pd.isna(m.loc["y", "doublon_de"])
    assert m.loc["z", "doublon_de"] == "y"  # an undated copy comes last
    assert m["raison_doublon"].tolist()[0] == "même guid" and pd.isna(m.loc["y", "raison_doublon"])
    assert m["raison_doublon"].dtype == "string"
    assert "doublon_de" not in df.columns  # the input is not modified


def test_missing_keys_never_match():
    df = _df([(None, None, "A", "2025-01-01"), (None, None, "A", "2025-01-02"), (None, "", "", "2025-01-02"),
              (None, " ", "", "2025-01-03")])
    assert _ids(marquer_doublons(df, par=("guid", "lien", "titre"))["doublon_de"])[2:] == [None, None]
    m = marquer_doublons(df, par=("guid", "lien"))
    assert m["doublon_de"].isna().all()


def test_title_window_is_inclusive():
    # B is 4 days after A; C is 4 days and 1 second after B (8 days after A).
    df = _df([("a", "https://e.org/a", "Le RGAA évolue", "2025-01-01 10:00:00"),
              ("b", "https://e.org/b", "le rgaa EVOLUE", "2025-01-05 10:00:00"),
              ("c", "https://e.org/c", "Le RGAA évolue", "2025-01-09 10:00:01")])
    m = marquer_doublons(df, par=("titre",), fenetre_jours=4)
    assert _ids(m["doublon_de"]) == [None, 0, None]
    assert m.loc[1, "raison_doublon"] == "même titre"
    assert _ids(marquer_doublons(df, par=("titre",), fenetre_jours=4.5)["doublon_de"]) == [None, 0, 0]


def test_title_copies_chain_beyond_the_window_of_the_first():
    # C is 6 days after A but 3 days after B, its copy: one group, A is the original.
    df = _df([("a", "https://e.org/a", "Le RGAA évolue", "2025-01-01"),
              ("b", "https://e.org/b", "Le RGAA évolue", "2025-01-04"),
              ("c", "https://e.org/c", "Le RGAA évolue", "2025-01-07"),
              ("d", "https://e.org/d", "Le RGAA évolue", "2025-01-12"),
              ("e", "https://e.org/e", "Le RGAA évolue", None)])
    m = marquer_doublons(df, par=("titre",), fenetre_jours=4)
    assert _ids(m["doublon_de"]) == [None, 0, 0, None, None]  # D: 5 days after C; E: no date, no title link
    assert m["raison_doublon"].tolist()[1:3] == ["même titre", "même titre"]


def test_copies_chain_across_criteria_in_any_order():
    # B has A's guid, C has B's link (not A's): C is a copy of A, reached through B.
    df = _df([("a", "https://e.org/1", "Un", "2025-01-01"), ("a", "https://e.org/2", "Deux", "2025-01-02"),
              ("c", "https://e.org/2?utm_source=x", "Trois", "2025-01-03"), ("d", "https://e.org/4", "Quatre",
                                                                            "2025-01-04")],
             index=["w", "x", "y", "z"])
    for par in [("guid", "lien"), ("lien", "guid"), ("lien", "titre", "guid")]:
        m = marquer_doublons(df, par=par)
        assert _ids(m["doublon_de"]) == [None, "w", "w", None], par
        assert _ids(m["raison_doublon"]) == [None, "même guid", "même lien canonique", None], par


def test_the_reason_is_the_first_criterion_to_an_earlier_article_else_to_a_later_one():
    # B shares A's guid and link; C shares B's guid and A's link; B and C come later than A.
    df = _df([("a", "https://e.org/1", "Un", "2025-01-01"), ("a", "https://e.org/1", "Un", "2025-01-02")])
    assert _ids(marquer_doublons(df, par=("lien", "guid", "titre"))["raison_doublon"]) == [None, "même lien canonique"]
    assert _ids(marquer_doublons(df, par=("titre", "guid"))["raison_doublon"]) == [None, "même titre"]
    # B (day 2) is only linked to C (day 3), C to A: B's reason is its link to C, a later article.
    df = _df([("a", "https://e.org/1", "Un", "2025-01-01"), ("b", "https://e.org/2", "Deux", "2025-01-02"),
              ("b", "https://e.org/1", "Trois", "2025-01-03")])
    m = marquer_doublons(df, par=("lien", "guid"))
    assert _ids(m["doublon_de"]) == [None, 0, 0]
    assert _ids(m["raison_doublon"]) == [None, "même guid", "même lien canonique"]


def test_similar_copies_chain_below_the_threshold_between_the_ends():
    # A ~ B and B ~ C above the threshold, A and C below it: one story, A is the original.
    df = pd.DataFrame({"titre": ["podcast ville budget", "podcast ville budget culture sport",
                                 "culture sport ville musée"],
                       "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"], utc=True)})
    m = marquer_doublons(df, par=("similarite",), seuil=0.45)
    assert _ids(m["doublon_de"]) == [None, 0, 0]


def test_criteria_are_tried_in_order_and_copies_of_copies_point_to_the_first():
    # C has B's guid; B has A's link: C -> B -> A.
    df = _df([("a", "https://e.org/1", "Un", "2025-01-01"), ("b", "https://e.org/1?utm_source=x", "Deux", "2025-01-02"),
              ("b", "https://e.org/3", "Trois", "2025-01-03"), ("d", "https://e.org/4", "Un", "2025-01-04")])
    m = marquer_doublons(df, par=("guid", "lien", "titre"), fenetre_jours=10)
    assert _ids(m["doublon_de"]) == [None, 0, 0, 0]
    assert m["raison_doublon"].tolist()[1:] == ["même lien canonique", "même guid", "même titre"]


def test_a_chain_through_three_criteria_is_resolved():
    # D -> C (guid), C -> B (link), B -> A (title): every copy points to A.
    df = _df([("a", "https://e.org/a", "Titre commun", "2025-01-01"),
              ("b", "https://e.org/b", "Titre commun", "2025-01-02"),
              ("c", "https://e.org/b?utm_source=rss", "Autre", "2025-01-03"),
              ("c", "https://e.org/d", "Encore", "2025-01-04")])
    m = marquer_doublons(df, par=("guid", "lien", "titre"), fenetre_jours=10)
    assert _ids(m["doublon_de"]) == [None, 0, 0, 0]


def test_similarity_criterion_needs_only_titles_and_dates():
    df = pd.DataFrame({"titre": ["Le RGAA évolue encore", "Via blog : le RGAA évolue encore", "Cookies CNIL"],
                       "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-02"], utc=True)})
    m = marquer_doublons(df, par=("similarite",))
    assert _ids(m["doublon_de"]) == [None, 0, None]
    assert m.loc[1, "raison_doublon"] == "texte similaire"
    assert marquer_doublons(df, par=("similarite",), seuil=1.0)["doublon_de"].isna().all()
    far = marquer_doublons(df, par=("similarite",), fenetre_jours=0.5)
    assert far["doublon_de"].isna().all()


def test_the_semantic_option_reaches_the_similarity_criterion(monkeypatch):
    # A fake embedding: articles 0 and 2 have the same meaning, with no word in common.
    from casekit.veille import semantique as sem

    monkeypatch.setattr(sem, "plonger", lambda textes: np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    df = pd.DataFrame({"titre": ["IA générative", "Cookies CNIL", "Intelligence artificielle"],
                       "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"], utc=True)})
    assert marquer_doublons(df, par=("similarite",))["doublon_de"].isna().all()
    assert _ids(marquer_doublons(df, par=("similarite",), semantique=True)["doublon_de"]) == [None, None, 0]


def test_naive_dates_are_read_as_utc_by_the_title_window():
    df = _df([("a", "https://e.org/a", "Podcast", "2025-01-01"), ("b", "https://e.org/b", "Podcast", "2025-01-03")])
    df["date_publication"] = df["date_publication"].dt.tz_localize(None)
    assert _ids(marquer_doublons(df, par=("titre",), fenetre_jours=2)["doublon_de"]) == [None, 0]


def test_no_criterion_marks_nothing():
    df = _df([("a", "https://e.org/a", "Podcast", "2025-01-01"), ("a", "https://e.org/a", "Podcast", "2025-01-01")])
    m = marquer_doublons(df, par=())
    assert m["doublon_de"].isna().all() and m["raison_doublon"].isna().all()


def test_unknown_criterion_message():
    with pytest.raises(ArgumentInvalideError, match=r"Critère de doublon inconnu\u00a0: «\u00a0titres\u00a0».*titre"):
        marquer_doublons(_df([("a", "l", "t", "2025-01-01")]), par=("guid", "titres"))


def test_dedoublonner_counts_republications():
    df = _df([("g", "https://e.org/1", "A", "2025-01-01"), ("g", "https://e.org/2", "B", "2025-01-02"),
              ("h", "https://e.org/1", "C", "2025-01-03"), ("i", "https://e.org/9", "D", "2025-01-04")])
    kept = dedoublonner(df)
    assert kept.index.tolist() == [0, 3] and kept["nb_reprises"].tolist() == [2, 0]
    assert kept["nb_reprises"].dtype == "int64"
    assert "doublon_de" not in kept.columns and "raison_doublon" not in kept.columns
    assert dedoublonner(df, par=("guid",))["nb_reprises"].tolist() == [1, 0, 0]


def test_texte_article_joins_title_and_summary():
    df = pd.DataFrame({"titre": ["A", None], "resume": [None, "r"]})
    assert texte_article(df).tolist() == ["A . ", " . r"]
    assert texte_article(df[["titre"]]).tolist() == ["A", ""]


# --------------------------------------------------------------------------- regrouper_similaires


def test_stories_are_connected_components_numbered_by_first_article():
    df = pd.DataFrame({"titre": ["Cookies CNIL sanction", "Podcast natif sonore marque", "Podcast natif sonore",
                                 "Podcast natif", "Cookies CNIL sanction"]}, index=list("abcde"))
    g = regrouper_similaires(df, seuil=0.7)
    assert g.name == "histoire" and g.index.tolist() == list("abcde")
    # b ~ c and c ~ d: one story, even if b and d are less similar.
    assert g.tolist() == [0, 1, 1, 1, 0]


def test_similarity_threshold_is_inclusive():
    df = pd.DataFrame({"titre": ["Cookies CNIL", "Cookies CNIL", "Podcast"]})
    assert regrouper_similaires(df, seuil=1.0).tolist() == [0, 0, 1]


def test_publication_window_edges():
    df = pd.DataFrame({"titre": ["Cookies CNIL", "Cookies CNIL", "Cookies CNIL"],
                       "date_publication": pd.to_datetime(["2025-01-01 00:00:00", "2025-01-05 00:00:00", "2025-01-09 00:00:01"],
                                                          utc=True)})
    assert regrouper_similaires(df, fenetre_jours=4).tolist() == [0, 0, 1]
    assert regrouper_similaires(df, fenetre_jours=None).tolist() == [0, 0, 0]
    undated = df.assign(date_publication=pd.to_datetime(["2025-01-01", None, "2025-03-01"], utc=True))
    assert regrouper_similaires(undated, fenetre_jours=1).tolist() == [0, 0, 0]


def test_regrouper_on_empty_and_stop_word_only_frames():
    empty = regrouper_similaires(pd.DataFrame({"titre": pd.Series([], dtype=object)}))
    assert empty.empty and empty.dtype == "int64" and empty.name == "histoire"
    stop = regrouper_similaires(pd.DataFrame({"titre": ["Les", "de la"]}, index=[5, 7]))
    assert stop.tolist() == [0, 1] and stop.index.tolist() == [5, 7] and stop.name == "histoire"


@pytest.mark.parametrize("seuil", [0, -0.1, 1.01])
def test_bad_threshold_message(seuil):
    with pytest.raises(ArgumentInvalideError, match=rf"«\u00a0seuil\u00a0» doit être compris entre 0 et 1.*{seuil}"):
        regrouper_similaires(pd.DataFrame({"titre": ["x"]}), seuil=seuil)


@pytest.mark.parametrize("jours", [0, -2])
def test_bad_window_message(jours):
    with pytest.raises(ArgumentInvalideError, match=rf"fenetre_jours\u00a0» doit être un nombre de jours positif.*{jours}"):
        regrouper_similaires(pd.DataFrame({"titre": ["x"]}), fenetre_jours=jours)


# --------------------------------------------------------------------------- evaluer_regroupement


def _brute(labels: dict, pairs: list) -> dict:
    """Precision and recall over all pairs of articles, from the definitions."""
    parent = {x: x for x in labels}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        if a in labels and b in labels:
            parent[root(a)] = root(b)
    all_pairs = list(itertools.combinations(labels, 2))
    found = {p for p in all_pairs if str(labels[p[0]]) == str(labels[p[1]])}
    wanted = {p for p in all_pairs if root(p[0]) == root(p[1])}
    both = found & wanted
    precision = len(both) / len(found) if found else 1.0
    recall = len(both) / len(wanted) if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "rappel": round(recall, 4), "f1": round(f1, 4),
            "paires_trouvees": len(found), "paires_attendues": len(wanted), "paires_correctes": len(both)}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=7),
       st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=6))
def test_pair_scores_match_a_count_over_all_pairs(groups, pairs):
    labels = {f"a{i}": g for i, g in enumerate(groups)}
    pairs = [(f"a{i}", f"a{j}") for i, j in pairs]
    got = evaluer_regroupement(pd.Series(groups, index=list(labels)), pairs)
    assert got == _brute(labels, pairs)


def test_pair_scores_edge_cases():
    g = pd.Series([0, 1, 2], index=["a", "b", "c"])
    r = evaluer_regroupement(g, [])
    assert (r["precision"], r["rappel"], r["f1"]) == (1.0, 1.0, 1.0)
    r = evaluer_regroupement(g, [("a", "b")])
    assert (r["precision"], r["rappel"], r["f1"]) == (1.0, 0.0, 0.0)
    r = evaluer_regroupement(pd.Series([0, 0], index=["a", "b"]), [])
    assert (r["precision"], r["rappel"], r["f1"]) == (0.0, 1.0, 0.0)
    # one third, rounded to four decimals
    r = evaluer_regroupement(pd.Series([0, 0, 0], index=list("abc")), [("a", "b")])
    assert r["precision"] == 0.3333 and r["f1"] == 0.5


def test_pairs_as_dictionaries_and_marked_frames():
    df = _df([("g", "https://e.org/1", "A", "2025-01-01"), ("g", "https://e.org/2", "B", "2025-01-02"),
              ("h", "https://e.org/3", "C", "2025-01-03")], index=[10, 11, 12])
    marked = marquer_doublons(df)
    r = evaluer_regroupement(marked, [{"article_id": 11, "original_id": 10}])
    assert r["precision"] == 1.0 and r["rappel"] == 1.0 and r["paires_correctes"] == 1
    r = evaluer_regroupement(marked, [{"article_id": 12, "original_id": 10}])
    assert r["paires_correctes"] == 0 and r["paires_trouvees"] == 1 and r["paires_attendues"] == 1


def test_evaluer_regroupement_messages():
    with pytest.raises(ArgumentInvalideError, match=r"regrouper_similaires.*marquer_doublons.*doublon_de"):
        evaluer_regroupement(pd.DataFrame({"x": [1]}), [])
    with pytest.raises(ArgumentInvalideError, match=r"série pandas de groupes.*«\u00a0list\u00a0»"):
        evaluer_regroupement([0, 1], [])


# --------------------------------------------------------------------------- rules


def test_rules_are_parsed_with_comments_blank_lines_and_case():
    rules = lire_regles("\n# un commentaire\nBLOQUER Titre = soldes|promo   # pas de pub\n"
                        "  score:-2 texte=a#b\netiqueter:juridique categorie=jur\ngarder source=A\n")
    assert rules == [Regle("bloquer", "titre", "soldes|promo", "", 3), Regle("score", "texte", "a#b", "-2", 4),
                     Regle("etiqueter", "categorie", "jur", "juridique", 5), Regle("garder", "source", "A", "", 6)]
    assert [str(r) for r in rules] == ["bloquer titre=soldes|promo", "score:-2 texte=a#b",
                                       "etiqueter:juridique categorie=jur", "garder source=A"]
    assert lire_regles("score:7 titre=x")[0].argument == "7"
    assert lire_regles("") == []


@pytest.mark.parametrize(("text", "pattern"), [
    ("bloquer titre", r"Règle ligne 1 illisible\u00a0: «\u00a0bloquer titre\u00a0».*action champ=motif"),
    ("\n\nsurligner titre=x", r"Règle ligne 3\u00a0: action «\u00a0surligner\u00a0» inconnue"),
    ("bloqer titre=x", r"Vouliez-vous dire «.bloquer.»"),
    ("bloquer auteurs=x", r"Règle ligne 1\u00a0: champ «\u00a0auteurs\u00a0» inconnu.*auteur"),
    ("score titre=x", r"«\u00a0score\u00a0» demande un nombre entier"),
    ("score:beaucoup titre=x", r"«\u00a0score\u00a0» demande un nombre entier"),
    ("score:+5x titre=x", r"nombre entier"),
    ("etiqueter titre=x", r"«\u00a0etiqueter\u00a0» demande une étiquette"),
    ("bloquer:fort titre=x", r"l'action «\u00a0bloquer\u00a0» ne prend pas d'argument \(«\u00a0:fort\u00a0»\)"),
    ("garder titre=(x", r"Règle ligne 1\u00a0: motif «\u00a0\(x\u00a0» invalide \(expression régulière\)"),
])
def test_rule_errors_name_the_line_and_the_problem(text, pattern):
    with pytest.raises(ArgumentInvalideError, match=pattern):
        lire_regles(text)


def test_rules_must_be_text():
    with pytest.raises(ArgumentInvalideError, match=r"un texte \(une règle par ligne\).*«\u00a0int\u00a0»"):
        lire_regles(3)


def _feed():
    return pd.DataFrame({
        "titre": ["Soldes d'ÉTÉ", "Le RGPD et vous", "Accessibilité : le RGAA", "Podcast natif"],
        "resume": ["Promo", "La CNIL veille", None, "Écoute"],
        "source": ["A", "B", pd.NA, "B"],
        "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"], utc=True),
    })


def test_rules_preview_blocks_scores_and_tags_with_reasons():
    r = appliquer_regles(_feed(), "bloquer titre=ete\nscore:+5 texte=rgpd|cnil\nscore:-2 texte=cnil\n"
                                  "etiqueter:droit texte=cnil\netiqueter:droit titre=rgpd\netiqueter:a11y titre=rgaa")
    assert r["bloque"].tolist() == [True, False, False, False]
    assert r["score"].tolist() == [0, 3, 0, 0]
    assert r["etiquettes_regles"].tolist() == ["", "droit", "a11y", ""]
    assert r["regles"].tolist()[1] == "score:+5 texte=rgpd|cnil | score:-2 texte=cnil | etiqueter:droit texte=cnil" \
                                      " | etiqueter:droit titre=rgpd"
    assert r["regles"].tolist()[0] == "bloquer titre=ete"
    assert r["etiquettes_regles"].dtype == "string" and r["score"].dtype == "int64" and r["bloque"].dtype == bool
    assert "bloque" not in _feed().columns


def test_two_tags_are_joined():
    r = appliquer_regles(_feed(), "etiqueter:un titre=rgpd\netiqueter:deux resume=cnil")
    assert r["etiquettes_regles"].tolist()[1] == "un; deux"


def test_keep_rules_block_every_other_article_and_blocks_win():
    r = appliquer_regles(_feed(), "garder source=b\nbloquer titre=podcast")
    assert r["bloque"].tolist() == [True, False, True, True]
    r = appliquer_regles(_feed(), "garder source=zzz")
    assert r["bloque"].all()


def test_rules_given_as_objects_and_unknown_fields():
    r = appliquer_regles(_feed(), [Regle("score", "resume", "ecoute", "4")])
    assert r["score"].tolist() == [0, 0, 0, 4]
    with pytest.raises(ArgumentInvalideError, match="Le champ «\u00a0auteur\u00a0» n'existe pas dans ces articles"):
        appliquer_regles(_feed(), "bloquer auteur=x")
    with pytest.raises(ArgumentInvalideError, match=r"Vouliez-vous dire «.resume.»"):
        appliquer_regles(_feed(), [Regle("bloquer", "resumee", "x")])


def test_filtrer_sorts_by_score_then_most_recent():
    kept = filtrer(_feed(), "bloquer titre=soldes\nscore:+1 texte=rgpd|rgaa")
    assert kept.index.tolist() == [2, 1, 3]
    no_date = filtrer(_feed().drop(columns="date_publication"), "score:+1 texte=podcast|rgpd")
    assert no_date.index.tolist() == [1, 3, 0, 2]


# --------------------------------------------------------------------------- more edges


@pytest.mark.parametrize("fn", [marquer_doublons, regrouper_similaires, appliquer_regles])
def test_a_non_frame_names_the_function(fn):
    args = ("bloquer titre=x",) if fn is appliquer_regles else ()
    with pytest.raises(ArgumentInvalideError) as exc:
        fn([{"titre": "x"}], *args)
    assert str(exc.value).startswith(f"{fn.__name__}() attend un DataFrame")


def test_copies_published_at_the_same_instant_keep_the_row_order():
    n = 40
    df = _df([(f"g{i}", f"https://e.org/{i}", f"Titre {i}", "2025-01-01") for i in range(n)])
    df.loc[22, "guid"] = "g5"
    m = marquer_doublons(df, par=("guid",))
    assert m.loc[22, "doublon_de"] == 5 and m["doublon_de"].notna().sum() == 1


def test_doublon_de_holds_index_labels_and_na():
    df = _df([("g", "https://e.org/1", "A", "2025-01-01"), ("g", "https://e.org/2", "B", "2025-01-02"),
              ("h", "https://e.org/3", "C", "2025-01-03")])
    m = marquer_doublons(df, par=("guid",))
    assert m["doublon_de"].dtype == object
    assert m["doublon_de"].iloc[0] is pd.NA and m["doublon_de"].iloc[1] == 0


def test_one_article_is_one_story_and_an_empty_frame_keeps_its_index():
    assert regrouper_similaires(pd.DataFrame({"titre": ["Podcast natif"]}, index=[9])).to_dict() == {9: 0}
    empty = pd.DataFrame({"titre": pd.Series([], dtype=object)}, index=pd.Index([], dtype=object, name="article_id"))
    assert regrouper_similaires(empty).index.name == "article_id"


def test_similarity_ignores_stop_words_and_keeps_hyphenated_words():
    stop = pd.DataFrame({"titre": ["Le podcast de la ville", "Le contraste de la page"]})
    assert regrouper_similaires(stop, seuil=0.05).tolist() == [0, 1]
    hyphen = pd.DataFrame({"titre": ["Sous-titres", "Titres"]})
    assert regrouper_similaires(hyphen, seuil=0.05).tolist() == [0, 1]


def test_a_text_of_stop_words_after_the_others_is_its_own_story():
    df = pd.DataFrame({"titre": ["Cookies CNIL", "Cookies CNIL", "Les"]})
    assert regrouper_similaires(df).tolist() == [0, 0, 1]


def test_naive_publication_dates_are_read_as_utc():
    df = pd.DataFrame({"titre": ["Cookies CNIL"] * 3,
                       "date_publication": pd.to_datetime(["2025-01-01", "2025-01-03", "2025-02-01"])})
    assert regrouper_similaires(df, fenetre_jours=4).tolist() == [0, 0, 1]


def test_pairs_naming_unknown_articles_are_ignored():
    g = pd.Series([0, 1, 2], index=["a", "b", "c"])
    r = evaluer_regroupement(g, [("a", "zz"), ("c", "zz")])
    assert r["paires_attendues"] == 0 and r["rappel"] == 1.0


def test_message_openings_and_endings():
    with pytest.raises(ArgumentInvalideError) as exc:
        evaluer_regroupement(pd.DataFrame({"x": [1]}), [])
    text = str(exc.value)
    assert text.startswith("evaluer_regroupement() attend une série de groupes") and text.endswith("doublon_de\u00a0»).")
    with pytest.raises(ArgumentInvalideError) as exc:
        lire_regles("bloquer")
    assert str(exc.value).endswith("bloquer titre=promo|soldes\u00a0».")


def test_missing_values_never_match_a_rule():
    r = appliquer_regles(_feed(), "bloquer source=x|a")
    assert r["bloque"].tolist() == [True, False, False, False]


def test_every_block_rule_counts():
    r = appliquer_regles(_feed(), "bloquer titre=soldes\nbloquer titre=podcast")
    assert r["bloque"].tolist() == [True, False, False, True]


def test_filtrer_keeps_the_row_order_among_ties_without_dates():
    df = pd.DataFrame({"titre": [f"Article {i} {'rgpd' if i % 2 else ''}" for i in range(17)]})
    kept = filtrer(df, "score:+1 titre=rgpd")
    assert kept.index.tolist() == list(range(1, 17, 2)) + list(range(0, 17, 2))


def test_group_labels_may_be_text():
    g = pd.Series(["h1", "h1", "h2"], index=["a", "b", "c"])
    r = evaluer_regroupement(g, [("b", "a")])
    assert (r["precision"], r["rappel"], r["paires_trouvees"]) == (1.0, 1.0, 1)
