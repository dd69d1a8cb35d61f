"""Carbon footprint of digital content, from sourced constants.

Two models, both read from the reference table ``eco_constantes`` (never
typed here):

* **pages and files**: Sustainable Web Design Model v4 (SWDM v4, constants of
  co2.js): energy per gigabyte transferred for data centres, networks and
  devices, operational and embodied. Operational energy uses the chosen grid
  intensity; embodied energy always uses the world intensity, as SWDM v4
  does. Both default intensities are **life-cycle** figures (France: Ember,
  56 g/kWh; world: SWDM v4 / Ember, 494 g/kWh), so they are comparable. RTE's
  21.7 g/kWh counts direct emissions of production only: it is available as
  ``mix="france_directe"`` and says so in its label.
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
    "france": ("intensite_reseau_france_cycle_de_vie",
               "intensité France en cycle de vie (Ember)"),
    "monde": ("intensite_reseau_mondiale", "intensité mondiale en cycle de vie (SWDM v4)"),
    "france_directe": ("intensite_reseau_france",
                       "intensité France, émissions directes seulement (RTE 2024)"),
}
_MIX_ALIASES = {"fr": "france", "france": "france", "monde": "monde", "mondial": "monde",
                "world": "monde", "global": "monde", "france_directe": "france_directe"}
SOURCES_VIDEO = {
    "aie": ("streaming_video_aie", "AIE 2020, moyenne mondiale 2019"),
    "carbon_trust": ("streaming_video_carbon_trust", "Carbon Trust / DIMPACT 2021, Europe 2020"),
}
_SEGMENTS = ("centre_donnees", "reseau", "terminal")


class Estimation(Bunch):
    """Résultat d'une estimation d'empreinte : valeur, modèle, hypothèses, sources.

    Clés : ``gco2e`` (nombre ou Series), ``modele`` (nom du modèle et de
    l'intensité électrique), ``hypotheses`` (texte), ``sources`` (lignes de
    la table de référence utilisées), et des détails du modèle.
    """

    def __repr__(self) -> str:
        from casekit.plots import typographie

        return typographie(f"{self}\nHypothèses : {self['hypotheses']}")

    def _repr_html_(self) -> str:
        import html

        src = self["sources"]
        items = "".join(
            f"<li>{html.escape(str(r.constante))} = {html.escape(_fr(float(r.valeur), 3))} "
            f"{html.escape(str(r.unite))} ({html.escape(str(r.source))}, "
            f"{html.escape(str(r.date_source))})</li>" for r in src.itertuples())
        return (f"<p><strong>{html.escape(str(self))}</strong></p>"
                f"<p>Hypothèses : {html.escape(self['hypotheses'])}</p>"
                f"<details><summary>Sources</summary><ul>{items}</ul></details>")

    def __str__(self) -> str:
        from casekit.plots import nombre_fr

        v = self["gco2e"]
        if isinstance(v, pd.Series) or np.ndim(v) > 0:  # a Series, or an array from a list
            total = float(np.nansum(np.asarray(v, dtype=float)))
            shown = f"total {nombre_fr(total, 2)} gCO2e sur {len(v)} éléments"
        else:
            shown = f"{nombre_fr(float(v), 2)} gCO2e"
        return f"{shown} — modèle : {self['modele']}"


def constantes() -> pd.DataFrame:
    """La table de référence ``eco_constantes`` (valeurs, unités, sources, adresses).

    Exemples
    --------
    >>> "intensite_reseau_france_cycle_de_vie" in set(constantes()["constante"])
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


def _fr(x: float, d: int) -> str:
    from casekit.plots import nombre_fr

    return nombre_fr(x, d)


def _mix(mix: str) -> str:
    key = _MIX_ALIASES.get(str(mix).strip().lower())
    if key is None:
        raise nom_inconnu("mix électrique", mix, MIX)
    return key


def _amount(x: Any, name: str) -> tuple[np.ndarray, Any]:
    from casekit.metrics import _as_array, _check_non_negative

    if isinstance(x, pd.Series):
        arr, _wrap = _as_array(x, name)

        def wrap(a):
            return pd.Series(a, index=x.index, name="gco2e")
    else:
        arr, wrap = _as_array(x, name)
    if arr.size == 0:
        raise ArgumentInvalideError(f"« {name} » est vide : rien à estimer.")
    try:
        _check_non_negative(arr, name)
    except ArgumentInvalideError:
        from casekit.plots import nombre_fr

        raise ArgumentInvalideError(
            f"« {name} » ne peut pas être négatif (valeur {nombre_fr(float(np.nanmin(arr)))}) : "
            "vérifiez le signe ou retirez ces lignes.") from None
    return arr, wrap


def _pair(a: Any, b: Any, a_name: str, b_name: str) -> tuple[np.ndarray, np.ndarray, Any]:
    """Amount and views, aligned on labels like pandas arithmetic; the wrapper of the longer."""
    from casekit.metrics import _align

    a, b = _align(a, b, a_name, b_name)
    arr_a, wrap_a = _amount(a, a_name)
    arr_b, wrap_b = _amount(b, b_name)
    if arr_a.size != arr_b.size and arr_a.size != 1 and arr_b.size != 1:
        raise ArgumentInvalideError(
            f"« {a_name} » ({arr_a.size} valeurs) et « {b_name} » ({arr_b.size} valeurs) doivent "
            "avoir la même longueur.")
    if isinstance(a, pd.Series) or not isinstance(b, pd.Series):
        wrap = wrap_a if (arr_a.size >= arr_b.size or isinstance(a, pd.Series)) else wrap_b
    else:
        wrap = wrap_b
    return arr_a, arr_b, wrap


def gco2e_page(poids_mo: Any = None, *, octets: Any = None, mix: str = "france",
               vues: Any = 1) -> Estimation:
    """Grammes de CO2e pour transférer une page ou un fichier (modèle SWDM v4).

    Paramètres
    ----------
    poids_mo : nombre, liste ou Series
        Poids transféré en mégaoctets (Mo) ; ou bien ``octets``.
    octets : nombre, liste ou Series, optionnel
        Poids en octets.
    mix : {"france", "monde", "france_directe"}
        Intensité carbone de l'électricité pour la part « usage » :
        France ou monde en cycle de vie (comparables), ou l'intensité
        directe de RTE (sans le cycle de vie, qui sous-estime).
    vues : nombre, liste ou Series
        Nombre de pages vues (multiplie le résultat). Deux Series
        (``poids_mo`` et ``vues``) sont appariées sur leurs étiquettes.

    Renvoie
    -------
    Estimation
        ``gco2e``, ``kwh``, ``modele``, ``intensite_usage``,
        ``hypotheses`` (en clair, avec les intensités retenues) et
        ``sources`` (lignes de la table de référence).

    Exemples
    --------
    >>> e = gco2e_page(1000)          # 1 Go, électricité française en cycle de vie
    >>> round(e.gco2e, 1)             # 0,194 × 56,04 + 0,106 × 494
    63.2
    >>> e.modele
    'SWDM v4, intensité France en cycle de vie (Ember)'
    >>> round(gco2e_page(1000, mix="monde").gco2e, 1)   # 0,3 × 494
    148.2
    """
    if (poids_mo is None) == (octets is None):
        raise ArgumentInvalideError("Donnez soit « poids_mo » (mégaoctets), soit « octets ».")
    if poids_mo is not None:
        arr, views, wrap = _pair(poids_mo, vues, "poids_mo", "vues")
        go = arr / 1000
    else:
        arr, views, wrap = _pair(octets, vues, "octets", "vues")
        go = arr / 1e9
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
        intensite_usage=c[MIX[key][0]],
        intensite_fabrication=c["intensite_reseau_mondiale"],
        hypotheses=(
            f"Énergie par Go : {_fr(op, 3)} kWh d'usage (centres de données, réseau, terminal) et "
            f"{_fr(emb, 3)} kWh de fabrication ; usage à l'{MIX[key][1]} : "
            f"{_fr(c[MIX[key][0]], 1)} gCO2e/kWh ; fabrication à l'intensité mondiale "
            f"({_fr(c['intensite_reseau_mondiale'], 0)} gCO2e/kWh, choix du modèle SWDM v4) ; "
            + ("les deux intensités sont en cycle de vie (construction des centrales comprise) ; "
               if key != "france_directe" else
               "attention, l'intensité d'usage ne compte que les émissions directes de production "
               "(sans le cycle de vie) : le résultat est sous-estimé par rapport au modèle ; ")
            + "pas de prise en compte du cache ; 1 Go = 1 000 Mo. Ordre de grandeur, pas une mesure."
        ),
        sources=sources,
    )


def gco2e_video(minutes: Any, *, source: str = "aie", vues: Any = 1) -> Estimation:
    """Grammes de CO2e pour regarder une vidéo en streaming.

    Paramètres
    ----------
    minutes : nombre, liste ou Series
        Durée regardée par vue, en minutes.
    source : {"aie", "carbon_trust"}
        AIE 2020 (36 gCO2e/h, moyenne mondiale 2019) ou Carbon Trust /
        DIMPACT 2021 (55 gCO2e/h, Europe 2020).
    vues : nombre, liste ou Series
        Nombre de vues.

    Exemples
    --------
    >>> e = gco2e_video(10)           # 10 min à 36 g/h
    >>> e.gco2e
    6.0
    >>> e.modele
    'Streaming vidéo par heure de visionnage, AIE 2020, moyenne mondiale 2019 (36 gCO2e/h)'
    """
    if source not in SOURCES_VIDEO:
        raise nom_inconnu("source", source, SOURCES_VIDEO)
    arr, views, wrap = _pair(minutes, vues, "minutes", "vues")
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
