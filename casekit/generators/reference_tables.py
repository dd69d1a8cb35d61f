"""The ``reference`` dataset: the real, sourced tables, with a catalogue."""

from __future__ import annotations

import pandas as pd

from casekit.generators._base import Col, Parts
from casekit.reference import COLUMNS, TABLES, table

_COLS = [
    Col("table", "texte", "Nom de la table (clé de `tables`)."),
    Col("titre", "texte", "Ce que contient la table."),
    Col("nb_lignes", "entier", "Nombre de lignes."),
    Col("nb_sources", "entier", "Nombre de sources distinctes citées."),
    Col("part_lignes_reelles", "décimal", "Part des lignes dont le statut commence par « réel ».", "0–1"),
]


def _to_discuss(statut: pd.Series) -> pd.Series:
    """Rows that are not plain facts: estimates, assumptions, secondary sources (⚠)."""
    return ~statut.str.startswith("réel") | statut.str.contains("⚠", regex=False)


def build_reference(scn, rng, *, raw: bool) -> Parts:
    tables = {name: table(name) for name in TABLES}
    frame = pd.DataFrame(
        {
            "table": list(tables),
            "titre": [TABLES[n] for n in tables],
            "nb_lignes": [len(t) for t in tables.values()],
            "nb_sources": [t["source"].nunique() for t in tables.values()],
            "part_lignes_reelles": [
                round(float(t["statut"].str.startswith("réel").mean()), 3) for t in tables.values()
            ],
        }
    )
    return Parts(
        frame=frame,
        columns=_COLS,
        description=(
            "Catalogue des tables de référence réelles. Chaque ligne de chaque table "
            "indique sa source, sa date, son URL et son statut (réel, estimation, "
            "hypothèse pédagogique) : citez-les et discutez leur fiabilité (univers, "
            "méthode, date). Les tables sont dans `tables`."
        ),
        truth={
            # Answer key of the source-criticism exercise: rows that are not plain facts.
            "lignes_a_discuter": {
                name: t.index[_to_discuss(t["statut"])].tolist()
                for name, t in tables.items()
                if _to_discuss(t["statut"]).any()
            },
        },
        tables=tables,
        table_columns={
            name: [Col(c, *COLUMNS[c][:2], COLUMNS[c][2]) for c in t.columns] for name, t in tables.items()
        },
        sources=list(TABLES),
    )
