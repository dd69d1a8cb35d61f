"""The dataset registry and the one entry point, :func:`load`.

Each dataset is built by one generator from the case and the seed; see
``casekit/generators/``. The registry maps a French ASCII name to the
generator, a title and a data version (bumped whenever the output of that
generator changes, as scikit-learn documents its data fixes).
"""

from __future__ import annotations

import copy
import functools
import importlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError, nom_inconnu

if TYPE_CHECKING:
    import pandas as pd

    from casekit.cases import Case
    from casekit.generators._base import Parts

DISCLAIMER = (
    "Organisation, personnes et concurrents fictifs ; chiffres de marché réels "
    "sourcés dans `sources` (tables de référence)."
)


@dataclass(frozen=True)
class DatasetSpec:
    """Where a dataset's generator lives and how it is described."""

    name: str
    module: str
    function: str
    titre: str
    version: str = "1"
    raw: bool = False

    def builder(self):
        return getattr(importlib.import_module(self.module), self.function)


_G = "casekit.generators."
REGISTRY: dict[str, DatasetSpec] = {
    s.name: s
    for s in [
        DatasetSpec("profil", _G + "organisation", "build_profil", "Profil et identité de l'organisation"),
        DatasetSpec("historique", _G + "organisation", "build_historique", "Historique de l'organisation"),
        DatasetSpec(
            "brief_commanditaire", _G + "organisation", "build_brief",
            "Brief du commanditaire, entretiens et ateliers",
        ),
        DatasetSpec(
            "enquete_satisfaction", _G + "surveys", "build_enquete_satisfaction",
            "Enquête de satisfaction clients (NPS, CSAT, verbatims)", raw=True,
        ),
        DatasetSpec("clients", _G + "audience", "build_clients", "Fichier clients (CRM)", raw=True),
        DatasetSpec(
            "population_zone", _G + "audience", "build_population_zone",
            "Population de la zone de chalandise par âge et PCS",
        ),
        DatasetSpec(
            "enquete_usages", _G + "audience", "build_enquete_usages",
            "Enquête sur les usages numériques (réseaux, formats, moments, appareils)",
        ),
        DatasetSpec("concurrents", _G + "competition", "build_concurrents", "Fiches concurrents"),
        DatasetSpec(
            "benchmark_social", _G + "competition", "build_benchmark_social",
            "Benchmark mensuel des réseaux sociaux par marque et plateforme",
        ),
        DatasetSpec("mentions", _G + "listening", "build_mentions", "Écoute sociale : mentions des marques"),
        DatasetSpec(
            "indicateurs_internes", _G + "internal", "build_indicateurs_internes",
            "Indicateurs internes : finances et KPI",
        ),
        DatasetSpec(
            "inventaire_contenus", _G + "content", "build_inventaire_contenus",
            "Inventaire et audit des contenus (performance, accessibilité, empreinte)",
            version="2",  # 2: footprint from casekit.eco defaults (life-cycle French intensity)
        ),
        DatasetSpec(
            "campagnes_canaux", _G + "channels", "build_campagnes_canaux",
            "Résultats quotidiens par canal (payant et propre) et affinités audience × canal", raw=True,
            version="2",  # 2: footprint from casekit.eco defaults (life-cycle French intensity)
        ),
        DatasetSpec(
            "retours_equipes", _G + "team", "build_retours_equipes",
            "Retours des équipes marketing, développement et direction artistique",
        ),
        DatasetSpec(
            "flux_veille", _G + "feeds", "build_flux_veille",
            "Articles des flux RSS/Atom de veille (tendances, technique, juridique, concurrence)",
        ),
        DatasetSpec("reference", _G + "reference_tables", "build_reference", "Tables de référence réelles et sourcées"),
    ]
}


def list_datasets() -> list[str]:
    """Noms de tous les jeux de données, dans l'ordre du cours.

    Exemples
    --------
    >>> "clients" in list_datasets()
    True
    """
    return list(REGISTRY)


def spec(name: str) -> DatasetSpec:
    """The :class:`DatasetSpec` of ``name``, with a French error if unknown."""
    if not isinstance(name, str):
        raise ArgumentInvalideError(
            "Le nom du jeu de données doit être un texte, par exemple "
            f"casekit.load(\"clients\"), et non un objet de type « {type(name).__name__} »."
            + (" Si vous avez déjà un DataFrame, vous n'avez pas besoin de load()."
               if type(name).__name__ == "DataFrame" else "")
        )
    try:
        return REGISTRY[name]
    except KeyError:
        raise nom_inconnu("jeu de données", name, REGISTRY) from None


@functools.lru_cache(maxsize=256)
def _build(name: str, case: Case, seed: int, raw: bool) -> Parts:
    from casekit.scenario import scenario

    scn = scenario(case, seed)
    parts = spec(name).builder()(scn, scn.rng(name), raw=raw)
    if not raw:  # French typography on every generated text (raw exports stay as tools write them)
        from casekit.generators.francais import DEJA_COMPOSES, typo_frame

        parts.frame = typo_frame(parts.frame, DEJA_COMPOSES.get(name, ()))
        parts.tables = {k: typo_frame(v) for k, v in parts.tables.items()}
    return parts


def _codebook(columns) -> pd.DataFrame:
    import pandas as pd

    from casekit.generators.francais import typo_frame

    return typo_frame(pd.DataFrame(
        [tuple(c) for c in columns], columns=["colonne", "type", "description", "unite", "valeurs"]
    ))


class Tables(dict):
    """Secondary tables of a dataset: an unknown name gets a French error with suggestions.

    Examples
    --------
    >>> Tables({"profil_canaux": 1})["profil_canal"]
    Traceback (most recent call last):
    ...
    casekit.errors.NomInconnuError: Table inconnue\u00a0: «\u00a0profil_canal\u00a0». Vouliez-vous dire «\u00a0profil_canaux\u00a0»\u202f?
    """

    def __missing__(self, key: object):
        from casekit.errors import NomInconnuError

        if not self:
            raise NomInconnuError(f"Table inconnue : « {key} » : ce jeu de données n'a pas de table secondaire.")
        raise nom_inconnu("table", key, self)


def _descr(s: DatasetSpec, case: Case, parts: Parts, seed: int, raw: bool, versions: dict,
           *, seed_label: str | None = None) -> str:
    from casekit.generators.francais import date_longue, typo

    ident = case["identite"]
    title = f"{ident['nom']} — {s.name} : {s.titre}"
    lines = [title, "=" * len(title), "", DISCLAIMER, ""]
    lines += [
        "Contexte",
        "--------",
        f"{ident['nom']} ({ident['forme_juridique']}, {ident['siege_commune']}, "
        f"depuis {ident['annee_creation']}) : {ident['secteur'].lower()}. {ident['mission']}",
        f"Période étudiée : du {date_longue(case['periode']['debut'])} au {date_longue(case['periode']['fin'])}.",
        "",
        parts.description.strip(),
        "",
    ]
    if raw:
        lines += ["Version brute (raw=True) : contient volontairement des défauts à nettoyer.", ""]

    def dictionary(cols, heading):
        out = [heading, "-" * len(heading)]
        for c in cols:
            extra = ", ".join(x for x in (c.type, c.unite) if x)
            out.append(f"- {c.nom} ({extra}) : {c.description}")
            if c.valeurs:
                out.append(f"    valeurs : {c.valeurs}")
        return [*out, ""]

    lines += dictionary(parts.columns, "Dictionnaire des variables")
    for tname, cols in parts.table_columns.items():
        lines += dictionary(cols, f"Table secondaire « {tname} »")
    if parts.sources:
        from casekit.reference import TABLES

        lines += ["Sources", "-------"]
        lines += [f"- {TABLES[t]} (voir `sources`)" for t in parts.sources]
        lines.append("")
    lines.append(
        f"Cas « {case.id} », "
        + (f"graine {seed}" if seed_label is None else f"variante {seed_label}")
        + f", casekit {versions['casekit']}, "
        f"version des données {versions['donnees']}."
    )
    return typo("\n".join(lines))


def load(
    name: str,
    *,
    case: str | os.PathLike[str] | Case | None = None,
    seed: int | str | None = None,
    raw: bool = False,
) -> Bunch:
    """Charge un jeu de données d'un cas, sous forme de Bunch.

    Paramètres
    ----------
    name : str
        Nom du jeu de données (voir :func:`list_datasets`).
    case : str, chemin ou None
        Identifiant du cas (voir ``casekit.list_cases()``), chemin d'un fichier
        de cas ``.toml``, ou ``None`` pour le cas par défaut.
    seed : int, str ou None
        Un entier ou un identifiant étudiant ; la même graine donne toujours
        les mêmes données, une autre graine d'autres chiffres avec les mêmes histoires.
    raw : bool
        Seulement pour les jeux qui en ont une : une version brute, avec des
        défauts réalistes à nettoyer.

    Renvoie
    -------
    Bunch
        ``frame`` (DataFrame), ``DESCR`` (description en français), ``codebook``,
        ``truth`` (corrigé, cas d'entraînement seulement : voir :mod:`casekit.examen`),
        ``sources``, ``seed``, ``versions``, ``tables`` (tables secondaires) et
        ``codebooks_tables`` (leurs dictionnaires), ``name``, ``case``, ``raw``.

    Remarques
    ---------
    Sans ``case``, les données viennent du dossier de données d'examen s'il est
    configuré (``CASEKIT_DONNEES`` ou ``casekit_donnees/`` à côté du notebook)
    et, à la correction, de la variante de la copie. Les cas d'évaluation
    (``usage = "evaluation"``) n'ont pas de ``truth`` : le formateur utilise
    :func:`casekit.examen.corrige`.

    Exemples
    --------
    >>> import casekit
    >>> b = casekit.load("clients", seed="etudiant-42")
    >>> list(b.codebook["colonne"]) == list(b.frame.columns)
    True
    >>> b.versions["casekit"] == casekit.__version__
    True
    >>> "truth" in b  # cas d'entraînement : le corrigé vient avec les données
    True
    """
    from casekit.examen import lire_dossier, source_etudiant

    s = spec(name)
    _check_raw(s, name, raw)
    src = source_etudiant(case, seed)
    label = None
    if src is not None and src[0] == "dossier":
        return lire_dossier(src[1], name, raw=raw)
    if src is not None:
        case, seed, label = src[1]
    return _load(name, case=case, seed=seed, raw=raw, with_truth=None, seed_label=label)


def _check_raw(s: DatasetSpec, name: str, raw: object) -> None:
    if not isinstance(raw, bool):
        raise ArgumentInvalideError(f"« raw » doit valoir True ou False, et non {raw!r}.")
    if raw and not s.raw:
        with_raw = [n for n, sp in REGISTRY.items() if sp.raw]
        raise ArgumentInvalideError(
            f"Le jeu de données « {name} » n'a pas de version brute (raw=True). "
            f"Version brute disponible pour : {', '.join(with_raw)}."
        )


def _load(
    name: str,
    *,
    case: str | os.PathLike[str] | Case | None,
    seed: int | str | None,
    raw: bool,
    with_truth: bool | None,
    seed_label: str | None = None,
) -> Bunch:
    """Build a dataset. ``with_truth=None``: truth only for the training case.

    ``seed_label`` replaces the seed in DESCR and in ``seed`` (exam variants:
    the seed would let a student regenerate the answer key).
    """
    from casekit import __version__
    from casekit.cases import get_case
    from casekit.examen import DonneesSansCle
    from casekit.seeds import normalise_seed

    s = spec(name)
    _check_raw(s, name, raw)
    c = get_case(case)
    seed_int = normalise_seed(seed)
    parts = _build(name, c, seed_int, raw)
    if with_truth is None:
        with_truth = c.usage != "evaluation"

    import numpy as np
    import pandas as pd

    from casekit.reference import sources_of

    versions = {
        "casekit": __version__,
        "donnees": s.version,
        "cas": c.digest[:12],
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    fields = dict(
        name=name,
        case=c.id,
        frame=parts.frame.copy(),
        DESCR=_descr(s, c, parts, seed_int, raw, versions, seed_label=seed_label),
        codebook=_codebook(parts.columns),
        sources=sources_of(parts.sources),
        tables=Tables({k: v.copy() for k, v in parts.tables.items()}),
        codebooks_tables=Tables({k: _codebook(cols) for k, cols in parts.table_columns.items()}),
        seed=seed_int if seed_label is None else None,
        seed_input=seed if seed_label is None else None,
        raw=raw,
        versions=versions,
    )
    if seed_label is not None:
        fields["variante"] = seed_label
    if with_truth:
        return Bunch(**fields, truth=copy.deepcopy(parts.truth))
    return DonneesSansCle(**fields)


def describe(name: str, *, case: str | None = None, seed: int | str | None = None) -> None:
    """Affiche la description (DESCR) d'un jeu de données.

    Exemples
    --------
    >>> describe("profil")  # doctest: +ELLIPSIS
    Rayons Libres — profil...
    """
    print(load(name, case=case, seed=seed).DESCR)


def clear_cache() -> None:
    """Forget generated datasets (used by benchmarks and tests)."""
    _build.cache_clear()
    from casekit.scenario import scenario

    scenario.cache_clear()
