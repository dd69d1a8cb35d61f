"""Student-facing self-checks: French messages, explicit tolerances.

Each check recomputes the expected value with :mod:`casekit.metrics` (or
another casekit helper): the self-checks in the notebooks and the hidden
grading tests call the same functions, so a formula lives in one place.

In the style of :mod:`pandas.testing`, a check returns quietly (after a
short « ✓ » line) when the answer is right and raises
:class:`VerificationEchouee`, an ``AssertionError``, with a French message
when it is not. ``__tracebackhide__`` keeps pytest tracebacks short.
Tolerances are keyword arguments with documented units.

Examples
--------
>>> verifier_nps(33.3, [10, 9, 9, 8, 7, 3])
✓ NPS correct : 33,3.
>>> verifier_nps(0.333, [10, 9, 9, 8, 7, 3])
Traceback (most recent call last):
...
casekit.checks.VerificationEchouee: NPS incorrect : vous obtenez 0,333, la valeur attendue est 33,3 (tolérance ± 0,5 point). Piste : le NPS s'exprime en points de −100 à +100, pas en proportion ; multipliez par 100.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from casekit import metrics
from casekit.errors import ArgumentInvalideError, suggestion

__all__ = [
    "VerificationEchouee",
    "verifier_colonnes",
    "verifier_contraste",
    "verifier_csat",
    "verifier_metrique",
    "verifier_nps",
    "verifier_part_de_voix",
    "verifier_swot",
    "verifier_valeur",
]


class VerificationEchouee(AssertionError):
    """A self-check failed; the message says why, in French."""


def _fr(x: Any, dec: int | None = None) -> str:
    from casekit.plots import nombre_fr

    if dec is None and isinstance(x, (int, float)) and 0 < abs(x) < 1:
        text = nombre_fr(x, 4)
        return text.rstrip("0").rstrip(",") if "," in text else text
    return nombre_fr(x, dec)


def _number(obtenu: Any, nom: str) -> float:
    __tracebackhide__ = True
    if isinstance(obtenu, dict) and "score" in obtenu:
        obtenu = obtenu["score"]
    if isinstance(obtenu, (pd.Series, pd.DataFrame, list, tuple, np.ndarray)):
        raise VerificationEchouee(
            f"{nom} : un seul nombre est attendu, et non un objet de type « {type(obtenu).__name__} »."
        )
    try:
        v = float(obtenu)
    except (TypeError, ValueError):
        raise VerificationEchouee(f"{nom} : un nombre est attendu, et non {obtenu!r}.") from None
    return v


def verifier_valeur(
    obtenu: Any,
    attendu: float,
    *,
    nom: str = "Valeur",
    tolerance: float = 1e-6,
    unite: str = "",
    pistes: Sequence[tuple[Callable[[float], bool], str]] = (),
) -> None:
    """Check that a number is within ``± tolerance`` (absolute) of the expected value.

    Parameters
    ----------
    obtenu : number
        The student's answer.
    attendu : float
        The expected value; ``NaN`` expects ``NaN``.
    nom : str
        What is checked, in French (« NPS », « Taux de clic »...).
    tolerance : float
        Absolute tolerance, in the unit of the value.
    unite : str
        Unit shown in the message (« point », « % », « € »).
    pistes : list of (test, hint)
        Hints shown when ``test(obtenu)`` is true (common mistakes).

    Examples
    --------
    >>> verifier_valeur(2.5, 2.5004, nom="CPC", tolerance=0.01, unite="€")
    ✓ CPC correct : 2,5.
    """
    __tracebackhide__ = True
    v = _number(obtenu, nom)
    unit = f" {unite}" if unite else ""
    if math.isnan(attendu):
        if math.isnan(v):
            print(f"✓ {nom} correct : non calculable (NaN), comme attendu.")
            return
        raise VerificationEchouee(
            f"{nom} incorrect : vous obtenez {_fr(v)}, mais la valeur n'est pas calculable ici "
            "(dénominateur nul) : la réponse attendue est NaN."
        )
    if math.isnan(v) or abs(v - attendu) > tolerance:
        msg = (f"{nom} incorrect : vous obtenez {_fr(v)}, la valeur attendue est {_fr(attendu)} "
               f"(tolérance ± {_fr(tolerance)}{unit}).")
        for test, hint in pistes:
            try:
                if not math.isnan(v) and test(v):
                    msg += f" Piste : {hint}"
                    break
            except (ZeroDivisionError, ValueError):  # pragma: no cover
                continue
        raise VerificationEchouee(msg)
    print(f"✓ {nom} correct : {_fr(v)}.")


def verifier_nps(obtenu: Any, reponses: Any, *, tolerance: float = 0.5) -> None:
    """Check an NPS against :func:`casekit.metrics.nps` on the same answers.

    Parameters
    ----------
    obtenu : number or the Bunch returned by ``metrics.nps``
        The student's NPS, in points (−100 to +100).
    reponses : array-like
        The 0–10 answers the NPS was computed from (« NSP » allowed).
    tolerance : float
        Absolute tolerance in NPS points (0,5 by default).
    """
    __tracebackhide__ = True
    expected = metrics.nps(reponses)
    valid = [r for r in pd.Series(reponses, dtype="object") if not _is_non_answer(r)]
    pistes = [
        (lambda v: abs(100 * v - expected.score) <= tolerance,
         "le NPS s'exprime en points de −100 à +100, pas en proportion ; multipliez par 100."),
        (lambda v: abs(v - (expected.promoteurs_pct - expected.detracteurs_pct - expected.passifs_pct)) <= tolerance,
         "les passifs (7–8) ne se soustraient pas : NPS = % promoteurs − % détracteurs."),
        (lambda v: len(valid) < len(pd.Series(reponses)) and abs(
            v - expected.score * expected.n / len(pd.Series(reponses))) <= tolerance,
         "les « NSP » et réponses vides ne comptent pas dans le total ; retirez-les avant de calculer."),
        (lambda v: abs(v - _nps_with_bounds(valid, 8, 6)) <= tolerance or abs(v - _nps_with_bounds(valid, 9, 7)) <= tolerance,
         "promoteurs = notes 9 et 10 ; détracteurs = notes 0 à 6."),
    ]
    verifier_valeur(obtenu, expected.score, nom="NPS", tolerance=tolerance, unite="point", pistes=pistes)


def _is_non_answer(r: Any) -> bool:
    if r is None or r is pd.NA:
        return True
    if isinstance(r, float) and math.isnan(r):
        return True
    return isinstance(r, str) and r.strip().lower() in metrics.NON_REPONSES


def _nps_with_bounds(valid: list[Any], promo_min: int, detr_max: int) -> float:
    x = np.array([float(str(v).replace(",", ".")) for v in valid]) if valid else np.array([])
    if x.size == 0:
        return float("nan")
    return 100 * (np.mean(x >= promo_min) - np.mean(x <= detr_max))


def verifier_csat(obtenu: Any, reponses: Any, *, echelle: int = 5, seuil: int | None = None,
                  tolerance: float = 0.5) -> None:
    """Check a CSAT (percent of satisfied answers) against :func:`casekit.metrics.csat`.

    ``tolerance`` is in percentage points.

    Examples
    --------
    >>> verifier_csat(60, [5, 4, 4, 3, 1])
    ✓ CSAT correct : 60.
    """
    __tracebackhide__ = True
    expected = metrics.csat(reponses, echelle=echelle, seuil=seuil)
    pistes = [(lambda v: abs(100 * v - expected) <= tolerance,
               "le CSAT s'exprime en %, multipliez la proportion par 100.")]
    verifier_valeur(obtenu, expected, nom="CSAT", tolerance=tolerance, unite="point de %", pistes=pistes)


_METRICS = {
    "ctr": ("Taux de clic (CTR)", "%"),
    "cpc": ("Coût par clic (CPC)", "€"),
    "cpm": ("Coût pour mille (CPM)", "€"),
    "cpa": ("Coût par acquisition (CPA)", "€"),
    "taux_conversion": ("Taux de conversion", "%"),
    "roas": ("ROAS", ""),
    "frequence": ("Fréquence", ""),
    "taux_penetration": ("Taux de pénétration", "%"),
    "taux_engagement": ("Taux d'engagement", "%"),
    "exces_part_de_voix": ("Excès de part de voix (ESOV)", "point"),
}


def verifier_metrique(nom: str, obtenu: Any, *args: Any, tolerance: float = 0.01, **kwargs: Any) -> None:
    """Check any scalar metric of :mod:`casekit.metrics` by name.

    Parameters
    ----------
    nom : str
        Function name in :mod:`casekit.metrics` (« ctr », « cpc », « roas »,
        « taux_engagement »...).
    obtenu : number
        The student's answer, in the unit of the metric (rates in %).
    *args, **kwargs
        The inputs, passed to the metric (e.g. ``base="portee"``).
    tolerance : float
        Absolute tolerance in the metric's unit (0,01 by default).

    Examples
    --------
    >>> verifier_metrique("ctr", 1.5, 180, 12000)
    ✓ Taux de clic (CTR) correct : 1,5.
    >>> verifier_metrique("ctr", 0.015, 180, 12000)
    Traceback (most recent call last):
    ...
    casekit.checks.VerificationEchouee: Taux de clic (CTR) incorrect : vous obtenez 0,015, la valeur attendue est 1,5 (tolérance ± 0,01 %). Piste : un taux s'exprime ici en %, multipliez la proportion par 100.
    """
    __tracebackhide__ = True
    if nom not in _METRICS:
        raise ArgumentInvalideError(f"Métrique inconnue : « {nom} ».{suggestion(nom, _METRICS)}")
    label, unit = _METRICS[nom]
    expected = getattr(metrics, nom)(*args, **kwargs)
    if isinstance(expected, (pd.Series, np.ndarray)):
        raise ArgumentInvalideError(
            "verifier_metrique compare un seul nombre : passez des totaux, pas des colonnes.")
    pistes = []
    if unit == "%":
        pistes.append((lambda v: expected != 0 and abs(100 * v - expected) <= max(tolerance, abs(expected) / 100),
                       "un taux s'exprime ici en %, multipliez la proportion par 100."))
    if len(args) >= 2:
        a, b = args[0], args[1]
        try:
            inv = float(b) / float(a) * (100 if unit == "%" else 1)
            pistes.append((lambda v: abs(v - inv) <= tolerance * 10,
                           "numérateur et dénominateur semblent inversés."))
        except (TypeError, ValueError, ZeroDivisionError):
            pass
    verifier_valeur(obtenu, float(expected), nom=label, tolerance=tolerance, unite=unit, pistes=pistes)


def verifier_part_de_voix(obtenu: Any, donnees: Any, *, par: str = "marque", poids: str | None = None,
                          tolerance: float = 0.1) -> None:
    """Check a share-of-voice table (percent per brand) against :func:`casekit.metrics.part_de_voix`.

    ``tolerance`` is in percentage points, per brand.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"marque": ["A", "A", "B", "C"]})
    >>> verifier_part_de_voix({"A": 50, "B": 25, "C": 25}, m)
    ✓ Part de voix correcte pour 3 marques.
    """
    __tracebackhide__ = True
    expected = metrics.part_de_voix(donnees, par=par, poids=poids)
    got = pd.Series(obtenu, dtype=float) if not isinstance(obtenu, pd.Series) else obtenu.astype(float)
    got.index = got.index.astype(str)
    exp = expected.copy()
    exp.index = exp.index.astype(str)
    missing = sorted(set(exp.index) - set(got.index))
    extra = sorted(set(got.index) - set(exp.index))
    if missing or extra:
        parts = []
        if missing:
            parts.append("marques manquantes : " + ", ".join(missing))
        if extra:
            parts.append("marques en trop : " + ", ".join(extra))
        raise VerificationEchouee("Part de voix incorrecte : " + " ; ".join(parts) + ".")
    if abs(got.sum() - 1) < 0.01 and abs(exp.sum() - 100) < 0.01:
        raise VerificationEchouee(
            "Part de voix incorrecte : vos parts totalisent 1 ; exprimez-les en % (total 100).")
    diff = (got.reindex(exp.index) - exp).abs()
    bad = diff[diff > tolerance]
    if len(bad):
        lines = [f"{b} : {_fr(got[b])} au lieu de {_fr(exp[b])}" for b in bad.index[:5]]
        hint = ""
        if poids is None:
            hint = " Piste : la part de voix en volume compte les mentions, sans les pondérer."
        else:
            hint = f" Piste : la part de voix pondérée somme « {poids} » par marque."
        raise VerificationEchouee(
            f"Part de voix incorrecte pour {len(bad)} marque(s) (tolérance ± {_fr(tolerance)} point) : "
            + " ; ".join(lines) + "." + hint)
    print(f"✓ Part de voix correcte pour {len(exp)} marques.")


def verifier_contraste(obtenu: Any, couleur_1: str, couleur_2: str, *, tolerance: float = 0.01) -> None:
    """Check a WCAG contrast ratio (``tolerance`` absolute, in ratio units).

    Examples
    --------
    >>> verifier_contraste(21, "#000000", "#FFFFFF")
    ✓ Rapport de contraste correct : 21.
    """
    __tracebackhide__ = True
    from casekit.a11y import ratio_contraste

    expected = ratio_contraste(couleur_1, couleur_2)
    pistes = [(lambda v: v < 1, "le rapport se calcule (L clair + 0,05) / (L foncé + 0,05) : il vaut au moins 1.")]
    verifier_valeur(obtenu, expected, nom="Rapport de contraste", tolerance=tolerance, pistes=pistes)


def verifier_colonnes(df: Any, attendues: Sequence[str]) -> None:
    """Check that a DataFrame has the expected columns (order not checked).

    Examples
    --------
    >>> import pandas as pd
    >>> verifier_colonnes(pd.DataFrame({"canal": [], "score": []}), ["canal", "score"])
    ✓ Colonnes présentes : canal, score.
    """
    __tracebackhide__ = True
    if not isinstance(df, pd.DataFrame):
        raise VerificationEchouee(f"Un DataFrame est attendu, et non un objet de type « {type(df).__name__} ».")
    missing = [c for c in attendues if c not in df.columns]
    if missing:
        hints = "".join(suggestion(m, map(str, df.columns)) for m in missing[:1])
        raise VerificationEchouee(f"Colonne(s) manquante(s) : {', '.join(missing)}.{hints}")
    print(f"✓ Colonnes présentes : {', '.join(attendues)}.")


def verifier_swot(swot: Any, *, minimum_par_categorie: int = 2, preuves_obligatoires: bool = True,
                  donnees: Any = None) -> None:
    """Check a :class:`casekit.swot.Swot`: enough items per category, each with its evidence.

    With ``donnees`` (dataset name -> DataFrame or Bunch), every claimed figure
    is recomputed by :func:`casekit.swot.verifier_preuves`.

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.swot import construire
    >>> s = construire([{"categorie": c, "element": "x", "jeu_de_donnees": "clients", "colonne": "age",
    ...                  "agregat": "moyenne", "valeur": 30} for c in "SWOT"])
    >>> verifier_swot(s, minimum_par_categorie=1)
    ✓ SWOT complète : 4 éléments, chacun cite sa source (chiffres non recalculés : passez donnees=... pour les vérifier).
    >>> verifier_swot(s, minimum_par_categorie=1, donnees={"clients": pd.DataFrame({"age": [20, 40]})})
    ✓ SWOT complète : 4 éléments, chaque chiffre recalculé et retrouvé.
    """
    __tracebackhide__ = True
    from casekit.swot import CATEGORIES, Swot, verifier_preuves

    if not isinstance(swot, Swot):
        raise VerificationEchouee("Une SWOT construite avec casekit.swot.construire(...) est attendue.")
    short = [f"{CATEGORIES[c][1]} ({len(swot.par_categorie(c))})" for c in CATEGORIES
             if len(swot.par_categorie(c)) < minimum_par_categorie]
    if short:
        raise VerificationEchouee(
            f"SWOT incomplète : au moins {minimum_par_categorie} élément(s) attendu(s) par catégorie ; "
            f"trop peu pour {', '.join(short)}.")
    if preuves_obligatoires and swot.sans_preuve():
        codes = ", ".join(e.code for e in swot.sans_preuve())
        raise VerificationEchouee(
            f"Éléments sans preuve : {codes}. Indiquez pour chacun le jeu de données, la colonne, "
            "l'agrégat et le chiffre (« jeu_de_donnees », « colonne », « agregat », « valeur »).")
    if donnees is not None:
        v = verifier_preuves(swot, donnees)
        if preuves_obligatoires and not v.ok:
            raise VerificationEchouee(repr(v))
        print(f"✓ SWOT complète : {len(swot.elements)} éléments, chaque chiffre recalculé et retrouvé."
              if v.ok else f"✓ SWOT complète : {len(swot.elements)} éléments.\n{v!r}")
        return
    print(f"✓ SWOT complète : {len(swot.elements)} éléments, chacun cite sa source (chiffres non "
          "recalculés : passez donnees=... pour les vérifier)."
          if preuves_obligatoires else f"✓ SWOT complète : {len(swot.elements)} éléments.")
