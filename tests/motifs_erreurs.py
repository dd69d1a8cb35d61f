"""Regexes for French error messages: key words, not typography (issue 13).

Error typography (spaces inside « », before : ; ? !) is set centrally, so tests match
the words of a message and let spacing and punctuation vary.
"""

from __future__ import annotations

import re


def mots(*words: str) -> str:
    """Regex matching the key words in order, whatever lies between them."""
    return "(?s)" + ".*".join(re.escape(w) for w in words)


def phrase(text: str, *, debut: bool = False, fin: bool = False) -> str:
    """Regex of the consecutive words of ``text``, only spacing or punctuation between them.

    ``debut``/``fin`` anchor the phrase at the start/end of the message (punctuation aside).
    """
    body = r"\W+".join(re.escape(w) for w in re.findall(r"[\w.]+", text))
    return "(?s)" + (r"^\W*" if debut else "") + body + (r"\W*$" if fin else "")
