"""Explainable trend detection on a small corpus of articles.

Every score comes with the raw counts it is computed from:

- :func:`matrice_termes`: which article contains which term (1–2-grams,
  folded French text, stop words removed);
- :func:`termes_emergents`: terms more frequent in a period than before it,
  ranked by the weighted log-odds z-score with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008), with the ratio of shares (« lift »);
- :func:`kleinberg`: the two-state burst detector (Kleinberg 2002), exact
  Viterbi, on per-window counts;
- :func:`pics`: burst intervals of chosen terms over weekly or monthly windows;
- :func:`nouveaute`: 1 − the highest cosine similarity to earlier articles.

Compute on deduplicated articles (:func:`casekit.veille.curate.dedoublonner`),
otherwise syndicated copies look like trends.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING

import numpy as np

from casekit._memo import par_contenu
from casekit.errors import ArgumentInvalideError
from casekit.veille.curate import _check_frame, texte_article
from casekit.veille.texte import normaliser

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

TOKEN_PATTERN = r"(?u)\b\w[\w-]*\w\b"


_SENTENCE_BREAK = re.compile(r"[.!?;:,()\[\]«»\"“”—–…|/]+|\s-\s")
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")
_ELISION = re.compile(r"^(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu)'")
#: Words allowed *inside* a phrase (« moteurs de réponse »), never at its ends.
_CONNECTEURS = frozenset({"de", "du", "des", "d'", "a", "au", "aux", "en"})


def expressions(text: object, *, n_max: int = 3) -> set[str]:
    """Candidate topic phrases of a text: runs of 1 to ``n_max`` content words.

    Phrases never cross a sentence or clause boundary (punctuation), never
    start or end with a stop word, and stop at a filler verb (« progresse »,
    « revient »); one connector (« de », « en », « à ») may join two content
    words. Words are folded (no accents, lower case) and contain no digit.

    Examples
    --------
    >>> sorted(expressions("Le sous-titrage automatique progresse. Il revient vite."))
    ['automatique', 'sous-titrage', 'sous-titrage automatique', 'vite']
    >>> "moteurs de reponse" in expressions("Les moteurs de réponse bousculent le référencement")
    True
    """
    from casekit.veille.texte import mots_frontieres

    stops = mots_frontieres()
    out: set[str] = set()
    for sentence in _SENTENCE_BREAK.split(normaliser(text)):
        words = []
        for w in _WORD.findall(sentence):
            m = _ELISION.match(w)
            if m:
                words.append("d'" if m.group(0) == "d'" else "'")
                w = w[m.end():]
            if w:
                words.append(w)
        n = len(words)
        kind = [1 if w in _CONNECTEURS else (0 if (w in stops or len(w) < 2) else 2) for w in words]
        for i in range(n):
            if kind[i] != 2:
                continue
            out.add(words[i])
            content, connector = 1, False
            for j in range(i + 1, n):
                if kind[j] == 2:
                    content += 1
                    out.add(" ".join(words[i:j + 1]).replace("d' ", "d'"))
                    if content >= n_max:
                        break
                elif kind[j] == 1 and not connector and content < n_max:
                    connector = True
                else:
                    break
    return out


def matrice_termes(
    articles: pd.DataFrame, *, ngrammes: tuple[int, int] = (1, 3), min_articles: int = 2
) -> tuple[csr_matrix, np.ndarray]:
    """Binary article × phrase matrix and the (folded) phrases (see :func:`expressions`).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["Les sous-titres", "Sous-titres et contraste", "Le contraste"]})
    >>> X, terms = matrice_termes(df, ngrammes=(1, 1))
    >>> terms.tolist(), X.sum(axis=0).tolist()
    (['contraste', 'sous-titres'], [[2, 2]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    _check_frame(articles, {"titre"}, "matrice_termes")
    lo, hi = ngrammes
    if not 1 <= lo <= hi:
        raise ArgumentInvalideError("«\u00a0ngrammes\u00a0» doit être un couple (min, max) d'entiers positifs, min ≤ max.")

    def analyse(text: str) -> list[str]:
        return [p for p in expressions(text, n_max=hi) if lo <= _content_words(p) <= hi]

    texts = texte_article(articles)
    vec = CountVectorizer(analyzer=analyse, min_df=min(min_articles, max(len(texts), 1)), binary=True,
                          dtype=np.int32)
    try:
        X = vec.fit_transform(texts)
    except ValueError:
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 0), dtype=np.int32), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


#: The article × phrase matrix, memoised by content: the student's own call and the check's
#: (another ``n``, same period) analyse the same articles.
_matrice_termes = par_contenu(maxsize=4)(matrice_termes)


@functools.lru_cache(maxsize=1 << 16)
def _content_words(phrase: str) -> int:
    return sum(w not in _CONNECTEURS for w in phrase.replace("d'", "d' ").split())


def _to_utc(value, name: str):
    import pandas as pd

    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if ts is pd.NaT:
        raise ArgumentInvalideError(
            f"«\u00a0{name}\u00a0» doit être une date (par exemple \"2025-06-01\"), et non {value!r}."
        )
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def periode(debut, fin, dates: pd.Series):
    """UTC bounds of ``[debut, fin]``; a ``fin`` at midnight covers its whole day.

    ``fin=None`` means « up to the last article ».

    Examples
    --------
    >>> import pandas as pd
    >>> periode("2025-06-10", "2025-07-31", pd.Series([], dtype="datetime64[ns, UTC]"))[1]
    Timestamp('2025-07-31 23:59:59.999999999+0000', tz='UTC')
    """
    import pandas as pd

    d0 = _to_utc(debut, "debut")
    if fin is None:
        d1 = pd.to_datetime(dates, utc=True).max()
        if d1 is pd.NaT:
            raise ArgumentInvalideError("Aucun article daté\u00a0: donnez explicitement la fin de la période.")
    else:
        d1 = _to_utc(fin, "fin")
        if d1 == d1.normalize():
            d1 = d1 + pd.Timedelta(days=1) - pd.Timedelta(1, unit="ns")
    if d1 < d0:
        raise ArgumentInvalideError(f"La fin ({d1:%d/%m/%Y}) précède le début ({d0:%d/%m/%Y}).")
    return d0, d1


def termes_emergents(
    articles: pd.DataFrame,
    debut,
    fin=None,
    *,
    reference_jours: int | None = 365,
    n: int = 15,
    min_articles: int = 3,
    ngrammes: tuple[int, int] = (1, 3),
    seuil_hausse: float = 0.01,
    semantique: bool = False,
) -> pd.DataFrame:
    """Sujets émergents : expressions plus fréquentes dans ``[debut, fin]`` qu'avant.

    Chaque sujet est une expression de 1 à 3 mots pris dans une même phrase,
    sans mots vides ni verbes passe-partout (« progresse », « revient »). Les
    expressions qui couvrent les mêmes articles (« sous-titrage »,
    « sous-titrage automatique ») forment un seul sujet, affiché par son
    expression complète la plus fréquente ; les autres sont listées dans
    ``sous_expressions``. Un sujet doit apparaître dans au moins
    ``min_articles`` articles de la période, et sa hausse doit passer un test
    (probabilité ``p_hausse`` d'observer autant d'articles au rythme d'avant\u00a0;
    comme beaucoup d'expressions sont testées à la fois, la part de fausses
    alertes est tenue sous ``seuil_hausse``, méthode de Benjamini et
    Hochberg). Le classement suit le score *z* des
    log-odds pondérés avec un a priori informatif (Monroe, Colaresi et Quinn,
    2008).

    Parameters
    ----------
    debut, fin : date-like
        La période étudiée (``fin`` : par défaut, le dernier article).
    reference_jours : int or None
        Durée de la période de référence juste avant ``debut`` (``None`` : tous
        les articles antérieurs).
    n : int
        Nombre de sujets renvoyés.
    min_articles : int
        Nombre minimal d'articles de la période qui contiennent le sujet.
    seuil_hausse : float
        Seuil du test de hausse (entre 0 et 1).
    semantique : bool
        Regrouper aussi les formulations d'un même sujet (« IA générative »
        et « intelligence artificielle générative », « commerce
        conversationnel » et « vente conversationnelle ») : même
        sigle, ou sens proche selon un modèle de plongements installé avec
        l'extension ``casekit[semantique]`` (aucun téléchargement). Les
        articles des variantes sont comptés ensemble, et les variantes
        figurent en tête de ``sous_expressions``. Désactivé par défaut.

    Returns
    -------
    DataFrame
        ``terme`` (forme pliée, pour les recherches), ``libelle`` (graphie la
        plus fréquente), ``sous_expressions`` (les autres expressions du
        sujet), ``articles_periode``, ``articles_reference``,
        ``part_periode``, ``part_reference`` (parts d'articles), ``lift``
        (rapport des parts lissées), ``z`` (au-dessus de 1,96, la hausse a peu
        de chances d'être due au hasard), ``p_hausse`` et ``explication``.

    Examples
    --------
    >>> import casekit
    >>> b = casekit.load("flux_veille")
    >>> top = termes_emergents(b.frame, "2025-06-10", "2025-06-24", n=5)
    >>> any("sous-titres" in t for t in top["terme"])
    True
    """
    _check_frame(articles, {"titre", "date_publication"}, "termes_emergents")
    if n < 1 or min_articles < 1:
        raise ArgumentInvalideError("«\u00a0n\u00a0» et «\u00a0min_articles\u00a0» doivent être des entiers positifs.")
    if not 0 < seuil_hausse <= 1:
        raise ArgumentInvalideError("«\u00a0seuil_hausse\u00a0» doit être compris entre 0 et 1.")
    # only the analysed columns key the memo (a feed's URL or a curation column changes nothing)
    analyse = articles.loc[:, [c for c in ("titre", "resume", "date_publication") if c in articles.columns]]
    return _termes_emergents(analyse, debut, fin, reference_jours, n, min_articles, ngrammes, seuil_hausse,
                             semantique)


@par_contenu(maxsize=4)
def _termes_emergents(articles: pd.DataFrame, debut, fin, reference_jours: int | None, n: int, min_articles: int,
                      ngrammes: tuple[int, int], seuil_hausse: float, semantique: bool) -> pd.DataFrame:
    """:func:`termes_emergents` on checked arguments, memoised by the articles' content and every argument
    (a hidden test asks again what the visible check has just asked)."""
    import pandas as pd

    dates = pd.to_datetime(articles["date_publication"], utc=True)
    d0, d1 = periode(debut, fin, dates)
    in_period = ((dates >= d0) & (dates <= d1)).to_numpy()
    ref_start = d0 - pd.Timedelta(days=reference_jours) if reference_jours else None
    in_ref = ((dates < d0) & ((dates >= ref_start) if ref_start is not None else True)).to_numpy()
    columns = ["terme", "libelle", "sous_expressions", "articles_periode", "articles_reference", "part_periode",
               "part_reference", "lift", "z", "p_hausse", "explication"]
    n_p, n_r = int(in_period.sum()), int(in_ref.sum())
    if n_p == 0 or n_r == 0:
        raise ArgumentInvalideError(
            f"Pas assez d'articles pour comparer\u202f: {n_p} dans la période, {n_r} dans la période de "
            "référence. Élargissez la période ou la référence («\u00a0reference_jours\u00a0»)."
        )
    subset = articles.loc[in_period | in_ref]
    X, terms = _matrice_termes(subset, ngrammes=ngrammes, min_articles=2)
    if len(terms) == 0:
        return pd.DataFrame(columns=columns)
    variants: dict[str, list[str]] = {}
    if semantique:
        from casekit.veille.semantique import fusionner_variantes

        X, terms, variants = fusionner_variantes(subset, X, terms, min_articles=min_articles)
    mask_p = in_period[in_period | in_ref]
    Xp = X[mask_p].tocsc()
    y_p = np.asarray(Xp.sum(axis=0)).ravel().astype(float)
    y_r = np.asarray(X[~mask_p].sum(axis=0)).ravel().astype(float)
    # Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008).
    prior = y_p + y_r
    a0 = prior.sum() / 10  # prior strength: a tenth of the observed mass
    alpha = a0 * prior / prior.sum()
    n1, n2 = y_p.sum(), y_r.sum()
    lo1 = np.log((y_p + alpha) / (n1 + a0 - y_p - alpha))
    lo2 = np.log((y_r + alpha) / (n2 + a0 - y_r - alpha))
    z = (lo1 - lo2) / np.sqrt(1 / (y_p + alpha) + 1 / (y_r + alpha))
    # Growth test: chance of seeing y_p articles at the reference rate (Poisson, one-sided).
    from scipy.stats import poisson

    expected = n_p * (y_r + 0.5) / (n_r + 1)
    keep = (y_p >= min_articles) & (z > 0)
    p_up = np.ones(len(terms))
    p_up[keep] = poisson.sf(y_p[keep] - 1, expected[keep])
    # Many phrases are tested at once: keep a false-discovery rate of
    # ``seuil_hausse`` (Benjamini-Hochberg), not a per-phrase threshold.
    tested = np.flatnonzero(keep)
    if len(tested):
        ranked = np.sort(p_up[tested])
        ok = ranked <= seuil_hausse * np.arange(1, len(tested) + 1) / len(tested)
        cut = ranked[np.flatnonzero(ok)[-1]] if ok.any() else -1.0
        keep &= p_up <= cut
    cand = np.flatnonzero(keep)
    cand = cand[np.lexsort((terms[cand], -y_p[cand], -z[cand]))][: 40 * n]
    topics = _regrouper(cand, Xp, terms, y_p, z)
    # Topics are ranked and counted by their displayed phrase.
    order = sorted(range(len(topics)), key=lambda i: (-z[topics[i][0]], -y_p[topics[i][0]], terms[topics[i][0]]))[:n]
    heads = [topics[i][0] for i in order]
    members = [topics[i][1] for i in order]
    h = np.array(heads, dtype=int)
    y_p_t, y_r_t = y_p[h], y_r[h]
    share_p, share_r = y_p_t / n_p, y_r_t / n_r
    lift = ((y_p_t + 0.5) / (n_p + 1)) / ((y_r_t + 0.5) / (n_r + 1))
    labels = libelles(subset, [terms[h] for h in heads] + [terms[m] for ms in members for m in ms])
    head_labels, sub_labels = labels[: len(heads)], iter(labels[len(heads):])
    subs = [[next(sub_labels) for _ in ms] for ms in members]
    same_topic = [libelles(subset, variants.get(str(terms[i]), [])) for i in heads]
    subs = [[*v, *x] for v, x in zip(same_topic, subs, strict=True)]
    frame = pd.DataFrame({
        "terme": pd.array(terms[h] if len(h) else [], dtype="string"),
        "libelle": pd.array(head_labels, dtype="string"),
        "sous_expressions": subs,
        "articles_periode": y_p_t.astype("int64"),
        "articles_reference": y_r_t.astype("int64"),
        "part_periode": np.round(share_p, 4),
        "part_reference": np.round(share_r, 4),
        "lift": np.round(lift, 2),
        "z": np.round(z[h], 2),
        "p_hausse": np.round(p_up[h], 4),
    })
    frame["explication"] = pd.array([
        f"«\u00a0{t}\u00a0»\u00a0: {p} article(s) sur {n_p} dans la période ({_pct(sp)}), contre {r} sur {n_r} "
        f"avant ({_pct(sr)})\u202f; ×{_fr(li, 1)}, z = {_fr(zz, 2)}"
        f"{' (hausse significative)' if zz > 1.96 else ''}"
        + ("\u202f; même sujet (sigle ou sens proche)\u00a0: " + ", ".join(_guillemets(x) for x in v) if v else "")
        + ("\u202f; aussi\u00a0: " + ", ".join(_guillemets(x) for x in sx[len(v):len(v) + 4])
           if sx[len(v):] else "") + "."
        for t, p, r, sp, sr, li, zz, sx, v in zip(frame["libelle"], frame["articles_periode"],
                                                 frame["articles_reference"], frame["part_periode"],
                                                 frame["part_reference"], frame["lift"], frame["z"],
                                                 frame["sous_expressions"], same_topic, strict=True)
    ], dtype="string")
    return frame[columns].reset_index(drop=True)


def _guillemets(text: str) -> str:
    """French quotes with no-break spaces: ``_guillemets("x")`` gives ``'«\u00a0x\u00a0»'``."""
    return f"«\u00a0{text}\u00a0»"


def _pct(x: float) -> str:
    """French percentage: ``_pct(0.125)`` gives ``'13\u00a0%'``."""
    return f"{round(100 * x):.0f}\u00a0%"


def _regrouper(cand: np.ndarray, Xp, terms: np.ndarray, y_p: np.ndarray, z: np.ndarray) -> list[tuple[int, list[int]]]:
    """Merge candidate phrases that cover the same period articles into topics.

    Candidates come best first. A phrase joins the first topic that already
    covers at least 60 % of its articles. Each topic is shown by its longest
    phrase among those found in at least 60 % as many articles as its most
    frequent one (its « most frequent full phrase »); the others are listed.
    """
    groups: list[list[int]] = []
    covered: list[set[int]] = []
    for c in cand:
        arts = set(Xp.indices[Xp.indptr[c]:Xp.indptr[c + 1]].tolist())
        for g, cov in zip(groups, covered, strict=True):
            if len(arts & cov) >= 0.6 * len(arts):
                g.append(int(c))
                cov |= arts
                break
        else:
            groups.append([int(c)])
            covered.append(arts)
    out = []
    for g in groups:
        top = max(y_p[m] for m in g)
        head = max((m for m in g if y_p[m] >= 0.6 * top),
                   key=lambda m: (_content_words(terms[m]), y_p[m], z[m], terms[m]))
        rest = sorted((m for m in g if m != head), key=lambda m: (-y_p[m], -z[m], terms[m]))
        out.append((head, rest))
    return out


def libelles(articles: pd.DataFrame, termes) -> list[str]:
    """Readable form of folded terms: each word's most frequent spelling in ``articles``.

    Matching is accent- and case-insensitive (``normaliser``); students should
    still read « vidéos », not « videos ».

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["Les vidéos courtes", "Vidéos et sous-titres", "videos"]})
    >>> libelles(df, ["videos", "videos courtes"])
    ['vidéos', 'vidéos courtes']
    """
    import re
    from collections import Counter

    wanted = {w for t in termes for w in str(t).split()}
    counts: dict[str, Counter] = {}
    pattern = re.compile(TOKEN_PATTERN)
    folded: dict[str, str] = {}  # a token repeats a lot: fold each spelling once
    for text in texte_article(articles).str.lower() if wanted else ():
        for token in pattern.findall(text):
            key = folded.get(token)
            if key is None:
                key = folded[token] = normaliser(token)
            if key in wanted:
                counts.setdefault(key, Counter())[token] += 1
    # Most frequent spelling; ties go to the accented form (the longer UTF-8 encoding).
    best = {k: max(c.items(), key=lambda kv: (kv[1], len(kv[0].encode()), kv[0]))[0] for k, c in counts.items()}
    best.setdefault("a", "à")  # the one-letter preposition is not a token
    return [" ".join(best.get(w, w) for w in str(t).split()) for t in termes]


def _fr(x: float, decimals: int) -> str:
    """French decimal comma: ``_fr(2.5, 1)`` gives ``'2,5'``."""
    return f"{x:.{decimals}f}".replace(".", ",")


def kleinberg(r, d, *, s: float = 2.0, gamma: float = 1.0, base: float | None = None) -> np.ndarray:
    """Two-state Kleinberg burst detection on batched counts (exact Viterbi).

    Parameters
    ----------
    r, d : array-like
        ``r[t]`` articles containing the term in window ``t``, ``d[t]`` all
        articles of window ``t`` (windows with ``d[t] == 0`` are never bursts).
    s : float
        How many times more frequent a burst is than the base rate (> 1).
    gamma : float
        Cost of entering a burst (higher: fewer, stronger bursts).
    base : float, optional
        Base rate of the term (default: its overall share ``sum(r) / sum(d)``).

    Returns
    -------
    ndarray of int
        1 where the term is in a burst, else 0.

    Examples
    --------
    >>> kleinberg([0] * 9 + [5, 5, 6], [20] * 12).tolist()
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    >>> kleinberg([0, 0, 0], [10, 10, 10]).tolist()
    [0, 0, 0]
    """
    r = np.asarray(r, dtype=float)
    d = np.asarray(d, dtype=float)
    if r.shape != d.shape or r.ndim != 1:
        raise ArgumentInvalideError("«\u00a0r\u00a0» et «\u00a0d\u00a0» doivent être deux listes de même longueur.")
    if (r < 0).any() or (r > d).any():
        raise ArgumentInvalideError("Chaque r[t] doit être compris entre 0 et d[t].")
    if s <= 1 or gamma < 0:
        raise ArgumentInvalideError("«\u00a0s\u00a0» doit être supérieur à 1 et «\u00a0gamma\u00a0» positif ou nul.")
    n = len(r)
    if n == 0 or r.sum() == 0:
        return np.zeros(n, dtype=int)
    if base is not None and not 0 < base < 1:
        raise ArgumentInvalideError("«\u00a0base\u00a0» doit être compris entre 0 et 1 (exclus).")
    p0 = r.sum() / d.sum() if base is None else float(base)
    if p0 >= 0.9999:  # the term is in every article: nothing can stand out
        return np.zeros(n, dtype=int)
    p = np.array([p0, min(p0 * s, 0.9999)])
    # -log binomial likelihood (constant dropped), shape (n, 2).
    cost = -(r[:, None] * np.log(p)[None, :] + (d - r)[:, None] * np.log1p(-p)[None, :])
    cost[d == 0, 1] = np.inf  # an empty window cannot be bursting
    cost[d == 0, 0] = 0.0
    tau = gamma * math.log(max(n, 2))
    total = np.array([cost[0, 0], tau + cost[0, 1]])
    back = np.zeros((n, 2), dtype=int)
    for t in range(1, n):
        stay0 = np.array([total[0], total[1]])  # into state 0: free from either
        into1 = np.array([total[0] + tau, total[1]])
        back[t] = [int(np.argmin(stay0)), int(np.argmin(into1))]
        total = np.array([stay0.min() + cost[t, 0], into1.min() + cost[t, 1]])
    q = np.zeros(n, dtype=int)
    q[-1] = int(np.argmin(total))
    for t in range(n - 1, 0, -1):
        q[t - 1] = back[t, q[t]]
    return q


_FREQS = {"W": "W-MON", "W-MON": "W-MON", "MS": "MS", "M": "MS", "D": "D"}


def compter_par_fenetre(articles: pd.DataFrame, termes: list[str], *, freq: str = "W-MON") -> pd.DataFrame:
    """Articles containing each term per window, plus the ``total`` column.

    Examples
    --------
    >>> import casekit
    >>> f = casekit.load("flux_veille").frame
    >>> c = compter_par_fenetre(f, ["sous-titres"], freq="MS")
    >>> int(c["sous-titres"].idxmax().month) in (6, 7)
    True
    """
    import pandas as pd

    _check_frame(articles, {"titre", "date_publication"}, "compter_par_fenetre")
    if freq not in _FREQS:
        raise ArgumentInvalideError(
            f"Fenêtre «\u00a0{freq}\u00a0» inconnue\u00a0: utilisez «\u00a0W\u00a0» (semaine), «\u00a0MS\u00a0» (mois) ou «\u00a0D\u00a0» (jour)."
        )
    dates = pd.to_datetime(articles["date_publication"], utc=True)
    ok = dates.notna().to_numpy()
    texts = texte_article(articles).map(normaliser).to_numpy()[ok]
    windows = dates[ok].dt.tz_convert("Europe/Paris").dt.tz_localize(None).dt.to_period(
        "W-SUN" if _FREQS[freq] == "W-MON" else ("M" if _FREQS[freq] == "MS" else "D")
    ).dt.start_time
    data = {}
    for term in termes:
        t = normaliser(term)
        data[t] = pd.Series(texts).str.contains(rf"(?<![\w-]){_escape(t)}(?![\w-])", regex=True).to_numpy()
    frame = pd.DataFrame(data, index=windows.to_numpy())
    frame["total"] = 1
    counts = frame.groupby(level=0).sum()
    full = pd.date_range(counts.index.min(), counts.index.max(), freq=_FREQS[freq])
    counts = counts.reindex(full, fill_value=0).astype("int64")
    counts.index.name = "fenetre"
    return counts


def _escape(term: str) -> str:
    import re

    return r"\s+".join(re.escape(w) for w in term.split())


def pics(
    articles: pd.DataFrame, termes: list[str], *, freq: str = "W-MON", s: float = 2.0, gamma: float = 1.0
) -> pd.DataFrame:
    """Burst intervals (Kleinberg) of each term over weekly or monthly windows.

    A burst is extended back over the run of windows just before it where the
    term is present, when its share there exceeds its share before: a burst
    starts with the rise, not once the share has doubled.

    Returns one row per burst: ``terme``, ``debut``, ``fin`` (window starts),
    ``nb_fenetres``, ``articles`` (containing the term during the burst),
    ``articles_total`` and ``explication``.

    Examples
    --------
    >>> import casekit
    >>> f = casekit.load("flux_veille").frame
    >>> p = pics(f, ["sous-titres"])
    >>> bool(((p["debut"] >= "2025-05-01") & (p["fin"] <= "2025-08-31")).all()) and len(p) >= 1
    True
    """
    import pandas as pd

    counts = compter_par_fenetre(articles, termes, freq=freq)
    rows = []
    total = counts["total"].to_numpy()
    for term in counts.columns.drop("total"):
        r = counts[term].to_numpy()
        q = kleinberg(r, total, s=s, gamma=gamma)
        # A burst starts with the rise, not once the share has doubled: each
        # burst is extended back over the run of windows just before it where
        # the term is present, if its share there exceeds its share before.
        for t in range(len(q) - 2, -1, -1):
            if q[t] == 0 and q[t + 1] == 1:
                j = t
                while j >= 0 and q[j] == 0 and r[j] > 0:
                    j -= 1
                if j < t:
                    calm = (q[:j + 1] == 0)
                    before = r[:j + 1][calm].sum() / max(total[:j + 1][calm].sum(), 1)
                    if r[j + 1:t + 1].sum() / total[j + 1:t + 1].sum() > before:
                        q[j + 1:t + 1] = 1
        edges = np.flatnonzero(np.diff(np.r_[0, q, 0]))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            hits, tot = int(r[a:b].sum()), int(total[a:b].sum())
            base = r.sum() / max(total.sum(), 1)
            rows.append((term, counts.index[a], counts.index[b - 1], int(b - a), hits, tot,
                         f"«\u00a0{term}\u00a0»\u00a0: {hits} article(s) sur {tot} du {counts.index[a]:%d/%m/%Y} au "
                         f"{counts.index[b - 1]:%d/%m/%Y} ({hits / max(tot, 1):.0%}), contre "
                         f"{_fr(100 * base, 1)}% sur toute la période.".replace("%", "\u202f%")))
    return pd.DataFrame(rows, columns=["terme", "debut", "fin", "nb_fenetres", "articles",
                                       "articles_total", "explication"])


def nouveaute(articles: pd.DataFrame, *, jours: int = 90) -> pd.Series:
    """Novelty of each article: 1 − its highest cosine similarity to the articles of the previous ``jours`` days.

    1 means « nothing like it recently », 0 « already seen ». Articles with no
    earlier article in the window get 1.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["Cookies et CNIL", "Cookies et CNIL", "Vidéo verticale"],
    ...     "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"], utc=True)})
    >>> nouveaute(df).tolist()
    [1.0, 0.0, 1.0]
    """
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer

    from casekit.veille.texte import mots_vides

    _check_frame(articles, {"titre", "date_publication"}, "nouveaute")
    order = pd.to_datetime(articles["date_publication"], utc=True).dropna().sort_values(kind="stable")
    texts = texte_article(articles.loc[order.index]).map(normaliser)
    out = np.ones(len(order))
    try:
        X = TfidfVectorizer(stop_words=mots_vides(), token_pattern=TOKEN_PATTERN).fit_transform(texts)
    except ValueError:
        return pd.Series(out, index=order.index, name="nouveaute").reindex(articles.index)
    t = order.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").astype("int64")
    span = np.int64(jours) * 86_400 * 10**9
    sim = (X @ X.T).tocsr()
    starts = np.searchsorted(t, t - span, side="left")
    for i in range(1, len(t)):
        lo = starts[i]
        if lo >= i:
            continue
        row = sim.getrow(i)
        cols = row.indices
        sel = (cols >= lo) & (cols < i)
        if sel.any():
            out[i] = 1 - min(row.data[sel].max(), 1.0)
    return pd.Series(np.round(out, 3), index=order.index, name="nouveaute").reindex(articles.index)
