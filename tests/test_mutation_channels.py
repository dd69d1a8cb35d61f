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
from matplotlib.colors import to_rgba

from casekit import channels
from casekit.errors import ArgumentInvalideError
from casekit.plots import PALETTE, nombre_fr


def mots(*words: str) -> str:
    """Regex matching the key words in order, whatever the spacing and punctuation between them."""
    return "(?s)" + ".*".join(re.escape(w) for w in words)


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
    with pytest.raises(ArgumentInvalideError, match=mots("Au moins un poids", "strictement positif")):
        channels.poids_par_defaut({"poids": dict.fromkeys(channels.CRITERES, 0)})


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
        assert total < x < total + 2 and t.get_va() == "center"
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
    assert f"{names[0]} arrive en tête avec {nombre_fr(s['score'].iloc[0], 0)} sur 100" in alt.replace(
        "\u00a0", " ").replace("\u202f", " ") or names[0] in alt
    assert f"{names[1]} ({nombre_fr(s['score'].iloc[1], 0)})" in alt
    assert f"{names[2]} ({nombre_fr(s['score'].iloc[2], 0)})" in alt
    assert names[3] not in alt
    assert "suivi de" in alt


def test_alt_text_of_a_single_channel_has_no_followers():
    s = channels.scorer_canaux(criteria().iloc[:1], poids=WEIGHTS)
    alt = channels.graphique_scores(s).alt
    assert "suivi" not in alt and "Lettre" in alt
    assert math.isclose(float(s["score"].iloc[0]), 100.0)


def test_alt_and_title_use_the_target_without_names():
    s = channels.scorer_canaux(criteria(), poids=WEIGHTS)
    s.attrs["cible_nom"] = None
    s.attrs["cible"] = "jeunes"
    g = channels.graphique_scores(s)
    assert "jeunes" in g.fig.axes[0].get_title() and "jeunes" in g.alt
