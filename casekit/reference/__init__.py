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

#: French description and unit of every column used in the reference tables.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "tranche_age": ("texte", "Tranche d'âge de la source.", ""),
    "part_tranche_15plus_pct": ("décimal", "Part de la tranche d'âge dans la population de 15 ans ou plus.", "%"),
    "pcs_code": ("entier", "Groupe socioprofessionnel INSEE (niveau 1).", "1 à 8"),
    "pcs_libelle": ("texte", "Libellé du groupe socioprofessionnel.", ""),
    "part_pct": ("décimal", "Part du groupe dans la tranche d'âge.", "%"),
    "age_min": ("entier", "Âge minimal de la tranche.", "ans"),
    "age_max": ("entier", "Âge maximal de la tranche (120 = sans limite).", "ans"),
    "indicateur": ("texte", "Ce que mesure la valeur.", ""),
    "valeur_pct": ("décimal", "Valeur de l'indicateur (en %, sauf mention contraire dans l'indicateur).", "%"),
    "taux_illectronisme_pct": ("décimal", "Part des personnes en situation d'illectronisme.", "%"),
    "part_capacites_faibles_pct": ("décimal", "Part des internautes aux capacités numériques faibles.", "%"),
    "plateforme": ("texte", "Réseau social ou service concerné.", ""),
    "population": ("texte", "Univers de l'étude (à qui la mesure s'applique).", ""),
    "canal": ("texte", "Canal ou levier concerné.", ""),
    "valeur": ("décimal", "Valeur de l'indicateur, dans l'unité indiquée.", ""),
    "unite": ("texte", "Unité de la valeur.", ""),
    "constante": ("texte", "Nom de la constante.", ""),
    "referentiel": ("texte", "Référentiel (WCAG ou RGAA).", ""),
    "critere": ("texte", "Numéro du critère dans le référentiel.", ""),
    "intitule": ("texte", "Intitulé court du critère.", ""),
    "niveau": ("texte", "Niveau de conformité (A, AA, AAA).", ""),
    "enonce": ("texte", "Énoncé du critère, en français.", ""),
    "theme": ("texte", "Thème casekit du critère (alt_text, sous_titres, contraste…).", ""),
    "source": ("texte", "Source de la ligne (organisme, publication).", ""),
    "date_source": ("texte", "Date de publication de la source.", ""),
    "url": ("texte", "Adresse de la source.", ""),
    "statut": ("texte", "Réel, estimation casekit ou hypothèse pédagogique ; ⚠ = source secondaire.", ""),
}


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
