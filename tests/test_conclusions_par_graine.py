"""Issue 10, item 2: conclusions vary per seed, not only numbers.

Over 20 seeds and every case: the month the satisfaction dip starts and the
competitor that gains share of voice are drawn once per seed from the options
of the case file; every dataset tells the same drawn month (texts hint the
month in words, never the exact date) and ``truth`` records what was drawn.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from cle import charger

from casekit.cases import get_case, list_cases
from casekit.generators.francais import MOIS, date_longue, saison
from casekit.scenario import scenario

SEEDS = range(20)


def _story(case: str, type_: str) -> dict:
    return next(h for h in get_case(case).histoires() if h["type"] == type_)


@pytest.mark.parametrize("case", list_cases())
def test_dip_month_is_drawn_per_seed_and_every_dataset_tells_it(case):
    story = _story(case, "creux_satisfaction")
    options = story.get("debuts_possibles", [])
    assert len(options) >= 2, f"{case}: the dip's start month has no options in the case file"
    months = {f"{MOIS[d.month - 1]} {d.year}" for d in options}
    assert len(months) == len(options)  # options are distinct months
    drawn = []
    for seed in SEEDS:
        enq = charger("enquete_satisfaction", case=case, seed=seed)
        c = enq.truth["creux_satisfaction"]
        start = pd.Timestamp(c["debut"]).date()
        assert start in options
        drawn.append(start)
        word = f"{MOIS[start.month - 1]} {start.year}"
        assert c["mois_debut"] == f"{start:%Y-%m}"
        # truth of every dataset records the drawn option (profil: conclusions_tirees).
        concl = charger("profil", case=case, seed=seed).truth["conclusions_tirees"]["histoires"][story["id"]]
        assert concl["debut"] == start.isoformat()
        assert c["debut"] == str(scenario(get_case(case), enq.seed).histoires[story["id"]]["debut"])
        # The interviews hint the month in words, and only the drawn one.
        brief = " ".join(charger("brief_commanditaire", case=case, seed=seed).frame["texte"])
        assert word in brief, (case, seed, word)
        assert not [m for m in months - {word} if m in brief], (case, seed)
        assert "{" not in brief
        # Team notes date the alert from the drawn month or its season, never from an exact date.
        notes = charger("retours_equipes", case=case, seed=seed).frame
        sat = notes.loc[notes["theme"] == "satisfaction et avis", "texte"]
        assert sat.str.contains(rf"\b(?:{MOIS[start.month - 1]}|{saison(start)})\b").any(), (case, seed)
        texts = " ".join([brief, *notes["texte"], *enq.frame["verbatim"].dropna()])
        assert date_longue(start) not in texts
        assert not re.search(r"\{\w+\}", " ".join(enq.frame["verbatim"].dropna()))
        # The event that explains the dip moves with it (within a few weeks of the start).
        hist = charger("historique", case=case, seed=seed).frame
        crises = hist.loc[hist["type_evenement"] == "crise", "date"]
        assert ((crises - pd.Timestamp(start)).abs() <= pd.Timedelta(days=21)).any(), (case, seed)
        # The survey's dip lies in the drawn quarter.
        assert c["trimestre"] == f"{start.year}-T{(start.month - 1) // 3 + 1}"
    assert len(set(drawn)) >= 2, (case, drawn)


def _share_gain(mentions: pd.DataFrame, brand: str, debut, fin) -> float:
    """Gain in share of voice (points) of ``brand``: story window vs the same length before."""
    d = mentions["date"]
    start, end = pd.Timestamp(debut), pd.Timestamp(fin)
    inside = mentions[(d >= start) & (d <= end)]
    before = mentions[(d < start) & (d >= start - (end - start))]
    return 100 * ((inside["marque"] == brand).mean() - (before["marque"] == brand).mean())


@pytest.mark.parametrize("case", list_cases())
def test_competitor_gaining_share_of_voice_is_drawn_per_seed(case):
    story = _story(case, "campagne_concurrent")
    options = story.get("concurrents_possibles", [])
    assert len(options) >= 2, f"{case}: no competitor options for the campaign story"
    names = {c["id"]: c["nom"] for c in get_case(case).concurrents}
    drawn = []
    for seed in SEEDS:
        b = charger("mentions", case=case, seed=seed)
        concl = charger("profil", case=case, seed=seed).truth["conclusions_tirees"]["histoires"][story["id"]]
        s = scenario(get_case(case), b.seed).histoires[story["id"]]
        assert concl["concurrent"] == s["concurrent"] in options
        drawn.append(s["concurrent"])
        # What a student computes: the competitor whose share of voice grows most in the window.
        gains = {cid: _share_gain(b.frame, names[cid], s["debut"], s["fin"]) for cid in names}
        assert max(gains, key=gains.get) == s["concurrent"], (case, seed, gains)
    assert len(set(drawn)) >= 2, (case, drawn)


@pytest.mark.parametrize("case", list_cases())
def test_emerging_veille_topic_and_onset_are_drawn_per_seed(case):
    from casekit.veille import dedoublonner, termes_emergents

    cfg = get_case(case).data.get("veille", {})
    topics, onsets = list(cfg.get("sujets_possibles", ())), list(cfg.get("debuts_possibles", ()))
    assert len(topics) >= 2 and len(onsets) >= 2, f"{case}: no veille topic/onset options in the case file"
    drawn = [scenario(get_case(case), seed).faits["veille"] for seed in SEEDS]
    assert all(v["sujet"] in topics and v["debut"] in onsets for v in drawn)
    assert len({v["sujet"] for v in drawn}) >= 2 and len({v["debut"] for v in drawn}) >= 2, drawn
    for seed in range(4):
        b = charger("flux_veille", case=case, seed=seed)
        v = scenario(get_case(case), b.seed).faits["veille"]
        # truth records the drawn topic and onset; the feeds plant exactly that topic then.
        assert b.truth["sujet_emergent"]["sujet"] == v["sujet"]
        assert b.truth["sujet_emergent"]["debut"] == v["debut"].isoformat()
        concl = charger("profil", case=case, seed=seed).truth["conclusions_tirees"]["veille"]
        assert concl == {"sujet": v["sujet"], "debut": v["debut"].isoformat()}
        trend = next(t for t in b.truth["tendances"] if t["id"] == v["sujet"])
        assert pd.Timestamp(trend["debut"]).date() == v["debut"]
        # What a practitioner runs: the topic is in the top 5 of emerging terms within two weeks.
        start = pd.Timestamp(v["debut"])
        top = termes_emergents(dedoublonner(b.frame), start, start + pd.Timedelta(days=14), n=5)
        words = " ".join([*top["terme"], *(x for subs in top["sous_expressions"] for x in subs)])
        assert trend["termes"][0] in words, (case, seed, v, list(top["terme"]))
