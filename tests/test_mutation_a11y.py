"""Behaviour that the surviving mutants of casekit/a11y.py broke (issue 13).

Expected values come from the definitions (WCAG 2.x relative luminance, CIE L*a*b*
with the CIE constants ε = 216/24389 and κ = 24389/27, the syllable rule of the
docstring, the Kandel–Moles formula), never from today's output.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from messages import mots, phrase

from casekit import a11y
from casekit.errors import ArgumentInvalideError

# ---------------------------------------------------------------------------
# independent references
# ---------------------------------------------------------------------------

SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],  # IEC 61966-2-1, D65
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])


def lin_ref(v8: int) -> float:
    c = v8 / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab_ref(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    lin = np.array([lin_ref(int(h[i:i + 2], 16)) for i in (0, 2, 4)])
    xyz = SRGB_TO_XYZ @ lin / SRGB_TO_XYZ.sum(axis=1)  # white point = image of white
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(c1: str, c2: str) -> float:
    return float(np.linalg.norm(lab_ref(c1) - lab_ref(c2)))


# ---------------------------------------------------------------------------
# luminance and sRGB linearisation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("v8", [1, 10, 11, 128, 254])
def test_luminance_of_greys_follows_the_srgb_curve_on_both_sides_of_the_knee(v8):
    code = f"#{v8:02X}{v8:02X}{v8:02X}"
    assert a11y.luminance_relative(code) == pytest.approx(lin_ref(v8), rel=1e-9)


def test_luminance_of_primaries_is_their_wcag_weight():
    assert a11y.luminance_relative("#FF0000") == pytest.approx(0.2126)
    assert a11y.luminance_relative("#00FF00") == pytest.approx(0.7152)
    assert a11y.luminance_relative("#0000FF") == pytest.approx(0.0722)


def test_colour_codes_are_trimmed_and_case_insensitive():
    assert a11y.ratio_contraste("  #ffffff ", "000000") == pytest.approx(21.0)


# ---------------------------------------------------------------------------
# palettes
# ---------------------------------------------------------------------------


def test_palette_errors_in_french():
    with pytest.raises(ArgumentInvalideError, match=phrase("Donnez les couleurs", debut=True)):
        a11y.verifier_palette(None)
    with pytest.raises(ArgumentInvalideError, match=phrase("un dictionnaire nom")):
        a11y.verifier_palette(None)
    with pytest.raises(ArgumentInvalideError, match=phrase("d'un cas", fin=True)):
        a11y.verifier_palette(None)
    with pytest.raises(ArgumentInvalideError, match=phrase("Un tableau de couleurs doit avoir les colonnes "
                                                           "nom et hex", debut=True, fin=True)):
        a11y.verifier_palette(pd.DataFrame({"name": ["a", "b"], "code": ["#000000", "#FFFFFF"]}))
    with pytest.raises(ArgumentInvalideError, match=phrase("Il faut au moins deux couleurs pour vérifier des "
                                                           "contrastes", debut=True, fin=True)):
        a11y.verifier_palette("#FFFFFF")  # one code given as a string
    with pytest.raises(ArgumentInvalideError, match=mots("couleurs", "liste", "int")):
        a11y.verifier_palette(42)
    with pytest.raises(ArgumentInvalideError, match=mots("Couleur invalide", "hexadécimal")):
        a11y.verifier_palette([1, 2])


def test_palette_from_a_dataframe_and_from_dicts_without_name():
    t = a11y.verifier_palette(pd.DataFrame({"nom": ["noir", "blanc"], "hex": ["#000000", "#ffffff"]}))
    assert t.loc[0, ["couleur_1", "couleur_2", "hex_1", "hex_2"]].tolist() == ["noir", "blanc", "#000000",
                                                                             "#FFFFFF"]
    t = a11y.verifier_palette([{"hex": "#000000"}, {"nom": "blanc", "hex": "#FFFFFF"}])
    assert t.loc[0, ["couleur_1", "couleur_2"]].tolist() == ["#000000", "blanc"]


def test_palette_ties_keep_the_order_of_the_pairs_and_a_clean_index():
    pal = {f"c{i:02d}": ("#000000" if i % 2 else "#FFFFFF") for i in range(24)}
    t = a11y.verifier_palette(pal)
    assert list(t.columns) == ["couleur_1", "couleur_2", "hex_1", "hex_2", "ratio", "texte_normal_aa",
                               "grand_texte_aa", "non_textuel_aa"]
    assert t.index.tolist() == list(range(len(t)))
    pairs = list(itertools.combinations(pal, 2))
    expected = ([p for p in pairs if pal[p[0]] != pal[p[1]]] + [p for p in pairs if pal[p[0]] == pal[p[1]]])
    assert list(zip(t["couleur_1"], t["couleur_2"], strict=True)) == expected


# ---------------------------------------------------------------------------
# colour-vision deficiency
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("type_", sorted(a11y.MATRICES_MACHADO))
@pytest.mark.parametrize("grey", ["#000000", "#0A0A0A", "#808080", "#FFFFFF"])
def test_simulation_keeps_greys(type_, grey):
    # each row of a Machado matrix sums to 1: achromatic colours are seen unchanged
    assert a11y.simuler_daltonisme([grey], type_) == [grey]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 0xFFFFFF), min_size=1, max_size=4),
       st.sampled_from(sorted(a11y.MATRICES_MACHADO)))
def test_simulated_colours_are_valid_codes(values, type_):
    out = a11y.simuler_daltonisme([f"#{v:06X}" for v in values], type_)
    assert len(out) == len(values)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in out), out


@pytest.mark.parametrize("fn", [a11y.simuler_daltonisme, a11y.distance_minimale])
def test_colour_list_errors_name_the_type_received(fn):
    args = ("protanopie",) if fn is a11y.simuler_daltonisme else ()
    with pytest.raises(ArgumentInvalideError, match=mots("couleurs", "liste de codes hexadécimaux", "str")):
        fn("#FFFFFF", *args)
    with pytest.raises(ArgumentInvalideError, match=mots("couleurs", "liste de codes hexadécimaux", "int")):
        fn(42, *args)


def test_distance_needs_two_colours_in_french():
    with pytest.raises(ArgumentInvalideError, match=phrase("Il faut au moins deux couleurs pour mesurer une "
                                                           "distance", debut=True, fin=True)):
        a11y.distance_minimale(["#000000"])


@pytest.mark.parametrize("colour", ["#FF0000", "#00FF00", "#0000FF", "#010101", "#0A0A0A", "#171717",
                                    "#1A1A1A", "#202020", "#1B5E20", "#E6A700"])
def test_distance_is_cie76_delta_e(colour):
    assert a11y.distance_minimale(["#FFFFFF", colour]) == pytest.approx(delta_e("#FFFFFF", colour), abs=1e-3)
    assert a11y.distance_minimale(["#000000", colour]) == pytest.approx(delta_e("#000000", colour), abs=1e-3)


def test_distance_of_primaries_matches_published_lab_values():
    # sRGB red in CIELAB (D65): L* 53.24, a* 80.09, b* 67.20
    assert a11y.distance_minimale(["#000000", "#FF0000"]) == pytest.approx(
        math.hypot(53.2408, 80.0925, 67.2032), abs=0.01)


def test_distance_is_the_smallest_pair_whatever_the_order():
    cols = ["#FF0000", "#000000", "#FFFFFF", "#FE0000"]
    expected = min(delta_e(a, b) for a, b in itertools.combinations(cols, 2))
    for perm in itertools.permutations(cols):
        assert a11y.distance_minimale(list(perm)) == pytest.approx(expected, abs=1e-6)


# ---------------------------------------------------------------------------
# reading level
# ---------------------------------------------------------------------------


def kandel_moles(words: int, sentences: int, syllables: int) -> float:
    return 207 - 1.015 * words / sentences - 73.6 * syllables / words


@pytest.mark.parametrize(("word", "syllables"), [
    ("porte", 1), ("portes", 1), ("portent", 1), ("PORTE", 1), ("aime", 1),
    ("une", 2), ("vélo", 2), ("arrivée", 3), ("arrivées", 3), ("bicyclette", 3), ("'une", 2),
])
def test_syllables_by_vowel_groups_with_mute_final_e(word, syllables):
    assert a11y.niveau_lecture(word) == pytest.approx(kandel_moles(1, 1, syllables))


def test_reading_level_with_several_sentences():
    # 8 words, 2 sentences; syllables: une 2, seule 1, phrase 1, ici 2, et 1, puis 1, une 2, autre 1
    assert a11y.niveau_lecture("Une seule phrase ici. Et puis une autre.") == pytest.approx(
        kandel_moles(8, 2, 11))


def test_reading_level_missing_and_wrong_inputs():
    assert math.isnan(a11y.niveau_lecture(float("nan")))
    assert math.isnan(a11y.niveau_lecture("123 456 !"))
    with pytest.raises(ArgumentInvalideError, match=mots("texte", "float")):
        a11y.niveau_lecture(1.5)
    with pytest.raises(ArgumentInvalideError, match=mots("texte", "int")):
        a11y.niveau_lecture(42)


# ---------------------------------------------------------------------------
# content audit
# ---------------------------------------------------------------------------

CHECKS = ["alt_manquant", "sous_titres_manquants", "contraste_insuffisant", "lecture_difficile"]


def test_missing_columns_give_na_checks_on_the_inventory_labels():
    inv = pd.DataFrame({"titre": ["a", "b"]}, index=["x", "y"])
    a = a11y.audit_contenus(inv)
    assert a.index.tolist() == ["x", "y"]
    for c in CHECKS:
        assert str(a[c].dtype) == "boolean" and a[c].isna().all(), c
    assert a["nb_problemes"].tolist() == [0, 0]


def test_without_format_every_row_needs_alt_text_following_labels():
    inv = pd.DataFrame({"alt_texte": ["", "Un vélo", None]}, index=["p", "q", "r"])
    a = a11y.audit_contenus(inv)
    assert a["alt_manquant"].tolist() == [True, False, True]
    assert str(a["alt_manquant"].dtype) == "boolean"


@pytest.mark.parametrize("fmt", ["image", "Photo", "carrousel", "infographie"])
def test_image_formats_need_alt_text(fmt):
    inv = pd.DataFrame({"format": [fmt, "article", None], "alt_texte": ["", "", ""]})
    assert a11y.audit_contenus(inv)["alt_manquant"].tolist() == [True, False, False]


@pytest.mark.parametrize("value", ["NON", "False", "0", "  "])
def test_negative_text_answers_count_as_missing(value):
    inv = pd.DataFrame({"format": ["image", "image"], "alt_texte": [value, "oui"]})
    assert a11y.audit_contenus(inv)["alt_manquant"].tolist() == [True, False]


def test_boolean_columns_without_missing_values_keep_a_nullable_dtype():
    inv = pd.DataFrame({"format": ["image", "article"], "a_texte_alternatif": [False, False],
                        "contraste_ok": pd.array([True, False], dtype="boolean")})
    a = a11y.audit_contenus(inv)
    assert a["alt_manquant"].tolist() == [True, False] and str(a["alt_manquant"].dtype) == "boolean"
    assert a["contraste_insuffisant"].tolist() == [False, True]
    assert str(a["contraste_insuffisant"].dtype) == "boolean"


@pytest.mark.parametrize(("key", "names"), [(k, v) for k, v in a11y._AUDIT_COLS.items()])
def test_every_usual_column_name_is_found(key, names):
    for name in names:
        values = {"alt": ["", ""], "sous_titres": ["", ""], "contraste": [2.0, 9.0],
                  "texte": ["Anticonstitutionnellement inintelligible.", "Le vélo."],
                  "lecture": ["expert", "facile"], "format": ["video", "image"]}[key]
        a = a11y.audit_contenus(pd.DataFrame({name: values}))
        check = {"alt": "alt_manquant", "sous_titres": "sous_titres_manquants",
                 "contraste": "contraste_insuffisant", "texte": "lecture_difficile",
                 "lecture": "lecture_difficile", "format": None}[key]
        if check is None:  # the format column is found: it restricts the checks
            a = a11y.audit_contenus(pd.DataFrame({name: values, "alt_texte": ["", ""]}))
            assert a["alt_manquant"].tolist() == [False, True], name
        else:
            assert a[check].tolist()[0] is True, name
            assert a[check].notna().all(), name


@pytest.mark.parametrize("level", sorted(a11y.NIVEAUX_DIFFICILES))
def test_hard_reading_labels(level):
    a = a11y.audit_contenus(pd.DataFrame({"niveau_lecture": [f" {level.upper()} ", "courant", None]}))
    assert a["lecture_difficile"].tolist()[:2] == [True, False] and pd.isna(a["lecture_difficile"].iloc[2])
    assert str(a["lecture_difficile"].dtype) == "boolean"


def test_named_columns_are_used():
    inv = pd.DataFrame({"support": ["video", "image"], "st": ["", ""], "ratio": [3.0, 7.0],
                        "corps_du_texte": ["Le vélo.", "Le vélo."]})
    a = a11y.audit_contenus(inv, col_format="support", col_sous_titres="st", col_contraste="ratio",
                            col_texte="corps_du_texte", col_alt="st")
    assert a["sous_titres_manquants"].tolist() == [True, False]
    assert a["alt_manquant"].tolist() == [False, True]
    assert a["contraste_insuffisant"].tolist() == [True, False]
    assert a["lecture_difficile"].tolist() == [False, False]


def test_unknown_named_column_suggests_the_right_one():
    with pytest.raises(ArgumentInvalideError, match=mots("Colonne", "alt_text", "absente", "alt_texte")):
        a11y.audit_contenus(pd.DataFrame({"alt_texte": ["x"]}), col_alt="alt_text")
    with pytest.raises(ArgumentInvalideError, match=phrase("Vouliez-vous dire alt_texte")):
        a11y.audit_contenus(pd.DataFrame({"alt_texte": ["x"]}), col_alt="alt_text")


def test_unreadable_ratio_is_not_checked():
    a = a11y.audit_contenus(pd.DataFrame({"contraste_ratio": ["inconnu", 2.0, 7.0]}))
    assert pd.isna(a["contraste_insuffisant"].iloc[0])
    assert a["contraste_insuffisant"].tolist()[1:] == [True, False]


def test_reading_score_from_text_column_and_its_threshold():
    texts = ["Le chat dort.", None]  # a score whose second decimal is not 0
    score = a11y.niveau_lecture(texts[0])
    a = a11y.audit_contenus(pd.DataFrame({"texte": texts}), seuil_lecture=score)
    assert a["niveau_lecture_score"].iloc[0] == round(score, 1) and pd.isna(a["niveau_lecture_score"].iloc[1])
    assert a["lecture_difficile"].iloc[0] is False or a["lecture_difficile"].iloc[0] == False  # noqa: E712
    assert pd.isna(a["lecture_difficile"].iloc[1]) and str(a["lecture_difficile"].dtype) == "boolean"
    b = a11y.audit_contenus(pd.DataFrame({"texte": texts}), seuil_lecture=score + 0.01)
    assert bool(b["lecture_difficile"].iloc[0])


def test_number_of_problems_is_an_integer_count():
    inv = pd.DataFrame({"format": ["image", "video"], "alt_texte": ["", ""], "sous_titres": ["", ""],
                        "contraste_ratio": [2.0, 2.0]})
    a = a11y.audit_contenus(inv)
    assert a["nb_problemes"].tolist() == [2, 2] and pd.api.types.is_integer_dtype(a["nb_problemes"])


def test_audit_error_in_french():
    with pytest.raises(ArgumentInvalideError, match=mots("inventaire", "DataFrame", "inventaire_contenus")):
        a11y.audit_contenus({"alt_texte": ["x"]})
    with pytest.raises(ArgumentInvalideError, match=phrase("inventaire doit être un DataFrame", debut=True)):
        a11y.audit_contenus({"alt_texte": ["x"]})
    with pytest.raises(ArgumentInvalideError, match=phrase("le jeu inventaire_contenus", fin=True)):
        a11y.audit_contenus({"alt_texte": ["x"]})


# ---------------------------------------------------------------------------
# summary
# ---------------------------------------------------------------------------


def test_summary_of_exactly_the_four_checks():
    audit = pd.DataFrame({c: pd.array([True, False, None], dtype="boolean") for c in CHECKS})
    r = a11y.resume_audit(audit)
    assert r["controle"].tolist() == ["Texte alternatif manquant", "Sous-titres manquants",
                                      "Contraste insuffisant", "Lecture difficile"]
    for crit, ref in zip(r["critere"], ["WCAG 1.1.1 / RGAA 1.1", "WCAG 1.2.2 / RGAA 4.3",
                                        "WCAG 1.4.3 / RGAA 3.2", "WCAG 3.1.5"], strict=True):
        assert re.fullmatch(phrase(ref, debut=True, fin=True), crit), crit
    assert r["contenus_controles"].tolist() == [2] * 4
    assert r["contenus_en_defaut"].tolist() == [1] * 4
    assert r["part_en_defaut_pct"].tolist() == [50.0] * 4


def test_summary_errors_in_french():
    for bad in ([1, 2], pd.DataFrame({"alt_manquant": [True]})):
        with pytest.raises(ArgumentInvalideError, match=mots("audit", "audit_contenus", "alt_manquant",
                                                             type(bad).__name__)):
            a11y.resume_audit(bad)
        with pytest.raises(ArgumentInvalideError, match=phrase("audit doit être le résultat", debut=True)):
            a11y.resume_audit(bad)
        with pytest.raises(ArgumentInvalideError, match=phrase("alt_manquant sous_titres_manquants")):
            a11y.resume_audit(bad)
