"""Segmentation that can be found with the recipe the notebooks teach.

Recipe (a student's): the documented segmentation variables of ``clients``,
centred and scaled, K-means for k = 2…10, keep the k of best silhouette.
The case's true number of segments must be chosen on at least 15 of 20 seeds.
"""

from __future__ import annotations

import pytest
from cle import charger

from casekit.cases import list_cases


@pytest.mark.parametrize("case", list_cases())
def test_silhouette_recipe_finds_the_number_of_segments(case):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    chosen = []
    with threadpool_limits(1):
        for seed in range(20):
            b = charger("clients", case=case, seed=seed)
            X = StandardScaler().fit_transform(b.frame[list(b.truth["variables_segmentation"])])
            scores = {k: silhouette_score(X, KMeans(k, n_init=4, random_state=0).fit_predict(X))
                      for k in range(2, 11)}
            chosen.append(max(scores, key=scores.get))
    assert sum(k == b.truth["nb_segments"] for k in chosen) >= 15, chosen
