"""Typed JSON snapshots of graded answers, safe to read outside the student's kernel.

The grader never unpickles bytes a student controls. Inside the kernel,
:func:`instantane` (injected at the top of every autograded test cell) encodes
the values the test cell reads into plain JSON with declared types: scalars,
``list``/``tuple``/``dict``/``set``, numpy scalars and arrays, pandas
``Series``/``DataFrame``/``Index`` (numpy dtypes, datetimes with or without a
time zone, periods, categories, nullable and string dtypes), dates, modules,
and functions, classes or dataclasses of trusted libraries (checked to be the
very object the library exports). :func:`decode` rebuilds them in a clean
process. Types are checked with ``type(v) is ...``: a subclass, or any object of
a class defined by the submission, is refused, never encoded.

This module is imported inside student kernels: it stays light (numpy and
pandas are imported only when a value needs them) and never imports nbgrader.

>>> decode(json.loads(json.dumps(encode([1, 2.5, "a", None, (True, {"k": 3})]))))
[1, 2.5, 'a', None, (True, {'k': 3})]
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys

MAX_OCTETS = 30_000_000
TRUSTED = {"casekit", "pandas", "numpy", "sklearn", "scipy", "matplotlib", "IPython"}


class Refus(Exception):
    """A value that cannot be encoded; ``genre`` says why.

    ``copie``: an object of a class (or a function) defined by the submission;
    ``type``: a library type this module does not encode.
    """

    def __init__(self, genre: str, classe: str):
        super().__init__(classe)
        self.genre, self.classe = genre, classe


def _trusted_module(name: str) -> bool:
    top = (name or "").split(".")[0]
    return top in TRUSTED or (top in getattr(sys, "stdlib_module_names", ()) and top != "__main__")


def _lookup(module: str, qualname: str):
    obj = sys.modules.get(module)
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return obj


def _refuse(v) -> Refus:
    t = type(v)
    mod = getattr(t, "__module__", "") or ""
    name = f"{mod}.{t.__qualname__}"
    if mod == "builtins" and t.__name__ in ("function", "method", "builtin_function_or_method"):
        fmod = getattr(v, "__module__", "") or ""
        if not _trusted_module(fmod):
            return Refus("fonction", getattr(v, "__qualname__", name))
    if not _trusted_module(mod) or _lookup(mod, t.__qualname__) is not t:
        return Refus("copie", t.__qualname__)
    return Refus("type", name)


# ----------------------------------------------------------------------------- encoding


def encode(v, _depth: int = 0):
    """JSON-ready, typed form of ``v``; raises :class:`Refus` for anything else."""
    if _depth > 50:
        raise Refus("type", "imbrication trop profonde")
    t = type(v)
    if v is None:
        return {"t": "none"}
    if t is bool or t is int or t is float or t is str:
        return {"t": t.__name__, "v": v}
    if t in (list, tuple, set, frozenset):
        items = sorted(v, key=repr) if t in (set, frozenset) else v
        return {"t": t.__name__, "v": [encode(x, _depth + 1) for x in items]}
    if t is dict:
        return {"t": "dict", "v": [[encode(k, _depth + 1), encode(x, _depth + 1)] for k, x in v.items()]}
    if t is _dt.datetime or t is _dt.date or t is _dt.time:
        if t is _dt.datetime and v.tzinfo is not None:
            raise Refus("type", "datetime avec fuseau")
        return {"t": t.__name__, "v": v.isoformat()}
    if t is _dt.timedelta:
        return {"t": "timedelta", "v": [v.days, v.seconds, v.microseconds]}
    mod = getattr(t, "__module__", "") or ""
    if mod.startswith("numpy"):
        return _encode_numpy(v, t)
    if mod.startswith("pandas"):
        return _encode_pandas(v, t, _depth)
    if t.__name__ == "module" and t.__module__ == "builtins":
        name = getattr(v, "__name__", "")
        if _trusted_module(name) and sys.modules.get(name) is v:
            return {"t": "module", "v": name}
        raise Refus("copie", f"module {name}")
    if isinstance(v, type) or t.__name__ in ("function", "builtin_function_or_method"):
        module, qual = getattr(v, "__module__", "") or "", getattr(v, "__qualname__", "")
        if _trusted_module(module) and "<" not in qual:
            if _lookup(module, qual) is v:
                return {"t": "global", "module": module, "v": qual}
            if _lookup(module, qual) is not None:
                raise Refus("copie", f"{module}.{qual} remplacée")
        raise _refuse(v)
    import dataclasses

    if dataclasses.is_dataclass(v) and mod.startswith("casekit.") and _lookup(mod, t.__qualname__) is t:
        return {"t": "dataclass", "module": mod, "classe": t.__qualname__,
                "v": {f.name: encode(getattr(v, f.name), _depth + 1) for f in dataclasses.fields(v)}}
    raise _refuse(v)


def _encode_numpy(v, t):
    import numpy as np

    if t is np.ndarray:
        return {"t": "ndarray", "shape": list(v.shape), "v": _encode_array(v.reshape(-1))}
    if isinstance(v, np.generic) and _lookup("numpy", t.__name__) is t:
        return {"t": "npscalar", "v": _encode_array(np.asarray([v]))}
    raise _refuse(v)


def _encode_pandas(v, t, depth):
    import pandas as pd

    if t is pd.DataFrame:
        return {"t": "df", "columns": _encode_index(v.columns), "index": _encode_index(v.index),
                "v": [_encode_array(_values(v.iloc[:, i])) for i in range(v.shape[1])]}
    if t is pd.Series:
        return {"t": "series", "index": _encode_index(v.index), "name": encode(v.name, depth + 1),
                "v": _encode_array(_values(v))}
    if isinstance(v, pd.Index) and _lookup("pandas", t.__name__) is t:
        return _encode_index(v)
    if t is pd.Timestamp:
        return {"t": "timestamp", "v": _encode_array(pd.array([v]))}
    if t is pd.Timedelta:
        return {"t": "timedelta64", "v": _encode_array(pd.array([v]))}
    if t is pd.Period:
        return {"t": "period", "v": _encode_array(pd.array([v]))}
    if v is pd.NaT:
        return {"t": "nat"}
    if v is pd.NA:
        return {"t": "na"}
    if t is pd.Categorical:
        return {"t": "categorical", "v": _encode_array(v)}
    raise _refuse(v)


def _encode_index(idx):
    import pandas as pd

    t = type(idx)
    if t is pd.RangeIndex:
        return {"t": "range", "v": [idx.start, idx.stop, idx.step], "name": encode(idx.name)}
    if t is pd.MultiIndex:
        return {"t": "multi", "levels": [_encode_index(lv) for lv in idx.levels],
                "codes": [c.tolist() for c in idx.codes], "names": [encode(n) for n in idx.names]}
    if t in (pd.Index, pd.DatetimeIndex, pd.PeriodIndex, pd.CategoricalIndex, pd.TimedeltaIndex):
        return {"t": "index", "v": _encode_array(_values(idx)), "name": encode(idx.name)}
    raise _refuse(idx)


def _values(obj):
    """The values of a Series or Index: an ndarray for numpy dtypes, else the extension array."""
    import numpy as np

    return obj.to_numpy(copy=False) if isinstance(obj.dtype, np.dtype) else obj.array


def _encode_array(arr) -> dict:
    """One-dimensional array (numpy or pandas extension) with its declared dtype."""
    import numpy as np
    import pandas as pd

    dtype = arr.dtype
    if isinstance(dtype, np.dtype):
        a = np.asarray(arr)
        k = dtype.kind
        if k in "biuf":
            return {"dtype": dtype.str, "v": a.tolist()}
        if k in "Mm":
            return {"dtype": dtype.str, "i8": a.view("i8").tolist()}
        if k == "U":
            return {"dtype": dtype.str, "v": a.tolist()}
        if k == "O":
            return {"dtype": "object", "v": [x if type(x) is str else encode(x) for x in a.tolist()]}
        raise Refus("type", f"dtype {dtype}")
    if isinstance(dtype, pd.CategoricalDtype):
        return {"dtype": "category", "ordered": bool(dtype.ordered),
                "categories": _encode_index(dtype.categories), "codes": np.asarray(arr.codes).tolist()}
    if isinstance(dtype, pd.DatetimeTZDtype):
        return {"dtype": "datetimetz", "unit": dtype.unit, "tz": str(dtype.tz),
                "i8": np.asarray(arr.asi8).tolist()}
    if isinstance(dtype, pd.PeriodDtype):
        return {"dtype": "period", "name": dtype.name, "i8": np.asarray(arr.asi8).tolist()}
    if isinstance(dtype, pd.StringDtype):
        na = "nan" if dtype.na_value is not pd.NA else "NA"
        vals = [x if type(x) is str else None for x in arr.tolist()]
        return {"dtype": "string", "storage": dtype.storage, "na": na, "v": vals}
    if type(dtype).__name__ in ("Int8Dtype", "Int16Dtype", "Int32Dtype", "Int64Dtype", "UInt8Dtype",
                                "UInt16Dtype", "UInt32Dtype", "UInt64Dtype", "Float32Dtype",
                                "Float64Dtype", "BooleanDtype"):
        mask = np.asarray(arr.isna())
        raw = np.asarray(arr.to_numpy(dtype=dtype.numpy_dtype, na_value=0)).tolist()
        vals = [None if m else x for m, x in zip(mask.tolist(), raw, strict=True)]
        return {"dtype": "masked", "name": dtype.name, "v": vals}
    raise Refus("type", f"dtype {dtype}")


# ----------------------------------------------------------------------------- decoding


def decode(d, *, outils: bool = False):
    """Rebuild a value encoded by :func:`encode` (no code from the submission runs).

    The snapshot comes from a kernel the submission controls: modules,
    functions and classes are rebuilt only with ``outils=True`` (the re-check
    never does; it replays the instructor's imports instead).
    """
    t = d["t"]
    if t in ("module", "global") and not outils:
        raise ValueError("outil dans une valeur transmise")
    if t == "none":
        return None
    if t in ("bool", "int", "float", "str"):
        return {"bool": bool, "int": int, "float": float, "str": str}[t](d["v"])
    if t in ("list", "tuple", "set", "frozenset"):
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](decode(x) for x in d["v"])
    if t == "dict":
        return {decode(k): decode(x) for k, x in d["v"]}
    if t == "datetime":
        return _dt.datetime.fromisoformat(d["v"])
    if t == "date":
        return _dt.date.fromisoformat(d["v"])
    if t == "time":
        return _dt.time.fromisoformat(d["v"])
    if t == "timedelta":
        return _dt.timedelta(*d["v"])
    if t == "module":
        import importlib

        if not _trusted_module(d["v"]):
            raise ValueError(d["v"])
        return importlib.import_module(d["v"])
    if t == "global":
        import importlib

        if not _trusted_module(d["module"]):
            raise ValueError(d["module"])
        importlib.import_module(d["module"])
        obj = _lookup(d["module"], d["v"])
        if obj is None:
            raise ValueError(d["v"])
        return obj
    if t == "dataclass":
        import dataclasses
        import importlib

        if not d["module"].startswith("casekit."):
            raise ValueError(d["module"])
        importlib.import_module(d["module"])
        cls = _lookup(d["module"], d["classe"])
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)
                and cls.__module__.startswith("casekit.")):
            raise ValueError(d["classe"])
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values = {k: decode(x) for k, x in d["v"].items()}
        obj = cls(**{k: x for k, x in values.items() if fields[k].init})
        for k, x in values.items():
            if not fields[k].init:
                object.__setattr__(obj, k, x)
        return obj
    import numpy as np
    import pandas as pd

    if t == "ndarray":
        return _decode_array(d["v"], numpy=True).reshape(d["shape"])
    if t == "npscalar":
        return _decode_array(d["v"], numpy=True)[0]
    if t == "df":
        cols = [_decode_array(c) for c in d["v"]]
        index = _decode_index(d["index"])
        df = pd.DataFrame({i: pd.Series(c, index=index, copy=False) for i, c in enumerate(cols)},
                          index=index)
        df.columns = _decode_index(d["columns"])
        return df
    if t == "series":
        return pd.Series(_decode_array(d["v"]), index=_decode_index(d["index"]), name=decode(d["name"]),
                         copy=False)
    if t in ("range", "multi", "index"):
        return _decode_index(d)
    if t in ("timestamp", "timedelta64", "period"):
        return _decode_array(d["v"])[0]
    if t == "categorical":
        return _decode_array(d["v"])
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    del np
    raise ValueError(f"type inconnu : {t}")


def _decode_index(d):
    import pandas as pd

    if d["t"] == "range":
        return pd.RangeIndex(*d["v"], name=decode(d["name"]))
    if d["t"] == "multi":
        return pd.MultiIndex(levels=[_decode_index(lv) for lv in d["levels"]], codes=d["codes"],
                             names=[decode(n) for n in d["names"]])
    arr = _decode_array(d["v"])
    return pd.Index(arr, name=decode(d["name"]), dtype=getattr(arr, "dtype", None), copy=False)


def _decode_array(d, *, numpy: bool = False):
    import numpy as np
    import pandas as pd

    dt = d["dtype"]
    if dt == "object":
        a = np.empty(len(d["v"]), dtype=object)
        a[:] = [x if type(x) is str else decode(x) for x in d["v"]]
        return a
    if dt == "category":
        cats = _decode_index(d["categories"])
        return pd.Categorical.from_codes(d["codes"], dtype=pd.CategoricalDtype(cats, ordered=d["ordered"]))
    if dt == "datetimetz":
        naive = np.asarray(d["i8"], dtype="i8").view(f"M8[{d['unit']}]")
        return pd.DatetimeIndex(naive).tz_localize("UTC").tz_convert(d["tz"]).array
    if dt == "period":
        return pd.PeriodIndex.from_ordinals(d["i8"], freq=pd.api.types.pandas_dtype(d["name"]).freq).array
    if dt == "string":
        na = np.nan if d["na"] == "nan" else pd.NA
        return pd.array(d["v"], dtype=pd.StringDtype(d["storage"], na_value=na))
    if dt == "masked":
        return pd.array(d["v"], dtype=d["name"])
    dtype = np.dtype(dt)
    if dtype.kind in "Mm":
        a = np.asarray(d["i8"], dtype="i8").view(dtype)
    else:
        a = np.asarray(d["v"], dtype=dtype)
    if numpy or dtype.kind not in "Mm":
        return a
    return pd.array(a)


# ----------------------------------------------------------------------------- in the kernel


def instantane(chemin: str, noms: list[str]) -> None:
    """Write the typed snapshot of ``noms`` (read from the caller's globals) to ``chemin``.

    Injected by the grader at the top of each test cell; never raises. A name
    the namespace lacks is recorded as absent; a value that cannot be encoded
    is recorded as refused, with the reason.
    """
    try:
        ns = sys._getframe(1).f_globals
        parts = []
        for nom in noms:
            if nom not in ns:
                enc = {"t": "absent"}
            else:
                try:
                    enc = encode(ns[nom])
                except Refus as r:
                    enc = {"t": "refus", "genre": r.genre, "classe": r.classe}
                except Exception as exc:  # RecursionError, an exotic value...
                    enc = {"t": "refus", "genre": "type", "classe": type(exc).__name__}
            try:
                parts.append(json.dumps(nom) + ":" + json.dumps(enc, ensure_ascii=False))
            except Exception as exc:
                parts.append(json.dumps(nom) + ":" + json.dumps(
                    {"t": "refus", "genre": "type", "classe": type(exc).__name__}))
        text = "{" + ",".join(parts) + "}"
        if len(text) > MAX_OCTETS:
            text = json.dumps({n: {"t": "refus", "genre": "type", "classe": "instantané trop volumineux"}
                               for n in noms})
        fd = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except Exception:  # the snapshot must never change the test cell's outcome
        pass
