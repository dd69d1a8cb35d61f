"""Hostile and broken inputs, the HTTP cache, the committed feeds and feedparser's own corpus."""

from __future__ import annotations

import email.utils
import filecmp
import http.server
import threading
import time
import xml.etree.ElementTree as ET

import feedparser
import pandas as pd
import pytest

import casekit
from casekit.errors import FluxIndisponibleError
from casekit.veille import collecter, lire_flux, synthese
from casekit.veille.export import dossier_cas, ecrire_tous
from casekit.veille.ingest import COLONNES, COLONNES_JOURNAL, NIVEAUX, niveau
from tests.conftest import CORPUS, ROOT, corpus_available

LAST_MODIFIED = email.utils.formatdate(1_735_689_600, usegmt=True)  # 1 Jan 2025


def _rss(items: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>https://t.example.org/</link><description>d</description>{extra}{items}</channel></rss>").encode()


CLEAN = _rss("".join(
    f"<item><title>Article {i}</title><link>https://t.example.org/{i}</link><guid>urn:t:{i}</guid>"
    f"<pubDate>Mon, 0{i} Jan 2025 09:30:00 +0100</pubDate></item>" for i in range(1, 4)
))
BIG = 50 * 1024 * 1024


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: dict[str, int] = {}
        self.stop = threading.Event()


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):
        pass

    def _send(self, body: bytes, ctype: str = "application/rss+xml; charset=utf-8", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65_000 + b" -->"
        sent = 0
        try:
            while sent < BIG and not self.server.stop.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        self.server.sent[self.path] = sent

    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        if self.path == "/jamais":  # accepts, never answers (bounded by the server's stop event)
            self.server.stop.wait(5)
            return
        if self.path == "/flux":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(CLEAN, ETag='"v1"', Last_Modified=LAST_MODIFIED)
        elif self.path == "/html":
            self._send(b"<!DOCTYPE html><html><head><title>Accueil</title></head><body>Bonjour</body></html>",
                       "text/html; charset=utf-8")
        elif self.path == "/gros":
            self._stream(declared=False)
        elif self.path == "/gros-annonce":
            self._stream(declared=True)
        else:
            self.send_error(404, "Not Found")


@pytest.fixture
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.stop.set()
    srv.shutdown()
    srv.server_close()


def _paths(srv: _Server) -> list[str]:
    return [p for p, _ in srv.requests]


@pytest.mark.network
def test_timeout_fires_and_the_batch_continues(server, tmp_path):
    t = time.perf_counter()
    r = collecter([server.url + "/jamais", server.url + "/flux", server.url + "/absent"], timeout=0.5,
                  cache=tmp_path)
    assert time.perf_counter() - t < 3
    assert r.journal["statut"].tolist() == ["délai dépassé", "ok", "erreur HTTP 404"]
    assert r.journal.loc[0, "message"].startswith("Délai dépassé (0.5\u00a0s)")
    assert len(r.articles) == 3 and r.journal.loc[1, "nb_articles"] == 3
    assert list(r.journal.columns) == COLONNES_JOURNAL


@pytest.mark.network
@pytest.mark.parametrize("path", ["/gros", "/gros-annonce"])
def test_a_50_mb_body_hits_the_cap_without_being_read(server, path):
    t = time.perf_counter()
    f = lire_flux(server.url + path, max_octets=1_000_000, erreurs="signaler")
    elapsed = time.perf_counter() - t
    assert f.statut == "trop volumineux" and f.niveau == "erreur"
    assert "dépasse" in f.message and len(f.articles) == 0
    assert elapsed < 3
    server.stop.set()  # let the handler finish, then check how much it could send
    for _ in range(50):
        if path in server.sent:
            break
        time.sleep(0.05)
    # The client stopped reading long before 50 MB (socket buffers hold a few MB at most).
    assert server.sent.get(path, 0) < BIG


@pytest.mark.network
def test_cache_and_conditional_requests(server, tmp_path):
    url = server.url + "/flux"
    first = collecter([url], cache=tmp_path)
    assert first.journal.loc[0, "statut"] == "ok" and _paths(server) == ["/flux"]
    ua = server.requests[0][1].get("User-Agent", "")
    assert ua.startswith("casekit-veille/")
    # A fresh copy is reused without any request (Binder users do not refetch).
    again = collecter([url], cache=tmp_path, fraicheur=3600)
    assert again.journal.loc[0, "statut"] == "cache" and len(server.requests) == 1
    # An old copy triggers a conditional request; 304 means the cached copy is read.
    cond = collecter([url], cache=tmp_path, fraicheur=0)
    assert len(server.requests) == 2
    headers = server.requests[1][1]
    assert headers.get("If-None-Match") == '"v1"' and headers.get("If-Modified-Since") == LAST_MODIFIED
    assert cond.journal.loc[0, "statut"] == "non modifié (cache)"
    pd.testing.assert_frame_equal(cond.articles, first.articles)
    # Without a cache, every read is a full request.
    collecter([url], cache=False)
    assert len(server.requests) == 3 and "If-None-Match" not in server.requests[2][1]
    assert len(list(tmp_path.glob("*.xml"))) == 1 and len(list(tmp_path.glob("*.json"))) == 1


@pytest.mark.network
def test_html_page_over_http_is_not_a_feed(server):
    f = lire_flux(server.url + "/html", erreurs="signaler")
    assert f.statut == "pas un flux" and "HTML" in f.message


def test_huge_author_field_does_not_hang():
    author = "x@" + "a." * 32_000 + "-"  # feedparser 6.0.14 takes ~30 s on this (issue #562)
    body = _rss(f"<item><title>Auteur</title><link>https://t.example.org/a</link>"
                f"<pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate><author>{author}</author></item>")
    assert len(body) > 64_000
    t = time.perf_counter()
    r = collecter([body, CLEAN], cache=False)
    assert time.perf_counter() - t < 2
    assert r.journal["statut"].tolist() == ["ok", "ok"]
    a = r.articles.set_index("titre")
    assert a.loc["Auteur", "auteur"].endswith("[tronqué]") and len(a.loc["Auteur", "auteur"]) < 600


def test_billion_laughs_gets_a_status_row_and_no_hang():
    lol = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']><rss version="2.0"><channel><title>t</title><item><title>&lol9;</title></item></channel></rss>')
    t = time.perf_counter()
    r = collecter([lol.encode(), CLEAN], cache=False)
    assert time.perf_counter() - t < 5
    assert len(r.journal) == 2 and r.journal.loc[1, "statut"] == "ok"
    assert r.journal.loc[0, "statut"] in NIVEAUX
    assert r.articles["titre"].str.len().max() < 10_000  # never a billion "lol"


def test_html_missing_file_empty_feed_and_french_dates(tmp_path):
    html = b"<!DOCTYPE html><html><body><p>Bienvenue</p></body></html>"
    empty = _rss("")
    french = _rss("<item><title>Date</title><link>https://t.example.org/d</link>"
                  "<pubDate>lun., 06 janv. 2025 10:00:00 +0100</pubDate></item>")
    missing = tmp_path / "absent.xml"
    r = collecter([html, missing, empty, french], cache=False)
    assert r.journal["statut"].tolist() == ["pas un flux", "fichier introuvable", "vide", "ok"]
    assert r.journal["niveau"].tolist() == ["erreur", "erreur", "avertissement", "ok"]
    assert r.journal.loc[1, "message"] == f"Fichier de flux introuvable\u00a0: «\u00a0{missing}\u00a0»."
    assert "SAX" not in r.journal.loc[1, "message"]  # not a bozo parse of the path string
    with pytest.raises(FluxIndisponibleError, match="introuvable") as exc:
        lire_flux(missing)
    assert exc.value.statut == "fichier introuvable"
    when = r.articles.loc[0, "date_publication"]
    assert when == pd.Timestamp("2025-01-06 09:00", tz="UTC") and str(when.tz) == "UTC"


def test_no_javascript_or_data_link_reaches_the_output():
    items = "".join(
        f"<item><title>Piège {i}</title><link>{link}</link><pubDate>Mon, 0{i + 1} Jun 2025 09:00:00 GMT</pubDate>"
        f"<description>&lt;a href=\"{link}\"&gt;clic&lt;/a&gt; RGPD</description></item>"
        for i, link in enumerate(["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                                  " JaVaScRiPt:alert(2)", "https://ok.example.org/1"])
    )
    old = "".join(f"<item><title>Ancien {i}</title><link>https://ok.example.org/v{i}</link>"
                  f"<pubDate>Mon, 0{i + 1} Jan 2024 09:00:00 GMT</pubDate></item>" for i in range(5))
    r = collecter([_rss(items + old)], cache=False)
    links = r.articles["lien"].dropna()
    assert links.tolist() and links.str.match(r"https?://").all()
    s = synthese(r.articles, "2025-06-01", "2025-06-30")
    for text in (str(s), s.html()):
        assert "javascript:" not in text.lower() and "data:text" not in text.lower()


def test_ingestion_statuses_are_documented():
    import casekit.veille.ingest as ingest

    for statut in NIVEAUX:
        assert f"``{statut}``" in ingest.__doc__
    assert niveau("erreur HTTP 503") == "erreur"


# --------------------------------------------------------------------------- committed feeds


@pytest.mark.parametrize("case", casekit.list_cases())
def test_committed_feeds_are_a_fresh_generation_and_valid(case, tmp_path):
    committed = dossier_cas(case)
    assert committed == ROOT / "datasets" / case / "veille"
    ecrire_tous(tmp_path)
    fresh = dossier_cas(case, tmp_path)
    names = sorted(p.name for p in fresh.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(committed, fresh, names, shallow=False)
    assert not mismatch and not errors, "run `make data` (python -m casekit.veille.export --all)"
    feeds = sorted(committed.glob("*.xml"))
    assert len(feeds) >= 8
    versions, spans = set(), []
    for p in feeds:
        parsed = feedparser.parse(p.read_bytes())
        assert parsed.bozo == 0, (p.name, parsed.get("bozo_exception"))
        versions.add(parsed.version)
        dates = [pd.Timestamp(*e.published_parsed[:6]) for e in parsed.entries]
        spans.append(max(dates) - min(dates))
        assert parsed.feed.get("language", "").startswith("fr")
    assert versions == {"rss20", "atom10"}
    assert min(spans) >= pd.Timedelta(days=183)
    root = ET.parse(committed / "abonnements.opml").getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = [o for o in root.iter("outline") if o.get("xmlUrl")]
    assert {o.get("category") for o in outlines} == {"tendances", "technique", "juridique", "concurrence"}
    assert {o.get("xmlUrl") for o in outlines} == {p.name for p in feeds}
    # The committed files read back offline into the dataset.
    r = collecter(committed / "abonnements.opml", cache=False)
    assert set(r.journal["statut"]) == {"ok"}
    assert len(r.articles) == len(casekit.load("flux_veille", case=case).frame)


# --------------------------------------------------------------------------- corpus


@pytest.mark.corpus
@pytest.mark.skipif(not corpus_available(), reason="corpus feedparser v6.0.14 absent (../shared/corpora)")
def test_feedparser_corpus_status_rows_links_and_dtypes():
    files = sorted(CORPUS.rglob("*.xml"))
    assert len(files) == 2242
    r = collecter(files, cache=False)
    j = r.journal
    assert len(j) == len(files)
    assert j["url_flux"].tolist() == [str(p) for p in files]  # one row per file, in order
    assert j["statut"].map(lambda s: s in NIVEAUX or s.startswith("erreur HTTP")).all()
    assert (j["niveau"] == j["statut"].map(niveau)).all()
    assert (j.loc[j["niveau"] == "erreur", "nb_articles"] == 0).all()
    assert j["nb_articles"].sum() == len(r.articles)
    counts = j["statut"].value_counts()
    assert counts.get("ok", 0) + counts.get("dates manquantes", 0) > 1000
    assert counts.get("illisible", 0) > 0 and counts.get("mal formé mais exploitable", 0) > 0
    a = r.articles
    assert list(a.columns) == COLONNES
    assert str(a["date_publication"].dtype) == "datetime64[ns, UTC]"
    for col in COLONNES:
        if col != "date_publication":
            assert isinstance(a[col].dtype, pd.StringDtype), col
    for col in ("lien",):
        assert not a[col].dropna().str.contains(r"(?i)^\s*(?:javascript|data|vbscript):").any()
        assert a[col].dropna().str.match(r"(?i)https?://").all()
