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

import math
from typing import TYPE_CHECKING

import numpy as np

from casekit.errors import ArgumentInvalideError
from casekit.veille.curate import _check_frame, texte_article
from casekit.veille.texte import normaliser

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

TOKEN_PATTERN = r"(?u)\b\w[\w-]*\w\b"


def matrice_termes(
    articles: pd.DataFrame, *, ngrammes: tuple[int, int] = (1, 2), min_articles: int = 2
) -> tuple[csr_matrix, np.ndarray]:
    """Binary article × term matrix and the (folded) terms.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["Les sous-titres", "Sous-titres et contraste", "Le contraste"]})
    >>> X, terms = matrice_termes(df, ngrammes=(1, 1))
    >>> terms.tolist(), X.sum(axis=0).tolist()
    (['contraste', 'sous-titres'], [[2, 2]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    from casekit.veille.texte import mots_vides

    _check_frame(articles, {"titre"}, "matrice_termes")
    texts = texte_article(articles).map(normaliser)
    vec = CountVectorizer(
        stop_words=mots_vides(), token_pattern=TOKEN_PATTERN, ngram_range=ngrammes,
        min_df=min(min_articles, max(len(texts), 1)), binary=True, dtype=np.int32,
    )
    try:
        X = vec.fit_transform(texts)
    except ValueError:
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 0), dtype=np.int32), np.array([], dtype=object)
    # Drop terms with a word made only of digits (years, counts, ages).
    terms = vec.get_feature_names_out()
    keep = np.array([not any(w.isdigit() for w in t.split()) for t in terms], dtype=bool)
    return X[:, keep].tocsr(), terms[keep]


def _to_utc(value, name: str):
    import pandas as pd

    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if ts is pd.NaT:
        raise ArgumentInvalideError(
            f"« {name} » doit être une date (par exemple \"2025-06-01\"), et non {value!r}."
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
            raise ArgumentInvalideError("Aucun article daté : donnez explicitement la fin de la période.")
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
    ngrammes: tuple[int, int] = (1, 2),
) -> pd.DataFrame:
    """Terms used more in ``[debut, fin]`` than in the reference period before it.

    Parameters
    ----------
    debut, fin : date-like
        The period studied (``fin`` defaults to the last article).
    reference_jours : int or None
        Length of the reference period just before ``debut`` (``None``: all
        earlier articles).
    n : int
        Number of terms returned.
    min_articles : int
        Minimum number of articles of the period containing the term.

    Returns
    -------
    DataFrame
        ``terme`` (folded, for matching), ``libelle`` (most frequent spelling,
        for display), ``articles_periode``, ``articles_reference``,
        ``part_periode``, ``part_reference`` (shares of articles), ``lift``
        (ratio of smoothed shares), ``z`` (weighted log-odds z-score; above
        1.96, the rise is unlikely to be chance), ``explication`` (French).

    Examples
    --------
    >>> import casekit
    >>> b = casekit.load("flux_veille")
    >>> top = termes_emergents(b.frame, "2025-06-10", "2025-07-31")
    >>> "sous-titres" in set(top["terme"])
    True
    """
    import pandas as pd

    _check_frame(articles, {"titre", "date_publication"}, "termes_emergents")
    if n < 1 or min_articles < 1:
        raise ArgumentInvalideError("« n » et « min_articles » doivent être des entiers positifs.")
    dates = pd.to_datetime(articles["date_publication"], utc=True)
    d0, d1 = periode(debut, fin, dates)
    in_period = ((dates >= d0) & (dates <= d1)).to_numpy()
    ref_start = d0 - pd.Timedelta(days=reference_jours) if reference_jours else None
    in_ref = ((dates < d0) & ((dates >= ref_start) if ref_start is not None else True)).to_numpy()
    columns = ["terme", "libelle", "articles_periode", "articles_reference", "part_periode", "part_reference",
               "lift", "z", "explication"]
    n_p, n_r = int(in_period.sum()), int(in_ref.sum())
    if n_p == 0 or n_r == 0:
        raise ArgumentInvalideError(
            f"Pas assez d'articles pour comparer : {n_p} dans la période, {n_r} dans la période de "
            "référence. Élargissez la période ou la référence (« reference_jours »)."
        )
    subset = articles.loc[in_period | in_ref]
    X, terms = matrice_termes(subset, ngrammes=ngrammes, min_articles=2)
    if len(terms) == 0:
        return pd.DataFrame(columns=columns)
    mask_p = in_period[in_period | in_ref]
    y_p = np.asarray(X[mask_p].sum(axis=0)).ravel().astype(float)
    y_r = np.asarray(X[~mask_p].sum(axis=0)).ravel().astype(float)
    # Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008).
    prior = y_p + y_r
    a0 = prior.sum() / 10  # prior strength: a tenth of the observed mass
    alpha = a0 * prior / prior.sum()
    n1, n2 = y_p.sum(), y_r.sum()
    lo1 = np.log((y_p + alpha) / (n1 + a0 - y_p - alpha))
    lo2 = np.log((y_r + alpha) / (n2 + a0 - y_r - alpha))
    z = (lo1 - lo2) / np.sqrt(1 / (y_p + alpha) + 1 / (y_r + alpha))
    share_p, share_r = y_p / n_p, y_r / n_r
    lift = ((y_p + 0.5) / (n_p + 1)) / ((y_r + 0.5) / (n_r + 1))
    frame = pd.DataFrame({
        "terme": pd.array(terms, dtype="string"),
        "articles_periode": y_p.astype("int64"),
        "articles_reference": y_r.astype("int64"),
        "part_periode": np.round(share_p, 4),
        "part_reference": np.round(share_r, 4),
        "lift": np.round(lift, 2),
        "z": np.round(z, 2),
    })
    frame = frame[(frame["articles_periode"] >= min_articles) & (frame["z"] > 0)]
    frame = frame.sort_values(["z", "articles_periode", "terme"], ascending=[False, False, True], kind="stable")
    frame = _drop_nested(frame).head(n).reset_index(drop=True)
    frame["libelle"] = pd.array(libelles(subset, frame["terme"]), dtype="string")
    frame["explication"] = pd.array([
        f"« {t} » : {p} article(s) sur {n_p} dans la période ({sp:.0%}), contre {r} sur {n_r} "
        f"avant ({sr:.0%}) ; ×{_fr(li, 1)}, z = {_fr(zz, 1)}{' (hausse significative)' if zz > 1.96 else ''}."
        .replace("%", "\u202f%")
        for t, p, r, sp, sr, li, zz in zip(frame["libelle"], frame["articles_periode"], frame["articles_reference"],
                                          frame["part_periode"], frame["part_reference"], frame["lift"],
                                          frame["z"], strict=True)
    ], dtype="string")
    return frame[columns]


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
    for text in texte_article(articles).str.lower():
        for token in pattern.findall(text):
            key = normaliser(token)
            if key in wanted:
                counts.setdefault(key, Counter())[token] += 1
    # Most frequent spelling; ties go to the accented form (the longer UTF-8 encoding).
    best = {k: max(c.items(), key=lambda kv: (kv[1], len(kv[0].encode()), kv[0]))[0] for k, c in counts.items()}
    return [" ".join(best.get(w, w) for w in str(t).split()) for t in termes]


def _fr(x: float, decimals: int) -> str:
    """French decimal comma: ``_fr(2.5, 1)`` gives ``'2,5'``."""
    return f"{x:.{decimals}f}".replace(".", ",")


def _drop_nested(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop a unigram when a bigram containing it has the same period count (keep the phrase)."""
    keep = []
    bigrams = [(t, c) for t, c in zip(frame["terme"], frame["articles_periode"], strict=True) if " " in t]
    for t, c in zip(frame["terme"], frame["articles_periode"], strict=True):
        if " " not in t and any(c == bc and t in b.split() for b, bc in bigrams):
            keep.append(False)
        else:
            keep.append(True)
    return frame[np.array(keep, dtype=bool)]


def kleinberg(r, d, *, s: float = 2.0, gamma: float = 1.0) -> np.ndarray:
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
        raise ArgumentInvalideError("« r » et « d » doivent être deux listes de même longueur.")
    if (r < 0).any() or (r > d).any():
        raise ArgumentInvalideError("Chaque r[t] doit être compris entre 0 et d[t].")
    if s <= 1 or gamma < 0:
        raise ArgumentInvalideError("« s » doit être supérieur à 1 et « gamma » positif ou nul.")
    n = len(r)
    if n == 0 or r.sum() == 0:
        return np.zeros(n, dtype=int)
    p0 = r.sum() / d.sum()
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
            f"Fenêtre « {freq} » inconnue : utilisez « W » (semaine), « MS » (mois) ou « D » (jour)."
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
        edges = np.flatnonzero(np.diff(np.r_[0, q, 0]))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            hits, tot = int(r[a:b].sum()), int(total[a:b].sum())
            base = r.sum() / max(total.sum(), 1)
            rows.append((term, counts.index[a], counts.index[b - 1], int(b - a), hits, tot,
                         f"« {term} » : {hits} article(s) sur {tot} du {counts.index[a]:%d/%m/%Y} au "
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
