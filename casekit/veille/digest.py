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
from casekit.veille.curate import _check_frame, appliquer_regles, dedoublonner, texte_article
from casekit.veille.ingest import _safe_link
from casekit.veille.texte import espaces, normaliser, sans_controle
from casekit.veille.trends import _fr, nouveaute, periode, pics, termes_emergents

if TYPE_CHECKING:
    import pandas as pd

#: Folded words (an optional plural « s » is allowed) that flag a legal or regulatory signal.
MOTS_JURIDIQUES = [
    "rgpd", "cnil", "cookie", "consentement", "donnees personnelles", "rgaa", "accessibilite",
    "obligation", "loi", "directive", "reglement", "sanction", "influence commerciale",
    "droit d'auteur", "droit a l'image", "allegation", "dsa", "ai act", "rgesn",
]

_LEGAL = r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in MOTS_JURIDIQUES) + r")s?(?![\w-])"

QUESTIONS = [
    "Parmi ces signaux, lesquels concernent vraiment l'organisation et ses publics ? Pourquoi ?",
    "Quel ajustement de la stratégie de contenu (visuel, textuel, animation) chacun appelle-t-il ?",
    "Quels enjeux d'éthique, d'accessibilité et d'éco-responsabilité soulèvent-ils ?",
    "Quelles sources sont fiables ? Que faut-il vérifier avant d'agir ?",
]


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

    def html(self) -> str:
        def esc(text: object, quote: bool = True) -> str:
            return html.escape(sans_controle(str(text)), quote=quote)
        out = [f'<section class="casekit-synthese" lang="fr"><h2>{esc(self.titre)}</h2>']
        for sec in self.sections:
            out.append(f"<h3>{esc(sec.titre)}</h3>")
            if sec.titre == "Termes émergents" and self.figure_png:
                data = base64.b64encode(self.figure_png).decode("ascii")
                out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{esc(self.figure_alt, quote=True)}">'
                           f"<figcaption>{esc(self.figure_alt)}</figcaption></figure>")
            if not sec.elements:
                out.append(f"<p><em>{esc(sec.vide)}</em></p>")
                continue
            out.append("<ul>")
            for el in sec.elements:
                link = _safe(el.lien)
                body = (f'<a href="{esc(link, quote=True)}" rel="noopener noreferrer">{esc(el.texte)}</a>'
                        if link else esc(el.texte))
                if el.detail:
                    body += f" — {esc(el.detail)}"
                out.append(f"<li>{body}</li>")
            out.append("</ul>")
        out.append("</section>")
        return "\n".join(out)

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
                    f"Fichier déjà présent : {', '.join(existing)}. Choisissez un autre nom ou "
                    "autorisez le remplacement (--force)."
                )
        if path.is_dir():
            raise ArgumentInvalideError(f"« {path} » est un dossier\u00a0: donnez un nom de fichier (.md ou .html).")
        try:
            return self._ecrire(path, png, html_out)
        except OSError as exc:
            raise ArgumentInvalideError(
                f"Impossible d'écrire « {path} »\u00a0: {_erreur_fichier(exc)}."
            ) from None

    def _ecrire(self, path: Path, png: Path, html_out: bool) -> list[Path]:
        path.parent.mkdir(parents=True, exist_ok=True)
        if html_out:
            page = (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(self.titre)}'
                    f"</title></head><body>\n{self.html()}\n</body></html>\n")
            path.write_text(page, encoding="utf-8")
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
    ax.set_title("Termes émergents : part des articles qui les citent")
    ax.legend(loc="lower right", frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    parts = [f"« {t} » {100 * p:.0f}% contre {100 * r:.0f}% avant".replace("%", "\u202f%")
             for t, p, r in zip(termes.head(8)["libelle"], termes.head(8)["part_periode"],
                                termes.head(8)["part_reference"], strict=True)]
    alt = "Diagramme en barres des termes émergents, part des articles dans la période et avant : " + \
        " ; ".join(parts) + "."
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
) -> Synthese:
    """Build the « Ce qui change » digest of ``[debut, fin]``.

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
    """
    import pandas as pd

    _check_frame(articles, {"titre", "date_publication"}, "synthese")
    if n_termes < 1 or n_articles < 1:
        raise ArgumentInvalideError("« n_termes » et « n_articles » doivent être des entiers positifs.")
    d0, d1 = periode(debut, fin, articles["date_publication"])
    by = tuple(c for c in ("guid", "lien") if c in articles.columns)
    clean = dedoublonner(articles, par=by) if by else articles.assign(nb_reprises=0)
    removed = len(articles) - len(clean)
    dates = pd.to_datetime(clean["date_publication"], utc=True)
    period = clean.loc[(dates >= d0) & (dates <= d1)]
    before = clean.loc[dates < d0]
    title = f"Ce qui change du {d0:%d/%m/%Y} au {d1:%d/%m/%Y}"
    sections: list[Section] = []

    vol = Section("Volume")
    vol.elements.append(Element(
        f"{len(period)} article(s) dans la période ({removed} reprise(s) écartée(s) sur l'ensemble du corpus)."
    ))
    if "categorie" in period.columns and len(period):
        counts = period["categorie"].astype("string").fillna("sans catégorie").value_counts()
        for cat, k in counts.items():
            vol.elements.append(Element(f"{cat} : {k} article(s)"))
    sections.append(vol)

    if "source" in clean.columns:
        new = sorted(set(period["source"].dropna()) - set(before["source"].dropna()))
        sections.append(Section("Nouvelles sources", [Element(str(s)) for s in new],
                                "Aucune source nouvelle dans la période."))

    try:
        terms = termes_emergents(clean, d0, d1, reference_jours=reference_jours, n=n_termes)
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
                f"À la une : {cat}",
                [_item(r, f"priorité {_fr(r['priorite'], 1)}") for _, r in top_cat.iterrows()],
            ))

    text = texte_article(period).map(normaliser)
    if mots_cles:
        pattern = r"(?<![\w-])(?:" + "|".join(re.escape(normaliser(w)) for w in mots_cles) + r")s?(?![\w-])"
        alert = period.loc[text.str.contains(pattern, regex=True).to_numpy(dtype=bool)]
        alert = alert.sort_values("date_publication", ascending=False)
        sections.append(Section(
            f"Alertes : {', '.join(mots_cles)}",
            [_item(r) for _, r in alert.head(2 * n_articles).iterrows()],
            "Aucun article ne cite ces mots-clés dans la période.",
        ))
    legal_mask = text.str.contains(_LEGAL, regex=True)
    if "categorie" in period.columns:
        legal_mask |= period["categorie"].astype("string").fillna("").eq("juridique")
    legal = period.loc[legal_mask.to_numpy(dtype=bool)].sort_values("date_publication", ascending=False)
    official = textes_officiels(legal)
    real = legal.loc[official]
    act = [_item(r, "texte officiel : vérifier la source et ce qu'il impose à l'organisation",
                 lien=r.get("source_officielle") if isinstance(r.get("source_officielle"), str) else None)
           for _, r in real.iterrows()]
    legal = legal.loc[~official]
    sections.append(Section(
        "Textes officiels à appliquer", act,
        "Aucun texte officiel publié dans la période : vérifiez les échéances en cours.",
    ))
    sections.append(Section(
        "Veille juridique",
        [_item(r) for _, r in legal.head(2 * n_articles).iterrows()],
        "Aucun article juridique ou réglementaire dans la période.",
    ))

    if len(period):
        nov = nouveaute(clean).loc[period.index]
        top = period.assign(nouveaute=nov).sort_values(["nouveaute", "date_publication"], ascending=[False, True])
        sections.append(Section(
            "Articles les plus nouveaux",
            [_item(r, f"nouveauté {r['nouveaute']:.2f}") for _, r in top.head(n_articles).iterrows()],
        ))
    if regles is not None:
        ranked = appliquer_regles(period, regles)
        ranked = ranked.loc[~ranked["bloque"] & (ranked["score"] > 0)].sort_values(
            ["score", "date_publication"], ascending=False, kind="stable")
        sections.append(Section(
            "Articles prioritaires (vos règles)",
            [_item(r, f"score {r['score']} ; {r['regles']}") for _, r in ranked.head(2 * n_articles).iterrows()],
            "Aucun article ne correspond à vos règles.",
        ))
    sections.append(Section("À vous de juger", [Element(q) for q in QUESTIONS]))
    png, alt = graphique_termes(terms) if graphique and len(terms) else (None, "")
    return Synthese(title, sections, terms.reset_index(drop=True), period, png, alt)


def _item(row, extra: str = "", lien: object = None) -> Element:
    source = row.get("source", "")
    detail = f"{_date_fr(row['date_publication'])}, {source}" if isinstance(source, str) and source else \
        _date_fr(row["date_publication"])
    if extra:
        detail += f" ; {extra}"
    return Element(str(row["titre"]), lien if isinstance(lien, str) else row.get("lien"), detail)
