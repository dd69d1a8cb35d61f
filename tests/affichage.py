"""What a student SEES in an executed notebook: shared by the notebook tests.

``problemes_affichage(nb)`` lists, in French, every output that would puzzle a
reader: a Python object repr (``<bound method``, ``Bunch(``, ``<... object at``),
raw Markdown printed as text, a traceback, a warning on stderr, or a decimal
point in a French number.
"""

from __future__ import annotations

import re

# "3.5" in text, but not in versions (1.2.3), dates (2024.01), URLs or identifiers.
DECIMAL_POINT = re.compile(r"(?<![\w./:-])[−-]?\d+\.\d+(?![\w.%/-]*[a-zA-Z/])(?!\.\d)")
OBJECT_REPR = re.compile(r"<bound method|Bunch\(|<[\w.]+ object at 0x|<function ")
# A casekit chart shown only as its repr (no figure element with its alt text).
GRAPHIQUE_REPR = re.compile(r"\bGraphique\(alt=")
# Accessibility criteria numbers (« WCAG 1.1.1 », « RGAA 4.3 ») are not decimal numbers.
CRITERIA = re.compile(r"\b(WCAG|RGAA)\s+[\d.]+")
MARKDOWN = re.compile(r"(^|\n)#{1,6} |\*\*[^*\n]+\*\*|\]\(https?://")


def _texts(output) -> list[tuple[str, str]]:
    """(kind, text) pairs a reader sees as plain text."""
    if output.output_type == "stream":
        return [(output.name, output.text)]
    if output.output_type == "error":
        return [("error", output.ename)]
    data = output.get("data", {})
    if "text/html" in data or "text/markdown" in data or "image/png" in data:
        # rendered outputs: check the HTML table text for decimal points only
        html = data.get("text/html", "")
        return [("html", re.sub(r"<[^>]+>", " ", html))] if html else []
    return [("plain", data.get("text/plain", ""))]


def problemes_affichage(nb, *, graphiques: bool = True) -> list[str]:
    """Problems in the outputs of an executed notebook (empty list: nothing to fix).

    ``graphiques``: also flag a chart shown as its bare ``Graphique(alt=...)``
    repr instead of a figure whose image carries the alt text.
    """
    problems: list[str] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            for kind, text in _texts(out):
                where = f"cellule {i}"
                if kind == "error":
                    problems.append(f"{where} : erreur {text}")
                    continue
                if kind == "stderr" and text.strip():
                    problems.append(f"{where} : sortie d'erreur {text.strip()[:80]!r}")
                if kind in ("plain", "stdout") and OBJECT_REPR.search(text):
                    problems.append(f"{where} : objet Python affiché tel quel {OBJECT_REPR.search(text).group(0)!r}")
                if graphiques and kind == "plain" and GRAPHIQUE_REPR.search(text):
                    problems.append(f"{where} : graphique affiché sans figure accessible (Graphique(alt=…))")
                if kind in ("plain", "stdout") and MARKDOWN.search(text):
                    problems.append(f"{where} : Markdown brut affiché comme du texte")
                m = DECIMAL_POINT.search(CRITERIA.sub(" ", text))
                if m:
                    problems.append(f"{where} : nombre avec un point décimal {m.group(0)!r}")
    return problems
