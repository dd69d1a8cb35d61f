"""Plot style: colour-blind-safe palette, French formatting, alt text, headless."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest

from casekit import a11y, plots

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close_figures():
    before = dict(matplotlib.rcParams)
    yield
    plt.close("all")
    matplotlib.rcParams.update(before)
    plots._TAILLE["courante"] = "notebook"


@pytest.mark.parametrize("cvd", ["protanopie", "deuteranopie", "tritanopie"])
def test_palette_passes_colour_vision_deficiency_check(cvd):
    # every pair of palette colours stays distinguishable (CIELAB delta E >= 10)
    assert a11y.distance_minimale(plots.PALETTE, cvd) >= 10
    assert a11y.distance_minimale(plots.PALETTE) >= 20


def test_cvd_check_is_able_to_fail():
    # the classic red/green pair of matplotlib's old default is rejected under deuteranopia
    assert a11y.distance_minimale(["#D62728", "#2CA02C", "#1F77B4"], "deuteranopie") < 10


def test_french_number_formatting():
    nnbsp = "\u202f"
    assert plots.nombre_fr(1234.5) == f"1{nnbsp}234"
    assert plots.nombre_fr(1234.5, 1) == f"1{nnbsp}234,5"
    assert plots.nombre_fr(12.25, 2) == "12,25"
    assert plots.nombre_fr(0.034, pct=True, decimales=1) == f"3,4{nnbsp}%"
    assert plots.nombre_fr(-2) == "−2"
    assert plots.nombre_fr(-0.001, 1) == "0,0"
    assert plots.date_fr("2024-08-15") == "15 août 2024"
    assert plots.date_fr("2024-02-01", forme="mois") == "février 2024"


def test_style_sets_palette_and_sizes():
    plots.style()
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == plots.PALETTE
    assert matplotlib.rcParams["font.size"] >= 12
    plots.style(taille="diapositive")
    assert matplotlib.rcParams["font.size"] >= 16
    with pytest.raises(Exception, match="diapositive"):
        plots.style(taille="enorme")


def _render(fig):
    fig.canvas.draw()


def test_bar_chart_headless_no_warning_and_french_ticks():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = plots.barres(pd.Series({"A": 12500.0, "B": 3000.0, "C": 800.5}),
                                titre="Chiffre d'affaires", unite="€")
        _render(fig)
    assert matplotlib.get_backend().lower() == "agg"
    assert alt.startswith("Diagramme en barres «\u00a0Chiffre d'affaires\u00a0» (3 catégories)\u00a0:")
    assert "A arrive en tête avec 12\u202f500\u202f€" in alt
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert any("\u202f" in lab for lab in labels)  # French thousands separator on the axis
    assert not any("," in lab and "\u202f" not in lab and lab.count(",") > 1 for lab in labels)


def test_line_chart_dates_in_french():
    idx = pd.date_range("2024-01-01", periods=6, freq="MS")
    df = pd.DataFrame({"NPS": [10, 12, 8, 15, 20, 18], "CSAT": [70, 71, 69, 75, 80, 78]}, index=idx)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = plots.courbes(df, titre="Satisfaction")
        _render(fig)
    assert "de janvier 2024 à juin 2024" in alt
    assert "NPS passe de 10 à 18, avec un maximum de 20 en mai 2024 et un minimum de 8 en mars 2024" in alt


def test_line_chart_accepts_quarters_and_describes_the_dip():
    idx = pd.period_range("2024Q1", periods=4, freq="Q")
    s = pd.Series([12.0, -30.0, 10.0, 11.0], index=idx, name="NPS")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, alt = plots.courbes(s, titre="NPS par trimestre", unite="points")
        _render(fig)
    assert "minimum de \u221230\u202fpoints au 2e trimestre 2024" in alt
    assert "du 1er trimestre 2024 au 4e trimestre 2024" in alt
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["T1\n2024", "T2\n2024", "T3\n2024", "T4\n2024"]


def test_empty_input_french_error():
    with pytest.raises(Exception, match="Aucune valeur"):
        plots.barres({}, titre="x")


def test_graphique_unpacks_as_pair():
    g = plots.barres({"x": 1.0}, titre="t")
    fig, alt = g
    assert fig is g.fig and isinstance(alt, str) and alt == g.alt
