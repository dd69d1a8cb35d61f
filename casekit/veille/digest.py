"""The « Ce qui change » digest of a period: Markdown or HTML, every signal explained.

:func:`synthese` deduplicates, compares the period with the one before, and
lists: volume by category, new sources, emerging terms (with their counts,
lift and z-score), their bursts, legal items, the most novel articles and, if
rules are given, the prioritised articles. It ends with questions the student
must answer: the tool flags, the student judges the impact on the content
strategy.

Feed text is untrusted: in HTML every string is escaped and only ``http`` and
``https`` links become links.
"""

from __future__ import annotations

import base64
import html
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casekit.errors import ArgumentInvalideError
from casekit.veille.curate import _check_frame, appliquer_regles, marquer_doublons, texte_article
from casekit.veille.ingest import _safe_link
from casekit.veille.texte import espaces, normaliser, sans_controle
from casekit.veille.trends import _fr, nouveaute, periode, pics, termes_emergents

if TYPE_CHECKING:
    import pandas as pd

#: Folded words (an optional plural « s » is allowed) that flag a legal or regulatory signal,
#: on top of the rule classifier (:data:`casekit.veille.classement.REGLES_CATEGORIES`).
#: A theme is not a legal signal by itself: « accessibilité », « cookies » or
#: « obligation » are not in the list; « déclaration d'accessibilité », « loi »
#: or « directive » are (an article about subtitles is technique, not juridique).
MOTS_JURIDIQUES = [
    "rgpd", "cnil", "donnees personnelles", "loi", "directive", "reglement", "sanction",
    "influence commerciale", "droit d'auteur", "droit a l'image", "allegation", "dsa", "ai act",
    "journal officiel", "decret", "arrete", "declaration d'accessibilite", "mise en demeure",
]

_LEGAL = r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in MOTS_JURIDIQUES) + r")s?(?![\w-])"

QUESTIONS = [
    "Parmi ces signaux, lesquels concernent vraiment l'organisation et ses publics\u202f? Pourquoi\u202f?",
    "Quel ajustement de la stratégie de contenu (visuel, textuel, animation) chacun appelle-t-il\u202f?",
    "Quels enjeux d'éthique, d'accessibilité et d'éco-responsabilité soulèvent-ils\u202f?",
    "Quelles sources sont fiables\u202f? Que faut-il vérifier avant d'agir\u202f?",
]


# Light and dark palettes; every text colour is at least 7:1 on its background, links 4.5:1 or more.
_CSS = """
:root { color-scheme: light dark; --fond: #ffffff; --texte: #1b1b1b; --discret: #474747; --lien: #0b4f8a;
  --bord: #8a8a8a; --carte: #f3f5f7; --focus: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --fond: #121417; --texte: #eceff1; --discret: #c5cad0; --lien: #9ccbff; --bord: #8d959e;
    --carte: #1d2126; --focus: #ffb4ab; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--fond); color: var(--texte); font: 1.05rem/1.6 system-ui, -apple-system,
  "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 2px solid var(--bord); }
.surtitre { margin: 0; color: var(--discret); text-transform: uppercase; letter-spacing: .06em; font-size: .85rem; }
h1 { margin: .2rem 0 .4rem; font-size: 1.9rem; line-height: 1.25; }
h2 { margin: 2rem 0 .6rem; font-size: 1.35rem; border-left: 4px solid var(--lien); padding-left: .6rem; }
ul { padding-left: 1.2rem; }
li { margin: .35rem 0; }
.detail, .vide, footer { color: var(--discret); }
a { color: var(--lien); text-underline-offset: .15em; }
a:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
figure { margin: 1rem 0; padding: .75rem; background: #ffffff; border: 1px solid var(--bord); border-radius: 6px; }
figure img { display: block; max-width: 100%; height: auto; }
figcaption { color: #474747; font-size: .9rem; margin-top: .4rem; }
footer { border-top: 1px solid var(--bord); font-size: .9rem; }
.evitement { position: absolute; left: -999px; top: .5rem; background: var(--fond); color: var(--lien);
  padding: .4rem .8rem; }
.evitement:focus { left: .5rem; }
"""


def _esc(text: object) -> str:
    return html.escape(sans_controle(str(text)), quote=True)


def _erreur_fichier(exc: OSError) -> str:
    """French reason of a file-system error."""
    import errno

    return {
        errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
        errno.ENOENT: "dossier introuvable", errno.EISDIR: "c'est un dossier", errno.ENOTDIR:
        "un élément du chemin n'est pas un dossier", errno.ENOSPC: "disque plein", errno.EROFS:
        "système de fichiers en lecture seule", errno.ENAMETOOLONG: "nom trop long",
    }.get(exc.errno, "erreur du système de fichiers")


@dataclass
class Element:
    """One line of a section: text, optional link, optional detail."""

    texte: str
    lien: str | None = None
    detail: str = ""


@dataclass
class Section:
    titre: str
    elements: list[Element] = field(default_factory=list)
    vide: str = "Rien à signaler."


@dataclass
class Synthese:
    """A digest; ``str()`` gives Markdown, :meth:`html` a standalone HTML fragment."""

    titre: str
    sections: list[Section]
    termes: pd.DataFrame
    articles: pd.DataFrame
    figure_png: bytes | None = None
    figure_alt: str = ""

    def markdown(self, image: str | None = None) -> str:
        """Markdown text; ``image`` is the file name of the chart written beside it (see :meth:`ecrire`)."""
        out = [f"# {self.titre}", ""]
        for sec in self.sections:
            if sec.titre == "Termes émergents" and image and self.figure_png:
                out += [f"## {sec.titre}", "", f"![{_md_escape(self.figure_alt)}]({image})", ""]
                out += _md_items(sec)
                continue
            out += [f"## {sec.titre}", ""]
            out += _md_items(sec)
        return "\n".join(out)

    def html(self, *, niveau: int = 2) -> str:
        """HTML fragment: a ``<section>`` whose title is a heading of level ``niveau``, sections one level below."""
        if niveau not in (1, 2, 3, 4, 5):
            raise ArgumentInvalideError("«\u00a0niveau\u00a0» doit être un entier de 1 à 5.")
        return (f'<section class="casekit-synthese" lang="fr" aria-labelledby="synthese-titre">'
                f'<h{niveau} id="synthese-titre">{_esc(self.titre)}</h{niveau}>\n'
                f"{self._sections_html(niveau + 1)}\n</section>")

    def _sections_html(self, level: int) -> str:
        out = []
        for k, sec in enumerate(self.sections, start=1):
            out.append(f'<section aria-labelledby="s{k}"><h{level} id="s{k}">{_esc(sec.titre)}</h{level}>')
            if sec.titre == "Termes émergents" and self.figure_png:
                data = base64.b64encode(self.figure_png).decode("ascii")
                out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{_esc(self.figure_alt)}">'
                           "<figcaption>Part des articles qui citent chaque terme, dans la période et avant "
                           "(description complète dans le texte alternatif de l'image).</figcaption></figure>")
            if not sec.elements:
                out.append(f'<p class="vide">{_esc(sec.vide)}</p></section>')
                continue
            out.append("<ul>")
            for el in sec.elements:
                link = _safe(el.lien)
                body = (f'<a href="{_esc(link)}" rel="noopener noreferrer">{_esc(el.texte)}</a>'
                        if link else _esc(el.texte))
                if el.detail:
                    body += f' <span class="detail">— {_esc(el.detail)}</span>'
                out.append(f"<li>{body}</li>")
            out.append("</ul></section>")
        return "\n".join(out)

    def page(self) -> str:
        """A self-contained, styled and accessible HTML page (landmarks, headings in order, light and dark palettes)."""
        return (
            '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(self.titre)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
            f'<header><p class="surtitre">Synthèse de veille</p><h1 id="synthese-titre">{_esc(self.titre)}</h1>'
            "</header>\n"
            f'<main id="contenu" tabindex="-1">\n{self._sections_html(2)}\n</main>\n'
            "<footer><p>Produit avec casekit (module veille). Les signaux sont calculés\u00a0: à vous de juger "
            "de leur portée.</p></footer>\n</body>\n</html>\n"
        )

    def ecrire(self, chemin: str | os.PathLike[str], *, remplacer: bool = False) -> list[Path]:
        """Write the digest as HTML (``.html``/``.htm``) or Markdown (any other suffix).

        Markdown gets its chart beside it (``<nom>_termes.png``); HTML embeds
        it. Existing files are never replaced unless ``remplacer=True``.
        Returns the written paths.
        """
        path = Path(chemin)
        html_out = path.suffix.lower() in {".html", ".htm"}
        png = path.with_name(f"{path.stem}_termes.png")
        targets = [path] + ([png] if self.figure_png and not html_out else [])
        if not remplacer:
            existing = [str(t) for t in targets if t.exists()]
            if existing:
                raise ArgumentInvalideError(
                    f"Fichier déjà présent\u00a0: {', '.join(existing)}. Choisissez un autre nom ou "
                    "autorisez le remplacement (--force)."
                )
        if path.is_dir():
            raise ArgumentInvalideError(f"«\u00a0{path}\u00a0» est un dossier\u00a0: donnez un nom de fichier (.md ou .html).")
        try:
            return self._ecrire(path, png, html_out)
        except OSError as exc:
            raise ArgumentInvalideError(
                f"Impossible d'écrire «\u00a0{path}\u00a0»\u00a0: {_erreur_fichier(exc)}."
            ) from None

    def _ecrire(self, path: Path, png: Path, html_out: bool) -> list[Path]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if html_out:
            path.write_text(self.page(), encoding="utf-8")
            return [path]
        if self.figure_png:
            png.write_bytes(self.figure_png)
        path.write_text(self.markdown(image=png.name if self.figure_png else None) + "\n", encoding="utf-8")
        return [path] + ([png] if self.figure_png else [])

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        return self.markdown()


#: Hosts of official legal sources (a link there marks an official text).
DOMAINES_OFFICIELS = ("legifrance.gouv.fr", "eur-lex.europa.eu", "gouv.fr", "arcep.fr", "arcom.fr", "cnil.fr",
                      "ademe.fr", "europa.eu")


def textes_officiels(articles: pd.DataFrame):
    """Boolean mask of official texts: ``reel`` when present, else a link to an official host.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"lien": ["https://www.legifrance.gouv.fr/jorf/id/X", "https://a.example.org/1", None]})
    >>> textes_officiels(df).tolist()
    [True, False, False]
    """
    import numpy as np

    mask = np.zeros(len(articles), dtype=bool)
    if "reel" in articles.columns:
        mask |= articles["reel"].fillna(False).to_numpy(dtype=bool)
    if "lien" in articles.columns:
        hosts = [(urllib.parse.urlsplit(u).hostname or "") if isinstance(u, str) else "" for u in articles["lien"]]
        mask |= np.array([any(h == d or h.endswith("." + d) for d in DOMAINES_OFFICIELS) for h in hosts],
                         dtype=bool)
    return mask


def _md_items(sec: Section) -> list[str]:
    if not sec.elements:
        return [f"_{sec.vide}_", ""]
    out = []
    for el in sec.elements:
        text = _md_escape(el.texte)
        link = _safe(el.lien)
        line = f"- [{text}]({link})" if link else f"- {text}"
        if el.detail:
            line += f" — {_md_escape(el.detail)}"
        out.append(line)
    return [*out, ""]


#: Okabe–Ito blue and vermillion: readable with every common colour-vision deficiency.
COULEURS = ("#0072B2", "#D55E00")


def graphique_termes(termes: pd.DataFrame) -> tuple[bytes, str]:
    """Small horizontal bar chart (PNG bytes) of emerging terms and its French alt text.

    Bars compare the share of articles containing each term in the period
    (blue) and before it (vermillion, hatched), so colour is never the only cue.
    """
    import io

    import matplotlib

    if matplotlib.get_backend().lower() not in {"agg", "module://matplotlib_inline.backend_inline"}:
        matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    rows = termes.head(8).iloc[::-1]
    fig = Figure(figsize=(6, 0.45 * len(rows) + 1.2), dpi=100, layout="constrained")
    ax = fig.subplots()
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], 100 * rows["part_periode"], height=0.4, color=COULEURS[0], label="période")
    ax.barh([i - 0.2 for i in y], 100 * rows["part_reference"], height=0.4, color=COULEURS[1], hatch="//",
            label="avant")
    ax.set_yticks(list(y), [str(t) for t in rows["libelle"]])
    ax.set_xlabel("part des articles (%)")
    ax.set_title("Termes émergents\u00a0: part des articles qui les citent")
    ax.legend(loc="lower right", frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    parts = [f"«\u00a0{t}\u00a0» {100 * p:.0f}% contre {100 * r:.0f}% avant".replace("%", "\u202f%")
             for t, p, r in zip(termes.head(8)["libelle"], termes.head(8)["part_periode"],
                                termes.head(8)["part_reference"], strict=True)]
    alt = "Diagramme en barres des termes émergents, part des articles dans la période et avant\u00a0: " + \
        "\u202f; ".join(parts) + "."
    return buf.getvalue(), alt


def _safe(link: object) -> str | None:
    """An http(s) link made safe to embed (Markdown and HTML), else ``None``."""
    link = _safe_link(link)
    if link is None or not urllib.parse.urlsplit(link).netloc:
        return None
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", espaces(sans_controle(str(text))))


def _date_fr(ts) -> str:
    return "date inconnue" if ts is None or ts != ts else f"{ts.tz_convert('Europe/Paris'):%d/%m/%Y}"


def synthese(
    articles: pd.DataFrame,
    debut,
    fin=None,
    *,
    reference_jours: int | None = 365,
    regles: str | None = None,
    n_termes: int = 8,
    n_articles: int = 5,
    graphique: bool = True,
    mots_cles: list[str] | None = None,
    semantique: bool = False,
) -> Synthese:
    """Build the « Ce qui change » digest of ``[debut, fin]``.

    Examples
    --------
    >>> import casekit
    >>> f = casekit.load("flux_veille").frame
    >>> s = synthese(f, "2025-06-10", "2025-07-31", regles="score:+5 texte=sous-titr")
    >>> print(str(s).splitlines()[0])
    # Ce qui change du 10/06/2025 au 31/07/2025
    >>> "sous-titres" in set(s.termes["terme"])
    True

    ``mots_cles`` (for example the case's ``[veille] mots_cles``) adds an
    « Alertes » section and raises the priority of matching articles.
    ``semantique=True`` (the ``casekit[semantique]`` extra) also groups
    reworded republications and the wordings of one topic (see
    :func:`casekit.veille.termes_emergents`).
    """
    import pandas as pd

    _check_frame(articles, {"titre", "date_publication"}, "synthese")
    if n_termes < 1 or n_articles < 1:
        raise ArgumentInvalideError("«\u00a0n_termes\u00a0» et «\u00a0n_articles\u00a0» doivent être des entiers positifs.")
    d0, d1 = periode(debut, fin, articles["date_publication"])
    by = (*tuple(c for c in ("guid", "lien") if c in articles.columns), "similarite")
    marked = marquer_doublons(articles, par=by, semantique=semantique)
    is_copy = marked["doublon_de"].notna()
    clean = marked.loc[~is_copy].drop(columns=["doublon_de", "raison_doublon"])
    reprises: dict = {}
    for i, orig in marked.loc[is_copy, "doublon_de"].items():
        src = articles.at[i, "source"] if "source" in articles.columns else None
        reprises.setdefault(orig, []).append(str(src) if isinstance(src, str) and src else "source inconnue")
    clean["nb_reprises"] = [len(reprises.get(i, ())) for i in clean.index]
    clean["reprises"] = [", ".join(dict.fromkeys(reprises.get(i, ()))) for i in clean.index]
    removed = int(is_copy.sum())
    dates = pd.to_datetime(clean["date_publication"], utc=True)
    period = clean.loc[(dates >= d0) & (dates <= d1)]
    before = clean.loc[dates < d0]
    title = f"Ce qui change du {d0:%d/%m/%Y} au {d1:%d/%m/%Y}"
    sections: list[Section] = []

    vol = Section("Volume")
    vol.elements.append(Element(
        f"{_nombre(len(period))} article(s) dans la période\u202f; {_nombre(removed)} reprise(s) (même article "
        "ou réécriture) regroupée(s) avec leur original sur l'ensemble du corpus."
    ))
    if "categorie" in period.columns and len(period):
        counts = period["categorie"].astype("string").fillna("sans catégorie").value_counts()
        for cat, k in counts.items():
            vol.elements.append(Element(f"{cat}\u00a0: {_nombre(k)} article(s)"))
    sections.append(vol)

    if "source" in clean.columns:
        new = sorted(set(period["source"].dropna()) - set(before["source"].dropna()))
        sections.append(Section("Nouvelles sources", [Element(str(s)) for s in new],
                                "Aucune source nouvelle dans la période."))

    try:
        terms = termes_emergents(clean, d0, d1, reference_jours=reference_jours, n=n_termes, semantique=semantique)
    except ArgumentInvalideError:
        terms = pd.DataFrame(columns=["terme", "libelle", "explication"])
    sections.append(Section(
        "Termes émergents",
        [Element(str(t), detail=str(e)) for t, e in zip(terms["libelle"], terms["explication"], strict=True)],
        "Pas assez d'articles avant la période pour comparer.",
    ))
    if len(terms):
        bursts = pics(clean, list(terms["terme"]))
        bursts = bursts[(bursts["fin"] >= d0.tz_localize(None)) & (bursts["debut"] <= d1.tz_localize(None))]
        sections.append(Section("Pics (détecteur de Kleinberg, par semaine)",
                                [Element(str(e)) for e in bursts["explication"]],
                                "Aucun pic détecté pour ces termes."))

    if "categorie" in period.columns and len(period):
        from casekit.veille.classement import prioriser

        ranked = prioriser(period, date_reference=d1, mots_cles=mots_cles)
        for cat in sorted(set(ranked["categorie"].dropna().astype(str))):
            top_cat = ranked.loc[ranked["categorie"].astype("string") == cat].head(3)
            sections.append(Section(
                f"À la une\u00a0: {cat}",
                [_item(r, f"priorité {_fr(r['priorite'], 1)}") for _, r in top_cat.iterrows()],
            ))

    text = texte_article(period).map(normaliser)
    if mots_cles:
        pattern = r"(?<![\w-])(?:" + "|".join(re.escape(normaliser(w)) for w in mots_cles) + r")s?(?![\w-])"
        alert = period.loc[text.str.contains(pattern, regex=True).to_numpy(dtype=bool)]
        alert = alert.sort_values("date_publication", ascending=False)
        sections.append(Section(
            f"Alertes\u00a0: {', '.join(mots_cles)}",
            [_item(r) for _, r in alert.head(2 * n_articles).iterrows()],
            "Aucun article ne cite ces mots-clés dans la période.",
        ))
    from casekit.veille.classement import categoriser_regles

    rules_cat = categoriser_regles(period) if len(period) else None
    legal_words = text.str.findall(_LEGAL)
    legal_mask = legal_words.str.len().fillna(0).gt(0)
    if rules_cat is not None:
        legal_mask |= rules_cat["categorie_regle"].astype("string").fillna("").eq("juridique").to_numpy()
    if "categorie" in period.columns:
        legal_mask |= period["categorie"].astype("string").fillna("").eq("juridique")
    legal = period.loc[legal_mask.to_numpy(dtype=bool)].sort_values("date_publication", ascending=False)
    why = {}
    for i in legal.index:
        words = set(legal_words.get(i) or [])
        if rules_cat is not None and str(rules_cat.at[i, "categorie_regle"]) == "juridique":
            words |= {w.strip() for w in re.split(r"[;,]", str(rules_cat.at[i, "mots_regle"]))
                      if w.strip() and w.strip() != "<NA>"}
        feed = "categorie" in legal.columns and str(legal.at[i, "categorie"]) == "juridique"
        why[i] = "classé juridique\u00a0: " + ", ".join([*(["flux juridique"] if feed else []),
                                                         *(f"«\u00a0{w}\u00a0»" for w in sorted(words))])
    official = textes_officiels(legal)
    real = legal.loc[official]
    act = [_item(r, "texte officiel\u00a0: vérifier la source et ce qu'il impose à l'organisation",
                 lien=r.get("source_officielle") if isinstance(r.get("source_officielle"), str) else None)
           for _, r in real.iterrows()]
    legal = legal.loc[~official]
    sections.append(Section(
        "Textes officiels à appliquer", act,
        "Aucun texte officiel publié dans la période\u00a0: vérifiez les échéances en cours.",
    ))
    sections.append(Section(
        "Veille juridique",
        [_item(r, why.get(i, "")) for i, r in legal.head(2 * n_articles).iterrows()],
        "Aucun article juridique ou réglementaire dans la période.",
    ))

    if len(period):
        nov = nouveaute(clean).loc[period.index]
        top = period.assign(nouveaute=nov).sort_values(["nouveaute", "date_publication"], ascending=[False, True])
        sections.append(Section(
            "Articles les plus nouveaux",
            [_item(r, f"nouveauté {_fr(r['nouveaute'], 2)}") for _, r in top.head(n_articles).iterrows()],
        ))
    if regles is not None:
        ranked = appliquer_regles(period, regles)
        ranked = ranked.loc[~ranked["bloque"] & (ranked["score"] > 0)].sort_values(
            ["score", "date_publication"], ascending=False, kind="stable")
        sections.append(Section(
            "Articles prioritaires (vos règles)",
            [_item(r, f"score {_fr(r['score'], 0)}\u202f; {r['regles']}") for _, r in ranked.head(2 * n_articles).iterrows()],
            "Aucun article ne correspond à vos règles.",
        ))
    sections.append(Section("À vous de juger", [Element(q) for q in QUESTIONS]))
    png, alt = graphique_termes(terms) if graphique and len(terms) else (None, "")
    return Synthese(title, sections, terms.reset_index(drop=True), period, png, alt)


def _nombre(n: int) -> str:
    """French integer: thin no-break space between thousands (``12\u202f345``)."""
    return f"{int(n):,}".replace(",", "\u202f")


def _item(row, extra: str = "", lien: object = None) -> Element:
    source = row.get("source", "")
    detail = f"{_date_fr(row['date_publication'])}, {source}" if isinstance(source, str) and source else \
        _date_fr(row["date_publication"])
    if extra:
        detail += f"\u202f; {extra}"
    copies = row.get("reprises", "")
    if isinstance(copies, str) and copies:
        detail += f"\u202f; reprises\u00a0: {copies}"
    return Element(str(row["titre"]), lien if isinstance(lien, str) else row.get("lien"), detail)
