"""Veille: read feeds, curate them, detect trends, write a digest.

The pipeline is ``ingest`` → ``curate`` → ``classement`` → ``trends`` →
``digest``; ``export`` writes the case's fictional feeds as RSS/Atom files
with an OPML list, and ``cli`` adds ``casekit veille SOURCES... --since DATE
--out FILE``. Heavy libraries (feedparser, scikit-learn, matplotlib) are
imported only when a function runs.

Examples
--------
>>> import casekit
>>> from casekit import veille
>>> articles = veille.dedoublonner(casekit.load("flux_veille").frame)
>>> top = veille.termes_emergents(articles, "2025-09-01", "2025-11-30", n=5)
>>> any("campagne sponsorisee" in t for t in top["terme"])
True
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "lire_flux": "ingest", "lire_opml": "ingest", "collecter": "ingest", "telecharger": "ingest",
    "date_francaise": "ingest", "Flux": "ingest", "Cache": "ingest", "dossier_cache": "ingest",
    "nettoyer_octets": "ingest",
    "categoriser_regles": "classement", "entrainer_classifieur": "classement", "categoriser": "classement",
    "prioriser": "classement", "Classifieur": "classement", "POIDS_DEFAUT": "classement",
    "url_canonique": "curate", "marquer_doublons": "curate", "dedoublonner": "curate",
    "regrouper_similaires": "curate", "evaluer_regroupement": "curate", "lire_regles": "curate",
    "appliquer_regles": "curate",
    "filtrer": "curate", "Regle": "curate",
    "matrice_termes": "trends", "termes_emergents": "trends", "kleinberg": "trends",
    "compter_par_fenetre": "trends", "pics": "trends", "nouveaute": "trends", "expressions": "trends",
    "synthese": "digest", "Synthese": "digest",
    "ecrire_flux": "export", "ecrire_tous": "export", "rss": "export", "atom": "export", "opml": "export",
    "normaliser": "texte", "html_vers_texte": "texte", "mots_vides": "texte", "sans_controle": "texte",
    "verbes_vides": "texte",
    "plonger": "semantique",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"casekit.veille.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'casekit.veille' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "classement", "cli", "curate", "digest", "export", "ingest", "semantique", "texte", "trends"])
