"""Command line: ``casekit datasets · describe · export`` (and ``veille``, ``grade`` if installed).

``casekit export`` writes every dataset of a case as UTF-8 CSV (secondary
tables as ``<jeu>__<table>.csv``), a French data dictionary ``LISEZMOI.md``
and ``types_colonnes.json``, which lets :func:`read_export` restore the exact
pandas dtypes, so the CSVs round-trip to the frames of :func:`casekit.load`.

Re-running an export with identical content is a no-op; an export that would
change existing files is refused unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["export", "main", "read_export"]

TYPES_FILE = "types_colonnes.json"
README_FILE = "LISEZMOI.md"


# ---------------------------------------------------------------------------
# CSV writing and reading with dtypes
# ---------------------------------------------------------------------------


def _plain(v: Any) -> Any:
    import numpy as np

    if isinstance(v, np.generic):
        return v.item()
    return v


def _schema(frame) -> list[dict[str, Any]]:
    import pandas as pd

    cols = []
    for c in frame.columns:
        s = frame[c]
        entry: dict[str, Any] = {"nom": str(c), "dtype": str(s.dtype)}
        if isinstance(s.dtype, pd.CategoricalDtype):
            entry["categories"] = [_plain(x) for x in s.cat.categories]
            entry["ordered"] = bool(s.dtype.ordered)
            entry["categories_dtype"] = str(s.cat.categories.dtype)
        if pd.api.types.is_string_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
            entry["vide_est_manquant"] = bool(s.isna().any()) or not bool((s == "").any())
        cols.append(entry)
    return cols


def _csv_bytes(frame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _restore(raw, schema: list[dict[str, Any]]):
    import pandas as pd

    out = {}
    for entry in schema:
        name, dtype = entry["nom"], entry["dtype"]
        s = raw[name]
        missing = s.isna()
        if dtype.startswith("datetime64"):
            utc = "UTC" in dtype or "," in dtype
            out[name] = pd.to_datetime(s, utc=utc, format="ISO8601").astype(dtype)
        elif dtype == "category":
            cats_dtype = entry.get("categories_dtype", "object")
            values = s if cats_dtype in ("object", "str", "string") else s.astype(cats_dtype)
            cats = pd.Index(entry["categories"])
            if cats_dtype not in ("object",):
                cats = cats.astype(cats_dtype)
            out[name] = pd.Series(pd.Categorical(values, categories=cats, ordered=entry["ordered"]),
                                  index=s.index)
        elif dtype in ("bool", "boolean"):
            mapped = s.map({"True": True, "False": False})
            out[name] = mapped.astype(dtype if dtype == "boolean" or not missing.any() else "boolean")
        elif dtype in ("str", "string", "object"):
            col = s.where(~missing, "" if not entry.get("vide_est_manquant", True) else None)
            out[name] = col.astype(dtype) if dtype != "object" else col
        elif "float" in dtype.lower():
            out[name] = pd.Series([float(v) if isinstance(v, str) else None for v in s],
                                  index=s.index, dtype=dtype)
        else:  # integers: int64, Int64...
            out[name] = pd.Series([int(v) if isinstance(v, str) else None for v in s],
                                  index=s.index, dtype=dtype)
    return pd.DataFrame(out, columns=[e["nom"] for e in schema])


def read_export(dossier: str | Path, name: str, table: str | None = None):
    """Read back one exported CSV with its pandas dtypes.

    Parameters
    ----------
    dossier : path
        Folder written by ``casekit export``.
    name : str
        Dataset name, e.g. ``"clients"``.
    table : str, optional
        Secondary table (file ``<name>__<table>.csv``).

    Returns
    -------
    DataFrame
        Equal to ``casekit.load(name).frame`` (or ``.tables[table]``) for the
        case and seed of the export.

    Examples
    --------
    >>> import tempfile, casekit
    >>> with tempfile.TemporaryDirectory() as d:
    ...     code = export(d, datasets=["historique"], progress=False)
    ...     df = read_export(d, "historique")
    ✓ historique\u00a0: 1 fichier(s), 13 lignes
    3 fichier(s) écrit(s), 0 inchangé(s) dans «\u00a0...\u00a0».
    >>> code, df.equals(casekit.load("historique").frame)
    (0, True)
    """
    import pandas as pd

    from casekit.errors import ArgumentInvalideError, nom_inconnu

    d = Path(dossier)
    types_path = d / TYPES_FILE
    if not types_path.is_file():
        raise ArgumentInvalideError(
            f"« {types_path} » introuvable : ce dossier n'a pas été écrit par « casekit export »."
        )
    types = json.loads(types_path.read_text(encoding="utf-8"))
    key = f"{name}__{table}" if table else name
    if key not in types["fichiers"]:
        raise nom_inconnu("fichier exporté", key, types["fichiers"])
    raw = pd.read_csv(d / f"{key}.csv", dtype=object, keep_default_na=False, na_values=[""],
                      encoding="utf-8-sig")
    return _restore(raw, types["fichiers"][key])


# ---------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------


def _md_cell(v: Any) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def _dictionary(name: str, titre: str, cols, heading_level: str = "###") -> list[str]:
    lines = [f"{heading_level} {titre}", "",
             "| Colonne | Type | Description | Unité | Valeurs |", "|---|---|---|---|---|"]
    for c in cols:
        lines.append("| " + " | ".join(_md_cell(x) for x in (f"`{c[0]}`", c[1], c[2], c[3], c[4])) + " |")
    return [*lines, ""]


def _readme(case, seed: int, entries: list[dict[str, Any]], failed: list[tuple[str, str]]) -> str:
    from casekit import __version__
    from casekit.datasets import DISCLAIMER

    ident = case["identite"]
    out = [
        f"# {ident['nom']} — jeux de données au format CSV",
        "",
        DISCLAIMER,
        "",
        f"- Cas : « {case.id} » ; graine : {seed} ; casekit {__version__}.",
        "- Encodage UTF-8, séparateur virgule, point décimal, dates au format ISO (AAAA-MM-JJ).",
        "- Tableur : Données › Importer un fichier texte/CSV, choisir « UTF-8 », séparateur "
        "« virgule » et séparateur décimal « point ».",
        "- Une case vide est une valeur manquante.",
        f"- `{TYPES_FILE}` décrit les types pandas exacts (utilisé par `casekit.cli.read_export`).",
        "",
        "## Fichiers",
        "",
        "| Fichier | Jeu de données | Lignes | Colonnes |",
        "|---|---|---|---|",
    ]
    for e in entries:
        out.append(f"| `{e['fichier']}` | {_md_cell(e['titre'])} | {e['lignes']} | {e['colonnes']} |")
    if failed:
        out += ["", "Jeux non exportés (échec de génération) : "
                + ", ".join(f"`{n}` ({_md_cell(msg)})" for n, msg in failed) + "."]
    out += ["", "## Dictionnaire des données", ""]
    for e in entries:
        out += _dictionary(e["fichier"], f"`{e['fichier']}` — {e['titre']}", e["dictionnaire"])
    return "\n".join(out).rstrip() + "\n"


#: Folders never written to, even by root (system locations).
DOSSIERS_INTERDITS = ("/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sbin",
                      "/sys", "/usr", "/var/lib", "/run")


def verifier_dossier_sortie(out: str | Path) -> Path:
    """Check, before generating anything, that ``out`` can receive the export.

    Raises :class:`~casekit.errors.ArgumentInvalideError` (French) for an
    existing file, a path under a file, a system location or a folder that
    cannot be written.

    Examples
    --------
    >>> verifier_dossier_sortie("/proc/casekit")
    Traceback (most recent call last):
    ...
    casekit.errors.ArgumentInvalideError: Emplacement interdit\u00a0: «\u00a0/proc/casekit\u00a0» ...
    """
    import os

    from casekit.errors import ArgumentInvalideError

    if not isinstance(out, (str, os.PathLike)) or not str(out).strip():
        raise ArgumentInvalideError(f"--out doit être un chemin de dossier, et non {out!r}.")
    d = Path(out).expanduser()
    absolute = Path(os.path.abspath(d))
    for forbidden in DOSSIERS_INTERDITS:
        f = Path(forbidden)
        if absolute == f or (forbidden != "/" and f in absolute.parents):
            raise ArgumentInvalideError(
                f"Emplacement interdit : « {d} » est dans un dossier système ({forbidden}). "
                "Choisissez un dossier à vous avec --out, par exemple --out export_csv.")
    if d.exists() and not d.is_dir():
        raise ArgumentInvalideError(
            f"« {d} » est un fichier existant, pas un dossier : choisissez un autre nom avec --out.")
    ancestor = absolute
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ArgumentInvalideError(
            f"Impossible de créer « {d} » : « {ancestor} » est un fichier, pas un dossier. "
            "Choisissez un autre chemin avec --out.")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise ArgumentInvalideError(
            f"Emplacement interdit : pas le droit d'écrire dans « {ancestor} ». Choisissez un "
            "dossier à vous avec --out.")
    return d


def export(
    out: str | Path,
    *,
    case: Any = None,
    seed: Any = None,
    force: bool = False,
    bom: bool = False,
    datasets: list[str] | None = None,
    progress: bool | None = None,
    stream=None,
) -> int:
    """Write every dataset of a case as CSV plus ``LISEZMOI.md``; return an exit code.

    Files whose content would not change are left untouched. If an existing
    file would change and ``force`` is false, nothing is written and the
    exit code is 3. A dataset that fails to build is reported and skipped;
    the exit code is then 1.
    """
    from tqdm import tqdm

    import casekit
    from casekit.cases import get_case
    from casekit.datasets import REGISTRY, list_datasets
    from casekit.seeds import normalise_seed

    stream = stream or sys.stdout
    verifier_dossier_sortie(out)
    c = get_case(case)
    seed_int = normalise_seed(seed)
    names = datasets or list_datasets()
    files: dict[str, bytes] = {}
    types: dict[str, Any] = {"cas": c.id, "graine": seed_int, "fichiers": {}}
    entries: list[dict[str, Any]] = []
    failed: list[tuple[str, str]] = []
    encoding_prefix = b"\xef\xbb\xbf" if bom else b""
    disable = None if progress is None else not progress
    bar = tqdm(names, desc="Export", unit="jeu", disable=disable, file=sys.stderr, leave=False)
    for name in bar:
        bar.set_postfix_str(name)
        try:
            b = casekit.load(name, case=c, seed=seed_int)
            frames = [(name, REGISTRY[name].titre, b.frame, list(b.codebook.itertuples(index=False)))]
            for tname, tframe in b.tables.items():
                book = b.codebooks_tables.get(tname)
                cols = [] if book is None else list(book.itertuples(index=False))
                if not cols:
                    cols = [(str(col), str(tframe[col].dtype), "", "", "") for col in tframe.columns]
                frames.append((f"{name}__{tname}", f"{REGISTRY[name].titre} — table « {tname} »", tframe, cols))
            for key, titre, frame, cols in frames:
                files[f"{key}.csv"] = encoding_prefix + _csv_bytes(frame)
                types["fichiers"][key] = _schema(frame)
                entries.append({"fichier": f"{key}.csv", "titre": titre, "lignes": len(frame),
                                "colonnes": frame.shape[1], "dictionnaire": cols})
            _dire(f"✓ {name} : {len(frames)} fichier(s), {len(b.frame)} lignes", file=stream)
        except Exception as exc:  # a broken generator must not stop the others
            msg = f"{type(exc).__name__}: {exc}"
            failed.append((name, msg))
            _dire(f"✗ {name} : échec de la génération ({msg})", file=stream)
    bar.close()
    files[README_FILE] = _readme(c, seed_int, entries, failed).encode("utf-8")
    files[TYPES_FILE] = (json.dumps(types, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    d = Path(out)
    changed = [f for f, data in files.items()
               if (d / f).is_file() and (d / f).stat().st_size > 0 and (d / f).read_bytes() != data]
    if changed and not force:
        shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
        _dire(
            f"Export refusé : {len(changed)} fichier(s) existant(s) de « {d} » seraient modifiés "
            f"({shown}). Rien n'a été écrit. Relancez avec --force pour les remplacer, "
            "ou choisissez un autre dossier avec --out.",
            file=sys.stderr,
        )
        return 3
    written = 0
    try:
        d.mkdir(parents=True, exist_ok=True)
        for f, data in files.items():
            p = d / f
            if p.is_file() and p.read_bytes() == data:
                continue
            p.write_bytes(data)
            written += 1
    except OSError as exc:
        from casekit.errors import ArgumentInvalideError, raison_systeme

        raise ArgumentInvalideError(
            f"Écriture impossible dans « {d} » ({raison_systeme(exc)}) : choisissez un autre "
            "dossier avec --out.") from None
    same = len(files) - written
    _dire(f"{written} fichier(s) écrit(s), {same} inchangé(s) dans « {d} ».", file=stream)
    if failed:
        _dire(f"{len(failed)} jeu(x) en échec : {', '.join(n for n, _ in failed)}.", file=stream)
        return 1
    return 0


# ---------------------------------------------------------------------------
# argparse
# ---------------------------------------------------------------------------


#: argparse's English messages (Python 3.11 to 3.13) and their French translation.
_ARGPARSE_FR = [
    (r"the following arguments are required", "arguments obligatoires manquants"),
    (r"one of the arguments (.+) is required", r"un des arguments \1 est obligatoire"),
    (r"unrecognized arguments", "arguments non reconnus"),
    (r"invalid choice: (.+?) \(choose from (.+)\)", r"choix invalide : \1 (choix possibles : \2)"),
    (r"invalid int value: (.+)", r"un nombre entier est attendu, et non \1"),
    (r"invalid float value: (.+)", r"un nombre est attendu, et non \1"),
    (r"invalid (\S+) value: (.+)", r"valeur invalide (\1) : \2"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected at most one argument", "une valeur au plus est attendue"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"expected (\d+) arguments?", r"\1 valeur(s) attendue(s)"),
    (r"not allowed with argument (.+)", r"incompatible avec l'argument \1"),
    (r"ambiguous option: (.+?) could match (.+)", r"option ambiguë : \1 peut désigner \2"),
    (r"ignored explicit argument (.+)", r"valeur ignorée : \1"),
    (r"^argument (.+?): ", r"argument \1 : "),
]
_AIDE_FR = [("usage: ", "utilisation : "), ("positional arguments:", "arguments positionnels :"),
            ("options:", "options :"), ("optional arguments:", "options :")]


def _fr_argparse(message: str) -> str:
    """argparse's English error text in French, with French typography."""
    import re

    from casekit.generators.francais import typo_message

    for pattern, repl in _ARGPARSE_FR:
        message = re.sub(pattern, repl, message)
    return typo_message(message)


def _fr_aide(text: str) -> str:
    from casekit.generators.francais import typo_message

    for en, fr_ in _AIDE_FR:
        text = text.replace(en, fr_)
    return typo_message(text)


def _dire(text: str, file=None) -> None:
    """Print a status or error line with French typography."""
    from casekit.generators.francais import typo_message

    print(typo_message(text), file=file)


class _FormatFR(argparse.HelpFormatter):
    """Usage line prefixed in French, so that wrapped lines stay aligned under it."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "utilisation\u00a0: ")


class _ParserFR(argparse.ArgumentParser):
    """argparse with French error messages, usage and help headings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _FormatFR)
        super().__init__(*args, **kwargs)

    def format_usage(self) -> str:
        return _fr_aide(super().format_usage())

    def format_help(self) -> str:
        return _fr_aide(super().format_help())

    def error(self, message: str) -> None:  # pragma: no cover - exercised via main()
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}\u00a0: erreur\u00a0: {_fr_argparse(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    from casekit import __version__

    p = _ParserFR(
        prog="casekit",
        description="Kit d'études de cas (RNCP40886, BC01) : jeux de données fictifs et cohérents.",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    p.add_argument("--version", action="version", version=f"casekit {__version__}",
                   help="afficher la version et quitter")
    sub = p.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                           parser_class=_ParserFR)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, add_help=False)
        sp.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
        return sp

    add("datasets", "lister les jeux de données disponibles")
    d = add("describe", "afficher la description d'un jeu de données")
    d.add_argument("nom", metavar="NOM", help="nom du jeu de données (voir « casekit datasets »)")
    d.add_argument("--case", default=None, help="identifiant du cas (défaut : cas par défaut)")
    d.add_argument("--seed", default=None, help="graine : entier ou identifiant étudiant")
    e = add("export", "exporter tous les jeux de données en CSV avec un dictionnaire LISEZMOI.md")
    e.add_argument("--case", default=None, help="identifiant du cas (défaut : cas par défaut)")
    e.add_argument("--seed", default=None, help="graine : entier ou identifiant étudiant (défaut : 0)")
    e.add_argument("--out", required=True, help="dossier de sortie")
    e.add_argument("--force", action="store_true", help="remplacer des fichiers existants différents")
    e.add_argument("--bom", action="store_true",
                   help="ajouter une marque d'ordre d'octets UTF-8 (utile pour Excel)")
    import importlib
    import importlib.util

    veille_cli = None
    try:
        found = importlib.util.find_spec("casekit.veille.cli") is not None
    except (ImportError, ValueError):
        found = False
    if found or "casekit.veille.cli" in sys.modules:
        # imported only when the file exists, so its own errors are not hidden
        veille_cli = importlib.import_module("casekit.veille.cli")
    if veille_cli is not None and hasattr(veille_cli, "register"):
        veille_cli.register(sub)
    from casekit.examen import register as register_cours

    register_cours(sub)
    if importlib.util.find_spec("nbgrader") is not None:  # `casekit grade` needs the grading extra
        importlib.import_module("casekit.grading.cli").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``casekit`` command; returns the exit code.

    Examples
    --------
    >>> main(["datasets"])  # doctest: +ELLIPSIS
    profil                Profil et identité de l'organisation
    ...
    0
    """
    from casekit.errors import CasekitError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.commande == "datasets":
            from casekit.datasets import REGISTRY

            width = max(len(n) for n in REGISTRY)
            for name, s in REGISTRY.items():
                print(f"{name:<{width}}  {s.titre}")
            return 0
        if args.commande == "describe":
            import casekit

            print(casekit.load(args.nom, case=args.case, seed=args.seed).DESCR)
            return 0
        if args.commande == "export":
            return export(args.out, case=args.case, seed=args.seed, force=args.force, bom=args.bom)
        if hasattr(args, "func"):  # subcommands registered by plug-ins (veille)
            return int(args.func(args) or 0)
        parser.print_help()
        return 0
    except CasekitError as exc:
        _dire(f"Erreur : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
