"""The checker of what executed notebooks show (tests/affichage.py) catches what it must."""

from __future__ import annotations

import nbformat
import pytest
from affichage import problemes_affichage


def _nb(*outputs):
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = list(outputs)
    return nbformat.v4.new_notebook(cells=[cell])


def _plain(text):
    return nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)


def _stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


@pytest.mark.parametrize(("output", "word"), [
    (_plain("<bound method Profil.traits of Profil(...)>"), "objet Python"),
    (_plain("Bunch(population_cible, population_totale)"), "objet Python"),
    (_plain("<casekit.eco.Estimation object at 0x7f00>"), "objet Python"),
    (_stream("### Persona\n- **Qui ?** 12 personnes"), "Markdown brut"),
    (_stream("[titre](https://exemple.example.org/a)"), "Markdown brut"),
    (_plain("NPS    6.3"), "point décimal"),
    (_stream("−41.8 points"), "point décimal"),
    (nbformat.v4.new_output("display_data", data={"text/html": "<td>0.25</td>"}), "point décimal"),
    (_stream("FutureWarning: bientôt", name="stderr"), "sortie d'erreur"),
    (nbformat.v4.new_output("error", ename="KeyError", evalue="x", traceback=[]), "erreur"),
    (_plain("Graphique(alt='Courbe')"), "graphique"),
])
def test_each_display_problem_is_reported(output, word):
    problems = problemes_affichage(_nb(output))
    assert len(problems) == 1 and word in problems[0], problems


@pytest.mark.parametrize("output", [
    _plain("NPS = +6,3 (IC à 95 % : 1,9 à 10,7 ; n = 1 308)"),
    _plain("critère WCAG 1.1.1 / RGAA 1.1"),
    _stream("casekit 0.3.1, version 2.2.3"),
    _stream("https://exemple.example.org/v1.2/page"),
    nbformat.v4.new_output("display_data", data={"text/markdown": "**gras** et ### titre", "text/plain": "<Md>"}),
])
def test_french_numbers_versions_and_rendered_markdown_are_fine(output):
    assert problemes_affichage(_nb(output)) == []


def test_charts_can_be_left_out_until_they_render_as_figures():
    assert problemes_affichage(_nb(_plain("Graphique(alt='Courbe')")), graphiques=False) == []
