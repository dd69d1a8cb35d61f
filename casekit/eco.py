"""Carbon footprint of digital content, from sourced constants.

Two models, both read from the reference table ``eco_constantes`` (never
typed here):

* **pages and files**: Sustainable Web Design Model v4 (SWDM v4, constants of
  co2.js): energy per gigabyte transferred for data centres, networks and
  devices, operational and embodied. Operational energy uses the chosen grid
  intensity (France: RTE 2024; world: SWDM v4); embodied energy always uses
  the world intensity, as SWDM v4 does.
* **video streaming**: grams of CO2e per hour of viewing (IEA 2020, world
  2019 average; or Carbon Trust/DIMPACT 2021, Europe 2020).

These are allocation models giving orders of magnitude, not measurements.
1 Go = 1 000 Mo (decimal units, as in SWDM).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError, nom_inconnu

__all__ = ["MIX", "Estimation", "constantes", "gco2e_page", "gco2e_video"]

#: Grid choice -> (constant name, French label used in the model name).
MIX = {
    "france": ("intensite_reseau_france", "intensité France (RTE 2024)"),
    "monde": ("intensite_reseau_mondiale", "intensité mondiale (SWDM v4)"),
}
_MIX_ALIASES = {"fr": "france", "france": "france", "monde": "monde", "mondial": "monde",
                "world": "monde", "global": "monde"}
SOURCES_VIDEO = {
    "aie": ("streaming_video_aie", "AIE 2020, moyenne mondiale 2019"),
    "carbon_trust": ("streaming_video_carbon_trust", "Carbon Trust / DIMPACT 2021, Europe 2020"),
}
_SEGMENTS = ("centre_donnees", "reseau", "terminal")


class Estimation(Bunch):
    """Result of a footprint estimate: value, model name, sources.

    Keys: ``gco2e`` (float or Series), ``modele`` (French name of the model
    and grid intensity), ``hypotheses`` (French text), ``sources`` (DataFrame
    of the reference rows used), plus model details.
    """

    def __str__(self) -> str:
        from casekit.plots import nombre_fr

        v = self["gco2e"]
        if isinstance(v, pd.Series):
            shown = f"total {nombre_fr(float(v.sum()), 2)} gCO2e sur {len(v)} éléments"
        else:
            shown = f"{nombre_fr(float(v), 2)} gCO2e"
        return f"{shown} — modèle : {self['modele']}"


def constantes() -> pd.DataFrame:
    """The reference table ``eco_constantes`` (values, units, sources, URLs).

    Examples
    --------
    >>> "intensite_reseau_france" in set(constantes()["constante"])
    True
    """
    from casekit.reference import table

    return table("eco_constantes")


def _const(names: list[str]) -> tuple[dict[str, float], pd.DataFrame]:
    t = constantes().set_index("constante")
    missing = [n for n in names if n not in t.index]
    if missing:  # pragma: no cover - reference table bug
        raise KeyError(missing)
    rows = t.loc[names]
    return {n: float(rows.loc[n, "valeur"]) for n in names}, rows.reset_index()[
        ["constante", "valeur", "unite", "source", "date_source", "url", "statut"]]


def _mix(mix: str) -> str:
    key = _MIX_ALIASES.get(str(mix).strip().lower())
    if key is None:
        raise nom_inconnu("mix électrique", mix, MIX)
    return key


def _amount(x: Any, name: str) -> tuple[np.ndarray, Any]:
    if isinstance(x, pd.Series):
        arr = pd.to_numeric(x, errors="coerce").to_numpy(dtype=float, na_value=np.nan)

        def wrap(a):
            return pd.Series(a, index=x.index, name="gco2e")
    elif np.isscalar(x):
        try:
            arr = np.array([float(x)])
        except (TypeError, ValueError):
            raise ArgumentInvalideError(f"« {name} » doit être un nombre, et non {x!r}.") from None

        def wrap(a):
            return float(a[0])
    else:
        arr = np.asarray(x, dtype=float)

        def wrap(a):
            return a
    if np.any(arr[~np.isnan(arr)] < 0):
        raise ArgumentInvalideError(f"« {name} » ne peut pas être négatif.")
    return arr, wrap


def gco2e_page(poids_mo: Any = None, *, octets: Any = None, mix: str = "france",
               vues: Any = 1) -> Estimation:
    """Grams of CO2e to transfer a page or file, with SWDM v4.

    Parameters
    ----------
    poids_mo : number or array-like
        Transferred weight in megabytes (Mo); or give ``octets``.
    octets : number or array-like, optional
        Weight in bytes.
    mix : {"france", "monde"}
        Grid intensity for the operational part.
    vues : number or array-like
        Number of page views (multiplies the result).

    Returns
    -------
    Estimation
        ``gco2e``, ``kwh``, ``modele`` (e.g. « SWDM v4, intensité France
        (RTE 2024) »), ``hypotheses`` and ``sources``.

    Examples
    --------
    >>> e = gco2e_page(1000)          # 1 Go, French grid
    >>> round(e.gco2e, 1)             # 0,194 × 21,7 + 0,106 × 494
    56.6
    >>> e.modele
    'SWDM v4, intensité France (RTE 2024)'
    >>> round(gco2e_page(1000, mix="monde").gco2e, 1)   # 0,3 × 494
    148.2
    """
    if (poids_mo is None) == (octets is None):
        raise ArgumentInvalideError("Donnez soit « poids_mo » (mégaoctets), soit « octets ».")
    if poids_mo is not None:
        arr, wrap = _amount(poids_mo, "poids_mo")
        go = arr / 1000
    else:
        arr, wrap = _amount(octets, "octets")
        go = arr / 1e9
    views, _ = _amount(vues, "vues")
    key = _mix(mix)
    names = [f"swdm_v4_{s}_{p}" for p in ("operationnel", "fabrication") for s in _SEGMENTS]
    names += [MIX[key][0], "intensite_reseau_mondiale"]
    c, sources = _const(list(dict.fromkeys(names)))
    op = sum(c[f"swdm_v4_{s}_operationnel"] for s in _SEGMENTS)
    emb = sum(c[f"swdm_v4_{s}_fabrication"] for s in _SEGMENTS)
    kwh = go * views * (op + emb)
    g = go * views * (op * c[MIX[key][0]] + emb * c["intensite_reseau_mondiale"])
    return Estimation(
        gco2e=wrap(g),
        kwh=wrap(kwh),
        modele=f"SWDM v4, {MIX[key][1]}",
        hypotheses=(
            f"Énergie par Go : {op:.3f} kWh d'usage (centres de données, réseau, terminal) et "
            f"{emb:.3f} kWh de fabrication ; usage à l'{MIX[key][1]}, fabrication à l'intensité "
            "mondiale (choix du modèle SWDM v4) ; pas de prise en compte du cache ; 1 Go = 1 000 Mo. "
            "Ordre de grandeur, pas une mesure."
        ),
        sources=sources,
    )


def gco2e_video(minutes: Any, *, source: str = "aie", vues: Any = 1) -> Estimation:
    """Grams of CO2e of watching a video in streaming, per view.

    Parameters
    ----------
    minutes : number or array-like
        Watched duration per view, in minutes.
    source : {"aie", "carbon_trust"}
        IEA 2020 (36 gCO2e/h, world 2019 average) or Carbon Trust/DIMPACT
        2021 (55 gCO2e/h, Europe 2020).
    vues : number or array-like
        Number of views.

    Examples
    --------
    >>> e = gco2e_video(10)           # 10 min at 36 g/h
    >>> e.gco2e
    6.0
    >>> e.modele
    'Streaming vidéo par heure de visionnage, AIE 2020, moyenne mondiale 2019 (36 gCO2e/h)'
    """
    if source not in SOURCES_VIDEO:
        raise nom_inconnu("source", source, SOURCES_VIDEO)
    arr, wrap = _amount(minutes, "minutes")
    views, _ = _amount(vues, "vues")
    name, label = SOURCES_VIDEO[source]
    c, sources = _const([name])
    per_hour = c[name]
    g = arr / 60 * per_hour * views
    return Estimation(
        gco2e=wrap(g),
        modele=f"Streaming vidéo par heure de visionnage, {label} ({per_hour:g} gCO2e/h)",
        hypotheses=(
            "Moyenne par heure de visionnage, terminal compris ; le terminal pèse plus de la "
            "moitié de l'empreinte (un grand téléviseur émet bien plus qu'un smartphone). "
            "Ordre de grandeur, pas une mesure."
        ),
        sources=sources,
    )
