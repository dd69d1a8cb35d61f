"""Acceptance tests of ``retours_equipes``."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from casekit.cases import get_case
from casekit.datasets import clear_cache, load
from casekit.scenario import scenario
from tests.conftest import OTHER_SEEDS

SEEDS = [0, *OTHER_SEEDS]
NAME = "retours_equipes"
POLES = {"marketing": "marketing", "developpement": "développement",
         "direction_artistique": "direction artistique", "direction": "direction"}


def _wcag(h1: str, h2: str) -> float:
    """WCAG 2.x contrast ratio, written independently of casekit."""

    def lum(h):
        c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    a, b = sorted((lum(h1), lum(h2)))
    return (b + 0.05) / (a + 0.05)


def test_same_seed_gives_identical_bytes():
    a = load(NAME, seed="etudiant-5").frame.to_csv(index=False)
    clear_cache()
    assert load(NAME, seed="etudiant-5").frame.to_csv(index=False) == a
    assert load(NAME, seed="etudiant-6").frame.to_csv(index=False) != a


@pytest.mark.parametrize("seed", SEEDS)
def test_shape_and_values(seed):
    b = load(NAME, seed=seed)
    f = b.frame
    assert 40 <= len(f) <= 80
    assert list(b.codebook["colonne"]) == list(f.columns)
    assert f["note_id"].is_unique and f["date"].is_monotonic_increasing
    assert f["priorite"].between(1, 3).all()
    assert set(f["type_retour"].astype(str)) <= {"contrainte", "idée", "alerte", "besoin", "désaccord"}
    assert f["concerne_accessibilite"].dtype == bool
    case = get_case()
    assert f["date"].between(pd.Timestamp(case["periode"]["debut"]), pd.Timestamp(case["periode"]["fin"])).all()
    team = {f"{m['prenom']} {m['nom']}": m for m in case["equipe"]}
    assert set(f["auteur"]) <= set(team)
    for row in f.itertuples():
        assert row.pole == POLES[team[row.auteur]["pole"]]
        assert row.role == team[row.auteur]["role"]
    assert not f["texte"].str.contains(r"\{|\}").any()


def test_every_pole_speaks():
    f = load(NAME, seed=0).frame
    assert set(f["pole"].astype(str)) == set(POLES.values())


@pytest.mark.parametrize("seed", [0, 7, 13])
def test_genuine_disagreement_between_poles(seed):
    b = load(NAME, seed=seed)
    f = b.frame.set_index("note_id")
    dis = b.frame[b.frame["type_retour"] == "désaccord"]
    by_theme = dis.groupby("theme")["pole"].nunique()
    assert (by_theme >= 2).any()
    for t in b.truth["tensions"]:
        notes = f.loc[t["notes"]]
        assert notes["pole"].nunique() >= 2
        assert (notes["theme"] == t["theme"]).all()
        assert (notes["type_retour"] == "désaccord").any()
        decided = f.loc[t["arbitrage"], "date"]
        assert decided.min() >= notes["date"].max()


def test_contrast_notes_cite_exactly_the_failing_colours():
    b = load(NAME)
    case = get_case()
    colours = case["charte"]["couleurs"]
    bg = next(c for c in colours if "fond" in c["role"])
    failing = {c["nom"]: _wcag(c["hex"], bg["hex"]) for c in colours
               if c is not bg and _wcag(c["hex"], bg["hex"]) < 4.5}
    assert failing  # the default palette has at least one failing pair
    f = b.frame
    alerts = f[(f["theme"] == "contraste de la charte") & (f["type_retour"] == "alerte")]
    assert (alerts["pole"] == "direction artistique").all()
    cited = {}
    for text in alerts["texte"]:
        name = re.search(r"«\s*([^»]+?)\s*»", text).group(1)
        ratio = float(re.search(r"(\d+,\d+):1", text).group(1).replace(",", "."))
        cited[name] = ratio
    assert set(cited) == set(failing)
    for name, ratio in cited.items():
        assert abs(ratio - failing[name]) < 0.01
    assert {c["nom"] for c in b.truth["couleurs_contraste_insuffisant"]} == set(failing)


def test_accessibility_needs_are_voiced_by_the_people_concerned():
    b = load(NAME, seed=2)
    f = b.frame
    case = get_case()
    with_needs = {f"{m['prenom']} {m['nom']}" for m in case["equipe"] if m["besoins_accessibilite"].strip()}
    needs = f[f["theme"] == "conditions de travail"]
    assert set(needs["auteur"]) == with_needs
    assert needs["concerne_accessibilite"].all()
    assert (needs["type_retour"] == "besoin").all()
    assert set(needs["note_id"]) == set(b.truth["notes_besoins_equipe"])
    # They also contribute expertise, not only needs.
    others = f[f["auteur"].isin(with_needs) & (f["theme"] != "conditions de travail")]
    assert len(others) >= len(with_needs)


def test_notes_relate_to_the_case():
    b = load(NAME, seed=0)
    text = " ".join(b.frame["texte"])
    case = get_case()

    scn = scenario(case, b.seed)  # stories with this seed's options drawn
    fmt = scn.histoire("format_emergent")[0]
    comp = next(c["nom"] for c in case.concurrents if c["id"] == scn.histoire("campagne_concurrent")[0]["concurrent"])
    seg = next(s["nom"] for s in case.segments if s["id"] == scn.histoire("creux_satisfaction")[0]["segment"])
    assert "RGAA" in text and "sous-titr" in text
    assert "TikTok" in text and fmt["tranche_age"].replace("-", "–") in text
    assert comp in text
    # The dip is hinted (a public as the team calls it), never named as the answer key does.
    assert seg.lower() not in text.lower()
    words = case["textes"]["publics"][scn.histoire("creux_satisfaction")[0]["segment"]]
    assert any(w in text for w in words)
    assert b.truth["notes_accessibilite"] == b.frame.loc[b.frame["concerne_accessibilite"], "note_id"].tolist()


def test_works_for_another_case_without_bike_words():
    b = load(NAME, case="cuve_a_sons", seed=0)
    assert 40 <= len(b.frame) <= 80
    assert not b.frame["texte"].str.contains("vélo", case=False).any()
    team = {f"{m['prenom']} {m['nom']}" for m in get_case("cuve_a_sons")["equipe"]}
    assert set(b.frame["auteur"]) <= team


