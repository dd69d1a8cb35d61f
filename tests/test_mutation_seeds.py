"""Seeds: the boundaries and formulas that mutation testing showed untested.

Each test states a documented property of ``casekit.seeds`` (range of integer seeds,
student ids hashed with SHA-256 after strip/lower, one CRC-32 child stream per name).
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from messages import assert_message

from casekit.errors import GraineInvalideError
from casekit.seeds import DEFAULT_SEED, normalise_seed, rng_for, seed_sequence, stable_key

MAX = 2**63 - 1


def _sha_seed(text: str) -> int:
    """The documented derivation: first 8 bytes of SHA-256, big-endian, 63 bits."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") & MAX


def test_no_seed_is_the_default_seed_zero():
    assert DEFAULT_SEED == 0
    assert normalise_seed(None) == 0


@pytest.mark.parametrize("value", [0, 1, 42, MAX - 1, MAX])
def test_integer_seeds_in_range_are_kept(value):
    assert normalise_seed(value) == value
    assert normalise_seed(np.int64(value)) == value


@pytest.mark.parametrize("value", [-1, MAX + 1, 2**64])
def test_integer_seeds_out_of_range_are_refused_in_french(value):
    with pytest.raises(GraineInvalideError) as err:
        normalise_seed(value)
    assert_message(err.value, "La graine (seed) doit être un entier entre 0 et", str(MAX), str(value))


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_refused(value):
    with pytest.raises(GraineInvalideError) as err:
        normalise_seed(value)
    assert_message(
        err.value, "La graine (seed) doit être un entier positif ou un identifiant étudiant (texte)",
        "pas un booléen",
    )


@pytest.mark.parametrize(("value", "type_name"), [(3.5, "float"), ([1], "list"), (b"x", "bytes")])
def test_other_types_are_refused_with_their_type_name(value, type_name):
    with pytest.raises(GraineInvalideError) as err:
        normalise_seed(value)
    assert_message(
        err.value, "La graine (seed) doit être un entier positif ou un identifiant étudiant (texte)",
        f"et non un objet de type « {type_name} »",
    )


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_empty_ids_are_refused(value):
    with pytest.raises(GraineInvalideError) as err:
        normalise_seed(value)
    assert_message(err.value, "La graine (seed) est vide", "votre identifiant étudiant")


def test_digit_strings_up_to_18_digits_are_read_as_integers():
    assert normalise_seed("0") == 0
    assert normalise_seed(" 12 ") == 12
    assert normalise_seed("9" * 18) == int("9" * 18)
    # 19 digits may exceed the range: hashed like any student id.
    assert normalise_seed("1" * 19) == _sha_seed("1" * 19)
    assert normalise_seed("1" * 19) != int("1" * 19)


@pytest.mark.parametrize("sid", ["etu-42", "alice.martin", "Élodie", "x"])
def test_student_ids_use_the_documented_sha256_derivation(sid):
    assert normalise_seed(sid) == _sha_seed(sid.strip().lower())
    assert normalise_seed(f"  {sid.upper()}\t") == normalise_seed(sid)


@given(st.text(min_size=1).filter(lambda s: s.strip() and not s.strip().isdigit()))
def test_any_student_id_gives_a_seed_in_range(sid):
    value = normalise_seed(sid)
    assert 0 <= value <= MAX
    assert value == _sha_seed(sid.strip().lower())


def test_stable_key_is_the_crc32_of_the_utf8_name():
    for name in ["clients", "mentions", "médiathèques", ""]:
        assert stable_key(name) == zlib.crc32(name.encode("utf-8"))


def test_seed_sequence_has_one_child_key_per_name():
    seq = seed_sequence(5, "rayons_libres", "clients")
    assert seq.entropy == 5
    assert seq.spawn_key == (stable_key("rayons_libres"), stable_key("clients"))
    assert seed_sequence(5).spawn_key == ()


def test_rng_for_draws_from_that_child_stream():
    expected = np.random.default_rng(seed_sequence(7, "a", "b")).random(5)
    assert np.array_equal(rng_for(7, "a", "b").random(5), expected)
    assert not np.array_equal(rng_for(7, "a", "c").random(5), expected)
    assert not np.array_equal(rng_for(8, "a", "b").random(5), expected)
