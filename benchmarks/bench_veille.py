"""Benchmark the veille (issue 4 targets, 2-core machine).

- ingesting 10,000 entries (20 feeds × 500, RSS 2.0 and Atom, built in memory)
  through ``casekit.veille.collecter`` against a bare ``feedparser.parse``
  loop over the same bytes: overhead ≤ 1.5×;
- trend detection on those 10,000 entries (de-duplication, emerging topics,
  Kleinberg bursts of the top terms): ≤ 5 s;
- 500 dead feeds (a silent server on 127.0.0.1 that accepts connections and
  never answers, on 20 ports) at the default timeout and batch deadline:
  under 60 s (one by one, they would take 500 × 10 s, about 83 minutes);
- the optional semantic grouping (``semantique=True``, the ``casekit[semantique]``
  extra) on the reworded planted corpus of ``tests/corpus_reformule.py`` (3 seeds):
  topic slots, topic-merge and near-duplicate precision/recall with and without it,
  and its run time as a ratio of the default path in the same run (skipped with a
  message when the extra is absent).
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
    semantic_grouping()
    dead_feeds()


def _rows(top: pd.DataFrame, forms: list[str]) -> list[int]:
    """Rows of ``top`` that show one of ``forms`` (as its phrase or a sub-phrase)."""
    from casekit.veille.texte import normaliser

    out = []
    for k, (term, subs) in enumerate(zip(top["terme"], top["sous_expressions"], strict=True)):
        phrases = [f" {term} "] + [f" {normaliser(x)} " for x in subs]
        if any(f" {f} " in p for p in phrases for f in forms):
            out.append(k)
    return out


def _merged_pairs(top: pd.DataFrame, forms: dict[str, str]) -> set[frozenset]:
    """Pairs of planted wordings shown in one row of ``top`` (as its phrase or a sub-phrase)."""
    from casekit.veille.texte import normaliser

    pairs = set()
    for term, subs in zip(top["terme"], top["sous_expressions"], strict=True):
        phrases = [f" {term} "] + [f" {normaliser(x)} " for x in subs]
        here = sorted(f for f in forms if any(f" {f} " in p for p in phrases))
        pairs |= {frozenset((a, b)) for i, a in enumerate(here) for b in here[i + 1:]}
    return pairs


def semantic_grouping(seeds: tuple[int, ...] = (0, 1, 2)) -> None:
    """What ``semantique=True`` adds on the reworded planted corpus, and what it costs."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from corpus_reformule import corpus_reformule

    from casekit.veille import (
        evaluer_regroupement,
        regrouper_similaires,
        semantique,
        termes_emergents,
    )

    print("\n== veille : regroupement sémantique facultatif (corpus reformulé, graines "
          f"{', '.join(map(str, seeds))}) ==")
    if not semantique.disponible():
        print(f"ignoré\u00a0: {semantique.message_installation()}")
        return
    corpora = [corpus_reformule(seed) for seed in seeds]
    stats = {sem: {"slots": [], "merged": 0, "correct": 0, "found": 0, "expected": 0, "dup": [0, 0, 0], "time": 0.0}
             for sem in (False, True)}

    def run(sem: bool) -> None:
        st = stats[sem]
        for frame, truth in corpora:
            planted = truth["sujets"] + truth["distracteurs"]
            forms = {f: t["id"] for t in planted for f in t["formes"]}
            t0 = time.perf_counter()
            for topic in truth["sujets"]:
                start = pd.Timestamp(topic["debut"])
                top = termes_emergents(frame, start, start + pd.Timedelta(days=14), n=10, semantique=sem)
                st["slots"].append(len(_rows(top.head(5), topic["formes"])))
                pairs = _merged_pairs(top, forms)
                st["merged"] += len(pairs)
                st["correct"] += sum(len({forms[f] for f in p}) == 1 for p in pairs)
                st["found"] += frozenset(topic["formes"]) in pairs
                st["expected"] += 1  # the topic's two wordings
            f = frame.set_index("article_id")
            r = evaluer_regroupement(regrouper_similaires(f, semantique=sem), truth["reprises"])
            st["time"] += time.perf_counter() - t0
            st["dup"][0] += r["paires_trouvees"]
            st["dup"][1] += r["paires_correctes"]
            st["dup"][2] += r["paires_attendues"]

    run(False)
    semantique._CACHE.clear()
    semantique._MODELE = None
    run(True)  # cold: model load and every embedding included
    cold = stats[True]["time"]
    stats[True] = {k: ([] if k == "slots" else [0, 0, 0] if k == "dup" else 0 if k != "time" else 0.0)
                   for k in stats[True]}
    run(True)  # warm: embeddings cached in the process
    base = stats[False]["time"]
    for sem, label in ((False, "sans l'extension"), (True, "avec semantique=True")):
        st = stats[sem]
        one = sum(k == 1 for k in st["slots"])
        prec = st["correct"] / st["merged"] if st["merged"] else 1.0
        found, ok, wanted = st["dup"]
        print(f"{label:<22} sujets reformulés en une seule place (top 5) : {one}/{len(st['slots'])} "
              f"(places : {st['slots']}) ; fusion de formulations : précision {prec:.2f}, rappel "
              f"{st['found'] / st['expected']:.2f} ({st['correct']} bonne(s) sur {st['merged']}) ; "
              f"reprises reformulées : {ok}/{wanted} paires trouvées, {found} paires regroupées au total")
    report("veille : coût du regroupement sémantique (référence : chemin par défaut, mêmes corpus)", [
        ("semantique=True, modèle chargé et plongements calculés", cold, base, None),
        ("semantique=True, plongements déjà en cache", stats[True]["time"], base, None),
    ])


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
