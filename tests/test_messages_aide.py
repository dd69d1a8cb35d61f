"""The helpers that pin French messages live in one module (tests/messages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from messages import assert_message, mots, phrase


def test_one_module_holds_every_message_helper():
    assert not (Path(__file__).parent / "motifs_erreurs.py").exists()


def test_regex_and_text_pins_agree_on_spacing():
    message = "«\u00a0seuil\u00a0» doit être compris entre 0 et 1\u202f!"
    assert_message(message, "doit être compris entre 0 et 1")
    assert re.search(phrase("seuil » doit être compris", debut=True), message)
    assert re.search(mots("seuil", "0 et 1"), message)
    assert not re.search(phrase("compris 0 et 1"), message)
    with pytest.raises(AssertionError):
        assert_message(message, "compris 0 et 1")
