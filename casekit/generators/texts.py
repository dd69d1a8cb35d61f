"""Phrase banks of a case and the helpers that compose texts from them.

Sector vocabulary lives in the case file, in the ``[textes]`` table (schema in
``casekit/cases.py``, documented in datasets/README.md): typical praise and
complaints per CSAT item, the openings customers write, the team's notes and
jargon, the fuzzy words people use for the publics. Generators draw phrases
from these banks and compose them with :mod:`casekit.generators.francais`
(contraction, elision, agreement, typography). Only a minimal neutral fallback
lives here, for user case files without banks.

Phrases are lower-case clauses without final punctuation, so that they fit
into every template; ``{masculin|féminin}`` alternatives are resolved with the
speaker's gender.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

# Neutral fallback for a user case file without ``textes.items_csat`` banks.
_FALLBACK_POS = ["{lc} irréprochable", "rien à redire côté {lc}"]
_FALLBACK_NEG = ["{lc} à revoir", "peut mieux faire côté {lc}"]

#: Accessibility problems a story can name (``histoires.probleme``), with
#: phrases a customer, an association or a journalist would write.
PROBLEMES: dict[str, list[str]] = {
    "sous_titres": [
        "des vidéos sans sous-titres",
        "aucun sous-titre sur les vidéos",
        "des sous-titres absents ou automatiques et faux",
    ],
    "contraste": [
        "un contraste trop faible sur le site",
        "du texte gris clair illisible",
        "des couleurs qui ne se lisent pas",
    ],
    "taille_texte": ["des textes trop petits", "une taille de police impossible à agrandir"],
    "audiodescription": ["aucune audiodescription", "des vidéos inaccessibles aux personnes aveugles"],
    "alt_text": ["des images sans texte alternatif", "des visuels non décrits"],
    "falc": ["aucune version facile à lire et à comprendre", "des textes trop compliqués"],
    "navigation_clavier": ["un site impossible à utiliser au clavier", "des menus inutilisables au clavier"],
    "acces_lieu": ["un accès au lieu compliqué", "une entrée difficile en fauteuil"],
    "transcription": ["aucune transcription des contenus audio", "des podcasts sans transcription"],
}

#: Readable labels of content-format ids used by ``contenus.formats``.
FORMATS: dict[str, str] = {
    "video_courte": "vidéos courtes",
    "video_longue": "vidéos longues",
    "article": "articles",
    "carrousel": "carrousels",
    "image": "images",
    "newsletter": "newsletters",
    "podcast": "podcasts",
    "live": "lives",
    "story": "stories",
}

#: Display names of social platforms and sources.
PLATEFORMES: dict[str, str] = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "x": "X",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "snapchat": "Snapchat",
    "forum": "les forums",
    "avis_google": "les avis Google",
    "presse": "la presse",
}


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym.

    Examples
    --------
    >>> lower_first("Délai de l'atelier")
    "délai de l'atelier"
    >>> lower_first("VAE et seniors")
    'VAE et seniors'
    >>> lower_first("L'affiche")
    "l'affiche"
    """
    if not text:
        return text
    if len(text) > 1 and text[0].isupper() and text[1].isupper():  # an acronym
        return text
    return text[0].lower() + text[1:]


def short_label(text: str) -> str:
    """Drop a trailing parenthesis from a label: ``"Accessibilité (lieu)"`` → ``"Accessibilité"``.

    Examples
    --------
    >>> short_label("Accessibilité (lieu et contenus)")
    'Accessibilité'
    """
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()


def label_of(values: Sequence[str], mapping: Mapping[str, str]) -> list[str]:
    """Display label of each id, falling back to the id with spaces.

    Examples
    --------
    >>> label_of(["video_courte", "reel_drole"], FORMATS)
    ['vidéos courtes', 'reel drole']
    """
    return [mapping.get(v, v.replace("_", " ")) for v in values]


def textes(case) -> Mapping[str, Any]:
    """The optional ``[textes]`` table of a case (empty mapping if absent)."""
    return case.data.get("textes", {}) or {}


def item_phrases(case, item_id: str, libelle: str, polarity: str) -> list[str]:
    """Phrases about one CSAT item, from the case's ``[textes]`` or generic ones.

    Parameters
    ----------
    case : Case
        The case (its optional ``textes.items_csat.<item_id>`` table is read).
    item_id, libelle : str
        The item id and its French label.
    polarity : {"positif", "negatif"}
        Which bank to return.

    Returns
    -------
    list of str
        The case's phrases, or a neutral fallback built from the label.
    """
    own = list(textes(case).get("items_csat", {}).get(item_id, {}).get(polarity, []))
    if own:
        return own
    lc = lower_first(short_label(libelle))
    return [g.format(lc=lc) for g in (_FALLBACK_POS if polarity == "positif" else _FALLBACK_NEG)]


def probleme_phrases(case, probleme: str) -> list[str]:
    """Phrases naming an accessibility problem id (case ``textes.problemes`` first)."""
    own = list(textes(case).get("problemes", {}).get(probleme, []))
    return own or PROBLEMES.get(probleme, [f"un problème de {probleme.replace('_', ' ')}"])


def pick(rng: np.random.Generator, bank: Sequence[str], n: int) -> np.ndarray:
    """``n`` phrases drawn uniformly from ``bank`` (object array).

    Examples
    --------
    >>> pick(np.random.default_rng(0), ["a", "b"], 3).shape
    (3,)
    """
    arr = np.asarray(list(bank), dtype=object)
    return arr[rng.integers(0, len(arr), n)]


def fill(templates: Sequence[str], which: np.ndarray, **slots: Any) -> list[str]:
    """Fill ``templates[which[i]]`` with the i-th value of every slot.

    Each slot is a scalar (same for every row) or a sequence aligned with
    ``which``; templates may use any subset of the slots. Vectorised: each
    template is split once into literals and slots, then the rows using it
    are built by element-wise concatenation of object arrays.

    Examples
    --------
    >>> fill(["{a} et {b}", "{b} seul"], np.array([0, 1]), a=["x", "y"], b="z")
    ['x et z', 'z seul']
    """
    import string

    which = np.asarray(which)
    out = np.empty(which.size, dtype=object)
    cols = {k: (np.asarray(v, dtype=object) if isinstance(v, (list, tuple, np.ndarray)) else v)
            for k, v in slots.items()}
    for t, tpl in enumerate(templates):
        rows = np.flatnonzero(which == t)
        if rows.size == 0:
            continue
        acc = np.full(rows.size, "", dtype=object)
        for literal, field, _spec, _conv in string.Formatter().parse(tpl):
            if literal:
                acc = acc + literal
            if field is not None:
                v = cols[field]
                acc = acc + (v[rows] if isinstance(v, np.ndarray) else str(v))
        out[rows] = acc
    return out.tolist()


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop if needed.

    Examples
    --------
    >>> sentence("vélo réparé vite")
    'Vélo réparé vite.'
    >>> sentence("super !")
    'Super !'
    """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…»" else text + "."


def banque(case, *path: str, default: Sequence[str] = ()) -> list[str]:
    """The phrase list at ``textes.<path>`` of a case, or ``default``.

    Examples
    --------
    >>> from casekit.cases import get_case
    >>> len(banque(get_case("rayons_libres"), "verbatims", "promoteur")) > 5
    True
    """
    node: Any = textes(case)
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return list(default)
        node = node[key]
    return list(node)


def marque_slots(nom_marque: str, lex: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Slots naming a brand with its prepositions: ``marque``, ``de_marque``, ``a_marque``.

    Examples
    --------
    >>> marque_slots("Le Garage à Vélos")["de_marque"]
    'du Garage à Vélos'
    """
    from casekit.generators import francais as fr

    n = (lex or {}).get(nom_marque) or fr.nom(nom_marque)
    return {"marque": fr.le(n), "de_marque": fr.de(n), "a_marque": fr.a(n)}


def moment_slots(d: Any, prefix: str = "") -> dict[str, str]:
    """Slots naming the month and season of ``d`` in words (never the exact day).

    ``mois`` (« avril »), ``mois_annee`` (« avril 2024 »), ``de_mois``,
    ``de_mois_annee`` (elided: « d'avril 2024 »), ``annee`` and the season slots
    of :func:`casekit.generators.francais.saisons`, each with ``prefix``.

    Examples
    --------
    >>> import datetime as dt
    >>> s = moment_slots(dt.date(2024, 4, 1), "creux_")
    >>> s["creux_de_mois_annee"], s["creux_le_saison"]
    ("d'avril 2024", 'le printemps')
    """
    from casekit.generators import francais as fr

    mois = fr.MOIS[d.month - 1]
    out = {"mois": mois, "mois_annee": f"{mois} {d.year}", "de_mois": fr.de(mois),
           "de_mois_annee": fr.de(f"{mois} {d.year}"), "annee": str(d.year), **fr.saisons(d)}
    return {prefix + k: v for k, v in out.items()}


def remplir(text: str, slots: Mapping[str, str]) -> str:
    """Fill the ``{slot}`` marks of ``slots`` in a free text; other braces stay as they are.

    Examples
    --------
    >>> remplir("En {creux_mois} : {x}", {"creux_mois": "mai"})
    'En mai : {x}'
    """
    return re.sub(r"\{(\w+)\}", lambda m: slots.get(m.group(1), m.group(0)), text)


def story_slots(scn) -> dict[str, str]:
    """Month/season slots of the drawn dip (``creux_…``), for case-file free texts."""
    h = scn.histoire("creux_satisfaction")
    return moment_slots(h[0]["debut"], "creux_") if h is not None else {}


_SANS_ACCENT = str.maketrans("éèêëàâäîïôöùûüç", "eeeeaaaiioouuuc")


def varier(text: str, u: Sequence[float], *, colere: bool = False) -> str:
    """Vary the register of a customer text the way real ones vary.

    ``u`` holds four uniforms: about 7 % of texts lose their accents, 5 % are
    typed in lower case, 4 % of angry ones in capitals (``colere``), 8 % drop
    their final full stop. The text stays readable.

    Examples
    --------
    >>> varier("Très déçue.", [0.0, 0.9, 0.9, 0.9])
    'Tres decue.'
    >>> varier("Très déçue.", [0.9, 0.9, 0.9, 0.9])
    'Très déçue.'
    """
    if u[0] < 0.07:
        text = text.translate(_SANS_ACCENT)
    if u[1] < 0.05:
        text = text.lower()
    elif colere and u[1] > 0.96:
        text = text.upper()
    if u[2] < 0.08 and text.endswith("."):
        text = text[:-1]
    return text
