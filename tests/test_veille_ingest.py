"""Reading feeds: files, bytes, URLs (local server only), OPML, robustness corpus."""

from __future__ import annotations

import http.server
import re
import threading
import time
from pathlib import Path

import feedparser
import pandas as pd
import pytest

import casekit
from casekit.errors import ArgumentInvalideError, FluxIndisponibleError
from casekit.veille import collecter, date_francaise, ecrire_flux, lire_flux, lire_opml, telecharger
from casekit.veille.ingest import COLONNES

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Veille test</title><link>https://t.example.org/</link>
<description>d</description>
<item><title>Premier</title><link>https://t.example.org/1</link><guid isPermaLink="false">urn:t:1</guid>
<pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate><description>&lt;p&gt;Le &lt;b&gt;RGAA&lt;/b&gt;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
<category>accessibilité</category><category>web</category></item>
<item><title>Sans date</title><link>javascript:alert(1)</link></item>
<item><title>Date française</title><link>/relatif/3</link><pubDate>mar., 07 janv. 2025 10:00:00 +0100</pubDate></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    d = tmp_path_factory.mktemp("flux")
    paths = ecrire_flux(d)
    return d, paths


def test_generated_feeds_are_valid_for_feedparser(feeds):
    d, paths = feeds
    src = casekit.load("flux_veille").tables["sources"].set_index("source_id")
    assert (d / "abonnements.opml").is_file() and len(paths) == len(src) + 1
    for p in paths[:-1]:
        parsed = feedparser.parse(p.read_bytes())
        assert not parsed.bozo, (p.name, parsed.get("bozo_exception"))
        expected = "rss20" if src.loc[p.stem, "format"] == "rss" else "atom10"
        assert parsed.version == expected
        assert all(e.get("published_parsed") for e in parsed.entries)


def test_round_trip_through_files_equals_the_dataset(feeds):
    d, _ = feeds
    frame = casekit.load("flux_veille").frame
    r = collecter(d / "abonnements.opml")
    assert set(r.journal["statut"]) == {"ok"}
    got = r.articles
    assert list(got.columns) == COLONNES
    assert len(got) == len(frame)
    m = frame.merge(got, on="guid", suffixes=("", "_lu"), validate="one_to_one")
    assert len(m) == len(frame)
    for col in ("titre", "resume", "lien", "auteur", "etiquettes", "date_publication", "source"):
        assert (m[col] == m[f"{col}_lu"]).all(), col
    assert (m["categorie"].astype(str) == m["categorie_lu"]).all()


def test_lire_flux_plain_text_dates_and_links():
    f = lire_flux(RSS.encode())
    a = f.articles
    assert f.titre == "Veille test" and f.version == "rss20"
    assert a.loc[0, "resume"] == "Le RGAA"  # HTML reduced to text, script dropped
    assert a.loc[0, "etiquettes"] == "accessibilité; web"
    assert a.loc[0, "date_publication"] == pd.Timestamp("2025-01-06 08:30", tz="UTC")
    assert a.loc[2, "date_publication"] == pd.Timestamp("2025-01-07 09:00", tz="UTC")  # French date
    assert pd.isna(a.loc[1, "lien"])  # javascript: is never kept
    assert pd.isna(a.loc[1, "date_publication"])
    # One article has no date: kept, with a French warning.
    assert f.statut == "dates manquantes" and f.niveau == "avertissement" and "sans date" in f.message


def test_relative_links_resolved_with_content_location():
    f = lire_flux(RSS.encode(), entetes={"Content-Location": "https://t.example.org/flux.xml"})
    assert f.articles.loc[2, "lien"] == "https://t.example.org/relatif/3"


def test_a_feed_read_again_reflects_its_current_content(tmp_path):
    # the parse is memoised on the bytes: a rewritten file is read anew, a copy elsewhere
    # gives the same articles with its own address, and editing a result changes no later read
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_text(RSS, encoding="utf-8")
    b.write_text(RSS, encoding="utf-8")
    first = lire_flux(a).articles
    first.loc[0, "titre"] = "modifié par l'étudiant"
    again, copy = lire_flux(a).articles, lire_flux(b).articles
    assert again.loc[0, "titre"] == "Premier"
    assert copy.drop(columns="url_flux").equals(again.drop(columns="url_flux"))
    assert copy.loc[0, "url_flux"].endswith("b.xml") and again.loc[0, "url_flux"].endswith("a.xml")
    a.write_text(RSS.replace("<title>Premier</title>", "<title>Réécrit</title>"), encoding="utf-8")
    assert lire_flux(a).articles.loc[0, "titre"] == "Réécrit"
    assert lire_flux(a, entetes={"Content-Location": "https://t.example.org/flux.xml"}).articles.loc[
        2, "lien"] == "https://t.example.org/relatif/3"


def test_text_plain_title_is_kept_literally():
    xml = b'<rss version="2.0"><channel><title>x</title><item><title>Les &lt;nouveautes&gt;</title></item></channel></rss>'
    assert lire_flux(xml).articles.loc[0, "titre"] == "Les <nouveautes>"


def test_misdeclared_encoding_is_a_warning_not_an_error():
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Été</title><item><title>Café</title></item></channel></rss>'
    f = lire_flux(body.encode("latin-1"))
    assert f.statut == "mal formé mais exploitable" and "CharacterEncodingOverride" in f.detail
    assert f.articles.loc[0, "titre"] == "Café"


def test_unreadable_inputs_have_french_errors(tmp_path):
    with pytest.raises(FluxIndisponibleError, match="introuvable"):
        lire_flux(tmp_path / "absent.xml")
    with pytest.raises(ArgumentInvalideError, match="en octets"):
        lire_flux("<rss></rss>")
    with pytest.raises(ArgumentInvalideError, match="type «\u00a0int\u00a0»"):
        lire_flux(42)
    with pytest.raises(ArgumentInvalideError, match="erreurs"):
        lire_flux(b"<rss/>", erreurs="ignorer")
    with pytest.raises(FluxIndisponibleError, match="illisible"):
        lire_flux(b"<rss version='2.0'><channel><title>x</title></rss")
    with pytest.raises(FluxIndisponibleError, match="dépasse 10 octets"):
        lire_flux(b"<rss>" + b" " * 20 + b"</rss>", max_octets=10)
    with pytest.raises(FluxIndisponibleError, match="pas un flux"):
        lire_flux(b"<html><body>Bonjour</body></html>")
    signalled = lire_flux(tmp_path / "absent.xml", erreurs="signaler")
    assert signalled.statut == "fichier introuvable" and signalled.niveau == "erreur"
    assert len(signalled.articles) == 0 and "introuvable" in signalled.message
    with pytest.raises(ArgumentInvalideError, match="non prise en charge"):
        telecharger("file:///etc/passwd")


def test_date_francaise():
    assert date_francaise("06 janvier 2025")[:4] == (2025, 1, 5, 23)  # midnight in Paris
    assert date_francaise("lun. 06 févr. 2025 23:30 -0100")[:5] == (2025, 2, 7, 0, 30)
    assert date_francaise("32 janv. 2025") is None
    assert date_francaise("06 brumaire 2025") is None
    assert date_francaise("n'importe quoi") is None


def test_lire_opml_folders_categories_and_bad_files(tmp_path):
    opml = b"""<opml version="2.0"><head><title>t</title></head><body>
      <outline text="Veille"><outline text="Juridique">
        <outline type="rss" text="A" xmlUrl="https://a.example.org/f.xml"/></outline>
        <outline type="rss" text="B" title="Bee" xmlUrl="https://b.example.org/f.xml" category="seo,ia"/>
      </outline></body></opml>"""
    t = lire_opml(opml)
    assert t[["nom", "categorie"]].values.tolist() == [["A", "Veille/Juridique"], ["Bee", "seo,ia"]]
    with pytest.raises(ArgumentInvalideError, match="mal formé"):
        lire_opml(b"<opml><body>")
    with pytest.raises(ArgumentInvalideError, match="pas un fichier OPML"):
        lire_opml(b"<rss/>")
    with pytest.raises(ArgumentInvalideError, match="DOCTYPE"):
        lire_opml(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body/></opml>')
    with pytest.raises(FluxIndisponibleError, match="introuvable"):
        lire_opml(tmp_path / "x.opml")


def test_collecter_survives_a_dead_feed(feeds, tmp_path):
    _, paths = feeds
    r = collecter([paths[0], tmp_path / "mort.xml", b"pas du xml"])
    assert r.journal["statut"].tolist() == ["ok", "fichier introuvable", "illisible"]
    assert r.journal["niveau"].tolist() == ["ok", "erreur", "erreur"]
    assert r.journal.loc[1, "message"].startswith("Fichier de flux introuvable")
    assert len(r.articles) == r.journal.loc[0, "nb_articles"] > 0
    assert r.articles["date_publication"].is_monotonic_increasing
    with pytest.raises(ArgumentInvalideError, match="url_flux"):
        collecter(pd.DataFrame({"x": [1]}))
    with pytest.raises(ArgumentInvalideError, match="collecter"):
        collecter(3.5)


# --------------------------------------------------------------------------- local HTTP


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/lent":
            time.sleep(3)
            return
        if self.path == "/absent":
            self.send_error(404, "Not Found")
            return
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        body = RSS.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.network
def test_http_feed_etag_404_and_timeout(server):
    f = lire_flux(server + "/flux.xml")
    assert f.statut == "dates manquantes" and len(f.articles) == 3
    # Relative links are resolved against the address the feed came from.
    assert f.articles.loc[2, "lien"] == server + "/relatif/3"
    first = telecharger(server + "/flux.xml")
    assert first.statut == 200 and first.entetes["etag"] == '"v1"'
    assert telecharger(server + "/flux.xml", etag='"v1"').statut == 304
    with pytest.raises(FluxIndisponibleError, match="répondu 404"):
        telecharger(server + "/absent")
    t = time.perf_counter()
    with pytest.raises(FluxIndisponibleError, match=re.escape("Délai dépassé (0.5\u00a0s)")):
        telecharger(server + "/lent", timeout=0.5)
    assert time.perf_counter() - t < 2.5
    with pytest.raises(FluxIndisponibleError, match="dépasse"):
        telecharger(server + "/flux.xml", max_octets=100)
    refused = collecter([server + "/absent", "http://127.0.0.1:9/ferme"], timeout=1, cache=False)
    assert refused.journal["statut"].tolist() == ["erreur HTTP 404", "injoignable"]
    assert refused.journal.loc[1, "message"].startswith("Impossible de joindre")


# --------------------------------------------------------------------------- corpus


def test_xxe_payload_reads_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-XYZ")
    xml = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{Path(secret).as_uri()}">]>'
           '<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>')
    f = lire_flux(xml.encode(), erreurs="signaler")
    assert "SECRET" not in " ".join(f.articles["titre"].dropna())
