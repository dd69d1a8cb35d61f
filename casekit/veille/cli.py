"""``casekit veille SOURCES... --since DATE --out FILE``: the weekly digest from the command line.

SOURCES are feed files, ``http(s)://`` addresses, OPML files, or the word
``cas`` (the case's own generated feeds; choose the case and seed with
``--case`` and ``--seed``). Every source gets a status line; the exit code is
non-zero only when nothing could be read. The digest is Markdown, or HTML when
the output name ends in ``.html``; an existing file is never replaced without
``--force``. With the case's feeds, the optional ``[veille]`` table of the case
file gives the alert keywords (``mots_cles = ["…"]``) unless ``--mots-cles``
is given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from typing import Any

__all__ = ["executer", "register"]

_MARQUES = {"ok": "✓", "avertissement": "!", "erreur": "✗"}


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``veille`` subcommand to an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "veille",
        help="lire des flux RSS/Atom et écrire la synthèse de veille (Markdown ou HTML)",
        description="Lire des flux RSS/Atom (fichiers, adresses, OPML ou « cas ») et écrire la synthèse "
                    "« Ce qui change » de la période, en Markdown ou en HTML selon l'extension de --out.",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    p.add_argument("sources", nargs="*", metavar="SOURCES",
                   help="fichiers de flux, adresses http(s), fichiers OPML, ou « cas » pour les flux du cas")
    p.add_argument("--since", "--depuis", dest="depuis", default=None,
                   help="début de la période (AAAA-MM-JJ ; défaut : 7 jours avant le dernier article)")
    p.add_argument("--until", "--jusqua", dest="jusqua", default=None,
                   help="fin de la période (défaut : dernier article)")
    p.add_argument("--out", required=True, help="fichier de sortie (.md ou .html)")
    p.add_argument("--force", action="store_true", help="remplacer le fichier de sortie s'il existe")
    p.add_argument("--case", default=None, help="cas dont on lit les flux générés (implique « cas »)")
    p.add_argument("--seed", default=None, help="graine des flux du cas (entier ou identifiant étudiant)")
    p.add_argument("--timeout", type=float, default=10.0, help="délai maximal par flux, en secondes (défaut : 10)")
    p.add_argument("--cache", default=None, help="dossier du cache des téléchargements (défaut : cache utilisateur)")
    p.add_argument("--sans-cache", action="store_true", help="ne rien garder ni relire en cache")
    p.add_argument("--regles", default=None, help="fichier de règles de curation (une règle par ligne)")
    p.add_argument("--mots-cles", default=None,
                   help="mots-clés d'alerte séparés par des virgules (défaut avec « cas » : [veille] mots_cles du cas)")
    p.set_defaults(func=executer)
    return p


def executer(args: argparse.Namespace, *, out=None, err=None) -> int:
    """Run ``casekit veille`` with parsed ``args``; returns the exit code."""
    from pathlib import Path

    import pandas as pd

    from casekit.errors import ArgumentInvalideError
    from casekit.veille.digest import synthese
    from casekit.veille.export import ecrire_flux
    from casekit.veille.ingest import collecter

    out = out or sys.stdout
    err = err or sys.stderr
    target = Path(args.out)
    html_out = target.suffix.lower() in {".html", ".htm"}
    if target.exists() and not args.force:
        print(f"Erreur : « {target} » existe déjà ; ajoutez --force pour le remplacer.", file=err)
        return 2
    sources = list(args.sources)
    use_case = args.case is not None or args.seed is not None or any(s == "cas" for s in sources)
    sources = [s for s in sources if s != "cas"]
    if not sources and not use_case:
        print("Erreur : aucune source. Donnez des fichiers, des adresses, un OPML ou « cas ».", file=err)
        return 2
    rules = None
    if args.regles:
        try:
            rules = Path(args.regles).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"Erreur : fichier de règles illisible « {args.regles} » ({exc.strerror}).", file=err)
            return 2
    keywords = [w.strip() for w in args.mots_cles.split(",") if w.strip()] if args.mots_cles else None
    if keywords is None and use_case:
        from casekit.cases import get_case

        keywords = list(get_case(args.case).data.get("veille", {}).get("mots_cles", ())) or None
    with tempfile.TemporaryDirectory(prefix="casekit-veille-") as tmp:
        if use_case:
            ecrire_flux(tmp, case=args.case, seed=args.seed)
            sources.append(str(Path(tmp) / "abonnements.opml"))
        cache = False if args.sans_cache else (args.cache or True)
        r = collecter(sources, timeout=args.timeout, cache=cache)
    for row in r.journal.itertuples(index=False):
        mark = _MARQUES.get(row.niveau, "?")
        label = row.titre or row.url_flux
        line = f"{mark} {label} : {row.statut} ({row.nb_articles} article(s))"
        if row.message:
            line += f" — {row.message}"
        print(line, file=err if row.niveau == "erreur" else out)
    articles = r.articles
    if articles.empty:
        print("Erreur : aucun flux n'a pu être lu ; aucune synthèse écrite.", file=err)
        return 1
    dated = articles["date_publication"].dropna()
    if dated.empty:
        print("Erreur : aucun article daté ; impossible de choisir la période.", file=err)
        return 1
    since = args.depuis
    if since is None:
        since = (dated.max() - pd.Timedelta(days=7)).normalize()
    try:
        s = synthese(articles, since, args.jusqua, regles=rules, mots_cles=keywords)
        paths = s.ecrire(target, remplacer=args.force)
    except ArgumentInvalideError as exc:
        print(f"Erreur : {exc}", file=err)
        return 2
    kind = "HTML" if html_out else "Markdown"
    print(f"Synthèse {kind} écrite : {', '.join(str(p) for p in paths)} "
          f"({len(s.articles)} article(s) dans la période).", file=out)
    return 0
