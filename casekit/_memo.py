"""Content-keyed memos for computations the checks repeat on the same data (issue 8).

A hidden grading test recomputes what the student's cell or the visible
check has just computed on the same data (the survey cleaning, the emerging
terms). :func:`par_contenu` memoises a function whose first argument is a
DataFrame by a digest of that frame's *content*, so a fresh copy of the same
data (another ``load()``, a frame decoded from JSON) hits, and any change
misses.

The digest (:func:`empreinte`) is order-sensitive and covers the index, the
column labels, the dtypes, the missing-value masks, the Python types of
object columns and each column's values: sha256 over each column's
``pandas.util.hash_pandas_object`` array separately. Keeping columns
separate matters: pandas combines column hashes with an invertible mixing,
so a combined row hash could be matched by crafting one numeric column,
which would let a frame planted by a visible check answer for the instructor's
data in the out-of-kernel re-check.

Results are copied on the way out, so a caller that edits what it got never
edits the memo.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

__all__ = ["copie", "empreinte", "par_contenu"]


def _type_name(v: Any) -> str:
    t = type(v)
    return f"{t.__module__}.{t.__qualname__}"


def empreinte(df: Any) -> bytes | None:
    """sha256 of a DataFrame's content, row order included; None when it cannot be hashed.

    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": [1, 2], "y": ["u", "v"]})
    >>> empreinte(a) == empreinte(a.copy()), empreinte(a) == empreinte(a.iloc[::-1])
    (True, False)
    >>> empreinte(a) == empreinte(a.astype({"x": "float64"})), empreinte(pd.DataFrame({"x": [[1]]}))
    (False, None)
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        return None
    hasher = pd.util.hash_pandas_object
    h = hashlib.sha256()
    try:
        h.update(repr((df.shape, [(_type_name(c), repr(c)) for c in df.columns], [str(t) for t in df.dtypes],
                       str(df.index.dtype), list(df.index.names))).encode("utf-8"))
        h.update(hasher(df.index, index=False).to_numpy().tobytes())
        for k in range(df.shape[1]):
            col = df.iloc[:, k]
            h.update(hasher(col, index=False).to_numpy().tobytes())
            h.update(col.isna().to_numpy().tobytes())
            if col.dtype == object:  # 1 and "1" hash alike in an object column
                h.update(hasher(col.map(_type_name).astype(object), index=False).to_numpy().tobytes())
            elif isinstance(col.dtype, pd.CategoricalDtype):  # unused categories and their order count too
                h.update(repr(col.dtype.ordered).encode("utf-8"))
                h.update(hasher(pd.Series(col.dtype.categories), index=False).to_numpy().tobytes())
    except (TypeError, ValueError):  # unhashable cells (lists, dicts)
        return None
    return h.digest()


def _copie_colonne(col: Any) -> Any:
    """A deep-copied column whose list, dict or set cells are new containers too."""
    col = col.copy(deep=True)
    if col.dtype == object and col.map(lambda v: isinstance(v, (list, dict, set))).any():
        col = col.map(lambda v: type(v)(v) if isinstance(v, (list, dict, set)) else v)
    return col


def copie(obj: Any) -> Any:
    """A copy the caller may edit: frames and series (with the lists in their cells), arrays, sparse
    matrices, tuples of those; other objects (numbers, strings) as they are."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, tuple):
        return tuple(copie(x) for x in obj)
    if isinstance(obj, pd.Series):
        return _copie_colonne(obj)
    if isinstance(obj, pd.DataFrame):
        out = obj.copy(deep=True)
        for k in range(out.shape[1]):
            if pd.api.types.is_object_dtype(out.dtypes.iloc[k]):
                out.isetitem(k, _copie_colonne(out.iloc[:, k]))
        return out
    if isinstance(obj, np.ndarray) or hasattr(obj, "tocsr"):
        return obj.copy()
    return obj


class _Cle:
    """lru_cache key: equal by digest; holds the frame only until the first computation ends."""

    __slots__ = ("empreinte", "frame")

    def __init__(self, digest: bytes, frame: Any) -> None:
        self.empreinte, self.frame = digest, frame

    def __hash__(self) -> int:
        return hash(self.empreinte)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Cle) and other.empreinte == self.empreinte


def par_contenu(maxsize: int = 4) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Memoise ``func(frame, *args, **kwargs)`` by the content of its DataFrame arguments and the others.

    Every positional DataFrame argument is keyed by :func:`empreinte`; the
    other arguments are compared as :func:`functools.lru_cache` does with
    ``typed=True``. Unhashable arguments or frames just call ``func``.
    Exceptions are not memoised. ``cache_clear`` and ``cache_info`` are kept.

    >>> calls = []
    >>> @par_contenu(maxsize=2)
    ... def total(df, *, col):
    ...     calls.append(col)
    ...     return df[col].sum()
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2]})
    >>> total(df, col="a"), total(df.copy(), col="a"), total(df + 1, col="a"), calls
    (np.int64(3), np.int64(3), np.int64(5), ['a', 'a'])
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.lru_cache(maxsize=maxsize, typed=True)
        def cached(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*[a.frame if isinstance(a, _Cle) else a for a in args], **kwargs)
            finally:
                for a in args:  # the memo keeps digests and results, never the caller's frames
                    if isinstance(a, _Cle):
                        a.frame = None

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            import pandas as pd

            cles: list[Any] = []
            for a in args:
                if isinstance(a, pd.DataFrame):
                    digest = empreinte(a)
                    if digest is None:
                        return func(*args, **kwargs)
                    cles.append(_Cle(digest, a))
                else:
                    cles.append(a)
            try:
                hash((tuple(cles), tuple(kwargs.items())))
            except TypeError:
                return func(*args, **kwargs)
            return copie(cached(*cles, **kwargs))

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return wrapper

    return decorate
