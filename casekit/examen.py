"""Exam mode: per-student variants, released data without answer key, grading-side truth.

Three ways a notebook gets its data (see the instructor guide in README.md):

* **self-study** (no data folder, no secret): the training case, seed = the
  student id, with its answer key (``.truth``) for immediate feedback;
* **exam** (a data folder released by ``casekit cours publier``, found through
  ``CASEKIT_DONNEES`` or a ``casekit_donnees/`` folder next to the notebook):
  :func:`casekit.load` reads the student's CSV files, which carry no truth;
* **grading** (nbgrader autograde with ``CASEKIT_SECRET_FILE`` in the grader's
  environment): the variant is regenerated from the course secret and the
  student id read from the submission path (``autograded/<id>/<devoir>``);
  without a secret, the student's self-study variant is graded.

The variant seed is ``HMAC-SHA256(secret, normalised id)``: without the
secret, an id alone does not give the seed, hence not the answer key.
All truth access of hidden tests goes through :meth:`Variante.verite`, the one
place to adapt when the shape of a dataset's ``truth`` changes.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError, CasekitError, raison_systeme

if TYPE_CHECKING:
    import argparse

__all__ = [
    "CleReserveeError",
    "Variante",
    "corrige",
    "graine_examen",
    "mode",
    "publier",
    "variante_corrigee",
]

ENV_DONNEES = "CASEKIT_DONNEES"
ENV_SECRET = "CASEKIT_SECRET_FILE"
ENV_CAS = "CASEKIT_CAS"
ENV_GRAINE = "CASEKIT_GRAINE"  # instructor/test override: run a notebook on one variant
DOSSIER = "casekit_donnees"
MANIFESTE = "manifeste.json"
FORMAT = 1
_MAX_SEED = 2**63 - 1
_MIN_SECRET = 16


class CleReserveeError(CasekitError, AttributeError):
    """The answer key of an assessed case is not handed to students."""


# ---------------------------------------------------------------------------- identity and seed


def normaliser_id(etudiant: Any) -> str:
    """Student id as used for the variant: stripped, lower case.

    Examples
    --------
    >>> normaliser_id("  Alice.Martin ")
    'alice.martin'
    """
    if not isinstance(etudiant, str) or not etudiant.strip():
        raise ArgumentInvalideError(
            f"L'identifiant étudiant doit être un texte non vide, et non {etudiant!r}."
        )
    return etudiant.strip().lower()


def lire_secret(chemin: str | os.PathLike[str]) -> bytes:
    """Read the course secret (at least 16 bytes once stripped)."""
    p = Path(chemin)
    try:
        data = p.read_bytes().strip()
    except OSError as exc:
        raise ArgumentInvalideError(f"Fichier secret « {p} » illisible : {raison_systeme(exc)}.") from None
    if len(data) < _MIN_SECRET:
        raise ArgumentInvalideError(
            f"Le secret du cours (« {p} ») est trop court : {len(data)} octets, il en faut au moins "
            f"{_MIN_SECRET}. Créez-le par exemple avec : python -c \"import secrets; "
            "print(secrets.token_hex(32))\" > secret_cours.txt"
        )
    return data


def graine_examen(secret: bytes, etudiant: str) -> int:
    """The variant seed: HMAC-SHA256(secret, normalised id) as a 63-bit integer.

    Examples
    --------
    >>> s = b"0123456789abcdef-secret"
    >>> graine_examen(s, "Alice") == graine_examen(s, " alice ")
    True
    >>> graine_examen(s, "alice") != graine_examen(b"another-secret-000", "alice")
    True
    """
    mac = hmac.new(secret, normaliser_id(etudiant).encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big") & _MAX_SEED


def etiquette_variante(secret: bytes, etudiant: str) -> str:
    """A short public label of a variant (not the seed: it cannot regenerate the data)."""
    mac = hmac.new(secret, b"etiquette:" + normaliser_id(etudiant).encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:10]


def _default_exam_case() -> str:
    from casekit.cases import list_cases

    cases = list_cases(usage="evaluation")
    if not cases:  # pragma: no cover - the repository ships at least one
        raise ArgumentInvalideError("Aucun cas d'évaluation n'est disponible.")
    return cases[0]


def _exam_case(cas: str | None = None) -> str:
    from casekit.cases import get_case

    name = cas or os.environ.get(ENV_CAS) or _default_exam_case()
    c = get_case(name)
    if c.usage != "evaluation":
        raise ArgumentInvalideError(
            f"Le cas « {c.id} » est le cas d'entraînement : une évaluation se fait sur un cas "
            "d'évaluation (casekit.list_cases(usage=\"evaluation\"))."
        )
    return c.id


# ---------------------------------------------------------------------------- grading context


def etudiant_de_la_soumission(chemin: str | os.PathLike[str] | None = None) -> str | None:
    """Student id from an nbgrader path ``.../autograded/<id>/<devoir>`` (or ``submitted``)."""
    parts = Path(chemin or os.getcwd()).resolve().parts
    for i in range(len(parts) - 2, 0, -1):
        if parts[i - 1] in ("autograded", "submitted") and i + 1 < len(parts):
            return parts[i]
    return None


def _grading() -> tuple[str, bytes | None] | None:
    """(student id, secret or None) when running inside nbgrader autograde."""
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        return None
    etudiant = etudiant_de_la_soumission()
    if etudiant is None:
        raise CasekitError(
            f"Correction : impossible de lire l'identifiant étudiant dans le chemin « {os.getcwd()} » "
            "(attendu : …/autograded/<identifiant>/<devoir>)."
        )
    path = os.environ.get(ENV_SECRET)
    return etudiant, (lire_secret(path) if path else None)


def _graded_variant(etudiant: str, secret: bytes | None, cas: str | None = None) -> tuple[str, int, str | None]:
    """(case, seed, public label) of the submission being graded.

    With the course secret: the exam case and the HMAC seed. Without it (a
    practice class graded with plain nbgrader), exactly what the student had in
    self-study: ``CASEKIT_CAS`` or the default case, seed = the student id.
    """
    if secret is not None:
        return _exam_case(cas), graine_examen(secret, etudiant), etiquette_variante(secret, etudiant)
    from casekit.cases import get_case
    from casekit.seeds import normalise_seed

    return get_case(cas or os.environ.get(ENV_CAS) or None).id, normalise_seed(normaliser_id(etudiant)), None


def _override() -> tuple[str, int] | None:
    """(case, seed) forced by the instructor's environment (tests, worked solutions)."""
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" or ENV_GRAINE not in os.environ:
        return None
    from casekit.seeds import normalise_seed

    return _exam_case(), normalise_seed(os.environ[ENV_GRAINE])


# ---------------------------------------------------------------------------- variants


class Variante:
    """One student's variant, answer key included: instructor and grading side only."""

    def __init__(self, cas: str, graine: int, etudiant: str | None = None) -> None:
        self.cas, self.graine, self.etudiant = cas, graine, etudiant

    def __repr__(self) -> str:
        who = f", etudiant={self.etudiant!r}" if self.etudiant else ""
        return f"Variante(cas={self.cas!r}{who})"

    def load(self, name: str, *, raw: bool = False) -> Bunch:
        """The dataset with its ``truth``."""
        return corrige(name, case=self.cas, seed=self.graine, raw=raw)

    def verite(self, name: str, *cle: str, raw: bool = False) -> Any:
        """Truth of ``name`` (optionally the item at path ``cle``): THE adapter for hidden tests.

        When a generator changes the shape of its ``truth``, map the old path
        to the new one in :data:`CHEMINS_VERITE`; hidden tests stay unchanged.
        """
        truth = self.load(name, raw=raw).truth
        path = CHEMINS_VERITE.get((name, *cle), cle)
        if callable(path):
            return path(truth)
        value = truth
        for k in path:
            try:
                value = value[k]
            except (KeyError, IndexError, TypeError):
                raise KeyError(f"truth de « {name} » : pas d'entrée {'/'.join(cle)}") from None
        return value


def _short_tracebacks() -> None:
    """In the grading kernel, show only the French message: the feedback never quotes a hidden test line."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - plain Python
        return
    import contextlib
    import io

    ip = get_ipython()
    if ip is not None:
        with contextlib.redirect_stdout(io.StringIO()):
            ip.run_line_magic("xmode", "Minimal")


# (dataset, *path) -> new path tuple, or a function of the whole truth dict.
CHEMINS_VERITE: dict[tuple[str, ...], Any] = {}


def corrige(name: str, *, case: Any, seed: int | str | None = None, raw: bool = False) -> Bunch:
    """Instructor side: a dataset of any case, answer key (``truth``) included.

    Examples
    --------
    >>> b = corrige("clients", case="cuve_a_sons", seed=3)
    >>> isinstance(b.truth, dict)
    True
    """
    from casekit.datasets import _load

    return _load(name, case=case, seed=seed, raw=raw, with_truth=True)


def variante_corrigee(*, cas: str | None = None) -> Variante:
    """Grading side: the variant of the submission being graded, with its answer key.

    Inside ``nbgrader autograde`` the student id comes from the submission path
    and the secret from ``CASEKIT_SECRET_FILE`` (the grader's environment),
    never from what the student typed. Without a secret, the student's
    self-study variant (default case, seed = id) is graded. ``CASEKIT_GRAINE`` (with optional
    ``CASEKIT_CAS``) selects a variant outside grading, for tests.
    """
    g = _grading()
    if g is not None:
        _short_tracebacks()
        case, seed, _ = _graded_variant(*g, cas)
        return Variante(case, seed, normaliser_id(g[0]))
    o = _override()
    if o is not None:
        return Variante(cas or o[0], o[1])
    raise CasekitError(
        "variante_corrigee() ne sert qu'à la correction (nbgrader autograde avec "
        f"{ENV_SECRET}) ou avec {ENV_GRAINE} pour l'enseignant. En autoformation, "
        "les vérifications visibles du carnet suffisent."
    )


# ---------------------------------------------------------------------------- student side


def dossier_donnees() -> Path | None:
    """The released data folder in use, if any (``CASEKIT_DONNEES`` or ``./casekit_donnees``)."""
    env = os.environ.get(ENV_DONNEES)
    if env:
        p = Path(env)
        if not (p / MANIFESTE).is_file():
            raise ArgumentInvalideError(
                f"{ENV_DONNEES} désigne « {p} », qui ne contient pas de « {MANIFESTE} » : "
                "indiquez le dossier de données reçu de votre formateur ou formatrice."
            )
        return p
    here = Path.cwd() / DOSSIER
    return here if (here / MANIFESTE).is_file() else None


def source_etudiant(case: Any, seed: Any) -> tuple[str, Any] | None:
    """Where ``casekit.load(name)`` without ``case`` takes its data from, if not the default.

    ``("generer", (case, seed, label))`` in grading or instructor override,
    ``("dossier", path)`` for a released data folder, ``None`` otherwise.
    """
    if case is not None:
        return None
    g = _grading()
    if g is not None:
        return "generer", _graded_variant(*g)
    o = _override()
    if o is not None:
        return "generer", (*o, None)
    d = dossier_donnees()
    if d is None:
        return None
    manifest = json.loads((d / MANIFESTE).read_text(encoding="utf-8"))
    if seed is not None and isinstance(seed, str) and normaliser_id(seed) != manifest["etudiant"] \
            and seed.strip().lower() not in _PLACEHOLDERS:
        raise ArgumentInvalideError(
            f"Le dossier de données « {d} » appartient à « {manifest['etudiant']} », et non à "
            f"« {seed.strip()} » : vérifiez votre identifiant dans la première cellule."
        )
    return "dossier", d


_PLACEHOLDERS = {"votre.identifiant", "prenom.nom"}


def lire_dossier(d: Path, name: str, *, raw: bool = False) -> Bunch:
    """Read one released dataset (no truth)."""
    import pandas as pd

    from casekit.cli import _restore
    from casekit.datasets import spec

    s = spec(name)
    key = f"{name}_brut" if raw else name
    meta_path = d / f"{key}.json"
    if not meta_path.is_file():
        if raw and not s.raw:
            raise ArgumentInvalideError(f"Le jeu de données « {name} » n'a pas de version brute (raw=True).")
        raise ArgumentInvalideError(f"« {meta_path.name} » manque dans le dossier de données « {d} ».")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))

    def frame(stem: str, schema: list) -> pd.DataFrame:
        rawdf = pd.read_csv(d / f"{stem}.csv", dtype=object, keep_default_na=False, na_values=[""],
                            encoding="utf-8")
        return _restore(rawdf, schema)

    def book(records: list) -> pd.DataFrame:
        return pd.DataFrame(records, columns=["colonne", "type", "description", "unite", "valeurs"])

    return _sans_cle(
        name=name,
        case=meta["cas"],
        frame=frame(key, meta["types"]),
        DESCR=meta["DESCR"],
        codebook=book(meta["codebook"]),
        sources=pd.DataFrame(meta["sources"]["lignes"], columns=meta["sources"]["colonnes"]),
        tables={t: frame(f"{key}__{t}", sch) for t, sch in meta["tables"].items()},
        codebooks_tables={t: book(r) for t, r in meta["codebooks_tables"].items()},
        seed=None,
        seed_input=meta["etudiant"],
        raw=raw,
        versions=meta["versions"],
        variante=meta["variante"],
    )


class DonneesSansCle(Bunch):
    """A Bunch of an assessed case: reading ``truth`` raises a French error."""

    def __getattr__(self, key: str) -> Any:
        if key == "truth":
            raise CleReserveeError(
                f"Le jeu « {self.get('name')} » du cas « {self.get('case')} » est un cas d'évaluation : "
                "son corrigé (truth) n'est pas distribué aux étudiants. Côté formateur : "
                "casekit.examen.corrige(nom, case=..., seed=...) ; à la correction : "
                "casekit.examen.variante_corrigee()."
            )
        return super().__getattr__(key)

    def __getitem__(self, key: str) -> Any:
        if key == "truth":
            return self.__getattr__(key)
        return super().__getitem__(key)


def _sans_cle(**fields: Any) -> DonneesSansCle:
    return DonneesSansCle(**fields)


def mode(etudiant: str | None = None) -> str:
    """Print and return how this notebook gets its data (« autoformation », « examen », « correction »)."""
    d = None if _grading() or _override() else dossier_donnees()
    if _grading() is not None:
        m, msg = "correction", "Mode correction : variante régénérée à partir de la soumission."
    elif _override() is not None:
        case, _ = _override()
        m, msg = "enseignant", f"Mode enseignant : cas « {case} », graine fixée par {ENV_GRAINE}."
    elif d is not None:
        manifest = json.loads((d / MANIFESTE).read_text(encoding="utf-8"))
        m = "examen"
        msg = (f"Mode examen : données de « {manifest['etudiant']} » (cas « {manifest['cas']} », "
               f"variante {manifest['variante']}), lues dans « {d} ».")
    else:
        from casekit.cases import get_case

        m = "autoformation"
        who = f"graine « {etudiant} »" if etudiant else "graine par défaut"
        msg = (f"Mode autoformation : cas d'entraînement « {get_case(None).id} », {who}. "
               "Le corrigé (truth) est disponible pour vous entraîner.")
    print(msg)
    return m


# ---------------------------------------------------------------------------- release


def lire_liste(chemin: str | os.PathLike[str]) -> list[str]:
    """Student ids from a roster CSV (column ``etudiant``, ``id`` or ``identifiant``, else the first)."""
    p = Path(chemin)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ArgumentInvalideError(f"Liste d'étudiants « {p} » illisible : {raison_systeme(exc)}.") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ArgumentInvalideError(f"La liste d'étudiants « {p} » est vide.")
    header = [h.strip().lower() for h in rows[0]]
    col = next((header.index(h) for h in ("etudiant", "id", "identifiant") if h in header), None)
    body = rows[1:] if col is not None else rows
    col = col or 0
    ids = [r[col].strip() for r in body if len(r) > col and r[col].strip()]
    if not ids:
        raise ArgumentInvalideError(f"Aucun identifiant dans « {p} ».")
    dup = sorted({normaliser_id(i) for i in ids if [normaliser_id(x) for x in ids].count(normaliser_id(i)) > 1})
    if dup:
        raise ArgumentInvalideError(f"Identifiants en double dans « {p} » : {', '.join(dup)}.")
    return ids


_SAFE = re.compile(r"[^a-z0-9._-]+")


def _records(df) -> list:
    from casekit.cli import _plain

    return [[_plain(v) for v in row] for row in df.itertuples(index=False)]


def _write_variant(out: Path, cas: str, graine: int, etudiant: str, label: str) -> list[str]:
    from casekit.cli import _csv_bytes, _schema
    from casekit.datasets import REGISTRY

    out.mkdir(parents=True, exist_ok=True)
    names = []
    for name, s in REGISTRY.items():
        for raw in (False, True) if s.raw else (False,):
            from casekit.datasets import _load

            b = _load(name, case=cas, seed=graine, raw=raw, with_truth=False, seed_label=label)
            key = f"{name}_brut" if raw else name
            (out / f"{key}.csv").write_bytes(_csv_bytes(b.frame))
            for t, tf in b.tables.items():
                (out / f"{key}__{t}.csv").write_bytes(_csv_bytes(tf))
            meta = {
                "format": FORMAT, "nom": name, "cas": cas, "etudiant": normaliser_id(etudiant),
                "variante": label, "raw": raw, "DESCR": b.DESCR,
                "codebook": _records(b.codebook),
                "codebooks_tables": {t: _records(v) for t, v in b.codebooks_tables.items()},
                "sources": {"colonnes": [str(c) for c in b.sources.columns], "lignes": _records(b.sources)},
                "versions": b.versions, "types": _schema(b.frame),
                "tables": {t: _schema(tf) for t, tf in b.tables.items()},
            }
            (out / f"{key}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str) + "\n",
                                             encoding="utf-8")
            names.append(key)
    return names


def publier(
    secret_file: str | os.PathLike[str],
    etudiants: str | os.PathLike[str] | Sequence[str],
    *,
    cas: str | None = None,
    out: str | os.PathLike[str],
    stream: Any = None,
) -> int:
    """Write each student's data folder ``<out>/<id>/casekit_donnees/`` (no truth); return an exit code.

    Every student gets an explicit status line; one failure does not stop the others (exit code 1).
    """
    stream = stream or sys.stdout
    secret = lire_secret(secret_file)
    ids = list(etudiants) if not isinstance(etudiants, str | os.PathLike) else lire_liste(etudiants)
    case_id = _exam_case(cas)
    root = Path(out)
    failed = 0
    for etudiant in ids:
        try:
            nid = normaliser_id(etudiant)
            folder = root / (_SAFE.sub("_", nid) or "etudiant") / DOSSIER
            label = etiquette_variante(secret, nid)
            names = _write_variant(folder, case_id, graine_examen(secret, nid), nid, label)
            manifest = {"format": FORMAT, "cas": case_id, "etudiant": nid, "variante": label,
                        "jeux": names}
            (folder / MANIFESTE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
            print(f"✓ {nid} : {len(names)} jeux, variante {label}", file=stream)
        except (CasekitError, OSError) as exc:  # one student's failure never stops the batch
            failed += 1
            print(f"✗ {etudiant!r} : {exc}", file=stream)
    print(f"{len(ids) - failed} dossier(s) écrit(s) dans « {root} », {failed} échec(s).", file=stream)
    return 1 if failed else 0


# ---------------------------------------------------------------------------- CLI


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``casekit cours`` (publier, construire) to the main CLI."""
    def parser(parent, name: str, help_: str):
        sp = parent.add_parser(name, help=help_, description=help_, add_help=False)
        sp.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
        return sp

    c = parser(sub, "cours", "outils du formateur : publier les données d'examen, construire le cours")
    csub = c.add_subparsers(dest="action", metavar="ACTION", parser_class=type(c))
    p = parser(csub, "publier", "écrire le dossier de données (sans corrigé) de chaque étudiant")
    p.add_argument("--secret-file", required=True, metavar="FICHIER", help="fichier contenant le secret du cours")
    p.add_argument("--etudiants", required=True, metavar="LISTE.csv",
                   help="liste CSV (colonne etudiant, id ou identifiant)")
    p.add_argument("--cas", default=None, help="cas d'évaluation (défaut : le premier)")
    p.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de sortie")
    b = parser(csub, "construire", "reconstruire les carnets BC01 (grading/build.py)")
    b.add_argument("--verifier", action="store_true", help="échoue si un fichier généré est périmé")
    c.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.action == "publier":
        return publier(args.secret_file, args.etudiants, cas=args.cas, out=args.out)
    if args.action == "construire":
        import subprocess

        script = Path(__file__).resolve().parents[1] / "grading" / "build.py"
        if not script.is_file():
            raise CasekitError("grading/build.py introuvable : cette commande s'utilise dans le dépôt casekit.")
        cmd = [sys.executable, str(script), *(["--verifier"] if args.verifier else [])]
        return subprocess.call(cmd)
    print("Actions : publier, construire (casekit cours -h).")
    return 0
