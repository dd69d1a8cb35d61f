"""Student-facing self-checks: French messages, explicit tolerances.

Each check recomputes the expected value with :mod:`casekit.metrics` (or
another casekit helper): the self-checks in the notebooks and the hidden
grading tests call the same functions, so a formula lives in one place.

In the style of :mod:`pandas.testing`, a check returns quietly (after a
short « ✓ » line) when the answer is right and raises
:class:`VerificationEchouee`, an ``AssertionError``, with a French message
when it is not. ``__tracebackhide__`` keeps pytest tracebacks short.
Tolerances are keyword arguments with documented units.

Examples
--------
>>> verifier_nps(33.3, [10, 9, 9, 8, 7, 3])
✓ NPS : 33,3, c'est juste.
>>> verifier_nps(0.333, [10, 9, 9, 8, 7, 3])
Traceback (most recent call last):
...
casekit.checks.VerificationEchouee: NPS : vous obtenez 0,333, ce n'est pas la valeur attendue (tolérance ± 0,5 point) ; votre valeur est trop basse. Piste : le NPS s'exprime en points de −100 à +100, pas en proportion ; multipliez par 100.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from casekit import metrics
from casekit._memo import par_contenu
from casekit.errors import ArgumentInvalideError, suggestion

__all__ = [
    "VerificationEchouee",
    "engagement_par",
    "installer_messages_courts",
    "tcam_par",
    "verifier_articles_uniques",
    "verifier_audit",
    "verifier_calendrier",
    "verifier_categorie_en_hausse",
    "verifier_choix",
    "verifier_choix_k",
    "verifier_colonnes",
    "verifier_contraste",
    "verifier_csat",
    "verifier_empreinte",
    "verifier_enquete_nettoyee",
    "verifier_esov",
    "verifier_etiquettes",
    "verifier_groupe_en_baisse",
    "verifier_ic_nps",
    "verifier_metrique",
    "verifier_moteur_detracteurs",
    "verifier_nps",
    "verifier_nps_enquete",
    "verifier_nps_par_groupe",
    "verifier_part",
    "verifier_part_de_voix",
    "verifier_pilier_engageant",
    "verifier_poids",
    "verifier_scores_canaux",
    "verifier_serie",
    "verifier_swot",
    "verifier_taille_cible",
    "verifier_tcam",
    "verifier_terme_emergent",
    "verifier_trimestre_creux",
    "verifier_valeur",
]


class VerificationEchouee(AssertionError):
    """Une vérification a échoué : le message dit pourquoi, en français."""

    def __init__(self, message: str = "") -> None:
        super().__init__(_typographie(str(message)))


def _typographie(texte: str) -> str:
    """French spacing in a message built from several sources (suggestions, labels).

    The same rules as every casekit error (:func:`casekit.generators.francais.typo_message`).

    >>> _typographie("Vouliez-vous dire « a » ? Oui : non ; si !")
    'Vouliez-vous dire «\u00a0a\u00a0»\u202f? Oui\u00a0: non\u202f; si\u202f!'
    """
    from casekit.generators.francais import typo_message

    return typo_message(texte)


def _silencieux(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a check with warnings silenced (nbgrader scores any stderr as 0)."""
    import functools
    import warnings

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return func(*args, **kwargs)

    return wrapper


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
            f"{nom} : un seul nombre est attendu, et non un objet de type « {type(obtenu).__name__} »."
        )
    try:
        v = float(obtenu)
    except (TypeError, ValueError):
        raise VerificationEchouee(f"{nom} : un nombre est attendu, et non {obtenu!r}.") from None
    return v


@_silencieux
def verifier_valeur(
    obtenu: Any,
    attendu: float,
    *,
    nom: str = "Valeur",
    tolerance: float = 1e-6,
    unite: str = "",
    pistes: Sequence[tuple[Callable[[float], bool], str]] = (),
) -> None:
    """Vérifie qu'un nombre est à ``± tolerance`` (absolue) de la valeur attendue.

    Paramètres
    ----------
    obtenu : nombre
        Votre réponse.
    attendu : float
        La valeur attendue ; ``NaN`` attend ``NaN``.
    nom : str
        Ce qui est vérifié, en français (« NPS », « Taux de clic »…).
    tolerance : float
        Tolérance absolue, dans l'unité de la valeur.
    unite : str
        Unité affichée dans le message (« point », « % », « € »).
    pistes : liste de (test, piste)
        Pistes affichées quand ``test(obtenu)`` est vrai (erreurs fréquentes).

    Exemples
    --------
    >>> verifier_valeur(2.5, 2.5004, nom="CPC", tolerance=0.01, unite="€")
    ✓ CPC : 2,5, c'est juste.
    """
    __tracebackhide__ = True
    v = _number(obtenu, nom)
    unit = f"\u00a0{unite}" if unite else ""
    if math.isnan(attendu):
        if math.isnan(v):
            print(f"✓ {nom} : non calculable (NaN), comme attendu.")
            return
        raise VerificationEchouee(
            f"{nom} : vous obtenez {_fr(v)}, mais la valeur n'est pas calculable ici "
            "(dénominateur nul) : la réponse attendue est NaN."
        )
    if math.isnan(v) or abs(v - attendu) > tolerance:
        sens = "trop élevée" if v > attendu else "trop basse"
        msg = (f"{nom} : vous obtenez {_fr(v)}, ce n'est pas la valeur attendue (tolérance ± "
               f"{_fr(tolerance)}{unit}) ; votre valeur est {sens}.")
        for test, hint in pistes:
            try:
                if not math.isnan(v) and test(v):
                    msg += f" Piste : {hint}"
                    break
            except (ZeroDivisionError, ValueError):  # pragma: no cover
                continue
        raise VerificationEchouee(msg)
    print(f"✓ {nom} : {_fr(v)}, c'est juste.")


@_silencieux
def verifier_nps(obtenu: Any, reponses: Any, *, tolerance: float = 0.5) -> None:
    """Vérifie un NPS en le recalculant avec :func:`casekit.metrics.nps` sur les mêmes réponses.

    Paramètres
    ----------
    obtenu : nombre, ou le Bunch renvoyé par ``metrics.nps``
        Votre NPS, en points (de −100 à +100).
    reponses : liste, tableau ou Series
        Les notes de 0 à 10 d'où vient le NPS (« NSP » accepté).
    tolerance : float
        Tolérance absolue en points de NPS (0,5 par défaut).

    Exemples
    --------
    >>> verifier_nps(33.3, [10, 9, 9, 8, 7, 3])
    ✓ NPS : 33,3, c'est juste.
    """
    __tracebackhide__ = True
    expected = metrics.nps(reponses)
    valid = [r for r in pd.Series(reponses, dtype="object") if not _is_non_answer(r)]
    pistes = [
        (lambda v: abs(100 * v - expected.score) <= tolerance,
         "le NPS s'exprime en points de −100 à +100, pas en proportion ; multipliez par 100."),
        (lambda v: abs(v - (expected.promoteurs_pct - expected.detracteurs_pct - expected.passifs_pct)) <= tolerance,
         "les passifs (7–8) ne se soustraient pas : NPS = % promoteurs − % détracteurs."),
        (lambda v: len(valid) < len(pd.Series(reponses)) and abs(
            v - expected.score * expected.n / len(pd.Series(reponses))) <= tolerance,
         "les « NSP » et réponses vides ne comptent pas dans le total ; retirez-les avant de calculer."),
        (lambda v: abs(v - _nps_with_bounds(valid, 8, 6)) <= tolerance or abs(v - _nps_with_bounds(valid, 9, 7)) <= tolerance,
         "promoteurs = notes 9 et 10 ; détracteurs = notes 0 à 6."),
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


@_silencieux
def verifier_csat(obtenu: Any, reponses: Any, *, echelle: int = 5, seuil: int | None = None,
                  tolerance: float = 0.5) -> None:
    """Vérifie un CSAT (pourcentage de réponses satisfaites) avec :func:`casekit.metrics.csat`.

    ``tolerance`` est en points de pourcentage.

    Exemples
    --------
    >>> verifier_csat(60, [5, 4, 4, 3, 1])
    ✓ CSAT : 60, c'est juste.
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


@_silencieux
def verifier_metrique(nom: str, obtenu: Any, *args: Any, tolerance: float = 0.01, **kwargs: Any) -> None:
    """Vérifie n'importe quelle métrique de :mod:`casekit.metrics`, désignée par son nom.

    Paramètres
    ----------
    nom : str
        Nom de la fonction de :mod:`casekit.metrics` (« ctr », « cpc », « roas »,
        « taux_engagement »…).
    obtenu : nombre
        Votre réponse, dans l'unité de la métrique (taux en %).
    *args, **kwargs
        Les données, passées à la métrique (par exemple ``base="portee"``).
    tolerance : float
        Tolérance absolue dans l'unité de la métrique (0,01 par défaut).

    Exemples
    --------
    >>> verifier_metrique("ctr", 1.5, 180, 12000)
    ✓ Taux de clic (CTR) : 1,5, c'est juste.
    >>> verifier_metrique("ctr", 0.015, 180, 12000)
    Traceback (most recent call last):
    ...
    casekit.checks.VerificationEchouee: Taux de clic (CTR) : vous obtenez 0,015, ce n'est pas la valeur attendue (tolérance ± 0,01 %) ; votre valeur est trop basse. Piste : un taux s'exprime ici en %, multipliez la proportion par 100.
    """
    __tracebackhide__ = True
    if nom not in _METRICS:
        raise ArgumentInvalideError(f"Métrique inconnue : « {nom} ».{suggestion(nom, _METRICS)}")
    label, unit = _METRICS[nom]
    expected = getattr(metrics, nom)(*args, **kwargs)
    if isinstance(expected, (pd.Series, np.ndarray)):
        raise ArgumentInvalideError(
            "verifier_metrique compare un seul nombre : passez des totaux, pas des colonnes.")
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


@_silencieux
def verifier_part_de_voix(obtenu: Any, donnees: Any, *, par: str = "marque", poids: str | None = None,
                          tolerance: float = 0.1) -> None:
    """Vérifie une part de voix (en % par marque) avec :func:`casekit.metrics.part_de_voix`.

    ``tolerance`` est en points de pourcentage, marque par marque.

    Exemples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"marque": ["A", "A", "B", "C"]})
    >>> verifier_part_de_voix({"A": 50, "B": 25, "C": 25}, m)
    ✓ Part de voix juste pour les 3 marques.
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
            parts.append("marques manquantes : " + ", ".join(missing))
        if extra:
            parts.append("marques en trop : " + ", ".join(extra))
        raise VerificationEchouee("Part de voix : " + " ; ".join(parts) + ".")
    if abs(got.sum() - 1) < 0.01 and abs(exp.sum() - 100) < 0.01:
        raise VerificationEchouee(
            "Part de voix : vos parts totalisent 1 ; exprimez-les en % (total 100).")
    diff = (got.reindex(exp.index) - exp).abs()
    bad = diff[diff > tolerance]
    if len(bad):
        lines = [f"{b} : {_fr(got[b])} (trop {'élevée' if got[b] > exp[b] else 'basse'})" for b in bad.index[:5]]
        hint = ""
        if poids is None:
            hint = " Piste : la part de voix en volume compte les mentions, sans les pondérer."
        else:
            hint = f" Piste : la part de voix pondérée somme « {poids} » par marque."
        raise VerificationEchouee(
            f"Part de voix : écart pour {len(bad)} marque(s) (tolérance ± {_fr(tolerance)} point) : "
            + " ; ".join(lines) + "." + hint)
    print(f"✓ Part de voix juste pour les {len(exp)} marques.")


@_silencieux
def verifier_contraste(obtenu: Any, couleur_1: str, couleur_2: str, *, tolerance: float = 0.01) -> None:
    """Vérifie un rapport de contraste WCAG (``tolerance`` absolue, dans l'unité du rapport).

    Exemples
    --------
    >>> verifier_contraste(21, "#000000", "#FFFFFF")
    ✓ Rapport de contraste : 21, c'est juste.
    """
    __tracebackhide__ = True
    from casekit.a11y import ratio_contraste

    expected = ratio_contraste(couleur_1, couleur_2)
    pistes = [(lambda v: v < 1, "le rapport se calcule (L clair + 0,05) / (L foncé + 0,05) : il vaut au moins 1.")]
    verifier_valeur(obtenu, expected, nom="Rapport de contraste", tolerance=tolerance, pistes=pistes)


@_silencieux
def verifier_colonnes(df: Any, attendues: Sequence[str]) -> None:
    """Vérifie qu'un DataFrame a les colonnes attendues (l'ordre n'est pas vérifié).

    Exemples
    --------
    >>> import pandas as pd
    >>> verifier_colonnes(pd.DataFrame({"canal": [], "score": []}), ["canal", "score"])
    ✓ Colonnes présentes : canal, score.
    """
    __tracebackhide__ = True
    if not isinstance(df, pd.DataFrame):
        raise VerificationEchouee(f"Un DataFrame est attendu, et non un objet de type « {type(df).__name__} ».")
    missing = [c for c in attendues if c not in df.columns]
    if missing:
        hints = "".join(suggestion(m, map(str, df.columns)) for m in missing[:1])
        raise VerificationEchouee(f"Colonne(s) manquante(s) : {', '.join(missing)}.{hints}")
    print(f"✓ Colonnes présentes : {', '.join(attendues)}.")


@_silencieux
def verifier_swot(swot: Any, *, minimum_par_categorie: int = 2, preuves_obligatoires: bool = True,
                  donnees: Any = None) -> None:
    """Vérifie une :class:`casekit.swot.Swot` : assez d'éléments par catégorie, chacun avec sa preuve.

    Avec ``donnees`` (nom du jeu de données -> DataFrame ou Bunch), chaque
    chiffre avancé est recalculé par :func:`casekit.swot.verifier_preuves`.

    Exemples
    --------
    >>> import pandas as pd
    >>> from casekit.swot import construire
    >>> s = construire([{"categorie": c, "element": "x", "jeu_de_donnees": "clients", "colonne": "age",
    ...                  "agregat": "moyenne", "valeur": 30} for c in "SWOT"])
    >>> verifier_swot(s, minimum_par_categorie=1)
    ✓ SWOT complète : 4 éléments, chacun cite sa source (chiffres non recalculés : passez donnees=... pour les vérifier).
    >>> verifier_swot(s, minimum_par_categorie=1, donnees={"clients": pd.DataFrame({"age": [20, 40]})})
    ✓ SWOT complète : 4 éléments, chaque chiffre recalculé et retrouvé.
    """
    __tracebackhide__ = True
    from casekit.swot import CATEGORIES, Swot, verifier_preuves

    if not isinstance(swot, Swot):
        raise VerificationEchouee("Une SWOT construite avec casekit.swot.construire(...) est attendue.")
    short = [f"{CATEGORIES[c][1]} ({len(swot.par_categorie(c))})" for c in CATEGORIES
             if len(swot.par_categorie(c)) < minimum_par_categorie]
    if short:
        raise VerificationEchouee(
            f"SWOT incomplète : au moins {minimum_par_categorie} élément(s) attendu(s) par catégorie ; "
            f"trop peu pour {', '.join(short)}.")
    if preuves_obligatoires and swot.sans_preuve():
        codes = ", ".join(e.code for e in swot.sans_preuve())
        raise VerificationEchouee(
            f"Éléments sans preuve : {codes}. Indiquez pour chacun le jeu de données, la colonne, "
            "l'agrégat et le chiffre (« jeu_de_donnees », « colonne », « agregat », « valeur »).")
    if donnees is not None:
        v = verifier_preuves(swot, donnees)
        if preuves_obligatoires and not v.ok:
            raise VerificationEchouee(repr(v))
        print(f"✓ SWOT complète : {len(swot.elements)} éléments, chaque chiffre recalculé et retrouvé."
              if v.ok else f"✓ SWOT complète : {len(swot.elements)} éléments.\n{v!r}")
        return
    print(f"✓ SWOT complète : {len(swot.elements)} éléments, chacun cite sa source (chiffres non "
          "recalculés : passez donnees=... pour les vérifier)."
          if preuves_obligatoires else f"✓ SWOT complète : {len(swot.elements)} éléments.")


# ---------------------------------------------------------------------------
# BC01 case-study checks. One implementation for the visible self-checks
# (student's own data, works without nbgrader and without the answer key) and
# the hidden tests (the grading side passes the reference variant's data).
# Every check silences warnings: a pandas FutureWarning must never cost marks.
# ---------------------------------------------------------------------------


def _frame(df: Any, nom: str) -> pd.DataFrame:
    __tracebackhide__ = True
    if not isinstance(df, pd.DataFrame):
        raise VerificationEchouee(
            f"« {nom} » doit être un DataFrame (tableau pandas), et non un objet de type « {type(df).__name__} ».")
    return df


def _libelle(x: Any) -> str:
    if isinstance(x, pd.Period):
        return _trimestre(x)
    return str(x)


def _trimestre(x: Any) -> str:
    """« 2024-T3 » for a quarter given as Period, « 2024Q3 » or « 2024-T3 »."""
    if isinstance(x, pd.Period):
        return f"{x.year}-T{x.quarter}"
    s = str(x).strip().upper().replace(" ", "").replace("Q", "-T").replace("--", "-")
    return s


@_silencieux
def verifier_choix(obtenu: Any, valeurs: Any, *, nom: str, sens: str = "max", tolerance: float = 0.0,
                   unite: str = "") -> None:
    """Vérifie une modalité choisie comme la plus haute (ou la plus basse) d'un indicateur.

    Toute modalité dont la valeur est à moins de ``tolerance`` de l'extrême est
    acceptée : deux modalités quasi à égalité sont toutes deux de bonnes réponses.
    Le message d'erreur ne donne pas la bonne réponse, seulement l'écart.

    Paramètres
    ----------
    obtenu : str
        La modalité choisie (nom d'un canal, d'un trimestre, d'un pilier…).
    valeurs : Series ou dict
        L'indicateur recalculé pour chaque modalité.
    nom : str
        Ce qui est vérifié, en français (« Trimestre le plus bas »…).
    sens : {"max", "min"}
        La plus haute ou la plus basse valeur.
    tolerance : float
        Écart accepté avec l'extrême, dans l'unité de l'indicateur.

    Exemples
    --------
    >>> verifier_choix("b", {"a": 1.0, "b": 3.0, "c": 2.95}, nom="Meilleur canal", tolerance=0.1)
    ✓ Meilleur canal : « b », c'est juste.
    >>> verifier_choix("a", {"a": 1.0, "b": 3.0}, nom="Meilleur canal")
    Traceback (most recent call last):
    ...
    casekit.checks.VerificationEchouee: Meilleur canal : « a » ne convient pas, sa valeur est 1 alors qu'une autre modalité atteint 3 (écart 2). Relisez le tableau trié.
    """
    __tracebackhide__ = True
    if sens not in ("max", "min"):
        raise ArgumentInvalideError("« sens » vaut « max » ou « min ».")
    s = pd.Series(valeurs, dtype=float).dropna()
    s.index = [_libelle(i) for i in s.index]
    if isinstance(obtenu, (pd.Series, pd.DataFrame, list, tuple, dict, np.ndarray)):
        raise VerificationEchouee(f"{nom} : une seule modalité est attendue (un texte), et non un objet de type "
                                  f"« {type(obtenu).__name__} ».")
    choix = _libelle(obtenu)
    if choix not in s.index and _trimestre(choix) in s.index:
        choix = _trimestre(choix)
    if choix not in s.index:
        proches = suggestion(choix, map(str, s.index))
        raise VerificationEchouee(f"{nom} : « {choix} » ne fait pas partie des modalités possibles.{proches}")
    best = s.max() if sens == "max" else s.min()
    ecart = (best - s[choix]) if sens == "max" else (s[choix] - best)
    if ecart > tolerance + 1e-9:
        u = f" {unite}" if unite else ""
        raise VerificationEchouee(
            f"{nom} : « {choix} » ne convient pas, sa valeur est {_fr(s[choix])}{u} alors qu'une autre modalité atteint "
            f"{_fr(best)}{u} (écart {_fr(ecart)}). Relisez le tableau trié.")
    print(f"✓ {nom} : « {choix} », c'est juste.")


@_silencieux
def verifier_serie(obtenu: Any, attendu: Any, *, nom: str, tolerance: float = 0.5, unite: str = "",
                   pistes: Sequence[tuple[Callable[[pd.Series], bool], str]] = ()) -> None:
    """Vérifie un indicateur par modalité (une Series) modalité par modalité.

    Paramètres
    ----------
    obtenu : Series ou dict
        Votre résultat, une valeur par modalité.
    attendu : Series ou dict
        Le résultat recalculé avec casekit.
    tolerance : float
        Écart absolu accepté pour chaque modalité.
    pistes : list of (test, hint)
        Indices montrés quand ``test(obtenu)`` est vrai (erreurs fréquentes).

    Exemples
    --------
    >>> verifier_serie({"a": 10.0, "b": 20.0}, {"a": 10.2, "b": 19.9}, nom="NPS par activité")
    ✓ NPS par activité : juste pour les 2 modalités.
    >>> verifier_serie({"a": 10.0}, {"a": 10.2, "b": 19.9}, nom="NPS par activité")
    Traceback (most recent call last):
    ...
    casekit.checks.VerificationEchouee: NPS par activité : modalités manquantes : b.
    """
    __tracebackhide__ = True
    if isinstance(obtenu, pd.DataFrame) and obtenu.shape[1] == 1:
        obtenu = obtenu.iloc[:, 0]
    if not isinstance(obtenu, (pd.Series, dict)):
        raise VerificationEchouee(f"{nom} : une Series (une valeur par modalité) est attendue, et non un objet "
                                  f"de type « {type(obtenu).__name__} ».")
    try:
        got = pd.Series(obtenu).astype(float)
    except (TypeError, ValueError):
        raise VerificationEchouee(f"{nom} : les valeurs doivent être des nombres.") from None
    exp = pd.Series(attendu).astype(float)
    got.index = [_libelle(i) for i in got.index]
    exp.index = [_libelle(i) for i in exp.index]
    missing = [str(i) for i in exp.index if i not in got.index]
    extra = [str(i) for i in got.index if i not in exp.index]
    if missing or extra:
        parts = []
        if missing:
            parts.append("modalités manquantes : " + ", ".join(missing[:6]))
        if extra:
            parts.append("modalités en trop : " + ", ".join(extra[:6]))
        raise VerificationEchouee(f"{nom} : " + " ; ".join(parts) + ".")
    got = got.reindex(exp.index)
    diff = (got - exp).abs()
    bad = diff[(diff > tolerance) | (got.isna() != exp.isna())]
    if len(bad):
        u = f" {unite}" if unite else ""
        msg = (f"{nom} : écart pour {len(bad)} modalité(s) sur {len(exp)} (tolérance ± {_fr(tolerance)}{u}), "
               f"par exemple « {bad.index[0]} » : vous obtenez {_fr(got[bad.index[0]])}.")
        for test, hint in pistes:
            try:
                if test(got):
                    msg += f" Piste : {hint}"
                    break
            except (ZeroDivisionError, ValueError, TypeError):  # pragma: no cover
                continue
        raise VerificationEchouee(msg)
    print(f"✓ {nom} : " + ("juste pour la seule modalité." if len(exp) == 1 else f"juste pour les {len(exp)} modalités."))


# -- satisfaction survey (notebook 02) ---------------------------------------

_CSAT_PREFIX = "csat_"
_MOIS = {m: i for i, m in enumerate(["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                     "septembre", "octobre", "novembre", "décembre"], start=1)}


def _date_texte(s: pd.Series) -> pd.Series:
    """Dates typed as « 12/03/2024 », « 2024-03-12 » or « 12 mars 2024 »."""
    text = s.astype("string").str.strip()
    out = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    out = out.fillna(pd.to_datetime(text, format="%d/%m/%Y", errors="coerce"))
    def iso(m: Any) -> str:
        mois = _MOIS.get(m.group(2).lower())
        return f"{m.group(3)}-{mois:02d}-{int(m.group(1)):02d}" if mois else m.group(0)

    longues = text.str.replace(r"^(\d{1,2})(?:er)?\s+(\S+)\s+(\d{4})$", iso, regex=True)
    return out.fillna(pd.to_datetime(longues, format="%Y-%m-%d", errors="coerce"))


_NOMBRES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
_CATEGORIES = ("mode", "activite", "nps_classe", "tranche_age")


def _note_nps(valeur: Any) -> float:
    """One typed NPS answer (« 9 », « 9/10 », « neuf », « 9 ») as a number, NaN otherwise."""
    if valeur is None or valeur is pd.NA or (isinstance(valeur, float) and np.isnan(valeur)):
        return np.nan
    texte = str(valeur).strip().casefold().removesuffix("/10").strip()
    if texte in _NOMBRES:
        return float(_NOMBRES.index(texte))
    try:
        note = float(texte.replace(",", "."))
    except ValueError:
        return np.nan
    return note if 0 <= note <= 10 and note == round(note) else np.nan


@par_contenu(maxsize=4)
def _enquete_de_reference(brute: pd.DataFrame) -> pd.DataFrame:
    """The cleaning documented in the raw survey's DESCR, on any raw export.

    Memoised by content: six checks of notebook 02 clean the same raw export.

    Test rows out; partial completions (a CSAT item missing) out; exact
    duplicates, then re-submissions under a new id, out (first kept); NPS
    typed as text to numbers; dates parsed; categories stripped and set to
    their most frequent spelling. Gives back the clean dataset's rows.
    """
    df = brute.copy()
    if "repondant_id" in df.columns:
        df = df[~df["repondant_id"].astype("string").str.upper().str.startswith("TEST").fillna(False)]
    csat = [c for c in df.columns if c.startswith(_CSAT_PREFIX)]
    if csat:
        df = df.dropna(subset=csat)
    df = df.drop_duplicates()
    autres = [c for c in df.columns if c != "repondant_id"]
    df = df.drop_duplicates(subset=autres, keep="first").reset_index(drop=True).copy()
    df["nps_0_10"] = df["nps_0_10"].map(_note_nps).astype("float64")
    for c in csat:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    if df["date_reponse"].dtype == object or pd.api.types.is_string_dtype(df["date_reponse"]):
        df["date_reponse"] = _date_texte(df["date_reponse"])
    for c in _CATEGORIES:
        if c in df.columns:
            df[c] = _harmoniser(df[c])
    return df


def _harmoniser(col: pd.Series) -> pd.Series:
    """Strip and fold a category; each folded value takes its most frequent stripped spelling."""
    propre = col.astype("string").str.strip()
    cle = propre.str.casefold()
    canon = propre.groupby(cle).agg(lambda v: v.value_counts().index[0])
    return cle.map(canon)


def _enquete(enquete: Any, brute: bool) -> pd.DataFrame:
    __tracebackhide__ = True
    df = _frame(enquete, "enquete")
    return _enquete_de_reference(df) if brute else df


@_silencieux
def verifier_enquete_nettoyee(propre: Any, brute: Any) -> None:
    """Vérifie le nettoyage de l'enquête de satisfaction brute (``raw=True``).

    Ce qui est attendu (c'est le nettoyage décrit dans le ``DESCR`` de l'export
    brut) : lignes de test retirées ; réponses partielles retirées ; doublons
    retirés (identifiant compris ou non) ; notes NPS en nombres (« 9/10 »,
    « neuf » compris) ; ``date_reponse`` en dates ; catégories sans espaces
    parasites et à la casse harmonisée.

    Exemples
    --------
    >>> brute = pd.DataFrame({
    ...     "repondant_id": ["R1", "R2", "R3", "TEST-1", "R4"],
    ...     "nps_0_10": ["9/10", "neuf", " 3", "10", "7"],
    ...     "date_reponse": ["02/01/2024", "2024-01-02", "2 janvier 2024", "2024-01-02", "2024-01-03"],
    ...     "mode": ["e-mail", "e-mail ", "E-mail", "e-mail", "e-mail"],
    ...     "csat_a": [5, 5, 2, 5, None]})
    >>> propre = brute.iloc[:3].assign(
    ...     nps_0_10=[9, 9, 3], date_reponse=pd.to_datetime(["2024-01-02"] * 3), mode="e-mail")
    >>> verifier_enquete_nettoyee(propre, brute)
    ✓ Enquête nettoyée : 3 réponses complètes, 3 notes NPS.
    """
    __tracebackhide__ = True
    df = _frame(propre, "enquete_propre")
    b = _frame(brute, "brute")
    ref = _enquete_de_reference(b)
    missing = [c for c in ["nps_0_10", "date_reponse"] if c not in df.columns]
    if missing:
        raise VerificationEchouee(f"Colonne(s) manquante(s) dans votre enquête nettoyée : {', '.join(missing)}.")
    if "repondant_id" in df.columns:
        tests = df["repondant_id"].astype("string").str.upper().str.startswith("TEST").fillna(False)
        if tests.any():
            raise VerificationEchouee(
                f"{int(tests.sum())} ligne(s) de test (identifiant « TEST… ») restent : ce ne sont pas des "
                "réponses de clients, retirez-les.")
    csat = [c for c in ref.columns if c.startswith(_CSAT_PREFIX) and c in df.columns]
    if csat and df[csat].isna().any(axis=1).any():
        raise VerificationEchouee(
            "Des réponses partielles (une note CSAT manquante) restent : le DESCR demande de les retirer "
            "(dropna sur les colonnes « csat_… »).")
    if len(df) > len(ref):
        raise VerificationEchouee(
            f"Votre enquête a {len(df)} lignes pour {len(ref)} réponses distinctes : des doublons restent. "
            "Une même réponse peut revenir à l'identique, ou sous un nouvel identifiant (comparez toutes les "
            "colonnes sauf « repondant_id » et gardez la première).")
    if len(df) < len(ref):
        raise VerificationEchouee(
            f"Votre enquête a {len(df)} lignes, c'est moins que les {len(ref)} réponses distinctes et complètes : "
            "une étape retire trop de lignes (une note NPS écrite « 9/10 » ou « neuf » est une vraie réponse).")
    if not pd.api.types.is_numeric_dtype(df["nps_0_10"]):
        raise VerificationEchouee(
            "La colonne « nps_0_10 » est encore du texte : convertissez-la en nombres "
            "(« 9/10 » et « neuf » valent 9).")
    nps_col = pd.to_numeric(df["nps_0_10"], errors="coerce")
    n_ok, n_ref = int(nps_col.notna().sum()), int(ref["nps_0_10"].notna().sum())
    if n_ok != n_ref or not nps_col.dropna().between(0, 10).all():
        raise VerificationEchouee(
            f"Vous gardez {n_ok} notes NPS lisibles au lieu de {n_ref} : relisez les valeurs de la colonne brute "
            "(value_counts) ; « 9/10 », « neuf » ou « 9 » entouré d'espaces sont des notes valides.")
    if not pd.api.types.is_datetime64_any_dtype(df["date_reponse"]):
        raise VerificationEchouee(
            "« date_reponse » n'est pas encore une colonne de dates : les trois formats (« 12/03/2024 », "
            "« 2024-03-12 », « 12 mars 2024 ») doivent tous être convertis.")
    nat = int(df["date_reponse"].isna().sum())
    if nat:
        raise VerificationEchouee(f"{nat} date(s) n'ont pas été converties (valeur manquante) : un des formats "
                                  "de date n'est pas encore traité.")
    for c in _CATEGORIES:
        if c in df.columns and c in ref.columns:
            en_trop = sorted(set(df[c].dropna().astype(str)) - set(ref[c].dropna().astype(str)))
            if en_trop:
                raise VerificationEchouee(
                    f"La colonne « {c} » garde des variantes d'écriture (par exemple « {en_trop[0]} ») : "
                    "retirez les espaces parasites et harmonisez la casse.")
    print(f"✓ Enquête nettoyée : {len(df)} réponses complètes, {n_ok} notes NPS.")


@_silencieux
def verifier_nps_enquete(obtenu: Any, enquete: Any, *, brute: bool = False, tolerance: float = 0.5) -> None:
    """Vérifie le NPS global d'une enquête (nettoyée, ou brute avec ``brute=True``).

    Exemples
    --------
    >>> e = pd.DataFrame({"nps_0_10": [10, 9, 9, 8, 7, 3]})
    >>> verifier_nps_enquete(33.3, e)
    ✓ NPS : 33,3, c'est juste.
    """
    __tracebackhide__ = True
    df = _enquete(enquete, brute)
    reponses = df["nps_0_10"]
    expected = metrics.nps(reponses)
    n_tous = len(reponses)
    try:
        verifier_nps(obtenu, reponses, tolerance=tolerance)
    except VerificationEchouee as exc:
        v = _number(obtenu, "NPS")
        p, d, n = expected.promoteurs_pct / 100, expected.detracteurs_pct / 100, expected.n
        # invalid answers counted as detractors (e.g. NSP -> 0)
        if n < n_tous and abs(v - 100 * (p * n - (d * n + (n_tous - n))) / n_tous) <= tolerance:
            raise VerificationEchouee(
                "NPS : les réponses invalides ont été comptées comme des détracteurs. "
                "Une non-réponse n'est pas une note de 0 : le NPS se calcule sur les réponses valides.") from None
        raise exc from None


@_silencieux
def verifier_ic_nps(obtenu: Any, enquete: Any, *, brute: bool = False, tolerance: float = 0.5) -> None:
    """Vérifie l'intervalle de confiance à 95 % du NPS, un couple ``(bas, haut)`` en points.

    Exemples
    --------
    >>> e = pd.DataFrame({"nps_0_10": [10, 9, 9, 8, 7, 3, "NSP"] * 10})
    >>> verifier_ic_nps(metrics.nps(e["nps_0_10"]).ic95, e)  # doctest: +ELLIPSIS
    ✓ Intervalle de confiance juste : [...].
    """
    __tracebackhide__ = True
    expected = metrics.nps(_enquete(enquete, brute)["nps_0_10"]).ic95
    if not (isinstance(obtenu, (tuple, list, np.ndarray, pd.Series)) and len(obtenu) == 2):
        raise VerificationEchouee(
            "Intervalle de confiance : un couple (borne basse, borne haute) est attendu, par exemple "
            "resultat.ic95.")
    lo, hi = _number(obtenu[0], "Borne basse"), _number(obtenu[1], "Borne haute")
    if lo > hi:
        raise VerificationEchouee("Intervalle de confiance : la borne basse est plus grande que la borne haute.")
    if abs(lo - expected[0]) > tolerance or abs(hi - expected[1]) > tolerance:
        r = metrics.nps(_enquete(enquete, brute)["nps_0_10"])
        hint = ""
        if abs(lo - (r.score - r.se)) <= tolerance and abs(hi - (r.score + r.se)) <= tolerance:
            hint = " Piste\u00a0: ± 1 erreur type donne un intervalle à 68\u00a0%, pas à 95\u00a0%."
        elif abs(lo - r.ic95[0] / 100) <= tolerance / 100 and abs(hi - r.ic95[1] / 100) <= tolerance / 100:
            hint = " Piste\u00a0: les bornes s'expriment en points de NPS, pas en proportion."
        else:
            hint = " Piste\u00a0: prenez l'intervalle que donne metrics.nps(...).ic95, sans le recalculer."
        raise VerificationEchouee(
            f"Intervalle de confiance\u00a0: vous obtenez [{_fr(lo)}\u202f; {_fr(hi)}], hors de la tolérance "
            f"de ± {_fr(tolerance)}\u00a0point sur chaque borne.{hint}")
    print(f"✓ Intervalle de confiance juste : [{_fr(lo, 1)} ; {_fr(hi, 1)}].")


def _nps_par(df: pd.DataFrame, cle: pd.Series) -> pd.Series:
    return df.groupby(cle, observed=True)["nps_0_10"].apply(lambda s: metrics.nps(s).score)


def _joindre(enquete: pd.DataFrame, clients: pd.DataFrame, par: str) -> pd.DataFrame:
    __tracebackhide__ = True
    cl = _frame(clients, "clients")
    if par not in cl.columns:
        raise VerificationEchouee(f"Colonne « {par} » absente du fichier clients.{suggestion(par, cl.columns)}")
    return enquete.merge(cl[["client_id", par]], on="client_id", how="inner", suffixes=("_enquete", ""))


@_silencieux
def verifier_nps_par_groupe(obtenu: Any, enquete: Any, clients: Any, *, par: str, brute: bool = False,
                            tolerance: float = 0.5) -> None:
    """Vérifie le NPS par groupe du fichier clients, après jointure sur ``client_id``.

    Seules les réponses rattachées à un client comptent (jointure interne).

    Exemples
    --------
    >>> e = pd.DataFrame({"client_id": ["C1", "C2", "C3", None], "nps_0_10": [10, 3, 9, 0]})
    >>> c = pd.DataFrame({"client_id": ["C1", "C2", "C3"], "zone": ["A", "A", "B"]})
    >>> verifier_nps_par_groupe({"A": 0.0, "B": 100.0}, e, c, par="zone")
    ✓ NPS par « zone » : juste pour les 2 modalités.
    """
    __tracebackhide__ = True
    df = _joindre(_enquete(enquete, brute), clients, par)
    attendu = _nps_par(df, df[par])
    verifier_serie(obtenu, attendu, nom=f"NPS par « {par} »", tolerance=tolerance, unite="point",
                   pistes=[(lambda s: (s.abs() <= 1).all() and (attendu.abs() > 1).any(),
                            "le NPS s'exprime en points (−100 à +100), pas en proportion.")])


def _trimestres(df: pd.DataFrame) -> pd.Series:
    """« 2024-T3 » label of each answer's quarter (NaT gives « NAT »); each distinct quarter is labelled once."""
    per = df["date_reponse"].dt.to_period("Q")
    uniques = per.drop_duplicates()
    labels = uniques.map(_trimestre)
    return labels.iloc[pd.Index(uniques).get_indexer(per)].set_axis(per.index).rename("trimestre")


def _nps_comptes(n_p: int, n_d: int, n: int) -> tuple[float, float]:
    """Score and SE of :func:`metrics.nps` from its counts, in the same floating-point order."""
    if n == 0:
        return float("nan"), float("nan")
    p, d = n_p / n, n_d / n
    return 100 * (p - d), 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)


def _notes_valides(notes: pd.Series) -> bool:
    """True when every (non-missing) note is an integer from 0 to 10, as :func:`metrics.nps` requires."""
    if notes.dtype.kind not in "iuf":
        return False
    x = notes.to_numpy(dtype=float)
    return bool(((x >= 0) & (x <= 10) & (x == np.round(x))).all())


def _ecarts_trimestre_groupe(df: pd.DataFrame, par: str, effectif_min: int) -> pd.DataFrame:
    """Each group's gap to the other respondents in each quarter, minus its usual gap, with its z-score.

    A (quarter, group) cell counts when the group and the others both have at
    least ``effectif_min`` valid answers in the quarter. The gap is
    (NPS group in quarter − NPS others in quarter) − (NPS group other quarters −
    NPS others other quarters); z divides it by the root of the four squared SEs.
    Promoters, detractors and answers are counted once per (quarter, group);
    the four parts of a cell are sums of those counts.
    """
    notes = pd.to_numeric(df["nps_0_10"], errors="coerce")
    ok = notes.notna() & df[par].notna()
    notes, q, g = notes[ok], _trimestres(df)[ok], df.loc[ok, par]
    trimestres = sorted(q.dropna().unique())
    groupes = pd.unique(g)
    n_q = len(trimestres)
    # rows with no quarter (code -1) go to the extra last column: « other quarters » for every cell
    qc = np.asarray(pd.Categorical(q, categories=trimestres).codes, dtype=np.int64)
    qc[qc < 0] = n_q
    cellule = np.asarray(pd.factorize(g)[0], dtype=np.int64) * (n_q + 1) + qc
    taille = len(groupes) * (n_q + 1)

    def comptes(masque: Any = None) -> np.ndarray:
        c = cellule if masque is None else cellule[masque]
        return np.bincount(c, minlength=taille).reshape(len(groupes), n_q + 1)

    n = comptes()
    tot_g, tot_q, tot = n.sum(axis=1), n.sum(axis=0), int(n.sum())
    cellules = []
    for j, tq in enumerate(trimestres):
        for i, grp in enumerate(groupes):
            n0 = int(n[i, j])
            parts = (n0, int(tot_g[i]) - n0, int(tot_q[j]) - n0, tot - int(tot_g[i]) - int(tot_q[j]) + n0)
            if min(parts[0], parts[2]) < effectif_min or min(parts[1], parts[3]) == 0:
                continue
            cellules.append((i, j, tq, grp, parts))
    rows = []
    if cellules:
        if not _notes_valides(notes):
            # the error metrics.nps raises, on the first part it would have been given
            i, j, *_ = cellules[0]
            m, dedans = g == groupes[i], q == trimestres[j]
            for masque in (m & dedans, m & ~dedans, ~m & dedans, ~m & ~dedans):
                metrics.nps(notes[masque])
        x = notes.to_numpy(dtype=float)
        n_p, n_d = comptes(x >= 9), comptes(x <= 6)
        tp_g, tp_q, tp = n_p.sum(axis=1), n_p.sum(axis=0), int(n_p.sum())
        td_g, td_q, td = n_d.sum(axis=1), n_d.sum(axis=0), int(n_d.sum())
        for i, j, tq, grp, parts in cellules:
            p0, d0 = int(n_p[i, j]), int(n_d[i, j])
            prom = (p0, int(tp_g[i]) - p0, int(tp_q[j]) - p0, tp - int(tp_g[i]) - int(tp_q[j]) + p0)
            detr = (d0, int(td_g[i]) - d0, int(td_q[j]) - d0, td - int(td_g[i]) - int(td_q[j]) + d0)
            r = [_nps_comptes(a, b, c) for a, b, c in zip(prom, detr, parts, strict=True)]
            ecart = (r[0][0] - r[2][0]) - (r[1][0] - r[3][0])
            se = float(np.sqrt(sum(s ** 2 for _, s in r)))
            rows.append({"trimestre": tq, "groupe": grp, "reponses": parts[0], "ecart": ecart,
                         "z": ecart / se if se > 0 else np.nan})
    return pd.DataFrame(rows, columns=["trimestre", "groupe", "reponses", "ecart", "z"])


def _jointe_groupes(enquete: pd.DataFrame, clients: Any, par: str, effectif_min: int) -> pd.DataFrame:
    __tracebackhide__ = True
    df = _joindre(enquete, clients, par)
    table = _ecarts_trimestre_groupe(df, par, effectif_min)
    if table["z"].notna().sum() == 0:
        raise VerificationEchouee(
            f"Aucun couple (trimestre, groupe de « {par} ») n'a au moins {effectif_min}\u00a0réponses valides "
            "dans le groupe et chez les autres : vérifiez la jointure avec le fichier clients.")
    return table


@_silencieux
def verifier_trimestre_creux(obtenu: Any, enquete: Any, clients: Any, *, par: str, brute: bool = False,
                             effectif_min: int = 30, tolerance: float = 0.05) -> None:
    """Vérifie le trimestre où un groupe de clients décroche le plus par rapport aux autres clients.

    Après jointure avec ``clients`` sur ``client_id``, pour chaque trimestre et
    chaque groupe de la colonne ``par`` : l'écart du groupe aux autres clients
    pendant le trimestre (NPS du groupe − NPS des autres), moins son écart
    habituel (les autres trimestres), divisé par son erreur type (la racine de
    la somme des carrés des quatre erreurs types de ``metrics.nps``) : c'est le
    score z. Seuls comptent les couples où le groupe et les autres ont au moins
    ``effectif_min`` réponses valides pendant le trimestre. Le trimestre attendu
    porte le score z le plus bas (à ``tolerance`` près).

    Exemples
    --------
    >>> notes = [10, 9, 7, 3] * 30
    >>> e = pd.DataFrame({"client_id": ["A", "B"] * 120 + ["A", "B"] * 60,
    ...                   "nps_0_10": notes * 2 + [10, 2] * 60,
    ...                   "date_reponse": pd.to_datetime(["2024-01-10"] * 120 + ["2024-04-10"] * 120
    ...                                                  + ["2024-07-10"] * 120)})
    >>> c = pd.DataFrame({"client_id": ["A", "B"], "segment": [0, 1]})
    >>> verifier_trimestre_creux("2024-T3", e, c, par="segment")
    ✓ Trimestre du décrochage : « 2024-T3 », c'est juste.
    """
    __tracebackhide__ = True
    df = _enquete(enquete, brute)
    table = _jointe_groupes(df, clients, par, effectif_min)
    par_trimestre = table.groupby("trimestre")["z"].min()
    choix = _trimestre(obtenu) if isinstance(obtenu, (str, pd.Period)) else obtenu
    if isinstance(choix, str) and choix in par_trimestre.index and par_trimestre[choix] - par_trimestre.min() > tolerance:
        global_q = _nps_par(df, _trimestres(df))
        if not global_q.empty and choix == global_q.idxmin():
            raise VerificationEchouee(
                f"Trimestre du décrochage\u00a0: « {choix} » est le trimestre au NPS global le plus bas, pas celui où "
                "un groupe décroche le plus par rapport aux autres clients. Le NPS global bouge aussi par hasard "
                "d'un trimestre à l'autre\u202f; croisez trimestre et groupe, et lisez le score z.")
    verifier_choix(obtenu, par_trimestre, nom="Trimestre du décrochage", sens="min", tolerance=tolerance,
                   unite="(score z)")


@_silencieux
def verifier_groupe_en_baisse(obtenu: Any, enquete: Any, clients: Any, *, par: str, trimestre: Any,
                              brute: bool = False, effectif_min: int = 30, tolerance: float = 0.05) -> None:
    """Vérifie le groupe qui décroche le plus par rapport aux autres clients pendant ``trimestre``.

    Même calcul que :func:`verifier_trimestre_creux` : pour chaque groupe de la
    colonne ``par`` (après jointure sur ``client_id``), son écart aux autres
    clients pendant ``trimestre``, moins son écart habituel, en score z. Le
    groupe attendu a le score z le plus bas (à ``tolerance`` près) parmi les
    groupes qui ont au moins ``effectif_min`` réponses valides pendant le
    trimestre.

    Exemples
    --------
    >>> avant, pendant = [10, 9, 8, 5] * 40, [10, 9, 8, 5] * 20 + [6, 3, 8, 5] * 20
    >>> e = pd.DataFrame({"client_id": ["A", "B"] * 160, "nps_0_10": avant + pendant,
    ...                   "date_reponse": pd.to_datetime(["2025-02-01"] * 160 + ["2025-05-01"] * 160)})
    >>> c = pd.DataFrame({"client_id": ["A", "B"], "segment": [0, 1]})
    >>> verifier_groupe_en_baisse(1, e, c, par="segment", trimestre="2025-T2")
    ✓ Groupe en baisse : « 1 », c'est juste.
    """
    __tracebackhide__ = True
    df = _joindre(_enquete(enquete, brute), clients, par)
    tq = _trimestre(trimestre)
    dedans = _trimestres(df) == tq
    if not dedans.any():
        raise VerificationEchouee(f"Aucune réponse pendant le trimestre « {tq} ».")
    table = _ecarts_trimestre_groupe(df, par, effectif_min)
    table = table[table["trimestre"] == tq]
    valides = dedans & pd.to_numeric(df["nps_0_10"], errors="coerce").notna()
    presents = set(map(_libelle, df.loc[valides, par].dropna().unique()))
    if _libelle(obtenu) in presents and _libelle(obtenu) not in set(map(_libelle, table["groupe"])):
        raise VerificationEchouee(
            f"Groupe en baisse\u00a0: « {_libelle(obtenu)} » a moins de {effectif_min}\u00a0réponses pendant le "
            "trimestre\u202f; sur un si petit effectif, une chute ne prouve rien. Écartez les petits groupes.")
    if table.empty:
        raise VerificationEchouee(
            f"Groupe en baisse\u00a0: aucun groupe n'a au moins {effectif_min}\u00a0réponses pendant « {tq} ».")
    verifier_choix(obtenu, table.set_index("groupe")["z"], nom="Groupe en baisse", sens="min",
                   tolerance=tolerance, unite="(score z)")


@_silencieux
def verifier_moteur_detracteurs(obtenu: Any, enquete: Any, *, brute: bool = False, tolerance: float = 0.05) -> None:
    """Vérifie la question CSAT qui sépare le plus les détracteurs des autres répondants.

    L'écart d'une question = sa note moyenne chez les non-détracteurs (NPS 7–10)
    − sa note moyenne chez les détracteurs (NPS 0–6), sur les notes valides ;
    ``tolerance`` est en points de note (1 à 5).

    Exemples
    --------
    >>> e = pd.DataFrame({"nps_0_10": [10, 9, 2, 3], "csat_prix": [4, 4, 3, 3], "csat_attente": [5, 5, 1, 2]})
    >>> verifier_moteur_detracteurs("csat_attente", e)
    ✓ Question qui distingue les détracteurs : « csat_attente », c'est juste.
    """
    __tracebackhide__ = True
    df = _enquete(enquete, brute)
    nps_col = pd.to_numeric(df["nps_0_10"], errors="coerce")
    csat = [c for c in df.columns if c.startswith(_CSAT_PREFIX)]
    det, autres = df[nps_col <= 6], df[nps_col >= 7]
    ecarts = autres[csat].apply(pd.to_numeric, errors="coerce").mean() - det[csat].apply(
        pd.to_numeric, errors="coerce").mean()
    verifier_choix(obtenu, ecarts, nom="Question qui distingue les détracteurs", sens="max", tolerance=tolerance,
                   unite="point de note")


# -- veille (notebook 01) ----------------------------------------------------


@_silencieux
def verifier_articles_uniques(obtenu: Any, articles: Any) -> None:
    """Vérifie une table d'articles dédoublonnée avec :func:`casekit.veille.dedoublonner`.

    ``articles`` : les articles collectés avant dédoublonnage.

    Exemples
    --------
    >>> a = pd.DataFrame({"titre": ["Un", "Un", "Deux"], "lien": ["https://a.example.org/1"] * 2
    ...                   + ["https://a.example.org/2"], "guid": ["1", "1", "2"], "resume": ["x", "x", "y"],
    ...                   "date_publication": pd.to_datetime(["2025-01-01"] * 3, utc=True),
    ...                   "source": ["S"] * 3})
    >>> verifier_articles_uniques(a.iloc[[0, 2]], a)
    ✓ Articles dédoublonnés : 2 articles uniques sur 3 collectés.
    """
    __tracebackhide__ = True
    from casekit import veille

    df = _frame(obtenu, "articles_uniques")
    brut = _frame(articles, "articles")
    attendu = len(veille.dedoublonner(brut))
    if len(df) == len(brut) and attendu < len(brut):
        raise VerificationEchouee(
            f"Vos {len(df)} articles contiennent encore les reprises : un même article publié par plusieurs "
            "flux ne doit compter qu'une fois (veille.dedoublonner).")
    if len(df) != attendu:
        raise VerificationEchouee(
            f"Vous gardez {len(df)} articles, ce n'est pas le nombre d'articles uniques attendu : dédoublonnez "
            "les articles collectés avec veille.dedoublonner, sans autre filtre à cette étape.")
    print(f"✓ Articles dédoublonnés : {_fr(attendu)} articles uniques sur {_fr(len(brut))} collectés.")


@_silencieux
def verifier_terme_emergent(obtenu: Any, articles: Any, debut: Any, fin: Any = None, *,
                            tolerance: float = 0.25) -> None:
    """Vérifie le terme le plus émergent de la période (score ``z`` de :func:`casekit.veille.termes_emergents`).

    Le terme peut être donné avec ou sans accents (« campagne sponsorisée »).
    ``tolerance`` : écart de score ``z`` accepté avec le premier terme.

    Exemples
    --------
    Sur les articles dédoublonnés du cas d'entraînement, lire le premier terme
    de :func:`casekit.veille.termes_emergents` et le vérifier :

    >>> import casekit
    >>> from casekit import veille
    >>> articles = veille.dedoublonner(casekit.load("flux_veille", case="rayons_libres").frame)
    >>> verifier_terme_emergent("sous-titres", articles, "2025-06-10", "2025-06-24")
    ✓ Terme le plus émergent : « sous-titres », c'est juste.
    """
    __tracebackhide__ = True
    from casekit import veille
    from casekit.veille.texte import normaliser

    table = veille.termes_emergents(_frame(articles, "articles"), debut, fin, n=30)
    valeurs = pd.Series(table["z"].to_numpy(dtype=float), index=table["terme"].astype(str))
    if not isinstance(obtenu, str):
        raise VerificationEchouee("Terme émergent : un texte est attendu (la colonne « terme » ou « libelle »).")
    verifier_choix(normaliser(obtenu), valeurs, nom="Terme le plus émergent", sens="max", tolerance=tolerance)


@_silencieux
def verifier_categorie_en_hausse(obtenu: Any, articles: Any, debut: Any, fin: Any = None, *,
                                 tolerance: float = 0.5) -> None:
    """Vérifie la catégorie de veille dont la part d'articles progresse le plus pendant la période.

    Part d'une catégorie = ses articles ÷ tous les articles, en %, dans la
    période [``debut`` ; ``fin``] et avant ``debut`` ; progression = différence
    des deux parts, en points (``tolerance`` aussi).

    Exemples
    --------
    >>> a = pd.DataFrame({"categorie": ["a", "b", "b", "a", "b", "b"],
    ...                   "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03",
    ...                                                       "2025-03-01", "2025-03-02", "2025-03-03"])})
    >>> verifier_categorie_en_hausse("a", a, "2025-02-01")
    ✓ Catégorie en hausse : « a », c'est juste.
    """
    __tracebackhide__ = True
    df = _frame(articles, "articles")
    dates = pd.to_datetime(df["date_publication"])
    tz = dates.dt.tz

    def ts(x: Any) -> pd.Timestamp:
        t = pd.Timestamp(x)
        return t.tz_localize(tz) if tz is not None and t.tzinfo is None else t

    debut_ts = ts(debut)
    dedans = dates >= debut_ts
    if fin is not None:
        dedans &= dates <= ts(fin) + pd.Timedelta(days=1)
    avant = dates < debut_ts
    part_p = df.loc[dedans, "categorie"].value_counts(normalize=True) * 100
    part_a = df.loc[avant, "categorie"].value_counts(normalize=True) * 100
    hausse = part_p.sub(part_a, fill_value=0)
    verifier_choix(obtenu, hausse, nom="Catégorie en hausse", sens="max", tolerance=tolerance, unite="points")


# -- environment (notebook 03) -------------------------------------------------


def _tcam(serie: pd.Series) -> float:
    """CAGR in % of a Series indexed by year, from its first positive value to its last value."""
    s = serie[serie > 0].dropna().sort_index()
    if len(s) < 2:
        return float("nan")
    ecart = float(s.index[-1] - s.index[0])
    return 100 * ((s.iloc[-1] / s.iloc[0]) ** (1 / ecart) - 1)


def tcam_par(indicateurs: pd.DataFrame, *, par: str = "activite", valeur: str = "ca_eur",
             temps: str = "annee") -> pd.Series:
    """Taux de croissance annuel moyen (TCAM, en %) de ``valeur`` pour chaque ``par``.

    TCAM = ((dernière valeur ÷ première valeur) ^ (1 ÷ nombre d'années d'écart) − 1) × 100,
    de la première année où la valeur est positive (une activité lancée en cours de
    période part de sa première année d'existence) à la dernière année.

    Exemples
    --------
    >>> d = pd.DataFrame({"annee": [2023, 2024, 2025] * 2, "activite": ["a"] * 3 + ["b"] * 3,
    ...                   "ca_eur": [100, 110, 121, 0, 100, 100]})
    >>> tcam_par(d).round(1).tolist()
    [10.0, 0.0]
    """
    table = indicateurs.pivot_table(index=temps, columns=par, values=valeur, observed=True, aggfunc="sum")
    return table.apply(_tcam).rename("tcam_pct")


@_silencieux
def verifier_tcam(obtenu: Any, indicateurs: Any, *, par: str = "activite", valeur: str = "ca_eur",
                  tolerance: float = 0.1) -> None:
    """Vérifie le TCAM (en %) de chaque activité, calculé de la première à la dernière année.

    Exemples
    --------
    >>> d = pd.DataFrame({"annee": [2023, 2024, 2025], "activite": ["a"] * 3, "ca_eur": [100, 110, 121]})
    >>> verifier_tcam({"a": 10.0}, d)
    ✓ TCAM par activité : juste pour la seule modalité.
    """
    __tracebackhide__ = True
    attendu = tcam_par(_frame(indicateurs, "indicateurs"), par=par, valeur=valeur)
    n_ans = indicateurs["annee"].nunique()
    got = pd.Series(obtenu, dtype=float) if isinstance(obtenu, (dict, pd.Series)) else None
    if got is not None and np.isinf(got).any():
        raise VerificationEchouee(
            "TCAM par activité\u00a0: une valeur est infinie. Une activité sans chiffre d'affaires la première "
            "année (lancée en cours de période) se mesure depuis sa première année positive.")
    verifier_serie(obtenu, attendu, nom="TCAM par activité", tolerance=tolerance, unite="point de %", pistes=[
        (lambda s: ((s * 100 - attendu).abs() <= tolerance * 10).all(),
         "le TCAM s'exprime en %, multipliez par 100."),
        (lambda s: n_ans > 2 and (s.abs() > attendu.abs() * 1.5).any(),
         f"la croissance totale n'est pas annuelle : il y a {n_ans - 1} années d'écart, prenez la racine "
         f"{n_ans - 1}-ième du rapport."),
    ])


@_silencieux
def verifier_esov(obtenu: Any, mentions: Any, concurrents: Any, *, organisation: str,
                  poids: str | None = "portee_estimee", tolerance: float = 0.2) -> None:
    """Vérifie l'excès de part de voix (ESOV, en points) d'une organisation.

    ESOV = part de voix (%) − part de marché (%) ; la part de voix vient de
    :func:`casekit.metrics.part_de_voix` sur ``mentions`` (pondérée par ``poids``),
    la part de marché de la colonne ``part_de_marche_locale`` de ``concurrents``
    (une proportion de 0 à 1, comme ``nom`` y est écrit).

    Exemples
    --------
    Trois mentions sur quatre (même portée) pour « A », qui a la moitié du marché :

    >>> mentions = pd.DataFrame({"marque": ["A", "A", "A", "B"], "portee_estimee": [100, 100, 100, 100]})
    >>> concurrents = pd.DataFrame({"nom": ["A", "B"], "part_de_marche_locale": [0.5, 0.5]})
    >>> verifier_esov(25, mentions, concurrents, organisation="A")
    ✓ ESOV : 25, c'est juste.
    """
    __tracebackhide__ = True
    sov = metrics.part_de_voix(_frame(mentions, "mentions"), par="marque", poids=poids)
    conc = _frame(concurrents, "concurrents")
    ligne = conc[conc["nom"] == organisation]
    if ligne.empty or organisation not in sov.index:
        raise VerificationEchouee(f"Organisation « {organisation} » introuvable dans les mentions ou les concurrents."
                                  f"{suggestion(organisation, map(str, conc['nom']))}")
    som = 100 * float(ligne["part_de_marche_locale"].iloc[0])
    attendu = float(metrics.exces_part_de_voix(part_voix=float(sov[organisation]), part_marche=som))
    pistes = [(lambda v: abs(v - (float(sov[organisation]) / 100 - som / 100)) <= tolerance / 100,
               "l'ESOV s'exprime en points de % : les deux parts doivent être en %."),
              (lambda v: abs(v + attendu) <= tolerance, "ESOV = part de voix − part de marché (et non l'inverse).")]
    verifier_valeur(obtenu, attendu, nom="ESOV", tolerance=tolerance, unite="point", pistes=pistes)


# -- target (notebook 04) ----------------------------------------------------


@par_contenu(maxsize=2)
def _choisir_k_par_contenu(donnees: pd.DataFrame, variables: tuple[str, ...], k_min: int, k_max: int,
                           echantillon: int | None) -> pd.DataFrame:
    from casekit import segments

    return segments.choisir_k(donnees, list(variables), k_min=k_min, k_max=k_max, echantillon_silhouette=echantillon)


def _choisir_k_memo(clients: pd.DataFrame, variables: list[str], k_min: int, k_max: int,
                    echantillon: int | None) -> pd.DataFrame:
    """segments.choisir_k, computed once per content of the variables (visible check + hidden test)."""
    return _choisir_k_par_contenu(clients.loc[:, list(dict.fromkeys(variables))], tuple(variables), k_min, k_max,
                                  echantillon)


@_silencieux
def verifier_choix_k(k_choisi: Any, table_k: Any, clients: Any, variables: Sequence[str], *,
                     k_min: int = 2, k_max: int = 10, echantillon_silhouette: int | None = 1000,
                     tolerance: float = 0.005) -> None:
    """Vérifie la table de choix du nombre de segments et le ``k`` retenu par la silhouette.

    La table doit venir de :func:`casekit.segments.choisir_k` sur ``variables``
    (de ``k_min`` à ``k_max``, silhouette estimée sur ``echantillon_silhouette`` clients) ; ``k_choisi`` doit avoir la meilleure silhouette,
    à ``tolerance`` près (deux ``k`` quasi à égalité sont acceptés).

    Exemples
    --------
    Deux groupes de clients bien séparés : la silhouette désigne k = 2.

    >>> from casekit import segments
    >>> rng = np.random.default_rng(0)
    >>> variables = ["age", "panier", "visites"]
    >>> clients = pd.DataFrame(np.r_[rng.normal(0, 1, (20, 3)), rng.normal(8, 1, (20, 3))], columns=variables)
    >>> table_k = segments.choisir_k(clients, variables, k_min=2, k_max=4)
    >>> verifier_choix_k(2, table_k, clients, variables, k_min=2, k_max=4)
    ✓ Nombre de segments : « 2 », c'est juste.
    """
    __tracebackhide__ = True
    tab = _frame(table_k, "table_k")
    if "k" not in tab.columns or "silhouette" not in tab.columns:
        raise VerificationEchouee("« table_k » doit avoir les colonnes « k » et « silhouette » "
                                  "(le résultat de segments.choisir_k).")
    ks = sorted(int(k) for k in tab["k"])
    if ks != list(range(k_min, k_max + 1)):
        raise VerificationEchouee(f"« table_k » doit essayer chaque k de {k_min} à {k_max} ; vous avez : "
                                  f"{', '.join(map(str, ks))}.")
    variables = list(variables)
    num = [v for v in variables if v in clients.columns and pd.api.types.is_numeric_dtype(clients[v])]
    if len(num) != len(variables) or len(num) < 3:
        raise VerificationEchouee("Choisissez au moins 3 variables numériques du fichier clients pour segmenter "
                                  "(pas d'identifiant ni de code, comme « pcs_code »).")
    attendu = _choisir_k_memo(clients, variables, k_min, k_max, echantillon_silhouette)
    sil = pd.Series(attendu["silhouette"].to_numpy(), index=attendu["k"].astype(int).astype(str))
    if not np.allclose(tab.sort_values("k")["silhouette"].to_numpy(dtype=float), sil.to_numpy(), atol=0.01):
        raise VerificationEchouee(
            "Votre table_k ne correspond pas à segments.choisir_k sur ces variables : les variables ont-elles été "
            f"standardisées (c'est le défaut) et la silhouette estimée sur {_fr(echantillon_silhouette or 0)} "
            "clients (echantillon_silhouette) comme demandé ?")
    if isinstance(k_choisi, (float, np.floating)) and float(k_choisi).is_integer():
        k_choisi = int(k_choisi)
    if not isinstance(k_choisi, (int, np.integer)):
        raise VerificationEchouee("« k_choisi » doit être un entier, lu dans la table (pas écrit à la main).")
    verifier_choix(str(int(k_choisi)), sil, nom="Nombre de segments", sens="max", tolerance=tolerance)


@_silencieux
def verifier_etiquettes(etiquettes: Any, clients: Any, variables: Sequence[str], k: int, *,
                        seuil: float = 0.9) -> None:
    """Vérifie les segments de chaque client : un par ligne, ``k`` segments, proches de :func:`segments.ajuster`.

    La comparaison ignore les numéros des segments (indice de Rand ajusté ≥ ``seuil``).

    Exemples
    --------
    Les numéros de segments inversés (1 pour 0) ne changent rien :

    >>> from casekit import segments
    >>> rng = np.random.default_rng(0)
    >>> variables = ["age", "panier", "visites"]
    >>> clients = pd.DataFrame(np.r_[rng.normal(0, 1, (20, 3)), rng.normal(8, 1, (20, 3))], columns=variables)
    >>> etiquettes = 1 - segments.ajuster(clients, variables, k=2)
    >>> verifier_etiquettes(etiquettes, clients, variables, 2)
    ✓ Segmentation cohérente : 2 segments, accord 1,00 avec la référence.
    """
    __tracebackhide__ = True
    from sklearn.metrics import adjusted_rand_score

    from casekit import segments

    lab = np.asarray(etiquettes)
    if lab.ndim != 1 or len(lab) != len(clients):
        raise VerificationEchouee(f"Il faut une étiquette de segment par client : {len(clients)} attendues, "
                                  f"{lab.size} reçues.")
    nb = len(pd.unique(lab))
    if nb != int(k):
        raise VerificationEchouee(f"Vos étiquettes forment {nb} segments, et non les {int(k)} choisis.")
    ref = segments.ajuster(clients, list(variables), k=int(k))
    ari = adjusted_rand_score(ref, lab)
    if ari < seuil:
        raise VerificationEchouee(
            f"Vos segments diffèrent de ceux de segments.ajuster sur les mêmes variables (accord {_fr(ari, 2)} "
            f"sur 1) : avez-vous standardisé les variables avant les k-moyennes ?")
    print(f"✓ Segmentation cohérente : {nb} segments, accord {_fr(ari, 2)} avec la référence.")


@_silencieux
def verifier_part(obtenu: Any, masque: Any, *, nom: str, base: Any = None, tolerance: float = 0.1) -> None:
    """Vérifie une part en % : les lignes où ``masque`` est vrai, parmi celles où ``base`` est vrai.

    Exemples
    --------
    >>> verifier_part(25, [True, False, False, False], nom="Part des clients concernés")
    ✓ Part des clients concernés : 25, c'est juste.
    """
    __tracebackhide__ = True
    m = pd.Series(masque).astype(bool).reset_index(drop=True)
    b = pd.Series(True, index=m.index) if base is None else pd.Series(base).astype(bool).reset_index(drop=True)
    attendu = 100 * float(m[b].mean()) if b.any() else float("nan")
    pistes = [(lambda v: abs(100 * v - attendu) <= tolerance, "la part s'exprime en %, multipliez par 100."),
              (lambda v: base is not None and abs(v - 100 * float(m.mean())) <= tolerance,
               "la part se calcule sur la base indiquée dans la consigne, pas sur toutes les lignes.")]
    verifier_valeur(obtenu, attendu, nom=nom, tolerance=tolerance, unite="point de %", pistes=pistes)


@_silencieux
def verifier_taille_cible(obtenu: Any, population: Any, *, tranches_age: Sequence[str] | None = None,
                          pcs: Sequence[int] | None = None, tolerance: float = 0.5) -> None:
    """Vérifie la taille d'une cible dans la population (:func:`casekit.segments.taille_segment`).

    Exemples
    --------
    >>> import casekit
    >>> pop = casekit.load("population_zone").frame
    >>> verifier_taille_cible(162430, pop, tranches_age=["20-24", "25-39"])
    ✓ Taille de la cible : 162 430, c'est juste.
    """
    __tracebackhide__ = True
    from casekit import segments

    r = segments.taille_segment(_frame(population, "population"), tranches_age=tranches_age, pcs=pcs)
    pistes = [(lambda v: abs(v - r.population_totale) <= tolerance, "c'est la population totale, filtrez d'abord "
               "les tranches d'âge (et PCS) de votre cible.")]
    verifier_valeur(obtenu, float(r.population_cible), nom="Taille de la cible", tolerance=tolerance,
                    unite="habitants", pistes=pistes)


# -- content and channels (notebook 05) -------------------------------------


@_silencieux
def verifier_audit(obtenu: Any, inventaire: Any, *, controle: str, tolerance: float = 0.1) -> None:
    """Vérifie la part (en %) des contenus en défaut pour un contrôle de :func:`casekit.a11y.audit_contenus`.

    ``controle`` : libellé du contrôle (« Sous-titres manquants »…).

    Exemples
    --------
    >>> import casekit
    >>> inventaire = casekit.load("inventaire_contenus").frame
    >>> verifier_audit(41.1, inventaire, controle="Texte alternatif manquant")
    ✓ Texte alternatif manquant : 41,1, c'est juste.
    """
    __tracebackhide__ = True
    from casekit import a11y

    resume = a11y.resume_audit(a11y.audit_contenus(_frame(inventaire, "inventaire")))
    ligne = resume[resume["controle"] == controle]
    if ligne.empty:
        raise ArgumentInvalideError(f"Contrôle inconnu : « {controle} ».{suggestion(controle, resume['controle'])}")
    attendu = float(ligne["part_en_defaut_pct"].iloc[0])
    n_ctrl, n_tot = int(ligne["contenus_controles"].iloc[0]), len(inventaire)
    pistes = [(lambda v: abs(100 * v - attendu) <= tolerance, "la part s'exprime en %, multipliez par 100."),
              (lambda v: n_ctrl != n_tot and abs(v - attendu * n_ctrl / n_tot) <= tolerance,
               "la part se calcule sur les contenus concernés par le contrôle (par exemple les vidéos pour les "
               "sous-titres), pas sur tout l'inventaire.")]
    verifier_valeur(obtenu, attendu, nom=controle, tolerance=tolerance, unite="point de %", pistes=pistes)


@_silencieux
def verifier_empreinte(obtenu: Any, inventaire: Any, *, tolerance: float = 0.5) -> None:
    """Vérifie l'empreinte carbone totale des contenus, en kg CO2e : Σ (gCO2e par vue × vues) ÷ 1 000.

    Exemples
    --------
    >>> inv = pd.DataFrame({"gco2e_par_vue": [0.5, 1.0], "vues": [2000, 1000]})
    >>> verifier_empreinte(2, inv)
    ✓ Empreinte totale (kg CO2e) : 2, c'est juste.
    """
    __tracebackhide__ = True
    inv = _frame(inventaire, "inventaire")
    grammes = float((inv["gco2e_par_vue"] * inv["vues"]).sum())
    attendu = grammes / 1000
    pistes = [(lambda v: abs(v - grammes) <= tolerance * 1000, "vous avez des grammes : divisez par 1 000 pour "
               "des kilogrammes."),
              (lambda v: abs(v - float(inv["gco2e_par_vue"].sum()) / 1000) <= tolerance,
               "l'empreinte par vue doit être multipliée par le nombre de vues de chaque contenu.")]
    verifier_valeur(obtenu, attendu, nom="Empreinte totale (kg CO2e)", tolerance=tolerance, unite="kg", pistes=pistes)


def engagement_par(inventaire: pd.DataFrame, *, par: str = "pilier") -> pd.Series:
    """Taux d'engagement (%) par groupe : Σ interactions ÷ Σ vues × 100 (:func:`casekit.metrics.taux_engagement`).

    Exemples
    --------
    >>> inv = pd.DataFrame({"pilier": ["a", "a", "b"], "interactions": [1, 3, 5], "vues": [100, 100, 100]})
    >>> engagement_par(inv).tolist()
    [2.0, 5.0]
    """
    g = inventaire.groupby(par, observed=True)[["interactions", "vues"]].sum()
    return pd.Series(metrics.taux_engagement(g["interactions"], g["vues"], base="vues"), index=g.index,
                     name="taux_engagement_pct").astype(float)


@_silencieux
def verifier_pilier_engageant(obtenu: Any, inventaire: Any, *, par: str = "pilier", tolerance: float = 0.05) -> None:
    """Vérifie le pilier éditorial au meilleur taux d'engagement (Σ interactions ÷ Σ vues).

    Exemples
    --------
    >>> inv = pd.DataFrame({"pilier": ["a", "a", "b"], "interactions": [1, 3, 5], "vues": [100, 100, 100]})
    >>> verifier_pilier_engageant("b", inv)
    ✓ Pilier le plus engageant : « b », c'est juste.
    """
    __tracebackhide__ = True
    verifier_choix(obtenu, engagement_par(_frame(inventaire, "inventaire"), par=par),
                   nom="Pilier le plus engageant", sens="max", tolerance=tolerance, unite="point de %")


@_silencieux
def verifier_poids(poids: Any) -> None:
    """Vérifie des poids de critères pour :func:`casekit.channels.scorer_canaux` : visibles, positifs, total 1.

    Exemples
    --------
    >>> verifier_poids({"affinite": 0.4, "cout_par_resultat": 0.2, "engagement": 0.1, "empreinte": 0.15,
    ...                 "accessibilite": 0.15})
    ✓ Poids valides : 5 critères, total 1.
    """
    __tracebackhide__ = True
    from casekit.channels import CRITERES

    if not isinstance(poids, dict):
        raise VerificationEchouee("« poids » doit être un dictionnaire {critère: poids}, écrit en clair dans le carnet.")
    inconnus = [k for k in poids if k not in CRITERES]
    if inconnus:
        raise VerificationEchouee(f"Critère inconnu : « {inconnus[0]} ».{suggestion(str(inconnus[0]), CRITERES)}")
    manquants = [k for k in CRITERES if k not in poids]
    if manquants:
        raise VerificationEchouee(f"Donnez un poids (éventuellement 0) à chaque critère ; il manque : "
                                  f"{', '.join(manquants)}.")
    valeurs = [_number(v, "Poids") for v in poids.values()]
    if any(v < 0 for v in valeurs):
        raise VerificationEchouee("Un poids ne peut pas être négatif : un critère « à minimiser » est déjà "
                                  "inversé dans sa note.")
    if abs(sum(valeurs) - 1) > 0.01:
        raise VerificationEchouee(f"Vos poids totalisent {_fr(sum(valeurs))} : ramenez-les à un total de 1 "
                                  "pour qu'ils se lisent comme des parts.")
    print(f"✓ Poids valides : {len(valeurs)} critères, total 1.")


@_silencieux
def verifier_scores_canaux(scores: Any, criteres: Any, poids: Any, *, tolerance: float = 0.5) -> None:
    """Vérifie un classement des canaux : le résultat de :func:`casekit.channels.scorer_canaux` avec ces poids.

    Exemples
    --------
    >>> import casekit
    >>> from casekit import channels
    >>> criteres = channels.criteres_canaux(casekit.load("campagnes_canaux"), cible="etudiants_jeunes_actifs")
    >>> poids = channels.poids_par_defaut()
    >>> verifier_scores_canaux(channels.scorer_canaux(criteres, poids=poids), criteres, poids)
    ✓ Score des canaux : juste pour les 7 modalités.
    """
    __tracebackhide__ = True
    from casekit import channels

    df = _frame(scores, "scores")
    if "canal" in df.columns:
        df = df.set_index("canal")
    if "score" not in df.columns:
        raise VerificationEchouee("« scores » doit avoir une colonne « score » : gardez le résultat de "
                                  "channels.scorer_canaux (pas le tableau mis en forme).")
    attendu = channels.scorer_canaux(criteres, poids=poids)["score"]
    verifier_serie(df["score"], attendu, nom="Score des canaux", tolerance=tolerance,
                   pistes=[(lambda s: True, "les scores doivent venir de channels.scorer_canaux avec VOS poids.")])


@_silencieux
def verifier_calendrier(calendrier: Any, *, canaux: Sequence[str], semaines_min: int = 4,
                        publications_min: int = 8) -> None:
    """Vérifie un premier calendrier éditorial.

    Colonnes attendues : ``date``, ``canal``, ``pilier``, ``format``,
    ``accessibilite`` (la mesure prévue : sous-titres, texte alternatif…).
    Au moins ``publications_min`` publications sur ``semaines_min`` semaines,
    seulement sur les ``canaux`` retenus, chaque ligne avec sa mesure d'accessibilité.

    Exemples
    --------
    >>> cal = pd.DataFrame({"date": pd.date_range("2026-01-05", periods=8, freq="4D"),
    ...                     "canal": ["a", "b"] * 4, "pilier": ["p"] * 8, "format": ["video_courte"] * 8,
    ...                     "accessibilite": ["sous-titres"] * 8})
    >>> verifier_calendrier(cal, canaux=["a", "b"])
    ✓ Calendrier éditorial : 8 publications sur 5 semaines, 2 canaux.
    """
    __tracebackhide__ = True
    df = _frame(calendrier, "calendrier")
    manquantes = [c for c in ["date", "canal", "pilier", "format", "accessibilite"] if c not in df.columns]
    if manquantes:
        raise VerificationEchouee(f"Colonne(s) manquante(s) dans le calendrier : {', '.join(manquantes)}.")
    if len(df) < publications_min:
        raise VerificationEchouee(f"Prévoyez au moins {publications_min} publications (vous en avez {len(df)}).")
    dates = pd.to_datetime(df["date"], errors="coerce")
    if dates.isna().any():
        raise VerificationEchouee("Certaines dates du calendrier ne sont pas des dates.")
    semaines = dates.dt.to_period("W").nunique()
    if semaines < semaines_min:
        raise VerificationEchouee(f"Le calendrier couvre {semaines} semaine(s) : étalez-le sur au moins "
                                  f"{semaines_min} semaines.")
    hors = sorted(set(df["canal"].astype(str)) - {str(c) for c in canaux})
    if hors:
        raise VerificationEchouee(f"Canal hors de votre sélection : {', '.join(hors)}. Le calendrier met en "
                                  "œuvre les canaux retenus par votre score.")
    vides = df["accessibilite"].isna() | (df["accessibilite"].astype(str).str.strip() == "")
    if vides.any():
        raise VerificationEchouee(f"{int(vides.sum())} publication(s) sans mesure d'accessibilité : indiquez pour "
                                  "chacune sous-titres, texte alternatif, contraste vérifié, FALC…")
    print(f"✓ Calendrier éditorial : {len(df)} publications sur {semaines} semaines, "
          f"{df['canal'].nunique()} canaux.")


# ---------------------------------------------------------------------------
# In Jupyter: a failed check shows its French message, not a traceback.
# ---------------------------------------------------------------------------


def _message_court(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> list[str]:
    """IPython custom exception handler: the message alone, no source lines."""
    name = "Vérification" if issubclass(etype, VerificationEchouee) else etype.__name__
    stb = [f"{name}\u00a0: {value}"]
    shell._showtraceback(etype, value, stb)  # sends the error output (the cell still fails)
    return stb


def installer_messages_courts(shell: Any = None) -> bool:
    """Affiche une vérification échouée par son seul message en français, sans trace d'appels.

    Appelée à l'import de :mod:`casekit.checks` dans IPython. Pendant la
    correction nbgrader (``NBGRADER_EXECUTION`` défini), toutes les erreurs du
    noyau sont affichées ainsi, pour que le retour ne montre jamais le code
    d'un test caché. Renvoie ``True`` si l'affichage a été installé.

    Exemples
    --------
    Hors d'IPython, rien à installer ; un noyau reçoit l'affichage court :

    >>> installer_messages_courts(object())
    False
    >>> class Noyau:
    ...     def set_custom_exc(self, types, afficher):
    ...         print("affichage court pour", types[0].__name__)
    >>> installer_messages_courts(Noyau())  # hors correction nbgrader
    affichage court pour VerificationEchouee
    True
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    types = (Exception,) if os.environ.get("NBGRADER_EXECUTION") else (VerificationEchouee,)
    shell.set_custom_exc(types, _message_court)
    return True


installer_messages_courts()
