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
    "intervalle_nps",
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
    """Résultat de :func:`nps`, avec un résumé français lisible (texte et tableau HTML)."""

    def __repr__(self) -> str:
        from casekit.plots import nombre_fr

        if self["n"] == 0:
            return "NPS non calculable (n = 0)"
        from casekit.plots import typographie

        lo, hi = self["ic95"]
        sign = "+" if self["score"] > 0 else ""
        return typographie(
            f"NPS = {sign}{nombre_fr(self['score'], 1)} (IC à 95\u202f% : {nombre_fr(lo, 1)} à "
            f"{nombre_fr(hi, 1)} ; erreur type {nombre_fr(self['se'], 1)} ; n = {nombre_fr(self['n'])} ; "
            f"promoteurs {nombre_fr(self['promoteurs_pct'], 1)} %, passifs "
            f"{nombre_fr(self['passifs_pct'], 1)} %, détracteurs {nombre_fr(self['detracteurs_pct'], 1)} %)"
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        import html

        from casekit.plots import nombre_fr

        if self["n"] == 0:
            return "<p>NPS non calculable (n = 0)</p>"
        lo, hi = self["ic95"]
        sign = "+" if self["score"] > 0 else ""
        rows = [
            ("NPS", f"{sign}{nombre_fr(self['score'], 1)}"),
            ("IC à 95 %", f"{nombre_fr(lo, 1)} à {nombre_fr(hi, 1)}"),
            ("Erreur type", nombre_fr(self["se"], 1)),
            ("Réponses (n)", nombre_fr(self["n"])),
            ("Promoteurs", nombre_fr(self["promoteurs_pct"], 1) + " %"),
            ("Passifs", nombre_fr(self["passifs_pct"], 1) + " %"),
            ("Détracteurs", nombre_fr(self["detracteurs_pct"], 1) + " %"),
        ]
        body = "".join(f"<tr><th scope=\"row\">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in rows)
        note = ""
        if self["n"] < N_PETIT_ECHANTILLON:
            note = (f"<p>Petit échantillon (n &lt; {N_PETIT_ECHANTILLON}) : "
                    "score très incertain.</p>")
        return (f"<table><caption>Net Promoter Score</caption><tbody>{body}</tbody></table>{note}")


class MetriqueAvertissement(UserWarning):
    """Avertissement : indicateur incalculable (n = 0) ou très incertain (petit échantillon)."""

    def __init__(self, *args: object) -> None:
        from casekit.generators.francais import typo_message

        if args and isinstance(args[0], str):  # French typography, as every casekit error
            args = (typo_message(args[0]), *args[1:])
        super().__init__(*args)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _labels(values: Any, limit: int = 6) -> str:
    """French list of a few labels, quoted: « a », « b » … (n en tout)."""
    vals = list(values)
    shown = ", ".join(f"« {v} »" for v in vals[:limit])
    return shown + (f" … ({len(vals)} en tout)" if len(vals) > limit else "")


def _dtype_error(name: str, what: str, hint: str) -> ArgumentInvalideError:
    return ArgumentInvalideError(f"« {name} » {what} : {hint}")


def _check_series_dtype(x: pd.Series, name: str) -> np.ndarray:
    """Float values of a Series, or a French error for booleans, text and categories."""
    if pd.api.types.is_bool_dtype(x.dtype):
        raise _dtype_error(
            name, "contient des booléens (vrai/faux), pas des nombres",
            "passez la colonne des quantités, ou convertissez-la avec .astype(int) si c'est voulu.")
    if isinstance(x.dtype, pd.CategoricalDtype):
        raise _dtype_error(
            name, "est une colonne de catégories, pas de nombres",
            "convertissez-la avec pd.to_numeric(col.astype(str)) ou choisissez une colonne de quantités.")
    if pd.api.types.is_numeric_dtype(x.dtype):
        return x.to_numpy(dtype=float, na_value=np.nan)
    conv = pd.to_numeric(x, errors="coerce")
    bad = x[conv.isna() & x.notna()]
    if len(bad) or any(isinstance(v, (bool, np.bool_)) for v in x.dropna()):
        shown = bad if len(bad) else x.dropna()
        raise _dtype_error(
            name, f"contient du texte ou des valeurs non numériques ({_labels(shown.astype(str).unique(), 4)})",
            "passez une colonne de nombres, ou nettoyez-la avec pd.to_numeric(col, errors=\"coerce\").")
    return conv.to_numpy(dtype=float, na_value=np.nan)


def _as_array(x: Any, name: str) -> tuple[np.ndarray, Any]:
    """Float array of ``x`` plus a function that restores its container."""
    if isinstance(x, pd.DataFrame):
        raise ArgumentInvalideError(
            f"« {name} » reçoit un DataFrame entier : passez une colonne (df[\"{name}\"]), ou le "
            f"DataFrame en « donnees= » avec les noms de colonnes.")
    if isinstance(x, pd.Series):
        index, sname = x.index, x.name
        arr = _check_series_dtype(x, name)
        return arr, lambda a: pd.Series(a, index=index, name=sname)
    if isinstance(x, (bool, np.bool_)):
        raise _dtype_error(name, f"vaut {x!r} (un booléen)", "donnez un nombre.")
    if isinstance(x, str):
        raise _dtype_error(name, f"vaut le texte {x!r}",
                           "donnez un nombre (ou le DataFrame en « donnees= » si c'est un nom de colonne).")
    if x is None:
        raise _dtype_error(name, "est vide (None)", "donnez un nombre ou une série de nombres.")
    if np.isscalar(x):
        try:
            val = float(x)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _dtype_error(name, f"vaut {x!r}", "donnez un nombre.") from None
        return np.array([val]), lambda a: float(a[0])
    if isinstance(x, Mapping):
        raise _dtype_error(name, "est un dictionnaire",
                           "passez une Series (pd.Series(d)) pour garder les étiquettes.")
    arr0 = np.asarray(x, dtype=object) if not isinstance(x, np.ndarray) else x
    if arr0.dtype == bool or any(isinstance(v, (bool, np.bool_)) for v in np.ravel(arr0)):
        raise _dtype_error(name, "contient des booléens (vrai/faux), pas des nombres",
                           "passez des quantités.")
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        bad = [v for v in np.ravel(arr0) if not _is_number(v)]
        raise _dtype_error(
            name, f"contient des valeurs non numériques ({_labels(map(str, bad), 4)})",
            "passez une liste, un tableau ou une Series de nombres.") from None
    if arr.ndim != 1:
        raise _dtype_error(name, f"a {arr.ndim} dimensions", "passez une seule série de nombres.")
    return arr, lambda a: a


def _is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return not isinstance(v, str)


def _align(a: Any, b: Any, a_name: str, b_name: str) -> tuple[Any, Any]:
    """Align two Series on their labels, as pandas arithmetic does, or explain why not.

    Same labels in any order: ``b`` is reordered like ``a``. Labels missing on
    one side: French error naming them (a silent NaN would hide the mistake).
    """
    if not (isinstance(a, pd.Series) and isinstance(b, pd.Series)):
        return a, b
    if a.index.equals(b.index):
        return a, b
    if a.index.has_duplicates or b.index.has_duplicates:
        raise ArgumentInvalideError(
            f"« {a_name} » et « {b_name} » n'ont pas les mêmes étiquettes et l'une des deux en a en "
            "double : impossible de les apparier. Agrégez d'abord (groupby(...).sum()) ou passez "
            "le DataFrame en « donnees= ».")
    only_a = a.index.difference(b.index, sort=False)
    only_b = b.index.difference(a.index, sort=False)
    if len(only_a) or len(only_b):
        parts = []
        if len(only_a):
            parts.append(f"absentes de « {b_name} » : {_labels(only_a)}")
        if len(only_b):
            parts.append(f"absentes de « {a_name} » : {_labels(only_b)}")
        raise ArgumentInvalideError(
            f"« {a_name} » et « {b_name} » ne portent pas sur les mêmes étiquettes ("
            + " ; ".join(parts) + "). Vérifiez l'orthographe ou filtrez les deux séries de la même façon.")
    return a, b.reindex(a.index)


def _columns(donnees: Any, names: Mapping[str, Any]) -> dict[str, Any]:
    """Columns of ``donnees`` named by ``names`` (argument -> column name or values)."""
    if not isinstance(donnees, pd.DataFrame):
        raise ArgumentInvalideError(
            f"« donnees » doit être un DataFrame, et non {type(donnees).__name__}.")
    out = {}
    for arg, col in names.items():
        if not isinstance(col, str):
            out[arg] = col
            continue
        if col not in donnees.columns:
            from casekit.errors import suggestion

            raise ArgumentInvalideError(
                f"Colonne « {col} » absente du DataFrame (argument « {arg} »)."
                f"{suggestion(col, map(str, donnees.columns))}")
        out[arg] = donnees[col]
    return out


def _check_non_negative(arr: np.ndarray, name: str) -> None:
    if np.any(arr[~np.isnan(arr)] < 0):
        raise ArgumentInvalideError(
            f"« {name} » contient une valeur négative ({_nombre_min(arr)}) : un nombre ou un coût "
            "ne peut pas être négatif. Vérifiez le signe ou filtrez ces lignes."
        )


def _nombre_min(arr: np.ndarray) -> str:
    from casekit.plots import nombre_fr

    return nombre_fr(float(np.nanmin(arr)))


def _ratio(num: Any, den: Any, scale: float, num_name: str, den_name: str,
           donnees: Any = None) -> Any:
    if donnees is not None:
        cols = _columns(donnees, {num_name: num, den_name: den})
        num, den = cols[num_name], cols[den_name]
    elif isinstance(num, pd.DataFrame):
        if not isinstance(den, str):
            raise ArgumentInvalideError(
                f"Avec un DataFrame, passez-le en « donnees= » et nommez les colonnes : "
                f"({num_name!r}, {den_name!r}, donnees=df).")
        cols = _columns(num, {num_name: num_name, den_name: den})
        num, den = cols[num_name], cols[den_name]
    elif isinstance(num, str) or isinstance(den, str):
        raise ArgumentInvalideError(
            f"« {num_name} » ou « {den_name} » est un texte : pour des noms de colonnes, passez "
            "aussi le DataFrame en « donnees= ».")
    num, den = _align(num, den, num_name, den_name)
    a, wrap_a = _as_array(num, num_name)
    b, wrap_b = _as_array(den, den_name)
    _check_non_negative(a, num_name)
    _check_non_negative(b, den_name)
    if a.shape != b.shape and a.size != 1 and b.size != 1:
        raise ArgumentInvalideError(
            f"« {num_name} » ({a.size} valeurs) et « {den_name} » ({b.size} valeurs) "
            "doivent avoir la même longueur."
        )
    if a.size == 0 or b.size == 0:
        raise ArgumentInvalideError(f"« {num_name} » ou « {den_name} » est vide : rien à calculer.")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
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
    if isinstance(reponses, Mapping):
        raise ArgumentInvalideError(
            f"Passez les {what} en liste ou en colonne (Series), et non un dictionnaire.")
    if isinstance(reponses, pd.Series) and pd.api.types.is_bool_dtype(reponses.dtype):
        raise ArgumentInvalideError(
            f"Les {what} sont des booléens (vrai/faux) : passez la colonne des notes "
            f"de {lo:g} à {hi:g}, pas un filtre.")
    if isinstance(reponses, (pd.Series, np.ndarray)) and reponses.ndim == 1 and reponses.dtype.kind in "iuf":
        # fast path for a numeric column of valid notes; anything else takes the loop (and its message)
        x = np.asarray(reponses.to_numpy(dtype=float, na_value=np.nan) if isinstance(reponses, pd.Series)
                       else reponses, dtype=float)
        x = x[~np.isnan(x)]
        if ((x >= lo) & (x <= hi) & (x == np.round(x))).all():
            return x
    if np.isscalar(reponses) or reponses is None:
        reponses = [reponses]
    values = list(pd.Series(reponses, dtype="object"))
    kept: list[float] = []
    bad: list[Any] = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, (bool, np.bool_)):
            bad.append(v)
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


def _t975(df: int) -> float:
    """97.5 % quantile of Student's t (exact for df 1 and 2, Cornish–Fisher above)."""
    if df <= 1:
        return 12.706204736174698
    if df == 2:
        return 4.302652729749464
    z, v = 1.959963984540054, float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4))


#: Below this number of answers, :func:`nps` warns that the interval is wide.
N_PETIT_ECHANTILLON = 30


def intervalle_nps(promoteurs: Any, detracteurs: Any, n: Any) -> tuple[Any, Any]:
    """Intervalle de confiance à 95 % du NPS (Wald ajusté), en points.

    Méthode de Rocks (2016) pour la différence de deux proportions d'un même
    échantillon : on ajoute 3/4 de promoteur et 3/4 de détracteur
    (3 réponses fictives en tout), puis ``score ± t·SE`` avec le quantile de
    Student à n − 1 degrés de liberté, borné à [−100 ; 100]. La largeur
    n'est jamais nulle, même avec 100 % de promoteurs. Vectorisé : les
    arguments peuvent être des tableaux numpy (nombres de réponses).

    Exemples
    --------
    >>> lo, hi = intervalle_nps(3, 0, 3)     # 3 promoteurs sur 3
    >>> round(float(lo), 1), float(hi)
    (-74.2, 100.0)
    """
    try:
        P = np.asarray(promoteurs, dtype=float)
        D = np.asarray(detracteurs, dtype=float)
        N = np.asarray(n, dtype=float)
    except (TypeError, ValueError):
        raise ArgumentInvalideError(
            "« promoteurs », « detracteurs » et « n » doivent être des nombres de réponses.") from None
    if np.any(P < 0) or np.any(D < 0) or np.any(P + D > N) or np.any(N < 1):
        raise ArgumentInvalideError(
            "Il faut 0 ≤ promoteurs + détracteurs ≤ n et au moins une réponse (n ≥ 1).")
    m = N + 3.0
    p = (P + 0.75) / m
    d = (D + 0.75) / m
    s = p - d
    se = np.sqrt(np.maximum(p + d - s**2, 0.0) / m)
    t = np.vectorize(_t975, otypes=[float])(np.maximum(N - 1, 1).astype(int))
    lo = np.maximum(100 * (s - t * se), -100.0)
    hi = np.minimum(100 * (s + t * se), 100.0)
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


def nps(reponses: Any) -> Bunch:
    """Net Promoter Score (NPS) et son intervalle de confiance à 95 %.

    Promoteurs : notes 9–10 ; passifs : 7–8 ; détracteurs : 0–6 (Reichheld,
    2003). NPS = % promoteurs − % détracteurs, de −100 à +100. Les cases
    vides, ``NaN`` et « NSP » / « ne sait pas » ne comptent pas dans ``n``.

    L'erreur type est ``SE = 100·√((p + d − (p − d)²)/n)``. L'intervalle à
    95 % est un Wald ajusté (voir :func:`intervalle_nps`) : il garde une
    couverture proche de 95 % même sur de petits groupes et n'a jamais une
    largeur nulle. Sous 30 réponses, un avertissement rappelle que le score
    est très incertain.

    Paramètres
    ----------
    reponses : liste, tableau ou Series
        Réponses de 0 à 10 à « Quelle est la probabilité que vous
        recommandiez… ? ». Les textes comme ``"9"`` sont acceptés.

    Renvoie
    -------
    Bunch
        ``score`` (points), ``promoteurs_pct``, ``passifs_pct``,
        ``detracteurs_pct``, ``n``, ``se`` (points), ``ic95`` (bornes) et
        ``methode``. Avec ``n = 0``, tout vaut ``NaN`` et un
        :class:`MetriqueAvertissement` est émis.

    Erreurs
    -------
    ArgumentInvalideError
        Réponse qui n'est ni une note entière de 0 à 10 ni une non-réponse
        (un booléen, par exemple).

    Exemples
    --------
    >>> import warnings; warnings.simplefilter("ignore")
    >>> r = nps([10, 9, 9, 8, 7, 3, "NSP", None])
    >>> r.n, r.score
    (6, 33.33...)
    >>> round(r.se, 1), r.promoteurs_pct
    (30.4, 50.0)
    >>> r
    NPS = +33,3 (IC à 95\u202f%\u00a0: −42,0 à 86,4\u202f; erreur type 30,4\u202f; n = 6\u202f; promoteurs 50,0\u00a0%, passifs 33,3\u00a0%, détracteurs 16,7\u00a0%)
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
                           n=0, se=nan, ic95=(nan, nan), methode=METHODE_IC_NPS)
    if n < N_PETIT_ECHANTILLON:
        warnings.warn(
            f"Petit échantillon : n = {n} réponses (moins de {N_PETIT_ECHANTILLON}). Le NPS est très "
            "incertain ; lisez son intervalle de confiance et regroupez des catégories si possible.",
            MetriqueAvertissement,
            stacklevel=2,
        )
    n_p = int(np.sum(x >= 9))
    n_d = int(np.sum(x <= 6))
    p, d = n_p / n, n_d / n
    score = 100 * (p - d)
    se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    ic = intervalle_nps(n_p, n_d, n)
    return ResultatNPS(
        score=score,
        promoteurs_pct=100 * p,
        passifs_pct=100 * (1 - p - d),
        detracteurs_pct=100 * d,
        n=n,
        se=se,
        ic95=ic,
        methode=METHODE_IC_NPS,
    )


#: French name of the NPS interval method, shown in results.
METHODE_IC_NPS = "Wald ajusté (Rocks, 2016 : +3/4 promoteur, +3/4 détracteur), quantile de Student"


def csat(reponses: Any, *, echelle: int = 5, seuil: int | None = None) -> float:
    """Score de satisfaction client (CSAT) : % de réponses satisfaites (« top-2 box »).

    Paramètres
    ----------
    reponses : liste, tableau ou Series
        Notes de 1 à ``echelle`` ; vides et « NSP » exclus.
    echelle : int
        Note maximale de l'échelle (5 par défaut).
    seuil : int, optionnel
        Plus petite note comptée comme satisfaite ; ``echelle − 1`` par
        défaut (4 et 5 sur une échelle de 1 à 5).

    Renvoie
    -------
    float
        % de réponses satisfaites ; ``NaN`` avec un
        :class:`MetriqueAvertissement` sans aucune réponse valide.

    Exemples
    --------
    >>> csat([5, 4, 4, 3, 1, "NSP"])
    60.0
    >>> csat([7, 6, 2], echelle=7, seuil=6)
    66.66...
    """
    for nom, v in (("echelle", echelle), ("seuil", seuil)):
        if v is not None and (isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer))):
            raise ArgumentInvalideError(f"« {nom} » doit être un nombre entier, et non {v!r}.")
    if echelle < 2:
        raise ArgumentInvalideError(f"« echelle » doit valoir au moins 2, et non {echelle}.")
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


def taux_engagement(interactions: Any, denominateur: Any = None, *, base: str | None = None,
                    donnees: Any = None) -> Any:
    """Taux d'engagement, en %, sur une base qu'il faut nommer.

    Il n'existe pas de taux d'engagement standard : rapporté à la portée,
    aux impressions, aux abonnés ou aux vues, il change beaucoup. ``base``
    est donc obligatoire et jamais devinée.

    Paramètres
    ----------
    interactions : nombre, liste, Series, nom de colonne ou DataFrame
        Interactions (réactions + commentaires + partages + enregistrements).
        Avec un DataFrame seul, ses colonnes ``interactions`` et ``base``
        sont utilisées.
    denominateur : nombre, liste, Series ou nom de colonne
        Valeurs de la base. Deux Series sont appariées sur leurs étiquettes.
    base : {"portee", "impressions", "abonnes", "vues"}
        Ce que mesure ``denominateur``.
    donnees : DataFrame, optionnel
        Tableau où lire les colonnes nommées par ``interactions`` et
        ``denominateur``.

    Renvoie
    -------
    float ou Series
        ``100 × interactions / base`` ; ``NaN`` si la base vaut 0.

    Exemples
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
    if not isinstance(base, str) or base not in BASES_ENGAGEMENT:
        from casekit.errors import suggestion

        raise ArgumentInvalideError(
            f"Base de taux d'engagement inconnue : « {base} ».{suggestion(base, BASES_ENGAGEMENT)}"
        )
    if isinstance(interactions, pd.DataFrame) and donnees is None:
        if denominateur is not None:
            raise ArgumentInvalideError(
                "Avec un DataFrame, ne passez pas « denominateur » : la colonne « "
                f"{base} » est utilisée (ou passez le DataFrame en « donnees= »)."
            )
        return _ratio("interactions", base, 100.0, "interactions", base, donnees=interactions)
    if denominateur is None:
        raise ArgumentInvalideError(
            f"Donnez le dénominateur (valeurs de « {base} ») : taux_engagement(interactions, "
            f"{base}, base=\"{base}\")."
        )
    return _ratio(interactions, denominateur, 100.0, "interactions", base, donnees=donnees)


def ctr(clics: Any = "clics", impressions: Any = "impressions", *, donnees: Any = None) -> Any:
    """Taux de clic (CTR), en % : ``100 × clics / impressions``.

    Zéro impression donne ``NaN``. Deux Series sont appariées sur leurs
    étiquettes (comme l'arithmétique pandas) ; des étiquettes qui ne se
    correspondent pas donnent une erreur qui les nomme. Avec
    ``donnees=df``, ``clics`` et ``impressions`` sont des noms de colonnes.

    Exemples
    --------
    >>> ctr(3, 200)
    1.5
    >>> ctr(0, 0)
    nan
    >>> import pandas as pd
    >>> df = pd.DataFrame({"clics": [3, 10], "impressions": [200, 400]})
    >>> ctr(donnees=df).tolist()
    [1.5, 2.5]
    """
    return _ratio(clics, impressions, 100.0, "clics", "impressions", donnees=donnees)


def cpc(cout: Any = "cout", clics: Any = "clics", *, donnees: Any = None) -> Any:
    """Coût par clic moyen : ``cout / clics`` (``NaN`` sans clic).

    Exemples
    --------
    >>> cpc(120.0, 300)
    0.4
    """
    return _ratio(cout, clics, 1.0, "cout", "clics", donnees=donnees)


def cpm(cout: Any = "cout", impressions: Any = "impressions", *, donnees: Any = None) -> Any:
    """Coût pour mille impressions : ``1000 × cout / impressions``.

    Exemples
    --------
    >>> cpm(30.0, 4000)
    7.5
    """
    return _ratio(cout, impressions, 1000.0, "cout", "impressions", donnees=donnees)


def cpa(cout: Any = "cout", conversions: Any = "conversions", *, donnees: Any = None) -> Any:
    """Coût par acquisition (ou par contact) : ``cout / conversions``.

    Exemples
    --------
    >>> cpa(250.0, 10)
    25.0
    >>> import pandas as pd
    >>> df = pd.DataFrame({"depense_eur": [100.0, 30.0], "conversions": [4, 0]})
    >>> cpa("depense_eur", "conversions", donnees=df).tolist()
    [25.0, nan]
    """
    return _ratio(cout, conversions, 1.0, "cout", "conversions", donnees=donnees)


def taux_conversion(conversions: Any = "conversions", clics: Any = "clics", *,
                    donnees: Any = None) -> Any:
    """Taux de conversion en %, **par clic** : ``100 × conversions / clics``.

    Pour un taux par session ou par visite, passez les sessions en second
    argument et dites-le dans votre rapport.

    Exemples
    --------
    >>> taux_conversion(6, 240)
    2.5
    """
    return _ratio(conversions, clics, 100.0, "conversions", "clics", donnees=donnees)


def roas(valeur: Any = "valeur", cout: Any = "cout", *, donnees: Any = None) -> Any:
    """Retour sur dépenses publicitaires (ROAS), en ratio : ``valeur / coût``.

    ROAS = 4 : 4 € de ventes par euro dépensé. Ce n'est pas le ROI, qui
    retranche les coûts et les marges.

    Exemples
    --------
    >>> roas(1000.0, 250.0)
    4.0
    >>> roas(3.0, 0.5)
    6.0
    """
    return _ratio(valeur, cout, 1.0, "valeur", "cout", donnees=donnees)


def frequence(impressions: Any = "impressions", portee: Any = "portee", *,
              donnees: Any = None) -> Any:
    """Fréquence moyenne : ``impressions / portee`` (nombre de fois où chaque personne a vu).

    Exemples
    --------
    >>> frequence(9000, 3000)
    3.0
    """
    return _ratio(impressions, portee, 1.0, "impressions", "portee", donnees=donnees)


def taux_penetration(cible: Any = "cible", population: Any = "population", *,
                     donnees: Any = None) -> Any:
    """Taux de pénétration d'une cible dans une population, en %.

    Paramètres
    ----------
    cible : nombre, liste, Series ou nom de colonne
        Personnes de la cible touchées (clients, usagers…).
    population : nombre, liste, Series ou nom de colonne
        Personnes de la population de référence (même périmètre).
    donnees : DataFrame, optionnel
        Tableau où lire les colonnes nommées.

    Exemples
    --------
    >>> taux_penetration(1200, 48000)
    2.5
    >>> taux_penetration(48000, 48000)
    100.0
    """
    out = _ratio(cible, population, 100.0, "cible", "population", donnees=donnees)
    vals = np.atleast_1d(np.asarray(out, dtype=float))
    if np.any(vals[~np.isnan(vals)] > 100.0 + 1e-9):
        raise ArgumentInvalideError(
            "La cible ne peut pas dépasser la population de référence : vérifiez le périmètre."
        )
    return out


# ---------------------------------------------------------------------------
# share of voice
# ---------------------------------------------------------------------------


def part_de_voix(donnees: Any, *, par: str = "marque", poids: str | None = None) -> pd.Series:
    """Part de voix (SOV) de chaque marque, en %.

    Paramètres
    ----------
    donnees : DataFrame, Series ou dict
        Soit une ligne par mention (ou par annonce, par publication) avec une
        colonne de marque ``par`` ; soit la colonne des marques seule
        (``mentions["marque"]``) ; soit un volume déjà agrégé par marque
        (Series ou dict de nombres).
    par : str
        Colonne des marques d'un DataFrame.
    poids : str, optionnel
        Colonne à additionner au lieu de compter les lignes, par exemple
        ``"portee"`` (part de voix pondérée par la portée) ou
        ``"depenses_pub_eur"`` (part de voix publicitaire classique).

    Renvoie
    -------
    Series
        % par marque, du plus grand au plus petit, de somme 100.

    Exemples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"marque": ["A", "A", "B", "C"], "portee": [10, 30, 60, 0]})
    >>> part_de_voix(m).to_dict()
    {'A': 50.0, 'B': 25.0, 'C': 25.0}
    >>> part_de_voix(m, poids="portee").to_dict()
    {'B': 60.0, 'A': 40.0, 'C': 0.0}
    >>> part_de_voix(m["marque"]).to_dict()
    {'A': 50.0, 'B': 25.0, 'C': 25.0}
    """
    from casekit.errors import suggestion

    if not isinstance(par, str):
        raise ArgumentInvalideError(f"« par » doit être un nom de colonne (texte), et non {par!r}.")
    if poids is not None and not isinstance(poids, str):
        raise ArgumentInvalideError(
            f"« poids » doit être un nom de colonne (texte), et non {type(poids).__name__}.")
    name = par
    if isinstance(donnees, pd.DataFrame):
        for col in [par] + ([poids] if poids else []):
            if col not in donnees.columns:
                raise ArgumentInvalideError(
                    f"Colonne « {col} » absente.{suggestion(col, map(str, donnees.columns))}"
                )
        if donnees.empty:
            raise ArgumentInvalideError("Part de voix incalculable : le DataFrame est vide.")
        if poids is None:
            vol = donnees.groupby(par, observed=True).size().astype(float)
        else:
            w = pd.Series(_check_series_dtype(donnees[poids], poids), index=donnees.index)
            _check_non_negative(w.to_numpy(dtype=float), poids)
            vol = w.groupby(donnees[par], observed=True).sum().astype(float)
    elif isinstance(donnees, (pd.Series, Mapping)):
        if poids is not None:
            raise ArgumentInvalideError("« poids » ne s'utilise qu'avec un DataFrame de mentions.")
        s = donnees if isinstance(donnees, pd.Series) else pd.Series(donnees)
        if len(s) == 0:
            raise ArgumentInvalideError("Part de voix incalculable : aucune donnée.")
        numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
        if isinstance(donnees, pd.Series) and not numeric and not isinstance(donnees.index, pd.RangeIndex) \
                and pd.to_numeric(s, errors="coerce").notna().all():
            numeric = True
        if isinstance(donnees, Mapping) or numeric:
            vol = pd.Series(_check_series_dtype(s, "volume"), index=s.index)
            _check_non_negative(vol.to_numpy(), "volume")
            name = s.index.name
        else:  # one brand label per mention, e.g. mentions["marque"]
            vol = s.groupby(s, observed=True).size().astype(float)
            name = s.name if isinstance(s.name, str) else par
    else:
        raise ArgumentInvalideError(
            "« donnees » doit être un DataFrame (une ligne par mention), la colonne des marques "
            "ou une Series de volumes par marque."
        )
    total = vol.sum()
    if not total > 0:
        raise ArgumentInvalideError("Part de voix incalculable : le volume total est nul.")
    out = (100 * vol / total).sort_values(ascending=False, kind="stable")
    out.name = "part_de_voix_pct"
    out.index.name = name
    return out


def _share(x: Any, name: str) -> pd.Series | float:
    if isinstance(x, Mapping):
        x = pd.Series(x)  # a dict of booleans stays boolean: its error says so
    if isinstance(x, pd.Series):
        vals = _check_series_dtype(x, name)
        s = pd.Series(vals, index=x.index)
        if s.empty:
            raise ArgumentInvalideError(f"« {name} » est vide.")
        return s
    a, _ = _as_array(x, name)
    if a.size != 1:
        raise ArgumentInvalideError(
            f"« {name} » : passez un nombre (en %) ou une Series indexée par marque, "
            "pas une liste sans étiquettes.")
    return float(a[0])


def exces_part_de_voix(*args: Any, part_voix: Any = None, part_marche: Any = None) -> Any:
    """Excès de part de voix, en points : ``ESOV = part de voix − part de marché``.

    Les deux arguments se nomment obligatoirement (``part_voix=``,
    ``part_marche=``) : les inverser changerait le signe sans prévenir. Les
    deux parts sont en %. Binet et Field (IPA) ont observé qu'en moyenne
    +10 points d'ESOV vont avec environ +0,5 point de part de marché par
    an ; Field a ensuite noté que ce lien s'affaiblit.

    Paramètres
    ----------
    part_voix, part_marche : nombre, Series ou dict (en %)
        Deux Series sont appariées sur leurs étiquettes (les marques) ; des
        marques présentes d'un seul côté donnent une erreur qui les nomme.

    Exemples
    --------
    >>> exces_part_de_voix(part_voix=18.0, part_marche=12.0)
    6.0
    >>> import pandas as pd
    >>> exces_part_de_voix(part_voix=pd.Series({"A": 60.0, "B": 40.0}),
    ...                    part_marche={"A": 45.0, "B": 55.0}).to_dict()
    {'A': 15.0, 'B': -15.0}
    """
    if args or part_voix is None or part_marche is None:
        raise ArgumentInvalideError(
            "Nommez les deux parts : exces_part_de_voix(part_voix=..., part_marche=...). "
            "Les passer dans l'ordre inverse changerait le signe de l'ESOV sans prévenir.")
    a = _share(part_voix, "part_voix")
    b = _share(part_marche, "part_marche")
    for s, nom in ((a, "part_voix"), (b, "part_marche")):
        vals = np.atleast_1d(np.asarray(s, dtype=float))
        if np.any(vals[~np.isnan(vals)] < 0) or np.any(vals[~np.isnan(vals)] > 100):
            raise ArgumentInvalideError(f"« {nom} » doit être une part en %, entre 0 et 100.")
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        a, b = _align(a, b, "part_voix", "part_marche")
        if len(a) > 1 and len(b) > 1 and ((a.max() > 1) != (b.max() > 1)):
            raise ArgumentInvalideError(
                "Unités incohérentes : une des deux parts semble en proportion (0–1) et l'autre "
                "en pourcentage. Exprimez les deux en % (multipliez les proportions par 100)."
            )
        out = a - b
    elif isinstance(a, pd.Series):
        out = a - b
    elif isinstance(b, pd.Series):
        out = a - b
    else:
        return float(a - b)
    out.name = "esov_points"
    return out
