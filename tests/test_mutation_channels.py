"""Behaviour that the surviving mutants of casekit/channels.py broke (issue 13).

Expected values are derived from the documented method (min–max notes, log10 axis
for cost and footprint, score = 100 × Σ poids × note / Σ poids), never copied from
today's output.
"""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgba
from messages import mots, phrase

from casekit import channels
from casekit.errors import ArgumentInvalideError
from casekit.plots import PALETTE, nombre_fr


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def criteria() -> pd.DataFrame:
    return pd.DataFrame(
        {"nom": ["Lettre", "Vidéo", "Affiche", "Radio"],
         "affinite": [120.0, 80.0, 100.0, 60.0],
         "cout_par_resultat": [2.0, 20.0, 200.0, 20.0],
         "engagement": [1.23456, 3.0, 0.5, 2.0]},
        index=pd.Index(["lettre", "video", "affiche", "radio"], name="canal"))


WEIGHTS = {"affinite": 2.0, "cout_par_resultat": 1.0, "engagement": 1.0}


# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------


def test_weight_errors_in_french():
    with pytest.raises(ArgumentInvalideError, match=mots("config", "dictionnaire", "int")):
        channels.poids_par_defaut(42)
    with pytest.raises(ArgumentInvalideError, match=mots("config['poids']", "dictionnaire critère", "poids")):
        channels.poids_par_defaut({"poids": 3})
    with pytest.raises(ArgumentInvalideError, match=mots("poids", "dictionnaire", "list")):
        channels.scorer_canaux(criteria(), poids=[1.0])
    with pytest.raises(ArgumentInvalideError, match=mots("Critère inconnu", "afinite", "affinite")):
        channels.scorer_canaux(criteria(), poids={"afinite": 1.0})
    with pytest.raises(ArgumentInvalideError, match=phrase("Vouliez-vous dire affinite")):
        channels.scorer_canaux(criteria(), poids={"afinite": 1.0})
    with pytest.raises(ArgumentInvalideError, match=mots("Au moins un poids", "strictement positif")):
        channels.poids_par_defaut({"poids": dict.fromkeys(channels.CRITERES, 0)})


def test_weight_messages_are_whole_phrases():
    with pytest.raises(ArgumentInvalideError, match=phrase("config poids doit être un dictionnaire critère "
                                                           "poids", debut=True, fin=True)):
        channels.poids_par_defaut({"poids": 3})
    with pytest.raises(ArgumentInvalideError, match=phrase("Au moins un poids doit être strictement positif",
                                                           debut=True, fin=True)):
        channels.poids_par_defaut({"poids": dict.fromkeys(channels.CRITERES, 0)})
    with pytest.raises(ArgumentInvalideError, match=phrase("scores doit être le résultat de scorer_canaux "
                                                           "colonnes rang score", debut=True)):
        channels.tableau_scores([1, 2])
    with pytest.raises(ArgumentInvalideError, match=phrase("scores doit être le résultat de scorer_canaux "
                                                           "colonnes score rang", debut=True, fin=True)):
        channels.graphique_scores([1, 2])


def test_a_single_positive_weight_is_enough():
    w = channels.poids_par_defaut({"poids": {**dict.fromkeys(channels.CRITERES, 0), "engagement": 0.5}})
    assert w["engagement"] == 0.5 and sum(w.values()) == 0.5


# ---------------------------------------------------------------------------
# display table
# ---------------------------------------------------------------------------


def test_display_table_rounds_and_shows_weight_shares():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    t = channels.tableau_scores(s)
    cols = list(t.columns)
    assert cols[:2] == ["Rang", "Canal"] and cols[-1] == "Score sur 100"
    assert any("poids 50\u202f%" in c and c.startswith("Affinité") for c in cols)
    assert sum("poids 25\u202f%" in c for c in cols) == 2
    eng = next(c for c in cols if c.startswith("Taux de clic"))
    lettre = t.set_index("Canal").loc["Lettre"]
    assert lettre[eng] == 1.23
    assert lettre["Score sur 100"] == round(float(s.loc["lettre", "score"]), 1)
    assert t["Rang"].tolist() == [1, 2, 3, 4]


def test_display_table_of_a_table_without_weights():
    frame = pd.DataFrame({"rang": [1, 2], "score": [90.0, 10.0], "affinite": [150.0, 50.0]},
                         index=["a", "b"])
    t = channels.tableau_scores(frame)
    assert t["Canal"].tolist() == ["a", "b"]
    assert any("poids 0\u202f%" in c for c in t.columns)
    t = channels.tableau_scores(frame[["rang", "score"]])
    assert list(t.columns) == ["Rang", "Canal", "Score sur 100"]


def test_display_table_errors_in_french():
    with pytest.raises(ArgumentInvalideError, match=mots("scores", "scorer_canaux", "rang", "score", "list")):
        channels.tableau_scores([1, 2])
    with pytest.raises(ArgumentInvalideError, match=mots("scores", "scorer_canaux", "DataFrame")):
        channels.tableau_scores(pd.DataFrame({"rang": [1]}))


# ---------------------------------------------------------------------------
# chart
# ---------------------------------------------------------------------------


def test_chart_errors_in_french():
    for bad in ([1, 2], pd.DataFrame({"rang": [1], "score": [50.0]})):
        with pytest.raises(ArgumentInvalideError, match=mots("scores", "scorer_canaux", "score")):
            channels.graphique_scores(bad)


def test_chart_stacks_the_contributions_of_each_channel():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    g = channels.graphique_scores(s)
    ax = g.fig.axes[0]
    present = [c for c in channels.CRITERES if f"contribution_{c}" in s.columns]
    assert len(ax.containers) == len(present)
    bottom_up = s.iloc[::-1]  # the best channel is drawn at the top
    assert [t.get_text() for t in ax.get_yticklabels()] == bottom_up["nom"].tolist()
    left = np.zeros(len(s))
    hatches, colours = [], []
    for i, (c, bars) in enumerate(zip(present, ax.containers, strict=True)):
        widths = [p.get_width() for p in bars.patches]
        assert widths == pytest.approx(bottom_up[f"contribution_{c}"].tolist())
        assert [p.get_x() for p in bars.patches] == pytest.approx(left.tolist())
        left += widths
        assert bars.patches[0].get_facecolor() == to_rgba(PALETTE[i])
        assert bars.patches[0].get_edgecolor() == to_rgba("white")
        hatches.append(bars.patches[0].get_hatch() or "")
        colours.append(bars.patches[0].get_facecolor())
    assert len(set(hatches)) == len(present) and len(set(colours)) == len(present)
    # one label per bar, just right of its end, with the rounded score
    texts = ax.texts
    assert [t.get_text() for t in texts] == [nombre_fr(v, 0) for v in bottom_up["score"]]
    for t, total in zip(texts, left, strict=True):
        x, _y = t.get_position()
        assert total < x < total + 1 and t.get_va() == "center"
    assert left == pytest.approx(bottom_up["score"].tolist())
    assert ax.get_xlim() == (0.0, 105.0)


def test_chart_legend_gives_each_criterion_its_weight_share():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    g = channels.graphique_scores(s)
    (legend,) = g.fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    total = sum(WEIGHTS.values())
    assert labels == [f"{channels.CRITERES[c][0]} ({nombre_fr(100 * w / total)}\u202f%)"
                      for c, w in WEIGHTS.items()]
    assert not legend.get_frame_on()
    g.fig.canvas.draw()
    renderer = g.fig.canvas.get_renderer()
    box, axbox = legend.get_window_extent(renderer), g.fig.axes[0].get_window_extent(renderer)
    assert box.y1 <= axbox.y0  # below the chart, outside the bars
    assert abs((box.x0 + box.x1) / 2 - g.fig.bbox.width / 2) < 0.05 * g.fig.bbox.width  # centred


def test_chart_axes_titles_and_grid():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    g = channels.graphique_scores(s, titre="Mon titre")
    ax = g.fig.axes[0]
    assert ax.get_title() == "Mon titre" and g.titre == "Mon titre" and g.alt.startswith("Mon titre")
    assert ax.title.get_wrap() and ax.xaxis.label.get_wrap()
    assert ax.get_xlabel().startswith("Score sur 100") and "contributions" in ax.get_xlabel()
    assert not any(line.get_visible() for line in ax.get_ygridlines())
    g.fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == s["nom"].iloc[::-1].tolist()
    assert g.donnees.index.name == "Rang" and g.donnees["Canal"].tolist() == s["nom"].tolist()


def test_chart_height_grows_with_the_number_of_channels():
    c = criteria()
    heights = []
    for n in (2, 3, 4):
        g = channels.graphique_scores(channels.scorer_canaux(c.iloc[:n], poids=WEIGHTS))
        heights.append(g.fig.get_size_inches()[1])
    assert heights[0] < heights[1] < heights[2]
    assert heights[2] - heights[1] == pytest.approx(heights[1] - heights[0])


def test_alt_text_names_the_leader_and_the_next_two_only():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    alt = channels.graphique_scores(s).alt
    names = s["nom"].tolist()
    assert re.search(phrase(f"{names[0]} arrive en tête avec {nombre_fr(s['score'].iloc[0], 0)} sur 100 "
                            "suivi de"), alt)
    assert s["score"].iloc[0] != round(s["score"].iloc[0])  # rounding is visible
    assert f"{names[1]} ({nombre_fr(s['score'].iloc[1], 0)})" in alt
    assert f"{names[2]} ({nombre_fr(s['score'].iloc[2], 0)})" in alt
    assert names[3] not in alt
    assert "suivi de" in alt


def test_alt_text_of_a_single_channel_has_no_followers():
    s = channels.scorer_canaux(criteria().iloc[:1], poids=WEIGHTS)
    alt = channels.graphique_scores(s).alt
    assert "suivi" not in alt and "Lettre" in alt
    assert re.search(phrase("avec 100 sur 100 pondérations"), alt)
    assert math.isclose(float(s["score"].iloc[0]), 100.0)


def test_alt_and_title_use_the_target_without_names():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    s.attrs["cible_nom"] = None
    s.attrs["cible"] = "jeunes"
    g = channels.graphique_scores(s)
    assert "jeunes" in g.fig.axes[0].get_title() and "jeunes" in g.alt


# ---------------------------------------------------------------------------
# notes, target affinity, criteria and scores
# ---------------------------------------------------------------------------


def minmax(values, *, log=False, lower_is_better=False):
    v = np.log10(values) if log else np.asarray(values, dtype=float)
    n = (v - v.min()) / (v.max() - v.min())
    return 1 - n if lower_is_better else n


def test_notes_are_min_max_on_a_log_axis_for_costs():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    c = criteria()
    assert s.loc[c.index, "note_cout_par_resultat"].tolist() == pytest.approx(
        minmax(c["cout_par_resultat"], log=True, lower_is_better=True).tolist())
    assert s.loc[c.index, "note_affinite"].tolist() == pytest.approx(minmax(c["affinite"]).tolist())
    total = sum(WEIGHTS.values())
    expected = sum(100 * w / total * s[f"note_{k}"] for k, w in WEIGHTS.items())
    assert s["score"].tolist() == pytest.approx(expected.tolist())


def test_a_non_positive_cost_has_no_log_and_gets_the_worst_note():
    c = criteria().assign(cout_par_resultat=[0.0, 10.0, 100.0, 1000.0])
    s = channels.scorer_canaux(c, poids={"cout_par_resultat": 1.0, "affinite": 0.0, "engagement": 0.0})
    assert s.loc["lettre", "note_cout_par_resultat"] == 0.0
    assert s.loc[["video", "affiche", "radio"], "note_cout_par_resultat"].tolist() == pytest.approx(
        [1.0, 0.5, 0.0])


def test_equal_values_give_everyone_the_best_note_but_missing_ones_the_worst():
    c = criteria().assign(affinite=[100.0, 100.0, np.nan, 100.0])
    s = channels.scorer_canaux(c, poids={"affinite": 1.0, "cout_par_resultat": 0.0, "engagement": 0.0})
    assert s.loc[["lettre", "video", "radio"], "note_affinite"].tolist() == [1.0, 1.0, 1.0]
    assert s.loc["affiche", "note_affinite"] == 0.0
    assert s.loc["affiche", "rang"] == 4


def _campagnes():
    return pd.DataFrame({"canal": ["radio", "podcast", "radio"], "depense_eur": [100.0, 50.0, 100.0],
                         "impressions": [1000, 400, 1000], "clics": [10, 20, 10],
                         "conversions": [4, 5, 4]})


AFF = pd.DataFrame({"segment": ["a", "a", "b", "b"], "canal": ["radio", "podcast"] * 2,
                    "indice_affinite": [50.0, 150.0, 200.0, 100.0]})


def test_target_affinity_single_list_and_weighted():
    c = channels.criteres_canaux(_campagnes(), "a", affinite=AFF)
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [50.0, 150.0]
    c = channels.criteres_canaux(_campagnes(), ["a", "b"], affinite=AFF)
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [125.0, 125.0]
    c = channels.criteres_canaux(_campagnes(), {"a": 3.0, "b": 1.0}, affinite=AFF)
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [(3 * 50 + 200) / 4, (3 * 150 + 100) / 4]
    c = channels.criteres_canaux(_campagnes(), None, affinite=AFF)
    assert c["affinite"].tolist() == [100.0, 100.0]


def test_criteria_totals_follow_channel_labels_not_row_order():
    f = _campagnes()
    c = channels.criteres_canaux(f.iloc[::-1].reset_index(drop=True))
    assert c.loc["radio", "cout_par_resultat"] == pytest.approx(200 / 8)
    assert c.loc["podcast", "cout_par_resultat"] == pytest.approx(50 / 5)
    assert c.loc["radio", "engagement"] == pytest.approx(100 * 20 / 2000)
    assert c.index.name == "canal" and c["nom"].tolist() == c.index.tolist()


def test_criteria_errors_in_french():
    f = _campagnes()
    with pytest.raises(ArgumentInvalideError, match=mots("Segment cible inconnu", "c")):
        channels.criteres_canaux(f, "c", affinite=AFF)
    with pytest.raises(ArgumentInvalideError, match=mots("cible", "segment", "int")):
        channels.criteres_canaux(f, 3, affinite=AFF)
    with pytest.raises(ArgumentInvalideError, match=mots("Table d'affinité", "indice_affinite", "absente")):
        channels.criteres_canaux(f, "a", affinite=AFF.drop(columns="indice_affinite"))
    with pytest.raises(ArgumentInvalideError, match=mots("cible", "table d'affinité")):
        channels.criteres_canaux(f, "a")
    with pytest.raises(ArgumentInvalideError, match=mots("Colonne", "clics", "absente", "campagnes")):
        channels.criteres_canaux(f.drop(columns="clics"))
    with pytest.raises(ArgumentInvalideError, match=mots("campagnes", "vide")):
        channels.criteres_canaux(f.iloc[:0])
    with pytest.raises(ArgumentInvalideError, match=mots("profil", "DataFrame", "canal")):
        channels.criteres_canaux(f, profil=pd.DataFrame({"nom": ["x"]}))
    profil = pd.DataFrame({"canal": ["radio", "podcast"], "accessibilite": [0.5, 1.5]})
    with pytest.raises(ArgumentInvalideError, match=mots("accessibilite", "entre 0 et 1")):
        channels.criteres_canaux(f, profil=profil)


def test_profile_gives_names_accessibility_and_footprint():
    from casekit.eco import gco2e_page

    profil = pd.DataFrame({"canal": ["podcast", "radio"], "nom": ["Podcast", "Radio"],
                           "accessibilite": [1.0, 0.0], "poids_mo_par_impression": [2.0, 0.5]})
    c = channels.criteres_canaux(_campagnes(), profil=profil)
    assert c.index.tolist() == ["podcast", "radio"] and c["nom"].tolist() == ["Podcast", "Radio"]
    assert c["accessibilite"].tolist() == [1.0, 0.0]
    expected = gco2e_page(pd.Series([2.0, 0.5]), vues=1000).gco2e
    assert c["empreinte"].tolist() == pytest.approx(list(expected))


def test_scores_errors_in_french():
    c = criteria()
    with pytest.raises(ArgumentInvalideError, match=mots("cible", "campagnes")):
        channels.scorer_canaux(c, cible="a")
    with pytest.raises(ArgumentInvalideError, match=mots("critères", "vide")):
        channels.scorer_canaux(c.iloc[:0])
    with pytest.raises(ArgumentInvalideError, match=mots("Aucun critère reconnu", "affinite")):
        channels.scorer_canaux(c[["nom"]])
    with pytest.raises(ArgumentInvalideError, match=mots("critère", "affinite", "numérique", "bool")):
        channels.scorer_canaux(c.assign(affinite=[True, False, True, False]))
    with pytest.raises(ArgumentInvalideError, match=mots("poids", "nuls")):
        channels.scorer_canaux(c, poids=dict.fromkeys(WEIGHTS, 0.0))


def test_target_names_in_the_scores():
    from casekit._bunch import Bunch

    b = Bunch(frame=_campagnes(), tables={"affinite_audience_canal": AFF})
    s = channels.scorer_canaux(b, cible=["a", "b"], noms_segments={"a": "Ados"})
    assert s.attrs["cible"] == ["a", "b"] and s.attrs["cible_nom"] == "Ados + b"
    s = channels.scorer_canaux(criteria())
    assert s.attrs["cible_nom"] is None and s["rang"].tolist() == [1, 2, 3, 4]
    assert s.attrs["poids"] == {k: channels.POIDS_DEFAUT[k] for k in WEIGHTS}


# ---------------------------------------------------------------------------
# second round (issue 13): messages read whole, Bunch tables, dtypes, ties
# ---------------------------------------------------------------------------


def message(call, *args, **kwargs) -> str:
    with pytest.raises(ArgumentInvalideError) as info:
        call(*args, **kwargs)
    return str(info.value)


def starts_and_ends(text: str, debut: str, fin: str) -> None:
    """The message opens with ``debut`` and closes with ``fin`` (words, capitals included)."""
    assert re.search(phrase(debut, debut=True), text), text
    assert re.search(phrase(fin, fin=True), text), text


def test_campaign_errors_open_and_close_as_sentences():
    f = _campagnes()
    text = message(channels.criteres_canaux, [1, 2])
    starts_and_ends(text, "campagnes doit être un DataFrame une ligne par canal et par période",
                    "Bunch de casekit.load campagnes_canaux et non list")
    text = message(channels.criteres_canaux, f.drop(columns="clics"))
    starts_and_ends(text, "Colonne clics absente des campagnes",
                    "Noms possibles canal conversions depense_eur impressions")
    text = message(channels.criteres_canaux, f.rename(columns={"clics": "clic"}))
    assert re.search(phrase("Colonne clics absente des campagnes Vouliez-vous dire clic", debut=True, fin=True),
                     text), text
    starts_and_ends(message(channels.criteres_canaux, f.iloc[:0]), "Le tableau des campagnes est vide",
                    "Le tableau des campagnes est vide")
    starts_and_ends(message(channels.criteres_canaux, f, profil=pd.DataFrame({"nom": ["x"]})),
                    "profil doit être un DataFrame", "avec une colonne canal")
    profil = pd.DataFrame({"canal": ["podcast"], "nom": ["Podcast"]})
    text = message(channels.criteres_canaux, f.assign(canal=["radio", "podcast", "tv"]), profil=profil)
    starts_and_ends(text, "Canaux des campagnes absents du profil des canaux radio tv Ajoutez-les au profil",
                    "Ajoutez-les au profil ou filtrez les campagnes leurs chiffres seraient perdus")
    assert "« radio », « tv »" in text.replace("\u00a0", " ")


def test_affinity_errors_open_and_close_as_sentences():
    f = _campagnes()
    text = message(channels.criteres_canaux, f, "a", affinite=AFF[AFF["canal"] == "radio"])
    starts_and_ends(text, "Canaux sans indice d'affinité dans la table d'affinité podcast",
                    "podcast Complétez la table")
    text = message(channels.criteres_canaux, f.assign(canal=["radio", "podcast", "tv"]), "a", affinite=AFF)
    assert "« tv »" in text.replace("\u00a0", " ")
    both = AFF.assign(canal=["x", "y", "x", "y"])
    text = message(channels.criteres_canaux, f, "a", affinite=both)
    assert re.search(phrase("affinité podcast radio Complétez", fin=False), text), text
    assert "« podcast », « radio »" in text.replace("\u00a0", " ")
    starts_and_ends(message(channels.criteres_canaux, f, "a"),
                    "Une cible demande la table d'affinité affinite", "colonnes segment canal indice_affinite")
    text = message(channels.criteres_canaux, f, "a", affinite=AFF.rename(columns={"segment": "segments"}))
    starts_and_ends(text, "Table d'affinité colonne segment absente", "Vouliez-vous dire segments")
    text = message(channels.criteres_canaux, f, "bb", affinite=AFF.assign(segment=["aa", "aa", "bbb", "bbb"]))
    starts_and_ends(text, "Segment cible inconnu bb", "Vouliez-vous dire bbb")


def test_a_missing_segment_index_is_reported_not_read_as_zero():
    # radio has no index for segment b: its affinity for {a, b} cannot be computed
    aff = AFF[~((AFF["segment"] == "b") & (AFF["canal"] == "radio"))]
    text = message(channels.criteres_canaux, _campagnes(), ["a", "b"], affinite=aff)
    assert re.search(phrase("Canaux sans indice d'affinité", debut=True), text) and "radio" in text
    assert "podcast" not in text
    c = channels.criteres_canaux(_campagnes(), "a", affinite=aff)  # segment a alone is complete
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [50.0, 150.0]


def test_target_weights_are_checked_in_french():
    f = _campagnes()
    starts_and_ends(message(channels.criteres_canaux, f, [], affinite=AFF), "cible est vide",
                    "au moins un segment")
    for bad in ("2", True, -1.0, float("nan"), None):
        text = message(channels.criteres_canaux, f, {"a": 1.0, "b": bad}, affinite=AFF)
        starts_and_ends(text, "Le poids du segment b doit être un nombre positif ou nul", f"et non {bad!r}")
    for bad in ({"a": 0, "b": 0.0}, {"a": 1.0, "b": float("inf")}):
        starts_and_ends(message(channels.criteres_canaux, f, bad, affinite=AFF),
                        "Les poids des segments cibles doivent être finis", "l'un d'eux strictement positif")


def test_target_weight_of_zero_drops_a_segment_and_scale_does_not_matter():
    f = _campagnes()
    only_a = channels.criteres_canaux(f, "a", affinite=AFF)["affinite"]
    assert channels.criteres_canaux(f, {"a": 2, "b": 0}, affinite=AFF)["affinite"].tolist() == only_a.tolist()
    mixed = channels.criteres_canaux(f, {"a": np.int64(3), "b": 1.0}, affinite=AFF)["affinite"]
    scaled = channels.criteres_canaux(f, {"a": 0.75, "b": 0.25}, affinite=AFF)["affinite"]
    assert mixed.tolist() == pytest.approx(scaled.tolist())


def test_categorical_segments_keep_only_those_observed():
    aff = AFF.assign(segment=pd.Categorical(AFF["segment"], categories=["a", "b", "fantome"]),
                     canal=pd.Categorical(AFF["canal"], categories=["radio", "podcast", "tv"]))
    c = channels.criteres_canaux(_campagnes(), ["a", "b"], affinite=aff)
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [125.0, 125.0]
    # an empty category is not a segment of the table: it is unknown, not an affinity of 0
    text = message(channels.criteres_canaux, _campagnes(), "fantome", affinite=aff)
    assert re.search(phrase("Segment cible inconnu fantome", debut=True), text), text


def test_explicit_tables_win_over_those_of_the_bunch():
    from casekit._bunch import Bunch

    bunch_profile = pd.DataFrame({"canal": ["radio", "podcast"], "nom": ["Radio B", "Podcast B"]})
    mine = pd.DataFrame({"canal": ["radio", "podcast"], "nom": ["Radio", "Podcast"]})
    b = Bunch(frame=_campagnes(), tables={"profil_canaux": bunch_profile, "affinite_audience_canal": AFF})
    assert channels.criteres_canaux(b)["nom"].tolist() == ["Radio B", "Podcast B"]
    assert channels.criteres_canaux(b, profil=mine)["nom"].tolist() == ["Radio", "Podcast"]
    other = AFF.assign(indice_affinite=[10.0, 20.0, 30.0, 40.0])
    c = channels.criteres_canaux(b, "a", affinite=other)
    assert c.loc[["radio", "podcast"], "affinite"].tolist() == [10.0, 20.0]
    assert channels.criteres_canaux(b, "a").loc[["radio", "podcast"], "affinite"].tolist() == [50.0, 150.0]


def test_profile_with_a_channel_not_in_the_campaigns():
    profil = pd.DataFrame({"canal": ["tv", "radio", "podcast"], "accessibilite": [1, 0, 1]})
    c = channels.criteres_canaux(_campagnes(), profil=profil)
    assert c.index.tolist() == ["tv", "radio", "podcast"]
    assert np.isnan(c.loc["tv", "cout_par_resultat"]) and np.isnan(c.loc["tv", "engagement"])
    assert c.loc["radio", "cout_par_resultat"] == pytest.approx(200 / 8)
    # integer scores are read as 0–1 floats
    assert c["accessibilite"].dtype == np.float64 and c["accessibilite"].tolist() == [1.0, 0.0, 1.0]


def test_unreadable_accessibility_is_missing_and_ranks_last():
    profil = pd.DataFrame({"canal": ["radio", "podcast"], "accessibilite": ["0,5", 0.5]})
    c = channels.criteres_canaux(_campagnes(), profil=profil)
    assert np.isnan(c.loc["radio", "accessibilite"]) and c.loc["podcast", "accessibilite"] == 0.5
    s = channels.scorer_canaux(c, poids={"accessibilite": 1.0, "cout_par_resultat": 0.0, "engagement": 0.0})
    assert s.index[0] == "podcast" and s.loc["radio", "note_accessibilite"] == 0.0
    text = message(channels.criteres_canaux, _campagnes(),
                   profil=profil.assign(accessibilite=[-0.1, 0.5]))
    starts_and_ends(text, "accessibilite doit être un score", "un score entre 0 et 1")


def test_the_electricity_mix_reaches_the_footprint():
    from casekit.eco import gco2e_page

    profil = pd.DataFrame({"canal": ["podcast", "radio"], "poids_mo_par_impression": [2.0, 0.5]})
    monde = channels.criteres_canaux(_campagnes(), profil=profil, mix="monde")["empreinte"]
    france = channels.criteres_canaux(_campagnes(), profil=profil)["empreinte"]
    assert monde.tolist() == pytest.approx(list(gco2e_page(pd.Series([2.0, 0.5]), vues=1000, mix="monde").gco2e))
    assert all(m > f for m, f in zip(monde, france, strict=True))  # the world grid is more carbon-intensive


def test_default_weights_ignore_other_settings():
    assert channels.poids_par_defaut({"cible": "etudiants"}) == channels.POIDS_DEFAUT
    assert channels.poids_par_defaut({}) == channels.POIDS_DEFAUT


def test_score_errors_open_and_close_as_sentences():
    c = criteria()
    starts_and_ends(message(channels.scorer_canaux, 3),
                    "criteres doit être un tableau de critères DataFrame une ligne par canal ou les campagnes",
                    "pour une cible ajoutez cible ... Reçu int")
    text = message(channels.scorer_canaux, [1])
    assert re.search(phrase("ou les campagnes casekit.load campagnes_canaux pour une cible"), text), text
    assert re.search(phrase("Reçu list", fin=True), text), text
    starts_and_ends(message(channels.scorer_canaux, c, cible="a"),
                    "cible ne s'utilise qu'avec des campagnes", "le tableau de critères a déjà son affinité")
    starts_and_ends(message(channels.scorer_canaux, c.iloc[:0]),
                    "Le tableau de critères est vide", "aucun canal à classer")
    text = message(channels.scorer_canaux, c[["nom"]])
    starts_and_ends(text, "Aucun critère reconnu dans le tableau colonnes attendues parmi affinite",
                    "empreinte accessibilite")
    assert "« affinite », « cout_par_resultat »" in text.replace("\u00a0", " ")
    starts_and_ends(message(channels.scorer_canaux, c.assign(affinite=["1"] * 4)),
                    "Le critère affinite doit être numérique", "convertissez-le avec pd.to_numeric")
    starts_and_ends(message(channels.scorer_canaux, c, poids=dict.fromkeys(WEIGHTS, 0.0)),
                    "Tous les poids des critères présents sont nuls", "Tous les poids des critères présents sont nuls")


def test_scores_of_a_plain_table_have_no_target_and_rank_first():
    s = channels.scorer_canaux(criteria())
    assert "cible" in s.attrs and s.attrs["cible"] is None
    assert s.columns.get_loc("rang") == 0


def test_ties_keep_the_order_of_the_table():
    # forty channels, two score levels: within a level, the input order is kept
    labels = [f"canal_{i:02d}" for i in range(40)][::-1]
    c = pd.DataFrame({"affinite": [150.0 if i % 3 else 50.0 for i in range(40)]}, index=labels)
    s = channels.scorer_canaux(c)
    for level in (100.0, 0.0):
        tied = s.index[s["score"] == level].tolist()
        assert tied == [lab for lab in labels if lab in set(tied)]
    assert s["rang"].tolist() == list(range(1, 41))


def test_weight_share_of_a_single_criterion_is_100_percent():
    c = criteria()[["affinite"]]
    t = channels.tableau_scores(channels.scorer_canaux(c))
    assert next(col for col in t.columns if col.startswith("Affinité")).endswith("poids 100\u202f%")
    alt = channels.graphique_scores(channels.scorer_canaux(c)).alt
    assert re.search(phrase("pondérations affinité avec la cible 100", fin=False), alt), alt


def test_alt_gives_weight_shares_that_sum_to_100():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)  # weights sum to 4, not 1
    alt = channels.graphique_scores(s).alt
    assert re.search(phrase("pondérations affinité avec la cible 50 coût par conversion 25 et taux de clic 25"),
                     alt), alt


def test_chart_of_a_table_without_names_uses_the_channel_labels():
    c = criteria().drop(columns="nom")
    s = channels.scorer_canaux(c, poids=WEIGHTS)
    g = channels.graphique_scores(s)
    ax = g.fig.axes[0]
    g.fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == s.index[::-1].tolist()
    assert re.search(phrase(f"{s.index[0]} arrive en tête"), g.alt), g.alt
    assert f"suivi de {s.index[1]} (" in g.alt and f"{s.index[2]} (" in g.alt
    assert s.index[3] not in g.alt


def test_chart_title_only_quotes_a_target_given_as_text():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    assert channels.graphique_scores(s).fig.axes[0].get_title() == "Score multicritère des canaux"
    s.attrs["cible"] = ["a", "b"]
    assert channels.graphique_scores(s).fig.axes[0].get_title() == "Score multicritère des canaux"


def test_chart_layout_legend_grid_and_hatches():
    c = criteria().assign(empreinte=[1.0, 2.0, 4.0, 8.0], accessibilite=[1.0, 0.5, 0.0, 0.25])
    s = channels.scorer_canaux(c)
    g = channels.graphique_scores(s)
    ax = g.fig.axes[0]
    # 9 inches wide; 0.55 inch per channel plus 2 inches for title and legend
    assert tuple(g.fig.get_size_inches()) == pytest.approx((9.0, 0.55 * 4 + 2))
    # vertical guide lines for the score, none across the bars
    g.fig.canvas.draw()
    assert all(line.get_visible() for line in ax.get_xgridlines())
    assert not any(line.get_visible() for line in ax.get_ygridlines())
    (legend,) = g.fig.legends
    assert all(t.get_fontsize() == 9 for t in legend.get_texts())
    renderer = g.fig.canvas.get_renderer()
    columns = {round(t.get_window_extent(renderer).x0) for t in legend.get_texts()}
    assert len(columns) == 2  # five criteria on two columns
    # the first criterion is plain, the others hatched with distinct patterns
    hatches = [bars.patches[0].get_hatch() or "" for bars in ax.containers]
    assert hatches == ["", "//", "..", "xx", "\\\\"]


# ---------------------------------------------------------------------------
# properties: order of rows, index labels, units and weight scale do not matter
# ---------------------------------------------------------------------------

# values on a grid of hundredths: two channels are either equal or clearly apart, in any unit
_positive = st.integers(min_value=1, max_value=1_000_000).map(lambda i: i / 100)


@st.composite
def _tables(draw):
    n = draw(st.integers(min_value=1, max_value=7))
    return pd.DataFrame(
        {"affinite": draw(st.lists(_positive, min_size=n, max_size=n)),
         "cout_par_resultat": draw(st.lists(_positive, min_size=n, max_size=n)),
         "empreinte": draw(st.lists(_positive, min_size=n, max_size=n))},
        index=pd.Index([f"canal_{i}" for i in range(n)], name="canal"))


@settings(max_examples=30, deadline=None)
@given(table=_tables(), data=st.data(),
       scale=st.floats(min_value=0.01, max_value=100), unit=st.sampled_from([0.01, 100.0, 1000.0]))
def test_scores_do_not_depend_on_row_order_weight_scale_or_units(table, data, scale, unit):
    weights = {"affinite": 0.5, "cout_par_resultat": 0.3, "empreinte": 0.2}
    base = channels.scorer_canaux(table, poids=weights)
    assert ((base["score"] >= 0) & (base["score"] <= 100 + 1e-9)).all()
    order = data.draw(st.permutations(range(len(table))))
    shuffled = table.iloc[list(order)]
    again = channels.scorer_canaux(shuffled, poids={k: v * scale for k, v in weights.items()})
    assert again.loc[base.index, "score"].tolist() == pytest.approx(base["score"].tolist(), abs=1e-6)
    # euros to cents, grams to kilograms: min–max notes on a log axis ignore the unit
    converted = table.assign(cout_par_resultat=table["cout_par_resultat"] * unit,
                             empreinte=table["empreinte"] / unit)
    same = channels.scorer_canaux(converted, poids=weights)
    assert same.loc[base.index, "score"].tolist() == pytest.approx(base["score"].tolist(), abs=1e-6)
    assert base["rang"].tolist() == list(range(1, len(table) + 1))
