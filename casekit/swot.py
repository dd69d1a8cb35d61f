"""Evidence-based SWOT and the TOWS matrix derived from it (Weihrich, 1982).

Every SWOT item should point to the dataset and the figure that support it
(``jeu_de_donnees``, ``indicateur``, ``valeur``): a SWOT is a summary of an
analysis, not a list of opinions. An item without evidence is accepted but
flagged « sans preuve » everywhere it is shown.

The TOWS matrix crosses external factors with internal ones to derive
strategies: SO (use strengths to seize opportunities, maxi-maxi), WO
(overcome weaknesses by exploiting opportunities, mini-maxi), ST (use
strengths to counter threats, maxi-mini) and WT (defensive, mini-mini).

Examples
--------
>>> s = construire([
...     {"categorie": "forces", "element": "Atelier d'autoréparation apprécié",
...      "jeu_de_donnees": "enquete_satisfaction", "indicateur": "NPS autoréparation", "valeur": 62},
...     {"categorie": "opportunites", "element": "Tutoriels courts en vogue chez les 18–24 ans",
...      "jeu_de_donnees": "benchmark_social", "indicateur": "engagement TikTok (%)", "valeur": 5.4},
...     {"categorie": "menaces", "element": "Campagne de Voltéo"},
... ])
>>> for code, preuve in s.tableau()[["code", "preuve"]].itertuples(index=False):
...     print(code, preuve)
S1 enquete_satisfaction · NPS autoréparation = 62
O1 benchmark_social · engagement TikTok (%) = 5,4
T1 ⚠ sans preuve
>>> t = s.tows({"SO": [("Tutoriels TikTok de l'atelier d'autoréparation", ["S1", "O1"])]})
>>> t.tableau().loc["Opportunités (O)", "Forces (S)"]
"• Tutoriels TikTok de l'atelier d'autoréparation [S1 + O1]"
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casekit.errors import ArgumentInvalideError, suggestion

__all__ = ["AGREGATS", "CATEGORIES", "QUADRANTS", "Element", "Strategie", "Swot", "Tows",
           "VerificationPreuves", "construire", "verifier_preuves"]

#: category key -> (letter, French label)
CATEGORIES = {
    "forces": ("S", "Forces"),
    "faiblesses": ("W", "Faiblesses"),
    "opportunites": ("O", "Opportunités"),
    "menaces": ("T", "Menaces"),
}
_ALIASES = {
    "s": "forces", "force": "forces", "forces": "forces", "strengths": "forces",
    "w": "faiblesses", "faiblesse": "faiblesses", "faiblesses": "faiblesses", "weaknesses": "faiblesses",
    "o": "opportunites", "opportunite": "opportunites", "opportunité": "opportunites",
    "opportunites": "opportunites", "opportunités": "opportunites", "opportunities": "opportunites",
    "t": "menaces", "m": "menaces", "menace": "menaces", "menaces": "menaces", "threats": "menaces",
}
#: quadrant -> (internal category, external category, French label)
QUADRANTS = {
    "SO": ("forces", "opportunites", "SO : s'appuyer sur les forces pour saisir les opportunités"),
    "WO": ("faiblesses", "opportunites", "WO : corriger les faiblesses grâce aux opportunités"),
    "ST": ("forces", "menaces", "ST : utiliser les forces pour parer les menaces"),
    "WT": ("faiblesses", "menaces", "WT : réduire les faiblesses et éviter les menaces"),
}
SANS_PREUVE = "⚠ sans preuve"


def _norm_category(value: Any) -> str:
    key = str(value).strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise ArgumentInvalideError(
        f"Catégorie SWOT inconnue : « {value} ».{suggestion(key, CATEGORIES)} "
        "Catégories : forces, faiblesses, opportunites, menaces (ou S, W, O, T)."
    )


def _blank(v: Any) -> bool:
    if v is None:
        return True
    try:
        import math

        if isinstance(v, float) and math.isnan(v):
            return True
    except TypeError:  # pragma: no cover
        pass
    return isinstance(v, str) and not v.strip()


#: Aggregates a structured piece of evidence may use -> French description.
AGREGATS = {
    "moyenne": "moyenne de la colonne",
    "mediane": "médiane de la colonne",
    "somme": "somme de la colonne",
    "min": "minimum de la colonne",
    "max": "maximum de la colonne",
    "nb": "nombre de valeurs renseignées de la colonne",
    "nb_lignes": "nombre de lignes (après filtre)",
    "part_pct": "part des lignes retenues par le filtre, en %",
    "taux_pct": "part de valeurs vraies (colonne oui/non), en %",
    "nps": "Net Promoter Score de la colonne (notes 0–10)",
    "csat": "CSAT de la colonne (notes 1–5, % de 4 et 5)",
}
_SANS_COLONNE = {"nb_lignes", "part_pct"}


@dataclass(frozen=True)
class Element:
    """Un élément de SWOT et sa preuve.

    Preuve structurée, que :func:`verifier_preuves` recalcule :
    ``jeu_de_donnees``, ``colonne``, ``filtre`` (optionnel), ``agregat`` et le
    chiffre annoncé ``valeur``. ``indicateur`` et ``commentaire`` sont du
    texte libre, affiché à côté, jamais vérifié.
    """

    code: str
    categorie: str
    texte: str
    jeu_de_donnees: str | None = None
    indicateur: str | None = None
    valeur: Any = None
    colonne: str | None = None
    filtre: Any = None
    agregat: str | None = None
    commentaire: str | None = None

    def __repr__(self) -> str:
        from casekit.plots import typographie

        return typographie(f"{self.code} ({CATEGORIES[self.categorie][1].lower()}) : {self.texte} — "
                           f"preuve : {self.preuve}")

    @property
    def verifiable(self) -> bool:
        """Vrai quand la preuve est une référence structurée que l'on peut recalculer."""
        return (not _blank(self.jeu_de_donnees) and self.agregat in AGREGATS
                and not _blank(self.valeur)
                and (self.agregat in _SANS_COLONNE or not _blank(self.colonne)))

    @property
    def a_preuve(self) -> bool:
        """Vrai quand l'élément cite un jeu de données et un chiffre ou un indicateur."""
        return not _blank(self.jeu_de_donnees) and not (
            _blank(self.indicateur) and _blank(self.valeur))

    @property
    def preuve(self) -> str:
        """La preuve en clair, ou « ⚠ sans preuve »."""
        if not self.a_preuve:
            return SANS_PREUVE
        from casekit.plots import nombre_fr

        out = str(self.jeu_de_donnees)
        if not _blank(self.agregat):
            ref = f"{self.agregat}({self.colonne})" if not _blank(self.colonne) else str(self.agregat)
            if self.filtre is not None:
                ref += f" où {_filtre_texte(self.filtre)}"
            out += f" · {ref}"
        elif not _blank(self.indicateur):
            out += f" · {self.indicateur}"
        if not _blank(self.valeur):
            v = self.valeur
            shown = nombre_fr(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
            out += f" = {shown}"
        return out


@dataclass(frozen=True)
class Strategie:
    """Une stratégie TOWS, qui cite les éléments de la SWOT qu'elle combine."""

    quadrant: str
    texte: str
    elements: tuple[str, ...] = ()

    def __repr__(self) -> str:
        from casekit.plots import typographie

        cites = " + ".join(self.elements) or "aucun élément cité"
        return typographie(f"Stratégie {self.quadrant} : {self.texte} [{cites}]")


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Swot:
    """Une SWOT faite d'éléments :class:`Element`, numérotés S1, W1, O1, T1…

    Affichée dans Jupyter, elle donne son tableau en français.
    """

    elements: list[Element] = field(default_factory=list)
    titre: str = "Analyse SWOT"

    def __getitem__(self, code: str) -> Element:
        for e in self.elements:
            if e.code == code:
                return e
        raise ArgumentInvalideError(
            f"Élément SWOT inconnu : « {code} ».{suggestion(code, [e.code for e in self.elements])}"
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.par_categorie(c))} {CATEGORIES[c][1].lower()}" for c in CATEGORIES)
        n = len(self.sans_preuve())
        tail = f" ; {n} sans preuve" if n else ""
        from casekit.plots import typographie

        return typographie(f"SWOT « {self.titre} » : {counts}{tail}. Voir .tableau(), .tows(), .figure().")

    def _repr_html_(self) -> str:
        import html

        t = self.tableau()[["code", "categorie", "element", "preuve"]]
        t.columns = ["Code", "Catégorie", "Élément", "Preuve"]
        return f"<h4>{html.escape(self.titre, quote=False)}</h4>" + t.to_html(index=False)

    def par_categorie(self, categorie: str) -> list[Element]:
        """Les éléments d'une catégorie (forces, faiblesses, opportunites, menaces ou S, W, O, T)."""
        cat = _norm_category(categorie)
        return [e for e in self.elements if e.categorie == cat]

    def sans_preuve(self) -> list[Element]:
        """Les éléments qui ne citent pas leur preuve."""
        return [e for e in self.elements if not e.a_preuve]

    def tableau(self):
        """Tableau en français : une ligne par élément, avec sa preuve.

        Renvoie
        -------
        DataFrame
            ``code``, ``categorie`` (libellé), ``element``, ``preuve``,
            ``jeu_de_donnees``, ``indicateur``, ``valeur``.
        """
        import pandas as pd

        rows = [{
            "code": e.code,
            "categorie": CATEGORIES[e.categorie][1],
            "element": e.texte,
            "preuve": e.preuve,
            "jeu_de_donnees": e.jeu_de_donnees,
            "indicateur": e.indicateur,
            "valeur": e.valeur,
        } for e in self.elements]
        return pd.DataFrame(rows, columns=["code", "categorie", "element", "preuve",
                                           "jeu_de_donnees", "indicateur", "valeur"])

    def tows(self, strategies: Mapping[str, Any] | Iterable[Any] | None = None) -> Tows:
        """Construit la matrice TOWS.

        Paramètres
        ----------
        strategies : dict ou liste, optionnel
            Vos stratégies : ``{"SO": [("texte", ["S1", "O2"]), ...], ...}`` ou une
            liste de dictionnaires avec ``quadrant``, ``strategie`` et
            ``elements`` (codes en liste ou "S1, O2"). Chaque stratégie cite au
            moins un élément interne et un élément externe de son quadrant. Sans
            stratégie, chaque quadrant liste les paires à examiner (« S1 × O1 »),
            comme une feuille de travail.
        """
        return Tows(self, _parse_strategies(self, strategies))

    def to_markdown(self) -> str:
        """Export Markdown en français : le tableau et le nombre d'éléments sans preuve."""
        parts = [f"## {self.titre}", ""]
        for cat, (_letter, label) in CATEGORIES.items():
            items = [e for e in self.elements if e.categorie == cat]
            parts.append(f"### {label}")
            parts.append("")
            if not items:
                parts += ["_Aucun élément._", ""]
                continue
            parts.append(_md_table(["Code", "Élément", "Preuve"],
                                   [(e.code, e.texte, e.preuve) for e in items]))
            parts.append("")
        n = len(self.sans_preuve())
        if n:
            parts.append(f"> {n} élément(s) sans preuve : à étayer par un jeu de données et un chiffre.")
            parts.append("")
        return "\n".join(parts)

    def texte_alternatif(self) -> str:
        """Texte alternatif en français de la figure SWOT."""
        from casekit.plots import liste_fr

        def count(c: str) -> str:
            n = len(self.par_categorie(c))
            label = CATEGORIES[c][1].lower()
            return f"{n} {label if n > 1 else label[:-1]}"

        counts = [count(c) for c in CATEGORIES]

        n = len(self.sans_preuve())
        tail = f" ; {n} élément(s) sans preuve" if n else " ; chaque élément cite sa preuve"
        from casekit.plots import typographie

        return typographie(f"Matrice SWOT « {self.titre} » en quatre cadrans : {liste_fr(counts)}{tail}.")

    def figure(self, *, tows: Tows | None = None):
        """Figure d'une page (A4 portrait) : la grille SWOT, et la grille TOWS si elle est donnée.

        Renvoie
        -------
        Graphique
            ``(fig, alt)`` ; enregistrez-la avec ``fig.savefig("swot.pdf")``.
        """
        return _figure(self, tows)


def _parse_strategies(swot: Swot, strategies: Any) -> dict[str, list[Strategie]]:
    out: dict[str, list[Strategie]] = {q: [] for q in QUADRANTS}
    if strategies is None:
        return out
    items: list[tuple[str, str, Any]] = []
    if isinstance(strategies, Mapping):
        for q, lst in strategies.items():
            for s in lst:
                if isinstance(s, str):
                    items.append((q, s, ()))
                else:
                    items.append((q, s[0], s[1] if len(s) > 1 else ()))
    else:
        try:
            import pandas as pd

            if isinstance(strategies, pd.DataFrame):
                strategies = strategies.to_dict("records")
        except ImportError:  # pragma: no cover
            pass
        for s in strategies:
            items.append((s.get("quadrant"), s.get("strategie") or s.get("texte"), s.get("elements", ())))
    codes = {e.code: e for e in swot.elements}
    for q, text, refs in items:
        qk = str(q).strip().upper()
        if qk not in QUADRANTS:
            raise ArgumentInvalideError(
                f"Cadran TOWS inconnu : « {q} ». Cadrans : SO, WO, ST, WT.")
        if isinstance(refs, str):
            refs = [r.strip() for r in refs.replace("+", ",").split(",") if r.strip()]
        refs = tuple(str(r).upper() for r in refs)
        for r in refs:
            if r not in codes:
                raise ArgumentInvalideError(
                    f"La stratégie « {text} » cite « {r} », absent de la SWOT."
                    f"{suggestion(r, codes)}")
        internal, external, _ = QUADRANTS[qk]
        cats = {codes[r].categorie for r in refs}
        if internal not in cats or external not in cats:
            raise ArgumentInvalideError(
                f"La stratégie {qk} « {text} » doit citer au moins un élément de "
                f"« {CATEGORIES[internal][1]} » et un de « {CATEGORIES[external][1]} » "
                f"(codes {CATEGORIES[internal][0]}… et {CATEGORIES[external][0]}…)."
            )
        wrong = [r for r in refs if codes[r].categorie not in (internal, external)]
        if wrong:
            raise ArgumentInvalideError(
                f"La stratégie {qk} « {text} » cite {', '.join(wrong)}, qui n'appartiennent pas "
                f"aux catégories de ce cadran."
            )
        out[qk].append(Strategie(qk, str(text), refs))
    return out


@dataclass
class Tows:
    """Matrice TOWS : stratégies par quadrant, tirées d'une :class:`Swot`."""

    swot: Swot
    strategies: dict[str, list[Strategie]]

    def __repr__(self) -> str:
        from casekit.plots import typographie

        counts = ", ".join(f"{len(v)} {q}" for q, v in self.strategies.items())
        return typographie(f"Matrice TOWS de « {self.swot.titre} » : stratégies {counts}. "
                           "Voir .tableau(), .figure().")

    def _repr_html_(self) -> str:
        return self.tableau().to_html()

    def pistes(self, quadrant: str) -> list[str]:
        """Paires d'éléments à examiner dans un quadrant (mode feuille de travail)."""
        internal, external, _ = QUADRANTS[quadrant]
        return [f"{i.code} × {e.code} : {i.texte} / {e.texte}"
                for i in self.swot.par_categorie(internal) for e in self.swot.par_categorie(external)]

    def _cell(self, quadrant: str) -> list[str]:
        strats = self.strategies[quadrant]
        if not strats:
            return [f"À formuler — {p}" for p in self.pistes(quadrant)] or ["(aucune paire possible)"]
        lines = []
        for s in strats:
            flag = "" if all(self.swot[r].a_preuve for r in s.elements) else f" ({SANS_PREUVE})"
            lines.append(f"• {s.texte} [{' + '.join(s.elements)}]{flag}")
        return lines

    def tableau(self):
        """Tableau 2 × 2 en français : lignes O/T, colonnes S/W (disposition de Weihrich)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "Forces (S)": ["\n".join(self._cell("SO")), "\n".join(self._cell("ST"))],
                "Faiblesses (W)": ["\n".join(self._cell("WO")), "\n".join(self._cell("WT"))],
            },
            index=["Opportunités (O)", "Menaces (T)"],
        )

    def to_markdown(self) -> str:
        """Export Markdown en français de la matrice TOWS."""
        parts = ["## Matrice TOWS", ""]
        for q, (_i, _e, label) in QUADRANTS.items():
            parts += [f"### {label}", ""]
            parts += [f"- {line.lstrip('• ')}" for line in self._cell(q)]
            parts.append("")
        return "\n".join(parts)

    def texte_alternatif(self) -> str:
        """Texte alternatif en français de la matrice TOWS."""
        counts = [f"{len(self.strategies[q])} {q}" for q in QUADRANTS]
        from casekit.plots import liste_fr, typographie

        return typographie(f"Matrice TOWS en quatre cadrans : stratégies {liste_fr(counts)}.")

    def figure(self):
        """Figure d'une page avec la SWOT et cette matrice TOWS : ``(fig, alt)``."""
        return _figure(self.swot, self)


def _check_filtre(f: Any, i: int) -> Any:
    if f is None or (isinstance(f, float) and f != f) or (isinstance(f, str) and not f.strip()):
        return None
    if isinstance(f, Mapping):
        return dict(f)
    if isinstance(f, str):
        return f
    raise ArgumentInvalideError(
        f"Ligne {i + 1} : « filtre » doit être un dictionnaire colonne → valeur(s) (par exemple "
        f"{{'activite': 'autoreparation'}}) ou une requête pandas, et non {type(f).__name__}.")


def _check_agregat(a: Any, i: int) -> str | None:
    if _blank(a):
        return None
    key = str(a).strip().lower()
    if key not in AGREGATS:
        raise ArgumentInvalideError(
            f"Ligne {i + 1} : agrégat inconnu « {a} ».{suggestion(key, AGREGATS)}")
    return key


def _filtre_texte(f: Any) -> str:
    if isinstance(f, Mapping):
        return " et ".join(f"{k} = {v}" for k, v in f.items())
    return str(f)


def construire(lignes: Any, *, titre: str = "Analyse SWOT") -> Swot:
    """Construit une :class:`Swot` à partir de lignes de preuves.

    Paramètres
    ----------
    lignes : DataFrame ou liste de dictionnaires
        Colonnes : ``categorie`` (forces, faiblesses, opportunites, menaces,
        ou S/W/O/T), ``element`` (texte), et la preuve structurée
        ``jeu_de_donnees``, ``colonne``, ``filtre`` (dictionnaire colonne →
        valeur(s), ou requête pandas), ``agregat`` (voir :data:`AGREGATS`) et
        le chiffre annoncé ``valeur`` ; ``indicateur`` et ``commentaire`` sont
        du texte libre.
    titre : str
        Titre des exports.

    Renvoie
    -------
    Swot
        Éléments numérotés S1…, W1…, O1…, T1… dans l'ordre des lignes.

    Exemples
    --------
    >>> s = construire([{"categorie": "forces", "element": "Atelier apprécié",
    ...                  "jeu_de_donnees": "enquete_satisfaction", "colonne": "nps_0_10",
    ...                  "agregat": "nps", "valeur": 41.2}])
    >>> s["S1"].preuve
    'enquete_satisfaction · nps(nps_0_10) = 41,2'
    """
    try:
        import pandas as pd

        if isinstance(lignes, pd.DataFrame):
            lignes = lignes.to_dict("records")
    except ImportError:  # pragma: no cover
        pass
    if isinstance(lignes, (str, bytes, Mapping)) or not isinstance(lignes, Iterable):
        raise ArgumentInvalideError(
            "« lignes » doit être un DataFrame ou une liste de dictionnaires (une ligne par "
            f"élément, avec « categorie » et « element »), et non {type(lignes).__name__}.")
    counters = dict.fromkeys(CATEGORIES, 0)
    elements = []
    for i, row in enumerate(lignes):
        if not isinstance(row, Mapping):
            raise ArgumentInvalideError(
                f"Ligne {i + 1} : chaque ligne doit être un dictionnaire avec « categorie » et « element »."
            )
        if "categorie" not in row or _blank(row.get("element", row.get("texte"))):
            raise ArgumentInvalideError(
                f"Ligne {i + 1} : « categorie » et « element » sont obligatoires."
            )
        cat = _norm_category(row["categorie"])
        counters[cat] += 1
        elements.append(Element(
            code=f"{CATEGORIES[cat][0]}{counters[cat]}",
            categorie=cat,
            texte=str(row.get("element", row.get("texte"))).strip(),
            jeu_de_donnees=None if _blank(row.get("jeu_de_donnees")) else str(row["jeu_de_donnees"]),
            indicateur=None if _blank(row.get("indicateur")) else str(row["indicateur"]),
            valeur=None if _blank(row.get("valeur")) else row.get("valeur"),
            colonne=None if _blank(row.get("colonne")) else str(row["colonne"]),
            filtre=_check_filtre(row.get("filtre"), i),
            agregat=_check_agregat(row.get("agregat"), i),
            commentaire=None if _blank(row.get("commentaire")) else str(row["commentaire"]),
        ))
    if not elements:
        raise ArgumentInvalideError("La SWOT est vide : ajoutez au moins un élément.")
    return Swot(elements, titre)


def _figure(swot: Swot, tows: Tows | None):

    from casekit.plots import style_local

    with style_local():
        return _draw_figure(swot, tows)


def _draw_figure(swot: Swot, tows: Tows | None):
    import matplotlib.pyplot as plt

    from casekit.plots import PALETTE, Graphique

    W, H = 8.27, 11.69  # A4 portrait, inches; the layout below is computed in inches
    fig = plt.figure(figsize=(W, H), layout="none")
    title = "\n".join(textwrap.wrap(swot.titre, 60)) or swot.titre
    fig.suptitle(title, fontsize=15, fontweight="bold", y=1 - 0.25 / H, va="top")
    top_in = H - 0.3 - 0.3 * (title.count("\n") + 1) - 0.1
    n_rows = 2 if tows is not None else 1
    grid_h = (top_in - 0.25) / n_rows
    heading_h, title_h = 0.45, 0.5
    cell_h = (grid_h - heading_h - 2 * title_h) / 2
    line_in = 8 * 1.25 / 72
    max_lines = max(3, int((cell_h - 0.1) / line_in))

    def draw_grid(top: float, cells: list[tuple[str, list[str], str]], heading: str) -> None:
        fig.text(0.5, (top - 0.12) / H, heading, ha="center", va="top", fontsize=13, fontweight="bold")
        w = 0.45
        for k, (label, lines, colour) in enumerate(cells):
            x = 0.04 + (k % 2) * (w + 0.02)
            y_top = top - heading_h - title_h - (k // 2) * (cell_h + title_h)
            ax = fig.add_axes((x, (y_top - cell_h) / H, w, cell_h / H))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for side in ax.spines.values():
                side.set_visible(True)
                side.set_color(colour)
                side.set_linewidth(2.5)
            ax.set_title("\n".join(textwrap.wrap(label, 44)), fontsize=10, loc="left",
                         color="#000000")
            wrapped: list[str] = []
            for line in lines:
                wrapped += textwrap.wrap(line, 48) or [""]
            if len(wrapped) > max_lines:
                hidden = len(wrapped) - (max_lines - 1)
                wrapped = [*wrapped[:max_lines - 1], f"… ({hidden} ligne(s) de plus dans le tableau)"]
            ax.text(0.02, 0.97, "\n".join(wrapped), va="top", ha="left", fontsize=8,
                    transform=ax.transAxes, wrap=False, linespacing=1.1)

    def items(cat: str) -> list[str]:
        return [f"{e.code}. {e.texte} — {e.preuve}" for e in swot.par_categorie(cat)] or ["(vide)"]

    draw_grid(top_in, [(CATEGORIES[c][1], items(c), PALETTE[i]) for i, c in enumerate(CATEGORIES)],
              "SWOT")
    alt = swot.texte_alternatif()
    if tows is not None:
        cells = [(QUADRANTS[q][2], tows._cell(q), PALETTE[i]) for i, q in enumerate(("SO", "WO", "ST", "WT"))]
        draw_grid(top_in - grid_h, cells, "TOWS")
        alt = alt[:-1] + ". " + tows.texte_alternatif()
    data = swot.tableau()[["code", "categorie", "element", "preuve"]].set_index("code")
    data.index.name = "Code"
    data.columns = ["Catégorie", "Élément", "Preuve"]
    return Graphique(fig, alt, donnees=data, titre=swot.titre)


# ---------------------------------------------------------------------------
# verification of the evidence
# ---------------------------------------------------------------------------


class VerificationPreuves:
    """Résultat de :func:`verifier_preuves` : une ligne par élément, avec son statut.

    Statuts : « exact » (le chiffre annoncé est retrouvé), « faux » (le
    calcul donne un autre chiffre), « non vérifiable » (référence incomplète
    ou introuvable) et « sans preuve ».
    """

    def __init__(self, tableau: Any) -> None:
        self.tableau = tableau

    @property
    def ok(self) -> bool:
        """Vrai quand chaque élément a une preuve recalculée et exacte."""
        return bool((self.tableau["statut"] == "exact").all())

    def problemes(self):
        """Les lignes dont le statut n'est pas « exact »."""
        return self.tableau[self.tableau["statut"] != "exact"]

    def __repr__(self) -> str:
        counts = self.tableau["statut"].value_counts()
        parts = [f"{n} {statut}" for statut, n in counts.items()]
        lines = [f"Vérification des preuves de {len(self.tableau)} élément(s) : " + ", ".join(parts) + "."]
        for r in self.problemes().itertuples(index=False):
            lines.append(f"- {r.code} ({r.statut}) : {r.message}")
        from casekit.plots import typographie

        return typographie("\n".join(lines))

    def _repr_html_(self) -> str:
        cols = ["code", "statut", "valeur_annoncee", "valeur_recalculee", "message"]
        t = self.tableau[cols].rename(columns={
            "code": "Code", "statut": "Statut", "valeur_annoncee": "Chiffre annoncé",
            "valeur_recalculee": "Chiffre recalculé", "message": "Explication"})
        return t.to_html(index=False, na_rep="—")


def _decimals(v: Any) -> int:
    text = repr(float(v)).rstrip("0")
    return 0 if text.endswith(".") or "." not in text else len(text.split(".")[1])


def _frame_of(donnees: Any, name: str):
    import pandas as pd

    from casekit._bunch import Bunch

    base, _, table = name.partition(".")
    if base not in donnees:
        raise LookupError(f"jeu « {base} » non fourni dans « donnees »"
                          f"{suggestion(base, map(str, donnees))}")
    obj = donnees[base]
    if isinstance(obj, Bunch):
        if table:
            tables = obj.get("tables") or {}
            if table not in tables:
                raise LookupError(f"table « {table} » absente de « {base} »{suggestion(table, tables)}")
            return tables[table]
        return obj["frame"]
    if isinstance(obj, pd.DataFrame) and not table:
        return obj
    raise LookupError(f"« {name} » : donnez un DataFrame ou le Bunch de casekit.load")


def _recompute(e: Element, donnees: Any) -> float:
    import numpy as np
    import pandas as pd

    from casekit import metrics

    df = _frame_of(donnees, str(e.jeu_de_donnees))
    total = len(df)
    sub = df
    if isinstance(e.filtre, Mapping):
        for col, val in e.filtre.items():
            if col not in df.columns:
                raise LookupError(f"colonne de filtre « {col} » absente{suggestion(str(col), map(str, df.columns))}")
            vals = list(val) if isinstance(val, (list, tuple, set)) else [val]
            sub = sub[sub[col].astype(str).isin([str(v) for v in vals])]
    elif isinstance(e.filtre, str):
        try:
            sub = sub.query(e.filtre)
        except Exception as exc:  # a student's query: any pandas error is reported in French
            raise LookupError(f"filtre « {e.filtre} » illisible par pandas ({type(exc).__name__})") from None
    if e.agregat == "nb_lignes":
        return float(len(sub))
    if e.agregat == "part_pct":
        return 100.0 * len(sub) / total if total else float("nan")
    if e.colonne not in df.columns:
        raise LookupError(f"colonne « {e.colonne} » absente{suggestion(str(e.colonne), map(str, df.columns))}")
    col = sub[e.colonne]
    if len(col) == 0:
        raise LookupError("aucune ligne ne correspond au filtre")
    if e.agregat == "nps":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(metrics.nps(col).score)
    if e.agregat == "csat":
        return float(metrics.csat(col))
    if e.agregat == "nb":
        return float(col.notna().sum())
    if e.agregat == "taux_pct":
        b = col.dropna()
        if not (pd.api.types.is_bool_dtype(b.dtype) or set(b.unique()) <= {0, 1}):
            raise LookupError(f"« taux_pct » demande une colonne oui/non ; « {e.colonne} » n'en est pas une")
        return 100.0 * float(b.astype(float).mean())
    num = pd.to_numeric(col, errors="coerce")
    if num.notna().sum() == 0:
        raise LookupError(f"la colonne « {e.colonne} » n'est pas numérique")
    funcs = {"moyenne": np.mean, "mediane": np.median, "somme": np.sum, "min": np.min, "max": np.max}
    return float(funcs[e.agregat](num.dropna().to_numpy()))


def verifier_preuves(swot: Swot, donnees: Mapping[str, Any]) -> VerificationPreuves:
    """Recalcule le chiffre annoncé par chaque élément de la SWOT à partir de vos données.

    Chaque preuve structurée (jeu de données, colonne, filtre, agrégat,
    chiffre annoncé) est recalculée sur les tableaux que vous passez : la
    fonction ne charge rien elle-même. Un chiffre annoncé est « exact »
    s'il correspond au calcul à l'arrondi près de son écriture (0,5 unité
    de son dernier chiffre, ou 0,1 % du résultat).

    Paramètres
    ----------
    swot : Swot
        Le résultat de :func:`construire`.
    donnees : dict
        Nom du jeu → DataFrame ou Bunch (``casekit.load(...)``) ; une table
        annexe se nomme ``"jeu.table"``.

    Exemples
    --------
    >>> import pandas as pd
    >>> avis = pd.DataFrame({"activite": ["atelier", "atelier", "vente"], "note": [10, 9, 3]})
    >>> s = construire([
    ...     {"categorie": "forces", "element": "Atelier plébiscité", "jeu_de_donnees": "avis",
    ...      "colonne": "note", "filtre": {"activite": "atelier"}, "agregat": "moyenne", "valeur": 9.5},
    ...     {"categorie": "menaces", "element": "n'importe quoi", "jeu_de_donnees": "avis",
    ...      "indicateur": "inventé", "valeur": 999}])
    >>> v = verifier_preuves(s, {"avis": avis})
    >>> v.tableau[["code", "statut"]].to_dict("records")
    [{'code': 'S1', 'statut': 'exact'}, {'code': 'T1', 'statut': 'non vérifiable'}]
    """
    import pandas as pd

    if not isinstance(swot, Swot):
        raise ArgumentInvalideError("« swot » doit être une SWOT construite avec construire(...).")
    if not isinstance(donnees, Mapping):
        raise ArgumentInvalideError(
            "« donnees » doit être un dictionnaire nom du jeu → DataFrame (ou Bunch), par exemple "
            "{\"enquete_satisfaction\": enquete}.")
    rows = []
    for e in swot.elements:
        row = {"code": e.code, "element": e.texte, "preuve": e.preuve, "valeur_annoncee": e.valeur,
               "valeur_recalculee": float("nan")}
        if _blank(e.jeu_de_donnees):
            row.update(statut="sans preuve", message="aucun jeu de données cité.")
        elif not e.verifiable:
            manque = [n for n, v in (("agregat", e.agregat), ("valeur", e.valeur)) if _blank(v)]
            if e.agregat not in _SANS_COLONNE and _blank(e.colonne):
                manque.insert(0, "colonne")
            row.update(statut="non vérifiable",
                       message="référence incomplète : il manque " + ", ".join(f"« {m} »" for m in manque)
                               + ". Un texte libre (« indicateur ») ne se recalcule pas.")
        else:
            try:
                claimed = float(e.valeur)
            except (TypeError, ValueError):
                row.update(statut="non vérifiable", message=f"le chiffre annoncé {e.valeur!r} n'est pas un nombre.")
                rows.append(row)
                continue
            try:
                actual = _recompute(e, donnees)
            except LookupError as exc:
                text = str(exc.args[0])  # a suggestion already ends with « ? »
                row.update(statut="non vérifiable", message=text if text.endswith("?") else text + ".")
                rows.append(row)
                continue
            except ArgumentInvalideError as exc:
                row.update(statut="non vérifiable", message=str(exc))
                rows.append(row)
                continue
            from casekit.plots import nombre_fr

            tol = max(0.5 * 10 ** -_decimals(claimed), 0.001 * abs(actual)) + 1e-9
            row["valeur_recalculee"] = actual
            if abs(actual - claimed) <= tol:
                row.update(statut="exact", message="chiffre retrouvé.")
            else:
                row.update(statut="faux", message=f"le calcul donne {nombre_fr(actual, 2)}, et non "
                                                  f"{nombre_fr(claimed)}.")
        rows.append(row)
    return VerificationPreuves(pd.DataFrame(rows, columns=[
        "code", "element", "preuve", "statut", "valeur_annoncee", "valeur_recalculee", "message"]))
