"""Footprint estimates: behaviours that mutation testing showed untested.

Expected values are computed from the reference table (``eco.constantes()``) with the
formulas the module documents (SWDM v4; grams per hour of video), never copied from output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from messages import assert_message, normalise

from casekit import eco
from casekit.errors import ArgumentInvalideError, NomInconnuError

C = dict(zip(eco.constantes()["constante"], eco.constantes()["valeur"].astype(float), strict=True))
SEG = ("centre_donnees", "reseau", "terminal")
OP = sum(C[f"swdm_v4_{s}_operationnel"] for s in SEG)
EMB = sum(C[f"swdm_v4_{s}_fabrication"] for s in SEG)
INTENSITE = {
    "france": C["intensite_reseau_france_cycle_de_vie"],
    "monde": C["intensite_reseau_mondiale"],
    "france_directe": C["intensite_reseau_france"],
}


def _page_g(mo: float, mix: str = "france", vues: float = 1) -> float:
    return mo / 1000 * vues * (OP * INTENSITE[mix] + EMB * C["intensite_reseau_mondiale"])


@pytest.mark.parametrize("mix", list(INTENSITE))
def test_page_model_per_mix_from_the_reference_table(mix):
    e = eco.gco2e_page(250.0, mix=mix, vues=4)
    assert e.gco2e == pytest.approx(_page_g(250.0, mix, 4))
    assert e.kwh == pytest.approx(0.25 * 4 * (OP + EMB))
    assert e.intensite_usage == INTENSITE[mix]
    assert e.intensite_fabrication == C["intensite_reseau_mondiale"]
    assert e.modele == f"SWDM v4, {eco.MIX[mix][1]}"
    used = set(e.sources["constante"])
    assert eco.MIX[mix][0] in used and "intensite_reseau_mondiale" in used
    assert {f"swdm_v4_{s}_{p}" for s in SEG for p in ("operationnel", "fabrication")} <= used
    assert len(e.sources) == len(used)  # the world intensity is listed once


@pytest.mark.parametrize(("alias", "key"), [
    ("fr", "france"), (" France ", "france"), ("MONDE", "monde"), ("mondial", "monde"),
    ("world", "monde"), ("global", "monde"), ("france_directe", "france_directe"),
])
def test_mix_aliases(alias, key):
    assert eco.gco2e_page(10.0, mix=alias).gco2e == pytest.approx(_page_g(10.0, key))


def test_unknown_mix_names_the_choices():
    with pytest.raises(NomInconnuError) as err:
        eco.gco2e_page(1.0, mix="allemagne")
    assert_message(err.value, "Mix électrique inconnu", "« allemagne »", "« france »", "« monde »")


def test_assumptions_text_says_which_intensities_and_units():
    h = normalise(eco.gco2e_page(1.0).hypotheses)
    assert h.startswith("Énergie par Go : 0,194 kWh d'usage (centres de données, réseau, terminal)")
    for words in ("0,106 kWh de fabrication", "usage à l'intensité France en cycle de vie (Ember)",
                  "56,0 gCO2e/kWh", "fabrication à l'intensité mondiale (494 gCO2e/kWh, choix du "
                  "modèle SWDM v4)", "les deux intensités sont en cycle de vie",
                  "; les deux intensités sont en cycle de vie (construction des centrales comprise) ; "
                  "pas de prise en compte du cache ;", "1 Go = 1 000 Mo", "Ordre de grandeur, pas une mesure."):
        assert normalise(words) in h, words
    assert "sous-estimé" not in h
    d = normalise(eco.gco2e_page(1.0, mix="france_directe").hypotheses)
    assert "21,7 gCO2e/kWh" in d
    assert "ne compte que les émissions directes de production (sans le cycle de vie)" in d
    assert "le résultat est sous-estimé par rapport au modèle" in d
    assert "les deux intensités sont en cycle de vie" not in d
    assert d.endswith("Ordre de grandeur, pas une mesure.")


def test_bytes_and_megabytes_are_decimal_units():
    assert eco.gco2e_page(octets=5e8).gco2e == pytest.approx(_page_g(500.0), rel=1e-13)
    assert eco.gco2e_page(octets=[1e6, 2e6]).gco2e == pytest.approx([_page_g(1.0), _page_g(2.0)])


def test_weight_and_bytes_are_exclusive_with_a_french_message():
    for kwargs in ({}, {"poids_mo": 1.0, "octets": 1e6}):
        with pytest.raises(ArgumentInvalideError) as err:
            eco.gco2e_page(**kwargs)
        assert_message(err.value, "Donnez soit « poids_mo » (mégaoctets), soit « octets ».")


def test_empty_and_negative_amounts_are_named():
    with pytest.raises(ArgumentInvalideError) as err:
        eco.gco2e_page([])
    assert_message(err.value, "« poids_mo » est vide : rien à estimer.")
    with pytest.raises(ArgumentInvalideError) as err:
        eco.gco2e_video([5.0, -3.0])
    assert_message(err.value, "« minutes » ne peut pas être négatif (valeur −3)",
                   "vérifiez le signe ou retirez ces lignes.")


def test_lengths_must_match_unless_one_side_is_a_single_value():
    with pytest.raises(ArgumentInvalideError) as err:
        eco.gco2e_page([1.0, 2.0, 3.0], vues=[1, 2])
    assert_message(err.value, "« poids_mo » (3 valeurs) et « vues » (2 valeurs) doivent avoir "
                              "la même longueur.")
    one_weight = eco.gco2e_page([2.0], vues=[1, 10, 100]).gco2e
    assert one_weight == pytest.approx([_page_g(2.0, vues=v) for v in (1, 10, 100)])
    one_view = eco.gco2e_page([1.0, 4.0], vues=[10]).gco2e
    assert one_view == pytest.approx([_page_g(1.0, vues=10), _page_g(4.0, vues=10)])


def test_result_keeps_the_labels_of_whichever_side_is_a_series():
    vues = pd.Series([10, 20], index=["accueil", "blog"])
    by_views = eco.gco2e_page(2.0, vues=vues).gco2e
    assert isinstance(by_views, pd.Series)
    assert list(by_views.index) == ["accueil", "blog"] and by_views.name == "gco2e"
    assert by_views.tolist() == pytest.approx([_page_g(2.0, vues=10), _page_g(2.0, vues=20)])
    poids = pd.Series([1.0, 3.0], index=["a", "b"])
    by_weight = eco.gco2e_page(poids, vues=[5, 6]).gco2e
    assert list(by_weight.index) == ["a", "b"] and by_weight.name == "gco2e"
    assert by_weight.tolist() == pytest.approx([_page_g(1.0, vues=5), _page_g(3.0, vues=6)])
    by_weight_scalar = eco.gco2e_page(poids, vues=2).gco2e
    assert list(by_weight_scalar.index) == ["a", "b"]
    kwh = eco.gco2e_page(2.0, vues=vues).kwh
    assert list(kwh.index) == ["accueil", "blog"]
    video = eco.gco2e_video(30, vues=vues).gco2e
    assert list(video.index) == ["accueil", "blog"] and video.name == "gco2e"
    one = eco.gco2e_page([2.0], vues=3).gco2e
    assert isinstance(one, np.ndarray) and one.shape == (1,)
    # a list of weights with a single view count stays a plain array of that length
    plain = eco.gco2e_page([1.0, 2.0], vues=3).gco2e
    assert isinstance(plain, np.ndarray) and plain.shape == (2,)
    single = eco.gco2e_page(1.0, vues=[4, 5]).gco2e
    assert isinstance(single, np.ndarray) and single.shape == (2,)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(mo=st.floats(0, 1e4), vues=st.integers(0, 10**6))
def test_page_footprint_is_proportional_to_weight_and_views(mo, vues):
    assert eco.gco2e_page(mo, vues=vues).gco2e == pytest.approx(_page_g(mo, vues=vues), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("source", list(eco.SOURCES_VIDEO))
def test_video_model_from_the_reference_table(source):
    name, label = eco.SOURCES_VIDEO[source]
    e = eco.gco2e_video(45, source=source, vues=2)
    assert e.gco2e == pytest.approx(45 / 60 * C[name] * 2)
    assert e.modele == f"Streaming vidéo par heure de visionnage, {label} ({C[name]:g} gCO2e/h)"
    assert list(e.sources["constante"]) == [name]
    assert_message(e.hypotheses, "Moyenne par heure de visionnage, terminal compris",
                   "le terminal pèse plus de la moitié de l'empreinte", "Ordre de grandeur, pas une mesure.")


def test_unknown_video_source_names_the_choices():
    with pytest.raises(NomInconnuError) as err:
        eco.gco2e_video(1, source="shift")
    assert_message(err.value, "« shift »", "« aie »", "« carbon_trust »")


def test_estimation_text_for_one_value_and_for_several():
    e = eco.gco2e_page(1000.0)
    assert normalise(str(e)) == normalise(f"{_fr(_page_g(1000.0), 2)} gCO2e — modèle : {e.modele}")
    several = eco.gco2e_page(pd.Series([1000.0, 500.0, np.nan], index=list("abc")))
    total = _page_g(1500.0)
    assert normalise(str(several)).startswith(normalise(f"total {_fr(total, 2)} gCO2e sur 3 éléments"))
    # a list in gives an array out: the text is a total too (it used to raise a TypeError)
    arr = eco.gco2e_page([1000.0, 500.0])
    assert normalise(str(arr)).startswith(normalise(f"total {_fr(total, 2)} gCO2e sur 2 éléments"))
    assert "Hypothèses" in repr(arr)
    r = normalise(repr(e))
    assert r.startswith(normalise(str(e)))
    assert normalise("Hypothèses : " + e.hypotheses) in r


def test_estimation_html_lists_each_source_row():
    e = eco.gco2e_video(10, source="carbon_trust")
    html = normalise(e._repr_html_())
    row = e.sources.iloc[0]
    assert html.startswith(normalise(f"<p><strong>{e!s}</strong></p>"))
    assert "<p>Hypothèses : Moyenne par heure" in html
    item = (f"<li>{row.constante} = {_fr(float(row.valeur), 3)} {row.unite} "
            f"({row.source}, {row.date_source})</li>")
    assert normalise(item.replace("'", "&#x27;")) in html
    assert html.endswith("</ul></details>")
    page = eco.gco2e_page(1.0)._repr_html_()
    assert page.count("<li>") == len(eco.gco2e_page(1.0).sources)
    assert page.count("</li><li>") == len(eco.gco2e_page(1.0).sources) - 1


def _fr(x: float, d: int) -> str:
    from casekit.plots import nombre_fr

    return nombre_fr(x, d)


def test_label_errors_name_both_arguments():
    a = pd.Series({"accueil": 1.0, "blog": 2.0})
    b = pd.Series({"accueil": 1.0, "contact": 2.0})
    for call, first in ((lambda: eco.gco2e_page(a, vues=b), "poids_mo"),
                        (lambda: eco.gco2e_page(octets=a, vues=b), "octets"),
                        (lambda: eco.gco2e_video(a, vues=b), "minutes")):
        with pytest.raises(ArgumentInvalideError) as err:
            call()
        assert_message(err.value, f"« {first} » et « vues » ne portent pas sur les mêmes étiquettes",
                       "absentes de « vues » : « blog »", f"absentes de « {first} » : « contact »")
    with pytest.raises(ArgumentInvalideError) as err:
        eco.gco2e_page(octets=[1.0, 2.0], vues=[1, 2, 3])
    assert_message(err.value, "« octets » (2 valeurs) et « vues » (3 valeurs)")
    with pytest.raises(ArgumentInvalideError) as err:
        eco.gco2e_page(octets=-1.0)
    assert_message(err.value, "« octets » ne peut pas être négatif")
    for call in (lambda: eco.gco2e_page(octets=1.0, vues=-1), lambda: eco.gco2e_video(1.0, vues=-1)):
        with pytest.raises(ArgumentInvalideError) as err:
            call()
        assert_message(err.value, "« vues » ne peut pas être négatif (valeur −1)")
