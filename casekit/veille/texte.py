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

__all__ = ["fold", "html_vers_texte", "mots_vides", "normaliser", "sans_controle"]

# Terminal escape sequences (CSI, OSC, two-character ESC codes).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0/C1 controls (tab and newline kept), invisible and bidirectional-override characters.
_CONTROLES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


_BLANCS = re.compile(r"\s+")


def espaces(text: str) -> str:
    """Collapse white space, keeping a lone no-break space (French typography).

    Examples
    --------
    >>> espaces("  Budget\u00a0:   12    k€ ")
    'Budget\xa0: 12 k€'
    """
    return _BLANCS.sub(lambda m: m.group(0) if m.group(0) in ("\u00a0", "\u202f") else " ", text).strip()


def sans_controle(text: str) -> str:
    """``text`` without terminal escape codes, control or bidirectional-override characters.

    Examples
    --------
    >>> sans_controle("\x1b[31mAlerte\x1b[0m\x07 RGPD\u202e")
    'Alerte RGPD'
    """
    return _CONTROLES.sub("", _ANSI.sub("", text))

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
        return espaces(sans_controle(fragment))
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # malformed markup: fall back to a crude strip
        text = html.unescape(re.sub(r"<[^>]*>", " ", fragment))
    return espaces(sans_controle(text))


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


#: Function words that the phrase extractor also treats as boundaries, on top
#: of :func:`mots_vides` (adverbs and prepositions that never name a topic).
_MOTS_OUTILS = {
    "aupres", "depuis", "encore", "deja", "toujours", "desormais", "vraiment", "reellement", "souvent",
    "jamais", "rien", "chaque", "quelques", "quelque", "plusieurs", "autre", "autres", "meme", "memes",
    "lors", "alors", "donc", "puis", "ici", "voici", "voila", "peu", "trop", "tant", "car", "cela", "ceci",
    "celui", "celle", "ceux", "celles", "oui", "non", "surtout", "notamment", "davantage", "afin", "face",
    "apres", "avant", "pendant", "vers", "parmi", "contre", "sous", "sur", "dans", "par", "pour", "avec",
    "via", "bref", "enfin", "pourtant", "cependant", "presque", "assez", "beaucoup", "mieux", "pire",
    "premier", "premiere", "premiers", "premieres", "dernier", "derniere", "derniers", "dernieres",
    "grand", "grande", "grands", "grandes", "petit", "petite", "petits", "petites", "vrai", "vraie",
    "certains", "certaines", "tel", "telle", "tels", "telles", "lequel", "laquelle", "lesquels",
    "celle-ci", "celui-ci", "ceux-ci", "la-bas", "aujourd'hui", "hier", "demain", "semaine", "semaines",
    "mois", "annee", "annees", "jour", "jours", "fois", "chose", "choses", "cas", "question", "questions",
}

# Verbs of news prose (« progresse », « s'impose », « revient ») say that
# something happens, not what: they end a phrase. Regular -er verbs are listed
# by stem and expanded to their common forms; irregular forms are listed.
_STEMS_ER = (
    "progress", "impos", "explos", "gagn", "sedui", "mis", "test", "multipli", "accelere", "acceler", "arriv",
    "chang", "bascul", "bouscul", "dénonc", "denonc", "demand", "interpell", "lanc", "confirm",
    "montr", "pass", "pes", "rest", "semb", "trouv", "utilis", "propos", "install", "continu",
    "cherch", "constat", "critiqu", "diffus", "divis", "dout", "encadr", "envisag",
    "espér", "esper", "expliqu", "fidélis", "fidelis", "inond", "intéress", "interess", "invit", "jou",
    "laiss", "mobilis", "occup", "parl", "pens", "pouss", "prépar", "prepar", "présent",
    "present", "publi", "rappel", "recul", "relanc", "remplac", "renforc", "repens", "réagi", "reagi",
    "regard", "rassur", "révél", "revel", "sanctionn", "signal", "tent", "transform", "évolu",
    "evolu", "décoll", "decoll", "enchaîn", "enchain", "capt", "mis", "réécri", "reecri", "bouge", "boug",
    "dépass", "depass", "affich", "analys", "comment", "consacr", "décid", "decid", "détaill", "detaill",
    "estim", "insist", "observ", "recommand", "soulign", "suscit", "aid", "amélior",
    "ameliore", "amelior", "baiss", "interrog", "evit", "retrouv", "conserv", "recueill", "cit", "men", "augment", "doubl", "démarr", "demarr", "ralent", "attir", "appel",
)
_ENDINGS_ER = ("e", "es", "ent", "er", "é", "ee", "es", "ees", "ait", "aient", "ons", "ez", "era", "eront", "ant")
_IRREGULIERS = {
    "fait", "font", "faire", "veut", "veulent", "peut", "peuvent", "doit", "doivent", "va", "vont", "met",
    "mettent", "prend", "prennent", "devient", "deviennent", "revient", "reviennent", "tient", "tiennent",
    "dit", "disent", "sait", "savent", "voit", "voient", "vient", "viennent", "reste", "restent", "suit",
    "suivent", "offrent", "ouvre", "ouvrent", "sortent", "partent", "reprend",
    "reprennent", "apprend", "apprennent", "comprend", "comprennent", "atteint", "atteignent", "croit",
    "croissent", "grandit", "grandissent", "reussit", "reussissent", "choisit", "choisissent", "reagit",
    "reagissent", "franchit", "conquiert", "seduit", "seduisent", "produit", "produisent", "conduit",
    "convainc", "convainquent", "pose", "posent", "s'impose", "s'installe", "est", "sont", "ont", "a", "etait", "sera",
    "suivre", "savoir", "comprendre", "retenir", "lire", "voir", "dire", "ecrire", "prendre", "mettre",
    "reussir", "choisir", "venir", "tenir", "devenir", "fonde", "fondee", "fondes", "fondees", "fondent",
    "connaitre", "resument", "resumer", "resumait", "vivre", "vit", "vivent", "permet", "permettent", "permettre",
}


@functools.cache
def verbes_vides() -> frozenset[str]:
    """Folded verb forms that end a phrase in the emerging-topic extractor.

    Examples
    --------
    >>> {"progresse", "revient", "s'impose"} <= verbes_vides()
    True
    >>> "sous-titres" in verbes_vides()
    False
    """
    forms = {fold(stem + end) for stem in _STEMS_ER for end in _ENDINGS_ER}
    return frozenset(forms | _IRREGULIERS)


@functools.cache
def mots_frontieres() -> frozenset[str]:
    """Every folded word that cannot be part of a topic phrase (stop words, tool words, filler verbs)."""
    return frozenset(_stop_words()) | _MOTS_OUTILS | verbes_vides() | _MOTS_VIDES_EN_PLUS
