"""Accessible, French-formatted charts.

Every casekit chart uses a colour-blind-safe palette whose colours all reach
3:1 against the white background (WCAG 1.4.11), markers or line styles as
well as colour, readable sizes and French number formatting (decimal comma,
narrow no-break space between thousands). The style is applied inside each
chart function (:func:`style_local`), so the user's matplotlib settings are
left alone; :func:`style` applies it globally on request.

Every chart function returns a :class:`Graphique`: it unpacks as
``fig, alt`` (``alt`` is a French sentence describing the chart and its main
finding, WCAG 1.1.1) and, shown in JupyterLab, renders as an accessible
``<figure>``: the image with its ``alt`` attribute, a caption, and the
chart's data as an HTML table in a ``<details>`` element, so a screen-reader
user gets the chart without extra code. nbconvert falls back on the PNG.

matplotlib is only imported inside functions, so importing this module is cheap.

Examples
--------
>>> nombre_fr(1234567.891, 2)
'1\u202f234\u202f567,89'
>>> nombre_fr(0.125, 1, pct=True)
'12,5\u202f%'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FOND",
    "MARQUEURS",
    "PALETTE",
    "TRAITS",
    "Graphique",
    "barres",
    "courbes",
    "date_fr",
    "franciser",
    "nombre_fr",
    "style",
    "style_local",
    "typographie",
]

#: Colour-blind-safe palette, every colour at least 3:1 on white (WCAG 1.4.11):
#: the five Okabe & Ito (2008) colours that pass (blue, vermillion, bluish green,
#: reddish purple, black), plus a dark brown and a violet chosen to stay at least
#: ΔE 16 from every other colour under protanopia, deuteranopia and tritanopia
#: (Machado et al. 2009 simulation, see tests/test_plots.py). Black comes last.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7A361F", "#8C1AFF", "#000000"]
#: Background of every chart (the contrast of the palette is checked against it).
FOND = "#FFFFFF"
#: One marker and one line style per series, so colour is never the only cue.
MARQUEURS = ["o", "s", "^", "D", "v", "P", "X"]
TRAITS = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1))]
#: Narrow no-break space (French thousands separator and before « % »).
ESPACE_FINE = "\u202f"
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]
MOIS_ABREGES = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                "sept.", "oct.", "nov.", "déc."]


class Graphique:
    """Un graphique et son texte alternatif en français ; se déballe en ``fig, alt``.

    Affiché dans JupyterLab, il donne une ``<figure>`` accessible : l'image
    avec son attribut ``alt``, une légende, et les données du graphique dans
    un tableau HTML dépliable (« Données du graphique (tableau) »). Aucun
    code en plus : terminez la cellule par le graphique.

    Attributs : ``fig`` (figure matplotlib), ``alt`` (texte alternatif),
    ``titre``, ``donnees`` (DataFrame des valeurs tracées, ou ``None``).

    Exemples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> g = barres({"TikTok": 4.2, "Facebook": 0.8}, titre="Taux d'engagement", unite="%")
    >>> fig, alt = g
    >>> "<figcaption>Taux d'engagement</figcaption>" in g._repr_html_()
    True
    """

    __slots__ = ("_png_cache", "alt", "donnees", "fig", "titre")

    def __init__(self, fig: Figure, alt: str, donnees: Any = None, titre: str | None = None) -> None:
        self.fig = fig
        self.alt = typographie(alt)
        self.donnees = donnees
        self.titre = titre
        self._png_cache: bytes | None = None

    def __iter__(self):
        yield self.fig
        yield self.alt

    def __len__(self) -> int:
        return 2

    def __getitem__(self, i: int) -> Any:
        return (self.fig, self.alt)[i]

    def __repr__(self) -> str:
        head = f"Graphique « {self.titre} »" if self.titre else "Graphique"
        return typographie(f"{head} — texte alternatif : {self.alt}")

    def _repr_png_(self) -> bytes:
        if self._png_cache is None:
            import io

            import matplotlib.pyplot as plt

            buf = io.BytesIO()
            self.fig.savefig(buf, format="png", dpi=110, facecolor=FOND)
            self._png_cache = buf.getvalue()
            plt.close(self.fig)  # shown once, by this object, not again by the inline backend
        return self._png_cache

    def tableau_html(self) -> str:
        """Les données du graphique en tableau HTML (en-têtes ``<th scope>``), ou ``""``."""
        return _table_html(self.donnees, self.titre or "Données du graphique")

    def _repr_html_(self) -> str:
        import base64
        import html

        png = base64.b64encode(self._repr_png_()).decode("ascii")
        caption = html.escape(self.titre or self.alt, quote=False)
        table = self.tableau_html()
        details = (f"<details><summary>Données du graphique (tableau)</summary>{table}</details>"
                   if table else "")
        return (f"<figure><img src=\"data:image/png;base64,{png}\" alt=\"{html.escape(self.alt)}\">"
                f"<figcaption>{caption}</figcaption>{details}</figure>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import base64

        png = self._repr_png_()
        return {"text/html": self._repr_html_(),
                "image/png": base64.b64encode(png).decode("ascii"),
                "text/plain": repr(self)}


def _cell(v: Any) -> str:
    import html

    if isinstance(v, bool):
        return "oui" if v else "non"
    import numpy as np

    if isinstance(v, (int, float, np.number)):
        f = float(v)
        if math.isnan(f) or f == round(f) or abs(f) >= 100:
            return nombre_fr(f)
        out = nombre_fr(f, 3 if abs(f) < 1 else 2)
        return out.rstrip("0").rstrip(",")
    return html.escape(str(v), quote=False)


def _table_html(donnees: Any, caption: str) -> str:
    """Accessible HTML table: caption, column headers and row headers with ``scope``."""
    import html

    import pandas as pd

    if donnees is None:
        return ""
    df = donnees.to_frame() if isinstance(donnees, pd.Series) else donnees
    if not isinstance(df, pd.DataFrame) or df.empty:
        return ""
    first = str(df.index.name) if df.index.name not in (None, "") else "Élément"
    heads = [first] + [str(c) if str(c).strip() else f"Colonne {i + 1}" for i, c in enumerate(df.columns)]
    thead = "".join(f"<th scope=\"col\">{html.escape(h, quote=False)}</th>" for h in heads)
    rows = []
    for idx, row in df.iterrows():
        label = _label_index(idx)
        cells = "".join(f"<td>{_cell(v)}</td>" for v in row.tolist())
        rows.append(f"<tr><th scope=\"row\">{html.escape(label, quote=False)}</th>{cells}</tr>")
    return (f"<table><caption>{html.escape(caption, quote=False)}</caption><thead><tr>{thead}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _label_index(v: Any) -> str:
    import pandas as pd

    if isinstance(v, pd.Period):
        return periode_fr(v)
    if isinstance(v, pd.Timestamp):
        return date_fr(v)
    s = str(v)
    return s if s.strip() else "(vide)"


# ---------------------------------------------------------------------------
# French formatting
# ---------------------------------------------------------------------------


def nombre_fr(x: Any, decimales: int | None = None, *, pct: bool = False, unite: str = "") -> str:
    """Écrit un nombre à la française : ``1 234,5`` (espaces fines insécables).

    Paramètres
    ----------
    x : nombre
    decimales : int, optionnel
        Nombre de décimales ; par défaut 0 pour les entiers et les grands
        nombres, 1 sous 100, 2 sous 1.
    pct : bool
        ``x`` est une proportion (0–1) à afficher en pourcentage.
    unite : str
        Unité ajoutée après une espace fine insécable (« € », « gCO2e »…).

    Exemples
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
        return str(x)  # a label that is not a number is shown as is (tables mix both)
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


def typographie(texte: str) -> str:
    """Espaces insécables de la typographie française : avant « : » (U+00A0), avant « ; », « ! » et « ? » (U+202F), à l'intérieur des guillemets « », entre un nombre et son unité.

    Les adresses web et le code entre accents graves (`…`) restent tels quels.
    Appliquer deux fois ne change rien.

    Exemples
    --------
    >>> typographie("Budget : 3 € ; « Parents » ?") == "Budget\u00a0: 3\u00a0€\u202f; «\u00a0Parents\u00a0»\u202f?"
    True
    >>> typographie("https://example.org/?q=1 à 12:30")
    'https://example.org/?q=1 à 12:30'
    """
    if not isinstance(texte, str):
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError(f"« texte » doit être un texte, et non {type(texte).__name__}.")
    from casekit.generators.francais import typo_message

    return typo_message(texte)


def date_fr(d: Any, *, forme: str = "longue") -> str:
    """Écrit une date en français : ``3 mars 2025`` (« longue »), ``mars 2025`` (« mois »), ``03/03/2025`` (« courte »).

    Exemples
    --------
    >>> import datetime as dt
    >>> date_fr(dt.date(2025, 3, 1)), date_fr(dt.date(2025, 3, 1), forme="mois")
    ('1er mars 2025', 'mars 2025')
    """
    import pandas as pd

    from casekit.errors import ArgumentInvalideError

    if forme not in {"longue", "mois", "courte"}:
        raise ArgumentInvalideError(
            f"« forme » vaut « longue », « mois » ou « courte », et non {forme!r}.")
    try:
        t = pd.Timestamp(d)
    except (TypeError, ValueError):
        raise ArgumentInvalideError(
            f"« d » doit être une date (par exemple « 2025-03-01 »), et non {d!r}.") from None
    if pd.isna(t):
        return "date inconnue"
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
    """Met les graduations de ``ax`` à la française (nombres et dates).

    Les axes de dates ont des mois en français ; les axes numériques une
    virgule décimale, des espaces fines entre milliers et juste assez de
    décimales (« 2 », « 3 », pas « 2,0 »). ``x``/``y`` forcent (``True``)
    ou sautent (``False``) un axe ; par défaut, tout axe numérique est traité.

    Exemples
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
    from matplotlib.axes import Axes as _Axes
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    if not isinstance(ax, _Axes):
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError(
            f"« ax » doit être un axe matplotlib (fig, ax = plt.subplots()), et non {type(ax).__name__}.")
    for axis, wanted in ((ax.xaxis, x), (ax.yaxis, y)):
        if wanted is False:
            continue
        fmt = axis.get_major_formatter()
        if isinstance(fmt, (mdates.AutoDateFormatter, mdates.ConciseDateFormatter)):
            axis.set_major_formatter(_date_formatter())
        elif isinstance(fmt, (ScalarFormatter, FuncFormatter)) or wanted:
            axis.set_major_formatter(_number_formatter())
    return ax


def _number_formatter():
    """French tick labels with as many decimals as the tick spacing needs (2, 3 not 2,0 3,0)."""
    from matplotlib.ticker import Formatter

    class NombreFR(Formatter):
        decimals = 0

        def format_ticks(self, values):
            vals = [float(v) for v in values]
            steps = [abs(b - a) for a, b in itertools.pairwise(vals) if b != a]
            step = min(steps) if steps else (abs(vals[0]) if vals and vals[0] else 1.0)
            self.decimals = 0 if step >= 1 and all(abs(v - round(v)) < 1e-9 for v in vals) else \
                max(0, min(6, -math.floor(math.log10(step) + 1e-9)))
            return [self(v, i) for i, v in enumerate(vals)]

        def __call__(self, v: float, pos: int | None = None) -> str:
            if abs(v) < 1e-12:
                return "0"
            return nombre_fr(v, self.decimals)

    return NombreFR()


_TAILLE = {"courante": "notebook"}


def _rc(taille: str) -> dict[str, Any]:
    from cycler import cycler

    if taille not in {"notebook", "diapositive"}:
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError(
            f"« taille » vaut « notebook » ou « diapositive », et non « {taille} »."
        )
    base = 12 if taille == "notebook" else 16
    return {
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
        "figure.facecolor": FOND,
        "axes.facecolor": FOND,
        "savefig.facecolor": FOND,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "axes.formatter.use_locale": False,
        "lines.linewidth": 2.0,
        "figure.constrained_layout.use": True,
    }


def style(*, taille: str = "notebook") -> None:
    """Applique le style casekit à tous vos graphiques matplotlib (palette, tailles).

    Les fonctions graphiques de casekit n'en ont pas besoin : elles
    appliquent ce style le temps de dessiner (:func:`style_local`) et
    laissent vos réglages intacts. Appelez ``style()`` pour l'utiliser aussi
    dans vos propres graphiques.

    Paramètres
    ----------
    taille : {"notebook", "diapositive"}
        ``"diapositive"`` grossit les textes pour une présentation.

    Exemples
    --------
    >>> import matplotlib as mpl
    >>> avant = dict(mpl.rcParams)
    >>> style()
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]
    '#0072B2'
    >>> mpl.rcParams.update(avant)
    """
    import matplotlib as mpl

    rc = _rc(taille)
    _TAILLE["courante"] = taille
    mpl.rcParams.update(rc)


def style_local(*, taille: str | None = None):
    """Le style casekit le temps d'un bloc ``with`` ; vos réglages sont rétablis à la sortie.

    Exemples
    --------
    >>> import matplotlib as mpl
    >>> avant = mpl.rcParams["font.size"]
    >>> with style_local(taille="diapositive"):
    ...     mpl.rcParams["font.size"]
    16.0
    >>> mpl.rcParams["font.size"] == avant
    True
    """
    import matplotlib as mpl

    return mpl.rc_context(_rc(_TAILLE["courante"] if taille is None else taille))


def avec_style(func):
    """Décorateur : exécute une fonction graphique dans :func:`style_local`."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with style_local():
            return func(*args, **kwargs)

    return wrapper


def _subplots(ax: Axes | None = None, **kw: Any) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(**kw)
    return fig, ax


# ---------------------------------------------------------------------------
# generic charts
# ---------------------------------------------------------------------------


@avec_style
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
    """Diagramme en barres d'une valeur par catégorie, étiqueté en français.

    Paramètres
    ----------
    valeurs : Series ou dict
        Catégorie → valeur.
    titre : str
        Titre du graphique, repris dans le texte alternatif.
    unite : str
        Unité affichée après les valeurs (« % », « € »…).
    etiquette : str
        Titre de l'axe des valeurs.

    Renvoie
    -------
    Graphique
        Se déballe en ``(fig, alt)`` ; s'affiche avec ses données en tableau.

    Exemples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, alt = barres({"TikTok": 4.2, "Facebook": 0.8}, titre="Taux d'engagement", unite="%")
    >>> print(alt)
    Diagramme en barres «\u00a0Taux d'engagement\u00a0» (2 catégories)\u00a0: TikTok arrive en tête avec 4,2\u202f%, Facebook est le plus bas avec 0,8\u202f%.
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import pandas as pd

    from casekit.errors import ArgumentInvalideError

    if not isinstance(titre, str):
        raise ArgumentInvalideError(f"« titre » doit être un texte, et non {titre!r}.")
    if not isinstance(valeurs, (pd.Series, dict)):
        raise ArgumentInvalideError(
            f"« valeurs » doit être une Series ou un dictionnaire catégorie → valeur, et non "
            f"{type(valeurs).__name__}.")
    raw = pd.Series(valeurs, dtype=object)
    if pd.api.types.is_bool_dtype(pd.Series(valeurs).dtype):
        raise ArgumentInvalideError("« valeurs » contient des booléens : passez des nombres.")
    s = pd.to_numeric(raw, errors="coerce")
    bad = raw[s.isna() & raw.notna()]
    if len(bad):
        raise ArgumentInvalideError(
            f"« valeurs » contient du texte ({', '.join(repr(v) for v in bad.head(3))}) : "
            "passez des nombres.")
    s = s.astype(float).dropna()
    if s.empty:
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
    ax.margins(x=0.15) if horizontal else ax.margins(y=0.15)
    ax.set_title(titre, wrap=True)
    ax.grid(False, axis="y" if horizontal else "x")
    franciser(ax, x=horizontal and None, y=(not horizontal) and None)
    top, bottom = s.idxmax(), s.idxmin()
    alt = (f"Diagramme en barres « {titre} » ({len(s)} catégories) : {top} arrive en tête avec "
           f"{_with_unit(s.max(), unite)}")
    if len(s) > 1:
        alt += f", {bottom} est le plus bas avec {_with_unit(s.min(), unite)}"
    table = s.sort_values(ascending=False, kind="stable").to_frame(
        f"Valeur ({unite})" if unite else "Valeur")
    table.index.name = str(s.index.name) if s.index.name else "Catégorie"
    return Graphique(fig, alt + ".", donnees=table, titre=titre)


def _with_unit(v: float, unite: str) -> str:
    if unite == "%":
        return nombre_fr(v) + ESPACE_FINE + "%"
    return nombre_fr(v, unite=unite)


def periode_fr(p: Any) -> str:
    """Une période pandas en français : « 2024 », « 2e trimestre 2024 », « mars 2024 », « 3 mars 2024 ».

    Exemples
    --------
    >>> import pandas as pd
    >>> periode_fr(pd.Period("2024Q2")), periode_fr(pd.Period("2024-03", "M")), periode_fr(pd.Period("2024", "Y"))
    ('2e trimestre 2024', 'mars 2024', '2024')
    """
    import pandas as pd

    p = p if isinstance(p, pd.Period) else pd.Period(p)
    code = p.freqstr.split("-")[0].upper()
    if code.startswith(("Y", "A")):
        return str(p.year)
    if code.startswith("Q"):
        return f"{'1er' if p.quarter == 1 else str(p.quarter) + 'e'} trimestre {p.year}"
    if code.startswith("M"):
        return f"{MOIS[p.month - 1]} {p.year}"
    return date_fr(p.start_time)


def _time_axis(index: Any) -> tuple[list[Any], list[str], str]:
    """x positions, French label of each point, and granularity of a time-like index.

    Granularity is « annee », « trimestre », « mois », « jour » or « autre » (no time).
    Integer years (2019…2024), PeriodIndex, DatetimeIndex and strings such as
    « 2024Q1 » or « 2024-03 » are understood; nothing is read as nanoseconds since 1970.
    """
    import numpy as np
    import pandas as pd

    idx = pd.Index(index)
    if isinstance(idx, pd.PeriodIndex):
        periods = list(idx)
    elif isinstance(idx, pd.DatetimeIndex):
        periods = None
    elif pd.api.types.is_integer_dtype(idx.dtype) or (
            pd.api.types.is_float_dtype(idx.dtype) and np.all(np.mod(idx.to_numpy(), 1) == 0)):
        vals = idx.to_numpy().astype(int)
        if len(vals) and vals.min() >= 1800 and vals.max() <= 2200:
            return [int(v) for v in vals], [str(int(v)) for v in vals], "annee"
        return list(idx), [nombre_fr(v) for v in idx], "autre"
    elif pd.api.types.is_numeric_dtype(idx.dtype):
        return list(idx), [nombre_fr(v) for v in idx], "autre"
    else:
        try:
            periods = [pd.Period(str(v)) for v in idx]
        except (ValueError, TypeError):
            periods = None
        if periods is None or len({p.freqstr for p in periods}) != 1:
            import warnings

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # pandas warns before failing on labels
                    idx = pd.DatetimeIndex(pd.to_datetime(idx.astype(str)))
            except (ValueError, TypeError):
                return list(range(len(idx))), [str(v) for v in idx], "categories"
            periods = None
    if periods is not None:
        code = periods[0].freqstr.split("-")[0].upper() if periods else "D"
        if code.startswith(("Y", "A")):
            return [p.year for p in periods], [str(p.year) for p in periods], "annee"
        gran = "trimestre" if code.startswith("Q") else ("mois" if code.startswith("M") else "jour")
        return [p.start_time.to_pydatetime() for p in periods], [periode_fr(p) for p in periods], gran
    dt = pd.DatetimeIndex(idx)
    if len(dt) and (dt.month == 1).all() and (dt.day == 1).all() and dt.year.is_unique:
        return [int(y) for y in dt.year], [str(y) for y in dt.year], "annee"
    if len(dt) and (dt.day == 1).all():
        return list(dt.to_pydatetime()), [date_fr(d, forme="mois") for d in dt], "mois"
    return list(dt.to_pydatetime()), [date_fr(d) for d in dt], "jour"


@avec_style
def courbes(
    donnees: pd.Series | pd.DataFrame,
    *,
    titre: str,
    unite: str = "",
    etiquette: str = "",
    ax: Axes | None = None,
) -> Graphique:
    """Courbes d'une ou plusieurs séries dans le temps.

    L'index peut être des dates, des périodes (``.dt.to_period("Q")``), des
    années entières (2019, 2020…) ou des textes comme « 2024Q1 ». Chaque
    série a sa couleur, son marqueur et son type de trait.

    Exemples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> s = pd.Series([10, 30, 20], index=pd.date_range("2024-01-01", periods=3, freq="MS"), name="NPS")
    >>> fig, alt = courbes(s, titre="NPS mensuel")
    >>> print(alt)
    Courbe «\u00a0NPS mensuel\u00a0» de janvier 2024 à mars 2024\u00a0: NPS passe de 10 à 20, avec un maximum de 30 en février 2024 et un minimum de 10 en janvier 2024.
    >>> fig, alt = courbes(pd.Series([3, 5], index=[2023, 2024], name="Adhérents"), titre="Adhérents")
    >>> print(alt)
    Courbe «\u00a0Adhérents\u00a0» de 2023 à 2024\u00a0: Adhérents passe de 3 à 5, avec un maximum de 5 en 2024 et un minimum de 3 en 2023.
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import pandas as pd
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    from casekit.errors import ArgumentInvalideError

    if not isinstance(titre, str):
        raise ArgumentInvalideError(f"« titre » doit être un texte, et non {titre!r}.")
    if not isinstance(donnees, (pd.Series, pd.DataFrame)):
        raise ArgumentInvalideError(
            "« donnees » doit être une Series ou un DataFrame indexé par le temps, et non "
            f"{type(donnees).__name__}.")
    df = donnees.to_frame() if isinstance(donnees, pd.Series) else donnees
    if df.empty:
        raise ArgumentInvalideError("Aucune donnée à représenter.")
    bad = [c for c in df.columns if pd.api.types.is_bool_dtype(df[c].dtype)
           or not pd.api.types.is_numeric_dtype(df[c].dtype)]
    if bad:
        raise ArgumentInvalideError(
            f"Colonne(s) non numérique(s) : {', '.join(f'« {c} »' for c in bad)}. Passez des nombres.")
    xs, labels, gran = _time_axis(df.index)
    order = sorted(range(len(xs)), key=lambda i: xs[i]) if gran != "categories" else list(range(len(xs)))
    xs = [xs[i] for i in order]
    labels = [labels[i] for i in order]
    df = df.iloc[order]
    fig, ax = _subplots(ax)
    for i, col in enumerate(df.columns):
        ax.plot(xs, df[col].to_numpy(dtype=float), label=str(col),
                color=PALETTE[i % len(PALETTE)], marker=MARQUEURS[i % len(MARQUEURS)],
                linestyle=TRAITS[i % len(TRAITS)], markersize=6)
    ax.set_title(titre, wrap=True)
    if etiquette or unite:
        ax.set_ylabel(etiquette or unite)
    if df.shape[1] > 1:
        ax.legend(frameon=False)
    franciser(ax)
    if gran == "annee":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos=None: str(round(v))))
    elif gran in ("trimestre", "categories") or (gran == "mois" and len(xs) <= 12):
        step = max(1, len(xs) // 8 + (1 if len(xs) % 8 else 0)) if len(xs) > 8 else 1
        short = [_court(lab, gran) for lab in labels]
        ax.xaxis.set_major_locator(FixedLocator(
            [ax.xaxis.convert_units(x) for x in xs[::step]] if gran != "categories" else xs[::step]))
        ax.set_xticklabels(short[::step])
    parts = []
    for col in df.columns[:4]:
        s = pd.Series(df[col].to_numpy(dtype=float), index=labels).dropna()
        if s.empty:
            continue
        parts.append(
            f"{col} passe de {_with_unit(s.iloc[0], unite)} à {_with_unit(s.iloc[-1], unite)}, "
            f"avec un maximum de {_with_unit(s.max(), unite)} {_quand(s.idxmax(), gran)} "
            f"et un minimum de {_with_unit(s.min(), unite)} {_quand(s.idxmin(), gran)}"
        )
    more = f" (et {df.shape[1] - 4} autres séries)" if df.shape[1] > 4 else ""
    debut, fin = labels[0], labels[-1]
    if gran == "categories":  # quoted labels: no elision to get wrong (« de atelier »)
        span = f"de « {debut} » à « {fin} »"
    else:
        span = f"du {debut} au {fin}" if gran in ("trimestre", "jour") else f"de {debut} à {fin}"
    alt = f"Courbe « {titre} » {span} : " + " ; ".join(parts) + more + "."
    table = df.copy()
    table.index = pd.Index(labels, name="Période" if gran != "categories" else "Catégorie")
    table.columns = [str(c) for c in table.columns]
    return Graphique(fig, alt, donnees=table, titre=titre)


def _quand(label: str, gran: str) -> str:
    """« en mars 2024 », « au 2e trimestre 2024 », « le 3 mars 2024 », « pour A »."""
    if gran == "trimestre":
        return f"au {label}"
    if gran == "jour":
        return f"le {label}"
    if gran == "categories":
        return f"pour « {label} »"
    if gran == "autre":
        return f"pour {label}"
    return f"en {label}"


def _court(label: str, gran: str) -> str:
    if gran == "trimestre":
        n, _, year = label.split(" ")[0], None, label.split(" ")[-1]
        return f"T{n.rstrip('erè')}\n{year}"
    if gran == "mois":
        mois, year = label.rsplit(" ", 1)
        return f"{MOIS_ABREGES[MOIS.index(mois)]}\n{year}"
    return label


def liste_fr(items: Sequence[str]) -> str:
    """Joint des éléments à la française : « a, b et c ».

    Exemples
    --------
    >>> liste_fr(["a", "b", "c"])
    'a, b et c'
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
