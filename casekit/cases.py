"""Case files: discovery, reading (stdlib ``tomllib``) and validation.

A case file describes one fictional organisation; every generator reads the
validated :class:`Case`, which is what keeps all datasets of a case coherent.
Case files live in ``datasets/cases/`` of the repository (packaged as
``casekit/_cases`` in wheels); extra folders can be added with the
``CASEKIT_CASES_PATH`` environment variable (``os.pathsep``-separated).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casekit.errors import FichierCasInvalideError, nom_inconnu, suggestion

DEFAULT_CASE = "rayons_libres"
# A case is either the training case (worked examples, notebook 01, docstrings; its
# answer key is handed out) or an assessed one (BC01 étude de cas; key on the
# instructor's side only). The two sets never overlap.
USAGES = ("entrainement", "evaluation")
SCHEMA_VERSION = 1
#: French weekday names (``[newsletter] jour = "mardi"``).
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
#: Newsletter sending frequencies a case file may declare (days between sends; None = monthly).
FREQUENCES = {"hebdomadaire": 7, "bimensuelle": 14, "mensuelle": None}

# ---------------------------------------------------------------------------
# A tiny declarative schema. ``Opt`` marks optional keys; ``[spec]`` is a list
# of items; ``Map(spec)`` a table with free keys; a tuple of types a leaf.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Opt:
    spec: Any


@dataclass(frozen=True)
class Map:
    spec: Any


@dataclass(frozen=True)
class ListOf:
    spec: Any
    min_len: int = 0


TEXT = (str,)
INT = (int,)
NUM = (int, float)
BOOL = (bool,)
DATE = (dt.date,)
TEXTS = ListOf(TEXT)

_LOI = {
    "loi": TEXT,
    "moyenne": Opt(NUM),
    "ecart_type": Opt(NUM),
    "min": Opt(NUM),
    "max": Opt(NUM),
    "mediane": Opt(NUM),
    "dispersion": Opt(NUM),
    "decalage": Opt(NUM),
    "concentration": Opt(NUM),
    "p": Opt(NUM),
}
_LOI_PARAMS = {
    "normale": {"moyenne", "ecart_type"},
    "lognormale": {"mediane", "dispersion"},
    "poisson": {"moyenne"},
    "beta": {"moyenne", "concentration"},
    "bernoulli": {"p"},
}
_PLAGE = {"min": NUM, "max": NUM}
_MARQUE = {
    "abonnes_initiaux": Map(INT),
    "qualite_contenu": NUM,
    "publications_mois": INT,
    "depenses_pub_mensuelles_eur": NUM,
    "sentiment_moyen": NUM,
    "part_de_marche_locale": NUM,
}
_NOTE = {
    "date": DATE,
    "type": TEXT,
    "titre": TEXT,
    "participants": TEXTS,
    "notes": TEXT,
}

# --- BEGIN phrase banks (owner: i10b; generated French) --------------------
# ``[textes]``: the case's own words. Every sentence a generator writes for a
# case comes from these banks (sector vocabulary, complaints, praise, team
# jargon), so two cases share no sentence template. ``{a|b}`` marks the
# masculine / feminine form of a first-person customer text; ``{slot}`` marks a
# value the generator fills (see datasets/README.md, « Phrase banks »).
_BANQUE_AVIS = {"positif": TEXTS, "negatif": TEXTS}
_TEXTES = {
    "noms": Opt(ListOf({"nom": TEXT, "genre": Opt(TEXT), "nombre": Opt(TEXT),
                        "elision": Opt(BOOL), "propre": Opt(BOOL), "article": Opt(BOOL)})),
    "items_csat": Opt(Map(_BANQUE_AVIS)),
    "problemes": Opt(Map(TEXTS)),
    "verbatims": Opt({
        "promoteur": TEXTS, "passif": TEXTS, "detracteur": TEXTS,
        "liaisons": TEXTS, "creux": TEXTS, "atout": TEXTS, "accessibilite": TEXTS,
        "atout_par_activite": Opt(Map(TEXTS)), "hors_sujet": Opt(TEXTS), "signatures": Opt(TEXTS),
        "contextes": Opt(TEXTS),
    }),
    "mentions": Opt({
        "positif": TEXTS, "negatif": TEXTS, "neutre": TEXTS, "plainte": TEXTS,
        "creux": TEXTS, "format": TEXTS, "themes": Map(_BANQUE_AVIS),
        "debuts": Opt(TEXTS), "fins": Opt(TEXTS),
    }),
    "equipe": Opt({
        "notes": ListOf({"pole": TEXT, "type": TEXT, "theme": TEXT, "texte": TEXT}),
        "histoires": Map(TEXTS),
        "besoins": Opt(Map(TEXTS)),
    }),
    "publics": Opt(Map(TEXTS)),
}
# --- END phrase banks -------------------------------------------------------

SCHEMA: dict[str, Any] = {
    "schema_version": INT,
    "identite": {
        "id": TEXT,
        "nom": TEXT,
        "accroche": TEXT,
        "forme_juridique": TEXT,
        "identifiant_fictif": TEXT,
        "secteur": TEXT,
        "codes_naf": TEXTS,
        "annee_creation": INT,
        "siege_commune": TEXT,
        "code_departement": TEXT,
        "effectif": INT,
        "site_web": TEXT,
        "mission": TEXT,
        "promesse": TEXT,
        "valeurs": ListOf(TEXT, 1),
        "adn": TEXT,
        "ton_editorial": Map(TEXT),
        "offre": ListOf(
            {
                "id": TEXT,
                "nom": TEXT,
                "prix_moyen_eur": NUM,
                "ouverture": Opt(DATE),
                "fermetures": Opt(ListOf({"debut": DATE, "fin": DATE, "motif": TEXT})),
                "mois_actifs": Opt(ListOf(INT, 1)),
                "jours_par_an": Opt(INT),
            },
            1,
        ),
        "usage": TEXT,
    },
    "charte": {
        "typographies": TEXTS,
        "couleurs": ListOf({"nom": TEXT, "hex": TEXT, "role": TEXT}, 2),
    },
    "periode": {"debut": DATE, "fin": DATE},
    # ``histoire``: the event moves with the drawn start of that story (``debuts_possibles``).
    "historique": ListOf({"date": DATE, "type": TEXT, "titre": TEXT, "description": TEXT,
                          "histoire": Opt(TEXT)}, 3),
    "commanditaire": {
        "nom": TEXT,
        "fonction": TEXT,
        "demande": TEXT,
        "budget_annuel_eur": NUM,
        "echeance": DATE,
        "contraintes": TEXTS,
        "objectifs_declares": TEXTS,
        "entretiens": ListOf(_NOTE, 1),
        "ateliers": ListOf(_NOTE, 1),
    },
    "concurrents": ListOf(
        {
            "id": TEXT,
            "nom": TEXT,
            "type": TEXT,
            "positionnement": TEXT,
            "indice_prix": NUM,
            "nb_points_vente": INT,
            "annee_creation": INT,
            "promesse": TEXT,
            "forces": TEXTS,
            "faiblesses": TEXTS,
            "site_web": TEXT,
            **_MARQUE,
        },
        4,
    ),
    "marque": dict(_MARQUE),
    "segmentation": {
        "variables": ListOf(TEXT, 2),
        "libelles": Opt(Map({"description": TEXT, "unite": Opt(TEXT)})),
    },
    "segments": ListOf(
        {
            "id": TEXT,
            "nom": TEXT,
            "part": NUM,
            "description": TEXT,
            "genre": Map(NUM),
            "territoire": Map(NUM),
            "pcs_inclinaison": Map(NUM),
            "canaux": Map(NUM),
            "satisfaction": NUM,
            "numerique_facteur": NUM,
            "accessibilite_facteur": NUM,
            "activite_preferee": TEXT,
            "traits": Map(TEXT),
            "variables": Map(_LOI),
        },
        5,
    ),
    "canaux": ListOf(
        {
            "id": TEXT,
            "nom": TEXT,
            "famille": TEXT,
            "payant": BOOL,
            "cpm_eur": NUM,
            "ctr": NUM,
            "cvr": NUM,
            "panier_moyen_eur": NUM,
            "budget_jour_eur": NUM,
            "couverture_par_impression": NUM,
            "poids_mo_par_impression": NUM,
            "accessibilite": NUM,
        },
        3,
    ),
    "equipe": ListOf(
        {
            "prenom": TEXT,
            "nom": TEXT,
            "role": TEXT,
            "pole": TEXT,
            "besoins_accessibilite": TEXT,
            "temps_travail": NUM,
        },
        3,
    ),
    "histoires": ListOf(
        {
            "id": TEXT,
            "type": TEXT,
            "titre": TEXT,
            "debut": Opt(DATE),
            "fin": Opt(DATE),
            "segment": Opt(TEXT),
            "indicateur": Opt(TEXT),
            "plateforme": Opt(TEXT),
            "format": Opt(TEXT),
            "tranche_age": Opt(TEXT),
            "concurrent": Opt(TEXT),
            "activite": Opt(TEXT),
            "probleme": Opt(TEXTS),
            "segments_possibles": Opt(TEXTS),
            "concurrents_possibles": Opt(TEXTS),
            "plateformes_possibles": Opt(TEXTS),
            "activites_possibles": Opt(TEXTS),
            "debuts_possibles": Opt(ListOf(DATE)),
            "effet": _PLAGE,
            "cause": TEXT,
            "indices": TEXTS,
        },
        3,
    ),
    "enquete": {
        "items_csat": ListOf({"id": TEXT, "libelle": TEXT}, 3),
    },
    "contenus": {
        "piliers": ListOf({"id": TEXT, "nom": TEXT, "activite": Opt(TEXT)}, 3),
        "formats": ListOf(TEXT, 3),
    },
    "zone_chalandise": Opt(
        {
            "population_15plus": INT,
            "zones": ListOf({"nom": TEXT, "type_territoire": TEXT, "poids": NUM}, 3),
        }
    ),
    "newsletter": Opt({"frequence": TEXT, "jour": TEXT, "cout_envoi_eur": NUM}),
    "textes": Opt(_TEXTES),  # phrase banks, see the delimited block above
    "veille": Opt(Map(Any)),
    "choix_canaux": Opt(Map(Any)),
}

STORY_TYPES = {
    "creux_satisfaction": {"debut", "fin", "segment", "indicateur"},
    "format_emergent": {"debut", "plateforme", "format", "tranche_age"},
    "plainte_accessibilite": {"debut", "fin", "probleme"},
    "campagne_concurrent": {"debut", "fin", "concurrent", "plateforme"},
    "atout_meconnu": {"activite"},
}
POLES = {"direction", "marketing", "developpement", "direction_artistique"}
GENRES = {"femme", "homme", "autre", "non_renseigne"}
TERRITOIRES = {"urbain_dense", "urbain_intermediaire", "rural"}
TRAIT_DIRECTIONS = {"haut", "bas"}
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPE_NAMES = {
    str: "texte",
    int: "entier",
    float: "nombre",
    bool: "booléen",
    dt.date: "date (AAAA-MM-JJ)",
}


def _type_label(types: tuple[type, ...]) -> str:
    return " ou ".join(dict.fromkeys(_TYPE_NAMES.get(t, t.__name__) for t in types))


def _check(value: Any, spec: Any, path: str, errors: list[str]) -> None:
    if spec is Any:
        return
    if isinstance(spec, Opt):
        _check(value, spec.spec, path, errors)
    elif isinstance(spec, dict):
        if not isinstance(value, dict):
            errors.append(f"« {path} » doit être une table TOML.")
            return
        for key, sub in spec.items():
            if key not in value:
                if not isinstance(sub, Opt):
                    where = f"{path}.{key}" if path else key
                    errors.append(f"« {where} » est obligatoire mais absent.")
                continue
            _check(value[key], sub, f"{path}.{key}" if path else key, errors)
        for key in value:
            if key not in spec:
                where = f"{path}.{key}" if path else key
                errors.append(f"Clé inconnue « {where} ».{suggestion(key, spec)}")
    elif isinstance(spec, Map):
        if not isinstance(value, dict):
            errors.append(f"« {path} » doit être une table TOML.")
            return
        for key, item in value.items():
            _check(item, spec.spec, f"{path}.{key}", errors)
    elif isinstance(spec, ListOf):
        if not isinstance(value, list):
            errors.append(f"« {path} » doit être une liste.")
            return
        if len(value) < spec.min_len:
            errors.append(
                f"« {path} » doit contenir au moins {spec.min_len} élément(s), "
                f"il en contient {len(value)}."
            )
        for i, item in enumerate(value):
            _check(item, spec.spec, f"{path}[{i}]", errors)
    elif isinstance(spec, tuple):
        ok = isinstance(value, spec) and not (isinstance(value, bool) and bool not in spec)
        if dt.date in spec and isinstance(value, dt.datetime):
            ok = False
        if not ok:
            errors.append(
                f"« {path} » doit être de type {_type_label(spec)}, "
                f"et non {_TYPE_NAMES.get(type(value), type(value).__name__)} ({value!r})."
            )
    else:  # pragma: no cover - schema bug
        raise TypeError(f"bad schema node at {path}: {spec!r}")


def _semantic_checks(data: dict[str, Any], errors: list[str]) -> None:
    """Cross-field rules that a type schema cannot express."""
    ident = data["identite"]
    if not _ID.match(ident["id"]):
        errors.append(
            f"« identite.id » doit être en minuscules ASCII avec des « _ » "
            f"(par exemple « ma_structure »), et non « {ident['id']} »."
        )
    if ident["usage"] not in USAGES:
        errors.append(
            f"« identite.usage » doit valoir « entrainement » ou « evaluation », "
            f"et non « {ident['usage']} »."
        )
    if data["schema_version"] != SCHEMA_VERSION:
        errors.append(
            f"« schema_version » vaut {data['schema_version']} ; cette version de casekit "
            f"lit la version {SCHEMA_VERSION}."
        )
    for i, c in enumerate(data["charte"]["couleurs"]):
        if not _HEX.match(c["hex"]):
            errors.append(f"« charte.couleurs[{i}].hex » doit s'écrire #RRVVBB, et non « {c['hex']} ».")
    debut, fin = data["periode"]["debut"], data["periode"]["fin"]
    if fin <= debut:
        errors.append("« periode.fin » doit être postérieure à « periode.debut ».")

    for section in ("concurrents", "segments", "canaux", "histoires"):
        ids = [item["id"] for item in data[section]]
        for dup in sorted({x for x in ids if ids.count(x) > 1}):
            errors.append(f"Identifiant « {dup} » en double dans « {section} ».")
        for i, x in enumerate(ids):
            if not _ID.match(x):
                errors.append(f"« {section}[{i}].id » doit être en minuscules ASCII : « {x} ».")

    segments = data["segments"]
    total = sum(s["part"] for s in segments)
    if abs(total - 1) > 0.01:
        errors.append(f"Les parts des segments doivent totaliser 1, et non {total:.3f}.")
    features = data["segmentation"]["variables"]
    for name in data["segmentation"].get("libelles", {}):
        if name not in features:
            errors.append(
                f"« segmentation.libelles.{name} » ne correspond à aucune variable de segmentation."
                f"{suggestion(name, features)}"
            )
    for i, seg in enumerate(segments):
        where = f"segments[{i}] ({seg['id']})"
        for name, dist in (("genre", GENRES), ("territoire", TERRITOIRES)):
            for key in seg[name]:
                if key not in dist:
                    errors.append(f"Modalité inconnue « {key} » dans {where}.{name}.{suggestion(key, dist)}")
            s = sum(seg[name].values())
            if abs(s - 1) > 0.01:
                errors.append(f"{where}.{name} doit totaliser 1, et non {s:.3f}.")
        for key in seg["pcs_inclinaison"]:
            if key not in {str(k) for k in range(1, 9)}:
                errors.append(f"{where}.pcs_inclinaison : code PCS « {key} » inconnu (1 à 8).")
        missing = [f for f in features if f not in seg["variables"]]
        if missing:
            errors.append(f"{where}.variables : il manque {', '.join(missing)}.")
        for name, law in seg["variables"].items():
            needed = _LOI_PARAMS.get(law["loi"])
            if needed is None:
                errors.append(
                    f"{where}.variables.{name} : loi « {law['loi']} » inconnue."
                    f"{suggestion(law['loi'], _LOI_PARAMS)}"
                )
            elif missing_p := sorted(needed - set(law)):
                errors.append(
                    f"{where}.variables.{name} : la loi « {law['loi']} » demande "
                    f"{', '.join(missing_p)}."
                )
        for var, direction in seg["traits"].items():
            if var not in features:
                errors.append(f"{where}.traits : « {var} » n'est pas une variable de segmentation.{suggestion(var, features)}")
            if direction not in TRAIT_DIRECTIONS:
                errors.append(f"{where}.traits.{var} doit valoir « haut » ou « bas ».")
        if seg["activite_preferee"] not in {o["id"] for o in ident["offre"]}:
            errors.append(
                f"{where}.activite_preferee : « {seg['activite_preferee']} » n'est pas dans l'offre."
                f"{suggestion(seg['activite_preferee'], [o['id'] for o in ident['offre']])}"
            )

    for i, o in enumerate(ident["offre"]):
        if any(not 1 <= m <= 12 for m in o.get("mois_actifs", [])):
            errors.append(f"« identite.offre[{i}].mois_actifs » : des mois de 1 à 12.")
        for j, c in enumerate(o.get("fermetures", [])):
            if c["fin"] < c["debut"]:
                errors.append(f"« identite.offre[{i}].fermetures[{j}] » : « fin » précède « debut ».")
    chan_ids = [c["id"] for c in data["canaux"]]
    for x in data.get("choix_canaux", {}).get("meilleur_roas_possibles", []):
        if x not in chan_ids:
            errors.append(f"« choix_canaux.meilleur_roas_possibles » : canal « {x} » inconnu.{suggestion(x, chan_ids)}")
    news = data.get("newsletter")
    if news is not None:
        if news["frequence"] not in FREQUENCES:
            errors.append(f"« newsletter.frequence » inconnue : « {news['frequence']} ».{suggestion(news['frequence'], FREQUENCES)}")
        if news["jour"] not in JOURS:
            errors.append(f"« newsletter.jour » inconnu : « {news['jour']} ».{suggestion(news['jour'], JOURS)}")

    for i, m in enumerate(data["equipe"]):
        if m["pole"] not in POLES:
            errors.append(f"« equipe[{i}].pole » inconnu : « {m['pole']} ».{suggestion(m['pole'], POLES)}")

    for i, zone in enumerate(data.get("zone_chalandise", {}).get("zones", [])):
        if zone["type_territoire"] not in TERRITOIRES:
            errors.append(
                f"« zone_chalandise.zones[{i}].type_territoire » inconnu : « {zone['type_territoire']} »."
                f"{suggestion(zone['type_territoire'], TERRITOIRES)}"
            )
    item_ids = [i["id"] for i in data["enquete"]["items_csat"]]
    for i, x in enumerate(item_ids):
        if not x.startswith("csat_"):
            errors.append(f"« enquete.items_csat[{i}].id » doit commencer par « csat_ » : « {x} ».")
    for i, pilier in enumerate(data["contenus"]["piliers"]):
        act = pilier.get("activite")
        if act is not None and act not in {o["id"] for o in ident["offre"]}:
            errors.append(
                f"« contenus.piliers[{i}].activite » : « {act} » n'est pas dans l'offre."
                f"{suggestion(act, [o['id'] for o in ident['offre']])}"
            )

    seg_ids = [s["id"] for s in segments]
    comp_ids = [c["id"] for c in data["concurrents"]]
    offer_ids = [o["id"] for o in ident["offre"]]
    story_ids = [h["id"] for h in data["histoires"]]
    veille = data.get("veille", {})
    if veille.get("sujets_possibles"):
        from casekit.generators.feeds import SUJETS_VEILLE

        for x in veille["sujets_possibles"]:
            if x not in SUJETS_VEILLE:
                errors.append(f"« veille.sujets_possibles » : sujet « {x} » inconnu.{suggestion(str(x), SUJETS_VEILLE)}")
    for d in veille.get("debuts_possibles", []):
        if not isinstance(d, dt.date) or not (debut <= d <= fin - dt.timedelta(days=60)):
            errors.append(f"« veille.debuts_possibles » : {d} doit être une date de la période du cas, "
                          "au moins deux mois avant sa fin.")
    for i, ev in enumerate(data["historique"]):
        if "histoire" in ev and ev["histoire"] not in story_ids:
            errors.append(f"« historique[{i}].histoire » : histoire « {ev['histoire']} » inconnue."
                          f"{suggestion(ev['histoire'], story_ids)}")
    for i, story in enumerate(data["histoires"]):
        where = f"histoires[{i}] ({story['id']})"
        needed = STORY_TYPES.get(story["type"])
        if needed is None:
            errors.append(f"{where} : type « {story['type']} » inconnu.{suggestion(story['type'], STORY_TYPES)}")
            continue
        for key in sorted(needed - set(story)):
            errors.append(f"{where} : le type « {story['type']} » demande « {key} ».")
        if "segment" in story and story["segment"] not in seg_ids:
            errors.append(f"{where} : segment « {story['segment']} » inconnu.{suggestion(story['segment'], seg_ids)}")
        if "concurrent" in story and story["concurrent"] not in comp_ids:
            errors.append(
                f"{where} : concurrent « {story['concurrent']} » inconnu.{suggestion(story['concurrent'], comp_ids)}"
            )
        if "indicateur" in story and story["indicateur"] not in item_ids:
            errors.append(
                f"{where} : indicateur « {story['indicateur']} » absent de « enquete.items_csat »."
                f"{suggestion(story['indicateur'], item_ids)}"
            )
        if "activite" in story and story["activite"] not in offer_ids:
            errors.append(f"{where} : activité « {story['activite']} » inconnue.{suggestion(story['activite'], offer_ids)}")
        for opt, known in (("segments_possibles", seg_ids), ("concurrents_possibles", comp_ids),
                           ("activites_possibles", offer_ids)):
            for x in story.get(opt, []):
                if x not in known:
                    errors.append(f"{where}.{opt} : « {x} » inconnu.{suggestion(x, known)}")
        for d in story.get("debuts_possibles", []):
            shift = d - story.get("debut", d)
            if not (debut <= d <= fin) or ("fin" in story and not story["fin"] + shift <= fin):
                errors.append(f"{where}.debuts_possibles : {d} ferait sortir l'histoire de la période du cas.")
        if story["effet"]["min"] > story["effet"]["max"]:
            errors.append(f"{where} : « effet.min » dépasse « effet.max ».")
        for key in ("debut", "fin"):
            if key in story and not (debut <= story[key] <= fin):
                errors.append(f"{where} : « {key} » ({story[key]}) sort de la période du cas.")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True, eq=False)
class Case:
    """A validated, read-only case file.

    Attributes
    ----------
    id : str
        ASCII identifier, equal to the file name without ``.toml``.
    data : Mapping
        The whole file, frozen (tables are read-only mappings, lists are tuples).
    path : Path
        Where the file was read from.
    digest : str
        SHA-256 of the file bytes, recorded in every dataset's ``versions``.
    """

    id: str
    data: Mapping[str, Any]
    path: Path
    digest: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Case) and (self.id, self.digest) == (other.id, other.digest)

    def __hash__(self) -> int:
        return hash((self.id, self.digest))

    @property
    def nom(self) -> str:
        return self.data["identite"]["nom"]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def usage(self) -> str:
        """``"entrainement"`` (training case) or ``"evaluation"`` (assessed case)."""
        return self.data["identite"]["usage"]

    @property
    def segments(self) -> tuple[Mapping[str, Any], ...]:
        return self.data["segments"]

    @property
    def segment_ids(self) -> list[str]:
        return [s["id"] for s in self.data["segments"]]

    @property
    def concurrents(self) -> tuple[Mapping[str, Any], ...]:
        return self.data["concurrents"]

    @property
    def canaux(self) -> tuple[Mapping[str, Any], ...]:
        return self.data["canaux"]

    def histoires(self, type_: str | None = None) -> list[Mapping[str, Any]]:
        """Planted stories, optionally of one type."""
        return [h for h in self.data["histoires"] if type_ is None or h["type"] == type_]

    def histoire(self, type_: str) -> Mapping[str, Any] | None:
        """The first planted story of a type, or ``None``."""
        found = self.histoires(type_)
        return found[0] if found else None


def validate(data: dict[str, Any], *, where: str = "") -> None:
    """Raise :class:`FichierCasInvalideError` listing every problem in ``data``.

    Examples
    --------
    >>> validate({"schema_version": 1})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casekit.errors.FichierCasInvalideError: Fichier de cas invalide\u00a0: ...
    """
    errors: list[str] = []
    _check(data, SCHEMA, "", errors)
    if not errors:
        _semantic_checks(data, errors)
    if errors:
        shown = "\n".join(f"  - {e}" for e in errors[:25])
        more = f"\n  … et {len(errors) - 25} autre(s)." if len(errors) > 25 else ""
        head = f"Fichier de cas invalide : {where}" if where else "Fichier de cas invalide :"
        raise FichierCasInvalideError(f"{head}\n{shown}{more}")


def read_case_file(path: str | os.PathLike[str]) -> Case:
    """Read and validate one case file.

    Examples
    --------
    >>> case = read_case_file(case_path("rayons_libres"))
    >>> case.nom
    'Rayons Libres'
    """
    import hashlib

    p = Path(path)
    if not p.is_file():
        raise FichierCasInvalideError(f"Fichier de cas introuvable : « {p} ».")
    raw = p.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FichierCasInvalideError(
            f"Le fichier de cas « {p.name} » n'est pas encodé en UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise FichierCasInvalideError(
            f"Le fichier de cas « {p.name} » n'est pas un TOML valide : {exc}."
        ) from None
    validate(data, where=p.name)
    if data["identite"]["id"] != p.stem:
        raise FichierCasInvalideError(
            f"Fichier de cas invalide : {p.name}\n  - « identite.id » vaut "
            f"« {data['identite']['id']} » mais le fichier s'appelle « {p.name} » : "
            "ils doivent correspondre."
        )
    return Case(id=p.stem, data=_freeze(data), path=p, digest=hashlib.sha256(raw).hexdigest())


def case_dirs() -> list[Path]:
    """Folders searched for case files, in priority order."""
    dirs: list[Path] = []
    extra = os.environ.get("CASEKIT_CASES_PATH", "")
    dirs += [Path(d) for d in extra.split(os.pathsep) if d]
    packaged = resources.files("casekit").joinpath("_cases")
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    checkout = Path(__file__).resolve().parents[1] / "datasets" / "cases"
    if checkout.is_dir():
        dirs.append(checkout)
    return dirs


def _iter_case_files() -> Iterator[Path]:
    seen: set[str] = set()
    for d in case_dirs():
        for p in sorted(d.glob("*.toml")):
            if p.stem not in seen:
                seen.add(p.stem)
                yield p


def list_cases(*, usage: str | None = None) -> list[str]:
    """Identifiants des cas disponibles, le cas par défaut en premier.

    ``usage="entrainement"`` ne garde que le cas d'entraînement (exemples,
    carnet 01) ; ``usage="evaluation"`` ne garde que les cas sur lesquels
    l'étude de cas BC01 est évaluée.

    Exemples
    --------
    >>> list_cases()[0]
    'rayons_libres'
    >>> list_cases(usage="entrainement")
    ['rayons_libres']
    >>> "rayons_libres" in list_cases(usage="evaluation")
    False
    """
    if usage is not None and usage not in USAGES:
        raise nom_inconnu("usage", usage, list(USAGES))
    names = [p.stem for p in _iter_case_files()]
    if usage is not None:
        names = [n for n in names if get_case(n).usage == usage]
    return sorted(names, key=lambda n: (n != DEFAULT_CASE, n))


def case_path(name: str) -> Path:
    """Path of the case file called ``name``."""
    for p in _iter_case_files():
        if p.stem == name:
            return p
    raise nom_inconnu("cas", name, list_cases())


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Case:
    return read_case_file(path)


def get_case(case: str | os.PathLike[str] | Case | None = None) -> Case:
    """Resolve ``case`` (``None``, an id, a path to a ``.toml`` or a :class:`Case`).

    Examples
    --------
    >>> get_case().id
    'rayons_libres'
    >>> get_case("rayons_libre")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casekit.errors.NomInconnuError: Cas inconnu\u00a0: «\u00a0rayons_libre\u00a0». Vouliez-vous dire «\u00a0rayons_libres\u00a0»\u202f?
    """
    if isinstance(case, Case):
        return case
    if case is None:
        case = DEFAULT_CASE
    if isinstance(case, os.PathLike) or (isinstance(case, str) and case.endswith(".toml")):
        path = Path(case).resolve()
    elif isinstance(case, str):
        path = case_path(case)
    else:
        from casekit.errors import ArgumentInvalideError

        raise ArgumentInvalideError(
            "L'argument « case » doit être le nom d'un cas (texte), le chemin d'un fichier "
            f".toml ou None, et non un objet de type « {type(case).__name__} »."
        )
    if not path.is_file():
        raise FichierCasInvalideError(f"Fichier de cas introuvable : « {path} ».")
    return _load_cached(path, path.stat().st_mtime_ns)
