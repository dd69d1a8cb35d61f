"""Charts pass the kit's own accessibility rules (issue 11).

Palette contrast, cues besides colour, time axes, no clipped or overlapping text,
the user's rcParams left alone, and an accessible HTML rendering for screen readers.
"""

from __future__ import annotations

import itertools
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

from casekit import a11y, channels, plots, segments, swot

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    """Every text drawn on a figure: titles, labels, annotations, legends and the tick labels
    matplotlib actually draws (ticks outside the view limits keep hidden Text objects)."""
    out = list(fig.texts)
    if fig._suptitle is not None:
        out.append(fig._suptitle)
    for legend in fig.legends:
        out += list(legend.get_texts())
    for ax in fig.axes:
        out += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            out += list(legend.get_texts())
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                out += [lab for lab, on in ((tick.label1, tick.label1.get_visible()),
                                            (tick.label2, tick.label2.get_visible())) if on]
    return [t for t in dict.fromkeys(out) if t.get_visible() and t.get_text().strip()]


def assert_layout_clean(fig):
    """No text outside the figure, no two texts overlapping (checked on the drawn figure)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fb = fig.bbox
    boxes = []
    for t in _texts(fig):
        bb = t.get_window_extent(renderer)
        assert bb.x0 >= fb.x0 - 1 and bb.x1 <= fb.x1 + 1 and bb.y0 >= fb.y0 - 1 and bb.y1 <= fb.y1 + 1, \
            f"texte coupé : {t.get_text()!r} {bb} hors de {fb}"
        boxes.append((t, bb))
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        inter_w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        inter_h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        assert not (inter_w > 1 and inter_h > 1), f"textes superposés : {t1.get_text()!r} / {t2.get_text()!r}"
    for ax in fig.axes:
        tight = ax.get_tightbbox(renderer)
        assert tight.x0 >= fb.x0 - 1 and tight.x1 <= fb.x1 + 1 and tight.y0 >= fb.y0 - 1 and tight.y1 <= fb.y1 + 1


# --- palette ---------------------------------------------------------------------------------


def test_every_palette_colour_reaches_3_to_1_on_the_background():
    seuil = a11y.seuils_contraste()["non_textuel"]
    for c in plots.PALETTE:
        assert a11y.ratio_contraste(c, plots.FOND) >= seuil, c


@pytest.mark.parametrize("cvd", [None, "protanopie", "deuteranopie", "tritanopie"])
def test_palette_stays_distinguishable(cvd):
    assert a11y.distance_minimale(plots.PALETTE, cvd) >= 15


# --- cues besides colour ---------------------------------------------------------------------


def test_line_series_differ_by_marker_and_line_style():
    idx = pd.date_range("2024-01-01", periods=5, freq="MS")
    df = pd.DataFrame({f"s{i}": np.arange(5) + i for i in range(4)}, index=idx)
    fig, _ = plots.courbes(df, titre="Quatre séries")
    lines = fig.axes[0].get_lines()
    assert len({ln.get_marker() for ln in lines}) == 4
    assert len({str(ln.get_linestyle()) for ln in lines}) == 4


# --- time axes ---------------------------------------------------------------------------------


def test_year_index_is_not_1970():
    s = pd.Series([120.0, 150.0, 130.0], index=[2022, 2023, 2024], name="Adhérents")
    fig, alt = plots.courbes(s, titre="Adhérents par an")
    fig.canvas.draw()
    assert "1970" not in alt and "de 2022 à 2024" in alt and "maximum de 150 en 2023" in alt
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"20\d\d", lab) for lab in labels), labels


@pytest.mark.parametrize("index,first,last", [
    (pd.period_range("2023-11", periods=4, freq="M"), "novembre 2023", "février 2024"),
    (pd.period_range("2020", periods=3, freq="Y"), "2020", "2022"),
    (pd.Index(["2024Q1", "2024Q2", "2024Q3"]), "1er trimestre 2024", "3e trimestre 2024"),
    (pd.Index(["2024-01", "2024-02", "2024-03"]), "janvier 2024", "mars 2024"),
    (pd.to_datetime(["2021-01-01", "2022-01-01", "2023-01-01"]), "2021", "2023"),
    (pd.date_range("2024-01-01", periods=90, freq="D"), "du 1er janvier 2024", "au 30 mars 2024"),
    (pd.Index(["atelier", "boutique", "site"]), "de «\u00a0atelier\u00a0»", "maximum de 2 pour «\u00a0site\u00a0»"),
])
def test_period_indexes_in_axes_and_alt_text(index, first, last):
    s = pd.Series(np.arange(len(index), dtype=float), index=index, name="v")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = plots.courbes(s, titre="Série")
    fig.canvas.draw()
    assert first in alt and last in alt and "1970" not in alt
    ticks = " ".join(t.get_text() for t in fig.axes[0].get_xticklabels())
    assert "1970" not in ticks


def test_k_axis_ticks_are_integers():
    t = pd.DataFrame({"k": [2, 3, 4, 5], "inertie": [90.0, 40.0, 35.0, 30.0],
                      "silhouette": [0.5, 0.7, 0.6, 0.55]})
    fig, _ = segments.graphique_choix_k(t)
    fig.canvas.draw()
    for ax in fig.axes:
        labels = [lab.get_text() for lab in ax.get_xticklabels()]
        assert labels == ["2", "3", "4", "5"]


# --- layout: nothing clipped, nothing overlapping ----------------------------------------------


def _scores():
    c = pd.DataFrame({"affinite": [200.0, 50.0, 120.0], "cout_par_resultat": [10.0, 1.0, 30.0],
                      "engagement": [1.0, 3.0, 2.0]},
                     index=pd.Index(["whatsapp", "newsletter", "recherche"], name="canal"))
    c["nom"] = ["WhatsApp (listes de diffusion)", "Lettre d'information mensuelle", "Recherche"]
    c.attrs["cible"] = "etudiants_jeunes_actifs"
    return channels.scorer_canaux(c, noms_segments={"etudiants_jeunes_actifs":
                                                    "Étudiants et jeunes actifs urbains du centre-ville"})


def _swot():
    rows = [{"categorie": cat, "texte": f"Élément {cat} numéro {i} assez long pour passer à la ligne",
             "source": "enquete_satisfaction"} for cat in ("forces", "faiblesses", "opportunites", "menaces")
            for i in range(3)]
    return swot.construire(rows, titre="Analyse SWOT de l'atelier vélo solidaire Rayons libres")


CHARTS = {
    "barres": lambda: plots.barres({"Une catégorie au nom assez long": 12500.0, "B": 3.0},
                                   titre="Un titre de graphique en barres particulièrement long pour "
                                         "vérifier qu'il passe à la ligne sans être coupé", unite="€"),
    "courbes": lambda: plots.courbes(pd.Series([1.0, 2.0, 1.5], index=[2022, 2023, 2024], name="NPS"),
                                     titre="NPS annuel"),
    "scores": lambda: channels.graphique_scores(_scores()),
    "choix_k": lambda: segments.graphique_choix_k(pd.DataFrame(
        {"k": [2, 3, 4], "inertie": [90.0, 40.0, 35.0], "silhouette": [0.5, 0.7, 0.6]})),
    "swot_tows": lambda: _swot().figure(tows=_swot().tows()),
}


@pytest.mark.parametrize("taille", ["notebook", "diapositive"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_no_clipped_or_overlapping_text(name, taille, monkeypatch):
    monkeypatch.setitem(plots._TAILLE, "courante", taille)
    g = CHARTS[name]()
    assert_layout_clean(g.fig)


def test_layout_check_is_able_to_fail():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("Un titre bien trop long pour une figure aussi étroite, il déborde forcément")
    with pytest.raises(AssertionError, match="coupé"):
        assert_layout_clean(fig)


# --- rcParams --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_charts_leave_user_rcparams_alone(name):
    with matplotlib.rc_context({"font.size": 7.0, "axes.grid": False, "lines.linewidth": 0.5}):
        before = dict(matplotlib.rcParams)
        CHARTS[name]()
        after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert not changed


# --- screen readers: the HTML rendering ----------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_renders_as_accessible_figure(name):
    g = CHARTS[name]()
    html = g._repr_html_()
    assert html.startswith("<figure><img src=\"data:image/png;base64,")
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt and alt.startswith(("Diagramme", "Courbe", "Score", "Deux", "Matrice"))
    assert "<figcaption>" in html and html.endswith("</figure>")
    assert "<details><summary>Données du graphique (tableau)</summary><table>" in html
    assert "<th scope=\"col\">" in html and "<th scope=\"row\">" in html
    assert "<th scope=\"col\"></th>" not in html and "<th scope=\"row\"></th>" not in html
    assert g._repr_png_().startswith(b"\x89PNG")
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert "Graphique" in bundle["text/plain"] and "Bunch(" not in bundle["text/plain"]


def test_bar_chart_table_has_the_values_in_french():
    g = plots.barres({"TikTok": 4.25, "Facebook": 1200.0}, titre="Engagement", unite="%")
    table = g.tableau_html()
    assert "<th scope=\"col\">Catégorie</th><th scope=\"col\">Valeur (%)</th>" in table
    assert "<th scope=\"row\">Facebook</th><td>1\u202f200</td>" in table
    assert "<td>4,25</td>" in table


@pytest.mark.parametrize("call", [
    lambda: plots.barres([1, 2], titre="x"),
    lambda: plots.barres({"a": "beaucoup"}, titre="x"),
    lambda: plots.barres({"a": 1.0}, titre=3),
    lambda: plots.courbes([1, 2], titre="x"),
    lambda: plots.courbes(pd.Series(["a", "b"]), titre="x"),
    lambda: plots.style(taille=3),
    lambda: channels.graphique_scores(pd.DataFrame({"x": [1]})),
    lambda: segments.graphique_choix_k([1, 2]),
])
def test_wrong_types_french(call):
    from casekit.errors import ArgumentInvalideError

    with pytest.raises(ArgumentInvalideError) as exc:
        call()
    assert any(w in str(exc.value) for w in ("doit", "contient", "vaut", "non numérique"))


@pytest.mark.parametrize("name", list(CHARTS))
def test_alt_text_follows_french_typography(name):
    alt = CHARTS[name]().alt
    assert not re.search(r" [:;!?]|« | »", alt), alt
    assert re.search("\u00a0:", alt)


def test_typography_helper():
    assert plots.typographie("A : b ; « c » ! d ?") == "A\u00a0: b\u202f; «\u00a0c\u00a0»\u202f! d\u202f?"
    assert plots.typographie("https://example.org") == "https://example.org"
