"""Tiers-temps: per-student extended deadlines stored in the gradebook.

``casekit grade --tiers-temps alice=+33% bob=+1h30`` records extensions in a
``casekit_tiers_temps`` table of the course's gradebook database (SQLite or
PostgreSQL). A percentage is a share of the exam duration
(``c.TiersTemps.duree_epreuve_heures`` in ``nbgrader_config.py``, 4 h by
default): the usual tiers-temps is ``+33%``. The late-penalty plugin
:class:`TiersTemps` (set by ``casekit grade``; add
``c.AssignLatePenalties.plugin_class = "casekit.grading.late.TiersTemps"`` for
plain ``nbgrader autograde``) treats a submission inside its extension as on
time and otherwise applies nbgrader's ``penalty_method``.
"""

from __future__ import annotations

import re

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from casekit.errors import ArgumentInvalideError

TABLE = "casekit_tiers_temps"


def _engine(db_url: str):
    from sqlalchemy import create_engine

    return create_engine(db_url, future=True)


def _table(meta=None):
    from sqlalchemy import Column, Float, MetaData, String, Table

    meta = meta or MetaData()
    return Table(TABLE, meta, Column("eleve", String(128), primary_key=True),
                 Column("pourcentage", Float, nullable=True), Column("secondes", Float, nullable=True))


def parse(spec: str) -> tuple[str, float | None, float | None]:
    """``ELEVE=+33%`` or ``ELEVE=+1h30`` / ``+90min`` / ``+2h`` -> (eleve, fraction, seconds).

    >>> parse("alice=+33%")
    ('alice', 0.33, None)
    >>> parse("bob=+1h30")
    ('bob', None, 5400.0)
    """
    m = re.fullmatch(r"\s*([^=]+?)\s*=\s*\+?\s*(.+?)\s*", spec)
    if not m:
        raise ArgumentInvalideError(
            f"Tiers-temps illisible : « {spec} ». Forme attendue : ELEVE=+33% ou ELEVE=+1h30.")
    who, amount = m.group(1), m.group(2).replace(",", ".").lower()
    if (p := re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", amount)):
        return who, round(float(p.group(1)) / 100, 6), None
    if (t := re.fullmatch(r"(?:(\d+)\s*h)?\s*(\d+)?\s*(?:min|m)?", amount)) and (t.group(1) or t.group(2)):
        hours = int(t.group(1) or 0)
        minutes = int(t.group(2) or 0)
        return who, None, float(hours * 3600 + minutes * 60)
    raise ArgumentInvalideError(
        f"Durée de tiers-temps illisible : « {amount} ». Exemples : +33%, +1h30, +45min.")


def enregistrer(db_url: str, specs: list[str]) -> list[tuple[str, float | None, float | None]]:
    """Store (or replace) extensions; ``ELEVE=0`` removes one."""
    from sqlalchemy import delete, insert

    rows = [parse(s) for s in specs]
    eng = _engine(db_url)
    t = _table()
    t.create(eng, checkfirst=True)
    with eng.begin() as cx:
        for who, pct, sec in rows:
            cx.execute(delete(t).where(t.c.eleve == who))
            if (pct or 0) > 0 or (sec or 0) > 0:
                cx.execute(insert(t).values(eleve=who, pourcentage=pct, secondes=sec))
    eng.dispose()
    return rows


def lire(db_url: str) -> dict[str, tuple[float | None, float | None]]:
    from sqlalchemy import inspect, select

    eng = _engine(db_url)
    try:
        if not inspect(eng).has_table(TABLE):
            return {}
        t = _table()
        with eng.connect() as cx:
            return {r.eleve: (r.pourcentage, r.secondes) for r in cx.execute(select(t))}
    finally:
        eng.dispose()


class TiersTemps(LateSubmissionPlugin):
    """nbgrader late-penalty plugin that honours per-student extensions (tiers-temps)."""

    duree_epreuve_heures = Float(4.0, help="Exam duration (hours) a percentage applies to.").tag(
        config=True)

    def grace(self, student_id: str) -> float:
        db_url = getattr(self.parent, "db_url", None)
        if not db_url:
            return 0.0
        pct, sec = lire(db_url).get(student_id, (None, None))
        return (sec or 0.0) + (pct or 0.0) * self.duree_epreuve_heures * 3600

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        if total_seconds_late <= self.grace(student_id):
            self.log.info("%s: inside the tiers-temps extension, no penalty", student_id)
            return None
        return super().late_submission_penalty(student_id, score, total_seconds_late)


def config_for(cours) -> dict:
    """Config overrides ``casekit grade`` gives its workers."""
    return {"AssignLatePenalties": {"plugin_class": "casekit.grading.late.TiersTemps"}}
