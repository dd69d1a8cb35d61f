"""Audience datasets: ``clients`` (CRM), ``population_zone`` and ``enquete_usages``.

Calibration (all read from ``casekit.reference``):

- PCS is drawn conditionally on the age band from the INSEE RP2022 table,
  reweighted by each segment's ``pcs_inclinaison``;
- self-declared accessibility needs follow DREES rates by age, scaled by the
  segment's ``accessibilite_facteur``;
- digital skills follow INSEE illectronisme rates by age, scaled by the
  segment's ``numerique_facteur``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_CLIENTS = 2000


@dataclass(frozen=True)
class ClientLatents:
    """Latent customer base shared by every dataset that talks about clients.

    ``segment`` indexes ``case.segments``; ids look like ``CLI-00001``.
    """

    client_id: np.ndarray
    segment: np.ndarray
    age: np.ndarray
    date_creation: np.ndarray


def draw_client_latents(scn, n: int, rng: np.random.Generator) -> ClientLatents:
    """Draw segment, age and account-creation date for ``n`` customers."""
    segs = scn.case.segments
    shares = np.array([s["part"] for s in segs], dtype=float)
    segment = rng.choice(len(segs), size=n, p=shares / shares.sum()).astype(np.int8)
    age = np.empty(n, dtype=float)
    for k, s in enumerate(segs):
        law = s["variables"]["age"]
        idx = np.flatnonzero(segment == k)
        from casekit.generators._base import draw_law

        age[idx] = draw_law(rng, law, idx.size)
    age = np.rint(age).astype(np.int16)
    start = np.datetime64(f"{max(scn.case['identite']['annee_creation'], scn.debut.year - 8)}-01-01")
    end = np.datetime64(scn.fin)
    span = (end - start).astype(int)
    offset = np.floor(rng.beta(2.2, 1.0, n) * span).astype(int)
    date_creation = start + offset.astype("timedelta64[D]")
    width = max(5, len(str(n)))
    ids = np.char.add("CLI-", np.char.zfill(np.arange(1, n + 1).astype(str), width))
    return ClientLatents(ids.astype(object), segment, age, date_creation)
