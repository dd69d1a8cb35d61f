"""Segmentation support: choose k, profile clusters, persona cards, sizing.

The models themselves come from scikit-learn (``StandardScaler``,
``KMeans``, ``silhouette_score``); this module only prepares, compares and
explains. scikit-learn and matplotlib are imported inside functions.

Typical use
-----------
>>> import casekit
>>> from casekit import segments
>>> b = casekit.load("clients")
>>> variables = b.truth["variables_segmentation"]
>>> labels = segments.ajuster(b.frame, variables, k=5)
>>> p = segments.profiler(b.frame, labels, variables=variables)
>>> int(p.tailles["effectif"].sum()) == len(b.frame)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit._bunch import Bunch
from casekit.errors import ArgumentInvalideError, suggestion

if TYPE_CHECKING:
    from casekit.plots import Graphique

__all__ = [
    "Profil",
    "ajuster",
    "apparier",
    "choisir_k",
    "fiche_persona",
    "graphique_choix_k",
    "profiler",
    "taille_segment",
]

#: Answers that do not count as an accessibility need.
SANS_BESOIN = {"aucun", "non renseigné", "non renseigne", "", "nan"}


def _columns(frame: pd.DataFrame, variables: Sequence[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentInvalideError(
            f"Passez un DataFrame (une ligne par client), et non {type(frame).__name__}.")
    if isinstance(variables, str):
        variables = [variables]
    try:
        variables = list(variables)
    except TypeError:
        raise ArgumentInvalideError(
            f"« variables » doit être une liste de noms de colonnes, et non {variables!r}.") from None
    if not variables:
        raise ArgumentInvalideError("« variables » est vide : choisissez au moins une colonne numérique.")
    missing = [v for v in variables if v not in frame.columns]
    if missing:
        raise ArgumentInvalideError(
            f"Variable(s) absente(s) du tableau : {', '.join(missing)}."
            f"{suggestion(missing[0], map(str, frame.columns))}"
        )
    X = frame[list(variables)]
    non_num = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])
               or pd.api.types.is_bool_dtype(X[c])]
    if non_num:
        raise ArgumentInvalideError(
            f"Les variables de segmentation doivent être numériques ; pas « {', '.join(non_num)} ». "
            "Encodez-les ou retirez-les."
        )
    if X.empty:
        raise ArgumentInvalideError("Le tableau est vide : aucune ligne à segmenter.")
    if X.isna().any().any() or np.isinf(X.to_numpy(dtype=float)).any():
        raise ArgumentInvalideError(
            "Les variables de segmentation contiennent des valeurs manquantes ou infinies : traitez-les "
            "(suppression ou imputation) avant de segmenter."
        )
    return X.astype(float)


def _threads(n_rows: int):
    """Single-threaded BLAS/OpenMP for small data: much faster on busy or small machines."""
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits

    return threadpool_limits(1) if n_rows < 50_000 else nullcontext()


def _scaled(frame: pd.DataFrame, variables: Sequence[str]) -> np.ndarray:
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(_columns(frame, variables).to_numpy())


def ajuster(frame: pd.DataFrame, variables: Sequence[str], k: int, *, random_state: int = 0) -> np.ndarray:
    """Standardise ``variables`` puis applique les k-moyennes (``KMeans`` de scikit-learn).

    Paramètres
    ----------
    frame : DataFrame
    variables : liste de noms de colonnes
        Colonnes numériques sur lesquelles segmenter (standardisées d'abord).
    k : int
        Nombre de segments, au moins 2 et moins que le nombre de lignes.
    random_state : int
        Rend le résultat reproductible.

    Renvoie
    -------
    ndarray d'entiers
        Segment (0 … k−1) de chaque ligne.

    Exemples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [20, 21, 22, 60, 61, 62]})
    >>> sorted(set(ajuster(df, ["age"], 2).tolist()))
    [0, 1]
    >>> ajuster(df, ["age"], 10)
    Traceback (most recent call last):
    ...
    casekit.errors.ArgumentInvalideError: «\u00a0k\u00a0» (10) doit rester inférieur au nombre de lignes (6)...
    """
    from sklearn.cluster import KMeans

    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ArgumentInvalideError(f"« k » doit être un entier d'au moins 2, et non {k!r}.")
    if isinstance(frame, pd.DataFrame) and k >= len(frame):
        raise ArgumentInvalideError(
            f"« k » ({k}) doit rester inférieur au nombre de lignes ({len(frame)}) : on ne peut pas "
            "former plus de segments que de personnes. Choisissez un k plus petit.")
    X = _scaled(frame, variables)
    with _threads(len(X)):
        return KMeans(n_clusters=int(k), n_init=10, random_state=random_state).fit_predict(X)


def choisir_k(
    donnees: pd.DataFrame | np.ndarray,
    variables: Sequence[str] | None = None,
    *,
    k_min: int = 2,
    k_max: int = 8,
    standardiser: bool = True,
    random_state: int = 0,
    echantillon_silhouette: int | None = 3000,
) -> pd.DataFrame:
    """Inertie (méthode du coude) et score de silhouette pour chaque k, pour choisir k.

    Paramètres
    ----------
    donnees : DataFrame ou tableau
    variables : liste de noms de colonnes, optionnel
        Colonnes utilisées (toutes les colonnes numériques par défaut).
    k_min, k_max : int
        Valeurs de k essayées (bornes comprises) ; ``k_max`` reste inférieur
        au nombre de lignes.
    standardiser : bool
        Standardise d'abord les variables (conseillé : les k-moyennes
        utilisent des distances).
    echantillon_silhouette : int ou None
        Lignes tirées pour calculer la silhouette (son coût croît comme n²),
        plus que ``k_max`` ; ``None`` pour les prendre toutes.

    Renvoie
    -------
    DataFrame
        ``k``, ``inertie``, ``silhouette``. Cherchez un coude dans l'inertie et
        une silhouette élevée ; vérifiez ensuite que les segments ont un sens
        métier.

    Exemples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(np.vstack([rng.normal(c, 0.3, (50, 2)) for c in (0, 5, 10)]), columns=["a", "b"])
    >>> t = choisir_k(X, k_max=5)
    >>> int(t.loc[t["silhouette"].idxmax(), "k"])
    3
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    if isinstance(donnees, pd.DataFrame):
        if variables is None:
            variables = [c for c in donnees.columns if pd.api.types.is_numeric_dtype(donnees[c])
                         and not pd.api.types.is_bool_dtype(donnees[c])]
        X = _columns(donnees, variables).to_numpy()
    else:
        try:
            X = np.asarray(donnees, dtype=float)
        except (TypeError, ValueError):
            raise ArgumentInvalideError(
                "« donnees » doit être un DataFrame ou un tableau de nombres.") from None
        if X.ndim != 2:
            raise ArgumentInvalideError("« donnees » doit être un tableau à deux dimensions (lignes × variables).")
        if not np.isfinite(X).all():
            raise ArgumentInvalideError(
                "« donnees » contient des valeurs manquantes ou infinies : traitez-les "
                "(suppression ou imputation) avant de segmenter.")
    for nom, v in (("k_min", k_min), ("k_max", k_max)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise ArgumentInvalideError(f"« {nom} » doit être un entier, et non {v!r}.")
    if not (2 <= k_min <= k_max):
        raise ArgumentInvalideError("Il faut 2 ≤ k_min ≤ k_max.")
    if k_max >= len(X):
        raise ArgumentInvalideError(f"k_max ({k_max}) doit rester inférieur au nombre de lignes ({len(X)}).")
    if echantillon_silhouette is not None and (
            isinstance(echantillon_silhouette, (bool, np.bool_))
            or not isinstance(echantillon_silhouette, (int, np.integer)) or echantillon_silhouette <= k_max):
        # the silhouette needs more sampled rows than segments
        raise ArgumentInvalideError(
            f"« echantillon_silhouette » doit être un entier supérieur à k_max ({k_max}) ou None, "
            f"et non {echantillon_silhouette!r}.")
    if len(np.unique(X, axis=0)) < 2:
        raise ArgumentInvalideError(
            "Toutes les lignes ont les mêmes valeurs : il n'y a aucun segment à chercher.")
    if standardiser:
        from sklearn.preprocessing import StandardScaler

        X = StandardScaler().fit_transform(X)
    rows = []
    sample = echantillon_silhouette if echantillon_silhouette and len(X) > echantillon_silhouette else None
    with _threads(len(X)):
        for k in range(k_min, k_max + 1):
            km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(X)
            sil = silhouette_score(X, km.labels_, sample_size=sample, random_state=random_state)
            rows.append({"k": k, "inertie": float(km.inertia_), "silhouette": float(sil)})
    return pd.DataFrame(rows)


def graphique_choix_k(table: pd.DataFrame) -> Graphique:
    """Inertie et silhouette côte à côte, d'après :func:`choisir_k` : ``(fig, alt)``.

    Exemples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"k": [2, 3, 4], "inertie": [90.0, 40.0, 35.0], "silhouette": [0.5, 0.7, 0.6]})
    >>> print(graphique_choix_k(t).alt)
    Deux graphiques côte à côte pour k de 2 à 4\u00a0: l'inertie décroît de 90 à 35\u202f; la silhouette est la plus élevée pour k = 3 (0,70).
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from casekit.plots import style_local

    if not isinstance(table, pd.DataFrame) or not {"k", "inertie", "silhouette"} <= set(table.columns):
        raise ArgumentInvalideError(
            "« table » doit être le résultat de choisir_k (colonnes « k », « inertie », « silhouette »).")
    if table.empty:
        raise ArgumentInvalideError("« table » est vide : aucune valeur de k à représenter.")
    with style_local():
        return _graphique_choix_k(table)


def _graphique_choix_k(table: pd.DataFrame) -> Graphique:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, FuncFormatter

    from casekit.plots import PALETTE, Graphique, franciser, nombre_fr

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4.2))
    a1.plot(table["k"], table["inertie"], marker="o", color=PALETTE[0])
    a1.set_title("Inertie (méthode du coude)")
    a1.set_xlabel("Nombre de segments k")
    a1.set_ylabel("Inertie intra-classe")
    a2.plot(table["k"], table["silhouette"], marker="s", color=PALETTE[1])
    a2.set_title("Score de silhouette")
    a2.set_xlabel("Nombre de segments k")
    a2.set_ylabel("Silhouette moyenne")
    best = table.loc[table["silhouette"].idxmax()]
    a2.axvline(best["k"], color=PALETTE[-1], linestyle="--", linewidth=1)
    for ax in (a1, a2):
        franciser(ax)
        ax.xaxis.set_major_locator(FixedLocator([int(k) for k in table["k"]]))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos=None: str(round(v))))
    alt = (f"Deux graphiques côte à côte pour k de {int(table['k'].min())} à {int(table['k'].max())} : "
           f"l'inertie décroît de {nombre_fr(table['inertie'].iloc[0])} à "
           f"{nombre_fr(table['inertie'].iloc[-1])} ; la silhouette est la plus élevée pour "
           f"k = {int(best['k'])} ({nombre_fr(best['silhouette'], 2)}).")
    data = table.set_index("k")[["inertie", "silhouette"]].rename(
        columns={"inertie": "Inertie", "silhouette": "Silhouette"})
    data.index.name = "Nombre de segments k"
    return Graphique(fig, alt, donnees=data, titre="Choix du nombre de segments k")


def apparier(labels: Sequence[Any], reference: Sequence[Any]) -> dict[Any, Any]:
    """Apparie des segments à des étiquettes de référence (affectation hongroise sur le tableau croisé).

    Renvoie
    -------
    dict
        segment → étiquette de référence (chacune utilisée au plus une fois).

    Exemples
    --------
    >>> apparier([0, 0, 1, 1, 2], ["b", "b", "a", "a", "c"])
    {0: 'b', 1: 'a', 2: 'c'}
    """
    from scipy.optimize import linear_sum_assignment

    for nom, v in (("labels", labels), ("reference", reference)):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
            raise ArgumentInvalideError(
                f"« {nom} » doit être une liste ou un tableau d'étiquettes, et non {type(v).__name__}.")
    if len(labels) != len(reference):
        raise ArgumentInvalideError("« labels » et « reference » doivent avoir la même longueur.")
    ct = pd.crosstab(pd.Series(np.asarray(labels)), pd.Series(np.asarray(reference, dtype=object)))
    rows, cols = linear_sum_assignment(-ct.to_numpy())
    return {_py(ct.index[r]): _py(ct.columns[c]) for r, c in zip(rows, cols, strict=True)}


def _py(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


@dataclass
class Profil:
    """Profil des segments d'une segmentation (voir :func:`profiler`).

    Attributs
    ---------
    tailles : DataFrame
        ``effectif`` et ``part_pct`` par segment.
    moyennes : DataFrame
        Moyenne de chaque variable par segment, plus la ligne « Ensemble ».
    ecarts : DataFrame
        Écart standardisé (moyenne du segment − moyenne générale) / écart-type
        général, par segment et par variable.
    distinctifs : DataFrame
        Variables dont ``|écart| ≥ seuil`` : ``segment``, ``variable``,
        ``sens`` (« haut »/« bas »), ``ecart``, ``moyenne_segment``,
        ``moyenne_ensemble``, de la plus marquée à la moins marquée.
    canaux : DataFrame ou None
        % de chaque canal préféré par segment.
    accessibilite : DataFrame ou None
        % de chaque besoin d'accessibilité déclaré par segment, avec
        ``au_moins_un_besoin_pct``.
    """

    tailles: pd.DataFrame
    moyennes: pd.DataFrame
    ecarts: pd.DataFrame
    distinctifs: pd.DataFrame
    canaux: pd.DataFrame | None = None
    accessibilite: pd.DataFrame | None = None
    seuil: float = 0.5
    libelles: dict[str, str] = field(default_factory=dict)

    @property
    def segments(self) -> list[Any]:
        """Les segments du profil, dans l'ordre du tableau des tailles."""
        return list(self.tailles.index)

    def __repr__(self) -> str:
        from casekit.plots import nombre_fr

        parts = [f"{s} ({nombre_fr(self.tailles.loc[s, 'part_pct'], 1)}\u202f%)" for s in self.segments]
        from casekit.plots import typographie

        return typographie(f"Profil de {len(parts)} segment{'s' if len(parts) > 1 else ''} : " + ", ".join(parts)
                           + ". Voir .tableau(), .traits(segment), .graphique().")

    def _repr_html_(self) -> str:
        return self.tableau().to_html()

    def traits(self, segment: Any) -> dict[str, str]:
        """Variables distinctives d'un segment : ``{variable: "haut" | "bas"}``."""
        d = self.distinctifs[self.distinctifs["segment"] == segment]
        return dict(zip(d["variable"], d["sens"], strict=True))

    def canaux_preferes(self, segment: Any, n: int = 3) -> list[str]:
        """Les ``n`` canaux préférés les plus cités d'un segment."""
        if self.canaux is None:
            return []
        shares = self.canaux.loc[segment]
        return list(shares[shares > 0].sort_values(ascending=False).head(n).index)

    def tableau(self) -> pd.DataFrame:
        """Une ligne de synthèse en français par segment."""
        from casekit.plots import nombre_fr

        rows = []
        for s in self.segments:
            traits = [f"{self.libelles.get(v, v)} : {'valeur élevée' if d == 'haut' else 'valeur faible'}"
                      for v, d in self.traits(s).items()]
            row = {
                "segment": s,
                "effectif": int(self.tailles.loc[s, "effectif"]),
                "part": nombre_fr(self.tailles.loc[s, "part_pct"], 1) + "\u202f%",
                "traits_distinctifs": ", ".join(traits) or "aucun trait marqué",
                "canaux_preferes": ", ".join(self.canaux_preferes(s)),
            }
            if self.accessibilite is not None:
                row["besoin_accessibilite"] = (
                    nombre_fr(self.accessibilite.loc[s, "au_moins_un_besoin_pct"], 1) + "\u202f%")
            rows.append(row)
        return pd.DataFrame(rows).set_index("segment")

    def graphique(self) -> Graphique:
        """Carte de chaleur des écarts standardisés : ``(fig, alt)``."""
        from casekit.plots import style_local

        with style_local():
            return self._graphique()

    def _graphique(self) -> Graphique:
        import matplotlib.pyplot as plt

        from casekit.plots import Graphique, nombre_fr

        z = self.ecarts
        fig, ax = plt.subplots(figsize=(1.4 * z.shape[1] + 3, 0.6 * z.shape[0] + 2))
        lim = max(1.0, float(np.nanmax(np.abs(z.to_numpy()))))
        im = ax.imshow(z.to_numpy(), cmap="PuOr_r", vmin=-lim, vmax=lim, aspect="auto")
        ax.set_xticks(range(z.shape[1]), [self.libelles.get(c, c) for c in z.columns],
                      rotation=30, ha="right")
        ax.set_yticks(range(z.shape[0]), [str(i) for i in z.index])
        ax.grid(False)
        for i in range(z.shape[0]):
            for j in range(z.shape[1]):
                v = z.iat[i, j]
                ax.text(j, i, nombre_fr(v, 1), ha="center", va="center", fontsize=9,
                        color="white" if abs(v) > 0.6 * lim else "black")
        ax.set_title("Écart de chaque segment à la moyenne (en écarts-types)")
        fig.colorbar(im, ax=ax, label="écart standardisé")
        strongest = self.distinctifs.head(1)
        alt = f"Carte de chaleur des écarts standardisés de {z.shape[0]} segments sur {z.shape[1]} variables"
        if len(strongest):
            r = strongest.iloc[0]
            alt += (f" ; l'écart le plus marqué est celui du segment {r['segment']} sur "
                    f"{self.libelles.get(r['variable'], r['variable'])} "
                    f"({nombre_fr(r['ecart'], 1)} écart-type)")
        data = z.round(2).rename(columns=lambda c: self.libelles.get(c, c))
        data.index.name = "Segment"
        return Graphique(fig, alt + ".", donnees=data,
                         titre="Écart de chaque segment à la moyenne (en écarts-types)")


def profiler(
    frame: pd.DataFrame,
    labels: Any,
    *,
    variables: Sequence[str] | None = None,
    canal: str | None = "canal_prefere",
    accessibilite: str | None = "besoin_accessibilite",
    seuil: float = 0.5,
    noms: Mapping[Any, str] | None = None,
    libelles: Mapping[str, str] | None = None,
) -> Profil:
    """Profil des segments de n'importe quelle segmentation.

    Paramètres
    ----------
    frame : DataFrame
        Les données segmentées (les autres colonnes servent aux canaux et à
        l'accessibilité).
    labels : liste, nom de colonne ou modèle ajusté
        Segment de chaque ligne (un modèle scikit-learn avec ``labels_``
        convient aussi).
    variables : liste de noms de colonnes, optionnel
        Variables numériques comparées ; toutes par défaut.
    canal, accessibilite : str ou None
        Colonnes du canal préféré et du besoin d'accessibilité déclaré
        (ignorées si absentes ; ``None`` pour s'en passer).
    seuil : float
        Une variable est distinctive quand la moyenne du segment s'écarte d'au
        moins ``seuil`` écarts-types de la moyenne générale.
    noms : dict, optionnel
        Noms lisibles des segments : un pour chaque segment, sinon erreur.
    libelles : dict, optionnel
        Libellés français des variables pour les tableaux et les fiches.

    Renvoie
    -------
    Profil

    Exemples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [20, 22, 24, 60, 62, 64], "km": [50, 52, 48, 10, 12, 8]})
    >>> p = profiler(df, [0, 0, 0, 1, 1, 1], noms={0: "jeunes", 1: "seniors"})
    >>> p.traits("seniors")
    {'age': 'haut', 'km': 'bas'}
    >>> p.tailles["part_pct"].tolist()
    [50.0, 50.0]
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentInvalideError(
            f"« frame » doit être un DataFrame (une ligne par personne), et non {type(frame).__name__}.")
    if hasattr(labels, "labels_"):
        labels = labels.labels_
    if isinstance(labels, str):
        if labels not in frame.columns:
            raise ArgumentInvalideError(f"Colonne de segments « {labels} » absente."
                                        f"{suggestion(labels, map(str, frame.columns))}")
        lab = frame[labels].to_numpy()
        frame = frame.drop(columns=labels)
    else:  # a Series keeps NaN as NaN where np.asarray would turn it into the text "nan"
        lab = labels if isinstance(labels, np.ndarray) else pd.Series(labels).to_numpy()
    if len(lab) != len(frame):
        raise ArgumentInvalideError(
            f"« labels » a {len(lab)} valeurs pour {len(frame)} lignes : ils doivent correspondre."
        )
    if pd.isna(pd.Series(lab, dtype=object)).any():
        raise ArgumentInvalideError(
            "« labels » contient des valeurs manquantes : chaque ligne doit avoir un segment.")
    if noms is not None:
        if not isinstance(noms, Mapping):
            raise ArgumentInvalideError(
                f"« noms » doit être un dictionnaire segment → nom, et non {type(noms).__name__}.")
        present = list(dict.fromkeys(_py(x) for x in lab))
        unnamed = [x for x in present if x not in noms]
        if unnamed:
            raise ArgumentInvalideError(
                "« noms » ne nomme pas tous les segments : il manque "
                + ", ".join(f"« {x} »" for x in unnamed)
                + ". Donnez un nom à chaque segment, sinon leurs parts ne feraient plus 100 %.")
        extra = [x for x in noms if x not in set(present)]
        if extra:
            raise ArgumentInvalideError(
                "« noms » cite des segments absents des « labels » : "
                + ", ".join(f"« {x} »" for x in extra) + ".")
        lab = np.array([noms[_py(x)] for x in lab], dtype=object)
    if variables is None:
        variables = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
                     and not pd.api.types.is_bool_dtype(frame[c])]
    X = _columns(frame, variables)
    seg = pd.Series(lab, index=frame.index, name="segment")
    order = list(pd.unique(seg)) if noms is None else [n for n in dict.fromkeys(noms.values())
                                                      if n in set(seg)]
    try:
        order = sorted(order) if noms is None else order
    except TypeError:  # mixed labels
        pass
    counts = seg.value_counts().reindex(order)
    tailles = pd.DataFrame({"effectif": counts.astype(int), "part_pct": 100 * counts / len(seg)})
    tailles.index.name = "segment"
    means = X.groupby(seg, sort=False).mean().reindex(order)
    overall_mean, overall_sd = X.mean(), X.std(ddof=0).replace(0, np.nan)
    ecarts = (means - overall_mean) / overall_sd
    moyennes = pd.concat([means, overall_mean.to_frame("Ensemble").T])
    rows = []
    for s in order:
        for v in variables:
            z = ecarts.loc[s, v]
            if pd.notna(z) and abs(z) >= seuil:
                rows.append({"segment": s, "variable": v, "sens": "haut" if z > 0 else "bas",
                             "ecart": float(z), "moyenne_segment": float(means.loc[s, v]),
                             "moyenne_ensemble": float(overall_mean[v])})
    distinctifs = pd.DataFrame(rows, columns=["segment", "variable", "sens", "ecart",
                                              "moyenne_segment", "moyenne_ensemble"])
    if len(distinctifs):
        distinctifs = distinctifs.reindex(
            distinctifs["ecart"].abs().sort_values(ascending=False, kind="stable").index
        ).reset_index(drop=True)

    def shares(col: str) -> pd.DataFrame:
        ct = pd.crosstab(seg, frame[col].astype("string"), normalize="index") * 100
        return ct.reindex(order)

    canaux = shares(canal) if canal and canal in frame.columns else None
    acc = None
    if accessibilite and accessibilite in frame.columns:
        acc = shares(accessibilite)
        needs = [c for c in acc.columns if str(c).strip().lower() not in SANS_BESOIN]
        acc["au_moins_un_besoin_pct"] = acc[needs].sum(axis=1) if needs else 0.0
    labels_fr = dict(_LIBELLES) if libelles is None else dict(libelles)
    return Profil(tailles, moyennes, ecarts, distinctifs, canaux, acc, seuil, labels_fr)


_LIBELLES = {
    "age": "âge",
    "taille_menage": "taille du ménage",
    "depense_annuelle_eur": "dépense annuelle",
    "visites_atelier_an": "visites à l'atelier par an",
    "part_achats_en_ligne": "part des achats en ligne",
    "km_velo_semaine": "kilomètres à vélo par semaine",
}


def fiche_persona(profil: Profil, segment: Any, *, prenom: str | None = None,
                  citation: str | None = None) -> str:
    """Fiche persona en français (Markdown) tirée du profil d'un segment.

    La fiche ne dit que ce que disent les données (taille, traits
    distinctifs, canaux, besoins d'accessibilité) ; le prénom et la citation
    sont les vôtres.

    Liste anti-stéréotypes (à appliquer avant de diffuser un persona) :

    1. Chaque trait de la fiche vient des données (citez le chiffre), pas d'un
       cliché sur l'âge, le genre, l'origine ou le revenu.
    2. Le prénom et la photo n'attribuent pas un genre ou une origine que les
       données ne soutiennent pas ; variez-les d'un persona à l'autre.
    3. Le handicap et les faibles compétences numériques sont décrits comme
       des besoins auxquels l'organisation doit répondre, pas comme des
       manques personnels.
    4. La fiche dit combien de personnes elle représente et à quel point le
       segment s'écarte de la moyenne : un persona est une tendance.
    5. Citez un contre-exemple : quelqu'un du segment qui ne lui ressemble pas.
    6. Relisez-la avec des personnes du segment, ou une association
       partenaire, avant de l'utiliser dans une stratégie.

    Exemples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [20, 22, 24, 60, 62, 64], "canal_prefere": list("aabccc")})
    >>> p = profiler(df, [0, 0, 0, 1, 1, 1])
    >>> print(fiche_persona(p, 1, prenom="Camille").splitlines()[0])
    ### Persona « Camille » — segment 1
    """
    from casekit.plots import liste_fr, nombre_fr

    if not isinstance(profil, Profil):
        raise ArgumentInvalideError(
            f"« profil » doit être le résultat de profiler(...), et non {type(profil).__name__}.")
    if segment not in profil.segments:
        raise ArgumentInvalideError(f"Segment inconnu : « {segment} ».{suggestion(str(segment), map(str, profil.segments))}")
    name = prenom or f"Persona {segment}"
    t = profil.tailles.loc[segment]
    lines = [f"### Persona « {name} » — segment {segment}", ""]
    lines.append(f"- **Qui ?** {int(t['effectif'])} personnes, soit {nombre_fr(t['part_pct'])}\u202f% "
                 "de l'ensemble. Ce portrait décrit une tendance, pas chaque personne.")
    d = profil.distinctifs[profil.distinctifs["segment"] == segment]
    if len(d):
        traits = []
        for _, r in d.iterrows():
            label = profil.libelles.get(r["variable"], r["variable"])
            sens = "au-dessus" if r["sens"] == "haut" else "en dessous"
            traits.append(f"{label} {sens} de la moyenne ({nombre_fr(r['moyenne_segment'], 1)} contre "
                          f"{nombre_fr(r['moyenne_ensemble'], 1)} pour l'ensemble)")
        lines.append("- **Ce qui le distingue :** " + liste_fr(traits) + ".")
    else:
        lines.append("- **Ce qui le distingue :** aucun trait marqué par rapport à la moyenne.")
    ch = profil.canaux_preferes(segment)
    if ch:
        pct = [f"{c} ({nombre_fr(profil.canaux.loc[segment, c], 0)}\u202f%)" for c in ch]
        lines.append("- **Où le joindre :** " + liste_fr(pct) + ".")
    if profil.accessibilite is not None:
        a = profil.accessibilite.loc[segment]
        needs = a.drop(labels=["au_moins_un_besoin_pct"]).drop(
            labels=[c for c in a.index if str(c).strip().lower() in SANS_BESOIN], errors="ignore")
        needs = needs[needs > 0].sort_values(ascending=False)
        txt = (f"{nombre_fr(a['au_moins_un_besoin_pct'])}\u202f% déclarent un besoin d'accessibilité"
               + (f" (surtout {liste_fr([str(i) for i in needs.index[:2]])})" if len(needs) else "")
               + " : les contenus qui lui sont destinés doivent en tenir compte.")
        lines.append("- **Accessibilité :** " + txt)
    if citation:
        lines.append(f"- **Citation (à sourcer) :** « {citation} »")
    lines += ["- **Contre-exemple à garder en tête :** _à compléter à partir des données._", ""]
    return "\n".join(lines)


class TailleSegment(Bunch):
    """Résultat de :func:`taille_segment`, affiché en français."""

    def _lignes(self) -> list[tuple[str, str]]:
        from casekit.plots import nombre_fr

        rows = [("Population de la cible", nombre_fr(self["population_cible"])),
                ("Population totale", nombre_fr(self["population_totale"])),
                ("Part de la cible", nombre_fr(self["part_pct"], 1) + "\u202f%")]
        if "clients_cible" in self:
            rows += [("Clients dans la cible", nombre_fr(self["clients_cible"])),
                     ("Taux de pénétration", nombre_fr(self["penetration_pct"], 2) + "\u202f%")]
        return rows

    def __repr__(self) -> str:
        from casekit.plots import typographie

        return typographie("Taille du segment : " + " ; ".join(f"{k.lower()} : {v}" for k, v in self._lignes()))

    __str__ = __repr__

    def _repr_html_(self) -> str:
        import html

        body = "".join(f"<tr><th scope=\"row\">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in self._lignes())
        return f"<table><caption>Taille du segment</caption><tbody>{body}</tbody></table>"


def taille_segment(
    population: pd.DataFrame,
    *,
    tranches_age: Sequence[str] | None = None,
    pcs: Sequence[int] | None = None,
    zones: Sequence[str] | None = None,
    types_territoire: Sequence[str] | None = None,
    clients: pd.DataFrame | None = None,
) -> Bunch:
    """Taille d'une cible dans la population et, si on le souhaite, son taux de pénétration.

    Paramètres
    ----------
    population : DataFrame
        Par exemple ``casekit.load("population_zone").frame`` (colonnes
        ``tranche_age``, ``pcs_code``, ``zone``, ``type_territoire``,
        ``population``), ou le tableau de votre territoire.
    tranches_age, pcs, zones, types_territoire : liste, optionnel
        Critères de la cible (``None`` = pas de restriction).
    clients : DataFrame, optionnel
        Fichier clients codé comme la population : les clients qui répondent
        aux critères donnent le taux de pénétration
        (:func:`casekit.metrics.taux_penetration`). Des valeurs absentes de la
        population (d'autres tranches d'âge, par exemple) donnent une erreur.

    Renvoie
    -------
    TailleSegment
        ``population_cible``, ``population_totale``, ``part_pct`` et, avec
        ``clients``, ``clients_cible`` et ``penetration_pct``.

    Exemples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"tranche_age": ["20-24", "65+", "65+"], "pcs_code": [8, 7, 7],
    ...                     "zone": ["A", "A", "B"], "type_territoire": ["urbain dense"] * 3,
    ...                     "population": [1000, 3000, 1000]})
    >>> r = taille_segment(pop, tranches_age=["65+"], zones=["A"])
    >>> r.population_cible, r.part_pct
    (3000, 60.0)
    >>> r
    Taille du segment\u00a0: population de la cible\u00a0: 3\u202f000\u202f; population totale\u00a0: 5\u202f000\u202f; part de la cible\u00a0: 60,0\u202f%
    """
    from casekit.metrics import taux_penetration

    criteria = {"tranche_age": tranches_age, "pcs_code": pcs, "zone": zones,
                "type_territoire": types_territoire}
    if not isinstance(population, pd.DataFrame):
        raise ArgumentInvalideError(
            f"« population » doit être un DataFrame (jeu « population_zone »), et non "
            f"{type(population).__name__}.")
    if clients is not None and not isinstance(clients, pd.DataFrame):
        raise ArgumentInvalideError(
            f"« clients » doit être un DataFrame (fichier clients), et non {type(clients).__name__}.")
    if "population" not in population.columns:
        raise ArgumentInvalideError("Le tableau de population doit avoir une colonne « population » "
                                    "(jeu « population_zone »).")

    def mask(df: pd.DataFrame) -> pd.Series:
        m = pd.Series(True, index=df.index)
        for col, values in criteria.items():
            if values is None:
                continue
            if isinstance(values, (str, int, np.integer)):
                values = [values]
            if col not in df.columns:
                where = "de la population" if df is population else "du fichier clients"
                raise ArgumentInvalideError(f"Colonne « {col} » absente {where} : impossible de filtrer.")
            known = set(df[col].astype(str))
            if df is not population:
                pop_known = set(population[col].astype(str))
                foreign = sorted(known - pop_known)
                if foreign:
                    raise ArgumentInvalideError(
                        f"Le fichier clients utilise pour « {col} » des valeurs absentes de la "
                        f"population : {', '.join(f'« {v} »' for v in foreign[:8])}. Recodez-les "
                        f"comme la population ({', '.join(f'« {v} »' for v in sorted(pop_known)[:8])}) "
                        "avant de calculer une pénétration.")
            unknown = [v for v in values if str(v) not in known]
            if unknown and df is population:
                raise ArgumentInvalideError(
                    f"Valeur(s) inconnue(s) pour « {col} » : {', '.join(map(str, unknown))}."
                    f"{suggestion(str(unknown[0]), known)}")
            m &= df[col].astype(str).isin([str(v) for v in values])
        return m

    total = int(population["population"].sum())
    cible = int(population.loc[mask(population), "population"].sum())
    out = TailleSegment(population_cible=cible, population_totale=total,
                part_pct=100 * cible / total if total else float("nan"))
    if clients is not None:
        n = int(mask(clients).sum())
        out.clients_cible = n
        out.penetration_pct = taux_penetration(n, cible) if cible else float("nan")
    return out
