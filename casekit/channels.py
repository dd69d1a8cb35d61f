"""Transparent multi-criteria scoring of channels for a target.

Five criteria, each computed from the datasets and shown in the result:

========================  ==========================================  ==========
criterion                 measure (source)                            better
========================  ==========================================  ==========
``affinite``              affinity index of the target with the       higher
                          channel, 100 = customer-base average
                          (``campagnes_canaux`` table
                          ``affinite_audience_canal``)
``cout_par_resultat``     cost per conversion, € = spend ÷            lower
                          conversions over the period (CPA)
``engagement``            click-through rate, % = clicks ÷            higher
                          impressions (the one engagement measure
                          shared by ads, e-mail and messaging)
``empreinte``             gCO2e per 1 000 impressions, from the       lower
                          weight per impression and
                          :func:`casekit.eco.gco2e_page` (SWDM v4,
                          French grid)
``accessibilite``         accessibility score 0–1 of the channel      higher
                          (``profil_canaux``)
========================  ==========================================  ==========

Each criterion becomes a note from 0 (worst channel) to 1 (best channel) by
min–max scaling; cost and footprint, which span orders of magnitude, are
scaled on a log10 axis. The score is ``100 × Σ poids × note / Σ poids``.
Nothing is hidden: the raw values, notes, weights and weighted contributions
are all columns of the result.

How weights move the ranking: when the weight of a criterion grows, a
channel that has a better note on that criterion than a channel ranked above
it catches up, and overtakes it once the weight is large enough (with all
the weight on one criterion, the ranking is that criterion's order). For the
default case (target « etudiants_jeunes_actifs », table ``[choix_canaux]`` of
the case file), the default weights rank the cheap owned channels first
(WhatsApp, newsletter, search, then TikTok); raising ``affinite`` to 1, as
much as all the other criteria together, puts TikTok first, then WhatsApp and
Instagram; raising ``empreinte`` keeps the light channels on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit.errors import ArgumentInvalideError, suggestion

if TYPE_CHECKING:
    from casekit.plots import Graphique

__all__ = ["CRITERES", "POIDS_DEFAUT", "criteres_canaux", "graphique_scores", "poids_par_defaut",
           "scorer_canaux", "tableau_scores"]

#: criterion -> (French label, "max" or "min", unit, log scale?)
CRITERES: dict[str, tuple[str, str, str, bool]] = {
    "affinite": ("Affinité avec la cible", "max", "indice, 100 = moyenne", False),
    "cout_par_resultat": ("Coût par conversion", "min", "€", True),
    "engagement": ("Taux de clic", "max", "%", False),
    "empreinte": ("Empreinte pour 1 000 impressions", "min", "gCO2e", True),
    "accessibilite": ("Accessibilité du canal", "max", "score 0–1", False),
}
#: Default weights (they need not sum to 1: they are normalised).
POIDS_DEFAUT: dict[str, float] = {
    "affinite": 0.35,
    "cout_par_resultat": 0.25,
    "engagement": 0.15,
    "empreinte": 0.10,
    "accessibilite": 0.15,
}


def poids_par_defaut(case: Any = None) -> dict[str, float]:
    """Default weights: the case file's ``[choix_canaux.poids]`` if any, else :data:`POIDS_DEFAUT`.

    Examples
    --------
    >>> sorted(poids_par_defaut())
    ['accessibilite', 'affinite', 'cout_par_resultat', 'empreinte', 'engagement']
    """
    from casekit.cases import get_case

    c = get_case(case)
    cfg = c.data.get("choix_canaux") or {}
    w = dict(POIDS_DEFAUT)
    w.update({k: float(v) for k, v in dict(cfg.get("poids", {})).items()})
    return _check_weights(w)


def _check_weights(poids: Mapping[str, float], *, positive_sum: bool = True) -> dict[str, float]:
    out = {}
    for k, v in poids.items():
        if k not in CRITERES:
            raise ArgumentInvalideError(f"Critère inconnu : « {k} ».{suggestion(k, CRITERES)}")
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ArgumentInvalideError(f"Le poids de « {k} » doit être un nombre, et non {v!r}.") from None
        if not np.isfinite(f) or f < 0:
            raise ArgumentInvalideError(f"Le poids de « {k} » doit être positif ou nul, et non {v!r}.")
        out[k] = f
    if positive_sum and sum(out.values()) <= 0:
        raise ArgumentInvalideError("Au moins un poids doit être strictement positif.")
    return out


def _target_affinity(aff: pd.DataFrame, cible: Any) -> pd.Series:
    table = aff.pivot_table(index="canal", columns="segment", values="indice_affinite", observed=True)
    table.columns = table.columns.astype(str)
    table.index = table.index.astype(str)
    if cible is None:
        return pd.Series(100.0, index=table.index)
    if isinstance(cible, str):
        cible = {cible: 1.0}
    if not isinstance(cible, Mapping):
        cible = dict.fromkeys(cible, 1.0)
    unknown = [s for s in cible if s not in table.columns]
    if unknown:
        raise ArgumentInvalideError(
            f"Segment cible inconnu : « {unknown[0]} ».{suggestion(unknown[0], table.columns)}")
    w = pd.Series(cible, dtype=float)
    return (table[w.index] * w).sum(axis=1) / w.sum()


def criteres_canaux(cible: Any = None, *, case: Any = None, seed: Any = None) -> pd.DataFrame:
    """Raw criteria per channel for a target, from ``campagnes_canaux``.

    Parameters
    ----------
    cible : str, list or dict, optional
        A segment id, several (equal weights) or ``{segment: weight}``;
        ``None`` = the whole customer base (affinity 100 everywhere).
    case, seed
        As in :func:`casekit.load`.

    Returns
    -------
    DataFrame
        Index ``canal``; columns ``nom`` and the five criteria.
    """
    import casekit
    from casekit.eco import gco2e_page
    from casekit.metrics import cpa, ctr

    b = casekit.load("campagnes_canaux", case=case, seed=seed)
    f = b.frame
    totals = f.groupby(f["canal"].astype(str))[["depense_eur", "impressions", "clics", "conversions"]].sum()
    prof = b.tables["profil_canaux"].assign(canal=lambda d: d["canal"].astype(str)).set_index("canal")
    out = pd.DataFrame(index=prof.index)
    out.index.name = "canal"
    out["nom"] = prof["nom"].astype(str)
    out["affinite"] = _target_affinity(b.tables["affinite_audience_canal"], cible)
    out["cout_par_resultat"] = cpa(totals["depense_eur"], totals["conversions"])
    out["engagement"] = ctr(totals["clics"], totals["impressions"])
    out["empreinte"] = gco2e_page(prof["poids_mo_par_impression"], vues=1000).gco2e
    out["accessibilite"] = prof["accessibilite"].astype(float)
    return out


def _note(x: pd.Series, sens: str, log: bool) -> pd.Series:
    v = x.astype(float)
    if log:
        v = np.log10(v.where(v > 0))
    lo, hi = v.min(), v.max()
    if not np.isfinite(hi - lo) or hi == lo:
        return pd.Series(1.0, index=x.index).where(v.notna(), 0.0)
    n = (v - lo) / (hi - lo)
    if sens == "min":
        n = 1 - n
    return n.fillna(0.0)  # a channel without data gets the worst note


def scorer_canaux(
    criteres: pd.DataFrame | Any = None,
    *,
    poids: Mapping[str, float] | None = None,
    case: Any = None,
    seed: Any = None,
) -> pd.DataFrame:
    """Score and rank channels for a target with visible, changeable weights.

    Parameters
    ----------
    criteres : DataFrame, str, list, dict or None
        Either a criteria table (as returned by :func:`criteres_canaux`, any
        subset of the five criteria as columns, one row per channel), or a
        target passed to :func:`criteres_canaux`. ``None`` uses the target of
        the case file's ``[choix_canaux]`` table, if any.
    poids : dict, optional
        Weight per criterion; missing criteria keep their default weight
        (:func:`poids_par_defaut`), a weight of 0 drops a criterion.
    case, seed
        As in :func:`casekit.load`.

    Returns
    -------
    DataFrame
        Sorted by ``score`` (0–100), with ``rang``, the raw criteria, their
        notes ``note_<critère>`` (0–1), the contributions ``contribution_<critère>``
        (points of the score) and the weights in ``.attrs["poids"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"affinite": [200, 50, 100], "cout_par_resultat": [10, 1, 100]},
    ...                  index=pd.Index(["a", "b", "c"], name="canal"))
    >>> scorer_canaux(c, poids={"affinite": 1, "cout_par_resultat": 1})["score"].round(1).to_dict()
    {'a': 75.0, 'b': 50.0, 'c': 16.7}
    >>> scorer_canaux(c, poids={"affinite": 0, "cout_par_resultat": 1}).index[0]
    'b'
    """
    from casekit.cases import get_case

    if not isinstance(criteres, pd.DataFrame):
        cible = criteres
        if cible is None:
            cible = (get_case(case).data.get("choix_canaux") or {}).get("cible")
        criteres = criteres_canaux(cible, case=case, seed=seed)
        criteres.attrs["cible"] = cible
        if cible is not None:
            names = {sg["id"]: sg["nom"] for sg in get_case(case)["segments"]}
            ids = [cible] if isinstance(cible, str) else list(cible)
            criteres.attrs["cible_nom"] = " + ".join(names.get(i, str(i)) for i in ids)
    present = [c for c in CRITERES if c in criteres.columns]
    if not present:
        raise ArgumentInvalideError(
            "Aucun critère reconnu dans le tableau : colonnes attendues parmi "
            + ", ".join(f"« {c} »" for c in CRITERES) + ".")
    w = poids_par_defaut(case)
    if poids is not None:
        w.update(_check_weights(poids, positive_sum=False))
    w = {k: v for k, v in w.items() if k in present}
    total = sum(w.values())
    if total <= 0:
        raise ArgumentInvalideError("Tous les poids des critères présents sont nuls.")
    out = criteres.copy()
    score = pd.Series(0.0, index=out.index)
    for c in present:
        _label, sens, _unit, log = CRITERES[c]
        out[f"note_{c}"] = _note(out[c], sens, log)
        out[f"contribution_{c}"] = 100 * w.get(c, 0.0) / total * out[f"note_{c}"]
        score += out[f"contribution_{c}"]
    out["score"] = score
    out = out.sort_values("score", ascending=False, kind="stable")
    out.insert(0, "rang", np.arange(1, len(out) + 1))
    out.attrs["poids"] = {c: w.get(c, 0.0) for c in present}
    out.attrs["cible"] = criteres.attrs.get("cible")
    out.attrs["cible_nom"] = criteres.attrs.get("cible_nom", criteres.attrs.get("cible"))
    return out


def tableau_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """French display table of :func:`scorer_canaux`: raw criteria, weights and score.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"affinite": [200.0, 50.0]}, index=pd.Index(["a", "b"], name="canal"))
    >>> list(tableau_scores(scorer_canaux(c)).columns)
    ['Rang', 'Canal', 'Affinité avec la cible (indice, 100 = moyenne) — poids 100\u202f%', 'Score sur 100']
    """
    present = [c for c in CRITERES if c in scores.columns]
    total = sum(scores.attrs.get("poids", {}).values()) or 1.0
    out = pd.DataFrame({"Rang": scores["rang"].to_numpy()}, index=scores.index)
    out["Canal"] = scores["nom"].to_numpy() if "nom" in scores.columns else scores.index.astype(str)
    for c in present:
        label, _sens, unit, _log = CRITERES[c]
        w = scores.attrs.get("poids", {}).get(c, 0.0)
        out[f"{label} ({unit}) — poids {round(100 * w / total)}\u202f%"] = scores[c].round(2).to_numpy()
    out["Score sur 100"] = scores["score"].round(1).to_numpy()
    return out.reset_index(drop=True)


def graphique_scores(scores: pd.DataFrame, *, titre: str | None = None) -> Graphique:
    """Stacked bars of each criterion's contribution to the score: ``(fig, alt)``."""
    import matplotlib.pyplot as plt

    from casekit.plots import PALETTE, Graphique, franciser, liste_fr, nombre_fr, style

    style()
    present = [c for c in CRITERES if f"contribution_{c}" in scores.columns]
    s = scores.iloc[::-1]
    names = [str(n) for n in (s["nom"] if "nom" in s.columns else s.index)]
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(s) + 2))
    left = np.zeros(len(s))
    for i, c in enumerate(present):
        vals = s[f"contribution_{c}"].to_numpy(dtype=float)
        ax.barh(names, vals, left=left, color=PALETTE[i % len(PALETTE)],
                label=f"{CRITERES[c][0]} ({nombre_fr(100 * scores.attrs['poids'][c] / sum(scores.attrs['poids'].values()))}\u202f%)",
                edgecolor="white", hatch=["", "//", "..", "xx", "\\\\"][i % 5])
        left += vals
    for y, v in enumerate(left):
        ax.text(v + 0.8, y, nombre_fr(v, 0), va="center")
    cible = scores.attrs.get("cible_nom") or scores.attrs.get("cible")
    titre = titre or ("Score multicritère des canaux" + (f" pour « {cible} »" if isinstance(cible, str) else ""))
    ax.set_title(titre)
    ax.set_xlabel("Score sur 100 (contribution de chaque critère pondéré)")
    ax.set_xlim(0, 105)
    ax.grid(False, axis="y")
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    franciser(ax, y=False)
    top = scores.iloc[0]
    top_name = str(top["nom"]) if "nom" in scores.columns else str(scores.index[0])
    others = [f"{(str(r['nom']) if 'nom' in scores.columns else str(i))} ({nombre_fr(r['score'], 0)})"
              for i, r in scores.iloc[1:3].iterrows()]
    weights = [f"{CRITERES[c][0].lower()} {nombre_fr(100 * w / sum(scores.attrs['poids'].values()))}\u202f%"
               for c, w in scores.attrs["poids"].items()]
    alt = (f"{titre} : {top_name} arrive en tête avec {nombre_fr(top['score'], 0)} sur 100"
           + (f", suivi de {liste_fr(others)}" if others else "")
           + f" ; pondérations : {liste_fr(weights)}.")
    return Graphique(fig, alt)
