"""Real, sourced reference tables shipped as package data.

Every row carries ``source``, ``date_source``, ``url`` and ``statut``
(``réel``, ``estimation casekit`` or ``hypothèse pédagogique``), so students
can cite, and criticise, every figure. Generators read their calibration from
here: no real figure is hard-coded in a sampler.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from casekit.errors import nom_inconnu

if TYPE_CHECKING:
    import pandas as pd

TABLES: dict[str, str] = {
    "insee_pcs_age": "Groupes socioprofessionnels (PCS) par tranche d'âge, 15 ans ou plus (INSEE RP2022)",
    "handicap_age": "Limitations fonctionnelles et handicap par âge (DREES 2021)",
    "illectronisme_age": "Illectronisme par tranche d'âge (INSEE, enquête TIC 2021)",
    "usages_reseaux": "Usage des réseaux sociaux par plateforme et par âge (DataReportal, Médiamétrie)",
    "benchmarks_canaux": "Repères de performance par canal (CTR, CPC, CPM, engagement, e-mail, SEO)",
    "eco_constantes": "Constantes d'empreinte carbone du numérique (SWDM v4, RTE, AIE, ADEME)",
    "criteres_accessibilite": "Critères d'accessibilité des contenus (WCAG 2.2, RGAA 4.1)",
}
META_COLUMNS = ["source", "date_source", "url", "statut"]


@functools.cache
def _read(name: str) -> pd.DataFrame:
    import pandas as pd

    with resources.files(__name__).joinpath(f"{name}.csv").open("rb") as fh:
        return pd.read_csv(fh, dtype={"date_source": "string", "tranche_age": "string"})


def table(name: str) -> pd.DataFrame:
    """Return a copy of reference table ``name``.

    Examples
    --------
    >>> t = table("insee_pcs_age")
    >>> sorted(t["tranche_age"].unique())[:2]
    ['15-19', '20-24']
    >>> {"source", "date_source", "url"} <= set(t.columns)
    True
    """
    if name not in TABLES:
        raise nom_inconnu("table de référence", name, TABLES)
    return _read(name).copy()


def sources_of(names: list[str]) -> pd.DataFrame:
    """Distinct (table, source, date, url, statut) rows behind ``names``."""
    import pandas as pd

    frames = []
    for n in names:
        t = table(n)[META_COLUMNS].drop_duplicates()
        t.insert(0, "table", n)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=["table", *META_COLUMNS])
    return pd.concat(frames, ignore_index=True)
