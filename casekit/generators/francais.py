"""French grammar and typography for generated texts.

Generated sentences never glue a preposition to a name with ``f"de {nom}"``:
they go through :func:`de`, :func:`a` and :func:`le`, which contract
(« du Garage à Vélos », « au festival »), elide (« d'avril », « d'Instagram »,
« l'atelier ») and keep an article that belongs to a proper name
(« de La Cuve à Sons »). Gender, number and elision come from a small table of
:class:`Nom` entries: defaults are inferred from the spelling, and a case file
can override them in ``[[textes.noms]]`` (see :func:`lexique`).

:func:`typo` applies the typography rules of the kit (narrow no-break space
before ``; ! ?``, no-break space before ``:`` and inside « », between a number
and its unit) to any finished text; :func:`accorde` and :func:`genre` make
participles and adjectives agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and as thousands separator
NBSP = "\u00a0"   # no-break space: before : and inside « », between a number and its unit

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]
SAISONS = ["hiver", "hiver", "printemps", "printemps", "printemps", "été", "été", "été",
           "automne", "automne", "automne", "hiver"]
_VOYELLES = set("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")
# Words starting with a mute h (elided); any other h is treated as aspirated.
_H_MUET = ("habit", "heure", "hiver", "histoi", "homme", "honn", "hôpit", "hôtel", "humain", "humour", "herb", "hébert", "handicap")


@dataclass(frozen=True)
class Nom:
    """A name with what French grammar needs to know about it.

    Attributes
    ----------
    texte : str
        The name as written (« Le Garage à Vélos », « La Cuve à Sons », « avril »).
    genre : {"m", "f"}
    nombre : {"s", "p"}
    elision : bool
        Whether it starts with a vowel sound (« d'Instagram », « l'atelier »).
    propre : bool
        A proper name takes no article of its own (« de Rayons Libres »); its
        leading « Le »/« Les » still contracts (« du Garage à Vélos »).
    article : bool
        A proper name used with a definite article that is not part of it:
        « le Festival Mégalithe », « du Festival Mégalithe », « au Festival Mégalithe ».
    """

    texte: str
    genre: str = "m"
    nombre: str = "s"
    elision: bool = False
    propre: bool = True
    article: bool = False

    def __str__(self) -> str:
        return self.texte


def _starts_with_vowel(word: str) -> bool:
    w = word.lstrip("«“\"' " + NBSP + NNBSP)
    if not w:
        return False
    if w[0] in "yY" and len(w) > 1 and w[1].lower() in "aeiouéè":
        return False  # « YouTube », « yaourt »: a consonant y
    if w[0] in _VOYELLES:
        return True
    return w[0] in "hH" and w.lower().startswith(_H_MUET)


def nom(texte: str | Nom, *, genre: str | None = None, nombre: str | None = None,
        elision: bool | None = None, propre: bool = True, article: bool = False) -> Nom:
    """A :class:`Nom` with inferred defaults.

    Examples
    --------
    >>> nom("Les Grappes Électriques").nombre
    'p'
    >>> nom("avril", propre=False).elision
    True
    >>> nom("YouTube").elision
    False
    """
    if isinstance(texte, Nom):
        return texte
    first = texte.split(" ", 1)[0]
    if genre is None:
        genre = "f" if first in {"La", "la"} else "m"
    if nombre is None:
        nombre = "p" if first in {"Les", "les"} else "s"
    if elision is None:
        elision = _starts_with_vowel(texte)
    return Nom(texte, genre, nombre, elision, propre, article)


def lexique(case: Any) -> dict[str, Nom]:
    """Names of a case with their grammar: ``[[textes.noms]]`` overrides the inferred defaults.

    Every organisation, competitor and offer name of the case is in the table.
    """
    table: dict[str, Nom] = {}
    names = [case["identite"]["nom"], *(c["nom"] for c in case["concurrents"]),
             *(o["nom"] for o in case["identite"]["offre"])]
    for n in names:
        table[n] = nom(n)
    banks = case.data.get("textes", {}) or {}
    for row in banks.get("noms", ()):
        table[row["nom"]] = nom(row["nom"], genre=row.get("genre"), nombre=row.get("nombre"),
                                elision=row.get("elision"), propre=row.get("propre", True),
                                article=row.get("article", False))
    return table


def _split_article(n: Nom) -> tuple[str, str]:
    """(leading article, rest) of a name: ``("le", "Garage à Vélos")``."""
    head, _, rest = n.texte.partition(" ")
    if rest and head.lower() in {"le", "les"}:
        return head.lower(), rest
    return "", n.texte


def _avec_article(n: Nom, prep: str) -> str:
    """Preposition + definite article + name, contracted: du, de la, de l', des, au, aux."""
    if n.nombre == "p":
        return f"{'des' if prep == 'de' else 'aux'} {n.texte}"
    if n.elision:
        return f"{prep} l'{n.texte}"
    if n.genre == "f":
        return f"{prep} la {n.texte}"
    return f"{'du' if prep == 'de' else 'au'} {n.texte}"


_CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _prep(n: Nom, prep: str) -> str:
    """« de » or « à » + name: article of use, then the name's own « Le »/« Les », then elision."""
    if n.article or not n.propre:
        return _avec_article(n, prep)
    art, rest = _split_article(n)
    if art:
        return f"{_CONTRACTIONS[prep, art]} {rest}"
    if prep == "de" and n.elision:
        return f"d'{n.texte}"
    return f"{prep} {n.texte}"


def de(x: str | Nom) -> str:
    """« de » + name, contracted or elided.

    Examples
    --------
    >>> de("Le Garage à Vélos"), de("La Cuve à Sons"), de("Les Grappes")
    ('du Garage à Vélos', 'de La Cuve à Sons', 'des Grappes')
    >>> de("avril"), de("Instagram"), de("YouTube"), de("Rayons Libres")
    ("d'avril", "d'Instagram", 'de YouTube', 'de Rayons Libres')
    >>> de(nom("Festival Mégalithe", article=True)), de(nom("atelier", propre=False))
    ('du Festival Mégalithe', "de l'atelier")
    """
    return _prep(nom(x), "de")


def a(x: str | Nom) -> str:
    """« à » + name, contracted.

    Examples
    --------
    >>> a("Le Garage à Vélos"), a("La Cuve à Sons"), a("Les Grappes"), a("Béziers")
    ('au Garage à Vélos', 'à La Cuve à Sons', 'aux Grappes', 'à Béziers')
    """
    return _prep(nom(x), "à")


def le(x: str | Nom) -> str:
    """Definite article + common noun: « l'atelier », « la billetterie », « les studios ».

    Examples
    --------
    >>> le(nom("atelier", propre=False)), le(nom("billetterie", genre="f", propre=False))
    ("l'atelier", 'la billetterie')
    """
    n = nom(x)
    if n.propre and not n.article:
        return n.texte
    if n.nombre == "p":
        return f"les {n.texte}"
    if n.elision:
        return f"l'{n.texte}"
    return f"{'la' if n.genre == 'f' else 'le'} {n.texte}"


def que(word: str) -> str:
    """« que » elided before a vowel: « qu'elle », « que le ».

    Examples
    --------
    >>> que("elle"), que("le site")
    ("qu'elle", 'que le site')
    """
    return f"qu'{word}" if _starts_with_vowel(word) else f"que {word}"


_DE_VOYELLE = re.compile(r"\b([DdQq]u?)e ([aeiouéèêàâîôûœAEIOUÉÈÊÀÂÎÔÛŒ]|h(?:abit|eure|ist|omm|onn|ôp|ôt|um))")


def elide(text: str) -> str:
    """Elide « de » and « que » before a vowel in a finished text (after a word swap, say).

    Examples
    --------
    >>> elide("auprès de organisations, plus que elles")
    "auprès d'organisations, plus qu'elles"
    """
    return _DE_VOYELLE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", text)


_CONTRACTE = re.compile(r"\b([Dd]e|[Àà]) (Le|Les) (?=[A-ZÀ-Ý])")
_CONTRACTED = {("de", "Le"): "du", ("de", "Les"): "des", ("à", "Le"): "au", ("à", "Les"): "aux"}


def contracte(text: str) -> str:
    """Contract « de Le », « à Les »… before a capitalised name, and elide (see :func:`elide`).

    Examples
    --------
    >>> contracte("exemple à Le Mans, avis de Le Garage à Vélos, de organisations")
    "exemple au Mans, avis du Garage à Vélos, d'organisations"
    """
    def sub(m):
        out = _CONTRACTED[m.group(1).lower(), m.group(2)]
        return (out.capitalize() if m.group(1)[0].isupper() else out) + " "

    return elide(_CONTRACTE.sub(sub, text))


def contracte_many(texts: list[str]) -> list[str]:
    """:func:`contracte` over a list, in one pass."""
    return contracte(_SEP.join(texts)).split(_SEP) if texts else []


def accorde(x: str | Nom, masc: str, fem: str | None = None, plur: str | None = None,
            fem_plur: str | None = None) -> str:
    """The form of an adjective or participle that agrees with ``x``.

    Regular forms are derived (``e``, ``s``, ``es``); pass the others.

    Examples
    --------
    >>> accorde("La Cuve à Sons", "expliqué"), accorde("Le Garage à Vélos", "expliqué")
    ('expliquée', 'expliqué')
    >>> accorde(nom("ateliers", nombre="p", propre=False), "complet")
    'complets'
    """
    n = nom(x)
    fem = fem or masc + "e"
    if n.nombre == "p":
        if n.genre == "f":
            return fem_plur or fem + ("" if fem.endswith("s") else "s")
        return plur or masc + ("" if masc.endswith(("s", "x")) else "s")
    return fem if n.genre == "f" else masc


_ALT = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def genre(text: str, g: str) -> str:
    """Resolve ``{masculin|féminin}`` alternatives for a speaker of gender ``g``.

    Phrase banks are written once for both genders; a respondent's gender is
    drawn with them (``"f"`` or ``"m"``).

    Examples
    --------
    >>> genre("Je suis {déçu|déçue}, {un habitué|une habituée}.", "f")
    'Je suis déçue, une habituée.'
    >>> genre("Je suis {déçu|déçue}.", "m")
    'Je suis déçu.'
    """
    k = 2 if g == "f" else 1
    return _ALT.sub(lambda m: m.group(k), text)


def date_longue(d: Any) -> str:
    """« 1er avril 2024 ».

    Examples
    --------
    >>> import datetime as dt
    >>> date_longue(dt.date(2024, 4, 1))
    '1er avril 2024'
    """
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MOIS[d.month - 1]} {d.year}"


def mois_annee(d: Any) -> str:
    """« avril 2024 »."""
    return f"{MOIS[d.month - 1]} {d.year}"


def saison(d: Any) -> str:
    """Season of a date: « printemps », « été », « automne », « hiver »."""
    return SAISONS[d.month - 1]


def saisons(d: Any) -> dict[str, str]:
    """Slots naming the season of ``d``: ``saison``, ``le_saison``, ``ce_saison``, ``en_saison``.

    Examples
    --------
    >>> import datetime as dt
    >>> saisons(dt.date(2024, 8, 23))["le_saison"], saisons(dt.date(2024, 4, 1))["ce_saison"]
    ("l'été", 'ce printemps')
    """
    s = saison(d)
    vowel = _starts_with_vowel(s)
    return {"saison": s, "le_saison": f"l'{s}" if vowel else f"le {s}",
            "ce_saison": f"cet {s}" if vowel else f"ce {s}",
            "en_saison": f"en {s}" if vowel else f"au {s}"}


def nombre(x: float, nd: int = 0) -> str:
    """French number: U+202F thousands separator, decimal comma, U+2212 minus.

    Examples
    --------
    >>> nombre(12345.678, 1), nombre(-3.5, 1), nombre(42000)
    ('12\u202f345,7', '\u22123,5', '42\u202f000')
    """
    s = f"{x:,.{nd}f}".replace(",", NNBSP).replace(".", ",")
    return s.replace("-", "\u2212")


_SEP = "\x00"  # joins a batch of texts: not a space, never in a text
_UNIT = re.compile(r"(\d)[ \u202f](Mo|Ko|ko|Go|km|min|h)\b")
_UNIT_HINTS = (" Mo", " Ko", " ko", " Go", " km", " min", " h ", " h,", " h.", " h)", "\u202fh")
_Q_FIX = re.compile(f"([?!;]){NNBSP}([?!;])")


def _guillemets(text: str) -> str:
    """No-break space inside « » (added if missing, replacing any other space)."""
    if "«" in text:
        head, *rest = text.split("«")
        text = head + "".join("«" + NBSP + r.lstrip(" \t" + NBSP + NNBSP) for r in rest)
    if "»" in text:
        *init, tail = text.split("»")
        text = "".join(r.rstrip(" \t" + NBSP + NNBSP) + NBSP + "»" for r in init) + tail
    return text


def typo_many(texts: list[str]) -> list[str]:
    """:func:`typo` over a list of strings, in one pass of each rule (fast string methods)."""
    if not texts:
        return []
    text = _SEP.join(texts)
    for sp in (" ", "\t", NBSP, NNBSP):  # a space before ; ! ? : becomes the right no-break space
        for sign in ";!?":
            if sp + sign in text:
                text = text.replace(sp + sign, NNBSP + sign)
        if sp + ":" in text:
            text = text.replace(sp + ":", NBSP + ":")
    text = _guillemets(text)
    for sp in (" ", NNBSP):  # number and unit: % and € always follow a number
        for unit in ("%", "€", "k€", "M€"):
            if sp + unit in text:
                text = text.replace(sp + unit, NBSP + unit)
    if any(h in text for h in _UNIT_HINTS):
        text = _UNIT.sub(r"\1" + NBSP + r"\2", text)
    while any(a + NNBSP + b in text for a in "?!;" for b in "?!;"):  # « ?! »: one space, before the first sign
        text = _Q_FIX.sub(r"\1\2", text)
    return text.split(_SEP)


def typo(text: str) -> str:
    """Apply French typography to a finished text.

    Examples
    --------
    >>> typo("Pourquoi ? Budget : 12 € « Parents » ; bravo !") == (
    ...     "Pourquoi\u202f? Budget\u00a0: 12\u00a0€ «\u00a0Parents\u00a0»\u202f; bravo\u202f!")
    True
    >>> typo("https://example.org à 10:30, ratio 4,5:1")
    'https://example.org à 10:30, ratio 4,5:1'
    """
    return typo_many([text])[0] if text else text


# Spans a message quotes verbatim: code between backticks, addresses. Their signs stay as they are.
_VERBATIM = re.compile(r"```.*?```|``[^`\n]+``|`[^`\n]+`|\b(?:https?|ftp|file)://[^\s«»<>`]+", re.S)
# A sign glued to the word before it (English habit): « Erreur: x », « vraiment? ».
# Only after a letter, ``)`` or ``»`` and before a space or the end, so times (12:30),
# ratios (4,5:1), ``!=``, drive letters (C:\) and dict reprs ({'a': 1}) are left alone.
_COLLE = re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿŒœ)»\x02])([:;!?])(?=[\s»)]|$)")
_AVANT_SIGNE = re.compile(r"[ \t\u00a0\u202f]+([:;!?])(?!=)")
# An ordinary space between a number and its unit (a no-break space already there is kept).
_UNITE_MSG = re.compile(r"(\d) (%|€|k€|M€|Mo|Ko|ko|Go|km|min|h|s|ms|px)(?![\w])")


def typo_message(text: str) -> str:
    """French typography for a message (error, status line, label).

    The rules of :func:`typo` (no-break space before « : » and inside « », narrow
    no-break space before ; ! ?, no-break space between a number and its unit), plus
    a space added before a sign glued to its word; code between backticks and web
    addresses are left verbatim. Idempotent: a typeset message comes back unchanged.

    Examples
    --------
    >>> typo_message("Colonne inconnue: « nps ». Vouliez-vous dire « NPS »?") == (
    ...     "Colonne inconnue\u00a0: «\u00a0nps\u00a0». Vouliez-vous dire «\u00a0NPS\u00a0»\u202f?")
    True
    >>> typo_message("Voir https://example.org/?q=1 ; code `df.loc[:, 'a'] ; x` à 12:30, ratio 3:1.") == (
    ...     "Voir https://example.org/?q=1\u202f; code `df.loc[:, 'a'] ; x` à 12:30, ratio 3:1.")
    True
    """
    if not isinstance(text, str) or not text:
        return text
    kept: list[str] = []

    def hide(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"\x01{len(kept) - 1}\x02"

    work = _VERBATIM.sub(hide, text) if ("`" in text or "://" in text) else text
    work = _COLLE.sub(lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), work)
    work = _AVANT_SIGNE.sub(lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), work)
    work = _guillemets(work)
    work = _UNITE_MSG.sub("\\1" + NBSP + "\\2", work)
    while any(a + NNBSP + b in work for a in "?!;" for b in "?!;"):  # « ?! »: one space, before the first sign
        work = _Q_FIX.sub(r"\1\2", work)
    if kept:
        work = re.sub(r"\x01(\d+)\x02", lambda m: kept[int(m.group(1))], work)
    return work


_TRIGGERS = (*(sp + c for sp in (" ", "\t", NBSP, NNBSP) for c in ";!?:%€»"), "«", *_UNIT_HINTS)


def _needs_typo(text: str) -> bool:
    """Cheap test (substring scans) that a rule of :func:`typo_many` may apply."""
    return any(t in text for t in _TRIGGERS)


#: Columns that their generator already typesets phrase by phrase (skipped by :func:`typo_frame`).
DEJA_COMPOSES = {"mentions": ("texte",), "enquete_satisfaction": ("verbatim",),
                 "retours_equipes": ("texte",), "brief_commanditaire": ("texte",)}


def typo_frame(frame, deja: tuple[str, ...] = ()):
    """A copy of ``frame`` whose text columns follow :func:`typo` (ids and codes untouched).

    Columns listed in ``deja`` are already typeset and left as they are.

    Only values that contain a sign concerned by the rules are rewritten, once
    per distinct value; categories are renamed when that keeps them distinct.
    """
    import pandas as pd

    out = None
    for col in frame.columns:
        if col in deja:
            continue
        s = frame[col]
        is_cat = isinstance(s.dtype, pd.CategoricalDtype)
        if not (is_cat or s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        cells = list(s.cat.categories) if is_cat else s.tolist()
        todo = list(dict.fromkeys(v for v in cells if isinstance(v, str)))
        if not todo or not _needs_typo(_SEP.join(todo)):
            continue
        fix = {k: v for k, v in zip(todo, typo_many(todo), strict=True) if k != v}
        if not fix:
            continue
        if out is None:
            out = frame.copy()
        if is_cat:
            new = [fix.get(c, c) for c in cells]
            if len(set(new)) == len(new):
                out[col] = s.cat.rename_categories(new)
        else:
            new = [fix.get(v, v) if isinstance(v, str) else v for v in cells]
            out[col] = pd.Series(pd.array(new, dtype=s.dtype) if s.dtype != object else new,
                                 index=s.index, dtype=s.dtype, name=col)
    return frame if out is None else out


def typo_all(texts: Iterable[str | None]) -> list[str | None]:
    """:func:`typo` over a sequence, keeping missing values."""
    return [t if t is None or t != t else typo(t) for t in texts]


def noms_a_masquer(case: Any) -> list[str]:
    """Every proper name a case puts into texts (longest first), for masking in tests."""
    out = {case["identite"]["nom"], case["commanditaire"]["nom"]}
    out |= {c["nom"] for c in case["concurrents"]}
    out |= {o["nom"] for o in case["identite"]["offre"]}
    out |= {f"{m['prenom']} {m['nom']}" for m in case["equipe"]}
    out |= {m["prenom"] for m in case["equipe"]} | {m["nom"] for m in case["equipe"]}
    out |= {c["nom"] for c in case["charte"]["couleurs"]}
    out |= set(case["charte"]["typographies"])
    return sorted(out, key=len, reverse=True)


def premier(bank: Mapping[str, Any] | None, key: str, default: Any = None) -> Any:
    """``bank[key]`` or ``default`` when the bank or the key is missing."""
    if not bank:
        return default
    return bank.get(key, default)
