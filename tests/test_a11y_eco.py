"""Accessibility and footprint helpers against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit import a11y, eco
from casekit.errors import ArgumentInvalideError, NomInconnuError


def test_contrast_ratio_by_hand():
    # #777777: c = 119/255 = 0.46667 -> ((c + 0.055) / 1.055) ** 2.4 = 0.18447
    # ratio with white = 1.05 / (0.18447 + 0.05) = 4.478
    assert a11y.ratio_contraste("#777777", "#FFFFFF") == pytest.approx(4.478, abs=1e-3)
    assert a11y.ratio_contraste("#FFFFFF", "#777777") == a11y.ratio_contraste("#777777", "#FFFFFF")


def test_contrast_ratio_extremes_and_bad_input():
    assert a11y.ratio_contraste("000000", "#ffffff") == pytest.approx(21.0)
    assert a11y.ratio_contraste("#123456", "#123456") == pytest.approx(1.0)
    with pytest.raises(ArgumentInvalideError, match="hexadécimal"):
        a11y.ratio_contraste("vert", "#FFFFFF")


def test_thresholds_read_from_reference_table():
    assert a11y.seuils_contraste() == {"texte_normal": 4.5, "grand_texte": 3.0, "non_textuel": 3.0}


def test_case_palette_pass_fail():
    from casekit.cases import get_case

    t = a11y.verifier_palette(get_case("rayons_libres")["charte"]["couleurs"])
    row = t[(t.hex_1 == "#8A8D91") & (t.hex_2 == "#FFFFFF") | (t.hex_2 == "#8A8D91") & (t.hex_1 == "#FFFFFF")]
    # grey #8A8D91 on white: linear (0.2542, 0.2664, 0.2832),
    # L = 0.2126*0.2542 + 0.7152*0.2664 + 0.0722*0.2832 = 0.2650,
    # ratio = 1.05 / 0.3150 = 3.333 -> fails normal text, passes large text
    assert row["ratio"].iloc[0] == pytest.approx(3.333, abs=0.002)
    assert not row["texte_normal_aa"].iloc[0]
    assert row["grand_texte_aa"].iloc[0]
    assert len(t) == 10  # 5 colours -> C(5, 2) pairs
    assert t["ratio"].is_monotonic_decreasing
    with pytest.raises(ArgumentInvalideError, match="au moins deux"):
        a11y.verifier_palette(["#FFFFFF"])
    with pytest.raises(ArgumentInvalideError, match="Donnez les couleurs"):
        a11y.verifier_palette(None)
    with pytest.raises(ArgumentInvalideError, match="Couleur invalide"):
        a11y.verifier_palette(["#FFFFFF", "rouge"])
    with pytest.raises(ArgumentInvalideError, match="liste de codes"):
        a11y.verifier_palette(42)


def test_cvd_simulation_keeps_greys_and_merges_red_green():
    assert a11y.simuler_daltonisme(["#808080"], "deuteranopie") == ["#808080"]
    red, green = "#D62728", "#2CA02C"
    normal = a11y.distance_minimale([red, green])
    deutan = a11y.distance_minimale([red, green], "deuteranopie")
    assert deutan < normal / 2
    with pytest.raises(NomInconnuError, match="protanopie"):
        a11y.simuler_daltonisme([red], "protanope")


def test_reading_level():
    easy = a11y.niveau_lecture("Le vélo est prêt. Venez le chercher.")
    hard = a11y.niveau_lecture(
        "L'accessibilité numérique constitue une obligation réglementaire fondamentale "
        "pour les organisations contemporaines soucieuses d'inclusion."
    )
    assert easy > 70 > 50 > hard
    # 3 words, 1 sentence, syllables: le(1) chat(1) dort(1) -> 207 - 1.015*3 - 73.6*1 = 130.355
    assert a11y.niveau_lecture("Le chat dort.") == pytest.approx(130.355)
    assert math.isnan(a11y.niveau_lecture(""))


def test_content_audit_flags_and_missing_columns():
    inv = pd.DataFrame({
        "format": ["image", "video", "article", "video"],
        "alt_texte": ["Vélo cargo bleu", None, "", ""],
        "sous_titres": [False, True, False, False],
        "contraste_ratio": [7.0, 4.4, np.nan, 4.5],
        "texte": ["Le vélo est prêt.", "Court.", "L'accessibilité numérique constitue une obligation "
                  "réglementaire fondamentale pour les organisations contemporaines.", "Oui."],
    })
    a = a11y.audit_contenus(inv)
    assert a["alt_manquant"].tolist() == [False, False, False, False]
    assert a["sous_titres_manquants"].tolist() == [False, False, False, True]
    assert a["contraste_insuffisant"].tolist()[:2] == [False, True]
    assert a["contraste_insuffisant"].isna().iloc[2]
    assert not a["contraste_insuffisant"].iloc[3]  # exactly 4.5:1 passes
    assert bool(a["lecture_difficile"].iloc[2])
    assert not a["lecture_difficile"].iloc[0]
    assert a["nb_problemes"].tolist() == [0, 1, 1, 1]
    s = a11y.resume_audit(a)
    assert s["controle"].tolist()[0] == "Texte alternatif manquant"
    # no alt column at all -> not checked, shown as NA, not as passed
    b = a11y.audit_contenus(inv.drop(columns="alt_texte"))
    assert b["alt_manquant"].isna().all()
    assert a11y.resume_audit(b).loc[0, "contenus_controles"] == 0
    with pytest.raises(ArgumentInvalideError, match="absente"):
        a11y.audit_contenus(inv, col_alt="alt")


def test_page_footprint_swdm_v4_by_hand():
    # 2 Mo = 0.002 Go ; France, life cycle: 0.002 * (0.194 * 56.04 + 0.106 * 494)
    # = 0.002 * 63.23576 = 0.12647152
    e = eco.gco2e_page(2)
    assert e.gco2e == pytest.approx(0.12647152)
    assert e.kwh == pytest.approx(0.002 * 0.300)
    assert "SWDM v4" in e.modele and "France" in e.modele and "cycle de vie" in e.modele
    # the assumption is shown: both intensities, and that they are life-cycle figures
    assert "56,0 gCO2e/kWh" in e.hypotheses and "494 gCO2e/kWh" in e.hypotheses
    assert "cycle de vie" in e.hypotheses
    assert "ember-climate.org" in " ".join(e.sources["url"])
    # RTE's direct-emission figure stays available, and says it underestimates
    d = eco.gco2e_page(2, mix="france_directe")
    assert d.gco2e == pytest.approx(0.002 * (0.194 * 21.7 + 0.106 * 494))
    assert "RTE" in d.modele and "sous-estimé" in d.hypotheses
    assert {"source", "url"} <= set(e.sources.columns)
    assert "sustainablewebdesign.org" in " ".join(e.sources["url"])
    # world: 0.002 * 0.3 * 494 = 0.2964 ; 1000 views
    assert eco.gco2e_page(octets=2e6, mix="monde", vues=1000).gco2e == pytest.approx(296.4)
    s = eco.gco2e_page(pd.Series([1.0, 3.0], index=["a", "b"]))
    assert list(s.gco2e.index) == ["a", "b"] and s.gco2e["b"] == pytest.approx(3 * s.gco2e["a"])
    assert "gCO2e" in str(e)


def test_page_footprint_bad_inputs():
    with pytest.raises(ArgumentInvalideError, match="soit «\u00a0poids_mo\u00a0»"):
        eco.gco2e_page()
    with pytest.raises(ArgumentInvalideError, match="négatif"):
        eco.gco2e_page(-1)
    with pytest.raises(NomInconnuError, match="Mix électrique inconnu"):
        eco.gco2e_page(1, mix="allemagne")


def test_video_footprint():
    # 90 s at 36 g/h = 1.5/60 * 36 = 0.9 g ; Carbon Trust: 55 g/h * 2 h = 110 g
    assert eco.gco2e_video(1.5).gco2e == pytest.approx(0.9)
    ct = eco.gco2e_video(120, source="carbon_trust")
    assert ct.gco2e == pytest.approx(110.0)
    assert "Carbon Trust" in ct.modele
    with pytest.raises(NomInconnuError):
        eco.gco2e_video(1, source="shift")


def test_audit_on_the_real_inventory():
    import casekit

    inv = casekit.load("inventaire_contenus").frame
    a = a11y.audit_contenus(inv)
    # the inventory's booleans are used as is; NA ("sans objet") is not counted as checked
    assert int(a["sous_titres_manquants"].notna().sum()) == int(inv["a_sous_titres"].notna().sum())
    assert int(a["sous_titres_manquants"].sum()) == int((inv["a_sous_titres"] == False).sum())  # noqa: E712
    assert int(a["contraste_insuffisant"].sum()) == int((~inv["contraste_ok"]).sum())
    assert int(a["lecture_difficile"].sum()) == int((inv["niveau_lecture"] == "expert").sum())
    s = a11y.resume_audit(a)
    assert s["contenus_controles"].tolist()[1] == int(inv["a_sous_titres"].notna().sum())


def test_page_footprint_aligns_views_on_labels():
    poids = pd.Series({"accueil": 2.0, "blog": 1.0, "contact": 0.5})
    vues = pd.Series({"contact": 10, "accueil": 1000, "blog": 100})
    e = eco.gco2e_page(poids, vues=vues)
    per_mo = eco.gco2e_page(1.0).gco2e
    assert e.gco2e["accueil"] == pytest.approx(2000 * per_mo)
    assert e.gco2e["contact"] == pytest.approx(5 * per_mo)
    with pytest.raises(ArgumentInvalideError, match="mentions"):
        eco.gco2e_page(poids, vues=pd.Series({"accueil": 1, "blog": 1, "mentions": 3}))


@pytest.mark.parametrize("bad", [["1", "lourd"], True, "2 Mo", pd.Series([True])])
def test_page_footprint_wrong_types_french(bad):
    with pytest.raises(ArgumentInvalideError, match="poids_mo"):
        eco.gco2e_page(bad)


def test_estimation_displays_assumptions():
    e = eco.gco2e_page(1.0)
    assert "Hypothèses" in repr(e) and "Bunch(" not in repr(e)
    html = e._repr_html_()
    assert "<details><summary>Sources</summary>" in html and "cycle de vie" in html


def test_a11y_helpers_on_a_hand_made_organisation(monkeypatch):
    import casekit
    import casekit.cases

    def forbidden(*a, **k):
        raise AssertionError("a helper read a case file")

    monkeypatch.setattr(casekit.cases, "get_case", forbidden)
    monkeypatch.setattr(casekit, "load", forbidden)
    pal = pd.DataFrame({"nom": ["encre", "papier"], "hex": ["#222222", "#FAFAFA"]})
    t = a11y.verifier_palette(pal)
    assert t.loc[0, "texte_normal_aa"]
    inv = pd.DataFrame({"format": ["photo", "vidéo"], "alt_texte": ["", "x"],
                        "sous_titres": ["oui", ""], "contraste_ratio": [2.0, 9.0]})
    a = a11y.audit_contenus(inv)
    assert a["alt_manquant"].tolist() == [True, False]
    assert a["sous_titres_manquants"].tolist() == [False, True]
    assert a11y.resume_audit(a)["contenus_en_defaut"].tolist()[:3] == [1, 1, 1]
