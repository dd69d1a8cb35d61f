"""French phrase banks and a small vectorised template filler.

Everything here is sector-neutral: templates only name things through slots
filled from the case (brand and competitor names, offer names, CSAT item
labels, story problems). Sector-specific phrases live in the case file, in an
optional ``[textes]`` table read by :func:`item_phrases`::

    [textes.items_csat.csat_delai_atelier]
    positif = ["vélo réparé en deux jours"]
    negatif = ["quinze jours d'attente pour une simple réparation"]

Phrases are lower-case clauses without final punctuation, so that they fit
into every template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

# Epicene expressions only: they agree with any item label.
_GENERIC_POS = [
    "{lc} irréprochable",
    "{lc} vraiment à la hauteur",
    "rien à redire côté {lc}",
    "{lc} au top",
]
_GENERIC_NEG = [
    "{lc} pas à la hauteur",
    "{lc} à revoir sérieusement",
    "gros point faible : {lc}",
    "vraiment déçu·e côté {lc}",
]

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
    """
    if not text:
        return text
    first = text.split()[0]
    if len(first) > 1 and first[:2].isupper():
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
        Case-specific phrases first, then the generic ones built from the label.
    """
    lc = lower_first(short_label(libelle))
    generic = _GENERIC_POS if polarity == "positif" else _GENERIC_NEG
    own = list(textes(case).get("items_csat", {}).get(item_id, {}).get(polarity, []))
    filled = [g.format(lc=lc) for g in generic]
    return own + filled if own else filled


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
