"""A case at a given seed: the latent draws shared by every dataset.

Generators never read each other's frames. What must agree across datasets
(the size of each planted story's effect, the calendar) is drawn once here,
from its own child stream, so that ``enquete_satisfaction`` and ``mentions``
tell the same story with the same numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from casekit.cases import Case
from casekit.seeds import rng_for


@dataclass(frozen=True)
class Scenario:
    """One case at one (normalised) seed."""

    case: Case
    seed: int

    def rng(self, *keys: str) -> np.random.Generator:
        """A fresh generator on the child stream ``(case, *keys)``."""
        return rng_for(self.seed, self.case.id, *keys)

    @functools.cached_property
    def effets(self) -> dict[str, float]:
        """Effect size of each planted story, uniform in its ``effet`` range."""
        out = {}
        for story in self.case.histoires():
            lo, hi = story["effet"]["min"], story["effet"]["max"]
            u = self.rng("histoire", story["id"]).random()
            out[story["id"]] = round(float(lo + (hi - lo) * u), 4)
        return out

    def histoire(self, type_: str) -> tuple[Mapping[str, Any], float] | None:
        """The first story of ``type_`` and its effect size, or ``None``."""
        story = self.case.histoire(type_)
        if story is None:
            return None
        return story, self.effets[story["id"]]

    @functools.cached_property
    def clients(self):
        """The latent customer base (segment, age, creation date) of ``clients``.

        Datasets that sample customers (surveys, transactions) draw from it, so
        a ``client_id`` means the same person everywhere.
        """
        from casekit.generators.audience import N_CLIENTS, draw_client_latents

        return draw_client_latents(self, N_CLIENTS, self.rng("latents", "clients"))

    @property
    def debut(self):
        return self.case["periode"]["debut"]

    @property
    def fin(self):
        return self.case["periode"]["fin"]


@functools.lru_cache(maxsize=64)
def scenario(case: Case, seed: int) -> Scenario:
    """Cached :class:`Scenario` for ``(case, seed)``."""
    return Scenario(case, seed)
