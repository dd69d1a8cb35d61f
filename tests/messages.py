"""Pinning the key words of French messages without pinning their typography.

Error typography (spaces inside « », before : ; ? !) is set centrally, so tests match
the words of a message and let spacing and punctuation vary. Two ways, one module:

``assert_message(text, "La graine (seed)", "identifiant étudiant (texte)")`` checks that
the message is a sentence (capital first letter, final punctuation) and contains each
expression, with every run of spaces (ordinary, U+00A0, U+202F) read as one space. So a
message whose spacing or thin spaces change still passes, while a change to its words,
including at the junction of two string literals, fails.

``pytest.raises(..., match=phrase("attend un DataFrame"))`` and ``match=mots("seuil", "0 et 1")``
build the same kind of pin as a regex, for ``match=``.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def normalise(text: str) -> str:
    """The message with every run of white space (incl. U+00A0 and U+202F) as one space."""
    return _SPACES.sub(" ", str(text)).strip()


def assert_message(text: object, *expressions: str, sentence: bool = True) -> None:
    """Fail unless ``text`` contains each expression (spaces normalised).

    With ``sentence=True`` (the default) the message must also start with a capital letter
    (or « for a quoted name, or a digit) and end with « . », « ! », « ? », « » » or « ) ».
    """
    message = normalise(str(text))
    if sentence:
        assert message[:1].isupper() or message[:1] in "«0123456789", f"message should start with a capital: {message!r}"
        assert message[-1:] in ".!?»)", f"message should end a sentence: {message!r}"
    for expression in expressions:
        assert normalise(expression) in message, f"{expression!r} missing from {message!r}"


def mots(*words: str) -> str:
    """Regex matching the key words in order, whatever lies between them."""
    return "(?s)" + ".*".join(re.escape(w) for w in words)


def phrase(text: str, *, debut: bool = False, fin: bool = False) -> str:
    """Regex of the consecutive words of ``text``, only spacing or punctuation between them.

    ``debut``/``fin`` anchor the phrase at the start/end of the message (punctuation aside).
    """
    body = r"\W+".join(re.escape(w) for w in re.findall(r"[\w.]+", text))
    return "(?s)" + (r"^\W*" if debut else "") + body + (r"\W*$" if fin else "")
