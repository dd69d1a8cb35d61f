"""A case at a given seed: the latent draws shared by every dataset.

Generators never read each other's frames. What must agree across datasets
is drawn once here, from its own child stream, and every generator (and every
text: team notes, verbatims, DESCR) reads it from the :class:`Scenario`.

Facts API
---------
``scn.faits`` is a read-only mapping of plain Python values (dates are
``datetime.date``, amounts ``float`` in euros, counts ``int``). Its keys are
stable; texts that cite a fact must read it here, never recompute it:

``"periode"``
    ``{"debut": date, "fin": date}``: the case period.
``"brief"``
    ``{"date": date, "echeance": date, "budget_annuel_eur": float,
    "commanditaire": str}``. ``date`` is when the brief was received (a few
    days before the first interview); nothing may cite the deadline or the
    budget before it.
``"effectif"``
    ``{"salaries": int, "equipe_projet": int}``: headcount of the organisation
    (``identite.effectif``) and number of people in ``[[equipe]]``.
``"activites"``
    ``{offer_id: {"nom": str, "ouverture": date | None, "fermetures":
    ({"debut": date, "fin": date, "motif": str}, ...), "mois_actifs":
    (int, ...), "jours_par_an": int | None}}``. An activity earns nothing before
    ``ouverture``, during a closure, or outside ``mois_actifs`` (1–12).
    :meth:`Scenario.ouvert` gives the open fraction of each day or month.
``"depenses_pub"``
    ``{"mois": (date, ...), "par_plateforme": {platform: (float, ...)}}``: the
    organisation's paid media spend per platform and month (month starts over
    the case period, amounts rounded to the cent). ``campagnes_canaux`` splits
    each month over its days and ``benchmark_social`` reports the same
    monthly amount for the organisation.
``"newsletter"``
    ``{"frequence": str, "jour_semaine": int (0 = lundi), "dates_envoi":
    (date, ...), "cout_envoi_eur": float, "abonnes_fin_mois": {date: int}}``.
    Subscribers are the opted-in customers of the CRM (``clients``) created by
    the end of the month; sends happen only on ``dates_envoi``.
``"videos"``
    ``{"date_constat": date, "en_ligne": int, "sans_sous_titres": int}``:
    videos of the inventory published before ``date_constat`` (a few days
    after the accessibility complaint, or a year before the end of the period
    without one), and how many of them lack subtitles.
``"veille"``
    ``{"sujet": str, "libelle": str, "debut": date, "fin": date}``: the emerging
    topic of ``flux_veille`` (a key of ``feeds.SUJETS_VEILLE``) and its onset,
    drawn from ``[veille] sujets_possibles`` and ``debuts_possibles`` of the case
    file (default: generative AI from 1 January of the last year).
``"canal_le_plus_rentable"``
    ``str | None``: the channel with the best return on ad spend at this seed,
    drawn from ``[choix_canaux] meilleur_roas_possibles`` of the case file.
``"histoires"``
    ``{story_id: {... the case-file story with its per-seed options resolved
    (``effet`` stays the case file's ``{min, max}`` range) ..., "effet_tire":
    float}}``. Options declared in the case file
    (``segments_possibles``, ``debuts_possibles``, ``concurrents_possibles``,
    ``plateformes_possibles``, ``activites_possibles``) are drawn once per seed;
    ``truth`` of every dataset records the drawn values.

Examples
--------
>>> from casekit.cases import get_case
>>> scn = scenario(get_case("rayons_libres"), 0)
>>> sorted(scn.faits)[:4]
['activites', 'brief', 'canal_le_plus_rentable', 'depenses_pub']
>>> scn.faits["brief"]["date"] < scn.faits["brief"]["echeance"]
True
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from casekit.cases import FREQUENCES, JOURS, Case, _freeze
from casekit.seeds import rng_for

__all__ = ["FREQUENCES", "JOURS", "Scenario", "scenario"]
_NEWSLETTER_DEFAUT = {"frequence": "bimensuelle", "jour": "mardi", "cout_envoi_eur": 90.0}
#: Story keys that may have per-seed options, and the option list's name.
OPTIONS = {
    "segment": "segments_possibles",
    "concurrent": "concurrents_possibles",
    "plateforme": "plateformes_possibles",
    "activite": "activites_possibles",
}


def _month_starts(debut: dt.date, fin: dt.date) -> list[dt.date]:
    out, y, m = [], debut.year, debut.month
    while dt.date(y, m, 1) <= fin:
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_end(d: dt.date) -> dt.date:
    nxt = dt.date(d.year + 1, 1, 1) if d.month == 12 else dt.date(d.year, d.month + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class Scenario:
    """One case at one (normalised) seed."""

    case: Case
    seed: int

    def rng(self, *keys: str) -> np.random.Generator:
        """A fresh generator on the child stream ``(case, *keys)``."""
        return rng_for(self.seed, self.case.id, *keys)

    # ------------------------------------------------------------------ stories
    @functools.cached_property
    def effets(self) -> dict[str, float]:
        """Effect size of each planted story, uniform in its ``effet`` range."""
        out = {}
        for story in self.case.histoires():
            lo, hi = story["effet"]["min"], story["effet"]["max"]
            u = self.rng("histoire", story["id"]).random()
            out[story["id"]] = round(float(lo + (hi - lo) * u), 4)
        return out

    @functools.cached_property
    def histoires(self) -> dict[str, Mapping[str, Any]]:
        """Every planted story with its per-seed options drawn (see module docstring)."""
        out = {}
        for story in self.case.histoires():
            rng = self.rng("histoire", story["id"], "options")
            s = {k: v for k, v in story.items() if not k.endswith("_possibles")}
            for key, opt in OPTIONS.items():
                if story.get(opt):
                    s[key] = story[opt][int(rng.integers(len(story[opt])))]
            if story.get("debuts_possibles"):
                new = story["debuts_possibles"][int(rng.integers(len(story["debuts_possibles"])))]
                if "fin" in story and "debut" in story:
                    s["fin"] = story["fin"] + (new - story["debut"])
                s["debut"] = new
            s["effet_tire"] = self.effets[story["id"]]
            out[story["id"]] = MappingProxyType(s)
        return out

    def decalage(self, story_id: str) -> dt.timedelta:
        """How far the drawn start of ``story_id`` moved from the case file's ``debut``.

        Case-file events tied to a story (``[[historique]]`` with ``histoire =
        story_id``) move by the same amount, so every dataset tells the same
        drawn month.
        """
        story = next((s for s in self.case.histoires() if s["id"] == story_id), None)
        if story is None or "debut" not in story:
            return dt.timedelta(0)
        return self.histoires[story_id]["debut"] - story["debut"]

    def histoire(self, type_: str) -> tuple[Mapping[str, Any], float] | None:
        """The first story of ``type_`` (options drawn) and its effect size, or ``None``."""
        story = self.case.histoire(type_)
        if story is None:
            return None
        s = self.histoires[story["id"]]
        return s, s["effet_tire"]

    # ------------------------------------------------------------- customers
    @functools.cached_property
    def clients(self):
        """The latent customer base (segment, age, creation date, needs, opt-in) of ``clients``.

        Datasets that sample customers (surveys, transactions) draw from it, so
        a ``client_id`` means the same person everywhere, with the same
        accessibility need and newsletter opt-in.
        """
        from casekit.generators.audience import N_CLIENTS, draw_client_latents

        return draw_client_latents(self, N_CLIENTS, self.rng("latents", "clients"))

    @functools.cached_property
    def ventes(self) -> dict[str, Any]:
        """Monthly revenue per activity and its online part (``internal.simulate_sales``)."""
        from casekit.generators.internal import simulate_sales

        return simulate_sales(self)

    @property
    def debut(self) -> dt.date:
        return self.case["periode"]["debut"]

    @property
    def fin(self) -> dt.date:
        return self.case["periode"]["fin"]

    # ----------------------------------------------------------------- facts
    @functools.cached_property
    def faits(self) -> Mapping[str, Any]:
        """Facts stated by two datasets or more, drawn once (see module docstring)."""
        f = {
            "periode": {"debut": self.debut, "fin": self.fin},
            "brief": self._brief(),
            "effectif": {"salaries": int(self.case["identite"]["effectif"]),
                         "equipe_projet": len(self.case["equipe"])},
            "activites": self._activites(),
            "depenses_pub": self._depenses_pub(),
            "newsletter": self._newsletter(),
            "videos": self._videos(),
            "canal_le_plus_rentable": self._canal_le_plus_rentable(),
            "veille": self._veille(),
            "histoires": {k: dict(v) for k, v in self.histoires.items()},
        }
        return _freeze(f)

    def _brief(self) -> dict[str, Any]:
        cmd = self.case["commanditaire"]
        first = min(n["date"] for n in (*cmd["entretiens"], *cmd["ateliers"]))
        lag = int(self.rng("faits", "brief").integers(6, 20))
        return {"date": first - dt.timedelta(days=lag), "echeance": cmd["echeance"],
                "budget_annuel_eur": float(cmd["budget_annuel_eur"]), "commanditaire": cmd["nom"]}

    def _activites(self) -> dict[str, Any]:
        out = {}
        for o in self.case["identite"]["offre"]:
            out[o["id"]] = {
                "nom": o["nom"],
                "ouverture": o.get("ouverture"),
                "fermetures": [dict(x) for x in o.get("fermetures", ())],
                "mois_actifs": list(o.get("mois_actifs", range(1, 13))),
                "jours_par_an": o.get("jours_par_an"),
            }
        return out

    def ouvert(self, activite: str, jours) -> np.ndarray:
        """Open indicator (0/1 float) of ``activite`` on each day of ``jours``.

        ``jours`` is anything numpy turns into ``datetime64[D]``.
        """
        a = self.faits["activites"][activite]
        d = np.asarray(jours, dtype="datetime64[D]")
        ok = np.ones(d.shape, dtype=bool)
        if a["ouverture"] is not None:
            ok &= d >= np.datetime64(a["ouverture"])
        for c in a["fermetures"]:
            ok &= ~((d >= np.datetime64(c["debut"])) & (d <= np.datetime64(c["fin"])))
        month = (d.astype("datetime64[M]").astype(int) % 12) + 1
        ok &= np.isin(month, list(a["mois_actifs"]))
        return ok.astype(float)

    def part_ouverte(self, activite: str, mois) -> np.ndarray:
        """Fraction of each month (given by its first day) when ``activite`` is open."""
        m = np.asarray(mois, dtype="datetime64[M]")
        start = m.astype("datetime64[D]")
        length = ((m + 1).astype("datetime64[D]") - start).astype(int)
        days = start[:, None] + np.arange(31)[None, :]
        valid = np.arange(31)[None, :] < length[:, None]
        return (self.ouvert(activite, days) * valid).sum(axis=1) / length

    def _depenses_pub(self) -> dict[str, Any]:
        """Monthly paid spend of the organisation per paid channel of ``[[canaux]]``."""
        rng = self.rng("faits", "depenses_pub")
        mois = _month_starts(self.debut, self.fin)
        month = np.array([m.month for m in mois])
        ndays = np.array([(_month_end(m) - m).days + 1 for m in mois])
        season = 1 + 0.1 * np.sin(2 * np.pi * (month - 3) / 12)
        out = {}
        for c in self.case.canaux:
            if not c["payant"]:
                continue
            noise = np.exp(rng.normal(-0.02, 0.2, len(mois)))
            out[c["id"]] = tuple(np.round(c["budget_jour_eur"] * ndays * season * noise, 2).tolist())
        return {"mois": mois, "par_plateforme": out}

    def _newsletter(self) -> dict[str, Any]:
        cfg = {**_NEWSLETTER_DEFAUT, **dict(self.case.data.get("newsletter", {}))}
        jour = JOURS.index(cfg["jour"])
        step = FREQUENCES[cfg["frequence"]]
        d = self.debut + dt.timedelta(days=(jour - self.debut.weekday()) % 7)
        sends = []
        while d <= self.fin:
            sends.append(d)
            if step is None:  # first such weekday of next month
                nxt = _month_end(d) + dt.timedelta(days=1)
                d = nxt + dt.timedelta(days=(jour - nxt.weekday()) % 7)
            else:
                d += dt.timedelta(days=step)
        cl = self.clients
        created = np.sort(cl.date_creation[cl.optin].astype("datetime64[D]"))
        subs = {}
        for m in _month_starts(self.debut, self.fin):
            subs[m] = int(np.searchsorted(created, np.datetime64(_month_end(m)), side="right"))
        return {"frequence": cfg["frequence"], "jour_semaine": jour, "dates_envoi": sends,
                "cout_envoi_eur": float(cfg["cout_envoi_eur"]), "abonnes_fin_mois": subs}

    def abonnes_newsletter(self, jours) -> np.ndarray:
        """Opted-in customers created on or before each day of ``jours``."""
        cl = self.clients
        created = np.sort(cl.date_creation[cl.optin].astype("datetime64[D]"))
        return np.searchsorted(created, np.asarray(jours, dtype="datetime64[D]"), side="right")

    def _canal_le_plus_rentable(self) -> str | None:
        opts = self.case.data.get("choix_canaux", {}).get("meilleur_roas_possibles", ())
        if not opts:
            return None
        return opts[int(self.rng("faits", "canal").integers(len(opts)))]

    def _veille(self) -> dict[str, Any]:
        """The emerging topic of the monitoring feeds and its onset, drawn from ``[veille]``."""
        from casekit.generators.feeds import SUJET_VEILLE_DEFAUT, SUJETS_VEILLE

        cfg = self.case.data.get("veille", {})
        sujets = list(cfg.get("sujets_possibles", ())) or [SUJET_VEILLE_DEFAUT]
        debuts = list(cfg.get("debuts_possibles", ())) or [max(self.debut, dt.date(self.fin.year, 1, 1))]
        rng = self.rng("faits", "veille")
        sujet = sujets[int(rng.integers(len(sujets)))]
        debut = debuts[int(rng.integers(len(debuts)))]
        return {"sujet": sujet, "libelle": SUJETS_VEILLE[sujet]["libelle"], "debut": debut, "fin": self.fin}

    def _videos(self) -> dict[str, Any]:
        h = self.histoire("plainte_accessibilite")
        when = h[0]["debut"] + dt.timedelta(days=5) if h is not None else self.fin - dt.timedelta(days=365)
        c = self.contenus
        before = c["dates"] < np.datetime64(when)
        return {"date_constat": when, "en_ligne": int((c["is_video"] & before).sum()),
                "sans_sous_titres": int((c["is_video"] & before & ~c["sous_titres"]).sum())}

    @functools.cached_property
    def contenus(self) -> dict[str, Any]:
        """Dates, formats and subtitles of the content inventory (``content.content_base``)."""
        from casekit.generators.content import content_base

        return content_base(self)


@functools.lru_cache(maxsize=64)
def scenario(case: Case, seed: int) -> Scenario:
    """Cached :class:`Scenario` for ``(case, seed)``."""
    return Scenario(case, seed)
