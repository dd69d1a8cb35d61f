"""casekit: coherent fictional organisations for content-strategy case studies.

The public face is deliberately small and cheap to import: pandas, numpy,
scikit-learn and matplotlib are only imported when a dataset is built or an
analysis helper is used.

Examples
--------
>>> import casekit
>>> casekit.list_cases()[0]
'rayons_libres'
>>> b = casekit.load("profil")
>>> b.frame.shape[0] > 0
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "describe",
    "list_cases",
    "list_datasets",
    "load",
]

_LAZY_FUNCS = {
    "load": "casekit.datasets",
    "describe": "casekit.datasets",
    "list_datasets": "casekit.datasets",
    "list_cases": "casekit.cases",
}
_SUBMODULES = {
    "a11y", "cases", "channels", "checks", "datasets", "eco", "errors", "examen", "metrics",
    "plots", "reference", "seeds", "segments", "swot", "veille",
}

if TYPE_CHECKING:
    from casekit.cases import list_cases
    from casekit.datasets import describe, list_datasets, load


def __getattr__(name: str) -> Any:
    if name in _LAZY_FUNCS:
        value = getattr(importlib.import_module(_LAZY_FUNCS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"casekit.{name}")
    else:
        raise AttributeError(f"module 'casekit' has no attribute {name!r}")
    globals()[name] = value
    return value


# In a Jupyter kernel, show pandas tables without empty header cells (no pandas import here).
if "IPython" in __import__("sys").modules:
    importlib.import_module("casekit.tableaux").installer()


def __dir__() -> list[str]:
    return sorted([*__all__, *_SUBMODULES])
