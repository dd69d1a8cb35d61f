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
  kept (feedparser does not check the scheme of ``entry.link``);
- over-long author fields are cut before parsing (feedparser's author-email
  regex is quadratic, issue #562), downloads stop at a size cap and a total
  deadline, and every feed gets one status row that says what happened.

Statuses (``statut``, French, one per feed) and their level (``niveau``):

=============================  ============  =====================================
statut                         niveau        meaning
=============================  ============  =====================================
``ok``                         ok            read, nothing to report
``non modifié (cache)``        ok            server answered 304; cached copy read
``cache``                      ok            cached copy still fresh, no request
``dates manquantes``           avertissement some entries have no readable date
``mal formé mais exploitable`` avertissement parse problem, but entries were found
``vide``                       avertissement a valid feed with no entry
``pas un flux``                erreur        an HTML page or another document
``illisible``                  erreur        ill-formed and nothing usable
``délai dépassé``              erreur        timeout
``erreur HTTP <code>``         erreur        the server answered an error
``injoignable``                erreur        connection refused, unknown host…
``fichier introuvable``        erreur        no such file
``trop volumineux``            erreur        over the size cap
=============================  ============  =====================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import time
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

#: Columns of the articles frame, in order (all ``string`` dtype except the date).
COLONNES = [
    "source", "url_flux", "categorie", "titre", "resume", "lien", "guid",
    "date_publication", "date_texte", "auteur", "etiquettes", "langue",
]
#: Columns of the status table returned by :func:`collecter` (``journal``).
COLONNES_JOURNAL = ["url_flux", "titre", "statut", "niveau", "nb_articles", "message"]

#: Level of each status: ``ok``, ``avertissement`` or ``erreur``.
NIVEAUX = {
    "ok": "ok", "non modifié (cache)": "ok", "cache": "ok",
    "dates manquantes": "avertissement", "mal formé mais exploitable": "avertissement", "vide": "avertissement",
    "pas un flux": "erreur", "illisible": "erreur", "délai dépassé": "erreur", "injoignable": "erreur",
    "fichier introuvable": "erreur", "trop volumineux": "erreur",
}

#: Author-like fields longer than this (bytes) are cut before parsing.
MAX_AUTEUR = 512
_LONG_AUTHOR = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?(?:author|creator|managingEditor|webMaster|name|email|contributor|publisher)"
    rb"(?:\s[^<>]{0,500})?>)([^<]{%d,})" % (MAX_AUTEUR + 1)
)


def niveau(statut: str) -> str:
    """Level (``ok``, ``avertissement``, ``erreur``) of a status.

    Examples
    --------
    >>> niveau("erreur HTTP 404"), niveau("vide")
    ('erreur', 'avertissement')
    """
    return "erreur" if statut.startswith("erreur HTTP") else NIVEAUX.get(statut, "erreur")


def _erreur(statut: str, message: str) -> FluxIndisponibleError:
    exc = FluxIndisponibleError(message)
    exc.statut = statut  # type: ignore[attr-defined]
    return exc


def _cut_author(match: re.Match) -> bytes:
    text = match.group(2)[:MAX_AUTEUR]
    text = re.sub(rb"&[^;\s]{0,10}$", b"", text)  # no half entity
    while text and text[-1] & 0xC0 == 0x80:  # no half UTF-8 character
        text = text[:-1]
    if text and text[-1] >= 0xC0:
        text = text[:-1]
    return match.group(1) + text + " [tronqué]".encode()


def nettoyer_octets(data: bytes) -> bytes:
    """Cut over-long author fields (> ``MAX_AUTEUR`` bytes) before feedparser sees them.

    feedparser 6.0.14's author-email regex is quadratic (issue #562): a 64 KB
    ``<author>`` takes about 30 s. Names and addresses are never that long.

    Examples
    --------
    >>> out = nettoyer_octets(b"<author>" + b"a." * 5000 + b"</author>")
    >>> len(out) < 600, out.endswith(" [tronqué]</author>".encode())
    (True, True)
    """
    if len(data) <= MAX_AUTEUR:
        return data
    return _LONG_AUTHOR.sub(_cut_author, data)

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
    """Download a feed over HTTP(S) with a timeout, a size cap and a User-Agent.

    ``timeout`` bounds each network wait *and* the whole download (a server
    that trickles bytes is cut too). The body is read in chunks and reading
    stops as soon as it passes ``max_octets`` (a declared ``Content-Length``
    above the cap is refused before reading). A ``304 Not Modified`` answer to
    a conditional request (``etag`` or ``modifie``) gives ``statut=304`` and
    an empty body. Failures raise :class:`~casekit.errors.FluxIndisponibleError`
    with a French message and a ``statut`` attribute (« délai dépassé »,
    « erreur HTTP 404 », « trop volumineux », « injoignable »).

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
    too_big = _erreur("trop volumineux", f"Le flux « {url} » dépasse {_octets(max_octets)} : lecture refusée.")
    late = _erreur("délai dépassé", f"Délai dépassé ({timeout:g} s) en lisant « {url} » : le serveur ne répond pas.")
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            headers = {k.lower(): v for k, v in resp.headers.items()}
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_octets:
                raise too_big
            chunks, size = [], 0
            while True:
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_octets:
                    raise too_big
                if time.monotonic() > deadline:
                    raise late
            body = b"".join(chunks)
            headers.setdefault("content-location", resp.geturl())
            status = resp.status
    except FluxIndisponibleError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Reponse(304, {k.lower(): v for k, v in exc.headers.items()}, b"")
        raise _erreur(f"erreur HTTP {exc.code}",
                      f"Le serveur a répondu {exc.code} ({exc.reason}) pour « {url} ».") from None
    except (TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
            raise late from None
        raise _erreur("injoignable", f"Impossible de joindre « {url} » : {reason}.") from None
    return Reponse(status, headers, body)


def _octets(n: int) -> str:
    return f"{n:,} octets".replace(",", "\u202f")


def dossier_cache() -> Path:
    """Default cache folder: ``$CASEKIT_CACHE``, else ``~/.cache/casekit/veille`` (XDG).

    Examples
    --------
    >>> dossier_cache().name
    'veille'
    """
    env = os.environ.get("CASEKIT_CACHE")
    if env:
        return Path(env) / "veille"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "casekit" / "veille"


class Cache:
    """A folder of downloaded feeds: ``<sha256(url)>.xml`` plus ``.json`` (ETag, Last-Modified, time).

    Used by :func:`lire_flux` and :func:`collecter` for http(s) sources: a
    copy younger than ``fraicheur`` seconds is read without any request;
    otherwise a conditional request is sent and a ``304`` answer reads the
    copy (status « non modifié (cache) »).
    """

    def __init__(self, dossier: str | os.PathLike[str] | None = None) -> None:
        self.dossier = Path(dossier) if dossier is not None else dossier_cache()

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.dossier / f"{key}.xml", self.dossier / f"{key}.json"

    def lire(self, url: str) -> tuple[bytes, dict[str, Any]] | None:
        body, meta = self._paths(url)
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return body.read_bytes(), info
        except (OSError, ValueError):
            return None

    def ecrire(self, url: str, contenu: bytes, entetes: dict[str, str]) -> None:
        body, meta = self._paths(url)
        try:
            self.dossier.mkdir(parents=True, exist_ok=True)
            body.write_bytes(contenu)
            meta.write_text(json.dumps({
                "url": url, "etag": entetes.get("etag"), "last_modified": entetes.get("last-modified"),
                "content_type": entetes.get("content-type"), "content_location": entetes.get("content-location"),
                "lu_le": time.time(),
            }), encoding="utf-8")
        except OSError:  # a read-only cache never breaks reading
            pass

    def toucher(self, url: str) -> None:
        hit = self.lire(url)
        if hit is not None:
            _, meta = self._paths(url)
            info = {**hit[1], "lu_le": time.time()}
            try:
                meta.write_text(json.dumps(info), encoding="utf-8")
            except OSError:
                pass


def _cache_of(cache: Any) -> Cache | None:
    if cache is None or cache is False:
        return None
    if cache is True:
        return Cache()
    if isinstance(cache, Cache):
        return cache
    if isinstance(cache, str | os.PathLike):
        return Cache(cache)
    raise ArgumentInvalideError(
        "« cache » attend True, False, un dossier ou un objet Cache, "
        f"et non un objet de type « {type(cache).__name__} »."
    )


@dataclass
class Flux:
    """One feed read by :func:`lire_flux`.

    ``statut`` says what happened in French (see the module table), ``niveau``
    is ``"ok"``, ``"avertissement"`` (entries kept despite a problem) or
    ``"erreur"`` (nothing usable); ``message`` explains it.
    """

    articles: pd.DataFrame
    titre: str = ""
    version: str = ""
    statut: str = "ok"
    message: str = ""
    url_flux: str = ""
    entetes: dict[str, str] = field(default_factory=dict)

    @property
    def niveau(self) -> str:
        return niveau(self.statut)

    def __repr__(self) -> str:
        return (f"Flux(titre={self.titre!r}, version={self.version!r}, "
                f"articles={len(self.articles)}, statut={self.statut!r})")


def _read_bytes(
    source: Any, timeout: float, max_octets: int, cache: Cache | None, fraicheur: float
) -> tuple[bytes, dict[str, str], str, str]:
    """Bytes, headers, location and a cache status (``""``, ``"cache"``, ``"non modifié (cache)"``)."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > max_octets:
            raise _erreur("trop volumineux", f"Le flux dépasse {_octets(max_octets)} : lecture refusée.")
        return data, {}, "", ""
    if isinstance(source, str) and urllib.parse.urlsplit(source).scheme.lower() in {"http", "https"}:
        hit = cache.lire(source) if cache is not None else None
        etag = modifie = None
        if hit is not None:
            body, info = hit
            cached_headers = {k: v for k, v in (("content-type", info.get("content_type")),
                                                ("content-location", info.get("content_location") or source))
                              if v}
            if time.time() - float(info.get("lu_le", 0)) < fraicheur:
                return body, cached_headers, source, "cache"
            etag, modifie = info.get("etag"), info.get("last_modified")
        rep = telecharger(source, timeout=timeout, max_octets=max_octets, etag=etag, modifie=modifie)
        if rep.statut == 304 and hit is not None:
            cache.toucher(source)
            return hit[0], cached_headers, source, "non modifié (cache)"
        if cache is not None:
            cache.ecrire(source, rep.contenu, rep.entetes)
        return rep.contenu, rep.entetes, source, ""
    if isinstance(source, str | os.PathLike):
        if isinstance(source, str) and source.lstrip().startswith("<"):
            raise ArgumentInvalideError(
                "lire_flux() a reçu du texte XML : passez-le en octets, par exemple "
                "lire_flux(texte.encode(\"utf-8\")), ou donnez le chemin d'un fichier."
            )
        path = Path(source)
        if not path.is_file():
            raise _erreur("fichier introuvable", f"Fichier de flux introuvable : « {path} ».")
        if path.stat().st_size > max_octets:
            raise _erreur("trop volumineux",
                          f"Le fichier « {path} » dépasse {_octets(max_octets)} : lecture refusée.")
        return path.read_bytes(), {}, path.resolve().as_uri(), ""
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
    return re.sub(r"[ \t\r\n]+", " ", detail_value).strip()  # keeps French no-break spaces


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


_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def lire_flux(
    source: bytes | str | os.PathLike[str],
    *,
    categorie: str | None = None,
    timeout: float = 10.0,
    max_octets: int = MAX_OCTETS,
    entetes: dict[str, str] | None = None,
    erreurs: str = "lever",
    cache: Any = None,
    fraicheur: float = 3600.0,
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
        returns an empty :class:`Flux` whose ``statut`` says why instead.
    cache : bool, path or Cache, optional
        For URLs: keep downloads in a folder (``True``: :func:`dossier_cache`)
        and send conditional requests (ETag, Last-Modified).
    fraicheur : float
        A cached copy younger than this many seconds is read without any request.

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
    label = source if isinstance(source, str) else (str(source) if isinstance(source, os.PathLike) else "")
    try:
        data, headers, where, cache_status = _read_bytes(source, timeout, max_octets, _cache_of(cache), fraicheur)
    except FluxIndisponibleError as exc:
        if erreurs == "lever":
            raise
        return Flux(_frame([]), statut=getattr(exc, "statut", "illisible"), message=str(exc), url_flux=label)
    headers = {**headers, **{k.lower(): v for k, v in (entetes or {}).items()}}
    feedparser = _feedparser()
    parsed = feedparser.parse(io.BytesIO(nettoyer_octets(data)), response_headers=headers or None)
    feed = parsed.get("feed", {}) or {}
    title = _text_of(feed.get("title", ""), feed.get("title_detail"))
    lang = _str(feed.get("language"))
    url_flux = where if where.startswith("http") else (headers.get("content-location", "") or where or label)
    rows = []
    for entry in parsed.get("entries", []):
        summary = entry.get("summary", "")
        detail = entry.get("summary_detail")
        if not summary and entry.get("content"):
            first = entry["content"][0]
            summary, detail = first.get("value", ""), first
        tags = entry.get("tags") or ()
        tag_text = "; ".join(" ".join(t["term"].split()) for t in tags
                             if isinstance(t.get("term"), str) and t.get("term"))
        ident = entry.get("id")
        rows.append({
            "source": title,
            "url_flux": url_flux,
            "categorie": categorie,
            "titre": _text_of(entry.get("title", ""), entry.get("title_detail")),
            "resume": _text_of(summary, detail) if isinstance(summary, str) else "",
            "lien": _safe_link(entry.get("link")),
            "guid": _str(ident),
            "date_publication": _entry_date(entry),
            "date_texte": _entry_raw_date(entry),
            "auteur": _str(entry.get("author")),
            "etiquettes": tag_text or None,
            "langue": _str((detail or {}).get("language") if isinstance(detail, dict) else None) or lang,
        })
    articles = _frame(rows)
    status, message = "ok", ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        kind = type(exc).__name__
        if rows:
            status, message = "mal formé mais exploitable", f"Flux lu malgré un défaut ({kind}) : {exc}"
        elif _HTML_START.match(data[:4096]):
            status, message = "pas un flux", "Ce document est une page HTML, pas un flux RSS ou Atom."
        else:
            status, message = "illisible", f"Flux illisible ({kind}) : {exc}"
    elif not rows:
        if parsed.get("version"):
            status, message = "vide", "Flux valide, mais sans aucun article."
        else:
            status, message = "pas un flux", "Ce document n'est pas un flux RSS ou Atom reconnu."
    elif articles["date_publication"].isna().any():
        n_missing = int(articles["date_publication"].isna().sum())
        status = "dates manquantes"
        message = f"{n_missing} article(s) sans date lisible (date_publication vide)."
    if cache_status and status == "ok":
        status = cache_status
        message = ("Le serveur indique que le flux n'a pas changé : copie locale relue."
                   if cache_status.startswith("non modifié") else "Copie locale récente relue, sans requête.")
    if niveau(status) == "erreur" and erreurs == "lever":
        raise _erreur(status, message)
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
            raise _erreur("fichier introuvable", f"Fichier OPML introuvable : « {path} ».")
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


def _expand(sources: Any) -> list[tuple[Any, Any]]:
    import pandas as pd

    if isinstance(sources, pd.DataFrame):
        if "url_flux" not in sources.columns:
            raise ArgumentInvalideError("Le tableau des sources doit avoir une colonne « url_flux ».")
        cats = sources["categorie"] if "categorie" in sources.columns else [None] * len(sources)
        return [(u, None if pd.isna(c) else c) for u, c in zip(sources["url_flux"], cats, strict=True)]
    if isinstance(sources, bytes | str | os.PathLike):
        if isinstance(sources, bytes) or str(sources).lower().endswith(".opml"):
            return _from_opml(sources)
        sources = [sources]
    if not isinstance(sources, list | tuple):
        raise ArgumentInvalideError(
            "collecter() attend un fichier OPML, un tableau avec une colonne « url_flux » ou une "
            f"liste de flux, et non un objet de type « {type(sources).__name__} »."
        )
    items: list[tuple[Any, Any]] = []
    for src in sources:
        if isinstance(src, str | os.PathLike) and str(src).lower().endswith(".opml") and "://" not in str(src):
            try:
                items += _from_opml(src)
            except (FluxIndisponibleError, ArgumentInvalideError) as exc:
                items.append((_Failed(str(src), getattr(exc, "statut", "illisible"), str(exc)), None))
        else:
            items.append((src, None))
    return items


@dataclass
class _Failed:
    label: str
    statut: str
    message: str


def _from_opml(source: Any) -> list[tuple[Any, Any]]:
    table = lire_opml(source)
    base = Path(source).parent if not isinstance(source, bytes) else None
    items = []
    for u, c in zip(table["url_flux"], table["categorie"], strict=True):
        if base is not None and "://" not in u and not Path(u).is_absolute():
            u = str(base / u)
        items.append((u, None if c is None or c != c else c))
    return items


def collecter(
    sources: Any,
    *,
    timeout: float = 10.0,
    max_octets: int = MAX_OCTETS,
    cache: Any = True,
    fraicheur: float = 3600.0,
    progression: bool = False,
):
    """Read many feeds; one dead feed never stops the others.

    Parameters
    ----------
    sources : OPML (bytes or path), DataFrame with ``url_flux``, or list
        Feeds to read; list items are paths, URLs, bytes or ``.opml`` files.
    cache : bool, path or Cache
        Where downloads are kept (``True``: :func:`dossier_cache`; ``False``:
        no cache). Local files and bytes are never cached.
    fraicheur : float
        Seconds during which a cached download is reused without any request.

    Returns
    -------
    Bunch
        ``articles`` (all feeds, sorted by date) and ``journal`` (one row per
        feed: ``url_flux``, ``titre``, ``statut``, ``niveau``, ``nb_articles``,
        ``message``; see the statuses in the module documentation).

    Examples
    --------
    >>> r = collecter(["/chemin/introuvable.xml"])
    >>> r.journal.loc[0, "statut"], r.journal.loc[0, "niveau"], len(r.articles)
    ('fichier introuvable', 'erreur', 0)
    """
    import pandas as pd

    from casekit._bunch import Bunch

    store = _cache_of(cache)
    items = _expand(sources)
    if progression:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="Lecture des flux")
    frames, journal = [], []
    for src, cat in items:
        if isinstance(src, _Failed):
            journal.append((src.label, "", src.statut, niveau(src.statut), 0, src.message))
            continue
        label = src if isinstance(src, str) else ("<octets>" if isinstance(src, bytes) else str(src))
        try:
            flux = lire_flux(src, categorie=cat, timeout=timeout, max_octets=max_octets, erreurs="signaler",
                             cache=store, fraicheur=fraicheur)
        except ArgumentInvalideError as exc:  # a bad item (wrong type, ftp://…) is one error row
            journal.append((label, "", "illisible", "erreur", 0, str(exc)))
            continue
        if len(flux.articles):
            frames.append(flux.articles)
        journal.append((label, flux.titre, flux.statut, flux.niveau, len(flux.articles), flux.message))
    articles = pd.concat(frames, ignore_index=True) if frames else _frame([])
    articles = articles.sort_values("date_publication", kind="stable", na_position="last").reset_index(drop=True)
    jr = pd.DataFrame(journal, columns=COLONNES_JOURNAL)
    jr = jr.astype({c: "string" for c in COLONNES_JOURNAL if c != "nb_articles"}).astype({"nb_articles": "int64"})
    return Bunch(articles=articles, journal=jr)
