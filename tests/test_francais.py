"""The grammar helper (casekit.generators.francais), written from the rules of typographie.md."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casekit.cases import get_case, list_cases
from casekit.datasets import load
from casekit.generators import francais as fr

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(("name", "de", "a"), [
    ("Le Garage à Vélos", "du Garage à Vélos", "au Garage à Vélos"),
    ("Les Grappes Électriques", "des Grappes Électriques", "aux Grappes Électriques"),
    ("La Cuve à Sons", "de La Cuve à Sons", "à La Cuve à Sons"),   # the article belongs to the name
    ("L'Ovale Arena", "de L'Ovale Arena", "à L'Ovale Arena"),
    ("Rayons Libres", "de Rayons Libres", "à Rayons Libres"),
    ("Instagram", "d'Instagram", "à Instagram"),
    ("YouTube", "de YouTube", "à YouTube"),                        # consonant y
    ("Voltéo", "de Voltéo", "à Voltéo"),
])
def test_contraction_and_elision_with_names(name, de, a):
    assert fr.de(name) == de
    assert fr.a(name) == a


@pytest.mark.parametrize("mois", fr.MOIS)
def test_months_elide(mois):
    expected = f"d'{mois}" if mois[0] in "aeiouéèêàâîôû" else f"de {mois}"
    assert fr.de(mois) == expected


def test_names_used_with_an_article():
    n = fr.nom("Festival Mégalithe", article=True)
    assert (fr.le(n), fr.de(n), fr.a(n)) == ("le Festival Mégalithe", "du Festival Mégalithe", "au Festival Mégalithe")
    f = fr.nom("billetterie", genre="f", propre=False)
    assert (fr.le(f), fr.de(f), fr.a(f)) == ("la billetterie", "de la billetterie", "à la billetterie")
    v = fr.nom("atelier", propre=False)
    assert (fr.le(v), fr.de(v), fr.a(v)) == ("l'atelier", "de l'atelier", "à l'atelier")
    p = fr.nom("studios", nombre="p", propre=False)
    assert (fr.le(p), fr.de(p), fr.a(p)) == ("les studios", "des studios", "aux studios")


def test_agreement_follows_the_case_table():
    lex = fr.lexique(get_case("cuve_a_sons"))
    assert fr.accorde(lex["La Cuve à Sons"], "expliqué") == "expliquée"
    assert fr.accorde(fr.nom("ateliers", nombre="p", propre=False), "complet") == "complets"
    assert fr.accorde(fr.nom("vidéos", genre="f", nombre="p", propre=False), "sous-titré") == "sous-titrées"
    assert fr.accorde(fr.nom("Rayons Libres"), "expliqué") == "expliqué"


def test_speaker_gender_alternatives():
    assert fr.genre("Je suis {déçu|déçue}, très {content|contente}.", "f") == "Je suis déçue, très contente."
    assert fr.genre("Je suis {déçu|déçue}, très {content|contente}.", "m") == "Je suis déçu, très content."


@pytest.mark.parametrize(("raw", "fixed"), [
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Bravo !", f"Bravo{NNBSP}!"),
    ("un point ; un autre", f"un point{NNBSP}; un autre"),
    ("Budget : 12 €", f"Budget{NBSP}: 12{NBSP}€"),
    ("« Parents »", f"«{NBSP}Parents{NBSP}»"),
    ("«Parents»", f"«{NBSP}Parents{NBSP}»"),
    ("61 % de remplissage", f"61{NBSP}% de remplissage"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
])
def test_typography(raw, fixed):
    assert fr.typo(raw) == fixed
    assert fr.typo(fixed) == fixed  # idempotent


@pytest.mark.parametrize("text", ["https://example.org/a?b=1", "ratio 4,5:1", "à 10:30", "WCAG 1.4.3"])
def test_typography_leaves_codes_alone(text):
    assert fr.typo(text) == text


def test_numbers_and_dates():
    assert fr.nombre(42000) == f"42{NNBSP}000"
    assert fr.nombre(-41.8, 1) == "\u221241,8"
    assert fr.date_longue(dt.date(2024, 4, 1)) == "1er avril 2024"
    assert fr.saisons(dt.date(2024, 8, 23))["le_saison"] == "l'été"
    assert fr.saisons(dt.date(2024, 4, 2))["ce_saison"] == "ce printemps"
    assert fr.elide("auprès de organisations") == "auprès d'organisations"


# --- The measured defects, on the generated data -----------------------------------

@pytest.mark.parametrize("case", list_cases())
@pytest.mark.parametrize("seed", [0, 4])
def test_content_titles_contract_and_agree(case, seed):
    titres = load("inventaire_contenus", case=case, seed=seed).frame["titre"].astype(str)
    assert not titres.str.contains(r"\bde (?:le|les) [A-ZÀ-Ý]").any()          # « de Le Garage à Vélos »
    assert not titres.str.contains(r"\bde (?:avril|août|octobre)\b").any()     # « les nouvelles de avril »
    lex = fr.lexique(get_case(case))
    for t in titres[titres.str.contains("expliqu")]:
        name = t.split(", expliqu")[0]
        assert t.startswith(f"{name}, {fr.accorde(lex.get(name) or fr.nom(name), 'expliqué')} ")  # agreement


@pytest.mark.parametrize("case", list_cases())
def test_feed_titles_elide_platforms(case):
    f = load("flux_veille", case=case, seed=0).frame
    text = " ".join(f["titre"].astype(str)) + " " + " ".join(f["resume"].astype(str))
    assert not re.search(r"\b[Dd]e (?:Instagram|Le |Les )", text)
    assert not re.search(r"\bde (?:organisations|entreprises|habitudes)\b", text)
