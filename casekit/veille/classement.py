"""Categorising and prioritising articles, with every decision explained.

- :func:`categoriser_regles`: keyword rules (folded, whole words) give a
  category and the words that decided it;
- :func:`entrainer_classifieur`: a TF-IDF + logistic regression model trained
  on labelled articles (the case feeds: each feed's category), with its
  accuracy on a held-out split and in cross-validation, the confusion matrix
  and the words that weigh most for each category;
- :func:`categoriser`: rules first, the model where no rule decides;
- :func:`prioriser`: a priority score that is a weighted mean of visible
  parts (recency, keywords, source, novelty, legal), with changeable weights.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casekit.errors import ArgumentInvalideError, suggestion
from casekit.veille.curate import _check_frame, texte_article
from casekit.veille.texte import fold, normaliser

if TYPE_CHECKING:
    import pandas as pd

#: Keyword rules: folded words or phrases (an optional plural « s » is allowed) per category.
REGLES_CATEGORIES: dict[str, list[str]] = {
    "juridique": ["loi", "directive", "rgpd", "cnil", "consentement", "obligation", "obligatoire",
                  "sanction", "droit d'auteur", "droit a l'image", "mention", "contrat", "allegation",
                  "ecoblanchiment", "declaration d'accessibilite", "journal officiel", "reglement"],
    "technique": ["ecoconception", "performance", "referencement", "seo", "navigation au clavier",
                  "alternative textuelle", "formulaire", "chargement", "hebergement", "mesure d'audience",
                  "tableau de bord", "falc", "lisibilite", "compresser", "script"],
    "tendances": ["newsletter", "carrousel", "podcast", "communaute", "temoignage", "ugc", "ton",
                  "humour", "marques engagees", "format", "abonnes"],
    "concurrence": ["concurrent", "enseigne", "point de vente", "offre promotionnelle", "discount",
                    "carte de fidelite", "recrute", "bilan", "marche local", "commercants", "independants"],
}


def _rule_patterns(regles: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {cat: re.compile(r"(?<![\w-])(" + "|".join(re.escape(fold(w)) for w in words) + r")s?(?![\w-])")
            for cat, words in regles.items()}


def categoriser_regles(articles: pd.DataFrame, regles: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Category given by keyword rules: the category with most matched words, if unique.

    Returns ``categorie_regle`` (NA when no rule or a tie) and ``mots_regle``
    (the matched words, to explain the decision).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["La CNIL publie une directive", "Podcast et newsletter", "Bonjour"]})
    >>> categoriser_regles(df)["categorie_regle"].tolist()
    ['juridique', 'tendances', <NA>]
    """
    import pandas as pd

    _check_frame(articles, {"titre"}, "categoriser_regles")
    patterns = _rule_patterns(regles or REGLES_CATEGORIES)
    texts = texte_article(articles).map(normaliser)
    hits = {cat: texts.str.findall(p) for cat, p in patterns.items()}
    best, words = [], []
    for i in range(len(texts)):
        counts = {cat: len(set(h.iloc[i])) for cat, h in hits.items()}
        top = max(counts.values()) if counts else 0
        winners = [c for c, k in counts.items() if k == top]
        if top == 0 or len(winners) > 1:
            best.append(pd.NA)
            words.append("; ".join(sorted({w for h in hits.values() for w in h.iloc[i]})))
        else:
            best.append(winners[0])
            words.append("; ".join(sorted(set(hits[winners[0]].iloc[i]))))
    return pd.DataFrame({"categorie_regle": pd.array(best, dtype="string"),
                         "mots_regle": pd.array(words, dtype="string")}, index=articles.index)


@dataclass
class Classifieur:
    """A trained, explained category model (see :func:`entrainer_classifieur`)."""

    modele: Any
    classes: list[str]
    exactitude: float
    exactitude_cv: float
    exactitude_cv_ecart: float
    exactitude_regles: float
    couverture_regles: float
    n_entrainement: int
    n_test: int
    confusion: pd.DataFrame
    mots_par_classe: dict[str, list[str]] = field(default_factory=dict)

    def predire(self, articles: pd.DataFrame) -> pd.DataFrame:
        """``categorie_modele`` and ``confiance`` (highest class probability) of each article."""
        import numpy as np
        import pandas as pd

        texts = texte_article(articles).map(normaliser)
        proba = self.modele.predict_proba(texts)
        labels = np.asarray(self.modele.classes_)[proba.argmax(axis=1)]
        return pd.DataFrame({"categorie_modele": pd.array(labels, dtype="string"),
                             "confiance": np.round(proba.max(axis=1), 3)}, index=articles.index)

    def rapport(self) -> str:
        """French report: accuracy (held-out and cross-validated), rules, top words per category."""
        pct = lambda x: f"{100 * x:.1f}".replace(".", ",") + "\u202f%"  # noqa: E731
        lines = [
            "Classifieur de catégories (TF-IDF + régression logistique)",
            f"- Entraîné sur {self.n_entrainement} articles étiquetés, testé sur {self.n_test} articles mis de côté.",
            f"- Exactitude sur l'échantillon de test\u00a0: {pct(self.exactitude)}.",
            f"- Exactitude en validation croisée (5 plis)\u00a0: {pct(self.exactitude_cv)} "
            f"(écart type {pct(self.exactitude_cv_ecart)}).",
            f"- Règles de mots-clés seules\u00a0: {pct(self.exactitude_regles)} d'exactitude sur les "
            f"{pct(self.couverture_regles)} d'articles qu'elles classent.",
            "- Mots qui pèsent le plus pour chaque catégorie\u00a0:",
        ]
        for cat, words in self.mots_par_classe.items():
            lines.append(f"  - {cat}\u00a0: {', '.join(words)}")
        lines.append("Attention\u00a0: les étiquettes sont celles des flux\u202f; un article peut relever de plusieurs types de veille.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.rapport()


def entrainer_classifieur(
    articles: pd.DataFrame,
    *,
    cible: str = "categorie",
    part_test: float = 0.25,
    graine: int = 0,
    n_mots: int = 8,
) -> Classifieur:
    """Train TF-IDF + logistic regression on labelled articles and measure it.

    Parameters
    ----------
    articles : DataFrame
        Labelled articles (``titre``, ``resume`` and the ``cible`` column),
        for example ``dedoublonner(casekit.load("flux_veille").frame)``.
    part_test : float
        Share of articles kept aside (stratified) to measure accuracy.

    Examples
    --------
    >>> import casekit
    >>> from casekit.veille import dedoublonner
    >>> clf = entrainer_classifieur(dedoublonner(casekit.load("flux_veille").frame))
    >>> clf.exactitude > 0.8, sorted(clf.mots_par_classe)[0]
    (True, 'concurrence')
    """
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, confusion_matrix
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.pipeline import make_pipeline

    from casekit.veille.texte import mots_vides
    from casekit.veille.trends import TOKEN_PATTERN

    _check_frame(articles, {"titre", cible}, "entrainer_classifieur")
    if not 0 < part_test < 1:
        raise ArgumentInvalideError(f"«\u00a0part_test\u00a0» doit être entre 0 et 1 (exclus), et non {part_test!r}.")
    labelled = articles.loc[articles[cible].notna()]
    y = labelled[cible].astype(str).to_numpy()
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2 or counts.min() < 5:
        raise ArgumentInvalideError(
            "Il faut au moins deux catégories et cinq articles étiquetés par catégorie pour entraîner "
            f"le classifieur (effectifs\u00a0: {dict(zip(classes.tolist(), counts.tolist(), strict=True))})."
        )
    texts = texte_article(labelled).map(normaliser).to_numpy()

    def pipeline():
        return make_pipeline(
            TfidfVectorizer(stop_words=mots_vides(), token_pattern=TOKEN_PATTERN, ngram_range=(1, 2),
                            min_df=2, sublinear_tf=True),
            LogisticRegression(max_iter=2000, C=5.0),
        )

    x_tr, x_te, y_tr, y_te = train_test_split(texts, y, test_size=part_test, random_state=graine, stratify=y)
    model = pipeline().fit(x_tr, y_tr)
    pred = model.predict(x_te)
    acc = float(accuracy_score(y_te, pred))
    cv = cross_val_score(pipeline(), texts, y, cv=StratifiedKFold(5, shuffle=True, random_state=graine))
    conf = pd.DataFrame(confusion_matrix(y_te, pred, labels=classes), index=pd.Index(classes, name="réelle"),
                        columns=pd.Index(classes, name="prédite"))
    rules = categoriser_regles(labelled)["categorie_regle"]
    decided = rules.notna().to_numpy()
    rule_acc = float((rules[decided].to_numpy() == y[decided]).mean()) if decided.any() else 0.0
    vec, lr = model.steps[0][1], model.steps[1][1]
    names = vec.get_feature_names_out()
    top = {}
    for k, cat in enumerate(lr.classes_):
        coef = lr.coef_[k] if lr.coef_.shape[0] > 1 else (lr.coef_[0] if k == 1 else -lr.coef_[0])
        top[str(cat)] = [str(names[j]) for j in np.argsort(coef)[::-1][:n_mots]]
    return Classifieur(model, [str(c) for c in classes], acc, float(cv.mean()), float(cv.std()), rule_acc,
                       float(decided.mean()), len(y_tr), len(y_te), conf, top)


def categoriser(articles: pd.DataFrame, classifieur: Classifieur | None = None) -> pd.DataFrame:
    """Rules first, the model where no rule decides: adds ``categorie_auto``, ``methode`` and the evidence.

    Without ``classifieur``, one is trained on the default case feeds.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["La CNIL sanctionne un site", "Un titre sans mot-clé"]})
    >>> out = categoriser(df)
    >>> out["methode"].tolist()
    ['règles', 'modèle']
    """
    import numpy as np

    if classifieur is None:
        classifieur = _default_classifier()
    out = articles.copy()
    rules = categoriser_regles(articles)
    model = classifieur.predire(articles)
    use_rule = rules["categorie_regle"].notna().to_numpy()
    out["categorie_regle"] = rules["categorie_regle"]
    out["mots_regle"] = rules["mots_regle"]
    out["categorie_modele"] = model["categorie_modele"]
    out["confiance"] = model["confiance"]
    out["categorie_auto"] = rules["categorie_regle"].where(use_rule, model["categorie_modele"])
    out["methode"] = np.where(use_rule, "règles", "modèle")
    out["methode"] = out["methode"].astype("string")
    return out


_DEFAULT: list[Classifieur] = []


def _default_classifier() -> Classifieur:
    if not _DEFAULT:
        from casekit.datasets import load
        from casekit.veille.curate import dedoublonner

        _DEFAULT.append(entrainer_classifieur(dedoublonner(load("flux_veille").frame)))
    return _DEFAULT[0]


# --------------------------------------------------------------------------- priority

#: Default weights of the priority parts (they are normalised to sum to 1).
POIDS_DEFAUT = {"recence": 0.30, "mots_cles": 0.25, "source": 0.15, "nouveaute": 0.15, "juridique": 0.15}

_LEGAL_WORDS = ["loi", "directive", "rgpd", "cnil", "rgaa", "rgesn", "obligation", "obligatoire", "sanction",
                "accessibilite", "consentement", "influence commerciale", "reglement", "journal officiel"]


def prioriser(
    articles: pd.DataFrame,
    *,
    mots_cles: list[str] | None = None,
    poids: dict[str, float] | None = None,
    date_reference=None,
    demi_vie_jours: float = 14.0,
    fiabilite: dict[str, float] | None = None,
    nouveaute_jours: int = 90,
) -> pd.DataFrame:
    """Priority of each article = weighted mean of five visible parts, each between 0 and 1.

    ``priorite = 100 × Σ poids[p] × score_p / Σ poids`` over the parts:

    - ``score_recence``: ``0.5 ** (age_jours / demi_vie_jours)`` (1 on ``date_reference``);
    - ``score_mots_cles``: share of ``mots_cles`` found (folded, whole words);
    - ``score_source``: source reliability from ``fiabilite`` (name → 1–5, divided by 5), 0.6 if unknown;
    - ``score_nouveaute``: 1 − the highest similarity to the previous ``nouveaute_jours`` days;
    - ``score_juridique``: 1 for a real official text (``reel``), 0.8 for a legal word, 0.5 for
      the ``juridique`` category, else 0.

    Weights missing from ``poids`` keep their default value (:data:`POIDS_DEFAUT`);
    a weight of 0 removes a part. Returned sorted by ``priorite`` (highest first).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"titre": ["Le RGAA évolue", "Soldes d'été"], "source": ["A", "B"],
    ...     "date_publication": pd.to_datetime(["2025-06-01", "2025-06-01"], utc=True)})
    >>> p = prioriser(df, mots_cles=["rgaa"], date_reference="2025-06-01")
    >>> p[["titre", "score_mots_cles", "score_juridique"]].values.tolist()
    [['Le RGAA évolue', 1.0, 0.8], ["Soldes d'été", 0.0, 0.0]]
    """
    import numpy as np
    import pandas as pd

    from casekit.veille.trends import _to_utc, nouveaute

    _check_frame(articles, {"titre", "date_publication"}, "prioriser")
    weights = dict(POIDS_DEFAUT)
    for k, v in (poids or {}).items():
        if k not in POIDS_DEFAUT:
            raise ArgumentInvalideError(f"Poids inconnu\u00a0: «\u00a0{k}\u00a0».{suggestion(k, POIDS_DEFAUT)}")
        if not isinstance(v, int | float) or v < 0 or math.isnan(v):
            raise ArgumentInvalideError(f"Le poids «\u00a0{k}\u00a0» doit être un nombre positif ou nul, et non {v!r}.")
        weights[k] = float(v)
    total = sum(weights.values())
    if total <= 0:
        raise ArgumentInvalideError("Au moins un poids doit être strictement positif.")
    if demi_vie_jours <= 0:
        raise ArgumentInvalideError("«\u00a0demi_vie_jours\u00a0» doit être strictement positif.")
    dates = pd.to_datetime(articles["date_publication"], utc=True)
    ref = _to_utc(date_reference, "date_reference") if date_reference is not None else dates.max()
    age = ((ref - dates).dt.total_seconds() / 86400).clip(lower=0)
    recence = np.power(0.5, (age / demi_vie_jours).to_numpy(dtype=float))
    recence = np.nan_to_num(recence, nan=0.0)
    texts = texte_article(articles).map(normaliser)
    if mots_cles:
        found = np.zeros(len(articles))
        for w in mots_cles:
            pat = r"(?<![\w-])" + re.escape(normaliser(w)) + r"s?(?![\w-])"
            found += texts.str.contains(pat, regex=True).to_numpy(dtype=float)
        kw = found / len(mots_cles)
    else:
        kw = np.zeros(len(articles))
    if fiabilite and "source" in articles.columns:
        src = articles["source"].astype("string").map(lambda s: fiabilite.get(s) if isinstance(s, str) else None)
        source = (pd.to_numeric(src, errors="coerce") / 5).clip(0, 1).fillna(0.6).to_numpy(dtype=float)
    else:
        source = np.full(len(articles), 0.6)
    nov = nouveaute(articles, jours=nouveaute_jours).fillna(1.0).to_numpy(dtype=float)
    legal_pat = r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in _LEGAL_WORDS) + r")s?(?![\w-])"
    legal = np.where(texts.str.contains(legal_pat, regex=True).to_numpy(dtype=bool), 0.8, 0.0)
    if "categorie" in articles.columns:
        legal = np.maximum(legal, np.where(articles["categorie"].astype("string").fillna("").eq("juridique")
                                           .to_numpy(dtype=bool), 0.5, 0.0))
    if "reel" in articles.columns:
        legal = np.where(articles["reel"].fillna(False).to_numpy(dtype=bool), 1.0, legal)
    parts = {"recence": recence, "mots_cles": kw, "source": source, "nouveaute": nov, "juridique": legal}
    out = articles.copy()
    for k, v in parts.items():
        out[f"score_{k}"] = np.round(v, 3)
    prio = sum(weights[k] * parts[k] for k in parts) / total
    out["priorite"] = np.round(100 * prio, 1)
    out["explication_priorite"] = pd.array([
        " + ".join(f"{weights[k] / total:.2f}×{k} {parts[k][i]:.2f}".replace(".", ",") for k in parts if weights[k])
        for i in range(len(out))
    ], dtype="string")
    return out.sort_values(["priorite", "date_publication"], ascending=False, kind="stable")
