"""The Scenario facts API: facts stated by two datasets are drawn once."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from cle import charger

from casekit.cases import list_cases
from casekit.scenario import scenario

CASES = list_cases()


@pytest.fixture(params=CASES)
def scn(request):
    from casekit.cases import get_case

    return scenario(get_case(request.param), 3)


def test_faits_is_read_only_and_complete(scn):
    f = scn.faits
    for key in ("periode", "brief", "effectif", "activites", "depenses_pub", "newsletter", "videos",
                "histoires"):
        assert key in f
    with pytest.raises(TypeError):
        f["brief"] = {}  # type: ignore[index]
    assert f is scn.faits  # drawn once


def test_brief_precedes_interviews_and_deadline(scn):
    b = scn.faits["brief"]
    cmd = scn.case["commanditaire"]
    first = min(n["date"] for n in (*cmd["entretiens"], *cmd["ateliers"]))
    assert b["date"] < first < b["echeance"]
    assert b["budget_annuel_eur"] == cmd["budget_annuel_eur"]


def test_activities_closed_before_opening_and_during_closures(scn):
    for act, a in scn.faits["activites"].items():
        days = np.arange(np.datetime64("2018-01-01"), np.datetime64(scn.fin) + 1)
        open_ = scn.ouvert(act, days)
        if a["ouverture"] is not None:
            assert open_[days < np.datetime64(a["ouverture"])].sum() == 0
        for c in a["fermetures"]:
            inside = (days >= np.datetime64(c["debut"])) & (days <= np.datetime64(c["fin"]))
            assert open_[inside].sum() == 0
        months = (days.astype("datetime64[M]").astype(int) % 12) + 1
        assert open_[~np.isin(months, a["mois_actifs"])].sum() == 0


def test_newsletter_schedule_is_realistic(scn):
    n = scn.faits["newsletter"]
    sends = n["dates_envoi"]
    assert all(d.weekday() == n["jour_semaine"] for d in sends)
    gaps = {(b - a).days for a, b in itertools.pairwise(sends)}
    assert min(gaps) >= 7
    weeks = ((scn.fin - scn.debut).days + 1) / 7
    assert len(sends) <= weeks + 1
    subs = list(n["abonnes_fin_mois"].values())
    assert subs == sorted(subs)  # the opted-in base only grows (no unsubscription modelled)
    cl = scn.clients
    last = max(n["abonnes_fin_mois"])
    assert subs[-1] == int((cl.optin & (cl.date_creation <= np.datetime64(scn.fin))).sum())
    assert last <= scn.fin


def test_story_options_drawn_per_seed_from_the_case_file():
    from casekit.cases import get_case

    for name in CASES:
        case = get_case(name)
        for story in case.histoires():
            seen = {}
            for seed in range(20):
                s = scenario(case, seed).histoires[story["id"]]
                for key, opt in (("segment", "segments_possibles"), ("concurrent", "concurrents_possibles"),
                                 ("plateforme", "plateformes_possibles")):
                    if opt in story:
                        assert s[key] in story[opt]
                        seen.setdefault(key, set()).add(s[key])
                if "debuts_possibles" in story:
                    assert s["debut"] in story["debuts_possibles"]
                    if "fin" in story:
                        assert s["fin"] - s["debut"] == story["fin"] - story["debut"]
            for key, values in seen.items():
                assert len(values) >= 2, (name, story["id"], key)


def test_paid_spend_per_platform_and_month(scn):
    d = scn.faits["depenses_pub"]
    paid = {c["id"] for c in scn.case.canaux if c["payant"]}
    assert set(d["par_plateforme"]) == paid
    assert all(len(v) == len(d["mois"]) for v in d["par_plateforme"].values())
    assert d["mois"][0] == dt.date(scn.debut.year, scn.debut.month, 1)


def test_truth_records_the_drawn_conclusions_and_they_vary():

    for name in CASES:
        seen = set()
        for seed in range(20):
            b = charger("profil", case=name, seed=seed)
            c = b.truth["conclusions_tirees"]
            from casekit.cases import get_case

            scn = scenario(get_case(name), b.seed)
            assert c["canal_le_plus_rentable"] == scn.faits["canal_le_plus_rentable"]
            for sid, drawn in c["histoires"].items():
                for k, v in drawn.items():
                    assert str(scn.histoires[sid][k]) == v
            seen.add(repr(c))
        assert len(seen) >= 4, name  # neighbours reach different conclusions
