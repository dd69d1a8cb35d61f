"""Per-cell time limit: a cell that overruns is interrupted, recorded, and grading goes on.

nbgrader's ``Execute`` runs with ``interrupt_on_timeout``: when a cell overruns
``Limites.delai_cellule``, the kernel gets an interrupt and the next cell runs.
:class:`casekit.grading.preprocessors.ExecuterLimite` records which cell (its
``grade_id``, else its position) and after how many seconds; this module turns
that record into French lines for the instructor (the ledger and the command's
summary) and for the student's feedback. The submission-level wall-clock cap
(``Limites.delai_total``) still applies: a submission that overruns it fails
with « délai total dépassé ».
"""

from __future__ import annotations


def texte(cellule: str, secondes: int) -> str:
    """« cellule X interrompue après N s » (French typography applied by the caller).

    >>> texte("ans_nps", 20) == "cellule « ans_nps » interrompue après 20\u00a0s"
    True
    """
    return f"cellule « {cellule} » interrompue après {secondes}\u00a0s"


def interruptions(constats: dict, tests: dict) -> list[str]:
    """French lines for every interrupted cell; marks them in ``tests`` (the ledger's per-cell record)."""
    out = []
    for nb, c in sorted(constats.items()):
        for cellule, secondes in sorted((c.get("interrompues") or {}).items()):
            tests.setdefault(nb, {}).setdefault(cellule, {})["interrompue"] = secondes
            out.append(f"{nb} : {texte(cellule, secondes)}")
    return out


def pour_l_eleve(infos: dict) -> list[str]:
    """Feedback sentences for the interrupted cells of one notebook (``res.tests[nb]``)."""
    return [f"C{texte(cellule, info['interrompue'])[1:]} : la correction est passée à la cellule "
            "suivante. Vérifiez qu'elle se termine (boucle sans fin, calcul trop long) ; les "
            "questions qui en dépendent n'ont pas pu être validées."
            for cellule, info in sorted(infos.items()) if isinstance(info, dict) and info.get("interrompue")]
