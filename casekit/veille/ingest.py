"""Reading feeds: RSS/Atom files, bytes or URLs, and OPML subscription lists.

Rules that follow feedparser 6.x's real behaviour (see the README):

- casekit fetches URLs itself (``urllib`` with a timeout and a size cap) and
  always hands feedparser *bytes*: feedparser has no timeout, and treats a
  missing path string as an XML document;
- ``bozo`` alone does not reject a feed: a feed with entries and a benign
  problem (wrong declared encoding, ``text/html`` content type…) is kept with a
  warning; a feed with no entries and a parse error is an error;
- dates become tz-aware UTC timestamps, with a French date handler
  (« lun., 06 janv. 2025 ») registered once; missing dates stay ``NaT``;
- everything is reduced to plain text, and only ``http``/``https`` links are
  kept (feedparser does not check the scheme of ``entry.link``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casekit.errors import ArgumentInvalideError, FluxIndisponibleError
from casekit.veille.texte import html_vers_texte

if TYPE_CHECKING:
    import pandas as pd

#: Largest feed read, in bytes (feedparser's author-email regex is quadratic).
MAX_OCTETS = 5_000_000
USER_AGENT = "casekit-veille/0.1 (+https://casekit.example.org)"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"

#: Columns of the articles frame, in order.
COLONNES = [
    "source", "url_flux", "categorie", "titre", "resume", "lien", "guid",
    "date_publication", "date_texte", "auteur", "etiquettes",
]

_MOIS = {
    "janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "fev": 2, "mars": 3, "avr": 4, "avril": 4,
    "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "sept": 9, "septembre": 9,
    "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "dec": 12, "decembre": 12,
}
_DATE_FR = re.compile(
    r"^(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})(?:er)?\s+([^\W\d_]+)\.?\s+(\d{4})"
    r"(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?\s*([+-]\d{2}:?\d{2}|GMT|UTC|Z)?\s*$",
    re.IGNORECASE,
)


def date_francaise(text: str):
    """Parse a French date (« lun., 06 janv. 2025 09:30:00 +0100 ») to a UTC 9-tuple.

    Returns ``None`` when ``text`` is not a French date, as feedparser's date
    handlers must.

    Examples
    --------
    >>> date_francaise("lun., 06 janv. 2025 09:30:00 +0100")[:6]
    (2025, 1, 6, 8, 30, 0)
    >>> date_francaise("1er août 2025")[:3]
    (2025, 8, 1)
    >>> date_francaise("Mon, 06 Jan 2025") is None
    True
    """
    from casekit.veille.texte import fold

    m = _DATE_FR.match(text.strip())
    if not m:
        return None
    day, month_name, year, hh, mm, ss, tz = m.groups()
    month = _MOIS.get(fold(month_name))
    if month is None:
        return None
    offset = dt.timedelta(0)
    if tz and tz[0] in "+-":
        digits = tz[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])) * (1 if tz[0] == "+" else -1)
    try:
        when = dt.datetime(int(year), month, int(day), int(hh or 0), int(mm or 0), int(ss or 0),
                           tzinfo=dt.timezone(offset))
    except ValueError:
        return None
    return when.astimezone(dt.UTC).timetuple()


_HANDLER_REGISTERED = False


def _feedparser():
    """Import feedparser once and register the French date handler (process-wide)."""
    global _HANDLER_REGISTERED
    import feedparser

    if not _HANDLER_REGISTERED:
        feedparser.registerDateHandler(date_francaise)
        _HANDLER_REGISTERED = True
    return feedparser


@dataclass
class Reponse:
    """What :func:`telecharger` got: HTTP status, lower-cased headers, body."""

    statut: int
    entetes: dict[str, str]
    contenu: bytes


def telecharger(
    url: str,
    *,
    timeout: float = 10.0,
    max_octets: int = MAX_OCTETS,
    etag: str | None = None,
    modifie: str | None = None,
) -> Reponse:
    """Download a feed over HTTP(S) with a timeout and a size cap.

    A ``304 Not Modified`` answer to a conditional request (``etag`` or
    ``modifie``) gives ``statut=304`` and an empty body. Failures raise
    :class:`~casekit.errors.FluxIndisponibleError` with a French message.

    Examples
    --------
    >>> telecharger("ftp://example.org/flux.xml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casekit.errors.ArgumentInvalideError: Adresse de flux non prise en charge ...
    """
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise ArgumentInvalideError(
            f"Adresse de flux non prise en charge : « {url} ». Seules les adresses "
            "http:// et https:// sont téléchargées ; pour un fichier, donnez son chemin."
        )
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    if etag:
        req.add_header("If-None-Match", etag)
    if modifie:
        req.add_header("If-Modified-Since", modifie)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read(max_octets + 1)
            headers = {k.lower(): v for k, v in resp.headers.items()}
            headers.setdefault("content-location", resp.geturl())
            status = resp.status
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Reponse(304, {k.lower(): v for k, v in exc.headers.items()}, b"")
        raise FluxIndisponibleError(
            f"Le serveur a répondu {exc.code} ({exc.reason}) pour « {url} »."
        ) from None
    except (TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
            msg = f"Délai dépassé ({timeout:g} s) en lisant « {url} » : le serveur ne répond pas."
        else:
            msg = f"Impossible de joindre « {url} » : {reason}."
        raise FluxIndisponibleError(msg) from None
    if len(body) > max_octets:
        raise FluxIndisponibleError(
            f"Le flux « {url} » dépasse {max_octets:,} octets : lecture refusée.".replace(",", "\u202f")
        )
    return Reponse(status, headers, body)


@dataclass
class Flux:
    """One feed read by :func:`lire_flux`.

    ``statut`` is ``"ok"``, ``"avertissement"`` (entries kept despite a
    problem) or ``"erreur"`` (nothing usable); ``message`` explains it in French.
    """

    articles: pd.DataFrame
    titre: str = ""
    version: str = ""
    statut: str = "ok"
    message: str = ""
    url_flux: str = ""
    entetes: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"Flux(titre={self.titre!r}, version={self.version!r}, "
                f"articles={len(self.articles)}, statut={self.statut!r})")


def _read_bytes(source: Any, timeout: float, max_octets: int) -> tuple[bytes, dict[str, str], str]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > max_octets:
            raise FluxIndisponibleError(f"Le flux dépasse {max_octets} octets : lecture refusée.")
        return data, {}, ""
    if isinstance(source, str) and urllib.parse.urlsplit(source).scheme.lower() in {"http", "https"}:
        rep = telecharger(source, timeout=timeout, max_octets=max_octets)
        return rep.contenu, rep.entetes, source
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            if isinstance(source, str) and source.lstrip().startswith("<"):
                raise ArgumentInvalideError(
                    "lire_flux() a reçu du texte XML : passez-le en octets, par exemple "
                    "lire_flux(texte.encode(\"utf-8\")), ou donnez le chemin d'un fichier."
                )
            raise FluxIndisponibleError(f"Fichier de flux introuvable : « {path} ».")
        if path.stat().st_size > max_octets:
            raise FluxIndisponibleError(f"Le fichier « {path} » dépasse {max_octets} octets : lecture refusée.")
        return path.read_bytes(), {}, path.resolve().as_uri()
    raise ArgumentInvalideError(
        "lire_flux() attend des octets, le chemin d'un fichier ou une adresse http(s), "
        f"et non un objet de type « {type(source).__name__} »."
    )


def _text_of(detail_value: Any, detail: Any) -> str:
    if not isinstance(detail_value, str):
        return ""
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    if kind in {"text/html", "application/xhtml+xml"}:
        return html_vers_texte(detail_value)
    return " ".join(detail_value.split())


def _safe_link(link: Any) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    return link if urllib.parse.urlsplit(link).scheme.lower() in {"http", "https"} else None


def _entry_date(entry: Any):
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # `in` first: reading "updated_parsed" when only "published" exists warns in 6.x.
        if key in entry:
            value = entry[key]
            if value is not None:
                try:
                    return dt.datetime(*value[:6], tzinfo=dt.UTC)
                except (TypeError, ValueError):
                    continue
    return None


def _entry_raw_date(entry: Any) -> str:
    for key in ("published", "updated", "created"):
        if key in entry and isinstance(entry[key], str):
            return entry[key]
    return ""


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    data = {}
    for col in COLONNES:
        values = [r[col] for r in rows]
        if col == "date_publication":
            data[col] = pd.DatetimeIndex(values, dtype="datetime64[ns, UTC]") if rows else \
                pd.DatetimeIndex([], dtype="datetime64[ns, UTC]")
        else:
            data[col] = pd.array(values, dtype="string")
    return pd.DataFrame(data)


def lire_flux(
    source: bytes | str | os.PathLike[str],
    *,
    categorie: str | None = None,
    timeout: float = 10.0,
    max_octets: int = MAX_OCTETS,
    entetes: dict[str, str] | None = None,
    erreurs: str = "lever",
) -> Flux:
    """Read one RSS or Atom feed into a :class:`Flux` whose ``articles`` is a DataFrame.

    Parameters
    ----------
    source : bytes, path or str
        The feed's bytes, the path of a file, or an ``http(s)://`` address
        (downloaded with ``timeout`` seconds and at most ``max_octets`` bytes).
    categorie : str, optional
        Copied into the ``categorie`` column (for example the OPML category).
    entetes : dict, optional
        HTTP headers to give feedparser (``content-type``, ``content-location``
        as the base of relative links).
    erreurs : {"lever", "signaler"}
        ``"lever"`` raises when the feed cannot be read at all; ``"signaler"``
        returns an empty :class:`Flux` with ``statut="erreur"`` instead.

    Examples
    --------
    >>> xml = (b'<rss version="2.0"><channel><title>Veille</title><item>'
    ...        b'<title>Le RGAA &amp; vous</title><link>javascript:alert(1)</link>'
    ...        b'<pubDate>lun., 06 janv. 2025 09:30:00 +0100</pubDate></item></channel></rss>')
    >>> f = lire_flux(xml)
    >>> f.statut, f.articles.loc[0, "titre"], bool(f.articles["lien"].isna()[0])
    ('ok', 'Le RGAA & vous', True)
    >>> str(f.articles.loc[0, "date_publication"])
    '2025-01-06 08:30:00+00:00'
    """
    if erreurs not in {"lever", "signaler"}:
        raise ArgumentInvalideError(f"« erreurs » doit valoir « lever » ou « signaler », et non {erreurs!r}.")
    try:
        data, headers, where = _read_bytes(source, timeout, max_octets)
    except FluxIndisponibleError as exc:
        if erreurs == "lever":
            raise
        return Flux(_frame([]), statut="erreur", message=str(exc),
                    url_flux=source if isinstance(source, str) else "")
    headers = {**headers, **{k.lower(): v for k, v in (entetes or {}).items()}}
    feedparser = _feedparser()
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or None)
    feed = parsed.get("feed", {}) or {}
    title = _text_of(feed.get("title", ""), feed.get("title_detail"))
    url_flux = where if where.startswith("http") else (headers.get("content-location", "") or where)
    rows = []
    for entry in parsed.get("entries", []):
        when = _entry_date(entry)
        summary = entry.get("summary", "")
        detail = entry.get("summary_detail")
        if not summary and entry.get("content"):
            first = entry["content"][0]
            summary, detail = first.get("value", ""), first
        tags = [t.get("term") for t in entry.get("tags", []) or [] if isinstance(t.get("term"), str) and t.get("term")]
        rows.append({
            "source": title,
            "url_flux": url_flux,
            "categorie": categorie,
            "titre": _text_of(entry.get("title", ""), entry.get("title_detail")),
            "resume": _text_of(summary, detail) if isinstance(summary, str) else "",
            "lien": _safe_link(entry.get("link")),
            "guid": entry.get("id") if isinstance(entry.get("id"), str) and entry.get("id") else None,
            "date_publication": when,
            "date_texte": _entry_raw_date(entry),
            "auteur": entry.get("author") if isinstance(entry.get("author"), str) else None,
            "etiquettes": "; ".join(" ".join(t.split()) for t in tags) or None,
        })
    articles = _frame(rows)
    status, message = "ok", ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        kind = type(exc).__name__
        if rows:
            status = "avertissement"
            message = f"Flux lu malgré un défaut ({kind}) : {exc}"
        else:
            status = "erreur"
            message = f"Flux illisible ({kind}) : {exc}"
    elif not parsed.get("version") and not rows:
        status, message = "erreur", "Ce document n'est pas un flux RSS ou Atom reconnu."
    if status == "ok" and rows and articles["date_publication"].isna().any():
        n_missing = int(articles["date_publication"].isna().sum())
        status = "avertissement"
        message = f"{n_missing} article(s) sans date lisible (date_publication vide)."
    if status == "erreur" and erreurs == "lever":
        raise FluxIndisponibleError(message)
    return Flux(articles, title, parsed.get("version", "") or "", status, message, url_flux, headers)


def lire_opml(source: bytes | str | os.PathLike[str]) -> pd.DataFrame:
    """Read an OPML subscription list into a DataFrame of feeds.

    Columns: ``nom``, ``url_flux``, ``url_site``, ``categorie`` (the
    ``category`` attribute, or the enclosing folder names joined by « / »).

    Examples
    --------
    >>> opml = (b'<opml version="2.0"><head><title>Veille</title></head><body>'
    ...         b'<outline text="Juridique"><outline type="rss" text="Droit" '
    ...         b'xmlUrl="https://droit.example.org/flux.xml"/></outline></body></opml>')
    >>> lire_opml(opml)[["nom", "categorie"]].values.tolist()
    [['Droit', 'Juridique']]
    """
    import xml.etree.ElementTree as ET

    import pandas as pd

    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise FluxIndisponibleError(f"Fichier OPML introuvable : « {path} ».")
        data = path.read_bytes()
    if b"<!DOCTYPE" in data[:2048].upper() or b"<!ENTITY" in data.upper():
        raise ArgumentInvalideError("Fichier OPML refusé : il déclare un DOCTYPE ou des entités XML.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArgumentInvalideError(f"Fichier OPML mal formé : {exc}.") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ArgumentInvalideError("Ce document n'est pas un fichier OPML (élément <opml><body> absent).")
    rows = []

    def walk(node, folders):
        for child in node.findall("outline"):
            name = child.get("title") or child.get("text") or ""
            url = child.get("xmlUrl")
            if url:
                cat = child.get("category") or "/".join(folders)
                rows.append((name, url, child.get("htmlUrl"), cat.strip("/") or None))
            walk(child, [*folders, name] if not url else folders)

    walk(body, [])
    frame = pd.DataFrame(rows, columns=["nom", "url_flux", "url_site", "categorie"])
    return frame.astype("string")


def collecter(
    sources: Any,
    *,
    timeout: float = 10.0,
    max_octets: int = MAX_OCTETS,
    progression: bool = False,
):
    """Read many feeds; one dead feed never stops the others.

    Parameters
    ----------
    sources : OPML (bytes or path), DataFrame with ``url_flux``, or list
        Feeds to read; list items are paths, URLs or bytes.

    Returns
    -------
    Bunch
        ``articles`` (all feeds, sorted by date) and ``journal`` (one row per
        feed: ``url_flux``, ``statut``, ``nb_articles``, ``message``).

    Examples
    --------
    >>> r = collecter(["/chemin/introuvable.xml"])
    >>> r.journal.loc[0, "statut"], len(r.articles)
    ('erreur', 0)
    """
    import pandas as pd

    from casekit._bunch import Bunch

    if isinstance(sources, pd.DataFrame):
        if "url_flux" not in sources.columns:
            raise ArgumentInvalideError("Le tableau des sources doit avoir une colonne « url_flux ».")
        items = [(u, c) for u, c in zip(sources["url_flux"], sources.get("categorie", [None] * len(sources)), strict=True)]
    elif isinstance(sources, bytes | str | os.PathLike) and (
        isinstance(sources, bytes) or str(sources).lower().endswith(".opml")
    ):
        table = lire_opml(sources)
        base = Path(sources).parent if not isinstance(sources, bytes) else None
        items = []
        for u, c in zip(table["url_flux"], table["categorie"], strict=True):
            if base is not None and "://" not in u and not Path(u).is_absolute():
                u = str(base / u)
            items.append((u, c))
    elif isinstance(sources, list | tuple):
        items = [(s, None) for s in sources]
    else:
        raise ArgumentInvalideError(
            "collecter() attend un fichier OPML, un tableau avec une colonne « url_flux » ou une "
            f"liste de flux, et non un objet de type « {type(sources).__name__} »."
        )
    if progression:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="Lecture des flux")
    frames, journal = [], []
    for src, cat in items:
        label = src if isinstance(src, str) else ("<octets>" if isinstance(src, bytes) else str(src))
        flux = lire_flux(src, categorie=None if pd.isna(cat) else cat, timeout=timeout,
                         max_octets=max_octets, erreurs="signaler")
        frames.append(flux.articles)
        journal.append((label, flux.titre, flux.statut, len(flux.articles), flux.message))
    articles = pd.concat(frames, ignore_index=True) if frames else _frame([])
    articles = articles.sort_values("date_publication", kind="stable", na_position="last").reset_index(drop=True)
    jr = pd.DataFrame(journal, columns=["url_flux", "titre", "statut", "nb_articles", "message"])
    return Bunch(articles=articles, journal=jr)
