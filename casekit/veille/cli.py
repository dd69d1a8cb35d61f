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
        description="Lire des flux RSS/Atom (fichiers, adresses, OPML ou «\u00a0cas\u00a0») et écrire la synthèse "
                    "«\u00a0Ce qui change\u00a0» de la période, en Markdown ou en HTML selon l'extension de --out.",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    p.add_argument("sources", nargs="*", metavar="SOURCES",
                   help="fichiers de flux, adresses http(s), fichiers OPML, ou «\u00a0cas\u00a0» pour les flux du cas")
    p.add_argument("--since", "--depuis", dest="depuis", default=None,
                   help="début de la période (AAAA-MM-JJ ou JJ/MM/AAAA\u202f; défaut\u00a0: 7 jours avant le "
                        "dernier article)")
    p.add_argument("--until", "--jusqua", dest="jusqua", default=None,
                   help="fin de la période (AAAA-MM-JJ ou JJ/MM/AAAA\u202f; défaut\u00a0: dernier article)")
    p.add_argument("--out", required=True, help="fichier de sortie (.md ou .html)")
    p.add_argument("--force", action="store_true", help="remplacer le fichier de sortie s'il existe")
    p.add_argument("--case", default=None, help="cas dont on lit les flux générés (implique «\u00a0cas\u00a0»)")
    p.add_argument("--seed", default=None, help="graine des flux du cas (entier ou identifiant étudiant)")
    p.add_argument("--timeout", default="10", help="délai maximal par flux, en secondes (défaut\u00a0: 10)")
    p.add_argument("--delai-total", default="45",
                   help="délai maximal de toute la collecte, en secondes (défaut\u00a0: 45)")
    p.add_argument("--cache", default=None, help="dossier du cache des téléchargements (défaut\u00a0: cache utilisateur)")
    p.add_argument("--sans-cache", action="store_true", help="ne rien garder ni relire en cache")
    p.add_argument("--regles", default=None, help="fichier de règles de curation (une règle par ligne)")
    p.add_argument("--mots-cles", default=None,
                   help="mots-clés d'alerte séparés par des virgules (défaut avec «\u00a0cas\u00a0»\u00a0: [veille] mots_cles du cas)")
    p.add_argument("--semantique", action="store_true",
                   help="regrouper aussi les reprises reformulées et les formulations d'un même sujet "
                        "(extension casekit[semantique], modèle local, aucun téléchargement)")
    p.set_defaults(func=executer)
    return p


def executer(args: argparse.Namespace, *, out=None, err=None) -> int:
    """Run ``casekit veille`` with parsed ``args``; returns the exit code."""
    from pathlib import Path

    import pandas as pd

    from casekit.errors import ArgumentInvalideError, raison_systeme
    from casekit.veille.digest import synthese
    from casekit.veille.export import ecrire_flux
    from casekit.veille.ingest import collecter
    from casekit.veille.texte import sans_controle

    out = out or sys.stdout
    err = err or sys.stderr
    target = Path(args.out)
    html_out = target.suffix.lower() in {".html", ".htm"}
    problem = _probleme_sortie(target, force=args.force)
    if problem:
        print(f"Erreur\u00a0: {problem}", file=err)
        return 2
    try:
        timeout = _nombre(args.timeout, "--timeout")
        total = _nombre(getattr(args, "delai_total", "45"), "--delai-total")
        bounds = [_date_cli(v, name) for v, name in ((args.depuis, "--since"), (args.jusqua, "--until"))]
    except ArgumentInvalideError as exc:
        print(f"Erreur\u00a0: {exc}", file=err)
        return 2
    for (_, said), name in zip(bounds, ("début", "fin"), strict=True):
        if said:
            print(f"{name.capitalize()} de la période\u00a0: {said}.", file=out)
    semantic = bool(getattr(args, "semantique", False))
    if semantic:
        from casekit.veille.semantique import disponible, message_installation

        if not disponible():
            print(f"Erreur\u00a0: {message_installation()}", file=err)
            return 2
    sources = list(args.sources)
    use_case = args.case is not None or args.seed is not None or any(s == "cas" for s in sources)
    sources = [s for s in sources if s != "cas"]
    if not sources and not use_case:
        print("Erreur\u00a0: aucune source. Donnez des fichiers, des adresses, un OPML ou «\u00a0cas\u00a0».", file=err)
        return 2
    rules = None
    if args.regles:
        try:
            rules = Path(args.regles).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"Erreur\u00a0: fichier de règles illisible «\u00a0{args.regles}\u00a0» ({raison_systeme(exc)}).", file=err)
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
        r = collecter(sources, timeout=timeout, cache=cache, delai_total=total)
    for row in r.journal.itertuples(index=False):
        mark = _MARQUES.get(row.niveau, "?")
        label = row.titre or row.url_flux
        line = f"{mark} {sans_controle(label)}\u00a0: {row.statut} ({row.nb_articles} article(s))"
        if row.message:
            line += f" — {sans_controle(row.message)}"
        print(line, file=err if row.niveau == "erreur" else out)
    articles = r.articles
    if articles.empty:
        print("Erreur\u00a0: aucun flux n'a pu être lu\u202f; aucune synthèse écrite.", file=err)
        return 1
    dated = articles["date_publication"].dropna()
    if dated.empty:
        print("Erreur\u00a0: aucun article daté\u202f; impossible de choisir la période.", file=err)
        return 1
    since, until = bounds[0][0], bounds[1][0]
    if since is None:
        since = (dated.max() - pd.Timedelta(days=7)).normalize()
    try:
        s = synthese(articles, since, until, regles=rules, mots_cles=keywords, semantique=semantic)
        paths = s.ecrire(target, remplacer=args.force)
    except ArgumentInvalideError as exc:
        print(f"Erreur\u00a0: {exc}", file=err)
        return 2
    kind = "HTML" if html_out else "Markdown"
    print(f"Synthèse {kind} écrite\u00a0: {', '.join(str(p) for p in paths)} "
          f"({len(s.articles)} article(s) dans la période).", file=out)
    return 0


def _probleme_sortie(target, *, force: bool) -> str:
    """French description of what is wrong with the output path, or ``""``."""
    if target.is_dir():
        return f"«\u00a0{target}\u00a0» est un dossier\u00a0: donnez un nom de fichier (.md ou .html) pour --out."
    if target.exists() and not force:
        return f"«\u00a0{target}\u00a0» existe déjà\u202f; ajoutez --force pour le remplacer."
    parent = target.parent
    if not parent.exists():
        return f"le dossier «\u00a0{parent}\u00a0» n'existe pas\u202f; créez-le d'abord ou choisissez un autre --out."
    if not parent.is_dir():
        return f"«\u00a0{parent}\u00a0» n'est pas un dossier\u202f; choisissez un autre --out."
    import os

    if not os.access(parent, os.W_OK):
        return f"impossible d'écrire dans «\u00a0{parent}\u00a0» (permission refusée)."
    return ""


def _nombre(text: Any, option: str) -> float:
    """A positive number of seconds; a French decimal comma is accepted."""
    from casekit.errors import ArgumentInvalideError

    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ArgumentInvalideError(f"{option} attend un nombre de secondes positif (par exemple 10 ou 2,5), "
                                    f"et non «\u00a0{text}\u00a0».")
    return value


_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"]


def _date_cli(text: str | None, option: str):
    """Read a --since/--until date: ISO (2025-06-01) or day first (01/06/2025); say how it was read.

    Returns ``(Timestamp or None, description)``. Two-digit years, a missing
    year and anything else are refused, never guessed.
    """
    import re

    import pandas as pd

    from casekit.errors import ArgumentInvalideError

    if text is None:
        return None, ""
    raw = text.strip()
    m_iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    m_fr = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", raw)
    if m_iso:
        year, month, day = (int(x) for x in m_iso.groups())
        how = "date ISO, année-mois-jour"
    elif m_fr:
        day, month, year = (int(x) for x in m_fr.groups())
        how = "date française, jour/mois/année"
    else:
        raise ArgumentInvalideError(
            f"{option} «\u00a0{text}\u00a0»\u00a0: date non reconnue ou ambiguë. Écrivez-la AAAA-MM-JJ (2025-06-01) "
            "ou JJ/MM/AAAA (01/06/2025), avec l'année sur quatre chiffres."
        )
    try:
        when = pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        raise ArgumentInvalideError(
            f"{option} «\u00a0{text}\u00a0»\u00a0: cette date n'existe pas (lue comme {how}\u202f: jour {day}, "
            f"mois {month}, année {year})."
        ) from None
    day_text = "1er" if day == 1 else str(day)
    return when, f"{day_text} {_MOIS[month - 1]} {year} (lu comme {how})"
