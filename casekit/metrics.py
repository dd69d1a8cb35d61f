"""Marketing and audience metrics: one trusted implementation.

Every function here is what the students' self-checks (:mod:`casekit.checks`)
and the hidden grading tests call, so a formula lives in one place only.
Definitions follow ``shared/research/datasets.md`` §3.

Conventions
-----------
* Rates are returned **in percent** (``ctr(3, 200)`` is ``1.5``), ratios
  (ROAS, frequency) as plain ratios, costs in the currency of the inputs.
* Inputs may be scalars, lists, numpy arrays or pandas Series; a scalar in
  gives a ``float`` out, anything else gives an array-like of the same shape
  (a Series keeps its index).
* A zero denominator (no impressions, no clicks...) gives ``NaN``, never a
  ``ZeroDivisionError``: a rate that cannot be computed is "not available".
* Negative counts or costs raise :class:`~casekit.errors.ArgumentInvalideError`
  with a French message.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError

__all__ = [
    "BASES_ENGAGEMENT",
    "MetriqueAvertissement",
    "cpa",
    "cpc",
    "cpm",
    "csat",
    "ctr",
    "exces_part_de_voix",
    "frequence",
    "nps",
    "part_de_voix",
    "roas",
    "taux_conversion",
    "taux_engagement",
    "taux_penetration",
]

#: Values treated as "no answer" (compared lower-cased and stripped).
NON_REPONSES = frozenset({"", "nsp", "ne sait pas", "ne sais pas", "nr", "sans réponse", "na", "nan"})

#: Allowed engagement-rate bases: keyword -> French label.
BASES_ENGAGEMENT = {
    "portee": "portée (personnes uniques touchées)",
    "impressions": "impressions (affichages)",
    "abonnes": "abonnés (taille de la communauté)",
    "vues": "vues (vidéo)",
}


class ResultatNPS(Bunch):
    """Bunch returned by :func:`nps`, with a readable French summary."""

    def __repr__(self) -> str:
        from casekit.plots import nombre_fr

        if self["n"] == 0:
            return "NPS non calculable (n = 0)"
        lo, hi = self["ic95"]
        sign = "+" if self["score"] > 0 else ""
        return (
            f"NPS = {sign}{nombre_fr(self['score'], 1)} (IC à 95 % : {nombre_fr(lo, 1)} à "
            f"{nombre_fr(hi, 1)} ; erreur type {nombre_fr(self['se'], 1)} ; n = {nombre_fr(self['n'])} ; "
            f"promoteurs {nombre_fr(self['promoteurs_pct'], 1)} %, passifs "
            f"{nombre_fr(self['passifs_pct'], 1)} %, détracteurs {nombre_fr(self['detracteurs_pct'], 1)} %)"
        )

    __str__ = __repr__


class MetriqueAvertissement(UserWarning):
    """Warning emitted when a metric cannot be computed (for instance n = 0)."""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _as_array(x: Any, name: str) -> tuple[np.ndarray, Any]:
    """Float array of ``x`` plus a function that restores its container."""
    if isinstance(x, pd.Series):
        index, sname = x.index, x.name
        arr = pd.to_numeric(x, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return arr, lambda a: pd.Series(a, index=index, name=sname)
    if np.isscalar(x) or x is None:
        try:
            val = float(x)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ArgumentInvalideError(
                f"« {name} » doit être un nombre, et non {x!r}."
            ) from None
        return np.array([val]), lambda a: float(a[0])
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ArgumentInvalideError(
            f"« {name} » doit contenir des nombres (liste, tableau ou Series)."
        ) from None
    return arr, lambda a: a


def _check_non_negative(arr: np.ndarray, name: str) -> None:
    if np.any(arr[~np.isnan(arr)] < 0):
        raise ArgumentInvalideError(
            f"« {name} » contient une valeur négative : un nombre de {name} ou un coût "
            "ne peut pas être négatif."
        )


def _ratio(num: Any, den: Any, scale: float, num_name: str, den_name: str) -> Any:
    a, wrap_a = _as_array(num, num_name)
    b, wrap_b = _as_array(den, den_name)
    _check_non_negative(a, num_name)
    _check_non_negative(b, den_name)
    if a.shape != b.shape and a.size != 1 and b.size != 1:
        raise ArgumentInvalideError(
            f"« {num_name} » ({a.size} valeurs) et « {den_name} » ({b.size} valeurs) "
            "doivent avoir la même longueur."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(b > 0, scale * a / np.where(b > 0, b, 1.0), np.nan)
    if isinstance(num, pd.Series):
        wrap = wrap_a
    elif isinstance(den, pd.Series):
        wrap = wrap_b
    else:
        wrap = wrap_a if a.size >= b.size else wrap_b
    return wrap(out)


def _clean_answers(reponses: Any, lo: float, hi: float, what: str) -> np.ndarray:
    """Numeric answers in [lo, hi], blanks and « NSP » removed; French error otherwise."""
    if isinstance(reponses, pd.DataFrame):
        raise ArgumentInvalideError(
            f"Passez une seule colonne de {what} (par exemple df[\"nps_0_10\"]), "
            "et non un DataFrame entier."
        )
    if np.isscalar(reponses):
        reponses = [reponses]
    values = list(pd.Series(reponses, dtype="object"))
    kept: list[float] = []
    bad: list[Any] = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, str):
            s = v.strip().lower()
            if s in NON_REPONSES:
                continue
            try:
                v = float(s.replace(",", "."))
            except ValueError:
                bad.append(v)
                continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            bad.append(v)
            continue
        if math.isnan(f):
            continue
        if not (lo <= f <= hi) or f != round(f):
            bad.append(v)
            continue
        kept.append(f)
    if bad:
        shown = ", ".join(repr(b) for b in bad[:5]) + (" …" if len(bad) > 5 else "")
        raise ArgumentInvalideError(
            f"{len(bad)} réponse(s) ne sont pas des notes entières de {lo:g} à {hi:g} "
            f"ni des non-réponses (« NSP », vide) : {shown}. Nettoyez-les d'abord."
        )
    return np.asarray(kept, dtype=float)


# ---------------------------------------------------------------------------
# satisfaction
# ---------------------------------------------------------------------------


def nps(reponses: Any) -> Bunch:
    """Net Promoter Score with its sampling error.

    Promoters answer 9–10, passives 7–8, detractors 0–6 (Reichheld, 2003);
    NPS = % promoters − % detractors, from −100 to +100. Blanks, ``NaN`` and
    « NSP » / « ne sait pas » are excluded from ``n``. The standard error is
    ``SE = 100·√((p + d − (p − d)²)/n)`` and the 95 % interval is
    ``score ± 1,96·SE``, clipped to [−100, 100].

    Parameters
    ----------
    reponses : array-like
        Answers to « Quelle est la probabilité que vous recommandiez… ? » on
        0–10. Strings such as ``"9"`` are accepted.

    Returns
    -------
    Bunch
        ``score`` (points), ``promoteurs_pct``, ``passifs_pct``,
        ``detracteurs_pct``, ``n``, ``se`` (points) and ``ic95`` (tuple).
        With ``n = 0`` (no valid answer) every number is ``NaN`` and a
        :class:`MetriqueAvertissement` is emitted: an empty group in a
        ``groupby`` does not stop the analysis.

    Raises
    ------
    ArgumentInvalideError
        If an answer is neither an integer from 0 to 10 nor a non-answer.

    Notes
    -----
    With 100 % promoters (or detractors) the SE is 0: the normal
    approximation says nothing useful at the bounds; report ``n`` instead.

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 7, 3, "NSP", None])
    >>> r.n, r.score
    (6, 33.33...)
    >>> round(r.se, 1), r.promoteurs_pct
    (30.4, 50.0)
    >>> r
    NPS = +33,3 (IC à 95 % : −26,3 à 93,0 ; erreur type 30,4 ; n = 6 ; promoteurs 50,0 %, passifs 33,3 %, détracteurs 16,7 %)
    """
    x = _clean_answers(reponses, 0, 10, "notes NPS")
    n = int(x.size)
    if n == 0:
        warnings.warn(
            "NPS incalculable : aucune réponse valide (n = 0) ; le résultat vaut NaN.",
            MetriqueAvertissement,
            stacklevel=2,
        )
        nan = float("nan")
        return ResultatNPS(score=nan, promoteurs_pct=nan, passifs_pct=nan, detracteurs_pct=nan,
                           n=0, se=nan, ic95=(nan, nan))
    p = float(np.mean(x >= 9))
    d = float(np.mean(x <= 6))
    score = 100 * (p - d)
    se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    ic = (max(score - 1.96 * se, -100.0), min(score + 1.96 * se, 100.0))
    return ResultatNPS(
        score=score,
        promoteurs_pct=100 * p,
        passifs_pct=100 * (1 - p - d),
        detracteurs_pct=100 * d,
        n=n,
        se=se,
        ic95=ic,
    )


def csat(reponses: Any, *, echelle: int = 5, seuil: int | None = None) -> float:
    """Customer satisfaction score: percent of satisfied answers (« top-2 box »).

    Parameters
    ----------
    reponses : array-like
        Ratings from 1 to ``echelle``; blanks and « NSP » are excluded.
    echelle : int
        Top of the scale (5 by default).
    seuil : int, optional
        Lowest rating counted as satisfied; ``echelle - 1`` by default
        (4 and 5 on a 1–5 scale).

    Returns
    -------
    float
        Percent of satisfied answers; ``NaN`` with a
        :class:`MetriqueAvertissement` when there is no valid answer.

    Examples
    --------
    >>> csat([5, 4, 4, 3, 1, "NSP"])
    60.0
    >>> csat([7, 6, 2], echelle=7, seuil=6)
    66.66...
    """
    if seuil is None:
        seuil = echelle - 1
    if not 1 <= seuil <= echelle:
        raise ArgumentInvalideError(f"« seuil » doit être entre 1 et {echelle}, et non {seuil}.")
    x = _clean_answers(reponses, 1, echelle, "notes de satisfaction")
    if x.size == 0:
        warnings.warn("CSAT incalculable : aucune réponse valide (n = 0) ; le résultat vaut NaN.",
                      MetriqueAvertissement, stacklevel=2)
        return float("nan")
    return float(100 * np.mean(x >= seuil))


# ---------------------------------------------------------------------------
# social and advertising
# ---------------------------------------------------------------------------


def taux_engagement(interactions: Any, denominateur: Any = None, *, base: str | None = None) -> Any:
    """Engagement rate, in percent, over a base that must be named.

    There is no standard engagement rate: by reach, by impressions, by
    followers or by views give very different numbers, so ``base`` is
    mandatory and never guessed.

    Parameters
    ----------
    interactions : number, array-like or DataFrame
        Interactions (reactions + comments + shares + saves). If a DataFrame
        is given and ``denominateur`` is ``None``, its ``interactions`` column
        is divided by its column named ``base``.
    denominateur : number or array-like
        Values of the base.
    base : {"portee", "impressions", "abonnes", "vues"}
        What ``denominateur`` is.

    Returns
    -------
    float or array-like
        ``100 × interactions / base``; ``NaN`` where the base is 0.

    Examples
    --------
    >>> taux_engagement(45, 1500, base="portee")
    3.0
    >>> taux_engagement(45, 1500)
    Traceback (most recent call last):
    ...
    casekit.errors.ArgumentInvalideError: Précisez la base du taux d'engagement...
    """
    if base is None:
        options = " ; ".join(f"base=\"{k}\" ({v})" for k, v in BASES_ENGAGEMENT.items())
        raise ArgumentInvalideError(
            "Précisez la base du taux d'engagement, elle n'est jamais devinée : " + options + "."
        )
    if base not in BASES_ENGAGEMENT:
        from casekit.errors import suggestion

        raise ArgumentInvalideError(
            f"Base de taux d'engagement inconnue : « {base} ».{suggestion(base, BASES_ENGAGEMENT)}"
        )
    if isinstance(interactions, pd.DataFrame):
        df = interactions
        if denominateur is not None:
            raise ArgumentInvalideError(
                "Avec un DataFrame, ne passez pas « denominateur » : la colonne « "
                f"{base} » est utilisée."
            )
        for col in ("interactions", base):
            if col not in df.columns:
                from casekit.errors import suggestion

                raise ArgumentInvalideError(
                    f"Colonne « {col} » absente du DataFrame.{suggestion(col, map(str, df.columns))}"
                )
        return _ratio(df["interactions"], df[base], 100.0, "interactions", base)
    if denominateur is None:
        raise ArgumentInvalideError(
            f"Donnez le dénominateur (valeurs de « {base} ») : taux_engagement(interactions, "
            f"{base}, base=\"{base}\")."
        )
    return _ratio(interactions, denominateur, 100.0, "interactions", base)


def ctr(clics: Any, impressions: Any) -> Any:
    """Click-through rate, in percent: ``100 × clics / impressions``.

    Zero impressions give ``NaN``.

    Examples
    --------
    >>> ctr(3, 200)
    1.5
    >>> ctr(0, 0)
    nan
    """
    return _ratio(clics, impressions, 100.0, "clics", "impressions")


def cpc(cout: Any, clics: Any) -> Any:
    """Average cost per click: ``cout / clics`` (``NaN`` without clicks).

    Examples
    --------
    >>> cpc(120.0, 300)
    0.4
    """
    return _ratio(cout, clics, 1.0, "cout", "clics")


def cpm(cout: Any, impressions: Any) -> Any:
    """Cost per thousand impressions: ``1000 × cout / impressions``.

    Examples
    --------
    >>> cpm(30.0, 4000)
    7.5
    """
    return _ratio(cout, impressions, 1000.0, "cout", "impressions")


def cpa(cout: Any, conversions: Any) -> Any:
    """Cost per acquisition (or per lead): ``cout / conversions``.

    Examples
    --------
    >>> cpa(250.0, 10)
    25.0
    """
    return _ratio(cout, conversions, 1.0, "cout", "conversions")


def taux_conversion(conversions: Any, clics: Any) -> Any:
    """Conversion rate in percent, **per click**: ``100 × conversions / clics``.

    For a rate per session or per visit, pass sessions as the second
    argument and say so in your report.

    Examples
    --------
    >>> taux_conversion(6, 240)
    2.5
    """
    return _ratio(conversions, clics, 100.0, "conversions", "clics")


def roas(valeur: Any, cout: Any) -> Any:
    """Return on ad spend, as a ratio: ``valeur des conversions / coût``.

    ROAS = 4 means 4 € of sales per euro spent. It is not the ROI, which
    subtracts costs and margins.

    Examples
    --------
    >>> roas(1000.0, 250.0)
    4.0
    """
    return _ratio(valeur, cout, 1.0, "valeur", "cout")


def frequence(impressions: Any, portee: Any) -> Any:
    """Average frequency: ``impressions / portee`` (times each person saw it).

    Examples
    --------
    >>> frequence(9000, 3000)
    3.0
    """
    return _ratio(impressions, portee, 1.0, "impressions", "portee")


def taux_penetration(cible: Any, population: Any) -> Any:
    """Penetration rate of a target in a population, in percent.

    Parameters
    ----------
    cible : number or array-like
        People of the target reached (customers, users...).
    population : number or array-like
        People in the reference population (same perimeter).

    Examples
    --------
    >>> taux_penetration(1200, 48000)
    2.5
    """
    a, _ = _as_array(cible, "cible")
    b, _ = _as_array(population, "population")
    with np.errstate(invalid="ignore"):
        too_big = np.any(a > b) if (a.size == b.size or b.size == 1 or a.size == 1) else False
    if too_big:
        raise ArgumentInvalideError(
            "La cible ne peut pas dépasser la population de référence : vérifiez le périmètre."
        )
    return _ratio(cible, population, 100.0, "cible", "population")


# ---------------------------------------------------------------------------
# share of voice
# ---------------------------------------------------------------------------


def part_de_voix(donnees: Any, *, par: str = "marque", poids: str | None = None) -> pd.Series:
    """Share of voice of each brand, in percent.

    Parameters
    ----------
    donnees : DataFrame, Series or mapping
        Either one row per mention (or per ad, per post) with a brand column
        ``par``, or an already aggregated volume per brand (Series/dict).
    par : str
        Brand column of a DataFrame.
    poids : str, optional
        Column to sum instead of counting rows, e.g. ``"portee"`` for a share
        of voice weighted by reach, or ``"depenses_pub_eur"`` for the classic
        advertising SOV.

    Returns
    -------
    Series
        Percent per brand, sorted from largest, summing to 100.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"marque": ["A", "A", "B", "C"], "portee": [10, 30, 60, 0]})
    >>> part_de_voix(m).to_dict()
    {'A': 50.0, 'B': 25.0, 'C': 25.0}
    >>> part_de_voix(m, poids="portee").to_dict()
    {'B': 60.0, 'A': 40.0, 'C': 0.0}
    """
    if isinstance(donnees, pd.DataFrame):
        for col in [par] + ([poids] if poids else []):
            if col not in donnees.columns:
                from casekit.errors import suggestion

                raise ArgumentInvalideError(
                    f"Colonne « {col} » absente.{suggestion(col, map(str, donnees.columns))}"
                )
        if poids is None:
            vol = donnees.groupby(par, observed=True).size().astype(float)
        else:
            w = pd.to_numeric(donnees[poids], errors="coerce")
            _check_non_negative(w.to_numpy(dtype=float, na_value=np.nan), poids)
            vol = w.groupby(donnees[par], observed=True).sum().astype(float)
    elif isinstance(donnees, (pd.Series, Mapping)):
        if poids is not None:
            raise ArgumentInvalideError("« poids » ne s'utilise qu'avec un DataFrame de mentions.")
        vol = pd.Series(donnees, dtype=float)
        _check_non_negative(vol.to_numpy(), "volume")
    else:
        raise ArgumentInvalideError(
            "« donnees » doit être un DataFrame (une ligne par mention) ou une Series de volumes "
            "par marque."
        )
    total = vol.sum()
    if not total > 0:
        raise ArgumentInvalideError("Part de voix incalculable : le volume total est nul.")
    out = (100 * vol / total).sort_values(ascending=False, kind="stable")
    out.name = "part_de_voix_pct"
    out.index.name = par if isinstance(donnees, pd.DataFrame) else out.index.name
    return out


def exces_part_de_voix(part_voix: Any, part_marche: Any) -> Any:
    """Excess share of voice, in points: ``ESOV = SOV − SOM``.

    Both shares must be in percent. Binet & Field (IPA) observed that on
    average +10 points of ESOV go with about +0.5 point of market share per
    year; Field later reported that the link has weakened.

    Parameters
    ----------
    part_voix, part_marche : number, Series or mapping (percent)
        Series are aligned on their index (brands).

    Examples
    --------
    >>> exces_part_de_voix(18.0, 12.0)
    6.0
    >>> import pandas as pd
    >>> exces_part_de_voix(pd.Series({"A": 60.0, "B": 40.0}), {"A": 45.0, "B": 55.0}).to_dict()
    {'A': 15.0, 'B': -15.0}
    """
    if isinstance(part_voix, Mapping):
        part_voix = pd.Series(part_voix, dtype=float)
    if isinstance(part_marche, Mapping):
        part_marche = pd.Series(part_marche, dtype=float)
    if isinstance(part_voix, pd.Series) and isinstance(part_marche, pd.Series):
        a, b = part_voix.astype(float), part_marche.astype(float)
        if len(a) > 1 and len(b) > 1 and ((a.max() > 1) != (b.max() > 1)):
            raise ArgumentInvalideError(
                "Unités incohérentes : une des deux parts semble en proportion (0–1) et l'autre "
                "en pourcentage. Exprimez les deux en % (multipliez les proportions par 100)."
            )
        out = a.sub(b)
        out.name = "esov_points"
        return out
    a, wrap = _as_array(part_voix, "part_voix")
    b, _ = _as_array(part_marche, "part_marche")
    return wrap(a - b)
