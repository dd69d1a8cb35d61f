"""Accessibility helpers: WCAG contrast, colour-vision simulation, content audit.

Thresholds come from the sourced reference table ``criteres_accessibilite``
(WCAG 2.2 success criteria 1.4.3 and 1.4.11), never from a constant typed
here. Colour-vision deficiencies are simulated with the matrices of Machado,
Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
color vision deficiency", *IEEE TVCG* 15(6), severity 1.0.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from casekit.errors import ArgumentInvalideError, nom_inconnu

__all__ = [
    "audit_contenus",
    "distance_minimale",
    "luminance_relative",
    "niveau_lecture",
    "ratio_contraste",
    "resume_audit",
    "seuils_contraste",
    "simuler_daltonisme",
    "verifier_palette",
]

_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")

#: Machado et al. (2009) simulation matrices, severity 1.0, on linear RGB.
MATRICES_MACHADO = {
    "protanopie": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
    "deuteranopie": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
    "tritanopie": np.array([
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ]),
}


def _rgb(hex_colour: str) -> np.ndarray:
    if not isinstance(hex_colour, str) or not (m := _HEX.match(hex_colour.strip())):
        raise ArgumentInvalideError(
            f"Couleur invalide : {hex_colour!r}. Écrivez-la en hexadécimal, par exemple « #1B5E20 »."
        )
    h = m.group(1)
    return np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _gamma(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def luminance_relative(couleur: str) -> float:
    """Luminance relative WCAG d'une couleur, de 0 (noir) à 1 (blanc).

    Exemples
    --------
    >>> luminance_relative("#FFFFFF"), luminance_relative("#000000")
    (1.0, 0.0)
    """
    r, g, b = _linear(_rgb(couleur))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def ratio_contraste(couleur_1: str, couleur_2: str) -> float:
    """Rapport de contraste WCAG ``(L1 + 0,05) / (L2 + 0,05)``, de 1 à 21.

    Exemples
    --------
    >>> ratio_contraste("#000000", "#FFFFFF")
    21.0
    >>> round(ratio_contraste("#1B5E20", "#FFFFFF"), 2)
    7.87
    """
    hi, lo = sorted((luminance_relative(couleur_1), luminance_relative(couleur_2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@functools.cache
def seuils_contraste() -> dict[str, float]:
    """Seuils de contraste lus dans la table de référence (WCAG 2.2, niveau AA).

    Renvoie
    -------
    dict
        ``texte_normal`` (critère 1.4.3), ``grand_texte`` (critère 1.4.3) et
        ``non_textuel`` (critère 1.4.11).

    Exemples
    --------
    >>> seuils_contraste()
    {'texte_normal': 4.5, 'grand_texte': 3.0, 'non_textuel': 3.0}
    """
    from casekit.reference import table

    t = table("criteres_accessibilite")
    wcag = t[t["referentiel"] == "WCAG"].set_index("critere")["enonce"]

    def ratios(text: str) -> list[float]:
        return [float(x.replace(",", ".")) for x in re.findall(r"(\d+(?:,\d+)?)\s*:\s*1", text)]

    normal, large = ratios(wcag["1.4.3"])[:2]
    (non_text,) = ratios(wcag["1.4.11"])[:1]
    return {"texte_normal": normal, "grand_texte": large, "non_textuel": non_text}


def _palette(couleurs: Any) -> dict[str, str]:
    if couleurs is None:
        raise ArgumentInvalideError(
            "Donnez les couleurs à vérifier : une liste de codes (« #1B5E20 »), un dictionnaire "
            "nom → code, ou la liste de la charte (charte[\"couleurs\"] d'un cas).")
    if isinstance(couleurs, pd.DataFrame):
        if not {"nom", "hex"} <= set(couleurs.columns):
            raise ArgumentInvalideError("Un tableau de couleurs doit avoir les colonnes « nom » et « hex ».")
        return {str(n): str(h) for n, h in zip(couleurs["nom"], couleurs["hex"], strict=True)}
    if isinstance(couleurs, Mapping):
        return {str(k): str(v) for k, v in couleurs.items()}
    if isinstance(couleurs, str):
        couleurs = [couleurs]
    if not isinstance(couleurs, Iterable):
        raise ArgumentInvalideError(
            f"« couleurs » doit être une liste de codes hexadécimaux ou un dictionnaire nom → code, "
            f"et non {type(couleurs).__name__}.")
    out: dict[str, str] = {}
    for c in couleurs:
        if isinstance(c, Mapping) and "hex" in c:
            out[str(c.get("nom", c["hex"]))] = str(c["hex"])
        else:
            _rgb(c)
            out[str(c)] = str(c)
    return out


def verifier_palette(couleurs: Any) -> pd.DataFrame:
    """Contraste et conformité WCAG AA de chaque paire de couleurs d'une palette.

    La fonction ne lit aucun fichier de cas : passez les couleurs de votre
    charte (celles d'une organisation réelle ou fictive).

    Paramètres
    ----------
    couleurs : liste de codes, dict nom → code, liste de {"nom", "hex"} ou DataFrame
        Par exemple ``get_case("rayons_libres")["charte"]["couleurs"]``.

    Renvoie
    -------
    DataFrame
        Une ligne par paire, du meilleur contraste au moins bon :
        ``couleur_1``, ``couleur_2``, ``hex_1``, ``hex_2``, ``ratio``,
        ``texte_normal_aa`` (≥ 4,5:1), ``grand_texte_aa`` (≥ 3:1),
        ``non_textuel_aa`` (≥ 3:1).

    Exemples
    --------
    >>> t = verifier_palette({"noir": "#000000", "blanc": "#FFFFFF", "gris": "#777777"})
    >>> t[["couleur_1", "couleur_2", "ratio", "texte_normal_aa"]].round(2).to_string(index=False)
    'couleur_1 couleur_2  ratio  texte_normal_aa\\n     noir     blanc  21.00             True\\n     noir      gris   4.69             True\\n    blanc      gris   4.48            False'
    """
    pal = _palette(couleurs)
    if len(pal) < 2:
        raise ArgumentInvalideError("Il faut au moins deux couleurs pour vérifier des contrastes.")
    s = seuils_contraste()
    rows = []
    for (n1, h1), (n2, h2) in itertools.combinations(pal.items(), 2):
        r = ratio_contraste(h1, h2)
        rows.append((n1, n2, h1.upper(), h2.upper(), r, r >= s["texte_normal"],
                     r >= s["grand_texte"], r >= s["non_textuel"]))
    out = pd.DataFrame(rows, columns=["couleur_1", "couleur_2", "hex_1", "hex_2", "ratio",
                                      "texte_normal_aa", "grand_texte_aa", "non_textuel_aa"])
    return out.sort_values("ratio", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# colour-vision deficiency
# ---------------------------------------------------------------------------


def simuler_daltonisme(couleurs: Iterable[str], type_: str) -> list[str]:
    """Comment une palette est perçue avec un daltonisme (Machado et al., 2009).

    Paramètres
    ----------
    couleurs : liste de codes hexadécimaux
    type_ : {"protanopie", "deuteranopie", "tritanopie"}

    Exemples
    --------
    >>> simuler_daltonisme(["#FFFFFF", "#000000"], "protanopie")
    ['#FFFFFF', '#000000']
    """
    if type_ not in MATRICES_MACHADO:
        raise nom_inconnu("type de daltonisme", type_, MATRICES_MACHADO)
    mat = MATRICES_MACHADO[type_]
    if isinstance(couleurs, str) or not isinstance(couleurs, Iterable):
        raise ArgumentInvalideError(
            f"« couleurs » doit être une liste de codes hexadécimaux, et non {type(couleurs).__name__}.")
    out = []
    for c in couleurs:
        rgb = _gamma(mat @ _linear(_rgb(c)))
        out.append("#" + "".join(f"{round(float(v) * 255):02X}" for v in rgb))
    return out


def _lab(hex_colour: str) -> np.ndarray:
    lin = _linear(_rgb(hex_colour))
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance_minimale(couleurs: Iterable[str], type_: str | None = None) -> float:
    """Plus petit écart CIELAB ΔE (CIE76) entre deux couleurs d'une palette.

    Avec ``type_``, la palette est d'abord simulée pour ce daltonisme. Au-delà
    d'environ 10, deux couleurs se distinguent nettement sur un graphique ;
    sous 5, on les confond facilement.

    Exemples
    --------
    >>> round(distance_minimale(["#000000", "#FFFFFF"]))
    100
    """
    if isinstance(couleurs, str) or not isinstance(couleurs, Iterable):
        raise ArgumentInvalideError(
            f"« couleurs » doit être une liste de codes hexadécimaux, et non {type(couleurs).__name__}.")
    cols = list(couleurs)
    if len(cols) < 2:
        raise ArgumentInvalideError("Il faut au moins deux couleurs pour mesurer une distance.")
    if type_ is not None:
        cols = simuler_daltonisme(cols, type_)
    labs = [_lab(c) for c in cols]
    return float(min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2)))


# ---------------------------------------------------------------------------
# reading level and content audit
# ---------------------------------------------------------------------------

_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒæÆ'’-]+")


def _syllables(word: str) -> int:
    w = word.lower().strip("'’-")
    n = len(_VOWEL_GROUP.findall(w))
    if len(w) > 3 and w.endswith(("e", "es", "ent")) and n > 1 and not w.endswith(("ée", "ées")):
        n -= 1  # mute final e (approximation)
    return max(n, 1)


def niveau_lecture(texte: str) -> float:
    """Score de lisibilité de Kandel et Moles (1958), la formule de Flesch adaptée au français.

    ``207 − 1,015 × (mots / phrase) − 73,6 × (syllabes / mot)`` ; plus le
    score est haut, plus le texte est facile. En gros : ≥ 70 facile, 50–70
    courant, < 50 difficile (le critère WCAG 3.1.5 demande une version plus
    simple au-delà du niveau collège). Les syllabes sont comptées par groupes
    de voyelles : c'est un indicateur, pas une mesure exacte.

    Renvoie ``NaN`` pour un texte vide ou manquant.

    Exemples
    --------
    >>> niveau_lecture("Le vélo est prêt. Venez le chercher.") > 70
    True
    """
    if texte is None or (isinstance(texte, float) and texte != texte):
        return float("nan")  # a missing text in an inventory
    if not isinstance(texte, str):
        raise ArgumentInvalideError(f"« texte » doit être un texte, et non {type(texte).__name__}.")
    if not texte.strip():
        return float("nan")
    words = _WORD.findall(texte)
    if not words:
        return float("nan")
    sentences = max(len([s for s in re.split(r"[.!?…]+", texte) if _WORD.search(s)]), 1)
    syll = sum(_syllables(w) for w in words)
    return 207 - 1.015 * len(words) / sentences - 73.6 * syll / len(words)


_AUDIT_COLS = {
    "alt": ("a_texte_alternatif", "alt_texte", "texte_alternatif"),
    "sous_titres": ("a_sous_titres", "sous_titres"),
    "contraste": ("contraste_ratio", "ratio_contraste", "contraste_ok", "contraste"),
    "texte": ("texte", "extrait", "corps"),
    "lecture": ("niveau_lecture", "score_lisibilite", "lisibilite"),
    "format": ("format", "type_contenu", "type"),
}
#: Reading-level labels counted as hard to read (WCAG 3.1.5).
NIVEAUX_DIFFICILES = {"expert", "difficile", "complexe", "soutenu"}


def _find(df: pd.DataFrame, key: str, given: str | None) -> str | None:
    if given is not None:
        if given not in df.columns:
            from casekit.errors import suggestion

            raise ArgumentInvalideError(
                f"Colonne « {given} » absente de l'inventaire.{suggestion(given, map(str, df.columns))}"
            )
        return given
    return next((c for c in _AUDIT_COLS[key] if c in df.columns), None)


def _is_bool(series: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(series) or str(series.dtype) == "boolean"


def _defect(series: pd.Series, applies: pd.Series) -> pd.Series:
    """Defect flag of an accessibility field.

    A boolean column with missing values (« a_sous_titres » of
    ``inventaire_contenus``) is trusted as is: ``False`` is a defect and
    ``NA`` means « not applicable », kept as ``NA``. A boolean column without
    missing values, or a text column (the alt text itself, a defect when
    empty), only counts for the formats where the check ``applies``.
    """
    if _is_bool(series):
        flag = (~series.astype("boolean")).astype("boolean")
        return flag if series.isna().any() else (flag & applies).astype("boolean")
    s = series.astype("string")
    empty = s.isna() | (s.str.strip() == "") | s.str.lower().isin(["non", "false", "0"])
    return (empty.fillna(True) & applies).astype("boolean")


def audit_contenus(
    inventaire: pd.DataFrame,
    *,
    col_alt: str | None = None,
    col_sous_titres: str | None = None,
    col_contraste: str | None = None,
    col_texte: str | None = None,
    col_format: str | None = None,
    seuil_lecture: float = 50.0,
) -> pd.DataFrame:
    """Audit d'accessibilité d'un inventaire de contenus, ligne par ligne.

    Contrôle ce que l'inventaire documente :

    * ``alt_manquant`` : image sans texte alternatif (WCAG 1.1.1, RGAA 1.1) ;
    * ``sous_titres_manquants`` : vidéo sans sous-titres (WCAG 1.2.2, RGAA 4.3) ;
    * ``contraste_insuffisant`` : contraste du texte sous 4,5:1 (WCAG 1.4.3,
      RGAA 3.2), d'après une colonne de rapport ou un booléen ``contraste_ok`` ;
    * ``lecture_difficile`` : niveau de lecture « expert » (ou score de
      Kandel–Moles sous ``seuil_lecture``, calculé sur une colonne de texte)
      (WCAG 3.1.5).

    Les colonnes sont trouvées par leurs noms usuels (ceux de
    ``inventaire_contenus`` : ``a_texte_alternatif``, ``a_sous_titres``,
    ``contraste_ok``, ``niveau_lecture`` ; ou ``alt_texte``, ``sous_titres``,
    ``contraste_ratio``, ``texte``) ou nommées avec ``col_*``. Un contrôle
    dont la colonne manque, ou qui ne s'applique pas à la ligne (``NA`` dans
    une colonne booléenne), vaut ``<NA>`` : il n'est pas compté comme réussi.
    Pour les colonnes de texte, le texte alternatif n'est exigé que pour les
    formats d'image et les sous-titres que pour les vidéos.

    Renvoie
    -------
    DataFrame
        L'inventaire avec les quatre colonnes de contrôle et ``nb_problemes`` ;
        :func:`resume_audit` en donne le tableau de synthèse.

    Exemples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"format": ["image", "video", "article"],
    ...                     "alt_texte": ["Un vélo cargo", "", ""],
    ...                     "sous_titres": ["", "", ""],
    ...                     "contraste_ratio": [7.1, 5.0, 2.9]})
    >>> a = audit_contenus(inv)
    >>> a[["alt_manquant", "sous_titres_manquants", "contraste_insuffisant"]].to_numpy().tolist()
    [[False, False, False], [False, True, False], [False, False, True]]
    """
    if not isinstance(inventaire, pd.DataFrame):
        raise ArgumentInvalideError("« inventaire » doit être un DataFrame (par exemple le jeu "
                                    "« inventaire_contenus »).")
    df = inventaire.copy()
    fmt_col = _find(df, "format", col_format)
    fmt = df[fmt_col].astype("string").str.lower() if fmt_col else None

    def applies(pattern: str) -> pd.Series:
        if fmt is None:
            return pd.Series(True, index=df.index)
        return fmt.str.contains(pattern, regex=True).fillna(False).astype(bool)

    na = pd.Series(pd.NA, index=df.index, dtype="boolean")
    alt = _find(df, "alt", col_alt)
    df["alt_manquant"] = _defect(df[alt], applies("image|photo|carrousel|infographie")) if alt else na.copy()
    st = _find(df, "sous_titres", col_sous_titres)
    df["sous_titres_manquants"] = _defect(df[st], applies("vid[eé]o")) if st else na.copy()
    ct = _find(df, "contraste", col_contraste)
    if ct and _is_bool(df[ct]):
        df["contraste_insuffisant"] = (~df[ct].astype("boolean")).astype("boolean")
    elif ct:
        ratio = pd.to_numeric(df[ct], errors="coerce")
        df["contraste_insuffisant"] = (ratio < seuils_contraste()["texte_normal"]).astype(
            "boolean").mask(ratio.isna())
    else:
        df["contraste_insuffisant"] = na.copy()
    lec = _find(df, "lecture", None)
    txt = _find(df, "texte", col_texte)
    if lec and pd.api.types.is_numeric_dtype(df[lec]):
        score = pd.to_numeric(df[lec], errors="coerce")
        df["lecture_difficile"] = (score < seuil_lecture).astype("boolean").mask(score.isna())
    elif lec:
        level = df[lec].astype("string").str.strip().str.lower()
        df["lecture_difficile"] = level.isin(NIVEAUX_DIFFICILES).astype("boolean").mask(level.isna())
    elif txt:
        score = df[txt].map(niveau_lecture).astype(float)
        df["niveau_lecture_score"] = score.round(1)
        df["lecture_difficile"] = (score < seuil_lecture).astype("boolean").mask(score.isna())
    else:
        df["lecture_difficile"] = na.copy()
    checks = ["alt_manquant", "sous_titres_manquants", "contraste_insuffisant", "lecture_difficile"]
    df["nb_problemes"] = df[checks].fillna(False).astype(int).sum(axis=1)
    return df


def resume_audit(audit: pd.DataFrame) -> pd.DataFrame:
    """Synthèse en français de :func:`audit_contenus` : une ligne par contrôle.

    Exemples
    --------
    >>> import pandas as pd
    >>> a = audit_contenus(pd.DataFrame({"format": ["video"], "sous_titres": [False]}))
    >>> int(resume_audit(a).loc[1, "contenus_en_defaut"])
    1
    """
    checks_cols = ["alt_manquant", "sous_titres_manquants", "contraste_insuffisant", "lecture_difficile"]
    if not isinstance(audit, pd.DataFrame) or not set(checks_cols) <= set(audit.columns):
        raise ArgumentInvalideError(
            "« audit » doit être le résultat de audit_contenus(...) (colonnes « alt_manquant », "
            f"« sous_titres_manquants »…), et non {type(audit).__name__}.")
    labels = {
        "alt_manquant": ("Texte alternatif manquant", "WCAG 1.1.1 / RGAA 1.1"),
        "sous_titres_manquants": ("Sous-titres manquants", "WCAG 1.2.2 / RGAA 4.3"),
        "contraste_insuffisant": ("Contraste insuffisant", "WCAG 1.4.3 / RGAA 3.2"),
        "lecture_difficile": ("Lecture difficile", "WCAG 3.1.5"),
    }
    rows = []
    for col, (label, ref) in labels.items():
        s = audit[col]
        checked = int(s.notna().sum())
        bad = int(s.fillna(False).astype(bool).sum())
        rows.append({
            "controle": label,
            "critere": ref,
            "contenus_controles": checked,
            "contenus_en_defaut": bad,
            "part_en_defaut_pct": (100 * bad / checked) if checked else float("nan"),
        })
    return pd.DataFrame(rows)
