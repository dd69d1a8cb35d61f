"""French text helpers for the veille: folding, HTML to text, stop words.

Matching and counting use the *folded* form (case-folded, accents removed,
``œ`` → ``oe``); display keeps the original text. French stop words come from
the ``stop-words`` package (BSD-3), folded the same way, so that they agree
with ``strip_accents`` in scikit-learn vectorisers.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

from casekit.generators.feeds import fold

__all__ = ["fold", "html_vers_texte", "mots_vides", "normaliser"]

#: Words frequent in any feed that say nothing about a trend.
_MOTS_VIDES_EN_PLUS = {
    "ans", "article", "articles", "comment", "faut", "fait", "selon", "plus", "moins",
    "tout", "tous", "toutes", "tres", "bien", "aussi", "ainsi", "entre", "chez", "sans",
    "leurs", "dont", "etre", "avoir", "quoi", "pourquoi", "idees", "conseils", "point",
    "points", "cle", "cles", "retenir", "nouveau", "nouvelle", "nouveaux", "nouvelles",
}


def normaliser(text: object) -> str:
    """Fold ``text`` for matching; ``None`` and missing values give ``""``.

    Results are cached: feed texts repeat a lot (syndication, re-reads).

    Examples
    --------
    >>> normaliser("  L’Été des Vidéos  ")
    "l'ete des videos"
    >>> normaliser(None)
    ''
    """
    if text is None or not isinstance(text, str):
        return ""
    return _normaliser(text)


@functools.lru_cache(maxsize=1 << 16)
def _normaliser(text: str) -> str:
    return " ".join(fold(text).split())


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style"})
    _BLOCK = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


# Runs of ordinary whitespace collapse; French no-break spaces (U+00A0, U+202F) stay.
_ESPACES = re.compile(r"[ \t\r\n\f\v]+")


def html_vers_texte(fragment: object) -> str:
    """Plain text of an HTML fragment (tags removed, entities decoded, spaces collapsed).

    Examples
    --------
    >>> html_vers_texte("<p>Le <b>RGAA</b>&nbsp;4.1</p><script>x()</script><p>ok</p>")
    'Le RGAA\xa04.1 ok'
    """
    if fragment is None or not isinstance(fragment, str):
        return ""
    if "<" not in fragment and "&" not in fragment:
        return _ESPACES.sub(" ", fragment).strip()
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # malformed markup: fall back to a crude strip
        text = html.unescape(re.sub(r"<[^>]*>", " ", fragment))
    return _ESPACES.sub(" ", text).strip()


@functools.cache
def _stop_words() -> tuple[str, ...]:
    from stop_words import get_stop_words

    words = {fold(w) for w in get_stop_words("french")} | _MOTS_VIDES_EN_PLUS
    # Elided forms ("l'", "qu'") and their bare letters never reach the tokenizer.
    return tuple(sorted(w for w in words if "'" not in w))


def mots_vides() -> list[str]:
    """French stop words, folded (no accents), sorted.

    Examples
    --------
    >>> "ete" in mots_vides() and "les" in mots_vides()
    True
    """
    return list(_stop_words())
