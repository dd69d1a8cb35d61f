"""What a generator returns, and small vectorised sampling helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


class Col(NamedTuple):
    """One codebook entry (French, student-facing)."""

    nom: str
    type: str
    description: str
    unite: str = ""
    valeurs: str = ""


@dataclass
class Parts:
    """A generator's output before it is wrapped into a Bunch.

    ``columns`` documents ``frame`` (one :class:`Col` per column, same order).
    ``tables`` holds secondary frames, documented in ``table_columns``.
    ``sources`` names the reference tables used (see ``casekit.reference``).
    ``truth`` is the answer key: never shown in ``frame``.
    """

    frame: pd.DataFrame
    columns: list[Col]
    description: str
    truth: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    table_columns: dict[str, list[Col]] = field(default_factory=dict)


def choice_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category index per row of a (n, k) probability matrix.

    Vectorised inverse-CDF sampling; rows need not be normalised.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> p = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 2.0]])
    >>> choice_rows(rng, p).tolist()
    [0, 1, 1]
    """
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((u > cdf).sum(axis=1), probs.shape[1] - 1)


def draw_law(rng: np.random.Generator, law: dict[str, Any], n: int) -> np.ndarray:
    """Draw ``n`` values from a case-file law (normale, lognormale, poisson, beta, bernoulli)."""
    kind = law["loi"]
    if kind == "normale":
        x = rng.normal(law["moyenne"], law["ecart_type"], n)
    elif kind == "lognormale":
        x = np.exp(rng.normal(np.log(law["mediane"]), law["dispersion"], n))
    elif kind == "poisson":
        x = rng.poisson(law["moyenne"], n).astype(float) + law.get("decalage", 0)
    elif kind == "beta":
        m, c = law["moyenne"], law["concentration"]
        x = rng.beta(m * c, (1 - m) * c, n)
    elif kind == "bernoulli":
        x = (rng.random(n) < law["p"]).astype(float)
    else:  # validated in cases.py
        raise ValueError(kind)
    lo, hi = law.get("min"), law.get("max")
    if lo is not None or hi is not None:
        x = np.clip(x, lo, hi)
    return x


def months(scn: Any) -> pd.DatetimeIndex:
    """Month starts of the case period."""
    import pandas as pd

    return pd.date_range(scn.debut, scn.fin, freq="MS")


def days(scn: Any) -> pd.DatetimeIndex:
    """Every day of the case period."""
    import pandas as pd

    return pd.date_range(scn.debut, scn.fin, freq="D")
