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
training case (target « etudiants_jeunes_actifs », table ``[choix_canaux]`` of
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


def poids_par_defaut(config: Mapping[str, Any] | None = None) -> dict[str, float]:
    """Poids par défaut : ceux de ``config["poids"]`` s'il y en a, sinon :data:`POIDS_DEFAUT`.

    Paramètres
    ----------
    config : dict, optionnel
        Réglages de choix des canaux, par exemple la table ``[choix_canaux]``
        d'un fichier de cas ; la fonction ne lit aucun fichier elle-même.

    Exemples
    --------
    >>> sorted(poids_par_defaut())
    ['accessibilite', 'affinite', 'cout_par_resultat', 'empreinte', 'engagement']
    >>> poids_par_defaut({"poids": {"affinite": 1}})["affinite"]
    1.0
    """
    if config is not None and not isinstance(config, Mapping):
        raise ArgumentInvalideError(
            f"« config » doit être un dictionnaire (par exemple {{'poids': {{...}}}}), et non "
            f"{type(config).__name__}.")
    cfg = config or {}
    w = dict(POIDS_DEFAUT)
    extra = cfg.get("poids", {})
    if not isinstance(extra, Mapping):
        raise ArgumentInvalideError("« config['poids'] » doit être un dictionnaire critère → poids.")
    w.update(dict(extra))
    return _check_weights(w)


def _check_weights(poids: Mapping[str, float], *, positive_sum: bool = True) -> dict[str, float]:
    if not isinstance(poids, Mapping):
        raise ArgumentInvalideError(
            f"« poids » doit être un dictionnaire critère → poids, par exemple "
            f"{{'affinite': 1.0}}, et non {type(poids).__name__}.")
    out = {}
    for k, v in poids.items():
        if k not in CRITERES:
            raise ArgumentInvalideError(f"Critère inconnu : « {k} ».{suggestion(k, CRITERES)}")
        try:
            if isinstance(v, (bool, str)):
                raise TypeError
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
    for col in ("canal", "segment", "indice_affinite"):
        if col not in aff.columns:
            raise ArgumentInvalideError(
                f"Table d'affinité : colonne « {col} » absente.{suggestion(col, map(str, aff.columns))}")
    table = aff.pivot_table(index="canal", columns="segment", values="indice_affinite", observed=True)
    table.columns = table.columns.astype(str)
    table.index = table.index.astype(str)
    if cible is None:
        return pd.Series(100.0, index=table.index)
    if isinstance(cible, str):
        cible = {cible: 1.0}
    if not isinstance(cible, Mapping):
        if not isinstance(cible, (list, tuple, set, pd.Index)):
            raise ArgumentInvalideError(
                f"« cible » : un identifiant de segment, une liste ou un dictionnaire "
                f"segment → poids, et non {type(cible).__name__}.")
        cible = dict.fromkeys(cible, 1.0)
    if not cible:
        raise ArgumentInvalideError("« cible » est vide : donnez au moins un segment.")
    unknown = [s for s in cible if s not in table.columns]
    if unknown:
        raise ArgumentInvalideError(
            f"Segment cible inconnu : « {unknown[0]} ».{suggestion(unknown[0], table.columns)}")
    for s, v in cible.items():
        if isinstance(v, (bool, str)) or not isinstance(v, (int, float, np.number)) or not v >= 0:
            raise ArgumentInvalideError(
                f"Le poids du segment « {s} » doit être un nombre positif ou nul, et non {v!r}.")
    w = pd.Series(cible, dtype=float)
    if not np.isfinite(w).all() or w.sum() <= 0:
        raise ArgumentInvalideError(
            "Les poids des segments cibles doivent être finis, et au moins l'un d'eux strictement positif.")
    # a channel without an index for one of the segments stays NaN (reported by the caller)
    return (table[w.index] * w).sum(axis=1, skipna=False) / w.sum()


_COLONNES_CAMPAGNES = ("depense_eur", "impressions", "clics", "conversions")


def criteres_canaux(
    campagnes: Any,
    cible: Any = None,
    *,
    profil: pd.DataFrame | None = None,
    affinite: pd.DataFrame | None = None,
    mix: str = "france",
) -> pd.DataFrame:
    """Critères bruts par canal pour une cible, calculés à partir de vos données.

    La fonction ne lit aucun fichier : passez le jeu ``campagnes_canaux``
    (le Bunch de :func:`casekit.load`) ou les exports de votre organisation.

    Paramètres
    ----------
    campagnes : Bunch ou DataFrame
        Une ligne par canal et par période, avec les colonnes ``canal``,
        ``depense_eur``, ``impressions``, ``clics`` et ``conversions``. Un
        Bunch apporte aussi ses tables ``profil_canaux`` et
        ``affinite_audience_canal``.
    cible : str, liste ou dict, optionnel
        Un segment, plusieurs (poids égaux) ou ``{segment: poids}`` ;
        ``None`` = toute la clientèle (affinité 100 partout).
    profil : DataFrame, optionnel
        Une ligne par canal : ``canal``, et au choix ``nom``,
        ``accessibilite`` (0–1), ``poids_mo_par_impression`` (Mo).
    affinite : DataFrame, optionnel
        ``segment``, ``canal``, ``indice_affinite`` (100 = moyenne).
    mix : str
        Intensité électrique de :func:`casekit.eco.gco2e_page`.

    Renvoie
    -------
    DataFrame
        Index ``canal`` ; colonnes ``nom`` et les critères disponibles.

    Exemples
    --------
    >>> import casekit
    >>> c = criteres_canaux(casekit.load("campagnes_canaux"), "etudiants_jeunes_actifs")
    >>> sorted(c.columns)
    ['accessibilite', 'affinite', 'cout_par_resultat', 'empreinte', 'engagement', 'nom']
    """
    from casekit._bunch import Bunch
    from casekit.eco import gco2e_page
    from casekit.metrics import cpa, ctr

    if isinstance(campagnes, Bunch):
        tables = campagnes.get("tables") or {}
        profil = tables.get("profil_canaux") if profil is None else profil
        affinite = tables.get("affinite_audience_canal") if affinite is None else affinite
        f = campagnes["frame"]
    elif isinstance(campagnes, pd.DataFrame):
        f = campagnes
    else:
        raise ArgumentInvalideError(
            "« campagnes » doit être un DataFrame (une ligne par canal et par période) ou le "
            f"Bunch de casekit.load(\"campagnes_canaux\"), et non {type(campagnes).__name__}.")
    for col in ("canal", *_COLONNES_CAMPAGNES):
        if col not in f.columns:
            raise ArgumentInvalideError(
                f"Colonne « {col} » absente des campagnes.{suggestion(col, map(str, f.columns))}")
    if f.empty:
        raise ArgumentInvalideError("Le tableau des campagnes est vide.")
    totals = f.groupby(f["canal"].astype(str))[list(_COLONNES_CAMPAGNES)].sum()
    index = totals.index
    if profil is not None:
        if not isinstance(profil, pd.DataFrame) or "canal" not in profil.columns:
            raise ArgumentInvalideError("« profil » doit être un DataFrame avec une colonne « canal ».")
        prof = profil.assign(canal=lambda d: d["canal"].astype(str)).set_index("canal")
        index = prof.index
        lost = [c for c in totals.index if c not in set(index)]
        if lost:
            raise ArgumentInvalideError(
                "Canaux des campagnes absents du profil des canaux : "
                + ", ".join(f"« {c} »" for c in lost)
                + ". Ajoutez-les au profil (ou filtrez les campagnes) : leurs chiffres seraient perdus.")
    out = pd.DataFrame(index=pd.Index(index, name="canal"))
    out["nom"] = prof["nom"].astype(str) if profil is not None and "nom" in prof.columns else out.index
    if affinite is not None:
        aff = _target_affinity(affinite, cible)
        aff = aff.reindex(out.index)
        missing = [c for c in out.index if pd.isna(aff[c])]
        if missing:
            raise ArgumentInvalideError(
                "Canaux sans indice d'affinité dans la table d'affinité : "
                + ", ".join(f"« {c} »" for c in missing) + ". Complétez la table.")
        out["affinite"] = aff
    elif cible is not None:
        raise ArgumentInvalideError(
            "Une « cible » demande la table d'affinité (« affinite= », colonnes segment, canal, "
            "indice_affinite).")
    totals = totals.reindex(out.index)
    out["cout_par_resultat"] = cpa(totals["depense_eur"], totals["conversions"])
    out["engagement"] = ctr(totals["clics"], totals["impressions"])
    if profil is not None and "poids_mo_par_impression" in prof.columns:
        out["empreinte"] = gco2e_page(prof["poids_mo_par_impression"], vues=1000, mix=mix).gco2e
    if profil is not None and "accessibilite" in prof.columns:
        acc = pd.to_numeric(prof["accessibilite"], errors="coerce")
        if ((acc < 0) | (acc > 1)).any():
            raise ArgumentInvalideError("« accessibilite » doit être un score entre 0 et 1.")
        out["accessibilite"] = acc.astype(float)
    out.attrs["cible"] = cible
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
    criteres: Any,
    *,
    cible: Any = None,
    poids: Mapping[str, float] | None = None,
    noms_segments: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Note et classe les canaux pour une cible, avec des poids visibles et modifiables.

    Paramètres
    ----------
    criteres : DataFrame ou Bunch
        Un tableau de critères (celui de :func:`criteres_canaux`, ou le
        vôtre : une ligne par canal, tout ou partie des cinq critères en
        colonnes), ou les campagnes passées à :func:`criteres_canaux`.
    cible : str, liste ou dict, optionnel
        Cible passée à :func:`criteres_canaux` quand ``criteres`` est un
        jeu de campagnes.
    poids : dict, optionnel
        Poids par critère ; les critères absents gardent leur poids par
        défaut (:data:`POIDS_DEFAUT`), un poids de 0 retire un critère.
    noms_segments : dict, optionnel
        Identifiant → nom lisible des segments, pour le titre du graphique.

    Renvoie
    -------
    DataFrame
        Trié par ``score`` (0–100 ; à égalité, dans l'ordre du tableau),
        avec ``rang``, les critères bruts, leurs notes ``note_<critère>``
        (0–1), les contributions
        ``contribution_<critère>`` (points du score) et les poids dans
        ``.attrs["poids"]``.

    Exemples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"affinite": [200, 50, 100], "cout_par_resultat": [10, 1, 100]},
    ...                  index=pd.Index(["a", "b", "c"], name="canal"))
    >>> scorer_canaux(c, poids={"affinite": 1, "cout_par_resultat": 1})["score"].round(1).to_dict()
    {'a': 75.0, 'b': 50.0, 'c': 16.7}
    >>> scorer_canaux(c, poids={"affinite": 0, "cout_par_resultat": 1}).index[0]
    'b'
    """
    from casekit._bunch import Bunch

    if isinstance(criteres, Bunch) or (isinstance(criteres, pd.DataFrame)
                                        and "canal" in criteres.columns
                                        and "depense_eur" in criteres.columns):
        criteres = criteres_canaux(criteres, cible)
    elif not isinstance(criteres, pd.DataFrame):
        raise ArgumentInvalideError(
            "« criteres » doit être un tableau de critères (DataFrame, une ligne par canal) ou les "
            "campagnes (casekit.load(\"campagnes_canaux\")) ; pour une cible, ajoutez cible=\"...\". "
            f"Reçu : {type(criteres).__name__}.")
    elif cible is not None:
        raise ArgumentInvalideError(
            "« cible » ne s'utilise qu'avec des campagnes : le tableau de critères a déjà son affinité.")
    if criteres.empty:
        raise ArgumentInvalideError("Le tableau de critères est vide : aucun canal à classer.")
    present = [c for c in CRITERES if c in criteres.columns]
    if not present:
        raise ArgumentInvalideError(
            "Aucun critère reconnu dans le tableau : colonnes attendues parmi "
            + ", ".join(f"« {c} »" for c in CRITERES) + ".")
    for c in present:
        col = criteres[c]
        if pd.api.types.is_bool_dtype(col.dtype) or not pd.api.types.is_numeric_dtype(col.dtype):
            raise ArgumentInvalideError(
                f"Le critère « {c} » doit être numérique (type reçu : {col.dtype}) ; convertissez-le "
                "avec pd.to_numeric.")
    w = dict(POIDS_DEFAUT)
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
        out[f"contribution_{c}"] = 100 * w[c] / total * out[f"note_{c}"]
        score += out[f"contribution_{c}"]
    out["score"] = score
    out = out.sort_values("score", ascending=False, kind="stable")
    out.insert(0, "rang", np.arange(1, len(out) + 1))
    out.attrs["poids"] = {c: w[c] for c in present}
    target = criteres.attrs.get("cible")
    out.attrs["cible"] = target
    if target is not None:
        ids = [target] if isinstance(target, str) else list(target)
        names = dict(noms_segments or {})
        out.attrs["cible_nom"] = " + ".join(str(names.get(i, i)) for i in ids)
    else:
        out.attrs["cible_nom"] = None
    return out


def tableau_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Tableau d'affichage en français de :func:`scorer_canaux` : critères bruts, poids et score.

    Exemples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"affinite": [200.0, 50.0]}, index=pd.Index(["a", "b"], name="canal"))
    >>> list(tableau_scores(scorer_canaux(c)).columns)
    ['Rang', 'Canal', 'Affinité avec la cible (indice, 100 = moyenne) — poids 100\u202f%', 'Score sur 100']
    """
    if not isinstance(scores, pd.DataFrame) or not {"rang", "score"} <= set(scores.columns):
        raise ArgumentInvalideError(
            "« scores » doit être le résultat de scorer_canaux (colonnes « rang », « score »…), "
            f"et non {type(scores).__name__}.")
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
    """Barres empilées de la contribution de chaque critère au score : ``(fig, alt)``.

    Chaque critère a sa couleur et sa trame (hachures), lisibles sans la
    couleur ; le graphique s'affiche avec ses données en tableau.

    Exemples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> c = pd.DataFrame({"affinite": [200.0, 50.0]}, index=pd.Index(["a", "b"], name="canal"))
    >>> g = graphique_scores(scorer_canaux(c))
    >>> print(g.alt)
    Score multicritère des canaux\u00a0: a arrive en tête avec 100 sur 100, suivi de b (0)\u202f; pondérations\u00a0: affinité avec la cible 100\u202f%.
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from casekit.plots import style_local

    if not isinstance(scores, pd.DataFrame) or "score" not in scores.columns or "poids" not in scores.attrs:
        raise ArgumentInvalideError(
            "« scores » doit être le résultat de scorer_canaux (colonnes « score », « rang »…).")
    with style_local():
        return _graphique_scores(scores, titre)


def _graphique_scores(scores: pd.DataFrame, titre: str | None) -> Graphique:
    import matplotlib.pyplot as plt

    from casekit.plots import PALETTE, Graphique, franciser, liste_fr, nombre_fr

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
    ax.set_title(titre, wrap=True)
    ax.set_xlabel("Score sur 100 (contributions pondérées des critères)", wrap=True)
    ax.set_xlim(0, 105)
    ax.grid(False, axis="y")
    fig.legend(*ax.get_legend_handles_labels(), frameon=False, fontsize=9, loc="outside lower center",
               ncols=2)
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
    return Graphique(fig, alt, donnees=tableau_scores(scores).set_index("Rang"), titre=titre)
