"""Benchmark the veille (issue 4 targets, 2-core machine).

- ingesting 10,000 entries (20 feeds × 500, RSS 2.0 and Atom, built in memory)
  through ``casekit.veille.collecter`` against a bare ``feedparser.parse``
  loop over the same bytes: overhead ≤ 1.5×;
- trend detection on those 10,000 entries (de-duplication, emerging topics,
  Kleinberg bursts of the top terms): ≤ 5 s;
- 500 dead feeds (a silent server on 127.0.0.1 that accepts connections and
  never answers, on 20 ports) at the default timeout and batch deadline:
  under 60 s (one by one, they would take 500 × 10 s, about 83 minutes).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from _timing import median_time, report

import casekit
from casekit.veille.export import atom, rss

N_FEEDS, PER_FEED = 20, 500


def build_feeds() -> list[bytes]:
    """20 feeds × 500 entries from the case articles, with unique ids and spread dates."""
    b = casekit.load("flux_veille")
    frame, sources = b.frame, b.tables["sources"]
    feeds = []
    for k in range(N_FEEDS):
        src = sources.iloc[k % len(sources)].copy()
        rows = frame.sample(PER_FEED, replace=True, random_state=k).copy()
        rows["guid"] = [f"urn:bench:{k}:{i}" for i in range(PER_FEED)]
        rows["lien"] = [f"https://bench-{k}.example.org/a/{i}" for i in range(PER_FEED)]
        rows["titre"] = rows["titre"] + [f" ({i})" for i in range(PER_FEED)]
        rows["resume"] = "<p>" + rows["resume"] + " <b>RGAA</b> &amp; sobriété</p>"
        rows = rows.sort_values("date_publication")
        feeds.append(rss(rows, src) if k % 2 == 0 else atom(rows, src))
    return feeds


def main() -> None:
    import feedparser

    from casekit.veille import collecter, dedoublonner, pics, termes_emergents

    t0 = time.perf_counter()
    feeds = build_feeds()
    size = sum(map(len, feeds))
    print(f"{N_FEEDS} flux × {PER_FEED} articles = {N_FEEDS * PER_FEED} articles, "
          f"{size / 1e6:.1f} Mo générés en {time.perf_counter() - t0:.1f} s")
    collecter(feeds[:1], cache=False)  # warm imports and the French date handler

    def bare():
        return [feedparser.parse(io.BytesIO(b)) for b in feeds]

    result = {}

    def ours():
        result["r"] = collecter(feeds, cache=False)

    t_bare = median_time(bare, repeat=3)
    t_ours = median_time(ours, repeat=3)
    r = result["r"]
    assert len(r.articles) == N_FEEDS * PER_FEED, len(r.articles)
    articles = r.articles

    def trends():
        clean = dedoublonner(articles)
        end = clean["date_publication"].max()
        start = (end - pd.Timedelta(days=60)).normalize()
        top = termes_emergents(clean, start, end, n=10)
        pics(clean, list(top["terme"][:5]))

    def bare_counts():
        # Baseline: one bare scikit-learn pass counting unigrams and bigrams of the same texts.
        from sklearn.feature_extraction.text import CountVectorizer

        texts = (articles["titre"].fillna("") + " " + articles["resume"].fillna("")).tolist()
        CountVectorizer(ngram_range=(1, 2), binary=True, min_df=2).fit_transform(texts)

    t_trends = median_time(trends, repeat=3)
    t_counts = median_time(bare_counts, repeat=3)
    report("veille : lecture de 10 000 articles (référence : boucle feedparser.parse nue)", [
        ("collecter() contre feedparser.parse seul", t_ours, t_bare, 1.5),
    ])
    report("veille : tendances sur 10 000 articles (référence : CountVectorizer nu, mêmes textes)", [
        ("dédoublonnage + termes émergents + pics", t_trends, t_counts, None),
    ])
    print(f"\nCible absolue : tendances en {t_trends:.2f} s (≤ 5 s) {'OK' if t_trends <= 5 else 'HORS CIBLE'}")
    dead_feeds()


def dead_feeds(n: int = 500, ports: int = 20) -> float:
    """500 silent feeds through collecter() with its defaults; returns the wall time."""
    import socket

    from casekit.veille import collecter

    servers = [socket.create_server(("127.0.0.1", 0), backlog=n) for _ in range(ports)]
    try:
        urls = [f"http://127.0.0.1:{servers[i % ports].getsockname()[1]}/flux-{i}.xml" for i in range(n)]
        t = time.perf_counter()
        r = collecter(urls, cache=False)
        elapsed = time.perf_counter() - t
    finally:
        for srv in servers:
            srv.close()
    counts = r.journal["statut"].value_counts().to_dict()
    print(f"\n{n} flux muets (délai par défaut)\u00a0: {elapsed:.1f} s (cible < 60 s) "
          f"{'OK' if elapsed < 60 else 'HORS CIBLE'}\u202f; statuts\u00a0: {counts}")
    return elapsed


if __name__ == "__main__":
    main()
