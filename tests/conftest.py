"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "feedparser-v6.0.14" / "tests"

#: Seeds used by "every seed" acceptance tests: the default one plus 20 others.
OTHER_SEEDS = list(range(1, 21))


@pytest.fixture(autouse=True)
def _no_user_cases(monkeypatch):
    monkeypatch.delenv("CASEKIT_CASES_PATH", raising=False)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def corpus_available() -> bool:
    return CORPUS.is_dir() and os.access(CORPUS, os.R_OK)
