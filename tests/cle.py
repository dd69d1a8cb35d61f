"""Instructor-side loading for tests that read the answer key of any case.

Assessed cases hand students no ``truth``; the tests that check stories and
coherence read it the way an instructor does, through :func:`casekit.examen.corrige`.
"""

from __future__ import annotations

from casekit.examen import corrige


def charger(name: str, *, case=None, seed=None, raw: bool = False):
    """``casekit.load`` with the answer key, for every case (training or assessed)."""
    return corrige(name, case=case, seed=seed, raw=raw)
