"""Hard deadlines, concurrency, redirects and compression (issue 12), with servers on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib

import pytest

from casekit.errors import FluxIndisponibleError
from casekit.veille import collecter, lire_flux, telecharger

RSS = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Flux local</title>'
       b'<item><title>Sous-titres : un rappel</title><link>https://example.org/a</link>'
       b'<pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate></item>'
       b'</channel></rss>')


class RawServer:
    """A TCP server on 127.0.0.1 that answers each connection with ``handler(conn, path)``."""

    def __init__(self, handler):
        self.handler = handler
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            conn.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ")[1].decode()
            self.handler(conn, path.split("?")[0] if "?n=" in path else path, self)
        except OSError:
            pass
        finally:
            with self.lock:
                self.active -= 1
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


def answer(conn, body: bytes, status: str = "200 OK", **headers: str) -> None:
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
    head += "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items())
    conn.sendall(head.encode() + b"\r\n" + body)


def handler(conn, path, server):
    if path == "/flux":
        answer(conn, RSS, Content_Type="application/rss+xml")
    elif path == "/goutte":  # headers trickled at one byte per second
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Lent: " + b"x" * 100:
            if server.stop.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(1)
    elif path == "/muet":
        server.stop.wait(10)
    elif path == "/lent-par-hote":
        time.sleep(0.4)
        answer(conn, RSS, Content_Type="application/rss+xml")
    elif path.startswith("/vers/"):
        answer(conn, b"", "302 Found", Location=path[len("/vers/"):])
    elif path == "/relatif":
        answer(conn, b"", "301 Moved Permanently", Location="/flux")
    elif path == "/boucle":
        answer(conn, b"", "302 Found", Location="/boucle")
    elif path == "/gzip":
        answer(conn, gzip.compress(RSS), Content_Type="application/rss+xml", Content_Encoding="gzip")
    elif path == "/deflate":
        answer(conn, zlib.compress(RSS), Content_Type="application/rss+xml", Content_Encoding="deflate")
    elif path == "/deflate-brut":
        c = zlib.compressobj(wbits=-15)
        answer(conn, c.compress(RSS) + c.flush(), Content_Type="application/rss+xml", Content_Encoding="deflate")
    elif path == "/bombe":
        answer(conn, gzip.compress(b"<" + b"a" * 30_000_000), Content_Type="application/rss+xml",
               Content_Encoding="gzip")
    else:
        answer(conn, b"absent", "404 Not Found")


@pytest.fixture
def server():
    srv = RawServer(handler)
    yield srv
    srv.close()


def test_trickled_headers_are_cut_at_the_wall_clock_deadline(server):
    """Issue 12: a server trickling its headers at 1 byte/s held the fetch for 60 s with --timeout 3."""
    t = time.perf_counter()
    with pytest.raises(FluxIndisponibleError, match="Délai dépassé") as info:
        telecharger(server.url + "/goutte", timeout=1.5)
    assert info.value.statut == "délai dépassé"
    assert time.perf_counter() - t < 5


def test_batch_deadline_and_concurrency(server):
    """500 silent feeds took 83 min one by one: now they run side by side under a batch deadline."""
    others = [RawServer(handler) for _ in range(3)]
    try:
        urls = [f"{s.url}/muet?n={i}" for s in [server, *others] for i in range(6)]
        t = time.perf_counter()
        r = collecter(urls, timeout=1, delai_total=2.5, cache=False, parallele=16, par_hote=4)
        elapsed = time.perf_counter() - t
    finally:
        for s in others:
            s.close()
    assert elapsed < 6, elapsed  # one by one: 24 s
    assert len(r.journal) == 24
    assert set(r.journal["statut"]) <= {"délai dépassé", "délai global dépassé"}
    assert (r.journal["statut"] == "délai dépassé").sum() >= 16  # at least one round ran in parallel


def test_per_host_limit_is_kept(server):
    urls = [f"{server.url}/lent-par-hote?n={i}" for i in range(6)]
    r = collecter(urls, timeout=5, cache=False, par_hote=2)
    assert (r.journal["statut"] == "ok").all()
    assert server.max_active <= 2


def test_batch_deadline_covers_a_trickling_server(server):
    t = time.perf_counter()
    r = collecter([server.url + "/goutte", server.url + "/flux"], timeout=30, delai_total=1.5, cache=False)
    assert time.perf_counter() - t < 5
    assert r.journal["statut"].tolist() == ["délai dépassé", "ok"]


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/flux.xml", "file:///etc/passwd", "data:text/xml,<rss/>",
                                    "javascript:alert(1)"])
def test_redirects_follow_http_only(server, target):
    """Issue 12: a redirect to ftp:// was followed."""
    with pytest.raises(FluxIndisponibleError, match="seules les adresses http") as info:
        telecharger(f"{server.url}/vers/{target}", timeout=3)
    assert info.value.statut == "redirection refusée"


def test_redirect_hops_are_limited_and_relative_ones_followed(server):
    with pytest.raises(FluxIndisponibleError, match="Trop de redirections"):
        telecharger(server.url + "/boucle", timeout=3)
    rep = telecharger(server.url + "/relatif", timeout=3)
    assert rep.contenu == RSS and rep.entetes["content-location"].endswith("/flux")
    f = lire_flux(f"{server.url}/vers/{server.url}/flux", timeout=3)
    assert f.statut == "ok" and f.articles.loc[0, "titre"].startswith("Sous-titres")


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/deflate-brut"])
def test_compressed_feeds_are_read(server, path):
    """Issue 12: gzip-encoded feeds were unreadable, with a misleading message."""
    f = lire_flux(server.url + path, timeout=3)
    assert f.statut == "ok", f.message
    assert f.articles.loc[0, "titre"] == "Sous-titres : un rappel"


def test_gzip_bomb_is_cut_at_the_size_cap(server):
    t = time.perf_counter()
    with pytest.raises(FluxIndisponibleError, match="dépasse") as info:
        telecharger(server.url + "/bombe", timeout=10, max_octets=1_000_000)
    assert info.value.statut == "trop volumineux"
    assert time.perf_counter() - t < 5
