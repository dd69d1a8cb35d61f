"""Accessible, French-formatted charts.

One call, :func:`style`, sets a colour-blind-safe palette (Okabe & Ito,
2008), readable sizes, and French number formatting (decimal comma, narrow
no-break space between thousands). Every casekit chart function returns a
:class:`Graphique`, a ``(fig, alt)`` pair whose ``alt`` is a French sentence
describing the chart and its main finding, ready to paste as alternative
text (WCAG 1.1.1).

matplotlib is only imported inside functions, so importing this module is cheap.

Examples
--------
>>> nombre_fr(1234567.891, 2)
'1\u202f234\u202f567,89'
>>> nombre_fr(0.125, 1, pct=True)
'12,5\u202f%'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "Graphique",
    "barres",
    "courbes",
    "date_fr",
    "franciser",
    "nombre_fr",
    "style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, blue first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
#: Narrow no-break space (French thousands separator and before « % »).
ESPACE_FINE = "\u202f"
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]
MOIS_ABREGES = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                "sept.", "oct.", "nov.", "déc."]


class Graphique(NamedTuple):
    """A chart and its French alternative text; unpacks as ``fig, alt``."""

    fig: Figure
    alt: str

    def __repr__(self) -> str:
        return f"Graphique(alt={self.alt!r})"


# ---------------------------------------------------------------------------
# French formatting
# ---------------------------------------------------------------------------


def nombre_fr(x: Any, decimales: int | None = None, *, pct: bool = False, unite: str = "") -> str:
    """Format a number the French way: ``1 234,5`` (narrow no-break spaces).

    Parameters
    ----------
    x : number
    decimales : int, optional
        Number of decimals; by default 0 for integers and large numbers,
        1 below 100, 2 below 1.
    pct : bool
        ``x`` is a proportion (0–1) to show as a percentage.
    unite : str
        Unit appended after a narrow no-break space (« € », « gCO2e »...).

    Examples
    --------
    >>> nombre_fr(-3.5)
    '−3,5'
    >>> nombre_fr(float("nan"))
    'n.d.'
    >>> nombre_fr(1500, unite="€")
    '1\u202f500\u202f€'
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(v):
        return "n.d."
    if pct:
        v *= 100
    auto = decimales is None
    if decimales is None:
        a = abs(v)
        decimales = 0 if (a >= 100 or v == round(v)) else (1 if a >= 1 else 2)
    s = f"{abs(v):,.{decimales}f}"
    if auto and "." in s:
        s = s.rstrip("0").rstrip(".")
    s = s.replace(",", ESPACE_FINE).replace(".", ",")
    if v < 0 and float(s.replace(ESPACE_FINE, "").replace(",", ".")) != 0:
        s = "−" + s
    if pct:
        s += ESPACE_FINE + "%"
    if unite:
        s += ESPACE_FINE + unite
    return s


def date_fr(d: Any, *, forme: str = "longue") -> str:
    """Format a date in French: ``3 mars 2025`` (« longue »), ``mars 2025`` (« mois »).

    Examples
    --------
    >>> import datetime as dt
    >>> date_fr(dt.date(2025, 3, 1)), date_fr(dt.date(2025, 3, 1), forme="mois")
    ('1er mars 2025', 'mars 2025')
    """
    import pandas as pd

    t = pd.Timestamp(d)
    if forme == "mois":
        return f"{MOIS[t.month - 1]} {t.year}"
    if forme == "courte":
        return f"{t.day:02d}/{t.month:02d}/{t.year}"
    jour = "1er" if t.day == 1 else str(t.day)
    return f"{jour} {MOIS[t.month - 1]} {t.year}"


def _date_formatter():
    import matplotlib.dates as mdates
    from matplotlib.ticker import Formatter

    class DateFormatterFR(Formatter):
        """French date tick labels; granularity from the tick spacing."""

        _values: Sequence[float] = ()

        def format_ticks(self, values):
            self._values = list(values)
            return [self(v, i) for i, v in enumerate(values)]

        def __call__(self, x: float, pos: int | None = None) -> str:
            d = mdates.num2date(x)
            locs = self._values
            step = (locs[1] - locs[0]) if len(locs) > 1 else 30.0
            if step >= 360:
                return str(d.year)
            if step >= 28:
                label = MOIS_ABREGES[d.month - 1]
                if pos == 0 or d.month == 1:
                    label += f"\n{d.year}"
                return label
            return f"{d.day} {MOIS_ABREGES[d.month - 1]}"

    return DateFormatterFR()


def franciser(ax: Axes, *, x: bool | None = None, y: bool | None = None) -> Axes:
    """Apply French number and date formatting to the tick labels of ``ax``.

    Axes showing dates get French month names; numeric axes get a decimal
    comma and narrow no-break spaces. ``x``/``y`` force (``True``) or skip
    (``False``) an axis; by default every axis with numeric ticks is done.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 12000.5])
    >>> fig.canvas.draw()
    >>> _ = franciser(ax)
    >>> fig.canvas.draw()
    >>> ax.get_yticklabels()[-1].get_text().endswith("000")
    True
    >>> plt.close(fig)
    """
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    def number(v: float, pos: int | None = None) -> str:
        if abs(v) < 1e-12:
            return "0"
        return nombre_fr(v, None if abs(v) >= 10 else (1 if abs(v) >= 1 else 2)).rstrip()

    for axis, wanted in ((ax.xaxis, x), (ax.yaxis, y)):
        if wanted is False:
            continue
        fmt = axis.get_major_formatter()
        if isinstance(fmt, (mdates.AutoDateFormatter, mdates.ConciseDateFormatter)):
            axis.set_major_formatter(_date_formatter())
        elif isinstance(fmt, ScalarFormatter) or wanted:
            axis.set_major_formatter(FuncFormatter(number))
    return ax


def style(*, taille: str = "notebook") -> None:
    """Set the casekit chart style: palette, sizes, French-friendly defaults.

    Parameters
    ----------
    taille : {"notebook", "diapositive"}
        ``"diapositive"`` uses larger fonts for slides.

    Notes
    -----
    Number and date labels are made French by :func:`franciser`, which every
    casekit chart calls; call it on your own axes too.

    Examples
    --------
    >>> style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]
    '#0072B2'
    """
    import matplotlib as mpl
    from cycler import cycler

    if taille not in {"notebook", "diapositive"}:
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError(
            f"« taille » vaut « notebook » ou « diapositive », et non « {taille} »."
        )
    base = 12 if taille == "notebook" else 16
    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=PALETTE),
        "font.size": base,
        "axes.titlesize": base + 2,
        "axes.titleweight": "bold",
        "axes.labelsize": base,
        "xtick.labelsize": base - 1,
        "ytick.labelsize": base - 1,
        "legend.fontsize": base - 1,
        "figure.figsize": (8, 4.8) if taille == "notebook" else (11, 6.2),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "axes.formatter.use_locale": False,
        "lines.linewidth": 2.0,
        "figure.constrained_layout.use": True,
    })


def _subplots(ax: Axes | None = None, **kw: Any) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    style()
    fig, ax = plt.subplots(**kw)
    return fig, ax


# ---------------------------------------------------------------------------
# generic charts
# ---------------------------------------------------------------------------


def barres(
    valeurs: pd.Series | dict,
    *,
    titre: str,
    unite: str = "",
    etiquette: str = "",
    trier: bool = True,
    horizontal: bool = True,
    ax: Axes | None = None,
) -> Graphique:
    """Bar chart of one value per category, labelled in French.

    Parameters
    ----------
    valeurs : Series or dict
        Category -> value.
    titre : str
        Chart title (French), reused in the alternative text.
    unite : str
        Unit shown after the values (« % », « € »...).
    etiquette : str
        Axis label of the values.

    Returns
    -------
    Graphique
        ``(fig, alt)``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, alt = barres({"TikTok": 4.2, "Facebook": 0.8}, titre="Taux d'engagement", unite="%")
    >>> print(alt)
    Diagramme en barres « Taux d'engagement » (2 catégories) : TikTok arrive en tête avec 4,2 %, Facebook est le plus bas avec 0,8 %.
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import pandas as pd

    s = pd.Series(valeurs, dtype=float).dropna()
    if s.empty:
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError("Aucune valeur à représenter (série vide ou uniquement NaN).")
    if trier:
        s = s.sort_values(ascending=horizontal, kind="stable")
    fig, ax = _subplots(ax)
    labels = [str(i) for i in s.index]
    colour = PALETTE[0]
    if horizontal:
        bars = ax.barh(labels, s.to_numpy(), color=colour)
        ax.set_xlabel(etiquette or unite)
    else:
        bars = ax.bar(labels, s.to_numpy(), color=colour)
        ax.set_ylabel(etiquette or unite)
    ax.bar_label(bars, labels=[_with_unit(v, unite) for v in s], padding=3)
    ax.set_title(titre)
    ax.grid(False, axis="y" if horizontal else "x")
    franciser(ax, x=horizontal and None, y=(not horizontal) and None)
    top, bottom = s.idxmax(), s.idxmin()
    alt = (f"Diagramme en barres « {titre} » ({len(s)} catégories) : {top} arrive en tête avec "
           f"{_with_unit(s.max(), unite)}")
    if len(s) > 1:
        alt += f", {bottom} est le plus bas avec {_with_unit(s.min(), unite)}"
    return Graphique(fig, alt + ".")


def _with_unit(v: float, unite: str) -> str:
    if unite == "%":
        return nombre_fr(v) + ESPACE_FINE + "%"
    return nombre_fr(v, unite=unite)


def courbes(
    donnees: pd.Series | pd.DataFrame,
    *,
    titre: str,
    unite: str = "",
    etiquette: str = "",
    ax: Axes | None = None,
) -> Graphique:
    """Line chart of one or more series over time (index of dates).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> s = pd.Series([10, 30, 20], index=pd.date_range("2024-01-01", periods=3, freq="MS"), name="NPS")
    >>> fig, alt = courbes(s, titre="NPS mensuel")
    >>> alt
    'Courbe « NPS mensuel » de janvier 2024 à mars 2024 : NPS passe de 10 à 20, avec un maximum de 30 en février 2024 et un minimum de 10 en janvier 2024.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import pandas as pd

    df = donnees.to_frame() if isinstance(donnees, pd.Series) else donnees
    if df.empty:
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError("Aucune donnée à représenter.")
    if isinstance(df.index, pd.PeriodIndex):  # e.g. quarters from .dt.to_period("Q")
        df = df.set_axis(df.index.to_timestamp())
    idx = pd.DatetimeIndex(df.index)
    fig, ax = _subplots(ax)
    for i, col in enumerate(df.columns):
        ax.plot(idx.to_pydatetime(), df[col].to_numpy(dtype=float), label=str(col),
                color=PALETTE[i % len(PALETTE)])
    ax.set_title(titre)
    if etiquette or unite:
        ax.set_ylabel(etiquette or unite)
    if df.shape[1] > 1:
        ax.legend(frameon=False)
    franciser(ax)
    parts = []
    for col in df.columns[:4]:
        s = df[col].dropna()
        if s.empty:
            continue
        s.index = pd.DatetimeIndex(s.index)
        parts.append(
            f"{col} passe de {_with_unit(s.iloc[0], unite)} à {_with_unit(s.iloc[-1], unite)}, "
            f"avec un maximum de {_with_unit(s.max(), unite)} en {date_fr(s.idxmax(), forme='mois')} "
            f"et un minimum de {_with_unit(s.min(), unite)} en {date_fr(s.idxmin(), forme='mois')}"
        )
    more = f" (et {df.shape[1] - 4} autres séries)" if df.shape[1] > 4 else ""
    alt = (f"Courbe « {titre} » de {date_fr(idx.min(), forme='mois')} à "
           f"{date_fr(idx.max(), forme='mois')} : " + " ; ".join(parts) + more + ".")
    return Graphique(fig, alt)


def liste_fr(items: Sequence[str]) -> str:
    """Join items the French way: « a, b et c ».

    Examples
    --------
    >>> liste_fr(["a", "b", "c"])
    'a, b et c'
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
