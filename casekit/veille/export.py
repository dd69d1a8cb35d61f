"""Writing the fictional feeds as RSS 2.0 / Atom 1.0 files and an OPML list.

Stdlib ``ElementTree`` only. RSS dates use :func:`email.utils.format_datetime`
(never ``strftime``, which follows the locale and gives French day names that
no feed reader parses); Atom dates are RFC 3339 with an uppercase ``Z``; every
item has a stable ``guid`` (``isPermaLink="false"``).
"""

from __future__ import annotations

import email.utils
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from casekit._memo import par_contenu

if TYPE_CHECKING:
    import pandas as pd

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "casekit (flux fictifs pour l'enseignement)"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _rfc822(ts) -> str:
    return email.utils.format_datetime(ts.to_pydatetime(), usegmt=True)


def _rfc3339(ts) -> str:
    return ts.tz_convert("UTC").isoformat(timespec="seconds").replace("+00:00", "Z")


def rss(articles: pd.DataFrame, source: pd.Series) -> bytes:
    """RSS 2.0 document for one source's ``articles`` (rows of ``flux_veille``).

    Examples
    --------
    >>> import casekit
    >>> b = casekit.load("flux_veille")
    >>> src = b.tables["sources"].iloc[0]
    >>> rss(b.frame[b.frame.source_id == src.source_id], src)[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    ET.register_namespace("atom", ATOM_NS)
    root = ET.Element("rss", {"version": "2.0"})
    ch = _sub(root, "channel")
    _sub(ch, "title", str(source["nom"]))
    _sub(ch, "link", str(source["url_site"]))
    _sub(ch, "description", f"Flux fictif de veille ({source['categorie']}), généré par casekit.")
    _sub(ch, "language", "fr-FR")
    _sub(ch, "generator", GENERATOR)
    _sub(ch, f"{{{ATOM_NS}}}link", href=str(source["url_flux"]), rel="self", type="application/rss+xml")
    if len(articles):
        _sub(ch, "lastBuildDate", _rfc822(articles["date_publication"].max()))
    for row in articles.itertuples(index=False):
        it = _sub(ch, "item")
        _sub(it, "title", row.titre)
        _sub(it, "link", row.lien)
        _sub(it, "guid", row.guid, isPermaLink="false")
        _sub(it, "pubDate", _rfc822(row.date_publication))
        _sub(it, "description", row.resume)
        _sub(it, "{http://purl.org/dc/elements/1.1/}creator", row.auteur)
        for tag in str(row.etiquettes).split("; "):
            if tag:
                _sub(it, "category", tag)
    ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(articles: pd.DataFrame, source: pd.Series) -> bytes:
    """Atom 1.0 document for one source's ``articles``."""
    ET.register_namespace("", ATOM_NS)
    a = f"{{{ATOM_NS}}}"
    root = ET.Element(a + "feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _sub(root, a + "id", f"{source['url_site']}#flux")
    _sub(root, a + "title", str(source["nom"]))
    _sub(root, a + "subtitle", f"Flux fictif de veille ({source['categorie']}), généré par casekit.")
    updated = articles["date_publication"].max() if len(articles) else None
    _sub(root, a + "updated", _rfc3339(updated) if updated is not None else "2000-01-01T00:00:00Z")
    _sub(root, a + "link", href=str(source["url_flux"]), rel="self", type="application/atom+xml")
    _sub(root, a + "link", href=str(source["url_site"]), rel="alternate", type="text/html")
    author = _sub(root, a + "author")
    _sub(author, a + "name", f"Rédaction de {source['nom']}")
    _sub(root, a + "generator", GENERATOR)
    for row in articles.itertuples(index=False):
        e = _sub(root, a + "entry")
        _sub(e, a + "id", row.guid)
        _sub(e, a + "title", row.titre, type="text")
        _sub(e, a + "link", href=row.lien, rel="alternate", type="text/html")
        stamp = _rfc3339(row.date_publication)
        _sub(e, a + "published", stamp)
        _sub(e, a + "updated", stamp)
        au = _sub(e, a + "author")
        _sub(au, a + "name", row.auteur)
        _sub(e, a + "summary", row.resume, type="text")
        for tag in str(row.etiquettes).split("; "):
            if tag:
                _sub(e, a + "category", term=tag)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def opml(sources: pd.DataFrame, *, titre: str = "Abonnements de veille", relatif: bool = False) -> bytes:
    """OPML 2.0 list of ``sources`` (the ``sources`` table), one folder per category.

    With ``relatif=True`` each ``xmlUrl`` is the local file name
    (``<source_id>.xml``), so the list can be read offline next to the files.

    Examples
    --------
    >>> import casekit
    >>> from casekit.veille.ingest import lire_opml
    >>> s = casekit.load("flux_veille").tables["sources"]
    >>> len(lire_opml(opml(s))) == len(s)
    True
    """
    root = ET.Element("opml", {"version": "2.0"})
    head = _sub(root, "head")
    _sub(head, "title", titre)
    body = _sub(root, "body")
    for cat, group in sources.groupby("categorie", observed=True, sort=False):
        folder = _sub(body, "outline", text=str(cat), title=str(cat))
        for row in group.itertuples(index=False):
            url = f"{row.source_id}.xml" if relatif else str(row.url_flux)
            _sub(folder, "outline", type="rss", text=str(row.nom), title=str(row.nom),
                 xmlUrl=url, htmlUrl=str(row.url_site), category=str(cat),
                 version="RSS" if row.format == "rss" else "Atom")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def ecrire_flux(
    dossier: str | os.PathLike[str],
    *,
    case=None,
    seed: int | str | None = None,
) -> list[Path]:
    """Write every feed of ``flux_veille`` and ``abonnements.opml`` into ``dossier``.

    Returns the written paths. The OPML list uses relative file names, so
    ``casekit.veille.collecter(dossier / "abonnements.opml")`` reads them back
    offline.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = ecrire_flux(d)
    >>> sorted(p.suffix for p in paths)[-1], len(paths)
    ('.xml', 9)
    """
    from casekit.datasets import load

    b = load("flux_veille", case=case, seed=seed)
    out = Path(dossier)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in _documents(b.frame, b.tables["sources"]):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


@par_contenu(maxsize=4)
def _documents(articles: pd.DataFrame, sources: pd.DataFrame) -> tuple[tuple[str, bytes], ...]:
    """(file name, bytes) of every feed and of the OPML list, memoised by content: notebook 01's
    hidden tests write the student's feeds again, three times per process."""
    docs = []
    par_id = sources.set_index("source_id")
    for src in sources.itertuples(index=False):
        row = par_id.loc[src.source_id].copy()
        row["source_id"] = src.source_id
        items = articles[articles["source_id"] == src.source_id]
        docs.append((f"{src.source_id}.xml", rss(items, row) if src.format == "rss" else atom(items, row)))
    docs.append(("abonnements.opml", opml(sources, relatif=True)))
    return tuple(docs)


def dossier_cas(case_id: str, racine: str | os.PathLike[str] | None = None) -> Path:
    """Folder of a case's committed feeds: ``<racine>/<case_id>/veille`` (``racine`` defaults to ``datasets/``)."""
    base = Path(racine) if racine is not None else Path(__file__).resolve().parents[2] / "datasets"
    return base / case_id / "veille"


def ecrire_tous(racine: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write the feeds of every case (default seed) under ``<racine>/<case_id>/veille/``.

    This is what ``python -m casekit.veille.export --all`` (and ``make data``)
    runs; the files depend only on the case file and the seed.
    """
    from casekit.cases import list_cases

    written = []
    for case_id in list_cases():
        written += ecrire_flux(dossier_cas(case_id, racine), case=case_id)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m casekit.veille.export --all [--racine DIR]`` or ``--case X --seed S --out DIR``."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m casekit.veille.export",
                                description="Écrire les flux RSS/Atom fictifs et la liste OPML d'un cas.")
    p.add_argument("--all", action="store_true", help="tous les cas, graine par défaut, dans datasets/<cas>/veille/")
    p.add_argument("--racine", default=None, help="dossier racine pour --all (défaut : datasets/ du dépôt)")
    p.add_argument("--case", default=None, help="identifiant du cas")
    p.add_argument("--seed", default=None, help="graine (entier ou identifiant étudiant)")
    p.add_argument("--out", default=None, help="dossier de sortie (sans --all)")
    args = p.parse_args(argv)
    if args.all:
        paths = ecrire_tous(args.racine)
    else:
        if not args.out:
            p.error("--out est obligatoire sans --all")
        seed = int(args.seed) if args.seed is not None and args.seed.lstrip("-").isdigit() else args.seed
        paths = ecrire_flux(args.out, case=args.case, seed=seed)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
