"""Messages students read after a foreseeable mistake: French, French typography, no English.

Written from /work/shared/design/typographie.md (« Spaces ») and the brief's rule on bad input:
every casekit error, self-check failure and command-line error or status line

* uses U+00A0 before « : » and inside « », U+202F before ; ! ? (never an ordinary space,
  never a sign glued to its word);
* is French, without English parser text (argparse, pandas, scikit-learn, Python);
* carries no traceback;

while web addresses, code between backticks, times and ratios keep their own signs, and the
typesetting is idempotent. The mistakes below are the ones a student makes: wrong names,
seeds, cases, values out of range, wrong types, command-line slips.
"""

from __future__ import annotations

import argparse
import re
import warnings

import matplotlib
import pandas as pd
import pytest

import casekit
from casekit import a11y, channels, checks, cli, eco, metrics, plots, segments, swot
from casekit.errors import CasekitError
from casekit.generators.francais import typo_message
from casekit.veille import ingest

matplotlib.use("Agg")

NBSP, NNBSP = "\u00a0", "\u202f"

# --------------------------------------------------------------------------- the rules, as checks

#: Spans a message quotes verbatim (their signs are not French punctuation).
VERBATIM = re.compile(r"```.*?```|``[^`\n]+``|`[^`\n]+`|\b(?:https?|ftp|file)://[^\s«»<>`]+", re.S)
#: Quoted values the student typed, reprs: excluded from the English-word check only.
QUOTED = re.compile(r"«[^»]*»|(?<![\w’])'[^'\n]*'|\"[^\"\n]*\"")
ENGLISH = re.compile(
    r"\b(the|is|are|was|were|must|should|cannot|could|invalid|expected|required|unrecognized|"
    r"choose|value|values|error|found|such|object|attribute|argument is|arguments are|not|"
    r"with|from|for|of|and|only|got|missing|unknown|usage|type object|has no)\b")
PYTHON_TRACES = re.compile(
    r"Traceback|File \"|line \d+, in|\b(Key|Value|Type|Attribute|Index|Runtime|ZeroDivision)Error\b|"
    r"\bpandas\.|\bnumpy\.|\bsklearn\b|dtype\(|object has no attribute|could not convert|"
    r"unsupported operand|NoneType")
FRENCH = re.compile(
    r"\b(le|la|les|de|des|du|un|une|est|sont|doit|doivent|pas|ou|et|avec|pour|dans|sur|"
    r"attendu|attendue|inconnu|inconnue|invalide|Erreur|erreur|Choisissez|Donnez|Passez|Écrivez|"
    r"valeur|nombre|aucun|aucune|obligatoires?|Il faut|absente?s?|manquante?\(?s?\)?|Vouliez-vous|"
    r"possibles|n'|d'|l'|qu')\b")


def typography_problems(message: str) -> list[str]:
    """Every breach of the spacing rules outside verbatim spans (empty list: all good)."""
    text = VERBATIM.sub("`…`", message)
    out = []
    for m in re.finditer(r"[:;!?]", text):
        sign, i = m.group(0), m.start()
        after = text[i + 1:i + 2]
        if after and not (after.isspace() or after in "»)." or text[i + 1:i + 2] in "!?;"):
            continue  # 12:30, 3:1, ?q=, != : not punctuation
        before = text[i - 1:i] if i else ""
        if not before or before == "\n":
            continue  # a sign opening a line is a mark (« ! » for a warning), not punctuation
        if before in "!?;":
            continue  # « ?! »: one space, before the first sign
        wanted = NBSP if sign == ":" else NNBSP
        if before != wanted:
            out.append(f"{before!r} avant « {sign} » : {text[max(0, i - 25):i + 5]!r}")
    for m in re.finditer("«", text):
        if text[m.end():m.end() + 1] not in (NBSP, NNBSP):
            out.append(f"pas d'espace insécable après « : {text[m.start():m.start() + 25]!r}")
    for m in re.finditer("»", text):
        if text[m.start() - 1:m.start()] not in (NBSP, NNBSP):
            out.append(f"pas d'espace insécable avant » : {text[max(0, m.start() - 25):m.end()]!r}")
    return out


def english_problems(message: str) -> list[str]:
    text = QUOTED.sub(" ", VERBATIM.sub(" ", message))
    found = [m.group(0) for m in ENGLISH.finditer(text)]
    found += [m.group(0) for m in PYTHON_TRACES.finditer(message)]
    return found


def assert_student_message(message: str) -> None:
    assert message.strip(), "message vide"
    assert not typography_problems(message), (typography_problems(message), message)
    assert not english_problems(message), (english_problems(message), message)
    assert FRENCH.search(message), f"message non français : {message!r}"
    assert typo_message(message) == message, "la typographie n'est pas idempotente"


def test_the_checks_catch_what_they_are_meant_to_catch():
    """The detectors above are not vacuous: each flags a typical faulty message."""
    assert typography_problems("Cas inconnu : « x ».")
    assert typography_problems("Cas inconnu\u00a0: « x\u00a0».")
    assert typography_problems("Vraiment\u00a0?")
    assert typography_problems("Erreur: x")
    assert typography_problems("Pourquoi?")
    assert not typography_problems("Voir https://example.org/?q=1 à 12:30, ratio 4,5:1, `a ; b`.")
    assert english_problems("argument COMMANDE: invalid choice: 'x' (choose from 'a', 'b')")
    assert english_problems("KeyError: 'nps'")
    assert english_problems("could not convert string to float: 'abc'")
    assert not english_problems("Colonne «\u00a0the value\u00a0» absente du tableau.")


# --------------------------------------------------------------------------- the helper itself


@pytest.mark.parametrize("text", [
    "Voir https://example.org/a?b=1;c=2 et http://example.org:8080/x.",
    "Le fichier « /tmp/mes données/2024-06-01.csv » est illisible.",
    "Rendez-vous à 12:30, contraste 4,5:1 ou 3:1.",
    "Écrivez `df.loc[:, 'a'] ; x ? y : z` puis relancez.",
    "Un bloc\n```\nif a != b: print(x ; y)\n```\nfini.",
    "Fichier C:\\Users\\eleve\\notes.csv introuvable.",
])
def test_verbatim_parts_are_kept(text):
    out = typo_message(text)
    for span in VERBATIM.findall(text):
        assert span in out
    for kept in ("12:30", "4,5:1", "3:1", "C:\\Users", "/tmp/mes données/2024-06-01.csv"):
        if kept in text:
            assert kept in out
    assert typo_message(out) == out


@pytest.mark.parametrize("raw,expected", [
    ("Budget : 3 € ; bravo !", "Budget\u00a0: 3\u00a0€\u202f; bravo\u202f!"),
    ("Erreur: colonne absente?", "Erreur\u00a0: colonne absente\u202f?"),
    ("« x » et «y»", "«\u00a0x\u00a0» et «\u00a0y\u00a0»"),
    ("Vraiment ?!", "Vraiment\u202f?!"),
    ("Poids : 12 Mo, 3 min", "Poids\u00a0: 12\u00a0Mo, 3\u00a0min"),
])
def test_helper_applies_the_rules(raw, expected):
    assert typo_message(raw) == expected
    assert typo_message(expected) == expected


def test_every_casekit_error_is_typeset_once_at_construction():
    e = casekit.errors.ArgumentInvalideError("Valeur : « x » ; essayez « y » ?")
    assert str(e) == "Valeur\u00a0: «\u00a0x\u00a0»\u202f; essayez «\u00a0y\u00a0»\u202f?"
    again = casekit.errors.ArgumentInvalideError(str(e))
    assert str(again) == str(e)
    key = casekit.errors.nom_inconnu("colonne", "nsp", ["nps"])
    assert str(key) == "Colonne inconnue\u00a0: «\u00a0nsp\u00a0». Vouliez-vous dire «\u00a0nps\u00a0»\u202f?"
    assert str(casekit.errors.nom_inconnu("cas", "x", ["rayons_libres"])).startswith("Cas inconnu\u00a0:")


# --------------------------------------------------------------------------- foreseeable mistakes


def _frame():
    return pd.DataFrame({"age": [20, 30, 40, 50, 60, 70], "revenu": [1, 2, 3, 4, 5, 6],
                         "ville": list("abcdef")})


MISTAKES = {
    # load: names, cases, seeds, raw, answer key of an assessed case
    "load_nom": lambda: casekit.load("client"),
    "load_nom_vide": lambda: casekit.load(""),
    "load_nom_type": lambda: casekit.load(3),
    "load_cas": lambda: casekit.load("clients", case="rayons_libre"),
    "load_graine_negative": lambda: casekit.load("clients", seed=-3),
    "load_graine_decimale": lambda: casekit.load("clients", seed=1.5),
    "load_graine_liste": lambda: casekit.load("clients", seed=[1, 2]),
    "load_graine_vide": lambda: casekit.load("clients", seed=""),
    "load_brut_absent": lambda: casekit.load("profil", raw=True),
    "load_table": lambda: casekit.load("campagnes_canaux").tables["profil_canal"],
    "attribut_bunch": lambda: casekit.load("clients").frme,
    "corrige_evaluation": lambda: casekit.load("clients", case="cuve_a_sons").truth,
    # metrics
    "nps_hors_echelle": lambda: metrics.nps([11, 3, 9]),
    "nps_negatif": lambda: metrics.nps([5, -1, 10]),
    "nps_texte": lambda: metrics.nps("neuf"),
    "nps_colonne_texte": lambda: metrics.nps(pd.Series(["dix", "neuf"])),
    "csat_echelle": lambda: metrics.csat([1, 2, 9], echelle=5),
    "ctr_negatif": lambda: metrics.ctr(-1, 10),
    "ctr_colonne_absente": lambda: metrics.ctr("clics", "impression",
                                               donnees=pd.DataFrame({"clics": [1], "impressions": [2]})),
    "ctr_longueurs": lambda: metrics.ctr([1, 2, 3], [10, 20]),
    "part_de_voix_colonne": lambda: metrics.part_de_voix(pd.DataFrame({"marque": ["a"]}), par="marques"),
    "intervalle_nps": lambda: metrics.intervalle_nps(10, 5, 3),
    "taux_engagement_base": lambda: metrics.taux_engagement(5, 100, base="abonné"),
    # segments
    "ajuster_k_trop_grand": lambda: segments.ajuster(_frame(), ["age", "revenu"], 10),
    "ajuster_variable_absente": lambda: segments.ajuster(_frame(), ["agee"], 2),
    "ajuster_variable_texte": lambda: segments.ajuster(_frame(), ["ville"], 2),
    "choisir_k_bornes": lambda: segments.choisir_k(_frame(), ["age", "revenu"], k_min=5, k_max=3),
    "taille_segment_tranche": lambda: segments.taille_segment(
        casekit.load("population_zone").frame, tranches_age=["15-29 ans"]),
    # channels
    "scorer_cible_inconnue": lambda: channels.scorer_canaux(
        casekit.load("campagnes_canaux"), cible="etudiant"),
    "criteres_mix": lambda: channels.criteres_canaux(casekit.load("campagnes_canaux"), mix="allemagne"),
    "poids_negatifs": lambda: channels.scorer_canaux(
        casekit.load("campagnes_canaux"), cible="etudiants_jeunes_actifs", poids={"affinite": -1}),
    # swot
    "swot_categorie": lambda: swot.construire([{"categorie": "force?", "texte": "x", "source": "clients"}]),
    "swot_vide": lambda: swot.construire([]),
    # a11y
    "contraste_couleur": lambda: a11y.ratio_contraste("#zzzzzz", "#ffffff"),
    "palette_vide": lambda: a11y.verifier_palette([]),
    "daltonisme_type": lambda: a11y.simuler_daltonisme(["#000000"], "rouge"),
    "niveau_lecture_type": lambda: a11y.niveau_lecture(3),
    # eco
    "eco_negatif": lambda: eco.gco2e_page(-1),
    "eco_mix": lambda: eco.gco2e_page(1, mix="allemagne"),
    "eco_deux_poids": lambda: eco.gco2e_page(1, octets=10),
    "eco_source": lambda: eco.gco2e_video(1, source="shift"),
    "eco_vues": lambda: eco.gco2e_page(pd.Series([1.0, 2.0], index=["a", "b"]),
                                       vues=pd.Series([1, 2, 3], index=["a", "b", "c"])),
    # plots
    "barres_vide": lambda: plots.barres({}, titre="Vide"),
    "barres_texte": lambda: plots.barres({"a": "beaucoup"}, titre="Texte"),
    "courbes_type": lambda: plots.courbes([1, 2, 3], titre=""),
    "date_forme": lambda: plots.date_fr("2024-01-01", forme="anglaise"),
    # veille
    "opml_mal_forme": lambda: ingest.lire_opml(
        b"<opml><body><outline text='a'></body></opml>"),
    "collecter_type": lambda: ingest.collecter(3),
    # self-checks
    "verifier_nps": lambda: checks.verifier_nps(0.333, [10, 9, 9, 8, 7, 3]),
    "verifier_colonnes": lambda: checks.verifier_colonnes(pd.DataFrame({"a": [1]}), ["nps", "age"]),
    "verifier_choix": lambda: checks.verifier_choix(
        "tiktokk", pd.Series({"tiktok": 3.0, "instagram": 1.0}), nom="Canal le plus engageant"),
}


def _raise(func) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            func()
        except (CasekitError, checks.VerificationEchouee) as exc:
            return str(exc)
    pytest.fail("aucune erreur casekit : l'erreur n'a pas été signalée")


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_gives_a_typeset_french_message(name):
    assert_student_message(_raise(MISTAKES[name]))


# --------------------------------------------------------------------------- command lines


CLI_MISTAKES = {
    "sans_commande_connue": ["exporter"],
    "argument_manquant": ["export"],
    "valeur_manquante": ["export", "--out"],
    "option_inconnue": ["datasets", "--tout"],
    "describe_sans_nom": ["describe"],
    "describe_nom": ["describe", "client"],
    "describe_cas": ["describe", "clients", "--case", "rayon"],
    "export_cas": ["export", "--out", "export_csv", "--case", "cuve"],
    "export_interdit": ["export", "--out", "/proc/casekit_x"],
    "grade_sans_devoir": ["grade"],
    "grade_entier": ["grade", "bc01", "--workers", "deux"],
    "cours_action": ["cours", "publie"],
}


def _run_cli(argv, capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", sorted(CLI_MISTAKES))
def test_cli_mistake_prints_a_typeset_french_error(name, capsys):
    code, _, err = _run_cli(CLI_MISTAKES[name], capsys)
    assert code != 0
    assert err.strip(), "rien sur la sortie d'erreur"
    for line in err.strip().splitlines():
        if line.strip().startswith(("[", "--", "COMMANDE")):
            continue  # continuation of the usage line: option names
        assert not typography_problems(line), (typography_problems(line), line)
        assert not PYTHON_TRACES.search(line), line
    last = err.strip().splitlines()[-1]
    assert_student_message(last)
    assert err.lstrip().startswith(("utilisation", "Erreur", "casekit")), err


def test_cli_help_is_typeset(capsys):
    code, out, _ = _run_cli(["--help"], capsys)
    assert code == 0
    assert "usage:" not in out and "options:" not in out
    assert not typography_problems(out), typography_problems(out)


def test_cli_export_status_lines_are_typeset(tmp_path, capsys):
    assert cli.main(["export", "--out", str(tmp_path / "x"), "--case", "rayons_libres"]) == 0
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert lines, "aucune ligne d'état"
    for line in lines:
        assert not typography_problems(line), (typography_problems(line), line)
    assert_student_message(lines[-1])


def _veille_args(tmp_path, **over):
    base = dict(sources=[], depuis=None, jusqua=None, out=str(tmp_path / "synthese.md"), force=False,
                case=None, seed=None, timeout="10", delai_total="45", cache=None, sans_cache=True,
                regles=None, mots_cles=None)
    base.update(over)
    return argparse.Namespace(**base)


VEILLE_MISTAKES = {
    "sans_source": {},
    "date_anglaise": {"sources": ["cas"], "depuis": "06/31/2025"},
    "date_inexistante": {"sources": ["cas"], "depuis": "2025-02-30"},
    "delai_texte": {"sources": ["cas"], "timeout": "dix"},
    "regles_absentes": {"sources": ["cas"], "regles": "/nonexistent/regles.txt"},
    "sortie_dossier": {"sources": ["cas"], "out": "/"},
}


@pytest.mark.parametrize("name", sorted(VEILLE_MISTAKES))
def test_veille_cli_mistake_prints_a_typeset_french_error(name, tmp_path, capsys):
    from casekit.veille.cli import executer

    code = executer(_veille_args(tmp_path, **VEILLE_MISTAKES[name]))
    err = capsys.readouterr().err
    assert code != 0 and err.strip()
    for line in err.strip().splitlines():
        assert_student_message(line)


def test_veille_status_lines_for_unreadable_sources_are_typeset(tmp_path, capsys):
    from casekit.veille.cli import executer

    broken = tmp_path / "casse.xml"
    broken.write_text("<rss><channel><title>Flux cassé</title><item><title>a</ite", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body><p>Pas un flux</p></body></html>", encoding="utf-8")
    args = _veille_args(tmp_path, sources=[str(tmp_path / "absent.xml"), str(broken), str(page)])
    code = executer(args)
    captured = capsys.readouterr()
    lines = [ln for ln in (captured.out + captured.err).splitlines() if ln.strip()]
    assert code != 0 and len(lines) >= 3  # one status line per source, then the verdict
    for line in lines:
        assert not typography_problems(line), (typography_problems(line), line)
        assert not PYTHON_TRACES.search(line), line
    assert_student_message(lines[-1])
